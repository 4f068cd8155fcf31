//! The spatial index of located members: an R-tree (rstar, bulk-loaded) over ECEF
//! positions in metres.
//!
//! Working in ECEF rather than degrees makes the tree's squared distance a true squared
//! chord in m², so a radius query with r² returns every member whose chord is ≤ r. Since
//! the geodesic is never shorter than the chord, that is a superset of the members within
//! r geodesically; the analysis then decides each one exactly (see [`crate::geodesy`]).

use crate::geodesy::chord_sq_m2;
use rstar::{AABB, PointDistance, RTree, RTreeObject};

/// One member in the tree: its position in the caller's member list and its ECEF point.
#[derive(Debug, Clone, Copy)]
pub struct IndexedMember {
    /// Index into the member list the tree was built from.
    pub slot: u32,
    /// ECEF position in metres.
    pub ecef_m: [f64; 3],
}

impl RTreeObject for IndexedMember {
    type Envelope = AABB<[f64; 3]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_point(self.ecef_m)
    }
}

impl PointDistance for IndexedMember {
    fn distance_2(&self, point: &[f64; 3]) -> f64 {
        chord_sq_m2(&self.ecef_m, point)
    }
}

/// R-tree over member positions.
#[derive(Debug, Default)]
pub struct MemberIndex {
    tree: RTree<IndexedMember>,
}

impl MemberIndex {
    /// Bulk-loads the tree; slot `i` is `ecef_m[i]`.
    ///
    /// # Panics
    /// Never for fewer than 2³² members; more is not a member list.
    pub fn build(ecef_m: &[[f64; 3]]) -> Self {
        let items = ecef_m
            .iter()
            .enumerate()
            .map(|(i, p)| IndexedMember {
                slot: u32::try_from(i).expect("fewer than 2^32 members"),
                ecef_m: *p,
            })
            .collect();
        Self {
            tree: RTree::bulk_load(items),
        }
    }

    /// Number of members in the tree.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether the tree holds no members.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Every member whose chord to `centre_ecef_m` is at most `radius_m` (and so every
    /// member within `radius_m` geodesically, plus a few just outside).
    ///
    /// # Units
    /// Metres.
    pub fn within_chord(
        &self,
        centre_ecef_m: &[f64; 3],
        radius_m: f64,
    ) -> impl Iterator<Item = &IndexedMember> {
        self.tree
            .locate_within_distance(*centre_ecef_m, radius_m * radius_m)
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
        let index = MemberIndex::build(&points.iter().map(|p| ecef_m(*p)).collect::<Vec<_>>());
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
}
