//! `renda export QUERY --output FILE`: every matching paragraph, with its
//! source, in a file ready to paste from.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::cli::{ExportArgs, ExportFormat};
use crate::cmd::search::{describe_filters, filters, query_text};
use crate::cmd::{CmdError, Outcome};
use crate::index;
use crate::output::export::{self, ExportHeader};
use crate::search;

fn format_of(path: &Path) -> Option<ExportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "md" | "markdown" => ExportFormat::Md,
        "csv" => ExportFormat::Csv,
        "jsonl" | "ndjson" => ExportFormat::Jsonl,
        "docx" => ExportFormat::Docx,
        _ => return None,
    })
}

/// Now, as `YYYY-MM-DD HH:MM UTC`.
fn now() -> String {
    let t = tantivy::time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A temporary file beside `path`, renamed over it once complete, so that a
/// failed export leaves nothing half-written.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.renda-tmp"))
}

pub fn run(args: &ExportArgs) -> Result<Outcome, CmdError> {
    let out = &args.output;
    let format = args.format.or_else(|| format_of(out)).ok_or_else(|| {
        CmdError::Message(format!(
            "{}: cannot tell the format from the name; give --format md, csv, jsonl or docx",
            out.display()
        ))
    })?;
    if out.exists() && !args.force {
        return Err(CmdError::Message(format!(
            "{}: already exists; add --force to overwrite it",
            out.display()
        )));
    }
    let query = query_text(&args.query, args.exact);
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let total = search::find(&idx, &query, &filters, 1)?.total;
    let found = search::find(&idx, &query, &filters, total.max(1))?;
    let hits = if total == 0 { Vec::new() } else { found.hits };
    let head = ExportHeader {
        query: query.clone(),
        filters: describe_filters(&args.filters),
        date: now(),
        total,
        exported: hits.len(),
    };

    let tmp = temp_beside(out);
    let write = || -> io::Result<()> {
        let file = fs::File::create(&tmp)?;
        match format {
            ExportFormat::Docx => export::write_docx(file, &head, &hits)?,
            other => {
                let mut w = BufWriter::new(file);
                match other {
                    ExportFormat::Md => export::write_md(&mut w, &head, &hits)?,
                    ExportFormat::Csv => export::write_csv(&mut w, &head, &hits)?,
                    _ => export::write_jsonl(&mut w, &head, &hits)?,
                }
                w.flush()?;
            }
        }
        fs::rename(&tmp, out)
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(CmdError::Message(format!("{}: {e}", out.display())));
    }
    eprintln!(
        "wrote {} paragraph{} to {}",
        hits.len(),
        if hits.len() == 1 { "" } else { "s" },
        out.display()
    );
    for line in crate::output::hits::left_out_lines(&found.left_out) {
        eprintln!("{line}");
    }
    Ok(if hits.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}
