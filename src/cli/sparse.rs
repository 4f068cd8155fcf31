//! `catchment sparse`: where members are fewer than the shop's own distance decay and the
//! homes there lead one to expect, why, and what to do: leaflet plans and campaign lists.

use super::{RingArgs, output, own_shop};
use anyhow::{Context, Result, bail};
use catchment::analysis::sparse::{Grid, SparseRules, TargetRule};
use catchment::app::{self, Snapshot};
use catchment::i18n::Lang;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Sparse areas around an own shop: expected vs actual members per cell, with reasons.
///
/// Penetration is fitted to the shop's own members as p(d) = exp(a − b·d) per home (Poisson
/// maximum likelihood over the homes of the loaded OSM area within the outer radius); a
/// cell expects Σ homes × p(distance). A cell is sparse when it has at least --min-homes
/// homes and 5 expected members, is at least 25 % short, and the Poisson probability of
/// so few members is below --alpha. Reasons: competitor (in the cell or nearer to it than
/// the shop), barrier (motorway, trunk or primary road, railway or water between the shop
/// and most of the cell's homes), few_homes (too few homes to test; never sparse),
/// uncertain (many members that way placed only at street level, or not at all).
///
/// --leaflets prints each sparse cell's streets with their homes in walking order;
/// --targets FILE.csv writes dormant members of sparse cells and members nearer a
/// competitor than the shop, with names and phones (the only output that has them).
#[derive(Debug, Args)]
pub struct SparseArgs {
    /// The own shop to report on (default: the only own shop).
    #[arg(long)]
    shop: Option<String>,
    /// Cells: rings (ring × sector), or H3 hexagons within the outer radius: h3:9 (≈ 0.1
    /// km² each) or h3:10 (≈ 0.015 km²).
    #[arg(long, default_value = "rings", value_name = "rings|h3:9|h3:10")]
    grid: String,
    #[command(flatten)]
    rings: RingArgs,
    /// Poisson lower-tail probability below which a shortfall is not chance.
    #[arg(long, default_value_t = 0.01)]
    alpha: f64,
    /// Homes (dwellings) a cell needs to be tested.
    #[arg(long, default_value_t = 10)]
    min_homes: u64,
    /// Reference date for segments such as dormant, e.g. 2026-10-31 (default: the latest
    /// visit in the data).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Print the leaflet plan (each sparse cell's streets with homes, walking order)
    /// instead of the cell report; --format csv for printing.
    #[arg(long)]
    leaflets: bool,
    /// Also write the campaign list (id, name, phone, segment, reason, cell, detail) to
    /// this CSV file: dormant members in sparse cells, and members nearer a competitor.
    #[arg(long, value_name = "FILE.csv")]
    targets: Option<PathBuf>,
    /// A member is at risk when the Huff probability of picking this shop (among it and
    /// the competitors, distance exponent fitted to its members) is below this fraction
    /// of the median member's.
    #[arg(long, default_value_t = TargetRule::DEFAULT_BELOW_MEDIAN, value_name = "FRACTION")]
    at_risk_below: f64,
    /// The most members on the campaign list (the most urgent first).
    #[arg(long, default_value_t = TargetRule::DEFAULT_LIMIT)]
    limit: usize,
    /// Output format: table, csv, json or geojson.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

impl SparseArgs {
    /// The grid and rules these arguments ask for.
    fn resolve(&self) -> Result<(Grid, SparseRules)> {
        if !(self.at_risk_below > 0.0 && self.at_risk_below <= 1.0) {
            bail!(
                "--at-risk-below {} must lie in (0, 1] (e.g. 0.5)",
                self.at_risk_below
            );
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            bail!(
                "--alpha {} must lie between 0 and 1 (e.g. 0.01)",
                self.alpha
            );
        }
        let rules = SparseRules {
            alpha: self.alpha,
            min_homes: self.min_homes,
            ..SparseRules::default()
        };
        Ok((Grid::parse(&self.grid, self.rings.plan()?)?, rules))
    }

    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        let (grid, rules) = self.resolve()?;
        let shop = own_shop(ws, self.shop.as_deref())?;
        let snap = Snapshot::read(ws, self.as_of)?;
        let report = app::sparse(&snap, &shop, &grid, &rules)?;
        if let Some(path) = &self.targets {
            let (below, limit) = (Some(self.at_risk_below), Some(self.limit));
            let list = app::campaign_list(ws, &snap, &shop, &report, below, limit)?;
            let p = &list.picked;
            let mut w = output(Some(path), &[ws.path()])?;
            report::write_targets_csv(&p.targets, &list.contacts, &mut w)
                .with_context(|| format!("writing {}", path.display()))?;
            w.finish()?;
            let summary = lang.texts().campaign_summary(
                p,
                report.radius_m,
                self.at_risk_below,
                list.exponent_fitted,
                &path.display().to_string(),
            );
            eprintln!("{summary}");
        }
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        if self.leaflets {
            let plans = app::leaflets(&snap, &report)?;
            report::write_leaflets(&shop.name, &plans, self.format, lang, &mut out)?;
        } else {
            report::write_sparse(&report, self.format, lang, &mut out)?;
        }
        out.finish()
    }
}
