//! `ingest` and `formats`: renda's reading half alone, and single files.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::util::*;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct IngestResult {
    pub(crate) files: usize,
    pub(crate) paragraphs: usize,
    /// Bytes of the files parsed.
    pub(crate) bytes: u64,
    /// Pass 1: walk, read, decode, count boilerplate lines, hash.
    pub(crate) open_s: f64,
    open_cpu_s: f64,
    /// Peak RSS after pass 1, which keeps the file list, the hashes and the
    /// boilerplate counts for pass 2.
    pub(crate) open_peak_rss_mib: f64,
    /// Peak RSS after pass 2.
    pub(crate) peak_rss_mib: f64,
    /// Pass 2: read, decode, clean, parse.
    pub(crate) parse_s: f64,
    parse_cpu_s: f64,
    pub(crate) mb_per_s: f64,
    pub(crate) mb_per_cpu_s: f64,
}

struct Quiet;

impl renda_core::ingest::Observer for Quiet {
    fn skipped(&mut self, _: &renda_core::corpus::Skipped) {}
    fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
}

/// Read each file `runs` times and print its throughput: input MB/s,
/// characters of text and paragraphs a second.
pub(crate) fn formats(files: &[PathBuf], runs: usize) -> Result<()> {
    for path in files {
        let bytes = fs::read(path)?;
        let format = renda_core::corpus::Format::of_path(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let first = renda_core::corpus::document_from_bytes(format, &bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let chars = first.text.chars().count();
        let paragraphs = first.text.lines().filter(|l| !l.trim().is_empty()).count();
        let runs = runs.max(1);
        let t = Instant::now();
        for _ in 0..runs {
            black_box(renda_core::corpus::document_from_bytes(format, black_box(&bytes)).ok());
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

pub(crate) fn ingest(dir: &Path) -> Result<IngestResult> {
    let (t, cpu) = (Instant::now(), cpu_time());
    let corpus = renda_core::ingest::Corpus::open(dir, &[], &mut Quiet)?;
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
