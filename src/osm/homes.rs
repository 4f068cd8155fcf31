//! Homes, the denominator of penetration: address points that are lived in, and
//! residential buildings that have no address point (see [`Home`] for the rule).

use geo::{Contains, Point};
use rstar::{AABB, RTree};

use super::dedup::{House, Usage};
use super::geometry::{centroid, polygon};
use super::model::{Home, HomeKind};
use super::tags::BuildingUse;
use crate::coord::LonLat;

/// A residential building without an address of its own: one polygon (outer ring, holes).
#[derive(Debug)]
pub(super) struct Building {
    pub rings: Vec<Vec<LonLat>>,
    pub flats: Option<u32>,
}

/// Whether a house is lived in, and how many dwellings it has.
pub(super) fn house_home(objects: &[Usage]) -> Option<u32> {
    let residential = objects
        .iter()
        .find(|u| u.building == Some(BuildingUse::Residential));
    if let Some(building) = residential {
        return Some(building.flats.unwrap_or(1));
    }
    let other_building = objects
        .iter()
        .any(|u| u.building == Some(BuildingUse::Other));
    let all_non_residential = !objects.is_empty() && objects.iter().all(|u| u.non_residential);
    if other_building || all_non_residential {
        None
    } else {
        Some(1)
    }
}

/// The homes of an area: lived-in houses in house order, then the residential buildings
/// with no house point inside, in the extract's order.
pub(super) fn homes(houses: &[House], buildings: &[Building]) -> Vec<Home> {
    let mut out: Vec<Home> = houses
        .iter()
        .filter_map(|h| {
            let dwellings = house_home(&h.objects)?;
            let position = LonLat::new(h.address.lon, h.address.lat).ok()?;
            Some(Home {
                position,
                kind: HomeKind::AddressPoint,
                dwellings,
            })
        })
        .collect();
    let points: RTree<[f64; 2]> = RTree::bulk_load(
        houses
            .iter()
            .map(|h| [h.address.lon, h.address.lat])
            .collect(),
    );
    for b in buildings {
        let Some((outer, holes)) = b.rings.split_first() else {
            continue;
        };
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in outer {
            lo = [lo[0].min(p.lon_deg()), lo[1].min(p.lat_deg())];
            hi = [hi[0].max(p.lon_deg()), hi[1].max(p.lat_deg())];
        }
        let shape = polygon(outer, holes);
        let addressed = points
            .locate_in_envelope(&AABB::from_corners(lo, hi))
            .any(|p| shape.contains(&Point::new(p[0], p[1])));
        if addressed {
            continue;
        }
        let Some(position) = centroid(std::slice::from_ref(&b.rings))
            .and_then(|(lon, lat)| LonLat::new(lon, lat).ok())
        else {
            continue;
        };
        out.push(Home {
            position,
            kind: HomeKind::ResidentialBuilding,
            dwellings: b.flats.unwrap_or(1),
        });
    }
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
        }
    }

    #[test]
    fn the_rule_for_address_points() {
        use BuildingUse::*;
        let plain_node = usage(None, None, false);
        let shop_node = usage(None, None, true);
        // A plain address node: a home.
        assert_eq!(house_home(&[plain_node]), Some(1));
        // Shops inside a building=yes that also has a plain entrance node: a home.
        assert_eq!(
            house_home(&[plain_node, shop_node, usage(Some(Unknown), None, false)]),
            Some(1)
        );
        // Only shops carry it: not a home.
        assert_eq!(house_home(&[shop_node, shop_node]), None);
        // An office building: not a home, even with a plain node.
        assert_eq!(
            house_home(&[plain_node, usage(Some(Other), None, false)]),
            None
        );
        // Apartments with shops downstairs: a home of 40 dwellings.
        assert_eq!(
            house_home(&[shop_node, usage(Some(Residential), Some(40), true)]),
            Some(40)
        );
    }

    #[test]
    fn residential_buildings_count_only_without_an_address_inside() {
        let p = |lon: f64, lat: f64| LonLat::new(lon, lat).unwrap();
        let square = |x: f64| {
            vec![
                p(x, 0.0),
                p(x + 1.0, 0.0),
                p(x + 1.0, 1.0),
                p(x, 1.0),
                p(x, 0.0),
            ]
        };
        let house = House {
            address: OsmAddress {
                street: "Katu".into(),
                housenumber: "1".into(),
                postcode: None,
                city: None,
                lon: 0.5,
                lat: 0.5,
                filled: Default::default(),
                element: Default::default(),
            },
            objects: vec![usage(None, None, false)],
        };
        let buildings = [
            Building {
                rings: vec![square(0.0)],
                flats: Some(9),
            },
            Building {
                rings: vec![square(2.0)],
                flats: Some(12),
            },
            Building {
                rings: vec![square(4.0)],
                flats: None,
            },
        ];
        let homes = homes(&[house], &buildings);
        let got: Vec<(HomeKind, u32, f64)> = homes
            .iter()
            .map(|h| (h.kind, h.dwellings, h.position.lon_deg()))
            .collect();
        assert_eq!(
            got,
            vec![
                (HomeKind::AddressPoint, 1, 0.5),
                (HomeKind::ResidentialBuilding, 12, 2.5),
                (HomeKind::ResidentialBuilding, 1, 4.5),
            ]
        );
    }
}
