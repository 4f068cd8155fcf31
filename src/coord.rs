//! Validated WGS84 coordinates, and the conversions from the Chinese map datums.
//!
//! Everything inside catchment is WGS84 longitude/latitude in degrees. A [`LonLat`] can
//! only be built through [`LonLat::new`], which checks range and finiteness once, so no
//! code downstream re-checks. Coordinates exported from Amap/Tencent (GCJ-02) or Baidu
//! (BD-09) are converted here, at the boundary.

use std::fmt;
use std::str::FromStr;

/// A WGS84 position in degrees: longitude in [-180, 180], latitude in [-90, 90].
///
/// Plain data (two `f64`s, longitude first), so a file's column of positions can be read
/// in place; whoever reads one so checks every position ([`crate::model::MemberTable`]).
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct LonLat {
    lon_deg: f64,
    lat_deg: f64,
}

/// A coordinate pair that is not a position on Earth.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InvalidCoord {
    #[error(
        "latitude {0} is out of range (expected -90 to 90; are latitude and longitude swapped?)"
    )]
    Latitude(f64),
    #[error("longitude {0} is out of range (expected -180 to 180)")]
    Longitude(f64),
}

impl LonLat {
    /// Checks and wraps a longitude/latitude pair in degrees.
    ///
    /// # Errors
    /// [`InvalidCoord`] when a value is not finite or out of range.
    ///
    /// ```
    /// use catchment::coord::LonLat;
    /// let helsinki = LonLat::new(24.9384, 60.1699).unwrap();
    /// assert_eq!(helsinki.lat_deg(), 60.1699);
    /// assert!(LonLat::new(24.9, 160.2).is_err());
    /// ```
    pub fn new(lon_deg: f64, lat_deg: f64) -> Result<Self, InvalidCoord> {
        if !lat_deg.is_finite() || !(-90.0..=90.0).contains(&lat_deg) {
            return Err(InvalidCoord::Latitude(lat_deg));
        }
        if !lon_deg.is_finite() || !(-180.0..=180.0).contains(&lon_deg) {
            return Err(InvalidCoord::Longitude(lon_deg));
        }
        Ok(Self { lon_deg, lat_deg })
    }

    /// Longitude in degrees east.
    pub fn lon_deg(self) -> f64 {
        self.lon_deg
    }

    /// Latitude in degrees north.
    pub fn lat_deg(self) -> f64 {
        self.lat_deg
    }

    /// The same position as a `geo` point (x = longitude, y = latitude).
    pub fn to_point(self) -> geo::Point<f64> {
        geo::Point::new(self.lon_deg, self.lat_deg)
    }
}

impl fmt::Display for LonLat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.6},{:.6}", self.lat_deg, self.lon_deg)
    }
}

/// The datum a table's coordinates are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Datum {
    /// GPS / OpenStreetMap / Google outside China.
    #[default]
    Wgs84,
    /// China's obfuscated datum used by Amap (高德) and Tencent maps.
    Gcj02,
    /// Baidu's datum, GCJ-02 shifted once more.
    Bd09,
}

impl FromStr for Datum {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "wgs84" | "gps" => Ok(Self::Wgs84),
            "gcj02" | "amap" | "gaode" | "tencent" => Ok(Self::Gcj02),
            "bd09" | "baidu" => Ok(Self::Bd09),
            other => Err(format!(
                "unknown datum '{other}' (expected wgs84, gcj02 or bd09)"
            )),
        }
    }
}

impl Datum {
    /// Converts a position written in this datum to WGS84.
    ///
    /// GCJ-02 has no closed-form inverse; the forward transform is inverted by fixed-point
    /// iteration to well under a millimetre. Outside mainland China GCJ-02 equals WGS84.
    pub fn to_wgs84(self, p: LonLat) -> LonLat {
        match self {
            Self::Wgs84 => p,
            Self::Gcj02 => gcj02_to_wgs84(p),
            Self::Bd09 => gcj02_to_wgs84(bd09_to_gcj02(p)),
        }
    }
}

const KRASOVSKY_A_M: f64 = 6_378_245.0;
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;

fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

/// The published GCJ-02 forward offset (WGS84 → GCJ-02), in degrees.
fn gcj02_offset(lon: f64, lat: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    let x = lon - 105.0;
    let y = lat - 35.0;
    let mut d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    d_lat += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d_lat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    d_lat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    d_lon += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d_lon += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    d_lon += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat_deg =
        (d_lat * 180.0) / ((KRASOVSKY_A_M * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let d_lon_deg = (d_lon * 180.0) / (KRASOVSKY_A_M / sqrt_magic * rad_lat.cos() * PI);
    (d_lon_deg, d_lat_deg)
}

/// WGS84 → GCJ-02 (the forward transform; used to invert and in tests).
pub fn wgs84_to_gcj02(p: LonLat) -> LonLat {
    let (lon, lat) = (p.lon_deg, p.lat_deg);
    if outside_china(lon, lat) {
        return p;
    }
    let (d_lon, d_lat) = gcj02_offset(lon, lat);
    LonLat {
        lon_deg: lon + d_lon,
        lat_deg: lat + d_lat,
    }
}

fn gcj02_to_wgs84(p: LonLat) -> LonLat {
    if outside_china(p.lon_deg, p.lat_deg) {
        return p;
    }
    // Fixed point: find w with forward(w) = p. The offset varies slowly, so this
    // converges by ~1e-3 per step; ten steps reach floating-point noise.
    let mut w = p;
    for _ in 0..10 {
        let f = wgs84_to_gcj02(w);
        w = LonLat {
            lon_deg: w.lon_deg + (p.lon_deg - f.lon_deg),
            lat_deg: w.lat_deg + (p.lat_deg - f.lat_deg),
        };
    }
    w
}

fn bd09_to_gcj02(p: LonLat) -> LonLat {
    const X_PI: f64 = std::f64::consts::PI * 3000.0 / 180.0;
    let x = p.lon_deg - 0.0065;
    let y = p.lat_deg - 0.006;
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    LonLat {
        lon_deg: z * theta.cos(),
        lat_deg: z * theta.sin(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    #[test]
    fn rejects_out_of_range_and_nan() {
        assert!(LonLat::new(0.0, 90.0).is_ok());
        assert_eq!(LonLat::new(0.0, 90.5), Err(InvalidCoord::Latitude(90.5)));
        assert!(LonLat::new(180.1, 0.0).is_err());
        assert!(LonLat::new(f64::NAN, 0.0).is_err());
    }

    #[test]
    fn gcj02_round_trip_is_sub_millimetre() {
        for (lon, lat) in [
            (121.4737, 31.2304),
            (116.3975, 39.9087),
            (113.2644, 23.1291),
        ] {
            let w = LonLat::new(lon, lat).unwrap();
            let back = Datum::Gcj02.to_wgs84(wgs84_to_gcj02(w));
            assert!(distance_m(w, back) < 1e-3);
        }
    }

    #[test]
    fn gcj02_published_reference_point() {
        // Reference pair from the widely used coordtransform library's README:
        // wgs84togcj02(116.404, 39.915) = (116.41024449916938, 39.91640428150164).
        let gcj = wgs84_to_gcj02(LonLat::new(116.404, 39.915).unwrap());
        assert!(
            (gcj.lon_deg() - 116.410_244_499_169_38).abs() < 1e-9,
            "{gcj}"
        );
        assert!(
            (gcj.lat_deg() - 39.916_404_281_501_64).abs() < 1e-9,
            "{gcj}"
        );
        let back = Datum::Gcj02.to_wgs84(gcj);
        assert!((back.lon_deg() - 116.404).abs() < 1e-8 && (back.lat_deg() - 39.915).abs() < 1e-8);
    }

    #[test]
    fn outside_china_is_unchanged() {
        let p = LonLat::new(24.94, 60.17).unwrap();
        assert_eq!(Datum::Gcj02.to_wgs84(p), p);
    }

    #[test]
    fn bd09_is_gcj02_plus_baidu_shift() {
        // Same reference: bd09togcj02(116.404, 39.915) = (116.39762729119315, 39.90865673957631).
        let gcj = bd09_to_gcj02(LonLat::new(116.404, 39.915).unwrap());
        assert!(
            (gcj.lon_deg() - 116.397_627_291_193_15).abs() < 1e-9,
            "{gcj}"
        );
        assert!(
            (gcj.lat_deg() - 39.908_656_739_576_31).abs() < 1e-9,
            "{gcj}"
        );
    }
}
