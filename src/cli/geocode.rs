//! `catchment geocode`: place pending members from their addresses (offline from the
//! loaded OSM area, or with an opt-in online service), review weak matches, or geocode
//! addresses from stdin for scripts.

use super::{geocode_progress, output, print_geocoded, progress_bar};
use anyhow::{Context, Result, bail};
use catchment::app;
use catchment::geocode::online::{OnlineGeocoder, Provider};
use catchment::geocode::{AddressLines, Geocoded};
use catchment::i18n::Lang;
use catchment::model::MatchLevel;
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use clap::Args;
use std::io::Write;
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
    /// (an empty line when unmatched, not UTF-8 or longer than an address), in order, as
    /// they are read. Needs a loaded area only.
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
    pub fn run(&self, ws: &mut Workspace, lang: Lang) -> Result<()> {
        if self.review {
            let items = app::geocode_review(ws)?;
            let mut out = output(None, &[])?;
            report::write_review(&items, self.format, &mut out)?;
            out.finish()?;
            eprintln!(
                "{} members to review; fix one with `catchment member locate ID --lat LAT --lon LON`",
                items.len()
            );
            return Ok(());
        }
        if self.stdin {
            return from_stdin(ws);
        }
        let bar = progress_bar(None, "geocoding");
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
                app::geocode_pending(ws, &mut online, self.retry, &mut geocode_progress(&bar))?
            }
            None => {
                let gazetteer = app::offline_gazetteer(ws)?;
                app::geocode_pending(ws, &mut &gazetteer, self.retry, &mut geocode_progress(&bar))?
            }
        };
        bar.finish_and_clear();
        print_geocoded(&summary, lang);
        if let Some(why) = &summary.stopped {
            bail!("geocoding stopped early: {why}; run again to continue");
        }
        Ok(())
    }
}

/// Geocodes each line of stdin as it comes: `lat,lon,level`, or an empty line.
fn from_stdin(ws: &Workspace) -> Result<()> {
    let gazetteer = app::offline_gazetteer(ws)?;
    let mut lines = AddressLines::new(std::io::stdin().lock());
    let mut out = std::io::LineWriter::new(std::io::stdout().lock());
    while let Some(line) = lines.next_line().context("reading stdin")? {
        let r = line.map_or_else(Geocoded::none, |address| gazetteer.geocode(address));
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
