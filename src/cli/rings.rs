//! `catchment rings`: the ring and sector report.

use super::{RingArgs, note_left_out, output, select_shops};
use anyhow::Result;
use catchment::app::{self, ShopDefault, Snapshot};
use catchment::i18n::Lang;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Counts members in rings (and ring × sector cells) around shops.
///
/// Ring 1 holds members with geodesic distance 0 ≤ d ≤ r1, ring k holds r(k-1) < d ≤ rk,
/// `outside` holds the rest. Sectors are compass wedges of bearing from the shop (N is
/// 337.5–22.5° with 8 sectors). An own shop counts its members: those whose home shop is
/// this shop, plus those with no home shop; a competitor counts all members. The 50/70 %
/// radius and median distance describe an own shop's own members: its shop column, else
/// nearer (geodesic) to it than to any other own shop.
#[derive(Debug, Args)]
pub struct RingsArgs {
    /// The shop or competitor to report on (default: the only own shop).
    #[arg(long, conflicts_with_all = ["all", "competitors"])]
    shop: Option<String>,
    /// Report on every own shop.
    #[arg(long)]
    all: bool,
    /// Report on every competitor.
    #[arg(long)]
    competitors: bool,
    #[command(flatten)]
    rings: RingArgs,
    /// Report ring × sector cells instead of (csv) or as well as (table, geojson) rings.
    #[arg(long)]
    cells: bool,
    /// Output format: table, csv, json (an array with one report per shop) or geojson.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Reference date for segments, e.g. 2026-10-31 (default: the latest visit in the data).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

impl RingsArgs {
    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        let plan = self.rings.plan()?;
        let default = if self.all {
            ShopDefault::EveryOwnShop
        } else if self.competitors {
            ShopDefault::EveryCompetitor
        } else {
            ShopDefault::TheOnlyOwnShop
        };
        let shops = select_shops(ws, self.shop.as_deref(), default, ", or use --all")?;
        let snap = Snapshot::read_members_and_shops(ws, self.as_of)?;
        note_left_out(&snap, lang);
        let reports = app::rings(&snap, &shops, &plan);
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        report::write_rings(&reports, self.format, self.cells, lang, &mut out)?;
        out.finish()
    }
}
