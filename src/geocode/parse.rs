//! Reading an address's tokens before any street is known: which number is a house number,
//! a postcode or a flat, which words are `c/o`, unit markers or country names. And reading
//! an OSM `addr:housenumber` (`12`, `12a`, `7 B`, `30-34`, `12bis`, `100号`).
//!
//! House numbers take the forms `12`, `12a`, `12 a`, `12-14` (a range, tried against tagged
//! ranges), `12/3` (house 12, flat 3), `12 bis` / `12 ter` (see
//! [`NUMBER_SUFFIXES`](super::vocab::NUMBER_SUFFIXES)). A four-digit number before a town
//! is a postcode (`22 Hauptstrasse 8001 Zürich`, `Landstrasse 5, 9490 Vaduz`) when another
//! number can be the house's, or when the area's own postcodes have four digits.
//!
//! The parser does not decide where the street is: the matcher tries every run of words
//! against the gazetteer and asks the parser for the house number next to a run, after it
//! (`Mannerheimintie 5`) or before it (`5 Mannerheimintie`). Punctuation is gone by then
//! (the matcher reads only the normalised key), so commas never decide anything.

use super::normalise::{Class, Token, tokenise};
use super::vocab::{
    CJK_NUMBER_MARKERS, CJK_UNIT_MARKERS, COUNTRY_WORDS, NUMBER_SUFFIXES, NUMBER_WORDS, UNIT_WORDS,
    is_in,
};

/// What a token is, as far as the parser can tell without the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A word or number that may be part of the street, a house number, a name or a city.
    Free,
    /// The `c` and `o` of `c/o`.
    CareOf,
    /// A country name.
    Country,
    /// A word introducing a flat, floor, staircase or room (`as.`, `Apt`, `Wohnung`).
    UnitWord,
    /// The number after a unit word, or before a Chinese unit marker (`502室`).
    Unit,
    /// `No.`, `Nr.` before a number.
    NumberWord,
    /// Five or six digits, or four before a town (see the module docs): a postcode, never
    /// a house number.
    Postcode,
}

/// A house number read from an address: the number and an optional letter (`12 B`; `12
/// bis` has the letter of [`NUMBER_SUFFIXES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HouseNumber {
    pub number: u32,
    pub letter: Option<char>,
    /// The other number of a possible range: the one right after it (`15-17 Katu` read
    /// from the end, or a flat in `5 12`), or right before it (`15-17 Katu`). Tried only
    /// against ranges tagged in OSM.
    pub next: Option<u32>,
    /// A number follows the letter (`12 B 34`): in Finnish and Swedish addresses the letter
    /// is then the staircase and the number the flat, so the house is `12` itself.
    pub staircase: bool,
    /// Index of the number's token.
    pub token: usize,
}

/// The tokens of one address with their roles.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub tokens: Vec<Token>,
    pub roles: Vec<Role>,
}

/// Largest house number taken as one (larger numbers are phone or customer numbers).
const MAX_HOUSE_NUMBER: u32 = 9999;

/// The letter a house-number suffix word stands for: itself for one letter, the mark of
/// `bis`, `ter`, … ([`NUMBER_SUFFIXES`]); `None` for any other word.
fn number_letter(word: &str) -> Option<char> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => NUMBER_SUFFIXES
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, c)| *c),
    }
}

impl Parsed {
    /// Tokenises and assigns roles; `four_digit_postcodes` says the area's postcodes have
    /// four digits, so that one before a town is a postcode even without another number.
    pub fn new(address: &str, four_digit_postcodes: bool) -> Self {
        let tokens = tokenise(address);
        let n = tokens.len();
        let mut roles = vec![Role::Free; n];
        for i in 0..n {
            let t = &tokens[i];
            let next = tokens.get(i + 1);
            match t.class {
                Class::Word => {
                    let w = t.text.as_str();
                    if w == "c" && next.is_some_and(|x| x.text == "o") {
                        roles[i] = Role::CareOf;
                        roles[i + 1] = Role::CareOf;
                    } else if roles[i] != Role::Free {
                        // Already taken (the `o` of `c/o`).
                    } else if is_in(UNIT_WORDS, w) {
                        roles[i] = Role::UnitWord;
                        if next.is_some_and(|x| x.class == Class::Num) {
                            roles[i + 1] = Role::Unit;
                        }
                    } else if is_in(NUMBER_WORDS, w) && next.is_some_and(|x| x.class == Class::Num)
                    {
                        roles[i] = Role::NumberWord;
                    } else if is_in(COUNTRY_WORDS, w) {
                        roles[i] = Role::Country;
                    }
                }
                Class::Num => {
                    if roles[i] == Role::Free && matches!(t.text.len(), 5 | 6) {
                        roles[i] = Role::Postcode;
                    }
                    if let Some(x) = next {
                        if x.class == Class::Cjk && starts_with_any(&x.text, CJK_UNIT_MARKERS) {
                            roles[i] = Role::Unit;
                        }
                    }
                }
                Class::Cjk => {}
            }
        }
        let free_number = |i: usize| {
            roles[i] == Role::Free && tokens[i].class == Class::Num && tokens[i].text.len() <= 4
        };
        let postcodes: Vec<usize> = (0..n)
            .filter(|&i| {
                free_number(i)
                    && tokens[i].text.len() == 4
                    && tokens.get(i + 1).is_some_and(|t| {
                        t.class == Class::Word && t.char_len() >= 2 && roles[i + 1] == Role::Free
                    })
                    && ((0..i).any(free_number) || (four_digit_postcodes && i > 0))
            })
            .collect();
        for i in postcodes {
            roles[i] = Role::Postcode;
        }
        Self { tokens, roles }
    }

    /// Whether token `i` can be a house number: 1–4 digits, no leading zero, not a postcode
    /// or flat.
    pub fn is_house_number(&self, i: usize) -> bool {
        let (Some(t), Some(&role)) = (self.tokens.get(i), self.roles.get(i)) else {
            return false;
        };
        role == Role::Free
            && t.class == Class::Num
            && t.text.len() <= 4
            && !t.text.starts_with('0')
            && t.number()
                .is_some_and(|n| (1..=MAX_HOUSE_NUMBER).contains(&n))
    }

    /// The letter of a house number at token `i` (`b` in `12 b`, `12 bis`).
    fn letter(&self, i: usize) -> Option<char> {
        let t = self.tokens.get(i)?;
        if t.class != Class::Word || self.roles.get(i) != Some(&Role::Free) {
            return None;
        }
        number_letter(&t.text)
    }

    fn house_number_at(&self, i: usize, letter_at: Option<usize>) -> Option<HouseNumber> {
        if !self.is_house_number(i) {
            return None;
        }
        let letter = letter_at.and_then(|j| self.letter(j));
        let letter_at = letter_at.filter(|_| letter.is_some());
        let staircase = letter_at.is_some_and(|j| {
            self.tokens.get(j + 1).is_some_and(|t| {
                t.class == Class::Num
                    && t.text.len() <= 4
                    && matches!(self.roles.get(j + 1), Some(Role::Free | Role::Unit))
            })
        });
        let next = if letter.is_none() && self.is_house_number(i + 1) {
            self.tokens
                .get(i + 1)
                .and_then(super::normalise::Token::number)
        } else {
            None
        };
        Some(HouseNumber {
            number: self.tokens[i].number()?,
            letter,
            next,
            staircase,
            token: i,
        })
    }

    /// The house number right after a street that ends before token `end` (`Katu 5 B`,
    /// `Katu Nr. 5`, `世纪大道100号`).
    pub fn number_after(&self, end: usize) -> Option<HouseNumber> {
        let mut k = end;
        while self.roles.get(k) == Some(&Role::NumberWord) {
            k += 1;
        }
        let after_cjk = end > 0
            && self
                .tokens
                .get(end - 1)
                .is_some_and(|t| t.class == Class::Cjk);
        if after_cjk {
            // `100号` or `100` then nothing; `3栋` is a building, already a Unit.
            let marker_ok = match self.tokens.get(k + 1) {
                Some(t) if t.class == Class::Cjk => {
                    starts_with_any(&t.text, CJK_NUMBER_MARKERS)
                        || !starts_with_any(&t.text, CJK_UNIT_MARKERS)
                }
                _ => true,
            };
            return if marker_ok {
                self.house_number_at(k, None)
            } else {
                None
            };
        }
        self.house_number_at(k, Some(k + 1))
    }

    /// The house number right before a street that starts at token `start` (`5 Katu`,
    /// `5 B Katu`).
    pub fn number_before(&self, start: usize) -> Option<HouseNumber> {
        let prev = start.checked_sub(1)?;
        if self.is_house_number(prev) {
            // `18-20 Katu`: the number before is tried as the start of a tagged range.
            let mut h = self.house_number_at(prev, None)?;
            h.next = prev
                .checked_sub(1)
                .filter(|&i| self.is_house_number(i))
                .and_then(|i| self.tokens[i].number());
            return Some(h);
        }
        let before = prev.checked_sub(1)?;
        if self.letter(prev).is_some() {
            return self.house_number_at(before, Some(prev));
        }
        None
    }

    /// Character offset of each token in the address (plus the end), for telling which
    /// matches lie inside which.
    pub fn char_offsets(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.tokens.len() + 1);
        let mut at = 0;
        for t in &self.tokens {
            out.push(at);
            at += t.char_len();
        }
        out.push(at);
        out
    }

    /// Whether any token can be a house number.
    pub fn has_house_number(&self) -> bool {
        (0..self.tokens.len()).any(|i| self.is_house_number(i))
    }
}

fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| text.starts_with(p))
}

/// An OSM `addr:housenumber`: the first number, its letter, and the last number of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OsmNumber {
    pub number: u32,
    pub letter: Option<char>,
    /// `34` in `30-34`.
    pub range_end: Option<u32>,
}

/// Reads an OSM house number; `None` when it does not start with a number.
pub(crate) fn parse_osm_housenumber(raw: &str) -> Option<OsmNumber> {
    let text = super::normalise::normalise_key(raw);
    // Ranges need the dash the key drops, so look at the raw text for it.
    let dashed = raw.contains(['-', '–', '—']);
    let toks = super::normalise::tokens(&text);
    let first = toks.first()?;
    let number = first.number().filter(|n| *n <= MAX_HOUSE_NUMBER * 10)?;
    let mut letter = None;
    let mut range_end = None;
    match toks.get(1) {
        Some(t) if t.class == Class::Word && number_letter(&t.text).is_some() => {
            letter = number_letter(&t.text);
        }
        Some(t) if t.class == Class::Num && dashed => {
            range_end = t.number().filter(|n| *n <= MAX_HOUSE_NUMBER * 10);
        }
        _ => {}
    }
    Some(OsmNumber {
        number,
        letter,
        range_end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn osm_house_numbers() {
        let p = |s: &str| parse_osm_housenumber(s).map(|n| (n.number, n.letter, n.range_end));
        assert_eq!(p("12"), Some((12, None, None)));
        assert_eq!(p("12a"), Some((12, Some('a'), None)));
        assert_eq!(p("13 A"), Some((13, Some('a'), None)));
        assert_eq!(p("11 B 9"), Some((11, Some('b'), None)));
        assert_eq!(p("30-34"), Some((30, None, Some(34))));
        assert_eq!(p("12bis"), Some((12, Some('²'), None)));
        assert_eq!(p("7 ter"), Some((7, Some('³'), None)));
        assert_eq!(p("29-27"), Some((29, None, Some(27))));
        assert_eq!(p("100号"), Some((100, None, None)));
        assert_eq!(p("１２Ｂ"), Some((12, Some('b'), None)));
        assert_eq!(p("Keskuskatu 5"), None);
        assert_eq!(p(""), None);
    }

    fn roles(s: &str) -> Vec<Role> {
        Parsed::new(s, false).roles
    }

    #[test]
    fn roles_of_units_care_of_countries_and_postcodes() {
        use Role::*;
        assert_eq!(
            roles("c/o Virtanen, Katu 12 as. 5, 00100 Helsinki, Finland"),
            [
                CareOf, CareOf, Free, Free, Free, UnitWord, Unit, Postcode, Free, Country
            ]
        );
        assert_eq!(roles("Hauptstr. Nr. 5"), [Free, NumberWord, Free]);
        assert_eq!(roles("Wohnung 5"), [UnitWord, Unit]);
        assert_eq!(
            roles("世纪大道100号3单元502室"),
            [Free, Free, Free, Unit, Free, Unit, Free]
        );
    }

    #[test]
    fn house_number_after_or_before_the_street() {
        let p = Parsed::new("Mannerheimintie 5 B 12, 00100 Helsinki", false);
        let h = p.number_after(1).unwrap();
        assert_eq!((h.number, h.letter, h.token), (5, Some('b'), 1));
        let p = Parsed::new("5 b Mannerheimintie", false);
        let h = p.number_before(2).unwrap();
        assert_eq!((h.number, h.letter), (5, Some('b')));
        let p = Parsed::new("Katu 12 as. 5", false);
        assert_eq!(
            p.number_after(1).map(|h| (h.number, h.letter)),
            Some((12, None))
        );
        let p = Parsed::new("Katu 00100", false);
        assert!(p.number_after(1).is_none());
        let p = Parsed::new("世纪大道100号3栋", false);
        assert_eq!(p.number_after(1).map(|h| h.number), Some(100));
        let p = Parsed::new("世纪大道3栋", false);
        assert!(p.number_after(1).is_none());
    }

    #[test]
    fn house_number_forms() {
        let after = |s: &str, end: usize| {
            Parsed::new(s, false)
                .number_after(end)
                .map(|h| (h.number, h.letter, h.next))
        };
        assert_eq!(after("Hauptstrasse 12a", 1), Some((12, Some('a'), None)));
        assert_eq!(after("Hauptstrasse 12 a", 1), Some((12, Some('a'), None)));
        assert_eq!(after("Hauptstrasse 12-14", 1), Some((12, None, Some(14))));
        // `12/3`: house 12; the 3 is only tried as a tagged range's end, then a flat.
        assert_eq!(after("Hauptstrasse 12/3", 1), Some((12, None, Some(3))));
        assert_eq!(after("Rue Grimaldi 12 bis", 2), Some((12, Some('²'), None)));
        assert_eq!(after("Via Roma 7 ter", 2), Some((7, Some('³'), None)));
        let p = Parsed::new("7b Am Markt", false);
        assert_eq!(
            p.number_before(2).map(|h| (h.number, h.letter)),
            Some((7, Some('b')))
        );
        let p = Parsed::new("14 Im Grund, Dorf", false);
        assert_eq!(p.number_before(1).map(|h| h.number), Some(14));
    }

    #[test]
    fn four_digit_postcodes_before_a_town() {
        use Role::*;
        // Another number can be the house's: the four digits before the town are the postcode.
        assert_eq!(
            roles("22 Hauptstrasse 8001 Zürich"),
            [Free, Free, Postcode, Free]
        );
        assert_eq!(
            roles("Hauptstrasse 22, 8001 Zürich"),
            [Free, Free, Postcode, Free]
        );
        let p = Parsed::new("Hauptstrasse 22 8001 Zürich", false);
        assert_eq!(
            p.number_after(1).map(|h| (h.number, h.next)),
            Some((22, None))
        );
        // Alone, four digits are the house number, unless the area's postcodes have four.
        assert_eq!(roles("Hauptstrasse 1024 Zürich"), [Free, Free, Free]);
        assert_eq!(
            Parsed::new("Landstrasse, 9490 Vaduz", true).roles,
            [Free, Postcode, Free]
        );
        // Number first is the house number, whatever the area.
        assert_eq!(Parsed::new("1024 Landstrasse", true).roles, [Free, Free]);
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>(), four in any::<bool>()) {
            let p = Parsed::new(&s, four);
            for i in 0..=p.tokens.len() + 1 {
                let _ = p.number_after(i);
                let _ = p.number_before(i);
            }
            let _ = parse_osm_housenumber(&s);
        }

        #[test]
        fn number_first_and_last_agree(
            street in "[A-Z][a-zäö]{3,12}(katu|tie|gatan)",
            number in 1u32..400,
            letter in proptest::option::of("[a-h]"),
        ) {
            let num = format!("{number}{}", letter.clone().unwrap_or_default());
            let last = Parsed::new(&format!("{street} {num}"), false);
            let first = Parsed::new(&format!("{num} {street}"), false);
            let a = last.number_after(1).map(|h| (h.number, h.letter));
            let start = if letter.is_some() { 2 } else { 1 };
            let b = first.number_before(start).map(|h| (h.number, h.letter));
            prop_assert_eq!(a, b);
            prop_assert_eq!(a.map(|x| x.0), Some(number));
            prop_assert_eq!(&last.tokens[0], &first.tokens[start]);
        }
    }
}
