//! renda's benchmark program (issue 5), driven by `benches/run.sh`.
//!
//! ```sh
//! cargo bench --bench bench -- make-corpus --size-mb 50 --out /tmp/b/corpus
//! cargo bench --bench bench -- jieba --dir /tmp/b/corpus
//! cargo bench --bench bench -- query --index /tmp/b/index --phrases benches/phrases.txt --runs 20
//! cargo bench --bench bench -- e2e --renda target/release/renda --index /tmp/b/index \
//!     --dir /tmp/b/corpus --phrases benches/phrases.txt --runs 5
//! cargo bench --bench bench -- space --index /tmp/b/index
//! cargo bench --bench bench -- report --results /tmp/b/results
//! ```
//!
//! Every subcommand prints what it measured and, with `--json FILE`, writes
//! it for `report`, which sets each figure beside its target. Targets live
//! here and in BENCHMARKS.md, never in tests. MB are 10^6 bytes.

use std::collections::BTreeMap;
use std::fs;
use std::hint::black_box;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use renda::search::{self, SearchRequest};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tantivy::schema::Value as _;
use tantivy::{DocAddress, TantivyDocument};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The file `make-corpus` leaves in a corpus it made (hidden: renda and rg
/// pass over it).
const MARKER: &str = ".bench-corpus.json";

const MB: f64 = 1e6;

#[derive(Parser)]
#[command(name = "bench", about = "renda's benchmark program")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
    /// Passed by `cargo bench`; ignored.
    #[arg(long = "bench", global = true, hide = true)]
    _bench: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// Copy the bulk corpus into DIR, replicated with a changed first line
    /// per copy, until it holds SIZE MB.
    MakeCorpus {
        #[arg(long)]
        size_mb: u64,
        #[arg(long)]
        out: PathBuf,
        /// The corpus to copy from.
        #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bulk"))]
        src: PathBuf,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Segment every file with plain jieba-rs on one thread: the reference
    /// speed for indexing.
    Jieba {
        #[arg(long)]
        dir: PathBuf,
        /// Segment with renda's dictionary (jieba's + the 人大 terms) instead
        /// of jieba's default one.
        #[arg(long)]
        renda_dict: bool,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// renda's reading half alone (walk, decode, boilerplate, clean, parse;
    /// no index): where the indexing time goes that is not Tantivy's.
    Ingest {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Reading throughput of single files (a .doc, a .pdf, …): each file
    /// decoded into paragraphs `--runs` times, in process, one thread.
    Formats {
        /// The files to read (their extension says how).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
    /// In-process query latency: cold start, first queries, warm p50/p99.
    Query {
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        phrases: PathBuf,
        #[arg(long, default_value_t = 20)]
        runs: usize,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// `renda check` in process: a draft of about `--chars` characters made
    /// of sentences of the corpus (two from each of many files, each pair
    /// followed by a sentence of the writer's own), checked `--runs` times.
    Check {
        #[arg(long)]
        index: PathBuf,
        /// The corpus the draft's sentences are taken from.
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 5000)]
        chars: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// End-to-end `renda search` processes against `rg -c -F`, alternating.
    E2e {
        /// The renda binary.
        #[arg(long)]
        renda: PathBuf,
        #[arg(long)]
        index: PathBuf,
        /// The corpus folder rg searches.
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        phrases: PathBuf,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Where the index's bytes go: by component and by field.
    Space {
        #[arg(long)]
        index: PathBuf,
        /// Documents read to estimate the stored bytes of each field.
        #[arg(long, default_value_t = 20_000)]
        sample: usize,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// The Markdown table of a `run.sh` results folder, each figure beside
    /// its target.
    Report {
        #[arg(long)]
        results: PathBuf,
    },
    /// Check this program's own helpers.
    Selftest,
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::MakeCorpus {
            size_mb,
            out,
            src,
            json,
        } => make_corpus(size_mb, &out, &src).and_then(|r| save(json.as_deref(), &r)),
        Cmd::Jieba {
            dir,
            renda_dict,
            json,
        } => jieba(&dir, renda_dict).and_then(|r| save(json.as_deref(), &r)),
        Cmd::Ingest { dir, json } => ingest(&dir).and_then(|r| save(json.as_deref(), &r)),
        Cmd::Formats { files, runs } => formats(&files, runs),
        Cmd::Query {
            index,
            phrases,
            runs,
            limit,
            json,
        } => query(&index, &phrases, runs, limit).and_then(|r| save(json.as_deref(), &r)),
        Cmd::Check {
            index,
            dir,
            chars,
            runs,
            json,
        } => check(&index, &dir, chars, runs).and_then(|r| save(json.as_deref(), &r)),
        Cmd::E2e {
            renda,
            index,
            dir,
            phrases,
            runs,
            limit,
            json,
        } => {
            e2e(&renda, &index, &dir, &phrases, runs, limit).and_then(|r| save(json.as_deref(), &r))
        }
        Cmd::Space {
            index,
            sample,
            json,
        } => space(&index, sample).and_then(|r| save(json.as_deref(), &r)),
        Cmd::Report { results } => report(&results),
        Cmd::Selftest => selftest(),
    };
    if let Err(e) = result {
        eprintln!("bench: {e}");
        std::process::exit(2);
    }
}

fn save<T: Serialize>(path: Option<&Path>, value: &T) -> Result<()> {
    if let Some(p) = path {
        fs::write(p, serde_json::to_string_pretty(value)?)
            .map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// CPU time (user + system) this process has used so far: on a busy
/// machine it shows the work done, where wall time also shows the waiting.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// This process's peak resident set size so far, in MiB.
fn peak_rss_mib() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    usage.ru_maxrss as f64 / 1024.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The nearest-rank percentile `p` (0–100) of `values`.
fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The phrases of a phrase file: one a line; blank lines and `#` comments
/// are skipped.
fn read_phrases(path: &Path) -> Result<Vec<String>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let phrases: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if phrases.is_empty() {
        return Err(format!("{}: no phrases", path.display()).into());
    }
    Ok(phrases)
}

/// The files under `dir` (not hidden), sorted, with their paths relative
/// to `dir`.
fn files_under(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)?
                .to_string_lossy()
                .into_owned();
            out.push((entry.path().to_path_buf(), rel));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- make-corpus

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct CorpusInfo {
    src: String,
    size_mb: u64,
    files: usize,
    bytes: u64,
    /// Copies of the source, the last one partial when the size asks so.
    copies: usize,
    /// Bytes of the source's files.
    #[serde(default)]
    src_bytes: u64,
}

/// `bytes` with `（副本k）` at the end of its first line.
fn mark_copy(bytes: &[u8], k: usize) -> Vec<u8> {
    let mark = format!("（副本{k}）");
    let mut end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    if end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    let mut out = Vec::with_capacity(bytes.len() + mark.len());
    out.extend_from_slice(&bytes[..end]);
    out.extend_from_slice(mark.as_bytes());
    out.extend_from_slice(&bytes[end..]);
    out
}

fn make_corpus(size_mb: u64, out: &Path, src: &Path) -> Result<CorpusInfo> {
    let src = src
        .canonicalize()
        .map_err(|e| format!("{}: {e}", src.display()))?;
    let marker = out.join(MARKER);
    if marker.is_file() {
        let info: CorpusInfo = serde_json::from_slice(&fs::read(&marker)?)?;
        if info.size_mb == size_mb && info.src == src.to_string_lossy() {
            println!(
                "corpus: reusing {} ({} files, {} bytes, {:.1} MB, {} copies)",
                out.display(),
                info.files,
                info.bytes,
                info.bytes as f64 / MB,
                info.copies
            );
            return Ok(info);
        }
        return Err(format!(
            "{}: holds a corpus of another size or source; remove it first",
            out.display()
        )
        .into());
    }
    if size_mb == 0 {
        return Err("--size-mb must be at least 1".into());
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(format!("{}: not empty; give a new folder", out.display()).into());
    }
    let mut files = files_under(&src)?;
    if files.is_empty() {
        return Err(format!("{}: no files", src.display()).into());
    }
    // A fixed mixed order, so that a corpus smaller than the source holds
    // laws and news alike.
    files.sort_by_key(|(_, rel)| (xxhash_rust::xxh3::xxh3_64(rel.as_bytes()), rel.clone()));
    let mut src_bytes = 0;
    for (path, _) in &files {
        src_bytes += fs::metadata(path)?.len();
    }
    let target = size_mb * 1_000_000;
    let (mut n, mut bytes, mut copies) = (0usize, 0u64, 0usize);
    'copies: for k in 0.. {
        copies = k + 1;
        for (path, rel) in &files {
            if bytes >= target {
                break 'copies;
            }
            let data = fs::read(path)?;
            let data = if k == 0 { data } else { mark_copy(&data, k) };
            let dest = out.join(format!("copy{k:02}")).join(rel);
            fs::create_dir_all(dest.parent().expect("a file has a parent"))?;
            fs::write(&dest, &data)?;
            n += 1;
            bytes += data.len() as u64;
        }
        if bytes >= target {
            break;
        }
    }
    let info = CorpusInfo {
        src: src.to_string_lossy().into_owned(),
        size_mb,
        files: n,
        bytes,
        copies,
        src_bytes,
    };
    fs::write(&marker, serde_json::to_string_pretty(&info)?)?;
    println!(
        "corpus: {} files, {} bytes ({:.1} MB), {} cop{} of {} → {}",
        n,
        bytes,
        bytes as f64 / MB,
        copies,
        if copies == 1 { "y" } else { "ies" },
        src.display(),
        out.display()
    );
    Ok(info)
}

// ---------------------------------------------------------------- jieba

#[derive(Debug, Serialize, Deserialize)]
struct JiebaResult {
    dictionary: String,
    files: usize,
    bytes: u64,
    tokens: u64,
    load_s: f64,
    /// Wall time in `cut` alone.
    cut_s: f64,
    /// CPU time of the loop (reading and cutting; one thread).
    cpu_s: f64,
    /// Reading and cutting.
    wall_s: f64,
    /// Over the wall time in `cut`.
    mb_per_s: f64,
    /// Over the CPU time of the loop: what the speed would be on an idle
    /// machine.
    mb_per_cpu_s: f64,
}

fn jieba(dir: &Path, renda_dict: bool) -> Result<JiebaResult> {
    let files = files_under(dir)?;
    let t = Instant::now();
    let jieba = if renda_dict {
        renda::analysis::Dictionary::builtin().jieba()
    } else {
        std::sync::Arc::new(jieba_rs::Jieba::new())
    };
    let load = t.elapsed();
    let (mut bytes, mut tokens, mut cut) = (0u64, 0u64, Duration::ZERO);
    let wall = Instant::now();
    let cpu = cpu_time();
    for (path, _) in &files {
        let text = String::from_utf8_lossy(&fs::read(path)?).into_owned();
        let t = Instant::now();
        let words = jieba.cut(&text, true);
        cut += t.elapsed();
        // A broken segmenter must not look fast.
        assert!(
            !words.is_empty() || text.trim().is_empty(),
            "{}: no tokens",
            path.display()
        );
        assert!(words.iter().map(|w| w.word.len()).sum::<usize>() == text.len());
        tokens += words.len() as u64;
        bytes += text.len() as u64;
        black_box(words);
    }
    let wall = wall.elapsed();
    let cpu = cpu_time() - cpu;
    assert!(tokens > 0, "no tokens at all");
    let r = JiebaResult {
        dictionary: if renda_dict { "renda" } else { "jieba default" }.into(),
        files: files.len(),
        bytes,
        tokens,
        load_s: secs(load),
        cut_s: secs(cut),
        wall_s: secs(wall),
        cpu_s: secs(cpu),
        mb_per_s: bytes as f64 / MB / secs(cut),
        mb_per_cpu_s: bytes as f64 / MB / secs(cpu),
    };
    println!(
        "jieba ({}, 1 thread, cut(text, true)): {} files, {:.1} MB, {} tokens; \
         load {:.3} s; cut {:.2} s = {:.2} MB/s (with reading: {:.2} s wall, {:.2} s CPU = {:.2} MB/CPU-s)",
        r.dictionary,
        r.files,
        bytes as f64 / MB,
        tokens,
        r.load_s,
        r.cut_s,
        r.mb_per_s,
        r.wall_s,
        r.cpu_s,
        r.mb_per_cpu_s
    );
    Ok(r)
}

// ---------------------------------------------------------------- ingest

#[derive(Debug, Serialize, Deserialize)]
struct IngestResult {
    files: usize,
    paragraphs: usize,
    /// Bytes of the files parsed.
    bytes: u64,
    /// Pass 1: walk, read, decode, count boilerplate lines, hash.
    open_s: f64,
    open_cpu_s: f64,
    /// Peak RSS after pass 1, which keeps the file list, the hashes and the
    /// boilerplate counts for pass 2.
    open_peak_rss_mib: f64,
    /// Peak RSS after pass 2.
    peak_rss_mib: f64,
    /// Pass 2: read, decode, clean, parse.
    parse_s: f64,
    parse_cpu_s: f64,
    mb_per_s: f64,
    mb_per_cpu_s: f64,
}

struct Quiet;

impl renda::ingest::Observer for Quiet {
    fn skipped(&mut self, _: &renda::corpus::Skipped) {}
    fn warning(&mut self, _: &str) {}
}

/// Read each file `runs` times and print its throughput: input MB/s,
/// characters of text and paragraphs a second.
fn formats(files: &[PathBuf], runs: usize) -> Result<()> {
    for path in files {
        let bytes = fs::read(path)?;
        let format =
            renda::corpus::Format::of_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let first = renda::corpus::document_from_bytes(format, &bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let chars = first.text.chars().count();
        let paragraphs = first.text.lines().filter(|l| !l.trim().is_empty()).count();
        let runs = runs.max(1);
        let t = Instant::now();
        for _ in 0..runs {
            black_box(renda::corpus::document_from_bytes(format, black_box(&bytes)).ok());
        }
        let each = secs(t.elapsed()) / runs as f64;
        println!(
            "{}: {:.1} KB, {} paragraphs, {} characters; {:.2} ms a read: {:.1} MB/s of file, {:.0}k characters/s",
            path.display(),
            bytes.len() as f64 / 1e3,
            paragraphs,
            chars,
            each * 1e3,
            bytes.len() as f64 / MB / each,
            chars as f64 / each / 1e3,
        );
    }
    Ok(())
}

fn ingest(dir: &Path) -> Result<IngestResult> {
    let (t, cpu) = (Instant::now(), cpu_time());
    let corpus = renda::ingest::Corpus::open(dir, &[], &mut Quiet)?;
    let (open, open_cpu) = (t.elapsed(), cpu_time() - cpu);
    let open_rss = peak_rss_mib();
    let (t, cpu) = (Instant::now(), cpu_time());
    let mut bytes = 0u64;
    let summary = corpus.read::<std::convert::Infallible>(
        |_| true,
        &mut Quiet,
        |file, parsed| {
            bytes += fs::metadata(&file.path).map_or(0, |m| m.len());
            black_box(parsed);
            Ok(())
        },
    );
    let summary = summary.unwrap_or_else(|never| match never {});
    let (parse, parse_cpu) = (t.elapsed(), cpu_time() - cpu);
    assert!(summary.paragraphs > 0, "no paragraphs parsed");
    let total = secs(open + parse);
    let r = IngestResult {
        files: summary.files,
        paragraphs: summary.paragraphs,
        bytes,
        open_s: secs(open),
        open_cpu_s: secs(open_cpu),
        open_peak_rss_mib: open_rss,
        peak_rss_mib: peak_rss_mib(),
        parse_s: secs(parse),
        parse_cpu_s: secs(parse_cpu),
        mb_per_s: bytes as f64 / MB / total,
        mb_per_cpu_s: bytes as f64 / MB / secs(open_cpu + parse_cpu),
    };
    println!(
        "ingest (no index): {} files, {} paragraphs, {:.1} MB; pass 1 (read, boilerplate; every core) \
         {:.2} s ({:.2} CPU-s); pass 2 (clean, parse; 1 thread) {:.2} s ({:.2} CPU-s): {:.2} MB/s, {:.2} MB/CPU-s; \
         peak RSS {:.0} MiB after pass 1, {:.0} MiB after pass 2",
        r.files,
        r.paragraphs,
        bytes as f64 / MB,
        r.open_s,
        r.open_cpu_s,
        r.parse_s,
        r.parse_cpu_s,
        r.mb_per_s,
        r.mb_per_cpu_s,
        r.open_peak_rss_mib,
        r.peak_rss_mib
    );
    Ok(r)
}

// ---------------------------------------------------------------- query

#[derive(Debug, Serialize, Deserialize)]
struct Latency {
    n: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

impl Latency {
    fn of(samples: &[f64]) -> Self {
        Latency {
            n: samples.len(),
            p50_ms: percentile(samples, 50.0),
            p99_ms: percentile(samples, 99.0),
            max_ms: samples.iter().copied().fold(f64::NAN, f64::max),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct PhraseLatency {
    phrase: String,
    exact_total: usize,
    exact_median_ms: f64,
    theme_total: usize,
    theme_median_ms: f64,
}

#[derive(Debug, Serialize, Deserialize)]
struct QueryResult {
    runs: usize,
    limit: usize,
    /// `renda::index::open`: tantivy's open, the schema check, the
    /// dictionary and the tokenizers' registration.
    open_ms: f64,
    /// The first exact-phrase search after opening.
    first_exact_ms: f64,
    /// The first theme search (loads jieba and the dictionaries).
    first_theme_ms: f64,
    /// `index.reader()` + `searcher()`, which every search does.
    reader_open: Latency,
    exact: Latency,
    theme: Latency,
    /// CPU time per search (process-wide; the search runs on one thread):
    /// less disturbed than wall time on a busy machine.
    exact_cpu: Latency,
    theme_cpu: Latency,
    phrases: Vec<PhraseLatency>,
}

fn query(index: &Path, phrases: &Path, runs: usize, limit: usize) -> Result<QueryResult> {
    let phrases = read_phrases(phrases)?;
    let t = Instant::now();
    let idx = renda::index::open(index)?;
    let open = t.elapsed();
    let request = |q: String| SearchRequest {
        query: q,
        limit,
        collapse: true,
        ..Default::default()
    };
    let exact_q = |p: &str| request(format!("\"{p}\""));
    let theme_q = |p: &str| request(p.to_string());
    let run = |req: &SearchRequest| -> Result<(usize, f64, f64)> {
        let cpu = cpu_time();
        let t = Instant::now();
        let r = search::search(&idx, req)?;
        let elapsed = ms(t.elapsed());
        let cpu = ms(cpu_time() - cpu);
        if r.total == 0 {
            return Err(format!(
                "{}: no hits; the phrase must occur in the corpus",
                req.query
            )
            .into());
        }
        black_box(&r);
        Ok((r.total, elapsed, cpu))
    };
    let (_, first_exact, _) = run(&exact_q(&phrases[0]))?;
    let (_, first_theme, _) = run(&theme_q(&phrases[0]))?;
    // One pass untimed, then `runs` timed passes.
    for p in &phrases {
        run(&exact_q(p))?;
        run(&theme_q(p))?;
    }
    let mut reader = Vec::new();
    for _ in 0..runs.max(1) * 5 {
        let t = Instant::now();
        let searcher = idx.index.reader()?.searcher();
        reader.push(ms(t.elapsed()));
        black_box(searcher);
    }
    let (mut exact, mut exact_cpu) = (Vec::new(), Vec::new());
    let (mut theme, mut theme_cpu) = (Vec::new(), Vec::new());
    let mut per: Vec<(usize, Vec<f64>, usize, Vec<f64>)> =
        vec![(0, Vec::new(), 0, Vec::new()); phrases.len()];
    for _ in 0..runs {
        for (i, p) in phrases.iter().enumerate() {
            let (n, t, c) = run(&exact_q(p))?;
            exact.push(t);
            exact_cpu.push(c);
            per[i].0 = n;
            per[i].1.push(t);
            let (n, t, c) = run(&theme_q(p))?;
            theme.push(t);
            theme_cpu.push(c);
            per[i].2 = n;
            per[i].3.push(t);
        }
    }
    let r = QueryResult {
        runs,
        limit,
        open_ms: ms(open),
        first_exact_ms: first_exact,
        first_theme_ms: first_theme,
        reader_open: Latency::of(&reader),
        exact: Latency::of(&exact),
        theme: Latency::of(&theme),
        exact_cpu: Latency::of(&exact_cpu),
        theme_cpu: Latency::of(&theme_cpu),
        phrases: phrases
            .iter()
            .zip(per)
            .map(|(p, (en, et, tn, tt))| PhraseLatency {
                phrase: p.clone(),
                exact_total: en,
                exact_median_ms: median(&et),
                theme_total: tn,
                theme_median_ms: median(&tt),
            })
            .collect(),
    };
    println!(
        "query: open {:.1} ms; first exact {:.1} ms; first theme {:.1} ms (jieba load); \
         reader() p50 {:.2} ms",
        r.open_ms, r.first_exact_ms, r.first_theme_ms, r.reader_open.p50_ms
    );
    for (what, l, c) in [
        ("exact", &r.exact, &r.exact_cpu),
        ("theme", &r.theme, &r.theme_cpu),
    ] {
        println!(
            "query: {what} warm ({} searches): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms \
             (CPU: p50 {:.2} ms, p99 {:.2} ms)",
            l.n, l.p50_ms, l.p99_ms, l.max_ms, c.p50_ms, c.p99_ms
        );
    }
    for p in &r.phrases {
        println!(
            "  {}: exact {} hits, {:.2} ms; theme {} hits, {:.2} ms",
            p.phrase, p.exact_total, p.exact_median_ms, p.theme_total, p.theme_median_ms
        );
    }
    Ok(r)
}

// ---------------------------------------------------------------- e2e

#[derive(Debug, Serialize, Deserialize)]
struct E2ePhrase {
    phrase: String,
    /// Paragraphs renda counts.
    renda_total: u64,
    /// Lines rg counts.
    rg_lines: u64,
    rg_files: u64,
    renda_ms: Vec<f64>,
    rg_ms: Vec<f64>,
    renda_median_ms: f64,
    rg_median_ms: f64,
    /// rg's median over renda's.
    speedup: f64,
}

#[derive(Debug, Serialize, Deserialize)]
struct E2eResult {
    runs: usize,
    renda_command: String,
    rg_command: String,
    phrases: Vec<E2ePhrase>,
    min_speedup: f64,
    geomean_speedup: f64,
}

// ---------------------------------------------------------------- check

#[derive(Debug, Serialize, Deserialize)]
struct CheckResult {
    /// The draft's characters, sentences and paragraphs.
    chars: usize,
    sentences: usize,
    paragraphs: usize,
    open_ms: f64,
    /// The first check after opening (cold caches).
    first_ms: f64,
    /// Warm checks.
    warm: Latency,
    warm_cpu: Latency,
    /// What the first check found: the copied share and the sources.
    copied_share: f64,
    speeches: usize,
}

/// A draft of about `chars` characters: two consecutive sentences of 15 to
/// 120 characters from every few files of `dir`, each pair followed by a
/// sentence of the writer's own.
fn make_draft(dir: &Path, chars: usize) -> Result<String> {
    let own =
        "我们县今年的重点工作是把群众最关心的道路修好，把学校办好，让老百姓的日子过得更加踏实。";
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut draft = String::from("在全县人大工作会议上的讲话\n");
    let mut n = 0;
    let step = (files.len() / 80).max(1);
    for f in files.iter().step_by(step) {
        let Ok(doc) = renda::corpus::read_document(f) else {
            continue;
        };
        let sentences: Vec<&str> = renda::search::rank::sentences(&doc.text)
            .into_iter()
            .map(str::trim)
            .filter(|s| (15..=120).contains(&s.chars().count()) && !s.contains('\n'))
            .collect();
        if sentences.len() < 4 {
            continue;
        }
        let k = sentences.len() / 2;
        let para = format!("{}{}{own}", sentences[k], sentences[k + 1]);
        n += para.chars().count();
        draft.push_str(&para);
        draft.push('\n');
        if n >= chars {
            break;
        }
    }
    if n < chars {
        return Err(format!(
            "{}: too few texts for a {chars}-character draft",
            dir.display()
        )
        .into());
    }
    Ok(draft)
}

fn check(index: &Path, dir: &Path, chars: usize, runs: usize) -> Result<CheckResult> {
    let text = make_draft(dir, chars)?;
    let path = std::env::temp_dir().join(format!("renda-bench-draft-{}.txt", std::process::id()));
    fs::write(&path, &text)?;
    let draft = renda::ingest::read_draft(Some(&path));
    let _ = fs::remove_file(&path);
    let draft = draft.map_err(|e| format!("the draft: {e}"))?;
    let t = Instant::now();
    let idx = renda::index::open(index)?;
    let open = t.elapsed();
    let opts = renda::search::check::CheckOptions::default();
    let t = Instant::now();
    let first = renda::search::check::check(&idx, &draft, &opts)?;
    let first_ms = ms(t.elapsed());
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs.max(1) {
        let c = cpu_time();
        let t = Instant::now();
        black_box(renda::search::check::check(&idx, &draft, &opts)?);
        wall.push(ms(t.elapsed()));
        cpu.push(ms(cpu_time() - c));
    }
    let r = CheckResult {
        chars: draft
            .paragraphs
            .iter()
            .map(|p| p.text.chars().count())
            .sum(),
        sentences: first.sentences.len(),
        paragraphs: first.paragraphs.len(),
        open_ms: ms(open),
        first_ms,
        warm: Latency::of(&wall),
        warm_cpu: Latency::of(&cpu),
        copied_share: first.copied_share,
        speeches: first.speeches.len(),
    };
    println!(
        "check: a {}-character draft ({} sentences): open {:.1} ms, first {:.0} ms, warm ({} runs) p50 {:.0} ms, max {:.0} ms (CPU p50 {:.0} ms); {:.0}% copied from {} speeches",
        r.chars,
        r.sentences,
        r.open_ms,
        r.first_ms,
        r.warm.n,
        r.warm.p50_ms,
        r.warm.max_ms,
        r.warm_cpu.p50_ms,
        r.copied_share * 100.0,
        r.speeches
    );
    Ok(r)
}

fn timed(cmd: &mut Command) -> Result<(Duration, std::process::Output)> {
    let t = Instant::now();
    let out = cmd.stdin(Stdio::null()).output()?;
    Ok((t.elapsed(), out))
}

fn e2e(
    renda: &Path,
    index: &Path,
    dir: &Path,
    phrases: &Path,
    runs: usize,
    limit: usize,
) -> Result<E2eResult> {
    let phrases = read_phrases(phrases)?;
    let limit = limit.to_string();
    let renda_cmd = |p: &str| {
        let mut c = Command::new(renda);
        c.arg("search")
            .arg(format!("\"{p}\""))
            .arg("--index")
            .arg(index)
            .args(["--format", "json", "--limit", &limit]);
        c
    };
    let rg_cmd = |p: &str| {
        let mut c = Command::new("rg");
        c.args(["-c", "-F", "--no-ignore", p]).arg(dir);
        c
    };
    let renda_once = |p: &str| -> Result<(f64, u64)> {
        let (t, out) = timed(&mut renda_cmd(p))?;
        if !out.status.success() {
            return Err(format!(
                "renda search \"{p}\": {} {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let v: Value = serde_json::from_slice(&out.stdout)?;
        let total = v["total"].as_u64().unwrap_or(0);
        Ok((ms(t), total))
    };
    let rg_once = |p: &str| -> Result<(f64, u64, u64)> {
        let (t, out) = timed(&mut rg_cmd(p))?;
        if !out.status.success() {
            return Err(format!("rg -c -F {p}: {} (no match?)", out.status).into());
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = 0u64;
        let mut files = 0u64;
        for l in text.lines() {
            if let Some((_, n)) = l.rsplit_once(':') {
                lines += n.parse::<u64>().unwrap_or(0);
                files += 1;
            }
        }
        Ok((ms(t), lines, files))
    };
    let mut out = Vec::new();
    for p in &phrases {
        // A warm-up of each, untimed, which also checks the answers.
        let (_, total) = renda_once(p)?;
        let (_, lines, files) = rg_once(p)?;
        if total == 0 {
            return Err(format!("renda finds no \"{p}\" where rg finds {lines} lines").into());
        }
        out.push(E2ePhrase {
            phrase: p.clone(),
            renda_total: total,
            rg_lines: lines,
            rg_files: files,
            renda_ms: Vec::new(),
            rg_ms: Vec::new(),
            renda_median_ms: 0.0,
            rg_median_ms: 0.0,
            speedup: 0.0,
        });
    }
    for run in 0..runs {
        for (i, p) in phrases.iter().enumerate() {
            // Alternate which goes first.
            if (run + i) % 2 == 0 {
                out[i].renda_ms.push(renda_once(p)?.0);
                out[i].rg_ms.push(rg_once(p)?.0);
            } else {
                out[i].rg_ms.push(rg_once(p)?.0);
                out[i].renda_ms.push(renda_once(p)?.0);
            }
        }
    }
    for e in &mut out {
        e.renda_median_ms = median(&e.renda_ms);
        e.rg_median_ms = median(&e.rg_ms);
        e.speedup = e.rg_median_ms / e.renda_median_ms;
    }
    let min_speedup = out.iter().map(|e| e.speedup).fold(f64::INFINITY, f64::min);
    let geomean_speedup =
        (out.iter().map(|e| e.speedup.ln()).sum::<f64>() / out.len() as f64).exp();
    let r = E2eResult {
        runs,
        renda_command: format!(
            "{} search '\"PHRASE\"' --index {} --format json --limit {limit}",
            renda.display(),
            index.display()
        ),
        rg_command: format!("rg -c -F --no-ignore PHRASE {}", dir.display()),
        phrases: out,
        min_speedup,
        geomean_speedup,
    };
    for e in &r.phrases {
        println!(
            "e2e: {}: renda {:.1} ms ({} paragraphs), rg {:.1} ms ({} lines in {} files): {:.1}×",
            e.phrase,
            e.renda_median_ms,
            e.renda_total,
            e.rg_median_ms,
            e.rg_lines,
            e.rg_files,
            e.speedup
        );
    }
    println!(
        "e2e: rg/renda median time: min {:.1}×, geometric mean {:.1}× ({runs} runs each)",
        r.min_speedup, r.geomean_speedup
    );
    Ok(r)
}

// ---------------------------------------------------------------- space

#[derive(Debug, Default, Serialize, Deserialize)]
struct FieldSpace {
    termdict: u64,
    postings: u64,
    positions: u64,
    fast_fields: u64,
    fieldnorms: u64,
    /// Estimated from a sample: the field's stored bytes before compression.
    stored_raw_estimate: u64,
}

impl FieldSpace {
    fn indexed(&self) -> u64 {
        self.termdict + self.postings + self.positions + self.fast_fields + self.fieldnorms
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct SpaceResult {
    segments: usize,
    docs: u64,
    total: u64,
    /// By component (termdict, postings, positions, fast_fields,
    /// fieldnorms, store, deletes).
    components: BTreeMap<String, u64>,
    fields: BTreeMap<String, FieldSpace>,
    store_data: u64,
    store_offsets: u64,
    /// Bytes of the files in the folder.
    on_disk: u64,
}

fn dir_bytes(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn space(index: &Path, sample: usize) -> Result<SpaceResult> {
    let idx = renda::index::open(index)?;
    let searcher = idx.index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut components: BTreeMap<String, u64> = BTreeMap::new();
    let mut fields: BTreeMap<String, FieldSpace> = BTreeMap::new();
    let (mut store_data, mut store_offsets, mut docs) = (0, 0, 0u64);
    for seg in usage.segments() {
        docs += u64::from(seg.num_docs());
        let parts = [
            ("termdict", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fast_fields", seg.fast_fields()),
            ("fieldnorms", seg.fieldnorms()),
        ];
        for (name, per_field) in parts {
            *components.entry(name.into()).or_default() += per_field.total().get_bytes();
            for f in per_field.fields() {
                let e = fields.entry(f.field_name().to_string()).or_default();
                let b = f.total().get_bytes();
                match name {
                    "termdict" => e.termdict += b,
                    "postings" => e.postings += b,
                    "positions" => e.positions += b,
                    "fast_fields" => e.fast_fields += b,
                    _ => e.fieldnorms += b,
                }
            }
        }
        store_data += seg.store().data_usage().get_bytes();
        store_offsets += seg.store().offsets_usage().get_bytes();
        *components.entry("store".into()).or_default() += seg.store().total().get_bytes();
        *components.entry("deletes".into()).or_default() += seg.deletes().get_bytes();
    }
    // Stored bytes by field, before compression, from every k-th document.
    let stride = (docs as usize / sample.max(1)).max(1);
    let mut raw: BTreeMap<String, u64> = BTreeMap::new();
    let mut sampled = 0u64;
    let schema = idx.index.schema();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc in seg.doc_ids_alive().step_by(stride) {
            let d: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc))?;
            sampled += 1;
            for (field, value) in d.field_values() {
                let n = value.as_str().map_or(8, str::len) as u64;
                *raw.entry(schema.get_field_name(field).to_string())
                    .or_default() += n;
            }
        }
    }
    for (name, n) in raw {
        fields.entry(name).or_default().stored_raw_estimate =
            (n * docs).checked_div(sampled).unwrap_or(0);
    }
    let r = SpaceResult {
        segments: usage.segments().len(),
        docs,
        total: usage.total().get_bytes(),
        components,
        fields,
        store_data,
        store_offsets,
        on_disk: dir_bytes(index),
    };
    print!("{}", space_markdown(&r));
    Ok(r)
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / MB)
}

fn space_markdown(r: &SpaceResult) -> String {
    let mut s = String::new();
    let pct = |b: u64| 100.0 * b as f64 / r.total.max(1) as f64;
    s += &format!(
        "Index: {} segments, {} documents, {} MB counted by tantivy, {} MB on disk.\n\n",
        r.segments,
        r.docs,
        mb(r.total),
        mb(r.on_disk)
    );
    s += "| component | MB | share |\n| --- | ---: | ---: |\n";
    let mut comps: Vec<_> = r.components.iter().collect();
    comps.sort_by_key(|(_, b)| std::cmp::Reverse(**b));
    for (name, b) in comps {
        s += &format!("| {name} | {} | {:.1}% |\n", mb(*b), pct(*b));
    }
    s += "\n| field | termdict | postings | positions | fast | norms | indexed total | stored raw (est.) |\n";
    s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    let mut fields: Vec<_> = r.fields.iter().collect();
    fields.sort_by_key(|(_, f)| std::cmp::Reverse(f.indexed()));
    for (name, f) in fields {
        s += &format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |\n",
            mb(f.termdict),
            mb(f.postings),
            mb(f.positions),
            mb(f.fast_fields),
            mb(f.fieldnorms),
            mb(f.indexed()),
            mb(f.stored_raw_estimate)
        );
    }
    s += &format!(
        "\nStore: {} MB compressed data + {} MB offsets, for {} MB of stored values (estimate).\n",
        mb(r.store_data),
        mb(r.store_offsets),
        mb(r.fields.values().map(|f| f.stored_raw_estimate).sum())
    );
    s
}

// ---------------------------------------------------------------- report

/// What `/usr/bin/time -v` says about a process.
#[derive(Debug, Default)]
struct TimeV {
    wall_s: f64,
    user_s: f64,
    sys_s: f64,
    max_rss_kb: u64,
    exit: i64,
}

fn parse_time_v(text: &str) -> TimeV {
    let mut t = TimeV::default();
    for line in text.lines() {
        let Some((key, value)) = line.trim().rsplit_once(": ") else {
            continue;
        };
        let value = value.trim();
        match key {
            "User time (seconds)" => t.user_s = value.parse().unwrap_or(0.0),
            "System time (seconds)" => t.sys_s = value.parse().unwrap_or(0.0),
            "Maximum resident set size (kbytes)" => t.max_rss_kb = value.parse().unwrap_or(0),
            "Exit status" => t.exit = value.parse().unwrap_or(-1),
            k if k.starts_with("Elapsed (wall clock) time") => {
                t.wall_s = value
                    .split(':')
                    .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
            }
            _ => {}
        }
    }
    t
}

fn load<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Option<T> {
    let bytes = fs::read(dir.join(name)).ok()?;
    match serde_json::from_slice(&bytes) {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("bench: {name}: {e}");
            None
        }
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

fn report(dir: &Path) -> Result<()> {
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
    let corpus: Option<CorpusInfo> = load(dir, "corpus.json");
    let jieba: Option<JiebaResult> = load(dir, "jieba.json");
    let ingest: Option<IngestResult> = load(dir, "ingest.json");
    let query: Option<QueryResult> = load(dir, "query.json");
    let check: Option<CheckResult> = load(dir, "check.json");
    let e2e: Option<E2eResult> = load(dir, "e2e.json");
    let space: Option<SpaceResult> = load(dir, "space.json");
    let index = parse_time_v(&read("index.time"));
    let noop = parse_time_v(&read("noop.time"));
    let index_bytes: u64 = read("index.du")
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);

    let mut s = String::new();
    let info = read("machine.txt");
    if !info.is_empty() {
        s += "```\n";
        s += info.trim_end();
        s += "\n```\n\n";
    }
    let load_avg = read("loadavg.txt");
    if !load_avg.is_empty() {
        s += "Load average (1, 5, 15 min) as each step began — above the core count, other \
              work was competing for the CPU and wall times are inflated:\n\n```\n";
        s += load_avg.trim_end();
        s += "\n```\n\n";
    }
    let text_bytes = corpus.as_ref().map_or(0, |c| c.bytes);
    if let Some(c) = &corpus {
        s += &format!(
            "Corpus: {} files, {} bytes ({:.1} MB): {}.\n\n",
            c.files,
            c.bytes,
            c.bytes as f64 / MB,
            if c.src_bytes > 0 {
                format!(
                    "{:.2} × the {:.1} MB bulk set, in {} cop{} (the first line changed from the second on)",
                    c.bytes as f64 / c.src_bytes as f64,
                    c.src_bytes as f64 / MB,
                    c.copies,
                    if c.copies == 1 { "y" } else { "ies" }
                )
            } else {
                format!("{} copies of the bulk set, the last one partial", c.copies)
            }
        );
    }
    s += "| figure | value | target | |\n| --- | ---: | --- | --- |\n";
    let index_mbs = text_bytes as f64 / MB / index.wall_s;
    if index.wall_s > 0.0 {
        s += &format!(
            "| index: wall time (user + sys) | {:.1} s ({:.1} + {:.1} s) | | |\n",
            index.wall_s, index.user_s, index.sys_s
        );
        s += &format!("| index: throughput | {index_mbs:.2} MB/s | | |\n");
        let cpu = index.user_s + index.sys_s;
        if cpu > 0.0 {
            s += &format!(
                "| index: text per CPU-second | {:.2} MB/CPU-s | | |\n",
                text_bytes as f64 / MB / cpu
            );
        }
    }
    if let Some(j) = &jieba {
        s += &format!(
            "| jieba-rs alone, 1 thread: throughput (dict load {:.2} s apart) | {:.2} MB/s | | |\n",
            j.load_s, j.mb_per_s
        );
        s += &format!(
            "| jieba-rs alone: text per CPU-second | {:.2} MB/CPU-s | | |\n",
            j.mb_per_cpu_s
        );
        if index.wall_s > 0.0 {
            let ratio = index_mbs / j.mb_per_s;
            s += &format!(
                "| index ÷ jieba-rs | {ratio:.2}× | ≥ 0.6× | {} |\n",
                verdict(ratio >= 0.6)
            );
        }
    }
    if let Some(i) = &ingest {
        s += &format!(
            "| renda's reading half alone, no index: pass 1 (read, boilerplate; every core) + pass 2 (clean, parse; 1 thread) | {:.1} + {:.1} s = {:.2} MB/s ({:.2} MB/CPU-s) | | |\n",
            i.open_s, i.parse_s, i.mb_per_s, i.mb_per_cpu_s
        );
        s += &format!(
            "| … its peak RSS after pass 1 / pass 2 | {:.0} / {:.0} MiB | | |\n",
            i.open_peak_rss_mib, i.peak_rss_mib
        );
    }
    if index.max_rss_kb > 0 {
        let gib = index.max_rss_kb as f64 / (1024.0 * 1024.0);
        s += &format!(
            "| index: peak RSS | {:.0} MiB | ≤ 1 GiB (and flat in corpus size: compare two sizes) | {} |\n",
            index.max_rss_kb as f64 / 1024.0,
            verdict(gib <= 1.0)
        );
    }
    let rss = |name: &str| -> Option<(f64, f64)> {
        let text = read(name);
        let mut it = text.split_whitespace().map(|n| n.parse::<f64>().ok());
        Some((it.next()?? / 1024.0, it.next()?? / 1024.0))
    };
    if let Some((anon, file)) = rss("index.rss") {
        s += &format!(
            "| … of which, sampled every 0.2 s: own memory (RssAnon) / mapped index files (RssFile) | {anon:.0} / {file:.0} MiB | | |\n"
        );
    }
    if index_bytes > 0 && text_bytes > 0 {
        let ratio = index_bytes as f64 / text_bytes as f64;
        s += &format!(
            "| index size ÷ text size | {ratio:.2}× ({} MB) | ≤ 1.5× | {} |\n",
            mb(index_bytes),
            verdict(ratio <= 1.5)
        );
    }
    if noop.wall_s > 0.0 && index.wall_s > 0.0 {
        let share = noop.wall_s / index.wall_s;
        s += &format!(
            "| no-op re-index (peak RSS {:.0} MiB) | {:.2} s = {:.1}% of full | ≤ 5% | {} |\n",
            noop.max_rss_kb as f64 / 1024.0,
            noop.wall_s,
            100.0 * share,
            verdict(share <= 0.05)
        );
    }
    if let Some(e) = &e2e {
        s += &format!(
            "| `renda search` vs `rg -c -F`, exact phrases: slowest phrase | {:.1}× faster | ≥ 10× | {} |\n",
            e.min_speedup,
            verdict(e.min_speedup >= 10.0)
        );
        s += &format!(
            "| … geometric mean over the phrases | {:.1}× | | |\n",
            e.geomean_speedup
        );
    }
    if let Some(q) = &query {
        s += &format!(
            "| in-process: open the index (cold start) | {:.1} ms | | |\n",
            q.open_ms
        );
        s += &format!(
            "| in-process: first exact phrase / first theme (jieba load) | {:.1} / {:.1} ms | | |\n",
            q.first_exact_ms, q.first_theme_ms
        );
        s += &format!(
            "| in-process: exact phrases warm p50 / p99 / max | {:.2} / {:.2} / {:.2} ms | p99 ≤ 20 ms | {} |\n",
            q.exact.p50_ms,
            q.exact.p99_ms,
            q.exact.max_ms,
            verdict(q.exact.p99_ms <= 20.0)
        );
        s += &format!(
            "| in-process: same as themes warm p50 / p99 / max | {:.2} / {:.2} / {:.2} ms | p99 ≤ 20 ms | {} |\n",
            q.theme.p50_ms,
            q.theme.p99_ms,
            q.theme.max_ms,
            verdict(q.theme.p99_ms <= 20.0)
        );
        s += &format!(
            "| … CPU time per search, p50 / p99: exact; themes | {:.2} / {:.2}; {:.2} / {:.2} ms | | |\n",
            q.exact_cpu.p50_ms, q.exact_cpu.p99_ms, q.theme_cpu.p50_ms, q.theme_cpu.p99_ms
        );
    }
    if let Some(c) = &check {
        s += &format!(
            "| `renda check`, a {}-character draft: first / warm p50 / max | {:.0} / {:.0} / {:.0} ms | < 2 s | {} |\n",
            c.chars,
            c.first_ms,
            c.warm.p50_ms,
            c.warm.max_ms,
            verdict(c.first_ms.max(c.warm.max_ms) < 2000.0)
        );
    }
    if let Some(e) = &e2e {
        let hyperfine: Vec<Option<(f64, f64)>> = (0..e.phrases.len())
            .map(|i| {
                let v: Value = load(dir, &format!("hyperfine-{i:02}.json"))?;
                let m = |k: usize| v["results"][k]["median"].as_f64().map(|s| s * 1e3);
                Some((m(0)?, m(1)?))
            })
            .collect();
        let with_hf = hyperfine.iter().any(Option::is_some);
        s += &format!(
            "\nEnd to end, median of {} alternating runs (ms){}:\n\n",
            e.runs,
            if with_hf {
                "; hyperfine's medians as a cross-check"
            } else {
                ""
            }
        );
        s += "| phrase | renda paragraphs | rg lines (files) | renda | rg | rg ÷ renda |";
        s += if with_hf {
            " hyperfine renda | hyperfine rg |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        } else {
            "\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
        };
        for (p, hf) in e.phrases.iter().zip(&hyperfine) {
            s += &format!(
                "| {} | {} | {} ({}) | {:.1} | {:.1} | {:.1}× |",
                p.phrase,
                p.renda_total,
                p.rg_lines,
                p.rg_files,
                p.renda_median_ms,
                p.rg_median_ms,
                p.speedup
            );
            if with_hf {
                match hf {
                    Some((r, g)) => s += &format!(" {r:.1} | {g:.1} |"),
                    None => s += " | |",
                }
            }
            s += "\n";
        }
    }
    if let Some(q) = &query {
        s += &format!(
            "\nIn process, median of {} runs (ms), `--limit {}`; `index.reader()` alone: p50 {:.2} ms:\n\n",
            q.runs, q.limit, q.reader_open.p50_ms
        );
        s += "| phrase | exact: paragraphs | exact | theme: paragraphs | theme |\n";
        s += "| --- | ---: | ---: | ---: | ---: |\n";
        for p in &q.phrases {
            s += &format!(
                "| {} | {} | {:.2} | {} | {:.2} |\n",
                p.phrase, p.exact_total, p.exact_median_ms, p.theme_total, p.theme_median_ms
            );
        }
    }
    if let Some(sp) = &space {
        s += "\nWhere the index's bytes go:\n\n";
        s += &space_markdown(sp);
    }
    let mut out = io::stdout().lock();
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// Checks of the helpers above, run by `run.sh` before it measures
/// anything (a `harness = false` program has no `#[test]`s).
fn selftest() -> Result<()> {
    let v: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(percentile(&v, 50.0), 50.0);
    assert_eq!(percentile(&v, 99.0), 99.0);
    assert_eq!(percentile(&[3.0], 99.0), 3.0);
    assert_eq!(median(&[1.0, 3.0, 2.0, 10.0]), 2.5);

    assert_eq!(
        String::from_utf8(mark_copy("# 标题\r\n正文\n".as_bytes(), 2))?,
        "# 标题（副本2）\r\n正文\n"
    );
    assert_eq!(
        String::from_utf8(mark_copy("一行".as_bytes(), 1))?,
        "一行（副本1）"
    );

    let t = parse_time_v(
        "\tUser time (seconds): 12.50\n\tSystem time (seconds): 0.75\n\
         \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
         \tMaximum resident set size (kbytes): 524288\n\tExit status: 0\n",
    );
    assert_eq!(t.wall_s, 62.5);
    assert_eq!(t.user_s, 12.5);
    assert_eq!(t.max_rss_kb, 524_288);
    assert_eq!(t.exit, 0);
    assert_eq!(
        parse_time_v("Elapsed (wall clock) time (h:mm:ss or m:ss): 1:00:01").wall_s,
        3601.0
    );
    println!("selftest: ok");
    Ok(())
}
