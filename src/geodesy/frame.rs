//! Frames at a point: [`ShopFrame`], the exact chord and azimuth measurement that rings
//! and sectors are decided with, and [`LocalFrame`], the one flat east/north plane that
//! every stage does short planar geometry in (barrier crossings, streets for leaflets,
//! centroids, the nearest point of a street, house-number interpolation).
//!
//! The plane is the azimuthal equidistant projection at its origin: a point lies at its
//! distance from the origin in the direction of its bearing, so a straight line from the
//! origin is a line of constant bearing and distances from the origin are true. The
//! forward map lays the ECEF chord along the normal-section azimuth, which is that
//! projection to within the chord–geodesic gap (a micrometre at 1 km, see
//! [`chord_excess_bound_m`](super::chord_excess_bound_m)); the inverse is the geodesic
//! [`destination`](super::destination). Away from the origin distances between two points
//! are flat to centimetres across a few kilometres.

use super::{ecef_m, try_destination};
use crate::coord::LonLat;

/// A shop's position prepared for measuring many members against it.
#[derive(Debug, Clone)]
pub struct ShopFrame {
    origin: LonLat,
    ecef: [f64; 3],
    east: [f64; 3],
    north: [f64; 3],
}

impl ShopFrame {
    /// Prepares the local east-north-up frame at `origin`.
    pub fn new(origin: LonLat) -> Self {
        let (lat, lon) = (origin.lat_deg().to_radians(), origin.lon_deg().to_radians());
        let (sin_lat, cos_lat) = lat.sin_cos();
        let (sin_lon, cos_lon) = lon.sin_cos();
        Self {
            origin,
            ecef: ecef_m(origin),
            east: [-sin_lon, cos_lon, 0.0],
            north: [-sin_lat * cos_lon, -sin_lat * sin_lon, cos_lat],
        }
    }

    /// The shop's position.
    pub fn origin(&self) -> LonLat {
        self.origin
    }

    /// The shop's ECEF position (see [`ecef_m`]).
    ///
    /// # Units
    /// Metres.
    pub fn ecef(&self) -> &[f64; 3] {
        &self.ecef
    }

    /// Chord and normal-section azimuth (in `[0, 360)`) to a member at ECEF `member_ecef`.
    ///
    /// # Units
    /// Metres in; metres and degrees out.
    ///
    /// # Examples
    /// ```
    /// use catchment::coord::LonLat;
    /// use catchment::geodesy::{ShopFrame, ecef_m};
    /// let shop = LonLat::new(24.94, 60.17).unwrap();
    /// let north = LonLat::new(24.94, 60.18).unwrap();
    /// let (chord_m, azimuth_deg) = ShopFrame::new(shop).chord_and_azimuth(&ecef_m(north));
    /// assert!((chord_m - 1114.15).abs() < 0.01);
    /// assert!(azimuth_deg.min(360.0 - azimuth_deg) < 1e-9);
    /// ```
    pub fn chord_and_azimuth(&self, member_ecef: &[f64; 3]) -> (f64, f64) {
        let d = [
            member_ecef[0] - self.ecef[0],
            member_ecef[1] - self.ecef[1],
            member_ecef[2] - self.ecef[2],
        ];
        let e = d[0] * self.east[0] + d[1] * self.east[1];
        let n = d[0] * self.north[0] + d[1] * self.north[1] + d[2] * self.north[2];
        let chord = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        let az = e.atan2(n).to_degrees();
        (chord, if az < 0.0 { az + 360.0 } else { az })
    }
}

/// East/north metres around an origin, in its azimuthal equidistant plane (see the
/// module doc).
#[derive(Debug, Clone)]
pub struct LocalFrame {
    frame: ShopFrame,
}

impl LocalFrame {
    /// The plane tangent at `origin`.
    pub fn at(origin: LonLat) -> Self {
        Self {
            frame: ShopFrame::new(origin),
        }
    }

    /// The origin.
    pub fn origin(&self) -> LonLat {
        self.frame.origin()
    }

    /// Metres east and north of the origin: the chord to `p` laid along its azimuth
    /// (dropping the chord's vertical part moves a point by under a millimetre at 5 km).
    ///
    /// # Units
    /// Metres.
    ///
    /// # Examples
    /// ```
    /// use catchment::coord::LonLat;
    /// use catchment::geodesy::{LocalFrame, distance_m};
    /// let shop = LonLat::new(24.94, 60.17).unwrap();
    /// let p = LonLat::new(24.945, 60.172).unwrap();
    /// let [east_m, north_m] = LocalFrame::at(shop).xy_m(p);
    /// assert!(east_m > 0.0 && north_m > 0.0);
    /// assert!((east_m.hypot(north_m) - distance_m(shop, p)).abs() < 1e-6);
    /// ```
    pub fn xy_m(&self, p: LonLat) -> [f64; 2] {
        let (chord, az) = self.frame.chord_and_azimuth(&ecef_m(p));
        let (s, c) = az.to_radians().sin_cos();
        [chord * s, chord * c]
    }

    /// The position `xy_m` metres east/north of the origin: the geodesic destination at
    /// that distance and bearing. `None` only for non-finite input.
    ///
    /// # Units
    /// Metres.
    ///
    /// # Examples
    /// ```
    /// use catchment::coord::LonLat;
    /// use catchment::geodesy::{LocalFrame, distance_m};
    /// let frame = LocalFrame::at(LonLat::new(24.94, 60.17).unwrap());
    /// let p = LonLat::new(24.945, 60.172).unwrap();
    /// let back = frame.lonlat(frame.xy_m(p)).unwrap();
    /// assert!(distance_m(p, back) < 1e-6);
    /// assert!(frame.lonlat([f64::NAN, 0.0]).is_none());
    /// ```
    pub fn lonlat(&self, xy_m: [f64; 2]) -> Option<LonLat> {
        let [x, y] = xy_m;
        try_destination(
            self.origin(),
            x.atan2(y).to_degrees().rem_euclid(360.0),
            x.hypot(y),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn frame_round_trips_and_measures_like_the_geodesic() {
        let o = p(24.94, 60.17);
        let f = LocalFrame::at(o);
        let q = p(24.945, 60.172);
        let xy = f.xy_m(q);
        let back = f.lonlat(xy).unwrap();
        assert!(distance_m(q, back) < 1e-6);
        let flat = xy[0].hypot(xy[1]);
        assert!((flat - distance_m(o, q)).abs() < 0.05, "{flat}");
    }
}
