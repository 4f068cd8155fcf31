//! Cell values as real till and CRM exports write them: dates in a dozen styles
//! (ISO, `2024/5/1`, `01.05.2024`, `2024年5月1日`, Excel serials), money with currency
//! decorations and either decimal convention, visit counts and angles in degrees.
//!
//! Every parser NFKC-normalises first, so full-width digits and punctuation typed with a
//! Chinese IME (`２０２４．５．１`, `１，２３４．５０`) read like their ASCII forms, and trims.
//! Parsers return a [`ValueError`] naming the value and an example of what was expected;
//! the caller adds the file, row and column. Range checks (a latitude within ±90°, a date
//! not in the future) belong to the caller, not here.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};
use unicode_normalization::UnicodeNormalization;

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

/// Normalises free text: NFKC, trim, and collapse each run of whitespace to one space.
///
/// ```
/// use catchment::ingest::values::clean_text;
/// assert_eq!(clean_text("  上海市　浦东新区\u{a0} 世纪大道１００号 "), "上海市 浦东新区 世纪大道100号");
/// ```
pub fn clean_text(s: &str) -> String {
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

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

/// Parses a calendar date; a time of day after the date is accepted and ignored.
///
/// Accepted styles: `2024-05-01`, `2024/5/1`, `2024.5.1`, `20240501`, `2024年5月1日`,
/// `01.05.2024` (dots with the year last: day first), `1/5/2024` and `1-5-2024` (year
/// last: day first as in most of the world, except that when the second number is above
/// 12 it can only be the day, so `5/13/2024` is read month first), and Excel serial day
/// numbers from 1 to 2958465 (1900 date system, with Excel's fictitious 1900-02-29 at
/// serial 60 rejected; a fraction is a time and ignored). A time may follow after a space
/// or `T`: `2024-05-01 13:45`, `2024-05-01T13:45:00Z`, `2024/5/1 9:05:00 PM`.
///
/// # Errors
/// [`ValueError::NotADate`] when no style matches or the day does not exist (`2024-02-30`).
///
/// ```
/// use catchment::ingest::values::parse_date;
/// let may_day = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
/// assert_eq!(parse_date("2024年5月1日 13:45").unwrap(), may_day);
/// assert_eq!(parse_date("45413").unwrap(), may_day);
/// assert!(parse_date("2024-13-45").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<NaiveDate, ValueError> {
    let n = nfkc(s);
    date_normalised(n.trim()).ok_or_else(|| ValueError::NotADate(s.trim().to_owned()))
}

fn date_normalised(t: &str) -> Option<NaiveDate> {
    if t.contains('年') {
        return cjk_date(t);
    }
    if let Some(d) = excel_serial_date(t) {
        return Some(d);
    }
    let (date, time) = split_time(t);
    if !time.is_empty() && !is_time(time) {
        return None;
    }
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&date[..4], &date[4..6], &date[6..]);
    }
    separated_date(date)
}

/// `2024年5月1日`, `2024 年 05 月 01 日`, optionally followed by a time.
fn cjk_date(t: &str) -> Option<NaiveDate> {
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, time) = match rest.find(['日', '号']) {
        Some(i) => {
            let end = rest[i..].chars().next().map_or(i, |c| i + c.len_utf8());
            (&rest[..i], &rest[end..])
        }
        None => split_time(rest.trim_start()),
    };
    let time = time.trim();
    if !time.is_empty() && !is_time(time) {
        return None;
    }
    let (y, m, d) = (y.trim(), m.trim(), d.trim());
    (y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len())).then_some(())?;
    ymd(y, m, d)
}

/// Splits `2024-05-01 13:45` / `2024-05-01T13:45` into date and the rest (with separator).
fn split_time(t: &str) -> (&str, &str) {
    let b = t.as_bytes();
    for (i, c) in t.char_indices() {
        let t_sep = (c == 'T' || c == 't') && i > 0 && b[i - 1].is_ascii_digit();
        if c.is_whitespace() || t_sep {
            return (&t[..i], &t[i..]);
        }
    }
    (t, "")
}

/// A time of day after a date: ` 13:45`, `T13:45:00.123Z`, ` 9:05:00 PM`, ` 下午3:05`,
/// `T13:45:00+08:00`. Only its shape is checked; its value is ignored.
fn is_time(rest: &str) -> bool {
    let mut t = rest.trim_start();
    if let Some(r) = t.strip_prefix(['T', 't']) {
        t = r;
    }
    for p in ["上午", "下午"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
        }
    }
    let Some((h, rest)) = take_digits(t, 1, 2) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(':') else {
        return false;
    };
    let Some((m, mut rest)) = take_digits(rest, 2, 2) else {
        return false;
    };
    if h > 23 || m > 59 {
        return false;
    }
    if let Some(r) = rest.strip_prefix(':') {
        let Some((sec, r)) = take_digits(r, 2, 2) else {
            return false;
        };
        if sec > 60 {
            return false;
        }
        rest = r;
        if let Some(r) = rest.strip_prefix('.') {
            rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    let tail = rest.trim();
    if tail.is_empty()
        || tail.eq_ignore_ascii_case("am")
        || tail.eq_ignore_ascii_case("pm")
        || tail.eq_ignore_ascii_case("z")
    {
        return true;
    }
    // UTC offset: +08:00, -0500, +08
    let Some(off) = tail.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits: String = off.chars().filter(|c| *c != ':').collect();
    matches!(digits.len(), 2 | 4) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Takes `min..=max` leading ASCII digits and returns their value and the rest.
fn take_digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    if !(is_digits(y) && is_digits(m) && is_digits(d)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `2024-05-01`, `2024/5/1`, `2024.5.1`, `01.05.2024`, `1/5/2024`, `5/13/2024`.
fn separated_date(date: &str) -> Option<NaiveDate> {
    let sep = date.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let mut parts = date.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || ![a, b, c].iter().all(|p| is_digits(p)) {
        return None;
    }
    let short = |p: &str| (1..=2).contains(&p.len());
    if a.len() == 4 && short(b) && short(c) {
        return ymd(a, b, c);
    }
    if c.len() == 4 && short(a) && short(b) {
        let second: u32 = b.parse().ok()?;
        // Day first (01.05.2024 is 1 May); a second number above 12 cannot be a month.
        return if sep != '.' && second > 12 {
            ymd(c, a, b)
        } else {
            ymd(c, b, a)
        };
    }
    None
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Largest Excel serial: 9999-12-31 in the 1900 date system.
const EXCEL_MAX_SERIAL: u64 = 2_958_465;

/// An Excel serial day number (`45413`, `45413.5`): 1 is 1900-01-01, 60 the 1900-02-29
/// that Excel invented (rejected), 61 is 1900-03-01.
fn excel_serial_date(t: &str) -> Option<NaiveDate> {
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    if !is_digits(int) || !is_digits(frac) || int.len() > 7 {
        return None;
    }
    let serial: u64 = int.parse().ok()?;
    if !(1..=EXCEL_MAX_SERIAL).contains(&serial) || serial == 60 {
        return None;
    }
    // Before the fictitious leap day serials count from 1899-12-31, after it from 12-30.
    let epoch = if serial < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    epoch.checked_add_days(Days::new(serial))
}

// ---------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------

/// Currency decorations stripped before or after an amount (matched ignoring ASCII case).
const CURRENCY: [&str; 11] = [
    "RMB",
    "CNY",
    "EUR",
    "USD",
    "GBP",
    "¥",
    "€",
    "$",
    "£",
    "元",
    "人民币",
];

/// Characters that group thousands and are never a decimal separator (after NFKC, which
/// turns NBSP, narrow NBSP and thin spaces into a plain space).
const GROUPING: [char; 3] = [' ', '\'', '’'];

enum MoneyFail {
    Invalid,
    Overflow,
}

/// Parses an amount of money into cents, rounding half away from zero.
///
/// Accepts currency signs and codes before or after (`¥`, `￥`, `€`, `$`, `£`, `RMB`, `CNY`,
/// `EUR`, `USD`, `GBP`, `元`), a leading minus (or `(12.50)` accounting style), and either
/// convention: `1,234.50`, `1.234,50`, `1 234,50`, `1'234.50`, `1234,5`.
///
/// Which of `,` and `.` is the decimal separator: when both occur the last one is; when
/// only one kind occurs more than once it groups thousands; a single `.` is always
/// decimal; a single `,` is decimal unless exactly three digits follow it (`1,234` is
/// 1234.00, `1234,5` and `12,50` are decimal; `0,125` is decimal as `0` cannot lead a
/// group). Groups after the first must have exactly three digits.
///
/// # Units
/// Returns cents (hundredths of the currency unit).
///
/// # Errors
/// [`ValueError::NotMoney`] for anything else, [`ValueError::MoneyTooLarge`] when the
/// cents overflow an `i64`.
///
/// ```
/// use catchment::ingest::values::parse_money_cents;
/// assert_eq!(parse_money_cents("¥1,234.50").unwrap(), 123_450);
/// assert_eq!(parse_money_cents("1.234,50 €").unwrap(), 123_450);
/// assert_eq!(parse_money_cents("-12").unwrap(), -1200);
/// ```
pub fn parse_money_cents(s: &str) -> Result<i64, ValueError> {
    let n = nfkc(s);
    money_normalised(n.trim()).map_err(|fail| match fail {
        MoneyFail::Invalid => ValueError::NotMoney(s.trim().to_owned()),
        MoneyFail::Overflow => ValueError::MoneyTooLarge(s.trim().to_owned()),
    })
}

fn money_normalised(t: &str) -> Result<i64, MoneyFail> {
    let (mut core, mut negative) = match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    let mut signed = negative;
    loop {
        core = core.trim_start();
        if let Some(r) = core.strip_prefix(['-', '−', '+']).filter(|_| !signed) {
            negative = core.starts_with(['-', '−']);
            signed = true;
            core = r;
        } else if let Some(r) = strip_currency_prefix(core) {
            core = r;
        } else {
            break;
        }
    }
    loop {
        core = core.trim_end();
        match strip_currency_suffix(core) {
            Some(r) => core = r,
            None => break,
        }
    }
    let cents = unsigned_cents(core)?;
    Ok(if negative { -cents } else { cents })
}

fn strip_currency_prefix(s: &str) -> Option<&str> {
    CURRENCY.iter().find_map(|c| {
        let head = s.get(..c.len())?;
        head.eq_ignore_ascii_case(c).then(|| &s[c.len()..])
    })
}

fn strip_currency_suffix(s: &str) -> Option<&str> {
    CURRENCY.iter().find_map(|c| {
        let cut = s.len().checked_sub(c.len())?;
        let tail = s.get(cut..)?;
        tail.eq_ignore_ascii_case(c).then(|| &s[..cut])
    })
}

/// The magnitude in cents of a bare number such as `1.234,50` or `1 234`.
fn unsigned_cents(core: &str) -> Result<i64, MoneyFail> {
    let allowed = |c: char| c.is_ascii_digit() || c == '.' || c == ',' || GROUPING.contains(&c);
    if core.is_empty() || !core.chars().all(allowed) {
        return Err(MoneyFail::Invalid);
    }
    let (int, frac) = match decimal_separator(core) {
        Some(i) => (&core[..i], &core[i + 1..]),
        None => (core, ""),
    };
    let has_decimal = int.len() < core.len();
    // A decimal separator that also groups (`1,234.567.89`) makes the number ambiguous.
    let decimal_also_groups = core
        .get(int.len()..=int.len())
        .is_some_and(|sep| int.contains(sep));
    if has_decimal && (!is_digits(frac) || decimal_also_groups) {
        return Err(MoneyFail::Invalid);
    }
    if int.is_empty() && !has_decimal {
        return Err(MoneyFail::Invalid);
    }
    let digits = grouped_digits(int, &[',', '.', ' ', '\'', '’']).ok_or(MoneyFail::Invalid)?;
    let mut cents: i64 = 0;
    for d in digits.bytes() {
        cents = cents
            .checked_mul(10)
            .and_then(|c| c.checked_add(i64::from(d - b'0')))
            .ok_or(MoneyFail::Overflow)?;
    }
    let f = frac.as_bytes();
    let digit = |i: usize| f.get(i).map_or(0, |b| i64::from(b - b'0'));
    let round_up = i64::from(digit(2) >= 5);
    cents
        .checked_mul(100)
        .and_then(|c| c.checked_add(digit(0) * 10 + digit(1) + round_up))
        .ok_or(MoneyFail::Overflow)
}

/// Byte index of the decimal separator in a bare number, if it has one (rules on
/// [`parse_money_cents`]).
fn decimal_separator(core: &str) -> Option<usize> {
    let last = core.rfind(['.', ','])?;
    let sep = core.as_bytes()[last];
    let other = if sep == b'.' { ',' } else { '.' };
    let same = core.bytes().filter(|b| *b == sep).count();
    if core.contains(other) {
        // Both kinds: the last is decimal (a repeated one is caught by the grouping check).
        return Some(last);
    }
    if same > 1 {
        return None;
    }
    if sep == b'.' {
        return Some(last);
    }
    let after = &core[last + 1..];
    let before = core[..last].trim_matches(|c| GROUPING.contains(&c));
    let is_group = after.len() == 3 && is_digits(after) && !before.is_empty() && before != "0";
    (!is_group).then_some(last)
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

// ---------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Degrees
// ---------------------------------------------------------------------------------------

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

fn degrees_normalised(t: &str) -> Option<f64> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date is valid")
    }

    #[test]
    fn text_is_normalised_and_collapsed() {
        assert_eq!(clean_text("  Ａｂｃ \t  def\u{3000}ghi  "), "Abc def ghi");
        assert_eq!(
            clean_text("上海市\u{a0}\u{202f}浦东新区"),
            "上海市 浦东新区"
        );
        assert_eq!(clean_text("   "), "");
    }

    #[test]
    fn missing_placeholders() {
        for s in [
            "", "  ", "-", "—", "n/a", "N/A", "na", "NA", "null", "NULL", "none", "None", "无",
            "空", "/", " － ", "#N/A",
        ] {
            assert_eq!(cell_value(s), None, "{s:?} should be missing");
        }
        for s in ["0", "abc", "nan", "--x", "无效", " a  b "] {
            assert_eq!(
                cell_value(s),
                Some(clean_text(s)),
                "{s:?} should not be missing"
            );
        }
    }

    #[test]
    fn date_styles() {
        let may_day = date(2024, 5, 1);
        for s in [
            "2024-05-01",
            "2024/5/1",
            "2024.5.1",
            "20240501",
            "2024年5月1日",
            "2024年05月01日",
            "2024年5月1日 13:45",
            "2024 年 5 月 1 日",
            "01.05.2024",
            "1/5/2024",
            "1-5-2024",
            "2024-05-01 13:45",
            "2024-05-01T13:45:00",
            "2024-05-01T13:45:00.123Z",
            "2024-05-01T13:45:00+08:00",
            "2024/5/1 9:05:00",
            "2024/5/1 9:05:00 PM",
            "20240501 00:00",
            "45413",
            "45413.75",
            "２０２４－０５－０１",
            "２０２４．５．１",
            "  2024-05-01  ",
        ] {
            assert_eq!(parse_date(s), Ok(may_day), "{s:?}");
        }
        // A second number above 12 can only be the day: month first.
        assert_eq!(parse_date("5/13/2024"), Ok(date(2024, 5, 13)));
        assert_eq!(parse_date("13/5/2024"), Ok(date(2024, 5, 13)));
        assert_eq!(parse_date("13.05.2024"), Ok(date(2024, 5, 13)));
    }

    #[test]
    fn excel_serials_follow_the_1900_system() {
        assert_eq!(parse_date("1"), Ok(date(1900, 1, 1)));
        assert_eq!(parse_date("59"), Ok(date(1900, 2, 28)));
        assert_eq!(parse_date("61"), Ok(date(1900, 3, 1)));
        assert_eq!(parse_date("45413"), Ok(date(2024, 5, 1)));
        assert_eq!(parse_date("2958465"), Ok(date(9999, 12, 31)));
        for s in ["0", "60", "2958466", "-1", "0.5"] {
            assert!(parse_date(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn invalid_dates_are_errors_naming_the_value() {
        for s in [
            "2024-13-45",
            "2024-02-30",
            "2023-02-29",
            "2024-00-10",
            "31.02.2024",
            "13/13/2024",
            "1/5/24",
            "2024-05-01 garbage",
            "2024-05-01 25:00",
            "2024年13月1日",
            "2024年5月",
            "May 1, 2024",
            "abc",
            "",
            "2024-05",
            "2024-05/01",
        ] {
            assert!(parse_date(s).is_err(), "{s:?} should fail");
        }
        assert_eq!(
            parse_date(" 2024-13-45 ").map_err(|e| e.to_string()),
            Err("'2024-13-45' is not a date (expected e.g. 2024-05-01)".to_owned())
        );
    }

    #[test]
    fn money_styles() {
        let cases = [
            ("1,234.50", 123_450),
            ("1.234,50", 123_450),
            ("1 234,50", 123_450),
            ("1\u{a0}234,50", 123_450),
            ("1\u{202f}234,50", 123_450),
            ("1'234.50", 123_450),
            ("1’234.50", 123_450),
            ("1234,5", 123_450),
            ("1234.5", 123_450),
            ("12", 1200),
            ("-12", -1200),
            ("(12.50)", -1250),
            ("¥1,234.50", 123_450),
            ("￥1,234.50", 123_450),
            ("€ 1.234,50", 123_450),
            ("1.234,50 €", 123_450),
            ("$12.00", 1200),
            ("£0.99", 99),
            ("RMB 88", 8800),
            ("88 rmb", 8800),
            ("CNY88.8", 8880),
            ("EUR -5,5", -550),
            ("-¥12", -1200),
            ("¥-12", -1200),
            ("12元", 1200),
            ("１，２３４．５０", 123_450),
            ("1,234", 123_400),
            ("1,234,567", 123_456_700),
            ("1.234.567", 123_456_700),
            ("1.234.567,89", 123_456_789),
            ("0,125", 13),
            ("0.125", 13),
            ("-0.125", -13),
            ("0.124", 12),
            ("12.345", 1235),
            (".5", 50),
            ("0", 0),
            ("92233720368547758.07", i64::MAX),
        ];
        for (s, cents) in cases {
            assert_eq!(parse_money_cents(s), Ok(cents), "{s:?}");
        }
    }

    #[test]
    fn money_errors() {
        for s in [
            "abc",
            "",
            "-",
            "¥",
            "12.",
            ",",
            "1,2,3",
            "1.234.56",
            "1,234.567.89",
            "12 34",
            "1e3",
            "12$34",
            "--12",
            "1.2.3,4,5",
            "12,34,5",
            "NaN",
        ] {
            assert!(
                matches!(parse_money_cents(s), Err(ValueError::NotMoney(_))),
                "{s:?} should fail"
            );
        }
        assert_eq!(
            parse_money_cents("abc").map_err(|e| e.to_string()),
            Err("'abc' is not an amount of money (expected e.g. 1234.50)".to_owned())
        );
        assert!(matches!(
            parse_money_cents("92233720368547758.08"),
            Err(ValueError::MoneyTooLarge(_))
        ));
        assert!(matches!(
            parse_money_cents("99999999999999999999999"),
            Err(ValueError::MoneyTooLarge(_))
        ));
    }

    #[test]
    fn counts() {
        for (s, n) in [
            ("12", 12),
            ("12次", 12),
            ("12 次", 12),
            ("12x", 12),
            ("12 X", 12),
            ("12 times", 12),
            ("12.0", 12),
            ("12.00", 12),
            ("1,234", 1234),
            ("1 234", 1234),
            ("０", 0),
            ("１２次", 12),
            ("4294967295", u32::MAX),
        ] {
            assert_eq!(parse_count(s), Ok(n), "{s:?}");
        }
        for s in [
            "12.5", "-3", "", "x", "abc", "1.000", "12,5", "1,23", "12 34", "twelve",
        ] {
            assert!(
                matches!(parse_count(s), Err(ValueError::NotACount(_))),
                "{s:?} should fail"
            );
        }
        assert!(matches!(
            parse_count("4294967296"),
            Err(ValueError::CountTooLarge(_))
        ));
        assert_eq!(
            parse_count("12.5").map_err(|e| e.to_string()),
            Err("'12.5' is not a count (expected a whole number, e.g. 12)".to_owned())
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn degrees() {
        let dms = 60.0 + 10.0 / 60.0 + 11.6 / 3600.0;
        for (s, v) in [
            ("31.2304", 31.2304),
            ("-31.2304", -31.2304),
            ("+31.2304", 31.2304),
            ("31,2304", 31.2304),
            ("31.2304°", 31.2304),
            ("31.2304° N", 31.2304),
            ("31.2304S", -31.2304),
            ("S 31.2304", -31.2304),
            ("121.5W", -121.5),
            ("e121.5", 121.5),
            ("北纬31.2304", 31.2304),
            ("西经121.5", -121.5),
            ("60°10'11.6\"N", dms),
            ("60° 10′ 11.6″ N", dms),
            ("60°10'11.6''N", dms),
            ("60 10 11.6 N", dms),
            ("60 10 11,6 N", dms),
            ("60º10'11.6\"S", -dms),
            ("60度10分11.6秒", dms),
            ("24°56.4'E", 24.0 + 56.4 / 60.0),
            ("-24°56.4'", -(24.0 + 56.4 / 60.0)),
            ("３１．２３０４", 31.2304),
            ("0", 0.0),
        ] {
            let got = parse_degrees(s);
            assert!(got.as_ref().is_ok_and(|g| close(*g, v)), "{s:?}: {got:?}");
        }
    }

    #[test]
    fn degree_errors() {
        for s in [
            "abc",
            "",
            "N",
            "31.2.3",
            "31,2,3",
            "-31 S",
            "-31 N",
            "N31E",
            "60°70'",
            "60 10 61",
            "60.5 10",
            "10'",
            "60°10\"",
            "1 2 3 4",
            "31.2304 121.5",
            "inf",
            "NaN",
            "1e5",
            "60°°",
            "31.",
            ".5",
        ] {
            assert!(parse_degrees(s).is_err(), "{s:?} should fail");
        }
        assert_eq!(
            parse_degrees("abc").map_err(|e| e.to_string()),
            Err(
                "'abc' is not an angle in degrees (expected e.g. 31.2304 or 31°13'49.4\"N)"
                    .to_owned()
            )
        );
    }

    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' | '-' | '.' | '/' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    /// Days since 1899-12-30 (31 before Excel's fictitious 1900-02-29).
    fn excel_serial(d: NaiveDate) -> i64 {
        let days = (d - date(1899, 12, 30)).num_days();
        if d < date(1900, 3, 1) { days - 1 } else { days }
    }

    fn render_date(d: NaiveDate, style: usize) -> String {
        use chrono::Datelike;
        let (y, m, day) = (d.year(), d.month(), d.day());
        match style {
            0 => format!("{y:04}-{m:02}-{day:02}"),
            1 => format!("{y}/{m}/{day}"),
            2 => format!("{y}.{m}.{day}"),
            3 => format!("{y:04}{m:02}{day:02}"),
            4 => format!("{y}年{m}月{day}日"),
            5 => format!("{y}年{m:02}月{day:02}日 13:45"),
            6 => format!("{day:02}.{m:02}.{y}"),
            7 => format!("{day}/{m}/{y}"),
            8 => format!("{day}-{m}-{y} 9:05:00"),
            9 if day > 12 => format!("{m}/{day}/{y}"),
            10 => full_width(&format!("{y:04}-{m:02}-{day:02}")),
            11 => format!("{y:04}-{m:02}-{day:02}T13:45:00"),
            12 => format!("{}", excel_serial(d)),
            _ => format!("{}.25", excel_serial(d)),
        }
    }

    fn money_render(cents: i64, style: usize, deco: usize) -> String {
        let neg = cents < 0;
        let abs = cents.unsigned_abs();
        let (int, frac) = (abs / 100, abs % 100);
        let grouped = |sep: &str| {
            let digits = int.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push_str(sep);
                }
                out.push(c);
            }
            out
        };
        let number = match style {
            0 => format!("{int}.{frac:02}"),
            1 => format!("{}.{frac:02}", grouped(",")),
            2 => format!("{},{frac:02}", grouped(".")),
            3 => format!("{},{frac:02}", grouped("\u{a0}")),
            4 => format!("{},{frac:02}", grouped("\u{202f}")),
            5 => format!("{}.{frac:02}", grouped("'")),
            6 => format!("{int},{frac:02}"),
            7 => full_width(&format!("{int}.{frac:02}")),
            _ if frac == 0 => grouped(","),
            _ => format!("{int}.{frac:02}"),
        };
        let sign = if neg { "-" } else { "" };
        match deco {
            0 => format!("{sign}{number}"),
            1 => format!("{sign}¥{number}"),
            2 => format!("￥{sign}{number}"),
            3 => format!("{sign}{number} €"),
            4 => format!("{sign}{number}元"),
            5 => format!("RMB {sign}{number}"),
            6 => format!("{sign}$ {number}"),
            _ => format!("{sign}{number} EUR"),
        }
    }

    proptest! {
        #[test]
        fn dates_round_trip(days in 1_i64..=(2_958_465 - 1), style in 0_usize..14) {
            let d = date(1900, 1, 1)
                .checked_add_days(Days::new(days.unsigned_abs() - 1))
                .expect("within 9999");
            let s = render_date(d, style);
            prop_assert_eq!(parse_date(&s), Ok(d), "{}", s);
        }

        #[test]
        fn money_round_trips(
            cents in -1_000_000_000_000_000_i64..1_000_000_000_000_000,
            style in 0_usize..9,
            deco in 0_usize..8,
        ) {
            let s = money_render(cents, style, deco);
            prop_assert_eq!(parse_money_cents(&s), Ok(cents), "{}", s);
        }

        #[test]
        fn decimal_degrees_round_trip(v in -180.0_f64..180.0, style in 0_usize..4) {
            let s = match style {
                0 => format!("{v}"),
                1 => format!("{v}").replace('.', ","),
                2 => format!("{}°{}", v.abs(), if v < 0.0 { "S" } else { "N" }),
                _ => format!("{} {}", if v < 0.0 { "W" } else { "E" }, v.abs()),
            };
            let got = parse_degrees(&s);
            prop_assert!(got.as_ref().is_ok_and(|g| close(*g, v)), "{} -> {:?}", s, got);
        }

        #[test]
        fn plain_decimals_take_the_short_way_to_the_same_value(s in "[+-]?[0-9]{0,4}[.]?[0-9]{0,9}") {
            let general = degrees_normalised(&s);
            prop_assert_eq!(parse_degrees(&s).ok(), general, "{}", s);
        }

        #[test]
        fn dms_round_trip(
            d in 0_u32..180, m in 0_u32..60, s_micro in 0_u32..60_000_000,
            negative: bool, style in 0_usize..3,
        ) {
            let (s_int, s_frac) = (s_micro / 1_000_000, s_micro % 1_000_000);
            let hemi = if negative { "S" } else { "N" };
            let text = match style {
                0 => format!("{d}°{m}'{s_int}.{s_frac:06}\"{hemi}"),
                1 => format!("{d} {m} {s_int},{s_frac:06} {hemi}"),
                _ => format!("{hemi}{d}° {m}′ {s_int}.{s_frac:06}″"),
            };
            let mut want = f64::from(d) + f64::from(m) / 60.0 + f64::from(s_micro) / 3.6e9;
            if negative {
                want = -want;
            }
            let got = parse_degrees(&text);
            prop_assert!(got.as_ref().is_ok_and(|g| close(*g, want)), "{} -> {:?}", text, got);
        }

        #[test]
        fn decimal_minutes_round_trip(d in 0_u32..180, m_milli in 0_u32..60_000) {
            let text = format!("{d}°{}.{:03}'W", m_milli / 1000, m_milli % 1000);
            let want = -(f64::from(d) + f64::from(m_milli) / 60_000.0);
            let got = parse_degrees(&text);
            prop_assert!(got.as_ref().is_ok_and(|g| close(*g, want)), "{} -> {:?}", text, got);
        }

        #[test]
        fn parsers_never_panic(s in ".*") {
            let _ = parse_date(&s);
            let _ = parse_money_cents(&s);
            let _ = parse_count(&s);
            let _ = parse_degrees(&s);
            let _ = cell_value(&s);
            let _ = clean_text(&s);
        }

        #[test]
        fn parsers_never_panic_on_value_like_strings(s in "[0-9.,'’ ¥€$年月日°\"次xNSEW:T+-]{0,24}") {
            let _ = parse_date(&s);
            let _ = parse_money_cents(&s);
            let _ = parse_count(&s);
            let _ = parse_degrees(&s);
        }
    }
}
