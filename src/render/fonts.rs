//! Fonts for PDF and PNG maps: the fonts compiled into the binary — DejaVu Sans (regular
//! and bold) for Latin text, WenQuanYi Micro Hei cut down to GB2312 and the maps' own
//! words for Chinese (`data/fonts/`, its README says where they came from) — or the font
//! file `CATCHMENT_FONT` names, in front of them.
//!
//! Installed fonts are never used, not even as a fallback: which font draws a glyph
//! depends only on the binary and `CATCHMENT_FONT`, so the same inputs give the same PDF
//! and PNG bytes on every machine, one with no fonts at all included. usvg, svg2pdf and
//! resvg drop text whose font does not resolve and draw boxes for glyphs no font has, so
//! nothing is left to them: [`Fonts::check`] proves every character of every label is in
//! one of the fonts before anything is drawn, and a character none has (a rare hanzi
//! outside GB2312) is an error naming the text and `CATCHMENT_FONT` as the fix.
//!
//! SVG maps need no fonts here: they name families ([`PORTABLE_LATIN`],
//! [`PORTABLE_CJK`]), the bundled ones first, and the viewer draws them.

use super::RenderError;
use super::svg::Families;
use resvg::usvg::fontdb::{self, Database, Source, Weight};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The family of the bundled Latin font (regular and bold).
pub const BUNDLED_LATIN: &str = "DejaVu Sans";

/// The family of the bundled CJK font: WenQuanYi Micro Hei with the 6,763 hanzi of GB2312.
pub const BUNDLED_CJK: &str = "WenQuanYi Micro Hei";

/// The bundled font files, in the order usvg falls back through them.
const BUNDLED: [&[u8]; 3] = [
    include_bytes!("../../data/fonts/DejaVuSans.ttf"),
    include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../data/fonts/wqy-microhei-gb2312.ttf"),
];

/// What a face must draw to serve as the Latin font.
const LATIN_PROBE: &str = "Aa0";

/// What a face must draw to serve as the CJK font.
const CJK_PROBE: &str = "顾客图例";

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

/// The environment variable naming a font file to draw maps with instead of the bundled
/// fonts (which stay behind it for the characters it lacks).
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
    /// The fonts maps are drawn with here: the file `CATCHMENT_FONT` names in front of the
    /// bundled fonts when it is set (and not empty), else the bundled fonts alone.
    ///
    /// # Errors
    /// [`RenderError::FontFile`] when `CATCHMENT_FONT` names no readable font.
    pub fn from_env() -> Result<Self, RenderError> {
        match std::env::var_os(FONT_ENV).filter(|p| !p.is_empty()) {
            Some(path) => Self::with_file(Path::new(&path)),
            None => Ok(Self::bundled()),
        }
    }

    /// The same as [`Fonts::from_env`]: the name from when maps were drawn with installed
    /// fonts, kept for the callers of then. Installed fonts are not used.
    ///
    /// # Errors
    /// As [`Fonts::from_env`].
    pub fn system() -> Result<Self, RenderError> {
        Self::from_env()
    }

    /// The bundled fonts alone: DejaVu Sans for Latin, WenQuanYi Micro Hei (GB2312) for
    /// Chinese.
    ///
    /// ```
    /// let fonts = catchment::render::Fonts::bundled();
    /// assert_eq!(fonts.families(), "'DejaVu Sans', 'WenQuanYi Micro Hei'");
    /// assert!(fonts.check(&["顾客分布图 — Salon Koe"]).is_ok());
    /// ```
    pub fn bundled() -> Self {
        let mut db = Database::new();
        load_bundled(&mut db);
        // Nothing here depends on the machine: the picks can only fail if the bundled
        // files were broken, which the unit tests rule out; fall back to the names anyway.
        let latin = pick(&db, LATIN_PROBE).unwrap_or_else(|| BUNDLED_LATIN.to_owned());
        let cjk = pick(&db, CJK_PROBE).unwrap_or_else(|| BUNDLED_CJK.to_owned());
        Self::new(db, latin, Some(cjk))
    }

    /// Draws with the font file `path` (a .ttf, .otf or .ttc) for every script it has —
    /// its family becomes the Latin one if it has Latin letters, the CJK one if it has
    /// Chinese — with the bundled fonts behind it for the rest.
    ///
    /// # Errors
    /// [`RenderError::FontFile`] when the file is not a readable font.
    pub fn with_file(path: &Path) -> Result<Self, RenderError> {
        let mut db = Database::new();
        // First, so usvg's per-character fallback, which goes in load order, tries it first.
        load_file(&mut db, path)?;
        load_bundled(&mut db);
        let latin = pick(&db, LATIN_PROBE).unwrap_or_else(|| BUNDLED_LATIN.to_owned());
        let cjk = pick(&db, CJK_PROBE).unwrap_or_else(|| BUNDLED_CJK.to_owned());
        Ok(Self::new(db, latin, Some(cjk)))
    }

    /// Uses only the given font files, not even the bundled ones (tests, or a machine set
    /// up by hand).
    ///
    /// # Errors
    /// [`RenderError::FontFile`] for a file that is not a font; [`RenderError::NoLatinFont`]
    /// when none draws Latin letters.
    pub fn from_files(paths: &[PathBuf]) -> Result<Self, RenderError> {
        let mut db = Database::new();
        for p in paths {
            load_file(&mut db, p)?;
        }
        let latin = pick(&db, LATIN_PROBE).ok_or(RenderError::NoLatinFont)?;
        let cjk = pick(&db, CJK_PROBE);
        Ok(Self::new(db, latin, cjk))
    }

    fn new(mut db: Database, latin: String, cjk: Option<String>) -> Self {
        db.set_sans_serif_family(latin.clone());
        let mut names = vec![latin.clone()];
        names.extend(cjk.iter().filter(|c| **c != latin).cloned());
        let families = names
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let css = Families {
            latin: format!("'{latin}', sans-serif"),
            cjk: format!("'{}', sans-serif", cjk.as_deref().unwrap_or(&latin)),
        };
        Self {
            db: Arc::new(db),
            latin,
            families,
            css,
        }
    }

    /// The families text is drawn with, e.g. `'DejaVu Sans', 'WenQuanYi Micro Hei'`.
    pub fn families(&self) -> &str {
        &self.families
    }

    /// The CSS family lists written into the SVG for these fonts.
    pub(crate) fn css(&self) -> &Families {
        &self.css
    }

    /// Checks that every character of `texts` is in one of the fonts.
    ///
    /// # Errors
    /// [`RenderError::NoCjkFont`] when Chinese (or other CJK) characters have no glyph,
    /// naming them and a text with them; [`RenderError::MissingGlyphs`] for other
    /// characters.
    pub fn check<S: AsRef<str>>(&self, texts: &[S]) -> Result<(), RenderError> {
        let mut missing: BTreeSet<char> = texts
            .iter()
            .flat_map(|t| t.as_ref().chars())
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
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
                            .filter(|c| has_glyph(&f, *c))
                            .collect(),
                    )
                })
                .flatten()
                .unwrap_or_default();
            for c in found {
                missing.remove(&c);
            }
        }
        let text_with = |c: char| {
            texts
                .iter()
                .map(AsRef::as_ref)
                .find(|t| t.contains(c))
                .unwrap_or_default()
                .to_owned()
        };
        let wide: Vec<char> = missing
            .iter()
            .copied()
            .filter(|c| super::text::is_wide(*c))
            .collect();
        if let Some(&first) = wide.first() {
            return Err(RenderError::NoCjkFont {
                text: text_with(first),
                chars: wide,
                families: self.families.clone(),
            });
        }
        let Some(&first) = missing.iter().next() else {
            return Ok(());
        };
        Err(RenderError::MissingGlyphs {
            text: text_with(first),
            chars: missing.into_iter().collect(),
            families: self.families.clone(),
        })
    }

    /// usvg options drawing with these fonts (and no others).
    pub(crate) fn usvg_options(&self) -> resvg::usvg::Options<'static> {
        let mut opt = resvg::usvg::Options {
            font_family: self.latin.clone(),
            ..resvg::usvg::Options::default()
        };
        opt.fontdb = Arc::clone(&self.db);
        opt
    }
}

/// Adds the bundled fonts, read from the binary (no copy, no file).
fn load_bundled(db: &mut Database) {
    for bytes in BUNDLED {
        db.load_font_source(Source::Binary(Arc::new(bytes)));
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

fn has_glyph(face: &ttf_parser::Face, c: char) -> bool {
    face.glyph_index(c).is_some_and(|g| g.0 != 0)
}

/// The family of the first regular face, in load order, that draws `probe`. Among the
/// faces of that face's file (a collection such as `NotoSansCJK-Regular.ttc` holds
/// Japanese, Korean and Chinese variants), a simplified Chinese one is preferred.
fn pick(db: &Database, probe: &str) -> Option<String> {
    let covers = |id: fontdb::ID| {
        db.with_face_data(id, |data, index| {
            let f = ttf_parser::Face::parse(data, index).ok()?;
            Some(probe.chars().all(|c| has_glyph(&f, c)))
        })
        .flatten()
        .unwrap_or(false)
    };
    let family = |f: &fontdb::FaceInfo| f.families.first().map(|(n, _)| n.clone());
    let mut candidates = db
        .faces()
        .filter(|f| f.weight == Weight::NORMAL && f.style == fontdb::Style::Normal && !f.monospaced)
        .filter(|f| covers(f.id));
    let first = candidates.next()?;
    let simplified = candidates
        .filter(|f| same_source(&f.source, &first.source))
        .chain(std::iter::once(first))
        .find(|f| {
            family(f).is_some_and(|n| {
                [" SC", " CN", "Hans", " GB"]
                    .iter()
                    .any(|hint| n.contains(hint))
            })
        });
    family(simplified.unwrap_or(first))
}

fn same_source(a: &Source, b: &Source) -> bool {
    match (a, b) {
        (Source::File(p), Source::File(q)) => p == q,
        (Source::SharedFile(p, _), Source::SharedFile(q, _)) => p == q,
        (Source::Binary(x), Source::Binary(y)) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    #[test]
    fn bundled_fonts_are_in_memory_and_named_as_the_svg_asks() {
        let fonts = Fonts::bundled();
        let faces: Vec<(String, u16, bool)> = fonts
            .db
            .faces()
            .map(|f| {
                (
                    f.families[0].0.clone(),
                    f.weight.0,
                    matches!(f.source, Source::Binary(_)),
                )
            })
            .collect();
        assert_eq!(
            faces,
            [
                (BUNDLED_LATIN.to_owned(), 400, true),
                (BUNDLED_LATIN.to_owned(), 700, true),
                (BUNDLED_CJK.to_owned(), 400, true),
            ],
            "no font file, no installed font: only the three compiled in"
        );
        assert_eq!(fonts.latin, BUNDLED_LATIN);
        assert_eq!(fonts.css().cjk, format!("'{BUNDLED_CJK}', sans-serif"));
        // SVG maps name the bundled families first, so a viewer that has them (or the
        // full fonts they were cut from) draws what the PDF shows.
        assert!(PORTABLE_LATIN.starts_with(&format!("'{BUNDLED_LATIN}',")));
        assert!(PORTABLE_CJK.starts_with(&format!("'{BUNDLED_CJK}',")));
    }

    #[test]
    fn bundled_fonts_draw_every_word_a_map_prints() {
        // Every non-ASCII character of the render sources but this one and of the message
        // catalogue (the words of both languages, the sparse reasons, units, the attribution's ©): what make_subset.sh
        // put in.
        let sources = [
            include_str!("basemap.rs"),
            include_str!("compose.rs"),
            include_str!("furniture.rs"),
            include_str!("../i18n/mod.rs"),
            include_str!("../i18n/words.rs"),
            include_str!("../i18n/zh.rs"),
            include_str!("labels.rs"),
            include_str!("marks.rs"),
            include_str!("members.rs"),
            include_str!("mod.rs"),
            include_str!("page.rs"),
            include_str!("pdf.rs"),
            include_str!("pdf_canon.rs"),
            include_str!("png.rs"),
            include_str!("projection.rs"),
            include_str!("style.rs"),
            include_str!("svg.rs"),
            include_str!("table.rs"),
            include_str!("text.rs"),
        ];
        let words: Vec<String> = sources
            .iter()
            .flat_map(|s| s.chars())
            .filter(|c| !c.is_ascii())
            .map(String::from)
            .collect();
        assert!(
            words.iter().any(|w| w == "顾"),
            "the sources hold the words"
        );
        Fonts::bundled().check(&words).unwrap();
    }

    #[test]
    fn the_chinese_subset_is_gb2312_and_stops_there() {
        let fonts = Fonts::bundled();
        // The first and last hanzi of GB2312 level 1 (啊, 座) and level 2 (亍, 齄),
        // full-width punctuation and digits.
        fonts.check(&["啊座亍齄，。：、（）《》１２３"]).unwrap();
        // 䶮 (U+4DAE, CJK Extension A) is in no GB2312 row.
        let err = fonts.check(&["䶮店"]).unwrap_err();
        assert!(
            matches!(&err, RenderError::NoCjkFont { chars, .. } if chars == &['䶮']),
            "{err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains(FONT_ENV) && msg.contains(BUNDLED_CJK), "{msg}");
    }

    #[test]
    fn a_font_file_goes_in_front_of_the_bundled_fonts() {
        let bold = repo("data/fonts/DejaVuSans-Bold.ttf");
        let fonts = Fonts::with_file(&bold).unwrap();
        let sources: Vec<bool> = fonts
            .db
            .faces()
            .map(|f| matches!(f.source, Source::Binary(_)))
            .collect();
        assert_eq!(
            sources,
            [false, true, true, true],
            "the file, then the three"
        );
        // It has Latin letters, no Chinese: Chinese still comes from the bundled font.
        assert_eq!(fonts.css().cjk, format!("'{BUNDLED_CJK}', sans-serif"));
        fonts.check(&["Salon Koe 丽人美容院"]).unwrap();
        let err = Fonts::with_file(&repo("Cargo.toml")).unwrap_err();
        assert!(matches!(err, RenderError::FontFile { .. }), "{err:?}");
    }
}
