//! Street-name keys: every spelling under which one name of a street can be found.
//!
//! A key is the folded tokens of a name joined without spaces (see
//! [`super::normalise::name_key`]), so spacing and hyphens never matter. Besides the full
//! key, a name is indexed under the short forms people write: the street-type ending
//! shortened (`Mäkelänkatu` → `mäkelänk`, `Mannerheimvägen` → `mannerheimv`, `Main
//! Street` → `mainst`), a leading direction word shortened (`Pohjoinen Makasiinikatu` →
//! `pohjmakasiinikatu`), a street-type word before the name shortened (`Avenue de la
//! Costa` → `avdelacosta`, `Boulevard des Moulins` → `bddesmoulins`), the articles after
//! such a word left out (`Rue de la Turbie` → `rueturbie`), and the German `ae/oe/ue`
//! spelling of umlauts. Which words are types, endings, leading words and articles, and
//! their short forms, is data: `street_words.tsv` (see `vocab`).

use super::normalise::{Class, normalise_key, tokens};
use super::vocab::{WordKind, is_article, shorts_of, words_of};

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
        if let Some(shorts) = shorts_of(WordKind::Type, words[last_i]) {
            lasts.extend(shorts.iter().cloned());
        }
    }
    if lasts.len() == 1 {
        let last = words[last_i];
        if let Some(ending) = words_of(WordKind::Ending)
            .find(|e| last.ends_with(&e.word) && last.len() >= e.word.len() + MIN_STEM_CHARS)
        {
            let stem = &last[..last.len() - ending.word.len()];
            lasts.extend(ending.shorts.iter().map(|s| format!("{stem}{s}")));
        }
    }
    let mut firsts: Vec<String> = vec![words[0].to_owned()];
    if words.len() >= 2 {
        for kind in [WordKind::Lead, WordKind::Type] {
            if let Some(shorts) = shorts_of(kind, words[0]) {
                firsts.extend(shorts.iter().cloned());
            }
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

    // `Rue de la Turbie` is also written `Rue Turbie`: a type word, articles, a name.
    if words.len() >= 3 && shorts_of(WordKind::Type, words[0]).is_some() {
        let kept: Vec<&str> = std::iter::once(words[0])
            .chain(words[1..].iter().copied().skip_while(|w| is_article(w)))
            .collect();
        if kept.len() >= 2 && kept.len() < words.len() {
            push_unique(&mut out, kept.concat(), Form::Short);
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

    #[test]
    fn type_words_before_the_name_and_articles() {
        let k = keys("Avenue de la Costa");
        assert!(k.contains(&"avdelacosta".to_owned()), "{k:?}");
        assert!(k.contains(&"avenuecosta".to_owned()), "{k:?}");
        let k = keys("Boulevard des Moulins");
        assert!(k.contains(&"bddesmoulins".to_owned()), "{k:?}");
        let k = keys("Via del Corso");
        assert!(k.contains(&"vdelcorso".to_owned()), "{k:?}");
        assert!(k.contains(&"viacorso".to_owned()), "{k:?}");
        let k = keys("Kirchgasse");
        assert!(k.contains(&"kirchg".to_owned()), "{k:?}");
        assert_eq!(keys("Landstrasse")[..2], ["landstrasse", "landstr"]);
        // German names that begin with an article keep it: `Im Grund` is not `Grund`.
        assert_eq!(keys("Im Grund"), ["imgrund"]);
        assert_eq!(keys("An der Halde"), ["anderhalde"]);
    }
}
