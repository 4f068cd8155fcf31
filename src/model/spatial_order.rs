//! The members' spatial order: the order of their positions along a Morton (Z-order)
//! curve of longitude and latitude, with each member's ECEF point in that order.
//!
//! It is what the member index is built from ([`crate::index`]): runs of it are members
//! close together. It depends on the positions alone, so it is a derived column of the
//! member table, worked out once and kept beside the positions by the member cache; an
//! index built from a kept order needs no sort and no trigonometry.
//!
//! Working it out reads positions in their own order only: the records sorted carry
//! their position, and the ECEF points are worked out in the sorted order (at a million
//! members a random read of a position per member cost a quarter of a command).

use super::Column;
use crate::coord::LonLat;
use crate::geodesy::ecef_m;
use rayon::prelude::*;

/// Bits per axis of the Morton key (2 × 32 = 64).
const KEY_BITS: u32 = 32;

/// A member on its way into the spatial order: its sort key (Morton key above, slot
/// below) and where it is.
struct Keyed {
    key: u64,
    position: LonLat,
}

/// The members in Morton order of longitude and latitude: which slot comes at each
/// place, and that member's ECEF point.
#[derive(Debug, Clone, PartialEq)]
pub struct SpatialOrder {
    /// The slot at each place of the order.
    slots: Column<u32>,
    /// ECEF position in metres of the member at each place.
    ecef_m: Column<[f64; 3]>,
}

impl SpatialOrder {
    /// The order of the members at `positions` (slot `i` at `positions[i]`), from one
    /// parallel sort of 64-bit keys.
    ///
    /// # Panics
    /// Never for fewer than 2³² members; more is not a member list.
    pub fn of(positions: &[LonLat]) -> Self {
        assert!(
            u32::try_from(positions.len()).is_ok(),
            "fewer than 2^32 members"
        );
        let (lo, hi) = positions
            .par_iter()
            .map(|p| ([p.lon_deg(), p.lat_deg()], [p.lon_deg(), p.lat_deg()]))
            .reduce(
                || ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]),
                |a, b| {
                    let min = [a.0[0].min(b.0[0]), a.0[1].min(b.0[1])];
                    (min, [a.1[0].max(b.1[0]), a.1[1].max(b.1[1])])
                },
            );
        // The slot in the low bits, the Morton key above it: one sort of plain integers.
        let slot_bits = u64::BITS - (positions.len() as u64).leading_zeros();
        let key_bits = (u64::BITS - slot_bits) / 2;
        let mut keyed: Vec<Keyed> = positions
            .par_iter()
            .enumerate()
            .map(|(slot, p)| Keyed {
                key: morton_key(lo, hi, *p, key_bits) << slot_bits | slot as u64,
                position: *p,
            })
            .collect();
        keyed.par_sort_unstable_by_key(|k| k.key);
        let slot_mask = (1u64 << slot_bits) - 1;
        // In parallel: the ECEF points are most of the work.
        let (slots, ecef): (Vec<u32>, Vec<[f64; 3]>) = keyed
            .par_iter()
            .map(|k| ((k.key & slot_mask) as u32, ecef_m(k.position)))
            .unzip();
        Self {
            slots: slots.into(),
            ecef_m: ecef.into(),
        }
    }

    /// An order kept earlier, for `n` members; `None` unless `slots` holds every slot
    /// below `n` once and `ecef_m` a finite point for each. That each point is its
    /// member's is the keeper's to promise (the member cache's checksum covers both).
    pub fn from_columns(n: usize, slots: Column<u32>, ecef_m: Column<[f64; 3]>) -> Option<Self> {
        if slots.len() != n || ecef_m.len() != n {
            return None;
        }
        let mut seen = vec![false; n];
        for &slot in slots.iter() {
            let seen = seen.get_mut(slot as usize)?;
            if std::mem::replace(seen, true) {
                return None;
            }
        }
        let finite = ecef_m.par_iter().all(|p| p.iter().all(|v| v.is_finite()));
        finite.then_some(Self { slots, ecef_m })
    }

    /// Number of members in the order.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether it holds no members.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slot at each place of the order.
    pub fn slots(&self) -> &[u32] {
        &self.slots
    }

    /// The ECEF point (metres) of the member at each place of the order.
    pub fn ecef_m(&self) -> &[[f64; 3]] {
        &self.ecef_m
    }
}

/// The Morton key of `p` within the box from `lo` to `hi` (longitude, latitude): each
/// axis scaled to `bits` bits (at most [`KEY_BITS`]), the bits interleaved.
fn morton_key(lo: [f64; 2], hi: [f64; 2], p: LonLat, bits: u32) -> u64 {
    let scale = (1u64 << bits.min(KEY_BITS)) as f64 - 1.0;
    let axis = |k: usize, v: f64| {
        let span = hi[k] - lo[k];
        let t = if span > 0.0 { (v - lo[k]) / span } else { 0.0 };
        spread_bits((t.clamp(0.0, 1.0) * scale) as u64)
    };
    axis(0, p.lon_deg()) | axis(1, p.lat_deg()) << 1
}

/// Spaces the low 32 bits of `v` two apart (bit i moves to bit 2i).
fn spread_bits(v: u64) -> u64 {
    let mut x = v & 0xffff_ffff;
    x = (x | x << 16) & 0x0000_ffff_0000_ffff;
    x = (x | x << 8) & 0x00ff_00ff_00ff_00ff;
    x = (x | x << 4) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | x << 2) & 0x3333_3333_3333_3333;
    x = (x | x << 1) & 0x5555_5555_5555_5555;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morton_keys_interleave_the_axes() {
        assert_eq!(spread_bits(0b111), 0b10101);
        assert_eq!(spread_bits(0xffff_ffff), 0x5555_5555_5555_5555);
        let at = |lon, lat| LonLat::new(lon, lat).unwrap();
        let (lo, hi) = ([0.0, 0.0], [1.0, 1.0]);
        assert_eq!(morton_key(lo, hi, at(0.0, 0.0), 32), 0);
        assert_eq!(morton_key(lo, hi, at(1.0, 1.0), 32), u64::MAX);
        assert_eq!(morton_key(lo, hi, at(1.0, 0.0), 32), 0x5555_5555_5555_5555);
        assert_eq!(morton_key(lo, hi, at(0.0, 1.0), 2), 0b1010);
    }
}
