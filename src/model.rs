//! The records every stage shares: shops, members with their visit histories, contact
//! details and how precisely an address was placed.
//!
//! They sit at the bottom of the crate, beside [`crate::coord`], so that reading a table
//! ([`crate::ingest`]), storing it ([`crate::workspace`]), measuring it
//! ([`crate::analysis`]) and drawing it ([`crate::render`]) all speak of the same types
//! without one stage importing a later one.

mod column;
mod spatial_order;
mod table;

pub use column::Column;
pub use spatial_order::SpatialOrder;
pub use table::{
    MemberColumns, MemberIds, MemberTable, MemberTableBuilder, MemberView, VisitDays, day_number,
    flags,
};

use crate::coord::LonLat;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Whether a shop is one of ours or a competitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShopKind {
    /// One of the user's own shops.
    Own,
    /// A competing shop.
    Competitor,
}

impl ShopKind {
    /// `own` or `competitor`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShopKind::Own => "own",
            ShopKind::Competitor => "competitor",
        }
    }
}

/// A shop or competitor with a known position.
#[derive(Debug, Clone, PartialEq)]
pub struct Shop {
    /// Unique name in the workspace.
    pub name: String,
    /// Own shop or competitor.
    pub kind: ShopKind,
    /// Where it is.
    pub position: LonLat,
    /// Street address, if known.
    pub address: Option<String>,
    /// Category such as `beauty` or `hairdresser`, if known.
    pub category: Option<String>,
}

impl Shop {
    /// The competitors among `shops` other than the shop named `name` (a shop is its
    /// name: names are unique in a workspace), in their order: whom a report about that
    /// shop weighs it against.
    ///
    /// ```
    /// use catchment::coord::LonLat;
    /// use catchment::model::{Shop, ShopKind};
    /// let shop = |name: &str, kind| Shop {
    ///     name: name.into(),
    ///     kind,
    ///     position: LonLat::new(24.94, 60.17).unwrap(),
    ///     address: None,
    ///     category: None,
    /// };
    /// let shops = [
    ///     shop("Ours", ShopKind::Own),
    ///     shop("Rival", ShopKind::Competitor),
    ///     shop("Other rival", ShopKind::Competitor),
    /// ];
    /// let names: Vec<&str> = Shop::competitors_other_than(&shops, "Rival")
    ///     .map(|s| s.name.as_str())
    ///     .collect();
    /// assert_eq!(names, ["Other rival"]);
    /// ```
    pub fn competitors_other_than<'a>(
        shops: &'a [Shop],
        name: &'a str,
    ) -> impl Iterator<Item = &'a Shop> + 'a {
        shops
            .iter()
            .filter(move |s| s.kind == ShopKind::Competitor && s.name != name)
    }
}

/// A member with a position, as the analyses need them.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Member id (card number) as imported.
    pub id: String,
    /// Where the member lives.
    pub position: LonLat,
    /// Name of the member's home shop, when the member list has one.
    pub home_shop: Option<String>,
    /// Visits, spend and dates.
    pub history: VisitHistory,
    /// Membership tier as written in the export.
    pub tier: Option<String>,
    /// Placed only on its street (the geocoder found no usable house number).
    pub street_level: bool,
}

/// What the till knows of one member's visits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitHistory {
    /// Number of visits (purchases).
    pub visits: Option<u32>,
    /// Total spend in cents of the shop's currency.
    pub spend_cents: Option<i64>,
    /// First visit or sign-up date.
    pub first_visit: Option<NaiveDate>,
    /// Most recent visit.
    pub last_visit: Option<NaiveDate>,
}

/// A member's contact details, for a campaign list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Member id (card number).
    pub id: String,
    /// Name as imported.
    pub name: Option<String>,
    /// Phone as imported.
    pub phone: Option<String>,
}

/// How precisely an address was placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchLevel {
    /// The address point itself, or a number interpolated on its street.
    House,
    /// A named residential compound, building complex or POI the address names (Chinese
    /// addresses: `小区`, `花园`, `大厦`, a school): closer than the street, not the door.
    Compound,
    /// The street, without a usable number.
    Street,
    /// The centroid of the postcode's address points.
    Postcode,
    /// Not placed.
    None,
}

impl MatchLevel {
    /// `house`, `compound`, `street`, `postcode` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::House => "house",
            Self::Compound => "compound",
            Self::Street => "street",
            Self::Postcode => "postcode",
            Self::None => "none",
        }
    }
}

impl fmt::Display for MatchLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A match level name that is none of `house`, `compound`, `street`, `postcode`, `none`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown match level '{0}' (expected house, compound, street, postcode or none)")]
pub struct UnknownMatchLevel(pub String);

impl FromStr for MatchLevel {
    type Err = UnknownMatchLevel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "house" => Ok(Self::House),
            "compound" => Ok(Self::Compound),
            "street" => Ok(Self::Street),
            "postcode" | "area" => Ok(Self::Postcode),
            "none" => Ok(Self::None),
            _ => Err(UnknownMatchLevel(s.to_owned())),
        }
    }
}

/// An address point from an official address file (the OpenAddresses layout): a house
/// number on a street, where it stands. The area keeps these beside the extract's own
/// points, and the geocoder prefers them (see `geocode::gazetteer_input`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileAddress {
    /// `STREET` as given.
    pub street: String,
    /// `NUMBER` as given: `5`, `12a`, `100号`.
    pub housenumber: String,
    /// `UNIT`, if given (a flat; not used to place the point).
    pub unit: Option<String>,
    /// `POSTCODE`, if given.
    pub postcode: Option<String>,
    /// `CITY`, if given.
    pub city: Option<String>,
    /// Where the house stands.
    pub position: LonLat,
    /// The file it came from (its name).
    pub source: String,
}

/// One possible reading of an address, for review.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What it would match, e.g. `Mannerheimintie 5, 00100 Helsinki`.
    pub label: String,
    /// Where that is.
    pub position: LonLat,
    /// How precisely.
    pub level: MatchLevel,
    /// Confidence in 0..=1.
    pub score: f32,
}

/// A member placed below full confidence or not at all, as the workspace records it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReviewRow {
    /// Member id.
    pub id: String,
    /// Address as imported.
    pub address: String,
    /// Level reached.
    pub level: String,
    /// Score 0–1.
    pub score: Option<f64>,
    /// What it matched.
    pub label: Option<String>,
}

/// A member to review: how their address was matched, and the best candidates.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    /// The member's address and match.
    pub row: ReviewRow,
    /// The best readings of the address in the loaded area, best first (none without an
    /// area).
    pub candidates: Vec<Candidate>,
}

/// Something about a shop's position worth a look; the shop is stored all the same.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShopWarning {
    /// The shop lies outside the loaded area, but would lie inside with latitude and
    /// longitude swapped.
    Swapped {
        /// The shop.
        shop: String,
        /// Latitude as given, degrees.
        lat: f64,
        /// Longitude as given, degrees.
        lon: f64,
    },
    /// The shop lies outside the loaded area: its rings reach into no data.
    OutsideArea {
        /// The shop.
        shop: String,
        /// From the shop to the area's edge, metres.
        distance_m: f64,
    },
}
