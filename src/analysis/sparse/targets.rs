//! What to do about sparse cells: leaflet plans (each sparse cell's streets in walking
//! order) and ranked campaign lists (dormant members in sparse cells, members the Huff
//! model says are likelier to pick a competitor). Lists carry member ids only; names and phones come from
//! the workspace at the explicit export.

use super::cells::{Reason, SparseCell, SparseReport};
use crate::analysis::MemberSet;
use crate::analysis::competition::{huff_share, nearest_competitor};
use crate::analysis::leaflet::{LeafletRoute, StreetLookup, leaflet_route};
use crate::analysis::segments::Segment;
use crate::geodesy::{LocalFrame, distance_m};
use crate::model::Shop;
use crate::osm::Area;
use serde::Serialize;

/// The leaflet plan of one sparse cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellLeaflet {
    /// Cell label.
    pub cell: String,
    /// Members missing there.
    pub missing: f64,
    /// Its reasons.
    pub reasons: Vec<Reason>,
    /// Streets to walk.
    pub route: LeafletRoute,
}

/// Leaflet plans for the sparse cells of `report`, most members missing first.
pub fn leaflet_plans(report: &SparseReport, area: &Area) -> Vec<CellLeaflet> {
    let frame = LocalFrame::at(report.shop_position());
    let lookup = StreetLookup::new(area, &frame, report.radius_m);
    report
        .ranked()
        .into_iter()
        .map(|c| {
            let homes: Vec<_> = c
                .home_indices
                .iter()
                .filter_map(|&i| area.homes.get(i as usize))
                .map(|h| (h, frame.xy_m(h.position)))
                .collect();
            CellLeaflet {
                cell: c.cell.clone(),
                missing: c.missing,
                reasons: c.reasons.clone(),
                route: leaflet_route(&homes, &lookup),
            }
        })
        .collect()
}

/// Why a member is on a campaign list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetReason {
    /// A dormant member living in a sparse cell.
    Dormant,
    /// Likelier to pick a competitor than us, by the Huff model fitted to our members.
    AtRisk,
}

impl TargetReason {
    /// `dormant` or `at_risk`.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetReason::Dormant => "dormant",
            TargetReason::AtRisk => "at_risk",
        }
    }
}

/// Who goes on a campaign list, and how many.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetRule {
    /// The Huff distance exponent (fitted to our members by the competition report).
    pub huff_exponent: f64,
    /// A member is at risk when the Huff probability of picking us (among us and the
    /// competitors) is below this fraction of the median member's: the model's shares are
    /// small wherever many shops compete, so risk is relative to our typical member.
    pub below_median: f64,
    /// The most members on the list.
    pub limit: usize,
}

impl TargetRule {
    /// At risk below half the median member's share, unless asked otherwise.
    pub const DEFAULT_BELOW_MEDIAN: f64 = 0.5;
    /// How many members a list holds unless asked otherwise: what one person calls in
    /// a week.
    pub const DEFAULT_LIMIT: usize = 100;
}

/// One member on a campaign list (ids only; contacts come from the workspace).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// Place on the list, from 1.
    pub rank: usize,
    /// Member id.
    pub id: String,
    /// Segment.
    pub segment: Segment,
    /// Why (one or both).
    pub reasons: Vec<TargetReason>,
    /// The Huff probability that the member picks us, 0–1.
    pub huff_share: f64,
    /// The member's cell.
    pub cell: String,
    /// The nearest competitor and both distances.
    pub detail: String,
}

/// A ranked campaign list and what was weighed to make it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignTargets {
    /// The members, most urgent first, at most `rule.limit`.
    pub targets: Vec<Target>,
    /// Members within the radius weighed.
    pub considered: usize,
    /// Dormant members in sparse cells, before the limit.
    pub dormant: usize,
    /// Members at risk, before the limit.
    pub at_risk: usize,
    /// The Huff exponent used.
    pub huff_exponent: f64,
    /// The median member's share.
    pub median_share: f64,
    /// The share below which a member was at risk.
    pub at_risk_below: f64,
}

/// The campaign list of `report`: every member within the radius whose Huff probability
/// of picking us (among us and the competitors, distance exponent fitted to our members)
/// is below `rule.below_median` × the median member's, and every dormant member of a
/// sparse cell. Ranked: both
/// reasons first, then dormant, then at risk; within each, members who came back (≥ 2
/// visits) before one-time ones, then the lowest share first; then cut to `rule.limit`.
pub fn campaign_targets(
    report: &SparseReport,
    set: &MemberSet,
    others: &[Shop],
    rule: &TargetRule,
) -> CampaignTargets {
    let competitors: Vec<&Shop> = Shop::competitors_other_than(others, &report.shop.name).collect();
    let shop = report.shop_position();
    // (cell, slot, distance to the shop, Huff share) of every member within the radius.
    let members: Vec<(&SparseCell, u32, f64, f64)> = report
        .cells
        .iter()
        .flat_map(|c| c.member_slots.iter().map(move |&slot| (c, slot)))
        .map(|(c, slot)| {
            let p = set.position_of(slot);
            let d_shop = distance_m(shop, p).max(1.0);
            let distances: Vec<f64> = std::iter::once(d_shop)
                .chain(
                    competitors
                        .iter()
                        .map(|s| distance_m(s.position, p).max(1.0)),
                )
                .collect();
            (c, slot, d_shop, huff_share(&distances, rule.huff_exponent))
        })
        .collect();
    let mut shares: Vec<f64> = members.iter().map(|m| m.3).collect();
    shares.sort_by(f64::total_cmp);
    let median_share = shares.get(shares.len() / 2).copied().unwrap_or(0.0);
    let at_risk_below = rule.below_median * median_share;
    let mut picked = Vec::new();
    for &(c, slot, d_shop, share) in &members {
        let t = set.traits_of(slot);
        let mut reasons = Vec::new();
        if c.sparse && t.segment == Segment::Dormant {
            reasons.push(TargetReason::Dormant);
        }
        if share < at_risk_below {
            reasons.push(TargetReason::AtRisk);
        }
        if reasons.is_empty() {
            continue;
        }
        let p = set.position_of(slot);
        let detail = nearest_competitor(&competitors, p).map_or_else(String::new, |(r, d)| {
            format!("{} {:.0} m away; shop {:.0} m", r.name, d, d_shop)
        });
        let target = Target {
            rank: 0,
            id: set.id_of(slot).to_string(),
            segment: t.segment,
            reasons,
            huff_share: share,
            cell: c.cell.clone(),
            detail,
        };
        picked.push((t.repeat, target));
    }
    let count = |r: TargetReason| {
        picked
            .iter()
            .filter(|(_, t)| t.reasons.contains(&r))
            .count()
    };
    let (dormant, at_risk) = (count(TargetReason::Dormant), count(TargetReason::AtRisk));
    let class = |t: &Target| match t.reasons.as_slice() {
        [_, _] => 0,
        [TargetReason::Dormant] => 1,
        _ => 2,
    };
    picked.sort_by(|(a_repeat, a), (b_repeat, b)| {
        class(a)
            .cmp(&class(b))
            .then(b_repeat.cmp(a_repeat))
            .then(a.huff_share.total_cmp(&b.huff_share))
            .then_with(|| a.id.cmp(&b.id))
    });
    let targets = picked
        .into_iter()
        .take(rule.limit)
        .enumerate()
        .map(|(i, (_, t))| Target { rank: i + 1, ..t })
        .collect();
    CampaignTargets {
        targets,
        considered: members.len(),
        dormant,
        at_risk,
        huff_exponent: rule.huff_exponent,
        median_share,
        at_risk_below,
    }
}
