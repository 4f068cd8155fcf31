//! Matching an address against the indexes: which streets its words name, which number
//! belongs to the street, whether postcode and city agree with the area, and whether the
//! best reading is clear enough to answer.
//!
//! Streets are found by looking up every run of up to [`MAX_SPAN_TOKENS`] words (joined
//! without spaces) and every substring of a Chinese run in the name index. Only when no
//! exact name carries a house number are misspellings tried, and then only on runs of
//! words next to a house number (or, without any number, runs of at least
//! [`MIN_STREET_ONLY_FUZZY_CHARS`] letters). A misspelling is never resolved by a coin
//! toss: when two streets are the same number of edits away and their answers lie more
//! than [`AGREE_M`] apart, the answer is `none` unless the postcode or city picks one.
//! A postcode or town of the area restricts the streets read to those in that place
//! (when any is); a number beyond the part of its street the area holds answers `none`.

use super::MAX_ADDRESS_CHARS;
use super::chinese;
use super::compound::{SCORE_COMPOUND, Said};
use super::context::Context;
use super::fuzzy::max_edits;
use super::gazetteer::{Index, NameHit};
use super::names::Form;
use super::normalise::Class;
use super::parse::{HouseNumber, Parsed, Role};
use super::place::{self, Placed};
use crate::coord::LonLat;
use crate::geodesy::distance_m;
use crate::model::MatchLevel;

/// Longest run of words taken as one street name (`Birger Brunilan puistokuja` is 3).
const MAX_SPAN_TOKENS: usize = 5;
/// Shortest misspelt street name tried when the address has no house number.
const MIN_STREET_ONLY_FUZZY_CHARS: usize = 7;
/// Two readings whose points are this close agree, whichever is right.
pub(crate) const AGREE_M: f64 = 50.0;
/// Exact readings this close in score are a tie.
const TIE_SCORE: f32 = 0.02;

/// Score factors of a street-only and a postcode answer (see `place` for numbers).
const SCORE_STREET_ASKED: f32 = 0.7;
const SCORE_POSTCODE: f32 = 0.3;
/// Score lost per edit of a misspelt name, and for a short form.
const SCORE_PER_EDIT: f32 = 0.08;
const SCORE_SHORT_FORM: f32 = 0.98;

/// One way to read an address, and the answer it gives.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub position: LonLat,
    pub level: MatchLevel,
    pub score: f32,
    pub label: String,
    pub street: Option<u32>,
    /// Edits between the address's street and the name matched (0 = exact).
    pub edits: usize,
    /// Agreement of postcode and city with the street, 0..=1.
    pub context: f32,
}

/// What an address amounts to.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Nothing in the area: rubbish, or an address from elsewhere.
    Nothing,
    /// Readings too close to call, best first (for review only).
    Ambiguous(Vec<Reading>),
    /// Readings best first; the first is the answer.
    Found(Vec<Reading>),
}

/// A street name found in the address.
#[derive(Debug, Clone)]
struct Hit {
    /// Token range of the name (a Chinese substring's token).
    start: usize,
    end: usize,
    /// Character range in the whole address, for nesting.
    cover: (usize, usize),
    street: u32,
    name: u16,
    form: Form,
    edits: usize,
    number: Option<HouseNumber>,
}

impl Hit {
    /// An indexed name found over tokens `start..end`, `edits` away from the address's text.
    fn of(
        found: &NameHit,
        (start, end): (usize, usize),
        cover: (usize, usize),
        edits: usize,
        number: Option<HouseNumber>,
    ) -> Self {
        Hit {
            start,
            end,
            cover,
            street: found.street,
            name: found.name,
            form: found.form,
            edits,
            number,
        }
    }
}

/// Whether `address` is longer than [`MAX_ADDRESS_CHARS`], counting no further.
fn is_too_long(address: &str) -> bool {
    address.len() > MAX_ADDRESS_CHARS && address.chars().nth(MAX_ADDRESS_CHARS).is_some()
}

/// Reads an address.
pub(crate) fn read(index: &Index, address: &str) -> Outcome {
    // An e-mail address is never a postal one, whatever words it contains. A text longer
    // than any address is not read at all: matching is quadratic in its words.
    if address.contains('@') || is_too_long(address) {
        return Outcome::Nothing;
    }
    let p = Parsed::new(address, index.four_digit_postcodes);
    if p.tokens.is_empty() {
        return Outcome::Nothing;
    }
    let ctx = Context::new(index, &p);
    let said = Said::new(&index.places, &p);
    if said.elsewhere {
        return Outcome::Nothing;
    }
    let mut hits = exact_hits(index, &p);
    let exact_has_number = hits.iter().any(|h| h.number.is_some());
    if !exact_has_number && (hits.is_empty() || p.has_house_number()) {
        hits.extend(fuzzy_hits(index, &p));
    }
    drop_nested(&mut hits);
    if hits.iter().any(|h| h.number.is_some()) {
        hits.retain(|h| h.number.is_some());
    }
    hits.retain(|h| !ctx.is_elsewhere(h.start, h.end, h.cover));
    let in_place = |h: &Hit| {
        index
            .streets
            .get(h.street as usize)
            .and_then(|s| ctx.in_named_place(s))
    };
    if hits.iter().any(|h| in_place(h) == Some(true)) {
        hits.retain(|h| in_place(h) == Some(true));
    }
    let mut beyond = false;
    let mut found: Vec<Reading> = Vec::with_capacity(hits.len());
    for h in &hits {
        match reading(index, &ctx, h) {
            Some(r) => found.push(r),
            None => beyond = true,
        }
    }
    if beyond && found.is_empty() {
        // The street runs out of the area before this number: not here, not even its
        // postcode's centroid.
        return Outcome::Nothing;
    }
    let mut readings = said.restrict(&index.places, found, |r| r.position, |r| &mut r.score);
    if let Some(outcome) = prefer_compound(&readings, &said, index, &ctx) {
        return outcome;
    }
    if readings.is_empty() {
        return postcode_reading(index, &ctx).map_or(Outcome::Nothing, |r| Outcome::Found(vec![r]));
    }
    readings.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.edits.cmp(&b.edits))
            .then(a.street.cmp(&b.street))
    });
    let mut seen: Vec<Option<u32>> = Vec::new();
    readings.retain(|r| {
        let fresh = !seen.contains(&r.street);
        seen.push(r.street);
        fresh
    });
    decide(readings)
}

/// The runs of tokens a street name may span: consecutive words, and with `numerals`
/// numbers among them too (`Boulevard Albert 1er`, `Rue du 4 Septembre`).
fn word_runs(p: &Parsed, free_only: bool, numerals: bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for i in 0..=p.tokens.len() {
        let ok = p.tokens.get(i).is_some_and(|t| {
            let kind = t.class == Class::Word || (numerals && t.class == Class::Num);
            kind && (!free_only || p.roles[i] == Role::Free)
        });
        match (ok, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn exact_hits(index: &Index, p: &Parsed) -> Vec<Hit> {
    let offsets = p.char_offsets();
    let mut hits = Vec::new();
    for (a, b) in word_runs(p, false, index.numeral_names) {
        // A name starts with a word.
        for i in (a..b).filter(|&i| p.tokens[i].class == Class::Word) {
            let mut key = String::new();
            for j in i..b.min(i + MAX_SPAN_TOKENS) {
                key.push_str(&p.tokens[j].text);
                let Some(found) = index.names.get(&key) else {
                    continue;
                };
                let number = p.number_after(j + 1).or_else(|| p.number_before(i));
                let cover = (offsets[i], offsets[j + 1]);
                hits.extend(
                    found
                        .iter()
                        .map(|h| Hit::of(h, (i, j + 1), cover, 0, number)),
                );
            }
        }
    }
    for (i, t) in p.tokens.iter().enumerate() {
        if t.class != Class::Cjk {
            continue;
        }
        let run = t.text.as_str();
        let number = p.number_after(i + 1);
        let byte_to_char: std::collections::HashMap<usize, usize> = run
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(run.len()))
            .enumerate()
            .map(|(k, b)| (b, offsets[i] + k))
            .collect();
        for (s, e, suffix) in chinese::substrings(run) {
            let Some(found) = run.get(s..e).and_then(|k| index.names.get(k)) else {
                continue;
            };
            let cover = (
                byte_to_char.get(&s).copied().unwrap_or(0),
                byte_to_char.get(&e).copied().unwrap_or(0),
            );
            let number = if suffix { number } else { None };
            hits.extend(
                found
                    .iter()
                    .map(|h| Hit::of(h, (i, i + 1), cover, 0, number)),
            );
        }
    }
    hits
}

fn fuzzy_hits(index: &Index, p: &Parsed) -> Vec<Hit> {
    let offsets = p.char_offsets();
    let has_number = p.has_house_number();
    let mut hits: Vec<Hit> = Vec::new();
    for (a, b) in word_runs(p, true, false) {
        for i in a..b {
            let mut key = String::new();
            for j in i..b.min(i + MAX_SPAN_TOKENS) {
                key.push_str(&p.tokens[j].text);
                let number = p.number_after(j + 1).or_else(|| p.number_before(i));
                let chars = offsets[j + 1] - offsets[i];
                if has_number && number.is_none() {
                    continue;
                }
                if !has_number && chars < MIN_STREET_ONLY_FUZZY_CHARS {
                    continue;
                }
                if index.cities.contains(&key) || index.foreign_cities.contains(&key) {
                    continue;
                }
                let allowed = max_edits(chars);
                let first = key.chars().next();
                for (id, d) in index.fuzzy.search(&key, allowed) {
                    let candidate = index.fuzzy.key(id);
                    // A wrong first letter is rarer than other slips: it costs one more edit.
                    let edits = d + usize::from(candidate.chars().next() != first);
                    if edits > allowed {
                        continue;
                    }
                    let Some(found) = index.names.get(candidate) else {
                        continue;
                    };
                    let cover = (offsets[i], offsets[j + 1]);
                    hits.extend(
                        found
                            .iter()
                            .map(|h| Hit::of(h, (i, j + 1), cover, edits, number)),
                    );
                }
            }
        }
    }
    // One hit per street: the fewest edits, then the longest span.
    hits.sort_by_key(|h| (h.street, h.edits, std::cmp::Reverse(h.cover.1 - h.cover.0)));
    hits.dedup_by_key(|h| h.street);
    hits
}

/// Drops hits whose text lies strictly inside another hit's (`Roobertinkatu` inside
/// `Iso Roobertinkatu`).
fn drop_nested(hits: &mut Vec<Hit>) {
    let covers: Vec<(usize, usize)> = hits.iter().map(|h| h.cover).collect();
    hits.retain(|h| {
        let (a, b) = h.cover;
        !covers
            .iter()
            .any(|&(c, d)| c <= a && b <= d && (d - c) > (b - a))
    });
}

fn name_score(h: &Hit) -> f32 {
    if h.edits > 0 {
        (1.0 - SCORE_PER_EDIT * h.edits as f32).max(0.0)
    } else if h.form == Form::Short {
        SCORE_SHORT_FORM
    } else {
        1.0
    }
}

/// The answer a hit gives; `None` when its number lies beyond the part of its street the
/// area holds.
fn reading(index: &Index, ctx: &Context, hit: &Hit) -> Option<Reading> {
    let street = index.streets.get(hit.street as usize)?;
    let name = street
        .names
        .get(hit.name as usize)
        .or_else(|| street.names.first())?;
    let context = ctx.agreement(street, hit.start, hit.end);
    let Placed {
        position,
        level,
        factor,
        label,
    } = match hit.number {
        Some(n) => place::number(index, (hit.street, street), name, n, ctx.postcode())?,
        None => Placed {
            position: street.point,
            level: MatchLevel::Street,
            factor: SCORE_STREET_ASKED,
            label: place::label(name, None, None, street.city.as_deref()),
        },
    };
    Some(Reading {
        position,
        level,
        score: (name_score(hit) * factor * context).clamp(0.0, 1.0),
        label,
        street: Some(hit.street),
        edits: hit.edits,
        context,
    })
}

fn postcode_reading(index: &Index, ctx: &Context) -> Option<Reading> {
    if ctx.is_elsewhere(0, 0, (0, 0)) {
        return None;
    }
    let key = ctx.known_postcode()?;
    let position = *index.postcodes.get(key)?;
    let city = ctx.area_city();
    let shown = place::postcode_display(index, key);
    let city_shown = city
        .and_then(|c| index.city_labels.get(c))
        .map(String::as_str);
    Some(Reading {
        position,
        level: MatchLevel::Postcode,
        score: SCORE_POSTCODE,
        label: place::label(&shown, None, None, city_shown),
        street: None,
        edits: 0,
        context: 1.0,
    })
}

/// The Chinese rules 3 and 4 of `compound`: a house reading stands (`None`); else the
/// compounds and POIs named, best first, a tie between two far apart ambiguous; else
/// (`None`) the street readings as they were.
fn prefer_compound(
    streets: &[Reading],
    said: &Said,
    index: &Index,
    ctx: &Context,
) -> Option<Outcome> {
    if streets.iter().any(|r| r.level == MatchLevel::House) {
        return None;
    }
    let mut all: Vec<Reading> = said
        .places(&index.places)
        .into_iter()
        .filter(|h| !ctx.is_elsewhere(h.token, h.token + 1, h.cover))
        .map(|h| Reading {
            position: h.position,
            level: if h.building {
                MatchLevel::House
            } else {
                MatchLevel::Compound
            },
            score: if h.building {
                h.factor
            } else {
                SCORE_COMPOUND * h.factor
            },
            label: h.label,
            street: None,
            edits: 0,
            context: 1.0,
        })
        .collect();
    all.sort_by(|a, b| b.score.total_cmp(&a.score));
    let best = all.first()?.clone();
    let tie = all[1..]
        .iter()
        .any(|r| r.score >= best.score - 1e-6 && distance_m(r.position, best.position) > AGREE_M);
    all.extend(streets.iter().cloned());
    Some(if tie {
        Outcome::Ambiguous(all)
    } else {
        Outcome::Found(all)
    })
}

/// The best reading answers unless another street ties with it and lies elsewhere: for a
/// misspelt name, any street the same number of edits away that fits postcode and city as
/// well and scores within [`TIE_SCORE`] (a street that has the house beats one that would
/// only interpolate it, as with exact names); for an exact name, any street scoring within
/// [`TIE_SCORE`].
fn decide(readings: Vec<Reading>) -> Outcome {
    let Some(best) = readings.first() else {
        return Outcome::Nothing;
    };
    let rival = readings[1..].iter().any(|r| {
        let tie = if best.edits > 0 {
            r.edits == best.edits
                && r.context >= best.context - 1e-6
                && r.score >= best.score - TIE_SCORE
        } else {
            r.edits == 0 && r.score >= best.score - TIE_SCORE
        };
        tie && r.street != best.street && distance_m(r.position, best.position) > AGREE_M
    });
    if rival {
        Outcome::Ambiguous(readings)
    } else {
        Outcome::Found(readings)
    }
}
