//! Related words of a theme: how else the archive says it.
//!
//! An unquoted theme is a concept, not a string. Besides its own words, a
//! theme search looks for:
//!
//! - **curated expressions**: the groups of [`Thesaurus`] that hold the
//!   theme as typed or one of its words (联系群众 → 倾听民意, 接待选民, …);
//! - **feedback words**: the words that the best paragraphs of a first
//!   round share, which the rest of the archive seldom uses (pseudo-relevance
//!   feedback): a word must stand in at least [`MIN_FEEDBACK_SHARE`] of the
//!   feedback paragraphs and in at most [`MAX_DOC_SHARE`] of all paragraphs,
//!   must be a noun-like word (see [`is_content_tag`]), and ranks by how
//!   many feedback paragraphs hold it times its rarity.
//!
//! Both are matched as the exact strings they are, with less weight than the
//! theme's own words, so a paragraph that says the theme in other words
//! reaches the candidates and is then ranked on its text (see [`super::rank`]).

use std::collections::{HashMap, HashSet};

use jieba_rs::Jieba;

use super::query::Concept;
use crate::analysis::Thesaurus;

/// The fewest paragraphs an index must hold for feedback words: in a
/// smaller one, how rare a word is says little.
pub const MIN_DOCS: u64 = 1000;
/// Feedback paragraphs read from the first round.
pub const FEEDBACK_DOCS: usize = 10;
/// Feedback words added at most.
pub const MAX_FEEDBACK_WORDS: usize = 5;
/// Curated expressions added at most per theme.
pub const MAX_CURATED: usize = 12;
/// The least share of the feedback paragraphs a feedback word stands in.
pub const MIN_FEEDBACK_SHARE: f32 = 0.3;
/// The largest share of all paragraphs a feedback word may stand in: more
/// common words say nothing of the theme.
pub const MAX_DOC_SHARE: f64 = 0.05;

/// The curated expressions related to a theme: those of the groups that
/// hold the theme as typed, or one of its words, other than the theme's own
/// words and anything the theme already contains.
pub fn curated(thesaurus: &Thesaurus, typed: &str, concepts: &[Concept]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let keys = std::iter::once(typed).chain(concepts.iter().map(|c| c.word.as_str()));
    for key in keys {
        for r in thesaurus.related(key) {
            if out.len() >= MAX_CURATED {
                return out;
            }
            if !typed.contains(r) && !out.iter().any(|o| o == r) {
                out.push(r.to_string());
            }
        }
    }
    out
}

/// Whether a jieba part-of-speech tag marks a word that can name what a
/// paragraph is about: nouns of every kind, verbal nouns, idioms and
/// abbreviations (the 人大 dictionary's terms are tagged `l` and `j`), not
/// verbs, adverbs, adjectives, numbers or function words (加大, 大力, 结束).
fn is_content_tag(tag: &str) -> bool {
    tag.starts_with('n') || matches!(tag, "vn" | "l" | "j" | "i")
}

/// Start building, on a thread of its own, the model jieba tags words
/// outside its dictionary with (its part-of-speech HMM: some 30 ms, once
/// per process, on the first such word [`feedback`] tags), so that it is
/// built while the first round of a theme search runs rather than after.
/// Only the first call starts it.
pub fn warm_tagger() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // Nothing is in an empty dictionary: the word is tagged by the model.
        let warm = || drop(Jieba::empty().tag("议案", true));
        // With no thread to spare, the first feedback round builds it.
        let _ = std::thread::Builder::new()
            .name("renda-tagger".into())
            .spawn(warm);
    });
}

/// Words shared by the feedback `texts` (see the module docs), heaviest
/// first. `doc_freq` tells in how many of the `num_docs` paragraphs a word
/// stands; `known` are the words already searched (the theme's words, their
/// parts, the curated expressions), which are not added again, nor are
/// words inside the theme as typed or holding it.
pub fn feedback(
    texts: &[&str],
    jieba: &Jieba,
    typed: &str,
    known: &[String],
    mut doc_freq: impl FnMut(&str) -> u64,
    num_docs: u64,
) -> Vec<String> {
    if texts.len() < 3 || num_docs < MIN_DOCS {
        return Vec::new();
    }
    let mut docs_with: HashMap<String, usize> = HashMap::new();
    for text in texts {
        let mut seen: HashSet<String> = HashSet::new();
        for tag in jieba.tag(text, true) {
            let w = tag.word.to_lowercase();
            if w.chars().count() < 2
                || !is_content_tag(tag.tag)
                || !w.chars().all(char::is_alphabetic)
                || super::similar::is_stop_word(&w)
            {
                continue;
            }
            if seen.insert(w.clone()) {
                *docs_with.entry(w).or_default() += 1;
            }
        }
    }
    let needed = ((texts.len() as f32 * MIN_FEEDBACK_SHARE).ceil() as usize).max(2);
    let mut scored: Vec<(f64, String)> = docs_with
        .into_iter()
        .filter(|(w, n)| {
            *n >= needed
                && !typed.contains(w.as_str())
                && !w.contains(typed)
                && !known.iter().any(|k| k == w || k.contains(w.as_str()))
        })
        .filter_map(|(w, n)| {
            let df = doc_freq(&w);
            if df < 2 || df as f64 > num_docs as f64 * MAX_DOC_SHARE {
                return None;
            }
            let idf = (num_docs as f64 / df as f64).ln();
            Some((n as f64 / texts.len() as f64 * idf, w))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(MAX_FEEDBACK_WORDS)
        .map(|(_, w)| w)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Dictionary;

    #[test]
    fn curated_expressions_leave_out_the_themes_own_words() {
        let t = Thesaurus::parse("联系群众 倾听民意 联系 接待选民\n");
        let concepts = vec![
            Concept {
                word: "密切".into(),
                parts: vec![],
            },
            Concept {
                word: "联系群众".into(),
                parts: vec!["联系".into(), "群众".into()],
            },
        ];
        assert_eq!(
            curated(&t, "密切联系群众", &concepts),
            vec!["倾听民意", "接待选民"]
        );
    }

    #[test]
    fn feedback_words_are_shared_and_rare() {
        let jieba = Dictionary::builtin().jieba();
        let texts = [
            "代表要倾听选民呼声，反映选民意见。",
            "常委会组织代表走访选民，倾听呼声。",
            "代表定期接待选民，听取选民呼声。",
            "今年的天气很好。",
        ];
        // 选民 and 呼声 are in three of four; 代表 is everywhere in the index.
        let df = |w: &str| match w {
            "代表" => 5000,
            _ => 5,
        };
        let words = feedback(&texts, &jieba, "联系群众", &[], df, 10_000);
        assert!(words.contains(&"选民".to_string()), "{words:?}");
        assert!(words.contains(&"呼声".to_string()), "{words:?}");
        assert!(!words.contains(&"代表".to_string()), "{words:?}");
        assert!(!words.contains(&"天气".to_string()), "{words:?}");
    }
}
