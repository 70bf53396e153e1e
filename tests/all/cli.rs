//! The `renda` binary end to end: `parse` and `index` on the shipped seeds and
//! on folders made in each test.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{docx, gb18030, paragraphs, seeds, write};
use serde_json::Value;

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

fn parse_json(path: &Path) -> Value {
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let out = renda(&["parse", "--format", "json", name], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("one JSON object")
}

#[test]
fn parse_prints_the_seeds_as_json() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let expect = [
        ("000", "city", Value::Null),
        ("001", "district", Value::from(2023)),
        ("002", "county", Value::Null),
        ("003", "district", Value::from(2023)),
        ("004", "city", Value::Null),
    ];
    for ((name, _), (prefix, level, year)) in seeds().into_iter().zip(expect) {
        assert!(name.starts_with(prefix));
        let v = parse_json(&corpus.join(&name));
        assert_eq!(v["file"], name.as_str());
        assert_eq!(v["level"], level, "{name}");
        assert_eq!(v["year"], year, "{name}");
        // The date is the year's when only the year is stated.
        let date = year.as_u64().map(|y| Value::from(y.to_string()));
        assert_eq!(v["date"], date.clone().unwrap_or(Value::Null), "{name}");
        let src = if date.is_some() {
            Value::from("text")
        } else {
            Value::Null
        };
        assert_eq!(v["sources"]["date"], src, "{name}");
        assert_eq!(v["sources"]["level"], "text");
        assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()));
        let paragraphs = v["paragraphs"].as_array().unwrap();
        assert!(paragraphs.len() > 4);
        for (i, p) in paragraphs.iter().enumerate() {
            assert_eq!(p["n"], i + 1);
            assert!(p["text"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(p.get("section").is_some());
        }
        assert!(v["sections"][0]["heading"].as_str().is_some());
    }
}

#[test]
fn parse_text_shows_chinese_as_chinese() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (name, _) = seeds().into_iter().nth(2).unwrap();
    let out = renda(&["parse", &name], &corpus);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("title:   在X县人大代表暨人大工作者履职能力提升培训班上的讲话 (text)"));
    assert!(text.contains("level:   county (县) (text)"));
    assert!(text.contains("## 一、明确代表培训的重要意义，提高执行职务的能力"));
    assert!(text.contains("[ad] 仅供学习 禁止外传"));
    assert!(!text.contains("\\u"));
}

#[test]
fn the_same_speech_reads_the_same_in_every_encoding_and_in_word() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, text) = seeds().into_iter().nth(2).unwrap();
    write(tmp.path(), "utf8.txt", &text);
    write(tmp.path(), "gbk.txt", gb18030(&text));
    write(tmp.path(), "crlf.txt", text.replace('\n', "\r\n"));
    let lines: Vec<&str> = text.lines().collect();
    write(tmp.path(), "word.docx", docx(&paragraphs(&lines)));
    let reference = parse_json(&tmp.path().join("utf8.txt"));
    for name in ["gbk.txt", "crlf.txt", "word.docx"] {
        let v = parse_json(&tmp.path().join(name));
        assert_eq!(v["paragraphs"], reference["paragraphs"], "{name}");
        assert_eq!(v["sections"], reference["sections"], "{name}");
        assert_eq!(v["title"], reference["title"], "{name}");
    }
}

#[test]
fn parse_of_a_missing_or_unusable_file_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = renda(&["parse", "nope.txt"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.txt: no such file"));
    write(tmp.path(), "empty.txt", "");
    let out = renda(&["parse", "empty.txt"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("empty.txt: empty file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn index_reads_the_shipped_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let out = renda(
        &["index", "corpus", "--index", index.to_str().unwrap()],
        root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("5 files read: 5 speeches"), "{text}");
    // Ads go; the README is documentation, not a speech.
    assert!(text.contains("8 ad"), "{text}");
    assert!(text.contains("1 documentation file"), "{text}");
    assert_eq!(stderr(&out), "", "nothing to complain about");
}

#[test]
fn index_reports_each_bad_file_and_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("speeches");
    for (name, text) in seeds() {
        write(&dir, &format!("nested/{name}"), text);
    }
    write(&dir, "empty.txt", "");
    write(
        &dir,
        "junk.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
    );
    write(&dir, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest");
    let full = docx(&paragraphs(&[
        "在全县人大工作会议上的讲话，内容很长很长很长",
    ]));
    write(&dir, "cut.docx", &full[..full.len() / 2]);
    write(&dir, ".hidden/secret.txt", "同志们：");
    write(&dir, "README.md", "# notes");
    let out = renda(&["index", "speeches", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for (file, reason) in [
        ("empty.txt", "empty file"),
        ("junk.txt", "binary"),
        ("old.doc", "damaged .doc: not a readable OLE compound file"),
        ("cut.docx", "damaged"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no message for {file} in {err}"));
        assert!(line.contains(reason), "{line}");
        assert!(line.starts_with("speeches/"), "{line}");
    }
    assert!(!err.contains("secret"));
    let text = stdout(&out);
    assert!(text.contains("5 files read: 5 speeches"), "{text}");
    assert!(text.contains("4 files skipped"), "{text}");
}

/// `renda ARGS` in `dir` with its standard output (and, when `no_stderr`,
/// its standard error) closed before it writes, as `| head -1` closes
/// them once it has its line; returns the exit code and what it said on
/// stderr while that was open.
fn with_output_closed(dir: &Path, args: &[&str], no_stderr: bool) -> (Option<i32>, String) {
    use std::io::Read;
    let mut child = common::renda_command(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    if no_stderr {
        drop(child.stderr.take());
    } else {
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
    }
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_output_ends_quietly_and_indexing_still_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("speeches");
    for (name, text) in seeds() {
        write(&dir, &name, text);
    }
    // Files that are skipped, each with a line on stderr.
    for i in 0..20 {
        write(&dir, &format!("bad{i:02}.txt"), "");
    }
    // `renda index speeches 2>&1 | head -1`
    let (code, _) = with_output_closed(tmp.path(), &["index", "speeches", "--index", "idx"], true);
    assert_eq!(code, Some(0));
    let out = renda(&["index", "speeches", "--index", "idx"], tmp.path());
    assert!(
        stdout(&out).starts_with("the index is up to date"),
        "{}",
        stdout(&out)
    );
    let first = seeds()[0].0.clone();
    for args in [
        vec!["search", "--index", "idx", "人大"],
        vec!["search", "--index", "idx", "--format", "json", "人大"],
        vec!["search", "--index", "idx", "--format", "csv", "人大"],
        vec!["kwic", "--index", "idx", "人大"],
        vec!["stats", "--index", "idx"],
        vec![
            "export", "--index", "idx", "-o", "-", "--format", "csv", "人大",
        ],
        vec!["parse", "speeches/bad00.txt"],
    ] {
        let mut args = args;
        if args[0] == "parse" {
            args[1] = &first;
        }
        let dir = if args[0] == "parse" {
            dir.clone()
        } else {
            tmp.path().to_path_buf()
        };
        for no_stderr in [false, true] {
            let (code, err) = with_output_closed(&dir, &args, no_stderr);
            assert_eq!(code, Some(0), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        }
    }
}

/// `a/passwd.txt → a file outside the folder` is neither indexed nor
/// served: the run says so in Chinese; `--follow-links` indexes it.
#[cfg(unix)]
#[test]
fn index_skips_links_out_of_the_folder_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("speeches");
    for (name, text) in seeds() {
        write(&dir, &name, text);
    }
    let outside = write(
        tmp.path(),
        "elsewhere/secret.txt",
        "各位代表：机密文件，外面的文字不应进入索引。\n",
    );
    std::os::unix::fs::symlink(&outside, dir.join("passwd.txt")).unwrap();
    let out = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args(["index", "speeches", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("passwd.txt") && err.contains("符号链接指向所索引的文件夹之外"),
        "{err}"
    );
    let found = renda(&["search", "--index", "idx", "机密文件"], tmp.path());
    assert_eq!(found.status.code(), Some(1), "{}", stdout(&found));
    let out = renda(
        &["index", "speeches", "--index", "idx", "--follow-links"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("passwd.txt"), "{}", stderr(&out));
    let found = renda(&["search", "--index", "idx", "机密文件"], tmp.path());
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(stdout(&found).contains("passwd.txt"), "{}", stdout(&found));
    // A later run that does not follow it passes it over: what the index
    // holds of it is no file gone from the folder.
    let out = renda(&["index", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("删除"), "{}", stderr(&out));
    let found = renda(&["search", "--index", "idx", "机密文件"], tmp.path());
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
}

/// A file that can no longer be read (emptied here) keeps what the index
/// read of it before, and every run names it until it reads again: the
/// folder is never taken as untouched meanwhile.
#[test]
fn a_file_that_no_longer_reads_is_named_by_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("speeches");
    let seeds = seeds();
    for (name, text) in &seeds {
        write(&dir, name, text);
    }
    let index = ["--index", "idx"];
    let run = || {
        let out = common::renda_command(tmp.path())
            .env("RENDA_LANG", "zh")
            .args(["index", "speeches"])
            .args(index)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stderr(&out)
    };
    run();
    let (emptied, text) = &seeds[0];
    std::fs::write(dir.join(emptied), "").unwrap();
    for _ in 0..2 {
        let err = run();
        assert!(
            err.contains(emptied.as_str()) && err.contains("空文件"),
            "{err}"
        );
        assert!(err.contains("索引中保留它上次读到的内容"), "{err}");
        assert!(!err.contains("索引已是最新"), "{err}");
    }
    let line = text.lines().find(|l| l.chars().count() > 20).unwrap();
    let phrase: String = line.chars().take(12).collect();
    let found = renda(
        &["search", "--index", "idx", &format!("\"{phrase}\"")],
        tmp.path(),
    );
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    std::fs::write(dir.join(emptied), text).unwrap();
    let err = run();
    assert!(!err.contains("空文件"), "{err}");
}

/// The index keeps its folders by their paths as text: a folder whose
/// path is not UTF-8 is refused at once, rather than indexed once and then
/// found by no later run.
#[cfg(unix)]
#[test]
fn a_folder_whose_path_is_not_utf8_is_refused_clearly() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp
        .path()
        .join(std::ffi::OsStr::from_bytes(b"gbk\xd6\xd0dir"));
    for (name, text) in seeds() {
        write(&dir, &name, text);
    }
    let out = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .arg("index")
        .arg(&dir)
        .args(["--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("UTF-8"), "{}", stderr(&out));
    assert!(!tmp.path().join("idx").exists());
}

#[test]
fn index_of_a_missing_folder_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = renda(&["index", "no-such-dir"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-dir: no such folder"));
}

#[test]
fn metadata_csv_beats_folders_which_beat_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, city) = seeds().into_iter().nth(4).unwrap();
    let root = tmp.path().join("archive");
    write(&root, "county/2021/临洮县/a.txt", &city);
    write(&root, "misc/b.txt", &city);
    write(&root, "misc/c.txt", &city);
    write(
        &root,
        "metadata.csv",
        "file,level,year,region,title\nmisc/b.txt,区,2019,城关区,座谈会讲话\n",
    );
    let a = parse_json(&root.join("county/2021/临洮县/a.txt"));
    assert_eq!(a["file"], "county/2021/临洮县/a.txt");
    assert_eq!(
        (a["level"].as_str(), a["year"].as_u64()),
        (Some("county"), Some(2021))
    );
    assert_eq!(a["region"], "临洮县");
    assert_eq!(a["sources"]["level"], "path");
    assert_eq!(a["sources"]["region"], "path");
    let b = parse_json(&root.join("misc/b.txt"));
    assert_eq!(b["level"], "district");
    assert_eq!(b["year"], 2019);
    assert_eq!(b["region"], "城关区");
    assert_eq!(b["title"], "座谈会讲话");
    assert_eq!(b["sources"]["title"], "metadata");
    assert_eq!(b["sources"]["year"], "metadata");
    assert_eq!(b["date"], "2019");
    assert_eq!(b["sources"]["date"], "metadata");
    let c = parse_json(&root.join("misc/c.txt"));
    assert_eq!(c["level"], "city");
    assert_eq!(c["sources"]["level"], "text");
    assert_eq!(c["year"], Value::Null);
    assert_eq!(c["sources"]["year"], Value::Null);
}

/// `renda label` writes the corpus's metadata.csv, keeping every row,
/// column and cell it had, and the next `renda index` uses it.
#[test]
fn label_writes_metadata_csv_and_the_next_index_uses_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let root = dir.join("archive");
    let seeds = seeds();
    write(&root, "county/a.txt", &seeds[2].1);
    write(&root, "b.txt", &seeds[0].1);
    write(
        &root,
        "metadata.csv",
        "\u{feff}file,note,level\r\nb.txt,keep me,区\r\nother.txt,\"a, b\",市\r\n",
    );
    let out = renda(
        &[
            "label",
            "archive/county/a.txt",
            "--year",
            "2021",
            "--level",
            "county",
            "--region",
            "某县",
            "--title",
            "在全县人大代表培训班上的讲话",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("county/a.txt"));
    let csv = std::fs::read_to_string(root.join("metadata.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'), "the BOM stays");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "file,note,level,year,region,title");
    assert_eq!(lines[1], "b.txt,keep me,区,,,", "other rows stay");
    assert_eq!(lines[2], "other.txt,\"a, b\",市,,,");
    assert_eq!(
        lines[3],
        "county/a.txt,,county,2021,某县,在全县人大代表培训班上的讲话"
    );
    assert!(
        !std::fs::read_dir(&root).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".part")),
        "nothing half-written stays"
    );
    // An update changes only what it sets.
    let out = renda(&["label", "archive/b.txt", "--date", "2019-05-06"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(root.join("metadata.csv")).unwrap();
    assert!(
        csv.contains("b.txt,keep me,区,2019,,,2019-05-06\r\n"),
        "{csv}"
    );
    // The next index reads it.
    let index = dir.join("index");
    let out = renda(
        &[
            "index",
            "archive",
            "--index",
            index.to_str().unwrap(),
            "--quiet",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = renda(
        &[
            "search",
            "*",
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
            "-n",
            "100",
            "--no-collapse",
        ],
        dir,
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let hits = v["hits"].as_array().unwrap();
    let a: Vec<&Value> = hits
        .iter()
        .filter(|h| h["file"] == "county/a.txt")
        .collect();
    assert!(!a.is_empty());
    for h in a {
        assert_eq!(h["level"], "county");
        assert_eq!(h["year"], 2021);
        assert_eq!(h["region"], "某县");
        assert_eq!(h["title"], "在全县人大代表培训班上的讲话");
    }
    let b: Vec<&Value> = hits.iter().filter(|h| h["file"] == "b.txt").collect();
    assert!(
        b.iter()
            .all(|h| h["date"] == "2019-05-06" && h["level"] == "district")
    );
    // A metadata.csv in a sub-folder is none that indexing reads: a label
    // goes into the one of the folder the index holds.
    write(&root, "county/metadata.csv", "file,level\r\n");
    let sub_before = std::fs::read(root.join("county/metadata.csv")).unwrap();
    let out = renda(
        &[
            "label",
            "archive/county/a.txt",
            "--year",
            "2022",
            "--index",
            index.to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(root.join("metadata.csv")).unwrap();
    assert!(csv.contains("county/a.txt,,county,2022,"), "{csv}");
    assert_eq!(
        std::fs::read(root.join("county/metadata.csv")).unwrap(),
        sub_before
    );
    std::fs::remove_file(root.join("county/metadata.csv")).unwrap();
    // Bad values and nothing to set are refused, with the file untouched.
    let before = std::fs::read(root.join("metadata.csv")).unwrap();
    for args in [
        vec!["label", "archive/b.txt"],
        vec!["label", "archive/b.txt", "--year", "1066"],
        vec!["label", "archive/b.txt", "--level", "village"],
        vec!["label", "archive/none.txt", "--year", "2020"],
        vec![
            "label",
            "archive/b.txt",
            "--date",
            "2020-01-01",
            "--year",
            "2021",
        ],
    ] {
        let out = renda(&args, dir);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).is_empty());
    }
    assert_eq!(std::fs::read(root.join("metadata.csv")).unwrap(), before);
}

#[test]
fn copies_are_one_speech_and_a_copy_takes_over_when_the_original_goes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("speeches");
    let seeds = seeds();
    for (name, text) in &seeds {
        write(&dir, name, text);
    }
    // A 副本 copy, and the city speech 000 saved again as Word (without its
    // blank lines) under another name.
    let (first, text) = &seeds[1];
    write(&dir, &format!("副本 - {first}"), text);
    let (city, city_text) = &seeds[0];
    let lines: Vec<&str> = city_text.lines().filter(|l| !l.trim().is_empty()).collect();
    write(&dir, "word/当好人大代表.docx", docx(&paragraphs(&lines)));
    let index = ["index", "speeches", "--index", "idx"];
    let out = renda(&index, tmp.path());
    let text = stdout(&out);
    assert!(text.contains("5 files read: 5 speeches"), "{text}");
    assert!(text.contains("2 copies of other files kept once"), "{text}");
    // The Word file, richer in structure, is kept; the .txt is its copy.
    assert!(
        text.contains(&format!("  {city} = word/当好人大代表.docx")),
        "{text}"
    );
    assert!(
        text.contains(&format!("  副本 - {first} = {first}")),
        "{text}"
    );

    // Each text is found once: no hit names a copy.
    let hits = renda(
        &[
            "search",
            "--index",
            "idx",
            "--no-collapse",
            "--limit",
            "100",
            "--format",
            "jsonl",
            "人大代表",
        ],
        tmp.path(),
    );
    let files: Vec<String> = stdout(&hits)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["file"].as_str().map(str::to_string))
        .collect();
    assert!(!files.is_empty());
    assert!(
        !files.iter().any(|f| f.starts_with("副本") || f == city),
        "{files:?}"
    );
    let stats = stdout(&renda(&["stats", "--index", "idx"], tmp.path()));
    assert!(stats.contains("speeches:    5"), "{stats}");
    assert!(
        stats.contains("copies:      2 files are copies of other files"),
        "{stats}"
    );
    // `parse --copies` names the files beside it with the same text;
    // without it, they are not read.
    let parsed = stdout(&renda(&["parse", &format!("speeches/{first}")], tmp.path()));
    assert!(!parsed.contains("copies:"), "{parsed}");
    let parsed = stdout(&renda(
        &["parse", "--copies", &format!("speeches/{first}")],
        tmp.path(),
    ));
    assert!(
        parsed.contains(&format!(
            "copies:  副本 - {first} (the same text; indexed once)"
        )),
        "{parsed}"
    );

    // The kept file goes: its copy is read in its place on the next run.
    std::fs::remove_file(dir.join("word/当好人大代表.docx")).unwrap();
    let text = stdout(&renda(&index, tmp.path()));
    assert!(text.contains("1 file read: 1 speech"), "{text}");
    assert!(text.contains("1 copy of other files kept once"), "{text}");
    let stats = stdout(&renda(&["stats", "--index", "idx"], tmp.path()));
    assert!(stats.contains("speeches:    5"), "{stats}");
    let hits = stdout(&renda(
        &[
            "search",
            "--index",
            "idx",
            "--format",
            "jsonl",
            "--limit",
            "100",
            "--no-collapse",
            "人大代表",
        ],
        tmp.path(),
    ));
    assert!(
        hits.contains(&format!("\"file\":\"{city}\"")),
        "the copy is indexed now"
    );
    // Nothing changed since: nothing to read.
    let text = stdout(&renda(&index, tmp.path()));
    assert!(text.contains("the index is up to date"), "{text}");
}

// ------------------------------------------------------------ files for people

#[test]
fn export_to_standard_output_and_files_for_excel_and_word() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    let idx = index.to_str().unwrap();
    let out = renda(&["index", "corpus", "-q", "--index", idx], root);
    assert!(out.status.success(), "{}", stderr(&out));

    // `-o -`: the file's bytes on stdout, the note on stderr.
    let file = tmp.path().join("a.csv");
    let args = ["export", "联系群众", "--level", "county", "--index", idx];
    let to_file = renda(&[&args[..], &["-o", file.to_str().unwrap()]].concat(), root);
    assert!(to_file.status.success(), "{}", stderr(&to_file));
    assert_eq!(stdout(&to_file), "");
    let piped = renda(&[&args[..], &["-o", "-", "--format", "csv"]].concat(), root);
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert_eq!(piped.stdout, std::fs::read(&file).unwrap());
    assert!(
        stderr(&piped).contains("standard output"),
        "{}",
        stderr(&piped)
    );
    let text = stdout(&piped);
    let body = common::excel_csv(&text);
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    common::python_csv_header(&text, &header);
    assert!(rd.records().count() > 0);

    // A Word file on stdout is the whole zip, in schema order.
    let docx = renda(
        &[&args[..], &["-o", "-", "--format", "docx"]].concat(),
        root,
    );
    assert!(docx.status.success(), "{}", stderr(&docx));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.stdout)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(common::check_schema_order(&xml) > 0);
    assert!(xml.contains("<w:highlight w:val=\"yellow\""));

    // In Chinese: the header's labels, the filters, the local time.
    let zh = common::renda_command(root)
        .env("RENDA_LANG", "zh")
        .args(args)
        .args([
            "--since",
            "2000",
            "--include-unknown",
            "-o",
            "-",
            "--format",
            "md",
        ])
        .output()
        .unwrap();
    assert!(zh.status.success(), "{}", stderr(&zh));
    let md = stdout(&zh);
    assert!(
        md.starts_with("# 检索：联系群众\n\n- 检索词：联系群众\n"),
        "{md}"
    );
    assert!(
        md.contains("\n- 筛选：层级：县；年份：2000 年起；含年份、层级、地区未知的讲话\n"),
        "{md}"
    );
    assert!(md.contains("\n- 导出时间：20"), "{md}");
    assert!(stderr(&zh).contains('\n'));
    let zh_csv = common::renda_command(root)
        .env("RENDA_LANG", "zh")
        .args(["search", "联系群众", "--format", "csv", "--index", idx])
        .output()
        .unwrap();
    let text = stdout(&zh_csv);
    let mut rd = csv::Reader::from_reader(common::excel_csv(&text).as_bytes());
    assert_eq!(&rd.headers().unwrap()[0], "文件");
    assert!(rd.records().all(|r| {
        let r = r.unwrap();
        ["", "市", "县", "区", "省", "乡镇", "全国"].contains(&&r[2])
    }));

    // Filters that nothing can pass: refused in the language asked.
    let bad = renda(
        &["export", "联系群众", "--since", "2021", "--until", "2020"]
            .iter()
            .chain(&["--index", idx, "-o", "-", "--format", "md"])
            .copied()
            .collect::<Vec<_>>(),
        root,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--since 2021 is after --until 2020"));
    assert_eq!(stdout(&bad), "");
}

// ------------------------------------------------------------ several folders

/// The files an index holds (`renda search '*'`), by path.
fn held(dir: &Path, index: &str) -> Vec<String> {
    common::dump(&dir.join(index))
        .unwrap_or_default()
        .into_keys()
        .collect()
}

/// A speech whose one paragraph holds `phrase`.
fn speech_with(phrase: &str) -> String {
    format!("在全县人大工作会议上的讲话\n同志们：\n今年要{phrase}，把代表工作做实做细。\n")
}

#[test]
fn an_index_of_one_folder_refuses_another_until_added_and_forgets_one_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("A");
    let b = tmp.path().join("B");
    for (name, text) in seeds() {
        write(&a, &name, text);
    }
    // The same relative path in both folders, with other words.
    write(&a, "同名/讲话.txt", speech_with("踏石留印抓铁有痕"));
    write(&b, "同名/讲话.txt", speech_with("久久为功善作善成"));
    write(&b, "乡镇/会议.txt", speech_with("春风化雨润物无声"));
    let seeds_held: Vec<String> = {
        let mut v: Vec<String> = seeds().into_iter().map(|(n, _)| n).collect();
        v.push("同名/讲话.txt".to_string());
        v.sort();
        v
    };

    let out = renda(&["index", "A", "--index", "idx", "-q"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(held(tmp.path(), "idx"), seeds_held);
    let meta_before = std::fs::read(tmp.path().join("idx/meta.json")).unwrap();

    // Another folder: refused, naming the folder held and the way out.
    let out = renda(&["index", "B", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    let a_abs = std::fs::canonicalize(&a).unwrap();
    for w in [
        a_abs.to_str().unwrap(),
        "renda index --add B --index idx",
        "renda index B --rebuild --index idx",
    ] {
        assert!(err.contains(w), "{w:?} not in {err}");
    }
    assert_eq!(
        std::fs::read(tmp.path().join("idx/meta.json")).unwrap(),
        meta_before,
        "nothing was written"
    );
    assert_eq!(held(tmp.path(), "idx"), seeds_held);
    // In Chinese.
    let out = common::renda_command(tmp.path())
        .args(["index", "B", "--index", "idx"])
        .env("RENDA_LANG", "zh")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(err.contains("已收录文件夹"), "{err}");
    assert!(err.contains("请用 renda index --add B"), "{err}");

    // Added: both folders, each file under its folder's label.
    let out = renda(&["index", "--add", "B", "--index", "idx", "-q"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut both: Vec<String> = seeds_held.iter().map(|f| format!("A/{f}")).collect();
    both.extend(["B/乡镇/会议.txt".to_string(), "B/同名/讲话.txt".to_string()]);
    both.sort();
    assert_eq!(held(tmp.path(), "idx"), both);
    for (phrase, file) in [
        ("踏石留印", "A/同名/讲话.txt"),
        ("久久为功", "B/同名/讲话.txt"),
        ("春风化雨", "B/乡镇/会议.txt"),
    ] {
        let hits = stdout(&renda(
            &[
                "search",
                &format!("\"{phrase}\""),
                "--index",
                "idx",
                "--format",
                "json",
            ],
            tmp.path(),
        ));
        let v: Value = serde_json::from_str(&hits).unwrap();
        assert_eq!(v["total"], 1, "{phrase}: {hits}");
        assert_eq!(v["hits"][0]["file"], file, "{phrase}: {hits}");
    }
    // A seed speech of A and a speech of B in one search.
    let hits = stdout(&renda(
        &[
            "search", "代表", "--index", "idx", "--format", "json", "-n", "100",
        ],
        tmp.path(),
    ));
    let v: Value = serde_json::from_str(&hits).unwrap();
    let files: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.starts_with("A/")), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("B/")), "{files:?}");

    // stats lists the folders with their speeches.
    let stats: Value = serde_json::from_str(&stdout(&renda(
        &["stats", "--index", "idx", "--format", "json"],
        tmp.path(),
    )))
    .unwrap();
    let b_abs = std::fs::canonicalize(&b).unwrap();
    let folders: Vec<(String, u64)> = stats["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["speeches"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        folders,
        [
            (
                a_abs.to_string_lossy().into_owned(),
                seeds_held.len() as u64
            ),
            (b_abs.to_string_lossy().into_owned(), 2)
        ]
    );
    let text = stdout(&renda(&["stats", "--index", "idx"], tmp.path()));
    assert!(
        text.contains(&format!("{}: 2 speeches", b_abs.display())),
        "{text}"
    );

    // From another folder, with no folder named: every folder, nothing new.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let idx = tmp.path().join("idx");
    let out = renda(&["index", "--index", idx.to_str().unwrap()], &elsewhere);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("the index is up to date: 8 files unchanged"),
        "{}",
        stdout(&out)
    );

    // A file deleted from A leaves on a re-run of A; B stays as it was.
    std::fs::remove_file(a.join("同名/讲话.txt")).unwrap();
    let out = renda(&["index", "A", "--index", "idx", "-q"], tmp.path());
    assert!(stdout(&out).contains("1 file gone"), "{}", stdout(&out));
    both.retain(|f| f != "A/同名/讲话.txt");
    assert_eq!(held(tmp.path(), "idx"), both);

    // Removed: A's speeches go, B's stay, and A is forgotten.
    let out = renda(
        &["index", "--remove", "A", "--index", "idx", "-q"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        held(tmp.path(), "idx"),
        ["B/乡镇/会议.txt", "B/同名/讲话.txt"]
    );
    let stats: Value = serde_json::from_str(&stdout(&renda(
        &["stats", "--index", "idx", "--format", "json"],
        tmp.path(),
    )))
    .unwrap();
    assert_eq!(stats["folders"].as_array().unwrap().len(), 1);
    assert_eq!(stats["speeches"], 2);
    // A is no longer one of the index's folders.
    let out = renda(&["index", "--remove", "A", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a folder of the index"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_folder_gone_from_the_disk_or_inside_another_is_refused_and_nothing_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("A");
    write(&a, "a.txt", speech_with("踏石留印抓铁有痕"));
    write(&a, "inner/b.txt", speech_with("久久为功善作善成"));
    let out = renda(&["index", "A", "--index", "idx", "-q"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A folder inside one the index holds would be read twice.
    let out = renda(&["index", "--add", "A/inner", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("indexed twice"), "{}", stderr(&out));
    // The index inside a folder added, or a folder inside the index.
    let out = renda(&["index", "--add", ".", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(held(tmp.path(), "idx"), ["a.txt", "inner/b.txt"]);

    // The folder moves away: `renda index` says so and keeps its speeches.
    std::fs::rename(&a, tmp.path().join("moved")).unwrap();
    let out = renda(&["index", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("is gone") && err.contains("--remove"), "{err}");
    assert_eq!(held(tmp.path(), "idx"), ["a.txt", "inner/b.txt"]);
    // Removing it by the name it had works though it is gone.
    let out = renda(
        &["index", "--remove", "A", "--index", "idx", "-q"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(held(tmp.path(), "idx").is_empty());
    // With no folder left, `renda index` asks for one.
    let out = renda(&["index", "--index", "idx"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds no folder"), "{}", stderr(&out));
}

/// The shipped seeds and the real texts in one index, when present.
#[test]
fn the_seeds_and_the_real_texts_in_one_index() {
    let Some(real) = common::real_corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let seeds = common::seeds_dir();
    let idx = tmp.path().join("idx");
    let idx = idx.to_str().unwrap();
    let out = renda(
        &["index", seeds.to_str().unwrap(), "--index", idx, "-q"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = renda(
        &[
            "index",
            "--add",
            real.to_str().unwrap(),
            "--index",
            idx,
            "-q",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats: Value = serde_json::from_str(&stdout(&renda(
        &["stats", "--index", idx, "--format", "json"],
        tmp.path(),
    )))
    .unwrap();
    let counts: Vec<u64> = stats["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["speeches"].as_u64().unwrap())
        .collect();
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0], 5, "the seeds");
    assert!(counts[1] > 400, "{counts:?}");
    assert_eq!(
        counts.iter().sum::<u64>(),
        stats["speeches"].as_u64().unwrap()
    );
    let hits: Value = serde_json::from_str(&stdout(&renda(
        &[
            "search",
            "*",
            "--index",
            idx,
            "--format",
            "json",
            "-n",
            "1000000",
            "--no-collapse",
        ],
        tmp.path(),
    )))
    .unwrap();
    let files: std::collections::BTreeSet<&str> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len() as u64, stats["speeches"].as_u64().unwrap());
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("corpus/") || f.starts_with("real/"))
    );
    assert_eq!(files.iter().filter(|f| f.starts_with("corpus/")).count(), 5);
    // Nothing to do the second time.
    let out = renda(&["index", "--index", idx], tmp.path());
    assert!(
        stdout(&out).starts_with("the index is up to date"),
        "{}",
        stdout(&out)
    );
}

// ------------------------------------------------------------ languages

/// renda run in `dir` with `RENDA_LANG=lang`.
fn renda_in(lang: &str, args: &[&str], dir: &Path) -> Output {
    common::renda_command(dir)
        .env("RENDA_LANG", lang)
        .args(args)
        .output()
        .expect("run renda")
}

#[test]
fn chinese_by_default_english_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("讲话");
    std::fs::create_dir(&corpus).unwrap();
    for (name, text) in seeds() {
        write(&corpus, &name, text);
    }
    write(&corpus, "图.bmp", b"BM not a speech");
    let index = tmp.path().join("idx");
    let idx = index.to_str().unwrap();

    // No language in the environment at all: Chinese.
    let out = common::renda_command(tmp.path())
        .env_remove("RENDA_LANG")
        .args(["index", "讲话", "--index", idx])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    let n = seeds().len();
    assert!(
        said.starts_with(&format!("已读取 {n} 个文件：{n} 篇讲话，")),
        "{said}"
    );
    assert!(
        stderr(&out).contains("跳过：") && stderr(&out).contains("无法识别的文件格式 .bmp"),
        "{}",
        stderr(&out)
    );
    // English by the locale, and by --lang over any locale.
    for out in [
        common::renda_command(tmp.path())
            .env_remove("RENDA_LANG")
            .env("LANG", "en_US.UTF-8")
            .args(["index", "讲话", "--index", idx])
            .output()
            .unwrap(),
        renda_in(
            "zh",
            &["index", "讲话", "--index", idx, "--lang", "en"],
            tmp.path(),
        ),
    ] {
        let said = stdout(&out);
        assert!(said.starts_with("the index is up to date: "), "{said}");
    }
    // A locale of C names no language: Chinese.
    let out = common::renda_command(tmp.path())
        .env_remove("RENDA_LANG")
        .env("LC_ALL", "C")
        .args(["search", "人大代表", "-n", "1", "--index", idx])
        .output()
        .unwrap();
    let said = stdout(&out);
    let total: usize = said
        .lines()
        .find_map(|l| l.strip_prefix("共 ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no count line in {said}"));
    assert!(said.contains(&format!("共 {total} 段匹配，")), "{said}");
    let en = stdout(&renda_in(
        "en",
        &[
            "search",
            "人大代表",
            "-n",
            "1",
            "--no-collapse",
            "--index",
            idx,
        ],
        tmp.path(),
    ));
    assert!(
        en.contains(&format!("{total} matching paragraphs, showing 1–1")),
        "{en}"
    );
    let zh = stdout(&renda_in(
        "zh",
        &[
            "search",
            "人大代表",
            "-n",
            "1",
            "--no-collapse",
            "--index",
            idx,
        ],
        tmp.path(),
    ));
    assert!(
        zh.contains(&format!("共 {total} 段匹配，显示第 1–1 段")),
        "{zh}"
    );
    // Levels for people in text, codes in JSON.
    assert!(
        zh.contains(" · 市") || zh.contains(" · 县") || zh.contains(" · 区"),
        "{zh}"
    );
}

#[test]
fn help_and_command_line_errors_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let help = renda_in("zh", &["search", "--help"], tmp.path());
    assert!(help.status.success());
    let text = stdout(&help);
    assert!(text.starts_with("检索已索引讲话的段落。"), "{text}");
    assert!(text.contains("用法：renda search"), "{text}");
    assert!(text.contains("只看这些层级：市、县、区"), "{text}");
    let en = stdout(&renda_in("en", &["search", "--help"], tmp.path()));
    assert!(
        en.contains("Search the paragraphs of the indexed speeches"),
        "{en}"
    );
    // Every command and every argument has its Chinese help.
    let all = stdout(&renda_in("zh", &["--help"], tmp.path()));
    for line in all
        .lines()
        .filter(|l| l.starts_with("  ") && !l.trim().is_empty())
    {
        assert!(
            line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese help: {line}"
        );
    }
    let bad = renda_in("zh", &["search", "--levle", "县", "x"], tmp.path());
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(err.starts_with("错误：不认识的参数“--levle”"), "{err}");
    assert!(err.contains("--level"), "{err}");
    let bad = renda_in("zh", &["search", "--level", "州府", "x"], tmp.path());
    assert!(
        stderr(&bad).contains("不认识的层级“州府”"),
        "{}",
        stderr(&bad)
    );
    let bad = renda_in("en", &["search", "--level", "州府", "x"], tmp.path());
    assert!(
        stderr(&bad).contains("unknown level '州府'"),
        "{}",
        stderr(&bad)
    );
}

/// The words of Latin letters in `text` that a Chinese message may not
/// have: everything but flags (`--port`, `-n`), file extensions (`.docx`),
/// placeholders (`<端口>`), environment variables (`NO_COLOR`), paths and
/// globs (`county/**`), and the names in `allowed` (formats, values a flag
/// takes, the query's operators, …).
fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let latin = |c: char| c.is_ascii_alphanumeric() || "-_.:/*[]<>'\\=".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !latin(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && latin(chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let word = run.trim_matches(|c: char| "[]<>:'".contains(c));
        let fine = !word.chars().any(|c| c.is_ascii_alphabetic())
            || word.starts_with('-')
            || word.starts_with('.')
            || word.starts_with(|c: char| c.is_ascii_digit())
            || word.contains('/')
            || word.contains('*')
            || word.contains('=')
            || (word.contains('_') && word.chars().all(|c| !c.is_ascii_lowercase()))
            || word
                .split(['.', ':', '[', ']', '<', '>', '-'])
                .all(|w| !w.chars().any(|c| c.is_ascii_alphabetic()) || allowed.contains(&w));
        if !fine {
            out.push(run);
        }
    }
    out
}

/// Names a Chinese help may say as they are: formats, the values flags
/// take, the query's operators, programs and shells.
const ALLOWED_IN_CHINESE: &[&str] = &[
    "renda",
    "localhost",
    "text",
    "json",
    "jsonl",
    "csv",
    "md",
    "docx",
    "doc",
    "wps",
    "pdf",
    "txt",
    "odt",
    "html",
    "Word",
    "Excel",
    "WPS",
    "Markdown",
    "JSON",
    "Lines",
    "CSV",
    "YYYY",
    "MM",
    "DD",
    "AND",
    "OR",
    "NOT",
    "TO",
    "IN",
    "N",
    "n",
    "A",
    "B",
    "year",
    "title",
    "section",
    "region",
    "level",
    "file",
    "city",
    "county",
    "district",
    "province",
    "township",
    "national",
    "none",
    "left",
    "right",
    "speech",
    "auto",
    "always",
    "never",
    "zh",
    "en",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    "Ctrl",
    "C",
    "LANG",
    "api",
    "metadata",
    "csv",
    "M",
    "K",
    "MB",
    "index",
    "search",
    "export",
    "compare",
    "kwic",
    "similar",
    "stats",
    "parse",
    "label",
    "check",
    "serve",
    "mcp",
    "completions",
    "help",
    "Tab",
    "UTF",
    "GBK",
    "URL",
    "ASCII",
    "PDF",
    "id",
    // The Model Context Protocol, by its name.
    "MCP",
];

#[test]
fn english_words_are_found_and_flags_are_not() {
    assert_eq!(
        english_words("监听的端口 --port（0: any free port）", ALLOWED_IN_CHINESE),
        ["any", "free", "port"]
    );
    assert!(
        english_words(
            "用法：renda serve [选项] --bind <地址> .docx NO_COLOR county/**",
            ALLOWED_IN_CHINESE
        )
        .is_empty()
    );
    assert_eq!(
        english_words("看不懂：missing delimiter \\\"", ALLOWED_IN_CHINESE),
        ["missing", "delimiter"]
    );
}

#[test]
fn every_commands_help_is_chinese_but_for_names() {
    let tmp = tempfile::tempdir().unwrap();
    let top = stdout(&renda_in("zh", &["--help"], tmp.path()));
    let commands: Vec<&str> = top
        .split("\n命令")
        .nth(1)
        .unwrap_or_else(|| panic!("no commands in {top}"))
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(commands.contains(&"serve"), "{commands:?}");
    assert!(commands.len() >= 12, "{commands:?}");
    let mut texts = vec![("renda".to_string(), top.clone())];
    for c in &commands {
        let mut asks = vec![vec!["help", c]];
        if *c != "help" {
            asks.push(vec![c, "--help"]);
        }
        for args in asks {
            let out = renda_in("zh", &args, tmp.path());
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            texts.push((args.join(" "), stdout(&out)));
        }
    }
    let mut english = Vec::new();
    for (c, text) in texts {
        for line in text.lines() {
            let words = english_words(line, ALLOWED_IN_CHINESE);
            if !words.is_empty() {
                english.push(format!("renda {c}: {words:?} in {line}"));
            }
        }
    }
    assert!(english.is_empty(), "{}", english.join("\n"));
}

#[test]
fn query_syntax_errors_are_worded_in_the_language_asked() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in seeds() {
        write(&tmp.path().join("讲话"), &name, text);
    }
    let idx = tmp.path().join("idx");
    let idx = idx.to_str().unwrap();
    assert!(
        renda(&["index", "讲话", "--index", idx], tmp.path())
            .status
            .success()
    );
    for query in [
        "\"代表大会制度",
        "“代表大会制度",
        "(代表大会 OR 人大",
        "year:[2018 2020]",
        "year:[2018 TO 2020",
        "title: IN [a b]",
        "/代表.*/",
        "代表 AND",
        "AND",
    ] {
        let zh = renda_in("zh", &["search", query, "--index", idx], tmp.path());
        assert_eq!(zh.status.code(), Some(2), "{query}");
        let said = stderr(&zh);
        assert!(said.contains("查询"), "{query}: {said}");
        let english = english_words(&said, ALLOWED_IN_CHINESE);
        assert!(english.is_empty(), "{query}: {english:?} in {said}");
        let en = renda_in("en", &["search", query, "--index", idx], tmp.path());
        assert_eq!(en.status.code(), Some(2), "{query}");
        assert!(
            !stderr(&en)
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !query.contains(c)),
            "{query}: {}",
            stderr(&en)
        );
    }
    let said = stderr(&renda_in(
        "zh",
        &["search", "\"代表大会制度", "--index", idx],
        tmp.path(),
    ));
    assert!(said.contains("引号没有配对"), "{said}");
    let said = stderr(&renda_in(
        "en",
        &["search", "\"代表大会制度", "--index", idx],
        tmp.path(),
    ));
    assert!(said.contains("a quote is not closed"), "{said}");
    let said = stderr(&renda_in(
        "zh",
        &["search", "(代表大会 OR 人大", "--index", idx],
        tmp.path(),
    ));
    assert!(said.contains("括号没有配对"), "{said}");
}

#[test]
fn kwic_takes_a_quoted_term_as_search_does() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in seeds() {
        write(&tmp.path().join("讲话"), &name, text);
    }
    let idx = tmp.path().join("idx");
    let idx = idx.to_str().unwrap();
    assert!(
        renda(&["index", "讲话", "--index", idx], tmp.path())
            .status
            .success()
    );
    let bare = renda(
        &["kwic", "联系群众", "--index", idx, "--format", "json"],
        tmp.path(),
    );
    assert!(bare.status.success(), "{}", stderr(&bare));
    let bare: Value = serde_json::from_str(&stdout(&bare)).unwrap();
    assert!(bare["total_lines"].as_u64().unwrap() > 0, "{bare}");
    for quoted in ["\"联系群众\"", "“联系群众”", "「联系群众」"] {
        let out = renda(
            &["kwic", quoted, "--index", idx, "--format", "json"],
            tmp.path(),
        );
        assert!(out.status.success(), "{quoted}: {}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v, bare, "{quoted}");
    }
}

#[test]
fn indexing_a_folder_without_speeches_asks_whether_it_is_the_right_one() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("空")).unwrap();
    write(&tmp.path().join("图片"), "a.bmp", b"BM not a speech");
    for folder in ["空", "图片"] {
        let idx = tmp.path().join(format!("idx-{folder}"));
        let idx = idx.to_str().unwrap();
        let zh = renda_in("zh", &["index", folder, "--index", idx], tmp.path());
        assert!(zh.status.success(), "{}", stderr(&zh));
        let said = stdout(&zh);
        assert!(said.contains("已读取 0 个文件"), "{said}");
        assert!(
            said.contains(&format!("没有读到任何讲话，文件夹 {folder} 是不是选错了？")),
            "{said}"
        );
        let en = stdout(&renda_in(
            "en",
            &["index", folder, "--index", idx, "--rebuild"],
            tmp.path(),
        ));
        assert!(
            en.contains(&format!(
                "no speech was read; is {folder} the right folder?"
            )),
            "{en}"
        );
    }
    // A folder with speeches has no such hint, nor has a second run.
    for (name, text) in seeds() {
        write(&tmp.path().join("讲话"), &name, text);
    }
    let idx = tmp.path().join("idx");
    let idx = idx.to_str().unwrap();
    for _ in 0..2 {
        let out = renda_in("zh", &["index", "讲话", "--index", idx], tmp.path());
        assert!(!stdout(&out).contains("提示"), "{}", stdout(&out));
    }
}

#[test]
fn completions_for_each_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = renda_in("zh", &["completions", shell], tmp.path());
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains("renda"), "{shell}");
        assert!(script.contains("include-unknown"), "{shell}");
    }
    let fish = stdout(&renda_in("zh", &["completions", "fish"], tmp.path()));
    assert!(fish.contains("检索已索引讲话的段落"), "{fish}");
}

#[test]
fn a_compare_of_no_paragraphs_and_a_check_into_a_folder_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = renda_in("zh", &["compare", "乡村振兴", "--depth", "0"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("至少为 1 的段数"), "{}", stderr(&out));
    std::fs::write(tmp.path().join("稿.txt"), "代表要密切联系群众。\n").unwrap();
    std::fs::create_dir(tmp.path().join("报告")).unwrap();
    for force in [false, true] {
        let mut args = vec!["check", "稿.txt", "-o", "报告"];
        if force {
            args.push("--force");
        }
        let out = renda_in("zh", &args, tmp.path());
        assert_ne!(out.status.code(), Some(0));
        let err = stderr(&out);
        assert!(err.contains("报告：是文件夹"), "{err}");
        assert!(!err.contains("--force"), "{err}");
    }
}
