//! Files that fight back: binary data named .txt, empty files, invalid
//! bytes inside good text, unreadable files, names that are not UTF-8,
//! symlink loops, pipes, a 50 MB single line, files that vanish or change
//! while they are indexed. Each is reported and skipped, or read whole;
//! everything else is indexed, and nothing panics.

use crate::common;

use common::{children_max_rss, run_within};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{dump, err_text, expected_docs, out_text, run_renda, seeds, write};
use renda_core::corpus::{SkipReason, Skipped, read_bytes};
use renda_core::ingest::{Corpus, Observer, Parsed, content_hash};
use serde_json::Value;

/// A speech of its own, that shares no line with the seeds.
const OWN_SPEECH: &str = "在全县乡镇人大工作座谈会上的讲话\n同志们：\n今天的座谈会开得很好，甲乙丙丁戊己庚辛这个提法要落到实处。\n大家回去以后要抓好落实，确保各项工作取得实效。\n";

/// What indexing `root` should give, by file, from the parser.
fn expected(root: &Path) -> BTreeMap<String, BTreeSet<(u64, String)>> {
    let mut files: BTreeMap<String, BTreeSet<(u64, String)>> = BTreeMap::new();
    for d in expected_docs(root) {
        files
            .entry(d.file)
            .or_default()
            .insert((d.paragraph as u64, d.text));
    }
    files
}

/// `text` with an invalid byte in the middle of each of its three longest
/// lines.
fn with_invalid_bytes(text: &str) -> Vec<u8> {
    let mut lines: Vec<(usize, usize)> = Vec::new(); // (length, start)
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        lines.push((line.len(), start));
        start += line.len();
    }
    lines.sort_by(|a, b| b.cmp(a));
    let mut cuts: Vec<usize> = lines
        .iter()
        .take(3)
        .map(|&(len, start)| {
            (start + len / 2..)
                .find(|&i| text.is_char_boundary(i))
                .unwrap()
        })
        .collect();
    cuts.sort();
    let mut bytes = Vec::new();
    let mut from = 0;
    for (cut, junk) in cuts.into_iter().zip([0xFFu8, 0xC0, 0x80]) {
        bytes.extend_from_slice(&text.as_bytes()[from..cut]);
        bytes.push(junk);
        from = cut;
    }
    bytes.extend_from_slice(&text.as_bytes()[from..]);
    bytes
}

#[cfg(unix)]
#[test]
fn a_corpus_of_hostile_files_indexes_the_good_ones_and_reports_the_rest() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let seeds = seeds();
    for (name, text) in &seeds[..3] {
        write(&root, name, text);
    }
    // Invalid bytes inside otherwise good text.
    let (damaged_name, damaged_text) = &seeds[3];
    write(&root, damaged_name, with_invalid_bytes(damaged_text));
    write(&root, &seeds[4].0, &seeds[4].1);
    // A name that is not UTF-8 (GBK, as a Chinese Windows zip leaves it).
    let odd_name = root.join(std::ffi::OsStr::from_bytes(b"\xff\xfe\xd6\xd0.txt"));
    fs::write(&odd_name, OWN_SPEECH).unwrap();
    // What cannot be used.
    write(
        &root,
        "binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06",
    );
    write(&root, "empty.txt", b"");
    std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();
    let fifo = std::ffi::CString::new(root.join("pipe.txt").as_os_str().as_bytes()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);

    let index = tmp.path().join("index");
    let out = run_renda(
        tmp.path(),
        &["index", "speeches", "--index", index.to_str().unwrap()],
    );
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for (file, reason) in [
        ("binary.txt", "binary data, not text"),
        ("empty.txt", "empty file"),
        ("loop", "symlink loop"),
        ("dangling.txt", "cannot read"),
        ("pipe.txt", "not a regular file"),
    ] {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("speeches/{file}: ")))
            .unwrap_or_else(|| panic!("no message for {file} in {err}"));
        assert!(line.ends_with(reason) || line.contains(reason), "{line}");
    }
    assert_eq!(err.lines().count(), 5, "{err}");
    let summary = out_text(&out);
    assert!(summary.starts_with("6 files read: 6 speeches"), "{summary}");
    assert!(summary.contains("5 files skipped"), "{summary}");

    // Everything good is there, as it would be without the bad bytes: the
    // three bad bytes became three U+FFFD, and no good character is lost.
    let clean = tmp.path().join("clean");
    for (name, text) in &seeds {
        write(&clean, name, text);
    }
    write(&clean, "odd.txt", OWN_SPEECH);
    let mut want = expected(&clean);
    let odd = want.remove("odd.txt").unwrap();
    let mut got = dump(&index).expect("an index");
    let odd_rel = got
        .keys()
        .find(|k| k.ends_with("%FF%FE%D6%D0.txt"))
        .cloned()
        .expect("the file with the odd name is indexed");
    assert_eq!(got.remove(&odd_rel).unwrap(), odd);
    let damaged: String = got[damaged_name].iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(damaged.matches('\u{FFFD}').count(), 3);
    for docs in got.values_mut() {
        *docs = docs
            .iter()
            .map(|(n, t)| (*n, t.replace('\u{FFFD}', "")))
            .collect();
    }
    assert_eq!(got, want);
    // The odd name can be searched for and shown.
    let out = run_renda(
        tmp.path(),
        &[
            "search",
            "\"甲乙丙丁戊己庚辛\"",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(out_text(&out).contains(&odd_rel), "{}", out_text(&out));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_rest_indexed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let (name, text) = seeds().remove(0);
    write(&root, &name, &text);
    let locked = write(&root, "locked.txt", OWN_SPEECH);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("skipping: running with privileges that ignore file permissions");
        return;
    }
    let out = run_renda(tmp.path(), &["index", "speeches", "--index", "index"]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(
        err_text(&out).starts_with("speeches/locked.txt: cannot read: "),
        "{}",
        err_text(&out)
    );
    assert!(
        out_text(&out).starts_with("1 file read"),
        "{}",
        out_text(&out)
    );
    // Once it can be read, the next run takes it.
    let out = run_renda(tmp.path(), &["index", "speeches", "--index", "index"]);
    assert!(
        out_text(&out).starts_with("1 file read"),
        "{}",
        out_text(&out)
    );
    assert!(
        out_text(&out).contains("1 file unchanged"),
        "{}",
        out_text(&out)
    );
}

/// One line of the seeds' text repeated to about `size` bytes, ending
/// with `marker`.
fn one_line(size: usize, marker: &str) -> String {
    let flat: String = seeds().iter().map(|(_, t)| t.replace('\n', "")).collect();
    let mut line = String::with_capacity(size + marker.len());
    while line.len() + flat.len() < size {
        line.push_str(&flat);
    }
    line.push_str(marker);
    line
}

/// A paragraph just under the limit is indexed and searched whole; one
/// over it skips its file with the reason, and the rest is indexed.
#[test]
fn the_longest_paragraph_is_indexed_and_searched_and_a_longer_one_skipped() {
    use renda_core::corpus::MAX_PARAGRAPH_BYTES;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let (name, text) = seeds().remove(1);
    write(&root, &name, &text);
    let marker = "最后这一句话里有子丑寅卯辰巳午未这个独一无二的说法。";
    let line = one_line(MAX_PARAGRAPH_BYTES - 1024, marker);
    assert!(line.len() <= MAX_PARAGRAPH_BYTES);
    write(&root, "huge.txt", &line);
    drop(line);
    let mut over = text.clone();
    over.push_str(&"人民代表大会".repeat(MAX_PARAGRAPH_BYTES / 18 + 1));
    write(&root, "over.txt", &over);
    drop(over);

    let start = Instant::now();
    let out = run_renda(tmp.path(), &["index", "speeches", "--index", "index"]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    eprintln!("indexing a 16 MiB line took {took:?}");
    let summary = out_text(&out);
    assert!(summary.starts_with("2 files read: 2 speeches"), "{summary}");
    let lines = text.lines().count() + 1;
    assert_eq!(
        err_text(&out),
        format!(
            "speeches/over.txt: too large: line {lines} is a paragraph of 16.0 MiB, more than the 16 MiB renda takes in one paragraph\n"
        )
    );

    let start = Instant::now();
    let out = run_renda(
        tmp.path(),
        &["search", "\"子丑寅卯辰巳午未\"", "--color", "never"],
    );
    eprintln!("searching it took {:?}", start.elapsed());
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let text = out_text(&out);
    assert!(text.contains("huge.txt"), "{text}");
    assert!(text.contains(marker), "{text}");
    assert!(text.len() < 10_000, "a snippet, not the whole line");
    // A common phrase, found in the line as in the other speech.
    for (file, at_least) in [("huge.txt", 1), (name.as_str(), 2)] {
        let out = run_renda(
            tmp.path(),
            &[
                "search",
                "人大代表",
                "--file",
                file,
                "--format",
                "json",
                "-n",
                "1",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
        let v: Value = serde_json::from_str(&out_text(&out)).unwrap();
        assert!(
            v["total"].as_u64().unwrap() >= at_least,
            "{file}: {}",
            v["total"]
        );
    }
    // A concordance of a word the huge paragraph holds many times: every
    // occurrence counted, at most MAX_LINES_PER_PARAGRAPH of it listed.
    use renda_core::search::kwic::MAX_LINES_PER_PARAGRAPH;
    let huge = fs::read_to_string(root.join("huge.txt")).unwrap();
    let in_huge = huge.matches("代表").count();
    drop(huge);
    let out = run_renda(
        tmp.path(),
        &["kwic", "代表", "--format", "json", "-w", "200"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let v: Value = serde_json::from_str(&out_text(&out)).unwrap();
    let lines = v["lines"].as_array().unwrap();
    let from_huge = lines.iter().filter(|l| l["file"] == "huge.txt").count();
    assert!(in_huge > MAX_LINES_PER_PARAGRAPH, "{in_huge}");
    assert_eq!(from_huge, MAX_LINES_PER_PARAGRAPH);
    assert_eq!(
        v["total_lines"].as_u64().unwrap() as usize,
        in_huge + lines.len() - from_huge
    );
    let out = run_renda(tmp.path(), &["kwic", "代表", "--limit", "3"]);
    let text = out_text(&out);
    assert!(
        text.contains("(a paragraph lists at most 1000 of its occurrences)"),
        "{text}"
    );
    let out = run_renda(tmp.path(), &["kwic", "代表", "-w", "201"]);
    assert_eq!(out.status.code(), Some(2), "{}", err_text(&out));
    #[cfg(unix)]
    {
        let rss = children_max_rss();
        eprintln!("the most memory a renda run took: {} MiB", rss >> 20);
        assert!(rss < 1 << 30, "{} MiB", rss >> 20);
    }
    let out = run_renda(tmp.path(), &["stats", "--format", "json"]);
    let v: Value = serde_json::from_str(&out_text(&out)).unwrap();
    assert_eq!(v["speeches"], 2);
}

// ------------------------------------------------------------ files that move

/// Remembers what was skipped.
#[derive(Default)]
struct Seen(Vec<Skipped>);

impl Observer for Seen {
    fn skipped(&mut self, s: &Skipped) {
        self.0.push(s.clone());
    }
    fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
}

/// Read a corpus, with `meanwhile` run between the two passes; each file
/// read with what it gave.
fn read_with(root: &Path, meanwhile: impl FnOnce()) -> (BTreeMap<String, Parsed>, Vec<Skipped>) {
    let mut seen = Seen::default();
    let corpus = Corpus::open(root, &[], &mut seen).unwrap();
    meanwhile();
    let mut parsed = BTreeMap::new();
    corpus
        .read::<std::convert::Infallible>(
            |_| true,
            &mut seen,
            |file, p| {
                parsed.insert(file.rel.clone(), p);
                Ok(())
            },
        )
        .unwrap();
    (parsed, seen.0)
}

#[test]
fn a_file_that_vanishes_between_the_passes_is_reported() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let seeds = seeds();
        for (name, text) in &seeds {
            write(root, name, text);
        }
        let gone = &seeds[2].0;
        let (parsed, skipped) = read_with(root, || fs::remove_file(root.join(gone)).unwrap());
        assert_eq!(parsed.len(), 4);
        assert!(!parsed.contains_key(gone));
        assert_eq!(skipped.len(), 1);
        assert_eq!(&skipped[0].rel, gone);
        assert_eq!(skipped[0].reason.kind(), "unreadable");
        assert!(
            skipped[0].to_string().contains("cannot read"),
            "{}",
            skipped[0]
        );
    })
}

#[test]
fn a_file_that_changes_between_the_passes_is_indexed_as_read() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let seeds = seeds();
    for (name, text) in &seeds {
        write(root, name, text);
    }
    let changed = &seeds[0].0;
    let (parsed, skipped) = read_with(root, || {
        write(root, changed, OWN_SPEECH);
    });
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(parsed.len(), 5);
    let p = &parsed[changed];
    // The new text, whole, with the hash of the new bytes: the next run
    // sees the file as it is and leaves it.
    assert_eq!(p.hash, content_hash(OWN_SPEECH.as_bytes()));
    let text: Vec<&str> = p
        .speech
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        text,
        [
            "今天的座谈会开得很好，甲乙丙丁戊己庚辛这个提法要落到实处。",
            "大家回去以后要抓好落实，确保各项工作取得实效。"
        ]
    );
}

#[test]
fn a_file_rewritten_while_it_is_read_is_never_taken_half_old_half_new() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("busy.txt");
    let seeds = seeds();
    let a = seeds[1].1.repeat(20).into_bytes();
    let b = seeds[3].1.repeat(20).into_bytes();
    assert_ne!(a.len(), b.len());
    fs::write(&path, &a).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (mut whole, mut partial, mut changing) = (0, 0, 0);
    std::thread::scope(|s| {
        // Someone saving the file over and over, in place.
        s.spawn(|| {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                fs::write(&path, if n.is_multiple_of(2) { &b } else { &a }).unwrap();
                n += 1;
            }
        });
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            match read_bytes(&path) {
                Ok(bytes) if bytes == a || bytes == b => whole += 1,
                // The file as it stood while being written: the start of
                // one version (the next run reads it again, as its hash
                // differs), never a mix of the two.
                Ok(bytes) => {
                    assert!(
                        a.starts_with(&bytes) || b.starts_with(&bytes),
                        "a mix of two versions ({} bytes)",
                        bytes.len()
                    );
                    partial += 1;
                }
                Err(SkipReason::Changing) => changing += 1,
                Err(e) => panic!("{e}"),
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    eprintln!("reads: {whole} whole, {partial} partial, {changing} while changing");
    // How the reads fall depends on the scheduler; what must hold is above:
    // no read is ever a mix of the two versions.
    assert!(whole + partial + changing > 10, "the file was hardly read");
    // Once it is left alone, it reads whole.
    fs::write(&path, &a).unwrap();
    assert_eq!(read_bytes(&path).unwrap(), a);
}

// ------------------------------------------------------------ dictionaries

/// A `--dict` beyond renda's limits (too large, too many entries, a line or
/// a word too long, a control character) is refused with the line that
/// breaks it, before anything is written; a bad dictionary already kept
/// in an index (from an older renda) makes searches fail in one line, not
/// panic; a good `--dict` mends that index.
#[test]
fn dictionaries_beyond_the_limits_are_refused_with_their_line() {
    use renda_core::analysis::dictionary::{MAX_DICT_BYTES, MAX_DICT_ENTRIES, MAX_WORD_CHARS};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (name, text) = seeds().remove(0);
    write(root, &format!("speeches/{name}"), &text);
    let mut many = String::new();
    for i in 0..=MAX_DICT_ENTRIES {
        // Distinct words: two Chinese characters and a number.
        many.push_str(&format!("代表{i}\n"));
    }
    let long_word = "人".repeat(MAX_WORD_CHARS + 1);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "huge.dict",
            "中".repeat(MAX_DICT_BYTES as usize / 3 + 1).into_bytes(),
            "more than the 8 MiB renda reads",
        ),
        (
            "many.dict",
            many.into_bytes(),
            ":200001: more than 200000 entries",
        ),
        (
            "long-word.dict",
            format!("督办单 5\n\n{long_word} 3\n").into_bytes(),
            ":3: a word of 33 characters",
        ),
        (
            "long-line.dict",
            format!("督办单 5\n{}\n", "x ".repeat(200)).into_bytes(),
            ":2: a line of 400 bytes",
        ),
        (
            "escape.dict",
            "督办单 5\n督\u{1b}[2J办 5\n".to_string().into_bytes(),
            ":2: `督\\u{1b}[2J办` holds a control character",
        ),
        ("freq.dict", b"a 1000000000000".to_vec(), ":1: frequency"),
    ];
    for (file, bytes, words) in &cases {
        write(root, file, bytes);
        let index = format!("index-{file}");
        let out = run_renda(
            root,
            &["index", "speeches", "--index", &index, "--dict", file],
        );
        let err = err_text(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{file}: {err}");
        assert!(err.contains(file) && err.contains(words), "{file}: {err}");
        assert!(!root.join(&index).exists(), "{file}: nothing written");
    }

    // An index whose kept dictionary breaks the limits, as one an older
    // renda accepted: refused in one line by every reading command.
    let out = run_renda(root, &["index", "speeches", "--index", "index", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    fs::write(root.join("index/renda-dict.txt"), format!("{long_word}\n")).unwrap();
    for args in [
        vec!["search", "代表"],
        vec!["kwic", "代表"],
        vec!["compare", "代表"],
        vec!["similar", "--text", "代表要学好宪法和法律"],
    ] {
        let out = run_renda(root, &args);
        let err = err_text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("renda-dict.txt:1: a word of 33 characters") && err.contains("--dict"),
            "{args:?}: {err}"
        );
    }
    write(root, "good.dict", "督办单 5\n");
    let out = run_renda(root, &["index", "speeches", "--dict", "good.dict", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let out = run_renda(root, &["search", "代表", "-n", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
}

// ------------------------------------------------------------ special files

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {path:?}"
    );
}

/// A pipe, a device or a folder where renda expects a file — as
/// `metadata.csv`, as `--dict`, as `renda parse FILE`, as `similar --file`
/// — is refused at once as `not a regular file`, never read (a pipe would
/// block, `/dev/zero` never ends); the run goes on where it can.
#[cfg(unix)]
#[test]
fn pipes_devices_and_folders_are_refused_at_once_wherever_a_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (name, text) = seeds().remove(0);
    for corpus in ["fifo", "folder"] {
        write(root, &format!("{corpus}/{name}"), &text);
    }
    mkfifo(&root.join("fifo/metadata.csv"));
    fs::create_dir(root.join("folder/metadata.csv")).unwrap();
    for (corpus, what) in [("fifo", "a named pipe"), ("folder", "a folder")] {
        let index = format!("index-{corpus}");
        // Twice: a first run, and one over an index that exists.
        for _ in 0..2 {
            let out = run_within(root, &["index", corpus, "--index", &index], 20);
            let err = err_text(&out);
            assert_eq!(out.status.code(), Some(0), "{corpus}: {err}");
            assert_eq!(
                err,
                format!(
                    "renda: {corpus}/metadata.csv: not a regular file ({what}); the speeches are read without it\n"
                )
            );
        }
        let out = run_within(root, &["stats", "--index", &index, "--format", "json"], 20);
        let v: Value = serde_json::from_str(&out_text(&out)).unwrap();
        assert_eq!(v["speeches"], 1, "{corpus}");
    }

    mkfifo(&root.join("pipe.txt"));
    mkfifo(&root.join("pipe.dict"));
    fs::create_dir(root.join("dir.txt")).unwrap();
    let refused: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["parse", "pipe.txt"],
            "pipe.txt: not a regular file (a named pipe)",
        ),
        (
            vec!["parse", "/dev/zero"],
            "/dev/zero: not a regular file (a device)",
        ),
        (
            vec!["parse", "dir.txt"],
            "dir.txt: not a regular file (a folder)",
        ),
        (vec!["parse", "fifo"], "fifo: not a regular file (a folder)"),
        (
            vec![
                "index",
                "fifo",
                "--index",
                "index-fifo",
                "--dict",
                "pipe.dict",
            ],
            "pipe.dict: not a regular file (a named pipe)",
        ),
        (
            vec![
                "index",
                "fifo",
                "--index",
                "index-fifo",
                "--dict",
                "/dev/zero",
            ],
            "/dev/zero: not a regular file (a device)",
        ),
        (
            vec![
                "index",
                "fifo",
                "--index",
                "index-fifo",
                "--dict",
                "dir.txt",
            ],
            "dir.txt: not a regular file (a folder)",
        ),
        (
            vec![
                "similar",
                "--index",
                "index-fifo",
                "--file",
                "pipe.txt",
                "--paragraph",
                "1",
            ],
            "no speech 'pipe.txt' in the index",
        ),
    ];
    for (args, words) in &refused {
        let out = run_within(root, args, 20);
        let err = err_text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
    }
    // The index refused a bad --dict and kept what it had.
    let out = run_within(
        root,
        &["search", "--index", "index-fifo", "代表", "-n", "1"],
        20,
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
}

// ------------------------------------------------------------ bombs

/// A `.docx` whose `word/document.xml` is `head`, then `fill` repeated
/// `times` times, then `tail`, deflated as it is written (never whole in
/// memory).
fn docx_bomb(head: &str, fill: &str, times: usize, tail: &str) -> Vec<u8> {
    zip_bomb("word/document.xml", head, fill, times, tail)
}

/// A zip whose `entry` is `head`, `fill` `times` over, then `tail`.
fn zip_bomb(entry: &str, head: &str, fill: &str, times: usize, tail: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file(entry, options).unwrap();
    zip.write_all(head.as_bytes()).unwrap();
    let chunk = fill.repeat((1 << 20) / fill.len().max(1));
    let per_chunk = (1 << 20) / fill.len().max(1);
    let mut left = times;
    while left > 0 {
        let n = left.min(per_chunk);
        if n == per_chunk {
            zip.write_all(chunk.as_bytes()).unwrap();
        } else {
            zip.write_all(fill.repeat(n).as_bytes()).unwrap();
        }
        left -= n;
    }
    zip.write_all(tail.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Zip bombs: a small `.docx` that inflates to hundreds of megabytes of
/// XML, or holds one paragraph of many megabytes, is skipped with the
/// reason, quickly and within the memory of the benchmark (1 GiB); the
/// good files beside it are indexed.
#[test]
fn docx_bombs_are_stopped_by_the_inflated_size_and_the_paragraph_length() {
    use renda_core::corpus::{MAX_INFLATED_BYTES, MAX_PARAGRAPH_BYTES};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let (name, text) = seeds().remove(0);
    write(&root, &name, &text);
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>在全县人大工作会议上的讲话</w:t></w:r></w:p>";
    let tail = "</w:body></w:document>";
    let blanks = docx_bomb(head, " ", MAX_INFLATED_BYTES as usize + (64 << 20), tail);
    let paragraphs = docx_bomb(
        head,
        "<w:p><w:r><w:t>人大代表</w:t></w:r></w:p>",
        (MAX_INFLATED_BYTES as usize) / 40 + 1,
        tail,
    );
    let one = docx_bomb(
        &format!("{head}<w:p><w:r><w:t>"),
        "人民代表大会",
        MAX_PARAGRAPH_BYTES / 18 + 1,
        &format!("</w:t></w:r></w:p>{tail}"),
    );
    // The same for an OpenDocument text, whose content.xml is zipped too.
    let odt = zip_bomb(
        "content.xml",
        "<?xml version=\"1.0\"?><office:document-content><office:body><office:text><text:p>",
        " ",
        MAX_INFLATED_BYTES as usize + (64 << 20),
        "</text:p></office:text></office:body></office:document-content>",
    );
    for (file, bytes) in [
        ("blanks.docx", &blanks),
        ("paragraphs.docx", &paragraphs),
        ("one.docx", &one),
        ("blanks.odt", &odt),
    ] {
        assert!(bytes.len() < 1 << 20, "{file} is {} bytes", bytes.len());
        write(&root, file, bytes);
    }
    let start = Instant::now();
    let out = run_within(tmp.path(), &["index", "speeches", "--index", "index"], 120);
    eprintln!("indexing the bombs took {:?}", start.elapsed());
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        out_text(&out).starts_with("1 file read: 1 speech"),
        "{}",
        out_text(&out)
    );
    let reasons: Vec<&str> = err.lines().collect();
    assert_eq!(
        reasons,
        [
            "speeches/blanks.docx: too large: word/document.xml inflates to more than 128 MiB",
            "speeches/blanks.odt: too large: content.xml inflates to more than 128 MiB",
            "speeches/one.docx: too large: paragraph 2 is more than the 16 MiB renda takes in one paragraph",
            "speeches/paragraphs.docx: too large: more than the 200000 paragraphs renda takes from one file",
        ]
    );
    for file in ["blanks.docx", "one.docx"] {
        let out = run_within(&root, &["parse", file], 60);
        assert_eq!(out.status.code(), Some(2));
        assert!(err_text(&out).contains("too large"), "{}", err_text(&out));
    }
    #[cfg(unix)]
    {
        let rss = children_max_rss();
        eprintln!("the most memory a renda run took: {} MiB", rss >> 20);
        assert!(rss < 1 << 30, "{} MiB", rss >> 20);
    }
}

// ------------------------------------------------------------ names

/// The copies a run lists (in its summary, in `stats` and in `parse
/// --copies`) show a name's escape sequences and line breaks escaped.
#[cfg(unix)]
#[test]
fn copies_with_control_characters_in_their_names_are_listed_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let corpus = root.join("speeches");
    let (_, text) = seeds().remove(0);
    write(&corpus, "a.txt", &text);
    write(&corpus, "副\u{1b}[2J本\n.txt", &text);
    let raw = |s: &str| s.contains('\u{1b}') || s.contains("本\n");
    let shown = "副\\u{1b}[2J本\\n.txt";
    let out = run_renda(root, &["index", "speeches", "--index", "index"]);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    for (what, out) in [
        ("index", out),
        ("stats", run_renda(root, &["stats", "--index", "index"])),
        ("parse", run_renda(&corpus, &["parse", "--copies", "a.txt"])),
    ] {
        let text = out_text(&out);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", err_text(&out));
        assert!(!raw(&text), "{what}: {text:?}");
        assert!(text.contains(shown), "{what}: {text}");
    }
}

/// File names and `metadata.csv` cells holding an escape sequence and a
/// line break are shown escaped — never reaching the terminal as they are,
/// never breaking a `path: reason` line, a CSV row or a Markdown heading —
/// in every command's output and in exports; the index keeps them as they
/// are (JSON carries them exactly).
#[cfg(unix)]
#[test]
fn control_characters_in_names_and_cells_are_shown_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let corpus = root.join("speeches");
    let (_, text) = seeds().remove(0);
    let evil = "讲\u{1b}[2J话\n第二行.txt";
    write(&corpus, evil, &text);
    write(&corpus, "空\u{1b}]0;title\u{7}\n.txt", "");
    write(
        &corpus,
        "metadata.csv",
        "file,level,year,region,title\n\"讲\u{1b}[2J话\n第二行.txt\",county,2023,\"临\u{1b}[31m洮\n县\",\"标\u{1b}[1m题\n下一行\"\nbad.txt,county,\"20\u{1b}[5m23\n\",,\n",
    );
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{7}');
    let out = run_renda(root, &["index", "speeches", "--index", "index"]);
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!raw(&err), "{err:?}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines.contains(&"speeches/空\\u{1b}]0;title\\u{7}\\n.txt: empty file"),
        "{err}"
    );
    assert!(
        lines.contains(&"renda: speeches/metadata.csv:3: not a year: '20\\u{1b}[5m23'"),
        "{err}"
    );

    let runs: Vec<Vec<&str>> = vec![
        vec!["search", "代表", "--color", "never"],
        vec!["search", "代表", "--color", "always"],
        vec!["search", "代表", "--format", "csv"],
        vec!["search", "代表", "--format", "md"],
        vec!["kwic", "代表", "--color", "never"],
        vec!["compare", "代表", "--by", "region"],
        vec!["compare", "代表", "--by", "speech", "--format", "md"],
        vec![
            "similar",
            "--text",
            "代表要学好宪法和法律法规，打牢依法履职的基本功",
        ],
        vec!["stats"],
    ];
    for args in &runs {
        let out = run_renda(root, args);
        let text = out_text(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", err_text(&out));
        // Colour codes of renda's own are fine; none from the names.
        let without_colour = strip_colour(&text);
        assert!(!raw(&without_colour), "{args:?}: {text:?}");
        if args[0] != "stats" {
            assert!(text.contains("u{1b}"), "{args:?}: {text}");
        }
    }
    let out = run_renda(root, &["search", "代表", "--color", "never"]);
    let text = out_text(&out);
    assert!(text.contains("讲\\u{1b}[2J话\\n第二行.txt"), "{text}");
    assert!(text.contains("标\\u{1b}[1m题\\n下一行"), "{text}");
    // JSON keeps them exactly (escaped as JSON escapes them).
    let out = run_renda(root, &["search", "代表", "--format", "json", "-n", "1"]);
    let v: Value = serde_json::from_str(&out_text(&out)).unwrap();
    assert_eq!(v["hits"][0]["file"], evil);
    assert_eq!(v["hits"][0]["region"], "临\u{1b}[31m洮\n县");

    let out = run_renda(&corpus, &["parse", evil]);
    let text = out_text(&out);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(!raw(&text), "{text:?}");
    assert!(text.contains("标\\u{1b}[1m题\\n下一行"), "{text}");

    for file in ["out.md", "out.csv", "out.docx"] {
        let out = run_renda(root, &["export", "代表", "-o", file]);
        assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
        assert!(!raw(&err_text(&out)));
        let bytes = fs::read(root.join(file)).unwrap();
        let text = if file.ends_with(".docx") {
            renda_core::corpus::docx_text(&bytes).expect("a readable .docx")
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(!raw(&text), "{file}: {text:?}");
        // (Markdown escapes the backslash and the bracket once more.)
        let shown = text.replace("\\\\", "\\").replace("\\[", "[");
        assert!(
            shown.contains("讲\\u{1b}[2J话\\n第二行.txt"),
            "{file}: {text}"
        );
    }
    let csv = fs::read_to_string(root.join("out.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    for row in reader.records() {
        let row = row.unwrap();
        assert!(!row[0].contains('\n') && !row[6].contains('\n'), "{row:?}");
    }
}

/// `text` without renda's own colour codes (`ESC [ digits m`).
fn strip_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('\u{1b}') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let code = after
            .strip_prefix('[')
            .and_then(|a| a.find('m').map(|end| (a, end)))
            .filter(|(a, end)| a[..*end].bytes().all(|b| b.is_ascii_digit() || b == b';'));
        match code {
            Some((a, end)) => rest = &a[end + 1..],
            None => {
                out.push('\u{1b}');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Pseudo-random numbers (a fixed linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

#[test]
fn damaged_office_files_and_pages_never_panic() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut rng = Lcg(7);
    let (_, seed) = seeds().remove(0);
    let page = format!(
        "<html><head><meta charset=utf-8><title>t</title></head><body><div><p>{}</p></div></body></html>",
        seed.replace('\n', "</p><p>")
    );
    let mhtml = format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64_of(page.as_bytes())
    );
    let cases: [(&str, Vec<u8>, usize); 5] = [
        ("doc", fs::read(fixtures.join("seed.doc")).unwrap(), 300),
        ("wps", fs::read(fixtures.join("seed.doc")).unwrap(), 100),
        ("pdf", fs::read(fixtures.join("seed.pdf")).unwrap(), 25),
        ("html", page.into_bytes(), 200),
        ("mhtml", mhtml.into_bytes(), 200),
    ];
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for (ext, good, tries) in cases {
        let format = renda_core::corpus::Format::of_path(Path::new(&format!("x.{ext}"))).unwrap();
        assert!(
            renda_core::corpus::document_from_bytes(format, &good).is_ok(),
            "{ext}"
        );
        for t in 0..tries {
            let mut bytes = good.clone();
            match t % 3 {
                // Cut short.
                0 => bytes.truncate(rng.next(bytes.len())),
                // Bytes overwritten at random.
                1 => {
                    for _ in 0..1 + rng.next(16) {
                        let at = rng.next(bytes.len());
                        bytes[at] = rng.next(256) as u8;
                    }
                }
                // A block zeroed or repeated.
                _ => {
                    let at = rng.next(bytes.len());
                    let len = rng.next(4096).min(bytes.len() - at);
                    if t % 2 == 0 {
                        bytes[at..at + len].fill(0);
                    } else {
                        let block = bytes[at..at + len].to_vec();
                        bytes.splice(at..at, block);
                    }
                }
            }
            let result = std::panic::catch_unwind(|| {
                renda_core::corpus::document_from_bytes(format, &bytes)
            });
            let result = result.unwrap_or_else(|_| panic!("{ext}: panicked on damaged input {t}"));
            let key = match result {
                Ok(_) => format!("{ext}: read"),
                Err(e) => format!("{ext}: {}", e.kind()),
            };
            *outcomes.entry(key).or_default() += 1;
        }
    }
    eprintln!("{outcomes:?}");
    for ext in ["doc", "pdf"] {
        assert!(
            outcomes
                .get(&format!("{ext}: damaged file"))
                .is_some_and(|&n| n > 0),
            "{ext}: no damaged file seen: {outcomes:?}"
        );
    }
}

fn base64_of(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if out.len() % 77 == 76 {
            out.push_str("\r\n");
        }
    }
    out
}

/// The runs of Latin letters in a Chinese skip reason that are not names:
/// file names and extensions, the parts and streams of a file, formats,
/// sizes and units.
fn english_in(reason: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "renda",
        "zip",
        "OLE",
        "XML",
        "PDF",
        "MIME",
        "MiB",
        "MB",
        "KiB",
        "GiB",
        "Word",
        "Excel",
        "PowerPoint",
        "WordDocument",
        "0Table",
        "1Table",
        "Form",
        "XObject",
        "ToUnicode",
        "UTF",
        "GB",
        "OCR",
        "WPS",
        "libreoffice",
        "headless",
        "convert",
        "to",
        "docx",
        "pdftotext",
        "enc",
    ];
    let mut out = Vec::new();
    for word in reason.split(|c: char| !(c.is_ascii_alphanumeric() || "._/-[]:".contains(c))) {
        let name = word.contains('.') || word.contains('/') || word.starts_with('-');
        let letters = word.chars().filter(char::is_ascii_alphabetic).count();
        let known = word
            .split(|c: char| !c.is_ascii_alphanumeric())
            .all(|w| w.chars().all(|c| !c.is_ascii_alphabetic()) || NAMES.contains(&w));
        if !name && letters > 1 && !known {
            out.push(word.to_string());
        }
    }
    out
}

/// Files that are damaged in each way a reader names, and what the reason
/// says in English: the same files give Chinese reasons without it.
fn damaged_in_each_way() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let seed_doc = fs::read(fixtures.join("seed.doc")).unwrap();
    let seed_pdf = fs::read(fixtures.join("seed.pdf")).unwrap();
    let zip = |files: &[(&str, &str)]| {
        common::zip_of(
            &files
                .iter()
                .map(|(n, t)| (*n, t.to_string()))
                .collect::<Vec<_>>(),
        )
    };
    let bad_xml = "<w:document><w:body><w:p><w:r><w:t>中文</w:t></w:r></w:p></w:bod></w:document>";
    let bad_odt = "<office:document-content><office:body><text:p>中文</text:p></office:bod>";
    let mime = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n中文\r\n--b--\r\n";
    // The seed's WordDocument stream with its header's mark changed.
    let mut not_word = seed_doc.clone();
    let at = not_word
        .windows(2)
        .position(|w| w == b"\xEC\xA5")
        .expect("a Word header");
    not_word[at] = 0;
    vec![
        (
            "notzip.docx",
            b"PK\x03\x04 not a zip".to_vec(),
            "not a readable zip archive (",
        ),
        (
            "nobody.docx",
            zip(&[("a.txt", "x")]),
            "no word/document.xml inside",
        ),
        (
            "badxml.docx",
            zip(&[("word/document.xml", bad_xml)]),
            "word/document.xml: ",
        ),
        (
            "notzip.odt",
            b"PK\x03\x04 not a zip".to_vec(),
            "not a readable zip archive (",
        ),
        (
            "nobody.odt",
            zip(&[("mimetype", "x")]),
            "no content.xml inside",
        ),
        (
            "badxml.odt",
            zip(&[("content.xml", bad_odt)]),
            "content.xml: ",
        ),
        (
            "cut.doc",
            seed_doc[..600].to_vec(),
            "not a readable OLE compound file (",
        ),
        (
            "notword.doc",
            not_word,
            "does not start with a Word header (0x",
        ),
        (
            "text.doc",
            "中文".repeat(100).into_bytes(),
            "not a Word document",
        ),
        (
            "garbage.pdf",
            b"%PDF-1.4\n\x01\x02 garbage".to_vec(),
            "not a readable PDF (",
        ),
        ("cut.pdf", seed_pdf[..seed_pdf.len() / 3].to_vec(), ""),
        (
            "noheader.pdf",
            b"\x01\x02 no header".to_vec(),
            "no PDF header",
        ),
        (
            "nopage.mhtml",
            mime.as_bytes().to_vec(),
            "no web page (text/html part) inside",
        ),
    ]
}

#[test]
fn damaged_files_are_named_in_chinese_and_the_libraries_words_kept_for_english() {
    use renda::i18n::{Lang, Say};
    use renda_core::corpus::{Format, document_from_bytes};
    for (name, bytes, english) in damaged_in_each_way() {
        let format = Format::of_path(Path::new(name)).unwrap();
        let reason = |lang| {
            document_from_bytes(format, &bytes)
                .map(|_| ())
                .unwrap_err()
                .say(lang)
        };
        let (zh, en) = (reason(Lang::Zh), reason(Lang::En));
        assert!(en.contains(english), "{name}: {en}");
        assert!(
            english_in(&zh).is_empty(),
            "{name}: {zh}: {:?}",
            english_in(&zh)
        );
        assert!(
            zh.starts_with("损坏") || zh.starts_with("太大"),
            "{name}: {zh}"
        );
    }
    // Damaged at random too: whatever a reader meets, it says in Chinese.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut rng = Lcg(24);
    let (_, seed) = seeds().remove(0);
    let body: String = seed
        .lines()
        .map(|l| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", common::escape(l)))
        .collect();
    let odt = format!(
        "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text>{}</office:text></office:body></office:document-content>",
        seed.lines()
            .map(|l| format!("<text:p>{}</text:p>", common::escape(l)))
            .collect::<String>()
    );
    let cases = [
        ("x.doc", fs::read(fixtures.join("seed.doc")).unwrap()),
        ("x.pdf", fs::read(fixtures.join("seed.pdf")).unwrap()),
        ("x.docx", common::docx(&body)),
        ("x.odt", common::zip_of(&[("content.xml", odt)])),
    ];
    let mut seen = BTreeSet::new();
    for (name, good) in cases {
        let format = Format::of_path(Path::new(name)).unwrap();
        for t in 0..60 {
            let mut bytes = good.clone();
            if t % 2 == 0 {
                bytes.truncate(rng.next(bytes.len()));
            } else {
                for _ in 0..1 + rng.next(16) {
                    let at = rng.next(bytes.len());
                    bytes[at] = rng.next(256) as u8;
                }
            }
            let Err(e) = document_from_bytes(format, &bytes) else {
                continue;
            };
            let zh = e.say(Lang::Zh);
            assert!(english_in(&zh).is_empty(), "{name} #{t}: {zh}");
            seen.insert(format!("{name}: {}", e.kind()));
        }
    }
    assert!(seen.len() >= 4, "{seen:?}");
}

#[test]
fn an_index_run_names_each_damaged_file_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("speeches");
    let cases = damaged_in_each_way();
    for (name, bytes, _) in &cases {
        write(&corpus, name, bytes);
    }
    write(&corpus, "own.txt", OWN_SPEECH);
    let out = common::renda_command(tmp.path())
        .env("RENDA_LANG", "zh")
        .args(["index", "speeches", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let err = err_text(&out);
    for (name, _, _) in &cases {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("跳过：speeches/{name}：")))
            .unwrap_or_else(|| panic!("{name} not reported: {err}"));
        let reason = line.split_once(&format!("{name}：")).unwrap().1;
        assert!(english_in(reason).is_empty(), "{line}");
    }
    assert!(
        out_text(&out).contains("已读取 1 个文件"),
        "{}",
        out_text(&out)
    );
}

#[test]
fn english_in_a_reason_is_found_and_names_are_not() {
    assert_eq!(
        english_in("损坏的 .docx：not a readable zip archive (Could not find EOCD)"),
        ["not", "readable", "archive", "Could", "not", "find", "EOCD"]
    );
    assert!(
        english_in(
            "损坏的 .doc 文件：1Table：文字片段表不完整；word/document.xml 解压后超过 128 MiB"
        )
        .is_empty()
    );
}

/// A `--dict` saved in GBK or UTF-16 is read as metadata.csv is (its words
/// then cut the texts); one in no encoding is refused in Chinese, in one
/// line that names it.
#[test]
fn a_dictionary_in_gbk_or_utf16_is_read_and_one_of_no_text_refused_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (name, text) = seeds().remove(0);
    write(root, &format!("speeches/{name}"), &text);
    let words = "督办单 500 n\n代表议案 300\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(words.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let zh = |args: &[&str]| {
        common::renda_command(root)
            .env("RENDA_LANG", "zh")
            .args(args)
            .output()
            .unwrap()
    };
    for (file, bytes) in [("gbk.dict", common::gb18030(words)), ("utf16.dict", utf16)] {
        write(root, file, &bytes);
        let index = format!("index-{file}");
        let out = zh(&["index", "speeches", "--index", &index, "--dict", file]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", err_text(&out));
        assert_eq!(err_text(&out), "", "{file}");
        let out = zh(&["search", "代表", "--index", &index, "-n", "1"]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", err_text(&out));
    }
    let binary: Vec<u8> = (0..3000u32).map(|i| (i * 7919 % 251) as u8).collect();
    write(root, "binary.dict", &binary);
    let out = zh(&[
        "index",
        "speeches",
        "--index",
        "index-binary",
        "--dict",
        "binary.dict",
    ]);
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("binary.dict"), "{err}");
    let reason = err.rsplit_once('：').map_or(err.as_str(), |(_, r)| r);
    assert!(english_in(reason).is_empty() && !reason.is_empty(), "{err}");
    assert!(!root.join("index-binary").exists());
}
