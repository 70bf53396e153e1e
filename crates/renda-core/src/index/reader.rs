//! Reading documents back out of the index.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, SegmentReader, TantivyDocument};

use super::RendaIndex;
use super::schema::SpeechKey;
use crate::hit::Hit;

/// The fast-field columns of one segment that hits are read from, each
/// opened on first use (opening a column reads its index: for the numbers
/// of a million paragraphs, milliseconds).
pub(crate) struct Columns {
    segment: SegmentReader,
    speech: OnceLock<Option<StrColumn>>,
    section: OnceLock<Option<StrColumn>>,
    paragraph: OnceLock<Column<u64>>,
    copy: OnceLock<Option<Column<u64>>>,
    /// The texts of the speeches' and the sections' terms read so far.
    speech_texts: TermTexts,
    section_texts: TermTexts,
}

/// The texts of a string column's terms read so far, by term number
/// (`None`: not UTF-8). A dictionary is read in blocks, each decompressed
/// when read; a search reads the terms of its paragraphs' speeches and
/// sections, and the searches after it mostly the same ones again.
#[derive(Default)]
struct TermTexts(Mutex<Texts>);

/// Texts of a string column's terms by term number (`None`: not UTF-8).
pub(crate) type Texts = HashMap<u64, Option<Arc<str>>>;

impl TermTexts {
    fn lock(&self) -> std::sync::MutexGuard<'_, Texts> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The texts of the term numbers `ords` of `column`: those not known
    /// yet are read in one pass in the dictionary's order. A term the pass
    /// could not reach is left out.
    fn get(&self, column: &StrColumn, ords: &[u64]) -> Texts {
        let mut out = HashMap::with_capacity(ords.len());
        let mut missing = Vec::new();
        {
            let known = self.lock();
            for &ord in ords {
                match known.get(&ord) {
                    Some(text) => {
                        out.insert(ord, text.clone());
                    }
                    None => missing.push(ord),
                }
            }
        }
        if missing.is_empty() {
            return out;
        }
        missing.sort_unstable();
        missing.dedup();
        let mut read: Vec<Option<Arc<str>>> = Vec::with_capacity(missing.len());
        // The pass stops at a term it cannot read: those it gave are kept.
        let _ = column
            .dictionary()
            .sorted_ords_to_term_cb(&missing, |bytes| {
                read.push(std::str::from_utf8(bytes).ok().map(Arc::from));
            });
        let mut known = self.lock();
        for (ord, text) in missing.into_iter().zip(read) {
            known.insert(ord, text.clone());
            out.insert(ord, text);
        }
        out
    }
}

impl Columns {
    fn new(segment: SegmentReader) -> Self {
        Self {
            segment,
            speech: OnceLock::new(),
            section: OnceLock::new(),
            paragraph: OnceLock::new(),
            copy: OnceLock::new(),
            speech_texts: TermTexts::default(),
            section_texts: TermTexts::default(),
        }
    }

    /// The term number of `doc`'s section in the segment's column of
    /// sections.
    pub(crate) fn section_ord(&self, doc: u32) -> tantivy::Result<Option<u64>> {
        Ok(self
            .str(&self.section, "section")?
            .and_then(|c| c.term_ords(doc).next()))
    }

    /// The texts of the speeches numbered `ords` (see [`TermTexts::get`]).
    pub(crate) fn speech_texts(&self, ords: &[u64]) -> tantivy::Result<Texts> {
        self.texts(&self.speech, "speech", &self.speech_texts, ords)
    }

    /// The texts of the sections numbered `ords` (see [`TermTexts::get`]).
    pub(crate) fn section_texts(&self, ords: &[u64]) -> tantivy::Result<Texts> {
        self.texts(&self.section, "section", &self.section_texts, ords)
    }

    fn texts(
        &self,
        cell: &OnceLock<Option<StrColumn>>,
        name: &str,
        known: &TermTexts,
        ords: &[u64],
    ) -> tantivy::Result<Texts> {
        Ok(match self.str(cell, name)? {
            Some(column) => known.get(column, ords),
            None => HashMap::new(),
        })
    }

    /// The key `doc` shares with its copies, if the index keeps one.
    fn copy(&self, doc: u32) -> Option<u64> {
        self.copy
            .get_or_init(|| self.segment.fast_fields().u64("copy").ok())
            .as_ref()
            .and_then(|c| c.first(doc))
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

    /// The number of the speech that `doc` belongs to in the segment's
    /// column of speeches (see [`Columns::speech_at`]).
    pub(crate) fn speech_ord(&self, doc: u32) -> tantivy::Result<Option<u64>> {
        Ok(self
            .str(&self.speech, "speech")?
            .and_then(|c| c.term_ords(doc).next()))
    }

    /// The labels of the speech numbered `ord` in the segment.
    fn speech_at(&self, ord: u64) -> tantivy::Result<Option<SpeechKey>> {
        let text = self.speech_texts(&[ord])?.remove(&ord).flatten();
        Ok(text.as_deref().and_then(SpeechKey::decode))
    }

    fn section(&self, doc: u32) -> tantivy::Result<Option<String>> {
        let Some(ord) = self.section_ord(doc)? else {
            return Ok(None);
        };
        let text = self.section_texts(&[ord])?.remove(&ord).flatten();
        Ok(text.map(|t| t.to_string()))
    }

    pub(crate) fn paragraph(&self, doc: u32) -> tantivy::Result<usize> {
        let column = match self.paragraph.get() {
            Some(c) => c,
            None => {
                let column = self.segment.fast_fields().u64("paragraph")?;
                self.paragraph.get_or_init(|| column)
            }
        };
        Ok(column.first(doc).map_or(0, |n| n as usize))
    }
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

    /// The columns of `segment`.
    pub(crate) fn of(&self, segment: &SegmentReader) -> Arc<Columns> {
        self.lock()
            .entry(segment.segment_id())
            .or_insert_with(|| Arc::new(Columns::new(segment.clone())))
            .clone()
    }
}

/// Reads hits out of a searcher: a paragraph's text from the document
/// store, everything else from the fast fields.
pub struct HitReader<'s> {
    searcher: &'s Searcher,
    text: tantivy::schema::Field,
    cache: &'s ColumnCache,
    columns: HashMap<u32, Arc<Columns>>,
    /// The labels of the speeches read so far, by segment and number:
    /// the paragraphs of a search come from far fewer speeches, and each
    /// lookup of a speech's labels reads a block of the column.
    speeches: foldhash::HashMap<(u32, u64), Option<SpeechKey>>,
    /// The texts read so far, by their copy key: a copy's text is taken
    /// from here instead of being read and decompressed again (a key is
    /// trusted only for the text it was made from, see [`HitReader::lean`]).
    texts: foldhash::HashMap<u64, Arc<str>>,
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
            speeches: foldhash::HashMap::default(),
            texts: foldhash::HashMap::default(),
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
        let c = self.cache.of(self.searcher.segment_reader(segment_ord));
        self.columns.insert(segment_ord, c.clone());
        c
    }

    /// The hit at `addr` with what ranking and folding read and a near-copy
    /// shows: its text, paragraph number and its speech's labels.
    /// [`HitReader::fill`] reads the section, which only a hit shown needs.
    pub fn lean(&mut self, addr: DocAddress, score: f32) -> tantivy::Result<Hit> {
        let columns = self.columns(addr.segment_ord);
        let d = addr.doc_id;
        let copy = columns.copy(d);
        let text = match copy.and_then(|k| self.texts.get(&k)) {
            Some(known) => known.to_string(),
            None => {
                let doc: TantivyDocument = self.searcher.doc(addr)?;
                let text = doc
                    .get_first(self.text)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
                    .unwrap_or_default();
                // A key that is not the text's own (an index written
                // otherwise) is never trusted.
                if let Some(k) = copy.filter(|&k| k == crate::index::writer::copy_key(&text)) {
                    self.texts.insert(k, Arc::from(text.as_str()));
                }
                text
            }
        };
        let speech = match columns.speech_ord(d)? {
            None => SpeechKey::default(),
            Some(ord) => match self.speeches.get(&(addr.segment_ord, ord)) {
                Some(known) => known.clone().unwrap_or_default(),
                None => {
                    let read = columns.speech_at(ord)?;
                    self.speeches.insert((addr.segment_ord, ord), read.clone());
                    read.unwrap_or_default()
                }
            },
        };
        let mut hit = Hit::unlabelled(speech.file, columns.paragraph(d)?, text, score);
        hit.labels = speech.labels;
        Ok(hit)
    }

    /// Read the labels of the speeches of the paragraphs at `addrs` in one
    /// pass over each segment's column, in its order, rather than one
    /// lookup per speech as [`HitReader::lean`] meets them: a lookup reads
    /// and decompresses a block of the column, and a pass reads each block
    /// once, however many of its speeches the paragraphs belong to.
    pub fn read_speeches(&mut self, addrs: &[DocAddress]) -> tantivy::Result<()> {
        let mut by_segment: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
        for addr in addrs {
            let columns = self.columns(addr.segment_ord);
            if let Some(ord) = columns.speech_ord(addr.doc_id)?
                && !self.speeches.contains_key(&(addr.segment_ord, ord))
            {
                by_segment.entry(addr.segment_ord).or_default().push(ord);
            }
        }
        for (segment, ords) in by_segment {
            // A term the pass could not reach is looked up on its own
            // later, as before (an error there is the search's).
            for (ord, text) in self.columns(segment).speech_texts(&ords)? {
                let key = text.as_deref().and_then(SpeechKey::decode);
                self.speeches.insert((segment, ord), key);
            }
        }
        Ok(())
    }

    /// The key the paragraph at `addr` shares with its copies as the index
    /// holds it (not yet checked against its text), if the index keeps one.
    pub fn copy_of(&mut self, addr: DocAddress) -> Option<u64> {
        self.columns(addr.segment_ord).copy(addr.doc_id)
    }

    /// Take `text` for every paragraph of copy key `key` from now on, if
    /// the key is the text's own (see [`HitReader::lean`]).
    pub fn know(&mut self, key: u64, text: &str) {
        if key == crate::index::writer::copy_key(text) {
            self.texts.entry(key).or_insert_with(|| Arc::from(text));
        }
    }

    /// The key the paragraph at `addr` shares with its copies, once its
    /// text has been read and found to be the key's own (see
    /// [`HitReader::lean`]); `None` in an index without copy keys.
    pub fn copy_key(&mut self, addr: DocAddress) -> Option<u64> {
        let key = self.columns(addr.segment_ord).copy(addr.doc_id)?;
        self.texts.contains_key(&key).then_some(key)
    }

    /// Read the section of the hit at `addr`, which [`HitReader::lean`] left out.
    pub fn fill(&mut self, addr: DocAddress, hit: &mut Hit) -> tantivy::Result<()> {
        hit.section = self.columns(addr.segment_ord).section(addr.doc_id)?;
        Ok(())
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

/// A folder of the index and how many speeches it has there.
#[derive(Debug, serde::Serialize)]
pub struct FolderCount {
    pub path: String,
    pub label: String,
    pub speeches: usize,
}

/// The index's folders, each with its speeches (one per file indexed).
pub fn folder_counts(idx: &RendaIndex) -> Result<Vec<FolderCount>, super::IndexError> {
    folder_counts_of(idx, idx.meta.as_ref())
}

/// [`folder_counts`] by the folders of `meta` (the index's last commit,
/// for a server whose index was updated since it opened it).
pub fn folder_counts_of(
    idx: &RendaIndex,
    meta: Option<&super::Meta>,
) -> Result<Vec<FolderCount>, super::IndexError> {
    let Some(meta) = meta else {
        return Ok(Vec::new());
    };
    let mut counts: Vec<FolderCount> = meta
        .folders
        .iter()
        .map(|f| FolderCount {
            path: f.path.clone(),
            label: f.label.clone(),
            speeches: 0,
        })
        .collect();
    for key in super::writer::indexed_files(idx)?.keys() {
        if let Some(i) = meta.holder_of(key) {
            counts[i].speeches += 1;
        }
    }
    Ok(counts)
}

/// Count what the index holds.
pub fn stats(idx: &RendaIndex) -> tantivy::Result<Stats> {
    let searcher = idx.index.reader()?.searcher();
    // Per file: level, year and paragraph count.
    let mut files: HashMap<String, (Option<String>, Option<u16>, usize)> = HashMap::new();
    let mut headings = 0usize;
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(speech) = ff.str("speech")? else {
            continue;
        };
        let paragraph = ff.u64("paragraph")?;
        let mut speeches: HashMap<u64, Option<SpeechKey>> = HashMap::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = speech.term_ords(doc).next() else {
                continue;
            };
            let key = speeches.entry(ord).or_insert_with(|| {
                let mut s = String::new();
                speech.ord_to_str(ord, &mut s).ok();
                SpeechKey::decode(&s)
            });
            let Some(key) = key else { continue };
            let entry = files.entry(key.file.clone()).or_insert((
                key.labels.level.map(|l| l.as_str().to_string()),
                key.labels.year,
                0,
            ));
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
