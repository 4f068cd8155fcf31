//! Contacts for campaign lists: the one place that reads members' names and phones.
//!
//! Analyses work on ids, positions and visit histories only; a name or phone number
//! leaves the workspace only through [`Workspace::member_contacts`], which the CLI calls
//! for the explicit `--targets FILE.csv` export. Nothing here logs.

use super::{Workspace, WorkspaceError};
use crate::model::Contact;
use rusqlite::OptionalExtension;

impl Workspace {
    /// Names and phones of the members with these ids, in the order given; an id not in
    /// the workspace gives a contact without name or phone.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn member_contacts(&self, ids: &[&str]) -> Result<Vec<Contact>, WorkspaceError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, phone FROM members WHERE id = ?1")
            .map_err(self.err())?;
        ids.iter()
            .map(|id| {
                let row: Option<(Option<String>, Option<String>)> = stmt
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(self.err())?;
                let (name, phone) = row.unwrap_or_default();
                Ok(Contact {
                    id: (*id).to_string(),
                    name,
                    phone,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::members::MemberImportOptions;

    #[test]
    fn contacts_come_in_the_order_asked() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("m.csv");
        std::fs::write(
            &csv,
            "Member no,Name,Phone,Latitude,Longitude\nA1,Aino,+358 40 1,60.17,24.94\nA2,Eino,,60.18,24.95\n",
        )
        .unwrap();
        let mut ws = Workspace::in_memory().unwrap();
        ws.import_members(&csv, &MemberImportOptions::default(), &mut |_, _| {})
            .unwrap();
        let c = ws.member_contacts(&["A2", "A1", "nope"]).unwrap();
        assert_eq!(c[0].name.as_deref(), Some("Eino"));
        assert_eq!(c[0].phone, None);
        assert_eq!(c[1].phone.as_deref(), Some("+358 40 1"));
        assert_eq!(c[2].id, "nope");
        assert_eq!(c[2].name, None);
    }
}
