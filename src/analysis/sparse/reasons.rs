//! The reasons of a sparse cell and the evidence behind them: competitors in or nearer
//! to the cell, barriers between the shop and most of its homes, and uncertain member
//! positions in its direction (the rules are in the [`sparse`](super) module doc).

use super::cells::{
    BarrierEvidence, CompetitorEvidence, Grid, Reason, SparseCell, SparseInput, SparseRules,
    UncertainEvidence,
};
use super::placer::{Acc, Placer};
use crate::analysis::MemberSet;
use crate::analysis::barriers::BarrierMap;
use crate::analysis::sectors::SectorScheme;
use crate::coord::LonLat;
use crate::geodesy::{LocalFrame, ShopFrame, bearing_deg, distance_m, ecef_m};
use crate::model::Shop;
use crate::osm::Area;
use std::collections::HashMap;

/// Members and street-level members per compass direction, for `uncertain`.
pub(super) struct Direction {
    scheme: SectorScheme,
    members: Vec<u64>,
    street_level: Vec<u64>,
}

impl Direction {
    pub(super) fn new(set: &MemberSet, acc: &[Acc], placer: &Placer<'_>, grid: &Grid) -> Self {
        let scheme = match grid {
            Grid::Rings(p) => p.sectors(),
            Grid::H3 { .. } => SectorScheme::EIGHT,
        };
        let mut d = Self {
            scheme,
            members: vec![0; scheme.count()],
            street_level: vec![0; scheme.count()],
        };
        let shop = placer.frame.origin();
        for a in acc {
            for &slot in &a.members {
                let s = scheme.sector_of(bearing_deg(shop, set.position_of(slot)));
                d.members[s] += 1;
                d.street_level[s] += u64::from(set.traits_of(slot).street_level);
            }
        }
        d
    }

    /// Sector, members and street-level members in the direction of a cell.
    pub(super) fn at(&self, cell: &SparseCell) -> (&'static str, u64, u64) {
        let s = match cell.bearing_from_deg {
            Some(from) => self.scheme.sector_of(from + self.scheme.width_deg() / 2.0),
            None => self
                .scheme
                .sector_of(SectorScheme::EIGHT.range_deg(sector_index(cell.sector)).0 + 22.5),
        };
        (self.scheme.name(s), self.members[s], self.street_level[s])
    }
}

fn sector_index(name: &str) -> usize {
    let s = SectorScheme::EIGHT;
    (0..8).find(|i| s.name(*i) == name).unwrap_or(0)
}

/// Competitors and barriers around the shop, for the reasons.
pub(super) struct EvidenceContext<'a> {
    frame: ShopFrame,
    plane: LocalFrame,
    rules: &'a SparseRules,
    area: &'a Area,
    competitors: Vec<&'a Shop>,
    barriers: BarrierMap,
}

/// Barrier shares are measured on at most this many homes of a cell.
const BARRIER_SAMPLE: usize = 64;

impl<'a> EvidenceContext<'a> {
    pub(super) fn new(input: &SparseInput<'a>, frame: &ShopFrame) -> Self {
        Self {
            frame: frame.clone(),
            plane: LocalFrame::at(frame.origin()),
            rules: input.rules,
            area: input.area,
            competitors: Shop::competitors_other_than(input.others, &input.shop.name).collect(),
            barriers: BarrierMap::new(input.area, input.shop.position, input.grid.radius_m()),
        }
    }

    /// The shop's plane, where barriers are crossed and cells' centroids taken.
    pub(super) fn plane(&self) -> &LocalFrame {
        &self.plane
    }

    pub(super) fn explain(
        &self,
        cell: &mut SparseCell,
        index: usize,
        a: &Acc,
        placer: &Placer<'_>,
        (direction, dir_members, dir_street): (&'static str, u64, u64),
        unplaced_share: f64,
    ) {
        let shop = self.frame.origin();
        let rep = LonLat::new(cell.lon, cell.lat).unwrap_or(shop);
        let shop_to_rep = distance_m(shop, rep);
        let homes: Vec<(LonLat, f64)> = a
            .homes
            .iter()
            .filter_map(|&i| self.area.homes.get(i as usize))
            .map(|h| (h.position, f64::from(h.dwellings.max(1))))
            .collect();
        let dwellings: f64 = homes.iter().map(|h| h.1).sum();

        // Competitors.
        let mut comps: Vec<CompetitorEvidence> = Vec::new();
        for c in &self.competitors {
            let d_rep = distance_m(c.position, rep);
            let in_cell = match placer.grid {
                Grid::Rings(plan) => {
                    let pl = plan.place(&self.frame, &ecef_m(c.position), || c.position);
                    pl.ring < plan.radii_m().len()
                        && pl.ring * plan.sectors().count() + pl.sector == index
                }
                Grid::H3 { resolution, .. } => {
                    h3o::LatLng::new(c.position.lat_deg(), c.position.lon_deg())
                        .ok()
                        .map(|ll| ll.to_cell(*resolution).to_string())
                        == cell.h3
                }
            };
            if !(in_cell || d_rep < shop_to_rep) {
                continue;
            }
            let nearer: f64 = homes
                .iter()
                .filter(|(p, _)| distance_m(c.position, *p) < distance_m(shop, *p))
                .map(|h| h.1)
                .sum();
            comps.push(CompetitorEvidence {
                name: c.name.clone(),
                in_cell,
                distance_to_cell_m: d_rep,
                shop_distance_to_cell_m: shop_to_rep,
                distance_from_shop_m: distance_m(shop, c.position),
                homes_nearer_share: if dwellings > 0.0 {
                    nearer / dwellings
                } else {
                    0.0
                },
            });
        }
        comps.sort_by(|a, b| {
            b.in_cell
                .cmp(&a.in_cell)
                .then(a.distance_to_cell_m.total_cmp(&b.distance_to_cell_m))
        });
        comps.truncate(3);
        if !comps.is_empty() {
            cell.reasons.push(Reason::Competitor);
        }
        cell.evidence.competitors = comps;

        // Barriers: share of (sampled) dwellings behind each.
        let sample: Vec<(LonLat, f64)> = if homes.is_empty() {
            vec![(rep, 1.0)]
        } else {
            let step = homes.len().div_ceil(BARRIER_SAMPLE).max(1);
            homes.iter().step_by(step).copied().collect()
        };
        let total_w: f64 = sample.iter().map(|s| s.1).sum();
        let mut behind: HashMap<u32, f64> = HashMap::new();
        for (p, w) in &sample {
            for id in self.barriers.crossed_by(self.plane.xy_m(*p)) {
                *behind.entry(id).or_default() += w;
            }
        }
        let mut bars: Vec<BarrierEvidence> = behind
            .into_iter()
            .filter_map(|(id, w)| {
                let share = w / total_w;
                let b = self.barriers.barrier(id)?;
                (share >= self.rules.barrier_share).then(|| BarrierEvidence {
                    barrier: b.label(),
                    kind: b.kind,
                    homes_behind_share: share,
                })
            })
            .collect();
        bars.sort_by(|a, b| {
            b.homes_behind_share
                .total_cmp(&a.homes_behind_share)
                .then(a.barrier.cmp(&b.barrier))
        });
        if !bars.is_empty() {
            cell.reasons.push(Reason::Barrier);
        }
        cell.evidence.barriers = bars;

        // Uncertain positions.
        let street_share = if dir_members > 0 {
            dir_street as f64 / dir_members as f64
        } else {
            0.0
        };
        let unplaced_cover = if unplaced_share < 1.0 {
            unplaced_share / (1.0 - unplaced_share) * cell.expected
        } else {
            f64::INFINITY
        };
        if (street_share >= self.rules.uncertain_share && dir_street >= 5)
            || unplaced_cover >= 0.5 * cell.missing
        {
            cell.reasons.push(Reason::Uncertain);
            cell.evidence.uncertain = Some(UncertainEvidence {
                direction,
                street_level_share: street_share,
                unplaced_share,
            });
        }
        cell.reasons.sort_unstable();
    }
}
