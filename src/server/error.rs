//! The one error of the API: a status and a sentence, as JSON `{"error": "…"}`. A 4xx
//! says what was wrong with the request; a 5xx says only that something failed and
//! logs the detail (which never holds member data: errors name files, rows, shops).

use crate::app::AppError;
use crate::workspace::WorkspaceError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What went wrong with a request.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// 400: the request itself is wrong.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 403.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            message: message.into(),
        }
    }

    /// 401.
    pub fn unauthorized() -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            message: "this server needs its token: open /login".into(),
        }
    }

    /// 500, with the detail kept for the log.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: detail.into(),
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the user is told: the message of a 4xx, a plain sentence for a 5xx (whose
    /// detail goes to the log).
    pub fn message_for_user(&self) -> String {
        if self.status.is_server_error() {
            eprintln!("catchment serve: internal error: {}", self.message);
            "something went wrong on the server; see its log".to_string()
        } else {
            self.message.clone()
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let status = match &e {
            AppError::UnknownShop { .. } => StatusCode::NOT_FOUND,
            AppError::SeveralOwnShops { .. }
            | AppError::NotOwnShop { .. }
            | AppError::BenchmarkNotCompared { .. }
            | AppError::EmptyShopName => StatusCode::BAD_REQUEST,
            AppError::NoArea { .. } | AppError::NoOwnShop | AppError::NoCompetitors => {
                StatusCode::CONFLICT
            }
            AppError::Sparse(_)
            | AppError::Whitespace(_)
            | AppError::Osm(_)
            | AppError::EmptyExtract { .. }
            | AppError::AddressFile(_)
            | AppError::NoAddressPoints { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Workspace(w) => return w.into(),
            AppError::Render(_) | AppError::Online(_) | AppError::DemoData { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        Self {
            status,
            message: e.to_string(),
        }
    }
}

impl From<&WorkspaceError> for ApiError {
    fn from(e: &WorkspaceError) -> Self {
        let status = match e {
            WorkspaceError::NothingImported { .. } | WorkspaceError::Ingest(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            WorkspaceError::NoSuchShop(_) | WorkspaceError::NoSuchMember(_) => {
                StatusCode::NOT_FOUND
            }
            WorkspaceError::ShopExists(_) => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Self {
            status,
            message: e.to_string(),
        }
    }
}

impl From<WorkspaceError> for ApiError {
    fn from(e: WorkspaceError) -> Self {
        (&e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = self.message_for_user();
        (self.status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}
