//! Schema migrations. Each entry upgrades the file by one version; never edit a shipped
//! entry, add a new one.

use super::WorkspaceError;
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: members, shops, imports.
    "CREATE TABLE imports (
        id        INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL CHECK (kind IN ('members', 'shops')),
        file      TEXT NOT NULL,
        format    TEXT NOT NULL,
        at        TEXT NOT NULL,
        rows_read INTEGER NOT NULL,
        inserted  INTEGER NOT NULL,
        updated   INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        rejected  INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE members (
        id              TEXT PRIMARY KEY,
        name            TEXT,
        phone           TEXT,
        address         TEXT,
        home_shop       TEXT,
        tier            TEXT,
        visits          INTEGER,
        spend_cents     INTEGER,
        first_visit     TEXT,
        last_visit      TEXT,
        extra           TEXT NOT NULL DEFAULT '{}',
        lon             REAL,
        lat             REAL,
        location_source TEXT CHECK (location_source IN ('import', 'geocode', 'manual')),
        record          TEXT NOT NULL,
        import_id       INTEGER NOT NULL REFERENCES imports(id),
        CHECK ((lon IS NULL) = (lat IS NULL)),
        CHECK ((lon IS NULL) = (location_source IS NULL))
    ) STRICT;
    CREATE TABLE shops (
        name     TEXT PRIMARY KEY,
        kind     TEXT NOT NULL CHECK (kind IN ('own', 'competitor')),
        lon      REAL NOT NULL,
        lat      REAL NOT NULL,
        address  TEXT,
        category TEXT
    ) STRICT;",
];

/// Brings the schema to the newest version, in one transaction per step.
pub(super) fn migrate(conn: &mut Connection, label: &str) -> Result<(), WorkspaceError> {
    let sql = |source| WorkspaceError::Sqlite {
        path: label.to_string(),
        source,
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    let newest = MIGRATIONS.len() as i64;
    if version > newest {
        return Err(WorkspaceError::TooNew {
            path: label.to_string(),
            found: version,
            supported: newest,
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction().map_err(sql)?;
        tx.execute_batch(step).map_err(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
    }
    Ok(())
}
