//! Fixtures shared by the corpus integration tests: the sample speeches
//! shipped in `corpus/` and small helpers to write files.

pub mod http;
pub mod webdriver;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

/// The keys of a hit in JSON, in the order they are written.
pub const HIT_KEYS: [&str; 14] = [
    "file",
    "title",
    "level",
    "level_label",
    "year",
    "date",
    "region",
    "section",
    "paragraph",
    "text",
    "snippet",
    "score",
    "matches",
    "duplicates",
];

/// The sample speeches shipped in the repository, as (file name, text).
pub fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut seeds: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5, "expected the five seed speeches in {dir:?}");
    seeds
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

pub fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// A minimal but real .docx: the given `w:body` content in `word/document.xml`.
pub fn docx(body: &str) -> Vec<u8> {
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                .to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                .to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
    ];
    zip_of(&files)
}

pub fn zip_of(files: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One `w:p` per line; the first non-empty line is split over several runs.
pub fn paragraphs(lines: &[&str]) -> String {
    let mut body = String::new();
    let mut split = false;
    for line in lines {
        body.push_str("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>");
        let chars: Vec<char> = line.chars().collect();
        let runs: Vec<String> = if !split && chars.len() > 10 {
            split = true;
            chars.chunks(7).map(|c| c.iter().collect()).collect()
        } else {
            vec![line.to_string()]
        };
        for run in runs {
            body.push_str(&format!(
                "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(&run)
            ));
        }
        body.push_str("</w:p>");
    }
    assert!(split, "no line was long enough to split into runs");
    body
}

// ------------------------------------------------------------ index and search

/// The folder of real texts next to the repository, or `None` (after saying
/// so) when it is not there, as on a fresh clone.
pub fn real_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/corpus/real not present");
        None
    }
}

/// The seed speeches' folder in the repository.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The renda binary, to be run in `dir` with a clean environment (only
/// `PATH`), so that no `RENDA_INDEX` or `NO_COLOR` of the user leaks in.
pub fn renda_command(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_renda"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        // Tests of what renda says in Chinese set RENDA_LANG=zh.
        .env("RENDA_LANG", "en");
    cmd
}

/// Run renda in `dir` (see [`renda_command`]) and wait for it.
pub fn run_renda<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> std::process::Output {
    output(renda_command(dir).args(args))
}

/// Run `cmd` (stdin empty, stdout and stderr captured) and wait for it,
/// as [`std::process::Command::output`] does, noting the memory it took
/// for [`children_max_rss`].
pub fn output(cmd: &mut std::process::Command) -> std::process::Output {
    run_measured(cmd, None)
}

thread_local! {
    /// The most memory a process waited for by [`output`] or
    /// [`run_within`] on this thread took, in bytes. Each test runs on a
    /// thread of its own, so this is what one test's runs took, whatever
    /// the tests running beside it in this process start.
    static CHILDREN_MAX_RSS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Run `cmd` and wait for it (killing it and failing after `within`, if
/// given): its output, and its peak memory noted in [`CHILDREN_MAX_RSS`].
// The child is reaped by `wait_child` (wait4), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_measured(
    cmd: &mut std::process::Command,
    within: Option<std::time::Duration>,
) -> std::process::Output {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run renda");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).unwrap();
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let (status, rss) = loop {
        // A deadline is watched by polling; without one, wait.
        match wait_child(&child, within.is_none()) {
            Some(done) => break done,
            None => {
                if within.is_some_and(|w| start.elapsed() > w) {
                    child.kill().unwrap();
                    wait_child(&child, true);
                    panic!("{cmd:?} did not end within {within:?}");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    };
    CHILDREN_MAX_RSS.with(|peak| peak.set(peak.get().max(rss)));
    std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Reap `child` if it has ended (or, with `block`, once it ends): its exit
/// status and peak memory in bytes. `wait4` gives the usage of this child
/// alone, where `getrusage(RUSAGE_CHILDREN)` would give the largest of
/// every child of this process, those of other tests included.
fn wait_child(child: &std::process::Child, block: bool) -> Option<(std::process::ExitStatus, u64)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let flags = if block { 0 } else { libc::WNOHANG };
    loop {
        let mut status = 0;
        // SAFETY: wait4 fills the status and the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        match unsafe { libc::wait4(pid, &mut status, flags, &mut usage) } {
            0 => return None,
            r if r == pid => {
                let status = std::process::ExitStatus::from_raw(status);
                return Some((status, usage.ru_maxrss as u64 * 1024));
            }
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
            _ => panic!("wait4: {}", std::io::Error::last_os_error()),
        }
    }
}

pub fn out_text(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn err_text(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Start `renda index CORPUS --index INDEX -q` in the background, so that
/// the caller can work meanwhile; finish it with [`finish_indexing`].
pub fn start_indexing(corpus: &Path, index: &Path) -> std::process::Child {
    renda_command(corpus)
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("-q")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run renda index")
}

/// Wait for an indexing run, which must succeed; its stdout (the summary).
pub fn finish_indexing(child: std::process::Child) -> String {
    let out = child.wait_with_output().expect("wait for renda index");
    assert!(
        out.status.success(),
        "renda index failed: {}",
        err_text(&out)
    );
    out_text(&out)
}

/// `renda index CORPUS --index INDEX -q`, which must succeed; its stdout.
pub fn index_folder(corpus: &Path, index: &Path) -> String {
    finish_indexing(start_indexing(corpus, index))
}

/// A folder under Cargo's scratch space for tests, emptied first. The
/// index of a large corpus lives there for the whole test process (a
/// `static` is never dropped, so a temporary folder would be left behind
/// in /tmp on every run).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    match fs::remove_dir_all(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("cannot empty {dir:?}: {e}"),
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// One document the index should hold, as the parser saw it: a heading
/// (`paragraph` 0, `section` the heading itself) or a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Doc {
    pub file: String,
    pub paragraph: usize,
    pub text: String,
    pub title: String,
    pub level: Option<renda_core::speech::Level>,
    pub year: Option<u16>,
    pub region: Option<String>,
    pub section: Option<String>,
}

struct Silent;

impl renda_core::ingest::Observer for Silent {
    fn skipped(&mut self, _: &renda_core::corpus::Skipped) {}
    fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
}

/// What indexing `root` should put in the index, found without the index:
/// every file parsed as `renda index` parses it (same walk, same corpus-wide
/// boilerplate), one document for the title, the salutation, each heading
/// and each paragraph, and one empty document for a speech with none.
pub fn expected_docs(root: &Path) -> Vec<Doc> {
    let corpus = renda_core::ingest::Corpus::open(root, &[], &mut Silent).unwrap();
    let mut docs = Vec::new();
    let read = corpus.read::<std::convert::Infallible>(
        |_| true,
        &mut Silent,
        |_, parsed| {
            let s = parsed.speech;
            let doc = |text: &str, section: Option<&str>, paragraph: usize| Doc {
                file: s.file.clone(),
                paragraph,
                text: text.to_string(),
                title: s.labels.title.clone(),
                level: s.labels.level,
                year: s.labels.year,
                region: s.labels.region.clone(),
                section: section.map(str::to_string),
            };
            if let Some(title) = s.searchable_title() {
                docs.push(doc(title, None, 0));
            }
            if let Some(sal) = &s.salutation {
                docs.push(doc(sal, None, 0));
            }
            for h in &s.sections {
                docs.push(doc(&h.heading, Some(&h.heading), 0));
            }
            for p in &s.paragraphs {
                docs.push(doc(&p.text, p.section.as_deref(), p.n));
            }
            if s.searchable_title().is_none()
                && s.salutation.is_none()
                && s.sections.is_empty()
                && s.paragraphs.is_empty()
            {
                docs.push(doc("", None, 0));
            }
            Ok(())
        },
    );
    read.unwrap_or_else(|never| match never {});
    docs
}

/// Every speech of `root` as `renda index` parses it.
pub fn parsed_speeches(root: &Path) -> Vec<renda_core::speech::Speech> {
    let corpus = renda_core::ingest::Corpus::open(root, &[], &mut Silent).unwrap();
    let mut out = Vec::new();
    let read = corpus.read::<std::convert::Infallible>(
        |_| true,
        &mut Silent,
        |_, parsed| {
            out.push(parsed.speech);
            Ok(())
        },
    );
    read.unwrap_or_else(|never| match never {});
    out
}

/// A tiny deterministic PRNG (xorshift64), so that sampled phrases are the
/// same on every run.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Whether `path` matches a shell glob: `*` and `?` within a folder, `**`
/// across folders, and a glob without `/` matches the file name in any
/// folder. Written out by hand, independently of renda's own translation.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    fn go(g: &[char], p: &[char]) -> bool {
        match g.split_first() {
            None => p.is_empty(),
            Some(('*', rest)) if rest.first() == Some(&'*') => {
                (0..=p.len()).any(|i| go(&rest[1..], &p[i..]))
            }
            Some(('*', rest)) => (0..=p.len())
                .take_while(|&i| i == 0 || p[i - 1] != '/')
                .any(|i| go(rest, &p[i..])),
            Some(('?', rest)) => p.first().is_some_and(|&c| c != '/') && go(rest, &p[1..]),
            Some((c, rest)) => p.first() == Some(c) && go(rest, &p[1..]),
        }
    }
    let g: Vec<char> = glob.chars().collect();
    let p: Vec<char> = path.chars().collect();
    if glob.contains('/') {
        go(&g, &p)
    } else {
        let name = path.rsplit('/').next().unwrap_or(path);
        go(&g, &name.chars().collect::<Vec<char>>())
    }
}

/// What an index holds: each file with its documents as (paragraph, text),
/// by `renda search '*'`; `None` when there is no index (yet) to search.
pub type Dump = BTreeMap<String, BTreeSet<(u64, String)>>;

/// Rewrite the payload of the last commit of `index` (renda's record of
/// its folders, in `meta.json`).
pub fn edit_payload(index: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    edit(&mut payload);
    meta["payload"] = serde_json::Value::String(payload.to_string());
    fs::write(&path, meta.to_string()).unwrap();
}

pub fn dump(index: &Path) -> Option<Dump> {
    let out = run_renda(
        index.parent().unwrap(),
        &[
            "search",
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
            "--no-collapse",
            "-n",
            "10000000",
            "*",
        ],
    );
    let err = err_text(&out);
    match out.status.code() {
        Some(0 | 1) => {}
        Some(2) if err.contains("no index here") => return None,
        other => panic!("search of {index:?} exited {other:?}: {err}"),
    }
    let v = serde_json::from_str::<serde_json::Value>(&out_text(&out)).expect("one JSON object");
    let mut files = Dump::new();
    for h in v["hits"].as_array().unwrap() {
        files
            .entry(h["file"].as_str().unwrap().to_string())
            .or_default()
            .insert((
                h["paragraph"].as_u64().unwrap(),
                h["text"].as_str().unwrap().to_string(),
            ));
    }
    assert_eq!(
        files.values().map(BTreeSet::len).sum::<usize>() as u64,
        v["total"].as_u64().unwrap()
    );
    Some(files)
}

// ------------------------------------------------------------ files renda writes

/// The CSV as Excel reads it: a byte-order mark, CRLF after every record
/// (line breaks inside quoted cells may stay LF), the header in row 1.
pub fn excel_csv(s: &str) -> &str {
    let body = s.strip_prefix('\u{feff}').expect("a byte-order mark first");
    assert!(body.ends_with("\r\n"), "CRLF line ends");
    let first_line = body.split("\r\n").next().unwrap();
    assert!(!first_line.starts_with('#'), "no preamble: {first_line}");
    body
}

/// The header row Python's csv module reads from `csv` (opened as
/// `utf-8-sig`, as people open Excel's files); skipped with a note when
/// there is no `python3`.
pub fn python_csv_header(csv: &str, header: &[String]) {
    let script = "import csv,sys,json\nrows=list(csv.reader(open(sys.argv[1],encoding='utf-8-sig',newline='')))\nprint(json.dumps(rows[0]))";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, csv).unwrap();
    match std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
    {
        Ok(o) if o.status.success() => {
            let got: Vec<String> = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(got, header);
        }
        Ok(o) => panic!("python3 csv: {}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => eprintln!("note: no python3; the csv module check is skipped"),
    }
}

/// Walk WordprocessingML and check that the children of every `w:pPr` and
/// `w:rPr` are names of their schema sequence, in its order. Returns how
/// many property elements were checked.
pub fn check_schema_order(xml: &str) -> usize {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    use renda::output::ooxml::{PPR_ORDER, RPR_ORDER};
    // The spec's order for a few pairs, whatever the table says.
    let before = |order: &[&str], a: &str, b: &str| {
        let at = |n| order.iter().position(|x| *x == n).unwrap();
        assert!(at(a) < at(b), "{a} before {b}");
    };
    before(PPR_ORDER, "w:pStyle", "w:rPr");
    before(PPR_ORDER, "w:spacing", "w:jc");
    before(RPR_ORDER, "w:b", "w:color");
    before(RPR_ORDER, "w:color", "w:sz");
    before(RPR_ORDER, "w:sz", "w:highlight");
    before(RPR_ORDER, "w:rFonts", "w:b");

    let mut reader = Reader::from_str(xml);
    // Per open element: its name and the rank of its last child checked.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut checked = 0;
    let mut visit = |stack: &mut Vec<(String, usize)>, name: &str| {
        if let Some((parent, last)) = stack.last_mut() {
            let order = match parent.as_str() {
                "w:pPr" => PPR_ORDER,
                "w:rPr" => RPR_ORDER,
                _ => return,
            };
            let rank = order
                .iter()
                .position(|n| *n == name)
                .unwrap_or_else(|| panic!("{name} is not a child of {parent}"));
            assert!(rank >= *last, "{name} out of order in {parent}");
            *last = rank;
            checked += 1;
        }
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = e.name().0.to_string();
                visit(&mut stack, &name);
                stack.push((name, 0));
            }
            Event::Empty(e) => visit(&mut stack, e.name().0),
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    checked
}

/// Run renda in `dir`, which must end within `secs` seconds (else it is
/// killed and the test fails): a reader must never hang.
pub fn run_within(dir: &Path, args: &[&str], secs: u64) -> std::process::Output {
    run_measured(
        renda_command(dir).args(args),
        Some(std::time::Duration::from_secs(secs)),
    )
}

/// The most memory any renda run of this test (started with
/// [`run_renda`], [`output`] or [`run_within`]) took, in bytes.
#[cfg(unix)]
pub fn children_max_rss() -> u64 {
    CHILDREN_MAX_RSS.with(std::cell::Cell::get)
}

/// A PDF of `objects` (numbered from 1; object 1 is the catalog) with a
/// correct cross-reference table; `trailer` is added to the trailer.
pub fn pdf_with(objects: &[impl AsRef<[u8]>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body.as_ref());
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let trailer = trailer.replace("{xref}", &xref.to_string());
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
