//! Long work started from the page — importing a member file, loading an OSM extract —
//! run on a thread of its own with a writing connection, while reads go on; the page polls
//! `/api/jobs/{id}` for the step, the progress and, at the end, the report.

use super::api::blocking;
use super::{ApiError, ServerState};
use crate::app::{self, Step};
use crate::ingest::members::MemberImportOptions;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use utoipa::{IntoParams, ToSchema};

/// Where a job is.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(super) enum JobState {
    /// Working.
    Running,
    /// Finished; `result` holds the report.
    Done,
    /// Stopped; `error` says why, and the workspace is as it was.
    Failed,
}

/// A job as the page sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(super) struct Job {
    /// Its number.
    id: u64,
    /// `import_members` or `load_area`.
    kind: &'static str,
    /// Running, done or failed.
    state: JobState,
    /// The step it is on (`reading_table`, `reading_extract`, `geocoding`).
    #[schema(value_type = Option<String>)]
    step: Option<Step>,
    /// Work done in the step.
    done: u64,
    /// Work in the step, when known.
    total: Option<u64>,
    /// The report, when done.
    #[schema(value_type = Object)]
    result: Option<serde_json::Value>,
    /// Why it failed.
    error: Option<String>,
}

/// The jobs of this server, by number.
#[derive(Debug, Default)]
pub(super) struct Jobs {
    next: AtomicU64,
    all: Mutex<HashMap<u64, Job>>,
}

impl Jobs {
    fn start(&self, kind: &'static str) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut all = self.all.lock().unwrap_or_else(|p| p.into_inner());
        all.insert(
            id,
            Job {
                id,
                kind,
                state: JobState::Running,
                step: None,
                done: 0,
                total: None,
                result: None,
                error: None,
            },
        );
        id
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut Job)) {
        let mut all = self.all.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(job) = all.get_mut(&id) {
            f(job);
        }
    }

    fn get(&self, id: u64) -> Option<Job> {
        let all = self.all.lock().unwrap_or_else(|p| p.into_inner());
        all.get(&id).cloned()
    }
}

/// The uploaded file's name (its extension says how to read it).
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct Upload {
    /// e.g. `members.xlsx`, `会员.csv`, `city.osm.pbf`.
    filename: String,
}

/// The job just started.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Started {
    /// Poll `/api/jobs/{job}`.
    job: u64,
}

/// Keeps an upload in a private temporary file named like the original (the readers go
/// by its extension); removed when the job ends.
struct UploadFile {
    dir: PathBuf,
    path: PathBuf,
}

impl UploadFile {
    /// Starts job `kind` for an upload and keeps the file for it.
    async fn start(
        state: &ServerState,
        kind: &'static str,
        upload: Upload,
        body: Bytes,
    ) -> Result<(u64, Self), ApiError> {
        if body.is_empty() {
            return Err(ApiError::bad_request("the uploaded file is empty"));
        }
        let id = state.jobs().start(kind);
        let file = blocking(move || Self::keep(id, &upload.filename, &body)).await;
        if let Err(e) = &file {
            state.jobs().update(id, |j| {
                j.state = JobState::Failed;
                j.error = Some(e.message_for_user());
            });
        }
        Ok((id, file?))
    }

    fn keep(job: u64, filename: &str, bytes: &[u8]) -> Result<Self, ApiError> {
        let name = std::path::Path::new(filename)
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty() && !n.starts_with('.'))
            .ok_or_else(|| ApiError::bad_request(format!("'{filename}' is not a file name")))?;
        let dir =
            std::env::temp_dir().join(format!("catchment-upload-{}-{job}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| ApiError::internal(e.to_string()))?;
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(Self { dir, path })
    }
}

impl Drop for UploadFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `work` as job `id` on a blocking thread, recording its progress and its outcome.
fn run(
    state: ServerState,
    id: u64,
    upload: UploadFile,
    work: impl FnOnce(
        &ServerState,
        &std::path::Path,
        app::Progress<'_>,
    ) -> Result<serde_json::Value, ApiError>
    + Send
    + 'static,
) {
    tokio::task::spawn_blocking(move || {
        let jobs = state.jobs();
        let mut progress = |step: Step, done: u64, total: Option<u64>| {
            jobs.update(id, |j| {
                j.step = Some(step);
                j.done = done;
                j.total = total;
            });
        };
        let outcome = work(&state, &upload.path, &mut progress);
        drop(upload);
        jobs.update(id, |j| match outcome {
            Ok(result) => {
                j.state = JobState::Done;
                j.result = Some(result);
            }
            Err(e) => {
                j.state = JobState::Failed;
                j.error = Some(e.message_for_user());
            }
        });
    });
}

/// Imports an uploaded member table (CSV/TSV/XLSX/XLS, UTF-8, GBK or UTF-16, English or
/// Chinese headers) and geocodes it; the job's result is the import report with every
/// rejected row and its reason.
#[utoipa::path(post, path = "/api/import/members", params(Upload),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 202, body = Started), (status = 400), (status = 413)))]
pub(super) async fn import_members(
    State(state): State<ServerState>,
    Query(q): Query<Upload>,
    body: Bytes,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    let (id, upload) = UploadFile::start(&state, "import_members", q, body).await?;
    run(state, id, upload, |state, path, progress| {
        let mut ws = state.writer()?;
        let import = app::import_members(&mut ws, path, &MemberImportOptions::default(), progress)?;
        let s = &import.summary;
        Ok(serde_json::json!({
            "file": s.file, "format": s.format, "columns": s.columns, "notes": s.notes,
            "rows_read": s.rows_read, "inserted": s.inserted, "updated": s.updated,
            "unchanged": s.unchanged, "pending": s.pending,
            "rejected": s.rejected.iter().map(|r| serde_json::json!({
                "row": r.row, "column": r.column, "reason": r.kind.label(), "detail": r.detail,
            })).collect::<Vec<_>>(),
            "warnings": s.warnings.iter().map(|r| serde_json::json!({
                "row": r.row, "column": r.column, "reason": r.kind.label(), "detail": r.detail,
                "value": r.value,
            })).collect::<Vec<_>>(),
            "geocoded": import.geocoded,
        }))
    });
    Ok((StatusCode::ACCEPTED, Json(Started { job: id })))
}

/// Loads an uploaded OpenStreetMap extract (`.osm.pbf`) as the workspace's area, or adds
/// an address file to it (see `app::load_area`), and geocodes the members waiting for one.
#[utoipa::path(post, path = "/api/area", params(Upload),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 202, body = Started), (status = 400), (status = 413)))]
pub(super) async fn load_area(
    State(state): State<ServerState>,
    Query(q): Query<Upload>,
    body: Bytes,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    let (id, upload) = UploadFile::start(&state, "load_area", q, body).await?;
    run(state, id, upload, |state, path, progress| {
        let mut ws = state.writer()?;
        let options = app::AreaLoadOptions {
            geocode: true,
            allow_empty: false,
            ..Default::default()
        };
        let loaded = app::load_area(&mut ws, path, options, progress)?;
        let address_file = loaded.address_file.as_ref().map(|a| {
            serde_json::json!({ "points": a.points, "replaced": a.replaced, "rejected": a.rejected })
        });
        Ok(serde_json::json!({
            "area": loaded.info.to_string(),
            "address_file": address_file,
            "geocoded": loaded.geocoded,
        }))
    });
    Ok((StatusCode::ACCEPTED, Json(Started { job: id })))
}

/// A job's progress and, when done, its report.
#[utoipa::path(get, path = "/api/jobs/{id}", params(("id" = u64, Path, description = "job number")),
    responses((status = 200, body = Job), (status = 404)))]
pub(super) async fn job(
    State(state): State<ServerState>,
    Path(id): Path<u64>,
) -> Result<Json<Job>, ApiError> {
    state
        .jobs()
        .get(id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))
}
