//! Building the gazetteer from a loaded OSM area: its address points, streets (every
//! name, every line), interpolation lines, and its compounds, POIs and districts.

use super::{
    AddressPoint, Gazetteer, GazetteerInput, InterpolationInput, PlaceInput, PlaceInputKind,
    StreetInput,
};
use crate::coord::LonLat;
use crate::osm::{Area, PlaceKind};

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
        places: area
            .places
            .iter()
            .map(|p| {
                let kind = match p.kind {
                    PlaceKind::Compound => PlaceInputKind::Compound,
                    PlaceKind::District => PlaceInputKind::District,
                };
                (p.name.as_str(), kind, p.lon, p.lat)
            })
            .chain(
                area.pois
                    .iter()
                    .map(|p| (p.name.as_str(), PlaceInputKind::Poi, p.lon, p.lat)),
            )
            .filter_map(|(name, kind, lon, lat)| {
                Some(PlaceInput {
                    name: name.to_owned(),
                    kind,
                    position: LonLat::new(lon, lat).ok()?,
                })
            })
            .collect(),
    }
}

/// The offline gazetteer of an area.
pub fn gazetteer_from_area(area: &Area) -> Gazetteer {
    Gazetteer::new(gazetteer_input(area))
}
