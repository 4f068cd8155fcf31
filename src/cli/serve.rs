//! `catchment serve`: the web app for this workspace, in a browser on this machine.

use super::serve_workspace;
use anyhow::Result;
use clap::Args;
use std::net::SocketAddr;
use std::path::Path;

/// Serves the whole product as a web page: pick a shop, see rings and members on the map,
/// toggle layers, drag the shop to try another site, upload a member list, download the
/// printable map. Everything stays on this machine.
///
/// It listens on 127.0.0.1 (this machine only) unless --addr says otherwise; any other
/// address needs --token, which every request must then carry (open /login?token=TOKEN
/// once in the browser).
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A secret every request must carry; needed for an address other than 127.0.0.1.
    #[arg(long, env = "CATCHMENT_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Largest upload accepted, in megabytes.
    #[arg(long, default_value_t = 50, value_name = "MB")]
    upload_limit: usize,
}

impl ServeArgs {
    pub fn run(&self, workspace: &Path) -> Result<()> {
        serve_workspace(
            workspace,
            self.addr,
            self.token.clone(),
            self.open,
            self.upload_limit,
        )
    }
}
