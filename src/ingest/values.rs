//! Cell values as real till and CRM exports write them: dates in a dozen styles
//! (ISO, `2024/5/1`, `01.05.2024`, `2024年5月1日`; Excel serials apart), money with currency
//! decorations and either decimal convention, visit counts and angles in degrees.
//!
//! Every parser NFKC-normalises first, so full-width digits and punctuation typed with a
//! Chinese IME (`２０２４．５．１`, `１，２３４．５０`) read like their ASCII forms, and trims.
//! Parsers return a [`ValueError`] naming the value and an example of what was expected;
//! the caller adds the file, row and column. Range checks (a latitude within ±90°, a date
//! not in the future) belong to the caller, not here.
//!
//! Each kind of value has its own submodule (dates, money, counts, degrees); their
//! parsers are re-exported here, next to the text cleaning they all share.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

mod count;
mod dates;
mod degrees;
mod money;
#[cfg(test)]
mod tests;

pub use count::parse_count;
pub(crate) use dates::ymd;
pub use dates::{parse_date, parse_serial_date};
pub use degrees::parse_degrees;
pub use money::parse_money_cents;

/// Why a cell value could not be read; each message names the value and shows an example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a date in any supported style, or not a real calendar day (`2024-02-30`).
    #[error("'{0}' is not a date (expected e.g. 2024-05-01)")]
    NotADate(String),
    /// Not an amount of money.
    #[error("'{0}' is not an amount of money (expected e.g. 1234.50)")]
    NotMoney(String),
    /// An amount of money whose cents do not fit an `i64`.
    #[error("'{0}' is too large an amount of money (at most 92233720368547758.07)")]
    MoneyTooLarge(String),
    /// Not a non-negative whole number.
    #[error("'{0}' is not a count (expected a whole number, e.g. 12)")]
    NotACount(String),
    /// A count above `u32::MAX`.
    #[error("'{0}' is too large a count (at most 4294967295)")]
    CountTooLarge(String),
    /// Not an angle in decimal degrees or degrees-minutes-seconds.
    #[error("'{0}' is not an angle in degrees (expected e.g. 31.2304 or 31°13'49.4\"N)")]
    NotDegrees(String),
}

/// NFKC without allocating for the common cell that is already NFKC.
fn nfkc(s: &str) -> Cow<'_, str> {
    // ASCII and the CJK Unified Ideographs (U+4E00–U+9FFF, the characters of ordinary
    // Chinese text) are all NFKC on their own and never combine with what precedes them.
    let plain = |c: char| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c);
    if s.chars().all(plain)
        || unicode_normalization::is_nfkc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Characters that show nothing and mean nothing in a cell, yet make two equal ids differ:
/// byte-order marks, zero-width spaces and joiners, word joiners, soft hyphens and
/// direction marks (copied in from web pages and spreadsheets).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{00ad}' | '\u{202a}'..='\u{202e}'
    )
}

/// Normalises free text: invisible characters dropped, NFKC, trim, and collapse each run of
/// whitespace to one space.
///
/// ```
/// use catchment::ingest::values::clean_text;
/// assert_eq!(clean_text("  上海市　浦东新区\u{a0} 世纪大道１００号 "), "上海市 浦东新区 世纪大道100号");
/// assert_eq!(clean_text("\u{feff}A0\u{200b}01"), "A001");
/// ```
pub fn clean_text(s: &str) -> String {
    let visible: String;
    let s = if s.chars().any(is_invisible) {
        visible = s.chars().filter(|c| !is_invisible(*c)).collect();
        visible.as_str()
    } else {
        s
    };
    let n = nfkc(s);
    let trimmed = n.trim();
    // Most cells have no whitespace to collapse: one space between words at most.
    let mut after_space = false;
    let collapse = trimmed.chars().any(|c| {
        let odd = c.is_whitespace() && (c != ' ' || after_space);
        after_space = c == ' ';
        odd
    });
    if !collapse {
        return trimmed.to_owned();
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A cell's value: its [`clean_text`], or `None` when that is empty or one of the
/// placeholders exports write for "no value": `-`, `—`, `–`, `n/a`, `#N/A`, `na`, `null`,
/// `none`, `无`, `空`, `/` (any case, full-width forms included).
pub fn cell_value(s: &str) -> Option<String> {
    const MISSING: [&str; 11] = [
        "-", "—", "–", "n/a", "#n/a", "na", "null", "none", "无", "空", "/",
    ];
    let text = clean_text(s);
    // Every placeholder is at most 4 bytes long.
    let missing = text.is_empty()
        || (text.len() <= 4 && MISSING.iter().any(|m| text.eq_ignore_ascii_case(m)));
    (!missing).then_some(text)
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits of an integer with optional thousands grouping: with any of `seps` present the
/// first group has 1–3 digits and every later group exactly 3. An empty string gives "0".
fn grouped_digits(int: &str, seps: &[char]) -> Option<String> {
    if int.is_empty() {
        return Some("0".to_owned());
    }
    if is_digits(int) {
        return Some(int.to_owned());
    }
    let mut out = String::with_capacity(int.len());
    for (i, group) in int.split(|c| seps.contains(&c)).enumerate() {
        let ok = if i == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !ok || !is_digits(group) {
            return None;
        }
        out.push_str(group);
    }
    Some(out)
}
