//! The invented members: visit histories, tiers, names, phones and emails, and the row
//! each is written as.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::DECAY_M;
use super::addresses::{Place, typed_address};

/// A simulated member before it is written as a row.
pub(super) struct Person<'a> {
    pub(super) place: &'a Place<'a>,
    pub(super) female: bool,
    pub(super) first_days_ago: u64,
    pub(super) last_days_ago: u64,
    pub(super) visits: u64,
    pub(super) spend_cents: u64,
    pub(super) tier: &'static str,
}

impl<'a> Person<'a> {
    /// Visit history: nearer people come back more often and stay active longer.
    pub(super) fn simulate(place: &'a Place<'a>, rng: &mut ChaCha8Rng) -> Self {
        let near = (-place.shop_distance_m / DECAY_M).exp();
        let first_days_ago = if rng.random_bool(0.06) {
            rng.random_range(0..30)
        } else {
            rng.random_range(30..=4 * 365)
        };
        let one_time = first_days_ago == 0 || rng.random_bool(0.15 + 0.25 * (1.0 - near));
        let (last_days_ago, visits) = if one_time {
            (first_days_ago, 1)
        } else {
            let active = first_days_ago < 92 || rng.random_bool(0.45 + 0.35 * near);
            let last = if active {
                rng.random_range(0..first_days_ago.min(76))
            } else {
                rng.random_range(91..first_days_ago)
            };
            let span_days = first_days_ago - last;
            let per_year = 1.5 + 8.0 * near;
            let extra = poisson(per_year * span_days as f64 / 365.0, rng);
            (last, 2 + extra.min(span_days / 10))
        };
        let spend_cents = (0..visits).map(|_| rng.random_range(4000..=12000)).sum();
        Person {
            place,
            female: rng.random_bool(0.75),
            first_days_ago,
            last_days_ago,
            visits,
            spend_cents,
            tier: "Basic",
        }
    }

    pub(super) fn render(
        &self,
        index: usize,
        as_of: NaiveDate,
        city: Option<&str>,
        names_sv: &std::collections::HashMap<String, String>,
        ids: &mut Identities,
        rng: &mut ChaCha8Rng,
    ) -> Vec<String> {
        let first_names: &[&str] = if self.female { &FEMALE } else { &MALE };
        let first = first_names.choose(rng).copied().unwrap_or("Aino");
        let last = LAST_NAMES.choose(rng).copied().unwrap_or("Virtanen");
        let a = self.place.address;
        let sv = names_sv.get(&a.street).map(String::as_str);
        let iso = rng.random_bool(0.1);
        let date = |days: u64| format_date(as_of.checked_sub_days(Days::new(days)), iso);
        vec![
            format!("M{:05}", index + 1),
            format!("{first} {last}"),
            ids.phone(rng),
            ids.email(first, last, rng),
            typed_address(a, sv, a.city.as_deref().or(city), rng),
            self.tier.to_owned(),
            self.visits.to_string(),
            format_eur(self.spend_cents, rng.random_bool(0.85)),
            date(self.first_days_ago),
            date(self.last_days_ago),
        ]
    }
}

/// A Poisson draw (Knuth's method; the means here stay below ~40).
fn poisson(mean: f64, rng: &mut ChaCha8Rng) -> u64 {
    let limit = (-mean.clamp(0.0, 60.0)).exp();
    let (mut k, mut p) = (0, rng.random::<f64>());
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

/// VIP for the top ~5 % and Gold for the next ~15 % by spend, blurred so tiers follow
/// spend only roughly, as tiers granted by hand do.
pub(super) fn assign_tiers(people: &mut [Person<'_>], rng: &mut ChaCha8Rng) {
    let mut order: Vec<(f64, usize)> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.spend_cents as f64 * rng.random_range(0.5..1.5), i))
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let vip = (people.len() as f64 * 0.05).round() as usize;
    let gold = (people.len() as f64 * 0.20).round() as usize;
    for (rank, &(_, i)) in order.iter().enumerate() {
        people[i].tier = if rank < vip {
            "VIP"
        } else if rank < gold {
            "Gold"
        } else {
            "Basic"
        };
    }
}

/// `31.10.2026` (Finnish) or `2026-10-31`.
pub(super) fn format_date(date: Option<NaiveDate>, iso: bool) -> String {
    let Some(d) = date else {
        return String::new();
    };
    if iso {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        format!("{}.{}.{}", d.day(), d.month(), d.year())
    }
}

/// `1 234,50` (Finnish, space as thousands separator) or `1234.50`.
pub(super) fn format_eur(cents: u64, finnish: bool) -> String {
    let (euros, cents) = (cents / 100, cents % 100);
    if !finnish {
        return format!("{euros}.{cents:02}");
    }
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{grouped},{cents:02}")
}

/// Phones and emails handed out so far, so no two members share one.
#[derive(Default)]
pub(super) struct Identities {
    phones: BTreeSet<(bool, u32)>,
    emails: BTreeSet<String>,
}

impl Identities {
    /// `+358 40 1xx xxxx` (sometimes `050 1xx xxxx`), unique while the 2 million numbers
    /// last.
    fn phone(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let fifty = rng.random_bool(0.2);
            let n = rng.random_range(0..1_000_000);
            if self.phones.insert((fifty, n)) || self.phones.len() >= 1_900_000 {
                let (a, b) = (n / 10_000, n % 10_000);
                let prefix = if fifty { "50" } else { "40" };
                return if rng.random_bool(0.15) {
                    format!("0{prefix} 1{a:02} {b:04}")
                } else {
                    format!("+358 {prefix} 1{a:02} {b:04}")
                };
            }
        }
    }

    /// `aino.virtanen@example.com` and variants at reserved domains, unique; ~8 % empty.
    fn email(&mut self, first: &str, last: &str, rng: &mut ChaCha8Rng) -> String {
        if rng.random_bool(0.08) {
            return String::new();
        }
        let (f, l) = (ascii_lower(first), ascii_lower(last));
        let local = match rng.random_range(0..10) {
            0..6 => format!("{f}.{l}"),
            6..8 => format!("{f}{l}"),
            _ => format!("{}.{l}", f.chars().next().unwrap_or('x')),
        };
        let domain = ["example.com", "example.net", "example.org"]
            .choose(rng)
            .copied()
            .unwrap_or("example.com");
        let mut candidate = format!("{local}@{domain}");
        let mut n = 1;
        while !self.emails.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{local}{n}@{domain}");
        }
        candidate
    }
}

fn ascii_lower(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ä' | 'Ä' | 'å' | 'Å' => 'a',
            'ö' | 'Ö' => 'o',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

const FEMALE: [&str; 28] = [
    "Aino", "Anna", "Anne", "Eeva", "Elina", "Emilia", "Emma", "Hanna", "Heidi", "Helena",
    "Johanna", "Katja", "Kirsi", "Laura", "Leena", "Liisa", "Maria", "Marjatta", "Minna", "Noora",
    "Pauliina", "Riikka", "Sanna", "Sari", "Satu", "Tiina", "Tuula", "Venla",
];

const MALE: [&str; 12] = [
    "Antti", "Eero", "Jari", "Juha", "Jukka", "Kari", "Lauri", "Matti", "Mikko", "Pekka", "Timo",
    "Ville",
];

const LAST_NAMES: [&str; 40] = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Hiltunen",
    "Leinonen",
    "Miettinen",
    "Aaltonen",
    "Pitkänen",
    "Lindholm",
    "Lindqvist",
    "Nyström",
    "Sjöberg",
    "Grönroos",
];
