//! `catchment geocode`: place pending members from their addresses (offline from the
//! loaded OSM area, or with an opt-in online service), review weak matches, or geocode
//! addresses from stdin for scripts.

use super::{output, progress_bar};
use anyhow::{Context, Result, bail};
use catchment::geocode::Gazetteer;
use catchment::geocode::batch::{BatchSummary, geocode_pending};
use catchment::geocode::online::{OnlineGeocoder, Provider};
use catchment::model::MatchLevel;
use catchment::report::Format;
use catchment::workspace::Workspace;
use clap::Args;
use std::io::{BufRead, Write};
use std::time::Duration;

/// Places members that have an address but no coordinates.
///
/// Offline by default: addresses are matched against the OpenStreetMap area loaded with
/// `catchment area load`, so no member data leaves this machine. Each result has a level:
/// house (the address point, or a number interpolated on its street), street (no usable
/// number), postcode, or none. Results are cached by normalised address, so a re-run only
/// looks up new addresses.
#[derive(Debug, Args)]
pub struct GeocodeArgs {
    /// List members matched below full confidence or not at all, with the best candidates.
    #[arg(long, conflicts_with = "stdin")]
    review: bool,
    /// Read one address per line on stdin and write `lat,lon,level` per line to stdout
    /// (an empty line when unmatched), in order, as they are read. Needs a loaded area only.
    #[arg(long)]
    stdin: bool,
    /// Use an online service instead: `nominatim:URL` (your Nominatim or Photon server)
    /// or `amap:KEY` (高德). Addresses are then sent to that service.
    #[arg(long, value_name = "PROVIDER")]
    geocoder: Option<Provider>,
    /// Minimum seconds between requests to an online service (1 s suits public Nominatim).
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    interval: f64,
    /// Look up again the addresses that matched nothing last time.
    #[arg(long)]
    retry: bool,
    /// Output format of --review: table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
}

impl GeocodeArgs {
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        if self.review {
            return review(ws, self.format);
        }
        if self.stdin {
            return from_stdin(ws);
        }
        let summary = match &self.geocoder {
            Some(provider) => {
                if !(self.interval.is_finite() && self.interval >= 0.0) {
                    bail!("--interval must be a number of seconds ≥ 0");
                }
                eprintln!(
                    "warning: member addresses will be sent to {} ({}); use the offline geocoder to keep them on this machine",
                    provider.host(),
                    provider.name()
                );
                let mut online =
                    OnlineGeocoder::new(provider.clone(), Duration::from_secs_f64(self.interval));
                run_batch(ws, &mut online, self.retry)?
            }
            None => {
                let gazetteer = load_gazetteer(ws)?;
                run_batch(ws, &mut &gazetteer, self.retry)?
            }
        };
        print_summary(&summary);
        if let Some(why) = &summary.stopped {
            bail!("geocoding stopped early: {why}; run again to continue");
        }
        Ok(())
    }
}

/// The offline gazetteer of the workspace's loaded area.
pub fn load_gazetteer(ws: &Workspace) -> Result<Gazetteer> {
    let area = ws
        .load_area()?
        .context("no area loaded: load an OpenStreetMap extract first with `catchment area load FILE.osm.pbf`")?;
    Ok(catchment::geocode::gazetteer_from_area(&area))
}

/// Geocodes the pending members (with `retry`, the unmatched ones too) with a progress bar.
pub fn run_batch(
    ws: &mut Workspace,
    resolver: &mut dyn catchment::geocode::batch::Resolver,
    retry: bool,
) -> Result<BatchSummary> {
    let bar = progress_bar(None, "geocoding");
    let s = geocode_pending(ws, resolver, retry, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    Ok(s)
}

/// Prints how many members were placed at each level.
pub fn print_summary(s: &BatchSummary) {
    let levels: Vec<String> = ["house", "street", "postcode", "none"]
        .iter()
        .map(|l| format!("{} {l}", s.levels.get(*l).copied().unwrap_or(0)))
        .collect();
    eprintln!(
        "geocoded {} members ({} distinct addresses: {} from cache, {} looked up): {}",
        s.members,
        s.addresses,
        s.from_cache,
        s.looked_up,
        levels.join(", ")
    );
}

fn review(ws: &Workspace, format: Format) -> Result<()> {
    let rows = ws.geocode_review()?;
    // Candidates come from the offline gazetteer; skip building it when nothing is listed.
    let gazetteer = if rows.is_empty() {
        None
    } else {
        ws.load_area()?
            .map(|a| catchment::geocode::gazetteer_from_area(&a))
    };
    let mut out = output(None)?;
    match format {
        Format::Json | Format::Geojson => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let cands = gazetteer.as_ref().map(|g| g.candidates(&r.address, 3)).unwrap_or_default();
                    serde_json::json!({ "id": r.id, "address": r.address, "level": r.level, "score": r.score, "label": r.label,
                        "candidates": cands.iter().map(|c| serde_json::json!({ "label": c.label, "level": c.level, "score": c.score,
                            "lat": c.position.lat_deg(), "lon": c.position.lon_deg() })).collect::<Vec<_>>() })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Csv | Format::Table => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["id", "address", "level", "score", "matched", "candidates"])?;
            for r in &rows {
                let cands = gazetteer
                    .as_ref()
                    .map(|g| g.candidates(&r.address, 3))
                    .unwrap_or_default()
                    .iter()
                    .map(|c| format!("{} ({}, {:.2})", c.label, c.level.as_str(), c.score))
                    .collect::<Vec<_>>()
                    .join(" | ");
                w.write_record([
                    r.id.clone(),
                    r.address.clone(),
                    r.level.clone(),
                    r.score.map_or(String::new(), |s| format!("{s:.2}")),
                    r.label.clone().unwrap_or_default(),
                    cands,
                ])?;
            }
            w.flush()?;
        }
    }
    out.flush()?;
    eprintln!(
        "{} members to review; fix one with `catchment member locate ID --lat LAT --lon LON`",
        rows.len()
    );
    Ok(())
}

fn from_stdin(ws: &Workspace) -> Result<()> {
    let gazetteer = load_gazetteer(ws)?;
    let stdin = std::io::stdin();
    let mut out = std::io::LineWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.context("reading stdin")?;
        let r = gazetteer.geocode(&line);
        match (r.position, r.level) {
            (Some(p), level) if level != MatchLevel::None => writeln!(
                out,
                "{:.7},{:.7},{}",
                p.lat_deg(),
                p.lon_deg(),
                level.as_str()
            )?,
            _ => writeln!(out)?,
        }
    }
    out.flush()?;
    Ok(())
}
