//! catchment: customer geo-map and store radius analyzer.
//!
//! The modules are listed in the order the data flows (`ARCHITECTURE.md` has the rules):
//!
//! ```text
//! coord, geodesy, model          shared: coordinates, distances/bearings/frames, records
//! whole_file                     files written under a temporary name, renamed when whole
//! ingest ─┐                      member and shop tables → typed rows + rejected rows
//! osm ────┼─> geocode            OSM extract → area; addresses → points + match levels
//!         └─> workspace          the SQLite file: members, shops, area, geocode cache
//! index ─> analysis              packed R-tree; rings, sectors, segments, sparse, competition
//! i18n                           the message catalogue: every text for people, en and zh
//! report, render                 tables (text/CSV/JSON/GeoJSON); maps (SVG/PDF/PNG)
//! demo                           the bundled Helsinki demo data and its generator
//! app                            use cases: the only layer knowing workspace and stages
//! ```
//!
//! The command line (`src/cli/`, in the binary) and the web server are faces over [`app`].

pub mod coord;
pub mod geodesy;
pub mod model;
pub mod whole_file;

pub mod ingest;
pub mod osm;

pub mod geocode;
pub mod workspace;

pub mod analysis;
pub mod index;

pub mod i18n;

pub mod render;
pub mod report;

pub mod demo;

pub mod app;

pub mod server;
