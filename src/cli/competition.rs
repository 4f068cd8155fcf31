//! `catchment competition`: competitors around an own shop, a Huff market-share estimate
//! per cell, and the overlap between own shops.

use super::{RingArgs, output, own_shop};
use anyhow::Result;
use catchment::app::{self, Snapshot};
use catchment::i18n::Lang;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use clap::Args;
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
    #[command(flatten)]
    rings: RingArgs,
    /// Output format: table, csv (one row per competitor), json or geojson.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

impl CompetitionArgs {
    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        let plan = self.rings.plan()?;
        let shop = own_shop(ws, self.shop.as_deref())?;
        let snap = Snapshot::read(ws, None)?;
        let r = app::competition(&snap, &shop, &plan)?;
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        report::write_competition(&r, snap.shops(), self.format, lang, &mut out)?;
        out.finish()
    }
}
