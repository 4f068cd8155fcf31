//! One workspace, several users at once: while a 200,000-row import runs, ring reports
//! computed again and again from freshly opened connections all succeed and each sees
//! the workspace before or after the import, never part of it; `rings` run as a process
//! does too; and `shop add`, a second writer, says it waits, waits, and then succeeds.

mod common;

use catchment::analysis::rings::{RingPlan, ring_reports};
use catchment::app::Snapshot;
use catchment::coord::LonLat;
use catchment::ingest::members::MemberImportOptions;
use catchment::model::{Shop, ShopKind};
use catchment::workspace::Workspace;
use common::Ws;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// Members before the import, and after it (the first `BEFORE` rows again, unchanged).
const BEFORE: u64 = 1_000;
const AFTER: u64 = 200_000;

/// Members `0..rows` within about 2 km of the shop at 24.94 E, 60.17 N.
fn member_csv(path: &Path, rows: u64) {
    use std::fmt::Write as _;
    let mut text = String::from("id,lat,lon,visits,last_visit\n");
    for i in 0..rows {
        let (lat_step, lon_step) = ((i % 400) as f64, (i / 400 % 500) as f64);
        let _ = writeln!(
            text,
            "M{i:06},{:.6},{:.6},{},2024-05-{:02}",
            60.16 + lat_step * 5e-5,
            24.92 + lon_step * 8e-5,
            i % 9,
            i % 28 + 1
        );
    }
    std::fs::write(path, text).expect("write csv");
}

/// What one reader saw: the members its ring report counted and the member total of its
/// snapshot, or the error it met.
type Seen = Result<(u64, u64), String>;

/// Opens the workspace as a new user would and computes the own shop's ring report.
fn read_rings(path: &Path) -> Seen {
    let ws = Workspace::open_existing(path).map_err(|e| e.to_string())?;
    let snap = Snapshot::read_members_and_shops(&ws, None).map_err(|e| e.to_string())?;
    let reports = ring_reports(snap.members(), snap.shops(), &RingPlan::default());
    let counted = reports.first().map_or(0, |r| r.members);
    Ok((counted, snap.counts().total))
}

/// `child`'s stderr, line by line, read on a thread so the child never blocks on it.
fn stderr_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stderr = child.stderr.take().expect("stderr piped");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// Waits until `cond` holds, at most `limit`.
fn wait_for(limit: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while !cond() {
        if start.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

#[test]
fn readers_work_and_a_writer_waits_while_a_long_import_runs() {
    let files = Ws::new();
    let path: PathBuf = files.path("ws.db");
    let (small, big) = (files.path("small.csv"), files.path("big.csv"));
    member_csv(&small, BEFORE);
    member_csv(&big, AFTER);
    let opts = MemberImportOptions::default();

    let mut ws = Workspace::open(&path).expect("workspace");
    ws.add_shop(&Shop {
        name: "Salon".into(),
        kind: ShopKind::Own,
        position: LonLat::new(24.94, 60.17).expect("valid"),
        address: None,
        category: None,
    })
    .expect("shop");
    ws.import_members(&small, &opts, &mut |_, _| {})
        .expect("first import");
    assert_eq!(read_rings(&path), Ok((BEFORE, BEFORE)));

    // A reader loops from before the import starts until it has seen the import's result,
    // opening the workspace afresh each time as a new command would.
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
    let reader = {
        let (path, stop, reads, seen) = (path.clone(), stop.clone(), reads.clone(), seen.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let s = read_rings(&path);
                seen.lock().expect("lock").push(s);
                reads.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    // Halfway through, the import holds the write lock with 100,000 rows written and
    // waits here until the reader has read, `rings` has run, and `shop add` waits.
    let mut calls = 0;
    let mut during = None;
    let mut writer = None;
    let summary = ws
        .import_members(&big, &opts, &mut |rows, _| {
            calls += 1;
            if rows < AFTER / 2 || during.is_some() {
                return;
            }
            let at = reads.load(Ordering::SeqCst);
            assert!(
                wait_for(Duration::from_secs(60), || reads.load(Ordering::SeqCst)
                    >= at + 4),
                "the reader gets nowhere during the import"
            );
            let rings = files
                .cmd(&["rings", "--format", "json"])
                .output()
                .expect("run rings");
            assert!(
                rings.status.success(),
                "rings during the import: {}",
                String::from_utf8_lossy(&rings.stderr)
            );
            let json: serde_json::Value =
                serde_json::from_slice(&rings.stdout).expect("rings json");
            during = Some(json[0]["members"].as_u64());

            let mut add = files
                .cmd(&[
                    "shop",
                    "add",
                    "Rival",
                    "--competitor",
                    "--lat",
                    "60.171",
                    "--lon",
                    "24.941",
                ])
                .stderr(Stdio::piped())
                .spawn()
                .expect("run shop add");
            let lines = stderr_lines(&mut add);
            let first = lines.recv_timeout(Duration::from_secs(60));
            assert_eq!(
                first.as_deref(),
                Ok(format!(
                    "waiting for another catchment process writing to {} (up to 30 s)…",
                    path.display()
                )
                .as_str()),
                "shop add says what it waits for"
            );
            writer = Some((add, lines));
        })
        .expect("import");
    assert_eq!(summary.inserted, AFTER - BEFORE);
    assert!(calls > 2, "the import came in batches");
    assert_eq!(during, Some(Some(BEFORE)), "rings during the import");

    let (mut add, lines) = writer.expect("shop add ran");
    let status = add.wait().expect("shop add");
    let rest: Vec<String> = lines.iter().collect();
    assert!(status.success(), "shop add after waiting: {rest:?}");
    assert_eq!(rest, ["added competitor 'Rival' at 60.171000,24.941000"]);

    // The reader goes on until it has seen the new state.
    assert!(
        wait_for(Duration::from_secs(120), || seen
            .lock()
            .expect("lock")
            .iter()
            .any(|s| s.as_ref().is_ok_and(|s| s.0 == AFTER))),
        "the reader gets nowhere after the import"
    );
    stop.store(true, Ordering::SeqCst);
    reader.join().expect("reader thread");
    let seen = seen.lock().expect("lock");
    let errors: Vec<_> = seen.iter().filter_map(|s| s.as_ref().err()).collect();
    assert!(
        errors.is_empty(),
        "{} of {} reads failed: {errors:?}",
        errors.len(),
        seen.len()
    );
    for s in seen.iter().flatten() {
        let (counted, total) = *s;
        assert!(
            [BEFORE, AFTER].contains(&counted),
            "a ring report counted {counted}"
        );
        assert_eq!(
            counted, total,
            "a snapshot mixed two states of the workspace"
        );
    }
    let old = seen.iter().flatten().filter(|s| s.0 == BEFORE).count();
    let new = seen.iter().flatten().filter(|s| s.0 == AFTER).count();
    assert!(old >= 4 && new >= 1, "{old} reads before, {new} after");
    assert_eq!(read_rings(&path), Ok((AFTER, AFTER)));
    assert_eq!(ws.shops().expect("shops").len(), 2);
}
