//! `renda serve`: the search as a web page on this machine.

use std::time::Duration;

use crate::cli::ServeArgs;
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::index;
use crate::serve::{self, Config};

pub fn run(args: &ServeArgs) -> Result<Outcome, CmdError> {
    if let Some(bad) = args
        .allow_host
        .iter()
        .find(|h| serve::guard::allowed_name(h).is_none())
    {
        return Err(CmdError::Message(msg::serve_bad_allow_host(bad)));
    }
    let idx = index::open(&args.index)?;
    let config = Config {
        bind: args.bind,
        port: args.port,
        open: args.open,
        time_limit: Duration::from_secs(args.time_limit.max(1)),
        allow_index: args.allow_index,
        allow_hosts: args.allow_host.clone(),
    };
    serve::run(idx, &config)?;
    Ok(Outcome::Success)
}
