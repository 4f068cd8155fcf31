//! Streets from named highway ways: ways of one main name that share a node or come within
//! [`JOIN_RADIUS_M`] of each other are one street (its carriageways, sidewalks and the
//! pieces a bridge or a clipped edge cut it into); the same name far away is another.

use std::collections::{BTreeMap, HashMap};

use super::model::{RoadClass, Street};
use super::tags::name_rank;
use crate::coord::LonLat;
use crate::geodesy::ecef_m;

/// Ways of one name closer than this are one street.
pub(super) const JOIN_RADIUS_M: f64 = 100.0;

/// One named highway way, its geometry already cut into lines.
#[derive(Debug)]
pub(super) struct StreetWay {
    /// `(key, value)` names, main `name` first.
    pub names: Vec<(String, String)>,
    pub class: RoadClass,
    pub refs: Vec<i64>,
    pub lines: Vec<Vec<LonLat>>,
}

/// Merges ways into streets, sorted by main name, then by their first way.
///
/// Ways with no node inside the extract have no lines; when no way of their main name
/// has any, they still make one street without lines, for its names (the geocoder gives
/// them to the houses of that name, so `Stora Robertsgatan 1` finds `Iso Roobertinkatu 1`
/// even when the street itself runs just outside the extract).
pub(super) fn streets(ways: Vec<StreetWay>) -> Vec<Street> {
    let mut by_name: BTreeMap<String, Vec<StreetWay>> = BTreeMap::new();
    for w in ways {
        let Some((_, main)) = w.names.first() else {
            continue;
        };
        by_name.entry(main.clone()).or_default().push(w);
    }
    let mut out = Vec::new();
    for (_, mut group) in by_name {
        if group.iter().all(|w| w.lines.is_empty()) {
            out.push(street(group));
            continue;
        }
        group.retain(|w| !w.lines.is_empty());
        let mut sets = UnionFind::new(group.len());
        // Shared nodes.
        let mut first_with: HashMap<i64, usize> = HashMap::new();
        for (i, w) in group.iter().enumerate() {
            for r in &w.refs {
                match first_with.get(r) {
                    Some(&j) => sets.union(i, j),
                    None => {
                        first_with.insert(*r, i);
                    }
                }
            }
        }
        // Nearness.
        let shapes: Vec<Shape> = group.iter().map(|w| Shape::of(&w.lines)).collect();
        for i in 0..group.len() {
            for j in i + 1..group.len() {
                if sets.find(i) != sets.find(j) && shapes[i].within(&shapes[j], JOIN_RADIUS_M) {
                    sets.union(i, j);
                }
            }
        }
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..group.len() {
            members.entry(sets.find(i)).or_default().push(i);
        }
        let mut components: Vec<Vec<usize>> = members.into_values().collect();
        components.sort_by_key(|c| c[0]);
        let mut group: Vec<Option<StreetWay>> = group.into_iter().map(Some).collect();
        for component in components {
            let ways: Vec<StreetWay> = component.iter().filter_map(|&i| group[i].take()).collect();
            out.push(street(ways));
        }
    }
    out
}

/// One street from its ways (in way order).
fn street(ways: Vec<StreetWay>) -> Street {
    let class = ways
        .iter()
        .map(|w| w.class)
        .min()
        .unwrap_or(RoadClass::Other);
    let mut names: Vec<(u8, String, String)> = ways
        .iter()
        .flat_map(|w| w.names.iter())
        .map(|(k, v)| (name_rank(k).unwrap_or(u8::MAX), k.clone(), v.clone()))
        .collect();
    // Stable: within one key, the ways' order.
    names.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut unique: Vec<String> = Vec::new();
    for (_, _, v) in names {
        if !unique.contains(&v) {
            unique.push(v);
        }
    }
    Street {
        names: unique,
        class,
        lines: ways.into_iter().flat_map(|w| w.lines).collect(),
    }
}

/// A way's vertices in ECEF metres with a bounding box, for nearness tests.
struct Shape {
    lines: Vec<Vec<[f64; 3]>>,
    min: [f64; 3],
    max: [f64; 3],
}

impl Shape {
    fn of(lines: &[Vec<LonLat>]) -> Self {
        let lines: Vec<Vec<[f64; 3]>> = lines
            .iter()
            .map(|l| l.iter().map(|&p| ecef_m(p)).collect())
            .collect();
        let (mut min, mut max) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
        for p in lines.iter().flatten() {
            for k in 0..3 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        Shape { lines, min, max }
    }

    /// Whether any vertex of one lies within `radius_m` (straight line) of a segment of
    /// the other. Crossing segments longer than twice the radius may be missed; such
    /// same-named ways nearly always share a node.
    fn within(&self, other: &Shape, radius_m: f64) -> bool {
        let apart = (0..3).any(|k| {
            self.min[k] - other.max[k] > radius_m || other.min[k] - self.max[k] > radius_m
        });
        if apart {
            return false;
        }
        let r2 = radius_m * radius_m;
        let near = |points: &Shape, segments: &Shape| {
            points.lines.iter().flatten().any(|p| {
                segments.lines.iter().any(|line| {
                    line.windows(2)
                        .any(|s| segment_distance_sq_m2(p, &s[0], &s[1]) <= r2)
                })
            })
        };
        near(self, other) || near(other, self)
    }
}

/// Squared distance from `p` to the segment `a`–`b`, all in metres.
fn segment_distance_sq_m2(p: &[f64; 3], a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let ap = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
    let t = if len2 > 0.0 {
        ((ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let d = [ap[0] - t * ab[0], ap[1] - t * ab[1], ap[2] - t * ab[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

/// Disjoint sets over `0..n`.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    /// Joins two sets; the smaller root stays root.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        let (lo, hi) = (a.min(b), a.max(b));
        self.0[hi] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A straight east-west way at latitude 60.17 from `x0_m` to `x1_m` metres east of
    /// 24.94°.
    fn way(
        name: &str,
        sv: Option<&str>,
        refs: Vec<i64>,
        x0_m: f64,
        x1_m: f64,
        north_m: f64,
    ) -> StreetWay {
        let m_lon = 1.0 / 111_320.0 / 60.17f64.to_radians().cos();
        let m_lat = 1.0 / 111_000.0;
        let n = refs.len();
        let line = (0..n)
            .map(|i| {
                let x = x0_m + (x1_m - x0_m) * i as f64 / (n - 1) as f64;
                LonLat::new(24.94 + x * m_lon, 60.17 + north_m * m_lat).unwrap()
            })
            .collect();
        let mut names = vec![("name".to_owned(), name.to_owned())];
        if let Some(sv) = sv {
            names.push(("name:sv".to_owned(), sv.to_owned()));
        }
        StreetWay {
            names,
            class: RoadClass::Residential,
            refs,
            lines: vec![line],
        }
    }

    #[test]
    fn touching_and_near_ways_merge_and_far_ones_stay_apart() {
        let mut sidewalk = way("Katu", None, vec![10, 11], 0.0, 200.0, 20.0);
        sidewalk.class = RoadClass::Path;
        let mut main = way("Katu", Some("Gatan"), vec![1, 2, 3], 200.0, 400.0, 0.0);
        main.class = RoadClass::Primary;
        let ways = vec![
            way("Katu", None, vec![0, 1], 0.0, 200.0, 0.0),
            main,                                                           // shares node 1
            sidewalk,                                                       // 20 m north, parallel
            way("Katu", Some("Gata"), vec![20, 21], 5_000.0, 5_200.0, 0.0), // 4.6 km on
            way("Bulevardi", None, vec![30, 31], 0.0, 200.0, 0.0),
        ];
        let s = streets(ways);
        let got: Vec<(Vec<&str>, RoadClass, usize)> = s
            .iter()
            .map(|s| {
                (
                    s.names.iter().map(String::as_str).collect(),
                    s.class,
                    s.lines.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (vec!["Bulevardi"], RoadClass::Residential, 1),
                (vec!["Katu", "Gatan"], RoadClass::Primary, 3),
                (vec!["Katu", "Gata"], RoadClass::Residential, 1),
            ]
        );
    }

    #[test]
    fn ways_outside_the_extract_keep_their_names_only_when_nothing_inside_has_the_name() {
        let mut outside = way(
            "Iso Roobertinkatu",
            Some("Stora Robertsgatan"),
            vec![1, 2],
            0.0,
            100.0,
            0.0,
        );
        outside.lines.clear();
        let mut clipped = way("Katu", Some("Gatan"), vec![3, 4], 0.0, 100.0, 0.0);
        clipped.lines.clear();
        let s = streets(vec![
            outside,
            clipped,
            way("Katu", None, vec![5, 6], 0.0, 100.0, 50.0),
        ]);
        let got: Vec<(Vec<&str>, usize)> = s
            .iter()
            .map(|s| (s.names.iter().map(String::as_str).collect(), s.lines.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (vec!["Iso Roobertinkatu", "Stora Robertsgatan"], 0),
                (vec!["Katu"], 1),
            ]
        );
    }

    #[test]
    fn ways_150_m_apart_are_two_streets() {
        let s = streets(vec![
            way("Tie", None, vec![1, 2], 0.0, 100.0, 0.0),
            way("Tie", None, vec![3, 4], 250.0, 350.0, 0.0),
            way("Tie", None, vec![5, 6], 340.0, 500.0, 90.0),
        ]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].lines.len(), 2);
    }
}
