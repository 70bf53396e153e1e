//! Files that fight back: binary data named .txt, empty files, invalid
//! bytes inside good text, unreadable files, names that are not UTF-8,
//! symlink loops, pipes, a 50 MB single line, files that vanish or change
//! while they are indexed. Each is reported and skipped, or read whole;
//! everything else is indexed, and nothing panics.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{dump, err_text, expected_docs, out_text, run_renda, seeds, write};
use renda::corpus::{SkipReason, Skipped, read_bytes};
use renda::ingest::{Corpus, Observer, Parsed, content_hash};
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
        .find(|k| k.ends_with("\u{FFFD}.txt"))
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

#[test]
fn a_50_mb_single_line_is_indexed_and_searched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let (name, text) = seeds().remove(1);
    write(&root, &name, &text);
    let flat: String = seeds().iter().map(|(_, t)| t.replace('\n', "")).collect();
    let marker = "最后这一句话里有子丑寅卯辰巳午未这个独一无二的说法。";
    let size = 50 * 1024 * 1024;
    let mut line = String::with_capacity(size + marker.len());
    while line.len() + flat.len() < size {
        line.push_str(&flat);
    }
    line.push_str(marker);
    write(&root, "huge.txt", &line);
    drop(line);

    let start = Instant::now();
    let out = run_renda(tmp.path(), &["index", "speeches", "--index", "index"]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    eprintln!("indexing a 50 MB line took {took:?}");
    let summary = out_text(&out);
    assert!(summary.starts_with("2 files read: 2 speeches"), "{summary}");

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
    fn warning(&mut self, _: &str) {}
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
        let format = renda::corpus::Format::of_path(Path::new(&format!("x.{ext}"))).unwrap();
        assert!(
            renda::corpus::document_from_bytes(format, &good).is_ok(),
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
            let result =
                std::panic::catch_unwind(|| renda::corpus::document_from_bytes(format, &bytes));
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
