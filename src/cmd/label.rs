//! `renda label FILE --level … --year … --region … --title …`: set a
//! speech's labels in the corpus's `metadata.csv`.

use std::path::{Path, PathBuf};

use crate::cli::LabelArgs;
use crate::cmd::{CmdError, Outcome};
use crate::index;
use crate::speech::{LabelUpdate, MetadataTable};

pub fn run(args: &LabelArgs) -> Result<Outcome, CmdError> {
    let file = &args.file;
    if !file.is_file() {
        return Err(CmdError::Message(format!(
            "{}: no such file",
            file.display()
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
        return Err(CmdError::Message(
            "nothing to set: give --level, --year, --date, --region or --title".into(),
        ));
    }
    if let (Some(d), Some(y)) = (args.date, args.year)
        && d.year != y
    {
        return Err(CmdError::Message(format!(
            "--date {d} is not in --year {y}"
        )));
    }
    let (root, rel) = root_of(file, args)?;
    let path = MetadataTable::write_label(&root, &rel, &update)
        .map_err(|e| CmdError::Message(e.to_string()))?;
    let mut set: Vec<String> = Vec::new();
    if let Some(l) = update.level {
        set.push(format!("level={l}"));
    }
    if let Some(d) = update.date {
        set.push(format!("date={d}"));
    } else if let Some(y) = update.year {
        set.push(format!("year={y}"));
    }
    if let Some(r) = &update.region {
        set.push(format!("region={r}"));
    }
    if let Some(t) = &update.title {
        set.push(format!("title={t}"));
    }
    println!(
        "{}: {rel}: {}; run `renda index {}` to use it",
        path.display(),
        set.join(", "),
        root.display()
    );
    Ok(Outcome::Success)
}

/// The corpus root and the file's path relative to it: `--corpus`, else the
/// nearest folder above the file with a `metadata.csv`, else the corpus the
/// index holds that the file lies in.
fn root_of(file: &Path, args: &LabelArgs) -> Result<(PathBuf, String), CmdError> {
    let abs = std::path::absolute(file)?;
    let relative_to = |root: &Path| -> Option<(PathBuf, String)> {
        let root = std::path::absolute(root).ok()?;
        let rel = abs.strip_prefix(&root).ok()?;
        Some((root.clone(), rel.to_string_lossy().replace('\\', "/")))
    };
    if let Some(root) = &args.corpus {
        return relative_to(root).ok_or_else(|| {
            CmdError::Message(format!(
                "{}: not inside the corpus folder {}",
                file.display(),
                root.display()
            ))
        });
    }
    if let (Some(root), _) = super::parse::corpus_root(file) {
        return relative_to(&root)
            .ok_or_else(|| CmdError::Message(format!("{}: cannot be labelled", file.display())));
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
    folders
        .iter()
        .filter(|c| !c.as_os_str().is_empty())
        .find_map(|c| {
            relative_to(c).or_else(|| {
                let rel = real.as_ref()?.strip_prefix(c).ok()?;
                Some((c.clone(), rel.to_string_lossy().replace('\\', "/")))
            })
        })
        .ok_or_else(|| {
            CmdError::Message(format!(
                "{}: which corpus? no metadata.csv above it and not in the indexed folder; give --corpus DIR",
                file.display()
            ))
        })
}
