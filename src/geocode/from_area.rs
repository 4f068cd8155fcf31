//! Building the gazetteer from a loaded OSM area: its address points, streets (every
//! name, every line), interpolation lines, where its data ends, and its compounds, POIs
//! and districts.
//!
//! Address files loaded into the area win on house points: an extract point whose street
//! and number an address file also has is left out, and the file's point is used. Streets
//! the extract lacks come from the file's street names (an address-only street).

use super::normalise::{name_key, normalise_key};
use super::{
    AddressPoint, Gazetteer, GazetteerInput, InterpolationInput, PlaceInput, PlaceInputKind,
    StreetInput,
};
use crate::coord::LonLat;
use crate::osm::{Area, DataEdge, PlaceKind};
use std::collections::HashSet;

/// The key a house point is replaced under: street name key and number, without spaces
/// or a trailing `号` (`Mannerheimintie 5 B` and `MANNERHEIMINTIE 5b` share one).
pub fn house_key(street: &str, number: &str) -> (String, String) {
    let number = normalise_key(number).replace(' ', "");
    let number = number
        .strip_suffix('号')
        .or_else(|| number.strip_suffix('號'))
        .unwrap_or(&number)
        .to_owned();
    (name_key(street), number)
}

/// The geocoder's input from an area.
pub fn gazetteer_input(area: &Area) -> GazetteerInput {
    let from_files: HashSet<(String, String)> = area
        .file_addresses
        .iter()
        .map(|a| house_key(&a.street, &a.housenumber))
        .collect();
    let file_points = area.file_addresses.iter().map(|a| AddressPoint {
        street: a.street.clone(),
        housenumber: a.housenumber.clone(),
        postcode: a.postcode.clone(),
        city: a.city.clone(),
        position: a.position,
    });
    GazetteerInput {
        addresses: area
            .addresses
            .iter()
            .filter(|a| !from_files.contains(&house_key(&a.street, &a.housenumber)))
            .filter_map(|a| {
                Some(AddressPoint {
                    street: a.street.clone(),
                    housenumber: a.housenumber.clone(),
                    postcode: a.postcode.clone(),
                    city: a.city.clone(),
                    position: LonLat::new(a.lon, a.lat).ok()?,
                })
            })
            .chain(file_points)
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
        edge: DataEdge::of(area.declared_bounds, area.bounds),
    }
}

/// The offline gazetteer of an area.
pub fn gazetteer_from_area(area: &Area) -> Gazetteer {
    Gazetteer::new(gazetteer_input(area))
}
