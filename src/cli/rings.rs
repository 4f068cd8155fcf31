//! `catchment rings`: the ring and sector report.

use super::{ShopDefault, located_member_set, output, select_shops};
use anyhow::Result;
use catchment::analysis::rings::{RingPlan, RingReport, ring_reports};
use catchment::analysis::sectors::SectorScheme;
use catchment::model::Shop;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Counts members in rings (and ring × sector cells) around shops.
///
/// Ring 1 holds members with geodesic distance 0 ≤ d ≤ r1, ring k holds r(k-1) < d ≤ rk,
/// `outside` holds the rest. Sectors are compass wedges of bearing from the shop (N is
/// 337.5–22.5° with 8 sectors). An own shop counts its members: those whose home shop is
/// this shop, plus those with no home shop; a competitor counts all members.
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
    /// Ring radii in metres, ascending.
    #[arg(long, default_value = "150,300,450,600,1000")]
    radii: String,
    /// Number of compass sectors: 4, 8 or 16.
    #[arg(long, default_value = "8")]
    sectors: SectorScheme,
    /// Report ring × sector cells instead of (csv) or as well as (table, geojson) rings.
    #[arg(long)]
    cells: bool,
    /// Output format: table, csv, json (an array with one report per shop) or geojson.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Reference date for segments, e.g. 2026-10-31 (default: the latest visit in the data).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// What to compute, resolved against the workspace before any work starts.
pub struct RingJob {
    pub shops: Vec<Shop>,
    pub plan: RingPlan,
}

impl RingsArgs {
    fn resolve(&self, ws: &Workspace) -> Result<RingJob> {
        let plan = RingPlan::parse(&self.radii, self.sectors).map_err(anyhow::Error::msg)?;
        let default = if self.all {
            ShopDefault::EveryOwnShop
        } else if self.competitors {
            ShopDefault::EveryCompetitor
        } else {
            ShopDefault::TheOnlyOwnShop
        };
        let shops = select_shops(
            &ws.shops()?,
            self.shop.as_deref(),
            default,
            ", or use --all",
        )?;
        Ok(RingJob { shops, plan })
    }

    pub fn run(&self, ws: &Workspace) -> Result<()> {
        let job = self.resolve(ws)?;
        let counts = ws.member_counts()?;
        let members = located_member_set(ws, self.as_of)?;
        if counts.total > counts.located {
            eprintln!(
                "note: {} of {} members are left out: {} not geocoded yet (`catchment geocode`), {} placed only by postcode or not at all (`catchment geocode --review`), {} without an address",
                counts.total - counts.located,
                counts.total,
                counts.pending,
                counts.unplaced,
                counts.total - counts.located - counts.pending - counts.unplaced
            );
        }
        let reports = ring_reports(&members, &job.shops, &job.plan);
        write(
            &reports,
            self.format,
            self.cells,
            &mut output(self.out.as_deref())?,
        )
    }
}

/// Writes reports in the chosen format.
pub fn write(
    reports: &[RingReport],
    format: Format,
    cells: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Table => report::write_rings_table(reports, cells, out)?,
        Format::Csv if cells => report::write_cells_csv(reports, out)?,
        Format::Csv => report::write_rings_csv(reports, out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, reports)?;
            writeln!(out)?;
        }
        Format::Geojson => {
            serde_json::to_writer(&mut *out, &report::rings_geojson(reports, cells))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
