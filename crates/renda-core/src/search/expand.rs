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
//!   feedback paragraphs, and in the same sentence as the theme's own words
//!   in at least [`MIN_SENTENCE_SHARE`] of them (a word the best paragraphs
//!   share only in sentences on something else, 毕业生 and 高校 in
//!   paragraphs that list 退役军人 among other groups, says nothing of the
//!   theme), and in at most [`MAX_DOC_SHARE`] of all paragraphs; it
//!   must be a word of the dictionary (not one jieba's HMM put together,
//!   which is most often a piece of a phrase, 由市 or 向区, or a name), a
//!   noun-like one by its tag there (see [`is_content_tag`]) that names no
//!   person, place or organisation and is no title or stock word of
//!   official texts ([`is_junk`]), and ranks by how many feedback
//!   paragraphs hold it times its rarity.
//!
//! An office adds its own groups in `related.txt` beside its index (see
//! [`crate::index::RendaIndex::office_thesaurus`]); they count as curated.
//!
//! Curated expressions are matched as the exact strings they are, with less
//! weight than the theme's own words, so a paragraph that says the theme in
//! other words reaches the candidates and is then ranked on its text (see
//! [`super::rank`]). Feedback words only re-weigh: they add to the score of
//! a paragraph the theme's words or a curated expression already found,
//! and never make a paragraph match on their own.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use serde::Serialize;

use super::query::Concept;
use crate::analysis::{Dictionary, Thesaurus};

/// Where a related expression comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The curated list shipped with renda (`related.txt`).
    Curated,
    /// The office's own list, kept with the index.
    Office,
    /// Shared by the best paragraphs of a first round (pseudo-relevance
    /// feedback).
    Feedback,
}

/// A related expression a theme search looks for besides the theme's own
/// words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Related {
    pub word: String,
    pub source: Source,
}

impl Related {
    pub fn new(word: impl Into<String>, source: Source) -> Self {
        Related {
            word: word.into(),
            source,
        }
    }

    /// Whether the expression may make a paragraph match (a curated or an
    /// office one), rather than only re-weigh it (a feedback word).
    pub fn matches(&self) -> bool {
        self.source != Source::Feedback
    }
}

/// Titles and stock words of official texts that never say what a
/// paragraph is about (see `related_stop.txt`).
const STOP: &str = include_str!("related_stop.txt");

fn stop_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        STOP.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

/// Whether a word, tagged `tag` by jieba, can never be a related word: a
/// person's, place's or organisation's name (jieba's `nr*`, `ns*`, `nt*`
/// tags, or a name of the national division table), a title or a stock
/// word of official texts (the stop list), or a word of one character.
pub fn is_junk(word: &str, tag: &str) -> bool {
    tagged_a_name(tag) || is_junk_word(word)
}

/// Whether jieba's tag marks a person's, place's or organisation's name.
fn tagged_a_name(tag: &str) -> bool {
    ["nr", "ns", "nt"].iter().any(|p| tag.starts_with(p))
}

/// The checks of [`is_junk`] that need the word only.
fn is_junk_word(word: &str) -> bool {
    word.chars().count() < 2
        || stop_words().contains(word)
        || super::similar::is_stop_word(word)
        || names_a_place(word)
}

/// Whether `word` is the name of a division (河南省, 海淀区), or one
/// without its 省/市/县/区 (河南, 海淀).
fn names_a_place(word: &str) -> bool {
    let g = crate::speech::gazetteer::gazetteer();
    ["", "省", "市", "县", "区", "自治区", "自治州", "自治县"]
        .iter()
        .any(|suffix| !g.named(&format!("{word}{suffix}")).is_empty())
}

/// The fewest paragraphs an index must hold for feedback words: in a
/// smaller one, how rare a word is says little.
pub const MIN_DOCS: u64 = 1000;
/// Feedback paragraphs read from the first round.
pub const FEEDBACK_DOCS: usize = 10;
/// Feedback words added at most.
pub const MAX_FEEDBACK_WORDS: usize = 3;
/// Curated expressions added at most per theme.
pub const MAX_CURATED: usize = 12;
/// The least share of the feedback paragraphs a feedback word stands in.
pub const MIN_FEEDBACK_SHARE: f32 = 0.3;
/// The least share of the feedback paragraphs in which a feedback word
/// stands in one sentence with the theme as typed or one of its words (or
/// their parts, or a curated expression). With [`MAX_FEEDBACK_WORDS`],
/// chosen on the development themes of the relevance evaluation by blind
/// grades of the words each rule suggests (BENCHMARKS.md).
pub const MIN_SENTENCE_SHARE: f32 = 0.3;
/// The largest share of all paragraphs a feedback word may stand in: more
/// common words say nothing of the theme.
pub const MAX_DOC_SHARE: f64 = 0.009;

/// The expressions related to a theme in the curated list and in the
/// office's own (see [`curated`]): the office's first, at most
/// [`MAX_CURATED`] of each.
pub fn related_of(
    builtin: &Thesaurus,
    office: Option<&Thesaurus>,
    typed: &str,
    concepts: &[Concept],
) -> Vec<Related> {
    let mut out: Vec<Related> = Vec::new();
    let lists = office
        .map(|o| (o, Source::Office))
        .into_iter()
        .chain(std::iter::once((builtin, Source::Curated)));
    for (thesaurus, source) in lists {
        for word in curated(thesaurus, typed, concepts) {
            if !out.iter().any(|r| r.word == word) {
                out.push(Related::new(word, source));
            }
        }
    }
    out
}

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

/// Words shared by the feedback `texts` (see the module docs), heaviest
/// first. `doc_freq` tells in how many of the `num_docs` paragraphs a word
/// stands; `known` are the words already searched (the theme's words, their
/// parts, the curated expressions), which are not added again, nor are
/// words inside the theme as typed or holding it.
pub fn feedback(
    texts: &[&str],
    dictionary: &Dictionary,
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
        for (word, tag) in dictionary.tagged(jieba, text) {
            // A word outside the dictionary (found by jieba's HMM: most
            // often a name or a piece of one) is never taken.
            let Some(tag) = tag else {
                continue;
            };
            let w = word.to_lowercase();
            // The checks of the word alone wait until it is shared.
            if !is_content_tag(tag) || tagged_a_name(tag) || !w.chars().all(char::is_alphabetic) {
                continue;
            }
            if seen.insert(w.clone()) {
                *docs_with.entry(w).or_default() += 1;
            }
        }
    }
    let needed = ((texts.len() as f32 * MIN_FEEDBACK_SHARE).ceil() as usize).max(2);
    let near_needed = (texts.len() as f32 * MIN_SENTENCE_SHARE).ceil() as usize;
    // What a feedback word must share a sentence with: the theme and the
    // words already searched.
    let anchors: Vec<String> = std::iter::once(typed.to_lowercase())
        .chain(
            known
                .iter()
                .filter(|k| k.chars().count() >= 2)
                .map(|k| k.to_lowercase()),
        )
        .collect();
    let sentences: Vec<Vec<String>> = texts
        .iter()
        .map(|t| {
            t.to_lowercase()
                .split(crate::text::is_sentence_end)
                .filter(|s| anchors.iter().any(|a| s.contains(a.as_str())))
                .map(str::to_string)
                .collect()
        })
        .collect();
    let near = |w: &str| {
        sentences
            .iter()
            .filter(|of_text| of_text.iter().any(|s| s.contains(w)))
            .count()
    };
    let mut scored: Vec<(f64, String)> = docs_with
        .into_iter()
        .filter(|(w, n)| {
            *n >= needed
                && !is_junk_word(w)
                && !typed.contains(w.as_str())
                && !w.contains(typed)
                && !known.iter().any(|k| k == w || k.contains(w.as_str()))
                && near(w) >= near_needed
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
    fn names_titles_places_and_stock_words_are_junk() {
        assert!(is_junk("赵乐际", "nr"));
        assert!(is_junk("总书记", "n"));
        assert!(is_junk("河南省", "n"));
        assert!(is_junk("河南", "n"));
        assert!(is_junk("海淀区", "n"));
        assert!(is_junk("力度", "n"));
        assert!(is_junk("国务院", "nt"));
        assert!(is_junk("县", "n"));
        assert!(!is_junk("耕地", "n"));
        assert!(!is_junk("选民", "n"));
        assert!(!is_junk("防洪", "vn"));
    }

    #[test]
    fn feedback_leaves_out_people_and_places() {
        let dictionary = Dictionary::builtin();
        let jieba = dictionary.jieba();
        let texts = [
            "习近平总书记在河南省考察时强调粮食安全，要守住耕地红线。",
            "习近平总书记指出，河南省要扛稳粮食安全重任，保护耕地。",
            "习近平总书记强调，粮食安全是国之大者，耕地是粮食生产的命根子。",
        ];
        let words = feedback(&texts, &dictionary, &jieba, "粮食安全", &[], |_| 5, 10_000);
        assert!(words.contains(&"耕地".to_string()), "{words:?}");
        for junk in ["习近平", "总书记", "河南省"] {
            assert!(!words.contains(&junk.to_string()), "{words:?}");
        }
    }

    #[test]
    fn feedback_words_are_words_of_the_dictionary() {
        let dictionary = Dictionary::builtin();
        let jieba = dictionary.jieba();
        // jieba's HMM puts 向区 together here: a piece of 向区人民代表大会.
        let texts = [
            "代表联系群众，向区人民代表大会报告选民意见。",
            "常委会组织代表联系群众，向区人民代表大会反映选民呼声。",
            "代表联系群众，听取选民意见，向区人民代表大会提出建议。",
        ];
        let cut: Vec<&str> = jieba.cut(texts[0], true).iter().map(|t| t.word).collect();
        assert!(cut.contains(&"向区"), "{cut:?}");
        assert!(!jieba.has_word("向区"));
        let words = feedback(&texts, &dictionary, &jieba, "联系群众", &[], |_| 5, 10_000);
        assert!(words.contains(&"选民".to_string()), "{words:?}");
        assert!(!words.contains(&"向区".to_string()), "{words:?}");
    }

    #[test]
    fn office_expressions_come_first_and_say_where_they_come_from() {
        let builtin = Thesaurus::parse("联系群众 倾听民意 接待选民\n");
        let office = Thesaurus::parse("联系群众 街道议事会 倾听民意\n");
        let concepts = vec![Concept {
            word: "联系群众".into(),
            parts: vec![],
        }];
        let got = related_of(&builtin, Some(&office), "联系群众", &concepts);
        assert_eq!(
            got,
            vec![
                Related::new("街道议事会", Source::Office),
                Related::new("倾听民意", Source::Office),
                Related::new("接待选民", Source::Curated),
            ]
        );
    }

    #[test]
    fn feedback_words_are_shared_and_rare() {
        let dictionary = Dictionary::builtin();
        let jieba = dictionary.jieba();
        let texts = [
            "代表要联系群众，倾听选民呼声，反映选民意见。",
            "常委会组织代表走访选民，倾听呼声，联系群众。",
            "代表联系群众，定期接待选民，听取选民呼声。",
            "今年的天气很好。",
        ];
        // 选民 and 呼声 are in three of four; 代表 is everywhere in the index.
        let df = |w: &str| match w {
            "代表" => 5000,
            _ => 5,
        };
        let words = feedback(&texts, &dictionary, &jieba, "联系群众", &[], df, 10_000);
        assert!(words.contains(&"选民".to_string()), "{words:?}");
        assert!(words.contains(&"呼声".to_string()), "{words:?}");
        assert!(!words.contains(&"代表".to_string()), "{words:?}");
        assert!(!words.contains(&"天气".to_string()), "{words:?}");
    }

    #[test]
    fn feedback_words_share_a_sentence_with_the_theme() {
        let dictionary = Dictionary::builtin();
        let jieba = dictionary.jieba();
        // 选民 stands with the theme in a sentence of three paragraphs;
        // 毕业生, as often, only in sentences about something else.
        let texts = [
            "代表要联系群众，倾听选民呼声。做好高校毕业生就业工作。",
            "常委会组织代表联系群众，走访选民。毕业生就业总体稳定。",
            "代表联系群众，定期接待选民。支持毕业生到基层工作。",
            "今年的天气很好。",
        ];
        let df = |_: &str| 5;
        let words = feedback(&texts, &dictionary, &jieba, "联系群众", &[], df, 10_000);
        assert!(words.contains(&"选民".to_string()), "{words:?}");
        assert!(!words.contains(&"毕业生".to_string()), "{words:?}");
        // One paragraph of four with it beside the theme is not enough;
        // beside 就业, a word already searched, it stands in three.
        let texts = texts.map(|t| t.replace("支持毕业生", "联系群众，支持毕业生"));
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let words = feedback(&texts, &dictionary, &jieba, "联系群众", &[], df, 10_000);
        assert!(
            !words.contains(&"毕业生".to_string()),
            "one paragraph of four: {words:?}"
        );
        let known = vec!["就业".to_string()];
        let words = feedback(&texts, &dictionary, &jieba, "联系群众", &known, df, 10_000);
        assert!(words.contains(&"毕业生".to_string()), "{words:?}");
    }
}
