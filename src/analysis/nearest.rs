//! Which of a list of shops is nearest to a member: the rule that gives each member
//! without a shop column its own shop, and the per-member export of nearest own shop and
//! nearest competitor ([`members_nearest`]).
//!
//! An R-tree over the shops' ECEF positions finds the shop with the shortest chord; every
//! shop whose chord is within the chord-to-geodesic excess bound of that one is a
//! candidate, and when there is more than one the Karney geodesic decides between them.
//! A shop outside that bound is farther geodesically (the geodesic is never shorter than
//! the chord), so the answer is the geodesically nearest shop. Equal distances go to the
//! shop listed first, so the answer never depends on the tree's order.
//!
//! For every member at once ([`NearestShop::nearest_of_all`]) the tree is asked once per
//! leaf of the member index rather than once per member: the shops that can be nearest
//! to any member of the leaf, and each member measured against those alone.

use super::MemberSet;
use crate::coord::LonLat;
use crate::geodesy::{
    chord_excess_bound_m, chord_sq_m2, distance_m, ecef_m, geodesic_from_chord_m,
};
use crate::index::{Aabb, IndexedMember, LEAF, MemberIndex};
use crate::model::{Shop, ShopKind};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::GeomWithData;

/// The nearest shop of a list, and how far it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// Index of the shop in the list [`NearestShop::new`] was given.
    pub index: usize,
    /// Geodesic distance to it, metres (Karney where shops compete, else from the chord,
    /// within a millimetre).
    pub distance_m: f64,
}

impl Nearest {
    /// A place holder, overwritten before anyone reads it.
    const AT_FIRST_SHOP: Nearest = Nearest {
        index: 0,
        distance_m: 0.0,
    };
}

/// Finds the geodesically nearest of a fixed list of shop positions.
#[derive(Debug)]
pub struct NearestShop {
    tree: RTree<GeomWithData<[f64; 3], usize>>,
    positions: Vec<LonLat>,
}

impl NearestShop {
    /// An index over `positions`; [`Nearest::index`] refers to this order, and equal
    /// distances go to the lower index.
    pub fn new(positions: &[LonLat]) -> Self {
        let items = positions
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(ecef_m(*p), i))
            .collect();
        Self {
            tree: RTree::bulk_load(items),
            positions: positions.to_vec(),
        }
    }

    /// The nearest shop to a member at `position` (ECEF `member_ecef_m`), `None` when the
    /// list is empty.
    pub fn nearest(&self, member_ecef_m: &[f64; 3], position: LonLat) -> Option<Nearest> {
        let mut near = self
            .tree
            .nearest_neighbor_iter_with_distance_2(member_ecef_m);
        let (first, first_sq) = near.next()?;
        let first_chord = first_sq.sqrt();
        let bound = first_chord + chord_excess_bound_m(first_chord);
        let rivals: Vec<usize> = near
            .take_while(|(_, sq)| sq.sqrt() <= bound)
            .map(|(s, _)| s.data)
            .collect();
        if rivals.is_empty() {
            return Some(Nearest {
                index: first.data,
                distance_m: geodesic_from_chord_m(first_chord),
            });
        }
        self.geodesically_nearest(std::iter::once(first.data).chain(rivals), position)
    }

    /// Of the shops `indices`, whose chords from the member are too close to tell, the
    /// one nearest by the Karney geodesic, equal distances to the lower index.
    fn geodesically_nearest(
        &self,
        indices: impl Iterator<Item = usize>,
        position: LonLat,
    ) -> Option<Nearest> {
        indices
            .map(|index| Nearest {
                index,
                distance_m: distance_m(self.positions[index], position),
            })
            .min_by(|a, b| {
                a.distance_m
                    .total_cmp(&b.distance_m)
                    .then(a.index.cmp(&b.index))
            })
    }

    /// The nearest shop of every member of `index`, in its spatial order (see
    /// [`MemberIndex::rank_of`]; empty when the list is empty), equal to
    /// [`NearestShop::nearest`] of each. `parallel`: spread the work over the thread
    /// pool; a caller already running on it passes `false`.
    pub fn nearest_of_all<T: Copy + Send + Sync>(
        &self,
        index: &MemberIndex<T>,
        position_of: impl Fn(u32) -> LonLat + Sync,
        parallel: bool,
    ) -> Vec<Nearest> {
        if self.positions.is_empty() {
            return Vec::new();
        }
        let members = index.spatial_order();
        let mut found = vec![Nearest::AT_FIRST_SHOP; members.len()];
        let boxes = index.leaf_boxes();
        let of_leaf = |((leaf, out), bounds): ((&[IndexedMember<T>], &mut [Nearest]), &Aabb)| {
            self.nearest_of_leaf(leaf, bounds, out, &position_of);
        };
        if parallel {
            (members.par_chunks(LEAF), found.par_chunks_mut(LEAF))
                .into_par_iter()
                .zip(boxes)
                .for_each(of_leaf);
        } else {
            members
                .chunks(LEAF)
                .zip(found.chunks_mut(LEAF))
                .zip(boxes)
                .for_each(of_leaf);
        }
        found
    }

    /// The nearest shop of each member of `leaf` (members close together in the box
    /// `bounds`, the list not empty), into `out`. No member's nearest chord exceeds
    /// `worst`, the chord from the box's centre to the shop nearest it plus the box's
    /// half-diagonal; so every shop that can be some member's answer lies within `worst`,
    /// its excess bound and the half-diagonal again of the box's centre.
    fn nearest_of_leaf<T>(
        &self,
        leaf: &[IndexedMember<T>],
        bounds: &Aabb,
        out: &mut [Nearest],
        position_of: &impl Fn(u32) -> LonLat,
    ) {
        let centre = bounds.centre();
        let half_diagonal_m = bounds.half_diagonal_m();
        let Some((_, first_sq)) = self
            .tree
            .nearest_neighbor_iter_with_distance_2(&centre)
            .next()
        else {
            return;
        };
        let worst = first_sq.sqrt() + half_diagonal_m;
        let reach = worst + chord_excess_bound_m(worst) + half_diagonal_m;
        let mut candidates: Vec<Candidate> = self
            .tree
            .locate_within_distance(centre, reach * reach)
            .map(|s| Candidate {
                index: s.data,
                ecef_m: *s.geom(),
                from_centre_m: chord_sq_m2(s.geom(), &centre).sqrt(),
            })
            .collect();
        candidates.sort_unstable_by(|a, b| {
            (a.from_centre_m.total_cmp(&b.from_centre_m)).then(a.index.cmp(&b.index))
        });
        let mut close = Vec::new();
        for (m, n) in leaf.iter().zip(out) {
            let member = (&m.ecef_m, chord_sq_m2(&m.ecef_m, &centre).sqrt());
            *n = self.nearest_among(&candidates, member, &mut close, || position_of(m.slot));
        }
    }

    /// As [`NearestShop::nearest`], among `candidates` (not empty, nearest the centre of
    /// the member's leaf first), which hold every shop that can be the answer. `member`
    /// is the member's ECEF point and chord from that centre; `close` is room for the
    /// shops in the running. The member's position is looked up only when the Karney
    /// geodesic has to decide.
    ///
    /// A shop's chord from the member is at least its chord from the centre less the
    /// member's, so the scan stops at the first shop whose chord from the centre is past
    /// the best so far by more than that (and the excess bound, and a millimetre against
    /// rounding): it and every later shop are out of the running.
    fn nearest_among(
        &self,
        candidates: &[Candidate],
        (member_ecef_m, member_from_centre_m): (&[f64; 3], f64),
        close: &mut Vec<(usize, f64)>,
        position: impl Fn() -> LonLat,
    ) -> Nearest {
        close.clear();
        let mut best = f64::INFINITY;
        for c in candidates {
            let reach = best + chord_excess_bound_m(best) + 1e-3;
            if c.from_centre_m - member_from_centre_m > reach {
                break;
            }
            let chord = chord_sq_m2(&c.ecef_m, member_ecef_m).sqrt();
            best = best.min(chord);
            close.push((c.index, chord));
        }
        let bound = best + chord_excess_bound_m(best);
        close.retain(|&(_, chord)| chord <= bound);
        if let [(index, chord)] = close[..] {
            return Nearest {
                index,
                distance_m: geodesic_from_chord_m(chord),
            };
        }
        self.geodesically_nearest(close.iter().map(|&(index, _)| index), position())
            .unwrap_or(Nearest {
                index: 0,
                distance_m: f64::INFINITY,
            })
    }
}

/// A shop that may be nearest to some member of a leaf.
struct Candidate {
    /// Index in the list of shops.
    index: usize,
    ecef_m: [f64; 3],
    /// Chord from the leaf's centre, metres.
    from_centre_m: f64,
}

/// One member's nearest own shop and nearest competitor (no name, no phone), borrowing
/// the id and the shops' names (ten million rows would otherwise be thirty million
/// strings).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MemberNearest<'a> {
    /// Member id (card number).
    pub id: &'a str,
    /// The nearest own shop (`None` without own shops).
    pub own_shop: Option<&'a str>,
    /// Geodesic distance to it, metres.
    pub own_shop_m: Option<f64>,
    /// The nearest competitor (`None` without competitors).
    pub competitor: Option<&'a str>,
    /// Geodesic distance to it, metres.
    pub competitor_m: Option<f64>,
    /// Whether the nearest competitor is nearer than the nearest own shop.
    pub competitor_nearer: Option<bool>,
}

/// Every located member's nearest own shop and nearest competitor, geodesic, ties to the
/// name first in order, as analysts compute it in GeoPandas.
/// Members must have been assigned to the own shops ([`MemberSet::with_own_shops`]).
pub fn members_nearest<'a>(set: &'a MemberSet, shops: &'a [Shop]) -> Vec<MemberNearest<'a>> {
    set.assign_own_shops();
    let own = set.own_shops();
    let mut competitors: Vec<&Shop> = shops
        .iter()
        .filter(|s| s.kind == ShopKind::Competitor)
        .collect();
    competitors.sort_by(|a, b| a.name.cmp(&b.name));
    let finder = NearestShop::new(&competitors.iter().map(|s| s.position).collect::<Vec<_>>());
    let rivals = finder.nearest_of_all(set.index(), |slot| set.position_of(slot), true);
    (0..u32::try_from(set.len()).unwrap_or(u32::MAX))
        .into_par_iter()
        .map(|slot| {
            let mine = set.nearest_own_shop(slot);
            let rival = rivals.get(set.index().rank_of(slot)).copied();
            MemberNearest {
                id: set.id_of(slot),
                own_shop: mine.map(|n| own[n.index].name.as_str()),
                own_shop_m: mine.map(|n| n.distance_m),
                competitor: rival.map(|n| competitors[n.index].name.as_str()),
                competitor_m: rival.map(|n| n.distance_m),
                competitor_nearer: mine.zip(rival).map(|(m, r)| r.distance_m < m.distance_m),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpatialOrder;
    use rand::{Rng, SeedableRng};

    /// Every shop measured with the Karney geodesic, the first of equals kept.
    fn brute_force(shops: &[LonLat], p: LonLat) -> (usize, f64) {
        let mut best = (0, f64::INFINITY);
        for (i, s) in shops.iter().enumerate() {
            let d = distance_m(*s, p);
            if d < best.1 {
                best = (i, d);
            }
        }
        best
    }

    /// A point within `spread` degrees of longitude (half that of latitude) of Helsinki.
    fn near_helsinki(rng: &mut impl Rng, spread: f64) -> LonLat {
        LonLat::new(
            24.94 + rng.random_range(-spread..spread),
            60.17 + rng.random_range(-spread / 2.0..spread / 2.0),
        )
        .unwrap()
    }

    #[test]
    fn nearest_equals_brute_force_geodesic() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
        let mut point = |spread: f64| near_helsinki(&mut rng, spread);
        let shops: Vec<LonLat> = (0..40).map(|_| point(0.2)).collect();
        let index = NearestShop::new(&shops);
        for _ in 0..5000 {
            let p = point(0.3);
            let got = index.nearest(&ecef_m(p), p).unwrap();
            let (want, want_m) = brute_force(&shops, p);
            assert_eq!(got.index, want, "member at {p:?}");
            assert!((got.distance_m - want_m).abs() < 1e-3);
        }
    }

    #[test]
    fn equal_distances_go_to_the_shop_listed_first() {
        let centre = LonLat::new(24.94, 60.17).unwrap();
        let east = crate::geodesy::destination(centre, 90.0, 500.0);
        let west = crate::geodesy::destination(centre, 270.0, 500.0);
        for shops in [[east, west, east], [west, east, west]] {
            let index = NearestShop::new(&shops);
            let got = index.nearest(&ecef_m(shops[0]), shops[0]).unwrap();
            assert_eq!(got.index, 0);
            assert_eq!(got.distance_m, 0.0);
        }
        assert_eq!(NearestShop::new(&[]).nearest(&ecef_m(centre), centre), None);
    }

    #[test]
    fn nearest_of_all_equals_nearest_of_each() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
        let mut point = |spread: f64| near_helsinki(&mut rng, spread);
        // Shops in a town and far away; members around them, on them, and everywhere.
        let mut shops: Vec<LonLat> = (0..30).map(|_| point(0.2)).collect();
        shops.extend((0..5).map(|_| point(8.0)));
        shops.push(shops[3]);
        let mut members: Vec<LonLat> = (0..4000).map(|_| point(0.3)).collect();
        members.extend((0..500).map(|_| point(10.0)));
        members.extend(shops.iter().copied());
        let ecef: Vec<[f64; 3]> = members.iter().map(|p| ecef_m(*p)).collect();
        let index = MemberIndex::build(&SpatialOrder::of(&members), &vec![(); members.len()]);
        let finder = NearestShop::new(&shops);
        for parallel in [false, true] {
            let all = finder.nearest_of_all(&index, |slot| members[slot as usize], parallel);
            assert_eq!(all.len(), members.len());
            for (slot, p) in members.iter().enumerate() {
                let got = all[index.rank_of(slot as u32)];
                assert_eq!(
                    Some(got),
                    finder.nearest(&ecef[slot], *p),
                    "member at {p:?}"
                );
            }
        }
        let none =
            NearestShop::new(&[]).nearest_of_all(&index, |slot| members[slot as usize], true);
        assert!(none.is_empty());
    }
}
