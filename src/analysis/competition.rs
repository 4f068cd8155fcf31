//! Competition around a shop: per competitor, how many of our members live within its
//! rings and nearer to it than to us; a Huff market-share estimate per cell with the
//! distance exponent fitted to the shop's own members; and, between own shops, the
//! members they share and the overlap of their 70 % trade areas.
//!
//! # Huff model
//!
//! A home h picks shop j with probability P_hj = d_hj^(−λ) / Σₖ d_hk^(−λ) over our shop
//! and every other shop in the workspace (own shops and competitors, all equally
//! attractive: the workspace knows no sizes), with distances floored at
//! [`HUFF_MIN_DISTANCE_M`] so a home at the door does not get an infinite pull. Our
//! members are taken to live at homes with mean c·wₕ·P_h,shop (wₕ dwellings). λ is fitted
//! by maximum likelihood like the decay of [`super::decay`]: c is profiled out
//! (c = N / Σₕ wₕ P_h) and λ maximises Σᵢ ln P_shop(xᵢ) − N ln Σₕ wₕ P_h over members i
//! within the radius, by a scan of λ from 0 to [`HUFF_MAX_EXPONENT`] in steps of 0.05 and a
//! golden-section refinement. The textbook default λ = [`HUFF_DEFAULT_EXPONENT`] is
//! reported beside the fitted value.
//!
//! Distances here are chord-derived geodesics ([`crate::geodesy::geodesic_from_chord_m`],
//! good to a millimetre at these ranges): they weigh pulls, they decide no ring.
//!
//! # Own-shop overlap
//!
//! For two own shops A and B: the located members (of any shop) within
//! [`SHARED_RADIUS_M`] of both; each shop's 70 % trade area as the disc of the radius
//! holding 70 % of its own members; the area of the two discs' overlap and its share of
//! each disc; and the share of each shop's members living inside the other's disc.

use super::dwellings::DwellingCount;
pub use super::huff_reach::HUFF_MIN_DISTANCE_M;
use super::huff_reach::HuffReach;
use super::rings::{RingPlan, ShopHeader, ring_report};
use super::{MemberSet, Scope};
use crate::coord::LonLat;
use crate::geodesy::{ShopFrame, chord_m, distance_m, ecef_m, geodesic_from_chord_m};
use crate::model::{Shop, ShopKind};
use crate::osm::Area;
use rayon::prelude::*;
use serde::Serialize;

/// The textbook Huff distance exponent.
pub const HUFF_DEFAULT_EXPONENT: f64 = 2.0;
/// Largest exponent searched.
pub const HUFF_MAX_EXPONENT: f64 = 6.0;
/// Members within this distance of two own shops count as shared.
pub const SHARED_RADIUS_M: f64 = 1000.0;

/// The nearest of `competitors` to `p`, with its geodesic distance in metres.
pub fn nearest_competitor<'a>(competitors: &[&'a Shop], p: LonLat) -> Option<(&'a Shop, f64)> {
    let e = ecef_m(p);
    let best = competitors
        .iter()
        .min_by(|a, b| {
            chord_m(&ecef_m(a.position), &e).total_cmp(&chord_m(&ecef_m(b.position), &e))
        })
        .copied()?;
    Some((best, distance_m(best.position, p)))
}

/// One competitor seen from our shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitorRow {
    /// Its name.
    pub name: String,
    /// Its category, if known.
    pub category: Option<String>,
    /// From our shop, metres.
    pub distance_m: f64,
    /// Our members within each ring radius of it (cumulative, same radii as the plan).
    pub members_within: Vec<u64>,
    /// Our members nearer to it than to our shop.
    pub members_nearer: u64,
    /// That as a share of our members.
    pub members_nearer_share: f64,
}

/// The Huff fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HuffFit {
    /// The textbook exponent.
    pub default_exponent: f64,
    /// The exponent fitted to our members.
    pub fitted_exponent: f64,
    /// Log-likelihood gain of the fitted over the default exponent.
    pub log_likelihood_gain: f64,
    /// Shops competing in the model (ours included).
    pub shops: usize,
    /// Members fitted on.
    pub members: u64,
}

/// Huff figures of one ring × sector cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HuffCell {
    /// `ring-sector`, e.g. `3-SW`.
    pub cell: String,
    /// Ring number from 1.
    pub ring: usize,
    /// Compass sector.
    pub sector: &'static str,
    /// Dwellings here.
    pub homes: u64,
    /// Our members here.
    pub members: u64,
    /// Our dwelling-weighted market share with the default exponent.
    pub share_default: f64,
    /// The same with the fitted exponent.
    pub share_fitted: f64,
    /// Members the fitted model expects here.
    pub expected_members: f64,
}

/// Overlap of two own shops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapRow {
    /// The other own shop.
    pub other: String,
    /// Between the two shops, metres.
    pub distance_m: f64,
    /// Located members within [`SHARED_RADIUS_M`] of both shops.
    pub shared_within_1000m: u64,
    /// Radius holding 70 % of our members, metres.
    pub radius_70_m: Option<f64>,
    /// Radius holding 70 % of the other shop's members, metres.
    pub other_radius_70_m: Option<f64>,
    /// Area of the overlap of the two 70 % discs, km².
    pub overlap_km2: f64,
    /// That as a share of our disc.
    pub overlap_share: f64,
    /// That as a share of the other shop's disc.
    pub other_overlap_share: f64,
    /// Share of our members living inside the other shop's 70 % disc.
    pub members_in_other_area_share: f64,
    /// Share of the other shop's members living inside our 70 % disc.
    pub other_members_in_our_area_share: f64,
}

/// The competition report of one shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetitionReport {
    /// The shop.
    pub shop: ShopHeader,
    /// Which members are counted.
    pub scope: crate::analysis::ScopeName,
    /// Our members.
    pub members: u64,
    /// Ring radii of the competitor counts, metres.
    pub radii_m: Vec<f64>,
    /// Competitors, nearest first.
    pub competitors: Vec<CompetitorRow>,
    /// The dwellings within the rings, which the Huff fit weighs, and how they were
    /// counted.
    pub dwellings: DwellingCount,
    /// The Huff fit (`None` without homes or members in range).
    pub huff: Option<HuffFit>,
    /// Huff figures per cell.
    pub huff_cells: Vec<HuffCell>,
    /// Overlap with each other own shop.
    pub own_overlap: Vec<OverlapRow>,
}

/// Builds the competition report of `shop` against the other shops of the workspace.
pub fn competition_report(
    set: &MemberSet,
    shop: &Shop,
    others: &[Shop],
    area: &Area,
    plan: &RingPlan,
) -> CompetitionReport {
    let scope = set.scope_for(&Shop {
        kind: ShopKind::Own,
        ..shop.clone()
    });
    let total = scope.len(set.len()) as u64;
    let shop_e = ecef_m(shop.position);
    let mut competitors: Vec<CompetitorRow> = Shop::competitors_other_than(others, &shop.name)
        .map(|c| competitor_row(set, &scope, shop, &shop_e, c, plan, total))
        .collect();
    let others: Vec<&Shop> = others.iter().filter(|s| s.name != shop.name).collect();
    competitors.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    let (huff, huff_cells, dwellings) = huff(set, &scope, shop, &others, area, plan);
    let radius_70_m = ring_report(set, shop, plan).radius_70_m;
    let own_overlap = others
        .iter()
        .filter(|s| s.kind == ShopKind::Own)
        .map(|o| overlap(set, shop, radius_70_m, o, plan))
        .collect();
    CompetitionReport {
        shop: ShopHeader {
            name: shop.name.clone(),
            kind: shop.kind,
            lat: shop.position.lat_deg(),
            lon: shop.position.lon_deg(),
        },
        scope: scope.describe(),
        members: total,
        radii_m: plan.radii_m().to_vec(),
        competitors,
        dwellings,
        huff,
        huff_cells,
        own_overlap,
    }
}

fn competitor_row(
    set: &MemberSet,
    scope: &Scope,
    shop: &Shop,
    shop_e: &[f64; 3],
    c: &Shop,
    plan: &RingPlan,
    total: u64,
) -> CompetitorRow {
    let frame = ShopFrame::new(c.position);
    let mut per_ring = vec![0u64; plan.radii_m().len()];
    for m in set
        .index()
        .within_chord(frame.ecef(), plan.outer_radius_m())
    {
        if scope.contains(m.slot) {
            let p = plan.place(&frame, &m.ecef_m, || set.position_of(m.slot));
            if let Some(n) = per_ring.get_mut(p.ring) {
                *n += 1;
            }
        }
    }
    let members_within = per_ring
        .iter()
        .scan(0, |acc, n| {
            *acc += n;
            Some(*acc)
        })
        .collect();
    let comp_e = ecef_m(c.position);
    let members_nearer = set
        .members_in(scope)
        .filter(|m| chord_m(&m.ecef_m, &comp_e) < chord_m(&m.ecef_m, shop_e))
        .count() as u64;
    CompetitorRow {
        name: c.name.clone(),
        category: c.category.clone(),
        distance_m: distance_m(shop.position, c.position),
        members_within,
        members_nearer,
        members_nearer_share: if total > 0 {
            members_nearer as f64 / total as f64
        } else {
            0.0
        },
    }
}

/// Our Huff share at a point with distances `d` in metres (ours first) and exponent
/// `lambda`: the probability that someone there picks us among these shops, all equally
/// attractive.
pub fn huff_share(d: &[f64], lambda: f64) -> f64 {
    // Relative to our distance, so large exponents stay in range.
    let ours = d[0];
    let sum: f64 = d.iter().map(|x| (ours / x).powf(lambda)).sum();
    1.0 / sum
}

/// What the Huff model is fitted on around one shop: the homes within its rings (cell,
/// dwellings, [`HuffReach::logs_at`]) and our members there (their logs), with the other
/// shops split into the nearest and the far field ([`HuffReach`]).
#[derive(Debug, Clone)]
pub struct HuffSample {
    reach: HuffReach,
    homes: Vec<(usize, f64, HuffLogs)>,
    members: Vec<HuffLogs>,
    member_cells: Vec<u64>,
}

/// ln d₀ and ln(d₀/dₖ) for the near shops, at one point.
type HuffLogs = (f64, Vec<f64>);

impl HuffSample {
    /// The homes within the rings of `shop` and the members of `scope` there, with their
    /// distances to `shop` and to `others` (the nearest exactly, see [`HuffReach`]); and
    /// the dwellings counted.
    pub fn around(
        set: &MemberSet,
        scope: &Scope,
        shop: &Shop,
        others: &[&Shop],
        area: &Area,
        plan: &RingPlan,
    ) -> (Self, DwellingCount) {
        let frame = ShopFrame::new(shop.position);
        let reach = HuffReach::around(shop, others);
        let n_sectors = plan.sectors().count();
        let n_cells = plan.radii_m().len() * n_sectors;
        let mut in_rings = Vec::new();
        let homes: Vec<(usize, f64, HuffLogs)> = area
            .homes
            .iter()
            .filter_map(|h| {
                let e = ecef_m(h.position);
                let p = plan.place(&frame, &e, || h.position);
                (p.ring < plan.radii_m().len()).then(|| {
                    in_rings.push(h);
                    (
                        p.ring * n_sectors + p.sector,
                        f64::from(h.dwellings),
                        reach.logs_at(&e),
                    )
                })
            })
            .collect();
        let dwellings = DwellingCount::of(in_rings, area.dwelling_floor_m2);
        let mut member_cells = vec![0u64; n_cells];
        let members: Vec<HuffLogs> = set
            .index()
            .within_chord(frame.ecef(), plan.outer_radius_m())
            .filter(|m| scope.contains(m.slot))
            .filter_map(|m| {
                let p = plan.place(&frame, &m.ecef_m, || set.position_of(m.slot));
                (p.ring < plan.radii_m().len()).then(|| {
                    member_cells[p.ring * n_sectors + p.sector] += 1;
                    reach.logs_at(&m.ecef_m)
                })
            })
            .collect();
        let sample = Self {
            reach,
            homes,
            members,
            member_cells,
        };
        (sample, dwellings)
    }

    /// Whether the sample can be fitted on: homes and members both.
    fn usable(&self) -> bool {
        !self.homes.is_empty() && !self.members.is_empty()
    }

    /// Its log-likelihood at `lambda`, c profiled out.
    fn log_lik(&self, lambda: f64) -> f64 {
        let far = self.reach.far_pull(lambda);
        let denom: f64 = self
            .homes
            .iter()
            .map(|(_, w, l)| w * HuffReach::share(l, lambda, far))
            .sum();
        let num: f64 = self
            .members
            .iter()
            .map(|l| HuffReach::share(l, lambda, far).ln())
            .sum();
        num - self.members.len() as f64 * denom.ln()
    }
}

/// The Huff exponent maximising the summed log-likelihood of `samples` (one exponent for
/// several shops, e.g. a chain's), by a scan of 0 to [`HUFF_MAX_EXPONENT`] in steps of
/// 0.05 and a golden-section refinement; `None` when no sample has homes and members.
pub fn fit_huff_exponent(samples: &[&HuffSample]) -> Option<f64> {
    let usable: Vec<&HuffSample> = samples.iter().copied().filter(|s| s.usable()).collect();
    if usable.is_empty() {
        return None;
    }
    let log_lik = |lambda: f64| usable.iter().map(|s| s.log_lik(lambda)).sum::<f64>();
    let grid = scan_exponents(0.05, &log_lik);
    let best = grid
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(HUFF_DEFAULT_EXPONENT, |g| g.0);
    Some(refine_exponent(&log_lik, best, 0.05, 40))
}

/// `(λ, f(λ))` for λ from 0 to [`HUFF_MAX_EXPONENT`] in steps of `step`, each evaluated once
/// (in parallel).
pub(crate) fn scan_exponents(step: f64, f: &(dyn Fn(f64) -> f64 + Sync)) -> Vec<(f64, f64)> {
    (0..=(HUFF_MAX_EXPONENT / step).round() as usize)
        .into_par_iter()
        .map(|i| {
            let x = i as f64 * step;
            (x, f(x))
        })
        .collect()
}

/// The maximum of `f` near `best` (within one `step` of the scan, inside 0 to
/// [`HUFF_MAX_EXPONENT`]), by `rounds` of golden-section search.
pub(crate) fn refine_exponent(
    f: &(dyn Fn(f64) -> f64 + Sync),
    best: f64,
    step: f64,
    rounds: usize,
) -> f64 {
    golden_max(
        f,
        (best - step).max(0.0),
        (best + step).min(HUFF_MAX_EXPONENT),
        rounds,
    )
}

/// The maximum of a unimodal `f` on `lo..hi`, by `rounds` of golden-section search: each
/// round keeps one inner point and its value, so it evaluates `f` once.
pub(crate) fn golden_max(
    f: &(dyn Fn(f64) -> f64 + Sync),
    mut lo: f64,
    mut hi: f64,
    rounds: usize,
) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut x1, mut x2) = (hi - g * (hi - lo), lo + g * (hi - lo));
    let (mut f1, mut f2) = (f(x1), f(x2));
    for round in 1..=rounds {
        let last = round == rounds;
        if f1 < f2 {
            lo = x1;
            if !last {
                (x1, f1) = (x2, f2);
                x2 = lo + g * (hi - lo);
                f2 = f(x2);
            }
        } else {
            hi = x2;
            if !last {
                (x2, f2) = (x1, f1);
                x1 = hi - g * (hi - lo);
                f1 = f(x1);
            }
        }
    }
    0.5 * (lo + hi)
}

fn huff(
    set: &MemberSet,
    scope: &Scope,
    shop: &Shop,
    others: &[&Shop],
    area: &Area,
    plan: &RingPlan,
) -> (Option<HuffFit>, Vec<HuffCell>, DwellingCount) {
    let (sample, dwellings) = HuffSample::around(set, scope, shop, others, area, plan);
    let Some(fitted) = fit_huff_exponent(&[&sample]) else {
        return (None, Vec::new(), dwellings);
    };
    let n_sectors = plan.sectors().count();
    let n_cells = plan.radii_m().len() * n_sectors;
    let n = sample.members.len() as f64;
    let fit = HuffFit {
        default_exponent: HUFF_DEFAULT_EXPONENT,
        fitted_exponent: fitted,
        log_likelihood_gain: sample.log_lik(fitted) - sample.log_lik(HUFF_DEFAULT_EXPONENT),
        shops: others.len() + 1,
        members: sample.members.len() as u64,
    };
    let far_fitted = sample.reach.far_pull(fitted);
    let far_default = sample.reach.far_pull(HUFF_DEFAULT_EXPONENT);
    let denom: f64 = sample
        .homes
        .iter()
        .map(|(_, w, l)| w * HuffReach::share(l, fitted, far_fitted))
        .sum();
    let c = if denom > 0.0 { n / denom } else { 0.0 };
    let mut acc = vec![(0.0f64, 0.0f64, 0.0f64); n_cells];
    for (cell, w, l) in &sample.homes {
        let a = &mut acc[*cell];
        a.0 += w;
        a.1 += w * HuffReach::share(l, HUFF_DEFAULT_EXPONENT, far_default);
        a.2 += w * HuffReach::share(l, fitted, far_fitted);
    }
    let cells = acc
        .iter()
        .enumerate()
        .map(|(i, (w, s_def, s_fit))| {
            let (ring, sector) = (i / n_sectors, i % n_sectors);
            let share = |s: f64| if *w > 0.0 { s / w } else { 0.0 };
            HuffCell {
                cell: format!("{}-{}", ring + 1, plan.sectors().name(sector)),
                ring: ring + 1,
                sector: plan.sectors().name(sector),
                homes: *w as u64,
                members: sample.member_cells[i],
                share_default: share(*s_def),
                share_fitted: share(*s_fit),
                expected_members: c * s_fit,
            }
        })
        .collect();
    (Some(fit), cells, dwellings)
}

/// Area in m² of the overlap of two discs of radii r1, r2 with centres `d` apart.
pub fn lens_area_m2(r1: f64, r2: f64, d: f64) -> f64 {
    use std::f64::consts::PI;
    if d >= r1 + r2 {
        return 0.0;
    }
    if d <= (r1 - r2).abs() {
        return PI * r1.min(r2).powi(2);
    }
    let a1 = ((d * d + r1 * r1 - r2 * r2) / (2.0 * d * r1))
        .clamp(-1.0, 1.0)
        .acos();
    let a2 = ((d * d + r2 * r2 - r1 * r1) / (2.0 * d * r2))
        .clamp(-1.0, 1.0)
        .acos();
    let k = ((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2)).max(0.0);
    r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * k.sqrt()
}

/// The overlap of `a` (whose 70 % radius is `ra`) with the own shop `b`.
fn overlap(set: &MemberSet, a: &Shop, ra: Option<f64>, b: &Shop, plan: &RingPlan) -> OverlapRow {
    let d = distance_m(a.position, b.position);
    let (ea, eb) = (ecef_m(a.position), ecef_m(b.position));
    let shared = set
        .index()
        .within_chord(&ea, SHARED_RADIUS_M)
        .filter(|m| {
            let p = set.position_of(m.slot);
            distance_m(a.position, p) <= SHARED_RADIUS_M
                && distance_m(b.position, p) <= SHARED_RADIUS_M
        })
        .count() as u64;
    let rb = ring_report(set, b, plan).radius_70_m;
    let (ra_m, rb_m) = (ra.unwrap_or(0.0), rb.unwrap_or(0.0));
    let lens = lens_area_m2(ra_m, rb_m, d);
    let disc = |r: f64| std::f64::consts::PI * r * r;
    let share_inside = |shop: &Shop, centre: &[f64; 3], r: f64| {
        let scope = set.scope_for(shop);
        let all = scope.len(set.len());
        if all == 0 {
            return 0.0;
        }
        let inside = set
            .members_in(&scope)
            .filter(|m| geodesic_from_chord_m(chord_m(&m.ecef_m, centre)) <= r)
            .count();
        inside as f64 / all as f64
    };
    OverlapRow {
        other: b.name.clone(),
        distance_m: d,
        shared_within_1000m: shared,
        radius_70_m: ra,
        other_radius_70_m: rb,
        overlap_km2: lens / 1e6,
        overlap_share: if ra_m > 0.0 { lens / disc(ra_m) } else { 0.0 },
        other_overlap_share: if rb_m > 0.0 { lens / disc(rb_m) } else { 0.0 },
        members_in_other_area_share: share_inside(a, &eb, rb_m),
        other_members_in_our_area_share: share_inside(b, &ea, ra_m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lens_area_limits() {
        use std::f64::consts::PI;
        assert_eq!(lens_area_m2(100.0, 100.0, 300.0), 0.0);
        assert!((lens_area_m2(100.0, 50.0, 10.0) - PI * 2500.0).abs() < 1e-9);
        // Two unit circles one radius apart: 2π/3 − √3/2.
        let want = 2.0 * PI / 3.0 - 3f64.sqrt() / 2.0;
        assert!((lens_area_m2(1.0, 1.0, 1.0) - want).abs() < 1e-12);
    }

    #[test]
    fn huff_share_of_a_lone_shop_is_one_and_falls_with_rivals() {
        assert_eq!(huff_share(&[100.0], 2.0), 1.0);
        assert!((huff_share(&[100.0, 100.0], 2.0) - 0.5).abs() < 1e-12);
        assert!(huff_share(&[100.0, 50.0], 2.0) < huff_share(&[100.0, 50.0], 1.0));
    }

    #[test]
    fn golden_section_finds_the_peak_evaluating_once_a_round() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let f = |x: f64| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            -(x - 1.3).powi(2)
        };
        let best = golden_max(&f, 0.0, 6.0, 40);
        assert!((best - 1.3).abs() < 1e-7, "{best}");
        assert_eq!(calls.into_inner(), 41);
        // At either end of the interval too.
        assert!(golden_max(&|x: f64| x, 0.0, 1.0, 40) > 1.0 - 1e-7);
        assert!(golden_max(&|x: f64| -x, 0.0, 1.0, 40) < 1e-7);
    }
}
