//! Query building: the user's query string → a Tantivy query (the filters
//! that restrict it are in [`super::filters`]).
//!
//! The syntax is Tantivy's: several terms (all required), `AND`, `OR`,
//! `NOT` / `-term`, parentheses, `"…"` and `"…"~N`, `term^2`, and the fields
//! `title:`, `section:`, `region:`, `level:`, `year:` (also
//! `year:[2020 TO 2023]`) and `file:`. Leaves become:
//!
//! - `"…"` — an **exact phrase** over the character bigrams: exactly the
//!   paragraphs whose text contains the string.
//! - `"…"~N` — the phrase's words within N positions of each other.
//! - an unquoted term — a **theme**: its jieba words (concepts), each
//!   matched by the word itself or by all the smaller words it is made of
//!   (联系群众 → 联系, 群众), plus the exact string and the words close
//!   together, which score higher. A paragraph must hold all the concepts
//!   but one.

use std::ops::Bound;
use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{TantivyError, Term};

use super::expand::{Related, Source};
use crate::analysis::{self, Dictionary, Thesaurus};
use crate::index::Fields;
use crate::speech::Level;

pub use super::filters::{Filters, KeepUnknown, Unknown, glob_to_regex, restrict};
use super::filters::{containing_value, file_query};

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

/// Why a query could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty")]
    Empty,
    /// The query does not parse: what is wrong, and where (the character
    /// it was seen at, counted from 1; `None`: at the end).
    #[error("cannot read the query: {problem:?} at {at:?}")]
    Syntax { problem: Syntax, at: Option<usize> },
    #[error(
        "the query nests too deeply (at most {MAX_NESTING} levels of parentheses and {MAX_OPERATORS} operators)"
    )]
    TooDeep,
    #[error("unknown field '{0}'")]
    UnknownField(String),
    /// A value the search library refused, in its (English) words.
    #[error("{0}")]
    Value(String),
    /// A `year:` value that is not a year.
    #[error("not a year: '{0}'")]
    NotAYear(String),
    /// A `level:` value that names no level.
    #[error(transparent)]
    Level(#[from] crate::speech::UnknownLevel),
    /// A file glob too complex to match (shown cut to 40 characters).
    #[error("the file glob '{0}' is too complex to match")]
    GlobTooComplex(String),
    /// A file glob that cannot be used, and the search library's words.
    #[error("the file glob '{glob}' cannot be used: {reason}")]
    GlobUnusable { glob: String, reason: String },
    #[error("{0:?} is not supported in queries")]
    Unsupported(Unsupported),
    /// `--since` after `--until`.
    #[error("--since {since} is after --until {until}: nothing can match")]
    Years { since: u16, until: u16 },
    /// `--year` outside `--since`/`--until`.
    #[error("--year {year} is outside --since/--until: nothing can match")]
    YearOutside { year: u16 },
}

/// What is wrong in a query that does not parse: what the parser expected
/// and did not find, or found and did not expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A phrase opened with this quote is not closed.
    UnclosedQuote(char),
    /// A `(` is not closed by a `)`.
    UnclosedParenthesis,
    /// A range `[A TO B]` is not closed by `]` or `}`.
    UnclosedRange,
    /// A range lacks its `TO`.
    MissingTo,
    /// A `/…/` is not closed.
    UnclosedSlash,
    /// Two parts of the query run together where a space was expected.
    MissingSpace,
    /// `NOT` stands where a word was expected.
    KeywordAsWord,
    /// A word ends in `:` as if it named a field.
    FieldAsWord,
    /// An `AND` or `OR` stands before a word where none belongs.
    OperatorBeforeWord,
    /// The parser stopped before the end of the query.
    Unread,
    /// An operator with nothing on one side, or an unbalanced quote.
    LoneOperator,
    /// Nothing is left to search for.
    Nothing,
    /// Something else the parser did not accept.
    Other,
}

impl Syntax {
    /// The problem tantivy's lenient parser describes in `message`.
    fn of_parser(message: &str) -> Syntax {
        let message = message.replace('\\', "");
        if let Some(rest) = message.strip_prefix("missing delimiter ") {
            return match rest.chars().next() {
                Some('/') => Syntax::UnclosedSlash,
                Some(c) => Syntax::UnclosedQuote(c),
                None => Syntax::Other,
            };
        }
        match message.as_str() {
            "expected ')'" => Syntax::UnclosedParenthesis,
            "missing ]" | "missing range delimiter" => Syntax::UnclosedRange,
            "missing keyword TO" => Syntax::MissingTo,
            "missing space" => Syntax::MissingSpace,
            "unparsed end of query" => Syntax::Unread,
            "Found unexpected boolean operator before term" => Syntax::OperatorBeforeWord,
            m if m.starts_with("expected whitespace") => Syntax::MissingSpace,
            m if m.starts_with("parsed keyword NOT") => Syntax::KeywordAsWord,
            m if m.starts_with("parsed possible invalid field") => Syntax::FieldAsWord,
            _ => Syntax::Other,
        }
    }
}

/// A query construct renda does not search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// A range on a field other than `year`.
    Range,
    /// `field: IN [...]`.
    Set,
    /// `field:*`.
    Exists,
    /// `/regex/`.
    Regex,
}

impl From<TantivyError> for QueryError {
    fn from(e: TantivyError) -> Self {
        QueryError::Value(e.to_string())
    }
}

/// A theme's concept: a word and the smaller words it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    pub word: String,
    pub parts: Vec<String>,
}

impl Concept {
    /// The parts that do not straddle two others (议办 between 建议 and
    /// 办理 in 建议办理: a dictionary word across the word's own cut).
    pub fn unstraddled_parts(&self) -> Vec<&String> {
        let word = self.word.as_str();
        let at: Vec<(usize, usize)> = self
            .parts
            .iter()
            .map(|p| word.find(p.as_str()).map_or((0, 0), |s| (s, s + p.len())))
            .collect();
        self.parts
            .iter()
            .zip(&at)
            .filter(|&(_, &(s, e))| {
                let left = at.iter().any(|&(qs, qe)| qs < s && s < qe && qe < e);
                let right = at.iter().any(|&(rs, re)| s < rs && rs < e && e < re);
                !(left && right)
            })
            .map(|(p, _)| p)
            .collect()
    }

    /// Whether `text` (lower-cased) holds the concept as ranking counts it:
    /// its word, or all of its parts.
    pub fn held_in(&self, text: &str) -> bool {
        text.contains(self.word.as_str())
            || (!self.parts.is_empty() && self.parts.iter().all(|p| text.contains(p.as_str())))
    }

    /// Whether `text` (lower-cased) says the concept as a phrasing of it
    /// counts: its word, or all of its parts that do not straddle two
    /// others (建议 and 办理 for 建议办理, without 议办).
    pub fn said_in(&self, text: &str) -> bool {
        text.contains(self.word.as_str()) || {
            let parts = self.unstraddled_parts();
            !parts.is_empty() && parts.iter().all(|p| text.contains(p.as_str()))
        }
    }
}

/// What the query asks for, in a form ranking and highlighting can use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Exact strings the user quoted.
    pub phrases: Vec<String>,
    /// Unquoted themes: the string as typed and its concepts.
    pub themes: Vec<(String, Vec<Concept>)>,
    /// Related expressions searched besides the themes' own words: curated
    /// ones, the office's own, then feedback words (see [`super::expand`]).
    pub related: Vec<Related>,
    /// The related expressions the user dropped that would have been
    /// searched: a word dropped that is not among them changed nothing.
    pub dropped: Vec<String>,
}

impl Wanted {
    /// Every string worth highlighting in a hit.
    pub fn needles(&self) -> Vec<String> {
        let mut out: Vec<String> = self.phrases.clone();
        for (text, concepts) in &self.themes {
            out.push(text.clone());
            for c in concepts {
                out.push(c.word.clone());
                out.extend(c.parts.iter().cloned());
            }
        }
        out.extend(self.related.iter().map(|r| r.word.clone()));
        out.retain(|s| !s.trim().is_empty());
        out.sort();
        out.dedup();
        out
    }
}

/// A query ready to run.
pub struct Compiled {
    pub query: Box<dyn Query>,
    pub wanted: Wanted,
}

/// A theme's query, its concepts and the related expressions it searches.
type ThemeQuery = (Box<dyn Query>, Vec<Concept>, Vec<Related>);

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

    /// Build the query for a user's query string.
    pub fn compile(&mut self, text: &str) -> Result<Compiled, QueryError> {
        let typed = normalize_typed(text);
        let text = typed.trim();
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        check_nesting(text)?;
        let ast = query_grammar::parse_query(text).map_err(|_| {
            let (_, errors) = query_grammar::parse_query_lenient(text);
            match errors.first() {
                Some(e) => QueryError::Syntax {
                    problem: Syntax::of_parser(&e.message),
                    // tantivy counts bytes; people count characters.
                    at: (e.pos < text.len())
                        .then(|| text.char_indices().take_while(|(i, _)| *i < e.pos).count() + 1),
                },
                None => QueryError::Syntax {
                    problem: Syntax::LoneOperator,
                    at: None,
                },
            }
        })?;
        let mut wanted = Wanted::default();
        self.dropped.clear();
        let query = self.ast(ast, &mut wanted, true)?;
        wanted.dropped = self.dropped.clone();
        Ok(Compiled { query, wanted })
    }

    fn ast(
        &mut self,
        ast: UserInputAst,
        wanted: &mut Wanted,
        positive: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        match ast {
            UserInputAst::Leaf(leaf) => self.leaf(*leaf, wanted, positive),
            UserInputAst::Boost(inner, boost) => {
                let q = self.ast(*inner, wanted, positive)?;
                Ok(Box::new(BoostQuery::new(q, boost.into_inner() as f32)))
            }
            UserInputAst::Clause(clauses) => {
                if clauses.is_empty() {
                    return Err(QueryError::Syntax {
                        problem: Syntax::Nothing,
                        at: None,
                    });
                }
                let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (occur, sub) in clauses {
                    let occur = occur.unwrap_or(Occur::Must);
                    let q = self.ast(sub, wanted, positive && occur != Occur::MustNot)?;
                    out.push((occur, q));
                }
                if out.iter().all(|(o, _)| *o == Occur::MustNot) {
                    out.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(out)))
            }
        }
    }

    fn leaf(
        &mut self,
        leaf: UserInputLeaf,
        wanted: &mut Wanted,
        positive: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        let f = self.fields;
        match leaf {
            UserInputLeaf::All => Ok(Box::new(AllQuery)),
            UserInputLeaf::Literal(lit) => {
                let quoted = lit.delimiter != Delimiter::None;
                match lit.field_name.as_deref() {
                    None | Some("text") => {
                        if quoted && lit.slop > 0 {
                            if positive {
                                wanted
                                    .themes
                                    .push((lit.phrase.clone(), self.concepts(&lit.phrase)));
                            }
                            self.near(&lit.phrase, lit.slop)
                        } else if quoted || lit.prefix {
                            if positive {
                                wanted.phrases.push(lit.phrase.clone());
                            }
                            Ok(analysis::exact_phrase_query(f.text, &lit.phrase)?)
                        } else {
                            let (q, concepts, related) = self.theme(&lit.phrase, positive)?;
                            if positive {
                                wanted.themes.push((lit.phrase.clone(), concepts));
                                for r in related {
                                    if !wanted.related.contains(&r) {
                                        wanted.related.push(r);
                                    }
                                }
                            }
                            Ok(q)
                        }
                    }
                    Some(field) => self.field(field, &lit.phrase),
                }
            }
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => match field.as_deref() {
                Some("year") => {
                    let bound = |b: UserInputBound| -> Result<Bound<Term>, QueryError> {
                        Ok(match b {
                            UserInputBound::Inclusive(v) => Bound::Included(year_term(f, &v)?),
                            UserInputBound::Exclusive(v) => Bound::Excluded(year_term(f, &v)?),
                            UserInputBound::Unbounded => Bound::Unbounded,
                        })
                    };
                    let (lower, upper) = (bound(lower)?, bound(upper)?);
                    // A range that ends before it starts is refused, as
                    // `--since` after `--until` is, rather than match
                    // nothing without a word.
                    let year = |b: &Bound<Term>| match b {
                        Bound::Included(t) | Bound::Excluded(t) => t.value().as_u64(),
                        Bound::Unbounded => None,
                    };
                    if let (Some(since), Some(until)) = (year(&lower), year(&upper))
                        && since > until
                    {
                        return Err(QueryError::Years {
                            since: u16::try_from(since).unwrap_or(u16::MAX),
                            until: u16::try_from(until).unwrap_or(u16::MAX),
                        });
                    }
                    // `year:[* TO *]`: any year known. (A range needs a
                    // term on at least one side to know its field.)
                    let lower = match (&lower, &upper) {
                        (Bound::Unbounded, Bound::Unbounded) => {
                            Bound::Included(Term::from_field_u64(f.year, 0))
                        }
                        _ => lower,
                    };
                    Ok(Box::new(RangeQuery::new(lower, upper)))
                }
                Some(other) if !is_field(other) => Err(QueryError::UnknownField(other.into())),
                _ => Err(QueryError::Unsupported(Unsupported::Range)),
            },
            UserInputLeaf::Set { .. } => Err(QueryError::Unsupported(Unsupported::Set)),
            UserInputLeaf::Exists { .. } => Err(QueryError::Unsupported(Unsupported::Exists)),
            UserInputLeaf::Regex { .. } => Err(QueryError::Unsupported(Unsupported::Regex)),
        }
    }

    fn field(&mut self, field: &str, value: &str) -> Result<Box<dyn Query>, QueryError> {
        let f = self.fields;
        Ok(match field {
            "title" => containing_value(f.title, value)?,
            "section" => containing_value(f.section, value)?,
            "region" => containing_value(f.region, value)?,
            "level" => {
                let level: Level = value.parse()?;
                Box::new(TermQuery::new(
                    Term::from_field_text(f.level, level.as_str()),
                    IndexRecordOption::Basic,
                ))
            }
            "year" => Box::new(TermQuery::new(
                year_term(f, value)?,
                IndexRecordOption::Basic,
            )),
            "file" => file_query(f, value)?,
            other => return Err(QueryError::UnknownField(other.to_string())),
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
    fn term(&self, word: &str) -> Result<Box<dyn Query>, QueryError> {
        Ok(analysis::exact_phrase_query(self.fields.text, word)?)
    }

    /// A concept matches by its word, or by all of its parts.
    fn concept_query(&self, c: &Concept) -> Result<Box<dyn Query>, QueryError> {
        let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, self.term(&c.word)?)];
        if !c.parts.is_empty() {
            let all_parts: Vec<(Occur, Box<dyn Query>)> = c
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

    /// A theme: its concepts (all but one needed), its exact string and its
    /// words close together (which score higher); when expanding, also its
    /// curated and office related expressions, while its words, their parts
    /// and the feedback words anywhere in the paragraph add to the score of
    /// what matched (see [`super::expand`]). Returns the query, the concepts
    /// and the related expressions searched.
    fn theme(&mut self, text: &str, positive: bool) -> Result<ThemeQuery, QueryError> {
        let f = self.fields;
        let concepts = self.concepts(text);
        let exact = analysis::exact_phrase_query(f.text, text)?;
        if concepts.is_empty() {
            // Only punctuation or symbols: the exact string is all there is.
            return Ok((exact, concepts, Vec::new()));
        }
        let n = concepts.len();
        let needed = if n <= 2 { 1 } else { n - 1 };
        let clauses: Vec<Box<dyn Query>> = concepts
            .iter()
            .map(|c| self.concept_query(c))
            .collect::<Result<_, _>>()?;
        let words = BooleanQuery::union_with_minimum_required_clauses(clauses, needed);
        let exact_boost = if self.expand {
            EXPANDED_EXACT_BOOST
        } else {
            EXACT_BOOST
        };
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![
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
        let mut matching: Vec<(Occur, Box<dyn Query>)> = parts;
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
        let mut scoring: Vec<(Occur, Box<dyn Query>)> =
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
    fn near(&mut self, text: &str, slop: u32) -> Result<Box<dyn Query>, QueryError> {
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

/// A query as people type Chinese, in the syntax's own terms: “…”, 「…」
/// and 『…』 quote a phrase as "…" does; outside quotes a full-width space
/// and the marks ，、；。 separate words as a space does. Inside quotes
/// everything is kept as typed.
pub fn normalize_typed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The mark that closes the phrase being read, if any.
    let mut closer: Option<char> = None;
    for c in text.chars() {
        match (closer, c) {
            (None, '"') => {
                closer = Some('"');
                out.push('"');
            }
            (None, '“') | (None, '「') | (None, '『') => {
                closer = Some(match c {
                    '“' => '”',
                    '「' => '」',
                    _ => '』',
                });
                out.push('"');
            }
            (Some(end), c) if c == end => {
                closer = None;
                out.push('"');
            }
            (None, '\u{3000}' | '，' | '、' | '；' | '。') => out.push(' '),
            (_, c) => out.push(c),
        }
    }
    out
}

/// Characters that separate words rather than belong to them.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_ascii())
}

/// The paragraphs where `words` stand in order, each at most `slop`
/// characters further on than it would stand if the words were written
/// one after the other: a phrase query over the words' bigrams, placed at
/// their characters' positions. Words of one character have no bigram and
/// are left to the other clauses; `None` when fewer than two bigrams remain.
fn words_near(field: Field, words: &[&str], slop: u32) -> Option<Box<dyn Query>> {
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
    (terms.len() >= 2)
        .then(|| Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)) as Box<dyn Query>)
}

/// How deeply a query may nest parentheses, and how many operators it may
/// hold: deeper queries would exhaust the parser's and the scorer's stack.
pub const MAX_NESTING: usize = 32;
pub const MAX_OPERATORS: usize = 256;

/// Refuse queries nested too deeply before parsing them.
///
/// Every `(` counts, wherever it stands. A `)` closes a level only before
/// the first `"`, `'`, `/`, `\`, `[` or `{`: from there on it may stand in
/// a phrase, a regular expression, an escape or a range bound, where
/// tantivy's parsers (the strict one, and the lenient one that words the
/// error) read it as text. So the count may come out deeper than the query
/// is, never shallower.
fn check_nesting(text: &str) -> Result<(), QueryError> {
    let (mut depth, mut deepest, mut literal) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' | '\'' | '/' | '\\' | '[' | '{' => literal = true,
            '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !literal => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let operators = text
        .split_whitespace()
        .filter(|w| matches!(*w, "AND" | "OR" | "NOT") || w.starts_with(['-', '+', '(']))
        .count();
    if deepest > MAX_NESTING || operators > MAX_OPERATORS {
        return Err(QueryError::TooDeep);
    }
    Ok(())
}

fn is_field(name: &str) -> bool {
    matches!(
        name,
        "text" | "title" | "section" | "region" | "level" | "year" | "file"
    )
}

fn year_term(f: Fields, value: &str) -> Result<Term, QueryError> {
    let y: u64 = value
        .trim()
        .trim_end_matches('年')
        .parse()
        .map_err(|_| QueryError::NotAYear(value.to_string()))?;
    Ok(Term::from_field_u64(f.year, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let re = regex::Regex::new(&format!("^{}$", glob_to_regex("*.txt"))).unwrap();
        assert!(re.is_match("a.txt"));
        assert!(re.is_match("county/2023/讲话.txt"));
        assert!(!re.is_match("a.docx"));
        let re = regex::Regex::new(&format!("^{}$", glob_to_regex("county/*/讲话?.txt"))).unwrap();
        assert!(re.is_match("county/2023/讲话1.txt"));
        assert!(!re.is_match("county/2023/x/讲话1.txt"));
        let re = regex::Regex::new(&format!("^{}$", glob_to_regex("county/**"))).unwrap();
        assert!(re.is_match("county/2023/x/讲话1.txt"));
    }
}
