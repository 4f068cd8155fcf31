//! Times `whitespace` on a synthetic chain: own shops and competitors spread over a region
//! of 150 × 150 km, members mostly near an own shop (the rest anywhere), homes mostly near
//! shops, and prints the time of each phase and the best site.
//!
//! ```text
//! cargo run --release --example whitespace_scale -- MEMBERS OWN_SHOPS COMPETITORS HOMES
//! cargo run --release --example whitespace_scale -- 10000000 1000 3000 2000000
//! ```

use catchment::analysis::MemberSet;
use catchment::analysis::segments::SegmentRules;
use catchment::analysis::whitespace::{
    DEFAULT_RESOLUTION, FIT_RADIUS_M, WhitespaceInput, whitespace,
};
use catchment::coord::LonLat;
use catchment::geodesy::destination;
use catchment::model::{Member, Shop, ShopKind, VisitHistory};
use catchment::osm::{Area, DwellingEstimate, Home, HomeKind};
use rand::{Rng, SeedableRng};
use std::error::Error;
use std::time::Instant;

fn main() -> Result<(), Box<dyn Error>> {
    let arg = |i: usize, default: usize| -> usize {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let (n_members, n_own, n_rival, n_homes) =
        (arg(1, 1_000_000), arg(2, 100), arg(3, 300), arg(4, 300_000));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let (lon0, lat0, span) = (120.6, 30.6, 1.4);
    let anywhere = |rng: &mut rand_chacha::ChaCha8Rng| {
        LonLat::new(
            lon0 + span * rng.random::<f64>(),
            lat0 + span * rng.random::<f64>(),
        )
        .unwrap()
    };
    let t = Instant::now();
    let mut shops = Vec::new();
    for i in 0..n_own + n_rival {
        shops.push(Shop {
            name: format!("S{i:05}"),
            kind: if i < n_own {
                ShopKind::Own
            } else {
                ShopKind::Competitor
            },
            position: anywhere(&mut rng),
            address: None,
            category: None,
        });
    }
    let near = |rng: &mut rand_chacha::ChaCha8Rng, at: LonLat, scale_m: f64| {
        let d = -scale_m * (1.0 - rng.random::<f64>()).ln();
        destination(at, rng.random_range(0.0..360.0), d.min(20_000.0))
    };
    let homes: Vec<Home> = (0..n_homes)
        .map(|i| Home {
            position: if i % 5 < 3 {
                let at = shops[rng.random_range(0..shops.len())].position;
                near(&mut rng, at, 1500.0)
            } else {
                anywhere(&mut rng)
            },
            kind: HomeKind::ResidentialBuilding,
            dwellings: rng.random_range(1..60),
            estimate: DwellingEstimate::Flats,
        })
        .collect();
    let members: Vec<Member> = (0..n_members)
        .map(|i| Member {
            id: format!("M{i}"),
            position: if i % 10 < 8 {
                let at = shops[rng.random_range(0..n_own)].position;
                near(&mut rng, at, 700.0)
            } else {
                anywhere(&mut rng)
            },
            home_shop: None,
            history: VisitHistory::default(),
            tier: None,
            street_level: false,
        })
        .collect();
    let area = Area {
        homes,
        declared_bounds: Some((
            LonLat::new(lon0, lat0)?,
            LonLat::new(lon0 + span, lat0 + span)?,
        )),
        ..Area::default()
    };
    eprintln!("synthetic data made in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let set = MemberSet::new(members, None, &SegmentRules::default()).with_own_shops(&shops);
    eprintln!(
        "members prepared and assigned to own shops in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let w = whitespace(
        &WhitespaceInput {
            members: &set,
            shops: &shops,
            area: &area,
            resolution: DEFAULT_RESOLUTION,
            fit_radius_m: FIT_RADIUS_M,
        },
        &|_, _| {},
    )?;
    eprintln!(
        "whitespace: {} candidate hexagons of {} members, {} own shops, {} competitors, {} homes in {:.1} s",
        w.sites.len(),
        n_members,
        n_own,
        n_rival,
        n_homes,
        t.elapsed().as_secs_f64()
    );
    eprintln!(
        "model: L = {:.0} m, λ = {:.2}; best site {} net gain {:.1}",
        w.model.decay.decay_distance_m,
        w.model.huff_exponent,
        w.sites.first().map_or("–", |s| s.hex.as_str()),
        w.sites.first().map_or(0.0, |s| s.net_gain)
    );
    Ok(())
}
