//! The words the geocoder knows without a map: street-type words, endings, articles and
//! their short forms per language (the table `street_words.tsv`), unit and number
//! markers, country names, the other-language names of cities, and well-known cities used
//! to recognise an address from elsewhere.
//!
//! Everything here is in folded form (lower case, no diacritics, `ß` as `ss`), the form
//! [`super::normalise::tokens`] produces.

/// What a word of [`STREET_WORDS`] is (see the table's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordKind {
    /// The street-type ending of a one-word name (`katu`, `strasse`, `gatan`).
    Ending,
    /// A street-type word written apart, before or after the name (`rue`, `via`, `street`).
    Type,
    /// A leading word people shorten (`pohjoinen`, `norra`, `sankt`).
    Lead,
    /// An article or preposition inside names (`im`, `an`, `der`, `de`, `la`, `del`).
    Article,
}

/// One word of [`STREET_WORDS`] with its short forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StreetWord {
    pub kind: WordKind,
    pub word: String,
    pub shorts: Vec<String>,
}

/// The street words of every language the geocoder reads, as data: kind, word, short
/// forms and languages, one a line (the file's header explains each kind).
pub(crate) const STREET_WORDS: &str = include_str!("street_words.tsv");

/// The rows of [`STREET_WORDS`] in file order, parsed once. A line that is not
/// `kind<TAB>word<TAB>shorts<TAB>languages` with a known kind is skipped (a unit test
/// checks that none is).
pub(crate) fn street_words() -> &'static [StreetWord] {
    static WORDS: std::sync::OnceLock<Vec<StreetWord>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| STREET_WORDS.lines().filter_map(street_word).collect())
}

fn street_word(line: &str) -> Option<StreetWord> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut cols = line.split('\t');
    let kind = match cols.next()? {
        "ending" => WordKind::Ending,
        "type" => WordKind::Type,
        "lead" => WordKind::Lead,
        "article" => WordKind::Article,
        _ => return None,
    };
    let word = cols.next().filter(|w| !w.is_empty())?.to_owned();
    let shorts = cols
        .next()?
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    cols.next()?;
    Some(StreetWord { kind, word, shorts })
}

/// The words of one kind, in file order.
pub(crate) fn words_of(kind: WordKind) -> impl Iterator<Item = &'static StreetWord> {
    street_words().iter().filter(move |w| w.kind == kind)
}

/// The short forms of `word` as a word of `kind`, if it is one.
pub(crate) fn shorts_of(kind: WordKind, word: &str) -> Option<&'static [String]> {
    words_of(kind)
        .find(|w| w.word == word)
        .map(|w| w.shorts.as_slice())
}

/// Whether `word` is an article or preposition of street names.
pub(crate) fn is_article(word: &str) -> bool {
    words_of(WordKind::Article).any(|w| w.word == word)
}

/// Whether `word` is a street-type word, or one of its short forms.
pub(crate) fn is_street_type(word: &str) -> bool {
    words_of(WordKind::Type).any(|w| w.word == word || w.shorts.iter().any(|s| s == word))
}

/// Words after a house number that are part of it: `12 bis`, `12 ter` (French, Italian,
/// Spanish). Each stands for a letter no alphabet writes, so `12 bis` is neither house
/// `12` nor `12 b`.
pub(crate) const NUMBER_SUFFIXES: &[(&str, char)] = &[("bis", '²'), ("ter", '³'), ("quater", '⁴')];

/// Words that introduce a flat, staircase, floor or room: the number after them is not
/// the house number.
pub(crate) const UNIT_WORDS: &[&str] = &[
    "as",
    "asunto",
    "asu",
    "apt",
    "apartment",
    "app",
    "flat",
    "unit",
    "suite",
    "ste",
    "room",
    "rm",
    "wohnung",
    "whg",
    "lgh",
    "lagenhet",
    "bostad",
    "krs",
    "kerros",
    "floor",
    "fl",
    "etage",
    "stock",
    "og",
    "porras",
    "rappu",
    "trappa",
    "tr",
    "door",
    "ovi",
    "huone",
    "tur",
    "top",
    "stiege",
];

/// Words that stand before a house number and mean only "number".
pub(crate) const NUMBER_WORDS: &[&str] = &["no", "nr", "nro", "n", "num", "number", "numero"];

/// Country names (and `c/o` is handled by the parser): left out of the street search.
pub(crate) const COUNTRY_WORDS: &[&str] = &[
    "finland",
    "suomi",
    "finnland",
    "finlande",
    "sverige",
    "sweden",
    "schweden",
    "norge",
    "norway",
    "danmark",
    "denmark",
    "deutschland",
    "germany",
    "eesti",
    "estonia",
    "china",
    "prc",
    "schweiz",
    "suisse",
    "svizzera",
    "switzerland",
    "osterreich",
    "austria",
    "liechtenstein",
    "france",
    "monaco",
    "italia",
    "italy",
    "espana",
    "spain",
    "nederland",
    "netherlands",
    "polska",
    "poland",
];

/// Cities known by more than one name. When an extract's addresses name one of a group,
/// every name of the group counts as the area's.
pub(crate) const CITY_ALIASES: &[&[&str]] = &[
    &[
        "helsinki",
        "helsingfors",
        "helsingin kaupunki",
        "hki",
        "hel",
    ],
    &["espoo", "esbo"],
    &["vantaa", "vanda"],
    &["kauniainen", "grankulla"],
    &["turku", "abo"],
    &["tampere", "tammerfors"],
    &["oulu", "uleaborg"],
    &["vaasa", "vasa"],
    &["porvoo", "borga"],
    &["lahti", "lahtis"],
    &["goteborg", "gothenburg"],
    &["munchen", "munich", "muenchen"],
    &["koln", "cologne", "koeln"],
    &["kobenhavn", "copenhagen"],
    &["milano", "milan"],
    &["roma", "rome"],
    &["wien", "vienna"],
    &["praha", "prague"],
    &["warszawa", "warsaw"],
    &["上海", "shanghai"],
    &["北京", "beijing"],
    &["广州", "guangzhou"],
    &["深圳", "shenzhen"],
];

/// Well-known cities. A city word from this list that is not the area's marks an address
/// from elsewhere: `Mannerheimintie 5, Tampere` is not a Helsinki address, and answers
/// `none` rather than a point in Helsinki. Multi-word names are written joined.
pub(crate) const KNOWN_CITIES: &[&str] = &[
    // Finland.
    "helsinki",
    "helsingfors",
    "espoo",
    "esbo",
    "vantaa",
    "vanda",
    "kauniainen",
    "grankulla",
    "tampere",
    "tammerfors",
    "turku",
    "abo",
    "oulu",
    "uleaborg",
    "jyvaskyla",
    "lahti",
    "lahtis",
    "kuopio",
    "pori",
    "bjorneborg",
    "joensuu",
    "lappeenranta",
    "villmanstrand",
    "hameenlinna",
    "tavastehus",
    "vaasa",
    "vasa",
    "seinajoki",
    "rovaniemi",
    "mikkeli",
    "kotka",
    "salo",
    "porvoo",
    "borga",
    "kouvola",
    "jarvenpaa",
    "kerava",
    "lohja",
    "hyvinkaa",
    "nurmijarvi",
    "tuusula",
    "kirkkonummi",
    "sipoo",
    "kajaani",
    "rauma",
    "savonlinna",
    "kokkola",
    "karleby",
    // Nordic and Baltic.
    "stockholm",
    "goteborg",
    "gothenburg",
    "malmo",
    "uppsala",
    "oslo",
    "bergen",
    "trondheim",
    "kobenhavn",
    "copenhagen",
    "aarhus",
    "tallinn",
    "tartu",
    "riga",
    "vilnius",
    "reykjavik",
    // Germany, Austria, Switzerland.
    "berlin",
    "hamburg",
    "munchen",
    "muenchen",
    "munich",
    "koln",
    "koeln",
    "cologne",
    "frankfurt",
    "stuttgart",
    "dusseldorf",
    "dortmund",
    "essen",
    "leipzig",
    "bremen",
    "dresden",
    "hannover",
    "nurnberg",
    "wien",
    "vienna",
    "zurich",
    "geneve",
    "basel",
    "bern",
    // Elsewhere in Europe and beyond.
    "milano",
    "milan",
    "roma",
    "rome",
    "napoli",
    "torino",
    "paris",
    "lyon",
    "marseille",
    "london",
    "manchester",
    "dublin",
    "madrid",
    "barcelona",
    "lisboa",
    "lisbon",
    "amsterdam",
    "rotterdam",
    "bruxelles",
    "brussels",
    "praha",
    "prague",
    "warszawa",
    "warsaw",
    "budapest",
    "athens",
    "moscow",
    "moskva",
    "newyork",
    "losangeles",
    "chicago",
    "tokyo",
    "osaka",
    "seoul",
    "singapore",
    "sydney",
    // China (written without 市).
    "北京",
    "上海",
    "广州",
    "深圳",
    "天津",
    "重庆",
    "杭州",
    "南京",
    "成都",
    "武汉",
    "西安",
    "苏州",
    "长沙",
    "郑州",
    "青岛",
    "沈阳",
    "大连",
    "厦门",
    "福州",
    "济南",
    "合肥",
    "昆明",
    "哈尔滨",
    "香港",
    "台北",
    "beijing",
    "shanghai",
    "guangzhou",
    "shenzhen",
];

/// Chinese administrative suffixes: a leading segment ending in one of these is a
/// province, city, district, county, town or subdistrict, not the road. Longest first.
pub(crate) const CJK_ADMIN_SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "街道",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
];

/// Chinese building, unit, floor and room markers after a number: `3栋`, `2幢`, `A座`,
/// `3单元`, `502室`, `5楼`. A number followed by one of these is not the house number.
pub(crate) const CJK_UNIT_MARKERS: &[&str] = &[
    "栋", "幢", "座", "单元", "室", "楼", "层", "号楼", "户", "房",
];

/// Chinese house-number markers: `100号`, and `123弄` (a Shanghai lane).
pub(crate) const CJK_NUMBER_MARKERS: &[&str] = &["号", "弄", "號"];

/// Whether a folded word is in a list.
pub(crate) fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_street_word_table_is_read() {
        let rows = STREET_WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(
            street_words().len(),
            rows,
            "a malformed line in street_words.tsv"
        );
        for w in street_words() {
            // Folded form only: what `normalise::tokens` produces.
            let folded = super::super::normalise::name_key(&w.word);
            assert_eq!(folded, w.word, "{w:?}");
            for s in &w.shorts {
                assert_eq!(&super::super::normalise::name_key(s), s, "{w:?}");
            }
        }
        assert!(is_article("der") && is_article("la") && !is_article("grund"));
        assert!(is_street_type("rue") && is_street_type("ul") && !is_street_type("markt"));
        assert_eq!(
            shorts_of(WordKind::Type, "avenida"),
            Some(&["av".to_owned(), "avda".to_owned()][..])
        );
    }
}
