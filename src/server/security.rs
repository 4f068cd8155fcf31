//! Who may talk to the server: the token (when one is set), the `Host` a request names
//! (refusing DNS-rebinding pages that reach 127.0.0.1 under another name) and the
//! `Origin` of requests that change something (refusing other sites' forms and scripts).

use super::{ApiError, ServerState};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::net::SocketAddr;

/// The cookie `/login` sets.
pub(super) const TOKEN_COOKIE: &str = "catchment_token";

/// The `Host` values a server bound to `addr` answers to.
pub(super) fn hosts_for(addr: SocketAddr) -> Vec<String> {
    let mut hosts = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        hosts.push(format!("localhost:{}", addr.port()));
    }
    hosts
}

fn token_in(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    bearer.or_else(|| {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == TOKEN_COOKIE)
            .map(|(_, v)| v.to_string())
    })
}

/// Compares without an early exit, so the time taken says nothing about the token.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks every request: Host, Origin (for changes), token.
pub(super) async fn guard(
    State(state): State<ServerState>,
    request: Request,
    next: Next,
) -> Response {
    let config = state.config();
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| config.allowed_hosts.iter().any(|a| a == h)) {
        return ApiError::forbidden("this server answers only to the address it was started on")
            .into_response();
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let ok = origin.to_str().ok().is_some_and(|o| {
                config
                    .allowed_hosts
                    .iter()
                    .any(|h| o == format!("http://{h}"))
            });
            if !ok {
                return ApiError::forbidden("requests from other sites may not change anything")
                    .into_response();
            }
        }
    }
    if let Some(token) = &config.token {
        let open = request.uri().path() == "/login";
        let given = token_in(headers);
        if !open && !given.is_some_and(|g| same_secret(&g, token)) {
            if request.uri().path().starts_with("/api/") {
                return ApiError::unauthorized().into_response();
            }
            return Redirect::to("/login").into_response();
        }
    }
    next.run(request).await
}

/// `?token=` in the query of `/login`.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Login {
    token: Option<String>,
}

/// `/login`: a form asking for the token; with `?token=`, sets the cookie and opens the
/// page.
pub(super) async fn login(State(state): State<ServerState>, Query(q): Query<Login>) -> Response {
    match (q.token, &state.config().token) {
        (Some(given), Some(token)) if same_secret(&given, token) => {
            let cookie = format!("{TOKEN_COOKIE}={given}; HttpOnly; SameSite=Strict; Path=/");
            ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
        }
        (Some(_), Some(_)) => ApiError::unauthorized().into_response(),
        _ => Html(
            "<!doctype html><meta charset=utf-8><title>catchment</title>\
             <form method=get action=/login><label>Token <input name=token type=password autofocus></label>\
             <button>Open</button></form>",
        )
        .into_response(),
    }
}
