//! One map page, composed: layout, projection, the ring report, label placement in order
//! of importance, then drawing from the bottom up (basemap, the veil beyond the data's
//! edge, street names, rings, members, shops, their names) and the furniture around it.

use super::basemap;
use super::furniture::{self, MarksShown};
use super::labels::along_streets;
use super::marks::{self, ShopMark};
use super::members::{self, MemberCtx, MembersDrawn};
use super::page::Layout;
use super::page::Rect;
use super::projection::Projection;
use super::style;
use super::svg::{Families, Svg, TextStyle};
use super::table;
use super::{Extent, Layers, MapData, MapSpec, MemberLayer, View};
use crate::analysis::rings::{RingReport, ring_report};
use crate::geodesy::distance_m;
use crate::model::{Shop, ShopKind};
use crate::osm::Area;

/// A composed page: its SVG and every text drawn on it.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub svg: String,
    pub texts: Vec<String>,
}

/// Ground distance from the shop to the nearer edge of the frame under `Extent::Auto`:
/// the outer ring and 12 % more.
pub(crate) fn half_side_m(spec: &MapSpec) -> f64 {
    match spec.extent {
        Extent::Auto => spec.plan.outer_radius_m() * 1.12,
        Extent::Metres(m) => m,
    }
}

/// The title a map gets unless the user gives one.
pub(crate) fn default_title(spec: &MapSpec, shop: &Shop) -> String {
    format!("{} — {}", spec.lang.words().title, shop.name)
}

/// Composes the printed map of `shop`; `families` are the CSS font lists written into the
/// SVG.
pub(crate) fn compose(data: &MapData, shop: &Shop, spec: &MapSpec, families: &Families) -> Page {
    let layout = Layout::new(spec.paper, spec.landscape);
    let u = layout.unit;
    let set = data.members();
    let edge = data.area().and_then(Area::edge);
    let report = ring_report(set, shop, &spec.plan).with_edge(edge.as_ref());
    let map = layout.map;
    let proj = Projection::new(shop.position, &map, half_side_m(spec));

    let title = spec
        .title
        .clone()
        .unwrap_or_else(|| default_title(spec, shop));
    let mut svg = Svg::new(layout.page_w, layout.page_h, families, &title);
    svg.rect(
        0.0,
        0.0,
        layout.page_w,
        layout.page_h,
        &format!("fill=\"{}\"", style::PAPER),
    );
    let frame = Frame {
        map,
        unit: u,
        screen: false,
        proj: &proj,
        report: &report,
        clip_id: "map-clip",
    };
    let (drawn, shown) = map_body(&mut svg, data, shop, spec, &Layers::ALL, &frame);
    let subtitle = subtitle(spec, &report, set.as_of());
    furniture::title_block(&mut svg, &layout.title, u, &title, &subtitle);
    furniture::legend(&mut svg, &layout.legend, u, spec.lang, &drawn, shown);
    table::ring_table(&mut svg, &layout.table, u, spec.lang, &report);
    table::ring_chart(&mut svg, &layout.chart, u, spec.lang, &report);
    let (svg, texts) = svg.finish();
    Page { svg, texts }
}

/// Composes the map of `shop` for a screen: the map alone at `view`'s size in pixels,
/// centred where the view says, with its layers, scale bar, north arrow and attribution.
pub(crate) fn compose_view(
    data: &MapData,
    shop: &Shop,
    spec: &MapSpec,
    view: &View,
    families: &Families,
) -> Page {
    let map = Rect::new(0.0, 0.0, view.width_px, view.height_px);
    let edge = data.area().and_then(Area::edge);
    let report = ring_report(data.members(), shop, &spec.plan).with_edge(edge.as_ref());
    let mut proj = Projection::new(shop.position, &map, half_side_m(spec));
    if let Some(centre) = view.centre {
        proj = proj.panned_to(centre, &map);
    }
    let title = default_title(spec, shop);
    let mut svg = Svg::screen(view.width_px, view.height_px, families, &title);
    let frame = Frame {
        map,
        unit: SCREEN_UNIT_PX,
        screen: true,
        proj: &proj,
        report: &report,
        clip_id: "map-clip",
    };
    map_body(&mut svg, data, shop, spec, &view.layers, &frame);
    let (svg, texts) = svg.finish();
    Page { svg, texts }
}

/// Drawing units per millimetre of the printed design on a screen view: type and symbols
/// come out the size they have on paper held at reading distance.
const SCREEN_UNIT_PX: f64 = 4.2;

/// Where the map goes and what it was measured with.
struct Frame<'a> {
    map: Rect,
    unit: f64,
    /// A screen view (pixels) rather than paper (millimetres).
    screen: bool,
    proj: &'a Projection,
    report: &'a RingReport,
    /// The id of the map's clip path, unique on its page.
    clip_id: &'a str,
}

/// Draws the map of `shop` into `map` of a page holding several (the comparison's small
/// multiples): the same body as a printed map, at `unit` (type and symbols scaled), with
/// its own clip path `clip_id`. Every map drawn with the same `spec` and size of `map`
/// has the same scale.
pub(crate) fn small_map(
    svg: &mut Svg,
    data: &MapData,
    shop: &Shop,
    spec: &MapSpec,
    map: Rect,
    unit: f64,
    clip_id: &str,
) {
    let edge = data.area().and_then(Area::edge);
    let report = ring_report(data.members(), shop, &spec.plan).with_edge(edge.as_ref());
    let proj = Projection::new(shop.position, &map, half_side_m(spec));
    let frame = Frame {
        map,
        unit,
        screen: true,
        proj: &proj,
        report: &report,
        clip_id,
    };
    map_body(svg, data, shop, spec, &Layers::ALL, &frame);
}

/// The map frame itself, clipped: basemap, sparse cells, rings, members, street names,
/// shops and their names, then north arrow, scale bar and attribution over it. Returns
/// what the legend should list.
fn map_body(
    svg: &mut Svg,
    data: &MapData,
    shop: &Shop,
    spec: &MapSpec,
    layers: &Layers,
    frame: &Frame,
) -> (MembersDrawn, MarksShown) {
    let (map, u, proj, report) = (frame.map, frame.unit, frame.proj, frame.report);
    let lang = spec.lang;
    let words = lang.words();
    let scope = data.members().scope_for(shop);
    let (furniture, mut placed) =
        furniture::begin_map(svg, &map, proj, u, lang, !frame.screen, frame.clip_id);
    let inside = map.grow(-u);
    let mut marks_list: Vec<(f64, ShopMark)> = Vec::new();
    for s in data.shops() {
        let focus = s.name == shop.name && s.kind == shop.kind;
        let hidden = !layers.competitors && s.kind == ShopKind::Competitor;
        if focus || hidden || !proj.may_hold(s.position) {
            continue;
        }
        let at = proj.project(s.position);
        if at.0 < inside.x || at.0 > inside.right() || at.1 < inside.y || at.1 > inside.bottom() {
            continue;
        }
        marks_list.push((
            distance_m(shop.position, s.position),
            ShopMark {
                shop: s,
                at,
                focus: false,
            },
        ));
    }
    // Our shops before competitors, each nearest first; ties by name for a stable order.
    marks_list.sort_by(|a, b| {
        (a.1.shop.kind != ShopKind::Own)
            .cmp(&(b.1.shop.kind != ShopKind::Own))
            .then(a.0.total_cmp(&b.0))
            .then_with(|| a.1.shop.name.cmp(&b.1.shop.name))
    });
    let focus = ShopMark {
        shop,
        at: proj.project(shop.position),
        focus: true,
    };
    let mut all_marks: Vec<ShopMark> = vec![focus.clone()];
    all_marks.extend(marks_list.into_iter().map(|(_, m)| m));
    marks::register_symbols(&all_marks, u, &mut placed);
    let mut shop_labels = marks::shop_labels(&all_marks[..1], u, &inside, &mut placed);
    let ring_labels = if layers.rings {
        marks::ring_labels(proj, spec.plan.radii_m(), u, lang, &inside, &mut placed)
    } else {
        Vec::new()
    };
    shop_labels.extend(marks::shop_labels(&all_marks[1..], u, &inside, &mut placed));
    // Where the data ends, when the frame reaches past it.
    let edge_outline = data
        .area()
        .and_then(Area::edge)
        .and_then(|e| marks::data_edge_outline(proj, &e, &map));
    let edge_label = edge_outline
        .as_ref()
        .and_then(|o| marks::data_edge_label(o, focus.at, u, lang, &inside, &mut placed));
    let basemap = data.area().filter(|_| layers.basemap);
    let street_labels = basemap.map_or_else(Vec::new, |area| {
        let streets = basemap::streets_to_name(area, proj, &map, u);
        along_streets(&streets, &inside, 110.0 * u, &mut placed)
    });

    // Drawing, bottom up.
    svg.group(&format!("clip-path=\"url(#{})\"", frame.clip_id));
    svg.rect(
        map.x,
        map.y,
        map.w,
        map.h,
        &format!("fill=\"{}\"", style::LAND),
    );
    if let Some(area) = basemap {
        basemap::draw(svg, area, proj, &map, u);
    }
    if let Some(outline) = &edge_outline {
        marks::no_data_veil(svg, outline, &map, u);
    }
    marks::sparse_cells(svg, proj, &spec.sparse, u, lang);
    if layers.rings {
        marks::rings(
            svg,
            proj,
            spec.plan.radii_m(),
            spec.sector_lines.then(|| spec.plan.sectors()),
            u,
            lang,
        );
    }
    let ctx = MemberCtx {
        data,
        scope: &scope,
        report,
        proj,
        map: &map,
        unit: u,
        lang,
        vip: layers.vip,
    };
    let member_layer = if layers.members {
        spec.members
    } else {
        MemberLayer::None
    };
    let drawn = members::draw(svg, &ctx, member_layer, spec.colour_by, spec.privacy);
    // Street names over the members (a name under a hundred dots is no name), with a thin
    // halo that hides little.
    svg.group("id=\"street-names\"");
    marks::draw_labels(
        svg,
        &street_labels,
        TextStyle::plain(2.4 * u, style::STREET_LABEL).halo(0.4 * u),
    );
    svg.end_group();
    marks::shops(svg, &all_marks, u);
    let (own, comp): (Vec<_>, Vec<_>) = shop_labels.into_iter().partition(|(_, own)| *own);
    let own: Vec<_> = own.into_iter().map(|(l, _)| l).collect();
    let comp: Vec<_> = comp.into_iter().map(|(l, _)| l).collect();
    marks::draw_labels(
        svg,
        &comp,
        TextStyle::plain(2.2 * u, style::COMPETITOR).halo(0.6 * u),
    );
    marks::draw_labels(
        svg,
        &own,
        TextStyle::plain(3.0 * u, style::OWN_SHOP)
            .bold()
            .halo(0.7 * u),
    );
    marks::draw_labels(
        svg,
        &ring_labels,
        TextStyle::plain(2.5 * u, style::RING).bold().halo(0.6 * u),
    );
    if let Some(label) = &edge_label {
        svg.group("id=\"data-edge-label\"");
        marks::draw_labels(
            svg,
            std::slice::from_ref(label),
            TextStyle::plain(2.4 * u, style::INK).bold().halo(0.6 * u),
        );
        svg.end_group();
    }
    if data.area().is_none() {
        svg.text(
            map.x + 2.0 * u,
            map.y + 4.0 * u,
            0.0,
            words.no_basemap,
            TextStyle::plain(2.4 * u, style::INK_SOFT).halo(0.5 * u),
        );
    }
    svg.end_group();
    furniture::draw_map_frame(svg, &map, &furniture, u, lang);
    let shown = MarksShown {
        other_own_shops: all_marks[1..].iter().any(|m| m.shop.kind == ShopKind::Own),
        competitors: all_marks[1..]
            .iter()
            .any(|m| m.shop.kind == ShopKind::Competitor),
        data_edge: edge_outline.is_some(),
    };
    (drawn, shown)
}

/// "Data as of 2026-10-31 · 2,931 members (the shop's own members) · 2,512 within 1 km".
fn subtitle(
    spec: &MapSpec,
    report: &crate::analysis::rings::RingReport,
    as_of: Option<chrono::NaiveDate>,
) -> String {
    let lang = spec.lang;
    let outside = report.rings.last().map_or(0, |r| r.tally.members);
    let within = report.members.saturating_sub(outside);
    let outer = lang.distance(spec.plan.outer_radius_m());
    lang.texts()
        .map_subtitle(as_of, report.members, report.scope, within, &outer)
}
