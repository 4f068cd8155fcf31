//! Paper sizes and where things go on the page: the title block, the map frame and the
//! panels of legend, ring table and chart, all in millimetres.
//!
//! The layout is designed for A4 and scaled by the page's short side (`unit`), so an A3
//! map is the same composition 1.41× larger — type and symbols included — which is what
//! a wall print wants.

use std::fmt;
use std::str::FromStr;

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Portrait width and height in millimetres.
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

impl FromStr for Paper {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "a3" => Ok(Paper::A3),
            "letter" => Ok(Paper::Letter),
            other => Err(format!(
                "unknown paper '{other}' (expected a4, a3 or letter)"
            )),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
            Paper::Letter => "Letter",
        })
    }
}

/// A rectangle on the page in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub(crate) fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Self { x, y, w, h }
    }

    pub(crate) fn right(&self) -> f64 {
        self.x + self.w
    }

    pub(crate) fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub(crate) fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Whether the two rectangles overlap (touching edges do not).
    pub(crate) fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// Whether `o` lies wholly inside.
    pub(crate) fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }

    /// The rectangle grown by `d` on every side.
    pub(crate) fn grow(&self, d: f64) -> Rect {
        Rect::new(self.x - d, self.y - d, self.w + 2.0 * d, self.h + 2.0 * d)
    }
}

/// Where everything goes on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// Page width and height in millimetres.
    pub page_w: f64,
    pub page_h: f64,
    /// Scale of the design: 1 on A4, √2 on A3.
    pub unit: f64,
    /// Title and subtitle.
    pub title: Rect,
    /// The map frame.
    pub map: Rect,
    /// Legend, ring table and chart panels, in that order.
    pub legend: Rect,
    pub table: Rect,
    pub chart: Rect,
}

impl Layout {
    /// The layout of a page of `paper`, landscape or not.
    pub(crate) fn new(paper: Paper, landscape: bool) -> Self {
        let (short, long) = paper.size_mm();
        let (page_w, page_h) = if landscape {
            (long, short)
        } else {
            (short, long)
        };
        let u = short / 210.0;
        let margin = 10.0 * u;
        let gap = 5.0 * u;
        let title_h = 17.0 * u;
        let title = Rect::new(margin, margin, page_w - 2.0 * margin, title_h);
        let top = margin + title_h;
        // The map, then legend, ring table and chart: beside the map in landscape, in a
        // band under it in portrait.
        let (map, legend, table, chart) = if landscape {
            let side_w = 84.0 * u;
            let map = Rect::new(
                margin,
                top,
                page_w - 2.0 * margin - side_w - gap,
                page_h - top - margin,
            );
            let x = map.right() + gap;
            let legend = Rect::new(x, top, side_w, 64.0 * u);
            let table = Rect::new(x, legend.bottom() + gap * 0.6, side_w, 50.0 * u);
            let chart_y = table.bottom() + gap * 0.6;
            let chart = Rect::new(x, chart_y, side_w, (map.bottom() - chart_y).max(10.0 * u));
            (map, legend, table, chart)
        } else {
            let panel_h = 60.0 * u;
            let map = Rect::new(
                margin,
                top,
                page_w - 2.0 * margin,
                page_h - top - margin - panel_h - gap,
            );
            let y = map.bottom() + gap;
            let legend_w = 60.0 * u;
            let table_w = 74.0 * u;
            let legend = Rect::new(margin, y, legend_w, panel_h);
            let table = Rect::new(legend.right() + gap, y, table_w, panel_h);
            let chart_x = table.right() + gap;
            let chart = Rect::new(chart_x, y, page_w - margin - chart_x, panel_h);
            (map, legend, table, chart)
        };
        Self {
            page_w,
            page_h,
            unit: u,
            title,
            map,
            legend,
            table,
            chart,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_fit_the_page_and_do_not_overlap() {
        for paper in [Paper::A4, Paper::A3, Paper::Letter] {
            for landscape in [false, true] {
                let l = Layout::new(paper, landscape);
                let page = Rect::new(0.0, 0.0, l.page_w, l.page_h);
                let parts = [l.title, l.map, l.legend, l.table, l.chart];
                for (i, a) in parts.iter().enumerate() {
                    assert!(page.contains(a), "{paper} {landscape}: {a:?}");
                    assert!(a.w > 0.0 && a.h > 0.0);
                    for b in &parts[i + 1..] {
                        assert!(!a.overlaps(b), "{paper} {landscape}: {a:?} {b:?}");
                    }
                }
            }
        }
    }
}
