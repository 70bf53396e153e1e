//! jieba's default dictionary as sorted text, searched in place: the words
//! of a short text are found without building jieba's whole dictionary.
//!
//! `jieba_dict.txt` is jieba-rs 0.11's `src/data/dict.txt` (MIT licence,
//! from the jieba project), its lines sorted by the bytes of their word:
//! `word freq tag`, one per line. A test checks that it is sorted and that
//! the segmenter built from it cuts as `jieba_rs::Jieba::new()` does.

use std::sync::OnceLock;

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

/// Where each line of [`JIEBA_DICT`] starts (and, last, the text's end):
/// built once, in about a millisecond.
fn line_starts() -> &'static [u32] {
    static STARTS: OnceLock<Vec<u32>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let bytes = JIEBA_DICT.as_bytes();
        let mut starts = Vec::with_capacity(350_000);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| (i + 1) as u32));
        if starts.last() != Some(&(bytes.len() as u32)) {
            starts.push(bytes.len() as u32);
        }
        starts
    })
}

/// Line `i` of the dictionary, without its newline.
fn line(starts: &[u32], i: usize) -> &'static str {
    let (from, to) = (starts[i] as usize, starts[i + 1] as usize);
    JIEBA_DICT[from..to].trim_end_matches('\n')
}

/// The word of line `i`.
fn word(starts: &[u32], i: usize) -> &'static str {
    let l = line(starts, i);
    l.split(' ').next().unwrap_or(l)
}

fn parse_line(line: &str) -> Option<Line<'_>> {
    let mut parts = line.split(' ');
    let word = parts.next()?;
    let freq = parts.next()?.parse().ok()?;
    let tag = parts.next().unwrap_or("");
    Some(Line { word, freq, tag })
}

/// The first line in `lines` whose word is not below `key` in byte order.
fn lower_bound(starts: &[u32], lines: std::ops::Range<usize>, key: &str) -> usize {
    let (mut lo, mut hi) = (lines.start, lines.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if word(starts, mid).as_bytes() < key.as_bytes() {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The line of `word`, if the dictionary holds it.
pub fn get(key: &str) -> Option<Line<'static>> {
    let starts = line_starts();
    let n = starts.len() - 1;
    let at = lower_bound(starts, 0..n, key);
    (at < n && word(starts, at) == key)
        .then(|| parse_line(line(starts, at)))
        .flatten()
}

/// Every dictionary line whose word stands somewhere in `text`, each time
/// it stands there (callers deduplicate).
pub fn words_in(text: &str, mut found: impl FnMut(Line<'static>)) {
    let starts = line_starts();
    let n = starts.len() - 1;
    for (start, _) in text.char_indices() {
        let rest = &text[start..];
        // The lines whose words start with the prefix read so far.
        let mut lines = 0..n;
        for (len, c) in rest.char_indices() {
            let prefix = &rest[..len + c.len_utf8()];
            let lo = lower_bound(starts, lines.clone(), prefix);
            if lo >= lines.end || !word(starts, lo).starts_with(prefix) {
                break;
            }
            if word(starts, lo) == prefix
                && let Some(l) = parse_line(line(starts, lo))
            {
                found(l);
            }
            // Words with this prefix end before the first word above all
            // its extensions: the prefix followed by the largest byte.
            let mut hi = lo + 1;
            let mut step = 1;
            while hi < lines.end && word(starts, hi).starts_with(prefix) {
                hi = (hi + step).min(lines.end);
                step *= 2;
            }
            let end = lower_bound_not_prefixed(starts, lo..hi, prefix);
            lines = lo..end;
        }
    }
}

/// The first line in `lines` (whose first word starts with `prefix`) whose
/// word does not start with `prefix`; `lines.end` if all do.
fn lower_bound_not_prefixed(starts: &[u32], lines: std::ops::Range<usize>, prefix: &str) -> usize {
    let (mut lo, mut hi) = (lines.start, lines.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if word(starts, mid).starts_with(prefix) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
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
