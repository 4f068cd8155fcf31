//! Homes, the denominator of penetration: address points that are lived in, and
//! residential buildings that have no address point; and how many dwellings each holds,
//! estimated from the building they stand in (see [`Home`] for the rules).

use std::collections::HashMap;

use geo::{Contains, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::dedup::{House, Source, Usage};
use super::geometry::{centroid, polygon};
use super::model::{DwellingEstimate, DwellingRules, Home, HomeKind};
use super::tags::{BuildingUse, Housing};
use crate::coord::LonLat;

/// A residential building: its polygons (each an outer ring, then holes), its tags and
/// footprint, and the element of the address it carries, if any.
#[derive(Debug)]
pub(super) struct Building {
    pub polygons: Vec<Vec<Vec<LonLat>>>,
    pub usage: Usage,
    pub addressed_as: Option<Source>,
}

/// Whether a house is lived in, judged by the objects carrying its address.
pub(super) fn is_home(objects: &[Usage]) -> bool {
    if objects
        .iter()
        .any(|u| u.building == Some(BuildingUse::Residential))
    {
        return true;
    }
    let other_building = objects
        .iter()
        .any(|u| u.building == Some(BuildingUse::Other));
    let all_non_residential = !objects.is_empty() && objects.iter().all(|u| u.non_residential);
    !(other_building || all_non_residential)
}

/// The dwellings of a residential building and how they were counted: `building:flats`,
/// else one for a house type, else footprint × levels (tagged, or the type's default) ÷
/// the floor area per dwelling, rounded, at least one. `None` for a flat or terrace
/// building whose outline the extract does not hold, or a building not residential.
pub(super) fn estimate(usage: &Usage, rules: &DwellingRules) -> Option<(u32, DwellingEstimate)> {
    if let Some(flats) = usage.flats {
        return Some((flats, DwellingEstimate::Flats));
    }
    let default_levels = match usage.housing? {
        Housing::House => return Some((1, DwellingEstimate::House)),
        Housing::Terrace => DwellingRules::TERRACE_LEVELS,
        Housing::Apartments => DwellingRules::APARTMENT_LEVELS,
    };
    let footprint_m2 = f64::from(usage.footprint_m2?);
    let (levels, how) = match usage.levels {
        Some(levels) => (levels, DwellingEstimate::FootprintLevels),
        None => (default_levels, DwellingEstimate::FootprintDefaultLevels),
    };
    let dwellings = (footprint_m2 * f64::from(levels) / rules.floor_m2).round();
    // Saturating float-to-int; a building of more than u32 dwellings is no building.
    Some(((dwellings as u32).max(1), how))
}

/// `total` split into `parts` whole shares as even as possible, the larger ones first.
fn split(total: u32, parts: usize) -> impl Iterator<Item = u32> {
    let n = u32::try_from(parts).unwrap_or(u32::MAX).max(1);
    let (base, extra) = (total / n, total % n);
    (0..n).map(move |i| base + u32::from(i < extra))
}

/// The residential buildings as an R-tree of their bounding boxes (lon, lat degrees).
fn outlines(buildings: &[Building]) -> RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> {
    let boxes = buildings
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
            for p in b
                .polygons
                .iter()
                .filter_map(|rings| rings.first())
                .flatten()
            {
                lo = [lo[0].min(p.lon_deg()), lo[1].min(p.lat_deg())];
                hi = [hi[0].max(p.lon_deg()), hi[1].max(p.lat_deg())];
            }
            (lo[0] <= hi[0]).then(|| GeomWithData::new(Rectangle::from_corners(lo, hi), i))
        })
        .collect();
    RTree::bulk_load(boxes)
}

/// The homes of an area: lived-in houses in house order, then the residential buildings
/// with no such house in them, in the extract's order.
///
/// A lived-in house belongs to the residential building carrying its address, else to
/// the first (in extract order) whose outline contains its point. Each building's
/// dwellings ([`estimate`], at least one per house in it) are [`split`] among its houses;
/// a building without houses is a home of its own at its centroid. A house in no
/// residential building is one dwelling — or, when the building carrying its address has
/// no outline in the extract, what that building's tags say.
pub(super) fn homes(houses: &[House], buildings: &[Building], rules: &DwellingRules) -> Vec<Home> {
    let by_source: HashMap<Source, usize> = buildings
        .iter()
        .enumerate()
        .filter_map(|(i, b)| Some((b.addressed_as?, i)))
        .collect();
    let tree = outlines(buildings);
    let shapes: Vec<Vec<geo::Polygon>> = buildings
        .iter()
        .map(|b| {
            b.polygons
                .iter()
                .filter_map(|rings| {
                    let (outer, holes) = rings.split_first()?;
                    Some(polygon(outer, holes))
                })
                .collect()
        })
        .collect();
    // Each lived-in house with its position and the building it belongs to.
    let lived: Vec<(usize, LonLat, Option<usize>)> = houses
        .iter()
        .enumerate()
        .filter(|(_, h)| is_home(&h.objects))
        .filter_map(|(i, h)| {
            let position = LonLat::new(h.address.lon, h.address.lat).ok()?;
            let carried = h
                .objects
                .iter()
                .find_map(|u| by_source.get(&u.building_id?).copied());
            let point = Point::new(h.address.lon, h.address.lat);
            let inside = || {
                tree.locate_in_envelope_intersecting(&AABB::from_point([
                    h.address.lon,
                    h.address.lat,
                ]))
                .map(|r| r.data)
                .filter(|&b| shapes[b].iter().any(|s| s.contains(&point)))
                .min()
            };
            Some((i, position, carried.or_else(inside)))
        })
        .collect();
    let mut houses_in: Vec<Vec<usize>> = vec![Vec::new(); buildings.len()];
    for (k, &(_, _, building)) in lived.iter().enumerate() {
        if let Some(b) = building {
            houses_in[b].push(k);
        }
    }
    let mut shares: Vec<(u32, DwellingEstimate)> = lived
        .iter()
        .map(|&(i, _, _)| {
            houses[i]
                .objects
                .iter()
                .find_map(|u| estimate(u, rules))
                .unwrap_or((1, DwellingEstimate::Address))
        })
        .collect();
    let mut out = Vec::with_capacity(lived.len());
    let mut own_homes = Vec::new();
    for (b, in_it) in buildings.iter().zip(&houses_in) {
        let (dwellings, how) = estimate(&b.usage, rules).unwrap_or((1, DwellingEstimate::Address));
        if in_it.is_empty() {
            let Some(position) =
                centroid(&b.polygons).and_then(|(lon, lat)| LonLat::new(lon, lat).ok())
            else {
                continue;
            };
            own_homes.push(Home {
                position,
                kind: HomeKind::ResidentialBuilding,
                dwellings,
                estimate: how,
            });
            continue;
        }
        let total = dwellings.max(u32::try_from(in_it.len()).unwrap_or(u32::MAX));
        for (&k, share) in in_it.iter().zip(split(total, in_it.len())) {
            shares[k] = (share, how);
        }
    }
    for (&(_, position, _), &(dwellings, estimate)) in lived.iter().zip(&shares) {
        out.push(Home {
            position,
            kind: HomeKind::AddressPoint,
            dwellings,
            estimate,
        });
    }
    out.extend(own_homes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::osm::OsmAddress;

    fn usage(building: Option<BuildingUse>, flats: Option<u32>, non_residential: bool) -> Usage {
        Usage {
            building,
            flats,
            non_residential,
            ..Usage::default()
        }
    }

    #[test]
    fn the_rule_for_address_points() {
        use BuildingUse::*;
        let plain_node = usage(None, None, false);
        let shop_node = usage(None, None, true);
        // A plain address node: a home.
        assert!(is_home(&[plain_node]));
        // Shops inside a building=yes that also has a plain entrance node: a home.
        assert!(is_home(&[
            plain_node,
            shop_node,
            usage(Some(Unknown), None, false)
        ]));
        // Only shops carry it: not a home.
        assert!(!is_home(&[shop_node, shop_node]));
        // An office building: not a home, even with a plain node.
        assert!(!is_home(&[plain_node, usage(Some(Other), None, false)]));
        // Apartments with shops downstairs: a home.
        assert!(is_home(&[
            shop_node,
            usage(Some(Residential), Some(40), true)
        ]));
    }

    fn building(housing: Housing, footprint_m2: u32, levels: Option<u32>) -> Usage {
        Usage {
            building: Some(BuildingUse::Residential),
            housing: Some(housing),
            footprint_m2: Some(footprint_m2),
            levels,
            ..Usage::default()
        }
    }

    #[test]
    fn dwellings_from_flats_footprint_and_levels() {
        use DwellingEstimate as E;
        let rules = DwellingRules::default();
        let est = |u: Usage| estimate(&u, &rules);
        // Tagged flats win over everything.
        let tagged = Usage {
            flats: Some(36),
            ..building(Housing::Apartments, 400, Some(5))
        };
        assert_eq!(est(tagged), Some((36, E::Flats)));
        // 400 m² × 5 levels ÷ 80 m² = 25; with the default 4 levels, 20.
        assert_eq!(
            est(building(Housing::Apartments, 400, Some(5))),
            Some((25, E::FootprintLevels))
        );
        assert_eq!(
            est(building(Housing::Apartments, 400, None)),
            Some((20, E::FootprintDefaultLevels))
        );
        // A terrace of 300 m² on its default 2 levels: 7.5, rounded to 8.
        assert_eq!(
            est(building(Housing::Terrace, 300, None)),
            Some((8, E::FootprintDefaultLevels))
        );
        // A house is one dwelling, however large; a shed-sized block still one.
        assert_eq!(
            est(building(Housing::House, 900, Some(3))),
            Some((1, E::House))
        );
        assert_eq!(
            est(building(Housing::Apartments, 30, None)),
            Some((2, E::FootprintDefaultLevels))
        );
        assert_eq!(
            est(building(Housing::Apartments, 10, Some(1))),
            Some((1, E::FootprintLevels))
        );
        // Another floor area per dwelling.
        let roomy = DwellingRules::with_floor_m2(100.0).unwrap();
        assert_eq!(
            estimate(&building(Housing::Apartments, 400, Some(5)), &roomy),
            Some((20, E::FootprintLevels))
        );
        assert!(DwellingRules::with_floor_m2(0.0).is_err());
        // No outline, or not residential: no estimate.
        let no_outline = Usage {
            footprint_m2: None,
            ..building(Housing::Apartments, 0, Some(5))
        };
        assert_eq!(est(no_outline), None);
        assert_eq!(est(usage(Some(BuildingUse::Unknown), None, false)), None);
    }

    #[test]
    fn split_is_even_in_whole_dwellings() {
        assert_eq!(split(25, 3).collect::<Vec<_>>(), [9, 8, 8]);
        assert_eq!(split(2, 2).collect::<Vec<_>>(), [1, 1]);
        assert_eq!(split(7, 1).collect::<Vec<_>>(), [7]);
    }

    const M_PER_DEG_LAT: f64 = 111_412.0;

    /// A point `x` m east and `y` m north of (24.94, 60.17).
    fn at(x: f64, y: f64) -> LonLat {
        let m_per_deg_lon = M_PER_DEG_LAT * 60.17f64.to_radians().cos();
        LonLat::new(24.94 + x / m_per_deg_lon, 60.17 + y / M_PER_DEG_LAT).unwrap()
    }

    /// A closed rectangle from (x, y) metres, `w` wide and `h` high.
    fn rect(x: f64, y: f64, w: f64, h: f64) -> Vec<Vec<Vec<LonLat>>> {
        vec![vec![vec![
            at(x, y),
            at(x + w, y),
            at(x + w, y + h),
            at(x, y + h),
            at(x, y),
        ]]]
    }

    fn house(number: &str, x: f64, y: f64, objects: Vec<Usage>) -> House {
        let p = at(x, y);
        House {
            address: OsmAddress {
                street: "Katu".into(),
                housenumber: number.into(),
                postcode: None,
                city: None,
                lon: p.lon_deg(),
                lat: p.lat_deg(),
                filled: Default::default(),
                element: Default::default(),
            },
            objects,
        }
    }

    #[test]
    fn address_points_share_the_dwellings_of_their_building() {
        use DwellingEstimate as E;
        let plain = usage(None, None, false);
        let shop = usage(None, None, true);
        // Building 0: 20 × 20 m apartments of 5 levels (25 dwellings), no address of its
        // own, three lived-in address nodes and a shop's node inside.
        // Building 1: apartments carrying address 9 (tagged on the way), 10 × 20 m, default
        // levels (10 dwellings); its entrance node 9 stands on the outline, outside it.
        // Building 2: a house with no address point: a home of its own.
        // Building 3: apartments with only a shop's address inside: a home of its own.
        let b1 = Source::Way(11);
        let buildings = [
            Building {
                polygons: rect(0.0, 0.0, 20.0, 20.0),
                usage: building(Housing::Apartments, 400, Some(5)),
                addressed_as: None,
            },
            Building {
                polygons: rect(100.0, 0.0, 10.0, 20.0),
                usage: building(Housing::Apartments, 200, None),
                addressed_as: Some(b1),
            },
            Building {
                polygons: rect(200.0, 0.0, 10.0, 10.0),
                usage: building(Housing::House, 100, None),
                addressed_as: None,
            },
            Building {
                polygons: rect(300.0, 0.0, 20.0, 20.0),
                usage: building(Housing::Apartments, 400, None),
                addressed_as: None,
            },
        ];
        let carried = Usage {
            building_id: Some(b1),
            ..buildings[1].usage
        };
        let houses = [
            house("1", 5.0, 5.0, vec![plain]),
            house("3", 10.0, 10.0, vec![plain]),
            house("5", 15.0, 15.0, vec![plain]),
            house("7", 12.0, 5.0, vec![shop]),
            house("9", 100.0, -0.5, vec![plain, carried]),
            house("11", 50.0, 50.0, vec![plain]),
            house("13", 310.0, 10.0, vec![shop]),
        ];
        let homes = homes(&houses, &buildings, &DwellingRules::default());
        let got: Vec<(HomeKind, u32, DwellingEstimate)> = homes
            .iter()
            .map(|h| (h.kind, h.dwellings, h.estimate))
            .collect();
        let (a, b) = (HomeKind::AddressPoint, HomeKind::ResidentialBuilding);
        assert_eq!(
            got,
            vec![
                (a, 9, E::FootprintLevels),
                (a, 8, E::FootprintLevels),
                (a, 8, E::FootprintLevels),
                (a, 10, E::FootprintDefaultLevels),
                (a, 1, E::Address),
                (b, 1, E::House),
                (b, 20, E::FootprintDefaultLevels),
            ]
        );
        // The house stands at its centroid.
        let centre = at(205.0, 5.0);
        assert!((homes[5].position.lon_deg() - centre.lon_deg()).abs() < 1e-9);
        assert!((homes[5].position.lat_deg() - centre.lat_deg()).abs() < 1e-9);
    }

    #[test]
    fn a_building_holds_at_least_one_dwelling_per_address_in_it() {
        // A semidetached house with both halves' address points: two dwellings.
        let buildings = [Building {
            polygons: rect(0.0, 0.0, 16.0, 10.0),
            usage: building(Housing::House, 160, None),
            addressed_as: None,
        }];
        let plain = usage(None, None, false);
        let houses = [
            house("2", 4.0, 5.0, vec![plain]),
            house("4", 12.0, 5.0, vec![plain]),
        ];
        let got: Vec<u32> = homes(&houses, &buildings, &DwellingRules::default())
            .iter()
            .map(|h| h.dwellings)
            .collect();
        assert_eq!(got, [1, 1]);
    }
}
