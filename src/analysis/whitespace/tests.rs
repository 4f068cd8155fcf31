//! Planted towns: a dense cluster far from every shop ranks first, a site on an own shop
//! ranks low, members not drawn from around the shops are refused.

use super::*;
use crate::analysis::segments::SegmentRules;
use crate::geodesy::destination;
use crate::model::{Member, VisitHistory};
use crate::osm::{DwellingEstimate, Home, HomeKind};
use rand::{Rng, SeedableRng};

fn centre() -> LonLat {
    LonLat::new(24.94, 60.17).unwrap()
}

fn shop(name: &str, kind: ShopKind, p: LonLat) -> Shop {
    Shop {
        name: name.into(),
        kind,
        position: p,
        address: None,
        category: None,
    }
}

/// A town of 8 × 8 km with homes everywhere, two own shops and a competitor, members
/// drawn around the own shops by a falling decay; a dense planted cluster of homes
/// 3 km from every shop, with no member (no shop reaches it yet).
fn planted() -> (Vec<Shop>, Area, MemberSet, LonLat) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    let c = centre();
    let shops = vec![
        shop("A", ShopKind::Own, destination(c, 270.0, 1500.0)),
        shop("B", ShopKind::Own, destination(c, 180.0, 2000.0)),
        shop("Rival", ShopKind::Competitor, destination(c, 90.0, 1200.0)),
    ];
    let cluster = destination(c, 45.0, 3000.0);
    let mut homes = Vec::new();
    let home = |p, dwellings| Home {
        position: p,
        kind: HomeKind::ResidentialBuilding,
        dwellings,
        estimate: DwellingEstimate::Flats,
    };
    for _ in 0..6000 {
        let p = destination(
            c,
            rng.random_range(0.0..360.0),
            4000.0 * rng.random::<f64>().sqrt(),
        );
        homes.push(home(p, 4));
    }
    for _ in 0..400 {
        let p = destination(
            cluster,
            rng.random_range(0.0..360.0),
            250.0 * rng.random::<f64>(),
        );
        homes.push(home(p, 60));
    }
    let mut members = Vec::new();
    for (i, h) in homes.iter().enumerate() {
        let near = shops[..2]
            .iter()
            .map(|s| crate::geodesy::distance_m(s.position, h.position))
            .fold(f64::INFINITY, f64::min);
        let mean = f64::from(h.dwellings) * 0.08 * (-near / 600.0).exp();
        if rng.random::<f64>() < mean.min(1.0) {
            members.push(Member {
                id: format!("m{i}"),
                position: h.position,
                home_shop: None,
                history: VisitHistory::default(),
                tier: None,
                street_level: false,
            });
        }
    }
    let sw = destination(destination(c, 180.0, 4500.0), 270.0, 4500.0);
    let ne = destination(destination(c, 0.0, 4500.0), 90.0, 4500.0);
    let area = Area {
        homes,
        declared_bounds: Some((sw, ne)),
        ..Area::default()
    };
    let set = MemberSet::new(members, None, &SegmentRules::default()).with_own_shops(&shops);
    (shops, area, set, cluster)
}

fn run(shops: &[Shop], area: &Area, set: &MemberSet) -> Result<Whitespace, WhitespaceError> {
    whitespace(
        &WhitespaceInput {
            members: set,
            shops,
            area,
            resolution: DEFAULT_RESOLUTION,
            fit_radius_m: FIT_RADIUS_M,
        },
        &|_, _| {},
    )
}

#[test]
fn a_dense_cluster_far_from_every_shop_ranks_first() {
    let (shops, area, set, cluster) = planted();
    let w = run(&shops, &area, &set).unwrap();
    let first = &w.sites[0];
    let at = LonLat::new(first.lon, first.lat).unwrap();
    assert!(
        crate::geodesy::distance_m(at, cluster) < 400.0,
        "first site {first:?} is not at the cluster"
    );
    assert!(first.net_gain > 0.0 && first.cannibalized < 0.2 * first.expected_draw);
    assert!(w.model.decay.decay_distance_m > 300.0 && w.model.decay.decay_distance_m < 1200.0);
    assert!(w.model.huff_fitted);
    assert_eq!(first.rank, 1);
    assert!(w.sites.windows(2).all(|p| p[0].net_gain >= p[1].net_gain));
}

#[test]
fn a_site_on_an_own_shop_ranks_low_for_cannibalization() {
    let (shops, area, set, _) = planted();
    let w = run(&shops, &area, &set).unwrap();
    let hex = cell_of(shops[0].position, DEFAULT_RESOLUTION)
        .unwrap()
        .to_string();
    let on_shop = w.sites.iter().find(|s| s.hex == hex).unwrap();
    // It would draw plenty, but mostly from shop A's own members.
    assert!(on_shop.expected_draw > 0.0);
    assert!(
        on_shop.cannibalized > 0.6 * on_shop.expected_draw,
        "{on_shop:?}"
    );
    assert!(
        on_shop.rank > w.sites.len() / 2,
        "rank {} of {}",
        on_shop.rank,
        w.sites.len()
    );
}

#[test]
fn cannibalization_is_the_drop_of_the_own_shops_expected_members() {
    // One block, one own shop 1 km away, a candidate 500 m away; λ = 2.
    let (d_own, d_new, lambda): (f64, f64, f64) = (1000.0, 500.0, 2.0);
    let p = |d: f64| 0.1 * (-d / 400.0).exp();
    let before = p(d_own);
    let big_d = d_own.powf(-lambda);
    let t = d_new.powf(-lambda);
    let after = p(d_own) * big_d / (big_d + t);
    let o = p(d_own) * big_d;
    let cannibalized = o * (1.0 / big_d - 1.0 / (big_d + t));
    assert!((cannibalized - (before - after)).abs() < 1e-15);
}

#[test]
fn members_not_drawn_from_around_the_shops_are_refused() {
    let (shops, area, _, _) = planted();
    // Members only at the town's edge: penetration rises with distance.
    let members: Vec<Member> = area
        .homes
        .iter()
        .enumerate()
        .filter(|(_, h)| crate::geodesy::distance_m(centre(), h.position) > 3800.0)
        .map(|(i, h)| Member {
            id: format!("m{i}"),
            position: h.position,
            home_shop: None,
            history: VisitHistory::default(),
            tier: None,
            street_level: false,
        })
        .collect();
    let set = MemberSet::new(members, None, &SegmentRules::default()).with_own_shops(&shops);
    assert!(matches!(
        run(&shops, &area, &set),
        Err(WhitespaceError::Decay(DecayError::NotFalling { .. }))
    ));
    assert_eq!(
        run(&shops[2..], &area, &set),
        Err(WhitespaceError::NoOwnShop)
    );
}

#[test]
fn grids_parse() {
    assert_eq!(parse_grid("h3:9"), Ok(Resolution::Nine));
    assert_eq!(parse_grid(" H3:10 "), Ok(Resolution::Ten));
    assert!(parse_grid("h3:14").is_err());
    assert!(parse_grid("rings").is_err());
}
