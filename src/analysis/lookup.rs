//! jieba's default dictionary as sorted text, searched in place: the words
//! of a short text are found without building jieba's whole dictionary.
//!
//! `jieba_dict.txt` is jieba-rs 0.11's `src/data/dict.txt` (MIT licence,
//! from the jieba project), its lines sorted by the bytes of their word:
//! `word freq tag`, one per line. A test checks that it is sorted and that
//! the segmenter built from it cuts as `jieba_rs::Jieba::new()` does.

/// jieba's default dictionary, sorted by word.
pub const JIEBA_DICT: &str = include_str!("jieba_dict.txt");
/// The sum of its frequencies: jieba's `total` (checked by a test).
pub const JIEBA_TOTAL: usize = 60_101_964;

/// One line of the dictionary: a word, its frequency and its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'d> {
    pub word: &'d str,
    pub freq: usize,
    pub tag: &'d str,
}

/// The start of the line holding byte `pos` of `text`.
fn line_start(text: &[u8], pos: usize) -> usize {
    text[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The end of the line starting at `start` (its `\n`, or the text's end).
fn line_end(text: &[u8], start: usize) -> usize {
    text[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| start + i)
}

/// The word of the line starting at `start`.
fn word_at(text: &str, start: usize) -> &str {
    let end = line_end(text.as_bytes(), start);
    let line = &text[start..end];
    line.split(' ').next().unwrap_or(line)
}

/// The first line (from line start `from` on) whose word is not below `key`
/// in byte order; the text's length if there is none.
fn lower_bound(text: &str, key: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut lo, mut hi) = (from, text.len());
    while lo < hi {
        let mid = line_start(bytes, lo + (hi - lo) / 2).max(lo);
        if word_at(text, mid).as_bytes() < key.as_bytes() {
            lo = (line_end(bytes, mid) + 1).min(text.len());
        } else {
            hi = mid;
        }
    }
    lo
}

fn parse_line(line: &str) -> Option<Line<'_>> {
    let mut parts = line.split(' ');
    let word = parts.next()?;
    let freq = parts.next()?.parse().ok()?;
    let tag = parts.next().unwrap_or("");
    Some(Line { word, freq, tag })
}

/// The line of `word`, if the dictionary holds it.
pub fn get(word: &str) -> Option<Line<'static>> {
    let at = lower_bound(JIEBA_DICT, word, 0);
    if at >= JIEBA_DICT.len() || word_at(JIEBA_DICT, at) != word {
        return None;
    }
    parse_line(&JIEBA_DICT[at..line_end(JIEBA_DICT.as_bytes(), at)])
}

/// Every dictionary line whose word stands somewhere in `text`, each time
/// it stands there (callers deduplicate).
pub fn words_in(text: &str, mut found: impl FnMut(Line<'static>)) {
    let dict = JIEBA_DICT;
    for (start, _) in text.char_indices() {
        let rest = &text[start..];
        let mut from = 0;
        for (len, c) in rest.char_indices() {
            let prefix = &rest[..len + c.len_utf8()];
            from = lower_bound(dict, prefix, from);
            if from >= dict.len() {
                break;
            }
            let word = word_at(dict, from);
            if !word.starts_with(prefix) {
                break;
            }
            if word == prefix
                && let Some(line) = parse_line(&dict[from..line_end(dict.as_bytes(), from)])
            {
                found(line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_is_sorted_well_formed_and_totals_its_frequencies() {
        let mut previous = "";
        let mut total = 0;
        for line in JIEBA_DICT.lines() {
            let l = parse_line(line).unwrap_or_else(|| panic!("malformed line {line:?}"));
            assert_eq!(line.split(' ').count(), 3, "{line:?}");
            assert!(
                previous.as_bytes() < l.word.as_bytes(),
                "{previous:?} before {:?}",
                l.word
            );
            previous = l.word;
            total += l.freq;
        }
        assert_eq!(total, JIEBA_TOTAL);
    }

    #[test]
    fn words_are_found_where_they_stand() {
        assert_eq!(get("人民").map(|l| l.tag), Some("n"));
        assert!(get("人民代表大会").is_some());
        assert_eq!(get("不是一个词语吧"), None);
        assert_eq!(get(""), None);
        let mut words = Vec::new();
        words_in("人民代表大会x", |l| words.push(l.word));
        for w in ["人", "人民", "人民代表", "人民代表大会", "代表", "大会"] {
            assert!(words.contains(&w), "{w} in {words:?}");
        }
        assert!(!words.contains(&"民代"), "{words:?}");
        // The first and the last words of the file are found too.
        let first = JIEBA_DICT
            .lines()
            .next()
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        let last = JIEBA_DICT
            .lines()
            .last()
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        for w in [first, last] {
            let mut found = Vec::new();
            words_in(w, |l| found.push(l.word));
            assert!(found.contains(&w), "{w} in {found:?}");
        }
    }
}
