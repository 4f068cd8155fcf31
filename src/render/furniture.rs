//! Map furniture: title block, north arrow, scale bar, attribution and legend (the ring
//! table and chart are in `table`).
//!
//! The scale bar is measured on the projection itself (millimetres per metre of the
//! azimuthal equidistant frame, true at every point of a catchment map), so a bar
//! labelled N m is N m on the ground wherever it is laid on the sheet.

use super::labels::{Placed, text_box};
use super::marks::star;
use super::members::{LegendRow, MembersDrawn, Swatch};
use super::page::Rect;
use super::projection::Projection;
use super::style;
use super::svg::{PathData, Svg, TextStyle, num};
use super::text::{fit, width_mm};
use crate::i18n::{Lang, group_thousands};

/// A scale bar: its ground length, its length and place on paper.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScaleBar {
    pub metres: f64,
    pub length_mm: f64,
    pub segments: usize,
    /// Where the bar's left end is (x, y of its baseline) and the box it takes.
    pub at: (f64, f64),
    pub frame: Rect,
    /// "Scale 1 : n" over the bar; `None` on a screen, where no ratio holds.
    pub ratio: Option<String>,
}

/// The largest 1-2-5 length not longer than `target_m`.
pub(crate) fn nice_length_m(target_m: f64) -> f64 {
    let target = target_m.max(1.0);
    let exp = target.log10().floor();
    let base = 10f64.powf(exp);
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * base)
        .find(|v| *v <= target)
        .unwrap_or(base)
}

/// Plans the scale bar in the map's lower left corner: about a quarter of the frame's
/// width, a 1-2-5 length, its box just around its bar and texts; with `ratio` (paper, in
/// millimetres) the scale as "1 : n" too.
pub(crate) fn scale_bar(
    map: &Rect,
    proj: &Projection,
    unit: f64,
    lang: Lang,
    ratio: bool,
) -> ScaleBar {
    let metres = nice_length_m(0.25 * map.w / proj.mm_per_m());
    let length_mm = metres * proj.mm_per_m();
    let lead = (metres / 10f64.powf(metres.log10().floor())).round() as usize;
    let segments = if lead == 5 { 5 } else { 4 };
    let size = 2.3 * unit;
    let pad = 1.5 * unit;
    let at = (
        map.x + 2.5 * unit + pad,
        map.bottom() - 2.0 * unit - pad - size * 1.2,
    );
    let right_label = width_mm(&lang.distance(metres), size, false) / 2.0;
    let ratio = ratio.then(|| scale_text(proj, lang));
    let scale_label = ratio.as_ref().map_or(0.0, |r| width_mm(r, size, false));
    let w =
        (length_mm + right_label).max(scale_label) + 2.0 * pad + width_mm("0", size, false) / 2.0;
    let top = at.1 - 1.4 * unit - 1.0 * unit - size * 0.8 - pad;
    let bottom = at.1 + size * 1.2 + 0.4 * unit + pad;
    let frame = Rect::new(
        at.0 - pad - width_mm("0", size, false) / 2.0,
        top,
        w,
        bottom - top,
    );
    ScaleBar {
        metres,
        length_mm,
        segments,
        at,
        frame,
        ratio,
    }
}

/// "Scale 1 : 11,800".
fn scale_text(proj: &Projection, lang: Lang) -> String {
    let denominator = 1000.0 / proj.mm_per_m();
    format!(
        "{} 1 : {}",
        lang.words().scale,
        group_thousands(round_sig(denominator))
    )
}

/// Draws the scale bar: alternating segments, `0` and the length below, "Scale 1 : n"
/// above.
pub(crate) fn draw_scale_bar(svg: &mut Svg, bar: &ScaleBar, unit: f64, lang: Lang) {
    let f = &bar.frame;
    svg.rect(
        f.x,
        f.y,
        f.w,
        f.h,
        "fill=\"#fff\" fill-opacity=\"0.85\" rx=\"0.8\"",
    );
    svg.group("id=\"scale-bar\"");
    let (x0, y) = bar.at;
    let h = 1.4 * unit;
    let seg = bar.length_mm / bar.segments as f64;
    for i in 0..bar.segments {
        let fill = if i % 2 == 0 { style::INK } else { "#fff" };
        svg.rect(
            x0 + seg * i as f64,
            y - h,
            seg,
            h,
            &format!(
                "class=\"scale-seg\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"",
                style::INK,
                num(0.15 * unit)
            ),
        );
    }
    let size = 2.3 * unit;
    let t = TextStyle::plain(size, style::INK).anchored("middle");
    svg.text(x0, y + size + 0.4 * unit, 0.0, "0", t);
    svg.text(
        x0 + bar.length_mm,
        y + size + 0.4 * unit,
        0.0,
        &lang.distance(bar.metres),
        t,
    );
    if let Some(ratio) = &bar.ratio {
        svg.text(
            x0,
            y - h - 1.0 * unit,
            0.0,
            ratio,
            TextStyle::plain(size, style::INK),
        );
    }
    svg.end_group();
}

/// Rounds to three significant digits (`11,789` → `11,800`).
fn round_sig(x: f64) -> u64 {
    if !(x.is_finite() && x > 0.0) {
        return 0;
    }
    let step = 10f64.powf((x.log10().floor() - 2.0).max(0.0));
    ((x / step).round() * step) as u64
}

/// Where a map's furniture goes, decided before anything is drawn on the map.
pub(crate) struct MapFrame {
    /// The north arrow's box.
    pub(crate) north: Rect,
    /// The scale bar.
    pub(crate) bar: ScaleBar,
}

/// Starts a map in `map`: writes the clip path `clip_id` of its rectangle, lays out the
/// north arrow, scale bar (`printed`: for paper) and attribution, and returns them with
/// the map's placements, which already keep their boxes (and half a unit around them)
/// free for labels placed later. [`draw_map_frame`] draws them once the map is drawn.
pub(crate) fn begin_map(
    svg: &mut Svg,
    map: &Rect,
    proj: &Projection,
    unit: f64,
    lang: Lang,
    printed: bool,
    clip_id: &str,
) -> (MapFrame, Placed) {
    svg.raw(&format!(
        "<defs><clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>\n",
        clip_id,
        num(map.x),
        num(map.y),
        num(map.w),
        num(map.h)
    ));
    let north = north_arrow_box(map, unit);
    let bar = scale_bar(map, proj, unit, lang, printed);
    let mut placed = Placed::new(map);
    for b in [north, bar.frame, attribution_box(map, unit, lang)] {
        placed.add(b.grow(0.5 * unit));
    }
    (MapFrame { north, bar }, placed)
}

/// Finishes a map's frame: its outline, the north arrow, the scale bar and the OSM
/// attribution, drawn over whatever the map holds.
pub(crate) fn draw_map_frame(svg: &mut Svg, map: &Rect, frame: &MapFrame, unit: f64, lang: Lang) {
    svg.rect(
        map.x,
        map.y,
        map.w,
        map.h,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
            style::INK,
            num(0.3 * unit)
        ),
    );
    draw_north_arrow(svg, &frame.north, unit, lang);
    draw_scale_bar(svg, &frame.bar, unit, lang);
    draw_attribution(svg, map, unit, lang);
}

/// The north arrow's box in the map's upper right corner.
pub(crate) fn north_arrow_box(map: &Rect, unit: f64) -> Rect {
    Rect::new(
        map.right() - 11.0 * unit,
        map.y + 1.5 * unit,
        9.5 * unit,
        13.0 * unit,
    )
}

/// Draws the north arrow: true north is straight up at the shop (the projection is
/// centred there).
pub(crate) fn draw_north_arrow(svg: &mut Svg, b: &Rect, unit: f64, lang: Lang) {
    svg.rect(
        b.x,
        b.y,
        b.w,
        b.h,
        "fill=\"#fff\" fill-opacity=\"0.85\" rx=\"0.8\"",
    );
    let cx = b.x + b.w / 2.0;
    let top = b.y + 1.5 * unit;
    let bottom = b.y + 8.5 * unit;
    let half = 2.3 * unit;
    let mut left = PathData::new();
    left.polygon(&[(cx, top), (cx - half, bottom), (cx, bottom - 1.8 * unit)]);
    let mut right = PathData::new();
    right.polygon(&[(cx, top), (cx + half, bottom), (cx, bottom - 1.8 * unit)]);
    svg.group("id=\"north-arrow\"");
    svg.path(&left, &format!("fill=\"{}\"", style::INK));
    svg.path(
        &right,
        &format!(
            "fill=\"#fff\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            style::INK,
            num(0.2 * unit)
        ),
    );
    let size = 3.0 * unit;
    svg.text(
        cx,
        b.bottom() - 0.9 * unit,
        0.0,
        lang.words().north,
        TextStyle::plain(size, style::INK).bold().anchored("middle"),
    );
    svg.end_group();
}

/// The attribution's box in the map's lower right corner.
pub(crate) fn attribution_box(map: &Rect, unit: f64, lang: Lang) -> Rect {
    let size = 2.0 * unit;
    let w = width_mm(lang.words().attribution, size, false);
    text_box(
        map.right() - 1.5 * unit - w,
        map.bottom() - 1.5 * unit,
        w,
        size,
        0.8 * unit,
    )
}

/// Draws "Map data © OpenStreetMap contributors".
pub(crate) fn draw_attribution(svg: &mut Svg, map: &Rect, unit: f64, lang: Lang) {
    let b = attribution_box(map, unit, lang);
    svg.rect(b.x, b.y, b.w, b.h, "fill=\"#fff\" fill-opacity=\"0.85\"");
    svg.text(
        map.right() - 1.5 * unit,
        map.bottom() - 1.5 * unit,
        0.0,
        lang.words().attribution,
        TextStyle::plain(2.0 * unit, style::INK_SOFT).anchored("end"),
    );
}

/// Draws the title and subtitle, and a rule under them.
pub(crate) fn title_block(svg: &mut Svg, r: &Rect, unit: f64, title: &str, subtitle: &str) {
    let size = 6.0 * unit;
    let title = fit(title, size, true, r.w);
    svg.text(
        r.x,
        r.y + 5.6 * unit,
        0.0,
        &title,
        TextStyle::plain(size, style::INK).bold(),
    );
    let sub = 2.9 * unit;
    let subtitle = fit(subtitle, sub, false, r.w);
    svg.text(
        r.x,
        r.y + 11.2 * unit,
        0.0,
        &subtitle,
        TextStyle::plain(sub, style::INK_SOFT),
    );
    svg.rect(
        r.x,
        r.bottom() - 3.2 * unit,
        r.w,
        0.25 * unit,
        &format!("fill=\"{}\"", style::RULE),
    );
}

/// A panel's heading.
pub(crate) fn heading(svg: &mut Svg, r: &Rect, unit: f64, text: &str) {
    let size = 3.3 * unit;
    let text = fit(text, size, true, r.w);
    svg.text(
        r.x,
        r.y + size,
        0.0,
        &text,
        TextStyle::plain(size, style::INK).bold(),
    );
}

/// The symbols the legend explains besides the members.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MarksShown {
    pub other_own_shops: bool,
    pub competitors: bool,
    /// The map shows where the loaded data ends.
    pub data_edge: bool,
}

/// Draws the legend panel: the member classes with counts, then the map's symbols.
pub(crate) fn legend(
    svg: &mut Svg,
    r: &Rect,
    unit: f64,
    lang: Lang,
    members: &MembersDrawn,
    marks: MarksShown,
) {
    let words = lang.words();
    svg.group("id=\"legend\"");
    heading(svg, r, unit, words.legend);
    let mut rows: Vec<(Swatch2, String, Option<u64>)> = Vec::new();
    for LegendRow {
        swatch,
        label,
        count,
    } in &members.rows
    {
        rows.push((Swatch2::Member(*swatch), label.clone(), *count));
    }
    rows.push((Swatch2::Shop, words.this_shop.to_owned(), None));
    if marks.other_own_shops {
        rows.push((Swatch2::OwnShop, words.other_own_shops.to_owned(), None));
    }
    if marks.competitors {
        rows.push((Swatch2::Competitor, words.competitor.to_owned(), None));
    }
    rows.push((Swatch2::Ring, words.rings.to_owned(), None));
    if marks.data_edge {
        rows.push((Swatch2::NoData, words.beyond_data.to_owned(), None));
    }
    let size = 2.6 * unit;
    let sub_size = 2.7 * unit;
    let note_lines = members.note.as_deref().map_or(0, |_| 1);
    let top = r.y + 6.0 * unit;
    let avail = r.bottom() - top - sub_size * 1.4 - note_lines as f64 * 2.6 * unit;
    let step = (avail / rows.len().max(1) as f64).min(4.3 * unit);
    let size = size.min(step * 0.75);
    let mut y = top + sub_size;
    svg.text(
        r.x,
        y,
        0.0,
        &fit(&members.title, sub_size, true, r.w),
        TextStyle::plain(sub_size, style::INK_SOFT).bold(),
    );
    y += sub_size * 0.5;
    for (i, (swatch, label, count)) in rows.iter().enumerate() {
        if i == members.rows.len() && i > 0 {
            // A little air between member classes and map symbols.
            y += step * 0.25;
        }
        let cy = y + step * 0.5;
        draw_swatch(svg, *swatch, r.x + 2.0 * unit, cy, unit);
        let count_text = count.map(|n| lang.count(n)).unwrap_or_default();
        let count_w = width_mm(&count_text, size, false);
        let label = fit(label, size, false, r.w - 6.0 * unit - count_w - 2.0 * unit);
        svg.text(
            r.x + 5.0 * unit,
            cy + 0.35 * size,
            0.0,
            &label,
            TextStyle::plain(size, style::INK),
        );
        if !count_text.is_empty() {
            svg.text(
                r.right(),
                cy + 0.35 * size,
                0.0,
                &count_text,
                TextStyle::plain(size, style::INK).anchored("end"),
            );
        }
        y += step;
    }
    if let Some(note) = &members.note {
        let ns = 2.1 * unit;
        svg.text(
            r.x,
            y + ns * 1.3,
            0.0,
            &fit(note, ns, false, r.w),
            TextStyle::plain(ns, style::INK_SOFT),
        );
    }
    svg.end_group();
}

#[derive(Debug, Clone, Copy)]
enum Swatch2 {
    Member(Swatch),
    Shop,
    OwnShop,
    Competitor,
    Ring,
    NoData,
}

fn draw_swatch(svg: &mut Svg, s: Swatch2, x: f64, y: f64, unit: f64) {
    let mut d = PathData::new();
    let thin = num(0.15 * unit);
    let attrs = match s {
        Swatch2::Member(Swatch::Dot(c)) => {
            d.circle(x, y, 0.9 * unit);
            format!("fill=\"{c}\" stroke=\"#fff\" stroke-width=\"{thin}\"")
        }
        Swatch2::Member(Swatch::Star(c)) => {
            star(&mut d, x, y, 1.5 * unit);
            format!(
                "fill=\"{c}\" stroke=\"{}\" stroke-width=\"{thin}\" stroke-linejoin=\"round\"",
                style::INK
            )
        }
        Swatch2::Member(Swatch::Hex(c)) => {
            let pts: Vec<(f64, f64)> = (0..6)
                .map(|i| {
                    let a = (60.0 * i as f64 + 30.0f64).to_radians();
                    (x + 1.6 * unit * a.cos(), y + 1.6 * unit * a.sin())
                })
                .collect();
            d.polygon(&pts);
            format!("fill=\"{c}\" fill-opacity=\"0.72\"")
        }
        Swatch2::Shop | Swatch2::OwnShop => {
            let r = if matches!(s, Swatch2::Shop) { 1.9 } else { 1.4 } * unit;
            star(&mut d, x, y, r);
            format!("fill=\"{}\"", style::OWN_SHOP)
        }
        Swatch2::Competitor => {
            let r = 1.4 * unit;
            d.polygon(&[
                (x, y - r),
                (x + r * 0.9, y + r * 0.6),
                (x - r * 0.9, y + r * 0.6),
            ]);
            format!("fill=\"{}\"", style::COMPETITOR)
        }
        Swatch2::NoData => {
            let r = 1.5 * unit;
            d.polygon(&[
                (x - r, y - r),
                (x + r, y - r),
                (x + r, y + r),
                (x - r, y + r),
            ]);
            format!(
                "fill=\"{}\" fill-opacity=\"0.55\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\"",
                style::NO_DATA,
                style::INK_SOFT,
                num(0.25 * unit),
                num(0.8 * unit),
                num(0.5 * unit)
            )
        }
        Swatch2::Ring => {
            d.circle(x, y, 1.5 * unit);
            format!(
                "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
                style::RING,
                num(0.3 * unit)
            )
        }
    };
    svg.path(&d, &attrs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_lengths() {
        assert_eq!(nice_length_m(560.0), 500.0);
        assert_eq!(nice_length_m(499.0), 200.0);
        assert_eq!(nice_length_m(150.0), 100.0);
        assert_eq!(nice_length_m(2100.0), 2000.0);
        assert_eq!(nice_length_m(0.0), 1.0);
        assert_eq!(round_sig(11_789.4), 11_800);
        assert_eq!(round_sig(950.0), 950);
    }
}
