//! Own shops and competitors in the workspace.

use super::{Workspace, WorkspaceError};
use crate::coord::LonLat;
use crate::ingest::RowIssue;
use crate::ingest::shops::{ShopImportOptions, read_shops};
use crate::model::{Shop, ShopKind};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::path::Path;

/// What a shop import did.
#[derive(Debug, Clone, Default)]
pub struct ShopImportSummary {
    /// How the file was read.
    pub format: String,
    /// New shops.
    pub inserted: u64,
    /// Shops whose data changed.
    pub updated: u64,
    /// Shops already stored exactly so.
    pub unchanged: u64,
    /// Rows not imported.
    pub rejected: Vec<RowIssue>,
    /// The shops imported (new, updated or unchanged), in the file's order.
    pub shops: Vec<Shop>,
}

fn kind_from_db(s: &str) -> Option<ShopKind> {
    match s {
        "own" => Some(ShopKind::Own),
        "competitor" => Some(ShopKind::Competitor),
        _ => None,
    }
}

impl Workspace {
    /// Adds one shop.
    ///
    /// # Errors
    /// [`WorkspaceError::ShopExists`] when the name is taken.
    pub fn add_shop(&mut self, shop: &Shop) -> Result<(), WorkspaceError> {
        // Immediate: the name is looked up and taken under one write lock, so two processes
        // adding the same name cannot both succeed.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(self.err())?;
        if self.shop(&shop.name)?.is_some() {
            return Err(WorkspaceError::ShopExists(shop.name.clone()));
        }
        self.upsert_shop(shop)?;
        tx.commit().map_err(self.err())
    }

    /// Inserts or replaces a shop by name; returns 0 unchanged, 1 inserted, 2 updated.
    fn upsert_shop(&self, shop: &Shop) -> Result<u8, WorkspaceError> {
        let old = self.shop(&shop.name)?;
        if old.as_ref() == Some(shop) {
            return Ok(0);
        }
        self.conn
            .execute(
                "INSERT INTO shops (name, kind, lon, lat, address, category) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (name) DO UPDATE SET kind = ?2, lon = ?3, lat = ?4, address = ?5, category = ?6",
                params![
                    shop.name,
                    shop.kind.as_str(),
                    shop.position.lon_deg(),
                    shop.position.lat_deg(),
                    shop.address,
                    shop.category
                ],
            )
            .map_err(self.err())?;
        Ok(if old.is_some() { 2 } else { 1 })
    }

    /// Imports a shop table in one transaction (shops are matched by name).
    ///
    /// # Errors
    /// When the file cannot be read, nothing in it is usable, or SQLite fails.
    pub fn import_shops(
        &mut self,
        path: &Path,
        opts: &ShopImportOptions,
    ) -> Result<ShopImportSummary, WorkspaceError> {
        let rows = read_shops(path, opts)?;
        if rows.shops.is_empty() {
            return Err(WorkspaceError::NothingImported {
                file: path.display().to_string(),
                rejected: rows.rejected.len(),
                issues: rows.rejected,
            });
        }
        let mut s = ShopImportSummary {
            format: rows.format,
            rejected: rows.rejected,
            ..Default::default()
        };
        // Immediate: the write lock is taken before the stored shops are compared.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(self.err())?;
        for shop in &rows.shops {
            match self.upsert_shop(shop)? {
                0 => s.unchanged += 1,
                1 => s.inserted += 1,
                _ => s.updated += 1,
            }
        }
        tx.commit().map_err(self.err())?;
        s.shops = rows.shops;
        Ok(s)
    }

    /// Removes a shop by name.
    ///
    /// # Errors
    /// [`WorkspaceError::NoSuchShop`] when there is none.
    pub fn remove_shop(&mut self, name: &str) -> Result<(), WorkspaceError> {
        let n = self
            .conn
            .execute("DELETE FROM shops WHERE name = ?1", [name])
            .map_err(self.err())?;
        if n == 0 {
            return Err(WorkspaceError::NoSuchShop(name.to_string()));
        }
        Ok(())
    }

    /// One shop by exact name.
    ///
    /// # Errors
    /// When SQLite fails or the stored row is malformed.
    pub fn shop(&self, name: &str) -> Result<Option<Shop>, WorkspaceError> {
        self.conn
            .query_row(
                "SELECT name, kind, lon, lat, address, category FROM shops WHERE name = ?1",
                [name],
                row_to_parts,
            )
            .optional()
            .map_err(self.err())?
            .map(|p| self.shop_from_parts(p))
            .transpose()
    }

    /// All shops, own shops first, each group by name.
    ///
    /// # Errors
    /// When SQLite fails or a stored row is malformed.
    pub fn shops(&self) -> Result<Vec<Shop>, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, kind, lon, lat, address, category FROM shops ORDER BY kind = 'competitor', name")
            .map_err(self.err())?;
        let parts: Vec<ShopParts> = stmt
            .query_map([], row_to_parts)
            .map_err(self.err())?
            .collect::<Result<_, _>>()
            .map_err(self.err())?;
        parts.into_iter().map(|p| self.shop_from_parts(p)).collect()
    }

    fn shop_from_parts(
        &self,
        (name, kind, lon, lat, address, category): ShopParts,
    ) -> Result<Shop, WorkspaceError> {
        let corrupt = |detail: String| WorkspaceError::Corrupt {
            path: self.path.display().to_string(),
            detail,
        };
        Ok(Shop {
            kind: kind_from_db(&kind).ok_or_else(|| corrupt(format!("shop kind '{kind}'")))?,
            position: LonLat::new(lon, lat).map_err(|e| corrupt(format!("shop '{name}': {e}")))?,
            name,
            address,
            category,
        })
    }
}

type ShopParts = (String, String, f64, f64, Option<String>, Option<String>);

fn row_to_parts(r: &rusqlite::Row<'_>) -> rusqlite::Result<ShopParts> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}
