//! Where the demo happens: the shop's address, the main city, the weight of each address
//! as a home for members, and addresses typed the way people type them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::{COMPETITOR_KEEP, COMPETITOR_REACH_M, DECAY_M, SHOP_TARGET_LONLAT, distance_m, lonlat};
use crate::osm::{self, OsmAddress};

/// [`SHOP_TARGET_LONLAT`] if inside the addresses' bounding box, else the box's middle.
pub(super) fn shop_target(addresses: &[&OsmAddress]) -> (f64, f64) {
    let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for a in addresses {
        lo = (lo.0.min(a.lon), lo.1.min(a.lat));
        hi = (hi.0.max(a.lon), hi.1.max(a.lat));
    }
    let (lon, lat) = SHOP_TARGET_LONLAT;
    if (lo.0..=hi.0).contains(&lon) && (lo.1..=hi.1).contains(&lat) {
        SHOP_TARGET_LONLAT
    } else {
        ((lo.0 + hi.0) / 2.0, (lo.1 + hi.1) / 2.0)
    }
}

/// The address nearest `target` (the first one on ties).
pub(super) fn nearest<'a>(
    addresses: &[&'a OsmAddress],
    target: (f64, f64),
) -> Option<&'a OsmAddress> {
    addresses
        .iter()
        .map(|a| (distance_m(lonlat(a), target), *a))
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, a)| a)
}

/// The most common `addr:city` (ties: first by name), used where an address has none.
pub(super) fn main_city<'a>(addresses: &[&'a OsmAddress]) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for city in addresses.iter().filter_map(|a| a.city.as_deref()) {
        *counts.entry(city).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, an), (b, bn)| an.cmp(bn).then(b.cmp(a)))
        .map(|(c, _)| c)
}

/// `Street 5, 00100 Helsinki`, leaving out what is unknown.
pub(super) fn full_address(
    street_number: &str,
    postcode: Option<&str>,
    city: Option<&str>,
) -> String {
    let tail: Vec<&str> = [postcode, city].into_iter().flatten().collect();
    if tail.is_empty() {
        street_number.to_owned()
    } else {
        format!("{street_number}, {}", tail.join(" "))
    }
}

/// An address members can live at, with what decides how many do.
pub(super) struct Place<'a> {
    pub(super) address: &'a OsmAddress,
    pub(super) shop_distance_m: f64,
    pub(super) weight: f64,
}

pub(super) fn places<'a>(
    addresses: &[&'a OsmAddress],
    shop: &OsmAddress,
    competitors: &[&osm::Poi],
) -> Vec<Place<'a>> {
    addresses
        .iter()
        .map(|a| {
            let shop_distance_m = distance_m(lonlat(a), lonlat(shop));
            let rival_m = competitors
                .iter()
                .map(|p| distance_m(lonlat(a), (p.lon, p.lat)))
                .fold(f64::INFINITY, f64::min);
            let shadow = if rival_m < shop_distance_m && rival_m <= COMPETITOR_REACH_M {
                COMPETITOR_KEEP
            } else {
                1.0
            };
            Place {
                address: a,
                shop_distance_m,
                weight: (-shop_distance_m / DECAY_M).exp() * shadow,
            }
        })
        .collect()
}

/// An address as people type it: staircase and flat, postcode and city or not, the odd
/// Swedish street name, lower case, and house letters glued or spaced.
pub(super) fn typed_address(
    a: &OsmAddress,
    street_sv: Option<&str>,
    city: Option<&str>,
    rng: &mut ChaCha8Rng,
) -> String {
    let swedish = street_sv.is_some() && rng.random_bool(0.07);
    let street = match street_sv {
        Some(sv) if swedish => sv,
        _ => &a.street,
    };
    let has_letter = a.housenumber.chars().any(|c| c.is_alphabetic());
    let mut text = format!("{street} ");
    if has_letter {
        text.push_str(&respell_house_letter(&a.housenumber, rng));
    } else {
        text.push_str(&a.housenumber);
        if rng.random_bool(0.55) {
            let stair = *['A', 'A', 'A', 'B', 'B', 'C', 'D']
                .choose(rng)
                .unwrap_or(&'A');
            let flat = rng.random_range(1..=60);
            if rng.random_bool(0.12) {
                // `5b 12`: the staircase glued to the number, as if it were a house letter.
                let _ = write!(text, "{} {flat}", stair.to_ascii_lowercase());
            } else {
                let _ = write!(text, " {stair} {flat}");
            }
        }
    }
    let city = match city {
        Some("Helsinki") if swedish => Some("Helsingfors"),
        c => c,
    };
    let roll = rng.random_range(0..100);
    let text = match (a.postcode.as_deref(), city) {
        (Some(pc), c) if roll < 80 => full_address(&text, Some(pc), c),
        (Some(_), Some(c)) if roll < 88 => full_address(&text, None, Some(c)),
        (None, Some(c)) if roll < 60 => full_address(&text, None, Some(c)),
        _ => text,
    };
    if rng.random_bool(0.06) {
        text.to_lowercase()
    } else {
        text
    }
}

/// `12a`, `12 A`, `12A` or `12 a` for a tagged `12a` / `12 A`.
fn respell_house_letter(housenumber: &str, rng: &mut ChaCha8Rng) -> String {
    let compact: String = housenumber.chars().filter(|c| !c.is_whitespace()).collect();
    let split = compact
        .find(|c: char| c.is_alphabetic())
        .unwrap_or(compact.len());
    let (num, letter) = compact.split_at(split);
    let all_digits = !num.is_empty() && num.chars().all(|c| c.is_ascii_digit());
    if !all_digits || letter.chars().count() != 1 {
        return housenumber.to_owned();
    }
    match rng.random_range(0..4) {
        0 => format!("{num}{}", letter.to_lowercase()),
        1 => format!("{num} {}", letter.to_uppercase()),
        2 => format!("{num}{}", letter.to_uppercase()),
        _ => format!("{num} {}", letter.to_lowercase()),
    }
}
