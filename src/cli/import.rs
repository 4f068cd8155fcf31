//! `catchment import members|shops FILE`.

use super::progress_bar;
use anyhow::{Context, Result};
use catchment::coord::Datum;
use catchment::ingest::RowIssue;
use catchment::ingest::columns::ColumnOverride;
use catchment::ingest::members::MemberImportOptions;
use catchment::ingest::shops::ShopImportOptions;
use catchment::ingest::table::{TableOptions, parse_encoding_label};
use catchment::model::ShopKind;
use catchment::workspace::{Workspace, WorkspaceError};
use clap::{Args, Subcommand};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a member table (CSV/TSV/XLSX/XLS, UTF-8, GBK or UTF-16; English or Chinese headers).
    ///
    /// Columns are recognised by their headers (id/会员卡号, name/姓名, phone/手机号,
    /// address/地址, lat/纬度, lon/经度, shop/门店, tier/会员等级, visits/消费次数,
    /// spend/累计消费, first_visit/开卡日期, last_visit/最近消费, …); other columns are kept
    /// as extra attributes. Members already in the workspace are updated by id, so
    /// importing the same file twice changes nothing. Rows that cannot be used are
    /// reported with their row, column and reason; the import fails (and changes nothing)
    /// only when no row at all can be imported.
    Members(MemberArgs),
    /// Import shops and competitors (columns: name, kind own/competitor, lat, lon, address, category).
    Shops(ShopArgs),
}

/// How to read the file.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The table to import.
    file: PathBuf,
    /// Sheet to read from a workbook (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Text encoding, e.g. gbk, gb18030, utf-8, utf-16le, big5 (default: detected).
    #[arg(long)]
    encoding: Option<String>,
    /// Say which column holds which field when headers are not recognised,
    /// e.g. --map 'Kortti=id' --map '住处=address'. Fields: id, name, phone, address,
    /// postcode, city, lat, lon, shop, tier, visits, spend, first_visit, last_visit, kind, category.
    #[arg(long = "map", value_name = "COLUMN=field")]
    overrides: Vec<ColumnOverride>,
    /// Datum of the coordinate columns: wgs84 (GPS, OpenStreetMap), gcj02 (Amap, Tencent)
    /// or bd09 (Baidu). Converted to WGS84 on import.
    #[arg(long, default_value = "wgs84", value_name = "DATUM")]
    crs: Datum,
    /// Write every rejected row (with row number, column and reason) to this CSV file.
    #[arg(long, value_name = "FILE.csv")]
    rejected: Option<PathBuf>,
}

impl ReadArgs {
    fn table_options(&self) -> Result<TableOptions> {
        Ok(TableOptions {
            encoding: self
                .encoding
                .as_deref()
                .map(parse_encoding_label)
                .transpose()?,
            sheet: self.sheet.clone(),
        })
    }
}

#[derive(Debug, Args)]
pub struct MemberArgs {
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct ShopArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Treat rows without a kind as competitors (default: own shops).
    #[arg(long)]
    competitor: bool,
}

impl ImportCommand {
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        match self {
            ImportCommand::Members(a) => import_members(a, ws),
            ImportCommand::Shops(a) => import_shops(a, ws),
        }
    }
}

fn import_members(a: &MemberArgs, ws: &mut Workspace) -> Result<()> {
    let opts = MemberImportOptions {
        table: a.read.table_options()?,
        overrides: a.read.overrides.clone(),
        datum: a.read.crs,
    };
    let bar = progress_bar(None, "importing members");
    let result = ws.import_members(&a.read.file, &opts, &mut |done, total| {
        if let Some(t) = total {
            bar.set_length(t);
        }
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let s = match result {
        Ok(s) => s,
        Err(WorkspaceError::NothingImported {
            file,
            rejected,
            issues,
        }) => {
            report_rejections(&issues, a.read.rejected.as_deref())?;
            anyhow::bail!(
                "{file}: none of its {rejected} data rows could be imported; the workspace is unchanged"
            );
        }
        Err(e) => return Err(e.into()),
    };
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
    report_rejections(&s.rejected, a.read.rejected.as_deref())?;
    geocode_if_area_loaded(ws)
}

/// Geocodes the members waiting for a position when an area is loaded (offline).
pub fn geocode_if_area_loaded(ws: &mut Workspace) -> Result<()> {
    if ws.member_counts()?.pending == 0 || ws.area_info()?.is_none() {
        return Ok(());
    }
    let gazetteer = super::geocode::load_gazetteer(ws)?;
    let s = super::geocode::run_batch(ws, &mut &gazetteer, false)?;
    super::geocode::print_summary(&s);
    Ok(())
}

fn import_shops(a: &ShopArgs, ws: &mut Workspace) -> Result<()> {
    let opts = ShopImportOptions {
        table: a.read.table_options()?,
        overrides: a.read.overrides.clone(),
        datum: a.read.crs,
        default_kind: Some(if a.competitor {
            ShopKind::Competitor
        } else {
            ShopKind::Own
        }),
    };
    let s = match ws.import_shops(&a.read.file, &opts) {
        Ok(s) => s,
        Err(WorkspaceError::NothingImported { file, issues, .. }) => {
            report_rejections(&issues, a.read.rejected.as_deref())?;
            anyhow::bail!("{file}: no shop could be imported; the workspace is unchanged");
        }
        Err(e) => return Err(e.into()),
    };
    eprintln!(
        "{}: {} new, {} updated, {} unchanged, {} rejected ({})",
        a.read.file.display(),
        s.inserted,
        s.updated,
        s.unchanged,
        s.rejected.len(),
        s.format
    );
    report_rejections(&s.rejected, a.read.rejected.as_deref())
}

/// Summarises rejections by reason on stderr (a few examples each, no cell values) and
/// writes them all to `--rejected` when given.
fn report_rejections(issues: &[RowIssue], file: Option<&Path>) -> Result<()> {
    if issues.is_empty() {
        return Ok(());
    }
    let mut by_kind: BTreeMap<_, Vec<&RowIssue>> = BTreeMap::new();
    for i in issues {
        by_kind.entry(i.kind).or_default().push(i);
    }
    eprintln!("  rejected rows by reason:");
    for (kind, list) in &by_kind {
        let rows: Vec<String> = list.iter().take(5).map(|i| i.row.to_string()).collect();
        let more = if list.len() > 5 { ", …" } else { "" };
        eprintln!(
            "    {:>6}  {} (rows {}{more})",
            list.len(),
            kind.label(),
            rows.join(", ")
        );
        eprintln!("            e.g. {}", list[0]);
    }
    match file {
        Some(path) => {
            write_rejected(issues, path).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("  all rejected rows written to {}", path.display());
        }
        None => eprintln!("  (write them all with --rejected FILE.csv)"),
    }
    Ok(())
}

fn write_rejected(issues: &[RowIssue], path: &Path) -> Result<()> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_path(path)?;
    w.write_record(["file", "row", "column", "reason", "detail", "cells…"])?;
    for i in issues {
        let mut rec = vec![
            i.file.clone(),
            i.row.to_string(),
            i.column.clone().unwrap_or_default(),
            i.kind.label().to_string(),
            i.detail.clone(),
        ];
        rec.extend(i.cells.iter().cloned());
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}
