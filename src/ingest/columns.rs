//! The one place that knows which header means which field: English and Chinese aliases,
//! header normalisation, and `--map COLUMN=field` overrides.

use rustc_hash::FxHashMap;
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// A field catchment understands in member and shop tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Member id / card number (members) or shop name (shops).
    Id,
    /// Person's or shop's name.
    Name,
    /// Phone number.
    Phone,
    /// Street address.
    Address,
    /// Postcode, appended to the address.
    Postcode,
    /// City, appended to the address.
    City,
    /// Latitude in degrees.
    Lat,
    /// Longitude in degrees.
    Lon,
    /// The member's home shop.
    Shop,
    /// Membership tier.
    Tier,
    /// Number of visits.
    Visits,
    /// Total spend.
    Spend,
    /// First visit or sign-up date.
    FirstVisit,
    /// Most recent visit.
    LastVisit,
    /// `own` or `competitor` (shop tables).
    Kind,
    /// Shop category (shop tables).
    Category,
}

/// Every field with its machine key and header aliases (compared after [`normalise_header`]).
const ALIASES: &[(Field, &str, &[&str])] = &[
    (
        Field::Id,
        "id",
        &[
            "id",
            "memberid",
            "memberno",
            "membernumber",
            "member",
            "cardno",
            "cardnumber",
            "card",
            "customerid",
            "customerno",
            "customernumber",
            "clientid",
            "no",
            "会员卡号",
            "会员编号",
            "卡号",
            "会员号",
            "会员id",
            "客户编号",
            "客户id",
            "编号",
            "jäsennumero",
            "asiakasnumero",
        ],
    ),
    (
        Field::Name,
        "name",
        &[
            "name",
            "fullname",
            "membername",
            "customername",
            "clientname",
            "姓名",
            "会员姓名",
            "客户姓名",
            "名字",
            "名称",
            "nimi",
        ],
    ),
    (
        Field::Phone,
        "phone",
        &[
            "phone",
            "mobile",
            "tel",
            "telephone",
            "phonenumber",
            "mobilephone",
            "cellphone",
            "mobileno",
            "手机",
            "手机号",
            "手机号码",
            "电话",
            "联系电话",
            "电话号码",
            "puhelin",
        ],
    ),
    (
        Field::Address,
        "address",
        &[
            "address",
            "addr",
            "streetaddress",
            "homeaddress",
            "street",
            "地址",
            "住址",
            "家庭住址",
            "联系地址",
            "详细地址",
            "居住地址",
            "osoite",
            "lähiosoite",
        ],
    ),
    (
        Field::Postcode,
        "postcode",
        &[
            "postcode",
            "postalcode",
            "zip",
            "zipcode",
            "plz",
            "邮编",
            "邮政编码",
            "postinumero",
        ],
    ),
    (
        Field::City,
        "city",
        &[
            "city",
            "town",
            "城市",
            "所在城市",
            "kaupunki",
            "postitoimipaikka",
        ],
    ),
    (
        Field::Lat,
        "lat",
        &["lat", "latitude", "纬度", "leveysaste", "wgs84lat"],
    ),
    (
        Field::Lon,
        "lon",
        &[
            "lon",
            "lng",
            "long",
            "longitude",
            "经度",
            "pituusaste",
            "wgs84lon",
        ],
    ),
    (
        Field::Shop,
        "shop",
        &[
            "shop",
            "store",
            "homeshop",
            "homestore",
            "branch",
            "shopname",
            "storename",
            "门店",
            "门店名称",
            "店名",
            "所属门店",
            "开卡门店",
            "店铺",
            "所属店铺",
            "myymälä",
        ],
    ),
    (
        Field::Tier,
        "tier",
        &[
            "tier",
            "level",
            "membertier",
            "memberlevel",
            "grade",
            "等级",
            "会员等级",
            "级别",
            "会员级别",
            "taso",
        ],
    ),
    (
        Field::Visits,
        "visits",
        &[
            "visits",
            "visitcount",
            "numberofvisits",
            "purchases",
            "orders",
            "消费次数",
            "到店次数",
            "购买次数",
            "käynnit",
            "käyntikerrat",
        ],
    ),
    (
        Field::Spend,
        "spend",
        &[
            "spend",
            "totalspend",
            "spent",
            "amount",
            "totalamount",
            "revenue",
            "累计消费",
            "消费金额",
            "累计消费金额",
            "总消费",
            "ostot",
            "kokonaisostot",
        ],
    ),
    (
        Field::FirstVisit,
        "first_visit",
        &[
            "firstvisit",
            "joined",
            "joindate",
            "registered",
            "registrationdate",
            "signupdate",
            "membersince",
            "开卡日期",
            "注册时间",
            "注册日期",
            "入会日期",
            "开卡时间",
            "liittynyt",
            "ensikäynti",
        ],
    ),
    (
        Field::LastVisit,
        "last_visit",
        &[
            "lastvisit",
            "lastpurchase",
            "lastvisitdate",
            "lastorder",
            "最近消费",
            "最后消费时间",
            "最近消费时间",
            "最后消费",
            "最近到店",
            "最后到店",
            "viimeisinkäynti",
        ],
    ),
    (
        Field::Kind,
        "kind",
        &["kind", "type", "shoptype", "类型", "门店类型", "tyyppi"],
    ),
    (
        Field::Category,
        "category",
        &[
            "category",
            "shopcategory",
            "品类",
            "类别",
            "行业",
            "kategoria",
        ],
    ),
];

impl Field {
    /// The machine key used by `--map` and in messages (`first_visit`, …).
    pub fn key(self) -> &'static str {
        ALIASES
            .iter()
            .find(|(f, _, _)| *f == self)
            .map_or("?", |(_, k, _)| k)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        ALIASES
            .iter()
            .find(|(_, k, _)| *k == s)
            .map(|(f, _, _)| *f)
            .ok_or_else(|| {
                let keys: Vec<&str> = ALIASES.iter().map(|(_, k, _)| *k).collect();
                format!(
                    "'{s}' is not a field (expected one of: {})",
                    keys.join(", ")
                )
            })
    }
}

/// A `--map COLUMN=field` override: the header text as written, and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    /// Header as written in the file.
    pub header: String,
    /// Field it holds.
    pub field: Field,
}

impl FromStr for ColumnOverride {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (header, field) = s
            .rsplit_once('=')
            .ok_or_else(|| format!("'{s}' is not COLUMN=field (e.g. --map 'Kortti=id')"))?;
        Ok(Self {
            header: header.trim().to_string(),
            field: field.parse()?,
        })
    }
}

/// Lower-cases, NFKC-normalises and strips spaces, punctuation and bracketed units, so
/// `Total spend (EUR)`, `total_spend` and `ＴｏｔａｌＳｐｅｎｄ` all read `totalspend`.
pub fn normalise_header(h: &str) -> String {
    let nfkc: String = h.nfkc().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(nfkc.len());
    let mut depth = 0u32;
    for c in nfkc.chars() {
        match c {
            '(' | '[' | '{' | '【' => depth += 1,
            ')' | ']' | '}' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `cells` read as a header row: at least two cells name a known field (by an
/// alias, or by a `--map` override). Used to find the header below title rows; one known
/// name is not enough, since a title such as `Members` or `会员` could be one.
pub fn is_header_row(cells: &[String], overrides: &[ColumnOverride]) -> bool {
    let known = cells
        .iter()
        .filter(|c| {
            let norm = normalise_header(c);
            !norm.is_empty()
                && (overrides
                    .iter()
                    .any(|o| c.trim() == o.header || normalise_header(&o.header) == norm)
                    || ALIASES
                        .iter()
                        .any(|(_, _, aliases)| aliases.iter().any(|a| normalise_header(a) == norm)))
        })
        .count();
    known >= 2
}

/// Which column holds which field, and which columns are kept as extra attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    fields: FxHashMap<Field, usize>,
    extras: Vec<usize>,
    headers: Vec<String>,
}

/// A header row that cannot be read as the table needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnError {
    /// `--map` names a column that is not there.
    #[error("--map names column '{header}', but the file's columns are: {available}")]
    UnknownOverride {
        /// The header named.
        header: String,
        /// The file's headers, comma-separated.
        available: String,
    },
}

impl ColumnMap {
    /// Detects fields from `headers`, applying `overrides` first.
    ///
    /// # Errors
    /// When an override names a column that does not exist.
    pub fn detect(headers: &[String], overrides: &[ColumnOverride]) -> Result<Self, ColumnError> {
        let mut fields: FxHashMap<Field, usize> = FxHashMap::default();
        let mut taken = vec![false; headers.len()];
        for o in overrides {
            let i = headers
                .iter()
                .position(|h| {
                    h.trim() == o.header || normalise_header(h) == normalise_header(&o.header)
                })
                .ok_or_else(|| ColumnError::UnknownOverride {
                    header: o.header.clone(),
                    available: headers.join(", "),
                })?;
            fields.insert(o.field, i);
            taken[i] = true;
        }
        for (i, h) in headers.iter().enumerate() {
            if taken[i] {
                continue;
            }
            let norm = normalise_header(h);
            let hit = ALIASES
                .iter()
                .find(|(_, _, aliases)| aliases.iter().any(|a| normalise_header(a) == norm));
            if let Some((field, _, _)) = hit
                && !fields.contains_key(field)
            {
                fields.insert(*field, i);
                taken[i] = true;
            }
        }
        let extras = (0..headers.len())
            .filter(|i| !taken[*i] && !headers[*i].trim().is_empty())
            .collect();
        Ok(Self {
            fields,
            extras,
            headers: headers.to_vec(),
        })
    }

    /// Column index of a field, if the table has it.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.fields.get(&field).copied()
    }

    /// Header text of a field's column.
    pub fn header(&self, field: Field) -> Option<&str> {
        self.column(field).map(|i| self.headers[i].as_str())
    }

    /// The cell of `field` in `cells`, if the column exists and the row reaches it.
    pub fn cell<'a>(&self, cells: &'a [String], field: Field) -> Option<&'a str> {
        self.column(field)
            .and_then(|i| cells.get(i))
            .map(String::as_str)
    }

    /// What a column is called in messages: its header, or `column N` (1-based) when it
    /// has none or lies past the header.
    pub fn header_at(&self, i: usize) -> String {
        match self.headers.get(i) {
            Some(h) if !h.trim().is_empty() => h.clone(),
            _ => format!("column {}", i + 1),
        }
    }

    /// Number of header columns.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// Columns no field claimed, kept as extra attributes: (header, column index).
    pub fn extras(&self) -> impl Iterator<Item = (&str, usize)> {
        self.extras.iter().map(|i| (self.headers[*i].as_str(), *i))
    }

    /// One line per detected field, `field ← header`, for the import summary.
    pub fn describe(&self) -> String {
        let mut pairs: Vec<(Field, usize)> = self.fields.iter().map(|(f, i)| (*f, *i)).collect();
        pairs.sort();
        pairs
            .iter()
            .map(|(f, i)| format!("{f} ← '{}'", self.headers[*i]))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_chinese_and_english_headers() {
        let h = headers(&[
            "会员卡号",
            "姓名",
            "手机号",
            "家庭住址",
            "纬度",
            "经度",
            "所属门店",
            "会员等级",
            "消费次数",
            "累计消费",
            "开卡日期",
            "最后消费时间",
            "备注",
        ]);
        let m = ColumnMap::detect(&h, &[]).unwrap();
        for (f, i) in [
            (Field::Id, 0),
            (Field::Name, 1),
            (Field::Phone, 2),
            (Field::Address, 3),
            (Field::Lat, 4),
            (Field::Lon, 5),
            (Field::Shop, 6),
            (Field::Tier, 7),
            (Field::Visits, 8),
            (Field::Spend, 9),
            (Field::FirstVisit, 10),
            (Field::LastVisit, 11),
        ] {
            assert_eq!(m.column(f), Some(i), "{f}");
        }
        assert_eq!(m.extras().collect::<Vec<_>>(), vec![("备注", 12)]);
        let h = headers(&["Member no", "Total spend (EUR)", "Last visit", "E-mail"]);
        let m = ColumnMap::detect(&h, &[]).unwrap();
        assert_eq!(m.column(Field::Id), Some(0));
        assert_eq!(m.column(Field::Spend), Some(1));
        assert_eq!(m.column(Field::LastVisit), Some(2));
    }

    #[test]
    fn overrides_win_and_unknown_override_is_an_error() {
        let h = headers(&["Kortti", "id"]);
        let m = ColumnMap::detect(&h, &["Kortti=id".parse().unwrap()]).unwrap();
        assert_eq!(m.column(Field::Id), Some(0));
        assert_eq!(m.extras().count(), 1);
        assert!(ColumnMap::detect(&h, &["Nope=id".parse().unwrap()]).is_err());
        assert!("Kortti=bogus".parse::<ColumnOverride>().is_err());
    }

    proptest! {
        #[test]
        fn header_detection_survives_case_spacing_and_width(
            idx in 0usize..ALIASES.len(), upper in any::<bool>(), pad in "[ _]{0,2}", wide in any::<bool>()
        ) {
            let (field, _, aliases) = ALIASES[idx];
            let alias = aliases[0];
            let mut h: String = if upper { alias.to_uppercase() } else { alias.to_string() };
            if wide {
                h = h.chars().map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c }).collect();
            }
            let h = format!("{pad}{h}{pad} (x)");
            let m = ColumnMap::detect(std::slice::from_ref(&h), &[]).unwrap();
            prop_assert_eq!(m.column(field), Some(0), "{}", h);
        }

        #[test]
        fn detection_never_panics(hs in proptest::collection::vec(".{0,12}", 0..8)) {
            let _ = ColumnMap::detect(&hs, &[]);
        }
    }
}
