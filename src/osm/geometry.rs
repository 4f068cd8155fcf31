//! Geometry from node ids: way lines cut where a clipped extract lost nodes, closed rings,
//! multipolygon rings joined end to end from their member ways, and the one point that
//! stands for a way or multipolygon (its centroid).

use geo::{Centroid, Coord, Intersects, LineString, MultiPolygon, Point, Polygon};

use crate::coord::LonLat;
use crate::geodesy::LocalFrame;

/// The stretches of at least two consecutive known vertices.
pub(super) fn runs(points: &[Option<LonLat>]) -> Vec<Vec<LonLat>> {
    points
        .split(Option::is_none)
        .filter(|run| run.len() >= 2)
        .map(|run| run.iter().flatten().copied().collect())
        .collect()
}

/// The ring of a closed way whose nodes are all known.
pub(super) fn closed_ring(refs: &[i64], points: &[Option<LonLat>]) -> Option<Vec<LonLat>> {
    let closed = refs.len() >= 4 && refs.first() == refs.last();
    if !closed {
        return None;
    }
    points.iter().copied().collect()
}

/// The area centroid of a complete closed way, else the mean of its known nodes; `None`
/// when no node is in the extract.
pub(super) fn way_point(refs: &[i64], points: &[Option<LonLat>]) -> Option<(f64, f64)> {
    let known: Vec<(f64, f64)> = points
        .iter()
        .flatten()
        .map(|p| (p.lon_deg(), p.lat_deg()))
        .collect();
    if known.is_empty() {
        return None;
    }
    let closed = refs.len() >= 4 && refs.first() == refs.last();
    if closed && known.len() == refs.len() {
        let ring: LineString = known.iter().map(|&(x, y)| Coord { x, y }).collect();
        if let Some(c) = Polygon::new(ring, vec![]).centroid() {
            return Some((c.x(), c.y()));
        }
    }
    // A closed way repeats its first node at the end; count it once.
    let vertices = if closed && known.len() == refs.len() {
        &known[1..]
    } else {
        &known[..]
    };
    mean(vertices)
}

/// The mean of some points.
pub(super) fn mean(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x, sy + y));
    Some((sx / n, sy / n))
}

/// Joins ways end to end into closed rings (node id lists with first = last). Pieces that
/// cannot be closed — the extract cut the ring — are dropped; the flag says whether any was.
pub(super) fn assemble(pieces: Vec<Vec<i64>>) -> (Vec<Vec<i64>>, bool) {
    let mut rings = Vec::new();
    let mut open: Vec<Vec<i64>> = Vec::new();
    for p in pieces {
        if p.len() < 2 {
            continue;
        }
        if p.len() >= 4 && p.first() == p.last() {
            rings.push(p);
        } else {
            open.push(p);
        }
    }
    let mut broken = false;
    open.reverse();
    while let Some(mut chain) = open.pop() {
        loop {
            if chain.len() >= 4 && chain.first() == chain.last() {
                rings.push(chain);
                break;
            }
            let Some(&end) = chain.last() else { break };
            let next = open
                .iter()
                .rposition(|p| p.first() == Some(&end) || p.last() == Some(&end));
            let Some(at) = next else {
                broken = true;
                break;
            };
            let mut piece = open.remove(at);
            if piece.first() != Some(&end) {
                piece.reverse();
            }
            chain.extend_from_slice(&piece[1..]);
        }
    }
    (rings, broken)
}

/// Polygons (outer ring first, then its holes) from closed outer and inner rings; each
/// inner ring goes to the first outer ring covering all its vertices (inside or on the
/// boundary: OSM lets an inner ring touch its outer), or is dropped.
pub(super) fn polygons(
    outers: Vec<Vec<LonLat>>,
    inners: Vec<Vec<LonLat>>,
) -> Vec<Vec<Vec<LonLat>>> {
    let shapes: Vec<Polygon> = outers.iter().map(|r| polygon(r, &[])).collect();
    let mut out: Vec<Vec<Vec<LonLat>>> = outers.into_iter().map(|r| vec![r]).collect();
    for inner in inners {
        let covers = |s: &Polygon| {
            inner
                .iter()
                .all(|p| s.intersects(&Point::new(p.lon_deg(), p.lat_deg())))
        };
        if let Some(i) = shapes.iter().position(covers) {
            out[i].push(inner);
        }
    }
    out
}

/// A `geo` polygon from an outer ring and holes.
pub(super) fn polygon(outer: &[LonLat], holes: &[Vec<LonLat>]) -> Polygon {
    let ring = |r: &[LonLat]| -> LineString {
        r.iter()
            .map(|p| Coord {
                x: p.lon_deg(),
                y: p.lat_deg(),
            })
            .collect()
    };
    Polygon::new(ring(outer), holes.iter().map(|h| ring(h)).collect())
}

/// The area of a polygon (outer ring first, then its holes) on the ground: each ring laid
/// in the local east/north plane at the outer ring's first vertex, where a building's
/// few tens of metres keep their true size (see [`LocalFrame`]).
///
/// # Units
/// m².
pub(super) fn footprint_m2(rings: &[Vec<LonLat>]) -> f64 {
    let Some((outer, holes)) = rings.split_first() else {
        return 0.0;
    };
    let Some(origin) = outer.first() else {
        return 0.0;
    };
    let frame = LocalFrame::at(*origin);
    let shoelace = |ring: &Vec<LonLat>| -> f64 {
        let xy: Vec<[f64; 2]> = ring.iter().map(|p| frame.xy_m(*p)).collect();
        let twice: f64 = xy
            .iter()
            .zip(xy.iter().cycle().skip(1))
            .map(|(a, b)| a[0] * b[1] - b[0] * a[1])
            .sum();
        (0.5 * twice).abs()
    };
    (shoelace(outer) - holes.iter().map(shoelace).sum::<f64>()).max(0.0)
}

/// The area centroid of polygons (each outer ring first, then holes).
pub(super) fn centroid(polygons: &[Vec<Vec<LonLat>>]) -> Option<(f64, f64)> {
    let multi: MultiPolygon = polygons
        .iter()
        .filter_map(|rings| {
            let (outer, holes) = rings.split_first()?;
            Some(polygon(outer, holes))
        })
        .collect();
    multi.centroid().map(|c| (c.x(), c.y()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn footprint_is_the_ground_area_less_holes() {
        use geo::GeodesicArea;
        // 0.0004° × 0.0002° at 60° N: about 22 × 22 m.
        let outer = vec![
            p(24.9400, 60.1700),
            p(24.9404, 60.1700),
            p(24.9404, 60.1702),
            p(24.9400, 60.1702),
            p(24.9400, 60.1700),
        ];
        let hole = vec![
            p(24.9401, 60.17005),
            p(24.9401, 60.17015),
            p(24.9403, 60.17015),
            p(24.9403, 60.17005),
            p(24.9401, 60.17005),
        ];
        // The oracle: Karney's geodesic area of the same polygons.
        let want = polygon(&outer, std::slice::from_ref(&hole)).geodesic_area_unsigned();
        let got = footprint_m2(&[outer.clone(), hole]);
        assert!((got - want).abs() < 1e-3 * want, "{got} vs {want}");
        let whole = polygon(&outer, &[]).geodesic_area_unsigned();
        assert!((footprint_m2(&[outer]) - whole).abs() < 1e-3 * whole);
        assert!(whole > 450.0 && whole < 550.0, "{whole}");
        assert_eq!(footprint_m2(&[]), 0.0);
    }

    #[test]
    fn runs_split_where_nodes_are_missing() {
        let pts = [
            Some(p(0.0, 0.0)),
            Some(p(1.0, 0.0)),
            None,
            Some(p(2.0, 0.0)),
            None,
            Some(p(3.0, 0.0)),
            Some(p(4.0, 0.0)),
            Some(p(5.0, 0.0)),
        ];
        let r = runs(&pts);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].len(), 3);
    }

    #[test]
    fn rings_are_joined_end_to_end_in_either_direction() {
        // A square split in three ways, one reversed; an open leftover; a closed ring.
        let (rings, broken) = assemble(vec![
            vec![1, 2],
            vec![4, 3, 2],
            vec![4, 1],
            vec![10, 11],
            vec![20, 21, 22, 20],
        ]);
        assert!(broken);
        assert_eq!(rings.len(), 2);
        assert_eq!(rings[0], vec![20, 21, 22, 20]);
        assert_eq!(rings[1], vec![1, 2, 3, 4, 1]);
        assert_eq!(
            assemble(vec![vec![1, 2, 3], vec![3, 1]]),
            (vec![vec![1, 2, 3, 1]], false)
        );
    }

    #[test]
    fn holes_go_to_the_outer_ring_around_them() {
        let square =
            |x: f64, s: f64| vec![p(x, 0.0), p(x + s, 0.0), p(x + s, s), p(x, s), p(x, 0.0)];
        let polys = polygons(
            vec![square(0.0, 1.0), square(5.0, 1.0)],
            vec![square(5.25, 0.5), square(9.0, 0.5)],
        );
        assert_eq!(polys.len(), 2);
        assert_eq!(polys[0].len(), 1);
        assert_eq!(polys[1].len(), 2);
        let (x, y) = centroid(&polys[..1]).unwrap();
        assert!((x - 0.5).abs() < 1e-12 && (y - 0.5).abs() < 1e-12);
    }
}
