//! Located members as columns, slot by slot: the compact form in which the workspace
//! hands its members to the analyses (read in place from its member cache, or from its
//! table).
//!
//! A chain's member base is millions of rows; a `Vec<Member>` spends three heap strings
//! on each. Here ids share one text buffer, shop names and tiers, which repeat across
//! millions of members, are stored once and referred to by number, and every column is a
//! [`Column`] of plain values, so the member cache can hand over its file's own pages.

use super::column::Column;
use super::spatial_order::SpatialOrder;
use super::{Member, VisitHistory};
use crate::coord::LonLat;
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Member ids (card numbers) in one buffer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberIds {
    /// UTF-8 text, checked when the ids were made.
    text: Column<u8>,
    /// End of each id in `text`: id `i` is `text[ends[i - 1]..ends[i]]`.
    ends: Column<u64>,
}

impl MemberIds {
    /// Room for `n` ids of `bytes` bytes together.
    pub fn with_capacity(n: usize, bytes: usize) -> Self {
        Self {
            text: Vec::with_capacity(bytes).into(),
            ends: Vec::with_capacity(n).into(),
        }
    }

    /// Adds an id.
    pub fn push(&mut self, id: &str) {
        let text = self.text.to_mut();
        text.extend_from_slice(id.as_bytes());
        let end = text.len() as u64;
        self.ends.to_mut().push(end);
    }

    /// The id in `slot`.
    ///
    /// # Panics
    /// When `slot` is not below [`MemberIds::len`].
    pub fn get(&self, slot: usize) -> &str {
        // Checked whole, with every end on a character boundary, when the ids were made:
        // `""` only if a mapped file were changed in place under the mapping.
        std::str::from_utf8(self.bytes(slot)).unwrap_or_default()
    }

    /// The id in `slot` as bytes: ordered as the ids are (UTF-8 keeps the order of
    /// characters), without checking them again.
    fn bytes(&self, slot: usize) -> &[u8] {
        let start = if slot == 0 { 0 } else { self.ends[slot - 1] };
        &self.text[start as usize..self.ends[slot] as usize]
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
    pub fn parts(&self) -> (&[u8], &[u64]) {
        (&self.text, &self.ends)
    }

    /// Ids from a buffer and the end of each; `None` unless the buffer is UTF-8 and the
    /// ends ascend within it, each on a character boundary, the last at its end.
    pub fn from_parts(text: Column<u8>, ends: Column<u64>) -> Option<Self> {
        let checked = std::str::from_utf8(&text).ok()?;
        let mut start = 0;
        for &end in ends.iter() {
            let end = usize::try_from(end).ok()?;
            if end < start || !checked.is_char_boundary(end) {
                return None;
            }
            start = end;
        }
        (start == text.len()).then_some(Self { text, ends })
    }
}

/// Bits of [`MemberColumns::flags`]: which of a member's visit figures are known, and
/// whether it was placed only on its street.
pub mod flags {
    /// The visit count is known.
    pub const VISITS: u8 = 1;
    /// The spend is known.
    pub const SPEND: u8 = 1 << 1;
    /// The first visit is known.
    pub const FIRST_VISIT: u8 = 1 << 2;
    /// The last visit is known.
    pub const LAST_VISIT: u8 = 1 << 3;
    /// Placed only on its street, not at its house.
    pub const STREET_LEVEL: u8 = 1 << 4;
    /// Every bit that means something.
    pub const ALL: u8 = (1 << 5) - 1;
}

/// The number of [`MemberColumns::home_shops`] and [`MemberColumns::tiers`] that names
/// no entry: the member has no shop column or tier.
pub const NO_NAME: u32 = u32::MAX;

/// Located members as columns; slot `i` of every column is the same member. Made only
/// from consistent columns ([`MemberTable::from_columns`]), so every lookup is good.
///
/// A table read from the member cache also holds the members' spatial order, kept there
/// beside the columns, so the member index is built without a sort; tables are equal
/// when their members are, with or without one.
#[derive(Debug, Clone, Default)]
pub struct MemberTable {
    c: MemberColumns,
    /// The spatial order of the positions, when it came with them.
    kept_order: Option<SpatialOrder>,
}

impl PartialEq for MemberTable {
    fn eq(&self, other: &Self) -> bool {
        self.c == other.c
    }
}

/// The columns of a [`MemberTable`], for code that stores and restores one whole. A value
/// whose flag is clear is 0 and means nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberColumns {
    /// Member ids.
    pub ids: MemberIds,
    /// Positions.
    pub positions: Column<LonLat>,
    /// Number of visits (flag [`flags::VISITS`]).
    pub visits: Column<u32>,
    /// Spend in cents (flag [`flags::SPEND`]).
    pub spend_cents: Column<i64>,
    /// First visit, days from 1 January of year 1 (flag [`flags::FIRST_VISIT`]).
    pub first_visit: Column<i32>,
    /// Last visit, as `first_visit` (flag [`flags::LAST_VISIT`]).
    pub last_visit: Column<i32>,
    /// Home shop of each member, an index into `shop_names` or [`NO_NAME`].
    pub home_shops: Column<u32>,
    /// Tier of each member, an index into `tier_names` or [`NO_NAME`].
    pub tiers: Column<u32>,
    /// [`flags`] of each member.
    pub flags: Column<u8>,
    /// Distinct home shop names.
    pub shop_names: Vec<String>,
    /// Distinct tiers.
    pub tier_names: Vec<String>,
}

/// A date as days from 1 January of year 1.
pub fn day_number(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

/// Whether `day` is the [`day_number`] of a date.
fn is_day_number(day: i32) -> bool {
    (day_number(NaiveDate::MIN)..=day_number(NaiveDate::MAX)).contains(&day)
}

/// What segments are decided on, dates as [`day_number`]s: a member table's own form,
/// read without making a date per member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitDays {
    /// Number of visits.
    pub visits: Option<u32>,
    /// Day of the first visit.
    pub first_day: Option<i32>,
    /// Day of the last visit.
    pub last_day: Option<i32>,
}

impl MemberTable {
    /// A table from its columns; `None` unless every column has one entry per member,
    /// every position is on Earth, every date is a date, every flag means something, a
    /// value whose flag is clear is 0 (so equal members make equal tables) and every shop
    /// or tier number names an entry of its list. Checked in parallel: a
    /// mapped cache is checked here as it is read.
    pub fn from_columns(c: MemberColumns) -> Option<Self> {
        let n = c.ids.len();
        let lengths = [
            c.positions.len(),
            c.visits.len(),
            c.spend_cents.len(),
            c.first_visit.len(),
            c.last_visit.len(),
            c.home_shops.len(),
            c.tiers.len(),
            c.flags.len(),
        ];
        if lengths.iter().any(|&len| len != n) {
            return None;
        }
        let names = |k: u32, list: &[String]| k == NO_NAME || (k as usize) < list.len();
        let date = |flag: u8, day: i32| {
            if flag == 0 {
                day == 0
            } else {
                is_day_number(day)
            }
        };
        let (visits, spend) = (&*c.visits, &*c.spend_cents);
        let (flag, position) = (&*c.flags, &*c.positions);
        let (home, tier) = (&*c.home_shops, &*c.tiers);
        let (first, last) = (&*c.first_visit, &*c.last_visit);
        let good = (0..n).into_par_iter().with_min_len(1 << 14).all(|slot| {
            let f = flag[slot];
            let p = position[slot];
            f & !flags::ALL == 0
                && LonLat::new(p.lon_deg(), p.lat_deg()).is_ok()
                && names(home[slot], &c.shop_names)
                && names(tier[slot], &c.tier_names)
                && date(f & flags::FIRST_VISIT, first[slot])
                && date(f & flags::LAST_VISIT, last[slot])
                && (f & flags::VISITS != 0 || visits[slot] == 0)
                && (f & flags::SPEND != 0 || spend[slot] == 0)
        });
        good.then_some(Self {
            c,
            kept_order: None,
        })
    }

    /// The table with the spatial order of its positions, kept earlier (the member
    /// cache's); `None` when it is not one for this many members.
    pub fn with_spatial_order(self, order: SpatialOrder) -> Option<Self> {
        (order.len() == self.len()).then_some(Self {
            kept_order: Some(order),
            ..self
        })
    }

    /// The spatial order of the members' positions: the one kept with them, else worked
    /// out now.
    pub fn spatial_order(&self) -> Cow<'_, SpatialOrder> {
        match &self.kept_order {
            Some(order) => Cow::Borrowed(order),
            None => Cow::Owned(SpatialOrder::of(&self.c.positions)),
        }
    }

    /// The columns, borrowed.
    pub fn columns(&self) -> &MemberColumns {
        &self.c
    }

    /// The columns, taken apart.
    pub fn into_columns(self) -> MemberColumns {
        self.c
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.c.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.c.ids.is_empty()
    }

    /// The columns as slices, to read members by slot: a loop over millions of members
    /// takes the view once rather than a column at every step.
    pub fn view(&self) -> MemberView<'_> {
        let c = &self.c;
        MemberView {
            ids: &c.ids,
            positions: &c.positions,
            visits: &c.visits,
            spend_cents: &c.spend_cents,
            first_visit: &c.first_visit,
            last_visit: &c.last_visit,
            home_shops: &c.home_shops,
            tiers: &c.tiers,
            flags: &c.flags,
            shop_names: &c.shop_names,
            tier_names: &c.tier_names,
        }
    }

    /// The member in `slot` as a record (tests, small tables).
    ///
    /// # Panics
    /// When `slot` is not below [`MemberTable::len`].
    pub fn member(&self, slot: usize) -> Member {
        self.view().member(slot)
    }

    /// The same members in id order, shop names and tiers numbered in order of first use
    /// as building the table in that order numbers them: a column at a time, the ids
    /// sorted in parallel.
    #[must_use]
    pub fn in_id_order(&self) -> MemberTable {
        let c = &self.c;
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.par_sort_unstable_by(|&a, &b| c.ids.bytes(a).cmp(c.ids.bytes(b)));
        fn pick<T: bytemuck::Pod>(column: &[T], order: &[usize]) -> Column<T> {
            order
                .iter()
                .map(|&slot| column[slot])
                .collect::<Vec<_>>()
                .into()
        }
        let (text, _) = c.ids.parts();
        let mut ids = MemberIds::with_capacity(order.len(), text.len());
        for &slot in &order {
            ids.push(c.ids.get(slot));
        }
        let (home_shops, shop_names) = renumbered(&c.home_shops, &c.shop_names, &order);
        let (tiers, tier_names) = renumbered(&c.tiers, &c.tier_names, &order);
        MemberTable {
            c: MemberColumns {
                ids,
                positions: pick(&c.positions, &order),
                visits: pick(&c.visits, &order),
                spend_cents: pick(&c.spend_cents, &order),
                first_visit: pick(&c.first_visit, &order),
                last_visit: pick(&c.last_visit, &order),
                home_shops,
                tiers,
                flags: pick(&c.flags, &order),
                shop_names,
                tier_names,
            },
            kept_order: None,
        }
    }
}

/// `numbers` (into `names`) taken in `order`, renumbered in order of first use, and the
/// names in that order.
fn renumbered(numbers: &[u32], names: &[String], order: &[usize]) -> (Column<u32>, Vec<String>) {
    let mut new_number = vec![NO_NAME; names.len()];
    let mut new_names = Vec::new();
    let out = order
        .iter()
        .map(|&slot| {
            let k = numbers[slot];
            if k == NO_NAME {
                return NO_NAME;
            }
            let new = &mut new_number[k as usize];
            if *new == NO_NAME {
                *new = new_names.len() as u32;
                new_names.push(names[k as usize].clone());
            }
            *new
        })
        .collect::<Vec<_>>();
    (out.into(), new_names)
}

/// A [`MemberTable`]'s columns, borrowed as slices ([`MemberTable::view`]); every lookup
/// panics only for a slot beyond the table.
#[derive(Debug, Clone, Copy)]
pub struct MemberView<'a> {
    /// Member ids by slot.
    pub ids: &'a MemberIds,
    /// Positions by slot.
    pub positions: &'a [LonLat],
    visits: &'a [u32],
    spend_cents: &'a [i64],
    first_visit: &'a [i32],
    last_visit: &'a [i32],
    home_shops: &'a [u32],
    tiers: &'a [u32],
    flags: &'a [u8],
    /// Distinct home shop names.
    pub shop_names: &'a [String],
    /// Distinct tiers.
    pub tier_names: &'a [String],
}

impl MemberView<'_> {
    /// Number of members.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    fn has(&self, slot: usize, flag: u8) -> bool {
        self.flags[slot] & flag != 0
    }

    /// Visit count of the member in `slot`.
    pub fn visits(&self, slot: usize) -> Option<u32> {
        self.has(slot, flags::VISITS).then(|| self.visits[slot])
    }

    /// Spend in cents of the member in `slot`.
    pub fn spend_cents(&self, slot: usize) -> Option<i64> {
        self.has(slot, flags::SPEND).then(|| self.spend_cents[slot])
    }

    /// Visit history of the member in `slot`.
    pub fn history(&self, slot: usize) -> VisitHistory {
        let day = |flag, days: &[i32]| {
            self.has(slot, flag)
                .then(|| NaiveDate::from_num_days_from_ce_opt(days[slot]))
                .flatten()
        };
        VisitHistory {
            visits: self.visits(slot),
            spend_cents: self.spend_cents(slot),
            first_visit: day(flags::FIRST_VISIT, self.first_visit),
            last_visit: day(flags::LAST_VISIT, self.last_visit),
        }
    }

    /// Visit count and visit days of the member in `slot`.
    pub fn visit_days(&self, slot: usize) -> VisitDays {
        VisitDays {
            visits: self.visits(slot),
            first_day: self
                .has(slot, flags::FIRST_VISIT)
                .then(|| self.first_visit[slot]),
            last_day: self
                .has(slot, flags::LAST_VISIT)
                .then(|| self.last_visit[slot]),
        }
    }

    /// The latest last visit of any member.
    pub fn latest_last_visit(&self) -> Option<NaiveDate> {
        self.latest(flags::LAST_VISIT, self.last_visit)
    }

    /// The latest first visit of any member.
    pub fn latest_first_visit(&self) -> Option<NaiveDate> {
        self.latest(flags::FIRST_VISIT, self.first_visit)
    }

    fn latest(&self, flag: u8, days: &[i32]) -> Option<NaiveDate> {
        (0..self.len())
            .into_par_iter()
            .filter(|&slot| self.has(slot, flag))
            .map(|slot| days[slot])
            .max()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
    }

    /// Whether the member in `slot` was placed only on its street.
    pub fn street_level(&self, slot: usize) -> bool {
        self.has(slot, flags::STREET_LEVEL)
    }

    /// Home shop of the member in `slot`, an index into [`MemberView::shop_names`].
    pub fn home_shop(&self, slot: usize) -> Option<u32> {
        Some(self.home_shops[slot]).filter(|&k| k != NO_NAME)
    }

    /// Tier of the member in `slot`, an index into [`MemberView::tier_names`].
    pub fn tier(&self, slot: usize) -> Option<u32> {
        Some(self.tiers[slot]).filter(|&k| k != NO_NAME)
    }

    /// The member in `slot` as a record.
    pub fn member(&self, slot: usize) -> Member {
        let name = |k: Option<u32>, list: &[String]| k.map(|k| list[k as usize].clone());
        Member {
            id: self.ids.get(slot).to_owned(),
            position: self.positions[slot],
            home_shop: name(self.home_shop(slot), self.shop_names),
            history: self.history(slot),
            tier: name(self.tier(slot), self.tier_names),
            street_level: self.street_level(slot),
        }
    }
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
        let c = &mut self.table.c;
        c.ids.push(&m.id);
        c.positions.to_mut().push(m.position);
        let h = m.history;
        let known = |value: bool, flag: u8| if value { flag } else { 0 };
        c.flags.to_mut().push(
            known(h.visits.is_some(), flags::VISITS)
                | known(h.spend_cents.is_some(), flags::SPEND)
                | known(h.first_visit.is_some(), flags::FIRST_VISIT)
                | known(h.last_visit.is_some(), flags::LAST_VISIT)
                | known(m.street_level, flags::STREET_LEVEL),
        );
        c.visits.to_mut().push(h.visits.unwrap_or(0));
        c.spend_cents.to_mut().push(h.spend_cents.unwrap_or(0));
        c.first_visit
            .to_mut()
            .push(h.first_visit.map_or(0, day_number));
        c.last_visit
            .to_mut()
            .push(h.last_visit.map_or(0, day_number));
        let home = m.home_shop.map_or(NO_NAME, |s| {
            number(s, &mut self.shop_numbers, &mut c.shop_names)
        });
        c.home_shops.to_mut().push(home);
        let tier = m.tier.map_or(NO_NAME, |s| {
            number(s, &mut self.tier_numbers, &mut c.tier_names)
        });
        c.tiers.to_mut().push(tier);
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
        assert_eq!(table.view().shop_names, ["Kamppi", "Töölö"]);
        assert_eq!(table.view().tier_names, ["VIP", "gold"]);
        let again = MemberTable::from_columns(table.clone().into_columns());
        assert_eq!(again.as_ref(), Some(&table));
    }

    #[test]
    fn day_numbers_are_those_of_dates() {
        for day in [0, 1, 738_000, i32::MIN, i32::MAX, -1_000_000] {
            for d in [day, day.saturating_add(1), day.saturating_sub(1)] {
                assert_eq!(
                    is_day_number(d),
                    NaiveDate::from_num_days_from_ce_opt(d).is_some(),
                    "{d}"
                );
            }
        }
        for end in [NaiveDate::MIN, NaiveDate::MAX] {
            let d = day_number(end);
            for near in [d - 1, d, d + 1] {
                assert_eq!(
                    is_day_number(near),
                    NaiveDate::from_num_days_from_ce_opt(near).is_some()
                );
            }
        }
    }

    #[test]
    fn inconsistent_columns_are_refused() {
        let table = MemberTable::from(vec![member("A1", Some("Kamppi"), None)]);
        let refused = |change: &dyn Fn(&mut MemberColumns)| {
            let mut c = table.clone().into_columns();
            change(&mut c);
            MemberTable::from_columns(c).is_none()
        };
        assert!(refused(&|c| c.home_shops.to_mut()[0] = 1));
        assert!(refused(&|c| c.tiers.to_mut()[0] = 0));
        assert!(refused(&|c| c.positions.to_mut().clear()));
        assert!(refused(&|c| c.flags.to_mut()[0] = 1 << 6));
        assert!(refused(&|c| {
            c.flags.to_mut()[0] = flags::LAST_VISIT;
            c.last_visit.to_mut()[0] = i32::MAX;
        }));
        assert!(
            refused(&|c| c.last_visit.to_mut()[0] = 738_000),
            "no flag, no date"
        );
        assert!(refused(&|c| c.visits.to_mut()[0] = 3), "no flag, no visits");
        let ids = |text: &str, ends: Vec<u64>| {
            MemberIds::from_parts(text.as_bytes().to_vec().into(), ends.into())
        };
        assert_eq!(ids("ab", vec![1, 3]), None);
        assert_eq!(ids("ab", vec![2, 1]), None);
        assert_eq!(ids("é", vec![1, 2]), None);
        assert_eq!(
            MemberIds::from_parts(vec![0xff].into(), vec![1].into()),
            None
        );
        assert!(ids("ab", vec![1, 2]).is_some());
    }
}
