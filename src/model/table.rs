//! Located members as columns, slot by slot: the compact form in which the workspace
//! hands its members to the analyses (loaded from its member cache or its table).
//!
//! A chain's member base is millions of rows; a `Vec<Member>` spends three heap strings
//! on each. Here ids share one text buffer, and shop names and tiers, which repeat across
//! millions of members, are stored once and referred to by number.

use super::{Member, VisitHistory};
use crate::coord::LonLat;
use rustc_hash::FxHashMap;

/// Member ids (card numbers) in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberIds {
    text: String,
    /// End of each id in `text`: id `i` is `text[ends[i - 1]..ends[i]]`.
    ends: Vec<usize>,
}

impl MemberIds {
    /// Room for `n` ids of `bytes` bytes together.
    pub fn with_capacity(n: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
        }
    }

    /// Adds an id.
    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    /// The id in `slot`.
    ///
    /// # Panics
    /// When `slot` is not below [`MemberIds::len`].
    pub fn get(&self, slot: usize) -> &str {
        let start = if slot == 0 { 0 } else { self.ends[slot - 1] };
        &self.text[start..self.ends[slot]]
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The buffer and the end of every id in it.
    pub fn parts(&self) -> (&str, &[usize]) {
        (&self.text, &self.ends)
    }

    /// Ids from a buffer and the end of each; `None` unless the ends ascend within the
    /// buffer, each on a character boundary, the last at its end.
    pub fn from_parts(text: String, ends: Vec<usize>) -> Option<Self> {
        let mut start = 0;
        for &end in &ends {
            if end < start || !text.is_char_boundary(end) {
                return None;
            }
            start = end;
        }
        (start == text.len()).then_some(Self { text, ends })
    }
}

/// Located members as columns; slot `i` of every column is the same member.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberTable {
    ids: MemberIds,
    positions: Vec<LonLat>,
    histories: Vec<VisitHistory>,
    /// Index into `shop_names`.
    home_shops: Vec<Option<u32>>,
    /// Index into `tier_names`.
    tiers: Vec<Option<u32>>,
    street_level: Vec<bool>,
    shop_names: Vec<String>,
    tier_names: Vec<String>,
}

/// The columns of a [`MemberTable`], for code that stores and restores one whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberColumns {
    /// Member ids.
    pub ids: MemberIds,
    /// Positions.
    pub positions: Vec<LonLat>,
    /// Visit histories.
    pub histories: Vec<VisitHistory>,
    /// Home shop of each member, an index into `shop_names`.
    pub home_shops: Vec<Option<u32>>,
    /// Tier of each member, an index into `tier_names`.
    pub tiers: Vec<Option<u32>>,
    /// Placed only on its street.
    pub street_level: Vec<bool>,
    /// Distinct home shop names.
    pub shop_names: Vec<String>,
    /// Distinct tiers.
    pub tier_names: Vec<String>,
}

impl MemberTable {
    /// A table from its columns; `None` unless every column has one entry per member
    /// and every shop or tier number names an entry of its list.
    pub fn from_columns(c: MemberColumns) -> Option<Self> {
        let n = c.ids.len();
        let names = |col: &[Option<u32>], list: &[String]| {
            col.len() == n && col.iter().flatten().all(|&k| (k as usize) < list.len())
        };
        let fits = c.positions.len() == n
            && c.histories.len() == n
            && c.street_level.len() == n
            && names(&c.home_shops, &c.shop_names)
            && names(&c.tiers, &c.tier_names);
        fits.then_some(Self {
            ids: c.ids,
            positions: c.positions,
            histories: c.histories,
            home_shops: c.home_shops,
            tiers: c.tiers,
            street_level: c.street_level,
            shop_names: c.shop_names,
            tier_names: c.tier_names,
        })
    }

    /// The columns, borrowed.
    pub fn columns(&self) -> MemberColumnsRef<'_> {
        MemberColumnsRef {
            ids: &self.ids,
            positions: &self.positions,
            histories: &self.histories,
            home_shops: &self.home_shops,
            tiers: &self.tiers,
            street_level: &self.street_level,
            shop_names: &self.shop_names,
            tier_names: &self.tier_names,
        }
    }

    /// The columns, taken apart.
    pub fn into_columns(self) -> MemberColumns {
        MemberColumns {
            ids: self.ids,
            positions: self.positions,
            histories: self.histories,
            home_shops: self.home_shops,
            tiers: self.tiers,
            street_level: self.street_level,
            shop_names: self.shop_names,
            tier_names: self.tier_names,
        }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The member in `slot` as a record (tests, small tables).
    ///
    /// # Panics
    /// When `slot` is not below [`MemberTable::len`].
    pub fn member(&self, slot: usize) -> Member {
        let name = |k: Option<u32>, list: &[String]| k.map(|k| list[k as usize].clone());
        Member {
            id: self.ids.get(slot).to_owned(),
            position: self.positions[slot],
            home_shop: name(self.home_shops[slot], &self.shop_names),
            history: self.histories[slot].clone(),
            tier: name(self.tiers[slot], &self.tier_names),
            street_level: self.street_level[slot],
        }
    }
}

/// The columns of a [`MemberTable`], borrowed (see [`MemberColumns`]).
#[derive(Debug, Clone, Copy)]
#[expect(
    missing_docs,
    reason = "the fields are MemberColumns' fields, borrowed"
)]
pub struct MemberColumnsRef<'a> {
    pub ids: &'a MemberIds,
    pub positions: &'a [LonLat],
    pub histories: &'a [VisitHistory],
    pub home_shops: &'a [Option<u32>],
    pub tiers: &'a [Option<u32>],
    pub street_level: &'a [bool],
    pub shop_names: &'a [String],
    pub tier_names: &'a [String],
}

/// Builds a [`MemberTable`] a member at a time, storing each shop name and tier once.
#[derive(Debug, Default)]
pub struct MemberTableBuilder {
    table: MemberTable,
    shop_numbers: FxHashMap<String, u32>,
    tier_numbers: FxHashMap<String, u32>,
}

impl MemberTableBuilder {
    /// Adds a member.
    pub fn push(&mut self, m: Member) {
        let t = &mut self.table;
        t.ids.push(&m.id);
        t.positions.push(m.position);
        t.histories.push(m.history);
        t.street_level.push(m.street_level);
        let home = m
            .home_shop
            .map(|s| number(s, &mut self.shop_numbers, &mut t.shop_names));
        t.home_shops.push(home);
        let tier = m
            .tier
            .map(|s| number(s, &mut self.tier_numbers, &mut t.tier_names));
        t.tiers.push(tier);
    }

    /// The table.
    pub fn finish(self) -> MemberTable {
        self.table
    }
}

/// The number of `name` in `list`, adding it when new.
fn number(name: String, numbers: &mut FxHashMap<String, u32>, list: &mut Vec<String>) -> u32 {
    if let Some(&k) = numbers.get(&name) {
        return k;
    }
    let k = u32::try_from(list.len()).unwrap_or(u32::MAX);
    list.push(name.clone());
    numbers.insert(name, k);
    k
}

impl FromIterator<Member> for MemberTable {
    fn from_iter<I: IntoIterator<Item = Member>>(members: I) -> Self {
        let mut b = MemberTableBuilder::default();
        for m in members {
            b.push(m);
        }
        b.finish()
    }
}

impl From<Vec<Member>> for MemberTable {
    fn from(members: Vec<Member>) -> Self {
        members.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, home: Option<&str>, tier: Option<&str>) -> Member {
        Member {
            id: id.into(),
            position: LonLat::new(24.9, 60.1).expect("valid"),
            home_shop: home.map(Into::into),
            history: VisitHistory::default(),
            tier: tier.map(Into::into),
            street_level: false,
        }
    }

    #[test]
    fn members_come_back_as_they_went_in_with_names_stored_once() {
        let members = vec![
            member("A1", Some("Kamppi"), Some("VIP")),
            member("", None, None),
            member("會員2", Some("Kamppi"), Some("gold")),
            member("B3", Some("Töölö"), Some("VIP")),
        ];
        let table = MemberTable::from(members.clone());
        let back: Vec<Member> = (0..table.len()).map(|i| table.member(i)).collect();
        assert_eq!(back, members);
        assert_eq!(table.columns().shop_names, ["Kamppi", "Töölö"]);
        assert_eq!(table.columns().tier_names, ["VIP", "gold"]);
        let again = MemberTable::from_columns(table.clone().into_columns());
        assert_eq!(again.as_ref(), Some(&table));
    }

    #[test]
    fn inconsistent_columns_are_refused() {
        let table = MemberTable::from(vec![member("A1", Some("Kamppi"), None)]);
        let mut c = table.clone().into_columns();
        c.home_shops[0] = Some(1);
        assert_eq!(MemberTable::from_columns(c), None);
        let mut c = table.into_columns();
        c.positions.clear();
        assert_eq!(MemberTable::from_columns(c), None);
        assert_eq!(MemberIds::from_parts("ab".into(), vec![1, 3]), None);
        assert_eq!(MemberIds::from_parts("ab".into(), vec![2, 1]), None);
        assert_eq!(MemberIds::from_parts("é".into(), vec![1, 2]), None);
        assert!(MemberIds::from_parts("ab".into(), vec![1, 2]).is_some());
    }
}
