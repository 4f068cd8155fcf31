//! The page in a real browser: builds the demo workspace, serves it on a free loopback
//! port and runs `tests/e2e/demo.spec.mjs` (headless Debian chromium driven by
//! playwright-core), which picks the shop, checks the map, toggles a layer, turns the
//! white-space layer on and sees its hexagons, hovers a cell, drags the shop to a what-if
//! site, uploads a member file, adds a second own shop and sorts the comparison table by
//! a column, switches to Chinese and downloads the PDF.
//! Screenshots of each step are kept in `target/e2e-screenshots/`.
//!
//! Needs node, `npm ci --prefix tests/e2e` and `/usr/bin/chromium` (`.ci/run` installs
//! them); without them this test fails and says how to install them.

mod common;

use common::repo;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Stops the server when the test ends, passed or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What is missing to run the browser test, each with how to install it.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing.push("node (apt-get install nodejs npm)".to_string());
    }
    if !repo("tests/e2e/node_modules/playwright-core/package.json").exists() {
        missing.push("playwright-core (npm ci --prefix tests/e2e)".to_string());
    }
    if !Path::new(CHROMIUM).exists() {
        missing.push(format!(
            "{CHROMIUM} (apt-get install --no-install-recommends chromium)"
        ));
    }
    missing
}

/// Starts `catchment serve` on port 0 and reads the address it bound from its first
/// line on stderr; the rest of stderr is collected in the background.
fn serve(workspace: &Path) -> (Server, String, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_catchment"))
        .arg("--workspace")
        .arg(workspace)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("catchment serve starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let server = Server(child);
    let (first_tx, first_rx) = mpsc::channel();
    let (rest_tx, rest_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stderr).lines();
        for line in lines.by_ref().map_while(Result::ok) {
            if line.contains("catchment serves") {
                let _ = first_tx.send(line);
                break;
            }
            let _ = rest_tx.send(line);
        }
        for line in lines.map_while(Result::ok) {
            let _ = rest_tx.send(line);
        }
    });
    let line = first_rx
        .recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| {
            let said: Vec<String> = rest_rx.try_iter().collect();
            panic!("catchment serve did not say where it serves: {said:?}")
        });
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (server, url, rest_rx)
}

fn screenshots_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("e2e-screenshots")
}

#[test]
fn the_page_works_in_a_real_browser() {
    let missing = missing_tools();
    assert!(
        missing.is_empty(),
        "the browser test needs {}; .ci/run installs them all",
        missing.join(", ")
    );

    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("catchment.db");
    let demo = Command::new(env!("CARGO_BIN_EXE_catchment"))
        .args(["demo", "--out"])
        .arg(&workspace)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "catchment demo failed:\n{}",
        String::from_utf8_lossy(&demo.stderr)
    );

    let (server, url, server_log) = serve(&workspace);
    let out = screenshots_dir();
    let _ = std::fs::remove_dir_all(&out);
    let mut node = Command::new("node")
        .arg(repo("tests/e2e/demo.spec.mjs"))
        .arg(&url)
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let mut stderr = node.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut stdout = String::new();
    node.stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = node.wait().unwrap();
    let stderr = errors.join().unwrap();
    drop(server);
    let log: Vec<String> = server_log.try_iter().collect();
    println!("{stdout}");
    assert!(
        status.success(),
        "the browser test failed (screenshots in {}):\n{stdout}\n{stderr}\nserver log:\n{}",
        out.display(),
        log.join("\n")
    );
    for step in [
        "shop",
        "layer-off",
        "hover",
        "drag-site",
        "upload",
        "chinese",
        "download-pdf",
    ] {
        let shots: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with(&format!("-{step}.png"))
            })
            .collect();
        assert_eq!(
            shots.len(),
            1,
            "no screenshot of step {step} in {}",
            out.display()
        );
    }
}
