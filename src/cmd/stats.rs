//! `renda stats`: what the index holds.

use std::io::{self, Write};
use std::path::Path;

use crate::cli::{ParseFormat, StatsArgs};
use crate::cmd::{CmdError, Outcome};
use crate::i18n::msg;
use renda_core::index::{self, reader};
use renda_core::speech::Level;

use renda_core::index::reader::folder_counts;

pub fn run(args: &StatsArgs) -> Result<Outcome, CmdError> {
    let idx = index::open(&args.index)?;
    let st = reader::stats(&idx).map_err(|e| {
        CmdError::Message(msg::path_reason(
            &renda_core::display::path(&args.index),
            &e.to_string(),
        ))
    })?;
    let copies = idx.meta.as_ref().map(|m| m.copies()).unwrap_or_default();
    let folders = folder_counts(&idx)?;
    let mut out = io::stdout().lock();
    match args.format {
        ParseFormat::Json => {
            let value = crate::output::stats::json(&st, &copies, &folders)?;
            serde_json::to_writer(&mut out, &value).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ParseFormat::Text => {
            writeln!(
                out,
                "{}{}",
                msg::field_padded("index", 13),
                renda_core::display::path(&args.index)
            )?;
            writeln!(out, "{}{}", msg::field_padded("speeches", 13), st.speeches)?;
            if !folders.is_empty() {
                writeln!(out, "{}", msg::field_padded("folders", 0).trim_end())?;
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
                "{}{}",
                msg::field_padded("paragraphs", 13),
                msg::stats_paragraphs(st.paragraphs as u64, st.headings as u64)
            )?;
            writeln!(
                out,
                "{}{:.1} MB",
                msg::field_padded("size", 13),
                st.size as f64 / 1e6
            )?;
            writeln!(
                out,
                "{}{}",
                msg::field_padded("dictionary", 13),
                msg::stats_dictionary(
                    st.user_dictionary.then_some(index::DICT_FILE),
                    &st.dictionary
                )
            )?;
            if !copies.is_empty() {
                writeln!(
                    out,
                    "{}{}",
                    msg::field_padded("copies", 13),
                    msg::stats_copies(copies.len())
                )?;
                for c in &copies {
                    writeln!(
                        out,
                        "  {} = {}",
                        renda_core::display::escaped(&c.file),
                        renda_core::display::escaped(&c.of)
                    )?;
                }
            }
            writeln!(out, "\n{}", msg::stats_table(false))?;
            for (level, c) in &st.by_level {
                let name = match level.parse::<Level>() {
                    _ if level == reader::UNKNOWN => msg::unknown().to_string(),
                    Ok(l) => crate::i18n::pick(
                        l.as_chinese().to_string(),
                        format!("{} {}", l.as_chinese(), l.as_str()),
                    ),
                    Err(_) => level.clone(),
                };
                writeln!(
                    out,
                    "  {}{:>8}{:>12}",
                    pad(&name, 16),
                    c.speeches,
                    c.paragraphs
                )?;
            }
            writeln!(out, "\n{}", msg::stats_table(true))?;
            for (year, c) in &st.by_year {
                let year = if year == reader::UNKNOWN {
                    msg::unknown()
                } else {
                    year.as_str()
                };
                writeln!(
                    out,
                    "  {}{:>8}{:>12}",
                    pad(year, 16),
                    c.speeches,
                    c.paragraphs
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// `s` padded with spaces to `width` columns (a Chinese character takes two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
