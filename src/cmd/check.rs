//! `renda check DRAFT`: what a draft takes from the archive, and the names
//! of its sources it forgot to change.

use crate::i18n::Say;
use std::fs;
use std::io::{self, BufWriter, Write};

use crate::cli::{CheckArgs, Color};
use crate::cmd::search::use_color;
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::output::check::{CheckFormat, render};
use renda_core::index;
use renda_core::search::check::{self, CheckOptions};

pub fn run(args: &CheckArgs) -> Result<Outcome, CmdError> {
    let to_file = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let format = args
        .format
        .or_else(|| to_file.and_then(CheckFormat::of_path))
        .unwrap_or(CheckFormat::Text);
    if format == CheckFormat::Docx && to_file.is_none() {
        return Err(CmdError::Message(msg::check_docx_needs_file()));
    }
    if let Some(path) = to_file
        && fs::metadata(path).is_ok_and(|m| m.is_dir())
    {
        return Err(CmdError::Message(msg::path_reason(
            &renda_core::display::path(path),
            &msg::export_folder(),
        )));
    }
    if let Some(path) = to_file
        && !args.force
        && fs::symlink_metadata(path).is_ok()
    {
        return Err(CmdError::Message(msg::check_exists(
            &renda_core::display::path(path),
        )));
    }
    let (path, shown) = if args.draft.as_os_str() == "-" {
        (None, "-".to_string())
    } else {
        (
            Some(args.draft.as_path()),
            renda_core::display::path(&args.draft),
        )
    };
    let draft = renda_core::ingest::read_draft(path).map_err(|reason| {
        CmdError::Message(msg::check_unreadable(
            &shown,
            &reason.say(crate::i18n::lang()),
        ))
    })?;
    let idx = index::open(&args.index)?;
    let options = CheckOptions {
        region: args.region.clone(),
        year: args.year,
        level: args.level,
        ..CheckOptions::default()
    };
    let mut report = check::check(&idx, &draft, &options).map_err(|e| match e {
        check::CheckError::Empty(_) => CmdError::Message(crate::i18n::search::check_empty_draft(
            crate::i18n::lang(),
            &shown,
        )),
        other => other.into(),
    })?;
    report.draft = shown;
    let color = to_file.is_none() && use_color(args.color);
    let color = color && args.color != Color::Never;
    let bytes = render(&report, format, color)?;
    match to_file {
        Some(path) => {
            fs::write(path, &bytes).map_err(|e| {
                CmdError::Message(msg::path_reason(
                    &renda_core::display::path(path),
                    &crate::i18n::files::io_error(crate::i18n::lang(), &e),
                ))
            })?;
            crate::output::progress::to_stderr(&msg::check_wrote(&renda_core::display::path(path)));
        }
        None => {
            let mut w = BufWriter::new(io::stdout().lock());
            w.write_all(&bytes)?;
            w.flush()?;
        }
    }
    Ok(Outcome::Success)
}
