//! The English sentences of [`Texts`].

use super::texts::{ImportCounts, ShopLine, Texts};
use super::{group_thousands, pad, ring_span};
use crate::analysis::ScopeName;
use crate::analysis::compare::{Comparison, Figure, PairOverlap};
use crate::analysis::competition::{HuffCell, HuffFit, OverlapRow};
use crate::analysis::coverage::Coverage;
use crate::analysis::dwellings::DwellingCount;
use crate::analysis::rings::RingLabel;
use crate::analysis::segments::Segment;
use crate::analysis::sparse::{
    BarrierEvidence, CampaignTargets, CellLeaflet, CompetitorEvidence, Reason, SparseCell,
    SparseReport,
};
use crate::analysis::whitespace::{WhitespaceModel, WhitespaceNote};
use crate::ingest::{IssueKind, RowIssue};
use crate::model::{ShopKind, ShopWarning};
use chrono::NaiveDate;

/// English.
pub(super) struct English;

fn count(n: u64) -> String {
    group_thousands(n)
}

/// `rows 3, 7, 9, …` from the first few rows of many.
fn rows_list(rows: &[usize], total: usize) -> String {
    let shown: Vec<String> = rows.iter().map(ToString::to_string).collect();
    let more = if total > rows.len() { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

impl Texts for English {
    fn shop_kind(&self, kind: ShopKind) -> &'static str {
        kind.as_str()
    }

    fn scope(&self, scope: ScopeName) -> &'static str {
        scope.as_str()
    }

    fn reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::Competitor => "competitor",
            Reason::Barrier => "barrier",
            Reason::FewHomes => "few homes",
            Reason::Uncertain => "uncertain",
            Reason::NoData => "no data",
        }
    }

    fn no_visible_cause(&self) -> &'static str {
        "no visible cause"
    }

    fn metres(&self, m: Option<f64>) -> String {
        m.map_or("–".into(), |m| format!("{m:.0} m"))
    }

    fn map_subtitle(
        &self,
        as_of: Option<NaiveDate>,
        members: u64,
        scope: ScopeName,
        within: u64,
        outer: &str,
    ) -> String {
        let mut parts = Vec::new();
        if let Some(d) = as_of {
            parts.push(format!("Data as of {d}"));
        }
        parts.push(format!(
            "{} members ({})",
            count(members),
            self.scope(scope)
        ));
        parts.push(format!("{} within {outer}", count(within)));
        parts.join(" · ")
    }

    fn rings_heading(
        &self,
        shop: ShopLine<'_>,
        members: u64,
        scope: ScopeName,
        as_of: Option<NaiveDate>,
    ) -> String {
        format!(
            "{} ({}) at {:.6}, {:.6}: {} members ({}){}",
            shop.name,
            self.shop_kind(shop.kind),
            shop.lat,
            shop.lon,
            members,
            self.scope(scope),
            as_of.map_or(String::new(), |d| format!(", segments as of {d}"))
        )
    }

    fn rings_columns(&self) -> [&'static str; 9] {
        [
            "ring", "distance", "members", "share", "cum.", "km²", "per km²", "repeat", "vip",
        ]
    }

    fn segment_head(&self, segment: Segment) -> &'static str {
        segment.as_str()
    }

    fn ring_label(&self, ring: RingLabel) -> String {
        ring.to_string()
    }

    fn trade_area(
        &self,
        own: Option<u64>,
        r50: Option<f64>,
        r70: Option<f64>,
        median: Option<f64>,
    ) -> String {
        let radii = format!(
            "{}, 70 % within {}; median distance {}.",
            self.metres(r50),
            self.metres(r70),
            self.metres(median)
        );
        match own {
            Some(n) => format!(
                "Of the shop's {} own members (its shop column, else nearer to it than to any \
                 other own shop, geodesic), half live within {radii}",
                group_thousands(n)
            ),
            None => format!("Half of the members live within {radii}"),
        }
    }

    fn ring_grid_heading(&self) -> &'static str {
        "Members by ring (rows) and sector (columns):"
    }

    fn data_ends(&self, coverage: &Coverage, outer_m: f64) -> Option<String> {
        coverage.note(outer_m).map(|n| format!("Note: {n}."))
    }

    fn ring_coverage(&self, shares: &[(RingLabel, f64)]) -> String {
        let rings: Vec<String> = shares
            .iter()
            .map(|(ring, share)| format!("ring {} {:.0} %", ring, 100.0 * share))
            .collect();
        format!("Share of each ring inside the data: {}.", rings.join(", "))
    }

    fn no_data_mark(&self) -> &'static str {
        "× no data: mostly beyond the loaded area"
    }

    fn sparse_heading(&self, r: &SparseReport) -> String {
        format!(
            "{} ({}) — sparse areas within {} m, grid {}: {} members in range ({}), {} outside; {} dwellings",
            r.shop.name,
            self.shop_kind(r.shop.kind),
            r.radius_m,
            r.grid,
            r.members_in_range,
            self.scope(r.scope),
            r.members_outside,
            r.homes_in_range
        )
    }

    fn sparse_model(&self, r: &SparseReport) -> String {
        match &r.model {
            Some(m) => format!(
                "Model: {} (fitted on {} members; decay {:.2} ± {:.2} per km).",
                m.describe(),
                m.members,
                m.decay_per_km,
                m.decay_se_per_km
            ),
            None => format!(
                "Model: no model: {}; no cell is flagged.",
                r.no_model.as_deref().unwrap_or("")
            ),
        }
    }

    fn sparse_rule(&self, r: &SparseReport) -> Option<String> {
        let (phi, v) = (r.dispersion?, r.variance_factor?);
        Some(format!(
            "Rule: sparse when ≥ {} dwellings, ≥ {} expected, ≥ {:.0} % short and P(X ≤ actual) < {} with X negative binomial of variance {:.1} × expected (members cluster: dispersion {:.1}, widened for being measured on the cells) — {} of {} cells tested flagged ({:.1} expected by chance).",
            r.rules.min_homes,
            r.rules.min_expected,
            100.0 * r.rules.min_shortfall,
            r.rules.alpha,
            v,
            phi,
            r.sparse_cells,
            r.tested_cells,
            r.expected_false_flags,
        ))
    }

    fn note(&self, note: &str) -> String {
        format!("Note: {note}.")
    }

    fn no_sparse_cells(&self) -> &'static str {
        "No sparse cells."
    }

    fn sparse_cells_heading(&self) -> &'static str {
        "Sparse cells, most members missing first:"
    }

    fn sparse_columns(&self) -> [&'static str; 7] {
        [
            "cell",
            "distance",
            "dwellings",
            "members",
            "expected",
            "missing",
            "p",
        ]
    }

    fn competitor_evidence(&self, e: &CompetitorEvidence) -> String {
        format!(
            "{} ({}{:.0} m from the cell; shop {:.0} m)",
            e.name,
            if e.in_cell { "in the cell, " } else { "" },
            e.distance_to_cell_m,
            e.shop_distance_to_cell_m
        )
    }

    fn barrier_evidence(&self, b: &BarrierEvidence) -> String {
        format!(
            "{} ({:.0} % of homes behind it)",
            b.barrier,
            100.0 * b.homes_behind_share
        )
    }

    fn list_separator(&self) -> &'static str {
        "; "
    }

    fn uncertain_evidence(&self, c: &SparseCell) -> String {
        c.evidence.uncertain.as_ref().map_or(String::new(), |u| {
            format!(
                "{:.0} % of members to the {} placed only at street level; {:.0} % of all members not placed",
                100.0 * u.street_level_share,
                u.direction,
                100.0 * u.unplaced_share
            )
        })
    }

    fn reason_in_full(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::NoData => "no data: mostly beyond the loaded area",
            other => self.reason(other),
        }
    }

    fn advertise_there(&self) -> &'static str {
        "no visible cause — try advertising there"
    }

    fn sparse_grid_heading(&self) -> &'static str {
        "Members / expected by ring (rows) and sector (columns); * sparse, · few dwellings, no data: mostly beyond the loaded area:"
    }

    fn no_data_cell(&self) -> &'static str {
        "no data"
    }

    fn competition_heading(&self, shop: ShopLine<'_>, members: u64, scope: ScopeName) -> String {
        format!(
            "{} ({}): {} members ({})",
            shop.name,
            self.shop_kind(shop.kind),
            members,
            self.scope(scope)
        )
    }

    fn huff_fit(&self, fit: Option<&HuffFit>) -> String {
        match fit {
            Some(h) => format!(
                "Huff model over {} shops: distance exponent fitted {:.2} on {} members (default {:.1}; log-likelihood +{:.1}).",
                h.shops, h.fitted_exponent, h.members, h.default_exponent, h.log_likelihood_gain
            ),
            None => "Huff model: not fitted (no homes or members within the rings).".into(),
        }
    }

    fn no_competitors(&self) -> &'static str {
        "No competitors in the workspace."
    }

    fn competitor_columns(&self) -> [&'static str; 4] {
        ["competitor", "distance", "nearer", "share"]
    }

    fn huff_cells_heading(&self) -> &'static str {
        "Huff market share by cell (default → fitted exponent), members / expected:"
    }

    fn dwellings(&self, radius_m: f64, c: &DwellingCount) -> String {
        let floor = c
            .floor_m2
            .map_or(String::new(), |m2| format!(" ÷ {m2:.0} m²"));
        let parts: Vec<String> = [
            (c.flats, "tagged building:flats".to_string()),
            (c.house, "in houses, one each".to_string()),
            (
                c.footprint_levels,
                format!("footprint × building:levels{floor}"),
            ),
            (
                c.footprint_default_levels,
                format!("footprint × default levels{floor}"),
            ),
            (c.address, "at other addresses, one each".to_string()),
            (
                c.unestimated,
                "not estimated: the area was loaded by an older catchment, load the extract again"
                    .to_string(),
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", count(n)))
        .collect();
        let within = format!("Dwellings within {radius_m:.0} m: {}", count(c.total));
        if parts.is_empty() {
            format!("{within}.")
        } else {
            format!("{within} ({}).", parts.join(", "))
        }
    }

    fn huff_cell(&self, c: &HuffCell) -> String {
        format!(
            "{:<8} {:>5} dwellings  share {:>5.1}% → {:>5.1}%  members {:>5} / {:>6.1}",
            c.cell,
            c.homes,
            100.0 * c.share_default,
            100.0 * c.share_fitted,
            c.members,
            c.expected_members
        )
    }

    fn own_overlap(&self, o: &OverlapRow, shared_radius_m: f64) -> String {
        format!(
            "With own shop {} ({:.0} m away): {} members within {:.0} m of both; 70 % areas {} and {} overlap {:.3} km² ({:.0} % of ours, {:.0} % of theirs); {:.0} % of our members live in their area, {:.0} % of theirs in ours.",
            o.other,
            o.distance_m,
            o.shared_within_1000m,
            shared_radius_m,
            self.metres(o.radius_70_m),
            self.metres(o.other_radius_70_m),
            o.overlap_km2,
            100.0 * o.overlap_share,
            100.0 * o.other_overlap_share,
            100.0 * o.members_in_other_area_share,
            100.0 * o.other_members_in_our_area_share
        )
    }

    fn compare_heading(&self, c: &Comparison) -> String {
        let penetration = if c.dwellings_known {
            "penetration = own members within the outer ring per 100 dwellings there"
        } else {
            "penetration needs an area loaded (`catchment area load`)"
        };
        let lambda = if c.huff_exponent_fitted {
            format!(
                "the chain's exponent {:.2}, fitted to its members",
                c.huff_exponent
            )
        } else {
            format!(
                "the textbook exponent {:.0} (no homes to fit on)",
                c.huff_exponent
            )
        };
        let reach = if c.huff_exact {
            "every shop taken exactly".to_string()
        } else {
            format!(
                "exact over the {} shops nearest to each shop, farther shops measured from \
                 the shop itself, which changes the denominator by < 1 % for {:.1} % of \
                 members",
                c.huff_near_shops,
                100.0 * c.huff_within_target.unwrap_or(0.0)
            )
        };
        format!(
            "{} own shops compared. Ring shares count as the ring report does; radii, \
             median, penetration, repurchase, loyal and dormant describe each shop's own \
             members (its shop column, else nearer to it than to any other own shop, \
             geodesic); {penetration}; Huff = mean chance that its own members pick it \
             among all shops ({lambda}; {reach}); shared = members within both this and another own \
             shop's 70 % radius; overlap = largest share of its 70 % area inside another's \
             (Esri A3); #1 = largest value.",
            c.shops.len()
        )
    }

    fn compare_figure(&self, figure: Figure, radii_m: &[f64]) -> String {
        match figure {
            Figure::Members => "Own members".into(),
            Figure::RingShare(k) => ring_span(k, radii_m, "m"),
            Figure::Radius50 => "50 % radius".into(),
            Figure::Radius70 => "70 % radius".into(),
            Figure::MedianDistance => "Median".into(),
            Figure::Penetration => "Per 100 dw.".into(),
            Figure::RepurchaseRate => "Repurchase".into(),
            Figure::LoyalShare => "Loyal".into(),
            Figure::DormantShare => "Dormant".into(),
            Figure::CompetitorsNear => "Comp. 300 m".into(),
            Figure::CompetitorsFar => "Comp. 1 km".into(),
            Figure::HuffShare => "Huff share".into(),
            Figure::SharedMembers => "Shared".into(),
            Figure::TradeAreaOverlap => "Overlap".into(),
        }
    }

    fn compare_shop_head(&self) -> &'static str {
        "Shop"
    }

    fn chain_median(&self) -> &'static str {
        "chain median"
    }

    fn compare_vs(&self, benchmark: &str) -> String {
        format!("Difference from {benchmark} (this shop minus {benchmark}):")
    }

    fn whitespace_heading(
        &self,
        grid: &str,
        candidates: usize,
        shown: usize,
        dwellings: u64,
        members: u64,
    ) -> String {
        format!(
            "Candidate sites for the next own shop: {candidates} hexagons ({grid}) of the loaded area within reach of its {} dwellings weighed against {} located members; the best {shown} by net gain (members a shop there would draw, minus those it would take from our own shops).",
            group_thousands(dwellings),
            group_thousands(members)
        )
    }

    fn whitespace_model(&self, m: &WhitespaceModel) -> String {
        let huff = if m.huff_fitted {
            format!(
                "Huff exponent λ = {:.2} fitted (log-likelihood {:+.1} against the textbook 2)",
                m.huff_exponent, m.huff_log_likelihood_gain
            )
        } else {
            format!(
                "Huff exponent λ = {:.1}, the textbook value (no competitor or second own shop to fit it against)",
                m.huff_exponent
            )
        };
        format!(
            "Model: expected members at a home = dwellings × Σ own shops p(d) × Huff share; p(d) = {} · e^(−d / {:.0} m) members per 100 dwellings, halving every {:.0} m (decay {:.2} ± {:.2} per km, fitted on the {} own members within {:.0} m of their shop and the {} dwellings within {:.0} m of an own shop; own members: their shop column, else the nearest own shop, geodesic); {huff}; own shops: {}, competitors: {}.",
            m.decay.penetration_per_100_text(),
            m.decay.decay_distance_m,
            m.decay.half_distance_m,
            m.decay.decay_per_km,
            m.decay.decay_se_per_km,
            group_thousands(m.members_fitted),
            m.fit_radius_m,
            group_thousands(m.dwellings_fitted),
            m.fit_radius_m,
            m.own_shops,
            m.competitors
        )
    }

    fn whitespace_rule(&self, reach_m: f64) -> String {
        format!(
            "Site at a hexagon's centre x, over the dwellings h within {reach_m:.0} m: draw = Σ w·p(dₕₓ)·Sₕₓ with Sₕₓ its Huff share among our shops, the competitors and it (distances floored at 50 m); cannibalized = the drop of our own shops' expected members when it opens; net gain = draw − cannibalized."
        )
    }

    fn whitespace_note(&self, n: &WhitespaceNote) -> String {
        n.to_string()
    }

    fn whitespace_columns(&self) -> [&'static str; 12] {
        [
            "#",
            "hexagon",
            "centre (lat, lon)",
            "dwellings",
            "members",
            "nearest own shop",
            "distance",
            "nearest competitor",
            "distance",
            "draw",
            "cannibalized",
            "net gain",
        ]
    }

    fn no_whitespace_sites(&self) -> &'static str {
        "No hexagon of the loaded area lies within reach of its dwellings."
    }

    fn whitespace_map_title(&self) -> &'static str {
        "Where to open next"
    }

    fn whitespace_map_subtitle(&self, grid: &str, m: &WhitespaceModel) -> String {
        format!(
            "{grid} hexagons · p(d) = {} · e^(−d / {:.0} m) members per 100 dwellings · Huff λ = {:.2} · fitted on {} own members",
            m.decay.penetration_per_100_text(),
            m.decay.decay_distance_m,
            m.huff_exponent,
            group_thousands(m.members_fitted)
        )
    }

    fn whitespace_legend(&self) -> [&'static str; 5] {
        [
            "Net gain of a shop here (members)",
            "Best sites, by rank",
            "Our shops",
            "No gain (takes as much as it adds)",
            "Best sites",
        ]
    }

    fn whitespace_map_written(&self, path: &str) -> String {
        format!("white-space map written to {path}")
    }

    fn compare_overlaps_heading(&self) -> &'static str {
        "Overlapping 70 % trade areas (Esri A1–A4):"
    }

    fn compare_overlap(&self, o: &PairOverlap) -> String {
        format!(
            "{} & {}: {:.0} m apart, overlap {:.2} km²; A1 {:.0} % (area of {} ÷ {}), \
             A2 {:.1} % of the union, A3 {:.1} % of {} inside {}, A4 {:.1} % of {} inside {}; \
             {} of {}'s members live in {}'s area, {} of {}'s in {}'s, {} in both",
            o.a,
            o.b,
            o.distance_m,
            o.overlap_km2,
            100.0 * o.a1_area_ratio,
            o.a,
            o.b,
            100.0 * o.a2_overlap_of_union,
            100.0 * o.a3_share_of_a_in_b,
            o.a,
            o.b,
            100.0 * o.a4_share_of_b_in_a,
            o.b,
            o.a,
            group_thousands(o.a_members_in_b),
            o.a,
            o.b,
            group_thousands(o.b_members_in_a),
            o.b,
            o.a,
            group_thousands(o.members_in_both)
        )
    }

    fn compare_title(&self) -> &'static str {
        "Own shops compared"
    }

    fn compare_maps_heading(&self, extent: &str) -> String {
        format!("Each shop's members, all maps on one scale ({extent} from the shop to the edge)")
    }

    fn compare_charts_heading(&self) -> &'static str {
        "Each figure, shops sorted"
    }

    fn compare_scatter_title(&self, x: &str, y: &str) -> String {
        format!("{y} against {x}")
    }

    fn compare_chart_key(&self, benchmark: Option<&str>) -> String {
        match benchmark {
            Some(b) => format!("dashed line: chain median · dark bar: benchmark {b}"),
            None => "dashed line: chain median".to_owned(),
        }
    }

    fn page_of(&self, page: usize, pages: usize) -> String {
        format!("page {page} of {pages}")
    }

    fn no_leaflet_plan(&self, shop: &str) -> String {
        format!("{shop}: no sparse cells, no leaflet plan.")
    }

    fn leaflet_heading(&self, shop: &str, plan: &CellLeaflet) -> String {
        let (cell, missing, reasons) = (&plan.cell, plan.missing, &plan.reasons);
        let (homes, streets) = (plan.route.homes, plan.route.streets.len());
        let walk_m = plan.route.walk_m;
        let why = if reasons.is_empty() {
            self.no_visible_cause().to_string()
        } else {
            let names: Vec<&str> = reasons.iter().map(|r| self.reason(*r)).collect();
            names.join(", ")
        };
        format!(
            "{shop}, cell {cell} ({missing:.0} members missing; {why}): {homes} dwellings (letterboxes) on {streets} streets, walk ≈ {:.1} km",
            walk_m / 1000.0
        )
    }

    fn leaflet_street(&self, order: usize, street: &str, homes: u64) -> String {
        format!(
            "{order:>2}. {} dwellings {homes:>5}",
            pad(street, 40, false)
        )
    }

    fn segments_heading(&self, members: u64, as_of: Option<NaiveDate>) -> String {
        format!(
            "{members} members, segments as of {}",
            as_of.map_or("(no visit dates)".into(), |d| d.to_string())
        )
    }

    fn segment_figures(&self, members: u64, share: f64, vip: u64) -> String {
        format!("{members:>8} {:>7.1}%  {vip:>5} vip", 100.0 * share)
    }

    fn import_read(&self, file: &str, rows: u64, format: &str) -> String {
        format!("{file}: read {} rows as {format}", count(rows))
    }

    fn import_columns(&self, columns: &str) -> String {
        format!("  columns: {columns}")
    }

    fn import_note(&self, note: &str) -> String {
        format!("  note: {note}")
    }

    fn import_members_counts(&self, c: ImportCounts, pending: u64) -> String {
        format!(
            "  {} new, {} updated, {} unchanged, {} rejected; {} imported without coordinates (pending geocoding)",
            c.inserted, c.updated, c.unchanged, c.rejected, pending
        )
    }

    fn import_shops_counts(&self, file: &str, c: ImportCounts, format: &str) -> String {
        format!(
            "{file}: {} new, {} updated, {} unchanged, {} rejected ({format})",
            c.inserted, c.updated, c.unchanged, c.rejected
        )
    }

    fn cells_left_empty(&self, counts: &[(String, IssueKind, usize)]) -> String {
        let total: usize = counts.iter().map(|(_, _, n)| n).sum();
        let each: Vec<String> = counts
            .iter()
            .map(|(column, kind, n)| {
                let why = match kind {
                    IssueKind::InvalidDate => "not a date",
                    IssueKind::InvalidNumber => "not a number",
                    IssueKind::InvalidMoney => "not an amount of money",
                    other => self.issue_kind(*other),
                };
                format!("{n} {column} {why}")
            })
            .collect();
        let cells = if total == 1 { "cell" } else { "cells" };
        format!("  {total} {cells} left empty: {}", each.join(", "))
    }

    fn cells_left_empty_example(&self, example: &RowIssue, written_to: Option<&str>) -> String {
        let all = match written_to {
            Some(path) => format!("  all cells left empty written to {path}"),
            None => "  (write them all with --warnings FILE.csv)".into(),
        };
        format!("  cells left empty, e.g. {}\n{all}", self.issue(example))
    }

    fn rejected_heading(&self) -> &'static str {
        "  rejected rows by reason:"
    }

    fn rejected_by_reason(&self, kind: IssueKind, rows: &[usize], example: &RowIssue) -> String {
        let total = rows.len();
        let first: Vec<usize> = rows.iter().take(5).copied().collect();
        format!(
            "    {total:>6}  {} (rows {})\n            e.g. {}",
            self.issue_kind(kind),
            rows_list(&first, total),
            self.issue(example)
        )
    }

    fn rejected_written(&self, written_to: Option<&str>) -> String {
        match written_to {
            Some(path) => format!("  all rejected rows written to {path}"),
            None => "  (write them all with --rejected FILE.csv)".into(),
        }
    }

    fn issue_kind(&self, kind: IssueKind) -> &'static str {
        kind.label()
    }

    fn issue(&self, issue: &RowIssue) -> String {
        issue.to_string()
    }

    fn address_file_loaded(
        &self,
        file: &str,
        points: usize,
        replaced: usize,
        rejected: usize,
    ) -> String {
        let replaced = if replaced > 0 {
            format!(" ({replaced} of them replace points of an earlier address file)")
        } else {
            String::new()
        };
        format!(
            "{file}: {points} address points added to the area{replaced}; they win over the extract's points of the same street and number; {rejected} rows left out"
        )
    }

    fn nothing_imported(&self, file: &str, rows: usize) -> String {
        format!(
            "{file}: none of its {rows} data rows could be imported; the workspace is unchanged"
        )
    }

    fn left_out(&self, total: u64, pending: u64, unplaced: u64, no_address: u64) -> String {
        format!(
            "note: {} of {total} members are left out: {pending} not geocoded yet (`catchment geocode`), {unplaced} placed only by postcode or not at all (`catchment geocode --review`), {no_address} without an address",
            pending + unplaced + no_address
        )
    }

    fn campaign_summary(
        &self,
        p: &CampaignTargets,
        radius_m: f64,
        below_median_share: f64,
        exponent_fitted: bool,
        path: &str,
    ) -> String {
        let how = if exponent_fitted { "fitted" } else { "default" };
        format!(
            "campaign list: the {} most urgent of {} members within {radius_m} m ({} dormant in sparse cells, {} at risk: Huff share of this shop below {:.4}, {:.0} % of the median member's {:.4}, exponent {:.2} {how}), both reasons first, then members who came back, written to {path}; it holds names and phones — keep it private",
            p.targets.len(),
            p.considered,
            p.dormant,
            p.at_risk,
            p.at_risk_below,
            100.0 * below_median_share,
            p.median_share,
            p.huff_exponent
        )
    }

    fn shop_warning(&self, warning: &ShopWarning) -> String {
        match warning {
            ShopWarning::Swapped { shop, lat, lon } => format!(
                "warning: '{shop}': latitude and longitude look swapped: latitude {lat}, longitude {lon} lies outside the loaded area, latitude {lon}, longitude {lat} inside it (added as given; swap them if so)"
            ),
            ShopWarning::OutsideArea { shop, distance_m } => format!(
                "warning: '{shop}' lies outside the loaded area, {:.1} km from its edge: its rings and sparse areas will be mostly `no data` (load an extract that covers it)",
                distance_m / 1000.0
            ),
        }
    }

    fn demo_shops(&self, shops: u64, file: &str) -> String {
        format!("shops: {shops} own and competitors imported from {file}")
    }

    fn demo_members(&self, rows: u64, imported: u64, rejected: &[(IssueKind, usize)]) -> String {
        let total: usize = rejected.iter().map(|(_, n)| n).sum();
        let each: Vec<String> = rejected
            .iter()
            .map(|(k, n)| format!("{n} {}", self.issue_kind(*k)))
            .collect();
        let why = if each.is_empty() {
            String::new()
        } else {
            format!(" ({})", each.join(", "))
        };
        format!("members: {rows} rows read, {imported} imported, {total} rejected{why}")
    }

    fn demo_workspace(&self, path: &str) -> String {
        format!("workspace: {path} (try `catchment --workspace {path} rings --cells`)")
    }

    fn demo_sparse_heading(&self) -> &'static str {
        "Sparse areas (fewer members than the shop's distance decay expects):"
    }

    fn sparse_written(&self, path: &str) -> String {
        format!("sparse-area report written to {path}")
    }

    fn map_written(&self, path: &str) -> String {
        format!("customer map written to {path}")
    }

    fn geocoded(
        &self,
        members: usize,
        addresses: usize,
        from_cache: usize,
        looked_up: usize,
        levels: &[(&str, usize)],
    ) -> String {
        let levels: Vec<String> = levels.iter().map(|(l, n)| format!("{n} {l}")).collect();
        format!(
            "geocoded {members} members ({addresses} distinct addresses: {from_cache} from cache, {looked_up} looked up): {}",
            levels.join(", ")
        )
    }
}
