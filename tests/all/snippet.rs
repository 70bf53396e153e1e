//! Snippets and `find_all` on sentences of the shipped seed speeches, on
//! mixed scripts and emoji, and on random ranges over the seeds and, when
//! present, the real texts in `../shared/corpus/real`.

// One-range lists are what the functions take, not typos for arrays.
#![allow(clippy::single_range_in_vec_init)]

use crate::common;

use std::ops::Range;
use std::path::Path;

use renda_core::search::snippet::{Snippet, find_all, normalize_ranges, snippet};

/// The line of seed `prefix` that holds `start`, from `start` on.
fn seed_line(prefix: &str, start: &str) -> String {
    let (_, text) = common::seeds()
        .into_iter()
        .find(|(name, _)| name.starts_with(prefix))
        .unwrap();
    text.lines()
        .find_map(|l| Some(l[l.find(start)?..].trim_end()))
        .unwrap_or_else(|| panic!("no line {start} in {prefix}"))
        .to_string()
}

/// Everything a snippet promises, whatever the input.
fn check(text: &str, matches: &[Range<usize>], max_chars: usize, s: &Snippet) {
    assert_eq!(s.text, text[s.range.clone()]);
    assert!(
        s.text.chars().count() <= max_chars,
        "{} > {max_chars}",
        s.text
    );
    assert_eq!(s.text, s.text.trim());
    assert_eq!(s.cut_start, !text[..s.range.start].trim().is_empty());
    assert_eq!(s.cut_end, !text[s.range.end..].trim().is_empty());
    let matches = normalize_ranges(text, matches);
    let mut last_end = 0;
    for h in &s.highlights {
        assert!(h.start < h.end && h.end <= s.text.len(), "{h:?}");
        assert!(s.text.is_char_boundary(h.start) && s.text.is_char_boundary(h.end));
        assert!(h.start >= last_end, "highlights overlap or are unsorted");
        last_end = h.end;
        let abs = s.range.start + h.start..s.range.start + h.end;
        assert!(
            matches
                .iter()
                .any(|m| m.start <= abs.start && abs.end <= m.end)
        );
    }
    // Every matched byte inside the snippet is highlighted.
    let inside: usize = matches
        .iter()
        .map(|m| {
            m.end
                .min(s.range.end)
                .saturating_sub(m.start.max(s.range.start))
        })
        .sum();
    assert_eq!(inside, s.highlights.iter().map(|h| h.len()).sum::<usize>());
}

fn highlighted(s: &Snippet) -> Vec<&str> {
    s.highlights.iter().map(|h| &s.text[h.clone()]).collect()
}

const S1: &str = "习近平总书记在党的二十大报告中鲜明指出：“加强人大代表工作能力建设，密切人大代表同人民群众的联系。”";
const S2: &str = "这一重要论述对新时代加强和改进人大代表工作，支持和保障人大代表更好依法履职作出重要部署，提出明确要求。";

#[test]
fn a_closing_quote_stays_with_its_sentence() {
    let text = seed_line("004", "习近平总书记在党的二十大报告中");
    let m = find_all(&text, &["密切人大代表"]);
    assert_eq!(m, vec![102..120]);
    let s = snippet(&text, &m, 60);
    check(&text, &m, 60, &s);
    assert_eq!(s.text, S1);
    assert!(s.text.ends_with("。”"));
    assert_eq!(s.highlights, vec![102..120]);
    assert_eq!(highlighted(&s), ["密切人大代表"]);
    assert!(!s.cut_start && s.cut_end);

    // Room for two sentences: the next one comes whole, the third does not.
    let s = snippet(&text, &m, 110);
    assert_eq!(s.text, format!("{S1}{S2}"));
    check(&text, &m, 110, &s);
}

#[test]
fn the_window_with_most_matched_characters_wins_and_ties_go_earliest() {
    let text = seed_line("004", "牢牢把握坚持党的全面领导");
    let m = find_all(&text, &["党的领导"]);
    assert_eq!(m.len(), 4);
    let second = "始终坚持党把方向、管大局、保落实的领导作用，把党的领导贯穿于人大代表工作各方面、全过程，确保人大代表工作始终坚持党的领导、贯彻党的领导、实现党的领导。";

    // Only one sentence fits: the second holds every match.
    let s = snippet(&text, &m, 80);
    check(&text, &m, 80, &s);
    assert_eq!(s.text, second);
    assert_eq!(highlighted(&s), ["党的领导"; 4]);
    assert!(s.cut_start && s.cut_end);

    // The first two fit together and hold as many as the second alone.
    let s = snippet(&text, &m, 100);
    check(&text, &m, 100, &s);
    assert_eq!(
        s.text,
        format!("牢牢把握坚持党的全面领导这一最高政治原则。{second}")
    );
    assert!(!s.cut_start && s.cut_end);
}

#[test]
fn a_sentence_longer_than_the_snippet_is_cut_around_its_first_match() {
    let text = seed_line("003", "大家都是来自全区各行各业的人大代表");
    let m = find_all(&text, &["桥梁"]);
    let s = snippet(&text, &m, 60);
    check(&text, &m, 60, &s);
    assert_eq!(s.text.chars().count(), 60);
    assert!(s.cut_start && s.cut_end);
    assert_eq!(highlighted(&s), ["桥梁"]);
    // A third of the room left over comes before the match.
    let before = &s.text[..s.highlights[0].start];
    assert_eq!(before.chars().count(), (60 - 2) / 3);
    assert!(text.contains(&format!("{before}桥梁")));

    // A match longer than the snippet is cut, and clipped to it.
    let long = find_all(&text, &["要充分发挥代表来自人民、扎根人民的特点优势"]);
    let s = snippet(&text, &long, 5);
    check(&text, &long, 5, &s);
    assert_eq!(s.text, "要充分发挥");
    assert_eq!(s.highlights, vec![0..15]);
}

#[test]
fn a_match_at_the_very_end() {
    let text = seed_line("004", "习近平总书记在党的二十大报告中");
    let m = find_all(&text, &["几点意见。"]);
    assert_eq!(m[0].end, text.len());
    let s = snippet(&text, &m, 60);
    check(&text, &m, 60, &s);
    assert_eq!(s.text, "下面，我讲几点意见。");
    assert!(s.cut_start && !s.cut_end);
    assert_eq!(highlighted(&s), ["几点意见。"]);

    // In a sentence too long to fit, the cut ends at the text's end.
    let text = seed_line("003", "大家都是来自全区各行各业的人大代表");
    let last = text.len() - "。".len()..text.len();
    let s = snippet(&text, std::slice::from_ref(&last), 30);
    check(&text, std::slice::from_ref(&last), 30, &s);
    assert!(s.text.ends_with("展现人大代表的良好风采。"));
    assert_eq!(s.text.chars().count(), 30);
    assert!(s.cut_start && !s.cut_end);
    assert_eq!(highlighted(&s), ["。"]);
}

#[test]
fn a_match_at_the_very_start() {
    let text = seed_line("004", "牢牢把握坚持党的全面领导");
    let m = find_all(&text, &["牢牢把握"]);
    assert_eq!(m, vec![0..12]);
    let s = snippet(&text, &m, 30);
    check(&text, &m, 30, &s);
    assert_eq!(s.text, "牢牢把握坚持党的全面领导这一最高政治原则。");
    assert_eq!(s.highlights, vec![0..12]);
    assert!(!s.cut_start && s.cut_end);

    let text = seed_line("003", "大家都是来自全区各行各业的人大代表");
    let s = snippet(&text, &[0..6], 5);
    assert_eq!(s.text, "大家都是来");
    assert_eq!(s.highlights, vec![0..6]);
    assert!(!s.cut_start && s.cut_end);
}

#[test]
fn without_matches_the_snippet_is_the_start_of_the_text() {
    let text = seed_line("004", "习近平总书记在党的二十大报告中");
    let s = snippet(&text, &[], 60);
    check(&text, &[], 60, &s);
    assert_eq!(s.text, S1);
    assert!(s.highlights.is_empty());
    assert!(!s.cut_start && s.cut_end);

    let text = seed_line("003", "大家都是来自全区各行各业的人大代表");
    let s = snippet(&text, &[], 12);
    assert_eq!(s.text, "大家都是来自全区各行各业");
    assert!(!s.cut_start && s.cut_end);

    let s = snippet("", &[], 10);
    assert_eq!(s, Snippet::default());
}

#[test]
fn emoji_and_mixed_ascii() {
    let text = "GDP增长5.2%，好！😀👍🏽 Deputies said: \"ok?\" 然后呢；最后🎉结束";
    let m = find_all(text, &["👍🏽", "ok", "🎉"]);
    for max in 0..40 {
        let s = snippet(text, &m, max);
        check(text, &m, max, &s);
    }
    // ASCII ? and the quote after it end a sentence; so does ！.
    let s = snippet(text, &m, 25);
    assert_eq!(s.text, "😀👍🏽 Deputies said: \"ok?\"");
    assert_eq!(highlighted(&s), ["👍🏽", "ok"]);
    // A range inside an emoji widens to the whole emoji.
    let party = text.find('🎉').unwrap();
    let s = snippet(text, &[party + 1..party + 2], 10);
    assert_eq!(s.text, "然后呢；最后🎉结束");
    assert_eq!(highlighted(&s), ["🎉"]);
}

#[test]
fn find_all_merges_and_ignores_empty_needles() {
    let text = seed_line("004", "牢牢把握坚持党的全面领导");
    let joined = find_all(&text, &["党的", "的领导", ""]);
    let direct = find_all(&text, &["党的领导"]);
    // 党的 + 的领导 overlap: each 党的领导 comes out as one range.
    for d in &direct {
        assert!(joined.contains(d), "{d:?} in {joined:?}");
    }
    assert!(joined.windows(2).all(|w| w[0].end < w[1].start));
    assert_eq!(find_all("aaaa", &["aa"]), vec![0..4]);
    assert_eq!(find_all("aaa", &["aa"]), vec![0..2]);
    assert_eq!(find_all("人大代表", &["人大", "代表"]), vec![0..12]);
    assert!(find_all("人大代表", &["", "议案"]).is_empty());
    assert!(find_all("", &["人大"]).is_empty());
}

/// A tiny deterministic PRNG (xorshift64).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n as u64 + 1)) as usize
    }
}

/// Random ranges over `text` (any bytes, some reversed or out of bounds) and
/// random lengths; every snippet must keep its promises.
fn fuzz(text: &str, rng: &mut XorShift, rounds: usize) {
    for _ in 0..rounds {
        let count = rng.below(4);
        let ranges: Vec<Range<usize>> = (0..count)
            .map(|_| {
                let start = rng.below(text.len() + 8);
                start..start + rng.below(40) - rng.below(8).min(start)
            })
            .collect();
        let max = rng.below(300);
        let s = snippet(text, &ranges, max);
        check(text, &ranges, max, &s);
    }
}

#[test]
fn random_ranges_over_the_seeds() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for (_, text) in common::seeds() {
        fuzz(&text, &mut rng, 50);
        for line in text.lines() {
            fuzz(line, &mut rng, 20);
        }
    }
}

#[test]
fn random_ranges_over_the_real_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    files.sort();
    let mut rng = XorShift(42);
    for path in files.iter().step_by(10) {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for line in text.lines() {
            fuzz(line, &mut rng, 2);
        }
    }
}
