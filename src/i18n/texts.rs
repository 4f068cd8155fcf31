//! The sentences with figures in them that reports and summaries print, as one method
//! each: [`Texts`] is the list, `en.rs` and `zh.rs` the two translations.

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

/// Where a ring or sparse report's shop stands, as its heading names it.
#[derive(Debug, Clone, Copy)]
pub struct ShopLine<'a> {
    /// The shop's name.
    pub name: &'a str,
    /// Own shop or competitor.
    pub kind: ShopKind,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

/// What an import did, as its summary line counts it.
#[derive(Debug, Clone, Copy)]
pub struct ImportCounts {
    /// New members or shops.
    pub inserted: u64,
    /// Changed ones.
    pub updated: u64,
    /// Ones already there exactly as in the file.
    pub unchanged: u64,
    /// Rows not imported.
    pub rejected: usize,
}

/// Every sentence a text report or summary prints, in one language.
pub trait Texts: Sync {
    /// `own` or `competitor`.
    fn shop_kind(&self, kind: ShopKind) -> &'static str;
    /// Which members a report counts.
    fn scope(&self, scope: ScopeName) -> &'static str;
    /// A sparse cell's reason, or a leaflet plan's.
    fn reason(&self, reason: Reason) -> &'static str;
    /// Said of a sparse cell without any reason.
    fn no_visible_cause(&self) -> &'static str;
    /// A length in metres, `–` when unknown: `480 m`.
    fn metres(&self, m: Option<f64>) -> String;

    /// A map's subtitle: `Data as of 2026-10-31 · 2,931 members (the shop's own members) ·
    /// 2,512 within 1 km`.
    fn map_subtitle(
        &self,
        as_of: Option<NaiveDate>,
        members: u64,
        scope: ScopeName,
        within: u64,
        outer: &str,
    ) -> String;

    // Ring reports.
    /// `Shop (own) at 60.1, 24.9: 1,234 members (all members), segments as of …`.
    fn rings_heading(
        &self,
        shop: ShopLine<'_>,
        members: u64,
        scope: ScopeName,
        as_of: Option<NaiveDate>,
    ) -> String;
    /// Column heads of the ring table: ring, distance, members, share, cumulative, km²,
    /// per km², repurchase rate, VIP.
    fn rings_columns(&self) -> [&'static str; 9];
    /// A segment as a column head.
    fn segment_head(&self, segment: Segment) -> &'static str;
    /// A ring's name: its number, or `outside`.
    fn ring_label(&self, ring: RingLabel) -> String;
    /// The trade-area radii and the median distance, one sentence; `own` is the number of
    /// own members they describe (`None` for a competitor), with the rule that picks them.
    fn trade_area(
        &self,
        own: Option<u64>,
        r50: Option<f64>,
        r70: Option<f64>,
        median: Option<f64>,
    ) -> String;
    /// Heading of the ring × sector grid.
    fn ring_grid_heading(&self) -> &'static str;
    /// When the rings reach past the loaded data (grid of outer radius `outer_m`): how far
    /// from the shop it ends, how much lies inside, which cells are `no data`; else `None`.
    fn data_ends(&self, coverage: &Coverage, outer_m: f64) -> Option<String>;
    /// The share of each ring inside the loaded data, one sentence.
    fn ring_coverage(&self, shares: &[(RingLabel, f64)]) -> String;
    /// What `×` after a count in the ring grid means.
    fn no_data_mark(&self) -> &'static str;

    // Sparse areas.
    /// Heading: shop, radius, grid, members in range and beyond it, dwellings.
    fn sparse_heading(&self, r: &SparseReport) -> String;
    /// The fitted model, or why there is none.
    fn sparse_model(&self, r: &SparseReport) -> String;
    /// The test's rule and how many cells it flagged (none without a model).
    fn sparse_rule(&self, r: &SparseReport) -> Option<String>;
    /// A remark of the analysis (written by the analysis, in English).
    fn note(&self, note: &str) -> String;
    /// Said when no cell is sparse.
    fn no_sparse_cells(&self) -> &'static str;
    /// Heading of the ranked sparse cells.
    fn sparse_cells_heading(&self) -> &'static str;
    /// Column heads: cell, distance, dwellings, members, expected, missing, p.
    fn sparse_columns(&self) -> [&'static str; 7];
    /// The competitors near a cell, as evidence.
    fn competitors_evidence(&self, c: &SparseCell) -> String {
        let each: Vec<String> = c
            .evidence
            .competitors
            .iter()
            .map(|e| self.competitor_evidence(e))
            .collect();
        each.join(self.list_separator())
    }
    /// One competitor near a cell: its name, where it is, how far our shop is.
    fn competitor_evidence(&self, e: &CompetitorEvidence) -> String;
    /// The barriers between the shop and a cell, as evidence.
    fn barriers_evidence(&self, c: &SparseCell) -> String {
        let each: Vec<String> = c
            .evidence
            .barriers
            .iter()
            .map(|b| self.barrier_evidence(b))
            .collect();
        each.join(self.list_separator())
    }
    /// One barrier between the shop and a cell, and the homes behind it.
    fn barrier_evidence(&self, b: &BarrierEvidence) -> String;
    /// Between the items of a list of evidence: `; `.
    fn list_separator(&self) -> &'static str;
    /// Members placed roughly in a cell's direction, as evidence.
    fn uncertain_evidence(&self, c: &SparseCell) -> String;
    /// One line per reason of a sparse cell, or the advice when there is none.
    fn explain_cell(&self, c: &SparseCell) -> Vec<String> {
        let mut lines: Vec<String> = c
            .reasons
            .iter()
            .map(|r| match r {
                Reason::Competitor => {
                    format!("{}: {}", self.reason(*r), self.competitors_evidence(c))
                }
                Reason::Barrier => format!("{}: {}", self.reason(*r), self.barriers_evidence(c)),
                Reason::Uncertain => format!("{}: {}", self.reason(*r), self.uncertain_evidence(c)),
                Reason::FewHomes | Reason::NoData => self.reason_in_full(*r).to_string(),
            })
            .collect();
        if lines.is_empty() {
            lines.push(self.advertise_there().to_string());
        }
        lines
    }
    /// A reason said in full, e.g. `no data: mostly beyond the loaded area`.
    fn reason_in_full(&self, reason: Reason) -> &'static str;
    /// Said of a sparse cell without any reason.
    fn advertise_there(&self) -> &'static str;
    /// Heading of the sparse ring × sector grid, with its marks.
    fn sparse_grid_heading(&self) -> &'static str;
    /// A grid cell mostly beyond the loaded data.
    fn no_data_cell(&self) -> &'static str;

    // Competition.
    /// `Shop (own): 1,234 members (all members)`.
    fn competition_heading(&self, shop: ShopLine<'_>, members: u64, scope: ScopeName) -> String;
    /// The Huff fit in one sentence, or that it could not be fitted.
    fn huff_fit(&self, fit: Option<&HuffFit>) -> String;
    /// Said when the workspace holds no competitors.
    fn no_competitors(&self) -> &'static str;
    /// Column heads: competitor, distance, members nearer it, share.
    fn competitor_columns(&self) -> [&'static str; 4];
    /// Heading of the Huff cells.
    fn huff_cells_heading(&self) -> &'static str;
    /// The dwellings within `radius_m` of the shop and how each estimate counted them,
    /// one sentence.
    fn dwellings(&self, radius_m: f64, c: &DwellingCount) -> String;
    /// One Huff cell.
    fn huff_cell(&self, c: &HuffCell) -> String;
    /// The overlap with another own shop, one sentence.
    fn own_overlap(&self, o: &OverlapRow, shared_radius_m: f64) -> String;

    // Comparing own shops.
    /// What the comparison shows and whom its figures describe (shops, the own-member
    /// rule, whether penetration could be measured, the Huff share and its exponent, what
    /// a rank means).
    fn compare_heading(&self, c: &Comparison) -> String;
    /// A figure as a column head; ring shares name their ring's distances from `radii_m`.
    fn compare_figure(&self, figure: Figure, radii_m: &[f64]) -> String;
    /// The first column head: `Shop`.
    fn compare_shop_head(&self) -> &'static str;
    /// The row of the chain's medians.
    fn chain_median(&self) -> &'static str;
    /// Heading of each shop's difference from the benchmark shop.
    fn compare_vs(&self, benchmark: &str) -> String;
    /// Heading of the pairs of own shops whose 70 % trade areas overlap (Esri A1–A4).
    fn compare_overlaps_heading(&self) -> &'static str;
    /// One pair of overlapping trade areas, one sentence.
    fn compare_overlap(&self, o: &PairOverlap) -> String;
    /// Title of the printed comparison.
    fn compare_title(&self) -> &'static str;
    /// Heading of the page of small maps (all on one scale, `extent` from each shop to the
    /// frame's edge).
    fn compare_maps_heading(&self, extent: &str) -> String;
    /// Heading of the charts, one bar per shop, sorted.
    fn compare_charts_heading(&self) -> &'static str;
    /// Title of the scatter of two figures.
    fn compare_scatter_title(&self, x: &str, y: &str) -> String;
    /// What the chart marks: the chain median, and the benchmark shop when there is one.
    fn compare_chart_key(&self, benchmark: Option<&str>) -> String;
    /// The page number, `page 2 of 5`.
    fn page_of(&self, page: usize, pages: usize) -> String;

    // White space.
    /// What the white-space ranking shows: the grid, the candidates weighed, how many are
    /// listed, and the dwellings and members of the area.
    fn whitespace_heading(
        &self,
        grid: &str,
        candidates: usize,
        shown: usize,
        dwellings: u64,
        members: u64,
    ) -> String;
    /// The chain's model and its parameters, and which members it was fitted on.
    fn whitespace_model(&self, m: &WhitespaceModel) -> String;
    /// How a site's draw, cannibalization and net gain are reckoned.
    fn whitespace_rule(&self, reach_m: f64) -> String;
    /// A note on the white-space figures.
    fn whitespace_note(&self, n: &WhitespaceNote) -> String;
    /// Column heads of the site table: rank, hexagon, centre, dwellings, members, nearest
    /// own shop, its distance, nearest competitor, its distance, draw, cannibalized, net
    /// gain.
    fn whitespace_columns(&self) -> [&'static str; 12];
    /// Said when no hexagon could be weighed.
    fn no_whitespace_sites(&self) -> &'static str;
    /// The white-space map's title.
    fn whitespace_map_title(&self) -> &'static str;
    /// The map's subtitle: the grid and the model in one line.
    fn whitespace_map_subtitle(&self, grid: &str, m: &WhitespaceModel) -> String;
    /// The map's legend and side table: the shading's head, the numbered sites, our
    /// shops, hexagons without gain, the side table's heading.
    fn whitespace_legend(&self) -> [&'static str; 5];
    /// `white-space map written to PATH`.
    fn whitespace_map_written(&self, path: &str) -> String;

    // Leaflets.
    /// Said when a shop has no sparse cell to leaflet.
    fn no_leaflet_plan(&self, shop: &str) -> String;
    /// A cell's plan: what is missing there and why, dwellings, streets, walk.
    fn leaflet_heading(&self, shop: &str, plan: &CellLeaflet) -> String;
    /// One street of the walk.
    fn leaflet_street(&self, order: usize, street: &str, homes: u64) -> String;

    // Segments.
    /// `1,234 members, segments as of 2025-03-01`.
    fn segments_heading(&self, members: u64, as_of: Option<NaiveDate>) -> String;
    /// Count, share and VIPs of one segment (its name comes first, padded by the caller).
    fn segment_figures(&self, members: u64, share: f64, vip: u64) -> String;

    // Import summaries.
    /// `members.csv: read 120 rows as CSV (UTF-8, ',')`.
    fn import_read(&self, file: &str, rows: u64, format: &str) -> String;
    /// Which column was read as which field.
    fn import_columns(&self, columns: &str) -> String;
    /// A remark about the whole file.
    fn import_note(&self, note: &str) -> String;
    /// New, updated, unchanged, rejected members and how many wait for geocoding.
    fn import_members_counts(&self, counts: ImportCounts, pending: u64) -> String;
    /// New, updated, unchanged, rejected shops.
    fn import_shops_counts(&self, file: &str, counts: ImportCounts, format: &str) -> String;
    /// Cells left empty, counted by column and reason: `(column, reason, count)`.
    fn cells_left_empty(&self, counts: &[(String, IssueKind, usize)]) -> String;
    /// One cell left empty as an example, and where all of them are (or how to get them).
    fn cells_left_empty_example(&self, example: &RowIssue, written_to: Option<&str>) -> String;
    /// Heading of the rejected rows.
    fn rejected_heading(&self) -> &'static str;
    /// Two lines: `    12  missing id (rows 3, 7, …)` and one of them as an example.
    fn rejected_by_reason(&self, kind: IssueKind, rows: &[usize], example: &RowIssue) -> String;
    /// Where all rejected rows are, or how to get them.
    fn rejected_written(&self, written_to: Option<&str>) -> String;
    /// The reason a row or cell was not used.
    fn issue_kind(&self, kind: IssueKind) -> &'static str;
    /// One row issue: file, row, column and what is wrong.
    fn issue(&self, issue: &RowIssue) -> String;
    /// An import where no row could be used.
    fn nothing_imported(&self, file: &str, rows: usize) -> String;
    /// An address file added to the area: its usable points, how many replaced points of
    /// an earlier address file, and rows left out.
    fn address_file_loaded(
        &self,
        file: &str,
        points: usize,
        replaced: usize,
        rejected: usize,
    ) -> String;
    /// Members a report leaves out: all members, not geocoded yet, placed only roughly or
    /// not at all, without an address.
    fn left_out(&self, total: u64, pending: u64, unplaced: u64, no_address: u64) -> String;
    /// What the campaign list holds and why, and where it was written.
    fn campaign_summary(
        &self,
        picked: &CampaignTargets,
        radius_m: f64,
        below_median_share: f64,
        exponent_fitted: bool,
        path: &str,
    ) -> String;
    /// A warning about a shop's position (outside the loaded area, or latitude and
    /// longitude swapped), one line starting `warning:`.
    fn shop_warning(&self, warning: &ShopWarning) -> String;
    /// The demo's shops: how many, from which file.
    fn demo_shops(&self, shops: u64, file: &str) -> String;
    /// The demo's members: rows read, imported, rejected by reason.
    fn demo_members(&self, rows: u64, imported: u64, rejected: &[(IssueKind, usize)]) -> String;
    /// The demo's workspace and the command to go on with.
    fn demo_workspace(&self, path: &str) -> String;
    /// Heading of the demo's sparse report.
    fn demo_sparse_heading(&self) -> &'static str;
    /// `sparse-area report written to PATH`.
    fn sparse_written(&self, path: &str) -> String;
    /// `customer map written to PATH`.
    fn map_written(&self, path: &str) -> String;
    /// How many members a geocoding run placed, and at which levels `(level, count)`.
    fn geocoded(
        &self,
        members: usize,
        addresses: usize,
        from_cache: usize,
        looked_up: usize,
        levels: &[(&str, usize)],
    ) -> String;
}
