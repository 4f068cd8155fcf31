//! The page and its assets, from `web/`, built into the binary: the app works with the
//! network unplugged and needs no build step.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "web/"]
struct Web;

fn file(path: &str) -> Response {
    match Web::get(path) {
        Some(f) => (
            [(header::CONTENT_TYPE, f.metadata.mimetype().to_string())],
            f.data.into_owned(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

/// `/`: the page.
pub(super) async fn index() -> Response {
    file("index.html")
}

/// `/assets/{path}`: scripts, styles, icons.
pub(super) async fn asset(Path(path): Path<String>) -> Response {
    file(&path)
}
