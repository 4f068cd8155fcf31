//! Text normalisation: the cache key, and the folded tokens the parser and matcher read.
//!
//! [`normalise_key`] is the one canonical spelling of an address. It applies NFKC (full-
//! width letters and digits become ASCII, composed and decomposed forms become one),
//! lower-cases, spells `ß` as `ss`, and keeps only the tokens: runs of letters, runs of
//! digits and runs of CJK characters, one space between each. Punctuation and whitespace
//! only separate tokens, a letter–digit boundary separates them too (`12a` = `12 a`), and
//! whitespace between two CJK characters is dropped (Chinese is written without spaces).
//! So two inputs that differ only in case, spacing, punctuation, width or Unicode form get
//! the same key, and the matcher reads nothing but the key, so a cache keyed on it is sound.
//!
//! [`tokens`] splits a key and folds each word for matching: diacritics are dropped
//! (`Mäkelänkatu` and `Makelankatu` match) and a few letters without a decomposition are
//! spelled out (`ø` → `o`, `æ` → `ae`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Letters of an alphabetic script (Latin, Cyrillic, Greek, Hangul, …).
    Word,
    /// ASCII digits (full-width digits are ASCII after NFKC).
    Num,
    /// Han characters and kana: a run of them is one token.
    Cjk,
}

/// One token of a normalised key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub class: Class,
    /// The folded form for words (no diacritics), the key text for digits and CJK.
    pub text: String,
}

impl Token {
    /// The value of a digit token, when it fits in a `u32`.
    pub fn number(&self) -> Option<u32> {
        if self.class == Class::Num {
            self.text.parse().ok()
        } else {
            None
        }
    }

    /// Number of characters (not bytes).
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }
}

/// Han ideographs (with extensions and compatibility forms), kana and the iteration mark.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

fn class_of(c: char) -> Option<Class> {
    if c.is_ascii_digit() {
        Some(Class::Num)
    } else if is_cjk(c) {
        Some(Class::Cjk)
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        // Non-ASCII digits (Arabic-Indic, …) count as letters: they cannot be house numbers
        // here, but they still must not vanish from the key.
        Some(Class::Word)
    } else {
        None
    }
}

/// The canonical spelling of an address: the cache key, and the only text the matcher
/// reads. See the module docs for what it folds.
pub fn normalise_key(address: &str) -> String {
    // Most addresses are already in NFKC (all ASCII ones are): then the composing
    // iterator, the costliest step of reading an address, is skipped.
    if is_nfkc_quick(address.chars()) == IsNormalized::Yes {
        key_of(address.chars(), address.len())
    } else {
        key_of(address.nfkc(), address.len())
    }
}

fn key_of(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut last: Option<Class> = None;
    let mut gap = false;
    for c in chars.flat_map(char::to_lowercase) {
        let Some(class) = class_of(c) else {
            gap = true;
            continue;
        };
        if let Some(prev) = last {
            let join = prev == class && (!gap || class == Class::Cjk);
            if !join {
                out.push(' ');
            }
        }
        if c == 'ß' {
            out.push_str("ss");
        } else {
            out.push(c);
        }
        last = Some(class);
        gap = false;
    }
    out
}

/// Folds one word for matching: no diacritics, a few letters spelled out.
pub(crate) fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        return word.to_owned();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.push(c),
        }
    }
    out
}

/// Splits a normalised key into classified tokens, words folded.
pub(crate) fn tokens(key: &str) -> Vec<Token> {
    key.split(' ')
        .filter(|t| !t.is_empty())
        .filter_map(|t| {
            let class = class_of(t.chars().next()?)?;
            let text = match class {
                Class::Word => fold_word(t),
                Class::Num | Class::Cjk => t.to_owned(),
            };
            Some(Token { class, text })
        })
        .collect()
}

/// Normalises and tokenises in one step.
pub(crate) fn tokenise(text: &str) -> Vec<Token> {
    tokens(&normalise_key(text))
}

/// The matching key of a name: its folded tokens concatenated without spaces, so
/// `Asema-aukio`, `Asema aukio` and `Asemaaukio` are one key.
pub(crate) fn name_key(name: &str) -> String {
    tokenise(name).into_iter().map(|t| t.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn key_folds_case_space_punctuation_width_and_form() {
        let forms = [
            "Mäkelänkatu 12 B, 00510 Helsinki",
            "  MÄKELÄNKATU   12b  00510 helsinki. ",
            "ｍäｋｅｌäｎｋａｔｕ　１２Ｂ，００５１０ Ｈｅｌｓｉｎｋｉ",
            "Ma\u{308}kela\u{308}nkatu 12-B; 00510 Helsinki",
        ];
        for f in forms {
            assert_eq!(normalise_key(f), "mäkelänkatu 12 b 00510 helsinki", "{f}");
        }
        assert_eq!(normalise_key("Hauptstraße 5"), "hauptstrasse 5");
        assert_eq!(normalise_key("HAUPTSTRASSE 5"), "hauptstrasse 5");
    }

    #[test]
    fn key_splits_scripts_and_joins_cjk() {
        assert_eq!(
            normalise_key("上海市 浦东新区世纪大道１００号3单元502室"),
            "上海市浦东新区世纪大道 100 号 3 单元 502 室"
        );
        assert_eq!(normalise_key("A座"), "a 座");
        assert_eq!(normalise_key("c/o Virtanen"), "c o virtanen");
        assert_eq!(normalise_key("--- ,,, "), "");
    }

    #[test]
    fn key_keeps_numbers_apart() {
        // "1 23" (house 1, flat 23) must not collide with "12 3" (house 12, flat 3).
        assert_ne!(normalise_key("Katu 1 23"), normalise_key("Katu 12 3"));
    }

    #[test]
    fn tokens_fold_diacritics_and_classify() {
        let t = tokenise("Mäkelänkatu 12a, Søndergade 世纪大道");
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["makelankatu", "12", "a", "sondergade", "世纪大道"]);
        assert_eq!(t[1].number(), Some(12));
        assert_eq!(t[4].class, Class::Cjk);
        assert_eq!(name_key("Asema-Aukio"), "asemaaukio");
        assert_eq!(name_key("Yrjö-Koskisen katu"), "yrjokoskisenkatu");
    }

    /// Case, width and punctuation variants of a string over letters the case mapping
    /// round-trips (no `ı`, `ſ` or final sigma, whose case mappings are not reversible).
    fn variant(s: &str, seed: &[u8]) -> String {
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            let r = seed.get(i % seed.len().max(1)).copied().unwrap_or(0);
            let c2: String = match r % 4 {
                0 => c.to_uppercase().collect(),
                1 => c.to_lowercase().collect(),
                2 => match c {
                    'a'..='z' | 'A'..='Z' | '0'..='9' => {
                        // The full-width form.
                        char::from_u32(c as u32 + 0xFEE0)
                            .map(String::from)
                            .unwrap_or_default()
                    }
                    _ => c.to_string(),
                },
                _ => c.nfd().collect(),
            };
            out.push_str(&c2);
            if c == ' ' || c == ',' {
                match r % 5 {
                    0 => out.push_str("  "),
                    1 => out.push_str(" ,. "),
                    2 => out.push('\u{3000}'),
                    3 => out.push_str(" - "),
                    _ => {}
                }
            }
        }
        out
    }

    proptest! {
        #[test]
        fn variants_share_a_key(
            s in "[a-zA-Z0-9äöåÄÖÅüéß 上海世纪大道号室,./-]{0,40}",
            seed in proptest::collection::vec(any::<u8>(), 1..16),
        ) {
            let v = variant(&s, &seed);
            prop_assert_eq!(normalise_key(&s), normalise_key(&v), "{:?} vs {:?}", s, v);
        }

        #[test]
        fn key_is_idempotent(s in any::<String>()) {
            let k = normalise_key(&s);
            prop_assert_eq!(normalise_key(&k), k.clone());
            let _ = tokens(&k);
        }
    }
}
