//! The JSON API: each handler reads its query, calls one use case (or one analysis of the
//! workspace's snapshot) on a blocking thread and answers with the same fields the CLI
//! writes (`rings --format json` and friends). Reports are kept per workspace version, so
//! a repeated view is served from memory.

use super::{ApiError, ServerState, state::Cached};
use crate::analysis::rings::{Radii, RingPlan};
use crate::analysis::sectors::SectorScheme;
use crate::analysis::sparse::{Grid, SparseRules};
use crate::app::{self, ShopDefault, Snapshot};
use crate::coord::LonLat;
use crate::i18n::Lang;
use crate::model::{Shop, ShopKind};
use crate::render::{self, ColourBy, Extent, Layers, MapSpec, MemberLayer, Paper, View};
use crate::report::{self, Format};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// Runs blocking work (SQLite, analysis, rendering) off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("a worker failed: {e}")))?
}

fn content_type(format: Format) -> &'static str {
    match format {
        Format::Json => "application/json",
        Format::Geojson => "application/geo+json",
        Format::Csv => "text/csv; charset=utf-8",
        Format::Table => "text/plain; charset=utf-8",
    }
}

fn respond(c: Cached) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, c.content_type)],
        c.body.as_ref().clone(),
    )
        .into_response();
    for (name, value) in c.headers {
        if let Ok(value) = header::HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static(name), value);
        }
    }
    response
}

/// Answers from the cache of the current workspace version, or makes the response with
/// `make` and keeps it.
async fn cached(
    state: ServerState,
    uri: &Uri,
    make: impl FnOnce(&ServerState, &Arc<Snapshot>) -> Result<Made, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let key = uri.to_string();
    let made = blocking(move || {
        let snap = state.snapshot()?;
        if let Some(hit) = state.cached(&key) {
            return Ok(hit);
        }
        let made = make(&state, &snap)?;
        let c = Cached {
            content_type: made.content_type,
            headers: made.headers,
            body: Arc::new(made.body),
        };
        state.keep(&snap, key, c.clone());
        Ok(c)
    })
    .await?;
    Ok(respond(made))
}

/// The `lang` parameter: en (default) or zh.
fn lang_of(value: Option<&str>) -> Result<Lang, ApiError> {
    Ok(parse::<Lang>(value, "lang")?.unwrap_or_default())
}

fn parse<T: std::str::FromStr>(value: Option<&str>, what: &str) -> Result<Option<T>, ApiError>
where
    T::Err: std::fmt::Display,
{
    value
        .map(|v| {
            v.parse::<T>()
                .map_err(|e| ApiError::bad_request(format!("{what}: {e}")))
        })
        .transpose()
}

fn format_of(value: Option<&str>) -> Result<Format, ApiError> {
    Ok(parse(value, "format")?.unwrap_or(Format::Json))
}

fn plan_of(radii: Option<&str>, sectors: Option<&str>) -> Result<RingPlan, ApiError> {
    let radii: Radii = parse(radii, "radii")?.unwrap_or_default();
    let sectors: SectorScheme = parse(sectors, "sectors")?.unwrap_or(SectorScheme::EIGHT);
    RingPlan::from_radii(&radii, sectors).map_err(|e| ApiError::bad_request(e.to_string()))
}

/// A response made for the cache.
struct Made {
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn write_with(
    format: Format,
    f: impl FnOnce(&mut Vec<u8>) -> Result<(), report::ReportError>,
) -> Result<Made, ApiError> {
    let mut body = Vec::new();
    f(&mut body).map_err(|e| match e {
        report::ReportError::Unsupported { .. } => ApiError::bad_request(e.to_string()),
        other => ApiError::internal(other.to_string()),
    })?;
    Ok(Made {
        content_type: content_type(format),
        headers: Vec::new(),
        body,
    })
}

/// What the workspace holds.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Status {
    /// Members: all, located, pending geocoding, unplaced.
    #[schema(value_type = Object)]
    members: crate::workspace::MemberCounts,
    /// Own shops.
    own_shops: usize,
    /// Competitors.
    competitors: usize,
    /// What the loaded OSM area holds, as `catchment area info` prints it (`null`: none).
    area: Option<String>,
}

/// The workspace at a glance.
#[utoipa::path(get, path = "/api/status", responses((status = 200, body = Status)))]
pub(super) async fn status(State(state): State<ServerState>) -> Result<Json<Status>, ApiError> {
    blocking(move || {
        let snap = state.snapshot()?;
        let area = state.with_reader(|ws| ws.area_info())?;
        let own = snap
            .shops()
            .iter()
            .filter(|s| s.kind == ShopKind::Own)
            .count();
        Ok(Json(Status {
            members: snap.counts(),
            own_shops: own,
            competitors: snap.shops().len() - own,
            area: area.map(|a| a.to_string()),
        }))
    })
    .await
}

/// A shop or competitor.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub(super) struct ShopBody {
    /// Unique name.
    name: String,
    /// `own` (default) or `competitor`.
    #[serde(default)]
    kind: Option<String>,
    /// Latitude, degrees WGS84.
    lat: f64,
    /// Longitude, degrees WGS84.
    lon: f64,
    /// Street address.
    #[serde(default)]
    address: Option<String>,
    /// Category such as `beauty`.
    #[serde(default)]
    category: Option<String>,
}

impl From<&Shop> for ShopBody {
    fn from(s: &Shop) -> Self {
        Self {
            name: s.name.clone(),
            kind: Some(s.kind.as_str().to_string()),
            lat: s.position.lat_deg(),
            lon: s.position.lon_deg(),
            address: s.address.clone(),
            category: s.category.clone(),
        }
    }
}

/// Every shop and competitor.
#[utoipa::path(get, path = "/api/shops", responses((status = 200, body = [ShopBody])))]
pub(super) async fn shops(
    State(state): State<ServerState>,
) -> Result<Json<Vec<ShopBody>>, ApiError> {
    blocking(move || {
        let snap = state.snapshot()?;
        Ok(Json(snap.shops().iter().map(ShopBody::from).collect()))
    })
    .await
}

/// A shop as added, and what to check about its position.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct ShopAddedBody {
    /// The shop.
    #[serde(flatten)]
    shop: ShopBody,
    /// What to check about its position: outside the loaded area (with the distance), or
    /// latitude and longitude looking swapped. The shop is added all the same.
    warnings: Vec<WarningBody>,
}

/// A warning about a shop's position: its figures and the sentence (English, or the
/// `lang` asked for).
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct WarningBody {
    /// `swapped` or `outside_area`, with its figures.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    warning: crate::model::ShopWarning,
    /// The warning as a sentence.
    message: String,
}

/// The language of an added shop's warnings.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct LangQuery {
    /// en (default) or zh.
    lang: Option<String>,
}

/// Adds a shop (e.g. a what-if site saved as a shop).
#[utoipa::path(post, path = "/api/shops", request_body = ShopBody, params(LangQuery),
    responses((status = 201, body = ShopAddedBody), (status = 400), (status = 409)))]
pub(super) async fn add_shop(
    State(state): State<ServerState>,
    Query(q): Query<LangQuery>,
    Json(body): Json<ShopBody>,
) -> Result<(StatusCode, Json<ShopAddedBody>), ApiError> {
    let texts = lang_of(q.lang.as_deref())?.texts();
    blocking(move || {
        let kind = match body.kind.as_deref().unwrap_or("own") {
            "own" => ShopKind::Own,
            "competitor" => ShopKind::Competitor,
            other => {
                return Err(ApiError::bad_request(format!(
                    "kind '{other}' is neither own nor competitor"
                )));
            }
        };
        let position =
            LonLat::new(body.lon, body.lat).map_err(|e| ApiError::bad_request(e.to_string()))?;
        let shop = Shop {
            name: body.name,
            kind,
            position,
            address: body.address.filter(|a| !a.trim().is_empty()),
            category: body.category.filter(|c| !c.trim().is_empty()),
        };
        let added = app::add_shop(&mut state.writer()?, shop)?;
        Ok((
            StatusCode::CREATED,
            Json(ShopAddedBody {
                shop: ShopBody::from(&added.shop),
                warnings: added
                    .warnings
                    .into_iter()
                    .map(|warning| WarningBody {
                        message: texts.shop_warning(&warning),
                        warning,
                    })
                    .collect(),
            }),
        ))
    })
    .await
}

/// Which rings around which shops.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct RingQuery {
    /// Shop or competitor (default: the only own shop).
    shop: Option<String>,
    /// Every own shop.
    #[serde(default)]
    all: bool,
    /// Every competitor.
    #[serde(default)]
    competitors: bool,
    /// Radii in metres, comma-separated (default 150,300,450,600,1000).
    radii: Option<String>,
    /// 4, 8 or 16 sectors (default 8).
    sectors: Option<String>,
    /// With the ring × sector cells.
    #[serde(default)]
    cells: bool,
    /// json (default), csv, geojson or table.
    format: Option<String>,
    /// Language of the table format: en (default) or zh.
    lang: Option<String>,
}

/// The ring report, as `catchment rings --format json` writes it: an array, one report
/// per shop.
#[utoipa::path(get, path = "/api/rings", params(RingQuery),
    responses((status = 200, body = serde_json::Value), (status = 400), (status = 404)))]
pub(super) async fn rings(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<RingQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    let plan = plan_of(q.radii.as_deref(), q.sectors.as_deref())?;
    let default = match (q.all, q.competitors) {
        (true, _) => ShopDefault::EveryOwnShop,
        (_, true) => ShopDefault::EveryCompetitor,
        _ => ShopDefault::TheOnlyOwnShop,
    };
    cached(state, &uri, move |_, snap| {
        let shops = app::select_shops(snap.shops(), q.shop.as_deref(), default)?;
        let reports = app::rings(snap, &shops, &plan);
        write_with(format, |out| {
            report::write_rings(&reports, format, q.cells, lang, out)
        })
    })
    .await
}

/// A candidate site.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct SiteQuery {
    /// Latitude, degrees WGS84.
    lat: f64,
    /// Longitude, degrees WGS84.
    lon: f64,
    /// Radii in metres, comma-separated.
    radii: Option<String>,
    /// 4, 8 or 16 sectors.
    sectors: Option<String>,
}

/// What a shop at a candidate site would see.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct WhatIf {
    /// The ring report of the site, cells included.
    #[schema(value_type = Object)]
    rings: crate::analysis::rings::RingReport,
    /// Its sparse-area report (`null` when it cannot be made: see `sparse_error`).
    #[schema(value_type = Object)]
    sparse: Option<crate::analysis::sparse::SparseReport>,
    /// Why there is no sparse report.
    sparse_error: Option<String>,
}

/// The site a what-if request asks about, as an own shop.
fn candidate(lat: f64, lon: f64) -> Result<Shop, ApiError> {
    Ok(Shop {
        name: "candidate site".into(),
        kind: ShopKind::Own,
        position: LonLat::new(lon, lat).map_err(|e| ApiError::bad_request(e.to_string()))?,
        address: None,
        category: None,
    })
}

/// Ring counts, sectors and sparse cells for a shop at any point.
#[utoipa::path(get, path = "/api/whatif", params(SiteQuery),
    responses((status = 200, body = WhatIf), (status = 400)))]
pub(super) async fn whatif(
    State(state): State<ServerState>,
    Query(q): Query<SiteQuery>,
) -> Result<Json<WhatIf>, ApiError> {
    let plan = plan_of(q.radii.as_deref(), q.sectors.as_deref())?;
    let site = candidate(q.lat, q.lon)?;
    blocking(move || {
        let snap = state.snapshot()?;
        let rings = app::ring(&snap, &site, &plan);
        let (sparse, sparse_error) = match app::sparse_on_rings(&snap, &site, &plan) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e.to_string())),
        };
        Ok(Json(WhatIf {
            rings,
            sparse,
            sparse_error,
        }))
    })
    .await
}

/// What the map shows.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct MapQuery {
    /// The shop at the centre (default: the only own shop).
    shop: Option<String>,
    /// A candidate site instead of a shop: latitude.
    site_lat: Option<f64>,
    /// A candidate site instead of a shop: longitude.
    site_lon: Option<f64>,
    /// Radii in metres, comma-separated.
    radii: Option<String>,
    /// Draw sector lines between 4, 8 or 16 sectors.
    sectors: Option<String>,
    /// en (default) or zh.
    lang: Option<String>,
    /// Members as auto (default), dots, hex or none.
    members: Option<String>,
    /// What dot colours show: segment (default), visits, spend or vip.
    colour_by: Option<String>,
    /// Hatch the sparse cells.
    #[serde(default)]
    sparse: bool,
    /// Hexagons only, none with fewer than 3 members.
    #[serde(default)]
    privacy: bool,
    /// Metres from the shop to the map's nearer edge (default: the outer ring and 12 %).
    extent_m: Option<f64>,
    /// Paper for downloads: a4 (default), a3 or letter.
    paper: Option<String>,
    /// Landscape paper.
    #[serde(default)]
    landscape: bool,
    /// Download format: pdf (default), png or svg.
    format: Option<String>,
    /// A screen view (the map alone, `width` × `height` pixels) instead of a page.
    #[serde(default)]
    view: bool,
    /// Screen view width in pixels (100 to 4000).
    width: Option<f64>,
    /// Screen view height in pixels (100 to 4000).
    height: Option<f64>,
    /// Screen view centre: latitude (default: the shop).
    centre_lat: Option<f64>,
    /// Screen view centre: longitude.
    centre_lon: Option<f64>,
    /// Screen view layers, comma-separated, of basemap, rings, sectors, members, vip,
    /// competitors, sparse (default: all but sectors and sparse, which have their own
    /// parameters).
    layers: Option<String>,
}

impl MapQuery {
    /// The screen view asked for, with `sectors` and `sparse` switched by `layers`.
    fn view(&mut self) -> Result<View, ApiError> {
        let size = |v: Option<f64>, what: &str| match v {
            Some(px) if (100.0..=4000.0).contains(&px) => Ok(px),
            Some(px) => Err(ApiError::bad_request(format!(
                "{what} {px} is not between 100 and 4000 pixels"
            ))),
            None => Ok(800.0),
        };
        let centre = match (self.centre_lat, self.centre_lon) {
            (Some(lat), Some(lon)) => {
                Some(LonLat::new(lon, lat).map_err(|e| ApiError::bad_request(e.to_string()))?)
            }
            (None, None) => None,
            _ => {
                return Err(ApiError::bad_request(
                    "a centre needs both centre_lat and centre_lon",
                ));
            }
        };
        let mut layers = Layers::ALL;
        if let Some(list) = &self.layers {
            layers = Layers {
                basemap: false,
                rings: false,
                members: false,
                vip: false,
                competitors: false,
            };
            let (mut sectors, mut sparse) = (false, false);
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match name {
                    "basemap" => layers.basemap = true,
                    "rings" => layers.rings = true,
                    "members" => layers.members = true,
                    "vip" => layers.vip = true,
                    "competitors" => layers.competitors = true,
                    "sectors" => sectors = true,
                    "sparse" => sparse = true,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "'{other}' is not a layer (basemap, rings, sectors, members, vip, competitors, sparse)"
                        )));
                    }
                }
            }
            if sectors && self.sectors.is_none() {
                self.sectors = Some("8".into());
            }
            if !sectors {
                self.sectors = None;
            }
            self.sparse = sparse;
        }
        Ok(View {
            width_px: size(self.width, "width")?,
            height_px: size(self.height, "height")?,
            centre,
            layers,
        })
    }

    fn spec(&self) -> Result<MapSpec, ApiError> {
        let sectors: Option<SectorScheme> = parse(self.sectors.as_deref(), "sectors")?;
        let radii: Radii = parse(self.radii.as_deref(), "radii")?.unwrap_or_default();
        let plan = RingPlan::from_radii(&radii, sectors.unwrap_or(SectorScheme::EIGHT))
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let extent = match self.extent_m {
            Some(m) if m.is_finite() && m > 10.0 && m < 200_000.0 => Extent::Metres(m),
            Some(m) => {
                return Err(ApiError::bad_request(format!(
                    "extent_m {m} is not a distance between 10 m and 200 km"
                )));
            }
            None => Extent::Auto,
        };
        Ok(MapSpec {
            paper: parse::<Paper>(self.paper.as_deref(), "paper")?.unwrap_or(Paper::A4),
            landscape: self.landscape,
            plan,
            sector_lines: sectors.is_some(),
            lang: lang_of(self.lang.as_deref())?,
            title: None,
            extent,
            members: parse::<MemberLayer>(self.members.as_deref(), "members")?
                .unwrap_or(MemberLayer::Auto),
            colour_by: parse::<ColourBy>(self.colour_by.as_deref(), "colour_by")?
                .unwrap_or(ColourBy::Segment),
            privacy: self.privacy,
            dpi: 150,
            sparse: Vec::new(),
        })
    }

    /// The shop (or candidate site) and the full spec, sparse overlay included.
    fn resolve(&self, snap: &Snapshot) -> Result<(Shop, MapSpec), ApiError> {
        let mut spec = self.spec()?;
        let shop = match (self.site_lat, self.site_lon) {
            (Some(lat), Some(lon)) => candidate(lat, lon)?,
            (None, None) => app::select_shops(
                snap.shops(),
                self.shop.as_deref(),
                ShopDefault::TheOnlyOwnShop,
            )?
            .remove(0),
            _ => {
                return Err(ApiError::bad_request(
                    "a site needs both site_lat and site_lon",
                ));
            }
        };
        if self.sparse {
            let report = app::sparse_on_rings(snap, &shop, &spec.plan)?;
            spec.sparse = app::sparse_overlay(&report);
        }
        Ok((shop, spec))
    }
}

/// The map as SVG, drawn by the same renderer as the printed map: the printable page, or
/// with `view=true` the map alone for a screen, re-requested as the user pans and zooms.
/// A screen view says where it is in the headers `X-Map-Centre: LAT,LON` and
/// `X-Map-Metres-Per-Pixel` (north is up, the centre in the middle).
#[utoipa::path(get, path = "/api/map.svg", params(MapQuery),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 400), (status = 404)))]
pub(super) async fn map_svg(
    State(state): State<ServerState>,
    uri: Uri,
    Query(mut q): Query<MapQuery>,
) -> Result<Response, ApiError> {
    let view = if q.view { Some(q.view()?) } else { None };
    cached(state, &uri, move |_, snap| {
        let (shop, spec) = q.resolve(snap)?;
        let data = snap.map_data();
        let Some(view) = view else {
            return Ok(Made {
                content_type: "image/svg+xml",
                headers: Vec::new(),
                body: render::map_svg(data, &shop, &spec).into_bytes(),
            });
        };
        let centre = view.centre.unwrap_or(shop.position);
        Ok(Made {
            content_type: "image/svg+xml",
            headers: vec![
                (
                    "x-map-centre",
                    format!("{:.7},{:.7}", centre.lat_deg(), centre.lon_deg()),
                ),
                (
                    "x-map-metres-per-pixel",
                    format!("{:.6}", view.metres_per_px(&spec)),
                ),
            ],
            body: render::map_view_svg(data, &shop, &spec, &view).into_bytes(),
        })
    })
    .await
}

/// The printable map as a file: PDF (default), PNG or SVG.
#[utoipa::path(get, path = "/api/map", params(MapQuery),
    responses((status = 200, description = "the map file"), (status = 400), (status = 404)))]
pub(super) async fn map_download(
    State(state): State<ServerState>,
    Query(q): Query<MapQuery>,
) -> Result<Response, ApiError> {
    let format = q.format.clone().unwrap_or_else(|| "pdf".into());
    blocking(move || {
        let snap = state.snapshot()?;
        let (shop, spec) = q.resolve(&snap)?;
        let data = snap.map_data();
        let (mime, ext, body) = match format.as_str() {
            "svg" => (
                "image/svg+xml",
                "svg",
                render::map_svg(data, &shop, &spec).into_bytes(),
            ),
            "pdf" | "png" => {
                let fonts = render::Fonts::from_env().map_err(app::AppError::from)?;
                if format == "pdf" {
                    let pdf = render::map_pdf(data, std::slice::from_ref(&shop), &spec, &fonts);
                    ("application/pdf", "pdf", pdf.map_err(app::AppError::from)?)
                } else {
                    let png = render::map_png(data, &shop, &spec, &fonts);
                    ("image/png", "png", png.map_err(app::AppError::from)?)
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "format '{other}' is not a map format (pdf, png or svg)"
                )));
            }
        };
        Ok(attachment(mime, &format!("map.{ext}"), body))
    })
    .await
}

/// A file the browser saves rather than shows.
fn attachment(mime: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Which sparse-area report.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct SparseQuery {
    /// The own shop (default: the only one).
    shop: Option<String>,
    /// rings (default), h3:9 or h3:10.
    grid: Option<String>,
    /// Radii in metres, comma-separated.
    radii: Option<String>,
    /// 4, 8 or 16 sectors.
    sectors: Option<String>,
    /// json (default), csv, geojson or table.
    format: Option<String>,
    /// Language of the table format: en (default) or zh.
    lang: Option<String>,
}

impl SparseQuery {
    fn report(&self, snap: &Snapshot) -> Result<crate::analysis::sparse::SparseReport, ApiError> {
        let plan = plan_of(self.radii.as_deref(), self.sectors.as_deref())?;
        let grid = Grid::parse(self.grid.as_deref().unwrap_or("rings"), plan)
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let shop = app::own_shop(snap.shops(), self.shop.as_deref())?;
        Ok(app::sparse(snap, &shop, &grid, &SparseRules::default())?)
    }
}

/// The sparse-area report, as `catchment sparse --format json` writes it.
#[utoipa::path(get, path = "/api/sparse", params(SparseQuery),
    responses((status = 200, body = serde_json::Value), (status = 400), (status = 409)))]
pub(super) async fn sparse(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<SparseQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    cached(state, &uri, move |_, snap| {
        let r = q.report(snap)?;
        write_with(format, |out| report::write_sparse(&r, format, lang, out))
    })
    .await
}

/// The leaflet plan: each sparse cell's streets with their homes, in walking order.
#[utoipa::path(get, path = "/api/leaflets", params(SparseQuery),
    responses((status = 200, body = serde_json::Value), (status = 400), (status = 409)))]
pub(super) async fn leaflets(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<SparseQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    cached(state, &uri, move |_, snap| {
        let r = q.report(snap)?;
        let plans = app::leaflets(snap, &r)?;
        write_with(format, |out| {
            report::write_leaflets(&r.shop.name, &plans, format, lang, out)
        })
    })
    .await
}

/// The campaign list as CSV: the only response with names and phones.
#[utoipa::path(get, path = "/api/campaign.csv", params(SparseQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 409)))]
pub(super) async fn campaign(
    State(state): State<ServerState>,
    Query(q): Query<SparseQuery>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let snap = state.snapshot()?;
        let r = q.report(&snap)?;
        let shop = app::own_shop(snap.shops(), q.shop.as_deref())?;
        let list = state.with_reader(|ws| app::campaign_list(ws, &snap, &shop, &r, None, None))?;
        let mut body = Vec::new();
        report::write_targets_csv(&list.picked.targets, &list.contacts, &mut body)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(attachment("text/csv; charset=utf-8", "campaign.csv", body))
    })
    .await
}

/// Which competition report.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct CompetitionQuery {
    /// The own shop (default: the only one).
    shop: Option<String>,
    /// Radii in metres, comma-separated.
    radii: Option<String>,
    /// 4, 8 or 16 sectors.
    sectors: Option<String>,
    /// json (default), csv, geojson or table.
    format: Option<String>,
    /// Language of the table format: en (default) or zh.
    lang: Option<String>,
}

/// Competitors, Huff market share per cell and the overlap of own shops.
#[utoipa::path(get, path = "/api/competition", params(CompetitionQuery),
    responses((status = 200, body = serde_json::Value), (status = 400), (status = 409)))]
pub(super) async fn competition(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<CompetitionQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    let plan = plan_of(q.radii.as_deref(), q.sectors.as_deref())?;
    cached(state, &uri, move |_, snap| {
        let shop = app::own_shop(snap.shops(), q.shop.as_deref())?;
        let r = app::competition(snap, &shop, &plan)?;
        write_with(format, |out| {
            report::write_competition(&r, snap.shops(), format, lang, out)
        })
    })
    .await
}

/// Which white-space ranking.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct WhitespaceQuery {
    /// Candidate hexagons: h3:9 (default) or any H3 resolution h3:6 to h3:11.
    grid: Option<String>,
    /// How many of the best sites (default 10; 0: every candidate).
    top: Option<usize>,
    /// json (default: an array of sites), csv or table.
    format: Option<String>,
    /// Language of the table format: en (default) or zh.
    lang: Option<String>,
}

/// Candidate sites for the next own shop, best first, as `catchment whitespace` ranks
/// them. JSON is an array of sites: `rank`, `hex`, `lat`, `lon`, `dwellings`, `members`,
/// `nearest_own_shop`, `nearest_own_shop_m`, `nearest_competitor`,
/// `nearest_competitor_m`, `expected_draw`, `cannibalized`, `net_gain` and `boundary`
/// (the hexagon's corners as `[lon, lat]`). 409 without an area or own shop; 422 when
/// the chain's distance decay cannot be fitted or does not fall.
#[utoipa::path(get, path = "/api/whitespace", params(WhitespaceQuery),
    responses((status = 200, body = serde_json::Value), (status = 400), (status = 409),
        (status = 422)))]
pub(super) async fn whitespace(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<WhitespaceQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    let resolution = crate::analysis::whitespace::parse_grid(q.grid.as_deref().unwrap_or("h3:9"))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let top = q.top.unwrap_or(10);
    cached(state, &uri, move |_, snap| {
        let w = app::whitespace(snap, resolution, &|_, _| {})?;
        if format == Format::Json {
            let body = serde_json::to_vec(report::top_sites(&w, top))
                .map_err(|e| ApiError::internal(e.to_string()))?;
            return Ok(Made {
                content_type: content_type(format),
                headers: Vec::new(),
                body,
            });
        }
        write_with(format, |out| {
            report::write_whitespace(&w, top, format, lang, out)
        })
    })
    .await
}

/// Which comparison of own shops.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct CompareQuery {
    /// Own shops to compare, comma-separated (default, or `all`: every own shop).
    shops: Option<String>,
    /// The shop each other shop's difference is taken from (one of those compared).
    benchmark: Option<String>,
    /// Radii in metres, comma-separated.
    radii: Option<String>,
    /// json (default), csv or table.
    format: Option<String>,
    /// Language of the table format: en (default) or zh.
    lang: Option<String>,
}

/// Own shops side by side: each figure with its rank, the chain's median, the
/// differences from a benchmark shop, and the pairs of overlapping trade areas (as
/// `catchment compare`).
#[utoipa::path(get, path = "/api/compare", params(CompareQuery),
    responses((status = 200, body = serde_json::Value), (status = 400), (status = 404)))]
pub(super) async fn compare(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<CompareQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    let plan = plan_of(q.radii.as_deref(), None)?;
    let names = app::shop_names(q.shops.as_deref().unwrap_or(""));
    cached(state, &uri, move |_, snap| {
        let c = app::compare_shops(snap, &names, &plan, q.benchmark.as_deref())?;
        write_with(format, |out| report::write_compare(&c, format, lang, out))
    })
    .await
}

/// Output format only.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct FormatQuery {
    /// json (default), csv or table.
    format: Option<String>,
    /// Language of the table format: en (default) or zh.
    lang: Option<String>,
}

/// Members by segment.
#[utoipa::path(get, path = "/api/segments", params(FormatQuery),
    responses((status = 200, body = serde_json::Value)))]
pub(super) async fn segments(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    let lang = lang_of(q.lang.as_deref())?;
    cached(state, &uri, move |state, _| {
        let summary = state.with_reader(|ws| app::segment_summary(ws, None))?;
        write_with(format, |out| {
            report::write_segments(&summary, format, lang, out)
        })
    })
    .await
}

/// Members placed below full confidence or not at all, with candidates.
#[utoipa::path(get, path = "/api/review", params(FormatQuery),
    responses((status = 200, body = serde_json::Value)))]
pub(super) async fn review(
    State(state): State<ServerState>,
    uri: Uri,
    Query(q): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    let format = format_of(q.format.as_deref())?;
    cached(state, &uri, move |state, _| {
        let items = state.with_reader(app::geocode_review)?;
        write_with(format, |out| report::write_review(&items, format, out))
    })
    .await
}

/// A position given by hand.
#[derive(Debug, Deserialize, ToSchema)]
pub(super) struct Position {
    /// Latitude, degrees WGS84.
    lat: f64,
    /// Longitude, degrees WGS84.
    lon: f64,
}

/// Places a member by hand (kept across re-imports).
#[utoipa::path(post, path = "/api/members/{id}/locate", request_body = Position,
    params(("id" = String, Path, description = "member id")),
    responses((status = 204), (status = 400), (status = 404)))]
pub(super) async fn locate_member(
    State(state): State<ServerState>,
    Path(id): Path<String>,
    Json(p): Json<Position>,
) -> Result<StatusCode, ApiError> {
    let position = LonLat::new(p.lon, p.lat).map_err(|e| ApiError::bad_request(e.to_string()))?;
    blocking(move || {
        state.writer()?.locate_member(&id, position)?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
