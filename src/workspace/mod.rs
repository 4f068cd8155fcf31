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

use rusqlite::{Connection, OpenFlags};
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
    /// There is no workspace file at the path (commands that only read do not create one).
    #[error(
        "no workspace at {path} (create one with `catchment import members FILE` or `catchment demo`)"
    )]
    NotFound {
        /// The path looked at.
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
        let sql = |source| WorkspaceError::Sqlite {
            path: label.clone(),
            source,
        };
        let mut conn = Connection::open_with_flags(path, flags).map_err(sql)?;
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

    /// Closes the workspace and deletes its file when it holds nothing (no import, member,
    /// shop, geocoded address or area) and no other connection has it open: for a command
    /// that created the file and then failed, so that it leaves nothing behind. Returns
    /// whether the file was deleted (never for an in-memory workspace).
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn remove_if_empty(self) -> Result<bool, WorkspaceError> {
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
        // Leaving the log needs the file to itself, SQLite answers "busy" otherwise, so
        // this tells whether another connection has it open.
        match self.conn.pragma_update(None, "journal_mode", "DELETE") {
            Ok(()) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                return Ok(false);
            }
            Err(e) => return Err(self.err()(e)),
        }
        let Self { conn, path } = self;
        conn.close().map_err(|(_, source)| WorkspaceError::Sqlite {
            path: path.display().to_string(),
            source,
        })?;
        remove_files(&path);
        Ok(!path.exists())
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> WorkspaceError + '_ {
        move |source| WorkspaceError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }
}

/// Removes a workspace file and its log and shared-memory files, as far as they exist.
fn remove_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

#[cfg(test)]
mod tests;
