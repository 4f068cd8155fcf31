//! The broken rows planted for the importer, and the paragraph describing the demo.

use std::collections::{BTreeMap, BTreeSet};

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use super::addresses::full_address;
use super::members::Person;
use super::{ADDRESS, DemoConfig, FIRST, LAST, MEMBERS_PER_PROBLEM, NO, SHOP_NAME, VISITS};
use crate::osm::{self, OsmAddress};

/// Real-looking addresses in other Finnish cities, on streets the Helsinki extract does
/// not have: the offline geocoder finds nothing for them and the member stays unplaced.
pub(super) const ELSEWHERE: [&str; 6] = [
    "Hämeenkatu 10, 33100 Tampere",
    "Aurakatu 5, 20100 Turku",
    "Kauppakatu 3, 40100 Jyväskylä",
    "Isokatu 24, 90100 Oulu",
    "Valtakatu 30, 53100 Lappeenranta",
    "Satakunnankatu 18, 33210 Tampere",
];

/// The kinds of broken row real till exports carry; one kind per problem row. Rows without
/// a member number, repeated lines and rows with no address are rejected by the importer;
/// a bad date or visit count only leaves that cell empty; the address kinds test the
/// geocoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Problem {
    MissingMemberNo,
    DuplicateLine,
    ImpossibleDate,
    VisitsNotNumber,
    AddressNotAvailable,
    ExtraField,
    AddressElsewhere,
    StreetOnly,
}

impl Problem {
    pub(super) const ALL: [Problem; 8] = [
        Problem::MissingMemberNo,
        Problem::DuplicateLine,
        Problem::ImpossibleDate,
        Problem::VisitsNotNumber,
        Problem::AddressNotAvailable,
        Problem::ExtraField,
        Problem::AddressElsewhere,
        Problem::StreetOnly,
    ];

    /// How the summary names rows of this kind, after their count.
    pub(super) fn label(self) -> &'static str {
        match self {
            Problem::MissingMemberNo => "with an empty member number",
            Problem::DuplicateLine => "duplicate export lines (a member's row repeated)",
            Problem::ImpossibleDate => "with a visit date that does not exist",
            Problem::VisitsNotNumber => "with a visit count that is not a number",
            Problem::AddressNotAvailable => "with address n/a",
            Problem::ExtraField => "with a stray extra field at the end",
            Problem::AddressElsewhere => "with an address in another Finnish city",
            Problem::StreetOnly => "with the street but no house number",
        }
    }

    /// Whether the importer rejects rows of this kind (the others are imported: a bad
    /// date or count with that cell left empty, the address kinds left to the geocoder).
    pub(super) fn rejected(self) -> bool {
        matches!(
            self,
            Problem::MissingMemberNo | Problem::DuplicateLine | Problem::AddressNotAvailable
        )
    }

    /// Breaks a clean row this way (all but [`Problem::DuplicateLine`], which adds a row);
    /// `home` is the member's address, `city` the extract's main city.
    pub(super) fn apply(
        self,
        row: &mut Vec<String>,
        home: &OsmAddress,
        city: Option<&str>,
        rng: &mut ChaCha8Rng,
    ) {
        match self {
            Problem::MissingMemberNo => row[NO].clear(),
            Problem::DuplicateLine => {}
            Problem::ImpossibleDate => {
                let column = if rng.random_bool(0.5) { FIRST } else { LAST };
                let year = row[column]
                    .split(['.', '-'])
                    .find(|p| p.len() == 4)
                    .unwrap_or("2026")
                    .to_owned();
                let (day, month) = *[(31, 2), (30, 2), (31, 4), (31, 6), (31, 9), (31, 11)]
                    .choose(rng)
                    .unwrap_or(&(31, 2));
                row[column] = format!("{day}.{month:02}.{year}");
            }
            Problem::VisitsNotNumber => row[VISITS] = "abc".to_owned(),
            Problem::AddressNotAvailable => row[ADDRESS] = "n/a".to_owned(),
            Problem::ExtraField => {
                let note = ["", "ei markkinointia"].choose(rng).copied().unwrap_or("");
                row.push(note.to_owned());
            }
            Problem::AddressElsewhere => {
                row[ADDRESS] = ELSEWHERE
                    .choose(rng)
                    .copied()
                    .unwrap_or(ELSEWHERE[0])
                    .to_owned();
            }
            Problem::StreetOnly => {
                // `Mannerheimintie, Helsinki`: the house number left out.
                let postcode = home.postcode.as_deref().filter(|_| rng.random_bool(0.3));
                row[ADDRESS] = full_address(&home.street, postcode, home.city.as_deref().or(city));
            }
        }
    }
}

/// Which member rows get which problem: the same number of each kind, one per stratum of
/// the file so they are spread out.
pub(super) fn plan_problems(members: usize, rng: &mut ChaCha8Rng) -> BTreeMap<usize, Problem> {
    let kinds = Problem::ALL.len();
    let per_kind = if members < 2 * kinds {
        0
    } else {
        ((members + MEMBERS_PER_PROBLEM / 2) / MEMBERS_PER_PROBLEM).max(1)
    };
    let mut planned: Vec<Problem> = Problem::ALL
        .iter()
        .flat_map(|&p| std::iter::repeat_n(p, per_kind))
        .collect();
    planned.shuffle(rng);
    let stratum = if planned.is_empty() {
        0
    } else {
        members / planned.len()
    };
    planned
        .into_iter()
        .enumerate()
        .map(|(s, p)| (s * stratum + rng.random_range(0..stratum), p))
        .collect()
}

pub(super) struct Summary<'a> {
    pub(super) cfg: &'a DemoConfig,
    pub(super) people: &'a [Person<'a>],
    pub(super) rows: usize,
    pub(super) problems: &'a BTreeMap<usize, Problem>,
    pub(super) shop_address: &'a str,
    pub(super) competitors: &'a [&'a osm::Poi],
}

pub(super) fn summary(s: &Summary<'_>) -> String {
    let count = |f: &dyn Fn(&Person<'_>) -> bool| s.people.iter().filter(|p| f(p)).count();
    let new = count(&|p| p.first_days_ago <= 30);
    let dormant = count(&|p| p.visits >= 2 && p.last_days_ago > 90);
    let one_time = count(&|p| p.visits == 1 && p.first_days_ago > 30);
    let vip = count(&|p| p.tier == "VIP");
    let homes: BTreeSet<(&str, &str, u64, u64)> = s
        .people
        .iter()
        .map(|p| {
            let a = p.place.address;
            (
                a.street.as_str(),
                a.housenumber.as_str(),
                a.lat.to_bits(),
                a.lon.to_bits(),
            )
        })
        .collect();
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    for p in s.competitors {
        *by_category.entry(&p.category).or_default() += 1;
    }
    let categories: Vec<String> = by_category
        .iter()
        .map(|(c, n)| format!("{n} {c}"))
        .collect();
    let problems = |rejected: bool| -> (usize, String) {
        let mut total = 0;
        let kinds: Vec<String> = Problem::ALL
            .iter()
            .filter(|k| k.rejected() == rejected)
            .map(|&k| {
                let n = s.problems.values().filter(|&&p| p == k).count();
                total += n;
                format!("{n} {}", k.label())
            })
            .collect();
        (total, kinds.join(", "))
    };
    let (rejected_rows, rejected) = problems(true);
    let (kept_rows, kept) = problems(false);
    format!(
        "{members} invented members of {SHOP_NAME} ({address}) in {rows} rows, living at {homes} \
         real addresses of the extract, more of them near the shop; {competitors} competitors \
         ({categories}) from the extract. As of {as_of}: {new} new (first visit within 30 days), \
         {one_time} one-time, {dormant} dormant (2+ visits, last over 90 days ago), {vip} VIP. \
         The table has addresses only; the offline geocoder places members from the extract. \
         Problem rows planted ({problem_rows} rows): for the importer to reject \
         ({rejected_rows} rows): {rejected}; imported but odd ({kept_rows} rows): {kept} — \
         the geocoder leaves the other-city addresses unplaced and places the street-only \
         ones at street level.",
        members = s.cfg.members,
        address = s.shop_address,
        rows = s.rows,
        homes = homes.len(),
        competitors = s.competitors.len(),
        categories = categories.join(", "),
        as_of = s.cfg.as_of,
        problem_rows = s.problems.len(),
    )
}
