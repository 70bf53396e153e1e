//! `renda similar --file F --paragraph N` (or `--text …`): the paragraphs
//! that say the same thing in other words.

use crate::cli::SimilarArgs;
use crate::cmd::search::filters;
use crate::cmd::{CmdError, Outcome};
use crate::index;
use crate::search::similar::{self, Request, Source};

/// What the command line asks to match: an indexed paragraph, to look up,
/// or a text.
enum Asked<'a> {
    Paragraph(&'a str, usize),
    Text(Source),
}

fn asked(args: &SimilarArgs) -> Result<Asked<'_>, CmdError> {
    let message = |text: &str| Err(CmdError::Message(text.to_string()));
    match (&args.source_file, args.paragraph, &args.text) {
        (Some(file), Some(n), None) => Ok(Asked::Paragraph(file, n)),
        (None, None, Some(text)) => Ok(Asked::Text(Source::text(text)?)),
        (Some(_), None, None) => {
            message("--file needs --paragraph N, the number of the paragraph in that speech")
        }
        (None, Some(_), None) => message("--paragraph needs --file FILE, the speech it is in"),
        (None, None, None) => {
            message("say what to match: --file FILE --paragraph N, or --text TEXT")
        }
        _ => message("give either --file and --paragraph, or --text, not both"),
    }
}

pub fn run(args: &SimilarArgs) -> Result<Outcome, CmdError> {
    let asked = asked(args)?;
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let source = match asked {
        Asked::Paragraph(file, n) => similar::locate(&idx, file, n)?,
        Asked::Text(source) => source,
    };
    let request = Request {
        source,
        filters,
        limit: args.limit,
        offset: args.offset,
        include_copies: args.include_copies,
    };
    let result = similar::similar(&idx, &request)?;
    super::search::print(&result, args.format, args.color, args.offset)
}
