//! The demo: a workspace built from central Helsinki's OpenStreetMap extract, a demo
//! shop with its real competitors, and a generated member list placed by the offline
//! geocoder.

use super::{AppError, BatchSummary, Snapshot, geocode_pending};
use crate::demo::bundled;
use crate::geocode::gazetteer_from_area;
use crate::ingest::members::MemberImportOptions;
use crate::ingest::shops::ShopImportOptions;
use crate::model::{Shop, ShopKind};
use crate::osm::read_extract;
use crate::workspace::{AreaSummary, ImportSummary, ShopImportSummary, Workspace};
use std::path::{Path, PathBuf};

/// Where the demo's inputs come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoSources {
    /// The copies built into the binary, written out to this folder first so the user
    /// can open them.
    Bundled {
        /// The folder to write them to.
        unpack_to: PathBuf,
    },
    /// A folder laid out like `data/`: `helsinki.osm.pbf`, `demo/members.csv`,
    /// `demo/shops.csv`.
    Folder(PathBuf),
}

impl DemoSources {
    /// The data folder, with the bundled files written into it when they are used.
    fn folder(&self) -> Result<&Path, AppError> {
        match self {
            DemoSources::Folder(dir) => Ok(dir),
            DemoSources::Bundled { unpack_to } => {
                for (rel, bytes) in bundled::FILES {
                    let path = unpack_to.join(rel);
                    let write = || -> std::io::Result<()> {
                        if let Some(dir) = path.parent() {
                            std::fs::create_dir_all(dir)?;
                        }
                        std::fs::write(&path, bytes)
                    };
                    write().map_err(|source| AppError::DemoData {
                        path: path.display().to_string(),
                        source,
                    })?;
                }
                Ok(unpack_to)
            }
        }
    }
}

/// What building the demo workspace did, and the workspace read back for its reports.
#[derive(Debug)]
pub struct DemoBuild {
    /// The table files imported (members, shops).
    pub members_file: PathBuf,
    /// The shop table imported.
    pub shops_file: PathBuf,
    /// The area loaded.
    pub area: AreaSummary,
    /// The shop import.
    pub shops: ShopImportSummary,
    /// The member import.
    pub members: ImportSummary,
    /// The offline geocoding of the members.
    pub geocoded: BatchSummary,
    /// Members, shops and area, read once for the reports and the map.
    pub snapshot: Snapshot,
    /// The demo's own shop.
    pub shop: Shop,
}

/// Builds the demo into `ws` (which should be empty): loads the extract, imports the
/// shops and members and geocodes the members offline.
///
/// # Errors
/// [`AppError::DemoData`] when a file is missing or cannot be written; as the steps.
pub fn build_demo(ws: &mut Workspace, sources: &DemoSources) -> Result<DemoBuild, AppError> {
    let dir = sources.folder()?;
    let [extract, members_file, shops_file] =
        [bundled::EXTRACT, bundled::MEMBERS, bundled::SHOPS].map(|rel| dir.join(rel));
    for file in [&extract, &members_file, &shops_file] {
        if !file.exists() {
            return Err(AppError::DemoData {
                path: file.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!(
                        "expected {}, {} and {} in the data folder",
                        bundled::EXTRACT,
                        bundled::MEMBERS,
                        bundled::SHOPS
                    ),
                ),
            });
        }
    }
    let area = read_extract(&extract, &mut |_, _| {})?;
    let area_info = ws.store_area(&area, &extract)?;
    let shops = ws.import_shops(&shops_file, &ShopImportOptions::default())?;
    let members = ws.import_members(
        &members_file,
        &MemberImportOptions::default(),
        &mut |_, _| {},
    )?;
    let gazetteer = gazetteer_from_area(&area);
    let geocoded = geocode_pending(ws, &mut &gazetteer, false, &mut |_, _| {})?;
    let snapshot = Snapshot::read(ws, None)?;
    let shop = snapshot
        .shops()
        .iter()
        .find(|s| s.kind == ShopKind::Own)
        .cloned()
        .ok_or(AppError::NoOwnShop)?;
    Ok(DemoBuild {
        members_file,
        shops_file,
        area: area_info,
        shops,
        members,
        geocoded,
        snapshot,
        shop,
    })
}
