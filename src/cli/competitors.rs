//! `catchment competitors discover`: add the loaded area's shops of given categories near
//! own shops as competitors.

use anyhow::{Context, Result, bail};
use catchment::geodesy::distance_m;
use catchment::model::{Shop, ShopKind};
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
        let area = ws
            .load_area()?
            .context("no area loaded: `catchment area load FILE.osm.pbf` first")?;
        let shops = ws.shops()?;
        let own: Vec<&Shop> = shops.iter().filter(|s| s.kind == ShopKind::Own).collect();
        if own.is_empty() {
            bail!("no own shop yet: add one with `catchment shop add NAME --lat LAT --lon LON`");
        }
        let wanted: Vec<String> = category.iter().map(|c| c.trim().to_lowercase()).collect();
        let mut names: std::collections::HashSet<String> =
            shops.iter().map(|s| s.name.clone()).collect();
        let (mut added, mut known) = (0, 0);
        for poi in &area.pois {
            if !wanted.contains(&poi.category.to_lowercase()) {
                continue;
            }
            let Ok(position) = catchment::coord::LonLat::new(poi.lon, poi.lat) else {
                continue;
            };
            if !own
                .iter()
                .any(|s| distance_m(s.position, position) <= *within)
                || own.iter().any(|s| s.position == position)
            {
                continue;
            }
            if !names.insert(poi.name.clone()) {
                known += 1;
                continue;
            }
            ws.add_shop(&Shop {
                name: poi.name.clone(),
                kind: ShopKind::Competitor,
                position,
                address: poi.address.clone(),
                category: Some(poi.category.clone()),
            })?;
            added += 1;
        }
        eprintln!(
            "added {added} competitors ({known} already known) of {} within {within} m of own shops",
            wanted.join(", ")
        );
        Ok(())
    }
}
