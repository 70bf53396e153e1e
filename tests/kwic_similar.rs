//! `renda kwic` and `renda similar` end to end, over an index of the seed
//! speeches built by the binary (and of part of the real texts, when
//! `../shared/corpus/real` is there).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use renda::corpus::read_document;
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
                "year",
                "paragraph"
            ])
        );
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
