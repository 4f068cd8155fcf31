//! Reading official address-point files in the OpenAddresses layout, the area's second
//! source of house points beside the OSM extract (issue 15).
//!
//! OpenAddresses ships each source as CSV (`LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,
//! REGION,POSTCODE,ID,HASH`, header names in any case) or as GeoJSON lines (one
//! `Feature` a line, a `Point` geometry and those names, lower case, as properties; a
//! whole `FeatureCollection` is read too), either of them gzipped. `LON`, `LAT`,
//! `NUMBER` and `STREET` are needed; the rest is optional.
//! A row without a usable point, number or street is reported as a [`RowIssue`] with its
//! file, row and column, never a panic; the file as a whole fails only when it cannot be
//! read or lacks a needed column.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::{IssueKind, RowIssue, Severity, file_label};
use crate::coord::LonLat;
use crate::model::FileAddress;

/// The columns a point needs, as OpenAddresses names them.
const NEEDED: [&str; 4] = ["LON", "LAT", "NUMBER", "STREET"];

/// The points of one address file and the rows left out.
#[derive(Debug, Clone, Default)]
pub struct AddressPoints {
    /// Every usable row, in file order.
    pub points: Vec<FileAddress>,
    /// Every row left out, with where and why.
    pub rejected: Vec<RowIssue>,
}

/// An address file that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum AddressFileError {
    /// The file could not be opened or decompressed.
    #[error("cannot read address file {file}: {source}")]
    Read {
        /// File name.
        file: String,
        /// What failed.
        source: std::io::Error,
    },
    /// A needed column is missing from the CSV header.
    #[error(
        "address file {file}: no {missing} column among: {found} (expected the OpenAddresses layout LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH)"
    )]
    MissingColumn {
        /// File name.
        file: String,
        /// The first needed column not found.
        missing: &'static str,
        /// The header as read.
        found: String,
    },
    /// The name says neither CSV nor GeoJSON.
    #[error(
        "{file} is not an address file (expected .csv, .csv.gz, .geojson, .geojsonl or .geojson.gz in the OpenAddresses layout)"
    )]
    UnknownFormat {
        /// File name.
        file: String,
    },
}

/// The two layouts OpenAddresses ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Csv,
    GeoJsonLines,
}

/// The layout and compression a file name says, if it names an address file.
fn layout_of(path: &Path) -> Option<(Layout, bool)> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_owned(), true),
        None => (name, false),
    };
    if stem.ends_with(".csv") {
        Some((Layout::Csv, gz))
    } else if stem.ends_with(".geojson") || stem.ends_with(".geojsonl") {
        Some((Layout::GeoJsonLines, gz))
    } else {
        None
    }
}

/// Whether `path` names an address file (`.csv`, `.geojson`, `.geojsonl`, each also
/// gzipped) rather than an OSM extract.
pub fn is_address_file(path: &Path) -> bool {
    layout_of(path).is_some()
}

/// Reads every address point of an OpenAddresses file.
///
/// # Errors
/// [`AddressFileError`] when the file cannot be opened or decompressed, is not named as
/// an address file, or its CSV header lacks `LON`, `LAT`, `NUMBER` or `STREET`.
pub fn read_address_points(path: &Path) -> Result<AddressPoints, AddressFileError> {
    let file = file_label(path);
    let source = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    let Some((layout, gz)) = layout_of(path) else {
        return Err(AddressFileError::UnknownFormat { file });
    };
    let read_err = |source| AddressFileError::Read {
        file: file.clone(),
        source,
    };
    let raw = File::open(path).map_err(read_err)?;
    let reader: Box<dyn Read> = if gz {
        Box::new(MultiGzDecoder::new(BufReader::new(raw)))
    } else {
        Box::new(raw)
    };
    let mut out = AddressPoints::default();
    let mut rows = Rows {
        file: &file,
        source: &source,
        out: &mut out,
    };
    match layout {
        Layout::Csv => rows.csv(reader)?,
        Layout::GeoJsonLines => rows.geojson_lines(BufReader::new(reader))?,
    }
    Ok(out)
}

/// A line or document without a byte-order mark, surrounding space or a trailing comma.
fn clean(text: &str) -> &str {
    text.trim()
        .trim_start_matches('\u{feff}')
        .trim_end_matches(',')
}

/// Collects points and issues of one file.
struct Rows<'a> {
    file: &'a str,
    source: &'a str,
    out: &'a mut AddressPoints,
}

/// The fields of one row, by OpenAddresses name.
#[derive(Default)]
struct Fields {
    lon: Option<String>,
    lat: Option<String>,
    number: Option<String>,
    street: Option<String>,
    unit: Option<String>,
    city: Option<String>,
    postcode: Option<String>,
}

impl Rows<'_> {
    fn csv(&mut self, reader: Box<dyn Read>) -> Result<(), AddressFileError> {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header: Vec<String> = csv
            .headers()
            .map_err(|e| self.read_error(e))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_uppercase())
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        if let Some(missing) = NEEDED.into_iter().find(|n| col(n).is_none()) {
            return Err(AddressFileError::MissingColumn {
                file: self.file.to_owned(),
                missing,
                found: header.join(","),
            });
        }
        let at = |name: &str| col(name);
        let (lon, lat, number, street) = (at("LON"), at("LAT"), at("NUMBER"), at("STREET"));
        let (unit, city, postcode) = (at("UNIT"), at("CITY"), at("POSTCODE"));
        for (i, record) in csv.records().enumerate() {
            // Header is row 1; a record spanning lines is numbered by its first.
            let row = i + 2;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    if let csv::ErrorKind::Io(_) = e.kind() {
                        return Err(self.read_error(e));
                    }
                    self.reject(
                        row,
                        None,
                        IssueKind::Unreadable,
                        None,
                        e.to_string(),
                        vec![],
                    );
                    continue;
                }
            };
            let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).map(str::to_owned);
            let fields = Fields {
                lon: cell(lon),
                lat: cell(lat),
                number: cell(number),
                street: cell(street),
                unit: cell(unit),
                city: cell(city),
                postcode: cell(postcode),
            };
            let cells = record.iter().map(str::to_owned).collect();
            self.row(row, fields, cells);
        }
        Ok(())
    }

    /// GeoJSON lines; a file whose first line does not hold a whole feature but which is
    /// one JSON document is read as a `FeatureCollection` instead.
    fn geojson_lines(&mut self, mut reader: impl BufRead) -> Result<(), AddressFileError> {
        let read_err = |source| AddressFileError::Read {
            file: self.file.to_owned(),
            source,
        };
        let mut first = String::new();
        let mut row = 0;
        while first.trim().is_empty() {
            first.clear();
            row += 1;
            if reader.read_line(&mut first).map_err(read_err)? == 0 {
                return Ok(());
            }
        }
        let line_len = first.trim_end_matches(['\n', '\r']).len();
        let head = clean(&first).trim();
        // Only a first line that opens a document (`{` alone, or a collection's start) makes
        // the file one document; any other bad first line is one bad row, and the rest is
        // read line by line, never held whole.
        let opens_document = head == "{" || head.contains("\"FeatureCollection\"");
        if opens_document {
            if let Ok(doc) = serde_json::from_str::<serde_json::Value>(head) {
                // A whole document on the first line (a minified collection): read once.
                first.truncate(line_len);
                self.document(row, &doc, first);
                return self.lines(row + 1, reader.lines());
            }
            let mut text = first;
            reader.read_to_string(&mut text).map_err(read_err)?;
            if let Ok(doc) = serde_json::from_str::<serde_json::Value>(clean(&text)) {
                self.document(row, &doc, text);
                return Ok(());
            }
            let lines: Vec<std::io::Result<String>> =
                text.lines().map(|l| Ok(l.to_owned())).collect();
            return self.lines(row, lines.into_iter());
        }
        first.truncate(line_len);
        let rest = reader.lines();
        self.lines(row, std::iter::once(Ok(first)).chain(rest))
    }

    /// GeoJSON lines from file row `first_row` on.
    fn lines(
        &mut self,
        first_row: usize,
        lines: impl Iterator<Item = std::io::Result<String>>,
    ) -> Result<(), AddressFileError> {
        for (i, line) in lines.enumerate() {
            let line = line.map_err(|source| AddressFileError::Read {
                file: self.file.to_owned(),
                source,
            })?;
            let row = first_row + i;
            let text = clean(&line);
            if text.is_empty() {
                continue;
            }
            match serde_json::from_str(text) {
                Ok(doc) => self.document(row, &doc, line),
                Err(e) => {
                    let detail = format!("not a GeoJSON feature: {e}");
                    self.reject(row, None, IssueKind::Unreadable, None, detail, vec![line]);
                }
            }
        }
        Ok(())
    }

    /// One JSON document from file row `row`: a `FeatureCollection` (a minified one fits
    /// on one line), else one feature.
    fn document(&mut self, row: usize, doc: &serde_json::Value, text: String) {
        if doc["type"] == "FeatureCollection" {
            self.feature_collection(doc);
        } else {
            self.feature(row, doc, vec![text]);
        }
    }

    /// A whole `FeatureCollection`, its features numbered from 1.
    fn feature_collection(&mut self, doc: &serde_json::Value) {
        let features = doc["features"].as_array().map_or(&[][..], Vec::as_slice);
        for (i, f) in features.iter().enumerate() {
            self.feature(i + 1, f, vec![f.to_string()]);
        }
    }

    /// One GeoJSON feature's point, or its issue.
    fn feature(&mut self, row: usize, feature: &serde_json::Value, cells: Vec<String>) {
        let props = &feature["properties"];
        let prop = |k: &str| match &props[k] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let coords = &feature["geometry"]["coordinates"];
        let coord = |i: usize| coords.get(i).map(|c| c.to_string());
        let fields = Fields {
            lon: coord(0),
            lat: coord(1),
            number: prop("number"),
            street: prop("street"),
            unit: prop("unit"),
            city: prop("city"),
            postcode: prop("postcode"),
        };
        self.row(row, fields, cells);
    }

    /// One row's point, or its issue.
    fn row(&mut self, row: usize, f: Fields, cells: Vec<String>) {
        let text = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let number = |v: Option<&str>| v.and_then(|s| super::values::parse_degrees(s).ok());
        let (lon, lat) = (number(f.lon.as_deref()), number(f.lat.as_deref()));
        let position = match (lon, lat) {
            (Some(lon), Some(lat)) => LonLat::new(lon, lat).ok(),
            _ => None,
        };
        let Some(position) = position else {
            let bad_lon = lon.is_none_or(|v| !(-180.0..=180.0).contains(&v));
            let (column, value) = if bad_lon {
                ("LON", f.lon)
            } else {
                ("LAT", f.lat)
            };
            let value = value.unwrap_or_default();
            let detail =
                format!("'{value}' is not a {column} in degrees (expected e.g. 24.9384, 60.1699)");
            self.reject(
                row,
                Some(column),
                IssueKind::InvalidCoordinates,
                Some(value),
                detail,
                cells,
            );
            return;
        };
        let (Some(street), Some(housenumber)) = (text(f.street.clone()), text(f.number.clone()))
        else {
            let column = if text(f.street).is_none() {
                "STREET"
            } else {
                "NUMBER"
            };
            let detail = format!("no {column}: a point needs a street and a house number");
            self.reject(
                row,
                Some(column),
                IssueKind::NoStreetOrNumber,
                None,
                detail,
                cells,
            );
            return;
        };
        self.out.points.push(FileAddress {
            street,
            housenumber,
            unit: text(f.unit),
            postcode: text(f.postcode),
            city: text(f.city),
            position,
            source: self.source.to_owned(),
        });
    }

    fn reject(
        &mut self,
        row: usize,
        column: Option<&str>,
        kind: IssueKind,
        value: Option<String>,
        detail: String,
        cells: Vec<String>,
    ) {
        self.out.rejected.push(RowIssue {
            file: self.file.to_owned(),
            row,
            column: column.map(str::to_owned),
            kind,
            severity: Severity::Rejected,
            value: value.map(String::into_boxed_str),
            detail,
            cells,
        });
    }

    fn read_error(&self, e: csv::Error) -> AddressFileError {
        AddressFileError::Read {
            file: self.file.to_owned(),
            source: std::io::Error::other(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    const CSV: &str = "lon,lat,number,street,unit,city,district,region,postcode,id,hash\n\
        24.9403,60.1684,5,Mannerheimintie,,Helsinki,,,00100,,a1\n\
        24.94,91.5,7,Mannerheimintie,,Helsinki,,,00100,,a2\n\
        24.9400,60.1690,,Mannerheimintie,,Helsinki,,,00100,,a3\n\
        abc,60.1690,9,Mannerheimintie,,,,,,,a4\n\
        24.9410,60.1700,11 B,Mannerheimintie,3,,,,,,a5\n";

    #[test]
    fn csv_rows_become_points_or_issues_with_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let got = read_address_points(&write(dir.path(), "a.csv", CSV.as_bytes())).unwrap();
        assert_eq!(got.points.len(), 2);
        let p = &got.points[1];
        assert_eq!(
            (p.housenumber.as_str(), p.unit.as_deref()),
            ("11 B", Some("3"))
        );
        assert_eq!(got.points[0].postcode.as_deref(), Some("00100"));
        assert_eq!(got.points[0].source, "a.csv");
        let issues: Vec<(usize, Option<&str>, IssueKind)> = got
            .rejected
            .iter()
            .map(|i| (i.row, i.column.as_deref(), i.kind))
            .collect();
        assert_eq!(
            issues,
            vec![
                (3, Some("LAT"), IssueKind::InvalidCoordinates),
                (4, Some("NUMBER"), IssueKind::NoStreetOrNumber),
                (5, Some("LON"), IssueKind::InvalidCoordinates),
            ]
        );
        assert!(
            got.rejected[0]
                .to_string()
                .contains("a.csv row 3, column LAT")
        );
    }

    #[test]
    fn gzipped_csv_reads_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(CSV.as_bytes()).unwrap();
        let path = write(dir.path(), "a.csv.gz", &gz.finish().unwrap());
        let got = read_address_points(&path).unwrap();
        assert_eq!(got.points.len(), 2);
        assert_eq!(got.rejected.len(), 3);
    }

    #[test]
    fn geojson_lines_read_features() {
        let dir = tempfile::tempdir().unwrap();
        let text = concat!(
            r#"{"type":"Feature","properties":{"number":"5","street":"Mannerheimintie","unit":"","city":"Helsinki","postcode":"00100","hash":"a"},"geometry":{"type":"Point","coordinates":[24.9403,60.1684]}}"#,
            "\n\n",
            "not json\n",
            r#"{"type":"Feature","properties":{"number":7,"street":""},"geometry":{"type":"Point","coordinates":[24.9,60.1]}}"#,
            "\n"
        );
        let got = read_address_points(&write(dir.path(), "a.geojsonl", text.as_bytes())).unwrap();
        assert_eq!(got.points.len(), 1);
        assert_eq!(got.points[0].housenumber, "5");
        assert_eq!(got.points[0].unit, None);
        let rows: Vec<usize> = got.rejected.iter().map(|i| i.row).collect();
        assert_eq!(rows, vec![3, 4]);
    }

    #[test]
    fn a_feature_collection_reads_its_features() {
        let dir = tempfile::tempdir().unwrap();
        let text = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"number": "5", "street": "Kalevankatu"},
     "geometry": {"type": "Point", "coordinates": [24.9388, 60.1677]}},
    {"type": "Feature", "properties": {"number": "7", "street": "Kalevankatu"},
     "geometry": null}
  ]
}"#;
        let got = read_address_points(&write(dir.path(), "a.geojson", text.as_bytes())).unwrap();
        assert_eq!(got.points.len(), 1);
        assert_eq!(got.rejected[0].row, 2);
        // The same collection minified onto one line, and one feature over several lines.
        let minified =
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(text).unwrap());
        let got = read_address_points(&write(
            dir.path(),
            "m.geojson",
            minified.unwrap().as_bytes(),
        ));
        let got = got.unwrap();
        assert_eq!((got.points.len(), got.rejected[0].row), (1, 2));
        let one = r#"{
  "type": "Feature", "properties": {"number": "5", "street": "Kalevankatu"},
  "geometry": {"type": "Point", "coordinates": [24.9388, 60.1677]}
}"#;
        let got = read_address_points(&write(dir.path(), "f.geojson", one.as_bytes())).unwrap();
        assert_eq!((got.points.len(), got.rejected.len()), (1, 0));
        let got = read_address_points(&write(dir.path(), "b.geojson", b"{ broken")).unwrap();
        assert_eq!((got.points.len(), got.rejected.len()), (0, 1));
        // A bad first line costs that line only.
        let lines = concat!(
            "garbage\n",
            r#"{"type":"Feature","properties":{"number":"5","street":"K"},"geometry":{"type":"Point","coordinates":[24.9,60.1]}}"#,
            "\n"
        );
        let got = read_address_points(&write(dir.path(), "c.geojsonl", lines.as_bytes())).unwrap();
        assert_eq!((got.points.len(), got.rejected[0].row), (1, 1));
    }

    #[test]
    fn a_missing_column_or_unknown_name_fails_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "b.csv", b"LON,LAT,STREET\n1,2,X\n");
        let err = read_address_points(&p).unwrap_err().to_string();
        assert!(err.contains("b.csv") && err.contains("NUMBER"), "{err}");
        let p = write(dir.path(), "c.txt", b"");
        assert!(matches!(
            read_address_points(&p),
            Err(AddressFileError::UnknownFormat { .. })
        ));
        let p = write(dir.path(), "d.csv.gz", b"not gzip");
        assert!(matches!(
            read_address_points(&p),
            Err(AddressFileError::Read { .. })
        ));
        assert!(is_address_file(Path::new("x.GEOJSON.gz")));
        assert!(!is_address_file(Path::new("x.osm.pbf")));
    }
}
