//! Where a point falls in a sparse report's grid, and what falls in each cell while the
//! report is built.
//!
//! Rings and sectors are decided exactly as the ring report decides them
//! ([`RingPlan::place`]); hexagons by their H3 index, numbered in the order they are met.

use super::cells::Grid;
use crate::analysis::decay::HomeAt;
use crate::analysis::rings::RingPlan;
use crate::analysis::sectors::SectorScheme;
use crate::coord::LonLat;
use crate::geodesy::{ShopFrame, ecef_m};
use std::collections::HashMap;

/// Where a point falls in the grid: cell index and geodesic distance.
pub(super) struct Placer<'a> {
    pub(super) grid: &'a Grid,
    pub(super) frame: ShopFrame,
    range: RingPlan,
    hex_ids: HashMap<h3o::CellIndex, usize>,
    pub(super) hexes: Vec<h3o::CellIndex>,
}

impl<'a> Placer<'a> {
    /// Prepares the grid around `shop`.
    pub(super) fn new(grid: &'a Grid, shop: LonLat) -> Self {
        let range = match grid {
            Grid::Rings(p) => p.clone(),
            Grid::H3 { radius_m, .. } => RingPlan::new(vec![*radius_m], SectorScheme::EIGHT)
                .unwrap_or_else(|_| RingPlan::default()),
        };
        Self {
            grid,
            frame: ShopFrame::new(shop),
            range,
            hex_ids: HashMap::new(),
            hexes: Vec::new(),
        }
    }

    /// The cell of `p` and its geodesic distance from the shop; `None` beyond the grid.
    pub(super) fn place(&mut self, p: LonLat) -> Option<(usize, f64)> {
        let pl = self.range.place(&self.frame, &ecef_m(p), || p);
        if pl.ring >= self.range.radii_m().len() {
            return None;
        }
        let cell = match self.grid {
            Grid::Rings(plan) => pl.ring * plan.sectors().count() + pl.sector,
            Grid::H3 { resolution, .. } => {
                let hex = h3o::LatLng::new(p.lat_deg(), p.lon_deg())
                    .ok()?
                    .to_cell(*resolution);
                *self.hex_ids.entry(hex).or_insert_with(|| {
                    self.hexes.push(hex);
                    self.hexes.len() - 1
                })
            }
        };
        Some((cell, pl.distance_m))
    }

    /// Cells so far: all of a ring grid, the hexagons met of an H3 grid.
    pub(super) fn cell_count(&self) -> usize {
        match self.grid {
            Grid::Rings(plan) => plan.radii_m().len() * plan.sectors().count(),
            Grid::H3 { .. } => self.hexes.len(),
        }
    }
}

/// What falls in one cell: member slots and distances, home indices and distances.
#[derive(Default, Clone)]
pub(super) struct Acc {
    pub(super) members: Vec<u32>,
    pub(super) member_d_m: Vec<f64>,
    pub(super) homes: Vec<u32>,
    pub(super) home_at: Vec<HomeAt>,
}
