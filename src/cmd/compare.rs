//! `renda compare THEME --by level`: how others phrase a theme.

use std::io::{self, Write};

use crate::cli::{CompareArgs, CompareBy, CompareFormat};
use crate::cmd::search::{filters, query_text, theme_options};
use crate::cmd::{CmdError, Outcome};
use crate::output;
use renda_core::index;
use renda_core::search::compare::{self, By};

pub fn run(args: &CompareArgs) -> Result<Outcome, CmdError> {
    let theme = query_text(&args.theme, false);
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let by = match args.by {
        CompareBy::Level => By::Level,
        CompareBy::Region => By::Region,
        CompareBy::Year => By::Year,
        CompareBy::Speech => By::Speech,
    };
    let mut groups = compare::of_index(
        &idx,
        &theme,
        &filters,
        theme_options(&args.how),
        args.depth,
        by,
        &args.exclude_region,
        &args.exclude_file,
    )?;
    compare::limit(&mut groups, args.limit);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        CompareFormat::Text => output::compare::write_text(&mut out, &theme, by, &groups)?,
        CompareFormat::Json => output::compare::write_json(&mut out, &theme, by, &groups)?,
        CompareFormat::Md => output::compare::write_md(&mut out, &theme, by, &groups)?,
    }
    out.flush()?;
    Ok(if groups.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}
