//! Street-name keys: every spelling under which one name of a street can be found.
//!
//! A key is the folded tokens of a name joined without spaces (see
//! [`super::normalise::name_key`]), so spacing and hyphens never matter. Besides the full
//! key, a name is indexed under the short forms people write: the street-type ending
//! shortened (`Mäkelänkatu` → `mäkelänk`, `Mannerheimvägen` → `mannerheimv`, `Main
//! Street` → `mainst`), a leading direction word shortened (`Pohjoinen Makasiinikatu` →
//! `pohjmakasiinikatu`), both at once, and the German `ae/oe/ue` spelling of umlauts.

use super::normalise::{Class, normalise_key, tokens};
use super::vocab::{LEADING_ABBREVIATIONS, SUFFIX_ABBREVIATIONS, WORD_ABBREVIATIONS};

/// How a key spells a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Form {
    /// The whole name (up to case, spacing, punctuation and diacritics).
    Full,
    /// A customary short form of it.
    Short,
}

/// The shortest stem a shortened ending may leave (`Tie` is not `T.`).
const MIN_STEM_CHARS: usize = 3;

/// Every key of one street name, the full key first; empty for a name without letters.
pub(crate) fn name_keys(name: &str) -> Vec<(String, Form)> {
    let key = normalise_key(name);
    let toks = tokens(&key);
    if toks.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    let full: String = words.concat();
    let mut out = vec![(full.clone(), Form::Full)];
    if toks.iter().any(|t| t.class == Class::Cjk) || !toks.iter().any(|t| t.class == Class::Word) {
        return out;
    }

    // Alternatives for the first and the last word; index 0 is the word itself.
    let last_i = words.len() - 1;
    let mut lasts: Vec<String> = vec![words[last_i].to_owned()];
    if words.len() >= 2 {
        if let Some((_, shorts)) = WORD_ABBREVIATIONS.iter().find(|(w, _)| *w == words[last_i]) {
            lasts.extend(shorts.iter().map(|s| (*s).to_owned()));
        }
    }
    if lasts.len() == 1 {
        let last = words[last_i];
        if let Some((suffix, shorts)) = SUFFIX_ABBREVIATIONS
            .iter()
            .find(|(s, _)| last.ends_with(s) && last.len() >= s.len() + MIN_STEM_CHARS)
        {
            let stem = &last[..last.len() - suffix.len()];
            lasts.extend(shorts.iter().map(|s| format!("{stem}{s}")));
        }
    }
    let mut firsts: Vec<String> = vec![words[0].to_owned()];
    if words.len() >= 2 {
        if let Some((_, shorts)) = LEADING_ABBREVIATIONS.iter().find(|(w, _)| *w == words[0]) {
            firsts.extend(shorts.iter().map(|s| (*s).to_owned()));
        }
    }
    for (fi, first) in firsts.iter().enumerate() {
        for (li, last) in lasts.iter().enumerate() {
            if fi == 0 && li == 0 {
                continue;
            }
            let k = if words.len() == 1 {
                last.clone()
            } else {
                let middle = words[1..last_i].concat();
                format!("{first}{middle}{last}")
            };
            push_unique(&mut out, k, Form::Short);
        }
    }

    // German transliteration of umlauts: Müllerstraße = Muellerstrasse.
    if key.contains(['ä', 'ö', 'ü']) {
        let spelled = key.replace('ä', "ae").replace('ö', "oe").replace('ü', "ue");
        let k: String = tokens(&spelled).into_iter().map(|t| t.text).collect();
        push_unique(&mut out, k, Form::Full);
    }
    out
}

fn push_unique(out: &mut Vec<(String, Form)>, key: String, form: Form) {
    if !key.is_empty() && !out.iter().any(|(k, _)| *k == key) {
        out.push((key, form));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str) -> Vec<String> {
        name_keys(name).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn finnish_and_swedish_endings_are_shortened() {
        assert_eq!(keys("Mäkelänkatu")[..2], ["makelankatu", "makelank"]);
        assert_eq!(
            keys("Mannerheimintie"),
            ["mannerheimintie", "mannerheimint"]
        );
        assert_eq!(
            keys("Mannerheimvägen"),
            [
                "mannerheimvagen",
                "mannerheimv",
                "mannerheimvag",
                "mannerheimvaegen"
            ]
        );
        assert_eq!(
            keys("Fredriksgatan"),
            ["fredriksgatan", "fredriksg", "fredriksgat"]
        );
        assert!(keys("Alvar Aallon katu").contains(&"alvaraallonk".to_owned()));
        // No stem left: not shortened.
        assert_eq!(keys("Tie"), ["tie"]);
    }

    #[test]
    fn leading_words_types_and_umlauts() {
        let k = keys("Pohjoinen Makasiinikatu");
        assert!(k.contains(&"pohjmakasiinik".to_owned()), "{k:?}");
        assert!(k.contains(&"pmakasiinikatu".to_owned()), "{k:?}");
        let k = keys("Main Street");
        assert!(k.contains(&"mainst".to_owned()), "{k:?}");
        let k = keys("Müllerstraße");
        assert!(k.contains(&"mullerstr".to_owned()), "{k:?}");
        assert!(k.contains(&"muellerstrasse".to_owned()), "{k:?}");
        assert_eq!(name_keys("世纪大道"), [("世纪大道".to_owned(), Form::Full)]);
        assert!(name_keys(" - ").is_empty());
    }
}
