//! The model of an extract: what [`read_extract`](super::read_extract) returns and the
//! workspace stores — addresses, streets, interpolation lines, POIs, compounds and
//! districts, homes, the basemap, and the points of address files loaded beside it —
//! with the short names each class is stored and shown under.

use super::edge::DataEdge;
use crate::coord::LonLat;
use crate::model::FileAddress;

/// Everything later stages need from one OSM extract, so no later command reads the PBF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Area {
    /// Address points, one per house, sorted by street and number (see
    /// [`read_extract`](super::read_extract)); postcode and city filled in where missing.
    pub addresses: Vec<OsmAddress>,
    /// Named highways, ways of one name near each other merged, sorted by main name.
    pub streets: Vec<Street>,
    /// `addr:interpolation` lines with the numbers at their numbered vertices.
    pub interpolations: Vec<Interpolation>,
    /// Named shops and amenities, sorted by name.
    pub pois: Vec<Poi>,
    /// Named residential compounds and districts, sorted by name: what Chinese addresses
    /// name beside or instead of a road and house number (see [`Place`]).
    pub places: Vec<Place>,
    /// Address points of official address files loaded into the area (OpenAddresses
    /// layout), in load order: they win over the extract's points of the same street and
    /// number when the geocoder is built, and survive loading another extract.
    pub file_addresses: Vec<FileAddress>,
    /// Where people live: the denominator of penetration (see [`Home`]).
    pub homes: Vec<Home>,
    /// The floor area per dwelling (m²) the homes' dwellings were estimated with (see
    /// [`DwellingRules`]); `None` for an area stored before dwellings were estimated.
    pub dwelling_floor_m2: Option<f64>,
    /// Lines and areas to draw under a map.
    pub basemap: Basemap,
    /// South-west and north-east corners of everything above; `None` for an empty area.
    pub bounds: Option<(LonLat, LonLat)>,
    /// South-west and north-east corners of the box the extract's header declares, if it
    /// declares one (see [`DataEdge`]).
    pub declared_bounds: Option<(LonLat, LonLat)>,
}

impl Area {
    /// Adds address-file points, the newest winning: an earlier file point with the same
    /// `key` (street and number) is dropped. Grows the bounds to hold them.
    pub fn add_file_addresses<K: Eq + std::hash::Hash>(
        &mut self,
        points: Vec<FileAddress>,
        key: impl Fn(&FileAddress) -> K,
    ) -> usize {
        let fresh: std::collections::HashSet<K> = points.iter().map(&key).collect();
        let before = self.file_addresses.len();
        self.file_addresses.retain(|a| !fresh.contains(&key(a)));
        let replaced = before - self.file_addresses.len();
        for p in &points {
            let (lon, lat) = (p.position.lon_deg(), p.position.lat_deg());
            let (lo, hi) = self.bounds.map_or(((lon, lat), (lon, lat)), |(lo, hi)| {
                (
                    (lo.lon_deg().min(lon), lo.lat_deg().min(lat)),
                    (hi.lon_deg().max(lon), hi.lat_deg().max(lat)),
                )
            });
            if let (Ok(lo), Ok(hi)) = (LonLat::new(lo.0, lo.1), LonLat::new(hi.0, hi.1)) {
                self.bounds = Some((lo, hi));
            }
        }
        self.file_addresses.extend(points);
        replaced
    }
}

/// An address point: a house number on a street (or place), where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct OsmAddress {
    /// `addr:street`, or `addr:place` where the number belongs to a named place (spelled
    /// as tagged; case variants of one street are not merged yet).
    pub street: String,
    /// `addr:housenumber` as tagged, e.g. `5`, `12a`, `7 B`, `3-5` (floor notes cut).
    pub housenumber: String,
    /// `addr:postcode`, or filled in (see [`Filled`]).
    pub postcode: Option<String>,
    /// `addr:city`, or filled in (see [`Filled`]).
    pub city: Option<String>,
    /// Longitude in degrees (WGS84); a building's centroid when the building carries it.
    pub lon: f64,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// Which of `postcode` and `city` were filled in rather than tagged on the house.
    pub filled: Filled,
    /// The kind of OSM element the point comes from.
    pub element: ElementKind,
}

/// Which address fields [`read_extract`](super::read_extract) filled in: a postcode from the
/// nearest house on the same street within 150 m that has one tagged; a city from the
/// houses sharing the postcode, else from the same-street neighbour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filled {
    /// The postcode was filled in.
    pub postcode: bool,
    /// The city was filled in.
    pub city: bool,
}

/// The kind of OSM element something was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ElementKind {
    /// A node: a point as tagged.
    #[default]
    Node,
    /// A way: placed at its centroid.
    Way,
    /// A multipolygon relation: placed at its centroid.
    Relation,
}

/// A named shop or amenity (`shop=*` or `amenity=*` with a `name`).
#[derive(Debug, Clone, PartialEq)]
pub struct Poi {
    /// The `name` tag.
    pub name: String,
    /// The `shop=` value, or the `amenity=` value when there is no `shop`, e.g. `beauty`.
    pub category: String,
    /// Longitude in degrees (WGS84); a way's or multipolygon's centroid for buildings.
    pub lon: f64,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// `"Street 12"` when the POI carries `addr:street` (or `addr:place`) and `addr:housenumber`.
    pub address: Option<String>,
    /// The kind of OSM element the POI is tagged on.
    pub element: ElementKind,
}

/// A named place an address can give: a residential compound (`小区`, `花园`, `大厦`) or
/// a district or subdistrict (`徐汇区`, `田林街道`).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The `name` tag.
    pub name: String,
    /// What it is.
    pub kind: PlaceKind,
    /// Longitude in degrees (WGS84); a way's or multipolygon's centroid.
    pub lon: f64,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// The kind of OSM element it is tagged on.
    pub element: ElementKind,
}

/// What a [`Place`] is, from its tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A named `landuse=residential` area, a named `building=residential|apartments|
    /// dormitory` without a shop or amenity, or a `place=neighbourhood`.
    Compound,
    /// A `place=city_district|district|borough|suburb|quarter|county|city|town|township|
    /// municipality|village|hamlet`: a district, or a town or village of the area.
    District,
}

impl PlaceKind {
    /// `compound` or `district`: the name it is stored under.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compound => "compound",
            Self::District => "district",
        }
    }

    /// The kind stored as `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "compound" => Some(Self::Compound),
            "district" => Some(Self::District),
            _ => None,
        }
    }
}

/// A named street: the `highway=*` ways of one main name that touch or lie within 100 m of
/// each other (a street with a gap or a parallel sidewalk is one street; two streets of
/// the same name in different districts are two).
#[derive(Debug, Clone, PartialEq)]
pub struct Street {
    /// The main `name` first, then `name:xx` (by key), `official_name`, `alt_name`,
    /// `old_name` and `short_name` values of all its ways, `;`-lists split, each name once.
    pub names: Vec<String>,
    /// The most important class among its ways.
    pub class: RoadClass,
    /// Each way's geometry; a way clipped by the extract's edge gives one line per
    /// stretch of nodes inside it. Empty for a street whose ways all lie outside the
    /// extract: it is kept for its names.
    pub lines: Vec<Vec<LonLat>>,
}

/// Road classes from `highway=*`, most important first (`*_link` folded into its road).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoadClass {
    /// `motorway`.
    Motorway,
    /// `trunk`.
    Trunk,
    /// `primary`.
    Primary,
    /// `secondary`.
    Secondary,
    /// `tertiary`.
    Tertiary,
    /// `residential`, `living_street`, `unclassified`.
    Residential,
    /// `service`.
    Service,
    /// `pedestrian`.
    Pedestrian,
    /// `footway`, `path`, `cycleway`, `steps`, `bridleway`, `trail`.
    Path,
    /// Anything else that is a way people travel (`track`, `road`, `busway`, …).
    Other,
}

impl RoadClass {
    /// Every class, most important first.
    pub const ALL: [RoadClass; 10] = [
        RoadClass::Motorway,
        RoadClass::Trunk,
        RoadClass::Primary,
        RoadClass::Secondary,
        RoadClass::Tertiary,
        RoadClass::Residential,
        RoadClass::Service,
        RoadClass::Pedestrian,
        RoadClass::Path,
        RoadClass::Other,
    ];

    /// The lower-case name, e.g. `primary`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoadClass::Motorway => "motorway",
            RoadClass::Trunk => "trunk",
            RoadClass::Primary => "primary",
            RoadClass::Secondary => "secondary",
            RoadClass::Tertiary => "tertiary",
            RoadClass::Residential => "residential",
            RoadClass::Service => "service",
            RoadClass::Pedestrian => "pedestrian",
            RoadClass::Path => "path",
            RoadClass::Other => "other",
        }
    }

    /// The class named by [`as_str`](Self::as_str).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// An `addr:interpolation` way: house numbers run along it between numbered nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpolation {
    /// The way's `addr:street`, else its numbered nodes' street.
    pub street: String,
    /// The `addr:interpolation` value: `odd`, `even`, `all`, `alphabetic` (or a step).
    pub scheme: String,
    /// The way's vertices (only ways whose nodes are all in the extract are kept).
    pub line: Vec<LonLat>,
    /// Vertex index → `addr:housenumber` of the node there (at least the two ends).
    pub numbers: Vec<(usize, String)>,
}

/// A home: the unit penetration divides by, holding one or more dwellings.
///
/// An address point (one per house) is a home unless the objects carrying its address say
/// nobody lives there: it is a home when one of them is a residential building (see
/// [`HomeKind::ResidentialBuilding`] for the types), else not when one of them is a building
/// of another named type (`commercial`, `retail`, `office`, `school`, `church`, …) or when
/// every one of them is a shop, amenity, office, tourism, leisure, craft, healthcare or club
/// (a shop node carrying its building's address, a museum); a plain address node or a
/// `building=yes` counts. A residential building that carries no address and has no
/// address point inside counts once more, at its centroid.
///
/// # Dwellings
///
/// A residential building's dwellings are estimated once (see [`DwellingEstimate`] for the
/// order of the rules and [`DwellingRules`] for the numbers) and shared among the address
/// points that are homes in it — those it carries and those inside its outline — as evenly
/// as whole numbers allow, each at least one. An address point in no residential building
/// is one dwelling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Home {
    /// The address point, or the building's centroid.
    pub position: LonLat,
    /// Where the home comes from.
    pub kind: HomeKind,
    /// Dwellings (letterboxes) here.
    pub dwellings: u32,
    /// How `dwellings` was counted.
    pub estimate: DwellingEstimate,
}

/// How a [`Home`]'s dwellings were counted, in the order the rules are tried for a
/// residential building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DwellingEstimate {
    /// `building:flats` as tagged.
    Flats,
    /// `house`, `detached`, `semidetached_house`, `bungalow`, `farm`: one dwelling.
    House,
    /// Footprint × `building:levels` ÷ the floor area per dwelling.
    FootprintLevels,
    /// Footprint × the type's default levels ([`DwellingRules`]) ÷ the floor area per
    /// dwelling: `building:levels` is not tagged.
    FootprintDefaultLevels,
    /// An address point in no residential building (or in one whose outline the extract
    /// cuts): one dwelling.
    Address,
    /// Stored before dwellings were estimated: `building:flats` where tagged, else one per
    /// home. Loading the extract again estimates them.
    Unestimated,
}

impl DwellingEstimate {
    /// Every estimate, in the order of the rules.
    pub const ALL: [DwellingEstimate; 6] = [
        DwellingEstimate::Flats,
        DwellingEstimate::House,
        DwellingEstimate::FootprintLevels,
        DwellingEstimate::FootprintDefaultLevels,
        DwellingEstimate::Address,
        DwellingEstimate::Unestimated,
    ];

    /// `flats`, `house`, `footprint_levels`, `footprint_default_levels`, `address` or
    /// `unestimated`.
    pub fn as_str(self) -> &'static str {
        match self {
            DwellingEstimate::Flats => "flats",
            DwellingEstimate::House => "house",
            DwellingEstimate::FootprintLevels => "footprint_levels",
            DwellingEstimate::FootprintDefaultLevels => "footprint_default_levels",
            DwellingEstimate::Address => "address",
            DwellingEstimate::Unestimated => "unestimated",
        }
    }

    /// The estimate named by [`as_str`](Self::as_str).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// The numbers of the dwelling estimate (see [`Home`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DwellingRules {
    /// Gross floor area per dwelling, m², common space (stairs, walls) included.
    pub floor_m2: f64,
}

impl DwellingRules {
    /// 80 m² gross per dwelling: a typical European flat of ~65 m² living space plus its
    /// share of stairs, corridors and walls. Change it for other housing stock (e.g. 100
    /// for Chinese new-build flats, whose sale area includes the common share).
    pub const DEFAULT_FLOOR_M2: f64 = 80.0;
    /// Storeys of an `apartments`, `residential` or `dormitory` building without
    /// `building:levels`: a mid-rise city block.
    pub const APARTMENT_LEVELS: u32 = 4;
    /// Storeys of a `terrace` without `building:levels`: a row of two-storey houses.
    pub const TERRACE_LEVELS: u32 = 2;

    /// Rules with `floor_m2` per dwelling.
    ///
    /// # Errors
    /// [`BadFloorArea`] when `floor_m2` is not a number between 10 and 1000.
    pub fn with_floor_m2(floor_m2: f64) -> Result<Self, BadFloorArea> {
        if floor_m2.is_finite() && (10.0..=1000.0).contains(&floor_m2) {
            Ok(Self { floor_m2 })
        } else {
            Err(BadFloorArea(floor_m2))
        }
    }
}

/// A floor area per dwelling no housing has.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("floor area per dwelling {0} m² is not between 10 and 1000 (e.g. 80)")]
pub struct BadFloorArea(pub f64);

impl Default for DwellingRules {
    fn default() -> Self {
        Self {
            floor_m2: Self::DEFAULT_FLOOR_M2,
        }
    }
}

/// Where a [`Home`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HomeKind {
    /// A house's address point.
    AddressPoint,
    /// A building of type `residential`, `apartments`, `house`, `detached`,
    /// `semidetached_house`, `terrace`, `dormitory`, `bungalow` or `farm` without an
    /// address of its own or inside it.
    ResidentialBuilding,
}

impl HomeKind {
    /// `address` or `building`.
    pub fn as_str(self) -> &'static str {
        match self {
            HomeKind::AddressPoint => "address",
            HomeKind::ResidentialBuilding => "building",
        }
    }

    /// The kind named by [`as_str`](Self::as_str).
    pub fn parse(name: &str) -> Option<Self> {
        [HomeKind::AddressPoint, HomeKind::ResidentialBuilding]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// Lines and areas to draw under a map, in the extract's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basemap {
    /// Roads, railways and waterways.
    pub lines: Vec<MapLine>,
    /// Water, parks and buildings.
    pub areas: Vec<MapArea>,
}

/// A line of the basemap (one stretch of a way inside the extract).
#[derive(Debug, Clone, PartialEq)]
pub struct MapLine {
    /// What it is.
    pub class: LineClass,
    /// The `name` tag.
    pub name: Option<String>,
    /// At least two vertices.
    pub points: Vec<LonLat>,
}

/// What a [`MapLine`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineClass {
    /// A `highway=*` way (not an area).
    Road(RoadClass),
    /// A `railway=*` track.
    Railway(RailClass),
    /// `waterway=river|stream|canal|drain|ditch|tidal_channel`.
    Waterway,
}

/// Railway classes from `railway=*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RailClass {
    /// `rail`, `narrow_gauge`, `preserved`.
    Rail,
    /// `light_rail`.
    LightRail,
    /// `subway`.
    Subway,
    /// `tram`.
    Tram,
}

impl RailClass {
    const ALL: [RailClass; 4] = [
        RailClass::Rail,
        RailClass::LightRail,
        RailClass::Subway,
        RailClass::Tram,
    ];

    /// The `railway=` value it stands for, e.g. `light_rail`.
    pub fn as_str(self) -> &'static str {
        match self {
            RailClass::Rail => "rail",
            RailClass::LightRail => "light_rail",
            RailClass::Subway => "subway",
            RailClass::Tram => "tram",
        }
    }
}

impl LineClass {
    /// `road:primary`, `railway:tram`, `waterway`.
    pub fn name(self) -> String {
        match self {
            LineClass::Road(c) => format!("road:{}", c.as_str()),
            LineClass::Railway(c) => format!("railway:{}", c.as_str()),
            LineClass::Waterway => "waterway".to_owned(),
        }
    }

    /// The class named by [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Self> {
        if name == "waterway" {
            return Some(LineClass::Waterway);
        }
        let (kind, class) = name.split_once(':')?;
        match kind {
            "road" => RoadClass::parse(class).map(LineClass::Road),
            "railway" => RailClass::ALL
                .into_iter()
                .find(|c| c.as_str() == class)
                .map(LineClass::Railway),
            _ => None,
        }
    }
}

/// An area of the basemap: one polygon.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    /// What it is.
    pub class: AreaClass,
    /// The `name` tag.
    pub name: Option<String>,
    /// The outer ring first, then its holes; each ring closed (first vertex = last).
    pub rings: Vec<Vec<LonLat>>,
}

/// What a [`MapArea`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AreaClass {
    /// `natural=water`, `waterway=riverbank|dock`, `landuse=reservoir|basin`.
    Water,
    /// Green space: `leisure=park|garden|playground|nature_reserve|common|dog_park`,
    /// `landuse=grass|recreation_ground|village_green|forest|meadow`,
    /// `natural=wood|scrub|heath|grassland`.
    Park,
    /// `building=*` (not `no`).
    Building,
}

impl AreaClass {
    /// `water`, `park` or `building`.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaClass::Water => "water",
            AreaClass::Park => "park",
            AreaClass::Building => "building",
        }
    }

    /// The class named by [`as_str`](Self::as_str).
    pub fn parse(name: &str) -> Option<Self> {
        [AreaClass::Water, AreaClass::Park, AreaClass::Building]
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

impl ElementKind {
    /// `node`, `way` or `relation`.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Node => "node",
            ElementKind::Way => "way",
            ElementKind::Relation => "relation",
        }
    }

    /// The kind named by [`as_str`](Self::as_str).
    pub fn parse(name: &str) -> Option<Self> {
        [ElementKind::Node, ElementKind::Way, ElementKind::Relation]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

impl Area {
    /// The number of dwellings over all homes.
    pub fn dwellings(&self) -> u64 {
        self.homes.iter().map(|h| u64::from(h.dwellings)).sum()
    }

    /// Where the data ends: the declared box, else the extent (see [`DataEdge`]).
    pub fn edge(&self) -> Option<DataEdge> {
        DataEdge::of(self.declared_bounds, self.bounds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip() {
        for c in RoadClass::ALL {
            assert_eq!(RoadClass::parse(c.as_str()), Some(c));
            assert_eq!(
                LineClass::parse(&LineClass::Road(c).name()),
                Some(LineClass::Road(c))
            );
        }
        for c in RailClass::ALL {
            let l = LineClass::Railway(c);
            assert_eq!(LineClass::parse(&l.name()), Some(l));
        }
        assert_eq!(LineClass::parse("waterway"), Some(LineClass::Waterway));
        assert_eq!(LineClass::parse("road:nope"), None);
        assert_eq!(LineClass::parse("rail"), None);
        for c in [AreaClass::Water, AreaClass::Park, AreaClass::Building] {
            assert_eq!(AreaClass::parse(c.as_str()), Some(c));
        }
        for k in [HomeKind::AddressPoint, HomeKind::ResidentialBuilding] {
            assert_eq!(HomeKind::parse(k.as_str()), Some(k));
        }
        for k in [ElementKind::Node, ElementKind::Way, ElementKind::Relation] {
            assert_eq!(ElementKind::parse(k.as_str()), Some(k));
        }
    }
}
