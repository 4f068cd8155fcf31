//! The offline geocoder: member addresses → points, from the OpenStreetMap extract of the
//! area, with nothing sent anywhere.
//!
//! A [`Gazetteer`] is built once from a [`GazetteerInput`] (address points, streets with
//! all their names and geometry, interpolation lines, where the data ends) and then answers
//! [`Gazetteer::geocode`] for any number of addresses, from any number of threads. Each
//! answer is a [`Geocoded`]: a point, a [`MatchLevel`] (`house`, `compound`, `street`,
//! `postcode`, `none`), a score in 0..=1 and the label of what it matched.
//!
//! How an address is read:
//! 1. `normalise` — NFKC, lower case, tokens of letters / digits / Han characters; this is
//!    also the cache key ([`Gazetteer::normalise_key`]). Matching folds diacritics.
//! 2. `parse` — roles of tokens that need no map: postcodes (four digits before a town
//!    too), flats (`as. 5`, `Apt 4`, `502室`), `c/o`, country names; house numbers
//!    (`12a`, `12-14`, `12/3`, `12 bis`) next to a street, before or after it.
//! 3. `context` — the postcode and town the address names, against the area's own (from
//!    its address points): another town's or postcode's address answers `none`, one of the
//!    area's restricts the streets read to that place.
//! 4. `matching` — every run of words and every Chinese substring is looked up among the
//!    street-name keys of `gazetteer` (all languages, short forms and street words per
//!    language from the table `street_words.tsv`, see `names` and `vocab`); misspellings
//!    through `fuzzy`; the number is placed on the street's house, else interpolated, else
//!    the street (`place`) — unless the street leaves the loaded data and the number lies
//!    beyond those known inside, which answers `none`. A tie between two real streets
//!    answers `none`.
//! 5. `compound` — in Chinese runs, the district and street office (not the area's →
//!    `none`), and the residential compound, school or shopping centre named: a house
//!    beats it, it beats a street without a number.
//!
//! Postcode centroids and the area's cities come from the address points themselves, so
//! an address whose postcode or city belongs elsewhere answers `none` instead of a point
//! on a same-named street of the area.

mod chinese;
mod compound;
mod context;
mod drafts;
mod from_area;
mod fuzzy;
mod gazetteer;
mod lines;
mod matching;
mod names;
mod normalise;
pub mod online;
mod parse;
mod place;
mod plane;
pub mod resolver;
mod vocab;

#[cfg(test)]
mod tests;

use crate::coord::LonLat;
use crate::model::{Candidate, MatchLevel};
use crate::osm::DataEdge;
use matching::{Outcome, Reading};

pub use compound::{PlaceInput, PlaceInputKind};
pub use from_area::{gazetteer_from_area, gazetteer_input, house_key};
pub use lines::AddressLines;

/// Longest address read, in characters: a longer text (a pasted note, a whole file on
/// one line) answers [`MatchLevel::None`] without being parsed, so time and memory stay
/// bounded whatever the input.
pub const MAX_ADDRESS_CHARS: usize = 400;

/// An address point of the extract: a house number on a street, where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressPoint {
    /// `addr:street` (or `addr:place`) as tagged.
    pub street: String,
    /// `addr:housenumber` as tagged: `5`, `12a`, `7 B`, `30-34`, `100号`.
    pub housenumber: String,
    /// `addr:postcode`, if tagged.
    pub postcode: Option<String>,
    /// `addr:city`, if tagged.
    pub city: Option<String>,
    /// Where the house stands.
    pub position: LonLat,
}

/// A street (or one way of it): every name it goes by and its geometry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StreetInput {
    /// Every name variant: `name` first, then `name:sv`, `official_name`, `alt_name`,
    /// `old_name`, `short_name`, `name:xx`, … Each is as good as the main name: an address
    /// written with any of them matches at full confidence.
    pub names: Vec<String>,
    /// The way geometries; may be empty when only the names are known.
    pub lines: Vec<Vec<LonLat>>,
}

/// An OSM `addr:interpolation` way.
#[derive(Debug, Clone, PartialEq)]
pub struct InterpolationInput {
    /// The street the numbers belong to.
    pub street: String,
    /// `odd`, `even`, `all` or `alphabetic`.
    pub scheme: String,
    /// The way's vertices.
    pub line: Vec<LonLat>,
    /// `(vertex index in line, housenumber at that vertex)`.
    pub numbers: Vec<(usize, String)>,
}

/// Everything a gazetteer is built from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GazetteerInput {
    pub addresses: Vec<AddressPoint>,
    pub streets: Vec<StreetInput>,
    pub interpolations: Vec<InterpolationInput>,
    /// Residential compounds, POIs and districts, for Chinese addresses (see
    /// [`PlaceInput`]).
    pub places: Vec<PlaceInput>,
    /// Where the loaded data ends, if known: a house number beyond those known on a street
    /// that runs out of the data answers `none` (see [`Gazetteer::geocode`]).
    pub edge: Option<DataEdge>,
}

/// The answer for one address.
#[derive(Debug, Clone, PartialEq)]
pub struct Geocoded {
    /// Where the address is; `None` exactly when `level` is [`MatchLevel::None`].
    pub position: Option<LonLat>,
    pub level: MatchLevel,
    /// Confidence in 0..=1: 1 is an exact street name and house number; a misspelt name,
    /// a short form, an ignored letter, an interpolated number or a street-level answer
    /// each lower it.
    pub score: f32,
    /// What was matched, e.g. `Mannerheimintie 5, 00100 Helsinki`.
    pub label: Option<String>,
}

impl Geocoded {
    /// The answer for an address that could not be placed.
    pub fn none() -> Self {
        Self {
            position: None,
            level: MatchLevel::None,
            score: 0.0,
            label: None,
        }
    }
}

impl From<&Reading> for Candidate {
    fn from(r: &Reading) -> Self {
        Self {
            label: r.label.clone(),
            position: r.position,
            level: r.level,
            score: r.score,
        }
    }
}

/// The offline geocoder of one area. Build once with [`Gazetteer::new`]; it is `Sync`, so
/// threads can share it.
///
/// ```
/// use catchment::coord::LonLat;
/// use catchment::geocode::{AddressPoint, Gazetteer, GazetteerInput, StreetInput};
/// use catchment::model::MatchLevel;
///
/// let at = |lon, lat| LonLat::new(lon, lat).unwrap();
/// let gazetteer = Gazetteer::new(GazetteerInput {
///     addresses: vec![AddressPoint {
///         street: "Mannerheimintie".into(),
///         housenumber: "5".into(),
///         postcode: Some("00100".into()),
///         city: Some("Helsinki".into()),
///         position: at(24.9403, 60.1684),
///     }],
///     streets: vec![StreetInput {
///         names: vec!["Mannerheimintie".into(), "Mannerheimvägen".into()],
///         lines: vec![vec![at(24.9405, 60.1680), at(24.9395, 60.1700)]],
///     }],
///     interpolations: vec![],
///     places: vec![],
///     edge: None,
/// });
/// let hit = gazetteer.geocode("c/o Virtanen, MANNERHEIMVÄGEN 5 B 12, Helsingfors");
/// assert_eq!(hit.level, MatchLevel::House);
/// assert_eq!(hit.label.as_deref(), Some("Mannerheimvägen 5, 00100 Helsinki"));
/// assert_eq!(gazetteer.geocode("Hämeenkatu 10, 33100 Tampere").level, MatchLevel::None);
/// ```
#[derive(Debug)]
pub struct Gazetteer {
    index: gazetteer::Index,
}

impl Gazetteer {
    /// Builds the street, house, name, postcode and city indexes.
    pub fn new(input: GazetteerInput) -> Gazetteer {
        Gazetteer {
            index: gazetteer::build(input),
        }
    }

    /// Places one address. Rubbish, ties between real streets, addresses from outside the
    /// area and texts over [`MAX_ADDRESS_CHARS`] answer [`Geocoded::none`].
    pub fn geocode(&self, address: &str) -> Geocoded {
        match matching::read(&self.index, address) {
            Outcome::Found(readings) => {
                readings.first().map_or_else(Geocoded::none, |r| Geocoded {
                    position: Some(r.position),
                    level: r.level,
                    score: r.score,
                    label: Some(r.label.clone()),
                })
            }
            Outcome::Ambiguous(_) | Outcome::Nothing => Geocoded::none(),
        }
    }

    /// The best `n` readings of an address, best first, including the ones `geocode`
    /// declined as ties (for `geocode --review`).
    pub fn candidates(&self, address: &str, n: usize) -> Vec<Candidate> {
        match matching::read(&self.index, address) {
            Outcome::Found(readings) | Outcome::Ambiguous(readings) => {
                readings.iter().take(n).map(Candidate::from).collect()
            }
            Outcome::Nothing => Vec::new(),
        }
    }

    /// The cache key of an address: equal for inputs that differ only in case, spacing,
    /// punctuation, character width or Unicode form, and `geocode` reads nothing else
    /// (except that an `@` marks an e-mail address).
    ///
    /// ```
    /// use catchment::geocode::Gazetteer;
    /// assert_eq!(
    ///     Gazetteer::normalise_key(" MÄKELÄNKATU １２ｂ,  Helsinki"),
    ///     Gazetteer::normalise_key("mäkelänkatu 12 B helsinki"),
    /// );
    /// ```
    pub fn normalise_key(address: &str) -> String {
        normalise::normalise_key(address)
    }

    /// Number of streets indexed.
    pub fn street_count(&self) -> usize {
        self.index.streets.len()
    }

    /// Number of compounds and POIs indexed (for Chinese addresses).
    pub fn place_count(&self) -> usize {
        self.index.places.len()
    }

    /// Number of address points indexed.
    pub fn address_count(&self) -> usize {
        self.index.houses.len()
    }
}
