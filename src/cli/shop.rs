//! `catchment shop add|list|remove`.

use super::output;
use anyhow::Result;
use catchment::coord::LonLat;
use catchment::model::{Shop, ShopKind};
use catchment::report::Format;
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
        /// Exact name.
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
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        match self {
            ShopCommand::Add(a) => {
                let shop = Shop {
                    name: a.name.trim().to_string(),
                    kind: if a.competitor {
                        ShopKind::Competitor
                    } else {
                        ShopKind::Own
                    },
                    position: LonLat::new(a.lon, a.lat)?,
                    address: a.address.clone(),
                    category: a.category.clone(),
                };
                ws.add_shop(&shop)?;
                eprintln!(
                    "added {} '{}' at {}",
                    shop.kind.as_str(),
                    shop.name,
                    shop.position
                );
                Ok(())
            }
            ShopCommand::Remove { name } => {
                ws.remove_shop(name)?;
                eprintln!("removed '{name}'");
                Ok(())
            }
            ShopCommand::List { format } => list(ws, *format),
        }
    }
}

fn list(ws: &Workspace, format: Format) -> Result<()> {
    let shops = ws.shops()?;
    let mut out = output(None)?;
    let rows: Vec<[String; 6]> = shops
        .iter()
        .map(|s| {
            [
                s.name.clone(),
                s.kind.as_str().to_string(),
                format!("{:.6}", s.position.lat_deg()),
                format!("{:.6}", s.position.lon_deg()),
                s.address.clone().unwrap_or_default(),
                s.category.clone().unwrap_or_default(),
            ]
        })
        .collect();
    const HEADER: [&str; 6] = ["name", "kind", "lat", "lon", "address", "category"];
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(HEADER)?;
            for r in &rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Json | Format::Geojson => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::Value::Object(
                        HEADER
                            .iter()
                            .zip(r)
                            .map(|(k, v)| (k.to_string(), v.clone().into()))
                            .collect(),
                    )
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Table => {
            for r in &rows {
                writeln!(
                    out,
                    "{:<32} {:<10} {:>10} {:>10}  {}",
                    r[0], r[1], r[2], r[3], r[4]
                )?;
            }
            if rows.is_empty() {
                eprintln!(
                    "no shops yet: add one with `catchment shop add NAME --lat LAT --lon LON`"
                );
            }
        }
    }
    out.flush()?;
    Ok(())
}

use std::io::Write;
