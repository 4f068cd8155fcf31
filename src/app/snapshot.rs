//! A workspace read once: the located members prepared for analysis, the shops, the OSM
//! area (and where its data ends) and the member counts, from which every report and map of one request is made.
//! The CLI reads one per command; the server keeps one per workspace version.

use super::AppError;
use crate::analysis::MemberSet;
use crate::analysis::segments::SegmentRules;
use crate::model::Shop;
use crate::osm::{Area, DataEdge};
use crate::render::MapData;
use crate::workspace::{MemberCounts, Workspace};
use chrono::NaiveDate;

/// Members, shops and area of a workspace, read together.
#[derive(Debug)]
pub struct Snapshot {
    data: MapData,
    counts: MemberCounts,
    edge: Option<DataEdge>,
}

impl Snapshot {
    /// Reads located members (segments decided against `as_of`, default the latest visit
    /// in the data), shops, the area and the member counts.
    ///
    /// # Errors
    /// When the workspace cannot be read.
    pub fn read(ws: &Workspace, as_of: Option<NaiveDate>) -> Result<Self, AppError> {
        Self::read_with(ws, as_of, true)
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
        Self::read_with(ws, as_of, false)
    }

    fn read_with(ws: &Workspace, as_of: Option<NaiveDate>, area: bool) -> Result<Self, AppError> {
        let (counts, members, shops, area, edge) = ws.read_consistently(|ws| {
            let area = if area { ws.load_area()? } else { None };
            Ok::<_, AppError>((
                ws.member_counts()?,
                ws.located_members()?,
                ws.shops()?,
                area,
                ws.area_edge()?,
            ))
        })?;
        let data = MapData::new(members, as_of, &SegmentRules::default(), shops, area);
        Ok(Self { data, counts, edge })
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
