//! Which commands create a workspace: only those that write (import, area load, shop add,
//! demo). The others say there is none, so a mistyped --workspace is caught; and a
//! creating command that fails leaves no empty file behind.

mod common;

use common::{Ws, fixture};

/// Runs `args` and asserts it fails with `wanted` in its message; stderr.
fn fails(ws: &Ws, args: &[&str], wanted: &str) -> String {
    let out = ws.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}:\n{stderr}");
    assert!(stderr.contains(wanted), "{args:?}:\n{stderr}");
    stderr
}

#[test]
fn commands_that_only_read_or_need_data_say_there_is_no_workspace_and_create_none() {
    let ws = Ws::new();
    let out_svg = ws.path("map.svg");
    let out_svg = out_svg.to_str().unwrap();
    for args in [
        &["rings"][..],
        &["rings", "--format", "json"],
        &["map", "--out", out_svg],
        &["sparse"],
        &["competition"],
        &["segments"],
        &["shop", "list"],
        &["shop", "remove", "A"],
        &["area", "info"],
        &["geocode"],
        &[
            "member", "locate", "A001", "--lat", "60.17", "--lon", "24.94",
        ],
        &["competitors", "discover", "--category", "hairdresser"],
    ] {
        let stderr = fails(&ws, args, "no workspace at");
        let expected = format!(
            "error: no workspace at {} (create one with `catchment import members FILE` or `catchment demo`)",
            ws.path("ws.db").display()
        );
        assert_eq!(stderr.lines().next(), Some(expected.as_str()), "{args:?}");
        assert!(
            ws.workspace_files().is_empty(),
            "{args:?} created {:?}",
            ws.workspace_files()
        );
    }
}

#[test]
fn writing_commands_that_fail_on_a_new_path_leave_no_file() {
    let ws = Ws::new();
    let missing = ws.path("missing.csv");
    let missing = missing.to_str().unwrap();
    let no_pbf = ws.path("missing.osm.pbf");
    for args in [
        &["import", "members", missing][..],
        &["import", "shops", missing],
        &["area", "load", no_pbf.to_str().unwrap()],
        &["shop", "add", "A", "--lat", "91", "--lon", "24.94"],
    ] {
        let out = ws.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
        assert!(
            ws.workspace_files().is_empty(),
            "{args:?} left {:?}",
            ws.workspace_files()
        );
    }
    // Nothing usable in the table: the import fails before writing anything.
    let header_only = ws.file("empty.csv", "id,name,address\n");
    assert_eq!(
        ws.run(&["import", "members", &header_only]).status.code(),
        Some(1)
    );
    assert!(
        ws.workspace_files().is_empty(),
        "{:?}",
        ws.workspace_files()
    );
    // As demo does when its data folder is not there.
    let no_data = ws.path("no-such-folder");
    assert_eq!(
        ws.run(&["demo", "--data", no_data.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    assert!(
        ws.workspace_files().is_empty(),
        "{:?}",
        ws.workspace_files()
    );
}

#[test]
fn writing_commands_create_the_workspace_and_a_later_failure_keeps_it() {
    let ws = Ws::new();
    ws.ok(&["shop", "add", "A", "--lat", "60.17", "--lon", "24.94"]);
    assert!(ws.path("ws.db").exists());
    let (list, _) = ws.ok(&["shop", "list", "--format", "csv"]);
    assert!(list.contains("A,own"), "{list}");
    // Failing now changes nothing and removes nothing.
    fails(
        &ws,
        &["shop", "add", "A", "--lat", "60.17", "--lon", "24.94"],
        "already exists",
    );
    fails(&ws, &["import", "members", "missing.csv"], "missing.csv");
    let (again, _) = ws.ok(&["shop", "list", "--format", "csv"]);
    assert_eq!(again, list);

    let other = Ws::new();
    let members = fixture("members_gbk.csv");
    other.ok(&["import", "members", members.to_str().unwrap()]);
    assert!(other.path("ws.db").exists());
    other.ok(&["segments"]);
}

/// The first block of an `.osm.pbf` (its header, no data), as a file cut off after it
/// would be: 4-byte length, BlobHeader (whose field 3 is the blob's size), blob.
fn header_block_only(pbf: &[u8]) -> Vec<u8> {
    let header_len = u32::from_be_bytes(pbf[..4].try_into().unwrap()) as usize;
    let header = &pbf[4..4 + header_len];
    // Field 3 (datasize), wire type 0: tag byte 0x18, then a varint.
    let at = header.iter().rposition(|b| *b == 0x18).unwrap() + 1;
    let (mut size, mut shift) = (0usize, 0);
    for b in &header[at..] {
        size |= usize::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    pbf[..4 + header_len + size].to_vec()
}

#[test]
fn a_header_only_extract_does_not_replace_a_good_area() {
    let ws = Ws::new();
    ws.load_helsinki();
    let (before, _) = ws.ok(&["area", "info"]);
    let pbf = std::fs::read(common::repo("data/helsinki.osm.pbf")).unwrap();
    let empty = ws.path("empty.osm.pbf");
    std::fs::write(&empty, header_block_only(&pbf)).unwrap();
    let empty = empty.to_str().unwrap();
    let stderr = fails(&ws, &["area", "load", empty], "holds no addresses");
    assert!(stderr.contains("--allow-empty"), "{stderr}");
    let (after, _) = ws.ok(&["area", "info"]);
    assert_eq!(before, after, "the good area was replaced");
    // Asked for, it is loaded.
    ws.ok(&["area", "load", empty, "--allow-empty"]);
    let (emptied, _) = ws.ok(&["area", "info"]);
    assert_ne!(before, emptied);
}
