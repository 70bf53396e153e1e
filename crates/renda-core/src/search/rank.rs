//! Ranking: how much a paragraph is about what the query asks for.
//!
//! Tantivy's BM25 over the theme's words, its exact string and its words
//! close together picks the candidates. They are then re-scored on the text
//! itself, so that a paragraph that argues the theme outranks one that only
//! lists it in passing:
//!
//! - **coverage** — the share of the theme's concepts the paragraph holds
//!   (a concept counts when its word, or all of its smaller words, appear);
//! - **mentions** — how many separate places of the paragraph speak of the
//!   theme (its words or their parts: 群众, 联系), up to four: a paragraph
//!   that argues the theme comes back to it (倾听群众呼声，关心群众疾苦), a
//!   list names it once;
//! - **exact** — whether the string as typed appears;
//! - **related** — how many of the theme's curated or office related
//!   expressions (see [`super::expand`]) the paragraph holds; feedback
//!   words only re-weigh and count neither here nor as mentions.
//!
//! See [`score`] for how they combine. A candidate's final score
//! ([`combine`]) adds to it BM25 over the theme's search-mode words
//! ([`WordLayer`]: 代表, 建议 and 办理 for 代表建议办理, each weighed by its
//! rarity, as an index of search-mode words ranks), its mentions and the
//! related expressions it holds, with weights fitted on the development
//! half of the relevance evaluation: the words keep the paragraphs that
//! hold the theme's rare parts often above long ones that repeat a common
//! part; the features keep a paragraph that argues the theme, or says it
//! in other words, above one that lists it. The weights and the
//! alternatives tried are in BENCHMARKS.md.
//!
//! Exact phrases (`"…"`) rank by BM25 alone: every hit holds the phrase.

use std::sync::Arc;

use super::query::Wanted;
use super::snippet::Needles;
use crate::index::reader::{ColumnCache, Columns, Texts};

/// How many candidates are re-scored beyond the page asked for.
pub const RERANK_DEPTH: usize = 200;

pub use crate::text::is_sentence_end;

/// Where a paragraph stands among others of the same score: its speech's
/// key (the file's path first), its number and its section, which say
/// what it is rather than where the index happens to keep it (segments and
/// document numbers change with the threads and commits that built it).
type ContentKey = (Arc<str>, u64, Arc<str>);

/// A [`ContentKey`] as one segment's columns hold it: the term numbers of
/// the speech and the section, and the paragraph's number.
type RawKey = (Option<u64>, u64, Option<u64>);

/// Reads [`ContentKey`]s from one segment's columns: each document's term
/// numbers first, then their texts all at once ([`KeyReader::keys`]), each
/// text read from its dictionary once in a process
/// ([`crate::index::reader::Columns::speech_texts`]).
struct KeyReader {
    columns: Arc<Columns>,
}

impl KeyReader {
    fn new(columns: &ColumnCache, segment: &tantivy::SegmentReader) -> Self {
        Self {
            columns: columns.of(segment),
        }
    }

    fn raw(&self, doc: tantivy::DocId) -> RawKey {
        (
            self.columns.speech_ord(doc).ok().flatten(),
            self.columns.paragraph(doc).map_or(0, |n| n as u64),
            self.columns.section_ord(doc).ok().flatten(),
        )
    }

    /// The content keys of `raw`, in its order (a text that cannot be
    /// read is empty).
    fn keys(&self, raw: &[RawKey]) -> Vec<ContentKey> {
        let ords =
            |pick: fn(&RawKey) -> Option<u64>| raw.iter().filter_map(pick).collect::<Vec<_>>();
        let speeches = self
            .columns
            .speech_texts(&ords(|r| r.0))
            .unwrap_or_default();
        let sections = self
            .columns
            .section_texts(&ords(|r| r.2))
            .unwrap_or_default();
        let empty: Arc<str> = Arc::from("");
        let text = |texts: &Texts, ord: Option<u64>| {
            ord.and_then(|o| texts.get(&o).cloned().flatten())
                .unwrap_or_else(|| empty.clone())
        };
        raw.iter()
            .map(|&(speech, paragraph, section)| {
                (text(&speeches, speech), paragraph, text(&sections, section))
            })
            .collect()
    }
}

/// Low bits of a BM25 score that are let go before scores are compared.
/// Tantivy sums a paragraph's scores over the query's clauses in an order
/// that depends on how the index is cut into segments, so the same
/// paragraph may score a unit in the last place apart in two builds of the
/// same archive; on a grid of 2⁻¹⁰ of a score (0.1%), such scores are
/// equal, and rank by [`ContentKey`].
const SCORE_NOISE_BITS: u32 = 13;

/// `score` down to the grid of [`SCORE_NOISE_BITS`].
fn steady(score: f32) -> f32 {
    if score.is_finite() && score > 0.0 {
        f32::from_bits(score.to_bits() & !((1 << SCORE_NOISE_BITS) - 1))
    } else {
        score
    }
}

/// Best first; among equal scores, by [`ContentKey`].
fn by_score_then_key<K: Ord, T>(a: &(f32, K, T), b: &(f32, K, T)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

/// Every paragraph that scores at least `cut`, those of the cut's score
/// the first `keep` by [`ContentKey`]: the paragraphs tied at the end of a
/// page, all of them considered.
struct AtLeast<'c> {
    cut: f32,
    keep: usize,
    columns: &'c ColumnCache,
}

struct AtLeastInSegment {
    cut: f32,
    keep: usize,
    segment: u32,
    keys: KeyReader,
    /// Within one segment, term numbers stand in the order of their
    /// texts: the documents are kept by their raw keys, and only those
    /// kept get their texts.
    found: Vec<(f32, RawKey, tantivy::DocId)>,
}

impl AtLeastInSegment {
    fn trim(&mut self) {
        self.found.sort_by(by_score_then_key);
        self.found.truncate(self.keep);
    }
}

impl tantivy::collector::SegmentCollector for AtLeastInSegment {
    type Fruit = Vec<(f32, ContentKey, tantivy::DocAddress)>;

    fn collect(&mut self, doc: tantivy::DocId, score: tantivy::Score) {
        let score = steady(score);
        if score >= self.cut {
            let key = self.keys.raw(doc);
            self.found.push((score, key, doc));
            if self.found.len() >= 2 * self.keep.max(64) {
                self.trim();
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.trim();
        let segment = self.segment;
        let raw: Vec<RawKey> = self.found.iter().map(|f| f.1).collect();
        let keys = self.keys.keys(&raw);
        self.found
            .into_iter()
            .zip(keys)
            .map(|((s, _, doc), k)| (s, k, tantivy::DocAddress::new(segment, doc)))
            .collect()
    }
}

impl tantivy::collector::Collector for AtLeast<'_> {
    type Fruit = Vec<(f32, ContentKey, tantivy::DocAddress)>;
    type Child = AtLeastInSegment;

    fn for_segment(
        &self,
        segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<AtLeastInSegment> {
        Ok(AtLeastInSegment {
            cut: self.cut,
            keep: self.keep,
            segment,
            keys: KeyReader::new(self.columns, reader),
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all: Self::Fruit = fruits.into_iter().flatten().collect();
        all.sort_by(by_score_then_key);
        all.truncate(self.keep);
        Ok(all)
    }
}

/// Paragraphs taken past the last one asked for (or a sixteenth of those
/// asked for, when that is more), so that the paragraphs tied with it are
/// seldom more than were taken (see [`top_by_score`]).
const TIE_ROOM: usize = 64;

/// The paragraphs `query` finds ranked `offset..offset + limit` by score
/// (on the grid of [`SCORE_NOISE_BITS`], which is the score returned),
/// and, when `count`, how many it finds in all (else 0). Paragraphs of
/// equal score rank by [`ContentKey`], so that the same archive gives the
/// same page however its index was built: BM25's first `offset + limit`
/// and a few more ([`TIE_ROOM`]) come first, and only when the paragraphs
/// tied with the last of the page run past them is the query run again to
/// read them all.
pub fn top_by_score(
    searcher: &tantivy::Searcher,
    columns: &ColumnCache,
    query: &dyn tantivy::query::Query,
    offset: usize,
    limit: usize,
    count: bool,
) -> tantivy::Result<(usize, Vec<(f32, tantivy::DocAddress)>)> {
    use tantivy::collector::{Count, TopDocs};
    let want = offset.saturating_add(limit);
    if want == 0 {
        let total = if count {
            searcher.search(query, &Count)?
        } else {
            0
        };
        return Ok((total, Vec::new()));
    }
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let room = want
        .saturating_add(TIE_ROOM.max(want / 16))
        .min(docs.max(1));
    let first = TopDocs::with_limit(room).order_by_score();
    let (total, mut top) = if count {
        searcher.search(query, &(Count, first))?
    } else {
        (0, searcher.search(query, &first)?)
    };
    // The paragraphs tied with the last of the page are all here when one
    // after them scores less: every paragraph not taken scores no more
    // than the last taken. Those past the tie are not needed.
    let tied = top.len() > want && {
        let cut = steady(top[want - 1].0);
        match top[want..].iter().position(|&(s, _)| steady(s) < cut) {
            Some(end) => {
                top.truncate(want + end);
                false
            }
            // All tied to the end: more may tie unless every match is here.
            None => top.len() == room && room < docs && !(count && total <= room),
        }
    };
    let mut keyed: Vec<(f32, ContentKey, tantivy::DocAddress)> = if tied {
        searcher.search(
            query,
            &AtLeast {
                cut: steady(top[want - 1].0),
                keep: want,
                columns,
            },
        )?
    } else {
        // Only paragraphs that tie with a neighbour need their key: the
        // others are ordered by score alone (reading a key reads a block
        // of the speeches' column).
        let mut scored: Vec<(f32, tantivy::DocAddress)> =
            top.into_iter().map(|(s, a)| (steady(s), a)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut keyed: Vec<(f32, ContentKey, tantivy::DocAddress)> = scored
            .iter()
            .map(|&(score, addr)| (score, ContentKey::default(), addr))
            .collect();
        // The places of the tied paragraphs, segment by segment.
        let mut tied: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        let mut at = 0;
        for run in scored.chunk_by(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                for (i, &(_, addr)) in run.iter().enumerate() {
                    tied.entry(addr.segment_ord).or_default().push(at + i);
                }
            }
            at += run.len();
        }
        for (segment, places) in tied {
            let reader = KeyReader::new(columns, searcher.segment_reader(segment));
            let raw: Vec<RawKey> = places
                .iter()
                .map(|&i| reader.raw(keyed[i].2.doc_id))
                .collect();
            for (i, key) in places.into_iter().zip(reader.keys(&raw)) {
                keyed[i].1 = key;
            }
        }
        keyed
    };
    keyed.sort_by(by_score_then_key);
    keyed.truncate(want);
    Ok((
        total,
        keyed
            .into_iter()
            .skip(offset)
            .map(|(score, _, addr)| (score, addr))
            .collect(),
    ))
}

/// The sentences of a paragraph (each with its closing marks), as
/// [`crate::text::sentence_texts`] cuts them.
pub fn sentences(text: &str) -> Vec<&str> {
    crate::text::sentence_texts(text)
}

/// The text features of one paragraph for the themes of a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    /// The share of the themes' concepts the paragraph holds, each concept
    /// weighted by its rarity when weights are given.
    pub coverage: f32,
    /// Separate places that speak of the theme.
    pub mentions: usize,
    pub exact: bool,
    /// Distinct related expressions the paragraph holds.
    pub related: usize,
}

/// BM25 (k1 1.2, b 0.75) over a theme's search-mode words: every word of
/// the dictionary inside the theme, so the meaningful parts of a compound
/// (信用 and 体系 in 社会信用体系建设) count with their rarity, as an index
/// of search-mode words (IK's `ik_max_word`) weighs them.
#[derive(Debug, Clone, Default)]
pub struct WordLayer {
    /// Each word with its IDF.
    words: Vec<(String, f32)>,
    /// The words, to count in one pass over a paragraph.
    needles: Needles,
    /// The average paragraph's length in word characters.
    avg_len: f32,
    /// The score of a paragraph holding every word very often: scores are
    /// relative to it, between 0 and 1.
    norm: f32,
}

const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

impl WordLayer {
    /// The layer of `words` (folded, see [`crate::text::fold`]), each with the number of
    /// paragraphs it stands in, out of `docs` paragraphs `avg_len` word
    /// characters long on average.
    pub fn new(words: Vec<(String, u64)>, docs: u64, avg_len: f32) -> Self {
        let n = docs as f32;
        let words: Vec<(String, f32)> = words
            .into_iter()
            .map(|(w, df)| {
                let df = df as f32;
                (w, (1.0 + (n - df + 0.5) / (df + 0.5)).ln())
            })
            .collect();
        let norm = words.iter().map(|(_, idf)| idf).sum::<f32>() * (BM25_K1 + 1.0);
        let needles = Needles::new(&words.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>());
        Self {
            words,
            needles,
            avg_len: avg_len.max(1.0),
            norm,
        }
    }

    /// The score of a paragraph (folded), between 0 and 1.
    pub fn score(&self, lower: &str) -> f32 {
        if self.norm <= 0.0 {
            return 0.0;
        }
        let len = lower
            .chars()
            .filter(|c| crate::analysis::is_word_char(*c))
            .count() as f32;
        let k = BM25_K1 * (1.0 - BM25_B + BM25_B * len / self.avg_len);
        let sum: f32 = self
            .words
            .iter()
            .zip(self.needles.counts_in(&crate::text::Folded::already(lower)))
            .map(|((_, idf), tf)| {
                let tf = tf as f32;
                idf * tf * (BM25_K1 + 1.0) / (tf + k)
            })
            .sum();
        sum / self.norm
    }
}

/// How the evidence of a theme's candidate adds up (fitted on the
/// development half of the relevance evaluation by coordinate ascent of
/// nDCG@10 + 0.5 × paraphrase recall@20, see BENCHMARKS.md): BM25 over
/// the search-mode words counts 1.
const OWN_WEIGHT: f32 = 0.4;
/// The weight of the theme's mentions (see [`Features::mentions`]).
const MENTIONS_WEIGHT: f32 = 0.1;
/// The weight of the related expressions held (see [`Features::related`]).
const RELATED_WEIGHT: f32 = 0.2;

/// The final score of a theme's candidate: a weighted sum of its
/// search-mode words' BM25 (`words`, see [`WordLayer`]), its re-scored
/// score (`own`, see [`score`]), its mentions of the theme and the
/// related expressions it holds. Each part lies between 0 and about 1 and
/// depends on the paragraph alone, so scores compare across windows of
/// candidates and keep a spread the ordering for diversity can weigh.
pub fn combine(words: f32, own: f32, features: Option<Features>) -> f32 {
    let Some(f) = features else {
        return own;
    };
    let mentions = f.mentions.min(MENTIONS_FULL) as f32 / MENTIONS_FULL as f32;
    let related = f.related.min(RELATED_FULL) as f32 / RELATED_FULL as f32;
    words + OWN_WEIGHT * own + MENTIONS_WEIGHT * mentions + RELATED_WEIGHT * related
}

/// Mentions that count in full.
const MENTIONS_FULL: usize = 4;
/// Related expressions that stand for the whole theme.
const RELATED_FULL: usize = 2;
/// How much of the theme related expressions can stand for.
const RELATED_COVER: f32 = 0.8;

/// Measure a paragraph against the query's themes; `None` when the query
/// has no theme. `weights` weigh the themes' concepts in order (all
/// concepts of the first theme, then the next): a missing concept that is
/// rare in the archive (量子 in 量子计算机) costs more than a common one.
/// Without weights, every concept weighs the same.
pub fn features(text: &str, wanted: &Wanted, weights: &[f32]) -> Option<Features> {
    features_of_lower(&crate::text::fold(text), wanted, weights)
}

/// [`features`] of a text already folded ([`crate::text::fold`]).
pub fn features_of_lower(lower: &str, wanted: &Wanted, weights: &[f32]) -> Option<Features> {
    features_with(lower, wanted, weights, &mention_needles(wanted))
}

/// What counts as a mention of the query's themes (see
/// [`Features::mentions`]): each theme as typed, its concepts' words and
/// their parts, and the related expressions that match. Feedback words
/// only re-weigh (see super::expand): they say nothing of whether a
/// paragraph is about the theme.
pub fn mention_needles(wanted: &Wanted) -> Needles {
    let mut needles: Vec<String> = Vec::new();
    for (typed, concepts) in &wanted.themes {
        needles.push(crate::text::fold(typed).into_owned());
        for c in concepts {
            needles.push(c.word.clone());
            needles.extend(c.parts.iter().cloned());
        }
    }
    needles.extend(
        wanted
            .related
            .iter()
            .filter(|r| r.matches())
            .map(|r| r.word.clone()),
    );
    Needles::new(&needles)
}

/// [`features_of_lower`] with the query's [`mention_needles`] made once.
pub fn features_with(
    lower: &str,
    wanted: &Wanted,
    weights: &[f32],
    mentions: &Needles,
) -> Option<Features> {
    if wanted.themes.is_empty() {
        return None;
    }
    let (mut covered, mut total) = (0f32, 0f32);
    let mut exact = false;
    let mut i = 0;
    for (typed, concepts) in &wanted.themes {
        exact |= lower.contains(crate::text::fold(typed).as_ref());
        for c in concepts {
            let w = weights.get(i).copied().unwrap_or(1.0);
            i += 1;
            total += w;
            if c.held_in(lower) {
                covered += w;
            }
        }
    }
    let related = wanted
        .related
        .iter()
        .filter(|r| r.matches() && lower.contains(r.word.as_str()))
        .count();
    let mentions = mentions
        .find_all_in(&crate::text::Folded::already(lower))
        .len();
    let coverage = if total <= 0.0 {
        f32::from(u8::from(exact))
    } else {
        covered / total
    };
    Some(Features {
        coverage,
        mentions,
        exact,
        related,
    })
}

/// The final score of a candidate from its BM25 score (relative to the best
/// candidate's) and its features.
///
/// Literal: `BM25 / best × (0.5 + 0.5 × coverage) × (0.4 + 0.6 ×
/// mentions) + 0.1 × exact`.
///
/// Expanded (related expressions searched too): `sqrt(BM25 / best) ×
/// (0.3 + 0.7 × about) × (0.4 + 0.6 × mentions) + 0.05 × exact`, where
/// `about` is the larger of the coverage and what the related expressions
/// held stand for (up to 0.8 with two of them): a paragraph that says the
/// theme in other words ranks with those that use its words, and the square
/// root keeps BM25's long tail from deciding alone.
pub fn score(bm25: f32, best: f32, features: Option<Features>, expanded: bool) -> f32 {
    let Some(f) = features else {
        return bm25;
    };
    let base = if best > 0.0 { bm25 / best } else { 0.0 };
    let mentions = f.mentions.min(MENTIONS_FULL) as f32 / MENTIONS_FULL as f32;
    if !expanded {
        return base * (0.5 + 0.5 * f.coverage) * (0.4 + 0.6 * mentions)
            + if f.exact { 0.1 } else { 0.0 };
    }
    let related = f.related.min(RELATED_FULL) as f32 / RELATED_FULL as f32 * RELATED_COVER;
    let about = f.coverage.max(related);
    base.sqrt() * (0.3 + 0.7 * about) * (0.4 + 0.6 * mentions) + if f.exact { 0.05 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::Concept;

    fn wanted() -> Wanted {
        Wanted {
            phrases: vec![],
            themes: vec![(
                "密切联系群众".into(),
                vec![
                    Concept {
                        word: "密切".into(),
                        parts: vec![],
                    },
                    Concept {
                        word: "联系群众".into(),
                        parts: vec!["联系".into(), "群众".into()],
                    },
                ],
            )],
            related: vec![],
            dropped: vec![],
        }
    }

    #[test]
    fn sentences_keep_their_marks() {
        assert_eq!(
            sentences("一要学习。二要实践！三"),
            vec!["一要学习。", "二要实践！", "三"]
        );
        assert!(sentences("").is_empty());
    }

    #[test]
    fn arguing_beats_listing() {
        let arguing =
            "要密切联系群众。群众的呼声就是我们的方向。代表要经常联系群众，倾听群众意见。";
        let listing = "坚持依法履职、密切联系群众、加强自身建设、严格遵守纪律、认真学习理论、勇于担当作为。\
                       会议还研究了其他事项。会议通过了决议。会议选举了主任。";
        let a = features(arguing, &wanted(), &[]).unwrap();
        let l = features(listing, &wanted(), &[]).unwrap();
        assert!(a.mentions > l.mentions, "{a:?} {l:?}");
        assert!(score(1.0, 1.0, Some(a), false) > score(1.0, 1.0, Some(l), false));
    }

    #[test]
    fn the_parts_of_the_evidence_add_up() {
        let f = |mentions, related| Features {
            coverage: 1.0,
            mentions,
            exact: false,
            related,
        };
        let plain = combine(0.5, 0.5, Some(f(1, 0)));
        // More mentions, a related expression, more of the rare words and
        // a better re-scored score each count.
        assert!(combine(0.5, 0.5, Some(f(4, 0))) > plain);
        assert!(combine(0.5, 0.5, Some(f(1, 1))) > plain);
        assert!(combine(0.6, 0.5, Some(f(1, 0))) > plain);
        assert!(combine(0.5, 0.6, Some(f(1, 0))) > plain);
        // Past what counts in full, no more.
        assert_eq!(
            combine(0.5, 0.5, Some(f(9, 7))),
            combine(0.5, 0.5, Some(f(4, 2)))
        );
        // The words weigh most: held often, they outweigh a related
        // expression.
        assert!(combine(0.8, 0.5, Some(f(1, 0))) > combine(0.5, 0.5, Some(f(1, 2))));
        // No theme: the score as it is.
        assert_eq!(combine(0.3, 0.7, None), 0.7);
    }

    #[test]
    fn rare_words_held_often_score_more_and_scores_stay_under_one() {
        let layer = WordLayer::new(
            vec![("信用".into(), 80), ("建设".into(), 3400)],
            16_000,
            110.0,
        );
        let rare = layer.score("加快社会信用体系建设，守信激励、失信惩戒，信用记录。");
        let common = layer.score("加强基础设施建设，推进新型城镇化建设，建设美丽乡村。");
        assert!(rare > common, "{rare} {common}");
        assert!(rare > 0.0 && rare < 1.0);
        assert_eq!(layer.score("会议通过了决议。"), 0.0);
        assert_eq!(WordLayer::default().score("信用"), 0.0);
    }

    #[test]
    fn a_paraphrase_covers_the_theme() {
        let f = features("代表要密切同人民群众的联系。", &wanted(), &[]).unwrap();
        assert_eq!(f.coverage, 1.0);
        assert!(!f.exact);
    }
}
