//! `renda index [DIR] [--add DIR] [--remove DIR]`: bring the index up to
//! date with its folders. The policy is the library's
//! ([`renda_core::index::update`]); this is its terminal: a progress bar, skipped
//! files on stderr, Ctrl-C, the summary.
//!
//! Ctrl-C stops the run once the file in hand is added: what was read so
//! far is committed, the user is told what the index holds, and the exit
//! code is 130. A second Ctrl-C stops at once (the index holds its last
//! commit).

use crate::i18n::Say;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::IndexArgs;
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::output::{self, progress::Progress};
use renda_core::corpus::Skipped;
use renda_core::index::{self, UpdateError, UpdateOutcome, UpdateRequest};
use renda_core::ingest::{Observer, Summary};

/// Set by Ctrl-C (SIGINT).
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Catch Ctrl-C for the rest of the process: the first sets
/// [`INTERRUPTED`], the second ends the process.
fn catch_ctrl_c() {
    // Fails only when a handler is already set, as when a program runs
    // this command twice: that one stays.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            output::progress::to_stderr(&msg::interrupted_again());
            std::process::exit(i32::from(Outcome::Interrupted.code()));
        }
    });
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
            None => output::progress::to_stderr(line),
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
        self.say(&s.say(crate::i18n::lang()));
    }

    fn kept(&mut self, s: &Skipped) {
        self.say(&msg::kept_as_read_before(&renda_core::display::path(
            &s.path,
        )));
    }

    fn warning(&mut self, warning: &renda_core::speech::MetadataWarning) {
        self.say(&msg::error_line(&warning.say(crate::i18n::lang())));
    }

    fn interrupted(&self) -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }

    fn rebuilding(&mut self, reason: renda_core::index::Rebuild) {
        let lang = crate::i18n::lang();
        self.say(&crate::i18n::index::rebuilding(lang, &reason.say(lang)));
    }

    fn progress(&mut self, pass: u8, done: usize, total: usize) {
        if self.quiet {
            return;
        }
        if done == 1 {
            self.finish();
            self.bar = Some(Progress::new(total, msg::pass_label(pass), true));
        }
        if let Some(bar) = &self.bar {
            bar.set(done);
        }
    }
}

pub fn run(args: &IndexArgs) -> Result<Outcome, CmdError> {
    let request = UpdateRequest {
        index: args.index.clone(),
        folders: args.dirs.clone(),
        add: args.add.clone(),
        remove: args.remove.clone(),
        rebuild: args.rebuild,
        dict: args.dict.clone(),
        follow_links: args.follow_links,
        commit_every: args.commit_every,
    };
    catch_ctrl_c();
    let mut reporter = Reporter {
        quiet: args.quiet,
        bar: None,
    };
    let outcome = index::update(&request, &mut reporter);
    reporter.finish();
    match outcome.map_err(|e| match e {
        UpdateError::Index(e) => CmdError::Index(e),
        UpdateError::Ingest(e) => CmdError::Ingest(e),
        UpdateError::Io(e) => CmdError::Io(e),
        e => CmdError::Message(e.say(crate::i18n::lang())),
    })? {
        UpdateOutcome::Done {
            summary, dropped, ..
        } => report(&summary, dropped, args),
        UpdateOutcome::Interrupted { held } => Ok(stopped(args, held)),
    }
}

fn report(summary: &Summary, dropped: usize, args: &IndexArgs) -> Result<Outcome, CmdError> {
    let mut out = io::stdout().lock();
    output::summary::write(&mut out, summary)?;
    if summary.speeches == 0
        && summary.unchanged == 0
        && summary.deleted == 0
        && args.remove.is_empty()
    {
        let folders: Vec<String> = args
            .dirs
            .iter()
            .chain(&args.add)
            .map(|d| renda_core::display::path(d))
            .collect();
        writeln!(
            out,
            "{}",
            msg::no_speech_read(&folders.join(msg::list_sep()))
        )?;
    }
    if dropped > 0 {
        writeln!(out, "{}", msg::dropped_with_folders(dropped))?;
    }
    writeln!(
        out,
        "{}{}",
        msg::field("index"),
        renda_core::display::path(&args.index)
    )?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Say what an interrupted run leaves, and the command that finishes it.
fn stopped(args: &IndexArgs, held: usize) -> Outcome {
    let mut again = String::from("renda index");
    for d in &args.dirs {
        again.push_str(&format!(" {}", renda_core::display::path(d)));
    }
    for d in &args.add {
        again.push_str(&format!(" --add {}", renda_core::display::path(d)));
    }
    if args.index != Path::new("index") {
        again.push_str(&format!(
            " --index {}",
            renda_core::display::path(&args.index)
        ));
    }
    if args.follow_links {
        again.push_str(" --follow-links");
    }
    output::progress::to_stderr(&msg::interrupted(held, &again));
    Outcome::Interrupted
}
