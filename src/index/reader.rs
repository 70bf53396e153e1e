//! Reading documents back out of the index.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, SegmentReader, TantivyDocument};

use super::RendaIndex;
use crate::hit::{Duplicate, Hit};

/// The fast-field columns of one segment that hits are read from, each
/// opened on first use (opening a column reads its index: for the numbers
/// of a million paragraphs, milliseconds).
struct Columns {
    segment: SegmentReader,
    file: OnceLock<Option<StrColumn>>,
    title: OnceLock<Option<StrColumn>>,
    level: OnceLock<Option<StrColumn>>,
    region: OnceLock<Option<StrColumn>>,
    section: OnceLock<Option<StrColumn>>,
    date: OnceLock<Option<StrColumn>>,
    year: OnceLock<Column<u64>>,
    paragraph: OnceLock<Column<u64>>,
}

impl Columns {
    fn new(segment: SegmentReader) -> Self {
        Self {
            segment,
            file: OnceLock::new(),
            title: OnceLock::new(),
            level: OnceLock::new(),
            region: OnceLock::new(),
            section: OnceLock::new(),
            date: OnceLock::new(),
            year: OnceLock::new(),
            paragraph: OnceLock::new(),
        }
    }

    fn str<'c>(
        &self,
        cell: &'c OnceLock<Option<StrColumn>>,
        name: &str,
    ) -> tantivy::Result<Option<&'c StrColumn>> {
        if let Some(c) = cell.get() {
            return Ok(c.as_ref());
        }
        let column = self.segment.fast_fields().str(name)?;
        Ok(cell.get_or_init(|| column).as_ref())
    }

    fn u64<'c>(
        &self,
        cell: &'c OnceLock<Column<u64>>,
        name: &str,
    ) -> tantivy::Result<&'c Column<u64>> {
        if let Some(c) = cell.get() {
            return Ok(c);
        }
        let column = self.segment.fast_fields().u64(name)?;
        Ok(cell.get_or_init(|| column))
    }

    fn str_value(&self, which: Label, doc: u32) -> tantivy::Result<Option<String>> {
        let (cell, name) = match which {
            Label::File => (&self.file, "file"),
            Label::Title => (&self.title, "title"),
            Label::Level => (&self.level, "level"),
            Label::Region => (&self.region, "region"),
            Label::Section => (&self.section, "section"),
            Label::Date => (&self.date, "date"),
        };
        Ok(str_value(self.str(cell, name)?, doc))
    }

    fn year(&self, doc: u32) -> tantivy::Result<Option<u16>> {
        Ok(self
            .u64(&self.year, "year")?
            .first(doc)
            .and_then(|y| u16::try_from(y).ok()))
    }

    fn paragraph(&self, doc: u32) -> tantivy::Result<usize> {
        Ok(self
            .u64(&self.paragraph, "paragraph")?
            .first(doc)
            .map_or(0, |n| n as usize))
    }
}

#[derive(Clone, Copy)]
enum Label {
    File,
    Title,
    Level,
    Region,
    Section,
    Date,
}

/// The columns of an index's segments, kept between searches; a segment
/// no longer searched is dropped when the next reader starts.
#[derive(Default)]
pub struct ColumnCache(Mutex<HashMap<SegmentId, Arc<Columns>>>);

impl std::fmt::Debug for ColumnCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ColumnCache")
    }
}

impl ColumnCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<Columns>>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
    cache: &'s ColumnCache,
    columns: HashMap<u32, Arc<Columns>>,
}

impl<'s> HitReader<'s> {
    pub fn new(searcher: &'s Searcher, idx: &'s RendaIndex) -> Self {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        idx.columns.lock().retain(|id, _| live.contains(id));
        Self {
            searcher,
            text: idx.fields.text,
            cache: &idx.columns,
            columns: HashMap::new(),
        }
    }

    /// The hit at `addr`, with the given score.
    pub fn hit(&mut self, addr: DocAddress, score: f32) -> tantivy::Result<Hit> {
        let mut hit = self.lean(addr, score)?;
        self.fill(addr, &mut hit)?;
        Ok(hit)
    }

    fn columns(&mut self, segment_ord: u32) -> Arc<Columns> {
        if let Some(c) = self.columns.get(&segment_ord) {
            return c.clone();
        }
        let segment = self.searcher.segment_reader(segment_ord);
        let c = self
            .cache
            .lock()
            .entry(segment.segment_id())
            .or_insert_with(|| Arc::new(Columns::new(segment.clone())))
            .clone();
        self.columns.insert(segment_ord, c.clone());
        c
    }

    /// The hit at `addr` with only what ranking and folding read: its text,
    /// file and paragraph number. [`HitReader::fill`] reads the rest (each
    /// label is a lookup in a column's dictionary, most of reading a hit).
    pub fn lean(&mut self, addr: DocAddress, score: f32) -> tantivy::Result<Hit> {
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        let text = doc
            .get_first(self.text)
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_default();
        let columns = self.columns(addr.segment_ord);
        let d = addr.doc_id;
        Ok(Hit::unlabelled(
            columns.str_value(Label::File, d)?.unwrap_or_default(),
            columns.paragraph(d)?,
            text,
            score,
        ))
    }

    /// Read the labels of the hit at `addr` that [`HitReader::lean`] left out.
    pub fn fill(&mut self, addr: DocAddress, hit: &mut Hit) -> tantivy::Result<()> {
        (hit.title, hit.level, hit.year) = self.speech_labels(addr)?;
        let columns = self.columns(addr.segment_ord);
        let d = addr.doc_id;
        hit.date = columns
            .str_value(Label::Date, d)?
            .and_then(|s| s.parse().ok());
        hit.region = columns.str_value(Label::Region, d)?;
        hit.section = columns.str_value(Label::Section, d)?;
        Ok(())
    }

    /// Read the speech's labels of a near-copy, which stands at `addr`.
    pub fn fill_duplicate(&mut self, addr: DocAddress, dup: &mut Duplicate) -> tantivy::Result<()> {
        (dup.title, dup.level, dup.year) = self.speech_labels(addr)?;
        Ok(())
    }

    /// The title, level and year of the speech holding `addr`.
    fn speech_labels(
        &mut self,
        addr: DocAddress,
    ) -> tantivy::Result<(String, Option<crate::speech::Level>, Option<u16>)> {
        let columns = self.columns(addr.segment_ord);
        let d = addr.doc_id;
        Ok((
            columns.str_value(Label::Title, d)?.unwrap_or_default(),
            columns
                .str_value(Label::Level, d)?
                .and_then(|l| l.parse().ok()),
            columns.year(d)?,
        ))
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
