//! Makes a PDF written by pdf-writer/svg2pdf byte-for-byte reproducible.
//!
//! svg2pdf keeps fonts and page resources in hash maps, so two runs on the same SVG write
//! the same objects with the entries of resource dictionaries in another order and the
//! font objects under other numbers. This pass puts it right: it reads the objects back
//! (pdf-writer's regular layout: `N 0 obj`, a dictionary, maybe a stream of `/Length`
//! bytes, `endobj`), sorts the entries of resource dictionaries by name, renumbers every
//! object in the order a depth-first walk from the catalog meets it, and writes the file
//! again with a fresh cross-reference table. Content streams, fonts and everything else
//! are copied as they are.

use std::collections::HashMap;
use std::fmt::Write as _;

/// One object: the text before its stream (where references live, copied to be
/// rewritten) and its stream's bytes, where they lie in the file read.
#[derive(Debug)]
struct Object<'pdf> {
    text: Vec<u8>,
    stream: Option<&'pdf [u8]>,
}

/// A span of `text` that is the reference `id 0 R`.
#[derive(Debug, Clone, Copy)]
struct RefSpan {
    start: usize,
    end: usize,
    id: u32,
}

/// The reproducible form of `pdf`.
///
/// # Errors
/// A description of what did not look like pdf-writer output (a bug).
pub(crate) fn canonical(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let header_end = find(pdf, b"\n\n", 0).ok_or("no header")? + 2;
    let xref = rfind(pdf, b"\nxref\n").ok_or("no cross-reference table")?;
    let trailer = &pdf[xref..];
    let root = trailer_ref(trailer, b"/Root ").ok_or("no /Root")?;
    let info = trailer_ref(trailer, b"/Info ");

    let mut objects: HashMap<u32, Object> = HashMap::new();
    let mut order: Vec<u32> = Vec::new();
    let mut at = header_end;
    while at < xref {
        let (id, obj, next) = read_object(pdf, at)?;
        objects.insert(id, obj);
        order.push(id);
        at = next;
        while at < xref && pdf[at] == b'\n' {
            at += 1;
        }
    }
    for obj in objects.values_mut() {
        sort_resource_dicts(&mut obj.text);
    }

    // Renumber depth first from the catalog (then the info dictionary), references in
    // the order they are written; anything unreachable follows in file order.
    let mut new_id: HashMap<u32, u32> = HashMap::new();
    let mut visit: Vec<u32> = Vec::new();
    let mut starts = vec![root];
    starts.extend(info);
    starts.extend(order.iter().copied());
    for start in starts {
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            if new_id.contains_key(&id) || !objects.contains_key(&id) {
                continue;
            }
            let n = u32::try_from(visit.len() + 1).map_err(|_| "too many objects")?;
            new_id.insert(id, n);
            visit.push(id);
            let refs = refs_in(&objects[&id].text);
            stack.extend(refs.iter().rev().map(|r| r.id));
        }
    }

    let mut out: Vec<u8> = Vec::with_capacity(pdf.len());
    out.extend_from_slice(&pdf[..header_end]);
    let mut offsets = Vec::with_capacity(visit.len());
    for old in &visit {
        let obj = &objects[old];
        offsets.push(out.len());
        let _ = writeln!(Str(&mut out), "{} 0 obj", new_id[old]);
        let mut last = 0;
        for r in refs_in(&obj.text) {
            out.extend_from_slice(&obj.text[last..r.start]);
            let id = new_id
                .get(&r.id)
                .copied()
                .ok_or_else(|| format!("reference to missing object {}", r.id))?;
            let _ = write!(Str(&mut out), "{id} 0 R");
            last = r.end;
        }
        out.extend_from_slice(&obj.text[last..]);
        if let Some(data) = obj.stream {
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream");
        }
        out.extend_from_slice(b"\nendobj\n\n");
    }
    let xref_at = out.len();
    let mut tail = String::new();
    let _ = write!(tail, "xref\n0 {}\n0000000000 65535 f\r\n", visit.len() + 1);
    for o in offsets {
        let _ = write!(tail, "{o:010} 00000 n\r\n");
    }
    let _ = write!(
        tail,
        "trailer\n<<\n  /Size {}\n  /Root {} 0 R\n",
        visit.len() + 1,
        new_id[&root]
    );
    if let Some(i) = info.and_then(|i| new_id.get(&i)) {
        let _ = writeln!(tail, "  /Info {i} 0 R");
    }
    let _ = write!(tail, ">>\nstartxref\n{xref_at}\n%%EOF");
    out.extend_from_slice(tail.as_bytes());
    Ok(out)
}

/// `write!` into a byte vector.
struct Str<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Str<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn trailer_ref(trailer: &[u8], key: &[u8]) -> Option<u32> {
    let at = find(trailer, key, 0)? + key.len();
    let digits: Vec<u8> = trailer[at..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

fn parse_u32(bytes: &[u8]) -> Option<u32> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// Reads the object starting at `at`: its id, contents, and where the next one starts.
fn read_object(pdf: &[u8], at: usize) -> Result<(u32, Object<'_>, usize), String> {
    let line_end = find(pdf, b"\n", at).ok_or("truncated object header")?;
    let header = &pdf[at..line_end];
    let id = header
        .strip_suffix(b" 0 obj")
        .and_then(parse_u32)
        .ok_or_else(|| format!("unexpected object header at byte {at}"))?;
    let body_start = line_end + 1;
    let (text_end, length) = scan_text(pdf, body_start)?;
    let text = pdf[body_start..text_end].to_vec();
    if pdf[text_end..].starts_with(b"\nstream\n") {
        let length =
            length.ok_or_else(|| format!("stream of object {id} without a direct /Length"))?;
        let data_start = text_end + 8;
        let data_end = data_start + length;
        let rest = pdf.get(data_end..).ok_or("stream runs past the end")?;
        if !rest.starts_with(b"\nendstream\nendobj\n") {
            return Err(format!(
                "stream of object {id} does not end where /Length says"
            ));
        }
        let stream = Some(&pdf[data_start..data_end]);
        Ok((id, Object { text, stream }, data_end + 18))
    } else if pdf[text_end..].starts_with(b"\nendobj\n") {
        Ok((id, Object { text, stream: None }, text_end + 8))
    } else {
        Err(format!("object {id} does not end in endobj"))
    }
}

/// Scans an object's text from `start` to just before `\nstream\n` or `\nendobj\n` at top
/// level (skipping strings), noting a top-level `/Length n`.
fn scan_text(pdf: &[u8], start: usize) -> Result<(usize, Option<usize>), String> {
    let mut i = start;
    let mut depth = 0usize;
    let mut length = None;
    while i < pdf.len() {
        match pdf[i] {
            b'(' => i = skip_string(pdf, i)?,
            b'<' if pdf.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if pdf.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b'<' => {
                i = find(pdf, b">", i).ok_or("unterminated hex string")? + 1;
            }
            b'/' if depth == 1 && pdf[i..].starts_with(b"/Length ") => {
                let digits: Vec<u8> = pdf[i + 8..]
                    .iter()
                    .copied()
                    .take_while(u8::is_ascii_digit)
                    .collect();
                length = parse_u32(&digits).map(|n| n as usize);
                i += 8;
            }
            b'\n'
                if depth == 0
                    && (pdf[i..].starts_with(b"\nstream\n")
                        || pdf[i..].starts_with(b"\nendobj\n")) =>
            {
                return Ok((i, length));
            }
            _ => i += 1,
        }
    }
    Err("object without end".to_owned())
}

/// The index just past the literal string opening at `open`.
fn skip_string(b: &[u8], open: usize) -> Result<usize, String> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => i += 1,
        }
    }
    Err("unterminated string".to_owned())
}

/// The references `N G R` in an object's text, outside strings.
fn refs_in(text: &[u8]) -> Vec<RefSpan> {
    let mut out = Vec::new();
    let mut i = 0;
    let delim = |c: u8| c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c);
    while i < text.len() {
        match text[i] {
            b'(' => {
                i = skip_string(text, i).unwrap_or(text.len());
            }
            b'<' if text.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                i = find(text, b">", i).map_or(text.len(), |e| e + 1);
            }
            c if c.is_ascii_digit() && (i == 0 || delim(text[i - 1])) => {
                // id, space, generation, space, R, delimiter
                let a = i;
                let mut j = i;
                while j < text.len() && text[j].is_ascii_digit() {
                    j += 1;
                }
                let id_end = j;
                if text.get(j) == Some(&b' ') {
                    j += 1;
                    let g = j;
                    while j < text.len() && text[j].is_ascii_digit() {
                        j += 1;
                    }
                    if j > g
                        && text.get(j) == Some(&b' ')
                        && text.get(j + 1) == Some(&b'R')
                        && text.get(j + 2).is_none_or(|c| delim(*c))
                    {
                        if let Some(id) = parse_u32(&text[a..id_end]) {
                            out.push(RefSpan {
                                start: a,
                                end: j + 2,
                                id,
                            });
                        }
                        i = j + 2;
                        continue;
                    }
                }
                i = id_end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Sorts the one-line entries of resource sub-dictionaries (`/Font <<`, `/ExtGState <<`,
/// …) by name; svg2pdf writes them in hash-map order.
fn sort_resource_dicts(text: &mut Vec<u8>) {
    const KEYS: [&[u8]; 6] = [
        b"/ExtGState <<",
        b"/XObject <<",
        b"/Pattern <<",
        b"/Shading <<",
        b"/Font <<",
        b"/ColorSpace <<",
    ];
    let Ok(s) = std::str::from_utf8(text) else {
        return;
    };
    let lines: Vec<&str> = s.split('\n').collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        out.push(line);
        i += 1;
        if !KEYS.iter().any(|k| line.trim().as_bytes() == *k) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let Some(close) = lines[i..]
            .iter()
            .position(|l| l.trim() == ">>" && l.len() - l.trim_start().len() == indent)
        else {
            continue;
        };
        let entries = &lines[i..i + close];
        let simple = entries.iter().all(|l| {
            let t = l.trim();
            t.starts_with('/')
                && !t.ends_with("<<")
                && t.matches('[').count() == t.matches(']').count()
        });
        if simple {
            let mut sorted = entries.to_vec();
            sorted.sort_unstable();
            out.extend(sorted);
            i += close;
        }
    }
    *text = out.join("\n").into_bytes();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_outside_strings() {
        let t = b"<<\n  /A 12 0 R\n  /T (not 3 0 R here)\n  /K [4 0 R 5 0 R]\n  /N 7 0 Rx\n>>";
        let ids: Vec<u32> = refs_in(t).iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![12, 4, 5]);
    }

    #[test]
    fn resource_entries_are_sorted() {
        let mut t = b"<<\n  /Resources <<\n    /Font <<\n      /f1 9 0 R\n      /f0 8 0 R\n    >>\n  >>\n>>".to_vec();
        sort_resource_dicts(&mut t);
        let s = String::from_utf8(t).unwrap();
        assert!(s.find("/f0").unwrap() < s.find("/f1").unwrap(), "{s}");
    }
}
