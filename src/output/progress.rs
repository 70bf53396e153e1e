//! Progress on stderr: a bar on a terminal, nothing when stderr is piped.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar that shows only when stderr is a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for `total` steps, labelled `what`; hidden unless stderr is a
    /// terminal and `enabled`.
    pub fn new(total: usize, what: &str, enabled: bool) -> Self {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            let template = format!(
                "{{msg:>10}} [{{bar:30}}] {{pos}}/{{len}} {} {{elapsed}}",
                crate::i18n::msg::progress_files()
            );
            let style = ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(what.to_string());
            bar
        });
        Self { bar }
    }

    pub fn set(&self, done: usize) {
        if let Some(b) = &self.bar {
            b.set_position(done as u64);
        }
    }

    /// Print a line above the bar (or plainly on stderr when there is none).
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| to_stderr(line)),
            None => to_stderr(line),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Write `line` on stderr. A stderr nobody reads any more (a pipe whose
/// reader is gone, as with `2>&1 | head -1`) is no reason to stop: the
/// line is let go, and the work goes on.
pub fn to_stderr(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
