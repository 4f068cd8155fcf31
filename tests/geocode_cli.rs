//! The geocoding flow through the binary: area load, automatic and explicit geocoding,
//! the cache, review, hand fixes that survive re-imports, stdin scripting, competitor
//! discovery, and Chinese addresses on a tiny hand-made extract.

mod common;

use common::{Ws, repo};
use std::io::Write;
use std::process::Stdio;

const HELSINKI_MEMBERS: &str = "id,address,visits,last_visit\n\
1,\"Kaivokatu 4, Helsinki\",3,2026-10-01\n\
2,mannerheimintie 5 b 12,1,2026-09-01\n\
3,\"Mannerheimvägen 5, Helsingfors\",2,2026-10-20\n\
4,Aleksanterinkatu,2,2026-10-20\n\
5,n/a,1,2026-10-20\n\
6,\"Hämeenkatu 10, 33100 Tampere\",1,2026-10-20\n";

#[test]
fn area_load_geocodes_pending_members_and_the_cache_makes_reruns_free() {
    let ws = Ws::new();
    let members = ws.file("m.csv", HELSINKI_MEMBERS);
    let (_, err) = ws.ok(&["import", "members", &members]);
    assert!(err.contains("5 new"), "{err}");
    let (_, err) = ws.load_helsinki();
    assert!(err.contains("geocoded 5 members"), "{err}");
    assert!(
        err.contains("3 house, 0 compound, 1 street, 0 postcode, 1 none"),
        "{err}"
    );
    ws.ok(&[
        "shop",
        "add",
        "Salon",
        "--lat",
        "60.170282",
        "--lon",
        "24.943749",
    ]);
    let (csv, err) = ws.ok(&["rings", "--format", "csv"]);
    assert!(
        err.contains("1 placed only by postcode or not at all"),
        "{err}"
    );
    let total: u64 = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 4);
    // Nothing is pending now; --retry looks up the unmatched one again, from the cache.
    let (_, err) = ws.ok(&["geocode"]);
    assert!(err.contains("geocoded 0 members"), "{err}");
    let (_, err) = ws.ok(&["geocode", "--retry"]);
    assert!(err.contains("geocoded 1 members"), "{err}");
    let (review, _) = ws.ok(&["geocode", "--review", "--format", "csv"]);
    assert!(
        review.contains("Tampere") && review.contains(",none,"),
        "{review}"
    );
    assert!(review.contains("Aleksanterinkatu,street"), "{review}");
}

#[test]
fn a_hand_fix_survives_reimport() {
    let ws = Ws::new();
    let members = ws.file("m.csv", HELSINKI_MEMBERS);
    ws.load_helsinki();
    ws.ok(&["import", "members", &members]);
    // Member 6 lives in Tampere as far as the geocoder knows; put them at the north edge
    // of the extract, ~1 km from every other member, with a shop there.
    ws.ok(&[
        "member", "locate", "6", "--lat", "60.1790", "--lon", "24.9520",
    ]);
    // A newer export: member 6 came back once more, so the row is updated, not unchanged.
    let newer = ws.file(
        "m2.csv",
        &HELSINKI_MEMBERS.replace("Tampere\",1,2026-10-20", "Tampere\",2,2026-10-30"),
    );
    let (_, err) = ws.ok(&["import", "members", &newer]);
    assert!(err.contains("1 updated"), "{err}");
    ws.ok(&[
        "shop", "add", "Salon", "--lat", "60.1790", "--lon", "24.9520",
    ]);
    let (csv, _) = ws.ok(&["rings", "--format", "csv"]);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("Salon,1,0,150,1,"),
        "{csv}"
    );
    let out = ws
        .cmd(&[
            "member", "locate", "nope", "--lat", "60.17", "--lon", "24.94",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn stdin_answers_line_by_line_in_order() {
    let ws = Ws::new();
    ws.load_helsinki();
    let mut child = ws
        .cmd(&["geocode", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Kaivokatu 4\nrubbish words\n\nMannerheimvägen 5\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("60.17") && lines[0].ends_with(",house"),
        "{text}"
    );
    assert_eq!(lines[1], "");
    assert_eq!(lines[2], "");
    assert!(lines[3].ends_with(",house"), "{text}");
}

#[test]
fn stdin_answers_every_line_even_a_huge_one_or_one_not_utf8() {
    let ws = Ws::new();
    ws.load_helsinki();
    let mut input = b"Kaivokatu 4\n\xffKaivokatu 4\xfe\n".to_vec();
    // One line of 4 MB (the whole of it the same street, over and over), then an address
    // just over the longest read.
    input.extend("Kaivokatu 4 ".repeat(4 << 20 >> 4).bytes());
    input.push(b'\n');
    input.extend(format!("Kaivokatu 4 {}\n", "x".repeat(400)).bytes());
    input.extend(b"Mannerheimv\xc3\xa4gen 5");
    let mut child = ws
        .cmd(&["geocode", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let started = std::time::Instant::now();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].ends_with(",house"), "{text}");
    assert_eq!(lines[1..4], ["", "", ""]);
    assert!(lines[4].ends_with(",house"), "{text}");
}

#[test]
fn competitors_are_discovered_from_the_area() {
    let ws = Ws::new();
    ws.load_helsinki();
    ws.ok(&[
        "shop",
        "add",
        "Salon",
        "--lat",
        "60.170282",
        "--lon",
        "24.943749",
    ]);
    let (_, err) = ws.ok(&[
        "competitors",
        "discover",
        "--category",
        "beauty,hairdresser",
        "--within",
        "300",
    ]);
    assert!(err.contains("added"), "{err}");
    let (list, _) = ws.ok(&["shop", "list", "--format", "csv"]);
    let competitors = list.lines().filter(|l| l.contains(",competitor,")).count();
    assert!(competitors >= 5, "{list}");
    let (_, err) = ws.ok(&[
        "competitors",
        "discover",
        "--category",
        "beauty,hairdresser",
        "--within",
        "300",
    ]);
    assert!(err.contains("added 0 competitors"), "{err}");
}

#[test]
fn chinese_addresses_on_a_small_shanghai_extract() {
    let ws = Ws::new();
    ws.ok(&[
        "area",
        "load",
        repo("tests/fixtures/shanghai_small.osm.pbf")
            .to_str()
            .unwrap(),
    ]);
    let mut child = ws
        .cmd(&["geocode", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "上海市浦东新区世纪大道100号3栋2单元502室\n世纪大道１２０号\n世纪大道114号\n浦电路\n广东省广州市天河区体育西路100号\n13800000000\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let text = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(lines[0], "31.2342000,121.5016000,house");
    assert_eq!(lines[1], "31.2326000,121.5044000,house");
    assert!(
        lines[2].ends_with(",house"),
        "interpolated between 110 and 120: {text}"
    );
    assert!(lines[3].ends_with(",street"), "{text}");
    assert_eq!(lines[4], "", "another city");
    assert_eq!(lines[5], "", "a phone number");
}
