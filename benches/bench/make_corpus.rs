//! `make-corpus`: a corpus of a given size, copied from the bulk texts.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::util::*;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct CorpusInfo {
    pub(crate) src: String,
    pub(crate) size_mb: u64,
    pub(crate) files: usize,
    pub(crate) bytes: u64,
    /// Copies of the source, the last one partial when the size asks so.
    pub(crate) copies: usize,
    /// Bytes of the source's files.
    #[serde(default)]
    pub(crate) src_bytes: u64,
}

/// `bytes` with `（副本k）` at the end of its first line.
pub(crate) fn mark_copy(bytes: &[u8], k: usize) -> Vec<u8> {
    let mark = format!("（副本{k}）");
    let mut end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    if end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    let mut out = Vec::with_capacity(bytes.len() + mark.len());
    out.extend_from_slice(&bytes[..end]);
    out.extend_from_slice(mark.as_bytes());
    out.extend_from_slice(&bytes[end..]);
    out
}

pub(crate) fn make_corpus(size_mb: u64, out: &Path, src: &Path) -> Result<CorpusInfo> {
    let src = src
        .canonicalize()
        .map_err(|e| format!("{}: {e}", src.display()))?;
    let marker = out.join(MARKER);
    if marker.is_file() {
        let info: CorpusInfo = serde_json::from_slice(&fs::read(&marker)?)?;
        if info.size_mb == size_mb && info.src == src.to_string_lossy() {
            println!(
                "corpus: reusing {} ({} files, {} bytes, {:.1} MB, {} copies)",
                out.display(),
                info.files,
                info.bytes,
                info.bytes as f64 / MB,
                info.copies
            );
            return Ok(info);
        }
        return Err(format!(
            "{}: holds a corpus of another size or source; remove it first",
            out.display()
        )
        .into());
    }
    if size_mb == 0 {
        return Err("--size-mb must be at least 1".into());
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(format!("{}: not empty; give a new folder", out.display()).into());
    }
    let mut files = files_under(&src)?;
    if files.is_empty() {
        return Err(format!("{}: no files", src.display()).into());
    }
    // A fixed mixed order, so that a corpus smaller than the source holds
    // laws and news alike.
    files.sort_by_key(|(_, rel)| (xxhash_rust::xxh3::xxh3_64(rel.as_bytes()), rel.clone()));
    let mut src_bytes = 0;
    for (path, _) in &files {
        src_bytes += fs::metadata(path)?.len();
    }
    let target = size_mb * 1_000_000;
    let (mut n, mut bytes, mut copies) = (0usize, 0u64, 0usize);
    'copies: for k in 0.. {
        copies = k + 1;
        for (path, rel) in &files {
            if bytes >= target {
                break 'copies;
            }
            let data = fs::read(path)?;
            let data = if k == 0 { data } else { mark_copy(&data, k) };
            let dest = out.join(format!("copy{k:02}")).join(rel);
            fs::create_dir_all(dest.parent().expect("a file has a parent"))?;
            fs::write(&dest, &data)?;
            n += 1;
            bytes += data.len() as u64;
        }
        if bytes >= target {
            break;
        }
    }
    let info = CorpusInfo {
        src: src.to_string_lossy().into_owned(),
        size_mb,
        files: n,
        bytes,
        copies,
        src_bytes,
    };
    fs::write(&marker, serde_json::to_string_pretty(&info)?)?;
    println!(
        "corpus: {} files, {} bytes ({:.1} MB), {} cop{} of {} → {}",
        n,
        bytes,
        bytes as f64 / MB,
        copies,
        if copies == 1 { "y" } else { "ies" },
        src.display(),
        out.display()
    );
    Ok(info)
}
