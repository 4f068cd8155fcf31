//! Finding street-name keys within a few edits of a misspelt one.
//!
//! A trigram index proposes keys that share enough three-letter pieces with the query
//! (each edit destroys at most four of them), and the optimal-string-alignment distance
//! (insertions, deletions, substitutions and adjacent transpositions, each one edit)
//! decides. The index is built once; a search allocates only its tally, a byte a key.

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
    key_chars: Vec<usize>,
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
            key_chars.push(key.chars().count());
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
        let q_chars = query.chars().count();
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
                        .is_some_and(|&c| c.abs_diff(q_chars) <= max_edits);
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
        let mut out: Vec<(u32, usize)> = touched
            .into_iter()
            .filter(|&id| tally.get(id as usize).is_some_and(|&n| usize::from(n) >= need))
            .filter_map(|id| {
                let d = strsim::osa_distance(query, self.key(id));
                (d <= max_edits).then_some((id, d))
            })
            .collect();
        out.sort_unstable_by_key(|&(id, d)| (d, id));
        out
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
}
