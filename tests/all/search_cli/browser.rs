//! The web page of `renda serve` in a real browser: headless Chromium
//! driven over the W3C WebDriver protocol by `chromedriver`, as a person
//! would use it. It runs where `chromium` and `chromedriver` are installed
//! (`.ci/run` installs them) and says why it skips elsewhere.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::json;

use super::common::webdriver::{self, Browser, ELEMENT};
use super::{Server, common, spawn_server};

/// Wait until `ready` holds, at most 30 s.
fn wait_for<T>(what: &str, ready: impl FnMut() -> Option<T>) -> T {
    webdriver::wait_for(what, 30, ready)
}

/// The file a download leaves in `dir` ending in `ext`, once it is whole.
fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    wait_for(&format!("a downloaded .{ext}"), || {
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.extension().is_some_and(|e| e == ext)
                    && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
            })
    })
}

/// The seeds and a second county's copy of the county speech, edited
/// enough to be its own speech, so that a county search folds a family.
fn corpus_with_a_copy(root: &Path) -> PathBuf {
    let corpus = root.join("corpus");
    let seeds = common::seeds();
    for (name, text) in &seeds {
        common::write(&corpus, name, text);
    }
    let (_, county) = seeds
        .iter()
        .find(|(_, t)| t.contains("在X县人大代表"))
        .expect("the county seed");
    let copy = county
        .replacen("在X县人大代表", "在Y县人大代表", 1)
        .replacen(
            "各位代表、同志们：",
            "各位代表、同志们：\n今天我们在这里召开会议。",
            1,
        );
    common::write(&corpus, "y_county.txt", copy);
    corpus
}

#[test]
fn the_search_page_works_in_a_real_browser() {
    let root = common::scratch_dir("browser");
    let downloads = root.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let browser = match Browser::start(&downloads, 1280, 1000) {
        Ok(b) => b,
        Err(why) => {
            eprintln!(
                "note: the browser test skips: {why} (apt-get install chromium chromium-driver)"
            );
            return;
        }
    };
    let shots = root.join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let corpus = corpus_with_a_copy(&root);
    let index = root.join("index");
    common::index_folder(&corpus, &index);
    let (server, _) = spawn_server(&index, &[], Stdio::null());
    let Server { addr, .. } = &server;
    let home = format!("http://{addr}/");

    // Type the theme, tick 县 and search.
    browser.goto(&home);
    let q = browser.find("form.search input[name=q]");
    browser.type_in(&q, "密切联系群众");
    browser.click(&browser.find_xpath("//label[normalize-space()='县']/input"));
    browser.click(&browser.find("form.search button"));
    wait_for("the results", || {
        browser.url().contains("level=").then_some(())
    });
    let url = browser.url();
    assert!(url.contains("q=%E5%AF%86%E5%88%87"), "{url}");
    let hits = browser.find_all("article.hit");
    assert!(!hits.is_empty(), "results for 密切联系群众 in 县");
    let sources: Vec<String> = browser.texts("article.hit p.source");
    assert!(sources.iter().all(|s| s.contains(" · 县")), "{sources:?}");
    let marks: Vec<String> = browser.texts("article.hit mark");
    assert!(
        marks.iter().any(|m| m.contains("密切联系")),
        "the theme is highlighted: {marks:?}"
    );
    let count = browser.text(&browser.find("p.count"));
    assert!(count.contains("层级：县"), "{count}");

    // A folded family opens to its sources.
    let details = browser.find("article.hit details");
    let summary = browser.find("article.hit details summary");
    assert!(
        browser.text(&summary).contains("篇讲话用过这句话"),
        "{}",
        browser.text(&summary)
    );
    let first_source = browser.find("article.hit details li");
    assert!(!browser.displayed(&first_source), "a family starts closed");
    browser.click(&summary);
    assert_eq!(browser.property(&details, "open"), json!(true));
    assert!(browser.displayed(&first_source));
    let member = browser.text(&first_source);
    assert!(member.contains("Y县") || member.contains("X县"), "{member}");
    browser.screenshot(&shots.join("search.png"), 4000);

    // The exports download under Chinese names and read back.
    browser.click(&browser.find(r#"a[href^="/export/docx"]"#));
    let docx = downloaded(&downloads, "docx");
    let name = docx.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("检索_密切联系群众_"), "{name}");
    let speech = renda_core::ingest::read_draft(Some(&docx)).expect("the .docx reads back");
    let text: String = speech.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert!(text.contains("密切联系群众"), "the .docx holds the hits");
    assert!(text.contains("X县"), "and their sources");
    browser.click(&browser.find(r#"a[href^="/export/csv"]"#));
    let csv = downloaded(&downloads, "csv");
    let bytes = std::fs::read(&csv).unwrap();
    let csv_text = std::str::from_utf8(&bytes).expect("UTF-8 CSV");
    let csv_text = csv_text
        .strip_prefix('\u{feff}')
        .expect("a BOM for Excel and WPS");
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    let level = header
        .iter()
        .position(|h| h == "层级")
        .expect("a 层级 column");
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert!(!records.is_empty());
    assert!(records.iter().all(|r| &r[level] == "县"), "{header:?}");
    assert!(
        records
            .iter()
            .any(|r| r.iter().any(|f| f.contains("密切联系群众"))),
        "the CSV holds the hits"
    );

    // The speech reader opens at the paragraph, the hit marked.
    let source = browser.text(&browser.find("article.hit p.source"));
    let link = browser.find(r##"article.hit p.source a[href*="#p"]"##);
    let href = browser.property(&link, "href");
    let anchor = href
        .as_str()
        .unwrap()
        .rsplit_once('#')
        .unwrap()
        .1
        .to_string();
    browser.click(&link);
    wait_for("the speech reader", || {
        browser.url().contains("/speech/").then_some(())
    });
    let title = browser.text(&browser.find("h1"));
    assert!(title.contains("县人大代表"), "{title}");
    let target = browser.find(&format!("p#{anchor}"));
    assert!(
        !browser.find_all(&format!("p#{anchor} mark")).is_empty(),
        "the hit is marked in {}",
        browser.text(&target)
    );
    // Under the heading of its section, which the source line names.
    let heading = browser.script_with(
        "let e = document.getElementById(arguments[0]);
         while (e && e.tagName !== 'H2') { e = e.previousElementSibling; }
         return e ? e.textContent : null;",
        json!([anchor]),
    );
    let heading = heading.as_str().expect("a heading above the paragraph");
    assert!(source.contains(heading), "{heading:?} in {source:?}");
    browser.screenshot(&shots.join("speech.png"), 4000);

    // 相似段落 from a hit: the paragraph itself in the box, its source
    // named, the filters there; 查找 searches that paragraph.
    browser.goto(&format!("{home}?q={}", "密切联系群众"));
    let hit_text = browser.text(&browser.find("article.hit p.text"));
    browser.click(&browser.find(r#"article.hit p.source a[href^="/similar"]"#));
    wait_for("the similar page", || {
        browser.url().contains("/similar?").then_some(())
    });
    let boxed = browser.property(&browser.find("form.similar textarea"), "value");
    assert_eq!(boxed.as_str(), Some(hit_text.as_str()));
    let from = browser.text(&browser.find("p.from"));
    assert!(from.starts_with("出自 "), "{from}");
    assert!(
        !browser
            .find_all("form.similar input[name=since]")
            .is_empty()
    );
    let first = browser.texts("article.hit p.source");
    // The level of the first paragraph found: title · level · ….
    let level = first
        .first()
        .and_then(|s| s.split(" · ").nth(1))
        .expect("paragraphs like the hit, with their level")
        .to_string();
    browser.click(&browser.find_xpath(&format!(
        "//form[@class='similar']//label[normalize-space()='{level}']/input"
    )));
    browser.click(&browser.find("form.similar button"));
    wait_for("the similar results", || {
        browser.url().ends_with("/similar").then_some(())
    });
    let boxed = browser.property(&browser.find("form.similar textarea"), "value");
    assert_eq!(
        boxed.as_str(),
        Some(hit_text.as_str()),
        "still the paragraph"
    );
    assert_eq!(
        browser.text(&browser.find("p.from")),
        from,
        "still from the hit"
    );
    let sources: Vec<String> = browser.texts("article.hit p.source");
    assert!(
        !sources.is_empty(),
        "paragraphs like the hit at {level}: {}",
        browser.script("return document.documentElement.outerHTML")
    );
    assert!(
        sources.iter().all(|s| s.contains(&format!(" · {level}"))),
        "{sources:?}"
    );
    browser.screenshot(&shots.join("similar.png"), 4000);

    // 查重 with a .docx uploaded: copied runs highlighted, the leftover
    // year emphasised, every source a link into the reader.
    let (_, district) = common::seeds()
        .into_iter()
        .find(|(_, t)| t.contains("今年是我区九届人大任期"))
        .expect("the district seed");
    let lines: Vec<&str> = district
        .lines()
        .filter(|l| l.chars().count() > 40)
        .take(2)
        .collect();
    let mut draft_lines = vec!["关于做好代表培训工作的讲话（草稿）", "同志们："];
    draft_lines.extend(&lines);
    draft_lines.push("我们要结合本地实际，认真抓好落实，确保培训取得实效，为全县发展贡献力量。");
    let draft = root.join("草稿.docx");
    std::fs::write(&draft, common::docx(&common::paragraphs(&draft_lines))).unwrap();
    browser.goto(&format!("{home}check"));
    let upload = browser.find(r#"form.check input[type=file]"#);
    browser.cmd(
        "POST",
        &format!("/element/{upload}/value"),
        json!({ "text": draft.to_str().unwrap() }),
    );
    browser.type_in(&browser.find(r#"form.check input[name=year]"#), "2026");
    browser.click(&browser.find(r#"form.check button[value=html]"#));
    browser.find("section.report");
    let copied = browser.texts("section.report mark.copied");
    assert!(
        copied.iter().any(|c| c.chars().count() > 20),
        "copied runs highlighted: {copied:?}"
    );
    let leftovers = browser.texts("section.report mark.leftover");
    assert!(leftovers.iter().any(|l| l == "2023年"), "{leftovers:?}");
    let background = browser.script_with(
        "return getComputedStyle(arguments[0]).backgroundColor",
        json!([{ELEMENT: browser.find("section.report mark.copied")}]),
    );
    assert_ne!(background, json!("rgba(0, 0, 0, 0)"), "a highlight");
    let boxed = browser.property(&browser.find("form.check textarea"), "value");
    assert!(
        boxed.as_str().unwrap().contains("今年是我区九届人大任期"),
        "the draft read from the file: {boxed}"
    );
    browser.screenshot(&shots.join("check.png"), 4000);
    let link = browser.find(r##"section.report p.note a[href*="#p"]"##);
    let href = browser.property(&link, "href");
    let anchor = href
        .as_str()
        .unwrap()
        .rsplit_once('#')
        .unwrap()
        .1
        .to_string();
    browser.click(&link);
    wait_for("the reader", || {
        browser.url().contains("/speech/").then_some(())
    });
    let target = browser.text(&browser.find(&format!("p#{anchor}")));
    assert!(
        lines
            .iter()
            .any(|l| target.contains(&l.chars().take(15).collect::<String>())),
        "{target}"
    );

    // 上下文: a quoted term is the term; every row names its speech and
    // paragraph as the terminal does, and leads into the reader.
    browser.goto(&format!("{home}kwic"));
    browser.type_in(
        &browser.find(r#"form[action="/kwic"] input[name=q]"#),
        "\"联系群众\"",
    );
    browser.click(&browser.find(r#"form[action="/kwic"] button"#));
    wait_for("the concordance", || {
        browser.url().contains("q=").then_some(())
    });
    let rows = browser.texts("table.kwic td.source");
    assert!(rows.len() > 3, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r.contains(".txt ¶") || r.ends_with(" 标题")),
        "{rows:?}"
    );
    browser.click(&browser.find(r##"table.kwic td.source a[href*="#p"]"##));
    wait_for("the reader from a row", || {
        browser.url().contains("/speech/").then_some(())
    });

    // A year that is no year stays in its box, marked, with why beside it.
    browser.goto(&home);
    browser.type_in(&browser.find("form.search input[name=q]"), "密切联系群众");
    browser.type_in(&browser.find("form.search input[name=since]"), "abc");
    browser.click(&browser.find("form.search button"));
    wait_for("the refusal", || {
        browser.url().contains("since=abc").then_some(())
    });
    let since = browser.find("form.search input[name=since]");
    assert_eq!(browser.property(&since, "value"), json!("abc"));
    let why = browser.texts("form.search span.bad");
    assert!(why.iter().any(|w| w.contains("年份")), "{why:?}");

    // Compare: the theme's phrasings by level, with a bar chart.
    browser.goto(&home);
    let nav = browser
        .find_all("nav a")
        .into_iter()
        .find(|a| browser.text(a) == "对比说法")
        .expect("a 对比说法 link");
    browser.click(&nav);
    let q = browser.find(r#"form[action="/compare"] input[name=q]"#);
    browser.type_in(&q, "密切联系群众");
    browser.click(&browser.find(r#"form[action="/compare"] button"#));
    wait_for("the comparison", || {
        browser.url().contains("q=").then_some(())
    });
    assert!(!browser.find_all("svg rect").is_empty(), "a bar chart");
    let heads: Vec<String> = browser.texts("h2");
    assert!(heads.iter().any(|h| h.starts_with("县")), "{heads:?}");
    assert!(heads.iter().any(|h| h.starts_with("市")), "{heads:?}");
    browser.screenshot(&shots.join("compare.png"), 4000);
    eprintln!("note: screenshots in {}", shots.display());
}
