//! Print the summary that ends an indexing run.

use std::io::{self, Write};

use crate::ingest::Summary;

/// Copies listed by name in the summary; `renda stats` lists them all.
const LISTED: usize = 10;

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Write the summary: files read, speeches, paragraphs, what was skipped and
/// removed, by reason.
pub fn write(w: &mut impl Write, s: &Summary) -> io::Result<()> {
    if s.files == 0 && s.unchanged > 0 && s.deleted == 0 {
        writeln!(
            w,
            "the index is up to date: {} unchanged since the last run",
            count(s.unchanged, "file", "files")
        )?;
    } else {
        writeln!(
            w,
            "{} read: {}, {}",
            count(s.files, "file", "files"),
            count(s.speeches, "speech", "speeches"),
            count(s.paragraphs, "paragraph", "paragraphs")
        )?;
    }
    if s.unchanged > 0 && s.files > 0 {
        writeln!(
            w,
            "{} unchanged since the last run",
            count(s.unchanged, "file", "files")
        )?;
    }
    if s.deleted > 0 {
        writeln!(
            w,
            "{} gone from the folder, removed from the index",
            count(s.deleted, "file", "files")
        )?;
    }
    if !s.copies.is_empty() {
        writeln!(
            w,
            "{} of other files kept once",
            count(s.copies.len(), "copy", "copies")
        )?;
        for c in s.copies.iter().take(LISTED) {
            writeln!(w, "  {} = {}", c.file, c.of)?;
        }
        if s.copies.len() > LISTED {
            writeln!(
                w,
                "  … and {} more (renda stats lists them all)",
                s.copies.len() - LISTED
            )?;
        }
    }
    if s.skipped_total() > 0 {
        let parts: Vec<String> = s.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(
            w,
            "{} skipped: {}",
            count(s.skipped_total(), "file", "files"),
            parts.join(", ")
        )?;
    }
    if !s.removed.is_empty() {
        let parts: Vec<String> = s.removed.iter().map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(w, "lines removed while cleaning: {}", parts.join(", "))?;
    }
    if s.ignored > 0 {
        writeln!(
            w,
            "{} passed over (README, metadata.csv)",
            count(s.ignored, "documentation file", "documentation files")
        )?;
    }
    Ok(())
}
