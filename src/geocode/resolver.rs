//! Something that turns addresses into results: the offline [`Gazetteer`] or an online
//! service, behind one trait so a batch run does not care which.

use super::Gazetteer;
use super::Geocoded;
use super::online::{OnlineError, OnlineGeocoder};
use rayon::prelude::*;

/// Something that turns addresses into results.
pub trait Resolver {
    /// Cache namespace: `osm` offline, else the online provider's name.
    fn provider(&self) -> String;
    /// How many addresses to resolve before saving (small for slow online services).
    fn batch_size(&self) -> usize;
    /// Resolves addresses in order.
    ///
    /// # Errors
    /// When the service is unusable for good; results so far are kept.
    fn resolve(&mut self, addresses: &[&str]) -> Result<Vec<Geocoded>, OnlineError>;
}

impl Resolver for &Gazetteer {
    fn provider(&self) -> String {
        "osm".into()
    }
    fn batch_size(&self) -> usize {
        16_384
    }
    fn resolve(&mut self, addresses: &[&str]) -> Result<Vec<Geocoded>, OnlineError> {
        Ok(addresses.par_iter().map(|a| self.geocode(a)).collect())
    }
}

impl Resolver for OnlineGeocoder {
    fn provider(&self) -> String {
        self.provider().name().into()
    }
    fn batch_size(&self) -> usize {
        // One request a second: save after each, so nothing is lost if the service fails.
        1
    }
    fn resolve(&mut self, addresses: &[&str]) -> Result<Vec<Geocoded>, OnlineError> {
        addresses.iter().map(|a| self.geocode(a)).collect()
    }
}
