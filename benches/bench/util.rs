//! Helpers every job of the benchmark program shares: saving results, time,
//! memory, percentiles, phrases and files.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

pub(crate) type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The file `make-corpus` leaves in a corpus it made (hidden: renda and rg
/// pass over it).
pub(crate) const MARKER: &str = ".bench-corpus.json";

pub(crate) const MB: f64 = 1e6;

pub(crate) fn save<T: Serialize>(path: Option<&Path>, value: &T) -> Result<()> {
    if let Some(p) = path {
        fs::write(p, serde_json::to_string_pretty(value)?)
            .map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

pub(crate) fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// CPU time (user + system) this process has used so far: on a busy
/// machine it shows the work done, where wall time also shows the waiting.
pub(crate) fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// This process's peak resident set size so far, in MiB.
pub(crate) fn peak_rss_mib() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    usage.ru_maxrss as f64 / 1024.0
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The nearest-rank percentile `p` (0–100) of `values`.
pub(crate) fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

pub(crate) fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The phrases of a phrase file: one a line; blank lines and `#` comments
/// are skipped.
pub(crate) fn read_phrases(path: &Path) -> Result<Vec<String>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let phrases: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if phrases.is_empty() {
        return Err(format!("{}: no phrases", path.display()).into());
    }
    Ok(phrases)
}

/// The files under `dir` (not hidden), sorted, with their paths relative
/// to `dir`.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)?
                .to_string_lossy()
                .into_owned();
            out.push((entry.path().to_path_buf(), rel));
        }
    }
    Ok(out)
}
