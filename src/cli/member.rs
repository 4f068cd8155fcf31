//! `catchment member locate`: place one member by hand.

use anyhow::Result;
use catchment::coord::LonLat;
use catchment::workspace::Workspace;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Put a member at a position by hand (e.g. after `geocode --review`). The fix
    /// survives re-imports of the member list.
    Locate {
        /// Member id (card number).
        id: String,
        /// Latitude in degrees (WGS84).
        #[arg(long, allow_hyphen_values = true)]
        lat: f64,
        /// Longitude in degrees (WGS84).
        #[arg(long, allow_hyphen_values = true)]
        lon: f64,
    },
}

impl MemberCommand {
    pub fn run(&self, ws: &mut Workspace) -> Result<()> {
        match self {
            MemberCommand::Locate { id, lat, lon } => {
                let p = LonLat::new(*lon, *lat)?;
                ws.locate_member(id, p)?;
                eprintln!("member {id} placed at {p} (kept across re-imports)");
                Ok(())
            }
        }
    }
}
