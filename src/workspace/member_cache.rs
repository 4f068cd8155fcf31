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
use crate::model::{Column, MemberColumns, MemberIds, MemberTable, SpatialOrder};
use crate::whole_file::WholeFile;
use memmap2::{Mmap, MmapOptions};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a cache file starts with; the digit is the format, raised on any change.
const MAGIC: &[u8; 8] = b"catchmc3";
/// Magic, version, stamp, member count, length of the name lists, length of the id text.
const HEADER_BYTES: usize = 8 + 8 + 8 + 8 + 8 + 8;
/// The member counts: total, located, pending, unplaced.
const COUNTS_BYTES: usize = 4 * 8;
/// Where the name lists start: after the header and the counts.
const NAMES_AT: usize = HEADER_BYTES + COUNTS_BYTES;
/// The CRC-32 of everything before it.
const TRAILER_BYTES: usize = 4;

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

/// Where each column starts in a cache file of `n` members: fixed-width columns first,
/// widest first, so each starts aligned for its values, then the id text. Every offset
/// is from the start of the file, which a mapping places on a page.
#[derive(Debug, PartialEq)]
struct Layout {
    n: usize,
    positions: usize,
    /// The spatial order's ECEF points ([`SpatialOrder`]).
    order_ecef: usize,
    id_ends: usize,
    spend_cents: usize,
    visits: usize,
    first_visit: usize,
    last_visit: usize,
    home_shops: usize,
    tiers: usize,
    /// The spatial order's slots.
    order_slots: usize,
    flags: usize,
    text: usize,
    /// Where the checksum starts.
    end: usize,
}

impl Layout {
    /// The layout for `n` members, `names` bytes of name lists and `text` bytes of ids;
    /// `None` when it would not fit in memory.
    fn of(n: u64, names: u64, text: u64) -> Option<Self> {
        let n = usize::try_from(n).ok()?;
        let mut at = NAMES_AT
            .checked_add(usize::try_from(names).ok()?)?
            .checked_next_multiple_of(8)?;
        let mut next = |width: usize| {
            let start = at;
            at = n.checked_mul(width)?.checked_add(start)?;
            Some(start)
        };
        let layout = Layout {
            n,
            positions: next(16)?,
            order_ecef: next(24)?,
            id_ends: next(8)?,
            spend_cents: next(8)?,
            visits: next(4)?,
            first_visit: next(4)?,
            last_visit: next(4)?,
            home_shops: next(4)?,
            tiers: next(4)?,
            order_slots: next(4)?,
            flags: next(1)?,
            text: at,
            end: at.checked_add(usize::try_from(text).ok()?)?,
        };
        Some(layout)
    }
}

/// Reads the cache at `path` if it holds exactly `want`.
///
/// The file is mapped, not copied: the columns are the page cache's own pages, read in
/// place (after the checksum and [`MemberTable::from_columns`] have checked them). On a
/// machine where fresh memory is slow to hand out, a copy of the file would cost more
/// than everything else a ring count does. Cache writers rename a new file into place,
/// never change one, so a mapped file stays as it was read.
pub(super) fn read(
    path: &Path,
    want: MembersVersion,
) -> Result<(MemberCounts, MemberTable), CacheMiss> {
    if cfg!(target_endian = "big") {
        // The file holds a little-endian machine's own values ([`write`] writes none here).
        return Err(CacheMiss::Missing);
    }
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(CacheMiss::Missing),
        Err(_) => return Err(CacheMiss::Damaged),
    };
    // The header first: a stale cache is told by its first bytes, not mapped whole.
    let header = Header::read(&mut file).ok_or(CacheMiss::Damaged)?;
    if header.version != want {
        return Err(CacheMiss::Stale);
    }
    let layout = header.layout.ok_or(CacheMiss::Damaged)?;
    // SAFETY: a mapping is undefined behaviour if the file changes under it. catchment
    // only ever replaces a cache file whole, by a rename ([`write`]), which leaves a
    // mapped one as it is, and the README asks users to replace or delete the file,
    // never to write into it in place, while catchment runs. Were it changed in place
    // anyway, what the checks below passed may no longer hold (a truncated file ends
    // the process with SIGBUS).
    let map = unsafe { MmapOptions::new().populate().map(&file) };
    let map = Arc::new(map.map_err(|_| CacheMiss::Damaged)?);
    if Some(map.len()) != layout.end.checked_add(TRAILER_BYTES) {
        return Err(CacheMiss::Damaged);
    }
    let (body, trailer) = map.split_at(layout.end);
    if checksum(body).to_le_bytes() != trailer {
        return Err(CacheMiss::Damaged);
    }
    decode(&map, &layout).ok_or(CacheMiss::Damaged)
}

/// The CRC-32 of `bytes`, worked out in parallel pieces and combined: the whole file is
/// read on every start, and one thread alone spends most of a page-cache copy's time on
/// it.
fn checksum(bytes: &[u8]) -> u32 {
    bytes
        .par_chunks(1 << 22)
        .map(|piece| {
            let mut sum = crc32fast::Hasher::new();
            sum.update(piece);
            sum
        })
        .reduce(crc32fast::Hasher::new, |mut a, b| {
            a.combine(&b);
            a
        })
        .finalize()
}

/// The counts and columns of a cache file whose layout and checksum were checked.
fn decode(map: &Arc<Mmap>, at: &Layout) -> Option<(MemberCounts, MemberTable)> {
    let counts: &[u64] = &Column::mapped(map, HEADER_BYTES, 4)?;
    let counts = MemberCounts {
        total: counts[0],
        located: counts[1],
        pending: counts[2],
        unplaced: counts[3],
    };
    let mut names = map.get(NAMES_AT..at.positions)?;
    let shop_names = read_names(&mut names)?;
    let tier_names = read_names(&mut names)?;
    if names.iter().any(|&pad| pad != 0) {
        return None;
    }
    let n = at.n;
    let text = at.end - at.text;
    let table = MemberTable::from_columns(MemberColumns {
        ids: MemberIds::from_parts(
            Column::mapped(map, at.text, text)?,
            Column::mapped(map, at.id_ends, n)?,
        )?,
        positions: Column::mapped(map, at.positions, n)?,
        visits: Column::mapped(map, at.visits, n)?,
        spend_cents: Column::mapped(map, at.spend_cents, n)?,
        first_visit: Column::mapped(map, at.first_visit, n)?,
        last_visit: Column::mapped(map, at.last_visit, n)?,
        home_shops: Column::mapped(map, at.home_shops, n)?,
        tiers: Column::mapped(map, at.tiers, n)?,
        flags: Column::mapped(map, at.flags, n)?,
        shop_names,
        tier_names,
    })?;
    let order = SpatialOrder::from_columns(
        n,
        Column::mapped(map, at.order_slots, n)?,
        Column::mapped(map, at.order_ecef, n)?,
    )?;
    Some((counts, table.with_spatial_order(order)?))
}

/// Whether the cache at `path` names `want` (its header only: neither whole nor checked).
pub(super) fn holds(path: &Path, want: MembersVersion) -> bool {
    File::open(path)
        .ok()
        .and_then(|mut file| Header::read(&mut file))
        .is_some_and(|header| header.version == want)
}

/// What a cache file's first [`HEADER_BYTES`] say.
struct Header {
    version: MembersVersion,
    /// `None` when the sizes it gives could not be a file in memory.
    layout: Option<Layout>,
}

impl Header {
    /// The header at the start of `file`; `None` when it is short or not a cache's.
    fn read(file: &mut impl Read) -> Option<Self> {
        let mut bytes = [0; HEADER_BYTES];
        file.read_exact(&mut bytes).ok()?;
        let word = |k: usize| {
            let mut w = [0; 8];
            w.copy_from_slice(&bytes[8 * k..8 * k + 8]);
            w
        };
        let number = |k| u64::from_le_bytes(word(k));
        (word(0) == *MAGIC).then(|| Self {
            version: MembersVersion {
                version: i64::from_le_bytes(word(1)),
                stamp: i64::from_le_bytes(word(2)),
            },
            layout: Layout::of(number(3), number(4), number(5)),
        })
    }
}

/// Writes the cache of `table` and `counts`, valid for `version`, to `path`, a column at
/// a time straight from the table.
///
/// # Errors
/// When the file cannot be written; nothing is left under `path` then.
pub(super) fn write(
    path: &Path,
    version: MembersVersion,
    counts: MemberCounts,
    table: &MemberTable,
) -> io::Result<()> {
    if cfg!(target_endian = "big") {
        // The file holds the machine's own values, which only a little-endian one maps.
        return Ok(());
    }
    let c = table.columns();
    let mut names = Vec::new();
    write_names(&mut names, &c.shop_names)?;
    write_names(&mut names, &c.tier_names)?;
    let (text, ends) = c.ids.parts();
    let layout = Layout::of(table.len() as u64, names.len() as u64, text.len() as u64)
        .ok_or_else(|| io::Error::other("too many members for one cache file"))?;
    let mut out = Summed {
        file: WholeFile::create_private(path)?,
        sum: crc32fast::Hasher::new(),
        written: 0,
    };
    out.put(MAGIC)?;
    for number in [version.version, version.stamp] {
        out.put(&number.to_le_bytes())?;
    }
    for number in [layout.n, names.len(), text.len()] {
        out.put(&(number as u64).to_le_bytes())?;
    }
    for count in [
        counts.total,
        counts.located,
        counts.pending,
        counts.unplaced,
    ] {
        out.put(&count.to_le_bytes())?;
    }
    out.put(&names)?;
    out.put(&vec![0; layout.positions - out.written])?;
    out.put(bytemuck::cast_slice(&c.positions))?;
    let order = table.spatial_order();
    out.put(bytemuck::cast_slice(order.ecef_m()))?;
    out.put(bytemuck::cast_slice(ends))?;
    out.put(bytemuck::cast_slice(&c.spend_cents))?;
    out.put(bytemuck::cast_slice(&c.visits))?;
    out.put(bytemuck::cast_slice(&c.first_visit))?;
    out.put(bytemuck::cast_slice(&c.last_visit))?;
    out.put(bytemuck::cast_slice(&c.home_shops))?;
    out.put(bytemuck::cast_slice(&c.tiers))?;
    out.put(bytemuck::cast_slice(order.slots()))?;
    out.put(&c.flags)?;
    out.put(text)?;
    debug_assert_eq!(out.written, layout.end);
    let sum = out.sum.finalize().to_le_bytes();
    out.file.write_all(&sum)?;
    out.file.commit()
}

/// A cache file being written, with the checksum and length of what went in so far.
struct Summed {
    file: WholeFile,
    sum: crc32fast::Hasher,
    written: usize,
}

impl Summed {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.sum.update(bytes);
        self.written += bytes.len();
        self.file.write_all(bytes)
    }
}

fn len_u32(len: usize) -> io::Result<u32> {
    u32::try_from(len)
        .map_err(|_| io::Error::other("more than 4 G names, or a name longer than 4 GB"))
}

/// A list of names: their count, then each one's length and bytes.
fn write_names(out: &mut Vec<u8>, list: &[String]) -> io::Result<()> {
    out.extend_from_slice(&len_u32(list.len())?.to_le_bytes());
    for name in list {
        out.extend_from_slice(&len_u32(name.len())?.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    Ok(())
}

/// Reads what [`write_names`] wrote from the front of `bytes`, moving past it.
fn read_names(bytes: &mut &[u8]) -> Option<Vec<String>> {
    fn number(bytes: &mut &[u8]) -> Option<usize> {
        let (number, rest) = bytes.split_first_chunk::<4>()?;
        *bytes = rest;
        Some(u32::from_le_bytes(*number) as usize)
    }
    let count = number(bytes)?;
    // Each name takes at least its 4-byte length: a damaged count cannot reserve more.
    let mut out = Vec::with_capacity(count.min(bytes.len() / 4));
    for _ in 0..count {
        let len = number(bytes)?;
        let (name, rest) = bytes.split_at_checked(len)?;
        out.push(String::from_utf8(name.to_vec()).ok()?);
        *bytes = rest;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::{GeocodeEntry, MembersFrom, Workspace};
    use super::*;
    use crate::coord::LonLat;
    use crate::geocode::Geocoded;
    use crate::ingest::members::MemberImportOptions;
    use crate::model::{MatchLevel, VisitHistory};

    /// Members with every kind of value: shop columns, tiers, missing numbers and dates,
    /// an address waiting for geocoding (`W1`) and one without a position at all.
    const MEMBERS: &str = "id,address,lat,lon,shop,tier,visits,spend,first_visit,last_visit
A1,,60.17,24.94,Kamppi,VIP,12,1234.50,2023-01-05,2024-11-30
A2,,60.18,24.95,Töölö,,1,,,2024-02-01
會員3,,60.16,24.93,Kamppi,金卡,,,,
A4,,-33.86,151.2,,VIP,3,99,1999-12-31,2000-01-01
W1,Mannerheimintie 5,,,,,2,,,2024-05-01
";

    /// A workspace of [`MEMBERS`], without the cache its first import wrote: the first
    /// read is the table's.
    fn workspace(dir: &Path) -> Workspace {
        let csv = dir.join("members.csv");
        std::fs::write(&csv, MEMBERS).expect("write csv");
        let db = dir.join("ws.db");
        let mut ws = Workspace::open(&db).expect("workspace");
        let opts = MemberImportOptions::default();
        ws.import_members(&csv, &opts, &mut |_, _| {})
            .expect("import");
        std::fs::remove_file(path_for(&db)).expect("the first import wrote the cache");
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
        assert!(got.table.columns().positions.is_mapped(), "read in place");
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
    fn members_read_from_the_table_are_then_read_in_place_from_the_cache_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = workspace(dir.path());
        let got = ws.located_members().expect("members");
        assert_eq!(got.from, MembersFrom::Table(CacheMiss::Missing));
        assert_eq!(got.table.len(), 4);
        assert!(got.table.columns().positions.is_mapped(), "read in place");
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
        assert_eq!(read(&path, v).map(|r| r.1), Ok(table.clone()));
        let other = MembersVersion {
            version: 3,
            stamp: 7,
        };
        assert_eq!(read(&path, other).err(), Some(CacheMiss::Stale));
        let good = std::fs::read(&path).expect("read");
        let number = |at: usize| u64::from_le_bytes(good[at..at + 8].try_into().expect("8"));
        let at = Layout::of(number(24), number(32), number(40)).expect("layout");
        assert_eq!(at.end + TRAILER_BYTES, good.len());
        // A home shop number beyond the list; a spatial order naming a slot beyond the
        // members; a point that is not one: each with a checksum made to match.
        let breaks: [(usize, &[u8]); 3] = [
            (at.home_shops, &5u32.to_le_bytes()),
            (at.order_slots, &1u32.to_le_bytes()),
            (at.order_ecef, &f64::NAN.to_le_bytes()),
        ];
        for (offset, value) in breaks {
            let mut bytes = good.clone();
            bytes[offset..offset + value.len()].copy_from_slice(value);
            let sum = crc32fast::hash(&bytes[..at.end]).to_le_bytes();
            bytes[at.end..].copy_from_slice(&sum);
            std::fs::write(&path, bytes).expect("write");
            assert_eq!(
                read(&path, v).err(),
                Some(CacheMiss::Damaged),
                "at {offset}"
            );
        }
    }

    #[test]
    fn the_cache_keeps_the_spatial_order_of_its_members() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = workspace(dir.path());
        ws.write_member_cache().expect("write");
        let read = ws.located_members().expect("read");
        assert_eq!(read.from, MembersFrom::Cache);
        let kept = read.table.spatial_order();
        assert!(matches!(kept, std::borrow::Cow::Borrowed(_)));
        assert!(read.table.len() > 1);
        assert_eq!(*kept, SpatialOrder::of(&read.table.columns().positions));
    }

    #[test]
    fn the_checksum_in_pieces_is_the_crc_of_the_whole() {
        let bytes: Vec<u8> = (0..(3 << 22) + 12_345u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(checksum(&bytes), crc32fast::hash(&bytes));
        assert_eq!(checksum(&[]), crc32fast::hash(&[]));
    }

    #[test]
    fn every_column_starts_aligned_for_its_values() {
        let at = Layout::of(3, 13, 5).expect("layout");
        let columns = [
            (at.positions, 8),
            (at.order_ecef, 8),
            (at.id_ends, 8),
            (at.spend_cents, 8),
            (at.visits, 4),
            (at.first_visit, 4),
            (at.last_visit, 4),
            (at.home_shops, 4),
            (at.tiers, 4),
            (at.order_slots, 4),
        ];
        for (offset, align) in columns {
            assert_eq!(offset % align, 0, "{at:?}");
        }
        assert_eq!(at.positions, HEADER_BYTES + COUNTS_BYTES + 16);
        assert_eq!(at.end, at.flags + 3 + 5);
        assert_eq!(Layout::of(u64::MAX, 0, 0), None);
    }
}
