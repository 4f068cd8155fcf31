//! Ring and sector counts around a shop: members per ring and per cell (ring × sector),
//! shares, areas, densities, repurchase, segments, and the radii holding 50 % and 70 %.
//!
//! Ring 1 holds 0 ≤ d ≤ r1, ring k holds r(k−1) < d ≤ rk, and `outside` d > r_last, with
//! d the geodesic distance. Placement is exact: the chord prefilter of
//! [`crate::geodesy`] decides every member whose chord is clear of all boundaries, and the
//! Karney geodesic decides the rest.
//!
//! Given where the loaded data ends ([`RingReport::with_edge`]), each ring and cell also
//! carries the share of its area inside the data, and cells mostly beyond it are marked
//! `no data` (see [`super::coverage`]).

use super::coverage::{Coverage, is_no_data, wedge_share_inside};
use super::sectors::SectorScheme;
use super::segments::Segment;
use super::{MemberSet, OWN_MEMBERS_RULE, OwnMember, Scope};
use crate::coord::LonLat;
use crate::geodesy::{
    ShopFrame, azimuth_tolerance_deg, bearing_deg, chord_excess_bound_m, distance_m,
    geodesic_from_chord_m, radii_of_curvature_m,
};
use crate::model::{Shop, ShopKind};
use crate::osm::DataEdge;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::sync::OnceLock;

/// The default ring radii in metres, from the retail customer-map method.
pub const DEFAULT_RADII_M: [f64; 5] = [150.0, 300.0, 450.0, 600.0, 1000.0];

/// Why a list of ring radii is not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RingPlanError {
    /// The list is empty.
    #[error("at least one ring radius is needed")]
    NoRadius,
    /// An item is not a number.
    #[error("'{0}' is not a radius in metres (e.g. 150,300,450,600,1000)")]
    NotANumber(String),
    /// A radius is zero, negative or not finite.
    #[error("ring radius {0} is not a positive number of metres")]
    NotPositive(f64),
    /// The radii do not ascend.
    #[error("ring radii must ascend, but {after_m} m comes after {before_m} m")]
    NotAscending {
        /// The radius before, in metres.
        before_m: f64,
        /// The radius after it, in metres.
        after_m: f64,
    },
}

/// Ring radii in metres as people write them: comma-separated, ascending, an optional
/// `m` after each (`150,300,450,600,1000`). Checked when parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Radii(Vec<f64>);

impl Radii {
    /// The radii in metres.
    pub fn as_m(&self) -> &[f64] {
        &self.0
    }
}

impl Default for Radii {
    fn default() -> Self {
        Self(DEFAULT_RADII_M.to_vec())
    }
}

impl std::str::FromStr for Radii {
    type Err = RingPlanError;
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        let radii_m = list
            .split(',')
            .map(|s| {
                let s = s.trim().trim_end_matches('m');
                s.parse::<f64>()
                    .map_err(|_| RingPlanError::NotANumber(s.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        RingPlan::new(radii_m.clone(), SectorScheme::EIGHT)?;
        Ok(Self(radii_m))
    }
}

impl std::fmt::Display for Radii {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list: Vec<String> = self.0.iter().map(|r| r.to_string()).collect();
        f.write_str(&list.join(","))
    }
}

/// Which rings and sectors to count.
#[derive(Debug, Clone, PartialEq)]
pub struct RingPlan {
    radii_m: Vec<f64>,
    sectors: SectorScheme,
}

impl Default for RingPlan {
    fn default() -> Self {
        Self {
            radii_m: DEFAULT_RADII_M.to_vec(),
            sectors: SectorScheme::EIGHT,
        }
    }
}

/// Where one member falls around a shop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Ring index from 0; `radii.len()` means outside.
    pub ring: usize,
    /// Sector index (see [`SectorScheme::name`]).
    pub sector: usize,
    /// Geodesic distance in metres (exact near boundaries, else within a millimetre).
    pub distance_m: f64,
}

impl RingPlan {
    /// A plan of ascending radii and a sector scheme.
    ///
    /// # Errors
    /// When the radii are empty, not finite and positive, or not strictly ascending.
    pub fn new(radii_m: Vec<f64>, sectors: SectorScheme) -> Result<Self, RingPlanError> {
        if radii_m.is_empty() {
            return Err(RingPlanError::NoRadius);
        }
        if let Some(bad) = radii_m.iter().find(|r| !r.is_finite() || **r <= 0.0) {
            return Err(RingPlanError::NotPositive(*bad));
        }
        if let Some(w) = radii_m.windows(2).find(|w| w[1] <= w[0]) {
            return Err(RingPlanError::NotAscending {
                before_m: w[0],
                after_m: w[1],
            });
        }
        Ok(Self { radii_m, sectors })
    }

    /// A plan of `radii` and `sectors`.
    ///
    /// # Errors
    /// As [`RingPlan::new`].
    pub fn from_radii(radii: &Radii, sectors: SectorScheme) -> Result<Self, RingPlanError> {
        Self::new(radii.0.clone(), sectors)
    }

    /// Ring radii in metres.
    pub fn radii_m(&self) -> &[f64] {
        &self.radii_m
    }

    /// The sector scheme.
    pub fn sectors(&self) -> SectorScheme {
        self.sectors
    }

    /// The outermost radius in metres.
    pub fn outer_radius_m(&self) -> f64 {
        self.radii_m[self.radii_m.len() - 1]
    }

    /// Decides the ring and sector of a member at ECEF `member_ecef_m`. Its WGS84
    /// `position` is asked for only when the chord cannot decide (a member on a ring or
    /// sector boundary, or at the shop), so a caller reading positions from memory pays
    /// for few of them.
    pub fn place(
        &self,
        frame: &ShopFrame,
        member_ecef_m: &[f64; 3],
        position: impl Fn() -> LonLat,
    ) -> Placement {
        let (chord, azimuth) = frame.chord_and_azimuth(member_ecef_m);
        let ring_at = |d: f64| self.radii_m.partition_point(|r| *r < d);
        let lo = ring_at(chord - 1e-6);
        let hi = ring_at(chord + chord_excess_bound_m(chord));
        let (ring, distance_m) = if lo == hi {
            (lo, geodesic_from_chord_m(chord))
        } else {
            let d = distance_m(frame.origin(), position());
            (ring_at(d), d)
        };
        // At the shop itself the bearing is 0 (north), so sector 0.
        let sector = if chord < 1.0
            || self.sectors.distance_to_boundary_deg(azimuth) <= azimuth_tolerance_deg(chord)
        {
            self.sectors
                .sector_of(bearing_deg(frame.origin(), position()))
        } else {
            self.sectors.sector_of(azimuth)
        };
        Placement {
            ring,
            sector,
            distance_m,
        }
    }
}

/// Member counts by segment, serialised as `{"new": n, "one-time": n, …}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentCounts([u64; 6]);

impl SegmentCounts {
    fn add(&mut self, s: Segment) {
        self.0[Segment::ALL.iter().position(|x| *x == s).unwrap_or(5)] += 1;
    }

    /// Members in segment `s`.
    pub fn get(&self, s: Segment) -> u64 {
        self.0[Segment::ALL.iter().position(|x| *x == s).unwrap_or(5)]
    }
}

impl Serialize for SegmentCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(6))?;
        for (seg, n) in Segment::ALL.iter().zip(self.0) {
            m.serialize_entry(seg.as_str(), &n)?;
        }
        m.end()
    }
}

/// A ring number from 1, or `outside`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RingLabel {
    /// Ring k (1-based).
    Ring(usize),
    /// Beyond the outermost ring.
    Outside,
}

impl Serialize for RingLabel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RingLabel::Ring(k) => s.serialize_u64(*k as u64),
            RingLabel::Outside => s.serialize_str("outside"),
        }
    }
}

impl std::fmt::Display for RingLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RingLabel::Ring(k) => write!(f, "{k}"),
            RingLabel::Outside => f.write_str("outside"),
        }
    }
}

/// Figures shared by a ring row and a cell row.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Members counted here.
    pub members: u64,
    /// Members with ≥ 2 visits.
    pub repeat_members: u64,
    /// Members whose tier marks a VIP.
    pub vip_members: u64,
    /// Members by segment.
    pub segments: SegmentCounts,
}

impl Tally {
    fn add(&mut self, t: super::MemberTraits) {
        self.members += 1;
        self.repeat_members += u64::from(t.repeat);
        self.vip_members += u64::from(t.vip);
        self.segments.add(t.segment);
    }

    /// Repurchase rate: members with ≥ 2 visits ÷ all members here (members without
    /// visit data count in the denominator). `None` when there are no members.
    pub fn repurchase_rate(&self) -> Option<f64> {
        (self.members > 0).then(|| self.repeat_members as f64 / self.members as f64)
    }
}

/// One ring of the report (or the `outside` row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RingRow {
    /// Ring number from 1, or `outside`.
    pub ring: RingLabel,
    /// Inner radius in metres (exclusive, except 0 for ring 1).
    pub inner_m: f64,
    /// Outer radius in metres (inclusive); `None` for outside.
    pub outer_m: Option<f64>,
    /// Counts.
    #[serde(flatten)]
    pub tally: Tally,
    /// Share of the report's members in this ring.
    pub share: f64,
    /// Share within this ring's outer radius.
    pub cumulative_share: f64,
    /// Geodesic area of the annulus in km²; `None` for outside.
    pub area_km2: Option<f64>,
    /// Members per km²; `None` for outside.
    pub members_per_km2: Option<f64>,
    /// See [`Tally::repurchase_rate`].
    pub repurchase_rate: Option<f64>,
    /// Share (0–1) of the ring's area inside the loaded data (see [`super::coverage`]);
    /// `None` for outside, or when no area is loaded.
    pub area_coverage: Option<f64>,
}

/// One cell (ring × sector) of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellRow {
    /// Ring number from 1.
    pub ring: RingLabel,
    /// Inner radius in metres.
    pub inner_m: f64,
    /// Outer radius in metres.
    pub outer_m: f64,
    /// Compass name of the sector.
    pub sector: &'static str,
    /// Bearing range of the sector in degrees, `[from, to)`.
    pub bearing_from_deg: f64,
    /// End of the bearing range.
    pub bearing_to_deg: f64,
    /// Counts.
    #[serde(flatten)]
    pub tally: Tally,
    /// Share of the report's members in this cell.
    pub share: f64,
    /// Geodesic area of the annulus wedge in km².
    pub area_km2: f64,
    /// Members per km².
    pub members_per_km2: f64,
    /// See [`Tally::repurchase_rate`].
    pub repurchase_rate: Option<f64>,
    /// Share (0–1) of the cell's area inside the loaded data; `None` when no area is
    /// loaded.
    pub area_coverage: Option<f64>,
    /// Less than half of the cell lies inside the data: its count says nothing (see
    /// [`super::coverage`]).
    pub no_data: bool,
}

/// The shop a report is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShopHeader {
    /// Shop name.
    pub name: String,
    /// `own` or `competitor`.
    pub kind: ShopKind,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

impl ShopHeader {
    /// The shop's position (`None` only if `lon`/`lat` were set to no position).
    pub fn position(&self) -> Option<LonLat> {
        LonLat::new(self.lon, self.lat).ok()
    }
}

/// The ring and sector report of one shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RingReport {
    /// The shop.
    pub shop: ShopHeader,
    /// Reference date of the segments.
    pub as_of: Option<NaiveDate>,
    /// Which members are counted (`all members` or `the shop's own members`).
    pub scope: crate::analysis::ScopeName,
    /// Ring radii in metres.
    pub radii_m: Vec<f64>,
    /// Number of sectors.
    pub sectors: usize,
    /// Located members counted.
    pub members: u64,
    /// Rings 1…n, then `outside`.
    pub rings: Vec<RingRow>,
    /// Cells ring-major, sectors clockwise from N.
    pub cells: Vec<CellRow>,
    /// Smallest radius holding at least half the shop's own members, metres (`None`
    /// without own members, and for competitors; see [`OwnMembers`]).
    pub radius_50_m: Option<f64>,
    /// Smallest radius holding at least 70 % of the own members, metres.
    pub radius_70_m: Option<f64>,
    /// Median distance of the own members, metres.
    pub median_distance_m: Option<f64>,
    /// How much of the rings lies inside the loaded data; `None` when no area is loaded.
    pub coverage: Option<Coverage>,
    /// The members the trade-area figures describe (`None` for a competitor).
    pub own_members: Option<OwnMembers>,
}

/// An own shop's own members, whom its trade-area figures (50/70 % radius, median
/// distance) describe: fewer than the ring counts when members lack a shop column and
/// there are other own shops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnMembers {
    /// Who they are ([`OWN_MEMBERS_RULE`]).
    pub rule: &'static str,
    /// Their number, repeat and VIP members and segments.
    #[serde(flatten)]
    pub tally: Tally,
    /// Members with ≥ 2 visits ÷ own members.
    pub repurchase_rate: Option<f64>,
}

impl RingReport {
    /// The report with where the data ends: each ring's and cell's share inside `edge`,
    /// the cells mostly beyond it marked `no data`, and the [`Coverage`] of the whole.
    /// Without an edge (no area loaded) the report is returned as it is.
    pub fn with_edge(mut self, edge: Option<&DataEdge>) -> Self {
        let (Some(edge), Some(centre)) = (edge, self.shop.position()) else {
            return self;
        };
        let width = 360.0 / self.sectors.max(1) as f64;
        let outer_m = self.radii_m.last().copied().unwrap_or(0.0);
        for c in &mut self.cells {
            let share = wedge_share_inside(
                edge,
                centre,
                c.inner_m,
                c.outer_m,
                c.bearing_to_deg - width,
                c.bearing_to_deg,
            );
            c.area_coverage = Some(share);
            c.no_data = is_no_data(share);
        }
        let n = self.sectors.max(1);
        let ring_shares: Vec<f64> = self
            .cells
            .chunks(n)
            .map(|ring| ring.iter().filter_map(|c| c.area_coverage).sum::<f64>() / n as f64)
            .collect();
        for (row, share) in self.rings.iter_mut().zip(&ring_shares) {
            row.area_coverage = Some(*share);
        }
        let labels: Vec<String> = self
            .cells
            .iter()
            .map(|c| format!("{}-{}", c.ring, c.sector))
            .collect();
        self.coverage = Some(Coverage::new(
            edge,
            centre,
            wedge_share_inside(edge, centre, 0.0, outer_m, 0.0, 360.0),
            labels
                .iter()
                .zip(&self.cells)
                .map(|(l, c)| (l.as_str(), c.area_coverage.unwrap_or(1.0))),
        ));
        self
    }
}

/// Ring reports for many shops, in parallel.
pub fn ring_reports(set: &MemberSet, shops: &[Shop], plan: &RingPlan) -> Vec<RingReport> {
    let everyone = OnceLock::new();
    let everyone = || everyone.get_or_init(|| tally_of(set, &Scope::All)).clone();
    if shops.iter().any(|s| s.kind == ShopKind::Own) {
        set.assign_own_shops();
    }
    shops
        .par_iter()
        .map(|s| report_with(set, s, plan, everyone))
        .collect()
}

/// The ring and sector report of one shop.
pub fn ring_report(set: &MemberSet, shop: &Shop, plan: &RingPlan) -> RingReport {
    report_with(set, shop, plan, || tally_of(set, &Scope::All))
}

/// Totals over a scope.
fn tally_of(set: &MemberSet, scope: &Scope) -> Tally {
    let mut all = Tally::default();
    match scope {
        Scope::All => set
            .index()
            .spatial_order()
            .iter()
            .for_each(|m| all.add(m.data)),
        Scope::Slots(slots) => slots.iter().for_each(|&slot| all.add(set.traits_of(slot))),
    }
    all
}

/// `everyone` gives the tally of all members, asked for only when the shop's scope is
/// all members (made once per batch of reports).
fn report_with(
    set: &MemberSet,
    shop: &Shop,
    plan: &RingPlan,
    everyone: impl Fn() -> Tally,
) -> RingReport {
    let frame = ShopFrame::new(shop.position);
    let scope = set.scope_for(shop);
    let total = scope.len(set.len());
    let n_rings = plan.radii_m.len();
    let n_sectors = plan.sectors.count();
    let mut cells = vec![Tally::default(); n_rings * n_sectors];
    for m in set
        .index()
        .within_chord(frame.ecef(), plan.outer_radius_m())
    {
        if !scope.contains(m.slot) {
            continue;
        }
        let p = plan.place(&frame, &m.ecef_m, || set.position_of(m.slot));
        if p.ring < n_rings {
            cells[p.ring * n_sectors + p.sector].add(m.data);
        }
    }
    let quantiles = match shop.kind {
        ShopKind::Own => Quantiles::of(&set.own_members(shop)),
        ShopKind::Competitor => Quantiles::NONE,
    };
    let mut outside_tally = match &scope {
        Scope::All => everyone(),
        Scope::Slots(_) => tally_of(set, &scope),
    };
    subtract_cells(&mut outside_tally, &cells);
    build_report(
        shop,
        set,
        &scope,
        plan,
        total as u64,
        &cells,
        outside_tally,
        quantiles,
    )
}

/// Turns the scope's totals into the members outside the outermost ring.
fn subtract_cells(all: &mut Tally, cells: &[Tally]) {
    for c in cells {
        all.members -= c.members;
        all.repeat_members -= c.repeat_members;
        all.vip_members -= c.vip_members;
        for (a, b) in all.segments.0.iter_mut().zip(c.segments.0) {
            *a -= b;
        }
    }
}

/// Trade-area figures of an own shop, from its own members (nearest first).
struct Quantiles {
    radius_50_m: Option<f64>,
    radius_70_m: Option<f64>,
    median_m: Option<f64>,
    own: Option<OwnMembers>,
}

impl Quantiles {
    const NONE: Quantiles = Quantiles {
        radius_50_m: None,
        radius_70_m: None,
        median_m: None,
        own: None,
    };

    /// Order statistics of the own members' distances, already sorted, and their totals.
    fn of(own: &[OwnMember]) -> Self {
        let mut tally = Tally::default();
        for m in own {
            tally.add(m.traits);
        }
        let summary = Some(OwnMembers {
            rule: OWN_MEMBERS_RULE,
            repurchase_rate: tally.repurchase_rate(),
            tally,
        });
        let total = own.len();
        if total == 0 {
            return Self {
                own: summary,
                ..Self::NONE
            };
        }
        let kth = |k: usize| own[k - 1].distance_m;
        let median = if total % 2 == 1 {
            kth(total / 2 + 1)
        } else {
            (kth(total / 2) + kth(total / 2 + 1)) / 2.0
        };
        Self {
            radius_50_m: Some(kth(total.div_ceil(2))),
            radius_70_m: Some(kth((total * 7).div_ceil(10))),
            median_m: Some(median),
            own: summary,
        }
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one private assembly step of ring_report"
)]
fn build_report(
    shop: &Shop,
    set: &MemberSet,
    scope: &Scope,
    plan: &RingPlan,
    total: u64,
    cells: &[Tally],
    outside: Tally,
    q: Quantiles,
) -> RingReport {
    let n_sectors = plan.sectors.count();
    let lat = shop.position.lat_deg();
    let share = |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    };
    let mut rings = Vec::with_capacity(plan.radii_m.len() + 1);
    let mut cell_rows = Vec::with_capacity(cells.len());
    let mut cumulative = 0;
    for (k, outer_m) in plan.radii_m.iter().copied().enumerate() {
        let inner_m = if k == 0 { 0.0 } else { plan.radii_m[k - 1] };
        let area_km2 = annulus_area_km2(lat, inner_m, outer_m);
        let mut ring = Tally::default();
        for (s, c) in cells[k * n_sectors..(k + 1) * n_sectors].iter().enumerate() {
            ring.members += c.members;
            ring.repeat_members += c.repeat_members;
            ring.vip_members += c.vip_members;
            for (a, b) in ring.segments.0.iter_mut().zip(c.segments.0) {
                *a += b;
            }
            let (from, to) = plan.sectors.range_deg(s);
            let cell_area_km2 = area_km2 / n_sectors as f64;
            cell_rows.push(CellRow {
                ring: RingLabel::Ring(k + 1),
                inner_m,
                outer_m,
                sector: plan.sectors.name(s),
                bearing_from_deg: from.rem_euclid(360.0),
                bearing_to_deg: to,
                share: share(c.members),
                area_km2: cell_area_km2,
                members_per_km2: c.members as f64 / cell_area_km2,
                repurchase_rate: c.repurchase_rate(),
                tally: c.clone(),
                area_coverage: None,
                no_data: false,
            });
        }
        cumulative += ring.members;
        rings.push(RingRow {
            ring: RingLabel::Ring(k + 1),
            inner_m,
            outer_m: Some(outer_m),
            share: share(ring.members),
            cumulative_share: share(cumulative),
            area_km2: Some(area_km2),
            members_per_km2: Some(ring.members as f64 / area_km2),
            repurchase_rate: ring.repurchase_rate(),
            tally: ring,
            area_coverage: None,
        });
    }
    rings.push(RingRow {
        ring: RingLabel::Outside,
        inner_m: plan.outer_radius_m(),
        outer_m: None,
        share: share(outside.members),
        cumulative_share: if total == 0 { 0.0 } else { 1.0 },
        area_km2: None,
        members_per_km2: None,
        repurchase_rate: outside.repurchase_rate(),
        tally: outside,
        area_coverage: None,
    });
    RingReport {
        shop: ShopHeader {
            name: shop.name.clone(),
            kind: shop.kind,
            lat,
            lon: shop.position.lon_deg(),
        },
        as_of: set.as_of(),
        scope: scope.describe(),
        radii_m: plan.radii_m.clone(),
        sectors: n_sectors,
        members: total,
        rings,
        cells: cell_rows,
        radius_50_m: q.radius_50_m,
        radius_70_m: q.radius_70_m,
        median_distance_m: q.median_m,
        coverage: None,
        own_members: q.own,
    }
}

/// Geodesic area in km² of the annulus between `inner_m` and `outer_m` around a point at
/// latitude `lat_deg`.
///
/// A geodesic disc of radius r on a surface of Gaussian curvature K has area
/// π r² (1 − K r²/12 + O(r⁴)); on the ellipsoid K = 1/(M·N) at the centre. The neglected
/// terms are below 10⁻¹² relative at catchment radii.
///
/// # Units
/// Degrees and metres in, square kilometres out.
pub fn annulus_area_km2(lat_deg: f64, inner_m: f64, outer_m: f64) -> f64 {
    let (m, n) = radii_of_curvature_m(lat_deg);
    let k = 1.0 / (m * n);
    let disc = |r: f64| std::f64::consts::PI * r * r * (1.0 - k * r * r / 12.0);
    (disc(outer_m) - disc(inner_m)) / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::destination;
    use geo::{GeodesicArea, LineString, Polygon};

    #[test]
    fn annulus_area_matches_dense_geodesic_polygon() {
        let centre = LonLat::new(24.94, 60.17).unwrap();
        for r in [150.0, 1000.0, 5000.0] {
            let ring: Vec<geo::Coord> = (0..3600)
                .rev()
                .map(|i| {
                    let p = destination(centre, i as f64 / 10.0, r);
                    geo::Coord {
                        x: p.lon_deg(),
                        y: p.lat_deg(),
                    }
                })
                .collect();
            let poly = Polygon::new(LineString::new(ring), vec![]);
            let geo_km2 = poly.geodesic_area_unsigned() / 1e6;
            let ours = annulus_area_km2(60.17, 0.0, r);
            // The 3600-gon is inscribed: its area is short by a factor ≈ 1 − (2/3)(π/3600)².
            let inscribed = ours * (1.0 - 2.0 * (std::f64::consts::PI / 3600.0).powi(2) / 3.0);
            assert!(
                (geo_km2 - inscribed).abs() / inscribed < 1e-7,
                "r={r}: {geo_km2} vs {inscribed}"
            );
        }
    }

    #[test]
    fn fast_placement_equals_brute_force_geodesic_even_micrometres_from_edges() {
        use crate::geodesy::ecef_m;
        use rand::{Rng, SeedableRng};
        let plan = RingPlan::default();
        let shop = LonLat::new(24.944, 60.1703).unwrap();
        let frame = ShopFrame::new(shop);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for i in 0..20_000 {
            let r = plan.radii_m()[i % 5];
            let delta = rng.random_range(1e-7..1e-3) * if i % 2 == 0 { 1.0 } else { -1.0 };
            let bearing = if i % 3 == 0 {
                22.5 + rng.random_range(-1e-7..1e-7)
            } else {
                rng.random_range(0.0..360.0)
            };
            let q = destination(shop, bearing, r + delta);
            let p = plan.place(&frame, &ecef_m(q), || q);
            let d = distance_m(shop, q);
            assert_eq!(p.ring, plan.radii_m().partition_point(|x| *x < d), "d={d}");
            assert_eq!(p.sector, plan.sectors().sector_of(bearing_deg(shop, q)));
        }
        let at_shop = plan.place(&frame, &ecef_m(shop), || shop);
        assert_eq!((at_shop.ring, at_shop.sector), (0, 0));
    }

    #[test]
    fn radii_must_ascend() {
        assert!(RingPlan::new(vec![150.0, 100.0], SectorScheme::EIGHT).is_err());
        assert!(RingPlan::new(vec![], SectorScheme::EIGHT).is_err());
        assert_eq!(
            "150, 300m,1000".parse::<Radii>().unwrap().as_m(),
            [150.0, 300.0, 1000.0]
        );
        assert!("150,abc".parse::<Radii>().is_err());
        assert!("300,150".parse::<Radii>().is_err());
        assert_eq!(Radii::default().to_string(), "150,300,450,600,1000");
        assert_eq!(
            Radii::default().to_string().parse::<Radii>(),
            Ok(Radii::default())
        );
    }
}
