//! The Tantivy index: schema, opening (and refusing what is not ours),
//! writing speeches incrementally, reading documents back.
//!
//! An index folder holds Tantivy's files and `renda-dict.txt`, a copy of the
//! user dictionary given to `renda index --dict` (searches cut their
//! queries into words with it; the index itself holds no words, only
//! bigrams, so a new dictionary needs no rebuild). Each commit carries a
//! [`Meta`] payload:
//! renda's index format, the dictionary's fingerprint and the corpus's
//! boilerplate fingerprint. renda writes only into an empty folder or into
//! an index it wrote itself.
//!
//! Crash safety rests on Tantivy's commits: a commit is atomic (`meta.json`
//! is replaced in one rename), so an index always opens as of its last
//! commit, whatever happened to the process that wrote it. Only one
//! `renda index` writes an index at a time: it holds a lock on
//! [`LOCK_FILE`], which the operating system lets go of when the process
//! ends, however it ends.

pub mod read_only;
pub mod reader;
pub mod schema;
pub mod update;
pub mod writer;

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::analysis::{self, AnalysisError, Dictionary};
pub use schema::Fields;
pub use update::{UpdateError, UpdateOutcome, UpdateRequest, update};

/// The version of the index layout this renda reads and writes. Bump it
/// whenever the schema or the analysis changes. (5: a speech's documents
/// stand together, in order, in one segment; 6: the exact layer's bigrams
/// are folded, ＧＤＰ as gdp.)
pub const FORMAT: u32 = 6;

/// The file in an index folder that holds the user dictionary in use.
pub const DICT_FILE: &str = "renda-dict.txt";

/// The file in an index folder that `renda index` holds locked while it
/// writes, with the process id of the holder in it. It stays when the run
/// ends; the lock does not.
pub const LOCK_FILE: &str = ".renda-writer.lock";

/// What renda records with each commit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawMeta")]
pub struct Meta {
    /// [`FORMAT`] of the renda that wrote the index.
    pub renda_index: u32,
    /// [`Dictionary::fingerprint`] of the dictionary queries are cut with.
    pub dictionary: String,
    /// The renda version that wrote the last commit.
    #[serde(default)]
    pub renda: String,
    /// The folders the index was built from, in the order they were
    /// added (see [`update`]).
    #[serde(default)]
    pub folders: Vec<Folder>,
}

/// One corpus folder of an index, and what its last run saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    /// The folder, absolute with links resolved (an index written before
    /// renda kept several folders may hold the path as it was given).
    pub path: String,
    /// What its files' paths in the index begin with (`label/…`): empty
    /// while the index has this one folder, else the folder's name, made
    /// unique among the index's folders.
    #[serde(default)]
    pub label: String,
    /// While a run that gave the folder its label is not done: the label
    /// its files had before (empty: none), under which those it has not
    /// read again yet are still in the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_label: Option<String>,
    /// Fingerprint of the folder's boilerplate lines when last indexed.
    #[serde(default)]
    pub boilerplate: String,
    /// [`crate::ingest::Corpus::metadata_fingerprint`] when last indexed.
    #[serde(default)]
    pub metadata: String,
    /// [`crate::ingest::Corpus::stamp`] of the folder as of the last
    /// complete run over it (empty after an interrupted one): when the
    /// folder still has the same stamp, there is nothing to do.
    #[serde(default)]
    pub stamp: String,
    /// The folder's files that are copies of others, each with the file
    /// indexed in its place, as of the last run (paths as in the index).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<crate::ingest::CopyOf>,
}

impl Folder {
    /// The path in the index of the folder's file `rel`.
    pub fn key(&self, rel: &str) -> String {
        if self.label.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.label)
        }
    }

    /// The file of this folder that a path in the index names, relative to
    /// the folder, if it is one of this folder's.
    pub fn rel<'k>(&self, key: &'k str) -> Option<&'k str> {
        under(&self.label, key)
    }

    /// The file of this folder that a path in the index names under the
    /// folder's previous label (see [`Folder::previous_label`]), relative
    /// to the folder.
    pub fn previous_rel<'k>(&self, key: &'k str) -> Option<&'k str> {
        under(self.previous_label.as_deref()?, key)
    }

    /// Whether the path was recorded as given, by a renda that kept one
    /// folder only (and so may be relative to where it ran).
    pub fn is_legacy(&self) -> bool {
        !Path::new(&self.path).is_absolute()
    }
}

/// A path in the index under `label`, relative to its folder.
fn under<'k>(label: &str, key: &'k str) -> Option<&'k str> {
    if label.is_empty() {
        return Some(key);
    }
    key.strip_prefix(label)?.strip_prefix('/')
}

impl Meta {
    /// The folder a path in the index belongs to.
    pub fn folder_of(&self, key: &str) -> Option<&Folder> {
        self.folders.iter().find(|f| f.rel(key).is_some())
    }

    /// The place in [`Meta::folders`] of the folder a path in the index
    /// belongs to, by its label, else by the label it had before a run
    /// that gave it a new one and is not done yet.
    pub fn holder_of(&self, key: &str) -> Option<usize> {
        let by = |rel: fn(&Folder, &str) -> bool| self.folders.iter().position(|f| rel(f, key));
        by(|f, k| f.rel(k).is_some()).or_else(|| by(|f, k| f.previous_rel(k).is_some()))
    }

    /// Every copy of every folder.
    pub fn copies(&self) -> Vec<crate::ingest::CopyOf> {
        self.folders.iter().flat_map(|f| f.copies.clone()).collect()
    }
}

/// The payload as written by this renda or by one that kept a single
/// corpus folder (its `corpus`, `stamp` and the rest at the top level).
#[derive(Deserialize)]
struct RawMeta {
    renda_index: u32,
    dictionary: String,
    #[serde(default)]
    renda: String,
    #[serde(default)]
    folders: Vec<Folder>,
    #[serde(default)]
    corpus: String,
    #[serde(default)]
    boilerplate: String,
    #[serde(default)]
    metadata: String,
    #[serde(default)]
    stamp: String,
    #[serde(default)]
    copies: Vec<crate::ingest::CopyOf>,
}

impl From<RawMeta> for Meta {
    fn from(raw: RawMeta) -> Self {
        let mut folders = raw.folders;
        if folders.is_empty() && !raw.corpus.is_empty() {
            folders.push(Folder {
                path: raw.corpus,
                label: String::new(),
                previous_label: None,
                boilerplate: raw.boilerplate,
                metadata: raw.metadata,
                stamp: raw.stamp,
                copies: raw.copies,
            });
        }
        Meta {
            renda_index: raw.renda_index,
            dictionary: raw.dictionary,
            renda: raw.renda,
            folders,
        }
    }
}

/// Why an index could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}: no index here", crate::display::path(path))]
    Missing { path: PathBuf },
    /// A folder to write into that holds files not of a renda index.
    #[error(
        "{}: this folder holds files that are not a renda index",
        crate::display::path(path)
    )]
    NotRenda { path: PathBuf },
    /// A folder to search that is not a renda index.
    #[error("{}: this folder is not a renda index", crate::display::path(path))]
    NotAnIndex { path: PathBuf },
    #[error(
        "{}: index written by another version of renda (index format {found}, this renda uses {FORMAT})",
        crate::display::path(path)
    )]
    OtherVersion { path: PathBuf, found: u32 },
    #[error(
        "{}: another `renda index` is writing this index (pid {pid:?})",
        crate::display::path(path)
    )]
    Busy { path: PathBuf, pid: Option<u32> },
    #[error("{}: the index is damaged ({detail})", crate::display::path(path))]
    Damaged { path: PathBuf, detail: IndexDamage },
    #[error("{}: {source}", crate::display::path(path))]
    Tantivy {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("{}: {source}", crate::display::path(path))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{}: the index would be in (or be) the corpus folder {}",
        crate::display::path(index),
        crate::display::path(corpus)
    )]
    InCorpus {
        index: PathBuf,
        corpus: PathBuf,
        /// Inside the corpus, rather than the corpus itself.
        inside: bool,
    },
    #[error(
        "{}: the corpus folder {} is inside this index folder",
        crate::display::path(index),
        crate::display::path(corpus)
    )]
    HoldsCorpus { index: PathBuf, corpus: PathBuf },
    #[error("{}: not a folder", crate::display::path(path))]
    NotAFolder {
        path: PathBuf,
        /// A file, rather than a device, pipe or socket.
        is_file: bool,
    },
    #[error(
        "{}: a symbolic link to {}, which does not exist",
        crate::display::path(path),
        crate::display::path(target)
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error(transparent)]
    Dictionary(#[from] AnalysisError),
    #[error(
        "{source}; the dictionary of the index {} cannot be used",
        crate::display::path(path)
    )]
    BadDictionary {
        path: PathBuf,
        #[source]
        source: AnalysisError,
    },
}

/// What is wrong with a damaged index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexDamage {
    /// Its meta.json cannot be read.
    MetaUnreadable,
    /// It lacks one of its files.
    FileMissing(String),
    /// Another error, in its own (English) words.
    Other(String),
}

impl std::fmt::Display for IndexDamage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexDamage::MetaUnreadable => f.write_str("meta.json cannot be read"),
            IndexDamage::FileMissing(file) => write!(f, "{file} is missing"),
            IndexDamage::Other(what) => f.write_str(what),
        }
    }
}

/// Why an index run empties the index before it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    /// `--rebuild` asked for it.
    Asked,
    /// An earlier run stopped before its first commit.
    Leftover,
}

/// Whether Tantivy failed to write (its threads stopped, which is all it
/// tells of an I/O error in one, or a file grew past what the system lets
/// it be).
pub fn write_failed(source: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenWriteError;
    let too_large = |e: &io::Error| e.kind() == io::ErrorKind::FileTooLarge;
    match source {
        T::ErrorInThread(_) => true,
        T::IoError(io) => too_large(io),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => too_large(io_error),
        // A writer thread's I/O error, passed on in words (EFBIG).
        T::InternalError(text) => text.contains("(os error 27)"),
        _ => false,
    }
}

/// Whether Tantivy failed because the disk (or the quota) is full, which
/// it may say in an I/O error or only in the words of a writer thread.
pub fn disk_full_tantivy(e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenWriteError;
    match e {
        T::IoError(io) if crate::files::is_disk_full(io) => return true,
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. })
            if crate::files::is_disk_full(io_error) =>
        {
            return true;
        }
        _ => {}
    }
    let text = e.to_string();
    [
        "No space left on device",
        "os error 28",
        "Disk quota exceeded",
        "os error 122",
    ]
    .iter()
    .any(|w| text.contains(w))
}

impl IndexError {
    fn tantivy(path: &Path) -> impl FnOnce(tantivy::TantivyError) -> IndexError + '_ {
        move |source| IndexError::Tantivy {
            path: path.to_path_buf(),
            source,
        }
    }

    fn io(path: &Path) -> impl FnOnce(io::Error) -> IndexError + '_ {
        move |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// An open renda index.
pub struct RendaIndex {
    pub path: PathBuf,
    pub index: Index,
    pub fields: Fields,
    /// The dictionary the index was built with.
    pub dictionary: Dictionary,
    /// The payload of the last commit; `None` for an index never committed.
    pub meta: Option<Meta>,
    reader: OnceLock<IndexReader>,
    /// The fast-field columns hits are read from, by segment, opened once
    /// (see [`reader::HitReader`]).
    pub(crate) columns: reader::ColumnCache,
    /// For an index opened to write it, the lock that keeps other
    /// `renda index` runs out.
    _lock: Option<WriteLock>,
}

/// The file beside an index that holds the office's own groups of related
/// expressions, in the format of the curated list (see
/// [`crate::analysis::Thesaurus::parse`]).
pub const OFFICE_RELATED: &str = "related.txt";

/// The most characters the office's `related.txt` may hold when written
/// through [`RendaIndex::write_office_related`].
pub const MAX_OFFICE_RELATED: usize = 100_000;

impl RendaIndex {
    /// The text of the office's `related.txt` (UTF-8 or GBK), empty when
    /// there is none or it cannot be read as text.
    pub fn office_related_text(&self) -> String {
        std::fs::read(self.path.join(OFFICE_RELATED))
            .ok()
            .and_then(|bytes| crate::corpus::decode_text(&bytes).ok())
            .map(|(text, _, _)| text)
            .unwrap_or_default()
    }

    /// Replace the office's `related.txt` with `text` (line ends made
    /// `\n`), written beside it and renamed over it, so that a search
    /// never reads half of it; the next search uses it. Returns the groups
    /// it holds (see [`crate::analysis::Thesaurus::parse`]).
    pub fn write_office_related(&self, text: &str) -> std::io::Result<usize> {
        let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let path = self.path.join(OFFICE_RELATED);
        let part = self.path.join(format!("{OFFICE_RELATED}.part"));
        std::fs::write(&part, text.as_bytes())?;
        std::fs::rename(&part, &path)?;
        Ok(crate::analysis::Thesaurus::parse(&text).len())
    }

    /// The office's own groups of related expressions (`related.txt` in
    /// the index folder), read afresh so that an edit applies from the next
    /// search; `None` when there is no such file or it cannot be read as
    /// text (UTF-8 or GBK).
    pub fn office_thesaurus(&self) -> Option<crate::analysis::Thesaurus> {
        let bytes = std::fs::read(self.path.join(OFFICE_RELATED)).ok()?;
        let (text, _, _) = crate::corpus::decode_text(&bytes).ok()?;
        Some(crate::analysis::Thesaurus::parse(&text))
    }

    fn new(
        path: &Path,
        index: Index,
        fields: Fields,
        dictionary: Dictionary,
        meta: Option<Meta>,
    ) -> Self {
        Self {
            path: path.to_path_buf(),
            index,
            fields,
            dictionary,
            meta,
            reader: OnceLock::new(),
            columns: reader::ColumnCache::default(),
            _lock: None,
        }
    }

    /// A searcher over the index as of its last commit when first asked
    /// for; one reader serves every search of the process.
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(IndexError::tantivy(&self.path))?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// Let the next [`RendaIndex::searcher`] see the index as of its last
    /// commit, for a process that searches while another writes (a server
    /// while `renda index` runs). Searchers handed out before keep what
    /// they saw. [`RendaIndex::meta`] stays as it was opened; see
    /// [`RendaIndex::last_meta`].
    pub fn reload(&self) -> Result<(), IndexError> {
        match self.reader.get() {
            Some(reader) => reader.reload().map_err(IndexError::tantivy(&self.path)),
            // The first searcher reads the last commit anyway.
            None => Ok(()),
        }
    }

    /// The payload of the index's last commit, read again from disk.
    pub fn last_meta(&self) -> Result<Option<Meta>, IndexError> {
        let metas = self
            .index
            .load_metas()
            .map_err(IndexError::tantivy(&self.path))?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }
}

/// The lock of an index being written: see [`LOCK_FILE`].
#[derive(Debug)]
struct WriteLock {
    _file: fs::File,
}

/// Take the lock of the index folder `path` (which must exist), or say who
/// holds it. Never waits.
fn lock(path: &Path) -> Result<WriteLock, IndexError> {
    let lock_path = path.join(LOCK_FILE);
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(IndexError::io(&lock_path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            return Err(IndexError::Busy {
                path: path.to_path_buf(),
                pid: holder.trim().parse().ok(),
            });
        }
        Err(fs::TryLockError::Error(e)) => return Err(IndexError::io(&lock_path)(e)),
    }
    // Who holds it, for the message above; the lock matters, not this.
    let _ = file
        .set_len(0)
        .and_then(|()| writeln!(file, "{}", std::process::id()));
    Ok(WriteLock { _file: file })
}

/// Whether another process holds the lock of the index folder `path`
/// (and its pid, when it wrote one), without creating or writing anything.
fn held_lock(path: &Path) -> Option<Option<u32>> {
    let mut file = fs::File::open(path.join(LOCK_FILE)).ok()?;
    match file.try_lock() {
        Ok(()) => None,
        Err(fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            Some(holder.trim().parse().ok())
        }
        Err(fs::TryLockError::Error(_)) => None,
    }
}

/// What the folder at an index path holds.
enum Found {
    /// Nothing, or only hidden files such as `.gitkeep`.
    Empty,
    /// A renda index, opened, with its last payload (`None` if never
    /// committed).
    Renda(Box<Index>, Option<Meta>),
    /// A renda index of another format.
    OtherVersion(u32),
    /// A renda index that cannot be read as it is: what is wrong.
    Damaged(IndexDamage),
    /// What a `renda index` left when it was stopped while creating or
    /// emptying the index, before its first commit: no `meta.json`, only
    /// Tantivy's files and renda's.
    Leftover,
    /// Something else.
    Foreign,
}

/// What the folder at `path` holds; a renda index in it is opened to
/// write, or (`read_only`) through [`read_only::ReadOnly`].
fn inspect(path: &Path, read_only: bool) -> Result<Found, IndexError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(meta) => {
            return Err(IndexError::NotAFolder {
                path: path.to_path_buf(),
                is_file: meta.is_file(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Ok(target) = fs::read_link(path) {
                return Err(IndexError::DanglingLink {
                    path: path.to_path_buf(),
                    target,
                });
            }
            return Ok(Found::Empty);
        }
        Err(e) => return Err(IndexError::io(path)(e)),
    }
    if path.join("meta.json").is_file() {
        let index = if read_only {
            read_only::ReadOnly::open(path).and_then(Index::open)
        } else {
            Index::open_in_dir(path)
        };
        let opened = index.and_then(|index| {
            let metas = index.load_metas()?;
            Ok((index, metas))
        });
        let (index, metas) = match opened {
            Ok(opened) => opened,
            // A meta.json that is not Tantivy's, or a broken one: damaged
            // if renda wrote here, else someone else's.
            Err(tantivy::TantivyError::DataCorruption(_)) => {
                return Ok(if path.join(LOCK_FILE).is_file() {
                    Found::Damaged(IndexDamage::MetaUnreadable)
                } else {
                    Found::Foreign
                });
            }
            Err(e) => return Err(IndexError::tantivy(path)(e)),
        };
        let Some(payload) = metas.payload.as_deref() else {
            // Created by renda but not committed yet, or someone else's.
            return Ok(if Fields::of(&metas.schema).is_some() {
                Found::Renda(Box::new(index), None)
            } else {
                Found::Foreign
            });
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(payload) else {
            return Ok(Found::Foreign);
        };
        return Ok(match value.get("renda_index").and_then(|v| v.as_u64()) {
            None => Found::Foreign,
            Some(f) if f != u64::from(FORMAT) => {
                Found::OtherVersion(u32::try_from(f).unwrap_or(u32::MAX))
            }
            Some(_) => match serde_json::from_value::<Meta>(value) {
                Ok(meta) if Fields::of(&metas.schema).is_some() => {
                    match missing_file(path, &metas) {
                        Some(file) => Found::Damaged(IndexDamage::FileMissing(file)),
                        None => Found::Renda(Box::new(index), Some(meta)),
                    }
                }
                _ => Found::OtherVersion(FORMAT),
            },
        });
    }
    let entries = fs::read_dir(path).map_err(IndexError::io(path))?;
    let mut visible = Vec::new();
    for entry in entries {
        let entry = entry.map_err(IndexError::io(path))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            visible.push(name);
        }
    }
    if visible.is_empty() {
        return Ok(Found::Empty);
    }
    if visible.iter().any(|name| name == "meta.json") && path.join("meta.json").is_file() {
        // A run creating the index wrote it since we looked: look again
        // (a meta.json that is no file is someone else's).
        return inspect(path, read_only);
    }
    let leftover = path.join(LOCK_FILE).is_file()
        && visible
            .iter()
            .all(|name| name == DICT_FILE || is_segment_file(name));
    Ok(if leftover {
        Found::Leftover
    } else {
        Found::Foreign
    })
}

/// The first file of the index's segments that is not in the folder.
fn missing_file(path: &Path, metas: &tantivy::IndexMeta) -> Option<String> {
    use tantivy::index::SegmentComponent as C;
    metas.segments.iter().find_map(|segment| {
        let mut parts = vec![
            C::Postings,
            C::Positions,
            C::FastFields,
            C::FieldNorms,
            C::Terms,
            C::Store,
        ];
        if segment.has_deletes() {
            parts.push(C::Delete);
        }
        parts
            .into_iter()
            .map(|part| segment.relative_path(part))
            .find(|file| !path.join(file).is_file())
            .map(|file| file.display().to_string())
    })
}

/// A file of a Tantivy segment: 32 hex digits (the segment's id), a dot,
/// an extension.
fn is_segment_file(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Remove an index's files, keeping hidden files that are not Tantivy's
/// (such as `.gitkeep` and [`LOCK_FILE`]) and the user dictionary.
/// `meta.json` goes first, so that a run stopped midway leaves a
/// [`Found::Leftover`], not an index whose files are missing.
fn clear(path: &Path) -> Result<(), IndexError> {
    let meta = path.join("meta.json");
    match fs::remove_file(&meta) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(IndexError::io(&meta)(e)),
        _ => {}
    }
    for entry in fs::read_dir(path).map_err(IndexError::io(path))? {
        let entry = entry.map_err(IndexError::io(path))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = (!name.starts_with('.') && name != DICT_FILE)
            || name.starts_with(".tantivy")
            || name == ".managed.json";
        if ours {
            let p = entry.path();
            let result = if p.is_dir() {
                fs::remove_dir_all(&p)
            } else {
                fs::remove_file(&p)
            };
            result.map_err(IndexError::io(&p))?;
        }
    }
    Ok(())
}

/// The dictionary kept in the index folder, checked as one given to
/// `--dict` is (one an older renda accepted may break the limits).
fn load_dictionary(path: &Path) -> Result<Dictionary, IndexError> {
    let dict = path.join(DICT_FILE);
    if fs::symlink_metadata(&dict).is_err() {
        return Ok(Dictionary::builtin());
    }
    Dictionary::with_user_file(&dict).map_err(|source| IndexError::BadDictionary {
        path: path.to_path_buf(),
        source,
    })
}

/// Threads a search runs its query on, one segment each: one per CPU, at
/// most this many.
const SEARCH_THREADS: usize = 4;

/// A renda index [`inspect`] opened, ready with its tokenizers, its
/// searches running the query over its segments side by side.
fn open_existing(
    path: &Path,
    mut index: Index,
    meta: Option<Meta>,
    dictionary: Dictionary,
) -> Result<RendaIndex, IndexError> {
    let fields = Fields::of(&index.schema()).ok_or_else(|| IndexError::NotRenda {
        path: path.to_path_buf(),
    })?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(SEARCH_THREADS));
    // Without the threads (a process that may start no more), each segment
    // is searched in turn, as by default.
    if threads > 1 {
        let _ = index.set_multithread_executor(threads);
    }
    analysis::register(&index, &dictionary);
    Ok(RendaIndex::new(path, index, fields, dictionary, meta))
}

/// A new, empty index in memory (nothing on disk, no lock), with the
/// given dictionary: for tests and fuzzing.
pub fn in_ram(dictionary: Dictionary) -> RendaIndex {
    let (schema, fields) = schema::build();
    let index = Index::create_in_ram(schema);
    analysis::register(&index, &dictionary);
    RendaIndex::new(Path::new("(memory)"), index, fields, dictionary, None)
}

/// The payload of the last commit of the renda index at `path`, if there
/// is one, read without loading its dictionary or taking its lock.
pub(crate) fn peek_meta(path: &Path) -> Option<Meta> {
    match inspect(path, true) {
        Ok(Found::Renda(_, meta)) => meta,
        _ => None,
    }
}

/// Open an index to search it.
pub fn open(path: &Path) -> Result<RendaIndex, IndexError> {
    match inspect(path, true)? {
        Found::Renda(index, meta) => open_existing(path, *index, meta, load_dictionary(path)?),
        Found::OtherVersion(found) => Err(IndexError::OtherVersion {
            path: path.to_path_buf(),
            found,
        }),
        Found::Empty | Found::Leftover => Err(IndexError::Missing {
            path: path.to_path_buf(),
        }),
        Found::Damaged(detail) => Err(IndexError::Damaged {
            path: path.to_path_buf(),
            detail,
        }),
        Found::Foreign => Err(IndexError::NotAnIndex {
            path: path.to_path_buf(),
        }),
    }
}

/// `path` made absolute with every link resolved, as far as it exists
/// (the rest, not yet created, is appended as given).
pub fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = abs.as_path();
    loop {
        if let Ok(real) = fs::canonicalize(base) {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return abs,
        }
    }
}

/// Refuse an index path that is the corpus folder, lies inside it, or
/// holds it: writing the index there would remove or index the speeches.
/// Paths are compared after resolving links, before anything is written.
pub fn check_apart(corpus: &Path, index: &Path) -> Result<(), IndexError> {
    let (c, i) = (resolved(corpus), resolved(index));
    if i.starts_with(&c) {
        return Err(IndexError::InCorpus {
            index: index.to_path_buf(),
            corpus: corpus.to_path_buf(),
            inside: i != c,
        });
    }
    if c.starts_with(&i) {
        return Err(IndexError::HoldsCorpus {
            index: index.to_path_buf(),
            corpus: corpus.to_path_buf(),
        });
    }
    Ok(())
}

/// How an index was opened for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// A new index in an empty or missing folder.
    Created,
    /// An existing index, to update.
    Opened,
    /// An existing index, emptied first, for the given reason.
    Rebuilt(Rebuild),
}

/// Open the index at `path` to write it, creating it if the folder is empty
/// or missing. `user_dict`, if given, becomes the index's user dictionary
/// (else it keeps the one it has). `rebuild` empties an existing renda
/// index first. A folder holding anything else is refused.
///
/// The index stays locked against other writers until the returned
/// [`RendaIndex`] is dropped; when another `renda index` holds it, this
/// fails at once with [`IndexError::Busy`].
pub fn open_for_writing(
    path: &Path,
    user_dict: Option<&Path>,
    rebuild: bool,
) -> Result<(RendaIndex, Opening), IndexError> {
    // A dictionary that would break every search is refused before
    // anything is written.
    let given = user_dict.map(Dictionary::with_user_file).transpose()?;
    // Look before writing anything, even the lock file.
    let first = inspect(path, false)?;
    if !matches!(first, Found::Empty | Found::Renda(..))
        && let Some(pid) = held_lock(path)
    {
        // Another run holds the lock and may be creating the index right
        // now: that is what to say, not that the folder is not ours.
        return Err(IndexError::Busy {
            path: path.to_path_buf(),
            pid,
        });
    }
    refuse(path, &first, rebuild)?;
    fs::create_dir_all(path).map_err(IndexError::io(path))?;
    let lock = lock(path)?;
    // Look again: the folder may have changed until the lock was taken.
    let found = inspect(path, false)?;
    refuse(path, &found, rebuild)?;
    let dictionary = match given {
        Some(d) => d,
        None if matches!(found, Found::Renda(..) | Found::Leftover) => load_dictionary(path)?,
        None => Dictionary::builtin(),
    };
    let reason = match &found {
        Found::Empty => None,
        Found::Leftover => Some(Rebuild::Leftover),
        _ if rebuild => Some(Rebuild::Asked),
        Found::Renda(..) => None,
        Found::OtherVersion(_) | Found::Damaged(_) | Found::Foreign => {
            unreachable!("refused above")
        }
    };
    let (mut idx, opening) = if let Some(reason) = reason {
        // Let go of the old index's files before removing them.
        drop(found);
        clear(path)?;
        (
            create(path, dictionary, user_dict)?,
            Opening::Rebuilt(reason),
        )
    } else {
        match found {
            Found::Renda(index, meta) => {
                keep_user_dictionary(path, user_dict)?;
                (
                    open_existing(path, *index, meta, dictionary)?,
                    Opening::Opened,
                )
            }
            _ => (create(path, dictionary, user_dict)?, Opening::Created),
        }
    };
    idx._lock = Some(lock);
    Ok((idx, opening))
}

/// Refuse to write into a folder that is not ours, or (without
/// `rebuild`) into an index of another format or a damaged one.
fn refuse(path: &Path, found: &Found, rebuild: bool) -> Result<(), IndexError> {
    match *found {
        Found::Foreign => Err(IndexError::NotRenda {
            path: path.to_path_buf(),
        }),
        Found::OtherVersion(found) if !rebuild => Err(IndexError::OtherVersion {
            path: path.to_path_buf(),
            found,
        }),
        Found::Damaged(ref detail) if !rebuild => Err(IndexError::Damaged {
            path: path.to_path_buf(),
            detail: detail.clone(),
        }),
        _ => Ok(()),
    }
}

/// Keep a copy of the user dictionary in the index folder, for searches.
fn keep_user_dictionary(path: &Path, user_dict: Option<&Path>) -> Result<(), IndexError> {
    if let Some(src) = user_dict {
        let text = crate::files::read_regular(src, analysis::MAX_DICT_BYTES).map_err(|e| {
            AnalysisError::Read {
                path: src.to_path_buf(),
                source: e,
            }
        })?;
        // Written aside and renamed, so that a copy is never half there.
        let copy = path.join(DICT_FILE);
        let part = path.join(format!(".{DICT_FILE}.part"));
        fs::write(&part, text).map_err(IndexError::io(&part))?;
        fs::rename(&part, &copy).map_err(IndexError::io(&copy))?;
    }
    Ok(())
}

fn create(
    path: &Path,
    dictionary: Dictionary,
    user_dict: Option<&Path>,
) -> Result<RendaIndex, IndexError> {
    fs::create_dir_all(path).map_err(IndexError::io(path))?;
    keep_user_dictionary(path, user_dict)?;
    let (schema, fields) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(schema::settings())
        .create_in_dir(path)
        .map_err(IndexError::tantivy(path))?;
    analysis::register(&index, &dictionary);
    Ok(RendaIndex::new(path, index, fields, dictionary, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meta_json_that_is_a_folder_is_someone_elses() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("meta.json")).unwrap();
        assert!(matches!(
            open(dir.path()),
            Err(IndexError::NotAnIndex { .. })
        ));
    }
}
