//! Ring and sector counts against an independent oracle: Vincenty's inverse formula on
//! the WGS84 ellipsoid, written here from the 1975 paper and sharing no code with the
//! crate (which uses Karney's algorithm behind a chord prefilter). Members are seeded at
//! random and also placed within a metre of every ring boundary and sector edge.

use catchment::analysis::MemberSet;
use catchment::analysis::rings::{RingLabel, RingPlan, ring_report};
use catchment::analysis::sectors::SectorScheme;
use catchment::analysis::segments::SegmentRules;
use catchment::coord::LonLat;
use catchment::model::VisitHistory;
use catchment::model::{Member, Shop, ShopKind};
use geo::{Destination, Geodesic, Point};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Vincenty inverse: (distance m, initial azimuth deg in [0, 360)).
fn vincenty(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> (f64, f64) {
    let a = 6_378_137.0_f64;
    let f = 1.0 / 298.257_223_563;
    let b = a * (1.0 - f);
    let l = (lon2 - lon1).to_radians();
    let u1 = ((1.0 - f) * lat1.to_radians().tan()).atan();
    let u2 = ((1.0 - f) * lat2.to_radians().tan()).atan();
    let (su1, cu1) = u1.sin_cos();
    let (su2, cu2) = u2.sin_cos();
    let mut lambda = l;
    let (mut s_sigma, mut c_sigma, mut sigma, mut c2a, mut c2sm);
    loop {
        let (sl, cl) = lambda.sin_cos();
        s_sigma = ((cu2 * sl).powi(2) + (cu1 * su2 - su1 * cu2 * cl).powi(2)).sqrt();
        if s_sigma == 0.0 {
            return (0.0, 0.0);
        }
        c_sigma = su1 * su2 + cu1 * cu2 * cl;
        sigma = s_sigma.atan2(c_sigma);
        let sa = cu1 * cu2 * sl / s_sigma;
        c2a = 1.0 - sa * sa;
        c2sm = if c2a != 0.0 {
            c_sigma - 2.0 * su1 * su2 / c2a
        } else {
            0.0
        };
        let c = f / 16.0 * c2a * (4.0 + f * (4.0 - 3.0 * c2a));
        let prev = lambda;
        lambda = l
            + (1.0 - c)
                * f
                * sa
                * (sigma + c * s_sigma * (c2sm + c * c_sigma * (-1.0 + 2.0 * c2sm * c2sm)));
        if (lambda - prev).abs() < 1e-13 {
            break;
        }
    }
    let u2sq = c2a * (a * a - b * b) / (b * b);
    let aa = 1.0 + u2sq / 16384.0 * (4096.0 + u2sq * (-768.0 + u2sq * (320.0 - 175.0 * u2sq)));
    let bb = u2sq / 1024.0 * (256.0 + u2sq * (-128.0 + u2sq * (74.0 - 47.0 * u2sq)));
    let d_sigma = bb
        * s_sigma
        * (c2sm
            + bb / 4.0
                * (c_sigma * (-1.0 + 2.0 * c2sm * c2sm)
                    - bb / 6.0
                        * c2sm
                        * (-3.0 + 4.0 * s_sigma * s_sigma)
                        * (-3.0 + 4.0 * c2sm * c2sm)));
    let s = b * aa * (sigma - d_sigma);
    let (sl, cl) = lambda.sin_cos();
    let az = (cu2 * sl).atan2(cu1 * su2 - su1 * cu2 * cl).to_degrees();
    (s, az.rem_euclid(360.0))
}

fn member(lon: f64, lat: f64) -> Member {
    Member {
        id: String::new(),
        position: LonLat::new(lon, lat).unwrap(),
        home_shop: None,
        history: VisitHistory::default(),
        tier: None,
        street_level: false,
    }
}

fn check(shop_lon: f64, shop_lat: f64, sectors: u32, seed: u64) {
    let radii = [150.0, 300.0, 450.0, 600.0, 1000.0];
    let scheme = SectorScheme::new(sectors).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let centre = Point::new(shop_lon, shop_lat);
    let mut members = vec![member(shop_lon, shop_lat)];
    for _ in 0..20_000 {
        let p = Geodesic.destination(
            centre,
            rng.random_range(0.0..360.0),
            rng.random_range(0.0..1500.0),
        );
        members.push(member(p.x(), p.y()));
    }
    // Within a metre (but at least a millimetre) of each ring boundary, both sides.
    for r in radii {
        for _ in 0..400 {
            let delta =
                rng.random_range(0.001..1.0) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
            let p = Geodesic.destination(centre, rng.random_range(0.0..360.0), r + delta);
            members.push(member(p.x(), p.y()));
        }
    }
    // Within a metre of each sector edge, at ring distances.
    let width = 360.0 / f64::from(sectors);
    for i in 0..sectors {
        let edge = f64::from(i) * width - width / 2.0;
        for _ in 0..100 {
            let d: f64 = rng.random_range(5.0..1200.0);
            let off_m: f64 =
                rng.random_range(0.001..1.0) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
            let p = Geodesic.destination(
                centre,
                (edge + (off_m / d).to_degrees()).rem_euclid(360.0),
                d,
            );
            members.push(member(p.x(), p.y()));
        }
    }
    let n_rings = radii.len();
    let mut expected_cells = vec![0u64; n_rings * sectors as usize];
    let mut expected_rings = vec![0u64; n_rings + 1];
    for m in &members {
        let (d, az) = vincenty(
            shop_lat,
            shop_lon,
            m.position.lat_deg(),
            m.position.lon_deg(),
        );
        let ring = radii.iter().position(|r| d <= *r).unwrap_or(n_rings);
        expected_rings[ring] += 1;
        if ring < n_rings {
            let sector = (((az + width / 2.0) / width).floor() as i64)
                .rem_euclid(i64::from(sectors)) as usize;
            expected_cells[ring * sectors as usize + sector] += 1;
        }
    }
    let set = MemberSet::new(members, None, &SegmentRules::default());
    let shop = Shop {
        name: "oracle".into(),
        kind: ShopKind::Own,
        position: LonLat::new(shop_lon, shop_lat).unwrap(),
        address: None,
        category: None,
    };
    let report = ring_report(&set, &shop, &RingPlan::new(radii.to_vec(), scheme).unwrap());
    let got_rings: Vec<u64> = report.rings.iter().map(|r| r.tally.members).collect();
    assert_eq!(
        got_rings, expected_rings,
        "ring counts at {shop_lat},{shop_lon}"
    );
    assert_eq!(report.rings.last().unwrap().ring, RingLabel::Outside);
    let got_cells: Vec<u64> = report.cells.iter().map(|c| c.tally.members).collect();
    assert_eq!(
        got_cells, expected_cells,
        "cell counts at {shop_lat},{shop_lon}"
    );
}

#[test]
fn helsinki_eight_sectors() {
    check(24.9440, 60.1703, 8, 1);
}

#[test]
fn shanghai_sixteen_sectors() {
    check(121.4737, 31.2304, 16, 2);
}

#[test]
fn near_equator_and_antimeridian_four_sectors() {
    check(179.9995, -0.0005, 4, 3);
}

#[test]
fn far_north_eight_sectors() {
    check(18.9553, 69.6496, 8, 4);
}
