//! `catchment segments`: members by segment, and per-member R/F/M scores.

use super::output;
use anyhow::Result;
use catchment::app;
use catchment::i18n::Lang;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Members by segment (new, one-time, returning, loyal, dormant, unknown), with R/F/M.
///
/// Segments use the reference date (the latest visit in the data unless --as-of):
/// new = first visit ≤ 30 days ago; one-time = at most one visit, older; loyal = ≥ 6
/// visits and last ≤ 60 days ago; returning = ≥ 2 visits, last ≤ 90 days ago; dormant =
/// ≥ 2 visits, last > 90 days ago; unknown = no visit data. R/F/M are 1–5 by quintile
/// (5 = most recent / most frequent / biggest spender; equal values score equally).
#[derive(Debug, Args)]
pub struct SegmentsArgs {
    /// Reference date, e.g. 2026-10-31 (default: the latest visit in the data).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// One row per member (id, segment, vip, recency, visits, spend, r, f, m) instead of totals.
    #[arg(long)]
    per_member: bool,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

impl SegmentsArgs {
    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        if self.per_member {
            let (_, scored) = app::member_scores(ws, self.as_of)?;
            report::write_member_scores(&scored, self.format, &mut out)?;
        } else {
            let summary = app::segment_summary(ws, self.as_of)?;
            report::write_segments(&summary, self.format, lang, &mut out)?;
        }
        out.finish()
    }
}
