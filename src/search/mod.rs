//! Searching the index: query building, ranking, snippets.

pub mod snippet;

use std::ops::Range;

use serde::Serialize;

use crate::speech::Level;

/// One matching paragraph (or heading), with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The speech's file, relative to the corpus root.
    pub file: String,
    pub title: String,
    pub level: Option<Level>,
    pub year: Option<u16>,
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
}

/// The answer to a search: one page of hits and the total count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub query: String,
    /// How many paragraphs match in all.
    pub total: usize,
    pub hits: Vec<Hit>,
}
