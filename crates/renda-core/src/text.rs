//! Sentences and byte ranges of a paragraph: the one definition that
//! snippets, folding, ranking and `similar` share.
//!
//! A sentence ends at a Chinese or ASCII sentence end (。！？；… and ! ? ;,
//! or a line break), taking with it the whole run of sentence ends that
//! follows (……, ！？) and any closing quotes or brackets after them (。”,
//! ！）). Offsets are UTF-8 byte offsets on character boundaries.

use std::ops::Range;

/// The form in which a character is matched: a capital as its small
/// letter (when it has one of one character), and a full-width Latin
/// letter or digit (Ａ, ｇ, １) as its ASCII form, so that ＧＤＰ, gdp and
/// GDP, or １９８７年 and 1987年, are one string to a search. One character
/// always folds to one character, so a match in a folded text stands at
/// the same characters of the text itself (see [`Folded`]).
pub fn fold_char(c: char) -> char {
    // Chinese text and its punctuation, first and fast.
    if folds_to_itself(c) {
        return c;
    }
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
        }
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// `text` with every character folded ([`fold_char`]), without a copy
/// when none changes: Chinese text, its punctuation, digits and lower-case
/// ASCII, which is most of what a search reads.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(folds_to_itself) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().map(fold_char).collect())
    }
}

/// Characters that folding leaves as they are, by ranges that hold no
/// cased letter and no full-width letter or digit: ASCII but its
/// capitals, general punctuation, the CJK symbols, kana, bopomofo and
/// ideographs (U+3000–U+9FFF), and the full-width punctuation.
fn folds_to_itself(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_uppercase())
        || ('\u{2000}'..='\u{206F}').contains(&c)
        || ('\u{3000}'..='\u{9FFF}').contains(&c)
        || ('\u{FF01}'..='\u{FF0F}').contains(&c)
        || ('\u{FF1A}'..='\u{FF20}').contains(&c)
}

/// A text folded ([`fold`]) for matching, and where each of its
/// characters stands in the text: a match found in [`Folded::text`] is
/// at [`Folded::original`] in the text itself.
pub struct Folded<'t> {
    pub text: std::borrow::Cow<'t, str>,
    /// The text itself.
    source: &'t str,
    /// For each byte of the folded text (and its end), the byte of the
    /// text where its character stands: made when first asked for, and
    /// only when folding changed the text.
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'t> Folded<'t> {
    pub fn new(text: &'t str) -> Self {
        Folded {
            text: fold(text),
            source: text,
            starts: std::cell::OnceCell::new(),
        }
    }

    /// A text already folded: it stands for itself.
    pub fn already(text: &'t str) -> Self {
        Folded {
            text: std::borrow::Cow::Borrowed(text),
            source: text,
            starts: std::cell::OnceCell::new(),
        }
    }

    /// The byte range of the text that the range `r` of the folded text
    /// (on its character boundaries) stands for.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let std::borrow::Cow::Owned(folded) = &self.text else {
            return r;
        };
        let starts = self.starts.get_or_init(|| {
            let mut starts = Vec::with_capacity(folded.len() + 1);
            for ((at, _), c) in self.source.char_indices().zip(folded.chars()) {
                starts.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
            starts.push(self.source.len());
            starts
        });
        starts[r.start]..starts[r.end]
    }

    /// The non-overlapping occurrences of `needle` (folded) in the text,
    /// left to right, as ranges of the text itself.
    pub fn find<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.text
            .match_indices(needle)
            .map(move |(at, m)| self.original(at..at + m.len()))
    }
}

/// Characters that end a sentence.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…' | '!' | '?' | ';' | '\n')
}

/// Closing quotes and brackets that belong to the sentence they follow.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕' | '］' | ']' | '"' | '\''
    )
}

/// The sentences of `text` as byte ranges that together cover it, in
/// order (a sentence may be white space only, e.g. between two line
/// breaks; see [`sentence_texts`]).
///
/// ```
/// let text = "他说：“好。”然后……走了！？是吗";
/// let parts: Vec<&str> = renda_core::text::sentences(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(parts, ["他说：“好。”", "然后……", "走了！？", "是吗"]);
/// ```
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !is_sentence_end(c) {
            continue;
        }
        // Take the whole run of sentence ends (……, ！？) and the closers.
        while let Some(&(_, next)) = chars.peek() {
            if is_sentence_end(next) || is_closer(next) {
                chars.next();
            } else {
                break;
            }
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        out.push(start..end);
        start = end;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The sentences of `text` that hold more than white space, as slices
/// (each with its closing marks).
pub fn sentence_texts(text: &str) -> Vec<&str> {
    sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// Sort `ranges` and join those that overlap or touch.
///
/// ```
/// let mut r = vec![6..9, 0..3, 2..4, 4..5];
/// renda_core::text::merge_ranges(&mut r);
/// assert_eq!(r, vec![0..5, 6..9]);
/// ```
pub fn merge_ranges(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    *ranges = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_width_and_case_one_and_copies_only_what_it_changes() {
        // Every character the quick path keeps is its own fold.
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| folds_to_itself(c))
        {
            assert_eq!(fold_char(c), c, "{c:?}");
        }
        assert_eq!(fold("ＧＤＰ增长１０％，gdp，Gdp"), "gdp增长10％，gdp，gdp");
        assert_eq!(fold("Ａ ａ Ｚ ｚ ０ ９ ＡＢＣ县"), "a a z z 0 9 abc县");
        // One character for one, however it lower-cases.
        for text in ["ǅ İ ẞ Σ", "ＡＢＣ县“XX”条例（２０２３）"] {
            assert_eq!(fold(text).chars().count(), text.chars().count());
        }
        assert!(matches!(
            fold("依法治国，第20条。（一）"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(fold("XX县"), std::borrow::Cow::Owned(_)));
        assert!(matches!(fold("第２０条"), std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn a_match_in_the_folded_text_is_found_at_its_characters() {
        let text = "１９８７年，ＧＤＰ增长；1987年，GDP。";
        let f = Folded::new(text);
        let found: Vec<&str> = f.find("1987年").map(|r| &text[r]).collect();
        assert_eq!(found, ["１９８７年", "1987年"]);
        let found: Vec<&str> = f.find("gdp").map(|r| &text[r]).collect();
        assert_eq!(found, ["ＧＤＰ", "GDP"]);
        let plain = Folded::new("密切联系群众");
        assert_eq!(plain.find("联系").collect::<Vec<_>>(), vec![6..12]);
    }

    #[test]
    fn sentences_cover_the_text_and_keep_closers_and_runs() {
        let text = "他说：“好。”然后……走了！？是吗";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(parts, ["他说：“好。”", "然后……", "走了！？", "是吗"]);
        assert_eq!(parts.concat(), text);
        assert!(sentences("").is_empty());
        assert_eq!(
            sentence_texts("一要学习。\n\n二要实践！三"),
            ["一要学习。\n\n", "二要实践！", "三"]
        );
    }

    #[test]
    fn merged_ranges_are_sorted_and_apart() {
        let mut r = vec![3..6, 0..3, 9..12, 10..11];
        merge_ranges(&mut r);
        assert_eq!(r, vec![0..6, 9..12]);
        let mut empty: Vec<Range<usize>> = Vec::new();
        merge_ranges(&mut empty);
        assert!(empty.is_empty());
    }
}
