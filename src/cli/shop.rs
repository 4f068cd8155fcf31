//! `catchment shop add|list|remove`.

use super::output;
use anyhow::Result;
use catchment::app;
use catchment::coord::LonLat;
use catchment::i18n::Lang;
use catchment::model::{Shop, ShopKind};
use catchment::report::{self, Format};
use catchment::workspace::Workspace;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ShopCommand {
    /// Add an own shop (or, with --competitor, a competitor) at a WGS84 position.
    Add(AddArgs),
    /// List shops and competitors.
    List {
        /// Output format: table, csv or json.
        #[arg(long, default_value = "table")]
        format: Format,
    },
    /// Remove a shop or competitor by name.
    Remove {
        /// Name (case and full-/half-width letters do not matter).
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Unique name, e.g. "Salon Aurora".
    name: String,
    /// Latitude in degrees (WGS84), e.g. 60.1699.
    #[arg(long, allow_hyphen_values = true)]
    lat: f64,
    /// Longitude in degrees (WGS84), e.g. 24.9384.
    #[arg(long, allow_hyphen_values = true)]
    lon: f64,
    /// Street address, for labels.
    #[arg(long)]
    address: Option<String>,
    /// Category such as beauty or hairdresser.
    #[arg(long)]
    category: Option<String>,
    /// This is a competitor, not one of our shops.
    #[arg(long)]
    competitor: bool,
}

impl ShopCommand {
    pub fn run(&self, ws: &mut Workspace, lang: Lang) -> Result<()> {
        match self {
            ShopCommand::Add(a) => {
                let shop = Shop {
                    name: a.name.clone(),
                    kind: if a.competitor {
                        ShopKind::Competitor
                    } else {
                        ShopKind::Own
                    },
                    position: LonLat::new(a.lon, a.lat)?,
                    address: a.address.clone(),
                    category: a.category.clone(),
                };
                let added = app::add_shop(ws, shop)?;
                let shop = &added.shop;
                eprintln!(
                    "added {} '{}' at {}",
                    shop.kind.as_str(),
                    shop.name,
                    shop.position
                );
                for w in &added.warnings {
                    eprintln!("{}", lang.texts().shop_warning(w));
                }
                Ok(())
            }
            ShopCommand::Remove { name } => {
                let name = app::find_shop(&ws.shops()?, name)?.name.clone();
                ws.remove_shop(&name)?;
                eprintln!("removed '{name}'");
                Ok(())
            }
            ShopCommand::List { format } => list(ws, *format),
        }
    }
}

fn list(ws: &Workspace, format: Format) -> Result<()> {
    let shops = ws.shops()?;
    let mut out = output(None, &[])?;
    report::write_shops(&shops, format, &mut out)?;
    out.finish()?;
    if shops.is_empty() && format == Format::Table {
        eprintln!("no shops yet: add one with `catchment shop add NAME --lat LAT --lon LON`");
    }
    Ok(())
}
