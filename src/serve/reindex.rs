//! Re-indexing from the page: one run at a time, on a thread of its own,
//! through [`renda_core::index::update`] as `renda index` does; searches keep
//! answering from the last commit meanwhile, and the page polls the run's
//! progress.

use crate::i18n::Say;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::i18n::{self, Lang, msg};
use renda_core::corpus::Skipped;
use renda_core::index::IndexError;
use renda_core::index::update::{UpdateError, UpdateOutcome, UpdateRequest, update};
use renda_core::ingest::Observer;

/// Where a run stands, as the page shows it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// A run is under way.
    pub running: bool,
    /// 1: scanning, 2: indexing.
    pub pass: u8,
    pub done: usize,
    pub total: usize,
    /// The folder being read.
    pub folder: Option<String>,
    /// Files that could not be used, and warnings, so far.
    pub skipped: usize,
    pub warnings: usize,
    /// The first [`MAX_LISTED`] files not used, each with its name and why
    /// (escaped for one line, as `renda index` prints them).
    pub skipped_files: Vec<SkippedFile>,
    /// Speeches and paragraphs the last run read (when it ended).
    pub speeches: usize,
    pub paragraphs: usize,
    /// How the last run ended, for people; `None` before any.
    pub result: Option<String>,
    /// Whether the last run failed.
    pub failed: bool,
}

/// How many files not used a run lists by name.
pub const MAX_LISTED: usize = 100;

/// A file a run could not use.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SkippedFile {
    /// The path as the walk found it, escaped for one line.
    pub file: String,
    /// Why, in the page's language.
    pub reason: String,
}

/// The re-index runs of a server (clones share them).
#[derive(Debug, Default, Clone)]
pub struct Jobs {
    status: Arc<Mutex<Status>>,
}

struct Watch {
    status: Arc<Mutex<Status>>,
}

impl Watch {
    fn with(&self, f: impl FnOnce(&mut Status)) {
        if let Ok(mut s) = self.status.lock() {
            f(&mut s);
        }
    }
}

impl Observer for Watch {
    fn skipped(&mut self, skipped: &Skipped) {
        self.with(|s| {
            s.skipped += 1;
            if s.skipped_files.len() < MAX_LISTED {
                s.skipped_files.push(SkippedFile {
                    file: renda_core::display::path(&skipped.path),
                    reason: renda_core::display::escaped(&skipped.reason.say(crate::i18n::lang()))
                        .into_owned(),
                });
            }
        });
    }

    fn kept(&mut self, skipped: &Skipped) {
        let file = renda_core::display::path(&skipped.path);
        self.with(|s| {
            if let Some(f) = s.skipped_files.iter_mut().rev().find(|f| f.file == file) {
                f.reason.push_str(crate::i18n::msg::kept_note());
            }
        });
    }

    fn warning(&mut self, _warning: &renda_core::speech::MetadataWarning) {
        self.with(|s| s.warnings += 1);
    }

    fn progress(&mut self, pass: u8, done: usize, total: usize) {
        self.with(|s| {
            s.pass = pass;
            s.done = done;
            s.total = total;
        });
    }

    fn folder(&mut self, path: &Path, pass: u8) {
        let shown = renda_core::display::path(path);
        self.with(|s| {
            s.folder = Some(shown);
            s.pass = pass;
        });
    }
}

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// One is under way already.
    Running,
}

impl Jobs {
    /// Where the current or last run stands.
    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Start bringing every folder of the index at `index` up to date.
    pub fn start(&self, index: PathBuf) -> Result<(), Refused> {
        self.start_request(UpdateRequest::new(index), |_| None)
    }

    /// Start `req` (what `renda index` with its flags asks: folders to add,
    /// remove, a rebuild), then call `then` on its thread with whether it
    /// succeeded, before the status says it has ended.
    pub fn start_request(
        &self,
        req: UpdateRequest,
        then: impl FnOnce(bool) -> Option<String> + Send + 'static,
    ) -> Result<(), Refused> {
        {
            let Ok(mut s) = self.status.lock() else {
                return Err(Refused::Running);
            };
            if s.running {
                return Err(Refused::Running);
            }
            *s = Status {
                running: true,
                ..Status::default()
            };
        }
        let status = self.status.clone();
        std::thread::spawn(move || {
            i18n::with_lang(Lang::Zh, || {
                let mut watch = Watch {
                    status: status.clone(),
                };
                let outcome = update(&req, &mut watch);
                let mut counts = (0, 0);
                let (result, failed) = match outcome {
                    Ok(UpdateOutcome::Done {
                        summary, dropped, ..
                    }) => {
                        counts = (summary.speeches, summary.paragraphs);
                        (
                            msg::serve_index_done(
                                summary.files,
                                summary.paragraphs,
                                summary.unchanged,
                                summary.deleted + dropped,
                            ),
                            false,
                        )
                    }
                    Ok(UpdateOutcome::Interrupted { held }) => {
                        (msg::serve_index_interrupted(held), true)
                    }
                    Err(UpdateError::Index(IndexError::Busy { pid, .. })) => {
                        (msg::serve_index_busy(pid), true)
                    }
                    Err(e) => (e.say(crate::i18n::lang()), true),
                };
                // What follows a run (opening the new index) may fail too.
                let (result, failed) = match then(!failed) {
                    Some(why) => (why, true),
                    None => (result, failed),
                };
                if let Ok(mut s) = status.lock() {
                    s.running = false;
                    s.result = Some(result);
                    s.failed = failed;
                    (s.speeches, s.paragraphs) = counts;
                }
            });
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_file_the_index_keeps_says_so_on_the_page() {
        let status = Arc::new(Mutex::new(Status::default()));
        let mut watch = Watch {
            status: status.clone(),
        };
        let skipped = Skipped {
            path: "讲话稿/a.txt".into(),
            rel: "a.txt".into(),
            reason: renda_core::corpus::SkipReason::Empty,
        };
        watch.skipped(&skipped);
        let first = status.lock().unwrap().skipped_files[0].reason.clone();
        assert!(!first.ends_with(crate::i18n::msg::kept_note()), "{first}");
        watch.kept(&skipped);
        let s = status.lock().unwrap();
        assert_eq!(s.skipped, 1);
        assert_eq!(
            s.skipped_files[0].reason,
            format!("{first}{}", crate::i18n::msg::kept_note())
        );
    }
}
