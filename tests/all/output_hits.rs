//! The search-result printers, on hits made from paragraphs of the shipped
//! seed speeches: JSON, JSON Lines and CSV read back, text with and without
//! colour, Markdown.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use crate::common;

use common::{check_schema_order, excel_csv, python_csv_header};
use renda::i18n::{Lang, with_lang};
use renda::output::hits::{TextStyle, write_csv, write_json, write_jsonl, write_md, write_text};
use renda_core::corpus;
use renda_core::search::snippet::{find_all, snippet};
use renda_core::search::{Hit, SearchResult};
use renda_core::speech::{Labels, Level, ParseContext, Speech, parse};

/// The seed speeches, parsed once for all the tests.
static SPEECHES: LazyLock<Vec<Speech>> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|name| {
            let text = corpus::read_document(&dir.join(name)).unwrap().text;
            let rel = format!("corpus/{name}");
            let ctx = ParseContext {
                rel: &rel,
                ..Default::default()
            };
            parse(&text, &ctx)
        })
        .collect()
});

fn speech(prefix: &str) -> &'static Speech {
    SPEECHES
        .iter()
        .find(|s| s.file.starts_with(&format!("corpus/{prefix}")))
        .unwrap()
}

/// A hit on the first paragraph of seed `prefix` that holds `needle`.
fn hit(prefix: &str, needle: &str, score: f32) -> Hit {
    let s = speech(prefix);
    let p = s
        .paragraphs
        .iter()
        .find(|p| p.text.contains(needle))
        .unwrap_or_else(|| panic!("no {needle} in {prefix}"));
    Hit {
        file: s.file.clone(),
        labels: s.labels.clone(),
        section: p.section.clone(),
        paragraph: p.n,
        matches: find_all(&p.text, &[needle]),
        duplicates: Vec::new(),
        text: p.text.clone(),
        score,
    }
}

/// Three hits: a county speech (no year), a district one (2023) and a
/// paragraph of commas, quotes and a line break.
fn result() -> SearchResult {
    let county = hit("002", "尚方宝剑", 7.5);
    let district = hit("001", "初任培训", 3.25);
    let mut tricky = hit("004", "连心桥", 1.0);
    tricky.text = format!("他说：\"连心桥, 要建好\"，\n{}", tricky.text);
    tricky.matches = find_all(&tricky.text, &["连心桥"]);
    SearchResult {
        query: "代表".to_string(),
        related: Vec::new(),
        dropped: Vec::new(),
        total: 3,
        phrasings: None,
        unfolded: 0,
        hits: vec![county, district, tricky],
        left_out: Vec::new(),
    }
}

fn out(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    f(&mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

fn keys(v: &serde_json::Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn check_hit_json(v: &serde_json::Value, h: &Hit) {
    assert_eq!(keys(v), common::HIT_KEYS.into_iter().collect());
    assert_eq!(v["file"], h.file.as_str());
    assert_eq!(v["title"], h.labels.title.as_str());
    assert_eq!(
        v["level"],
        h.labels
            .level
            .map_or(serde_json::Value::Null, |l| l.as_str().into())
    );
    assert_eq!(
        v["level_label"],
        h.labels
            .level
            .map_or(serde_json::Value::Null, |l| l.as_chinese().into())
    );
    assert_eq!(v["year"], serde_json::to_value(h.labels.year).unwrap());
    assert_eq!(v["region"], serde_json::to_value(&h.labels.region).unwrap());
    assert_eq!(v["section"], serde_json::to_value(&h.section).unwrap());
    assert_eq!(v["paragraph"], h.paragraph);
    assert_eq!(v["text"], h.text.as_str());
    assert_eq!(
        v["snippet"],
        snippet(&h.text, &h.matches, 160).text.as_str()
    );
    assert_eq!(v["score"].as_f64().unwrap() as f32, h.score);
}

#[test]
fn json_is_one_line_with_exactly_the_keys() {
    let r = result();
    let s = out(|w| write_json(w, &r));
    assert!(s.ends_with('\n') && s.matches('\n').count() == 1);
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(
        keys(&v),
        ["hits", "left_out", "query", "related", "total"]
            .into_iter()
            .collect()
    );
    assert_eq!(v["query"], "代表");
    assert_eq!(v["total"], 3);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for (v, h) in hits.iter().zip(&r.hits) {
        check_hit_json(v, h);
    }
    assert_eq!(hits[0]["level"], "county");
    assert!(hits[0]["year"].is_null());
    assert_eq!(hits[1]["level"], "district");
    assert_eq!(hits[1]["year"], 2023);
    // Chinese as Chinese, not \u escapes.
    assert!(s.contains("尚方宝剑"));
}

#[test]
fn jsonl_is_one_hit_per_line_and_nothing_else() {
    let r = result();
    let s = out(|w| write_jsonl(w, &r));
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 3);
    for (line, h) in lines.iter().zip(&r.hits) {
        check_hit_json(&serde_json::from_str(line).unwrap(), h);
    }
    let empty = SearchResult {
        query: "无".into(),
        related: Vec::new(),
        dropped: Vec::new(),
        total: 0,
        phrasings: None,
        unfolded: 0,
        hits: vec![],
        left_out: Vec::new(),
    };
    assert_eq!(out(|w| write_jsonl(w, &empty)), "");
}

fn read_csv(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rd = csv::Reader::from_reader(s.as_bytes());
    let header = rd.headers().unwrap().iter().map(String::from).collect();
    let rows = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn check_csv(s: &str, r: &SearchResult) {
    let body = excel_csv(s);
    let (header, rows) = read_csv(body);
    assert_eq!(
        header,
        "file,title,level,year,date,region,section,paragraph,score,snippet,text,also in"
            .split(',')
            .collect::<Vec<_>>()
    );
    assert_eq!(rows.len(), r.hits.len());
    for (row, h) in rows.iter().zip(&r.hits) {
        assert_eq!(row[0], h.file);
        assert_eq!(row[1], h.labels.title);
        assert_eq!(row[2], h.labels.level.map_or("", Level::as_chinese));
        assert_eq!(
            row[3],
            h.labels.year.map_or(String::new(), |y| y.to_string())
        );
        assert_eq!(
            row[4],
            h.labels.date.map_or(String::new(), |d| d.to_string())
        );
        assert_eq!(row[5], h.labels.region.clone().unwrap_or_default());
        assert_eq!(row[6], h.section.clone().unwrap_or_default());
        assert_eq!(row[7], h.paragraph.to_string());
        assert_eq!(row[8].parse::<f32>().unwrap(), h.score);
        assert_eq!(row[9], snippet(&h.text, &h.matches, 160).text);
        assert_eq!(row[10], h.text);
        assert_eq!(row[11], "");
    }
}

#[test]
fn csv_reads_back_with_chinese_commas_quotes_and_line_breaks_intact() {
    let r = result();
    let s = with_lang(Lang::En, || out(|w| write_csv(w, &r)));
    check_csv(&s, &r);
    let (_, rows) = read_csv(excel_csv(&s));
    assert!(rows[2][9].starts_with("他说：\"连心桥, 要建好\"，\n"));
    assert_eq!(
        rows[0][1],
        "在X县人大代表暨人大工作者履职能力提升培训班上的讲话"
    );
    assert_eq!(rows[0][2], "县");
    assert_eq!(rows[0][3], "");
}

#[test]
fn csv_headers_are_in_the_language_asked() {
    let r = result();
    let zh = with_lang(Lang::Zh, || out(|w| write_csv(w, &r)));
    let (header, rows) = read_csv(excel_csv(&zh));
    assert_eq!(
        header,
        "文件,标题,层级,年份,日期,地区,部分,段,得分,摘录,原文,也见于"
            .split(',')
            .collect::<Vec<_>>()
    );
    assert_eq!(rows.len(), r.hits.len());
    // Python's csv module, as scripts read it, sees the same header row.
    python_csv_header(&zh, &header);
}

#[test]
fn text_without_colour_is_plain_and_has_the_header_pieces() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let r = result();
        let s = out(|w| write_text(w, &r, &TextStyle::default()));
        assert!(!s.contains('\x1b'));
        let county = &r.hits[0];
        // Long section headings are shortened to 20 characters.
        let section: String = county
            .section
            .as_deref()
            .unwrap()
            .chars()
            .take(20)
            .collect();
        assert!(county.section.as_deref().unwrap().chars().count() > 20);
        // In English, the level too (county, not 县).
        let header = format!(
            "{} · county · {section}… › ¶{}",
            county.labels.title, county.paragraph
        );
        assert!(s.contains(&header), "{header}\nin\n{s}");
        assert!(s.contains(&format!("\n{}\n", county.file)));
        assert!(s.contains(" · district · 2023 · "));
        assert!(s.contains("尚方宝剑"));
        // Hits are separated by blank lines; the count comes last.
        assert_eq!(s.matches("\n\n").count(), 3);
        assert!(s.ends_with("\n3 matching paragraphs\n"));
    })
}

#[test]
fn text_with_colour_marks_exactly_the_matches() {
    let r = result();
    let style = TextStyle {
        color: true,
        ..TextStyle::default()
    };
    let s = out(|w| write_text(w, &r, &style));
    assert!(s.contains("\x1b[1;31m尚方宝剑\x1b[0m"));
    assert!(s.contains("\x1b[1;31m初任培训\x1b[0m"));
    assert!(s.contains(&format!("\x1b[32m{}\x1b[0m", r.hits[0].labels.title)));
    assert!(s.contains(&format!("\x1b[2m{}\x1b[0m", r.hits[0].file)));
    assert_eq!(s.matches("\x1b[1;31m").count(), 3);
}

#[test]
fn text_says_which_part_of_the_results_a_page_shows() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let mut r = result();
        r.total = 57;
        let style = TextStyle {
            offset: 10,
            ..TextStyle::default()
        };
        let s = out(|w| write_text(w, &r, &style));
        assert!(s.ends_with("57 matching paragraphs, showing 11–13 (next page: --offset 13)\n"));
        r.hits.clear();
        let s = out(|w| write_text(w, &r, &TextStyle::default()));
        assert_eq!(s, "57 matching paragraphs, none on this page\n");
        r.total = 1;
        r.hits.push(hit("004", "连心桥", 1.0));
        let s = out(|w| write_text(w, &r, &TextStyle::default()));
        assert!(s.ends_with("\n1 matching paragraph\n"));
    })
}

#[test]
fn heading_hits_show_a_section_sign_and_unknown_parts_are_left_out() {
    let s = speech("004");
    let heading = s.sections[0].heading.clone();
    let h = Hit {
        file: s.file.clone(),
        labels: Labels {
            title: s.labels.title.clone(),
            ..Labels::default()
        },
        section: Some(heading.clone()),
        paragraph: 0,
        matches: find_all(&heading, &["政治"]),
        duplicates: Vec::new(),
        text: heading.clone(),
        score: 2.0,
    };
    let r = SearchResult {
        query: "政治".into(),
        related: Vec::new(),
        dropped: Vec::new(),
        total: 1,
        phrasings: None,
        unfolded: 0,
        hits: vec![h],
        left_out: Vec::new(),
    };
    let printed = out(|w| write_text(w, &r, &TextStyle::default()));
    let first = printed.lines().next().unwrap();
    // A heading hit says it is one, where a paragraph's number stands.
    let mark = renda::i18n::msg::heading_place();
    assert_eq!(first, format!("{} · {mark}", s.labels.title));
    assert!(!printed.contains('§'));
    assert!(printed.contains(&format!("\n{heading}\n")));

    // A region shows unless the title already names it, after the level
    // and year (the order the page shows them in too).
    let mut r = r;
    r.hits[0].labels.region = Some("临洮县".into());
    r.hits[0].labels.level = Some(Level::County);
    // The level as the language of the run names it (县, or county).
    let county = renda::i18n::msg::level_name(Level::County);
    let printed = out(|w| write_text(w, &r, &TextStyle::default()));
    assert!(printed.starts_with(&format!(
        "{} · {county} · 临洮县 · {mark}\n",
        s.labels.title
    )));
    r.hits[0].labels.year = Some(2023);
    let printed = out(|w| write_text(w, &r, &TextStyle::default()));
    assert!(printed.starts_with(&format!(
        "{} · {county} · 2023 · 临洮县 · {mark}\n",
        s.labels.title
    )));
    r.hits[0].labels.title = "在临洮县人大代表培训班上的讲话".into();
    let printed = out(|w| write_text(w, &r, &TextStyle::default()));
    assert!(printed.starts_with(&format!(
        "在临洮县人大代表培训班上的讲话 · {county} · 2023 · {mark}\n"
    )));
}

#[test]
fn text_from_the_corpus_cannot_drive_the_terminal() {
    let mut r = result();
    r.hits[0].text.insert_str(0, "\x1b[2J");
    r.hits[0].labels.title.push_str("\x1b]0;x\x07");
    let s = out(|w| write_text(w, &r, &TextStyle::default()));
    assert!(!s.contains('\x1b') && !s.contains('\x07'));

    // A line break inside a snippet does not break its line.
    r.hits[0].text = "甲乙\n丙丁".into();
    r.hits[0].matches = vec![];
    let s = out(|w| write_text(w, &r, &TextStyle::default()));
    assert!(s.contains("\n甲乙 丙丁\n"));
}

#[test]
fn markdown_has_the_heading_source_lines_and_bold_matches() {
    // What it says is asserted in Chinese, whatever the locale.
    renda::i18n::with_lang(renda::i18n::Lang::Zh, || {
        let r = result();
        let s = out(|w| write_md(w, &r));
        assert!(s.starts_with("# 检索：代表\n\n共 3 段\n"));
        let county = &r.hits[0];
        assert!(s.contains(&format!("\n## {}\n", county.labels.title)));
        let source = format!(
            "\n> 县 · {} › ¶{} · ",
            county.section.as_deref().unwrap(),
            county.paragraph
        );
        assert!(s.contains(&source), "{source}\nin\n{s}");
        assert!(s.contains("**尚方宝剑**"));
        assert!(s.contains("> 区 · 2023 · "));
        // The whole paragraph is there, not only a snippet.
        let tail: String = county
            .text
            .chars()
            .rev()
            .take(30)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(s.contains(&tail));
    })
}

#[test]
fn markdown_says_its_labels_in_the_language_asked_for() {
    use renda_core::search::expand::{Related, Source};
    let mut r = result();
    r.related = vec![
        Related::new("倾听民意", Source::Curated),
        Related::new("选民", Source::Feedback),
    ];
    let zh = with_lang(Lang::Zh, || out(|w| write_md(w, &r)));
    assert!(
        zh.contains("\n也检索了：倾听民意〔词表〕、选民〔反馈〕\n"),
        "{zh}"
    );
    let en = with_lang(Lang::En, || out(|w| write_md(w, &r)));
    assert!(
        en.contains("\nAlso searched: 倾听民意 (list), 选民 (feedback)\n"),
        "{en}"
    );
    assert!(!en.contains("也检索了"), "{en}");
}

/// A result of `query` that found `hit` alone.
fn one_hit(query: &str, hit: renda_core::search::Hit) -> SearchResult {
    SearchResult {
        query: query.into(),
        related: Vec::new(),
        dropped: Vec::new(),
        total: 1,
        phrasings: None,
        unfolded: 0,
        hits: vec![hit],
        left_out: Vec::new(),
    }
}

#[test]
fn markdown_escapes_what_would_read_as_markup() {
    // What it says is asserted in Chinese, whatever the locale.
    renda::i18n::with_lang(renda::i18n::Lang::Zh, || {
        let mut h = hit("004", "连心桥", 1.0);
        h.text = format!("1. *重点* <b>_代表_</b> [链接](x) # {}", h.text);
        h.matches = find_all(&h.text, &["连心桥"]);
        h.file = "corpus/a_b.txt".into();
        let r = one_hit("代表*联络", h);
        let s = out(|w| write_md(w, &r));
        assert!(s.starts_with("# 检索：代表\\*联络\n"));
        assert!(s.contains("\n1\\. \\*重点\\* \\<b\\>\\_代表\\_\\</b\\> \\[链接\\](x) # "));
        assert!(s.contains("**连心桥**"));
        assert!(s.contains("corpus/a\\_b.txt"));
    })
}

/// Whether every `**` of a Markdown line can open or close as CommonMark
/// requires of its place (left-flanking to open, right-flanking to close;
/// punctuation taken as anything neither alphanumeric nor a space).
fn stars_bold(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let punct = |c: Option<&char>| c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let space = |c: Option<&char>| c.is_none_or(|c| c.is_whitespace());
    let mut opening = true;
    let mut i = 0;
    while i + 1 < chars.len() {
        let escaped = i > 0 && chars[i - 1] == '\\';
        if chars[i] == '*' && chars[i + 1] == '*' && !escaped {
            let (before, after) = (
                i.checked_sub(1).and_then(|j| chars.get(j)),
                chars.get(i + 2),
            );
            let left = !space(after) && (!punct(after) || space(before) || punct(before));
            let right = !space(before) && (!punct(before) || space(after) || punct(after));
            if (opening && !left) || (!opening && !right) {
                return false;
            }
            opening = !opening;
            i += 2;
        } else {
            i += 1;
        }
    }
    opening
}

#[test]
fn markdown_bold_stands_where_commonmark_bolds_it() {
    renda::i18n::with_lang(renda::i18n::Lang::Zh, || {
        let mut h = hit("004", "连心桥", 1.0);
        h.text =
            "根据《中华人民共和国宪法》、“连心桥”和（代表）的规定，人大代表~~删除线~~。".into();
        h.matches = find_all(
            &h.text,
            &["《中华人民共和国宪法》", "“连心桥”", "（", "人大代表"],
        );
        let r = one_hit("宪法", h);
        let s = out(|w| write_md(w, &r));
        let line = s.lines().find(|l| l.starts_with("根据")).unwrap();
        assert!(stars_bold(line), "{line}");
        assert!(
            line.contains("根据《**中华人民共和国宪法**》、“**连心桥**”和（代表）"),
            "{line}"
        );
        assert!(line.contains("**人大代表**\\~\\~删除线\\~\\~。"), "{line}");
        // The checker itself: stars glued between a letter and 《 do not bold.
        assert!(!stars_bold("根据**《宪法》**、"));
    })
}

#[test]
fn every_printer_takes_ranges_that_are_off_or_split_characters() {
    type Printer = fn(&mut Vec<u8>, &SearchResult) -> std::io::Result<()>;
    let mut r = result();
    for (i, h) in r.hits.iter_mut().enumerate() {
        let (n, reversed) = (h.text.len(), 7);
        h.matches = vec![
            n + 5..n + 9,
            1..2,
            reversed..4,
            n - 1..n + 3,
            i * 13..i * 13 + 50,
        ];
    }
    let printers: [Printer; 5] = [
        |w, r| write_text(w, r, &TextStyle::default()),
        |w, r| write_json(w, r),
        |w, r| write_jsonl(w, r),
        |w, r| write_csv(w, r),
        |w, r| write_md(w, r),
    ];
    for print in printers {
        let s = out(|w| print(w, &r));
        assert!(s.contains("corpus/002"), "{s}");
    }
}

// ------------------------------------------------------------ exports

use renda::output::export::{self, ExportHeader};
use renda_core::search::Filters;

fn header(lang: Lang, r: &SearchResult) -> ExportHeader {
    let filters = Filters {
        levels: vec![Level::County, Level::District],
        since: Some(2020),
        ..Filters::default()
    };
    with_lang(lang, || {
        ExportHeader::now(&r.query, &filters, r.total, r.hits.len())
    })
}

/// A file of `zip` as text.
fn zip_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn docx_export_follows_the_schema_order_and_carries_its_date_and_title() {
    // What it says is asserted in Chinese, whatever the locale.
    renda::i18n::with_lang(renda::i18n::Lang::Zh, || {
        let r = result();
        let head = header(Lang::Zh, &r);
        let mut buf = std::io::Cursor::new(Vec::new());
        export::write_docx(&mut buf, &head, &r.hits).unwrap();
        let bytes = buf.into_inner();
        let doc = zip_part(&bytes, "word/document.xml");
        assert!(check_schema_order(&doc) > 10);
        let styles = zip_part(&bytes, "word/styles.xml");
        check_schema_order(&styles);
        // The w:pPr of styles and defaults (CT_PPrGeneral) holds no w:rPr.
        for style_ppr in styles.split("<w:pPr>").skip(1) {
            let inside = style_ppr.split("</w:pPr>").next().unwrap();
            assert!(!inside.contains("<w:rPr"), "{styles}");
        }
        // The heading's paragraph style comes before the mark's run properties.
        assert!(doc.contains("<w:pPr><w:pStyle w:val=\"Heading1\""), "{doc}");
        // The matches, bold on yellow, and nothing else is.
        let marked = doc.matches("<w:highlight w:val=\"yellow\"").count();
        let expected: usize = r.hits.iter().map(|h| h.matches.len()).sum();
        assert_eq!(marked, expected);
        assert!(doc.contains("尚方宝剑</w:t>"));
        for line in [
            "检索词：代表",
            "筛选：层级：县、区；年份：2020 年起",
            "共 3 段",
        ] {
            assert!(doc.contains(line), "{line}");
        }
        assert!(doc.contains(&format!("导出时间：{}", head.date)));

        let core = zip_part(&bytes, "docProps/core.xml");
        assert!(core.contains("<dc:title>检索：代表</dc:title>"), "{core}");
        let created = core
            .split("<dcterms:created xsi:type=\"dcterms:W3CDTF\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap();
        assert_eq!(created, head.created);
        let t: jiff::Timestamp = created.parse().unwrap();
        let age = jiff::Timestamp::now().duration_since(t);
        assert!(age.as_secs() >= 0 && age.as_secs() < 60, "{created}");
        // The local time of the header, with its offset, is the same minute.
        let local = jiff::fmt::strtime::parse("%Y-%m-%d %H:%M %:z", &head.date)
            .and_then(|t| t.to_timestamp())
            .unwrap();
        let apart = t.duration_since(local).as_secs();
        assert!((0..60).contains(&apart), "{} vs {created}", head.date);
    })
}

/// LibreOffice opens no document whose parts carry Zip64 sizes, and no
/// reader opens one with a character XML forbids.
#[test]
fn a_docx_export_carries_no_zip64_sizes_and_no_character_xml_forbids() {
    let r = result();
    let head = header(Lang::Zh, &r);
    let mut hits = r.hits.clone();
    hits[0]
        .text
        .push_str("非字符\u{FFFE}与\u{FFFF}、控制符\u{1}\u{1F}。");
    hits[0].labels.title.push('\u{FFFF}');
    let mut buf = std::io::Cursor::new(Vec::new());
    export::write_docx(&mut buf, &head, &hits).unwrap();
    let bytes = buf.into_inner();
    // No Zip64 end of central directory, and no entry of the central
    // directory with its sizes or offset left to a Zip64 field.
    assert!(!bytes.windows(4).any(|w| w == b"PK\x06\x06"));
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u16_at = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap()) as usize;
    let mut entries = 0;
    for at in (0..bytes.len() - 46).filter(|&i| bytes[i..i + 4] == *b"PK\x01\x02") {
        entries += 1;
        for field in [20, 24, 42] {
            assert_ne!(u32_at(at + field), u32::MAX, "entry at {at}");
        }
        let (name, extra) = (u16_at(at + 28), u16_at(at + 30));
        let mut e = at + 46 + name;
        while e + 4 <= at + 46 + name + extra {
            assert_ne!(u16_at(e), 1, "a Zip64 extra field at {at}");
            e += 4 + u16_at(e + 2);
        }
    }
    assert!(entries >= 10, "{entries}");
    let doc = zip_part(&bytes, "word/document.xml");
    let forbidden =
        |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r') || c == '\u{FFFE}' || c == '\u{FFFF}';
    assert!(!doc.chars().any(forbidden));
    assert!(
        doc.contains("非字符\u{FFFD}与\u{FFFD}、控制符\u{FFFD}\u{FFFD}。"),
        "{doc}"
    );
    assert!(!zip_part(&bytes, "docProps/core.xml").chars().any(forbidden));
}

#[test]
fn export_headers_speak_chinese_or_english() {
    // What it says is asserted in Chinese, whatever the locale.
    renda::i18n::with_lang(renda::i18n::Lang::Zh, || {
        let r = result();
        let zh = out(|w| export::write_md(w, &header(Lang::Zh, &r), &r.hits));
        assert!(zh.starts_with(
            "# 检索：代表\n\n- 检索词：代表\n- 筛选：层级：县、区；年份：2020 年起\n- 导出时间："
        ));
        assert!(zh.contains("\n- 共 3 段\n"), "{zh}");
        let en = with_lang(Lang::En, || {
            out(|w| export::write_md(w, &header(Lang::En, &r), &r.hits))
        });
        assert!(en.starts_with("# Search: 代表\n\n- Query: 代表\n- Filters: level: county, district; years: 2020 and later\n- Exported: "), "{en}");
        assert!(en.contains("\n- 3 paragraphs\n"), "{en}");
        // The time: `2026-12-01 18:20 +08:00`.
        let date = zh
            .split("导出时间：")
            .nth(1)
            .unwrap()
            .lines()
            .next()
            .unwrap();
        let shape: String = date
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        assert!(
            shape == "9999-99-99 99:99 +99:99" || shape == "9999-99-99 99:99 -99:99",
            "{date}"
        );
        // Matches in bold, the text escaped around them.
        assert!(zh.contains("**尚方宝剑**"), "{zh}");
        assert!(zh.contains("**连心桥**"));
    })
}

#[test]
fn csv_export_has_the_header_in_row_one_and_the_query_in_every_row() {
    let r = result();
    let head = header(Lang::Zh, &r);
    let s = with_lang(Lang::Zh, || out(|w| export::write_csv(w, &head, &r.hits)));
    let (header_row, rows) = read_csv(excel_csv(&s));
    assert_eq!(
        header_row,
        "原文,标题,层级,年份,日期,地区,部分,段,文件,检索词,筛选"
            .split(',')
            .collect::<Vec<_>>()
    );
    python_csv_header(&s, &header_row);
    assert_eq!(rows.len(), 3);
    for (row, h) in rows.iter().zip(&r.hits) {
        assert_eq!(row[0], h.text);
        assert_eq!(row[2], h.labels.level.map_or("", Level::as_chinese));
        assert_eq!(row[9], "代表");
        assert_eq!(row[10], "层级：县、区；年份：2020 年起");
    }
    let en = with_lang(Lang::En, || out(|w| export::write_csv(w, &head, &r.hits)));
    let (header_row, _) = read_csv(excel_csv(&en));
    assert_eq!(header_row[0], "text");
    assert_eq!(header_row[9], "query");
}

/// A paragraph longer than a spreadsheet cell holds (a saved page or a
/// PDF with no paragraph breaks): its text goes on in columns at the end
/// of the row, nothing cut, every row as long as the header.
#[test]
fn a_paragraph_longer_than_a_cell_goes_on_in_columns_at_the_end_of_its_row() {
    let mut r = result();
    let long = r.hits[1]
        .text
        .repeat(70_000 / r.hits[1].text.chars().count() + 1);
    assert!(long.chars().count() > 2 * 32_767);
    r.hits[1].text = long.clone();
    r.hits[1].matches = find_all(&long, &["初任培训"]);
    let head = header(Lang::Zh, &r);
    for (s, text_column) in [
        (with_lang(Lang::Zh, || out(|w| write_csv(w, &r))), 10),
        (
            with_lang(Lang::Zh, || out(|w| export::write_csv(w, &head, &r.hits))),
            0,
        ),
    ] {
        let (header_row, rows) = read_csv(excel_csv(&s));
        let n = header_row.len();
        assert_eq!(header_row[n - 2..], ["原文（续1）", "原文（续2）"]);
        python_csv_header(&s, &header_row);
        assert_eq!(rows.len(), 3);
        for (row, h) in rows.iter().zip(&r.hits) {
            assert_eq!(row.len(), n);
            let joined = format!("{}{}", row[text_column], row[n - 2..].concat());
            assert_eq!(joined, h.text);
            for cell in row {
                assert!(cell.chars().count() <= 32_000);
            }
        }
        assert!(rows[0][n - 2..].iter().all(String::is_empty));
        assert!(!rows[1][n - 1].is_empty());
    }
}

#[test]
fn jsonl_export_keeps_level_codes_with_labels_and_match_ranges() {
    let r = result();
    let head = header(Lang::Zh, &r);
    let s = out(|w| export::write_jsonl(w, &head, &r.hits));
    let mut lines = s.lines();
    let first: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(first["export"]["created"], head.created.as_str());
    for (line, h) in lines.zip(&r.hits) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["level"], h.labels.level.map_or("", Level::as_str));
        assert_eq!(
            v["level_label"],
            h.labels.level.map_or("", Level::as_chinese)
        );
        let [a, b] = [0, 1].map(|i| v["matches"][0][i].as_u64().unwrap() as usize);
        assert_eq!(a..b, h.matches[0]);
    }
}

/// A stock sentence folded with 5,000 near-copies in 2,500 speeches.
fn stock_sentence() -> SearchResult {
    let mut r = result();
    r.hits.truncate(1);
    let mut rng = common::XorShift(7);
    r.hits[0].duplicates = (0..5000)
        .map(|i| renda_core::hit::Duplicate {
            file: format!("新闻联播/第{}期.txt", i / 2),
            title: format!("《新闻联播》第{}期", i / 2),
            level: Some(Level::County),
            year: Some(2000 + (rng.below(26) as u16)),
            paragraph: 1 + rng.below(120),
        })
        .collect();
    r
}

#[test]
fn a_phrasing_of_thousands_of_speeches_lists_some_and_counts_the_rest() {
    let r = stock_sentence();
    let dups = &r.hits[0].duplicates;
    let listed = renda_core::hit::COPIES_LISTED;
    // People: the first ones by name, then how many are not listed.
    for (lang, says) in [
        (Lang::Zh, "另有 2500 篇讲话用过这句话："),
        (Lang::En, "also in 2500 speeches: "),
    ] {
        for text in [
            with_lang(lang, || out(|w| write_text(w, &r, &TextStyle::default()))),
            with_lang(lang, || out(|w| write_md(w, &r))),
        ] {
            let line = text
                .lines()
                .find(|l| l.contains(says))
                .unwrap_or_else(|| panic!("{text}"));
            assert!(line.contains(&format!("¶{}", dups[listed - 1].paragraph)));
            let named: BTreeSet<&str> = dups
                .iter()
                .filter(|d| line.contains(&format!("{} ", d.title)))
                .map(|d| d.title.as_str())
                .collect();
            let named = named.len();
            assert!(named <= listed / 2 + 1, "{named} speeches named");
            let rest = dups.len() - listed;
            match lang {
                Lang::Zh => assert!(line.contains(&format!("另有 {rest} 段未列出")), "{line}"),
                Lang::En => assert!(line.contains(&format!("{rest} more paragraphs not listed"))),
            }
            assert!(line.chars().count() < 3000);
        }
    }
    // A spreadsheet: as many as a cell holds, under Excel's 32,767.
    let csv = with_lang(Lang::Zh, || out(|w| write_csv(w, &r)));
    let (_, rows) = read_csv(excel_csv(&csv));
    let cell = &rows[0][11];
    assert!(cell.chars().count() <= 32_767, "{}", cell.chars().count());
    let in_cell = cell.matches(" ¶").count();
    assert!(in_cell > listed && in_cell < dups.len(), "{in_cell}");
    assert!(cell.ends_with(&format!(
        "另有 {} 段未列出（--format jsonl 列出全部）",
        dups.len() - in_cell
    )));
    // JSON Lines: every one.
    let jsonl = out(|w| write_jsonl(w, &r));
    let v: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(v["duplicates"].as_array().unwrap().len(), dups.len());
}
