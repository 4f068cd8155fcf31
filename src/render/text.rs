//! Text widths for layout, from a built-in table rather than the fonts on this machine.
//!
//! Label placement (collision boxes, table columns) needs the width of every text before
//! any font is chosen, and the SVG of a map must be the same bytes on every machine. So
//! widths come from DejaVu Sans's advance widths (the Latin font the maps ask for first),
//! with accented Latin letters as wide as their base letter, East Asian wide characters one
//! em (as in every CJK font), and anything else 0.6 em. A machine that draws with another
//! font gets labels a little wider or narrower than their boxes, never overlapping ones
//! far apart.

use unicode_normalization::UnicodeNormalization;

/// Advance widths of U+0020–U+007E in DejaVu Sans, in thousandths of an em (from the
/// font's `hmtx` table, 2048 units per em, rounded).
const REGULAR_PERMILLE: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/// The same for DejaVu Sans Bold.
const BOLD_PERMILLE: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/// Whether `c` is drawn one em wide (Han, kana, Hangul, CJK punctuation, full-width forms).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

fn ascii_permille(c: char, bold: bool) -> Option<u16> {
    let i = (c as u32).checked_sub(0x20)? as usize;
    if bold {
        BOLD_PERMILLE.get(i).copied()
    } else {
        REGULAR_PERMILLE.get(i).copied()
    }
}

/// Advance of one character in ems.
fn advance_em(c: char, bold: bool) -> f64 {
    if let Some(w) = ascii_permille(c, bold) {
        return f64::from(w) / 1000.0;
    }
    if is_wide(c) {
        return 1.0;
    }
    match c {
        '\u{2013}' => 0.5,
        '\u{2014}' | '\u{2026}' | '©' => 1.0,
        '·' | '\u{2019}' | '\u{2018}' => 0.33,
        '²' => 0.42,
        '×' | '\u{2212}' | '≤' | '≥' => 0.84,
        _ => {
            // Accented Latin letters are as wide as their base letter.
            let base = std::iter::once(c).nfd().next().unwrap_or(c);
            ascii_permille(base, bold).map_or(0.6, |w| f64::from(w) / 1000.0)
        }
    }
}

/// Width in millimetres of `text` set at `size_mm`.
pub(crate) fn width_mm(text: &str, size_mm: f64, bold: bool) -> f64 {
    text.chars().map(|c| advance_em(c, bold)).sum::<f64>() * size_mm
}

/// Height above the baseline that capitals and CJK glyphs reach, in ems.
pub(crate) const ASCENT_EM: f64 = 0.8;
/// Depth below the baseline of descenders, in ems.
pub(crate) const DESCENT_EM: f64 = 0.22;

/// `text` cut to at most `max_mm` wide, with an ellipsis when cut.
pub(crate) fn fit(text: &str, size_mm: f64, bold: bool, max_mm: f64) -> String {
    if width_mm(text, size_mm, bold) <= max_mm {
        return text.to_owned();
    }
    let budget = max_mm - width_mm("…", size_mm, bold);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += advance_em(c, bold) * size_mm;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_table_and_cjk_is_one_em() {
        assert!((width_mm("M", 10.0, false) - 8.63).abs() < 1e-9);
        assert!((width_mm("ä", 10.0, false) - width_mm("a", 10.0, false)).abs() < 1e-9);
        assert!((width_mm("顾客", 3.0, false) - 6.0).abs() < 1e-9);
        assert!(width_mm("Legend", 3.0, true) > width_mm("Legend", 3.0, false));
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("short", 3.0, false, 100.0), "short");
        let cut = fit("Kauneushuone Aurora Helsinki", 3.0, false, 20.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width_mm(&cut, 3.0, false) <= 20.0);
    }
}
