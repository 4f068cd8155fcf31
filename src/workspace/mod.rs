//! The workspace: one SQLite file holding members, shops and competitors, and the import
//! history.
//!
//! The schema is created and upgraded by numbered migrations (`PRAGMA user_version`).
//! Every import runs in one transaction, so a failed or interrupted import leaves the
//! file exactly as it was.

mod area;
mod campaign;
mod geocoding;
mod members;
mod schema;
mod shops;

pub use area::AreaSummary;

pub use geocoding::{GeocodeEntry, PendingMember};
pub use members::{ImportSummary, MemberCounts};
pub use shops::ShopImportSummary;

use rusqlite::Connection;
use std::path::{Path, PathBuf};

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

/// An open workspace file.
#[derive(Debug)]
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl Workspace {
    /// Opens (creating if needed) the workspace at `path` and brings its schema up to date.
    ///
    /// # Errors
    /// When the file cannot be opened as SQLite or comes from a newer catchment.
    pub fn open(path: &Path) -> Result<Self, WorkspaceError> {
        let label = path.display().to_string();
        let sql = |source| WorkspaceError::Sqlite {
            path: label.clone(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sql)?;
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
        let sql = |source| WorkspaceError::Sqlite {
            path: ":memory:".into(),
            source,
        };
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

    /// Runs a bulk write with a rollback journal instead of the write-ahead log, then goes
    /// back to the log.
    ///
    /// A bulk write mostly adds pages past the file's end, which a rollback journal does
    /// not copy, while the log writes every page twice (to the log, then back into the
    /// file): about a fifth faster for a million-row import. The price: while it commits,
    /// other processes wait to read (up to SQLite's busy timeout) instead of reading the
    /// state before it. When another connection has the file open, SQLite keeps the log
    /// and this changes nothing.
    fn with_rollback_journal<T>(
        &mut self,
        write: impl FnOnce(&mut Self) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        let wal = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))
            .map_err(self.err())?
            .eq_ignore_ascii_case("wal");
        // Leaving the log needs the file to itself: SQLite answers "busy" otherwise.
        let switched = wal
            && match self.conn.pragma_update(None, "journal_mode", "DELETE") {
                Ok(()) => true,
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => false,
                Err(e) => return Err(self.err()(e)),
            };
        // `NORMAL` is durable with the log only; a rollback journal needs `FULL`.
        let result = if switched {
            self.conn
                .pragma_update(None, "synchronous", "FULL")
                .map_err(self.err())
                .and_then(|()| write(self))
        } else {
            write(self)
        };
        if switched {
            // Failing to go back changes nothing the write did, and the next `open` puts
            // the log back anyway: the write's own outcome is what to report.
            let _ = self
                .conn
                .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        }
        result
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> WorkspaceError + '_ {
        move |source| WorkspaceError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }
}
