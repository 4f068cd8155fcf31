//! Use cases: one function per thing a user does with a workspace — import a table and
//! geocode it, load an area, choose shops, read the workspace once for reports and maps,
//! the sparse overlay of a map, comparing own shops, white space for the next shop, competitor discovery, the segment summary, the geocoding
//! review, the demo.
//!
//! This is the only layer that knows both the [`crate::workspace`] and the stages
//! (ingest, geocode, analysis, render). The command line and the web server are two faces
//! over these functions: they parse what the user asked, call one of them and present
//! the typed result. Errors are [`AppError`]s, which never name a command-line flag.

mod area;
mod compare;
mod demo;
mod error;
mod geocoding;
mod import;
mod reports;
mod shops;
mod snapshot;
mod whitespace;

pub use area::{AddressFileLoad, AreaLoad, AreaLoadOptions, load_area};
pub use compare::{compare_shops, members_nearest, shop_names};
pub use demo::{DemoBuild, DemoSources, build_demo};
pub use error::AppError;
pub use geocoding::{BatchSummary, geocode_pending, geocode_review, offline_gazetteer};
pub use import::{MemberImport, ShopImport, import_members, import_shops};
pub use reports::{
    CampaignList, campaign_list, competition, leaflets, member_scores, ring, rings,
    segment_summary, sparse, sparse_on_rings, sparse_overlay,
};
pub use shops::{
    Discovery, ShopAdded, ShopDefault, add_shop, discover_competitors, find_shop, own_shop,
    select_shops, shop_warnings,
};
pub use snapshot::Snapshot;
pub use whitespace::whitespace;

/// The step a long use case is on, for progress bars and the server's live progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Reading a member or shop table (work in bytes).
    ReadingTable,
    /// Reading an OpenStreetMap extract (work in blocks).
    ReadingExtract,
    /// Geocoding pending members (work in distinct addresses).
    Geocoding,
}

/// Told how far a long use case has got: its step, the work done and, when known, the
/// work in all.
pub type Progress<'a> = &'a mut dyn FnMut(Step, u64, Option<u64>);
