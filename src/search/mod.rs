//! Searching the index: query building, ranking, snippets; concordances
//! ([`kwic`]) and paragraphs like a given one ([`similar`]).
//!
//! [`search`] runs a [`SearchRequest`]: the query string is compiled
//! ([`query`]), restricted by the filters, run for the total count and the
//! best candidates, which are re-scored on their text ([`rank`]) and given
//! the byte ranges of their matches for highlighting.

pub mod compare;
pub mod kwic;
pub mod near_duplicates;
pub mod query;
pub mod rank;
pub mod similar;
pub mod snippet;

use std::ops::Range;

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};

use crate::index::{RendaIndex, reader};
use crate::speech::{Date, Level};
pub use query::{Filters, QueryError, Unknown};

/// One matching paragraph (or heading), with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The speech's file, relative to the corpus root.
    pub file: String,
    pub title: String,
    pub level: Option<Level>,
    pub year: Option<u16>,
    /// The speech's date, as precise as stated (`2023-03-15`, `2023-03`, `2023`).
    pub date: Option<Date>,
    pub region: Option<String>,
    /// The heading of the section the paragraph stands in; for a heading
    /// hit, the heading itself.
    pub section: Option<String>,
    /// The paragraph's number in its speech (1-based); 0 for a heading.
    pub paragraph: usize,
    /// The whole paragraph.
    pub text: String,
    /// How well it matches; higher is better.
    pub score: f32,
    /// Byte ranges of `text` that match the query, sorted, not overlapping.
    #[serde(skip)]
    pub matches: Vec<Range<usize>>,
    /// Other paragraphs that say the same sentence with small edits, folded
    /// into this one (see [`near_duplicates`]).
    pub duplicates: Vec<Duplicate>,
}

/// A paragraph folded into a hit as a near-copy of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub file: String,
    pub title: String,
    pub level: Option<Level>,
    pub year: Option<u16>,
    pub paragraph: usize,
}

impl Hit {
    /// Where this hit comes from, as a [`Duplicate`] of another.
    pub fn as_duplicate(&self) -> Duplicate {
        Duplicate {
            file: self.file.clone(),
            title: self.title.clone(),
            level: self.level,
            year: self.year,
            paragraph: self.paragraph,
        }
    }
}

/// The answer to a search: one page of hits and the total count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub query: String,
    /// How many paragraphs match in all.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// What the filters left out because the value they filter on is
    /// unknown (see [`Filters::include_unknown`]).
    pub left_out: Vec<LeftOut>,
}

/// Speeches and paragraphs that match the query but were left out by a
/// filter because their value for it is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub field: Unknown,
    pub speeches: usize,
    pub paragraphs: usize,
}

/// What `filters` leave out of `query`'s matches as unknown, field by
/// field (nothing with [`Filters::include_unknown`], or for a field no
/// filter is set on).
pub fn left_out(
    idx: &RendaIndex,
    query: &dyn tantivy::query::Query,
    filters: &Filters,
) -> Result<Vec<LeftOut>, SearchError> {
    let fail = |source| SearchError::Tantivy {
        path: idx.path.display().to_string(),
        source,
    };
    let searcher = idx.searcher()?;
    let mut out = Vec::new();
    for (field, clauses) in filters.unknown(idx.fields)? {
        let q = query::restrict(query.box_clone(), clauses)?;
        let docs = searcher.search(&q, &DocSetCollector).map_err(fail)?;
        if docs.is_empty() {
            continue;
        }
        let mut files = std::collections::HashSet::new();
        let mut columns = std::collections::HashMap::new();
        for addr in &docs {
            let column = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .str("file")
                        .map_err(fail)?,
                ),
            };
            if let Some(ord) = column
                .as_ref()
                .and_then(|c| c.term_ords(addr.doc_id).next())
            {
                files.insert((addr.segment_ord, ord));
            }
        }
        // The same file has one ord per segment, and a file lives in one
        // segment (its documents are added and deleted together).
        out.push(LeftOut {
            field,
            speeches: files.len(),
            paragraphs: docs.len(),
        });
    }
    Ok(out)
}

/// A search to run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    /// Fold near-identical phrasings into one hit.
    pub collapse: bool,
}

/// Candidates looked at, at least, when folding near-copies.
const COLLAPSE_DEPTH: usize = 100;

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error("searching {path}: {source}")]
    Tantivy {
        path: String,
        #[source]
        source: tantivy::TantivyError,
    },
}

/// Run a search over an open index.
pub fn search(idx: &RendaIndex, req: &SearchRequest) -> Result<SearchResult, SearchError> {
    let page_end = req.offset.saturating_add(req.limit);
    let mut depth = page_end;
    if req.collapse {
        depth = depth.max(page_end.saturating_mul(3)).max(COLLAPSE_DEPTH);
    }
    let found = if req.collapse {
        // Stop reading candidates once they make a full page of distinct
        // phrasings (reading a paragraph's text is the costly part).
        let first_check = page_end.saturating_mul(2);
        let step = (page_end / 2).max(5);
        find_until(idx, &req.query, &req.filters, depth, |hits| {
            let n = hits.len();
            n >= first_check
                && (n - first_check).is_multiple_of(step)
                && distinct_phrasings(hits) >= page_end
        })?
    } else {
        find(idx, &req.query, &req.filters, depth)?
    };
    let mut hits = found.hits;
    if req.collapse {
        hits = collapse(hits);
    }
    let left_out = found.left_out;
    Ok(SearchResult {
        query: req.query.clone(),
        total: found.total,
        hits: hits.into_iter().skip(req.offset).take(req.limit).collect(),
        left_out,
    })
}

/// The best-ranked paragraphs for a query, not folded.
#[derive(Debug, Clone)]
pub struct Found {
    /// How many paragraphs match in all.
    pub total: usize,
    /// The best of them (at most the depth asked for), best first, with
    /// their matches.
    pub hits: Vec<Hit>,
    /// What the query asks for.
    pub wanted: query::Wanted,
    /// What the filters left out as unknown (see [`left_out`]).
    pub left_out: Vec<LeftOut>,
}

/// Run `query` restricted by `filters` and return the `depth` best
/// paragraphs, ranked (themes are re-scored over at least
/// [`rank::RERANK_DEPTH`] candidates) and sorted, with their matches.
pub fn find(
    idx: &RendaIndex,
    query: &str,
    filters: &Filters,
    depth: usize,
) -> Result<Found, SearchError> {
    find_until(idx, query, filters, depth, |_| false)
}

/// [`find`], reading the candidates' texts in ranked order only until
/// `enough` says the hits read so far are enough. Themes are re-scored on
/// their text, so all their candidates are always read; for other queries
/// the ranking is BM25's and reading can stop early.
pub fn find_until(
    idx: &RendaIndex,
    query: &str,
    filters: &Filters,
    depth: usize,
    mut enough: impl FnMut(&[Hit]) -> bool,
) -> Result<Found, SearchError> {
    let fail = |source| SearchError::Tantivy {
        path: idx.path.display().to_string(),
        source,
    };
    let mut builder = query::QueryBuilder::new(idx.fields, &idx.dictionary);
    let compiled = builder.compile(query)?;
    let left_out = if filters.may_leave_out() {
        left_out(idx, compiled.query.as_ref(), filters)?
    } else {
        Vec::new()
    };
    let tantivy_query = filters.apply(idx.fields, compiled.query)?;
    let searcher = idx.searcher()?;
    let mut hits_of = reader::HitReader::new(&searcher, &idx.fields);
    let mut candidates = depth;
    if !compiled.wanted.themes.is_empty() {
        candidates = candidates.max(rank::RERANK_DEPTH);
    }
    // Never ask for more than the index holds: tantivy makes room up front.
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let candidates = candidates.min(docs).max(1);
    let (total, top) = searcher
        .search(
            &tantivy_query,
            &(
                Count,
                TopDocs::with_limit(candidates.max(1)).order_by_score(),
            ),
        )
        .map_err(fail)?;
    let best = top.first().map_or(0.0, |(s, _)| *s);
    let needles = compiled.wanted.needles();
    let needle_refs: Vec<&str> = needles.iter().map(String::as_str).collect();
    let reranked = !compiled.wanted.themes.is_empty();
    let mut hits: Vec<Hit> = Vec::with_capacity(top.len());
    for (bm25, addr) in top {
        let mut hit = hits_of.hit(addr, bm25).map_err(fail)?;
        let features = rank::features(&hit.text, &compiled.wanted);
        hit.score = rank::score(bm25, best, features);
        hit.matches = snippet::find_all(&hit.text, &needle_refs);
        hits.push(hit);
        if !reranked && enough(&hits) {
            break;
        }
    }
    sort(&mut hits);
    hits.truncate(depth.max(1));
    Ok(Found {
        total,
        hits,
        wanted: compiled.wanted,
        left_out,
    })
}

/// Every paragraph (and heading) whose text contains `phrase` exactly,
/// restricted by `filters`, in corpus order (file, then paragraph number;
/// headings, numbered 0, first), each with a score of 0 and, as its
/// matches, where the phrase occurs (for highlighting).
///
/// The phrase is taken as it is, without query syntax: quotes, operators
/// and any other characters are part of the string looked for. An empty
/// phrase finds nothing.
pub fn containing(idx: &RendaIndex, phrase: &str, filters: &Filters) -> Result<Found, SearchError> {
    let fail = |source| SearchError::Tantivy {
        path: idx.path.display().to_string(),
        source,
    };
    let wanted = query::Wanted {
        phrases: vec![phrase.to_string()],
        themes: Vec::new(),
    };
    if phrase.is_empty() {
        return Ok(Found {
            total: 0,
            hits: Vec::new(),
            wanted,
            left_out: Vec::new(),
        });
    }
    let exact =
        crate::analysis::exact_phrase_query(idx.fields.text, phrase).map_err(QueryError::from)?;
    let left_out = if filters.may_leave_out() {
        left_out(idx, exact.as_ref(), filters)?
    } else {
        Vec::new()
    };
    let tantivy_query = filters.apply(idx.fields, exact)?;
    let searcher = idx.searcher()?;
    let mut hits_of = reader::HitReader::new(&searcher, &idx.fields);
    let mut addresses: Vec<_> = searcher
        .search(&tantivy_query, &DocSetCollector)
        .map_err(fail)?
        .into_iter()
        .collect();
    addresses.sort();
    let mut hits: Vec<Hit> = Vec::with_capacity(addresses.len());
    for addr in addresses {
        let mut hit = hits_of.hit(addr, 0.0).map_err(fail)?;
        hit.matches = snippet::find_all(&hit.text, &[phrase]);
        hits.push(hit);
    }
    hits.sort_by(|a, b| a.file.cmp(&b.file).then(a.paragraph.cmp(&b.paragraph)));
    Ok(Found {
        total: hits.len(),
        hits,
        wanted,
        left_out,
    })
}

/// Sort by score (ties: file and paragraph, for a stable order).
pub fn sort(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.paragraph.cmp(&b.paragraph))
    });
}

/// Fold each phrasing family into its best hit (the first, as sorted),
/// which lists the others as its duplicates.
/// How many hits [`collapse`] would leave.
fn distinct_phrasings(hits: &[Hit]) -> usize {
    phrasing_families(hits).len()
}

/// The hits grouped into families of near-copies of one key sentence.
fn phrasing_families(hits: &[Hit]) -> Vec<Vec<usize>> {
    let keys: Vec<&str> = hits
        .iter()
        .map(|h| &h.text[near_duplicates::key_sentence(&h.text, &h.matches)])
        .collect();
    near_duplicates::families(&keys)
}

pub fn collapse(hits: Vec<Hit>) -> Vec<Hit> {
    let families = phrasing_families(&hits);
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(families.len());
    for family in families {
        let mut members = family.into_iter().filter_map(|i| slots[i].take());
        let Some(mut best) = members.next() else {
            continue;
        };
        for m in members {
            best.duplicates.push(m.as_duplicate());
            best.duplicates.extend(m.duplicates);
        }
        out.push(best);
    }
    out
}
