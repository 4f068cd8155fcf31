//! `catchment area load|info`: read an OpenStreetMap extract into the workspace.

use super::{StepBars, print_geocoded};
use anyhow::{Result, bail};
use catchment::app::{self, AppError, AreaLoadOptions};
use catchment::i18n::Lang;
use catchment::osm::DwellingRules;
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
        /// Load an extract that holds no data at all (by default refused: a header-only
        /// or truncated file must not replace a good area).
        #[arg(long)]
        allow_empty: bool,
        /// Gross floor area per dwelling in m² (stairs and walls included), for buildings
        /// without building:flats: dwellings = footprint × levels ÷ this.
        #[arg(long, default_value_t = DwellingRules::DEFAULT_FLOOR_M2, value_name = "M2")]
        dwelling_m2: f64,
    },
    /// Show what the loaded area holds.
    Info,
}

impl AreaCommand {
    pub fn run(&self, ws: &mut Workspace, lang: Lang) -> Result<()> {
        match self {
            AreaCommand::Load {
                file,
                no_geocode,
                allow_empty,
                dwelling_m2,
            } => {
                let options = AreaLoadOptions {
                    geocode: !no_geocode,
                    allow_empty: *allow_empty,
                    dwellings: DwellingRules::with_floor_m2(*dwelling_m2)
                        .map_err(|e| anyhow::anyhow!("--dwelling-m2: {e}"))?,
                };
                let mut bars = StepBars::new();
                let loaded = app::load_area(ws, file, options, &mut |step, done, total| {
                    bars.update(step, done, total)
                });
                drop(bars);
                let loaded = match loaded {
                    Err(e @ AppError::EmptyExtract { .. }) => {
                        bail!("{e} (load it anyway with --allow-empty)")
                    }
                    other => other?,
                };
                eprintln!("{}", loaded.info);
                if let Some(g) = &loaded.geocoded {
                    print_geocoded(g, lang);
                }
                Ok(())
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
