//! Every word a map prints, in English and Chinese, and how numbers and distances are
//! written in each.

use crate::analysis::segments::Segment;
use std::fmt;
use std::str::FromStr;

/// The language of a map's furniture (titles, legend, table, units).
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

/// The words of one language.
#[derive(Debug)]
pub(crate) struct Words {
    pub title: &'static str,
    pub legend: &'static str,
    pub scale: &'static str,
    pub north: &'static str,
    pub data_as_of: &'static str,
    pub this_shop: &'static str,
    pub other_own_shops: &'static str,
    pub competitor: &'static str,
    pub rings: &'static str,
    pub vip: &'static str,
    pub members_by_segment: &'static str,
    pub ring_table: &'static str,
    pub ring: &'static str,
    pub members: &'static str,
    pub share: &'static str,
    pub cumulative: &'static str,
    pub per_km2: &'static str,
    pub total: &'static str,
    pub bar_chart: &'static str,
    pub per_hexagon: &'static str,
    pub privacy_note: &'static str,
    pub visits: &'static str,
    pub spend: &'static str,
    pub other_members: &'static str,
    pub unknown: &'static str,
    pub attribution: &'static str,
    pub no_basemap: &'static str,
    pub scope_own: &'static str,
    pub scope_all: &'static str,
    pub metres: &'static str,
    pub kilometres: &'static str,
}

const EN: Words = Words {
    title: "Customer map",
    legend: "Legend",
    scale: "Scale",
    north: "N",
    data_as_of: "Data as of",
    this_shop: "This shop",
    other_own_shops: "Our other shops",
    competitor: "Competitor",
    rings: "Distance rings",
    vip: "VIP member",
    members_by_segment: "Members",
    ring_table: "Members by ring",
    ring: "Ring",
    members: "Members",
    share: "Share",
    cumulative: "Cum.",
    per_km2: "per km²",
    total: "Total",
    bar_chart: "Members per ring",
    per_hexagon: "Members per hexagon",
    privacy_note: "Cells with fewer than 3 members are not shown",
    visits: "Visits",
    spend: "Total spend",
    other_members: "Other members",
    unknown: "unknown",
    attribution: "Map data © OpenStreetMap contributors",
    no_basemap: "No basemap: load the area with `catchment area load`",
    scope_own: "the shop's own members",
    scope_all: "all members",
    metres: "m",
    kilometres: "km",
};

const ZH: Words = Words {
    title: "顾客分布图",
    legend: "图例",
    scale: "比例尺",
    north: "北",
    data_as_of: "数据截至",
    this_shop: "本店",
    other_own_shops: "本品牌其他门店",
    competitor: "竞争对手",
    rings: "商圈半径",
    vip: "VIP 会员",
    members_by_segment: "会员",
    ring_table: "各圈层会员",
    ring: "圈层",
    members: "会员数",
    share: "占比",
    cumulative: "累计",
    per_km2: "每平方公里",
    total: "合计",
    bar_chart: "各圈层会员数",
    per_hexagon: "每个六边形的会员数",
    privacy_note: "少于 3 人的格子不显示",
    visits: "消费次数",
    spend: "累计消费",
    other_members: "其他会员",
    unknown: "未知",
    attribution: "地图数据 © OpenStreetMap contributors",
    no_basemap: "无底图：请先用 `catchment area load` 加载区域",
    scope_own: "本店会员",
    scope_all: "全部会员",
    metres: "米",
    kilometres: "公里",
};

impl Lang {
    /// The words of this language.
    pub(crate) fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
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
    }
}
