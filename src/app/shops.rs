//! Which shops a report covers, and competitors found among the loaded area's shops.

use super::AppError;
use crate::coord::LonLat;
use crate::geodesy::distance_m;
use crate::model::{Shop, ShopKind};
use crate::workspace::Workspace;
use std::collections::HashSet;

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
        return match all.iter().find(|s| s.name == name) {
            Some(s) => Ok(vec![s.clone()]),
            None => Err(AppError::UnknownShop {
                name: name.to_string(),
                known: names(&all.iter().collect::<Vec<_>>()),
            }),
        };
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
