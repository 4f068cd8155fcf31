//! The deterministic SVG writer every map page goes through.
//!
//! Same inputs must give the same bytes (golden files, byte-identical PDFs), so numbers are
//! written in one fixed way — hundredths of a millimetre, trailing zeros cut, never `-0` —
//! there are no timestamps and no generated ids, and every text drawn is recorded so the
//! font check sees exactly what the page shows.

use std::fmt::Write;

/// Page coordinates in millimetres, 0.01 mm resolution (10 µm: a pixel at 2,500 dpi).
pub(crate) fn num(x: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, x);
    s
}

/// Appends `x` rounded to hundredths, without trailing zeros.
pub(crate) fn push_num(out: &mut String, x: f64) {
    let k = hundredths(x);
    push_hundredths(out, k);
}

fn hundredths(x: f64) -> i64 {
    if x.is_finite() {
        (x * 100.0).round().clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

fn push_hundredths(out: &mut String, k: i64) {
    if k < 0 {
        out.push('-');
    }
    let a = k.unsigned_abs();
    let _ = write!(out, "{}", a / 100);
    let frac = a % 100;
    if frac != 0 {
        if frac % 10 == 0 {
            let _ = write!(out, ".{}", frac / 10);
        } else {
            let _ = write!(out, ".{frac:02}");
        }
    }
}

/// Escapes text for an XML attribute or element.
pub(crate) fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            // XML 1.0 forbids most control characters even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

/// Path data built from absolute points, written as relative moves in hundredths of a
/// millimetre: exact (no drift) and about half the size of absolute coordinates.
#[derive(Debug, Default)]
pub(crate) struct PathData {
    d: String,
    at: (i64, i64),
}

impl PathData {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Whether nothing was drawn.
    pub(crate) fn is_empty(&self) -> bool {
        self.d.is_empty()
    }

    /// The `d` attribute.
    pub(crate) fn as_str(&self) -> &str {
        &self.d
    }

    fn step(&mut self, cmd: char, x: f64, y: f64) {
        let (kx, ky) = (hundredths(x), hundredths(y));
        self.d.push(cmd);
        push_hundredths(&mut self.d, kx - self.at.0);
        if ky - self.at.1 >= 0 {
            self.d.push(' ');
        }
        push_hundredths(&mut self.d, ky - self.at.1);
        self.at = (kx, ky);
    }

    /// Starts a subpath at (x, y).
    pub(crate) fn move_to(&mut self, x: f64, y: f64) {
        // The first `m` of a path is absolute by the SVG rules, which is what `at = 0` gives.
        self.step('m', x, y);
    }

    /// A straight line to (x, y).
    pub(crate) fn line_to(&mut self, x: f64, y: f64) {
        self.step('l', x, y);
    }

    /// Closes the subpath (the current point returns to its start).
    pub(crate) fn close(&mut self, start: (f64, f64)) {
        self.d.push('z');
        self.at = (hundredths(start.0), hundredths(start.1));
    }

    /// A polyline through `points`.
    pub(crate) fn polyline(&mut self, points: &[(f64, f64)]) {
        let mut it = points.iter();
        if let Some(&(x, y)) = it.next() {
            self.move_to(x, y);
            for &(x, y) in it {
                self.line_to(x, y);
            }
        }
    }

    /// A closed polygon ring through `points` (the last point need not repeat the first).
    pub(crate) fn polygon(&mut self, points: &[(f64, f64)]) {
        if let Some(&first) = points.first() {
            self.polyline(points);
            self.close(first);
        }
    }

    /// A circle of radius `r` centred on (x, y), as two arcs.
    pub(crate) fn circle(&mut self, x: f64, y: f64, r: f64) {
        self.move_to(x - r, y);
        let rr = num(r);
        let dd = num(2.0 * r);
        let _ = write!(self.d, "a{rr} {rr} 0 1 0 {dd} 0a{rr} {rr} 0 1 0 -{dd} 0z");
        self.at = (hundredths(x - r), hundredths(y));
    }
}

/// The CSS font-family lists text is written with: Latin (the page's default) and CJK,
/// for texts with Chinese in them (class `cjk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Families {
    pub latin: String,
    pub cjk: String,
}

/// One page of SVG being written, with every text it draws.
#[derive(Debug)]
pub(crate) struct Svg {
    out: String,
    texts: Vec<String>,
}

/// How a text is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextStyle<'a> {
    /// Font size in millimetres.
    pub size_mm: f64,
    /// Bold weight.
    pub bold: bool,
    /// Fill colour.
    pub fill: &'a str,
    /// `start`, `middle` or `end`.
    pub anchor: &'a str,
    /// A white outline this wide (mm) behind the glyphs, so text reads over the map.
    pub halo_mm: f64,
}

impl<'a> TextStyle<'a> {
    /// Plain text, left-aligned, no halo.
    pub(crate) fn plain(size_mm: f64, fill: &'a str) -> Self {
        Self {
            size_mm,
            bold: false,
            fill,
            anchor: "start",
            halo_mm: 0.0,
        }
    }

    /// The same, bold.
    pub(crate) fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    /// The same, with another anchor.
    pub(crate) fn anchored(self, anchor: &'a str) -> Self {
        Self { anchor, ..self }
    }

    /// The same, with a halo.
    pub(crate) fn halo(self, halo_mm: f64) -> Self {
        Self { halo_mm, ..self }
    }
}

impl Svg {
    /// Starts an SVG for a screen, `width_px` × `height_px`; user units are pixels.
    pub(crate) fn screen(width_px: f64, height_px: f64, fonts: &Families, title: &str) -> Self {
        let (w, h) = (num(width_px), num(height_px));
        Self::with_header(
            format!("width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\""),
            fonts,
            title,
        )
    }

    /// Starts a page of `width_mm` × `height_mm`; user units are millimetres.
    pub(crate) fn new(width_mm: f64, height_mm: f64, fonts: &Families, title: &str) -> Self {
        let (w, h) = (num(width_mm), num(height_mm));
        Self::with_header(
            format!("width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\""),
            fonts,
            title,
        )
    }

    fn with_header(size: String, fonts: &Families, title: &str) -> Self {
        let mut out = String::with_capacity(1 << 16);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" {size} font-family=\"{}\">\n<title>{}</title>\n<style>.cjk{{font-family:{}}}</style>\n",
            esc(&fonts.latin),
            esc(title),
            esc(&fonts.cjk)
        );
        Self {
            out,
            texts: vec![title.to_owned()],
        }
    }

    /// Raw markup (already escaped).
    pub(crate) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Opens a group with attributes written as given (already escaped).
    pub(crate) fn group(&mut self, attrs: &str) {
        let _ = writeln!(self.out, "<g {attrs}>");
    }

    /// Closes a group.
    pub(crate) fn end_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// A path with presentation attributes (already escaped); nothing for empty data.
    pub(crate) fn path(&mut self, d: &PathData, attrs: &str) {
        if d.is_empty() {
            return;
        }
        let _ = writeln!(self.out, "<path {attrs} d=\"{}\"/>", d.as_str());
    }

    /// A rectangle.
    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    /// A text at (x, y) on its baseline, rotated by `angle_deg` about that point.
    pub(crate) fn text(&mut self, x: f64, y: f64, angle_deg: f64, text: &str, style: TextStyle) {
        if text.trim().is_empty() {
            return;
        }
        self.texts.push(text.to_owned());
        let (xs, ys) = (num(x), num(y));
        let _ = write!(
            self.out,
            "<text x=\"{xs}\" y=\"{ys}\" font-size=\"{}\" fill=\"{}\"",
            num(style.size_mm),
            style.fill
        );
        if style.bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        // Text with Chinese in it is set wholly in the CJK font: usvg shapes a whole text
        // with the fallback font once that covers every character, so a Latin font first
        // would only give Latin parts another font's glyphs anyway. CJK fonts rarely come
        // in bold, so bold is drawn as a thin outline in the text's colour (not under a
        // halo, which that outline would replace).
        if text.chars().any(super::text::is_wide) {
            self.out.push_str(" class=\"cjk\"");
            if style.bold && style.halo_mm == 0.0 {
                let _ = write!(
                    self.out,
                    " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
                    style.fill,
                    num(0.035 * style.size_mm)
                );
            }
        }
        if style.anchor != "start" {
            let _ = write!(self.out, " text-anchor=\"{}\"", style.anchor);
        }
        if style.halo_mm > 0.0 {
            let _ = write!(
                self.out,
                " stroke=\"#fff\" stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                num(style.halo_mm)
            );
        }
        let a = num(angle_deg);
        if a != "0" {
            let _ = write!(self.out, " transform=\"rotate({a} {xs} {ys})\"");
        }
        let _ = writeln!(self.out, ">{}</text>", esc(text));
    }

    /// Records a text drawn by other means (a chart's markup set in with [`Svg::raw`]), so
    /// the font check sees it.
    pub(crate) fn record_text(&mut self, text: String) {
        self.texts.push(text);
    }

    /// Ends the page: the SVG text and every text drawn on it.
    pub(crate) fn finish(mut self) -> (String, Vec<String>) {
        self.out.push_str("</svg>\n");
        (self.out, self.texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_and_trimmed() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.05), "1.05");
        assert_eq!(num(-12.349), "-12.35");
        assert_eq!(num(210.0), "210");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn paths_are_relative_and_exact() {
        let mut p = PathData::new();
        p.polyline(&[(1.0, 2.0), (1.5, 1.0), (3.0, 1.0)]);
        assert_eq!(p.as_str(), "m1 2l0.5-1l1.5 0");
        p.polygon(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]);
        assert_eq!(p.as_str(), "m1 2l0.5-1l1.5 0m-3-1l1 0l0 1z");
    }

    #[test]
    fn text_is_escaped_and_recorded() {
        let fonts = Families {
            latin: "Latin".to_owned(),
            cjk: "CJK".to_owned(),
        };
        let mut s = Svg::new(10.0, 10.0, &fonts, "t");
        s.text(1.0, 2.0, 0.0, "A&B <x>", TextStyle::plain(3.0, "#000"));
        s.text(
            1.0,
            2.0,
            0.0,
            "图例 Legend 顾客",
            TextStyle::plain(3.0, "#000"),
        );
        let (svg, texts) = s.finish();
        assert!(svg.contains(">A&amp;B &lt;x&gt;</text>"), "{svg}");
        assert!(
            svg.contains("<style>.cjk{font-family:CJK}</style>"),
            "{svg}"
        );
        assert!(
            svg.contains(" class=\"cjk\">图例 Legend 顾客</text>"),
            "{svg}"
        );
        assert_eq!(texts[..2], ["t".to_owned(), "A&B <x>".to_owned()]);
    }
}
