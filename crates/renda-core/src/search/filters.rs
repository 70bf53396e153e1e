//! Filters on where a paragraph comes from (level, year, region, section,
//! file): what they ask, checked and said for people, and the Tantivy
//! queries that restrict a search to them — the same for every front end.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, ExistsQuery, Occur, Query, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::query::QueryError;
use crate::index::Fields;
use crate::speech::{LabelName, Level};

/// A glob over the file path: `*` and `?` within a folder, `**` across
/// folders; a glob without `/` matches the file name in any folder.
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::new();
    if !glob.contains('/') {
        re.push_str("(.*/)?");
    }
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                re.push_str(".*");
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re
}

/// The paragraphs whose `field` (title, section or region: one raw string
/// per paragraph) contains `value` exactly. An automaton runs over the
/// field's term dictionary, so the cost is one pass over the distinct
/// values (a few per speech), not over the paragraphs; it is as large as
/// `value`, however long (a regular expression's grows past its limit on
/// a long value). The empty string matches nothing.
pub(super) fn containing_value(field: Field, value: &str) -> Result<Box<dyn Query>, QueryError> {
    if value.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    Ok(Box::new(ContainingQuery {
        field,
        automaton: std::sync::Arc::new(Containing::new(value)),
    }))
}

/// The terms that contain a string, byte by byte as Knuth, Morris and
/// Pratt find it (in UTF-8, a string's bytes are found only where its
/// characters are). The state is how many bytes of the string were just
/// seen; all of them, once found.
#[derive(Debug)]
struct Containing {
    needle: Vec<u8>,
    /// For each prefix of the needle, the longest proper prefix that is
    /// also its suffix.
    fallback: Vec<usize>,
}

impl Containing {
    fn new(value: &str) -> Self {
        let needle = value.as_bytes().to_vec();
        let mut fallback = vec![0; needle.len()];
        let mut k = 0;
        for i in 1..needle.len() {
            while k > 0 && needle[i] != needle[k] {
                k = fallback[k - 1];
            }
            if needle[i] == needle[k] {
                k += 1;
            }
            fallback[i] = k;
        }
        Self { needle, fallback }
    }
}

impl tantivy_fst::Automaton for Containing {
    type State = usize;

    fn start(&self) -> usize {
        0
    }

    fn is_match(&self, state: &usize) -> bool {
        *state == self.needle.len()
    }

    fn will_always_match(&self, state: &usize) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &usize, byte: u8) -> usize {
        let mut k = *state;
        if k == self.needle.len() {
            return k;
        }
        while k > 0 && self.needle[k] != byte {
            k = self.fallback[k - 1];
        }
        if self.needle[k] == byte { k + 1 } else { 0 }
    }
}

/// The paragraphs whose `field` holds a term [`Containing`] accepts.
#[derive(Debug, Clone)]
struct ContainingQuery {
    field: Field,
    automaton: std::sync::Arc<Containing>,
}

impl Query for ContainingQuery {
    fn weight(
        &self,
        _: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(
            tantivy::query::AutomatonWeight::<Containing>::new(self.field, self.automaton.clone()),
        ))
    }
}

/// The files whose path matches `glob` (see [`glob_to_regex`]).
pub(super) fn file_query(f: Fields, glob: &str) -> Result<Box<dyn Query>, QueryError> {
    Ok(Box::new(RegexQuery::from_regex(glob_regex(glob)?, f.file)))
}

/// Refuse a glob that cannot be matched, as a search would.
pub(super) fn check_glob(glob: &str) -> Result<(), QueryError> {
    glob_regex(glob).map(drop)
}

/// The automaton of a glob over file paths, or why it cannot be made
/// (the glob shown cut to 40 characters).
fn glob_regex(glob: &str) -> Result<tantivy_fst::Regex, QueryError> {
    tantivy_fst::Regex::new(&glob_to_regex(glob)).map_err(|e| {
        let e = tantivy::TantivyError::InvalidArgument(format!("RegexQueryError: {e}"));
        let shown: String = glob.chars().take(40).collect();
        let more = if glob.chars().count() > 40 { "…" } else { "" };
        let shown = crate::display::escaped(&shown).into_owned();
        if e.to_string().contains("size limit") {
            QueryError::GlobTooComplex(format!("{shown}{more}"))
        } else {
            QueryError::GlobUnusable {
                glob: format!("{shown}{more}"),
                reason: e.to_string(),
            }
        }
    })
}

/// Filters on where a paragraph comes from.
///
/// A speech whose year, level or region is unknown matches no filter on
/// it: it is left out, and [`Filters::unknown`] says how to count what was
/// left out so (a search reports it). With `include_unknown`, such speeches
/// are kept instead, field by field: a filter on a field whose unknown
/// values are kept asks for the value *or* no value at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub levels: Vec<Level>,
    pub year: Option<u16>,
    pub since: Option<u16>,
    pub until: Option<u16>,
    pub region: Option<String>,
    pub section: Option<String>,
    pub file: Option<String>,
    /// Which unknown values to keep: the speeches whose year, level or
    /// region is unknown, each a choice of its own.
    pub include_unknown: KeepUnknown,
}

/// Which fields' unknown values a filter on them keeps (see [`Filters`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeepUnknown {
    pub year: bool,
    pub level: bool,
    pub region: bool,
}

impl KeepUnknown {
    /// Unknown year, level and region all kept.
    pub const ALL: KeepUnknown = KeepUnknown {
        year: true,
        level: true,
        region: true,
    };

    /// Whether the unknown values of `which` are kept.
    pub fn keeps(self, which: Unknown) -> bool {
        match which {
            Unknown::Year => self.year,
            Unknown::Level => self.level,
            Unknown::Region => self.region,
        }
    }

    /// These and the unknown values of `which` kept.
    pub fn with(mut self, which: Unknown) -> KeepUnknown {
        match which {
            Unknown::Year => self.year = true,
            Unknown::Level => self.level = true,
            Unknown::Region => self.region = true,
        }
        self
    }

    /// The fields whose unknown values are kept, in the order year, level,
    /// region.
    pub fn fields(self) -> Vec<Unknown> {
        [Unknown::Year, Unknown::Level, Unknown::Region]
            .into_iter()
            .filter(|w| self.keeps(*w))
            .collect()
    }
}

/// A label a filter may find unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unknown {
    Year,
    Level,
    Region,
}

impl Unknown {
    /// The label it is.
    pub fn label(self) -> LabelName {
        match self {
            Unknown::Year => LabelName::Year,
            Unknown::Level => LabelName::Level,
            Unknown::Region => LabelName::Region,
        }
    }

    /// The index field that holds the value: the label's name.
    pub fn field_name(self) -> &'static str {
        self.label().as_str()
    }
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field_name())
    }
}

/// A field a filter may find unknown, with the filters that find what it
/// leaves out (see [`Filters::unknown`]).
pub type UnknownFilter = (Unknown, Vec<Box<dyn Query>>);

/// The paragraphs with no value in `field`.
fn missing(field: &str) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
        (
            Occur::MustNot,
            Box::new(ExistsQuery::new(field.to_string(), false)),
        ),
    ]))
}

fn either(a: Box<dyn Query>, b: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, a),
        (Occur::Should, b),
    ]))
}

impl Filters {
    /// The filter on each field whose value may be unknown, if one is set.
    fn on_field(&self, f: Fields, which: Unknown) -> Result<Option<Box<dyn Query>>, QueryError> {
        Ok(match which {
            Unknown::Level if !self.levels.is_empty() => {
                let any: Vec<(Occur, Box<dyn Query>)> = self
                    .levels
                    .iter()
                    .map(|l| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(f.level, l.as_str()),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect();
                Some(Box::new(BooleanQuery::new(any)))
            }
            Unknown::Year => {
                let year = |y: u16| Term::from_field_u64(f.year, u64::from(y));
                let mut all: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                if let Some(y) = self.year {
                    all.push((
                        Occur::Must,
                        Box::new(TermQuery::new(year(y), IndexRecordOption::Basic)),
                    ));
                }
                if self.since.is_some() || self.until.is_some() {
                    let lower = self
                        .since
                        .map_or(Bound::Unbounded, |y| Bound::Included(year(y)));
                    let upper = self
                        .until
                        .map_or(Bound::Unbounded, |y| Bound::Included(year(y)));
                    all.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
                }
                match all.len() {
                    0 => None,
                    1 => all.pop().map(|(_, q)| q),
                    _ => Some(Box::new(BooleanQuery::new(all))),
                }
            }
            Unknown::Region => match &self.region {
                Some(r) => Some(containing_value(f.region, r)?),
                None => None,
            },
            Unknown::Level => None,
        })
    }

    /// The filters on fields that are never unknown (section, file).
    fn on_known(&self, f: Fields) -> Result<Vec<Box<dyn Query>>, QueryError> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some(s) = &self.section {
            out.push(containing_value(f.section, s)?);
        }
        if let Some(g) = &self.file {
            out.push(file_query(f, g)?);
        }
        Ok(out)
    }

    const FIELDS: [Unknown; 3] = [Unknown::Level, Unknown::Year, Unknown::Region];

    /// Whether a filter is set that leaves out speeches whose value is
    /// unknown.
    pub fn may_leave_out(&self) -> bool {
        let keep = self.include_unknown;
        (!keep.level && !self.levels.is_empty())
            || (!keep.year && (self.year.is_some() || self.since.is_some() || self.until.is_some()))
            || (!keep.region && self.region.is_some())
    }

    /// The filters as queries that must match and do not score.
    pub fn queries(&self, f: Fields) -> Result<Vec<Box<dyn Query>>, QueryError> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        for which in Self::FIELDS {
            if let Some(q) = self.on_field(f, which)? {
                out.push(if self.include_unknown.keeps(which) {
                    either(q, missing(which.field_name()))
                } else {
                    q
                });
            }
        }
        out.extend(self.on_known(f)?);
        Ok(out)
    }

    /// For each field a filter is set on whose unknown values are not
    /// kept, the filters that find what it leaves out as unknown: no value
    /// in that field, and every other filter met (a field unknown there too
    /// counts as met).
    pub fn unknown(&self, f: Fields) -> Result<Vec<UnknownFilter>, QueryError> {
        let mut out = Vec::new();
        for which in Self::FIELDS {
            if self.include_unknown.keeps(which) || self.on_field(f, which)?.is_none() {
                continue;
            }
            let mut clauses: Vec<Box<dyn Query>> = vec![missing(which.field_name())];
            for other in Self::FIELDS.into_iter().filter(|o| *o != which) {
                if let Some(q) = self.on_field(f, other)? {
                    clauses.push(either(q, missing(other.field_name())));
                }
            }
            clauses.extend(self.on_known(f)?);
            out.push((which, clauses));
        }
        Ok(out)
    }

    /// `query` restricted by the filters.
    pub fn apply(&self, f: Fields, query: Box<dyn Query>) -> Result<Box<dyn Query>, QueryError> {
        restrict(query, self.queries(f)?)
    }
}

/// `query` restricted by `filters` (each must match; none scores).
pub fn restrict(
    query: Box<dyn Query>,
    filters: Vec<Box<dyn Query>>,
) -> Result<Box<dyn Query>, QueryError> {
    if filters.is_empty() {
        return Ok(query);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    for q in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

impl Filters {
    /// The filters ready to use: blank texts (region, section, file) as
    /// no filter; refused when no year can pass them (`since` after
    /// `until`, or `year` outside them).
    pub fn validate(mut self) -> Result<Filters, QueryError> {
        for text in [&mut self.region, &mut self.section, &mut self.file] {
            if text.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *text = None;
            }
        }
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since > until
        {
            return Err(QueryError::Years { since, until });
        }
        if let Some(year) = self.year
            && (self.since.is_some_and(|s| year < s) || self.until.is_some_and(|u| year > u))
        {
            return Err(QueryError::YearOutside { year });
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::Level;

    fn filters() -> Filters {
        Filters {
            levels: vec![Level::County, Level::District],
            since: Some(2020),
            ..Filters::default()
        }
    }

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

    #[test]
    fn validation_refuses_empty_year_ranges_and_drops_blank_texts() {
        let bad = Filters {
            since: Some(2021),
            until: Some(2020),
            ..Filters::default()
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(
            e,
            QueryError::Years {
                since: 2021,
                until: 2020
            }
        );
        assert!(e.to_string().contains("is after"));
        let outside = Filters {
            year: Some(2019),
            since: Some(2020),
            ..Filters::default()
        };
        assert!(outside.validate().is_err());
        let blank = Filters {
            region: Some("  ".into()),
            file: Some(String::new()),
            section: Some("报告".into()),
            ..filters()
        };
        let ok = blank.validate().unwrap();
        assert_eq!((ok.region, ok.file), (None, None));
        assert_eq!(ok.section.as_deref(), Some("报告"));
    }
}
