//! `catchment import shops FILE`.

use super::{ReadArgs, report_rejections};
use anyhow::Result;
use catchment::app::{self, AppError};
use catchment::i18n::{ImportCounts, Lang};
use catchment::ingest::shops::ShopImportOptions;
use catchment::model::ShopKind;
use catchment::workspace::{Workspace, WorkspaceError};
use clap::Args;
use std::path::Path;

#[derive(Debug, Args)]
pub struct ShopArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Treat rows without a kind as competitors (default: own shops).
    #[arg(long)]
    competitor: bool,
}

impl ShopArgs {
    pub fn run(&self, ws: &mut Workspace, lang: Lang) -> Result<()> {
        let reads = self.read.reads(ws)?.map(Path::to_path_buf);
        let reads = [reads[0].as_path(), reads[1].as_path()];
        let opts = ShopImportOptions {
            table: self.read.table_options()?,
            overrides: self.read.overrides.clone(),
            datum: self.read.crs,
            default_kind: Some(if self.competitor {
                ShopKind::Competitor
            } else {
                ShopKind::Own
            }),
        };
        let imported = match app::import_shops(ws, &self.read.file, &opts) {
            Ok(i) => i,
            Err(AppError::Workspace(WorkspaceError::NothingImported { file, issues, .. })) => {
                report_rejections(&issues, self.read.rejected.as_deref(), &reads, lang)?;
                anyhow::bail!("{file}: no shop could be imported; the workspace is unchanged");
            }
            Err(e) => return Err(e.into()),
        };
        let s = &imported.summary;
        let counts = ImportCounts {
            inserted: s.inserted,
            updated: s.updated,
            unchanged: s.unchanged,
            rejected: s.rejected.len(),
        };
        let file = self.read.file.display().to_string();
        eprintln!(
            "{}",
            lang.texts().import_shops_counts(&file, counts, &s.format)
        );
        for w in &imported.warnings {
            eprintln!("{}", lang.texts().shop_warning(w));
        }
        report_rejections(&s.rejected, self.read.rejected.as_deref(), &reads, lang)
    }
}
