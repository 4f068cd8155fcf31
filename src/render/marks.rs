//! What the method draws on top of the basemap: where the loaded data ends (a grey veil
//! beyond it, a dashed line and "data ends here"), the distance rings (true geodesic
//! circles) with their labels, optional sector lines, the shop, our other shops and
//! competitors.

use super::labels::{Label, Placed, beside_point, text_box};
use super::page::Rect;
use super::projection::Projection;
use super::style;
use super::svg::{PathData, Svg, TextStyle, num};
use super::text::width_mm;
use crate::analysis::sectors::SectorScheme;
use crate::coord::LonLat;
use crate::geodesy::circle;
use crate::i18n::Lang;
use crate::model::{Shop, ShopKind};
use crate::osm::DataEdge;

/// A ring on paper: the geodesic circle the GeoJSON reports write, its closing vertex left
/// to the path.
pub(crate) fn ring_path(proj: &Projection, radius_m: f64) -> Vec<(f64, f64)> {
    let mut ring = circle(proj.frame().origin(), radius_m, false);
    ring.pop();
    ring.into_iter().map(|p| proj.project(p)).collect()
}

/// The edge of the data on paper: its box traced along its sides (parallels and
/// meridians, curved a little under the projection), closed; `None` when the map frame
/// lies wholly inside the box, so there is nothing to show.
pub(crate) fn data_edge_outline(
    proj: &Projection,
    edge: &DataEdge,
    map: &Rect,
) -> Option<Vec<(f64, f64)>> {
    const STEPS: usize = 32;
    let corners = edge.ring();
    let mut out = Vec::with_capacity(4 * STEPS + 1);
    for pair in corners.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for i in 0..STEPS {
            let t = i as f64 / STEPS as f64;
            let p = LonLat::new(
                a.lon_deg() + t * (b.lon_deg() - a.lon_deg()),
                a.lat_deg() + t * (b.lat_deg() - a.lat_deg()),
            )
            .unwrap_or(a);
            out.push(proj.project(p));
        }
    }
    out.push(out[0]);
    let crosses = out.windows(2).any(|s| segment_meets_rect(s[0], s[1], map));
    (crosses || !inside_polygon(map.centre(), &out)).then_some(out)
}

/// Whether the segment from `a` to `b` has a point inside `r` (Liang–Barsky).
fn segment_meets_rect(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - r.x),
        (dx, r.right() - a.0),
        (-dy, a.1 - r.y),
        (dy, r.bottom() - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

/// Whether `p` lies inside the closed polygon `ring` (even–odd rule).
fn inside_polygon(p: (f64, f64), ring: &[(f64, f64)]) -> bool {
    let mut inside = false;
    for s in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (s[0], s[1]);
        if (y0 > p.1) != (y1 > p.1) && p.0 < x0 + (p.1 - y0) * (x1 - x0) / (y1 - y0) {
            inside = !inside;
        }
    }
    inside
}

/// Veils the map beyond the data's edge in grey and draws the edge as a dashed line.
pub(crate) fn no_data_veil(svg: &mut Svg, outline: &[(f64, f64)], map: &Rect, unit: f64) {
    let mut d = PathData::new();
    d.polygon(&[
        (map.x, map.y),
        (map.right(), map.y),
        (map.right(), map.bottom()),
        (map.x, map.bottom()),
    ]);
    d.polygon(outline);
    svg.path(
        &d,
        &format!(
            "class=\"no-data\" fill=\"{}\" fill-opacity=\"0.55\" fill-rule=\"evenodd\"",
            style::NO_DATA
        ),
    );
    let mut line = PathData::new();
    line.polyline(outline);
    svg.path(
        &line,
        &format!(
            "class=\"data-edge\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\"",
            style::INK_SOFT,
            num(0.35 * unit),
            num(1.5 * unit),
            num(1.0 * unit)
        ),
    );
}

/// Places "data ends here" just beyond the edge, at the visible point of it nearest the
/// shop (at `focus`) where the label is free.
pub(crate) fn data_edge_label(
    outline: &[(f64, f64)],
    focus: (f64, f64),
    unit: f64,
    lang: Lang,
    within: &Rect,
    placed: &mut Placed,
) -> Option<Label> {
    let size = 2.4 * unit;
    let text = lang.words().data_ends.to_owned();
    let w = width_mm(&text, size, true);
    let n = outline.len().saturating_sub(1).max(1) as f64;
    let mid = outline
        .iter()
        .take(outline.len().saturating_sub(1))
        .fold((0.0, 0.0), |a, p| (a.0 + p.0 / n, a.1 + p.1 / n));
    let mut candidates: Vec<(f64, f64)> = outline.to_vec();
    candidates.sort_by(|a, b| {
        let d = |p: &(f64, f64)| (p.0 - focus.0).hypot(p.1 - focus.1);
        d(a).total_cmp(&d(b))
    });
    for (x, y) in candidates {
        // Outward: away from the box's middle, along the axis it lies furthest on.
        let (dx, dy) = (x - mid.0, y - mid.1);
        let (ox, oy) = if dx.abs() * (within.h / within.w.max(1e-9)) > dy.abs() {
            (dx.signum() * (w / 2.0 + 1.5 * unit), 0.0)
        } else {
            (0.0, dy.signum() * 2.0 * unit)
        };
        let (lx, base) = (x + ox, y + oy + 0.35 * size);
        let b = text_box(lx - w / 2.0, base, w, size, 0.4 * unit);
        if within.contains(&b) && placed.is_free(&b) {
            placed.add(b);
            return Some(Label {
                x: lx,
                y: base,
                angle_deg: 0.0,
                anchor: "middle",
                size_mm: size,
                text,
            });
        }
    }
    None
}

/// Hatches sparse cells (`map --sparse`) and writes their reasons inside them.
pub(crate) fn sparse_cells(
    svg: &mut Svg,
    proj: &Projection,
    cells: &[crate::render::SparseOverlay],
    unit: f64,
    lang: Lang,
) {
    use crate::analysis::sparse::Reason;
    if cells.is_empty() {
        return;
    }
    let gap = num(1.6 * unit);
    svg.raw(&format!(
        "<defs><pattern id=\"sparse-hatch\" patternUnits=\"userSpaceOnUse\" width=\"{gap}\" height=\"{gap}\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"{gap}\" stroke=\"{}\" stroke-width=\"{}\" stroke-opacity=\"0.55\"/></pattern></defs>\n",
        style::SPARSE,
        num(0.35 * unit)
    ));
    svg.group("id=\"sparse-cells\"");
    for c in cells {
        let steps = ((c.to_deg - c.from_deg).abs().ceil() as usize).max(2);
        let at = |r: f64, i: usize| {
            proj.destination(
                c.from_deg + (c.to_deg - c.from_deg) * i as f64 / steps as f64,
                r,
            )
        };
        let mut points: Vec<(f64, f64)> = (0..=steps).map(|i| at(c.outer_m, i)).collect();
        points.extend((0..=steps).rev().map(|i| at(c.inner_m, i)));
        let mut d = PathData::new();
        d.polygon(&points);
        svg.path(
            &d,
            &format!(
                "class=\"sparse\" fill=\"url(#sparse-hatch)\" stroke=\"{}\" stroke-width=\"{}\" stroke-opacity=\"0.8\"",
                style::SPARSE,
                num(0.3 * unit)
            ),
        );
        let words: Vec<&str> = c
            .reasons
            .iter()
            .filter_map(|r| match (r, lang) {
                (Reason::Competitor, Lang::En) => Some("competitor"),
                (Reason::Competitor, Lang::Zh) => Some("竞争对手"),
                (Reason::Barrier, Lang::En) => Some("barrier"),
                (Reason::Barrier, Lang::Zh) => Some("阻隔"),
                (Reason::Uncertain, Lang::En) => Some("uncertain data"),
                (Reason::Uncertain, Lang::Zh) => Some("数据不确定"),
                // Never on a sparse cell (no data), or no cause (few homes).
                (Reason::FewHomes | Reason::NoData, _) => None,
            })
            .collect();
        let text = match (words.is_empty(), lang) {
            (true, Lang::En) => "sparse: no visible cause".to_string(),
            (true, Lang::Zh) => "稀疏：无明显原因".to_string(),
            (false, Lang::En) => format!("sparse: {}", words.join(" + ")),
            (false, Lang::Zh) => format!("稀疏：{}", words.join("、")),
        };
        let (x, y) = proj.destination((c.from_deg + c.to_deg) / 2.0, (c.inner_m + c.outer_m) / 2.0);
        svg.text(
            x,
            y,
            0.0,
            &text,
            TextStyle::plain(1.9 * unit, style::SPARSE)
                .anchored("middle")
                .halo(0.5 * unit),
        );
    }
    svg.end_group();
}

/// Draws the rings (and sector lines) and returns their labels, placed first come first
/// served at the north of each ring (else south, else the diagonals).
pub(crate) fn rings(
    svg: &mut Svg,
    proj: &Projection,
    radii_m: &[f64],
    sectors: Option<SectorScheme>,
    unit: f64,
    lang: Lang,
) {
    let mut d = PathData::new();
    for &r in radii_m {
        d.polygon(&ring_path(proj, r));
    }
    svg.path(
        &d,
        &format!(
            "class=\"rings\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-opacity=\"0.85\"",
            style::RING,
            num(0.35 * unit)
        ),
    );
    let (Some(scheme), Some(&outer)) = (sectors, radii_m.last()) else {
        return;
    };
    let mut d = PathData::new();
    let w = scheme.width_deg();
    for i in 0..scheme.count() {
        let b = i as f64 * w + w / 2.0;
        let (x0, y0) = proj.destination(b, radii_m[0].min(outer) * 0.35);
        let (x1, y1) = proj.destination(b, outer);
        d.move_to(x0, y0);
        d.line_to(x1, y1);
    }
    svg.path(
        &d,
        &format!(
            "class=\"sectors\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\" stroke-opacity=\"0.7\"",
            style::RING,
            num(0.2 * unit),
            num(1.2 * unit),
            num(0.8 * unit)
        ),
    );
    let size = 2.4 * unit;
    for i in 0..scheme.count() {
        let (x, y) = proj.destination(i as f64 * w, outer + 3.0 * unit / proj.mm_per_m());
        svg.text(
            x,
            y + 0.35 * size,
            0.0,
            lang.compass(scheme.name(i)),
            TextStyle::plain(size, style::RING)
                .bold()
                .anchored("middle")
                .halo(0.5 * unit),
        );
    }
}

/// Places the ring labels ("150 m") on their rings, registering their boxes.
pub(crate) fn ring_labels(
    proj: &Projection,
    radii_m: &[f64],
    unit: f64,
    lang: Lang,
    within: &Rect,
    placed: &mut Placed,
) -> Vec<Label> {
    let size = 2.5 * unit;
    let mut out = Vec::new();
    for &r in radii_m {
        let text = lang.distance(r);
        let w = width_mm(&text, size, true);
        for bearing in [0.0, 180.0, 30.0, 330.0, 150.0, 210.0] {
            let (x, y) = proj.destination(bearing, r);
            let base = y + 0.35 * size;
            let b = text_box(x - w / 2.0, base, w, size, 0.4);
            if within.contains(&b) && placed.is_free(&b) {
                placed.add(b);
                out.push(Label {
                    x,
                    y: base,
                    angle_deg: 0.0,
                    anchor: "middle",
                    size_mm: size,
                    text,
                });
                break;
            }
        }
    }
    out
}

/// Draws placed labels with a halo.
pub(crate) fn draw_labels(svg: &mut Svg, labels: &[Label], style: TextStyle) {
    for l in labels {
        svg.text(
            l.x,
            l.y,
            l.angle_deg,
            &l.text,
            TextStyle {
                anchor: l.anchor,
                size_mm: l.size_mm,
                ..style
            },
        );
    }
}

/// A shop to mark on the map, with its page position.
#[derive(Debug, Clone)]
pub(crate) struct ShopMark<'a> {
    pub shop: &'a Shop,
    pub at: (f64, f64),
    /// The shop the map is about.
    pub focus: bool,
}

impl ShopMark<'_> {
    /// Radius of the symbol in millimetres.
    pub(crate) fn radius(&self, unit: f64) -> f64 {
        match (self.focus, self.shop.kind) {
            (true, _) => 3.0 * unit,
            (false, ShopKind::Own) => 2.2 * unit,
            (false, ShopKind::Competitor) => 1.5 * unit,
        }
    }
}

/// Registers the symbols' boxes, so no label covers a shop.
pub(crate) fn register_symbols(marks: &[ShopMark], unit: f64, placed: &mut Placed) {
    for m in marks {
        let r = m.radius(unit);
        placed.add(Rect::new(m.at.0 - r, m.at.1 - r, 2.0 * r, 2.0 * r));
    }
}

/// Places the shops' names in the order given (the focus shop, our other shops, then
/// competitors nearest first); the flag tells our shops' names from competitors'.
pub(crate) fn shop_labels(
    marks: &[ShopMark],
    unit: f64,
    within: &Rect,
    placed: &mut Placed,
) -> Vec<(Label, bool)> {
    let mut out = Vec::new();
    for m in marks {
        let (size, bold) = if m.focus {
            (3.2 * unit, true)
        } else if m.shop.kind == ShopKind::Own {
            (2.6 * unit, true)
        } else {
            (2.2 * unit, false)
        };
        if let Some(l) = beside_point(
            m.at,
            m.radius(unit),
            &m.shop.name,
            size,
            bold,
            within,
            placed,
            m.focus,
        ) {
            out.push((l, m.focus || m.shop.kind == ShopKind::Own));
        }
    }
    out
}

/// Five-pointed star around (x, y) with outer radius `r`.
pub(crate) fn star(d: &mut PathData, x: f64, y: f64, r: f64) {
    let pts: Vec<(f64, f64)> = (0..10)
        .map(|i| {
            let rr = if i % 2 == 0 { r } else { r * 0.45 };
            let a = (i as f64 * 36.0).to_radians();
            (x + rr * a.sin(), y - rr * a.cos())
        })
        .collect();
    d.polygon(&pts);
}

/// Draws the shop symbols, each as its own element placed by `translate(x y)` (so the
/// page position of every shop can be read back from the SVG): competitors as dark
/// triangles, our shops as stars, the focus shop largest and last (on top).
pub(crate) fn shops(svg: &mut Svg, marks: &[ShopMark], unit: f64) {
    let outline = num(0.3 * unit);
    let mut order: Vec<&ShopMark> = marks.iter().collect();
    order.sort_by_key(|m| (m.focus, m.shop.kind == ShopKind::Own));
    for m in order {
        let r = m.radius(unit);
        let mut d = PathData::new();
        let (class, fill) = match (m.focus, m.shop.kind) {
            (true, ShopKind::Own) => {
                star(&mut d, 0.0, 0.0, r);
                ("shop", style::OWN_SHOP)
            }
            (true, ShopKind::Competitor) => {
                let h = r * 0.9;
                d.polygon(&[(0.0, -r), (h, r * 0.6), (-h, r * 0.6)]);
                ("shop", style::COMPETITOR)
            }
            (false, ShopKind::Own) => {
                star(&mut d, 0.0, 0.0, r);
                ("own-shop", style::OWN_SHOP)
            }
            (false, ShopKind::Competitor) => {
                let h = r * 0.9;
                d.polygon(&[(0.0, -r), (h, r * 0.6), (-h, r * 0.6)]);
                ("competitor", style::COMPETITOR)
            }
        };
        svg.path(
            &d,
            &format!(
                "class=\"{class}\" transform=\"translate({} {})\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"{outline}\" stroke-linejoin=\"round\"",
                num(m.at.0),
                num(m.at.1)
            ),
        );
    }
}
