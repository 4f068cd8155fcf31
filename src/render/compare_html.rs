//! The comparison of own shops as one self-contained HTML file: the table as a table
//! (ranks, the chain median, the differences from the benchmark coloured by direction),
//! the overlapping trade areas, and the map and chart pages of the printed comparison as
//! inline SVG. Nothing in it names an address, so opening it requests nothing.

use super::compose::Page;
use super::svg::esc;
use crate::analysis::compare::Comparison;
use crate::i18n::{Lang, figure_difference, figure_value};

/// The comparison as one self-contained HTML file: the table as a table, the overlapping
/// trade areas, and the map and chart pages as inline SVG (no external request).
pub(crate) fn html(c: &Comparison, pictures: &[Page], lang: Lang) -> String {
    let t = lang.texts();
    let mut h = String::with_capacity(1 << 20);
    let lang_tag = match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    };
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{HTML_STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"intro\">{}</p>\n",
        esc(t.compare_title()),
        esc(t.compare_title()),
        esc(&t.compare_heading(c))
    ));
    h.push_str("<div class=\"scroll\"><table>\n<thead><tr><th>");
    h.push_str(&esc(t.compare_shop_head()));
    h.push_str("</th>");
    for f in &c.figures {
        h.push_str(&format!(
            "<th>{}</th>",
            esc(&t.compare_figure(*f, &c.radii_m))
        ));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for s in &c.shops {
        let bench = c.benchmark.as_deref() == Some(s.shop.as_str());
        h.push_str(if bench {
            "<tr class=\"benchmark\">"
        } else {
            "<tr>"
        });
        h.push_str(&format!("<th>{}</th>", esc(&s.shop)));
        for (k, f) in c.figures.iter().enumerate() {
            let rank = s.ranks[k]
                .map(|r| format!(" <small>#{r}</small>"))
                .unwrap_or_default();
            let diff = match s.vs_benchmark.as_ref().and_then(|d| d[k]) {
                Some(d) if !bench => {
                    let better = if f.lower_is_better() {
                        d < 0.0
                    } else {
                        d > 0.0
                    };
                    let class = if d == 0.0 {
                        "same"
                    } else if better {
                        "better"
                    } else {
                        "worse"
                    };
                    format!(
                        "<br><span class=\"{class}\">{}</span>",
                        esc(&figure_difference(*f, Some(d)))
                    )
                }
                _ => String::new(),
            };
            h.push_str(&format!(
                "<td>{}{rank}{diff}</td>",
                esc(&figure_value(*f, s.values[k]))
            ));
        }
        h.push_str("</tr>\n");
    }
    h.push_str(&format!(
        "<tr class=\"median\"><th>{}</th>",
        esc(t.chain_median())
    ));
    for (f, v) in c.figures.iter().zip(&c.chain_median) {
        h.push_str(&format!("<td>{}</td>", esc(&figure_value(*f, *v))));
    }
    h.push_str("</tr>\n</tbody></table></div>\n");
    if let Some(b) = &c.benchmark {
        h.push_str(&format!(
            "<p class=\"note\">{}</p>\n",
            esc(&t.compare_vs(b))
        ));
    }
    if !c.overlaps.is_empty() {
        h.push_str(&format!(
            "<h2>{}</h2>\n<ul>\n",
            esc(t.compare_overlaps_heading())
        ));
        for o in &c.overlaps {
            h.push_str(&format!("<li>{}</li>\n", esc(&t.compare_overlap(o))));
        }
        h.push_str("</ul>\n");
    }
    // The pictures (the table is above, as a table).
    for p in pictures {
        h.push_str("<figure>");
        h.push_str(&inline_svg(&p.svg));
        h.push_str("</figure>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// An SVG page for inside HTML: no namespace attribute (HTML needs none; the file then
/// names no address at all) and sized by the page's CSS.
fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen("<svg ", "<svg class=\"page\" ", 1)
}

const HTML_STYLE: &str = "body{font-family:'DejaVu Sans','Liberation Sans',Arial,'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}\
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.5em}.intro,.note{color:#555;max-width:60em}\
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85em}th,td{padding:.3em .6em;text-align:right;white-space:nowrap;border-bottom:1px solid #ddd}\
thead th{position:sticky;top:0;background:#fff;vertical-align:bottom}tbody th{text-align:left}tr.benchmark th{color:#c2185b}\
tr.median{color:#555;font-style:italic}small{color:#777}.better{color:#1b7837}.worse{color:#b2182b}.same{color:#777}\
figure{margin:1.5em 0}svg.page{width:100%;height:auto;border:1px solid #ddd}";
