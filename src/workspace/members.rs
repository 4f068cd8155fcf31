//! Members in the workspace: importing a member table (insert, update or leave
//! unchanged, all in one transaction) and loading located members for analysis.

use super::{Workspace, WorkspaceError};
use crate::analysis::Member;
use crate::analysis::segments::VisitHistory;
use crate::coord::LonLat;
use crate::ingest::members::{MemberImportOptions, MemberRecord, RowOutcome, open_members};
use crate::ingest::{RowIssue, file_label};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::path::Path;

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    /// File name.
    pub file: String,
    /// How the file was read (format, encoding, delimiter or sheet).
    pub format: String,
    /// Which column was read as which field.
    pub columns: String,
    /// Remarks about the whole file.
    pub notes: Vec<String>,
    /// Data rows read.
    pub rows_read: u64,
    /// New members.
    pub inserted: u64,
    /// Members whose data changed.
    pub updated: u64,
    /// Members already in the workspace exactly as in the file.
    pub unchanged: u64,
    /// Imported members with an address but no coordinates (waiting for geocoding).
    pub pending: u64,
    /// Rows not imported, with reasons.
    pub rejected: Vec<RowIssue>,
}

/// How many members the workspace holds, and how many have a position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MemberCounts {
    /// All members.
    pub total: u64,
    /// Members with a position good enough for analysis (imported, placed by hand, or
    /// geocoded at house or street level).
    pub located: u64,
    /// Members with an address that has not been geocoded yet.
    pub pending: u64,
    /// Members the geocoder could place only at postcode level or not at all.
    pub unplaced: u64,
}

const INSERT: &str =
    "INSERT INTO members (id, name, phone, address, home_shop, tier, visits, spend_cents,
        first_visit, last_visit, extra, lon, lat, location_source, record_hash, import_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
        CASE WHEN ?12 IS NULL THEN NULL ELSE 'import' END, ?14, ?15)
    ON CONFLICT (id) DO NOTHING";

// SQLite evaluates every SET expression against the old row, so `address IS ?4` compares
// the stored address with the new one. A hand-placed member keeps its point; a geocoded
// one keeps it while the address is the same.
const UPDATE: &str =
    "UPDATE members SET name = ?2, phone = ?3, address = ?4, home_shop = ?5, tier = ?6,
        visits = ?7, spend_cents = ?8, first_visit = ?9, last_visit = ?10, extra = ?11,
        lon = CASE WHEN location_source = 'manual' THEN lon WHEN ?12 IS NOT NULL THEN ?12
                   WHEN location_source = 'geocode' AND address IS ?4 THEN lon END,
        lat = CASE WHEN location_source = 'manual' THEN lat WHEN ?12 IS NOT NULL THEN ?13
                   WHEN location_source = 'geocode' AND address IS ?4 THEN lat END,
        location_source = CASE WHEN location_source = 'manual' THEN 'manual'
                   WHEN ?12 IS NOT NULL THEN 'import'
                   WHEN location_source = 'geocode' AND address IS ?4 THEN 'geocode' END,
        match_level = CASE WHEN location_source = 'manual' THEN match_level WHEN ?12 IS NOT NULL THEN NULL
                   WHEN location_source = 'geocode' AND address IS ?4 THEN match_level END,
        geocode_key = CASE WHEN ?12 IS NULL AND address IS ?4 THEN geocode_key END,
        geocode_provider = CASE WHEN ?12 IS NULL AND address IS ?4 THEN geocode_provider END,
        record_hash = ?14, import_id = ?15
    WHERE id = ?1";

/// A parsed row ready for writing: the member with its fingerprint and extras as JSON,
/// or the rejection.
enum Prepared {
    Member {
        member: Box<MemberRecord>,
        record_hash: i64,
        extra: String,
    },
    Rejected(RowIssue),
}

impl From<RowOutcome> for Prepared {
    fn from(outcome: RowOutcome) -> Self {
        match outcome {
            RowOutcome::Member(member) => Prepared::Member {
                record_hash: fingerprint(&member),
                extra: serde_json::to_string(&member.extra).unwrap_or_else(|_| "{}".into()),
                member,
            },
            RowOutcome::Rejected(issue) => Prepared::Rejected(issue),
        }
    }
}

/// A fingerprint of an imported row: equal fingerprints mean "unchanged".
///
/// FNV-1a (64-bit) over a canonical serialisation, stored as SQLite's signed integer. It
/// is fixed by definition, so fingerprints stay comparable across catchment versions.
fn fingerprint(m: &MemberRecord) -> i64 {
    let canonical = serde_json::to_vec(&(
        &m.id,
        &m.name,
        &m.phone,
        &m.address,
        m.position.map(|p| [p.lon_deg(), p.lat_deg()]),
        &m.home_shop,
        &m.tier,
        m.visits,
        m.spend_cents,
        m.first_visit,
        m.last_visit,
        &m.extra,
    ))
    .unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

impl Workspace {
    /// Imports a member table in one transaction.
    ///
    /// `progress` is called with the number of rows read so far, every few thousand rows.
    ///
    /// # Errors
    /// When the file cannot be read, when no row at all could be imported
    /// ([`WorkspaceError::NothingImported`], workspace unchanged), or SQLite fails.
    pub fn import_members(
        &mut self,
        path: &Path,
        opts: &MemberImportOptions,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<ImportSummary, WorkspaceError> {
        let (mut table, mut parser) = open_members(path, opts)?;
        let label = self.path.display().to_string();
        let sql = |source| WorkspaceError::Sqlite {
            path: label.clone(),
            source,
        };
        let mut s = ImportSummary {
            file: file_label(path),
            format: table.format.clone(),
            columns: parser.columns().describe(),
            notes: parser.notes().to_vec(),
            ..Default::default()
        };
        let total_hint = table.len_hint();
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute(
            "INSERT INTO imports (kind, file, format, at, rows_read, inserted, updated, unchanged, rejected)
             VALUES ('members', ?1, ?2, ?3, 0, 0, 0, 0, 0)",
            params![s.file, s.format, chrono::Local::now().to_rfc3339()],
        )
        .map_err(sql)?;
        let import_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare(INSERT).map_err(sql)?;
            let mut update = tx.prepare(UPDATE).map_err(sql)?;
            let mut stored = tx
                .prepare("SELECT record_hash FROM members WHERE id = ?1")
                .map_err(sql)?;
            // Rows are read, parsed and fingerprinted on a second thread (itself parallel
            // per batch) while this one writes the previous batch: SQLite has one writer.
            const BATCH_ROWS: usize = 8192;
            let (sender, batches) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(2);
            std::thread::scope(|scope| -> Result<(), WorkspaceError> {
                scope.spawn(move || {
                    let mut rows = table.rows();
                    loop {
                        let batch: Vec<_> = rows.by_ref().take(BATCH_ROWS).collect();
                        if batch.is_empty() {
                            break;
                        }
                        let prepared = parser
                            .parse_batch(batch)
                            .into_iter()
                            .map(Prepared::from)
                            .collect();
                        if sender.send(prepared).is_err() {
                            break;
                        }
                    }
                });
                for batch in batches {
                    s.rows_read += batch.len() as u64;
                    progress(s.rows_read, total_hint);
                    for prepared in batch {
                        let (m, record_hash, extra) = match prepared {
                            Prepared::Member {
                                member,
                                record_hash,
                                extra,
                            } => (member, record_hash, extra),
                            Prepared::Rejected(issue) => {
                                s.rejected.push(issue);
                                continue;
                            }
                        };
                        let values = params![
                            m.id,
                            m.name,
                            m.phone,
                            m.address,
                            m.home_shop,
                            m.tier,
                            m.visits,
                            m.spend_cents,
                            m.first_visit.map(|d| d.to_string()),
                            m.last_visit.map(|d| d.to_string()),
                            extra,
                            m.position.map(LonLat::lon_deg),
                            m.position.map(LonLat::lat_deg),
                            record_hash,
                            import_id,
                        ];
                        if insert.execute(values).map_err(sql)? == 1 {
                            s.inserted += 1;
                        } else {
                            let old: Option<i64> = stored
                                .query_row([&m.id], |r| r.get(0))
                                .optional()
                                .map_err(sql)?;
                            if old == Some(record_hash) {
                                s.unchanged += 1;
                                continue;
                            }
                            update.execute(values).map_err(sql)?;
                            s.updated += 1;
                        }
                        if m.position.is_none() {
                            s.pending += 1;
                        }
                    }
                }
                Ok(())
            })?;
        }
        progress(s.rows_read, total_hint);
        if s.inserted + s.updated + s.unchanged == 0 {
            // Dropping the transaction rolls it back.
            return Err(WorkspaceError::NothingImported {
                file: s.file,
                rejected: s.rejected.len(),
                issues: s.rejected,
            });
        }
        tx.execute(
            "UPDATE imports SET rows_read = ?2, inserted = ?3, updated = ?4, unchanged = ?5, rejected = ?6 WHERE id = ?1",
            params![import_id, s.rows_read as i64, s.inserted as i64, s.updated as i64, s.unchanged as i64, s.rejected.len() as i64],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(s)
    }

    /// Counts of all, located and pending members.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn member_counts(&self) -> Result<MemberCounts, WorkspaceError> {
        self.conn
            .query_row(
                "SELECT count(*),
                        count(*) FILTER (WHERE lon IS NOT NULL AND (match_level IS NULL OR match_level IN ('house', 'street'))),
                        count(*) FILTER (WHERE lon IS NULL AND address IS NOT NULL AND match_level IS NULL),
                        count(*) FILTER (WHERE match_level IN ('postcode', 'none'))
                 FROM members",
                [],
                |r| {
                    let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
                    Ok(MemberCounts { total: n(0)?, located: n(1)?, pending: n(2)?, unplaced: n(3)? })
                },
            )
            .map_err(self.err())
    }

    /// Every member with a position, for analysis.
    ///
    /// # Errors
    /// When SQLite fails or a stored value is malformed.
    pub fn located_members(&self) -> Result<Vec<Member>, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT lon, lat, home_shop, tier, visits, spend_cents, first_visit, last_visit, id, match_level IS 'street'
                 FROM members WHERE lon IS NOT NULL AND (match_level IS NULL OR match_level IN ('house', 'street'))
                 ORDER BY id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, f64>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<u32>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, bool>(9)?,
                ))
            })
            .map_err(self.err())?;
        let corrupt = |detail: String| WorkspaceError::Corrupt {
            path: self.path.display().to_string(),
            detail,
        };
        let mut out = Vec::new();
        for row in rows {
            let (lon, lat, home_shop, tier, visits, spend_cents, first, last, id, street_level) =
                row.map_err(self.err())?;
            let position = LonLat::new(lon, lat).map_err(|e| corrupt(e.to_string()))?;
            out.push(Member {
                id,
                position,
                home_shop,
                tier,
                street_level,
                history: VisitHistory {
                    visits,
                    spend_cents,
                    first_visit: self.stored_date(first)?,
                    last_visit: self.stored_date(last)?,
                },
            });
        }
        Ok(out)
    }
}

impl Workspace {
    /// Every member's id, tier and visit history, located or not, ordered by id.
    ///
    /// # Errors
    /// When SQLite fails or a stored date is malformed.
    pub fn member_histories(
        &self,
    ) -> Result<Vec<(String, Option<String>, VisitHistory)>, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, tier, visits, spend_cents, first_visit, last_visit FROM members ORDER BY id")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<u32>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, tier, visits, spend_cents, first, last) = row.map_err(self.err())?;
            let history = VisitHistory {
                visits,
                spend_cents,
                first_visit: self.stored_date(first)?,
                last_visit: self.stored_date(last)?,
            };
            out.push((id, tier, history));
        }
        Ok(out)
    }

    fn stored_date(&self, s: Option<String>) -> Result<Option<NaiveDate>, WorkspaceError> {
        s.map(|s| {
            s.parse::<NaiveDate>().map_err(|_| WorkspaceError::Corrupt {
                path: self.path.display().to_string(),
                detail: format!("stored date '{s}' is not ISO"),
            })
        })
        .transpose()
    }
}
