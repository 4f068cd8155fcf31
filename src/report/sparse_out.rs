//! Sparse-area, leaflet, campaign and competition reports as text, CSV and GeoJSON (JSON
//! is the reports' own serialisation).
//!
//! The first columns of the sparse CSV are a contract (see README):
//! `shop,ring,inner_m,outer_m,sector,members,homes,expected,sparse,reasons`, with `sparse`
//! `true`/`false` and `reasons` a `;`-list of `competitor`, `barrier`, `few_homes`,
//! `uncertain`. Only the campaign CSV carries names and phones.

use super::fmt_m;
use super::geojson_out::{feature, positions};
use crate::analysis::competition::CompetitionReport;
use crate::analysis::sparse::{CellLeaflet, Reason, SparseCell, SparseReport, Target};
use crate::geodesy::wedge_ring;
use crate::model::Contact;
use crate::model::Shop;
use geojson::{FeatureCollection, GeometryValue};
use std::io::{self, Write};

fn reasons(r: &[Reason]) -> String {
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
        "{} ({}) — sparse areas within {} m, grid {}: {} members in range ({}), {} outside; {} homes",
        r.shop.name,
        r.shop.kind.as_str(),
        fmt_m(r.radius_m),
        r.grid,
        r.members_in_range,
        r.scope,
        r.members_outside,
        r.homes_in_range
    )?;
    writeln!(
        out,
        "Model: {} (fitted on {} members; decay {:.2} ± {:.2} per km).",
        r.model_text, r.model.members, r.model.decay_per_km, r.model.decay_se_per_km
    )?;
    writeln!(
        out,
        "Rule: sparse when ≥ {} homes, ≥ {} expected, ≥ {:.0} % short and Poisson P(X ≤ actual) < {} — {} of {} cells tested flagged ({:.1} expected by chance){}.",
        r.rules.min_homes,
        r.rules.min_expected,
        100.0 * r.rules.min_shortfall,
        r.rules.alpha,
        r.sparse_cells,
        r.tested_cells,
        r.expected_false_flags,
        r.dispersion
            .map_or(String::new(), |d| format!("; dispersion {d:.2}"))
    )?;
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
            "{:<18} {:>9} {:>7} {:>7} {:>9} {:>8} {:>9}",
            "cell", "distance", "homes", "members", "expected", "missing", "p"
        )?;
        for c in &ranked {
            writeln!(
                out,
                "{:<18} {:>7} m {:>7} {:>7} {:>9.1} {:>8.1} {:>9.1e}",
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
            "\nMembers / expected by ring (rows) and sector (columns); * sparse, · few homes:"
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
    let mut w = csv::Writer::from_writer(out);
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

/// Leaflet plans as text: per sparse cell, its streets in walking order.
///
/// # Errors
/// When writing fails.
pub fn write_leaflets_table(
    shop: &str,
    plans: &[CellLeaflet],
    out: &mut dyn Write,
) -> io::Result<()> {
    if plans.is_empty() {
        writeln!(out, "{shop}: no sparse cells, no leaflet plan.")?;
    }
    for p in plans {
        writeln!(
            out,
            "{shop}, cell {} ({:.0} members missing; {}): {} homes on {} streets, walk ≈ {:.1} km",
            p.cell,
            p.missing,
            if p.reasons.is_empty() {
                "no visible cause".to_string()
            } else {
                reasons(&p.reasons)
            },
            p.route.homes,
            p.route.streets.len(),
            p.route.walk_m / 1000.0
        )?;
        for (i, s) in p.route.streets.iter().enumerate() {
            writeln!(out, "  {:>2}. {:<40} homes {:>5}", i + 1, s.street, s.homes)?;
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
    let mut w = csv::Writer::from_writer(out);
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
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["id", "name", "phone", "segment", "reason", "cell", "detail"])?;
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
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The competition report as text.
///
/// # Errors
/// When writing fails.
pub fn write_competition_table(r: &CompetitionReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}): {} members ({})",
        r.shop.name,
        r.shop.kind.as_str(),
        r.members,
        r.scope
    )?;
    match &r.huff {
        Some(h) => writeln!(
            out,
            "Huff model over {} shops: distance exponent fitted {:.2} on {} members (default {:.1}; log-likelihood +{:.1}).",
            h.shops, h.fitted_exponent, h.members, h.default_exponent, h.log_likelihood_gain
        )?,
        None => writeln!(
            out,
            "Huff model: not fitted (no homes or members within the rings)."
        )?,
    }
    if r.competitors.is_empty() {
        writeln!(out, "\nNo competitors in the workspace.")?;
    } else {
        write!(out, "\n{:<32} {:>9}", "competitor", "distance")?;
        for radius in &r.radii_m {
            write!(out, " {:>7}", format!("≤{}", fmt_m(*radius)))?;
        }
        writeln!(out, " {:>8} {:>6}", "nearer", "share")?;
        for c in &r.competitors {
            write!(
                out,
                "{:<32} {:>7} m",
                c.name.chars().take(32).collect::<String>(),
                format!("{:.0}", c.distance_m)
            )?;
            for n in &c.members_within {
                write!(out, " {n:>7}")?;
            }
            writeln!(
                out,
                " {:>8} {:>5.1}%",
                c.members_nearer,
                100.0 * c.members_nearer_share
            )?;
        }
    }
    if !r.huff_cells.is_empty() {
        writeln!(
            out,
            "\nHuff market share by cell (default → fitted exponent), members / expected:"
        )?;
        for c in &r.huff_cells {
            writeln!(
                out,
                "  {:<8} {:>5} homes  share {:>5.1}% → {:>5.1}%  members {:>5} / {:>6.1}",
                c.cell,
                c.homes,
                100.0 * c.share_default,
                100.0 * c.share_fitted,
                c.members,
                c.expected_members
            )?;
        }
    }
    for o in &r.own_overlap {
        let m = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.0} m"));
        writeln!(
            out,
            "\nWith own shop {} ({:.0} m away): {} members within {} m of both; 70 % areas {} and {} overlap {:.3} km² ({:.0} % of ours, {:.0} % of theirs); {:.0} % of our members live in their area, {:.0} % of theirs in ours.",
            o.other,
            o.distance_m,
            o.shared_within_1000m,
            fmt_m(crate::analysis::competition::SHARED_RADIUS_M),
            m(o.radius_70_m),
            m(o.other_radius_70_m),
            o.overlap_km2,
            100.0 * o.overlap_share,
            100.0 * o.other_overlap_share,
            100.0 * o.members_in_other_area_share,
            100.0 * o.other_members_in_our_area_share
        )?;
    }
    Ok(())
}

/// The competitors as CSV: `shop,competitor,category,distance_m,within_<r>m…,members_nearer,
/// members_nearer_share`.
///
/// # Errors
/// When writing fails.
pub fn write_competition_csv(
    reports: &[CompetitionReport],
    out: &mut dyn Write,
) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let radii = reports.first().map_or(&[][..], |r| &r.radii_m[..]);
    let mut header: Vec<String> = ["shop", "competitor", "category", "distance_m"]
        .map(String::from)
        .to_vec();
    header.extend(radii.iter().map(|r| format!("within_{}m", fmt_m(*r))));
    header.extend(["members_nearer", "members_nearer_share"].map(String::from));
    w.write_record(&header)?;
    for r in reports {
        for c in &r.competitors {
            let mut rec = vec![
                r.shop.name.clone(),
                c.name.clone(),
                c.category.clone().unwrap_or_default(),
                format!("{:.1}", c.distance_m),
            ];
            rec.extend(c.members_within.iter().map(u64::to_string));
            rec.push(c.members_nearer.to_string());
            rec.push(format!("{:.6}", c.members_nearer_share));
            w.write_record(&rec)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The competition report as GeoJSON: our shop and each competitor as points with their
/// figures, and each ring × sector cell as a wedge with its Huff shares.
pub fn competition_geojson(r: &CompetitionReport, shops: &[Shop]) -> FeatureCollection {
    let mut features = vec![feature(
        GeometryValue::new_point([r.shop.lon, r.shop.lat]),
        serde_json::json!({ "feature": "shop", "shop": r.shop.name, "kind": r.shop.kind,
            "members": r.members, "huff": r.huff }),
    )];
    for c in &r.competitors {
        let Some(s) = shops.iter().find(|s| s.name == c.name) else {
            continue;
        };
        let mut props = serde_json::to_value(c).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut props {
            m.insert("feature".into(), "competitor".into());
        }
        features.push(feature(
            GeometryValue::new_point([s.position.lon_deg(), s.position.lat_deg()]),
            props,
        ));
    }
    let Some(centre) = r.shop.position() else {
        return FeatureCollection::new(features);
    };
    let n = r
        .huff_cells
        .iter()
        .map(|c| c.ring)
        .max()
        .map_or(1, |rings| (r.huff_cells.len() / rings.max(1)).max(1));
    let width = 360.0 / n as f64;
    for (i, c) in r.huff_cells.iter().enumerate() {
        let ring = c.ring - 1;
        let inner = if ring == 0 { 0.0 } else { r.radii_m[ring - 1] };
        let outer = r.radii_m[ring];
        let mid = (i % n) as f64 * width;
        let mut props = serde_json::to_value(c).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut props {
            m.insert("feature".into(), "cell".into());
            m.insert("shop".into(), r.shop.name.clone().into());
        }
        features.push(feature(
            GeometryValue::new_polygon([positions(&wedge_ring(
                centre,
                inner,
                outer,
                mid - width / 2.0,
                mid + width / 2.0,
            ))]),
            props,
        ));
    }
    FeatureCollection::new(features)
}
