//! Building the gazetteer from a loaded OSM area: its address points, streets (every
//! name, every line), interpolation lines and where its data ends.

use super::{AddressPoint, Gazetteer, GazetteerInput, InterpolationInput, StreetInput};
use crate::coord::LonLat;
use crate::osm::{Area, DataEdge};

/// The geocoder's input from an area.
pub fn gazetteer_input(area: &Area) -> GazetteerInput {
    GazetteerInput {
        addresses: area
            .addresses
            .iter()
            .filter_map(|a| {
                Some(AddressPoint {
                    street: a.street.clone(),
                    housenumber: a.housenumber.clone(),
                    postcode: a.postcode.clone(),
                    city: a.city.clone(),
                    position: LonLat::new(a.lon, a.lat).ok()?,
                })
            })
            .collect(),
        streets: area
            .streets
            .iter()
            .map(|s| StreetInput {
                names: s.names.clone(),
                lines: s.lines.clone(),
            })
            .collect(),
        interpolations: area
            .interpolations
            .iter()
            .map(|i| InterpolationInput {
                street: i.street.clone(),
                scheme: i.scheme.clone(),
                line: i.line.clone(),
                numbers: i.numbers.clone(),
            })
            .collect(),
        edge: DataEdge::of(area.declared_bounds, area.bounds),
    }
}

/// The offline gazetteer of an area.
pub fn gazetteer_from_area(area: &Area) -> Gazetteer {
    Gazetteer::new(gazetteer_input(area))
}
