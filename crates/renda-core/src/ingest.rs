//! Read a whole corpus folder: walk → decode → clean and parse every speech.
//!
//! [`read_corpus`] makes two passes over the files. The first decodes each
//! file and counts the short lines that repeat across the corpus
//! ([`Boilerplate`]), on every core (up to four threads, each counting its
//! own files; the counts are added up); the second parses every file with that knowledge and
//! hands each [`Speech`] to the caller. A file that cannot be used is
//! reported to the caller as a [`Skipped`] and the rest goes on.
//!
//! **Copies.** Two files whose cleaned text is the same (a `副本 - …` copy,
//! the same speech saved as `.txt` and `.docx`) are one speech: the first
//! pass keys each file by the hash of its text as cleaned of site ads
//! ([`text_key`]), and of each group of files with one key only one is read
//! — the one already in the index, else the one whose name does not say
//! copy (副本, 复件, `Copy of`, `(1)`), else the richest format (a Word
//! file keeps its headings), else the first in the walk. The others are
//! listed in [`Summary::copies`]. When the file kept is deleted, a copy
//! takes its place on the next run (it is not in the index, so it is read).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use regex::Regex;

use crate::corpus::{self, CorpusError, Format, SkipReason, Skipped, SourceFile};
use crate::speech::{self, Boilerplate, MetadataError, MetadataTable, ParseContext, Speech};

/// What a run over a corpus saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files read and parsed.
    pub files: usize,
    /// Speeches parsed (one per file read).
    pub speeches: usize,
    /// Paragraphs in those speeches.
    pub paragraphs: usize,
    /// Files passed over, by kind of reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Documentation files passed over (README.*, metadata.csv).
    pub ignored: usize,
    /// Lines dropped while cleaning, by reason (ad, boilerplate, repeat).
    pub removed: BTreeMap<&'static str, usize>,
    /// Files left as they were indexed, unchanged since.
    pub unchanged: usize,
    /// Speeches taken out of the index because their file is gone.
    pub deleted: usize,
    /// Files whose text is that of another file, which stands for both.
    pub copies: Vec<CopyOf>,
}

/// A file whose cleaned text is the same as another's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CopyOf {
    /// The copy, relative to the corpus root.
    pub file: String,
    /// The file read in its place.
    pub of: String,
}

impl Summary {
    /// Total files skipped.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// Add what another run (over another folder) saw.
    pub fn absorb(&mut self, other: Summary) {
        self.files += other.files;
        self.speeches += other.speeches;
        self.paragraphs += other.paragraphs;
        for (k, n) in other.skipped {
            *self.skipped.entry(k).or_default() += n;
        }
        self.ignored += other.ignored;
        for (k, n) in other.removed {
            *self.removed.entry(k).or_default() += n;
        }
        self.unchanged += other.unchanged;
        self.deleted += other.deleted;
        self.copies.extend(other.copies);
    }

    fn skip(&mut self, reason: &SkipReason) {
        *self.skipped.entry(reason.kind()).or_default() += 1;
    }
}

/// Why a corpus could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    /// The observer asked to stop ([`Observer::interrupted`]).
    #[error("interrupted")]
    Interrupted,
}

/// What the caller hears about during a run.
pub trait Observer {
    /// A file could not be used; the run goes on.
    fn skipped(&mut self, skipped: &Skipped);
    /// A file just [`Observer::skipped`] whose speech, as an earlier run
    /// read it, stays in the index.
    fn kept(&mut self, _skipped: &Skipped) {}
    /// A warning about the corpus (a bad cell in `metadata.csv`).
    fn warning(&mut self, warning: &crate::speech::MetadataWarning);
    /// One more file done, of `total`, in the given pass (1 or 2).
    fn progress(&mut self, _pass: u8, _done: usize, _total: usize) {}
    /// Whether to stop (checked after each file of the first pass, and by
    /// [`crate::index::update`] after each file it adds).
    fn interrupted(&self) -> bool {
        false
    }
    /// [`crate::index::update`] empties the index before it reads, for the
    /// given reason (`--rebuild`, an earlier run stopped before its first
    /// commit).
    fn rebuilding(&mut self, _reason: crate::index::Rebuild) {}
    /// [`crate::index::update`] begins a pass (1: scanning, 2: indexing)
    /// over the folder at `path`.
    fn folder(&mut self, _path: &Path, _pass: u8) {}
}

/// A speech and the hash of the bytes it was read from.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub speech: Speech,
    /// xxh3 of the file's bytes: the index notices a change by it.
    pub hash: u64,
}

/// Threads that read the files in the first pass, at most (this one
/// included).
const SCAN_THREADS: usize = 4;

/// What the first pass keeps of a file: its place, the hash of its bytes
/// (none when it could not be read) and [`text_key`] of its text.
type Scanned = (usize, Option<u64>, Option<u64>);

/// The hash renda keeps of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The key of a decoded text for finding copies: the hash of its text as
/// cleaned of ads and repeats, without its line breaks and blanks, so that
/// the same speech as `.txt`, `.docx` and `.pdf` (whose lines may break
/// elsewhere), or with and without a site's header, has one key. A text
/// with nothing left once cleaned has none: files of ads alone are no
/// copies of each other.
pub fn text_key(text: &str) -> Option<u64> {
    let cleaned = speech::clean::clean(text, None);
    if cleaned.lines.is_empty() {
        return None;
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = [0u8; 4];
    for l in &cleaned.lines {
        for c in l.text.chars().filter(|c| !c.is_whitespace()) {
            h.update(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Some(h.digest())
}

static COPY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)副本|复件|拷贝|^copy of |[ _-]copy(?:\s*\(\d+\))?\.[^.]+$|[(（]\d{1,3}[)）]\.[^.]+$",
    )
    .expect("copy name pattern")
});

/// Whether a file's name says it is a copy (副本 - 讲话.docx, 讲话(1).txt).
pub fn is_copy_name(rel: &str) -> bool {
    COPY_NAME.is_match(rel.rsplit('/').next().unwrap_or(rel))
}

/// How much structure a format carries: a copy in a richer one is kept.
fn format_rank(f: Format) -> u8 {
    match f {
        Format::Docx | Format::Odt => 0,
        Format::Doc | Format::Wps => 1,
        Format::Html | Format::Mhtml => 2,
        Format::Text => 3,
        Format::Pdf => 4,
    }
}

/// The files of a corpus and what is known about them before parsing.
pub struct Corpus {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    /// The hash of each file's bytes as read in the first pass (`None`
    /// when it could not be read).
    pub hashes: Vec<Option<u64>>,
    /// The [`text_key`] of each file as decoded in the first pass.
    pub keys: Vec<Option<u64>>,
    /// For each file that is a copy of another, the other's index in
    /// [`Corpus::files`].
    copy_of: Vec<Option<usize>>,
    pub metadata: MetadataTable,
    pub boilerplate: Boilerplate,
    /// What the walk passed over (an unreadable folder, a link not
    /// followed), by path in the folder: what the index holds under them
    /// is not gone from the folder.
    pub passed_over: Vec<String>,
    summary: Summary,
}

impl Corpus {
    /// Walk `root` (leaving out the folders in `exclude`, such as the index),
    /// load its `metadata.csv` and count its boilerplate lines.
    pub fn open(
        root: &Path,
        exclude: &[PathBuf],
        obs: &mut dyn Observer,
    ) -> Result<Self, IngestError> {
        let mut corpus = Self::walk(root, exclude, obs)?;
        corpus.scan(obs)?;
        Ok(corpus)
    }

    /// Walk `root` (leaving out the folders in `exclude`) and load its
    /// `metadata.csv`, without reading the files: [`Corpus::scan`] does.
    pub fn walk(
        root: &Path,
        exclude: &[PathBuf],
        obs: &mut dyn Observer,
    ) -> Result<Self, IngestError> {
        Self::walk_links(root, exclude, false, obs)
    }

    /// [`Corpus::walk`], following links that lead out of `root` too when
    /// `follow_outside` (see [`corpus::walk_links`]).
    pub fn walk_links(
        root: &Path,
        exclude: &[PathBuf],
        follow_outside: bool,
        obs: &mut dyn Observer,
    ) -> Result<Self, IngestError> {
        let walk = corpus::walk_links(root, exclude, follow_outside)?;
        let mut summary = Summary {
            ignored: walk.ignored,
            ..Default::default()
        };
        for s in &walk.skipped {
            summary.skip(&s.reason);
            obs.skipped(s);
        }
        let (metadata, warnings) = MetadataTable::load(root)?;
        for w in &warnings {
            obs.warning(w);
        }
        Ok(Self {
            root: root.to_path_buf(),
            files: walk.files,
            hashes: Vec::new(),
            keys: Vec::new(),
            copy_of: Vec::new(),
            metadata,
            boilerplate: Boilerplate::new(),
            passed_over: walk.skipped.iter().map(|s| s.rel.clone()).collect(),
            summary,
        })
    }

    /// The first pass: read every file, hash its bytes and count the
    /// corpus's boilerplate lines.
    pub fn scan(&mut self, obs: &mut dyn Observer) -> Result<(), IngestError> {
        let total = self.files.len();
        let helpers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(SCAN_THREADS)
            .saturating_sub(1);
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let files = &self.files;
        // Files are taken one at a time from a shared counter; each thread
        // counts its own boilerplate, and the counts are added up after.
        let work = |boilerplate: &mut Boilerplate, out: &mut Vec<Scanned>| {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= total || stop.load(Ordering::Relaxed) {
                return false;
            }
            let f = &files[i];
            let read = corpus::read_bytes(&f.path).ok();
            let hash = read.as_deref().map(content_hash);
            let key = match read.map(|b| corpus::document_from_bytes(f.format, &b)) {
                Some(Ok(doc)) => {
                    boilerplate.add_file(&doc.text);
                    text_key(&doc.text)
                }
                _ => None,
            };
            out.push((i, hash, key));
            done.fetch_add(1, Ordering::Relaxed);
            true
        };
        let mut boilerplate = Boilerplate::new();
        let mut scanned: Vec<Scanned> = Vec::with_capacity(total);
        let interrupted = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..helpers)
                .filter_map(|n| {
                    std::thread::Builder::new()
                        .name(format!("renda-scan-{n}"))
                        .spawn_scoped(scope, || {
                            let mut boilerplate = Boilerplate::new();
                            let mut out = Vec::new();
                            while work(&mut boilerplate, &mut out) {}
                            (boilerplate, out)
                        })
                        .ok()
                })
                .collect();
            // This thread reads too, and between its files reports each
            // file done (by any thread) once, in order, and watches for a stop.
            let mut interrupted = false;
            let mut reported = 0;
            let mut report = |obs: &mut dyn Observer, upto: usize| {
                while reported < upto {
                    reported += 1;
                    obs.progress(1, reported, total);
                }
            };
            loop {
                let more = work(&mut boilerplate, &mut scanned);
                report(obs, done.load(Ordering::Relaxed));
                if obs.interrupted() {
                    stop.store(true, Ordering::Relaxed);
                    interrupted = true;
                }
                if !more {
                    break;
                }
            }
            for t in threads {
                match t.join() {
                    Ok((theirs, out)) => {
                        boilerplate.merge(theirs);
                        scanned.extend(out);
                    }
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            report(obs, done.load(Ordering::Relaxed));
            interrupted
        });
        if interrupted {
            return Err(IngestError::Interrupted);
        }
        let mut hashes = vec![None; total];
        let mut keys = vec![None; total];
        for (i, hash, key) in scanned {
            hashes[i] = hash;
            keys[i] = key;
        }
        boilerplate.finish();
        self.hashes = hashes;
        self.keys = keys;
        self.boilerplate = boilerplate;
        self.find_copies(&|_| false);
        Ok(())
    }

    /// Decide which files are copies of others (see the module's notes);
    /// `indexed` says whether a file is in the index now, and so is kept
    /// before the others of its group.
    pub fn find_copies(&mut self, indexed: &dyn Fn(&str) -> bool) {
        let mut groups: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, key) in self.keys.iter().enumerate() {
            if let Some(k) = key {
                groups.entry(*k).or_default().push(i);
            }
        }
        let mut copy_of = vec![None; self.files.len()];
        for members in groups.values().filter(|m| m.len() > 1) {
            let Some(&kept) = members.iter().min_by_key(|&&i| {
                let f = &self.files[i];
                (
                    !indexed(&f.rel),
                    is_copy_name(&f.rel),
                    format_rank(f.format),
                    i,
                )
            }) else {
                continue;
            };
            for &i in members.iter().filter(|&&i| i != kept) {
                copy_of[i] = Some(kept);
            }
        }
        self.copy_of = copy_of;
    }

    /// The file that stands for file `i`, when `i` is a copy of it.
    pub fn copy_of(&self, i: usize) -> Option<&SourceFile> {
        self.copy_of
            .get(i)
            .copied()
            .flatten()
            .map(|o| &self.files[o])
    }

    /// Whether file `i` is a copy of another file of the corpus.
    pub fn is_copy(&self, i: usize) -> bool {
        self.copy_of(i).is_some()
    }

    /// Every copy and the file that stands for it, in walk order.
    pub fn copies(&self) -> Vec<CopyOf> {
        (0..self.files.len())
            .filter_map(|i| {
                self.copy_of(i).map(|o| CopyOf {
                    file: self.files[i].rel.clone(),
                    of: o.rel.clone(),
                })
            })
            .collect()
    }

    /// Report copies known without a first pass (from the index).
    pub fn note_copies(&mut self, copies: Vec<CopyOf>) {
        self.summary.copies = copies;
    }

    /// A fingerprint of what the walk found, without reading any file: every
    /// file's path, size, modification time and status (inode and status
    /// change time, see [`SourceFile::status`]), and the bytes of
    /// `metadata.csv`. Equal stamps mean nothing was touched since.
    pub fn stamp(&self) -> String {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for f in &self.files {
            h.update(f.rel.as_bytes());
            h.update(&[0]);
            h.update(&f.size.to_le_bytes());
            let nanos = f
                .modified
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.update(&nanos.to_le_bytes());
            h.update(&f.status.to_le_bytes());
        }
        h.update(self.metadata_fingerprint().as_bytes());
        format!("{:016x}", h.digest())
    }

    /// A fingerprint of what a speech is read by besides its own bytes:
    /// renda's rules ([`crate::speech::READING_RULES`]) and the bytes of
    /// `metadata.csv` (if any). When it changes, every speech may read
    /// otherwise, and every file is read again.
    pub fn metadata_fingerprint(&self) -> String {
        format!(
            "rules{}:{}",
            crate::speech::READING_RULES,
            self.metadata.fingerprint()
        )
    }

    /// Read and parse one file of the corpus.
    pub fn parse(&self, file: &SourceFile) -> Result<Parsed, SkipReason> {
        let bytes = corpus::read_bytes(&file.path)?;
        let doc = corpus::document_from_bytes(file.format, &bytes)?;
        let ctx = ParseContext {
            rel: &file.rel,
            metadata: self.metadata.get(&file.rel),
            boilerplate: Some(&self.boilerplate),
            published: None,
        };
        Ok(Parsed {
            speech: speech::parse_document(&doc, &ctx),
            hash: content_hash(&bytes),
        })
    }

    /// Count a file left as it was indexed.
    pub fn note_unchanged(&mut self) {
        self.summary.unchanged += 1;
    }

    /// Count speeches taken out of the index.
    pub fn note_deleted(&mut self, n: usize) {
        self.summary.deleted += n;
    }

    /// Parse the files for which `wanted` says yes (given each file's index
    /// in [`Corpus::files`]), handing each speech to `sink`, and return the
    /// summary of the whole run. Copies of other files are never parsed.
    pub fn read<E>(
        mut self,
        wanted: impl Fn(usize) -> bool,
        obs: &mut dyn Observer,
        mut sink: impl FnMut(&SourceFile, Parsed) -> Result<(), E>,
    ) -> Result<Summary, E> {
        let total = self.files.len();
        if !self.copy_of.is_empty() {
            self.summary.copies = self.copies();
        }
        let files = std::mem::take(&mut self.files);
        for (i, file) in files.iter().enumerate() {
            if wanted(i) && self.copy_of.get(i).is_none_or(Option::is_none) {
                match self.parse(file) {
                    Ok(parsed) => {
                        let s = &mut self.summary;
                        s.files += 1;
                        s.speeches += 1;
                        s.paragraphs += parsed.speech.paragraphs.len();
                        for r in &parsed.speech.removed {
                            *s.removed.entry(r.reason.as_str()).or_default() += 1;
                        }
                        sink(file, parsed)?;
                    }
                    Err(reason) => {
                        self.summary.skip(&reason);
                        obs.skipped(&Skipped {
                            path: file.path.clone(),
                            rel: file.rel.clone(),
                            reason,
                        });
                    }
                }
            }
            obs.progress(2, i + 1, total);
        }
        self.files = files;
        Ok(self.summary)
    }
}

/// Walk, decode and parse every speech under `root`, handing each to `sink`.
pub fn read_corpus(
    root: &Path,
    exclude: &[PathBuf],
    obs: &mut dyn Observer,
    mut sink: impl FnMut(&SourceFile, Speech),
) -> Result<Summary, IngestError> {
    let corpus = Corpus::open(root, exclude, obs)?;
    let summary = corpus.read::<std::convert::Infallible>(
        |_| true,
        obs,
        |file, parsed| {
            sink(file, parsed.speech);
            Ok(())
        },
    );
    Ok(summary.unwrap_or_else(|never| match never {}))
}

/// Read one file that is not part of a corpus (a draft to compare with the
/// archive) as `renda index` reads each file: decoded by its format,
/// cleaned and parsed. `None` reads standard input's bytes as text.
/// A draft sent as the bytes of a file named `name` (an upload): read as
/// [`read_draft`] reads a file of that name.
pub fn draft_from_bytes(name: &str, bytes: &[u8]) -> Result<Speech, SkipReason> {
    if bytes.len() as u64 > corpus::MAX_FILE_BYTES {
        return Err(SkipReason::of_read(crate::files::ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: corpus::MAX_FILE_BYTES,
        }));
    }
    let format = Format::of_path(Path::new(name))?;
    let doc = corpus::document_from_bytes(format, bytes)?;
    let ctx = ParseContext {
        rel: name,
        metadata: None,
        boilerplate: None,
        published: None,
    };
    Ok(speech::parse_document(&doc, &ctx))
}

pub fn read_draft(path: Option<&Path>) -> Result<Speech, SkipReason> {
    let (doc, rel) = match path {
        Some(path) => (
            corpus::read_document(path)?,
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        None => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(
                &mut std::io::Read::take(std::io::stdin().lock(), corpus::MAX_FILE_BYTES + 1),
                &mut bytes,
            )
            .map_err(|e| SkipReason::unreadable(&e))?;
            if bytes.len() as u64 > corpus::MAX_FILE_BYTES {
                return Err(SkipReason::TooLarge(corpus::TooLarge::Input {
                    mib: corpus::MAX_FILE_BYTES >> 20,
                }));
            }
            (
                corpus::document_from_bytes(Format::Text, &bytes)?,
                "-".to_string(),
            )
        }
    };
    let ctx = ParseContext {
        rel: &rel,
        metadata: None,
        boilerplate: None,
        published: None,
    };
    Ok(speech::parse_document(&doc, &ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_names() {
        for name in [
            "a/副本 - 讲话.docx",
            "讲话 - 副本.txt",
            "复件 讲话.doc",
            "Copy of 讲话.docx",
            "讲话 - Copy.docx",
            "讲话(1).txt",
            "讲话（2）.docx",
        ] {
            assert!(is_copy_name(name), "{name}");
        }
        for name in [
            "讲话.docx",
            "2023/讲话(定稿)/a.txt",
            "copyright.txt",
            "第(一)部分.txt",
        ] {
            assert!(!is_copy_name(name), "{name}");
        }
    }

    #[test]
    fn text_keys_ignore_layout_and_ads_but_not_words() {
        let a = text_key("在全县人大工作会议上的讲话\n\n  同志们：\n要密切联系群众。\n");
        let b =
            text_key("仅供学习 禁止外传\n在全县人大工作会议上的讲话\n同志们：\n要密切联系群众。");
        let c = text_key("在全县人大工作会议上的讲话\n同志们：\n要紧密联系群众。");
        // The same words, broken into other lines (a PDF's lines).
        let d = text_key("在全县人大工作会议上的讲话\n同志们：\n要密切联\n系群众。");
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(a, d);
        assert_ne!(a, c);
        assert_eq!(text_key("仅供学习 禁止外传\n\n"), None);
    }
}
