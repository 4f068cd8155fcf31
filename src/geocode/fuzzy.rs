//! Finding street-name keys within a few edits of a misspelt one.
//!
//! A trigram index proposes keys that share enough three-letter pieces with the query
//! (each edit destroys at most four of them), and the optimal-string-alignment distance
//! (insertions, deletions, substitutions and adjacent transpositions, each one edit),
//! computed only as far as the allowed edits reach, decides. The index is built once; a search allocates only its tally, a byte a key.

use rustc_hash::FxHashMap;

/// Edits allowed in a key of `chars` characters: none below 5 (too many short words are
/// one edit apart), one up to 8, two from 9.
pub(crate) fn max_edits(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Trigram index over a list of keys.
#[derive(Debug, Default)]
pub(crate) struct FuzzyIndex {
    keys: Vec<String>,
    /// Each key's characters, for the distance.
    key_chars: Vec<Box<[char]>>,
    grams: FxHashMap<[char; 3], Vec<u32>>,
}

fn trigrams(key: &str) -> Vec<[char; 3]> {
    let padded: Vec<char> = std::iter::once('\u{2}')
        .chain(key.chars())
        .chain(std::iter::once('\u{3}'))
        .collect();
    let mut out: Vec<[char; 3]> = padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl FuzzyIndex {
    /// Indexes `keys`; a key's position in the list is its id.
    pub fn new(keys: Vec<String>) -> Self {
        let mut grams: FxHashMap<[char; 3], Vec<u32>> = FxHashMap::default();
        let mut key_chars = Vec::with_capacity(keys.len());
        for (id, key) in keys.iter().enumerate() {
            key_chars.push(key.chars().collect());
            let Ok(id) = u32::try_from(id) else { break };
            for g in trigrams(key) {
                grams.entry(g).or_default().push(id);
            }
        }
        Self {
            keys,
            key_chars,
            grams,
        }
    }

    /// The key with id `id`.
    pub fn key(&self, id: u32) -> &str {
        self.keys.get(id as usize).map_or("", String::as_str)
    }

    /// Every key within `max_edits` of `query`, as `(id, edits)`, closest first.
    pub fn search(&self, query: &str, max_edits: usize) -> Vec<(u32, usize)> {
        if max_edits == 0 {
            return Vec::new();
        }
        let q: Vec<char> = query.chars().collect();
        let q_chars = q.len();
        let q_grams = trigrams(query);
        // An insertion, deletion or substitution removes at most three of the query's
        // trigrams, a transposition of two letters four.
        let need = q_grams.len().saturating_sub(4 * max_edits).max(1);
        // Counted densely, one byte a key: common trigrams (`str`, `kat`) are shared by
        // thousands of keys, which a hash map would tally far slower.
        let mut tally = vec![0u8; self.keys.len()];
        let mut touched: Vec<u32> = Vec::new();
        for g in &q_grams {
            let Some(ids) = self.grams.get(g) else {
                continue;
            };
            for &id in ids {
                let Some(count) = tally.get_mut(id as usize) else {
                    continue;
                };
                if *count == 0 {
                    let near_length = self
                        .key_chars
                        .get(id as usize)
                        .is_some_and(|c| c.len().abs_diff(q_chars) <= max_edits);
                    if !near_length {
                        // Marked as seen, never counted.
                        *count = u8::MAX;
                        continue;
                    }
                    touched.push(id);
                }
                if *count != u8::MAX {
                    *count = count.saturating_add(1).min(u8::MAX - 1);
                }
            }
        }
        let mut rows = Rows::default();
        let mut out: Vec<(u32, usize)> = touched
            .into_iter()
            .filter(|&id| {
                tally
                    .get(id as usize)
                    .is_some_and(|&n| usize::from(n) >= need)
            })
            .filter_map(|id| {
                let key = self.key_chars.get(id as usize)?;
                Some((id, rows.osa_within(&q, key, max_edits)?))
            })
            .collect();
        out.sort_unstable_by_key(|&(id, d)| (d, id));
        out
    }
}

/// The three rows of the distance table, kept across the candidates of one search.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    last: Vec<usize>,
    row: Vec<usize>,
}

impl Rows {
    /// The optimal-string-alignment distance between `a` and `b` when it is at most `max`,
    /// else `None`: the table is filled only in the band of width `2·max + 1` around its
    /// diagonal (no alignment within `max` edits leaves it), and given up on as soon as a
    /// whole row exceeds `max`.
    fn osa_within(&mut self, a: &[char], b: &[char], max: usize) -> Option<usize> {
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        let far = max + 1;
        let width = b.len() + 1;
        for r in [&mut self.before, &mut self.last, &mut self.row] {
            r.clear();
            r.resize(width, far);
        }
        for (j, cell) in self.last.iter_mut().enumerate().take(far.min(width)) {
            *cell = j;
        }
        for i in 1..=a.len() {
            self.row.fill(far);
            let lo = i.saturating_sub(max).max(1);
            let hi = (i + max).min(b.len());
            if i <= max {
                self.row[0] = i;
            }
            let mut best = self.row[0];
            for j in lo..=hi {
                let same = a[i - 1] == b[j - 1];
                let mut d = (self.last[j - 1] + usize::from(!same))
                    .min(self.last[j] + 1)
                    .min(self.row[j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(self.before[j - 2] + 1);
                }
                let d = d.min(far);
                self.row[j] = d;
                best = best.min(d);
            }
            if best > max {
                return None;
            }
            std::mem::swap(&mut self.before, &mut self.last);
            std::mem::swap(&mut self.last, &mut self.row);
        }
        let d = self.last[b.len()];
        (d <= max).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_within_the_allowed_edits() {
        let idx = FuzzyIndex::new(
            ["mannerheimintie", "makelankatu", "kalevankatu", "mikonkatu"]
                .map(String::from)
                .to_vec(),
        );
        // Transposition, deletion, insertion, substitution: one edit each.
        for typo in [
            "mannerhiemintie",
            "mannerheimitie",
            "mannerheimintiie",
            "mannerhaimintie",
        ] {
            assert_eq!(idx.search(typo, 2), [(0, 1)], "{typo}");
        }
        assert_eq!(idx.search("kalevnkatuu", 2), [(2, 2)]);
        // A transposition in a short key destroys four of its seven trigrams.
        let short = FuzzyIndex::new(["aubundt", "badal"].map(String::from).to_vec());
        assert_eq!(short.search("aubnudt", 1), [(0, 1)]);
        assert_eq!(short.search("bdaal", 1), [(1, 1)]);
        assert!(idx.search("kalevnkatuu", 1).is_empty());
        assert!(idx.search("zzzzzz", 2).is_empty());
        assert!(idx.search("mikonkatu", 0).is_empty());
        assert_eq!(max_edits(4), 0);
        assert_eq!(max_edits(9), 2);
    }

    proptest::proptest! {
        /// The banded distance agrees with strsim's full one wherever that is within the
        /// bound.
        #[test]
        fn banded_distance_is_the_distance(
            a in "[abcd]{0,9}",
            b in "[abcd]{0,9}",
            max in 0usize..4,
        ) {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = strsim::osa_distance(&a, &b);
            let banded = Rows::default().osa_within(&ac, &bc, max);
            proptest::prop_assert_eq!(banded, (full <= max).then_some(full));
        }
    }
}
