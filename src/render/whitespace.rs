//! The white-space map: the candidate hexagons shaded by the net gain of an own shop
//! there, the best sites numbered by rank, the chain's shops and competitors, over the
//! basemap, with the furniture of every map (scale bar, north arrow, attribution), a
//! legend and a side table of the best sites. One landscape page.

use super::basemap;
use super::furniture::{self, heading};
use super::marks::{self, ShopMark};
use super::page::{Layout, Rect};
use super::projection::Projection;
use super::style;
use super::svg::{Families, PathData, Svg, TextStyle, num};
use super::text::fit;
use super::{MapData, Paper, RenderError};
use crate::analysis::whitespace::{Site, Whitespace};
use crate::coord::LonLat;
use crate::geodesy::distance_m;
use crate::i18n::Lang;
use crate::model::ShopKind;
use crate::osm::Area;

/// The net-gain ramp, light to dark (positive gains; none gets [`NO_GAIN`]).
const GAIN_RAMP: [&str; 5] = ["#fff3b0", "#fdd67a", "#f9a94b", "#e8702a", "#b8400e"];
/// Hexagons where a shop would take at least as much from our shops as it adds.
const NO_GAIN: &str = "#b9c4cc";

/// What the white-space map shows and on what paper.
#[derive(Debug, Clone, PartialEq)]
pub struct WhitespaceMapSpec {
    /// Paper size (always landscape).
    pub paper: Paper,
    /// Language of title, legend and table.
    pub lang: Lang,
    /// How many of the best sites are numbered.
    pub top: usize,
    /// Resolution of PNG output in dots per inch.
    pub dpi: u32,
}

/// Upper bounds of the five gain classes: equal steps up to the best site's gain, rounded.
fn gain_classes(best: f64) -> [f64; 5] {
    // The smallest 1, 2 or 5 × 10ᵏ step whose five classes hold the best site.
    let target = (best / 5.0).max(0.1);
    let power = 10f64.powf(target.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= target)
        .unwrap_or(10.0 * power);
    std::array::from_fn(|i| step * (i + 1) as f64)
}

fn gain_colour(gain: f64, classes: &[f64; 5]) -> &'static str {
    if gain <= 0.0 {
        return NO_GAIN;
    }
    let k = classes.iter().position(|c| gain <= *c).unwrap_or(4);
    GAIN_RAMP[k]
}

/// Centre and half the short side (metres) of a frame holding the best sites and the own
/// shops near them.
/// `None` when there is nothing to frame (no site and no own shop).
fn frame_of(w: &Whitespace, data: &MapData, top: usize, map: &Rect) -> Option<(LonLat, f64)> {
    let best = &w.sites[..top.clamp(1, w.sites.len().max(1)).min(w.sites.len())];
    let mut pts: Vec<LonLat> = best
        .iter()
        .filter_map(|s| LonLat::new(s.lon, s.lat).ok())
        .collect();
    let near_best = |p: LonLat| {
        pts.iter()
            .any(|q| distance_m(*q, p) <= 2.0 * w.model.reach_m)
    };
    let own: Vec<LonLat> = data
        .shops()
        .iter()
        .filter(|s| s.kind == ShopKind::Own)
        .map(|s| s.position)
        .filter(|p| pts.is_empty() || near_best(*p))
        .collect();
    pts.extend(own);
    let first = pts.first().copied()?;
    let (mut w0, mut s0, mut e0, mut n0) = (
        first.lon_deg(),
        first.lat_deg(),
        first.lon_deg(),
        first.lat_deg(),
    );
    for p in &pts {
        w0 = w0.min(p.lon_deg());
        e0 = e0.max(p.lon_deg());
        s0 = s0.min(p.lat_deg());
        n0 = n0.max(p.lat_deg());
    }
    let centre = LonLat::new(0.5 * (w0 + e0), 0.5 * (s0 + n0)).unwrap_or(first);
    let half_w = LonLat::new(e0, centre.lat_deg()).map_or(0.0, |p| distance_m(centre, p));
    let half_h = LonLat::new(centre.lon_deg(), n0).map_or(0.0, |p| distance_m(centre, p));
    // Metres per millimetre that fit both, plus a margin of two hexagons.
    let hex_m = w
        .sites
        .first()
        .and_then(|s| {
            let c = LonLat::new(s.lon, s.lat).ok()?;
            let v = LonLat::new(s.boundary.first()?[0], s.boundary.first()?[1]).ok()?;
            Some(distance_m(c, v))
        })
        .unwrap_or(200.0);
    let margin_m = 1.5 * hex_m;
    let m_per_mm = ((half_w + margin_m) / (map.w / 2.0)).max((half_h + margin_m) / (map.h / 2.0));
    Some((centre, (m_per_mm * map.w.min(map.h) / 2.0).max(800.0)))
}

/// Composes the white-space page as SVG; returns it and every text drawn.
pub(crate) fn compose(
    data: &MapData,
    w: &Whitespace,
    spec: &WhitespaceMapSpec,
    families: &Families,
) -> Result<(String, Vec<String>), RenderError> {
    let layout = Layout::new(spec.paper, true);
    let u = layout.unit;
    let lang = spec.lang;
    let t = lang.texts();
    let map = layout.map;
    let (centre, half_m) = frame_of(w, data, spec.top, &map)
        .or_else(|| Some((data.shops().first()?.position, 1000.0)))
        .ok_or(RenderError::NoShops)?;
    let proj = Projection::new(centre, &map, half_m);
    let title = t.whitespace_map_title();
    let mut svg = Svg::new(layout.page_w, layout.page_h, families, title);
    svg.rect(
        0.0,
        0.0,
        layout.page_w,
        layout.page_h,
        &format!("fill=\"{}\"", style::PAPER),
    );
    let (frame, mut placed) =
        furniture::begin_map(&mut svg, &map, &proj, u, lang, true, "map-clip");
    let inside = map.grow(-u);
    let shown = |at: (f64, f64)| {
        at.0 >= inside.x && at.0 <= inside.right() && at.1 >= inside.y && at.1 <= inside.bottom()
    };
    let mut shop_marks: Vec<ShopMark> = data
        .shops()
        .iter()
        .filter(|s| proj.may_hold(s.position))
        .map(|s| ShopMark {
            shop: s,
            at: proj.project(s.position),
            focus: false,
        })
        .filter(|m| shown(m.at))
        .collect();
    shop_marks.sort_by(|a, b| {
        (a.shop.kind != ShopKind::Own)
            .cmp(&(b.shop.kind != ShopKind::Own))
            .then_with(|| a.shop.name.cmp(&b.shop.name))
    });
    let top = spec.top.min(w.sites.len());
    let numbered: Vec<(&Site, (f64, f64))> = w.sites[..top]
        .iter()
        .filter_map(|s| Some((s, proj.project(LonLat::new(s.lon, s.lat).ok()?))))
        .filter(|(_, at)| shown(*at))
        .collect();
    let badge_r = 2.3 * u;
    for (_, at) in &numbered {
        placed.add(Rect::new(
            at.0 - badge_r,
            at.1 - badge_r,
            2.0 * badge_r,
            2.0 * badge_r,
        ));
    }
    // Our shops' names come before the competitors' symbols: they may cover a triangle,
    // never a numbered site.
    let own_marks: Vec<ShopMark> = shop_marks
        .iter()
        .filter(|m| m.shop.kind == ShopKind::Own)
        .cloned()
        .collect();
    marks::register_symbols(&own_marks, u, &mut placed);
    let labels: Vec<_> = marks::shop_labels(&own_marks, u, &inside, &mut placed)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    marks::register_symbols(&shop_marks, u, &mut placed);
    let edge_outline = data
        .area()
        .and_then(Area::edge)
        .and_then(|e| marks::data_edge_outline(&proj, &e, &map));

    svg.group("clip-path=\"url(#map-clip)\"");
    svg.rect(
        map.x,
        map.y,
        map.w,
        map.h,
        &format!("fill=\"{}\"", style::LAND),
    );
    if let Some(area) = data.area() {
        basemap::draw(&mut svg, area, &proj, &map, u);
    }
    let best_gain = w.sites.first().map_or(0.0, |s| s.net_gain);
    let classes = gain_classes(best_gain);
    svg.group("id=\"whitespace-hexagons\"");
    for s in &w.sites {
        if !proj.may_hold(LonLat::new(s.lon, s.lat).unwrap_or(centre)) {
            continue;
        }
        let pts: Vec<(f64, f64)> = s
            .boundary
            .iter()
            .filter_map(|c| LonLat::new(c[0], c[1]).ok())
            .map(|p| proj.project(p))
            .collect();
        let mut d = PathData::new();
        d.polygon(&pts);
        svg.path(
            &d,
            &format!(
                "class=\"site\" data-rank=\"{}\" fill=\"{}\" fill-opacity=\"0.62\" stroke=\"#fff\" stroke-width=\"{}\"",
                s.rank,
                gain_colour(s.net_gain, &classes),
                num(0.12 * u)
            ),
        );
    }
    svg.end_group();
    if let Some(outline) = &edge_outline {
        marks::no_data_veil(&mut svg, outline, &map, u);
    }
    marks::shops(&mut svg, &shop_marks, u);
    marks::draw_labels(
        &mut svg,
        &labels,
        TextStyle::plain(2.6 * u, style::OWN_SHOP)
            .bold()
            .halo(0.6 * u),
    );
    svg.group("id=\"best-sites\"");
    // The best last, so it is on top.
    for (s, at) in numbered.iter().rev() {
        let mut d = PathData::new();
        d.circle(at.0, at.1, badge_r);
        svg.path(
            &d,
            &format!(
                "fill=\"{}\" stroke=\"#fff\" stroke-width=\"{}\"",
                style::INK,
                num(0.4 * u)
            ),
        );
        let size = if s.rank >= 10 { 2.3 * u } else { 2.8 * u };
        svg.text(
            at.0,
            at.1 + 0.36 * size,
            0.0,
            &s.rank.to_string(),
            TextStyle::plain(size, style::PAPER)
                .bold()
                .anchored("middle"),
        );
    }
    svg.end_group();
    svg.end_group();
    furniture::draw_map_frame(&mut svg, &map, &frame, u, lang);

    furniture::title_block(
        &mut svg,
        &layout.title,
        u,
        title,
        &t.whitespace_map_subtitle(&w.grid, &w.model),
    );
    legend(
        &mut svg,
        &layout.legend,
        u,
        lang,
        &classes,
        edge_outline.is_some(),
    );
    let side = Rect::new(
        layout.table.x,
        layout.table.y,
        layout.table.w,
        layout.chart.bottom() - layout.table.y,
    );
    best_table(&mut svg, &side, u, lang, &w.sites[..top]);
    Ok(svg.finish())
}

/// The legend: the gain classes, the numbered sites, our shops, competitors, no data.
fn legend(svg: &mut Svg, r: &Rect, u: f64, lang: Lang, classes: &[f64; 5], no_data: bool) {
    let t = lang.texts();
    let words = lang.words();
    let [gain_head, numbered, our_shops, no_gain, _] = t.whitespace_legend();
    svg.group("id=\"legend\"");
    heading(svg, r, u, words.legend);
    let size = 2.6 * u;
    let step = 4.2 * u;
    let mut y = r.y + 6.0 * u + size;
    svg.text(
        r.x,
        y,
        0.0,
        &fit(gain_head, 2.7 * u, true, r.w),
        TextStyle::plain(2.7 * u, style::INK_SOFT).bold(),
    );
    y += 0.5 * size;
    let swatch = |svg: &mut Svg, y: f64, fill: &str| {
        svg.rect(
            r.x + 0.5 * u,
            y + 0.6 * u,
            3.2 * u,
            step - 1.2 * u,
            &format!("fill=\"{fill}\" fill-opacity=\"0.75\" stroke=\"#fff\""),
        );
    };
    let row = |svg: &mut Svg, y: f64, text: &str| {
        svg.text(
            r.x + 5.5 * u,
            y + 0.5 * step + 0.35 * size,
            0.0,
            &fit(text, size, false, r.w - 6.0 * u),
            TextStyle::plain(size, style::INK),
        );
    };
    for k in (0..5).rev() {
        swatch(svg, y, GAIN_RAMP[k]);
        let lo = if k == 0 { 0.0 } else { classes[k - 1] };
        let text = if k == 4 {
            format!("> {}", fmt_gain(lo))
        } else {
            format!("{} – {}", fmt_gain(lo), fmt_gain(classes[k]))
        };
        row(svg, y, &text);
        y += step;
    }
    swatch(svg, y, NO_GAIN);
    row(svg, y, no_gain);
    y += step * 1.25;
    let cy = y + 0.5 * step;
    let mut d = PathData::new();
    d.circle(r.x + 2.1 * u, cy, 1.8 * u);
    svg.path(&d, &format!("fill=\"{}\"", style::INK));
    svg.text(
        r.x + 2.1 * u,
        cy + 0.36 * 2.4 * u,
        0.0,
        "1",
        TextStyle::plain(2.4 * u, style::PAPER)
            .bold()
            .anchored("middle"),
    );
    row(svg, y, numbered);
    y += step;
    let cy = y + 0.5 * step;
    let mut d = PathData::new();
    marks::star(&mut d, r.x + 2.1 * u, cy, 2.0 * u);
    svg.path(&d, &format!("fill=\"{}\"", style::OWN_SHOP));
    row(svg, y, our_shops);
    y += step;
    let cy = y + 0.5 * step;
    let (x, h) = (r.x + 2.1 * u, 1.4 * u);
    let mut d = PathData::new();
    d.polygon(&[
        (x, cy - 1.5 * u),
        (x + h, cy + 0.9 * u),
        (x - h, cy + 0.9 * u),
    ]);
    svg.path(&d, &format!("fill=\"{}\"", style::COMPETITOR));
    row(svg, y, words.competitor);
    y += step;
    if no_data && y + step <= r.bottom() + 2.0 * u {
        svg.rect(
            r.x + 0.5 * u,
            y + 0.6 * u,
            3.2 * u,
            step - 1.2 * u,
            &format!("fill=\"{}\" fill-opacity=\"0.55\"", style::NO_DATA),
        );
        row(svg, y, words.beyond_data);
    }
    svg.end_group();
}

fn fmt_gain(x: f64) -> String {
    if x >= 10.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The side table: rank, net gain, draw, cannibalized and the distance to the nearest own
/// shop of the best sites.
fn best_table(svg: &mut Svg, r: &Rect, u: f64, lang: Lang, sites: &[Site]) {
    let t = lang.texts();
    let cols = t.whitespace_columns();
    svg.group("id=\"best-sites-table\"");
    heading(svg, r, u, t.whitespace_legend()[4]);
    let size = 2.4 * u;
    let step = 3.6 * u;
    let mut y = r.y + 6.0 * u + size;
    // Column right edges: #, net gain, draw, cannibalized; then the own shop, left-aligned.
    let xs = [
        r.x + 4.0 * u,
        r.x + 18.0 * u,
        r.x + 30.0 * u,
        r.x + 46.0 * u,
    ];
    let shop_x = r.x + 48.5 * u;
    let heads = [cols[0], cols[11], cols[9], cols[10]];
    for (x, h) in xs.iter().zip(heads) {
        svg.text(
            *x,
            y,
            0.0,
            &fit(h, size, true, 15.0 * u),
            TextStyle::plain(size, style::INK_SOFT)
                .bold()
                .anchored("end"),
        );
    }
    svg.text(
        shop_x,
        y,
        0.0,
        &fit(cols[5], size, true, r.right() - shop_x),
        TextStyle::plain(size, style::INK_SOFT).bold(),
    );
    y += 0.6 * size;
    svg.rect(r.x, y, r.w, 0.2 * u, &format!("fill=\"{}\"", style::RULE));
    for s in sites {
        y += step;
        if y > r.bottom() {
            break;
        }
        let cells = [
            s.rank.to_string(),
            format!("{:+.1}", s.net_gain),
            format!("{:.1}", s.expected_draw),
            format!("{:.1}", s.cannibalized),
        ];
        for (x, c) in xs.iter().zip(&cells) {
            svg.text(
                *x,
                y,
                0.0,
                c,
                TextStyle::plain(size, style::INK).anchored("end"),
            );
        }
        let own = s
            .nearest_own_shop_m
            .map_or_else(|| "–".to_owned(), |m| lang.distance(m));
        svg.text(
            shop_x,
            y,
            0.0,
            &fit(&own, size, false, r.right() - shop_x),
            TextStyle::plain(size, style::INK),
        );
    }
    svg.end_group();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gains_fall_in_classes_and_none_is_grey() {
        let c = gain_classes(48.0);
        assert_eq!(c, [10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(gain_colour(-1.0, &c), NO_GAIN);
        assert_eq!(gain_colour(0.0, &c), NO_GAIN);
        assert_eq!(gain_colour(1e9, &c), GAIN_RAMP[4]);
        assert_eq!(gain_colour(0.01, &c), GAIN_RAMP[0]);
    }
}
