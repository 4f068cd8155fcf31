//! `catchment compare`: own shops side by side, or every member's nearest own shop and
//! nearest competitor.

use super::{RingArgs, output};
use anyhow::{Context, Result, bail};
use catchment::app::{self, Snapshot};
use catchment::i18n::Lang;
use catchment::render::{self, Fonts, MapSpec, Paper};
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A report format, or a printed comparison.
#[derive(Debug, Clone, Copy)]
enum CompareFormat {
    Report(Format),
    Pdf,
    Html,
}

impl std::str::FromStr for CompareFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Ok(Self::Pdf),
            "html" => Ok(Self::Html),
            _ => s.parse().map(Self::Report),
        }
    }
}

/// Compares own shops: one row per shop with a rank on each figure and the chain's median.
///
/// Figures: own members; share of the counted members in each ring (as `rings` counts
/// them: a member without a shop column counts around every own shop); the radii holding
/// 50 % and 70 % of the shop's own members and their median distance; penetration (own
/// members within the outer ring per 100 dwellings there; needs a loaded area);
/// repurchase rate, loyal and dormant shares of the own members; competitors within
/// 300 m and 1000 m; members within both this shop's and another own shop's 70 % radius.
/// A shop's own members are those whose shop column names it; without a shop column,
/// those nearer (geodesic) to it than to any other own shop (ties: the name first in
/// order). Rank 1 is the largest value.
///
/// `--format pdf` (needs `--out`) and `html` (one self-contained file) add one small map
/// per shop, all on one scale, a chart per figure with the shops sorted, and a scatter of
/// competitors against Huff share; `--benchmark` marks each shop's difference there too.
///
/// With `--members`, writes instead one CSV row per located member: id, nearest own shop
/// and its distance, nearest competitor and its distance, whether the competitor is
/// nearer (no names or phones).
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Shops to compare: `all` (every own shop) or names separated by commas.
    #[arg(long, default_value = "all", value_name = "all|A,B,…")]
    shops: String,
    /// Also show how each shop differs from this one (it must be among those compared).
    #[arg(long, value_name = "SHOP", conflicts_with = "members")]
    benchmark: Option<String>,
    #[command(flatten)]
    rings: RingArgs,
    /// Output format: table, csv, json, pdf or html.
    #[arg(long, default_value = "table", value_name = "table|csv|json|pdf|html")]
    format: CompareFormat,
    /// Paper of the PDF and the HTML's pictures (landscape pages): a4, a3 or letter.
    #[arg(long, default_value = "a4")]
    paper: Paper,
    /// Write every member's nearest own shop and nearest competitor as CSV instead.
    #[arg(long)]
    members: bool,
    /// Reference date for segments, e.g. 2026-10-31 (default: the latest visit in the data).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

impl CompareArgs {
    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        if self.members {
            return self.members_nearest(ws);
        }
        let plan = self.rings.plan()?;
        // What can be refused (a PDF to the terminal, fonts, an output that cannot be
        // written) is refused before the comparison is worked out.
        let pdf = matches!(self.format, CompareFormat::Pdf);
        if pdf && self.out.as_deref().is_none_or(|p| p == Path::new("-")) {
            bail!("a PDF is not for the terminal: give --out FILE.pdf")
        }
        let fonts = pdf.then(Fonts::from_env).transpose()?;
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        let names = app::shop_names(&self.shops);
        let snap = Snapshot::read(ws, self.as_of)?;
        let c = app::compare_shops(&snap, &names, &plan, self.benchmark.as_deref())?;
        let spec = MapSpec {
            paper: self.paper,
            landscape: true,
            plan,
            lang,
            ..MapSpec::default()
        };
        match self.format {
            CompareFormat::Report(format) => report::write_compare(&c, format, lang, &mut out)?,
            CompareFormat::Pdf => {
                let fonts = fonts.as_ref().context("the fonts were not loaded")?;
                out.write_all(&render::compare_pdf(&c, snap.map_data(), &spec, fonts)?)?;
            }
            CompareFormat::Html => {
                out.write_all(render::compare_html(&c, snap.map_data(), &spec).as_bytes())?;
            }
        }
        out.finish()
    }

    fn members_nearest(&self, ws: &Workspace) -> Result<()> {
        if !matches!(
            self.format,
            CompareFormat::Report(Format::Csv | Format::Table)
        ) {
            bail!("the member export (--members) comes as csv");
        }
        if self.shops.trim() != "all" {
            bail!("the member export (--members) covers every own shop; leave out --shops");
        }
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        let snap = Snapshot::read_members_and_shops(ws, self.as_of)?;
        let rows = app::members_nearest(&snap);
        report::write_members_nearest_csv(&rows, &mut out)?;
        out.finish()
    }
}
