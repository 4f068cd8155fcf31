//! The local web app: an axum router over the same use cases ([`crate::app`]) the command
//! line calls, the page and its assets built into the binary, nothing fetched from
//! anywhere.
//!
//! [`router`] builds the whole app from a [`ServerState`] (tests call it with
//! `tower::ServiceExt::oneshot`, no socket); [`serve`] binds the address and runs it. The
//! server binds 127.0.0.1 unless told otherwise, refuses a non-loopback address without a
//! token, refuses requests whose `Host` is not the bound address (DNS rebinding) and
//! state-changing requests from another `Origin`, and never logs member data.

mod api;
mod assets;
mod error;
mod jobs;
mod openapi;
mod security;
mod state;

pub use error::ApiError;
pub use state::{ServerConfig, ServerState};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::net::SocketAddr;

/// The default upload limit: 50 MB.
pub const DEFAULT_UPLOAD_LIMIT_BYTES: usize = 50 * 1024 * 1024;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address without a token would show member data to the network.
    #[error(
        "{0} is reachable from other machines: member data would be visible to anyone on the network; give a token to require it on every request"
    )]
    PublicWithoutToken(SocketAddr),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
    /// The workspace could not be opened.
    #[error(transparent)]
    Workspace(#[from] crate::workspace::WorkspaceError),
}

/// The whole app: page, assets and the JSON API under `/api/`.
pub fn router(state: ServerState) -> Router {
    let limit = state.config().upload_limit_bytes;
    let api = Router::new()
        .route("/status", get(api::status))
        .route("/shops", get(api::shops).post(api::add_shop))
        .route("/rings", get(api::rings))
        .route("/whatif", get(api::whatif))
        .route("/map.svg", get(api::map_svg))
        .route("/map", get(api::map_download))
        .route("/sparse", get(api::sparse))
        .route("/leaflets", get(api::leaflets))
        .route("/campaign.csv", get(api::campaign))
        .route("/competition", get(api::competition))
        .route("/whitespace", get(api::whitespace))
        .route("/compare", get(api::compare))
        .route("/segments", get(api::segments))
        .route("/review", get(api::review))
        .route("/members/{id}/locate", post(api::locate_member))
        .route("/import/members", post(jobs::import_members))
        .route("/area", post(jobs::load_area))
        .route("/jobs/{id}", get(jobs::job))
        .route("/openapi.json", get(openapi::document))
        .layer(DefaultBodyLimit::max(limit));
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::asset))
        .route("/login", get(security::login))
        .nest("/api", api)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .with_state(state)
}

/// Binds `addr` and serves the app until Ctrl-C; `ready` is called with the address
/// actually bound (port 0 picks a free one) before the first request is taken.
///
/// # Errors
/// [`ServeError::PublicWithoutToken`] for a non-loopback address without a token;
/// [`ServeError::Bind`] when the address is taken.
pub async fn serve(
    addr: SocketAddr,
    mut config: ServerConfig,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    if !addr.ip().is_loopback() && config.token.is_none() {
        return Err(ServeError::PublicWithoutToken(addr));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let bound = listener.local_addr()?;
    config.allowed_hosts = security::hosts_for(bound);
    let state = ServerState::open(config)?;
    ready(bound);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
