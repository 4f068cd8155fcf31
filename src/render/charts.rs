//! Charts with axes — bars (the map's members per ring, a comparison figure per shop) and
//! a scatter of two figures — drawn by plotters' SVG backend and set into our pages.
//!
//! plotters draws in whole pixels, so a chart is drawn [`PX_PER_MM`] pixels to the
//! millimetre and scaled back into its rectangle of the page. Its texts are then made ours:
//! the family plotters writes is dropped (the page's font list applies, and with it the
//! bundled fonts when the page becomes PDF or PNG), a text with Chinese in it gets the
//! page's CJK class, and every text is recorded for the font check.

use super::page::Rect;
use super::style;
use super::svg::{Svg, num};
use super::text::is_wide;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart pixels per millimetre of the page.
const PX_PER_MM: f64 = 10.0;

/// The family plotters writes, removed again when the chart is set into a page.
const FAMILY: &str = "catchment-chart";

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    /// Its label on the category axis.
    pub label: String,
    /// Its length.
    pub value: f64,
    /// The value as written at the bar's end.
    pub value_text: String,
    /// Drawn in the strong colour (e.g. the benchmark shop).
    pub strong: bool,
}

/// A bar chart.
pub(crate) struct BarChart<'a> {
    /// The bars, in the order drawn (left to right, or top to bottom).
    pub bars: &'a [Bar],
    /// A dashed reference line across the bars (e.g. the chain's median).
    pub reference: Option<f64>,
    /// Bars left to right with labels under them (the ring chart), or top to bottom
    /// with labels to their left and a value axis under them (a figure per shop).
    pub vertical: bool,
    /// Text size, millimetres.
    pub text_mm: f64,
    /// Bar colour.
    pub colour: &'a str,
    /// Colour of strong bars.
    pub strong_colour: &'a str,
    /// Ticks of the value axis (horizontal charts), from a value.
    pub tick: &'a dyn Fn(f64) -> String,
}

/// A point of a scatter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    /// Its name, written beside it.
    pub label: String,
    /// Its position.
    pub x: f64,
    /// Its position.
    pub y: f64,
    /// Drawn in the strong colour.
    pub strong: bool,
}

/// A scatter of named points.
pub(crate) struct Scatter<'a> {
    /// The points.
    pub points: &'a [Point],
    /// Axis names.
    pub x_name: &'a str,
    /// Axis names.
    pub y_name: &'a str,
    /// Text size, millimetres.
    pub text_mm: f64,
    /// Ticks of the axes.
    pub x_tick: &'a dyn Fn(f64) -> String,
    /// Ticks of the axes.
    pub y_tick: &'a dyn Fn(f64) -> String,
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// `#rrggbb` as a plotters colour (ink for anything else).
fn colour(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0x22)
    };
    RGBColor(byte(0), byte(2), byte(4))
}

/// A font `size_mm` high on the page.
fn font(size_mm: f64, hex: &str) -> TextStyle<'static> {
    // plotters writes a font size of size / 1.24.
    (FAMILY, size_mm * PX_PER_MM * 1.24)
        .into_font()
        .color(&colour(hex))
}

fn px(mm: f64) -> u32 {
    (mm * PX_PER_MM).round().max(1.0) as u32
}

/// A value axis from 0 (or below, for negative values) to a little past the largest.
fn value_range(values: impl Iterator<Item = f64>, headroom: f64) -> (f64, f64) {
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let hi = if hi <= 0.0 && lo >= 0.0 { 1.0 } else { hi };
    let span = (hi - lo).max(f64::EPSILON);
    (
        if lo < 0.0 { lo - span * 0.05 } else { 0.0 },
        hi + span * headroom,
    )
}

/// Draws `chart` into `r` of the page.
pub(crate) fn bar_chart(svg: &mut Svg, r: &Rect, chart: &BarChart<'_>) {
    embed(svg, r, |root| {
        if chart.vertical {
            vertical_bars(root, chart)
        } else {
            horizontal_bars(root, chart)
        }
    });
}

/// Draws `scatter` into `r` of the page.
pub(crate) fn scatter_chart(svg: &mut Svg, r: &Rect, scatter: &Scatter<'_>) {
    embed(svg, r, |root| draw_scatter(root, scatter));
}

type Root<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn vertical_bars(root: &Root<'_>, c: &BarChart<'_>) -> DrawResult {
    let n = c.bars.len().max(1);
    let (lo, hi) = value_range(c.bars.iter().map(|b| b.value), 0.22);
    let text = font(c.text_mm, style::INK);
    let mut chart = ChartBuilder::on(root)
        .x_label_area_size(px(c.text_mm * 2.4))
        .build_cartesian_2d((0..n - 1).into_segmented(), lo..hi)?;
    let labels: Vec<&str> = c.bars.iter().map(|b| b.label.as_str()).collect();
    let label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => labels.get(*i).copied().unwrap_or("").to_owned(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(n)
        .x_label_formatter(&label)
        .x_label_style(text.clone())
        .axis_style(ShapeStyle::from(&colour(style::INK)).stroke_width(2))
        .set_tick_mark_size(LabelAreaPosition::Bottom, px(c.text_mm * 0.3) as i32)
        .draw()?;
    let slot_px = root.dim_in_pixel().0 as f64 / n as f64;
    let margin = (slot_px * 0.15).round() as u32;
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        let fill = colour(if b.strong { c.strong_colour } else { c.colour }).mix(0.8);
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), b.value),
            ],
            fill.filled(),
        );
        bar.set_margin(0, 0, margin, margin);
        bar
    }))?;
    let gap = px(c.text_mm * 0.3) as i32;
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        EmptyElement::at((SegmentValue::CenterOf(i), b.value))
            + Text::new(
                b.value_text.clone(),
                (0, -gap),
                text.pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
    }))?;
    Ok(())
}

fn horizontal_bars(root: &Root<'_>, c: &BarChart<'_>) -> DrawResult {
    let n = c.bars.len().max(1);
    let (lo, hi) = value_range(c.bars.iter().map(|b| b.value).chain(c.reference), 0.25);
    let text = font(c.text_mm, style::INK);
    let soft = font(c.text_mm * 0.9, style::INK_SOFT);
    let longest = c
        .bars
        .iter()
        .map(|b| super::text::width_mm(&b.label, c.text_mm, false))
        .fold(0.0, f64::max);
    let dim = root.dim_in_pixel();
    let label_px = px(longest + c.text_mm).min(dim.0 * 2 / 5);
    let mut chart = ChartBuilder::on(root)
        .margin_right(px(c.text_mm * 0.5))
        .y_label_area_size(label_px)
        .x_label_area_size(px(c.text_mm * 2.0))
        .build_cartesian_2d(lo..hi, (0..n - 1).into_segmented())?;
    // Top to bottom: the first bar at the top.
    let labels: Vec<String> = c
        .bars
        .iter()
        .map(|b| {
            super::text::fit(
                &b.label,
                c.text_mm,
                false,
                longest.min(label_px as f64 / PX_PER_MM - c.text_mm),
            )
        })
        .collect();
    let label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => (n - 1)
            .checked_sub(*i)
            .and_then(|k| labels.get(k))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    let tick = |v: &f64| (c.tick)(*v);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(4)
        .x_label_formatter(&tick)
        .x_label_style(soft)
        .y_labels(n)
        .y_label_formatter(&label)
        .y_label_style(text.clone())
        .light_line_style(TRANSPARENT)
        .bold_line_style(colour(style::RULE).mix(0.6))
        .axis_style(ShapeStyle::from(&colour(style::INK)).stroke_width(2))
        .set_tick_mark_size(LabelAreaPosition::Left, px(c.text_mm * 0.3) as i32)
        .draw()?;
    let slot_px = root.dim_in_pixel().1 as f64 / n as f64;
    let margin = (slot_px * 0.18).round() as u32;
    chart.draw_series(c.bars.iter().enumerate().map(|(k, b)| {
        let i = n - 1 - k;
        let fill = colour(if b.strong { c.strong_colour } else { c.colour }).mix(0.85);
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(i)),
                (b.value, SegmentValue::Exact(i + 1)),
            ],
            fill.filled(),
        );
        bar.set_margin(margin, margin, 0, 0);
        bar
    }))?;
    let gap = px(c.text_mm * 0.4) as i32;
    chart.draw_series(c.bars.iter().enumerate().map(|(k, b)| {
        let i = n - 1 - k;
        let right = b.value >= 0.0;
        EmptyElement::at((b.value, SegmentValue::CenterOf(i)))
            + Text::new(
                b.value_text.clone(),
                (if right { gap } else { -gap }, 0),
                text.pos(Pos::new(
                    if right { HPos::Left } else { HPos::Right },
                    VPos::Center,
                )),
            )
    }))?;
    if let Some(m) = c.reference {
        let dash = ShapeStyle::from(&colour(style::OWN_SHOP)).stroke_width(3);
        chart.draw_series(DashedLineSeries::new(
            [(m, SegmentValue::Exact(0)), (m, SegmentValue::Exact(n))],
            px(1.2) as i32,
            px(0.8) as i32,
            dash,
        ))?;
    }
    Ok(())
}

fn draw_scatter(root: &Root<'_>, s: &Scatter<'_>) -> DrawResult {
    let text = font(s.text_mm, style::INK);
    let soft = font(s.text_mm * 0.9, style::INK_SOFT);
    let (x0, x1) = value_range(s.points.iter().map(|p| p.x), 0.15);
    let (y0, y1) = value_range(s.points.iter().map(|p| p.y), 0.15);
    let mut chart = ChartBuilder::on(root)
        .margin(px(s.text_mm))
        .x_label_area_size(px(s.text_mm * 3.6))
        .y_label_area_size(px(s.text_mm * 5.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let (xt, yt) = (|v: &f64| (s.x_tick)(*v), |v: &f64| (s.y_tick)(*v));
    chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&xt)
        .y_label_formatter(&yt)
        .x_label_style(soft.clone())
        .y_label_style(soft)
        .x_desc(s.x_name)
        .y_desc(s.y_name)
        .axis_desc_style(text.clone())
        .light_line_style(TRANSPARENT)
        .bold_line_style(colour(style::RULE).mix(0.6))
        .axis_style(ShapeStyle::from(&colour(style::INK)).stroke_width(2))
        .draw()?;
    let r = px(s.text_mm * 0.45) as i32;
    chart.draw_series(s.points.iter().map(|p| {
        let c = colour(if p.strong {
            style::OWN_SHOP
        } else {
            style::RING
        });
        EmptyElement::at((p.x, p.y))
            + Circle::new((0, 0), r, c.mix(0.85).filled())
            + Text::new(
                p.label.clone(),
                (r + 4, 0),
                text.pos(Pos::new(HPos::Left, VPos::Center)),
            )
    }))?;
    Ok(())
}

/// Draws with plotters into a chart of `r`'s size and sets the result into the page.
fn embed(svg: &mut Svg, r: &Rect, draw: impl FnOnce(&Root<'_>) -> DrawResult) {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (px(r.w), px(r.h))).into_drawing_area();
        draw(&root).and_then(|()| root.present().map_err(Into::into))
    };
    if let Err(e) = drawn {
        // Drawing into a string fails only on a bug; the page is still worth having, and
        // says where the chart went.
        let why = super::svg::esc(&e.to_string()).replace("--", "- -");
        svg.raw(&format!("<!-- chart not drawn: {why} -->\n"));
        return;
    }
    let (markup, texts) = adopt(&out);
    svg.raw(&format!(
        "<g class=\"chart\" transform=\"translate({} {}) scale({})\">\n",
        num(r.x),
        num(r.y),
        1.0 / PX_PER_MM
    ));
    svg.raw(&markup);
    svg.end_group();
    for t in texts {
        svg.record_text(t);
    }
}

/// plotters' SVG made ours: its body without the `<svg>` element, its family dropped
/// (CJK texts get the page's CJK class), and its texts unescaped.
fn adopt(plotted: &str) -> (String, Vec<String>) {
    let body_start = plotted
        .find("<svg")
        .and_then(|s| plotted[s..].find('>').map(|e| s + e + 1))
        .unwrap_or(0);
    let body_end = plotted.rfind("</svg>").unwrap_or(plotted.len());
    let body = &plotted[body_start..body_end.max(body_start)];
    let family = format!(" font-family=\"{FAMILY}\"");
    let mut out = String::with_capacity(body.len());
    let mut texts = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("<text") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let open_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let close = rest[open_end..]
            .find("</text>")
            .map_or(rest.len(), |c| open_end + c);
        let content = &rest[open_end..close];
        let text = unescape(content.trim());
        let class = if text.chars().any(is_wide) {
            " class=\"cjk\""
        } else {
            ""
        };
        out.push_str(&rest[..open_end].replace(&family, class));
        out.push_str(content.trim());
        if !text.is_empty() {
            texts.push(text);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    (out, texts)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::svg::Families;

    fn page() -> Svg {
        let f = Families {
            latin: "Latin".into(),
            cjk: "CJK".into(),
        };
        Svg::new(100.0, 100.0, &f, "t")
    }

    #[test]
    fn bars_come_out_as_page_markup_with_their_texts() {
        let bars = vec![
            Bar {
                label: "150 米".into(),
                value: 12.0,
                value_text: "12".into(),
                strong: false,
            },
            Bar {
                label: "300 m".into(),
                value: 30.0,
                value_text: "30 & more".into(),
                strong: true,
            },
        ];
        let mut svg = page();
        let tick = |v: f64| format!("{v:.0}");
        bar_chart(
            &mut svg,
            &Rect::new(10.0, 10.0, 60.0, 30.0),
            &BarChart {
                bars: &bars,
                reference: None,
                vertical: true,
                text_mm: 2.0,
                colour: style::RING,
                strong_colour: style::OWN_SHOP,
                tick: &tick,
            },
        );
        let (out, texts) = svg.finish();
        assert!(
            out.contains("transform=\"translate(10 10) scale(0.1)\""),
            "{out}"
        );
        assert!(!out.contains(FAMILY), "{out}");
        assert!(out.contains("class=\"cjk\""), "{out}");
        assert!(out.matches("<svg").count() == 1, "{out}");
        for t in ["150 米", "300 m", "12", "30 & more"] {
            assert!(texts.iter().any(|x| x == t), "{t}: {texts:?}");
        }
    }

    #[test]
    fn value_ranges_start_at_zero_and_leave_room() {
        assert_eq!(value_range([0.0, 0.0].into_iter(), 0.2), (0.0, 1.2));
        let (lo, hi) = value_range([-1.0, 3.0].into_iter(), 0.25);
        assert!(lo < -1.0 && hi > 3.0);
    }
}
