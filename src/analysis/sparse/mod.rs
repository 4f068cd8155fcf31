//! Sparse areas: cells (ring × sector, or H3 hexagons) holding fewer of a shop's members
//! than its own distance decay and the homes there lead one to expect, with the reasons
//! the map shows for them.
//!
//! # Expected members
//!
//! The shop's distance decay p(d) = exp(a − b·d), members per dwelling, is fitted by
//! Poisson maximum likelihood from the members and homes within the grid's outer radius
//! (see [`super::decay`]); a decay that does not fall with distance is refused. A cell's
//! expected members are Σₕ wₕ·p(dₕ) over the homes h in it (wₕ dwellings at geodesic
//! distance dₕ), so near cells expect more per dwelling than far ones. The level a is set
//! so that **the expected members of all cells add up to the members counted in them**
//! (the rate b may come from a fit without the flagged cells; see below).
//!
//! # The test
//!
//! Members cluster — households, friends who come together, streets a shop is known in —
//! so cell counts vary far more than Poisson (on the demo some 80× the Poisson variance).
//! A Poisson test would flag those chance gaps. The test therefore carries the measured
//! over-dispersion, quasi-Poisson style:
//!
//! - the dispersion φ = Σ (k − λ)²/λ / (n − 2) is the Pearson statistic of the n tested
//!   cells (method of moments; 2 fitted parameters);
//! - φ comes from a few dozen cells at most, so it is itself uncertain; as a t test widens
//!   a normal one when the variance is estimated, the variance allowed a cell is
//!   φ·(t/z)²·λ, with z and t the one-sided α quantiles of the normal and of Student's t
//!   on n − 2 degrees of freedom (1.23 × φ for 16 cells at α = 0.01); plain λ when φ ≤ 1;
//! - a cell's count is taken as negative binomial with mean λ and that variance v·λ
//!   (size λ/(v − 1); Poisson when v = 1), and its p-value is the lower tail P(X ≤ k).
//!
//! On synthetic towns whose members come in clumps of ~6 from blocks of varying
//! penetration (φ ≈ 8, no hole), this flags about 1.3 % of tested cells at α = 0.01 where a
//! Poisson test flags ~20 % (`tests/sparse.rs`).
//!
//! With λ the cell's expected members and k its actual members, the cell is **sparse**
//! when all of these hold ([`SparseRules`] has the numbers):
//!
//! - it has at least `min_homes` dwellings (else it is reported as `few_homes`, never
//!   sparse: a handful of homes says nothing) and λ ≥ `min_expected` (else the test has
//!   no power and the cell is not tested);
//! - k ≤ (1 − `min_shortfall`)·λ: a shortfall worth acting on;
//! - the negative binomial lower tail P(X ≤ k) < `alpha`: the shortfall is beyond what
//!   the clustering explains.
//!
//! Cells are ranked by members missing, λ − k. With `alpha` = 0.01 and some 40 cells, a
//! report of a shop without any real hole flags about 0.4 cells by chance (the report
//! states α × cells tested); the Benjamini–Hochberg q-value of each cell is given for
//! readers who want a false-discovery-rate cut instead. Holes bias a fit made on all
//! cells (they lower the fitted level and inflate φ), so the decay and φ are measured once
//! more without the cells the first pass flagged and the cells are tested against those
//! (`max_passes` = 2). It is not iterated further: where members cluster strongly, each
//! round would take the lowest cells out of φ and flag ever more.
//!
//! # No model
//!
//! When there are no homes or no members in range, when the members live no nearer the
//! shop than the dwellings do (a decay that does not fall: members counted at every shop
//! of a chain, or a list unrelated to this area), or when fewer than three cells can be
//! tested (too few homes to measure φ on), the report says so (`no_model`) and flags
//! nothing: no expected members, no p-values.
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
//! - `few_homes` marks cells with fewer than `min_homes` dwellings (not sparse);
//! - `no_data` marks cells with less than half their area inside the loaded data (see
//!   [`super::coverage`]): they are left out of the fit and never tested, so never sparse.
//!
//! A sparse cell may have several reasons or none: then nothing visible explains it, and
//! advertising there is the first thing to try.
//!
//! # Layout
//!
//! This file fits and tests ([`sparse_report`]). The report's types are in `cells`,
//! the grid placement in `placer`, the statistics in `stats`, the reasons in `reasons`
//! and what to do about the cells (leaflets, campaign lists) in `targets`; the types are
//! re-exported here. The reasons and the lists read only the types, never this builder.

mod cells;
mod placer;
mod reasons;
mod stats;
mod targets;

pub use cells::{
    BarrierEvidence, CompetitorEvidence, Evidence, Grid, Reason, SparseCell, SparseError,
    SparseInput, SparseReport, SparseRules, UncertainEvidence,
};
pub use stats::{neg_binomial_cdf, poisson_cdf};
pub use targets::{
    CampaignTargets, CellLeaflet, Target, TargetReason, TargetRule, campaign_targets, leaflet_plans,
};

use super::MemberSet;
use super::coverage::{Coverage, is_no_data, share_inside, wedge_share_inside};
use super::decay::{DecayError, DecayFit, HomeAt, fit_decay};
use super::dwellings::DwellingCount;
use super::rings::{ShopHeader, annulus_area_km2};
use super::sectors::SectorScheme;
use super::segments::Segment;
use crate::coord::LonLat;
use crate::geodesy::{bearing_deg, destination, distance_m};
use crate::osm::{Area, DataEdge};
use placer::{Acc, Placer};
use reasons::{Direction, EvidenceContext};
use stats::{bh_qvalues, estimation_widening, nb_size};

/// The decay's two parameters (level and rate), taken off the dispersion's degrees of
/// freedom.
const FITTED_PARAMETERS: usize = 2;

/// What the last pass of the test found.
struct Tested {
    fit: DecayFit,
    expected: Vec<f64>,
    pvals: Vec<Option<f64>>,
    dispersion: f64,
    allowed: f64,
}

/// Why there is no model to test cells against.
#[derive(Debug, thiserror::Error)]
enum NoModel {
    /// No homes, no members, or a decay that does not fall.
    #[error("{0}")]
    Fit(DecayError),
    /// Too few cells to measure the clustering on.
    #[error(
        "only {0} cells have at least the dwellings and expected members to be tested, too few to measure how members cluster (fewer homes than the radius needs: try a coarser grid or a larger radius)"
    )]
    FewCells(usize),
}

/// Builds the sparse-area report of one shop. When no model can be made (no homes or
/// members in range, a decay that does not fall, too few cells to test), the report
/// says why in `no_model` and flags nothing.
///
/// # Errors
/// [`SparseError::Fit`] when a distance or weight is not a number (never for data read
/// through the workspace).
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
        // The index returns members in its own order; sort for stable output.
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

    // Cells mostly beyond the loaded data are neither fitted nor tested.
    let edge = area.edge();
    let shares: Vec<Option<f64>> = (0..acc.len())
        .map(|c| {
            edge.as_ref()
                .map(|e| cell_share(e, c, &placer, grid, shop.position))
        })
        .collect();
    let no_data: Vec<bool> = shares.iter().map(|s| s.is_some_and(is_no_data)).collect();

    // Fit, test, refit without the flagged cells.
    let fail = |source| SparseError::Fit {
        shop: shop.name.clone(),
        source,
    };
    let homes_all: Vec<HomeAt> = acc.iter().flat_map(|a| a.home_at.iter().copied()).collect();
    let dwellings_of = |a: &Acc| -> f64 { a.home_at.iter().map(|h| h.dwellings).sum() };
    let mut flagged = vec![false; acc.len()];
    let mut passes = 0;
    let tested_model: Result<Tested, NoModel> = loop {
        passes += 1;
        let fitted = |c: &(usize, &Acc)| !flagged[c.0] && !no_data[c.0];
        let homes: Vec<HomeAt> = acc
            .iter()
            .enumerate()
            .filter(fitted)
            .flat_map(|(_, a)| a.home_at.iter().copied())
            .collect();
        let dists: Vec<f64> = acc
            .iter()
            .enumerate()
            .filter(fitted)
            .flat_map(|(_, a)| a.member_d_m.iter().copied())
            .collect();
        let fit = match fit_decay(&homes, &dists) {
            Ok(fit) => fit.leveled(&homes_all, in_range),
            Err(DecayError::BadInput(v)) => return Err(fail(DecayError::BadInput(v))),
            Err(e) => break Err(NoModel::Fit(e)),
        };
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
        let testable: Vec<bool> = acc
            .iter()
            .zip(&expected)
            .zip(&no_data)
            .map(|((a, &lambda), &no_data)| {
                !no_data
                    && dwellings_of(a) >= rules.min_homes as f64
                    && lambda >= rules.min_expected
            })
            .collect();
        // Pearson dispersion of the testable cells the last pass did not flag, on their
        // degrees of freedom (two fitted parameters).
        let (mut chi2, mut n) = (0.0, 0usize);
        for (c, a) in acc.iter().enumerate() {
            if testable[c] && !flagged[c] {
                chi2 += (a.members.len() as f64 - expected[c]).powi(2) / expected[c];
                n += 1;
            }
        }
        if n <= FITTED_PARAMETERS {
            break Err(NoModel::FewCells(n));
        }
        let dof = (n - FITTED_PARAMETERS) as f64;
        let dispersion = chi2 / dof;
        // The variance factor tested with: none under Poisson, else φ widened for having
        // been estimated on `dof` cells.
        let allowed = if dispersion > 1.0 {
            dispersion * estimation_widening(rules.alpha, dof)
        } else {
            1.0
        };
        let pvals: Vec<Option<f64>> = acc
            .iter()
            .zip(&expected)
            .zip(&testable)
            .map(|((a, &lambda), &t)| {
                t.then(|| {
                    neg_binomial_cdf(a.members.len() as u64, lambda, nb_size(lambda, allowed))
                })
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
        let done = now == flagged || passes >= rules.max_passes.max(1);
        flagged = now;
        if done {
            break Ok(Tested {
                fit,
                expected,
                pvals,
                dispersion,
                allowed,
            });
        }
    };
    let (fit, expected, pvals, dispersion, no_model) = match tested_model {
        Ok(t) => (
            Some(t.fit),
            t.expected,
            t.pvals,
            Some((t.dispersion, t.allowed)),
            None,
        ),
        Err(why) => {
            flagged = vec![false; acc.len()];
            (
                None,
                vec![0.0; acc.len()],
                vec![None; acc.len()],
                None,
                Some(why.to_string()),
            )
        }
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
        if fit.is_some() {
            cell.expected_penetration =
                (cell.homes > 0).then(|| 100.0 * expected[c] / cell.homes as f64);
            cell.missing = expected[c] - cell.members as f64;
        }
        cell.p_value = pvals[c];
        cell.q_value = qvals[c];
        cell.tested = pvals[c].is_some();
        cell.sparse = flagged[c];
        cell.area_coverage = shares[c];
        if no_data[c] {
            cell.reasons.push(Reason::NoData);
        } else if cell.homes < rules.min_homes {
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
    let mut notes = Vec::new();
    if fit.is_some_and(|f| f.at_bound) {
        notes.push(
            "the distance decay hit the bound of its search; expected members are rough"
                .to_string(),
        );
    }
    if unplaced_share >= 0.1 {
        notes.push(format!(
            "{:.0} % of the members have no usable position; every count here is short by about as much",
            100.0 * unplaced_share
        ));
    }
    let coverage = edge.as_ref().map(|e| {
        Coverage::new(
            e,
            shop.position,
            wedge_share_inside(e, shop.position, 0.0, grid.radius_m(), 0.0, 360.0),
            cells
                .iter()
                .map(|c| (c.cell.as_str(), c.area_coverage.unwrap_or(1.0))),
        )
    });
    if let Some(note) = coverage.as_ref().and_then(|c| c.note(grid.radius_m())) {
        notes.push(format!("{note}; those cells are never sparse"));
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
        dwellings: DwellingCount::of(
            acc.iter()
                .flat_map(|a| a.homes.iter())
                .filter_map(|&i| area.homes.get(i as usize)),
            area.dwelling_floor_m2,
        ),
        model_text: match (&fit, &no_model) {
            (Some(f), _) => f.describe(),
            (None, why) => format!(
                "no model: {}; no cell is flagged",
                why.as_deref().unwrap_or("")
            ),
        },
        model: fit,
        no_model,
        rules: *rules,
        passes,
        dispersion: dispersion.map(|d| d.0),
        variance_factor: dispersion.map(|d| d.1),
        tested_cells: tested,
        sparse_cells,
        expected_false_flags: rules.alpha * tested as f64,
        unplaced_share,
        cells,
        coverage,
        notes,
        shop_position: shop.position,
    })
}

/// Where ring-grid cell `c` lies: its ring and sector (from 0), radii and bearings.
struct RingCell {
    ring: usize,
    sector: usize,
    inner_m: f64,
    outer_m: f64,
    from_deg: f64,
    to_deg: f64,
}

impl RingCell {
    fn of(plan: &super::rings::RingPlan, c: usize) -> RingCell {
        let n = plan.sectors().count();
        let (ring, sector) = (c / n, c % n);
        let (from_deg, to_deg) = plan.sectors().range_deg(sector);
        RingCell {
            ring,
            sector,
            inner_m: if ring == 0 {
                0.0
            } else {
                plan.radii_m()[ring - 1]
            },
            outer_m: plan.radii_m()[ring],
            from_deg,
            to_deg,
        }
    }
}

/// The share of cell `c` inside the data's edge.
fn cell_share(edge: &DataEdge, c: usize, placer: &Placer<'_>, grid: &Grid, shop: LonLat) -> f64 {
    match grid {
        Grid::Rings(plan) => {
            let w = RingCell::of(plan, c);
            wedge_share_inside(edge, shop, w.inner_m, w.outer_m, w.from_deg, w.to_deg)
        }
        Grid::H3 { .. } => {
            let boundary: Vec<LonLat> = placer.hexes[c]
                .boundary()
                .iter()
                .filter_map(|ll| LonLat::new(ll.lng(), ll.lat()).ok())
                .collect();
            share_inside(edge, &boundary)
        }
    }
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
        area_coverage: None,
        members: a.members.len() as u64,
        homes,
        home_points: a.homes.len() as u64,
        expected: 0.0,
        penetration: (homes > 0).then(|| 100.0 * a.members.len() as f64 / homes as f64),
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
            let RingCell {
                ring,
                sector,
                inner_m: inner,
                outer_m: outer,
                from_deg: from,
                to_deg: to,
            } = RingCell::of(plan, c);
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
