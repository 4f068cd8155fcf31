//! Visit counts: non-negative whole numbers, optionally grouped and suffixed (`次`, `x`).

use super::{ValueError, grouped_digits, nfkc};

/// Parses a visit count: a non-negative whole number, optionally grouped (`1,234`) and
/// followed by `次`, `x` or `times`. A zero fraction of one or two digits (`12.0`,
/// `12.00`) is accepted because spreadsheets export whole numbers that way; `1.000` is
/// rejected as ambiguous (1 or a German 1000).
///
/// # Errors
/// [`ValueError::NotACount`] for anything else (`12.5`, `-3`), [`ValueError::CountTooLarge`]
/// above `u32::MAX`.
pub fn parse_count(s: &str) -> Result<u32, ValueError> {
    let n = nfkc(s);
    let not_count = || ValueError::NotACount(s.trim().to_owned());
    let mut t = n.trim();
    for suffix in ["times", "次", "x", "×"] {
        let cut = t.len().saturating_sub(suffix.len());
        if t.get(cut..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
        {
            t = t[..cut].trim_end();
            break;
        }
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    let int = match t.split_once('.') {
        Some((int, "0" | "00")) => int,
        Some(_) => return Err(not_count()),
        None => t,
    };
    if int.is_empty() {
        return Err(not_count());
    }
    let digits = grouped_digits(int, &[',', ' ', '\'', '’']).ok_or_else(not_count)?;
    let mut value: u32 = 0;
    for d in digits.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(d - b'0')))
            .ok_or_else(|| ValueError::CountTooLarge(s.trim().to_owned()))?;
    }
    Ok(value)
}
