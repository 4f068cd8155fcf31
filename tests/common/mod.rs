//! What the binary's tests share: a workspace in a temporary directory, the `catchment`
//! command run against it, and paths into the repository.

#![allow(dead_code, reason = "each test crate uses the part it needs")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A path inside the repository, e.g. `repo("tests/fixtures/members.xlsx")`.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A fixture file of `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures").join(name)
}

/// A workspace file `ws.db` in its own temporary directory.
pub struct Ws {
    dir: tempfile::TempDir,
}

impl Ws {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// `catchment --workspace ws.db ARGS`, run from the repository root in an English
    /// locale whatever the machine's (tests of other languages set it themselves).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_catchment"));
        c.env_remove("CATCHMENT_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .arg("--workspace")
            .arg(self.path("ws.db"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs and asserts success; stdout and stderr.
    pub fn ok(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(out.status.success(), "{args:?} failed:\n{stderr}");
        (stdout, stderr)
    }

    /// A path in the workspace's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The workspace's files that exist: `ws.db` and what SQLite keeps beside it
    /// (`ws.db-wal`, `ws.db-shm`), sorted.
    pub fn workspace_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("ws.db"))
            .collect();
        names.sort();
        names
    }

    /// Loads the bundled Helsinki extract into the workspace.
    pub fn load_helsinki(&self) -> (String, String) {
        self.ok(&[
            "area",
            "load",
            repo("data/helsinki.osm.pbf").to_str().unwrap(),
        ])
    }

    /// Writes `text` to a file in the workspace's directory; its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    }
}

/// A minimal XLSX workbook of one sheet `Sheet1` whose `<sheetData>` holds `rows`
/// (`<row>` elements; inline strings need no shared-strings part), declaring `dimension`.
pub fn xlsx(dimension: &str, rows: &str) -> Vec<u8> {
    use std::io::Write;
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
                .to_owned(),
        ),
        (
            "_rels/.rels",
            format!(
                "<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" \
                 Type=\"{DOC}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC}\"><sheets>\
                 <sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" \
                 Type=\"{DOC}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<worksheet xmlns=\"{MAIN}\"><dimension ref=\"{dimension}\"/>\
                 <sheetData>{rows}</sheetData></worksheet>"
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An inline-string cell at `at` (`B2`) for [`xlsx`].
pub fn text_cell(at: &str, text: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}
