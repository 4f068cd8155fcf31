//! Placing a house number on a matched street: the tagged house, a house whose range or
//! letter covers the number, a point interpolated along an OSM interpolation line or
//! between the nearest lower and higher numbers of the same parity, else the street —
//! unless the street runs out of the loaded data and the number lies beyond those known
//! inside it: that house is not in the area at all.
//!
//! Neighbours are interpolated on the straight line between their two points, not on the
//! street's centre line: both stand on the same side of the street, so the answer stays on
//! the house side. Only neighbours at most [`MAX_INTERPOLATION_GAP`] numbers and
//! [`MAX_INTERPOLATION_M`] apart are used; further apart, the street is the honest answer.

use super::gazetteer::{HouseKind, Index, Step, Street};
use super::parse::HouseNumber;
use super::plane;
use crate::coord::LonLat;
use crate::geodesy::distance_m;
use crate::model::MatchLevel;

/// Interpolate only between neighbours at most this many numbers apart…
pub(crate) const MAX_INTERPOLATION_GAP: u32 = 20;
/// …and at most this far apart.
pub(crate) const MAX_INTERPOLATION_M: f64 = 300.0;

/// Score factors of how a number was answered (1 = the house as tagged, or its staircase:
/// `12 B 34` is house 12 when no house `12 B` is tagged). A letter dropped without a flat
/// after it (`12 B`) may name a house the extract lacks, so it costs a little.
const SCORE_HOUSE_LETTER_IGNORED: f32 = 0.97;
const SCORE_HOUSE_IN_RANGE: f32 = 0.95;
const SCORE_HOUSE_LETTERED: f32 = 0.9;
const SCORE_INTERPOLATION_LINE: f32 = 0.8;
const SCORE_INTERPOLATED: f32 = 0.75;
const SCORE_STREET_NUMBER_MISSING: f32 = 0.6;

/// Where a number (or a street) was placed.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub position: LonLat,
    pub level: MatchLevel,
    /// Score factor for how it was placed.
    pub factor: f32,
    pub label: String,
}

/// Places a house number on a street: the house, a house in its range or with a letter,
/// an interpolation, or the street; `None` for a number beyond the part of the street the
/// area holds ([`Street::beyond_known_numbers`]).
pub(crate) fn number(
    index: &Index,
    (sid, street): (u32, &Street),
    name: &str,
    n: HouseNumber,
    query_postcode: Option<&str>,
) -> Option<Placed> {
    if street.beyond_known_numbers(n.number) {
        return None;
    }
    Some(on_street(index, (sid, street), name, n, query_postcode))
}

fn on_street(
    index: &Index,
    (sid, street): (u32, &Street),
    name: &str,
    n: HouseNumber,
    query_postcode: Option<&str>,
) -> Placed {
    let house = |hid: u32, factor: f32| {
        index.houses.get(hid as usize).map(|h| Placed {
            position: h.position,
            level: MatchLevel::House,
            factor,
            label: label(
                name,
                Some(&h.housenumber),
                h.postcode.as_deref(),
                h.city.as_deref(),
            ),
        })
    };
    if let Some(&hid) = n.next.and_then(|m| index.ranges.get(&(sid, n.number, m))) {
        if let Some(a) = house(hid, 1.0) {
            return a;
        }
    }
    if let Some(l) = n.letter {
        if let Some(&(hid, HouseKind::Exact)) = index.house_keys.get(&(sid, n.number, l)) {
            if let Some(a) = house(hid, 1.0) {
                return a;
            }
        }
    }
    if let Some(&(hid, kind)) = index.house_keys.get(&(sid, n.number, '\0')) {
        let factor = match (kind, n.letter.is_some()) {
            (HouseKind::Exact, false) => 1.0,
            // `12 B 34` with no house `12 B`: B is the staircase of house 12.
            (HouseKind::Exact, true) if n.staircase => 1.0,
            (HouseKind::Exact, true) => SCORE_HOUSE_LETTER_IGNORED,
            (HouseKind::Range, _) => SCORE_HOUSE_IN_RANGE,
            (HouseKind::LetterOf, _) => SCORE_HOUSE_LETTERED,
        };
        if let Some(a) = house(hid, factor) {
            return a;
        }
    }
    let postcode = query_postcode
        .filter(|p| street.postcodes.iter().any(|k| k == p))
        .or_else(|| street.postcodes.first().map(String::as_str))
        .map(|p| postcode_display(index, p));
    let number = n.number.to_string();
    let interpolated = |position: LonLat, factor: f32| Placed {
        position,
        level: MatchLevel::House,
        factor,
        label: label(
            name,
            Some(&number),
            postcode.as_deref(),
            street.city.as_deref(),
        ),
    };
    if let Some(p) = along_interpolation(street, n.number) {
        return interpolated(p, SCORE_INTERPOLATION_LINE);
    }
    if let Some(p) = between_neighbours(index, street, n.number) {
        return interpolated(p, SCORE_INTERPOLATED);
    }
    Placed {
        position: street.point,
        level: MatchLevel::Street,
        factor: SCORE_STREET_NUMBER_MISSING,
        label: label(name, None, None, street.city.as_deref()),
    }
}

/// Postcodes are keyed without spaces; shown as tagged.
pub(crate) fn postcode_display(index: &Index, key: &str) -> String {
    index
        .postcode_labels
        .get(key)
        .map_or_else(|| key.to_owned(), String::clone)
}

fn along_interpolation(street: &Street, n: u32) -> Option<LonLat> {
    for line in &street.interpolations {
        let fits = match line.step {
            Step::Odd => n % 2 == 1,
            Step::Even => n % 2 == 0,
            Step::All => true,
        };
        if !fits {
            continue;
        }
        for w in line.stops.windows(2) {
            let ((ia, na), (ib, nb)) = (w[0], w[1]);
            if na == nb || n < na.min(nb) || n > na.max(nb) {
                continue;
            }
            let t = (f64::from(n) - f64::from(na)) / (f64::from(nb) - f64::from(na));
            return plane::along(&line.line, ia, ib, t);
        }
    }
    None
}

fn between_neighbours(index: &Index, street: &Street, n: u32) -> Option<LonLat> {
    let same_parity = |m: &&(u32, u32)| m.0 % 2 == n % 2;
    let lower = street
        .numbered
        .iter()
        .filter(same_parity)
        .rfind(|m| m.0 < n)?;
    let higher = street
        .numbered
        .iter()
        .filter(same_parity)
        .find(|m| m.0 > n)?;
    if higher.0 - lower.0 > MAX_INTERPOLATION_GAP {
        return None;
    }
    let a = index.houses.get(lower.1 as usize)?.position;
    let b = index.houses.get(higher.1 as usize)?.position;
    if distance_m(a, b) > MAX_INTERPOLATION_M {
        return None;
    }
    let t = f64::from(n - lower.0) / f64::from(higher.0 - lower.0);
    plane::between(a, b, t)
}

/// `Street 5, 00100 Helsinki`, leaving out what is unknown.
pub(crate) fn label(
    street: &str,
    number: Option<&str>,
    postcode: Option<&str>,
    city: Option<&str>,
) -> String {
    let mut s = street.to_owned();
    if let Some(n) = number {
        s.push(' ');
        s.push_str(n);
    }
    let tail: Vec<&str> = postcode.into_iter().chain(city).collect();
    if !tail.is_empty() {
        s.push_str(", ");
        s.push_str(&tail.join(" "));
    }
    s
}
