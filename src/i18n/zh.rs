//! The Chinese (simplified) sentences of [`Texts`].

use super::texts::{ImportCounts, ShopLine, Texts};
use super::{group_thousands, pad, ring_span};
use crate::analysis::ScopeName;
use crate::analysis::compare::{Comparison, Figure, PairOverlap};
use crate::analysis::competition::{HuffCell, HuffFit, OverlapRow};
use crate::analysis::coverage::Coverage;
use crate::analysis::dwellings::DwellingCount;
use crate::analysis::rings::RingLabel;
use crate::analysis::segments::Segment;
use crate::analysis::sparse::{
    BarrierEvidence, CampaignTargets, CellLeaflet, CompetitorEvidence, Reason, SparseCell,
    SparseReport,
};
use crate::analysis::whitespace::{WhitespaceModel, WhitespaceNote};
use crate::ingest::{IssueKind, RowIssue};
use crate::model::{ShopKind, ShopWarning};
use chrono::NaiveDate;

/// Simplified Chinese.
pub(super) struct Chinese;

fn count(n: u64) -> String {
    group_thousands(n)
}

/// A match level's name (`house` → `门牌`).
fn level(name: &str) -> &str {
    match name {
        "house" => "门牌",
        "compound" => "小区",
        "street" => "街道",
        "postcode" => "邮编",
        "area" => "区域",
        "none" => "未匹配",
        other => other,
    }
}

impl Texts for Chinese {
    fn shop_kind(&self, kind: ShopKind) -> &'static str {
        match kind {
            ShopKind::Own => "本品牌",
            ShopKind::Competitor => "竞争对手",
        }
    }

    fn scope(&self, scope: ScopeName) -> &'static str {
        match scope {
            ScopeName::All => "全部会员",
            ScopeName::Own => "本店会员",
        }
    }

    fn reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::Competitor => "竞争对手",
            Reason::Barrier => "道路或铁路阻隔",
            Reason::FewHomes => "住户少",
            Reason::Uncertain => "定位不准",
            Reason::NoData => "无数据",
        }
    }

    fn no_visible_cause(&self) -> &'static str {
        "无明显原因"
    }

    fn metres(&self, m: Option<f64>) -> String {
        m.map_or("–".into(), |m| format!("{m:.0} 米"))
    }

    fn map_subtitle(
        &self,
        as_of: Option<NaiveDate>,
        members: u64,
        scope: ScopeName,
        within: u64,
        outer: &str,
    ) -> String {
        let mut parts = Vec::new();
        if let Some(d) = as_of {
            parts.push(format!("数据截至{d}"));
        }
        parts.push(format!("{} {} 人", self.scope(scope), count(members)));
        parts.push(format!("{outer}内 {} 人", count(within)));
        parts.join(" · ")
    }

    fn rings_heading(
        &self,
        shop: ShopLine<'_>,
        members: u64,
        scope: ScopeName,
        as_of: Option<NaiveDate>,
    ) -> String {
        format!(
            "{}（{}）位于 {:.6}, {:.6}：{} 名会员（{}）{}",
            shop.name,
            self.shop_kind(shop.kind),
            shop.lat,
            shop.lon,
            members,
            self.scope(scope),
            as_of.map_or(String::new(), |d| format!("，分群截至 {d}"))
        )
    }

    fn rings_columns(&self) -> [&'static str; 9] {
        [
            "圈层",
            "距离",
            "会员数",
            "占比",
            "累计",
            "km²",
            "每km²",
            "复购率",
            "VIP",
        ]
    }

    fn segment_head(&self, segment: Segment) -> &'static str {
        super::Lang::Zh.segment(segment)
    }

    fn ring_label(&self, ring: RingLabel) -> String {
        match ring {
            RingLabel::Ring(k) => format!("第{k}圈"),
            RingLabel::Outside => "圈外".into(),
        }
    }

    fn trade_area(
        &self,
        own: Option<u64>,
        r50: Option<f64>,
        r70: Option<f64>,
        median: Option<f64>,
    ) -> String {
        let radii = format!(
            "半数住在 {}以内，70% 住在 {}以内；距离中位数 {}。",
            self.metres(r50),
            self.metres(r70),
            self.metres(median)
        );
        match own {
            Some(n) => format!(
                "本店自有会员 {} 人（会员表所属门店为本店；未填门店的，按测地距离离本店比离其他自营门店都近），{radii}",
                count(n)
            ),
            None => format!("会员中{radii}"),
        }
    }

    fn ring_grid_heading(&self) -> &'static str {
        "各圈层（行）与方位（列）的会员数："
    }

    fn data_ends(&self, coverage: &Coverage, outer_m: f64) -> Option<String> {
        if !coverage.data_ends {
            return None;
        }
        let place = if coverage.shop_inside {
            format!(
                "已加载的地图数据在距本店 {:.0} 米处截止",
                coverage.edge_distance_m
            )
        } else {
            format!(
                "本店位于已加载的地图数据之外（距其边界 {:.0} 米）",
                coverage.edge_distance_m
            )
        };
        let cells = if coverage.no_data_cells.is_empty() {
            String::new()
        } else {
            format!(
                "；{} 个格子大部分在数据范围之外（无数据）：{}",
                coverage.no_data_cells.len(),
                coverage.no_data_cells.join("、")
            )
        };
        Some(format!(
            "注意：{place}：{outer_m:.0} 米范围内只有 {:.0}% 的面积在数据范围内，更远处的会员数偏少（那里的会员无法按地图定位，住户也未加载）{cells}。",
            (100.0 * coverage.area_coverage).floor()
        ))
    }

    fn ring_coverage(&self, shares: &[(RingLabel, f64)]) -> String {
        let rings: Vec<String> = shares
            .iter()
            .map(|(ring, share)| format!("{} {:.0}%", self.ring_label(*ring), 100.0 * share))
            .collect();
        format!("各圈层在数据范围内的面积占比：{}。", rings.join("，"))
    }

    fn no_data_mark(&self) -> &'static str {
        "× 无数据：大部分在已加载区域之外"
    }

    fn sparse_heading(&self, r: &SparseReport) -> String {
        format!(
            "{}（{}）—— {} 米内的会员稀疏区域，网格 {}：范围内 {} 名会员（{}），范围外 {} 名；住户 {} 户",
            r.shop.name,
            self.shop_kind(r.shop.kind),
            r.radius_m,
            r.grid,
            r.members_in_range,
            self.scope(r.scope),
            r.members_outside,
            r.homes_in_range
        )
    }

    fn sparse_model(&self, r: &SparseReport) -> String {
        match &r.model {
            Some(m) => format!(
                "模型：渗透率（每 100 户会员数）{} · e^(−d / {:.0} 米)，每 {:.0} 米减半（基于 {} 名会员拟合；衰减 {:.2} ± {:.2} /公里）。",
                m.penetration_per_100_text(),
                m.decay_distance_m,
                m.half_distance_m,
                m.members,
                m.decay_per_km,
                m.decay_se_per_km
            ),
            None => format!(
                "模型：无法建立（{}），不标记任何格子。",
                r.no_model.as_deref().unwrap_or("")
            ),
        }
    }

    fn sparse_rule(&self, r: &SparseReport) -> Option<String> {
        let (phi, v) = (r.dispersion?, r.variance_factor?);
        Some(format!(
            "规则：住户 ≥ {}、预期会员 ≥ {}、短缺 ≥ {:.0}%，且 P(X ≤ 实际) < {}（X 为负二项分布，方差为预期的 {:.1} 倍：会员聚集，离散度 {:.1}，并因在格子上估计而放宽）时判为稀疏 —— 检验 {} 个格子，标记 {} 个（随机误报预期 {:.1} 个）。",
            r.rules.min_homes,
            r.rules.min_expected,
            100.0 * r.rules.min_shortfall,
            r.rules.alpha,
            v,
            phi,
            r.tested_cells,
            r.sparse_cells,
            r.expected_false_flags,
        ))
    }

    fn note(&self, note: &str) -> String {
        format!("注：{note}。")
    }

    fn no_sparse_cells(&self) -> &'static str {
        "没有会员稀疏的格子。"
    }

    fn sparse_cells_heading(&self) -> &'static str {
        "会员稀疏的格子（缺少会员最多的在前）："
    }

    fn sparse_columns(&self) -> [&'static str; 7] {
        ["格子", "距离", "住户", "会员", "预期", "缺少", "p"]
    }

    fn competitor_evidence(&self, e: &CompetitorEvidence) -> String {
        format!(
            "{}（{}距格子 {:.0} 米；本店 {:.0} 米）",
            e.name,
            if e.in_cell { "在格子内，" } else { "" },
            e.distance_to_cell_m,
            e.shop_distance_to_cell_m
        )
    }

    fn barrier_evidence(&self, b: &BarrierEvidence) -> String {
        format!(
            "{}（{:.0}% 的住户在其后）",
            b.barrier,
            100.0 * b.homes_behind_share
        )
    }

    fn list_separator(&self) -> &'static str {
        "；"
    }

    fn uncertain_evidence(&self, c: &SparseCell) -> String {
        c.evidence.uncertain.as_ref().map_or(String::new(), |u| {
            format!(
                "{}方向 {:.0}% 的会员只定位到街道；全部会员中 {:.0}% 未能定位",
                super::Lang::Zh.compass(u.direction),
                100.0 * u.street_level_share,
                100.0 * u.unplaced_share
            )
        })
    }

    fn reason_in_full(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::NoData => "无数据：大部分在已加载区域之外",
            other => self.reason(other),
        }
    }

    fn advertise_there(&self) -> &'static str {
        "无明显原因 —— 可以在那里做宣传"
    }

    fn sparse_grid_heading(&self) -> &'static str {
        "各圈层（行）与方位（列）的会员 / 预期；* 稀疏，· 住户少，无数据：大部分在已加载区域之外："
    }

    fn no_data_cell(&self) -> &'static str {
        "无数据"
    }

    fn competition_heading(&self, shop: ShopLine<'_>, members: u64, scope: ScopeName) -> String {
        format!(
            "{}（{}）：{} 名会员（{}）",
            shop.name,
            self.shop_kind(shop.kind),
            members,
            self.scope(scope)
        )
    }

    fn huff_fit(&self, fit: Option<&HuffFit>) -> String {
        match fit {
            Some(h) => format!(
                "赫夫（Huff）模型，共 {} 家门店：距离指数拟合为 {:.2}（基于 {} 名会员；默认 {:.1}；对数似然 +{:.1}）。",
                h.shops, h.fitted_exponent, h.members, h.default_exponent, h.log_likelihood_gain
            ),
            None => "赫夫模型：未拟合（圈内没有住户或会员）。".into(),
        }
    }

    fn no_competitors(&self) -> &'static str {
        "工作区中没有竞争对手。"
    }

    fn competitor_columns(&self) -> [&'static str; 4] {
        ["竞争对手", "距离", "离其更近", "占比"]
    }

    fn huff_cells_heading(&self) -> &'static str {
        "各格子的赫夫市场份额（默认 → 拟合指数），会员 / 预期："
    }

    fn dwellings(&self, radius_m: f64, c: &DwellingCount) -> String {
        let floor = c
            .floor_m2
            .map_or(String::new(), |m2| format!(" ÷ {m2:.0} 平方米"));
        let parts: Vec<String> = [
            (c.flats, "按标注的 building:flats".to_string()),
            (c.house, "为独栋住宅，每栋一户".to_string()),
            (
                c.footprint_levels,
                format!("按占地面积 × building:levels{floor}"),
            ),
            (
                c.footprint_default_levels,
                format!("按占地面积 × 默认层数{floor}"),
            ),
            (c.address, "为其他地址，每址一户".to_string()),
            (
                c.unestimated,
                "未估算：区域由旧版 catchment 载入，请重新载入该 OSM 文件".to_string(),
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} 户{what}", count(n)))
        .collect();
        let within = format!("{radius_m:.0} 米内住户：{} 户", count(c.total));
        if parts.is_empty() {
            format!("{within}。")
        } else {
            format!("{within}（{}）。", parts.join("；"))
        }
    }

    fn huff_cell(&self, c: &HuffCell) -> String {
        format!(
            "{:<8} {:>5} 户  份额 {:>5.1}% → {:>5.1}%  会员 {:>5} / {:>6.1}",
            c.cell,
            c.homes,
            100.0 * c.share_default,
            100.0 * c.share_fitted,
            c.members,
            c.expected_members
        )
    }

    fn own_overlap(&self, o: &OverlapRow, shared_radius_m: f64) -> String {
        format!(
            "与本品牌门店 {}（相距 {:.0} 米）：{} 名会员距两店都在 {:.0} 米以内；两店 70% 商圈（{} 与 {}）重叠 {:.3} 平方公里（占本店商圈 {:.0}%，占对方 {:.0}%）；本店 {:.0}% 的会员住在对方商圈内，对方 {:.0}% 的会员住在本店商圈内。",
            o.other,
            o.distance_m,
            o.shared_within_1000m,
            shared_radius_m,
            self.metres(o.radius_70_m),
            self.metres(o.other_radius_70_m),
            o.overlap_km2,
            100.0 * o.overlap_share,
            100.0 * o.other_overlap_share,
            100.0 * o.members_in_other_area_share,
            100.0 * o.other_members_in_our_area_share
        )
    }

    fn compare_heading(&self, c: &Comparison) -> String {
        let penetration = if c.dwellings_known {
            "渗透率 = 最外圈内的自有会员数 ÷ 圈内住户数 × 100"
        } else {
            "渗透率需先载入地区数据（`catchment area load`）"
        };
        let lambda = if c.huff_exponent_fitted {
            format!("按连锁会员拟合的距离指数 {:.2}", c.huff_exponent)
        } else {
            format!(
                "教科书距离指数 {:.0}（没有住户数据可拟合）",
                c.huff_exponent
            )
        };
        let reach = if c.huff_exact {
            "所有门店均精确计算".to_string()
        } else {
            format!(
                "离各店最近的 {} 家门店精确计算，更远的门店按到本店的距离计，\
                 对 {:.1}% 的会员分母误差小于 1%",
                c.huff_near_shops,
                100.0 * c.huff_within_target.unwrap_or(0.0)
            )
        };
        format!(
            "对比 {} 家自营门店。各圈占比按圈层报告计数；半径、距离中位数、渗透率、复购率、\
             忠实与沉睡占比只计各店自有会员（会员表所属门店为本店；未填门店的，按测地距离离本店比离其他自营门店都近）；\
             {penetration}；哈夫份额 = 自有会员在所有门店中选择本店的平均概率（{lambda}；{reach}）；\
             共享会员 = 同时在本店与另一家自营门店 70% 半径内的会员；重叠 = 本店 70% 商圈落在另一家商圈内的最大比例（Esri A3）；#1 = 数值最大。",
            c.shops.len()
        )
    }

    fn compare_figure(&self, figure: Figure, radii_m: &[f64]) -> String {
        match figure {
            Figure::Members => "自有会员".into(),
            Figure::RingShare(k) => ring_span(k, radii_m, "米"),
            Figure::Radius50 => "50%半径".into(),
            Figure::Radius70 => "70%半径".into(),
            Figure::MedianDistance => "距离中位数".into(),
            Figure::Penetration => "每百户会员".into(),
            Figure::RepurchaseRate => "复购率".into(),
            Figure::LoyalShare => "忠实".into(),
            Figure::DormantShare => "沉睡".into(),
            Figure::CompetitorsNear => "300米内竞品".into(),
            Figure::CompetitorsFar => "1公里内竞品".into(),
            Figure::HuffShare => "哈夫份额".into(),
            Figure::SharedMembers => "共享会员".into(),
            Figure::TradeAreaOverlap => "商圈重叠".into(),
        }
    }

    fn compare_shop_head(&self) -> &'static str {
        "门店"
    }

    fn chain_median(&self) -> &'static str {
        "连锁中位数"
    }

    fn compare_vs(&self, benchmark: &str) -> String {
        format!("与 {benchmark} 的差（本店减 {benchmark}）：")
    }

    fn whitespace_heading(
        &self,
        grid: &str,
        candidates: usize,
        shown: usize,
        dwellings: u64,
        members: u64,
    ) -> String {
        format!(
            "下一家自营门店的候选位置：在已载入地区内、可覆盖其 {} 户住户的 {candidates} 个六边形（{grid}）中，按 {} 名已定位会员评估；列出净增最多的 {shown} 个（在此开店预计吸引的会员，减去从自营门店分走的会员）。",
            group_thousands(dwellings),
            group_thousands(members)
        )
    }

    fn whitespace_model(&self, m: &WhitespaceModel) -> String {
        let huff = if m.huff_fitted {
            format!(
                "Huff 距离指数 λ = {:.2}（拟合所得；对数似然比教科书值 2 高 {:+.1}）",
                m.huff_exponent, m.huff_log_likelihood_gain
            )
        } else {
            format!(
                "Huff 距离指数 λ = {:.1}，采用教科书值（没有竞争对手或第二家自营门店可供拟合）",
                m.huff_exponent
            )
        };
        format!(
            "模型：某处住户的预计会员数 = 户数 × Σ 自营门店 p(d) × Huff 份额；p(d) = 每 100 户 {} · e^(−d / {:.0} 米) 名会员，每 {:.0} 米减半（衰减 {:.2} ± {:.2} /公里；基于距所属门店 {:.0} 米内的 {} 名自有会员及距自营门店 {:.0} 米内的 {} 户住户拟合；自有会员：会员表所属门店，未填则为测地距离最近的自营门店）；{huff}；自营门店 {} 家，竞争对手 {} 家。",
            m.decay.penetration_per_100_text(),
            m.decay.decay_distance_m,
            m.decay.half_distance_m,
            m.decay.decay_per_km,
            m.decay.decay_se_per_km,
            m.fit_radius_m,
            group_thousands(m.members_fitted),
            m.fit_radius_m,
            group_thousands(m.dwellings_fitted),
            m.own_shops,
            m.competitors
        )
    }

    fn whitespace_rule(&self, reach_m: f64) -> String {
        format!(
            "以六边形中心 x 为店址，计其 {reach_m:.0} 米内的住户 h：吸引 = Σ 户数·p(dₕₓ)·Sₕₓ，Sₕₓ 为新店在自营门店、竞争对手与新店之间的 Huff 份额（距离不小于 50 米）；分流 = 新店开业后自营门店预计会员的减少；净增 = 吸引 − 分流。"
        )
    }

    fn whitespace_note(&self, n: &WhitespaceNote) -> String {
        match *n {
            WhitespaceNote::DwellingsUndercounted { members, dwellings } => format!(
                "拟合范围内有 {members:.0} 名会员，却只有 {dwellings:.0} 户住户，每户超过一名：该地区的住户看来统计不足（更完整的地图数据会有帮助），因此店址排名可信，但会员数字偏高"
            ),
            WhitespaceNote::TextbookHuffExponent => format!(
                "这里没有竞争对手会改变任何 Huff 份额，因此采用教科书的距离指数 {}",
                crate::analysis::competition::HUFF_DEFAULT_EXPONENT
            ),
        }
    }

    fn whitespace_columns(&self) -> [&'static str; 12] {
        [
            "#",
            "六边形",
            "中心（纬度，经度）",
            "住户",
            "会员",
            "最近自营门店",
            "距离",
            "最近竞争对手",
            "距离",
            "吸引",
            "分流",
            "净增",
        ]
    }

    fn no_whitespace_sites(&self) -> &'static str {
        "已载入地区内没有可覆盖住户的六边形。"
    }

    fn whitespace_map_title(&self) -> &'static str {
        "下一家店开在哪里"
    }

    fn whitespace_map_subtitle(&self, grid: &str, m: &WhitespaceModel) -> String {
        format!(
            "{grid} 六边形 · p(d) = 每 100 户 {} · e^(-d / {:.0} 米) 名会员 · Huff λ = {:.2} · 基于 {} 名自有会员拟合",
            m.decay.penetration_per_100_text(),
            m.decay.decay_distance_m,
            m.huff_exponent,
            group_thousands(m.members_fitted)
        )
    }

    fn whitespace_legend(&self) -> [&'static str; 5] {
        [
            "在此开店的净增会员",
            "最佳店址（按名次）",
            "自营门店",
            "无净增（分流不少于吸引）",
            "最佳店址",
        ]
    }

    fn whitespace_map_written(&self, path: &str) -> String {
        format!("空白市场地图已写入 {path}")
    }

    fn compare_overlaps_heading(&self) -> &'static str {
        "70% 商圈相互重叠的门店（Esri A1–A4）："
    }

    fn compare_overlap(&self, o: &PairOverlap) -> String {
        format!(
            "{} 与 {}：相距 {:.0} 米，重叠 {:.2} 平方公里；A1 {:.0}%（{} 商圈面积 ÷ {}），\
             A2 重叠占两者合并面积 {:.1}%，A3 {} 商圈有 {:.1}% 在 {} 商圈内，A4 {} 商圈有 {:.1}% 在 {} 商圈内；\
             {} 的会员有 {} 人住在 {} 商圈内，{} 的会员有 {} 人住在 {} 商圈内，两者商圈内共 {} 人",
            o.a,
            o.b,
            o.distance_m,
            o.overlap_km2,
            100.0 * o.a1_area_ratio,
            o.a,
            o.b,
            100.0 * o.a2_overlap_of_union,
            o.a,
            100.0 * o.a3_share_of_a_in_b,
            o.b,
            o.b,
            100.0 * o.a4_share_of_b_in_a,
            o.a,
            o.a,
            group_thousands(o.a_members_in_b),
            o.b,
            o.b,
            group_thousands(o.b_members_in_a),
            o.a,
            group_thousands(o.members_in_both)
        )
    }

    fn compare_title(&self) -> &'static str {
        "自营门店对比"
    }

    fn compare_maps_heading(&self, extent: &str) -> String {
        format!("各店会员分布，所有地图比例尺相同（门店到图边 {extent}）")
    }

    fn compare_charts_heading(&self) -> &'static str {
        "各项指标，门店按数值排序"
    }

    fn compare_scatter_title(&self, x: &str, y: &str) -> String {
        format!("{y} 与 {x}")
    }

    fn compare_chart_key(&self, benchmark: Option<&str>) -> String {
        match benchmark {
            Some(b) => format!("虚线：连锁中位数 · 深色柱：标杆门店 {b}"),
            None => "虚线：连锁中位数".to_owned(),
        }
    }

    fn page_of(&self, page: usize, pages: usize) -> String {
        format!("第 {page} 页，共 {pages} 页")
    }

    fn no_leaflet_plan(&self, shop: &str) -> String {
        format!("{shop}：没有会员稀疏的格子，无需派发传单。")
    }

    fn leaflet_heading(&self, shop: &str, plan: &CellLeaflet) -> String {
        let (cell, missing, reasons) = (&plan.cell, plan.missing, &plan.reasons);
        let (homes, streets) = (plan.route.homes, plan.route.streets.len());
        let walk_m = plan.route.walk_m;
        let why = if reasons.is_empty() {
            self.no_visible_cause().to_string()
        } else {
            let names: Vec<&str> = reasons.iter().map(|r| self.reason(*r)).collect();
            names.join("、")
        };
        format!(
            "{shop}，格子 {cell}（约少 {missing:.0} 名会员；{why}）：{streets} 条街道共 {homes} 户，步行约 {:.1} 公里",
            walk_m / 1000.0
        )
    }

    fn leaflet_street(&self, order: usize, street: &str, homes: u64) -> String {
        format!("{order:>2}. {} {homes:>5} 户", pad(street, 40, false))
    }

    fn segments_heading(&self, members: u64, as_of: Option<NaiveDate>) -> String {
        format!(
            "{members} 名会员，分群截至 {}",
            as_of.map_or("（无消费日期）".into(), |d| d.to_string())
        )
    }

    fn segment_figures(&self, members: u64, share: f64, vip: u64) -> String {
        format!("{members:>8} {:>7.1}%  VIP {vip:>5}", 100.0 * share)
    }

    fn import_read(&self, file: &str, rows: u64, format: &str) -> String {
        format!("{file}：读取 {} 行（{format}）", count(rows))
    }

    fn import_columns(&self, columns: &str) -> String {
        format!("  列：{columns}")
    }

    fn import_note(&self, note: &str) -> String {
        format!("  提示：{note}")
    }

    fn import_members_counts(&self, c: ImportCounts, pending: u64) -> String {
        format!(
            "  新增 {} 人，更新 {} 人，未变 {} 人，拒绝 {} 行；{} 人尚无坐标（等待地理编码）",
            c.inserted, c.updated, c.unchanged, c.rejected, pending
        )
    }

    fn import_shops_counts(&self, file: &str, c: ImportCounts, format: &str) -> String {
        format!(
            "{file}：新增 {} 家，更新 {} 家，未变 {} 家，拒绝 {} 行（{format}）",
            c.inserted, c.updated, c.unchanged, c.rejected
        )
    }

    fn cells_left_empty(&self, counts: &[(String, IssueKind, usize)]) -> String {
        let total: usize = counts.iter().map(|(_, _, n)| n).sum();
        let each: Vec<String> = counts
            .iter()
            .map(|(column, kind, n)| {
                let why = match kind {
                    IssueKind::InvalidDate => "不是日期",
                    IssueKind::InvalidNumber => "不是数字",
                    IssueKind::InvalidMoney => "不是金额",
                    other => self.issue_kind(*other),
                };
                format!("“{column}”{n} 个{why}")
            })
            .collect();
        format!("  {total} 个单元格留空：{}", each.join("，"))
    }

    fn cells_left_empty_example(&self, example: &RowIssue, written_to: Option<&str>) -> String {
        let all = match written_to {
            Some(path) => format!("  全部留空的单元格已写入 {path}"),
            None => "  （用 --warnings FILE.csv 写出全部）".into(),
        };
        format!("  留空的单元格，例如 {}\n{all}", self.issue(example))
    }

    fn rejected_heading(&self) -> &'static str {
        "  被拒绝的行（按原因）："
    }

    fn rejected_by_reason(&self, kind: IssueKind, rows: &[usize], example: &RowIssue) -> String {
        let shown: Vec<String> = rows.iter().take(5).map(ToString::to_string).collect();
        let more = if rows.len() > 5 { "、…" } else { "" };
        format!(
            "    {:>6}  {}（第 {}{more} 行）\n            例如 {}",
            rows.len(),
            self.issue_kind(kind),
            shown.join("、"),
            self.issue(example)
        )
    }

    fn rejected_written(&self, written_to: Option<&str>) -> String {
        match written_to {
            Some(path) => format!("  全部被拒绝的行已写入 {path}"),
            None => "  （用 --rejected FILE.csv 写出全部）".into(),
        }
    }

    fn issue_kind(&self, kind: IssueKind) -> &'static str {
        match kind {
            IssueKind::MissingId => "缺少编号",
            IssueKind::RepeatedId => "编号重复",
            IssueKind::InvalidCoordinates => "坐标无效",
            IssueKind::NoLocation => "既无地址也无坐标",
            IssueKind::InvalidDate => "日期无效",
            IssueKind::InvalidNumber => "次数无效",
            IssueKind::InvalidMoney => "金额无效",
            IssueKind::InvalidKind => "门店类型无效（应为 own 或 competitor）",
            IssueKind::Unreadable => "该行无法读取",
            IssueKind::UnbalancedQuote => "引号不成对（该行之后的行已分别读取）",
            IssueKind::InvalidEncoding => "含有不符合文件编码的字节（或文件在字符中间被截断）",
            IssueKind::FieldCount => "字段数与表头不符",
            IssueKind::CellTooLong => "单元格超过 64 KB",
            IssueKind::NoStreetOrNumber => "缺少街道或门牌号",
        }
    }

    fn issue(&self, issue: &RowIssue) -> String {
        let column = issue
            .column
            .as_deref()
            .map_or(String::new(), |c| format!("，“{c}”列"));
        let value = issue
            .value
            .as_deref()
            .map_or(String::new(), |v| format!("（值为“{v}”）"));
        format!(
            "{} 第 {} 行{column}：{}{value}",
            issue.file,
            issue.row,
            self.issue_kind(issue.kind)
        )
    }

    fn address_file_loaded(
        &self,
        file: &str,
        points: usize,
        replaced: usize,
        rejected: usize,
    ) -> String {
        let replaced = if replaced > 0 {
            format!("（其中 {replaced} 个替换了之前地址文件中的点）")
        } else {
            String::new()
        };
        format!(
            "{file}：已向区域加入 {points} 个门牌点{replaced}，同一街道门牌号以地址文件为准；{rejected} 行未采用"
        )
    }

    fn nothing_imported(&self, file: &str, rows: usize) -> String {
        format!("{file}：{rows} 行数据都无法导入，工作区没有改动")
    }

    fn left_out(&self, total: u64, pending: u64, unplaced: u64, no_address: u64) -> String {
        format!(
            "提示：{total} 名会员中有 {} 名未计入：{pending} 名尚未地理编码（`catchment geocode`），{unplaced} 名只定位到邮编或未能定位（`catchment geocode --review`），{no_address} 名没有地址",
            pending + unplaced + no_address
        )
    }

    fn campaign_summary(
        &self,
        p: &CampaignTargets,
        radius_m: f64,
        below_median_share: f64,
        exponent_fitted: bool,
        path: &str,
    ) -> String {
        let how = if exponent_fitted {
            "拟合值"
        } else {
            "默认值"
        };
        format!(
            "营销名单：{radius_m} 米内 {} 名会员中最急需联系的 {} 名（稀疏格子里的沉睡顾客 {} 名；流失风险 {} 名：到本店的赫夫概率低于 {:.4}，即中位会员 {:.4} 的 {:.0}%，距离指数 {:.2}，{how}），两项原因都有的排在最前，其次是回头客；已写入 {path}。名单含姓名和电话，请妥善保管",
            p.considered,
            p.targets.len(),
            p.dormant,
            p.at_risk,
            p.at_risk_below,
            p.median_share,
            100.0 * below_median_share,
            p.huff_exponent
        )
    }

    fn shop_warning(&self, warning: &ShopWarning) -> String {
        match warning {
            ShopWarning::Swapped { shop, lat, lon } => format!(
                "警告：“{shop}”的纬度和经度似乎填反了：纬度 {lat}、经度 {lon} 在已加载区域之外，纬度 {lon}、经度 {lat} 则在区域之内（已按原样添加；如确是填反请对调）"
            ),
            ShopWarning::OutsideArea { shop, distance_m } => format!(
                "警告：“{shop}”位于已加载区域之外，距其边界 {:.1} 公里：它的商圈和稀疏区域将大多为“无数据”（请加载覆盖该店的地图数据）",
                distance_m / 1000.0
            ),
        }
    }

    fn demo_shops(&self, shops: u64, file: &str) -> String {
        format!("门店：从 {file} 导入本品牌门店和竞争对手共 {shops} 家")
    }

    fn demo_members(&self, rows: u64, imported: u64, rejected: &[(IssueKind, usize)]) -> String {
        let total: usize = rejected.iter().map(|(_, n)| n).sum();
        let each: Vec<String> = rejected
            .iter()
            .map(|(k, n)| format!("{} {n} 行", self.issue_kind(*k)))
            .collect();
        let why = if each.is_empty() {
            String::new()
        } else {
            format!("（{}）", each.join("，"))
        };
        format!("会员：读取 {rows} 行，导入 {imported} 人，拒绝 {total} 行{why}")
    }

    fn demo_workspace(&self, path: &str) -> String {
        format!("工作区：{path}（可以试试 `catchment --workspace {path} rings --cells`）")
    }

    fn demo_sparse_heading(&self) -> &'static str {
        "会员稀疏区域（会员少于本店距离衰减模型的预期）："
    }

    fn sparse_written(&self, path: &str) -> String {
        format!("稀疏区域报告已写入 {path}")
    }

    fn map_written(&self, path: &str) -> String {
        format!("顾客分布图已写入 {path}")
    }

    fn geocoded(
        &self,
        members: usize,
        addresses: usize,
        from_cache: usize,
        looked_up: usize,
        levels: &[(&str, usize)],
    ) -> String {
        let levels: Vec<String> = levels
            .iter()
            .map(|(l, n)| format!("{} {n}", level(l)))
            .collect();
        format!(
            "已定位 {members} 名会员（{addresses} 个不同地址：{from_cache} 个来自缓存，{looked_up} 个新查询）：{}",
            levels.join("，")
        )
    }
}
