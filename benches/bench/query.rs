//! `query`: in-process query latency.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use renda_core::search::{self, SearchRequest};
use serde::{Deserialize, Serialize};

use crate::util::*;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Latency {
    pub(crate) n: usize,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) max_ms: f64,
}

impl Latency {
    pub(crate) fn of(samples: &[f64]) -> Self {
        Latency {
            n: samples.len(),
            p50_ms: percentile(samples, 50.0),
            p99_ms: percentile(samples, 99.0),
            max_ms: samples.iter().copied().fold(f64::NAN, f64::max),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct PhraseLatency {
    pub(crate) phrase: String,
    pub(crate) exact_total: usize,
    pub(crate) exact_median_ms: f64,
    pub(crate) theme_total: usize,
    pub(crate) theme_median_ms: f64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct QueryResult {
    pub(crate) runs: usize,
    pub(crate) limit: usize,
    /// `renda_core::index::open`: tantivy's open, the schema check, the
    /// dictionary and the tokenizers' registration.
    pub(crate) open_ms: f64,
    /// The first exact-phrase search after opening.
    pub(crate) first_exact_ms: f64,
    /// The first theme search (loads jieba and the dictionaries).
    pub(crate) first_theme_ms: f64,
    /// `index.reader()` + `searcher()`, which every search does.
    pub(crate) reader_open: Latency,
    pub(crate) exact: Latency,
    pub(crate) theme: Latency,
    /// CPU time per search (process-wide; the search runs on one thread):
    /// less disturbed than wall time on a busy machine.
    pub(crate) exact_cpu: Latency,
    pub(crate) theme_cpu: Latency,
    pub(crate) phrases: Vec<PhraseLatency>,
}

pub(crate) fn query(
    index: &Path,
    phrases: &Path,
    runs: usize,
    limit: usize,
) -> Result<QueryResult> {
    let phrases = read_phrases(phrases)?;
    let t = Instant::now();
    let idx = renda_core::index::open(index)?;
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
