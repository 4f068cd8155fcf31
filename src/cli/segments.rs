//! `catchment segments`: members by segment, and per-member R/F/M scores.

use super::output;
use anyhow::Result;
use catchment::analysis::segments::{Segment, SegmentRules, score_members};
use catchment::report::Format;
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
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
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl SegmentsArgs {
    pub fn run(&self, ws: &Workspace) -> Result<()> {
        let (as_of, scored) = score_members(
            &ws.member_histories()?,
            self.as_of,
            &SegmentRules::default(),
        );
        let mut out = output(self.out.as_deref())?;
        if self.per_member {
            match self.format {
                Format::Json | Format::Geojson => {
                    serde_json::to_writer_pretty(&mut out, &scored)?;
                    writeln!(out)?;
                }
                Format::Csv | Format::Table => {
                    let mut w = csv::Writer::from_writer(&mut out);
                    w.write_record([
                        "id",
                        "segment",
                        "vip",
                        "recency_days",
                        "visits",
                        "spend_cents",
                        "r",
                        "f",
                        "m",
                    ])?;
                    let s = |x: Option<String>| x.unwrap_or_default();
                    for m in &scored {
                        w.write_record([
                            m.id.clone(),
                            m.segment.as_str().to_string(),
                            m.vip.to_string(),
                            s(m.recency_days.map(|x| x.to_string())),
                            s(m.visits.map(|x| x.to_string())),
                            s(m.spend_cents.map(|x| x.to_string())),
                            s(m.rfm.r.map(|x| x.to_string())),
                            s(m.rfm.f.map(|x| x.to_string())),
                            s(m.rfm.m.map(|x| x.to_string())),
                        ])?;
                    }
                    w.flush()?;
                }
            }
            out.flush()?;
            return Ok(());
        }
        let total = scored.len().max(1) as f64;
        let rows: Vec<serde_json::Value> = Segment::ALL
            .iter()
            .map(|seg| {
                let members: Vec<_> = scored.iter().filter(|m| m.segment == *seg).collect();
                let vip = members.iter().filter(|m| m.vip).count();
                serde_json::json!({ "segment": seg.as_str(), "members": members.len(),
                    "share": members.len() as f64 / total, "vip": vip })
            })
            .collect();
        match self.format {
            Format::Json | Format::Geojson => {
                serde_json::to_writer_pretty(
                    &mut out,
                    &serde_json::json!({ "as_of": as_of, "members": scored.len(), "segments": rows }),
                )?;
                writeln!(out)?;
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(["segment", "members", "share", "vip"])?;
                for r in &rows {
                    w.write_record([
                        r["segment"].as_str().unwrap_or_default().to_string(),
                        r["members"].to_string(),
                        format!("{:.6}", r["share"].as_f64().unwrap_or(0.0)),
                        r["vip"].to_string(),
                    ])?;
                }
                w.flush()?;
            }
            Format::Table => {
                writeln!(
                    out,
                    "{} members, segments as of {}",
                    scored.len(),
                    as_of.map_or("(no visit dates)".into(), |d| d.to_string())
                )?;
                for r in &rows {
                    writeln!(
                        out,
                        "{:<10} {:>8} {:>7.1}%  {:>5} vip",
                        r["segment"].as_str().unwrap_or_default(),
                        r["members"],
                        100.0 * r["share"].as_f64().unwrap_or(0.0),
                        r["vip"]
                    )?;
                }
            }
        }
        out.flush()?;
        Ok(())
    }
}
