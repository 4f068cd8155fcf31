//! Fonts for PDF and PNG maps: one Latin sans family and, when the text needs it, one CJK
//! family, found among the system's fonts and checked against every string drawn.
//!
//! usvg, svg2pdf and resvg drop text whose font does not resolve, and draw boxes for
//! glyphs no font has, so nothing is left to them: [`Fonts::check`] proves every
//! character of every label is in a chosen font before anything is drawn, and fails with
//! the Debian package to install (`fonts-dejavu-core` for Latin, `fonts-wqy-microhei` for
//! Chinese) or the `CATCHMENT_FONT` variable to point at a font file. Only the chosen
//! faces go into the database the renderers see, so which font draws a glyph never
//! depends on what else is installed, and the same machine gives the same bytes.
//!
//! SVG maps need no fonts here: they name the families and the viewer draws them.

use super::RenderError;
use super::svg::Families;
use resvg::usvg::fontdb::{self, Database, Family, Query, Source, Weight};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Latin sans-serif families, in order of preference.
const LATIN: [&str; 8] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arimo",
    "FreeSans",
    "Arial",
    "Helvetica",
    "Verdana",
];

/// CJK families covering simplified Chinese, in order of preference.
const CJK: [&str; 11] = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK JP",
];

/// The Latin family list SVG maps ask for (a viewer draws them with its own fonts).
pub const PORTABLE_LATIN: &str = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

/// The family list of Chinese runs in SVG maps.
pub const PORTABLE_CJK: &str = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/// The family lists of SVG maps.
pub(crate) fn portable() -> Families {
    Families {
        latin: PORTABLE_LATIN.to_owned(),
        cjk: PORTABLE_CJK.to_owned(),
    }
}

/// The environment variable naming an extra font file, tried before the system's fonts.
pub const FONT_ENV: &str = "CATCHMENT_FONT";

/// The fonts PDF and PNG maps are drawn with.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<Database>,
    latin: String,
    families: String,
    css: Families,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.families)
            .finish()
    }
}

impl Fonts {
    /// Finds the fonts among the system's (and the file `CATCHMENT_FONT` names).
    ///
    /// # Errors
    /// [`RenderError::FontFile`] when `CATCHMENT_FONT` names no readable font;
    /// [`RenderError::NoLatinFont`] when no font draws Latin letters.
    pub fn system() -> Result<Self, RenderError> {
        let mut scan = Database::new();
        if let Some(path) = std::env::var_os(FONT_ENV).filter(|p| !p.is_empty()) {
            let path = PathBuf::from(path);
            load_file(&mut scan, &path)?;
        }
        scan.load_system_fonts();
        Self::choose(&scan)
    }

    /// Uses only the given font files (tests, or a machine set up by hand).
    ///
    /// # Errors
    /// [`RenderError::FontFile`] for a file that is not a font; [`RenderError::NoLatinFont`]
    /// when none draws Latin letters.
    pub fn from_files(paths: &[PathBuf]) -> Result<Self, RenderError> {
        let mut scan = Database::new();
        for p in paths {
            load_file(&mut scan, p)?;
        }
        Self::choose(&scan)
    }

    /// The families text is drawn with, e.g. `'DejaVu Sans', 'WenQuanYi Micro Hei'`.
    pub fn families(&self) -> &str {
        &self.families
    }

    /// The CSS family lists written into the SVG for these fonts.
    pub(crate) fn css(&self) -> &Families {
        &self.css
    }

    fn choose(scan: &Database) -> Result<Self, RenderError> {
        let latin = pick(scan, &LATIN, "Aa0").ok_or(RenderError::NoLatinFont)?;
        let cjk = pick(scan, &CJK, "顾客图例");
        let mut db = Database::new();
        let mut loaded: Vec<(PathBuf, u32)> = Vec::new();
        let mut families = Vec::new();
        for (family, want_bold) in [
            (Some(&latin), false),
            (Some(&latin), true),
            (cjk.as_ref(), false),
        ] {
            let Some(family) = family else { continue };
            let q = Query {
                families: &[Family::Name(family)],
                weight: if want_bold {
                    Weight::BOLD
                } else {
                    Weight::NORMAL
                },
                ..Query::default()
            };
            let Some(id) = scan.query(&q) else { continue };
            if let Some((source, index)) = scan.face_source(id) {
                let key = (source_path(&source), index);
                if !loaded.contains(&key) {
                    db.load_font_source(source);
                    loaded.push(key);
                }
            }
            if !families.contains(family) {
                families.push(family.clone());
            }
        }
        // The extra font file, if any, joins as a fallback for what the others lack.
        if let Some(path) = std::env::var_os(FONT_ENV).filter(|p| !p.is_empty()) {
            let path = PathBuf::from(path);
            if !loaded.iter().any(|(p, _)| *p == path) {
                load_file(&mut db, &path)?;
            }
        }
        db.set_sans_serif_family(latin.clone());
        let css = Families {
            latin: format!("'{latin}', sans-serif"),
            cjk: format!("'{}', sans-serif", cjk.as_deref().unwrap_or(&latin)),
        };
        let families = families
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Self {
            db: Arc::new(db),
            latin,
            families,
            css,
        })
    }

    /// Checks that every character of `texts` is in one of the chosen fonts.
    ///
    /// # Errors
    /// [`RenderError::NoCjkFont`] when Chinese (or other CJK) text has no font, naming the
    /// text and the package; [`RenderError::MissingGlyphs`] for other characters.
    pub fn check<S: AsRef<str>>(&self, texts: &[S]) -> Result<(), RenderError> {
        let needed: BTreeSet<char> = texts
            .iter()
            .flat_map(|t| t.as_ref().chars())
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        let mut missing = needed.clone();
        for face in self.db.faces() {
            if missing.is_empty() {
                break;
            }
            let found: Vec<char> = self
                .db
                .with_face_data(face.id, |data, index| {
                    let f = ttf_parser::Face::parse(data, index).ok()?;
                    Some(
                        missing
                            .iter()
                            .copied()
                            .filter(|c| f.glyph_index(*c).is_some_and(|g| g.0 != 0))
                            .collect(),
                    )
                })
                .flatten()
                .unwrap_or_default();
            for c in found {
                missing.remove(&c);
            }
        }
        let Some(&first) = missing.iter().next() else {
            return Ok(());
        };
        let text = texts
            .iter()
            .map(AsRef::as_ref)
            .find(|t| t.contains(first))
            .unwrap_or_default()
            .to_owned();
        if missing.iter().any(|c| super::text::is_wide(*c)) {
            let c = missing
                .iter()
                .copied()
                .find(|c| super::text::is_wide(*c))
                .unwrap_or(first);
            let text = texts
                .iter()
                .map(AsRef::as_ref)
                .find(|t| t.contains(c))
                .unwrap_or_default()
                .to_owned();
            return Err(RenderError::NoCjkFont { text });
        }
        Err(RenderError::MissingGlyphs {
            chars: missing.into_iter().collect(),
            text,
            families: self.families.clone(),
        })
    }

    /// usvg options drawing with these fonts.
    pub(crate) fn usvg_options(&self) -> resvg::usvg::Options<'static> {
        let mut opt = resvg::usvg::Options {
            font_family: self.latin.clone(),
            ..resvg::usvg::Options::default()
        };
        opt.fontdb = Arc::clone(&self.db);
        opt
    }
}

fn source_path(s: &Source) -> PathBuf {
    match s {
        Source::File(p) | Source::SharedFile(p, _) => p.clone(),
        Source::Binary(_) => PathBuf::new(),
    }
}

fn load_file(db: &mut Database, path: &Path) -> Result<(), RenderError> {
    let before = db.len();
    if let Err(e) = db.load_font_file(path) {
        return Err(RenderError::FontFile {
            path: path.to_path_buf(),
            detail: e.to_string(),
        });
    }
    if db.len() == before {
        return Err(RenderError::FontFile {
            path: path.to_path_buf(),
            detail: "no font faces in it".to_owned(),
        });
    }
    Ok(())
}

/// The first of `preferred` installed that draws `probe`, else any regular face that does
/// (by family name, for a stable choice).
fn pick(db: &Database, preferred: &[&str], probe: &str) -> Option<String> {
    let covers = |id: fontdb::ID| {
        db.with_face_data(id, |data, index| {
            let f = ttf_parser::Face::parse(data, index).ok()?;
            Some(
                probe
                    .chars()
                    .all(|c| f.glyph_index(c).is_some_and(|g| g.0 != 0)),
            )
        })
        .flatten()
        .unwrap_or(false)
    };
    for name in preferred {
        let q = Query {
            families: &[Family::Name(name)],
            ..Query::default()
        };
        if let Some(id) = db.query(&q) {
            let real = db
                .face(id)
                .is_some_and(|f| f.families.iter().any(|(n, _)| n == name));
            if real && covers(id) {
                return Some((*name).to_owned());
            }
        }
    }
    let mut any: Vec<String> = db
        .faces()
        .filter(|f| f.weight == Weight::NORMAL && f.style == fontdb::Style::Normal && !f.monospaced)
        .filter(|f| covers(f.id))
        .filter_map(|f| f.families.first().map(|(n, _)| n.clone()))
        .collect();
    any.sort();
    any.into_iter().next()
}
