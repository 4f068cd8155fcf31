//! The types of a sparse-area report: what it reads ([`SparseInput`], [`Grid`],
//! [`SparseRules`]), what it says ([`SparseReport`], [`SparseCell`], [`Reason`] and the
//! [`Evidence`] behind each reason) and how it fails ([`SparseError`]).
//!
//! They sit apart from the code that builds a report so that the reasons, the leaflet
//! and campaign lists and the writers in [`crate::report`] can use them without the
//! builder, which in turn uses those (see the [`sparse`](super) module doc for the rules).

use crate::analysis::MemberSet;
use crate::analysis::barriers::BarrierKind;
use crate::analysis::coverage::Coverage;
use crate::analysis::decay::{DecayError, DecayFit};
use crate::analysis::dwellings::DwellingCount;
use crate::analysis::rings::{RingPlan, ShopHeader};
use crate::coord::LonLat;
use crate::model::Shop;
use crate::osm::Area;
use chrono::NaiveDate;
use serde::Serialize;

/// Why a sparse report could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SparseError {
    /// The decay could not be fitted.
    #[error("{shop}: {source}")]
    Fit {
        /// The shop.
        shop: String,
        /// Cause.
        source: DecayError,
    },
    /// The grid spec is not understood.
    #[error("grid '{0}' is not understood (use rings, h3:9 or h3:10)")]
    BadGrid(String),
}

/// Which cells to test.
#[derive(Debug, Clone, PartialEq)]
pub enum Grid {
    /// The ring × sector cells of a plan.
    Rings(RingPlan),
    /// H3 hexagons of a resolution, within a radius in metres of the shop.
    H3 {
        /// H3 resolution (9: ≈ 0.1 km² hexagons, 10: ≈ 0.015 km²).
        resolution: h3o::Resolution,
        /// Radius in metres.
        radius_m: f64,
    },
}

impl Grid {
    /// Parses `rings`, `h3:9` or `h3:10` (any H3 resolution 7–12); rings use `plan`,
    /// hexagons its outer radius.
    ///
    /// # Errors
    /// [`SparseError::BadGrid`] for anything else.
    pub fn parse(spec: &str, plan: RingPlan) -> Result<Self, SparseError> {
        let spec_l = spec.trim().to_ascii_lowercase();
        if spec_l == "rings" {
            return Ok(Grid::Rings(plan));
        }
        let res = spec_l
            .strip_prefix("h3:")
            .and_then(|r| r.parse::<u8>().ok())
            .filter(|r| (7..=12).contains(r))
            .and_then(|r| h3o::Resolution::try_from(r).ok())
            .ok_or_else(|| SparseError::BadGrid(spec.to_string()))?;
        Ok(Grid::H3 {
            resolution: res,
            radius_m: plan.outer_radius_m(),
        })
    }

    /// The outer radius in metres.
    pub fn radius_m(&self) -> f64 {
        match self {
            Grid::Rings(p) => p.outer_radius_m(),
            Grid::H3 { radius_m, .. } => *radius_m,
        }
    }

    /// `rings` or `h3:9`.
    pub fn name(&self) -> String {
        match self {
            Grid::Rings(_) => "rings".into(),
            Grid::H3 { resolution, .. } => format!("h3:{}", u8::from(*resolution)),
        }
    }
}

/// The thresholds of the sparse test (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SparseRules {
    /// Lower-tail probability (negative binomial with the measured dispersion) below
    /// which a shortfall is not chance.
    pub alpha: f64,
    /// Dwellings a cell needs to be tested.
    pub min_homes: u64,
    /// Expected members a cell needs to be tested.
    pub min_expected: f64,
    /// Smallest shortfall, as a share of the expected members, worth flagging.
    pub min_shortfall: f64,
    /// Share of a cell's dwellings behind a barrier for it to be a reason.
    pub barrier_share: f64,
    /// Share of street-level members in a direction for `uncertain`.
    pub uncertain_share: f64,
    /// Fits at most (the first on all cells, then without the flagged ones).
    pub max_passes: usize,
}

impl Default for SparseRules {
    fn default() -> Self {
        Self {
            alpha: 0.01,
            min_homes: 10,
            min_expected: 5.0,
            min_shortfall: 0.25,
            barrier_share: 0.5,
            uncertain_share: 0.25,
            max_passes: 2,
        }
    }
}

/// A reason a cell holds few members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A competitor in the cell or nearer to it than the shop.
    Competitor,
    /// A main road, railway or water between the shop and the cell.
    Barrier,
    /// Too few homes to test (never sparse).
    FewHomes,
    /// Many members in that direction placed only roughly or not at all.
    Uncertain,
    /// Less than half the cell lies inside the loaded data (never tested, never sparse).
    NoData,
}

impl Reason {
    /// `competitor`, `barrier`, `few_homes`, `uncertain` or `no_data`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Competitor => "competitor",
            Reason::Barrier => "barrier",
            Reason::FewHomes => "few_homes",
            Reason::Uncertain => "uncertain",
            Reason::NoData => "no_data",
        }
    }
}

/// One cell of a sparse report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SparseCell {
    /// Label: `ring-sector` such as `4-NE`, or the H3 index.
    pub cell: String,
    /// Ring number from 1 (ring grid).
    pub ring: Option<usize>,
    /// Inner radius in metres (ring grid).
    pub inner_m: Option<f64>,
    /// Outer radius in metres (ring grid).
    pub outer_m: Option<f64>,
    /// Compass sector: the cell's own (ring grid) or that of its centre (H3).
    pub sector: &'static str,
    /// Bearing range `[from, to)` in degrees (ring grid).
    pub bearing_from_deg: Option<f64>,
    /// End of the bearing range.
    pub bearing_to_deg: Option<f64>,
    /// H3 index (H3 grid).
    pub h3: Option<String>,
    /// Longitude of the representative point (see the module doc).
    pub lon: f64,
    /// Latitude of the representative point.
    pub lat: f64,
    /// Geodesic distance from the shop to the representative point, metres.
    pub distance_m: f64,
    /// Cell area in km².
    pub area_km2: f64,
    /// Share (0–1) of the cell's area inside the loaded data (see
    /// [`crate::analysis::coverage`]); `None` when the area declares no edge.
    pub area_coverage: Option<f64>,
    /// Members counted here.
    pub members: u64,
    /// Dwellings here.
    pub homes: u64,
    /// Home points (addresses, buildings) here.
    pub home_points: u64,
    /// Members expected here from the decay fit (0 without a model).
    pub expected: f64,
    /// Members per 100 dwellings.
    pub penetration: Option<f64>,
    /// Expected members per 100 dwellings (`None` without a model).
    pub expected_penetration: Option<f64>,
    /// Members per km².
    pub members_per_km2: f64,
    /// Expected − actual members (negative: more than expected; 0 without a model).
    pub missing: f64,
    /// P(X ≤ members) for X negative binomial with mean λ = expected and variance
    /// dispersion × λ, for tested cells.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg q-value over the tested cells.
    pub q_value: Option<f64>,
    /// Whether the cell had enough homes and expected members to be tested.
    pub tested: bool,
    /// Whether the cell is sparse.
    pub sparse: bool,
    /// Reasons (see the module doc).
    pub reasons: Vec<Reason>,
    /// What the reasons rest on.
    pub evidence: Evidence,
    /// Dormant members here.
    pub dormant: u64,
    /// Members here placed only at street level.
    pub street_level: u64,
    /// Analysis slots of the members here.
    #[serde(skip)]
    pub member_slots: Vec<u32>,
    /// Indices into the area's homes of the homes here.
    #[serde(skip)]
    pub home_indices: Vec<u32>,
}

/// The sparse-area report of one shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SparseReport {
    /// The shop.
    pub shop: ShopHeader,
    /// `rings` or `h3:N`.
    pub grid: String,
    /// Ring radii in metres (ring grid).
    pub radii_m: Option<Vec<f64>>,
    /// Number of sectors (ring grid).
    pub sectors: Option<usize>,
    /// Outer radius in metres: the fitted and tested range.
    pub radius_m: f64,
    /// Reference date of the segments.
    pub as_of: Option<NaiveDate>,
    /// Which members are counted.
    pub scope: crate::analysis::ScopeName,
    /// Members within the radius.
    pub members_in_range: u64,
    /// Members beyond it (not tested).
    pub members_outside: u64,
    /// Dwellings within the radius.
    pub homes_in_range: u64,
    /// How those dwellings were counted.
    pub dwellings: DwellingCount,
    /// The fitted decay (from the last pass, leveled to the members in range); `None`
    /// when no model could be made (see `no_model`).
    pub model: Option<DecayFit>,
    /// Why no model could be made: then no cell is tested or flagged.
    pub no_model: Option<String>,
    /// The model in words, or why there is none.
    pub model_text: String,
    /// The thresholds used.
    pub rules: SparseRules,
    /// Fits made.
    pub passes: usize,
    /// Pearson dispersion φ of the tested cells the test was calibrated on (1 for Poisson
    /// data; `None` without a model).
    pub dispersion: Option<f64>,
    /// The variance the test allowed a cell, as a multiple of its expected members: 1 when
    /// φ ≤ 1, else φ widened for having been estimated from the cells (see the module
    /// doc).
    pub variance_factor: Option<f64>,
    /// Cells tested.
    pub tested_cells: u64,
    /// Cells flagged sparse.
    pub sparse_cells: u64,
    /// Cells expected to be flagged by chance alone: α × cells tested.
    pub expected_false_flags: f64,
    /// Members of the workspace without a usable position, share.
    pub unplaced_share: f64,
    /// Every cell, in grid order (rings outward, sectors clockwise from N; hexagons by
    /// distance).
    pub cells: Vec<SparseCell>,
    /// How much of the grid lies inside the loaded data; `None` when the area has no edge.
    pub coverage: Option<Coverage>,
    /// Remarks for the reader.
    pub notes: Vec<String>,
    #[serde(skip)]
    pub(super) shop_position: LonLat,
}

impl SparseReport {
    /// The sparse cells, most members missing first.
    pub fn ranked(&self) -> Vec<&SparseCell> {
        let mut v: Vec<&SparseCell> = self.cells.iter().filter(|c| c.sparse).collect();
        v.sort_by(|a, b| b.missing.total_cmp(&a.missing).then(a.cell.cmp(&b.cell)));
        v
    }

    /// The shop's position.
    pub fn shop_position(&self) -> LonLat {
        self.shop_position
    }
}

/// Everything a sparse report reads.
#[derive(Debug, Clone, Copy)]
pub struct SparseInput<'a> {
    /// Located members.
    pub members: &'a MemberSet,
    /// The shop reported on.
    pub shop: &'a Shop,
    /// Other shops of the workspace; the competitors among them give `competitor`.
    pub others: &'a [Shop],
    /// The OSM area: homes, streets, barriers.
    pub area: &'a Area,
    /// Cells.
    pub grid: &'a Grid,
    /// Thresholds.
    pub rules: &'a SparseRules,
    /// Members of the workspace with no usable position (pending, postcode-level, none).
    pub unplaced_members: u64,
}

/// A competitor behind a `competitor` reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitorEvidence {
    /// Its name.
    pub name: String,
    /// It stands inside the cell.
    pub in_cell: bool,
    /// From it to the cell's representative point, metres.
    pub distance_to_cell_m: f64,
    /// From the shop to the cell's representative point, metres.
    pub shop_distance_to_cell_m: f64,
    /// From the shop to it, metres.
    pub distance_from_shop_m: f64,
    /// Share of the cell's dwellings nearer to it than to the shop.
    pub homes_nearer_share: f64,
}

/// A barrier behind a `barrier` reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarrierEvidence {
    /// `Name (kind)` or `unnamed kind`.
    pub barrier: String,
    /// What it is.
    pub kind: BarrierKind,
    /// Share of the cell's dwellings the shop sees only across it.
    pub homes_behind_share: f64,
}

/// What makes a cell's count `uncertain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncertainEvidence {
    /// The compass direction looked at.
    pub direction: &'static str,
    /// Members in that direction placed only at street level, share.
    pub street_level_share: f64,
    /// Members of the workspace with no usable position at all, share.
    pub unplaced_share: f64,
}

/// Evidence for the reasons of one cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// Competitors in or nearer to the cell, nearest first (at most 3).
    pub competitors: Vec<CompetitorEvidence>,
    /// Barriers between the shop and the cell, largest share first.
    pub barriers: Vec<BarrierEvidence>,
    /// Uncertain positions in the cell's direction.
    pub uncertain: Option<UncertainEvidence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_specs() {
        assert!(matches!(
            Grid::parse("rings", RingPlan::default()),
            Ok(Grid::Rings(_))
        ));
        assert!(matches!(
            Grid::parse("H3:9", RingPlan::default()),
            Ok(Grid::H3 { .. })
        ));
        assert!(Grid::parse("h3:99", RingPlan::default()).is_err());
        assert!(Grid::parse("hex", RingPlan::default()).is_err());
    }
}
