//! Reading an address's tokens before any street is known: which number is a house number,
//! a postcode or a flat, which words are `c/o`, unit markers or country names. And reading
//! an OSM `addr:housenumber` (`12`, `12a`, `7 B`, `30-34`, `100号`).
//!
//! The parser does not decide where the street is: the matcher tries every run of words
//! against the gazetteer and asks the parser for the house number next to a run, after it
//! (`Mannerheimintie 5`) or before it (`5 Mannerheimintie`). Punctuation is gone by then
//! (the matcher reads only the normalised key), so commas never decide anything.

use super::normalise::{Class, Token, tokenise};
use super::vocab::{
    CJK_NUMBER_MARKERS, CJK_UNIT_MARKERS, COUNTRY_WORDS, NUMBER_WORDS, UNIT_WORDS, is_in,
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
    /// Five or six digits: a postcode, never a house number.
    Postcode,
}

/// A house number read from an address: the number and an optional letter (`12 B`).
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

impl Parsed {
    /// Tokenises and assigns roles.
    pub fn new(address: &str) -> Self {
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

    fn is_letter(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.class == Class::Word && t.char_len() == 1)
            && self.roles.get(i) == Some(&Role::Free)
    }

    fn house_number_at(&self, i: usize, letter_at: Option<usize>) -> Option<HouseNumber> {
        if !self.is_house_number(i) {
            return None;
        }
        let letter_at = letter_at.filter(|&j| self.is_letter(j));
        let letter = letter_at.and_then(|j| self.tokens[j].text.chars().next());
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
        if self.is_letter(prev) {
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
        Some(t) if t.class == Class::Word && t.char_len() == 1 => {
            letter = t.text.chars().next();
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
        assert_eq!(p("29-27"), Some((29, None, Some(27))));
        assert_eq!(p("100号"), Some((100, None, None)));
        assert_eq!(p("１２Ｂ"), Some((12, Some('b'), None)));
        assert_eq!(p("Keskuskatu 5"), None);
        assert_eq!(p(""), None);
    }

    fn roles(s: &str) -> Vec<Role> {
        Parsed::new(s).roles
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
        let p = Parsed::new("Mannerheimintie 5 B 12, 00100 Helsinki");
        let h = p.number_after(1).unwrap();
        assert_eq!((h.number, h.letter, h.token), (5, Some('b'), 1));
        let p = Parsed::new("5 b Mannerheimintie");
        let h = p.number_before(2).unwrap();
        assert_eq!((h.number, h.letter), (5, Some('b')));
        let p = Parsed::new("Katu 12 as. 5");
        assert_eq!(
            p.number_after(1).map(|h| (h.number, h.letter)),
            Some((12, None))
        );
        let p = Parsed::new("Katu 00100");
        assert!(p.number_after(1).is_none());
        let p = Parsed::new("世纪大道100号3栋");
        assert_eq!(p.number_after(1).map(|h| h.number), Some(100));
        let p = Parsed::new("世纪大道3栋");
        assert!(p.number_after(1).is_none());
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let p = Parsed::new(&s);
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
            let last = Parsed::new(&format!("{street} {num}"));
            let first = Parsed::new(&format!("{num} {street}"));
            let a = last.number_after(1).map(|h| (h.number, h.letter));
            let start = if letter.is_some() { 2 } else { 1 };
            let b = first.number_before(start).map(|h| (h.number, h.letter));
            prop_assert_eq!(a, b);
            prop_assert_eq!(a.map(|x| x.0), Some(number));
            prop_assert_eq!(&last.tokens[0], &first.tokens[start]);
        }
    }
}
