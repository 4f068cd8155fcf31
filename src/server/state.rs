//! What the server keeps between requests: its settings, one reading connection to the
//! workspace, the workspace read once per version (members in memory, so a report is
//! computed, not loaded) with the responses made from it, and the running jobs.

use super::ApiError;
use super::jobs::Jobs;
use crate::app::Snapshot;
use crate::workspace::Workspace;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The workspace file.
    pub workspace: PathBuf,
    /// A secret every request must carry (header `Authorization: Bearer TOKEN` or the
    /// cookie `/login` sets); `None` on loopback only.
    pub token: Option<String>,
    /// Largest upload accepted, in bytes.
    pub upload_limit_bytes: usize,
    /// `Host` values accepted (the bound address, and `localhost:PORT` on loopback).
    pub allowed_hosts: Vec<String>,
}

/// A response body kept for repeated views of the same workspace version.
#[derive(Debug, Clone)]
pub(super) struct Cached {
    pub content_type: &'static str,
    /// Headers beyond the content type (a map view's frame).
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<Vec<u8>>,
}

#[derive(Debug, Default)]
struct Cache {
    /// SQLite's data version when `snapshot` was read.
    version: Option<i64>,
    snapshot: Option<Arc<Snapshot>>,
    responses: HashMap<String, Cached>,
}

#[derive(Debug)]
struct Inner {
    config: ServerConfig,
    reader: Mutex<Workspace>,
    cache: Mutex<Cache>,
    jobs: Jobs,
}

/// Shared by every request; cheap to clone.
#[derive(Debug, Clone)]
pub struct ServerState {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock leaves plain data behind; keep serving.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ServerState {
    /// Opens the workspace (creating it when missing, so an empty one can be filled from
    /// the page).
    ///
    /// # Errors
    /// When the workspace cannot be opened.
    pub fn open(config: ServerConfig) -> Result<Self, crate::workspace::WorkspaceError> {
        let reader = Workspace::open(&config.workspace)?;
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                reader: Mutex::new(reader),
                cache: Mutex::new(Cache::default()),
                jobs: Jobs::default(),
            }),
        })
    }

    /// The settings.
    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    pub(super) fn jobs(&self) -> &Jobs {
        &self.inner.jobs
    }

    /// Runs `f` on the reading connection (blocking: call from `spawn_blocking`).
    pub(super) fn with_reader<T>(&self, f: impl FnOnce(&Workspace) -> T) -> T {
        f(&lock(&self.inner.reader))
    }

    /// Opens a connection of its own for a write, so reads go on meanwhile.
    pub(super) fn writer(&self) -> Result<Workspace, ApiError> {
        Ok(Workspace::open(&self.inner.config.workspace)?)
    }

    /// The workspace read once for its current version; a commit by anyone (an import,
    /// another process) makes the next call read it again and forget cached responses.
    /// The members themselves are kept while the members version is unchanged (a shop
    /// added, an area loaded): only what changed is read again.
    pub(super) fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        let reader = lock(&self.inner.reader);
        let version = reader.data_version()?;
        let mut cache = lock(&self.inner.cache);
        if cache.version != Some(version) || cache.snapshot.is_none() {
            let snapshot = Arc::new(match &cache.snapshot {
                Some(previous) => Snapshot::read_again(&reader, previous)?,
                None => Snapshot::read(&reader, None)?,
            });
            *cache = Cache {
                version: Some(version),
                snapshot: Some(snapshot),
                responses: HashMap::new(),
            };
        }
        cache
            .snapshot
            .clone()
            .ok_or_else(|| ApiError::internal("snapshot missing after reading it"))
    }

    /// A response made earlier from the current snapshot for the same request.
    pub(super) fn cached(&self, key: &str) -> Option<Cached> {
        lock(&self.inner.cache).responses.get(key).cloned()
    }

    /// Keeps a response made from `snapshot` for repeated views, unless the workspace
    /// moved on meanwhile.
    pub(super) fn keep(&self, snapshot: &Arc<Snapshot>, key: String, response: Cached) {
        let mut cache = lock(&self.inner.cache);
        if cache
            .snapshot
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, snapshot))
        {
            cache.responses.insert(key, response);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::LonLat;
    use crate::ingest::members::MemberImportOptions;
    use crate::model::{Shop, ShopKind};

    fn shop(name: &str, lon: f64) -> Shop {
        Shop {
            name: name.into(),
            kind: ShopKind::Own,
            position: LonLat::new(lon, 60.17).expect("valid"),
            address: None,
            category: None,
        }
    }

    #[test]
    fn members_stay_in_memory_until_the_members_change() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("ws.db");
        let csv = dir.path().join("members.csv");
        std::fs::write(&csv, "id,lat,lon\nA1,60.17,24.94\nA2,60.18,24.95\n").expect("csv");
        let mut ws = Workspace::open(&file).expect("workspace");
        let opts = MemberImportOptions::default();
        ws.import_members(&csv, &opts, &mut |_, _| {})
            .expect("import");
        ws.add_shop(&shop("Kamppi", 24.93)).expect("shop");
        let state = ServerState::open(ServerConfig {
            workspace: file,
            token: None,
            upload_limit_bytes: 1 << 20,
            allowed_hosts: Vec::new(),
        })
        .expect("state");
        let first = state.snapshot().expect("snapshot");
        assert!(Arc::ptr_eq(&first, &state.snapshot().expect("again")));

        // A shop added: a new snapshot, the same members, assigned to the new shops.
        ws.add_shop(&shop("Töölö", 24.96)).expect("shop");
        let second = state.snapshot().expect("snapshot");
        assert!(!Arc::ptr_eq(&first, &second));
        assert!(second.shares_members_with(&first));
        assert_eq!(second.members().own_shops().len(), 2);
        assert_eq!(second.members().own_members(&shop("Töölö", 24.96)).len(), 1);

        // A member placed by hand: the members are read again.
        let moved = LonLat::new(24.93, 60.17).expect("valid");
        ws.locate_member("A2", moved).expect("locate");
        let third = state.snapshot().expect("snapshot");
        assert!(!third.shares_members_with(&second));
        assert_eq!(third.members().position_of(1), moved);
        assert_eq!(third.members().own_members(&shop("Töölö", 24.96)).len(), 0);
    }
}
