//! The analyses a user asks for by name, over a [`Snapshot`]: rings, sparse areas (and
//! their overlay on a map), leaflet plans, the campaign list, competition, segments.

use super::{AppError, Snapshot};
use crate::analysis::competition::HUFF_DEFAULT_EXPONENT;
use crate::analysis::competition::{CompetitionReport, competition_report};
use crate::analysis::rings::{RingPlan, RingReport, ring_report, ring_reports};
use crate::analysis::segments::{
    ScoredMember, SegmentRules, SegmentSummary, score_members, summarise,
};
use crate::analysis::sparse::{
    CampaignTargets, CellLeaflet, Grid, SparseInput, SparseReport, SparseRules, TargetRule,
    campaign_targets, leaflet_plans, sparse_report,
};
use crate::model::{Contact, Shop};
use crate::render::SparseOverlay;
use crate::workspace::Workspace;
use chrono::NaiveDate;

/// The ring reports of `shops` on `plan`, each saying how much of its rings lies inside
/// the loaded data (when an area is loaded).
pub fn rings(snap: &Snapshot, shops: &[Shop], plan: &RingPlan) -> Vec<RingReport> {
    ring_reports(snap.members(), shops, plan)
        .into_iter()
        .map(|r| r.with_edge(snap.edge()))
        .collect()
}

/// The ring report of one shop, as [`rings`].
pub fn ring(snap: &Snapshot, shop: &Shop, plan: &RingPlan) -> RingReport {
    ring_report(snap.members(), shop, plan).with_edge(snap.edge())
}

/// The sparse-area report of `shop` on `grid`.
///
/// # Errors
/// [`AppError::NoArea`] (homes are the denominator of penetration), or
/// [`AppError::Sparse`] when nothing can be fitted.
pub fn sparse(
    snap: &Snapshot,
    shop: &Shop,
    grid: &Grid,
    rules: &SparseRules,
) -> Result<SparseReport, AppError> {
    let area = snap.require_area("homes are the denominator of penetration")?;
    Ok(sparse_report(&SparseInput {
        members: snap.members(),
        shop,
        others: snap.shops(),
        area,
        grid,
        rules,
        unplaced_members: snap.unplaced(),
    })?)
}

/// The sparse-area report of `shop` on the ring × sector grid of `plan`, default rules.
/// Sparse cells do not depend on the segments' reference date, so a map's snapshot serves.
///
/// # Errors
/// As [`sparse`].
pub fn sparse_on_rings(
    snap: &Snapshot,
    shop: &Shop,
    plan: &RingPlan,
) -> Result<SparseReport, AppError> {
    sparse(
        snap,
        shop,
        &Grid::Rings(plan.clone()),
        &SparseRules::default(),
    )
}

/// The sparse cells of a ring report as wedges to hatch on its map, with their reasons.
pub fn sparse_overlay(report: &SparseReport) -> Vec<SparseOverlay> {
    report
        .cells
        .iter()
        .filter(|c| c.sparse)
        .filter_map(|c| {
            let (from_deg, to_deg) = (c.bearing_from_deg?, c.bearing_to_deg?);
            Some(SparseOverlay {
                inner_m: c.inner_m?,
                outer_m: c.outer_m?,
                from_deg,
                // Sector N runs from 337.5° to 22.5°: unwrap it past 360°.
                to_deg: if to_deg <= from_deg {
                    to_deg + 360.0
                } else {
                    to_deg
                },
                reasons: c.reasons.clone(),
            })
        })
        .collect()
}

/// Each sparse cell's streets with their homes, in walking order.
///
/// # Errors
/// [`AppError::NoArea`].
pub fn leaflets(snap: &Snapshot, report: &SparseReport) -> Result<Vec<CellLeaflet>, AppError> {
    Ok(leaflet_plans(
        report,
        snap.require_area("leaflets go to its streets")?,
    ))
}

/// The campaign list: who to contact and why, ranked, with their names and phones.
#[derive(Debug, Clone)]
pub struct CampaignList {
    /// The members picked, ranked, and what was weighed.
    pub picked: CampaignTargets,
    /// Their contact details, in the same order.
    pub contacts: Vec<Contact>,
    /// Whether the Huff exponent was fitted to our members (else the textbook 2).
    pub exponent_fitted: bool,
}

/// The ranked campaign list of a sparse report (see [`campaign_targets`]), with the Huff
/// exponent the competition report fits to our members, and their contact details: the
/// only use case that reads names and phones. `below_median` and `limit` default to
/// [`TargetRule::DEFAULT_BELOW_MEDIAN`] and [`TargetRule::DEFAULT_LIMIT`].
///
/// # Errors
/// [`AppError::NoArea`]; when the workspace fails.
pub fn campaign_list(
    ws: &Workspace,
    snap: &Snapshot,
    shop: &Shop,
    report: &SparseReport,
    below_median: Option<f64>,
    limit: Option<usize>,
) -> Result<CampaignList, AppError> {
    let fit = competition(snap, shop, &RingPlan::default())?.huff;
    let rule = TargetRule {
        huff_exponent: fit
            .as_ref()
            .map_or(HUFF_DEFAULT_EXPONENT, |f| f.fitted_exponent),
        below_median: below_median.unwrap_or(TargetRule::DEFAULT_BELOW_MEDIAN),
        limit: limit.unwrap_or(TargetRule::DEFAULT_LIMIT),
    };
    let picked = campaign_targets(report, snap.members(), snap.shops(), &rule);
    let ids: Vec<&str> = picked.targets.iter().map(|t| t.id.as_str()).collect();
    let contacts = ws.member_contacts(&ids)?;
    Ok(CampaignList {
        picked,
        contacts,
        exponent_fitted: fit.is_some(),
    })
}

/// Competitors around `shop`, the Huff share per cell of `plan`, and the overlap of own
/// shops.
///
/// # Errors
/// [`AppError::NoArea`] (the Huff model weighs homes).
pub fn competition(
    snap: &Snapshot,
    shop: &Shop,
    plan: &RingPlan,
) -> Result<CompetitionReport, AppError> {
    let area = snap.require_area("the Huff model weighs homes")?;
    Ok(competition_report(
        snap.members(),
        shop,
        snap.shops(),
        area,
        plan,
    ))
}

/// Every member (located or not) with segment, VIP flag and R/F/M scores against `as_of`
/// (default: the latest visit in the data), and the date used.
///
/// # Errors
/// When the workspace fails.
pub fn member_scores(
    ws: &Workspace,
    as_of: Option<NaiveDate>,
) -> Result<(Option<NaiveDate>, Vec<ScoredMember>), AppError> {
    Ok(score_members(
        &ws.member_histories()?,
        as_of,
        &SegmentRules::default(),
    ))
}

/// Members by segment against `as_of` (default: the latest visit in the data).
///
/// # Errors
/// When the workspace fails.
pub fn segment_summary(
    ws: &Workspace,
    as_of: Option<NaiveDate>,
) -> Result<SegmentSummary, AppError> {
    let (as_of, scored) = member_scores(ws, as_of)?;
    Ok(summarise(as_of, &scored))
}
