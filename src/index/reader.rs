//! Reading documents back out of the index.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, SegmentReader, TantivyDocument};

use super::{Fields, RendaIndex};
use crate::hit::Hit;

/// The fast-field columns of one segment that a hit is read from.
struct Columns {
    file: Option<StrColumn>,
    title: Option<StrColumn>,
    level: Option<StrColumn>,
    region: Option<StrColumn>,
    section: Option<StrColumn>,
    date: Option<StrColumn>,
    year: Column<u64>,
    paragraph: Column<u64>,
}

impl Columns {
    fn open(segment: &SegmentReader) -> tantivy::Result<Self> {
        let ff = segment.fast_fields();
        Ok(Self {
            file: ff.str("file")?,
            title: ff.str("title")?,
            level: ff.str("level")?,
            region: ff.str("region")?,
            section: ff.str("section")?,
            date: ff.str("date")?,
            year: ff.u64("year")?,
            paragraph: ff.u64("paragraph")?,
        })
    }
}

/// The first value of a string column for a document.
fn str_value(column: Option<&StrColumn>, doc: u32) -> Option<String> {
    let column = column?;
    let ord = column.term_ords(doc).next()?;
    let mut s = String::new();
    column.ord_to_str(ord, &mut s).ok()?;
    Some(s)
}

/// Reads hits out of a searcher: a paragraph's text from the document
/// store, everything else from the fast fields.
pub struct HitReader<'s> {
    searcher: &'s Searcher,
    text: tantivy::schema::Field,
    columns: HashMap<u32, Columns>,
}

impl<'s> HitReader<'s> {
    pub fn new(searcher: &'s Searcher, fields: &Fields) -> Self {
        Self {
            searcher,
            text: fields.text,
            columns: HashMap::new(),
        }
    }

    /// The hit at `addr`, with the given score.
    pub fn hit(&mut self, addr: DocAddress, score: f32) -> tantivy::Result<Hit> {
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        let text = doc
            .get_first(self.text)
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_default();
        let columns = match self.columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Columns::open(
                self.searcher.segment_reader(addr.segment_ord),
            )?),
        };
        let d = addr.doc_id;
        Ok(Hit {
            file: str_value(columns.file.as_ref(), d).unwrap_or_default(),
            title: str_value(columns.title.as_ref(), d).unwrap_or_default(),
            level: str_value(columns.level.as_ref(), d).and_then(|l| l.parse().ok()),
            year: columns.year.first(d).and_then(|y| u16::try_from(y).ok()),
            date: str_value(columns.date.as_ref(), d).and_then(|s| s.parse().ok()),
            region: str_value(columns.region.as_ref(), d),
            section: str_value(columns.section.as_ref(), d),
            paragraph: columns.paragraph.first(d).map_or(0, |n| n as usize),
            text,
            score,
            matches: Vec::new(),
            duplicates: Vec::new(),
        })
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
