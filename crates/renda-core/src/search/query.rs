//! The query as people type it, read into a plain value: [`parse`] turns a
//! query string into a [`Query`] tree, with no search library in it (the
//! Tantivy query is built from the tree by [`super::compile`]).
//!
//! The syntax: several terms (all required), `AND`, `OR`, `NOT` / `-term`,
//! parentheses, `"…"` and `"…"~N`, `term^2`, and the fields `title:`,
//! `section:`, `region:`, `level:`, `year:` (also `year:[2020 TO 2023]`)
//! and `file:`. Leaves are:
//!
//! - `"…"` (or `word*`) — an **exact phrase**: exactly the paragraphs whose
//!   text contains the string.
//! - `"…"~N` — the phrase's words within N positions of each other.
//! - an unquoted term — a **theme**: its jieba words (concepts), each
//!   matched by the word itself or by all the smaller words it is made of
//!   (联系群众 → 联系, 群众), plus the exact string and the words close
//!   together, which score higher. A paragraph must hold all the concepts
//!   but one.
//! - `field:value` — a **field filter** on where a paragraph comes from.
//!
//! Every front end makes its query text with [`query_text`], so that the
//! same words typed on the command line, the page or an MCP call parse to
//! the same value.

use std::ops::Bound;

use tantivy::query_grammar::{
    self as grammar, Delimiter, UserInputAst, UserInputBound, UserInputLeaf,
};

use super::expand::Related;
use crate::speech::Level;

pub use super::filters::{Filters, KeepUnknown, Unknown, glob_to_regex};

/// A query as parsed: what each part asks for, and how the parts combine.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// `*`: every paragraph.
    Every,
    /// An unquoted term: a theme, searched as a concept.
    Theme(String),
    /// `"…"` (slop 0; also `word*`): exactly this string; `"…"~N` (slop
    /// N): the string's words in order, each within N characters of where
    /// it would stand.
    Phrase { text: String, slop: u32 },
    /// `field:value`: where a paragraph comes from.
    Field(FieldFilter),
    /// `query^boost`: the query, its score weighed.
    Boost { query: Box<Query>, boost: f64 },
    /// Parts read together, each with how it counts (a `Bool` of one part
    /// that is not [`Occur::Not`] never stands alone: it is that part).
    Bool(Vec<(Occur, Query)>),
}

/// How a part of a [`Query::Bool`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Must match: parts side by side, `AND`, `+part`.
    And,
    /// May match, and scores higher if it does: `OR`.
    Or,
    /// Must not match: `NOT part`, `-part`.
    Not,
}

/// A `field:value` filter of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFilter {
    /// `title:`: the speech's title contains the text.
    Title(String),
    /// `section:`: the paragraph's section heading contains the text.
    Section(String),
    /// `region:`: the speech's region contains the text.
    Region(String),
    /// `level:`: the speech is of this level.
    Level(Level),
    /// `year:2023`: the speech is of this year.
    Year(u64),
    /// `year:[A TO B]` (`{…}` leaves a bound out; `*` is no bound).
    Years {
        lower: Bound<u64>,
        upper: Bound<u64>,
    },
    /// `file:`: the file's path matches this glob.
    File(String),
}

/// The query text a search runs for `text` as typed: the text itself or,
/// with `exact`, all of it as one exact string (quoted, with `\` and `"`
/// escaped as the syntax reads them). Every front end makes its query
/// text here.
pub fn query_text(text: &str, exact: bool) -> String {
    if exact {
        // Inside quotes the query syntax reads \\ as \ and \" as ".
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_string()
    }
}

/// Read a query string (see the module's syntax) into a [`Query`]: the
/// typed Chinese marks first made the syntax's own
/// ([`normalize_typed`]), the nesting bounded, then each field's value
/// checked, in the order the query holds them.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let typed = normalize_typed(text);
    let text = typed.trim();
    if text.is_empty() {
        return Err(QueryError::Empty);
    }
    check_nesting(text)?;
    check_distances(text)?;
    let ast = grammar::parse_query(text).map_err(|_| {
        let (_, errors) = grammar::parse_query_lenient(text);
        match errors.first() {
            Some(e) => QueryError::Syntax {
                problem: Syntax::of_parser(&e.message),
                // the grammar counts bytes; people count characters.
                at: (e.pos < text.len())
                    .then(|| text.char_indices().take_while(|(i, _)| *i < e.pos).count() + 1),
            },
            None => QueryError::Syntax {
                problem: Syntax::LoneOperator,
                at: None,
            },
        }
    })?;
    read(ast)
}

fn read(ast: UserInputAst) -> Result<Query, QueryError> {
    match ast {
        UserInputAst::Leaf(leaf) => read_leaf(*leaf),
        UserInputAst::Boost(inner, boost) => Ok(Query::Boost {
            query: Box::new(read(*inner)?),
            boost: boost.into_inner(),
        }),
        UserInputAst::Clause(clauses) => {
            if clauses.is_empty() {
                return Err(QueryError::Syntax {
                    problem: Syntax::Nothing,
                    at: None,
                });
            }
            clauses
                .into_iter()
                .map(|(occur, sub)| {
                    let occur = match occur {
                        None | Some(grammar::Occur::Must) => Occur::And,
                        Some(grammar::Occur::Should) => Occur::Or,
                        Some(grammar::Occur::MustNot) => Occur::Not,
                    };
                    Ok((occur, read(sub)?))
                })
                .collect::<Result<_, _>>()
                .map(Query::Bool)
        }
    }
}

fn read_leaf(leaf: UserInputLeaf) -> Result<Query, QueryError> {
    match leaf {
        UserInputLeaf::All => Ok(Query::Every),
        UserInputLeaf::Literal(lit) => {
            let quoted = lit.delimiter != Delimiter::None;
            match lit.field_name.as_deref() {
                None | Some("text") => Ok(if quoted && lit.slop > 0 {
                    Query::Phrase {
                        text: lit.phrase,
                        slop: lit.slop,
                    }
                } else if quoted || lit.prefix {
                    Query::Phrase {
                        text: lit.phrase,
                        slop: 0,
                    }
                } else {
                    Query::Theme(lit.phrase)
                }),
                Some(field) => Ok(Query::Field(field_filter(field, lit.phrase)?)),
            }
        }
        UserInputLeaf::Range {
            field,
            lower,
            upper,
        } => match field.as_deref() {
            Some("year") => {
                let bound = |b: UserInputBound| -> Result<Bound<u64>, QueryError> {
                    Ok(match b {
                        UserInputBound::Inclusive(v) => Bound::Included(year(&v)?),
                        UserInputBound::Exclusive(v) => Bound::Excluded(year(&v)?),
                        UserInputBound::Unbounded => Bound::Unbounded,
                    })
                };
                let (lower, upper) = (bound(lower)?, bound(upper)?);
                // A range that ends before it starts is refused, as
                // `--since` after `--until` is, rather than match
                // nothing without a word.
                let value = |b: &Bound<u64>| match b {
                    Bound::Included(y) | Bound::Excluded(y) => Some(*y),
                    Bound::Unbounded => None,
                };
                if let (Some(since), Some(until)) = (value(&lower), value(&upper))
                    && since > until
                {
                    return Err(QueryError::Years {
                        since: u16::try_from(since).unwrap_or(u16::MAX),
                        until: u16::try_from(until).unwrap_or(u16::MAX),
                    });
                }
                Ok(Query::Field(FieldFilter::Years { lower, upper }))
            }
            Some(other) if !is_field(other) => Err(QueryError::UnknownField(other.into())),
            _ => Err(QueryError::Unsupported(Unsupported::Range)),
        },
        UserInputLeaf::Set { .. } => Err(QueryError::Unsupported(Unsupported::Set)),
        UserInputLeaf::Exists { .. } => Err(QueryError::Unsupported(Unsupported::Exists)),
        UserInputLeaf::Regex { .. } => Err(QueryError::Unsupported(Unsupported::Regex)),
    }
}

/// The filter `field:value`, its value checked.
fn field_filter(field: &str, value: String) -> Result<FieldFilter, QueryError> {
    Ok(match field {
        "title" => FieldFilter::Title(value),
        "section" => FieldFilter::Section(value),
        "region" => FieldFilter::Region(value),
        "level" => FieldFilter::Level(value.parse()?),
        "year" => FieldFilter::Year(year(&value)?),
        "file" => {
            super::filters::check_glob(&value)?;
            FieldFilter::File(value)
        }
        other => return Err(QueryError::UnknownField(other.to_string())),
    })
}

/// A year as a query writes it (`2023`, `2023年`).
fn year(value: &str) -> Result<u64, QueryError> {
    value
        .trim()
        .trim_end_matches('年')
        .parse()
        .map_err(|_| QueryError::NotAYear(value.to_string()))
}

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
    /// The number after `"…"~` is too large to be a distance.
    DistanceTooLarge,
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

    /// The parts that say the word on their own, as highlights and
    /// phrasings take it: all of them when together they spell every
    /// character of it (联系 and 群众 for 联系群众), none when some of it
    /// is left unsaid (消费 for 消费者: 消费 marked all over a paragraph
    /// about consumption is not 消费者权益保护). Ranking weighs every part
    /// as evidence (see [`Concept::held_in`]).
    pub fn standing_parts(&self) -> &[String] {
        let mut said = vec![false; self.word.len()];
        for p in &self.parts {
            for (at, _) in self.word.match_indices(p.as_str()) {
                said[at..at + p.len()].iter_mut().for_each(|s| *s = true);
            }
        }
        if said.iter().all(|s| *s) {
            &self.parts
        } else {
            &[]
        }
    }

    /// Whether `text` (folded, see [`crate::text::fold`]) holds the concept
    /// as ranking counts it: its word, or all of its parts.
    pub fn held_in(&self, text: &str) -> bool {
        text.contains(self.word.as_str())
            || (!self.parts.is_empty() && self.parts.iter().all(|p| text.contains(p.as_str())))
    }

    /// Whether `text` (folded) says the concept as a phrasing of it
    /// counts: its word, or all of its parts that do not straddle two
    /// others (建议 and 办理 for 建议办理, without 议办) when the parts stand
    /// for the word (see [`Concept::standing_parts`]).
    pub fn said_in(&self, text: &str) -> bool {
        text.contains(self.word.as_str())
            || (!self.standing_parts().is_empty() && {
                let parts = self.unstraddled_parts();
                !parts.is_empty() && parts.iter().all(|p| text.contains(p.as_str()))
            })
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
    /// Every string worth highlighting in a hit: the phrases, the themes
    /// with their words (and the parts that say a word on their own, see
    /// [`Concept::standing_parts`]), and the related expressions that make
    /// a paragraph match. Feedback words only re-weigh and are not
    /// highlighted: they are what the first paragraphs share, not other
    /// words of the theme.
    pub fn needles(&self) -> Vec<String> {
        let mut out: Vec<String> = self.phrases.clone();
        for (text, concepts) in &self.themes {
            out.push(text.clone());
            for c in concepts {
                out.push(c.word.clone());
                out.extend(c.standing_parts().iter().cloned());
            }
        }
        out.extend(
            self.related
                .iter()
                .filter(|r| r.matches())
                .map(|r| r.word.clone()),
        );
        out.retain(|s| !s.trim().is_empty());
        out.sort();
        out.dedup();
        out
    }
}

/// A query as people type Chinese, in the syntax's own terms: “…”, 「…」
/// and 『…』 quote a phrase as "…" does; outside quotes a full-width space
/// and the marks ，、；。 separate words as a space does. Inside quotes
/// everything is kept as typed, but for what the texts were cleaned of when
/// they were read ([`crate::corpus::normalize`]): a full-width
/// or no-break space is a space there as in the texts, so that a phrase
/// copied from a document finds the paragraphs that hold it.
pub fn normalize_typed(text: &str) -> String {
    let text = crate::corpus::normalize(text);
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
/// Refuse a `"…"~N` whose N does not fit a distance, which the grammar
/// would report as something else (a missing space) at the wrong place.
fn check_distances(text: &str) -> Result<(), QueryError> {
    let chars: Vec<char> = text.chars().collect();
    for (i, w) in chars.windows(2).enumerate() {
        if w == ['"', '~'] {
            let digits: String = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if !digits.is_empty() && digits.parse::<u32>().is_err() {
                return Err(QueryError::Syntax {
                    problem: Syntax::DistanceTooLarge,
                    at: Some(i + 3),
                });
            }
        }
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(t: &str) -> Query {
        Query::Theme(t.into())
    }

    fn phrase(t: &str, slop: u32) -> Query {
        Query::Phrase {
            text: t.into(),
            slop,
        }
    }

    #[test]
    fn parts_stand_for_a_word_only_when_they_spell_all_of_it() {
        let concept = |word: &str, parts: &[&str]| Concept {
            word: word.into(),
            parts: parts.iter().map(|p| p.to_string()).collect(),
        };
        let whole = concept("联系群众", &["联系", "群众"]);
        assert_eq!(whole.standing_parts(), ["联系", "群众"]);
        let overlapping = concept("妇女儿童", &["妇女", "女儿", "儿童"]);
        assert_eq!(overlapping.standing_parts().len(), 3);
        // 消费 leaves 者 unsaid: it does not stand for 消费者.
        let short = concept("消费者", &["消费"]);
        assert!(short.standing_parts().is_empty());
        assert!(short.said_in("保护消费者的权益"));
        assert!(!short.said_in("促进消费稳定增长"));
        assert!(concept("建议办理", &["建议", "办理", "议办"]).said_in("对建议认真办理"));
        // Ranking still counts the part as evidence.
        assert!(short.held_in("促进消费稳定增长"));
        let wanted = Wanted {
            themes: vec![("消费者权益保护".into(), vec![short, concept("权益", &[])])],
            ..Wanted::default()
        };
        let needles = wanted.needles();
        assert!(needles.contains(&"消费者".to_string()), "{needles:?}");
        assert!(!needles.contains(&"消费".to_string()), "{needles:?}");
    }

    #[test]
    fn leaves_operators_and_fields_read_into_the_tree() {
        use Occur::{And, Not, Or};
        assert_eq!(parse("代表"), Ok(theme("代表")));
        assert_eq!(parse("*"), Ok(Query::Every));
        assert_eq!(
            parse("密切联系群众 \"代表大会\"~3 -监督 region:浙江 level:县 year:[2018 TO 2020]"),
            Ok(Query::Bool(vec![
                (And, theme("密切联系群众")),
                (And, phrase("代表大会", 3)),
                (Not, theme("监督")),
                (And, Query::Field(FieldFilter::Region("浙江".into()))),
                (And, Query::Field(FieldFilter::Level(Level::County))),
                (
                    And,
                    Query::Field(FieldFilter::Years {
                        lower: Bound::Included(2018),
                        upper: Bound::Included(2020),
                    })
                ),
            ]))
        );
        // Chinese quotes and marks as the syntax's own; `+` and `text:` as
        // nothing at all.
        assert_eq!(
            parse("“人民代表大会”，代表 +text:人大"),
            Ok(Query::Bool(vec![
                (And, phrase("人民代表大会", 0)),
                (And, theme("代表")),
                (And, theme("人大")),
            ]))
        );
        assert_eq!(
            parse("人大 AND (监督 OR 代表)"),
            Ok(Query::Bool(vec![
                (And, theme("人大")),
                (
                    And,
                    Query::Bool(vec![(Or, theme("监督")), (Or, theme("代表"))])
                ),
            ]))
        );
        assert_eq!(
            parse("代表 OR -监督"),
            Ok(Query::Bool(vec![
                (Or, theme("代表")),
                (Or, Query::Bool(vec![(Not, theme("监督"))])),
            ]))
        );
        assert_eq!(
            parse("a b OR c"),
            Ok(Query::Bool(vec![
                (And, theme("a")),
                (Or, theme("b")),
                (Or, theme("c")),
            ]))
        );
        assert_eq!(
            parse("代表^2"),
            Ok(Query::Boost {
                query: Box::new(theme("代表")),
                boost: 2.0
            })
        );
        assert_eq!(
            parse("title:\"工作 报告\" file:*.txt year:2023年 section:一"),
            Ok(Query::Bool(vec![
                (And, Query::Field(FieldFilter::Title("工作 报告".into()))),
                (And, Query::Field(FieldFilter::File("*.txt".into()))),
                (And, Query::Field(FieldFilter::Year(2023))),
                (And, Query::Field(FieldFilter::Section("一".into()))),
            ]))
        );
        assert_eq!(
            parse("year:{2018 TO *]"),
            Ok(Query::Field(FieldFilter::Years {
                lower: Bound::Excluded(2018),
                upper: Bound::Unbounded,
            }))
        );
    }

    #[test]
    fn an_exact_query_text_parses_to_one_phrase() {
        let text = query_text("代表\"x\\ 人大", true);
        assert_eq!(text, r#""代表\"x\\ 人大""#);
        assert_eq!(parse(&text), Ok(phrase("代表\"x\\ 人大", 0)));
        assert_eq!(query_text("代表 人大", false), "代表 人大");
    }

    #[test]
    fn errors_say_what_and_where() {
        let syntax = |problem, at| Err(QueryError::Syntax { problem, at });
        assert_eq!(parse(""), Err(QueryError::Empty));
        assert_eq!(parse(" 　，"), Err(QueryError::Empty));
        // Positions count characters, from 1.
        assert_eq!(parse("代表)"), syntax(Syntax::Unread, Some(3)));
        assert_eq!(parse("NOT"), syntax(Syntax::KeywordAsWord, Some(1)));
        assert_eq!(parse("()"), syntax(Syntax::Other, Some(2)));
        assert_eq!(parse("(代表"), syntax(Syntax::UnclosedParenthesis, None));
        assert_eq!(
            parse("\"人大代表"),
            syntax(Syntax::UnclosedQuote('"'), None)
        );
        assert_eq!(parse("人大 AND"), syntax(Syntax::LoneOperator, None));
        assert_eq!(parse("OR 人大"), syntax(Syntax::OperatorBeforeWord, None));
        // A distance too large for one: said at its first digit.
        assert_eq!(
            parse("\"乡村 振兴\"~99999999999"),
            syntax(Syntax::DistanceTooLarge, Some(9))
        );
        assert!(parse("\"乡村 振兴\"~4294967295").is_ok());
        let deep = format!(
            "{}代表{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        assert_eq!(parse(&deep), Err(QueryError::TooDeep));
        assert_eq!(
            parse("year:[2021 TO 2019]"),
            Err(QueryError::Years {
                since: 2021,
                until: 2019
            })
        );
        assert_eq!(parse("year:abc"), Err(QueryError::NotAYear("abc".into())));
        assert!(matches!(parse("level:planet"), Err(QueryError::Level(_))));
        assert_eq!(
            parse("title:[a TO b]"),
            Err(QueryError::Unsupported(Unsupported::Range))
        );
        assert_eq!(
            parse("[a TO b]"),
            Err(QueryError::Unsupported(Unsupported::Range))
        );
        assert_eq!(
            parse("/re/"),
            Err(QueryError::Unsupported(Unsupported::Regex))
        );
        assert_eq!(
            parse("title: IN [a b]"),
            Err(QueryError::Unsupported(Unsupported::Set))
        );
        assert_eq!(
            parse("title:*"),
            Err(QueryError::Unsupported(Unsupported::Exists))
        );
        // The first wrong value, in the order the query holds them.
        assert_eq!(
            parse("foo:bar level:planet"),
            Err(QueryError::UnknownField("foo".into()))
        );
        assert!(matches!(
            parse("level:planet foo:bar"),
            Err(QueryError::Level(_))
        ));
        let complex = format!("file:{} 代表 foo:bar", "*a?".repeat(400));
        assert!(matches!(
            parse(&complex),
            Err(QueryError::GlobTooComplex(_))
        ));
    }
}
