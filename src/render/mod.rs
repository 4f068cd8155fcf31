//! Printable customer maps: the shop at the centre, its distance rings, every member where
//! they live (or hexagons of them), competitors, a quiet basemap from the loaded OSM area,
//! and the furniture a map on a wall or in a report needs — as SVG, PDF or PNG.
//!
//! A map is a function of [`MapData`] (members, shops, the area), the shop and a
//! [`MapSpec`]. Every page is first composed as one deterministic SVG ([`map_svg`]); PDF
//! ([`map_pdf`], one page per shop for an atlas) and PNG ([`map_png`]) are conversions of
//! that SVG with the [`Fonts`] compiled into the binary (or `CATCHMENT_FONT`), checked
//! against every text drawn.
//! [`write_maps`] picks the format from the file name; [`write_shop_maps`] writes one
//! shop's map in several formats.
//!
//! ```no_run
//! use catchment::app::Snapshot;
//! use catchment::render::{MapSpec, write_shop_maps};
//! use catchment::workspace::Workspace;
//! use std::path::Path;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let ws = Workspace::open(Path::new("catchment.db"))?;
//! let shop = ws.shop("My salon")?.expect("the shop exists");
//! let snapshot = Snapshot::read(&ws, None)?;
//! let pages = [Path::new("map.pdf"), Path::new("map.png")];
//! write_shop_maps(snapshot.map_data(), &shop, &MapSpec::default(), &pages)?;
//! # Ok(()) }
//! ```
//!
//! Map data from OpenStreetMap is © OpenStreetMap contributors (ODbL); every map says so.

mod basemap;
mod charts;
mod compare;
mod compare_html;
mod compose;
mod fonts;
mod furniture;
mod labels;
mod marks;
mod members;
mod page;
mod pdf;
mod pdf_canon;
mod png;
mod projection;
mod style;
mod svg;
mod table;
mod text;
mod whitespace;

pub use fonts::{BUNDLED_CJK, BUNDLED_LATIN, FONT_ENV, Fonts, PORTABLE_CJK, PORTABLE_LATIN};
pub use members::{DOTS_MAX, PRIVACY_MIN_MEMBERS};
pub use page::Paper;
pub use png::MAX_PIXELS;
pub use style::segment_colour;
pub use whitespace::WhitespaceMapSpec;

use crate::analysis::MemberSet;
use crate::analysis::compare::Comparison;
use crate::analysis::rings::RingPlan;
use crate::analysis::segments::SegmentRules;
use crate::coord::LonLat;
use crate::i18n::Lang;
use crate::model::{MemberTable, Shop};
use crate::osm::Area;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How much ground the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Extent {
    /// The outer ring and 12 % more to the nearer edge of the frame.
    #[default]
    Auto,
    /// This many metres from the shop to the nearer edge of the frame.
    Metres(f64),
}

impl FromStr for Extent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        if t == "auto" {
            return Ok(Extent::Auto);
        }
        let (num, factor) = match t.strip_suffix("km") {
            Some(n) => (n, 1000.0),
            None => (t.strip_suffix('m').unwrap_or(&t), 1.0),
        };
        match num.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && (50.0..=200_000.0).contains(&(v * factor)) => {
                Ok(Extent::Metres(v * factor))
            }
            _ => Err(format!(
                "'{s}' is not an extent (expected auto, or metres from the shop to the map's edge between 50 and 200000, e.g. 1500 or 2km)"
            )),
        }
    }
}

/// How members are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MemberLayer {
    /// Dots, or hexagons past [`DOTS_MAX`] members on the map.
    #[default]
    Auto,
    /// A dot per member.
    Dots,
    /// H3 hexagons shaded by member count.
    Hex,
    /// No members (the basemap, rings and shops only).
    None,
}

impl FromStr for MemberLayer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "dots" | "dot" => Ok(Self::Dots),
            "hex" | "hexagons" => Ok(Self::Hex),
            "none" => Ok(Self::None),
            other => Err(format!(
                "unknown member layer '{other}' (expected auto, dots, hex or none)"
            )),
        }
    }
}

/// What the member dots' colour shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourBy {
    /// The segment: new, one-time, returning, loyal, dormant.
    #[default]
    Segment,
    /// Number of visits, in classes 1, 2–3, 4–5, 6–9, 10+.
    Visits,
    /// Total spend, by quintile of the shop's members.
    Spend,
    /// VIP members against the rest.
    Vip,
}

impl FromStr for ColourBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "segment" | "segments" => Ok(Self::Segment),
            "visits" => Ok(Self::Visits),
            "spend" => Ok(Self::Spend),
            "vip" | "tier" => Ok(Self::Vip),
            other => Err(format!(
                "unknown colouring '{other}' (expected segment, visits, spend or vip)"
            )),
        }
    }
}

/// What to draw and how.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// Paper size.
    pub paper: Paper,
    /// Landscape instead of portrait.
    pub landscape: bool,
    /// Ring radii (and the sector scheme, drawn when `sector_lines`).
    pub plan: RingPlan,
    /// Draw the sector boundaries of `plan`.
    pub sector_lines: bool,
    /// Language of titles, legend and table.
    pub lang: Lang,
    /// Title instead of "Customer map — NAME".
    pub title: Option<String>,
    /// Ground shown.
    pub extent: Extent,
    /// Dots, hexagons or no members.
    pub members: MemberLayer,
    /// What dot colours show.
    pub colour_by: ColourBy,
    /// Never draw a home: hexagons only, and no hexagon with fewer than
    /// [`PRIVACY_MIN_MEMBERS`] members.
    pub privacy: bool,
    /// Resolution of PNG output in dots per inch.
    pub dpi: u32,
    /// Sparse cells to hatch, with their reasons (`map --sparse`); empty draws none.
    pub sparse: Vec<SparseOverlay>,
}

/// Which layers a map shows. A printed map shows them all; a screen view toggles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// Roads, railways, water, parks, buildings and street names.
    pub basemap: bool,
    /// The distance rings (and the sector lines when the spec asks for them).
    pub rings: bool,
    /// Members as dots or hexagons.
    pub members: bool,
    /// VIP members as stars.
    pub vip: bool,
    /// Competitors and their names.
    pub competitors: bool,
}

impl Layers {
    /// Every layer.
    pub const ALL: Layers = Layers {
        basemap: true,
        rings: true,
        members: true,
        vip: true,
        competitors: true,
    };
}

/// A map for a screen rather than paper: the map alone, in pixels, centred anywhere.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// Width in pixels.
    pub width_px: f64,
    /// Height in pixels.
    pub height_px: f64,
    /// The point in the middle (`None`: the shop).
    pub centre: Option<LonLat>,
    /// What to show.
    pub layers: Layers,
}

impl View {
    /// Ground metres per pixel when the spec's extent (metres from the centre to the
    /// nearer edge) fills this view.
    ///
    /// # Units
    /// Metres per pixel.
    pub fn metres_per_px(&self, spec: &MapSpec) -> f64 {
        compose::half_side_m(spec).max(1.0) / (self.width_px.min(self.height_px) / 2.0)
    }
}

/// A sparse cell to hatch on the map: an annulus wedge around the shop and its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseOverlay {
    /// Inner radius in metres.
    pub inner_m: f64,
    /// Outer radius in metres.
    pub outer_m: f64,
    /// Start bearing in degrees clockwise from north.
    pub from_deg: f64,
    /// End bearing in degrees (greater than `from_deg`).
    pub to_deg: f64,
    /// Reasons found for the shortfall (empty: no visible cause).
    pub reasons: Vec<crate::analysis::sparse::Reason>,
}

impl MapSpec {
    /// The paper and its orientation, e.g. `a4 portrait`.
    pub fn page_description(&self) -> String {
        let orientation = if self.landscape {
            "landscape"
        } else {
            "portrait"
        };
        format!("{} {orientation}", self.paper)
    }
}

impl Default for MapSpec {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            landscape: false,
            plan: RingPlan::default(),
            sector_lines: false,
            lang: Lang::En,
            title: None,
            extent: Extent::Auto,
            members: MemberLayer::Auto,
            colour_by: ColourBy::Segment,
            privacy: false,
            dpi: 200,
            sparse: Vec::new(),
        }
    }
}

/// Everything a map is drawn from: the members prepared for analysis (with the visits
/// and spend some colourings need), the shops and competitors, and the OSM area.
///
/// Member data is shared, not copied, by [`MapData::with_shops_and_area`].
#[derive(Debug)]
pub struct MapData {
    set: MemberSet,
    shops: Vec<Shop>,
    area: Option<Area>,
}

impl MapData {
    /// Prepares located members (segments decided against `as_of`, default the latest
    /// visit), shops and the area (`None`: maps without a basemap).
    pub fn new(
        members: impl Into<MemberTable>,
        as_of: Option<NaiveDate>,
        rules: &SegmentRules,
        shops: Vec<Shop>,
        area: Option<Area>,
    ) -> Self {
        Self {
            set: MemberSet::new(members, as_of, rules).with_own_shops(&shops),
            shops,
            area,
        }
    }

    /// The same members with other shops and area: the prepared members are shared, and
    /// assigned to their own shops again only when the shops differ.
    #[must_use]
    pub fn with_shops_and_area(&self, shops: Vec<Shop>, area: Option<Area>) -> Self {
        let set = if shops == self.shops {
            self.set.clone()
        } else {
            self.set.clone().with_own_shops(&shops)
        };
        Self { set, shops, area }
    }

    /// The members.
    pub fn members(&self) -> &MemberSet {
        &self.set
    }

    /// Every shop and competitor.
    pub fn shops(&self) -> &[Shop] {
        &self.shops
    }

    /// The OSM area, if one was loaded.
    pub fn area(&self) -> Option<&Area> {
        self.area.as_ref()
    }
}

/// A map file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    /// Scalable vector graphics; needs no fonts here.
    Svg,
    /// PDF with embedded fonts and selectable text.
    Pdf,
    /// Raster at [`MapSpec::dpi`].
    Png,
}

impl MapFormat {
    /// The format a file name asks for.
    ///
    /// # Errors
    /// [`RenderError::UnknownFormat`] for other extensions.
    pub fn from_path(path: &Path) -> Result<Self, RenderError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("svg") => Ok(Self::Svg),
            Some("pdf") => Ok(Self::Pdf),
            Some("png") => Ok(Self::Png),
            _ => Err(RenderError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Why a map could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// None of the font files given draws Latin letters (only [`Fonts::from_files`], which
    /// leaves the bundled fonts out).
    #[error(
        "none of the font files given draws Latin letters: draw with the bundled fonts ({FONT_ENV} unset), or give a font with Latin letters"
    )]
    NoLatinFont,
    /// Chinese (or other CJK) characters no font has.
    #[error(
        "the fonts ({families}) have no glyph for {chars:?} in '{text}' (the bundled {BUNDLED_CJK} has the 6,763 hanzi of GB2312): set {FONT_ENV}=/path/to/a/full/CJK/font, e.g. {FONT_ENV}=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc from Debian's fonts-noto-cjk"
    )]
    NoCjkFont {
        /// A text containing one.
        text: String,
        /// The characters.
        chars: Vec<char>,
        /// The families tried.
        families: String,
    },
    /// Other characters none of the fonts has.
    #[error(
        "the fonts ({families}) cannot draw {chars:?} in '{text}': set {FONT_ENV}=/path/to/a/font/that/has/them.ttf (the bundled fonts stay behind it)"
    )]
    MissingGlyphs {
        /// The characters.
        chars: Vec<char>,
        /// A text containing one.
        text: String,
        /// The families tried.
        families: String,
    },
    /// A font file could not be loaded.
    #[error("cannot load the font file {}: {detail} (expected a .ttf, .otf or .ttc file)", path.display())]
    FontFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// The output file's extension names no map format.
    #[error("cannot tell the map format of {}: name the file .pdf, .svg or .png", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// Writing the file failed.
    #[error("cannot write the map to {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The PNG would be too large.
    #[error(
        "a PNG of {width_px} × {height_px} pixels ({dpi} dpi) is more than the {MAX_PIXELS}-pixel limit: lower --dpi or pick a smaller --paper"
    )]
    TooLarge {
        /// Width in pixels.
        width_px: u64,
        /// Height in pixels.
        height_px: u64,
        /// The resolution asked for.
        dpi: u32,
    },
    /// The resolution is not usable.
    #[error(
        "{0} dpi is not a usable resolution (expected 10 to 2400, e.g. 150 for screens, 300 for print)"
    )]
    BadDpi(u32),
    /// Nothing to draw.
    #[error("no shop to draw a map of (add one with `catchment shop add`)")]
    NoShops,
    /// svg2pdf failed on a page (a bug).
    #[error("cannot convert page {page} of the map to PDF: {detail} (please report this)")]
    Pdf {
        /// 1-based page number.
        page: usize,
        /// What svg2pdf said.
        detail: String,
    },
    /// resvg failed (a bug).
    #[error("cannot draw the map as PNG: {detail} (please report this)")]
    Png {
        /// What went wrong.
        detail: String,
    },
}

/// The map of `shop` as SVG, with a portable font list (no fonts are needed to write it).
pub fn map_svg(data: &MapData, shop: &Shop, spec: &MapSpec) -> String {
    compose::compose(data, shop, spec, &fonts::portable()).svg
}

/// The map of `shop` for a screen (see [`View`]), drawn by the same code as the printed
/// map, with a portable font list.
pub fn map_view_svg(data: &MapData, shop: &Shop, spec: &MapSpec, view: &View) -> String {
    compose::compose_view(data, shop, spec, view, &fonts::portable()).svg
}

/// A PDF with one map page per shop, in the order given.
///
/// # Errors
/// [`RenderError::NoShops`] for no shops; the font errors of [`Fonts::check`];
/// [`RenderError::Pdf`] if svg2pdf fails.
pub fn map_pdf(
    data: &MapData,
    shops: &[Shop],
    spec: &MapSpec,
    fonts: &Fonts,
) -> Result<Vec<u8>, RenderError> {
    atlas_pdf(data, shops, spec, fonts, &mut |_| {})
}

/// [`map_pdf`], telling `done` how many pages are drawn so far.
fn atlas_pdf(
    data: &MapData,
    shops: &[Shop],
    spec: &MapSpec,
    fonts: &Fonts,
    done: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, RenderError> {
    if shops.is_empty() {
        return Err(RenderError::NoShops);
    }
    let title = match shops {
        [one] => spec
            .title
            .clone()
            .unwrap_or_else(|| compose::default_title(spec, one)),
        _ => spec
            .title
            .clone()
            .unwrap_or_else(|| spec.lang.words().title.to_owned()),
    };
    // Each page is composed when it is converted: an atlas holds a few pages at a time.
    let page = |i: usize| {
        let page = compose::compose(data, &shops[i], spec, fonts.css());
        fonts.check(&page.texts)?;
        Ok(page.svg)
    };
    pdf::pdf(shops.len(), page, fonts, &title, done)
}

/// The comparison of own shops as a PDF: the table (paged by shops), the overlapping
/// trade areas, one small map per shop on one scale, a chart per figure and a scatter,
/// on landscape pages of `spec.paper`, in `spec.lang`.
///
/// # Errors
/// [`RenderError::NoShops`] for a comparison without shops; the font errors of
/// [`Fonts::check`]; [`RenderError::Pdf`] if svg2pdf fails.
pub fn compare_pdf(
    c: &Comparison,
    data: &MapData,
    spec: &MapSpec,
    fonts: &Fonts,
) -> Result<Vec<u8>, RenderError> {
    if c.shops.is_empty() {
        return Err(RenderError::NoShops);
    }
    let pages = compare::pages(c, data, spec, fonts.css(), compare::Contents::Everything);
    for p in &pages {
        fonts.check(&p.texts)?;
    }
    let svg = |i: usize| Ok(pages[i].svg.as_str());
    pdf::pdf(
        pages.len(),
        svg,
        fonts,
        spec.lang.texts().compare_title(),
        &mut |_| {},
    )
}

/// The comparison as one self-contained HTML file: the table, the overlapping trade
/// areas, and the map and chart pages of [`compare_pdf`] as inline SVG. It requests
/// nothing from anywhere.
pub fn compare_html(c: &Comparison, data: &MapData, spec: &MapSpec) -> String {
    let pictures = compare::pages(
        c,
        data,
        spec,
        &fonts::portable(),
        compare::Contents::PicturesOnly,
    );
    compare_html::html(c, &pictures, spec.lang)
}

/// The map of `shop` as PNG at `spec.dpi`.
///
/// # Errors
/// [`RenderError::BadDpi`], [`RenderError::TooLarge`], the font errors of
/// [`Fonts::check`], [`RenderError::Png`] if resvg fails.
pub fn map_png(
    data: &MapData,
    shop: &Shop,
    spec: &MapSpec,
    fonts: &Fonts,
) -> Result<Vec<u8>, RenderError> {
    if !(10..=2400).contains(&spec.dpi) {
        return Err(RenderError::BadDpi(spec.dpi));
    }
    let page = compose::compose(data, shop, spec, fonts.css());
    fonts.check(&page.texts)?;
    png::png(&page.svg, fonts, spec.dpi)
}

/// Writes the maps of `shops` to `out`, in the format its extension names: one PDF with a
/// page per shop; for SVG and PNG, `out` itself for one shop, else `NAME-01.svg`,
/// `NAME-02.svg`, … in the order given. Returns the files written. `done` is told how
/// many maps are drawn so far.
///
/// # Errors
/// As [`map_pdf`] and [`map_png`]; [`RenderError::UnknownFormat`];
/// [`RenderError::Write`] naming the file.
pub fn write_maps(
    data: &MapData,
    shops: &[Shop],
    spec: &MapSpec,
    out: &Path,
    done: &mut dyn FnMut(usize),
) -> Result<Vec<PathBuf>, RenderError> {
    let mut fonts = None;
    write_with(data, shops, spec, out, &mut fonts, done)
}

/// Writes the map of one shop to each of `outs` (e.g. the demo's A4 PDF and PNG),
/// loading fonts once.
///
/// # Errors
/// As [`write_maps`].
pub fn write_shop_maps(
    data: &MapData,
    shop: &Shop,
    spec: &MapSpec,
    outs: &[&Path],
) -> Result<Vec<PathBuf>, RenderError> {
    let mut fonts = None;
    let mut written = Vec::new();
    for out in outs {
        written.extend(write_with(
            data,
            std::slice::from_ref(shop),
            spec,
            out,
            &mut fonts,
            &mut |_| {},
        )?);
    }
    Ok(written)
}

fn write_with(
    data: &MapData,
    shops: &[Shop],
    spec: &MapSpec,
    out: &Path,
    fonts: &mut Option<Fonts>,
    done: &mut dyn FnMut(usize),
) -> Result<Vec<PathBuf>, RenderError> {
    let format = MapFormat::from_path(out)?;
    if shops.is_empty() {
        return Err(RenderError::NoShops);
    }
    let mut font = || -> Result<Fonts, RenderError> {
        if let Some(f) = fonts {
            return Ok(f.clone());
        }
        let f = Fonts::from_env()?;
        *fonts = Some(f.clone());
        Ok(f)
    };
    if format == MapFormat::Pdf {
        let bytes = atlas_pdf(data, shops, spec, &font()?, done)?;
        write_file(out, &bytes)?;
        return Ok(vec![out.to_path_buf()]);
    }
    let mut written = Vec::new();
    for (i, shop) in shops.iter().enumerate() {
        let path = if shops.len() == 1 {
            out.to_path_buf()
        } else {
            numbered(out, i + 1)
        };
        let bytes = match format {
            MapFormat::Svg => map_svg(data, shop, spec).into_bytes(),
            _ => map_png(data, shop, spec, &font()?)?,
        };
        write_file(&path, &bytes)?;
        written.push(path);
        done(written.len());
    }
    Ok(written)
}

/// Writes the white-space map of `w` (hexagons shaded by net gain, the best
/// `spec.top` sites numbered) to `out`, in the format its extension names.
///
/// # Errors
/// [`RenderError::UnknownFormat`]; [`RenderError::NoShops`] with nothing to frame; the
/// font errors of [`Fonts::check`]; [`RenderError::BadDpi`], [`RenderError::TooLarge`]
/// for PNG; [`RenderError::Write`] naming the file.
pub fn write_whitespace_map(
    data: &MapData,
    w: &crate::analysis::whitespace::Whitespace,
    spec: &WhitespaceMapSpec,
    out: &Path,
) -> Result<(), RenderError> {
    let format = MapFormat::from_path(out)?;
    let bytes = if format == MapFormat::Svg {
        whitespace::compose(data, w, spec, &fonts::portable())?
            .0
            .into_bytes()
    } else {
        if format == MapFormat::Png && !(10..=2400).contains(&spec.dpi) {
            return Err(RenderError::BadDpi(spec.dpi));
        }
        let fonts = Fonts::from_env()?;
        let (svg, texts) = whitespace::compose(data, w, spec, fonts.css())?;
        fonts.check(&texts)?;
        if format == MapFormat::Pdf {
            let title = spec.lang.texts().whitespace_map_title();
            pdf::pdf(1, |_| Ok(svg.as_str()), &fonts, title, &mut |_| {})?
        } else {
            png::png(&svg, &fonts, spec.dpi)?
        }
    };
    write_file(out, &bytes)
}

/// `maps/atlas.png`, 3 → `maps/atlas-03.png`.
fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or_else(String::new, |e| e.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}-{n:02}.{ext}"))
}

/// Writes a map file whole (see [`crate::whole_file`]).
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    crate::whole_file::write_whole(path, bytes).map_err(|source| RenderError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse() {
        assert_eq!("auto".parse::<Extent>(), Ok(Extent::Auto));
        assert_eq!("1500".parse::<Extent>(), Ok(Extent::Metres(1500.0)));
        assert_eq!("2km".parse::<Extent>(), Ok(Extent::Metres(2000.0)));
        assert!("-5".parse::<Extent>().is_err());
        assert!("10".parse::<Extent>().is_err());
        assert_eq!("HEX".parse::<MemberLayer>(), Ok(MemberLayer::Hex));
        assert_eq!("tier".parse::<ColourBy>(), Ok(ColourBy::Vip));
        assert_eq!(
            MapFormat::from_path(Path::new("a/B.PDF")).unwrap(),
            MapFormat::Pdf
        );
        assert!(MapFormat::from_path(Path::new("map.jpg")).is_err());
        assert_eq!(
            numbered(Path::new("out/atlas.png"), 3),
            PathBuf::from("out/atlas-03.png")
        );
    }
}
