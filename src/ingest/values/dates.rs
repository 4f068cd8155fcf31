//! Calendar dates in the styles exports write them (ISO, slashes, dots, `年月日`, compact
//! digits), with any time of day after the date ignored; and Excel serial day numbers,
//! apart, because a bare number is a date only in a column of them (the caller decides).

use chrono::{Days, NaiveDate};

use super::{ValueError, is_digits, nfkc};

/// Parses a calendar date; a time of day after the date is accepted and ignored.
///
/// Accepted styles: `2024-05-01`, `2024/5/1`, `2024.5.1`, `20240501`, `2024年5月1日`,
/// `01.05.2024` (dots with the year last: day first), `1/5/2024` and `1-5-2024` (year
/// last: day first as in most of the world, except that when the second number is above
/// 12 it can only be the day, so `5/13/2024` is read month first). A time may follow
/// after a space or `T`: `2024-05-01 13:45`, `2024-05-01T13:45:00Z`, `2024/5/1 9:05:00 PM`.
/// A bare number is not a date here (`3` is not 1900-01-03): see [`parse_serial_date`].
///
/// # Errors
/// [`ValueError::NotADate`] when no style matches or the day does not exist (`2024-02-30`).
///
/// ```
/// use catchment::ingest::values::parse_date;
/// let may_day = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
/// assert_eq!(parse_date("2024年5月1日 13:45").unwrap(), may_day);
/// assert!(parse_date("45413").is_err());
/// assert!(parse_date("2024-13-45").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<NaiveDate, ValueError> {
    let n = nfkc(s);
    date_normalised(n.trim()).ok_or_else(|| ValueError::NotADate(s.trim().to_owned()))
}

/// Parses an Excel serial day number: 1 to 2958465 in the 1900 date system, with Excel's
/// fictitious 1900-02-29 at serial 60 rejected; a fraction is a time and ignored.
///
/// # Errors
/// [`ValueError::NotADate`] for anything else.
///
/// ```
/// use catchment::ingest::values::parse_serial_date;
/// let may_day = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
/// assert_eq!(parse_serial_date("45413.5").unwrap(), may_day);
/// assert!(parse_serial_date("2024-05-01").is_err());
/// ```
pub fn parse_serial_date(s: &str) -> Result<NaiveDate, ValueError> {
    let n = nfkc(s);
    excel_serial_date(n.trim()).ok_or_else(|| ValueError::NotADate(s.trim().to_owned()))
}

fn date_normalised(t: &str) -> Option<NaiveDate> {
    if t.contains('年') {
        return cjk_date(t);
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

/// The date of year, month and day given as digits alone; `None` for anything else.
pub(crate) fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
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
