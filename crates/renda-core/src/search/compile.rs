//! Query building: a parsed [`Query`] → a Tantivy query, and what it
//! asks for in a form ranking and highlighting read ([`Wanted`]). The
//! filters that restrict it are in [`super::filters`].
//!
//! Leaves become:
//!
//! - an exact phrase — the paragraphs whose text contains the string,
//!   over the character bigrams.
//! - a phrase with slop N — the phrase's words within N positions of each
//!   other.
//! - a theme — its concepts (each matched by its word or all its parts;
//!   all concepts needed but one), plus the exact string and the words
//!   close together, which score higher; when expanding, its related
//!   expressions too (see [`super::expand`]).
//! - a field filter — the paragraphs whose speech or file it names.

use std::ops::Bound;
use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery,
    Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{TantivyError, Term};

use super::expand::{Related, Source};
use super::filters::{containing_value, file_query};
use super::query::{self, Concept, FieldFilter, Query, QueryError, Wanted, normalize_typed};
use crate::analysis::{self, Dictionary, Thesaurus};
use crate::index::Fields;

/// Score weights of a theme's parts.
const EXACT_BOOST: f32 = 2.0;
/// The exact string's weight when related expressions are searched too: a
/// theme is a concept, and its own string only one way of saying it.
const EXPANDED_EXACT_BOOST: f32 = 0.3;
/// The weight of a word's parts when related expressions are searched too.
const EXPANDED_SUBWORD_BOOST: f32 = 0.8;
/// A curated related expression's weight.
const CURATED_BOOST: f32 = 0.6;
/// The weight of a theme's word, or part, found among others.
const LOOSE_BOOST: f32 = 0.3;
/// A feedback word's weight, added to a paragraph that matched otherwise.
const FEEDBACK_BOOST: f32 = 0.3;
const NEAR_BOOST: f32 = 1.5;
const SUBWORD_BOOST: f32 = 0.4;
/// How far apart (in characters) the words of a theme may stand to count
/// as close.
const NEAR_SLOP: u32 = 8;
/// Words of a theme taken into account.
pub const MAX_CONCEPTS: usize = 32;

impl From<TantivyError> for QueryError {
    fn from(e: TantivyError) -> Self {
        QueryError::Value(e.to_string())
    }
}

/// A query ready to run.
pub struct Compiled {
    pub query: Box<dyn TantivyQuery>,
    pub wanted: Wanted,
}

/// A theme's query, its concepts and the related expressions it searches.
type ThemeQuery = (Box<dyn TantivyQuery>, Vec<Concept>, Vec<Related>);

/// Builds queries over one index.
pub struct QueryBuilder<'a> {
    fields: Fields,
    dictionary: &'a Dictionary,
    /// Search themes' related expressions too.
    expand: bool,
    /// Feedback words to search with the themes.
    feedback: Vec<String>,
    /// The office's own groups of related expressions.
    office: Option<&'a Thesaurus>,
    /// Related expressions the user dropped.
    without: Vec<String>,
    /// Those of them the themes compiled so far would have searched.
    dropped: Vec<String>,
    /// The themes' phrases, each matched once per segment for all the
    /// queries this builder builds (see [`analysis::PhraseMemo`]).
    phrases: analysis::PhraseMemo,
}

impl<'a> QueryBuilder<'a> {
    /// A builder of literal queries: themes are searched by their own words.
    pub fn new(fields: Fields, dictionary: &'a Dictionary) -> Self {
        Self {
            fields,
            dictionary,
            expand: false,
            feedback: Vec::new(),
            office: None,
            without: Vec::new(),
            dropped: Vec::new(),
            phrases: analysis::PhraseMemo::default(),
        }
    }

    /// Search each theme's curated related expressions too, and `feedback`
    /// words (see [`super::expand`]).
    pub fn expanded(mut self, feedback: Vec<String>) -> Self {
        self.expand = true;
        self.feedback = feedback;
        self
    }

    /// Take the office's own groups of related expressions too, and leave
    /// out the related expressions in `without`.
    pub fn steered(mut self, office: Option<&'a Thesaurus>, without: &[String]) -> Self {
        self.office = office;
        self.without = without.iter().map(|w| normalize_typed(w)).collect();
        self
    }

    /// The curated and office expressions related to a theme, less those
    /// the user dropped (see [`super::expand::related_of`]).
    pub fn curated(&self, typed: &str, concepts: &[Concept]) -> Vec<Related> {
        super::expand::related_of(Thesaurus::builtin(), self.office, typed, concepts)
            .into_iter()
            .filter(|r| !self.without.contains(&r.word))
            .collect()
    }

    /// Whether the user dropped `word`.
    pub fn dropped(&self, word: &str) -> bool {
        self.without.iter().any(|w| w == word)
    }

    /// A segmenter of the builder's dictionary for `texts` (see
    /// [`Dictionary::segmenter_for`]): exact phrases never need one.
    pub fn segmenter_for(&self, texts: &[&str]) -> Arc<Jieba> {
        self.dictionary.segmenter_for(texts)
    }

    /// Build the query for a user's query string (see [`query::parse`]).
    pub fn compile(&mut self, text: &str) -> Result<Compiled, QueryError> {
        let parsed = query::parse(text)?;
        self.build(&parsed)
    }

    /// Build the Tantivy query for a parsed query.
    pub fn build(&mut self, parsed: &Query) -> Result<Compiled, QueryError> {
        let mut wanted = Wanted::default();
        self.dropped.clear();
        let query = self.node(parsed, &mut wanted, true)?;
        wanted.dropped = self.dropped.clone();
        Ok(Compiled { query, wanted })
    }

    fn node(
        &mut self,
        parsed: &Query,
        wanted: &mut Wanted,
        positive: bool,
    ) -> Result<Box<dyn TantivyQuery>, QueryError> {
        let f = self.fields;
        match parsed {
            Query::Every => Ok(Box::new(AllQuery)),
            Query::Boost { query, boost } => {
                let q = self.node(query, wanted, positive)?;
                Ok(Box::new(BoostQuery::new(q, *boost as f32)))
            }
            Query::Bool(clauses) => {
                let mut out: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
                for (occur, sub) in clauses {
                    let occur = match occur {
                        query::Occur::And => Occur::Must,
                        query::Occur::Or => Occur::Should,
                        query::Occur::Not => Occur::MustNot,
                    };
                    let q = self.node(sub, wanted, positive && occur != Occur::MustNot)?;
                    out.push((occur, q));
                }
                if out.iter().all(|(o, _)| *o == Occur::MustNot) {
                    out.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(out)))
            }
            Query::Phrase { text, slop } if *slop > 0 => {
                if positive {
                    wanted.themes.push((text.clone(), self.concepts(text)));
                }
                self.near(text, *slop)
            }
            Query::Phrase { text, .. } => {
                if positive {
                    wanted.phrases.push(text.clone());
                }
                Ok(analysis::exact_phrase_query(f.text, text)?)
            }
            Query::Theme(text) => {
                let (q, concepts, related) = self.theme(text, positive)?;
                if positive {
                    wanted.themes.push((text.clone(), concepts));
                    for r in related {
                        if !wanted.related.contains(&r) {
                            wanted.related.push(r);
                        }
                    }
                }
                Ok(q)
            }
            Query::Field(filter) => self.field(filter),
        }
    }

    fn field(&self, filter: &FieldFilter) -> Result<Box<dyn TantivyQuery>, QueryError> {
        let f = self.fields;
        let year = |y: u64| Term::from_field_u64(f.year, y);
        Ok(match filter {
            FieldFilter::Title(value) => containing_value(f.title, value)?,
            FieldFilter::Section(value) => containing_value(f.section, value)?,
            FieldFilter::Region(value) => containing_value(f.region, value)?,
            FieldFilter::Level(level) => Box::new(TermQuery::new(
                Term::from_field_text(f.level, level.as_str()),
                IndexRecordOption::Basic,
            )),
            FieldFilter::Year(y) => Box::new(TermQuery::new(year(*y), IndexRecordOption::Basic)),
            FieldFilter::Years { lower, upper } => {
                let lower = lower.map(year);
                let upper = upper.map(year);
                // `year:[* TO *]`: any year known. (A range needs a term
                // on at least one side to know its field.)
                let lower = match (&lower, &upper) {
                    (Bound::Unbounded, Bound::Unbounded) => Bound::Included(year(0)),
                    _ => lower,
                };
                Box::new(RangeQuery::new(lower, upper))
            }
            FieldFilter::File(glob) => file_query(f, glob)?,
        })
    }

    /// The concepts of a theme: its words, each with its smaller words (at
    /// most [`MAX_CONCEPTS`]; a longer text keeps its first words).
    pub fn concepts(&mut self, text: &str) -> Vec<Concept> {
        let jieba = self.segmenter_for(&[text]);
        let mut out: Vec<Concept> = Vec::new();
        for token in analysis::words(text, &jieba) {
            if out.len() >= MAX_CONCEPTS {
                break;
            }
            if out.iter().any(|c| c.word == token.text) {
                continue;
            }
            let mut parts: Vec<String> = Vec::new();
            if token.text.chars().count() >= 3 {
                for t in jieba.cut_for_search(&token.text, false) {
                    let w = t.word.to_lowercase();
                    if w != token.text && w.chars().count() >= 2 && !parts.contains(&w) {
                        parts.push(w);
                    }
                }
                // Parts that cover each other (人民代表, 代表大会) are fine;
                // parts must not be the whole word again.
            }
            out.push(Concept {
                word: token.text.clone(),
                parts,
            });
        }
        out
    }

    /// A word wherever it stands in a paragraph, however the paragraph's
    /// own text would be cut into words.
    fn term(&self, word: &str) -> Result<Box<dyn TantivyQuery>, QueryError> {
        Ok(analysis::exact_phrase_query_in(
            self.fields.text,
            word,
            Some(&self.phrases),
        )?)
    }

    /// A concept matches by its word, or by all of its parts.
    fn concept_query(&self, c: &Concept) -> Result<Box<dyn TantivyQuery>, QueryError> {
        let mut alts: Vec<(Occur, Box<dyn TantivyQuery>)> =
            vec![(Occur::Should, self.term(&c.word)?)];
        if !c.parts.is_empty() {
            let all_parts: Vec<(Occur, Box<dyn TantivyQuery>)> = c
                .parts
                .iter()
                .map(|p| Ok((Occur::Must, self.term(p)?)))
                .collect::<Result<_, QueryError>>()?;
            alts.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(all_parts)),
                    if self.expand {
                        EXPANDED_SUBWORD_BOOST
                    } else {
                        SUBWORD_BOOST
                    },
                )),
            ));
        }
        Ok(Box::new(BooleanQuery::new(alts)))
    }

    /// A theme: its concepts (all but one needed, see [`all_but_one`]), its
    /// exact string and its words close together (which score higher);
    /// when expanding, also its
    /// curated and office related expressions, while its words, their parts
    /// and the feedback words anywhere in the paragraph add to the score of
    /// what matched (see [`super::expand`]). Returns the query, the concepts
    /// and the related expressions searched.
    fn theme(&mut self, text: &str, positive: bool) -> Result<ThemeQuery, QueryError> {
        let f = self.fields;
        let concepts = self.concepts(text);
        let exact = self.term(text)?;
        if concepts.is_empty() {
            // Only punctuation or symbols: the exact string is all there is.
            return Ok((exact, concepts, Vec::new()));
        }
        let n = concepts.len();
        let needed = if n <= 2 { 1 } else { n - 1 };
        let clauses: Vec<Box<dyn TantivyQuery>> = concepts
            .iter()
            .map(|c| self.concept_query(c))
            .collect::<Result<_, _>>()?;
        let words = all_but_one(clauses, needed);
        let exact_boost = if self.expand {
            EXPANDED_EXACT_BOOST
        } else {
            EXACT_BOOST
        };
        let mut parts: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![
            (Occur::Should, Box::new(words)),
            (Occur::Should, Box::new(BoostQuery::new(exact, exact_boost))),
        ];
        if n >= 2 {
            let words: Vec<&str> = concepts.iter().map(|c| c.word.as_str()).collect();
            if let Some(near) = words_near(f.text, &words, NEAR_SLOP) {
                parts.push((Occur::Should, Box::new(BoostQuery::new(near, NEAR_BOOST))));
            }
        }
        let mut related = Vec::new();
        if !(self.expand && positive) {
            return Ok((Box::new(BooleanQuery::new(parts)), concepts, related));
        }
        // What matches: the concepts, the exact string, or a curated (or
        // the office's) related expression.
        related = self.curated(text, &concepts);
        let all = super::expand::related_of(Thesaurus::builtin(), self.office, text, &concepts);
        for w in &self.without {
            let would = all.iter().any(|r| &r.word == w) || self.feedback.contains(w);
            if would && !self.dropped.contains(w) {
                self.dropped.push(w.clone());
            }
        }
        let mut matching: Vec<(Occur, Box<dyn TantivyQuery>)> = parts;
        for r in &related {
            matching.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.term(&r.word)?, CURATED_BOOST)),
            ));
        }
        let feedback: Vec<Related> = self
            .feedback
            .iter()
            .filter(|w| !related.iter().any(|r| &r.word == *w) && !self.dropped(w))
            .map(|w| Related::new(w.clone(), Source::Feedback))
            .collect();
        // What scores besides: each of the theme's words and their parts
        // wherever they stand, as BM25 weighs them, and the feedback words,
        // which re-weigh what matched and match nothing on their own.
        let mut scoring: Vec<(Occur, Box<dyn TantivyQuery>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(matching)))];
        for f in &feedback {
            scoring.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.term(&f.word)?, FEEDBACK_BOOST)),
            ));
        }
        related.extend(feedback);
        let mut loose: Vec<&str> = Vec::new();
        for c in &concepts {
            for w in std::iter::once(&c.word).chain(&c.parts) {
                if w.chars().count() >= 2 && !loose.contains(&w.as_str()) {
                    loose.push(w);
                }
            }
        }
        for w in loose {
            scoring.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.term(w)?, LOOSE_BOOST)),
            ));
        }
        Ok((Box::new(BooleanQuery::new(scoring)), concepts, related))
    }

    /// `"…"~N`: the phrase's words in order, each within N characters of
    /// where it would stand in the phrase.
    fn near(&mut self, text: &str, slop: u32) -> Result<Box<dyn TantivyQuery>, QueryError> {
        let jieba = self.segmenter_for(&[text]);
        let words: Vec<String> = analysis::words(text, &jieba)
            .into_iter()
            .map(|t| t.text)
            .filter(|w| w.chars().any(|c| !is_separator(c)))
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        Ok(match refs.as_slice() {
            [] => Box::new(EmptyQuery),
            [one] => self.term(one)?,
            _ => match words_near(self.fields.text, &refs, slop) {
                Some(q) => q,
                None => analysis::exact_phrase_query(self.fields.text, text)?,
            },
        })
    }
}

/// Characters that separate words rather than belong to them.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_ascii())
}

/// Paragraphs that hold at least `needed` of `clauses`, scored as the sum
/// of the clauses they hold. When one clause may be missing, what matches
/// is found as the union of the conjunctions that leave one out (each led
/// by its rarest clause), and the clauses only score what matched: a
/// disjunction that counts matches would walk every paragraph of every
/// clause, and a theme with a common word (合作区, 工作) would read all of
/// that word's paragraphs to find the few that hold the rare ones too.
fn all_but_one(clauses: Vec<Box<dyn TantivyQuery>>, needed: usize) -> BooleanQuery {
    let n = clauses.len();
    if n < 3 || needed + 1 != n {
        return BooleanQuery::union_with_minimum_required_clauses(clauses, needed);
    }
    let leaving_one_out: Vec<Box<dyn TantivyQuery>> = (0..n)
        .map(|left| {
            let rest: Vec<Box<dyn TantivyQuery>> = clauses
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != left)
                .map(|(_, c)| c.box_clone())
                .collect();
            Box::new(BooleanQuery::intersection(rest)) as Box<dyn TantivyQuery>
        })
        .collect();
    let matching: Box<dyn TantivyQuery> = Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::union(leaving_one_out)),
        0.0,
    ));
    let mut all: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(Occur::Must, matching)];
    all.extend(clauses.into_iter().map(|c| (Occur::Should, c)));
    BooleanQuery::new(all)
}

/// The paragraphs where `words` stand in order, each at most `slop`
/// characters further on than it would stand if the words were written
/// one after the other: a phrase query over the words' bigrams, placed at
/// their characters' positions. Words of one character have no bigram and
/// are left to the other clauses; `None` when fewer than two bigrams remain.
fn words_near(field: Field, words: &[&str], slop: u32) -> Option<Box<dyn TantivyQuery>> {
    let mut terms: Vec<(usize, Term)> = Vec::new();
    let mut at = 0usize;
    for word in words {
        for (i, bigram) in analysis::phrase_bigrams(word).iter().enumerate() {
            if bigram.chars().all(analysis::is_word_char) {
                terms.push((at + i, Term::from_field_text(field, bigram)));
            }
        }
        at += word.chars().count();
    }
    (terms.len() >= 2).then(|| {
        Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)) as Box<dyn TantivyQuery>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    /// Every paragraph with its score, by its text.
    fn found(
        index: &Index,
        query: &dyn TantivyQuery,
        text: Field,
    ) -> std::collections::BTreeMap<String, f32> {
        let searcher = index.reader().unwrap().searcher();
        let top = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .unwrap();
        top.into_iter()
            .map(|(score, addr)| {
                let doc: TantivyDocument = searcher.doc(addr).unwrap();
                let t = tantivy::schema::Value::as_str(&doc.get_first(text).unwrap())
                    .unwrap()
                    .to_string();
                (t, score)
            })
            .collect()
    }

    #[test]
    fn all_but_one_finds_and_scores_as_counting_matches_does() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | tantivy::schema::STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for t in [
            "a b c d",
            "a b c",
            "a b d",
            "b c d",
            "a b",
            "c d",
            "a a b c x",
            "d d d a b",
            "x y",
            "a c d d",
            "b",
        ] {
            let mut doc = TantivyDocument::default();
            doc.add_text(text, t);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let clauses = || -> Vec<Box<dyn TantivyQuery>> {
            ["a", "b", "c", "d"]
                .iter()
                .map(|w| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(text, w),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn TantivyQuery>
                })
                .collect()
        };
        let counted = found(
            &index,
            &BooleanQuery::union_with_minimum_required_clauses(clauses(), 3),
            text,
        );
        let ours = found(&index, &all_but_one(clauses(), 3), text);
        let expected: Vec<&str> = vec![
            "a a b c x",
            "a b c",
            "a b c d",
            "a b d",
            "a c d d",
            "b c d",
            "d d d a b",
        ];
        assert_eq!(
            ours.keys().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
        assert_eq!(
            counted.keys().collect::<Vec<_>>(),
            ours.keys().collect::<Vec<_>>()
        );
        for (t, score) in &counted {
            assert!(
                (score - ours[t]).abs() < 1e-4,
                "{t}: {score} against {}",
                ours[t]
            );
        }
    }
}
