//! Each report written in the format asked for: the one place that knows which formats a
//! report comes in and which writer makes each. The command line and the server's
//! downloads both write through here.

use super::Format;
use crate::analysis::compare::Comparison;
use crate::analysis::competition::CompetitionReport;
use crate::analysis::rings::RingReport;
use crate::analysis::segments::{ScoredMember, SegmentSummary};
use crate::analysis::sparse::{CellLeaflet, SparseReport};
use crate::analysis::whitespace::Whitespace;
use crate::i18n::{Lang, pad};
use crate::model::Shop;
use crate::model::{Candidate, ReviewItem};
use std::io::{self, Write};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The report does not come in that format.
    #[error("{what} come as {formats}")]
    Unsupported {
        /// The report, e.g. `leaflet plans`.
        what: &'static str,
        /// The formats it comes in, e.g. `table, csv or json`.
        formats: &'static str,
    },
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// Writing CSV failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl ReportError {
    /// The reader went away (`catchment rings | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            ReportError::Io(e) => Some(e.kind()),
            ReportError::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => Some(e.kind()),
                _ => None,
            },
            ReportError::Json(e) => e.io_error_kind(),
            ReportError::Unsupported { .. } => None,
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    }
}

fn json_pretty<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

fn json_line<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Ring reports (with `cells`, the ring × sector cells too): table, CSV (cells instead of
/// rings), JSON (an array, one report per shop) or GeoJSON.
///
/// # Errors
/// When writing fails.
pub fn write_rings(
    reports: &[RingReport],
    format: Format,
    cells: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Table => super::write_rings_table(reports, cells, lang, out)?,
        Format::Csv if cells => super::write_cells_csv(reports, out)?,
        Format::Csv => super::write_rings_csv(reports, out)?,
        Format::Json => json_pretty(reports, out)?,
        Format::Geojson => json_line(&super::rings_geojson(reports, cells), out)?,
    }
    out.flush()?;
    Ok(())
}

/// A comparison of own shops: table, CSV or JSON.
///
/// # Errors
/// [`ReportError::Unsupported`] for GeoJSON; when writing fails.
pub fn write_compare(
    c: &Comparison,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Table => super::write_compare_table(c, lang, out)?,
        Format::Csv => super::write_compare_csv(c, out)?,
        Format::Json => json_pretty(c, out)?,
        Format::Geojson => {
            return Err(ReportError::Unsupported {
                what: "comparisons",
                formats: "table, csv, json, pdf or html",
            });
        }
    }
    out.flush()?;
    Ok(())
}

/// The white-space ranking's best `top` sites (0: every site): table (with the model),
/// CSV or JSON (the model and the sites, each with its hexagon's corners).
///
/// # Errors
/// [`ReportError::Unsupported`] for GeoJSON; when writing fails.
pub fn write_whitespace(
    w: &Whitespace,
    top: usize,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Table => super::write_whitespace_table(w, top, lang, out)?,
        Format::Csv => super::write_whitespace_csv(w, top, out)?,
        Format::Json => json_pretty(&super::whitespace_json(w, top), out)?,
        Format::Geojson => {
            return Err(ReportError::Unsupported {
                what: "white-space rankings",
                formats: "table, csv or json",
            });
        }
    }
    out.flush()?;
    Ok(())
}

/// A sparse-area report in any format.
///
/// # Errors
/// When writing fails.
pub fn write_sparse(
    report: &SparseReport,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let one = std::slice::from_ref(report);
    match format {
        Format::Table => super::write_sparse_table(report, lang, out)?,
        Format::Csv => super::write_sparse_csv(one, out)?,
        Format::Json => json_pretty(report, out)?,
        Format::Geojson => json_line(&super::sparse_geojson(one), out)?,
    }
    out.flush()?;
    Ok(())
}

/// A leaflet plan (each sparse cell's streets): table, CSV or JSON.
///
/// # Errors
/// [`ReportError::Unsupported`] for GeoJSON; when writing fails.
pub fn write_leaflets(
    shop: &str,
    plans: &[CellLeaflet],
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Table => super::write_leaflets_table(shop, plans, lang, out)?,
        Format::Csv => super::write_leaflets_csv(shop, plans, out)?,
        Format::Json => json_pretty(plans, out)?,
        Format::Geojson => {
            return Err(ReportError::Unsupported {
                what: "leaflet plans",
                formats: "table, csv or json",
            });
        }
    }
    out.flush()?;
    Ok(())
}

/// A competition report: table, CSV (one row per competitor), JSON or GeoJSON (which
/// needs every shop, for their points).
///
/// # Errors
/// When writing fails.
pub fn write_competition(
    report: &CompetitionReport,
    shops: &[Shop],
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Table => super::write_competition_table(report, lang, out)?,
        Format::Csv => super::write_competition_csv(std::slice::from_ref(report), out)?,
        Format::Json => json_pretty(report, out)?,
        Format::Geojson => json_line(&super::competition_geojson(report, shops), out)?,
    }
    out.flush()?;
    Ok(())
}

/// Members by segment: table, CSV or JSON.
///
/// # Errors
/// [`ReportError::Unsupported`] for GeoJSON (segments have no geometry); when writing
/// fails.
pub fn write_segments(
    summary: &SegmentSummary,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Geojson => return Err(no_geometry("segment counts")),
        Format::Json => json_pretty(summary, out)?,
        Format::Csv => {
            let mut w = super::CsvWriter::from_writer(&mut *out);
            w.write_record(["segment", "members", "share", "vip"])?;
            for t in &summary.segments {
                w.write_record([
                    t.segment.as_str().to_string(),
                    t.members.to_string(),
                    format!("{:.6}", t.share),
                    t.vip.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            let texts = lang.texts();
            let heading = texts.segments_heading(summary.members as u64, summary.as_of);
            writeln!(out, "{heading}")?;
            for t in &summary.segments {
                writeln!(
                    out,
                    "{} {}",
                    pad(texts.segment_head(t.segment), 10, false),
                    texts.segment_figures(t.members as u64, t.share, t.vip as u64)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// One row per member with segment, VIP flag and R/F/M scores: table, CSV or JSON.
///
/// # Errors
/// [`ReportError::Unsupported`] for GeoJSON (the scores carry no position); when writing
/// fails.
pub fn write_member_scores(
    scored: &[ScoredMember],
    format: Format,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    const HEADER: [&str; 9] = [
        "id",
        "segment",
        "vip",
        "recency_days",
        "visits",
        "spend_cents",
        "r",
        "f",
        "m",
    ];
    let s = |x: Option<String>| x.unwrap_or_default();
    let rows = scored.iter().map(|m| {
        [
            m.id.clone(),
            m.segment.as_str().to_string(),
            m.vip.to_string(),
            s(m.recency_days.map(|x| x.to_string())),
            s(m.visits.map(|x| x.to_string())),
            s(m.spend_cents.map(|x| x.to_string())),
            s(m.rfm.r.map(|x| x.to_string())),
            s(m.rfm.f.map(|x| x.to_string())),
            s(m.rfm.m.map(|x| x.to_string())),
        ]
    });
    match format {
        Format::Geojson => return Err(no_geometry("member scores")),
        Format::Json => json_pretty(scored, out)?,
        Format::Csv => {
            let mut w = super::CsvWriter::from_writer(&mut *out);
            w.write_record(HEADER)?;
            for row in rows {
                w.write_record(row)?;
            }
            w.flush()?;
        }
        Format::Table => {
            let rows: Vec<[String; 9]> = rows.collect();
            aligned(&HEADER, rows, out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// A candidate's position as `catchment member locate` takes it: `--lat 60.168400 --lon
/// 24.940300` (six decimals: about 10 cm).
fn locate_args(c: &Candidate) -> String {
    format!(
        "--lat {:.6} --lon {:.6}",
        c.position.lat_deg(),
        c.position.lon_deg()
    )
}

/// The command that places member `id` at candidate `c`, ready to paste (the id quoted for
/// the shell when it needs it).
fn locate_command(id: &str, c: &Candidate) -> String {
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_.:/+@".contains(ch));
    let id = if plain {
        id.to_owned()
    } else {
        format!("'{}'", id.replace('\'', "'\\''"))
    };
    format!("catchment member locate {id} {}", locate_args(c))
}

/// The geocoding review: table, CSV or JSON. Each candidate carries its position as
/// `member locate` takes it (`--lat … --lon …`), and `fix` is the whole command for the
/// best candidate.
///
/// # Errors
/// [`ReportError::Unsupported`] for GeoJSON; when writing fails.
pub fn write_review(
    items: &[ReviewItem],
    format: Format,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let fix = |i: &ReviewItem| i.candidates.first().map(|c| locate_command(&i.row.id, c));
    match format {
        Format::Geojson => return Err(no_geometry("review rows")),
        Format::Json => {
            let v: Vec<serde_json::Value> = items
                .iter()
                .map(|i| {
                    let r = &i.row;
                    serde_json::json!({ "id": r.id, "address": r.address, "level": r.level, "score": r.score, "label": r.label,
                        "candidates": i.candidates.iter().map(|c| serde_json::json!({ "label": c.label, "level": c.level, "score": c.score,
                            "lat": c.position.lat_deg(), "lon": c.position.lon_deg(), "locate": locate_args(c) })).collect::<Vec<_>>(),
                        "fix": fix(i) })
                })
                .collect();
            json_pretty(&v, out)?;
        }
        Format::Csv | Format::Table => {
            const HEADER: [&str; 7] = [
                "id",
                "address",
                "level",
                "score",
                "matched",
                "candidates",
                "fix",
            ];
            let rows: Vec<[String; 7]> = items
                .iter()
                .map(|i| {
                    let r = &i.row;
                    let candidates = i
                        .candidates
                        .iter()
                        .map(|c| {
                            format!(
                                "{} ({}, {:.2}) {}",
                                c.label,
                                c.level.as_str(),
                                c.score,
                                locate_args(c)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" | ");
                    [
                        r.id.clone(),
                        r.address.clone(),
                        r.level.clone(),
                        r.score.map_or(String::new(), |s| format!("{s:.2}")),
                        r.label.clone().unwrap_or_default(),
                        candidates,
                        fix(i).unwrap_or_default(),
                    ]
                })
                .collect();
            if format == Format::Table {
                aligned(&HEADER, rows, out)?;
            } else {
                let mut w = super::CsvWriter::from_writer(&mut *out);
                w.write_record(HEADER)?;
                for r in &rows {
                    w.write_record(r)?;
                }
                w.flush()?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Shops and competitors: table (with a header), CSV, JSON (coordinates as numbers) or
/// GeoJSON points.
///
/// # Errors
/// When writing fails.
pub fn write_shops(shops: &[Shop], format: Format, out: &mut dyn Write) -> Result<(), ReportError> {
    const HEADER: [&str; 6] = ["name", "kind", "lat", "lon", "address", "category"];
    let text = |s: &Shop| {
        [
            s.name.clone(),
            s.kind.as_str().to_string(),
            format!("{:.6}", s.position.lat_deg()),
            format!("{:.6}", s.position.lon_deg()),
            s.address.clone().unwrap_or_default(),
            s.category.clone().unwrap_or_default(),
        ]
    };
    let props = |s: &Shop| {
        serde_json::json!({ "name": s.name, "kind": s.kind.as_str(),
            "address": s.address, "category": s.category })
    };
    match format {
        Format::Csv => {
            let mut w = super::CsvWriter::from_writer(&mut *out);
            w.write_record(HEADER)?;
            for s in shops {
                w.write_record(text(s))?;
            }
            w.flush()?;
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = shops
                .iter()
                .map(|s| {
                    let mut p = props(s);
                    p["lat"] = s.position.lat_deg().into();
                    p["lon"] = s.position.lon_deg().into();
                    p
                })
                .collect();
            json_pretty(&v, out)?;
        }
        Format::Geojson => {
            let features: Vec<geojson::Feature> = shops
                .iter()
                .map(|s| {
                    let at = [s.position.lon_deg(), s.position.lat_deg()];
                    super::geojson_out::feature(geojson::GeometryValue::new_point(at), props(s))
                })
                .collect();
            json_line(&geojson::FeatureCollection::from_iter(features), out)?;
        }
        Format::Table => {
            let rows: Vec<[String; 6]> = shops.iter().map(text).collect();
            aligned(&HEADER, rows, out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn no_geometry(what: &'static str) -> ReportError {
    ReportError::Unsupported {
        what,
        formats: "table, csv or json",
    }
}

/// Rows as aligned text under a header, columns as wide as their widest cell.
fn aligned<const N: usize>(
    header: &[&str; N],
    rows: Vec<[String; N]>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let table: Vec<Vec<String>> = std::iter::once(header.map(str::to_owned).to_vec())
        .chain(rows.into_iter().map(Vec::from))
        .collect();
    super::write_columns(&table, false, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::LonLat;
    use crate::model::MatchLevel;

    #[test]
    fn candidates_come_ready_for_member_locate() {
        let c = Candidate {
            label: "Mannerheimintie 5, 00100 Helsinki".into(),
            position: LonLat::new(24.9403, 60.1684).unwrap(),
            level: MatchLevel::House,
            score: 1.0,
        };
        assert_eq!(locate_args(&c), "--lat 60.168400 --lon 24.940300");
        assert_eq!(
            locate_command("M00012", &c),
            "catchment member locate M00012 --lat 60.168400 --lon 24.940300"
        );
        assert_eq!(
            locate_command("card 7's", &c),
            "catchment member locate 'card 7'\\''s' --lat 60.168400 --lon 24.940300"
        );
    }
}
