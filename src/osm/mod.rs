//! OpenStreetMap extracts: one pass over an `.osm.pbf` file into the things the rest of the
//! crate needs from it — address points, named shops and amenities (POIs), and the Swedish
//! names of Finnish streets.
//!
//! The reader keeps every node's coordinates in memory (fine for city-sized extracts, a few
//! hundred MB for a country), relies on the PBF order nodes → ways → relations, and takes
//! addresses and POIs from nodes and from ways (placed at the way's centroid). Ways whose
//! nodes all lie outside a clipped extract are skipped. Multipolygon relations are not read
//! yet, so the few addresses and POIs tagged only on a relation are missed; the gazetteer
//! (streets, homes, basemap lines) will grow here on the same single pass.
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
    /// `addr:street`, or `addr:place` where the number belongs to a named place.
    pub street: String,
    /// `addr:housenumber` as tagged, e.g. `5`, `12a`, `3-5`.
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
    /// Address points, deduplicated (same street and number within 30 m), sorted by street
    /// and number.
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
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki.osm.pbf"));
        read_area(path).expect("the bundled Helsinki extract reads")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helsinki_extract_has_addresses_and_salons_inside_its_bbox() {
        let area = helsinki_for_tests();
        assert!(area.addresses.len() > 1_000, "{} addresses", area.addresses.len());
        let count = |cat: &str| area.pois.iter().filter(|p| p.category == cat).count();
        assert!(count("beauty") >= 20, "{} beauty", count("beauty"));
        assert!(count("hairdresser") >= 40, "{} hairdresser", count("hairdresser"));

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
                    assert!(dedup::distance_m(a, b) > dedup::DEDUP_RADIUS_M, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn helsinki_has_swedish_street_names() {
        let area = helsinki_for_tests();
        assert!(area.street_names_sv.len() > 20, "{}", area.street_names_sv.len());
        assert_eq!(
            area.street_names_sv.get("Mannerheimintie").map(String::as_str),
            Some("Mannerheimvägen")
        );
    }

    #[test]
    fn missing_file_error_names_the_file() {
        let err = read_area(Path::new("/nonexistent/area.osm.pbf")).unwrap_err();
        assert!(matches!(err, OsmError::Open { .. }));
        assert!(err.to_string().contains("/nonexistent/area.osm.pbf"), "{err}");
    }

    #[test]
    fn non_pbf_file_is_a_decode_error_naming_the_file() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
        let err = read_area(path).unwrap_err();
        assert!(matches!(err, OsmError::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("Cargo.toml"), "{err}");
    }
}

#[cfg(test)]
mod scratch {
    #[test]
    fn scratch_stats() {
        use osmpbf::{Element, ElementReader};
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki.osm.pbf");
        let mut groups = std::collections::BTreeMap::<(String, String), Vec<(f64, f64, String)>>::new();
        ElementReader::from_path(path).unwrap().for_each(|e| {
            let (tags, ll): (Vec<(String, String)>, _) = match &e {
                Element::DenseNode(x) => (x.tags().map(|(a, b)| (a.into(), b.into())).collect(), (x.lon(), x.lat())),
                Element::Node(x) => (x.tags().map(|(a, b)| (a.into(), b.into())).collect(), (x.lon(), x.lat())),
                _ => return,
            };
            let get = |k: &str| tags.iter().find(|(a, _)| a == k).map(|(_, b)| b.clone());
            if let (Some(h), Some(s)) = (get("addr:housenumber"), get("addr:street")) {
                let other: Vec<String> = tags.iter().filter(|(k, _)| !k.starts_with("addr:c") && k != "addr:street" && k != "addr:housenumber" && k != "addr:postcode").map(|(k, v)| format!("{k}={v}")).collect();
                groups.entry((s, h)).or_default().push((ll.0, ll.1, other.join(" ")));
            }
        }).unwrap();
        let multi = groups.values().filter(|v| v.len() > 1).count();
        eprintln!("distinct {} multi {multi}", groups.len());
        for (k, v) in groups.iter().filter(|(_, v)| v.len() > 1).take(12) { eprintln!("{k:?} {v:?}"); }
        let mut hn: Vec<&String> = groups.keys().map(|k| &k.1).collect(); hn.sort(); hn.dedup();
        eprintln!("{:?}", hn.iter().filter(|h| !h.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>());
    }
}
