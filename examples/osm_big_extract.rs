//! Time and peak memory of reading a big OSM extract (not bundled), against the least any
//! reader of the file can do (osmpbf decoding and counting every element in parallel).
//!
//! ```text
//! cargo run --release --example osm_big_extract -- city.osm.pbf [ONE_PASS_MAX_BYTES]
//! ```
//!
//! `ONE_PASS_MAX_BYTES` overrides the size up to which an extract is read in one pass
//! (`catchment::osm::ONE_PASS_MAX_BYTES`). Figures go to stderr; peak and current memory
//! come from `/proc/self/status` (Linux; 0 elsewhere).

use catchment::osm::{ONE_PASS_MAX_BYTES, read_extract_with};
use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        return Err("usage: osm_big_extract EXTRACT.osm.pbf [ONE_PASS_MAX_BYTES]".into());
    };
    let one_pass_max = match args.next() {
        Some(v) => v
            .to_str()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{v:?} is not a number of bytes"))?,
        None => ONE_PASS_MAX_BYTES,
    };
    let before_kb = status_kb("VmHWM:");
    let started = Instant::now();
    let elements =
        osmpbf::ElementReader::from_path(&path)?.par_map_reduce(|_| 1u64, || 0, |a, b| a + b)?;
    eprintln!(
        "baseline: osmpbf decodes {elements} elements in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let area = read_extract_with(&path, &mut |_, _| {}, one_pass_max)?;
    eprintln!(
        "{}: {:.1} s, peak RSS {} MB (before {} MB); {} addresses, {} streets, {} pois, \
         {} homes, {} lines, {} areas",
        path.display(),
        started.elapsed().as_secs_f64(),
        status_kb("VmHWM:") / 1024,
        before_kb / 1024,
        area.addresses.len(),
        area.streets.len(),
        area.pois.len(),
        area.homes.len(),
        area.basemap.lines.len(),
        area.basemap.areas.len()
    );
    let vertices: usize = area
        .basemap
        .areas
        .iter()
        .flat_map(|a| a.rings.iter())
        .map(Vec::len)
        .sum::<usize>()
        + area
            .basemap
            .lines
            .iter()
            .map(|l| l.points.len())
            .sum::<usize>()
        + area
            .streets
            .iter()
            .flat_map(|s| s.lines.iter())
            .map(Vec::len)
            .sum::<usize>();
    eprintln!(
        "{vertices} vertices in the area ({} MB as LonLat)",
        (vertices * 16) >> 20
    );
    eprintln!("RSS holding the area: {} MB", status_kb("VmRSS:") / 1024);
    Ok(())
}

/// A `kB` figure of `/proc/self/status` (`VmHWM:` peak, `VmRSS:` current); 0 without one.
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(key))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .unwrap_or(0)
}
