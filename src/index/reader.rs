//! Reading documents back out of the index.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tantivy::TantivyDocument;
use tantivy::schema::Value;

use super::{Fields, RendaIndex};
use crate::search::Hit;

fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The hit a stored document stands for, with the given score.
pub fn hit(doc: &TantivyDocument, f: &Fields, score: f32) -> Hit {
    let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64());
    Hit {
        file: text(doc, f.file).unwrap_or_default(),
        title: text(doc, f.title).unwrap_or_default(),
        level: text(doc, f.level).and_then(|l| l.parse().ok()),
        year: u64_of(f.year).and_then(|y| u16::try_from(y).ok()),
        region: text(doc, f.region),
        section: text(doc, f.section),
        paragraph: u64_of(f.paragraph).map_or(0, |n| n as usize),
        text: text(doc, f.text).unwrap_or_default(),
        score,
        matches: Vec::new(),
        duplicates: Vec::new(),
    }
}

/// The key of a group whose level or year is not known.
pub const UNKNOWN: &str = "unknown";

/// What an index holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub speeches: usize,
    pub paragraphs: usize,
    pub headings: usize,
    /// By level (`unknown` when not known): speeches and paragraphs.
    pub by_level: BTreeMap<String, Count>,
    /// By year (`unknown` when not known): speeches and paragraphs.
    pub by_year: BTreeMap<String, Count>,
    /// Bytes on disk.
    pub size: u64,
    /// The user dictionary the index was built with, if any.
    pub user_dictionary: bool,
    pub dictionary: String,
}

/// Speeches and paragraphs in one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    pub speeches: usize,
    pub paragraphs: usize,
}

/// Count what the index holds.
pub fn stats(idx: &RendaIndex) -> tantivy::Result<Stats> {
    let searcher = idx.index.reader()?.searcher();
    // Per file: level, year and paragraph count.
    let mut files: HashMap<String, (Option<String>, Option<u16>, usize)> = HashMap::new();
    let mut headings = 0usize;
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let (Some(file), Some(level)) = (ff.str("file")?, ff.str("level")?) else {
            continue;
        };
        let year = ff.u64("year")?;
        let paragraph = ff.u64("paragraph")?;
        let mut names: HashMap<u64, String> = HashMap::new();
        let mut levels: HashMap<u64, String> = HashMap::new();
        for doc in segment.doc_ids_alive() {
            let Some(ford) = file.term_ords(doc).next() else {
                continue;
            };
            let name = names.entry(ford).or_insert_with(|| {
                let mut s = String::new();
                file.ord_to_str(ford, &mut s).ok();
                s
            });
            let lvl = level.term_ords(doc).next().map(|o| {
                levels
                    .entry(o)
                    .or_insert_with(|| {
                        let mut s = String::new();
                        level.ord_to_str(o, &mut s).ok();
                        s
                    })
                    .clone()
            });
            let y = year.first(doc).and_then(|y| u16::try_from(y).ok());
            let entry = files.entry(name.clone()).or_insert((lvl, y, 0));
            match paragraph.first(doc) {
                Some(0) | None => headings += 1,
                Some(_) => entry.2 += 1,
            }
        }
    }
    let mut st = Stats {
        speeches: files.len(),
        headings,
        ..Default::default()
    };
    for (level, year, paragraphs) in files.into_values() {
        st.paragraphs += paragraphs;
        let l = st
            .by_level
            .entry(level.unwrap_or_else(|| UNKNOWN.to_string()))
            .or_default();
        l.speeches += 1;
        l.paragraphs += paragraphs;
        let y = st
            .by_year
            .entry(year.map_or_else(|| UNKNOWN.to_string(), |y| y.to_string()))
            .or_default();
        y.speeches += 1;
        y.paragraphs += paragraphs;
    }
    st.size = dir_size(&idx.path);
    st.user_dictionary = idx.path.join(super::DICT_FILE).is_file();
    st.dictionary = idx.dictionary.fingerprint();
    Ok(st)
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
