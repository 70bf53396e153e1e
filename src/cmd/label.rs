//! `renda label FILE --level … --year … --region … --title …`: set a
//! speech's labels in the corpus's `metadata.csv`.

use crate::i18n::Say;
use std::path::{Path, PathBuf};

use crate::cli::LabelArgs;
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use renda_core::index;
use renda_core::speech::{LabelUpdate, MetadataTable};

pub fn run(args: &LabelArgs) -> Result<Outcome, CmdError> {
    let file = &args.file;
    if !file.is_file() {
        return Err(CmdError::Message(crate::i18n::msg::no_such_file(
            &renda_core::display::path(file),
        )));
    }
    let update = LabelUpdate {
        level: args.level,
        year: args.year,
        date: args.date,
        region: args.region.clone().filter(|s| !s.trim().is_empty()),
        title: args.title.clone().filter(|s| !s.trim().is_empty()),
    };
    if update.is_empty() {
        return Err(CmdError::Message(crate::i18n::msg::label_nothing()));
    }
    if let (Some(d), Some(y)) = (args.date, args.year)
        && d.year != y
    {
        return Err(CmdError::Message(crate::i18n::msg::label_date_not_in_year(
            &d.to_string(),
            y,
        )));
    }
    let (root, rel) = root_of(file, args)?;
    let path = MetadataTable::write_label(&root, &rel, &update)
        .map_err(|e| CmdError::Message(e.say(crate::i18n::lang())))?;
    let mut set: Vec<String> = Vec::new();
    if let Some(l) = update.level {
        set.push(msg::label_value(
            "level",
            crate::i18n::pick(l.as_chinese(), l.as_str()),
        ));
    }
    if let Some(d) = update.date {
        set.push(msg::label_value("date", &d.to_string()));
    } else if let Some(y) = update.year {
        set.push(msg::label_value("year", &y.to_string()));
    }
    if let Some(r) = &update.region {
        set.push(msg::label_value("region", r));
    }
    if let Some(t) = &update.title {
        set.push(msg::label_value("title", t));
    }
    let line = msg::label_set(
        &renda_core::display::path(&path),
        &rel,
        &set.join(msg::list_sep()),
        &again(&root, &args.index),
    );
    std::io::Write::write_all(&mut std::io::stdout(), format!("{line}\n").as_bytes())?;
    Ok(Outcome::Success)
}

/// The corpus root and the file's path relative to it: `--corpus`, else the
/// folder the index holds that the file lies in (whose `metadata.csv` is the
/// one indexing reads), else the nearest folder above the file with a
/// `metadata.csv`.
fn root_of(file: &Path, args: &LabelArgs) -> Result<(PathBuf, String), CmdError> {
    let abs = std::path::absolute(file)?;
    let relative_to = |root: &Path| -> Option<(PathBuf, String)> {
        let root = std::path::absolute(root).ok()?;
        let rel = abs.strip_prefix(&root).ok()?;
        Some((root.clone(), rel.to_string_lossy().replace('\\', "/")))
    };
    if let Some(root) = &args.corpus {
        return relative_to(root).ok_or_else(|| {
            CmdError::Message(msg::label_not_inside(
                &renda_core::display::path(file),
                &renda_core::display::path(root),
            ))
        });
    }
    let folders: Vec<PathBuf> = index::open(&args.index)
        .ok()
        .and_then(|idx| idx.meta)
        .map(|m| {
            m.folders
                .into_iter()
                .map(|f| PathBuf::from(f.path))
                .collect()
        })
        .unwrap_or_default();
    // The index holds its folders with links resolved: so is the file.
    let real = file
        .parent()
        .and_then(|d| {
            std::fs::canonicalize(if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            })
            .ok()
        })
        .zip(file.file_name())
        .map(|(d, n)| d.join(n));
    let indexed = folders
        .iter()
        .filter(|c| !c.as_os_str().is_empty())
        .find_map(|c| {
            relative_to(c).or_else(|| {
                let rel = real.as_ref()?.strip_prefix(c).ok()?;
                Some((c.clone(), rel.to_string_lossy().replace('\\', "/")))
            })
        });
    if let Some(found) = indexed {
        return Ok(found);
    }
    if let (Some(root), _) = super::parse::corpus_root(file) {
        return relative_to(&root)
            .ok_or_else(|| CmdError::Message(msg::label_cannot(&renda_core::display::path(file))));
    }
    Err(CmdError::Message(msg::label_which_corpus(
        &renda_core::display::path(file),
    )))
}

/// The arguments of the `renda index` that puts the label to use.
fn again(root: &Path, index: &Path) -> String {
    let mut args = renda_core::display::path(root);
    if index != Path::new("index") {
        args.push_str(&format!(" --index {}", renda_core::display::path(index)));
    }
    args
}
