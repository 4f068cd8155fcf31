//! Streets while they are assembled: ways of one name that lie together become one
//! street, and address points join the nearest street of their name.
//!
//! Distances between bounding boxes decide; they are measured in a local frame, which at
//! the few hundred metres that matter here agrees with the geodesic to centimetres.

use std::collections::HashMap;

use super::normalise::name_key;
use super::{AddressPoint, InterpolationInput};
use crate::coord::LonLat;
use crate::geodesy::LocalFrame;

/// Ways and address points of one name closer than this are one street.
pub(crate) const MERGE_GAP_M: f64 = 500.0;

#[derive(Debug, Clone, Copy)]
pub(crate) struct BBox {
    min: [f64; 2],
    max: [f64; 2],
}

impl BBox {
    pub fn of<'a>(points: impl IntoIterator<Item = &'a LonLat>) -> Option<Self> {
        let mut it = points.into_iter();
        let first = it.next()?;
        let mut b = Self::point(*first);
        for p in it {
            b.extend(*p);
        }
        Some(b)
    }

    pub fn point(p: LonLat) -> Self {
        Self {
            min: [p.lon_deg(), p.lat_deg()],
            max: [p.lon_deg(), p.lat_deg()],
        }
    }

    pub fn extend(&mut self, p: LonLat) {
        self.merge(&Self::point(p));
    }

    pub fn merge(&mut self, o: &Self) {
        self.min = [self.min[0].min(o.min[0]), self.min[1].min(o.min[1])];
        self.max = [self.max[0].max(o.max[0]), self.max[1].max(o.max[1])];
    }

    /// Gap between two boxes in metres (0 when they overlap).
    pub fn gap_m(&self, o: &Self) -> f64 {
        let dx = (o.min[0] - self.max[0])
            .max(self.min[0] - o.max[0])
            .max(0.0);
        let dy = (o.min[1] - self.max[1])
            .max(self.min[1] - o.max[1])
            .max(0.0);
        let lat = 0.5 * (self.min[1] + self.max[1]);
        let Ok(origin) = LonLat::new(self.min[0], lat) else {
            return f64::INFINITY;
        };
        let Ok(far) = LonLat::new((self.min[0] + dx).min(180.0), (lat + dy).min(90.0)) else {
            return f64::INFINITY;
        };
        let xy = LocalFrame::at(origin).xy_m(far);
        xy[0].hypot(xy[1])
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NameVote {
    pub text: String,
    pub main: usize,
    pub seen: usize,
}

/// A street while it is being assembled.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub key: String,
    pub names: Vec<NameVote>,
    pub lines: Vec<Vec<LonLat>>,
    pub bbox: Option<BBox>,
    pub addresses: Vec<AddressPoint>,
    pub interps: Vec<InterpolationInput>,
    pub alive: bool,
}

impl Draft {
    pub fn vote(&mut self, name: &str, main: bool) {
        let seen = self.names.len();
        match self.names.iter_mut().find(|v| v.text == name) {
            Some(v) => v.main += usize::from(main),
            None => self.names.push(NameVote {
                text: name.to_owned(),
                main: usize::from(main),
                seen,
            }),
        }
    }

    pub fn grow(&mut self, b: BBox) {
        match &mut self.bbox {
            Some(own) => own.merge(&b),
            None => self.bbox = Some(b),
        }
    }

    pub fn gap_m(&self, b: &BBox) -> f64 {
        self.bbox.map_or(f64::INFINITY, |own| own.gap_m(b))
    }

    pub fn absorb(&mut self, other: Draft) {
        for v in other.names {
            let seen = self.names.len();
            match self.names.iter_mut().find(|w| w.text == v.text) {
                Some(w) => w.main += v.main,
                None => self.names.push(NameVote { seen, ..v }),
            }
        }
        self.lines.extend(other.lines);
        if let Some(b) = other.bbox {
            self.grow(b);
        }
        self.addresses.extend(other.addresses);
        self.interps.extend(other.interps);
    }

    pub fn name_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.names.iter().map(|v| name_key(&v.text))
    }
}

/// Merges drafts of one key whose boxes are within [`MERGE_GAP_M`], until none are.
pub(crate) fn merge_close(drafts: &mut [Draft]) {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate() {
        if d.alive {
            by_key.entry(d.key.as_str()).or_default().push(i);
        }
    }
    let groups: Vec<Vec<usize>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    for group in groups {
        let mut changed = true;
        while changed {
            changed = false;
            for a in 0..group.len() {
                for b in a + 1..group.len() {
                    let (i, j) = (group[a], group[b]);
                    if !drafts[i].alive || !drafts[j].alive {
                        continue;
                    }
                    let close = drafts[j]
                        .bbox
                        .is_some_and(|bj| drafts[i].gap_m(&bj) <= MERGE_GAP_M);
                    if close {
                        let taken = std::mem::take(&mut drafts[j]);
                        drafts[i].absorb(taken);
                        changed = true;
                    }
                }
            }
        }
    }
}

/// Name key → drafts having a name with that key.
pub(crate) fn drafts_by_name(drafts: &[Draft]) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate().filter(|(_, d)| d.alive) {
        for k in d.name_keys() {
            let ids = map.entry(k).or_default();
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
    }
    map
}

pub(crate) fn nearest_draft(
    drafts: &[Draft],
    ids: Option<&Vec<usize>>,
    b: &BBox,
    max_gap_m: f64,
) -> Option<usize> {
    ids?.iter()
        .filter(|&&i| drafts[i].alive)
        .map(|&i| (i, drafts[i].gap_m(b)))
        .filter(|&(_, gap)| gap <= max_gap_m)
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(i, _)| i)
}
