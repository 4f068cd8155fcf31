//! Shop and competitor rows: name, kind (`own`/`competitor`), position, address, category.

use super::columns::{self, ColumnMap, ColumnOverride, Field};
use super::table::{Table, TableOptions};
use super::values;
use super::{IngestError, IssueKind, RowIssue, Severity, file_label};
use crate::coord::{Datum, LonLat};
use crate::model::{Shop, ShopKind};
use std::path::Path;

/// How to read a shop table.
#[derive(Debug, Clone, Default)]
pub struct ShopImportOptions {
    /// Encoding and sheet.
    pub table: TableOptions,
    /// `--map COLUMN=field` overrides.
    pub overrides: Vec<ColumnOverride>,
    /// Datum of the coordinate columns.
    pub datum: Datum,
    /// Kind for rows without a kind column or value.
    pub default_kind: Option<ShopKind>,
}

/// Shops read from a file, and the rows that were not.
#[derive(Debug, Clone, Default)]
pub struct ShopRows {
    /// Usable shops.
    pub shops: Vec<Shop>,
    /// Rejected rows.
    pub rejected: Vec<RowIssue>,
    /// Format description.
    pub format: String,
}

/// Parses `own`/`competitor` and their usual synonyms (`ours`, `本店`, `竞品`, …).
pub fn parse_kind(s: &str) -> Option<ShopKind> {
    match values::clean_text(s).to_lowercase().as_str() {
        "own" | "ours" | "our" | "self" | "shop" | "本店" | "自营" | "我方" | "门店" | "oma" => {
            Some(ShopKind::Own)
        }
        "competitor" | "competition" | "rival" | "竞品" | "竞争对手" | "对手" | "竞店"
        | "kilpailija" => Some(ShopKind::Competitor),
        _ => None,
    }
}

/// Reads every row of a shop table.
///
/// # Errors
/// When the file cannot be read or has no name column or no coordinate columns.
pub fn read_shops(path: &Path, opts: &ShopImportOptions) -> Result<ShopRows, IngestError> {
    let file = file_label(path);
    let mut table = Table::open(path, &opts.table)?;
    table.find_header(|cells| columns::is_header_row(cells, &opts.overrides));
    let map = ColumnMap::detect(&table.headers, &opts.overrides).map_err(|source| {
        IngestError::Columns {
            file: file.clone(),
            source,
        }
    })?;
    let columns = table.headers.join(", ");
    let name_field = [Field::Name, Field::Shop, Field::Id]
        .into_iter()
        .find(|f| map.column(*f).is_some())
        .ok_or_else(|| IngestError::MissingColumn {
            file: file.clone(),
            what: "shop name",
            field: "name",
            columns: columns.clone(),
        })?;
    if map.column(Field::Lat).is_none() || map.column(Field::Lon).is_none() {
        return Err(IngestError::MissingColumn {
            file,
            what: "latitude/longitude",
            field: "lat",
            columns,
        });
    }
    let mut out = ShopRows {
        format: table.format.clone(),
        ..Default::default()
    };
    let text = |cells: &[String], f: Field| map.cell(cells, f).and_then(values::cell_value);
    // Shop name → the row that named it first: a name listed twice is one shop, so the
    // later rows are rejected (else every re-import would "update" it back and forth).
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for raw in table.rows() {
        let raw = match raw {
            Ok(r) => r,
            Err(bad) => {
                out.rejected
                    .push(super::members::bad_row_issue(&file, &map, bad));
                continue;
            }
        };
        let reject = |field: Field, kind: IssueKind, detail: String| RowIssue {
            file: file.clone(),
            row: raw.row,
            column: map.header(field).map(str::to_string),
            kind,
            severity: Severity::Rejected,
            value: None,
            detail,
            cells: raw.cells.clone(),
        };
        let Some(name) = text(&raw.cells, name_field) else {
            out.rejected.push(reject(
                name_field,
                IssueKind::MissingId,
                "no shop name".into(),
            ));
            continue;
        };
        if let Some(first_row) = seen.get(&name) {
            out.rejected.push(reject(
                name_field,
                IssueKind::RepeatedId,
                format!("the same shop name as row {first_row}; only the first is imported"),
            ));
            continue;
        }
        let kind = match text(&raw.cells, Field::Kind) {
            None => opts.default_kind.unwrap_or(ShopKind::Own),
            Some(k) => match parse_kind(&k) {
                Some(k) => k,
                None => {
                    out.rejected.push(reject(
                        Field::Kind,
                        IssueKind::InvalidKind,
                        format!("'{k}' is not a shop kind (expected own or competitor)"),
                    ));
                    continue;
                }
            },
        };
        // Boxed: a rejection is large and rare.
        let coord = |f: Field| -> Result<f64, Box<RowIssue>> {
            let s = text(&raw.cells, f).ok_or_else(|| {
                Box::new(reject(
                    f,
                    IssueKind::InvalidCoordinates,
                    "no coordinate (shops need latitude and longitude)".into(),
                ))
            })?;
            values::parse_degrees(&s)
                .map_err(|e| Box::new(reject(f, IssueKind::InvalidCoordinates, e.to_string())))
        };
        let position = coord(Field::Lat).and_then(|lat| {
            let lon = coord(Field::Lon)?;
            LonLat::new(lon, lat).map_err(|e| {
                Box::new(reject(
                    Field::Lat,
                    IssueKind::InvalidCoordinates,
                    e.to_string(),
                ))
            })
        });
        match position {
            Ok(p) => {
                seen.insert(name.clone(), raw.row);
                out.shops.push(Shop {
                    name,
                    kind,
                    position: opts.datum.to_wgs84(p),
                    address: text(&raw.cells, Field::Address),
                    category: text(&raw.cells, Field::Category),
                });
            }
            Err(issue) => out.rejected.push(*issue),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_kinds_and_rejects_bad_rows() {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all("门店名称,类型,纬度,经度\n本店A,本店,31.2,121.5\n对手B,竞品,31.21,121.51\nC,friend,31.2,121.5\nD,own,,121.5\n本店A,本店,31.3,121.6\n".as_bytes()).unwrap();
        let rows = read_shops(f.path(), &ShopImportOptions::default()).unwrap();
        assert_eq!(rows.shops.len(), 2);
        assert_eq!(
            rows.shops[0].position.lat_deg(),
            31.2,
            "the first row of a name counts"
        );
        assert_eq!(rows.shops[1].kind, ShopKind::Competitor);
        let kinds: Vec<_> = rows.rejected.iter().map(|r| (r.row, r.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (4, IssueKind::InvalidKind),
                (5, IssueKind::InvalidCoordinates),
                (6, IssueKind::RepeatedId)
            ]
        );
    }
}
