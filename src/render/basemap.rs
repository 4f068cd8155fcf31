//! The basemap from the workspace's OSM area: water, parks and building footprints in
//! pale tones, waterways, roads by class (cased, wider and warmer the more important),
//! railways, and the main streets to name.
//!
//! Each class is one SVG path (a few dozen elements for a whole city centre), geometry
//! is cut to the frame segment by segment and thinned to what paper can show (vertices
//! closer than 0.15 mm merge), which keeps a city's PDF small and fast.

use super::labels::StreetToName;
use super::page::Rect;
use super::projection::{Projection, bbox_of};
use super::style::{self, LineStyle};
use super::svg::{PathData, Svg, num};
use crate::coord::LonLat;
use crate::osm::{Area, AreaClass, LineClass, RailClass, RoadClass};

/// A polyline on the page, in millimetres.
type Run = Vec<(f64, f64)>;

/// Vertices closer than this on paper (mm) are merged.
const MIN_STEP_MM: f64 = 0.15;

/// How much detail the scale allows: 1 at the default A4 map (1 km rings, ~1:12,000),
/// smaller when zoomed out. Road widths follow it; buildings go below 0.25.
pub(crate) fn detail(proj: &Projection, unit: f64) -> f64 {
    let mm_per_km = proj.mm_per_m() * 1000.0 / unit;
    (mm_per_km / 85.0).sqrt().clamp(0.3, 1.3)
}

/// Projects `points`, thins them, and cuts them to `clip`: the runs of consecutive
/// segments that can show inside it.
pub(crate) fn project_line(
    proj: &Projection,
    points: &[LonLat],
    clip: &Rect,
) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut last: Option<(f64, f64)> = None;
    let n = points.len();
    for (i, p) in points.iter().enumerate() {
        let q = proj.project(*p);
        let Some(prev) = last else {
            last = Some(q);
            continue;
        };
        if i + 1 < n && (q.0 - prev.0).hypot(q.1 - prev.1) < MIN_STEP_MM {
            continue;
        }
        let seg = Rect::new(
            prev.0.min(q.0),
            prev.1.min(q.1),
            (q.0 - prev.0).abs(),
            (q.1 - prev.1).abs(),
        );
        if seg.x <= clip.right()
            && clip.x <= seg.right()
            && seg.y <= clip.bottom()
            && clip.y <= seg.bottom()
        {
            if run.is_empty() {
                run.push(prev);
            }
            run.push(q);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        last = Some(q);
    }
    if run.len() >= 2 {
        runs.push(run);
    }
    runs
}

/// Projects a polygon ring, thinned; `None` when it cannot show in `clip` or is smaller
/// than `min_mm` across.
fn project_ring(
    proj: &Projection,
    ring: &[LonLat],
    clip: &Rect,
    min_mm: f64,
) -> Option<Vec<(f64, f64)>> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    for p in ring {
        let q = proj.project(*p);
        if out
            .last()
            .is_none_or(|l: &(f64, f64)| (q.0 - l.0).hypot(q.1 - l.1) >= MIN_STEP_MM)
        {
            out.push(q);
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &out {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let visible = x0 <= clip.right() && clip.x <= x1 && y0 <= clip.bottom() && clip.y <= y1;
    (out.len() >= 3 && visible && (x1 - x0).max(y1 - y0) >= min_mm).then_some(out)
}

/// Twice the signed area (positive = clockwise on the page, where y points down).
fn signed_area2(r: &[(f64, f64)]) -> f64 {
    let n = r.len();
    (0..n)
        .map(|i| {
            let (a, b) = (r[i], r[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum()
}

/// Draws the basemap under everything else.
pub(crate) fn draw(svg: &mut Svg, area: &Area, proj: &Projection, map: &Rect, unit: f64) {
    let clip = map.grow(2.0);
    let detail = detail(proj, unit);
    // Areas: water, then parks, then buildings, each one path; outer rings clockwise and
    // holes counter-clockwise, so the nonzero rule leaves courtyards open.
    for class in [AreaClass::Water, AreaClass::Park, AreaClass::Building] {
        if class == AreaClass::Building && detail < 0.45 {
            continue;
        }
        let min_mm = if class == AreaClass::Building {
            0.3
        } else {
            0.0
        };
        let mut d = PathData::new();
        for a in area.basemap.areas.iter().filter(|a| a.class == class) {
            let Some(outer) = a.rings.first() else {
                continue;
            };
            if !proj.may_touch(bbox_of(outer)) {
                continue;
            }
            for (k, ring) in a.rings.iter().enumerate() {
                let Some(mut pts) = project_ring(proj, ring, &clip, min_mm) else {
                    if k == 0 {
                        break;
                    }
                    continue;
                };
                let clockwise = signed_area2(&pts) > 0.0;
                if clockwise != (k == 0) {
                    pts.reverse();
                }
                d.polygon(&pts);
            }
        }
        svg.path(
            &d,
            &format!(
                "class=\"{}\" fill=\"{}\"",
                class.as_str(),
                style::area_fill(class)
            ),
        );
    }

    // Lines by class, least important first so main roads run over side streets.
    let mut by_class: Vec<(LineClass, Vec<Run>)> = Vec::new();
    for line in &area.basemap.lines {
        if style::line_style(line.class).is_none() || !proj.may_touch(bbox_of(&line.points)) {
            continue;
        }
        let runs = project_line(proj, &line.points, &clip);
        if runs.is_empty() {
            continue;
        }
        match by_class.iter_mut().find(|(c, _)| *c == line.class) {
            Some((_, v)) => v.extend(runs),
            None => by_class.push((line.class, runs)),
        }
    }
    by_class.sort_by_key(|(c, _)| std::cmp::Reverse(draw_rank(*c)));
    let path_of = |runs: &[Vec<(f64, f64)>]| {
        let mut d = PathData::new();
        for r in runs {
            d.polyline(r);
        }
        d
    };
    let stroke = |svg: &mut Svg,
                  d: &PathData,
                  class: &str,
                  colour: &str,
                  width: f64,
                  dash: Option<(f64, f64)>| {
        let dash = dash.map_or(String::new(), |(on, off)| {
            format!(
                " stroke-dasharray=\"{} {}\"",
                num(on * unit),
                num(off * unit)
            )
        });
        svg.path(
            d,
            &format!(
                "class=\"{class}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"{dash}",
                num(width)
            ),
        );
    };
    let width_of = |s: &LineStyle, c: LineClass| match c {
        LineClass::Road(_) => s.width_mm * unit * detail,
        _ => s.width_mm * unit * detail.min(1.0),
    };
    let paths: Vec<(LineClass, LineStyle, PathData)> = by_class
        .iter()
        .filter_map(|(c, runs)| style::line_style(*c).map(|s| (*c, s, path_of(runs))))
        .collect();
    for (c, s, d) in &paths {
        if *c == LineClass::Waterway {
            stroke(svg, d, "waterway", s.colour, width_of(s, *c), None);
        }
    }
    for (c, s, d) in &paths {
        if matches!(c, LineClass::Road(_)) && s.casing_mm > 0.0 {
            let w = width_of(s, *c) + s.casing_mm * unit * detail.min(1.0);
            stroke(
                svg,
                d,
                &format!("{}-casing", c.name().replace(':', "-")),
                s.casing,
                w,
                None,
            );
        }
    }
    for (c, s, d) in &paths {
        if matches!(c, LineClass::Road(_)) {
            stroke(
                svg,
                d,
                &c.name().replace(':', "-"),
                s.colour,
                width_of(s, *c),
                s.dash_mm,
            );
        }
    }
    for (c, s, d) in &paths {
        if let LineClass::Railway(r) = c {
            let w = width_of(s, *c);
            stroke(svg, d, &c.name().replace(':', "-"), s.colour, w, None);
            if *r == RailClass::Rail {
                stroke(
                    svg,
                    d,
                    "railway-rail-dash",
                    "#ffffff",
                    w * 0.45,
                    Some((1.6, 1.6)),
                );
            }
        }
    }
}

/// Drawing order: higher ranks are drawn first (underneath).
fn draw_rank(c: LineClass) -> u8 {
    match c {
        LineClass::Waterway => 20,
        LineClass::Road(r) => 18 - RoadClass::ALL.iter().position(|x| *x == r).unwrap_or(9) as u8,
        LineClass::Railway(_) => 0,
    }
}

/// Streets worth naming at this scale, most important first: motorways to tertiary
/// roads, then residential and pedestrian streets (when the scale allows), longest
/// visible first within a class.
pub(crate) fn streets_to_name(
    area: &Area,
    proj: &Projection,
    map: &Rect,
    unit: f64,
) -> Vec<StreetToName> {
    let clip = map.grow(-1.0);
    let detail = detail(proj, unit);
    let mut out: Vec<(RoadClass, f64, StreetToName)> = Vec::new();
    for s in &area.streets {
        let minor = match s.class {
            RoadClass::Motorway
            | RoadClass::Trunk
            | RoadClass::Primary
            | RoadClass::Secondary
            | RoadClass::Tertiary => false,
            RoadClass::Residential | RoadClass::Pedestrian => true,
            _ => continue,
        };
        if minor && detail < 0.7 {
            continue;
        }
        let Some(name) = s.names.first().filter(|n| !n.trim().is_empty()) else {
            continue;
        };
        let mut lines = Vec::new();
        for l in chain(&s.lines) {
            if proj.may_touch(bbox_of(&l)) {
                lines.extend(project_line(proj, &l, &clip));
            }
        }
        if lines.is_empty() {
            continue;
        }
        let visible: f64 = lines
            .iter()
            .flat_map(|l| l.windows(2))
            .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
            .sum();
        let size_mm = if minor { 2.1 } else { 2.4 } * unit;
        out.push((
            s.class,
            visible,
            StreetToName {
                name: name.clone(),
                size_mm,
                lines,
            },
        ));
    }
    out.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.total_cmp(&a.1))
            .then_with(|| a.2.name.cmp(&b.2.name))
    });
    out.into_iter().map(|(_, _, s)| s).collect()
}

/// Joins lines that continue one another (a street's ways meet at shared nodes) into
/// longer ones, so a name can run past the end of a way.
fn chain(lines: &[Vec<LonLat>]) -> Vec<Vec<LonLat>> {
    let mut pool: Vec<Vec<LonLat>> = lines.iter().filter(|l| l.len() >= 2).cloned().collect();
    let mut out = Vec::new();
    while let Some(mut cur) = pool.pop() {
        while let (Some(&start), Some(&end)) = (cur.first(), cur.last()) {
            if let Some(i) = pool.iter().position(|l| l.first() == Some(&end)) {
                let l = pool.remove(i);
                cur.extend_from_slice(&l[1..]);
            } else if let Some(i) = pool.iter().position(|l| l.last() == Some(&end)) {
                let mut l = pool.remove(i);
                l.reverse();
                cur.extend_from_slice(&l[1..]);
            } else if let Some(i) = pool.iter().position(|l| l.last() == Some(&start)) {
                let mut l = pool.remove(i);
                l.extend_from_slice(&cur[1..]);
                cur = l;
            } else if let Some(i) = pool.iter().position(|l| l.first() == Some(&start)) {
                let mut l = pool.remove(i);
                l.reverse();
                l.extend_from_slice(&cur[1..]);
                cur = l;
            } else {
                break;
            }
        }
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ways_meeting_at_nodes_chain_into_one_line() {
        let p = |x: f64| LonLat::new(24.9 + x * 1e-3, 60.2).unwrap();
        let lines = vec![
            vec![p(1.0), p(2.0)],
            vec![p(3.0), p(2.0)],
            vec![p(0.0), p(1.0)],
            vec![p(7.0), p(8.0)],
        ];
        let mut chained = chain(&lines);
        chained.sort_by_key(|l| l.len());
        assert_eq!(chained.len(), 2);
        let long = &chained[1];
        assert_eq!(long.len(), 4);
        let xs: Vec<f64> = long.iter().map(|q| q.lon_deg()).collect();
        assert!(
            xs.windows(2).all(|w| w[0] < w[1]) || xs.windows(2).all(|w| w[0] > w[1]),
            "{xs:?}"
        );
    }
}
