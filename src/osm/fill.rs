//! Filling in missing postcodes and cities of address points from their neighbours.
//!
//! Mappers often tag a postcode on one entrance and not the next, or a postcode without a
//! city. A house without a postcode takes the one of the nearest house on the same street
//! within [`NEIGHBOUR_RADIUS_M`] that has one tagged (only tagged values spread, so a guess
//! never feeds another). A house without a city takes the most common city tagged with its
//! postcode, else the nearest same-street neighbour's tagged city. [`Filled`] records which
//! values were filled, so a caller can tell a guess from a tag.
//!
//! [`Filled`]: super::Filled

use std::collections::BTreeMap;
use std::ops::Range;

use super::dedup::House;
use super::near::Near;
use crate::coord::LonLat;

/// How far a same-street neighbour may be to lend its postcode or city.
pub(super) const NEIGHBOUR_RADIUS_M: f64 = 150.0;

/// Fills postcodes, then cities, in place. `houses` are sorted by street (as
/// [`dedup`](super::dedup::dedup) returns them), so each street is one run.
pub(super) fn fill(houses: &mut [House]) {
    let streets = street_runs(houses);

    // Postcodes from tagged neighbours.
    let mut postcodes: Vec<(usize, String)> = Vec::new();
    for run in &streets {
        let lend = lend(houses, run.clone(), |h| h.address.postcode.is_some());
        postcodes.extend(lend.into_iter().filter_map(|(i, j)| {
            let pc = houses[j].address.postcode.clone()?;
            Some((i, pc))
        }));
    }
    for (i, pc) in postcodes {
        houses[i].address.postcode = Some(pc);
        houses[i].address.filled.postcode = true;
    }

    // Cities: from the postcode's tagged cities, else from a tagged neighbour.
    let mut cities_of: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for h in houses.iter() {
        if let (Some(pc), Some(city), false) = (
            h.address.postcode.as_deref(),
            h.address.city.as_deref(),
            h.address.filled.postcode,
        ) {
            *cities_of.entry(pc).or_default().entry(city).or_default() += 1;
        }
    }
    let city_of: BTreeMap<&str, &str> = cities_of
        .into_iter()
        .filter_map(|(pc, counts)| {
            let city = counts
                .into_iter()
                .max_by(|(a, an), (b, bn)| an.cmp(bn).then(b.cmp(a)))?
                .0;
            Some((pc, city))
        })
        .collect();
    let mut cities: Vec<(usize, String)> = Vec::new();
    for (i, h) in houses.iter().enumerate() {
        let a = &h.address;
        if a.city.is_some() {
            continue;
        }
        if let Some(city) = a.postcode.as_deref().and_then(|pc| city_of.get(pc)) {
            cities.push((i, (*city).to_owned()));
        }
    }
    let from_postcode: Vec<bool> = {
        let mut v = vec![false; houses.len()];
        for (i, _) in &cities {
            v[*i] = true;
        }
        v
    };
    for run in &streets {
        let lend = lend(houses, run.clone(), |h| h.address.city.is_some());
        cities.extend(lend.into_iter().filter_map(|(i, j)| {
            if from_postcode[i] {
                return None;
            }
            Some((i, houses[j].address.city.clone()?))
        }));
    }
    for (i, city) in cities {
        houses[i].address.city = Some(city);
        houses[i].address.filled.city = true;
    }
}

/// The index ranges of the runs of one street.
fn street_runs(houses: &[House]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=houses.len() {
        if i == houses.len() || houses[i].address.street != houses[start].address.street {
            runs.push(start..i);
            start = i;
        }
    }
    runs
}

/// `(house, lender)` for each house of `run` that `has` rejects: the nearest other house
/// of the run within [`NEIGHBOUR_RADIUS_M`] that `has` accepts (ties: the first), if any.
///
/// Distances are straight-line (chord) metres, which differ from the geodesic by far less
/// than a millimetre at this range.
fn lend(houses: &[House], run: Range<usize>, has: impl Fn(&House) -> bool) -> Vec<(usize, usize)> {
    let position = |h: &House| LonLat::new(h.address.lon, h.address.lat).ok();
    let lenders: Vec<usize> = run.clone().filter(|&i| has(&houses[i])).collect();
    if lenders.is_empty() || lenders.len() == run.len() {
        return Vec::new();
    }
    let near = Near::new(
        lenders.iter().map(|&i| position(&houses[i])),
        NEIGHBOUR_RADIUS_M,
    );
    run.filter(|&i| !has(&houses[i]))
        .filter_map(|i| {
            let best = near
                .around(position(&houses[i])?, NEIGHBOUR_RADIUS_M)
                .into_iter()
                .min_by(|a, b| a.1.total_cmp(&b.1))?;
            Some((i, lenders[best.0]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::osm::OsmAddress;

    fn house(street: &str, lon: f64, pc: Option<&str>, city: Option<&str>) -> House {
        House {
            address: OsmAddress {
                street: street.into(),
                housenumber: "1".into(),
                postcode: pc.map(Into::into),
                city: city.map(Into::into),
                lon,
                lat: 60.17,
                filled: Default::default(),
                element: Default::default(),
            },
            objects: Vec::new(),
        }
    }

    #[test]
    fn postcodes_come_from_near_same_street_houses_and_cities_from_postcodes() {
        let m = 1.0 / 111_320.0 / 60f64.to_radians().cos(); // 1 m of longitude
        let mut h = vec![
            house("A", 24.94, Some("00100"), Some("Helsinki")),
            house("A", 24.94 + 100.0 * m, None, None), // 100 m: takes 00100 and Helsinki
            house("A", 24.94 + 400.0 * m, None, None), // 400 m from the tagged one: none
            house("B", 24.94 + 10.0 * m, None, None),  // another street: none
            house("C", 24.95, Some("00100"), None),    // city from the postcode
            house("D", 24.96, Some("00999"), None),    // unknown postcode, no neighbour
        ];
        fill(&mut h);
        let got: Vec<(Option<&str>, bool, Option<&str>, bool)> = h
            .iter()
            .map(|h| {
                let a = &h.address;
                (
                    a.postcode.as_deref(),
                    a.filled.postcode,
                    a.city.as_deref(),
                    a.filled.city,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("00100"), false, Some("Helsinki"), false),
                (Some("00100"), true, Some("Helsinki"), true),
                (None, false, None, false),
                (None, false, None, false),
                (Some("00100"), false, Some("Helsinki"), true),
                (Some("00999"), false, None, false),
            ]
        );
    }
}
