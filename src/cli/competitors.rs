//! `catchment competitors discover`: add the loaded area's shops of given categories near
//! own shops as competitors.

use anyhow::Result;
use catchment::app;
use catchment::workspace::Workspace;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CompetitorsCommand {
    /// Add the OpenStreetMap shops of these categories within a distance of any own shop
    /// as competitors (names already in the workspace are left alone).
    Discover {
        /// OSM shop/amenity values, comma-separated, e.g. beauty,hairdresser or restaurant,cafe.
        #[arg(long, value_delimiter = ',', required = true)]
        category: Vec<String>,
        /// Search radius around each own shop, in metres.
        #[arg(long, default_value_t = 2000.0, value_name = "METRES")]
        within: f64,
    },
}

impl CompetitorsCommand {
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        let CompetitorsCommand::Discover { category, within } = self;
        let found = app::discover_competitors(ws, category, *within)?;
        let wanted: Vec<String> = category.iter().map(|c| c.trim().to_lowercase()).collect();
        eprintln!(
            "added {} competitors ({} already known) of {} within {within} m of own shops",
            found.added,
            found.known,
            wanted.join(", ")
        );
        Ok(())
    }
}
