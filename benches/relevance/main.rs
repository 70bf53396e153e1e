//! The relevance evaluation of theme search, driven by
//! `benches/relevance/run.sh`.
//!
//! ```sh
//! cargo bench --bench relevance -- eval --index /tmp/renda-relevance/index [--half dev|test]
//! cargo bench --bench relevance -- pool --index /tmp/renda-relevance/index --out pool/ --chunks 8
//! cargo bench --bench relevance -- merge --pool pool/ --judged pool/pool-01.tsv ...
//! ```
//!
//! `benches/relevance/themes.tsv` holds the themes (a query, a gloss of
//! what counts as being about it, and the half it belongs to: `dev`, on
//! which ranking may be tuned, or `test`, held out); its header says how
//! the halves were drawn. `benches/relevance/judgments.tsv` holds graded
//! judgments of pooled paragraphs: 0 not about the theme, 1 marginal (a list
//! item, a passing mention), 2 substantially about it, in its words or in
//! other words. A paragraph is judged by its text, keyed by the hash of its
//! text, so judgments survive renumbering. `benches/relevance/JUDGING.md`
//! is what a judge reads.
//!
//! `eval` prints, per theme, for each system, one table per half and the
//! means of the development half, the test half and all themes:
//! - **nDCG@10**, unjudged results dropped from the ranked list first;
//! - **paraphrase recall@20**: of the grade-2 paragraphs that do not contain
//!   the query string, the share found in the first 20 results (for renda,
//!   a paragraph folded into a shown result as its near-copy counts);
//! - how many of the first 10 are unjudged (judge them before trusting the
//!   score).
//!
//! `words` prints the feedback words each theme search suggests against
//! blind grades of them (`word_judgments.tsv`, judged by `WORDS.md`), per
//! half and on the held-out themes of `word_themes.tsv`.
//!
//! `pool` writes, for each theme, the unjudged paragraphs among the first
//! `--depth` results of every system, in an order that does not tell which
//! system found them (by key, the hash of the text), for judging; with
//! `--chunks N`, as N files for N judges. `merge` appends the judges'
//! grades to judgments.tsv.
//!
//! The systems:
//! - `renda`: theme search as `renda search` runs it; `renda-literal`:
//!   the same with `--literal` (no related words);
//! - the baselines, each plain BM25 as Tantivy scores it (k1 1.2, b 0.75),
//!   the query's distinct terms OR'ed (any may match), no phrase boost, over
//!   a RAM index of the same paragraphs built once per run:
//!   - `bm25-jieba`: text and query cut by jieba's default cut with its own
//!     default dictionary, HMM on (`jieba_rs::Jieba::new()`, `cut`), what a
//!     user indexing with jieba has;
//!   - `bm25-search`: jieba's search-mode words (`cut_for_search`, default
//!     dictionary, HMM on) for text and query: every dictionary word inside
//!     a long word too, as Elasticsearch with IK's `ik_max_word` indexes;
//!   - `bm25-rm3`: RM3 pseudo-relevance feedback on top of the better of
//!     the two on the development half ([`RM3_BASE`]; `bm25-rm3-jieba` and
//!     `bm25-rm3-search` name either);
//!   - `bm25-renda` (also `bm25`): the first baseline of this evaluation,
//!     text and query cut by renda's own dictionary; `bm25-parts`, the same
//!     with the search-mode words of the query too.
//! - fusions by reciprocal rank (`Σ w / (60 + rank)` over each system's
//!   first 200): `rrf:A+B` (`rrf:renda*1.5+bm25-search` weighs renda 1.5),
//!   and `rrfinN:A+B`, each list first restricted to what renda ranks in
//!   its first N (1,000 when N is left out: `rrfin:…`), i.e. to renda's
//!   matches.
//!
//!   The jieba baselines lower-case their terms and drop the tokens that
//!   hold no letter or digit (punctuation, spaces); single characters stay,
//!   as an Elasticsearch index keeps them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod data;
mod eval;
mod merge;
mod pool;
mod systems;
mod words;

use eval::eval;
use merge::merge;
use pool::pool;
use words::words;

#[derive(Parser)]
#[command(about = "renda's relevance evaluation")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
    /// Passed by `cargo bench`; ignored.
    #[arg(long = "bench", global = true, hide = true)]
    _bench: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// nDCG@10 and paraphrase recall@20 per theme, per half and overall.
    Eval {
        #[arg(long)]
        index: PathBuf,
        #[arg(long, default_value = "benches/relevance/themes.tsv")]
        themes: PathBuf,
        #[arg(long, default_value = "benches/relevance/judgments.tsv")]
        judgments: PathBuf,
        /// Systems to compare, comma-separated.
        #[arg(
            long,
            default_value = "renda,bm25-renda,bm25-jieba,bm25-search,bm25-rm3"
        )]
        systems: String,
        /// Only the themes of one half: dev or test.
        #[arg(long)]
        half: Option<String>,
        /// Print each system's first 10 results per theme.
        #[arg(long)]
        verbose: bool,
    },
    /// The unjudged paragraphs among the systems' first results, for judging.
    Pool {
        #[arg(long)]
        index: PathBuf,
        #[arg(long, default_value = "benches/relevance/themes.tsv")]
        themes: PathBuf,
        #[arg(long, default_value = "benches/relevance/judgments.tsv")]
        judgments: PathBuf,
        #[arg(
            long,
            default_value = "renda,renda-literal,bm25-jieba,bm25-search,bm25-rm3"
        )]
        systems: String,
        #[arg(long, default_value_t = 20)]
        depth: usize,
        /// The file to write; with --chunks, the directory of the files.
        #[arg(long)]
        out: PathBuf,
        /// Write N files pool-01.jsonl … for N judges: whole themes per file
        /// where a theme fits, at most --chunk-size paragraphs each.
        #[arg(long)]
        chunks: Option<usize>,
        #[arg(long, default_value_t = 200)]
        chunk_size: usize,
    },
    /// The feedback words each theme search suggests, against blind grades.
    Words {
        #[arg(long)]
        index: PathBuf,
        #[arg(long, default_value = "benches/relevance/themes.tsv")]
        themes: PathBuf,
        /// Further themes, held out.
        #[arg(long, default_value = "benches/relevance/word_themes.tsv")]
        word_themes: PathBuf,
        #[arg(long, default_value = "benches/relevance/word_judgments.tsv")]
        judgments: PathBuf,
        /// Write the pairs not graded yet here, numbered, for judging.
        #[arg(long)]
        unjudged: Option<PathBuf>,
    },
    /// Append judges' grades (TSV: id or key, grade) to judgments.tsv.
    Merge {
        /// The pool files (or directories of pool-*.jsonl) that were judged.
        #[arg(long, num_args = 1.., required = true)]
        pool: Vec<PathBuf>,
        /// The judges' files.
        #[arg(long, num_args = 1.., required = true)]
        judged: Vec<PathBuf>,
        #[arg(long, default_value = "benches/relevance/judgments.tsv")]
        judgments: PathBuf,
    },
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::Eval {
            index,
            themes,
            judgments,
            systems,
            half,
            verbose,
        } => eval(
            &index,
            &themes,
            &judgments,
            &systems,
            half.as_deref(),
            verbose,
        ),
        Cmd::Pool {
            index,
            themes,
            judgments,
            systems,
            depth,
            out,
            chunks,
            chunk_size,
        } => pool(
            &index,
            &themes,
            &judgments,
            &systems,
            depth,
            &out,
            chunks.map(|n| (n, chunk_size)),
        ),
        Cmd::Merge {
            pool,
            judged,
            judgments,
        } => merge(&pool, &judged, &judgments),
        Cmd::Words {
            index,
            themes,
            word_themes,
            judgments,
            unjudged,
        } => words(
            &index,
            &[themes.as_path(), word_themes.as_path()],
            &judgments,
            unjudged.as_deref(),
        ),
    };
    if let Err(e) = result {
        eprintln!("relevance: {e}");
        std::process::exit(2);
    }
}
