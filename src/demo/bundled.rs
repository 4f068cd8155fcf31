//! The demo's inputs, built into the binary so that `catchment demo` works from any
//! folder: the OpenStreetMap extract of central Helsinki (© OpenStreetMap contributors,
//! ODbL 1.0) and the generated shop and member tables (see `data/README.md`).

/// The path of the extract inside a demo data folder.
pub const EXTRACT: &str = "helsinki.osm.pbf";
/// The path of the member table inside a demo data folder.
pub const MEMBERS: &str = "demo/members.csv";
/// The path of the shop table inside a demo data folder.
pub const SHOPS: &str = "demo/shops.csv";

/// Every bundled file: its path inside a demo data folder, and its bytes.
pub const FILES: [(&str, &[u8]); 3] = [
    (EXTRACT, include_bytes!("../../data/helsinki.osm.pbf")),
    (MEMBERS, include_bytes!("../../data/demo/members.csv")),
    (SHOPS, include_bytes!("../../data/demo/shops.csv")),
];
