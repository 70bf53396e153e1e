//! Writing speeches into the index, incrementally.
//!
//! A run compares the files of the corpus with what the index holds (the
//! `source` field: each file with the hash of its bytes). New and changed
//! files are (re)indexed, files that are gone are deleted, unchanged files
//! are left alone. One writer does it all; it commits once at the end, and
//! also after every batch of [`DEFAULT_COMMIT_EVERY`] bytes of text (or
//! what `renda index --commit-every` says) so that an interrupted run keeps
//! what it had done.
//!
//! A commit holds whole files only (a file's old documents are deleted and
//! its new ones added between two commits), so an index stopped at any
//! moment holds each file either as it was or as it is now, and the next
//! run reads again exactly the files whose new text did not make it.

use std::collections::HashMap;

use tantivy::index::SegmentId;
use tantivy::merge_policy::{LogMergePolicy, NoMergePolicy};
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::schema::SpeechKey;
use super::{IndexError, Meta, RendaIndex};
use crate::speech::Speech;

/// Memory for the writer's buffers, all threads together.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;
/// The most paragraphs a merge may produce (about 200 MB of text): a merge
/// maps its segments into memory, so this bounds the memory a run takes,
/// whatever the size of the corpus.
const MAX_MERGED_DOCS: usize = 1_000_000;
/// Commit after this many bytes of paragraph text, unless told otherwise.
pub const DEFAULT_COMMIT_EVERY: usize = 64 * 1024 * 1024;
/// How many more segments than the merges of [`Writer::finish`] would
/// leave an index may hold before it counts as fragmented: Tantivy's merge
/// policy leaves up to 7 small segments of a size before it merges them.
const SEGMENT_SLACK: usize = 8;

/// The merges that bring an index's segments down to as few as
/// [`MAX_MERGED_DOCS`] allows: smallest first, each of at most that many
/// paragraphs (groups of one segment need no merge).
fn merge_groups(idx: &RendaIndex) -> Result<Vec<Vec<SegmentId>>, IndexError> {
    let mut metas = idx
        .index
        .searchable_segment_metas()
        .map_err(|e| IndexError::Tantivy {
            path: idx.path.clone(),
            source: e,
        })?;
    metas.sort_by_key(|m| m.num_docs());
    let mut groups: Vec<(usize, Vec<SegmentId>)> = Vec::new();
    for m in metas {
        let n = m.num_docs() as usize;
        match groups.last_mut() {
            Some((docs, ids)) if *docs + n <= MAX_MERGED_DOCS => {
                *docs += n;
                ids.push(m.id());
            }
            _ => groups.push((n, vec![m.id()])),
        }
    }
    Ok(groups.into_iter().map(|(_, ids)| ids).collect())
}

/// Whether the index holds many more segments than an uninterrupted run
/// leaves, as a run killed after its last commit but before its final
/// merge leaves it: the next run merges them (see [`Writer::compact`]).
pub fn is_fragmented(idx: &RendaIndex) -> Result<bool, IndexError> {
    let groups = merge_groups(idx)?;
    let segments: usize = groups.iter().map(Vec::len).sum();
    Ok(segments > groups.len() + SEGMENT_SLACK)
}

/// The files an index holds, each with the hash of the bytes it was read
/// from, as of the last commit.
pub fn indexed_files(idx: &RendaIndex) -> Result<HashMap<String, u64>, IndexError> {
    let path = &idx.path;
    // A reader of its own (not the index's shared one), as of now, with no
    // thread watching for later commits.
    let reader = idx
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| IndexError::Tantivy {
            path: path.clone(),
            source: e,
        })?;
    let searcher = reader.searcher();
    let mut files = HashMap::new();
    for segment in searcher.segment_readers() {
        let column = segment
            .fast_fields()
            .str("speech")
            .map_err(|e| IndexError::Tantivy {
                path: path.clone(),
                source: e,
            })?;
        let Some(column) = column else { continue };
        let mut ords = std::collections::BTreeSet::new();
        for doc in segment.doc_ids_alive() {
            ords.extend(column.term_ords(doc));
        }
        let mut key = String::new();
        for ord in ords {
            key.clear();
            if column.ord_to_str(ord, &mut key).unwrap_or(false)
                && let Some(speech) = SpeechKey::decode(&key)
            {
                files.insert(speech.file, speech.hash);
            }
        }
    }
    Ok(files)
}

/// `meta` with no folder's stamp: as of a run not done yet.
fn unstamped(mut meta: Meta) -> Meta {
    for f in &mut meta.folders {
        f.stamp.clear();
    }
    meta
}

/// One indexing run over an open index.
pub struct Writer<'a> {
    idx: &'a RendaIndex,
    writer: IndexWriter,
    /// The payload of the last commit of a run that got to its end.
    meta: Meta,
    /// The payload of the commits before that.
    interim: Meta,
    pending: usize,
    /// What the index held when the run began.
    before: HashMap<String, u64>,
    /// The files this run has indexed: no later removal of an old path
    /// takes them out (a file moved to `讲话稿/a.txt` leaves that path as
    /// another file takes it).
    written: std::collections::HashSet<String>,
    commit_every: usize,
    /// Whether the run ends by merging every segment it can (a new index,
    /// or a fragmented one), rather than leave merges to Tantivy's policy.
    merge_all: bool,
}

impl<'a> Writer<'a> {
    /// Start a run; `meta` is recorded with every commit (but see
    /// [`Writer::interim_meta`]).
    pub fn new(idx: &'a RendaIndex, meta: Meta) -> Result<Self, IndexError> {
        let before = indexed_files(idx)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let writer = idx
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY)
            .map_err(|e| match e {
                // Some other program writes the index (renda's own runs
                // are kept apart by the index's lock file).
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                ) => IndexError::Busy {
                    path: idx.path.clone(),
                    pid: None,
                },
                e => IndexError::Tantivy {
                    path: idx.path.clone(),
                    source: e,
                },
            })?;
        // The files a run that failed left behind (a full disk stops one
        // midway): no commit names them, and they would hold the room the
        // run needs.
        let _ = writer.garbage_collect_files().wait();
        let merge_all = before.is_empty() || is_fragmented(idx)?;
        if merge_all {
            // Merged once, at the end (see `finish`).
            writer.set_merge_policy(Box::new(NoMergePolicy));
        } else {
            let mut policy = LogMergePolicy::default();
            policy.set_max_docs_before_merge(MAX_MERGED_DOCS / 2);
            writer.set_merge_policy(Box::new(policy));
        }
        Ok(Self {
            idx,
            writer,
            interim: unstamped(meta.clone()),
            meta,
            pending: 0,
            before,
            written: Default::default(),
            commit_every: DEFAULT_COMMIT_EVERY,
            merge_all,
        })
    }

    /// The files the index held when the run began, each with the hash of
    /// the bytes it was read from.
    pub fn indexed(&self) -> &HashMap<String, u64> {
        &self.before
    }

    /// Commit after every `bytes` of paragraph text (0: after every file).
    pub fn commit_every(&mut self, bytes: usize) {
        self.commit_every = bytes;
    }

    /// Record `meta` instead with the commits made before the run is done,
    /// for what holds only once every file is read again (such as a new
    /// boilerplate fingerprint). By default those commits carry `meta` with
    /// no folder's stamp; here the caller clears the stamps of the folders
    /// the run is not done with.
    pub fn interim_meta(&mut self, meta: Meta) {
        self.interim = meta;
    }

    /// Record the folder at `path` with no stamp in the last commit: a file
    /// of it could not be read, so the next run looks at every file again
    /// (and says so) rather than take the folder as untouched.
    pub fn unstamp(&mut self, path: &str) {
        for f in self.meta.folders.iter_mut().filter(|f| f.path == path) {
            f.stamp.clear();
        }
    }

    /// Take every document of `file` out of the index, unless this run
    /// indexed it: then what the path held before is out already.
    pub fn delete_file(&mut self, file: &str) {
        if self.written.contains(file) {
            return;
        }
        self.writer
            .delete_term(Term::from_field_text(self.idx.fields.file, file));
    }

    /// Index a speech (after taking out what its file had before): one
    /// document for its title (when it has one of its own: see
    /// [`Speech::searchable_title`]), one for its salutation, one per
    /// heading and one per paragraph. The title's and the salutation's
    /// documents are numbered 0 (as headings are) with no section, so that
    /// a phrase only they hold finds the speech, the reader shows them in
    /// their place, and the paragraphs keep their numbers.
    pub fn add_speech(&mut self, speech: &Speech, hash: u64) -> Result<(), IndexError> {
        if self.before.contains_key(&speech.file) {
            self.delete_file(&speech.file);
        }
        let f = &self.idx.fields;
        let key = SpeechKey {
            file: speech.file.clone(),
            hash,
            labels: speech.labels.clone(),
        }
        .encode();
        let labels = &speech.labels;
        let base = |text: &str, section: Option<&str>, n: usize| {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.text, text);
            doc.add_text(f.title, &labels.title);
            if let Some(s) = section {
                doc.add_text(f.section, s);
            }
            if let Some(r) = &labels.region {
                doc.add_text(f.region, r);
            }
            if let Some(l) = labels.level {
                doc.add_text(f.level, l.as_str());
            }
            if let Some(y) = labels.year {
                doc.add_u64(f.year, u64::from(y));
            }
            if let Some(d) = labels.date {
                doc.add_text(f.date, d.to_string());
            }
            doc.add_text(f.file, &speech.file);
            doc.add_u64(f.paragraph, n as u64);
            doc.add_text(f.speech, &key);
            if let Some(copy) = f.copy {
                doc.add_u64(copy, copy_key(text));
            }
            doc
        };
        let title = speech.searchable_title().map(|t| (t, None, 0));
        let salutation = speech.salutation.as_deref().map(|s| (s, None, 0));
        let sections = speech
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), Some(s.heading.as_str()), 0));
        let paragraphs = speech
            .paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.section.as_deref(), p.n));
        // A speech with nothing left to index (only ads) has no document:
        // the next run reads its file again, which is cheap.
        // One batch: the writer's threads take documents as they come, so
        // documents added one by one would be spread over several segments,
        // out of order; a batch goes into one segment, in order (merges keep
        // that order), which is how a speech is read back. A file's
        // paragraphs are bounded ([`crate::corpus::MAX_PARAGRAPHS`]), and so is the
        // batch.
        let docs: Vec<_> = title
            .into_iter()
            .chain(salutation)
            .chain(sections)
            .chain(paragraphs)
            .map(|(text, section, n)| {
                self.pending += text.len();
                tantivy::indexer::UserOperation::Add(base(text, section, n))
            })
            .collect();
        if !docs.is_empty() {
            self.writer.run(docs).map_err(|e| IndexError::Tantivy {
                path: self.idx.path.clone(),
                source: e,
            })?;
        }
        self.written.insert(speech.file.clone());
        if self.pending >= self.commit_every {
            self.commit(false)?;
        }
        Ok(())
    }

    /// Commit what was added and deleted so far, with the run's final
    /// [`Meta`] when it is `done`, else with the interim one.
    fn commit(&mut self, done: bool) -> Result<(), IndexError> {
        let meta = if done { &self.meta } else { &self.interim };
        let payload = serde_json::to_string(meta).unwrap_or_default();
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(|e| IndexError::Tantivy {
                path: self.idx.path.clone(),
                source: e,
            })?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| IndexError::Tantivy {
            path: self.idx.path.clone(),
            source: e,
        })?;
        self.pending = 0;
        share(&self.idx.path);
        Ok(())
    }

    /// Commit what was done so far, as an interrupted run, and stop without
    /// waiting for merges (the next run's writer takes them up).
    pub fn stop(mut self) -> Result<(), IndexError> {
        self.commit(false)
    }

    /// Give up the run after an error: what it added since its last
    /// commit is dropped, and the files it wrote for it are deleted.
    pub fn abandon(mut self) {
        let _ = self.writer.rollback();
        let _ = self.writer.garbage_collect_files().wait();
    }

    /// Commit with the run's complete [`Meta`], stamp included, and wait for
    /// the writer's threads to finish. A run that built the index from
    /// nothing, or found it fragmented ([`is_fragmented`]), then merges
    /// its segments into as few as [`MAX_MERGED_DOCS`] allows (one for up
    /// to about 200 MB of text): a search opens fewer segments, with fewer
    /// term dictionaries. (Other runs leave merging to Tantivy's policy,
    /// which merges small segments as they pile up, rather than rewrite
    /// the index for a few changed files.)
    pub fn finish(mut self) -> Result<(), IndexError> {
        self.commit(true)?;
        self.merge()
    }

    /// Merge a fragmented index without changing what it holds, for a run
    /// that found nothing to read: see [`is_fragmented`].
    pub fn compact(mut self) -> Result<(), IndexError> {
        self.merge_all = true;
        self.merge()
    }

    fn merge(mut self) -> Result<(), IndexError> {
        let fail = |e| IndexError::Tantivy {
            path: self.idx.path.clone(),
            source: e,
        };
        if self.merge_all {
            for ids in merge_groups(self.idx)?.iter().filter(|ids| ids.len() > 1) {
                self.writer.merge(ids).wait().map_err(fail)?;
            }
        }
        let waited = self.writer.wait_merging_threads().map_err(fail);
        share(&self.idx.path);
        waited
    }
}

/// Let whoever may read the index's other files read the files Tantivy
/// writes aside and renames (`meta.json`, `.managed.json`, created for
/// their owner alone): an index another user built, or on a read-only
/// mount, is searched as it is. The lock file, made as any file is (the
/// user's umask), gives the permissions.
fn share(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(lock) = std::fs::metadata(path.join(super::LOCK_FILE)) else {
            return;
        };
        let mode = lock.permissions().mode() & 0o666;
        for name in ["meta.json", ".managed.json"] {
            let file = path.join(name);
            if let Ok(meta) = std::fs::metadata(&file)
                && meta.permissions().mode() & 0o777 != mode
            {
                let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The key a paragraph's copies share in the `copy` column (see
/// [`super::schema::Fields::copy`]).
pub fn copy_key(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}
