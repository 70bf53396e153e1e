//! `renda completions SHELL`: a completion script for the shell, with the
//! commands' help in the current language.

use std::io::{self, Write};

use crate::cli::CompletionsArgs;
use crate::cmd::{CmdError, Outcome};

pub fn run(args: &CompletionsArgs) -> Result<Outcome, CmdError> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    clap_complete::generate(args.shell, &mut crate::cli::command(), "renda", &mut out);
    out.flush()?;
    Ok(Outcome::Success)
}
