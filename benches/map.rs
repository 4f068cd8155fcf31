//! Customer maps at franchise scale: an A3 PDF of the demo shop with 100,000 members on
//! the bundled Helsinki basemap (target: under 2 s).
//!
//! `a3_pdf_100k_members` is the real case (`--members auto` draws hexagons past 25,000
//! members on the map); `a3_pdf_100k_dots` forces a dot per member. Baselines in the same
//! run: `a3_pdf_basemap_only` (no member layer: basemap, labels, rings, furniture, PDF
//! conversion), `a3_svg_100k_members` (composing the page without the PDF step) and
//! `fonts_system` (finding the fonts, once per command).

use catchment::analysis::segments::SegmentRules;
use catchment::coord::LonLat;
use catchment::model::VisitHistory;
use catchment::model::{Member, Shop, ShopKind};
use catchment::osm::read_extract;
use catchment::render::{Fonts, MapData, MapSpec, MemberLayer, Paper, map_pdf, map_svg};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::path::Path;

const MEMBERS: usize = 100_000;

/// The demo's shops (own shop and competitors) from `data/demo/shops.csv`.
fn shops() -> Vec<Shop> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/shops.csv");
    let mut r = csv::Reader::from_path(path).expect("data/demo/shops.csv");
    r.records()
        .map(|rec| {
            let rec = rec.expect("a shop row");
            Shop {
                name: rec[0].to_owned(),
                kind: if &rec[1] == "own" {
                    ShopKind::Own
                } else {
                    ShopKind::Competitor
                },
                position: LonLat::new(rec[4].parse().unwrap(), rec[3].parse().unwrap()).unwrap(),
                address: None,
                category: Some(rec[2].to_owned()),
            }
        })
        .collect()
}

/// Members around `centre`, distances exponential with a 450 m mean.
fn members(centre: LonLat) -> Vec<Member> {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let day0 = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    (0..MEMBERS)
        .map(|i| {
            let d_m = -450.0 * (1.0 - rng.random::<f64>()).ln();
            let b = rng.random_range(0.0..std::f64::consts::TAU);
            let lat = centre.lat_deg() + d_m * b.cos() / 111_320.0;
            let lon = centre.lon_deg() + d_m * b.sin() / (111_320.0 * lat.to_radians().cos());
            let visits = rng.random_range(1..20);
            Member {
                id: format!("M{i:06}"),
                position: LonLat::new(lon, lat).unwrap(),
                home_shop: None,
                history: VisitHistory {
                    visits: Some(visits),
                    spend_cents: Some(i64::from(visits) * 4_500),
                    first_visit: Some(day0 - chrono::Duration::days(rng.random_range(0..1500))),
                    last_visit: Some(day0 - chrono::Duration::days(rng.random_range(0..400))),
                },
                tier: (rng.random::<f64>() < 0.05).then(|| "VIP".to_owned()),
                street_level: false,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let area = read_extract(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/helsinki.osm.pbf"),
        &mut |_, _| {},
    )
    .expect("the bundled Helsinki extract");
    let shops = shops();
    let shop = shops
        .iter()
        .find(|s| s.kind == ShopKind::Own)
        .expect("an own shop")
        .clone();
    let data = MapData::new(
        members(shop.position),
        None,
        &SegmentRules::default(),
        shops,
        Some(area),
    );
    let fonts = Fonts::system().expect("fonts (fonts-dejavu-core)");
    let a3 = MapSpec {
        paper: Paper::A3,
        ..MapSpec::default()
    };
    let one = std::slice::from_ref(&shop);
    let mut g = c.benchmark_group("map_a3_helsinki");
    g.sample_size(10);
    g.bench_function("a3_pdf_100k_members", |b| {
        b.iter(|| black_box(map_pdf(&data, one, &a3, &fonts).unwrap()))
    });
    let dots = MapSpec {
        members: MemberLayer::Dots,
        ..a3.clone()
    };
    g.bench_function("a3_pdf_100k_dots", |b| {
        b.iter(|| black_box(map_pdf(&data, one, &dots, &fonts).unwrap()))
    });
    let none = MapSpec {
        members: MemberLayer::None,
        ..a3.clone()
    };
    g.bench_function("a3_pdf_basemap_only", |b| {
        b.iter(|| black_box(map_pdf(&data, one, &none, &fonts).unwrap()))
    });
    g.bench_function("a3_svg_100k_members", |b| {
        b.iter(|| black_box(map_svg(&data, &shop, &a3)))
    });
    g.bench_function("fonts_system", |b| {
        b.iter(|| black_box(Fonts::system().unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
