//! The white-space ranking as an aligned table (in the reader's language, with the model
//! stated) and as CSV; JSON is the ranking's own serialisation, cut to the sites asked for.
//!
//! CSV columns (English whatever the language): `rank,hex,lat,lon,dwellings,members,
//! nearest_own_shop,nearest_own_shop_m,nearest_competitor,nearest_competitor_m,
//! expected_draw,cannibalized,net_gain`.

use super::CsvWriter;
use super::write_columns;
use crate::analysis::whitespace::{Site, Whitespace, WhitespaceNote};
use crate::i18n::Lang;
use serde::Serialize;
use std::io::{self, Write};

/// The best `top` sites (every site for 0).
pub fn top_sites(w: &Whitespace, top: usize) -> &[Site] {
    if top == 0 {
        &w.sites
    } else {
        &w.sites[..top.min(w.sites.len())]
    }
}

/// The ranking as JSON writes it: the model and the best sites.
#[derive(Debug, Serialize)]
pub struct WhitespaceJson<'a> {
    /// `h3:N`.
    pub grid: &'a str,
    /// The fitted model.
    pub model: &'a crate::analysis::whitespace::WhitespaceModel,
    /// The area's dwellings.
    pub dwellings: &'a crate::analysis::dwellings::DwellingCount,
    /// Located members.
    pub members: u64,
    /// Hexagons weighed.
    pub candidates: usize,
    /// The best sites, best first.
    pub sites: &'a [Site],
    /// Notes on the figures.
    pub notes: &'a [WhitespaceNote],
}

/// The JSON view of the best `top` sites of `w`.
pub fn whitespace_json(w: &Whitespace, top: usize) -> WhitespaceJson<'_> {
    WhitespaceJson {
        grid: &w.grid,
        model: &w.model,
        dwellings: &w.dwellings,
        members: w.members,
        candidates: w.sites.len(),
        sites: top_sites(w, top),
        notes: &w.notes,
    }
}

fn metres(m: Option<f64>) -> String {
    m.map_or_else(|| "–".to_owned(), |m| format!("{m:.0} m"))
}

/// Writes the heading, the model, the rule and the best `top` sites as a table.
///
/// # Errors
/// When writing fails.
pub fn write_whitespace_table(
    w: &Whitespace,
    top: usize,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = lang.texts();
    let sites = top_sites(w, top);
    writeln!(
        out,
        "{}",
        t.whitespace_heading(
            &w.grid,
            w.sites.len(),
            sites.len(),
            w.dwellings.total,
            w.members
        )
    )?;
    writeln!(out, "{}", t.whitespace_model(&w.model))?;
    writeln!(out, "{}", t.whitespace_rule(w.model.reach_m))?;
    for n in &w.notes {
        writeln!(out, "{}", t.note(&t.whitespace_note(n)))?;
    }
    writeln!(out)?;
    if sites.is_empty() {
        writeln!(out, "{}", t.no_whitespace_sites())?;
        return Ok(());
    }
    let mut rows = vec![t.whitespace_columns().map(str::to_owned).to_vec()];
    for s in sites {
        rows.push(vec![
            s.rank.to_string(),
            s.hex.clone(),
            format!("{:.5}, {:.5}", s.lat, s.lon),
            s.dwellings.to_string(),
            s.members.to_string(),
            s.nearest_own_shop.clone().unwrap_or_else(|| "–".into()),
            metres(s.nearest_own_shop_m),
            s.nearest_competitor.clone().unwrap_or_else(|| "–".into()),
            metres(s.nearest_competitor_m),
            format!("{:.1}", s.expected_draw),
            format!("{:.1}", s.cannibalized),
            format!("{:+.1}", s.net_gain),
        ]);
    }
    write_columns(&rows, true, out)
}

/// Writes the best `top` sites as CSV, one row each.
///
/// # Errors
/// When writing fails.
pub fn write_whitespace_csv(w: &Whitespace, top: usize, out: &mut dyn Write) -> csv::Result<()> {
    let mut csv = CsvWriter::from_writer(out);
    csv.write_record([
        "rank",
        "hex",
        "lat",
        "lon",
        "dwellings",
        "members",
        "nearest_own_shop",
        "nearest_own_shop_m",
        "nearest_competitor",
        "nearest_competitor_m",
        "expected_draw",
        "cannibalized",
        "net_gain",
    ])?;
    let opt = |m: Option<f64>| m.map_or_else(String::new, |m| format!("{m:.1}"));
    for s in top_sites(w, top) {
        csv.write_record([
            s.rank.to_string(),
            s.hex.clone(),
            format!("{:.6}", s.lat),
            format!("{:.6}", s.lon),
            s.dwellings.to_string(),
            s.members.to_string(),
            s.nearest_own_shop.clone().unwrap_or_default(),
            opt(s.nearest_own_shop_m),
            s.nearest_competitor.clone().unwrap_or_default(),
            opt(s.nearest_competitor_m),
            format!("{:.3}", s.expected_draw),
            format!("{:.3}", s.cannibalized),
            format!("{:.3}", s.net_gain),
        ])?;
    }
    csv.flush()?;
    Ok(())
}
