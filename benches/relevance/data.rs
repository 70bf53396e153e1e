//! What the evaluation reads: the themes, the judgments and the paragraphs of
//! an index, keyed by the hash of their text.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use renda_core::index::{RendaIndex, reader::HitReader};
use tantivy::DocAddress;

pub(crate) type Result<T> = std::result::Result<T, String>;

pub(crate) const HALVES: [&str; 2] = ["dev", "test"];

pub(crate) struct Theme {
    pub(crate) id: String,
    pub(crate) query: String,
    pub(crate) gloss: String,
    pub(crate) half: String,
}

pub(crate) fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

pub(crate) fn themes(path: &Path) -> Result<Vec<Theme>> {
    read_tsv(path)?
        .into_iter()
        .map(|row| match row.as_slice() {
            [id, query, gloss, half, ..] if HALVES.contains(&half.as_str()) => Ok(Theme {
                id: id.clone(),
                query: query.clone(),
                gloss: gloss.clone(),
                half: half.clone(),
            }),
            _ => Err(format!(
                "{}: a row needs id, query, gloss, half (dev or test): {}",
                path.display(),
                row.join("\t")
            )),
        })
        .collect()
}

/// Judgments: theme id → paragraph key → grade.
type Judgments = HashMap<String, HashMap<String, u8>>;

pub(crate) fn grade(text: &str) -> Option<u8> {
    text.trim().parse().ok().filter(|g| *g <= 2)
}

pub(crate) fn judgments(path: &Path) -> Result<Judgments> {
    let mut out: Judgments = HashMap::new();
    if !path.exists() {
        return Ok(out);
    }
    for row in read_tsv(path)? {
        let [theme, key, g, ..] = row.as_slice() else {
            return Err(format!("{}: a row needs theme, key, grade", path.display()));
        };
        let g =
            grade(g).ok_or_else(|| format!("{}: grade '{g}' is not 0, 1 or 2", path.display()))?;
        out.entry(theme.clone()).or_default().insert(key.clone(), g);
    }
    Ok(out)
}

/// A paragraph's key: the hash of its text.
pub(crate) fn key(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Every paragraph of the index: key → (file, paragraph, text), and
/// (file, paragraph) → key.
pub(crate) struct Paragraphs {
    pub(crate) by_key: HashMap<String, (String, usize, String)>,
    pub(crate) by_place: HashMap<(String, usize), String>,
}

pub(crate) fn paragraphs(idx: &RendaIndex) -> Result<Paragraphs> {
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

pub(crate) fn open(index: &Path) -> Result<(RendaIndex, Paragraphs)> {
    let idx = renda_core::index::open(index).map_err(|e| e.to_string())?;
    let paragraphs = paragraphs(&idx)?;
    Ok((idx, paragraphs))
}
