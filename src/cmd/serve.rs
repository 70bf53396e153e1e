//! `renda serve`: the search as a web page on this machine.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::serve::{self, Config, Serving};
use renda_core::index::{self, IndexError};

/// The index `renda serve` uses: `--index`, else `RENDA_INDEX`, else the
/// per-user index ([`renda_core::places::default_index`]), else `index` here.
pub fn index_path(args: &ServeArgs) -> PathBuf {
    args.index
        .clone()
        .or_else(renda_core::places::default_index)
        .unwrap_or_else(|| PathBuf::from("index"))
}

pub fn run(args: &ServeArgs) -> Result<Outcome, CmdError> {
    if let Some(bad) = args
        .allow_host
        .iter()
        .find(|h| serve::guard::allowed_name(h).is_none())
    {
        return Err(CmdError::Message(msg::serve_bad_allow_host(bad)));
    }
    let path = index_path(args);
    // No index yet, or one an earlier renda wrote: the page offers to
    // build one (a double-click shows no terminal to say why it stopped).
    let serving = match index::open(&path) {
        Ok(idx) => Serving::Index(Box::new(idx)),
        Err(IndexError::Missing { .. }) => Serving::Missing(path),
        Err(IndexError::OtherVersion { found, .. }) => Serving::Stale(path, found),
        Err(e) => return Err(e.into()),
    };
    let config = Config {
        bind: args.bind,
        port: args.port,
        open: args.open,
        time_limit: Duration::from_secs(args.time_limit.max(1)),
        allow_index: args.allow_index,
        allow_hosts: args.allow_host.clone(),
    };
    serve::run(serving, &config)?;
    Ok(Outcome::Success)
}
