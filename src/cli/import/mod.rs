//! `catchment import members|shops FILE`: what both read a table with, and how both
//! report the rows they could not use.

mod members;
mod shops;

use super::{output, refuse_overwriting, report_rejections};
use anyhow::{Context, Result};
use catchment::coord::Datum;
use catchment::i18n::Lang;
use catchment::ingest::columns::ColumnOverride;
use catchment::ingest::table::{TableOptions, parse_encoding_label};
use catchment::report;
use catchment::workspace::{ImportSummary, Workspace};
use clap::{Args, Subcommand};
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
    Members(members::MemberArgs),
    /// Import shops and competitors (columns: name, kind own/competitor, lat, lon, address, category).
    Shops(shops::ShopArgs),
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
    /// Write every rejected row (with row number, column and reason) to this CSV file:
    /// `file,row,column,reason,detail,cell_1,…,cell_N`, cell_K being the file's K-th column.
    #[arg(long, value_name = "FILE.csv")]
    rejected: Option<PathBuf>,
    /// Write every cell that could not be read and was left empty (the member is still
    /// imported) to this CSV file: `file,row,column,reason,value,detail`.
    #[arg(long, value_name = "FILE.csv")]
    warnings: Option<PathBuf>,
    /// 1-based row of the file that holds the column headers (default: found among the
    /// first 20 rows: the first naming two known columns, else the first row).
    #[arg(long, value_name = "N")]
    header_row: Option<usize>,
}

impl ReadArgs {
    /// The files an import reads, which its `--rejected` and `--warnings` files must not
    /// replace: the table and the workspace. Checked before anything is imported.
    fn reads<'a>(&'a self, ws: &'a Workspace) -> Result<[&'a Path; 2]> {
        let reads = [self.file.as_path(), ws.path()];
        for out in [&self.rejected, &self.warnings].into_iter().flatten() {
            refuse_overwriting(out, &reads)?;
        }
        Ok(reads)
    }

    fn table_options(&self) -> Result<TableOptions> {
        Ok(TableOptions {
            encoding: self
                .encoding
                .as_deref()
                .map(parse_encoding_label)
                .transpose()?,
            sheet: self.sheet.clone(),
            header_row: self.header_row,
        })
    }
}

impl ImportCommand {
    pub fn run(&self, ws: &mut Workspace, lang: Lang) -> Result<()> {
        match self {
            ImportCommand::Members(a) => a.run(ws, lang),
            ImportCommand::Shops(a) => a.run(ws, lang),
        }
    }
}

/// Shows one cell left empty on stderr (the counts are on the summary line) and writes them all to `--warnings` when given.
fn report_warnings(
    summary: &ImportSummary,
    file: Option<&Path>,
    reads: &[&Path],
    lang: Lang,
) -> Result<()> {
    let Some(example) = summary.warnings.first() else {
        return Ok(());
    };
    if let Some(path) = file {
        let mut out = output(Some(path), reads)?;
        report::write_warnings_csv(&summary.warnings, &mut out)
            .with_context(|| format!("writing {}", path.display()))?;
        out.finish()?;
    }
    let written_to = file.map(|p| p.display().to_string());
    let texts = lang.texts();
    eprintln!(
        "{}",
        texts.cells_left_empty_example(example, written_to.as_deref())
    );
    Ok(())
}
