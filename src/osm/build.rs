//! After the passes: geometry for the kept ways and multipolygons, then one house per
//! address, filled postcodes, homes, streets and interpolation lines — the [`Area`].

use std::collections::HashMap;

use super::collect::{Collected, Extra, RelRec, Shape, WayRec};
use super::dedup::{self, Candidate, Source};
use super::fill::fill;
use super::geometry::{
    assemble, centroid, closed_ring, footprint_m2, mean, polygons, runs, way_point,
};
use super::homes::{Building, homes};
use super::model::{
    Area, AreaClass, Basemap, DwellingRules, Interpolation, LineClass, MapArea, MapLine, Place, Poi,
};
use super::nodes::{NodeStore, unpack_refs};
use super::streets::{StreetWay, streets};
use crate::coord::LonLat;

/// What a reading gives: the area, and the Swedish street names kept for [`OsmArea`].
///
/// [`OsmArea`]: super::OsmArea
pub(super) struct Built {
    pub area: Area,
    pub names_sv: HashMap<String, String>,
}

/// Everything gathered while walking the ways and multipolygons.
#[derive(Default)]
struct Parts {
    candidates: Vec<Candidate>,
    pois: Vec<Poi>,
    places: Vec<Place>,
    lines: Vec<MapLine>,
    areas: Vec<MapArea>,
    buildings: Vec<Building>,
    street_ways: Vec<StreetWay>,
    interpolations: Vec<InterpolationDraft>,
}

/// An `addr:interpolation` way before its numbered nodes are looked up.
struct InterpolationDraft {
    refs: Vec<i64>,
    points: Vec<Option<LonLat>>,
    scheme: String,
    /// The way's own `addr:street`.
    street: Option<String>,
}

/// Builds the area from pass 1's records, the member ways' refs (pass 2) and the node
/// coordinates (pass 3). Ways are consumed one by one, so their refs are freed as their
/// geometry is made.
pub(super) fn build(
    mut col: Collected,
    member_refs: &HashMap<i64, Box<[u8]>>,
    store: &NodeStore,
    rules: &DwellingRules,
) -> Built {
    let names_sv = col.take_names_sv();
    let mut parts = Parts {
        candidates: std::mem::take(&mut col.candidates),
        pois: std::mem::take(&mut col.pois),
        places: std::mem::take(&mut col.places),
        ..Parts::default()
    };
    let points =
        |refs: &[i64]| -> Vec<Option<LonLat>> { refs.iter().map(|&r| store.get(r)).collect() };

    // Multipolygons first, while every way's refs are still at hand.
    let relations = std::mem::take(&mut col.relations);
    let mut index: Vec<(i64, usize)> = col
        .ways
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id, i))
        .collect();
    index.sort_unstable();
    let refs_of = |id: i64| -> Option<Vec<i64>> {
        match index.binary_search_by_key(&id, |&(w, _)| w) {
            Ok(at) => col.ways.get(index[at].1).map(|w| unpack_refs(&w.refs)),
            Err(_) => member_refs.get(&id).map(|r| unpack_refs(r)),
        }
    };
    let mut rel_parts = Parts::default();
    for rel in relations {
        relation(rel, &refs_of, &points, &mut rel_parts);
    }

    for way in std::mem::take(&mut col.ways) {
        self::way(way, &points, &mut parts);
    }
    parts.candidates.extend(rel_parts.candidates);
    parts.pois.extend(rel_parts.pois);
    parts.places.extend(rel_parts.places);
    parts.areas.extend(rel_parts.areas);
    parts.buildings.extend(rel_parts.buildings);

    let mut houses = dedup::dedup(parts.candidates);
    fill(&mut houses);
    let homes = homes(&houses, &parts.buildings, rules);
    let addresses = houses.into_iter().map(|h| h.address).collect();
    let mut pois = parts.pois;
    pois.sort_by(|a, b| {
        (&a.name, &a.category)
            .cmp(&(&b.name, &b.category))
            .then(a.lat.total_cmp(&b.lat))
            .then(a.lon.total_cmp(&b.lon))
    });
    let mut places = parts.places;
    places.sort_by(|a, b| {
        (&a.name, a.kind)
            .cmp(&(&b.name, b.kind))
            .then(a.lat.total_cmp(&b.lat))
            .then(a.lon.total_cmp(&b.lon))
    });
    let interpolations = interpolations(parts.interpolations, std::mem::take(&mut col.numbered));
    let mut area = Area {
        addresses,
        streets: streets(parts.street_ways),
        interpolations,
        pois,
        places,
        file_addresses: Vec::new(),
        homes,
        dwelling_floor_m2: Some(rules.floor_m2),
        basemap: Basemap {
            lines: parts.lines,
            areas: parts.areas,
        },
        bounds: None,
        declared_bounds: None,
    };
    area.bounds = bounds(&area);
    Built { area, names_sv }
}

/// One way's contributions.
fn way(w: WayRec, points: &dyn Fn(&[i64]) -> Vec<Option<LonLat>>, parts: &mut Parts) {
    let refs = unpack_refs(&w.refs);
    let pts = points(&refs);
    let shape = w.shape;
    let extra = w.extra.map(|b| *b).unwrap_or_default();
    let name = extra.name.clone();
    let stretches = runs(&pts);
    let polygons: Vec<Vec<Vec<LonLat>>> = shape
        .area
        .and_then(|_| closed_ring(&refs, &pts))
        .map(|ring| vec![vec![ring]])
        .unwrap_or_default();
    let shape = with_footprint(shape, &polygons);
    if extra.address.is_some() || extra.poi.is_some() || extra.place.is_some() {
        if let Some(at) = way_point(&refs, &pts) {
            place(&extra, shape, at, Source::Way(w.id), parts);
        }
    }
    if let Some(class) = shape.road {
        if !shape.road_area {
            push_lines(&mut parts.lines, LineClass::Road(class), &name, &stretches);
        }
        if !extra.street_names.is_empty() {
            parts.street_ways.push(StreetWay {
                names: extra.street_names.clone(),
                class,
                refs: refs.clone(),
                lines: stretches.clone(),
            });
        }
    }
    if let Some(class) = shape.rail {
        push_lines(
            &mut parts.lines,
            LineClass::Railway(class),
            &name,
            &stretches,
        );
    }
    if shape.waterway {
        push_lines(&mut parts.lines, LineClass::Waterway, &name, &stretches);
    }
    if let Some(class) = shape.area {
        building(class, &polygons, &extra, shape, Source::Way(w.id), parts);
        for rings in polygons {
            area(class, &name, rings, parts);
        }
    }
    if let Some((scheme, street)) = extra.interpolation {
        parts.interpolations.push(InterpolationDraft {
            refs,
            points: pts,
            scheme,
            street,
        });
    }
}

/// One multipolygon's contributions.
fn relation(
    rel: RelRec,
    refs_of: &dyn Fn(i64) -> Option<Vec<i64>>,
    points: &dyn Fn(&[i64]) -> Vec<Option<LonLat>>,
    parts: &mut Parts,
) {
    let (mut outer, mut inner) = (Vec::new(), Vec::new());
    for &(id, is_inner) in &rel.members {
        if let Some(refs) = refs_of(id) {
            if is_inner {
                inner.push(refs);
            } else {
                outer.push(refs);
            }
        }
    }
    // The known nodes of the outer ways: where a broken multipolygon is placed.
    let outer_nodes: Vec<(f64, f64)> = outer
        .iter()
        .flat_map(|refs| points(refs))
        .flatten()
        .map(|p| (p.lon_deg(), p.lat_deg()))
        .collect();
    let complete = |rings: Vec<Vec<i64>>| -> Vec<Vec<LonLat>> {
        rings
            .iter()
            .filter_map(|r| points(r).into_iter().collect::<Option<Vec<LonLat>>>())
            .collect()
    };
    let outers = complete(assemble(outer).0);
    let inners = complete(assemble(inner).0);
    let polys = polygons(outers, inners);
    let extra = rel.extra.map(|b| *b).unwrap_or_default();
    let source = Source::Relation(rel.id);
    let shape = if rel.shape.area.is_some() {
        with_footprint(rel.shape, &polys)
    } else {
        rel.shape
    };
    if extra.address.is_some() || extra.poi.is_some() || extra.place.is_some() {
        if let Some(at) = centroid(&polys).or_else(|| mean(&outer_nodes)) {
            place(&extra, shape, at, source, parts);
        }
    }
    if let Some(class) = shape.area {
        building(class, &polys, &extra, shape, source, parts);
        for rings in polys {
            area(class, &extra.name, rings, parts);
        }
    }
}

/// An address candidate, a POI and a named place for an element placed at `at` (lon, lat
/// degrees).
fn place(extra: &Extra, shape: Shape, at: (f64, f64), source: Source, parts: &mut Parts) {
    let element = source.element();
    if let Some((name, kind)) = &extra.place {
        parts.places.push(Place {
            name: name.clone(),
            kind: *kind,
            lon: at.0,
            lat: at.1,
            element,
        });
    }
    if let Some((name, category)) = &extra.poi {
        parts.pois.push(Poi {
            name: name.clone(),
            category: category.clone(),
            lon: at.0,
            lat: at.1,
            address: extra.address.as_ref().map(|a| a.line()),
            element,
        });
    }
    if let Some(a) = &extra.address {
        let mut usage = shape.usage;
        if usage.residential_building() {
            usage.building_id = Some(source);
        }
        parts.candidates.push(Candidate {
            source,
            address: a.at(at, element),
            usage,
        });
    }
}

/// The shape with the footprint of its polygons (each outer ring, then its holes) when it
/// is a residential building.
fn with_footprint(mut shape: Shape, polygons: &[Vec<Vec<LonLat>>]) -> Shape {
    if shape.usage.residential_building() && !polygons.is_empty() {
        let m2: f64 = polygons.iter().map(|p| footprint_m2(p)).sum();
        // Saturating float-to-int: a footprint beyond u32 m² is no building anyway.
        shape.usage.footprint_m2 = Some(m2.round() as u32);
    }
    shape
}

/// A residential building, kept for homes with its outline and the element its address
/// (if it carries one) came from, so the house it became can be found.
fn building(
    class: AreaClass,
    polygons: &[Vec<Vec<LonLat>>],
    extra: &Extra,
    shape: Shape,
    source: Source,
    parts: &mut Parts,
) {
    if class == AreaClass::Building && shape.usage.residential_building() && !polygons.is_empty() {
        parts.buildings.push(Building {
            polygons: polygons.to_vec(),
            usage: shape.usage,
            addressed_as: extra.address.is_some().then_some(source),
        });
    }
}

/// A basemap area.
fn area(class: AreaClass, name: &Option<String>, rings: Vec<Vec<LonLat>>, parts: &mut Parts) {
    parts.areas.push(MapArea {
        class,
        name: name.clone(),
        rings,
    });
}

fn push_lines(
    lines: &mut Vec<MapLine>,
    class: LineClass,
    name: &Option<String>,
    stretches: &[Vec<LonLat>],
) {
    lines.extend(stretches.iter().map(|points| MapLine {
        class,
        name: name.clone(),
        points: points.clone(),
    }));
}

/// Interpolation lines whose nodes are all known and that have a street and at least two
/// numbered vertices.
fn interpolations(
    drafts: Vec<InterpolationDraft>,
    mut numbered: Vec<(i64, String, Option<String>)>,
) -> Vec<Interpolation> {
    numbered.sort_by_key(|n| n.0);
    let number = |id: i64| {
        numbered
            .binary_search_by_key(&id, |n| n.0)
            .ok()
            .map(|at| &numbered[at])
    };
    drafts
        .into_iter()
        .filter_map(|d| {
            let InterpolationDraft {
                refs,
                points,
                scheme,
                street,
            } = d;
            let line: Vec<LonLat> = points.into_iter().collect::<Option<_>>()?;
            let mut numbers = Vec::new();
            let mut node_street = None;
            for (i, &r) in refs.iter().enumerate() {
                if let Some((_, n, s)) = number(r) {
                    numbers.push((i, n.clone()));
                    node_street = node_street.or(s.clone());
                }
            }
            if numbers.len() < 2 {
                return None;
            }
            Some(Interpolation {
                street: street.or(node_street)?,
                scheme,
                line,
                numbers,
            })
        })
        .collect()
}

/// The corners of everything in the area.
fn bounds(area: &Area) -> Option<(LonLat, LonLat)> {
    let mut lo = (f64::INFINITY, f64::INFINITY);
    let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut add = |lon: f64, lat: f64| {
        lo = (lo.0.min(lon), lo.1.min(lat));
        hi = (hi.0.max(lon), hi.1.max(lat));
    };
    for a in &area.addresses {
        add(a.lon, a.lat);
    }
    for p in &area.pois {
        add(p.lon, p.lat);
    }
    for p in &area.places {
        add(p.lon, p.lat);
    }
    let lines = area
        .streets
        .iter()
        .flat_map(|s| s.lines.iter())
        .chain(area.interpolations.iter().map(|i| &i.line))
        .chain(area.basemap.lines.iter().map(|l| &l.points))
        .chain(area.basemap.areas.iter().flat_map(|a| a.rings.iter()));
    for p in lines
        .flatten()
        .chain(area.homes.iter().map(|h| &h.position))
    {
        add(p.lon_deg(), p.lat_deg());
    }
    Some((LonLat::new(lo.0, lo.1).ok()?, LonLat::new(hi.0, hi.1).ok()?))
}
