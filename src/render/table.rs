//! The ring table and the members-per-ring chart: the ring report's figures as a shop
//! owner reads them, beside the map.

use super::charts::{Bar, BarChart, bar_chart};
use super::furniture::heading;
use super::page::Rect;
use super::style;
use super::svg::{Svg, TextStyle};
use super::text::width_mm;
use crate::analysis::rings::{RingLabel, RingReport};
use crate::i18n::{Lang, group_thousands};

/// The label of a ring row: `0–150 m`, `> 1 km`.
fn ring_name(lang: Lang, inner_m: f64, outer_m: Option<f64>) -> String {
    match outer_m {
        Some(o) => {
            let outer = lang.distance(o);
            let inner = if inner_m == 0.0 {
                "0".to_owned()
            } else if (inner_m >= 1000.0) == (o >= 1000.0) {
                // Same unit as the outer radius: write only its number.
                outer_number(&lang.distance(inner_m))
            } else {
                lang.distance(inner_m)
            };
            format!("{inner}–{outer}")
        }
        None => format!("> {}", lang.distance(inner_m)),
    }
}

fn outer_number(s: &str) -> String {
    s.split(' ').next().unwrap_or(s).to_owned()
}

/// Draws the ring table: members, share, cumulative share and density per ring, as the
/// ring report counts them.
pub(crate) fn ring_table(svg: &mut Svg, r: &Rect, unit: f64, lang: Lang, report: &RingReport) {
    let words = lang.words();
    svg.group("id=\"ring-table\"");
    heading(svg, r, unit, words.ring_table);
    let rows = report.rings.len() + 2;
    let top = r.y + 6.5 * unit;
    let step = ((r.bottom() - top) / rows as f64).min(4.2 * unit);
    let size = (2.5 * unit).min(step * 0.78);
    // Column right edges as fractions of the width; the ring name is left-aligned.
    let cols = [0.44, 0.62, 0.80, 1.0];
    let header = [words.members, words.share, words.cumulative, words.per_km2];
    let mut y = top + size;
    let hs = TextStyle::plain(size, style::INK_SOFT).bold();
    svg.text(r.x, y, 0.0, words.ring, hs);
    for (c, h) in cols.iter().zip(header) {
        svg.text(r.x + r.w * c, y, 0.0, h, hs.anchored("end"));
    }
    rule_under(svg, r, y + 0.35 * step, unit);
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let ts = TextStyle::plain(size, style::INK);
    for row in &report.rings {
        y += step;
        let name = match row.ring {
            RingLabel::Ring(_) => ring_name(lang, row.inner_m, row.outer_m),
            RingLabel::Outside => ring_name(lang, row.inner_m, None),
        };
        let cells = [
            lang.count(row.tally.members),
            pct(row.share),
            pct(row.cumulative_share),
            row.members_per_km2
                .map(|d| group_thousands(d.round() as u64))
                .unwrap_or_else(|| "–".to_owned()),
        ];
        svg.text(r.x, y, 0.0, &name, ts);
        for (c, v) in cols.iter().zip(cells) {
            svg.text(r.x + r.w * c, y, 0.0, &v, ts.anchored("end"));
        }
    }
    rule_under(svg, r, y + 0.35 * step, unit);
    y += step;
    let bold = ts.bold();
    svg.text(r.x, y, 0.0, words.total, bold);
    svg.text(
        r.x + r.w * cols[0],
        y,
        0.0,
        &lang.count(report.members),
        bold.anchored("end"),
    );
    let all = if report.members > 0 { "100.0%" } else { "–" };
    svg.text(r.x + r.w * cols[1], y, 0.0, all, bold.anchored("end"));
    svg.end_group();
}

/// Draws the members-per-ring bar chart (rings only; `outside` is in the table), with
/// its axis through [`charts`](super::charts).
pub(crate) fn ring_chart(svg: &mut Svg, r: &Rect, unit: f64, lang: Lang, report: &RingReport) {
    let words = lang.words();
    svg.group("id=\"ring-chart\"");
    heading(svg, r, unit, words.bar_chart);
    let rings: Vec<_> = report
        .rings
        .iter()
        .filter(|row| row.outer_m.is_some())
        .collect();
    let size = 2.2 * unit;
    let plot = Rect::new(r.x, r.y + 6.0 * unit, r.w, r.h - 6.0 * unit);
    let slot = plot.w / rings.len().max(1) as f64;
    let bars: Vec<Bar> = rings
        .iter()
        .map(|row| {
            let label = row.outer_m.map(|m| lang.distance(m)).unwrap_or_default();
            Bar {
                label: outer_number_if_tight(&label, size, slot),
                value: row.tally.members as f64,
                value_text: lang.count(row.tally.members),
                strong: false,
            }
        })
        .collect();
    let tick = |v: f64| lang.count(v.max(0.0).round() as u64);
    bar_chart(
        svg,
        &plot,
        &BarChart {
            bars: &bars,
            reference: None,
            vertical: true,
            text_mm: size,
            colour: style::RING,
            strong_colour: style::OWN_SHOP,
            tick: &tick,
        },
    );
    svg.end_group();
}

/// A distance label, without its unit when it would not fit under its bar.
fn outer_number_if_tight(label: &str, size: f64, room: f64) -> String {
    if width_mm(label, size, false) <= room * 0.85 {
        label.to_owned()
    } else {
        outer_number(label)
    }
}

/// A thin rule across the table at `y`.
fn rule_under(svg: &mut Svg, r: &Rect, y: f64, unit: f64) {
    svg.rect(
        r.x,
        y,
        r.w,
        0.15 * unit,
        &format!("fill=\"{}\"", style::RULE),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_names() {
        assert_eq!(ring_name(Lang::En, 0.0, Some(150.0)), "0–150 m");
        assert_eq!(ring_name(Lang::En, 600.0, Some(1000.0)), "600 m–1 km");
        assert_eq!(ring_name(Lang::En, 150.0, Some(300.0)), "150–300 m");
        assert_eq!(ring_name(Lang::En, 1000.0, None), "> 1 km");
        assert_eq!(ring_name(Lang::Zh, 150.0, Some(300.0)), "150–300 米");
    }
}
