//! The relevance evaluation of theme search, driven by
//! `benches/relevance/run.sh`.
//!
//! ```sh
//! cargo bench --bench relevance -- eval --index /tmp/renda-relevance/index
//! cargo bench --bench relevance -- pool --index /tmp/renda-relevance/index --out pool.jsonl
//! ```
//!
//! `benches/relevance/themes.tsv` holds the themes (a query and a gloss of
//! what counts as being about it); `benches/relevance/judgments.tsv` holds
//! graded judgments of pooled paragraphs: 0 not about the theme, 1 marginal
//! (a list item, a passing mention), 2 substantially about it, in its words
//! or in other words. A paragraph is judged by its text, keyed by the hash
//! of its text, so judgments survive renumbering.
//!
//! `eval` prints, per theme and overall, for each system:
//! - **nDCG@10**, unjudged results dropped from the ranked list first;
//! - **paraphrase recall@20**: of the grade-2 paragraphs that do not contain
//!   the query string, the share found in the first 20 results (for renda,
//!   a paragraph folded into a shown result as its near-copy counts);
//! - how many of the first 10 are unjudged (judge them before trusting the
//!   score).
//!
//! `pool` writes, for each theme, the unjudged paragraphs among the first
//! `--depth` results of every system, in an order that does not tell which
//! system found them, for judging.
//!
//! The systems: `renda` (theme search as `renda search` runs it),
//! `renda-literal` (without related words), and `bm25`, plain BM25 over
//! jieba words with no phrase boost: each query word a term, any of them
//! may match, ranked by Tantivy's BM25 over an index of the same
//! paragraphs cut into jieba words with renda's dictionary; `bm25-parts`,
//! the same with the smaller words of the query's long words too (for
//! pooling).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use renda::analysis;
use renda::index::{RendaIndex, reader::HitReader};
use renda::search::{SearchRequest, search};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, STORED, Schema, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, Index, TantivyDocument, Term, doc};

type Result<T> = std::result::Result<T, String>;

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
    /// nDCG@10 and paraphrase recall@20 per theme and overall.
    Eval {
        #[arg(long)]
        index: PathBuf,
        #[arg(long, default_value = "benches/relevance/themes.tsv")]
        themes: PathBuf,
        #[arg(long, default_value = "benches/relevance/judgments.tsv")]
        judgments: PathBuf,
        /// Systems to compare, comma-separated.
        #[arg(long, default_value = "renda,bm25")]
        systems: String,
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
        #[arg(long, default_value = "renda,renda-literal,bm25")]
        systems: String,
        #[arg(long, default_value_t = 20)]
        depth: usize,
        #[arg(long)]
        out: PathBuf,
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
            verbose,
        } => eval(&index, &themes, &judgments, &systems, verbose),
        Cmd::Pool {
            index,
            themes,
            judgments,
            systems,
            depth,
            out,
        } => pool(&index, &themes, &judgments, &systems, depth, &out),
    };
    if let Err(e) = result {
        eprintln!("relevance: {e}");
        std::process::exit(2);
    }
}

struct Theme {
    id: String,
    query: String,
    gloss: String,
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
            [id, query, gloss, ..] => Ok(Theme {
                id: id.clone(),
                query: query.clone(),
                gloss: gloss.clone(),
            }),
            _ => Err(format!("{}: a row needs id, query, gloss", path.display())),
        })
        .collect()
}

/// Judgments: theme id → paragraph key → grade.
type Judgments = HashMap<String, HashMap<String, u8>>;

fn judgments(path: &Path) -> Result<Judgments> {
    let mut out: Judgments = HashMap::new();
    if !path.exists() {
        return Ok(out);
    }
    for row in read_tsv(path)? {
        let [theme, key, grade, ..] = row.as_slice() else {
            return Err(format!("{}: a row needs theme, key, grade", path.display()));
        };
        let grade: u8 = grade
            .parse()
            .ok()
            .filter(|g| *g <= 2)
            .ok_or_else(|| format!("{}: grade '{grade}' is not 0, 1 or 2", path.display()))?;
        out.entry(theme.clone())
            .or_default()
            .insert(key.clone(), grade);
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

/// Plain BM25 over jieba words.
struct Bm25 {
    index: Index,
    words: tantivy::schema::Field,
    key: tantivy::schema::Field,
}

impl Bm25 {
    fn build(idx: &RendaIndex, paragraphs: &Paragraphs) -> Result<Self> {
        let mut schema = Schema::builder();
        let words = schema.add_text_field("words", analysis::text_options(analysis::WORDS));
        let key = schema.add_text_field("key", STORED);
        let index = Index::create_in_ram(schema.build());
        analysis::register(&index, &idx.dictionary);
        let mut writer = index
            .writer_with_num_threads(1, 200_000_000)
            .map_err(|e| e.to_string())?;
        let mut keys: Vec<&String> = paragraphs.by_key.keys().collect();
        keys.sort();
        for k in keys {
            let (_, _, text) = &paragraphs.by_key[k];
            writer
                .add_document(doc!(words => text.as_str(), key => k.as_str()))
                .map_err(|e| e.to_string())?;
        }
        writer.commit().map_err(|e| e.to_string())?;
        Ok(Self { index, words, key })
    }

    /// The query's jieba words (with `parts`, also the smaller words of
    /// its long words, as jieba's search mode cuts them).
    fn rank(&self, query: &str, depth: usize, parts: Option<&jieba_rs::Jieba>) -> Result<Ranking> {
        let mut tokenizer = self
            .index
            .tokenizer_for_field(self.words)
            .map_err(|e| e.to_string())?;
        let mut stream = tokenizer.token_stream(query);
        let mut terms: Vec<String> = Vec::new();
        while stream.advance() {
            let t = stream.token().text.clone();
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
        if let Some(jieba) = parts {
            for t in jieba.cut_for_search(query, false) {
                let w = t.word.to_lowercase();
                if w.chars().count() >= 2 && !terms.contains(&w) {
                    terms.push(w);
                }
            }
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.words, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        let searcher = self.index.reader().map_err(|e| e.to_string())?.searcher();
        let top = searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(depth).order_by_score(),
            )
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| e.to_string())?;
            let k = doc
                .get_first(self.key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            out.push((k, Vec::new()));
        }
        Ok(out)
    }
}

/// The index, its paragraphs, and the BM25 baseline when a system needs it.
struct Systems {
    idx: RendaIndex,
    paragraphs: Paragraphs,
    bm25: Option<Bm25>,
}

impl Systems {
    fn open(index: &Path, systems: &[&str]) -> Result<Self> {
        let (idx, paragraphs) = open(index)?;
        let bm25 = systems
            .iter()
            .any(|s| s.starts_with("bm25"))
            .then(|| Bm25::build(&idx, &paragraphs))
            .transpose()?;
        Ok(Self {
            idx,
            paragraphs,
            bm25,
        })
    }

    fn rank(&self, system: &str, query: &str, depth: usize) -> Result<Ranking> {
        match system {
            "bm25" => self
                .bm25
                .as_ref()
                .ok_or("bm25 not built")?
                .rank(query, depth, None),
            "bm25-parts" => self.bm25.as_ref().ok_or("bm25 not built")?.rank(
                query,
                depth,
                Some(&self.idx.dictionary.jieba()),
            ),
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
            other => Err(format!(
                "unknown system '{other}' (renda, renda-literal, bm25, bm25-parts)"
            )),
        }
    }
}

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
    ndcg10: f64,
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
    let ndcg10 = if idcg > 0.0 { dcg(&grades) / idcg } else { 0.0 };
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

fn eval(
    index: &Path,
    themes_path: &Path,
    judgments_path: &Path,
    systems: &str,
    verbose: bool,
) -> Result<()> {
    let systems: Vec<&str> = systems.split(',').map(str::trim).collect();
    let themes = themes(themes_path)?;
    let judgments = judgments(judgments_path)?;
    let sys = Systems::open(index, &systems)?;
    let paragraphs = &sys.paragraphs;
    let empty = HashMap::new();
    let mut header = format!("{:<4} {:<12} {:>5} {:>5}", "id", "query", "2s", "para");
    for s in &systems {
        header.push_str(&format!(" | {s:>13} nDCG R@20 unj"));
    }
    println!("{header}");
    let mut totals: BTreeMap<&str, (f64, f64, usize, usize)> = BTreeMap::new();
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
        let twos = judged.values().filter(|g| **g == 2).count();
        let mut line = format!(
            "{:<4} {:<12} {:>5} {:>5}",
            theme.id,
            theme.query,
            twos,
            paraphrases.len()
        );
        for s in &systems {
            let ranking = sys.rank(s, &theme.query, 20)?;
            let sc = score(&ranking, judged, &paraphrases);
            let t = totals.entry(s).or_default();
            t.0 += sc.ndcg10;
            if let Some(r) = sc.recall20 {
                t.1 += r;
                t.3 += 1;
            }
            t.2 += sc.unjudged10;
            line.push_str(&format!(
                " | {:>13} {:.3} {} {:>3}",
                "",
                sc.ndcg10,
                sc.recall20
                    .map_or("  -  ".to_string(), |r| format!("{r:.3}")),
                sc.unjudged10
            ));
            if verbose {
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
        println!("{line}");
    }
    let n = themes.len().max(1) as f64;
    let mut line = format!("{:<4} {:<12} {:>5} {:>5}", "all", "(mean)", "", "");
    for s in &systems {
        let (ndcg, recall, unjudged, with_para) = totals[s];
        line.push_str(&format!(
            " | {:>13} {:.3} {:.3} {:>3}",
            "",
            ndcg / n,
            recall / with_para.max(1) as f64,
            unjudged
        ));
    }
    println!("{line}");
    Ok(())
}

fn pool(
    index: &Path,
    themes_path: &Path,
    judgments_path: &Path,
    systems: &str,
    depth: usize,
    out: &Path,
) -> Result<()> {
    let systems: Vec<&str> = systems.split(',').map(str::trim).collect();
    let themes = themes(themes_path)?;
    let judgments = judgments(judgments_path)?;
    let sys = Systems::open(index, &systems)?;
    let paragraphs = &sys.paragraphs;
    let empty = HashMap::new();
    let mut lines = Vec::new();
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
        for k in keys {
            let (file, para, text) = &paragraphs.by_key[&k];
            lines.push(
                serde_json::json!({
                    "theme": theme.id,
                    "query": theme.query,
                    "gloss": theme.gloss,
                    "key": k,
                    "where": format!("{file}#{para}"),
                    "text": text,
                })
                .to_string(),
            );
        }
    }
    fs::write(out, lines.join("\n") + "\n").map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{} paragraphs to judge in {}", lines.len(), out.display());
    Ok(())
}
