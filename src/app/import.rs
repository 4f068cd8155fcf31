//! Importing member and shop tables, placing the new members at once when an area is
//! loaded, and warning about shops outside it.

use super::shops::shop_warnings;
use super::{AppError, BatchSummary, Progress, Step, geocode_pending, offline_gazetteer};
use crate::ingest::members::MemberImportOptions;
use crate::ingest::shops::ShopImportOptions;
use crate::model::ShopWarning;
use crate::workspace::{ImportSummary, ShopImportSummary, Workspace};
use std::path::Path;

/// What importing a member table did.
#[derive(Debug, Clone)]
pub struct MemberImport {
    /// Rows imported, updated, unchanged and rejected.
    pub summary: ImportSummary,
    /// The offline geocoding that followed (`None`: nothing pending, or no area loaded).
    pub geocoded: Option<BatchSummary>,
}

/// Imports a member table in one transaction, then geocodes the members waiting for a
/// position offline when an area is loaded, and writes the member cache for the next
/// analysis ([`Workspace::write_member_cache`]).
///
/// # Errors
/// As [`Workspace::import_members`] (a table with no usable row leaves the workspace
/// unchanged), or when geocoding fails.
pub fn import_members(
    ws: &mut Workspace,
    path: &Path,
    opts: &MemberImportOptions,
    progress: Progress<'_>,
) -> Result<MemberImport, AppError> {
    let summary = ws.import_members(path, opts, &mut |done, total| {
        progress(Step::ReadingTable, done, total)
    })?;
    let geocoded = geocode_if_area_loaded(ws, progress)?;
    ws.write_member_cache()?;
    Ok(MemberImport { summary, geocoded })
}

/// What importing a shop table did.
#[derive(Debug, Clone)]
pub struct ShopImport {
    /// Rows imported, updated, unchanged and rejected.
    pub summary: ShopImportSummary,
    /// Shops outside the loaded area, or with latitude and longitude swapped (they are
    /// imported all the same).
    pub warnings: Vec<ShopWarning>,
}

/// Imports a shop table (own shops and competitors) in one transaction, warning about
/// shops outside the loaded area.
///
/// # Errors
/// As [`Workspace::import_shops`].
pub fn import_shops(
    ws: &mut Workspace,
    path: &Path,
    opts: &ShopImportOptions,
) -> Result<ShopImport, AppError> {
    let summary = ws.import_shops(path, opts)?;
    let edge = ws.area_edge()?;
    let warnings = summary
        .shops
        .iter()
        .flat_map(|s| shop_warnings(edge.as_ref(), s))
        .collect();
    Ok(ShopImport { summary, warnings })
}

/// Geocodes the members waiting for a position, offline, when an area is loaded.
///
/// # Errors
/// When the workspace fails.
pub(super) fn geocode_if_area_loaded(
    ws: &mut Workspace,
    progress: Progress<'_>,
) -> Result<Option<BatchSummary>, AppError> {
    if ws.area_info()?.is_none() || ws.member_counts()?.pending == 0 {
        return Ok(None);
    }
    let gazetteer = offline_gazetteer(ws)?;
    let mut step = |done: usize, total: usize| {
        progress(Step::Geocoding, done as u64, Some(total as u64));
    };
    Ok(Some(geocode_pending(
        ws,
        &mut &gazetteer,
        false,
        &mut step,
    )?))
}
