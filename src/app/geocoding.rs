//! Geocoding the workspace's pending members: distinct addresses are looked up once
//! (cache first, then the offline gazetteer or an online provider) and every member with
//! that address is placed, batch by batch, so an interrupted run keeps what it did; and
//! the review of weak matches with their candidates.

use super::AppError;
use crate::geocode::resolver::Resolver;
use crate::geocode::{Gazetteer, gazetteer_from_area};
use crate::model::MatchLevel;
use crate::model::ReviewItem;
use crate::workspace::{GeocodeEntry, Workspace, WorkspaceError};
use std::collections::{BTreeMap, HashMap};

/// The offline gazetteer of the workspace's loaded area.
///
/// # Errors
/// [`AppError::NoArea`], or when the workspace fails.
pub fn offline_gazetteer(ws: &Workspace) -> Result<Gazetteer, AppError> {
    let area = ws.load_area()?.ok_or(AppError::NoArea {
        needed_for: "the offline geocoder matches addresses against an OpenStreetMap extract",
    })?;
    Ok(gazetteer_from_area(&area))
}

/// Members matched below full confidence or not at all, each with up to three candidates
/// from the offline gazetteer (built only when there is something to review).
///
/// # Errors
/// When the workspace fails.
pub fn geocode_review(ws: &Workspace) -> Result<Vec<ReviewItem>, AppError> {
    let rows = ws.geocode_review()?;
    let gazetteer = if rows.is_empty() {
        None
    } else {
        ws.load_area()?.map(|a| gazetteer_from_area(&a))
    };
    Ok(rows
        .into_iter()
        .map(|row| ReviewItem {
            candidates: gazetteer
                .as_ref()
                .map(|g| g.candidates(&row.address, 3))
                .unwrap_or_default(),
            row,
        })
        .collect())
}

/// What a geocoding run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BatchSummary {
    /// Members that were waiting.
    pub members: usize,
    /// Distinct normalised addresses among them.
    pub addresses: usize,
    /// Answered from the cache.
    pub from_cache: usize,
    /// Looked up now.
    pub looked_up: usize,
    /// Members by the level reached.
    pub levels: BTreeMap<String, usize>,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
}

/// Places every pending member (and, with `retry`, those that matched nothing before),
/// then writes the member cache for the next analysis
/// ([`Workspace::write_member_cache`]).
///
/// # Errors
/// When the workspace fails; an online service failing stops the run early
/// ([`BatchSummary::stopped`]) without losing what was done.
pub fn geocode_pending(
    ws: &mut Workspace,
    resolver: &mut dyn Resolver,
    retry: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchSummary, WorkspaceError> {
    let provider = resolver.provider();
    let pending = ws.pending_members(retry)?;
    let mut by_key: HashMap<String, (String, Vec<String>)> = HashMap::new();
    for m in pending.iter() {
        let key = Gazetteer::normalise_key(&m.address);
        by_key
            .entry(key)
            .or_insert_with(|| (m.address.clone(), Vec::new()))
            .1
            .push(m.id.clone());
    }
    let mut summary = BatchSummary {
        members: pending.len(),
        addresses: by_key.len(),
        ..Default::default()
    };
    let mut keys: Vec<String> = by_key.keys().cloned().collect();
    keys.sort_unstable();
    let mut cached = Vec::new();
    let mut to_look_up = Vec::new();
    for key in keys {
        match ws.cached_geocode(&key, &provider)? {
            Some(result) if !(retry && result.level == MatchLevel::None) => {
                cached.push(GeocodeEntry {
                    key,
                    provider: provider.clone(),
                    result,
                })
            }
            _ => to_look_up.push(key),
        }
    }
    summary.from_cache = cached.len();
    let mut done = 0;
    let total = to_look_up.len();
    let save = |ws: &mut Workspace,
                entries: Vec<GeocodeEntry>,
                summary: &mut BatchSummary|
     -> Result<(), WorkspaceError> {
        let mut members = Vec::new();
        for e in &entries {
            let ids = &by_key[&e.key].1;
            *summary
                .levels
                .entry(e.result.level.as_str().to_string())
                .or_default() += ids.len();
            members.extend(ids.iter().map(|id| (id.clone(), e.key.clone())));
        }
        ws.apply_geocodes(&entries, &members)
    };
    save(ws, cached, &mut summary)?;
    for chunk in to_look_up.chunks(resolver.batch_size().max(1)) {
        let addresses: Vec<&str> = chunk.iter().map(|k| by_key[k].0.as_str()).collect();
        match resolver.resolve(&addresses) {
            Ok(results) => {
                let entries = chunk
                    .iter()
                    .zip(results)
                    .map(|(key, result)| GeocodeEntry {
                        key: key.clone(),
                        provider: provider.clone(),
                        result,
                    })
                    .collect();
                summary.looked_up += chunk.len();
                save(ws, entries, &mut summary)?;
            }
            Err(e) => {
                summary.stopped = Some(e.to_string());
                break;
            }
        }
        done += chunk.len();
        progress(done, total);
    }
    ws.write_member_cache()?;
    Ok(summary)
}
