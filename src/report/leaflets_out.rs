//! What to do about sparse cells, written out: leaflet plans as text and CSV, and the
//! campaign list as CSV. Only the campaign CSV carries names and phones.

use super::sparse_out::reasons;
use crate::analysis::sparse::{CellLeaflet, Target};
use crate::i18n::Lang;
use crate::model::Contact;
use std::io::{self, Write};

/// Leaflet plans as text, in the reader's language: per sparse cell, its streets in
/// walking order.
///
/// # Errors
/// When writing fails.
pub fn write_leaflets_table(
    shop: &str,
    plans: &[CellLeaflet],
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = lang.texts();
    if plans.is_empty() {
        writeln!(out, "{}", t.no_leaflet_plan(shop))?;
    }
    for p in plans {
        writeln!(out, "{}", t.leaflet_heading(shop, p))?;
        for (i, s) in p.route.streets.iter().enumerate() {
            writeln!(out, "  {}", t.leaflet_street(i + 1, &s.street, s.homes))?;
        }
    }
    Ok(())
}

/// Leaflet plans as CSV, one row per street: `shop,cell,order,street,homes,home_points,
/// nearest_m,cell_missing,reasons`.
///
/// # Errors
/// When writing fails.
pub fn write_leaflets_csv(
    shop: &str,
    plans: &[CellLeaflet],
    out: &mut dyn Write,
) -> csv::Result<()> {
    let mut w = super::CsvWriter::from_writer(out);
    w.write_record([
        "shop",
        "cell",
        "order",
        "street",
        "homes",
        "home_points",
        "nearest_m",
        "cell_missing",
        "reasons",
    ])?;
    for p in plans {
        for (i, s) in p.route.streets.iter().enumerate() {
            w.write_record([
                shop.to_string(),
                p.cell.clone(),
                (i + 1).to_string(),
                s.street.clone(),
                s.homes.to_string(),
                s.home_points.to_string(),
                format!("{:.0}", s.nearest_m),
                format!("{:.1}", p.missing),
                reasons(&p.reasons),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The campaign list with contacts: `id,name,phone,segment,reason,cell,detail`.
/// `contacts` are in the order of `targets`.
///
/// # Errors
/// When writing fails.
pub fn write_targets_csv(
    targets: &[Target],
    contacts: &[Contact],
    out: &mut dyn Write,
) -> csv::Result<()> {
    let mut w = super::CsvWriter::from_writer(out);
    w.write_record([
        "id",
        "name",
        "phone",
        "segment",
        "reason",
        "cell",
        "detail",
        "rank",
        "huff_share",
    ])?;
    for (t, c) in targets.iter().zip(contacts) {
        w.write_record([
            t.id.as_str(),
            c.name.as_deref().unwrap_or(""),
            c.phone.as_deref().unwrap_or(""),
            t.segment.as_str(),
            &t.reasons
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            &t.cell,
            &t.detail,
            &t.rank.to_string(),
            &format!("{:.4}", t.huff_share),
        ])?;
    }
    w.flush()?;
    Ok(())
}
