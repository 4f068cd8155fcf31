//! Property: whatever damage a CSV member file suffers — stray quotes, bytes that are
//! not UTF-8, fields added or lost, the file cut anywhere — reading it never panics, and
//! every non-blank line after the header is accounted for exactly once, as a member or a
//! rejected row with its own row number (imported + rejected = data rows). A file refused
//! whole must have lost its header to the cut.

use catchment::ingest::members::{MemberImportOptions, RowOutcome, open_members};
use proptest::prelude::*;
use std::io::Write;

const HEADER: &str = "id,name,address,lat,lon,visits";
const NAMES: [&str; 5] = ["Nyström", "Mäki", "Åsa Öberg", "Virtanen", "张伟"];

#[derive(Debug, Clone)]
enum Damage {
    /// A quote before cell `n` (mod the row's cells): a quoted cell that never closes.
    QuoteAtCell(usize),
    /// A quote inside the line at byte `n` (mod its length).
    QuoteInside(usize),
    /// A byte that is never UTF-8, at byte `n`.
    BadByte(usize),
    ExtraField,
    MissingField,
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::QuoteAtCell),
        any::<usize>().prop_map(Damage::QuoteInside),
        any::<usize>().prop_map(Damage::BadByte),
        Just(Damage::ExtraField),
        Just(Damage::MissingField),
    ]
}

fn line(i: usize) -> Vec<u8> {
    let name = NAMES[i % NAMES.len()];
    format!(
        "M{i},{name} {i},Mäkelänkatu {i},60.{:04},24.{:04},{}",
        1000 + i,
        9000 + i,
        i % 7
    )
    .into_bytes()
}

/// Applies one damage to one line (at most one per line, so a stray quote's next line
/// still looks like a row).
fn apply(mut line: Vec<u8>, damage: &Damage) -> Vec<u8> {
    match damage {
        Damage::QuoteAtCell(n) => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    line.iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b',')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            line.insert(starts[n % starts.len()], b'"');
        }
        Damage::QuoteInside(n) => line.insert(n % line.len(), b'"'),
        Damage::BadByte(n) => line.insert(n % line.len(), 0xFF),
        Damage::ExtraField => line.extend_from_slice(b",extra"),
        Damage::MissingField => {
            let cut = line.iter().rposition(|b| *b == b',').unwrap_or(0);
            line.truncate(cut);
        }
    }
    line
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_line_is_imported_or_rejected_once(
        rows in 1_usize..40,
        damages in proptest::collection::btree_map(0_usize..40, damage(), 0..6),
        cut in proptest::option::of(any::<usize>()),
        crlf in any::<bool>(),
    ) {
        let newline: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(newline);
        for i in 0..rows {
            let plain = line(i);
            let damaged = match damages.get(&i) {
                Some(d) => apply(plain, d),
                None => plain,
            };
            bytes.extend(damaged);
            bytes.extend_from_slice(newline);
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        file.write_all(&bytes).unwrap();

        let header_whole = bytes.starts_with(HEADER.as_bytes());
        let (mut table, mut parser) = match open_members(file.path(), &MemberImportOptions::default()) {
            Ok(opened) => opened,
            Err(e) => {
                prop_assert!(!header_whole, "refused with its header whole: {}", e);
                let msg = e.to_string();
                prop_assert!(msg.len() < 1000, "{}", msg);
                return Ok(());
            }
        };
        // Lines after the header holding anything, by their 1-based number.
        let data_lines: Vec<usize> = bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .skip(1)
            .filter(|(_, l)| !l.trim_ascii().is_empty())
            .map(|(i, _)| i + 1)
            .collect();
        let mut reported: Vec<usize> = table
            .rows()
            .map(|raw| match parser.parse(raw) {
                RowOutcome::Member(m) => m.row,
                RowOutcome::Rejected(r) => r.row,
            })
            .collect();
        reported.sort_unstable();
        prop_assert_eq!(reported, data_lines);
    }
}
