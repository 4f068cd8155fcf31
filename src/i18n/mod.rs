//! The message catalogue: every word and sentence a report, summary or map prints for
//! people, in English and Chinese, and how numbers and distances are written in each.
//!
//! Plain words (a map's legend, a table's units) are tables of fields, one per language
//! ([`Words`]); sentences with figures in them are the methods of [`Texts`], implemented
//! once per language, so a translation that forgets a message or a figure does not
//! compile. CSV and JSON keep their English field names and codes: they are a contract
//! with scripts, not text for people.

mod en;
mod texts;
mod words;
mod zh;

pub use texts::{ImportCounts, ShopLine, Texts};
pub(crate) use words::Words;

use crate::analysis::compare::Figure;
use crate::analysis::segments::Segment;
use std::fmt;
use std::str::FromStr;
use unicode_width::UnicodeWidthStr;

/// The language of reports, summaries and maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "cn" | "chinese" => Ok(Lang::Zh),
            other => Err(format!("unknown language '{other}' (expected en or zh)")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        })
    }
}

impl Lang {
    /// The language of a POSIX locale name such as `zh_CN.UTF-8` (English unless `zh…`).
    pub fn of_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The words of this language.
    pub(crate) fn words(self) -> &'static Words {
        match self {
            Lang::En => &words::EN,
            Lang::Zh => &words::ZH,
        }
    }

    /// The sentences of this language.
    pub fn texts(self) -> &'static dyn Texts {
        match self {
            Lang::En => &en::English,
            Lang::Zh => &zh::Chinese,
        }
    }

    /// The name of a member segment.
    pub(crate) fn segment(self, s: Segment) -> &'static str {
        match (self, s) {
            (Lang::En, Segment::New) => "New",
            (Lang::En, Segment::OneTime) => "One-time",
            (Lang::En, Segment::Returning) => "Returning",
            (Lang::En, Segment::Loyal) => "Loyal",
            (Lang::En, Segment::Dormant) => "Dormant",
            (Lang::En, Segment::Unknown) => "Unknown",
            (Lang::Zh, Segment::New) => "新客",
            (Lang::Zh, Segment::OneTime) => "仅到店一次",
            (Lang::Zh, Segment::Returning) => "回头客",
            (Lang::Zh, Segment::Loyal) => "忠实顾客",
            (Lang::Zh, Segment::Dormant) => "沉睡顾客",
            (Lang::Zh, Segment::Unknown) => "未知",
        }
    }

    /// A compass point (`NE`) in this language (`东北`).
    pub(crate) fn compass(self, name: &'static str) -> &'static str {
        const ZH: [(&str, &str); 16] = [
            ("N", "北"),
            ("NNE", "北东北"),
            ("NE", "东北"),
            ("ENE", "东东北"),
            ("E", "东"),
            ("ESE", "东东南"),
            ("SE", "东南"),
            ("SSE", "南东南"),
            ("S", "南"),
            ("SSW", "南西南"),
            ("SW", "西南"),
            ("WSW", "西西南"),
            ("W", "西"),
            ("WNW", "西西北"),
            ("NW", "西北"),
            ("NNW", "北西北"),
        ];
        match self {
            Lang::En => name,
            Lang::Zh => ZH
                .iter()
                .find(|(en, _)| *en == name)
                .map_or(name, |(_, zh)| zh),
        }
    }

    /// A distance for a label: `150 m`, `1 km`, `1.5 km` (`150 米`, `1 公里` in Chinese).
    pub(crate) fn distance(self, metres: f64) -> String {
        let w = self.words();
        if metres >= 1000.0 {
            let km = metres / 1000.0;
            let s = if (km - km.round()).abs() < 1e-9 {
                format!("{}", km.round() as i64)
            } else {
                let s = format!("{km:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            };
            format!("{s} {}", w.kilometres)
        } else {
            format!("{} {}", metres.round() as i64, w.metres)
        }
    }

    /// A count with thousands separators: `12,345`.
    pub(crate) fn count(self, n: u64) -> String {
        group_thousands(n)
    }
}

/// `text` padded with spaces to `width` terminal columns on the left (`right` false) or
/// right, counting a Chinese character as two columns, so tables line up in a terminal.
pub fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// Ring `k` (from 1) of `radii_m` as its distances, `150–300 m`, in the `unit` given.
pub(crate) fn ring_span(k: usize, radii_m: &[f64], unit: &str) -> String {
    let at = |i: Option<usize>| i.and_then(|i| radii_m.get(i)).copied();
    let outer = at(k.checked_sub(1)).unwrap_or(f64::NAN);
    let inner = at(k.checked_sub(2)).unwrap_or(0.0);
    format!("{inner:.0}–{outer:.0} {unit}")
}

/// `12345` → `12,345`.
pub(crate) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A comparison figure for people, in any language: shares as percentages, penetration
/// with two decimals, distances and counts whole, `–` when unknown.
pub fn figure_value(figure: Figure, value: Option<f64>) -> String {
    match value {
        None => "–".into(),
        Some(v) if figure.is_share() => format!("{:.1}%", 100.0 * v),
        Some(v) if figure == Figure::Penetration => format!("{v:.2}"),
        Some(v) => format!("{v:.0}"),
    }
}

/// A difference between two shops' figures for people: signed, in the figure's unit
/// (percentage points for shares).
pub fn figure_difference(figure: Figure, value: Option<f64>) -> String {
    match value {
        None => "–".into(),
        Some(v) if figure.is_share() => format!("{:+.1} pt", 100.0 * v),
        Some(v) if figure == Figure::Penetration => format!("{v:+.2}"),
        Some(v) => format!("{v:+.0}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_counts() {
        assert_eq!(Lang::En.distance(150.0), "150 m");
        assert_eq!(Lang::En.distance(1000.0), "1 km");
        assert_eq!(Lang::En.distance(2500.0), "2.5 km");
        assert_eq!(Lang::Zh.distance(500.0), "500 米");
        assert_eq!(Lang::Zh.distance(2000.0), "2 公里");
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!("ZH".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
        assert_eq!(Lang::of_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::of_locale("fi_FI.UTF-8"), Lang::En);
        assert_eq!(Lang::of_locale(""), Lang::En);
    }

    #[test]
    fn padding_counts_chinese_as_two_columns() {
        assert_eq!(pad("会员", 6, false), "会员  ");
        assert_eq!(pad("ab", 4, true), "  ab");
        assert_eq!(pad("toolong", 3, false), "toolong");
    }
}
