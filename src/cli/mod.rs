//! The command line: one file per subcommand, each turning its arguments into library
//! calls. No analysis happens here.

mod area;
mod compare;
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
mod serve;
mod shop;
mod sparse;
mod whitespace;

use anyhow::{Context, Result};
use catchment::analysis::rings::{Radii, RingPlan};
use catchment::analysis::sectors::SectorScheme;
use catchment::app::{self, AppError, BatchSummary, ShopDefault, Step};
use catchment::i18n::Lang;
use catchment::ingest::RowIssue;
use catchment::report;
use catchment::report::ReportError;
use catchment::whole_file::WholeFile;
use catchment::workspace::Workspace;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
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
    /// Workspace file holding members and shops (import, area load, shop add and demo
    /// create it when missing).
    #[arg(long, global = true, env = "CATCHMENT_WORKSPACE", value_name = "PATH")]
    workspace: Option<PathBuf>,

    /// Language of reports, summaries and maps: en or zh (default: the locale, e.g.
    /// LANG=zh_CN.UTF-8 gives zh). CSV and JSON keep English field names.
    #[arg(long, global = true, env = "CATCHMENT_LANG", value_name = "en|zh")]
    lang: Option<Lang>,

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
    /// Load an OpenStreetMap extract of the area (addresses, streets, shops, homes, basemap), or add an address file (OpenAddresses layout).
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
    /// Own shops side by side (ranks, chain median, a benchmark), or each member's nearest shops.
    Compare(compare::CompareArgs),
    // The help, short and long, comes from `WhitespaceArgs`' doc comment.
    Whitespace(whitespace::WhitespaceArgs),
    /// Members by segment, and per-member recency/frequency/monetary scores.
    Segments(segments::SegmentsArgs),
    /// The web app: the whole product in a browser on this machine.
    Serve(serve::ServeArgs),
    /// Build a workspace from the bundled Helsinki demo data: ring and sparse reports, map.
    Demo(demo::DemoArgs),
    /// Regenerate the bundled demo tables from the OSM extract (for maintainers).
    #[command(hide = true)]
    DemoData(demo_data::DemoDataArgs),
}

/// Default workspace file in the current directory.
const DEFAULT_WORKSPACE: &str = "catchment.db";

impl Cli {
    /// `--lang`, else `CATCHMENT_LANG`, else the locale's language.
    fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(|| Lang::of_locale(&locale_name()))
    }

    fn workspace_path(&self) -> PathBuf {
        self.workspace
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_WORKSPACE))
    }

    /// Opens the workspace for a command that needs one to exist: a mistyped path is an
    /// error, not a new empty workspace.
    fn open_workspace(&self) -> Result<Workspace> {
        let mut ws = Workspace::open_existing(&self.workspace_path())?;
        ws.on_wait(|notice| eprintln!("{notice}"))?;
        Ok(ws)
    }

    /// Runs a command that writes, creating the workspace when missing; when the command
    /// fails, a workspace it created and left empty is removed again.
    fn write_workspace(&self, run: impl FnOnce(&mut Workspace) -> Result<()>) -> Result<()> {
        let path = self.workspace_path();
        let existed = path.exists();
        let mut ws = Workspace::open(&path)?;
        ws.on_wait(|notice| eprintln!("{notice}"))?;
        let outcome = run(&mut ws);
        if outcome.is_err() && !existed {
            // The command's own error is the one to report.
            let _ = ws.remove_if_empty();
        }
        outcome
    }

    /// Runs `demo`, which opens the workspace itself; when it fails, a workspace given with
    /// --workspace that it created and left empty is removed again.
    fn demo(&self, args: &demo::DemoArgs, lang: Lang) -> Result<()> {
        let new = self.workspace.as_deref().filter(|p| !p.exists());
        let outcome = args.run(self.workspace.as_deref(), lang);
        if let (Err(_), Some(path)) = (&outcome, new) {
            if let Ok(ws) = Workspace::open_existing(path) {
                let _ = ws.remove_if_empty();
            }
        }
        outcome
    }
}

/// Runs the command line and maps the outcome to an exit code (0 ok, 1 failure, 2 usage).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang();
    let outcome = match &cli.command {
        Command::Import(c) => cli.write_workspace(|ws| c.run(ws, lang)),
        Command::Shop(c @ shop::ShopCommand::Add(_)) => cli.write_workspace(|ws| c.run(ws, lang)),
        Command::Shop(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws, lang)),
        Command::Area(c @ area::AreaCommand::Load { .. }) => {
            cli.write_workspace(|ws| c.run(ws, lang))
        }
        Command::Area(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws, lang)),
        // Geocoding, placing a member and finding competitors need members, an area or
        // own shops already there: on a new path they fail, so they do not create it.
        Command::Geocode(a) => cli.open_workspace().and_then(|mut ws| a.run(&mut ws, lang)),
        Command::Member(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Competitors(c) => cli.open_workspace().and_then(|mut ws| c.run(&mut ws)),
        Command::Rings(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Map(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Sparse(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Competition(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Compare(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Whitespace(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Segments(a) => cli.open_workspace().and_then(|ws| a.run(&ws, lang)),
        Command::Serve(a) => a.run(&cli.workspace_path()),
        Command::Demo(a) => cli.demo(a, lang),
        Command::DemoData(a) => a.run(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", printable(&e.to_string()));
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {}", printable(&cause.to_string()));
            }
            ExitCode::FAILURE
        }
    }
}

/// The most characters of one error message shown: a message quoting a cell of a
/// hostile file must not flood the terminal.
const MAX_ERROR_CHARS: usize = 600;

/// An error message safe to print: control characters (but line breaks) escaped as
/// `\u{1b}`, so a cell cannot drive the terminal, and at most [`MAX_ERROR_CHARS`].
fn printable(message: &str) -> String {
    let mut out = String::new();
    for (n, c) in message.chars().enumerate() {
        if n == MAX_ERROR_CHARS {
            let rest = message.chars().count() - n;
            out.push_str(&format!("… ({rest} more characters)"));
            break;
        }
        if c.is_control() && c != '\n' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<ReportError>().is_some_and(ReportError::is_broken_pipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}

/// Ring radii and sectors, as every ring-based command takes them.
#[derive(Debug, Args)]
struct RingArgs {
    /// Ring radii in metres, ascending (the last is the outer radius of every analysis).
    #[arg(long, default_value_t = Radii::default(), value_name = "METRES,…")]
    radii: Radii,
    /// Number of compass sectors: 4, 8 or 16.
    #[arg(long, default_value_t = SectorScheme::EIGHT)]
    sectors: SectorScheme,
}

impl RingArgs {
    fn plan(&self) -> Result<RingPlan> {
        Ok(RingPlan::from_radii(&self.radii, self.sectors)?)
    }
}

/// The shops a command works on (see [`app::select_shops`]); when several own shops need a
/// choice, the error says how to make it: `--shop NAME` and `several_hint`.
fn select_shops(
    ws: &Workspace,
    name: Option<&str>,
    default: ShopDefault,
    several_hint: &str,
) -> Result<Vec<catchment::model::Shop>> {
    app::select_shops(&ws.shops()?, name, default).map_err(|e| shop_flag_hint(e, several_hint))
}

/// The own shop called `name`, or the only own shop (see [`app::own_shop`]).
fn own_shop(ws: &Workspace, name: Option<&str>) -> Result<catchment::model::Shop> {
    app::own_shop(&ws.shops()?, name).map_err(|e| shop_flag_hint(e, ""))
}

/// Says which flag makes the choice when several own shops need one.
fn shop_flag_hint(e: AppError, several_hint: &str) -> anyhow::Error {
    match e {
        AppError::SeveralOwnShops { names } => {
            anyhow::anyhow!("several own shops ({names}): pick one with --shop NAME{several_hint}")
        }
        other => other.into(),
    }
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

/// A progress callback of geocoding, drawn on `bar`.
fn geocode_progress(bar: &ProgressBar) -> impl FnMut(usize, usize) + '_ {
    |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    }
}

/// Progress bars for the steps of a use case, one at a time: a new bar when the step
/// changes.
struct StepBars {
    step: Option<Step>,
    bar: ProgressBar,
}

impl StepBars {
    fn new() -> Self {
        Self {
            step: None,
            bar: ProgressBar::hidden(),
        }
    }

    fn update(&mut self, step: Step, done: u64, total: Option<u64>) {
        if self.step != Some(step) {
            self.bar.finish_and_clear();
            let what = match step {
                Step::ReadingTable => "importing",
                Step::ReadingExtract => "reading extract",
                Step::Geocoding => "geocoding",
            };
            self.bar = progress_bar(None, what);
            self.step = Some(step);
        }
        if let Some(t) = total {
            self.bar.set_length(t);
        }
        self.bar.set_position(done);
    }
}

impl Drop for StepBars {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Summarises rejections by reason on stderr (a few examples each, no cell values) and
/// writes them all to `--rejected` when given.
pub(crate) fn report_rejections(
    issues: &[RowIssue],
    file: Option<&Path>,
    reads: &[&Path],
    lang: Lang,
) -> Result<()> {
    if issues.is_empty() {
        return Ok(());
    }
    let mut by_kind: BTreeMap<_, Vec<&RowIssue>> = BTreeMap::new();
    for i in issues {
        by_kind.entry(i.kind).or_default().push(i);
    }
    let texts = lang.texts();
    eprintln!("{}", texts.rejected_heading());
    for (kind, list) in &by_kind {
        let rows: Vec<usize> = list.iter().map(|i| i.row).collect();
        eprintln!("{}", texts.rejected_by_reason(*kind, &rows, list[0]));
    }
    if let Some(path) = file {
        let mut out = output(Some(path), reads)?;
        report::write_rejected_csv(issues, &mut out)
            .with_context(|| format!("writing {}", path.display()))?;
        out.finish()?;
    }
    let written_to = file.map(|p| p.display().to_string());
    eprintln!("{}", texts.rejected_written(written_to.as_deref()));
    Ok(())
}

/// Says on stderr, in the reader's language, how many members an analysis leaves out
/// and why (nothing when every member has a position).
fn note_left_out(snap: &app::Snapshot, lang: Lang) {
    if snap.unplaced() > 0 {
        let counts = snap.counts();
        let no_address = snap.unplaced() - counts.pending - counts.unplaced;
        let note = lang
            .texts()
            .left_out(counts.total, counts.pending, counts.unplaced, no_address);
        eprintln!("{note}");
    }
}

/// Prints how many members a geocoding run placed at each level.
fn print_geocoded(s: &BatchSummary, lang: Lang) {
    let levels: Vec<(&str, usize)> = ["house", "compound", "street", "postcode", "none"]
        .iter()
        .map(|l| (*l, s.levels.get(*l).copied().unwrap_or(0)))
        .collect();
    let texts = lang.texts();
    let line = texts.geocoded(s.members, s.addresses, s.from_cache, s.looked_up, &levels);
    eprintln!("{line}");
}

/// The locale's name as POSIX finds it: `LC_ALL`, `LC_MESSAGES`, then `LANG`.
fn locale_name() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
}

/// Where a command writes its data: `--out FILE`, or stdout for none or `-`. A file is
/// written whole ([`WholeFile`]: renamed into place by [`Output::finish`]), so a command
/// that fails leaves no half file under the real name. `reads` are the files the command
/// reads (its workspace, an input table): writing onto one of them is refused.
fn output(out: Option<&Path>, reads: &[&Path]) -> Result<Output> {
    let Some(path) = out.filter(|p| *p != Path::new("-")) else {
        return Ok(Output::Stdout(io::BufWriter::new(io::stdout().lock())));
    };
    out_folder_exists(path)?;
    refuse_overwriting(path, reads)?;
    let file = WholeFile::create(path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    Ok(Output::File(file, path.to_path_buf()))
}

/// An output being written: stdout, or a file under its temporary name.
enum Output {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File(WholeFile, PathBuf),
}

impl Output {
    /// Flushes and, for a file, puts it under its real name.
    fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => io::Write::flush(&mut w)?,
            Output::File(file, path) => file
                .commit()
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        }
        Ok(())
    }
}

impl io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f, _) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f, _) => f.flush(),
        }
    }
}

/// Refuses to write `path` when it is one of the files the command reads, or the
/// workspace's journal beside one: `--rejected members.csv` must not destroy the input.
fn refuse_overwriting(path: &Path, reads: &[&Path]) -> Result<()> {
    // The target may not exist yet (a workspace's journal comes and goes): compare the
    // real folder and the name.
    let real = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    let Some(target) = real(path) else {
        return Ok(());
    };
    for read in reads {
        let Ok(read) = std::fs::canonicalize(read) else {
            continue;
        };
        let journal = |suffix: &str| {
            let mut p = read.as_os_str().to_owned();
            p.push(suffix);
            PathBuf::from(p)
        };
        if target == read || target == journal("-wal") || target == journal("-shm") {
            anyhow::bail!(
                "refusing to write {}: the command reads that file; choose another output path",
                path.display()
            );
        }
    }
    Ok(())
}

/// An output file's folder must exist: a typo in it should not create folders silently.
fn out_folder_exists(path: &std::path::Path) -> Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => anyhow::bail!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            dir.display()
        ),
        _ => Ok(()),
    }
}

/// Serves the web app for `workspace` until Ctrl-C (`catchment serve`, `demo --serve`).
fn serve_workspace(
    workspace: &std::path::Path,
    addr: std::net::SocketAddr,
    token: Option<String>,
    open: bool,
    upload_limit_mb: usize,
) -> Result<()> {
    let config = catchment::server::ServerConfig {
        workspace: workspace.to_path_buf(),
        token,
        upload_limit_bytes: upload_limit_mb.saturating_mul(1024 * 1024),
        allowed_hosts: Vec::new(),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let path = workspace.display().to_string();
    runtime.block_on(catchment::server::serve(addr, config, |bound| {
        let url = format!("http://{bound}/");
        eprintln!("catchment serves {path} at {url} (Ctrl-C stops it)");
        if open {
            open_browser(&url);
        }
    }))?;
    Ok(())
}

/// Asks the desktop to open `url`; says so when it cannot.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("open {url} in your browser");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_escape_control_characters_and_are_capped() {
        assert_eq!(
            printable("bad \u{1b}[31mred\u{7}"),
            "bad \\u{1b}[31mred\\u{7}"
        );
        assert_eq!(printable("two\nlines\ttab"), "two\nlines\\ttab");
        let long = "x".repeat(MAX_ERROR_CHARS + 50);
        let shown = printable(&long);
        assert!(shown.ends_with("… (50 more characters)"), "{shown}");
        assert_eq!(shown.chars().filter(|c| *c == 'x').count(), MAX_ERROR_CHARS);
    }
}
