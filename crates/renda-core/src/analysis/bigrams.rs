//! Character bigrams: the exact-phrase layer.
//!
//! [`BigramTokenizer`] gives every *word char* of a text one token, at the
//! char's position (its index among the text's chars): the char and the
//! next one when that is a word char too, else the char and the sentinel
//! [`END`]. Word chars are letters and digits of any script (Han, Latin,
//! full-width, 〇); the rest — punctuation, spaces, symbols — are *gaps*:
//! they take a position but get no token, and no bigram spans them. A
//! token's chars are folded ([`crate::text::fold_char`]: capitals as small
//! letters, full-width letters and digits as ASCII), one char for one, so
//! that ＧＤＰ, GDP and gdp, or １９８７ and 1987, are the same terms; the
//! query's are folded alike. Offsets are the byte range of the token's
//! chars in the original text (for a sentinel token, the char alone).
//!
//! The positions make substring search exact:
//!
//! * a string `P` of two or more word chars occurs in `T` iff the terms of
//!   [`phrase_bigrams`]`(P)` occur in `T` at consecutive positions, which a
//!   `PhraseQuery` (or a `TermQuery` for a single bigram) checks — and it
//!   is enough to check the bigrams that cover `P` without overlapping
//!   (人民, 代表, 大会 at 0, 2, 4 for 人民代表大会; the last pair overlaps
//!   for an odd length), half as many posting lists to intersect;
//! * a single word char `c` occurs in `T` iff some term starting with `c`
//!   exists, since every word char starts a token: [`single_char_pattern`]
//!   is the `RegexQuery` pattern for that;
//! * a string with gaps is looked up by its word chars at their offsets
//!   (which narrows the candidates to the paragraphs holding its words in
//!   place), and each candidate's stored text is then checked for the
//!   string itself ([`Verified`]).
//!
//! [`exact_phrase_query`] picks the right query for any phrase. Leaving the
//! gaps out keeps a fifth of the text's bigrams out of the index.

use std::collections::HashMap;
use std::str::CharIndices;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::query::{
    AllQuery, BitSetDocSet, Bm25Weight, ConstScorer, EmptyQuery, EmptyScorer, EnableScoring,
    Explanation, PhraseQuery, Query, RegexQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::store::StoreReader;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyDocument, Term};

/// The sentinel that follows a word char with no word char after it
/// (U+E000, the first private-use char; itself a gap, never indexed).
pub const END: char = '\u{E000}';

/// Whether a char is part of the words of a text (a letter or a digit of
/// any script) rather than a gap between them.
pub fn is_word_char(c: char) -> bool {
    // The common case first: the CJK Unified Ideographs.
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
}

/// Tokenizer emitting character bigrams of word chars (see the module docs).
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    token: Token,
}

/// Token stream of [`BigramTokenizer`].
pub struct BigramTokenStream<'a> {
    chars: CharIndices<'a>,
    /// The char after the last token's first char, with its position.
    next: Option<(usize, char)>,
    /// The position of `next`.
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        self.token.reset();
        let mut chars = text.char_indices();
        let next = chars.next();
        BigramTokenStream {
            chars,
            next,
            at: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for BigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((from, first)) = self.next else {
                return false;
            };
            let position = self.at;
            self.next = self.chars.next();
            self.at += 1;
            if !is_word_char(first) {
                continue;
            }
            let (second, to) = match self.next {
                Some((offset, c)) if is_word_char(c) => (c, offset + c.len_utf8()),
                _ => (END, from + first.len_utf8()),
            };
            let token = &mut *self.token;
            token.position = position;
            token.offset_from = from;
            token.offset_to = to;
            token.text.clear();
            token.text.push(crate::text::fold_char(first));
            token.text.push(if second == END {
                END
            } else {
                crate::text::fold_char(second)
            });
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The query-side terms of a phrase of word chars: its overlapping bigrams,
/// without the sentinel, to be matched at consecutive positions.
///
/// Empty for a phrase of fewer than two chars: use
/// [`single_char_pattern`] for a single char.
pub fn phrase_bigrams(phrase: &str) -> Vec<String> {
    let chars: Vec<char> = phrase.chars().map(crate::text::fold_char).collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// A `RegexQuery` pattern matching every bigram term that starts with `c`,
/// i.e. every occurrence of the word char `c`.
///
/// `c` is escaped, and the second char may be anything, newline included.
pub fn single_char_pattern(c: char) -> String {
    let mut buf = [0u8; 4];
    let c = crate::text::fold_char(c);
    format!("{}(?s:.)", regex::escape(c.encode_utf8(&mut buf)))
}

/// The terms a phrase's word chars must have in a text that contains it,
/// each with its offset in the phrase: for each run of word chars, the
/// bigrams that cover it without overlapping (at the run's offsets 0, 2, 4,
/// …, and the run's last pair), which tie down every char of the run with
/// half the terms of all its bigrams; and a word char followed by a gap
/// with the sentinel. (A word char that ends the phrase may be followed by
/// anything in the text: it adds no term of its own.)
fn anchored_terms(field: Field, phrase: &str) -> Vec<(usize, Term)> {
    let chars: Vec<char> = phrase.chars().collect();
    let term = |a: char, b: char| {
        let mut text = String::with_capacity(8);
        text.push(a);
        text.push(b);
        Term::from_field_text(field, &text)
    };
    let mut terms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i]) {
            i += 1;
        }
        // The run is chars[start..i].
        let len = i - start;
        if len >= 2 {
            let mut k = 0;
            while k + 1 < len {
                terms.push((start + k, term(chars[start + k], chars[start + k + 1])));
                k += 2;
            }
            if len % 2 == 1 {
                terms.push((i - 2, term(chars[i - 2], chars[i - 1])));
            }
        }
        if i < chars.len() {
            terms.push((i - 1, term(chars[i - 1], END)));
        }
    }
    terms
}

/// The query finding the texts of `field` (bigrams, stored) that contain
/// `phrase` exactly: a `PhraseQuery` over the bigrams covering it for three
/// word chars or more, a `TermQuery` for two, a `RegexQuery` of
/// [`single_char_pattern`] for one, an `EmptyQuery` (matching nothing) for
/// the empty phrase; a phrase with gaps is looked up by its word chars and
/// checked against each candidate's stored text.
pub fn exact_phrase_query(field: Field, phrase: &str) -> tantivy::Result<Box<dyn Query>> {
    exact_phrase_query_in(field, phrase, None)
}

/// [`exact_phrase_query`], a phrase of three word chars or more matched
/// once per segment for every query built with `memo` ([`PhraseMemo`]).
pub fn exact_phrase_query_in(
    field: Field,
    phrase: &str,
    memo: Option<&PhraseMemo>,
) -> tantivy::Result<Box<dyn Query>> {
    if phrase.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    // The index holds its bigrams folded: so is what is looked up.
    let phrase = crate::text::fold(phrase);
    let phrase = phrase.as_ref();
    let gaps = phrase.chars().any(|c| !is_word_char(c));
    let mut terms = anchored_terms(field, phrase);
    let candidates: Box<dyn Query> = match terms.len() {
        0 => match phrase.chars().find(|c| is_word_char(*c)) {
            Some(c) => Box::new(OneChar::new(field, c)?),
            None => Box::new(AllQuery),
        },
        1 => Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        )),
        _ => match memo {
            Some(memo) => Box::new(memo.phrase(terms)),
            None => Box::new(PhraseQuery::new_with_offset(terms)),
        },
    };
    Ok(if gaps {
        Box::new(Verified {
            candidates,
            field,
            phrase: Arc::from(phrase),
        })
    } else {
        candidates
    })
}

/// The documents holding a word char: the union of the postings of every
/// bigram it starts ([`single_char_pattern`]). Tantivy gathers them into a
/// set of the segment's documents each time a scorer is asked for, and a
/// theme asks for one in each of its conjunctions ([`Query::box_clone`]
/// shares the sets): a set is gathered once per segment for the query and
/// its clones. Scores are the boost, as a `RegexQuery`'s.
#[derive(Debug, Clone)]
pub struct OneChar {
    regex: RegexQuery,
    sets: Arc<Mutex<HashMap<SegmentId, Arc<BitSet>>>>,
}

impl OneChar {
    fn new(field: Field, c: char) -> tantivy::Result<Self> {
        Ok(Self {
            regex: RegexQuery::from_pattern(&single_char_pattern(c), field)?,
            sets: Arc::default(),
        })
    }
}

impl Query for OneChar {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(OneCharWeight {
            regex: self.regex.weight(enable_scoring)?,
            sets: self.sets.clone(),
        }))
    }
}

struct OneCharWeight {
    regex: Box<dyn Weight>,
    sets: Arc<Mutex<HashMap<SegmentId, Arc<BitSet>>>>,
}

impl OneCharWeight {
    fn set(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let id = reader.segment_id();
        let lock = || self.sets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(set) = lock().get(&id) {
            return Ok(set.clone());
        }
        let mut docs = self.regex.scorer(reader, 1.0)?;
        let mut set = BitSet::with_max_value(reader.max_doc());
        let mut doc = docs.doc();
        while doc != TERMINATED {
            set.insert(doc);
            doc = docs.advance();
        }
        let set = Arc::new(set);
        lock().insert(id, set.clone());
        Ok(set)
    }
}

impl Weight for OneCharWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let set = BitSet::clone(&*self.set(reader)?);
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.regex.explain(reader, doc)
    }
}

/// Phrases matched once per segment for all the queries built with one
/// memo: a theme's query asks for the same phrase in several clauses (its
/// word as a concept, as the exact string and among the words that add
/// to the score; a concept again in each conjunction that leaves another
/// out), and a search runs two queries of the same theme (the feedback
/// round and the search itself). Tantivy reads the phrase's positions
/// for each; a [`SharedPhrase`] reads them for the first and keeps, for
/// each paragraph that holds the phrase, what its score needs.
#[derive(Debug, Clone, Default)]
pub struct PhraseMemo(Arc<Mutex<HashMap<PhraseTerms, SharedPhrase>>>);

/// A phrase's bigrams at their offsets.
type PhraseTerms = Vec<(usize, Term)>;

impl PhraseMemo {
    /// The phrase of `terms` (bigrams at their offsets), shared with the
    /// memo's other queries.
    fn phrase(&self, terms: PhraseTerms) -> SharedPhrase {
        let mut memo = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        memo.entry(terms.clone())
            .or_insert_with(|| SharedPhrase {
                phrase: PhraseQuery::new_with_offset(terms),
                found: Arc::default(),
            })
            .clone()
    }
}

/// A `PhraseQuery` (no slop) whose matches are read once per segment and
/// shared by its clones and by every query of its [`PhraseMemo`]. Scores,
/// costs and size hints are those of the `PhraseQuery`'s own scorer, to
/// the bit: a query ranks the same with it or without.
#[derive(Debug, Clone)]
pub struct SharedPhrase {
    phrase: PhraseQuery,
    found: Arc<Mutex<HashMap<SegmentId, Arc<Found>>>>,
}

/// A segment's matches of a [`SharedPhrase`]: each paragraph's number,
/// with (when read by a scoring query) its length's BM25 norm and how many
/// times it holds the phrase; and what the phrase's scorer says of its
/// size and cost.
#[derive(Debug)]
struct Found {
    docs: Vec<DocId>,
    counts: Option<Vec<(u8, u32)>>,
    size_hint: u32,
    cost: u64,
}

impl Query for SharedPhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(
                statistics_provider,
                &self.phrase.phrase_terms(),
            )?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(SharedPhraseWeight {
            own: self.phrase.weight(enable_scoring)?,
            bm25,
            field: self.phrase.field(),
            found: self.found.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.phrase.query_terms(visitor);
    }
}

struct SharedPhraseWeight {
    /// The phrase's own weight, which reads the matches.
    own: Box<dyn Weight>,
    /// Its BM25 weight (the phrase's own), when scoring.
    bm25: Option<Bm25Weight>,
    field: Field,
    found: Arc<Mutex<HashMap<SegmentId, Arc<Found>>>>,
}

impl SharedPhraseWeight {
    /// The phrase's matches in the segment of `reader`, read once (again
    /// only when a scoring query needs the counts a first reading without
    /// scores left out).
    fn found(&self, reader: &SegmentReader) -> tantivy::Result<Arc<Found>> {
        let id = reader.segment_id();
        let lock = || self.found.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = lock().get(&id)
            && (found.counts.is_some() || self.bm25.is_none())
        {
            return Ok(found.clone());
        }
        let mut scorer = self.own.scorer(reader, 1.0)?;
        let (size_hint, cost) = (scorer.size_hint(), scorer.cost());
        let norms = reader
            .fieldnorms_readers()
            .get_field(self.field)?
            .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        let mut docs = Vec::new();
        let mut counts = self.bm25.as_ref().map(|_| Vec::new());
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            docs.push(doc);
            if let (Some(bm25), Some(counts)) = (&self.bm25, counts.as_mut()) {
                let norm = norms.fieldnorm_id(doc);
                counts.push((norm, count_of(bm25, norm, scorer.score())));
            }
            doc = scorer.advance();
        }
        let found = Arc::new(Found {
            docs,
            counts,
            size_hint,
            cost,
        });
        lock().insert(id, found.clone());
        Ok(found)
    }
}

/// How many times a paragraph holds a phrase, from the score `score` its
/// scorer gave it (unboosted) with BM25 weight `bm25` and length norm
/// `norm`: the count whose score is `score` to the bit (scores grow with
/// the count). Far past any count a paragraph has, two counts may share a
/// score; either gives it.
fn count_of(bm25: &Bm25Weight, norm: u8, score: Score) -> u32 {
    let (mut lo, mut hi) = (1u32, 1u32);
    while bm25.score(norm, hi) < score && hi < u32::MAX / 2 {
        lo = hi + 1;
        hi *= 2;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if bm25.score(norm, mid) < score {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl Weight for SharedPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let found = self.found(reader)?;
        if found.docs.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(FoundScorer {
            found,
            at: 0,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.own.explain(reader, doc)
    }
}

/// A segment's matches of a [`SharedPhrase`] as a scorer.
struct FoundScorer {
    found: Arc<Found>,
    at: usize,
    /// The phrase's BM25 weight with the scorer's boost, when scoring.
    bm25: Option<Bm25Weight>,
}

impl DocSet for FoundScorer {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.found.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.at += self.found.docs[self.at..].partition_point(|&d| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.found.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.found.size_hint
    }

    fn cost(&self) -> u64 {
        self.found.cost
    }
}

impl Scorer for FoundScorer {
    fn score(&mut self) -> Score {
        let counted = self.found.counts.as_ref().and_then(|c| c.get(self.at));
        match (&self.bm25, counted) {
            (Some(w), Some(&(norm, count))) => w.score(norm, count),
            _ => 1.0,
        }
    }
}

/// The documents of `candidates` whose stored `field` contains `phrase`
/// (folded, as the text is for the check: [`crate::text::fold`]): the
/// check an index of word chars cannot make for a phrase with gaps.
/// Scores are the candidates' own.
#[derive(Debug)]
pub struct Verified {
    candidates: Box<dyn Query>,
    field: Field,
    phrase: Arc<str>,
}

impl Clone for Verified {
    fn clone(&self) -> Self {
        Verified {
            candidates: self.candidates.box_clone(),
            field: self.field,
            phrase: self.phrase.clone(),
        }
    }
}

impl Query for Verified {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(VerifiedWeight {
            candidates: self.candidates.weight(enable_scoring)?,
            field: self.field,
            phrase: self.phrase.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.candidates.query_terms(visitor);
    }
}

struct VerifiedWeight {
    candidates: Box<dyn Weight>,
    field: Field,
    phrase: Arc<str>,
}

/// Blocks of the document store kept decompressed while checking.
const STORE_CACHE_BLOCKS: usize = 8;

impl Weight for VerifiedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = VerifiedScorer {
            candidates: self.candidates.scorer(reader, boost)?,
            store: reader.get_store_reader(STORE_CACHE_BLOCKS)?,
            field: self.field,
            phrase: self.phrase.clone(),
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not contain {:?}",
                self.phrase
            )));
        }
        self.candidates.explain(reader, doc)
    }
}

struct VerifiedScorer {
    candidates: Box<dyn Scorer>,
    store: StoreReader,
    field: Field,
    phrase: Arc<str>,
}

impl VerifiedScorer {
    fn holds(&self, doc: DocId) -> bool {
        self.store
            .get::<TantivyDocument>(doc)
            .ok()
            .and_then(|d| {
                d.get_first(self.field)
                    .and_then(|v| v.as_str())
                    .map(|text| crate::text::fold(text).contains(&*self.phrase))
            })
            .unwrap_or(false)
    }

    /// Move on from the current candidate to the first that holds the phrase.
    fn settle(&mut self) -> DocId {
        let mut doc = self.candidates.doc();
        while doc != TERMINATED && !self.holds(doc) {
            doc = self.candidates.advance();
        }
        doc
    }
}

impl DocSet for VerifiedScorer {
    fn advance(&mut self) -> DocId {
        self.candidates.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.candidates.doc() < target {
            self.candidates.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.candidates.doc()
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }
}

impl Scorer for VerifiedScorer {
    fn score(&mut self) -> Score {
        self.candidates.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::{assert_token, tokens};

    fn bigrams(text: &str) -> Vec<Token> {
        tokens(BigramTokenizer::default(), text)
    }

    /// The first ten of `query` by score, in the order of the index, each
    /// with its score's bits.
    fn top_ten(searcher: &tantivy::Searcher, query: &dyn Query) -> Vec<(u32, tantivy::DocAddress)> {
        let mut top = searcher
            .search(
                query,
                &tantivy::collector::TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        top.sort_by_key(|&(_, addr)| addr);
        top.into_iter()
            .map(|(score, addr)| (score.to_bits(), addr))
            .collect()
    }

    /// An index in memory of a bigram field, one segment per batch of texts.
    fn segments(batches: &[&[&str]]) -> (tantivy::Searcher, Field) {
        let mut schema = tantivy::schema::Schema::builder();
        let text = schema.add_text_field("text", super::super::text_options(super::super::BIGRAMS));
        let index = tantivy::Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register(super::super::BIGRAMS, BigramTokenizer::default());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for batch in batches {
            for &t in *batch {
                writer.add_document(tantivy::doc!(text => t)).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), batches.len());
        (searcher, text)
    }

    #[test]
    fn one_char_finds_and_scores_as_its_regex_and_gathers_a_set_once() {
        // Two segments: a set is gathered for each.
        let (searcher, text) = segments(&[
            &["粤港澳大湾区", "横琴深度合作区", "澳门"],
            &["粤", "合作", "粤澳合作 粤"],
        ]);
        let one = exact_phrase_query(text, "粤").unwrap();
        let regex = RegexQuery::from_pattern(&single_char_pattern('粤'), text).unwrap();
        let hits = |q: &dyn Query| top_ten(&searcher, q);
        // As a clause of several conjunctions, boosted, as a theme has it.
        let within = |q: &dyn Query| -> Box<dyn Query> {
            let clauses: Vec<Box<dyn Query>> = (0..3)
                .map(|_| {
                    Box::new(tantivy::query::BoostQuery::new(q.box_clone(), 2.5)) as Box<dyn Query>
                })
                .collect();
            Box::new(tantivy::query::BooleanQuery::union(clauses))
        };
        let sets = || {
            one.as_any()
                .downcast_ref::<OneChar>()
                .map(|q| q.sets.lock().unwrap().len())
        };
        assert_eq!(sets(), Some(0));
        // The clones search: the sets they gather are the query's own.
        assert_eq!(
            hits(within(one.as_ref()).as_ref()),
            hits(within(&regex).as_ref())
        );
        assert_eq!(sets(), Some(2), "one set per segment, shared by the clones");
        let found = hits(one.as_ref());
        assert_eq!(found.len(), 3);
        assert_eq!(found, hits(&regex));
    }

    #[test]
    fn a_shared_phrase_finds_and_scores_as_the_phrase_and_is_matched_once() {
        // Two segments; paragraphs of other lengths holding the phrase
        // once, twice, five times, and its bigrams apart.
        let five = "常务委员会，".repeat(5);
        let (searcher, text) = segments(&[
            &[
                "常务委员会",
                "常务委员会会议审议了常务委员会工作报告",
                "委员会的常务工作",
            ],
            &[&five, "人大常委会", "县人民代表大会常务委员会主任会议"],
        ]);
        let memo = PhraseMemo::default();
        let shared = exact_phrase_query_in(text, "常务委员会", Some(&memo)).unwrap();
        let plain = exact_phrase_query(text, "常务委员会").unwrap();
        assert!(shared.as_any().downcast_ref::<SharedPhrase>().is_some());
        let hits = |q: &dyn Query| top_ten(&searcher, q);
        // Boosted in several clauses, as a theme has it: the same
        // paragraphs and the same scores to the bit.
        let within = |q: &dyn Query| -> Box<dyn Query> {
            let clauses: Vec<(tantivy::query::Occur, Box<dyn Query>)> = [1.0, 0.3, 0.8]
                .into_iter()
                .map(|boost| {
                    let q = tantivy::query::BoostQuery::new(q.box_clone(), boost);
                    (tantivy::query::Occur::Should, Box::new(q) as Box<dyn Query>)
                })
                .chain([(
                    tantivy::query::Occur::Must,
                    exact_phrase_query(text, "委员").unwrap(),
                )])
                .collect();
            Box::new(tantivy::query::BooleanQuery::new(clauses))
        };
        let found = || {
            let phrase = shared.as_any().downcast_ref::<SharedPhrase>().unwrap();
            phrase.found.lock().unwrap().len()
        };
        assert_eq!(found(), 0);
        assert_eq!(
            hits(within(shared.as_ref()).as_ref()),
            hits(within(plain.as_ref()).as_ref())
        );
        assert_eq!(found(), 2, "one reading per segment for all the clauses");
        let alone = hits(shared.as_ref());
        assert_eq!(alone.len(), 4);
        assert_eq!(alone, hits(plain.as_ref()));
        // The same phrase built again with the memo is the same phrase.
        let again = exact_phrase_query_in(text, "常务委员会", Some(&memo)).unwrap();
        let again = again.as_any().downcast_ref::<SharedPhrase>().unwrap();
        assert_eq!(again.found.lock().unwrap().len(), 2);
        // A count read without scores is read again when scores need it.
        let memo = PhraseMemo::default();
        let counted = exact_phrase_query_in(text, "常务委员会", Some(&memo)).unwrap();
        assert_eq!(
            searcher
                .search(counted.as_ref(), &tantivy::collector::Count)
                .unwrap(),
            4
        );
        assert_eq!(hits(counted.as_ref()), hits(plain.as_ref()));
    }

    #[test]
    fn counts_are_read_back_from_scores() {
        let bm25 = Bm25Weight::for_one_term(30, 1000, 12.0);
        for norm in [0u8, 7, 40, 200, 255] {
            for count in [1u32, 2, 3, 5, 17, 90, 1000] {
                let score = bm25.score(norm, count);
                assert_eq!(bm25.score(norm, count_of(&bm25, norm, score)), score);
            }
            assert_eq!(count_of(&bm25, norm, bm25.score(norm, 3)), 3);
        }
    }

    #[test]
    fn bigrams_of_a_sentence_with_punctuation() {
        let text = "“一府一委两院”";
        let t = bigrams(text);
        assert_eq!(t.len(), 6);
        assert_token(&t[0], 1, "一府", 3, 9);
        assert_token(&t[1], 2, "府一", 6, 12);
        assert_token(&t[4], 5, "两院", 15, 21);
        assert_token(&t[5], 6, "院\u{E000}", 18, 21);
    }

    #[test]
    fn gaps_take_a_position_and_no_token() {
        let text = "82.48% A\u{3000}ＡＢ";
        let t = bigrams(text);
        let got: Vec<(usize, &str)> = t.iter().map(|t| (t.position, t.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (0, "82"),
                (1, "2\u{E000}"),
                (3, "48"),
                (4, "8\u{E000}"),
                (7, "a\u{E000}"),
                (9, "ab"),
                (10, "b\u{E000}")
            ]
        );
        for token in &t {
            // The token is its chars of the text, folded.
            let original = &text[token.offset_from..token.offset_to];
            let folded = crate::text::fold(original);
            assert!(token.text.starts_with(folded.as_ref()), "{token:?}");
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(
                token.text.chars().next(),
                Some(crate::text::fold_char(chars[token.position]))
            );
        }
    }

    #[test]
    fn short_and_odd_inputs() {
        assert!(bigrams("").is_empty());
        assert!(bigrams("，。 ！").is_empty());
        let t = bigrams("人");
        assert_eq!(t.len(), 1);
        assert_token(&t[0], 0, "人\u{E000}", 0, 3);
        // A combining mark and an emoji are gaps.
        let t = bigrams("e\u{301}😀");
        assert_eq!(t.len(), 1);
        assert_token(&t[0], 0, "e\u{E000}", 0, 1);
        // 〇 is a digit: 二〇二三年 is one run of word chars.
        let texts: Vec<String> = bigrams("二〇二三年").into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["二〇", "〇二", "二三", "三年", "年\u{E000}"]);
    }

    #[test]
    fn a_long_line_yields_one_token_per_char() {
        let text = "代表".repeat(200_000);
        let mut tokenizer = BigramTokenizer::default();
        let mut stream = tokenizer.token_stream(&text);
        let mut count = 0;
        while stream.advance() {
            count += 1;
        }
        assert_eq!(count, 400_000);
        assert_eq!(stream.token().text, "表\u{E000}");
    }

    #[test]
    fn phrases_are_tied_down_by_a_cover_of_bigrams() {
        let field = tantivy::schema::Schema::builder().add_text_field("f", tantivy::schema::TEXT);
        let cover = |phrase: &str| -> Vec<(usize, String)> {
            anchored_terms(field, phrase)
                .into_iter()
                .map(|(at, t)| (at, t.value().as_str().unwrap().to_string()))
                .collect()
        };
        let pairs = |v: &[(usize, &str)]| -> Vec<(usize, String)> {
            v.iter().map(|(a, t)| (*a, t.to_string())).collect()
        };
        assert_eq!(
            cover("人民代表大会"),
            pairs(&[(0, "人民"), (2, "代表"), (4, "大会")])
        );
        assert_eq!(
            cover("常务委员会"),
            pairs(&[(0, "常务"), (2, "委员"), (3, "员会")])
        );
        assert_eq!(cover("代表"), pairs(&[(0, "代表")]));
        assert_eq!(cover("一、坚持"), pairs(&[(0, "一\u{E000}"), (2, "坚持")]));
        assert_eq!(cover("，人"), pairs(&[]));
    }

    #[test]
    fn phrase_bigrams_drop_the_sentinel() {
        assert_eq!(phrase_bigrams("表大会"), ["表大", "大会"]);
        assert_eq!(phrase_bigrams("民群"), ["民群"]);
        assert!(phrase_bigrams("民").is_empty());
        assert!(phrase_bigrams("").is_empty());
    }

    #[test]
    fn single_char_patterns_compile_for_every_ascii_char() {
        let mut builder = tantivy::schema::Schema::builder();
        let field = builder.add_text_field("f", tantivy::schema::TEXT);
        for c in (0u8..128).map(char::from).chain(['人', '，', END, '😀']) {
            let pattern = single_char_pattern(c);
            assert!(
                RegexQuery::from_pattern(&pattern, field).is_ok(),
                "{pattern:?} does not compile"
            );
            let re = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
            // The index holds a char folded: the pattern finds it so.
            let f = crate::text::fold_char(c);
            assert!(re.is_match(&format!("{f}\n")), "{pattern:?}");
            assert!(re.is_match(&format!("{f}{END}")), "{pattern:?}");
            assert!(!re.is_match(&c.to_string()), "{pattern:?}");
            assert!(!re.is_match(&format!("{c}ab")), "{pattern:?}");
        }
    }
}
