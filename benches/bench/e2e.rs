//! `e2e`: `renda search` processes against `rg -c -F`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::util::*;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct E2ePhrase {
    pub(crate) phrase: String,
    /// Paragraphs renda counts.
    pub(crate) renda_total: u64,
    /// Lines rg counts.
    pub(crate) rg_lines: u64,
    pub(crate) rg_files: u64,
    renda_ms: Vec<f64>,
    rg_ms: Vec<f64>,
    pub(crate) renda_median_ms: f64,
    pub(crate) rg_median_ms: f64,
    /// rg's median over renda's.
    pub(crate) speedup: f64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct E2eResult {
    pub(crate) runs: usize,
    renda_command: String,
    rg_command: String,
    pub(crate) phrases: Vec<E2ePhrase>,
    pub(crate) min_speedup: f64,
    pub(crate) geomean_speedup: f64,
}

pub(crate) fn timed(cmd: &mut Command) -> Result<(Duration, std::process::Output)> {
    let t = Instant::now();
    let out = cmd.stdin(Stdio::null()).output()?;
    Ok((t.elapsed(), out))
}

pub(crate) fn e2e(
    renda: &Path,
    index: &Path,
    dir: &Path,
    phrases: &Path,
    runs: usize,
    limit: usize,
) -> Result<E2eResult> {
    let phrases = read_phrases(phrases)?;
    let limit = limit.to_string();
    let renda_cmd = |p: &str| {
        let mut c = Command::new(renda);
        c.arg("search")
            .arg(format!("\"{p}\""))
            .arg("--index")
            .arg(index)
            .args(["--format", "json", "--limit", &limit]);
        c
    };
    let rg_cmd = |p: &str| {
        let mut c = Command::new("rg");
        c.args(["-c", "-F", "--no-ignore", p]).arg(dir);
        c
    };
    let renda_once = |p: &str| -> Result<(f64, u64)> {
        let (t, out) = timed(&mut renda_cmd(p))?;
        if !out.status.success() {
            return Err(format!(
                "renda search \"{p}\": {} {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let v: Value = serde_json::from_slice(&out.stdout)?;
        let total = v["total"].as_u64().unwrap_or(0);
        Ok((ms(t), total))
    };
    let rg_once = |p: &str| -> Result<(f64, u64, u64)> {
        let (t, out) = timed(&mut rg_cmd(p))?;
        if !out.status.success() {
            return Err(format!("rg -c -F {p}: {} (no match?)", out.status).into());
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = 0u64;
        let mut files = 0u64;
        for l in text.lines() {
            if let Some((_, n)) = l.rsplit_once(':') {
                lines += n.parse::<u64>().unwrap_or(0);
                files += 1;
            }
        }
        Ok((ms(t), lines, files))
    };
    let mut out = Vec::new();
    for p in &phrases {
        // A warm-up of each, untimed, which also checks the answers.
        let (_, total) = renda_once(p)?;
        let (_, lines, files) = rg_once(p)?;
        if total == 0 {
            return Err(format!("renda finds no \"{p}\" where rg finds {lines} lines").into());
        }
        out.push(E2ePhrase {
            phrase: p.clone(),
            renda_total: total,
            rg_lines: lines,
            rg_files: files,
            renda_ms: Vec::new(),
            rg_ms: Vec::new(),
            renda_median_ms: 0.0,
            rg_median_ms: 0.0,
            speedup: 0.0,
        });
    }
    for run in 0..runs {
        for (i, p) in phrases.iter().enumerate() {
            // Alternate which goes first.
            if (run + i) % 2 == 0 {
                out[i].renda_ms.push(renda_once(p)?.0);
                out[i].rg_ms.push(rg_once(p)?.0);
            } else {
                out[i].rg_ms.push(rg_once(p)?.0);
                out[i].renda_ms.push(renda_once(p)?.0);
            }
        }
    }
    for e in &mut out {
        e.renda_median_ms = median(&e.renda_ms);
        e.rg_median_ms = median(&e.rg_ms);
        e.speedup = e.rg_median_ms / e.renda_median_ms;
    }
    let min_speedup = out.iter().map(|e| e.speedup).fold(f64::INFINITY, f64::min);
    let geomean_speedup =
        (out.iter().map(|e| e.speedup.ln()).sum::<f64>() / out.len() as f64).exp();
    let r = E2eResult {
        runs,
        renda_command: format!(
            "{} search '\"PHRASE\"' --index {} --format json --limit {limit}",
            renda.display(),
            index.display()
        ),
        rg_command: format!("rg -c -F --no-ignore PHRASE {}", dir.display()),
        phrases: out,
        min_speedup,
        geomean_speedup,
    };
    for e in &r.phrases {
        println!(
            "e2e: {}: renda {:.1} ms ({} paragraphs), rg {:.1} ms ({} lines in {} files): {:.1}×",
            e.phrase,
            e.renda_median_ms,
            e.renda_total,
            e.rg_median_ms,
            e.rg_lines,
            e.rg_files,
            e.speedup
        );
    }
    println!(
        "e2e: rg/renda median time: min {:.1}×, geometric mean {:.1}× ({runs} runs each)",
        r.min_speedup, r.geomean_speedup
    );
    Ok(r)
}
