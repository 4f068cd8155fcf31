//! Which shops a report covers, adding a shop (with a warning when it lies outside the
//! loaded area), and competitors found among the loaded area's shops.

use super::AppError;
use crate::coord::LonLat;
use crate::geodesy::distance_m;
use crate::model::{Shop, ShopKind, ShopWarning};
use crate::osm::DataEdge;
use crate::workspace::Workspace;
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Which shops a request covers when it names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShopDefault {
    /// The only own shop ([`AppError::SeveralOwnShops`] when there are several).
    TheOnlyOwnShop,
    /// Every own shop.
    EveryOwnShop,
    /// Every competitor.
    EveryCompetitor,
}

/// The shops a request works on: the one called `name`, else per `default`.
///
/// # Errors
/// [`AppError::UnknownShop`], [`AppError::SeveralOwnShops`], [`AppError::NoOwnShop`] or
/// [`AppError::NoCompetitors`].
pub fn select_shops(
    all: &[Shop],
    name: Option<&str>,
    default: ShopDefault,
) -> Result<Vec<Shop>, AppError> {
    let names = |shops: &[&Shop]| {
        shops
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = name {
        return find_shop(all, name).map(|s| vec![s.clone()]);
    }
    let of_kind = |kind| all.iter().filter(|s| s.kind == kind).collect::<Vec<_>>();
    let own = of_kind(ShopKind::Own);
    let chosen = match default {
        ShopDefault::EveryCompetitor => of_kind(ShopKind::Competitor),
        ShopDefault::EveryOwnShop => own,
        ShopDefault::TheOnlyOwnShop if own.len() > 1 => {
            return Err(AppError::SeveralOwnShops { names: names(&own) });
        }
        ShopDefault::TheOnlyOwnShop => own,
    };
    if chosen.is_empty() {
        return Err(match default {
            ShopDefault::EveryCompetitor => AppError::NoCompetitors,
            _ => AppError::NoOwnShop,
        });
    }
    Ok(chosen.into_iter().cloned().collect())
}

/// A name as people type it: Unicode width and case folded, spaces trimmed and collapsed,
/// so `ＡＵＲＯＲＡ  salon` finds `Aurora Salon`.
fn folded(name: &str) -> String {
    name.nfkc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shop called `name`: exactly, else the one whose folded name matches.
///
/// # Errors
/// [`AppError::UnknownShop`], suggesting the nearest name when one is close.
pub fn find_shop<'a>(all: &'a [Shop], name: &str) -> Result<&'a Shop, AppError> {
    if let Some(s) = all.iter().find(|s| s.name == name) {
        return Ok(s);
    }
    let wanted = folded(name);
    let same: Vec<&Shop> = all.iter().filter(|s| folded(&s.name) == wanted).collect();
    if let [one] = same.as_slice() {
        return Ok(one);
    }
    let nearest = all
        .iter()
        .map(|s| {
            (
                strsim::normalized_damerau_levenshtein(&folded(&s.name), &wanted),
                s,
            )
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    Err(AppError::UnknownShop {
        name: name.to_string(),
        known: match nearest {
            Some((_, s)) => format!("did you mean '{}'?", s.name),
            None => format!(
                "shops: {}",
                all.iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    })
}

/// What to warn about a shop at its position, given where the loaded data ends (nothing
/// without an area, or inside it).
pub fn shop_warnings(edge: Option<&DataEdge>, shop: &Shop) -> Vec<ShopWarning> {
    let Some(edge) = edge else {
        return Vec::new();
    };
    let p = shop.position;
    if edge.contains(p) {
        return Vec::new();
    }
    let swapped = LonLat::new(p.lat_deg(), p.lon_deg()).is_ok_and(|q| edge.contains(q));
    vec![if swapped {
        ShopWarning::Swapped {
            shop: shop.name.clone(),
            lat: p.lat_deg(),
            lon: p.lon_deg(),
        }
    } else {
        ShopWarning::OutsideArea {
            shop: shop.name.clone(),
            distance_m: edge.distance_outside_m(p),
        }
    }]
}

/// A shop as stored, and what to warn about its position.
#[derive(Debug, Clone)]
pub struct ShopAdded {
    /// The shop, its name trimmed.
    pub shop: Shop,
    /// Warnings about its position (see [`shop_warnings`]).
    pub warnings: Vec<ShopWarning>,
}

/// Adds a shop or competitor, its name trimmed, warning when it lies outside the loaded
/// area (or looks as if latitude and longitude were swapped).
///
/// # Errors
/// [`AppError::EmptyShopName`]; as [`Workspace::add_shop`] (a name already taken).
pub fn add_shop(ws: &mut Workspace, shop: Shop) -> Result<ShopAdded, AppError> {
    let name = shop.name.trim().to_string();
    if name.is_empty() {
        return Err(AppError::EmptyShopName);
    }
    let shop = Shop { name, ..shop };
    ws.add_shop(&shop)?;
    let warnings = shop_warnings(ws.area_edge()?.as_ref(), &shop);
    Ok(ShopAdded { shop, warnings })
}

/// An own shop by name, or the only own shop.
///
/// # Errors
/// As [`select_shops`], and [`AppError::NotOwnShop`] for a competitor.
pub fn own_shop(all: &[Shop], name: Option<&str>) -> Result<Shop, AppError> {
    let shop = select_shops(all, name, ShopDefault::TheOnlyOwnShop)?.remove(0);
    if shop.kind != ShopKind::Own {
        return Err(AppError::NotOwnShop { name: shop.name });
    }
    Ok(shop)
}

/// What competitor discovery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Discovery {
    /// Competitors added.
    pub added: usize,
    /// Shops of those categories already in the workspace under the same name.
    pub known: usize,
}

/// Adds the loaded area's shops of `categories` (OSM `shop`/`amenity` values, any case)
/// within `within_m` metres of an own shop as competitors; names already in the workspace
/// are left alone, and a shop at an own shop's very position is that shop.
///
/// # Units
/// `within_m` in metres (geodesic).
///
/// # Errors
/// [`AppError::NoArea`], [`AppError::NoOwnShop`], or when the workspace fails.
pub fn discover_competitors(
    ws: &mut Workspace,
    categories: &[String],
    within_m: f64,
) -> Result<Discovery, AppError> {
    let area = ws.load_area()?.ok_or(AppError::NoArea {
        needed_for: "competitors are found among its shops",
    })?;
    let shops = ws.shops()?;
    let own: Vec<&Shop> = shops.iter().filter(|s| s.kind == ShopKind::Own).collect();
    if own.is_empty() {
        return Err(AppError::NoOwnShop);
    }
    let wanted: Vec<String> = categories.iter().map(|c| c.trim().to_lowercase()).collect();
    let mut names: HashSet<String> = shops.iter().map(|s| s.name.clone()).collect();
    let mut found = Discovery::default();
    for poi in &area.pois {
        if !wanted.contains(&poi.category.to_lowercase()) {
            continue;
        }
        let Ok(position) = LonLat::new(poi.lon, poi.lat) else {
            continue;
        };
        if !own
            .iter()
            .any(|s| distance_m(s.position, position) <= within_m)
            || own.iter().any(|s| s.position == position)
        {
            continue;
        }
        if !names.insert(poi.name.clone()) {
            found.known += 1;
            continue;
        }
        ws.add_shop(&Shop {
            name: poi.name.clone(),
            kind: ShopKind::Competitor,
            position,
            address: poi.address.clone(),
            category: Some(poi.category.clone()),
        })?;
        found.added += 1;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(name: &str, kind: ShopKind) -> Shop {
        Shop {
            name: name.into(),
            kind,
            position: LonLat::new(24.94, 60.17).unwrap(),
            address: None,
            category: None,
        }
    }

    #[test]
    fn names_are_found_whatever_the_case_width_and_spacing() {
        let all = [
            shop("Kauneushuone Aurora", ShopKind::Own),
            shop("美容院 二号店", ShopKind::Own),
            shop("Salon Valo", ShopKind::Competitor),
        ];
        for typed in [
            "Kauneushuone Aurora",
            "kauneushuone  AURORA ",
            "ＫＡＵＮＥＵＳＨＵＯＮＥ aurora",
        ] {
            assert_eq!(
                find_shop(&all, typed).unwrap().name,
                "Kauneushuone Aurora",
                "{typed}"
            );
        }
        assert_eq!(
            find_shop(&all, "美容院　二号店").unwrap().name,
            "美容院 二号店"
        );
        let e = find_shop(&all, "Kauneushuone Auora")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean 'Kauneushuone Aurora'?"), "{e}");
        let e = find_shop(&all, "Nowhere at all").unwrap_err().to_string();
        assert!(
            e.contains("shops: Kauneushuone Aurora, 美容院 二号店, Salon Valo"),
            "{e}"
        );
    }

    #[test]
    fn a_shop_needs_a_name() {
        let mut ws = Workspace::in_memory().unwrap();
        let e = add_shop(&mut ws, shop("   ", ShopKind::Own)).unwrap_err();
        assert!(matches!(e, AppError::EmptyShopName));
        let added = add_shop(&mut ws, shop("  Aurora ", ShopKind::Own)).unwrap();
        assert_eq!(added.shop.name, "Aurora");
        // No area loaded: nothing to compare the position with.
        assert!(added.warnings.is_empty());
    }

    #[test]
    fn shops_outside_the_area_are_warned_about_and_swapped_ones_named() {
        let at = |lon, lat| LonLat::new(lon, lat).unwrap();
        let edge = DataEdge::of(Some((at(24.935, 60.164), at(24.953, 60.179))), None).unwrap();
        let placed = |lon, lat| Shop {
            position: at(lon, lat),
            ..shop("Aurora", ShopKind::Own)
        };
        assert!(shop_warnings(Some(&edge), &placed(24.944, 60.170)).is_empty());
        assert!(shop_warnings(None, &placed(60.170, 24.944)).is_empty());
        let swapped = shop_warnings(Some(&edge), &placed(60.170, 24.944));
        assert_eq!(
            swapped,
            [ShopWarning::Swapped {
                shop: "Aurora".into(),
                lat: 24.944,
                lon: 60.170,
            }]
        );
        let en = crate::i18n::Lang::En.texts();
        assert!(
            en.shop_warning(&swapped[0])
                .starts_with("warning: 'Aurora': latitude and longitude look swapped")
        );
        // 0.01° of latitude north of the box: about 1.1 km.
        let north = shop_warnings(Some(&edge), &placed(24.944, 60.189));
        let [ShopWarning::OutsideArea { distance_m, .. }] = north.as_slice() else {
            panic!("{north:?}");
        };
        assert!((distance_m - 1113.0).abs() < 5.0, "{distance_m}");
        assert!(
            en.shop_warning(&north[0])
                .contains("lies outside the loaded area, 1.1 km from its edge")
        );
        let zh = crate::i18n::Lang::Zh.texts();
        assert!(zh.shop_warning(&north[0]).contains("1.1 公里"));
    }
}
