//! Label placement: collision boxes, names along streets, and names beside points.
//!
//! Everything written on the map frame registers its boxes in one [`Placed`] index, in
//! order of importance (the shop's name, ring labels, competitors, then streets), and a
//! label is drawn only where its boxes are free, so no two labels overlap. Street names
//! sit on a straight stretch of their street (bent by at most a quarter of the type
//! size), rotated to it and kept upright, and prefer the middle of the visible street.

use super::page::Rect;
use super::text::{ASCENT_EM, DESCENT_EM, width_mm};

/// The boxes already taken on the map, in a coarse grid for quick look-ups.
#[derive(Debug)]
pub(crate) struct Placed {
    origin: (f64, f64),
    cell_mm: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    boxes: Vec<Rect>,
}

impl Placed {
    /// An empty index covering `area`.
    pub(crate) fn new(area: &Rect) -> Self {
        let cell_mm = 8.0;
        let cols = ((area.w / cell_mm).ceil() as usize).clamp(1, 4096);
        let rows = ((area.h / cell_mm).ceil() as usize).clamp(1, 4096);
        Self {
            origin: (area.x, area.y),
            cell_mm,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
            boxes: Vec::new(),
        }
    }

    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let c = |v: f64, o: f64, n: usize| {
            (((v - o) / self.cell_mm).floor().max(0.0) as usize).min(n - 1)
        };
        (
            c(r.x, self.origin.0, self.cols),
            c(r.y, self.origin.1, self.rows),
            c(r.right(), self.origin.0, self.cols),
            c(r.bottom(), self.origin.1, self.rows),
        )
    }

    /// Whether `r` overlaps no box taken so far.
    pub(crate) fn is_free(&self, r: &Rect) -> bool {
        let (x0, y0, x1, y1) = self.span(r);
        for row in y0..=y1 {
            for col in x0..=x1 {
                for &i in &self.cells[row * self.cols + col] {
                    if self.boxes[i as usize].overlaps(r) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Whether all of `rs` are free.
    pub(crate) fn all_free(&self, rs: &[Rect]) -> bool {
        rs.iter().all(|r| self.is_free(r))
    }

    /// Takes `r`.
    pub(crate) fn add(&mut self, r: Rect) {
        let i = u32::try_from(self.boxes.len()).unwrap_or(u32::MAX);
        let (x0, y0, x1, y1) = self.span(&r);
        for row in y0..=y1 {
            for col in x0..=x1 {
                self.cells[row * self.cols + col].push(i);
            }
        }
        self.boxes.push(r);
    }
}

/// A text placed on the map: its baseline anchor, rotation and alignment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub x: f64,
    pub y: f64,
    pub angle_deg: f64,
    pub anchor: &'static str,
    pub size_mm: f64,
    pub text: String,
}

/// The box of a horizontal text whose baseline starts at (x, y) (before anchoring).
pub(crate) fn text_box(x: f64, y: f64, width: f64, size: f64, pad: f64) -> Rect {
    Rect::new(
        x - pad,
        y - ASCENT_EM * size - pad,
        width + 2.0 * pad,
        (ASCENT_EM + DESCENT_EM) * size + 2.0 * pad,
    )
}

/// Places `text` next to a symbol of radius `r` at `at`, trying right, left, above, below
/// and the diagonals; `None` when no position is free inside `within`, unless `force`
/// (the shop the map is about is always named): then to the right regardless.
#[expect(
    clippy::too_many_arguments,
    reason = "a label's geometry, style and place"
)]
pub(crate) fn beside_point(
    at: (f64, f64),
    r: f64,
    text: &str,
    size: f64,
    bold: bool,
    within: &Rect,
    placed: &mut Placed,
    force: bool,
) -> Option<Label> {
    let w = width_mm(text, size, bold);
    let gap = 0.25 * size + r;
    let mid = 0.32 * size;
    let (x, y) = at;
    let candidates: [(f64, f64, &'static str); 8] = [
        (x + gap, y + mid, "start"),
        (x - gap, y + mid, "end"),
        (x, y - gap - DESCENT_EM * size, "middle"),
        (x, y + gap + ASCENT_EM * size, "middle"),
        (x + gap * 0.8, y - gap * 0.8, "start"),
        (x + gap * 0.8, y + gap * 0.8 + ASCENT_EM * size, "start"),
        (x - gap * 0.8, y - gap * 0.8, "end"),
        (x - gap * 0.8, y + gap * 0.8 + ASCENT_EM * size, "end"),
    ];
    let n = candidates.len();
    for (k, (bx, by, anchor)) in candidates.into_iter().chain(candidates).enumerate() {
        let left = match anchor {
            "start" => bx,
            "end" => bx - w,
            _ => bx - w / 2.0,
        };
        let b = text_box(left, by, w, size, 0.3);
        // The second round, for a forced label, takes the first position inside the map.
        let free = if k < n { placed.is_free(&b) } else { force };
        if within.contains(&b) && free {
            placed.add(b);
            return Some(Label {
                x: bx,
                y: by,
                angle_deg: 0.0,
                anchor,
                size_mm: size,
                text: text.to_owned(),
            });
        }
    }
    None
}

/// A street to name: its visible lines on the page, most important first.
#[derive(Debug, Clone)]
pub(crate) struct StreetToName {
    pub name: String,
    pub size_mm: f64,
    pub lines: Vec<Vec<(f64, f64)>>,
}

/// Names along streets, in the order given, each where its boxes are free; long streets
/// get a name every `repeat_mm` of visible length (at most three).
pub(crate) fn along_streets(
    streets: &[StreetToName],
    within: &Rect,
    repeat_mm: f64,
    placed: &mut Placed,
) -> Vec<Label> {
    let mut out = Vec::new();
    for s in streets {
        let w = width_mm(&s.name, s.size_mm, false);
        let need = w + 1.5 * s.size_mm;
        let visible: f64 = s.lines.iter().map(|l| length(l)).sum();
        let wanted = ((visible / repeat_mm).floor() as usize).clamp(1, 3);
        let mut windows: Vec<Window> = s
            .lines
            .iter()
            .flat_map(|l| straight_windows(l, need, s.size_mm))
            .collect();
        windows.sort_by(|a, b| a.off_centre.total_cmp(&b.off_centre));
        let mut done: Vec<(f64, f64)> = Vec::new();
        for win in windows {
            if done.len() >= wanted {
                break;
            }
            if done
                .iter()
                .any(|p| (p.0 - win.centre.0).hypot(p.1 - win.centre.1) < repeat_mm * 0.75)
            {
                continue;
            }
            let boxes = rotated_boxes(win.centre, win.dir, w, s.size_mm);
            if boxes.iter().all(|b| within.contains(b)) && placed.all_free(&boxes) {
                for b in boxes {
                    placed.add(b);
                }
                done.push(win.centre);
                let (dx, dy) = win.dir;
                // The baseline sits below the road's centre line by about a third of the
                // type size, so the letters straddle the line.
                let down = (-dy, dx);
                let drop = 0.35 * s.size_mm;
                out.push(Label {
                    x: win.centre.0 + down.0 * drop,
                    y: win.centre.1 + down.1 * drop,
                    angle_deg: dy.atan2(dx).to_degrees(),
                    anchor: "middle",
                    size_mm: s.size_mm,
                    text: s.name.clone(),
                });
            }
        }
    }
    out
}

fn length(l: &[(f64, f64)]) -> f64 {
    l.windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .sum()
}

#[derive(Debug, Clone, Copy)]
struct Window {
    centre: (f64, f64),
    /// Unit direction, pointing rightwards (dx > 0, or straight down).
    dir: (f64, f64),
    /// Distance of the window's middle from the middle of its line, mm.
    off_centre: f64,
}

/// Stretches of `need` mm along `line` that are straight enough to write on.
fn straight_windows(line: &[(f64, f64)], need: f64, size: f64) -> Vec<Window> {
    let mut cum = Vec::with_capacity(line.len());
    let mut total = 0.0;
    cum.push(0.0);
    for w in line.windows(2) {
        total += (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
        cum.push(total);
    }
    if total < need || line.len() < 2 {
        return Vec::new();
    }
    let at = |s: f64| -> (f64, f64) {
        let i = cum.partition_point(|c| *c <= s).clamp(1, line.len() - 1);
        let (a, b) = (line[i - 1], line[i]);
        let seg = cum[i] - cum[i - 1];
        let t = if seg > 0.0 {
            (s - cum[i - 1]) / seg
        } else {
            0.0
        };
        (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
    };
    let step = (size * 1.5).max(1.0);
    let mut out = Vec::new();
    let mut s0 = 0.0;
    while s0 + need <= total + 1e-9 {
        let (p, q) = (at(s0), at(s0 + need));
        let chord = (q.0 - p.0).hypot(q.1 - p.1);
        if chord >= 0.97 * need {
            let (ux, uy) = ((q.0 - p.0) / chord, (q.1 - p.1) / chord);
            let bent = line
                .iter()
                .zip(&cum)
                .filter(|(_, c)| **c > s0 && **c < s0 + need)
                .map(|(v, _)| ((v.0 - p.0) * uy - (v.1 - p.1) * ux).abs())
                .fold(0.0, f64::max);
            if bent <= 0.25 * size {
                let dir = if ux < 0.0 || (ux == 0.0 && uy < 0.0) {
                    (-ux, -uy)
                } else {
                    (ux, uy)
                };
                out.push(Window {
                    centre: ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0),
                    dir,
                    off_centre: (s0 + need / 2.0 - total / 2.0).abs(),
                });
            }
        }
        s0 += step;
    }
    out
}

/// Axis-aligned boxes covering a text of width `w` centred on `centre` along `dir`.
fn rotated_boxes(centre: (f64, f64), dir: (f64, f64), w: f64, size: f64) -> Vec<Rect> {
    let h = (ASCENT_EM + DESCENT_EM) * size + 0.6;
    let n = ((w / h).ceil() as usize).max(1) + 1;
    (0..n)
        .map(|i| {
            let t = -w / 2.0 + w * i as f64 / (n - 1) as f64;
            let (x, y) = (centre.0 + dir.0 * t, centre.1 + dir.1 * t);
            Rect::new(x - h / 2.0, y - h / 2.0, h, h)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_overlap_and_stay_inside() {
        let within = Rect::new(0.0, 0.0, 100.0, 100.0);
        let mut placed = Placed::new(&within);
        // Thirty streets along one line: only as many names as fit side by side.
        let streets: Vec<StreetToName> = (0..30)
            .map(|i| StreetToName {
                name: format!("Street number {i:02}"),
                size_mm: 2.4,
                lines: vec![vec![(0.0, 50.0), (100.0, 50.0)]],
            })
            .collect();
        let labels = along_streets(&streets, &within, 60.0, &mut placed);
        let w = width_mm("Street number 00", 2.4, false);
        assert!(
            !labels.is_empty() && labels.len() <= (100.0 / w) as usize,
            "{}",
            labels.len()
        );
        assert!(placed.boxes.iter().all(|b| within.contains(b)));
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!((a.x - b.x).abs() >= w, "{a:?} {b:?}");
            }
        }
        // A point label where every side is taken is dropped, not overlapped.
        let mut full = Placed::new(&within);
        full.add(within);
        assert!(
            beside_point(
                (50.0, 50.0),
                1.0,
                "X",
                3.0,
                false,
                &within,
                &mut full,
                false
            )
            .is_none()
        );
        assert!(
            beside_point((50.0, 50.0), 1.0, "X", 3.0, false, &within, &mut full, true).is_some()
        );
    }

    #[test]
    fn bent_lines_offer_no_window() {
        let zigzag: Vec<(f64, f64)> = (0..40)
            .map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 3.0 }))
            .collect();
        assert!(straight_windows(&zigzag, 20.0, 2.4).is_empty());
        let straight = vec![(0.0, 0.0), (50.0, 0.0)];
        let w = straight_windows(&straight, 20.0, 2.4);
        assert!(!w.is_empty());
        assert!(w.iter().all(|w| w.dir == (1.0, 0.0)));
        // Drawn leftwards, the text still reads left to right.
        let back = vec![(50.0, 0.0), (0.0, 0.0)];
        assert!(
            straight_windows(&back, 20.0, 2.4)
                .iter()
                .all(|w| w.dir.0 > 0.0)
        );
    }
}
