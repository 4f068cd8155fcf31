//! catchment: customer geo-map and store radius analyzer.
//!
//! The modules follow the data (see `DESIGN.md` in the docs): tables are read and
//! checked in [`ingest`], their addresses placed on the map by [`geocode`], kept in the
//! SQLite [`workspace`], put in an R-tree by [`index`], measured by [`analysis`] and
//! written out by [`report`] (tables) and [`render`] (printable maps). [`coord`] and
//! [`geodesy`] are the single homes of validated coordinates and of distances and
//! bearings; [`osm`] reads OpenStreetMap extracts and [`demo`] builds the bundled demo
//! data from one.

pub mod analysis;
pub mod coord;
pub mod demo;
pub mod geocode;
pub mod geodesy;
pub mod index;
pub mod ingest;
pub mod model;
pub mod osm;
pub mod render;
pub mod report;
pub mod workspace;
