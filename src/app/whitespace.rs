//! Where the chain's next own shop would gain the most members: the white-space ranking
//! over the loaded area (see [`crate::analysis::whitespace`]).

use super::{AppError, Snapshot};
use crate::analysis::whitespace::{self, FIT_RADIUS_M, Whitespace, WhitespaceInput};
use h3o::Resolution;

/// Every candidate hexagon of the loaded area at `resolution`, ranked by net gain, with
/// the chain's model. `progress(done, total)` is told as candidates are weighed.
///
/// # Errors
/// [`AppError::NoArea`] (sites are weighed by dwellings), [`AppError::NoOwnShop`], or
/// [`AppError::Whitespace`] when the chain's decay cannot be fitted or does not fall.
pub fn whitespace(
    snap: &Snapshot,
    resolution: Resolution,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Whitespace, AppError> {
    let area = snap.require_area("candidate sites are weighed by the dwellings around them")?;
    match whitespace::whitespace(
        &WhitespaceInput {
            members: snap.members(),
            shops: snap.shops(),
            area,
            resolution,
            fit_radius_m: FIT_RADIUS_M,
        },
        progress,
    ) {
        Err(whitespace::WhitespaceError::NoOwnShop) => Err(AppError::NoOwnShop),
        other => Ok(other?),
    }
}
