//! OpenStreetMap extracts: one pass over an `.osm.pbf` file into the things the rest of the
//! crate needs from it — address points, named shops and amenities (POIs), and the Swedish
//! names of Finnish streets.
//!
//! The reader keeps every node's coordinates in a hash map (~40 bytes a node: fine for city
//! and region extracts; a whole country would want a sorted or on-disk node store), relies on the PBF order nodes → ways → relations, and takes
//! addresses and POIs from nodes and from ways (placed at the way's centroid). Ways whose
//! nodes all lie outside a clipped extract are skipped. Multipolygon relations are not read
//! yet, so the few addresses and POIs tagged only on a relation are missed (6 addresses in
//! the bundled Helsinki extract); the gazetteer (streets, homes, basemap lines) will grow
//! here on the same single pass.
//!
//! In a city centre most address-tagged objects are shops and offices carrying their
//! building's address; [`OsmArea::addresses`] keeps one point per house (see
//! [`read_area`]), so it is much shorter than the number of address-tagged objects.
//! Obvious tagging slips are cleaned on the way in: a building name before the street
//! (`Kaivopiha, Mannerheimintie`) and floor notes after the number (`4, 5. krs.`).
//!
//! Data from OpenStreetMap is © OpenStreetMap contributors, ODbL 1.0.

mod collect;
mod dedup;
mod tags;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use osmpbf::{Element, ElementReader};

/// An address point: a house number on a street (or place), where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct OsmAddress {
    /// `addr:street`, or `addr:place` where the number belongs to a named place (spelled
    /// as tagged; case variants of one street are not merged yet).
    pub street: String,
    /// `addr:housenumber` as tagged, e.g. `5`, `12a`, `7 B`, `3-5` (floor notes cut).
    pub housenumber: String,
    /// `addr:postcode`, if tagged.
    pub postcode: Option<String>,
    /// `addr:city`, if tagged.
    pub city: Option<String>,
    /// Longitude in degrees (WGS84); a way's centroid for buildings.
    pub lon: f64,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
}

/// A named shop or amenity (`shop=*` or `amenity=*` with a `name`).
#[derive(Debug, Clone, PartialEq)]
pub struct Poi {
    /// The `name` tag.
    pub name: String,
    /// The `shop=` value, or the `amenity=` value when there is no `shop`, e.g. `beauty`.
    pub category: String,
    /// Longitude in degrees (WGS84); a way's centroid for buildings.
    pub lon: f64,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// `"Street 12"` when the POI carries `addr:street` (or `addr:place`) and `addr:housenumber`.
    pub address: Option<String>,
}

/// What one extract holds for the crate: addresses, POIs and Swedish street names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OsmArea {
    /// Address points, one per house (see [`read_area`]), sorted by street and number.
    pub addresses: Vec<OsmAddress>,
    /// Named shops and amenities, sorted by name.
    pub pois: Vec<Poi>,
    /// Finnish street name → Swedish (`name` → `name:sv` of `highway=*` ways).
    pub street_names_sv: HashMap<String, String>,
}

/// Why an extract could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OsmError {
    /// The file could not be opened.
    #[error("cannot open OSM extract {}: {source} (check the path)", path.display())]
    Open {
        /// The extract's path.
        path: PathBuf,
        /// What the PBF reader reported.
        source: osmpbf::Error,
    },
    /// The file opened but is not a readable `.osm.pbf`.
    #[error(
        "cannot read OSM extract {}: {source} (expected an .osm.pbf file, e.g. from download.geofabrik.de)",
        path.display()
    )]
    Decode {
        /// The extract's path.
        path: PathBuf,
        /// What the PBF reader reported.
        source: osmpbf::Error,
    },
}

/// Reads addresses, POIs and Swedish street names from an `.osm.pbf` extract in one pass.
///
/// Addresses need `addr:housenumber` and `addr:street` (or `addr:place`). Points with the
/// same street and number chained by gaps of at most 30 m are one house, placed at a plain
/// address node if there is one, else at a shop's node, else at the building's centroid.
/// POIs need `shop=*` or `amenity=*` and a `name`; unnamed ones are left out.
///
/// # Errors
///
/// [`OsmError::Open`] if the file cannot be opened, [`OsmError::Decode`] if it is not a
/// valid PBF file; both name the file.
pub fn read_area(path: &Path) -> Result<OsmArea, OsmError> {
    let reader = ElementReader::from_path(path).map_err(|source| OsmError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let mut collector = collect::Collector::default();
    reader
        .for_each(|element| match element {
            Element::Node(n) => collector.node(n.id(), n.lon(), n.lat(), n.tags()),
            Element::DenseNode(n) => collector.node(n.id(), n.lon(), n.lat(), n.tags()),
            Element::Way(w) => collector.way(w.id(), w.refs(), w.tags()),
            Element::Relation(_) => {}
        })
        .map_err(|source| OsmError::Decode {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(collector.finish())
}

/// The bundled Helsinki extract, read once for all tests of the crate.
#[cfg(test)]
pub(crate) fn helsinki_for_tests() -> &'static OsmArea {
    static AREA: std::sync::OnceLock<OsmArea> = std::sync::OnceLock::new();
    AREA.get_or_init(|| {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/helsinki.osm.pbf"
        ));
        read_area(path).expect("the bundled Helsinki extract reads")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helsinki_extract_has_addresses_and_salons_inside_its_bbox() {
        let area = helsinki_for_tests();
        // ~1,470 objects carry an address, but most are shops and offices inside ~590
        // numbered houses: one point per house leaves ~650 (big buildings keep a point per
        // part more than 30 m apart).
        assert!(
            area.addresses.len() > 600,
            "{} addresses",
            area.addresses.len()
        );
        let mut houses: Vec<(&str, &str)> = area
            .addresses
            .iter()
            .map(|a| (a.street.as_str(), a.housenumber.as_str()))
            .collect();
        houses.dedup();
        assert!(houses.len() > 550, "{} street-number pairs", houses.len());
        let count = |cat: &str| area.pois.iter().filter(|p| p.category == cat).count();
        assert!(count("beauty") >= 20, "{} beauty", count("beauty"));
        assert!(
            count("hairdresser") >= 40,
            "{} hairdresser",
            count("hairdresser")
        );

        // The extract's bbox with a margin of ~0.005° (300–550 m) for clipped buildings.
        let inside = |lon: f64, lat: f64| {
            (60.159..=60.184).contains(&lat) && (24.930..=24.958).contains(&lon)
        };
        for a in &area.addresses {
            assert!(inside(a.lon, a.lat), "{a:?}");
            assert!(!a.street.is_empty() && !a.housenumber.is_empty(), "{a:?}");
        }
        for p in &area.pois {
            assert!(inside(p.lon, p.lat), "{p:?}");
            assert!(!p.name.is_empty() && !p.category.is_empty(), "{p:?}");
        }
    }

    #[test]
    fn helsinki_addresses_are_unique_within_30_m() {
        let area = helsinki_for_tests();
        for (i, a) in area.addresses.iter().enumerate() {
            for b in &area.addresses[i + 1..] {
                if a.street == b.street && a.housenumber == b.housenumber {
                    assert!(
                        dedup::distance_m(a, b) > dedup::DEDUP_RADIUS_M,
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn helsinki_has_swedish_street_names() {
        let area = helsinki_for_tests();
        assert!(
            area.street_names_sv.len() > 20,
            "{}",
            area.street_names_sv.len()
        );
        assert_eq!(
            area.street_names_sv
                .get("Mannerheimintie")
                .map(String::as_str),
            Some("Mannerheimvägen")
        );
    }

    #[test]
    fn missing_file_error_names_the_file() {
        let err = read_area(Path::new("/nonexistent/area.osm.pbf")).unwrap_err();
        assert!(matches!(err, OsmError::Open { .. }));
        assert!(
            err.to_string().contains("/nonexistent/area.osm.pbf"),
            "{err}"
        );
    }

    #[test]
    fn non_pbf_file_is_a_decode_error_naming_the_file() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
        let err = read_area(path).unwrap_err();
        assert!(matches!(err, OsmError::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("Cargo.toml"), "{err}");
    }
}
