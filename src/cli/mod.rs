//! The command line: one file per subcommand, each turning its arguments into library
//! calls. No analysis happens here.

mod area;
mod competition;
mod competitors;
mod demo;
mod demo_data;
mod geocode;
mod import;
mod map;
mod member;
mod rings;
mod segments;
mod shop;
mod sparse;

use anyhow::Result;
use catchment::workspace::Workspace;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

/// Customer geo-map and store radius analyzer.
///
/// Put a member list on the map and count members in rings of 150, 300, 450, 600 and
/// 1000 m around your shop and its competitors. Everything stays on this machine.
///
/// A first session:
///
///   catchment area load city.osm.pbf         # OpenStreetMap extract: offline geocoding, basemap
///   catchment import members members.csv      # CSV/XLSX, UTF-8 or GBK, en/zh headers
///   catchment shop add "My salon" --lat 60.1699 --lon 24.9384
///   catchment rings --shop "My salon"
///   catchment map --out map.pdf
///
/// Or try it on bundled Helsinki data: `catchment demo`.
#[derive(Debug, Parser)]
#[command(name = "catchment", version, verbatim_doc_comment)]
struct Cli {
    /// Workspace file holding members and shops (created when missing).
    #[arg(long, global = true, env = "CATCHMENT_WORKSPACE", value_name = "PATH")]
    workspace: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import a member table or a shop table into the workspace.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Add, list or remove own shops and competitors.
    #[command(subcommand)]
    Shop(shop::ShopCommand),
    /// Load an OpenStreetMap extract of the area (addresses, streets, shops, homes, basemap).
    #[command(subcommand)]
    Area(area::AreaCommand),
    /// Place members from their addresses (offline from the loaded area by default).
    Geocode(geocode::GeocodeArgs),
    /// Fix a member's position by hand.
    #[command(subcommand)]
    Member(member::MemberCommand),
    /// Find competitors among the loaded area's shops.
    #[command(subcommand)]
    Competitors(competitors::CompetitorsCommand),
    /// Members per ring and sector around shops or competitors.
    Rings(rings::RingsArgs),
    /// Draw the customer map: rings, members by segment, competitors, basemap (PDF/SVG/PNG).
    Map(map::MapArgs),
    /// Sparse areas: fewer members than the shop's distance decay expects, why, leaflets and campaign lists.
    Sparse(sparse::SparseArgs),
    /// Competitors, Huff market share per cell, and overlap between own shops.
    Competition(competition::CompetitionArgs),
    /// Members by segment, and per-member recency/frequency/monetary scores.
    Segments(segments::SegmentsArgs),
    /// Build a workspace from the bundled Helsinki demo data: ring and sparse reports, map.
    Demo(demo::DemoArgs),
    /// Regenerate the bundled demo tables from the OSM extract (for maintainers).
    #[command(hide = true)]
    DemoData(demo_data::DemoDataArgs),
}

/// Default workspace file in the current directory.
const DEFAULT_WORKSPACE: &str = "catchment.db";

impl Cli {
    fn open_workspace(&self) -> Result<Workspace> {
        let path = self
            .workspace
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_WORKSPACE));
        Ok(Workspace::open(&path)?)
    }
}

/// Runs the command line and maps the outcome to an exit code (0 ok, 1 failure, 2 usage).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Import(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Shop(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Area(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Geocode(a) => cli.open_workspace().and_then(|mut ws| a.run(&mut ws)),
        Command::Member(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Competitors(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Rings(a) => cli.open_workspace().and_then(|ws| a.run(&ws)),
        Command::Map(a) => cli.open_workspace().and_then(|ws| a.run(&ws)),
        Command::Sparse(a) => cli.open_workspace().and_then(|ws| a.run(&ws)),
        Command::Competition(a) => cli.open_workspace().and_then(|ws| a.run(&ws)),
        Command::Segments(a) => cli.open_workspace().and_then(|ws| a.run(&ws)),
        Command::Demo(a) => a.run(cli.workspace.as_deref()),
        Command::DemoData(a) => a.run(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}

/// The workspace's located members with their segments decided against `as_of` (default:
/// the latest visit in the data).
fn located_member_set(
    ws: &catchment::workspace::Workspace,
    as_of: Option<chrono::NaiveDate>,
) -> Result<catchment::analysis::MemberSet> {
    Ok(catchment::analysis::MemberSet::new(
        ws.located_members()?,
        as_of,
        &catchment::analysis::segments::SegmentRules::default(),
    ))
}

/// Which shops a command covers when `--shop` is not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShopDefault {
    /// The only own shop (an error naming them when there are several).
    TheOnlyOwnShop,
    /// Every own shop.
    EveryOwnShop,
    /// Every competitor.
    EveryCompetitor,
}

/// The shops a command works on: the one named by `--shop`, else per `default`.
/// `several_hint` finishes the sentence when several own shops need a choice.
fn select_shops(
    all: &[catchment::model::Shop],
    name: Option<&str>,
    default: ShopDefault,
    several_hint: &str,
) -> Result<Vec<catchment::model::Shop>> {
    use catchment::model::ShopKind;
    let names = |shops: &[&catchment::model::Shop]| {
        shops
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = name {
        return match all.iter().find(|s| s.name == name) {
            Some(s) => Ok(vec![s.clone()]),
            None => anyhow::bail!(
                "no shop named '{name}' (shops: {})",
                names(&all.iter().collect::<Vec<_>>())
            ),
        };
    }
    let of_kind = |kind| all.iter().filter(|s| s.kind == kind).collect::<Vec<_>>();
    let own = of_kind(ShopKind::Own);
    let chosen = match default {
        ShopDefault::EveryCompetitor => of_kind(ShopKind::Competitor),
        ShopDefault::EveryOwnShop => own,
        ShopDefault::TheOnlyOwnShop if own.len() > 1 => {
            anyhow::bail!(
                "several own shops ({}): pick one with --shop NAME{several_hint}",
                names(&own)
            )
        }
        ShopDefault::TheOnlyOwnShop => own,
    };
    if chosen.is_empty() {
        match default {
            ShopDefault::EveryCompetitor => anyhow::bail!(
                "no competitors yet: `catchment shop add NAME --lat LAT --lon LON --competitor` or `catchment competitors discover`"
            ),
            _ => anyhow::bail!(
                "no own shop yet: add one with `catchment shop add NAME --lat LAT --lon LON`"
            ),
        }
    }
    Ok(chosen.into_iter().cloned().collect())
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress_bar(len: Option<u64>, what: &str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        ),
        None => ProgressBar::new_spinner(),
    };
    bar.set_message(what.to_string());
    bar
}

/// Where a command writes its data: `--out FILE` or stdout.
fn output(out: Option<&std::path::Path>) -> Result<Box<dyn io::Write>> {
    Ok(match out {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(p)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}
