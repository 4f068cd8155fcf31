//! `catchment area load|info`: read an OpenStreetMap extract into the workspace.

use super::progress_bar;
use anyhow::Result;
use catchment::osm::read_extract;
use catchment::workspace::Workspace;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum AreaCommand {
    /// Load an OpenStreetMap extract (.osm.pbf) of the shop's area: addresses and streets
    /// for the offline geocoder, shops for competitors, homes, and the basemap for maps.
    ///
    /// Replaces any area loaded before, then geocodes the members waiting for a position.
    /// Extracts of a city or region come from e.g. download.geofabrik.de or BBBike.
    Load {
        /// The extract.
        file: PathBuf,
        /// Do not geocode pending members afterwards.
        #[arg(long)]
        no_geocode: bool,
    },
    /// Show what the loaded area holds.
    Info,
}

impl AreaCommand {
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        match self {
            AreaCommand::Load { file, no_geocode } => {
                let bar = progress_bar(None, "reading extract");
                let area = read_extract(file, &mut |done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                })?;
                bar.finish_and_clear();
                let info = ws.store_area(&area, file)?;
                eprintln!("{info}");
                if *no_geocode {
                    return Ok(());
                }
                super::import::geocode_if_area_loaded(ws)
            }
            AreaCommand::Info => {
                match ws.area_info()? {
                    Some(info) => println!("{info}"),
                    None => eprintln!("no area loaded: `catchment area load FILE.osm.pbf`"),
                }
                Ok(())
            }
        }
    }
}
