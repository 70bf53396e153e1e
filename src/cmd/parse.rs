//! `renda parse FILE`: show how renda understands one speech.

use crate::i18n::Say;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::cli::{ParseArgs, ParseFormat};
use crate::cmd::{CmdError, Outcome};
use crate::output;
use renda_core::corpus;
use renda_core::speech::{self, MetadataTable, ParseContext};

pub fn run(args: &ParseArgs) -> Result<Outcome, CmdError> {
    let path = &args.file;
    let shown = renda_core::display::path(path);
    if std::fs::metadata(path).is_err() {
        return Err(CmdError::Message(crate::i18n::msg::no_such_file(&shown)));
    }
    let doc = corpus::read_document(path).map_err(|reason| {
        CmdError::Message(crate::i18n::msg::path_reason(
            &shown,
            &renda_core::display::escaped(&reason.say(crate::i18n::lang())),
        ))
    })?;
    let (root, rel) = corpus_root(path);
    let metadata = match &root {
        Some(root) => {
            let (table, warnings) = MetadataTable::load(root)
                .map_err(|e| CmdError::Message(e.say(crate::i18n::lang())))?;
            for w in warnings {
                output::progress::to_stderr(&crate::i18n::msg::error_line(
                    &w.say(crate::i18n::lang()),
                ));
            }
            table
        }
        None => MetadataTable::default(),
    };
    let ctx = ParseContext {
        rel: &rel,
        metadata: metadata.get(&rel),
        boilerplate: None,
        published: None,
    };
    let speech = speech::parse_document(&doc, &ctx);
    // The files beside it are read only when asked: one of them may be
    // large or damaged, and has nothing to do with this one.
    let copies = if args.copies {
        copies_beside(path, &doc.text)
    } else {
        Vec::new()
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ParseFormat::Text => output::speech::write_text_with_copies(&mut out, &speech, &copies)?,
        ParseFormat::Json => output::speech::write_json_with_copies(&mut out, &speech, &copies)?,
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The other files in `file`'s folder whose cleaned text is `text`'s (as
/// `renda index` finds copies), by name. Looks at the first files only
/// in a very large folder.
fn copies_beside(file: &Path, text: &str) -> Vec<String> {
    const MAX_FILES: usize = 1000;
    let Some(dir) = file.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    }) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let Some(key) = renda_core::ingest::text_key(text) else {
        return Vec::new();
    };
    let me = std::fs::canonicalize(file).ok();
    let mut names: Vec<PathBuf> = entries
        .flatten()
        .take(MAX_FILES)
        .map(|e| e.path())
        .filter(|p| p.is_file() && corpus::Format::of_path(p).is_ok())
        .filter(|p| std::fs::canonicalize(p).ok() != me)
        .collect();
    names.sort();
    names
        .into_iter()
        .filter(|p| {
            corpus::read_document(p)
                .is_ok_and(|d| renda_core::ingest::text_key(&d.text) == Some(key))
        })
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
}

/// The nearest folder above `file` that holds a `metadata.csv`, and the
/// file's path relative to it; without one, the path as given.
pub fn corpus_root(file: &Path) -> (Option<PathBuf>, String) {
    let as_given = || file.to_string_lossy().replace('\\', "/");
    let Ok(abs) = std::path::absolute(file) else {
        return (None, as_given());
    };
    for dir in abs.ancestors().skip(1) {
        if dir.join(MetadataTable::FILE_NAME).is_file()
            && let Ok(rel) = abs.strip_prefix(dir)
        {
            return (
                Some(dir.to_path_buf()),
                rel.to_string_lossy().replace('\\', "/"),
            );
        }
    }
    (None, as_given())
}
