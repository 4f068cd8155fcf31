//! `catchment import members FILE`.

use super::{ReadArgs, report_rejections, report_warnings};
use crate::cli::{StepBars, print_geocoded};
use anyhow::Result;
use catchment::app::{self, AppError};
use catchment::i18n::{ImportCounts, Lang};
use catchment::ingest::members::MemberImportOptions;
use catchment::workspace::{Workspace, WorkspaceError};
use clap::Args;
use std::path::Path;

#[derive(Debug, Args)]
pub struct MemberArgs {
    #[command(flatten)]
    read: ReadArgs,
}

impl MemberArgs {
    pub fn run(&self, ws: &mut Workspace, lang: Lang) -> Result<()> {
        let read = &self.read;
        let reads = read.reads(ws)?.map(Path::to_path_buf);
        let reads = [reads[0].as_path(), reads[1].as_path()];
        let opts = MemberImportOptions {
            table: read.table_options()?,
            overrides: read.overrides.clone(),
            datum: read.crs,
        };
        let mut bars = StepBars::new();
        let result = app::import_members(ws, &read.file, &opts, &mut |step, done, total| {
            bars.update(step, done, total)
        });
        drop(bars);
        let import = match result {
            Ok(import) => import,
            Err(AppError::Workspace(WorkspaceError::NothingImported {
                file,
                rejected,
                issues,
            })) => {
                report_rejections(&issues, read.rejected.as_deref(), &reads, lang)?;
                anyhow::bail!("{}", lang.texts().nothing_imported(&file, rejected));
            }
            Err(e) => return Err(e.into()),
        };
        let s = &import.summary;
        let texts = lang.texts();
        eprintln!("{}", texts.import_read(&s.file, s.rows_read, &s.format));
        eprintln!("{}", texts.import_columns(&s.columns));
        for n in &s.notes {
            eprintln!("{}", texts.import_note(n));
        }
        let counts = ImportCounts {
            inserted: s.inserted,
            updated: s.updated,
            unchanged: s.unchanged,
            rejected: s.rejected.len(),
        };
        eprintln!("{}", texts.import_members_counts(counts, s.pending));
        if !s.warnings.is_empty() {
            eprintln!("{}", texts.cells_left_empty(&s.warning_counts()));
        }
        report_rejections(&s.rejected, read.rejected.as_deref(), &reads, lang)?;
        report_warnings(s, read.warnings.as_deref(), &reads, lang)?;
        if let Some(g) = &import.geocoded {
            print_geocoded(g, lang);
        }
        Ok(())
    }
}
