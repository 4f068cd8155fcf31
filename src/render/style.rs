//! The one palette of the maps: segment colours, class ramps, basemap tones and symbol
//! colours. Change a colour here and every map, legend and format follows.
//!
//! Segment colours are the Okabe–Ito set, told apart by people with any common colour
//! vision deficiency; the basemap is kept pale and warm so the members stand out.

use crate::analysis::segments::Segment;
use crate::osm::{AreaClass, LineClass, RailClass, RoadClass};

/// The colour of a member segment's dots.
pub fn segment_colour(s: Segment) -> &'static str {
    match s {
        Segment::New => "#56b4e9",
        Segment::OneTime => "#cc79a7",
        Segment::Returning => "#009e73",
        Segment::Loyal => "#0072b2",
        Segment::Dormant => "#d55e00",
        Segment::Unknown => "#8c8c8c",
    }
}

/// A sequential ramp, light to dark, for graded member classes (visits, spend).
pub(crate) const MEMBER_RAMP: [&str; 5] = ["#fbb4b9", "#f768a1", "#c51b8a", "#7a0177", "#3d0040"];

/// VIP members when colouring by VIP, and everyone else.
pub(crate) const VIP_COLOUR: &str = "#e6a100";
pub(crate) const NON_VIP_COLOUR: &str = "#5b7083";

/// The hexagon density ramp, light to dark.
pub(crate) const HEX_RAMP: [&str; 6] = [
    "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84",
];

/// Page and text colours.
pub(crate) const PAPER: &str = "#ffffff";
pub(crate) const INK: &str = "#222222";
pub(crate) const INK_SOFT: &str = "#555555";
pub(crate) const RULE: &str = "#bbbbbb";

/// Symbols on the map.
pub(crate) const OWN_SHOP: &str = "#c2185b";
pub(crate) const COMPETITOR: &str = "#1a1a1a";
pub(crate) const RING: &str = "#1f3a5f";
/// Hatching and reason labels of sparse cells (`map --sparse`).
pub(crate) const SPARSE: &str = "#b2182b";

/// The veil over the map beyond the loaded data.
pub(crate) const NO_DATA: &str = "#9e9e9e";

/// Basemap tones.
pub(crate) const LAND: &str = "#f3f1ec";
pub(crate) const STREET_LABEL: &str = "#5e5a54";

/// Fill of a basemap area class.
pub(crate) fn area_fill(c: AreaClass) -> &'static str {
    match c {
        AreaClass::Water => "#c6dcea",
        AreaClass::Park => "#dbe9cf",
        AreaClass::Building => "#e1dcd3",
    }
}

/// How a basemap line is stroked: widths in millimetres on an A4 page (scaled with the
/// page), casing drawn under the fill when `casing_mm` > 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineStyle {
    pub width_mm: f64,
    pub colour: &'static str,
    pub casing_mm: f64,
    pub casing: &'static str,
    pub dash_mm: Option<(f64, f64)>,
}

const CASING: &str = "#cbc3b7";

/// The style of a basemap line class; `None` for lines not drawn (underground subways).
pub(crate) fn line_style(c: LineClass) -> Option<LineStyle> {
    let road = |width_mm, colour| LineStyle {
        width_mm,
        colour,
        casing_mm: 0.3,
        casing: CASING,
        dash_mm: None,
    };
    Some(match c {
        LineClass::Road(r) => match r {
            RoadClass::Motorway => road(1.5, "#f4d29c"),
            RoadClass::Trunk => road(1.35, "#f7dca8"),
            RoadClass::Primary => road(1.2, "#fbe8b8"),
            RoadClass::Secondary => road(1.05, "#fdf1cf"),
            RoadClass::Tertiary => road(0.9, "#ffffff"),
            RoadClass::Residential => road(0.62, "#ffffff"),
            RoadClass::Pedestrian => road(0.55, "#f7f5f2"),
            RoadClass::Service | RoadClass::Other => road(0.35, "#ffffff"),
            RoadClass::Path => LineStyle {
                width_mm: 0.18,
                colour: "#b9ae9f",
                casing_mm: 0.0,
                casing: CASING,
                dash_mm: Some((0.6, 0.4)),
            },
        },
        LineClass::Railway(RailClass::Rail) => LineStyle {
            width_mm: 0.35,
            colour: "#8d8d8d",
            casing_mm: 0.0,
            casing: CASING,
            dash_mm: None,
        },
        LineClass::Railway(RailClass::LightRail | RailClass::Tram) => LineStyle {
            width_mm: 0.22,
            colour: "#9a9a9a",
            casing_mm: 0.0,
            casing: CASING,
            dash_mm: None,
        },
        LineClass::Railway(RailClass::Subway) => return None,
        LineClass::Waterway => LineStyle {
            width_mm: 0.5,
            colour: "#a9c9de",
            casing_mm: 0.0,
            casing: CASING,
            dash_mm: None,
        },
    })
}
