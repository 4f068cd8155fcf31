//! Schema migrations. Each entry upgrades the file by one version; never edit a shipped
//! entry, add a new one.

use super::WorkspaceError;
use rusqlite::{Connection, TransactionBehavior};

const MIGRATIONS: &[&str] = &[
    // 1: members, shops, imports, the geocode cache.
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
        match_level     TEXT CHECK (match_level IN ('house', 'street', 'postcode', 'none')),
        geocode_key     TEXT,
        geocode_provider TEXT,
        record_hash     INTEGER NOT NULL,
        import_id       INTEGER NOT NULL REFERENCES imports(id),
        CHECK ((lon IS NULL) = (lat IS NULL)),
        CHECK ((lon IS NULL) = (location_source IS NULL))
    ) STRICT;
    CREATE TABLE geocode_cache (
        key      TEXT NOT NULL,
        provider TEXT NOT NULL,
        lon      REAL,
        lat      REAL,
        level    TEXT NOT NULL CHECK (level IN ('house', 'street', 'postcode', 'none')),
        score    REAL NOT NULL,
        label    TEXT,
        at       TEXT NOT NULL,
        PRIMARY KEY (key, provider)
    ) STRICT;
    CREATE TABLE shops (
        name     TEXT PRIMARY KEY,
        kind     TEXT NOT NULL CHECK (kind IN ('own', 'competitor')),
        lon      REAL NOT NULL,
        lat      REAL NOT NULL,
        address  TEXT,
        category TEXT
    ) STRICT;",
    // 2: the OSM area read by `catchment area load`, replaced whole on every load
    // (workspace/area.rs). Geometry is BLOBs of little-endian i32 (lon, lat) pairs in
    // 10⁻⁷ degrees; `lines` and `rings` hold several parts (u32 count, then per part a u32
    // vertex count and its pairs). Rows keep the area's order by `id`.
    "CREATE TABLE area_meta (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        source     TEXT NOT NULL,
        file_bytes INTEGER NOT NULL,
        loaded_at  TEXT NOT NULL,
        min_lon    REAL,
        min_lat    REAL,
        max_lon    REAL,
        max_lat    REAL,
        CHECK ((min_lon IS NULL) = (max_lat IS NULL))
    ) STRICT;
    CREATE TABLE area_addresses (
        id              INTEGER PRIMARY KEY,
        street          TEXT NOT NULL,
        housenumber     TEXT NOT NULL,
        postcode        TEXT,
        city            TEXT,
        postcode_filled INTEGER NOT NULL CHECK (postcode_filled IN (0, 1)),
        city_filled     INTEGER NOT NULL CHECK (city_filled IN (0, 1)),
        element         TEXT NOT NULL CHECK (element IN ('node', 'way', 'relation')),
        lon             REAL NOT NULL,
        lat             REAL NOT NULL
    ) STRICT;
    CREATE INDEX area_addresses_street ON area_addresses (street, housenumber);
    CREATE TABLE area_streets (
        id    INTEGER PRIMARY KEY,
        class TEXT NOT NULL,
        lines BLOB NOT NULL
    ) STRICT;
    CREATE TABLE area_street_names (
        street_id INTEGER NOT NULL REFERENCES area_streets (id),
        rank      INTEGER NOT NULL,
        name      TEXT NOT NULL,
        PRIMARY KEY (street_id, rank)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX area_street_names_name ON area_street_names (name);
    CREATE TABLE area_interpolations (
        id     INTEGER PRIMARY KEY,
        street TEXT NOT NULL,
        scheme TEXT NOT NULL,
        line   BLOB NOT NULL
    ) STRICT;
    CREATE TABLE area_interpolation_numbers (
        interpolation_id INTEGER NOT NULL REFERENCES area_interpolations (id),
        rank             INTEGER NOT NULL,
        vertex           INTEGER NOT NULL CHECK (vertex >= 0),
        housenumber      TEXT NOT NULL,
        PRIMARY KEY (interpolation_id, rank)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE area_pois (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL,
        category TEXT NOT NULL,
        address  TEXT,
        element  TEXT NOT NULL CHECK (element IN ('node', 'way', 'relation')),
        lon      REAL NOT NULL,
        lat      REAL NOT NULL
    ) STRICT;
    CREATE INDEX area_pois_category ON area_pois (category);
    CREATE TABLE area_homes (
        id        INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL CHECK (kind IN ('address', 'building')),
        dwellings INTEGER NOT NULL CHECK (dwellings >= 0),
        lon       REAL NOT NULL,
        lat       REAL NOT NULL
    ) STRICT;
    CREATE TABLE area_lines (
        id     INTEGER PRIMARY KEY,
        class  TEXT NOT NULL,
        name   TEXT,
        points BLOB NOT NULL
    ) STRICT;
    CREATE TABLE area_areas (
        id    INTEGER PRIMARY KEY,
        class TEXT NOT NULL CHECK (class IN ('water', 'park', 'building')),
        name  TEXT,
        rings BLOB NOT NULL
    ) STRICT;",
    // 3: the box the extract's header declares, where the data ends (NULL when it declares
    // none, and for areas loaded before).
    "ALTER TABLE area_meta ADD COLUMN declared_min_lon REAL;
    ALTER TABLE area_meta ADD COLUMN declared_min_lat REAL;
    ALTER TABLE area_meta ADD COLUMN declared_max_lon REAL;
    ALTER TABLE area_meta ADD COLUMN declared_max_lat REAL;",
    // 4: how each home's dwellings were counted, and the floor area per dwelling the
    // estimate used. Homes stored before are `unestimated` (building:flats, else 1) and the
    // floor area NULL, until the extract is loaded again.
    "ALTER TABLE area_homes ADD COLUMN estimate TEXT NOT NULL DEFAULT 'unestimated'
        CHECK (estimate IN ('flats', 'house', 'footprint_levels', 'footprint_default_levels',
                            'address', 'unestimated'));
    ALTER TABLE area_meta ADD COLUMN dwelling_floor_m2 REAL;",
    // 5: the match level `compound` (a named residential compound or POI, issue 15). SQLite
    // cannot change a CHECK in place, so members and the geocode cache are copied into
    // tables that allow it. Named places of the area (compounds, districts) for the Chinese
    // geocoder, and the points of address files (OpenAddresses layout) loaded into the area,
    // kept apart so that loading an extract again keeps them.
    "CREATE TABLE members_v5 (
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
        match_level     TEXT CHECK (match_level IN ('house', 'compound', 'street', 'postcode', 'none')),
        geocode_key     TEXT,
        geocode_provider TEXT,
        record_hash     INTEGER NOT NULL,
        import_id       INTEGER NOT NULL REFERENCES imports(id),
        CHECK ((lon IS NULL) = (lat IS NULL)),
        CHECK ((lon IS NULL) = (location_source IS NULL))
    ) STRICT;
    INSERT INTO members_v5 SELECT * FROM members;
    DROP TABLE members;
    ALTER TABLE members_v5 RENAME TO members;
    CREATE TABLE geocode_cache_v5 (
        key      TEXT NOT NULL,
        provider TEXT NOT NULL,
        lon      REAL,
        lat      REAL,
        level    TEXT NOT NULL CHECK (level IN ('house', 'compound', 'street', 'postcode', 'none')),
        score    REAL NOT NULL,
        label    TEXT,
        at       TEXT NOT NULL,
        PRIMARY KEY (key, provider)
    ) STRICT;
    INSERT INTO geocode_cache_v5 SELECT * FROM geocode_cache;
    DROP TABLE geocode_cache;
    ALTER TABLE geocode_cache_v5 RENAME TO geocode_cache;
    CREATE TABLE area_places (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL,
        kind    TEXT NOT NULL CHECK (kind IN ('compound', 'district')),
        element TEXT NOT NULL CHECK (element IN ('node', 'way', 'relation')),
        lon     REAL NOT NULL,
        lat     REAL NOT NULL
    ) STRICT;
    CREATE TABLE area_file_points (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        street      TEXT NOT NULL,
        housenumber TEXT NOT NULL,
        unit        TEXT,
        postcode    TEXT,
        city        TEXT,
        lon         REAL NOT NULL,
        lat         REAL NOT NULL
    ) STRICT;",
    // 6: the members version (members.rs, `members_changed`): every transaction that
    // writes to `members` raises `version` and draws a new random `stamp`; the member
    // cache beside the file (member_cache.rs) is used only for the pair it was written
    // for, so a copy of the file that changed apart never takes another's cache.
    "CREATE TABLE members_version (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        stamp   INTEGER NOT NULL
    ) STRICT;
    INSERT INTO members_version (id, version, stamp) VALUES (1, 0, random());",
];

/// Brings the schema to the newest version, in one transaction per step.
///
/// Each step takes the write lock first and reads the version again under it: another
/// process opening the same new file at the same moment has then either done the step
/// already or waits for this one.
pub(super) fn migrate(conn: &mut Connection, label: &str) -> Result<(), WorkspaceError> {
    let sql = |source| WorkspaceError::sqlite(label, source);
    let newest = MIGRATIONS.len() as i64;
    let version = |conn: &Connection| -> Result<i64, WorkspaceError> {
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if found > newest {
            return Err(WorkspaceError::TooNew {
                path: label.to_string(),
                found,
                supported: newest,
            });
        }
        Ok(found)
    };
    // Reading first keeps an up-to-date file from ever taking the write lock.
    while version(conn)? < newest {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let at = version(&tx)?;
        if let Some(step) = MIGRATIONS.get(at as usize) {
            tx.execute_batch(step).map_err(sql)?;
            tx.pragma_update(None, "user_version", at + 1)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_5_keeps_members_and_cache_and_allows_compound() {
        let mut conn = Connection::open_in_memory().unwrap();
        for step in &MIGRATIONS[..4] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute_batch(
            "INSERT INTO imports VALUES (1, 'members', 'm.csv', 'csv', 'now', 1, 1, 0, 0, 0);
             INSERT INTO members (id, address, lon, lat, location_source, match_level, record_hash, import_id)
                 VALUES ('A1', '徐汇苑5栋', 121.44, 31.19, 'geocode', 'street', 7, 1);
             INSERT INTO geocode_cache VALUES ('k', 'offline', 121.44, 31.19, 'street', 0.7, 'x', 'now');",
        )
        .unwrap();
        assert!(
            conn.execute("UPDATE members SET match_level = 'compound'", [])
                .is_err()
        );
        migrate(&mut conn, "test").unwrap();
        let kept: (String, String) = conn
            .query_row("SELECT address, match_level FROM members", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, ("徐汇苑5栋".to_owned(), "street".to_owned()));
        conn.execute("UPDATE members SET match_level = 'compound'", [])
            .unwrap();
        conn.execute("UPDATE geocode_cache SET level = 'compound'", [])
            .unwrap();
        assert!(
            conn.execute("UPDATE members SET match_level = 'door'", [])
                .is_err()
        );
        let places: i64 = conn
            .query_row("SELECT count(*) FROM area_places", [], |r| r.get(0))
            .unwrap();
        assert_eq!(places, 0);
    }
}
