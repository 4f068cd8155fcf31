//! PDF maps: each page's SVG converted by svg2pdf into a vector form with its text kept
//! as text (fonts subset and embedded, so it can be selected and searched), the pages
//! assembled into one document — one page per shop for an atlas.
//!
//! Nothing in the file depends on the time or the machine beyond the fonts: no creation
//! date, no random document id, and svg2pdf's hash-map order is undone by
//! [`pdf_canon`](super::pdf_canon), so the same inputs give the same bytes.

use super::RenderError;
use super::fonts::Fonts;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;

/// PDF points per usvg pixel (usvg lays SVG out at 96 per inch, PDF counts 72).
const PT_PER_PX: f32 = 72.0 / 96.0;

/// One PDF with a page per SVG, titled `title`.
///
/// # Errors
/// [`RenderError::Pdf`] when svg2pdf cannot convert a page (a bug, reported with the
/// page number).
pub(crate) fn pdf(pages: &[String], fonts: &Fonts, title: &str) -> Result<Vec<u8>, RenderError> {
    let opt = fonts.usvg_options();
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let tree_id = alloc.bump();
    let info_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    for (i, svg) in pages.iter().enumerate() {
        let fail = |detail: String| RenderError::Pdf {
            page: i + 1,
            detail,
        };
        let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| fail(e.to_string()))?;
        let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| fail(e.to_string()))?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let Some(&svg_id) = map.get(&svg_ref) else {
            return Err(fail("svg2pdf returned no page object".to_owned()));
        };
        let (w, h) = (
            tree.size().width() * PT_PER_PX,
            tree.size().height() * PT_PER_PX,
        );
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        let name = Name(b"M");
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(name, svg_id);
        page.finish();
        let mut content = Content::new();
        content.save_state();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
        content.x_object(name);
        content.restore_state();
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        page_ids.push(page_id);
    }
    pdf.catalog(catalog_id).pages(tree_id);
    let count = i32::try_from(page_ids.len()).unwrap_or(i32::MAX);
    pdf.pages(tree_id).kids(page_ids).count(count);
    pdf.document_info(info_id)
        .title(TextStr(title))
        .producer(TextStr("catchment"));
    super::pdf_canon::canonical(&pdf.finish()).map_err(|detail| RenderError::Pdf {
        page: pages.len(),
        detail: format!("could not make the PDF reproducible: {detail}"),
    })
}
