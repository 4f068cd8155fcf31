//! What an address says beside its street: its postcode and city, and whether they are
//! the area's.
//!
//! A postcode the area's points carry is `Known`; one of the same length and region (first
//! two characters, the postal region in FI, DE, FR, CN, US) is `Plausible`; any other is
//! `Foreign`. A well-known city that is not the area's (`Tampere`, `Milano`, `北京`), a
//! Chinese `…市` prefix naming another city, or a foreign postcode without one of the
//! area's cities, makes the address one from elsewhere: it answers `none` rather than a
//! point on a same-named street here.

use super::chinese::{self, admin_core, split_admin};
use super::gazetteer::{Index, Street};
use super::normalise::{Class, is_cjk};
use super::parse::{Parsed, Role};

/// Postcode of the address as the area sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PostcodeFit {
    /// One of the area's postcodes.
    Known,
    /// Not seen in the area, but of its form and region (first two characters).
    Plausible,
    /// The area knows no postcodes, so nothing can be said.
    Unchecked,
    /// Another region's.
    Foreign,
}

/// What the address says beside the street: postcodes and cities.
pub(crate) struct Context {
    postcodes: Vec<(String, PostcodeFit)>,
    /// Token ranges naming a city of the area / a city elsewhere.
    area_cities: Vec<(usize, usize, String)>,
    foreign_cities: Vec<(usize, usize)>,
    /// Character ranges of Chinese province/city prefixes that are not the area's.
    foreign_admin: Vec<(usize, usize)>,
}

impl Context {
    pub fn new(index: &Index, p: &Parsed) -> Self {
        let toks = &p.tokens;
        let mut postcodes = Vec::new();
        let fit = |key: &str| -> PostcodeFit {
            if index.postcodes.contains_key(key) {
                PostcodeFit::Known
            } else if index.postcodes.is_empty() {
                PostcodeFit::Unchecked
            } else if index
                .postcodes
                .keys()
                .any(|k| k.len() == key.len() && k.get(..2).is_some_and(|h| key.starts_with(h)))
            {
                PostcodeFit::Plausible
            } else {
                PostcodeFit::Foreign
            }
        };
        for (i, t) in toks.iter().enumerate() {
            if t.class != Class::Num {
                continue;
            }
            if p.roles[i] == Role::Postcode {
                postcodes.push((t.text.clone(), fit(&t.text)));
            } else if index.postcodes.contains_key(&t.text) && t.text.len() == 4 {
                postcodes.push((t.text.clone(), PostcodeFit::Known));
            } else if let Some(next) = toks.get(i + 1) {
                // Swedish `114 55`.
                if t.text.len() == 3 && next.class == Class::Num && next.text.len() == 2 {
                    let joined = format!("{}{}", t.text, next.text);
                    if index.postcodes.contains_key(&joined) {
                        postcodes.push((joined, PostcodeFit::Known));
                    }
                }
            }
        }
        let mut area_cities = Vec::new();
        let mut foreign_cities = Vec::new();
        let mut foreign_admin = Vec::new();
        let offsets = p.char_offsets();
        for i in 0..toks.len() {
            if toks[i].class == Class::Cjk {
                let text = toks[i].text.as_str();
                let stripped = chinese::strip_country(text);
                let mut at = offsets[i] + text.chars().count() - stripped.chars().count();
                let (parts, _) = split_admin(stripped);
                for part in parts {
                    let chars = part.chars().count();
                    let (core, is_city) = admin_core(part);
                    let known_elsewhere = index.foreign_cities.contains(core)
                        || index.foreign_cities.iter().any(|c| {
                            c.chars().next().is_some_and(is_cjk) && part.starts_with(c.as_str())
                        });
                    let other_city = is_city
                        && index.cjk_cities
                        && !index.cities.contains(core)
                        && !index.cities.contains(part);
                    if known_elsewhere || other_city {
                        foreign_admin.push((at, at + chars));
                    }
                    at += chars;
                }
                continue;
            }
            let mut key = String::new();
            for (j, t) in toks.iter().enumerate().skip(i).take(3) {
                if t.class != Class::Word {
                    break;
                }
                key.push_str(&t.text);
                if index.cities.contains(&key) {
                    area_cities.push((i, j + 1, key.clone()));
                } else if index.foreign_cities.contains(&key) {
                    foreign_cities.push((i, j + 1));
                }
            }
        }
        Self {
            postcodes,
            area_cities,
            foreign_cities,
            foreign_admin,
        }
    }

    fn best_postcode(&self) -> Option<&(String, PostcodeFit)> {
        self.postcodes.iter().min_by_key(|(_, f)| *f)
    }

    /// Whether the address is from elsewhere, reading tokens `start..end` as the street.
    ///
    /// A city name counts only after the street: before it, `Lahti` or `Salo` is far more
    /// often a surname (`Matti Lahti, Mannerheimintie 5`) than a city.
    /// A Chinese prefix inside the matched road's characters `cover` is part of its name
    /// (`新市大道`), not a city.
    pub fn is_elsewhere(&self, start: usize, end: usize, cover: (usize, usize)) -> bool {
        let outside = |&(a, b): &(usize, usize)| b <= start || a >= end;
        let foreign_city = self.foreign_cities.iter().any(|&(a, _)| a >= end);
        let area_city = self.area_cities.iter().any(|&(a, b, _)| outside(&(a, b)));
        let postcode_foreign = self
            .best_postcode()
            .is_some_and(|(_, f)| *f == PostcodeFit::Foreign);
        let foreign_admin = self
            .foreign_admin
            .iter()
            .any(|&(a, b)| !(a < cover.1 && cover.0 < b));
        foreign_admin || foreign_city || (postcode_foreign && !area_city)
    }

    /// How well postcode and city agree with a street, 0..=1.
    pub fn agreement(&self, street: &Street) -> f32 {
        let postcode = match self.best_postcode() {
            None | Some((_, PostcodeFit::Unchecked)) => 1.0,
            Some((p, PostcodeFit::Known)) => {
                if street.postcodes.contains(p) {
                    1.0
                } else if street.postcodes.is_empty() {
                    0.97
                } else {
                    0.93
                }
            }
            Some((_, PostcodeFit::Plausible)) => 0.9,
            Some((_, PostcodeFit::Foreign)) => 0.85,
        };
        let city = match self.area_cities.first() {
            Some((_, _, c)) if !street.cities.is_empty() && !street.cities.contains(c) => 0.9,
            _ => 1.0,
        };
        postcode * city
    }

    /// The address's postcode key, if it has one the area could know.
    pub fn postcode(&self) -> Option<&str> {
        self.best_postcode()
            .filter(|(_, f)| *f != PostcodeFit::Foreign)
            .map(|(p, _)| p.as_str())
    }

    /// The address's postcode key when it is one of the area's.
    pub fn known_postcode(&self) -> Option<&str> {
        self.postcodes
            .iter()
            .find(|(_, f)| *f == PostcodeFit::Known)
            .map(|(p, _)| p.as_str())
    }

    /// The first of the area's cities the address names.
    pub fn area_city(&self) -> Option<&str> {
        self.area_cities.first().map(|(_, _, c)| c.as_str())
    }
}
