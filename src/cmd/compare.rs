//! `renda compare THEME --by level`: how others phrase a theme.

use std::io::{self, Write};

use crate::cli::{CompareArgs, CompareBy, CompareFormat};
use crate::cmd::search::{filters, query_text, theme_options};
use crate::cmd::{CmdError, Outcome};
use crate::index;
use crate::output;
use crate::search::compare::{self, By};
use crate::search::{self, rank};

pub fn run(args: &CompareArgs) -> Result<Outcome, CmdError> {
    let theme = query_text(&args.theme, false);
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let found = search::find_with(
        &idx,
        &theme,
        &filters,
        theme_options(&args.how),
        args.depth.max(1),
    )?;
    // Only paragraphs that hold the whole theme (its words, the exact
    // string, or two of its related expressions) say how it is phrased.
    let hits: Vec<_> = found
        .hits
        .iter()
        .filter(|h| {
            rank::features(&h.text, &found.wanted, &[])
                .is_none_or(|f| f.coverage >= 1.0 || f.exact || f.related >= 2)
        })
        .cloned()
        .collect();
    let hits = compare::exclude(hits, &args.exclude_region, &args.exclude_file);
    let by = match args.by {
        CompareBy::Level => By::Level,
        CompareBy::Region => By::Region,
        CompareBy::Year => By::Year,
        CompareBy::Speech => By::Speech,
    };
    let themes: Vec<&str> = found
        .wanted
        .themes
        .iter()
        .map(|(t, _)| t.as_str())
        .collect();
    let groups = compare::compare(&hits, by, &themes);
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
