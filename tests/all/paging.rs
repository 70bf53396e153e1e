//! Walking every page of a search reaches every matching paragraph exactly
//! once, folded or not, in the CLI and over HTTP; a speech read back from
//! the index stands in the order of its text. On an index of the real texts
//! in `../shared/corpus/real` built with several threads and small commits
//! (several segments); each test skips with a note when they are absent.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::http::{enc, get_json, serve};
use common::{
    Doc, expected_docs, parsed_speeches, real_corpus, run_renda, scratch_dir, seeds, write,
};
use serde_json::Value;

/// The real texts indexed with commits every 200 KB (each commit writes
/// a segment per writer thread; the run merges them at its end), and what
/// the parser says the index holds.
struct Built {
    index: PathBuf,
    docs: Vec<Doc>,
}

fn real() -> Option<&'static Built> {
    static REAL: OnceLock<Built> = OnceLock::new();
    let Some(corpus) = real_corpus() else {
        eprintln!("note: ../shared/corpus/real is absent: the paging and reader tests skip");
        return None;
    };
    Some(REAL.get_or_init(|| {
        let index = scratch_dir("paging-real").join("index");
        let out = run_renda(
            &corpus,
            &[
                "index",
                corpus.to_str().unwrap(),
                "--index",
                index.to_str().unwrap(),
                "--commit-every",
                "200000",
                "-q",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Built {
            index,
            docs: expected_docs(&corpus),
        }
    }))
}

/// A paragraph's place: its file and number (headings are all numbered 0,
/// so places are counted, not only collected).
type Place = (String, usize);

fn count(places: impl IntoIterator<Item = Place>) -> BTreeMap<Place, usize> {
    let mut out = BTreeMap::new();
    for p in places {
        *out.entry(p).or_insert(0) += 1;
    }
    out
}

/// The places a substring scan of the parsed texts finds `phrase` in.
fn scan(built: &Built, phrase: &str) -> BTreeMap<Place, usize> {
    count(
        built
            .docs
            .iter()
            .filter(|d| d.text.contains(phrase))
            .map(|d| (d.file.clone(), d.paragraph)),
    )
}

/// Every place a page of JSON results shows: hits and their near-copies.
fn places_of(page: &Value) -> Vec<Place> {
    let mut out = Vec::new();
    for h in page["hits"].as_array().unwrap() {
        out.push((
            h["file"].as_str().unwrap().to_string(),
            h["paragraph"].as_u64().unwrap() as usize,
        ));
        for d in h["duplicates"].as_array().unwrap() {
            out.push((
                d["file"].as_str().unwrap().to_string(),
                d["paragraph"].as_u64().unwrap() as usize,
            ));
        }
    }
    out
}

/// Walk the pages of `size` that `page(offset)` returns until one is
/// empty; every place shown, and the last page's counts. Checks that each
/// page says the same counts and that the walk ends at the count of
/// phrasings (folded) or paragraphs (not).
fn walk(size: usize, mut page: impl FnMut(usize) -> Value) -> (Vec<Place>, Value) {
    let mut places = Vec::new();
    let mut offset = 0;
    let mut first: Option<Value> = None;
    loop {
        let v = page(offset);
        let hits = v["hits"].as_array().unwrap().len();
        assert!(hits <= size);
        if let Some(f) = &first {
            assert_eq!(f["total"], v["total"], "at offset {offset}");
            assert_eq!(f["phrasings"], v["phrasings"], "at offset {offset}");
        } else {
            first = Some(v.clone());
        }
        if hits == 0 {
            let end = v["phrasings"].as_u64().or(v["total"].as_u64()).unwrap();
            assert_eq!(offset as u64, end, "the pages end early or late");
            return (places, v);
        }
        places.extend(places_of(&v));
        offset += hits;
    }
}

fn cli_page(built: &Built, args: &[&str], offset: usize, size: usize) -> Value {
    let (o, s) = (offset.to_string(), size.to_string());
    let mut all: Vec<&str> = vec!["search", "--index", built.index.to_str().unwrap()];
    all.extend(args);
    all.extend(["--format", "json", "--offset", &o, "--limit", &s]);
    let out = run_renda(Path::new("/"), &all);
    assert!(
        out.status.success(),
        "{all:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn walking_folded_pages_reaches_every_paragraph_of_a_phrase_once() {
    let Some(built) = real() else {
        return;
    };
    let phrase = "人民";
    let expected = scan(built, phrase);
    let paragraphs: usize = expected.values().sum();
    assert!(paragraphs > 2000, "{paragraphs}: not a common phrase");
    let query = format!("\"{phrase}\"");
    for size in [1000, 333] {
        let (places, last) = walk(size, |o| cli_page(built, &[&query], o, size));
        assert_eq!(last["total"], paragraphs);
        assert_eq!(count(places.clone()), expected, "pages of {size}");
        // Fewer phrasings than paragraphs: near-copies were folded.
        let phrasings = last["phrasings"].as_u64().unwrap() as usize;
        assert!(phrasings < paragraphs, "{phrasings} of {paragraphs}");
    }
    // One page with room for all holds every phrasing.
    let whole = cli_page(built, &[&query], 0, 100_000);
    assert_eq!(
        whole["hits"].as_array().unwrap().len() as u64,
        whole["phrasings"].as_u64().unwrap()
    );
    assert_eq!(count(places_of(&whole)), expected);
    // Not folded, the pages reach the same paragraphs.
    let (places, _) = walk(1000, |o| {
        cli_page(built, &[&query, "--no-collapse"], o, 1000)
    });
    assert_eq!(count(places), expected);
}

/// Past the matches a search folds, the rest stand one by one after the
/// families: the pages still reach every matching paragraph once, and the
/// count of phrasings is what the pages hold.
#[test]
fn past_the_folded_matches_the_pages_still_reach_every_paragraph_once() {
    let Some(built) = real() else {
        return;
    };
    let idx = renda_core::index::open(&built.index).unwrap();
    let page = |query: &str, offset: usize, collapse: bool| {
        let req = renda_core::search::SearchRequest {
            query: query.to_string(),
            limit: 250,
            offset,
            collapse,
            ..Default::default()
        };
        serde_json::to_value(renda_core::search::search_folding(&idx, &req, 700).unwrap()).unwrap()
    };
    for query in ["\"人民\"", "发展"] {
        let (places, last) = walk(250, |o| page(query, o, true));
        let total = last["total"].as_u64().unwrap() as usize;
        assert!(
            total > 1400,
            "{query}: {total} matches, too few to pass 700"
        );
        assert_eq!(last["unfolded"], total - 700, "{query}");
        // The same paragraphs as the pages that fold nothing.
        let (unfolded, _) = walk(250, |o| page(query, o, false));
        assert_eq!(unfolded.len(), total, "{query}");
        assert_eq!(count(places.clone()), count(unfolded), "{query}");
        if query.starts_with('"') {
            assert_eq!(count(places), scan(built, "人民"));
        }
    }
}

#[test]
fn walking_the_pages_of_a_theme_loses_and_repeats_nothing() {
    let Some(built) = real() else {
        return;
    };
    for theme in ["密切联系群众", "代表建议"] {
        let (plain, last) = walk(120, |o| cli_page(built, &[theme, "--no-collapse"], o, 120));
        let total = last["total"].as_u64().unwrap() as usize;
        assert!(total > 240, "{theme}: {total}: fewer than three pages");
        let plain = count(plain);
        assert_eq!(plain.values().sum::<usize>(), total, "{theme}");
        let (folded, _) = walk(90, |o| cli_page(built, &[theme], o, 90));
        assert_eq!(count(folded), plain, "{theme}: folded pages");
    }
}

// ------------------------------------------------------------ over HTTP

#[test]
fn walking_folded_pages_over_http_reaches_every_paragraph_once() {
    let Some(built) = real() else {
        return;
    };
    let phrase = "人民代表大会";
    let expected = scan(built, phrase);
    let paragraphs: usize = expected.values().sum();
    assert!(paragraphs > 1000, "{paragraphs}: not a common phrase");
    let server = serve(&built.index);
    let q = enc(&format!("\"{phrase}\""));
    let (places, last) = walk(200, |o| {
        get_json(
            &server.addr,
            &format!("/api/search?q={q}&limit=200&offset={o}"),
        )
    });
    assert_eq!(last["total"], paragraphs);
    assert_eq!(count(places), expected);
    // The CLI's pages are the API's.
    let cli = cli_page(built, &[&format!("\"{phrase}\"")], 200, 200);
    let api = get_json(
        &server.addr,
        &format!("/api/search?q={q}&limit=200&offset=200"),
    );
    assert_eq!(places_of(&cli), places_of(&api));
}

// ------------------------------------------------------------ the reader

/// Each speech's headings and paragraphs as the parser gives them.
fn speeches(built: &Built) -> BTreeMap<&str, Vec<&Doc>> {
    let mut out: BTreeMap<&str, Vec<&Doc>> = BTreeMap::new();
    for d in &built.docs {
        out.entry(d.file.as_str()).or_default().push(d);
    }
    out
}

/// Check one speech as read back (`blocks`: paragraph number, heading?,
/// text) against the parser's: the paragraphs in the order of their
/// numbers, all of them, and the title, the salutation and the headings
/// (all numbered 0) in the order of the text.
fn check_order(file: &str, docs: &[&Doc], blocks: &[(usize, bool, String)]) {
    let want: Vec<usize> = docs
        .iter()
        .filter(|d| d.paragraph > 0)
        .map(|d| d.paragraph)
        .collect();
    let got: Vec<usize> = blocks.iter().filter(|b| b.0 > 0).map(|b| b.0).collect();
    assert_eq!(got, want, "{file}: paragraphs out of order");
    let want: Vec<&str> = docs
        .iter()
        .filter(|d| d.paragraph == 0 && !d.text.is_empty())
        .map(|d| d.text.as_str())
        .collect();
    let got: Vec<&str> = blocks
        .iter()
        .filter(|b| b.0 == 0)
        .map(|b| b.2.as_str())
        .collect();
    assert_eq!(
        got, want,
        "{file}: title, salutation and headings out of order"
    );
}

/// Check one speech as read back (`blocks`: paragraph number, heading?,
/// text) against the parsed `sp`: its title first (a heading), then its
/// salutation (numbered 0, not a heading), every heading and paragraph,
/// and the title never again right after it.
fn check_lines_once(sp: &renda_core::speech::Speech, blocks: &[(usize, bool, String)]) {
    let file = &sp.file;
    let mut at = 0;
    if let Some(t) = sp.searchable_title() {
        assert_eq!(
            blocks.first(),
            Some(&(0, true, t.to_string())),
            "{file}: the title first"
        );
        at = 1;
    }
    if let Some(sal) = &sp.salutation {
        assert_eq!(
            blocks.get(at),
            Some(&(0, false, sal.clone())),
            "{file}: the salutation in its place: {blocks:?}"
        );
        at += 1;
    }
    if let Some(t) = &sp.title_line {
        assert!(
            blocks.get(at).is_none_or(|b| &b.2 != t),
            "{file}: the title shown twice: {blocks:?}"
        );
    }
    assert_eq!(
        blocks.len(),
        at + sp.sections.len() + sp.paragraphs.len(),
        "{file}: every heading and paragraph once: {blocks:?}"
    );
}

fn blocks_of_api(api: &Value) -> Vec<(usize, bool, String)> {
    api["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["paragraph"].as_u64().unwrap() as usize,
                b["heading"].as_bool().unwrap(),
                b["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn blocks_of(read: &renda::serve::speech::IndexedSpeech) -> Vec<(usize, bool, String)> {
    read.blocks
        .iter()
        .map(|b| (b.paragraph, b.heading, b.text.clone()))
        .collect()
}

/// The seeds (each with a salutation) and a page whose title line is
/// repeated below it: the reader shows the salutation after the title and
/// the title once, through the library and `/api/speech/{id}`.
#[test]
fn the_reader_shows_the_salutation_and_the_title_once() {
    let dir = scratch_dir("reader-seeds");
    let corpus = dir.join("corpus");
    for (name, text) in seeds() {
        write(&corpus, &name, text);
    }
    let title = "在全市人大常委会工作会议上的讲话";
    write(
        &corpus,
        "重复标题.txt",
        format!(
            "{title}\n{title}\n同志们：\n一、提高认识\n人大代表要密切联系群众。\n我们要依法履职。\n"
        ),
    );
    let index = dir.join("index");
    let out = run_renda(
        &dir,
        &[
            "index",
            corpus.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let speeches = parsed_speeches(&corpus);
    assert_eq!(speeches.len(), 6);
    assert!(speeches.iter().filter(|s| s.salutation.is_some()).count() >= 5);
    let repeated = speeches.iter().find(|s| s.file == "重复标题.txt").unwrap();
    assert_eq!(repeated.title_line.as_deref(), Some(title));
    assert_eq!(repeated.paragraphs[0].text, "人大代表要密切联系群众。");
    assert!(
        repeated
            .kept_lines()
            .iter()
            .filter(|l| **l == title)
            .count()
            == 2,
        "no line lost"
    );
    let idx = renda_core::index::open(&index).unwrap();
    let server = serve(&index);
    for sp in &speeches {
        let id = renda::serve::speech::id_of(&sp.file);
        let read = renda::serve::speech::read(&idx, &id).unwrap().unwrap();
        check_lines_once(sp, &blocks_of(&read));
        let api = get_json(&server.addr, &format!("/api/speech/{id}"));
        check_lines_once(sp, &blocks_of_api(&api));
    }
    let id = renda::serve::speech::id_of("重复标题.txt");
    let page = common::http::get_text(&server.addr, &format!("/speech/{id}"));
    assert_eq!(page.matches(title).count(), 2, "<title> and <h1>: {page}");
    assert!(page.contains("同志们："), "{page}");
}

#[test]
fn every_speech_reads_in_the_order_of_its_text() {
    let Some(built) = real() else {
        return;
    };
    let idx = renda_core::index::open(&built.index).unwrap();
    let server = serve(&built.index);
    let all = speeches(built);
    assert!(all.len() > 500, "{}", all.len());
    let mut many = 0;
    for (file, docs) in &all {
        let id = renda::serve::speech::id_of(file);
        let read = renda::serve::speech::read(&idx, &id)
            .unwrap()
            .unwrap_or_else(|| panic!("{file}: not in the index"));
        let blocks: Vec<(usize, bool, String)> = read
            .blocks
            .iter()
            .map(|b| (b.paragraph, b.heading, b.text.clone()))
            .collect();
        check_order(file, docs, &blocks);
        many += usize::from(blocks.len() > 10);
        let api = get_json(&server.addr, &format!("/api/speech/{id}"));
        let blocks: Vec<(usize, bool, String)> = api["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["paragraph"].as_u64().unwrap() as usize,
                    b["heading"].as_bool().unwrap(),
                    b["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        check_order(file, docs, &blocks);
    }
    assert!(many > 100, "{many} long speeches");
    let corpus = real_corpus().unwrap();
    let parsed = parsed_speeches(&corpus);
    assert_eq!(parsed.len(), all.len());
    for sp in &parsed {
        let id = renda::serve::speech::id_of(&sp.file);
        let read = renda::serve::speech::read(&idx, &id).unwrap().unwrap();
        check_lines_once(sp, &blocks_of(&read));
        let api = get_json(&server.addr, &format!("/api/speech/{id}"));
        check_lines_once(sp, &blocks_of_api(&api));
    }
}

/// `compare THEME --by level` on the real texts: every group holds
/// phrasings, and each phrasing carries the theme — as typed, its smaller
/// words (of three, two), or a related expression the search says it
/// searched (curated or the office's) — never a heading or a news item's
/// opening line.
#[test]
fn compare_on_the_real_texts_shows_the_theme_in_every_group() {
    let Some(built) = real() else { return };
    let index = built.index.to_str().unwrap();
    for (theme, parts) in [
        ("密切联系群众", &["联系", "群众"][..]),
        ("代表建议办理", &["代表", "建议", "办理"][..]),
    ] {
        let search = |args: &[&str]| -> Value {
            let mut all = args.to_vec();
            all.extend(["--index", index, "--format", "json"]);
            let out = run_renda(Path::new("/"), &all);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice(&out.stdout).unwrap()
        };
        let related: Vec<String> = search(&["search", theme, "--limit", "1"])["related"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["source"] != "feedback")
            .map(|r| r["word"].as_str().unwrap().to_string())
            .collect();
        let v = search(&["compare", theme, "--by", "level"]);
        let groups = v["groups"].as_array().unwrap();
        assert!(groups.len() >= 2, "{theme}: {v}");
        for g in groups {
            let phrasings = g["phrasings"].as_array().unwrap();
            assert!(!phrasings.is_empty(), "{theme}: {g}");
            for p in phrasings {
                let text = p["text"].as_str().unwrap();
                // All of its words; of three or more, all but one (as the
                // query needs them).
                let held = parts.iter().filter(|w| text.contains(*w)).count();
                let carries = text.contains(theme)
                    || held + usize::from(parts.len() >= 3) >= parts.len()
                    || related.iter().any(|r| text.contains(r.as_str()));
                assert!(carries, "{theme}, {}: {text}", g["key"]);
                assert!(!text.contains("新闻联播"), "{theme}: {text}");
                for s in p["sources"].as_array().unwrap() {
                    assert_ne!(s["paragraph"], 0, "{theme}: a heading: {p}");
                }
            }
        }
    }
}

/// A depth near the largest number a flag takes reads as deep as the
/// index goes, as a large one does: it never wraps round to a shallow one.
#[test]
fn the_largest_depth_reads_as_deep_as_a_large_one() {
    let Some(built) = real() else {
        return;
    };
    let index = built.index.to_str().unwrap();
    let run = |depth: &str| {
        let out = run_renda(
            built.index.parent().unwrap(),
            &[
                "compare",
                "--index",
                index,
                "代表建议",
                "--depth",
                depth,
                "--format",
                "json",
                "-n",
                "1",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{depth}: {}",
            common::err_text(&out)
        );
        common::out_text(&out)
    };
    assert_eq!(run("100000"), run("18446744073709551615"));
}
