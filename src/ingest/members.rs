//! Member rows: a table's raw cells → [`MemberRecord`] or a [`RowIssue`].
//!
//! Only identity and location reject a row: no id (nor phone, when the phone is the id),
//! a repeated id, no address and no coordinates, or coordinates that cannot be used. A
//! visit count, amount or date that cannot be read is left empty and reported as a
//! warning on the member ([`MemberRecord::warnings`]), so the member stays on the map.
//!
//! A bare number in a date column is an Excel serial day (`45413` is 2024-05-01) only when
//! most of the column's values in the first batch read are serials; elsewhere `3` is not
//! a date (it would be 1900-01-03) and is reported like any other unreadable date.
//!
//! [`open_members`] opens the file and detects the columns; the caller then feeds each
//! raw row to [`MemberParser::parse`] (the workspace does this inside its import
//! transaction). Coordinates are validated and converted to WGS84 here, once.

use super::columns::{self, ColumnMap, ColumnOverride, Field};
use super::table::{BadRow, RawRow, Table, TableOptions};
use super::values::{self, ValueError};
use super::{IngestError, IssueKind, RowIssue, Severity, file_label};
use crate::coord::{Datum, LonLat};
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::Path;

/// How to read a member table.
#[derive(Debug, Clone, Default)]
pub struct MemberImportOptions {
    /// Encoding and sheet.
    pub table: TableOptions,
    /// `--map COLUMN=field` overrides.
    pub overrides: Vec<ColumnOverride>,
    /// Datum of the coordinate columns.
    pub datum: Datum,
}

/// One member as read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRecord {
    /// Row number in the file.
    pub row: usize,
    /// Member id (card number).
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Address including postcode and city columns when the table has them.
    pub address: Option<String>,
    /// WGS84 position, when the row carries coordinates.
    pub position: Option<LonLat>,
    /// Home shop name.
    pub home_shop: Option<String>,
    /// Tier as written.
    pub tier: Option<String>,
    /// Number of visits.
    pub visits: Option<u32>,
    /// Total spend in cents.
    pub spend_cents: Option<i64>,
    /// First visit / sign-up.
    pub first_visit: Option<NaiveDate>,
    /// Last visit.
    pub last_visit: Option<NaiveDate>,
    /// Columns no field claimed: header → value (non-empty values only).
    pub extra: BTreeMap<String, String>,
    /// The row's cells as read, kept for reporting it if it is later rejected.
    pub cells: Vec<String>,
    /// Cells that could not be read and were left empty ([`Severity::Warning`] issues).
    pub warnings: Vec<RowIssue>,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// A member to import.
    Member(Box<MemberRecord>),
    /// A rejected row.
    Rejected(RowIssue),
}

/// Turns raw rows of one member file into records; remembers ids to catch repeats.
#[derive(Debug)]
pub struct MemberParser {
    file: String,
    map: ColumnMap,
    datum: Datum,
    id_field: Field,
    seen: FxHashMap<String, usize>,
    notes: Vec<String>,
    /// Per date field: whether a bare number is an Excel serial, once decided.
    serials: FxHashMap<Field, bool>,
}

/// Room for the ids of a table's rows, made at once: grown a doubling at a time, ten
/// million ids are copied and their memory cleared again and again. A sheet's row count
/// is only what the file declares, so past [`SEEN_RESERVED_MAX`] the map grows as needed.
fn seen_capacity(table: &Table) -> usize {
    table
        .len_hint()
        .and_then(|rows| usize::try_from(rows).ok())
        .unwrap_or(0)
        .min(SEEN_RESERVED_MAX)
}

/// The most ids [`seen_capacity`] makes room for.
const SEEN_RESERVED_MAX: usize = 1 << 24;

/// The date columns, whose values may be Excel serials.
const DATE_FIELDS: [Field; 2] = [Field::FirstVisit, Field::LastVisit];

/// Opens a member table and detects its columns.
///
/// # Errors
/// When the file cannot be read or decoded, an override names a missing column, or the
/// table has no id (nor phone) column, or neither an address nor coordinate columns.
pub fn open_members(
    path: &Path,
    opts: &MemberImportOptions,
) -> Result<(Table, MemberParser), IngestError> {
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
    let mut notes: Vec<String> = table.header_note().into_iter().collect();
    let id_field = if map.column(Field::Id).is_some() {
        Field::Id
    } else if map.column(Field::Phone).is_some() {
        notes.push("no member id column: the phone number is used as the member id".to_string());
        Field::Phone
    } else {
        return Err(IngestError::MissingColumn {
            file,
            what: "member id (or phone)",
            field: "id",
            columns,
        });
    };
    let has_coords = map.column(Field::Lat).is_some() && map.column(Field::Lon).is_some();
    if !has_coords && map.column(Field::Address).is_none() {
        return Err(IngestError::MissingColumn {
            file,
            what: "address (or latitude and longitude)",
            field: "address",
            columns,
        });
    }
    let seen = seen_capacity(&table);
    Ok((
        table,
        MemberParser {
            file,
            map,
            datum: opts.datum,
            id_field,
            seen: FxHashMap::with_capacity_and_hasher(seen, Default::default()),
            notes,
            serials: FxHashMap::default(),
        },
    ))
}

impl MemberParser {
    /// The detected columns.
    pub fn columns(&self) -> &ColumnMap {
        &self.map
    }

    /// Remarks about the whole file (e.g. phone used as id).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Reads one raw row into a member or a rejection.
    pub fn parse(&mut self, raw: Result<RawRow, BadRow>) -> RowOutcome {
        self.parse_batch(vec![raw])
            .pop()
            .unwrap_or_else(|| unreachable!("one row in, one out"))
    }

    /// Reads a batch of raw rows, in parallel, into members or rejections (in order).
    /// A member id seen earlier in the file (in this or an earlier batch) is rejected.
    pub fn parse_batch(&mut self, raws: Vec<Result<RawRow, BadRow>>) -> Vec<RowOutcome> {
        self.decide_serials(&raws);
        let mut outcomes: Vec<RowOutcome> = raws
            .into_par_iter()
            .map(|raw| self.parse_one(raw))
            .collect();
        for outcome in &mut outcomes {
            let RowOutcome::Member(m) = outcome else {
                continue;
            };
            match self.seen.get(&m.id) {
                None => {
                    self.seen.insert(m.id.clone(), m.row);
                }
                Some(first_row) => {
                    let issue = RowIssue {
                        file: self.file.clone(),
                        row: m.row,
                        column: self.map.header(self.id_field).map(str::to_string),
                        kind: IssueKind::RepeatedId,
                        severity: Severity::Rejected,
                        value: None,
                        detail: format!(
                            "the same member id as row {first_row}; only the first is imported"
                        ),
                        cells: std::mem::take(&mut m.cells),
                    };
                    *outcome = RowOutcome::Rejected(issue);
                }
            }
        }
        outcomes
    }

    /// Decides, from the first rows holding values in a date column, whether its bare
    /// numbers are Excel serials: yes when more than half of its values are.
    fn decide_serials(&mut self, raws: &[Result<RawRow, BadRow>]) {
        for field in DATE_FIELDS {
            if self.serials.contains_key(&field) {
                continue;
            }
            let values = raws
                .iter()
                .filter_map(|r| r.as_ref().ok())
                .filter_map(|r| self.text(&r.cells, field));
            let (mut serial, mut all) = (0_usize, 0_usize);
            for v in values {
                all += 1;
                serial += usize::from(values::parse_serial_date(&v).is_ok());
            }
            if all > 0 {
                self.serials.insert(field, serial * 2 > all);
            }
        }
    }

    /// Reads a date of `field`: a calendar date, or an Excel serial in a serial column.
    fn date(&self, field: Field, s: &str) -> Result<NaiveDate, ValueError> {
        if self.serials.get(&field) == Some(&true) {
            values::parse_serial_date(s).or_else(|_| values::parse_date(s))
        } else {
            values::parse_date(s)
        }
    }

    fn parse_one(&self, raw: Result<RawRow, BadRow>) -> RowOutcome {
        let raw = match raw {
            Ok(raw) => raw,
            Err(bad) => return RowOutcome::Rejected(bad_row_issue(&self.file, &self.map, bad)),
        };
        match self.record(&raw) {
            Ok(mut m) => {
                m.cells = raw.cells;
                RowOutcome::Member(Box::new(m))
            }
            Err((column, kind, detail)) => RowOutcome::Rejected(RowIssue {
                file: self.file.clone(),
                row: raw.row,
                column: column.and_then(|f| self.map.header(f)).map(str::to_string),
                kind,
                severity: Severity::Rejected,
                value: None,
                detail,
                cells: raw.cells,
            }),
        }
    }

    fn text(&self, cells: &[String], field: Field) -> Option<String> {
        self.map.cell(cells, field).and_then(values::cell_value)
    }

    fn parsed<T>(
        &self,
        cells: &[String],
        field: Field,
        kind: IssueKind,
        parse: impl Fn(&str) -> Result<T, ValueError>,
    ) -> Result<Option<T>, Rejection> {
        match self.text(cells, field) {
            None => Ok(None),
            Some(s) => parse(&s)
                .map(Some)
                .map_err(|e| (Some(field), kind, e.to_string())),
        }
    }

    /// A value whose cell may be unreadable without costing the row: `None` and a
    /// warning in `warnings` when it cannot be read.
    fn soft<T>(
        &self,
        raw: &RawRow,
        field: Field,
        kind: IssueKind,
        parse: impl Fn(&str) -> Result<T, ValueError>,
        warnings: &mut Vec<RowIssue>,
    ) -> Option<T> {
        let text = self.text(&raw.cells, field)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                warnings.push(RowIssue {
                    file: self.file.clone(),
                    row: raw.row,
                    column: self.map.header(field).map(str::to_string),
                    kind,
                    severity: Severity::Warning,
                    detail: format!("{e}; the member is kept with {field} left empty"),
                    value: Some(text.into_boxed_str()),
                    cells: Vec::new(),
                });
                None
            }
        }
    }

    fn record(&self, raw: &RawRow) -> Result<MemberRecord, Rejection> {
        let cells = &raw.cells;
        let id = self.text(cells, self.id_field).ok_or((
            Some(self.id_field),
            IssueKind::MissingId,
            "no member id".to_string(),
        ))?;
        let position = self.position(cells)?;
        let address = self.address(cells);
        if position.is_none() && address.is_none() {
            return Err((
                Some(Field::Address),
                IssueKind::NoLocation,
                "neither an address nor coordinates, so the member cannot be placed".into(),
            ));
        }
        let mut warnings = Vec::new();
        let visits = self.soft(
            raw,
            Field::Visits,
            IssueKind::InvalidNumber,
            values::parse_count,
            &mut warnings,
        );
        let spend_cents = self.soft(
            raw,
            Field::Spend,
            IssueKind::InvalidMoney,
            values::parse_money_cents,
            &mut warnings,
        );
        let first_visit = self.soft(
            raw,
            Field::FirstVisit,
            IssueKind::InvalidDate,
            |s| self.date(Field::FirstVisit, s),
            &mut warnings,
        );
        let last_visit = self.soft(
            raw,
            Field::LastVisit,
            IssueKind::InvalidDate,
            |s| self.date(Field::LastVisit, s),
            &mut warnings,
        );
        // Cells past the last header (a stray trailing field) are kept too, as `column N`.
        let unnamed = (self.map.width()..cells.len()).map(|i| (format!("column {}", i + 1), i));
        let extra = self
            .map
            .extras()
            .map(|(h, i)| (h.to_string(), i))
            .chain(unnamed)
            .filter_map(|(h, i)| {
                let v = cells.get(i)?.trim();
                (!v.is_empty()).then(|| (h, v.to_string()))
            })
            .collect();
        Ok(MemberRecord {
            row: raw.row,
            id,
            name: self.text(cells, Field::Name),
            phone: self.text(cells, Field::Phone),
            address,
            position,
            home_shop: self.text(cells, Field::Shop),
            tier: self.text(cells, Field::Tier),
            visits,
            spend_cents,
            first_visit,
            last_visit,
            extra,
            cells: Vec::new(),
            warnings,
        })
    }

    fn address(&self, cells: &[String]) -> Option<String> {
        let street = self.text(cells, Field::Address);
        let tail: Vec<String> = [Field::Postcode, Field::City]
            .into_iter()
            .filter_map(|f| self.text(cells, f))
            .filter(|t| street.as_deref().is_none_or(|s| !s.contains(t.as_str())))
            .collect();
        match (street, tail.is_empty()) {
            (None, _) => None,
            (Some(s), true) => Some(s),
            (Some(s), false) => Some(format!("{s}, {}", tail.join(" "))),
        }
    }

    fn position(&self, cells: &[String]) -> Result<Option<LonLat>, Rejection> {
        let lat = self.parsed(
            cells,
            Field::Lat,
            IssueKind::InvalidCoordinates,
            values::parse_degrees,
        )?;
        let lon = self.parsed(
            cells,
            Field::Lon,
            IssueKind::InvalidCoordinates,
            values::parse_degrees,
        )?;
        match (lat, lon) {
            (None, None) => Ok(None),
            (Some(_), None) => Err((
                Some(Field::Lon),
                IssueKind::InvalidCoordinates,
                "latitude without longitude".into(),
            )),
            (None, Some(_)) => Err((
                Some(Field::Lat),
                IssueKind::InvalidCoordinates,
                "longitude without latitude".into(),
            )),
            (Some(lat), Some(lon)) => match LonLat::new(lon, lat) {
                Ok(p) => Ok(Some(self.datum.to_wgs84(p))),
                Err(e @ crate::coord::InvalidCoord::Latitude(_)) => Err((
                    Some(Field::Lat),
                    IssueKind::InvalidCoordinates,
                    e.to_string(),
                )),
                Err(e) => Err((
                    Some(Field::Lon),
                    IssueKind::InvalidCoordinates,
                    e.to_string(),
                )),
            },
        }
    }
}

/// Column at fault, grouping key, sentence.
type Rejection = (Option<Field>, IssueKind, String);

/// The rejection of a row the table could not read as one.
pub(super) fn bad_row_issue(file: &str, map: &ColumnMap, bad: BadRow) -> RowIssue {
    RowIssue {
        file: file.to_owned(),
        row: bad.row,
        column: bad.column.map(|i| map.header_at(i)),
        kind: bad.kind,
        severity: Severity::Rejected,
        value: None,
        detail: bad.detail,
        cells: bad.cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn parse_file(text: &str) -> Vec<RowOutcome> {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let (mut table, mut parser) =
            open_members(f.path(), &MemberImportOptions::default()).unwrap();
        let rows: Vec<_> = table.rows().collect();
        rows.into_iter().map(|r| parser.parse(r)).collect()
    }

    fn kinds(out: &[RowOutcome]) -> Vec<Option<IssueKind>> {
        out.iter()
            .map(|o| match o {
                RowOutcome::Member(_) => None,
                RowOutcome::Rejected(r) => Some(r.kind),
            })
            .collect()
    }

    #[test]
    fn every_row_is_a_member_or_a_reasoned_rejection() {
        let out = parse_file(
            "id,name,address,lat,lon,visits,last_visit,spend,note\n\
             1,A,Street 1,60.17,24.94,3,2024-05-01,\"1,234.50\",x\n\
             2,B,Street 2,,,1,2024/5/1,12,\n\
             ,C,Street 3,,,1,2024-05-01,1,\n\
             4,D,,,,1,2024-05-01,1,\n\
             5,E,Street 5,160.2,24.9,1,2024-05-01,1,\n\
             6,F,Street 6,,,abc,2024-05-01,1,\n\
             7,G,Street 7,,,1,2024-13-45,1,\n\
             1,A,Street 1,60.17,24.94,3,2024-05-01,1,\n",
        );
        use IssueKind::*;
        assert_eq!(
            kinds(&out),
            vec![
                None,
                None,
                Some(MissingId),
                Some(NoLocation),
                Some(InvalidCoordinates),
                None,
                None,
                Some(RepeatedId)
            ]
        );
        // A bad visit count or date costs the cell, not the member.
        let RowOutcome::Member(f) = &out[5] else {
            panic!()
        };
        assert_eq!((f.id.as_str(), f.visits), ("6", None));
        let w = &f.warnings[0];
        assert_eq!(
            (w.row, w.column.as_deref(), w.kind),
            (7, Some("visits"), InvalidNumber)
        );
        assert_eq!(
            (w.severity, w.value.as_deref()),
            (Severity::Warning, Some("abc"))
        );
        let RowOutcome::Member(g) = &out[6] else {
            panic!()
        };
        assert_eq!(
            (g.last_visit, g.visits, g.warnings.len()),
            (None, Some(1), 1)
        );
        assert_eq!(g.warnings[0].kind, InvalidDate);
        let RowOutcome::Member(m) = &out[0] else {
            panic!()
        };
        assert_eq!(m.spend_cents, Some(123_450));
        assert_eq!(m.extra.get("note").map(String::as_str), Some("x"));
        let RowOutcome::Rejected(r) = &out[4] else {
            panic!()
        };
        assert_eq!((r.row, r.column.as_deref()), (6, Some("lat")));
        assert!(r.to_string().contains("row 6, column lat"), "{r}");
    }

    #[test]
    fn postcode_and_city_columns_join_the_address() {
        let out = parse_file("id,address,postcode,city\n1,Mannerheimintie 5,00100,Helsinki\n");
        let RowOutcome::Member(m) = &out[0] else {
            panic!()
        };
        assert_eq!(
            m.address.as_deref(),
            Some("Mannerheimintie 5, 00100 Helsinki")
        );
        assert_eq!(m.position, None);
    }

    #[test]
    fn rows_with_more_or_fewer_fields_than_the_header_are_rejected_with_the_counts() {
        let out = parse_file(
            "id,name,address,lat,lon,visits\n\
             1,A,Mikonkatu 18, Helsinki,60.17,24.94,3\n\
             2,B,Mikonkatu 19,60.17,24.94\n\
             3,C,Mikonkatu 20,60.17,24.94,4,\n",
        );
        let RowOutcome::Rejected(long) = &out[0] else {
            panic!("{:?}", out[0])
        };
        assert_eq!(
            (long.row, long.kind, long.column.as_deref()),
            (2, IssueKind::FieldCount, Some("column 7"))
        );
        assert!(
            long.detail
                .starts_with("the row has 7 fields, the header has 6"),
            "{}",
            long.detail
        );
        assert_eq!(long.cells.len(), 7);
        let RowOutcome::Rejected(short) = &out[1] else {
            panic!("{:?}", out[1])
        };
        assert_eq!(
            (short.row, short.kind, short.column.as_deref()),
            (3, IssueKind::FieldCount, Some("visits"))
        );
        assert!(short.detail.contains("5 fields, the header has 6"));
        // A trailing delimiter adds an empty field and shifts nothing.
        let RowOutcome::Member(m) = &out[2] else {
            panic!("{:?}", out[2])
        };
        assert_eq!((m.row, m.visits), (4, Some(4)));
    }

    #[test]
    fn bare_numbers_are_dates_only_in_a_column_of_serials() {
        let out = parse_file(
            "id,address,first_visit,last_visit\n\
             1,Katu 1,45413,2024-05-01\n\
             2,Katu 2,45414.5,3\n\
             3,Katu 3,2024-05-03,2024-05-02\n",
        );
        let members: Vec<&MemberRecord> = out
            .iter()
            .map(|o| match o {
                RowOutcome::Member(m) => m.as_ref(),
                RowOutcome::Rejected(r) => panic!("{r}"),
            })
            .collect();
        let day = |d| NaiveDate::from_ymd_opt(2024, 5, d);
        // first_visit is mostly serials: they are dates, and so is the ISO date.
        let firsts: Vec<_> = members.iter().map(|m| m.first_visit).collect();
        assert_eq!(firsts, [day(1), day(2), day(3)]);
        // last_visit is mostly calendar dates: `3` is not 1900-01-03.
        assert_eq!(members[1].last_visit, None);
        let w = &members[1].warnings[0];
        assert_eq!(
            (w.row, w.column.as_deref(), w.kind, w.value.as_deref()),
            (3, Some("last_visit"), IssueKind::InvalidDate, Some("3"))
        );
    }
}
