//! The speech parser on the shipped seeds and, when present, the real texts
//! in `../shared/corpus/real`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use renda_core::corpus;
use renda_core::ingest::{Corpus, Observer};
use renda_core::speech::{Level, ParseContext, RemovalReason, Source, Speech, parse};

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
        speech.labels.title,
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
        assert_eq!(
            (s.labels.level, s.labels.year),
            (level, year),
            "seed {prefix}"
        );
        assert_eq!(s.sources.level, Some(Source::Text), "seed {prefix}");
        assert_eq!(s.labels.region, None, "seed {prefix}: names are anonymised");
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
    fn warning(&mut self, m: &renda_core::speech::MetadataWarning) {
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

/// Right, wrong and unknown answers against a reference.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    right: usize,
    wrong: usize,
    unknown: usize,
    /// Answers where the reference has none.
    extra: usize,
}

impl Tally {
    fn add<T: PartialEq>(&mut self, want: Option<T>, got: Option<T>) -> bool {
        match (want, got) {
            (Some(w), Some(g)) if w == g => self.right += 1,
            (Some(_), Some(_)) => {
                self.wrong += 1;
                return false;
            }
            (Some(_), None) => self.unknown += 1,
            (None, Some(_)) => self.extra += 1,
            (None, None) => {}
        }
        true
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stated = self.right + self.wrong + self.unknown;
        write!(
            f,
            "{}/{stated} right, {} wrong, {} unknown; {} answered where the manifest has none",
            self.right, self.wrong, self.unknown, self.extra
        )
    }
}

/// Level and year of the real texts against `MANIFEST.tsv`, read from the
/// text alone (each file parsed under a name that says nothing) and as
/// indexed (with its file name). Prints the figures BENCHMARKS.md quotes.
#[test]
fn real_metadata_against_the_manifest() {
    let real = root().join("../shared/corpus/real");
    let Ok(manifest) = std::fs::read_to_string(real.join("MANIFEST.tsv")) else {
        eprintln!("skipping: ../shared/corpus/real/MANIFEST.tsv not present");
        return;
    };
    let mut want: HashMap<String, (Option<Level>, Option<u16>)> = HashMap::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        want.insert(
            cols[0].to_string(),
            (cols[3].parse().ok(), cols[4].parse().ok()),
        );
    }
    let mut obs = Quiet(Vec::new());
    let corpus = Corpus::open(&real, &[], &mut obs).unwrap();
    let (mut level_text, mut year_text, mut level_path, mut year_path) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut wrong: Vec<String> = Vec::new();
    for file in &corpus.files {
        let Some(&(level, year)) = want.get(&file.rel) else {
            continue;
        };
        let text = corpus::read_document(&file.path).unwrap().text;
        let blind = parse(
            &text,
            &ParseContext {
                rel: "speech.txt",
                boilerplate: Some(&corpus.boilerplate),
                ..Default::default()
            },
        );
        if !level_text.add(level, blind.labels.level) {
            wrong.push(format!(
                "wrong level {}: {:?} for {:?}",
                file.rel, blind.labels.level, level
            ));
        }
        if year.is_some() && blind.labels.year.is_none() {
            wrong.push(format!("(year unknown) {}", file.rel));
        }
        if !year_text.add(year, blind.labels.year) {
            wrong.push(format!(
                "wrong year {}: {:?} for {:?}",
                file.rel, blind.labels.date, year
            ));
        }
        let named = corpus.parse(file).unwrap().speech;
        level_path.add(level, named.labels.level);
        year_path.add(year, named.labels.year);
    }
    eprintln!("real texts, from the text alone:");
    eprintln!("  level: {level_text}");
    eprintln!("  year:  {year_text}");
    eprintln!("real texts, as indexed (file names too):");
    eprintln!("  level: {level_path}");
    eprintln!("  year:  {year_path}");
    for w in &wrong {
        eprintln!("  {w}");
    }
    // The texts that state a year: at least 90% read right from the text
    // alone. The few "wrong" are texts that state another date than the
    // manifest's file name (a law text whose history ends before or after
    // the version the name dates — 山东省县乡两级人民代表大会选举实施细则
    // (2015-12-03) records its amendment of 2021-03-24; a 2018 speech
    // published in 2020).
    let stated = year_text.right + year_text.wrong + year_text.unknown;
    assert!(year_text.right * 100 >= 90 * stated, "year: {year_text}");
    assert!(year_text.wrong <= 7, "year: {year_text}");
    assert_eq!(year_path.wrong, 0, "year as indexed: {year_path}");
    // Level: the one the text reads otherwise is a provincial official's
    // case in national news (the manifest files all news as national).
    assert!(level_text.wrong <= 1, "level: {level_text}");
    assert!(
        level_text.right * 100 >= 80 * (level_text.right + level_text.wrong + level_text.unknown)
    );
    assert!(level_path.wrong <= 1, "level as indexed: {level_path}");
}

/// A real local speech (seed 002, a county's, which states no date) with a
/// date line put where speeches carry one, in each form they write it.
#[test]
fn date_lines_in_each_form_on_a_real_speech() {
    let (_, text) = seed("002");
    let title = "在X县人大代表暨人大工作者履职能力提升培训班上的讲话";
    let at = text.find(title).unwrap() + title.len();
    let (head, body) = text.split_at(at);
    let parsed = |t: &str| {
        parse(
            t,
            &ParseContext {
                rel: "a.txt",
                ..Default::default()
            },
        )
    };
    let under_title = [
        ("（2023年3月15日）", "2023-03-15"),
        (
            "2020年12月28日在县第十六届人民代表大会第六次会议上",
            "2020-12-28",
        ),
        ("时间：2022年03月08日", "2022-03-08"),
        ("二〇二三年十二月二十八日", "2023-12-28"),
        ("（二零二一年三月五日）", "2021-03-05"),
        ("2021-03-05", "2021-03-05"),
        ("2021.3.5", "2021-03-05"),
        (
            "——2024年2月6日在X县第十八届人民代表大会第三次会议上",
            "2024-02-06",
        ),
    ];
    for (line, want) in under_title {
        let s = parsed(&format!("{head}\n{line}{body}"));
        assert_eq!(
            s.labels.date.map(|d| d.to_string()).as_deref(),
            Some(want),
            "{line}"
        );
        assert_eq!(s.labels.year, Some(want[..4].parse().unwrap()), "{line}");
        assert_eq!(s.sources.date, Some(Source::Text), "{line}");
        assert_eq!(s.labels.title, title, "{line}: the date line is no title");
    }
    // At the end, under the speech.
    let s = parsed(&format!("{text}\nX县人大常委会\n2022年12月1日\n"));
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2022-12-01")
    );
    // A meeting named with its year, in the title.
    let s = parsed(&text.replace(title, "在2022年全县人大代表履职能力提升培训班上的讲话"));
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2022")
    );
    // Traps: no year in 十九届, 二十大, 第十四个五年, a law's year in 《…》, a
    // number that is no date; the seed stays undated.
    let traps = "深入学习贯彻党的二十大和十九届历次全会精神，谋划第十四个五年规划，\
        认真落实《中华人民共和国立法法（2023年修正）》，全县投入1.5亿元，完成2035个项目。";
    let s = parsed(&format!("{head}\n同志们：\n{traps}{body}"));
    assert_eq!(s.labels.date, None, "{:?}", s.labels.date);
    assert_eq!(parsed(&text).labels.date, None);
}

/// Without a date line, what a real speech says of its own year: seed 001
/// (区人大常委会2023年工作安排) and 003 (2023年上半年工作开展情况); a work
/// report delivered in year N about year N−1 reads as N.
#[test]
fn a_speech_states_its_own_year() {
    for prefix in ["001", "003"] {
        let s = parse_seed(prefix);
        assert_eq!(s.labels.year, Some(2023), "seed {prefix}");
        assert_eq!(
            s.labels.date.map(|d| d.to_string()).as_deref(),
            Some("2023")
        );
        assert_eq!(s.sources.date, Some(Source::Text));
    }
    let report = "X县人民代表大会常务委员会工作报告\n各位代表：\n一、2023年工作回顾\n\
        2023年是全面贯彻落实党的二十大精神的开局之年。一年来，常委会依法履职。\n\
        二、2024年主要任务\n今年常委会工作的总体要求是：坚持党的领导。";
    let s = parse(
        report,
        &ParseContext {
            rel: "a.txt",
            ..Default::default()
        },
    );
    assert_eq!(s.labels.year, Some(2024));
    // With its delivery line, the date is that line's.
    let dated = report.replacen(
        "\n各位代表：",
        "\n——2024年1月9日在X县第十八届人民代表大会第四次会议上\n各位代表：",
        1,
    );
    let s = parse(
        &dated,
        &ParseContext {
            rel: "a.txt",
            ..Default::default()
        },
    );
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2024-01-09")
    );
}

/// A web page's publication date counts only when nothing else states one.
#[test]
fn a_page_date_comes_last() {
    let (_, text) = seed("002");
    let ctx = |published| ParseContext {
        rel: "a.txt",
        published,
        ..Default::default()
    };
    let s = parse(&text, &ctx(Some("发布时间：2023-05-06 10:21")));
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2023-05-06")
    );
    assert_eq!(s.sources.date, Some(Source::Page));
    let s = parse(&format!("{text}\n发布时间：2023-05-06\n"), &ctx(None));
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2023-05-06")
    );
    assert_eq!(s.sources.date, Some(Source::Page));
    // The text's own date wins over the page's.
    let (_, dated) = seed("001");
    let s = parse(&dated, &ctx(Some("2024-01-02")));
    assert_eq!(
        (s.labels.year, s.sources.date),
        (Some(2023), Some(Source::Text))
    );
    // The path's year, refined by a text date that agrees with it.
    let s = parse(
        &format!("在全县人大工作会议上的讲话\n（2021年3月5日）\n{text}"),
        &ParseContext {
            rel: "2021/a.txt",
            ..Default::default()
        },
    );
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2021-03-05")
    );
    assert_eq!(
        (s.sources.year, s.sources.date),
        (Some(Source::Path), Some(Source::Text))
    );
}

/// A real county speech (seed 002) given the names of real places: the
/// gazetteer decides level and region.
#[test]
fn a_gazetteer_place_decides_level_and_region() {
    let (_, text) = seed("002");
    let title = "在X县人大代表暨人大工作者履职能力提升培训班上的讲话";
    let with_title = |t: &str| {
        parse(
            &text.replace(title, t),
            &ParseContext {
                rel: "a.txt",
                ..Default::default()
            },
        )
    };
    let cases: [(&str, Level, &str); 8] = [
        // A county-level city speaks at county level.
        (
            "在昆山市人大代表履职能力提升培训班上的讲话",
            Level::County,
            "昆山市",
        ),
        (
            "在2023年临洮县人大代表培训班上的讲话",
            Level::County,
            "临洮县",
        ),
        // A shared name, decided by the city named beside it.
        (
            "南京市鼓楼区人大常委会工作报告",
            Level::District,
            "南京市鼓楼区",
        ),
        (
            "福州市鼓楼区人大常委会工作报告",
            Level::District,
            "福州市鼓楼区",
        ),
        (
            "在延边朝鲜族自治州人大工作会议上的讲话",
            Level::City,
            "延边朝鲜族自治州",
        ),
        (
            "在锡林郭勒盟人大工作会议上的讲话",
            Level::City,
            "锡林郭勒盟",
        ),
        (
            "长阳土家族自治县人大常委会工作报告",
            Level::County,
            "长阳土家族自治县",
        ),
        (
            "在科尔沁左翼中旗人大工作会议上的讲话",
            Level::County,
            "科尔沁左翼中旗",
        ),
    ];
    for (t, level, region) in cases {
        let s = with_title(t);
        assert_eq!(s.labels.level, Some(level), "{t}");
        assert_eq!(s.labels.region.as_deref(), Some(region), "{t}");
        assert_eq!(s.sources.region, Some(Source::Text), "{t}");
    }
    let s = with_title("宁夏回族自治区人大常委会工作报告");
    assert_eq!(s.labels.level, Some(Level::Province));
    // Named in passing, another place leaves the speech its own level.
    let s = with_title("在全县人大代表赴昆山市学习考察动员会上的讲话");
    assert_eq!(
        (s.labels.level, s.labels.region.as_deref()),
        (Some(Level::County), Some("昆山市"))
    );
    let s = with_title("在全市人大代表视察南京市鼓楼区时的讲话");
    assert_eq!(s.labels.level, Some(Level::City));
    // The speaker line names the body when the title does not; and a
    // title that calls the body by its kind (在市人大常委会…) is the
    // speaker's: 昆山市 is a county-level city.
    let opening = "同志们：\n我代表昆山市人大常委会，向大会报告工作，请予审议。\n";
    for t in ["常委会工作报告", "在市人大常委会第三次会议上的讲话"] {
        let s = parse(
            &text.replace(title, t).replacen("同志们：\n", opening, 1),
            &ParseContext {
                rel: "a.txt",
                ..Default::default()
            },
        );
        assert_eq!(
            (s.labels.level, s.labels.region.as_deref()),
            (Some(Level::County), Some("昆山市")),
            "{t}"
        );
    }
    // A regulation's history line names the body that adopted it; a file
    // name that calls it 市 says no more than its kind.
    let name = "关于市人民政府向市人民代表大会常务委员会报告重大事项的若干规定";
    let rules = format!(
        "# {name}\n1996年10月17日 北京市第十届人民代表大会常务委员会第三十一次会议通过\n\
         第一条 为了加强市人大常委会对市人民政府工作的监督，制定本规定。\n\
         第二条 本规定自公布之日起施行。\n"
    );
    let s = parse(
        &rules,
        &ParseContext {
            rel: &format!("{name}.txt"),
            ..Default::default()
        },
    );
    assert_eq!(
        (s.labels.level, s.labels.region.as_deref()),
        (Some(Level::Province), Some("北京市"))
    );
    // Fragments are no region: 年…市, …同志在区, anonymised names.
    for t in [
        "2023年某市人大工作会议上的讲话",
        "王某同志在区人大常委会上的讲话",
        title,
    ] {
        assert_eq!(with_title(t).labels.region, None, "{t}");
    }
}

/// Every region read from a text or a path is a name of the gazetteer.
#[test]
fn every_region_is_a_gazetteer_name() {
    let g = renda_core::speech::gazetteer::gazetteer();
    let mut dirs = vec![root().join("corpus")];
    for sub in ["real", "bulk/laws-local"] {
        let dir = root().join("../shared/corpus").join(sub);
        if dir.is_dir() {
            dirs.push(dir);
        } else {
            eprintln!("skipping: ../shared/corpus/{sub} not present");
        }
    }
    let mut regions = 0;
    for dir in dirs {
        let mut obs = Quiet(Vec::new());
        let corpus = Corpus::open(&dir, &[], &mut obs).unwrap();
        for file in corpus.files.iter().take(2000) {
            let Ok(parsed) = corpus.parse(file) else {
                continue;
            };
            let s = parsed.speech;
            if let Some(r) = &s.labels.region {
                assert!(g.is_region(r), "{}: region {r}", file.rel);
                regions += 1;
            }
        }
    }
    eprintln!("{regions} regions, all gazetteer names");
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
            !renda_core::speech::clean::is_site_name(&speech.labels.title),
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
    assert_eq!(speech.labels.title, "在全市人大代表履职培训班上的讲话");
    assert_eq!(speech.salutation.as_deref(), Some("同志们："));
    let paragraphs: Vec<&str> = speech.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        paragraphs,
        ["人大代表要密切联系群众，倾听群众呼声，反映群众意愿。"]
    );
    assert_eq!(speech.removed.len(), 6);
    assert!(speech.removed.iter().all(|r| r.reason == RemovalReason::Ad));
}

fn parse_as(text: &str, rel: &str) -> Speech {
    parse(
        text,
        &ParseContext {
            rel,
            ..Default::default()
        },
    )
}

/// The body of a real county speech (seed 002, which states no date and
/// names no place), under other openings.
fn seed_body() -> String {
    let (_, text) = seed("002");
    let at = text.find("同志们：").expect("seed 002 has its salutation");
    text[at..].to_string()
}

/// A news lead states the news's date; a site's post stamp (a numeric date
/// with a clock time) is the page's, weaker than any date the text writes;
/// a meeting's month and day take their year from the budget or plan years
/// the text states.
#[test]
fn a_news_lead_dates_its_news_and_a_post_stamp_is_the_page_s() {
    let lead = "2021年10月25日，秀英区人大常委会召开第四十一次会议，区人大常委会主任王某主持会议。\
                会议听取和审议了区人民政府关于2021年1-9月国民经济和社会发展计划执行情况的报告。";
    let news =
        format!("区人大常委会召开第四十一次会议\n{lead}\n会议要求，要依法履职，加强监督。\n");
    let s = parse_as(&news, "a.txt");
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2021-10-25")
    );
    assert_eq!(s.sources.date, Some(Source::Text));
    // A lead with a time of day (上午) too; a year alone is no lead.
    let s = parse_as(&news.replace("25日，", "25日上午，"), "a.txt");
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2021-10-25")
    );
    let s = parse_as(&news.replace("2021年10月25日，", "2021年，"), "a.txt");
    assert_ne!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2021-10-25")
    );

    // A post stamp under the title: the text's own date wins over it.
    let stamped = news.replacen('\n', "\n2022-04-17 17:34:07 89\n", 1);
    let s = parse_as(&stamped, "a.txt");
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2021-10-25")
    );
    assert_eq!(s.sources.date, Some(Source::Text));
    // Alone, it dates the page, as a page date.
    let body = seed_body();
    let s = parse_as(
        &format!("在县人大代表培训班上的讲话\n2022-04-17 17:34:07 89\n{body}"),
        "a.txt",
    );
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2022-04-17")
    );
    assert_eq!(s.sources.date, Some(Source::Page));
    // The stamp line is no title.
    let s = parse_as(&format!("2022-04-17 17:34:07\n{news}"), "a.txt");
    assert_eq!(s.labels.title, "区人大常委会召开第四十一次会议");

    // A meeting of 1月13日至16日 in a text about the 2011 budget.
    let resolution = "县第十五届人民代表大会第六次会议关于县人民政府工作报告的决议\n\
        县第十五届人民代表大会第六次会议于1月13日至16日在县城召开。\
        会议审查了县人民政府提出的2010年县级收支预算执行情况和2011年县级收支预算草案，\
        决定批准2011年县级收支预算。\n会议号召，全县人民要团结一致，为完成全年目标任务而努力奋斗。\n";
    let s = parse_as(resolution, "a.txt");
    assert_eq!(s.labels.year, Some(2011), "{:?}", s.labels.date);
    // The execution of a year's budget is reported the year after.
    let s = parse_as(
        "关于县级预算执行情况的报告\n各位代表：\n现在，我向大会报告2015年县级收支预算执行情况，请予审议。\n\
         一年来，全县财政收入稳定增长。\n",
        "a.txt",
    );
    assert_eq!(s.labels.year, Some(2016), "{:?}", s.labels.date);
}

/// Lines above a title that are no title: a newspaper's page line, a photo
/// caption, a site's slogan; and a title broken over two lines is one.
#[test]
fn page_lines_captions_and_slogans_are_no_title_and_a_broken_title_is_one() {
    let body = seed_body();
    let title = "在县人大代表培训班上的讲话";
    for top in [
        "第02版:要闻 PDF版",
        "第3版：综合新闻",
        "(会议现场)",
        "（图为会议现场）",
        "不忘初心　牢记使命",
        "人民代表为人民 人大工作为大局",
    ] {
        let s = parse_as(&format!("{top}\n{title}\n{body}"), "a.txt");
        assert_eq!(s.labels.title, title, "{top}");
        assert!(s.front.iter().any(|f| f == top), "{top}: {:?}", s.front);
        assert_accounted(&format!("{top}\n{title}\n{body}"), &s);
    }
    // A news item without a title pattern, under a caption.
    let s = parse_as(
        &format!("(会议现场)\n区人大常委会召开第四十一次会议\n{body}"),
        "a.txt",
    );
    assert_eq!(s.labels.title, "区人大常委会召开第四十一次会议");
    // 政府工作报 / 告: one title, both lines kept.
    let broken =
        format!("政府工作报\n告\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n{body}");
    let s = parse_as(&broken, "a.txt");
    assert_eq!(s.labels.title, "政府工作报告");
    assert_eq!(
        s.labels.date.map(|d| d.to_string()).as_deref(),
        Some("2017-03-05")
    );
    assert!(!s.paragraphs.iter().any(|p| p.text == "告"));
    assert_accounted(&broken, &s);
    // A short line that makes no title with the one above stays a paragraph.
    let s = parse_as(&format!("{title}\n好\n{body}"), "a.txt");
    assert_eq!(s.labels.title, title);
}

/// The body's own statements name the speaking body's region: 受…委托,
/// 代表…, the organiser of a meeting, the congress it is given at.
#[test]
fn the_body_s_own_statements_name_its_region() {
    let body = seed_body();
    let cases = [
        (
            "常委会工作报告\n各位代表：\n我受杭州市余杭区人民代表大会常务委员会的委托，向大会报告工作，请予审议。\n",
            Level::District,
            "余杭区",
        ),
        (
            "常委会工作报告\n各位代表：\n受昆山市人大常委会委托，我向大会报告工作。\n",
            Level::County,
            "昆山市",
        ),
        (
            "区人大常委会召开第四十一次会议\n2021年10月25日，海口市秀英区人大常委会召开第四十一次会议。\n",
            Level::District,
            "秀英区",
        ),
        (
            "常委会工作报告\n——2024年1月9日在临洮县第十八届人民代表大会第四次会议上\n各位代表：\n",
            Level::County,
            "临洮县",
        ),
    ];
    for (opening, level, region) in cases {
        let text = format!("{opening}{}", body.replacen("同志们：\n", "", 1));
        let s = parse_as(&text, "a.txt");
        assert_eq!(s.labels.region.as_deref(), Some(region), "{opening}");
        assert_eq!(s.sources.region, Some(Source::Text), "{opening}");
        assert_eq!(s.labels.level, Some(level), "{opening}");
    }
    // A body the speech reports to or visits is not its own.
    for opening in [
        "常委会工作报告\n各位代表：\n今年，我们组织代表赴昆山市学习考察，昆山市人大常委会介绍了经验。\n",
        "常委会工作报告\n各位代表：\n会议传达了省人大常委会会议精神，杭州市余杭区人大常委会作了交流发言。\n",
    ] {
        let text = format!("{opening}{}", body.replacen("同志们：\n", "", 1));
        let s = parse_as(&text, "a.txt");
        assert_eq!(s.labels.region, None, "{opening}");
    }
}

/// Region, date and level of the real texts, each file read under a name
/// that says nothing, on two halves of the texts split by a hash of the
/// file name (rules were tuned on the first). Prints the figures
/// BENCHMARKS.md quotes.
#[test]
fn real_labels_by_half() {
    let real = root().join("../shared/corpus/real");
    let Ok(manifest) = std::fs::read_to_string(real.join("MANIFEST.tsv")) else {
        eprintln!(
            "note: ../shared/corpus/real/MANIFEST.tsv not present; real_labels_by_half skips"
        );
        return;
    };
    let mut want: HashMap<String, (Option<Level>, Option<u16>)> = HashMap::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() >= 5 {
            want.insert(
                cols[0].to_string(),
                (cols[3].parse().ok(), cols[4].parse().ok()),
            );
        }
    }
    let half = |name: &str| {
        // FNV-1a of the name: a split that does not depend on the rules.
        let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        if h % 2 == 0 { "dev" } else { "test" }
    };
    let mut obs = Quiet(Vec::new());
    let corpus = Corpus::open(&real, &[], &mut obs).unwrap();
    #[derive(Default)]
    struct Counts {
        files: usize,
        region: usize,
        region_level_agrees: usize,
        region_on_national: usize,
        date: usize,
        day: usize,
        level: Tally,
        year: Tally,
    }
    let mut by: std::collections::BTreeMap<&str, Counts> = Default::default();
    let g = renda_core::speech::gazetteer::gazetteer();
    for file in &corpus.files {
        let Some(&(level, year)) = want.get(&file.rel) else {
            continue;
        };
        let text = corpus::read_document(&file.path).unwrap().text;
        let s = parse(
            &text,
            &ParseContext {
                rel: "speech.txt",
                boilerplate: Some(&corpus.boilerplate),
                ..Default::default()
            },
        );
        let c = by.entry(half(&file.rel)).or_default();
        c.files += 1;
        if let Some(r) = &s.labels.region {
            c.region += 1;
            // A region's own level agrees with the level the manifest gives.
            let levels: Vec<Level> = g
                .resolve(r)
                .iter()
                .filter_map(|&code| g.by_code(code).map(|d| d.level))
                .collect();
            if level.is_some_and(|l| levels.contains(&l)) {
                c.region_level_agrees += 1;
            }
            if level == Some(Level::National) {
                c.region_on_national += 1;
                eprintln!("  region {r} on national {}", file.rel);
            }
        }
        if let Some(d) = s.labels.date {
            c.date += 1;
            if d.day.is_some() {
                c.day += 1;
            }
        }
        c.level.add(level, s.labels.level);
        c.year.add(year, s.labels.year);
    }
    for (name, c) in &by {
        eprintln!(
            "{name}: {} files; region {} (its level the manifest's: {}; on national texts: {}); \
             date {} ({} to the day); level {}; year {}",
            c.files,
            c.region,
            c.region_level_agrees,
            c.region_on_national,
            c.date,
            c.day,
            c.level,
            c.year
        );
    }
    let all = |f: fn(&Counts) -> usize| by.values().map(f).sum::<usize>();
    assert!(all(|c| c.files) >= 500);
    // Most local texts (laws of provinces and cities) name their region.
    assert!(all(|c| c.region) >= 85, "{} regions", all(|c| c.region));
    // A region is a place of the level the manifest gives, but for news
    // of a province's congress in national news.
    assert!(all(|c| c.region - c.region_level_agrees) <= 3);
    assert!(all(|c| c.level.wrong) <= 1);
    assert!(all(|c| c.year.wrong) <= 7);
}
