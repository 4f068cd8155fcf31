//! The OSM area in the workspace: everything [`read_extract`](crate::osm::read_extract)
//! found, stored once by `catchment area load` so no later command reads the PBF again.
//!
//! One area at a time: storing replaces the previous one in a single transaction. Points
//! (addresses, POIs, homes) are `REAL` columns, exact `f64`; line and ring geometry is
//! BLOBs of little-endian `i32` (lon, lat) pairs in OSM's own 10⁻⁷ degrees (8 bytes a
//! vertex instead of 16 or JSON's ~40), which gives back exactly the coordinates the
//! reader made from the PBF. Rows are numbered in the area's order, so loading returns an
//! equal [`Area`].

use std::fmt;
use std::path::Path;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Workspace, WorkspaceError};
use crate::coord::LonLat;
use crate::model::FileAddress;
use crate::osm::{
    Area, AreaClass, Basemap, DataEdge, DwellingEstimate, EdgeSource, ElementKind, Filled, Home,
    HomeKind, Interpolation, LineClass, MapArea, MapLine, OsmAddress, Place, PlaceKind, Poi,
    RoadClass, Street, decimicro_to_deg, deg_to_decimicro,
};

/// What an area load stored, or what the workspace holds.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSummary {
    /// The extract's file name.
    pub source: String,
    /// The extract's size in bytes.
    pub file_bytes: u64,
    /// When it was loaded (RFC 3339, local time).
    pub loaded_at: String,
    /// Address points.
    pub addresses: u64,
    /// Streets.
    pub streets: u64,
    /// Interpolation lines.
    pub interpolations: u64,
    /// Named shops and amenities.
    pub pois: u64,
    /// Named residential compounds and districts.
    pub places: u64,
    /// Address points from address files.
    pub file_addresses: u64,
    /// Homes.
    pub homes: u64,
    /// Dwellings over all homes.
    pub dwellings: u64,
    /// The floor area per dwelling (m²) they were estimated with; `None` for an area
    /// loaded before dwellings were estimated (see [`DwellingEstimate::Unestimated`]).
    pub dwelling_floor_m2: Option<f64>,
    /// Basemap lines.
    pub lines: u64,
    /// Basemap areas.
    pub areas: u64,
    /// South-west and north-east corners of everything read.
    pub bounds: Option<(LonLat, LonLat)>,
    /// South-west and north-east corners of the box the extract declares, if any.
    pub declared_bounds: Option<(LonLat, LonLat)>,
}

impl fmt::Display for AreaSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "area from {} (loaded {})", self.source, self.loaded_at)?;
        writeln!(
            f,
            "  {} addresses, {} streets, {} interpolation lines",
            self.addresses, self.streets, self.interpolations
        )?;
        writeln!(
            f,
            "  {} shops and amenities, {} homes ({} dwellings)",
            self.pois, self.homes, self.dwellings
        )?;
        if self.file_addresses > 0 {
            writeln!(
                f,
                "  {} address points from address files (they win over the extract's)",
                self.file_addresses
            )?;
        }
        if self.places > 0 {
            writeln!(
                f,
                "  {} named residential compounds and districts",
                self.places
            )?;
        }
        match self.dwelling_floor_m2 {
            Some(m2) => writeln!(
                f,
                "  dwellings: building:flats, else footprint × levels ÷ {m2:.0} m²"
            )?,
            None => writeln!(
                f,
                "  dwellings: not estimated (loaded by an older catchment; load the extract again)"
            )?,
        }
        write!(f, "  map: {} lines, {} areas", self.lines, self.areas)?;
        if let Some((lo, hi)) = self.bounds {
            write!(f, "\n  bounds (lat,lon): {lo} to {hi}")?;
        }
        if let Some(edge) = self.edge() {
            let how = match edge.source() {
                EdgeSource::Declared => "the extract's declared box",
                EdgeSource::Extent => "the extent of its data; the extract declares no box",
            };
            write!(
                f,
                "\n  data ends at (lat,lon): {} to {} ({how})",
                edge.south_west(),
                edge.north_east()
            )?;
        }
        Ok(())
    }
}

impl AreaSummary {
    fn of(area: &Area, source: String, file_bytes: u64, loaded_at: String) -> Self {
        let n = |len: usize| len as u64;
        AreaSummary {
            source,
            file_bytes,
            loaded_at,
            addresses: n(area.addresses.len()),
            streets: n(area.streets.len()),
            interpolations: n(area.interpolations.len()),
            pois: n(area.pois.len()),
            places: n(area.places.len()),
            file_addresses: n(area.file_addresses.len()),
            homes: n(area.homes.len()),
            dwellings: area.dwellings(),
            dwelling_floor_m2: area.dwelling_floor_m2,
            lines: n(area.basemap.lines.len()),
            areas: n(area.basemap.areas.len()),
            bounds: area.bounds,
            declared_bounds: area.declared_bounds,
        }
    }

    /// Where the data ends (see [`DataEdge`]).
    pub fn edge(&self) -> Option<DataEdge> {
        DataEdge::of(self.declared_bounds, self.bounds)
    }
}

/// The tables of an area, children first (the order they are emptied in).
const TABLES: [&str; 12] = [
    "area_street_names",
    "area_streets",
    "area_interpolation_numbers",
    "area_interpolations",
    "area_addresses",
    "area_pois",
    "area_places",
    "area_file_points",
    "area_homes",
    "area_lines",
    "area_areas",
    "area_meta",
];

impl Workspace {
    /// Stores an area read from `source`, replacing any area stored before, in one
    /// transaction.
    ///
    /// # Errors
    /// When SQLite fails; the workspace is then unchanged.
    pub fn store_area(
        &mut self,
        area: &Area,
        source: &Path,
    ) -> Result<AreaSummary, WorkspaceError> {
        let name = source.file_name().map_or_else(
            || source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let file_bytes = std::fs::metadata(source).map_or(0, |m| m.len());
        self.store_area_as(area, name, file_bytes)
    }

    /// Stores an area as [`store_area`](Self::store_area) does, recording `source` (a file
    /// name, or names joined with ` + `) of `file_bytes` bytes as where it came from.
    ///
    /// # Errors
    /// When SQLite fails; the workspace is then unchanged.
    pub fn store_area_as(
        &mut self,
        area: &Area,
        source: String,
        file_bytes: u64,
    ) -> Result<AreaSummary, WorkspaceError> {
        let label = self.path.display().to_string();
        let sql = |source| WorkspaceError::sqlite(&label, source);
        let summary = AreaSummary::of(area, source, file_bytes, chrono::Local::now().to_rfc3339());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        for table in TABLES {
            tx.execute(&format!("DELETE FROM {table}"), [])
                .map_err(sql)?;
        }
        write_area(&tx, area, &summary).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(summary)
    }

    /// The stored area, or `None` when no area was loaded.
    ///
    /// # Errors
    /// When SQLite fails or a stored value is not what the schema promises.
    pub fn load_area(&self) -> Result<Option<Area>, WorkspaceError> {
        let Some(summary) = self.area_info()? else {
            return Ok(None);
        };
        let element = |name: String| {
            ElementKind::parse(&name)
                .ok_or_else(|| Bad::Corrupt(format!("unknown element '{name}'")))
        };
        let addresses = self.rows(
            "SELECT street, housenumber, postcode, city, postcode_filled, city_filled, element,
             lon, lat FROM area_addresses ORDER BY id",
            |r| {
                Ok(OsmAddress {
                    street: r.get(0)?,
                    housenumber: r.get(1)?,
                    postcode: r.get(2)?,
                    city: r.get(3)?,
                    filled: Filled {
                        postcode: r.get(4)?,
                        city: r.get(5)?,
                    },
                    element: element(r.get(6)?)?,
                    lon: r.get(7)?,
                    lat: r.get(8)?,
                })
            },
        )?;

        let mut streets = self.rows("SELECT class, lines FROM area_streets ORDER BY id", |r| {
            let class: String = r.get(0)?;
            Ok(Street {
                names: Vec::new(),
                class: RoadClass::parse(&class)
                    .ok_or_else(|| Bad::Corrupt(format!("unknown road class '{class}'")))?,
                lines: decode_parts(&r.get::<_, Vec<u8>>(1)?)?,
            })
        })?;
        let names = self.rows(
            "SELECT street_id, name FROM area_street_names ORDER BY street_id, rank",
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        for (id, name) in names {
            child(&mut streets, id)
                .ok_or_else(|| self.corrupt(format!("a name of unknown street {id}")))?
                .names
                .push(name);
        }

        let mut interpolations = self.rows(
            "SELECT street, scheme, line FROM area_interpolations ORDER BY id",
            |r| {
                Ok(Interpolation {
                    street: r.get(0)?,
                    scheme: r.get(1)?,
                    line: decode_line(&r.get::<_, Vec<u8>>(2)?)?,
                    numbers: Vec::new(),
                })
            },
        )?;
        let numbers = self.rows(
            "SELECT interpolation_id, vertex, housenumber FROM area_interpolation_numbers
             ORDER BY interpolation_id, rank",
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        for (id, vertex, number) in numbers {
            let line = child(&mut interpolations, id)
                .ok_or_else(|| self.corrupt(format!("a number of unknown line {id}")))?;
            let vertex = usize::try_from(vertex)
                .ok()
                .filter(|&v| v < line.line.len())
                .ok_or_else(|| {
                    self.corrupt(format!("interpolation vertex {vertex} off the line"))
                })?;
            line.numbers.push((vertex, number));
        }

        let pois = self.rows(
            "SELECT name, category, address, element, lon, lat FROM area_pois ORDER BY id",
            |r| {
                Ok(Poi {
                    name: r.get(0)?,
                    category: r.get(1)?,
                    address: r.get(2)?,
                    element: element(r.get(3)?)?,
                    lon: r.get(4)?,
                    lat: r.get(5)?,
                })
            },
        )?;
        let places = self.rows(
            "SELECT name, kind, element, lon, lat FROM area_places ORDER BY id",
            |r| {
                let kind: String = r.get(1)?;
                Ok(Place {
                    name: r.get(0)?,
                    kind: PlaceKind::from_name(&kind)
                        .ok_or_else(|| Bad::Corrupt(format!("unknown place kind '{kind}'")))?,
                    element: element(r.get(2)?)?,
                    lon: r.get(3)?,
                    lat: r.get(4)?,
                })
            },
        )?;
        let homes = self.rows(
            "SELECT kind, dwellings, estimate, lon, lat FROM area_homes ORDER BY id",
            |r| {
                let kind: String = r.get(0)?;
                let estimate: String = r.get(2)?;
                Ok(Home {
                    kind: HomeKind::parse(&kind)
                        .ok_or_else(|| Bad::Corrupt(format!("unknown home kind '{kind}'")))?,
                    dwellings: r.get(1)?,
                    estimate: DwellingEstimate::parse(&estimate).ok_or_else(|| {
                        Bad::Corrupt(format!("unknown dwelling estimate '{estimate}'"))
                    })?,
                    position: LonLat::new(r.get(3)?, r.get(4)?)
                        .map_err(|e| Bad::Corrupt(format!("home: {e}")))?,
                })
            },
        )?;
        let lines = self.rows(
            "SELECT class, name, points FROM area_lines ORDER BY id",
            |r| {
                let class: String = r.get(0)?;
                Ok(MapLine {
                    class: LineClass::parse(&class)
                        .ok_or_else(|| Bad::Corrupt(format!("unknown line class '{class}'")))?,
                    name: r.get(1)?,
                    points: decode_line(&r.get::<_, Vec<u8>>(2)?)?,
                })
            },
        )?;
        let areas = self.rows(
            "SELECT class, name, rings FROM area_areas ORDER BY id",
            |r| {
                let class: String = r.get(0)?;
                Ok(MapArea {
                    class: AreaClass::parse(&class)
                        .ok_or_else(|| Bad::Corrupt(format!("unknown area class '{class}'")))?,
                    name: r.get(1)?,
                    rings: decode_parts(&r.get::<_, Vec<u8>>(2)?)?,
                })
            },
        )?;

        Ok(Some(Area {
            addresses,
            streets,
            interpolations,
            pois,
            places,
            file_addresses: self.area_file_addresses()?,
            homes,
            dwelling_floor_m2: summary.dwelling_floor_m2,
            basemap: Basemap { lines, areas },
            bounds: summary.bounds,
            declared_bounds: summary.declared_bounds,
        }))
    }

    /// The address-file points stored with the area, in load order (empty without an
    /// area).
    ///
    /// # Errors
    /// When SQLite fails or a stored point is not a position.
    pub fn area_file_addresses(&self) -> Result<Vec<FileAddress>, WorkspaceError> {
        self.rows(
            "SELECT source, street, housenumber, unit, postcode, city, lon, lat
             FROM area_file_points ORDER BY id",
            |r| {
                Ok(FileAddress {
                    source: r.get(0)?,
                    street: r.get(1)?,
                    housenumber: r.get(2)?,
                    unit: r.get(3)?,
                    postcode: r.get(4)?,
                    city: r.get(5)?,
                    position: LonLat::new(r.get(6)?, r.get(7)?)
                        .map_err(|e| Bad::Corrupt(format!("address file point: {e}")))?,
                })
            },
        )
    }

    /// Every row of `query`, each made by `make`.
    fn rows<T>(
        &self,
        query: &str,
        mut make: impl FnMut(&rusqlite::Row<'_>) -> Result<T, Bad>,
    ) -> Result<Vec<T>, WorkspaceError> {
        let sql = self.err();
        let mut statement = self.conn.prepare(query).map_err(&sql)?;
        let mut rows = statement.query([]).map_err(&sql)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(&sql)? {
            out.push(make(row).map_err(|bad| match bad {
                Bad::Sql(e) => sql(e),
                Bad::Corrupt(detail) => self.corrupt(detail),
            })?);
        }
        Ok(out)
    }

    fn corrupt(&self, detail: String) -> WorkspaceError {
        WorkspaceError::Corrupt {
            path: self.path.display().to_string(),
            detail,
        }
    }

    /// What the stored area holds, or `None` when no area was loaded.
    ///
    /// # Errors
    /// When SQLite fails or the stored bounds are not positions.
    pub fn area_info(&self) -> Result<Option<AreaSummary>, WorkspaceError> {
        let sql = self.err();
        let meta = self
            .conn
            .query_row(
                "SELECT source, file_bytes, loaded_at, dwelling_floor_m2 FROM area_meta WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<f64>>(3)?,
                    ))
                },
            )
            .optional()
            .map_err(&sql)?;
        let Some((source, file_bytes, loaded_at, dwelling_floor_m2)) = meta else {
            return Ok(None);
        };
        let (bounds, declared_bounds) = self.area_boxes()?.unwrap_or_default();
        let count = |query: &str| -> Result<u64, WorkspaceError> {
            let n: i64 = self.conn.query_row(query, [], |r| r.get(0)).map_err(&sql)?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Some(AreaSummary {
            source,
            file_bytes: u64::try_from(file_bytes).unwrap_or(0),
            loaded_at,
            addresses: count("SELECT count(*) FROM area_addresses")?,
            streets: count("SELECT count(*) FROM area_streets")?,
            interpolations: count("SELECT count(*) FROM area_interpolations")?,
            pois: count("SELECT count(*) FROM area_pois")?,
            places: count("SELECT count(*) FROM area_places")?,
            file_addresses: count("SELECT count(*) FROM area_file_points")?,
            homes: count("SELECT count(*) FROM area_homes")?,
            dwellings: count("SELECT coalesce(sum(dwellings), 0) FROM area_homes")?,
            dwelling_floor_m2,
            lines: count("SELECT count(*) FROM area_lines")?,
            areas: count("SELECT count(*) FROM area_areas")?,
            bounds,
            declared_bounds,
        }))
    }
}

impl Workspace {
    /// Where the loaded area's data ends (see [`DataEdge`]), reading only the area's
    /// metadata; `None` without an area (or an empty one).
    ///
    /// # Errors
    /// When SQLite fails or the stored corners are not positions.
    pub fn area_edge(&self) -> Result<Option<DataEdge>, WorkspaceError> {
        Ok(self
            .area_boxes()?
            .and_then(|(extent, declared)| DataEdge::of(declared, extent)))
    }

    /// The stored extent and declared box, `None` without an area.
    fn area_boxes(&self) -> Result<Option<(Corners, Corners)>, WorkspaceError> {
        let row = self
            .conn
            .query_row(
                "SELECT min_lon, min_lat, max_lon, max_lat, declared_min_lon, declared_min_lat,
                        declared_max_lon, declared_max_lat
                 FROM area_meta WHERE id = 1",
                [],
                |r| {
                    let mut v = [None; 8];
                    for (i, x) in v.iter_mut().enumerate() {
                        *x = r.get::<_, Option<f64>>(i)?;
                    }
                    Ok(v)
                },
            )
            .optional()
            .map_err(self.err())?;
        let Some(v) = row else { return Ok(None) };
        let corners = |what: &str, c: &[Option<f64>]| -> Result<Corners, WorkspaceError> {
            let corner = |lon, lat| {
                LonLat::new(lon, lat).map_err(|e| self.corrupt(format!("area {what}: {e}")))
            };
            match *c {
                [Some(x0), Some(y0), Some(x1), Some(y1)] => {
                    Ok(Some((corner(x0, y0)?, corner(x1, y1)?)))
                }
                _ => Ok(None),
            }
        };
        Ok(Some((
            corners("bounds", &v[..4])?,
            corners("declared bounds", &v[4..])?,
        )))
    }
}

/// South-west and north-east corners, if any.
type Corners = Option<(LonLat, LonLat)>;

/// Why a stored row could not be read back.
enum Bad {
    Sql(rusqlite::Error),
    /// A value the schema does not promise (a hand-edited file).
    Corrupt(String),
}

impl From<rusqlite::Error> for Bad {
    fn from(e: rusqlite::Error) -> Self {
        Bad::Sql(e)
    }
}

impl From<String> for Bad {
    fn from(detail: String) -> Self {
        Bad::Corrupt(detail)
    }
}

/// The row with 1-based `id` (rows are stored numbered from 1 in order).
fn child<T>(rows: &mut [T], id: i64) -> Option<&mut T> {
    rows.get_mut(usize::try_from(id.checked_sub(1)?).ok()?)
}

/// Writes every row of an area into empty tables.
fn write_area(tx: &Transaction<'_>, area: &Area, summary: &AreaSummary) -> rusqlite::Result<()> {
    let (lo, hi) = (summary.bounds.map(|b| b.0), summary.bounds.map(|b| b.1));
    let (d_lo, d_hi) = (
        summary.declared_bounds.map(|b| b.0),
        summary.declared_bounds.map(|b| b.1),
    );
    tx.execute(
        "INSERT INTO area_meta (id, source, file_bytes, loaded_at, min_lon, min_lat, max_lon, max_lat,
             declared_min_lon, declared_min_lat, declared_max_lon, declared_max_lat, dwelling_floor_m2)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            summary.source,
            i64::try_from(summary.file_bytes).unwrap_or(i64::MAX),
            summary.loaded_at,
            lo.map(LonLat::lon_deg),
            lo.map(LonLat::lat_deg),
            hi.map(LonLat::lon_deg),
            hi.map(LonLat::lat_deg),
            d_lo.map(LonLat::lon_deg),
            d_lo.map(LonLat::lat_deg),
            d_hi.map(LonLat::lon_deg),
            d_hi.map(LonLat::lat_deg),
            summary.dwelling_floor_m2,
        ],
    )?;
    let id = |i: usize| i as i64 + 1;

    let mut st = tx.prepare(
        "INSERT INTO area_addresses (id, street, housenumber, postcode, city, postcode_filled,
         city_filled, element, lon, lat) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, a) in area.addresses.iter().enumerate() {
        st.execute(params![
            id(i),
            a.street,
            a.housenumber,
            a.postcode,
            a.city,
            a.filled.postcode,
            a.filled.city,
            a.element.as_str(),
            a.lon,
            a.lat
        ])?;
    }

    let mut st = tx.prepare("INSERT INTO area_streets (id, class, lines) VALUES (?1, ?2, ?3)")?;
    let mut names =
        tx.prepare("INSERT INTO area_street_names (street_id, rank, name) VALUES (?1, ?2, ?3)")?;
    for (i, s) in area.streets.iter().enumerate() {
        st.execute(params![id(i), s.class.as_str(), encode_parts(&s.lines)])?;
        for (rank, name) in s.names.iter().enumerate() {
            names.execute(params![id(i), rank as i64, name])?;
        }
    }

    let mut st = tx.prepare(
        "INSERT INTO area_interpolations (id, street, scheme, line) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut numbers = tx.prepare(
        "INSERT INTO area_interpolation_numbers (interpolation_id, rank, vertex, housenumber)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, l) in area.interpolations.iter().enumerate() {
        st.execute(params![id(i), l.street, l.scheme, encode_line(&l.line)])?;
        for (rank, (vertex, number)) in l.numbers.iter().enumerate() {
            numbers.execute(params![id(i), rank as i64, *vertex as i64, number])?;
        }
    }

    let mut st = tx.prepare(
        "INSERT INTO area_pois (id, name, category, address, element, lon, lat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, p) in area.pois.iter().enumerate() {
        st.execute(params![
            id(i),
            p.name,
            p.category,
            p.address,
            p.element.as_str(),
            p.lon,
            p.lat
        ])?;
    }

    let mut st = tx.prepare(
        "INSERT INTO area_places (id, name, kind, element, lon, lat) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, p) in area.places.iter().enumerate() {
        st.execute(params![
            id(i),
            p.name,
            p.kind.as_str(),
            p.element.as_str(),
            p.lon,
            p.lat
        ])?;
    }

    let mut st = tx.prepare(
        "INSERT INTO area_file_points (id, source, street, housenumber, unit, postcode, city, lon, lat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, a) in area.file_addresses.iter().enumerate() {
        st.execute(params![
            id(i),
            a.source,
            a.street,
            a.housenumber,
            a.unit,
            a.postcode,
            a.city,
            a.position.lon_deg(),
            a.position.lat_deg()
        ])?;
    }

    let mut st = tx.prepare(
        "INSERT INTO area_homes (id, kind, dwellings, estimate, lon, lat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, h) in area.homes.iter().enumerate() {
        st.execute(params![
            id(i),
            h.kind.as_str(),
            h.dwellings,
            h.estimate.as_str(),
            h.position.lon_deg(),
            h.position.lat_deg()
        ])?;
    }

    let mut st =
        tx.prepare("INSERT INTO area_lines (id, class, name, points) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, l) in area.basemap.lines.iter().enumerate() {
        st.execute(params![
            id(i),
            l.class.name(),
            l.name,
            encode_line(&l.points)
        ])?;
    }

    let mut st =
        tx.prepare("INSERT INTO area_areas (id, class, name, rings) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, a) in area.basemap.areas.iter().enumerate() {
        st.execute(params![
            id(i),
            a.class.as_str(),
            a.name,
            encode_parts(&a.rings)
        ])?;
    }
    Ok(())
}

/// A line as `i32` (lon, lat) pairs in 10⁻⁷°, little-endian.
fn encode_line(points: &[LonLat]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 * points.len());
    push_points(&mut out, points);
    out
}

fn push_points(out: &mut Vec<u8>, points: &[LonLat]) {
    for p in points {
        out.extend_from_slice(&deg_to_decimicro(p.lon_deg()).to_le_bytes());
        out.extend_from_slice(&deg_to_decimicro(p.lat_deg()).to_le_bytes());
    }
}

/// Several lines: a `u32` count, then per line a `u32` vertex count and its pairs.
fn encode_parts(parts: &[Vec<LonLat>]) -> Vec<u8> {
    let vertices: usize = parts.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(4 + 4 * parts.len() + 8 * vertices);
    out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
    for part in parts {
        out.extend_from_slice(&(part.len() as u32).to_le_bytes());
        push_points(&mut out, part);
    }
    out
}

/// Reads what [`encode_line`] wrote.
fn decode_line(blob: &[u8]) -> Result<Vec<LonLat>, String> {
    if blob.len() % 8 != 0 {
        return Err(format!(
            "{} bytes is not a whole number of points",
            blob.len()
        ));
    }
    let mut reader = Reader(blob);
    (0..blob.len() / 8).map(|_| reader.point()).collect()
}

/// Reads what [`encode_parts`] wrote.
fn decode_parts(blob: &[u8]) -> Result<Vec<Vec<LonLat>>, String> {
    let mut reader = Reader(blob);
    let count = reader.u32()?;
    let mut parts = Vec::new();
    for _ in 0..count {
        let n = reader.u32()? as usize;
        if n > reader.0.len() / 8 {
            return Err(format!("a part of {n} points runs past the end"));
        }
        parts.push((0..n).map(|_| reader.point()).collect::<Result<_, _>>()?);
    }
    if !reader.0.is_empty() {
        return Err(format!("{} bytes left over", reader.0.len()));
    }
    Ok(parts)
}

/// Reads little-endian values off the front of a BLOB.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take4(&mut self) -> Result<[u8; 4], String> {
        let (head, rest) = self
            .0
            .split_first_chunk::<4>()
            .ok_or_else(|| "geometry ends early".to_owned())?;
        self.0 = rest;
        Ok(*head)
    }

    fn u32(&mut self) -> Result<u32, String> {
        self.take4().map(u32::from_le_bytes)
    }

    fn point(&mut self) -> Result<LonLat, String> {
        let lon = i32::from_le_bytes(self.take4()?);
        let lat = i32::from_le_bytes(self.take4()?);
        LonLat::new(decimicro_to_deg(lon), decimicro_to_deg(lat)).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point on OSM's 10⁻⁷° grid, as the reader makes them.
    fn p(lon_e7: i32, lat_e7: i32) -> LonLat {
        LonLat::new(decimicro_to_deg(lon_e7), decimicro_to_deg(lat_e7)).unwrap()
    }

    #[test]
    fn geometry_blobs_round_trip_and_reject_garbage() {
        let line = vec![p(249_384_123, 601_699_000), p(-1_799_999_999, -899_999_999)];
        assert_eq!(decode_line(&encode_line(&line)).unwrap(), line);
        let parts = vec![line.clone(), vec![], vec![p(0, 0)]];
        assert_eq!(decode_parts(&encode_parts(&parts)).unwrap(), parts);
        assert_eq!(encode_line(&line).len(), 16);
        assert!(decode_line(&[0; 7]).is_err());
        assert!(decode_parts(&[1, 0, 0, 0, 9, 0, 0, 0]).is_err());
        assert!(decode_parts(&[0, 0, 0, 0, 1]).is_err());
        let mut off_globe = encode_line(&line);
        off_globe[4..8].copy_from_slice(&950_000_000i32.to_le_bytes());
        assert!(decode_line(&off_globe).is_err());
    }

    #[test]
    fn no_area_until_one_is_stored() {
        let ws = Workspace::in_memory().unwrap();
        assert_eq!(ws.area_info().unwrap(), None);
        assert_eq!(ws.load_area().unwrap(), None);
    }

    #[test]
    fn helsinki_round_trips_and_a_second_load_replaces_the_first() {
        let area = crate::osm::helsinki_extract_for_tests();
        let mut ws = Workspace::in_memory().unwrap();
        let pbf = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/helsinki.osm.pbf"
        ));
        let stored = ws.store_area(area, pbf).unwrap();
        assert_eq!(stored.source, "helsinki.osm.pbf");
        assert_eq!(stored.addresses as usize, area.addresses.len());
        assert!(stored.file_bytes > 600_000);
        let loaded = ws.load_area().unwrap().expect("an area");
        assert!(
            loaded == *area,
            "the loaded area differs from the stored one"
        );
        assert_eq!(ws.area_info().unwrap(), Some(stored.clone()));
        // The extract declares its box; that is where the data ends.
        let edge = ws.area_edge().unwrap().expect("an edge");
        assert_eq!(Some(edge), area.edge());
        assert_eq!(edge.source(), EdgeSource::Declared);
        let text = stored.to_string();
        assert!(
            text.contains("helsinki.osm.pbf")
                && text.contains(" streets")
                && text.contains("data ends at (lat,lon): 60.164155,24.935176")
                && text.contains("declared box"),
            "{text}"
        );

        let small = Area {
            pois: area.pois[..3].to_vec(),
            bounds: area.bounds,
            ..Area::default()
        };
        let second = ws.store_area(&small, Path::new("small.osm.pbf")).unwrap();
        assert_eq!(
            (second.pois, second.addresses, second.file_bytes),
            (3, 0, 0)
        );
        assert_eq!(ws.load_area().unwrap(), Some(small));
    }

    #[test]
    fn an_empty_area_stores_without_bounds() {
        let mut ws = Workspace::in_memory().unwrap();
        let s = ws
            .store_area(&Area::default(), Path::new("empty.osm.pbf"))
            .unwrap();
        assert_eq!(s.bounds, None);
        assert_eq!(ws.load_area().unwrap(), Some(Area::default()));
        assert_eq!(ws.area_edge().unwrap(), None);
    }

    #[test]
    fn a_file_workspace_keeps_the_area() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.db");
        let area = crate::osm::helsinki_extract_for_tests();
        Workspace::open(&path)
            .unwrap()
            .store_area(area, Path::new("helsinki.osm.pbf"))
            .unwrap();
        let loaded = Workspace::open(&path).unwrap().load_area().unwrap();
        assert!(loaded.as_ref() == Some(area));
    }
}
