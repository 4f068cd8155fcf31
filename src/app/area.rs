//! Loading the workspace's area: an OpenStreetMap extract, or an address file (the
//! OpenAddresses layout) added to it.
//!
//! Order does not matter. An extract replaces the area but keeps the address-file points
//! loaded before; an address file adds its points to the area there is (or to an empty one:
//! its street names then give the geocoder its streets), a point of a later file replacing
//! one of an earlier file with the same street and number. The geocoder prefers file points
//! over the extract's (see `geocode::gazetteer_input`). Every load is one transaction: a
//! failed one leaves the workspace as it was.

use super::import::geocode_if_area_loaded;
use super::{AppError, BatchSummary, Progress, Step};
use crate::geocode::house_key;
use crate::ingest::RowIssue;
use crate::ingest::address_points::{is_address_file, read_address_points};
use crate::osm::{Area, DwellingRules, read_extract_estimating};
use crate::workspace::{AreaSummary, Workspace};
use std::path::Path;

/// What loading an area did.
#[derive(Debug, Clone)]
pub struct AreaLoad {
    /// What the area holds.
    pub info: AreaSummary,
    /// For an address file: the points it gave, and how many of them replaced a point of
    /// an earlier address file.
    pub address_file: Option<AddressFileLoad>,
    /// The geocoding of pending members that followed, when asked and there were any.
    pub geocoded: Option<BatchSummary>,
}

/// What an address file added.
#[derive(Debug, Clone)]
pub struct AddressFileLoad {
    /// Usable points read.
    pub points: usize,
    /// Points of earlier address files they replaced.
    pub replaced: usize,
    /// Rows left out, with file, row, column and why.
    pub rejected: Vec<RowIssue>,
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

/// Reads the extract or address file at `path` into the workspace's area (see the module
/// docs) and, when asked, places the members waiting for a position.
///
/// # Errors
/// [`AppError::Osm`] for an unreadable extract and [`AppError::EmptyExtract`] for one
/// without data, unless allowed; [`AppError::AddressFile`] for an unreadable address file
/// and [`AppError::NoAddressPoints`] for one without a usable row (the workspace is
/// unchanged in all of these), or when the workspace fails.
pub fn load_area(
    ws: &mut Workspace,
    path: &Path,
    options: AreaLoadOptions,
    progress: Progress<'_>,
) -> Result<AreaLoad, AppError> {
    let (info, address_file) = if is_address_file(path) {
        let (info, added) = add_address_file(ws, path)?;
        (info, Some(added))
    } else {
        (load_extract(ws, path, options, progress)?, None)
    };
    let geocoded = if options.geocode {
        geocode_if_area_loaded(ws, progress)?
    } else {
        None
    };
    Ok(AreaLoad {
        info,
        address_file,
        geocoded,
    })
}

fn file_key(a: &crate::model::FileAddress) -> (String, String) {
    house_key(&a.street, &a.housenumber)
}

fn load_extract(
    ws: &mut Workspace,
    path: &Path,
    options: AreaLoadOptions,
    progress: Progress<'_>,
) -> Result<AreaSummary, AppError> {
    let mut area = read_extract_estimating(
        path,
        &mut |done, total| progress(Step::ReadingExtract, done, Some(total)),
        &options.dwellings,
    )?;
    if area.bounds.is_none() && !options.allow_empty {
        return Err(AppError::EmptyExtract {
            path: path.to_path_buf(),
        });
    }
    area.add_file_addresses(ws.area_file_addresses()?, file_key);
    Ok(ws.store_area(&area, path)?)
}

fn add_address_file(
    ws: &mut Workspace,
    path: &Path,
) -> Result<(AreaSummary, AddressFileLoad), AppError> {
    let read = read_address_points(path)?;
    if read.points.is_empty() {
        return Err(AppError::NoAddressPoints {
            path: path.to_path_buf(),
            rejected: read.rejected.len(),
        });
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let file_bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let (mut area, source, bytes) = match (ws.load_area()?, ws.area_info()?) {
        (Some(area), Some(info)) if info.source.split(" + ").any(|s| s == name) => {
            (area, info.source, info.file_bytes)
        }
        (Some(area), Some(info)) => (
            area,
            format!("{} + {name}", info.source),
            info.file_bytes + file_bytes,
        ),
        _ => (Area::default(), name, file_bytes),
    };
    let points = read.points.len();
    let replaced = area.add_file_addresses(read.points, file_key);
    let info = ws.store_area_as(&area, source, bytes)?;
    Ok((
        info,
        AddressFileLoad {
            points,
            replaced,
            rejected: read.rejected,
        },
    ))
}
