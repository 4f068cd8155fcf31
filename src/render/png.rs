//! PNG maps: the page's SVG rasterised by resvg at any resolution, on white, with the
//! resolution recorded in the file (`pHYs`) so it prints at its paper size.

use super::RenderError;
use super::fonts::Fonts;
use resvg::tiny_skia::{Color, Pixmap, Transform};

/// The most pixels a map may have (an A3 page at 1,000 dpi is about 194 million).
pub const MAX_PIXELS: u64 = 250_000_000;

/// Pixel size of a page of `w_mm` × `h_mm` at `dpi`.
pub(crate) fn pixel_size(w_mm: f64, h_mm: f64, dpi: u32) -> (u64, u64) {
    let px = |mm: f64| (mm / 25.4 * f64::from(dpi)).round().max(1.0) as u64;
    (px(w_mm), px(h_mm))
}

/// Rasterises `svg` at `dpi` and encodes it as PNG.
///
/// # Errors
/// [`RenderError::TooLarge`] past [`MAX_PIXELS`]; [`RenderError::Png`] when the SVG does
/// not parse or encoding fails (a bug).
pub(crate) fn png(svg: &str, fonts: &Fonts, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let fail = |detail: String| RenderError::Png { detail };
    let tree =
        resvg::usvg::Tree::from_str(svg, &fonts.usvg_options()).map_err(|e| fail(e.to_string()))?;
    // usvg sizes the page in CSS pixels, 96 to the inch.
    let mm = |px: f32| f64::from(px) * 25.4 / 96.0;
    let (w, h) = pixel_size(mm(tree.size().width()), mm(tree.size().height()), dpi);
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(RenderError::TooLarge {
            width_px: w,
            height_px: h,
            dpi,
        });
    }
    let (Ok(w32), Ok(h32)) = (u32::try_from(w), u32::try_from(h)) else {
        return Err(RenderError::TooLarge {
            width_px: w,
            height_px: h,
            dpi,
        });
    };
    let mut pixmap =
        Pixmap::new(w32, h32).ok_or_else(|| fail(format!("cannot allocate {w}×{h} pixels")))?;
    pixmap.fill(Color::WHITE);
    let sx = w as f32 / tree.size().width();
    let sy = h as f32 / tree.size().height();
    resvg::render(&tree, Transform::from_scale(sx, sy), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| fail(e.to_string()))?;
    Ok(with_dpi(png, dpi))
}

/// Inserts a `pHYs` chunk (pixels per metre) after the header chunk.
fn with_dpi(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    // Signature (8 bytes), then IHDR: length, type, 13 bytes of data, CRC.
    const AFTER_IHDR: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < AFTER_IHDR || &png[12..16] != b"IHDR" {
        return png;
    }
    let ppm = (f64::from(dpi) / 0.0254).round() as u32;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    chunk.extend_from_slice(b"pHYs");
    chunk.extend_from_slice(&ppm.to_be_bytes());
    chunk.extend_from_slice(&ppm.to_be_bytes());
    chunk.push(1);
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..AFTER_IHDR]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[AFTER_IHDR..]);
    out
}

/// CRC-32 as PNG chunks use it (ISO 3309, reflected, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_png_spec_example() {
        // The CRC of an IEND chunk's type, as every PNG ends with.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(pixel_size(210.0, 297.0, 300), (2480, 3508));
    }
}
