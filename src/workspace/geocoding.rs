//! Geocoding state in the workspace: the cache of results by normalised address (per
//! provider), members waiting for a position, and hand-placed members.
//!
//! A member's position has a source: `import` (the table had coordinates), `geocode`
//! (with the match level) or `manual` (`catchment member locate`, which survives
//! re-imports). Analyses count members placed at `house` or `street` level, imported or
//! manual; `postcode`-level points are kept but left out, and counted as such.

use super::members::members_changed;
use super::{Workspace, WorkspaceError};
use crate::coord::LonLat;
use crate::geocode::Geocoded;
use crate::model::MatchLevel;
use crate::model::ReviewRow;
use rusqlite::{OptionalExtension, params};

/// One geocoding result to store: the cache key, the provider, the result.
#[derive(Debug, Clone)]
pub struct GeocodeEntry {
    /// Normalised address (the cache key).
    pub key: String,
    /// `osm` for the offline geocoder, else the online provider's name.
    pub provider: String,
    /// The result.
    pub result: Geocoded,
}

/// A member waiting for a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMember {
    /// Member id.
    pub id: String,
    /// Address as imported.
    pub address: String,
}

fn level_from_db(s: &str) -> MatchLevel {
    s.parse().unwrap_or(MatchLevel::None)
}

impl Workspace {
    /// Members with an address and no position that have not been geocoded with the
    /// current cache (all of them when `retry_unmatched`), ordered by id.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn pending_members(
        &self,
        retry_unmatched: bool,
    ) -> Result<Vec<PendingMember>, WorkspaceError> {
        let sql = if retry_unmatched {
            "SELECT id, address FROM members WHERE lon IS NULL AND address IS NOT NULL ORDER BY id"
        } else {
            "SELECT id, address FROM members WHERE lon IS NULL AND address IS NOT NULL AND match_level IS NULL ORDER BY id"
        };
        let mut stmt = self.conn.prepare(sql).map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PendingMember {
                    id: r.get(0)?,
                    address: r.get(1)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// A cached result for a normalised address from `provider`.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn cached_geocode(
        &self,
        key: &str,
        provider: &str,
    ) -> Result<Option<Geocoded>, WorkspaceError> {
        // Called once per distinct address of a run: prepared once per connection.
        self.conn
            .prepare_cached(
                "SELECT lon, lat, level, score, label FROM geocode_cache WHERE key = ?1 AND provider = ?2",
            )
            .map_err(self.err())?
            .query_row(
                params![key, provider],
                |r| {
                    let lon: Option<f64> = r.get(0)?;
                    let lat: Option<f64> = r.get(1)?;
                    let level: String = r.get(2)?;
                    Ok((lon.zip(lat), level, r.get::<_, f64>(3)?, r.get::<_, Option<String>>(4)?))
                },
            )
            .optional()
            .map_err(self.err())?
            .map(|(pos, level, score, label)| {
                let position = pos
                    .map(|(lon, lat)| LonLat::new(lon, lat))
                    .transpose()
                    .map_err(|e| WorkspaceError::Corrupt { path: self.path.display().to_string(), detail: format!("geocode cache: {e}") })?;
                Ok(Geocoded { position, level: level_from_db(&level), score: score as f32, label })
            })
            .transpose()
    }

    /// Stores results in the cache and places the members whose addresses they answer,
    /// in one transaction. `members` pairs member ids with cache keys.
    ///
    /// # Errors
    /// When SQLite fails; nothing is written then.
    pub fn apply_geocodes(
        &mut self,
        entries: &[GeocodeEntry],
        members: &[(String, String)],
    ) -> Result<(), WorkspaceError> {
        let label = self.path.display().to_string();
        let sql = |source| WorkspaceError::sqlite(&label, source);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        {
            let mut cache = tx
                .prepare(
                    "INSERT INTO geocode_cache (key, provider, lon, lat, level, score, label, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (key, provider) DO UPDATE SET lon = ?3, lat = ?4, level = ?5, score = ?6, label = ?7, at = ?8",
                )
                .map_err(sql)?;
            let now = chrono::Local::now().to_rfc3339();
            let mut by_key = std::collections::HashMap::new();
            for e in entries {
                let r = &e.result;
                cache
                    .execute(params![
                        e.key,
                        e.provider,
                        r.position.map(LonLat::lon_deg),
                        r.position.map(LonLat::lat_deg),
                        r.level.as_str(),
                        f64::from(r.score),
                        r.label,
                        now
                    ])
                    .map_err(sql)?;
                by_key.insert(e.key.as_str(), e);
            }
            let mut place = tx
                .prepare(
                    "UPDATE members SET lon = ?2, lat = ?3, location_source = CASE WHEN ?2 IS NULL THEN NULL ELSE 'geocode' END,
                     match_level = ?4, geocode_key = ?5, geocode_provider = ?6 WHERE id = ?1 AND lon IS NULL",
                )
                .map_err(sql)?;
            let mut placed = 0;
            for (id, key) in members {
                if let Some(e) = by_key.get(key.as_str()) {
                    let r = &e.result;
                    placed += place
                        .execute(params![
                            id,
                            r.position.map(LonLat::lon_deg),
                            r.position.map(LonLat::lat_deg),
                            r.level.as_str(),
                            e.key,
                            e.provider
                        ])
                        .map_err(sql)?;
                }
            }
            if placed > 0 {
                members_changed(&tx).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// Places a member by hand; the position survives re-imports.
    ///
    /// # Errors
    /// When there is no member with that id.
    pub fn locate_member(&mut self, id: &str, position: LonLat) -> Result<(), WorkspaceError> {
        let label = self.path.display().to_string();
        let sql = |source| WorkspaceError::sqlite(&label, source);
        let tx = self.conn.transaction().map_err(sql)?;
        let n = tx
            .execute(
                "UPDATE members SET lon = ?2, lat = ?3, location_source = 'manual', match_level = 'house' WHERE id = ?1",
                params![id, position.lon_deg(), position.lat_deg()],
            )
            .map_err(sql)?;
        if n == 0 {
            return Err(WorkspaceError::NoSuchMember(id.to_string()));
        }
        members_changed(&tx).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Geocoded members below full confidence (score < 1) or not placed, worst first.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn geocode_review(&self) -> Result<Vec<ReviewRow>, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.id, m.address, m.match_level, c.score, c.label
                 FROM members m LEFT JOIN geocode_cache c ON c.key = m.geocode_key AND c.provider = m.geocode_provider
                 WHERE m.match_level IS NOT NULL AND m.location_source IS NOT 'manual' AND m.address IS NOT NULL
                   AND (m.match_level != 'house' OR c.score < 1.0)
                 ORDER BY CASE m.match_level WHEN 'none' THEN 0 WHEN 'postcode' THEN 1 WHEN 'street' THEN 2 WHEN 'compound' THEN 3 ELSE 4 END, c.score, m.id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ReviewRow {
                    id: r.get(0)?,
                    address: r.get(1)?,
                    level: r.get(2)?,
                    score: r.get(3)?,
                    label: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Members by how they got (or failed to get) a position: `import`, `manual`,
    /// `house`, `compound`, `street`, `postcode`, `none`, `pending` (not geocoded yet), `no address`.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn location_counts(&self) -> Result<Vec<(String, u64)>, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT CASE WHEN location_source IN ('import', 'manual') THEN location_source
                             WHEN match_level IS NOT NULL THEN match_level
                             WHEN address IS NOT NULL THEN 'pending' ELSE 'no address' END AS how, count(*)
                 FROM members GROUP BY how ORDER BY how",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}
