//! The words the geocoder knows without a map: street-type abbreviations, unit and
//! number markers, country names, the other-language names of cities, and well-known
//! cities used to recognise an address from elsewhere.
//!
//! Everything here is in folded form (lower case, no diacritics, `ß` as `ss`), the form
//! [`super::normalise::tokens`] produces.

/// Street-type endings of compound names and how people shorten them: `Mäkelänkatu` →
/// `Mäkelänk.`, `Mannerheimvägen` → `Mannerheimv.`, `Hauptstraße` → `Hauptstr.`.
/// The first matching ending is used, so longer endings come first.
pub(crate) const SUFFIX_ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("strasse", &["str"]),
    ("gatan", &["g", "gat"]),
    ("vagen", &["v", "vag"]),
    ("platz", &["pl"]),
    ("grand", &["gr"]),
    ("kuja", &["kj"]),
    ("katu", &["k"]),
    ("gata", &["g"]),
    ("tie", &["t"]),
    ("vag", &["v"]),
];

/// Street-type words written apart (`Main Street`, `Alvar Aallon katu`) and their short forms.
pub(crate) const WORD_ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("street", &["st", "str"]),
    ("road", &["rd"]),
    ("avenue", &["ave", "av"]),
    ("boulevard", &["blvd"]),
    ("drive", &["dr"]),
    ("lane", &["ln"]),
    ("place", &["pl"]),
    ("square", &["sq"]),
    ("court", &["ct"]),
    ("strasse", &["str"]),
    ("katu", &["k"]),
    ("tie", &["t"]),
    ("gata", &["g"]),
    ("gatan", &["g"]),
    ("vagen", &["v"]),
];

/// Leading words people shorten: `Pohjoisesplanadi` is spelled whole, but `Pohjoinen
/// Makasiinikatu` becomes `Pohj. Makasiinik.`, `Norra Esplanaden` `N. Esplanaden`.
pub(crate) const LEADING_ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("pohjoinen", &["pohj", "p"]),
    ("etelainen", &["etel", "et", "e"]),
    ("itainen", &["it", "i"]),
    ("lantinen", &["lant", "l"]),
    ("norra", &["n"]),
    ("sodra", &["s"]),
    ("ostra", &["o"]),
    ("vastra", &["v"]),
    ("saint", &["st"]),
    ("sankt", &["st"]),
];

/// Words that introduce a flat, staircase, floor or room: the number after them is not
/// the house number.
pub(crate) const UNIT_WORDS: &[&str] = &[
    "as", "asunto", "asu", "apt", "apartment", "app", "flat", "unit", "suite", "ste", "room",
    "rm", "wohnung", "whg", "lgh", "lagenhet", "bostad", "krs", "kerros", "floor", "fl",
    "etage", "stock", "og", "porras", "rappu", "trappa", "tr", "door", "ovi", "huone", "tur",
    "top", "stiege",
];

/// Words that stand before a house number and mean only "number".
pub(crate) const NUMBER_WORDS: &[&str] = &["no", "nr", "nro", "n", "num", "number", "numero"];

/// Country names (and `c/o` is handled by the parser): left out of the street search.
pub(crate) const COUNTRY_WORDS: &[&str] = &[
    "finland", "suomi", "finnland", "finlande", "sverige", "sweden", "schweden", "norge",
    "norway", "danmark", "denmark", "deutschland", "germany", "eesti", "estonia", "china",
    "prc",
];

/// Cities known by more than one name. When an extract's addresses name one of a group,
/// every name of the group counts as the area's.
pub(crate) const CITY_ALIASES: &[&[&str]] = &[
    &["helsinki", "helsingfors", "helsingin kaupunki", "hki", "hel"],
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
    "helsinki", "helsingfors", "espoo", "esbo", "vantaa", "vanda", "kauniainen", "grankulla",
    "tampere", "tammerfors", "turku", "abo", "oulu", "uleaborg", "jyvaskyla", "lahti",
    "lahtis", "kuopio", "pori", "bjorneborg", "joensuu", "lappeenranta", "villmanstrand",
    "hameenlinna", "tavastehus", "vaasa", "vasa", "seinajoki", "rovaniemi", "mikkeli",
    "kotka", "salo", "porvoo", "borga", "kouvola", "jarvenpaa", "kerava", "lohja", "hyvinkaa",
    "nurmijarvi", "tuusula", "kirkkonummi", "sipoo", "kajaani", "rauma", "savonlinna",
    "kokkola", "karleby",
    // Nordic and Baltic.
    "stockholm", "goteborg", "gothenburg", "malmo", "uppsala", "oslo", "bergen", "trondheim",
    "kobenhavn", "copenhagen", "aarhus", "tallinn", "tartu", "riga", "vilnius", "reykjavik",
    // Germany, Austria, Switzerland.
    "berlin", "hamburg", "munchen", "muenchen", "munich", "koln", "koeln", "cologne",
    "frankfurt", "stuttgart", "dusseldorf", "dortmund", "essen", "leipzig", "bremen",
    "dresden", "hannover", "nurnberg", "wien", "vienna", "zurich", "geneve", "basel", "bern",
    // Elsewhere in Europe and beyond.
    "milano", "milan", "roma", "rome", "napoli", "torino", "paris", "lyon", "marseille",
    "london", "manchester", "dublin", "madrid", "barcelona", "lisboa", "lisbon", "amsterdam",
    "rotterdam", "bruxelles", "brussels", "praha", "prague", "warszawa", "warsaw", "budapest",
    "athens", "moscow", "moskva", "newyork", "losangeles", "chicago", "tokyo", "osaka",
    "seoul", "singapore", "sydney",
    // China (written without 市).
    "北京", "上海", "广州", "深圳", "天津", "重庆", "杭州", "南京", "成都", "武汉", "西安", "苏州",
    "长沙", "郑州", "青岛", "沈阳", "大连", "厦门", "福州", "济南", "合肥", "昆明", "哈尔滨",
    "香港", "台北", "beijing", "shanghai", "guangzhou", "shenzhen",
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
pub(crate) const CJK_UNIT_MARKERS: &[&str] =
    &["栋", "幢", "座", "单元", "室", "楼", "层", "号楼", "户", "房"];

/// Chinese house-number markers: `100号`, and `123弄` (a Shanghai lane).
pub(crate) const CJK_NUMBER_MARKERS: &[&str] = &["号", "弄", "號"];

/// Whether a folded word is in a list.
pub(crate) fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}
