//! Compass sectors around a shop: 4, 8 or 16 equal wedges, sector N centred on true north.
//!
//! With k sectors of width w = 360/k, sector i holds bearings in
//! `[i·w − w/2, i·w + w/2)` (mod 360), so with 8 sectors N is `[337.5, 22.5)`.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

const NAMES_16: [&str; 16] = [
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW",
    "NNW",
];

/// A sector count that is not 4, 8 or 16.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' sectors is not supported (use 4, 8 or 16)")]
pub struct UnsupportedSectors(pub String);

/// How many sectors to divide the compass into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SectorScheme {
    count: u8,
}

impl SectorScheme {
    /// Eight sectors: N, NE, E, SE, S, SW, W, NW.
    pub const EIGHT: SectorScheme = SectorScheme { count: 8 };

    /// A scheme of `count` sectors.
    ///
    /// # Errors
    /// When `count` is not 4, 8 or 16.
    pub fn new(count: u32) -> Result<Self, UnsupportedSectors> {
        match count {
            4 | 8 | 16 => Ok(Self { count: count as u8 }),
            other => Err(UnsupportedSectors(other.to_string())),
        }
    }

    /// Number of sectors.
    pub fn count(self) -> usize {
        usize::from(self.count)
    }

    /// Width of one sector in degrees.
    pub fn width_deg(self) -> f64 {
        360.0 / f64::from(self.count)
    }

    /// Sector holding a bearing in degrees (any value; wrapped to [0, 360)).
    pub fn sector_of(self, bearing_deg: f64) -> usize {
        let w = self.width_deg();
        let i = ((bearing_deg + w / 2.0) / w).floor() as i64;
        i.rem_euclid(i64::from(self.count)) as usize
    }

    /// Angular distance in degrees from a bearing to the nearest sector boundary.
    pub fn distance_to_boundary_deg(self, bearing_deg: f64) -> f64 {
        let w = self.width_deg();
        let x = (bearing_deg + w / 2.0).rem_euclid(w);
        x.min(w - x)
    }

    /// Compass name of sector `i` (N, NE, … ; N, NNE, … for 16).
    pub fn name(self, i: usize) -> &'static str {
        NAMES_16[(i * 16 / self.count()) % 16]
    }

    /// Bearing range `[from, to)` of sector `i` in degrees, `from` possibly negative for N.
    pub fn range_deg(self, i: usize) -> (f64, f64) {
        let w = self.width_deg();
        let c = i as f64 * w;
        (c - w / 2.0, c + w / 2.0)
    }
}

impl fmt::Display for SectorScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.count)
    }
}

impl FromStr for SectorScheme {
    type Err = UnsupportedSectors;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n: u32 = s
            .trim()
            .parse()
            .map_err(|_| UnsupportedSectors(s.to_string()))?;
        Self::new(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_design() {
        let s = SectorScheme::EIGHT;
        assert_eq!(s.name(s.sector_of(337.5)), "N");
        assert_eq!(s.name(s.sector_of(22.499_999)), "N");
        assert_eq!(s.name(s.sector_of(22.5)), "NE");
        assert_eq!(s.name(s.sector_of(0.0)), "N");
        assert_eq!(s.name(s.sector_of(337.499_999)), "NW");
        assert_eq!(s.name(s.sector_of(180.0)), "S");
        let four = SectorScheme::new(4).unwrap();
        assert_eq!(
            (0..4).map(|i| four.name(i)).collect::<Vec<_>>(),
            ["N", "E", "S", "W"]
        );
        assert_eq!(four.name(four.sector_of(315.0)), "N");
        let sixteen = SectorScheme::new(16).unwrap();
        assert_eq!(sixteen.name(1), "NNE");
        assert_eq!(sixteen.name(sixteen.sector_of(11.25)), "NNE");
        assert!(SectorScheme::new(6).is_err());
    }

    #[test]
    fn boundary_distance() {
        let s = SectorScheme::EIGHT;
        assert!((s.distance_to_boundary_deg(22.4) - 0.1).abs() < 1e-9);
        assert!((s.distance_to_boundary_deg(0.0) - 22.5).abs() < 1e-9);
        assert!(s.distance_to_boundary_deg(337.5).abs() < 1e-9);
    }
}
