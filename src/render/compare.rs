//! The printed comparison of own shops: the table (figures down, shops across, paged by
//! shops), the overlapping trade areas, one small map per shop — every map on the same
//! scale — and a chart per figure with the shops sorted, plus a scatter of competitors
//! against Huff share. Pages are landscape on the paper asked for; the same pages make
//! the PDF, the SVG files and the pictures of the HTML file.

use super::charts::{Bar, BarChart, Point, Scatter, bar_chart, scatter_chart};
use super::compose::{Page, half_side_m, small_map};
use super::furniture::{heading, title_block};
use super::page::Rect;
use super::style;
use super::svg::{Families, Svg, TextStyle};
use super::text::{fit, width_mm};
use super::{MapData, MapSpec};
use crate::analysis::compare::{Comparison, Figure, ShopRow};
use crate::i18n::{Lang, figure_difference, figure_value};
use crate::model::{Shop, ShopKind};

/// Where everything goes on a landscape page of the spec's paper.
struct Sheet {
    w: f64,
    h: f64,
    unit: f64,
    /// Under the title block.
    body: Rect,
    title: Rect,
}

impl Sheet {
    fn new(spec: &MapSpec) -> Self {
        let (short, long) = spec.paper.size_mm();
        let unit = short / 210.0;
        let margin = 10.0 * unit;
        let title_h = 17.0 * unit;
        let title = Rect::new(margin, margin, long - 2.0 * margin, title_h);
        let body = Rect::new(
            margin,
            margin + title_h,
            long - 2.0 * margin,
            short - 2.0 * margin - title_h - 4.0 * unit,
        );
        Self {
            w: long,
            h: short,
            unit,
            body,
            title,
        }
    }

    /// A new page with the title block.
    fn page(&self, families: &Families, title: &str, subtitle: &str) -> Svg {
        let mut svg = Svg::new(self.w, self.h, families, title);
        svg.rect(
            0.0,
            0.0,
            self.w,
            self.h,
            &format!("fill=\"{}\"", style::PAPER),
        );
        title_block(&mut svg, &self.title, self.unit, title, subtitle);
        svg
    }
}

/// Lines of `text` no wider than `width_mm` at `size_mm` (broken at spaces, or anywhere
/// in CJK text).
fn wrap(text: &str, size_mm: f64, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut word = String::new();
    let flush_word = |line: &mut String, word: &mut String, lines: &mut Vec<String>| {
        if !line.is_empty() && width_mm(&format!("{line}{word}"), size_mm, false) > width {
            lines.push(line.trim_end().to_owned());
            line.clear();
            *word = word.trim_start().to_owned();
        }
        line.push_str(word);
        word.clear();
    };
    for c in text.chars() {
        if c == ' ' || super::text::is_wide(c) {
            if c == ' ' {
                flush_word(&mut line, &mut word, &mut lines);
                word.push(' ');
            } else {
                word.push(c);
                flush_word(&mut line, &mut word, &mut lines);
            }
        } else {
            word.push(c);
        }
    }
    flush_word(&mut line, &mut word, &mut lines);
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Which pages of the comparison to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contents {
    /// Table pages, map pages, chart pages (the PDF).
    Everything,
    /// Map pages and chart pages (the HTML file holds the table as a table).
    PicturesOnly,
}

/// The comparison's pages of `contents`, numbered among themselves.
pub(crate) fn pages(
    c: &Comparison,
    data: &MapData,
    spec: &MapSpec,
    families: &Families,
    contents: Contents,
) -> Vec<Page> {
    let sheet = Sheet::new(spec);
    let mut svgs = match contents {
        Contents::Everything => table_pages(c, spec.lang, &sheet, families),
        Contents::PicturesOnly => Vec::new(),
    };
    svgs.extend(picture_svgs(c, data, spec, &sheet, families));
    numbered(svgs, &sheet, spec.lang)
}

fn picture_svgs(
    c: &Comparison,
    data: &MapData,
    spec: &MapSpec,
    sheet: &Sheet,
    families: &Families,
) -> Vec<Svg> {
    let shops: Vec<&Shop> = c
        .shops
        .iter()
        .filter_map(|row| {
            data.shops()
                .iter()
                .find(|s| s.name == row.shop && s.kind == ShopKind::Own)
        })
        .collect();
    let mut svgs = map_pages(c, data, &shops, spec, sheet, families);
    svgs.extend(chart_pages(c, spec.lang, sheet, families));
    svgs
}

/// Finishes pages with "page i of n" in the corner.
fn numbered(svgs: Vec<Svg>, sheet: &Sheet, lang: Lang) -> Vec<Page> {
    let n = svgs.len();
    let t = lang.texts();
    svgs.into_iter()
        .enumerate()
        .map(|(i, mut svg)| {
            svg.text(
                sheet.w - 10.0 * sheet.unit,
                sheet.h - 6.0 * sheet.unit,
                0.0,
                &t.page_of(i + 1, n),
                TextStyle::plain(2.2 * sheet.unit, style::INK_SOFT).anchored("end"),
            );
            let (svg, texts) = svg.finish();
            Page { svg, texts }
        })
        .collect()
}

/// The table, figures down and shops across (as many shops per page as fit, the chain
/// median last on every page), then the overlapping trade areas.
fn table_pages(c: &Comparison, lang: Lang, sheet: &Sheet, families: &Families) -> Vec<Svg> {
    let t = lang.texts();
    let u = sheet.unit;
    let body = sheet.body;
    let size = 2.5 * u;
    let intro = wrap(&t.compare_heading(c), 2.4 * u, body.w);
    let name_w = c
        .figures
        .iter()
        .map(|f| width_mm(&t.compare_figure(*f, &c.radii_m), size, true))
        .fold(30.0 * u, f64::max)
        + 3.0 * u;
    // Wide enough for the longest shop name, within reason (longer names are cut).
    let col_w = c
        .shops
        .iter()
        .map(|s| width_mm(&s.shop, size, true) + 3.0 * u)
        .fold(25.0 * u, f64::max)
        .min(40.0 * u);
    let per_page = (((body.w - name_w) / col_w).floor() as usize)
        .saturating_sub(1)
        .max(1);
    let chunks: Vec<&[ShopRow]> = c.shops.chunks(per_page).collect();
    let row_h = if c.benchmark.is_some() { 6.6 } else { 4.6 } * u;
    let mut pages = Vec::new();
    for chunk in &chunks {
        let subtitle = c
            .benchmark
            .as_deref()
            .map(|b| t.compare_vs(b))
            .unwrap_or_default();
        let mut svg = sheet.page(families, t.compare_title(), &subtitle);
        let mut y = body.y + 2.4 * u;
        for line in &intro {
            svg.text(
                body.x,
                y,
                0.0,
                line,
                TextStyle::plain(2.4 * u, style::INK_SOFT),
            );
            y += 3.3 * u;
        }
        y += 3.0 * u;
        let head = TextStyle::plain(size, style::INK).bold();
        svg.text(body.x, y, 0.0, t.compare_shop_head(), head);
        let col_x = |k: usize| body.x + name_w + col_w * (k as f64 + 1.0);
        for (k, row) in chunk.iter().enumerate() {
            let strong = c.benchmark.as_deref() == Some(row.shop.as_str());
            let colour = if strong { style::OWN_SHOP } else { style::INK };
            let name = fit(&row.shop, size, true, col_w - 2.0 * u);
            svg.text(
                col_x(k),
                y,
                0.0,
                &name,
                TextStyle::plain(size, colour).bold().anchored("end"),
            );
        }
        let median_x = col_x(chunk.len());
        svg.text(median_x, y, 0.0, t.chain_median(), head.anchored("end"));
        y += 1.4 * u;
        svg.rect(
            body.x,
            y,
            median_x - body.x,
            0.2 * u,
            &format!("fill=\"{}\"", style::RULE),
        );
        for (f, figure) in c.figures.iter().enumerate() {
            y += row_h - 1.4 * u;
            if f % 2 == 1 {
                svg.rect(
                    body.x,
                    y - size - 0.6 * u,
                    median_x - body.x,
                    row_h,
                    "fill=\"#f4f4f4\"",
                );
            }
            svg.text(
                body.x,
                y,
                0.0,
                &t.compare_figure(*figure, &c.radii_m),
                TextStyle::plain(size, style::INK),
            );
            for (k, row) in chunk.iter().enumerate() {
                let value = figure_value(*figure, row.values[f]);
                let cell = match row.ranks[f] {
                    Some(r) => format!("{value}  #{r}"),
                    None => value,
                };
                svg.text(
                    col_x(k),
                    y,
                    0.0,
                    &cell,
                    TextStyle::plain(size, style::INK).anchored("end"),
                );
                let diff = row.vs_benchmark.as_ref().and_then(|d| d[f]);
                if c.benchmark.as_deref() != Some(row.shop.as_str())
                    && let Some(d) = diff
                {
                    let better = if figure.lower_is_better() {
                        d < 0.0
                    } else {
                        d > 0.0
                    };
                    let colour = if d == 0.0 {
                        style::INK_SOFT
                    } else if better {
                        BETTER
                    } else {
                        WORSE
                    };
                    svg.text(
                        col_x(k),
                        y + 2.7 * u,
                        0.0,
                        &figure_difference(*figure, Some(d)),
                        TextStyle::plain(2.1 * u, colour).anchored("end"),
                    );
                }
            }
            svg.text(
                median_x,
                y,
                0.0,
                &figure_value(*figure, c.chain_median[f]),
                TextStyle::plain(size, style::INK_SOFT).anchored("end"),
            );
            y += 1.4 * u;
        }
        pages.push((svg, y));
    }
    // The overlapping trade areas, under the last table and on pages of their own.
    let mut lines: Vec<String> = Vec::new();
    for o in &c.overlaps {
        let mut first = true;
        for l in wrap(&t.compare_overlap(o), 2.3 * u, body.w - 4.0 * u) {
            lines.push(if first {
                format!("• {l}")
            } else {
                format!("  {l}")
            });
            first = false;
        }
    }
    let mut out: Vec<Svg> = Vec::new();
    let last = pages.len().saturating_sub(1);
    for (i, (svg, y)) in pages.into_iter().enumerate() {
        if i != last || lines.is_empty() {
            out.push(svg);
            continue;
        }
        let mut svg = svg;
        let mut y = y + 8.0 * u;
        let mut heading_drawn = false;
        for line in &lines {
            if y > body.bottom() - 2.0 * u || !heading_drawn {
                if heading_drawn {
                    out.push(svg);
                    svg = sheet.page(families, t.compare_title(), t.compare_overlaps_heading());
                    y = body.y + 4.0 * u;
                }
                heading(
                    &mut svg,
                    &Rect::new(body.x, y - 3.3 * u, body.w, 5.0 * u),
                    u,
                    t.compare_overlaps_heading(),
                );
                y += 5.0 * u;
                heading_drawn = true;
            }
            svg.text(body.x, y, 0.0, line, TextStyle::plain(2.3 * u, style::INK));
            y += 3.3 * u;
        }
        out.push(svg);
    }
    out
}

/// Green for a difference in the better direction, red for the worse.
const BETTER: &str = "#1b7837";
const WORSE: &str = "#b2182b";

/// One small map per shop, a grid per page, every map at the same scale.
fn map_pages(
    c: &Comparison,
    data: &MapData,
    shops: &[&Shop],
    spec: &MapSpec,
    sheet: &Sheet,
    families: &Families,
) -> Vec<Svg> {
    let t = spec.lang.texts();
    let u = sheet.unit;
    let body = sheet.body;
    let (cols, rows) = match shops.len() {
        0..=2 => (2usize, 1usize),
        3 => (3, 1),
        4..=6 => (3, 2),
        _ => (4, 2),
    };
    let gap = 5.0 * u;
    let cell_w = (body.w - gap * (cols as f64 - 1.0)) / cols as f64;
    let cell_h = (body.h - gap * (rows as f64 - 1.0)) / rows as f64;
    let name_h = 5.0 * u;
    let side = cell_w.min(cell_h - name_h);
    let extent = spec.lang.distance(half_side_m(spec));
    let subtitle = t.compare_maps_heading(&extent);
    let col = |f: Figure| c.figures.iter().position(|x| *x == f);
    let mut pages = Vec::new();
    for chunk in shops.chunks(cols * rows) {
        let mut svg = sheet.page(families, t.compare_title(), &subtitle);
        for (i, shop) in chunk.iter().enumerate() {
            let (cx, cy) = (i % cols, i / cols);
            let x = body.x + (cell_w + gap) * cx as f64;
            let y = body.y + (cell_h + gap) * cy as f64;
            let strong = c.benchmark.as_deref() == Some(shop.name.as_str());
            let row = c.shops.iter().find(|r| r.shop == shop.name);
            let members = row
                .zip(col(Figure::Members))
                .and_then(|(r, k)| r.values[k])
                .map(|v| spec.lang.count(v as u64))
                .unwrap_or_default();
            let label = fit(&format!("{} · {}", shop.name, members), 3.0 * u, true, side);
            svg.text(
                x,
                y + 3.6 * u,
                0.0,
                &label,
                TextStyle::plain(3.0 * u, if strong { style::OWN_SHOP } else { style::INK }).bold(),
            );
            let map = Rect::new(x, y + name_h, side, side);
            // Type and symbols a little larger than the printed map's at this size.
            let map_unit = side / 190.0 * 1.5;
            small_map(
                &mut svg,
                data,
                shop,
                spec,
                map,
                map_unit,
                &format!("map-clip-{i}"),
            );
        }
        pages.push(svg);
    }
    pages
}

/// A horizontal bar chart per figure (shops sorted, largest first; the chain median
/// dashed; the benchmark shop dark), and the scatter of competitors within 1 km against
/// Huff share.
fn chart_pages(c: &Comparison, lang: Lang, sheet: &Sheet, families: &Families) -> Vec<Svg> {
    let t = lang.texts();
    let u = sheet.unit;
    let body = sheet.body;
    let n = c.shops.len();
    let (cols, rows) = match n {
        0..=10 => (3usize, 2usize),
        11..=24 => (3, 1),
        _ => (1, 1),
    };
    let gap = 6.0 * u;
    let cell_w = (body.w - gap * (cols as f64 - 1.0)) / cols as f64;
    let cell_h = (body.h - gap * (rows as f64 - 1.0)) / rows as f64;
    let key = t.compare_chart_key(c.benchmark.as_deref());
    let subtitle = format!("{} — {key}", t.compare_charts_heading());
    // Cells: one per figure, then the scatter.
    let mut cells: Vec<Option<usize>> = (0..c.figures.len()).map(Some).collect();
    cells.push(None);
    let mut pages = Vec::new();
    for chunk in cells.chunks(cols * rows) {
        let mut svg = sheet.page(families, t.compare_title(), &subtitle);
        for (i, cell) in chunk.iter().enumerate() {
            let x = body.x + (cell_w + gap) * (i % cols) as f64;
            let y = body.y + (cell_h + gap) * (i / cols) as f64;
            match cell {
                Some(f) => figure_chart(&mut svg, c, lang, *f, &Rect::new(x, y, cell_w, cell_h), u),
                None => {
                    // The scatter comes last: it takes the rest of its row, up to two cells.
                    let span = (cols - i % cols).min(2) as f64;
                    let r = Rect::new(x, y, cell_w * span + gap * (span - 1.0), cell_h);
                    competitors_against_huff(&mut svg, c, lang, &r, u);
                }
            }
        }
        pages.push(svg);
    }
    pages
}

fn figure_chart(svg: &mut Svg, c: &Comparison, lang: Lang, f: usize, r: &Rect, u: f64) {
    let figure = c.figures[f];
    let t = lang.texts();
    heading(svg, r, u, &t.compare_figure(figure, &c.radii_m));
    let mut rows: Vec<(&ShopRow, f64)> = c
        .shops
        .iter()
        .filter_map(|s| Some((s, s.values[f]?)))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.shop.cmp(&b.0.shop)));
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(s, v)| Bar {
            label: s.shop.clone(),
            value: *v,
            value_text: figure_value(figure, Some(*v)),
            strong: c.benchmark.as_deref() == Some(s.shop.as_str()),
        })
        .collect();
    let plot = Rect::new(r.x, r.y + 5.0 * u, r.w, r.h - 5.0 * u);
    let slot = plot.h * 0.85 / bars.len().max(1) as f64;
    let text_mm = (2.2 * u).min(slot * 0.75).max(0.9 * u);
    let tick = move |v: f64| axis_value(figure, v);
    bar_chart(
        svg,
        &plot,
        &BarChart {
            bars: &bars,
            reference: c.chain_median[f],
            vertical: false,
            text_mm,
            colour: "#8fa8c8",
            strong_colour: style::RING,
            tick: &tick,
        },
    );
}

/// An axis tick in the figure's unit, short.
fn axis_value(figure: Figure, v: f64) -> String {
    if figure.is_share() {
        format!("{:.0}%", 100.0 * v)
    } else if figure == Figure::Penetration {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

fn competitors_against_huff(svg: &mut Svg, c: &Comparison, lang: Lang, r: &Rect, u: f64) {
    let t = lang.texts();
    let (Some(fx), Some(fy)) = (
        c.figures.iter().position(|f| *f == Figure::CompetitorsFar),
        c.figures.iter().position(|f| *f == Figure::HuffShare),
    ) else {
        return;
    };
    let x_name = t.compare_figure(Figure::CompetitorsFar, &c.radii_m);
    let y_name = t.compare_figure(Figure::HuffShare, &c.radii_m);
    heading(svg, r, u, &t.compare_scatter_title(&x_name, &y_name));
    let points: Vec<Point> = c
        .shops
        .iter()
        .filter_map(|s| {
            Some(Point {
                label: s.shop.clone(),
                x: s.values[fx]?,
                y: s.values[fy]?,
                strong: c.benchmark.as_deref() == Some(s.shop.as_str()),
            })
        })
        .collect();
    let plot = Rect::new(r.x, r.y + 5.0 * u, r.w, r.h - 5.0 * u);
    let text_mm = if points.len() > 30 { 1.4 * u } else { 2.1 * u };
    let (xt, yt) = (
        |v: f64| axis_value(Figure::CompetitorsFar, v),
        |v: f64| axis_value(Figure::HuffShare, v),
    );
    scatter_chart(
        svg,
        &plot,
        &Scatter {
            points: &points,
            x_name: &x_name,
            y_name: &y_name,
            text_mm,
            x_tick: &xt,
            y_tick: &yt,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_anywhere_in_chinese() {
        let lines = wrap("one two three four five six", 3.0, 25.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| width_mm(l, 3.0, false) <= 25.0),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), "one two three four five six");
        let zh = wrap("对比三家自营门店各圈占比按圈层报告计数", 3.0, 15.0);
        assert!(zh.len() >= 4, "{zh:?}");
        assert_eq!(zh.concat(), "对比三家自营门店各圈占比按圈层报告计数");
    }
}
