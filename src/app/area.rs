//! Loading an OpenStreetMap extract as the workspace's area.

use super::import::geocode_if_area_loaded;
use super::{AppError, BatchSummary, Progress, Step};
use crate::osm::read_extract;
use crate::workspace::{AreaSummary, Workspace};
use std::path::Path;

/// What loading an area did.
#[derive(Debug, Clone)]
pub struct AreaLoad {
    /// What the area holds.
    pub info: AreaSummary,
    /// The geocoding of pending members that followed, when asked and there were any.
    pub geocoded: Option<BatchSummary>,
}

/// Reads the extract at `path`, replaces the workspace's area with it and, when
/// `geocode` is set, places the members waiting for a position.
///
/// # Errors
/// [`AppError::Osm`] for an unreadable extract (the workspace is unchanged), or when the
/// workspace fails.
pub fn load_area(
    ws: &mut Workspace,
    path: &Path,
    geocode: bool,
    progress: Progress<'_>,
) -> Result<AreaLoad, AppError> {
    let area = read_extract(path, &mut |done, total| {
        progress(Step::ReadingExtract, done, Some(total))
    })?;
    let info = ws.store_area(&area, path)?;
    let geocoded = if geocode {
        geocode_if_area_loaded(ws, progress)?
    } else {
        None
    };
    Ok(AreaLoad { info, geocoded })
}
