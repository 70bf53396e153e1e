//! `fold`: what folding only the first candidates of a search changes on
//! its first pages, and what it saves.
//!
//! A folded search folds up to `search::FOLD_ALL_MAX` candidates into
//! phrasing families. For each bound given, each phrase (as an exact
//! phrase and as a theme) is searched with that bound and with the full
//! one, and the first `--pages` pages compared: the same paragraphs in the
//! same order, each with the same near-copies.

use std::path::Path;
use std::time::Instant;

use renda_core::search::{self, SearchRequest};

use crate::util::*;

/// What a page shows of a hit: its place and its near-copies' places.
type Shown = Vec<(String, usize, Vec<(String, usize)>)>;

fn shown(r: &search::SearchResult) -> Shown {
    r.hits
        .iter()
        .map(|h| {
            (
                h.file.clone(),
                h.paragraph,
                h.duplicates
                    .iter()
                    .map(|d| (d.file.clone(), d.paragraph))
                    .collect(),
            )
        })
        .collect()
}

pub(crate) fn fold(index: &Path, phrases: &Path, bounds: &[usize], pages: usize) -> Result<()> {
    let phrases = read_phrases(phrases)?;
    let idx = renda_core::index::open(index)?;
    let limit = pages.max(1) * 10;
    let time = |req: &SearchRequest, bound: usize| -> Result<(search::SearchResult, f64)> {
        // The second of two runs: the first warms the caches.
        search::search_folding(&idx, req, bound)?;
        let cpu = cpu_time();
        let r = search::search_folding(&idx, req, bound)?;
        Ok((r, ms(cpu_time() - cpu)))
    };
    println!(
        "{:<24} {:>8} {:>7} {:>10} {:>10} {:>9} {:>9}",
        "query", "matches", "bound", "CPU ms", "full ms", "same hits", "same copies"
    );
    let t = Instant::now();
    for p in &phrases {
        for q in [format!("\"{p}\""), p.clone()] {
            let req = SearchRequest {
                query: q.clone(),
                limit,
                collapse: true,
                ..Default::default()
            };
            let (full, full_ms) = time(&req, search::FOLD_ALL_MAX)?;
            let full_shown = shown(&full);
            for &bound in bounds {
                let (r, cpu) = time(&req, bound)?;
                let s = shown(&r);
                let same_hits = s
                    .iter()
                    .zip(&full_shown)
                    .filter(|(a, b)| (&a.0, a.1) == (&b.0, b.1))
                    .count();
                let same_copies = s.iter().zip(&full_shown).filter(|(a, b)| a == b).count();
                println!(
                    "{:<24} {:>8} {:>7} {:>10.1} {:>10.1} {:>5}/{:<3} {:>5}/{:<3}",
                    q,
                    full.total,
                    bound,
                    cpu,
                    full_ms,
                    same_hits,
                    full_shown.len(),
                    same_copies,
                    full_shown.len()
                );
            }
        }
    }
    eprintln!("fold: {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}
