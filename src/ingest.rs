//! Read a whole corpus folder: walk → decode → clean and parse every speech.
//!
//! [`read_corpus`] makes two passes over the files. The first decodes each
//! file and counts the short lines that repeat across the corpus
//! ([`Boilerplate`]); the second parses every file with that knowledge and
//! hands each [`Speech`] to the caller. A file that cannot be used is
//! reported to the caller as a [`Skipped`] and the rest goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::{self, CorpusError, SkipReason, Skipped, SourceFile};
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
}

impl Summary {
    /// Total files skipped.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
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
    /// A warning about the corpus (a bad cell in `metadata.csv`).
    fn warning(&mut self, message: &str);
    /// One more file done, of `total`, in the given pass (1 or 2).
    fn progress(&mut self, _pass: u8, _done: usize, _total: usize) {}
    /// Whether to stop (checked after each file of the first pass).
    fn interrupted(&self) -> bool {
        false
    }
}

/// A speech and the hash of the bytes it was read from.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub speech: Speech,
    /// xxh3 of the file's bytes: the index notices a change by it.
    pub hash: u64,
}

/// The hash renda keeps of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The files of a corpus and what is known about them before parsing.
pub struct Corpus {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    /// The hash of each file's bytes as read in the first pass (`None`
    /// when it could not be read).
    pub hashes: Vec<Option<u64>>,
    pub metadata: MetadataTable,
    pub boilerplate: Boilerplate,
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
        let walk = corpus::walk(root, exclude)?;
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
            metadata,
            boilerplate: Boilerplate::new(),
            summary,
        })
    }

    /// The first pass: read every file, hash its bytes and count the
    /// corpus's boilerplate lines.
    pub fn scan(&mut self, obs: &mut dyn Observer) -> Result<(), IngestError> {
        let mut boilerplate = Boilerplate::new();
        let total = self.files.len();
        let mut hashes = Vec::with_capacity(total);
        for (i, f) in self.files.iter().enumerate() {
            let read = corpus::read_bytes(&f.path).ok();
            hashes.push(read.as_deref().map(content_hash));
            if let Some(Ok(doc)) = read.map(|b| corpus::document_from_bytes(f.format, &b)) {
                boilerplate.add_file(&doc.text);
            }
            obs.progress(1, i + 1, total);
            if obs.interrupted() {
                return Err(IngestError::Interrupted);
            }
        }
        boilerplate.finish();
        self.hashes = hashes;
        self.boilerplate = boilerplate;
        Ok(())
    }

    /// A fingerprint of what the walk found, without reading any file: every
    /// file's path, size and modification time, and the bytes of
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
        }
        h.update(self.metadata_fingerprint().as_bytes());
        format!("{:016x}", h.digest())
    }

    /// A fingerprint of the bytes of `metadata.csv` (empty when there is
    /// none): when it changes, every speech may have other metadata.
    pub fn metadata_fingerprint(&self) -> String {
        std::fs::read(self.root.join(MetadataTable::FILE_NAME))
            .map(|bytes| format!("{:016x}", content_hash(&bytes)))
            .unwrap_or_default()
    }

    /// Read and parse one file of the corpus.
    pub fn parse(&self, file: &SourceFile) -> Result<Parsed, SkipReason> {
        let bytes = corpus::read_bytes(&file.path)?;
        let doc = corpus::document_from_bytes(file.format, &bytes)?;
        let ctx = ParseContext {
            rel: &file.rel,
            metadata: self.metadata.get(&file.rel),
            boilerplate: Some(&self.boilerplate),
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
    /// summary of the whole run.
    pub fn read<E>(
        mut self,
        wanted: impl Fn(usize) -> bool,
        obs: &mut dyn Observer,
        mut sink: impl FnMut(&SourceFile, Parsed) -> Result<(), E>,
    ) -> Result<Summary, E> {
        let total = self.files.len();
        let files = std::mem::take(&mut self.files);
        for (i, file) in files.iter().enumerate() {
            if wanted(i) {
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
