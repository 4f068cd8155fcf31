//! What to do about sparse cells: leaflet plans (each sparse cell's streets in walking
//! order) and campaign lists (dormant members in sparse cells, members nearer a
//! competitor than the shop). Lists carry member ids only; names and phones come from
//! the workspace at the explicit export.

use super::cells::{Reason, SparseReport};
use crate::analysis::MemberSet;
use crate::analysis::competition::nearest_competitor;
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
    /// Nearer to a competitor than to the shop.
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

/// One member on a campaign list (ids only; contacts come from the workspace).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// Member id.
    pub id: String,
    /// Segment.
    pub segment: Segment,
    /// Why (one or both).
    pub reasons: Vec<TargetReason>,
    /// The member's cell.
    pub cell: String,
    /// The nearer competitor and both distances, for `at_risk`.
    pub detail: String,
}

/// Campaign lists: dormant members in sparse cells, and members within the radius whose
/// nearest competitor is nearer than `at_risk_ratio` × their distance to the shop (at
/// risk; 1 means simply nearer, 0.5 at most half as far), in cell order then by id.
pub fn campaign_targets(
    report: &SparseReport,
    set: &MemberSet,
    others: &[Shop],
    at_risk_ratio: f64,
) -> Vec<Target> {
    let competitors: Vec<&Shop> = Shop::competitors_other_than(others, &report.shop.name).collect();
    let shop = report.shop_position();
    let mut out = Vec::new();
    for c in &report.cells {
        for &slot in &c.member_slots {
            let t = set.traits_of(slot);
            let mut reasons = Vec::new();
            let mut detail = String::new();
            if c.sparse && t.segment == Segment::Dormant {
                reasons.push(TargetReason::Dormant);
            }
            let p = set.position_of(slot);
            if let Some((rival, d_rival)) = nearest_competitor(&competitors, p) {
                let d_shop = distance_m(shop, p);
                if d_rival < at_risk_ratio * d_shop {
                    reasons.push(TargetReason::AtRisk);
                    detail = format!("{} {:.0} m away; shop {:.0} m", rival.name, d_rival, d_shop);
                }
            }
            if !reasons.is_empty() {
                out.push(Target {
                    id: set.id_of(slot).to_string(),
                    segment: t.segment,
                    reasons,
                    cell: c.cell.clone(),
                    detail,
                });
            }
        }
    }
    out
}
