//! Chinese addresses: the province/city/district prefix before the road, and which roads a
//! run of Han characters names.
//!
//! Chinese is written without spaces, so `上海市浦东新区世纪大道` is one token. The road is
//! found by looking its substrings up in the name index (the one ending right before the
//! number is the road the number belongs to); the administrative prefix is split off only
//! to check that the address is in the area: `北京市…` is not a Shanghai address even when
//! Beijing has a road of the same name.

use super::vocab::CJK_ADMIN_SUFFIXES;

/// Longest administrative segment taken (`新疆维吾尔自治区` is 8 characters).
const MAX_ADMIN_CHARS: usize = 10;
/// Longest road name looked up.
pub(crate) const MAX_ROAD_CHARS: usize = 20;
/// Longest run of Han characters searched for roads; longer runs are not addresses.
pub(crate) const MAX_RUN_CHARS: usize = 60;

/// The run without a leading country name (`中国上海市…` → `上海市…`).
pub(crate) fn strip_country(run: &str) -> &str {
    ["中华人民共和国", "中国"]
        .iter()
        .find_map(|c| run.strip_prefix(c))
        .unwrap_or(run)
}

/// Splits leading administrative segments (`上海市`, `浦东新区`) off a run of Han
/// characters; returns them and the rest. A segment has at least two characters and the
/// rest keeps at least two, so `新市路` stays a road.
pub(crate) fn split_admin(run: &str) -> (Vec<&str>, &str) {
    let mut parts = Vec::new();
    let mut rest = run;
    'outer: loop {
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        for len in 2..=MAX_ADMIN_CHARS.min(chars.len().saturating_sub(2)) {
            let end = chars.get(len).map_or(rest.len(), |&(b, _)| b);
            let head = &rest[..end];
            if CJK_ADMIN_SUFFIXES
                .iter()
                .any(|s| head.ends_with(s) && head.len() > s.len())
            {
                parts.push(head);
                rest = &rest[end..];
                continue 'outer;
            }
        }
        break;
    }
    (parts, rest)
}

/// An administrative segment without its suffix (`上海市` → `上海`), and whether it is a
/// city (`市`).
pub(crate) fn admin_core(part: &str) -> (&str, bool) {
    for s in CJK_ADMIN_SUFFIXES {
        if let Some(core) = part.strip_suffix(s) {
            return (core, *s == "市");
        }
    }
    (part, false)
}

/// Byte ranges of every substring of `run` of 2 to [`MAX_ROAD_CHARS`] characters, as
/// `(start, end, is_suffix)`, longest first.
pub(crate) fn substrings(run: &str) -> Vec<(usize, usize, bool)> {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(run.len()))
        .collect();
    let n = bounds.len() - 1;
    if n > MAX_RUN_CHARS {
        return Vec::new();
    }
    let mut out = Vec::new();
    for len in (2..=n.min(MAX_ROAD_CHARS)).rev() {
        for s in 0..=n - len {
            out.push((bounds[s], bounds[s + len], s + len == n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_prefixes_are_split_off() {
        assert_eq!(
            split_admin("上海市浦东新区世纪大道"),
            (vec!["上海市", "浦东新区"], "世纪大道")
        );
        assert_eq!(
            split_admin("广东省广州市天河区天河路"),
            (vec!["广东省", "广州市", "天河区"], "天河路")
        );
        assert_eq!(split_admin("世纪大道"), (vec![], "世纪大道"));
        assert_eq!(strip_country("中国上海市"), "上海市");
        assert_eq!(split_admin("新市路"), (vec![], "新市路"));
        assert_eq!(split_admin("市府路"), (vec![], "市府路"));
        assert_eq!(admin_core("上海市"), ("上海", true));
        assert_eq!(admin_core("浦东新区"), ("浦东", false));
    }

    #[test]
    fn substrings_longest_first_with_suffix_flag() {
        let run = "浦东世纪大道";
        let subs = substrings(run);
        assert_eq!(subs[0], (0, run.len(), true));
        assert!(
            subs.iter()
                .any(|&(s, e, suffix)| &run[s..e] == "世纪大道" && suffix)
        );
        assert!(substrings("大").is_empty());
    }
}
