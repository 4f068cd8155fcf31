//! Node coordinates, kept only for the nodes the ways of interest use, and OSM's fixed-point
//! degrees (10⁻⁷°, ~1 cm) — the one place that converts between them and `f64`.
//!
//! A [`NodeStore`] is a sorted list of node ids with a parallel list of `i32` pairs: 16
//! bytes a node, built from the ids the ways ask for (pass 1) and filled while the node
//! blocks stream by (pass 3), so memory follows what the extract's ways use, not the
//! extract's node count. Way node lists are held delta- and varint-coded ([`pack_refs`]):
//! consecutive ids in a way are close, so a ref takes 2–4 bytes instead of 8.

use crate::coord::LonLat;

/// Degrees from OSM fixed point (10⁻⁷°), computed exactly as the PBF reader computes
/// `lon()`/`lat()` (via nanodegrees), so a coordinate read either way is the same `f64`.
pub fn decimicro_to_deg(decimicro: i32) -> f64 {
    1e-9 * (i64::from(decimicro) * 100) as f64
}

/// OSM fixed point (10⁻⁷°) of a coordinate in degrees, rounded; the inverse of
/// [`decimicro_to_deg`] for every value it returns. Saturates outside ±214°.
pub fn deg_to_decimicro(deg: f64) -> i32 {
    (deg * 1e7).round() as i32
}

/// A position from fixed point, `None` off the globe (a corrupt node).
pub(super) fn lonlat(lon_e7: i32, lat_e7: i32) -> Option<LonLat> {
    LonLat::new(decimicro_to_deg(lon_e7), decimicro_to_deg(lat_e7)).ok()
}

/// Coordinates of a chosen set of nodes.
#[derive(Debug, Default)]
pub(super) struct NodeStore {
    ids: Vec<i64>,
    /// `(lon, lat)` in 10⁻⁷°, or [`MISSING`] until the node is seen.
    coords: Vec<(i32, i32)>,
}

/// Marks a node not (yet) seen in the extract; no valid coordinate has this longitude.
const MISSING: (i32, i32) = (i32::MIN, i32::MIN);

impl NodeStore {
    /// A store waiting for the coordinates of `ids` (any order, repeats allowed).
    pub fn wanting(mut ids: Vec<i64>) -> Self {
        ids.sort_unstable();
        ids.dedup();
        ids.shrink_to_fit();
        let coords = vec![MISSING; ids.len()];
        NodeStore { ids, coords }
    }

    /// A store of all the given `(id, lon, lat)` nodes (10⁻⁷°), invalid ones missing.
    pub fn of_all(mut nodes: Vec<(i64, i32, i32)>) -> Self {
        nodes.sort_unstable_by_key(|n| n.0);
        nodes.dedup_by_key(|n| n.0);
        let ids = nodes.iter().map(|n| n.0).collect();
        let coords = nodes
            .into_iter()
            .map(|(_, lon, lat)| {
                if lonlat(lon, lat).is_some() {
                    (lon, lat)
                } else {
                    MISSING
                }
            })
            .collect();
        NodeStore { ids, coords }
    }

    /// The slot of a wanted node.
    pub fn slot(&self, id: i64) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }

    /// The number of wanted nodes.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The sorted wanted ids (to look slots up while the coordinates are being written),
    /// and the slots.
    pub fn parts(&mut self) -> (&[i64], Slots<'_>) {
        (&self.ids, Slots(&mut self.coords))
    }

    /// The position of a node, if it was wanted and is in the extract.
    pub fn get(&self, id: i64) -> Option<LonLat> {
        let &(lon, lat) = self.coords.get(self.slot(id)?)?;
        if (lon, lat) == MISSING {
            return None;
        }
        lonlat(lon, lat)
    }
}

/// The coordinate slots of a [`NodeStore`], written while its ids are being searched.
pub(super) struct Slots<'a>(&'a mut [(i32, i32)]);

impl Slots<'_> {
    /// Records a node's coordinates (10⁻⁷°) in its slot; invalid ones stay missing.
    pub fn set(&mut self, slot: usize, lon_e7: i32, lat_e7: i32) {
        if lonlat(lon_e7, lat_e7).is_none() {
            return;
        }
        if let Some(c) = self.0.get_mut(slot) {
            *c = (lon_e7, lat_e7);
        }
    }
}

/// A way's node ids, delta- and zigzag-varint-coded.
pub(super) fn pack_refs(refs: impl Iterator<Item = i64>) -> Box<[u8]> {
    let mut out = Vec::new();
    let mut prev = 0i64;
    for r in refs {
        let delta = r.wrapping_sub(prev);
        prev = r;
        let mut z = ((delta << 1) ^ (delta >> 63)) as u64;
        loop {
            let byte = (z & 0x7f) as u8;
            z >>= 7;
            if z == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out.into_boxed_slice()
}

/// The node ids packed by [`pack_refs`].
pub(super) fn unpack_refs(packed: &[u8]) -> Vec<i64> {
    let mut out = Vec::with_capacity(packed.len() / 2);
    let (mut prev, mut z, mut shift) = (0i64, 0u64, 0u32);
    for &byte in packed {
        if shift < 64 {
            z |= u64::from(byte & 0x7f) << shift;
        }
        if byte & 0x80 != 0 {
            shift += 7;
            continue;
        }
        let delta = ((z >> 1) as i64) ^ -((z & 1) as i64);
        prev = prev.wrapping_add(delta);
        out.push(prev);
        (z, shift) = (0, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_round_trips_and_matches_the_reader() {
        for d in [
            0,
            1,
            -1,
            249_384_123,
            601_699_000,
            -1_799_999_999,
            1_800_000_000,
        ] {
            assert_eq!(deg_to_decimicro(decimicro_to_deg(d)), d);
        }
        // osmpbf: lon() = 1e-9 * nano_lon as f64, nano = 100 * raw at the default granularity.
        assert_eq!(decimicro_to_deg(249_384_123), 1e-9 * 24_938_412_300_f64);
    }

    #[test]
    fn refs_pack_and_unpack() {
        let refs = vec![5, 6, 4, 1_000_000_000_000, -3, i64::MAX, i64::MIN, 0];
        assert_eq!(unpack_refs(&pack_refs(refs.iter().copied())), refs);
        assert!(unpack_refs(&pack_refs(std::iter::empty())).is_empty());
        assert_eq!(pack_refs([100, 101, 103].into_iter()).len(), 4);
    }

    #[test]
    fn store_keeps_only_wanted_valid_nodes() {
        let mut s = NodeStore::wanting(vec![7, 3, 7, 5]);
        assert_eq!(s.len(), 3);
        assert_eq!(s.slot(4), None);
        let (ids, mut slots) = s.parts();
        assert_eq!(ids, [3, 5, 7]);
        slots.set(0, 249_000_000, 601_000_000);
        slots.set(1, 0, 950_000_000); // latitude 95°: not a position
        slots.set(9, 0, 0); // no such slot: ignored
        let all = NodeStore::of_all(vec![
            (9, 1, 2),
            (3, 249_000_000, 601_000_000),
            (4, 0, i32::MAX),
        ]);
        assert_eq!(all.len(), 3);
        assert_eq!(all.get(9).map(|p| deg_to_decimicro(p.lat_deg())), Some(2));
        assert_eq!(all.get(4), None);
        let p = s.get(3).unwrap();
        assert_eq!(deg_to_decimicro(p.lon_deg()), 249_000_000);
        assert_eq!(deg_to_decimicro(p.lat_deg()), 601_000_000);
        assert_eq!(s.get(5), None);
        assert_eq!(s.get(7), None);
    }
}
