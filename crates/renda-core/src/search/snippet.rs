//! Snippets: the part of a paragraph around its matches, cut at sentence ends.
//!
//! A paragraph is split into sentences as [`crate::text::sentences`] splits
//! them (at 。！？；… and ! ? ; or a line break, with any closing quotes or
//! brackets that follow, as in 。” or ！）). The snippet is the run of whole sentences, at most
//! `max_chars` characters long, that holds the most matched characters; only
//! a sentence too long to fit on its own is cut mid-sentence, around its
//! first match. All offsets are byte offsets on character boundaries.

use std::ops::Range;

use crate::text::{Folded, merge_ranges as merge, sentences};

/// A passage of a paragraph, with its matches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage, a slice of the paragraph with surrounding whitespace off.
    pub text: String,
    /// Byte ranges of `text` that match, sorted, not overlapping, on
    /// character boundaries.
    pub highlights: Vec<Range<usize>>,
    /// Some of the paragraph (other than whitespace) comes before the
    /// passage: it starts at a later sentence or mid-sentence.
    pub cut_start: bool,
    /// Some of the paragraph (other than whitespace) comes after the passage.
    pub cut_end: bool,
    /// Where `text` lies in the paragraph, in bytes.
    pub range: Range<usize>,
}

/// `ranges` made safe for `text`: clamped to its length, widened to
/// character boundaries, empty ones dropped, sorted, overlapping and
/// adjacent ones joined.
pub fn normalize_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = ranges
        .iter()
        .filter_map(|r| {
            let mut start = r.start.min(text.len());
            let mut end = r.end.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (start < end).then_some(start..end)
        })
        .collect();
    merge(&mut out);
    out
}

/// The most occurrences of one needle in one paragraph that are found (and
/// highlighted): a huge paragraph costs no more.
pub const MAX_MATCHES: usize = 10_000;

/// Byte ranges of every occurrence of each needle in `text` (the first
/// [`MAX_MATCHES`] of each), matched as a search matches them, whatever
/// their width and case ([`crate::text::fold`]: ＧＤＰ stands for gdp):
/// non-overlapping occurrences per needle, then all of them sorted, with
/// overlapping or adjacent ranges joined. Empty needles are ignored.
///
/// ```
/// use renda_core::search::snippet::find_all;
/// let text = "人大代表要当好人民的代表";
/// assert_eq!(find_all(text, &["代表", "人民"]), vec![6..12, 21..27, 30..36]);
/// ```
pub fn find_all(text: &str, needles: &[&str]) -> Vec<Range<usize>> {
    let folded = Folded::new(text);
    let mut out: Vec<Range<usize>> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .flat_map(|n| {
            let n = crate::text::fold(n);
            folded.find(&n).take(MAX_MATCHES).collect::<Vec<_>>()
        })
        .collect();
    merge(&mut out);
    out
}

/// Needles from which one pass of an automaton over a text beats a search
/// for each needle in turn.
const AUTOMATON_FROM: usize = 4;

/// Needles looked for in many texts, finding what [`find_all`] and
/// [`str::matches`] find needle by needle in the folded text and needles
/// ([`crate::text::fold`]): from [`AUTOMATON_FROM`] needles on, in one
/// pass over a text (an Aho–Corasick automaton built once).
#[derive(Debug, Clone, Default)]
pub struct Needles {
    needles: Vec<String>,
    /// The automaton of the needles that are not empty, with the place of
    /// each in the list given.
    automaton: Option<(aho_corasick::AhoCorasick, Vec<usize>)>,
}

impl Needles {
    pub fn new<S: AsRef<str>>(needles: &[S]) -> Self {
        let needles: Vec<String> = needles
            .iter()
            .map(|n| crate::text::fold(n.as_ref()).into_owned())
            .collect();
        let kept: Vec<(usize, &str)> = needles
            .iter()
            .map(String::as_str)
            .enumerate()
            .filter(|(_, n)| !n.is_empty())
            .collect();
        let automaton = (kept.len() >= AUTOMATON_FROM)
            .then(|| aho_corasick::AhoCorasick::new(kept.iter().map(|(_, n)| n)).ok())
            .flatten()
            .map(|ac| (ac, kept.iter().map(|(i, _)| *i).collect()));
        Needles { needles, automaton }
    }

    /// Each needle's non-overlapping occurrences in `text`, leftmost
    /// first (as [`str::match_indices`] finds them), at most `cap` of
    /// each, calling `found(needle, range)`.
    fn each(&self, folded: &Folded<'_>, cap: usize, mut found: impl FnMut(usize, Range<usize>)) {
        let Some((ac, place)) = &self.automaton else {
            for (i, n) in self.needles.iter().enumerate() {
                if !n.is_empty() {
                    for r in folded.find(n).take(cap) {
                        found(i, r);
                    }
                }
            }
            return;
        };
        let mut end = vec![0usize; place.len()];
        let mut seen = vec![0usize; place.len()];
        // Every occurrence, overlapping ones too, in the order of their
        // ends; for one needle (of one length) that is the order of their
        // starts, so keeping each one that starts after the last kept ends
        // keeps what a left-to-right search finds.
        for m in ac.find_overlapping_iter(folded.text.as_ref()) {
            let k = m.pattern().as_usize();
            if m.start() >= end[k] && seen[k] < cap {
                end[k] = m.end();
                seen[k] += 1;
                found(place[k], folded.original(m.start()..m.end()));
            }
        }
    }

    /// [`find_all`] of these needles in `text`.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.find_all_in(&Folded::new(text))
    }

    /// [`Needles::find_all`] in a text folded once for all its uses.
    pub fn find_all_in(&self, folded: &Folded<'_>) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        self.each(folded, MAX_MATCHES, |_, r| out.push(r));
        merge(&mut out);
        out
    }

    /// How many times each needle stands in `text` (`text.matches(needle)
    /// .count()`, folded), in the order given; 0 for an empty one.
    pub fn counts(&self, text: &str) -> Vec<usize> {
        self.counts_in(&Folded::new(text))
    }

    /// [`Needles::counts`] in a text folded once for all its uses.
    pub fn counts_in(&self, folded: &Folded<'_>) -> Vec<usize> {
        let mut counts = vec![0usize; self.needles.len()];
        self.each(folded, usize::MAX, |i, _| counts[i] += 1);
        counts
    }
}

/// The number of characters of `text[range]` that lie in `matches`
/// (sorted, not overlapping): found by binary search, so that a paragraph
/// of many sentences and many matches costs no more than their sum.
fn matched_chars(text: &str, matches: &[Range<usize>], range: &Range<usize>) -> usize {
    let first = matches.partition_point(|m| m.end <= range.start);
    matches[first..]
        .iter()
        .take_while(|m| m.start < range.end)
        .map(|m| {
            text[m.start.max(range.start)..m.end.min(range.end)]
                .chars()
                .count()
        })
        .sum()
}

/// A cut of `sentence` (too long to fit) of at most `max_chars` characters:
/// around its first match, with some context before, or from its start.
fn cut_sentence(
    text: &str,
    sentence: &Range<usize>,
    matches: &[Range<usize>],
    max_chars: usize,
) -> Range<usize> {
    let s = &text[sentence.clone()];
    // Characters of the sentence before byte offset `at` (in `text`).
    let chars_before = |at: usize| s[..at - sentence.start].chars().count();
    let len = s.chars().count();
    let first = matches[matches.partition_point(|m| m.end <= sentence.start)..]
        .first()
        .filter(|m| m.start < sentence.end);
    let from = match first {
        None => 0,
        Some(m) => {
            let m_start = chars_before(m.start.max(sentence.start));
            let m_end = chars_before(m.end.min(sentence.end));
            // A third of the room left over goes before the match.
            let before = max_chars.saturating_sub(m_end - m_start) / 3;
            m_start
                .saturating_sub(before)
                .min(len.saturating_sub(max_chars))
        }
    };
    let to = (from + max_chars).min(len);
    // The byte offset (in `text`) of the sentence's `n`th character.
    let byte_at = |n: usize| sentence.start + s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    byte_at(from)..byte_at(to)
}

/// The best passage of `text` around `matches` (byte ranges into `text`,
/// sorted; may be empty), about `max_chars` characters long.
///
/// The passage is the run of whole sentences, at most `max_chars` long, that
/// holds the most matched characters (ties: the earliest). A sentence longer
/// than `max_chars` is cut around its first match at character boundaries.
/// With no matches, it is the start of the text. Whitespace around the
/// passage is left off. Highlights are the matches that fall in the passage,
/// clipped and shifted into it. Ranges that are out of bounds or not on
/// character boundaries are clamped and widened rather than rejected.
///
/// ```
/// use renda_core::search::snippet::{find_all, snippet};
/// let text = "今天召开座谈会。人大的作用靠代表，人大的活力在代表。大家都很中肯。";
/// let s = snippet(text, &find_all(text, &["活力"]), 20);
/// assert_eq!(s.text, "人大的作用靠代表，人大的活力在代表。");
/// assert_eq!(&s.text[s.highlights[0].clone()], "活力");
/// assert!(s.cut_start && s.cut_end);
/// ```
pub fn snippet(text: &str, matches: &[Range<usize>], max_chars: usize) -> Snippet {
    let matches = normalize_ranges(text, matches);
    let sentences = sentences(text);
    let lens: Vec<usize> = sentences
        .iter()
        .map(|s| text[s.clone()].chars().count())
        .collect();
    let scores: Vec<usize> = sentences
        .iter()
        .map(|s| matched_chars(text, &matches, s))
        .collect();

    // For each first sentence, the longest run that fits (two pointers).
    let mut best: Option<(usize, Range<usize>)> = None;
    let (mut end, mut chars, mut score) = (0, 0, 0);
    for start in 0..sentences.len() {
        if end < start {
            (end, chars, score) = (start, 0, 0);
        }
        while end < sentences.len() && chars + lens[end] <= max_chars {
            chars += lens[end];
            score += scores[end];
            end += 1;
        }
        let candidate = if end > start {
            (score, sentences[start].start..sentences[end - 1].end)
        } else {
            let cut = cut_sentence(text, &sentences[start], &matches, max_chars);
            (matched_chars(text, &matches, &cut), cut)
        };
        if best.as_ref().is_none_or(|b| candidate.0 > b.0) {
            best = Some(candidate);
        }
        if end > start {
            chars -= lens[start];
            score -= scores[start];
        }
    }
    let Some((_, range)) = best else {
        return Snippet::default();
    };
    make(text, &matches, range)
}

/// The snippet for `range` of `text`, with its whitespace trimmed.
fn make(text: &str, matches: &[Range<usize>], range: Range<usize>) -> Snippet {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = (range.end - (slice.len() - slice.trim_end().len())).max(start);
    let highlights = matches
        .iter()
        .filter(|m| m.start < end && start < m.end)
        .map(|m| m.start.max(start) - start..m.end.min(end) - start)
        .collect();
    Snippet {
        text: text[start..end].to_string(),
        highlights,
        cut_start: !text[..start].trim().is_empty(),
        cut_end: !text[end..].trim().is_empty(),
        range: start..end,
    }
}

#[cfg(test)]
// One-range lists are what the functions take, not typos for arrays.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    /// What [`find_all`] and `str::matches` find needle by needle.
    /// What a search needle by needle finds, in a text whose folding
    /// keeps its bytes where they are (ASCII, Chinese).
    fn one_by_one(text: &str, needles: &[&str]) -> (Vec<Range<usize>>, Vec<usize>) {
        let text = &crate::text::fold(text).into_owned();
        let needles: Vec<String> = needles
            .iter()
            .map(|n| crate::text::fold(n).into_owned())
            .collect();
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let mut out: Vec<Range<usize>> = needles
            .iter()
            .filter(|n| !n.is_empty())
            .flat_map(|n| {
                text.match_indices(*n)
                    .take(MAX_MATCHES)
                    .map(|(i, m)| i..i + m.len())
            })
            .collect();
        merge(&mut out);
        let counts = needles
            .iter()
            .map(|n| {
                if n.is_empty() {
                    0
                } else {
                    text.matches(*n).count()
                }
            })
            .collect();
        (out, counts)
    }

    #[test]
    fn needles_find_what_a_search_needle_by_needle_finds() {
        let cases: [(&str, &[&str]); 7] = [
            ("人大代表要当好人民的代表", &["代表", "人民"]),
            // A needle that overlaps itself: left to right, not every start.
            ("啊啊啊啊啊", &["啊啊"]),
            (
                "人民代表大会人民代表",
                &["人民", "民代", "代表大会", "人民"],
            ),
            (
                "啊啊啊啊啊，人民代表",
                &["啊啊", "啊", "人民", "代表", "民代"],
            ),
            ("联系群众，密切联系群众", &["", "联系群众", "联系", "群众"]),
            ("abcABC", &["abc", "bca", "c"]),
            ("", &["代表"]),
        ];
        for (text, needles) in cases {
            let n = Needles::new(needles);
            let (ranges, counts) = one_by_one(text, needles);
            assert_eq!(n.find_all(text), ranges, "{text} {needles:?}");
            assert_eq!(n.counts(text), counts, "{text} {needles:?}");
        }
        assert!(Needles::new::<&str>(&[]).find_all("代表").is_empty());
        // Width and case fold: the matches are where the text has them.
        let text = "ＧＤＰ和gdp、GDP，２０２３年与2023年";
        for needles in [
            &["GDP", "2023年"][..],
            &["gdp", "２０２３年", "Ｇ", "a", "b"][..],
        ] {
            let found: Vec<&str> = Needles::new(needles)
                .find_all(text)
                .into_iter()
                .map(|r| &text[r])
                .collect();
            let plain: Vec<&str> = find_all(text, needles)
                .into_iter()
                .map(|r| &text[r])
                .collect();
            assert_eq!(found, plain, "{needles:?}");
            assert_eq!(found, ["ＧＤＰ", "gdp", "GDP", "２０２３年", "2023年"]);
        }
    }

    #[test]
    fn normalize_widens_to_char_boundaries() {
        let text = "代表";
        assert_eq!(normalize_ranges(text, &[1..2, 4..99, 5..5]), vec![0..6]);
        assert!(normalize_ranges("", &[0..3]).is_empty());
    }

    #[test]
    fn zero_width_snippet_is_empty() {
        let s = snippet("代表。", &[0..6], 0);
        assert_eq!(s.text, "");
        assert!(s.highlights.is_empty());
        assert!(s.cut_end);
    }
}
