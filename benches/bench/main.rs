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

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod check;
mod e2e;
mod fold;
mod ingest;
mod jieba;
mod make_corpus;
mod query;
mod report;
mod selftest;
mod space;
mod util;

use check::check;
use e2e::e2e;
use ingest::{formats, ingest};
use jieba::jieba;
use make_corpus::make_corpus;
use query::query;
use report::report;
use selftest::selftest;
use space::space;
use util::save;

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
    /// What folding only the first candidates of a search (each bound in
    /// `--bounds`) changes on its first pages, and the CPU time it saves.
    Fold {
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        phrases: PathBuf,
        #[arg(long, value_delimiter = ',', default_value = "1000,2000,5000")]
        bounds: Vec<usize>,
        #[arg(long, default_value_t = 3)]
        pages: usize,
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
        Cmd::Fold {
            index,
            phrases,
            bounds,
            pages,
        } => fold::fold(&index, &phrases, &bounds, pages),
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
