//! Measurements of members around shops: rings, sectors and segments.
//!
//! [`MemberSet`] is the analysis view of a workspace's located members: positions
//! prepared for distance work, segments decided once against the reference date, and
//! the R-tree. Every report (CLI, later the web page) is a function of a `MemberSet`
//! and a [`Shop`], so tests call them without either face.

pub mod barriers;
pub mod competition;
pub mod coverage;
pub mod decay;
pub mod dwellings;
pub mod leaflet;
pub mod rings;
pub mod sectors;
pub mod segments;
pub mod sparse;

use crate::coord::LonLat;
use crate::geodesy::ecef_m;
use crate::index::MemberIndex;
use crate::model::{Member, Shop, ShopKind};
use chrono::NaiveDate;
use segments::{Segment, SegmentRules};
use std::collections::HashMap;

/// Located members prepared for measuring: ECEF positions, segments, the R-tree.
#[derive(Debug)]
pub struct MemberSet {
    ecef_m: Vec<[f64; 3]>,
    positions: Vec<LonLat>,
    traits: Vec<MemberTraits>,
    /// Member ids by slot, so campaign lists can name the members an analysis picked.
    ids: Vec<String>,
    /// Slots of members by home shop; `None` holds members without a home shop.
    by_home: HashMap<Option<String>, Vec<u32>>,
    index: MemberIndex,
    as_of: Option<NaiveDate>,
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
    pub fn new(members: Vec<Member>, as_of: Option<NaiveDate>, rules: &SegmentRules) -> Self {
        let as_of = as_of.or_else(|| segments::reference_date(members.iter().map(|m| &m.history)));
        let ecef: Vec<[f64; 3]> = members.iter().map(|m| ecef_m(m.position)).collect();
        let mut by_home: HashMap<Option<String>, Vec<u32>> = HashMap::new();
        let mut traits = Vec::with_capacity(members.len());
        let mut positions = Vec::with_capacity(members.len());
        let mut ids = Vec::with_capacity(members.len());
        for (slot, m) in members.into_iter().enumerate() {
            let segment = match as_of {
                Some(as_of) => rules.classify(&m.history, as_of),
                None => Segment::Unknown,
            };
            traits.push(MemberTraits {
                segment,
                repeat: segments::is_repeat(&m.history),
                vip: m.tier.as_deref().is_some_and(segments::is_vip_tier),
                street_level: m.street_level,
            });
            positions.push(m.position);
            ids.push(m.id);
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            by_home.entry(m.home_shop).or_default().push(slot);
        }
        let index = MemberIndex::build(&ecef);
        Self {
            ecef_m: ecef,
            positions,
            traits,
            ids,
            by_home,
            index,
            as_of,
        }
    }

    /// Number of located members.
    pub fn len(&self) -> usize {
        self.traits.len()
    }

    /// Whether there are no located members.
    pub fn is_empty(&self) -> bool {
        self.traits.is_empty()
    }

    /// The reference date segments were decided on.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The R-tree of member positions.
    pub fn index(&self) -> &MemberIndex {
        &self.index
    }

    /// ECEF position of the member in `slot`.
    pub fn ecef_of(&self, slot: u32) -> &[f64; 3] {
        &self.ecef_m[slot as usize]
    }

    /// WGS84 position of the member in `slot`.
    pub fn position_of(&self, slot: u32) -> LonLat {
        self.positions[slot as usize]
    }

    /// Segment, repeat and VIP of the member in `slot`.
    pub fn traits_of(&self, slot: u32) -> MemberTraits {
        self.traits[slot as usize]
    }

    /// Member id (card number) of the member in `slot`.
    pub fn id_of(&self, slot: u32) -> &str {
        &self.ids[slot as usize]
    }

    /// Home-shop names that appear among members, sorted (`None` excluded).
    pub fn home_shops(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.by_home.keys().flatten().map(String::as_str).collect();
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
                    .by_home
                    .keys()
                    .any(|k| k.as_deref().is_some_and(|k| k != shop.name));
                if !has_other_homes {
                    return Scope::All;
                }
                let mut slots: Vec<u32> = Vec::new();
                for key in [Some(shop.name.clone()), None] {
                    if let Some(s) = self.by_home.get(&key) {
                        slots.extend_from_slice(s);
                    }
                }
                slots.sort_unstable();
                Scope::Slots(slots)
            }
        }
    }
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
