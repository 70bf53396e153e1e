//! The systems compared: renda's variants, the BM25 baselines (renda's cut
//! and jieba's, RM3 feedback) and their fusion by reciprocal rank.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use jieba_rs::Jieba;
use renda_core::analysis;
use renda_core::index::RendaIndex;
use renda_core::search::{SearchRequest, search};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{PreTokenizedString, Token, TokenStream};
use tantivy::{Index, Searcher, TantivyDocument, Term, doc};

use crate::data::*;

/// The baseline `bm25-rm3` builds on: of `bm25-jieba` and `bm25-search`,
/// the one with the higher mean nDCG@10 on the development half
/// (`eval --half dev --systems bm25-jieba,bm25-search`, see BENCHMARKS.md).
pub(crate) const RM3_BASE: Cut = Cut::Jieba;

/// RM3 as Anserini runs it by default: feedback documents, feedback terms,
/// and the weight of the original query.
const RM3_FB_DOCS: usize = 10;
const RM3_FB_TERMS: usize = 10;
const RM3_ORIGINAL_WEIGHT: f64 = 0.5;

/// One ranked list: the keys shown, best first, each with the keys folded
/// into it.
pub(crate) type Ranking = Vec<(String, Vec<String>)>;

/// How a BM25 baseline cuts text and query into terms.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Cut {
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
pub(crate) struct Bm25 {
    pub(crate) cut: Cut,
    pub(crate) index: Index,
    pub(crate) searcher: Searcher,
    pub(crate) words: Field,
    pub(crate) key: Field,
    /// Each paragraph's terms by key (the jieba cuts), for RM3's document
    /// vectors.
    pub(crate) terms: HashMap<String, Vec<String>>,
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
    pub(crate) fn search(
        &self,
        terms: &[(String, f64)],
        depth: usize,
    ) -> Result<Vec<(String, f64)>> {
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

    pub(crate) fn rank(
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
pub(crate) struct Systems {
    pub(crate) idx: RendaIndex,
    pub(crate) paragraphs: Paragraphs,
    pub(crate) jieba: Option<Jieba>,
    pub(crate) bm25: HashMap<Cut, Bm25>,
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
    pub(crate) fn open(index: &Path, systems: &[&str]) -> Result<Self> {
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
    pub(crate) fn terms(&self, system: &str, query: &str) -> Result<Option<Vec<(String, f64)>>> {
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

    pub(crate) fn rank(&self, system: &str, query: &str, depth: usize) -> Result<Ranking> {
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
