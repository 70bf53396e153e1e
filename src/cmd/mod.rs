//! One module per subcommand, each with a single `run`: glue between the
//! command line and the library.

pub mod check;
pub mod compare;
pub mod completions;
pub mod export;
pub mod index;
pub mod kwic;
pub mod label;
pub mod mcp;
pub mod parse;
pub mod search;
pub mod serve;
pub mod similar;
pub mod stats;

use crate::i18n::{Lang, Say};
use std::io;

/// How a command ended, mapped to the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; for a search, something was found.
    Success,
    /// A search found nothing.
    NoMatch,
    /// Nothing could be done.
    Error,
    /// Stopped by Ctrl-C, after saying what was kept.
    Interrupted,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::NoMatch => 1,
            Outcome::Error => 2,
            // 128 + SIGINT, as shells report a process ended by Ctrl-C.
            Outcome::Interrupted => 130,
        }
    }
}

/// An error that ends a command, said to the user in one line.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    #[error("{0}")]
    Message(String),
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Ingest(#[from] renda_core::ingest::IngestError),
    #[error(transparent)]
    Index(#[from] renda_core::index::IndexError),
    #[error(transparent)]
    Search(#[from] renda_core::search::SearchError),
    #[error(transparent)]
    Similar(#[from] renda_core::search::similar::SimilarError),
    #[error(transparent)]
    Check(#[from] renda_core::search::check::CheckError),
}

impl Say for CmdError {
    fn say(&self, lang: Lang) -> String {
        match self {
            CmdError::Message(m) => m.clone(),
            CmdError::Io(e) => e.to_string(),
            CmdError::Ingest(e) => e.say(lang),
            CmdError::Index(e) => e.say(lang),
            CmdError::Search(e) => e.say(lang),
            CmdError::Similar(e) => e.say(lang),
            CmdError::Check(e) => e.say(lang),
        }
    }
}

impl CmdError {
    /// Output went to a pipe that closed (`renda … | head`): not an error,
    /// whatever wrote it (a CSV writer wraps the error of its output).
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            CmdError::Io(e) => broken_pipe(e),
            e => broken_pipe(e),
        }
    }
}

/// Whether `e` or an error behind it is a closed pipe.
pub fn broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
            if io.get_ref().is_some_and(|inner| broken_pipe(inner)) {
                return true;
            }
        }
        // A CSV writer's error names no source: its output's is its kind.
        if let Some(csv) = e.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = csv.kind()
        {
            return broken_pipe(io);
        }
        next = e.source();
    }
    false
}
