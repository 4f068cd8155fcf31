//! The member cache: the located members and the member counts of one members version,
//! as compact little-endian columns in a file beside the workspace (`FILE-members`, as
//! SQLite keeps `FILE-wal` beside it), so a process analysing ten million members reads
//! one file instead of running a query over the member table.
//!
//! The cache is only ever a copy. It names the members version it was made from (the
//! `members_version` row: a counter and a random stamp that every member write changes in
//! its own transaction), and is used only when both equal the workspace's as read in the
//! same read transaction; a checksum over the whole file catches a damaged or truncated
//! one. Anything else — missing, stale, damaged — is read from the table instead and the
//! cache written again for the next reader.
//!
//! It is written by the first reader after a change, and at the end of an import or a
//! geocoding run, after its transactions committed ([`Workspace::write_member_cache`]):
//! the first analysis after an import then reads the cache instead of the table. A write
//! that rolls back leaves no cache behind, and every writer (import, geocoding, `member
//! locate`) only has to raise the version.
//! Each writer of the cache writes a file of its own and renames it into place
//! ([`WholeFile::create_private`]), so a reader never sees half a cache, and two
//! processes writing at once leave one whole file, labelled with the version it holds.

use super::MemberCounts;
use crate::coord::LonLat;
use crate::model::{MemberColumns, MemberIds, MemberTable, VisitHistory};
use crate::whole_file::WholeFile;
use chrono::NaiveDate;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// What a cache file starts with; the digit is the format, raised on any change.
const MAGIC: &[u8; 8] = b"catchmc1";
/// Magic, version, stamp, member count, payload length.
const HEADER_BYTES: usize = 8 + 8 + 8 + 8 + 8;
/// The CRC-32 of header and payload.
const TRAILER_BYTES: usize = 4;
/// The fewest bytes one member takes in the payload: an empty id's length, position,
/// flags, visits, spend, two dates, home shop and tier.
const MIN_MEMBER_BYTES: u64 = 4 + 16 + 1 + 4 + 8 + 4 + 4 + 4 + 4;
/// A missing `Option<u32>` number (home shop, tier).
const NONE: u32 = u32::MAX;

/// The members version: changes with every write to the member table, and tells whether
/// members read earlier (a cache, a server's prepared members) are still the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembersVersion {
    pub(super) version: i64,
    pub(super) stamp: i64,
}

/// Why the cache was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheMiss {
    /// An in-memory workspace has no file to keep one beside.
    InMemory,
    /// There is no cache file (first read, or it could not be written).
    Missing,
    /// The cache holds another members version: the members changed since.
    Stale,
    /// The cache file is truncated, damaged or of another format.
    Damaged,
}

/// The cache file of the workspace at `db`.
pub(super) fn path_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-members");
    PathBuf::from(name)
}

/// Reads the cache at `path` if it holds exactly `want`.
///
/// The file is read a column at a time through a small buffer, not whole: on a machine
/// where fresh memory is slow to hand out, a copy of the file costs as much as decoding
/// it. The checksum is therefore checked at the end, and what was decoded dropped when
/// it does not match.
pub(super) fn read(
    path: &Path,
    want: MembersVersion,
) -> Result<(MemberCounts, MemberTable), CacheMiss> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(CacheMiss::Missing),
        Err(_) => return Err(CacheMiss::Damaged),
    };
    let len = file.metadata().map_err(|_| CacheMiss::Damaged)?.len();
    let mut r = Reader {
        file: BufReader::with_capacity(1 << 16, file),
        sum: crc32fast::Hasher::new(),
        buf: Vec::new(),
    };
    if r.bytes(8) != Some(MAGIC.as_slice()) {
        return Err(CacheMiss::Damaged);
    }
    let version = r.i64().ok_or(CacheMiss::Damaged)?;
    let stamp = r.i64().ok_or(CacheMiss::Damaged)?;
    if (MembersVersion { version, stamp }) != want {
        return Err(CacheMiss::Stale);
    }
    let n = r.u64().ok_or(CacheMiss::Damaged)?;
    let payload = r.u64().ok_or(CacheMiss::Damaged)?;
    // Every member takes at least MIN_MEMBER_BYTES: a damaged count cannot reserve more.
    let fits = Some(len) == payload.checked_add((HEADER_BYTES + TRAILER_BYTES) as u64)
        && n <= payload / MIN_MEMBER_BYTES;
    let n = usize::try_from(n)
        .ok()
        .filter(|_| fits)
        .ok_or(CacheMiss::Damaged)?;
    let decoded = decode(&mut r, n).ok_or(CacheMiss::Damaged)?;
    let sum = r.sum.clone().finalize().to_le_bytes();
    let mut trailer = [0; TRAILER_BYTES];
    r.file
        .read_exact(&mut trailer)
        .map_err(|_| CacheMiss::Damaged)?;
    let at_end = r.file.read(&mut [0]).is_ok_and(|more| more == 0);
    if trailer != sum || !at_end {
        return Err(CacheMiss::Damaged);
    }
    Ok(decoded)
}

/// Whether the cache at `path` names `want` (its header only: neither whole nor checked).
pub(super) fn holds(path: &Path, want: MembersVersion) -> bool {
    let mut header = [0; 24];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && header[..8] == MAGIC[..]
        && header[8..16] == want.version.to_le_bytes()
        && header[16..24] == want.stamp.to_le_bytes()
}

/// Writes the cache of `table` and `counts`, valid for `version`, to `path`.
///
/// # Errors
/// When the file cannot be written; nothing is left under `path` then.
pub(super) fn write(
    path: &Path,
    version: MembersVersion,
    counts: MemberCounts,
    table: &MemberTable,
) -> io::Result<()> {
    let c = table.columns();
    let mut payload = Vec::new();
    for count in [
        counts.total,
        counts.located,
        counts.pending,
        counts.unplaced,
    ] {
        payload.extend_from_slice(&count.to_le_bytes());
    }
    names(&mut payload, c.shop_names)?;
    names(&mut payload, c.tier_names)?;
    let (text, ends) = c.ids.parts();
    let mut start = 0;
    for &end in ends {
        payload.extend_from_slice(&len_u32(end - start)?.to_le_bytes());
        start = end;
    }
    payload.extend_from_slice(text.as_bytes());
    column(&mut payload, c.positions, |p| p.lon_deg().to_le_bytes());
    column(&mut payload, c.positions, |p| p.lat_deg().to_le_bytes());
    let flags = c.histories.iter().zip(c.street_level).map(|(h, &street)| {
        u8::from(h.visits.is_some())
            | u8::from(h.spend_cents.is_some()) << 1
            | u8::from(h.first_visit.is_some()) << 2
            | u8::from(h.last_visit.is_some()) << 3
            | u8::from(street) << 4
    });
    payload.extend(flags);
    column(&mut payload, c.histories, |h| {
        h.visits.unwrap_or(0).to_le_bytes()
    });
    column(&mut payload, c.histories, |h| {
        h.spend_cents.unwrap_or(0).to_le_bytes()
    });
    column(&mut payload, c.histories, |h| {
        days(h.first_visit).to_le_bytes()
    });
    column(&mut payload, c.histories, |h| {
        days(h.last_visit).to_le_bytes()
    });
    column(&mut payload, c.home_shops, |k| {
        k.unwrap_or(NONE).to_le_bytes()
    });
    column(&mut payload, c.tiers, |k| k.unwrap_or(NONE).to_le_bytes());

    let mut header = Vec::with_capacity(HEADER_BYTES);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&version.version.to_le_bytes());
    header.extend_from_slice(&version.stamp.to_le_bytes());
    header.extend_from_slice(&(c.ids.len() as u64).to_le_bytes());
    header.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let mut sum = crc32fast::Hasher::new();
    sum.update(&header);
    sum.update(&payload);
    let mut file = WholeFile::create_private(path)?;
    file.write_all(&header)?;
    file.write_all(&payload)?;
    file.write_all(&sum.finalize().to_le_bytes())?;
    file.commit()
}

fn len_u32(len: usize) -> io::Result<u32> {
    u32::try_from(len).map_err(|_| io::Error::other("a name or id longer than 4 GB"))
}

/// A list of names: their count, then each one's length and bytes.
fn names(out: &mut Vec<u8>, list: &[String]) -> io::Result<()> {
    out.extend_from_slice(&len_u32(list.len())?.to_le_bytes());
    for name in list {
        out.extend_from_slice(&len_u32(name.len())?.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    Ok(())
}

fn column<T, const N: usize>(out: &mut Vec<u8>, items: &[T], bytes: impl Fn(&T) -> [u8; N]) {
    out.reserve(items.len() * N);
    for item in items {
        out.extend_from_slice(&bytes(item));
    }
}

/// A date as days from 1 January of year 1 (0 for none: its flag says so).
fn days(d: Option<NaiveDate>) -> i32 {
    use chrono::Datelike;
    d.map_or(0, |d| d.num_days_from_ce())
}

/// Reads what [`write`] wrote after the header; `None` at the first thing out of place.
fn decode(r: &mut Reader, n: usize) -> Option<(MemberCounts, MemberTable)> {
    let counts = MemberCounts {
        total: r.u64()?,
        located: r.u64()?,
        pending: r.u64()?,
        unplaced: r.u64()?,
    };
    let shop_names = r.names()?;
    let tier_names = r.names()?;
    let mut ends = Vec::with_capacity(n);
    let mut end = 0usize;
    r.column(n, |len: [u8; 4]| {
        end += u32::from_le_bytes(len) as usize;
        ends.push(end);
        true
    })?;
    let text = String::from_utf8(r.bytes(end)?.to_vec()).ok()?;
    let ids = MemberIds::from_parts(text, ends)?;
    // Longitudes first, each checked on the equator, then each latitude joins its own.
    let mut positions = Vec::with_capacity(n);
    r.column(n, |lon| {
        LonLat::new(f64::from_le_bytes(lon), 0.0)
            .map(|p| positions.push(p))
            .is_ok()
    })?;
    let mut slot = 0;
    r.column(n, |lat| {
        let lon = positions[slot].lon_deg();
        slot += 1;
        LonLat::new(lon, f64::from_le_bytes(lat))
            .map(|p| positions[slot - 1] = p)
            .is_ok()
    })?;
    let flags = r.bytes(n)?.to_vec();
    let has = |slot: usize, bit: u8| flags[slot] & (1 << bit) != 0;
    let mut histories = vec![VisitHistory::default(); n];
    slot = 0;
    r.column(n, |v| {
        histories[slot].visits = has(slot, 0).then(|| u32::from_le_bytes(v));
        slot += 1;
        true
    })?;
    slot = 0;
    r.column(n, |v| {
        histories[slot].spend_cents = has(slot, 1).then(|| i64::from_le_bytes(v));
        slot += 1;
        true
    })?;
    for (bit, first) in [(2, true), (3, false)] {
        slot = 0;
        r.column(n, |d| {
            let date = if has(slot, bit) {
                match NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(d)) {
                    Some(date) => Some(date),
                    None => return false,
                }
            } else {
                None
            };
            let h = &mut histories[slot];
            *(if first {
                &mut h.first_visit
            } else {
                &mut h.last_visit
            }) = date;
            slot += 1;
            true
        })?;
    }
    let street_level = (0..n).map(|slot| has(slot, 4)).collect();
    let mut numbers = || {
        let mut out = Vec::with_capacity(n);
        r.column(n, |k| {
            out.push(Some(u32::from_le_bytes(k)).filter(|&k| k != NONE));
            true
        })
        .map(|()| out)
    };
    let home_shops = numbers()?;
    let tiers = numbers()?;
    let table = MemberTable::from_columns(MemberColumns {
        ids,
        positions,
        histories,
        home_shops,
        tiers,
        street_level,
        shop_names,
        tier_names,
    })?;
    Some((counts, table))
}

/// Reads a cache file front to back, summing what it reads.
struct Reader {
    file: BufReader<File>,
    sum: crc32fast::Hasher,
    buf: Vec<u8>,
}

impl Reader {
    /// The next `len` bytes.
    fn bytes(&mut self, len: usize) -> Option<&[u8]> {
        self.buf.clear();
        let read = (&mut self.file)
            .take(len as u64)
            .read_to_end(&mut self.buf)
            .ok()?;
        if read != len {
            return None;
        }
        self.sum.update(&self.buf);
        Some(&self.buf)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.bytes(N)?.try_into().ok()
    }

    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    fn i64(&mut self) -> Option<i64> {
        self.array().map(i64::from_le_bytes)
    }

    fn names(&mut self) -> Option<Vec<String>> {
        let count = self.u32()?;
        let mut out = Vec::new();
        for _ in 0..count {
            let len = self.u32()? as usize;
            out.push(String::from_utf8(self.bytes(len)?.to_vec()).ok()?);
        }
        Some(out)
    }

    /// `n` values of `N` bytes each, handed to `each` in order; `None` when the file
    /// ends first or `each` refuses one (returns false).
    fn column<const N: usize>(
        &mut self,
        n: usize,
        mut each: impl FnMut([u8; N]) -> bool,
    ) -> Option<()> {
        const CHUNK: usize = 8192;
        let mut left = n;
        while left > 0 {
            let take = left.min(CHUNK);
            for c in self.bytes(take * N)?.chunks_exact(N) {
                let mut a = [0; N];
                a.copy_from_slice(c);
                if !each(a) {
                    return None;
                }
            }
            left -= take;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{GeocodeEntry, MembersFrom, Workspace};
    use super::*;
    use crate::geocode::Geocoded;
    use crate::ingest::members::MemberImportOptions;
    use crate::model::MatchLevel;

    /// Members with every kind of value: shop columns, tiers, missing numbers and dates,
    /// an address waiting for geocoding (`W1`) and one without a position at all.
    const MEMBERS: &str = "id,address,lat,lon,shop,tier,visits,spend,first_visit,last_visit
A1,,60.17,24.94,Kamppi,VIP,12,1234.50,2023-01-05,2024-11-30
A2,,60.18,24.95,Töölö,,1,,,2024-02-01
會員3,,60.16,24.93,Kamppi,金卡,,,,
A4,,-33.86,151.2,,VIP,3,99,1999-12-31,2000-01-01
W1,Mannerheimintie 5,,,,,2,,,2024-05-01
";

    fn workspace(dir: &Path) -> Workspace {
        let csv = dir.join("members.csv");
        std::fs::write(&csv, MEMBERS).expect("write csv");
        let mut ws = Workspace::open(&dir.join("ws.db")).expect("workspace");
        let opts = MemberImportOptions::default();
        ws.import_members(&csv, &opts, &mut |_, _| {})
            .expect("import");
        ws
    }

    /// Reads the members and checks them against the table itself.
    fn load(ws: &Workspace) -> MembersFrom {
        let got = ws.located_members().expect("members");
        let table = ws
            .read_consistently(|ws| ws.located_members_from_table())
            .expect("table");
        assert_eq!(got.table, table, "members as read ({:?})", got.from);
        assert_eq!(got.counts, ws.member_counts().expect("counts"));
        got.from
    }

    #[test]
    fn the_cache_gives_back_exactly_what_the_table_holds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = workspace(dir.path());
        assert_eq!(load(&ws), MembersFrom::Table(CacheMiss::Missing));
        assert_eq!(load(&ws), MembersFrom::Cache);
        let got = ws.located_members().expect("members");
        assert_eq!(got.table.len(), 4);
        assert_eq!(got.counts.pending, 1);
        let m = got.table.member(3);
        assert_eq!(
            (m.id.as_str(), m.home_shop.as_deref()),
            ("會員3", Some("Kamppi"))
        );
        assert_eq!(m.tier.as_deref(), Some("金卡"));
        // Another connection (another process) uses the same cache.
        let other = Workspace::open_existing(&dir.path().join("ws.db")).expect("open");
        assert_eq!(load(&other), MembersFrom::Cache);
        let memory = Workspace::in_memory().expect("workspace");
        assert_eq!(load(&memory), MembersFrom::Table(CacheMiss::InMemory));
    }

    #[test]
    fn writing_the_cache_after_a_write_spares_the_next_reader_the_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = workspace(dir.path());
        ws.write_member_cache().expect("write cache");
        let path = path_for(&dir.path().join("ws.db"));
        let written = std::fs::metadata(&path).expect("cache").modified().ok();
        // The cache already names this version: written once, not again.
        ws.write_member_cache().expect("write cache");
        assert_eq!(
            std::fs::metadata(&path).expect("cache").modified().ok(),
            written
        );
        assert_eq!(load(&ws), MembersFrom::Cache);
        let memory = Workspace::in_memory().expect("workspace");
        memory.write_member_cache().expect("nothing to write");
    }

    #[test]
    fn every_write_to_the_members_makes_the_cache_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ws = workspace(dir.path());
        let opts = MemberImportOptions::default();
        let csv = dir.path().join("members.csv");
        load(&ws);
        // The same file again changes nothing: the cache stays good.
        ws.import_members(&csv, &opts, &mut |_, _| {})
            .expect("same again");
        assert_eq!(load(&ws), MembersFrom::Cache);

        let changed = dir.path().join("changed.csv");
        std::fs::write(&changed, MEMBERS.replace("A2,,60.18", "A2,,60.19")).expect("write");
        ws.import_members(&changed, &opts, &mut |_, _| {})
            .expect("update");
        assert_eq!(load(&ws), MembersFrom::Table(CacheMiss::Stale));
        assert_eq!(load(&ws), MembersFrom::Cache);

        let more = dir.path().join("more.csv");
        std::fs::write(&more, "id,lat,lon\nB1,60.2,24.9\n").expect("write");
        ws.import_members(&more, &opts, &mut |_, _| {})
            .expect("insert");
        assert_eq!(load(&ws), MembersFrom::Table(CacheMiss::Stale));

        let position = LonLat::new(24.96, 60.19).expect("valid");
        ws.locate_member("A1", position).expect("locate");
        assert_eq!(load(&ws), MembersFrom::Table(CacheMiss::Stale));
        assert_eq!(
            ws.located_members().expect("read").table.member(0).position,
            position
        );

        let entry = GeocodeEntry {
            key: "mannerheimintie 5".into(),
            provider: "osm".into(),
            result: Geocoded {
                position: Some(LonLat::new(24.93, 60.17).expect("valid")),
                level: MatchLevel::Street,
                score: 0.6,
                label: None,
            },
        };
        ws.apply_geocodes(&[entry], &[("W1".into(), "mannerheimintie 5".into())])
            .expect("geocode");
        assert_eq!(load(&ws), MembersFrom::Table(CacheMiss::Stale));
        let located = ws.located_members().expect("read");
        assert_eq!(located.table.len(), 6);
        let w1 = (0..6)
            .map(|i| located.table.member(i))
            .find(|m| m.id == "W1");
        assert!(w1.expect("W1 located").street_level);
        // Geocoding that places nobody leaves the members as they were.
        ws.apply_geocodes(&[], &[]).expect("nothing placed");
        assert_eq!(load(&ws), MembersFrom::Cache);
    }

    #[test]
    fn a_damaged_or_truncated_cache_is_read_again_from_the_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = workspace(dir.path());
        load(&ws);
        let path = path_for(&dir.path().join("ws.db"));
        let good = std::fs::read(&path).expect("cache written");
        let mut damages: Vec<Vec<u8>> = vec![
            Vec::new(),
            good[..good.len() - 1].to_vec(),
            good[..HEADER_BYTES + 7].to_vec(),
            [good.as_slice(), b"x"].concat(),
            b"not a cache at all".to_vec(),
        ];
        for at in [
            0,
            HEADER_BYTES - 1,
            HEADER_BYTES + 40,
            good.len() / 2,
            good.len() - 1,
        ] {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            damages.push(bad);
        }
        for (k, bad) in damages.into_iter().enumerate() {
            std::fs::write(&path, &bad).expect("damage");
            assert_ne!(load(&ws), MembersFrom::Cache, "damage {k}");
            assert_eq!(std::fs::read(&path).expect("rewritten"), good, "damage {k}");
            assert_eq!(load(&ws), MembersFrom::Cache, "damage {k}");
        }
    }

    #[test]
    fn well_formed_payloads_that_break_the_columns_are_refused() {
        let table = MemberTable::from(vec![crate::model::Member {
            id: "A1".into(),
            position: LonLat::new(24.9, 60.1).expect("valid"),
            home_shop: Some("Kamppi".into()),
            history: VisitHistory::default(),
            tier: None,
            street_level: false,
        }]);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ws.db-members");
        let v = MembersVersion {
            version: 3,
            stamp: -7,
        };
        write(&path, v, MemberCounts::default(), &table).expect("write");
        assert_eq!(read(&path, v).map(|r| r.1), Ok(table));
        let other = MembersVersion {
            version: 3,
            stamp: 7,
        };
        assert_eq!(read(&path, other).err(), Some(CacheMiss::Stale));
        // A home shop number beyond the list, with a checksum made to match.
        let mut bytes = std::fs::read(&path).expect("read");
        let body = bytes.len() - TRAILER_BYTES;
        bytes[body - 8..body - 4].copy_from_slice(&5u32.to_le_bytes());
        let sum = crc32fast::hash(&bytes[..body]).to_le_bytes();
        bytes[body..].copy_from_slice(&sum);
        std::fs::write(&path, bytes).expect("write");
        assert_eq!(read(&path, v).err(), Some(CacheMiss::Damaged));
    }
}
