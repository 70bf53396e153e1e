//! Snippets: the part of a paragraph around its matches, cut at sentence ends.
