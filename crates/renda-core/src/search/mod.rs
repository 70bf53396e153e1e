//! Searching the index: query building, ranking, snippets; concordances
//! ([`kwic`]) and paragraphs like a given one ([`similar`]).
//!
//! [`search`] runs a [`SearchRequest`]: the query string is parsed
//! ([`query`]) and built into a Tantivy query ([`compile`]), restricted by the filters, run for the total count and the
//! best candidates, which are re-scored on their text ([`rank`]) and given
//! the byte ranges of their matches for highlighting.

pub mod cancel;
pub mod check;
pub mod compare;
pub mod compile;
mod diversity;
pub mod expand;
mod filters;
pub mod kwic;
pub mod near_duplicates;
pub mod query;
pub mod rank;
pub mod similar;
pub mod snippet;
pub mod speeches;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};

use crate::index::{RendaIndex, reader};
pub use query::{Filters, KeepUnknown, QueryError, Syntax, Unknown, Unsupported};

pub use crate::hit::{Duplicate, Hit};
pub use diversity::{diversify, diversify_after};

/// The answer to a search: one page of hits and the total count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub query: String,
    /// How many paragraphs match in all.
    pub total: usize,
    /// How many phrasings they fold into, when near-copies are folded:
    /// every matching paragraph stands in one of them, as its hit or as
    /// one of its near-copies.
    pub phrasings: Option<usize>,
    /// Matches past the first [`FOLD_ALL_MAX`], which are not folded: each
    /// stands as a phrasing of its own, after the folded families (counted
    /// in `phrasings`).
    #[serde(skip_serializing_if = "is_zero")]
    pub unfolded: usize,
    pub hits: Vec<Hit>,
    /// Related expressions searched besides the query's own words, with
    /// where each comes from.
    pub related: Vec<expand::Related>,
    /// The related expressions dropped (`without`) that would have been
    /// searched; a word dropped and not here changed nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// What the filters left out because the value they filter on is
    /// unknown (see [`Filters::include_unknown`]).
    pub left_out: Vec<LeftOut>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl SearchResult {
    /// Whether there are hits after this page, which starts at `offset`:
    /// offsets count phrasings when near-copies are folded, paragraphs
    /// when not.
    pub fn more_after(&self, offset: usize) -> bool {
        let next = offset + self.hits.len();
        match self.phrasings {
            Some(all) => next < all,
            None => {
                let folded: usize = self.hits.iter().map(|h| h.duplicates.len()).sum();
                next + folded < self.total
            }
        }
    }
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
        let q = filters::restrict(query.box_clone(), clauses)?;
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
                        .str("speech")
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
    /// Search a theme's own words only, without related words.
    pub literal: bool,
    /// Only the paragraphs that say a theme in other words: none that
    /// contains a theme's string as typed.
    pub other_words: bool,
    /// Related expressions not to search (see [`ThemeOptions::without`]).
    pub without: Vec<String>,
}

/// How a theme search is run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeOptions {
    /// Search a theme's own words only (see [`SearchRequest::literal`]).
    pub literal: bool,
    /// See [`SearchRequest::other_words`].
    pub other_words: bool,
    /// Related expressions the user dropped: they are neither searched nor
    /// shown among the words searched too.
    pub without: Vec<String>,
}

impl SearchRequest {
    /// The request's theme options.
    pub fn theme_options(&self) -> ThemeOptions {
        ThemeOptions {
            literal: self.literal,
            other_words: self.other_words,
            without: self.without.clone(),
        }
    }
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
    /// The time limit of the work ([`cancel::within`]) passed.
    #[error(transparent)]
    Cancelled(#[from] cancel::Cancelled),
}

/// Run a search over an open index.
///
/// Walking the pages of a search reaches every matching paragraph exactly
/// once, in any mode. Without [`SearchRequest::collapse`], a page is a
/// slice of [`Ranked`]'s list, whose order does not depend on the page.
/// With it, every matching paragraph is folded ([`fold_all`]): the page is
/// a slice of the list of all phrasing families, each listing all its
/// near-copies, and [`SearchResult::phrasings`] says how many there are.
/// The families stand in the order of their best paragraph, in blocks of
/// [`Ranked::fold_block`] candidates; a theme's families are ordered for
/// diversity block by block ([`diversify_after`]), and only the blocks a
/// page reaches into are ordered.
pub fn search(idx: &RendaIndex, req: &SearchRequest) -> Result<SearchResult, SearchError> {
    search_folding(idx, req, FOLD_ALL_MAX)
}

/// [`search`], folding the first `fold_max` candidates (see
/// [`FOLD_ALL_MAX`]) and showing the rest one by one after them.
pub fn search_folding(
    idx: &RendaIndex,
    req: &SearchRequest,
    fold_max: usize,
) -> Result<SearchResult, SearchError> {
    let page_end = req.offset.saturating_add(req.limit);
    // A folded search reads every candidate it folds: they are taken with
    // the count, in one run of the query rather than two, and so are the
    // ones a page shows one by one after the families.
    let first = req.collapse.then_some(fold_max.saturating_add(page_end));
    let mut ranked = Ranked::prepare(idx, &req.query, &req.filters, req.theme_options(), first)?;
    if !req.collapse {
        let mut hits = ranked.range(req.offset, req.limit)?;
        ranked.fill(&mut hits)?;
        return Ok(SearchResult {
            query: req.query.clone(),
            total: ranked.total,
            phrasings: None,
            unfolded: 0,
            hits,
            related: ranked.wanted.related,
            dropped: ranked.wanted.dropped,
            left_out: ranked.left_out,
        });
    }
    let folded = fold_all(&mut ranked, fold_max, page_end)?;
    let unfolded = ranked.total.saturating_sub(fold_max);
    let mut hits: Vec<Hit> = folded
        .hits
        .into_iter()
        .skip(req.offset)
        .take(req.limit)
        .collect();
    // Past the folded families: the candidates after the first
    // `fold_max`, one by one, in ranked order.
    let past = req.offset.max(folded.phrasings);
    if unfolded > 0 && page_end > past {
        let from = fold_max + (past - folded.phrasings);
        hits.extend(ranked.range(from, page_end - past)?);
    }
    ranked.fill(&mut hits)?;
    Ok(SearchResult {
        query: req.query.clone(),
        total: ranked.total,
        phrasings: Some(folded.phrasings + unfolded),
        unfolded,
        hits,
        related: ranked.wanted.related,
        dropped: ranked.wanted.dropped,
        left_out: ranked.left_out,
    })
}

/// All the matches of a search folded into phrasing families.
pub struct Folded {
    /// The families in order, as far as they were ordered (at least the
    /// first `page_end` given to [`fold_all`], when there are as many).
    pub hits: Vec<Hit>,
    /// How many families there are in all.
    pub phrasings: usize,
}

/// The candidates a folded search folds: every match of all but the most
/// common phrases and themes. Folding reads and sketches each candidate
/// (about 30 µs of CPU and a few KB each), so past this many the rest are
/// shown one by one after the families ([`SearchResult::unfolded`]) rather
/// than the first page costing seconds and hundreds of MB.
pub const FOLD_ALL_MAX: usize = 20_000;

/// Fold the first `upto` candidates of `ranked` (all of them, when there
/// are no more) into phrasing families: a family is
/// every candidate whose key sentence is a near-copy of another member's
/// ([`near_duplicates::families_of`]), wherever it stands in the ranked
/// list, headed by its best-ranked member, which lists the others in
/// ranked order as its near-copies. The families stand in the order of
/// their heads; for a theme, the families whose heads fall in one block
/// of [`Ranked::fold_block`] candidates are ordered for diversity after
/// those of the blocks before ([`diversify_after`]). Only the blocks up to
/// the one that holds family `page_end` are ordered and returned.
pub fn fold_all(
    ranked: &mut Ranked<'_>,
    upto: usize,
    page_end: usize,
) -> Result<Folded, SearchError> {
    let all = ranked.first(upto)?;
    // Copies say the same key sentence: each text's is found once (a
    // text's matches are the query's in it, the same in every copy), each
    // sentence sketched once, and the families found among the sketches.
    let mut sentence_of_text: foldhash::HashMap<&str, usize> =
        foldhash::HashMapExt::with_capacity(all.len());
    let mut first_of: foldhash::HashMap<&str, usize> =
        foldhash::HashMapExt::with_capacity(all.len());
    let mut distinct: Vec<&str> = Vec::new();
    let which: Vec<usize> = all
        .iter()
        .map(|h| {
            *sentence_of_text.entry(h.text.as_str()).or_insert_with(|| {
                let s = &h.text[near_duplicates::key_sentence(&h.text, &h.matches)];
                *first_of.entry(s).or_insert_with(|| {
                    distinct.push(s);
                    distinct.len() - 1
                })
            })
        })
        .collect();
    let sketches = in_parallel(&distinct, |part| {
        Ok::<_, std::convert::Infallible>(
            part.iter()
                .map(|s| near_duplicates::Sketch::new(s))
                .collect(),
        )
    })
    .unwrap_or_else(|never| match never {});
    cancel::check()?;
    let groups = near_duplicates::families_of_each(&sketches, &which);
    let phrasings = groups.len();
    let size = ranked.fold_block().max(1);
    let typed: Vec<String> = ranked
        .wanted
        .themes
        .iter()
        .map(|(t, _)| t.clone())
        .collect();
    let mut slots: Vec<Option<Hit>> = all.into_iter().map(Some).collect();
    let mut hits: Vec<Hit> = Vec::new();
    let mut best: Option<f32> = None;
    // `groups` stand in the order of their first (best-ranked) member.
    let mut groups = groups.into_iter().peekable();
    let mut block = 0;
    while hits.len() < page_end {
        let Some(first) = groups.peek() else {
            break;
        };
        block = block.max(first[0] / size);
        let mut folded = Vec::new();
        while let Some(family) = groups.next_if(|g| g[0] / size == block) {
            folded.extend(fold_family(family, &mut slots));
        }
        let best = *best.get_or_insert_with(|| {
            folded
                .iter()
                .map(|h| h.score)
                .fold(0.0f32, f32::max)
                .max(f32::MIN_POSITIVE)
        });
        if typed.is_empty() {
            hits.extend(folded);
        } else {
            let more = diversify_after(&hits, folded, &typed, best);
            hits.extend(more);
        }
        block += 1;
    }
    Ok(Folded { hits, phrasings })
}

/// Items from which [`in_parallel`] shares the work among threads.
const PARALLEL_FROM: usize = 1024;

/// `f` over `items` cut into contiguous parts, one per thread (up to four,
/// one when there are fewer than [`PARALLEL_FROM`] items); the results in
/// the order of the items.
fn in_parallel<T: Sync, R: Send, E: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> Result<Vec<R>, E> + Sync,
) -> Result<Vec<R>, E> {
    let threads = if items.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    if threads <= 1 {
        return f(items);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|part| scope.spawn(move || f(part)))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for part in parts {
            out.extend(
                part.join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))?,
            );
        }
        Ok(out)
    })
}

/// Ranked candidates in a block of folding: a theme's families whose best
/// paragraphs fall in one block are ordered for diversity together
/// ([`fold_all`]); [`similar`] folds its candidates block by block.
pub const FOLD_BLOCK: usize = COLLAPSE_DEPTH;

/// The block of a search that is not re-ranked (exact phrases, AND/OR of
/// them): BM25 puts a paragraph's copies, which score alike, side by side,
/// so a smaller block folds them as well and reads fewer candidates.
pub const LITERAL_FOLD_BLOCK: usize = 30;

/// BM25's first candidates of a search that is not re-ranked, taken in the
/// pass that counts the matches: further blocks are read from them without
/// running the query again (for a common phrase, the intersection of its
/// bigrams is most of the work).
pub const LITERAL_PREFETCH: usize = 10 * LITERAL_FOLD_BLOCK;

/// The most blocks [`similar`] folds: its families come from the first
/// `FOLD_BLOCK × FOLD_BLOCKS` candidates at most. The list of families
/// also ends at the first block that adds none. (A search folds all its
/// matches: see [`fold_all`].)
pub const FOLD_BLOCKS: usize = 20;

/// The families of near-copies of a [`similar`] search, built block by block
/// over the ranked candidates so that a later block never changes the
/// families of an earlier one.
///
/// The candidates of one block are folded among themselves ([`collapse`])
/// and, for a theme, ordered for diversity ([`diversify`]) after the
/// families already taken. A candidate of a later block that is a near-copy
/// of a candidate of an earlier block belongs to a family already shown: it
/// is not shown again, and the earlier family's list of near-copies stays
/// as it was (it lists the near-copies among the candidates up to its own
/// block).
pub struct Families {
    /// The families so far, each a hit with its near-copies, in order.
    pub hits: Vec<Hit>,
    /// The key sentence of every candidate folded so far, sketched.
    keys: Vec<near_duplicates::Sketch>,
    /// The themes as typed (diversity applies when there is one).
    typed: Vec<String>,
    /// The best score of the first block, for [`diversify_after`].
    best: Option<f32>,
}

impl Families {
    /// No families yet, for a search of what `wanted` asks for.
    pub fn new(wanted: &query::Wanted) -> Self {
        Families {
            hits: Vec::new(),
            keys: Vec::new(),
            typed: wanted.themes.iter().map(|(t, _)| t.clone()).collect(),
            best: None,
        }
    }

    /// Fold the next block of ranked candidates (sorted, best first);
    /// returns how many families it adds.
    pub fn add_block(&mut self, block: Vec<Hit>) -> usize {
        if block.is_empty() {
            return 0;
        }
        let before = self.keys.len();
        self.keys.extend(block.iter().map(|h| {
            near_duplicates::Sketch::new(
                &h.text[near_duplicates::key_sentence(&h.text, &h.matches)],
            )
        }));
        let families = near_duplicates::families_of(&self.keys);
        let mut slots: Vec<Option<Hit>> = block.into_iter().map(Some).collect();
        let mut folded = Vec::new();
        for family in families {
            // A family that reaches back into an earlier block is shown.
            if family.first().is_some_and(|&i| i < before) {
                continue;
            }
            let mut members = family.into_iter().filter_map(|i| slots[i - before].take());
            let Some(mut head) = members.next() else {
                continue;
            };
            for m in members {
                head.duplicates.push(m.as_duplicate());
                head.duplicates.extend(m.duplicates);
            }
            folded.push(head);
        }
        let best = *self.best.get_or_insert_with(|| {
            folded
                .iter()
                .map(|h| h.score)
                .fold(0.0f32, f32::max)
                .max(f32::MIN_POSITIVE)
        });
        let added = folded.len();
        if self.typed.is_empty() {
            self.hits.extend(folded);
        } else {
            let more = diversify_after(&self.hits, folded, &self.typed, best);
            self.hits.extend(more);
        }
        added
    }
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
    find_with(idx, query, filters, ThemeOptions::default(), depth)
}

/// [`find`] with the given theme options.
pub fn find_with(
    idx: &RendaIndex,
    query: &str,
    filters: &Filters,
    options: ThemeOptions,
    depth: usize,
) -> Result<Found, SearchError> {
    find_until(idx, query, filters, options, depth, |_| false)
}

/// Every paragraph a query finds, up to `cap` (what an export writes), in
/// the order a search that does not fold lists them ([`search`] without
/// [`SearchRequest::collapse`], page after page): [`Found::total`] counts
/// them all, [`Found::hits`] holds the first `cap` of them.
pub fn find_every(
    idx: &RendaIndex,
    query: &str,
    filters: &Filters,
    options: ThemeOptions,
    cap: usize,
) -> Result<Found, SearchError> {
    let mut ranked = Ranked::prepare(idx, query, filters, options, None)?;
    let mut hits = match ranked.total.min(cap) {
        0 => Vec::new(),
        n => ranked.range(0, n)?,
    };
    ranked.fill(&mut hits)?;
    Ok(Found {
        total: ranked.total,
        hits,
        wanted: ranked.wanted,
        left_out: ranked.left_out,
    })
}

/// [`find`], reading the candidates' texts in ranked order only until
/// `enough` says the hits read so far are enough. Themes are re-scored on
/// their text, so all their candidates are always read; for other queries
/// the ranking is BM25's and reading can stop early.
pub fn find_until(
    idx: &RendaIndex,
    query: &str,
    filters: &Filters,
    options: ThemeOptions,
    depth: usize,
    mut enough: impl FnMut(&[Hit]) -> bool,
) -> Result<Found, SearchError> {
    let ranked = Ranked::prepare(idx, query, filters, options, Some(depth))?;
    let reranked = ranked.reranked();
    let top = ranked.top(0, ranked.first.len())?;
    let mut hits = ranked.read_until(&top, |hits| !reranked && enough(hits))?;
    sort(&mut hits);
    hits.truncate(depth.max(1));
    Ok(Found {
        total: ranked.total,
        hits,
        wanted: ranked.wanted,
        left_out: ranked.left_out,
    })
}

/// The candidates of a query in an order that does not depend on how many
/// are asked for: tantivy's BM25 ranks, in windows of
/// [`rank::RERANK_DEPTH`] for a theme, each window re-scored on its text
/// ([`rank`]) and sorted; in BM25's order (sorted the same way) for other
/// queries. The first window is what [`find`] ranks for a page within it.
pub struct Ranked<'i> {
    idx: &'i RendaIndex,
    searcher: tantivy::Searcher,
    query: Box<dyn Query>,
    /// What the query asks for.
    pub wanted: query::Wanted,
    /// How many paragraphs match in all.
    pub total: usize,
    /// What the filters left out as unknown (see [`left_out`]).
    pub left_out: Vec<LeftOut>,
    weights: Vec<f32>,
    expanded: bool,
    /// BM25 over the themes' search-mode words (see [`rank::WordLayer`]).
    layer: rank::WordLayer,
    /// The query's strings, whose matches a hit shows.
    needles: snippet::Needles,
    /// What counts as a mention of its themes ([`rank::mention_needles`]).
    mentions: snippet::Needles,
    /// What each text read so far gave, by its copy key: its words'
    /// score, its features and its matches, which its copies share.
    measured: std::sync::Mutex<std::collections::HashMap<u64, Measured>>,
    /// The best BM25 score, that re-scoring is relative to.
    best: f32,
    /// BM25's first candidates, read with the count.
    first: Vec<(f32, tantivy::DocAddress)>,
    /// Windows read so far, by number.
    windows: std::collections::HashMap<usize, Vec<Hit>>,
    /// Where each candidate of a window stands, by the hashes of its file
    /// and text and its paragraph: windows are read lean and only the hits
    /// shown get their sections ([`Ranked::fill`]).
    addrs: foldhash::HashMap<(u64, usize, u64), tantivy::DocAddress>,
}

impl<'i> Ranked<'i> {
    /// Compile `query` (with the feedback round of a theme), restrict it by
    /// `filters`, count its matches and take BM25's first `first`
    /// candidates (at least [`rank::RERANK_DEPTH`] for a theme; `None`: one
    /// window).
    pub fn prepare(
        idx: &'i RendaIndex,
        query: &str,
        filters: &Filters,
        options: ThemeOptions,
        first: Option<usize>,
    ) -> Result<Self, SearchError> {
        let fail = |source| SearchError::Tantivy {
            path: idx.path.display().to_string(),
            source,
        };
        let searcher = idx.searcher()?;
        let office = idx.office_thesaurus();
        let mut builder = compile::QueryBuilder::new(idx.fields, &idx.dictionary)
            .steered(office.as_ref(), &options.without);
        let parsed = query::parse(query)?;
        let mut compiled = builder.build(&parsed)?;
        let expanded = !options.literal && !compiled.wanted.themes.is_empty();
        if expanded {
            // A first round for the feedback words, over the themes' own words
            // in the whole archive: filters restrict what a theme matches, they
            // do not change it.
            let feedback = if compiled.wanted.themes.len() == 1 {
                let (_, top) = rank::top_by_score(
                    &searcher,
                    &idx.columns,
                    compiled.query.as_ref(),
                    0,
                    expand::FEEDBACK_DOCS,
                    false,
                )
                .map_err(fail)?;
                let mut hits_of = reader::HitReader::new(&searcher, idx);
                let mut texts = Vec::with_capacity(top.len());
                for (_, addr) in top {
                    cancel::check()?;
                    texts.push(hits_of.hit(addr, 0.0).map_err(fail)?.text);
                }
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let (typed, concepts) = &compiled.wanted.themes[0];
                let mut known: Vec<String> = Vec::new();
                for c in concepts {
                    known.push(c.word.clone());
                    known.extend(c.parts.iter().cloned());
                }
                known.extend(builder.curated(typed, concepts).into_iter().map(|r| r.word));
                expand::feedback(
                    &refs,
                    &idx.dictionary,
                    &builder.segmenter_for(&refs),
                    typed,
                    &known,
                    |w| word_doc_freq(&searcher, idx.fields.text, w),
                    searcher.num_docs(),
                )
            } else {
                Vec::new()
            };
            builder = builder.expanded(feedback);
            compiled = builder.build(&parsed)?;
        }
        let mut tantivy_query = compiled.query;
        if options.other_words && !compiled.wanted.themes.is_empty() {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, tantivy_query)];
            for (typed, _) in &compiled.wanted.themes {
                clauses.push((
                    Occur::MustNot,
                    crate::analysis::exact_phrase_query(idx.fields.text, typed)
                        .map_err(QueryError::from)?,
                ));
            }
            tantivy_query = Box::new(BooleanQuery::new(clauses));
        }
        let left_out = if filters.may_leave_out() {
            left_out(idx, tantivy_query.as_ref(), filters)?
        } else {
            Vec::new()
        };
        let tantivy_query = filters.apply(idx.fields, tantivy_query)?;
        let weights: Vec<f32> = compiled
            .wanted
            .themes
            .iter()
            .flat_map(|(_, concepts)| concepts)
            .map(|c| {
                let df = word_doc_freq(&searcher, idx.fields.text, &c.word);
                let n = searcher.num_docs().max(1) as f32;
                (1.0 + n / (df as f32 + 1.0)).ln()
            })
            .collect();
        let reranked = !compiled.wanted.themes.is_empty();
        let layer = if reranked {
            word_layer(&searcher, idx, &compiled.wanted)
        } else {
            rank::WordLayer::default()
        };
        let mut candidates = first.unwrap_or(if reranked {
            rank::RERANK_DEPTH
        } else {
            LITERAL_PREFETCH
        });
        if reranked {
            candidates = candidates.max(rank::RERANK_DEPTH);
        }
        if first.is_some() {
            // Whole windows, which is what reading them asks for.
            let window = if reranked {
                rank::RERANK_DEPTH
            } else {
                LITERAL_FOLD_BLOCK
            };
            // Never past the largest multiple (a depth near usize::MAX).
            candidates = candidates
                .checked_next_multiple_of(window)
                .unwrap_or(usize::MAX - usize::MAX % window);
        }
        // Never ask for more than the index holds: tantivy makes room up front.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let candidates = candidates.min(docs).max(1);
        let (total, top) = rank::top_by_score(
            &searcher,
            &idx.columns,
            tantivy_query.as_ref(),
            0,
            candidates,
            true,
        )
        .map_err(fail)?;
        let best = top.first().map_or(0.0, |(s, _)| *s);
        let needles = snippet::Needles::new(&compiled.wanted.needles());
        let mentions = rank::mention_needles(&compiled.wanted);
        Ok(Ranked {
            idx,
            searcher,
            query: tantivy_query,
            wanted: compiled.wanted,
            total,
            left_out,
            weights,
            expanded,
            layer,
            needles,
            mentions,
            measured: std::sync::Mutex::default(),
            best,
            first: top,
            windows: std::collections::HashMap::new(),
            addrs: foldhash::HashMap::default(),
        })
    }

    /// Whether candidates are re-scored on their text (a theme).
    pub fn reranked(&self) -> bool {
        !self.wanted.themes.is_empty()
    }

    fn fail(&self) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
        |source| SearchError::Tantivy {
            path: self.idx.path.display().to_string(),
            source,
        }
    }

    /// BM25's candidates ranked `offset..offset + limit`.
    fn top(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<(f32, tantivy::DocAddress)>, SearchError> {
        if limit == 0 || offset >= self.total {
            return Ok(Vec::new());
        }
        let limit = limit.min(self.total - offset);
        if offset + limit <= self.first.len() {
            return Ok(self.first[offset..offset + limit].to_vec());
        }
        rank::top_by_score(
            &self.searcher,
            &self.idx.columns,
            self.query.as_ref(),
            offset,
            limit,
            false,
        )
        .map(|(_, top)| top)
        .map_err(self.fail())
    }

    /// The hits of `top`, in its order, scored and with their matches,
    /// until `enough` says the hits read so far are enough.
    fn read_until(
        &self,
        top: &[(f32, tantivy::DocAddress)],
        mut enough: impl FnMut(&[Hit]) -> bool,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut hits_of = reader::HitReader::new(&self.searcher, self.idx);
        let mut hits: Vec<Hit> = Vec::with_capacity(top.len());
        for &(bm25, addr) in top {
            cancel::check()?;
            let hit = hits_of.hit(addr, bm25).map_err(self.fail())?;
            hits.push(self.scored(hit, bm25, hits_of.copy_key(addr)));
            if enough(&hits) {
                break;
            }
        }
        Ok(hits)
    }

    /// `hit` (read with BM25's score `bm25`) re-scored on its text, with
    /// its matches of the query's strings. A text with a copy key (see
    /// [`reader::HitReader::copy_key`]) is measured once for all its copies.
    fn scored(&self, mut hit: Hit, bm25: f32, copy: Option<u64>) -> Hit {
        let measure = |text: &str| -> Measured {
            // Folded once: for the measures and for the matches.
            let folded = crate::text::Folded::new(text);
            let lower = folded.text.as_ref();
            let features = rank::features_with(lower, &self.wanted, &self.weights, &self.mentions);
            let words = if self.reranked() {
                self.layer.score(lower)
            } else {
                0.0
            };
            (words, features, self.needles.find_all_in(&folded))
        };
        let known = |key: u64| {
            self.measured
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&key)
                .cloned()
        };
        let (words, features, matches) = match copy {
            None => measure(&hit.text),
            Some(key) => known(key).unwrap_or_else(|| {
                // Measured outside the lock, so that threads measuring
                // other texts do not wait on this one.
                let m = measure(&hit.text);
                self.measured
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .entry(key)
                    .or_insert(m)
                    .clone()
            }),
        };
        hit.score = rank::score(bm25, self.best, features, self.expanded);
        if self.reranked() {
            hit.score = rank::combine(words, hit.score, features);
        }
        hit.matches = matches;
        hit
    }

    /// The hits of `top` read lean (see [`reader::HitReader::lean`]),
    /// scored and with their matches; their places are kept for
    /// [`Ranked::fill`].
    fn read_lean(&mut self, top: &[(f32, tantivy::DocAddress)]) -> Result<Vec<Hit>, SearchError> {
        let hits = self.read_lean_at(top)?;
        for (hit, &(_, addr)) in hits.iter().zip(top) {
            self.addrs.insert(text_key(hit), addr);
        }
        Ok(hits)
    }

    /// [`Ranked::read_lean_at`] of many candidates on several threads
    /// ([`in_parallel`]), each text read once: one paragraph of each copy
    /// key is read first, shared out among the threads, and its copies,
    /// shared out in turn, then take its text (a copy key is trusted only
    /// for the text it was made from). Read apart, copies that fell to two
    /// threads would each be read.
    fn read_lean_once(&self, top: &[(f32, tantivy::DocAddress)]) -> Result<Vec<Hit>, SearchError> {
        let mut hits_of = reader::HitReader::new(&self.searcher, self.idx);
        let mut seen: foldhash::HashSet<u64> = foldhash::HashSet::default();
        // The first paragraph of each copy key (or of none), with its key.
        let mut first: Vec<(usize, Option<u64>)> = Vec::new();
        let mut copies: Vec<usize> = Vec::new();
        for (i, &(_, addr)) in top.iter().enumerate() {
            match hits_of.copy_of(addr) {
                Some(key) if !seen.insert(key) => copies.push(i),
                key => first.push((i, key)),
            }
        }
        let first_top: Vec<(f32, tantivy::DocAddress)> =
            first.iter().map(|&(i, _)| top[i]).collect();
        let read = in_parallel(&first_top, |part| {
            self.read_lean_with(reader::HitReader::new(&self.searcher, self.idx), part)
        })?;
        // The texts read, by their copy key, for the copies to take.
        let texts: foldhash::HashMap<u64, &str> = first
            .iter()
            .zip(&read)
            .filter_map(|(&(_, key), hit)| Some((key?, hit.text.as_str())))
            .collect();
        let copies_top: Vec<(f32, tantivy::DocAddress)> = copies.iter().map(|&i| top[i]).collect();
        let copied = in_parallel(&copies_top, |part| {
            let mut hits_of = reader::HitReader::new(&self.searcher, self.idx);
            for &(_, addr) in part {
                if let Some(key) = hits_of.copy_of(addr)
                    && let Some(text) = texts.get(&key)
                {
                    hits_of.know(key, text);
                }
            }
            self.read_lean_with(hits_of, part)
        })?;
        let mut out: Vec<Option<Hit>> = vec![None; top.len()];
        for (&(i, _), hit) in first.iter().zip(read) {
            out[i] = Some(hit);
        }
        for (&i, hit) in copies.iter().zip(copied) {
            out[i] = Some(hit);
        }
        Ok(out.into_iter().flatten().collect())
    }

    /// [`Ranked::read_lean`] without keeping the places.
    fn read_lean_at(&self, top: &[(f32, tantivy::DocAddress)]) -> Result<Vec<Hit>, SearchError> {
        self.read_lean_with(reader::HitReader::new(&self.searcher, self.idx), top)
    }

    /// [`Ranked::read_lean_at`] with `hits_of`, and what it knows.
    fn read_lean_with(
        &self,
        mut hits_of: reader::HitReader<'_>,
        top: &[(f32, tantivy::DocAddress)],
    ) -> Result<Vec<Hit>, SearchError> {
        let addrs: Vec<tantivy::DocAddress> = top.iter().map(|&(_, addr)| addr).collect();
        hits_of.read_speeches(&addrs).map_err(self.fail())?;
        let mut hits: Vec<Hit> = Vec::with_capacity(top.len());
        for &(bm25, addr) in top {
            cancel::check()?;
            let hit = hits_of.lean(addr, bm25).map_err(self.fail())?;
            hits.push(self.scored(hit, bm25, hits_of.copy_key(addr)));
        }
        Ok(hits)
    }

    /// Read what [`Ranked::range`] left out of `hits`, taken from it (the
    /// near-copies have all they show).
    pub fn fill(&self, hits: &mut [Hit]) -> Result<(), SearchError> {
        let mut hits_of = reader::HitReader::new(&self.searcher, self.idx);
        for hit in hits {
            cancel::check()?;
            if let Some(&addr) = self.addrs.get(&text_key(hit)) {
                hits_of.fill(addr, hit).map_err(self.fail())?;
            }
        }
        Ok(())
    }

    /// Candidates per window.
    fn window_size(&self) -> usize {
        if self.reranked() {
            rank::RERANK_DEPTH
        } else {
            LITERAL_FOLD_BLOCK
        }
    }

    /// Candidates per block of folding (see [`search`]): fixed for a
    /// query, whatever the page.
    pub fn fold_block(&self) -> usize {
        if self.reranked() {
            FOLD_BLOCK
        } else {
            LITERAL_FOLD_BLOCK
        }
    }

    /// The first `n` candidates (all, when there are no more), in the
    /// order of [`Ranked::range`], lean. The windows they fill are handed
    /// over rather than copied: a later [`Ranked::range`] over them reads
    /// them again.
    pub fn first(&mut self, n: usize) -> Result<Vec<Hit>, SearchError> {
        let n = n.min(self.total);
        self.read_through(0, n)?;
        let size = self.window_size();
        let mut out: Vec<Hit> = Vec::with_capacity(n);
        for w in 0..n.div_ceil(size) {
            let wanted = n.min((w + 1) * size) - w * size;
            let Some(window) = self.windows.get(&w) else {
                break;
            };
            let whole = window.len() <= wanted;
            if whole {
                let window = self.windows.remove(&w).unwrap_or_default();
                out.extend(window);
            } else {
                out.extend(window[..wanted].iter().cloned());
            }
            // A window cut short holds the last candidates there are.
            if out.len() < n.min((w + 1) * size) {
                break;
            }
        }
        Ok(out)
    }

    /// Read the windows that hold the candidates `start..end`: the query
    /// runs once more at most, for all the candidates not read with the
    /// count, rather than once per window.
    fn read_through(&mut self, start: usize, end: usize) -> Result<(), SearchError> {
        let size = self.window_size();
        let (from, windows) = (start / size, end.min(self.total).div_ceil(size));
        if (from..windows).all(|w| self.windows.contains_key(&w)) {
            return Ok(());
        }
        let top = self.top(0, (windows * size).min(self.total))?;
        let missing: Vec<usize> = (from * size..top.len())
            .filter(|&i| !self.windows.contains_key(&(i / size)))
            .collect();
        // Read in the order of the documents, so that each block of the
        // store is decompressed once rather than once per candidate in it.
        let mut by_place = missing;
        by_place.sort_by_key(|&i| top[i].1);
        let picked: Vec<(f32, tantivy::DocAddress)> = by_place.iter().map(|&i| top[i]).collect();
        let hits = self.read_lean_once(&picked)?;
        let mut read: Vec<Option<Hit>> = vec![None; top.len()];
        self.addrs.reserve(picked.len());
        for ((&i, &(_, addr)), hit) in by_place.iter().zip(&picked).zip(hits) {
            self.addrs.insert(text_key(&hit), addr);
            read[i] = Some(hit);
        }
        for w in from..windows {
            if self.windows.contains_key(&w) {
                continue;
            }
            let mut hits: Vec<Hit> = (w * size..top.len().min((w + 1) * size))
                .filter_map(|i| read[i].take())
                .collect();
            sort(&mut hits);
            self.windows.insert(w, hits);
        }
        Ok(())
    }

    /// The candidates at positions `start..start + len` of the ranked list
    /// (fewer at its end), lean: [`Ranked::fill`] the ones shown.
    pub fn range(&mut self, start: usize, len: usize) -> Result<Vec<Hit>, SearchError> {
        let size = self.window_size();
        let end = start.saturating_add(len).min(self.total);
        if start < end && end > self.first.len() && end.div_ceil(size) > start / size + 1 {
            // Windows past the candidates read with the count: one query
            // for all of them.
            self.read_through(start, end)?;
        }
        let mut out = Vec::with_capacity(len);
        let mut pos = start;
        while pos < start.saturating_add(len) {
            let w = pos / size;
            if !self.windows.contains_key(&w) {
                let top = self.top(w * size, size)?;
                let mut hits = self.read_lean(&top)?;
                sort(&mut hits);
                self.windows.insert(w, hits);
            }
            let window = &self.windows[&w];
            let from = pos - w * size;
            if from >= window.len() {
                break;
            }
            let to = window.len().min(from + (start + len - pos));
            out.extend(window[from..to].iter().cloned());
            pos += to - from;
        }
        Ok(out)
    }
}

/// What a candidate's text gives its ranking, whatever paragraph holds
/// it: its words' score (see [`rank::WordLayer`]), its features and its
/// matches.
type Measured = (f32, Option<rank::Features>, Vec<std::ops::Range<usize>>);

/// A candidate's place among those read: its file's hash, paragraph and
/// text's hash.
fn text_key(hit: &Hit) -> (u64, usize, u64) {
    (
        xxhash_rust::xxh3::xxh3_64(hit.file.as_bytes()),
        hit.paragraph,
        xxhash_rust::xxh3::xxh3_64(hit.text.as_bytes()),
    )
}

/// The [`rank::WordLayer`] of a query's themes: jieba's search-mode words
/// of each theme as typed (words of two characters or more), weighed over
/// the whole archive.
fn word_layer(
    searcher: &tantivy::Searcher,
    idx: &RendaIndex,
    wanted: &query::Wanted,
) -> rank::WordLayer {
    let mut words: Vec<(String, u64)> = Vec::new();
    for (_, concepts) in &wanted.themes {
        for c in concepts {
            let picked: Vec<&String> = if c.parts.is_empty() {
                vec![&c.word]
            } else {
                c.unstraddled_parts()
            };
            for w in picked {
                if w.chars()
                    .filter(|c| crate::analysis::is_word_char(*c))
                    .count()
                    >= 2
                    && !words.iter().any(|(x, _)| x == w)
                {
                    let df = word_doc_freq(searcher, idx.fields.text, w);
                    words.push((w.clone(), df));
                }
            }
        }
    }
    let docs = searcher.num_docs();
    let tokens: u64 = searcher
        .segment_readers()
        .iter()
        .filter_map(|s| s.inverted_index(idx.fields.text).ok())
        .map(|i| i.total_num_tokens())
        .sum();
    // Each run of word characters gives one bigram fewer than its length,
    // and its end one (see crate::analysis::bigrams): close enough.
    let avg_len = tokens as f32 / docs.max(1) as f32;
    rank::WordLayer::new(words, docs, avg_len)
}

/// In how many paragraphs `word` may stand, at most: the count of its
/// rarest bigram (a word of one character: the count of paragraphs, which
/// bounds every count).
pub fn word_doc_freq(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
    word: &str,
) -> u64 {
    crate::analysis::phrase_bigrams(word)
        .iter()
        .filter(|b| b.chars().all(crate::analysis::is_word_char))
        .map(|b| {
            searcher
                .doc_freq(&tantivy::Term::from_field_text(field, b))
                .unwrap_or(0)
        })
        .min()
        .unwrap_or_else(|| searcher.num_docs())
}

/// Every paragraph (and heading) whose text contains `phrase` exactly,
/// restricted by `filters`, in corpus order (file, then paragraph number;
/// headings, numbered 0, first), each with a score of 0 and, as its
/// matches, where the phrase occurs (for highlighting).
///
/// The phrase is taken as it is, without query syntax: quotes, operators
/// and any other characters are part of the string looked for, cleaned as
/// the texts were when they were read (a full-width or no-break space is
/// a space). An empty phrase finds nothing.
pub fn containing(idx: &RendaIndex, phrase: &str, filters: &Filters) -> Result<Found, SearchError> {
    // Cleaned as the texts were: a full-width space is a space there.
    let phrase = crate::corpus::normalize(phrase);
    let phrase = phrase.as_str();
    let fail = |source| SearchError::Tantivy {
        path: idx.path.display().to_string(),
        source,
    };
    let wanted = query::Wanted {
        phrases: vec![phrase.to_string()],
        ..query::Wanted::default()
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
    let mut hits_of = reader::HitReader::new(&searcher, idx);
    let mut addresses: Vec<_> = searcher
        .search(&tantivy_query, &DocSetCollector)
        .map_err(fail)?
        .into_iter()
        .collect();
    addresses.sort();
    let mut hits: Vec<Hit> = Vec::with_capacity(addresses.len());
    for addr in addresses {
        cancel::check()?;
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

/// The hits grouped into families of near-copies of one key sentence.
fn phrasing_families(hits: &[Hit]) -> Vec<Vec<usize>> {
    let keys: Vec<&str> = hits
        .iter()
        .map(|h| &h.text[near_duplicates::key_sentence(&h.text, &h.matches)])
        .collect();
    near_duplicates::families(&keys)
}

/// Fold each phrasing family into its best hit (the first, as sorted),
/// which lists the others as its duplicates.
pub fn collapse(hits: Vec<Hit>) -> Vec<Hit> {
    let families = phrasing_families(&hits);
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(families.len());
    for family in families {
        out.extend(fold_family(family, &mut slots));
    }
    out
}

/// The hits of `family` (indexes into `slots`, best first) as one: the
/// first still in its slot, listing the others and their own near-copies
/// as its duplicates. Each hit is taken from its slot once.
fn fold_family(family: Vec<usize>, slots: &mut [Option<Hit>]) -> Option<Hit> {
    let mut members = family.into_iter().filter_map(|i| slots[i].take());
    let mut head = members.next()?;
    for m in members {
        head.duplicates.push(m.as_duplicate());
        head.duplicates.extend(m.duplicates);
    }
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(word: &str, parts: &[String]) -> query::Concept {
        query::Concept {
            word: word.into(),
            parts: parts.to_vec(),
        }
    }

    #[test]
    fn parts_that_straddle_two_others_are_left_out() {
        let parts: Vec<String> = ["建议", "议办", "办理"].map(String::from).to_vec();
        assert_eq!(
            concept("建议办理", &parts).unstraddled_parts(),
            vec!["建议", "办理"]
        );
        // Parts that hold others, or overlap one only, stay.
        let parts: Vec<String> = ["人民", "代表", "大会", "代表大会"]
            .map(String::from)
            .to_vec();
        assert_eq!(concept("人民代表大会", &parts).unstraddled_parts().len(), 4);
        let parts: Vec<String> = ["全过程", "过程"].map(String::from).to_vec();
        assert_eq!(concept("全过程", &parts).unstraddled_parts().len(), 2);
    }
}
