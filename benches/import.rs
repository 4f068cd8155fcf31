//! Importing a 1,000,000-row member CSV into a fresh workspace file, against the baseline
//! of only reading and splitting the same file into rows (no parsing, no SQLite).

use catchment::ingest::members::MemberImportOptions;
use catchment::ingest::table::{Table, TableOptions};
use catchment::workspace::Workspace;
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::hint::black_box;

/// The allocator the `catchment` binary uses (see `src/main.rs`), so both figures are
/// what a user gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 1_000_000;

fn member_csv() -> String {
    let mut text = String::from(
        "会员卡号,姓名,手机号,地址,纬度,经度,会员等级,消费次数,累计消费,开卡日期,最近消费\n",
    );
    for i in 0..ROWS {
        let _ = writeln!(
            text,
            "A{i:07},张伟,138{i:08},上海市浦东新区世纪大道{}号,31.{:06},121.{:06},{},{},\"{}.50\",2023/{}/{},2024年{}月{}日",
            i % 900 + 1,
            200_000 + i % 50_000,
            480_000 + (i * 7) % 60_000,
            if i % 20 == 0 { "VIP" } else { "普通" },
            i % 30 + 1,
            (i % 5000) + 10,
            i % 12 + 1,
            i % 28 + 1,
            i % 12 + 1,
            i % 28 + 1
        );
    }
    text
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("members.csv");
    std::fs::write(&csv, member_csv()).expect("write csv");
    let mut g = c.benchmark_group("import_1M_rows");
    g.sample_size(10);
    g.bench_function("read_rows_only", |b| {
        b.iter(|| {
            let mut t = Table::open(&csv, &TableOptions::default()).expect("open");
            black_box(t.rows().count())
        })
    });
    let mut run = 0;
    g.bench_function("import_into_new_workspace", |b| {
        b.iter(|| {
            run += 1;
            let mut ws =
                Workspace::open(&dir.path().join(format!("ws{run}.db"))).expect("workspace");
            let s = ws
                .import_members(&csv, &MemberImportOptions::default(), &mut |_, _| {})
                .expect("import");
            assert_eq!(s.inserted as usize, ROWS);
            black_box(s.inserted)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
