//! PDF maps: each page's SVG converted by svg2pdf into a vector form with its text kept
//! as text (fonts subset and embedded, so it can be selected and searched), the pages
//! assembled into one document — one page per shop for an atlas.
//!
//! Nothing in the file depends on the time or the machine beyond the fonts: no creation
//! date, no random document id, and svg2pdf's hash-map order is undone by
//! [`pdf_canon`](super::pdf_canon), so the same inputs give the same bytes.

use super::RenderError;
use super::fonts::Fonts;
use pdf_writer::{Chunk, Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use rayon::prelude::*;
use std::collections::HashMap;

/// PDF points per usvg pixel (usvg lays SVG out at 96 per inch, PDF counts 72).
const PT_PER_PX: f32 = 72.0 / 96.0;

/// Pages converted at once: each is parsed and converted on its own thread, and only
/// this many are held before they are appended to the document (an atlas of a thousand
/// maps never holds a thousand SVGs).
const PAGES_AT_ONCE: usize = 16;

/// One PDF of `pages` pages, titled `title`: page `i` is the SVG `page(i)` gives,
/// made when it is needed. `done` is told how many pages are in the document so far.
///
/// # Errors
/// The first error of `page` in page order; [`RenderError::Pdf`] when svg2pdf cannot
/// convert a page (a bug, reported with the page number).
pub(crate) fn pdf<S: AsRef<str>>(
    pages: usize,
    page: impl Fn(usize) -> Result<S, RenderError> + Sync,
    fonts: &Fonts,
    title: &str,
    done: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, RenderError> {
    let opt = fonts.usvg_options();
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let tree_id = alloc.bump();
    let info_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages);
    for first in (0..pages).step_by(PAGES_AT_ONCE) {
        let converted: Vec<Result<Converted, RenderError>> = (first
            ..pages.min(first + PAGES_AT_ONCE))
            .into_par_iter()
            .map(|i| convert(page(i)?.as_ref(), &opt, i))
            .collect();
        for (i, converted) in (first..).zip(converted) {
            let Converted {
                chunk,
                svg_ref,
                width,
                height,
            } = converted?;
            let mut map = HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            let Some(&svg_id) = map.get(&svg_ref) else {
                return Err(RenderError::Pdf {
                    page: i + 1,
                    detail: "svg2pdf returned no page object".to_owned(),
                });
            };
            let page_id = alloc.bump();
            let content_id = alloc.bump();
            let name = Name(b"M");
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, width, height));
            page.parent(tree_id);
            page.contents(content_id);
            page.resources().x_objects().pair(name, svg_id);
            page.finish();
            let mut content = Content::new();
            content.save_state();
            content.transform([width, 0.0, 0.0, height, 0.0, 0.0]);
            content.x_object(name);
            content.restore_state();
            pdf.stream(content_id, &content.finish());
            pdf.extend(&chunk);
            page_ids.push(page_id);
        }
        done(page_ids.len());
    }
    pdf.catalog(catalog_id).pages(tree_id);
    let count = i32::try_from(page_ids.len()).unwrap_or(i32::MAX);
    pdf.pages(tree_id).kids(page_ids).count(count);
    pdf.document_info(info_id)
        .title(TextStr(title))
        .producer(TextStr("catchment"));
    super::pdf_canon::canonical(&pdf.finish()).map_err(|detail| RenderError::Pdf {
        page: pages,
        detail: format!("could not make the PDF reproducible: {detail}"),
    })
}

/// One page converted by svg2pdf: its objects (numbered on their own) and the size of the
/// page in points.
struct Converted {
    chunk: Chunk,
    svg_ref: Ref,
    width: f32,
    height: f32,
}

/// Page `i` (0-based), the SVG `svg`, converted to PDF objects.
fn convert(svg: &str, opt: &resvg::usvg::Options<'_>, i: usize) -> Result<Converted, RenderError> {
    let fail = |detail: String| RenderError::Pdf {
        page: i + 1,
        detail,
    };
    let tree = resvg::usvg::Tree::from_str(svg, opt).map_err(|e| fail(e.to_string()))?;
    let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| fail(e.to_string()))?;
    Ok(Converted {
        chunk,
        svg_ref,
        width: tree.size().width() * PT_PER_PX,
        height: tree.size().height() * PT_PER_PX,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_come_in_order_across_the_groups_converted_at_once() {
        let pages = 2 * PAGES_AT_ONCE + 3;
        // Page i is 10 + i px wide, so its media box says which page it is.
        let svg = |i: usize| -> Result<String, RenderError> {
            let w = 10 + i;
            Ok(format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20"><rect width="5" height="5"/></svg>"#
            ))
        };
        let mut told = Vec::new();
        let bytes = pdf(pages, svg, &Fonts::bundled(), "t", &mut |n| told.push(n)).expect("pdf");
        assert_eq!(
            told,
            [PAGES_AT_ONCE, 2 * PAGES_AT_ONCE, pages],
            "told after each group"
        );
        let text = String::from_utf8_lossy(&bytes);
        let widths: Vec<f32> = text
            .match_indices("/MediaBox [0 0 ")
            .map(|(at, m)| {
                let rest = &text[at + m.len()..];
                rest[..rest.find(' ').expect("width")]
                    .parse()
                    .expect("number")
            })
            .collect();
        let expected: Vec<f32> = (0..pages).map(|i| (10 + i) as f32 * PT_PER_PX).collect();
        assert_eq!(widths, expected);
    }

    #[test]
    fn the_first_failing_page_is_the_error() {
        let svg = |i: usize| -> Result<&'static str, RenderError> {
            match i {
                20 | 21 => Err(RenderError::Pdf {
                    page: i + 1,
                    detail: "planted".into(),
                }),
                _ => Ok(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#),
            }
        };
        let err = pdf(30, svg, &Fonts::bundled(), "t", &mut |_| {}).expect_err("fails");
        assert!(matches!(err, RenderError::Pdf { page: 21, .. }), "{err}");
    }
}
