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
pub use stats::poisson_cdf;
pub use targets::{
    CampaignTargets, CellLeaflet, Target, TargetReason, TargetRule, campaign_targets, leaflet_plans,
};

use super::MemberSet;
use super::coverage::{Coverage, is_no_data, share_inside, wedge_share_inside};
use super::decay::{HomeAt, fit_decay};
use super::rings::{ShopHeader, annulus_area_km2};
use super::sectors::SectorScheme;
use super::segments::Segment;
use crate::coord::LonLat;
use crate::geodesy::{bearing_deg, destination, distance_m};
use crate::osm::{Area, DataEdge};
use placer::{Acc, Placer};
use reasons::{Direction, EvidenceContext};
use stats::bh_qvalues;

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
    let mut flagged = vec![false; acc.len()];
    let mut passes = 0;
    let (fit, expected, pvals) = loop {
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
            .zip(&no_data)
            .map(|((a, &lambda), &no_data)| {
                let dwellings: f64 = a.home_at.iter().map(|h| h.dwellings).sum();
                (!no_data && dwellings >= rules.min_homes as f64 && lambda >= rules.min_expected)
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
        coverage,
        notes,
        shop_position: shop.position,
    })
}

/// The share of cell `c` inside the data's edge.
fn cell_share(edge: &DataEdge, c: usize, placer: &Placer<'_>, grid: &Grid, shop: LonLat) -> f64 {
    match grid {
        Grid::Rings(plan) => {
            let n = plan.sectors().count();
            let (ring, sector) = (c / n, c % n);
            let inner = if ring == 0 {
                0.0
            } else {
                plan.radii_m()[ring - 1]
            };
            let (from, to) = plan.sectors().range_deg(sector);
            wedge_share_inside(edge, shop, inner, plan.radii_m()[ring], from, to)
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
