//! `renda index DIR`: read every speech in a folder into the index.
//!
//! Ctrl-C stops the run once the file in hand is added: what was read so
//! far is committed, the user is told what the index holds, and the exit
//! code is 130. A second Ctrl-C stops at once (the index holds its last
//! commit).

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::IndexArgs;
use crate::cmd::{CmdError, Outcome};
use crate::corpus::Skipped;
use crate::index::{self, FORMAT, IndexError, Meta, Opening, RendaIndex, writer};
use crate::ingest::{Corpus, IngestError, Observer, Summary};
use crate::output::{self, progress::Progress};

/// Set by Ctrl-C (SIGINT).
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Catch Ctrl-C for the rest of the process: the first sets
/// [`INTERRUPTED`], the second ends the process.
fn catch_ctrl_c() {
    // Fails only when a handler is already set, as when a program runs
    // this command twice: that one stays.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            eprintln!("\nrenda: interrupted again; stopping now; the index holds its last commit");
            std::process::exit(i32::from(Outcome::Interrupted.code()));
        }
    });
}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Why reading stopped before the end.
enum Stop {
    Interrupted,
    Index(IndexError),
}

/// Reports skipped files on stderr as `path: reason` and shows progress.
struct Reporter {
    quiet: bool,
    bar: Option<Progress>,
}

impl Reporter {
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }
}

impl Observer for Reporter {
    fn skipped(&mut self, s: &Skipped) {
        self.say(&s.to_string());
    }

    fn warning(&mut self, message: &str) {
        self.say(&format!("renda: {message}"));
    }

    fn interrupted(&self) -> bool {
        interrupted()
    }

    fn progress(&mut self, pass: u8, done: usize, total: usize) {
        if self.quiet {
            return;
        }
        if done == 1 {
            self.finish();
            let what = if pass == 1 { "scanning" } else { "indexing" };
            self.bar = Some(Progress::new(total, what, true));
        }
        if let Some(bar) = &self.bar {
            bar.set(done);
        }
    }
}

pub fn run(args: &IndexArgs) -> Result<Outcome, CmdError> {
    if !args.dir.is_dir() {
        return Err(CmdError::Message(format!(
            "{}: no such folder",
            crate::display::path(&args.dir)
        )));
    }
    index::check_apart(&args.dir, &args.index)?;
    catch_ctrl_c();
    // First of all, so that a second run on the same index is refused
    // before it reads anything.
    let (idx, opening) = index::open_for_writing(&args.index, args.dict.as_deref(), args.rebuild)?;
    if let Opening::Rebuilt(reason) = &opening {
        eprintln!("renda: rebuilding the index ({reason})");
    }
    let mut reporter = Reporter {
        quiet: args.quiet,
        bar: None,
    };
    let mut corpus = Corpus::walk(&args.dir, std::slice::from_ref(&args.index), &mut reporter)?;
    let stamp = corpus.stamp();
    // Same files, sizes and times as at the end of the last complete run,
    // and no speech in the index that the folder does not have: nothing to
    // read.
    let untouched = opening == Opening::Opened
        && idx
            .meta
            .as_ref()
            .is_some_and(|m| !m.stamp.is_empty() && m.stamp == stamp)
        && {
            let walked: HashSet<&str> = corpus.files.iter().map(|f| f.rel.as_str()).collect();
            writer::indexed_files(&idx)?
                .keys()
                .all(|f| walked.contains(f.as_str()))
        };
    if untouched {
        let copies = idx
            .meta
            .as_ref()
            .map(|m| m.copies.clone())
            .unwrap_or_default();
        for _ in 0..corpus.files.len() - copies.len().min(corpus.files.len()) {
            corpus.note_unchanged();
        }
        corpus.note_copies(copies);
        let summary = corpus.read::<CmdError>(|_| false, &mut reporter, |_, _| Ok(()))?;
        reporter.finish();
        // A run killed after its last commit, before its final merge,
        // left the index in many pieces: merge them now.
        if writer::is_fragmented(&idx)?
            && let Some(meta) = idx.meta.clone()
        {
            writer::Writer::new(&idx, meta)?.compact()?;
        }
        return report(&summary, args);
    }
    match corpus.scan(&mut reporter) {
        Err(IngestError::Interrupted) => {
            reporter.finish();
            return stopped(args, &idx);
        }
        scanned => scanned?,
    }
    // Of files with the same text, the one the index holds stays the one
    // read; a copy of a file gone from the folder takes its place.
    let held = writer::indexed_files(&idx)?;
    corpus.find_copies(&|rel| held.contains_key(rel));
    let boilerplate = corpus.boilerplate.fingerprint();
    // When the corpus's boilerplate or metadata.csv changed, every file may
    // clean differently, or have other metadata.
    let metadata = corpus.metadata_fingerprint();
    let reread_all = idx
        .meta
        .as_ref()
        .is_some_and(|m| m.boilerplate != boilerplate || m.metadata != metadata);
    let meta = Meta {
        renda_index: FORMAT,
        dictionary: idx.dictionary.fingerprint(),
        boilerplate,
        renda: env!("CARGO_PKG_VERSION").to_string(),
        corpus: args.dir.to_string_lossy().into_owned(),
        metadata,
        stamp: stamp.clone(),
        copies: corpus.copies(),
    };
    let mut w = writer::Writer::new(&idx, meta.clone())?;
    let before = w.indexed().clone();
    w.commit_every(args.commit_every);
    if let (true, Some(old)) = (reread_all, &idx.meta) {
        // Until every file is read again, the index is as of the old
        // boilerplate and metadata: a run stopped midway must leave the
        // next one to read them all again.
        w.interim_meta(Meta {
            boilerplate: old.boilerplate.clone(),
            metadata: old.metadata.clone(),
            ..meta
        });
    }

    // Gone from the folder, or now a copy of another file.
    let present: HashSet<&str> = corpus
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| !corpus.is_copy(*i))
        .map(|(_, f)| f.rel.as_str())
        .collect();
    let gone: Vec<String> = before
        .keys()
        .filter(|f| !present.contains(f.as_str()))
        .cloned()
        .collect();
    for file in &gone {
        w.delete_file(file);
    }
    let wanted: Vec<bool> = corpus
        .files
        .iter()
        .zip(&corpus.hashes)
        .enumerate()
        .map(|(i, (f, h))| {
            !corpus.is_copy(i) && (reread_all || h.is_none() || before.get(&f.rel) != h.as_ref())
        })
        .collect();
    let unchanged = (0..wanted.len())
        .filter(|&i| !wanted[i] && !corpus.is_copy(i))
        .count();
    for _ in 0..unchanged {
        corpus.note_unchanged();
    }
    corpus.note_deleted(gone.len());
    // Nothing to re-read may still be news to record: a new stamp.
    let changed = !gone.is_empty()
        || wanted.iter().any(|w| *w)
        || idx
            .meta
            .as_ref()
            .is_none_or(|m| m.stamp != stamp || m.copies != corpus.copies());
    let read = corpus.read(
        |i| wanted[i],
        &mut reporter,
        |_, parsed| {
            // Between two files, so that the commit below holds whole files;
            // the file in hand when Ctrl-C came is kept.
            w.add_speech(&parsed.speech, parsed.hash)
                .map_err(Stop::Index)?;
            if interrupted() {
                return Err(Stop::Interrupted);
            }
            Ok(())
        },
    );
    reporter.finish();
    let summary = match read {
        Ok(summary) => summary,
        Err(Stop::Index(e)) => return Err(e.into()),
        Err(Stop::Interrupted) => {
            w.stop()?;
            return stopped(args, &idx);
        }
    };
    if changed {
        w.finish()?;
    }
    report(&summary, args)
}

fn report(summary: &Summary, args: &IndexArgs) -> Result<Outcome, CmdError> {
    let mut out = io::stdout().lock();
    output::summary::write(&mut out, summary)?;
    writeln!(out, "index: {}", crate::display::path(&args.index))?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Say what an interrupted run leaves.
fn stopped(args: &IndexArgs, idx: &RendaIndex) -> Result<Outcome, CmdError> {
    let held = writer::indexed_files(idx)?.len();
    let mut again = format!("renda index {}", crate::display::path(&args.dir));
    if args.index != Path::new("index") {
        again.push_str(&format!(" --index {}", crate::display::path(&args.index)));
    }
    eprintln!(
        "renda: interrupted; the index holds {held} {} as of its last commit; run `{again}` again to finish",
        if held == 1 { "file" } else { "files" },
    );
    Ok(Outcome::Interrupted)
}
