//! Renders the maps of a real workspace for a look: the first own shop's map in English
//! (`preview.{pdf,png,svg}`), in Chinese, landscape with sector lines
//! (`preview-zh.{png,pdf,svg}`) and as hexagons on A3 (`preview-hex.png`), written beside
//! the workspace file.
//!
//! ```text
//! cargo run --release -- demo          # builds out/demo/catchment.db
//! cargo run --release --example map_preview -- out/demo/catchment.db
//! ```

use catchment::app::Snapshot;
use catchment::i18n::Lang;
use catchment::model::ShopKind;
use catchment::render::{MapSpec, Paper, write_shop_maps};
use catchment::workspace::Workspace;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn Error>> {
    let Some(db) = std::env::args_os().nth(1).map(PathBuf::from) else {
        return Err("usage: map_preview WORKSPACE.db".into());
    };
    let ws = Workspace::open(&db)?;
    let shops = ws.shops()?;
    let Some(shop) = shops.iter().find(|s| s.kind == ShopKind::Own).cloned() else {
        return Err(format!("{} has no own shop", db.display()).into());
    };
    let dir = db.parent().unwrap_or(Path::new("."));
    let t = Instant::now();
    let snapshot = Snapshot::read(&ws, None)?;
    let data = snapshot.map_data();
    let en = [
        dir.join("preview.pdf"),
        dir.join("preview.png"),
        dir.join("preview.svg"),
    ];
    write_shop_maps(data, &shop, &MapSpec::default(), &refs(&en))?;
    let zh = [
        dir.join("preview-zh.png"),
        dir.join("preview-zh.pdf"),
        dir.join("preview-zh.svg"),
    ];
    let spec = MapSpec {
        lang: Lang::Zh,
        landscape: true,
        sector_lines: true,
        ..MapSpec::default()
    };
    write_shop_maps(data, &shop, &spec, &refs(&zh))?;
    let hex = dir.join("preview-hex.png");
    let spec = MapSpec {
        privacy: true,
        paper: Paper::A3,
        dpi: 100,
        ..MapSpec::default()
    };
    write_shop_maps(data, &shop, &spec, &[hex.as_path()])?;
    eprintln!("previews in {} ({:?})", dir.display(), t.elapsed());
    Ok(())
}

fn refs(paths: &[PathBuf]) -> Vec<&Path> {
    paths.iter().map(PathBuf::as_path).collect()
}
