//! The crate's layers, checked from its source: every module imports only its own stage
//! and earlier ones (in the order the data flows), no two modules import each other, and
//! the command line stays a thin face over the library.
//!
//! The allowed direction is written once, in [`STAGES`]. The check reads `src/` as text:
//! `use` trees and inline paths starting with `crate::`, `super::` or `catchment::`,
//! leaving out comments and `#[cfg(test)]` code (a test may reach anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every stage, in the order the data flows, with the earlier stages it may import.
///
/// The workspace is the store beside the flow: it uses the records of the stages that
/// fill it (ingest, osm, geocode), but the analysis and presentation stages never read it
/// themselves; the use cases (`app`) and the two faces over them do.
const STAGES: &[(&str, &[&str])] = &[
    ("coord", &[]),
    ("whole_file", &[]),
    ("geodesy", &["coord"]),
    ("model", &["coord", "geodesy"]),
    ("ingest", &["coord", "model"]),
    ("osm", &["coord", "geodesy", "model"]),
    ("geocode", &["coord", "geodesy", "model", "osm"]),
    (
        "workspace",
        &["coord", "whole_file", "model", "ingest", "osm", "geocode"],
    ),
    ("index", &["coord", "geodesy", "model"]),
    ("analysis", &["coord", "geodesy", "model", "osm", "index"]),
    ("i18n", &["model", "ingest", "analysis"]),
    (
        "report",
        &["coord", "geodesy", "model", "ingest", "analysis", "i18n"],
    ),
    (
        "render",
        &[
            "coord",
            "geodesy",
            "model",
            "osm",
            "analysis",
            "i18n",
            "whole_file",
        ],
    ),
    ("demo", &["coord", "geodesy", "model", "osm"]),
    (
        "app",
        &[
            "coord",
            "geodesy",
            "model",
            "ingest",
            "osm",
            "geocode",
            "workspace",
            "index",
            "analysis",
            "i18n",
            "report",
            "render",
            "demo",
        ],
    ),
    (
        "server",
        &[
            "coord",
            "geodesy",
            "model",
            "ingest",
            "osm",
            "geocode",
            "workspace",
            "analysis",
            "i18n",
            "report",
            "render",
            "app",
        ],
    ),
    (
        "cli",
        &[
            "coord",
            "geodesy",
            "model",
            "ingest",
            "osm",
            "geocode",
            "workspace",
            "analysis",
            "i18n",
            "report",
            "render",
            "demo",
            "app",
            "server",
            "whole_file",
        ],
    ),
];

/// The most lines a command file of `src/cli/` may hold (`mod.rs` excepted).
const MAX_CLI_FILE_LINES: usize = 150;

#[test]
fn the_stage_table_only_looks_back() {
    for (k, (stage, allowed)) in STAGES.iter().enumerate() {
        for a in *allowed {
            let earlier = STAGES[..k].iter().any(|(s, _)| s == a);
            assert!(
                earlier,
                "{stage} may import {a}, which is not an earlier stage"
            );
        }
    }
}

#[test]
fn no_stage_imports_a_later_one() {
    let src = source_tree();
    let mut wrong = Vec::new();
    for file in &src.files {
        let from = file.stage();
        let Some((_, allowed)) = STAGES.iter().find(|(s, _)| *s == from) else {
            wrong.push(format!(
                "{}: stage '{from}' is not in STAGES",
                file.rel.display()
            ));
            continue;
        };
        for target in &file.imports {
            let to = target.split('/').next().unwrap_or_default();
            if to != from && !allowed.contains(&to) {
                wrong.push(format!(
                    "{} ({from}) imports {target}, and {from} may not import {to}",
                    file.rel.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let src = source_tree();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &src.files {
        let from = file.module();
        for to in &file.imports {
            // A parent and its child modules are one unit (re-exports, shared helpers).
            if is_ancestor(&from, to) || is_ancestor(to, &from) {
                continue;
            }
            edges.entry(from.clone()).or_default().insert(to.clone());
        }
    }
    let mut cycles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|t| t.contains(a)) {
                cycles.push(format!("{a} <-> {b}"));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules importing each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn command_files_are_thin_and_call_no_other_command_file() {
    let src = source_tree();
    let commands: BTreeSet<String> = src
        .files
        .iter()
        .filter(|f| f.stage() == "cli" && !f.rel.ends_with("mod.rs"))
        .map(|f| f.module())
        .collect();
    let mut wrong = Vec::new();
    for file in src.files.iter().filter(|f| commands.contains(&f.module())) {
        if file.lines > MAX_CLI_FILE_LINES {
            wrong.push(format!(
                "{} has {} lines (at most {MAX_CLI_FILE_LINES}): move the work into the library",
                file.rel.display(),
                file.lines
            ));
        }
        for target in &file.imports {
            if target != &file.module()
                && commands
                    .iter()
                    .any(|c| is_ancestor(c, target) || c == target)
            {
                wrong.push(format!("{} calls {target}", file.rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "command files:\n{}", wrong.join("\n"));
}

#[test]
fn the_checker_reads_use_trees_and_paths() {
    let code = "use crate::{coord::LonLat, geodesy::{distance_m, ShopFrame}};\n\
                // use crate::render::Ignored;\n\
                fn f() { let x = super::reasons::why(); crate::index::MemberIndex::new(); }\n\
                #[cfg(test)]\nmod tests { use crate::server::X; }\n";
    let paths = referenced_paths(code);
    assert!(paths.contains(&vec!["crate".into(), "coord".into(), "LonLat".into()]));
    assert!(paths.contains(&vec!["crate".into(), "geodesy".into(), "ShopFrame".into()]));
    assert!(paths.contains(&vec!["super".into(), "reasons".into(), "why".into()]));
    assert!(paths.iter().any(|p| p[1] == "index"));
    assert!(!paths.iter().any(|p| p[1] == "render" || p[1] == "server"));
}

fn is_ancestor(parent: &str, child: &str) -> bool {
    child.len() > parent.len()
        && child.starts_with(parent)
        && child.as_bytes()[parent.len()] == b'/'
}

struct SourceFile {
    /// Path below `src/`.
    rel: PathBuf,
    lines: usize,
    /// Modules this file refers to, as paths below `src/` without `.rs` (`analysis/rings`).
    imports: BTreeSet<String>,
}

impl SourceFile {
    /// The module path of the file: `analysis/rings` for `analysis/rings.rs` and for
    /// `analysis/rings/mod.rs`.
    fn module(&self) -> String {
        module_of(&self.rel)
    }

    fn stage(&self) -> String {
        let m = self.module();
        m.split('/').next().unwrap_or_default().to_string()
    }
}

fn module_of(rel: &Path) -> String {
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_suffix(".rs").unwrap_or(&s);
    s.strip_suffix("/mod").unwrap_or(s).to_string()
}

struct SourceTree {
    files: Vec<SourceFile>,
}

/// Reads every non-test `.rs` file of `src/` and resolves what it refers to.
fn source_tree() -> SourceTree {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut rels = Vec::new();
    collect(&root, &root, &mut rels);
    let modules: BTreeSet<String> = rels.iter().map(|r| module_of(r)).collect();
    let mut files = Vec::new();
    for rel in rels {
        let name = rel.to_string_lossy().replace('\\', "/");
        let is_test_file = name.ends_with("/tests.rs") || name.contains("/tests/");
        if is_test_file || name == "lib.rs" || name == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(root.join(&rel)).expect("read source file");
        let module = module_of(&rel);
        let mut imports = BTreeSet::new();
        for path in referenced_paths(&text) {
            let base: Vec<String> = match path[0].as_str() {
                "crate" | "catchment" => path[1..].to_vec(),
                "super" => {
                    // `super` is the parent of the module (a mod.rs is its folder's module).
                    let mut parent: Vec<String> = module.split('/').map(String::from).collect();
                    parent.pop();
                    let mut rest = path[1..].to_vec();
                    while rest.first().is_some_and(|s| s == "super") {
                        parent.pop();
                        rest.remove(0);
                    }
                    parent.into_iter().chain(rest).collect()
                }
                _ => continue,
            };
            // The longest prefix that names a module of the tree.
            let found = (1..=base.len())
                .rev()
                .map(|n| base[..n].join("/"))
                .find(|m| modules.contains(m));
            if let Some(m) = found {
                if m != module {
                    imports.insert(m);
                }
            }
        }
        files.push(SourceFile {
            lines: text.lines().count(),
            rel,
            imports,
        });
    }
    SourceTree { files }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).expect("below src").to_path_buf());
        }
    }
}

/// Every path the code names that starts with `crate`, `super` or `catchment`, with `use`
/// groups (`a::{b, c::d}`) expanded; comments and `#[cfg(test)]` code are left out.
fn referenced_paths(text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0
            || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        if starts_word {
            for root in ["crate::", "super::", "catchment::"] {
                if code_at(&chars, i, root) {
                    let (paths, end) = parse_tree(&chars, i);
                    out.extend(paths);
                    i = end;
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

fn code_at(chars: &[char], i: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}

/// Parses `a::b::{c, d::e}` from `i`; returns the expanded paths and where it ended.
fn parse_tree(chars: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        skip_space(chars, &mut i);
        if chars.get(i) == Some(&'{') {
            i += 1;
            let mut all = Vec::new();
            loop {
                skip_space(chars, &mut i);
                match chars.get(i) {
                    Some('}') => {
                        i += 1;
                        break;
                    }
                    Some(',') => i += 1,
                    None => break,
                    _ => {
                        let (paths, end) = parse_tree(chars, i);
                        for p in paths {
                            all.push(prefix.iter().cloned().chain(p).collect());
                        }
                        i = end.max(i + 1);
                    }
                }
            }
            return (all, i);
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '*')
        {
            i += 1;
        }
        if i > start {
            prefix.push(chars[start..i].iter().collect::<String>());
        }
        if code_at(chars, i, "::") {
            i += 2;
            continue;
        }
        return (vec![prefix], i);
    }
}

fn skip_space(chars: &[char], i: &mut usize) {
    while *i < chars.len() && chars[*i].is_whitespace() {
        *i += 1;
    }
}
