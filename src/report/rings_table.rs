//! Ring reports as aligned text for the terminal.

use super::fmt_m;
use crate::analysis::rings::{RingLabel, RingReport};
use crate::analysis::segments::Segment;
use std::io::{self, Write};

fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:.1}%", 100.0 * x))
}

/// Writes each report as a titled table; with `cells`, also a ring × sector grid.
///
/// # Errors
/// When writing fails.
pub fn write_rings_table(
    reports: &[RingReport],
    cells: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} ({}) at {:.6}, {:.6}: {} members ({}){}",
            r.shop.name,
            r.shop.kind.as_str(),
            r.shop.lat,
            r.shop.lon,
            r.members,
            r.scope,
            r.as_of
                .map_or(String::new(), |d| format!(", segments as of {d}"))
        )?;
        write!(
            out,
            "{:<8} {:>12} {:>8} {:>7} {:>7} {:>8} {:>9} {:>7} {:>5}",
            "ring", "distance", "members", "share", "cum.", "km²", "per km²", "repeat", "vip"
        )?;
        for s in Segment::ALL {
            write!(out, " {:>9}", s.as_str())?;
        }
        writeln!(out)?;
        for row in &r.rings {
            let distance = match row.ring {
                RingLabel::Ring(_) => format!(
                    "{}–{} m",
                    fmt_m(row.inner_m),
                    row.outer_m.map_or(String::new(), fmt_m)
                ),
                RingLabel::Outside => format!("> {} m", fmt_m(row.inner_m)),
            };
            write!(
                out,
                "{:<8} {:>12} {:>8} {:>7} {:>7} {:>8} {:>9} {:>7} {:>5}",
                row.ring.to_string(),
                distance,
                row.tally.members,
                pct(Some(row.share)),
                pct(Some(row.cumulative_share)),
                row.area_km2.map_or("–".into(), |a| format!("{a:.3}")),
                row.members_per_km2
                    .map_or("–".into(), |d| format!("{d:.0}")),
                pct(row.repurchase_rate),
                row.tally.vip_members
            )?;
            for s in Segment::ALL {
                write!(out, " {:>9}", row.tally.segments.get(s))?;
            }
            writeln!(out)?;
        }
        let m = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.0} m"));
        writeln!(
            out,
            "Half of the members live within {}, 70 % within {}; median distance {}.",
            m(r.radius_50_m),
            m(r.radius_70_m),
            m(r.median_distance_m)
        )?;
        if cells {
            write_grid(r, out)?;
        }
    }
    Ok(())
}

fn write_grid(r: &RingReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\nMembers by ring (rows) and sector (columns):")?;
    write!(out, "{:<12}", "ring")?;
    for c in r.cells.iter().take(r.sectors) {
        write!(out, " {:>5}", c.sector)?;
    }
    writeln!(out)?;
    for ring in r.cells.chunks(r.sectors) {
        write!(
            out,
            "{:<12}",
            format!("{}–{} m", fmt_m(ring[0].inner_m), fmt_m(ring[0].outer_m))
        )?;
        for c in ring {
            write!(out, " {:>5}", c.tally.members)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
