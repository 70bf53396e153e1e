//! `jieba`: plain jieba-rs over a corpus, the reference speed for indexing.

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::util::*;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct JiebaResult {
    pub(crate) dictionary: String,
    pub(crate) files: usize,
    pub(crate) bytes: u64,
    tokens: u64,
    pub(crate) load_s: f64,
    /// Wall time in `cut` alone.
    cut_s: f64,
    /// CPU time of the loop (reading and cutting; one thread).
    cpu_s: f64,
    /// Reading and cutting.
    pub(crate) wall_s: f64,
    /// Over the wall time in `cut`.
    pub(crate) mb_per_s: f64,
    /// Over the CPU time of the loop: what the speed would be on an idle
    /// machine.
    pub(crate) mb_per_cpu_s: f64,
}

pub(crate) fn jieba(dir: &Path, renda_dict: bool) -> Result<JiebaResult> {
    let files = files_under(dir)?;
    let t = Instant::now();
    let jieba = if renda_dict {
        renda_core::analysis::Dictionary::builtin().jieba()
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
