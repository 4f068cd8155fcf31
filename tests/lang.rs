//! Reports and summaries in the user's language: `--lang`, `CATCHMENT_LANG` and the
//! locale choose it; text tables line up with Chinese in them; CSV and JSON stay the same
//! in every language (they are a contract with scripts).

mod common;

use common::{Ws, fixture};
use unicode_width::UnicodeWidthStr;

/// Runs with extra environment variables and asserts success; stdout and stderr.
fn ok_with(ws: &Ws, env: &[(&str, &str)], args: &[&str]) -> (String, String) {
    let mut cmd = ws.cmd(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} failed:\n{stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

#[test]
fn every_report_of_the_demo_speaks_chinese_when_asked() {
    let ws = Ws::new();
    ws.ok(&["demo"]);

    let (rings, _) = ws.ok(&["--lang", "zh", "rings", "--cells"]);
    assert!(rings.contains("名会员（全部会员）"), "{rings}");
    assert!(rings.contains("第1圈") && rings.contains("圈外"), "{rings}");
    assert!(
        rings.contains("本店自有会员 ") && rings.contains("半数住在"),
        "{rings}"
    );
    assert!(!rings.contains("members"), "English left in:\n{rings}");
    // The ring table's lines (heading row, 5 rings and outside) have one display width.
    let table: Vec<&str> = rings.lines().skip(1).take(7).collect();
    let widths: Vec<usize> = table.iter().map(|l| l.width()).collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "{widths:?}\n{rings}"
    );

    let (segments, _) = ok_with(&ws, &[("CATCHMENT_LANG", "zh")], &["segments"]);
    assert!(segments.contains("名会员，分群截至"), "{segments}");
    assert!(segments.contains("沉睡顾客"), "{segments}");

    let (competition, _) = ok_with(&ws, &[("LANG", "zh_CN.UTF-8")], &["competition"]);
    assert!(competition.contains("赫夫"), "{competition}");
    // --lang wins over the environment.
    let (english, _) = ok_with(
        &ws,
        &[("CATCHMENT_LANG", "zh")],
        &["--lang", "en", "competition"],
    );
    assert!(english.contains("Huff model"), "{english}");

    let (sparse, _) = ws.ok(&["--lang", "zh", "sparse"]);
    assert!(
        sparse.contains("会员稀疏区域") && sparse.contains("模型："),
        "{sparse}"
    );
    assert!(
        sparse.contains("每 100 户") || sparse.contains("无法建立"),
        "{sparse}"
    );
    assert!(
        !sparse.contains("Sparse cells") && !sparse.contains("Model:"),
        "{sparse}"
    );

    let (leaflets, _) = ws.ok(&["--lang", "zh", "sparse", "--leaflets"]);
    assert!(
        leaflets.contains("条街道共") || leaflets.contains("无需派发传单"),
        "{leaflets}"
    );

    let targets = ws.path("targets.csv");
    let (_, summary) = ws.ok(&[
        "--lang",
        "zh",
        "sparse",
        "--targets",
        targets.to_str().unwrap(),
    ]);
    assert!(summary.contains("营销名单"), "{summary}");

    for args in [
        ["rings", "--format", "csv"],
        ["rings", "--format", "json"],
        ["segments", "--format", "csv"],
        ["sparse", "--format", "csv"],
        ["compare", "--format", "csv"],
        ["compare", "--format", "json"],
    ] {
        let (en, _) = ws.ok(&args);
        let zh: Vec<&str> = ["--lang", "zh"].into_iter().chain(args).collect();
        let (zh, _) = ws.ok(&zh);
        assert_eq!(en, zh, "{args:?} differs by language");
    }
}

#[test]
fn an_import_summary_names_bad_rows_and_cells_in_chinese() {
    let ws = Ws::new();
    let file = fixture("members_bad_cells.csv");
    let (_, err) = ws.ok(&["--lang", "zh", "import", "members", file.to_str().unwrap()]);
    assert!(err.contains("新增") && err.contains("拒绝"), "{err}");
    assert!(err.contains("个单元格留空"), "{err}");
    assert!(err.contains("缺少编号") && err.contains("第 6 行"), "{err}");
    assert!(err.contains("被拒绝的行"), "{err}");
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let ws = Ws::new();
    let out = ws.run(&["--lang", "fr", "segments"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown language 'fr'"), "{err}");
}
