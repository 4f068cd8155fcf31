//! Members in the workspace: importing a member table (insert, update or leave
//! unchanged, all in one transaction), the members version every write raises
//! ([`members_changed`]), and loading located members for analysis (through the member
//! cache, `member_cache.rs`).

use super::member_cache::{self, CacheMiss, MembersVersion};
use super::{Workspace, WorkspaceError};
use crate::coord::LonLat;
use crate::ingest::members::{MemberImportOptions, MemberRecord, RowOutcome, open_members};
use crate::ingest::{IssueKind, RowIssue, file_label};
use crate::model::{Member, MemberTable, MemberTableBuilder, VisitHistory};
use chrono::NaiveDate;
use rayon::prelude::*;
use rusqlite::params;
use rustc_hash::FxHashMap;
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
    /// Cells of imported members that could not be read and were left empty
    /// ([`Severity::Warning`](crate::ingest::Severity::Warning) issues), in file order.
    pub warnings: Vec<RowIssue>,
    /// 1-based file row the header was read from.
    pub header_row: usize,
}

/// The members analyses count: placed, and at a level good enough (`house`, `compound`,
/// `street`, or placed by hand or import). The counts and the member table both use it.
const LOCATED: &str =
    "lon IS NOT NULL AND (match_level IS NULL OR match_level IN ('house', 'compound', 'street'))";

impl ImportSummary {
    /// The warnings counted by column and reason, most frequent first:
    /// `(visits, InvalidNumber, 2), (last visit, InvalidDate, 1)`.
    pub fn warning_counts(&self) -> Vec<(String, IssueKind, usize)> {
        let mut counts: Vec<(String, IssueKind, usize)> = Vec::new();
        for w in &self.warnings {
            let column = w.column.as_deref().unwrap_or("?");
            match counts
                .iter_mut()
                .find(|(c, k, _)| c == column && *k == w.kind)
            {
                Some((_, _, n)) => *n += 1,
                None => counts.push((column.to_string(), w.kind, 1)),
            }
        }
        counts.sort_by_key(|(_, _, n)| std::cmp::Reverse(*n));
        counts
    }
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

/// Columns written for a new member, in the order [`NewMember::bind`] binds them.
const INSERT_COLUMNS: &str = "id, name, phone, address, home_shop, tier, visits, spend_cents,
    first_visit, last_visit, extra, lon, lat, location_source, record_hash, import_id";
const INSERT_PARAMS: usize = 16;

/// New members are written this many to one `INSERT` statement: one execution per row
/// costs SQLite about as much again as the row itself.
const INSERT_CHUNK: usize = 64;

/// An `INSERT` of `rows` new members.
fn insert_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; INSERT_PARAMS].join(", "));
    format!(
        "INSERT INTO members ({INSERT_COLUMNS}) VALUES {}",
        vec![one; rows].join(", ")
    )
}

// The parameters are the INSERT's (?14, the new location source, is decided here).
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
        record_hash = ?15, import_id = ?16
    WHERE id = ?1";

/// A parsed row ready for writing, or the rejection.
enum Prepared {
    Member(StoredMember),
    Rejected(RowIssue),
}

/// A member with the values only its stored row has, computed on the parsing thread so
/// the writing thread only binds.
struct StoredMember {
    /// The record, its raw cells and warnings already taken.
    record: Box<MemberRecord>,
    /// The record's warnings, for the summary.
    warnings: Vec<RowIssue>,
    /// Dates as stored: `YYYY-MM-DD`.
    first_visit: Option<String>,
    last_visit: Option<String>,
    /// Extra columns as a JSON object.
    extra: String,
    record_hash: i64,
}

impl From<RowOutcome> for Prepared {
    fn from(outcome: RowOutcome) -> Self {
        match outcome {
            RowOutcome::Member(mut record) => {
                record.cells = Vec::new();
                let warnings = std::mem::take(&mut record.warnings);
                let first_visit = record.first_visit.map(iso_date);
                let last_visit = record.last_visit.map(iso_date);
                let record_hash =
                    fingerprint(&record, first_visit.as_deref(), last_visit.as_deref());
                let extra = if record.extra.is_empty() {
                    "{}".to_owned()
                } else {
                    serde_json::to_string(&record.extra).unwrap_or_else(|_| "{}".into())
                };
                Prepared::Member(StoredMember {
                    record,
                    warnings,
                    first_visit,
                    last_visit,
                    extra,
                    record_hash,
                })
            }
            RowOutcome::Rejected(issue) => Prepared::Rejected(issue),
        }
    }
}

/// `YYYY-MM-DD`, as `NaiveDate`'s `Display` writes it, without the formatting machinery
/// (which writes a character at a time).
fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let digits = |n: u32, width: usize, out: &mut String| {
        for place in (0..width).rev() {
            let digit = n / 10_u32.pow(place as u32) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    };
    let mut out = String::with_capacity(10);
    digits(d.year().unsigned_abs(), 4, &mut out);
    out.push('-');
    digits(d.month(), 2, &mut out);
    out.push('-');
    digits(d.day(), 2, &mut out);
    out
}

/// The date [`iso_date`] wrote `s` from, read without the parsing machinery; `None` for
/// anything else (`NaiveDate`'s `FromStr` then decides, as it always did).
fn from_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // The dashes are single bytes, so the slices fall on character boundaries.
    crate::ingest::values::ymd(&s[..4], &s[5..7], &s[8..])
}

impl StoredMember {
    /// The member as the member table holds it once written, `None` without a position
    /// (an imported position has no match level, so it is located and not street-level).
    fn into_located(self) -> Option<Member> {
        let m = *self.record;
        Some(Member {
            position: m.position?,
            id: m.id,
            home_shop: m.home_shop,
            tier: m.tier,
            street_level: false,
            history: VisitHistory {
                visits: m.visits,
                spend_cents: m.spend_cents,
                first_visit: m.first_visit,
                last_visit: m.last_visit,
            },
        })
    }

    /// Binds this member as the `INSERT_PARAMS` parameters (of the INSERT, or the
    /// UPDATE) from `first` (1-based) on.
    fn bind(
        &self,
        stmt: &mut rusqlite::Statement<'_>,
        first: usize,
        import_id: i64,
    ) -> rusqlite::Result<()> {
        let m = &self.record;
        let values: [&dyn rusqlite::ToSql; INSERT_PARAMS] = [
            &m.id,
            &m.name,
            &m.phone,
            &m.address,
            &m.home_shop,
            &m.tier,
            &m.visits,
            &m.spend_cents,
            &self.first_visit,
            &self.last_visit,
            &self.extra,
            &m.position.map(LonLat::lon_deg),
            &m.position.map(LonLat::lat_deg),
            &m.position.map(|_| "import"),
            &self.record_hash,
            &import_id,
        ];
        for (i, v) in values.into_iter().enumerate() {
            stmt.raw_bind_parameter(first + i, v)?;
        }
        Ok(())
    }
}

/// A fingerprint of an imported row: equal fingerprints mean "unchanged".
///
/// FNV-1a (64-bit) over a canonical serialisation (a JSON array of the fields, dates as
/// `YYYY-MM-DD` strings), stored as SQLite's signed integer. It is fixed by definition, so
/// fingerprints stay comparable across catchment versions. The JSON is hashed as it is
/// written, never held.
fn fingerprint(m: &MemberRecord, first_visit: Option<&str>, last_visit: Option<&str>) -> i64 {
    let mut h = Fnv1a::default();
    let fields = (
        &m.id,
        &m.name,
        &m.phone,
        &m.address,
        m.position.map(|p| [p.lon_deg(), p.lat_deg()]),
        &m.home_shop,
        &m.tier,
        m.visits,
        m.spend_cents,
        first_visit,
        last_visit,
        &m.extra,
    );
    if serde_json::to_writer(&mut h, &fields).is_err() {
        // As the hash of no bytes at all, which is what a failed serialisation hashed.
        h = Fnv1a::default();
    }
    h.0 as i64
}

/// FNV-1a (64-bit) of the bytes written to it.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::io::Write for Fnv1a {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes one import's new members [`INSERT_CHUNK`] to a statement.
struct Inserter<'tx> {
    tx: &'tx rusqlite::Transaction<'tx>,
    chunk: rusqlite::Statement<'tx>,
    waiting: Vec<StoredMember>,
    import_id: i64,
    /// The written members with a position, as [`Workspace::located_members_from_table`]
    /// would read them back: kept when the workspace held no members before the import,
    /// so that its member table is exactly the members written.
    located: Option<InIdOrder>,
}

impl<'tx> Inserter<'tx> {
    /// An inserter that also keeps the members it writes with a position when
    /// `keep_located`.
    fn new(
        tx: &'tx rusqlite::Transaction<'tx>,
        import_id: i64,
        keep_located: bool,
    ) -> rusqlite::Result<Self> {
        Ok(Self {
            tx,
            chunk: tx.prepare(&insert_sql(INSERT_CHUNK))?,
            waiting: Vec::with_capacity(INSERT_CHUNK),
            import_id,
            located: keep_located.then(InIdOrder::default),
        })
    }

    fn push(&mut self, m: StoredMember) -> rusqlite::Result<()> {
        self.waiting.push(m);
        if self.waiting.len() == INSERT_CHUNK {
            write_members(&mut self.chunk, &self.waiting, self.import_id)?;
            self.keep_written();
        }
        Ok(())
    }

    /// Writes the members still waiting; returns the members kept (see `new`).
    fn finish(mut self) -> rusqlite::Result<Option<MemberTable>> {
        if !self.waiting.is_empty() {
            let mut rest = self.tx.prepare(&insert_sql(self.waiting.len()))?;
            write_members(&mut rest, &self.waiting, self.import_id)?;
            self.keep_written();
        }
        Ok(self.located.map(InIdOrder::finish))
    }

    /// Empties `waiting` after it was written, keeping its located members if asked to.
    fn keep_written(&mut self) {
        let Some(located) = &mut self.located else {
            self.waiting.clear();
            return;
        };
        for m in self.waiting.drain(..) {
            if let Some(member) = m.into_located() {
                located.push(member);
            }
        }
    }
}

/// Runs an `INSERT` made by [`insert_sql`] for exactly these members.
fn write_members(
    insert: &mut rusqlite::Statement<'_>,
    members: &[StoredMember],
    import_id: i64,
) -> rusqlite::Result<()> {
    for (i, m) in members.iter().enumerate() {
        m.bind(insert, 1 + i * INSERT_PARAMS, import_id)?;
    }
    insert.raw_execute()?;
    Ok(())
}

/// Every stored member's id and fingerprint: one scan instead of one lookup per row.
/// The map is made its full size first (counting walks only the id index): grown a
/// doubling at a time, ten million ids are copied and their memory cleared again and again.
fn stored_fingerprints(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<FxHashMap<String, i64>> {
    let members: i64 = tx.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?;
    let mut stored = FxHashMap::with_capacity_and_hasher(
        usize::try_from(members).unwrap_or(0),
        Default::default(),
    );
    let mut stmt = tx.prepare("SELECT id, record_hash FROM members")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        stored.insert(r.get(0)?, r.get(1)?);
    }
    Ok(stored)
}

impl Workspace {
    /// Imports a member table in one transaction. Into a workspace without members it
    /// also writes the member cache from the members written, as a read of the table
    /// would write it (one pass less over ten million rows).
    ///
    /// `progress` is called with the number of rows read so far, every few thousand rows.
    /// Until the import commits, other connections read the workspace as it was before,
    /// and another writer waits for it (up to [`BUSY_TIMEOUT`](super::BUSY_TIMEOUT)).
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
        // The import's statements are not checked row by row; the pragmas cannot change
        // inside a transaction. Foreign keys: every row written names the import the
        // transaction makes first (checking each `import_id` against `imports` was about
        // 6 % of a large import). CHECK constraints: every checked column is set by the
        // statements themselves (`location_source` is 'import' exactly when `lon` and
        // `lat` come from one position, the UPDATE keeps each stored triple or replaces
        // it whole, `match_level` is kept or cleared), and the checks of
        // the `IN (...)` lists cost SQLite about half of each multi-row INSERT.
        let set_checks = |ws: &Self, on: bool| {
            ws.conn
                .pragma_update(None, "foreign_keys", on)
                .and_then(|()| ws.conn.pragma_update(None, "ignore_check_constraints", !on))
                .map_err(ws.err())
        };
        set_checks(self, false)?;
        let imported = self.import_members_unchecked(path, opts, progress);
        set_checks(self, true)?;
        imported
    }

    /// [`Workspace::import_members`], with foreign keys not checked.
    fn import_members_unchecked(
        &mut self,
        path: &Path,
        opts: &MemberImportOptions,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<ImportSummary, WorkspaceError> {
        let (mut table, mut parser) = open_members(path, opts)?;
        let label = self.path.display().to_string();
        let sql = |source| WorkspaceError::sqlite(&label, source);
        let mut s = ImportSummary {
            file: file_label(path),
            format: table.format.clone(),
            columns: parser.columns().describe(),
            notes: parser.notes().to_vec(),
            header_row: table.header_row,
            ..Default::default()
        };
        let total_hint = table.len_hint();
        // Immediate: the write lock is taken before the stored fingerprints are read.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        tx.execute(
            "INSERT INTO imports (kind, file, format, at, rows_read, inserted, updated, unchanged, rejected)
             VALUES ('members', ?1, ?2, ?3, 0, 0, 0, 0, 0)",
            params![s.file, s.format, chrono::Local::now().to_rfc3339()],
        )
        .map_err(sql)?;
        let import_id = tx.last_insert_rowid();
        let written = {
            let stored = stored_fingerprints(&tx).map_err(sql)?;
            // Into an empty workspace every member is new, so the members written are its
            // whole member table, and the cache is written from them below.
            let mut inserter = Inserter::new(&tx, import_id, stored.is_empty()).map_err(sql)?;
            let mut update = tx.prepare(UPDATE).map_err(sql)?;
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
                            .into_par_iter()
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
                        let mut m = match prepared {
                            Prepared::Member(m) => m,
                            Prepared::Rejected(issue) => {
                                s.rejected.push(issue);
                                continue;
                            }
                        };
                        s.warnings.append(&mut m.warnings);
                        let pending = u64::from(m.record.position.is_none());
                        match stored.get(&m.record.id) {
                            None => {
                                s.inserted += 1;
                                s.pending += pending;
                                inserter.push(m).map_err(sql)?;
                            }
                            Some(&old) if old == m.record_hash => {
                                s.unchanged += 1;
                            }
                            Some(_) => {
                                s.updated += 1;
                                s.pending += pending;
                                m.bind(&mut update, 1, import_id).map_err(sql)?;
                                update.raw_execute().map_err(sql)?;
                            }
                        }
                    }
                }
                Ok(())
            })?;
            inserter.finish().map_err(sql)?
        };
        progress(s.rows_read, total_hint);
        if s.inserted + s.updated + s.unchanged == 0 {
            // Dropping the transaction rolls it back.
            return Err(WorkspaceError::NothingImported {
                file: s.file,
                rejected: s.rejected.len(),
                issues: s.rejected,
            });
        }
        if s.inserted + s.updated > 0 {
            members_changed(&tx).map_err(sql)?;
        }
        // Read before the commit: once it is done another writer may raise it.
        let version = members_version(&tx).map_err(sql)?;
        tx.execute(
            "UPDATE imports SET rows_read = ?2, inserted = ?3, updated = ?4, unchanged = ?5, rejected = ?6 WHERE id = ?1",
            params![import_id, s.rows_read as i64, s.inserted as i64, s.updated as i64, s.unchanged as i64, s.rejected.len() as i64],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        if let (Some(table), Some(path)) = (written, self.member_cache_path()) {
            let counts = MemberCounts {
                total: s.inserted,
                located: table.len() as u64,
                pending: s.pending,
                unplaced: 0,
            };
            // As `write_member_cache`: a cache that cannot be written is only slower later.
            let _ = member_cache::write(&path, version, counts, &table);
        }
        Ok(s)
    }

    /// Counts of all, located and pending members.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn member_counts(&self) -> Result<MemberCounts, WorkspaceError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT count(*),
                        count(*) FILTER (WHERE {LOCATED}),
                        count(*) FILTER (WHERE lon IS NULL AND address IS NOT NULL AND match_level IS NULL),
                        count(*) FILTER (WHERE match_level IN ('postcode', 'none'))
                 FROM members"
                ),
                [],
                |r| {
                    let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
                    Ok(MemberCounts { total: n(0)?, located: n(1)?, pending: n(2)?, unplaced: n(3)? })
                },
            )
            .map_err(self.err())
    }

    /// Every member with a position, for analysis, and the member counts: from the
    /// member cache when it holds the current members version, else from the table
    /// (writing the cache for the next reader, and then reading the members from it, in
    /// place; a cache that cannot be written is only slower next time). Reads in one read transaction of its own unless called inside
    /// [`Workspace::read_consistently`].
    ///
    /// # Errors
    /// When SQLite fails or a stored value is malformed.
    pub fn located_members(&self) -> Result<LocatedMembers, WorkspaceError> {
        if self.conn.is_autocommit() {
            return self.read_consistently(Self::located_members);
        }
        let version = self.members_version()?;
        let cache = self.member_cache_path();
        let miss = match cache
            .as_deref()
            .map(|path| member_cache::read(path, version))
        {
            Some(Ok((counts, table))) => {
                return Ok(LocatedMembers {
                    counts,
                    table,
                    version,
                    from: MembersFrom::Cache,
                });
            }
            Some(Err(miss)) => miss,
            None => CacheMiss::InMemory,
        };
        let counts = self.member_counts()?;
        let mut table = self.located_members_from_table()?;
        if let Some(path) = cache
            && member_cache::write(&path, version, counts, &table).is_ok()
            && let Ok((_, mapped)) = member_cache::read(&path, version)
        {
            // The same members, read in place: the table's own columns are let go.
            table = mapped;
        }
        Ok(LocatedMembers {
            counts,
            table,
            version,
            from: MembersFrom::Table(miss),
        })
    }

    /// Writes the member cache for the members version now, unless the cache already
    /// names it: called at the end of an import or a geocoding run, so the first analysis
    /// after it does not read the table. A cache that cannot be written is only slower
    /// next time.
    ///
    /// # Errors
    /// When SQLite fails or a stored value is malformed.
    pub fn write_member_cache(&self) -> Result<(), WorkspaceError> {
        if self.conn.is_autocommit() {
            return self.read_consistently(Self::write_member_cache);
        }
        let Some(path) = self.member_cache_path() else {
            return Ok(());
        };
        let version = self.members_version()?;
        if member_cache::holds(&path, version) {
            return Ok(());
        }
        let counts = self.member_counts()?;
        let table = self.located_members_from_table()?;
        let _ = member_cache::write(&path, version, counts, &table);
        Ok(())
    }

    /// The members version now; members read at an equal version are still the members.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn members_version(&self) -> Result<MembersVersion, WorkspaceError> {
        members_version(&self.conn).map_err(self.err())
    }

    /// The member cache's file, `None` for an in-memory workspace.
    pub(super) fn member_cache_path(&self) -> Option<std::path::PathBuf> {
        (self.path != Path::new(":memory:")).then(|| member_cache::path_for(&self.path))
    }

    /// Every member with a position, read from the member table, ordered by id.
    ///
    /// The table is read in its stored order, several times faster than through the id
    /// index, and put in id order by [`InIdOrder`].
    pub(super) fn located_members_from_table(&self) -> Result<MemberTable, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT lon, lat, home_shop, tier, visits, spend_cents, first_visit, last_visit, id, match_level IS 'street'
                 FROM members WHERE {LOCATED}"
            ))
            .map_err(self.err())?;
        let corrupt = |detail: String| WorkspaceError::Corrupt {
            path: self.path.display().to_string(),
            detail,
        };
        let mut out = InIdOrder::default();
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let row = || -> rusqlite::Result<_> {
                Ok((
                    r.get::<_, f64>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<u32>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    stored_text(r, 6)?,
                    stored_text(r, 7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, bool>(9)?,
                ))
            };
            let (lon, lat, home_shop, tier, visits, spend_cents, first, last, id, street_level) =
                row().map_err(self.err())?;
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
        Ok(out.finish())
    }
}

/// Builds, from members in any order, the member table reading them `ORDER BY id` builds
/// (shop names and tiers numbered in order of first use): members that come in id order,
/// as a scan of the table gives them when ids were imported in order, are only pushed;
/// others (numbered ids such as `9` before `10`, later imports of lower ids) are put in
/// that order at the end ([`MemberTable::in_id_order`]).
#[derive(Default)]
struct InIdOrder {
    table: MemberTableBuilder,
    /// The last id pushed, while the ids ascend.
    last_id: Option<String>,
    unordered: bool,
}

impl InIdOrder {
    fn push(&mut self, m: Member) {
        if !self.unordered {
            match &mut self.last_id {
                Some(last) if m.id.as_str() <= last.as_str() => self.unordered = true,
                Some(last) => last.clone_from(&m.id),
                None => self.last_id = Some(m.id.clone()),
            }
        }
        self.table.push(m);
    }

    fn finish(self) -> MemberTable {
        let table = self.table.finish();
        if self.unordered {
            table.in_id_order()
        } else {
            table
        }
    }
}

/// The text in column `i` of `r`, read in place rather than copied out.
fn stored_text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

/// The members version as `conn` reads it.
fn members_version(conn: &rusqlite::Connection) -> rusqlite::Result<MembersVersion> {
    conn.query_row(
        "SELECT version, stamp FROM members_version WHERE id = 1",
        [],
        |r| {
            Ok(MembersVersion {
                version: r.get(0)?,
                stamp: r.get(1)?,
            })
        },
    )
}

/// Raises the members version ([`MembersVersion`]) in the transaction of a write to the
/// member table: every such write calls this before it commits, so that no member cache
/// made before it is used again.
pub(super) fn members_changed(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE members_version SET version = version + 1, stamp = random() WHERE id = 1",
        [],
    )
    .map(drop)
}

/// The located members and member counts, read together.
#[derive(Debug)]
pub struct LocatedMembers {
    /// How many members the workspace holds, located or not.
    pub counts: MemberCounts,
    /// The members with a position good enough for analysis, ordered by id.
    pub table: MemberTable,
    /// The members version they were read at.
    pub version: MembersVersion,
    /// Whether they came from the member cache or the table.
    pub from: MembersFrom,
}

/// Where [`Workspace::located_members`] read the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembersFrom {
    /// The member cache beside the workspace file.
    Cache,
    /// The member table, because the cache could not be used.
    Table(CacheMiss),
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
                first_visit: self.stored_date(first.as_deref())?,
                last_visit: self.stored_date(last.as_deref())?,
            };
            out.push((id, tier, history));
        }
        Ok(out)
    }

    /// A date as stored (`YYYY-MM-DD`, as [`iso_date`] writes it).
    fn stored_date(&self, s: Option<&str>) -> Result<Option<NaiveDate>, WorkspaceError> {
        s.map(|s| {
            from_iso_date(s)
                .or_else(|| s.parse::<NaiveDate>().ok())
                .ok_or_else(|| WorkspaceError::Corrupt {
                    path: self.path.display().to_string(),
                    detail: format!("stored date '{s}' is not ISO"),
                })
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::members::MemberRecord;

    fn record() -> MemberRecord {
        MemberRecord {
            row: 2,
            id: "A001".into(),
            name: Some("王芳".into()),
            phone: Some("13800000000".into()),
            address: Some("上海市浦东新区世纪大道100号".into()),
            position: LonLat::new(121.5, 31.23).ok(),
            home_shop: None,
            tier: Some("VIP".into()),
            visits: Some(12),
            spend_cents: Some(123_450),
            first_visit: NaiveDate::from_ymd_opt(2023, 1, 5),
            last_visit: NaiveDate::from_ymd_opt(2024, 11, 30),
            extra: [("备注".to_string(), "\"老客\"".to_string())].into(),
            cells: vec!["ignored".into()],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn fingerprints_are_fixed_across_versions() {
        // Workspaces store these: a change here makes every re-imported row "updated".
        let Prepared::Member(m) = Prepared::from(RowOutcome::Member(Box::new(record()))) else {
            panic!("a member stays a member");
        };
        assert_eq!(m.record_hash, -4_322_437_065_937_949_494);
        assert_eq!(m.first_visit.as_deref(), Some("2023-01-05"));
        assert_eq!(m.extra, r#"{"备注":"\"老客\""}"#);
    }

    #[test]
    fn iso_dates_match_chrono() {
        for (y, m, d) in [
            (2024, 5, 1),
            (1900, 12, 31),
            (999, 1, 9),
            (0, 2, 29),
            (9999, 12, 31),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("valid");
            assert_eq!(iso_date(date), date.to_string());
        }
        let far = NaiveDate::from_ymd_opt(-5, 3, 4).expect("valid");
        assert_eq!(iso_date(far), far.to_string());
        for s in [
            "2024-05-01",
            "0000-02-29",
            "9999-12-31",
            "2024-02-30",
            "2024-1-01",
            "+2024-01-0",
            "２０２４-01-01",
        ] {
            let chrono = s.parse::<NaiveDate>().ok();
            assert_eq!(from_iso_date(s).or(chrono), chrono, "{s}");
        }
    }

    /// A member CSV of ids `from..to`; ids in `changed` get another visit count.
    fn csv(
        dir: &Path,
        name: &str,
        ids: std::ops::Range<u32>,
        changed: &[u32],
    ) -> std::path::PathBuf {
        let mut text = String::from("id,address,lat,lon,visits,last_visit\n");
        for i in ids {
            let visits = if changed.contains(&i) { 100 + i } else { i % 7 };
            let lat = 60.0 + f64::from(i) * 1e-5;
            text += &format!(
                "M{i:04},Street {i},{lat},24.9,{visits},2024-05-{:02}\n",
                i % 28 + 1
            );
        }
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write csv");
        path
    }

    #[test]
    fn imports_in_chunks_then_updates_only_what_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ws = Workspace::in_memory().expect("workspace");
        let opts = MemberImportOptions::default();
        // 200 rows: three full chunks of new members and a remainder.
        let first = csv(dir.path(), "a.csv", 0..200, &[]);
        let s = ws
            .import_members(&first, &opts, &mut |_, _| {})
            .expect("import");
        assert_eq!((s.inserted, s.updated, s.unchanged), (200, 0, 0));
        let histories = ws.member_histories().expect("histories");
        assert_eq!(histories.len(), 200);
        let (id, _, h) = &histories[137];
        assert_eq!((id.as_str(), h.visits), ("M0137", Some(137 % 7)));
        assert_eq!(h.last_visit, NaiveDate::from_ymd_opt(2024, 5, 137 % 28 + 1));

        // A newer export: five members changed, ten joined.
        let second = csv(dir.path(), "b.csv", 0..210, &[3, 64, 65, 128, 199]);
        let s = ws
            .import_members(&second, &opts, &mut |_, _| {})
            .expect("re-import");
        assert_eq!((s.inserted, s.updated, s.unchanged), (10, 5, 195));
        let histories = ws.member_histories().expect("histories");
        assert_eq!(histories.len(), 210);
        assert_eq!(histories[64].2.visits, Some(164));
        assert_eq!(histories[63].2.visits, Some(63 % 7));
        assert_eq!(ws.member_counts().expect("counts").located, 210);
    }

    #[test]
    fn a_first_import_writes_the_cache_a_read_of_the_table_writes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("w.db");
        let mut ws = Workspace::open(&db).expect("workspace");
        // Ids out of order, shop and tier names, a member waiting for geocoding, dates.
        let csv = dir.path().join("m.csv");
        std::fs::write(
            &csv,
            "id,address,lat,lon,shop,tier,visits,spend,first_visit,last_visit\n\
             B7,,60.1,24.6,East,VIP,3,12.50,2023-02-01,2024-05-01\n\
             A10,,60.2,24.9,,Gold,,,,\n\
             A11,Street 1,,,West,,,,,\n\
             A9,,60.3,24.8,West,VIP,1,,,2024-06-01\n",
        )
        .expect("write csv");
        ws.import_members(&csv, &MemberImportOptions::default(), &mut |_, _| {})
            .expect("import");
        let cache = member_cache::path_for(&db);
        let from_import = std::fs::read(&cache).expect("the import wrote the cache");
        std::fs::remove_file(&cache).expect("remove");
        ws.write_member_cache().expect("cache from the table");
        assert_eq!(std::fs::read(&cache).expect("cache"), from_import);
        let read = ws.located_members().expect("members");
        assert_eq!(read.from, MembersFrom::Cache);
        assert_eq!(
            (read.counts.total, read.counts.located, read.counts.pending),
            (4, 3, 1)
        );
    }

    #[test]
    fn constraints_are_checked_again_after_an_import_and_its_rows_pass_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ws = Workspace::in_memory().expect("workspace");
        let opts = MemberImportOptions::default();
        let checked = |ws: &Workspace| -> (bool, bool) {
            let pragma = |name: &str| -> bool {
                ws.conn
                    .pragma_query_value(None, name, |r| r.get(0))
                    .expect("pragma")
            };
            (pragma("foreign_keys"), pragma("ignore_check_constraints"))
        };
        // Every stored row against every CHECK constraint, and every import_id against
        // `imports`.
        let rows_pass = |ws: &Workspace| {
            let quick: String = ws
                .conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .expect("quick_check");
            let orphans: i64 = ws
                .conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .expect("foreign_key_check");
            assert_eq!((quick.as_str(), orphans), ("ok", 0));
        };
        let first = csv(dir.path(), "a.csv", 0..3, &[]);
        ws.import_members(&first, &opts, &mut |_, _| {})
            .expect("import");
        assert_eq!(checked(&ws), (true, false));
        rows_pass(&ws);

        // Every way the UPDATE moves a position: a hand-placed member keeps its own, an
        // imported one loses its point, one gains a new point, one is new and pending.
        ws.locate_member("M0000", LonLat::new(24.8, 60.1).expect("coordinates"))
            .expect("locate");
        let second = dir.path().join("b.csv");
        std::fs::write(
            &second,
            "id,address,lat,lon,visits\n\
             M0000,Street 0,,,1\n\
             M0001,Street 9,,,1\n\
             M0002,Street 2,60.3,24.7,1\n\
             M0003,Street 3,,,1\n",
        )
        .expect("write csv");
        let s = ws
            .import_members(&second, &opts, &mut |_, _| {})
            .expect("re-import");
        assert_eq!((s.inserted, s.updated), (1, 3));
        assert_eq!(checked(&ws), (true, false));
        rows_pass(&ws);
        let counts = ws.member_counts().expect("counts");
        assert_eq!((counts.located, counts.pending), (2, 2));

        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "id,lat,lon\nX,,\n").expect("write csv");
        assert!(ws.import_members(&bad, &opts, &mut |_, _| {}).is_err());
        assert_eq!(checked(&ws), (true, false));
    }

    #[test]
    fn located_members_come_in_id_order_with_names_numbered_in_that_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ws = Workspace::in_memory().expect("workspace");
        // Stored out of id order; shops and tiers first used in another order than by id.
        let csv = dir.path().join("m.csv");
        std::fs::write(
            &csv,
            "id,lat,lon,shop,tier,visits,last_visit\n\
             B7,60.1,24.6,East,VIP,3,2024-05-01\n\
             A10,60.2,24.9,,Gold,,\n\
             A9,60.3,24.8,West,VIP,1,2024-06-01\n\
             C1,60.4,24.7,East,,,\n",
        )
        .expect("write csv");
        ws.import_members(&csv, &MemberImportOptions::default(), &mut |_, _| {})
            .expect("import");
        let table = ws
            .read_consistently(|ws| ws.located_members_from_table())
            .expect("table");
        let members: Vec<Member> = (0..table.len()).map(|i| table.member(i)).collect();
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["A10", "A9", "B7", "C1"]);
        assert_eq!(
            members[2].history.last_visit,
            NaiveDate::from_ymd_opt(2024, 5, 1)
        );
        // Pushed one by one in id order, as a read `ORDER BY id` pushes them.
        assert_eq!(table, MemberTable::from(members));
    }

    #[test]
    fn during_an_import_readers_see_the_state_before_it_and_a_writer_waits_for_it() {
        use crate::model::{Shop, ShopKind};
        use std::sync::mpsc;
        use std::time::Duration;

        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("ws.db");
        let mut ws = Workspace::open(&file).expect("workspace");
        let opts = MemberImportOptions::default();
        let first = csv(dir.path(), "a.csv", 0..100, &[]);
        ws.import_members(&first, &opts, &mut |_, _| {})
            .expect("first import");
        // Three batches of rows: the second call comes after a batch has been written.
        let second = csv(dir.path(), "b.csv", 0..20_000, &[]);
        let mut calls = 0;
        let mut writer = None;
        let s = ws
            .import_members(&second, &opts, &mut |_, _| {
                calls += 1;
                if calls != 2 {
                    return;
                }
                // A reader that starts now: a rollback journal would lock it out.
                let reader = Workspace::open_existing(&file).expect("reader opened during import");
                assert_eq!(reader.member_counts().expect("read").total, 100);
                assert_eq!(reader.shops().expect("read").len(), 0);
                let (told, notice) = mpsc::channel();
                let path = file.clone();
                writer = Some(std::thread::spawn(move || {
                    let mut ws = Workspace::open(&path)?;
                    ws.on_wait(move |n| told.send(n.clone()).expect("test listens"))?;
                    let position = LonLat::new(24.9, 60.0).expect("valid");
                    ws.add_shop(&Shop {
                        name: "Salon".into(),
                        kind: ShopKind::Own,
                        position,
                        address: None,
                        category: None,
                    })
                }));
                let notice = notice
                    .recv_timeout(Duration::from_secs(10))
                    .expect("the writer says it waits");
                assert_eq!(notice.path, file);
                assert!(
                    notice
                        .to_string()
                        .starts_with("waiting for another catchment process writing to")
                );
            })
            .expect("import");
        assert_eq!(s.inserted, 19_900);
        let writer = writer
            .expect("writer started")
            .join()
            .expect("writer thread");
        writer.expect("the writer got its turn");
        let reader = Workspace::open_existing(&file).expect("reader");
        assert_eq!(reader.member_counts().expect("counts").total, 20_000);
        assert_eq!(reader.shops().expect("shops").len(), 1);
        // The file stays in the log: that is what lets readers in.
        let mode: String = ws
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("journal mode");
        assert_eq!(mode, "wal");
    }
}
