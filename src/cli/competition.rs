//! `catchment competition`: competitors around an own shop, a Huff market-share estimate
//! per cell, and the overlap between own shops.

use super::sparse::own_shop;
use super::{located_member_set, output};
use anyhow::{Context, Result};
use catchment::analysis::competition::competition_report;
use catchment::analysis::rings::RingPlan;
use catchment::analysis::sectors::SectorScheme;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Competition around an own shop.
///
/// For each competitor: its distance, our members within each of its rings (cumulative),
/// and our members nearer to it than to us. A Huff model (each home picks a shop with
/// probability ∝ distance^−λ, every shop of the workspace equally attractive) gives our
/// market share per ring × sector cell, with λ fitted to our own members by maximum
/// likelihood and the textbook default 2 beside it. With several own shops: the members
/// within 1000 m of both, and the overlap of their 70 % trade areas.
#[derive(Debug, Args)]
pub struct CompetitionArgs {
    /// The own shop to report on (default: the only own shop).
    #[arg(long)]
    shop: Option<String>,
    /// Ring radii in metres, comma-separated.
    #[arg(long, default_value = "150,300,450,600,1000", value_name = "METRES,…")]
    radii: String,
    /// Number of sectors: 4, 8 or 16.
    #[arg(long, default_value = "8")]
    sectors: SectorScheme,
    /// Output format: table, csv (one row per competitor), json or geojson.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl CompetitionArgs {
    pub fn run(&self, ws: &Workspace) -> Result<()> {
        let plan = RingPlan::new(
            RingPlan::parse_radii(&self.radii).map_err(anyhow::Error::msg)?,
            self.sectors,
        )
        .map_err(anyhow::Error::msg)?;
        let shops = ws.shops()?;
        let shop = own_shop(&shops, self.shop.as_deref())?;
        let area = ws.load_area()?.context(
            "no OSM area loaded: the Huff model weighs homes; run `catchment area load FILE.osm.pbf` first",
        )?;
        let members = located_member_set(ws, None)?;
        let r = competition_report(&members, &shop, &shops, &area, &plan);
        let mut out = output(self.out.as_deref())?;
        match self.format {
            Format::Table => report::write_competition_table(&r, &mut out)?,
            Format::Csv => report::write_competition_csv(std::slice::from_ref(&r), &mut out)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &r)?;
                writeln!(out)?;
            }
            Format::Geojson => {
                serde_json::to_writer(&mut out, &report::competition_geojson(&r, &shops))?;
                writeln!(out)?;
            }
        }
        out.flush()?;
        Ok(())
    }
}
