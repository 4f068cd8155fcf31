//! Members on the map: a dot where each lives, coloured by segment (or visits, spend,
//! VIP), VIP members as stars; or, for tens of thousands of members or `--privacy`, an H3
//! hexagon density layer that never shows a single home.
//!
//! The members drawn are the report's: the shop's scope ([`MemberSet::scope_for`]), and
//! the legend's counts are the ring report's totals (every member in scope, on the map or
//! not), so map and report always agree.
//!
//! [`MemberSet::scope_for`]: crate::analysis::MemberSet::scope_for

use super::marks::star;
use super::page::Rect;
use super::projection::Projection;
use super::style;
use super::svg::{PathData, Svg, num};
use super::{ColourBy, MapData, MemberLayer};
use crate::analysis::Scope;
use crate::analysis::rings::RingReport;
use crate::analysis::segments::Segment;
use crate::i18n::{Lang, group_thousands};
use h3o::{LatLng, Resolution};
use std::collections::BTreeMap;

/// Above this many members on the map, `auto` draws hexagons instead of dots.
pub const DOTS_MAX: usize = 25_000;

/// Past this many dots they are drawn as plain octagons.
const MANY_DOTS: usize = 5_000;

/// A regular octagon of unit circumradius.
const OCTAGON: [(f64, f64); 8] = {
    const H: f64 = std::f64::consts::FRAC_1_SQRT_2;
    [
        (1.0, 0.0),
        (H, H),
        (0.0, 1.0),
        (-H, H),
        (-1.0, 0.0),
        (-H, -H),
        (0.0, -1.0),
        (H, -H),
    ]
};

/// Hexagons with fewer members than this are dropped under `--privacy`.
pub const PRIVACY_MIN_MEMBERS: u32 = 3;

/// A legend swatch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    Dot(&'static str),
    Star(&'static str),
    Hex(&'static str),
}

/// One legend row: swatch, label, count.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendRow {
    pub swatch: Swatch,
    pub label: String,
    pub count: Option<u64>,
}

/// What the member layer put on the map, for the legend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MembersDrawn {
    pub title: String,
    pub rows: Vec<LegendRow>,
    pub note: Option<String>,
}

/// Everything the member layer needs.
pub(crate) struct MemberCtx<'a> {
    pub data: &'a MapData,
    pub scope: &'a Scope,
    pub report: &'a RingReport,
    pub proj: &'a Projection,
    pub map: &'a Rect,
    pub unit: f64,
    pub lang: Lang,
    /// Draw VIP members as stars.
    pub vip: bool,
}

/// Draws the members as asked and says what the legend should show.
pub(crate) fn draw(
    svg: &mut Svg,
    ctx: &MemberCtx,
    layer: MemberLayer,
    colour_by: ColourBy,
    privacy: bool,
) -> MembersDrawn {
    let words = ctx.lang.words();
    if layer == MemberLayer::None {
        return MembersDrawn {
            title: words.members_by_segment.to_owned(),
            rows: Vec::new(),
            note: None,
        };
    }
    let set = ctx.data.members();
    let reach = ctx.proj.reach_m(ctx.map) + 25.0;
    let mut slots: Vec<u32> = set
        .index()
        .within_chord(ctx.proj.frame().ecef(), reach)
        .map(|m| m.slot)
        .filter(|s| ctx.scope.contains(*s))
        .collect();
    slots.sort_unstable();
    let hex = privacy
        || layer == MemberLayer::Hex
        || (layer == MemberLayer::Auto && slots.len() > DOTS_MAX);
    if hex {
        hexagons(svg, ctx, &slots, privacy)
    } else {
        dots(svg, ctx, &slots, colour_by)
    }
}

/// A member class: colour, legend label, members in scope; `unknown` classes are left
/// out of the legend when empty.
struct Class {
    colour: &'static str,
    label: String,
    count: u64,
    unknown: bool,
}

fn dots(svg: &mut Svg, ctx: &MemberCtx, slots: &[u32], colour_by: ColourBy) -> MembersDrawn {
    let set = ctx.data.members();
    let words = ctx.lang.words();
    let (title, classes, class_of) = classes(ctx, colour_by);
    let r = 0.62 * ctx.unit;
    let star_r = 1.05 * ctx.unit;
    let mut dot_paths: Vec<PathData> = classes.iter().map(|_| PathData::new()).collect();
    let mut star_paths: Vec<PathData> = classes.iter().map(|_| PathData::new()).collect();
    let clip = ctx.map.grow(2.0);
    // Past a few thousand dots, octagons without an outline: the same on paper, and the
    // PDF and PNG renderers need a tenth of the time (stroking a path of 100,000 circles
    // for its bounds is what costs).
    let many = slots.len() > MANY_DOTS;
    for &slot in slots {
        let (x, y) = ctx.proj.project_ecef(set.ecef_of(slot));
        if x < clip.x || x > clip.right() || y < clip.y || y > clip.bottom() {
            continue;
        }
        let c = class_of(slot);
        if ctx.vip && set.traits_of(slot).vip {
            star(&mut star_paths[c], x, y, star_r);
        } else if many {
            dot_paths[c].polygon(&OCTAGON.map(|(dx, dy)| (x + dx * r, y + dy * r)));
        } else {
            dot_paths[c].circle(x, y, r);
        }
    }
    let order = draw_order(colour_by, classes.len());
    for &c in &order {
        svg.path(
            &dot_paths[c],
            &if many {
                format!(
                    "class=\"members\" fill=\"{}\" fill-opacity=\"0.92\"",
                    classes[c].colour
                )
            } else {
                format!(
                    "class=\"members\" fill=\"{}\" fill-opacity=\"0.92\" stroke=\"#fff\" stroke-width=\"{}\"",
                    classes[c].colour,
                    num(0.12 * ctx.unit)
                )
            },
        );
    }
    for &c in &order {
        svg.path(
            &star_paths[c],
            &format!(
                "class=\"vip\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
                classes[c].colour,
                style::INK,
                num(0.12 * ctx.unit)
            ),
        );
    }
    let mut rows: Vec<LegendRow> = classes
        .iter()
        .filter(|c| c.count > 0 || !c.unknown)
        .map(|c| LegendRow {
            swatch: if colour_by == ColourBy::Vip && c.colour == style::VIP_COLOUR {
                Swatch::Star(c.colour)
            } else {
                Swatch::Dot(c.colour)
            },
            label: c.label.clone(),
            count: Some(c.count),
        })
        .collect();
    if colour_by != ColourBy::Vip {
        let vip: u64 = ctx.report.rings.iter().map(|r| r.tally.vip_members).sum();
        rows.push(LegendRow {
            swatch: Swatch::Star("#ffffff"),
            label: words.vip.to_owned(),
            count: Some(vip),
        });
    }
    MembersDrawn {
        title,
        rows,
        note: None,
    }
}

/// Classes drawn first end up underneath: the common ones first, the ones to act on last.
fn draw_order(colour_by: ColourBy, n: usize) -> Vec<usize> {
    match colour_by {
        // unknown, one-time, returning, loyal, new, dormant
        ColourBy::Segment => vec![5, 1, 2, 3, 0, 4],
        _ => (0..n).collect(),
    }
}

type ClassOf<'a> = Box<dyn Fn(u32) -> usize + 'a>;

/// The classes of a colouring, their counts over the whole scope, and the class of a slot.
fn classes<'a>(ctx: &'a MemberCtx, colour_by: ColourBy) -> (String, Vec<Class>, ClassOf<'a>) {
    let set = ctx.data.members();
    let words = ctx.lang.words();
    let scope_slots = || ctx.scope.slots(set.len());
    match colour_by {
        ColourBy::Segment => {
            let classes = Segment::ALL
                .iter()
                .map(|s| Class {
                    colour: style::segment_colour(*s),
                    label: ctx.lang.segment(*s).to_owned(),
                    count: ctx
                        .report
                        .rings
                        .iter()
                        .map(|r| r.tally.segments.get(*s))
                        .sum(),
                    unknown: *s == Segment::Unknown,
                })
                .collect();
            let of = move |slot: u32| {
                let s = set.traits_of(slot).segment;
                Segment::ALL.iter().position(|x| *x == s).unwrap_or(5)
            };
            (words.members_by_segment.to_owned(), classes, Box::new(of))
        }
        ColourBy::Vip => {
            let mut classes = vec![
                Class {
                    colour: style::NON_VIP_COLOUR,
                    label: words.other_members.to_owned(),
                    count: 0,
                    unknown: false,
                },
                Class {
                    colour: style::VIP_COLOUR,
                    label: words.vip.to_owned(),
                    count: 0,
                    unknown: false,
                },
            ];
            let of = move |slot: u32| usize::from(set.traits_of(slot).vip);
            for s in scope_slots() {
                classes[of(s)].count += 1;
            }
            (words.members_by_segment.to_owned(), classes, Box::new(of))
        }
        ColourBy::Visits => {
            let bounds: [u32; 5] = [1, 2, 4, 6, 10];
            let unit = |n: u32| match ctx.lang {
                Lang::En if n == 1 => "visit",
                Lang::En => "visits",
                Lang::Zh => "次",
            };
            let mut classes: Vec<Class> = bounds
                .iter()
                .enumerate()
                .map(|(i, &lo)| {
                    let label = match bounds.get(i + 1) {
                        // Recorded zero visits count with one.
                        Some(_) if i == 0 => format!("≤ {lo} {}", unit(lo)),
                        Some(&next) if next - 1 == lo => format!("{lo} {}", unit(lo)),
                        Some(&next) => format!("{lo}–{} {}", next - 1, unit(2)),
                        None => format!("≥ {lo} {}", unit(2)),
                    };
                    Class {
                        colour: style::MEMBER_RAMP[i],
                        label,
                        count: 0,
                        unknown: false,
                    }
                })
                .collect();
            classes.push(Class {
                colour: style::segment_colour(Segment::Unknown),
                label: words.unknown.to_owned(),
                count: 0,
                unknown: true,
            });
            let members = ctx.data.members().table().view();
            let of = move |slot: u32| match members.visits(slot as usize) {
                Some(v) => bounds.iter().rposition(|b| v >= *b).unwrap_or(0),
                None => 5,
            };
            for s in scope_slots() {
                classes[of(s)].count += 1;
            }
            (words.visits.to_owned(), classes, Box::new(of))
        }
        ColourBy::Spend => {
            let members = ctx.data.members().table().view();
            let mut known: Vec<i64> = scope_slots()
                .filter_map(|s| members.spend_cents(s as usize))
                .collect();
            known.sort_unstable();
            // Quintile limits rounded up to whole currency units, so labels say what the
            // classes hold.
            let mut limits: Vec<i64> = (1..5)
                .filter_map(|k| known.get((k * known.len()).div_ceil(5).saturating_sub(1)))
                .map(|c| c.div_euclid(100) * 100 + if c.rem_euclid(100) > 0 { 100 } else { 0 })
                .collect();
            limits.dedup();
            if known
                .last()
                .is_some_and(|max| limits.last().is_some_and(|l| l >= max))
            {
                limits.pop();
            }
            let money = |c: i64| group_thousands((c / 100).unsigned_abs());
            let mut classes: Vec<Class> = (0..=limits.len())
                .map(|i| {
                    let label = match (i.checked_sub(1).map(|j| limits[j]), limits.get(i)) {
                        (None, Some(&hi)) => format!("≤ {}", money(hi)),
                        (Some(lo), Some(&hi)) => format!("{}–{}", money(lo), money(hi)),
                        (Some(lo), None) => format!("> {}", money(lo)),
                        (None, None) => words.spend.to_owned(),
                    };
                    Class {
                        colour: style::MEMBER_RAMP[(i + 5 - limits.len() - 1).min(4)],
                        label,
                        count: 0,
                        unknown: false,
                    }
                })
                .collect();
            let unknown = classes.len();
            classes.push(Class {
                colour: style::segment_colour(Segment::Unknown),
                label: words.unknown.to_owned(),
                count: 0,
                unknown: true,
            });
            let of = move |slot: u32| match members.spend_cents(slot as usize) {
                Some(c) => limits.partition_point(|l| *l < c),
                None => unknown,
            };
            for s in scope_slots() {
                classes[of(s)].count += 1;
            }
            (words.spend.to_owned(), classes, Box::new(of))
        }
    }
}

/// The H3 resolution whose hexagons are closest to `edge_m` metres a side.
pub(crate) fn resolution_for(edge_m: f64, finest: u8) -> Resolution {
    let mut best = Resolution::Five;
    let mut best_gap = f64::MAX;
    for r in 5..=finest.min(13) {
        let Ok(res) = Resolution::try_from(r) else {
            continue;
        };
        let gap = (res.edge_length_m() / edge_m.max(1.0)).ln().abs();
        if gap < best_gap {
            best = res;
            best_gap = gap;
        }
    }
    best
}

/// Lower bounds of the density classes that fit `max` members a cell, at most six.
fn hex_classes(min: u32, max: u32) -> Vec<u32> {
    const BOUNDS: [u32; 14] = [
        1, 3, 6, 11, 21, 51, 101, 201, 501, 1001, 2001, 5001, 10001, 20001,
    ];
    let all: Vec<u32> = BOUNDS
        .iter()
        .copied()
        .filter(|b| *b >= min && *b <= max.max(min))
        .collect();
    if all.len() <= 6 {
        return all;
    }
    (0..6).map(|i| all[(i * (all.len() - 1) + 2) / 5]).collect()
}

fn hexagons(svg: &mut Svg, ctx: &MemberCtx, slots: &[u32], privacy: bool) -> MembersDrawn {
    let set = ctx.data.members();
    let words = ctx.lang.words();
    let edge_m = 2.6 * ctx.unit / ctx.proj.mm_per_m();
    let min = if privacy { PRIVACY_MIN_MEMBERS } else { 1 };
    let count = |res: Resolution| {
        let mut cells: BTreeMap<u64, u32> = BTreeMap::new();
        for &slot in slots {
            let p = set.position_of(slot);
            if let Ok(ll) = LatLng::new(p.lat_deg(), p.lon_deg()) {
                *cells.entry(u64::from(ll.to_cell(res))).or_default() += 1;
            }
        }
        cells
    };
    // Under privacy, hexagons are never finer than resolution 10 (~130 m across), and
    // coarser (down to three levels) until most members are in hexagons that show.
    let mut res = resolution_for(edge_m, if privacy { 10 } else { 13 });
    let mut cells = count(res);
    if privacy {
        let coarsest = u8::from(res).saturating_sub(3).max(5);
        loop {
            let shown: u64 = cells
                .values()
                .filter(|n| **n >= min)
                .map(|n| u64::from(*n))
                .sum();
            if shown * 10 >= slots.len() as u64 * 6 || u8::from(res) <= coarsest {
                break;
            }
            let Ok(coarser) = Resolution::try_from(u8::from(res) - 1) else {
                break;
            };
            res = coarser;
            cells = count(res);
        }
    }
    let max = cells.values().copied().max().unwrap_or(min);
    let bounds = hex_classes(min, max);
    let ramp = &style::HEX_RAMP[style::HEX_RAMP.len() - bounds.len().max(1)..];
    let stroke = num(0.1 * ctx.unit);
    for (&cell, &n) in &cells {
        if n < min {
            continue;
        }
        let Ok(cell) = h3o::CellIndex::try_from(cell) else {
            continue;
        };
        let pts: Vec<(f64, f64)> = cell
            .boundary()
            .iter()
            .filter_map(|v| crate::coord::LonLat::new(v.lng(), v.lat()).ok())
            .map(|p| ctx.proj.project(p))
            .collect();
        let class = bounds.iter().rposition(|b| n >= *b).unwrap_or(0);
        let mut d = PathData::new();
        d.polygon(&pts);
        svg.path(
            &d,
            &format!(
                "class=\"hex\" data-members=\"{n}\" fill=\"{}\" fill-opacity=\"0.72\" stroke=\"#fff\" stroke-width=\"{stroke}\"",
                ramp[class.min(ramp.len() - 1)]
            ),
        );
    }
    let rows = bounds
        .iter()
        .enumerate()
        .map(|(i, &lo)| {
            let label = match bounds.get(i + 1) {
                Some(&next) if next - 1 == lo => group_thousands(u64::from(lo)),
                Some(&next) => format!(
                    "{}–{}",
                    group_thousands(u64::from(lo)),
                    group_thousands(u64::from(next - 1))
                ),
                None => format!("≥ {}", group_thousands(u64::from(lo))),
            };
            LegendRow {
                swatch: Swatch::Hex(ramp[i.min(ramp.len() - 1)]),
                label,
                count: None,
            }
        })
        .collect();
    MembersDrawn {
        title: words.per_hexagon.to_owned(),
        rows,
        note: privacy.then(|| words.privacy_note.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_classes_cover_the_range() {
        assert_eq!(hex_classes(1, 2), vec![1]);
        assert_eq!(hex_classes(3, 40), vec![3, 6, 11, 21]);
        let many = hex_classes(1, 50_000);
        assert_eq!(many.len(), 6);
        assert_eq!(many[0], 1);
        assert!(many.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(hex_classes(3, 1), vec![3]);
    }

    #[test]
    fn resolution_matches_the_edge() {
        assert_eq!(resolution_for(30.0, 13), Resolution::Eleven);
        assert_eq!(resolution_for(30.0, 10), Resolution::Ten);
        assert_eq!(resolution_for(200.0, 13), Resolution::Nine);
    }
}
