//! `catchment area load|info`: read an OpenStreetMap extract, or an address file beside
//! it, into the workspace.

use super::{StepBars, print_geocoded, report_rejections};
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
    /// Or add an address file in the OpenAddresses layout (.csv, .csv.gz, .geojson,
    /// .geojsonl, also gzipped: LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,
    /// ID,HASH) to it: its points win over the extract's of the same street and number.
    ///
    /// An extract replaces the area loaded before but keeps the address files' points; an
    /// address file adds to the area (or makes one of its own). Then geocodes the members
    /// waiting for a position. Extracts of a city or region come from e.g.
    /// download.geofabrik.de or BBBike; address files from openaddresses.io.
    Load {
        /// The extract or address file.
        file: PathBuf,
        /// Write the address file's rows left out to this CSV.
        #[arg(long, value_name = "FILE.csv")]
        rejected: Option<PathBuf>,
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
                rejected,
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
                if let Some(added) = &loaded.address_file {
                    let name = file.display().to_string();
                    let texts = lang.texts();
                    let (points, replaced) = (added.points, added.replaced);
                    let line =
                        texts.address_file_loaded(&name, points, replaced, added.rejected.len());
                    eprintln!("{line}");
                    let reads = [file.as_path(), ws.path()];
                    report_rejections(&added.rejected, rejected.as_deref(), &reads, lang)?;
                }
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
