//! `compare` against the single-shop reports and against brute force: each shop's row
//! equals its ring report, own members are the shop column else the geodesically nearest
//! own shop (checked over every shop with the Karney distance), and the member export
//! agrees with that brute force too.

use catchment::analysis::MemberSet;
use catchment::analysis::compare::{CompareInput, Figure, compare};
use catchment::analysis::nearest::members_nearest;
use catchment::analysis::rings::{RingPlan, ring_report};
use catchment::analysis::segments::{Segment, SegmentRules};
use catchment::coord::LonLat;
use catchment::geodesy::{destination, distance_m};
use catchment::model::{Member, Shop, ShopKind, VisitHistory};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CENTRE: (f64, f64) = (24.94, 60.17);

fn shop(name: &str, kind: ShopKind, position: LonLat) -> Shop {
    Shop {
        name: name.into(),
        kind,
        position,
        address: None,
        category: None,
    }
}

/// Four own shops 0.8–1.5 km from a centre, six competitors, members mostly near a shop, some spread, a tenth
/// naming their shop (one a shop that is not in the workspace).
fn chain(seed: u64) -> (Vec<Member>, Vec<Shop>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let centre = LonLat::new(CENTRE.0, CENTRE.1).unwrap();
    let own: Vec<Shop> = [
        ("North", 0.0, 900.0),
        ("East", 90.0, 1100.0),
        ("South", 180.0, 800.0),
        ("West", 270.0, 1500.0),
    ]
    .iter()
    .map(|(n, b, d)| shop(n, ShopKind::Own, destination(centre, *b, *d)))
    .collect();
    let mut shops = own.clone();
    for i in 0..6 {
        let p = destination(
            centre,
            rng.random_range(0.0..360.0),
            rng.random_range(100.0..2500.0),
        );
        shops.push(shop(&format!("Rival {i}"), ShopKind::Competitor, p));
    }
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let members = (0..4000)
        .map(|i| {
            let position = if i % 5 == 0 {
                destination(
                    centre,
                    rng.random_range(0.0..360.0),
                    rng.random_range(0.0..4000.0),
                )
            } else {
                let s = &own[i % 4];
                destination(
                    s.position,
                    rng.random_range(0.0..360.0),
                    rng.random_range(0.0..1200.0),
                )
            };
            let home_shop = match i % 10 {
                3 => Some(own[(i / 10) % 4].name.clone()),
                7 if i % 20 == 7 => Some("Closed shop".to_owned()),
                _ => None,
            };
            let visits = rng.random_range(1..10);
            let last = if rng.random_bool(0.3) {
                "2026-01-05"
            } else {
                "2026-10-20"
            };
            Member {
                id: format!("M{i:05}"),
                position,
                home_shop,
                history: VisitHistory {
                    visits: Some(visits),
                    spend_cents: None,
                    first_visit: Some(date("2025-01-01")),
                    last_visit: Some(date(last)),
                },
                tier: None,
                street_level: false,
            }
        })
        .collect();
    (members, shops)
}

fn as_of() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 10, 31)
}

/// The own shop a member belongs to, by brute force: its shop column if that names an own
/// shop; without one, the own shop at the smallest Karney distance, the name first in
/// order on ties.
fn brute_force_home(m: &Member, own: &[&Shop]) -> Option<(String, f64)> {
    match &m.home_shop {
        Some(name) => own
            .iter()
            .find(|s| &s.name == name)
            .map(|s| (s.name.clone(), distance_m(s.position, m.position))),
        None => {
            let mut sorted: Vec<&&Shop> = own.iter().collect();
            sorted.sort_by(|a, b| a.name.cmp(&b.name));
            let mut best: Option<(String, f64)> = None;
            for s in sorted {
                let d = distance_m(s.position, m.position);
                if best.as_ref().is_none_or(|(_, b)| d < *b) {
                    best = Some((s.name.clone(), d));
                }
            }
            best
        }
    }
}

#[test]
fn each_row_equals_the_shops_own_ring_report_and_brute_force() {
    let (members, shops) = chain(14);
    let own: Vec<&Shop> = shops.iter().filter(|s| s.kind == ShopKind::Own).collect();
    let expected: Vec<Option<(String, f64)>> =
        members.iter().map(|m| brute_force_home(m, &own)).collect();
    let set =
        MemberSet::new(members.clone(), as_of(), &SegmentRules::default()).with_own_shops(&shops);
    let plan = RingPlan::default();
    let own_shops: Vec<Shop> = own.iter().map(|s| (*s).clone()).collect();
    let c = compare(&CompareInput {
        members: &set,
        shops: &own_shops,
        all_shops: &shops,
        area: None,
        plan: &plan,
        benchmark: Some(1),
    });
    assert_eq!(c.shops.len(), 4);
    let col = |f: Figure| c.figures.iter().position(|x| *x == f).unwrap();
    let r70s: Vec<f64> = own_shops
        .iter()
        .map(|o| ring_report(&set, o, &plan).radius_70_m.unwrap())
        .collect();
    for (row, s) in c.shops.iter().zip(&own_shops) {
        let single = ring_report(&set, s, &plan);
        assert_eq!(row.shop, s.name);
        // The shop's own members, by brute force.
        let mut mine: Vec<f64> = expected
            .iter()
            .flatten()
            .filter(|(n, _)| *n == s.name)
            .map(|(_, d)| *d)
            .collect();
        mine.sort_by(f64::total_cmp);
        let n = mine.len();
        assert!(n > 300, "{} has {n} own members", s.name);
        assert_eq!(row.values[col(Figure::Members)], Some(n as f64));
        let own_summary = single.own_members.as_ref().unwrap();
        assert_eq!(own_summary.tally.members, n as u64);
        let r70 = mine[(n * 7).div_ceil(10) - 1];
        assert!((single.radius_70_m.unwrap() - r70).abs() < 1e-3);
        assert!((single.radius_50_m.unwrap() - mine[n.div_ceil(2) - 1]).abs() < 1e-3);
        for (f, v) in [
            (Figure::Radius50, single.radius_50_m),
            (Figure::Radius70, single.radius_70_m),
            (Figure::MedianDistance, single.median_distance_m),
            (Figure::RepurchaseRate, own_summary.repurchase_rate),
        ] {
            assert_eq!(row.values[col(f)], v, "{} {f:?}", s.name);
        }
        let dormant = own_summary.tally.segments.get(Segment::Dormant) as f64 / n as f64;
        assert_eq!(row.values[col(Figure::DormantShare)], Some(dormant));
        for k in 1..=5 {
            assert_eq!(
                row.values[col(Figure::RingShare(k))],
                Some(single.rings[k - 1].share)
            );
        }
        // Competitors and shared members, by brute force.
        for (f, r) in [
            (Figure::CompetitorsNear, 300.0),
            (Figure::CompetitorsFar, 1000.0),
        ] {
            let near = shops
                .iter()
                .filter(|x| {
                    x.kind == ShopKind::Competitor && distance_m(x.position, s.position) <= r
                })
                .count();
            assert_eq!(row.values[col(f)], Some(near as f64));
        }
        let within = |o: &Shop, r: f64, m: &Member| distance_m(o.position, m.position) <= r + 1e-6;
        let mine_r70 = r70s[own_shops.iter().position(|o| o.name == s.name).unwrap()];
        let shared = members
            .iter()
            .filter(|m| within(s, mine_r70, m))
            .filter(|m| {
                own_shops
                    .iter()
                    .zip(&r70s)
                    .any(|(o, r)| o.name != s.name && within(o, *r, m))
            })
            .count() as f64;
        assert_eq!(
            row.values[col(Figure::SharedMembers)],
            Some(shared),
            "{}",
            s.name
        );
        assert!(row.values[col(Figure::Penetration)].is_none());
        // Huff share: the mean over the shop's own members of 1 / Σₖ (d₀ / dₖ)^λ over
        // every shop of the workspace (ours first), Karney distances floored at 50 m;
        // without an area the textbook λ = 2.
        let mine_members: Vec<&Member> = members
            .iter()
            .zip(&expected)
            .filter(|(_, e)| e.as_ref().is_some_and(|(n, _)| *n == s.name))
            .map(|(m, _)| m)
            .collect();
        let pick = |m: &Member| {
            let d = |o: &Shop| distance_m(o.position, m.position).max(50.0);
            let ours = d(s);
            let sum: f64 = shops
                .iter()
                .filter(|o| o.name != s.name)
                .map(|o| (ours / d(o)).powi(2))
                .sum();
            1.0 / (1.0 + sum)
        };
        let huff = mine_members.iter().map(|m| pick(m)).sum::<f64>() / n as f64;
        let got = row.values[col(Figure::HuffShare)].unwrap();
        assert!((got - huff).abs() < 1e-6, "{}: {got} vs {huff}", s.name);
        let bench = &c.shops[1];
        let diff = row.vs_benchmark.as_ref().unwrap()[col(Figure::Members)];
        assert_eq!(
            diff,
            Some(n as f64 - bench.values[col(Figure::Members)].unwrap())
        );
    }
    assert_eq!(c.benchmark.as_deref(), Some("East"));
    assert_eq!(c.huff_exponent, 2.0);
    assert!(!c.huff_exponent_fitted);
    // Esri's A1–A4 for each overlapping pair, and each shop's largest A3.
    assert!(!c.overlaps.is_empty());
    let disc = |r: f64| std::f64::consts::PI * r * r;
    for o in &c.overlaps {
        let a = own_shops.iter().position(|s| s.name == o.a).unwrap();
        let b = own_shops.iter().position(|s| s.name == o.b).unwrap();
        assert!(a < b);
        assert_eq!((o.a_radius_70_m, o.b_radius_70_m), (r70s[a], r70s[b]));
        let lens = o.overlap_km2 * 1e6;
        assert!((o.a1_area_ratio - disc(r70s[a]) / disc(r70s[b])).abs() < 1e-9);
        assert!((o.a3_share_of_a_in_b - lens / disc(r70s[a])).abs() < 1e-9);
        assert!((o.a4_share_of_b_in_a - lens / disc(r70s[b])).abs() < 1e-9);
        let union = disc(r70s[a]) + disc(r70s[b]) - lens;
        assert!((o.a2_overlap_of_union - lens / union).abs() < 1e-9);
        let inside =
            |k: usize, m: &Member| distance_m(own_shops[k].position, m.position) <= r70s[k] + 1e-6;
        let own_in = |k: usize, other: usize| {
            members
                .iter()
                .zip(&expected)
                .filter(|(m, e)| {
                    e.as_ref().is_some_and(|(n, _)| *n == own_shops[k].name) && inside(other, m)
                })
                .count() as u64
        };
        assert_eq!(o.a_members_in_b, own_in(a, b), "{} in {}", o.a, o.b);
        assert_eq!(o.b_members_in_a, own_in(b, a), "{} in {}", o.b, o.a);
        let both = members
            .iter()
            .filter(|m| inside(a, m) && inside(b, m))
            .count() as u64;
        assert_eq!(o.members_in_both, both);
    }
    for (k, row) in c.shops.iter().enumerate() {
        let largest = c
            .overlaps
            .iter()
            .filter_map(|o| {
                (o.a == row.shop)
                    .then_some(o.a3_share_of_a_in_b)
                    .or((o.b == row.shop).then_some(o.a4_share_of_b_in_a))
            })
            .fold(0.0, f64::max);
        assert_eq!(
            row.values[col(Figure::TradeAreaOverlap)],
            Some(largest),
            "{}",
            own_shops[k].name
        );
    }
    let mut counts: Vec<f64> = c.shops.iter().map(|r| r.values[0].unwrap()).collect();
    counts.sort_by(f64::total_cmp);
    assert_eq!(c.chain_median[0], Some((counts[1] + counts[2]) / 2.0));
    let top = c.shops.iter().find(|r| r.ranks[0] == Some(1)).unwrap();
    assert_eq!(top.values[0], Some(counts[3]));
}

#[test]
fn member_export_equals_brute_force_over_every_shop() {
    let (members, shops) = chain(41);
    let set =
        MemberSet::new(members.clone(), as_of(), &SegmentRules::default()).with_own_shops(&shops);
    let rows = members_nearest(&set, &shops);
    assert_eq!(rows.len(), members.len());
    let of_kind = |k: ShopKind| -> Vec<&Shop> { shops.iter().filter(|s| s.kind == k).collect() };
    for (m, r) in members.iter().zip(&rows) {
        assert_eq!(r.id, m.id);
        let nearest = |kind| {
            let unnamed = Member {
                home_shop: None,
                ..m.clone()
            };
            brute_force_home(&unnamed, &of_kind(kind)).unwrap()
        };
        let (own, own_m) = nearest(ShopKind::Own);
        let (rival, rival_m) = nearest(ShopKind::Competitor);
        assert_eq!(r.own_shop, Some(own.as_str()), "{}", m.id);
        assert_eq!(r.competitor, Some(rival.as_str()), "{}", m.id);
        assert!((r.own_shop_m.unwrap() - own_m).abs() < 1e-3);
        assert!((r.competitor_m.unwrap() - rival_m).abs() < 1e-3);
        assert_eq!(r.competitor_nearer, Some(r.competitor_m < r.own_shop_m));
    }
}

#[test]
fn ring_counts_still_count_members_without_a_shop_column_around_every_own_shop() {
    let (members, shops) = chain(7);
    let set =
        MemberSet::new(members.clone(), as_of(), &SegmentRules::default()).with_own_shops(&shops);
    for s in shops.iter().filter(|s| s.kind == ShopKind::Own) {
        let r = ring_report(&set, s, &RingPlan::default());
        let counted = members
            .iter()
            .filter(|m| m.home_shop.as_deref().is_none_or(|h| h == s.name))
            .count() as u64;
        assert_eq!(r.members, counted);
        let own = r.own_members.unwrap().tally.members;
        assert!(own < counted, "{}: own {own} of {counted}", s.name);
    }
}
