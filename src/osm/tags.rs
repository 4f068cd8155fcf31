//! Reading the tags this module cares about: addresses, POIs, street names, road, rail,
//! water and green classes, buildings and what they are used for.

use super::model::{AreaClass, PlaceKind, RailClass, RoadClass};

/// The tags of one element, blank values dropped and values trimmed.
pub(super) struct Tags<'a>(Vec<(&'a str, &'a str)>);

/// The `addr:*` tags of an element that has a house number on a street or place.
pub(super) struct AddrTags<'a> {
    pub street: &'a str,
    pub housenumber: &'a str,
    pub postcode: Option<&'a str>,
    pub city: Option<&'a str>,
}

impl<'a> Tags<'a> {
    pub fn new(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        Tags(
            tags.map(|(k, v)| (k, v.trim()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// `addr:housenumber` with `addr:street`, or with `addr:place` when there is no street.
    pub fn address(&self) -> Option<AddrTags<'a>> {
        let housenumber = clean_housenumber(self.get("addr:housenumber")?)?;
        let street = clean_street(self.get("addr:street").or_else(|| self.get("addr:place"))?)?;
        Some(AddrTags {
            street,
            housenumber,
            postcode: self.get("addr:postcode"),
            city: self.get("addr:city"),
        })
    }

    /// `(name, category)` of a named shop or amenity; `shop` wins when both are tagged.
    pub fn poi(&self) -> Option<(&'a str, &'a str)> {
        let name = self.get("name")?;
        let category = self.get("shop").or_else(|| self.get("amenity"))?;
        Some((name, category))
    }

    /// `(name, kind)` of a named residential compound or district (see [`PlaceKind`]).
    pub fn named_place(&self) -> Option<(&'a str, PlaceKind)> {
        let name = self.get("name")?;
        let kind = match (self.get("place"), self.get("landuse"), self.get("building")) {
            (
                Some(
                    "city_district" | "district" | "borough" | "suburb" | "quarter" | "county"
                    | "city" | "town" | "township" | "municipality" | "village" | "hamlet",
                ),
                _,
                _,
            ) => PlaceKind::District,
            (Some("neighbourhood"), _, _) | (_, Some("residential"), _) => PlaceKind::Compound,
            (_, _, Some("residential" | "apartments" | "dormitory")) if self.poi().is_none() => {
                PlaceKind::Compound
            }
            _ => return None,
        };
        Some((name, kind))
    }

    /// Whether the element is a place of its own (a shop, office, …) rather than just an
    /// address: such nodes carry their building's address.
    pub fn is_feature(&self) -> bool {
        self.get("name").is_some() || self.non_residential_use()
    }

    /// `(name, name:sv)` of a named `highway=*`.
    pub fn street_names(&self) -> Option<(&'a str, &'a str)> {
        self.get("highway")?;
        Some((self.get("name")?, self.get("name:sv")?))
    }

    /// Whether the element is used for something other than living: the feature keys
    /// of [`is_feature`](Self::is_feature) without `name` (a named house is still a house).
    pub fn non_residential_use(&self) -> bool {
        const KEYS: [&str; 8] = [
            "shop",
            "amenity",
            "office",
            "craft",
            "tourism",
            "leisure",
            "healthcare",
            "club",
        ];
        KEYS.iter().any(|k| self.get(k).is_some())
    }

    /// The class of a `highway=*` people travel along; `None` for other highways
    /// (platforms, stops, proposed or abandoned roads, corridors inside buildings, …).
    pub fn road_class(&self) -> Option<RoadClass> {
        let highway = self.get("highway")?;
        let base = highway.strip_suffix("_link").unwrap_or(highway);
        Some(match base {
            "motorway" => RoadClass::Motorway,
            "trunk" => RoadClass::Trunk,
            "primary" => RoadClass::Primary,
            "secondary" => RoadClass::Secondary,
            "tertiary" => RoadClass::Tertiary,
            "residential" | "living_street" | "unclassified" => RoadClass::Residential,
            "service" => RoadClass::Service,
            "pedestrian" => RoadClass::Pedestrian,
            "footway" | "path" | "cycleway" | "steps" | "bridleway" | "trail" => RoadClass::Path,
            "platform"
            | "bus_stop"
            | "proposed"
            | "planned"
            | "abandoned"
            | "razed"
            | "disused"
            | "construction"
            | "corridor"
            | "elevator"
            | "crossing"
            | "services"
            | "rest_area"
            | "emergency_access_point"
            | "street_lamp"
            | "traffic_signals"
            | "no" => return None,
            _ => RoadClass::Other,
        })
    }

    /// Whether a closed way is an area rather than a loop (`area=yes`).
    pub fn is_area(&self) -> bool {
        self.get("area") == Some("yes")
    }

    /// The class of a `railway=*` track; `None` for platforms, abandoned lines and the like.
    pub fn rail_class(&self) -> Option<RailClass> {
        match self.get("railway")? {
            "rail" | "narrow_gauge" | "preserved" => Some(RailClass::Rail),
            "light_rail" => Some(RailClass::LightRail),
            "subway" => Some(RailClass::Subway),
            "tram" => Some(RailClass::Tram),
            _ => None,
        }
    }

    /// A river, stream, canal or ditch line.
    pub fn is_waterway_line(&self) -> bool {
        matches!(
            self.get("waterway"),
            Some("river" | "stream" | "canal" | "drain" | "ditch" | "tidal_channel")
        )
    }

    /// What a closed way or multipolygon is on the map: a building first, then water, then
    /// green space (see [`AreaClass`] for the tags).
    pub fn area_class(&self) -> Option<AreaClass> {
        if self.get("area") == Some("no") {
            return None;
        }
        if self.building().is_some() {
            return Some(AreaClass::Building);
        }
        let water = matches!(self.get("natural"), Some("water"))
            || matches!(self.get("waterway"), Some("riverbank" | "dock"))
            || matches!(self.get("landuse"), Some("reservoir" | "basin"));
        if water {
            return Some(AreaClass::Water);
        }
        let green = matches!(
            self.get("leisure"),
            Some("park" | "garden" | "playground" | "nature_reserve" | "common" | "dog_park")
        ) || matches!(
            self.get("landuse"),
            Some("grass" | "recreation_ground" | "village_green" | "forest" | "meadow")
        ) || matches!(
            self.get("natural"),
            Some("wood" | "scrub" | "heath" | "grassland")
        );
        green.then_some(AreaClass::Park)
    }

    /// What a `building=*` (not `no`) is used for, by its type: residential exactly when it
    /// names a kind of [`Housing`].
    pub fn building(&self) -> Option<BuildingUse> {
        let value = self.get("building")?;
        if self.housing().is_some() {
            return Some(BuildingUse::Residential);
        }
        Some(match value {
            "no" => return None,
            "yes" | "block" | "mixed_use" | "building" => BuildingUse::Unknown,
            _ => BuildingUse::Other,
        })
    }

    /// `building:flats` as a positive count.
    pub fn flats(&self) -> Option<u32> {
        self.get("building:flats")?
            .parse()
            .ok()
            .filter(|&n: &u32| n > 0)
    }

    /// `building:levels` as a positive count of whole storeys above ground (`4.5`, a
    /// storey in the roof, counts as 4; `0` and text are no count).
    pub fn levels(&self) -> Option<u32> {
        let raw = self.get("building:levels")?.trim();
        let whole = raw.split_once('.').map_or(raw, |(w, _)| w);
        whole.parse().ok().filter(|&n: &u32| n > 0)
    }

    /// What kind of housing a residential `building=*` type is (see [`Housing`]).
    pub fn housing(&self) -> Option<Housing> {
        Some(match self.get("building")? {
            "house" | "detached" | "semidetached_house" | "bungalow" | "farm" => Housing::House,
            "terrace" => Housing::Terrace,
            "apartments" | "residential" | "dormitory" => Housing::Apartments,
            _ => return None,
        })
    }

    /// Every name of a named `highway=*`, main `name` first, as `(key, value)`: then
    /// `name:xx` language variants and `official_name`, `alt_name`, `old_name` and
    /// `short_name`, `;`-lists split.
    pub fn name_variants(&self) -> Vec<(&'a str, &'a str)> {
        let Some(main) = self.get("name") else {
            return Vec::new();
        };
        let mut out = vec![("name", main)];
        let mut rest: Vec<(&'a str, &'a str)> = self
            .0
            .iter()
            .filter(|(k, _)| name_rank(k).is_some_and(|r| r > 0))
            .flat_map(|&(k, v)| {
                v.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(move |s| (k, s))
            })
            .collect();
        rest.sort_by(|a, b| (name_rank(a.0), a.0).cmp(&(name_rank(b.0), b.0)));
        out.extend(rest);
        out
    }
}

/// The order of name keys within a street's names: `name` (0), `name:xx` and
/// `official_name` (1), `alt_name` (2), `old_name` (3), `short_name` (4); `None` for other
/// keys (`name:etymology`, …).
pub(super) fn name_rank(key: &str) -> Option<u8> {
    match key {
        "name" => Some(0),
        "official_name" => Some(1),
        "alt_name" => Some(2),
        "old_name" => Some(3),
        "short_name" => Some(4),
        _ => key
            .strip_prefix("name:")
            .filter(|lang| is_language_code(lang))
            .map(|_| 1),
    }
}

/// `sv`, `fi`, `zh-Hans`, `be-tarask`, `sr-Latn`: two or three lower-case letters, then
/// optional `-`-separated script or region parts.
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// What a building is used for, judged by its `building=*` type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BuildingUse {
    /// A type people live in (see [`HomeKind::ResidentialBuilding`](super::HomeKind)).
    Residential,
    /// `yes` and other types that say nothing.
    Unknown,
    /// Any other named type: `commercial`, `retail`, `office`, `school`, `church`, `roof`, …
    Other,
}

/// The residential building types by how their dwellings are estimated when
/// `building:flats` is missing (see [`Home`](super::Home)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Housing {
    /// `house`, `detached`, `semidetached_house`, `bungalow`, `farm`: one dwelling.
    House,
    /// `terrace`: a row of houses, by footprint and levels.
    Terrace,
    /// `apartments`, `residential`, `dormitory`: by footprint and levels.
    Apartments,
}

/// The street without a building name some mappers put first:
/// `Galleria Esplanad, Aleksanterinkatu` → `Aleksanterinkatu`.
fn clean_street(raw: &str) -> Option<&str> {
    let street = raw.rsplit(',').next().unwrap_or(raw).trim();
    (!street.is_empty()).then_some(street)
}

/// The number without the floor notes some mappers append: `13 A, 5. krs./Floor 5` → `13 A`.
fn clean_housenumber(raw: &str) -> Option<&str> {
    let number = raw.split(',').next().unwrap_or(raw).trim();
    (!number.is_empty()).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_needs_a_number_and_a_street_or_place() {
        let t = Tags::new([("addr:housenumber", "5 "), ("addr:street", "Kalevankatu")].into_iter());
        let a = t.address().unwrap();
        assert_eq!((a.street, a.housenumber), ("Kalevankatu", "5"));
        let t = Tags::new([("addr:housenumber", "2"), ("addr:place", "Suomenlinna")].into_iter());
        assert_eq!(t.address().unwrap().street, "Suomenlinna");
        let t = Tags::new([("addr:street", "Kalevankatu")].into_iter());
        assert!(t.address().is_none());
        let t = Tags::new([("addr:housenumber", ""), ("addr:street", "Kalevankatu")].into_iter());
        assert!(t.address().is_none());
    }

    #[test]
    fn building_names_and_floor_notes_are_cut() {
        assert_eq!(clean_housenumber("13 A, 5. krs./Floor 5"), Some("13 A"));
        assert_eq!(clean_housenumber("4, katutaso/Street level"), Some("4"));
        assert_eq!(clean_housenumber("3-5"), Some("3-5"));
        assert_eq!(clean_housenumber(", 2"), None);
        assert_eq!(
            clean_street("Kaivopiha, Mannerheimintie"),
            Some("Mannerheimintie")
        );
        assert_eq!(clean_street("Kaivokatu"), Some("Kaivokatu"));
    }

    #[test]
    fn road_classes_fold_links_and_skip_non_roads() {
        let class = |v: &'static str| Tags::new([("highway", v)].into_iter()).road_class();
        assert_eq!(class("primary_link"), Some(RoadClass::Primary));
        assert_eq!(class("living_street"), Some(RoadClass::Residential));
        assert_eq!(class("steps"), Some(RoadClass::Path));
        assert_eq!(class("track"), Some(RoadClass::Other));
        assert_eq!(class("platform"), None);
    }

    #[test]
    fn name_variants_keep_languages_and_split_lists() {
        let t = Tags::new(
            [
                ("highway", "primary"),
                ("short_name", "Mansku"),
                ("name:sv", "Mannerheimvägen"),
                ("name", "Mannerheimintie"),
                ("alt_name", "A; B"),
                ("official_name", "Marsalkka Mannerheimin tie"),
                ("name:etymology:wikidata", "Q1"),
                ("name:fi", "Mannerheimintie"),
                ("name:zh-Hans", "曼纳海姆路"),
            ]
            .into_iter(),
        );
        let names: Vec<&str> = t.name_variants().into_iter().map(|(_, v)| v).collect();
        assert_eq!(
            names,
            [
                "Mannerheimintie",
                "Mannerheimintie",
                "Mannerheimvägen",
                "曼纳海姆路",
                "Marsalkka Mannerheimin tie",
                "A",
                "B",
                "Mansku"
            ]
        );
    }

    #[test]
    fn buildings_areas_and_flats() {
        let t = |tags: Vec<(&'static str, &'static str)>| Tags::new(tags.into_iter());
        assert_eq!(
            t(vec![("building", "apartments")]).building(),
            Some(BuildingUse::Residential)
        );
        assert_eq!(
            t(vec![("building", "retail")]).building(),
            Some(BuildingUse::Other)
        );
        assert_eq!(t(vec![("building", "no")]).building(), None);
        assert_eq!(
            t(vec![("building", "yes"), ("natural", "water")]).area_class(),
            Some(AreaClass::Building)
        );
        assert_eq!(
            t(vec![("landuse", "basin")]).area_class(),
            Some(AreaClass::Water)
        );
        assert_eq!(
            t(vec![("leisure", "park")]).area_class(),
            Some(AreaClass::Park)
        );
        assert_eq!(t(vec![("landuse", "commercial")]).area_class(), None);
        assert_eq!(t(vec![("building:flats", "24")]).flats(), Some(24));
        assert_eq!(t(vec![("building:flats", "0")]).flats(), None);
        assert_eq!(t(vec![("building:flats", "many")]).flats(), None);
        assert_eq!(t(vec![("building:levels", "5")]).levels(), Some(5));
        assert_eq!(t(vec![("building:levels", "4.5")]).levels(), Some(4));
        assert_eq!(t(vec![("building:levels", "0")]).levels(), None);
        assert_eq!(t(vec![("building:levels", "high")]).levels(), None);
        assert_eq!(
            t(vec![("building", "semidetached_house")]).housing(),
            Some(Housing::House)
        );
        assert_eq!(
            t(vec![("building", "apartments")]).housing(),
            Some(Housing::Apartments)
        );
        assert_eq!(t(vec![("building", "yes")]).housing(), None);
    }

    #[test]
    fn poi_prefers_shop_over_amenity_and_needs_a_name() {
        let t = Tags::new([("name", "X"), ("amenity", "cafe"), ("shop", "bakery")].into_iter());
        assert_eq!(t.poi(), Some(("X", "bakery")));
        let t = Tags::new([("shop", "beauty")].into_iter());
        assert_eq!(t.poi(), None);
    }

    #[test]
    fn named_places_are_compounds_or_districts() {
        let kind = |tags: Vec<(&'static str, &'static str)>| {
            Tags::new(tags.into_iter()).named_place().map(|(_, k)| k)
        };
        let c = Some(PlaceKind::Compound);
        assert_eq!(
            kind(vec![("landuse", "residential"), ("name", "徐汇苑")]),
            c
        );
        assert_eq!(
            kind(vec![("building", "apartments"), ("name", "汇翠花园")]),
            c
        );
        assert_eq!(
            kind(vec![("place", "neighbourhood"), ("name", "土山湾")]),
            c
        );
        let d = Some(PlaceKind::District);
        assert_eq!(
            kind(vec![("place", "city_district"), ("name", "徐汇区")]),
            d
        );
        assert_eq!(kind(vec![("place", "suburb"), ("name", "徐家汇街道")]), d);
        // A shop in a residential building is a POI; nameless areas are nothing.
        let shop = vec![
            ("building", "residential"),
            ("shop", "beauty"),
            ("name", "丽人"),
        ];
        assert_eq!(kind(shop), None);
        assert_eq!(kind(vec![("landuse", "residential")]), None);
        assert_eq!(kind(vec![("building", "house"), ("name", "Villa")]), None);
    }
}
