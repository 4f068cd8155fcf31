//! A workspace read once: the located members prepared for analysis, the shops, the OSM
//! area (and where its data ends) and the member counts, from which every report and map of one request is made.
//! The CLI reads one per command; the server keeps one per workspace version, and reading
//! the next one keeps the prepared members while the members version is unchanged
//! ([`Snapshot::read_again`]).

use super::AppError;
use crate::analysis::MemberSet;
use crate::analysis::segments::SegmentRules;
use crate::model::Shop;
use crate::osm::{Area, DataEdge};
use crate::render::MapData;
use crate::workspace::{LocatedMembers, MemberCounts, MembersVersion, Workspace};
use chrono::NaiveDate;

/// The members a snapshot is made with: those of the previous one, or read anew.
enum Members<'a> {
    Kept(&'a Snapshot),
    Read(Box<LocatedMembers>),
}

/// Members, shops and area of a workspace, read together.
#[derive(Debug)]
pub struct Snapshot {
    data: MapData,
    counts: MemberCounts,
    edge: Option<DataEdge>,
    /// The members version the members were read at, and the reference date asked for.
    members_version: MembersVersion,
    as_of: Option<NaiveDate>,
}

impl Snapshot {
    /// Reads located members (segments decided against `as_of`, default the latest visit
    /// in the data), shops, the area and the member counts.
    ///
    /// # Errors
    /// When the workspace cannot be read.
    pub fn read(ws: &Workspace, as_of: Option<NaiveDate>) -> Result<Self, AppError> {
        Self::read_with(ws, as_of, true, None)
    }

    /// As [`Snapshot::read`] with `previous`'s reference date, keeping its prepared
    /// members (and their own shops, if the shops are the same) when the members version
    /// is unchanged since it was read: a shop added or an area loaded then reads no
    /// member again.
    ///
    /// # Errors
    /// When the workspace cannot be read.
    pub fn read_again(ws: &Workspace, previous: &Snapshot) -> Result<Self, AppError> {
        Self::read_with(ws, previous.as_of, true, Some(previous))
    }

    /// Whether this snapshot shares its prepared members with `other` (nothing was read
    /// again).
    pub fn shares_members_with(&self, other: &Snapshot) -> bool {
        self.members().shares_members_with(other.members())
    }

    /// As [`Snapshot::read`], leaving the area out: for the reports that never look at
    /// homes, streets or the basemap (rings), which then start faster.
    ///
    /// # Errors
    /// When the workspace cannot be read.
    pub fn read_members_and_shops(
        ws: &Workspace,
        as_of: Option<NaiveDate>,
    ) -> Result<Self, AppError> {
        Self::read_with(ws, as_of, false, None)
    }

    fn read_with(
        ws: &Workspace,
        as_of: Option<NaiveDate>,
        area: bool,
        previous: Option<&Snapshot>,
    ) -> Result<Self, AppError> {
        let (members, shops, area, edge) = ws.read_consistently(|ws| {
            let version = ws.members_version()?;
            let members = match previous {
                Some(p) if p.members_version == version => Members::Kept(p),
                _ => Members::Read(Box::new(ws.located_members()?)),
            };
            let area = if area { ws.load_area()? } else { None };
            Ok::<_, AppError>((members, ws.shops()?, area, ws.area_edge()?))
        })?;
        Ok(match members {
            Members::Kept(previous) => Self {
                data: previous.data.with_shops_and_area(shops, area),
                counts: previous.counts,
                edge,
                members_version: previous.members_version,
                as_of,
            },
            Members::Read(members) => Self {
                data: MapData::new(members.table, as_of, &SegmentRules::default(), shops, area),
                counts: members.counts,
                edge,
                members_version: members.version,
                as_of,
            },
        })
    }

    /// What maps are drawn from.
    pub fn map_data(&self) -> &MapData {
        &self.data
    }

    /// The located members.
    pub fn members(&self) -> &MemberSet {
        self.data.members()
    }

    /// Every shop and competitor.
    pub fn shops(&self) -> &[Shop] {
        self.data.shops()
    }

    /// The OSM area, when one is loaded (and was read).
    pub fn area(&self) -> Option<&Area> {
        self.data.area()
    }

    /// Where the loaded area's data ends, when an area is loaded (read even when the area
    /// itself was left out).
    pub fn edge(&self) -> Option<&DataEdge> {
        self.edge.as_ref()
    }

    /// The area, or [`AppError::NoArea`] saying what it was `needed_for`.
    ///
    /// # Errors
    /// [`AppError::NoArea`].
    pub fn require_area(&self, needed_for: &'static str) -> Result<&Area, AppError> {
        self.area().ok_or(AppError::NoArea { needed_for })
    }

    /// How many members the workspace holds, located or not.
    pub fn counts(&self) -> MemberCounts {
        self.counts
    }

    /// Members without a usable position (not geocoded yet, or placed only by postcode or
    /// not at all), which every analysis leaves out.
    pub fn unplaced(&self) -> u64 {
        self.counts.total - self.counts.located
    }
}
