//! `renda kwic` and `renda similar` end to end, over an index of the seed
//! speeches built by the binary (and of part of the real texts, when
//! `../shared/corpus/real` is there).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use renda_core::corpus::read_document;
use serde_json::Value;
use tempfile::TempDir;

/// Run renda with a clean environment, so that no user setting leaks in.
fn renda(args: &[&str], dir: &Path) -> Output {
    common::run_renda(dir, args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding the index `idx` of `corpus`.
fn index_of(corpus: &Path) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = renda(
        &["index", corpus.to_str().unwrap(), "--index", "idx", "-q"],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    tmp
}

fn seed_index() -> TempDir {
    index_of(&root().join("corpus"))
}

/// `renda ARGS --index idx` in `tmp`, expecting exit code `code`.
fn run(tmp: &TempDir, args: &[&str], code: i32) -> Output {
    let mut all = args.to_vec();
    all.extend(["--index", "idx"]);
    let out = renda(&all, tmp.path());
    assert_eq!(
        out.status.code(),
        Some(code),
        "renda {args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&stdout(out)).expect("one JSON object")
}

/// The seed speeches as renda parses them: per file, its headings (as
/// paragraph 0) and its numbered paragraphs, as (number, text).
fn seed_texts() -> BTreeMap<String, Vec<(usize, String)>> {
    let corpus = root().join("corpus");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let o = renda(&["parse", "--format", "json", &name], &corpus);
        assert!(o.status.success(), "{}", stderr(&o));
        let v = json(&o);
        let mut texts: Vec<(usize, String)> = v["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (0, s["heading"].as_str().unwrap().to_string()))
            .collect();
        for p in v["paragraphs"].as_array().unwrap() {
            let n = p["n"].as_u64().unwrap() as usize;
            texts.push((n, p["text"].as_str().unwrap().to_string()));
        }
        out.insert(name, texts);
    }
    assert_eq!(out.len(), 5);
    out
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// The lines a concordance of `term` with `width` must have: (file,
/// paragraph, left, right) for every occurrence, computed from the parsed
/// texts.
fn expected_lines(
    texts: &BTreeMap<String, Vec<(usize, String)>>,
    term: &str,
    width: usize,
) -> Vec<(String, usize, String, String)> {
    let mut out = Vec::new();
    for (file, paragraphs) in texts {
        for (n, text) in paragraphs {
            for (at, _) in text.match_indices(term) {
                let before: Vec<char> = text[..at].chars().collect();
                let left: String = before[before.len().saturating_sub(width)..]
                    .iter()
                    .collect();
                let right: String = text[at + term.len()..].chars().take(width).collect();
                out.push((file.clone(), *n, left, right));
            }
        }
    }
    out.sort();
    out
}

/// A phrase copied from a document with a full-width or no-break space
/// in it finds the paragraphs that hold it: the texts' spaces were made
/// plain when they were read, and so are the phrase's.
#[test]
fn a_phrase_with_a_full_width_or_no_break_space_finds_its_paragraphs() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("条例.txt"),
        "某市人民代表大会常务委员会监督条例\n\
         第五章\u{3000}监督的公开\n\
         第二十条\u{00A0}常务委员会的监督工作应当公开。\n\
         第二十一条 常务委员会听取的专项工作报告向社会公布。\n",
    )
    .unwrap();
    let tmp = index_of(corpus.path());
    for (typed, holds) in [
        ("第五章\u{3000}监督", "监督的公开"),
        ("第五章 监督", "监督的公开"),
        ("第五章\u{00A0}监督", "监督的公开"),
        ("第二十条\u{3000}常务委员会", "应当公开"),
        ("第二十一条\u{00A0}常务", "专项工作报告"),
    ] {
        for quoted in [format!("\"{typed}\""), format!("“{typed}”")] {
            let out = run(&tmp, &["search", &quoted, "--format", "json"], 0);
            let v = json(&out);
            let hits = v["hits"].as_array().unwrap();
            assert_eq!(hits.len(), 1, "{quoted:?}: {v}");
            assert!(str_of(&hits[0], "text").contains(holds), "{quoted:?}: {v}");
        }
        let out = run(&tmp, &["kwic", typed, "--format", "json"], 0);
        assert_eq!(json(&out)["total_lines"], 1, "kwic {typed:?}");
    }
}

/// Width and case are one to a search, as in the search engines people
/// know: １９８７年 and 1987年, ＧＤＰ, GDP and gdp find the same
/// paragraphs, and each match is marked where the paragraph has it.
#[test]
fn full_width_and_capital_letters_and_digits_match_their_plain_forms() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("报告.txt"),
        "某县人民政府工作报告\n\
         １９８７年全县ＧＤＰ增长百分之八。\n\
         1987年财政收入稳定增长，gdp 结构改善。\n\
         2023年GDP增长５％。\n",
    )
    .unwrap();
    let tmp = index_of(corpus.path());
    for (query, want) in [
        ("\"1987年\"", vec!["１９８７年", "1987年"]),
        ("\"１９８７年\"", vec!["１９８７年", "1987年"]),
        ("\"GDP增长\"", vec!["ＧＤＰ增长", "GDP增长"]),
        ("\"gdp\"", vec!["ＧＤＰ", "gdp", "GDP"]),
        ("ＧＤＰ", vec!["ＧＤＰ", "gdp", "GDP"]),
        ("\"增长5％\"", vec!["增长５％"]),
    ] {
        let out = run(
            &tmp,
            &["search", query, "--no-collapse", "--format", "json"],
            0,
        );
        let v = json(&out);
        let mut marked: Vec<String> = Vec::new();
        for h in v["hits"].as_array().unwrap() {
            let text = str_of(h, "text");
            for m in h["matches"].as_array().unwrap() {
                let (a, b) = (
                    m[0].as_u64().unwrap() as usize,
                    m[1].as_u64().unwrap() as usize,
                );
                marked.push(text[a..b].to_string());
            }
        }
        marked.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(marked, want, "{query}: {v}");
    }
    let out = run(&tmp, &["kwic", "1987年", "--format", "json"], 0);
    assert_eq!(json(&out)["total_lines"], 2);
}

#[test]
fn kwic_lines_are_the_occurrences_in_context() {
    let tmp = seed_index();
    let texts = seed_texts();
    let term = "联系群众";
    let width = 8;
    let out = run(
        &tmp,
        &[
            "kwic", term, "--width", "8", "--sort", "left", "--format", "json",
        ],
        0,
    );
    let v = json(&out);
    assert_eq!(
        keys(&v),
        BTreeSet::from(["term", "total_lines", "lines", "before", "after"])
    );
    assert_eq!(v["term"], term);
    let lines = v["lines"].as_array().unwrap();
    let occurrences: usize = texts
        .values()
        .flatten()
        .map(|(_, t)| t.matches(term).count())
        .sum();
    assert!(occurrences >= 10, "{occurrences}");
    assert_eq!(lines.len(), occurrences);
    assert_eq!(v["total_lines"], occurrences);

    let mut got = Vec::new();
    for l in lines {
        assert_eq!(
            keys(l),
            BTreeSet::from([
                "left",
                "match",
                "right",
                "file",
                "level",
                "level_label",
                "year",
                "paragraph"
            ])
        );
        let level = l["level"]
            .as_str()
            .map(|c| c.parse::<renda_core::speech::Level>().unwrap());
        assert_eq!(l["level_label"].as_str(), level.map(|l| l.as_chinese()));
        let (left, matched, right) = (str_of(l, "left"), str_of(l, "match"), str_of(l, "right"));
        assert_eq!(matched, term);
        assert!(
            left.chars().count() <= width && right.chars().count() <= width,
            "{l}"
        );
        let file = str_of(l, "file");
        let n = l["paragraph"].as_u64().unwrap() as usize;
        let whole = format!("{left}{matched}{right}");
        assert!(
            texts[file]
                .iter()
                .any(|(m, text)| *m == n && text.contains(&whole)),
            "{whole} is not in {file} ¶{n}"
        );
        got.push((file.to_string(), n, left.to_string(), right.to_string()));
    }
    got.sort();
    assert_eq!(got, expected_lines(&texts, term, width));

    // --sort left: by the left context read backwards.
    for pair in lines.windows(2) {
        let (a, b) = (str_of(&pair[0], "left"), str_of(&pair[1], "left"));
        assert!(
            a.chars().rev().cmp(b.chars().rev()).is_le(),
            "{a} before {b}"
        );
    }
    // --sort right: by the right context.
    let v = json(&run(
        &tmp,
        &["kwic", term, "--sort", "right", "--format", "json"],
        0,
    ));
    let rights: Vec<&str> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| str_of(l, "right"))
        .collect();
    assert!(rights.is_sorted(), "{rights:?}");

    // 密切 stands right before the term exactly where the texts say 密切联系群众.
    let before = v["before"].as_array().unwrap();
    assert!(before.len() <= 20);
    for c in before.iter().chain(v["after"].as_array().unwrap()) {
        assert_eq!(keys(c), BTreeSet::from(["text", "count"]));
    }
    let count_of = |word: &str| {
        before
            .iter()
            .find(|c| c["text"] == word)
            .map(|c| c["count"].as_u64().unwrap() as usize)
    };
    let mijie: usize = texts
        .values()
        .flatten()
        .map(|(_, t)| t.matches("密切联系群众").count())
        .sum();
    assert!(mijie >= 3);
    assert_eq!(count_of("密切"), Some(mijie));
    let counts: Vec<u64> = before
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect();
    assert!(counts.is_sorted_by(|a, b| a >= b), "{counts:?}");
    assert_eq!(before[0]["text"], "密切");
}

#[test]
fn kwic_text_output_limits_and_odd_terms() {
    let tmp = seed_index();
    let out = run(
        &tmp,
        &["kwic", "联系群众", "--limit", "3", "--color", "never"],
        0,
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Three aligned lines, each ending with its source.
    let column = |s: &str| {
        let at = s.find("联系群众").unwrap();
        unicode_columns(&s[..at])
    };
    assert!(lines[..3].iter().all(|l| l.contains(".txt ¶")), "{text}");
    assert_eq!(column(lines[0]), column(lines[1]));
    assert_eq!(column(lines[1]), column(lines[2]));
    assert!(text.contains(", showing 3"), "{text}");
    assert!(text.contains("before 联系群众: 密切 "), "{text}");
    assert!(!text.contains('\x1b'));
    let colored = stdout(&run(&tmp, &["kwic", "联系群众", "--color", "always"], 0));
    assert!(colored.contains("\x1b[1;31m联系群众\x1b[0m"));

    // Filters apply: 004 is a city speech with no year.
    let v = json(&run(
        &tmp,
        &[
            "kwic",
            "联系群众",
            "--level",
            "district",
            "--format",
            "json",
        ],
        0,
    ));
    assert!(v["lines"].as_array().unwrap().iter().all(|l| {
        let f = str_of(l, "file");
        f.starts_with("001") || f.starts_with("003")
    }));

    // Nothing found: exit 1. Empty: exit 2. Odd strings are looked for as they are.
    run(&tmp, &["kwic", "联系群众了没有"], 1);
    let out = run(&tmp, &["kwic", "  "], 2);
    assert!(
        stderr(&out).contains("the term is empty"),
        "{}",
        stderr(&out)
    );
    let long = "代".repeat(10_000);
    for odd in ["😀", "\"联系群众", "a\" OR \"b", "\\", "(", long.as_str()] {
        run(&tmp, &["kwic", odd, "--format", "json"], 1);
    }
    // A term with quotes that does occur: “人民选我当代表，我当代表为人民”.
    let v = json(&run(
        &tmp,
        &["kwic", "“人民选我当代表", "--format", "json"],
        0,
    ));
    assert!(v["total_lines"].as_u64().unwrap() >= 2);
    run(&tmp, &["kwic", "代表", "--width", "0"], 0);
}

/// Terminal columns of `s` as the printer counts them.
fn unicode_columns(s: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    s.width()
}

/// Paragraphs of a search result or similar result: (file, paragraph) of
/// every hit and every near-copy folded into one, in order.
fn cited(v: &Value, first: usize) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for h in v["hits"].as_array().unwrap().iter().take(first) {
        out.push((
            str_of(h, "file").to_string(),
            h["paragraph"].as_u64().unwrap(),
        ));
        for d in h["duplicates"].as_array().unwrap() {
            out.push((
                str_of(d, "file").to_string(),
                d["paragraph"].as_u64().unwrap(),
            ));
        }
    }
    out
}

/// The (file, paragraph) of the seed paragraphs that contain `needle`.
fn holding(texts: &BTreeMap<String, Vec<(usize, String)>>, needle: &str) -> Vec<(String, u64)> {
    texts
        .iter()
        .flat_map(|(f, ps)| {
            ps.iter()
                .filter(|(n, t)| *n > 0 && t.contains(needle))
                .map(move |(n, _)| (f.clone(), *n as u64))
        })
        .collect()
}

const SOURCE_FILE: &str = "000_9a31da938358b013.txt";

#[test]
fn similar_leaves_out_the_source_and_its_copies_and_finds_paraphrases() {
    let tmp = seed_index();
    let texts = seed_texts();
    let with = holding(&texts, "熟练掌握法律法规");
    let source: Vec<&(String, u64)> = with.iter().filter(|(f, _)| f == SOURCE_FILE).collect();
    assert_eq!(source.len(), 1, "{with:?}");
    let source = source[0].clone();
    let n = source.1.to_string();
    // 001 and 003 copy its sentence 熟练掌握法律法规…前提条件 inside longer paragraphs.
    let copies: Vec<&(String, u64)> = with.iter().filter(|p| **p != source).collect();
    assert_eq!(copies.len(), 2, "{with:?}");
    assert!(copies.iter().any(|(f, _)| f.starts_with("001")));
    assert!(copies.iter().any(|(f, _)| f.starts_with("003")));
    // Said in other words elsewhere: 带头模范守法、尊崇法治、敬畏法律，善于运用法治思维…
    let paraphrases: Vec<(String, u64)> = holding(&texts, "尊崇法治")
        .into_iter()
        .filter(|(f, _)| f != SOURCE_FILE)
        .collect();
    assert!(!paraphrases.is_empty());
    assert!(paraphrases.iter().all(|p| !with.contains(p)));

    let args = [
        "similar",
        "--file",
        SOURCE_FILE,
        "--paragraph",
        &n,
        "--format",
        "json",
    ];
    let v = json(&run(&tmp, &args, 0));
    assert_eq!(v["query"], format!("similar: {SOURCE_FILE} ¶{n}"));
    let all = cited(&v, usize::MAX);
    assert!(!all.contains(&source), "{all:?}");
    for c in &copies {
        assert!(!all.contains(c), "copy {c:?} in {all:?}");
    }
    let top5 = cited(&v, 5);
    assert!(
        paraphrases.iter().any(|p| top5.contains(p)),
        "no paraphrase {paraphrases:?} in the top 5: {top5:?}"
    );
    assert!(v["total"].as_u64().unwrap() >= v["hits"].as_array().unwrap().len() as u64);

    let mut with_copies = args.to_vec();
    with_copies.push("--include-copies");
    let v = json(&run(&tmp, &with_copies, 0));
    let all = cited(&v, usize::MAX);
    assert!(!all.contains(&source), "{all:?}");
    for c in &copies {
        assert!(all.contains(c), "copy {c:?} missing from {all:?}");
    }

    // A longer path that ends with the indexed one names the same speech.
    let path = format!("corpus/{SOURCE_FILE}");
    let v2 = json(&run(
        &tmp,
        &[
            "similar",
            "--file",
            &path,
            "--paragraph",
            &n,
            "--format",
            "json",
        ],
        0,
    ));
    assert_eq!(cited(&v2, 10), cited(&json(&run(&tmp, &args, 0)), 10));
}

#[test]
fn similar_pages_of_any_size_show_the_same_families() {
    let tmp = seed_index();
    let text = "代表要学好宪法和法律法规，掌握议事规则和工作程序，打牢依法履职的基本功";
    let page = |offset: usize, limit: usize| -> Vec<Value> {
        let (offset, limit) = (offset.to_string(), limit.to_string());
        let v = json(&run(
            &tmp,
            &[
                "similar", "--text", text, "--format", "json", "--limit", &limit, "--offset",
                &offset,
            ],
            0,
        ));
        v["hits"].as_array().unwrap().clone()
    };
    let shape = |h: &Value| {
        (
            h["file"].clone(),
            h["paragraph"].clone(),
            h["duplicates"].clone(),
        )
    };
    let whole: Vec<_> = page(0, 12).iter().map(shape).collect();
    assert!(whole.len() > 3, "{whole:?}");
    for size in [1, 3] {
        let mut paged = Vec::new();
        let mut offset = 0;
        while offset < whole.len() {
            paged.extend(page(offset, size).iter().map(shape));
            offset += size;
        }
        paged.truncate(whole.len());
        assert_eq!(paged, whole, "pages of {size}");
    }
}

#[test]
fn similar_takes_a_text_and_explains_what_it_cannot_find() {
    let tmp = seed_index();
    let text = "代表要学好宪法和法律法规，掌握议事规则和工作程序，打牢依法履职的基本功";
    let v = json(&run(
        &tmp,
        &[
            "similar", "--text", text, "--format", "json", "--limit", "5",
        ],
        0,
    ));
    assert!(str_of(&v, "query").starts_with("similar: “"));
    // For people, in Chinese: a title with no English in it.
    let md = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args([
            "similar", "--text", text, "--format", "md", "-n", "1", "--index", "idx",
        ])
        .output()
        .unwrap();
    let title = stdout(&md).lines().next().unwrap_or_default().to_string();
    let start: String = text.chars().take(10).collect();
    assert!(title.starts_with(&format!("# 检索：与“{start}")), "{title}");
    assert!(title.ends_with("”相似的段落"), "{title}");
    // The paragraph it paraphrases comes first.
    let source = holding(&seed_texts(), "熟练掌握法律法规")
        .into_iter()
        .find(|(f, _)| f == SOURCE_FILE)
        .unwrap();
    let first = cited(&v, 1);
    assert!(first.contains(&source), "{first:?}");
    for format in ["text", "jsonl", "csv", "md"] {
        run(
            &tmp,
            &[
                "similar", "--text", text, "--format", format, "--color", "never",
            ],
            0,
        );
    }

    let out = run(
        &tmp,
        &["similar", "--file", "nope.txt", "--paragraph", "1"],
        2,
    );
    assert!(
        stderr(&out).contains("no speech 'nope.txt'"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &tmp,
        &["similar", "--file", SOURCE_FILE, "--paragraph", "999"],
        2,
    );
    assert!(
        stderr(&out).contains("has no paragraph 999: its paragraphs are numbered 1 to"),
        "{}",
        stderr(&out)
    );
    // Without --paragraph, --file is a draft on disk: here there is none,
    // but the index has a speech of that name.
    let out = run(&tmp, &["similar", "--file", SOURCE_FILE], 2);
    assert!(
        stderr(&out).contains(&format!("no draft {SOURCE_FILE} on disk"))
            && stderr(&out).contains("add --paragraph N"),
        "{}",
        stderr(&out)
    );
    let out = run(&tmp, &["similar", "--file", "无此草稿.docx"], 2);
    assert!(
        stderr(&out).contains("cannot read the draft 无此草稿.docx"),
        "{}",
        stderr(&out)
    );
    let out = run(&tmp, &["similar", "--text", "😀，。"], 2);
    assert!(
        stderr(&out).contains("no words to compare"),
        "{}",
        stderr(&out)
    );
    run(&tmp, &["similar", "--text", "   "], 2);
    run(
        &tmp,
        &[
            "similar",
            "--text",
            &"人大代表要熟练掌握法律法规。".repeat(800),
        ],
        0,
    );
    run(
        &tmp,
        &["similar", "--text", "\"熟练掌握法律法规\" OR (x"],
        0,
    );
}

/// A seed paragraph edited as a drafter would: a clause added, a word changed.
fn edited(text: &str) -> String {
    let t = text
        .replacen("要", "必须", 1)
        .replacen("人大", "各级人大", 1);
    format!("{t}这一点务必牢记。")
}

/// The draft paragraphs of `similar --file DRAFT --format json`, each as
/// (its text, the (file, paragraph) of its results and their near-copies).
fn draft_results(v: &Value) -> Vec<(String, Vec<(String, u64)>)> {
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                str_of(p, "text").to_string(),
                cited(&p["result"], usize::MAX),
            )
        })
        .collect()
}

#[test]
fn similar_for_a_draft_finds_the_archive_paragraphs_of_each_of_its_paragraphs() {
    let tmp = seed_index();
    let texts = seed_texts();
    // Long paragraphs of two speeches, edited, and one paragraph of the
    // draft's own.
    let mut picked: Vec<((String, u64), String)> = Vec::new();
    for file in texts.keys().take(2) {
        for (n, t) in texts[file]
            .iter()
            .filter(|(n, t)| *n > 0 && t.chars().count() > 60)
            .take(2)
        {
            picked.push(((file.clone(), *n as u64), edited(t)));
        }
    }
    assert_eq!(picked.len(), 4);
    let own = "今天的天气很好，我们一起去公园散步，看看湖边的柳树和盛开的桃花。";
    let mut draft = String::from("关于做好代表工作的讲话（草稿）\n\n");
    for (_, t) in &picked {
        draft.push_str(t);
        draft.push_str("\n\n");
    }
    draft.push_str(own);
    draft.push('\n');
    std::fs::write(tmp.path().join("草稿.txt"), &draft).unwrap();
    let docx_body: String = draft
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", common::escape(l)))
        .collect();
    std::fs::write(tmp.path().join("草稿.docx"), common::docx(&docx_body)).unwrap();

    for name in ["草稿.txt", "草稿.docx"] {
        let args = [
            "similar",
            "--file",
            name,
            "--format",
            "json",
            "--limit",
            "5",
            "--include-copies",
        ];
        let v = json(&run(&tmp, &args, 0));
        let results = draft_results(&v);
        for (at, text) in &picked {
            let (_, found) = results
                .iter()
                .find(|(t, _)| t == text)
                .unwrap_or_else(|| panic!("{name}: no draft paragraph {text}"));
            assert!(found.contains(at), "{name}: {at:?} not among {found:?}");
        }
        assert!(results.iter().any(|(t, _)| t == own), "{name}: {results:?}");
        // Without --include-copies, an edited copy does not list what it copies.
        let v = json(&run(&tmp, &args[..args.len() - 1], 0));
        for ((at, text), (t, found)) in picked.iter().zip(
            draft_results(&v)
                .into_iter()
                .filter(|(t, _)| picked.iter().any(|(_, p)| p == t)),
        ) {
            assert_eq!(text, &t);
            assert!(!found.contains(at), "{name}: the copy {at:?} was shown");
        }
    }

    // Standard input, and the text output in Chinese.
    let mut child = common::renda_command(tmp.path())
        .args([
            "similar",
            "--file",
            "-",
            "--index",
            "idx",
            "--include-copies",
        ])
        .env("RENDA_LANG", "zh")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(draft.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for ((file, _), _) in &picked {
        assert!(text.contains(file.as_str()), "{file} not in\n{text}");
    }
    assert!(text.contains("== 草稿第 1 段："), "{text}");

    // An indexed file read as a draft leaves out its own paragraphs.
    let seed = root().join("corpus").join(SOURCE_FILE);
    let v = json(&run(
        &tmp,
        &[
            "similar",
            "--file",
            seed.to_str().unwrap(),
            "--format",
            "json",
            "--include-copies",
        ],
        0,
    ));
    for (_, found) in draft_results(&v) {
        assert!(found.iter().all(|(f, _)| f != SOURCE_FILE), "{found:?}");
    }
    let out = run(
        &tmp,
        &["similar", "--file", "草稿.txt", "--format", "csv"],
        2,
    );
    assert!(stderr(&out).contains("text or json"), "{}", stderr(&out));
}

#[test]
fn real_corpus_kwic_lines_stand_in_their_paragraphs() {
    let real = root().join("../shared/corpus/real");
    if !real.is_dir() {
        println!("skipping: ../shared/corpus/real not present");
        return;
    }
    // A quarter of the texts keeps the test quick.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let corpus = tempfile::tempdir().unwrap();
    for f in files.iter().step_by(4) {
        std::fs::copy(f, corpus.path().join(f.file_name().unwrap())).unwrap();
    }
    let tmp = index_of(corpus.path());
    let term = "人民代表大会";
    let v = json(&run(&tmp, &["kwic", term, "--format", "json"], 0));
    // The indexed paragraphs that hold the term, as search returns them.
    let s = json(&run(
        &tmp,
        &[
            "search",
            "-e",
            term,
            "--no-collapse",
            "--limit",
            "100000",
            "--format",
            "json",
        ],
        0,
    ));
    let mut paragraphs: BTreeMap<(String, u64), Vec<String>> = BTreeMap::new();
    let mut occurrences = 0;
    for h in s["hits"].as_array().unwrap() {
        let text = str_of(h, "text").to_string();
        occurrences += text.matches(term).count();
        let key = (
            str_of(h, "file").to_string(),
            h["paragraph"].as_u64().unwrap(),
        );
        paragraphs.entry(key).or_default().push(text);
    }
    let lines = v["lines"].as_array().unwrap();
    assert!(lines.len() > 100, "{}", lines.len());
    assert_eq!(lines.len(), occurrences);
    for l in lines {
        let whole = format!(
            "{}{}{}",
            str_of(l, "left"),
            str_of(l, "match"),
            str_of(l, "right")
        );
        let key = (
            str_of(l, "file").to_string(),
            l["paragraph"].as_u64().unwrap(),
        );
        assert!(
            paragraphs[&key].iter().any(|t| t.contains(&whole)),
            "{whole} not in {key:?}"
        );
        let source = read_document(&corpus.path().join(&key.0)).unwrap().text;
        assert!(source.contains(&whole), "{whole} not in {}", key.0);
    }
}

// ---------------------------------------------------------------- renda check

/// Word chars, as `renda check` counts them.
fn word_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The sentences of a text, each with its stop.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if "。！？；".contains(c) {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// A draft of `n` paragraphs: the seeds' paragraphs over and over, each
/// numbered so that no two are the same.
fn long_draft(n: usize) -> String {
    let texts = seed_texts();
    let paragraphs: Vec<&String> = texts
        .values()
        .flatten()
        .filter(|(k, t)| *k > 0 && t.chars().count() > 30)
        .map(|(_, t)| t)
        .collect();
    let mut draft = String::from("关于做好代表工作的讲话（草稿）\n\n");
    for (i, t) in paragraphs.iter().cycle().take(n).enumerate() {
        draft.push_str(&format!("第{}点，{t}\n\n", i + 1));
    }
    draft
}

/// The draft paragraph numbers of a `check` or `similar --file` report.
fn numbers(v: &Value, key: &str) -> Vec<u64> {
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[key].as_u64().unwrap())
        .collect()
}

#[test]
fn a_draft_over_the_paragraph_bound_is_checked_in_its_first_paragraphs_and_says_so() {
    let max = renda_core::search::similar::MAX_DRAFT_PARAGRAPHS;
    let tmp = seed_index();
    common::write(tmp.path(), "long.txt", long_draft(max + 30));
    common::write(tmp.path(), "first.txt", long_draft(max));
    // Every paragraph written is one of the draft's.
    let total = max + 30;
    assert!(total > max, "{total}");
    let note = format!("稿件共 {total} 段，只检查了前 {max} 段");

    // check: JSON counts, the first paragraphs' report as for a draft of
    // those paragraphs alone, and the note in text and Markdown.
    let long = check_json(&tmp, "long.txt", &[]);
    let first = check_json(&tmp, "first.txt", &[]);
    assert_eq!(long["considered"]["checked"], max, "{}", long["considered"]);
    assert_eq!(long["considered"]["total"], total);
    assert_eq!(long["considered"]["cut"], "paragraphs");
    assert_eq!(first["considered"]["checked"], max);
    assert_eq!(first["considered"]["total"], max);
    assert!(first["considered"]["cut"].is_null());
    assert_eq!(numbers(&long, "n"), numbers(&first, "n"));
    for key in ["sentences", "speeches", "chars", "copied_chars"] {
        assert_eq!(long[key], first[key], "{key}");
    }
    let text = stdout(&run(&tmp, &["--lang", "zh", "check", "long.txt"], 0));
    assert!(text.contains(&note), "{}", &text[..text.len().min(600)]);
    let md = stdout(&run(
        &tmp,
        &["--lang", "zh", "check", "long.txt", "--format", "md"],
        0,
    ));
    assert!(md.contains(&note), "{}", &md[..md.len().min(600)]);
    let first_text = stdout(&run(&tmp, &["--lang", "zh", "check", "first.txt"], 0));
    assert!(!first_text.contains("只检查了"), "{first_text}");
    let en = stdout(&run(&tmp, &["--lang", "en", "check", "long.txt"], 0));
    let en_note = format!("the draft has {total} paragraphs; only the first {max} were checked");
    assert!(en.contains(&en_note), "{}", &en[..en.len().min(600)]);
    // A draft of its own, cut short: nothing copied in the part checked,
    // which is not said of the whole.
    let own: String = (0..max + 5)
        .map(|i| format!("第{i}段是稿件自拟的内容，编号{i}，与档案无关。\n\n"))
        .collect();
    common::write(tmp.path(), "own.txt", own);
    let text = stdout(&run(&tmp, &["--lang", "zh", "check", "own.txt"], 0));
    assert!(
        text.contains("已检查的部分未发现抄自档案的文字"),
        "{}",
        &text[..text.len().min(600)]
    );
    assert!(
        !text.contains("全文均为自拟"),
        "{}",
        &text[..text.len().min(600)]
    );

    // similar --file: the same bound, counts and note.
    let args = |f| ["similar", "--file", f, "--format", "json", "--limit", "1"];
    let long = json(&run(&tmp, &args("long.txt"), 0));
    let first = json(&run(&tmp, &args("first.txt"), 0));
    assert_eq!(long["considered"]["checked"], max);
    assert_eq!(long["considered"]["total"], total);
    assert_eq!(long["considered"]["cut"], "paragraphs");
    assert!(first["considered"]["cut"].is_null());
    assert_eq!(first["considered"]["total"], max);
    assert_eq!(draft_results(&long), draft_results(&first));
    let text = stdout(&run(
        &tmp,
        &[
            "--lang", "zh", "similar", "--file", "long.txt", "--limit", "1",
        ],
        0,
    ));
    assert!(text.starts_with(&note), "{}", &text[..text.len().min(600)]);
    let first_text = stdout(&run(
        &tmp,
        &[
            "--lang",
            "zh",
            "similar",
            "--file",
            "first.txt",
            "--limit",
            "1",
        ],
        0,
    ));
    assert!(!first_text.contains("只检查了"));
}

/// `renda check` in `tmp`, draft given as arguments, JSON report.
fn check_json(tmp: &TempDir, draft: &str, extra: &[&str]) -> Value {
    let mut args = vec!["check", draft, "--format", "json"];
    args.extend(extra);
    json(&run(tmp, &args, 0))
}

/// The report without what names the draft's file.
fn report_core(v: &Value) -> Value {
    let mut v = v.clone();
    v.as_object_mut().unwrap().remove("draft");
    v
}

/// Sentences of a seed that no other seed holds, of 25 to 80 chars, with no
/// anonymisation mark.
fn unique_sentences(
    texts: &BTreeMap<String, Vec<(usize, String)>>,
    file: &str,
    n: usize,
) -> Vec<String> {
    let others: Vec<&String> = texts
        .iter()
        .filter(|(f, _)| f.as_str() != file)
        .flat_map(|(_, ps)| ps.iter().map(|(_, t)| t))
        .collect();
    let mut out = Vec::new();
    for (p, text) in &texts[file] {
        if *p == 0 {
            continue;
        }
        for s in split_sentences(text) {
            let len = s.chars().count();
            let plain = !s.contains(['*', 'X', 'x', '某', '“', '”']);
            let prefix: String = s.chars().take(8).collect();
            if (25..=80).contains(&len)
                && plain
                && s.ends_with('。')
                && !others.iter().any(|o| o.contains(&prefix))
                && !out.iter().any(|o: &String| o.contains(&prefix))
            {
                out.push(s);
            }
        }
    }
    assert!(out.len() >= n, "{file}: only {} sentences", out.len());
    out.truncate(n);
    out
}

#[test]
fn check_finds_both_sources_the_copied_share_and_the_leftover_place() {
    let texts = seed_texts();
    let files: Vec<String> = texts.keys().cloned().collect();
    let (a, b) = (&files[1], &files[0]);
    let from_a = unique_sentences(&texts, a, 3);
    let from_b = unique_sentences(&texts, b, 3);
    // The archive: the seeds, with a place named in two sentences of A.
    let corpus = tempfile::tempdir().unwrap();
    for f in &files {
        let mut raw = std::fs::read_to_string(root().join("corpus").join(f)).unwrap();
        if f == a {
            for s in &from_a[..2] {
                assert!(raw.contains(s.as_str()), "{s}");
                raw = raw.replacen(s.as_str(), &format!("安化县{s}"), 1);
            }
        }
        common::write(corpus.path(), f, raw);
    }
    let tmp = index_of(corpus.path());
    // The draft: A's first sentence with the place changed, its second with
    // the place left, three of B's, and the writer's own.
    let own = [
        "我们镇今年把村口那座老桥修好了，赶集的乡亲再也不用绕远路。",
        "下一步，镇里还要把卫生院的屋顶翻修一遍，让看病的老人少受风雨。",
    ];
    let copied = [
        format!("临洮县{}", from_a[0]),
        format!("安化县{}", from_a[1]),
        from_a[2].clone(),
        from_b[0].clone(),
        from_b[1].clone(),
        from_b[2].clone(),
    ];
    let paragraphs = [
        format!("{}{}{}", copied[0], own[0], copied[1]),
        format!("{}{}", copied[2], copied[3]),
        format!("{}{}{}", copied[4], own[1], copied[5]),
    ];
    let text = format!("在全县代表工作座谈会上的讲话\n{}\n", paragraphs.join("\n"));
    common::write(tmp.path(), "draft.txt", &text);
    let v = check_json(&tmp, "draft.txt", &["--region", "临洮县", "--year", "2026"]);

    // Both sources, and only them.
    let speeches: BTreeSet<&str> = v["speeches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| str_of(s, "file"))
        .collect();
    assert_eq!(speeches, BTreeSet::from([a.as_str(), b.as_str()]), "{v:#}");
    // The copied share, computed directly: every word char of the copied
    // sentences but the changed place name, over all the draft's.
    let total: usize = word_count(&paragraphs.join(""));
    let taken: usize = copied.iter().map(|s| word_count(s)).sum::<usize>() - 3;
    let expected = taken as f64 / total as f64;
    let share = v["copied_share"].as_f64().unwrap();
    assert!(
        (share - expected).abs() <= 0.01,
        "copied share {share}, expected {expected}"
    );
    // The own sentences have no source.
    for s in v["sentences"].as_array().unwrap() {
        let t = str_of(s, "text");
        if own.iter().any(|o| t.contains(o)) {
            assert_eq!(str_of(s, "status"), "own", "{s:#}");
        }
    }
    // The place left over is reported, the one changed is not.
    let leftovers: Vec<(&str, &str)> = v["leftovers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (str_of(l, "kind"), str_of(l, "name")))
        .filter(|(kind, _)| *kind == "place")
        .collect();
    assert_eq!(leftovers, [("place", "安化县")], "{v:#}");
    // A district's self-reference copied into this county's draft (全县)
    // is a leftover too.
    for l in v["leftovers"].as_array().unwrap() {
        if str_of(l, "kind") == "level" {
            let sentence = &v["sentences"][l["sentence"].as_u64().unwrap() as usize];
            assert!(str_of(sentence, "text").contains(str_of(l, "name")));
            assert!(!str_of(l, "name").contains('县'), "{l:#}");
        }
    }
    let l = v["leftovers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| str_of(l, "kind") == "place")
        .unwrap();
    assert_eq!(str_of(&l["source"], "file"), a.as_str());
    let sentence = &v["sentences"][l["sentence"].as_u64().unwrap() as usize];
    assert!(str_of(sentence, "text").starts_with("安化县"));

    // The text report says it in Chinese.
    let out = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args([
            "check",
            "draft.txt",
            "--index",
            "idx",
            "--region",
            "临洮县",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("来自 2 篇讲话"), "{text}");
    assert!(text.contains("遗留地名：安化县（来自"), "{text}");
    assert!(!text.contains("遗留地名：临洮县"), "{text}");
    // Markdown and Word reports are written.
    run(
        &tmp,
        &["check", "draft.txt", "--region", "临洮县", "-o", "r.md"],
        0,
    );
    let md = std::fs::read_to_string(tmp.path().join("r.md")).unwrap();
    assert!(md.contains("安化县") && md.contains("**"), "{md}");
    run(
        &tmp,
        &["check", "draft.txt", "--region", "临洮县", "-o", "r.docx"],
        0,
    );
    let doc = read_document(&tmp.path().join("r.docx")).unwrap().text;
    for o in own {
        assert!(doc.contains(o), "{doc}");
    }
    // An existing report is not overwritten without --force.
    let again = run(&tmp, &["check", "draft.txt", "-o", "r.md"], 2);
    assert!(stderr(&again).contains("r.md"), "{}", stderr(&again));
}

/// Two common phrases side by side in the draft, standing apart in one
/// speech (which holds the second's start before the first): that speech
/// holds no run across them, so it is no source of the sentence (the
/// sentence is common phrasing), and no note quotes a run it does not
/// hold.
#[test]
fn a_speech_holding_two_common_phrases_apart_is_no_source_of_both_together() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let first = "单位国内生产总值能耗降低三个百分点左右";
    let second = "生态环境质量持续改善";
    let (a, b) = ("各位代表：", "以上报告，请予审议。");
    // Each phrase common: six speeches hold it, in sentences of their own.
    for i in 0..6 {
        common::write(
            &corpus,
            &format!("common{i}.txt"),
            format!(
                "第{i}次会议讲话\n\n{a}\n\n今年要做到{first}，各地都要抓好落实第{i}项。\n\n全年{second}，这是第{i}个方面的工作。\n\n{b}\n"
            ),
        );
    }
    // One speech holds both, apart.
    common::write(
        &corpus,
        "apart.txt",
        format!("分开的讲话\n\n{a}\n\n生态环境质量进一步改善，{first}。\n\n{b}\n"),
    );
    let out = renda(&["index", "corpus", "--index", "idx", "-q"], tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    common::write(tmp.path(), "draft.txt", format!("{first}，{second}。\n"));
    let v = json(&run(
        &tmp,
        &["check", "draft.txt", "--format", "json", "--year", "2026"],
        0,
    ));
    let sentence = &v["sentences"][0];
    let sources: Vec<&str> = sentence["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert!(!sources.contains(&"apart.txt"), "{sentence}");
    // What a note quotes under a source, that source holds.
    let longest = sentence["longest"].as_str().unwrap_or_default();
    if !sources.is_empty() {
        let held: String = std::fs::read_to_string(corpus.join(sources[0])).unwrap();
        let word = |s: &str| {
            s.chars()
                .filter(|c| !c.is_ascii_punctuation() && !"，。、".contains(*c))
                .collect::<String>()
        };
        assert!(word(&held).contains(&word(longest)), "{sentence}");
    }
}

/// Full-width digits and letters are the same text to `check` as they are
/// to a search: a copy with ２０２３ is the copy with 2023, and its year is
/// a leftover all the same, marked where the draft writes it.
#[test]
fn check_reads_full_width_digits_as_their_plain_forms() {
    let tmp = seed_index();
    let plain = "按照《区九届人大代表培训五年规划》和区人大常委会2023年工作安排，经区委同意，今天，我们在这里举行区九届人大代表的初任培训。";
    let wide = plain.replace("2023", "２０２３");
    let report = |name: &str, text: &str| {
        common::write(tmp.path(), name, format!("{text}\n"));
        check_json(&tmp, name, &["--year", "2026"])
    };
    let (a, b) = (report("plain.txt", plain), report("wide.txt", &wide));
    let sentence = |v: &Value| v["sentences"][0].clone();
    for key in ["chars", "copied_chars"] {
        assert_eq!(sentence(&a)[key], sentence(&b)[key], "{key}");
    }
    let copied = &sentence(&b)["copied"];
    assert_eq!(copied.as_array().unwrap().len(), 1, "{copied}");
    let years = |v: &Value, text: &str| -> Vec<String> {
        v["leftovers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["kind"] == "year")
            .map(|l| {
                let r = &l["range"];
                let (s, e) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
                text[s as usize..e as usize].to_string()
            })
            .collect()
    };
    assert_eq!(years(&a, plain), ["2023年"]);
    assert_eq!(years(&b, &wide), ["２０２３年"]);
}

/// In English, the labels renda adds around the texts are English: a
/// level is `county`, not 县; a paragraph `¶3`, not 第3段.
#[test]
fn english_output_labels_levels_paragraphs_and_years_in_english() {
    let tmp = seed_index();
    let texts = seed_texts();
    let files: Vec<String> = texts.keys().cloned().collect();
    let taken = unique_sentences(&texts, &files[1], 2);
    common::write(tmp.path(), "draft.txt", taken.join("\n") + "\n");
    let level = "(县|区|市|省|全国|乡镇)";
    let chinese_labels = regex::Regex::new(&format!(
        r" · {level}( · |$)|[》”]\s*[（(]{level}|第\d+段|\d{{4}}年 · |sentence \d+：|^{level} \(|^\s*标题"
    ))
    .unwrap();
    let runs: [&[&str]; 5] = [
        &[
            "--lang",
            "en",
            "export",
            "人大代表",
            "-o",
            "-",
            "--format",
            "md",
        ],
        &["--lang", "en", "compare", "人大代表", "-n", "2"],
        &["--lang", "en", "check", "draft.txt"],
        &["--lang", "en", "check", "draft.txt", "--format", "md"],
        &[
            "--lang",
            "en",
            "similar",
            "--text",
            "人大代表要密切联系群众",
            "-n",
            "3",
        ],
    ];
    for args in runs {
        let out = stdout(&run(&tmp, args, 0));
        for line in out.lines() {
            assert!(!chinese_labels.is_match(line), "{args:?}: {line}");
        }
        assert!(
            out.contains("county") || out.contains("district") || out.contains("city"),
            "{args:?}: {out}"
        );
    }
}

#[test]
fn check_reads_stdin_txt_and_docx_alike_and_own_text_has_no_source() {
    let tmp = seed_index();
    let texts = seed_texts();
    let files: Vec<String> = texts.keys().cloned().collect();
    let taken = unique_sentences(&texts, &files[2], 2);
    let lines = [
        "在全区代表工作会议上的讲话".to_string(),
        format!("{}我们街道今年办成了三件事，居民都看在眼里。", taken[0]),
        format!("社区食堂的饭菜又便宜又干净，独居老人天天来吃。{}", taken[1]),
    ];
    let text = lines.join("\n");
    common::write(tmp.path(), "draft.txt", &text);
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    common::write(
        tmp.path(),
        "draft.docx",
        common::docx(&common::paragraphs(&line_refs)),
    );
    let txt = check_json(&tmp, "draft.txt", &["--year", "2026"]);
    let docx = check_json(&tmp, "draft.docx", &["--year", "2026"]);
    let stdin = {
        let mut child = common::renda_command(tmp.path())
            .args([
                "check", "-", "--index", "idx", "--format", "json", "--year", "2026",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        json(&out)
    };
    assert_eq!(str_of(&stdin, "draft"), "-");
    assert_eq!(report_core(&txt), report_core(&docx));
    assert_eq!(report_core(&txt), report_core(&stdin));
    assert_eq!(txt["speeches"].as_array().unwrap().len(), 1, "{txt:#}");
    assert_eq!(str_of(&txt["speeches"][0], "file"), files[2].as_str());

    // The writer's own text: no source.
    let own = "在全镇老年协会成立大会上的讲话\n今天是个好日子，镇上的老人们终于有了自己的协会。\n协会设在老粮站的院子里，下棋、唱戏、晒太阳都方便。\n往后每个月十五号，镇卫生院的医生会来给大家量血压。";
    common::write(tmp.path(), "own.txt", own);
    let v = check_json(&tmp, "own.txt", &[]);
    assert!(v["speeches"].as_array().unwrap().is_empty(), "{v:#}");
    assert_eq!(v["copied_share"].as_f64(), Some(0.0));
    assert!(v["leftovers"].as_array().unwrap().is_empty());
    for s in v["sentences"].as_array().unwrap() {
        assert!(["own", "short"].contains(&str_of(s, "status")), "{s:#}");
    }
    let zh = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args(["check", "own.txt", "--index", "idx"])
        .output()
        .unwrap();
    assert!(stdout(&zh).contains("全文均为自拟"), "{}", stdout(&zh));
}

#[test]
fn check_bad_drafts_get_a_message_or_a_report() {
    let tmp = seed_index();
    common::write(tmp.path(), "empty.txt", "");
    common::write(tmp.path(), "blank.txt", "\n  \n");
    common::write(
        tmp.path(),
        "binary.txt",
        [0u8, 1, 2, 0xff, 0, 0x89, b'P', 0],
    );
    let line: String = "人民代表大会制度是我国的根本政治制度"
        .chars()
        .cycle()
        .take(50_000)
        .collect();
    common::write(tmp.path(), "line.txt", &line);
    for name in ["empty.txt", "blank.txt", "binary.txt"] {
        let out = run(&tmp, &["check", name], 2);
        let err = stderr(&out);
        assert!(err.contains(name), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let missing = run(&tmp, &["check", "none.txt"], 2);
    assert!(stderr(&missing).contains("none.txt"));
    let out = renda(
        &["check", "line.txt", "--index", "idx", "--format", "json"],
        tmp.path(),
    );
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    match out.status.code() {
        Some(0) => {
            let v = json(&out);
            let chars: u64 = v["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["chars"].as_u64().unwrap())
                .sum();
            assert_eq!(chars, 50_000);
        }
        Some(2) => assert!(err.contains("line.txt"), "{err}"),
        other => panic!("exit {other:?}: {err}"),
    }
    // A docx report needs a file.
    common::write(
        tmp.path(),
        "d.txt",
        "今天是个好日子，镇上的老人们终于有了自己的协会。",
    );
    let out = run(&tmp, &["check", "d.txt", "--format", "docx"], 2);
    assert!(stderr(&out).contains("-o"), "{}", stderr(&out));
}

/// The word chars two texts share in runs of at least 6, stock phrases cut
/// out of both: greedy string tiling (the longest common run first, then
/// the next among what is left), by a direct search.
fn shared_outside(a: &str, b: &str, stock: &[&str]) -> usize {
    let cut = |s: &str| {
        let mut s = s.to_string();
        for p in stock {
            s = s.replace(p, "　");
        }
        s.chars()
            .map(|c| if c.is_alphanumeric() { Some(c) } else { None })
            .collect::<Vec<Option<char>>>()
    };
    let (mut a, mut b) = (cut(a), cut(b));
    let mut total = 0;
    loop {
        let mut best = (0, 0, 0);
        for i in 0..a.len() {
            for j in 0..b.len() {
                let mut k = 0;
                while i + k < a.len()
                    && j + k < b.len()
                    && a[i + k].is_some()
                    && a[i + k] == b[j + k]
                {
                    k += 1;
                }
                if k > best.2 {
                    best = (i, j, k);
                }
            }
        }
        if best.2 < 6 {
            return total;
        }
        total += best.2;
        for k in 0..best.2 {
            a[best.0 + k] = None;
            b[best.1 + k] = None;
        }
    }
}

#[test]
fn check_real_edited_sentences_are_found_and_stock_phrases_name_no_source() {
    let Some(real) = common::real_corpus() else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    // One text in ten is held out of the index.
    let corpus = tempfile::tempdir().unwrap();
    let mut indexed: Vec<(String, String)> = Vec::new();
    let mut held: Vec<(String, String)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let text = read_document(f).unwrap().text;
        if i % 10 == 0 {
            held.push((name, text));
        } else {
            std::fs::copy(f, corpus.path().join(&name)).unwrap();
            indexed.push((name, text));
        }
    }
    let tmp = index_of(corpus.path());
    let lines_of = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| l.chars().count() > 20)
            .map(String::from)
            .collect()
    };
    let plain = |s: &str| {
        let n = s.chars().count();
        (25..=100).contains(&n)
            && s.ends_with('。')
            && !s.contains(['“', '”', '《', '》', '（', '）', '：'])
            && !s.starts_with(|c: char| c.is_numeric() || "一二三四五六七八九十第".contains(c))
    };

    // Recall: sentences of indexed texts, held by one or two texts, lightly
    // edited: two chars changed, or the first two clauses swapped.
    let mut edited: Vec<(String, String, String)> = Vec::new(); // (draft sentence, original, file)
    for (k, (name, text)) in indexed.iter().enumerate() {
        if k % 5 != 0 {
            continue;
        }
        let Some(s) = lines_of(text)
            .iter()
            .skip(2)
            .flat_map(|l| split_sentences(l))
            .find(|s| plain(s) && s.matches('，').count() >= 1)
        else {
            continue;
        };
        let holders = indexed.iter().filter(|(_, t)| t.contains(&s)).count();
        if holders > 2 {
            continue;
        }
        let chars: Vec<char> = s.chars().collect();
        let mut changed = chars.clone();
        for at in [chars.len() / 3, 2 * chars.len() / 3] {
            changed[at] = if chars[at] == '甲' { '乙' } else { '甲' };
        }
        edited.push((changed.into_iter().collect(), s.clone(), name.clone()));
        let body = s.trim_end_matches('。');
        if let Some((a, b)) = body.split_once('，')
            && a.chars().count() >= 6
            && b.chars().count() >= 6
        {
            edited.push((format!("{b}，{a}。"), s.clone(), name.clone()));
        }
    }
    assert!(edited.len() >= 40, "{} edited sentences", edited.len());
    let draft: String = std::iter::once("测试稿件".to_string())
        .chain(edited.iter().map(|(d, _, _)| d.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    common::write(tmp.path(), "edited.txt", &draft);
    let v = check_json(&tmp, "edited.txt", &[]);
    let sentences = v["sentences"].as_array().unwrap();
    let mut found = 0;
    let mut headings = 0;
    let mut missed = Vec::new();
    for (d, original, file) in &edited {
        // A line the parser took for a heading is no sentence to check.
        let Some(s) = sentences
            .iter()
            .find(|s| str_of(s, "text").trim() == d.as_str())
        else {
            headings += 1;
            continue;
        };
        let hit = s["sources"].as_array().unwrap().iter().any(|src| {
            str_of(&src["source"], "file") == file.as_str()
                || str_of(src, "text").contains(original.trim_end_matches('。'))
        });
        if hit {
            found += 1;
        } else {
            missed.push(format!("{d} ({file}): {}", s["status"]));
        }
    }
    assert!(headings * 10 <= edited.len(), "{headings} headings");
    let tried = edited.len() - headings;
    let recall = found as f64 / tried as f64;

    // False sources: held-out sentences that share a stock phrase with the
    // archive, and stock phrases joined to unrelated held-out clauses.
    let stock = [
        "坚持以习近平新时代中国特色社会主义思想为指导",
        "以习近平同志为核心的党中央",
        "习近平新时代中国特色社会主义思想",
        "全面贯彻党的二十大精神",
        "中国特色社会主义",
        "人民代表大会制度",
        "全面建成小康社会",
    ];
    let mut probes: Vec<String> = Vec::new();
    let mut clauses: Vec<String> = Vec::new();
    for (_, text) in &held {
        for s in lines_of(text).iter().flat_map(|l| split_sentences(l)) {
            let n = s.chars().count();
            if !(20..=150).contains(&n) || indexed.iter().any(|(_, t)| t.contains(&s)) {
                continue;
            }
            if stock.iter().any(|p| s.contains(p)) {
                probes.push(s.clone());
            } else if let Some((first, _)) = s.split_once('，')
                && (12..=40).contains(&first.chars().count())
                && clauses.len() < 60
            {
                clauses.push(first.to_string());
            }
        }
    }
    for (i, c) in clauses.iter().enumerate() {
        probes.push(format!("{}，{c}。", stock[i % 4]));
    }
    assert!(probes.len() >= 40, "{} probes", probes.len());
    let draft: String = std::iter::once("测试稿件".to_string())
        .chain(probes.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    common::write(tmp.path(), "probes.txt", &draft);
    let v = check_json(&tmp, "probes.txt", &[]);
    let mut false_source = Vec::new();
    let mut judged = 0;
    for s in v["sentences"].as_array().unwrap() {
        let text = str_of(s, "text");
        if !probes.iter().any(|p| p.contains(text.trim())) || word_count(text) < 8 {
            continue;
        }
        judged += 1;
        // A source is true when, stock phrases aside, it shares half the
        // rest of the sentence in runs of 6 chars or more.
        let rest = stock.iter().fold(text.to_string(), |t, p| t.replace(p, ""));
        let need = (word_count(&rest) / 2).max(6);
        let wrong = s["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|src| shared_outside(text, str_of(src, "text"), &stock) < need);
        if wrong {
            false_source.push(format!("{text} <- {}", s["sources"][0]["text"]));
        }
    }
    let rate = false_source.len() as f64 / judged.max(1) as f64;
    println!(
        "renda check on ../shared/corpus/real ({} texts indexed, {} held out): \
         recall {found}/{} = {:.1}% on lightly edited sentences; \
         false-source rate {}/{judged} = {:.1}% on held-out sentences sharing a stock phrase",
        indexed.len(),
        held.len(),
        tried,
        recall * 100.0,
        false_source.len(),
        rate * 100.0
    );
    for m in missed.iter().take(10) {
        println!("missed: {m}");
    }
    for f in false_source.iter().take(10) {
        println!("false source: {f}");
    }
    assert!(recall >= 0.9, "recall {recall}: {missed:#?}");
    assert!(rate <= 0.1, "false-source rate {rate}: {false_source:#?}");
}

/// Leftovers of the source's place, level and present year, in the JSON,
/// text, Markdown and Word reports alike.
#[test]
fn check_reports_a_source_s_place_its_level_and_its_present_year() {
    let corpus = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(root().join("corpus")).unwrap() {
        let f = f.unwrap();
        if f.file_name().to_string_lossy().ends_with(".txt") {
            std::fs::copy(f.path(), corpus.path().join(f.file_name())).unwrap();
        }
    }
    let regulation = [
        "山东省人民代表大会常务委员会关于加强地方立法工作的规定",
        "第一条 为了规范地方立法活动，提高地方立法质量，根据《山东省地方立法条例》的规定，结合本省实际，制定本规定。",
        "第二条 省人民代表大会常务委员会应当加强对地方立法工作的统筹协调，健全立法项目征集和论证制度。",
    ];
    let speech = [
        "在秀英区人大工作会议上的讲话",
        "同志们：",
        "2009年，是我区经济社会发展进程中极为关键的一年，也是区人大常委会依法履职的攻坚之年。",
        "按照区委的部署，全区人民团结一心，推动我区人大工作与时俱进、创新发展。",
        "常委会要坚持把代表工作摆在突出位置，认真办理代表建议，让代表满意、让群众满意。",
    ];
    common::write(corpus.path(), "regulation.txt", regulation.join("\n"));
    common::write(corpus.path(), "speech.txt", speech.join("\n"));
    let tmp = index_of(corpus.path());
    let own = "今年我们要把乡村道路修到每一个自然村，让群众出行更方便。";

    // A draft that names no place keeps the regulation's own province.
    let draft = format!(
        "在人大工作会议上的讲话\n{}{own}\n",
        &regulation[1]["第一条 ".len()..]
    );
    common::write(tmp.path(), "law.txt", &draft);
    let v = check_json(&tmp, "law.txt", &["--year", "2026"]);
    let places: Vec<(&str, bool)> = v["leftovers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| str_of(l, "kind") == "place")
        .map(|l| (str_of(l, "name"), l["possible"].as_bool().unwrap()))
        .collect();
    assert_eq!(places, [("山东省", true)], "{v:#}");
    let out = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args(["check", "law.txt", "--index", "idx", "--color", "never"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("可能遗留地名：山东省（来自"), "{text}");
    for report in ["law.md", "law.docx"] {
        let out = common::renda_command(tmp.path())
            .env("RENDA_LANG", "zh")
            .args(["check", "law.txt", "--index", "idx", "-o", report])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let written = read_document(&tmp.path().join(report)).unwrap().text;
        assert!(written.contains("可能遗留地名：山东省"), "{written}");
    }
    // Named, the draft's own place is its own: no place leftover.
    let v = check_json(&tmp, "law.txt", &["--region", "山东省济南市"]);
    assert!(
        v["leftovers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| str_of(l, "kind") != "place"),
        "{v:#}"
    );

    // A county's draft (its title names 临洮县) keeps a district speech's
    // self-references and its present year.
    let draft = format!(
        "在临洮县人大工作会议上的讲话\n{}{}\n{own}\n",
        speech[2], speech[3]
    );
    common::write(tmp.path(), "county.txt", &draft);
    let v = check_json(&tmp, "county.txt", &["--year", "2026"]);
    assert_eq!(v["level"], "county", "{v:#}");
    let found: BTreeSet<(&str, &str)> = v["leftovers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (str_of(l, "kind"), str_of(l, "name")))
        .collect();
    for want in [
        ("year", "2009年"),
        ("level", "我区"),
        ("level", "区委"),
        ("level", "全区"),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    // Checked as the district it came from, none of these is a leftover.
    let v = check_json(
        &tmp,
        "county.txt",
        &[
            "--level",
            "district",
            "--region",
            "秀英区",
            "--year",
            "2009",
        ],
    );
    assert!(v["leftovers"].as_array().unwrap().is_empty(), "{v:#}");
    let out = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args([
            "check",
            "county.txt",
            "--index",
            "idx",
            "--color",
            "never",
            "--year",
            "2026",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("遗留层级称谓：我区（来自"), "{text}");
    assert!(text.contains("层级：县"), "{text}");
}

/// A draft on standard input longer than renda reads is refused in the
/// user's language throughout.
#[test]
fn an_over_long_draft_on_standard_input_is_refused_in_chinese() {
    let tmp = seed_index();
    let mut child = common::renda_command(tmp.path())
        .args(["similar", "--file", "-", "--index", "idx"])
        .env("RENDA_LANG", "zh")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write as _;
        let line = "各位代表要密切联系人民群众。\n".repeat(1000);
        // Past 64 MiB; renda stops reading there.
        for _ in 0..(65 << 20) / line.len() + 1 {
            if input.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("64 MiB"), "{err}");
    // Not a word of English but the program's name and the unit.
    let words = err.replace("renda", "").replace("MiB", "");
    assert!(!words.chars().any(|c| c.is_ascii_alphabetic()), "{err}");
}
