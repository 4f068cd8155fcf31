//! How the dwellings a report divides by were counted: the dwellings of the homes in its
//! range by the estimate each home used (see [`Home`](crate::osm::Home)), so a report can
//! say what its penetration rests on.

use crate::osm::{DwellingEstimate, Home};
use serde::Serialize;

/// Dwellings by how they were counted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DwellingCount {
    /// All dwellings.
    pub total: u64,
    /// Tagged `building:flats`.
    pub flats: u64,
    /// Houses, one each.
    pub house: u64,
    /// Footprint × `building:levels` ÷ floor area per dwelling.
    pub footprint_levels: u64,
    /// Footprint × the building type's default levels ÷ floor area per dwelling.
    pub footprint_default_levels: u64,
    /// Address points in no residential building, one each.
    pub address: u64,
    /// Stored before dwellings were estimated (load the extract again).
    pub unestimated: u64,
    /// The floor area per dwelling of the footprint estimates, m² (`None` for an area
    /// loaded before dwellings were estimated).
    pub floor_m2: Option<f64>,
}

impl DwellingCount {
    /// The dwellings of `homes`, estimated with `floor_m2` per dwelling.
    pub fn of<'a>(homes: impl IntoIterator<Item = &'a Home>, floor_m2: Option<f64>) -> Self {
        let mut c = DwellingCount {
            floor_m2,
            ..DwellingCount::default()
        };
        for h in homes {
            let n = u64::from(h.dwellings);
            c.total += n;
            *match h.estimate {
                DwellingEstimate::Flats => &mut c.flats,
                DwellingEstimate::House => &mut c.house,
                DwellingEstimate::FootprintLevels => &mut c.footprint_levels,
                DwellingEstimate::FootprintDefaultLevels => &mut c.footprint_default_levels,
                DwellingEstimate::Address => &mut c.address,
                DwellingEstimate::Unestimated => &mut c.unestimated,
            } += n;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coord::LonLat;
    use crate::osm::HomeKind;

    #[test]
    fn dwellings_add_up_by_estimate() {
        let home = |dwellings, estimate| Home {
            position: LonLat::new(24.9, 60.2).unwrap(),
            kind: HomeKind::AddressPoint,
            dwellings,
            estimate,
        };
        let homes = [
            home(40, DwellingEstimate::Flats),
            home(12, DwellingEstimate::FootprintLevels),
            home(13, DwellingEstimate::FootprintLevels),
            home(1, DwellingEstimate::House),
            home(1, DwellingEstimate::Address),
        ];
        let c = DwellingCount::of(&homes, Some(80.0));
        assert_eq!(c.total, 67);
        assert_eq!(
            (c.flats, c.footprint_levels, c.house, c.address),
            (40, 25, 1, 1)
        );
    }
}
