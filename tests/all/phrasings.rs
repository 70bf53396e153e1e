//! Phrasing families, `compare` and `export`, end to end on the seeds and,
//! when present, on the real texts in `../shared/corpus/real`.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use renda_core::ingest::{Corpus, Observer};
use renda_core::search::near_duplicates::{THRESHOLD, similarity};
use serde_json::Value;

/// Run renda in `dir` with a clean environment.
fn renda(args: &[&str], dir: &Path) -> Output {
    common::run_renda(dir, args)
}

/// An index of the seeds, built once for this test binary.
fn seed_index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap().keep();
        let idx = tmp.join("idx");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = renda(
            &["index", "corpus", "-q", "--index", idx.to_str().unwrap()],
            root,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        idx
    })
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend([
        "--index",
        seed_index().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let out = renda(&all, Path::new("/"));
    assert!(
        out.status.code() == Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn files_of(hit: &Value) -> BTreeSet<String> {
    let mut files: BTreeSet<String> = hit["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    files.insert(hit["file"].as_str().unwrap().to_string());
    files
}

fn prefixes(files: &BTreeSet<String>) -> Vec<&str> {
    files.iter().map(|f| &f[..3]).collect()
}

#[test]
fn a_copied_sentence_shows_once_naming_every_speech() {
    let v = json(&["search", "\"熟练掌握法律法规\""]);
    assert_eq!(v["total"], 3);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(prefixes(&files_of(&hits[0])), ["000", "001", "003"]);

    let v = json(&["search", "\"大家要系统学习人大工作制度\""]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(prefixes(&files_of(&hits[0])), ["001", "003"]);
    let dup = &hits[0]["duplicates"][0];
    for key in ["file", "title", "level", "year", "paragraph"] {
        assert!(dup.get(key).is_some(), "{key} missing in {dup}");
    }

    let v = json(&["search", "\"熟练掌握法律法规\"", "--no-collapse"]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert!(
        hits.iter()
            .all(|h| h["duplicates"].as_array().unwrap().is_empty())
    );
}

#[test]
fn different_sentences_on_one_theme_stay_apart() {
    // 000 says 要系统学习人大工作制度、程序，准确把握…; 001 and 003 say
    // 大家要系统学习人大工作制度、程序和要求，准确掌握…: two phrasings.
    let v = json(&["search", "\"系统学习人大工作制度\""]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{v}");
    let families: Vec<Vec<String>> = hits
        .iter()
        .map(|h| files_of(h).iter().map(|f| f[..3].to_string()).collect())
        .collect();
    assert!(families.contains(&vec!["000".to_string()]), "{families:?}");
    assert!(
        families.contains(&vec!["001".to_string(), "003".to_string()]),
        "{families:?}"
    );
}

#[test]
fn compare_groups_phrasings_by_level() {
    let v = json(&["compare", "\"熟练掌握法律法规\"", "--by", "level"]);
    assert_eq!(v["theme"], "\"熟练掌握法律法规\"");
    assert_eq!(v["by"], "level");
    let groups = v["groups"].as_array().unwrap();
    let keys: Vec<&str> = groups.iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["city", "district"]);
    let district = &groups[1];
    assert_eq!(district["speeches"], 2);
    let phrasings = district["phrasings"].as_array().unwrap();
    assert_eq!(phrasings.len(), 1);
    assert_eq!(phrasings[0]["count"], 2);
    assert!(
        phrasings[0]["text"]
            .as_str()
            .unwrap()
            .contains("熟练掌握法律法规")
    );
    assert_eq!(phrasings[0]["sources"].as_array().unwrap().len(), 2);

    let v = json(&[
        "compare",
        "\"熟练掌握法律法规\"",
        "--by",
        "speech",
        "--exclude-file",
        "001_*",
    ]);
    let keys: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().all(|k| !k.starts_with("001")));
}

fn export(args: &[&str], out: &Path) -> Output {
    let mut all = vec!["export"];
    all.extend(args);
    all.extend([
        "--index",
        seed_index().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    renda(&all, Path::new("/"))
}

#[test]
fn exports_read_back_with_every_paragraph_and_its_source() {
    let tmp = tempfile::tempdir().unwrap();
    let total = json(&["search", "联系群众", "--no-collapse", "--limit", "1000"])["total"]
        .as_u64()
        .unwrap() as usize;
    assert!(total > 10);

    // CSV: BOM, CRLF, the header in row 1, a row per paragraph with the
    // query and the filters in its last columns.
    let csv_path = tmp.path().join("out.csv");
    assert!(
        export(&["联系群众", "--level", "county"], &csv_path)
            .status
            .success()
    );
    let text = String::from_utf8(fs::read(&csv_path).unwrap()).unwrap();
    let body = common::excel_csv(&text);
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "text",
            "title",
            "level",
            "year",
            "date",
            "region",
            "section",
            "paragraph",
            "file",
            "query",
            "filters"
        ]
    );
    common::python_csv_header(&text, &header);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    // The theme's word, or all of its parts (密切联系人民群众).
    assert!(rows.iter().all(|r| &r[2] == "县"
        && (r[0].contains("联系群众") || (r[0].contains("联系") && r[0].contains("群众")))));
    assert!(rows.iter().any(|r| r[0].contains("联系人民群众")));
    assert!(
        rows.iter()
            .all(|r| &r[9] == "联系群众" && &r[10] == "level: county")
    );

    // JSON Lines: a header line, then every matching paragraph.
    let jl = tmp.path().join("out.jsonl");
    assert!(export(&["联系群众"], &jl).status.success());
    let text = fs::read_to_string(&jl).unwrap();
    let mut lines = text.lines();
    let head: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(head["export"]["query"], "联系群众");
    assert_eq!(head["export"]["total"], total);
    let rows: Vec<Value> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), total, "all paragraphs, not one page");
    for r in &rows {
        for key in [
            "file",
            "title",
            "level",
            "year",
            "region",
            "section",
            "paragraph",
            "text",
        ] {
            assert!(r.get(key).is_some(), "{key} missing");
        }
        let level = r["level"]
            .as_str()
            .map(|c| c.parse::<renda_core::speech::Level>().unwrap());
        assert_eq!(r["level_label"].as_str(), level.map(|l| l.as_chinese()));
    }

    // Markdown: the query as title, a heading per source.
    let md = tmp.path().join("out.md");
    assert!(export(&["\"熟练掌握法律法规\""], &md).status.success());
    let text = fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# Search: \"熟练掌握法律法规\"\n"),
        "{text}"
    );
    assert!(text.contains("\n- Query: \"熟练掌握法律法规\"\n- Filters: none\n- Exported: "));
    assert_eq!(text.matches("\n## ").count(), 3);
    assert_eq!(text.matches("**熟练掌握法律法规**").count(), 3, "{text}");
    assert!(text.contains("> "));

    // Word: a zip holding word/document.xml with the query, the passages
    // and their sources.
    let docx = tmp.path().join("out.docx");
    assert!(export(&["\"熟练掌握法律法规\""], &docx).status.success());
    let mut zip = zip::ZipArchive::new(fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("人大议事规则和工作程序"));
    assert!(common::check_schema_order(&xml) > 0);
    assert!(xml.contains("000_9a31da938358b013.txt"));
    assert!(xml.contains("003_856e7c9bd6a7060d.txt"));
    // renda reads its own export back as a speech.
    let text = renda_core::corpus::read_document(&docx).unwrap().text;
    assert!(text.contains("熟练掌握法律法规"));
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("draft.md");
    fs::write(&path, "我的草稿").unwrap();
    let out = export(&["联系群众"], &path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "我的草稿");
    let out = export(&["联系群众", "--force"], &path);
    assert!(out.status.success());
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("# Search: 联系群众")
    );
    // No format to be had from the name: a clear error, nothing written.
    let odd = tmp.path().join("draft.xyz");
    let out = export(&["联系群众"], &odd);
    assert_eq!(out.status.code(), Some(2));
    assert!(!odd.exists());
}

struct Quiet;

impl Observer for Quiet {
    fn skipped(&mut self, _: &renda_core::corpus::Skipped) {}
    fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
}

fn sentences_of(text: &str) -> Vec<String> {
    renda_core::search::rank::sentences(text)
        .into_iter()
        .map(str::trim)
        .filter(|s| s.chars().count() >= 12)
        .map(String::from)
        .collect()
}

/// Character edit distance, for judging folds independently of 3-grams.
fn edit_ratio(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] as f64 / a.len().max(b.len()).max(1) as f64
}

#[test]
fn unrelated_sentences_of_the_real_texts_do_not_fold() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !real.is_dir() {
        eprintln!("skipping: ../shared/corpus/real not present");
        return;
    }
    let corpus = Corpus::open(&real, &[], &mut Quiet).unwrap();
    // Sentences that share a common 人大 term: the pairs most at risk.
    let term = "人民代表大会";
    let mut sents: Vec<String> = Vec::new();
    for f in &corpus.files {
        let speech = corpus.parse(f).unwrap().speech;
        for p in &speech.paragraphs {
            sents.extend(
                sentences_of(&p.text)
                    .into_iter()
                    .filter(|s| s.contains(term)),
            );
        }
    }
    sents.sort();
    sents.dedup();
    assert!(sents.len() > 500, "{} sentences", sents.len());
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut pairs, mut folded, mut false_folds) = (0usize, 0usize, 0usize);
    while pairs < 20_000 {
        let a = &sents[(next() % sents.len() as u64) as usize];
        let b = &sents[(next() % sents.len() as u64) as usize];
        if a == b {
            continue;
        }
        pairs += 1;
        if similarity(a, b) >= THRESHOLD {
            folded += 1;
            // A fold is false when more than half the characters differ.
            if edit_ratio(a, b) > 0.5 {
                false_folds += 1;
            }
        }
    }
    let rate = folded as f64 / pairs as f64;
    eprintln!(
        "real: {pairs} random pairs of distinct sentences with {term}: {folded} folded ({:.3}%), {false_folds} of them false",
        rate * 100.0
    );
    assert!(rate < 0.005, "fold rate {rate}");
    assert_eq!(false_folds, 0);
}

#[test]
fn folds_on_the_seeds_are_true_near_copies() {
    let mut sents: Vec<(String, String)> = Vec::new();
    for (name, text) in common::seeds() {
        for line in text.lines() {
            for s in sentences_of(line) {
                sents.push((name.clone(), s));
            }
        }
    }
    let keys: Vec<&str> = sents.iter().map(|(_, s)| s.as_str()).collect();
    let families = renda_core::search::near_duplicates::families(&keys);
    let mut folds = 0;
    for f in families.iter().filter(|f| f.len() > 1) {
        for &i in &f[1..] {
            folds += 1;
            let ratio = edit_ratio(keys[f[0]], keys[i]);
            assert!(ratio <= 0.4, "{} ~ {} ({ratio})", keys[f[0]], keys[i]);
        }
    }
    // 001 and 003 share whole sentences; 000 shares near-copies with both.
    assert!(folds >= 10, "{folds} folds");
    eprintln!(
        "seeds: {} sentences, {folds} folded into families, all near-copies",
        keys.len()
    );
}
