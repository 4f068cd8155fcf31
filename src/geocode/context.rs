//! What an address says beside its street: its postcode and city, and whether they are
//! the area's.
//!
//! A postcode the area's points carry is `Known`; one of the same length and region (first
//! two characters, the postal region in FI, DE, CH, FR, CN, US) is `Plausible`; any other
//! is `Foreign`. The words right after a postcode name the town (`8001 Zürich`); the
//! area's towns are the cities its address points carry (with their other-language
//! names) and the towns, villages and districts its OSM places name. An address is from
//! elsewhere, and answers `none` rather than a point on a same-named street here, when it
//! names
//! - a Chinese `…市` prefix of another city, or
//! - a foreign postcode and none of the area's towns, or
//! - a town the area does not have (after a postcode, or a well-known city such as
//!   `Tampere`, `Milano`, `北京` anywhere after the street) and none of its postcodes.
//!
//! Where postcode and town disagree, the more specific evidence wins: a known postcode
//! over a town, a town of the area over a foreign postcode (a slip of a digit); the score
//! is lowered either way. A town or postcode of the area restricts the streets read to
//! those of that place (`matching`). Words of the street itself are never a town: a town
//! counts only outside the street's words, and a run starting with an article or a
//! street-type word (`An der …`, `Rue …`) is not one.

use super::chinese::{self, admin_core, split_admin};
use super::gazetteer::{Index, Street};
use super::normalise::{Class, is_cjk};
use super::parse::{Parsed, Role};
use super::vocab::{is_article, is_street_type};

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
    /// Token ranges of the words after a postcode that name none of the area's towns.
    other_towns: Vec<(usize, usize)>,
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
        let mut other_towns = Vec::new();
        for i in (0..toks.len()).filter(|&i| p.roles[i] == Role::Postcode) {
            let start = i + 1;
            let end = (start..toks.len().min(start + 3))
                .find(|&j| toks[j].class != Class::Word || p.roles[j] != Role::Free)
                .unwrap_or_else(|| toks.len().min(start + 3));
            let Some(first) = toks.get(start).filter(|_| end > start) else {
                continue;
            };
            let street_words = is_article(&first.text) || is_street_type(&first.text);
            let area_town = area_cities.iter().any(|&(a, _, _)| a == start);
            if !street_words && !area_town && !index.cities.is_empty() {
                other_towns.push((start, end));
            }
        }
        Self {
            postcodes,
            area_cities,
            foreign_cities,
            foreign_admin,
            other_towns,
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
        let postcode = self.best_postcode().map(|(_, f)| *f);
        let postcode_known = postcode == Some(PostcodeFit::Known);
        let other_town = self.names_other_town(start, end);
        let area_city = self.area_cities.iter().any(|&(a, b, _)| outside(&(a, b)));
        let foreign_admin = self
            .foreign_admin
            .iter()
            .any(|&(a, b)| !(a < cover.1 && cover.0 < b));
        foreign_admin
            || (other_town && !postcode_known)
            || (postcode == Some(PostcodeFit::Foreign) && !area_city)
    }

    /// Whether a town the area does not have is named outside tokens `start..end` (then a
    /// known postcode decided the address is here, at a lower score).
    fn names_other_town(&self, start: usize, end: usize) -> bool {
        self.foreign_cities.iter().any(|&(a, _)| a >= end)
            || self
                .other_towns
                .iter()
                .any(|&(a, b)| b <= start || a >= end)
    }

    /// Whether `street` lies in the place the address names: its known postcode, else its
    /// town; `None` when it names neither (or the street knows neither).
    pub fn in_named_place(&self, street: &Street) -> Option<bool> {
        if let Some(p) = self.known_postcode() {
            if !street.postcodes.is_empty() {
                return Some(street.postcodes.iter().any(|k| k == p));
            }
        }
        let city = self.area_city()?;
        (!street.cities.is_empty()).then(|| street.cities.iter().any(|c| c == city))
    }

    /// How well postcode and city agree with a street read over tokens `start..end`,
    /// 0..=1.
    pub fn agreement(&self, street: &Street, start: usize, end: usize) -> f32 {
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
            _ if self.names_other_town(start, end) => 0.9,
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
