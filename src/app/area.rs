//! Loading an OpenStreetMap extract as the workspace's area.

use super::import::geocode_if_area_loaded;
use super::{AppError, BatchSummary, Progress, Step};
use crate::osm::{DwellingRules, read_extract_estimating};
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

/// How to load an area.
#[derive(Debug, Clone, Copy, Default)]
pub struct AreaLoadOptions {
    /// Place the members waiting for a position afterwards.
    pub geocode: bool,
    /// Store an extract that holds no data at all (else [`AppError::EmptyExtract`]).
    pub allow_empty: bool,
    /// The numbers of the dwelling estimate.
    pub dwellings: DwellingRules,
}

/// Reads the extract at `path`, estimating dwellings by `options.dwellings`, replaces the
/// workspace's area with it and, when asked, places the members waiting for a position.
///
/// # Errors
/// [`AppError::Osm`] for an unreadable extract and [`AppError::EmptyExtract`] for one
/// without data, unless allowed (the workspace is unchanged in both), or when the
/// workspace fails.
pub fn load_area(
    ws: &mut Workspace,
    path: &Path,
    options: AreaLoadOptions,
    progress: Progress<'_>,
) -> Result<AreaLoad, AppError> {
    let area = read_extract_estimating(
        path,
        &mut |done, total| progress(Step::ReadingExtract, done, Some(total)),
        &options.dwellings,
    )?;
    if area.bounds.is_none() && !options.allow_empty {
        return Err(AppError::EmptyExtract {
            path: path.to_path_buf(),
        });
    }
    let info = ws.store_area(&area, path)?;
    let geocoded = if options.geocode {
        geocode_if_area_loaded(ws, progress)?
    } else {
        None
    };
    Ok(AreaLoad { info, geocoded })
}
