//! Ring reports as aligned text for the terminal, in the reader's language; where the
//! data ends inside the rings, a note says so and the grid marks the cells beyond it.

use super::fmt_m;
use crate::analysis::rings::{RingLabel, RingReport};
use crate::analysis::segments::Segment;
use crate::i18n::{Lang, ShopLine, pad};
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
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = lang.texts();
    const WIDTHS: [usize; 9] = [8, 12, 8, 7, 7, 8, 9, 7, 5];
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let shop = ShopLine {
            name: &r.shop.name,
            kind: r.shop.kind,
            lat: r.shop.lat,
            lon: r.shop.lon,
        };
        writeln!(
            out,
            "{}",
            t.rings_heading(shop, r.members, r.scope, r.as_of)
        )?;
        let heads: Vec<String> = t
            .rings_columns()
            .iter()
            .zip(WIDTHS)
            .enumerate()
            .map(|(k, (h, w))| pad(h, w, k > 0))
            .collect();
        write!(out, "{}", heads.join(" "))?;
        for s in Segment::ALL {
            write!(out, " {}", pad(t.segment_head(s), 10, true))?;
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
                "{} {:>12} {:>8} {:>7} {:>7} {:>8} {:>9} {:>7} {:>5}",
                pad(&t.ring_label(row.ring), WIDTHS[0], false),
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
                write!(out, " {:>10}", row.tally.segments.get(s))?;
            }
            writeln!(out)?;
        }
        if let Some(c) = &r.coverage {
            if let Some(note) = t.data_ends(c, r.radii_m.last().copied().unwrap_or(0.0)) {
                writeln!(out, "{note}")?;
                let shares: Vec<(RingLabel, f64)> = r
                    .rings
                    .iter()
                    .filter_map(|row| Some((row.ring, row.area_coverage?)))
                    .collect();
                writeln!(out, "{}", t.ring_coverage(&shares))?;
            }
        }
        writeln!(
            out,
            "{}",
            t.trade_area(
                r.own_members.as_ref().map(|o| o.tally.members),
                r.radius_50_m,
                r.radius_70_m,
                r.median_distance_m
            )
        )?;
        if cells {
            write_grid(r, lang, out)?;
        }
    }
    Ok(())
}

fn write_grid(r: &RingReport, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let t = lang.texts();
    writeln!(out, "\n{}", t.ring_grid_heading())?;
    write!(out, "{}", pad(t.rings_columns()[0], 12, false))?;
    for c in r.cells.iter().take(r.sectors) {
        write!(out, " {}", pad(lang.compass(c.sector), 5, true))?;
    }
    writeln!(out)?;
    for ring in r.cells.chunks(r.sectors) {
        write!(
            out,
            "{:<12}",
            format!("{}–{} m", fmt_m(ring[0].inner_m), fmt_m(ring[0].outer_m))
        )?;
        for c in ring {
            let mark = if c.no_data { "×" } else { "" };
            write!(out, " {:>5}", format!("{}{mark}", c.tally.members))?;
        }
        writeln!(out)?;
    }
    if r.cells.iter().any(|c| c.no_data) {
        writeln!(out, "{}", t.no_data_mark())?;
    }
    Ok(())
}
