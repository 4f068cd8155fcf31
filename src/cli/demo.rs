//! `catchment demo`: builds a workspace from the bundled Helsinki data (the OSM extract,
//! the shops and the member list, geocoded offline) and prints the demo shop's ring report.

use super::rings;
use anyhow::{Context, Result, bail};
use catchment::analysis::rings::{RingPlan, ring_report};
use catchment::geocode::batch::geocode_pending;
use catchment::geocode::gazetteer_from_area;
use catchment::ingest::members::MemberImportOptions;
use catchment::ingest::shops::ShopImportOptions;
use catchment::model::ShopKind;
use catchment::osm::read_extract;
use catchment::render::{MapData, MapSpec, write_shop_maps};
use catchment::report::Format;
use catchment::workspace::Workspace;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Directory holding helsinki.osm.pbf and demo/ (members.csv, shops.csv).
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Where to build the demo workspace (replaced on every run).
    #[arg(long, default_value = "out/demo/catchment.db")]
    out: PathBuf,
}

impl DemoArgs {
    pub fn run(&self, workspace: Option<&Path>) -> Result<()> {
        let members_csv = self.data.join("demo/members.csv");
        let shops_csv = self.data.join("demo/shops.csv");
        if !members_csv.exists() || !shops_csv.exists() {
            bail!(
                "demo data not found under {} (expected demo/members.csv and demo/shops.csv); run from the repository root or pass --data DIR",
                self.data.display()
            );
        }
        let db = workspace.unwrap_or(&self.out);
        if workspace.is_none() {
            if let Some(dir) = db.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            for suffix in ["", "-wal", "-shm"] {
                let f = PathBuf::from(format!("{}{suffix}", db.display()));
                if f.exists() {
                    std::fs::remove_file(&f)
                        .with_context(|| format!("replacing {}", f.display()))?;
                }
            }
        }
        let mut ws = Workspace::open(db)?;
        let pbf = self.data.join("helsinki.osm.pbf");
        let area = read_extract(&pbf, &mut |_, _| {})?;
        eprintln!("{}", ws.store_area(&area, &pbf)?);
        let shops = ws.import_shops(&shops_csv, &ShopImportOptions::default())?;
        eprintln!(
            "shops: {} own and competitors imported from {}",
            shops.inserted + shops.updated + shops.unchanged,
            shops_csv.display()
        );
        let s = ws.import_members(
            &members_csv,
            &MemberImportOptions::default(),
            &mut |_, _| {},
        )?;
        let mut by_reason = std::collections::BTreeMap::new();
        for r in &s.rejected {
            *by_reason.entry(r.kind.label()).or_insert(0) += 1;
        }
        eprintln!(
            "members: {} rows read, {} imported, {} rejected {:?}",
            s.rows_read,
            s.inserted + s.updated + s.unchanged,
            s.rejected.len(),
            by_reason
        );
        let gazetteer = gazetteer_from_area(&area);
        let g = geocode_pending(&mut ws, &mut &gazetteer, false, &mut |_, _| {})?;
        super::geocode::print_summary(&g);
        // Members, shops and the area, read once for the reports and the map.
        let data = MapData::from_workspace(&ws, None)?;
        let shop = data
            .shops()
            .iter()
            .find(|s| s.kind == ShopKind::Own)
            .cloned()
            .context("the demo shops.csv has no own shop")?;
        let report = ring_report(data.members(), &shop, &RingPlan::default());
        eprintln!(
            "workspace: {} (try `catchment --workspace {} rings --cells`)\n",
            db.display(),
            db.display()
        );
        let mut out = super::output(None)?;
        rings::write(&[report], Format::Table, true, &mut out)?;
        let counts = ws.member_counts()?;
        let sparse = super::sparse::report_on_rings(
            &data,
            counts.total - counts.located,
            &shop,
            &RingPlan::default(),
        )?;
        writeln!(
            out,
            "\nSparse areas (fewer members than the shop's distance decay expects):"
        )?;
        super::sparse::write(&sparse, Format::Table, &mut out)?;
        let dir = db.parent().unwrap_or(Path::new("."));
        let sparse_csv = dir.join("sparse.csv");
        super::sparse::write(&sparse, Format::Csv, &mut super::output(Some(&sparse_csv))?)?;
        eprintln!("\nsparse-area report written to {}", sparse_csv.display());
        let maps = write_shop_maps(
            &data,
            &shop,
            &MapSpec {
                dpi: 150,
                ..MapSpec::default()
            },
            &[&dir.join("map.pdf"), &dir.join("map.png")],
        )?;
        for m in maps {
            eprintln!("customer map written to {}", m.display());
        }
        Ok(())
    }
}
