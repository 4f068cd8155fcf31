//! `catchment sparse`: where members are fewer than the shop's own distance decay and the
//! homes there lead one to expect, why, and what to do: leaflet plans and campaign lists.

use super::output;
use super::{ShopDefault, located_member_set, select_shops};
use anyhow::{Context, Result, bail};
use catchment::analysis::MemberSet;
use catchment::analysis::rings::RingPlan;
use catchment::analysis::sectors::SectorScheme;
use catchment::analysis::sparse::{
    Grid, SparseInput, SparseReport, SparseRules, TargetReason, campaign_targets, leaflet_plans,
    sparse_report,
};
use catchment::model::{Shop, ShopKind};
use catchment::render::MapData;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
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
    /// Ring radii in metres, comma-separated; the last is the radius fitted and tested.
    #[arg(long, default_value = "150,300,450,600,1000", value_name = "METRES,…")]
    radii: String,
    /// Number of sectors: 4, 8 or 16.
    #[arg(long, default_value = "8")]
    sectors: SectorScheme,
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
    /// A member is at risk when a competitor is nearer than this times their distance to
    /// the shop (1: simply nearer; 0.5: at most half as far, for areas dense with rivals).
    #[arg(long, default_value_t = 1.0, value_name = "RATIO")]
    at_risk_ratio: f64,
    /// Output format: table, csv, json or geojson.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// An own shop by name, or the only own shop.
pub fn own_shop(shops: &[Shop], name: Option<&str>) -> Result<Shop> {
    let shop = select_shops(shops, name, ShopDefault::TheOnlyOwnShop, "")?.remove(0);
    if shop.kind != ShopKind::Own {
        bail!(
            "'{}' is a competitor; sparse areas and competition are reported for own shops",
            shop.name
        );
    }
    Ok(shop)
}

impl SparseArgs {
    /// The grid and rules these arguments ask for.
    fn resolve(&self) -> Result<(Grid, SparseRules)> {
        let plan = RingPlan::new(
            RingPlan::parse_radii(&self.radii).map_err(anyhow::Error::msg)?,
            self.sectors,
        )
        .map_err(anyhow::Error::msg)?;
        if !(self.at_risk_ratio > 0.0 && self.at_risk_ratio <= 1.0) {
            bail!(
                "--at-risk-ratio {} must lie in (0, 1] (e.g. 0.5)",
                self.at_risk_ratio
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
        Ok((Grid::parse(&self.grid, plan)?, rules))
    }

    pub fn run(&self, ws: &Workspace) -> Result<()> {
        let (grid, rules) = self.resolve()?;
        let shops = ws.shops()?;
        let shop = own_shop(&shops, self.shop.as_deref())?;
        let area = ws.load_area()?.context(
            "no OSM area loaded: homes are the denominator of penetration; run `catchment area load FILE.osm.pbf` first",
        )?;
        let counts = ws.member_counts()?;
        let members = located_member_set(ws, self.as_of)?;
        let report = sparse_report(&SparseInput {
            members: &members,
            shop: &shop,
            others: &shops,
            area: &area,
            grid: &grid,
            rules: &rules,
            unplaced_members: counts.total - counts.located,
        })?;
        if let Some(path) = &self.targets {
            write_targets(ws, &report, &members, &shops, path, self.at_risk_ratio)?;
        }
        let mut out = output(self.out.as_deref())?;
        if self.leaflets {
            let plans = leaflet_plans(&report, &area);
            match self.format {
                Format::Table => report::write_leaflets_table(&shop.name, &plans, &mut out)?,
                Format::Csv => report::write_leaflets_csv(&shop.name, &plans, &mut out)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &plans)?;
                    writeln!(out)?;
                }
                Format::Geojson => bail!("leaflet plans come as table, csv or json"),
            }
        } else {
            write(&report, self.format, &mut out)?;
        }
        out.flush()?;
        Ok(())
    }
}

/// Writes a sparse report in the chosen format.
///
/// # Errors
/// When writing fails.
pub fn write(report: &SparseReport, format: Format, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Table => report::write_sparse_table(report, out)?,
        Format::Csv => report::write_sparse_csv(std::slice::from_ref(report), out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)?;
        }
        Format::Geojson => {
            serde_json::to_writer(
                &mut *out,
                &report::sparse_geojson(std::slice::from_ref(report)),
            )?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_targets(
    ws: &Workspace,
    report: &SparseReport,
    members: &MemberSet,
    shops: &[Shop],
    path: &std::path::Path,
    at_risk_ratio: f64,
) -> Result<()> {
    let targets = campaign_targets(report, members, shops, at_risk_ratio);
    let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
    let contacts = ws.member_contacts(&ids)?;
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    report::write_targets_csv(&targets, &contacts, &mut w)?;
    w.flush()?;
    let count = |r: TargetReason| targets.iter().filter(|t| t.reasons.contains(&r)).count();
    eprintln!(
        "campaign list: {} members ({} dormant in sparse cells, {} nearer a competitor) written to {}; it holds names and phones — keep it private",
        targets.len(),
        count(TargetReason::Dormant),
        count(TargetReason::AtRisk),
        path.display()
    );
    Ok(())
}

/// The sparse-area report of `shop` on the ring × sector grid of `plan`, default rules,
/// from members, shops and area already loaded for a map; `unplaced_members` counts the
/// members without a usable point. Sparse cells do not depend on the segments' reference
/// date, so the map's serves.
///
/// # Errors
/// When no area is loaded or nothing can be fitted.
pub fn report_on_rings(
    data: &MapData,
    unplaced_members: u64,
    shop: &Shop,
    plan: &RingPlan,
) -> Result<SparseReport> {
    let area = data
        .area()
        .context("no OSM area loaded: run `catchment area load FILE.osm.pbf` first")?;
    Ok(sparse_report(&SparseInput {
        members: data.members(),
        shop,
        others: data.shops(),
        area,
        grid: &Grid::Rings(plan.clone()),
        rules: &SparseRules::default(),
        unplaced_members,
    })?)
}
