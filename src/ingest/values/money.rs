//! Amounts of money as cents: currency signs and codes, accounting negatives, and either
//! decimal convention.

use super::{ValueError, grouped_digits, is_digits, nfkc};

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
