//! Opening, creating and removing workspace files, and what a connection does when
//! another one holds the file.

use super::*;
use crate::coord::LonLat;
use crate::model::{Shop, ShopKind};

fn shop(name: &str) -> Shop {
    Shop {
        name: name.into(),
        kind: ShopKind::Own,
        position: LonLat::new(24.94, 60.17).expect("valid"),
        address: None,
        category: None,
    }
}

/// The files SQLite may keep beside a workspace, and the workspace itself, that exist.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn open_existing_says_there_is_none_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typo.db");
    let err = Workspace::open_existing(&path).expect_err("no such workspace");
    assert!(matches!(err, WorkspaceError::NotFound { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "no workspace at {} (create one with `catchment import members FILE` or `catchment demo`)",
            path.display()
        )
    );
    assert!(files(dir.path()).is_empty());
    // A missing folder is the same mistake.
    let err = Workspace::open_existing(&dir.path().join("no/such/dir.db")).expect_err("none");
    assert!(matches!(err, WorkspaceError::NotFound { .. }), "{err:?}");
}

#[test]
fn open_creates_and_open_existing_then_finds_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ws.db");
    Workspace::open(&path)
        .expect("create")
        .add_shop(&shop("A"))
        .expect("add");
    let ws = Workspace::open_existing(&path).expect("exists now");
    assert_eq!(ws.shops().expect("shops").len(), 1);
}

#[test]
fn an_empty_workspace_is_removed_with_its_log_and_one_with_data_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ws.db");
    let ws = Workspace::open(&path).expect("create");
    assert!(!files(dir.path()).is_empty());
    assert!(ws.remove_if_empty().expect("remove"));
    assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));

    let mut ws = Workspace::open(&path).expect("create");
    ws.add_shop(&shop("A")).expect("add");
    assert!(!ws.remove_if_empty().expect("kept"));
    let ws = Workspace::open_existing(&path).expect("still there");
    assert_eq!(ws.shops().expect("shops").len(), 1);
    let mode: String = ws
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
}

#[test]
fn an_in_memory_workspace_has_no_file_to_remove() {
    let ws = Workspace::in_memory().expect("workspace");
    assert!(!ws.remove_if_empty().expect("nothing to do"));
}

#[test]
fn an_empty_workspace_another_connection_has_open_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ws.db");
    let ws = Workspace::open(&path).expect("create");
    let other = Workspace::open_existing(&path).expect("second connection");
    assert!(!ws.remove_if_empty().expect("kept"));
    assert!(path.exists());
    assert!(other.shops().expect("still readable").is_empty());
}

#[test]
fn two_processes_creating_one_file_at_once_both_get_the_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ws.db");
    let openers: Vec<_> = (0..4)
        .map(|i| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut ws = Workspace::open(&path)?;
                ws.add_shop(&shop(&format!("S{i}")))
            })
        })
        .collect();
    for o in openers {
        o.join().expect("thread").expect("open and write");
    }
    let ws = Workspace::open_existing(&path).expect("open");
    assert_eq!(ws.shops().expect("shops").len(), 4);
}

#[test]
fn giving_up_on_a_busy_file_says_so() {
    let busy = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("database is locked".into()),
    );
    let err = WorkspaceError::sqlite("ws.db", busy);
    assert_eq!(
        err.to_string(),
        "workspace ws.db is busy: another catchment process is still writing to it (this one waits up to 30 s); try again when it has finished"
    );
}
