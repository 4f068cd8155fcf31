//! White space: where the chain's next own shop would gain the most members, hexagon by
//! hexagon over the loaded area, from the chain's own members and the area's dwellings.
//!
//! # Model
//!
//! A home h (wₕ dwellings) holds members of the chain with mean
//!
//! ```text
//! μₕ = wₕ · Σⱼ p(dₕⱼ) · Sₕⱼ      over own shops j,
//! p(d) = c · e^(−d / L)           penetration per dwelling at distance d,
//! Sₕⱼ = dₕⱼ^(−λ) / Σₖ dₕₖ^(−λ)    Huff share of j among own shops and competitors k,
//! ```
//!
//! with distances geodesic (from the ECEF chord, within a millimetre) and floored at
//! [`HUFF_MIN_DISTANCE_M`]. The three parameters come from the chain's own members:
//!
//! - first the pooled distance decay of [`super::decay`]: every own shop's own members
//!   ([`super::OWN_MEMBERS_RULE`]) within `fit_radius_m` of it, against the homes within
//!   `fit_radius_m` of their nearest own shop. It must fall with distance; when it does
//!   not, there is no model and nothing is ranked ([`WhitespaceError::Decay`]);
//! - then L, λ and c together by Poisson maximum likelihood of μ over blocks (H3 cells one
//!   resolution finer than the grid, at the dwelling-weighted centroid of their homes)
//!   within `fit_radius_m` of an own shop: c is profiled out (c = N / Σ wₕ·mₕ), and L and
//!   λ are found by coordinate ascent from the pooled L (λ by a scan of
//!   0–[`HUFF_MAX_EXPONENT`](super::competition::HUFF_MAX_EXPONENT) and golden-section, L by golden-section), because the decay
//!   and the Huff shares both fall away from our shops and would otherwise count that
//!   fall twice. Without rivals the shares do not depend on λ; the textbook
//!   [`HUFF_DEFAULT_EXPONENT`] is used and the model says so.
//!
//! # A candidate site
//!
//! For a shop added at the centre of hexagon x, over the blocks h within the reach R:
//!
//! ```text
//! draw(x)         = Σₕ wₕ · p(dₕₓ) · dₕₓ^(−λ) / (Dₕ + dₕₓ^(−λ))
//! cannibalized(x) = Σₕ wₕ · Oₕ · (1/Dₕ − 1/(Dₕ + dₕₓ^(−λ)))
//! net gain(x)     = draw(x) − cannibalized(x)
//! ```
//!
//! where Dₕ = Σₖ dₕₖ^(−λ) over every shop and Oₕ = Σⱼ p(dₕⱼ)·dₕⱼ^(−λ) over own shops:
//! cannibalized is exactly the drop of the existing own shops' expected members when the
//! candidate joins the Huff choice. The reach R = L · ln 100 with the pooled L (penetration
//! down to 1 % of its level at the door), between [`MIN_REACH_M`] and [`MAX_REACH_M`] and at least the
//! fitted range; shops and dwellings beyond it are left out of a block's sums.
//!
//! # Cost
//!
//! Homes and members are binned once into blocks (members in parallel), every block finds
//! its shops within R in an R-tree, and every candidate its blocks within R in another, so
//! the work grows with candidates × blocks within reach, never with dwellings × hexagons or
//! with the members beyond the binning. Candidates are the hexagons whose centre lies
//! inside the data's edge and within [`CANDIDATE_RING`] hexagons of a dwelling.

use super::MemberSet;
use super::competition::{
    HUFF_DEFAULT_EXPONENT, HUFF_MIN_DISTANCE_M, golden_max, refine_exponent, scan_exponents,
};
use super::decay::{DecayError, DecayFit, HomeAt, fit_decay};
use super::dwellings::DwellingCount;
use super::huff_reach::{huff_distance_m, huff_pull};
use super::nearest::NearestShop;
use crate::coord::LonLat;
use crate::geodesy::ecef_m;
use crate::model::{Shop, ShopKind};
use crate::osm::Area;
use h3o::{CellIndex, LatLng, Resolution};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::GeomWithData;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

/// Default range of the fit: members and homes within this many metres of an own shop.
pub const FIT_RADIUS_M: f64 = 3000.0;
/// The reach of a site is never shorter than this, metres.
pub const MIN_REACH_M: f64 = 500.0;
/// The reach of a site is never longer than this, metres.
pub const MAX_REACH_M: f64 = 10_000.0;
/// Candidates lie within this many hexagons of a hexagon with dwellings.
pub const CANDIDATE_RING: u32 = 2;
/// Rounds of the joint fit of the decay and the Huff exponent.
const JOINT_ROUNDS: usize = 3;
/// Blocks summed by one thread at a time in the fit's likelihood.
const FIT_PIECE: usize = 4096;
/// The joint fit searches decay distances L between these, metres.
const MIN_DECAY_DISTANCE_M: f64 = 20.0;
const MAX_DECAY_DISTANCE_M: f64 = 100_000.0;
/// The default grid: H3 resolution 9 (hexagons of about 0.1 km², 174 m a side).
pub const DEFAULT_RESOLUTION: Resolution = Resolution::Nine;

/// Why no white space can be ranked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WhitespaceError {
    /// The workspace has no own shop.
    #[error("there is no own shop: white space is measured from the chain's own shops")]
    NoOwnShop,
    /// The area holds no homes.
    #[error(
        "the loaded area holds no homes: candidate sites are weighed by the dwellings around them"
    )]
    NoHomes,
    /// The chain's distance decay could not be fitted (or does not fall with distance).
    #[error("cannot rank sites, the chain's distance decay cannot be fitted: {0}")]
    Decay(#[from] DecayError),
    /// The grid is not an H3 resolution this analysis takes.
    #[error("grid '{0}' is not understood (use h3:N with N from 6 to 11, e.g. h3:9)")]
    BadGrid(String),
}

/// Parses `h3:N` (N from 6 to 11).
///
/// # Errors
/// [`WhitespaceError::BadGrid`].
pub fn parse_grid(s: &str) -> Result<Resolution, WhitespaceError> {
    s.trim()
        .to_ascii_lowercase()
        .strip_prefix("h3:")
        .and_then(|r| r.parse::<u8>().ok())
        .filter(|r| (6..=11).contains(r))
        .and_then(|r| Resolution::try_from(r).ok())
        .ok_or_else(|| WhitespaceError::BadGrid(s.to_owned()))
}

/// What a white-space analysis is made of.
#[derive(Debug, Clone, Copy)]
pub struct WhitespaceInput<'a> {
    /// Located members; own members come from [`MemberSet::own_members`].
    pub members: &'a MemberSet,
    /// Every own shop and competitor.
    pub shops: &'a [Shop],
    /// The area: its homes and its data's edge.
    pub area: &'a Area,
    /// The H3 resolution of the candidate hexagons.
    pub resolution: Resolution,
    /// Members and homes within this many metres of an own shop are fitted on.
    pub fit_radius_m: f64,
}

/// The chain's model, as fitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhitespaceModel {
    /// The distance decay p(d) = c·e^(−d/L); `penetration_at_shop` is the level c of the
    /// whole model (with Huff shares), per dwelling.
    pub decay: DecayFit,
    /// The Huff distance exponent λ.
    pub huff_exponent: f64,
    /// Whether λ was fitted (else the textbook value: no rival to measure it against).
    pub huff_fitted: bool,
    /// Log-likelihood gain of the fitted λ over the textbook one.
    pub huff_log_likelihood_gain: f64,
    /// Members and homes within this distance of an own shop were fitted on, metres.
    pub fit_radius_m: f64,
    /// Dwellings and shops within this distance of a site count, metres.
    pub reach_m: f64,
    /// Members the decay was fitted on (own members within the fitted range).
    pub members_fitted: u64,
    /// Dwellings within the fitted range.
    pub dwellings_fitted: u64,
    /// Own shops.
    pub own_shops: usize,
    /// Competitors.
    pub competitors: usize,
    /// Whom the decay's members belong to.
    pub own_members_rule: &'static str,
}

/// One candidate site: a hexagon, its figures and its rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    /// 1 for the largest net gain.
    pub rank: usize,
    /// H3 cell id.
    pub hex: String,
    /// Latitude of the hexagon's centre, degrees.
    pub lat: f64,
    /// Longitude of the hexagon's centre, degrees.
    pub lon: f64,
    /// Dwellings in the hexagon.
    pub dwellings: u64,
    /// Located members living in the hexagon.
    pub members: u64,
    /// The nearest own shop.
    pub nearest_own_shop: Option<String>,
    /// Geodesic distance to it, metres.
    pub nearest_own_shop_m: Option<f64>,
    /// The nearest competitor.
    pub nearest_competitor: Option<String>,
    /// Geodesic distance to it, metres.
    pub nearest_competitor_m: Option<f64>,
    /// Members a shop here would be expected to draw.
    pub expected_draw: f64,
    /// Of the own shops' expected members, how many it would take.
    pub cannibalized: f64,
    /// `expected_draw − cannibalized`.
    pub net_gain: f64,
    /// The hexagon's corners as `[lon, lat]`.
    pub boundary: Vec<[f64; 2]>,
}

/// Candidate sites ranked by net gain, and the model they were weighed with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Whitespace {
    /// `h3:N`.
    pub grid: String,
    /// The fitted model.
    pub model: WhitespaceModel,
    /// The dwellings of the area and how they were counted.
    pub dwellings: DwellingCount,
    /// Located members.
    pub members: u64,
    /// Every candidate, best first.
    pub sites: Vec<Site>,
    /// What the reader should know about the figures.
    pub notes: Vec<WhitespaceNote>,
}

/// Something the reader should know about a white-space ranking's figures. JSON carries
/// the English sentence; the table says it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "String")]
pub enum WhitespaceNote {
    /// The fitted range holds more members than dwellings: the dwellings look undercounted,
    /// so the member figures run high (the ranking stands).
    DwellingsUndercounted { members: f64, dwellings: f64 },
    /// No rival changes any Huff share: the textbook exponent is used.
    TextbookHuffExponent,
}

impl std::fmt::Display for WhitespaceNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Self::DwellingsUndercounted { members, dwellings } => write!(
                f,
                "the fitted range holds {members:.0} members on {dwellings:.0} dwellings, more than one per dwelling: the area's dwellings look undercounted (a fuller extract helps), so sites rank right but their member figures run high"
            ),
            Self::TextbookHuffExponent => write!(
                f,
                "no rival changes any Huff share here, so the textbook exponent {HUFF_DEFAULT_EXPONENT} is used"
            ),
        }
    }
}

impl From<WhitespaceNote> for String {
    fn from(n: WhitespaceNote) -> Self {
        n.to_string()
    }
}

/// Homes and members of one block (an H3 cell one resolution finer than the grid).
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    ecef_m: [f64; 3],
    dwellings: f64,
    members: u64,
    parent: u64,
}

/// A shop within reach of a block: floored distance (and its log), own or not.
#[derive(Debug, Clone, Copy)]
struct Near {
    distance_m: f64,
    /// ln of `distance_m`, for its Huff pull ([`huff_pull`]) at each exponent the fit
    /// tries.
    ln_distance: f64,
    own: bool,
}

/// Every block's shops within reach, one run per block in block order.
struct NearShops {
    all: Vec<Near>,
    /// Block i's run is `all[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
}

impl NearShops {
    /// The runs of `per_block`, in one vector.
    fn new(per_block: Vec<Vec<Near>>) -> Self {
        let mut all = Vec::with_capacity(per_block.iter().map(Vec::len).sum());
        let mut bounds = Vec::with_capacity(per_block.len() + 1);
        bounds.push(0);
        for run in per_block {
            all.extend(run);
            bounds.push(all.len());
        }
        Self { all, bounds }
    }

    /// Where block i's run lies in `all`.
    fn run(&self, i: usize) -> std::ops::Range<usize> {
        self.bounds[i]..self.bounds[i + 1]
    }

    fn of(&self, i: usize) -> &[Near] {
        &self.all[self.run(i)]
    }
}

fn cell_of(p: LonLat, res: Resolution) -> Option<CellIndex> {
    LatLng::new(p.lat_deg(), p.lon_deg())
        .ok()
        .map(|ll| ll.to_cell(res))
}

fn centre_of(cell: CellIndex) -> Option<LonLat> {
    let ll = LatLng::from(cell);
    LonLat::new(ll.lng(), ll.lat()).ok()
}

/// Ranks every candidate hexagon of the area by the net gain of an own shop there.
/// `progress(done, total)` is called as candidates are weighed (from several threads).
///
/// # Errors
/// [`WhitespaceError::NoOwnShop`], [`WhitespaceError::NoHomes`], or
/// [`WhitespaceError::Decay`] when the chain's decay cannot be fitted or does not fall.
pub fn whitespace(
    input: &WhitespaceInput<'_>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Whitespace, WhitespaceError> {
    let WhitespaceInput {
        members: set,
        shops,
        area,
        resolution,
        fit_radius_m,
    } = *input;
    let mut own: Vec<&Shop> = shops.iter().filter(|s| s.kind == ShopKind::Own).collect();
    own.sort_by(|a, b| a.name.cmp(&b.name));
    let mut rivals: Vec<&Shop> = shops
        .iter()
        .filter(|s| s.kind == ShopKind::Competitor)
        .collect();
    rivals.sort_by(|a, b| a.name.cmp(&b.name));
    if own.is_empty() {
        return Err(WhitespaceError::NoOwnShop);
    }
    set.assign_own_shops();
    if area.dwellings() == 0 {
        return Err(WhitespaceError::NoHomes);
    }

    // 1. The decay, pooled over the own shops.
    let own_finder = NearestShop::new(&own.iter().map(|s| s.position).collect::<Vec<_>>());
    let homes_at: Vec<HomeAt> = area
        .homes
        .par_iter()
        .filter_map(|h| {
            let n = own_finder.nearest(&ecef_m(h.position), h.position)?;
            (n.distance_m <= fit_radius_m).then_some(HomeAt {
                distance_m: n.distance_m,
                dwellings: f64::from(h.dwellings),
            })
        })
        .collect();
    let member_d_m: Vec<f64> = own
        .iter()
        .flat_map(|s| {
            set.own_members(s)
                .iter()
                .take_while(|m| m.distance_m <= fit_radius_m)
                .map(|m| m.distance_m)
                .collect::<Vec<_>>()
        })
        .collect();
    let decay = fit_decay(&homes_at, &member_d_m)?;
    let b_per_m = decay.decay_per_km / 1000.0;
    let reach_m = (decay.decay_distance_m * 100f64.ln())
        .clamp(MIN_REACH_M, MAX_REACH_M)
        .max(fit_radius_m);

    // 2. Blocks, and the shops within reach of each.
    let block_res = resolution.succ().unwrap_or(resolution);
    let blocks = blocks(set, area, block_res, resolution);
    let all_shops: Vec<(&Shop, bool)> = own
        .iter()
        .map(|s| (*s, true))
        .chain(rivals.iter().map(|s| (*s, false)))
        .collect();
    let shop_tree: RTree<GeomWithData<[f64; 3], bool>> = RTree::bulk_load(
        all_shops
            .iter()
            .map(|(s, own)| GeomWithData::new(ecef_m(s.position), *own))
            .collect(),
    );
    let near = NearShops::new(
        blocks
            .par_iter()
            .map(|b| {
                shop_tree
                    .locate_within_distance(b.ecef_m, reach_m * reach_m)
                    .map(|s| {
                        let distance_m = huff_distance_m(&b.ecef_m, s.geom());
                        Near {
                            distance_m,
                            ln_distance: distance_m.ln(),
                            own: s.data,
                        }
                    })
                    .collect()
            })
            .collect(),
    );

    // 3. λ and the level, on the blocks within the fitted range of an own shop.
    let fitted: Vec<usize> = (0..blocks.len())
        .filter(|&i| {
            near.of(i)
                .iter()
                .any(|n| n.own && n.distance_m <= fit_radius_m.max(HUFF_MIN_DISTANCE_M))
        })
        .collect();
    // Every shop-to-block pull is a Huff pull at λ times, for an own shop, the decay at b.
    // A search over λ keeps the decays of its b and one over b the Huff pulls of its λ, so
    // each evaluation works out one exponential per pair, not two.
    let huff_pulls = |lambda: f64| -> Vec<f64> {
        near.all
            .par_iter()
            .map(|n| huff_pull(n.ln_distance, lambda))
            .collect()
    };
    let decays = |b_per_m: f64| -> Vec<f64> {
        near.all
            .par_iter()
            .map(|n| {
                if n.own {
                    (-b_per_m * n.distance_m).exp()
                } else {
                    0.0
                }
            })
            .collect()
    };
    // Block i's own shops' share of its members' choice, from those pulls.
    let own_pull = |i: usize, pulls: &[f64], decays: &[f64]| -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for j in near.run(i) {
            den += pulls[j];
            num += decays[j] * pulls[j];
        }
        if den > 0.0 { num / den } else { 0.0 }
    };
    let n_fit: f64 = fitted.iter().map(|&i| blocks[i].members as f64).sum();
    // Summed in fixed pieces, then the pieces in order: the same sum however the threads
    // share the work (a search over a flat likelihood would follow its rounding).
    let log_lik_of = |pulls: &[f64], decays: &[f64]| -> f64 {
        let pieces: Vec<(f64, f64)> = fitted
            .par_chunks(FIT_PIECE)
            .map(|piece| {
                piece.iter().fold((0.0, 0.0), |(num, den), &i| {
                    let m = own_pull(i, pulls, decays);
                    let b = &blocks[i];
                    let term = if b.members > 0 && m > 0.0 {
                        b.members as f64 * m.ln()
                    } else {
                        0.0
                    };
                    (num + term, den + b.dwellings * m)
                })
            })
            .collect();
        let (num, den) = pieces
            .iter()
            .fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
        if den > 0.0 {
            num - n_fit * den.ln()
        } else {
            f64::NEG_INFINITY
        }
    };
    let log_lik = |b_per_m: f64, lambda: f64| log_lik_of(&huff_pulls(lambda), &decays(b_per_m));
    // The decay and the Huff shares both fall with distance from our shops: fit them
    // together (coordinate ascent from the pooled decay), so neither counts the fall twice.
    let (mut b_joint, mut lambda, mut huff_fitted) = (b_per_m, HUFF_DEFAULT_EXPONENT, false);
    for _ in 0..JOINT_ROUNDS {
        let decays_at_b = decays(b_joint);
        (lambda, huff_fitted) = fit_exponent(&|l| log_lik_of(&huff_pulls(l), &decays_at_b));
        let pulls_at_lambda = huff_pulls(lambda);
        b_joint = golden_max(
            &|ln_b| log_lik_of(&pulls_at_lambda, &decays(ln_b.exp())),
            (1.0 / MAX_DECAY_DISTANCE_M).ln(),
            (1.0 / MIN_DECAY_DISTANCE_M).ln(),
            40,
        )
        .exp();
    }
    if b_joint <= 1.0 / MAX_DECAY_DISTANCE_M * 1.01 {
        // The joint fit finds no fall left once the shares are counted.
        return Err(WhitespaceError::Decay(DecayError::NotFalling {
            member_mean_m: mean(&member_d_m),
            dwelling_mean_m: homes_at
                .iter()
                .map(|h| h.distance_m * h.dwellings)
                .sum::<f64>()
                / homes_at.iter().map(|h| h.dwellings).sum::<f64>().max(1.0),
        }));
    }
    let huff_log_likelihood_gain =
        log_lik(b_joint, lambda) - log_lik(b_joint, HUFF_DEFAULT_EXPONENT);
    // Standard error of b from the curvature of the log-likelihood.
    let h = 0.02 * b_joint;
    let curvature = (log_lik(b_joint + h, lambda) - 2.0 * log_lik(b_joint, lambda)
        + log_lik(b_joint - h, lambda))
        / (h * h);
    // The Huff pulls at the fitted λ, which the sites' sums below take too.
    let huff_pulls_fitted = huff_pulls(lambda);
    let decays_fitted = decays(b_joint);
    let expected_fit: f64 = fitted
        .iter()
        .map(|&i| blocks[i].dwellings * own_pull(i, &huff_pulls_fitted, &decays_fitted))
        .sum();
    drop(decays_fitted);
    if expected_fit <= 0.0 {
        return Err(WhitespaceError::Decay(DecayError::NoHomes));
    }
    let decay = DecayFit {
        penetration_at_shop: n_fit / expected_fit,
        decay_per_km: b_joint * 1000.0,
        decay_se_per_km: if curvature < 0.0 {
            1000.0 / (-curvature).sqrt()
        } else {
            f64::INFINITY
        },
        decay_distance_m: 1.0 / b_joint,
        half_distance_m: std::f64::consts::LN_2 / b_joint,
        at_bound: b_joint >= 0.99 / MIN_DECAY_DISTANCE_M,
        ..decay
    };
    let huff_exponent = lambda;

    // 4. Every block's Huff denominator D and own pull O, then the candidates.
    let pulls: Vec<(f64, f64)> = (0..blocks.len())
        .into_par_iter()
        .map(|i| {
            let (mut d, mut o) = (0.0, 0.0);
            for j in near.run(i) {
                let t = huff_pulls_fitted[j];
                d += t;
                if near.all[j].own {
                    o += decay.penetration(near.all[j].distance_m) * t;
                }
            }
            (d, o)
        })
        .collect();
    drop(huff_pulls_fitted);
    let block_tree: RTree<GeomWithData<[f64; 3], usize>> = RTree::bulk_load(
        blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.dwellings > 0.0)
            .map(|(i, b)| GeomWithData::new(b.ecef_m, i))
            .collect(),
    );
    let mut in_hex: FxHashMap<u64, (f64, u64)> = FxHashMap::default();
    for b in &blocks {
        let e = in_hex.entry(b.parent).or_default();
        e.0 += b.dwellings;
        e.1 += b.members;
    }
    let edge = area.edge();
    let mut candidates: Vec<CellIndex> = in_hex
        .iter()
        .filter(|(_, (w, _))| *w > 0.0)
        .filter_map(|(c, _)| CellIndex::try_from(*c).ok())
        .flat_map(|c| c.grid_disk::<Vec<_>>(CANDIDATE_RING))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let candidates: Vec<(CellIndex, LonLat)> = candidates
        .into_iter()
        .filter_map(|c| Some((c, centre_of(c)?)))
        .filter(|(_, p)| edge.as_ref().is_none_or(|e| e.contains(*p)))
        .collect();
    let rival_finder = NearestShop::new(&rivals.iter().map(|s| s.position).collect::<Vec<_>>());
    let total = candidates.len() as u64;
    let done = AtomicU64::new(0);
    // One site a candidate, written in place (two million at 10 M members).
    let mut sites: Vec<Site> = candidates
        .par_iter()
        .map(|&(cell, centre)| {
            let e = ecef_m(centre);
            let (mut draw, mut cannibalized) = (0.0, 0.0);
            for b in block_tree.locate_within_distance(e, reach_m * reach_m) {
                let i = b.data;
                let d = huff_distance_m(&e, b.geom());
                let t = huff_pull(d.ln(), lambda);
                let (big_d, o) = pulls[i];
                let w = blocks[i].dwellings;
                draw += w * decay.penetration(d) * t / (big_d + t);
                if big_d > 0.0 {
                    cannibalized += w * o * (1.0 / big_d - 1.0 / (big_d + t));
                }
            }
            let (dwellings, members) = in_hex.get(&u64::from(cell)).copied().unwrap_or_default();
            let mine = own_finder.nearest(&e, centre);
            let rival = rival_finder.nearest(&e, centre);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n % 256 == 0 || n == total {
                progress(n, total);
            }
            Site {
                rank: 0,
                hex: cell.to_string(),
                lat: centre.lat_deg(),
                lon: centre.lon_deg(),
                dwellings: dwellings.round() as u64,
                members,
                nearest_own_shop: mine.map(|n| own[n.index].name.clone()),
                nearest_own_shop_m: mine.map(|n| n.distance_m),
                nearest_competitor: rival.map(|n| rivals[n.index].name.clone()),
                nearest_competitor_m: rival.map(|n| n.distance_m),
                expected_draw: draw,
                cannibalized,
                net_gain: draw - cannibalized,
                boundary: cell
                    .boundary()
                    .iter()
                    .map(|ll| [ll.lng(), ll.lat()])
                    .collect(),
            }
        })
        .collect();
    let mut notes = Vec::new();
    let dwellings_in_fit: f64 = fitted.iter().map(|&i| blocks[i].dwellings).sum();
    if n_fit > dwellings_in_fit {
        notes.push(WhitespaceNote::DwellingsUndercounted {
            members: n_fit,
            dwellings: dwellings_in_fit,
        });
    }
    if !huff_fitted {
        notes.push(WhitespaceNote::TextbookHuffExponent);
    }
    // Hexagons are distinct, so the order is total and an unstable sort (no buffer of half
    // the sites) gives it.
    sites.sort_unstable_by(|a, b| b.net_gain.total_cmp(&a.net_gain).then(a.hex.cmp(&b.hex)));
    for (i, s) in sites.iter_mut().enumerate() {
        s.rank = i + 1;
    }
    Ok(Whitespace {
        grid: format!("h3:{}", u8::from(resolution)),
        model: WhitespaceModel {
            decay,
            huff_exponent,
            huff_fitted,
            huff_log_likelihood_gain,
            fit_radius_m,
            reach_m,
            members_fitted: member_d_m.len() as u64,
            dwellings_fitted: homes_at.iter().map(|h| h.dwellings as u64).sum(),
            own_shops: own.len(),
            competitors: rivals.len(),
            own_members_rule: super::OWN_MEMBERS_RULE,
        },
        dwellings: DwellingCount::of(&area.homes, area.dwelling_floor_m2),
        members: set.len() as u64,
        sites,
        notes,
    })
}

/// The exponent maximising `log_lik` over 0–[`HUFF_MAX_EXPONENT`](super::competition::HUFF_MAX_EXPONENT) (a scan in steps of
/// 0.1, then golden-section), and whether it was fitted: a flat likelihood (no rival
/// changes any share) gives [`HUFF_DEFAULT_EXPONENT`].
fn fit_exponent(log_lik: &(dyn Fn(f64) -> f64 + Sync)) -> (f64, bool) {
    let step = 0.1;
    let grid = scan_exponents(step, log_lik);
    let (lo_v, hi_v) = grid
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |a, g| {
            (a.0.min(g.1), a.1.max(g.1))
        });
    if !(hi_v.is_finite() && hi_v - lo_v > 1e-9 * hi_v.abs().max(1.0)) {
        return (HUFF_DEFAULT_EXPONENT, false);
    }
    let best = grid
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(HUFF_DEFAULT_EXPONENT, |g| g.0);
    (refine_exponent(log_lik, best, step, 30), true)
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Bins homes and members into cells of `block_res`: dwelling-weighted centroid of the
/// homes (the cell's centre without homes), dwellings, members, the parent at `grid`.
fn blocks(set: &MemberSet, area: &Area, block_res: Resolution, grid: Resolution) -> Vec<Block> {
    // (Σ w·ecef, Σ w, members)
    let mut acc: FxHashMap<u64, ([f64; 3], f64, u64)> = FxHashMap::default();
    for h in &area.homes {
        let Some(c) = cell_of(h.position, block_res) else {
            continue;
        };
        let w = f64::from(h.dwellings);
        let e = ecef_m(h.position);
        let a = acc.entry(u64::from(c)).or_default();
        for (sum, x) in a.0.iter_mut().zip(e) {
            *sum += w * x;
        }
        a.1 += w;
    }
    let mut cells: Vec<u64> = (0..u32::try_from(set.len()).unwrap_or(u32::MAX))
        .into_par_iter()
        .filter_map(|slot| cell_of(set.position_of(slot), block_res).map(u64::from))
        .collect();
    cells.par_sort_unstable();
    for run in cells.chunk_by(|a, b| a == b) {
        acc.entry(run[0]).or_default().2 += run.len() as u64;
    }
    let mut out: Vec<(u64, Block)> = acc
        .into_iter()
        .filter_map(|(c, (sum, w, members))| {
            let cell = CellIndex::try_from(c).ok()?;
            let ecef_m = if w > 0.0 {
                // The weighted mean of ECEF points lies a little below the surface; its
                // direction is what the chord distances need at these ranges.
                [sum[0] / w, sum[1] / w, sum[2] / w]
            } else {
                ecef_m(centre_of(cell)?)
            };
            Some((
                c,
                Block {
                    ecef_m,
                    dwellings: w,
                    members,
                    parent: cell.parent(grid).map_or(c, u64::from),
                },
            ))
        })
        .collect();
    out.sort_unstable_by_key(|b| b.0);
    out.into_iter().map(|b| b.1).collect()
}

#[cfg(test)]
mod tests;
