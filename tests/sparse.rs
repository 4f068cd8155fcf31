//! Sparse areas against planted truth: a synthetic town of homes on a 20 m grid around a
//! shop, members drawn per home from a known distance decay, with a hole behind a railway
//! (north), a hole around a competitor (south-east) and a park with a handful of homes
//! (south-west). The report must flag the two holes with the right reason, leave the park
//! alone, and on members drawn from the fitted model with no holes flag under 5 % of cells.

use catchment::analysis::MemberSet;
use catchment::analysis::competition::competition_report;
use catchment::analysis::rings::RingPlan;
use catchment::analysis::segments::SegmentRules;
use catchment::analysis::sparse::{
    Grid, Reason, SparseInput, SparseReport, SparseRules, TargetReason, TargetRule,
    campaign_targets, leaflet_plans, sparse_report,
};
use catchment::coord::LonLat;
use catchment::model::VisitHistory;
use catchment::model::{Member, Shop, ShopKind};
use catchment::osm::{
    Area, Basemap, DwellingEstimate, Home, HomeKind, LineClass, MapLine, OsmAddress, RailClass,
    RoadClass, Street,
};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SHOP: (f64, f64) = (24.94, 60.17);
const M_PER_DEG_LAT: f64 = 111_412.0;

fn m_per_deg_lon() -> f64 {
    111_412.0 * SHOP.1.to_radians().cos()
}

/// A point `x` m east and `y` m north of the shop.
fn at(x: f64, y: f64) -> LonLat {
    LonLat::new(SHOP.0 + x / m_per_deg_lon(), SHOP.1 + y / M_PER_DEG_LAT).unwrap()
}

fn bearing_of(x: f64, y: f64) -> f64 {
    x.atan2(y).to_degrees().rem_euclid(360.0)
}

/// Competitor position: 750 m at bearing 135°.
fn competitor_xy() -> (f64, f64) {
    let b = 135f64.to_radians();
    (750.0 * b.sin(), 750.0 * b.cos())
}

/// Railway: y = 420 m, from x = −220 to 220 m.
fn behind_railway(x: f64, y: f64) -> bool {
    // The segment shop → (x, y) crosses y = 420 within |x| ≤ 220.
    y > 420.0 && (x * 420.0 / y).abs() <= 220.0
}

fn in_competitor_hole(x: f64, y: f64) -> bool {
    let (cx, cy) = competitor_xy();
    let dc = (x - cx).hypot(y - cy);
    dc <= 400.0 && dc < x.hypot(y)
}

fn in_park(x: f64, y: f64) -> bool {
    let b = bearing_of(x, y);
    x.hypot(y) > 450.0 && (202.5..247.5).contains(&b)
}

/// Homes on a 20 m grid within 1100 m; in the park only four. Addresses on east–west
/// streets every 100 m named `Katu N`.
fn town() -> Area {
    let mut area = Area::default();
    let mut park_homes = 0;
    let step = 20.0;
    let n = (1100.0 / step) as i32;
    for i in -n..=n {
        for j in -n..=n {
            let (x, y) = (f64::from(i) * step + 7.0, f64::from(j) * step + 3.0);
            if x.hypot(y) > 1100.0 {
                continue;
            }
            if in_park(x, y) {
                park_homes += 1;
                if park_homes % 150 != 0 || park_homes > 600 {
                    continue;
                }
            }
            let p = at(x, y);
            let street = format!("Katu {}", (y / 100.0).round() as i32);
            area.addresses.push(OsmAddress {
                street,
                housenumber: format!("{}", i + n + 1),
                postcode: None,
                city: None,
                lon: p.lon_deg(),
                lat: p.lat_deg(),
                filled: Default::default(),
                element: Default::default(),
            });
            area.homes.push(Home {
                position: p,
                kind: HomeKind::AddressPoint,
                dwellings: 1,
                estimate: DwellingEstimate::Address,
            });
        }
    }
    for k in -11..=11 {
        let y = 100.0 * f64::from(k);
        area.streets.push(Street {
            names: vec![format!("Katu {k}")],
            class: RoadClass::Residential,
            lines: vec![vec![at(-1100.0, y), at(1100.0, y)]],
        });
    }
    area.basemap = Basemap {
        lines: vec![MapLine {
            class: LineClass::Railway(RailClass::Rail),
            name: Some("Rantarata".into()),
            points: vec![at(-220.0, 420.0), at(0.0, 420.0), at(220.0, 420.0)],
        }],
        areas: vec![],
    };
    area
}

fn shops() -> (Shop, Vec<Shop>) {
    let shop = Shop {
        name: "Salon".into(),
        kind: ShopKind::Own,
        position: LonLat::new(SHOP.0, SHOP.1).unwrap(),
        address: None,
        category: Some("beauty".into()),
    };
    let (cx, cy) = competitor_xy();
    let rival = Shop {
        name: "Rival".into(),
        kind: ShopKind::Competitor,
        position: at(cx, cy),
        address: None,
        category: Some("beauty".into()),
    };
    (shop, vec![rival])
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Knuth's Poisson sampler (λ is small per home).
fn poisson(rng: &mut ChaCha8Rng, lambda: f64) -> u32 {
    let limit = (-lambda).exp();
    let (mut k, mut p) = (0, 1.0);
    loop {
        p *= rng.random::<f64>();
        if p <= limit {
            return k;
        }
        k += 1;
    }
}

/// Members per home from `penetration(distance)`, kept with probability `keep(x, y)`;
/// every fourth member is dormant.
fn members(
    area: &Area,
    seed: u64,
    penetration: impl Fn(f64) -> f64,
    keep: impl Fn(f64, f64) -> f64,
) -> MemberSet {
    members_placed(area, seed, penetration, keep, |_, _| false)
}

/// As [`members`], with `street_level(x, y)` marking members placed only on their street.
fn members_placed(
    area: &Area,
    seed: u64,
    penetration: impl Fn(f64) -> f64,
    keep: impl Fn(f64, f64) -> f64,
    street_level: impl Fn(f64, f64) -> bool,
) -> MemberSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for h in &area.homes {
        let x = (h.position.lon_deg() - SHOP.0) * m_per_deg_lon();
        let y = (h.position.lat_deg() - SHOP.1) * M_PER_DEG_LAT;
        let k = poisson(&mut rng, penetration(x.hypot(y)));
        for _ in 0..k {
            if rng.random::<f64>() >= keep(x, y) {
                continue;
            }
            let dormant = out.len() % 4 == 0;
            out.push(Member {
                id: format!("M{:05}", out.len()),
                position: h.position,
                home_shop: None,
                history: VisitHistory {
                    visits: Some(3),
                    spend_cents: None,
                    first_visit: Some(date("2025-01-01")),
                    last_visit: Some(date(if dormant { "2026-01-01" } else { "2026-10-01" })),
                },
                tier: None,
                street_level: street_level(x, y),
            });
        }
    }
    MemberSet::new(out, Some(date("2026-10-31")), &SegmentRules::default())
}

fn planted_penetration(d_m: f64) -> f64 {
    0.8 * (-d_m / 500.0).exp()
}

fn report(set: &MemberSet, area: &Area) -> SparseReport {
    let (shop, others) = shops();
    sparse_report(&SparseInput {
        members: set,
        shop: &shop,
        others: &others,
        area,
        grid: &Grid::Rings(RingPlan::default()),
        rules: &SparseRules::default(),
        unplaced_members: 0,
    })
    .unwrap()
}

fn planted(area: &Area, seed: u64) -> MemberSet {
    members(area, seed, planted_penetration, |x, y| {
        if behind_railway(x, y) || in_competitor_hole(x, y) {
            0.1
        } else {
            1.0
        }
    })
}

#[test]
fn finds_the_holes_with_their_reasons_and_leaves_the_park_alone() {
    let area = town();
    let set = planted(&area, 1);
    let r = report(&set, &area);
    let cell = |name: &str| r.cells.iter().find(|c| c.cell == name).unwrap();
    let flagged: Vec<&str> = r.ranked().iter().map(|c| c.cell.as_str()).collect();

    for name in ["4-N", "5-N"] {
        let c = cell(name);
        assert!(c.sparse, "{name} not flagged: {c:?}");
        assert!(c.reasons.contains(&Reason::Barrier), "{name}: {c:?}");
        assert!(!c.reasons.contains(&Reason::Competitor), "{name}: {c:?}");
        assert_eq!(c.evidence.barriers[0].barrier, "Rantarata (railway)");
    }
    for name in ["4-SE", "5-SE"] {
        let c = cell(name);
        assert!(c.sparse, "{name} not flagged: {c:?}");
        assert!(c.reasons.contains(&Reason::Competitor), "{name}: {c:?}");
        assert!(!c.reasons.contains(&Reason::Barrier), "{name}: {c:?}");
        assert_eq!(c.evidence.competitors[0].name, "Rival");
    }
    assert!(cell("5-SE").evidence.competitors[0].in_cell);
    for name in ["4-SW", "5-SW"] {
        let c = cell(name);
        assert!(!c.sparse, "{name} flagged: {c:?}");
        assert_eq!(c.reasons, [Reason::FewHomes], "{name}");
    }
    // Every flagged cell holds a planted hole (the competitor's reaches into 3-SE and 4-E),
    // and carries the reason of the hole it holds.
    for name in &flagged {
        let c = cell(name);
        let (mut rail, mut rival, mut all) = (0.0, 0.0, 0.0);
        for &i in &c.home_indices {
            let h = &area.homes[i as usize];
            let x = (h.position.lon_deg() - SHOP.0) * m_per_deg_lon();
            let y = (h.position.lat_deg() - SHOP.1) * M_PER_DEG_LAT;
            all += 1.0;
            rail += f64::from(u8::from(behind_railway(x, y)));
            rival += f64::from(u8::from(in_competitor_hole(x, y)));
        }
        assert!(
            rail / all > 0.1 || rival / all > 0.1,
            "{name} flagged without a hole ({rail}/{rival}/{all}): {:?}",
            c.evidence
        );
        if rail / all > 0.5 {
            assert!(c.reasons.contains(&Reason::Barrier), "{name}: {c:?}");
        }
        if rival / all > 0.5 {
            assert!(c.reasons.contains(&Reason::Competitor), "{name}: {c:?}");
        }
    }
    // The fit sees through the holes: the planted decay is 2 per km, 0.8 at the door.
    let model = r.model.as_ref().expect("a model");
    assert!((model.decay_per_km - 2.0).abs() < 0.3, "decay {model:?}");

    // Leaflets: the biggest hole's streets, walkable, with all its homes.
    let plans = leaflet_plans(&r, &area);
    assert_eq!(plans.len(), flagged.len());
    let top = &plans[0];
    let top_cell = cell(&top.cell);
    assert_eq!(top.route.homes, top_cell.homes);
    assert!(
        top.route
            .streets
            .iter()
            .all(|s| s.street.starts_with("Katu "))
    );
    // Streets run east–west every 100 m: a walk visits them in order of distance.
    let ks: Vec<i32> = top
        .route
        .streets
        .iter()
        .map(|s| s.street[5..].parse().unwrap())
        .collect();
    assert!(
        ks.windows(2).all(|w| (w[1] - w[0]).abs() <= 2),
        "not walkable: {ks:?}"
    );

    // Campaign lists: dormant members only from sparse cells; at-risk members below the
    // share threshold; ranked, both reasons first; cut to the limit.
    let (_, others) = shops();
    let rule = |limit| TargetRule {
        huff_exponent: 2.0,
        below_median: 0.5,
        limit,
    };
    let all = campaign_targets(&r, &set, &others, &rule(usize::MAX));
    assert!(!all.targets.is_empty());
    assert!(
        all.at_risk > 0 && all.at_risk < all.considered,
        "{}",
        all.at_risk
    );
    for (i, t) in all.targets.iter().enumerate() {
        assert_eq!(t.rank, i + 1);
        let c = cell(&t.cell);
        if t.reasons.contains(&TargetReason::Dormant) {
            assert!(c.sparse, "{t:?}");
        }
        if t.reasons.contains(&TargetReason::AtRisk) {
            assert!(t.huff_share < all.at_risk_below, "{t:?}");
            assert!(t.detail.starts_with("Rival"), "{t:?}");
        }
    }
    let both = |t: &catchment::analysis::sparse::Target| t.reasons.len() == 2;
    let first_single = all.targets.iter().position(|t| !both(t));
    assert!(first_single.is_none_or(|i| all.targets[i..].iter().all(|t| !both(t))));
    let short = campaign_targets(&r, &set, &others, &rule(5));
    assert_eq!(short.targets.len(), 5.min(all.targets.len()));
    assert_eq!(short.targets[..], all.targets[..short.targets.len()]);
}

#[test]
fn members_drawn_from_the_fitted_model_flag_under_five_percent_of_cells() {
    let area = town();
    let fitted = report(&planted(&area, 1), &area).model.expect("a model");
    let (mut flagged, mut tested, mut cells) = (0u64, 0u64, 0u64);
    for seed in 100..130 {
        let set = members(&area, seed, |d| fitted.penetration(d), |_, _| 1.0);
        let r = report(&set, &area);
        flagged += r.sparse_cells;
        tested += r.tested_cells;
        cells += r.cells.len() as u64;
    }
    let rate = flagged as f64 / cells as f64;
    eprintln!("null: {flagged} flagged of {cells} cells ({tested} tested), rate {rate:.4}");
    assert!(rate < 0.05, "{flagged} of {cells} cells flagged");
    // The flag rate per tested cell is about α or below (the Poisson test is discrete).
    assert!(
        (flagged as f64) < 0.03 * tested as f64,
        "{flagged} of {tested}"
    );
}

#[test]
fn hexagon_grid_finds_the_railway_hole_too() {
    let area = town();
    let set = planted(&area, 2);
    let (shop, others) = shops();
    let r = sparse_report(&SparseInput {
        members: &set,
        shop: &shop,
        others: &others,
        area: &area,
        grid: &Grid::parse("h3:9", RingPlan::default()).unwrap(),
        rules: &SparseRules::default(),
        unplaced_members: 0,
    })
    .unwrap();
    assert_eq!(r.grid, "h3:9");
    let behind: Vec<_> = r
        .ranked()
        .into_iter()
        .filter(|c| c.reasons.contains(&Reason::Barrier))
        .collect();
    assert!(!behind.is_empty(), "no hexagon behind the railway flagged");
    let total: u64 = r.cells.iter().map(|c| c.members).sum();
    assert_eq!(total, r.members_in_range);
}

#[test]
fn competition_counts_members_nearer_the_rival() {
    let area = town();
    let set = planted(&area, 3);
    let (shop, others) = shops();
    let c = competition_report(&set, &shop, &others, &area, &RingPlan::default());
    assert_eq!(c.competitors.len(), 1);
    let row = &c.competitors[0];
    assert!((row.distance_m - 750.0).abs() < 5.0, "{}", row.distance_m);
    // Brute force: members nearer the rival than the shop.
    let rival = others[0].position;
    let want = (0..set.len() as u32)
        .filter(|&s| {
            let p = set.position_of(s);
            catchment::geodesy::distance_m(rival, p)
                < catchment::geodesy::distance_m(shop.position, p)
        })
        .count() as u64;
    assert_eq!(row.members_nearer, want);
    let huff = c.huff.unwrap();
    assert!(huff.fitted_exponent > 0.0 && huff.fitted_exponent < 6.0);
    assert_eq!(c.huff_cells.len(), 40);
}

#[test]
fn the_holes_are_found_whatever_the_seed() {
    let area = town();
    for seed in 2..=6 {
        let r = report(&planted(&area, seed), &area);
        let cell = |name: &str| r.cells.iter().find(|c| c.cell == name).unwrap();
        for (name, reason) in [
            ("4-N", Reason::Barrier),
            ("5-N", Reason::Barrier),
            ("4-SE", Reason::Competitor),
            ("5-SE", Reason::Competitor),
        ] {
            let c = cell(name);
            assert!(
                c.sparse && c.reasons.contains(&reason),
                "seed {seed} {name}: {c:?}"
            );
        }
        for name in ["4-SW", "5-SW"] {
            assert!(!cell(name).sparse, "seed {seed} {name}");
        }
        assert!(r.sparse_cells <= 8, "seed {seed}: {:?}", r.ranked());
    }
}

#[test]
fn street_level_members_or_unplaced_ones_make_a_cell_uncertain() {
    let area = town();
    let keep = |x: f64, y: f64| {
        if behind_railway(x, y) || in_competitor_hole(x, y) {
            0.1
        } else {
            1.0
        }
    };
    // Every other member to the north placed only on its street.
    let set = members_placed(&area, 1, planted_penetration, keep, |x, y| {
        let b = bearing_of(x, y);
        !(22.5..337.5).contains(&b) && (x * 1000.0).round() as i64 % 2 == 0
    });
    let r = report(&set, &area);
    let north = r.cells.iter().find(|c| c.cell == "5-N").unwrap();
    assert!(north.reasons.contains(&Reason::Uncertain), "{north:?}");
    let se = r.cells.iter().find(|c| c.cell == "5-SE").unwrap();
    assert!(!se.reasons.contains(&Reason::Uncertain), "{se:?}");

    // Half the member list could not be placed: every shortfall is uncertain.
    let set = planted(&area, 1);
    let (shop, others) = shops();
    let r = sparse_report(&SparseInput {
        members: &set,
        shop: &shop,
        others: &others,
        area: &area,
        grid: &Grid::Rings(RingPlan::default()),
        rules: &SparseRules::default(),
        unplaced_members: set.len() as u64,
    })
    .unwrap();
    assert!(r.sparse_cells > 0);
    assert!(
        r.ranked()
            .iter()
            .all(|c| c.reasons.contains(&Reason::Uncertain))
    );
}

#[test]
fn cells_beyond_the_loaded_data_are_no_data_never_sparse() {
    // The town's homes go on, but the extract declares its east side 500 m from the shop
    // and no member east of it could be placed: the east cells lack members because the
    // data ends, not because the shop draws none from there.
    let mut area = town();
    let set = members(&area, 3, planted_penetration, |x, _| {
        if x > 500.0 { 0.0 } else { 1.0 }
    });
    let without_edge = report(&set, &area);
    let east = |r: &SparseReport, name: &str| r.cells.iter().find(|c| c.cell == name).cloned();
    assert!(
        east(&without_edge, "5-E").unwrap().sparse,
        "without an edge the empty east reads as sparse"
    );
    assert!(without_edge.coverage.is_none());

    area.declared_bounds = Some((at(-1200.0, -1200.0), at(500.0, 1200.0)));
    let r = report(&set, &area);
    let coverage = r.coverage.as_ref().expect("coverage");
    assert!(coverage.data_ends && coverage.shop_inside);
    assert!(
        (coverage.edge_distance_m - 500.0).abs() < 5.0,
        "{coverage:?}"
    );
    for name in ["5-E", "5-NE", "5-SE", "4-E"] {
        let c = east(&r, name).unwrap();
        let share = c.area_coverage.unwrap();
        assert!(share < 0.5, "{name}: {share}");
        assert!(!c.sparse && !c.tested, "{name}: {c:?}");
        assert_eq!(c.reasons, [Reason::NoData], "{name}");
        assert!(coverage.no_data_cells.contains(&c.cell), "{name}");
    }
    // Cells wholly inside are tested as before; the west is untouched.
    for c in r.cells.iter().filter(|c| c.sector == "W") {
        assert_eq!(c.area_coverage, Some(1.0), "{}", c.cell);
        assert!(!c.reasons.contains(&Reason::NoData));
    }
    assert!(
        r.cells
            .iter()
            .filter(|c| c.sparse)
            .all(|c| c.area_coverage >= Some(0.5))
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("the loaded map data ends ")
                && n.contains("4-E")
                && n.contains("never sparse")),
        "{:?}",
        r.notes
    );
}

/// Members that come in clumps — households, friends, a street where the shop is known —
/// at homes whose penetration also varies from block to block (150 m squares): far more
/// varied cell counts than Poisson, with no hole anywhere, unless `keep(x, y)` makes one.
fn clustered(
    area: &Area,
    seed: u64,
    penetration: impl Fn(f64) -> f64,
    keep: impl Fn(f64, f64) -> f64,
) -> MemberSet {
    const CLUMP_MEAN: f64 = 6.0;
    const BLOCK_M: f64 = 150.0;
    const SIGMA: f64 = 0.3;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut blocks: std::collections::HashMap<(i64, i64), f64> = Default::default();
    let mut out = Vec::new();
    for h in &area.homes {
        let x = (h.position.lon_deg() - SHOP.0) * m_per_deg_lon();
        let y = (h.position.lat_deg() - SHOP.1) * M_PER_DEG_LAT;
        let block = ((x / BLOCK_M).floor() as i64, (y / BLOCK_M).floor() as i64);
        let factor = *blocks.entry(block).or_insert_with(|| {
            // Log-normal with mean 1 (Box–Muller).
            let (u, v): (f64, f64) = (rng.random(), rng.random());
            let z = (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos();
            (SIGMA * z - SIGMA * SIGMA / 2.0).exp()
        });
        let clumps = poisson(&mut rng, penetration(x.hypot(y)) * factor / CLUMP_MEAN);
        for _ in 0..clumps {
            if rng.random::<f64>() >= keep(x, y) {
                continue;
            }
            for _ in 0..1 + poisson(&mut rng, CLUMP_MEAN - 1.0) {
                out.push(Member {
                    id: format!("M{:06}", out.len()),
                    position: h.position,
                    home_shop: None,
                    history: VisitHistory {
                        visits: Some(3),
                        spend_cents: None,
                        first_visit: Some(date("2025-01-01")),
                        last_visit: Some(date("2026-10-01")),
                    },
                    tier: None,
                    street_level: false,
                });
            }
        }
    }
    MemberSet::new(out, Some(date("2026-10-31")), &SegmentRules::default())
}

fn clustered_penetration(d_m: f64) -> f64 {
    2.0 * (-d_m / 500.0).exp()
}

/// Cells a plain Poisson test would flag: P(X ≤ k; λ) < α and k ≤ (1 − shortfall) λ.
fn poisson_flags(r: &SparseReport) -> usize {
    let rules = SparseRules::default();
    r.cells
        .iter()
        .filter(|c| c.tested)
        .filter(|c| {
            catchment::analysis::sparse::poisson_cdf(c.members, c.expected) < rules.alpha
                && (c.members as f64) <= (1.0 - rules.min_shortfall) * c.expected
        })
        .count()
}

fn assert_expected_adds_up(r: &SparseReport) {
    let expected: f64 = r.cells.iter().map(|c| c.expected).sum();
    let counted: u64 = r.cells.iter().map(|c| c.members).sum();
    assert_eq!(counted, r.members_in_range);
    assert!(
        (expected - counted as f64).abs() < 1e-6 * counted as f64,
        "expected {expected} vs counted {counted}"
    );
}

#[test]
fn clustered_members_without_a_gap_flag_nothing_a_true_gap_still_flags() {
    let area = town();
    let (mut nb_flags, mut poisson_would, mut tested) = (0, 0, 0);
    for seed in 40..60 {
        let r = report(
            &clustered(&area, seed, clustered_penetration, |_, _| 1.0),
            &area,
        );
        let phi = r.dispersion.expect("a dispersion");
        assert!(phi > 3.0, "seed {seed}: not over-dispersed: {phi}");
        assert!(r.variance_factor.is_some_and(|v| v > phi));
        assert_expected_adds_up(&r);
        assert!(r.sparse_cells <= 1, "seed {seed}: {:?}", r.ranked());
        eprintln!(
            "seed {seed}: φ {phi:.1}, {} flagged, Poisson would flag {}",
            r.sparse_cells,
            poisson_flags(&r)
        );
        nb_flags += r.sparse_cells;
        poisson_would += poisson_flags(&r) as u64;
        tested += r.tested_cells;
    }
    // The Poisson test takes clustering for gaps (~20 % of the tested cells); this one
    // flags about α of them (φ is estimated from some 16 cells, so a little more).
    eprintln!("{nb_flags} flagged, Poisson {poisson_would}, of {tested} tested");
    assert!(
        poisson_would * 100 > 10 * tested,
        "{poisson_would} of {tested}"
    );
    assert!(nb_flags * 100 < 2 * tested, "{nb_flags} of {tested}");
    assert!(
        nb_flags * 10 < poisson_would,
        "{nb_flags} vs {poisson_would}"
    );

    // The same clustered town with nobody at all in cell 5-E (hundreds expected there).
    let empty_east = |x: f64, y: f64| {
        let b = bearing_of(x, y);
        let d = x.hypot(y);
        if (67.5..112.5).contains(&b) && d > 600.0 && d <= 1000.0 {
            0.0
        } else {
            1.0
        }
    };
    for seed in 40..43 {
        let r = report(
            &clustered(&area, seed, clustered_penetration, empty_east),
            &area,
        );
        let east = r.cells.iter().find(|c| c.cell == "5-E").unwrap();
        assert_eq!(east.members, 0);
        assert!(east.expected > 150.0, "{east:?}");
        assert!(
            east.sparse,
            "seed {seed}: the empty cell is not flagged: {east:?}"
        );
        assert!(east.q_value.is_some_and(|q| q < 0.01), "{east:?}");
        assert!(r.sparse_cells <= 2, "seed {seed}: {:?}", r.ranked());
        assert_expected_adds_up(&r);
    }
}

#[test]
fn expected_members_add_up_to_the_members_counted() {
    let area = town();
    // With holes (the second pass fits without them) and without.
    for set in [
        planted(&area, 1),
        members(&area, 9, planted_penetration, |_, _| 1.0),
    ] {
        let r = report(&set, &area);
        assert!(r.model.is_some());
        assert_expected_adds_up(&r);
        let model = r.model.unwrap();
        assert!(model.decay_per_km > 0.0 && model.decay_distance_m > 0.0);
    }
}

#[test]
fn members_not_drawn_from_around_the_shop_give_no_model_and_no_flags() {
    let area = town();
    // Penetration rising away from the shop (a chain's members counted at every shop, or
    // members of another town): the decay would be negative. Refused: no model, nothing
    // tested, nothing flagged, and the report says why.
    let set = members(&area, 5, |d| 0.05 * (d / 400.0).exp(), |_, _| 1.0);
    assert!(set.len() > 1000);
    let r = report(&set, &area);
    assert!(r.model.is_none(), "{:?}", r.model);
    let why = r.no_model.as_deref().unwrap_or_default();
    assert!(why.contains("no nearer than the dwellings"), "{why}");
    assert!(r.model_text.starts_with("no model: "), "{}", r.model_text);
    assert_eq!((r.sparse_cells, r.tested_cells), (0, 0));
    assert!(r.cells.iter().all(|c| !c.sparse && c.p_value.is_none()));
    assert_eq!(
        r.cells.iter().map(|c| c.members).sum::<u64>(),
        r.members_in_range
    );

    // Homes only on a strip east of the shop, within two cells: too few cells to measure
    // clustering on; nothing flagged.
    let mut few = town();
    few.homes.retain(|h| {
        let x = (h.position.lon_deg() - SHOP.0) * m_per_deg_lon();
        let y = (h.position.lat_deg() - SHOP.1) * M_PER_DEG_LAT;
        x > 0.0 && x < 290.0 && y.abs() < 40.0
    });
    let r = report(&members(&few, 1, planted_penetration, |_, _| 1.0), &few);
    assert!(r.model.is_none());
    assert!(
        r.no_model
            .as_deref()
            .unwrap_or_default()
            .contains("too few"),
        "{:?}",
        r.no_model
    );
    assert_eq!(r.sparse_cells, 0);
}
