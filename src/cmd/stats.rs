//! `renda stats`: what the index holds.

use std::io::{self, Write};
use std::path::Path;

use crate::cli::{ParseFormat, StatsArgs};
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use crate::index::{self, reader};
use crate::index::{RendaIndex, writer};
use crate::speech::Level;

/// A folder of the index and how many speeches it has there.
#[derive(Debug, serde::Serialize)]
pub struct FolderCount {
    pub path: String,
    pub label: String,
    pub speeches: usize,
}

/// The index's folders, each with its speeches (one per file indexed).
pub fn folder_counts(idx: &RendaIndex) -> Result<Vec<FolderCount>, CmdError> {
    let Some(meta) = &idx.meta else {
        return Ok(Vec::new());
    };
    let mut counts: Vec<FolderCount> = meta
        .folders
        .iter()
        .map(|f| FolderCount {
            path: f.path.clone(),
            label: f.label.clone(),
            speeches: 0,
        })
        .collect();
    for key in writer::indexed_files(idx)?.keys() {
        if let Some(i) = meta.folders.iter().position(|f| f.rel(key).is_some()) {
            counts[i].speeches += 1;
        }
    }
    Ok(counts)
}

/// What `renda stats --format json` prints.
pub fn json(
    st: &reader::Stats,
    copies: &[crate::ingest::CopyOf],
    folders: &[FolderCount],
) -> Result<serde_json::Value, CmdError> {
    let mut value = serde_json::to_value(st).map_err(io::Error::other)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "copies".into(),
            serde_json::to_value(copies).map_err(io::Error::other)?,
        );
        obj.insert(
            "folders".into(),
            serde_json::to_value(folders).map_err(io::Error::other)?,
        );
    }
    Ok(value)
}

pub fn run(args: &StatsArgs) -> Result<Outcome, CmdError> {
    let idx = index::open(&args.index)?;
    let st = reader::stats(&idx)
        .map_err(|e| CmdError::Message(format!("{}: {e}", crate::display::path(&args.index))))?;
    let copies = idx.meta.as_ref().map(|m| m.copies()).unwrap_or_default();
    let folders = folder_counts(&idx)?;
    let mut out = io::stdout().lock();
    match args.format {
        ParseFormat::Json => {
            let value = json(&st, &copies, &folders)?;
            serde_json::to_writer(&mut out, &value).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ParseFormat::Text => {
            writeln!(out, "index:       {}", crate::display::path(&args.index))?;
            writeln!(out, "speeches:    {}", st.speeches)?;
            if !folders.is_empty() {
                writeln!(out, "{}:", msg::stats_folders())?;
                for f in &folders {
                    writeln!(
                        out,
                        "  {}",
                        msg::stats_folder(Path::new(&f.path), &f.label, f.speeches)
                    )?;
                }
            }
            writeln!(
                out,
                "paragraphs:  {} (and {} headings)",
                st.paragraphs, st.headings
            )?;
            writeln!(out, "size:        {:.1} MB", st.size as f64 / 1e6)?;
            let dict = if st.user_dictionary {
                format!("renda's 人大 dictionary + {}", index::DICT_FILE)
            } else {
                "renda's 人大 dictionary".to_string()
            };
            writeln!(out, "dictionary:  {dict} ({})", st.dictionary)?;
            if !copies.is_empty() {
                writeln!(
                    out,
                    "copies:      {} {} of other files, kept once",
                    copies.len(),
                    if copies.len() == 1 {
                        "file is a copy"
                    } else {
                        "files are copies"
                    }
                )?;
                for c in &copies {
                    writeln!(out, "  {} = {}", c.file, c.of)?;
                }
            }
            writeln!(out, "\nby level          speeches  paragraphs")?;
            for (level, c) in &st.by_level {
                let name = match level.parse::<Level>() {
                    Ok(l) => format!("{} {}", l.as_chinese(), l.as_str()),
                    Err(_) => level.clone(),
                };
                writeln!(out, "  {name:<16}{:>8}{:>12}", c.speeches, c.paragraphs)?;
            }
            writeln!(out, "\nby year           speeches  paragraphs")?;
            for (year, c) in &st.by_year {
                writeln!(out, "  {year:<16}{:>8}{:>12}", c.speeches, c.paragraphs)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}
