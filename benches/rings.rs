//! Ring and sector report at franchise scale: 1,000,000 members × 100 shops.
//!
//! `own_shops` is the franchise case (every member belongs to one of 100 shops and each
//! report counts that shop's members); `competitors` counts all 1 M members around 100
//! competitors. `brute_force_karney_per_shop` is the baseline: the Karney geodesic
//! distance and bearing for every member of one shop, which is what an exact report
//! without the chord prefilter and the R-tree would do. `build_member_set` measures
//! segmenting, ECEF conversion and the member index; `assign_own_shops` gives each of the
//! 1 M members without a shop column its nearest own shop (the trade-area rule).

use catchment::analysis::MemberSet;
use catchment::analysis::rings::{RingPlan, ring_reports};
use catchment::analysis::segments::SegmentRules;
use catchment::coord::LonLat;
use catchment::geodesy::{bearing_deg, distance_m};
use catchment::model::VisitHistory;
use catchment::model::{Member, Shop, ShopKind};
use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

const SHOPS: usize = 100;
const MEMBERS: usize = 1_000_000;

fn shops(kind: ShopKind) -> Vec<Shop> {
    (0..SHOPS)
        .map(|i| Shop {
            name: format!("shop {i:03}"),
            kind,
            position: LonLat::new(
                24.80 + (i % 10) as f64 * 0.022,
                60.12 + (i / 10) as f64 * 0.011,
            )
            .unwrap(),
            address: None,
            category: None,
        })
        .collect()
}

fn members(shops: &[Shop]) -> Vec<Member> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let day0 = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    (0..MEMBERS)
        .map(|i| {
            let home = &shops[rng.random_range(0..shops.len())];
            let d_m = -600.0 * (1.0 - rng.random::<f64>()).ln();
            let b = rng.random_range(0.0..std::f64::consts::TAU);
            let lat = home.position.lat_deg() + d_m * b.cos() / 111_320.0;
            let lon =
                home.position.lon_deg() + d_m * b.sin() / (111_320.0 * lat.to_radians().cos());
            let visits = rng.random_range(1..20);
            Member {
                id: format!("M{i:07}"),
                position: LonLat::new(lon, lat).unwrap(),
                home_shop: Some(home.name.clone()),
                history: VisitHistory {
                    visits: Some(visits),
                    spend_cents: Some(i64::from(visits) * 5_000),
                    first_visit: Some(day0 - chrono::Duration::days(rng.random_range(0..1500))),
                    last_visit: Some(day0 - chrono::Duration::days(rng.random_range(0..400))),
                },
                tier: None,
                street_level: false,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let own = shops(ShopKind::Own);
    let competitors = shops(ShopKind::Competitor);
    let people = members(&own);
    // Assigned to their own shops as commands do (made once, in the first iteration).
    let set = MemberSet::new(people.clone(), None, &SegmentRules::default()).with_own_shops(&own);
    let plan = RingPlan::default();
    let mut g = c.benchmark_group("rings_1M_members");
    g.sample_size(10);
    g.bench_function("own_shops_100", |b| {
        b.iter(|| black_box(ring_reports(&set, &own, &plan)))
    });
    g.bench_function("competitors_100", |b| {
        b.iter(|| black_box(ring_reports(&set, &competitors, &plan)))
    });
    let first_shop: Vec<LonLat> = people
        .iter()
        .filter(|m| m.home_shop.as_deref() == Some("shop 000"))
        .map(|m| m.position)
        .collect();
    g.bench_function("brute_force_karney_per_shop", |b| {
        b.iter(|| {
            let origin = own[0].position;
            let mut acc = 0.0;
            for p in &first_shop {
                acc += distance_m(origin, *p) + bearing_deg(origin, *p);
            }
            black_box(acc)
        })
    });
    g.bench_function("build_member_set", |b| {
        b.iter_batched(
            || people.clone(),
            |people| black_box(MemberSet::new(people, None, &SegmentRules::default())),
            BatchSize::LargeInput,
        )
    });
    let walk_ins: Vec<Member> = people
        .iter()
        .map(|m| Member {
            home_shop: None,
            ..m.clone()
        })
        .collect();
    let unassigned = MemberSet::new(walk_ins, None, &SegmentRules::default());
    g.bench_function("assign_own_shops", |b| {
        b.iter(|| {
            let set = unassigned.clone().with_own_shops(&own);
            set.assign_own_shops();
            black_box(set)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
