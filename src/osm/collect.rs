//! Pass 1: what to keep from each element, decided from its tags alone.
//!
//! Tagged nodes are finished here (they carry their own position): address candidates, POIs
//! and numbered nodes for interpolation lines. Ways and multipolygon relations of interest
//! are kept as compact records — packed node refs, a few bytes of classes, and the strings
//! (address, names) only for the few that have them — until pass 3 has their nodes.

use std::collections::BTreeMap;

use osmpbf::{Element, PrimitiveBlock, RelMemberType};

use super::dedup::{Candidate, Source, Usage};
use super::model::{
    AreaClass, ElementKind, Filled, OsmAddress, Place, PlaceKind, Poi, RailClass, RoadClass,
};
use super::nodes::{decimicro_to_deg, pack_refs};
use super::scan::{BlobKinds, kinds};
use super::tags::{BuildingUse, Tags};

/// The drawable and countable parts of a way or multipolygon, all `Copy`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Shape {
    /// A `highway=*` people travel along.
    pub road: Option<RoadClass>,
    /// The highway is an area (`area=yes`): a street, but not a basemap line.
    pub road_area: bool,
    pub rail: Option<RailClass>,
    pub waterway: bool,
    /// What the closed way or multipolygon is on the map.
    pub area: Option<AreaClass>,
    pub usage: Usage,
}

/// The strings of a way or multipolygon, boxed: most ways have none.
#[derive(Debug, Clone, Default)]
pub(super) struct Extra {
    pub address: Option<Address>,
    /// `(name, category)` of a named shop or amenity.
    pub poi: Option<(String, String)>,
    /// A named residential compound or district.
    pub place: Option<(String, PlaceKind)>,
    /// The `name` of something drawn.
    pub name: Option<String>,
    /// `(key, value)` names of a named highway, main name first.
    pub street_names: Vec<(String, String)>,
    /// `(addr:interpolation, addr:street)`.
    pub interpolation: Option<(String, Option<String>)>,
}

/// Owned `addr:*` tags.
#[derive(Debug, Clone)]
pub(super) struct Address {
    pub street: String,
    pub housenumber: String,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

impl Address {
    fn of(tags: &Tags<'_>) -> Option<Self> {
        let a = tags.address()?;
        Some(Address {
            street: a.street.to_owned(),
            housenumber: a.housenumber.to_owned(),
            postcode: a.postcode.map(str::to_owned),
            city: a.city.map(str::to_owned),
        })
    }

    /// `Street 12`, as a POI's address reads.
    pub fn line(&self) -> String {
        format!("{} {}", self.street, self.housenumber)
    }

    /// An address point at `(lon, lat)` degrees.
    pub fn at(&self, (lon, lat): (f64, f64), element: ElementKind) -> OsmAddress {
        OsmAddress {
            street: self.street.clone(),
            housenumber: self.housenumber.clone(),
            postcode: self.postcode.clone(),
            city: self.city.clone(),
            lon,
            lat,
            filled: Filled::default(),
            element,
        }
    }
}

/// A way of interest.
#[derive(Debug)]
pub(super) struct WayRec {
    pub id: i64,
    /// Node ids, packed by [`pack_refs`].
    pub refs: Box<[u8]>,
    pub shape: Shape,
    pub extra: Option<Box<Extra>>,
}

/// A multipolygon relation of interest.
#[derive(Debug)]
pub(super) struct RelRec {
    pub id: i64,
    /// Member way ids, `true` for `inner` (`outer` and blank roles are outer).
    pub members: Vec<(i64, bool)>,
    pub shape: Shape,
    pub extra: Option<Box<Extra>>,
}

/// What pass 1 gets from one block.
#[derive(Debug, Default)]
pub(super) struct Block {
    pub kinds: BlobKinds,
    pub candidates: Vec<Candidate>,
    pub pois: Vec<Poi>,
    pub places: Vec<Place>,
    /// `(node id, addr:housenumber, addr:street)` of numbered nodes.
    pub numbered: Vec<(i64, String, Option<String>)>,
    pub ways: Vec<WayRec>,
    pub relations: Vec<RelRec>,
    /// `(name, name:sv)` of every named highway way.
    pub names_sv: Vec<(String, String)>,
    /// With `keep_all`: `(id, lon, lat)` in 10⁻⁷° of every node.
    pub nodes: Vec<(i64, i32, i32)>,
    /// With `keep_all`: the packed refs of every way not in `ways`.
    pub other_ways: Vec<(i64, Box<[u8]>)>,
}

/// Pass 1 over one block; with `keep_all` (small extracts read in one pass) also every
/// node's coordinates and every other way's refs.
pub(super) fn block(block: &PrimitiveBlock, keep_all: bool) -> Block {
    let mut out = Block {
        kinds: kinds(block),
        ..Block::default()
    };
    block.for_each_element(|element| match element {
        Element::Node(n) => out.take_node(
            keep_all,
            n.id(),
            (n.decimicro_lon(), n.decimicro_lat()),
            Tags::new(n.tags()),
        ),
        Element::DenseNode(n) => out.take_node(
            keep_all,
            n.id(),
            (n.decimicro_lon(), n.decimicro_lat()),
            Tags::new(n.tags()),
        ),
        Element::Way(w) => {
            let tags = Tags::new(w.tags());
            if let Some((fi, sv)) = tags.street_names() {
                out.names_sv.push((fi.to_owned(), sv.to_owned()));
            }
            match describe(&tags, false) {
                Some((shape, extra)) => out.ways.push(WayRec {
                    id: w.id(),
                    refs: pack_refs(w.refs()),
                    shape,
                    extra,
                }),
                None if keep_all => out.other_ways.push((w.id(), pack_refs(w.refs()))),
                None => {}
            }
        }
        Element::Relation(r) => {
            let tags = Tags::new(r.tags());
            if tags.get("type") != Some("multipolygon") {
                return;
            }
            let Some((shape, extra)) = describe(&tags, true) else {
                return;
            };
            let members = r
                .members()
                .filter(|m| m.member_type == RelMemberType::Way)
                .filter_map(|m| match m.role() {
                    Ok("outer" | "") => Some((m.member_id, false)),
                    Ok("inner") => Some((m.member_id, true)),
                    _ => None,
                })
                .collect();
            out.relations.push(RelRec {
                id: r.id(),
                members,
                shape,
                extra,
            });
        }
    });
    out
}

impl Block {
    /// A node of either PBF encoding: its coordinates when every node is kept, and what
    /// its tags make of it.
    fn take_node(&mut self, keep_all: bool, id: i64, at: (i32, i32), tags: Tags<'_>) {
        if keep_all {
            self.nodes.push((id, at.0, at.1));
        }
        self.node(id, at, &tags);
    }

    fn node(&mut self, id: i64, (lon_e7, lat_e7): (i32, i32), tags: &Tags<'_>) {
        if tags.is_empty() {
            return;
        }
        let lonlat = (decimicro_to_deg(lon_e7), decimicro_to_deg(lat_e7));
        if super::nodes::lonlat(lon_e7, lat_e7).is_none() {
            return;
        }
        let address = Address::of(tags);
        if let Some(number) = tags.get("addr:housenumber") {
            let street = tags.get("addr:street").map(str::to_owned);
            self.numbered.push((id, number.to_owned(), street));
        }
        if let Some((name, category)) = tags.poi() {
            self.pois.push(Poi {
                name: name.to_owned(),
                category: category.to_owned(),
                lon: lonlat.0,
                lat: lonlat.1,
                address: address.as_ref().map(Address::line),
                element: ElementKind::Node,
            });
        }
        if let Some((name, kind)) = tags.named_place() {
            self.places.push(Place {
                name: name.to_owned(),
                kind,
                lon: lonlat.0,
                lat: lonlat.1,
                element: ElementKind::Node,
            });
        }
        if let Some(a) = address {
            let source = if tags.is_feature() {
                Source::PoiNode(id)
            } else {
                Source::AddressNode(id)
            };
            self.candidates.push(Candidate {
                source,
                address: a.at(lonlat, ElementKind::Node),
                usage: Usage {
                    non_residential: tags.non_residential_use(),
                    ..Usage::default()
                },
            });
        }
    }
}

/// What a way (or, with `relation`, a multipolygon) is for; `None` when nothing here
/// needs it.
fn describe(tags: &Tags<'_>, relation: bool) -> Option<(Shape, Option<Box<Extra>>)> {
    let road = if relation { None } else { tags.road_class() };
    let shape = Shape {
        road,
        road_area: road.is_some() && tags.is_area(),
        rail: if relation { None } else { tags.rail_class() },
        waterway: !relation && tags.is_waterway_line(),
        area: tags.area_class(),
        usage: Usage {
            building: tags.building(),
            housing: tags.housing(),
            flats: tags.flats(),
            levels: tags.levels(),
            non_residential: tags.non_residential_use(),
            ..Usage::default()
        },
    };
    let mut extra = Extra {
        address: Address::of(tags),
        poi: tags
            .poi()
            .map(|(name, category)| (name.to_owned(), category.to_owned())),
        place: tags
            .named_place()
            .map(|(name, kind)| (name.to_owned(), kind)),
        ..Extra::default()
    };
    if road.is_some() {
        extra.street_names = tags
            .name_variants()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    }
    if !relation {
        extra.interpolation = tags.get("addr:interpolation").map(|scheme| {
            let street = tags.get("addr:street").map(str::to_owned);
            (scheme.to_owned(), street)
        });
    }
    let drawn = shape.road.is_some() && !shape.road_area
        || shape.rail.is_some()
        || shape.waterway
        || shape.area.is_some();
    if drawn {
        extra.name = tags.get("name").map(str::to_owned);
    }
    let wanted = drawn
        || !extra.street_names.is_empty()
        || extra.address.is_some()
        || extra.poi.is_some()
        || extra.place.is_some()
        || extra.interpolation.is_some();
    if !wanted {
        return None;
    }
    let has_strings = extra.address.is_some()
        || extra.poi.is_some()
        || extra.place.is_some()
        || extra.name.is_some()
        || !extra.street_names.is_empty()
        || extra.interpolation.is_some();
    Some((shape, has_strings.then(|| Box::new(extra))))
}

/// Pass 1 over the whole file, merged in file order.
#[derive(Debug, Default)]
pub(super) struct Collected {
    /// Element types per blob index.
    pub kinds: Vec<BlobKinds>,
    pub candidates: Vec<Candidate>,
    pub pois: Vec<Poi>,
    pub places: Vec<Place>,
    pub numbered: Vec<(i64, String, Option<String>)>,
    pub ways: Vec<WayRec>,
    pub relations: Vec<RelRec>,
    /// Finnish name → Swedish name → number of ways saying so.
    names_sv: BTreeMap<String, BTreeMap<String, usize>>,
    /// See [`Block::nodes`].
    pub nodes: Vec<(i64, i32, i32)>,
    /// See [`Block::other_ways`].
    pub other_ways: Vec<(i64, Box<[u8]>)>,
}

impl Collected {
    /// Adds the pass-1 result of the blob at `index`.
    pub fn merge(&mut self, index: usize, b: Block) {
        if self.kinds.len() <= index {
            self.kinds.resize(index + 1, BlobKinds::default());
        }
        self.kinds[index] = b.kinds;
        self.candidates.extend(b.candidates);
        self.pois.extend(b.pois);
        self.places.extend(b.places);
        self.numbered.extend(b.numbered);
        self.ways.extend(b.ways);
        self.relations.extend(b.relations);
        self.nodes.extend(b.nodes);
        self.other_ways.extend(b.other_ways);
        for (fi, sv) in b.names_sv {
            *self.names_sv.entry(fi).or_default().entry(sv).or_default() += 1;
        }
    }

    /// Finnish street name → Swedish; where ways disagree the most common wins (ties:
    /// first by name).
    pub fn take_names_sv(&mut self) -> std::collections::HashMap<String, String> {
        std::mem::take(&mut self.names_sv)
            .into_iter()
            .filter_map(|(fi, counts)| {
                let sv = counts
                    .into_iter()
                    .max_by(|(a_name, a_n), (b_name, b_n)| a_n.cmp(b_n).then(b_name.cmp(a_name)))?
                    .0;
                Some((fi, sv))
            })
            .collect()
    }

    /// Whether the blob at `index` holds elements of a kind.
    pub fn holds(&self, index: usize, kind: impl Fn(&BlobKinds) -> bool) -> bool {
        self.kinds.get(index).is_some_and(kind)
    }
}

impl Usage {
    /// Whether this is a residential building.
    pub fn residential_building(&self) -> bool {
        self.building == Some(BuildingUse::Residential)
    }
}
