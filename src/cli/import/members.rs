//! `catchment import members FILE`.

use super::{ReadArgs, report_rejections, report_warnings};
use crate::cli::{StepBars, print_geocoded};
use anyhow::Result;
use catchment::app::{self, AppError};
use catchment::ingest::members::MemberImportOptions;
use catchment::workspace::{Workspace, WorkspaceError};
use clap::Args;

#[derive(Debug, Args)]
pub struct MemberArgs {
    #[command(flatten)]
    read: ReadArgs,
}

impl MemberArgs {
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        let read = &self.read;
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
                report_rejections(&issues, read.rejected.as_deref())?;
                anyhow::bail!(
                    "{file}: none of its {rejected} data rows could be imported; the workspace is unchanged"
                );
            }
            Err(e) => return Err(e.into()),
        };
        let s = &import.summary;
        eprintln!("{}: read {} rows as {}", s.file, s.rows_read, s.format);
        eprintln!("  columns: {}", s.columns);
        for n in &s.notes {
            eprintln!("  note: {n}");
        }
        eprintln!(
            "  {} new, {} updated, {} unchanged, {} rejected; {} imported without coordinates (pending geocoding)",
            s.inserted,
            s.updated,
            s.unchanged,
            s.rejected.len(),
            s.pending
        );
        if !s.warnings.is_empty() {
            eprintln!(
                "  {} {} left empty: {}",
                s.warnings.len(),
                if s.warnings.len() == 1 {
                    "cell"
                } else {
                    "cells"
                },
                s.warnings_by_cell()
            );
        }
        report_rejections(&s.rejected, read.rejected.as_deref())?;
        report_warnings(s, read.warnings.as_deref())?;
        if let Some(g) = &import.geocoded {
            print_geocoded(g);
        }
        Ok(())
    }
}
