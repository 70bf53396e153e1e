//! Unknown year and unknown level are separate choices of a filter (CLI,
//! API, page); `compare` lists a set number of phrasings per group and no
//! heading among them; a hit's source names title · level · year · region
//! in one order in the terminal and on the page, and a heading hit says it
//! is a heading.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::http::{enc, get_json, get_text, serve};
use common::{run_renda, scratch_dir, seeds, write};
use serde_json::Value;

/// Speeches `a`–`e` (known and unknown levels and years) and fourteen
/// city speeches that each say the theme in a sentence of their own.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let root = scratch_dir("unknown-compare");
        let corpus = root.join("corpus");
        let mut metadata = String::from("file,level,year,region\n");
        // Twelve-character pieces of the seeds, none alike: no two speeches
        // are copies, and each city speech's sentence is a phrasing of its own.
        let text: Vec<char> = seeds()
            .iter()
            .flat_map(|(_, t)| t.chars().collect::<Vec<_>>())
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        let piece = |k: usize| -> String { text[k * 97..k * 97 + 12].iter().collect() };
        let speech = |k: usize, sentence: &str| {
            format!(
                "关于加强代表工作的讲话\n\n一、密切联系群众\n\n{sentence}\n\n二、其他工作\n\n{}。\n",
                piece(40 + k)
            )
        };
        for (k, (name, row)) in [
            ("a.txt", "县,2022,临洮县"),
            ("b.txt", ",2022,渭源县"),
            ("c.txt", "县,,陇西县"),
            ("d.txt", ",,"),
            ("e.txt", "县,2010,岷县"),
        ]
        .into_iter()
        .enumerate()
        {
            write(
                &corpus,
                name,
                speech(k, &format!("要密切联系群众，倾听群众呼声，{}。", piece(30 + k))),
            );
            metadata.push_str(&format!("{name},{row}\n"));
        }
        for i in 0..14 {
            let name = format!("city/{i:02}.txt");
            write(
                &corpus,
                &name,
                speech(
                    10 + i,
                    &format!("{}，密切联系群众，{}。", piece(2 * i), piece(2 * i + 1)),
                ),
            );
            metadata.push_str(&format!("{name},市,2021,兰州市\n"));
        }
        write(&corpus, "metadata.csv", metadata);
        let index = root.join("index");
        common::index_folder(&corpus, &index);
        index
    })
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--index", index().to_str().unwrap(), "--format", "json"]);
    let out = run_renda(Path::new("/"), &all);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{all:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn files(v: &Value) -> BTreeSet<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["file"].as_str().unwrap().to_string())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn unknown_year_and_unknown_level_are_separate_choices() {
    let base = [
        "search",
        "\"倾听群众呼声\"",
        "--level",
        "县",
        "--since",
        "2020",
        "--no-collapse",
        "--limit",
        "50",
    ];
    let with = |flag: &str| {
        let mut args = base.to_vec();
        if !flag.is_empty() {
            args.push(flag);
        }
        json(&args)
    };
    let plain = with("");
    assert_eq!(files(&plain), set(&["a.txt"]));
    let left: BTreeSet<String> = plain["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left, set(&["level", "year"]));
    // Unknown year: the county speech with no year, not the speech of no level.
    assert_eq!(
        files(&with("--include-unknown-year")),
        set(&["a.txt", "c.txt"])
    );
    assert_eq!(
        files(&with("--include-unknown-level")),
        set(&["a.txt", "b.txt"])
    );
    assert_eq!(
        files(&with("--include-unknown")),
        set(&["a.txt", "b.txt", "c.txt", "d.txt"])
    );
    // The hint names the flag of the field left out.
    let out = run_renda(
        Path::new("/"),
        &[&base[..], &["--index", index().to_str().unwrap()]].concat(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("--include-unknown-year") && text.contains("--include-unknown-level"),
        "{text}"
    );

    // The API takes the same choices, and the page has a box for each.
    let server = serve(index());
    let q = format!(
        "/api/search?q={}&level=county&since=2020&no_collapse=1&limit=50",
        enc("\"倾听群众呼声\"")
    );
    for (param, want) in [
        ("", set(&["a.txt"])),
        ("&include_unknown_year=1", set(&["a.txt", "c.txt"])),
        ("&include_unknown_level=1", set(&["a.txt", "b.txt"])),
        (
            "&include_unknown=1",
            set(&["a.txt", "b.txt", "c.txt", "d.txt"]),
        ),
    ] {
        assert_eq!(
            files(&get_json(&server.addr, &format!("{q}{param}"))),
            want,
            "{param}"
        );
    }
    let page = get_text(
        &server.addr,
        &format!(
            "/?q={}&level=county&since=2020&include_unknown_level=1",
            enc("\"倾听群众呼声\"")
        ),
    );
    assert!(
        page.contains(r#"name="include_unknown_level" value="1" checked>含层级未知"#),
        "{page}"
    );
    assert!(page.contains(r#"name="include_unknown_year" value="1">含年份未知"#));
    assert!(page.contains("b.txt") || page.contains("渭源县"));
}

#[test]
fn compare_lists_a_limited_number_of_phrasings_and_no_headings() {
    let groups = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["compare", "密切联系群众", "--by", "level"];
        all.extend(args);
        json(&all)["groups"].as_array().unwrap().clone()
    };
    let city = |gs: &[Value]| -> Value {
        gs.iter()
            .find(|g| g["key"] == "city")
            .expect("a city group")
            .clone()
    };
    // The headings hold the theme: a search finds them.
    let heads = json(&["search", "\"一、密切联系群众\"", "--limit", "100"]);
    assert!(
        heads["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["paragraph"] == 0),
        "no heading hit: nothing to check"
    );
    let all = groups(&["--limit", "100"]);
    for g in &all {
        for p in g["phrasings"].as_array().unwrap() {
            assert!(
                p["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|s| s["paragraph"] != 0),
                "a heading as a phrasing: {p}"
            );
            assert!(!p["text"].as_str().unwrap().starts_with("一、"), "{p}");
        }
    }
    let whole = city(&all);
    let n = whole["phrasings"].as_array().unwrap().len();
    // Fourteen speeches, each a sentence of its own (and a piece of the
    // seeds may say the theme again).
    assert!(n >= 14, "{whole}");
    assert_eq!(whole["more"], 0);
    let three = city(&groups(&["-n", "3"]));
    assert_eq!(three["phrasings"].as_array().unwrap().len(), 3);
    assert_eq!(three["more"], n - 3);
    assert_eq!(
        three["phrasings"].as_array().unwrap()[..],
        whole["phrasings"].as_array().unwrap()[..3]
    );
    // Ten by default.
    assert_eq!(city(&groups(&[]))["more"], n - 10);
    let out = run_renda(
        Path::new("/"),
        &[
            "compare",
            "密切联系群众",
            "-n",
            "3",
            "--index",
            index().to_str().unwrap(),
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("另有 {} 种说法未列出", n - 3)) || {
            text.contains(&format!("{} more phrasings", n - 3))
        },
        "{text}"
    );
}

#[test]
fn sources_name_level_year_region_in_one_order_and_headings_as_such() {
    let idx = index().to_str().unwrap();
    let out = run_renda(
        Path::new("/"),
        &[
            "search",
            "\"倾听群众呼声\"",
            "--file",
            "a.txt",
            "--index",
            idx,
            "--lang",
            "zh",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("关于加强代表工作的讲话 · 县 · 2022 · 临洮县 · "),
        "{header}"
    );
    let server = serve(index());
    let page = get_text(
        &server.addr,
        &format!("/?q={}&file=a.txt", enc("\"倾听群众呼声\"")),
    );
    assert!(page.contains(" · 县 · 2022年 · 临洮县 · "), "{page}");

    // A heading hit says it is a heading, not a bare mark.
    let out = run_renda(
        Path::new("/"),
        &[
            "search",
            "\"二、其他工作\"",
            "--file",
            "a.txt",
            "--index",
            idx,
            "--lang",
            "zh",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text.lines().next().unwrap_or_default();
    assert!(header.ends_with(" · 标题"), "{text}");
    assert!(!text.contains('§'), "{text}");
    let page = get_text(
        &server.addr,
        &format!("/?q={}&file=a.txt", enc("\"二、其他工作\"")),
    );
    assert!(page.contains(">标题</a>"), "{page}");
}
