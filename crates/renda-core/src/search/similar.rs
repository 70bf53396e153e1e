//! More like this: the paragraphs that say what a given paragraph says, in
//! other words.
//!
//! - **Source.** An indexed paragraph, named by its file (the path as
//!   indexed, relative to the corpus folder; a longer path that ends with
//!   it, or a unique trailing part of it, also works) and its number
//!   ([`locate`]), or any text ([`Source::text`]).
//! - **Query.** The source is cut into words with the index's jieba
//!   dictionary. Words of one character, stop-words ([`is_stop_word`]:
//!   pronouns, connectives and the stock adverbs of speeches), and words
//!   without a letter (numbers, percentages) are dropped. Each remaining
//!   word is weighted by `(1 + ln tf) × idf`, with `tf` its count in the
//!   source and `idf` Tantivy's BM25 idf over the paragraphs of the index;
//!   words no other paragraph holds are dropped. The [`MAX_WORDS`] heaviest
//!   ([`distinctive_words`]) make a query: any of them, each boosted by
//!   `1 + ln tf`, and a paragraph must hold at least
//!   `clamp(ceil(n / 5), 1, 3)` of the `n` words. Paragraphs rank by BM25;
//!   the score shown is BM25 over the best one's.
//! - **Not shown.** Headings, the source paragraph itself, and — unless
//!   copies are asked for — its **copies** ([`CopyCheck`]): paragraphs
//!   that repeat the source, or one of its sentences, with small edits
//!   (the Jaccard similarity over character 3-grams of
//!   [`near_duplicates`](super::near_duplicates), at least
//!   [`THRESHOLD`]), either as a whole paragraph or sentence by sentence
//!   for sentences of at least [`MIN_COPY_CHARS`] characters; or that
//!   hold it within a longer one (nine tenths of the source's 3-grams in
//!   one of the paragraph's sentences, or in the paragraph). A paragraph
//!   that copies one long sentence of the source says the same thing in
//!   the *same* words, which `renda search` already finds. The results'
//!   own near-copies are folded as in a search, in fixed blocks of
//!   candidates, so that pages of any size show the same families
//!   ([`super::Families`]).
//! - **Total.** The paragraphs that hold enough of the words, less the
//!   copies found among the best candidates.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::time::{Duration, Instant};

use jieba_rs::Jieba;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::near_duplicates::{THRESHOLD, jaccard, normalise, shingle_set};
use super::query::Filters;
use super::{Hit, SearchError, SearchResult, snippet};
use crate::analysis;
use crate::index::{Fields, RendaIndex, reader};
use crate::text::sentence_texts as sentences;

/// How many words of the source make the query, at most.
pub const MAX_WORDS: usize = 16;

/// Sentences shorter than this (in characters, punctuation left out) do not
/// make a paragraph a copy of the source on their own: a shared slogan such
/// as 人民选我当代表 is not a copied paragraph.
pub const MIN_COPY_CHARS: usize = 15;

/// Candidates looked at, at least, for copies and folding.
const DEPTH: usize = 100;

/// Most paragraphs of a draft compared with the archive: a speech has tens
/// to a few hundred; the rest of a longer file is left out, and said so.
pub const MAX_DRAFT_PARAGRAPHS: usize = 2000;

/// Time after which no further paragraph of a draft is begun.
pub const DRAFT_TIME: Duration = Duration::from_secs(60);

/// How much of a draft is compared with the archive, at most: its first
/// `paragraphs` paragraphs, and those begun within `time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftBounds {
    pub paragraphs: usize,
    pub time: Duration,
}

impl Default for DraftBounds {
    fn default() -> Self {
        DraftBounds {
            paragraphs: MAX_DRAFT_PARAGRAPHS,
            time: DRAFT_TIME,
        }
    }
}

impl DraftBounds {
    /// Why the paragraph `done` (counted from 0) of a draft is not begun,
    /// if it is not, the work having started at `start`: the first is
    /// always begun.
    pub fn stop(&self, done: usize, start: Instant) -> Option<Cut> {
        if done >= self.paragraphs {
            Some(Cut::Paragraphs)
        } else if done > 0 && start.elapsed() >= self.time {
            Some(Cut::Time)
        } else {
            None
        }
    }
}

/// Why the rest of a draft was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cut {
    /// The draft has more than [`DraftBounds::paragraphs`].
    Paragraphs,
    /// [`DraftBounds::time`] was up.
    Time,
}

/// How many paragraphs of a draft were compared, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Considered {
    /// The first `checked` paragraphs were compared.
    pub checked: usize,
    /// The draft's paragraphs.
    pub total: usize,
    /// Why the others were not, if some were not.
    pub cut: Option<Cut>,
}

/// Longest excerpt of a `--text` source in the result's label.
const LABEL_CHARS: usize = 20;

/// Words that say nothing about what a paragraph is about.
const STOP_WORDS: &[&str] = &[
    "我们",
    "你们",
    "他们",
    "大家",
    "自己",
    "各位",
    "同志",
    "同志们",
    "这个",
    "那个",
    "这些",
    "那些",
    "这样",
    "那样",
    "这种",
    "一个",
    "一些",
    "一是",
    "二是",
    "三是",
    "四是",
    "一要",
    "二要",
    "三要",
    "四要",
    "以及",
    "并且",
    "而且",
    "同时",
    "或者",
    "还是",
    "就是",
    "但是",
    "因为",
    "所以",
    "如果",
    "虽然",
    "已经",
    "进一步",
    "不断",
    "通过",
    "对于",
    "关于",
    "其中",
    "方面",
    "等等",
    "今天",
    "目前",
    "当前",
    "其他",
    "一定",
    "必须",
    "切实",
    "认真",
    "积极",
    "努力",
    "充分",
    "更加",
    "更好",
    "始终",
    "全面",
    "深入",
    "真正",
    "自觉",
    "不是",
    "没有",
    "可以",
    "能够",
    "应当",
    "什么",
    "怎么",
    "为了",
    "之一",
];

/// Whether `word` is a stop-word: a pronoun, connective or stock adverb of
/// speeches (我们, 以及, 进一步, 切实, …).
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// What to find paragraphs like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How the result names it: `file ¶n`, or the start of the text.
    pub label: String,
    pub text: String,
    /// The indexed paragraph (file as indexed, number), if it is one.
    pub at: Option<(String, usize)>,
}

impl Source {
    /// A source given as text rather than as an indexed paragraph.
    pub fn text(text: &str) -> Result<Source, SimilarError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SimilarError::EmptyText);
        }
        let mut label: String = text
            .chars()
            .take(LABEL_CHARS)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if text.chars().nth(LABEL_CHARS).is_some() {
            label.push('…');
        }
        Ok(Source {
            label: format!("“{label}”"),
            text: text.to_string(),
            at: None,
        })
    }
}

/// Why paragraphs like a source could not be found.
#[derive(Debug, thiserror::Error)]
pub enum SimilarError {
    #[error("no speech '{given}' in the index (e.g. '{example}')")]
    NoFile { given: String, example: String },
    #[error("'{given}' could be any of {}", candidates.join(", "))]
    Ambiguous {
        given: String,
        candidates: Vec<String>,
    },
    #[error("{file} has no paragraph {paragraph}: its paragraphs are numbered 1 to {last}")]
    NoParagraph {
        file: String,
        paragraph: usize,
        last: usize,
    },
    #[error("the text to compare is empty")]
    EmptyText,
    #[error("{0} has no words to compare")]
    NoWords(String),
    #[error(transparent)]
    Search(#[from] SearchError),
}

fn tantivy_error(idx: &RendaIndex) -> impl Fn(tantivy::TantivyError) -> SimilarError + '_ {
    move |source| {
        SimilarError::Search(SearchError::Tantivy {
            path: idx.path.display().to_string(),
            source,
        })
    }
}

/// The file paths the index holds, sorted.
pub fn indexed_files(idx: &RendaIndex) -> Result<Vec<String>, SimilarError> {
    let fail = tantivy_error(idx);
    let searcher = idx.searcher().map_err(SearchError::from)?;
    let mut files = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(idx.fields.file).map_err(&fail)?;
        let mut stream = inverted.terms().stream().map_err(|e| fail(e.into()))?;
        while stream.advance() {
            if let Ok(name) = std::str::from_utf8(stream.key()) {
                files.insert(name.to_string());
            }
        }
    }
    Ok(files.into_iter().collect())
}

/// The indexed file `given` names: the same path; else the longest indexed
/// path that `given` ends with (`~/讲话稿/county/a.txt` for `county/a.txt`);
/// else the one indexed path that ends with `given` (`a.txt` for
/// `county/a.txt`). Backslashes count as slashes and a leading `./` is
/// ignored.
pub fn resolve_file(given: &str, files: &[String]) -> Result<String, SimilarError> {
    let normal = given.trim().replace('\\', "/");
    let mut path = normal.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    if let Some(f) = files.iter().find(|f| f.as_str() == path) {
        return Ok(f.clone());
    }
    let within = |long: &str, short: &str| {
        long.len() > short.len()
            && long.ends_with(short)
            && long[..long.len() - short.len()].ends_with('/')
    };
    if let Some(f) = files
        .iter()
        .filter(|f| !f.is_empty() && within(path, f))
        .max_by_key(|f| f.len())
    {
        return Ok(f.clone());
    }
    let longer: Vec<&String> = if path.is_empty() {
        Vec::new()
    } else {
        files.iter().filter(|f| within(f, path)).collect()
    };
    match longer.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(SimilarError::NoFile {
            given: given.to_string(),
            example: files.first().cloned().unwrap_or_default(),
        }),
        many => Err(SimilarError::Ambiguous {
            given: given.to_string(),
            candidates: many.iter().map(|f| f.to_string()).collect(),
        }),
    }
}

/// The indexed file that a path on disk is, if it names one by its own
/// path or by a path that ends with it (`~/讲话稿/county/a.txt` for
/// `county/a.txt`); not by a shorter trailing part, which may be another
/// file of the same name.
pub fn indexed_as(given: &str, files: &[String]) -> Option<String> {
    let found = resolve_file(given, files).ok()?;
    let normal = given.trim().replace('\\', "/");
    let path = normal.trim_start_matches("./");
    (path == found || path.ends_with(&format!("/{found}"))).then_some(found)
}

/// The indexed paragraph `paragraph` (numbered from 1) of the speech `file`
/// (see [`resolve_file`]).
pub fn locate(idx: &RendaIndex, file: &str, paragraph: usize) -> Result<Source, SimilarError> {
    let fail = tantivy_error(idx);
    let files = indexed_files(idx)?;
    let name = resolve_file(file, &files)?;
    let searcher = idx.searcher().map_err(SearchError::from)?;
    let mut hits_of = reader::HitReader::new(&searcher, idx);
    let query = TermQuery::new(
        Term::from_field_text(idx.fields.file, &name),
        IndexRecordOption::Basic,
    );
    let docs = searcher.search(&query, &DocSetCollector).map_err(&fail)?;
    let mut last = None;
    for addr in docs {
        let hit = hits_of.hit(addr, 0.0).map_err(&fail)?;
        if paragraph > 0 && hit.paragraph == paragraph {
            return Ok(Source {
                label: format!("{name} ¶{paragraph}"),
                text: hit.text,
                at: Some((name, paragraph)),
            });
        }
        last = last.max(Some(hit.paragraph));
    }
    match last {
        // Only terms of deleted documents were left of the file.
        None => Err(SimilarError::NoFile {
            given: file.to_string(),
            example: files.first().cloned().unwrap_or_default(),
        }),
        Some(last) => Err(SimilarError::NoParagraph {
            file: name,
            paragraph,
            last,
        }),
    }
}

/// A word of the source and its weight in the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// Times it occurs in the source.
    pub tf: usize,
    /// `(1 + ln tf) × idf`.
    pub weight: f32,
}

/// Tantivy's BM25 idf.
fn idf(doc_freq: u64, num_docs: u64) -> f32 {
    let (df, n) = (doc_freq as f32, num_docs.max(doc_freq) as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The at most `max` most distinctive words of `text` (see the module
/// docs), heaviest first (ties in code-point order). `doc_freq` tells in
/// how many of the `num_docs` paragraphs a word occurs; words in fewer than
/// `min_doc_freq` are dropped (2 for an indexed source, which holds its
/// words itself; 1 for a text).
pub fn distinctive_words(
    text: &str,
    jieba: &Jieba,
    mut doc_freq: impl FnMut(&str) -> u64,
    num_docs: u64,
    min_doc_freq: u64,
    max: usize,
) -> Vec<Word> {
    let mut tf: HashMap<String, usize> = HashMap::new();
    for token in analysis::words(text, jieba) {
        let w = token.text;
        if w.chars().count() < 2 || is_stop_word(&w) || !w.chars().any(char::is_alphabetic) {
            continue;
        }
        *tf.entry(w).or_default() += 1;
    }
    let mut words: Vec<Word> = tf
        .into_iter()
        .filter_map(|(text, tf)| {
            let df = doc_freq(&text);
            (df >= min_doc_freq.max(1)).then(|| Word {
                weight: (1.0 + (tf as f32).ln()) * idf(df, num_docs),
                text,
                tf,
            })
        })
        .collect();
    words.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.text.cmp(&b.text))
    });
    words.truncate(max);
    words
}

/// Tells whether a paragraph is a copy of the source (see the module docs).
pub struct CopyCheck {
    whole: HashSet<u64>,
    sentences: Vec<HashSet<u64>>,
}

impl CopyCheck {
    /// Cut the source once, to check many paragraphs against it.
    pub fn new(source: &str) -> Self {
        CopyCheck {
            whole: shingle_set(source),
            sentences: long_sentences(source),
        }
    }

    /// Whether `paragraph` repeats the source, as a whole or one of its
    /// long sentences, with small edits, or holds it within a longer one
    /// (the source is the first half of a sentence of the paragraph).
    pub fn is_copy(&self, paragraph: &str) -> bool {
        let copies = |mine: &HashSet<u64>, theirs: &HashSet<u64>| {
            jaccard(mine, theirs) >= THRESHOLD || held_in(mine, theirs) >= HELD_WITHIN
        };
        if copies(&self.whole, &shingle_set(paragraph)) {
            return true;
        }
        if self.sentences.is_empty() {
            return false;
        }
        let theirs = long_sentences(paragraph);
        self.sentences
            .iter()
            .any(|a| theirs.iter().any(|b| copies(a, b)))
    }
}

/// The share of the source's 3-grams (of a sentence at least
/// [`MIN_COPY_CHARS`] long) that a paragraph's sentence holds from which
/// the paragraph holds the source's sentence within a longer one.
const HELD_WITHIN: f64 = 0.9;

/// The share of `mine` (a text of at least [`MIN_COPY_CHARS`] shingles,
/// else 0) that `theirs` holds.
fn held_in(mine: &HashSet<u64>, theirs: &HashSet<u64>) -> f64 {
    if mine.len() < MIN_COPY_CHARS {
        return 0.0;
    }
    mine.intersection(theirs).count() as f64 / mine.len() as f64
}

/// The shingle sets of the sentences of at least [`MIN_COPY_CHARS`]
/// compared characters.
fn long_sentences(text: &str) -> Vec<HashSet<u64>> {
    sentences(text)
        .into_iter()
        .filter(|s| normalise(s).len() >= MIN_COPY_CHARS)
        .map(shingle_set)
        .collect()
}

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub source: Source,
    pub filters: Filters,
    /// How many results.
    pub limit: usize,
    /// How many results to skip first (for the next page).
    pub offset: usize,
    /// Keep the source's copies among the results.
    pub include_copies: bool,
}

/// How many of `n` words a paragraph must hold.
fn required(n: usize) -> usize {
    n.div_ceil(5).clamp(1, 3)
}

/// Paragraphs numbered `lo..=hi` (`None`: no upper bound).
fn paragraphs(f: Fields, lo: usize, hi: Option<usize>) -> Box<dyn Query> {
    let term = |n: usize| Term::from_field_u64(f.paragraph, n as u64);
    let upper = hi.map_or(Bound::Unbounded, |n| Bound::Included(term(n)));
    Box::new(RangeQuery::new(Bound::Included(term(lo)), upper))
}

/// The query for `words`, restricted to paragraphs other than the source.
fn build_query(
    f: Fields,
    words: &[Word],
    source: &Source,
    filters: &Filters,
) -> Result<Box<dyn Query>, SearchError> {
    let clauses: Vec<Box<dyn Query>> = words
        .iter()
        .map(|w| {
            let boost = 1.0 + (w.tf as f32).ln();
            Ok(Box::new(BoostQuery::new(
                analysis::exact_phrase_query(f.text, &w.text)?,
                boost,
            )) as Box<dyn Query>)
        })
        .collect::<Result<_, tantivy::TantivyError>>()
        .map_err(|e| SearchError::Query(e.into()))?;
    let any = BooleanQuery::union_with_minimum_required_clauses(clauses, required(words.len()));
    let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, Box::new(any)),
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(paragraphs(f, 1, None), 0.0)),
        ),
    ];
    if let Some((file, n)) = &source.at {
        let itself = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.file, file),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, paragraphs(f, *n, Some(*n))),
        ]);
        parts.push((Occur::MustNot, Box::new(itself)));
    }
    Ok(filters.apply(f, Box::new(BooleanQuery::new(parts)))?)
}

/// The source's distinctive words over the index.
fn words_of(idx: &RendaIndex, searcher: &Searcher, source: &Source) -> Vec<Word> {
    let jieba = idx.dictionary.jieba();
    let min_doc_freq = if source.at.is_some() { 2 } else { 1 };
    distinctive_words(
        &source.text,
        &jieba,
        // A word's bigrams are each in at least as many paragraphs as the
        // word: the rarest bounds the word's count from above.
        |w| {
            analysis::phrase_bigrams(w)
                .iter()
                .filter(|b| b.chars().all(analysis::is_word_char))
                .map(|b| {
                    searcher
                        .doc_freq(&Term::from_field_text(idx.fields.text, b))
                        .unwrap_or(0)
                })
                .min()
                .unwrap_or(0)
        },
        searcher.num_docs(),
        min_doc_freq,
        MAX_WORDS,
    )
}

/// The paragraphs most like the source, best first, near-copies among them
/// folded, as a search result named `similar: LABEL`.
pub fn similar(idx: &RendaIndex, req: &Request) -> Result<SearchResult, SimilarError> {
    similar_in(idx, req, None)
}

/// [`similar`], leaving out the paragraphs of the indexed file `exclude`.
fn similar_in(
    idx: &RendaIndex,
    req: &Request,
    exclude: Option<&str>,
) -> Result<SearchResult, SimilarError> {
    let fail = tantivy_error(idx);
    let searcher = idx.searcher().map_err(SearchError::from)?;
    let mut hits_of = reader::HitReader::new(&searcher, idx);
    let words = words_of(idx, &searcher, &req.source);
    if words.is_empty() {
        return Err(SimilarError::NoWords(req.source.label.clone()));
    }
    let mut query = build_query(idx.fields, &words, &req.source, &req.filters)?;
    if let Some(file) = exclude {
        query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(idx.fields.file, file),
                    IndexRecordOption::Basic,
                )),
            ),
        ]));
    }
    // Folded in fixed blocks of candidates, as a search is: pages of any
    // size show the same families (see [`super::Families`]).
    let page_end = req.offset.saturating_add(req.limit);
    let (count, first) = searcher
        .search(
            &query,
            &(Count, TopDocs::with_limit(DEPTH).order_by_score()),
        )
        .map_err(&fail)?;
    let best = first.first().map_or(0.0, |(s, _)| *s);
    let needles: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let copies = CopyCheck::new(&req.source.text);
    let mut excluded = 0;
    let mut families = super::Families::new(&super::query::Wanted::default());
    let mut top = first;
    for block in 0..super::FOLD_BLOCKS {
        if block > 0 {
            if families.hits.len() >= page_end || block * DEPTH >= count {
                break;
            }
            top = searcher
                .search(
                    &query,
                    &TopDocs::with_limit(DEPTH)
                        .and_offset(block * DEPTH)
                        .order_by_score(),
                )
                .map_err(&fail)?;
        }
        let last = top.len() < DEPTH;
        let mut hits: Vec<Hit> = Vec::with_capacity(top.len());
        for &(bm25, addr) in &top {
            super::cancel::check().map_err(SearchError::from)?;
            let mut hit = hits_of.hit(addr, 0.0).map_err(&fail)?;
            if !req.include_copies && copies.is_copy(&hit.text) {
                excluded += 1;
                continue;
            }
            hit.score = if best > 0.0 { bm25 / best } else { 0.0 };
            hit.matches = snippet::find_all(&hit.text, &needles);
            hits.push(hit);
        }
        super::sort(&mut hits);
        let read = hits.len();
        let added = families.add_block(hits);
        if last || (read > 0 && added == 0) {
            break;
        }
    }
    let hits = families
        .hits
        .into_iter()
        .skip(req.offset)
        .take(req.limit)
        .collect();
    Ok(SearchResult {
        left_out: Vec::new(),
        query: format!("similar: {}", req.source.label),
        total: count.saturating_sub(excluded),
        phrasings: None,
        unfolded: 0,
        hits,
        related: Vec::new(),
        dropped: Vec::new(),
    })
}

/// One paragraph of a draft and the archive's paragraphs like it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DraftParagraph {
    /// The paragraph's number in the draft (1-based, as `renda parse`
    /// numbers it).
    pub paragraph: usize,
    /// The heading of the draft's section it stands in.
    pub section: Option<String>,
    pub text: String,
    /// The archive's paragraphs like it: a page of them and their total,
    /// as for one paragraph (empty when the paragraph has no words to
    /// compare, see [`DraftParagraph::no_words`]).
    pub result: SearchResult,
    /// The paragraph has no words to compare (only short or common words,
    /// numbers or punctuation, or words no archive paragraph holds).
    pub no_words: bool,
}

/// What to look for, for each paragraph of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftRequest {
    pub filters: Filters,
    /// How many results per paragraph.
    pub limit: usize,
    /// How many results of each paragraph to skip first.
    pub offset: usize,
    /// Keep each paragraph's copies among its results.
    pub include_copies: bool,
    /// An indexed file whose paragraphs are left out of every result (the
    /// draft itself, when it is in the archive).
    pub exclude_file: Option<String>,
    /// How much of the draft is compared.
    pub bounds: DraftBounds,
}

/// A draft's paragraphs compared, and how many of them were.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftResult {
    pub paragraphs: Vec<DraftParagraph>,
    pub considered: Considered,
}

/// For each paragraph of `draft` (a speech read from a file outside the
/// index, e.g. by [`crate::ingest::read_draft`]), the paragraphs of the
/// archive most like it, as [`similar`] finds them for a text; within
/// [`DraftRequest::bounds`], the first paragraphs only.
pub fn draft(
    idx: &RendaIndex,
    draft: &crate::speech::Speech,
    req: &DraftRequest,
) -> Result<DraftResult, SimilarError> {
    let start = Instant::now();
    let total = draft.paragraphs.len();
    let mut out = Vec::with_capacity(total.min(req.bounds.paragraphs));
    let mut cut = None;
    for p in &draft.paragraphs {
        cut = req.bounds.stop(out.len(), start);
        if cut.is_some() {
            break;
        }
        let label = format!("{} ¶{}", draft.file, p.n);
        let source = Source {
            label: label.clone(),
            text: p.text.clone(),
            at: None,
        };
        let request = Request {
            source,
            filters: req.filters.clone(),
            limit: req.limit,
            offset: req.offset,
            include_copies: req.include_copies,
        };
        let (result, no_words) = match similar_in(idx, &request, req.exclude_file.as_deref()) {
            Ok(r) => (r, false),
            Err(SimilarError::NoWords(_)) => (
                SearchResult {
                    query: format!("similar: {label}"),
                    total: 0,
                    phrasings: None,
                    unfolded: 0,
                    hits: Vec::new(),
                    related: Vec::new(),
                    dropped: Vec::new(),
                    left_out: Vec::new(),
                },
                true,
            ),
            Err(e) => return Err(e),
        };
        out.push(DraftParagraph {
            paragraph: p.n,
            section: p.section.clone(),
            text: p.text.clone(),
            result,
            no_words,
        });
    }
    Ok(DraftResult {
        considered: Considered {
            checked: out.len(),
            total,
            cut,
        },
        paragraphs: out,
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    #[test]
    fn a_draft_is_begun_in_its_first_paragraphs_within_its_time() {
        let bounds = super::DraftBounds {
            paragraphs: 3,
            time: Duration::from_secs(3600),
        };
        let now = Instant::now();
        assert_eq!(bounds.stop(0, now), None);
        assert_eq!(bounds.stop(2, now), None);
        assert_eq!(bounds.stop(3, now), Some(super::Cut::Paragraphs));
        let over = super::DraftBounds {
            paragraphs: 3,
            time: Duration::ZERO,
        };
        // The first paragraph is always begun; once the time is up, no other.
        assert_eq!(over.stop(0, now), None);
        assert_eq!(over.stop(1, now), Some(super::Cut::Time));
        assert_eq!(over.stop(3, now), Some(super::Cut::Paragraphs));
    }

    use std::sync::{Arc, OnceLock};

    use super::*;

    fn jieba() -> Arc<Jieba> {
        static JIEBA: OnceLock<Arc<Jieba>> = OnceLock::new();
        JIEBA
            .get_or_init(|| crate::analysis::Dictionary::builtin().jieba())
            .clone()
    }

    fn files(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_is_found_by_its_path_or_a_path_around_it() {
        let f = files(&["a.txt", "county/2023/b.txt", "city/b.txt", "county/c.txt"]);
        assert_eq!(resolve_file("a.txt", &f).unwrap(), "a.txt");
        assert_eq!(resolve_file("./a.txt", &f).unwrap(), "a.txt");
        assert_eq!(resolve_file("/home/x/corpus/a.txt", &f).unwrap(), "a.txt");
        assert_eq!(
            resolve_file("corpus\\county\\c.txt", &f).unwrap(),
            "county/c.txt"
        );
        assert_eq!(resolve_file("c.txt", &f).unwrap(), "county/c.txt");
        assert_eq!(resolve_file("2023/b.txt", &f).unwrap(), "county/2023/b.txt");
        assert!(matches!(
            resolve_file("b.txt", &f),
            Err(SimilarError::Ambiguous { candidates, .. }) if candidates.len() == 2
        ));
        // A name must match whole path components.
        assert!(matches!(
            resolve_file("xa.txt", &f),
            Err(SimilarError::NoFile { .. })
        ));
        assert!(matches!(
            resolve_file("", &f),
            Err(SimilarError::NoFile { .. })
        ));
        assert!(matches!(
            resolve_file("a.txt", &[]),
            Err(SimilarError::NoFile { .. })
        ));
    }

    #[test]
    fn distinctive_words_skip_the_common_and_weigh_the_rare() {
        let text = "我们要熟练掌握法律法规，熟练掌握宪法。2023年的82.48%。";
        let df = |w: &str| match w {
            "法律法规" => 3,
            "宪法" => 10,
            "熟练掌握" => 2,
            _ => 50,
        };
        let words = distinctive_words(text, &jieba(), df, 100, 1, 16);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts[0], "熟练掌握", "{texts:?}");
        assert!(texts.contains(&"法律法规") && texts.contains(&"宪法"));
        assert!(!texts.contains(&"我们"), "stop-word kept: {texts:?}");
        assert!(texts.iter().all(|w| w.chars().count() >= 2));
        assert!(texts.iter().all(|w| w.chars().any(char::is_alphabetic)));
        assert_eq!(words[0].tf, 2);
        // Words only the source holds are dropped for an indexed source.
        let words = distinctive_words(text, &jieba(), |_| 1, 100, 2, 16);
        assert!(words.is_empty());
        assert_eq!(distinctive_words(text, &jieba(), df, 100, 1, 2).len(), 2);
        assert!(distinctive_words("", &jieba(), df, 100, 1, 16).is_empty());
    }

    #[test]
    fn a_copied_long_sentence_makes_a_copy_and_a_shared_slogan_does_not() {
        let source = "二要加强学习法律知识。熟练掌握法律法规、人大议事规则和工作程序是人大代表必备的基本功，也是履行好宪法和法律赋予各项职责的前提条件。要主动学法。";
        let check = CopyCheck::new(source);
        assert!(check.is_copy(source));
        let embedded = "大家都来自各行各业。人大代表是依法履职，熟练掌握法律法规、人民代表大会的议事规则和工作程序是人大代表必备的基本功，也是履行好宪法和法律赋予各项职责的前提条件。其他内容很多很多。";
        assert!(check.is_copy(embedded));
        let paraphrase = "要系统学习人大工作制度、程序，准确把握人大工作特点、要求和规律，明晰法定权限、熟知法定程序、善用法定权力。要主动学法。";
        assert!(!check.is_copy(paraphrase));
        assert!(!CopyCheck::new("").is_copy("人大代表"));
        // The first half of a sentence, copied: held within it.
        let sentence = "借召开常委会的机会，今天和大家召开一个座谈会，这次座谈会是区九届人大常委会年初代表工作计划确定的一项重要任务，目的是深入学习贯彻习近平总书记视察贵州重要讲话精神，进一步加强代表工作。";
        let half = "借召开常委会的机会，今天和大家召开一个座谈会，这次座谈会是区九届人大常委会年初代表工作计划确定的一项重要任务。";
        assert!(CopyCheck::new(half).is_copy(sentence));
        // A slogan the paragraph holds is no copy, however much of it.
        assert!(!CopyCheck::new("人民选我当代表").is_copy(sentence));
        assert!(
            !CopyCheck::new("人民选我当代表，我当代表为人民")
                .is_copy("我们要牢记人民选我当代表，我当代表为人民的初心，真正做到履职尽责。")
        );
    }

    #[test]
    fn required_words() {
        assert_eq!(
            [1, 2, 5, 6, 10, 11, 16].map(required),
            [1, 1, 1, 2, 2, 3, 3]
        );
    }

    #[test]
    fn a_text_source_is_named_by_its_start() {
        assert!(matches!(Source::text("  \n"), Err(SimilarError::EmptyText)));
        let s = Source::text(&"代表".repeat(30)).unwrap();
        assert_eq!(s.label.chars().count(), LABEL_CHARS + 3);
        assert!(s.at.is_none());
    }
}
