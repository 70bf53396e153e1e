//! `report`: the Markdown table of a `run.sh` results folder.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::check::*;
use crate::e2e::*;
use crate::ingest::*;
use crate::jieba::*;
use crate::make_corpus::*;
use crate::query::*;
use crate::space::*;
use crate::util::*;

/// What `/usr/bin/time -v` says about a process.
#[derive(Debug, Default)]
pub(crate) struct TimeV {
    pub(crate) wall_s: f64,
    pub(crate) user_s: f64,
    sys_s: f64,
    pub(crate) max_rss_kb: u64,
    pub(crate) exit: i64,
}

pub(crate) fn parse_time_v(text: &str) -> TimeV {
    let mut t = TimeV::default();
    for line in text.lines() {
        let Some((key, value)) = line.trim().rsplit_once(": ") else {
            continue;
        };
        let value = value.trim();
        match key {
            "User time (seconds)" => t.user_s = value.parse().unwrap_or(0.0),
            "System time (seconds)" => t.sys_s = value.parse().unwrap_or(0.0),
            "Maximum resident set size (kbytes)" => t.max_rss_kb = value.parse().unwrap_or(0),
            "Exit status" => t.exit = value.parse().unwrap_or(-1),
            k if k.starts_with("Elapsed (wall clock) time") => {
                t.wall_s = value
                    .split(':')
                    .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
            }
            _ => {}
        }
    }
    t
}

pub(crate) fn load<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Option<T> {
    let bytes = fs::read(dir.join(name)).ok()?;
    match serde_json::from_slice(&bytes) {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("bench: {name}: {e}");
            None
        }
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

pub(crate) fn report(dir: &Path) -> Result<()> {
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
    let corpus: Option<CorpusInfo> = load(dir, "corpus.json");
    let jieba: Option<JiebaResult> = load(dir, "jieba.json");
    let ingest: Option<IngestResult> = load(dir, "ingest.json");
    let query: Option<QueryResult> = load(dir, "query.json");
    let check: Option<CheckResult> = load(dir, "check.json");
    let e2e: Option<E2eResult> = load(dir, "e2e.json");
    let space: Option<SpaceResult> = load(dir, "space.json");
    let index = parse_time_v(&read("index.time"));
    let noop = parse_time_v(&read("noop.time"));
    let index_bytes: u64 = read("index.du")
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);

    let mut s = String::new();
    let info = read("machine.txt");
    if !info.is_empty() {
        s += "```\n";
        s += info.trim_end();
        s += "\n```\n\n";
    }
    let load_avg = read("loadavg.txt");
    if !load_avg.is_empty() {
        s += "Load average (1, 5, 15 min) as each step began — above the core count, other \
              work was competing for the CPU and wall times are inflated:\n\n```\n";
        s += load_avg.trim_end();
        s += "\n```\n\n";
    }
    let text_bytes = corpus.as_ref().map_or(0, |c| c.bytes);
    if let Some(c) = &corpus {
        s += &format!(
            "Corpus: {} files, {} bytes ({:.1} MB): {}.\n\n",
            c.files,
            c.bytes,
            c.bytes as f64 / MB,
            if c.src_bytes > 0 {
                format!(
                    "{:.2} × the {:.1} MB bulk set, in {} cop{} (the first line changed from the second on)",
                    c.bytes as f64 / c.src_bytes as f64,
                    c.src_bytes as f64 / MB,
                    c.copies,
                    if c.copies == 1 { "y" } else { "ies" }
                )
            } else {
                format!("{} copies of the bulk set, the last one partial", c.copies)
            }
        );
    }
    s += "| figure | value | target | |\n| --- | ---: | --- | --- |\n";
    let index_mbs = text_bytes as f64 / MB / index.wall_s;
    if index.wall_s > 0.0 {
        s += &format!(
            "| index: wall time (user + sys) | {:.1} s ({:.1} + {:.1} s) | | |\n",
            index.wall_s, index.user_s, index.sys_s
        );
        s += &format!("| index: throughput | {index_mbs:.2} MB/s | | |\n");
        let cpu = index.user_s + index.sys_s;
        if cpu > 0.0 {
            s += &format!(
                "| index: text per CPU-second | {:.2} MB/CPU-s | | |\n",
                text_bytes as f64 / MB / cpu
            );
        }
    }
    if let Some(j) = &jieba {
        s += &format!(
            "| jieba-rs alone, 1 thread: throughput (dict load {:.2} s apart) | {:.2} MB/s | | |\n",
            j.load_s, j.mb_per_s
        );
        s += &format!(
            "| jieba-rs alone: text per CPU-second | {:.2} MB/CPU-s | | |\n",
            j.mb_per_cpu_s
        );
        if index.wall_s > 0.0 {
            let ratio = index_mbs / j.mb_per_s;
            s += &format!(
                "| index ÷ jieba-rs | {ratio:.2}× | ≥ 0.6× | {} |\n",
                verdict(ratio >= 0.6)
            );
        }
    }
    if let Some(i) = &ingest {
        s += &format!(
            "| renda's reading half alone, no index: pass 1 (read, boilerplate; every core) + pass 2 (clean, parse; 1 thread) | {:.1} + {:.1} s = {:.2} MB/s ({:.2} MB/CPU-s) | | |\n",
            i.open_s, i.parse_s, i.mb_per_s, i.mb_per_cpu_s
        );
        s += &format!(
            "| … its peak RSS after pass 1 / pass 2 | {:.0} / {:.0} MiB | | |\n",
            i.open_peak_rss_mib, i.peak_rss_mib
        );
    }
    if index.max_rss_kb > 0 {
        let gib = index.max_rss_kb as f64 / (1024.0 * 1024.0);
        s += &format!(
            "| index: peak RSS | {:.0} MiB | ≤ 1 GiB (and flat in corpus size: compare two sizes) | {} |\n",
            index.max_rss_kb as f64 / 1024.0,
            verdict(gib <= 1.0)
        );
    }
    let rss = |name: &str| -> Option<(f64, f64)> {
        let text = read(name);
        let mut it = text.split_whitespace().map(|n| n.parse::<f64>().ok());
        Some((it.next()?? / 1024.0, it.next()?? / 1024.0))
    };
    if let Some((anon, file)) = rss("index.rss") {
        s += &format!(
            "| … of which, sampled every 0.2 s: own memory (RssAnon) / mapped index files (RssFile) | {anon:.0} / {file:.0} MiB | | |\n"
        );
    }
    if index_bytes > 0 && text_bytes > 0 {
        let ratio = index_bytes as f64 / text_bytes as f64;
        s += &format!(
            "| index size ÷ text size | {ratio:.2}× ({} MB) | ≤ 1.5× | {} |\n",
            mb(index_bytes),
            verdict(ratio <= 1.5)
        );
    }
    if noop.wall_s > 0.0 && index.wall_s > 0.0 {
        let share = noop.wall_s / index.wall_s;
        s += &format!(
            "| no-op re-index (peak RSS {:.0} MiB) | {:.2} s = {:.1}% of full | ≤ 5% | {} |\n",
            noop.max_rss_kb as f64 / 1024.0,
            noop.wall_s,
            100.0 * share,
            verdict(share <= 0.05)
        );
    }
    if let Some(e) = &e2e {
        s += &format!(
            "| `renda search` vs `rg -c -F`, exact phrases: slowest phrase | {:.1}× faster | ≥ 10× | {} |\n",
            e.min_speedup,
            verdict(e.min_speedup >= 10.0)
        );
        s += &format!(
            "| … geometric mean over the phrases | {:.1}× | | |\n",
            e.geomean_speedup
        );
    }
    if let Some(q) = &query {
        s += &format!(
            "| in-process: open the index (cold start) | {:.1} ms | | |\n",
            q.open_ms
        );
        s += &format!(
            "| in-process: first exact phrase / first theme (jieba load) | {:.1} / {:.1} ms | | |\n",
            q.first_exact_ms, q.first_theme_ms
        );
        s += &format!(
            "| in-process: exact phrases warm p50 / p99 / max | {:.2} / {:.2} / {:.2} ms | p99 ≤ 20 ms | {} |\n",
            q.exact.p50_ms,
            q.exact.p99_ms,
            q.exact.max_ms,
            verdict(q.exact.p99_ms <= 20.0)
        );
        s += &format!(
            "| in-process: same as themes warm p50 / p99 / max | {:.2} / {:.2} / {:.2} ms | p99 ≤ 20 ms | {} |\n",
            q.theme.p50_ms,
            q.theme.p99_ms,
            q.theme.max_ms,
            verdict(q.theme.p99_ms <= 20.0)
        );
        s += &format!(
            "| … CPU time per search, p50 / p99: exact; themes | {:.2} / {:.2}; {:.2} / {:.2} ms | | |\n",
            q.exact_cpu.p50_ms, q.exact_cpu.p99_ms, q.theme_cpu.p50_ms, q.theme_cpu.p99_ms
        );
    }
    if let Some(c) = &check {
        s += &format!(
            "| `renda check`, a {}-character draft: first / warm p50 / max | {:.0} / {:.0} / {:.0} ms | < 2 s | {} |\n",
            c.chars,
            c.first_ms,
            c.warm.p50_ms,
            c.warm.max_ms,
            verdict(c.first_ms.max(c.warm.max_ms) < 2000.0)
        );
    }
    if let Some(e) = &e2e {
        let hyperfine: Vec<Option<(f64, f64)>> = (0..e.phrases.len())
            .map(|i| {
                let v: Value = load(dir, &format!("hyperfine-{i:02}.json"))?;
                let m = |k: usize| v["results"][k]["median"].as_f64().map(|s| s * 1e3);
                Some((m(0)?, m(1)?))
            })
            .collect();
        let with_hf = hyperfine.iter().any(Option::is_some);
        s += &format!(
            "\nEnd to end, median of {} alternating runs (ms){}:\n\n",
            e.runs,
            if with_hf {
                "; hyperfine's medians as a cross-check"
            } else {
                ""
            }
        );
        s += "| phrase | renda paragraphs | rg lines (files) | renda | rg | rg ÷ renda |";
        s += if with_hf {
            " hyperfine renda | hyperfine rg |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        } else {
            "\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
        };
        for (p, hf) in e.phrases.iter().zip(&hyperfine) {
            s += &format!(
                "| {} | {} | {} ({}) | {:.1} | {:.1} | {:.1}× |",
                p.phrase,
                p.renda_total,
                p.rg_lines,
                p.rg_files,
                p.renda_median_ms,
                p.rg_median_ms,
                p.speedup
            );
            if with_hf {
                match hf {
                    Some((r, g)) => s += &format!(" {r:.1} | {g:.1} |"),
                    None => s += " | |",
                }
            }
            s += "\n";
        }
    }
    if let Some(q) = &query {
        s += &format!(
            "\nIn process, median of {} runs (ms), `--limit {}`; `index.reader()` alone: p50 {:.2} ms:\n\n",
            q.runs, q.limit, q.reader_open.p50_ms
        );
        s += "| phrase | exact: paragraphs | exact | theme: paragraphs | theme |\n";
        s += "| --- | ---: | ---: | ---: | ---: |\n";
        for p in &q.phrases {
            s += &format!(
                "| {} | {} | {:.2} | {} | {:.2} |\n",
                p.phrase, p.exact_total, p.exact_median_ms, p.theme_total, p.theme_median_ms
            );
        }
    }
    if let Some(sp) = &space {
        s += "\nWhere the index's bytes go:\n\n";
        s += &space_markdown(sp);
    }
    let mut out = io::stdout().lock();
    out.write_all(s.as_bytes())?;
    Ok(())
}
