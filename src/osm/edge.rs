//! Where an area's data ends: the longitude/latitude box inside which the extract holds
//! addresses, streets and homes, so that analyses can tell "few members here" from "no
//! data here".
//!
//! The box is the one the extract declares in its header (`osmium extract -b`, Geofabrik
//! and most extract services write it) when it has one: that is the edge the data was cut
//! at, while the extent of what was read can reach further (a way kept whole past the cut)
//! or stop short of it (sea or fields at the edge hold nothing to read, yet nothing is
//! missing there). Without a declared box, the extent of everything read stands in.

use crate::coord::LonLat;
use crate::geodesy::distance_m;

/// Where an [`DataEdge`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeSource {
    /// The bounding box declared in the extract's header.
    Declared,
    /// The extent of everything read from the extract (it declares no box).
    Extent,
}

/// The edge of the loaded data: a box from `south_west` to `north_east` (not crossing the
/// antimeridian).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DataEdge {
    south_west: LonLat,
    north_east: LonLat,
    source: EdgeSource,
}

impl DataEdge {
    /// The declared box when there is a usable one, else the extent; `None` without either.
    /// A box is usable when its south-west corner lies south and west of its north-east
    /// one and it is not a single point.
    pub fn of(
        declared: Option<(LonLat, LonLat)>,
        extent: Option<(LonLat, LonLat)>,
    ) -> Option<Self> {
        let usable = |(sw, ne): (LonLat, LonLat)| {
            sw.lon_deg() <= ne.lon_deg()
                && sw.lat_deg() <= ne.lat_deg()
                && (sw.lon_deg() < ne.lon_deg() || sw.lat_deg() < ne.lat_deg())
        };
        let make = |(south_west, north_east), source| DataEdge {
            south_west,
            north_east,
            source,
        };
        match (
            declared.filter(|b| usable(*b)),
            extent.filter(|b| usable(*b)),
        ) {
            (Some(b), _) => Some(make(b, EdgeSource::Declared)),
            (None, Some(b)) => Some(make(b, EdgeSource::Extent)),
            (None, None) => None,
        }
    }

    /// The south-west corner.
    pub fn south_west(&self) -> LonLat {
        self.south_west
    }

    /// The north-east corner.
    pub fn north_east(&self) -> LonLat {
        self.north_east
    }

    /// Declared by the extract, or the extent of its data.
    pub fn source(&self) -> EdgeSource {
        self.source
    }

    /// Whether `p` lies inside the box (its edge included).
    pub fn contains(&self, p: LonLat) -> bool {
        (self.south_west.lon_deg()..=self.north_east.lon_deg()).contains(&p.lon_deg())
            && (self.south_west.lat_deg()..=self.north_east.lat_deg()).contains(&p.lat_deg())
    }

    /// The point of the box nearest to `p` in longitude and latitude (`p` itself inside).
    pub fn clamp(&self, p: LonLat) -> LonLat {
        let lon = p
            .lon_deg()
            .clamp(self.south_west.lon_deg(), self.north_east.lon_deg());
        let lat = p
            .lat_deg()
            .clamp(self.south_west.lat_deg(), self.north_east.lat_deg());
        LonLat::new(lon, lat).unwrap_or(p)
    }

    /// Geodesic distance from `p` to the box: 0 inside, else to [`clamp`](Self::clamp)`(p)`
    /// (the nearest point up to the meridians' convergence: within a few metres at
    /// city scale).
    ///
    /// # Units
    /// Metres.
    pub fn distance_outside_m(&self, p: LonLat) -> f64 {
        distance_m(p, self.clamp(p))
    }

    /// Geodesic distance from `p` inside the box to the nearest of its four sides (0
    /// outside): how far from `p` the data reaches at least, in every direction.
    ///
    /// # Units
    /// Metres.
    pub fn distance_inside_m(&self, p: LonLat) -> f64 {
        if !self.contains(p) {
            return 0.0;
        }
        let (sw, ne) = (self.south_west, self.north_east);
        [
            LonLat::new(p.lon_deg(), sw.lat_deg()),
            LonLat::new(p.lon_deg(), ne.lat_deg()),
            LonLat::new(sw.lon_deg(), p.lat_deg()),
            LonLat::new(ne.lon_deg(), p.lat_deg()),
        ]
        .into_iter()
        .flatten()
        .map(|q| distance_m(p, q))
        .fold(f64::INFINITY, f64::min)
    }

    /// The box as a closed counter-clockwise ring of its four corners.
    pub fn ring(&self) -> Vec<LonLat> {
        let (sw, ne) = (self.south_west, self.north_east);
        let se = LonLat::new(ne.lon_deg(), sw.lat_deg()).unwrap_or(sw);
        let nw = LonLat::new(sw.lon_deg(), ne.lat_deg()).unwrap_or(ne);
        vec![sw, se, ne, nw, sw]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn declared_box_wins_and_bad_boxes_are_left_out() {
        let declared = (at(24.935, 60.164), at(24.953, 60.179));
        let extent = (at(24.93, 60.16), at(24.96, 60.18));
        let e = DataEdge::of(Some(declared), Some(extent)).unwrap();
        assert_eq!(e.source(), EdgeSource::Declared);
        assert_eq!((e.south_west(), e.north_east()), declared);
        // Corners the wrong way round (a box across the antimeridian): the extent.
        let e = DataEdge::of(Some((declared.1, declared.0)), Some(extent)).unwrap();
        assert_eq!(e.source(), EdgeSource::Extent);
        assert_eq!(DataEdge::of(None, None), None);
        assert_eq!(DataEdge::of(None, Some((extent.0, extent.0))), None);
    }

    #[test]
    fn distances_to_the_edge() {
        let e = DataEdge::of(Some((at(24.935, 60.164), at(24.953, 60.179))), None).unwrap();
        let inside = at(24.944, 60.170);
        assert!(e.contains(inside));
        assert_eq!(e.distance_outside_m(inside), 0.0);
        // The nearest side is the west one, 0.009° of longitude ≈ 500 m away.
        let d = e.distance_inside_m(inside);
        assert!(
            (d - distance_m(inside, at(24.935, 60.170))).abs() < 1e-9,
            "{d}"
        );
        assert!((450.0..550.0).contains(&d), "{d}");
        // 0.01° of latitude north of the box: about 1113 m.
        let north = at(24.944, 60.189);
        assert!(!e.contains(north));
        assert!((e.distance_outside_m(north) - 1113.0).abs() < 5.0);
        assert_eq!(e.distance_inside_m(north), 0.0);
        let ring = e.ring();
        assert_eq!(ring.len(), 5);
        assert_eq!(ring.first(), ring.last());
    }
}
