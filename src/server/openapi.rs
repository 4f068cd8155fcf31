//! The API described as OpenAPI 3, generated from the handlers' annotations and types.

use super::{api, jobs};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "catchment",
        description = "Members, rings, sparse areas and maps of a local catchment workspace."
    ),
    paths(
        api::status,
        api::shops,
        api::add_shop,
        api::rings,
        api::whatif,
        api::map_svg,
        api::map_download,
        api::sparse,
        api::leaflets,
        api::campaign,
        api::competition,
        api::whitespace,
        api::compare,
        api::segments,
        api::review,
        api::locate_member,
        jobs::import_members,
        jobs::load_area,
        jobs::job
    )
)]
struct ApiDoc;

/// `/api/openapi.json`.
pub(super) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
