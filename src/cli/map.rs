//! `catchment map`: a printable customer map of a shop (PDF, SVG or PNG), or an atlas of
//! every own shop.

use super::{note_left_out, out_folder_exists, progress_bar, refuse_overwriting, select_shops};
use anyhow::Result;
use catchment::analysis::rings::{Radii, RingPlan};
use catchment::analysis::sectors::SectorScheme;
use catchment::app::{self, ShopDefault, Snapshot};
use catchment::i18n::Lang;
use catchment::render::{self, ColourBy, Extent, MapSpec, MemberLayer, Paper};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
use indicatif::ProgressBar;
use std::path::PathBuf;

/// Draws a printable customer map: the shop at the centre, distance rings, every member
/// where they live (coloured by segment, VIP members as stars), competitors, and a quiet
/// basemap from the loaded OSM area, with legend, scale bar, north arrow and ring table.
///
/// The format follows the file name: .pdf (vector, fonts embedded, text selectable),
/// .svg or .png. Members are counted as `catchment rings` counts them.
///
///   catchment map --shop "My salon" --out map.pdf
///   catchment map --shop "My salon" --out map.png --paper a3 --dpi 300
///   catchment map --all --out atlas.pdf --privacy
///   catchment map --out map.pdf --lang zh --colour-by visits
///
/// PDF and PNG are drawn with fonts built into catchment (DejaVu Sans; WenQuanYi Micro
/// Hei with the 6,763 hanzi of GB2312), never installed ones; CATCHMENT_FONT=FILE draws
/// with that font instead (e.g. a full CJK font for rarer characters).
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct MapArgs {
    /// The shop (or competitor) at the centre (default: the only own shop).
    #[arg(long, conflicts_with = "all")]
    shop: Option<String>,
    /// One page per own shop: one PDF, or numbered SVG/PNG files (FILE-01.png, …).
    #[arg(long)]
    all: bool,
    /// The file to write: .pdf, .svg or .png.
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
    /// Paper size: a4, a3 or letter.
    #[arg(long, default_value = "a4")]
    paper: Paper,
    /// Landscape instead of portrait.
    #[arg(long)]
    landscape: bool,
    /// Resolution of a PNG in dots per inch (10 to 2400; e.g. 150 for screens, 300 for print).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(10..=2400))]
    dpi: u32,
    /// Ring radii in metres, ascending.
    #[arg(long, default_value_t = Radii::default(), value_name = "METRES,…")]
    radii: Radii,
    /// Draw sector lines between 4, 8 or 16 compass sectors.
    #[arg(long, value_name = "N")]
    sectors: Option<SectorScheme>,
    /// Title (default: "Customer map — SHOP").
    #[arg(long)]
    title: Option<String>,
    /// Ground shown: auto (the outer ring and 12 %), or metres from the shop to the
    /// map's nearer edge, e.g. 2000 or 2km.
    #[arg(long, default_value = "auto", value_name = "auto|METRES")]
    extent: Extent,
    /// Members as dots, hex (H3 hexagons shaded by count) or none; auto draws dots up to
    /// 25,000 members on the map, hexagons past that.
    #[arg(long, default_value = "auto")]
    members: MemberLayer,
    /// What the dots' colour shows: segment, visits, spend or vip.
    #[arg(long, default_value = "segment", visible_alias = "color-by")]
    colour_by: ColourBy,
    /// Never draw a home: hexagons only, and none with fewer than 3 members.
    #[arg(long)]
    privacy: bool,
    /// Hatch the sparse cells (fewer members than the shop's distance decay expects) and
    /// write their reasons on them; see `catchment sparse`. One shop at a time.
    #[arg(long, conflicts_with = "all")]
    sparse: bool,
    /// Reference date for segments, e.g. 2026-10-31 (default: the latest visit in the data).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
}

impl MapArgs {
    fn spec(&self, lang: Lang) -> Result<MapSpec> {
        let sectors = self.sectors.unwrap_or(SectorScheme::EIGHT);
        render::MapFormat::from_path(&self.out)?;
        Ok(MapSpec {
            paper: self.paper,
            landscape: self.landscape,
            plan: RingPlan::from_radii(&self.radii, sectors)?,
            sector_lines: self.sectors.is_some(),
            lang,
            title: self.title.clone(),
            extent: self.extent,
            members: self.members,
            colour_by: self.colour_by,
            privacy: self.privacy,
            dpi: self.dpi,
            sparse: Vec::new(),
        })
    }

    pub fn run(&self, ws: &Workspace, lang: Lang) -> Result<()> {
        let mut spec = self.spec(lang)?;
        let (default, hint) = match self.all {
            true => (ShopDefault::EveryOwnShop, ""),
            false => (ShopDefault::TheOnlyOwnShop, ", or draw an atlas with --all"),
        };
        let shops = select_shops(ws, self.shop.as_deref(), default, hint)?;
        let snap = Snapshot::read(ws, self.as_of)?;
        if self.sparse {
            let report = app::sparse_on_rings(&snap, &shops[0], &spec.plan)?;
            spec.sparse = app::sparse_overlay(&report);
            let n = spec.sparse.len();
            eprintln!("{n} sparse cells hatched (details: `catchment sparse`)");
        }
        note_left_out(&snap, lang);
        if self.privacy && self.members == MemberLayer::Dots {
            eprintln!("note: --privacy draws hexagons, never single homes");
        }
        if snap.area().is_none() {
            eprintln!(
                "note: no OSM area loaded, so the map has no basemap (load one with `catchment area load FILE.osm.pbf`)"
            );
        }
        out_folder_exists(&self.out)?;
        refuse_overwriting(&self.out, &[ws.path()])?;
        let bar = match shops.len() {
            1 => ProgressBar::hidden(),
            n => progress_bar(Some(n as u64), "drawing maps"),
        };
        let done = &mut |maps: usize| bar.set_position(maps as u64);
        let written = render::write_maps(snap.map_data(), &shops, &spec, &self.out, done);
        bar.finish_and_clear();
        let written = written?;
        let pages = if written.len() == 1 { shops.len() } else { 1 };
        let unit = if pages > 1 { "pages" } else { "page" };
        let page = spec.page_description();
        for path in &written {
            eprintln!("map written to {} ({page}, {pages} {unit})", path.display());
        }
        Ok(())
    }
}
