//! `catchment map`: a printable customer map of a shop (PDF, SVG or PNG), or an atlas of
//! every own shop.

use super::{ShopDefault, select_shops};
use anyhow::{Context, Result, bail};
use catchment::analysis::rings::RingPlan;
use catchment::analysis::sectors::SectorScheme;
use catchment::model::Shop;
use catchment::render::{self, ColourBy, Extent, Lang, MapData, MapSpec, MemberLayer, Paper};
use catchment::workspace::Workspace;
use chrono::NaiveDate;
use clap::Args;
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
/// PDF and PNG need fonts: DejaVu Sans (Debian: fonts-dejavu-core) and, for Chinese,
/// WenQuanYi Micro Hei (fonts-wqy-microhei) or another CJK font; CATCHMENT_FONT=FILE
/// adds one.
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
    /// Resolution of a PNG in dots per inch (10 to 2400).
    #[arg(long, default_value_t = 200)]
    dpi: u32,
    /// Ring radii in metres, ascending.
    #[arg(long, default_value = "150,300,450,600,1000")]
    radii: String,
    /// Draw sector lines between 4, 8 or 16 compass sectors.
    #[arg(long, value_name = "N")]
    sectors: Option<SectorScheme>,
    /// Language of the title, legend and table: en or zh.
    #[arg(long, default_value = "en")]
    lang: Lang,
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

/// What to draw, resolved against the workspace before any work starts.
pub struct MapJob {
    pub shops: Vec<Shop>,
    pub spec: MapSpec,
}

impl MapArgs {
    fn resolve(&self, ws: &Workspace) -> Result<MapJob> {
        let plan = RingPlan::parse(&self.radii, self.sectors.unwrap_or(SectorScheme::EIGHT))
            .map_err(anyhow::Error::msg)?;
        if !(10..=2400).contains(&self.dpi) {
            bail!(
                "--dpi {} is not a usable resolution (expected 10 to 2400, e.g. 150 for screens, 300 for print)",
                self.dpi
            );
        }
        render::MapFormat::from_path(&self.out)?;
        let default = if self.all {
            ShopDefault::EveryOwnShop
        } else {
            ShopDefault::TheOnlyOwnShop
        };
        let shops = select_shops(
            &ws.shops()?,
            self.shop.as_deref(),
            default,
            ", or draw an atlas with --all",
        )?;
        let spec = MapSpec {
            paper: self.paper,
            landscape: self.landscape,
            plan,
            sector_lines: self.sectors.is_some(),
            lang: self.lang,
            title: self.title.clone(),
            extent: self.extent,
            members: self.members,
            colour_by: self.colour_by,
            privacy: self.privacy,
            dpi: self.dpi,
            sparse: Vec::new(),
        };
        Ok(MapJob { shops, spec })
    }

    pub fn run(&self, ws: &Workspace) -> Result<()> {
        let mut job = self.resolve(ws)?;
        let data = MapData::from_workspace(ws, self.as_of)?;
        let counts = ws.member_counts()?;
        if self.sparse {
            let report = super::sparse::report_on_rings(
                &data,
                counts.total - counts.located,
                &job.shops[0],
                &job.spec.plan,
            )?;
            job.spec.sparse = report
                .cells
                .iter()
                .filter(|c| c.sparse)
                .filter_map(|c| {
                    let (from_deg, to_deg) = (c.bearing_from_deg?, c.bearing_to_deg?);
                    Some(render::SparseOverlay {
                        inner_m: c.inner_m?,
                        outer_m: c.outer_m?,
                        from_deg,
                        // Sector N runs from 337.5° to 22.5°: unwrap it past 360°.
                        to_deg: if to_deg <= from_deg {
                            to_deg + 360.0
                        } else {
                            to_deg
                        },
                        reasons: c.reasons.clone(),
                    })
                })
                .collect();
            eprintln!(
                "{} sparse cells hatched (details: `catchment sparse`)",
                job.spec.sparse.len()
            );
        }
        if counts.total > counts.located {
            eprintln!(
                "note: {} of {} members are not on the map: not geocoded yet or placed only by postcode (see `catchment geocode --review`)",
                counts.total - counts.located,
                counts.total
            );
        }
        if self.privacy && self.members == MemberLayer::Dots {
            eprintln!("note: --privacy draws hexagons, never single homes");
        }
        if data.area().is_none() {
            eprintln!(
                "note: no OSM area loaded, so the map has no basemap (load one with `catchment area load FILE.osm.pbf`)"
            );
        }
        if let Some(dir) = self.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let written = render::write_maps(&data, &job.shops, &job.spec, &self.out)?;
        let pages = job.shops.len();
        for path in &written {
            eprintln!(
                "map written to {} ({} {}, {} {})",
                path.display(),
                job.spec.paper,
                if job.spec.landscape {
                    "landscape"
                } else {
                    "portrait"
                },
                if written.len() == 1 { pages } else { 1 },
                if written.len() == 1 && pages > 1 {
                    "pages"
                } else {
                    "page"
                }
            );
        }
        Ok(())
    }
}
