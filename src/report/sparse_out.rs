//! Sparse-area reports as text, CSV and GeoJSON (JSON is the report's own serialisation).
//!
//! The first columns of the sparse CSV are a contract (see README):
//! `shop,ring,inner_m,outer_m,sector,members,homes,expected,sparse,reasons`, with `sparse`
//! `true`/`false` and `reasons` a `;`-list of `competitor`, `barrier`, `few_homes`,
//! `uncertain`, `no_data` (mostly beyond the loaded data; the last column,
//! `area_coverage`, gives the share inside).

use super::fmt_m;
use super::geojson_out::{feature, positions};
use crate::analysis::sparse::{Reason, SparseReport};
use crate::geodesy::wedge_ring;
use crate::i18n::{Lang, pad};
use geojson::{FeatureCollection, GeometryValue};
use std::io::{self, Write};

/// Reasons as the CSV contract writes them: a `;`-list such as `competitor;barrier`.
pub(super) fn reasons(r: &[Reason]) -> String {
    r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";")
}

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or(String::new(), |x| format!("{x:.decimals$}"))
}

/// The report for people, in the reader's language: the model, the rules, the sparse
/// cells ranked with their reasons, and (ring grid) members and expected members by ring
/// and sector.
///
/// # Errors
/// When writing fails.
pub fn write_sparse_table(r: &SparseReport, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let t = lang.texts();
    writeln!(out, "{}", t.sparse_heading(r))?;
    writeln!(out, "{}", t.dwellings(r.radius_m, &r.dwellings))?;
    writeln!(out, "{}", t.sparse_model(r))?;
    if let Some(rule) = t.sparse_rule(r) {
        writeln!(out, "{rule}")?;
    }
    for n in &r.notes {
        writeln!(out, "{}", t.note(n))?;
    }
    let ranked = r.ranked();
    if ranked.is_empty() {
        writeln!(out, "\n{}", t.no_sparse_cells())?;
    } else {
        writeln!(out, "\n{}", t.sparse_cells_heading())?;
        let widths = [18, 9, 9, 7, 9, 8, 9];
        let heads: Vec<String> = t
            .sparse_columns()
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(k, (h, w))| pad(h, w, k > 0))
            .collect();
        writeln!(out, "{}", heads.join(" "))?;
        for c in &ranked {
            writeln!(
                out,
                "{:<18} {:>7} m {:>9} {:>7} {:>9.1} {:>8.1} {:>9.1e}",
                c.cell,
                format!("{:.0}", c.distance_m),
                c.homes,
                c.members,
                c.expected,
                c.missing,
                c.p_value.unwrap_or(1.0)
            )?;
            for line in t.explain_cell(c) {
                writeln!(out, "    {line}")?;
            }
        }
    }
    if let (Some(radii), Some(n)) = (&r.radii_m, r.sectors) {
        writeln!(out, "\n{}", t.sparse_grid_heading())?;
        write!(out, "{}", pad(t.rings_columns()[0], 12, false))?;
        for c in r.cells.iter().take(n) {
            write!(out, " {}", pad(lang.compass(c.sector), 10, true))?;
        }
        writeln!(out)?;
        for (k, row) in r.cells.chunks(n).enumerate() {
            let inner = if k == 0 { 0.0 } else { radii[k - 1] };
            write!(
                out,
                "{:<12}",
                format!("{}–{} m", fmt_m(inner), fmt_m(radii[k]))
            )?;
            for c in row {
                if c.reasons.contains(&Reason::NoData) {
                    write!(out, " {}", pad(t.no_data_cell(), 10, true))?;
                    continue;
                }
                let mark = if c.sparse {
                    "*"
                } else if c.reasons.contains(&Reason::FewHomes) {
                    "·"
                } else {
                    " "
                };
                write!(
                    out,
                    " {:>10}",
                    format!("{}/{:.0}{mark}", c.members, c.expected)
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// One row per cell, for every report (the contract columns first).
///
/// # Errors
/// When writing fails.
pub fn write_sparse_csv(reports: &[SparseReport], out: &mut dyn Write) -> csv::Result<()> {
    // The evidence columns are part of the contract: English whatever the reader's language.
    let english = Lang::En.texts();
    let mut w = super::CsvWriter::from_writer(out);
    w.write_record([
        "shop",
        "ring",
        "inner_m",
        "outer_m",
        "sector",
        "members",
        "homes",
        "expected",
        "sparse",
        "reasons",
        "cell",
        "h3",
        "bearing_from_deg",
        "bearing_to_deg",
        "lon",
        "lat",
        "distance_m",
        "area_km2",
        "home_points",
        "penetration",
        "expected_penetration",
        "members_per_km2",
        "missing",
        "p_value",
        "q_value",
        "tested",
        "dormant",
        "street_level",
        "competitors",
        "barriers",
        "uncertain",
        "area_coverage",
    ])?;
    for r in reports {
        for c in &r.cells {
            w.write_record([
                r.shop.name.clone(),
                c.ring.map_or(String::new(), |k| k.to_string()),
                c.inner_m.map_or(String::new(), fmt_m),
                c.outer_m.map_or(String::new(), fmt_m),
                c.sector.to_string(),
                c.members.to_string(),
                c.homes.to_string(),
                format!("{:.3}", c.expected),
                c.sparse.to_string(),
                reasons(&c.reasons),
                c.cell.clone(),
                c.h3.clone().unwrap_or_default(),
                c.bearing_from_deg.map_or(String::new(), |b| b.to_string()),
                c.bearing_to_deg.map_or(String::new(), |b| b.to_string()),
                format!("{:.7}", c.lon),
                format!("{:.7}", c.lat),
                format!("{:.1}", c.distance_m),
                format!("{:.6}", c.area_km2),
                c.home_points.to_string(),
                opt(c.penetration, 6),
                opt(c.expected_penetration, 6),
                format!("{:.2}", c.members_per_km2),
                format!("{:.3}", c.missing),
                c.p_value.map_or(String::new(), |p| format!("{p:.3e}")),
                c.q_value.map_or(String::new(), |p| format!("{p:.3e}")),
                c.tested.to_string(),
                c.dormant.to_string(),
                c.street_level.to_string(),
                english.competitors_evidence(c),
                english.barriers_evidence(c),
                english.uncertain_evidence(c),
                opt(c.area_coverage, 6),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The report as GeoJSON: the shop as a point, each cell as a polygon (annulus wedge or
/// hexagon) with its figures, `sparse`, `reasons` and evidence as properties, and the
/// competitors named in the evidence as points — what a map needs to hatch and mark.
pub fn sparse_geojson(reports: &[SparseReport]) -> FeatureCollection {
    let mut features = Vec::new();
    for r in reports {
        let centre = r.shop_position();
        features.push(feature(
            GeometryValue::new_point([r.shop.lon, r.shop.lat]),
            serde_json::json!({ "feature": "shop", "shop": r.shop.name, "kind": r.shop.kind,
                "model": r.model_text }),
        ));
        for c in &r.cells {
            let ring: Vec<[f64; 2]> = match (&c.h3, c.inner_m, c.outer_m, c.bearing_to_deg) {
                (Some(h3), ..) => match h3.parse::<h3o::CellIndex>() {
                    Ok(hex) => {
                        let mut ring: Vec<[f64; 2]> = hex
                            .boundary()
                            .iter()
                            .map(|ll| [ll.lng(), ll.lat()])
                            .collect();
                        if let Some(first) = ring.first().copied() {
                            ring.push(first);
                        }
                        ring
                    }
                    Err(_) => continue,
                },
                (None, Some(inner), Some(outer), Some(to)) => {
                    let width = 360.0 / r.sectors.unwrap_or(8) as f64;
                    positions(&wedge_ring(centre, inner, outer, to - width, to))
                }
                _ => continue,
            };
            let mut props = serde_json::to_value(c).unwrap_or_default();
            if let serde_json::Value::Object(m) = &mut props {
                m.insert("feature".into(), "cell".into());
                m.insert("shop".into(), r.shop.name.clone().into());
                m.insert("reasons_text".into(), reasons(&c.reasons).into());
            }
            features.push(feature(GeometryValue::new_polygon([ring]), props));
        }
    }
    FeatureCollection::new(features)
}
