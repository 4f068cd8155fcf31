//! OpenStreetMap extracts: everything the later stages need from an `.osm.pbf` file, read
//! once — address points, streets with all their names, interpolation lines, named shops
//! and amenities (POIs), homes, and basemap lines and areas ([`Area`], from
//! [`read_extract`]) — so no later command needs the PBF again.
//!
//! # Memory
//!
//! A city or region extract has tens of millions of nodes, most of them only vertices of
//! ways nobody here needs. So the file is read in up to three passes (see `scan`), each
//! decoding blobs in parallel and merging them in file order:
//!
//! 1. every blob: tagged nodes are finished on the spot (they carry their position), ways
//!    and multipolygons of interest are kept as compact records (node refs delta-varint
//!    packed at 2–4 bytes a ref, a few bytes of classes, strings only where tagged), and
//!    each blob's element types are noted;
//! 2. only if some multipolygon has member ways not kept in pass 1 (untagged outer rings),
//!    the way blobs again, for those ways' refs;
//! 3. the node blobs, keeping coordinates only for nodes those ways use: a sorted id list
//!    with `i32` fixed-point pairs, 16 bytes a node ([`nodes::NodeStore`]).
//!
//! Extracts of at most 32 MB are read in one pass instead, keeping every node and every
//! way's refs: there decoding the file twice more costs more time than that memory
//! (~70 MB at most).
//!
//! Peak memory for larger extracts is the kept records (~40 bytes a way plus its packed
//! refs), 16 bytes per needed node, a batch of decoded blobs (4 per core, a few MB each)
//! and the [`Area`] being built — so it grows with what the extract's buildings, roads and
//! addresses hold, not with its total node count. Measured on a synthetic extract of 34 M
//! nodes and 5.7 M ways (4.6 M buildings): peak RSS 3.4 GB, of which the finished [`Area`]
//! holds 2.8 GB (its `Vec` per ring and `String`s per address dominate); a hash map of
//! every node would have taken ~1.7 GB more by itself (2²⁶ buckets of 25 bytes). The same
//! street and number in many towns, and long streets, are handled through a grid (`near`),
//! not by comparing all pairs.
//!
//! # What is read
//!
//! Addresses need `addr:housenumber` and `addr:street` (or `addr:place`) on a node, way or
//! multipolygon. In a city centre most address-tagged objects are shops and offices
//! carrying their building's address; [`Area::addresses`] keeps one point per house (see
//! [`read_extract`]). Obvious tagging slips are cleaned on the way in: a building name
//! before the street (`Kaivopiha, Mannerheimintie`) and floor notes after the number
//! (`4, 5. krs.`). Ways and multipolygons cut by the extract's edge keep what is inside:
//! lines are split at the missing nodes, areas whose rings do not close are left out, and
//! a cut building's address sits at the mean of its nodes inside.
//!
//! [`read_area`] is the older, smaller view ([`OsmArea`]) the demo generator is built on;
//! it leaves out what the multipolygon reader and the postcode filling added, so the
//! bundled demo data stays byte for byte the same.
//!
//! Data from OpenStreetMap is © OpenStreetMap contributors, ODbL 1.0.

mod build;
mod collect;
mod dedup;
mod edge;
mod fill;
mod geometry;
mod homes;
mod model;
mod near;
mod nodes;
mod scan;
mod streets;
mod tags;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use osmpbf::{Element, PrimitiveBlock};

use crate::coord::LonLat;

pub use edge::{DataEdge, EdgeSource};
pub use model::{
    Area, AreaClass, BadFloorArea, Basemap, DwellingEstimate, DwellingRules, ElementKind, Filled,
    Home, HomeKind, Interpolation, LineClass, MapArea, MapLine, OsmAddress, Place, PlaceKind, Poi,
    RailClass, RoadClass, Street,
};
pub use nodes::{decimicro_to_deg, deg_to_decimicro};

/// What one extract holds for the demo generator: addresses, POIs and Swedish street names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OsmArea {
    /// Address points from nodes and ways, one per house (see [`read_extract`]), sorted by
    /// street and number, postcode and city as tagged.
    pub addresses: Vec<OsmAddress>,
    /// Named shops and amenities on nodes and ways, sorted by name.
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
    /// A block decoded but its content is inconsistent (a corrupt file).
    #[error(
        "OSM extract {} is corrupt in block {block} (download it again, or check it with `osmium fileinfo -e`)",
        path.display()
    )]
    Corrupt {
        /// The extract's path.
        path: PathBuf,
        /// The index of the bad block in the file.
        block: usize,
    },
    /// The file holds no PBF blocks at all (an empty or truncated download).
    #[error(
        "OSM extract {} is empty (expected an .osm.pbf file, e.g. from download.geofabrik.de)",
        path.display()
    )]
    Empty {
        /// The extract's path.
        path: PathBuf,
    },
}

/// Reads everything later stages need from an `.osm.pbf` extract (see the module docs for
/// the passes and their memory).
///
/// - Addresses: points with the same street and number chained by gaps of at most 30 m are
///   one house, placed at a plain address node if there is one, else at a shop's node, else
///   at the building's centroid (a multipolygon building joins the nearest such house, or
///   is one). Missing postcodes and cities are filled from neighbours (see [`Filled`]).
/// - Streets: see [`Street`]; interpolation lines: see [`Interpolation`].
/// - POIs need `shop=*` or `amenity=*` and a `name`; unnamed ones are left out.
/// - Homes: see [`Home`] for which address points and buildings count.
/// - Basemap: see [`LineClass`] and [`AreaClass`] for the tags drawn.
///
/// `progress(done, total)` is called after every batch of blobs, in bytes read over all
/// passes (`total` is three times the file size).
///
/// # Errors
///
/// [`OsmError::Open`] if the file cannot be opened, [`OsmError::Decode`] if it is not a
/// valid PBF file, [`OsmError::Corrupt`] if a block's content is inconsistent,
/// [`OsmError::Empty`] if it holds nothing; all name the file.
pub fn read_extract(path: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Area, OsmError> {
    read(path, progress).map(|built| built.area)
}

/// [`read_extract`] with other numbers for the dwelling estimate (see [`Home`]) than
/// [`DwellingRules::default`].
///
/// # Errors
///
/// As [`read_extract`].
pub fn read_extract_estimating(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
    rules: &DwellingRules,
) -> Result<Area, OsmError> {
    read_with(path, progress, ONE_PASS_MAX_BYTES, rules).map(|built| built.area)
}

/// Reads the older view of an extract: addresses and POIs from nodes and ways only,
/// postcodes and cities as tagged, and Swedish street names.
///
/// # Errors
///
/// As [`read_extract`].
pub fn read_area(path: &Path) -> Result<OsmArea, OsmError> {
    read(path, &mut |_, _| {}).map(|built| legacy(built.area, built.names_sv))
}

/// The [`OsmArea`] view of an area.
fn legacy(area: Area, street_names_sv: HashMap<String, String>) -> OsmArea {
    let addresses = area
        .addresses
        .into_iter()
        .filter(|a| a.element != ElementKind::Relation)
        .map(|mut a| {
            if a.filled.postcode {
                a.postcode = None;
            }
            if a.filled.city {
                a.city = None;
            }
            a.filled = Filled::default();
            a
        })
        .collect();
    let pois = area
        .pois
        .into_iter()
        .filter(|p| p.element != ElementKind::Relation)
        .collect();
    OsmArea {
        addresses,
        pois,
        street_names_sv,
    }
}

/// Extracts up to this size are read in one pass, keeping every node (16 bytes each, at
/// most ~70 MB here): decoding the file twice more would cost more time than that memory.
pub const ONE_PASS_MAX_BYTES: u64 = 32 << 20;

/// [`read_extract`] with another one-pass threshold than [`ONE_PASS_MAX_BYTES`]: for
/// weighing time against memory on a large extract (`examples/osm_big_extract.rs`).
///
/// # Errors
///
/// As [`read_extract`].
pub fn read_extract_with(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
    one_pass_max_bytes: u64,
) -> Result<Area, OsmError> {
    read_with(
        path,
        progress,
        one_pass_max_bytes,
        &DwellingRules::default(),
    )
    .map(|built| built.area)
}

/// The passes, then the build.
fn read(path: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<build::Built, OsmError> {
    read_with(
        path,
        progress,
        ONE_PASS_MAX_BYTES,
        &DwellingRules::default(),
    )
}

/// [`read`], in one pass when the file is at most `one_pass_max_bytes` long, estimating
/// dwellings by `rules`.
fn read_with(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
    one_pass_max_bytes: u64,
    rules: &DwellingRules,
) -> Result<build::Built, OsmError> {
    let mut scan = scan::Scanner::open(path, progress)?;
    let keep_all = scan.file_len() <= one_pass_max_bytes;
    let mut col = collect::Collected::default();
    let blobs = scan.pass(
        |_| true,
        |block| collect::block(block, keep_all),
        |index, block| col.merge(index, block),
    )?;
    if blobs == 0 {
        return Err(OsmError::Empty {
            path: path.to_path_buf(),
        });
    }

    let mut kept: Vec<i64> = col.ways.iter().map(|w| w.id).collect();
    kept.sort_unstable();
    let mut wanted: Vec<i64> = col
        .relations
        .iter()
        .flat_map(|r| r.members.iter().map(|m| m.0))
        .filter(|id| kept.binary_search(id).is_err())
        .collect();
    drop(kept);
    wanted.sort_unstable();
    wanted.dedup();
    let mut member_refs: HashMap<i64, Box<[u8]>> = HashMap::new();
    if keep_all {
        member_refs.extend(
            std::mem::take(&mut col.other_ways)
                .into_iter()
                .filter(|(id, _)| wanted.binary_search(id).is_ok()),
        );
        scan.skip();
    } else if wanted.is_empty() {
        scan.skip();
    } else {
        scan.pass(
            |index| col.holds(index, |k| k.ways),
            |block| member_ways(block, &wanted),
            |_, found| member_refs.extend(found),
        )?;
    }

    let store = if keep_all {
        scan.skip();
        nodes::NodeStore::of_all(std::mem::take(&mut col.nodes))
    } else {
        let needed: Vec<i64> = col
            .ways
            .iter()
            .map(|w| &w.refs)
            .chain(member_refs.values())
            .flat_map(|packed| nodes::unpack_refs(packed))
            .collect();
        let mut store = nodes::NodeStore::wanting(needed);
        if store.len() == 0 {
            scan.skip();
        } else {
            let (ids, mut slots) = store.parts();
            scan.pass(
                |index| col.holds(index, |k| k.nodes),
                |block| node_coords(block, ids),
                |_, hits| {
                    for (slot, lon, lat) in hits {
                        slots.set(slot, lon, lat);
                    }
                },
            )?;
        }
        store
    };
    let mut built = build::build(col, &member_refs, &store, rules);
    built.area.declared_bounds = scan::declared_bbox(path)?
        .and_then(|[w, s, e, n]| Some((LonLat::new(w, s).ok()?, LonLat::new(e, n).ok()?)));
    Ok(built)
}

/// Pass 2: the packed refs of the `wanted` (sorted) ways in a block.
fn member_ways(block: &PrimitiveBlock, wanted: &[i64]) -> Vec<(i64, Box<[u8]>)> {
    let mut out = Vec::new();
    block.for_each_element(|element| {
        if let Element::Way(w) = element {
            if wanted.binary_search(&w.id()).is_ok() {
                out.push((w.id(), nodes::pack_refs(w.refs())));
            }
        }
    });
    out
}

/// Pass 3: `(slot, lon, lat)` in 10⁻⁷° of the block's nodes among `ids` (sorted).
fn node_coords(block: &PrimitiveBlock, ids: &[i64]) -> Vec<(usize, i32, i32)> {
    let mut out = Vec::new();
    block.for_each_element(|element| {
        let (id, lon, lat) = match element {
            Element::Node(n) => (n.id(), n.decimicro_lon(), n.decimicro_lat()),
            Element::DenseNode(n) => (n.id(), n.decimicro_lon(), n.decimicro_lat()),
            Element::Way(_) | Element::Relation(_) => return,
        };
        if let Ok(slot) = ids.binary_search(&id) {
            out.push((slot, lon, lat));
        }
    });
    out
}

/// The bundled Helsinki extract, read once for all tests of the crate, in both views.
#[cfg(test)]
fn helsinki_both() -> &'static (Area, OsmArea) {
    static BOTH: std::sync::OnceLock<(Area, OsmArea)> = std::sync::OnceLock::new();
    BOTH.get_or_init(|| {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/helsinki.osm.pbf"
        ));
        let built = read(path, &mut |_, _| {}).expect("the bundled Helsinki extract reads");
        let older = legacy(built.area.clone(), built.names_sv);
        (built.area, older)
    })
}

/// The bundled Helsinki extract as [`read_area`] reads it, for all tests of the crate.
#[cfg(test)]
pub(crate) fn helsinki_for_tests() -> &'static OsmArea {
    &helsinki_both().1
}

/// The bundled Helsinki extract as [`read_extract`] reads it, for all tests of the crate.
#[cfg(test)]
pub(crate) fn helsinki_extract_for_tests() -> &'static Area {
    &helsinki_both().0
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod legacy_tests {
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
    fn empty_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.osm.pbf");
        std::fs::write(&path, b"").unwrap();
        let err = read_extract(&path, &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, OsmError::Empty { .. }), "{err:?}");
        assert!(err.to_string().contains("empty.osm.pbf"), "{err}");
    }

    #[test]
    fn non_pbf_file_is_a_decode_error_naming_the_file() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
        let err = read_area(path).unwrap_err();
        assert!(matches!(err, OsmError::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("Cargo.toml"), "{err}");
    }
}
