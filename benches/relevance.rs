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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use jieba_rs::Jieba;
use renda::analysis;
use renda::index::{RendaIndex, reader::HitReader};
use renda::search::{SearchRequest, search};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{PreTokenizedString, Token, TokenStream};
use tantivy::{DocAddress, Index, Searcher, TantivyDocument, Term, doc};

type Result<T> = std::result::Result<T, String>;

/// The baseline `bm25-rm3` builds on: of `bm25-jieba` and `bm25-search`,
/// the one with the higher mean nDCG@10 on the development half
/// (`eval --half dev --systems bm25-jieba,bm25-search`, see BENCHMARKS.md).
const RM3_BASE: Cut = Cut::Jieba;

/// RM3 as Anserini runs it by default: feedback documents, feedback terms,
/// and the weight of the original query.
const RM3_FB_DOCS: usize = 10;
const RM3_FB_TERMS: usize = 10;
const RM3_ORIGINAL_WEIGHT: f64 = 0.5;

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
    };
    if let Err(e) = result {
        eprintln!("relevance: {e}");
        std::process::exit(2);
    }
}

const HALVES: [&str; 2] = ["dev", "test"];

struct Theme {
    id: String,
    query: String,
    gloss: String,
    half: String,
}

fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

fn themes(path: &Path) -> Result<Vec<Theme>> {
    read_tsv(path)?
        .into_iter()
        .map(|row| match row.as_slice() {
            [id, query, gloss, half, ..] if HALVES.contains(&half.as_str()) => Ok(Theme {
                id: id.clone(),
                query: query.clone(),
                gloss: gloss.clone(),
                half: half.clone(),
            }),
            _ => Err(format!(
                "{}: a row needs id, query, gloss, half (dev or test): {}",
                path.display(),
                row.join("\t")
            )),
        })
        .collect()
}

/// Judgments: theme id → paragraph key → grade.
type Judgments = HashMap<String, HashMap<String, u8>>;

fn grade(text: &str) -> Option<u8> {
    text.trim().parse().ok().filter(|g| *g <= 2)
}

fn judgments(path: &Path) -> Result<Judgments> {
    let mut out: Judgments = HashMap::new();
    if !path.exists() {
        return Ok(out);
    }
    for row in read_tsv(path)? {
        let [theme, key, g, ..] = row.as_slice() else {
            return Err(format!("{}: a row needs theme, key, grade", path.display()));
        };
        let g =
            grade(g).ok_or_else(|| format!("{}: grade '{g}' is not 0, 1 or 2", path.display()))?;
        out.entry(theme.clone()).or_default().insert(key.clone(), g);
    }
    Ok(out)
}

/// A paragraph's key: the hash of its text.
fn key(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Every paragraph of the index: key → (file, paragraph, text), and
/// (file, paragraph) → key.
struct Paragraphs {
    by_key: HashMap<String, (String, usize, String)>,
    by_place: HashMap<(String, usize), String>,
}

fn paragraphs(idx: &RendaIndex) -> Result<Paragraphs> {
    let searcher = idx.searcher().map_err(|e| e.to_string())?;
    let mut reader = HitReader::new(&searcher, idx);
    let mut by_key = HashMap::new();
    let mut by_place = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let hit = reader
                .hit(DocAddress::new(ord as u32, doc), 0.0)
                .map_err(|e| e.to_string())?;
            let k = key(&hit.text);
            if hit.paragraph > 0 {
                by_place.insert((hit.file.clone(), hit.paragraph), k.clone());
            }
            by_key
                .entry(k)
                .or_insert((hit.file, hit.paragraph, hit.text));
        }
    }
    Ok(Paragraphs { by_key, by_place })
}

/// One ranked list: the keys shown, best first, each with the keys folded
/// into it.
type Ranking = Vec<(String, Vec<String>)>;

/// How a BM25 baseline cuts text and query into terms.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Cut {
    /// renda's dictionary, through renda's own tokenizer.
    Renda,
    /// jieba's default cut, default dictionary, HMM on.
    Jieba,
    /// jieba's search-mode words, default dictionary, HMM on.
    Search,
}

/// The terms of a text under a jieba cut: lower-cased, without the tokens
/// that hold no letter or digit.
fn jieba_terms(jieba: &Jieba, cut: Cut, text: &str) -> Vec<String> {
    let tokens = match cut {
        Cut::Search => jieba.cut_for_search(text, true),
        _ => jieba.cut(text, true),
    };
    tokens
        .into_iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .map(|t| t.word.to_lowercase())
        .collect()
}

/// Plain BM25 over one cut of the paragraphs.
struct Bm25 {
    cut: Cut,
    index: Index,
    searcher: Searcher,
    words: Field,
    key: Field,
    /// Each paragraph's terms by key (the jieba cuts), for RM3's document
    /// vectors.
    terms: HashMap<String, Vec<String>>,
}

impl Bm25 {
    fn build(
        cut: Cut,
        idx: &RendaIndex,
        paragraphs: &Paragraphs,
        jieba: Option<&Jieba>,
    ) -> Result<Self> {
        let mut schema = Schema::builder();
        let words = match cut {
            Cut::Renda => schema.add_text_field("words", analysis::text_options(analysis::WORDS)),
            // Terms cut here and given as tokens; frequencies and lengths
            // are all BM25 needs.
            _ => schema.add_text_field(
                "words",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqs),
                ),
            ),
        };
        let key = schema.add_text_field("key", STORED);
        let index = Index::create_in_ram(schema.build());
        analysis::register(&index, &idx.dictionary);
        let mut writer = index
            .writer_with_num_threads(1, 200_000_000)
            .map_err(|e| e.to_string())?;
        let mut keys: Vec<&String> = paragraphs.by_key.keys().collect();
        keys.sort();
        let mut terms = HashMap::new();
        for k in keys {
            let (_, _, text) = &paragraphs.by_key[k];
            let document = match (cut, jieba) {
                (Cut::Renda, _) => doc!(words => text.as_str(), key => k.as_str()),
                (_, Some(jieba)) => {
                    let t = jieba_terms(jieba, cut, text);
                    let tokens = t
                        .iter()
                        .enumerate()
                        .map(|(position, w)| Token {
                            position,
                            text: w.clone(),
                            ..Token::default()
                        })
                        .collect();
                    let mut d = TantivyDocument::new();
                    d.add_pre_tokenized_text(
                        words,
                        PreTokenizedString {
                            text: text.clone(),
                            tokens,
                        },
                    );
                    d.add_text(key, k);
                    terms.insert(k.clone(), t);
                    d
                }
                (_, None) => return Err("jieba not loaded".into()),
            };
            writer.add_document(document).map_err(|e| e.to_string())?;
        }
        writer.commit().map_err(|e| e.to_string())?;
        let searcher = index.reader().map_err(|e| e.to_string())?.searcher();
        Ok(Self {
            cut,
            index,
            searcher,
            words,
            key,
            terms,
        })
    }

    /// The query's distinct terms under this cut (with `parts`, also the
    /// search-mode words of renda's dictionary inside its long words).
    fn query_terms(
        &self,
        query: &str,
        jieba: Option<&Jieba>,
        parts: Option<&Jieba>,
    ) -> Result<Vec<String>> {
        let mut terms: Vec<String> = Vec::new();
        let mut push = |t: String| {
            if !terms.contains(&t) {
                terms.push(t);
            }
        };
        match (self.cut, jieba) {
            (Cut::Renda, _) => {
                let mut tokenizer = self
                    .index
                    .tokenizer_for_field(self.words)
                    .map_err(|e| e.to_string())?;
                let mut stream = tokenizer.token_stream(query);
                while stream.advance() {
                    push(stream.token().text.clone());
                }
            }
            (_, Some(jieba)) => jieba_terms(jieba, self.cut, query)
                .into_iter()
                .for_each(&mut push),
            (_, None) => return Err("jieba not loaded".into()),
        }
        if let Some(jieba) = parts {
            for t in jieba.cut_for_search(query, false) {
                let w = t.word.to_lowercase();
                if w.chars().count() >= 2 {
                    push(w);
                }
            }
        }
        Ok(terms)
    }

    /// The first `depth` paragraphs for weighted terms (each a term query
    /// boosted by its weight, any may match), with their scores.
    fn search(&self, terms: &[(String, f64)], depth: usize) -> Result<Vec<(String, f64)>> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|(t, w)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.words, t),
                    IndexRecordOption::WithFreqs,
                ));
                let q: Box<dyn Query> = if (*w - 1.0).abs() > f64::EPSILON {
                    Box::new(BoostQuery::new(q, *w as f32))
                } else {
                    q
                };
                (Occur::Should, q)
            })
            .collect();
        let top = self
            .searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(depth).order_by_score(),
            )
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for (score, addr) in top {
            let doc: TantivyDocument = self.searcher.doc(addr).map_err(|e| e.to_string())?;
            let k = doc
                .get_first(self.key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            out.push((k, f64::from(score)));
        }
        Ok(out)
    }

    fn rank(
        &self,
        query: &str,
        depth: usize,
        jieba: Option<&Jieba>,
        parts: Option<&Jieba>,
    ) -> Result<Ranking> {
        let terms: Vec<(String, f64)> = self
            .query_terms(query, jieba, parts)?
            .into_iter()
            .map(|t| (t, 1.0))
            .collect();
        Ok(self
            .search(&terms, depth)?
            .into_iter()
            .map(|(k, _)| (k, Vec::new()))
            .collect())
    }

    /// RM3 as Anserini's `Rm3Reranker` runs it: the first [`RM3_FB_DOCS`]
    /// paragraphs of the plain query are the feedback documents; each
    /// gives its [`RM3_FB_TERMS`] most frequent terms (of 2 to 20
    /// characters, in at most a tenth of the paragraphs), weighted by
    /// frequency over the vector's total times the paragraph's score; the
    /// summed weights' [`RM3_FB_TERMS`] best, scaled to sum 1, are mixed
    /// with the query's terms (also scaled to sum 1) at
    /// [`RM3_ORIGINAL_WEIGHT`], and the mix runs as boosted term queries.
    fn rm3_terms(&self, query: &str, jieba: &Jieba) -> Result<Vec<(String, f64)>> {
        let query_terms: Vec<String> = jieba_terms(jieba, self.cut, query);
        let mut original: BTreeMap<String, f64> = BTreeMap::new();
        for t in &query_terms {
            *original.entry(t.clone()).or_default() += 1.0;
        }
        scale_to_unit(&mut original);
        let plain: Vec<(String, f64)> = original.keys().map(|t| (t.clone(), 1.0)).collect();
        let feedback = self.search(&plain, RM3_FB_DOCS)?;
        let n = self.searcher.num_docs().max(1) as f64;
        let mut df_cache: HashMap<&str, f64> = HashMap::new();
        let mut model: BTreeMap<String, f64> = BTreeMap::new();
        for (k, score) in &feedback {
            let Some(terms) = self.terms.get(k) else {
                continue;
            };
            let mut tf: BTreeMap<&str, f64> = BTreeMap::new();
            for t in terms {
                let len = t.chars().count();
                if !(2..=20).contains(&len) {
                    continue;
                }
                let df = match df_cache.get(t.as_str()) {
                    Some(df) => *df,
                    None => {
                        let df = self
                            .searcher
                            .doc_freq(&Term::from_field_text(self.words, t))
                            .map_err(|e| e.to_string())? as f64;
                        df_cache.insert(t, df);
                        df
                    }
                };
                if df / n > 0.1 {
                    continue;
                }
                *tf.entry(t).or_default() += 1.0;
            }
            let vector = prune(tf.into_iter().collect(), RM3_FB_TERMS);
            let norm: f64 = vector.iter().map(|(_, w)| w).sum();
            if norm <= 0.001 {
                continue;
            }
            for (t, w) in vector {
                *model.entry(t.to_string()).or_default() += w / norm * score;
            }
        }
        let mut model: BTreeMap<String, f64> = prune(model.into_iter().collect(), RM3_FB_TERMS)
            .into_iter()
            .collect();
        scale_to_unit(&mut model);
        let mut mixed: BTreeMap<String, f64> = BTreeMap::new();
        for (t, w) in &original {
            *mixed.entry(t.clone()).or_default() += RM3_ORIGINAL_WEIGHT * w;
        }
        for (t, w) in &model {
            *mixed.entry(t.clone()).or_default() += (1.0 - RM3_ORIGINAL_WEIGHT) * w;
        }
        Ok(mixed.into_iter().collect())
    }

    fn rank_rm3(&self, query: &str, depth: usize, jieba: &Jieba) -> Result<Ranking> {
        let terms = self.rm3_terms(query, jieba)?;
        Ok(self
            .search(&terms, depth)?
            .into_iter()
            .map(|(k, _)| (k, Vec::new()))
            .collect())
    }
}

/// The `size` heaviest of weighted terms (ties by term, for a stable run).
fn prune<T: Ord>(mut v: Vec<(T, f64)>, size: usize) -> Vec<(T, f64)> {
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(size);
    v
}

fn scale_to_unit(v: &mut BTreeMap<String, f64>) {
    let sum: f64 = v.values().sum();
    if sum > 0.0 {
        v.values_mut().for_each(|w| *w /= sum);
    }
}

/// The index, its paragraphs, and the BM25 baselines the systems need.
struct Systems {
    idx: RendaIndex,
    paragraphs: Paragraphs,
    jieba: Option<Jieba>,
    bm25: HashMap<Cut, Bm25>,
}

/// The cut a BM25 system ranks over, and whether it adds RM3 feedback.
fn bm25_system(system: &str) -> Option<(Cut, bool)> {
    match system {
        "bm25" | "bm25-renda" | "bm25-parts" => Some((Cut::Renda, false)),
        "bm25-jieba" => Some((Cut::Jieba, false)),
        "bm25-search" => Some((Cut::Search, false)),
        "bm25-rm3" => Some((RM3_BASE, true)),
        "bm25-rm3-jieba" => Some((Cut::Jieba, true)),
        "bm25-rm3-search" => Some((Cut::Search, true)),
        _ => None,
    }
}

const SYSTEMS: &str = "renda, renda-literal, bm25-renda (bm25), bm25-parts, bm25-jieba, \
                       bm25-search, bm25-rm3, bm25-rm3-jieba, bm25-rm3-search, \
                       rrf:A+B, rrfinN:A+B";

impl Systems {
    fn open(index: &Path, systems: &[&str]) -> Result<Self> {
        let (idx, paragraphs) = open(index)?;
        let mut cuts: Vec<Cut> = Vec::new();
        for s in systems {
            if let Some(rest) = s.strip_prefix("rrf:").or_else(|| {
                s.split_once(':')
                    .filter(|(p, _)| p.starts_with("rrfin"))
                    .map(|(_, r)| r)
            }) {
                for part in rest.split('+') {
                    let name = part.split_once('*').map_or(part, |(n, _)| n);
                    if let Some((cut, _)) = bm25_system(name)
                        && !cuts.contains(&cut)
                    {
                        cuts.push(cut);
                    }
                }
                continue;
            }
            match (bm25_system(s), *s) {
                (Some((cut, _)), _) => {
                    if !cuts.contains(&cut) {
                        cuts.push(cut);
                    }
                }
                (None, "renda" | "renda-literal") => {}
                (None, other) => return Err(format!("unknown system '{other}' ({SYSTEMS})")),
            }
        }
        let jieba = cuts.iter().any(|c| *c != Cut::Renda).then(Jieba::new);
        let mut bm25 = HashMap::new();
        for cut in cuts {
            bm25.insert(cut, Bm25::build(cut, &idx, &paragraphs, jieba.as_ref())?);
        }
        Ok(Self {
            idx,
            paragraphs,
            jieba,
            bm25,
        })
    }

    /// The weighted terms a BM25 system runs for a query (for `--verbose`).
    fn terms(&self, system: &str, query: &str) -> Result<Option<Vec<(String, f64)>>> {
        let Some((cut, rm3)) = bm25_system(system) else {
            return Ok(None);
        };
        let bm25 = self.bm25.get(&cut).ok_or("baseline not built")?;
        let jieba = self.jieba.as_ref();
        Ok(Some(match (rm3, jieba) {
            (true, Some(jieba)) => bm25.rm3_terms(query, jieba)?,
            _ => {
                let parts = (system == "bm25-parts").then(|| self.idx.dictionary.jieba());
                bm25.query_terms(query, jieba, parts.as_deref())?
                    .into_iter()
                    .map(|t| (t, 1.0))
                    .collect()
            }
        }))
    }

    fn rank(&self, system: &str, query: &str, depth: usize) -> Result<Ranking> {
        if let Some(rest) = system.strip_prefix("rrf:") {
            return self.rank_rrf(rest, query, depth, None);
        }
        if let Some(rest) = system.strip_prefix("rrfin") {
            let (n, rest) = rest.split_once(':').ok_or("rrfinN:…")?;
            let n: usize = if n.is_empty() {
                1000
            } else {
                n.parse().map_err(|_| "rrfinN")?
            };
            let within: HashSet<String> = self
                .rank("renda", query, n)?
                .into_iter()
                .flat_map(|(k, f)| std::iter::once(k).chain(f))
                .collect();
            return self.rank_rrf(rest, query, depth, Some(&within));
        }
        if let Some((cut, rm3)) = bm25_system(system) {
            let bm25 = self.bm25.get(&cut).ok_or("baseline not built")?;
            return match (rm3, self.jieba.as_ref()) {
                (true, Some(jieba)) => bm25.rank_rm3(query, depth, jieba),
                (true, None) => Err("jieba not loaded".into()),
                (false, jieba) => {
                    let parts = (system == "bm25-parts").then(|| self.idx.dictionary.jieba());
                    bm25.rank(query, depth, jieba, parts.as_deref())
                }
            };
        }
        match system {
            "renda" | "renda-literal" => {
                let mut req = SearchRequest {
                    query: query.to_string(),
                    limit: depth,
                    collapse: true,
                    ..SearchRequest::default()
                };
                renda_variant(system, &mut req);
                let result = search(&self.idx, &req).map_err(|e| e.to_string())?;
                Ok(result
                    .hits
                    .iter()
                    .map(|h| {
                        let folded = h
                            .duplicates
                            .iter()
                            .filter_map(|d| {
                                self.paragraphs
                                    .by_place
                                    .get(&(d.file.clone(), d.paragraph))
                                    .cloned()
                            })
                            .collect();
                        (key(&h.text), folded)
                    })
                    .collect())
            }
            other => Err(format!("unknown system '{other}' ({SYSTEMS})")),
        }
    }
}

impl Systems {
    /// Reciprocal rank fusion of systems joined by `+`, each optionally
    /// weighted (`renda*2+bm25-search`): Σ w / (60 + rank).
    fn rank_rrf(
        &self,
        spec: &str,
        query: &str,
        depth: usize,
        within: Option<&HashSet<String>>,
    ) -> Result<Ranking> {
        let mut fused: HashMap<String, (f64, Vec<String>)> = HashMap::new();
        for part in spec.split('+') {
            let (name, w) = match part.split_once('*') {
                Some((n, w)) => (n, w.parse::<f64>().map_err(|e| e.to_string())?),
                None => (part, 1.0),
            };
            let list: Ranking = self
                .rank(name, query, 1000)?
                .into_iter()
                .filter(|(k, _)| within.is_none_or(|w| w.contains(k)))
                .take(200)
                .collect();
            for (i, (k, folded)) in list.into_iter().enumerate() {
                let e = fused.entry(k).or_insert((0.0, Vec::new()));
                e.0 += w / (RRF_K + i as f64 + 1.0);
                if e.1.is_empty() {
                    e.1 = folded;
                }
            }
        }
        let mut v: Vec<(String, (f64, Vec<String>))> = fused.into_iter().collect();
        v.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
        // A paragraph folded under another's hit is not listed again.
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (k, (_, folded)) in v {
            if seen.contains(&k) {
                continue;
            }
            seen.extend(folded.iter().cloned());
            seen.insert(k.clone());
            out.push((k, folded));
            if out.len() >= depth {
                break;
            }
        }
        Ok(out)
    }
}

/// The constant of reciprocal rank fusion.
const RRF_K: f64 = 60.0;

/// The request of a renda variant.
fn renda_variant(system: &str, req: &mut SearchRequest) {
    if system == "renda-literal" {
        req.literal = true;
    }
}

fn open(index: &Path) -> Result<(RendaIndex, Paragraphs)> {
    let idx = renda::index::open(index).map_err(|e| e.to_string())?;
    let paragraphs = paragraphs(&idx)?;
    Ok((idx, paragraphs))
}

fn dcg(grades: &[u8]) -> f64 {
    grades
        .iter()
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(*g)) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

struct Scores {
    /// None when no judged paragraph of the theme is about it.
    ndcg10: Option<f64>,
    recall20: Option<f64>,
    unjudged10: usize,
}

fn score(ranking: &Ranking, judged: &HashMap<String, u8>, paraphrases: &HashSet<&str>) -> Scores {
    let top10: Vec<&(String, Vec<String>)> = ranking.iter().take(10).collect();
    let unjudged10 = top10
        .iter()
        .filter(|(k, _)| !judged.contains_key(k))
        .count();
    let grades: Vec<u8> = ranking
        .iter()
        .filter_map(|(k, _)| judged.get(k).copied())
        .take(10)
        .collect();
    let mut ideal: Vec<u8> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(10);
    let idcg = dcg(&ideal);
    let ndcg10 = (idcg > 0.0).then(|| dcg(&grades) / idcg);
    let found: HashSet<&str> = ranking
        .iter()
        .take(20)
        .flat_map(|(k, folded)| std::iter::once(k).chain(folded))
        .map(String::as_str)
        .filter(|k| paraphrases.contains(k))
        .collect();
    let recall20 = (!paraphrases.is_empty()).then(|| found.len() as f64 / paraphrases.len() as f64);
    Scores {
        ndcg10,
        recall20,
        unjudged10,
    }
}

/// One theme's scores, per system.
struct Row<'a> {
    theme: &'a Theme,
    twos: usize,
    paraphrases: usize,
    scores: Vec<Scores>,
}

fn eval(
    index: &Path,
    themes_path: &Path,
    judgments_path: &Path,
    systems: &str,
    half: Option<&str>,
    verbose: bool,
) -> Result<()> {
    let systems: Vec<&str> = systems.split(',').map(str::trim).collect();
    let halves: Vec<&str> = match half {
        None => HALVES.to_vec(),
        Some(h) if HALVES.contains(&h) => vec![h],
        Some(h) => return Err(format!("--half '{h}': dev or test")),
    };
    let themes: Vec<Theme> = themes(themes_path)?
        .into_iter()
        .filter(|t| halves.contains(&t.half.as_str()))
        .collect();
    let judgments = judgments(judgments_path)?;
    let sys = Systems::open(index, &systems)?;
    let paragraphs = &sys.paragraphs;
    let empty = HashMap::new();
    let mut rows = Vec::new();
    for theme in &themes {
        let judged = judgments.get(&theme.id).unwrap_or(&empty);
        let paraphrases: HashSet<&str> = judged
            .iter()
            .filter(|(k, g)| {
                **g == 2
                    && paragraphs
                        .by_key
                        .get(*k)
                        .is_some_and(|(_, _, text)| !text.contains(&theme.query))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        let mut scores = Vec::new();
        for s in &systems {
            let ranking = sys.rank(s, &theme.query, 20)?;
            scores.push(score(&ranking, judged, &paraphrases));
            if verbose {
                eprintln!("{} {} {s}", theme.id, theme.query);
                if let Some(terms) = sys.terms(s, &theme.query)? {
                    let shown: Vec<String> =
                        terms.iter().map(|(t, w)| format!("{t}^{w:.3}")).collect();
                    eprintln!("  {s}: terms {}", shown.join(" "));
                }
                let deep = sys.rank(s, &theme.query, 200)?;
                let mut at: Vec<String> = paraphrases
                    .iter()
                    .map(|p| {
                        deep.iter()
                            .position(|(k, f)| k == p || f.iter().any(|x| x == p))
                            .map_or("-".to_string(), |i| (i + 1).to_string())
                    })
                    .collect();
                at.sort_by_key(|a| a.parse::<usize>().unwrap_or(usize::MAX));
                eprintln!("  {s}: paraphrases at {}", at.join(" "));
                for (i, (k, folded)) in ranking.iter().take(10).enumerate() {
                    let (file, para, text) = &paragraphs.by_key[k];
                    let grade = judged.get(k).map_or("?".to_string(), |g| g.to_string());
                    let short: String = text.chars().take(60).collect();
                    eprintln!(
                        "  {s} {}: [{grade}] {file}#{para} (+{}) {short}",
                        i + 1,
                        folded.len()
                    );
                }
            }
        }
        rows.push(Row {
            theme,
            twos: judged.values().filter(|g| **g == 2).count(),
            paraphrases: paraphrases.len(),
            scores,
        });
    }
    let mut header = format!("{:<4} {:<12} {:>5} {:>5}", "id", "query", "2s", "para");
    for s in &systems {
        header.push_str(&format!(" | {s:>15} nDCG R@20 unj"));
    }
    for h in &halves {
        let in_half: Vec<&Row> = rows.iter().filter(|r| r.theme.half == *h).collect();
        println!("\n{h} half ({} themes)", in_half.len());
        println!("{header}");
        for r in &in_half {
            let mut line = format!(
                "{:<4} {:<12} {:>5} {:>5}",
                r.theme.id, r.theme.query, r.twos, r.paraphrases
            );
            for sc in &r.scores {
                line.push_str(&format!(
                    " | {:>15} {} {} {:>3}",
                    "",
                    sc.ndcg10.map_or("  -  ".to_string(), |n| format!("{n:.3}")),
                    sc.recall20
                        .map_or("  -  ".to_string(), |r| format!("{r:.3}")),
                    sc.unjudged10
                ));
            }
            println!("{line}");
        }
        println!("{}", mean_line(h, &in_half, systems.len()));
    }
    println!(
        "\nmeans ({} themes; on a mean line, 2s: the themes with a judged paragraph about \
         them, which nDCG@10 is over; para: the themes with paraphrases, which recall is over)",
        rows.len()
    );
    println!("{header}");
    for h in &halves {
        let in_half: Vec<&Row> = rows.iter().filter(|r| r.theme.half == *h).collect();
        println!("{}", mean_line(h, &in_half, systems.len()));
    }
    if halves.len() > 1 {
        let all: Vec<&Row> = rows.iter().collect();
        println!("{}", mean_line("all", &all, systems.len()));
    }
    Ok(())
}

/// The mean line of some themes: nDCG@10 over the themes with judged
/// paragraphs about them, paraphrase recall@20 over those with
/// paraphrases, unjudged in the first 10 summed; the number of themes
/// the nDCG@10 and the recall are over.
fn mean_line(label: &str, rows: &[&Row], systems: usize) -> String {
    let judged = rows
        .iter()
        .filter(|r| r.scores.first().is_some_and(|s| s.ndcg10.is_some()))
        .count();
    let with_para = rows
        .iter()
        .filter(|r| r.scores.first().is_some_and(|s| s.recall20.is_some()))
        .count();
    let mut line = format!(
        "{:<4} {:<12} {:>5} {:>5}",
        label, "(mean)", judged, with_para
    );
    for i in 0..systems {
        let ndcgs: Vec<f64> = rows.iter().filter_map(|r| r.scores[i].ndcg10).collect();
        let recalls: Vec<f64> = rows.iter().filter_map(|r| r.scores[i].recall20).collect();
        let unjudged: usize = rows.iter().map(|r| r.scores[i].unjudged10).sum();
        line.push_str(&format!(
            " | {:>15} {} {} {unjudged:>3}",
            "",
            mean(&ndcgs),
            mean(&recalls)
        ));
    }
    line
}

/// A mean to print: "  -  " when there is nothing to average.
fn mean(values: &[f64]) -> String {
    if values.is_empty() {
        return "  -  ".to_string();
    }
    format!("{:.3}", values.iter().sum::<f64>() / values.len() as f64)
}

/// The start of a paragraph's text as judgments.tsv shows it.
fn start_of(text: &str) -> String {
    text.chars().take(24).collect()
}

fn pool(
    index: &Path,
    themes_path: &Path,
    judgments_path: &Path,
    systems: &str,
    depth: usize,
    out: &Path,
    chunks: Option<(usize, usize)>,
) -> Result<()> {
    let systems: Vec<&str> = systems.split(',').map(str::trim).collect();
    let themes = themes(themes_path)?;
    let judgments = judgments(judgments_path)?;
    let sys = Systems::open(index, &systems)?;
    let paragraphs = &sys.paragraphs;
    let empty = HashMap::new();
    // Per theme, its lines to judge.
    let mut per_theme: Vec<(&Theme, Vec<String>)> = Vec::new();
    for theme in &themes {
        let judged = judgments.get(&theme.id).unwrap_or(&empty);
        let mut keys: Vec<String> = Vec::new();
        for s in &systems {
            for (k, _) in sys.rank(s, &theme.query, depth)? {
                if !judged.contains_key(&k) && !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        // An order that hides which system found what.
        keys.sort();
        let lines = keys
            .iter()
            .map(|k| {
                let (file, para, text) = &paragraphs.by_key[k];
                serde_json::json!({
                    "id": format!("{}:{k}", theme.id),
                    "theme": theme.id,
                    "query": theme.query,
                    "gloss": theme.gloss,
                    "key": k,
                    "where": format!("{file}#{para}"),
                    "text": text,
                })
                .to_string()
            })
            .collect();
        per_theme.push((theme, lines));
    }
    println!("unjudged in the first {depth} of {}:", systems.join(", "));
    for (theme, lines) in &per_theme {
        println!(
            "  {} {} ({}): {}",
            theme.id,
            theme.query,
            theme.half,
            lines.len()
        );
    }
    let total: usize = per_theme.iter().map(|(_, l)| l.len()).sum();
    let Some((n, size)) = chunks else {
        let lines: Vec<&String> = per_theme.iter().flat_map(|(_, l)| l).collect();
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
        println!("{total} paragraphs to judge in {}", out.display());
        return Ok(());
    };
    if n == 0 || size == 0 {
        return Err("--chunks and --chunk-size must be at least 1".into());
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let files = chunk(&per_theme, n, size);
    for (i, (ids, lines)) in files.iter().enumerate() {
        let path = out.join(format!("pool-{:02}.jsonl", i + 1));
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "{}: {} paragraphs ({})",
            path.display(),
            lines.len(),
            ids.join(" ")
        );
    }
    if files.iter().any(|(_, l)| l.len() > size) {
        println!("more than {size} paragraphs in a file: ask for more --chunks");
    }
    println!("{total} paragraphs to judge in {} files", files.len());
    Ok(())
}

/// Deals the themes' lines into `n` files: a theme of more than `size`
/// lines is cut into parts of at most `size`; then the parts, largest
/// first, each go whole to the file with the fewest lines so far. Files
/// keep the themes' order inside.
fn chunk<'a>(
    per_theme: &[(&'a Theme, Vec<String>)],
    n: usize,
    size: usize,
) -> Vec<(Vec<&'a str>, Vec<String>)> {
    let mut parts: Vec<(usize, &'a str, &[String])> = Vec::new();
    for (i, (theme, lines)) in per_theme.iter().enumerate() {
        for part in lines.chunks(size) {
            parts.push((i, theme.id.as_str(), part));
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|p| (std::cmp::Reverse(parts[*p].2.len()), *p));
    let mut files: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut sizes = vec![0usize; n];
    for p in order {
        let f = (0..n).min_by_key(|f| (sizes[*f], *f)).unwrap_or(0);
        sizes[f] += parts[p].2.len();
        files[f].push(p);
    }
    files
        .into_iter()
        .filter(|f| !f.is_empty())
        .map(|mut f| {
            f.sort_unstable();
            let mut ids: Vec<&str> = f.iter().map(|p| parts[*p].1).collect();
            ids.dedup();
            let lines = f.iter().flat_map(|p| parts[*p].2.iter().cloned()).collect();
            (ids, lines)
        })
        .collect()
}

/// A pooled paragraph: theme, key, where, start of text.
struct Pooled {
    theme: String,
    key: String,
    place: String,
    start: String,
}

fn pool_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("pool-") && n.ends_with(".jsonl"))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Appends the judges' grades to judgments.tsv. A judge's line is
/// `id<TAB>grade` (the pool's `id`, theme:key) or `key<TAB>grade` when the
/// key was pooled for one theme only. Nothing is written when a line names
/// a paragraph that was not pooled, grades one twice, grades one already
/// judged, or has a grade other than 0, 1, 2.
fn merge(pool: &[PathBuf], judged: &[PathBuf], judgments_path: &Path) -> Result<()> {
    let mut pooled: BTreeMap<(String, String), Pooled> = BTreeMap::new();
    for path in pool_files(pool)? {
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
            let field = |name: &str| {
                v.get(name)
                    .and_then(|x| x.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| format!("{}:{}: no '{name}'", path.display(), n + 1))
            };
            let (theme, key) = (field("theme")?, field("key")?);
            pooled.insert(
                (theme.clone(), key.clone()),
                Pooled {
                    theme,
                    key,
                    place: field("where")?,
                    start: start_of(&field("text")?),
                },
            );
        }
    }
    let mut themes_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (theme, key) in pooled.keys() {
        themes_of.entry(key).or_default().push(theme);
    }
    let existing = judgments(judgments_path)?;
    let mut errors = Vec::new();
    let mut graded: BTreeMap<(String, String), u8> = BTreeMap::new();
    let mut order = Vec::new();
    for path in judged {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = format!("{}:{}", path.display(), n + 1);
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [id, g] = fields.as_slice() else {
                errors.push(format!("{at}: a line is id or key, a tab, a grade"));
                continue;
            };
            let Some(g) = grade(g) else {
                errors.push(format!("{at}: grade '{g}' is not 0, 1 or 2"));
                continue;
            };
            let place = match id.split_once(':') {
                Some((theme, key)) => (theme.to_string(), key.to_string()),
                None => match themes_of.get(id).map(Vec::as_slice) {
                    Some([theme]) => (theme.to_string(), id.to_string()),
                    Some(many) => {
                        errors.push(format!(
                            "{at}: key {id} was pooled for {}: give the id (theme:key)",
                            many.join(", ")
                        ));
                        continue;
                    }
                    None => (String::new(), id.to_string()),
                },
            };
            if !pooled.contains_key(&place) {
                errors.push(format!("{at}: {id} is not in the pool"));
            } else if existing
                .get(&place.0)
                .is_some_and(|j| j.contains_key(&place.1))
            {
                errors.push(format!(
                    "{at}: {id} is already in {}",
                    judgments_path.display()
                ));
            } else if graded.contains_key(&place) {
                errors.push(format!("{at}: {id} is graded twice"));
            } else {
                graded.insert(place.clone(), g);
                order.push(place);
            }
        }
    }
    if !errors.is_empty() {
        return Err(format!(
            "nothing merged, {} problems:\n{}",
            errors.len(),
            errors.join("\n")
        ));
    }
    let mut text = fs::read_to_string(judgments_path)
        .map_err(|e| format!("{}: {e}", judgments_path.display()))?;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for place in &order {
        let p = &pooled[place];
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            p.theme, p.key, graded[place], p.place, p.start
        ));
    }
    fs::write(judgments_path, text).map_err(|e| format!("{}: {e}", judgments_path.display()))?;
    let left = pooled.len() - order.len();
    println!(
        "{} grades added to {}; {left} pooled paragraphs not graded in these files",
        order.len(),
        judgments_path.display()
    );
    Ok(())
}
