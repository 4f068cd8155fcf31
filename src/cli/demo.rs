//! `catchment demo`: builds a workspace from the Helsinki demo data (the OSM extract, the
//! shops and the member list, geocoded offline) and prints the demo shop's ring and
//! sparse-area reports, with the map beside the workspace.

use super::{output, print_geocoded, serve_workspace};
use anyhow::{Context, Result};
use catchment::analysis::rings::RingPlan;
use catchment::app::{self, DemoSources};
use catchment::i18n::Lang;
use catchment::render::{MapSpec, write_shop_maps};
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The data is built into the binary, so this works from any folder; it is written out
/// beside the workspace (`data/`) for you to open.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Read the demo data from this folder instead (helsinki.osm.pbf, demo/members.csv,
    /// demo/shops.csv), e.g. `data` in a checkout.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Where to build the demo workspace, replaced on every run; the sparse report and the
    /// map are written beside it. The global --workspace, when given, wins over this.
    #[arg(long, short, default_value = "out/demo/catchment.db")]
    out: PathBuf,
    /// Then serve the demo in the browser (as `catchment serve --open` on 127.0.0.1:8080).
    #[arg(long)]
    serve: bool,
}

impl DemoArgs {
    pub fn run(&self, workspace: Option<&Path>, lang: Lang) -> Result<()> {
        let db = workspace.unwrap_or(&self.out);
        let dir = db.parent().unwrap_or(Path::new("."));
        if workspace.is_none() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            for suffix in ["", "-wal", "-shm"] {
                let f = PathBuf::from(format!("{}{suffix}", db.display()));
                if f.exists() {
                    std::fs::remove_file(&f)
                        .with_context(|| format!("replacing {}", f.display()))?;
                }
            }
        }
        let sources = match &self.data {
            Some(folder) => DemoSources::Folder(folder.clone()),
            None => DemoSources::Bundled {
                unpack_to: dir.join("data"),
            },
        };
        let mut ws = Workspace::open(db)?;
        let demo = app::build_demo(&mut ws, &sources)?;
        let texts = lang.texts();
        eprintln!("{}", demo.area);
        let shops = &demo.shops;
        let shop_count = shops.inserted + shops.updated + shops.unchanged;
        let shops_file = demo.shops_file.display().to_string();
        eprintln!("{}", texts.demo_shops(shop_count, &shops_file));
        let s = &demo.members;
        let mut by_reason = std::collections::BTreeMap::new();
        for r in &s.rejected {
            *by_reason.entry(r.kind).or_insert(0) += 1;
        }
        let by_reason: Vec<_> = by_reason.into_iter().collect();
        let imported = s.inserted + s.updated + s.unchanged;
        eprintln!("{}", texts.demo_members(s.rows_read, imported, &by_reason));
        print_geocoded(&demo.geocoded, lang);
        let (snap, shop) = (&demo.snapshot, &demo.shop);
        let report = app::ring(snap, shop, &RingPlan::default());
        eprintln!("{}\n", texts.demo_workspace(&db.display().to_string()));
        let mut out = output(None, &[])?;
        report::write_rings(&[report], Format::Table, true, lang, &mut out)?;
        let sparse = app::sparse_on_rings(snap, shop, &RingPlan::default())?;
        writeln!(out, "\n{}", texts.demo_sparse_heading())?;
        report::write_sparse(&sparse, Format::Table, lang, &mut out)?;
        let sparse_csv = dir.join("sparse.csv");
        out.finish()?;
        let mut csv_out = output(Some(&sparse_csv), &[db])?;
        report::write_sparse(&sparse, Format::Csv, lang, &mut csv_out)?;
        csv_out.finish()?;
        eprintln!(
            "\n{}",
            texts.sparse_written(&sparse_csv.display().to_string())
        );
        let spec = MapSpec {
            dpi: 150,
            lang,
            ..MapSpec::default()
        };
        let maps = [dir.join("map.pdf"), dir.join("map.png")];
        let maps = [maps[0].as_path(), maps[1].as_path()];
        for m in write_shop_maps(snap.map_data(), shop, &spec, &maps)? {
            eprintln!("{}", texts.map_written(&m.display().to_string()));
        }
        if self.serve {
            let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 8080));
            return serve_workspace(db, addr, None, true, 50);
        }
        Ok(())
    }
}
