//! The comparison of own shops as an aligned table (in the reader's language) and as CSV,
//! and the per-member export of nearest own shop and nearest competitor as CSV.

use super::CsvWriter;
use super::write_columns;
use crate::analysis::compare::Comparison;
use crate::analysis::nearest::MemberNearest;
use crate::i18n::{Lang, figure_difference as signed, figure_value as human};
use std::io::{self, Write};

/// Writes the comparison as a table: a sentence on what it shows, one row per shop with
/// each figure and its rank, the chain's medians, and the differences from the benchmark.
///
/// # Errors
/// When writing fails.
pub fn write_compare_table(c: &Comparison, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let t = lang.texts();
    writeln!(out, "{}", t.compare_heading(c))?;
    let head: Vec<String> = std::iter::once(t.compare_shop_head().to_owned())
        .chain(c.figures.iter().map(|f| t.compare_figure(*f, &c.radii_m)))
        .collect();
    let mut rows = vec![head.clone()];
    for s in &c.shops {
        let cells = c.figures.iter().zip(&s.values).zip(&s.ranks);
        rows.push(
            std::iter::once(s.shop.clone())
                .chain(cells.map(|((f, v), r)| match r {
                    Some(r) => format!("{} #{r}", human(*f, *v)),
                    None => human(*f, *v),
                }))
                .collect(),
        );
    }
    rows.push(
        std::iter::once(t.chain_median().to_owned())
            .chain(
                c.figures
                    .iter()
                    .zip(&c.chain_median)
                    .map(|(f, v)| human(*f, *v)),
            )
            .collect(),
    );
    write_columns(&rows, true, out)?;
    if let Some(benchmark) = &c.benchmark {
        writeln!(out)?;
        writeln!(out, "{}", t.compare_vs(benchmark))?;
        let mut rows = vec![head];
        for s in c.shops.iter().filter(|s| &s.shop != benchmark) {
            let diffs = s.vs_benchmark.iter().flatten();
            rows.push(
                std::iter::once(s.shop.clone())
                    .chain(c.figures.iter().zip(diffs).map(|(f, d)| signed(*f, *d)))
                    .collect(),
            );
        }
        write_columns(&rows, true, out)?;
    }
    if !c.overlaps.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", t.compare_overlaps_heading())?;
        for o in &c.overlaps {
            writeln!(out, "  {}", t.compare_overlap(o))?;
        }
    }
    Ok(())
}

/// A figure for scripts: full precision, empty when unknown.
fn raw(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

/// Writes the comparison as CSV: `shop`, then each figure's code, its `rank_` and, with a
/// benchmark, its `vs_benchmark_` difference; a last row `chain median` holds the medians.
///
/// # Errors
/// When writing fails.
pub fn write_compare_csv(c: &Comparison, out: &mut dyn Write) -> csv::Result<()> {
    let mut w = CsvWriter::from_writer(out);
    let mut head = vec!["shop".to_owned()];
    head.extend(c.figures.iter().map(|f| f.code()));
    head.extend(c.figures.iter().map(|f| format!("rank_{}", f.code())));
    if c.benchmark.is_some() {
        head.extend(
            c.figures
                .iter()
                .map(|f| format!("vs_benchmark_{}", f.code())),
        );
    }
    w.write_record(&head)?;
    for s in &c.shops {
        let mut row = vec![s.shop.clone()];
        row.extend(s.values.iter().map(|v| raw(*v)));
        row.extend(
            s.ranks
                .iter()
                .map(|r| r.map_or(String::new(), |r| r.to_string())),
        );
        if let Some(d) = &s.vs_benchmark {
            row.extend(d.iter().map(|v| raw(*v)));
        }
        w.write_record(&row)?;
    }
    let mut median = vec!["chain median".to_owned()];
    median.extend(c.chain_median.iter().map(|v| raw(*v)));
    median.resize(head.len(), String::new());
    w.write_record(&median)?;
    w.flush()?;
    Ok(())
}

/// Writes one row per member: id, nearest own shop and its distance, nearest competitor
/// and its distance, whether the competitor is nearer. No names, no phones.
///
/// # Errors
/// When writing fails.
pub fn write_members_nearest_csv(rows: &[MemberNearest], out: &mut dyn Write) -> csv::Result<()> {
    let mut w = CsvWriter::from_writer(out);
    w.write_record([
        "id",
        "nearest_own_shop",
        "own_shop_distance_m",
        "nearest_competitor",
        "competitor_distance_m",
        "competitor_nearer",
    ])?;
    let (mut own_m, mut rival_m) = (String::new(), String::new());
    let metres = |text: &mut String, d: Option<f64>| {
        text.clear();
        if let Some(d) = d {
            let _ = std::fmt::Write::write_fmt(text, format_args!("{d:.2}"));
        }
    };
    for r in rows {
        metres(&mut own_m, r.own_shop_m);
        metres(&mut rival_m, r.competitor_m);
        w.write_record([
            r.id,
            r.own_shop.unwrap_or(""),
            &own_m,
            r.competitor.unwrap_or(""),
            &rival_m,
            r.competitor_nearer
                .map_or("", |b| if b { "yes" } else { "no" }),
        ])?;
    }
    w.flush()?;
    Ok(())
}
