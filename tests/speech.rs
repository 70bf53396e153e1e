//! The speech parser on the shipped seeds and, when present, the real texts
//! in `../shared/corpus/real`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use renda::corpus;
use renda::ingest::{Corpus, Observer};
use renda::speech::{Level, ParseContext, RemovalReason, Source, Speech, parse};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn seed(prefix: &str) -> (String, String) {
    let dir = root().join("corpus");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    names.sort();
    let name = names.pop().unwrap_or_else(|| panic!("no seed {prefix}"));
    let text = corpus::read_document(&dir.join(&name)).unwrap().text;
    (format!("corpus/{name}"), text)
}

fn parse_seed(prefix: &str) -> Speech {
    let (rel, text) = seed(prefix);
    parse(
        &text,
        &ParseContext {
            rel: &rel,
            ..Default::default()
        },
    )
}

/// The source's non-empty lines, trimmed, with Markdown heading marks off.
fn source_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let t = l.trim_start_matches('#');
            if t.len() < l.len() && t.starts_with(char::is_whitespace) {
                t.trim_start().to_string()
            } else {
                l.to_string()
            }
        })
        .collect()
}

fn counts<'a>(lines: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::new();
    for l in lines {
        *m.entry(l).or_default() += 1;
    }
    m
}

/// Every line of the source is kept or removed, exactly once, byte for byte.
fn assert_accounted(text: &str, speech: &Speech) {
    let source = source_lines(text);
    let mut out: Vec<&str> = speech.kept_lines();
    out.extend(speech.removed.iter().map(|r| r.text.as_str()));
    assert_eq!(
        counts(source.iter().map(String::as_str)),
        counts(out),
        "{}: lines lost, altered or doubled",
        speech.file
    );
}

#[test]
fn every_seed_line_appears_once_and_only_ads_go() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let (_, text) = seed(prefix);
        let speech = parse_seed(prefix);
        assert_accounted(&text, &speech);
        assert!(
            speech.removed.iter().all(|r| r.reason == RemovalReason::Ad),
            "{prefix}: {:?}",
            speech.removed
        );
        assert!(!speech.paragraphs.is_empty());
    }
}

#[test]
fn the_ad_header_of_002_goes_and_nothing_else() {
    let speech = parse_seed("002");
    let removed: Vec<&str> = speech.removed.iter().map(|r| r.text.as_str()).collect();
    assert!(removed.contains(&"仅供学习 禁止外传"));
    assert!(removed.contains(&"酷乐文行"));
    assert!(removed.iter().any(|r| r.starts_with("会员群")));
    assert_eq!(speech.removed.iter().map(|r| r.line).max(), Some(9));
    assert_eq!(
        speech.title,
        "在X县人大代表暨人大工作者履职能力提升培训班上的讲话"
    );
    assert_eq!(speech.salutation.as_deref(), Some("同志们："));
    // X is an anonymisation mark, kept as it is.
    assert!(speech.paragraphs[0].text.contains("X主任和X主任"));
}

#[test]
fn a_speech_saved_twice_is_read_once() {
    let (rel, text) = seed("002");
    let once = parse_seed("002");
    let twice = parse(
        &format!("{text}\n\n{text}"),
        &ParseContext {
            rel: &rel,
            ..Default::default()
        },
    );
    assert_eq!(twice.paragraphs, once.paragraphs);
    assert_eq!(twice.sections, once.sections);
    assert!(
        twice
            .removed
            .iter()
            .any(|r| r.reason == RemovalReason::Repeat)
    );
}

#[test]
fn seed_metadata() {
    let expect: [(&str, Option<Level>, Option<u16>); 5] = [
        ("000", Some(Level::City), None),
        ("001", Some(Level::District), Some(2023)),
        ("002", Some(Level::County), None),
        ("003", Some(Level::District), Some(2023)),
        ("004", Some(Level::City), None),
    ];
    for (prefix, level, year) in expect {
        let s = parse_seed(prefix);
        assert_eq!((s.level, s.year), (level, year), "seed {prefix}");
        assert_eq!(s.sources.level, Some(Source::Text), "seed {prefix}");
        assert_eq!(s.region, None, "seed {prefix}: names are anonymised");
    }
}

#[test]
fn seed_structure() {
    let s = parse_seed("000");
    let headings: Vec<&str> = s.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "一、切实提高政治站位",
            "二、准确把握职责定位",
            "三、不断增强履职本领",
            "四、着力提升履职实效"
        ]
    );
    // 一要… paragraphs are paragraphs, each knowing its section.
    let p = s
        .paragraphs
        .iter()
        .find(|p| p.text.starts_with("一要加强学习政治理论"))
        .unwrap();
    assert_eq!(p.section.as_deref(), Some("三、不断增强履职本领"));
    let s = parse_seed("001");
    assert_eq!(s.sections.len(), 3);
    assert!(s.sections[1].heading.starts_with("第二、"));
    let s = parse_seed("003");
    assert!(s.sections[1].heading.starts_with("第二，"));
    let s = parse_seed("002");
    // 第一，… long lines are paragraphs of section 一、.
    let p = s
        .paragraphs
        .iter()
        .find(|p| p.text.starts_with("第一，加强代表学习培训"))
        .unwrap();
    assert!(
        p.section
            .as_deref()
            .unwrap()
            .starts_with("一、明确代表培训")
    );
}

struct Quiet(Vec<String>);

impl Observer for Quiet {
    fn skipped(&mut self, s: &corpus::Skipped) {
        self.0.push(s.to_string());
    }
    fn warning(&mut self, m: &str) {
        self.0.push(m.to_string());
    }
}

#[test]
fn real_texts_parse_without_losing_a_line() {
    let real = root().join("../shared/corpus/real");
    if !real.is_dir() {
        eprintln!("skipping: ../shared/corpus/real not present");
        return;
    }
    let mut obs = Quiet(Vec::new());
    let corpus = Corpus::open(&real, &[], &mut obs).unwrap();
    assert!(corpus.files.len() >= 500, "{} files", corpus.files.len());
    let mut removed_by_reason: HashMap<RemovalReason, usize> = HashMap::new();
    let mut lines = 0usize;
    for file in &corpus.files {
        let text = corpus::read_document(&file.path).unwrap().text;
        let speech = corpus.parse(file).unwrap().speech;
        assert_accounted(&text, &speech);
        assert!(
            !speech.paragraphs.is_empty() || !speech.sections.is_empty(),
            "{}: nothing parsed",
            file.rel
        );
        lines += source_lines(&text).len();
        for r in &speech.removed {
            *removed_by_reason.entry(r.reason).or_default() += 1;
            // What goes is short chrome, never a paragraph of prose.
            assert!(
                r.text.chars().count() <= 80,
                "{}: removed a long line: {}",
                file.rel,
                r.text
            );
        }
    }
    let removed: usize = removed_by_reason.values().sum();
    eprintln!("real: {lines} lines, removed {removed_by_reason:?}");
    assert!(removed * 10 < lines, "removed {removed} of {lines} lines");
}

#[test]
fn news_pages_copied_from_sites_lose_only_their_links() {
    let real = root().join("../shared/corpus/real");
    if !real.is_dir() {
        eprintln!("skipping: ../shared/corpus/real not present");
        return;
    }
    let mut obs = Quiet(Vec::new());
    let corpus = Corpus::open(&real, &[], &mut obs).unwrap();
    let mut news = 0;
    for file in corpus.files.iter().filter(|f| f.rel.starts_with("xwlb__")) {
        let text = corpus::read_document(&file.path).unwrap().text;
        if !text.contains("[查看原文]") {
            continue;
        }
        news += 1;
        let speech = corpus.parse(file).unwrap().speech;
        // Every line but the link to the original is kept, as it was.
        let kept = speech.kept_lines();
        for line in source_lines(&text) {
            if line.starts_with("[查看原文]") {
                assert!(!kept.contains(&line.as_str()), "{}: {line}", file.rel);
            } else {
                assert!(kept.contains(&line.as_str()), "{}: lost {line}", file.rel);
            }
        }
        // A news item's title is its headline, never site chrome.
        assert!(
            !renda::speech::clean::is_site_name(&speech.title),
            "{}",
            file.rel
        );
    }
    assert!(news >= 20, "{news} news items");
}

#[test]
fn a_page_copied_from_a_site_keeps_no_chrome_for_its_title() {
    let text = "人民网\n注册 登录\n目录\n正文复制\n在全市人大代表履职培训班上的讲话\n同志们：\n\
                下面是小编为大家整理的人大代表培训讲话稿，欢迎阅读参考。\n\
                人大代表要密切联系群众，倾听群众呼声，反映群众意愿。\n更多范文请关注本站\n";
    let speech = parse(
        text,
        &ParseContext {
            rel: "a.txt",
            ..Default::default()
        },
    );
    assert_eq!(speech.title, "在全市人大代表履职培训班上的讲话");
    assert_eq!(speech.salutation.as_deref(), Some("同志们："));
    let paragraphs: Vec<&str> = speech.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        paragraphs,
        ["人大代表要密切联系群众，倾听群众呼声，反映群众意愿。"]
    );
    assert_eq!(speech.removed.len(), 6);
    assert!(speech.removed.iter().all(|r| r.reason == RemovalReason::Ad));
}
