//! `renda index DIR`: read every speech in a folder and report what was found.

use std::io::{self, Write};

use crate::cli::IndexArgs;
use crate::cmd::{CmdError, Outcome};
use crate::corpus::Skipped;
use crate::ingest::{self, Observer};
use crate::output::{self, progress::Progress};

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
}

impl Observer for Reporter {
    fn skipped(&mut self, s: &Skipped) {
        self.say(&format!("{}: {}", s.path.display(), s.reason));
    }

    fn warning(&mut self, message: &str) {
        self.say(&format!("renda: {message}"));
    }

    fn progress(&mut self, pass: u8, done: usize, total: usize) {
        if self.quiet {
            return;
        }
        if done == 1 {
            if let Some(bar) = self.bar.take() {
                bar.finish();
            }
            let what = if pass == 1 { "scanning" } else { "reading" };
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
            args.dir.display()
        )));
    }
    let mut reporter = Reporter {
        quiet: args.quiet,
        bar: None,
    };
    let summary = ingest::read_corpus(
        &args.dir,
        std::slice::from_ref(&args.index),
        &mut reporter,
        |_, _| {},
    )?;
    if let Some(bar) = &reporter.bar {
        bar.finish();
    }
    let mut out = io::stdout().lock();
    output::summary::write(&mut out, &summary)?;
    out.flush()?;
    Ok(Outcome::Success)
}
