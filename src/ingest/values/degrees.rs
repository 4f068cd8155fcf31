//! Angles in degrees (latitudes, longitudes): decimal degrees and
//! degrees-minutes-seconds, with hemisphere letters or their Chinese forms.

use std::borrow::Cow;

use super::{ValueError, is_digits, nfkc};

/// Parses an angle in degrees (a latitude or longitude; range checks happen elsewhere).
///
/// Accepted: decimal degrees with `.` or a single `,` as decimal separator (`31.2304`,
/// `31,2304`), an optional `°`, a hemisphere letter `N`/`S`/`E`/`W` before or after (`S`
/// and `W` negate; also `北纬`/`南纬`/`东经`/`西经`), a leading minus, and
/// degrees-minutes(-seconds) forms: `60°10'11.6"N`, `60 10 11.6 N`, `24°56.4'E`,
/// `31度13分49秒`. Only the last component may have a fraction; minutes and seconds must
/// be below 60.
///
/// # Units
/// Returns decimal degrees.
///
/// # Errors
/// [`ValueError::NotDegrees`] for anything else, including a minus together with a
/// hemisphere letter.
///
/// ```
/// use catchment::ingest::values::parse_degrees;
/// assert!((parse_degrees("24°56.4'W").unwrap() + 24.94).abs() < 1e-12);
/// assert!((parse_degrees("60°10'11.6\"N").unwrap() - 60.169_888_9).abs() < 1e-6);
/// ```
pub fn parse_degrees(s: &str) -> Result<f64, ValueError> {
    let err = || ValueError::NotDegrees(s.trim().to_owned());
    // The common cell, a plain decimal such as `-31.2304`, needs none of what follows
    // (and short enough that it cannot overflow to infinity).
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let plain = unsigned.len() <= 32 && is_digits(whole) && is_digits(fraction);
    if plain {
        return s.parse().map_err(|_| err());
    }
    // NFKC would turn the masculine ordinal some keyboards type for ° into an `o`.
    let pre: Cow<'_, str> = if s.contains(['º', '˚']) {
        Cow::Owned(s.replace(['º', '˚'], "°"))
    } else {
        Cow::Borrowed(s)
    };
    let n = nfkc(&pre);
    degrees_normalised(n.trim()).ok_or_else(err)
}

pub(super) fn degrees_normalised(t: &str) -> Option<f64> {
    let (t, hemisphere_negative) = strip_hemisphere(t)?;
    let t = t.trim();
    let (t, negative) = match t.strip_prefix(['-', '−']) {
        Some(r) => (r, true),
        None => (t.strip_prefix('+').unwrap_or(t), false),
    };
    if negative && hemisphere_negative.is_some() {
        return None;
    }
    let parts = dms_components(t)?;
    let mut value = 0.0;
    for (i, part) in parts.iter().enumerate() {
        let fractional_ok = i + 1 == parts.len();
        if (part.has_fraction && !fractional_ok) || part.mark.is_some_and(|m| m != i) {
            return None;
        }
        if i > 0 && part.value >= 60.0 {
            return None;
        }
        value += part.value / [1.0, 60.0, 3600.0][i];
    }
    let negate = negative || hemisphere_negative == Some(true);
    value
        .is_finite()
        .then_some(if negate { -value } else { value })
}

/// Removes a hemisphere marker at either end; returns whether it negates (None: absent).
fn strip_hemisphere(t: &str) -> Option<(&str, Option<bool>)> {
    const CJK: [(&str, bool); 8] = [
        ("北纬", false),
        ("南纬", true),
        ("东经", false),
        ("西经", true),
        ("北緯", false),
        ("南緯", true),
        ("東經", false),
        ("西經", true),
    ];
    let letter = |c: char| match c.to_ascii_uppercase() {
        'N' | 'E' => Some(false),
        'S' | 'W' => Some(true),
        _ => None,
    };
    for (prefix, neg) in CJK {
        if let Some(r) = t.strip_prefix(prefix) {
            return Some((r, Some(neg)));
        }
    }
    let mut chars = t.chars();
    let first = chars.next()?;
    let second = chars.next();
    let last = t.chars().next_back()?;
    let before_last = t.chars().rev().nth(1);
    let lone = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphabetic());
    let head = letter(first).filter(|_| lone(second));
    let tail = letter(last).filter(|_| lone(before_last) && t.len() > 1);
    match (head, tail) {
        (Some(_), Some(_)) => None,
        (Some(neg), None) => Some((&t[1..], Some(neg))),
        (None, Some(neg)) => Some((&t[..t.len() - 1], Some(neg))),
        (None, None) => Some((t, None)),
    }
}

struct Component {
    value: f64,
    has_fraction: bool,
    /// 0 for degrees (`°`), 1 for minutes (`'`), 2 for seconds (`"`), None if unmarked.
    mark: Option<usize>,
}

/// Splits `60°10'11.6"` or `60 10 11,6` into 1–3 numeric components with their marks.
fn dms_components(t: &str) -> Option<Vec<Component>> {
    let mut parts: Vec<Component> = Vec::with_capacity(3);
    let mut number = String::new();
    let finish = |number: &mut String, parts: &mut Vec<Component>| -> Option<()> {
        if !number.is_empty() {
            parts.push(decimal_component(number)?);
            number.clear();
        }
        Some(())
    };
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        let mark = match c {
            '0'..='9' | '.' | ',' => {
                number.push(c);
                continue;
            }
            c if c.is_whitespace() => {
                finish(&mut number, &mut parts)?;
                continue;
            }
            '°' | '度' => 0,
            '\'' | '′' | '’' if chars.peek().is_some_and(|n| matches!(n, '\'' | '′' | '’')) =>
            {
                chars.next();
                2
            }
            '\'' | '′' | '’' | '分' => 1,
            '"' | '″' | '”' | '秒' => 2,
            _ => return None,
        };
        finish(&mut number, &mut parts)?;
        let last = parts.last_mut()?;
        if last.mark.is_some() {
            return None;
        }
        last.mark = Some(mark);
    }
    finish(&mut number, &mut parts)?;
    (1..=3).contains(&parts.len()).then_some(parts)
}

/// `31`, `31.2304` or `31,2304` (digits on both sides of a single separator).
fn decimal_component(token: &str) -> Option<Component> {
    let (int, frac) = match token.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (token, None),
    };
    if !is_digits(int) || frac.is_some_and(|f| !is_digits(f)) {
        return None;
    }
    let ascii = match frac {
        Some(f) => format!("{int}.{f}"),
        None => int.to_owned(),
    };
    Some(Component {
        value: ascii.parse().ok()?,
        has_fraction: frac.is_some(),
        mark: None,
    })
}
