//! Indexing and searching through the library: the seed speeches and, when
//! present, the real texts in `../shared/corpus/real` are indexed once per
//! process (by the `renda index` binary), then searched in-process with
//! `renda_core::search::search` and checked against what the parser says the
//! index should hold.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{
    Doc, XorShift, err_text, expected_docs, finish_indexing, glob_matches, index_folder, out_text,
    real_corpus, run_renda, scratch_dir, seeds_dir, start_indexing,
};
use renda_core::analysis;
use renda_core::index::{self, Meta, Opening, RendaIndex, writer::Writer};
use renda_core::search::compile::QueryBuilder;
use renda_core::search::{Filters, SearchError, SearchRequest, SearchResult, Unknown, search};
use renda_core::speech::{self, Level, ParseContext};

/// An index built from a corpus folder, with what it should hold.
struct Fixture {
    idx: RendaIndex,
    docs: Vec<Doc>,
}

impl Fixture {
    fn build(corpus: &Path, scratch: &str) -> Fixture {
        let index = scratch_dir(scratch).join("index");
        // The binary indexes while this process parses the same folder.
        let indexing = start_indexing(corpus, &index);
        let docs = expected_docs(corpus);
        finish_indexing(indexing);
        let idx = index::open(&index).unwrap();
        assert!(!docs.is_empty());
        Fixture { idx, docs }
    }

    fn search(&self, query: &str, filters: &Filters) -> SearchResult {
        let request = SearchRequest {
            query: query.to_string(),
            filters: filters.clone(),
            // Room for every document: all hits come back.
            limit: self.docs.len(),
            offset: 0,
            collapse: false,
            literal: false,
            other_words: false,
            without: Vec::new(),
        };
        search(&self.idx, &request).unwrap_or_else(|e| panic!("{query}: {e}"))
    }
}

fn seeds() -> &'static Fixture {
    static SEEDS: OnceLock<Fixture> = OnceLock::new();
    SEEDS.get_or_init(|| Fixture::build(&seeds_dir(), "search-seeds"))
}

/// The real texts' fixture, or `None` (each caller saying it skips) when
/// they are not there.
fn real() -> Option<&'static Fixture> {
    static REAL: OnceLock<Fixture> = OnceLock::new();
    let dir = real_corpus()?;
    Some(REAL.get_or_init(|| Fixture::build(&dir, "search-real")))
}

type Key = (String, usize, String);

fn key(file: &str, paragraph: usize, text: &str) -> Key {
    (file.to_string(), paragraph, text.to_string())
}

fn doc_keys<'a>(docs: impl Iterator<Item = &'a Doc>) -> Vec<Key> {
    let mut keys: Vec<Key> = docs.map(|d| key(&d.file, d.paragraph, &d.text)).collect();
    keys.sort();
    keys
}

fn hit_keys(r: &SearchResult) -> Vec<Key> {
    let mut keys: Vec<Key> = r
        .hits
        .iter()
        .map(|h| key(&h.file, h.paragraph, &h.text))
        .collect();
    keys.sort();
    keys
}

// ------------------------------------------------------------ exact phrases

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `n` distinct phrases cut from the documents' texts: 1 to 10 chars from a
/// random char offset (so most cross word boundaries), a quarter of them
/// starting at or just before a digit, Latin letter or punctuation mark;
/// trimmed; none with `"` or `\` (the query syntax's own characters).
fn sample_phrases(docs: &[Doc], rng: &mut XorShift, n: usize) -> Vec<String> {
    let texts: Vec<Vec<char>> = docs
        .iter()
        .filter(|d| !d.text.trim().is_empty())
        .map(|d| d.text.chars().collect())
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut attempts = 0;
    while out.len() < n {
        attempts += 1;
        assert!(attempts < n * 100, "cannot sample {n} phrases");
        let text = &texts[rng.below(texts.len())];
        let len = 1 + rng.below(10);
        let start = if rng.below(4) == 0 {
            let marks: Vec<usize> = (0..text.len()).filter(|&i| !is_han(text[i])).collect();
            if marks.is_empty() {
                continue;
            }
            marks[rng.below(marks.len())].saturating_sub(rng.below(len))
        } else {
            rng.below(text.len())
        };
        let end = (start + len).min(text.len());
        let phrase: String = text[start..end].iter().collect::<String>().trim().into();
        if phrase.is_empty() || phrase.contains(['"', '\\']) {
            continue;
        }
        if seen.insert(phrase.clone()) {
            out.push(phrase);
        }
    }
    out
}

/// Phrases sampled from the titles (the documents that hold a speech's
/// title), `n` of them, and every whole title: a phrase only a title holds
/// must find its speech too.
fn title_phrases(docs: &[Doc], rng: &mut XorShift, n: usize) -> Vec<String> {
    let titles: Vec<Doc> = docs
        .iter()
        .filter(|d| d.paragraph == 0 && d.section.is_none() && d.text == d.title)
        .cloned()
        .collect();
    assert!(!titles.is_empty(), "the titles are indexed");
    let mut out = sample_phrases(&titles, rng, n);
    out.extend(
        titles
            .iter()
            .map(|d| d.text.trim().to_string())
            .filter(|t| !t.contains(['"', '\\'])),
    );
    out
}

/// Whole paragraphs (long phrases) as phrases, `n` of them.
fn whole_paragraphs(docs: &[Doc], rng: &mut XorShift, n: usize) -> Vec<String> {
    let usable: Vec<&Doc> = docs
        .iter()
        .filter(|d| !d.text.trim().is_empty() && !d.text.contains(['"', '\\']))
        .collect();
    (0..n)
        .map(|_| usable[rng.below(usable.len())].text.trim().to_string())
        .collect()
}

/// Search each phrase quoted and compare with a plain substring scan over
/// every indexed text, width and case folded as a search folds them
/// (`renda_core::text::fold`). Returns how many hits were checked.
fn check_exact_phrases(fx: &Fixture, phrases: &[String]) -> usize {
    use renda_core::text::fold;
    let mut failures = Vec::new();
    let mut checked = 0;
    for phrase in phrases {
        let folded = fold(phrase);
        let expected = doc_keys(
            fx.docs
                .iter()
                .filter(|d| fold(&d.text).contains(folded.as_ref())),
        );
        let result = fx.search(&format!("\"{phrase}\""), &Filters::default());
        let got = hit_keys(&result);
        if result.total != expected.len() || got != expected {
            let missing: Vec<&Key> = expected.iter().filter(|k| !got.contains(k)).collect();
            let extra: Vec<&Key> = got.iter().filter(|k| !expected.contains(k)).collect();
            failures.push(format!(
                "{phrase:?}: total {} hits {} expected {}; missing {:?}; extra {:?}",
                result.total,
                got.len(),
                expected.len(),
                missing.iter().take(3).collect::<Vec<_>>(),
                extra.iter().take(3).collect::<Vec<_>>()
            ));
            continue;
        }
        for hit in &result.hits {
            assert!(
                hit.matches
                    .iter()
                    .any(|m| fold(&hit.text[m.clone()]).contains(folded.as_ref())),
                "{phrase:?}: the match is not highlighted in {}/{}",
                hit.file,
                hit.paragraph
            );
        }
        checked += expected.len();
    }
    assert!(
        failures.is_empty(),
        "{} of {} phrases differ from a substring scan:\n{}",
        failures.len(),
        phrases.len(),
        failures.join("\n")
    );
    checked
}

/// Phrases that cross word boundaries or hold digits, Latin letters and
/// punctuation, which every corpus is searched for.
const SPECIAL_PHRASES: [&str; 12] = [
    "民群",
    "表大会",
    "82.48%",
    "2023年",
    "“四个意识”",
    "一府一委两院",
    "“一府一委两院”",
    "。",
    "，",
    "的",
    "人民代表大会制度",
    "代表代表",
];

#[test]
fn exact_phrases_on_the_seeds_are_exactly_the_paragraphs_that_contain_them() {
    let fx = seeds();
    let mut rng = XorShift(0x5eed_0001);
    let mut phrases = sample_phrases(&fx.docs, &mut rng, 200);
    phrases.extend(whole_paragraphs(&fx.docs, &mut rng, 10));
    phrases.extend(title_phrases(&fx.docs, &mut rng, 20));
    phrases.extend(SPECIAL_PHRASES.iter().map(|s| s.to_string()));
    for special in [
        "民群",
        "表大会",
        "82.48%",
        "2023年",
        "“四个意识”",
        "一府一委两院",
    ] {
        assert!(
            fx.docs.iter().any(|d| d.text.contains(special)),
            "{special} is in the seeds"
        );
    }
    let hits = check_exact_phrases(fx, &phrases);
    eprintln!(
        "seeds: {} phrases, {} documents, {hits} hits checked",
        phrases.len(),
        fx.docs.len()
    );
    assert!(hits > phrases.len());
}

#[test]
fn exact_phrases_on_the_real_texts_are_exactly_the_paragraphs_that_contain_them() {
    let Some(fx) = real() else { return };
    let mut rng = XorShift(0x1954_2026);
    let mut phrases = sample_phrases(&fx.docs, &mut rng, 400);
    phrases.extend(whole_paragraphs(&fx.docs, &mut rng, 20));
    phrases.extend(title_phrases(&fx.docs, &mut rng, 100));
    phrases.extend(SPECIAL_PHRASES.iter().map(|s| s.to_string()));
    // Traditional characters of 1954, Latin letters and numbers of laws.
    phrases.extend(
        [
            "全國人民代表大會",
            "GDP",
            "CPI",
            "5%",
            "第一条",
            "（一）",
            "——",
        ]
        .map(String::from),
    );
    let non_han = phrases
        .iter()
        .filter(|p| p.chars().any(|c| !is_han(c)))
        .count();
    let hits = check_exact_phrases(fx, &phrases);
    eprintln!(
        "real: {} phrases ({non_han} with non-Han chars), {} documents, {hits} hits checked",
        phrases.len(),
        fx.docs.len()
    );
    assert!(non_han >= 80, "{non_han}");
}

#[test]
fn an_exact_phrase_absent_from_the_texts_finds_nothing() {
    let fx = seeds();
    for phrase in [
        "密切联系群众群众",
        "人大代表人大代表人大",
        "82.49%",
        "ABC",
        "代表大会大",
    ] {
        assert!(
            !fx.docs.iter().any(|d| d.text.contains(phrase)),
            "{phrase} is in the seeds"
        );
        let r = fx.search(&format!("\"{phrase}\""), &Filters::default());
        assert_eq!((r.total, r.hits.len()), (0, 0), "{phrase}");
    }
}

#[test]
fn match_all_returns_every_document_once() {
    for fx in [Some(seeds()), real()].into_iter().flatten() {
        let r = fx.search("*", &Filters::default());
        assert_eq!(r.total, fx.docs.len());
        assert_eq!(hit_keys(&r), doc_keys(fx.docs.iter()));
    }
}

// ------------------------------------------------------------ ranking

fn rank_of(r: &SearchResult, file_prefix: &str, starts: &str) -> Option<usize> {
    r.hits
        .iter()
        .position(|h| h.file.starts_with(file_prefix) && h.text.starts_with(starts))
}

fn assert_sorted_by_score(r: &SearchResult) {
    for pair in r.hits.windows(2) {
        assert!(
            pair[0].score >= pair[1].score,
            "{}: {} ({}/{}) before {} ({}/{})",
            r.query,
            pair[0].score,
            pair[0].file,
            pair[0].paragraph,
            pair[1].score,
            pair[1].file,
            pair[1].paragraph
        );
    }
}

#[test]
fn a_paragraph_that_argues_the_theme_outranks_one_that_lists_it() {
    let fx = seeds();
    let r = fx.search("密切联系群众", &Filters::default());
    assert_sorted_by_score(&r);
    let arguing = [
        rank_of(&r, "002", "二要坚持密切联系人民群众").expect("002's 二要坚持密切联系人民群众"),
        rank_of(&r, "000", "三是更加密切联系群众").expect("000's 三是更加密切联系群众"),
    ];
    // 004's paragraph names 联系群众 once, in a list of four things
    // (转变作风、联系群众、改进工作), in a paragraph about something else.
    let listing =
        rank_of(&r, "004", "统筹做好“一府一委两院”联系代表工作").expect("the list matches too");
    assert!(
        r.hits[listing]
            .text
            .contains("转变作风、联系群众、改进工作")
    );
    for rank in arguing {
        assert!(rank < 3, "an arguing paragraph is at {rank}");
        assert!(rank < listing, "{rank} vs {listing}");
    }
}

#[test]
fn a_paraphrase_of_the_theme_is_in_the_top_20() {
    let fx = seeds();
    let r = fx.search("密切联系群众", &Filters::default());
    let top: Vec<&renda_core::search::Hit> = r.hits.iter().take(20).collect();
    let paraphrases: Vec<&Doc> = fx
        .docs
        .iter()
        .filter(|d| {
            d.file.starts_with("004")
                && d.paragraph > 0
                && d.text.contains("密切人大代表同人民群众的联系")
        })
        .collect();
    assert!(!paraphrases.is_empty());
    for d in paraphrases {
        assert!(
            !d.text.contains("密切联系群众"),
            "a paraphrase, not the phrase"
        );
        assert!(
            top.iter()
                .any(|h| h.file == d.file && h.paragraph == d.paragraph),
            "004 ¶{} is not in the top 20",
            d.paragraph
        );
    }
}

/// A search of `query` with near-copies folded, `limit` hits.
fn folded(
    fx: &Fixture,
    query: &str,
    limit: usize,
    literal: bool,
    other_words: bool,
) -> SearchResult {
    let request = SearchRequest {
        query: query.to_string(),
        filters: Filters::default(),
        limit,
        offset: 0,
        collapse: true,
        literal,
        other_words,
        without: Vec::new(),
    };
    search(&fx.idx, &request).unwrap_or_else(|e| panic!("{query}: {e}"))
}

#[test]
fn a_paraphrase_of_the_theme_is_in_the_first_page() {
    let fx = seeds();
    let r = folded(fx, "联系群众", 10, false, false);
    let shown = |d: &Doc| {
        r.hits.iter().any(|h| {
            (h.file == d.file && h.paragraph == d.paragraph)
                || h.duplicates
                    .iter()
                    .any(|x| x.file == d.file && x.paragraph == d.paragraph)
        })
    };
    let paraphrases: Vec<&Doc> = fx
        .docs
        .iter()
        .filter(|d| d.paragraph > 0 && d.text.contains("密切人大代表同人民群众的联系"))
        .collect();
    assert!(!paraphrases.is_empty(), "004 says it in other words");
    assert!(paraphrases.iter().all(|d| !d.text.contains("联系群众")));
    assert!(
        paraphrases.iter().any(|d| shown(d)),
        "none of 004's paraphrases is on the first page"
    );
    // It reaches the page through the theme's related words, which are named.
    assert!(!r.related.is_empty());
    let literal = folded(fx, "联系群众", 10, true, false);
    assert!(
        literal.related.is_empty(),
        "--literal searches the query's own words only"
    );
}

/// A folded page of `query`: `limit` families from `offset`.
fn folded_page(fx: &Fixture, query: &str, offset: usize, limit: usize) -> SearchResult {
    let request = SearchRequest {
        query: query.to_string(),
        filters: Filters::default(),
        limit,
        offset,
        collapse: true,
        literal: false,
        other_words: false,
        without: Vec::new(),
    };
    search(&fx.idx, &request).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// A family as a page shows it: where its hit is, its near-copies, its score.
type Family = ((String, usize), Vec<(String, usize)>, u32);

fn families_of(r: &SearchResult) -> Vec<Family> {
    r.hits
        .iter()
        .map(|h| {
            (
                (h.file.clone(), h.paragraph),
                h.duplicates
                    .iter()
                    .map(|d| (d.file.clone(), d.paragraph))
                    .collect(),
                h.score.to_bits(),
            )
        })
        .collect()
}

/// Pages of `size` from offset 0 until `n` families are shown (or a page
/// comes back short) are the first `n` families of one page of `n`, and no
/// paragraph is shown twice. Returns how many families had near-copies.
fn check_pages(fx: &Fixture, query: &str, n: usize, size: usize) -> usize {
    let whole = families_of(&folded_page(fx, query, 0, n));
    let mut paged = Vec::new();
    let mut offset = 0;
    while offset < n {
        let page = families_of(&folded_page(fx, query, offset, size.min(n - offset)));
        let short = page.len() < size.min(n - offset);
        paged.extend(page);
        if short {
            break;
        }
        offset += size;
    }
    assert_eq!(paged.len(), whole.len(), "{query}: pages of {size}");
    for (i, (a, b)) in paged.iter().zip(&whole).enumerate() {
        assert_eq!(a, b, "{query}: family {i} differs in pages of {size}");
    }
    let mut seen = BTreeSet::new();
    for (head, dups, _) in &whole {
        // Headings are all numbered 0: only paragraphs have a unique place.
        for at in std::iter::once(head).chain(dups).filter(|at| at.1 > 0) {
            assert!(seen.insert(at.clone()), "{query}: {at:?} shown twice");
        }
    }
    whole.iter().filter(|(_, d, _)| !d.is_empty()).count()
}

#[test]
fn pages_of_any_size_show_the_same_families_with_the_same_near_copies() {
    let fx = seeds();
    let mut with_copies = 0;
    for query in ["人大代表", "密切联系群众", "\"代表\"", "履职 学习"] {
        let n = 30;
        for size in [1, 3] {
            with_copies += check_pages(fx, query, n, size);
        }
    }
    assert!(
        with_copies > 0,
        "no family with near-copies: nothing was checked"
    );
    let Some(fx) = real() else {
        return;
    };
    let mut with_copies = 0;
    // Enough families that the pages reach past the first block of
    // candidates folded for an exact phrase.
    for (query, n) in [
        ("\"人大代表\"", renda_core::search::LITERAL_FOLD_BLOCK + 20),
        ("代表建议办理", 40),
        ("执法检查", 40),
        ("乡村振兴", 25),
    ] {
        for size in [1, 3] {
            with_copies += check_pages(fx, query, n, size);
        }
    }
    assert!(
        with_copies > 0,
        "no family with near-copies on the real texts"
    );
}

/// Every match of every hit is a byte range of its text on character
/// boundaries that starts with one of the query's strings and ends with
/// one (matches of strings that overlap or touch are joined), and the JSON
/// of a hit gives them as `[[start, end], …]`.
fn check_matches(fx: &Fixture, queries: &[&str]) -> usize {
    let mut checked = 0;
    for query in queries {
        let r = folded_page(fx, query, 0, 30);
        let mut needles = QueryBuilder::new(fx.idx.fields, &fx.idx.dictionary)
            .compile(query)
            .unwrap()
            .wanted
            .needles();
        needles.extend(
            r.related
                .iter()
                .filter(|x| x.matches())
                .map(|x| x.word.clone()),
        );
        for h in &r.hits {
            assert!(
                !h.matches.is_empty(),
                "{query}: {} ¶{} has no match",
                h.file,
                h.paragraph
            );
            for m in &h.matches {
                assert!(
                    h.text.is_char_boundary(m.start) && h.text.is_char_boundary(m.end),
                    "{query}: {m:?} splits a character of {}",
                    h.text
                );
                let slice = &h.text[m.clone()];
                assert!(
                    needles.iter().any(|n| slice.starts_with(n.as_str()))
                        && needles.iter().any(|n| slice.ends_with(n.as_str())),
                    "{query}: {slice:?} is not made of {needles:?}"
                );
                checked += 1;
            }
            let v = serde_json::to_value(h).unwrap();
            let pairs: Vec<[usize; 2]> = serde_json::from_value(v["matches"].clone()).unwrap();
            let ranges: Vec<_> = pairs.iter().map(|[a, b]| *a..*b).collect();
            assert_eq!(ranges, h.matches);
        }
    }
    checked
}

#[test]
fn matches_are_byte_ranges_on_character_boundaries_holding_the_query() {
    let queries = [
        "\"人大代表\"",
        "密切联系群众",
        "履职 学习",
        "代表建议办理",
        "\"《\"",
    ];
    assert!(check_matches(seeds(), &queries) > 0);
    if let Some(fx) = real() {
        let more = [
            "生态环境保护",
            "\"全过程人民民主\"",
            "乡村振兴 OR 营商环境",
            "执法检查",
        ];
        assert!(check_matches(fx, &queries) + check_matches(fx, &more) > 100);
    }
}

#[test]
fn other_words_leave_out_every_paragraph_with_the_query_string() {
    let mut fixtures = vec![("seeds", seeds())];
    match real() {
        Some(fx) => fixtures.push(("real", fx)),
        None => eprintln!("skipping the real texts: ../shared/corpus/real not present"),
    }
    for (name, fx) in fixtures {
        for theme in ["联系群众", "密切联系群众", "代表履职", "人大代表"] {
            let all = folded(fx, theme, fx.docs.len(), false, false);
            let other = folded(fx, theme, fx.docs.len(), false, true);
            for h in &other.hits {
                assert!(
                    !h.text.contains(theme),
                    "{name}: {theme}: {}#{}",
                    h.file,
                    h.paragraph
                );
            }
            let without = all.hits.iter().filter(|h| !h.text.contains(theme)).count();
            assert!(
                other.total > 0 && other.total < all.total,
                "{name}: {theme}: {} of {} ({without} without the string on the page)",
                other.total,
                all.total
            );
        }
    }
}

#[test]
fn chinese_quotes_and_separators_mean_what_the_ascii_ones_do() {
    let fx = seeds();
    let pairs = [
        ("“代表大会制度”", "\"代表大会制度\""),
        ("「代表大会制度」", "\"代表大会制度\""),
        ("『人民选我当代表』", "\"人民选我当代表\""),
        ("联系群众\u{3000}代表", "联系群众 代表"),
        ("联系群众，代表", "联系群众 代表"),
        ("联系群众、履职；学习。", "联系群众 履职 学习"),
        ("“联系群众，代表”", "\"联系群众，代表\""),
    ];
    for (typed, ascii) in pairs {
        let a = fx.search(typed, &Filters::default());
        let b = fx.search(ascii, &Filters::default());
        assert_eq!(hit_keys(&a), hit_keys(&b), "{typed} vs {ascii}");
        assert_eq!(a.total, b.total, "{typed} vs {ascii}");
    }
    assert!(fx.search("“代表大会制度”", &Filters::default()).total > 0);
}

#[test]
fn a_paragraph_without_the_rare_word_ranks_below_one_with_it() {
    let dir = scratch_dir("search-rare-word");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..12 {
        let text =
            format!("关于计算机普及的讲话\n\n第{i}条：各单位要推广计算机应用，提高办公效率。\n");
        std::fs::write(corpus.join(format!("common{i:02}.txt")), text).unwrap();
    }
    std::fs::write(
        corpus.join("rare.txt"),
        "关于新技术的讲话\n\n量子技术正在加快发展。\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("many.txt"),
        "关于办公的讲话\n\n计算机、计算机、计算机的普及很重要，计算机进入千家万户。\n",
    )
    .unwrap();
    let index = dir.join("index");
    index_folder(&corpus, &index);
    let idx = index::open(&index).unwrap();
    for literal in [false, true] {
        let r = search(
            &idx,
            &SearchRequest {
                query: "量子计算机".into(),
                limit: 20,
                literal,
                ..SearchRequest::default()
            },
        )
        .unwrap();
        let at = |file: &str| r.hits.iter().position(|h| h.file == file);
        let rare = at("rare.txt").expect("the paragraph with 量子 matches");
        let many = at("many.txt").expect("the paragraph with 计算机 matches");
        assert!(
            rare < many,
            "literal {literal}: 量子 at {rare}, 计算机 ×4 at {many}"
        );
    }
}

#[test]
fn themes_on_the_real_texts_put_a_paragraph_about_them_first() {
    let Some(fx) = real() else { return };
    let mut builder = QueryBuilder::new(fx.idx.fields, &fx.idx.dictionary);
    for theme in [
        "全过程人民民主",
        "依法治国",
        "生态文明建设",
        "人大代表联系群众",
    ] {
        let concepts = builder.concepts(theme);
        assert!(!concepts.is_empty(), "{theme}");
        let request = SearchRequest {
            query: theme.to_string(),
            filters: Filters::default(),
            limit: 50,
            offset: 0,
            collapse: false,
            literal: false,
            other_words: false,
            without: Vec::new(),
        };
        let r = search(&fx.idx, &request).unwrap();
        assert!(r.total > 0, "{theme}");
        assert_eq!(r.hits.len(), r.total.min(50));
        assert_sorted_by_score(&r);
        let holds_all = |text: &str| {
            concepts.iter().all(|c| {
                text.contains(c.word.as_str())
                    || (!c.parts.is_empty() && c.parts.iter().all(|p| text.contains(p.as_str())))
            })
        };
        for hit in r.hits.iter().take(3) {
            assert!(
                hit.text.contains(theme) || holds_all(&hit.text),
                "{theme}: {}/{} holds neither the phrase nor all of {concepts:?}: {}",
                hit.file,
                hit.paragraph,
                hit.text
            );
        }
        // The theme as typed is in a top hit whenever it is in the texts.
        if fx.docs.iter().any(|d| d.text.contains(theme)) {
            assert!(
                r.hits.iter().take(3).any(|h| h.text.contains(theme)),
                "{theme}"
            );
        }
        // A page of the same search is a slice of the whole list.
        let page = search(
            &fx.idx,
            &SearchRequest {
                offset: 5,
                limit: 5,
                ..request.clone()
            },
        )
        .unwrap();
        assert_eq!(page.total, r.total);
        let ids = |hits: &[renda_core::search::Hit]| -> Vec<(String, usize)> {
            hits.iter().map(|h| (h.file.clone(), h.paragraph)).collect()
        };
        assert_eq!(ids(&page.hits), ids(&r.hits[5..10.min(r.hits.len())]));
    }
}

// ------------------------------------------------------------ filters

struct Case {
    name: String,
    filters: Filters,
    keep: Box<dyn Fn(&Doc) -> bool>,
}

fn case(name: &str, filters: Filters, keep: impl Fn(&Doc) -> bool + 'static) -> Case {
    Case {
        name: name.to_string(),
        filters,
        keep: Box::new(keep),
    }
}

fn levels(names: &[&str]) -> Vec<Level> {
    names.iter().map(|n| n.parse().unwrap()).collect()
}

/// The filter cases every corpus is checked with.
fn filter_cases() -> Vec<Case> {
    let f = Filters::default;
    vec![
        case(
            "--level city",
            Filters {
                levels: levels(&["city"]),
                ..f()
            },
            |d| d.level == Some(Level::City),
        ),
        case(
            "--level 县,区",
            Filters {
                levels: levels(&["县", "区"]),
                ..f()
            },
            |d| matches!(d.level, Some(Level::County | Level::District)),
        ),
        case(
            "--level 全国,省级,乡镇",
            Filters {
                levels: levels(&["全国", "省级", "乡镇"]),
                ..f()
            },
            |d| {
                matches!(
                    d.level,
                    Some(Level::National | Level::Province | Level::Township)
                )
            },
        ),
        case(
            "--year 2023",
            Filters {
                year: Some(2023),
                ..f()
            },
            |d| d.year == Some(2023),
        ),
        case(
            "--since 2010 --until 2020",
            Filters {
                since: Some(2010),
                until: Some(2020),
                ..f()
            },
            |d| d.year.is_some_and(|y| (2010..=2020).contains(&y)),
        ),
        case(
            "--since 2023",
            Filters {
                since: Some(2023),
                ..f()
            },
            |d| d.year.is_some_and(|y| y >= 2023),
        ),
        case(
            "--until 1980",
            Filters {
                until: Some(1980),
                ..f()
            },
            |d| d.year.is_some_and(|y| y <= 1980),
        ),
        case(
            "--region 上海",
            Filters {
                region: Some("上海".into()),
                ..f()
            },
            |d| d.region.as_deref().is_some_and(|r| r.contains("上海")),
        ),
        case(
            "--region 省",
            Filters {
                region: Some("省".into()),
                ..f()
            },
            |d| d.region.as_deref().is_some_and(|r| r.contains('省')),
        ),
        case(
            "--section 代表",
            Filters {
                section: Some("代表".into()),
                ..f()
            },
            |d| d.section.as_deref().is_some_and(|s| s.contains("代表")),
        ),
        case(
            "--section 总则",
            Filters {
                section: Some("总则".into()),
                ..f()
            },
            |d| d.section.as_deref().is_some_and(|s| s.contains("总则")),
        ),
        case(
            "--file 00?_*.txt",
            Filters {
                file: Some("00?_*.txt".into()),
                ..f()
            },
            |d| glob_matches("00?_*.txt", &d.file),
        ),
        case(
            "--file *_3*",
            Filters {
                file: Some("*_3*".into()),
                ..f()
            },
            |d| glob_matches("*_3*", &d.file),
        ),
        case(
            "--file xi2020__*",
            Filters {
                file: Some("xi2020__*".into()),
                ..f()
            },
            |d| glob_matches("xi2020__*", &d.file),
        ),
        case(
            "--file *条例(20??-*).txt",
            Filters {
                file: Some("*条例(20??-*).txt".into()),
                ..f()
            },
            |d| glob_matches("*条例(20??-*).txt", &d.file),
        ),
        case(
            "--level province --since 2015 --section 第一章",
            Filters {
                levels: vec![Level::Province],
                since: Some(2015),
                section: Some("第一章".into()),
                ..f()
            },
            |d| {
                d.level == Some(Level::Province)
                    && d.year.is_some_and(|y| y >= 2015)
                    && d.section.as_deref().is_some_and(|s| s.contains("第一章"))
            },
        ),
        case(
            "--level district --year 2023 --file 003*",
            Filters {
                levels: vec![Level::District],
                year: Some(2023),
                file: Some("003*".into()),
                ..f()
            },
            |d| {
                d.level == Some(Level::District)
                    && d.year == Some(2023)
                    && glob_matches("003*", &d.file)
            },
        ),
    ]
}

/// Each filter, over everything (`*`), over an exact phrase and over a
/// theme: the hits are exactly the documents the filter keeps (of those the
/// query finds without it). Returns how many cases matched something.
fn check_filters(fx: &Fixture, corpus: &str) -> usize {
    let theme = fx.search("代表", &Filters::default());
    let theme_keys: BTreeSet<Key> = hit_keys(&theme).into_iter().collect();
    let mut useful = 0;
    for c in filter_cases() {
        let expected: Vec<&Doc> = fx.docs.iter().filter(|d| (c.keep)(d)).collect();
        let r = fx.search("*", &c.filters);
        assert_eq!(r.total, expected.len(), "{corpus}: {}", c.name);
        assert_eq!(
            hit_keys(&r),
            doc_keys(expected.iter().copied()),
            "{corpus}: {}",
            c.name
        );
        for h in &r.hits {
            let f = &c.filters;
            if !f.levels.is_empty() {
                assert!(
                    h.labels.level.is_some_and(|l| f.levels.contains(&l)),
                    "{}",
                    c.name
                );
            }
            if let Some(y) = f.year {
                assert_eq!(h.labels.year, Some(y), "{}", c.name);
            }
            if let Some(s) = f.since {
                assert!(h.labels.year.is_some_and(|y| y >= s), "{}", c.name);
            }
            if let Some(u) = f.until {
                assert!(h.labels.year.is_some_and(|y| y <= u), "{}", c.name);
            }
            if let Some(region) = &f.region {
                assert!(
                    h.labels
                        .region
                        .as_deref()
                        .is_some_and(|r| r.contains(region.as_str()))
                );
            }
            if let Some(section) = &f.section {
                assert!(
                    h.section
                        .as_deref()
                        .is_some_and(|s| s.contains(section.as_str()))
                );
            }
            if let Some(glob) = &f.file {
                assert!(glob_matches(glob, &h.file), "{}: {}", c.name, h.file);
            }
        }
        // Filters restrict a query; they do not change what it matches.
        let phrase = "人民";
        let both: Vec<&Doc> = expected
            .iter()
            .copied()
            .filter(|d| d.text.contains(phrase))
            .collect();
        let r = fx.search(&format!("\"{phrase}\""), &c.filters);
        assert_eq!(r.total, both.len(), "{corpus}: {} \"{phrase}\"", c.name);
        assert_eq!(hit_keys(&r), doc_keys(both.into_iter()), "{}", c.name);
        let filtered = fx.search("代表", &c.filters);
        let expected_theme: Vec<Key> = doc_keys(expected.iter().copied())
            .into_iter()
            .filter(|k| theme_keys.contains(k))
            .collect();
        assert_eq!(filtered.total, expected_theme.len(), "{}: 代表", c.name);
        assert_eq!(hit_keys(&filtered), expected_theme, "{}: 代表", c.name);
        if !expected.is_empty() && expected.len() < fx.docs.len() {
            eprintln!(
                "{corpus}: {} keeps {} of {}",
                c.name,
                expected.len(),
                fx.docs.len()
            );
            useful += 1;
        }
    }
    useful
}

/// Whether a document meets the filter on one field: `Some(true)` or
/// `Some(false)` when it has a value, `None` when it has none; `Some(true)`
/// when no filter is set on the field.
fn meets(f: &Filters, d: &Doc, field: Unknown) -> Option<bool> {
    match field {
        Unknown::Level if f.levels.is_empty() => Some(true),
        Unknown::Level => d.level.map(|l| f.levels.contains(&l)),
        Unknown::Year if f.year.is_none() && f.since.is_none() && f.until.is_none() => Some(true),
        Unknown::Year => d.year.map(|y| {
            f.year.is_none_or(|v| v == y)
                && f.since.is_none_or(|s| y >= s)
                && f.until.is_none_or(|u| y <= u)
        }),
        Unknown::Region => match &f.region {
            None => Some(true),
            Some(r) => d.region.as_ref().map(|v| v.contains(r.as_str())),
        },
    }
}

const UNKNOWN_FIELDS: [Unknown; 3] = [Unknown::Level, Unknown::Year, Unknown::Region];

/// Each filter case: what it leaves out as unknown is counted, field by
/// field (speeches and paragraphs), and `include_unknown` brings exactly
/// those documents back.
fn check_unknowns(fx: &Fixture, corpus: &str) -> usize {
    let mut counted = 0;
    for c in filter_cases() {
        let known = |d: &Doc| {
            c.filters
                .section
                .as_ref()
                .is_none_or(|s| d.section.as_deref().is_some_and(|v| v.contains(s.as_str())))
                && c.filters
                    .file
                    .as_ref()
                    .is_none_or(|g| glob_matches(g, &d.file))
        };
        let r = fx.search("*", &c.filters);
        let mut want = Vec::new();
        for field in UNKNOWN_FIELDS {
            if meets(&c.filters, &Doc::default(), field) == Some(true) {
                continue;
            }
            let left: Vec<&Doc> = fx
                .docs
                .iter()
                .filter(|d| {
                    known(d)
                        && meets(&c.filters, d, field).is_none()
                        && UNKNOWN_FIELDS
                            .iter()
                            .all(|o| meets(&c.filters, d, *o) != Some(false))
                })
                .collect();
            if left.is_empty() {
                continue;
            }
            let speeches: BTreeSet<&str> = left.iter().map(|d| d.file.as_str()).collect();
            want.push((field, speeches.len(), left.len()));
        }
        let got: Vec<(Unknown, usize, usize)> = r
            .left_out
            .iter()
            .map(|l| (l.field, l.speeches, l.paragraphs))
            .collect();
        assert_eq!(got, want, "{corpus}: {}", c.name);
        counted += usize::from(!want.is_empty());
        let with = Filters {
            include_unknown: renda_core::search::KeepUnknown::ALL,
            ..c.filters.clone()
        };
        let expected: Vec<&Doc> = fx
            .docs
            .iter()
            .filter(|d| {
                known(d)
                    && UNKNOWN_FIELDS
                        .iter()
                        .all(|o| meets(&with, d, *o) != Some(false))
            })
            .collect();
        let r = fx.search("*", &with);
        assert!(r.left_out.is_empty());
        assert_eq!(
            hit_keys(&r),
            doc_keys(expected.into_iter()),
            "{corpus}: {} --include-unknown",
            c.name
        );
    }
    counted
}

#[test]
fn what_a_filter_leaves_out_as_unknown_is_counted_and_can_be_included() {
    let useful = check_unknowns(seeds(), "seeds");
    assert!(useful >= 3, "{useful}");
    if let Some(fx) = real() {
        let useful = check_unknowns(fx, "real");
        assert!(useful >= 3, "{useful}");
    }
}

#[test]
fn every_filter_keeps_exactly_the_matching_documents_of_the_seeds() {
    let useful = check_filters(seeds(), "seeds");
    // Level, year, range, section and file filters all bite on the seeds.
    assert!(useful >= 7, "{useful}");
}

#[test]
fn every_filter_keeps_exactly_the_matching_documents_of_the_real_texts() {
    let Some(fx) = real() else { return };
    let useful = check_filters(fx, "real");
    eprintln!(
        "real: {useful} of {} filter cases select some documents",
        filter_cases().len()
    );
    assert!(useful >= 13, "{useful}");
}

#[test]
fn filters_in_the_query_agree_with_filter_flags() {
    let fx = seeds();
    let pairs: [(&str, Filters); 4] = [
        (
            "level:市",
            Filters {
                levels: vec![Level::City],
                ..Filters::default()
            },
        ),
        (
            "year:2023",
            Filters {
                year: Some(2023),
                ..Filters::default()
            },
        ),
        (
            "year:[2020 TO 2024]",
            Filters {
                since: Some(2020),
                until: Some(2024),
                ..Filters::default()
            },
        ),
        (
            "file:002*",
            Filters {
                file: Some("002*".into()),
                ..Filters::default()
            },
        ),
    ];
    for (query, filters) in pairs {
        let a = fx.search(&format!("\"人大\" AND {query}"), &Filters::default());
        let b = fx.search("\"人大\"", &filters);
        assert!(a.total > 0, "{query}");
        assert_eq!(hit_keys(&a), hit_keys(&b), "{query}");
    }
}

// ------------------------------------------------------------ malformed queries

/// Queries a user may type by mistake.
fn odd_queries() -> Vec<String> {
    let mut out: Vec<String> = [
        "\"代表",
        "代表\"",
        "\"",
        "\"\"",
        "(代表",
        "代表)",
        "((人大 OR 代表)",
        "()",
        "AND",
        "OR",
        "NOT",
        "代表 AND",
        "OR 代表",
        "-",
        "--",
        "*",
        "~",
        "^",
        "代表^",
        "\"代表\"~",
        "foo:bar",
        "title:",
        ":",
        "year:abc",
        "year:[abc TO 2023]",
        "level:nowhere",
        "title:*",
        "/正则/",
        "[",
        "]",
        "{",
        "}",
        "😀",
        "😀😀😀",
        "，。！？",
        "、",
        "……",
        "",
        "   ",
        "\u{3000}",
        "\u{E000}",
        "\0",
        "代表*",
        "*代表",
        "+代表",
        "-代表",
    ]
    .map(String::from)
    .to_vec();
    out.push("人民代表大会".repeat(1700));
    out.push(format!("\"{}\"", "人民代表大会".repeat(1700)));
    out.push("代表 ".repeat(2000));
    out.push(format!("{}代表{}", "(".repeat(50), ")".repeat(50)));
    out.push("(".repeat(50));
    out.push("😀".repeat(10_000));
    // 10,000 characters of a real speech, punctuation, quotes and all.
    let speech: String = common::seeds().into_iter().map(|(_, t)| t).collect();
    out.push(speech.chars().filter(|c| *c != '\n').take(10_000).collect());
    out
}

#[test]
fn odd_queries_give_results_or_a_query_error_never_a_panic() {
    let fx = seeds();
    let (mut answered, mut refused) = (0, 0);
    for query in odd_queries() {
        let request = SearchRequest {
            query: query.clone(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            collapse: false,
            literal: false,
            other_words: false,
            without: Vec::new(),
        };
        let short: String = query.chars().take(20).collect();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| search(&fx.idx, &request)));
        match outcome {
            Err(_) => panic!("search panicked on {short:?}"),
            Ok(Ok(r)) => {
                answered += 1;
                assert!(r.hits.len() <= r.total.min(10), "{short:?}");
            }
            Ok(Err(SearchError::Query(e))) => {
                refused += 1;
                let message = e.to_string();
                assert!(!message.trim().is_empty(), "{short:?}");
                assert!(!message.contains('\n'), "{short:?}: {message}");
            }
            Ok(Err(e)) => panic!("{short:?}: not a query error: {e}"),
        }
    }
    eprintln!("odd queries: {answered} answered, {refused} refused");
    assert!(answered > 5 && refused > 5);
}

// ------------------------------------------------------------ re-opening

#[test]
fn a_reopened_index_registers_its_tokenizers_and_takes_more_speeches() {
    let tmp = tempfile::tempdir().unwrap();
    let path: PathBuf = tmp.path().join("index");
    index_folder(&seeds_dir(), &path);

    // Another process built it; this one opens it.
    let idx = index::open(&path).unwrap();
    for name in [analysis::WORDS, analysis::BIGRAMS] {
        assert!(idx.index.tokenizers().get(name).is_some(), "{name}");
    }
    let request = |query: &str| SearchRequest {
        query: query.into(),
        limit: 100,
        ..SearchRequest::default()
    };
    let phrase = search(&idx, &request("\"一府一委两院\"")).unwrap();
    assert_eq!(
        phrase.total,
        seeds()
            .docs
            .iter()
            .filter(|d| d.text.contains("一府一委两院"))
            .count()
    );
    assert!(search(&idx, &request("密切联系群众")).unwrap().total > 0);
    let meta: Meta = idx.meta.clone().expect("committed with renda's payload");
    assert_eq!(meta.renda_index, index::FORMAT);
    drop(idx);

    // Writing into it again needs both tokenizers.
    let (idx, opening) = index::open_for_writing(&path, None, false).unwrap();
    assert_eq!(opening, Opening::Opened);
    let text = "在全县人大工作会议上的讲话\n同志们：\n一、提高认识\n要推进基层立法联系点建设，做到踏石留印、抓铁有痕。\n";
    let speech = speech::parse(
        text,
        &ParseContext {
            rel: "extra/new.txt",
            ..Default::default()
        },
    );
    let mut w = Writer::new(&idx, meta).unwrap();
    w.add_speech(&speech, 42).unwrap();
    w.finish().unwrap();
    drop(idx);

    // A third process finds the new speech by phrase and by words.
    for query in ["\"踏石留印\"", "基层立法联系点", "立法 联系点"] {
        let out = run_renda(
            tmp.path(),
            &["search", query, "--index", "index", "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{query}: {}", err_text(&out));
        let v: serde_json::Value = serde_json::from_str(&out_text(&out)).unwrap();
        assert!(
            v["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["file"] == "extra/new.txt"),
            "{query}"
        );
    }
    // The next indexing run of the seeds folder takes the stray speech out.
    let summary = index_folder(&seeds_dir(), &path);
    assert!(summary.starts_with("0 files read"), "{summary}");
    assert!(summary.contains("1 file gone"), "{summary}");
    let idx = index::open(&path).unwrap();
    assert_eq!(search(&idx, &request("\"踏石留印\"")).unwrap().total, 0);
}

// ------------------------------------------------------------ exports of the real texts

/// An export of a common theme over the real texts opens right: the CSV
/// with its header in row 1 and a row per matching paragraph, the Word
/// file in schema order with every paragraph and its matches marked.
#[test]
fn real_corpus_exports_open_in_excel_and_word() {
    let Some(fx) = real() else { return };
    let dir = scratch_dir("search-real-export");
    let index = fx.idx.path.to_str().unwrap().to_string();
    let theme = "密切联系群众";
    let total = fx.search(theme, &Filters::default()).total;
    assert!(total > 20, "{total}");

    let csv_path = dir.join("export.csv");
    let out = run_renda(
        &dir,
        &[
            "export",
            theme,
            "--index",
            &index,
            "--force",
            "-o",
            csv_path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", err_text(&out));
    let text = String::from_utf8(std::fs::read(&csv_path).unwrap()).unwrap();
    let body = common::excel_csv(&text);
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "text");
    common::python_csv_header(&text, &header);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total, "every matching paragraph");
    let labels: BTreeSet<&str> = rows.iter().map(|r| r.get(2).unwrap()).collect();
    assert!(
        labels
            .iter()
            .all(|l| ["", "市", "县", "区", "省", "乡镇", "全国"].contains(l)),
        "{labels:?}"
    );
    assert!(rows.iter().all(|r| &r[9] == theme));

    let docx_path = dir.join("export.docx");
    let out = run_renda(
        &dir,
        &[
            "export",
            theme,
            "--index",
            &index,
            "--force",
            "-o",
            docx_path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", err_text(&out));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx_path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(common::check_schema_order(&xml) > total);
    assert!(xml.matches("<w:highlight w:val=\"yellow\"").count() >= total);
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(
        core.contains("<dc:title>Search: 密切联系群众</dc:title>"),
        "{core}"
    );
    // renda reads its own export back, every paragraph there.
    let back = renda_core::corpus::read_document(&docx_path).unwrap().text;
    assert!(back.matches("——").count() >= total);
}

// ------------------------------------------------------------ index::update

/// Everything `index::update` tells its observer, and a stop on request.
#[derive(Default)]
struct Recorder {
    skipped: Vec<String>,
    /// (pass, done, total) of every progress report.
    progress: Vec<(u8, usize, usize)>,
    folders: Vec<(PathBuf, u8)>,
    rebuilding: Vec<renda_core::index::Rebuild>,
    /// Say "stop" once this many files of the second pass are done.
    stop_after: Option<usize>,
}

impl renda_core::ingest::Observer for Recorder {
    fn skipped(&mut self, s: &renda_core::corpus::Skipped) {
        self.skipped.push(s.rel.clone());
    }
    fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
    fn progress(&mut self, pass: u8, done: usize, total: usize) {
        self.progress.push((pass, done, total));
    }
    fn interrupted(&self) -> bool {
        let read = self.progress.iter().filter(|p| p.0 == 2).count();
        self.stop_after.is_some_and(|n| read >= n)
    }
    fn rebuilding(&mut self, reason: renda_core::index::Rebuild) {
        self.rebuilding.push(reason);
    }
    fn folder(&mut self, path: &Path, pass: u8) {
        self.folders.push((path.to_path_buf(), pass));
    }
}

fn write_speech(dir: &Path, rel: &str, phrase: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        path,
        format!("在全县人大工作会议上的讲话\n同志们：\n今年要{phrase}，把代表工作做实做细。\n"),
    )
    .unwrap();
}

fn phrase_total(idx: &RendaIndex, phrase: &str) -> usize {
    search(
        idx,
        &SearchRequest {
            query: format!("\"{phrase}\""),
            limit: 10,
            ..SearchRequest::default()
        },
    )
    .unwrap()
    .total
}

#[test]
fn update_tells_its_observer_stops_when_asked_and_a_reader_reloads() {
    use renda_core::index::{UpdateOutcome, UpdateRequest, update};
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("讲话");
    for (i, phrase) in ["踏石留印", "抓铁有痕", "久久为功", "善作善成"]
        .iter()
        .enumerate()
    {
        write_speech(&corpus, &format!("{i}.txt"), phrase);
    }
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    let path = tmp.path().join("index");
    let request = UpdateRequest {
        folders: vec![corpus.clone()],
        commit_every: 0,
        ..UpdateRequest::new(&path)
    };

    // Stopped after the second file: both committed, whole.
    let mut rec = Recorder {
        stop_after: Some(1),
        ..Recorder::default()
    };
    let outcome = update(&request, &mut rec).unwrap();
    assert_eq!(outcome, UpdateOutcome::Interrupted { held: 2 });
    let idx = index::open(&path).unwrap();
    let before: usize = ["踏石留印", "抓铁有痕", "久久为功", "善作善成"]
        .iter()
        .map(|p| phrase_total(&idx, p))
        .sum();
    assert_eq!(before, 2);
    assert!(
        idx.meta.as_ref().unwrap().folders[0].stamp.is_empty(),
        "an interrupted run leaves no stamp"
    );

    // Taken up again by a run that names no folder.
    let mut rec = Recorder::default();
    let UpdateOutcome::Done {
        summary,
        folders,
        opening,
        ..
    } = update(&UpdateRequest::new(&path), &mut rec).unwrap()
    else {
        panic!("not interrupted")
    };
    assert_eq!(opening, Opening::Opened);
    assert_eq!((summary.files, summary.unchanged), (2, 2), "{summary:?}");
    assert_eq!(rec.skipped, ["empty.txt"]);
    assert_eq!(
        folders
            .iter()
            .map(|f| PathBuf::from(&f.path))
            .collect::<Vec<_>>(),
        [std::fs::canonicalize(&corpus).unwrap()]
    );
    assert_eq!(
        rec.folders,
        [
            (PathBuf::from(&folders[0].path), 1),
            (PathBuf::from(&folders[0].path), 2)
        ]
    );
    // Both passes over the five files, counted to the end.
    for pass in [1, 2] {
        let of_pass: Vec<_> = rec.progress.iter().filter(|p| p.0 == pass).collect();
        assert_eq!(of_pass.len(), 5, "pass {pass}");
        assert_eq!(*of_pass.last().unwrap(), &(pass, 5, 5));
    }
    assert!(rec.rebuilding.is_empty());

    // The reader opened before sees the new speech once reloaded.
    let _ = idx.searcher().unwrap();
    assert_eq!(
        phrase_total(&idx, "善作善成"),
        0,
        "as of the reader's commit"
    );
    write_speech(&corpus, "new.txt", "雁过留声");
    let outcome = update(&UpdateRequest::new(&path), &mut Recorder::default()).unwrap();
    assert!(matches!(outcome, UpdateOutcome::Done { ref summary, .. } if summary.files == 1));
    assert_eq!(phrase_total(&idx, "雁过留声"), 0, "not before a reload");
    idx.reload().unwrap();
    assert_eq!(phrase_total(&idx, "雁过留声"), 1);
    assert_eq!(phrase_total(&idx, "善作善成"), 1);
    assert_eq!(
        idx.last_meta().unwrap().unwrap().folders,
        folders_now(&path)
    );

    // A rebuild is said to the observer.
    let mut rec = Recorder::default();
    let outcome = update(
        &UpdateRequest {
            rebuild: true,
            ..UpdateRequest::new(&path)
        },
        &mut rec,
    )
    .unwrap();
    assert!(matches!(outcome, UpdateOutcome::Done { ref summary, .. } if summary.files == 5));
    assert_eq!(rec.rebuilding, [renda_core::index::Rebuild::Asked]);
}

fn folders_now(path: &Path) -> Vec<index::Folder> {
    index::open(path).unwrap().meta.unwrap().folders
}

/// A folder read by earlier rules of reading (see
/// `renda_core::speech::READING_RULES`) is read anew by the next run, so
/// that its speeches take what the rules read now; the run after reads
/// nothing.
#[test]
fn a_folder_read_by_earlier_rules_is_read_anew() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("index");
    index_folder(&seeds_dir(), &path);
    let rules = format!("rules{}:", renda_core::speech::READING_RULES);
    common::edit_payload(&path, |payload| {
        let folder = &mut payload["folders"][0];
        let now = folder["metadata"].as_str().unwrap().to_string();
        assert!(now.starts_with(&rules), "{now}");
        // What an earlier renda wrote: its fingerprint, and a stamp made
        // with it.
        folder["metadata"] = now.replacen(&rules, "rules1:", 1).into();
        folder["stamp"] = "0123456789abcdef".into();
    });
    let summary = index_folder(&seeds_dir(), &path);
    assert!(summary.starts_with("5 files read"), "{summary}");
    let summary = index_folder(&seeds_dir(), &path);
    assert!(summary.starts_with("the index is up to date"), "{summary}");
}

/// An index written when renda kept one folder (`corpus`, `stamp` and the
/// rest at the top of the payload) opens with that folder, up to date.
#[test]
fn an_index_of_one_folder_as_renda_wrote_it_before_keeps_working() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("index");
    index_folder(&seeds_dir(), &path);
    let mut old = serde_json::Value::Null;
    common::edit_payload(&path, |payload| {
        let folder = &payload["folders"][0];
        old = serde_json::json!({
            "renda_index": payload["renda_index"],
            "dictionary": payload["dictionary"],
            "renda": "0.1.0",
            "boilerplate": folder["boilerplate"],
            "corpus": folder["path"],
            "metadata": folder["metadata"],
            "stamp": folder["stamp"],
        });
        *payload = old.clone();
    });

    let folders = folders_now(&path);
    assert_eq!(folders.len(), 1);
    assert_eq!(folders[0].path, old["corpus"].as_str().unwrap());
    assert_eq!(folders[0].label, "");
    let summary = index_folder(&seeds_dir(), &path);
    assert!(summary.starts_with("the index is up to date"), "{summary}");
    // And a folder as an older renda kept it, relative to where it ran:
    // the folder given is taken for it.
    common::edit_payload(&path, |payload| {
        *payload = old.clone();
        payload["corpus"] = "corpus".into();
    });
    assert!(folders_now(&path)[0].is_legacy());
    let summary = index_folder(&seeds_dir(), &path);
    assert!(summary.starts_with("the index is up to date"), "{summary}");
    assert_eq!(
        PathBuf::from(&folders_now(&path)[0].path),
        std::fs::canonicalize(seeds_dir()).unwrap()
    );
}

/// Two folders of one name get two labels; a second `--add` of a folder
/// the index holds only brings it up to date; removing all but one keeps
/// the label, so nothing is read again.
#[test]
fn folders_of_one_name_get_labels_of_their_own() {
    use renda_core::index::{UpdateOutcome, UpdateRequest, update};
    let tmp = tempfile::tempdir().unwrap();
    let (x, y) = (tmp.path().join("x/讲话"), tmp.path().join("y/讲话"));
    write_speech(&x, "a.txt", "踏石留印");
    write_speech(&y, "a.txt", "抓铁有痕");
    let path = tmp.path().join("index");
    let run = |req: UpdateRequest| match update(&req, &mut Recorder::default()).unwrap() {
        UpdateOutcome::Done {
            summary,
            folders,
            dropped,
            ..
        } => (summary, folders, dropped),
        other => panic!("{other:?}"),
    };
    run(UpdateRequest {
        folders: vec![x.clone()],
        ..UpdateRequest::new(&path)
    });
    let (summary, folders, _) = run(UpdateRequest {
        add: vec![y.clone()],
        ..UpdateRequest::new(&path)
    });
    assert_eq!(summary.files, 2, "x again under its label, and y");
    let labels: Vec<&str> = folders.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["讲话", "讲话-2"]);
    let idx = index::open(&path).unwrap();
    assert_eq!(
        renda_core::index::writer::indexed_files(&idx)
            .unwrap()
            .into_keys()
            .collect::<BTreeSet<_>>(),
        BTreeSet::from(["讲话/a.txt".to_string(), "讲话-2/a.txt".to_string()])
    );
    drop(idx);
    let (summary, _, _) = run(UpdateRequest {
        add: vec![y.clone()],
        ..UpdateRequest::new(&path)
    });
    assert_eq!((summary.files, summary.unchanged), (0, 1));
    let (summary, folders, dropped) = run(UpdateRequest {
        remove: vec![x.clone()],
        ..UpdateRequest::new(&path)
    });
    assert_eq!((summary.files, summary.deleted, dropped), (0, 0, 1));
    assert_eq!(folders.len(), 1);
    assert_eq!(folders[0].label, "讲话-2");
    let idx = index::open(&path).unwrap();
    assert_eq!(phrase_total(&idx, "踏石留印"), 0);
    assert_eq!(phrase_total(&idx, "抓铁有痕"), 1);
    // A folder both added and removed in one run is refused.
    let err = update(
        &UpdateRequest {
            add: vec![x.clone()],
            remove: vec![x.clone()],
            ..UpdateRequest::new(&path)
        },
        &mut Recorder::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, renda_core::index::UpdateError::AddedAndRemoved { .. }),
        "{err}"
    );
}

/// A `--add` stopped midway (the folder there first being read again under
/// its label) leaves whole files, and any next run finishes both folders.
#[test]
fn an_add_stopped_midway_is_finished_by_the_next_run() {
    use renda_core::index::{UpdateOutcome, UpdateRequest, update};
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("A"), tmp.path().join("B"));
    for (i, p) in ["踏石留印", "抓铁有痕", "久久为功"].iter().enumerate() {
        write_speech(&a, &format!("{i}.txt"), p);
    }
    for (i, p) in ["善作善成", "雁过留声"].iter().enumerate() {
        write_speech(&b, &format!("{i}.txt"), p);
    }
    let path = tmp.path().join("index");
    let request = |folders: Vec<PathBuf>, add: Vec<PathBuf>| UpdateRequest {
        folders,
        add,
        commit_every: 0,
        ..UpdateRequest::new(&path)
    };
    update(&request(vec![a.clone()], vec![]), &mut Recorder::default()).unwrap();
    let mut stop = Recorder {
        stop_after: Some(1),
        ..Recorder::default()
    };
    let outcome = update(&request(vec![], vec![b.clone()]), &mut stop).unwrap();
    assert!(
        matches!(outcome, UpdateOutcome::Interrupted { .. }),
        "{outcome:?}"
    );
    let keys = |path: &Path| {
        let idx = index::open(path).unwrap();
        renda_core::index::writer::indexed_files(&idx)
            .unwrap()
            .into_keys()
            .collect::<BTreeSet<_>>()
    };
    // Each of A's files is under its new path or, not read again yet,
    // under its old one: none is lost, none is there twice.
    let held = keys(&path);
    for f in ["0.txt", "1.txt", "2.txt"] {
        assert!(
            held.contains(f) != held.contains(&format!("A/{f}")),
            "{held:?}"
        );
    }
    assert!(held.contains("A/0.txt"), "{held:?}");
    assert!(held.iter().all(|k| !k.starts_with("B/")), "{held:?}");
    let idx = index::open(&path).unwrap();
    for p in ["踏石留印", "抓铁有痕", "久久为功"] {
        assert_eq!(phrase_total(&idx, p), 1, "{p}");
    }
    drop(idx);
    let outcome = update(&UpdateRequest::new(&path), &mut Recorder::default()).unwrap();
    assert!(matches!(outcome, UpdateOutcome::Done { .. }), "{outcome:?}");
    let expected: BTreeSet<String> = ["A/0.txt", "A/1.txt", "A/2.txt", "B/0.txt", "B/1.txt"]
        .map(String::from)
        .into();
    assert_eq!(keys(&path), expected);
    let idx = index::open(&path).unwrap();
    for p in ["踏石留印", "抓铁有痕", "久久为功", "善作善成", "雁过留声"] {
        assert_eq!(phrase_total(&idx, p), 1, "{p}");
    }
    assert!(
        idx.meta
            .unwrap()
            .folders
            .iter()
            .all(|f| !f.stamp.is_empty())
    );
}

/// The themes of the relevance evaluation (`benches/relevance/themes.tsv`).
fn evaluation_themes() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/relevance/themes.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(1).map(String::from))
        .collect()
}

#[test]
fn related_words_of_every_evaluation_theme_are_never_names_titles_places_or_stock_words() {
    let Some(f) = real() else { return };
    let themes = evaluation_themes();
    assert!(themes.len() >= 30, "{}", themes.len());
    let jieba = jieba_rs::Jieba::new();
    let dictionary = renda_core::analysis::Dictionary::builtin().jieba();
    // Names, titles and places a first round of these themes shares, and
    // the stock words of official texts: none may come back.
    let never = [
        "习近平",
        "赵乐际",
        "栗战书",
        "李强",
        "总书记",
        "委员长",
        "主任",
        "同志",
        "河南省",
        "山东省",
        "浙江省",
        "北京市",
        "上海市",
        "广东省",
        "优势",
        "实际",
        "大力",
        "行业",
        "力度",
        "结果",
        "职责",
        "单位",
        "机制",
        "能力",
        "信息",
    ];
    let mut feedback = 0;
    for theme in &themes {
        let r = f.search(theme, &Filters::default());
        for rel in &r.related {
            assert!(!never.contains(&rel.word.as_str()), "{theme}: {rel:?}");
            assert!(rel.word.chars().count() >= 2, "{theme}: {rel:?}");
            if rel.source == renda_core::search::expand::Source::Feedback {
                feedback += 1;
                assert!(
                    dictionary.has_word(&rel.word),
                    "{theme}: {rel:?} is no word"
                );
                for t in jieba.tag(&rel.word, true) {
                    if t.word == rel.word {
                        assert!(
                            !["nr", "ns", "nt"].iter().any(|p| t.tag.starts_with(p)),
                            "{theme}: {rel:?} is tagged {}",
                            t.tag
                        );
                    }
                }
                assert!(
                    !renda_core::speech::gazetteer::gazetteer().is_region(&rel.word),
                    "{theme}: {rel:?} names a place"
                );
            }
        }
    }
    // The real texts are large enough for feedback words.
    assert!(feedback > 0);
}

#[test]
fn feedback_words_re_weigh_and_never_make_a_paragraph_match() {
    let Some(f) = real() else { return };
    for theme in ["粮食安全", "防汛抗旱", "代表履职"] {
        let expanded = f.search(theme, &Filters::default());
        let literal = search(
            &f.idx,
            &SearchRequest {
                query: theme.into(),
                limit: f.docs.len(),
                literal: true,
                ..SearchRequest::default()
            },
        )
        .unwrap();
        let matching: Vec<_> = expanded.related.iter().filter(|r| r.matches()).collect();
        if matching.is_empty() {
            // Without a curated expression, feedback adds no match.
            assert_eq!(expanded.total, literal.total, "{theme}");
        }
        assert!(expanded.total >= literal.total, "{theme}");
    }
}

#[test]
fn copies_share_a_copy_key_and_a_search_shows_each_copys_own_place() {
    let tmp = scratch_dir("copy-keys");
    let corpus = tmp.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let same = "要密切联系群众，倾听群众呼声，反映群众意愿，为群众办实事。";
    common::write(
        &corpus,
        "a.txt",
        format!("在县人大常委会上的讲话\n\n{same}\n\n要加强代表联络站建设，密切联系群众。\n"),
    );
    common::write(
        &corpus,
        "b.txt",
        format!("在市人大常委会上的讲话\n\n开头的话。\n\n{same}\n"),
    );
    let index = tmp.join("index");
    index_folder(&corpus, &index);
    let idx = index::open(&index).unwrap();
    assert!(idx.fields.copy.is_some(), "a new index keeps copy keys");
    let searcher = idx.index.reader().unwrap().searcher();
    // Each paragraph's text and copy key, through the stored document and
    // the column.
    let mut keys: Vec<(String, u64)> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let column = segment.fast_fields().u64("copy").unwrap();
        for doc in segment.doc_ids_alive() {
            let stored: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ord as u32, doc))
                .unwrap();
            let text = tantivy::schema::document::Value::as_str(
                &stored.get_first(idx.fields.text).unwrap(),
            )
            .unwrap()
            .to_string();
            keys.push((text, column.first(doc).unwrap()));
        }
    }
    let of = |t: &str| -> Vec<u64> {
        keys.iter()
            .filter(|(text, _)| text == t)
            .map(|(_, k)| *k)
            .collect()
    };
    let copies = of(same);
    assert_eq!(copies.len(), 2, "{keys:?}");
    assert_eq!(copies[0], copies[1]);
    let other = of("要加强代表联络站建设，密切联系群众。");
    assert_eq!(other.len(), 1);
    assert_ne!(other[0], copies[0]);
    // A search shows the copy once, folded, each with its own file and
    // the same text, whichever was read first.
    let r = search(
        &idx,
        &SearchRequest {
            query: "密切联系群众".into(),
            limit: 10,
            collapse: true,
            ..SearchRequest::default()
        },
    )
    .unwrap();
    let head = r.hits.iter().find(|h| h.text == same).expect("the copy");
    assert_eq!(head.duplicates.len(), 1, "{head:?}");
    assert_ne!(head.file, head.duplicates[0].file);
    assert_eq!(r.hits.iter().filter(|h| h.text == same).count(), 1);
    // A text offered for a copy key is taken only if the key is its own.
    let copy_at = (0..searcher.segment_readers().len() as u32)
        .flat_map(|s| {
            searcher
                .segment_reader(s)
                .doc_ids_alive()
                .map(move |d| tantivy::DocAddress::new(s, d))
        })
        .find(|&a| {
            let doc: tantivy::TantivyDocument = searcher.doc(a).unwrap();
            doc.get_first(idx.fields.text)
                .and_then(|v| tantivy::schema::document::Value::as_str(&v))
                == Some(same)
        })
        .unwrap();
    let mut reader = index::reader::HitReader::new(&searcher, &idx);
    let key = reader.copy_of(copy_at).unwrap();
    assert_eq!(key, copies[0]);
    reader.know(key, "别的文字。");
    assert_eq!(reader.lean(copy_at, 1.0).unwrap().text, same);
    let mut reader = index::reader::HitReader::new(&searcher, &idx);
    reader.know(key, same);
    assert_eq!(reader.copy_key(copy_at), Some(key), "its own text is taken");
    assert_eq!(reader.lean(copy_at, 1.0).unwrap().text, same);
}

#[test]
fn feedback_words_are_listed_but_never_highlighted() {
    let Some(f) = real() else { return };
    let mut feedback_seen = 0;
    for theme in ["网络安全", "社会信用体系建设", "消费者权益保护", "代表履职"]
    {
        let r = f.search(theme, &Filters::default());
        let feedback: Vec<&str> = r
            .related
            .iter()
            .filter(|w| !w.matches())
            .map(|w| w.word.as_str())
            .collect();
        feedback_seen += feedback.len();
        // What is marked is exactly where the theme's own words and the
        // related expressions that match stand: no feedback word, alone or
        // merged into a neighbouring mark.
        let mut own = QueryBuilder::new(f.idx.fields, &f.idx.dictionary)
            .compile(theme)
            .unwrap()
            .wanted
            .needles();
        own.extend(
            r.related
                .iter()
                .filter(|w| w.matches())
                .map(|w| w.word.clone()),
        );
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        for h in &r.hits {
            let lower = h.text.to_lowercase();
            assert_eq!(lower.len(), h.text.len());
            assert_eq!(
                h.matches,
                renda_core::search::snippet::find_all(&lower, &own),
                "{theme}: {}",
                h.text
            );
            for m in &h.matches {
                let marked = &h.text[m.clone()];
                assert!(
                    !feedback.contains(&marked),
                    "{theme}: {marked} is a feedback word, highlighted in {}",
                    h.text
                );
            }
        }
    }
    // The real texts give these themes feedback words to leave unmarked.
    assert!(feedback_seen > 0);
}

#[test]
fn a_dropped_related_word_is_neither_searched_nor_shown() {
    let f = seeds();
    let all = f.search("密切联系群众", &Filters::default());
    let first = all.related.first().expect("curated words").word.clone();
    let request = SearchRequest {
        query: "密切联系群众".into(),
        limit: f.docs.len(),
        without: vec![first.clone()],
        ..SearchRequest::default()
    };
    let dropped = search(&f.idx, &request).unwrap();
    assert!(dropped.related.iter().all(|r| r.word != first));
    assert_eq!(dropped.related.len() + 1, all.related.len());
    for h in &dropped.hits {
        let only_by_it = h.text.contains(&first)
            && !h.text.contains("联系群众")
            && !dropped.related.iter().any(|r| h.text.contains(&r.word));
        assert!(!only_by_it, "{}", h.text);
    }
}

#[test]
fn an_offices_own_related_expressions_apply_from_the_next_search() {
    let tmp = scratch_dir("office-related");
    let corpus = tmp.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    common::write(
        &corpus,
        "a.txt",
        "关于基层工作的讲话\n\n要认真做好街道议事会的各项工作，听取居民意见。\n\n要加强代表联络站建设。\n",
    );
    let index = tmp.join("index");
    index_folder(&corpus, &index);
    let idx = index::open(&index).unwrap();
    let req = SearchRequest {
        query: "代表联络站".into(),
        limit: 10,
        ..SearchRequest::default()
    };
    let before = search(&idx, &req).unwrap();
    assert!(before.hits.iter().all(|h| !h.text.contains("街道议事会")));
    std::fs::write(
        index.join(renda_core::index::OFFICE_RELATED),
        "# 本单位\n代表联络站 街道议事会\n",
    )
    .unwrap();
    let after = search(&idx, &req).unwrap();
    assert!(after.hits.iter().any(|h| h.text.contains("街道议事会")));
    assert!(
        after
            .related
            .iter()
            .any(|r| r.word == "街道议事会"
                && r.source == renda_core::search::expand::Source::Office)
    );
}

/// An export (every matching paragraph, unfolded) ranks as the search does:
/// the search's first hit, and each paragraph folded into it, leads the
/// export, for themes whose candidates fill several windows.
#[test]
fn an_export_of_a_theme_opens_with_the_searchs_first_hit() {
    let Some(fx) = real() else {
        eprintln!("note: skipped: ../shared/corpus/real not found");
        return;
    };
    for theme in ["密切联系群众", "代表建议办理", "生态环境保护", "人大代表"]
    {
        let request = SearchRequest {
            query: theme.to_string(),
            limit: 1,
            collapse: true,
            ..SearchRequest::default()
        };
        let r = search(&fx.idx, &request).unwrap();
        let total = r.total;
        assert!(
            total > 200,
            "{theme}: {total} matches fill more than one window"
        );
        let first = &r.hits[0];
        let found = renda_core::search::find(&fx.idx, theme, &Filters::default(), total).unwrap();
        assert_eq!(found.total, total, "{theme}");
        assert_eq!(found.hits.len(), total, "{theme}");
        let mut family: BTreeSet<(String, usize)> = first
            .duplicates
            .iter()
            .map(|d| (d.file.clone(), d.paragraph))
            .collect();
        family.insert((first.file.clone(), first.paragraph));
        let lead = &found.hits[0];
        assert!(
            family.contains(&(lead.file.clone(), lead.paragraph)),
            "{theme}: export opens with {}#{}, search with {}#{}",
            lead.file,
            lead.paragraph,
            first.file,
            first.paragraph
        );
    }
}

/// Speeches read in one pass for many paragraphs give each paragraph the
/// same file and labels as reading them one by one, on the real texts
/// (many blocks of the speeches' column; the seeds when they are absent).
#[test]
fn speeches_read_in_one_pass_are_the_speeches_read_one_by_one() {
    let fixture = match real() {
        Some(f) => f,
        None => {
            eprintln!("note: ../shared/corpus/real absent; reading speeches on the seeds only");
            seeds()
        }
    };
    let searcher = fixture.idx.index.reader().unwrap().searcher();
    let mut addrs: Vec<tantivy::DocAddress> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        addrs.extend(
            segment
                .doc_ids_alive()
                .map(|doc| tantivy::DocAddress::new(ord as u32, doc)),
        );
    }
    // Every third paragraph, so that a pass skips terms of the column.
    let picked: Vec<tantivy::DocAddress> = addrs.iter().copied().step_by(3).collect();
    assert!(picked.len() > 10);
    let mut one_by_one = index::reader::HitReader::new(&searcher, &fixture.idx);
    let mut in_one_pass = index::reader::HitReader::new(&searcher, &fixture.idx);
    in_one_pass.read_speeches(&picked).unwrap();
    let mut files: BTreeSet<String> = BTreeSet::new();
    for &addr in &picked {
        let a = one_by_one.lean(addr, 0.0).unwrap();
        let b = in_one_pass.lean(addr, 0.0).unwrap();
        assert_eq!(
            (&a.file, a.paragraph, &a.labels, &a.text),
            (&b.file, b.paragraph, &b.labels, &b.text)
        );
        files.insert(b.file);
    }
    // Paragraphs of many speeches were read, not one speech's.
    assert!(files.len() > 3, "{} speeches", files.len());
}

#[test]
fn a_page_cut_inside_a_run_of_tied_paragraphs_takes_them_by_file() {
    // 100 speeches hold the same paragraph (one BM25 score), more than
    // the first pass of a search takes past a short page; 30 others hold
    // the phrase with more or fewer other words, above and below them.
    // The copies of the second half of the names are indexed first, so
    // the index's own order of them is not the order of their files.
    let tmp = scratch_dir("tied-pages");
    let corpus = tmp.join("corpus");
    let index = tmp.join("index");
    std::fs::create_dir_all(&corpus).unwrap();
    let same = "要加强代表联络站建设，让代表联络站成为代表履职的平台。";
    for half in [50..100, 0..50] {
        for i in half {
            common::write(
                &corpus,
                &format!("t{i:03}.txt"),
                format!("第{i}次主任会议上的讲话\n\n{same}\n"),
            );
        }
        index_folder(&corpus, &index);
    }
    for i in 0..30 {
        let filler = "会议要求各级人大常委会认真落实。".repeat(i % 6);
        let said = if i % 2 == 0 {
            "代表联络站"
        } else {
            "代表联络站，代表联络站"
        };
        common::write(
            &corpus,
            &format!("u{i:02}.txt"),
            format!("第{i}次常委会会议上的讲话\n\n{filler}{said}要用好。\n"),
        );
    }
    index_folder(&corpus, &index);
    let idx = index::open(&index).unwrap();
    let place = |h: &renda_core::hit::Hit| (h.file.clone(), h.paragraph);
    let query = "\"代表联络站\"";
    let all = renda_core::search::find(&idx, query, &Filters::default(), 200).unwrap();
    assert_eq!(all.total, 130);
    let all: Vec<_> = all.hits.iter().map(place).collect();
    // The tied copies stand together, by file.
    let copies: Vec<&String> = all
        .iter()
        .map(|(f, _)| f)
        .filter(|f| f.starts_with('t'))
        .collect();
    let first = all.iter().position(|(f, _)| f.starts_with('t')).unwrap();
    assert!(
        all[first..first + 100]
            .iter()
            .all(|(f, _)| f.starts_with('t'))
    );
    assert!(copies.windows(2).all(|w| w[0] < w[1]), "{copies:?}");
    // Any page is the start of the whole list: the tied copies it cuts
    // are the first by file, whether they run past what the first pass
    // took or not.
    for depth in [
        1,
        5,
        first,
        first + 1,
        first + 30,
        first + 63,
        first + 99,
        100,
        129,
        130,
    ] {
        let page = renda_core::search::find(&idx, query, &Filters::default(), depth).unwrap();
        let page: Vec<_> = page.hits.iter().map(place).collect();
        assert_eq!(page, all[..depth.min(130)], "depth {depth}");
    }
}

/// An export lists every paragraph in the order the search that does not
/// fold them lists them, page after page, at the size of the real texts
/// (themes of several windows of candidates, a phrase, a filtered theme).
#[test]
fn an_export_lists_the_paragraphs_in_the_order_search_shows_them() {
    let Some(fx) = real() else {
        eprintln!(
            "note: ../shared/corpus/real is not there; the export order is checked on the seeds only"
        );
        return;
    };
    let province = Filters {
        levels: vec![Level::Province],
        ..Filters::default()
    };
    for (query, filters) in [
        ("代表联络站建设", Filters::default()),
        ("密切联系群众", Filters::default()),
        ("\"人民代表大会\"", Filters::default()),
        ("监督", province),
    ] {
        let listed = fx.search(query, &filters);
        assert!(listed.total > 200, "{query}: {}", listed.total);
        let exported = renda_core::search::find_every(
            &fx.idx,
            query,
            &filters,
            renda_core::search::ThemeOptions::default(),
            usize::MAX,
        )
        .unwrap();
        assert_eq!(exported.total, listed.total, "{query}");
        assert_eq!(
            hit_keys_in_order(&exported.hits),
            hit_keys_in_order(&listed.hits),
            "{query}"
        );
        // A cap keeps the first ones.
        let first = renda_core::search::find_every(
            &fx.idx,
            query,
            &filters,
            renda_core::search::ThemeOptions::default(),
            50,
        )
        .unwrap();
        assert_eq!(
            hit_keys_in_order(&first.hits),
            hit_keys_in_order(&listed.hits[..50]),
            "{query}"
        );
    }
}

fn hit_keys_in_order(hits: &[renda_core::search::Hit]) -> Vec<(String, usize)> {
    hits.iter().map(|h| (h.file.clone(), h.paragraph)).collect()
}
