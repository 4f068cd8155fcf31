//! Reading the tags this module cares about: address, POI and street-name keys.

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

    /// Whether the element is a place of its own (a shop, office, …) rather than just an
    /// address: such nodes carry their building's address.
    pub fn is_feature(&self) -> bool {
        const KEYS: [&str; 9] = [
            "name",
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

    /// `(name, name:sv)` of a named `highway=*`.
    pub fn street_names(&self) -> Option<(&'a str, &'a str)> {
        self.get("highway")?;
        Some((self.get("name")?, self.get("name:sv")?))
    }
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
    fn poi_prefers_shop_over_amenity_and_needs_a_name() {
        let t = Tags::new([("name", "X"), ("amenity", "cafe"), ("shop", "bakery")].into_iter());
        assert_eq!(t.poi(), Some(("X", "bakery")));
        let t = Tags::new([("shop", "beauty")].into_iter());
        assert_eq!(t.poi(), None);
    }
}
