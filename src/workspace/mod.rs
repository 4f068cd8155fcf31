//! The workspace: one SQLite file holding members, shops and competitors, and the import
//! history.
//!
//! The schema is created and upgraded by numbered migrations (`PRAGMA user_version`).
//! Every import runs in one transaction, so a failed or interrupted import leaves the
//! file exactly as it was.
//!
//! Several processes may use one file at once (a long import, `rings` in another terminal,
//! the server). The file always stays in SQLite's write-ahead-log mode, so readers never
//! wait: each statement sees the last committed state, also while an import runs. Writers
//! take turns; one that finds another writing waits up to [`BUSY_TIMEOUT`], and the hook
//! given to [`Workspace::on_wait`] hears that it waits (the library itself never prints).
//!
//! Beside the file (`FILE-members`) the workspace keeps a cache of its located members
//! for fast loading, valid for one members version (`member_cache.rs`).

mod area;
mod campaign;
mod geocoding;
mod member_cache;
mod members;
mod schema;
mod shops;

pub use area::AreaSummary;

pub use geocoding::{GeocodeEntry, PendingMember};
pub use member_cache::{CacheMiss, MembersVersion};
pub use members::{ImportSummary, LocatedMembers, MemberCounts, MembersFrom};
pub use shops::ShopImportSummary;

use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another connection's write to finish before it gives up
/// with [`WorkspaceError::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A problem with the workspace file.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// SQLite failed.
    #[error("workspace {path}: {source}")]
    Sqlite {
        /// Workspace file.
        path: String,
        /// Cause.
        source: rusqlite::Error,
    },
    /// There is no workspace file at the path (commands that only read do not create one).
    #[error(
        "no workspace at {path} (create one with `catchment import members FILE` or `catchment demo`)"
    )]
    NotFound {
        /// The path looked at.
        path: String,
    },
    /// Another connection is writing to the file, and kept at it for longer than this one
    /// waits ([`BUSY_TIMEOUT`]).
    #[error(
        "workspace {path} is busy: another catchment process is still writing to it (this one waits up to {} s); try again when it has finished",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy {
        /// Workspace file.
        path: String,
    },
    /// The file was written by a newer catchment.
    #[error(
        "workspace {path} has schema version {found}, newer than this catchment understands ({supported}); upgrade catchment"
    )]
    TooNew {
        /// Workspace file.
        path: String,
        /// Version in the file.
        found: i64,
        /// Newest version known here.
        supported: i64,
    },
    /// A named shop does not exist.
    #[error("no shop named '{0}' in the workspace (see `catchment shop list`)")]
    NoSuchShop(String),
    /// A named member does not exist.
    #[error("no member with id '{0}' in the workspace")]
    NoSuchMember(String),
    /// A shop with that name exists already.
    #[error("a shop named '{0}' already exists (remove it first, or pick another name)")]
    ShopExists(String),
    /// A stored value is not what the schema promises (a hand-edited file).
    #[error("workspace {path}: {detail}")]
    Corrupt {
        /// Workspace file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// The member table could not be read.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    /// Nothing in the file could be imported; the workspace is unchanged.
    #[error("{file}: none of its {rejected} rows could be imported; the workspace is unchanged")]
    NothingImported {
        /// File name.
        file: String,
        /// Rows rejected.
        rejected: usize,
        /// The rejected rows, for the report.
        issues: Vec<crate::ingest::RowIssue>,
    },
}

impl WorkspaceError {
    /// The error of a failed SQLite call on the workspace at `path`: [`WorkspaceError::Busy`]
    /// when it gave up waiting for another writer, else [`WorkspaceError::Sqlite`].
    fn sqlite(path: &str, source: rusqlite::Error) -> Self {
        if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
            Self::Busy {
                path: path.to_owned(),
            }
        } else {
            Self::Sqlite {
                path: path.to_owned(),
                source,
            }
        }
    }
}

/// What a connection waits for: another connection, usually another catchment process (an
/// import, say), is writing to the file, and this one waits up to [`BUSY_TIMEOUT`] for it
/// to finish. `Display` gives the line to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitNotice {
    /// The workspace file.
    pub path: PathBuf,
}

impl fmt::Display for WaitNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waiting for another catchment process writing to {} (up to {} s)…",
            self.path.display(),
            BUSY_TIMEOUT.as_secs()
        )
    }
}

/// A hook told when a connection starts to wait (see [`Workspace::on_wait`]).
type WaitHook = Box<dyn FnMut(&WaitNotice) + Send>;

/// SQLite's busy handler for a workspace: sleeps in growing steps until [`BUSY_TIMEOUT`]
/// has passed since the wait began, telling `hook` once when it begins. SQLite counts the
/// calls from 0 for every statement that finds the file busy.
fn busy_handler(path: PathBuf, mut hook: Option<WaitHook>) -> impl FnMut(i32) -> bool + Send {
    // SQLite's own steps for `busy_timeout`: quick retries first, then every 100 ms.
    const STEPS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    let mut since = Instant::now();
    move |count| {
        if count == 0 {
            since = Instant::now();
            if let Some(hook) = hook.as_mut() {
                hook(&WaitNotice { path: path.clone() });
            }
        }
        let Some(left) = BUSY_TIMEOUT.checked_sub(since.elapsed()) else {
            return false;
        };
        let step = STEPS_MS[usize::try_from(count).unwrap_or(0).min(STEPS_MS.len() - 1)];
        std::thread::sleep(Duration::from_millis(step).min(left));
        true
    }
}

/// An open workspace file.
#[derive(Debug)]
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl Workspace {
    /// Opens the workspace at `path`, creating the file when missing, and brings its schema
    /// up to date. For commands that write; see [`Workspace::open_existing`].
    ///
    /// # Errors
    /// When the file cannot be opened as SQLite or comes from a newer catchment. A file
    /// this call created is removed again then.
    pub fn open(path: &Path) -> Result<Self, WorkspaceError> {
        let existed = path.exists();
        let opened = Self::open_with(path, OpenFlags::default());
        if opened.is_err() && !existed {
            remove_files(path);
        }
        opened
    }

    /// Opens the workspace at `path`, which must exist, and brings its schema up to date.
    /// For commands that only read, or change what is there: a mistyped path is then an
    /// error, not a new empty workspace.
    ///
    /// # Errors
    /// [`WorkspaceError::NotFound`] when there is no file at `path`; as
    /// [`Workspace::open`] otherwise.
    pub fn open_existing(path: &Path) -> Result<Self, WorkspaceError> {
        let flags = OpenFlags::default().difference(OpenFlags::SQLITE_OPEN_CREATE);
        Self::open_with(path, flags).map_err(|e| match e {
            WorkspaceError::Sqlite {
                path: label,
                source,
            } if source.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
                && !path.exists() =>
            {
                WorkspaceError::NotFound { path: label }
            }
            other => other,
        })
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Self, WorkspaceError> {
        let label = path.display().to_string();
        let sql = |source| WorkspaceError::sqlite(&label, source);
        let mut conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        // Before anything else: even switching a new file to the log may have to wait.
        conn.busy_handler(Some(busy_handler(path.to_path_buf(), None)))
            .map_err(sql)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
        )
        .map_err(sql)?;
        schema::migrate(&mut conn, &label)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens a private in-memory workspace (tests, benchmarks).
    ///
    /// # Errors
    /// Only if SQLite cannot allocate.
    pub fn in_memory() -> Result<Self, WorkspaceError> {
        let sql = |source| WorkspaceError::sqlite(":memory:", source);
        let mut conn = Connection::open_in_memory().map_err(sql)?;
        schema::migrate(&mut conn, ":memory:")?;
        Ok(Self {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }

    /// The workspace file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one read transaction, so every query it makes sees the same committed
    /// state: an import committing meanwhile is seen whole by the next call, never half.
    ///
    /// # Errors
    /// When SQLite cannot begin or end the transaction; `f`'s own errors.
    pub fn read_consistently<T, E: From<WorkspaceError>>(
        &self,
        f: impl FnOnce(&Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn.execute_batch("BEGIN").map_err(self.err())?;
        let outcome = f(self);
        // Nothing was written: ending the transaction either way only releases the snapshot.
        let end = if outcome.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        self.conn.execute_batch(end).map_err(self.err())?;
        outcome
    }

    /// A number that changes whenever another connection commits to the file (SQLite's
    /// `data_version`): a server holding this connection knows when to read again.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn data_version(&self) -> Result<i64, WorkspaceError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(self.err())
    }

    /// Calls `hook` whenever this connection has to wait for another one writing to the
    /// file, once per wait, as the wait begins: a command line shows the notice so a user
    /// knows why nothing happens. Without a hook, waits are silent.
    ///
    /// # Errors
    /// Only if SQLite refuses the handler.
    pub fn on_wait(
        &mut self,
        hook: impl FnMut(&WaitNotice) + Send + 'static,
    ) -> Result<(), WorkspaceError> {
        let handler = busy_handler(self.path.clone(), Some(Box::new(hook)));
        self.conn.busy_handler(Some(handler)).map_err(self.err())
    }

    /// Closes the workspace and deletes its file when it holds nothing (no import, member,
    /// shop, geocoded address or area) and no other connection has it open: for a command
    /// that created the file and then failed, so that it leaves nothing behind. Returns
    /// whether the file was deleted (never for an in-memory workspace).
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn remove_if_empty(mut self) -> Result<bool, WorkspaceError> {
        if self.conn.path().is_none_or(str::is_empty) {
            return Ok(false);
        }
        let empty: bool = self
            .conn
            .query_row(
                "SELECT NOT (EXISTS (SELECT 1 FROM imports) OR EXISTS (SELECT 1 FROM members)
                    OR EXISTS (SELECT 1 FROM shops) OR EXISTS (SELECT 1 FROM geocode_cache)
                    OR EXISTS (SELECT 1 FROM area_meta))",
                [],
                |r| r.get(0),
            )
            .map_err(self.err())?;
        if !empty {
            return Ok(false);
        }
        // No waiting: a file another connection is busy with is not ours to delete. Leaving
        // the log needs the file to itself, SQLite answers "busy" otherwise, so this tells
        // whether another connection has it open.
        self.conn
            .busy_handler(None::<fn(i32) -> bool>)
            .map_err(self.err())?;
        match self.conn.pragma_update(None, "journal_mode", "DELETE") {
            Ok(()) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                return Ok(false);
            }
            Err(e) => return Err(self.err()(e)),
        }
        let Self { conn, path } = self;
        conn.close()
            .map_err(|(_, e)| WorkspaceError::sqlite(&path.display().to_string(), e))?;
        remove_files(&path);
        Ok(!path.exists())
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> WorkspaceError + '_ {
        move |source| WorkspaceError::sqlite(&self.path.display().to_string(), source)
    }
}

/// Removes a workspace file and its log and shared-memory files, as far as they exist.
fn remove_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal", "-members"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

#[cfg(test)]
mod tests;
