//! Sentences and byte ranges of a paragraph: the one definition that
//! snippets, folding, ranking and `similar` share.
//!
//! A sentence ends at a Chinese or ASCII sentence end (。！？；… and ! ? ;,
//! or a line break), taking with it the whole run of sentence ends that
//! follows (……, ！？) and any closing quotes or brackets after them (。”,
//! ！）). Offsets are UTF-8 byte offsets on character boundaries.

use std::ops::Range;

/// `text` lower-cased as [`str::to_lowercase`] does, without a copy when
/// no character of it has a case: Chinese text, its punctuation, digits
/// and lower-case ASCII, which is most of what a search measures.
pub fn lowercase(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(has_no_case) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.to_lowercase())
    }
}

/// Characters that lower-casing leaves as they are, by ranges that hold
/// no cased letter: ASCII but its capitals, general punctuation, the CJK
/// symbols, kana, bopomofo and ideographs (U+3000–U+9FFF), and the
/// full-width punctuation and digits before the full-width capitals.
fn has_no_case(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_uppercase())
        || ('\u{2000}'..='\u{206F}').contains(&c)
        || ('\u{3000}'..='\u{9FFF}').contains(&c)
        || ('\u{FF01}'..='\u{FF20}').contains(&c)
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
    fn lowercase_is_to_lowercase_and_copies_only_what_has_a_case() {
        // Every character the quick path keeps is its own lower case.
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| has_no_case(c))
        {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
        for text in [
            "加强人大代表工作，密切联系群众。",
            "ABC县“XX”条例（2023）",
            "ǅ Ａ ａ İ",
            "",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase());
        }
        assert!(matches!(
            lowercase("依法治国，第20条。"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(lowercase("XX县"), std::borrow::Cow::Owned(_)));
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
