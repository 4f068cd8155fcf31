//! Comparing own shops: the chain manager's table of figures per shop, and the
//! per-member export of nearest own shop and nearest competitor.

use super::{AppError, ShopDefault, Snapshot, find_shop, select_shops};
use crate::analysis::compare::{CompareInput, Comparison, compare};
use crate::analysis::nearest::{self, MemberNearest};
use crate::analysis::rings::RingPlan;
use crate::model::{Shop, ShopKind};

/// The shop names of a list as people write it: `A, B` → `[A, B]`; empty, or `all`, for
/// every own shop (an empty list).
pub fn shop_names(list: &str) -> Vec<String> {
    if list.trim().eq_ignore_ascii_case("all") {
        return Vec::new();
    }
    list.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The own shops named (every own shop when `names` is empty), side by side, with the
/// differences from `benchmark` when given. Penetration is measured when the snapshot
/// holds the area.
///
/// # Errors
/// [`AppError::UnknownShop`], [`AppError::NotOwnShop`], [`AppError::NoOwnShop`], or
/// [`AppError::BenchmarkNotCompared`].
pub fn compare_shops(
    snap: &Snapshot,
    names: &[String],
    plan: &RingPlan,
    benchmark: Option<&str>,
) -> Result<Comparison, AppError> {
    let all = snap.shops();
    let shops: Vec<Shop> = if names.is_empty() {
        select_shops(all, None, ShopDefault::EveryOwnShop)?
    } else {
        names
            .iter()
            .map(|n| find_shop(all, n).cloned())
            .collect::<Result<_, _>>()?
    };
    if let Some(c) = shops.iter().find(|s| s.kind != ShopKind::Own) {
        return Err(AppError::NotOwnShop {
            name: c.name.clone(),
        });
    }
    let benchmark = match benchmark {
        None => None,
        Some(b) => {
            let b = find_shop(all, b)?;
            let at = shops.iter().position(|s| s.name == b.name);
            Some(at.ok_or_else(|| {
                AppError::BenchmarkNotCompared {
                    name: b.name.clone(),
                    compared: shops
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            })?)
        }
    };
    Ok(compare(&CompareInput {
        members: snap.members(),
        shops: &shops,
        all_shops: all,
        area: snap.area(),
        plan,
        benchmark,
    }))
}

/// Every located member's nearest own shop and nearest competitor (see
/// [`members_nearest`](crate::analysis::nearest::members_nearest)).
pub fn members_nearest(snap: &Snapshot) -> Vec<MemberNearest<'_>> {
    nearest::members_nearest(snap.members(), snap.shops())
}
