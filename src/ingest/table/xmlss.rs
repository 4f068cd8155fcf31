//! Excel 2003 SpreadsheetML (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`
//! with `<Worksheet><Table><Row><Cell><Data>`), read with `quick-xml`: the first worksheet
//! or the one `--sheet` names, `ss:Index` on rows and cells and `ss:MergeAcross` /
//! `ss:MergeDown` honoured so columns stay aligned.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::RawRow;
use super::grid::{Grid, INDEX_CAP, MarkupError, collapse, excerpt, small_number};

/// Where the reader is.
#[derive(Default)]
struct State {
    sheets: Vec<String>,
    /// In the worksheet being read (the chosen one).
    reading: bool,
    done: bool,
    grid: Grid,
    row: usize,
    /// Cell being read: column asked for, spans, type and text so far.
    cell: Option<(Option<usize>, usize, usize, bool, String)>,
    in_data: bool,
}

/// Reads the chosen worksheet's rows and says which worksheet.
pub(super) fn read_spreadsheet_ml(
    text: &str,
    wanted: Option<&str>,
) -> Result<(Vec<RawRow>, String), MarkupError> {
    let mut reader = Reader::from_str(text);
    let mut st = State::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
            let near = text.get(at.min(text.len())..).unwrap_or_default();
            MarkupError::Unreadable(format!(
                "malformed XML at byte {at} ({e}) near '{}'",
                excerpt(near)
            ))
        })?;
        match event {
            Event::Start(e) => start(&mut st, &e, wanted, false),
            Event::Empty(e) => {
                start(&mut st, &e, wanted, true);
                end(&mut st, e.local_name().as_ref());
            }
            Event::End(e) => end(&mut st, e.local_name().as_ref()),
            Event::Text(t) if st.in_data => {
                if let Some(cell) = &mut st.cell {
                    cell.4.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if st.in_data => {
                if let Some(cell) = &mut st.cell {
                    cell.4.push_str(&t);
                }
            }
            Event::GeneralRef(r) if st.in_data => {
                if let Some(cell) = &mut st.cell {
                    let c = r.resolve_char_ref().ok().flatten().or_else(|| {
                        match r.xml10_content().as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        }
                    });
                    cell.4.extend(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if st.done {
            break;
        }
    }
    let chosen = match wanted {
        None => st.sheets.first().cloned(),
        Some(w) => st.sheets.iter().find(|s| sheet_matches(s, w)).cloned(),
    };
    match chosen {
        Some(name) => Ok((st.grid.into_rows(), format!("sheet '{name}'"))),
        None if st.sheets.is_empty() => Err(MarkupError::Unreadable(format!(
            "no <Worksheet> found; the file starts '{}'",
            excerpt(text)
        ))),
        None => Err(MarkupError::NoSuchSheet {
            wanted: wanted.unwrap_or_default().to_owned(),
            available: st.sheets,
        }),
    }
}

fn sheet_matches(name: &str, wanted: &str) -> bool {
    name == wanted || name.trim().eq_ignore_ascii_case(wanted.trim())
}

/// An attribute by local name (`ss:Index` and `Index` alike), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn start(st: &mut State, e: &BytesStart<'_>, wanted: Option<&str>, _empty: bool) {
    match e.local_name().as_ref() {
        "Worksheet" => {
            let name = attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", st.sheets.len() + 1));
            let first = st.sheets.is_empty();
            st.reading = match wanted {
                None => first,
                Some(w) => sheet_matches(&name, w),
            };
            st.sheets.push(name);
            st.row = 0;
        }
        "Row" if st.reading => {
            st.row = attr(e, "Index")
                .and_then(|i| small_number(&i, usize::MAX))
                .filter(|i| *i > st.row)
                .unwrap_or(st.row + 1);
            st.grid.start_row(st.row);
        }
        "Cell" if st.reading => {
            let at = attr(e, "Index")
                .and_then(|i| small_number(&i, INDEX_CAP))
                .map(|i| i - 1);
            let across = attr(e, "MergeAcross")
                .and_then(|n| n.trim().parse::<usize>().ok())
                .map_or(1, |n| n.saturating_add(1));
            let down = attr(e, "MergeDown")
                .and_then(|n| n.trim().parse::<usize>().ok())
                .map_or(1, |n| n.saturating_add(1));
            st.cell = Some((at, across, down, false, String::new()));
        }
        "Data" if st.cell.is_some() => {
            st.in_data = true;
            if let Some(cell) = &mut st.cell {
                cell.3 = attr(e, "Type").is_some_and(|t| t == "DateTime");
            }
        }
        _ => {}
    }
}

fn end(st: &mut State, name: &str) {
    match name {
        "Worksheet" if st.reading => {
            st.reading = false;
            st.done = true;
        }
        "Data" => st.in_data = false,
        "Cell" => {
            if let Some((at, across, down, date, text)) = st.cell.take() {
                let text = if date {
                    date_time(&text)
                } else {
                    collapse(&text)
                };
                st.grid.cell(at, text, across, down);
            }
        }
        _ => {}
    }
}

/// `2024-04-20T00:00:00.000` → `2024-04-20`; with a time, `2024-04-20 09:30:00`.
fn date_time(text: &str) -> String {
    let t = text.trim();
    match t.split_once('T') {
        Some((day, time)) => {
            let time = time.split('.').next().unwrap_or_default();
            if time.is_empty() || time == "00:00:00" {
                day.to_owned()
            } else {
                format!("{day} {time}")
            }
        }
        None => t.to_owned(),
    }
}
