//! Competition reports as text, CSV and GeoJSON (JSON is the report's own serialisation):
//! the competitors around a shop, the Huff shares by cell and the overlap with own shops.

use super::fmt_m;
use super::geojson_out::{feature, positions};
use crate::analysis::competition::{CompetitionReport, SHARED_RADIUS_M};
use crate::geodesy::wedge_ring;
use crate::model::Shop;
use geojson::{FeatureCollection, GeometryValue};
use std::io::{self, Write};

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
            fmt_m(SHARED_RADIUS_M),
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
