//! `catchment demo-data` (hidden): regenerates `data/demo/` from the OSM extract.

use anyhow::Result;
use catchment::demo::{DemoConfig, write_files};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DemoDataArgs {
    /// OpenStreetMap extract to draw addresses and competitors from.
    #[arg(long, default_value = "data/helsinki.osm.pbf")]
    pbf: PathBuf,
    /// Directory to write members.csv and shops.csv into.
    #[arg(long, default_value = "data/demo")]
    out: PathBuf,
    /// Random seed (default: the one the bundled files were made with).
    #[arg(long)]
    seed: Option<u64>,
    /// Number of members.
    #[arg(long)]
    members: Option<usize>,
}

impl DemoDataArgs {
    pub fn run(&self) -> Result<()> {
        std::fs::create_dir_all(&self.out)?;
        let defaults = DemoConfig::default();
        let cfg = DemoConfig {
            seed: self.seed.unwrap_or(defaults.seed),
            members: self.members.unwrap_or(defaults.members),
            ..defaults
        };
        let data = write_files(&self.pbf, &self.out, &cfg)?;
        eprintln!("{}", data.summary);
        Ok(())
    }
}
