//! Loading an OSM extract: `read_extract` on the bundled central-Helsinki extract, and
//! storing the result in a workspace file and loading it back.
//!
//! Baselines in the same run: `osmpbf_count_elements` decodes every blob of the file in
//! parallel and counts its elements — the least any reader of the file can do — and
//! `osmpbf_node_map` does what the earlier one-pass reader did (every node's coordinates
//! into a hash map while walking the file). The reader makes up to three passes (see
//! `catchment::osm`), so it should stay within a few times the first.

use catchment::osm::read_extract;
use catchment::workspace::Workspace;
use criterion::{Criterion, criterion_group, criterion_main};
use osmpbf::{Element, ElementReader};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

const PBF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/helsinki.osm.pbf");

fn bench(c: &mut Criterion) {
    let pbf = Path::new(PBF);
    let mut g = c.benchmark_group("helsinki_extract");
    g.sample_size(20);
    g.bench_function("osmpbf_count_elements", |b| {
        b.iter(|| {
            let reader = ElementReader::from_path(pbf).expect("open");
            let n = reader
                .par_map_reduce(|_| 1u64, || 0, |a, b| a + b)
                .expect("decode");
            black_box(n)
        })
    });
    g.bench_function("osmpbf_node_map", |b| {
        b.iter(|| {
            let reader = ElementReader::from_path(pbf).expect("open");
            let mut nodes: HashMap<i64, (f64, f64)> = HashMap::new();
            reader
                .for_each(|e| match e {
                    Element::Node(n) => {
                        nodes.insert(n.id(), (n.lon(), n.lat()));
                    }
                    Element::DenseNode(n) => {
                        nodes.insert(n.id(), (n.lon(), n.lat()));
                    }
                    _ => {}
                })
                .expect("decode");
            black_box(nodes.len())
        })
    });
    g.bench_function("read_extract", |b| {
        b.iter(|| black_box(read_extract(pbf, &mut |_, _| {}).expect("read")))
    });

    let area = read_extract(pbf, &mut |_, _| {}).expect("read");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ws = Workspace::open(&dir.path().join("ws.db")).expect("workspace");
    g.bench_function("store_area", |b| {
        b.iter(|| black_box(ws.store_area(&area, pbf).expect("store")))
    });
    g.bench_function("load_area", |b| {
        b.iter(|| black_box(ws.load_area().expect("load").expect("an area")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
