//! Own shops side by side: one row of figures per shop, a rank on each figure, the
//! chain's median, and optionally each figure's difference from a benchmark shop.
//!
//! Every figure is one a single-shop report gives, taken from that shop's
//! [`RingReport`] (ring shares, trade-area radii, own members and their segments), so
//! comparing never disagrees with reporting. Trade-area figures describe the shop's own
//! members ([`OWN_MEMBERS_RULE`]); the work per shop grows with the members around it,
//! never with the whole member base. The rest is measured here: penetration (own members
//! within the outer ring per 100 dwellings there), competitors within 300 m and 1000 m,
//! the Huff share, and the overlap with other own shops.
//!
//! # Huff share
//!
//! The mean, over the shop's own members, of the Huff probability that a member picks
//! this shop among every shop of the workspace (own shops and competitors, all equally
//! attractive; the model of [`super::competition`]). The exponent is the chain's: one λ
//! fitted by maximum likelihood to the compared shops together (their members and the
//! homes within their rings, each shop's likelihood as the competition report writes
//! it, summed); with one shop it is that shop's competition-report exponent. Without a
//! loaded area (no homes) the textbook λ = 2 is used and the comparison says so. With
//! more than [`HUFF_FIT_SHOPS`] shops the exponent is fitted on that many of them, spread
//! evenly over the list, so the fit costs as much for a thousand shops as for a few.
//!
//! At chain scale each member's denominator is exact over the [`HUFF_NEAR_SHOPS`] shops
//! nearest to its shop and takes the farther shops from the shop's position
//! ([`HuffReach`], which bounds the change); [`Comparison::huff_within_target`] is the
//! share of members for which that bound is below [`HUFF_ERROR_TARGET`] of the
//! denominator. With at most that many other shops the share is exact.
//!
//! # Overlap of own shops
//!
//! Each shop's 70 % trade area is the disc of the radius holding 70 % of its own
//! members. For every pair of compared shops whose discs overlap, [`PairOverlap`] gives
//! Esri's cannibalization figures A1–A4 (A1: area of A's trade area ÷ B's; A2: the overlap
//! ÷ the union of the two; A3: the share of A's area inside B's; A4: the share of B's
//! inside A's), and the members behind them: A's own members inside B's disc, B's inside
//! A's, and all located members inside both. Per shop, [`Figure::SharedMembers`] counts
//! the located members within its disc and within another compared shop's disc, and
//! [`Figure::TradeAreaOverlap`] is its largest A3 against any other compared shop.

use super::competition::{HUFF_DEFAULT_EXPONENT, HuffSample, fit_huff_exponent, lens_area_m2};
use super::huff_reach::{HUFF_ERROR_TARGET, HUFF_NEAR_SHOPS, HuffReach};
use super::rings::{RingPlan, RingReport, ring_reports};
use super::segments::Segment;
use super::{MemberSet, OWN_MEMBERS_RULE};
use crate::geodesy::{chord_m, distance_m, ecef_m, geodesic_from_chord_m, within_m};
use crate::index::Aabb;
use crate::model::{Shop, ShopKind};
use crate::osm::Area;
use rayon::prelude::*;
use serde::Serialize;

/// The chain's Huff exponent is fitted on at most this many compared shops.
pub const HUFF_FIT_SHOPS: usize = 64;

/// Competitors are counted within these distances of a shop, metres.
pub const COMPETITOR_RADII_M: [f64; 2] = [300.0, 1000.0];

/// One figure of the comparison, as a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Figure {
    /// Own members.
    Members,
    /// Share of the counted members in ring k (from 1).
    RingShare(usize),
    /// Radius holding 50 % of the own members, metres.
    Radius50,
    /// Radius holding 70 % of the own members, metres.
    Radius70,
    /// Median distance of the own members, metres.
    MedianDistance,
    /// Own members within the outer ring per 100 dwellings there.
    Penetration,
    /// Own members with ≥ 2 visits ÷ own members.
    RepurchaseRate,
    /// Loyal own members ÷ own members.
    LoyalShare,
    /// Dormant own members ÷ own members.
    DormantShare,
    /// Competitors within 300 m.
    CompetitorsNear,
    /// Competitors within 1000 m.
    CompetitorsFar,
    /// Mean Huff probability that the shop's own members pick it (chain exponent).
    HuffShare,
    /// Members within both this shop's and another own shop's 70 % radius.
    SharedMembers,
    /// Largest share of this shop's 70 % trade area inside another's (Esri's A3).
    TradeAreaOverlap,
}

impl Figure {
    /// The English code CSV and JSON use, e.g. `share_ring_2` or `radius_70_m`.
    pub fn code(self) -> String {
        match self {
            Figure::Members => "own_members".into(),
            Figure::RingShare(k) => format!("share_ring_{k}"),
            Figure::Radius50 => "radius_50_m".into(),
            Figure::Radius70 => "radius_70_m".into(),
            Figure::MedianDistance => "median_distance_m".into(),
            Figure::Penetration => "penetration_per_100_dwellings".into(),
            Figure::RepurchaseRate => "repurchase_rate".into(),
            Figure::LoyalShare => "loyal_share".into(),
            Figure::DormantShare => "dormant_share".into(),
            Figure::CompetitorsNear => "competitors_within_300m".into(),
            Figure::CompetitorsFar => "competitors_within_1000m".into(),
            Figure::HuffShare => "huff_share".into(),
            Figure::SharedMembers => "shared_members".into(),
            Figure::TradeAreaOverlap => "trade_area_overlap_share".into(),
        }
    }

    /// Whether the figure is a share (0–1), written as a percentage for people.
    pub fn is_share(self) -> bool {
        matches!(
            self,
            Figure::RingShare(_)
                | Figure::RepurchaseRate
                | Figure::LoyalShare
                | Figure::DormantShare
                | Figure::HuffShare
                | Figure::TradeAreaOverlap
        )
    }

    /// Whether a smaller value is the better one (distances travelled are not: a wide
    /// draw is neither good nor bad; competitors, dormancy and overlap are).
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            Figure::DormantShare
                | Figure::CompetitorsNear
                | Figure::CompetitorsFar
                | Figure::SharedMembers
                | Figure::TradeAreaOverlap
        )
    }
}

impl From<Figure> for String {
    fn from(f: Figure) -> String {
        f.code()
    }
}

/// One own shop's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShopRow {
    /// The shop's name.
    pub shop: String,
    /// The figures, in the order of [`Comparison::figures`] (`None`: not measurable, e.g.
    /// no own members or no area loaded).
    pub values: Vec<Option<f64>>,
    /// Rank of each figure among the shops, 1 for the largest value (ties share a rank).
    pub ranks: Vec<Option<usize>>,
    /// Each figure minus the benchmark shop's, when a benchmark was asked for.
    pub vs_benchmark: Option<Vec<Option<f64>>>,
}

/// Two compared own shops whose 70 % trade areas overlap, with Esri's cannibalization
/// figures A1–A4 (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairOverlap {
    /// Shop A.
    pub a: String,
    /// Shop B.
    pub b: String,
    /// Between the two shops, metres.
    pub distance_m: f64,
    /// Radius of A's 70 % trade area, metres.
    pub a_radius_70_m: f64,
    /// Radius of B's 70 % trade area, metres.
    pub b_radius_70_m: f64,
    /// Area of the overlap, km².
    pub overlap_km2: f64,
    /// A1: area of A's trade area ÷ area of B's.
    pub a1_area_ratio: f64,
    /// A2: the overlap ÷ the union of the two trade areas.
    pub a2_overlap_of_union: f64,
    /// A3: share of A's trade area inside B's.
    pub a3_share_of_a_in_b: f64,
    /// A4: share of B's trade area inside A's.
    pub a4_share_of_b_in_a: f64,
    /// A's own members living inside B's trade area.
    pub a_members_in_b: u64,
    /// B's own members living inside A's trade area.
    pub b_members_in_a: u64,
    /// Located members (of any shop) inside both trade areas.
    pub members_in_both: u64,
}

/// Own shops side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Whom the trade-area figures describe ([`OWN_MEMBERS_RULE`]).
    pub own_members_rule: &'static str,
    /// Ring radii, metres.
    pub radii_m: Vec<f64>,
    /// Whether dwellings were known (an area loaded), so penetration could be measured.
    pub dwellings_known: bool,
    /// The columns.
    pub figures: Vec<Figure>,
    /// One row per shop, in the order asked for.
    pub shops: Vec<ShopRow>,
    /// The median of each figure over the shops compared.
    pub chain_median: Vec<Option<f64>>,
    /// The shop the differences are taken from.
    pub benchmark: Option<String>,
    /// The Huff exponent of the Huff share (the chain's, see the module documentation).
    pub huff_exponent: f64,
    /// Whether it was fitted (else the textbook 2: no area loaded, or no homes or members
    /// within the rings).
    pub huff_exponent_fitted: bool,
    /// Other shops taken exactly in each member's Huff denominator ([`HuffReach`]).
    pub huff_near_shops: usize,
    /// Whether every shop was taken exactly (no far field).
    pub huff_exact: bool,
    /// Share of the own members whose Huff denominator the far field changes by less
    /// than [`HUFF_ERROR_TARGET`] (1 when exact; `None` without own members).
    pub huff_within_target: Option<f64>,
    /// Every pair of compared shops whose 70 % trade areas overlap.
    pub overlaps: Vec<PairOverlap>,
}

/// What a comparison is made of.
#[derive(Debug, Clone, Copy)]
pub struct CompareInput<'a> {
    /// Members, assigned to own shops ([`MemberSet::with_own_shops`]).
    pub members: &'a MemberSet,
    /// The own shops to compare.
    pub shops: &'a [Shop],
    /// Every shop and competitor of the workspace.
    pub all_shops: &'a [Shop],
    /// The area, whose homes give penetration its dwellings (`None`: penetration empty).
    pub area: Option<&'a Area>,
    /// Rings.
    pub plan: &'a RingPlan,
    /// Index into `shops` of the benchmark shop.
    pub benchmark: Option<usize>,
}

/// Compares the own shops of `input`, in parallel.
pub fn compare(input: &CompareInput<'_>) -> Comparison {
    let plan = input.plan;
    let reports = ring_reports(input.members, input.shops, plan);
    let mut figures = vec![Figure::Members];
    figures.extend((1..=plan.radii_m().len()).map(Figure::RingShare));
    figures.extend([
        Figure::Radius50,
        Figure::Radius70,
        Figure::MedianDistance,
        Figure::Penetration,
        Figure::RepurchaseRate,
        Figure::LoyalShare,
        Figure::DormantShare,
        Figure::CompetitorsNear,
        Figure::CompetitorsFar,
        Figure::HuffShare,
        Figure::SharedMembers,
        Figure::TradeAreaOverlap,
    ]);
    let fitted = input.area.and_then(|area| chain_huff_exponent(input, area));
    let huff_exponent = fitted.unwrap_or(HUFF_DEFAULT_EXPONENT);
    let overlaps = pair_overlaps(input, &reports);
    let homes: Vec<([f64; 3], f64)> = input
        .area
        .map(|a| {
            a.homes
                .iter()
                .map(|h| (ecef_m(h.position), f64::from(h.dwellings)))
                .collect()
        })
        .unwrap_or_default();
    let rows: Vec<(Vec<Option<f64>>, HuffTally)> = reports
        .par_iter()
        .zip(input.shops)
        .map(|(r, shop)| {
            let dwellings = input.area.map(|_| dwellings_within(&homes, shop, plan));
            let huff = huff_share_of(input, shop, huff_exponent);
            let extra = Extra {
                dwellings,
                huff_share: huff.share,
                overlaps: &overlaps,
            };
            (row_values(input, &reports, r, shop, &extra, &figures), huff)
        })
        .collect();
    let huff_exact = rows.iter().all(|(_, h)| h.exact);
    let (huff_members, huff_within) = rows
        .iter()
        .fold((0u64, 0u64), |(n, w), (_, h)| (n + h.members, w + h.within));
    let values: Vec<Vec<Option<f64>>> = rows.into_iter().map(|(v, _)| v).collect();
    let chain_median = (0..figures.len())
        .map(|f| median(values.iter().filter_map(|v| v[f]).collect()))
        .collect();
    let ranks = ranks(&values, figures.len());
    let benchmark = input.benchmark.map(|b| &values[b]);
    let shops = input
        .shops
        .iter()
        .zip(values.iter().zip(ranks))
        .map(|(s, (v, ranks))| ShopRow {
            shop: s.name.clone(),
            values: v.clone(),
            ranks,
            vs_benchmark: benchmark
                .map(|b| v.iter().zip(b).map(|(x, y)| Some((*x)? - (*y)?)).collect()),
        })
        .collect();
    Comparison {
        own_members_rule: OWN_MEMBERS_RULE,
        radii_m: plan.radii_m().to_vec(),
        dwellings_known: input.area.is_some(),
        figures,
        shops,
        chain_median,
        benchmark: input.benchmark.map(|b| input.shops[b].name.clone()),
        huff_exponent,
        huff_exponent_fitted: fitted.is_some(),
        huff_near_shops: HUFF_NEAR_SHOPS,
        huff_exact,
        huff_within_target: (huff_members > 0).then(|| huff_within as f64 / huff_members as f64),
        overlaps,
    }
}

/// What a row needs beyond the shop's ring report.
struct Extra<'a> {
    dwellings: Option<f64>,
    huff_share: Option<f64>,
    overlaps: &'a [PairOverlap],
}

/// Every shop of the workspace but `shop`.
fn others_than<'a>(all: &'a [Shop], shop: &Shop) -> Vec<&'a Shop> {
    all.iter().filter(|s| s.name != shop.name).collect()
}

/// The Huff exponent fitted to the compared shops together, or to
/// [`HUFF_FIT_SHOPS`] of them spread evenly over the list (`None`: nothing to fit).
fn chain_huff_exponent(input: &CompareInput<'_>, area: &Area) -> Option<f64> {
    let n = input.shops.len();
    let picked: Vec<&Shop> = if n <= HUFF_FIT_SHOPS {
        input.shops.iter().collect()
    } else {
        (0..HUFF_FIT_SHOPS)
            .map(|i| &input.shops[i * n / HUFF_FIT_SHOPS])
            .collect()
    };
    let samples: Vec<HuffSample> = picked
        .par_iter()
        .map(|shop| {
            let scope = input.members.scope_for(shop);
            let others = others_than(input.all_shops, shop);
            HuffSample::around(input.members, &scope, shop, &others, area, input.plan).0
        })
        .collect();
    fit_huff_exponent(&samples.iter().collect::<Vec<_>>())
}

/// A shop's Huff share and how its far field did.
struct HuffTally {
    share: Option<f64>,
    exact: bool,
    members: u64,
    within: u64,
}

/// Mean Huff probability, with exponent `lambda`, that the own members of `shop` pick it
/// ([`HuffReach`]: exact over the nearest shops, the rest from the shop's position).
fn huff_share_of(input: &CompareInput<'_>, shop: &Shop, lambda: f64) -> HuffTally {
    let set = input.members;
    let own = set.own_members(shop);
    let others = others_than(input.all_shops, shop);
    let reach = HuffReach::around(shop, &others);
    let far = reach.far_pull(lambda);
    let (sum, within) = own.iter().fold((0.0, 0u64), |(sum, within), m| {
        let (share, bound) = reach.share_and_bound(set.ecef_of(m.slot), m.distance_m, lambda, far);
        (sum + share, within + u64::from(bound < HUFF_ERROR_TARGET))
    });
    HuffTally {
        share: (!own.is_empty()).then(|| sum / own.len() as f64),
        exact: reach.is_exact(),
        members: own.len() as u64,
        within,
    }
}

/// Esri's A1–A4 and the members behind them for every pair of compared shops whose 70 %
/// trade areas overlap.
fn pair_overlaps(input: &CompareInput<'_>, reports: &[RingReport]) -> Vec<PairOverlap> {
    let set = input.members;
    let disc = |r: f64| std::f64::consts::PI * r * r;
    let centres: Vec<[f64; 3]> = input.shops.iter().map(|s| ecef_m(s.position)).collect();
    let mut pairs = Vec::new();
    for (i, (a, ra)) in input.shops.iter().zip(reports).enumerate() {
        for (j, (b, rb)) in input.shops.iter().zip(reports).enumerate().skip(i + 1) {
            let (Some(ra), Some(rb)) = (ra.radius_70_m, rb.radius_70_m) else {
                continue;
            };
            // Discs whose centres' chord is past the sum of the radii cannot meet (the
            // geodesic is never shorter; at exactly the sum they only touch, and the lens
            // is empty): ruled out before the geodesic is solved.
            if chord_m(&centres[i], &centres[j]) > ra + rb {
                continue;
            }
            let d = distance_m(a.position, b.position);
            let lens = lens_area_m2(ra, rb, d);
            if lens <= 0.0 || ra <= 0.0 || rb <= 0.0 {
                continue;
            }
            pairs.push((i, j, ra, rb, d, lens));
        }
    }
    pairs
        .par_iter()
        .map(|&(i, j, ra, rb, d, lens)| {
            let (a, b) = (&input.shops[i], &input.shops[j]);
            let in_a = Disc::new(centres[i], ra);
            let in_b = Disc::new(centres[j], rb);
            // Own members come nearest first: only those whose distance from their shop
            // is within the other disc's radius of the distance between the shops can
            // be in it (the geodesic is a metric; a metre covers the chord's rounding).
            let own_inside = |shop: &Shop, disc: &Disc| {
                let own = set.own_members(shop);
                let from = own.partition_point(|m| m.distance_m < d - disc.radius_m - 1.0);
                let to = own.partition_point(|m| m.distance_m <= d + disc.radius_m + 1.0);
                own[from..to.max(from)]
                    .iter()
                    .filter(|m| disc.holds(set.ecef_of(m.slot)))
                    .count() as u64
            };
            let both = set.index().count(
                |b| all_of(in_a.covers(b), in_b.covers(b)),
                |e| in_a.holds(e) && in_b.holds(e),
            );
            PairOverlap {
                a: a.name.clone(),
                b: b.name.clone(),
                distance_m: d,
                a_radius_70_m: ra,
                b_radius_70_m: rb,
                overlap_km2: lens / 1e6,
                a1_area_ratio: disc(ra) / disc(rb),
                a2_overlap_of_union: lens / (disc(ra) + disc(rb) - lens),
                a3_share_of_a_in_b: lens / disc(ra),
                a4_share_of_b_in_a: lens / disc(rb),
                a_members_in_b: own_inside(a, &in_b),
                b_members_in_a: own_inside(b, &in_a),
                members_in_both: both,
            }
        })
        .collect()
}

/// The largest share of `shop`'s trade area inside another compared shop's (0 when none
/// overlaps; `None` without a trade area).
fn largest_overlap(overlaps: &[PairOverlap], shop: &Shop, r: &RingReport) -> Option<f64> {
    r.radius_70_m?;
    Some(
        overlaps
            .iter()
            .filter_map(|p| {
                if p.a == shop.name {
                    Some(p.a3_share_of_a_in_b)
                } else if p.b == shop.name {
                    Some(p.a4_share_of_b_in_a)
                } else {
                    None
                }
            })
            .fold(0.0, f64::max),
    )
}

/// The figures of one shop, in the order of `figures`.
fn row_values(
    input: &CompareInput<'_>,
    reports: &[RingReport],
    r: &RingReport,
    shop: &Shop,
    extra: &Extra<'_>,
    figures: &[Figure],
) -> Vec<Option<f64>> {
    let set = input.members;
    let own = set.own_members(shop);
    let own_n = own.len() as f64;
    let tally = r.own_members.as_ref().map(|o| &o.tally);
    let share =
        |s: Segment| tally.and_then(|t| (own_n > 0.0).then(|| t.segments.get(s) as f64 / own_n));
    let within_outer = own.partition_point(|m| m.distance_m <= input.plan.outer_radius_m());
    let competitors = |radius_m: f64| {
        Shop::competitors_other_than(input.all_shops, &shop.name)
            .filter(|c| within_m(shop.position, c.position, radius_m))
            .count() as f64
    };
    figures
        .iter()
        .map(|f| match f {
            Figure::Members => Some(own_n),
            Figure::RingShare(k) => r.rings.get(k - 1).map(|row| row.share),
            Figure::Radius50 => r.radius_50_m,
            Figure::Radius70 => r.radius_70_m,
            Figure::MedianDistance => r.median_distance_m,
            Figure::Penetration => extra
                .dwellings
                .filter(|d| *d > 0.0)
                .map(|d| within_outer as f64 * 100.0 / d),
            Figure::RepurchaseRate => r.own_members.as_ref().and_then(|o| o.repurchase_rate),
            Figure::LoyalShare => share(Segment::Loyal),
            Figure::DormantShare => share(Segment::Dormant),
            Figure::CompetitorsNear => Some(competitors(COMPETITOR_RADII_M[0])),
            Figure::CompetitorsFar => Some(competitors(COMPETITOR_RADII_M[1])),
            Figure::HuffShare => extra.huff_share,
            Figure::SharedMembers => Some(shared_members(set, input.shops, reports, shop, r)),
            Figure::TradeAreaOverlap => largest_overlap(extra.overlaps, shop, r),
        })
        .collect()
}

/// Dwellings of the homes within the outer ring of `shop`.
fn dwellings_within(homes: &[([f64; 3], f64)], shop: &Shop, plan: &RingPlan) -> f64 {
    let centre = ecef_m(shop.position);
    let outer_m = plan.outer_radius_m();
    homes
        .iter()
        .filter(|(e, _)| geodesic_from_chord_m(chord_m(e, &centre)) <= outer_m)
        .map(|(_, d)| d)
        .sum()
}

/// Members (any, located) within this shop's 70 % radius and within the 70 % radius of
/// at least one other compared own shop.
fn shared_members(
    set: &MemberSet,
    shops: &[Shop],
    reports: &[RingReport],
    shop: &Shop,
    r: &RingReport,
) -> f64 {
    let Some(r70) = r.radius_70_m else {
        return 0.0;
    };
    let own = Disc::new(ecef_m(shop.position), r70);
    let others: Vec<Disc> = shops
        .iter()
        .zip(reports)
        .filter(|(s, _)| s.name != shop.name && s.kind == ShopKind::Own)
        .filter_map(|(s, o)| Some((s, o.radius_70_m?)))
        .filter(|(s, o70)| within_m(shop.position, s.position, r70 + o70 + 1.0))
        .map(|(s, o70)| Disc::new(ecef_m(s.position), o70))
        .collect();
    if others.is_empty() {
        return 0.0;
    }
    // In another disc: wholly when one covers the box, not at all when none meets it.
    let in_another = |b: &Aabb| {
        let mut unsure = false;
        for o in &others {
            match o.covers(b) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => unsure = true,
            }
        }
        (!unsure).then_some(false)
    };
    set.index().count(
        |b| all_of(own.covers(b), in_another(b)),
        |e| own.holds(e) && others.iter().any(|o| o.holds(e)),
    ) as f64
}

/// A trade-area disc: the members within `radius_m` (geodesic, from the chord) of a
/// centre.
struct Disc {
    centre: [f64; 3],
    radius_m: f64,
}

impl Disc {
    fn new(centre: [f64; 3], radius_m: f64) -> Self {
        Self { centre, radius_m }
    }

    /// Whether the point (ECEF) is in the disc.
    fn holds(&self, e: &[f64; 3]) -> bool {
        geodesic_from_chord_m(chord_m(e, &self.centre)) <= self.radius_m
    }

    /// Whether every point of the box is in the disc (`Some(true)`), none is
    /// (`Some(false)`; the geodesic is never shorter than the chord), or some may be.
    fn covers(&self, b: &Aabb) -> Option<bool> {
        if b.nearest_m(&self.centre) > self.radius_m {
            Some(false)
        } else if geodesic_from_chord_m(b.farthest_m(&self.centre)) <= self.radius_m {
            Some(true)
        } else {
            None
        }
    }
}

/// Whether a box lies in both of two regions, from what each says of it.
fn all_of(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// The median of some values (`None` for none).
fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Rank of each value within its figure: 1 for the largest, equal values equal ranks.
fn ranks(values: &[Vec<Option<f64>>], n_figures: usize) -> Vec<Vec<Option<usize>>> {
    let mut out = vec![vec![None; n_figures]; values.len()];
    for f in 0..n_figures {
        for (i, row) in values.iter().enumerate() {
            if let Some(x) = row[f] {
                let above = values
                    .iter()
                    .filter(|o| o[f].is_some_and(|y| y > x))
                    .count();
                out[i][f] = Some(above + 1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties_and_skip_missing() {
        let values = vec![
            vec![Some(3.0), None],
            vec![Some(5.0), Some(1.0)],
            vec![Some(3.0), Some(2.0)],
        ];
        assert_eq!(
            ranks(&values, 2),
            vec![
                vec![Some(2), None],
                vec![Some(1), Some(2)],
                vec![Some(2), Some(1)]
            ]
        );
        assert_eq!(median(vec![3.0, 1.0, 2.0, 10.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
