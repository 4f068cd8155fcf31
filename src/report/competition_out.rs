//! Competition reports as text, CSV and GeoJSON (JSON is the report's own serialisation):
//! the competitors around a shop, the Huff shares by cell and the overlap with own shops.

use super::fmt_m;
use super::geojson_out::{feature, positions};
use crate::analysis::competition::{CompetitionReport, SHARED_RADIUS_M};
use crate::geodesy::wedge_ring;
use crate::i18n::{Lang, ShopLine, pad};
use crate::model::Shop;
use geojson::{FeatureCollection, GeometryValue};
use std::io::{self, Write};

/// The competition report as text, in the reader's language.
///
/// # Errors
/// When writing fails.
pub fn write_competition_table(
    r: &CompetitionReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = lang.texts();
    let shop = ShopLine {
        name: &r.shop.name,
        kind: r.shop.kind,
        lat: r.shop.lat,
        lon: r.shop.lon,
    };
    writeln!(out, "{}", t.competition_heading(shop, r.members, r.scope))?;
    let radius_m = r.radii_m.last().copied().unwrap_or(0.0);
    writeln!(out, "{}", t.dwellings(radius_m, &r.dwellings))?;
    writeln!(out, "{}", t.huff_fit(r.huff.as_ref()))?;
    if r.competitors.is_empty() {
        writeln!(out, "\n{}", t.no_competitors())?;
    } else {
        let [name, distance, nearer, share] = t.competitor_columns();
        write!(out, "\n{} {}", pad(name, 32, false), pad(distance, 9, true))?;
        for radius in &r.radii_m {
            write!(out, " {:>7}", format!("≤{}", fmt_m(*radius)))?;
        }
        writeln!(out, " {} {}", pad(nearer, 8, true), pad(share, 6, true))?;
        for c in &r.competitors {
            let name: String = c.name.chars().take(32).collect();
            write!(
                out,
                "{} {:>7} m",
                pad(&name, 32, false),
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
        writeln!(out, "\n{}", t.huff_cells_heading())?;
        for c in &r.huff_cells {
            writeln!(out, "  {}", t.huff_cell(c))?;
        }
    }
    for o in &r.own_overlap {
        writeln!(out, "\n{}", t.own_overlap(o, SHARED_RADIUS_M))?;
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
    let mut w = super::CsvWriter::from_writer(out);
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
