//! The policy of a run of `renda index`, for every front end: which folders
//! the index holds, which of their files to read again, which to take out,
//! when to commit and what an interrupted run leaves.
//!
//! **Folders.** An index remembers the folders it was built from
//! ([`Meta::folders`]), stored absolute with links resolved. A run names
//! what to do with them ([`UpdateRequest`]):
//!
//! - `folders` (`renda index A`): bring these folders up to date, with
//!   mirror semantics (a file deleted from A leaves the index). On an index
//!   that holds no folder yet they become its folders; on one that holds
//!   others, a folder that is not one of them is refused
//!   ([`UpdateError::NotInIndex`]) and nothing changes.
//! - `add` (`renda index --add B`): index B beside the folders the index
//!   holds; their speeches stay.
//! - `remove` (`renda index --remove A`): take A's speeches out and forget A
//!   (A need not exist any more).
//! - none of these (`renda index`): bring every folder of the index up to
//!   date. A folder gone from the disk is refused, never emptied
//!   ([`UpdateError::FolderGone`]).
//!
//! A folder left unfinished by an interrupted run is finished by the next
//! run, whatever it names.
//!
//! **Paths in the index.** While an index holds one folder, a file's path
//! is relative to that folder (`county/临洮县.txt`). An index of several
//! folders begins each path with its folder's label, the folder's name made
//! unique (`archive/county/临洮县.txt`, `real/…`), so that the same relative
//! path in two folders names two files. Adding a second folder to an index
//! of one labels the first too, which reads it again once.
//!
//! **Copies.** Copies ([`crate::ingest`]) are found within each folder: each
//! folder has its own boilerplate and `metadata.csv`, so the same text in
//! two folders may clean and label differently. The same speech in two
//! folders is indexed in both; searches fold such near-duplicates into one
//! hit with an "also in" list.
//!
//! **Incremental.** Per folder, as before there were several: a folder
//! whose files (paths, sizes, times) and `metadata.csv` are as at the end of
//! its last complete run is not read at all; else every file is hashed, and
//! new and changed files are read, files gone are taken out, and a change
//! of the folder's boilerplate or `metadata.csv` reads all its files again.
//! The interruption rules are those of [`super::writer`]: a commit holds
//! whole files, and the payload of a commit before the run is done carries
//! no stamp for the folders it works on, so the next run takes them up.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::writer::{self, DEFAULT_COMMIT_EVERY, Writer};
use super::{FORMAT, Folder, IndexError, Meta, Opening, RendaIndex, check_apart, resolved};
use crate::corpus::{Skipped, SourceFile};
use crate::ingest::{CopyOf, Corpus, IngestError, Observer, Parsed, Summary};

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct UpdateRequest {
    /// The index folder.
    pub index: PathBuf,
    /// Folders to bring up to date (mirror semantics); empty: every folder
    /// of the index.
    pub folders: Vec<PathBuf>,
    /// Folders to index beside those the index holds.
    pub add: Vec<PathBuf>,
    /// Folders to take out of the index.
    pub remove: Vec<PathBuf>,
    /// Empty the index first; with no folder named, the index's folders
    /// are read again.
    pub rebuild: bool,
    /// A user dictionary to keep in the index.
    pub dict: Option<PathBuf>,
    /// Follow symbolic links that lead out of a folder (else they are
    /// skipped and reported).
    pub follow_links: bool,
    /// Commit after every this many bytes of text (0: after every file).
    pub commit_every: usize,
}

impl UpdateRequest {
    /// Bring every folder of the index at `index` up to date.
    pub fn new(index: impl Into<PathBuf>) -> Self {
        Self {
            index: index.into(),
            folders: Vec::new(),
            add: Vec::new(),
            remove: Vec::new(),
            rebuild: false,
            dict: None,
            follow_links: false,
            commit_every: DEFAULT_COMMIT_EVERY,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// Every folder is up to date.
    Done {
        /// What the run saw and did, all folders together.
        summary: Summary,
        /// The folders the index holds now.
        folders: Vec<Folder>,
        /// How the index was opened.
        opening: Opening,
        /// Speeches taken out with the folders removed (and strays that
        /// belonged to no folder).
        dropped: usize,
    },
    /// The observer asked to stop: what was read so far is committed.
    Interrupted {
        /// The files the index holds as of its last commit.
        held: usize,
    },
}

/// Why a run did nothing.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("{}: no such folder", crate::display::path(path))]
    NoSuchFolder { path: PathBuf },
    #[error(
        "{}: this folder of the index {} is gone",
        crate::display::path(path),
        crate::display::path(index)
    )]
    FolderGone { path: PathBuf, index: PathBuf },
    #[error(
        "the index {} holds the folders {held:?}, not {}",
        crate::display::path(index),
        crate::display::path(folder)
    )]
    NotInIndex {
        index: PathBuf,
        held: Vec<PathBuf>,
        folder: PathBuf,
    },
    #[error(
        "{}: not a folder of the index {} (it holds {held:?})",
        crate::display::path(folder),
        crate::display::path(index)
    )]
    NotAFolderOf {
        index: PathBuf,
        held: Vec<PathBuf>,
        folder: PathBuf,
    },
    #[error("the index {} holds no folder yet", crate::display::path(index))]
    NoFolder { index: PathBuf },
    #[error(
        "{}: inside {}, another folder of the same index",
        crate::display::path(inner),
        crate::display::path(outer)
    )]
    Overlap { inner: PathBuf, outer: PathBuf },
    #[error(
        "{}: a folder cannot be both indexed and removed in one run",
        crate::display::path(folder)
    )]
    AddedAndRemoved { folder: PathBuf },
    #[error(
        "{}: a folder whose path is not UTF-8 cannot be kept in an index",
        crate::display::path(path)
    )]
    PathNotUtf8 { path: PathBuf },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A folder the run will hold, and what to do with it.
#[derive(Debug, Clone)]
struct Planned {
    /// Its record as the index will hold it (path and label; the rest as
    /// of the last run until this one reads it).
    folder: Folder,
    /// Its record in the index before the run, when its files are in the
    /// index under the same label.
    old: Option<Folder>,
    /// Whether this run reads it.
    update: bool,
    /// The folder as given to this run, which paths in messages begin
    /// with (else the path the index holds).
    root: Option<PathBuf>,
}

/// A folder's path as given, checked to be a folder apart from the index,
/// and resolved.
fn checked(path: &Path, index: &Path) -> Result<PathBuf, UpdateError> {
    if !path.is_dir() {
        return Err(UpdateError::NoSuchFolder {
            path: path.to_path_buf(),
        });
    }
    check_apart(path, index)?;
    let canon = fs::canonicalize(path)?;
    // The index keeps a folder by its path as text: one that is not UTF-8
    // would be found again by no later run.
    if canon.to_str().is_none() {
        return Err(UpdateError::PathNotUtf8 {
            path: path.to_path_buf(),
        });
    }
    Ok(canon)
}

/// Whether the index's folder `f` is the folder at `canon` (resolved).
fn same(f: &Folder, canon: &Path) -> bool {
    !f.is_legacy() && (Path::new(&f.path) == canon || resolved(Path::new(&f.path)) == canon)
}

fn paths(folders: &[Folder]) -> Vec<PathBuf> {
    folders.iter().map(|f| PathBuf::from(&f.path)).collect()
}

/// Decide the folders of the index after the run. `existing`: the index's
/// folders now (none for a new or rebuilt index).
fn plan(
    req: &UpdateRequest,
    existing: &[Folder],
    mirror: &[PathBuf],
    add: &[PathBuf],
) -> Result<Vec<Planned>, UpdateError> {
    // A folder as the user gave it, for messages.
    let given = |canon: &PathBuf| {
        req.folders
            .iter()
            .chain(&req.add)
            .find(|g| resolved(g) == *canon)
            .unwrap_or(canon)
            .clone()
    };
    let index = &req.index;
    let mut removed = vec![false; existing.len()];
    for r in &req.remove {
        let canon = resolved(r);
        let abs = std::path::absolute(r).unwrap_or_else(|_| r.clone());
        let hit = existing.iter().position(|f| {
            same(f, &canon)
                || Path::new(&f.path) == abs
                || Path::new(&f.path) == r.as_path()
                || (!f.label.is_empty() && Path::new(&f.label) == r.as_path())
        });
        match hit {
            Some(i) => removed[i] = true,
            None => {
                return Err(UpdateError::NotAFolderOf {
                    index: index.clone(),
                    held: paths(existing),
                    folder: r.clone(),
                });
            }
        }
    }
    let mut planned: Vec<Planned> = existing
        .iter()
        .zip(&removed)
        .filter(|(_, r)| !**r)
        .map(|(f, _)| Planned {
            folder: f.clone(),
            old: Some(f.clone()),
            // Left unfinished by an interrupted run.
            update: f.stamp.is_empty(),
            root: None,
        })
        .collect();
    let held_before = planned.len();
    let found =
        |planned: &[Planned], canon: &Path| planned.iter().position(|p| same(&p.folder, canon));
    for canon in mirror {
        if let Some(i) = found(&planned, canon) {
            planned[i].update = true;
            planned[i].root = Some(given(canon));
        } else if planned.len() == 1 && planned[0].folder.is_legacy() {
            // Written by a renda that kept the path as given, relative to
            // where it ran: the one folder it had is the one given now.
            planned[0].folder.path = canon.to_string_lossy().into_owned();
            planned[0].update = true;
            planned[0].root = Some(given(canon));
        } else if held_before == 0 {
            planned.push(new_folder(canon, given(canon)));
        } else {
            return Err(UpdateError::NotInIndex {
                index: index.clone(),
                held: paths(existing)
                    .into_iter()
                    .zip(&removed)
                    .filter(|(_, r)| !**r)
                    .map(|(p, _)| p)
                    .collect(),
                folder: given(canon),
            });
        }
    }
    for canon in add {
        match found(&planned, canon) {
            Some(i) => {
                planned[i].update = true;
                planned[i].root = Some(given(canon));
            }
            None => planned.push(new_folder(canon, given(canon))),
        }
    }
    if mirror.is_empty() && add.is_empty() && req.remove.is_empty() {
        if planned.is_empty() {
            return Err(UpdateError::NoFolder {
                index: index.clone(),
            });
        }
        for p in &mut planned {
            p.update = true;
        }
    }
    for (i, a) in planned.iter().enumerate() {
        for b in planned.iter().skip(i + 1) {
            let (pa, pb) = (Path::new(&a.folder.path), Path::new(&b.folder.path));
            if pa.starts_with(pb) || pb.starts_with(pa) {
                let (inner, outer) = if pa.starts_with(pb) {
                    (pa, pb)
                } else {
                    (pb, pa)
                };
                return Err(UpdateError::Overlap {
                    inner: inner.to_path_buf(),
                    outer: outer.to_path_buf(),
                });
            }
        }
    }
    // Several folders: every one has a label; a folder given one now has
    // its files under new paths, so it is read again.
    if planned.len() > 1 {
        let mut used: HashSet<String> = planned
            .iter()
            .map(|p| p.folder.label.clone())
            .filter(|l| !l.is_empty())
            .collect();
        for p in &mut planned {
            if p.folder.label.is_empty() {
                let base = Path::new(&p.folder.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "folder".to_string());
                let mut label = base.clone();
                let mut n = 2;
                while used.contains(&label) {
                    label = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(label.clone());
                p.folder.label = label;
                // Its files stay under their old paths until each is read
                // again (see `run`).
                if p.old.is_some() {
                    p.folder.previous_label = Some(String::new());
                }
                p.old = None;
                p.update = true;
            }
        }
    }
    Ok(planned)
}

fn new_folder(canon: &Path, given: PathBuf) -> Planned {
    Planned {
        root: Some(given),
        folder: Folder {
            path: canon.to_string_lossy().into_owned(),
            ..Folder::default()
        },
        old: None,
        update: true,
    }
}

/// An observer shared between [`Corpus::read`] and the sink it calls, which
/// asks it whether to stop.
/// `held` tells the files of the folder read whose speech the index
/// holds from an earlier run: a skipped one is said to be kept.
struct Shared<'c, 'o, 'h>(&'c RefCell<&'o mut dyn Observer>, &'h dyn Fn(&str) -> bool);

impl Observer for Shared<'_, '_, '_> {
    fn skipped(&mut self, skipped: &Skipped) {
        let mut obs = self.0.borrow_mut();
        obs.skipped(skipped);
        if (self.1)(&skipped.rel) {
            obs.kept(skipped);
        }
    }
    fn warning(&mut self, warning: &crate::speech::MetadataWarning) {
        self.0.borrow_mut().warning(warning);
    }
    fn progress(&mut self, pass: u8, done: usize, total: usize) {
        self.0.borrow_mut().progress(pass, done, total);
    }
    fn interrupted(&self) -> bool {
        self.0.borrow().interrupted()
    }
    fn rebuilding(&mut self, reason: crate::index::Rebuild) {
        self.0.borrow_mut().rebuilding(reason);
    }
    fn folder(&mut self, path: &Path, pass: u8) {
        self.0.borrow_mut().folder(path, pass);
    }
}

/// One folder read by the run.
struct Work {
    /// Which of the planned folders.
    at: usize,
    root: PathBuf,
    corpus: Corpus,
    /// Nothing changed since its last complete run: nothing to read.
    untouched: bool,
    /// Its record once the run is done.
    record: Folder,
    /// Its record in the commits before that.
    interim: Folder,
    /// Which of its files to read.
    wanted: Vec<bool>,
    /// Paths in the index of its files that are gone.
    gone: Vec<String>,
}

/// Why reading stopped before the end.
enum Stop {
    Interrupted,
    Index(IndexError),
}

/// Bring the index up to date as `req` asks (see the module's notes),
/// telling `obs` about progress, skipped files and warnings, and stopping
/// when it says so (what was read is committed first).
pub fn update(req: &UpdateRequest, obs: &mut dyn Observer) -> Result<UpdateOutcome, UpdateError> {
    let mirror = req
        .folders
        .iter()
        .map(|f| checked(f, &req.index))
        .collect::<Result<Vec<_>, _>>()?;
    let add = req
        .add
        .iter()
        .map(|f| checked(f, &req.index))
        .collect::<Result<Vec<_>, _>>()?;
    for r in &req.remove {
        let canon = resolved(r);
        if mirror.iter().chain(&add).any(|c| *c == canon) {
            return Err(UpdateError::AddedAndRemoved { folder: r.clone() });
        }
    }
    // What the index holds now, read without taking its lock: a run that
    // would be refused is refused before anything is written.
    let peeked = super::peek_meta(&req.index)
        .map(|m| m.folders)
        .unwrap_or_default();
    let (mirror, add) = if req.rebuild && mirror.is_empty() && add.is_empty() {
        // Start over from the folders the index had.
        let mut again = Vec::new();
        for f in peeked.iter().filter(|f| !f.is_legacy()) {
            let p = PathBuf::from(&f.path);
            if !req.remove.iter().any(|r| resolved(r) == p) {
                again.push(existing_folder(&p, &req.index)?);
            }
        }
        if again.is_empty() {
            return Err(UpdateError::NoFolder {
                index: req.index.clone(),
            });
        }
        (again, Vec::new())
    } else {
        (mirror, add)
    };
    if !req.rebuild {
        plan(req, &peeked, &mirror, &add)?;
    }
    let (idx, opening) = super::open_for_writing(&req.index, req.dict.as_deref(), req.rebuild)?;
    if let Opening::Rebuilt(reason) = &opening {
        obs.rebuilding(*reason);
    }
    let existing: Vec<Folder> = match (&opening, &idx.meta) {
        (Opening::Opened, Some(meta)) => meta.folders.clone(),
        _ => Vec::new(),
    };
    let planned = plan(req, &existing, &mirror, &add)?;
    if matches!(opening, Opening::Rebuilt(_) | Opening::Created) {
        // A new or emptied index records its folders before anything is
        // read: a run stopped or killed while it reads leaves an index
        // that knows what to read again (`renda index` with no folder),
        // rather than an empty one that has forgotten its folders.
        let folders = planned.iter().map(|p| p.folder.clone()).collect();
        Writer::new(&idx, new_meta(&idx, folders))?.stop()?;
    }
    run(req, &idx, opening, &existing, planned, obs)
}

/// What a commit of this renda records, with `folders`.
fn new_meta(idx: &RendaIndex, folders: Vec<Folder>) -> Meta {
    Meta {
        renda_index: FORMAT,
        dictionary: idx.dictionary.fingerprint(),
        renda: env!("CARGO_PKG_VERSION").to_string(),
        folders,
    }
}

/// A folder of the index that the run reads: it must still be there.
fn existing_folder(path: &Path, index: &Path) -> Result<PathBuf, UpdateError> {
    if !path.is_dir() {
        return Err(UpdateError::FolderGone {
            path: path.to_path_buf(),
            index: index.to_path_buf(),
        });
    }
    check_apart(path, index)?;
    Ok(path.to_path_buf())
}

/// The paths in the index that a run takes out or moves.
struct Changes {
    /// Paths that no folder of the run owns any more: those of a folder
    /// removed, and strays (no folder's at all).
    doomed: Vec<String>,
    /// Paths of a folder given a label, by the path its file takes: each
    /// goes in the commit that brings its file under the new path, so that
    /// a run stopped at any moment holds every file under one path or the
    /// other; those not read again go with the run's last commit.
    moved: HashMap<String, String>,
    /// Speeches taken out with the folders removed, and strays.
    dropped: usize,
}

impl Changes {
    /// The paths that leave the index under their name.
    fn leaving(&self) -> HashSet<&str> {
        self.doomed
            .iter()
            .chain(self.moved.values())
            .map(String::as_str)
            .collect()
    }
}

/// A run, step by step: plan what leaves and what moves, walk and scan
/// each folder it reads, and then either read nothing (only merge an index
/// left in pieces) or remove, add and commit.
fn run(
    req: &UpdateRequest,
    idx: &RendaIndex,
    opening: Opening,
    existing: &[Folder],
    planned: Vec<Planned>,
    obs: &mut dyn Observer,
) -> Result<UpdateOutcome, UpdateError> {
    let held = writer::indexed_files(idx)?;
    let changes = plan_changes(&held, existing, &planned);
    let Some(works) = first_pass(req, &opening, &held, &changes, &planned, obs)? else {
        return Ok(UpdateOutcome::Interrupted { held: held.len() });
    };
    let (records, interims) = records(&planned, &works);
    let meta = new_meta(idx, records.clone());
    let changed = !changes.doomed.is_empty()
        || !changes.moved.is_empty()
        || works
            .iter()
            .any(|w| !w.gone.is_empty() || w.wanted.iter().any(|x| *x))
        || idx.meta.as_ref().is_none_or(|m| m.folders != records);
    let summary = if !changed && works.iter().all(|w| w.untouched) {
        read_nothing(idx, works, obs)?
    } else {
        let interim = Meta {
            folders: interims,
            ..meta.clone()
        };
        let mut w = Writer::new(idx, meta)?;
        w.commit_every(req.commit_every);
        w.interim_meta(interim);
        remove(&mut w, &changes, &works);
        let added = match add(&mut w, works, &planned, &records, &changes.moved, obs) {
            Ok(added) => added,
            Err(e) => {
                w.abandon();
                return Err(e);
            }
        };
        let Some(summary) = added else {
            w.stop()?;
            let held = writer::indexed_files(idx)?.len();
            return Ok(UpdateOutcome::Interrupted { held });
        };
        commit(w, &changes, changed)?;
        summary
    };
    Ok(UpdateOutcome::Done {
        summary,
        folders: records,
        opening,
        dropped: changes.dropped,
    })
}

/// Which paths the index `held` before the run leave it, and which move
/// to another path (a folder given a label): the plan of removals.
fn plan_changes(held: &HashMap<String, u64>, existing: &[Folder], planned: &[Planned]) -> Changes {
    // The folder a path in the index belonged to before the run, and the
    // file it names there: by the folder's label, else by the label it had
    // before a relabelling not done yet.
    let owner_before = |key: &str| {
        let by = |rel: fn(&Folder, &str) -> bool| existing.iter().find(|f| rel(f, key));
        by(|f, k| f.rel(k).is_some())
            .map(|f| (f, false))
            .or_else(|| by(|f, k| f.previous_rel(k).is_some()).map(|f| (f, true)))
    };
    // An old folder whose files stay under their paths.
    let kept_as_is = |f: &Folder| planned.iter().any(|p| p.old.as_ref() == Some(f));
    let mut doomed: Vec<String> = Vec::new();
    let mut moved: HashMap<String, String> = HashMap::new();
    let mut dropped = 0;
    for key in held.keys() {
        match owner_before(key) {
            Some((f, false)) if kept_as_is(f) => {}
            Some((f, previous)) => {
                let rel = if previous {
                    f.previous_rel(key)
                } else {
                    f.rel(key)
                };
                match (planned.iter().find(|p| p.folder.path == f.path), rel) {
                    // Read again under another path.
                    (Some(p), Some(rel)) if p.folder.key(rel) != *key => {
                        moved.insert(p.folder.key(rel), key.clone());
                    }
                    _ => {
                        doomed.push(key.clone());
                        dropped += 1;
                    }
                }
            }
            None if planned.iter().any(|p| p.folder.rel(key).is_some()) => {}
            None => {
                doomed.push(key.clone());
                dropped += 1;
            }
        }
    }
    doomed.sort();
    Changes {
        doomed,
        moved,
        dropped,
    }
}

/// The first pass, folder by folder: walk each folder the run reads and,
/// unless nothing in it changed, scan it for the files to read and those
/// gone. `None` when the observer asked to stop.
fn first_pass(
    req: &UpdateRequest,
    opening: &Opening,
    held: &HashMap<String, u64>,
    changes: &Changes,
    planned: &[Planned],
    obs: &mut dyn Observer,
) -> Result<Option<Vec<Work>>, UpdateError> {
    let leaving = changes.leaving();
    let mut works: Vec<Work> = Vec::new();
    for (at, p) in planned.iter().enumerate().filter(|(_, p)| p.update) {
        let root = match &p.root {
            Some(given) => given.clone(),
            None => existing_folder(Path::new(&p.folder.path), &req.index)?,
        };
        obs.folder(&root, 1);
        let mut corpus = Corpus::walk_links(
            &root,
            std::slice::from_ref(&req.index),
            req.follow_links,
            obs,
        )?;
        let stamp = corpus.stamp();
        // The folder's files the index holds, by their path in the folder.
        let mine: HashMap<String, u64> = held
            .iter()
            .filter(|(k, _)| !leaving.contains(k.as_str()))
            .filter_map(|(k, h)| p.folder.rel(k).map(|r| (r.to_string(), *h)))
            .collect();
        let untouched = *opening == Opening::Opened
            && p.old
                .as_ref()
                .is_some_and(|o| !o.stamp.is_empty() && o.stamp == stamp)
            && {
                let walked: HashSet<&str> = corpus.files.iter().map(|f| f.rel.as_str()).collect();
                mine.keys().all(|f| walked.contains(f.as_str()))
            };
        if untouched {
            works.push(untouched_work(at, p, root, corpus));
            continue;
        }
        match corpus.scan(obs) {
            Err(IngestError::Interrupted) => return Ok(None),
            scanned => scanned?,
        }
        works.push(scanned_work(at, p, root, corpus, stamp, &mine));
    }
    Ok(Some(works))
}

/// A folder in which nothing changed since its last complete run: its
/// record stays, and its files count as unchanged.
fn untouched_work(at: usize, p: &Planned, root: PathBuf, mut corpus: Corpus) -> Work {
    let old = p.old.clone().unwrap_or_default();
    for _ in 0..corpus.files.len() - old.copies.len().min(corpus.files.len()) {
        corpus.note_unchanged();
    }
    corpus.note_copies(old.copies.clone());
    Work {
        at,
        root,
        corpus,
        untouched: true,
        record: Folder {
            path: p.folder.path.clone(),
            ..old.clone()
        },
        interim: Folder {
            path: p.folder.path.clone(),
            ..old
        },
        wanted: Vec::new(),
        gone: Vec::new(),
    }
}

/// A folder scanned (every file hashed): its copies, its record, which of
/// its files to read and which are gone; `mine` is what the index holds
/// of it, by path in the folder, with the hash of each file.
fn scanned_work(
    at: usize,
    p: &Planned,
    root: PathBuf,
    mut corpus: Corpus,
    stamp: String,
    mine: &HashMap<String, u64>,
) -> Work {
    // Of files with the same text, the one the index holds stays the one
    // read; a copy of a file gone from the folder takes its place.
    corpus.find_copies(&|rel| mine.contains_key(rel));
    let boilerplate = corpus.boilerplate.fingerprint();
    // When the folder's boilerplate or metadata.csv changed, every file
    // may clean differently, or have other metadata.
    let metadata = corpus.metadata_fingerprint();
    let reread_all = p
        .old
        .as_ref()
        .is_some_and(|o| o.boilerplate != boilerplate || o.metadata != metadata);
    let label = &p.folder;
    let copies: Vec<CopyOf> = corpus
        .copies()
        .into_iter()
        .map(|c| CopyOf {
            file: label.key(&c.file),
            of: label.key(&c.of),
        })
        .collect();
    let record = Folder {
        path: p.folder.path.clone(),
        label: p.folder.label.clone(),
        previous_label: None,
        boilerplate,
        metadata,
        stamp,
        copies,
    };
    // Until every file is read again, the folder is as of the old
    // boilerplate and metadata: a run stopped midway must leave the
    // next one to read them all again.
    let interim = match (&p.old, reread_all) {
        (Some(old), true) => Folder {
            boilerplate: old.boilerplate.clone(),
            metadata: old.metadata.clone(),
            stamp: String::new(),
            previous_label: p.folder.previous_label.clone(),
            ..record.clone()
        },
        _ => Folder {
            stamp: String::new(),
            previous_label: p.folder.previous_label.clone(),
            ..record.clone()
        },
    };
    // Gone from the folder, or now a copy of another file.
    let present: HashSet<&str> = corpus
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| !corpus.is_copy(*i))
        .map(|(_, f)| f.rel.as_str())
        .collect();
    // A file under a folder the walk could not open (or a link it did not
    // follow) may well be there still.
    let passed_over = |rel: &str| {
        corpus.passed_over.iter().any(|p| {
            rel.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    };
    let mut gone: Vec<String> = mine
        .keys()
        .filter(|f| !present.contains(f.as_str()) && !passed_over(f))
        .map(|rel| record.key(rel))
        .collect();
    gone.sort();
    let wanted: Vec<bool> = corpus
        .files
        .iter()
        .zip(&corpus.hashes)
        .enumerate()
        .map(|(i, (f, h))| {
            !corpus.is_copy(i) && (reread_all || h.is_none() || mine.get(&f.rel) != h.as_ref())
        })
        .collect();
    let unchanged = (0..wanted.len())
        .filter(|&i| !wanted[i] && !corpus.is_copy(i))
        .count();
    for _ in 0..unchanged {
        corpus.note_unchanged();
    }
    corpus.note_deleted(gone.len());
    Work {
        at,
        root,
        corpus,
        untouched: false,
        record,
        interim,
        wanted,
        gone,
    }
}

/// The records of the planned folders once the run is done, and in the
/// commits before that.
fn records(planned: &[Planned], works: &[Work]) -> (Vec<Folder>, Vec<Folder>) {
    let mut interims: Vec<Folder> = planned.iter().map(|p| p.folder.clone()).collect();
    let mut records: Vec<Folder> = interims
        .iter()
        .map(|f| Folder {
            previous_label: None,
            ..f.clone()
        })
        .collect();
    for w in works {
        records[w.at] = w.record.clone();
        interims[w.at] = w.interim.clone();
    }
    (records, interims)
}

/// Nothing changed: the second pass reads nothing (it only counts), and an
/// index that a run killed after its last commit, before its final merge,
/// left in many pieces is merged.
fn read_nothing(
    idx: &RendaIndex,
    works: Vec<Work>,
    obs: &mut dyn Observer,
) -> Result<Summary, UpdateError> {
    let mut summary = Summary::default();
    for w in works {
        obs.folder(&w.root, 2);
        let s = w
            .corpus
            .read::<UpdateError>(|_| false, obs, |_, _| Ok(()))?;
        summary.absorb(s);
    }
    if writer::is_fragmented(idx)?
        && let Some(meta) = idx.meta.clone()
    {
        Writer::new(idx, meta)?.compact()?;
    }
    Ok(summary)
}

/// Takes out the paths that leave the index: those no folder owns, and
/// the files gone from the folders read.
fn remove(w: &mut Writer<'_>, changes: &Changes, works: &[Work]) {
    for key in &changes.doomed {
        w.delete_file(key);
    }
    for work in works {
        for key in &work.gone {
            w.delete_file(key);
        }
    }
}

/// The second pass: reads the wanted files of each folder and adds their
/// speeches, taking out the old path of each file that moved as it goes.
/// `None` when the observer asked to stop (the file in hand is kept).
fn add(
    w: &mut Writer<'_>,
    works: Vec<Work>,
    planned: &[Planned],
    records: &[Folder],
    moved: &HashMap<String, String>,
    obs: &mut dyn Observer,
) -> Result<Option<Summary>, UpdateError> {
    let mut summary = Summary::default();
    let cell = RefCell::new(obs);
    let held: HashSet<String> = w.indexed().keys().cloned().collect();
    for work in works {
        let Work {
            at,
            root,
            corpus,
            wanted,
            ..
        } = work;
        let folder = &planned[at].folder;
        cell.borrow_mut().folder(&root, 2);
        let holds = |rel: &str| held.contains(&folder.key(rel));
        let read = corpus.read(
            |i| wanted.get(i).copied().unwrap_or(false),
            &mut Shared(&cell, &holds),
            |_: &SourceFile, mut parsed: Parsed| {
                parsed.speech.file = folder.key(&parsed.speech.file);
                if let Some(old) = moved.get(&parsed.speech.file) {
                    w.delete_file(old);
                }
                // Between two files, so that a commit holds whole files;
                // the file in hand when the stop came is kept.
                w.add_speech(&parsed.speech, parsed.hash)
                    .map_err(Stop::Index)?;
                if cell.borrow().interrupted() {
                    return Err(Stop::Interrupted);
                }
                Ok(())
            },
        );
        match read {
            Ok(mut s) => {
                if s.skipped_total() > 0 {
                    w.unstamp(&records[at].path);
                }
                s.copies = records[at].copies.clone();
                summary.absorb(s);
            }
            Err(Stop::Index(e)) => return Err(e.into()),
            Err(Stop::Interrupted) => return Ok(None),
        }
    }
    Ok(Some(summary))
}

/// The last commit: the old paths of moved files not read again leave,
/// and, when anything changed, the index is committed and merged.
fn commit(mut w: Writer<'_>, changes: &Changes, changed: bool) -> Result<(), UpdateError> {
    for old in changes.moved.values() {
        w.delete_file(old);
    }
    if changed {
        w.finish()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_the_index_begin_with_the_label_of_their_folder() {
        let one = Folder::default();
        assert_eq!(one.key("county/a.txt"), "county/a.txt");
        assert_eq!(one.rel("county/a.txt"), Some("county/a.txt"));
        let labelled = Folder {
            label: "讲话".into(),
            ..Folder::default()
        };
        assert_eq!(labelled.key("county/a.txt"), "讲话/county/a.txt");
        assert_eq!(labelled.rel("讲话/county/a.txt"), Some("county/a.txt"));
        assert_eq!(labelled.rel("讲话-2/county/a.txt"), None);
        assert_eq!(labelled.rel("讲话稿/a.txt"), None);
    }
}
