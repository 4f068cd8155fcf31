//! The spatial index of located members: a packed tree over ECEF positions in metres,
//! built from the members' spatial order.
//!
//! The members, in Morton (Z-order) order of longitude and latitude ([`SpatialOrder`]),
//! are cut into runs of [`LEAF`] neighbours, and each run's bounding box is kept; boxes
//! of [`FAN`] consecutive runs make the level above, up to a root of at most `FAN` boxes
//! (the packed R-tree of Kamel and Faloutsos, with a Morton rather than a Hilbert order).
//! The order is one parallel sort of 64-bit keys, or none when the member cache kept it;
//! building the tree on it is one pass, so a process analysing a million members spends
//! milliseconds where a bulk-loaded R-tree spends hundreds; radius queries visit about as
//! many boxes.
//!
//! Working in ECEF rather than degrees makes squared distances true squared chords in m²,
//! so a radius query with r² returns every member whose chord is ≤ r. Since the geodesic
//! is never shorter than the chord, that is a superset of the members within r
//! geodesically; the analysis then decides each one exactly (see [`crate::geodesy`]).
//!
//! The order itself is exposed ([`MemberIndex::spatial_order`]): runs of it are members
//! close together, which is how the nearest-shop assignment works by blocks. Each entry
//! carries a small payload of the caller's (what a report counts about the member), so a
//! radius query reads one run of memory rather than a column per slot; building reads
//! only that payload, 4 bytes a member, by slot.

use crate::geodesy::chord_sq_m2;
use crate::model::SpatialOrder;
use rayon::prelude::*;

/// Members per leaf box.
pub const LEAF: usize = 32;
/// Boxes per box of the level above.
const FAN: usize = 16;

/// One member in the index: its position in the caller's member list, the caller's
/// payload for it, and its ECEF point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexedMember<T> {
    /// Index into the member list the index was built from.
    pub slot: u32,
    /// What the caller keeps with the member (fits beside `slot` when 4 bytes or less).
    pub data: T,
    /// ECEF position in metres.
    pub ecef_m: [f64; 3],
}

/// An axis-aligned box in ECEF metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aabb {
    /// Lowest corner.
    pub min: [f64; 3],
    /// Highest corner.
    pub max: [f64; 3],
}

impl Aabb {
    const EMPTY: Aabb = Aabb {
        min: [f64::INFINITY; 3],
        max: [f64::NEG_INFINITY; 3],
    };

    /// The smallest box holding every point.
    pub fn around<'a>(points: impl IntoIterator<Item = &'a [f64; 3]>) -> Self {
        points.into_iter().fold(Self::EMPTY, |b, p| b.with(p, p))
    }

    fn union(self, other: &Aabb) -> Self {
        self.with(&other.min, &other.max)
    }

    fn with(mut self, min: &[f64; 3], max: &[f64; 3]) -> Self {
        for k in 0..3 {
            self.min[k] = self.min[k].min(min[k]);
            self.max[k] = self.max[k].max(max[k]);
        }
        self
    }

    /// The centre of the box.
    pub fn centre(&self) -> [f64; 3] {
        std::array::from_fn(|k| (self.min[k] + self.max[k]) / 2.0)
    }

    /// Half the box's diagonal: no point of the box is farther than this from its centre.
    pub fn half_diagonal_m(&self) -> f64 {
        chord_sq_m2(&self.min, &self.max).sqrt() / 2.0
    }

    /// Distance from `p` to the farthest point of the box (one of its corners).
    pub fn farthest_m(&self, p: &[f64; 3]) -> f64 {
        (0..3)
            .map(|k| {
                let d = (p[k] - self.min[k]).abs().max((self.max[k] - p[k]).abs());
                d * d
            })
            .sum::<f64>()
            .sqrt()
    }

    /// Distance from `p` to the nearest point of the box (0 inside it).
    pub fn nearest_m(&self, p: &[f64; 3]) -> f64 {
        self.distance_sq_m2(p).sqrt()
    }

    /// Squared distance from `p` to the nearest point of the box (0 inside it).
    fn distance_sq_m2(&self, p: &[f64; 3]) -> f64 {
        (0..3)
            .map(|k| {
                let d = (self.min[k] - p[k]).max(p[k] - self.max[k]).max(0.0);
                d * d
            })
            .sum()
    }
}

/// The packed tree over member positions, each with a payload `T`.
#[derive(Debug)]
pub struct MemberIndex<T> {
    /// Members in Morton order.
    members: Vec<IndexedMember<T>>,
    /// Where each slot is in `members`.
    rank: Vec<u32>,
    /// `levels[0]` boxes the leaves (runs of [`LEAF`] members), `levels[k]` boxes runs of
    /// [`FAN`] boxes of `levels[k - 1]`; the last level has at most `FAN` boxes.
    levels: Vec<Vec<Aabb>>,
}

impl<T: Copy + Send + Sync> MemberIndex<T> {
    /// Builds the index over the members of `order`, slot `i` with payload `data[i]`.
    ///
    /// # Panics
    /// When `data` does not hold one payload per member of `order`.
    pub fn build(order: &SpatialOrder, data: &[T]) -> Self {
        assert_eq!(order.len(), data.len(), "a payload per member");
        let members: Vec<IndexedMember<T>> = (order.slots(), order.ecef_m())
            .into_par_iter()
            .map(|(&slot, &ecef_m)| IndexedMember {
                slot,
                data: data[slot as usize],
                ecef_m,
            })
            .collect();
        let mut rank = vec![0u32; members.len()];
        for (i, m) in members.iter().enumerate() {
            rank[m.slot as usize] = i as u32;
        }
        let mut levels = vec![
            members
                .par_chunks(LEAF)
                .map(|run| Aabb::around(run.iter().map(|m| &m.ecef_m)))
                .collect::<Vec<_>>(),
        ];
        while levels.last().is_some_and(|l| l.len() > FAN) {
            let below = levels.last().map_or(&[][..], Vec::as_slice);
            let above = below
                .chunks(FAN)
                .map(|run| run.iter().fold(Aabb::EMPTY, |b, c| b.union(c)))
                .collect();
            levels.push(above);
        }
        Self {
            members,
            rank,
            levels,
        }
    }

    /// Number of members in the index.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the index holds no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Every member, in the index's spatial order: members near each other in the list
    /// are near each other on the ground (runs of [`LEAF`] are the leaves' members).
    pub fn spatial_order(&self) -> &[IndexedMember<T>] {
        &self.members
    }

    /// The box of each leaf: box `i` holds `spatial_order()[i * LEAF..]`, up to [`LEAF`]
    /// members.
    pub fn leaf_boxes(&self) -> &[Aabb] {
        self.levels.first().map_or(&[], Vec::as_slice)
    }

    /// Where the member in `slot` is in [`MemberIndex::spatial_order`].
    ///
    /// # Panics
    /// When `slot` is not below [`MemberIndex::len`].
    pub fn rank_of(&self, slot: u32) -> usize {
        self.rank[slot as usize] as usize
    }

    /// The entry of the member in `slot`.
    ///
    /// # Panics
    /// When `slot` is not below [`MemberIndex::len`].
    pub fn entry(&self, slot: u32) -> &IndexedMember<T> {
        &self.members[self.rank_of(slot)]
    }

    /// How many members lie where `holds` is true. `covers` tells of a box whether
    /// `holds` is true at every point of it (`Some(true)`), at none (`Some(false)`), or
    /// cannot say (`None`); the boxes it can tell about are counted or passed whole, so a
    /// region of millions of members costs about its boundary.
    pub fn count(
        &self,
        covers: impl Fn(&Aabb) -> Option<bool>,
        holds: impl Fn(&[f64; 3]) -> bool,
    ) -> u64 {
        let top = self.levels.len();
        let mut pending: Vec<(usize, usize)> = match self.levels.last() {
            Some(roots) => (0..roots.len()).map(|i| (top - 1, i)).collect(),
            None => Vec::new(),
        };
        let mut n = 0;
        while let Some((level, i)) = pending.pop() {
            let span = LEAF * FAN.pow(level as u32);
            let members = &self.members[i * span..((i + 1) * span).min(self.members.len())];
            match covers(&self.levels[level][i]) {
                Some(false) => {}
                Some(true) => n += members.len() as u64,
                None if level == 0 => {
                    n += members.iter().filter(|m| holds(&m.ecef_m)).count() as u64;
                }
                None => {
                    let end = (i * FAN + FAN).min(self.levels[level - 1].len());
                    pending.extend((i * FAN..end).map(|j| (level - 1, j)));
                }
            }
        }
        n
    }

    /// Every member whose chord to `centre_ecef_m` is at most `radius_m` (and so every
    /// member within `radius_m` geodesically, plus a few just outside).
    ///
    /// # Units
    /// Metres.
    pub fn within_chord<'a>(
        &'a self,
        centre_ecef_m: &[f64; 3],
        radius_m: f64,
    ) -> impl Iterator<Item = &'a IndexedMember<T>> + 'a {
        let centre = *centre_ecef_m;
        let r2 = radius_m * radius_m;
        let top = self.levels.len();
        let mut pending: Vec<(usize, usize)> = match self.levels.last() {
            Some(roots) => (0..roots.len()).map(|i| (top - 1, i)).collect(),
            None => Vec::new(),
        };
        let mut leaf: &'a [IndexedMember<T>] = &[];
        std::iter::from_fn(move || {
            loop {
                if let Some((first, rest)) = leaf.split_first() {
                    leaf = rest;
                    if chord_sq_m2(&first.ecef_m, &centre) <= r2 {
                        return Some(first);
                    }
                    continue;
                }
                let (level, i) = pending.pop()?;
                if self.levels[level][i].distance_sq_m2(&centre) > r2 {
                    continue;
                }
                if level == 0 {
                    let end = (i * LEAF + LEAF).min(self.members.len());
                    leaf = &self.members[i * LEAF..end];
                } else {
                    let end = (i * FAN + FAN).min(self.levels[level - 1].len());
                    pending.extend((i * FAN..end).map(|j| (level - 1, j)));
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::LonLat;
    use crate::geodesy::{distance_m, ecef_m};
    use rand::{Rng, SeedableRng};

    #[test]
    fn radius_query_finds_every_member_within_geodesic_radius() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let centre = LonLat::new(24.94, 60.17).unwrap();
        let points: Vec<LonLat> = (0..5000)
            .map(|_| {
                LonLat::new(
                    24.94 + rng.random_range(-0.03..0.03),
                    60.17 + rng.random_range(-0.015..0.015),
                )
                .unwrap()
            })
            .collect();
        let index = MemberIndex::build(&SpatialOrder::of(&points), &vec![(); points.len()]);
        for radius_m in [150.0, 500.0, 1000.0] {
            let found: std::collections::HashSet<u32> = index
                .within_chord(&ecef_m(centre), radius_m)
                .map(|m| m.slot)
                .collect();
            for (i, p) in points.iter().enumerate() {
                let d = distance_m(centre, *p);
                if d <= radius_m {
                    assert!(found.contains(&(i as u32)), "missed member at {d} m");
                } else if d > radius_m + 0.01 {
                    assert!(!found.contains(&(i as u32)), "member at {d} m returned");
                }
            }
        }
    }

    #[test]
    fn radius_queries_return_exactly_the_members_within_the_chord() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for n in [0, 1, 5, LEAF, LEAF + 1, 3000] {
            // A dense town, a few far-off members (one across the antimeridian) and exact
            // duplicates.
            let mut positions: Vec<LonLat> = (0..n)
                .map(|i| {
                    let spread = if i % 10 == 0 { 2.0 } else { 0.02 };
                    let lon = if i == 3 {
                        -179.999
                    } else {
                        121.4 + rng.random_range(-spread..spread)
                    };
                    LonLat::new(lon, 31.2 + rng.random_range(-spread..spread)).unwrap()
                })
                .collect();
            positions.extend(positions.clone().iter().take(n / 3));
            let points: Vec<[f64; 3]> = positions.iter().map(|p| ecef_m(*p)).collect();
            let index = MemberIndex::build(&SpatialOrder::of(&positions), &positions);
            assert_eq!(index.len(), points.len());
            let mut order: Vec<u32> = index.spatial_order().iter().map(|m| m.slot).collect();
            for (i, &slot) in order.iter().enumerate() {
                assert_eq!(index.rank_of(slot), i);
            }
            order.sort_unstable();
            assert!(order.iter().copied().eq(0..points.len() as u32));
            for q in 0..20 {
                let centre = points.get(q * 7).copied().unwrap_or([0.0; 3]);
                for radius_m in [0.0, 150.0, 1000.0, 50_000.0] {
                    let mut got: Vec<u32> = index
                        .within_chord(&centre, radius_m)
                        .inspect(|m| assert_eq!(m.ecef_m, points[m.slot as usize]))
                        .inspect(|m| assert_eq!(m.data, positions[m.slot as usize]))
                        .map(|m| m.slot)
                        .collect();
                    got.sort_unstable();
                    let want: Vec<u32> = (0..points.len() as u32)
                        .filter(|&i| {
                            chord_sq_m2(&points[i as usize], &centre) <= radius_m * radius_m
                        })
                        .collect();
                    assert_eq!(got, want, "{n} members, radius {radius_m} m");
                }
            }
        }
    }

    #[test]
    fn counting_with_whole_boxes_equals_counting_every_member() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
        let positions: Vec<LonLat> = (0..20_000)
            .map(|i| {
                let spread = if i % 5 == 0 { 3.0 } else { 0.05 };
                LonLat::new(
                    121.4 + rng.random_range(-spread..spread),
                    31.2 + rng.random_range(-spread..spread),
                )
                .unwrap()
            })
            .collect();
        let index = MemberIndex::build(&SpatialOrder::of(&positions), &vec![(); positions.len()]);
        let points: Vec<[f64; 3]> = positions.iter().map(|p| ecef_m(*p)).collect();
        for (q, radius_m) in [(0, 500.0), (1, 5_000.0), (2, 80_000.0), (3, 400_000.0)] {
            let centre = points[q * 101];
            let other = points[q * 101 + 7];
            let within = |e: &[f64; 3], c: &[f64; 3]| chord_sq_m2(e, c).sqrt() <= radius_m;
            let box_within = |b: &Aabb, c: &[f64; 3]| {
                if b.nearest_m(c) > radius_m {
                    Some(false)
                } else if b.farthest_m(c) <= radius_m {
                    Some(true)
                } else {
                    None
                }
            };
            let both = |e: &[f64; 3]| within(e, &centre) && within(e, &other);
            let covers_both = |b: &Aabb| match (box_within(b, &centre), box_within(b, &other)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let want = points.iter().filter(|e| both(e)).count() as u64;
            assert_eq!(index.count(covers_both, both), want, "radius {radius_m} m");
            let one = points.iter().filter(|e| within(e, &centre)).count() as u64;
            let counted = index.count(|b| box_within(b, &centre), |e| within(e, &centre));
            assert_eq!(counted, one, "radius {radius_m} m");
        }
    }
}
