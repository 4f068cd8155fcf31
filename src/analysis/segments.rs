//! Member segments (new, one-time, returning, loyal, dormant, unknown), the VIP flag and
//! R/F/M quintile scores, exactly as DESIGN.md defines them.
//!
//! The reference date is the data's latest visit unless the user gives one, so a report
//! on last year's export reads the same today as on the day it was made.

use crate::model::{MemberView, VisitDays, VisitHistory, day_number};
use chrono::NaiveDate;
use serde::Serialize;

/// A member's segment from their visit history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    /// First visit at most `new_days` before the reference date.
    New,
    /// At most one visit, longer ago than that.
    OneTime,
    /// Two or more visits, the last at most `active_days` ago (and not loyal).
    Returning,
    /// At least `loyal_visits` visits, the last at most `loyal_days` ago.
    Loyal,
    /// Two or more visits, the last more than `active_days` ago.
    Dormant,
    /// Not enough visit data to say.
    Unknown,
}

impl Segment {
    /// Every segment, in report order.
    pub const ALL: [Segment; 6] = [
        Segment::New,
        Segment::OneTime,
        Segment::Returning,
        Segment::Loyal,
        Segment::Dormant,
        Segment::Unknown,
    ];

    /// The stable machine name (`one-time`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::New => "new",
            Segment::OneTime => "one-time",
            Segment::Returning => "returning",
            Segment::Loyal => "loyal",
            Segment::Dormant => "dormant",
            Segment::Unknown => "unknown",
        }
    }
}

/// Thresholds of the segment rules, in days and visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRules {
    /// A member whose first visit is at most this many days old is `new`.
    pub new_days: i64,
    /// Visits needed to be `loyal`.
    pub loyal_visits: u32,
    /// A loyal member's last visit is at most this many days old.
    pub loyal_days: i64,
    /// A returning member's last visit is at most this many days old; older is `dormant`.
    pub active_days: i64,
}

impl Default for SegmentRules {
    fn default() -> Self {
        Self {
            new_days: 30,
            loyal_visits: 6,
            loyal_days: 60,
            active_days: 90,
        }
    }
}

impl SegmentRules {
    /// The member's segment on `as_of`.
    ///
    /// A member with exactly one visit and no first-visit date had that visit on their
    /// last-visit date. Zero recorded visits count as "at most one". Without a visit count,
    /// or with two or more visits but no last-visit date, the segment is `unknown`.
    pub fn classify(&self, h: &VisitHistory, as_of: NaiveDate) -> Segment {
        self.classify_days(
            &VisitDays {
                visits: h.visits,
                first_day: h.first_visit.map(day_number),
                last_day: h.last_visit.map(day_number),
            },
            day_number(as_of),
        )
    }

    /// [`SegmentRules::classify`] on day numbers ([`day_number`]), as a member table
    /// stores them: no date is made per member.
    pub fn classify_days(&self, h: &VisitDays, as_of: i32) -> Segment {
        let days_since = |day: i32| i64::from(as_of) - i64::from(day);
        let first = h.first_day.or(match h.visits {
            Some(1) => h.last_day,
            _ => None,
        });
        if let Some(first) = first
            && days_since(first) <= self.new_days
        {
            return Segment::New;
        }
        let Some(visits) = h.visits else {
            return Segment::Unknown;
        };
        if visits <= 1 {
            return Segment::OneTime;
        }
        let Some(last) = h.last_day else {
            return Segment::Unknown;
        };
        let days = days_since(last);
        if visits >= self.loyal_visits && days <= self.loyal_days {
            Segment::Loyal
        } else if days <= self.active_days {
            Segment::Returning
        } else {
            Segment::Dormant
        }
    }
}

/// The data's reference date: its latest last visit, else its latest first visit.
pub fn reference_date<'a>(
    histories: impl IntoIterator<Item = &'a VisitHistory>,
) -> Option<NaiveDate> {
    let mut latest_last = None;
    let mut latest_first = None;
    for h in histories {
        latest_last = latest_last.max(h.last_visit);
        latest_first = latest_first.max(h.first_visit);
    }
    latest_last.or(latest_first)
}

/// [`reference_date`] of a member table, from its date columns in parallel.
pub fn members_reference_date(members: &MemberView) -> Option<NaiveDate> {
    members
        .latest_last_visit()
        .or_else(|| members.latest_first_visit())
}

/// Whether a tier name marks a VIP (`VIP`, `SVIP`, `VIP2`, `钻石`, `黑金`, `至尊`, `Platinum`,
/// `Diamond`, …), compared case-insensitively.
pub fn is_vip_tier(tier: &str) -> bool {
    let t = tier.to_lowercase();
    ["vip", "钻石", "黑金", "至尊", "platinum", "diamond"]
        .iter()
        .any(|k| t.contains(k))
}

/// Whether the member came back at least once (≥ 2 visits): the numerator of the
/// repurchase rate.
pub fn is_repeat(visits: Option<u32>) -> bool {
    visits.is_some_and(|v| v >= 2)
}

/// Recency, frequency and monetary scores 1–5 (5 best) by quintile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RfmScore {
    /// Recency: 5 for the most recent fifth.
    pub r: Option<u8>,
    /// Frequency: 5 for the most frequent fifth.
    pub f: Option<u8>,
    /// Monetary: 5 for the biggest-spending fifth.
    pub m: Option<u8>,
}

/// R/F/M scores for every member, in input order.
///
/// A member's score is `1 + floor(5 · k / n)` where `k` counts members with a known value
/// strictly worse than theirs and `n` all members with a known value, so equal values get
/// equal scores and the best fifth scores 5. Unknown values score `None`.
pub fn rfm_scores(histories: &[VisitHistory], as_of: NaiveDate) -> Vec<RfmScore> {
    // Larger is better for each key: recency is negated days since the last visit.
    let recency: Vec<Option<i64>> = histories
        .iter()
        .map(|h| h.last_visit.map(|d| -(as_of - d).num_days()))
        .collect();
    let frequency: Vec<Option<i64>> = histories.iter().map(|h| h.visits.map(i64::from)).collect();
    let monetary: Vec<Option<i64>> = histories.iter().map(|h| h.spend_cents).collect();
    let (r, f, m) = (
        quintiles(&recency),
        quintiles(&frequency),
        quintiles(&monetary),
    );
    (0..histories.len())
        .map(|i| RfmScore {
            r: r[i],
            f: f[i],
            m: m[i],
        })
        .collect()
}

fn quintiles(values: &[Option<i64>]) -> Vec<Option<u8>> {
    let mut known: Vec<i64> = values.iter().flatten().copied().collect();
    known.sort_unstable();
    let n = known.len();
    values
        .iter()
        .map(|v| {
            v.map(|v| {
                let worse = known.partition_point(|&x| x < v);
                let score = 1 + (5 * worse) / n;
                u8::try_from(score.min(5)).unwrap_or(5)
            })
        })
        .collect()
}

/// One member's segment, VIP flag and R/F/M scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredMember {
    /// Member id.
    pub id: String,
    /// Segment on the reference date.
    pub segment: Segment,
    /// Tier marks a VIP.
    pub vip: bool,
    /// Days since the last visit.
    pub recency_days: Option<i64>,
    /// Visits.
    pub visits: Option<u32>,
    /// Total spend in cents.
    pub spend_cents: Option<i64>,
    /// R/F/M quintile scores.
    #[serde(flatten)]
    pub rfm: RfmScore,
}

/// Members of one segment, as the segment summary counts them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentTally {
    /// Members in the segment.
    pub members: usize,
    /// The segment.
    pub segment: Segment,
    /// Share of all members, 0–1.
    pub share: f64,
    /// VIP members in the segment.
    pub vip: usize,
}

/// Members by segment on a reference date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentSummary {
    /// The reference date (`None`: the data has no visit dates).
    pub as_of: Option<NaiveDate>,
    /// All members.
    pub members: usize,
    /// One tally per segment, in [`Segment::ALL`] order.
    pub segments: Vec<SegmentTally>,
}

/// Tallies scored members by segment.
pub fn summarise(as_of: Option<NaiveDate>, scored: &[ScoredMember]) -> SegmentSummary {
    let total = scored.len().max(1) as f64;
    let segments = Segment::ALL
        .iter()
        .map(|&segment| {
            let (members, vip) = scored
                .iter()
                .filter(|m| m.segment == segment)
                .fold((0, 0), |(n, v), m| (n + 1, v + usize::from(m.vip)));
            SegmentTally {
                members,
                segment,
                share: members as f64 / total,
                vip,
            }
        })
        .collect();
    SegmentSummary {
        as_of,
        members: scored.len(),
        segments,
    }
}

/// Segments and R/F/M scores of every member, against `as_of` (default: the data's
/// latest visit). Members are `(id, tier, history)`.
pub fn score_members(
    members: &[(String, Option<String>, VisitHistory)],
    as_of: Option<NaiveDate>,
    rules: &SegmentRules,
) -> (Option<NaiveDate>, Vec<ScoredMember>) {
    let histories: Vec<VisitHistory> = members.iter().map(|(_, _, h)| h.clone()).collect();
    let as_of = as_of.or_else(|| reference_date(&histories));
    let scores = match as_of {
        Some(d) => rfm_scores(&histories, d),
        None => vec![
            RfmScore {
                r: None,
                f: None,
                m: None
            };
            members.len()
        ],
    };
    let scored = members
        .iter()
        .zip(scores)
        .map(|((id, tier, h), rfm)| ScoredMember {
            id: id.clone(),
            segment: as_of.map_or(Segment::Unknown, |d| rules.classify(h, d)),
            vip: tier.as_deref().is_some_and(is_vip_tier),
            recency_days: as_of
                .zip(h.last_visit)
                .map(|(d, last)| (d - last).num_days()),
            visits: h.visits,
            spend_cents: h.spend_cents,
            rfm,
        })
        .collect();
    (as_of, scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn h(visits: Option<u32>, first: Option<&str>, last: Option<&str>) -> VisitHistory {
        VisitHistory {
            visits,
            spend_cents: None,
            first_visit: first.map(d),
            last_visit: last.map(d),
        }
    }

    #[test]
    fn segment_boundaries_are_inclusive_as_designed() {
        let rules = SegmentRules::default();
        let as_of = d("2026-10-31");
        let c = |x: VisitHistory| rules.classify(&x, as_of);
        assert_eq!(c(h(Some(1), Some("2026-10-01"), None)), Segment::New); // 30 days
        assert_eq!(c(h(Some(1), Some("2026-09-30"), None)), Segment::OneTime); // 31 days
        assert_eq!(c(h(Some(1), None, Some("2026-10-20"))), Segment::New);
        assert_eq!(
            c(h(Some(6), Some("2020-01-01"), Some("2026-09-01"))),
            Segment::Loyal
        ); // 60
        assert_eq!(
            c(h(Some(6), Some("2020-01-01"), Some("2026-08-31"))),
            Segment::Returning
        ); // 61
        assert_eq!(
            c(h(Some(2), Some("2020-01-01"), Some("2026-08-02"))),
            Segment::Returning
        ); // 90
        assert_eq!(
            c(h(Some(2), Some("2020-01-01"), Some("2026-08-01"))),
            Segment::Dormant
        ); // 91
        assert_eq!(c(h(Some(0), Some("2020-01-01"), None)), Segment::OneTime);
        assert_eq!(
            c(h(None, Some("2020-01-01"), Some("2026-10-01"))),
            Segment::Unknown
        );
        assert_eq!(c(h(Some(3), Some("2020-01-01"), None)), Segment::Unknown);
        assert_eq!(c(VisitHistory::default()), Segment::Unknown);
    }

    #[test]
    fn reference_date_is_latest_visit() {
        let hs = [
            h(Some(2), None, Some("2026-01-01")),
            h(Some(1), Some("2026-05-01"), None),
        ];
        assert_eq!(reference_date(&hs), Some(d("2026-01-01")));
        assert_eq!(
            reference_date(&[h(None, Some("2025-01-01"), None)]),
            Some(d("2025-01-01"))
        );
    }

    #[test]
    fn quintiles_give_ties_equal_scores_and_spread_evenly() {
        let vals: Vec<Option<i64>> = (0..10).map(Some).chain([None, Some(9)]).collect();
        let q = quintiles(&vals);
        assert_eq!(&q[..10], &[1, 1, 1, 2, 2, 3, 3, 4, 4, 5].map(Some));
        assert_eq!(q[10], None);
        assert_eq!(q[11], q[9]);
        assert_eq!(quintiles(&[Some(3), Some(3)]), vec![Some(1), Some(1)]);
    }

    #[test]
    fn vip_tiers() {
        assert!(is_vip_tier("VIP"));
        assert!(is_vip_tier("svip会员"));
        assert!(is_vip_tier("钻石卡"));
        assert!(!is_vip_tier("Gold"));
        assert!(!is_vip_tier("普通"));
    }
}
