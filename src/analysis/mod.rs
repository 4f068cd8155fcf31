//! Measurements of members around shops: rings, sectors and segments.
//!
//! [`MemberSet`] is the analysis view of a workspace's located members: positions
//! prepared for distance work, segments decided once against the reference date, and
//! the member index (a packed R-tree). Every report (CLI, later the web page) is a
//! function of a `MemberSet` and a [`Shop`], so tests call them without either face.
//!
//! Who belongs to a shop (DESIGN, "Who belongs to a shop"): ring counts of an own shop
//! take the members whose shop column names it plus every member without a shop column
//! ([`MemberSet::scope_for`]); trade-area figures take only its own members — the shop
//! column, else the own shop nearest geodesically ([`MemberSet::own_members`]), assigned
//! once per member set and own shops ([`MemberSet::with_own_shops`]) so no per-shop figure
//! scans the whole member base. The assignment is made on first use: a report that never
//! asks for own members (competitors' rings) does not pay for it.

pub mod barriers;
pub mod compare;
pub mod competition;
pub mod coverage;
pub mod decay;
pub mod dwellings;
pub mod huff_reach;
pub mod leaflet;
pub mod nearest;
pub mod rings;
pub mod sectors;
pub mod segments;
pub mod sparse;
pub mod whitespace;

use crate::coord::LonLat;
use crate::geodesy::{chord_m, ecef_m, geodesic_from_chord_m};
use crate::index::{IndexedMember, MemberIndex};
use crate::model::{MemberTable, Shop, ShopKind, day_number};
use chrono::NaiveDate;
use nearest::{Nearest, NearestShop};
use rayon::prelude::*;
use segments::{Segment, SegmentRules};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The rule that gives a shop its own members, as every report states it.
pub const OWN_MEMBERS_RULE: &str = "own members: those whose shop column names the shop; \
     without a shop column, those nearer (geodesic) to it than to any other own shop";

/// Located members prepared for measuring: the members as read, the member index (each
/// entry with the member's ECEF position and traits), and (after
/// [`MemberSet::with_own_shops`]) each member's own shop.
///
/// Cloning is cheap and shares the prepared members: a server keeps one set while the
/// members are unchanged and assigns them again only when the shops change.
#[derive(Debug, Clone)]
pub struct MemberSet {
    base: Arc<Prepared>,
    own: Arc<OwnShops>,
}

/// What [`MemberSet::new`] prepares from the members alone.
#[derive(Debug)]
struct Prepared {
    /// The members as read: positions, and ids so campaign lists can name the members an
    /// analysis picked (read in place when they came from the member cache).
    table: MemberTable,
    /// Slots of members by home shop; `None` holds members without a home shop.
    by_home: HashMap<Option<String>, Vec<u32>>,
    /// The members' positions, each with its traits.
    index: MemberIndex<MemberTraits>,
    /// Each member's traits by slot as well (4 bytes a member): a count over a shop's
    /// scope, a sorted list of slots, then reads one run of memory, not an index entry
    /// at random per member.
    traits: Vec<MemberTraits>,
    as_of: Option<NaiveDate>,
}

/// The own shops members are assigned to, and (once asked for) the assignment.
#[derive(Debug, Default)]
struct OwnShops {
    /// Own shops sorted by name (equal distances go to the name first in order).
    shops: Vec<Shop>,
    /// Made by the first caller that needs it ([`MemberSet::assignment`]).
    assigned: OnceLock<Assignment>,
}

/// Every member's own shop among [`OwnShops::shops`].
#[derive(Debug)]
struct Assignment {
    /// The nearest own shop of every member, in the index's spatial order (empty without
    /// own shops).
    nearest: Vec<Nearest>,
    /// Each shop's own members, nearest first, in the order of `shops`.
    members: Vec<Vec<OwnMember>>,
}

/// One of a shop's own members: its slot, traits and distance from the shop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OwnMember {
    /// The member's slot.
    pub slot: u32,
    /// What reports count about the member (kept here, where it costs no room, so a
    /// shop's figures read its own members alone).
    pub traits: MemberTraits,
    /// Geodesic distance from the shop, metres (within a millimetre).
    pub distance_m: f64,
}

/// What a report counts about each member besides where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberTraits {
    /// Segment on the reference date.
    pub segment: Segment,
    /// Came back at least once (≥ 2 visits).
    pub repeat: bool,
    /// Tier marks a VIP.
    pub vip: bool,
    /// Placed only on its street, not at its house.
    pub street_level: bool,
}

impl MemberSet {
    /// Prepares members for analysis. The reference date for segments is `as_of` when
    /// given, else the members' latest visit.
    pub fn new(
        members: impl Into<MemberTable>,
        as_of: Option<NaiveDate>,
        rules: &SegmentRules,
    ) -> Self {
        let table = members.into();
        let m = table.view();
        let as_of = as_of.or_else(|| segments::members_reference_date(&m));
        let as_of_day = as_of.map(day_number);
        let vip_tiers: Vec<bool> = m
            .tier_names
            .iter()
            .map(|t| segments::is_vip_tier(t))
            .collect();
        let traits: Vec<MemberTraits> = (0..m.len())
            .into_par_iter()
            .map(|slot| {
                let days = m.visit_days(slot);
                MemberTraits {
                    segment: as_of_day.map_or(Segment::Unknown, |d| rules.classify_days(&days, d)),
                    repeat: segments::is_repeat(days.visits),
                    vip: m.tier(slot).is_some_and(|k| vip_tiers[k as usize]),
                    street_level: m.street_level(slot),
                }
            })
            .collect();
        let home_of = |slot| m.home_shop(slot).map_or(m.shop_names.len(), |k| k as usize);
        let mut counts = vec![0; m.shop_names.len() + 1];
        (0..m.len()).for_each(|slot| counts[home_of(slot)] += 1);
        let mut homes: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
        for slot in 0..m.len() {
            homes[home_of(slot)].push(u32::try_from(slot).unwrap_or(u32::MAX));
        }
        let names = m.shop_names.iter().cloned().map(Some).chain([None]);
        let by_home = names
            .zip(homes)
            .filter(|(_, slots)| !slots.is_empty())
            .collect();
        let index = MemberIndex::build(&table.spatial_order(), &traits);
        Self {
            base: Arc::new(Prepared {
                table,
                by_home,
                index,
                traits,
                as_of,
            }),
            own: Arc::default(),
        }
    }

    /// Assigns every member to its own shop among `shops` (competitors are ignored): the
    /// shop its shop column names, else the geodesically nearest own shop, ties to the
    /// name first in order. Done once, in parallel, when first needed; afterwards
    /// [`MemberSet::own_members`] of these shops is a lookup. Replaces an earlier
    /// assignment.
    #[must_use]
    pub fn with_own_shops(mut self, shops: &[Shop]) -> Self {
        let mut own: Vec<Shop> = shops
            .iter()
            .filter(|s| s.kind == ShopKind::Own)
            .cloned()
            .collect();
        own.sort_by(|a, b| a.name.cmp(&b.name));
        self.own = Arc::new(OwnShops {
            shops: own,
            assigned: OnceLock::new(),
        });
        self
    }

    /// Makes the own-shop assignment now rather than on first use: parallel reports that
    /// each need it call this first, so it is made once and in parallel.
    pub fn assign_own_shops(&self) {
        self.assignment();
    }

    /// The assignment to [`MemberSet::own_shops`], made on the first call.
    fn assignment(&self) -> &Assignment {
        self.own.assigned.get_or_init(|| self.assign())
    }

    /// Assigns every member to its own shop ([`MemberSet::with_own_shops`]). Made on a
    /// thread of the parallel pool (a report that did not call
    /// [`MemberSet::assign_own_shops`] first), it runs on that thread alone: waiting
    /// for parallel work there could pick up a report asking for this same assignment.
    fn assign(&self) -> Assignment {
        let own = &self.own.shops;
        let finder = NearestShop::new(&own.iter().map(|s| s.position).collect::<Vec<_>>());
        let in_pool = rayon::current_thread_index().is_some();
        let positions = self.base.table.view().positions;
        let position_of = |slot: u32| positions[slot as usize];
        let nearest = finder.nearest_of_all(&self.base.index, position_of, !in_pool);
        // Each member's own shop by slot: its shop column's, else (a walk-in) its nearest.
        // Then the index's order (as `nearest` is) is walked in blocks, each block's own
        // members gathered by shop, and each shop's blocks joined and sorted: nothing is
        // read at random but the owner by slot. Without own shops `nearest` is empty,
        // and so are the lists.
        const WALK_IN: u32 = u32::MAX;
        const ELSEWHERE: u32 = u32::MAX - 1;
        const BLOCK: usize = 1 << 15;
        let mut owner = vec![ELSEWHERE; self.len()];
        for (home, slots) in &self.base.by_home {
            let k = match home {
                None => WALK_IN,
                Some(name) => own
                    .binary_search_by(|s| s.name.as_str().cmp(name))
                    .map_or(ELSEWHERE, |k| k as u32),
            };
            slots.iter().for_each(|&slot| owner[slot as usize] = k);
        }
        let centres: Vec<[f64; 3]> = own.iter().map(|s| ecef_m(s.position)).collect();
        let of_block = |(block, near): (&[IndexedMember<MemberTraits>], &[Nearest])| {
            let mut lists: Vec<Vec<OwnMember>> = vec![Vec::new(); own.len()];
            for (m, n) in block.iter().zip(near) {
                // The own shop and, for a walk-in, the distance the search found.
                let (k, distance_m) = match owner[m.slot as usize] {
                    ELSEWHERE => continue,
                    WALK_IN => (n.index, n.distance_m),
                    k => {
                        let k = k as usize;
                        (k, geodesic_from_chord_m(chord_m(&centres[k], &m.ecef_m)))
                    }
                };
                lists[k].push(OwnMember {
                    slot: m.slot,
                    traits: m.data,
                    distance_m,
                });
            }
            lists
        };
        let shop_of = |blocks: &[Vec<Vec<OwnMember>>], k: usize| {
            let mut all = Vec::with_capacity(blocks.iter().map(|b| b[k].len()).sum());
            blocks.iter().for_each(|b| all.extend_from_slice(&b[k]));
            sort_by_distance(&mut all);
            all
        };
        let order = self.base.index.spatial_order();
        let members: Vec<Vec<OwnMember>> = if in_pool {
            let blocks: Vec<_> = order
                .chunks(BLOCK)
                .zip(nearest.chunks(BLOCK))
                .map(of_block)
                .collect();
            (0..own.len()).map(|k| shop_of(&blocks, k)).collect()
        } else {
            let blocks: Vec<_> = (order.par_chunks(BLOCK), nearest.par_chunks(BLOCK))
                .into_par_iter()
                .map(of_block)
                .collect();
            (0..own.len())
                .into_par_iter()
                .map(|k| shop_of(&blocks, k))
                .collect()
        };
        Assignment { nearest, members }
    }

    /// The member in `slot` as an own member of the shop at ECEF `centre_ecef_m`: its
    /// geodesic distance from the chord (within a millimetre).
    fn own_member(&self, centre_ecef_m: &[f64; 3], slot: u32) -> OwnMember {
        let m = self.base.index.entry(slot);
        OwnMember {
            slot,
            traits: m.data,
            distance_m: geodesic_from_chord_m(chord_m(centre_ecef_m, &m.ecef_m)),
        }
    }

    /// The own shops members were assigned to ([`MemberSet::with_own_shops`]), by name.
    pub fn own_shops(&self) -> &[Shop] {
        &self.own.shops
    }

    /// The nearest own shop of the member in `slot` (an index into
    /// [`MemberSet::own_shops`]) and its distance; `None` before
    /// [`MemberSet::with_own_shops`] or without own shops.
    pub fn nearest_own_shop(&self, slot: u32) -> Option<Nearest> {
        self.assignment()
            .nearest
            .get(self.base.index.rank_of(slot))
            .copied()
    }

    /// The members trade-area figures of `shop` describe, nearest first: those whose shop
    /// column names it, and those without a shop column nearer to it than to any own shop
    /// of [`MemberSet::with_own_shops`] (all of them when none were given). For an own
    /// shop of that list this is a lookup; for another site (a what-if) one pass over the
    /// members without a shop column.
    pub fn own_members(&self, shop: &Shop) -> Cow<'_, [OwnMember]> {
        let assigned = self
            .own
            .shops
            .binary_search_by(|s| s.name.as_str().cmp(&shop.name))
            .ok()
            .filter(|&k| self.own.shops[k].position == shop.position);
        if let Some(k) = assigned {
            return Cow::Borrowed(&self.assignment().members[k]);
        }
        let centre = ecef_m(shop.position);
        let mut own: Vec<OwnMember> = Vec::new();
        let named = self.base.by_home.get(&Some(shop.name.clone()));
        for &slot in named.into_iter().flatten() {
            own.push(self.own_member(&centre, slot));
        }
        for &slot in self.base.by_home.get(&None).into_iter().flatten() {
            let member = self.own_member(&centre, slot);
            if self
                .nearest_own_shop(slot)
                .is_none_or(|n| member.distance_m < n.distance_m)
            {
                own.push(member);
            }
        }
        sort_by_distance(&mut own);
        Cow::Owned(own)
    }

    /// Whether both sets share the same prepared members (one was cloned from the other).
    pub fn shares_members_with(&self, other: &MemberSet) -> bool {
        Arc::ptr_eq(&self.base, &other.base)
    }

    /// Number of located members.
    pub fn len(&self) -> usize {
        self.base.index.len()
    }

    /// Whether there are no located members.
    pub fn is_empty(&self) -> bool {
        self.base.index.is_empty()
    }

    /// The reference date segments were decided on.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.base.as_of
    }

    /// The spatial index of member positions.
    pub fn index(&self) -> &MemberIndex<MemberTraits> {
        &self.base.index
    }

    /// ECEF position of the member in `slot`. A lookup through the index: a loop over
    /// many members reads faster from [`MemberSet::index`]'s entries, which carry it.
    pub fn ecef_of(&self, slot: u32) -> &[f64; 3] {
        &self.base.index.entry(slot).ecef_m
    }

    /// WGS84 position of the member in `slot`.
    pub fn position_of(&self, slot: u32) -> LonLat {
        self.base.table.columns().positions[slot as usize]
    }

    /// Segment, repeat, VIP and street level of the member in `slot`.
    pub fn traits_of(&self, slot: u32) -> MemberTraits {
        self.base.traits[slot as usize]
    }

    /// The index entries (slot, traits, ECEF position) of the members `scope` counts,
    /// for counts that do not depend on order: every member in the index's order, one
    /// run of memory; only some, a lookup each.
    pub fn members_in<'a>(
        &'a self,
        scope: &'a Scope,
    ) -> Box<dyn Iterator<Item = &'a IndexedMember<MemberTraits>> + 'a> {
        let index = &self.base.index;
        match scope {
            Scope::All => Box::new(index.spatial_order().iter()),
            Scope::Slots(slots) => Box::new(slots.iter().map(|&slot| index.entry(slot))),
        }
    }

    /// Member id (card number) of the member in `slot`.
    pub fn id_of(&self, slot: u32) -> &str {
        self.base.table.columns().ids.get(slot as usize)
    }

    /// The members as read, by slot.
    pub fn table(&self) -> &MemberTable {
        &self.base.table
    }

    /// Home-shop names that appear among members, sorted (`None` excluded).
    pub fn home_shops(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .base
            .by_home
            .keys()
            .flatten()
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        names
    }

    /// Which members a report about `shop` counts.
    ///
    /// For an own shop: its members, i.e. those whose home shop is this shop plus those
    /// with no home shop (a single shop's list usually has no shop column). For a
    /// competitor: every member of ours.
    pub fn scope_for(&self, shop: &Shop) -> Scope {
        match shop.kind {
            ShopKind::Competitor => Scope::All,
            ShopKind::Own => {
                let has_other_homes = self
                    .base
                    .by_home
                    .keys()
                    .any(|k| k.as_deref().is_some_and(|k| k != shop.name));
                if !has_other_homes {
                    return Scope::All;
                }
                let group = |key: Option<String>| {
                    self.base.by_home.get(&key).map_or(&[][..], Vec::as_slice)
                };
                Scope::Slots(merged(group(Some(shop.name.clone())), group(None)))
            }
        }
    }
}

/// Two ascending lists of slots (each home shop's, as `by_home` holds them) as one.
fn merged(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] < b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Nearest first; equal distances by slot, so the order never depends on a hash map.
fn sort_by_distance(members: &mut [OwnMember]) {
    members.sort_unstable_by(|a, b| {
        a.distance_m
            .total_cmp(&b.distance_m)
            .then(a.slot.cmp(&b.slot))
    });
}

/// The members a report counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every located member.
    All,
    /// Only these slots (sorted).
    Slots(Vec<u32>),
}

impl Scope {
    /// Whether `slot` is counted.
    pub fn contains(&self, slot: u32) -> bool {
        match self {
            Scope::All => true,
            Scope::Slots(s) => s.binary_search(&slot).is_ok(),
        }
    }

    /// Number of members counted, out of `all` located members.
    pub fn len(&self, all: usize) -> usize {
        match self {
            Scope::All => all,
            Scope::Slots(s) => s.len(),
        }
    }

    /// The counted slots, given the number of located members.
    pub fn slots(&self, all: usize) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            Scope::All => Box::new(0..u32::try_from(all).unwrap_or(u32::MAX)),
            Scope::Slots(s) => Box::new(s.iter().copied()),
        }
    }

    /// Which members a report over this scope counts.
    pub fn describe(&self) -> ScopeName {
        match self {
            Scope::All => ScopeName::All,
            Scope::Slots(_) => ScopeName::Own,
        }
    }
}

/// Which members a report counts, as it names them (JSON writes the English name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ScopeName {
    /// Every located member.
    #[serde(rename = "all members")]
    All,
    /// The members whose shop column names the shop.
    #[serde(rename = "the shop's own members")]
    Own,
}

impl std::fmt::Display for ScopeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ScopeName {
    /// `all members` or `the shop's own members`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeName::All => "all members",
            ScopeName::Own => "the shop's own members",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::merged;

    #[test]
    fn two_ascending_lists_merge_into_one() {
        assert_eq!(merged(&[1, 4, 9], &[0, 2, 10, 11]), [0, 1, 2, 4, 9, 10, 11]);
        assert_eq!(merged(&[], &[3, 5]), [3, 5]);
        assert_eq!(merged(&[3, 5], &[]), [3, 5]);
        assert!(merged(&[], &[]).is_empty());
    }
}
