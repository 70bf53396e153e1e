//! `renda mcp`: the archive as tools of an AI assistant, over stdio.

use std::time::Duration;

use crate::cli::McpArgs;
use crate::cmd::{CmdError, Outcome};
use renda_core::index;

pub fn run(args: &McpArgs) -> Result<Outcome, CmdError> {
    let idx = index::open(&args.index)?;
    crate::mcp::run(idx, Duration::from_secs(args.time_limit.max(1)))?;
    Ok(Outcome::Success)
}
