//! The web app's router, called in-process with `oneshot` (no socket): every endpoint on
//! the demo workspace, bad and oversize uploads, a missing token, a foreign Host or
//! Origin, an unknown shop.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use catchment::app::{DemoSources, build_demo};
use catchment::server::{ServerConfig, ServerState, router};
use catchment::workspace::Workspace;
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:8080";

/// A folder of this test process's own: a runner that starts a process per test (nextest)
/// must not have one process clear another's demo.
fn own_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()))
}

/// The demo workspace, built once per test process; tests that write work on a copy.
fn demo_db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = own_dir("server-demo");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("demo.db");
        let mut ws = Workspace::open(&db).unwrap();
        build_demo(
            &mut ws,
            &DemoSources::Bundled {
                unpack_to: dir.join("data"),
            },
        )
        .unwrap();
        db
    })
}

fn copy_of_demo(name: &str) -> PathBuf {
    let dir = own_dir("server-copies");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm", "-members"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(demo_db(), &db).unwrap();
    db
}

fn app_on(db: &Path, token: Option<&str>, limit: usize) -> Router {
    router(
        ServerState::open(ServerConfig {
            workspace: db.to_path_buf(),
            token: token.map(String::from),
            upload_limit_bytes: limit,
            allowed_hosts: vec![HOST.into(), "localhost:8080".into()],
        })
        .unwrap(),
    )
}

fn demo_app() -> Router {
    app_on(demo_db(), None, 1 << 20)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ctype, body)
}

async fn json(app: &Router, req: Request<Body>) -> (StatusCode, serde_json::Value) {
    let (status, ctype, body) = send(app, req).await;
    assert!(
        ctype.starts_with("application/json"),
        "{ctype}: {}",
        String::from_utf8_lossy(&body)
    );
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn status_and_shops() {
    let app = demo_app();
    let (s, v) = json(&app, get("/api/status")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["members"]["located"].as_u64().unwrap() > 2900, "{v}");
    assert_eq!(v["own_shops"], 1);
    assert!(v["area"].as_str().unwrap().contains("helsinki.osm.pbf"));
    let (s, v) = json(&app, get("/api/shops")).await;
    assert_eq!(s, StatusCode::OK);
    let own: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "own")
        .collect();
    assert_eq!(own.len(), 1);
    assert!(own[0]["lat"].is_f64(), "numbers as numbers: {}", own[0]);
}

#[tokio::test]
async fn rings_match_the_cli_fields_and_formats() {
    let app = demo_app();
    let (s, v) = json(&app, get("/api/rings?cells=true")).await;
    assert_eq!(s, StatusCode::OK);
    let report = &v[0];
    for field in [
        "shop",
        "as_of",
        "radii_m",
        "sectors",
        "members",
        "rings",
        "cells",
        "radius_50_m",
    ] {
        assert!(report.get(field).is_some(), "missing {field}");
    }
    assert_eq!(report["rings"].as_array().unwrap().len(), 6);
    assert_eq!(report["cells"].as_array().unwrap().len(), 40);
    // Where the data ends, for the page to show: the demo's 1 km ring reaches past it.
    assert_eq!(
        report["coverage"]["data_ends"], true,
        "{}",
        report["coverage"]
    );
    assert!(report["coverage"]["area_coverage"].as_f64().unwrap() < 1.0);
    assert!(report["cells"][0]["area_coverage"].is_number());
    let (_, sparse) = json(&app, get("/api/sparse")).await;
    assert_eq!(
        sparse["coverage"]["data_ends"], true,
        "{}",
        sparse["coverage"]
    );
    let (s, ctype, body) = send(&app, get("/api/rings?format=csv")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    assert!(
        String::from_utf8(body)
            .unwrap()
            .starts_with("shop,ring,inner_m")
    );
    let (s, ctype, _) = send(&app, get("/api/rings?format=geojson&cells=true")).await;
    assert_eq!(
        (s, ctype.as_str()),
        (StatusCode::OK, "application/geo+json")
    );
    // A repeated view is the same answer (served from the cache).
    let a = send(&app, get("/api/rings?radii=100,200")).await;
    let b = send(&app, get("/api/rings?radii=100,200")).await;
    assert_eq!(a.2, b.2);
}

#[tokio::test]
async fn bad_parameters_and_unknown_shops_are_4xx_with_a_reason() {
    let app = demo_app();
    for (uri, want) in [
        ("/api/rings?shop=Nowhere", StatusCode::NOT_FOUND),
        ("/api/rings?radii=300,100", StatusCode::BAD_REQUEST),
        ("/api/rings?radii=abc", StatusCode::BAD_REQUEST),
        ("/api/rings?sectors=7", StatusCode::BAD_REQUEST),
        ("/api/rings?format=xml", StatusCode::BAD_REQUEST),
        ("/api/sparse?shop=Nowhere", StatusCode::NOT_FOUND),
        ("/api/sparse?grid=h3:99", StatusCode::BAD_REQUEST),
        ("/api/leaflets?format=geojson", StatusCode::BAD_REQUEST),
        ("/api/map.svg?extent_m=-5", StatusCode::BAD_REQUEST),
        ("/api/map.svg?site_lat=60.17", StatusCode::BAD_REQUEST),
        ("/api/map?format=gif", StatusCode::BAD_REQUEST),
        ("/api/whatif?lat=95&lon=24.9", StatusCode::BAD_REQUEST),
        ("/api/jobs/999", StatusCode::NOT_FOUND),
    ] {
        let (s, v) = json(&app, get(uri)).await;
        assert_eq!(s, want, "{uri}: {v}");
        assert!(
            v["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{uri}: {v}"
        );
    }
    // A competitor has no sparse-area report.
    let (_, shops) = json(&app, get("/api/shops")).await;
    let rival = shops
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "competitor")
        .unwrap();
    let name = rival["name"].as_str().unwrap().replace(' ', "%20");
    let (s, v) = json(&app, get(&format!("/api/sparse?shop={name}"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn reports_of_every_panel() {
    let app = demo_app();
    for uri in [
        "/api/sparse",
        "/api/sparse?grid=h3:9",
        "/api/leaflets",
        "/api/competition",
        "/api/segments",
        "/api/review",
        "/api/whatif?lat=60.1712&lon=24.9401",
    ] {
        let (s, v) = json(&app, get(uri)).await;
        assert_eq!(s, StatusCode::OK, "{uri}: {v}");
    }
    let (_, v) = json(&app, get("/api/sparse")).await;
    assert!(v["cells"].as_array().unwrap().len() >= 40);
    let (_, v) = json(&app, get("/api/whatif?lat=60.1712&lon=24.9401")).await;
    assert_eq!(v["rings"]["shop"]["name"], "candidate site");
    let (s, ctype, body) = send(&app, get("/api/campaign.csv")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    assert!(
        String::from_utf8(body)
            .unwrap()
            .starts_with("id,name,phone")
    );
}

#[tokio::test]
async fn whitespace_lists_the_best_sites_with_their_hexagons() {
    let app = demo_app();
    let (s, v) = json(&app, get("/api/whitespace?top=5")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let sites = v.as_array().unwrap();
    assert_eq!(sites.len(), 5);
    for (k, site) in sites.iter().enumerate() {
        assert_eq!(site["rank"], k + 1);
        let net = site["net_gain"].as_f64().unwrap();
        let (draw, taken) = (
            site["expected_draw"].as_f64().unwrap(),
            site["cannibalized"].as_f64().unwrap(),
        );
        assert!((net - (draw - taken)).abs() < 1e-6 * draw.abs().max(1.0));
        assert!(site["hex"].as_str().unwrap().starts_with("89"), "{site}");
        assert_eq!(site["nearest_own_shop"], "Kauneushuone Aurora");
        let corners = site["boundary"].as_array().unwrap();
        assert!(corners.len() >= 6);
        let lon = corners[0][0].as_f64().unwrap();
        let lat = corners[0][1].as_f64().unwrap();
        assert!(
            (24.9..25.0).contains(&lon) && (60.1..60.2).contains(&lat),
            "{lon}, {lat}"
        );
        for key in ["lat", "lon", "dwellings", "members", "nearest_competitor_m"] {
            assert!(site.get(key).is_some(), "{key} missing: {site}");
        }
    }
    assert!(
        sites
            .windows(2)
            .all(|p| p[0]["net_gain"].as_f64() >= p[1]["net_gain"].as_f64())
    );
    let (s, ctype, body) = send(&app, get("/api/whitespace?top=3&format=csv")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    assert_eq!(String::from_utf8(body).unwrap().lines().count(), 4);
    let (s, v) = json(&app, get("/api/whitespace?grid=h3:15")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn maps_are_drawn_by_the_printing_renderer() {
    let app = demo_app();
    let (s, ctype, body) = send(&app, get("/api/map.svg?sparse=true")).await;
    assert_eq!((s, ctype.as_str()), (StatusCode::OK, "image/svg+xml"));
    let svg = String::from_utf8(body).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..80]
    );
    assert!(svg.contains("OpenStreetMap"));
    let (s, ctype, body) = send(&app, get("/api/map?format=pdf&paper=a3&lang=zh")).await;
    assert_eq!((s, ctype.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(body.starts_with(b"%PDF"));
    let (s, _, body) = send(&app, get("/api/map?format=png")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn the_openapi_document_lists_the_endpoints() {
    let (s, v) = json(&demo_app(), get("/api/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/rings",
        "/api/whatif",
        "/api/whitespace",
        "/api/import/members",
        "/api/jobs/{id}",
        "/api/compare",
    ] {
        assert!(v["paths"].get(path).is_some(), "{path} missing");
    }
}

#[tokio::test]
async fn the_page_and_its_assets_are_served() {
    let app = demo_app();
    let (s, ctype, _) = send(&app, get("/")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/html"));
    let (s, ctype, _) = send(&app, get("/assets/app.js")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.contains("javascript"), "{ctype}");
    let (s, _, _) = send(&app, get("/assets/nothing.js")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn foreign_hosts_and_origins_are_refused() {
    let app = demo_app();
    let rebinding = Request::get("/api/status")
        .header(header::HOST, "evil.example:8080")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, rebinding).await.0, StatusCode::FORBIDDEN);
    let no_host = Request::get("/api/status").body(Body::empty()).unwrap();
    assert_eq!(send(&app, no_host).await.0, StatusCode::FORBIDDEN);
    let db = copy_of_demo("origin");
    let app = app_on(&db, None, 1 << 20);
    let mut req = post(
        "/api/shops",
        "application/json",
        r#"{"name":"X","lat":60.17,"lon":24.94}"#,
    );
    req.headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    assert_eq!(send(&app, req).await.0, StatusCode::FORBIDDEN);
    let mut req = post(
        "/api/shops",
        "application/json",
        r#"{"name":"X","lat":60.17,"lon":24.94}"#,
    );
    req.headers_mut()
        .insert(header::ORIGIN, format!("http://{HOST}").parse().unwrap());
    assert_eq!(send(&app, req).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_token_guards_every_call() {
    let app = app_on(demo_db(), Some("s3cret"), 1 << 20);
    assert_eq!(
        send(&app, get("/api/status")).await.0,
        StatusCode::UNAUTHORIZED
    );
    let wrong = Request::get("/api/status")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, "Bearer nope")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, wrong).await.0, StatusCode::UNAUTHORIZED);
    let right = Request::get("/api/status")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, right).await.0, StatusCode::OK);
    // The page sends people to the login form; the login sets the cookie.
    assert_eq!(send(&app, get("/")).await.0, StatusCode::SEE_OTHER);
    let res = app
        .clone()
        .oneshot(get("/login?token=s3cret"))
        .await
        .unwrap();
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.starts_with("catchment_token=s3cret"));
    let with_cookie = Request::get("/api/shops")
        .header(header::HOST, HOST)
        .header(header::COOKIE, "catchment_token=s3cret")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, with_cookie).await.0, StatusCode::OK);
}

async fn wait_for_job(app: &Router, job: u64) -> serde_json::Value {
    for _ in 0..600 {
        let (_, v) = json(app, get(&format!("/api/jobs/{job}"))).await;
        if v["state"] != "running" {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("job {job} did not finish");
}

#[tokio::test]
async fn uploads_import_and_report_every_rejected_row() {
    let db = copy_of_demo("upload");
    let app = app_on(&db, None, 1 << 20);
    let csv = "id,name,address,visits\nU1,Anna,\"Mikonkatu 18, Helsinki\",3\nU2,Bo,,2\n";
    let (s, v) = json(
        &app,
        post("/api/import/members?filename=new.csv", "text/csv", csv),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let job = wait_for_job(&app, v["job"].as_u64().unwrap()).await;
    assert_eq!(job["state"], "done", "{job}");
    let r = &job["result"];
    assert_eq!(r["inserted"], 1, "{r}");
    assert_eq!(r["rejected"].as_array().unwrap().len(), 1);
    assert_eq!(r["rejected"][0]["row"], 3);
    assert!(r["geocoded"]["members"].as_u64().unwrap() >= 1);
    // The next read sees the new member (the snapshot follows the workspace version).
    let (_, v) = json(&app, get("/api/status")).await;
    assert!(v["members"]["total"].as_u64().unwrap() > 2968, "{v}");

    // A file that is not a table fails as a job with a reason, not a server error.
    let garbage = vec![0u8, 159, 146, 150, 0, 1, 2, 3];
    let (s, v) = json(
        &app,
        post(
            "/api/import/members?filename=x.xlsx",
            "application/octet-stream",
            garbage,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    let job = wait_for_job(&app, v["job"].as_u64().unwrap()).await;
    assert_eq!(job["state"], "failed", "{job}");
    assert!(
        !job["error"]
            .as_str()
            .unwrap()
            .contains("something went wrong"),
        "{job}"
    );

    let (s, _) = json(
        &app,
        post("/api/import/members?filename=x.csv", "text/csv", ""),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = json(
        &app,
        post("/api/import/members?filename=..", "text/csv", "a,b\n1,2\n"),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn oversize_uploads_are_refused() {
    let app = app_on(demo_db(), None, 1024);
    let big = "x".repeat(4096);
    let (s, _, _) = send(
        &app,
        post("/api/import/members?filename=big.csv", "text/csv", big),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn shops_are_added_and_members_located() {
    let db = copy_of_demo("writes");
    let app = app_on(&db, None, 1 << 20);
    let (s, v) = json(
        &app,
        post(
            "/api/shops",
            "application/json",
            r#"{"name":"  ","lat":60.17,"lon":24.94}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = json(
        &app,
        post(
            "/api/shops",
            "application/json",
            r#"{"name":"Site B","lat":60.171,"lon":24.941}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["name"], "Site B");
    assert_eq!(v["warnings"], serde_json::json!([]), "{v}");
    // Latitude and longitude swapped: added, with a warning.
    let (s, v) = json(
        &app,
        post(
            "/api/shops",
            "application/json",
            r#"{"name":"Site C","lat":24.941,"lon":60.171}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["warnings"][0]["kind"], "swapped", "{v}");
    assert!(
        v["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("latitude and longitude look swapped"),
        "{v}"
    );
    let (s, _) = json(
        &app,
        post(
            "/api/shops",
            "application/json",
            r#"{"name":"Site B","lat":60.171,"lon":24.941}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, review) = json(&app, get("/api/review")).await;
    let id = review[0]["id"].as_str().unwrap().to_string();
    let (s, _, _) = send(
        &app,
        post(
            &format!("/api/members/{id}/locate"),
            "application/json",
            r#"{"lat":60.17,"lon":24.94}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = json(
        &app,
        post(
            "/api/members/NOPE/locate",
            "application/json",
            r#"{"lat":60.17,"lon":24.94}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = send(
        &app,
        post("/api/members/NOPE/locate", "application/json", "{not json"),
    )
    .await;
    assert!(s.is_client_error());
}

#[tokio::test]
async fn screen_views_pan_zoom_and_toggle_layers() {
    let app = demo_app();
    let res = app
        .clone()
        .oneshot(get(
            "/api/map.svg?view=true&width=600&height=400&extent_m=800",
        ))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mpp: f64 = res.headers()["x-map-metres-per-pixel"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (mpp - 4.0).abs() < 1e-9,
        "800 m to the nearer edge of 400 px: {mpp}"
    );
    let centre = res.headers()["x-map-centre"].to_str().unwrap().to_string();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let all = String::from_utf8(body.to_vec()).unwrap();
    assert!(all.starts_with("<svg") && all.contains("width=\"600\" height=\"400\""));
    assert!(all.contains("OpenStreetMap"), "attribution on every map");
    assert!(!all.contains("class=\"legend\"") || !all.contains("ring-table"));
    // Without the members and the basemap, less is drawn.
    let (_, _, bare) = send(
        &app,
        get("/api/map.svg?view=true&width=600&height=400&layers=rings"),
    )
    .await;
    assert!(
        bare.len() * 3 < all.len(),
        "{} vs {}",
        bare.len(),
        all.len()
    );
    // Panned elsewhere, the header says where.
    let uri = "/api/map.svg?view=true&width=600&height=400&centre_lat=60.175&centre_lon=24.95";
    let res = app.clone().oneshot(get(uri)).await.unwrap();
    assert_eq!(res.headers()["x-map-centre"], "60.1750000,24.9500000");
    assert_ne!(centre, "60.1750000,24.9500000");
    for bad in [
        "/api/map.svg?view=true&width=5",
        "/api/map.svg?view=true&layers=roads",
        "/api/map.svg?view=true&centre_lat=60.1",
    ] {
        assert_eq!(
            send(&app, get(bad)).await.0,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn compare_gives_the_command_lines_comparison() {
    let db = copy_of_demo("compare");
    let app = app_on(&db, None, 1 << 20);
    for body in [
        r#"{"name":"Kamppi","lat":60.1690,"lon":24.9320}"#,
        r#"{"name":"Kruununhaka","lat":60.1720,"lon":24.9560}"#,
    ] {
        let (s, v) = json(&app, post("/api/shops", "application/json", body)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (s, v) = json(&app, get("/api/compare?benchmark=Kamppi")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let figures = v["figures"].as_array().unwrap();
    assert!(figures.iter().any(|f| f == "huff_share"));
    let shops = v["shops"].as_array().unwrap();
    assert_eq!(shops.len(), 3);
    for row in shops {
        assert_eq!(row["values"].as_array().unwrap().len(), figures.len());
        assert_eq!(row["ranks"].as_array().unwrap().len(), figures.len());
        assert!(row["vs_benchmark"].is_array(), "{row}");
    }
    assert_eq!(v["benchmark"], "Kamppi");
    assert!(v["chain_median"].is_array() && v["overlaps"].is_array());
    let (s, v) = json(&app, get("/api/compare?shops=Kamppi,Kruununhaka")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["shops"].as_array().unwrap().len(), 2);
    assert!(v["benchmark"].is_null());
    let (s, ctype, body) = send(&app, get("/api/compare?format=csv&lang=zh")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    assert!(
        String::from_utf8(body)
            .unwrap()
            .starts_with("shop,own_members,")
    );
    let (s, v) = json(&app, get("/api/compare?shops=Kamppi&benchmark=Kruununhaka")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = json(&app, get("/api/compare?shops=Nowhere")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
}
