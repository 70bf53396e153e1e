//! Print the summary that ends an indexing run.

use std::io::{self, Write};

use crate::i18n::msg;
use renda_core::ingest::Summary;

/// Copies listed by name in the summary; `renda stats` lists them all.
const LISTED: usize = 10;

/// Write the summary: files read, speeches, paragraphs, what was skipped and
/// removed, by reason.
pub fn write(w: &mut impl Write, s: &Summary) -> io::Result<()> {
    if s.files == 0 && s.unchanged > 0 && s.deleted == 0 {
        writeln!(w, "{}", msg::up_to_date(s.unchanged))?;
    } else {
        writeln!(w, "{}", msg::files_read(s.files, s.speeches, s.paragraphs))?;
    }
    if s.unchanged > 0 && s.files > 0 {
        writeln!(w, "{}", msg::unchanged(s.unchanged))?;
    }
    if s.deleted > 0 {
        writeln!(w, "{}", msg::removed_gone(s.deleted))?;
    }
    if !s.copies.is_empty() {
        writeln!(w, "{}", msg::copies_kept_once(s.copies.len()))?;
        for c in s.copies.iter().take(LISTED) {
            writeln!(
                w,
                "  {} = {}",
                renda_core::display::escaped(&c.file),
                renda_core::display::escaped(&c.of)
            )?;
        }
        if s.copies.len() > LISTED {
            writeln!(w, "  {}", msg::and_more_copies(s.copies.len() - LISTED))?;
        }
    }
    if s.skipped_total() > 0 {
        let parts: Vec<String> = s
            .skipped
            .iter()
            .map(|(k, n)| {
                format!(
                    "{n} {}",
                    crate::i18n::corpus::skip_kind(crate::i18n::lang(), k)
                )
            })
            .collect();
        writeln!(
            w,
            "{}",
            msg::skipped_files(s.skipped_total(), &parts.join(msg::list_sep()))
        )?;
    }
    if !s.removed.is_empty() {
        let parts: Vec<String> = s
            .removed
            .iter()
            .map(|(k, n)| format!("{n} {}", msg::removal_kind(k)))
            .collect();
        writeln!(w, "{}", msg::lines_removed(&parts.join(msg::list_sep())))?;
    }
    if s.ignored > 0 {
        writeln!(w, "{}", msg::documentation_passed_over(s.ignored))?;
    }
    Ok(())
}
