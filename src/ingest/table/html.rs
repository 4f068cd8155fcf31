//! HTML tables (`<table><tr><td>`), as back-offices export them and save with an `.xls`
//! name, parsed with `tl`. The first table, or the one `--sheet` names by number (`2`),
//! `id` or `<caption>`; rows of nested tables are not the outer table's rows.

use tl::{Node, NodeHandle, Parser, ParserOptions};

use super::RawRow;
use super::grid::{Grid, INDEX_CAP, MarkupError, collapse, excerpt, small_number};

/// Reads the chosen table's rows (row numbers count `<tr>`s from 1) and says which table.
pub(super) fn read_html(
    text: &str,
    wanted: Option<&str>,
) -> Result<(Vec<RawRow>, String), MarkupError> {
    let dom = tl::parse(text, ParserOptions::default()).map_err(|e| {
        MarkupError::Unreadable(format!(
            "not readable as HTML ({e}) near '{}'",
            excerpt(text)
        ))
    })?;
    let parser = dom.parser();
    let tables = find_tables(parser, dom.children());
    if tables.is_empty() {
        return Err(MarkupError::Unreadable(format!(
            "no <table> found; the file starts '{}'",
            excerpt(text)
        )));
    }
    let names: Vec<String> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| table_name(parser, *t, i))
        .collect();
    let index = match wanted {
        None => 0,
        Some(w) => {
            let w = w.trim();
            let by_number = w
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=tables.len()).contains(n));
            let by_name = tables.iter().position(|t| {
                let tag = t.get(parser).and_then(Node::as_tag);
                let id = tag
                    .and_then(|t| t.attributes().id())
                    .map(|b| b.as_utf8_str().into_owned());
                id.as_deref() == Some(w) || caption(parser, *t).as_deref() == Some(w)
            });
            by_number
                .map(|n| n - 1)
                .or(by_name)
                .ok_or_else(|| MarkupError::NoSuchSheet {
                    wanted: w.to_owned(),
                    available: names.clone(),
                })?
        }
    };
    let chosen = tables[index];
    let name = names.get(index).cloned().unwrap_or_default();
    Ok((table_rows(parser, chosen), name))
}

/// How a table is named in messages: `table 1`, with its id or caption when it has one.
fn table_name(parser: &Parser<'_>, table: NodeHandle, i: usize) -> String {
    let id = table
        .get(parser)
        .and_then(Node::as_tag)
        .and_then(|t| t.attributes().id())
        .map(|b| b.as_utf8_str().into_owned());
    match id.or_else(|| caption(parser, table)) {
        Some(n) => format!("table {} '{}'", i + 1, excerpt(&n)),
        None => format!("table {}", i + 1),
    }
}

fn tag_is(node: &Node<'_>, name: &str) -> bool {
    node.as_tag()
        .is_some_and(|t| t.name().as_utf8_str().eq_ignore_ascii_case(name))
}

/// Children of a node, in order.
fn children(parser: &Parser<'_>, node: NodeHandle) -> Vec<NodeHandle> {
    node.get(parser)
        .and_then(Node::as_tag)
        .map(|t| t.children().top().iter().copied().collect())
        .unwrap_or_default()
}

/// The outermost `<table>`s in document order (without recursion, so deep nesting
/// cannot overflow the stack).
fn find_tables(parser: &Parser<'_>, top: &[NodeHandle]) -> Vec<NodeHandle> {
    let mut found = Vec::new();
    let mut stack: Vec<NodeHandle> = top.iter().rev().copied().collect();
    while let Some(h) = stack.pop() {
        let Some(node) = h.get(parser) else { continue };
        if tag_is(node, "table") {
            found.push(h);
        } else if node.as_tag().is_some() {
            stack.extend(children(parser, h).into_iter().rev());
        }
    }
    found
}

/// The table's `<caption>` text, if it has one.
fn caption(parser: &Parser<'_>, table: NodeHandle) -> Option<String> {
    children(parser, table)
        .into_iter()
        .find(|c| c.get(parser).is_some_and(|n| tag_is(n, "caption")))
        .map(|c| cell_text(parser, c))
        .filter(|t| !t.is_empty())
}

/// The `<tr>`s of a table (directly or in `thead`/`tbody`/`tfoot`), as grid rows.
fn table_rows(parser: &Parser<'_>, table: NodeHandle) -> Vec<RawRow> {
    let mut grid = Grid::default();
    let mut row_number = 0;
    let mut stack: Vec<NodeHandle> = children(parser, table).into_iter().rev().collect();
    while let Some(h) = stack.pop() {
        let Some(node) = h.get(parser) else { continue };
        if tag_is(node, "tr") {
            row_number += 1;
            grid.start_row(row_number);
            for c in children(parser, h) {
                let Some(cell) = c.get(parser) else { continue };
                if !(tag_is(cell, "td") || tag_is(cell, "th")) {
                    continue;
                }
                let span = |name: &str| {
                    cell.as_tag()
                        .and_then(|t| t.attributes().get(name).flatten())
                        .and_then(|v| small_number(&v.as_utf8_str(), INDEX_CAP))
                        .unwrap_or(1)
                };
                grid.cell(None, cell_text(parser, c), span("colspan"), span("rowspan"));
            }
        } else if ["thead", "tbody", "tfoot"].iter().any(|t| tag_is(node, t)) {
            stack.extend(children(parser, h).into_iter().rev());
        }
    }
    grid.into_rows()
}

/// A cell's text: its text nodes in order, `<br>` as a space, entities decoded,
/// whitespace collapsed.
fn cell_text(parser: &Parser<'_>, cell: NodeHandle) -> String {
    let mut raw = String::new();
    let mut stack: Vec<NodeHandle> = children(parser, cell).into_iter().rev().collect();
    while let Some(h) = stack.pop() {
        match h.get(parser) {
            Some(Node::Raw(b)) => raw.push_str(&b.as_utf8_str()),
            Some(node @ Node::Tag(_)) => {
                if tag_is(node, "br") || tag_is(node, "p") || tag_is(node, "div") {
                    raw.push(' ');
                }
                if !(tag_is(node, "script") || tag_is(node, "style")) {
                    stack.extend(children(parser, h).into_iter().rev());
                }
            }
            Some(Node::Comment(_)) | None => {}
        }
    }
    collapse(&decode_entities(&raw))
}

/// Decodes the character references exports use: `&amp;` `&lt;` `&gt;` `&quot;`
/// `&apos;` `&nbsp;` and numeric ones (`&#20250;`, `&#x4F1A;`); others stay as written.
pub(super) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
