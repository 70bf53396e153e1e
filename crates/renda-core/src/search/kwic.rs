//! Keyword in context (KWIC): every occurrence of a term in the matching
//! paragraphs, with the characters before and after it, and the words that
//! most often stand right before and after it.
//!
//! - **Lines.** Each occurrence of the term in a paragraph's text (an exact
//!   substring; occurrences do not overlap, as [`str::match_indices`] finds
//!   them) makes one [`Line`]: up to `width` characters of the paragraph
//!   before it (`left`), the term (`matched`), and up to `width`
//!   characters after it (`right`). Contexts stop at the paragraph's ends
//!   and never split a character, so `left + matched + right` is always a
//!   substring of the paragraph.
//! - **Order** ([`Sort`]): corpus order (file, paragraph, place in the
//!   paragraph); by the left context read from right to left (the
//!   characters right before the term first), which groups what precedes
//!   the term; or by the right context. Characters compare by code point,
//!   so equal words stand together (not in pinyin order).
//! - **Words before and after** ([`collocates`]): for each occurrence, the
//!   jieba word that ends right where the term starts — the last word of
//!   the [`COLLOCATE_WINDOW`] characters before the term, as jieba cuts
//!   them — and the word that starts right where it ends. When the term is
//!   at the paragraph's edge or a punctuation mark or space touches it
//!   (`、联系群众`), that side has no word and the occurrence does not count
//!   there. The words are counted over all occurrences (not only the lines
//!   shown), most frequent first, ties in code-point order.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use jieba_rs::Jieba;
use serde::Serialize;

use super::Hit;
use crate::analysis;
use crate::speech::Level;

/// How many characters on each side of the term are cut into words to find
/// the word next to it (independent of the width shown).
pub const COLLOCATE_WINDOW: usize = 12;

/// How many of the most frequent words before and after are kept.
pub const TOP_COLLOCATES: usize = 20;

/// The most occurrences of one paragraph that make lines and count for
/// the words before and after (all are counted in the total): a huge
/// paragraph costs no more than this many lines.
pub const MAX_LINES_PER_PARAGRAPH: usize = 1000;

/// The widest context, in characters on each side.
pub const MAX_WIDTH: usize = 200;

/// One occurrence of the term, with its context and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Up to `width` characters of the paragraph right before the term.
    pub left: String,
    /// The term as it stands in the paragraph.
    #[serde(rename = "match")]
    pub matched: String,
    /// Up to `width` characters of the paragraph right after the term.
    pub right: String,
    /// The speech's file, relative to the corpus root.
    pub file: String,
    #[serde(flatten, serialize_with = "crate::speech::level_and_label")]
    pub level: Option<Level>,
    pub year: Option<u16>,
    /// The paragraph's number in its speech; 0 for a heading.
    pub paragraph: usize,
    /// Byte offset of the term in the paragraph (for corpus order).
    #[serde(skip)]
    pub offset: usize,
}

/// The order of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Corpus order: file, paragraph, place in the paragraph.
    #[default]
    None,
    /// By the left context read from right to left.
    Left,
    /// By the right context.
    Right,
}

/// A word and how many occurrences of the term it stands next to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collocate {
    pub text: String,
    pub count: usize,
}

/// The words that stand right before and right after the term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Collocates {
    pub before: Vec<Collocate>,
    pub after: Vec<Collocate>,
}

/// A whole concordance: the lines shown, how many there are in all, and
/// the words around the term. Serialises to the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Concordance {
    pub term: String,
    /// Occurrences in all, whatever the limit.
    pub total_lines: usize,
    /// Lines made before the limit: fewer than `total_lines` when a
    /// paragraph holds more than [`MAX_LINES_PER_PARAGRAPH`].
    #[serde(skip)]
    pub listed: usize,
    pub lines: Vec<Line>,
    pub before: Vec<Collocate>,
    pub after: Vec<Collocate>,
}

/// What to build a concordance with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Characters of context on each side.
    pub width: usize,
    pub sort: Sort,
    /// At most this many lines (after sorting); `None` for all.
    pub limit: Option<usize>,
    /// At most this many words before and after.
    pub top: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 20,
            sort: Sort::None,
            limit: None,
            top: TOP_COLLOCATES,
        }
    }
}

/// Byte ranges of the occurrences of `term` in `text`, left to right, not
/// overlapping, the first [`MAX_LINES_PER_PARAGRAPH`] of them, whatever
/// their width and case ([`crate::text::fold`]). None for an empty term.
pub fn occurrences(text: &str, term: &str) -> Vec<Range<usize>> {
    if term.is_empty() {
        return Vec::new();
    }
    let term = crate::text::fold(term);
    crate::text::Folded::new(text)
        .find(&term)
        .take(MAX_LINES_PER_PARAGRAPH)
        .collect()
}

/// How many times `term` occurs in `text` (not overlapping).
fn count(text: &str, term: &str) -> usize {
    if term.is_empty() {
        return 0;
    }
    crate::text::fold(text)
        .matches(crate::text::fold(term).as_ref())
        .count()
}

/// Up to `width` characters (at most [`MAX_WIDTH`]) of `text` before and
/// after `at` (a byte range on character boundaries), as slices of `text`.
pub fn context(text: &str, at: Range<usize>, width: usize) -> (&str, &str) {
    let width = width.min(MAX_WIDTH);
    let before = &text[..at.start];
    let left_start = match width {
        0 => at.start,
        w => before.char_indices().rev().nth(w - 1).map_or(0, |(i, _)| i),
    };
    let after = &text[at.end..];
    let right_end = after
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(i, _)| at.end + i);
    (&text[left_start..at.start], &text[at.end..right_end])
}

/// The concordance lines of `term` in `hits`, in the hits' order and, in a
/// paragraph, left to right.
pub fn lines(hits: &[Hit], term: &str, width: usize) -> Vec<Line> {
    let mut out = Vec::new();
    for h in hits {
        for at in occurrences(&h.text, term) {
            let (left, right) = context(&h.text, at.clone(), width);
            out.push(Line {
                left: left.to_string(),
                matched: h.text[at.clone()].to_string(),
                right: right.to_string(),
                file: h.file.clone(),
                level: h.labels.level,
                year: h.labels.year,
                paragraph: h.paragraph,
                offset: at.start,
            });
        }
    }
    out
}

fn corpus_order(a: &Line, b: &Line) -> Ordering {
    a.file
        .cmp(&b.file)
        .then(a.paragraph.cmp(&b.paragraph))
        .then(a.offset.cmp(&b.offset))
}

fn reversed_cmp(a: &str, b: &str) -> Ordering {
    a.chars().rev().cmp(b.chars().rev())
}

/// Sort lines in place (see [`Sort`]); ties fall back to the other side,
/// then to corpus order.
pub fn sort(lines: &mut [Line], by: Sort) {
    match by {
        Sort::None => lines.sort_by(corpus_order),
        Sort::Left => lines.sort_by(|a, b| {
            reversed_cmp(&a.left, &b.left)
                .then_with(|| a.right.cmp(&b.right))
                .then_with(|| corpus_order(a, b))
        }),
        Sort::Right => lines.sort_by(|a, b| {
            a.right
                .cmp(&b.right)
                .then_with(|| reversed_cmp(&a.left, &b.left))
                .then_with(|| corpus_order(a, b))
        }),
    }
}

/// The word that ends exactly at the end of `before` (a text that runs up
/// to the term), as jieba cuts `before`; `None` when `before` ends in
/// punctuation or space, or is empty.
pub fn word_before(before: &str, jieba: &Jieba) -> Option<String> {
    let last = analysis::words(before, jieba).pop()?;
    (last.offset_to == before.len()).then_some(last.text)
}

/// The word that starts exactly at the start of `after` (a text that runs
/// on from the term), as jieba cuts `after`; `None` when `after` starts
/// with punctuation or space, or is empty.
pub fn word_after(after: &str, jieba: &Jieba) -> Option<String> {
    let first = analysis::words(after, jieba).into_iter().next()?;
    (first.offset_from == 0).then_some(first.text)
}

/// The `top` most frequent words right before and right after `term` over
/// all its occurrences in `hits` (see the module docs).
pub fn collocates(hits: &[Hit], term: &str, jieba: &Jieba, top: usize) -> Collocates {
    let mut before: HashMap<String, usize> = HashMap::new();
    let mut after: HashMap<String, usize> = HashMap::new();
    for h in hits {
        for at in occurrences(&h.text, term) {
            let (left, right) = context(&h.text, at, COLLOCATE_WINDOW);
            if let Some(w) = word_before(left, jieba) {
                *before.entry(w).or_default() += 1;
            }
            if let Some(w) = word_after(right, jieba) {
                *after.entry(w).or_default() += 1;
            }
        }
    }
    Collocates {
        before: ranked(before, top),
        after: ranked(after, top),
    }
}

/// Counts, most frequent first (ties in code-point order), the first `top`.
fn ranked(counts: HashMap<String, usize>, top: usize) -> Vec<Collocate> {
    let mut out: Vec<Collocate> = counts
        .into_iter()
        .map(|(text, count)| Collocate { text, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    out.truncate(top);
    out
}

/// The concordance of `term` over `hits`: all lines, sorted and limited as
/// `options` say, and the words before and after over all occurrences.
pub fn concordance(hits: &[Hit], term: &str, options: &Options, jieba: &Jieba) -> Concordance {
    let mut all = lines(hits, term, options.width);
    sort(&mut all, options.sort);
    let total_lines = hits.iter().map(|h| count(&h.text, term)).sum();
    let listed = all.len();
    if let Some(limit) = options.limit {
        all.truncate(limit);
    }
    let Collocates { before, after } = collocates(hits, term, jieba, options.top);
    Concordance {
        term: term.to_string(),
        total_lines,
        listed,
        lines: all,
        before,
        after,
    }
}

/// The concordance of `term` over the paragraphs of the index that
/// contain it, with what the filters left out as unknown.
/// `term` without a pair of quotes around it (`"联系群众"`, `“联系群众”`,
/// `「联系群众」`, `'联系群众'`), as `search` reads a quoted phrase; any
/// other term as it is.
pub fn unquoted(term: &str) -> &str {
    let term = term.trim();
    for (open, close) in [
        ('"', '"'),
        ('“', '”'),
        ('「', '」'),
        ('『', '』'),
        ('\'', '\''),
        ('‘', '’'),
    ] {
        if let Some(inner) = term
            .strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .filter(|t| !t.trim().is_empty() && !t.contains([open, close]))
        {
            return inner.trim();
        }
    }
    term
}

/// The concordance of `term` (without a surrounding pair of quotes, see
/// [`unquoted`]) over the index.
pub fn of_index(
    idx: &crate::index::RendaIndex,
    term: &str,
    filters: &super::Filters,
    options: &Options,
) -> Result<(Concordance, Vec<super::LeftOut>), super::SearchError> {
    // Cleaned as the texts were (see [`super::containing`]).
    let term = crate::corpus::normalize(unquoted(term));
    let found = super::containing(idx, &term, filters)?;
    let c = concordance(&found.hits, &term, options, &idx.dictionary.jieba());
    Ok((c, found.left_out))
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use super::*;

    fn jieba() -> Arc<Jieba> {
        static JIEBA: OnceLock<Arc<Jieba>> = OnceLock::new();
        JIEBA
            .get_or_init(|| crate::analysis::Dictionary::builtin().jieba())
            .clone()
    }

    fn hit(file: &str, paragraph: usize, text: &str) -> Hit {
        Hit::unlabelled(file.to_string(), paragraph, text.to_string(), 0.0)
    }

    #[test]
    fn a_pair_of_quotes_around_the_term_is_taken_off() {
        for quoted in [
            "\"联系群众\"",
            "“联系群众”",
            "「联系群众」",
            " '联系群众' ",
            "‘联系群众’",
        ] {
            assert_eq!(unquoted(quoted), "联系群众", "{quoted}");
        }
        // Not a pair around the whole term: left as it is.
        for kept in [
            "\"联系群众",
            "联系“群众”",
            "“”",
            "\"",
            "“甲”和“乙”",
            "联系群众",
        ] {
            assert_eq!(unquoted(kept), kept.trim(), "{kept}");
        }
    }

    #[test]
    fn context_counts_characters_and_stops_at_the_edges() {
        let text = "ab密切联系群众cd😀e";
        let at = text.find("联系").unwrap();
        let at = at..at + "联系".len();
        assert_eq!(context(text, at.clone(), 3), ("b密切", "群众c"));
        assert_eq!(context(text, at.clone(), 0), ("", ""));
        assert_eq!(context(text, at.clone(), 100), ("ab密切", "群众cd😀e"));
        let at = text.find('d').unwrap();
        assert_eq!(context(text, at..at + 1, 2), ("众c", "😀e"));
    }

    #[test]
    fn occurrences_do_not_overlap_and_an_empty_term_has_none() {
        assert_eq!(occurrences("哈哈哈哈哈", "哈哈"), vec![0..6, 6..12]);
        assert!(occurrences("代表", "").is_empty());
        assert!(occurrences("", "代表").is_empty());
    }

    #[test]
    fn lines_are_substrings_with_the_term_in_the_middle() {
        let hits = [
            hit("a.txt", 1, "要密切联系群众，联系群众是根本。"),
            hit("b.txt", 3, "联系群众"),
        ];
        let lines = lines(&hits, "联系群众", 2);
        assert_eq!(lines.len(), 3);
        for (l, h) in lines.iter().zip([&hits[0], &hits[0], &hits[1]]) {
            assert!(
                h.text
                    .contains(&format!("{}{}{}", l.left, l.matched, l.right))
            );
            assert_eq!(l.matched, "联系群众");
            assert!(l.left.chars().count() <= 2 && l.right.chars().count() <= 2);
        }
        assert_eq!(
            (lines[0].left.as_str(), lines[0].right.as_str()),
            ("密切", "，联")
        );
        assert_eq!((lines[2].left.as_str(), lines[2].right.as_str()), ("", ""));
    }

    #[test]
    fn sorting_left_reads_the_left_context_backwards() {
        let hits = [
            hit("a.txt", 1, "甲乙联系群众"),
            hit("a.txt", 2, "乙甲联系群众"),
            hit("a.txt", 3, "丙甲联系群众"),
        ];
        let mut l = lines(&hits, "联系群众", 5);
        sort(&mut l, Sort::Left);
        let lefts: Vec<&str> = l.iter().map(|l| l.left.as_str()).collect();
        // Compared from the last character: 乙 (U+4E59) before 甲 (U+7532),
        // then among those ending in 甲, 丙 (U+4E19) before 乙.
        assert_eq!(lefts, ["甲乙", "丙甲", "乙甲"]);
        sort(&mut l, Sort::None);
        assert_eq!(l.iter().map(|l| l.paragraph).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn the_word_next_to_the_term_must_touch_it() {
        let j = jieba();
        assert_eq!(word_before("我们要密切", &j).as_deref(), Some("密切"));
        assert_eq!(word_before("作风、", &j), None);
        assert_eq!(word_before("", &j), None);
        assert_eq!(word_after("的重要桥梁", &j).as_deref(), Some("的"));
        assert_eq!(word_after("，推动", &j), None);
        assert_eq!(word_after("😀", &j), None);
    }

    #[test]
    fn collocates_count_and_rank() {
        let hits = [
            hit(
                "a.txt",
                1,
                "要密切联系群众，更加密切联系群众，政府联系群众。",
            ),
            hit("b.txt", 1, "、联系群众的桥梁"),
        ];
        let c = collocates(&hits, "联系群众", &jieba(), 20);
        let before: Vec<(&str, usize)> = c
            .before
            .iter()
            .map(|c| (c.text.as_str(), c.count))
            .collect();
        assert_eq!(before, [("密切", 2), ("政府", 1)]);
        let after: Vec<(&str, usize)> =
            c.after.iter().map(|c| (c.text.as_str(), c.count)).collect();
        assert_eq!(after, [("的", 1)]);
        assert_eq!(collocates(&hits, "联系群众", &jieba(), 1).before.len(), 1);
    }

    #[test]
    fn a_concordance_limits_lines_but_counts_them_all() {
        let hits = [hit("a.txt", 1, "代表代表代表")];
        let options = Options {
            width: 1,
            limit: Some(2),
            ..Options::default()
        };
        let c = concordance(&hits, "代表", &options, &jieba());
        assert_eq!(c.total_lines, 3);
        assert_eq!(c.lines.len(), 2);
        let empty = concordance(&hits, "", &options, &jieba());
        assert_eq!(empty.total_lines, 0);
        assert!(empty.before.is_empty());
    }
}
