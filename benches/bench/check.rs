//! `check`: `renda check` of a made-up draft, in process.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::query::*;
use crate::util::*;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CheckResult {
    /// The draft's characters, sentences and paragraphs.
    pub(crate) chars: usize,
    pub(crate) sentences: usize,
    pub(crate) paragraphs: usize,
    pub(crate) open_ms: f64,
    /// The first check after opening (cold caches).
    pub(crate) first_ms: f64,
    /// Warm checks.
    pub(crate) warm: Latency,
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
        let Ok(doc) = renda_core::corpus::read_document(f) else {
            continue;
        };
        let sentences: Vec<&str> = renda_core::search::rank::sentences(&doc.text)
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

pub(crate) fn check(index: &Path, dir: &Path, chars: usize, runs: usize) -> Result<CheckResult> {
    let text = make_draft(dir, chars)?;
    let path = std::env::temp_dir().join(format!("renda-bench-draft-{}.txt", std::process::id()));
    fs::write(&path, &text)?;
    let draft = renda_core::ingest::read_draft(Some(&path));
    let _ = fs::remove_file(&path);
    let draft = draft.map_err(|e| format!("the draft: {e}"))?;
    let t = Instant::now();
    let idx = renda_core::index::open(index)?;
    let open = t.elapsed();
    let opts = renda_core::search::check::CheckOptions::default();
    let t = Instant::now();
    let first = renda_core::search::check::check(&idx, &draft, &opts)?;
    let first_ms = ms(t.elapsed());
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs.max(1) {
        let c = cpu_time();
        let t = Instant::now();
        black_box(renda_core::search::check::check(&idx, &draft, &opts)?);
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
