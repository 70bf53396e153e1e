//! `renda search QUERY`: the paragraphs most about the query, with sources.

use std::io::{self, IsTerminal, Write};

use crate::cli::{Color, FilterArgs, SearchArgs, SearchFormat, ThemeArgs};
use crate::cmd::{CmdError, Outcome};
use crate::output::hits::{self, TextStyle};
use renda_core::index;
use renda_core::search::{self, Filters, SearchRequest, SearchResult, query};

/// The theme options of the command line.
pub fn theme_options(args: &ThemeArgs) -> search::ThemeOptions {
    search::ThemeOptions {
        literal: args.literal,
        other_words: args.other_words,
        without: args.without.clone(),
    }
}

/// Turn the filter flags into validated filters (see [`Filters::validate`]).
pub fn filters(args: &FilterArgs) -> Result<Filters, CmdError> {
    let asked = Filters {
        levels: args.level.clone(),
        year: args.year,
        since: args.since,
        until: args.until,
        region: args.region.clone(),
        section: args.section.clone(),
        file: args.file.clone(),
        include_unknown: search::KeepUnknown {
            year: args.include_unknown || args.include_unknown_year,
            level: args.include_unknown || args.include_unknown_level,
            region: args.include_unknown || args.include_unknown_region,
        },
    };
    Ok(asked.validate().map_err(search::SearchError::from)?)
}

/// The query string the words on the command line make (see
/// [`query::query_text`]).
pub fn query_text(words: &[String], exact: bool) -> String {
    query::query_text(&words.join(" "), exact)
}

/// Whether to colour the text output.
pub fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
    }
}

/// The search the arguments ask for.
pub fn request(args: &SearchArgs) -> Result<SearchRequest, CmdError> {
    Ok(SearchRequest {
        query: query_text(&args.query, args.exact),
        filters: filters(&args.filters)?,
        limit: args.limit,
        offset: args.offset,
        collapse: !args.no_collapse,
        literal: args.how.literal,
        other_words: args.how.other_words,
        without: args.how.without.clone(),
    })
}

pub fn run(args: &SearchArgs) -> Result<Outcome, CmdError> {
    let request = request(args)?;
    let idx = index::open(&args.index)?;
    let result = search::search(&idx, &request)?;
    note_unused_without(&request.without, &result.dropped);
    print(&result, args.format, args.color, args.offset)
}

/// Say on stderr which words of `--without` the search would not have
/// searched anyway (a typo, or a theme's own word): dropping them changed
/// nothing.
pub fn note_unused_without(without: &[String], dropped: &[String]) {
    let unused: Vec<&str> = without
        .iter()
        .map(String::as_str)
        .filter(|w| !dropped.iter().any(|d| d == w))
        .collect();
    if !unused.is_empty() {
        crate::output::progress::to_stderr(&crate::i18n::msg::without_unused(&unused));
    }
}

/// Print a page of hits on stdout in the chosen format; no hits is
/// [`Outcome::NoMatch`].
pub fn print(
    result: &SearchResult,
    format: SearchFormat,
    color: Color,
    offset: usize,
) -> Result<Outcome, CmdError> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        SearchFormat::Text => {
            let style = TextStyle {
                color: use_color(color),
                offset,
                ..TextStyle::default()
            };
            hits::write_text(&mut out, result, &style)?
        }
        SearchFormat::Json => hits::write_json(&mut out, result)?,
        SearchFormat::Jsonl => hits::write_jsonl(&mut out, result)?,
        SearchFormat::Csv => hits::write_csv(&mut out, result)?,
        SearchFormat::Md => hits::write_md(&mut out, result)?,
    }
    out.flush()?;
    Ok(if result.total == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}
