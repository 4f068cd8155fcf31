//! Sparse areas: cells (ring × sector, or H3 hexagons) holding fewer of a shop's members
//! than its own distance decay and the homes there lead one to expect, with the reasons
//! the map shows for them.
//!
//! # Expected members
//!
//! The shop's distance decay p(d) = exp(a − b·d) is fitted by Poisson maximum likelihood
//! from the members and homes within the grid's outer radius (see [`super::decay`]). A
//! cell's expected members are Σₕ wₕ·p(dₕ) over the homes h in it (wₕ dwellings at
//! geodesic distance dₕ), so near cells expect more per home than far ones, and over
//! the fitted cells expected and actual members add up to the same total.
//!
//! # The test
//!
//! With λ the cell's expected members and k its actual members, the cell is **sparse**
//! when all of these hold ([`SparseRules`] has the numbers):
//!
//! - it has at least `min_homes` dwellings (else it is reported as `few_homes`, never
//!   sparse: a handful of homes says nothing) and λ ≥ `min_expected` (else the test has
//!   no power and the cell is not tested);
//! - k ≤ (1 − `min_shortfall`)·λ: a shortfall worth acting on;
//! - the Poisson lower tail P(X ≤ k; λ) < `alpha`: the shortfall is not chance.
//!
//! Cells are ranked by members missing, λ − k. With `alpha` = 0.01 and some 40 cells, a
//! report of a shop without any real hole flags about 0.4 cells by chance (the report
//! states α × cells tested); the Benjamini–Hochberg q-value of each cell is given for
//! readers who want a false-discovery-rate cut instead. Holes bias a fit made on all
//! cells (they lower the fitted level), so the fit is made once more without the cells
//! the first pass flagged and the cells are tested against that (`max_passes` = 2). It
//! is not iterated further: where members cluster strongly, each refit raises the level
//! again and flags ever more cells. Members cluster more
//! than Poisson in real lists; the Pearson dispersion of the unflagged tested cells is
//! reported (≫ 1 means expect more chance flags than α says).
//!
//! # Reasons
//!
//! For each sparse cell, with its representative point the dwelling-weighted centroid of
//! its homes (the cell's centre when it has none):
//!
//! - `competitor`: a competitor stands in the cell, or nearer to the representative point
//!   than the shop; each is named with its distances and the share of the cell's homes
//!   nearer to it than to the shop;
//! - `barrier`: a barrier (see [`super::barriers`]) lies between the shop and at least
//!   `barrier_share` of the cell's dwellings; named;
//! - `uncertain`: in the cell's direction (its compass sector), at least `uncertain_share`
//!   of the members are placed only at street level, or the members that could not be
//!   placed at all would, spread like the placed ones, make up half the shortfall;
//! - `few_homes` marks cells with fewer than `min_homes` dwellings (not sparse).
//!
//! A sparse cell may have several reasons or none: then nothing visible explains it, and
//! advertising there is the first thing to try.

use super::MemberSet;
use super::decay::{DecayError, DecayFit, HomeAt, fit_decay};
use super::reasons::{Direction, EvidenceContext};
use super::rings::{RingPlan, ShopHeader, annulus_area_km2};
use super::sectors::SectorScheme;
use super::segments::Segment;
use crate::coord::LonLat;
use crate::geodesy::{ShopFrame, bearing_deg, destination, distance_m, ecef_m};
use crate::model::Shop;
use crate::osm::Area;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

pub use super::reasons::{BarrierEvidence, CompetitorEvidence, Evidence, UncertainEvidence};
pub use super::targets::{CellLeaflet, Target, TargetReason, campaign_targets, leaflet_plans};

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
    /// Poisson lower-tail probability below which a shortfall is not chance.
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
}

impl Reason {
    /// `competitor`, `barrier`, `few_homes` or `uncertain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Competitor => "competitor",
            Reason::Barrier => "barrier",
            Reason::FewHomes => "few_homes",
            Reason::Uncertain => "uncertain",
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
    /// Members counted here.
    pub members: u64,
    /// Dwellings here.
    pub homes: u64,
    /// Home points (addresses, buildings) here.
    pub home_points: u64,
    /// Members expected here from the decay fit.
    pub expected: f64,
    /// Members ÷ dwellings.
    pub penetration: Option<f64>,
    /// Expected members ÷ dwellings.
    pub expected_penetration: Option<f64>,
    /// Members per km².
    pub members_per_km2: f64,
    /// Expected − actual members (negative: more than expected).
    pub missing: f64,
    /// Poisson P(X ≤ members; λ = expected), for tested cells.
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
    pub scope: &'static str,
    /// Members within the radius.
    pub members_in_range: u64,
    /// Members beyond it (not tested).
    pub members_outside: u64,
    /// Dwellings within the radius.
    pub homes_in_range: u64,
    /// The fitted decay (from the last pass).
    pub model: DecayFit,
    /// The model in words.
    pub model_text: String,
    /// The thresholds used.
    pub rules: SparseRules,
    /// Fits made.
    pub passes: usize,
    /// Pearson dispersion of the tested, unflagged cells (1 for Poisson data).
    pub dispersion: Option<f64>,
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
    /// Remarks for the reader.
    pub notes: Vec<String>,
    #[serde(skip)]
    shop_position: LonLat,
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

/// Where a point falls in the grid: cell index and geodesic distance.
pub(super) struct Placer<'a> {
    pub(super) grid: &'a Grid,
    pub(super) frame: ShopFrame,
    range: RingPlan,
    hex_ids: HashMap<h3o::CellIndex, usize>,
    pub(super) hexes: Vec<h3o::CellIndex>,
}

impl<'a> Placer<'a> {
    fn new(grid: &'a Grid, shop: LonLat) -> Self {
        let range = match grid {
            Grid::Rings(p) => p.clone(),
            Grid::H3 { radius_m, .. } => RingPlan::new(vec![*radius_m], SectorScheme::EIGHT)
                .unwrap_or_else(|_| RingPlan::default()),
        };
        Self {
            grid,
            frame: ShopFrame::new(shop),
            range,
            hex_ids: HashMap::new(),
            hexes: Vec::new(),
        }
    }

    fn place(&mut self, p: LonLat) -> Option<(usize, f64)> {
        let pl = self.range.place(&self.frame, &ecef_m(p), p);
        if pl.ring >= self.range.radii_m().len() {
            return None;
        }
        let cell = match self.grid {
            Grid::Rings(plan) => pl.ring * plan.sectors().count() + pl.sector,
            Grid::H3 { resolution, .. } => {
                let hex = h3o::LatLng::new(p.lat_deg(), p.lon_deg())
                    .ok()?
                    .to_cell(*resolution);
                *self.hex_ids.entry(hex).or_insert_with(|| {
                    self.hexes.push(hex);
                    self.hexes.len() - 1
                })
            }
        };
        Some((cell, pl.distance_m))
    }

    fn cell_count(&self) -> usize {
        match self.grid {
            Grid::Rings(plan) => plan.radii_m().len() * plan.sectors().count(),
            Grid::H3 { .. } => self.hexes.len(),
        }
    }
}

/// What falls in one cell: member slots and distances, home indices and distances.
#[derive(Default, Clone)]
pub(super) struct Acc {
    pub(super) members: Vec<u32>,
    member_d_m: Vec<f64>,
    pub(super) homes: Vec<u32>,
    home_at: Vec<HomeAt>,
}

/// Builds the sparse-area report of one shop.
///
/// # Errors
/// [`SparseError::Fit`] when there are no homes or no members within the radius.
pub fn sparse_report(input: &SparseInput<'_>) -> Result<SparseReport, SparseError> {
    let SparseInput {
        members: set,
        shop,
        area,
        grid,
        rules,
        ..
    } = *input;
    let mut placer = Placer::new(grid, shop.position);
    let mut acc: Vec<Acc> = vec![Acc::default(); placer.cell_count()];
    let scope = set.scope_for(shop);
    let total = scope.len(set.len()) as u64;
    for (i, h) in area.homes.iter().enumerate() {
        if let Some((c, d)) = placer.place(h.position) {
            if c >= acc.len() {
                acc.resize(c + 1, Acc::default());
            }
            acc[c].homes.push(u32::try_from(i).unwrap_or(u32::MAX));
            acc[c].home_at.push(HomeAt {
                distance_m: d,
                dwellings: f64::from(h.dwellings),
            });
        }
    }
    let shop_ecef = *placer.frame.ecef();
    for m in set.index().within_chord(&shop_ecef, grid.radius_m()) {
        if !scope.contains(m.slot) {
            continue;
        }
        if let Some((c, d)) = placer.place(set.position_of(m.slot)) {
            if c >= acc.len() {
                acc.resize(c + 1, Acc::default());
            }
            acc[c].members.push(m.slot);
            acc[c].member_d_m.push(d);
        }
    }
    for a in &mut acc {
        // The R-tree returns members in tree order; sort for stable output.
        let mut pairs: Vec<(u32, f64)> = a
            .members
            .iter()
            .copied()
            .zip(a.member_d_m.iter().copied())
            .collect();
        pairs.sort_unstable_by_key(|p| p.0);
        (a.members, a.member_d_m) = pairs.into_iter().unzip();
    }
    let in_range: u64 = acc.iter().map(|a| a.members.len() as u64).sum();

    // Fit, test, refit without the flagged cells.
    let fail = |source| SparseError::Fit {
        shop: shop.name.clone(),
        source,
    };
    let mut flagged = vec![false; acc.len()];
    let mut passes = 0;
    let (fit, expected, pvals) = loop {
        passes += 1;
        let homes: Vec<HomeAt> = acc
            .iter()
            .zip(&flagged)
            .filter(|(_, f)| !**f)
            .flat_map(|(a, _)| a.home_at.iter().copied())
            .collect();
        let dists: Vec<f64> = acc
            .iter()
            .zip(&flagged)
            .filter(|(_, f)| !**f)
            .flat_map(|(a, _)| a.member_d_m.iter().copied())
            .collect();
        let fit = fit_decay(&homes, &dists).map_err(fail)?;
        let expected: Vec<f64> = acc
            .iter()
            .map(|a| {
                // `0.0 +` turns the empty sum's −0 into 0.
                0.0 + a
                    .home_at
                    .iter()
                    .map(|h| h.dwellings * fit.penetration(h.distance_m))
                    .sum::<f64>()
            })
            .collect();
        let pvals: Vec<Option<f64>> = acc
            .iter()
            .zip(&expected)
            .map(|(a, &lambda)| {
                let dwellings: f64 = a.home_at.iter().map(|h| h.dwellings).sum();
                (dwellings >= rules.min_homes as f64 && lambda >= rules.min_expected)
                    .then(|| poisson_cdf(a.members.len() as u64, lambda))
            })
            .collect();
        let now: Vec<bool> = acc
            .iter()
            .zip(&expected)
            .zip(&pvals)
            .map(|((a, &lambda), p)| {
                p.is_some_and(|p| {
                    p < rules.alpha
                        && (a.members.len() as f64) <= (1.0 - rules.min_shortfall) * lambda
                })
            })
            .collect();
        if now == flagged || passes >= rules.max_passes.max(1) {
            flagged = now;
            break (fit, expected, pvals);
        }
        flagged = now;
    };
    let qvals = bh_qvalues(&pvals);

    let unplaced_share = {
        let all = set.len() as u64 + input.unplaced_members;
        if all == 0 {
            0.0
        } else {
            input.unplaced_members as f64 / all as f64
        }
    };
    let ctx = EvidenceContext::new(input, &placer.frame);
    let direction = Direction::new(set, &acc, &placer, grid);
    let mut cells = Vec::with_capacity(acc.len());
    for (c, a) in acc.iter().enumerate() {
        let mut cell = base_cell(c, a, &placer, grid, area, set, &ctx);
        cell.expected = expected[c];
        cell.expected_penetration = (cell.homes > 0).then(|| expected[c] / cell.homes as f64);
        cell.missing = expected[c] - cell.members as f64;
        cell.p_value = pvals[c];
        cell.q_value = qvals[c];
        cell.tested = pvals[c].is_some();
        cell.sparse = flagged[c];
        if cell.homes < rules.min_homes {
            cell.reasons.push(Reason::FewHomes);
        }
        if cell.sparse {
            let dir = direction.at(&cell);
            ctx.explain(&mut cell, c, a, &placer, dir, unplaced_share);
        }
        cells.push(cell);
    }
    if let Grid::H3 { .. } = grid {
        cells.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    }
    let tested = pvals.iter().flatten().count() as u64;
    let dispersion = {
        let (mut chi2, mut n) = (0.0, 0usize);
        for (c, p) in pvals.iter().enumerate() {
            if p.is_some() && !flagged[c] {
                let y = acc[c].members.len() as f64;
                chi2 += (y - expected[c]).powi(2) / expected[c];
                n += 1;
            }
        }
        (n > 2).then(|| chi2 / (n - 2) as f64)
    };
    let mut notes = Vec::new();
    if fit.at_bound {
        notes.push(
            "the distance decay hit the bound of its search; expected members are rough"
                .to_string(),
        );
    }
    if dispersion.is_some_and(|d| d > 2.0) {
        notes.push(format!(
            "members cluster more than chance would ({:.1}× the Poisson variance): expect more cells flagged by chance than α says",
            dispersion.unwrap_or(0.0)
        ));
    }
    if unplaced_share >= 0.1 {
        notes.push(format!(
            "{:.0} % of the members have no usable position; every count here is short by about as much",
            100.0 * unplaced_share
        ));
    }
    let sparse_cells = cells.iter().filter(|c| c.sparse).count() as u64;
    Ok(SparseReport {
        shop: ShopHeader {
            name: shop.name.clone(),
            kind: shop.kind,
            lat: shop.position.lat_deg(),
            lon: shop.position.lon_deg(),
        },
        grid: grid.name(),
        radii_m: match grid {
            Grid::Rings(p) => Some(p.radii_m().to_vec()),
            Grid::H3 { .. } => None,
        },
        sectors: match grid {
            Grid::Rings(p) => Some(p.sectors().count()),
            Grid::H3 { .. } => None,
        },
        radius_m: grid.radius_m(),
        as_of: set.as_of(),
        scope: scope.describe(),
        members_in_range: in_range,
        members_outside: total.saturating_sub(in_range),
        homes_in_range: cells.iter().map(|c| c.homes).sum(),
        model_text: fit.describe(),
        model: fit,
        rules: *rules,
        passes,
        dispersion,
        tested_cells: tested,
        sparse_cells,
        expected_false_flags: rules.alpha * tested as f64,
        unplaced_share,
        cells,
        notes,
        shop_position: shop.position,
    })
}

/// The figures of a cell that do not depend on the fit.
fn base_cell(
    c: usize,
    a: &Acc,
    placer: &Placer<'_>,
    grid: &Grid,
    area: &Area,
    set: &MemberSet,
    ctx: &EvidenceContext<'_>,
) -> SparseCell {
    let shop = placer.frame.origin();
    let homes: u64 = a.home_at.iter().map(|h| h.dwellings as u64).sum();
    // Representative point: dwelling-weighted centroid of the homes, in the shop's plane.
    let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
    for &i in &a.homes {
        if let Some(h) = area.homes.get(i as usize) {
            let xy = ctx.plane().xy_m(h.position);
            let w = f64::from(h.dwellings.max(1));
            sx += w * xy[0];
            sy += w * xy[1];
            sw += w;
        }
    }
    let mut cell = SparseCell {
        cell: String::new(),
        ring: None,
        inner_m: None,
        outer_m: None,
        sector: "N",
        bearing_from_deg: None,
        bearing_to_deg: None,
        h3: None,
        lon: shop.lon_deg(),
        lat: shop.lat_deg(),
        distance_m: 0.0,
        area_km2: 0.0,
        members: a.members.len() as u64,
        homes,
        home_points: a.homes.len() as u64,
        expected: 0.0,
        penetration: (homes > 0).then(|| a.members.len() as f64 / homes as f64),
        expected_penetration: None,
        members_per_km2: 0.0,
        missing: 0.0,
        p_value: None,
        q_value: None,
        tested: false,
        sparse: false,
        reasons: Vec::new(),
        evidence: Evidence::default(),
        dormant: 0,
        street_level: 0,
        member_slots: a.members.clone(),
        home_indices: a.homes.clone(),
    };
    let fallback: LonLat = match grid {
        Grid::Rings(plan) => {
            let n = plan.sectors().count();
            let (ring, sector) = (c / n, c % n);
            let inner = if ring == 0 {
                0.0
            } else {
                plan.radii_m()[ring - 1]
            };
            let outer = plan.radii_m()[ring];
            let (from, to) = plan.sectors().range_deg(sector);
            cell.cell = format!("{}-{}", ring + 1, plan.sectors().name(sector));
            cell.ring = Some(ring + 1);
            cell.inner_m = Some(inner);
            cell.outer_m = Some(outer);
            cell.sector = plan.sectors().name(sector);
            cell.bearing_from_deg = Some(from.rem_euclid(360.0));
            cell.bearing_to_deg = Some(to);
            cell.area_km2 = annulus_area_km2(shop.lat_deg(), inner, outer) / n as f64;
            destination(shop, 0.5 * (from + to), 0.5 * (inner + outer))
        }
        Grid::H3 { .. } => {
            let hex = placer.hexes[c];
            cell.cell = hex.to_string();
            cell.h3 = Some(hex.to_string());
            cell.area_km2 = hex.area_km2();
            let ll = h3o::LatLng::from(hex);
            LonLat::new(ll.lng(), ll.lat()).unwrap_or(shop)
        }
    };
    let rep = if sw > 0.0 {
        ctx.plane().lonlat([sx / sw, sy / sw]).unwrap_or(shop)
    } else {
        fallback
    };
    cell.lon = rep.lon_deg();
    cell.lat = rep.lat_deg();
    cell.distance_m = distance_m(shop, rep);
    if let Grid::H3 { .. } = grid {
        let s = SectorScheme::EIGHT;
        cell.sector = s.name(s.sector_of(bearing_deg(shop, fallback)));
    }
    cell.members_per_km2 = if cell.area_km2 > 0.0 {
        cell.members as f64 / cell.area_km2
    } else {
        0.0
    };
    for &slot in &a.members {
        let t = set.traits_of(slot);
        cell.dormant += u64::from(t.segment == Segment::Dormant);
        cell.street_level += u64::from(t.street_level);
    }
    cell
}

/// Poisson P(X ≤ k; λ), summed from the term at k downward (terms fall geometrically
/// below the mode, so the sum stops once they no longer matter).
pub fn poisson_cdf(k: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    let kf = k as f64;
    // ln pmf(k) = −λ + k ln λ − ln k!
    let ln_fact: f64 = (2..=k).map(|j| (j as f64).ln()).sum();
    let mut term = (-lambda + kf * lambda.ln() - ln_fact).exp();
    let mut sum = term;
    let mut j = kf;
    while j > 0.0 {
        term *= j / lambda;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
        j -= 1.0;
    }
    sum.min(1.0)
}

/// Benjamini–Hochberg q-values of the given p-values (`None` stays `None`).
fn bh_qvalues(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<(usize, f64)> = p
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    idx.sort_by(|a, b| a.1.total_cmp(&b.1));
    let m = idx.len() as f64;
    let mut out = vec![None; p.len()];
    let mut running = 1.0f64;
    for (rank, (i, v)) in idx.iter().enumerate().rev() {
        running = running.min(v * m / (rank + 1) as f64);
        out[*i] = Some(running.min(1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_tail_matches_direct_sums() {
        // P(X ≤ 0; 3) = e^-3; P(X ≤ 2; 3) = e^-3 (1 + 3 + 4.5).
        assert!((poisson_cdf(0, 3.0) - (-3.0f64).exp()).abs() < 1e-15);
        assert!((poisson_cdf(2, 3.0) - 8.5 * (-3.0f64).exp()).abs() < 1e-14);
        // Large λ: near the normal approximation at the mean.
        let p = poisson_cdf(1000, 1000.0);
        assert!((p - 0.5084).abs() < 1e-3, "{p}");
        assert!(poisson_cdf(10, 100.0) < 1e-25);
        assert_eq!(poisson_cdf(5, 0.0), 1.0);
    }

    #[test]
    fn bh_qvalues_are_monotone_and_capped() {
        let q = bh_qvalues(&[Some(0.01), None, Some(0.04), Some(0.03)]);
        assert_eq!(q[1], None);
        assert!((q[0].unwrap() - 0.03).abs() < 1e-12);
        assert!((q[3].unwrap() - 0.04).abs() < 1e-12);
        assert!((q[2].unwrap() - 0.04).abs() < 1e-12);
    }

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
