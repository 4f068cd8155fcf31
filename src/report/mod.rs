//! Writing reports: aligned text tables for people, CSV and JSON for scripts, GeoJSON for
//! GIS tools. Formats only; every figure comes from [`crate::analysis`].

mod by_format;
mod compare_out;
mod competition_out;
mod csv_safe;
mod geojson_out;
mod leaflets_out;
mod rejected_out;
mod rings_csv;
mod rings_table;
mod sparse_out;
mod whitespace_out;

pub use by_format::{
    ReportError, write_compare, write_competition, write_leaflets, write_member_scores,
    write_review, write_rings, write_segments, write_shops, write_sparse, write_whitespace,
};
pub use compare_out::{write_compare_csv, write_compare_table, write_members_nearest_csv};
pub use competition_out::{competition_geojson, write_competition_csv, write_competition_table};
pub use csv_safe::{CsvWriter, spreadsheet_safe};
pub use geojson_out::rings_geojson;
pub use leaflets_out::{write_leaflets_csv, write_leaflets_table, write_targets_csv};
pub use rejected_out::{write_rejected_csv, write_warnings_csv};
pub use rings_csv::{write_cells_csv, write_rings_csv};
pub use rings_table::write_rings_table;
pub use sparse_out::{sparse_geojson, write_sparse_csv, write_sparse_table};
pub use whitespace_out::{
    WhitespaceJson, top_sites, whitespace_json, write_whitespace_csv, write_whitespace_table,
};

use std::str::FromStr;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned text for the terminal.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON (pretty-printed).
    Json,
    /// GeoJSON FeatureCollection (RFC 7946).
    Geojson,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "text" => Ok(Self::Table),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            "geojson" => Ok(Self::Geojson),
            other => Err(format!(
                "unknown format '{other}' (expected table, csv, json or geojson)"
            )),
        }
    }
}

/// Metres as written in reports: whole numbers without a decimal point.
pub fn fmt_m(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m}")
    }
}

/// Writes rows of cells (the header first) as columns padded by display width to their
/// widest cell, so Chinese lines up; the first column left-aligned, the others too unless
/// `numbers_right`.
///
/// # Errors
/// When writing fails.
pub(crate) fn write_columns(
    rows: &[Vec<String>],
    numbers_right: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let n = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| crate::i18n::pad(cell, *w, numbers_right && c > 0))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}
