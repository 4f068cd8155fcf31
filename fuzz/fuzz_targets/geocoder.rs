//! The offline geocoder's reading of an address (parsing, normalising, matching) against
//! the small test extract: any text gives an answer, never a panic, in bounded time.

#![no_main]

use catchment::geocode::{Gazetteer, gazetteer_from_area};
use catchment::osm::read_extract;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/area_small.osm.pbf");
        let area = read_extract(&path, &mut |_, _| {}).expect("the test extract");
        gazetteer_from_area(&area)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(address) = std::str::from_utf8(data) {
        let _ = gazetteer().geocode(address);
    }
});
