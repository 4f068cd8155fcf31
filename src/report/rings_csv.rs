//! Ring and cell reports as CSV. The first columns are a contract (see README):
//! rings `shop,ring,inner_m,outer_m,members`, cells `shop,ring,inner_m,outer_m,sector,members`.
//! The last columns say how much of each ring or cell lies inside the loaded data
//! (`area_coverage`, empty without an area) and, for cells, whether it is `no_data`.

use super::fmt_m;
use crate::analysis::rings::{RingReport, Tally};
use crate::analysis::segments::Segment;
use std::io::Write;

fn tally_fields(t: &Tally) -> Vec<String> {
    let mut v = vec![t.vip_members.to_string(), t.repeat_members.to_string()];
    v.extend(Segment::ALL.iter().map(|s| t.segments.get(*s).to_string()));
    v
}

fn tally_headers() -> Vec<String> {
    let mut v = vec!["vip".to_string(), "repeat_members".to_string()];
    v.extend(Segment::ALL.iter().map(|s| s.as_str().to_string()));
    v
}

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or(String::new(), |x| format!("{x:.decimals$}"))
}

/// One row per ring plus `outside`, for every report.
///
/// # Errors
/// When writing fails.
pub fn write_rings_csv(reports: &[RingReport], out: &mut dyn Write) -> csv::Result<()> {
    let mut w = super::CsvWriter::from_writer(out);
    let mut header: Vec<String> = [
        "shop",
        "ring",
        "inner_m",
        "outer_m",
        "members",
        "share",
        "cumulative_share",
        "area_km2",
        "members_per_km2",
        "repurchase_rate",
    ]
    .map(String::from)
    .to_vec();
    header.extend(tally_headers());
    header.push("area_coverage".into());
    w.write_record(&header)?;
    for r in reports {
        for row in &r.rings {
            let mut rec = vec![
                r.shop.name.clone(),
                row.ring.to_string(),
                fmt_m(row.inner_m),
                row.outer_m.map_or(String::new(), fmt_m),
                row.tally.members.to_string(),
                format!("{:.6}", row.share),
                format!("{:.6}", row.cumulative_share),
                opt(row.area_km2, 6),
                opt(row.members_per_km2, 2),
                opt(row.repurchase_rate, 6),
            ];
            rec.extend(tally_fields(&row.tally));
            rec.push(opt(row.area_coverage, 6));
            w.write_record(&rec)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// One row per ring × sector, for every report.
///
/// # Errors
/// When writing fails.
pub fn write_cells_csv(reports: &[RingReport], out: &mut dyn Write) -> csv::Result<()> {
    let mut w = super::CsvWriter::from_writer(out);
    let mut header: Vec<String> = [
        "shop",
        "ring",
        "inner_m",
        "outer_m",
        "sector",
        "members",
        "bearing_from_deg",
        "bearing_to_deg",
        "share",
        "area_km2",
        "members_per_km2",
        "repurchase_rate",
    ]
    .map(String::from)
    .to_vec();
    header.extend(tally_headers());
    header.extend(["area_coverage".into(), "no_data".into()]);
    w.write_record(&header)?;
    for r in reports {
        for c in &r.cells {
            let mut rec = vec![
                r.shop.name.clone(),
                c.ring.to_string(),
                fmt_m(c.inner_m),
                fmt_m(c.outer_m),
                c.sector.to_string(),
                c.tally.members.to_string(),
                format!("{}", c.bearing_from_deg),
                format!("{}", c.bearing_to_deg),
                format!("{:.6}", c.share),
                format!("{:.6}", c.area_km2),
                format!("{:.2}", c.members_per_km2),
                opt(c.repurchase_rate, 6),
            ];
            rec.extend(tally_fields(&c.tally));
            rec.extend([opt(c.area_coverage, 6), c.no_data.to_string()]);
            w.write_record(&rec)?;
        }
    }
    w.flush()?;
    Ok(())
}
