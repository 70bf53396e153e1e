//! `renda export QUERY --output FILE`: every matching paragraph, with its
//! source, in a file ready to paste from.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::cli::ExportArgs;
use crate::cmd::search::{filters, query_text, theme_options};
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::output::export::{self, ExportFormat, ExportHeader};
use renda_core::index;
use renda_core::search;

/// A temporary file beside `path`, renamed over it once complete, so that a
/// failed export leaves nothing half-written.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.renda-tmp"))
}

/// Where an export goes.
enum Target {
    Stdout,
    /// A new file, or a regular file that `--force` replaces.
    File(PathBuf),
}

/// Check the target before searching: `-` is standard output; an existing
/// path must be a regular file (never a device, a folder or a symbolic
/// link, whose target may be anything), replaced only with `--force`.
fn target(args: &ExportArgs) -> Result<Target, CmdError> {
    let out = &args.output;
    if out.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    let shown = renda_core::display::path(out);
    let refuse = |why: &str| Err(CmdError::Message(msg::path_reason(&shown, why)));
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::File(out.clone())),
        Err(e) => refuse(&crate::i18n::files::io_error(crate::i18n::lang(), &e)),
        Ok(meta) if meta.file_type().is_symlink() => refuse(&msg::export_symlink()),
        Ok(meta) if meta.is_dir() => refuse(&msg::export_folder()),
        Ok(meta) if !meta.is_file() => refuse(&msg::export_special()),
        Ok(_) if !args.force => refuse(&msg::export_exists()),
        Ok(_) => Ok(Target::File(out.clone())),
    }
}

/// A file of our own beside the target: created new (never opened
/// through a link someone left there), after removing what an earlier
/// failed export of ours may have left.
fn create_temp(tmp: &Path) -> io::Result<fs::File> {
    if let Ok(meta) = fs::symlink_metadata(tmp)
        && (meta.is_file() || meta.file_type().is_symlink())
    {
        fs::remove_file(tmp)?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
}

pub fn run(args: &ExportArgs) -> Result<Outcome, CmdError> {
    let out = &args.output;
    let target = target(args)?;
    let format = args
        .format
        .or_else(|| ExportFormat::of_path(out))
        .ok_or_else(|| {
            CmdError::Message(match target {
                Target::Stdout => msg::export_stdout_format(),
                Target::File(_) => msg::export_unknown_format(&renda_core::display::path(out)),
            })
        })?;
    // A file named for one format holding another opens in nothing.
    if let (Target::File(_), Some(named)) = (&target, ExportFormat::of_path(out))
        && named != format
    {
        return Err(CmdError::Message(msg::export_format_and_name(
            &renda_core::display::path(out),
            format.extension(),
        )));
    }
    let query = query_text(&args.query, args.exact);
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let options = theme_options(&args.how);
    let without = options.without.clone();
    let how = options.clone();
    let found = search::find_every(&idx, &query, &filters, options, usize::MAX)?;
    super::search::note_unused_without(&without, &found.wanted.dropped);
    let head = ExportHeader::now(&query, &filters, found.total, found.hits.len())
        .searched(&how, &found.wanted);
    let hits = found.hits;

    let shown = match &target {
        Target::Stdout => msg::standard_output().to_string(),
        Target::File(path) => {
            let tmp = temp_beside(path);
            let write = || -> io::Result<()> {
                export::write_file(create_temp(&tmp)?, format, &head, &hits)?;
                // The target was checked before the search; check again
                // right before replacing it.
                if let Ok(meta) = fs::symlink_metadata(path)
                    && !meta.is_file()
                {
                    return Err(io::Error::other(msg::export_no_longer_file()));
                }
                fs::rename(&tmp, path)
            };
            if let Err(e) = write() {
                let _ = fs::remove_file(&tmp);
                return Err(CmdError::Message(msg::path_reason(
                    &renda_core::display::path(path),
                    &crate::i18n::files::io_error(crate::i18n::lang(), &e),
                )));
            }
            renda_core::display::path(path)
        }
    };
    if let Target::Stdout = target {
        let stdout = io::stdout().lock();
        if let Err(e) = export::write_to(stdout, format, &head, &hits) {
            if super::broken_pipe(&e) {
                return Err(e.into());
            }
            return Err(CmdError::Message(msg::path_reason(
                msg::standard_output(),
                &crate::i18n::files::io_error(crate::i18n::lang(), &e),
            )));
        }
    }
    crate::output::progress::to_stderr(&msg::export_wrote(hits.len(), &shown));
    for line in crate::output::hits::left_out_lines(&found.left_out) {
        crate::output::progress::to_stderr(&line);
    }
    Ok(if hits.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}
