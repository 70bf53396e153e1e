//! `renda similar --file F --paragraph N` (or `--text …`, or `--file
//! DRAFT`): the paragraphs that say the same thing in other words.
//!
//! `--file` with `--paragraph` names a paragraph of an indexed speech (its
//! path as indexed, or a path that ends with it). `--file` without
//! `--paragraph` is a draft: the file is read from disk (`-`: standard
//! input) with the reader of `renda index`, whether or not it is indexed,
//! and each of its paragraphs gets the archive's paragraphs like it. When
//! the draft's path is an indexed file's (the same path, or a path that
//! ends with it), that file's own paragraphs are left out of the results.

use crate::i18n::Say;
use std::io::{self, Write};
use std::path::Path;

use crate::cli::{SearchFormat, SimilarArgs};
use crate::cmd::search::filters;
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::output::hits::{self, TextStyle};
use renda_core::index;
use renda_core::search::similar::{self, DraftRequest, Request, Source};

/// What the command line asks to match: an indexed paragraph, to look up,
/// a text, or a draft's paragraphs.
enum Asked<'a> {
    Paragraph(&'a str, usize),
    Text(Source),
    Draft(&'a str),
}

fn asked(args: &SimilarArgs) -> Result<Asked<'_>, CmdError> {
    let message = |text: &str| Err(CmdError::Message(text.to_string()));
    match (&args.source_file, args.paragraph, &args.text) {
        (Some(file), Some(n), None) => Ok(Asked::Paragraph(file, n)),
        (None, None, Some(text)) => Ok(Asked::Text(Source::text(text)?)),
        (Some(file), None, None) => Ok(Asked::Draft(file)),
        (None, Some(_), None) => message(&msg::similar_paragraph_needs_file()),
        (None, None, None) => message(&msg::similar_what()),
        _ => message(&msg::similar_not_both()),
    }
}

pub fn run(args: &SimilarArgs) -> Result<Outcome, CmdError> {
    let asked = asked(args)?;
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let source = match asked {
        Asked::Paragraph(file, n) => similar::locate(&idx, file, n)?,
        Asked::Text(source) => source,
        Asked::Draft(file) => return run_draft(args, &idx, file, filters),
    };
    let request = Request {
        source,
        filters,
        limit: args.limit,
        offset: args.offset,
        include_copies: args.include_copies,
    };
    let label = request.source.label.clone();
    let mut result = similar::similar(&idx, &request)?;
    // For people, a Markdown title in their language (JSON keeps the
    // query's `similar: …`, which programs read).
    if args.format == SearchFormat::Md {
        result.query = msg::similar_title(&label);
    }
    super::search::print(&result, args.format, args.color, args.offset)
}

fn run_draft(
    args: &SimilarArgs,
    idx: &index::RendaIndex,
    file: &str,
    filters: renda_core::search::Filters,
) -> Result<Outcome, CmdError> {
    let format = match args.format {
        SearchFormat::Text | SearchFormat::Json => args.format,
        other => {
            let name = format!("{other:?}").to_lowercase();
            return Err(CmdError::Message(msg::draft_format(&name)));
        }
    };
    let stdin = file == "-";
    let shown = if stdin {
        "-".to_string()
    } else {
        renda_core::display::path(Path::new(file))
    };
    if !stdin && !Path::new(file).exists() {
        // Not on disk: perhaps an indexed speech named without --paragraph.
        if let Ok(name) = similar::resolve_file(file, &similar::indexed_files(idx)?) {
            return Err(CmdError::Message(msg::draft_is_indexed(&shown, &name)));
        }
    }
    let draft =
        renda_core::ingest::read_draft((!stdin).then(|| Path::new(file))).map_err(|reason| {
            CmdError::Message(msg::draft_unreadable(
                &shown,
                &reason.say(crate::i18n::lang()),
            ))
        })?;
    if draft.paragraphs.is_empty() {
        return Err(CmdError::Message(msg::draft_no_paragraphs(&shown)));
    }
    let exclude_file = if stdin {
        None
    } else {
        similar::indexed_as(file, &similar::indexed_files(idx)?)
    };
    let request = DraftRequest {
        filters,
        limit: args.limit,
        offset: args.offset,
        include_copies: args.include_copies,
        exclude_file,
        bounds: similar::DraftBounds::default(),
    };
    let result = similar::draft(idx, &draft, &request)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        SearchFormat::Json => {
            hits::write_draft_json(&mut out, &shown, &draft.labels.title, &result)?
        }
        _ => {
            let style = TextStyle {
                color: super::search::use_color(args.color),
                offset: args.offset,
                ..TextStyle::default()
            };
            hits::write_draft_text(&mut out, &result, &style)?
        }
    }
    out.flush()?;
    Ok(if result.paragraphs.iter().any(|p| p.result.total > 0) {
        Outcome::Success
    } else {
        Outcome::NoMatch
    })
}
