//! The one error type of the use cases: what went wrong, in a sentence a shop owner can
//! act on, with the file, row or name involved.

use crate::analysis::sparse::SparseError;
use crate::analysis::whitespace::WhitespaceError;
use crate::geocode::online::OnlineError;
use crate::ingest::address_points::AddressFileError;
use crate::osm::OsmError;
use crate::render::RenderError;
use crate::workspace::WorkspaceError;

/// Why a use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Reading or writing the workspace failed.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// The analysis needs the OSM area and none is loaded; `needed_for` says why.
    #[error("no OSM area loaded: {needed_for}; run `catchment area load FILE.osm.pbf` first")]
    NoArea {
        /// What the area is needed for.
        needed_for: &'static str,
    },
    /// No shop has this name.
    #[error("no shop named '{name}' ({known})")]
    UnknownShop {
        /// The name asked for.
        name: String,
        /// The nearest name (`did you mean 'X'?`), or the names there are.
        known: String,
    },
    /// A shop needs a name.
    #[error("a shop needs a name that is not empty")]
    EmptyShopName,
    /// A single own shop was needed and there are several.
    #[error("several own shops ({names}): choose one")]
    SeveralOwnShops {
        /// Their names, comma-separated.
        names: String,
    },
    /// No own shop yet.
    #[error("no own shop yet: add one with `catchment shop add NAME --lat LAT --lon LON`")]
    NoOwnShop,
    /// No competitor yet.
    #[error(
        "no competitors yet: `catchment shop add NAME --lat LAT --lon LON --competitor` or `catchment competitors discover`"
    )]
    NoCompetitors,
    /// The report is made for own shops only.
    #[error(
        "'{name}' is a competitor; sparse areas, competition and comparisons are reported for own shops"
    )]
    NotOwnShop {
        /// The competitor's name.
        name: String,
    },
    /// The benchmark of a comparison is not among the shops compared.
    #[error("the benchmark '{name}' is not among the shops compared ({compared})")]
    BenchmarkNotCompared {
        /// The benchmark's name.
        name: String,
        /// The shops compared, comma-separated.
        compared: String,
    },
    /// The sparse-area model could not be fitted.
    #[error(transparent)]
    Sparse(#[from] SparseError),
    /// No white space could be ranked.
    #[error(transparent)]
    Whitespace(#[from] WhitespaceError),
    /// A map could not be drawn or written.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// An OpenStreetMap extract could not be read.
    #[error(transparent)]
    Osm(#[from] OsmError),
    /// An address file (OpenAddresses layout) could not be read.
    #[error(transparent)]
    AddressFile(#[from] AddressFileError),
    /// An address file without one usable point.
    #[error(
        "{path} holds no usable address point ({rejected} rows left out); the workspace's area is unchanged"
    )]
    NoAddressPoints {
        /// The address file.
        path: std::path::PathBuf,
        /// Rows left out.
        rejected: usize,
    },
    /// An extract without any data (header only, or cut off before its first data block).
    #[error(
        "{path} holds no addresses, streets, homes or map data (a header-only or truncated extract?); the workspace's area is unchanged"
    )]
    EmptyExtract {
        /// The extract.
        path: std::path::PathBuf,
    },
    /// An online geocoder could not be set up.
    #[error(transparent)]
    Online(#[from] OnlineError),
    /// A bundled demo file could not be written out.
    #[error("cannot write the demo data to {path}: {source}")]
    DemoData {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}
