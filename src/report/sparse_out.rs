//! Sparse-area reports as text, CSV and GeoJSON (JSON is the report's own serialisation).
//!
//! The first columns of the sparse CSV are a contract (see README):
//! `shop,ring,inner_m,outer_m,sector,members,homes,expected,sparse,reasons`, with `sparse`
//! `true`/`false` and `reasons` a `;`-list of `competitor`, `barrier`, `few_homes`,
//! `uncertain`, `no_data` (mostly beyond the loaded data; the last column,
//! `area_coverage`, gives the share inside).

use super::fmt_m;
use super::geojson_out::{feature, positions};
use crate::analysis::sparse::{Reason, SparseCell, SparseReport};
use crate::geodesy::wedge_ring;
use crate::i18n::Lang;
use geojson::{FeatureCollection, GeometryValue};
use std::io::{self, Write};

/// Reasons as the CSV contract writes them: a `;`-list such as `competitor;barrier`.
pub(super) fn reasons(r: &[Reason]) -> String {
    r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";")
}

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or(String::new(), |x| format!("{x:.decimals$}"))
}

fn competitors_text(c: &SparseCell) -> String {
    c.evidence
        .competitors
        .iter()
        .map(|e| {
            format!(
                "{} ({}{:.0} m from the cell; shop {:.0} m)",
                e.name,
                if e.in_cell { "in the cell, " } else { "" },
                e.distance_to_cell_m,
                e.shop_distance_to_cell_m
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn barriers_text(c: &SparseCell) -> String {
    c.evidence
        .barriers
        .iter()
        .map(|b| {
            format!(
                "{} ({:.0} % of homes behind it)",
                b.barrier,
                100.0 * b.homes_behind_share
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn uncertain_text(c: &SparseCell) -> String {
    c.evidence.uncertain.as_ref().map_or(String::new(), |u| {
        format!(
            "{:.0} % of members to the {} placed only at street level; {:.0} % of all members not placed",
            100.0 * u.street_level_share,
            u.direction,
            100.0 * u.unplaced_share
        )
    })
}

/// One line per reason of a sparse cell, or the advice when there is none.
pub fn explain_cell(c: &SparseCell) -> Vec<String> {
    let mut lines = Vec::new();
    for r in &c.reasons {
        lines.push(match r {
            Reason::Competitor => format!("competitor: {}", competitors_text(c)),
            Reason::Barrier => format!("barrier: {}", barriers_text(c)),
            Reason::Uncertain => format!("uncertain: {}", uncertain_text(c)),
            Reason::FewHomes => "few homes".to_string(),
            Reason::NoData => "no data: mostly beyond the loaded area".to_string(),
        });
    }
    if lines.is_empty() {
        lines.push("no visible cause — try advertising there".into());
    }
    lines
}

/// The report for people: the model, the rules, the sparse cells ranked with their
/// reasons, and (ring grid) members and expected members by ring and sector.
///
/// # Errors
/// When writing fails.
pub fn write_sparse_table(r: &SparseReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}) — sparse areas within {} m, grid {}: {} members in range ({}), {} outside; {} dwellings",
        r.shop.name,
        r.shop.kind.as_str(),
        fmt_m(r.radius_m),
        r.grid,
        r.members_in_range,
        r.scope,
        r.members_outside,
        r.homes_in_range
    )?;
    // The sparse report is not in the catalogue yet: its dwellings sentence is English.
    writeln!(
        out,
        "{}",
        Lang::En.texts().dwellings(r.radius_m, &r.dwellings)
    )?;
    match &r.model {
        Some(m) => writeln!(
            out,
            "Model: {} (fitted on {} members; decay {:.2} ± {:.2} per km).",
            r.model_text, m.members, m.decay_per_km, m.decay_se_per_km
        )?,
        None => writeln!(out, "Model: {}.", r.model_text)?,
    }
    if let (Some(phi), Some(v)) = (r.dispersion, r.variance_factor) {
        writeln!(
            out,
            "Rule: sparse when ≥ {} dwellings, ≥ {} expected, ≥ {:.0} % short and P(X ≤ actual) < {} with X negative binomial of variance {:.1} × expected (members cluster: dispersion {:.1}, widened for being measured on the cells) — {} of {} cells tested flagged ({:.1} expected by chance).",
            r.rules.min_homes,
            r.rules.min_expected,
            100.0 * r.rules.min_shortfall,
            r.rules.alpha,
            v,
            phi,
            r.sparse_cells,
            r.tested_cells,
            r.expected_false_flags,
        )?;
    }
    for n in &r.notes {
        writeln!(out, "Note: {n}.")?;
    }
    let ranked = r.ranked();
    if ranked.is_empty() {
        writeln!(out, "\nNo sparse cells.")?;
    } else {
        writeln!(out, "\nSparse cells, most members missing first:")?;
        writeln!(
            out,
            "{:<18} {:>9} {:>9} {:>7} {:>9} {:>8} {:>9}",
            "cell", "distance", "dwellings", "members", "expected", "missing", "p"
        )?;
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
            for line in explain_cell(c) {
                writeln!(out, "    {line}")?;
            }
        }
    }
    if let (Some(radii), Some(n)) = (&r.radii_m, r.sectors) {
        writeln!(
            out,
            "\nMembers / expected by ring (rows) and sector (columns); * sparse, · few dwellings, no data: mostly beyond the loaded area:"
        )?;
        write!(out, "{:<12}", "ring")?;
        for c in r.cells.iter().take(n) {
            write!(out, " {:>10}", c.sector)?;
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
                    write!(out, " {:>10}", "no data")?;
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
                competitors_text(c),
                barriers_text(c),
                uncertain_text(c),
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
