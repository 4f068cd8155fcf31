//! `catchment whitespace`: where the chain's next own shop would gain the most members.

use super::{note_left_out, out_folder_exists, output, progress_bar, refuse_overwriting};
use anyhow::Result;
use catchment::analysis::whitespace::parse_grid;
use catchment::app::{self, Snapshot};
use catchment::i18n::Lang;
use catchment::render::{self, Paper, WhitespaceMapSpec};
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use clap::Args;
use std::path::PathBuf;

/// Candidate sites for the next own shop, ranked by the members it would gain
///
/// Every H3 hexagon of the loaded area near its homes is a candidate. For each: its
/// dwellings and members, the nearest own shop and competitor (geodesic), the members a
/// shop at its centre would be expected to draw, how many of those it would take from
/// our own shops (cannibalization), and the net gain, draw − cannibalized.
///
/// The model comes from the chain's own members: penetration falls with distance as
/// p(d) = c · e^(−d/L) members per dwelling, and a home picks among our shops, the
/// competitors and the candidate by Huff shares d^(−λ) / Σ d^(−λ). L is first fitted on
/// every own shop's own members within 3 km against the homes there; then L, λ and c
/// together by maximum likelihood (λ is the textbook 2 when no rival lets it be fitted).
/// When penetration does not fall with distance there is no model and nothing is ranked.
///
///   catchment whitespace                     # best 10 sites as a table, model stated
///   catchment whitespace --top 20 --format csv -o sites.csv
///   catchment whitespace --map whitespace.pdf
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct WhitespaceArgs {
    /// Candidate hexagons: h3:9 (≈ 0.1 km², 174 m a side), h3:8 (≈ 0.74 km²) or h3:10
    /// (≈ 0.015 km²); any H3 resolution from 6 to 11.
    #[arg(long, default_value = "h3:9", value_name = "h3:N")]
    grid: String,
    /// How many of the best sites to list and number on the map (0: every candidate).
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
    /// Output format: table (with the model and its parameters), csv or json (the model
    /// and the sites, each with its hexagon's corners as [lon, lat]).
    #[arg(long, default_value = "table")]
    format: Format,
    /// Write to this file instead of stdout (`-`: stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Also draw the map: hexagons shaded by net gain, the best sites numbered, our shops
    /// and the competitors over the basemap (.pdf, .svg or .png, landscape).
    #[arg(long, value_name = "FILE.pdf|.svg|.png")]
    map: Option<PathBuf>,
    /// Paper size of the map: a4, a3 or letter.
    #[arg(long, default_value = "a4")]
    paper: Paper,
    /// Resolution of a PNG map in dots per inch.
    #[arg(long, default_value_t = 150)]
    dpi: u32,
}

impl WhitespaceArgs {
    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        let resolution = parse_grid(&self.grid)?;
        if let Some(map) = &self.map {
            render::MapFormat::from_path(map)?;
            out_folder_exists(map)?;
            refuse_overwriting(map, &[ws.path()])?;
        }
        let snap = Snapshot::read(ws, None)?;
        let bar = progress_bar(Some(0), "weighing sites");
        let w = app::whitespace(&snap, resolution, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        });
        bar.finish_and_clear();
        let w = w?;
        note_left_out(&snap, lang);
        let mut out = output(self.out.as_deref(), &[ws.path()])?;
        report::write_whitespace(&w, self.top, self.format, lang, &mut out)?;
        out.finish()?;
        if let Some(map) = &self.map {
            let spec = WhitespaceMapSpec {
                paper: self.paper,
                lang,
                top: if self.top == 0 {
                    w.sites.len()
                } else {
                    self.top
                },
                dpi: self.dpi,
            };
            render::write_whitespace_map(snap.map_data(), &w, &spec, map)?;
            eprintln!(
                "{}",
                lang.texts()
                    .whitespace_map_written(&map.display().to_string())
            );
        }
        Ok(())
    }
}
