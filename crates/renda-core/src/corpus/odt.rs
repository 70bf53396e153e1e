//! Text of OpenDocument text files (`.odt`, `.ott`): the paragraphs of
//! `content.xml`.
//!
//! An `.odt` is a zip archive like a `.docx`, its body in `content.xml`:
//! `text:p` paragraphs and `text:h` headings (their `text:outline-level`
//! is the heading's depth), in lists and sections too; `text:s` stands for
//! spaces, `text:tab` for a tab, `text:line-break` for a line break. A
//! table row becomes one paragraph, its cells joined by a tab. Footnotes
//! and endnotes (`text:note`), comments (`office:annotation`) and tracked
//! deletions (`text:tracked-changes`) are left out. An encrypted file (its
//! manifest holds `manifest:encryption-data`) says so.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::guard::{Budget, too_many_paragraphs, too_much_text};
use super::{
    Damage, MAX_PARAGRAPHS, MAX_TEXT_BYTES, Para, ParaKind, SkipReason, TooLarge, xml_attr as attr,
};

const CONTENT: &str = "content.xml";
const MANIFEST: &str = "META-INF/manifest.xml";

fn damaged(detail: Damage) -> SkipReason {
    SkipReason::Damaged {
        format: ".odt",
        detail,
    }
}

/// The paragraphs of an `.odt`, each marked as a heading, a table row or
/// body text.
pub fn odt_paragraphs(bytes: &[u8]) -> Result<Vec<Para>, SkipReason> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(Damage::NotZip(e.to_string())))?;
    if let Ok(manifest) = archive.by_name(MANIFEST) {
        let mut text = String::new();
        if manifest
            .take(super::MAX_INFLATED_BYTES)
            .read_to_string(&mut text)
            .is_ok()
            && text.contains("encryption-data")
        {
            return Err(SkipReason::Encrypted { format: ".odt" });
        }
    }
    // A zip bomb inflates without end: read a bounded part of it.
    let mut xml = String::new();
    archive
        .by_name(CONTENT)
        .map_err(|e| match e {
            zip::result::ZipError::FileNotFound => damaged(Damage::NoPart(CONTENT)),
            e => damaged(Damage::PartUnreadable {
                part: CONTENT,
                opened: false,
                error: e.to_string(),
            }),
        })?
        .take(super::MAX_INFLATED_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| {
            damaged(Damage::PartUnreadable {
                part: CONTENT,
                opened: true,
                error: e.to_string(),
            })
        })?;
    if xml.len() as u64 > super::MAX_INFLATED_BYTES {
        return Err(SkipReason::TooLarge(TooLarge::Inflates {
            part: CONTENT,
            limit: super::MAX_INFLATED_BYTES,
        }));
    }
    if let Some(long) = xml
        .split("</text:p>")
        .map(str::len)
        .find(|n| *n > super::MAX_PARAGRAPH_BYTES)
    {
        return Err(SkipReason::TooLarge(TooLarge::AParagraph {
            size: long as u64,
            limit: super::MAX_PARAGRAPH_BYTES as u64,
        }));
    }
    let paras = paragraphs_within(&xml, &mut Budget::new(".odt"))?;
    if paras.iter().all(|p| p.text.trim().is_empty()) {
        return Err(SkipReason::Empty);
    }
    Ok(paras)
}

/// Where the reader stands in `content.xml`.
#[derive(Default)]
struct State {
    out: Vec<Para>,
    line: String,
    /// Open text:p / text:h, and the heading level of the outermost.
    paragraphs: usize,
    level: Option<u8>,
    /// Open elements whose text is left out (notes, comments, deletions).
    skip: usize,
    /// Open tables; the current row's cells and cell.
    tables: usize,
    cells: Vec<String>,
    cell: String,
    depth: usize,
    /// Bytes of text in `out` and `cells`.
    bytes: usize,
}

fn skipped(name: &str) -> bool {
    matches!(
        name,
        "text:note" | "office:annotation" | "text:tracked-changes" | "text:bookmark-ref"
    )
}

impl State {
    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.name();
        let name = name.as_ref();
        if skipped(name) {
            self.skip += 1;
        }
        if self.skip > 0 {
            return;
        }
        match name {
            "text:p" | "text:h" => {
                // A paragraph inside a paragraph (a text box): end the outer line first.
                if self.paragraphs > 0 && !self.line.is_empty() {
                    self.flush();
                }
                if self.paragraphs == 0 && name == "text:h" {
                    self.level = attr(e, "text:outline-level")
                        .and_then(|l| l.parse().ok())
                        .or(Some(1));
                }
                self.paragraphs += 1;
            }
            "table:table" => self.tables += 1,
            "table:table-row" if self.tables == 1 => self.end_row(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if skipped(name) {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        if self.skip > 0 {
            return;
        }
        match name {
            "text:p" | "text:h" => {
                self.paragraphs = self.paragraphs.saturating_sub(1);
                if self.paragraphs == 0 {
                    self.flush();
                }
            }
            "table:table-cell" if self.tables == 1 => {
                let cell = std::mem::take(&mut self.cell);
                self.cells.push(cell);
            }
            "table:table-row" if self.tables == 1 => self.end_row(),
            "table:table" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.end_row();
                }
            }
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        if self.skip > 0 {
            return;
        }
        let name = e.name();
        match name.as_ref() {
            "text:s" if self.paragraphs > 0 => {
                let n: usize = attr(e, "text:c").and_then(|c| c.parse().ok()).unwrap_or(1);
                self.line.extend(std::iter::repeat_n(' ', n.min(1000)));
            }
            "text:tab" if self.paragraphs > 0 => self.line.push('\t'),
            "text:line-break" if self.paragraphs > 0 => self.line.push('\n'),
            "text:p" | "text:h" if self.paragraphs == 0 && self.tables == 0 => {
                self.out.push(Para::body(""));
            }
            "table:table-cell" | "table:covered-table-cell" if self.tables == 1 => {
                self.cells.push(String::new())
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        let level = self.level.take();
        if self.tables > 0 {
            super::push_cell_text(&mut self.cell, &line);
            return;
        }
        let kind = match level.filter(|l| (1..=3).contains(l)) {
            Some(l) if !line.trim().is_empty() => ParaKind::Heading(l),
            _ => ParaKind::Body,
        };
        self.bytes += line.len() + 1;
        self.out.push(Para { text: line, kind });
    }

    fn end_row(&mut self) {
        if !self.cell.is_empty() {
            let cell = std::mem::take(&mut self.cell);
            self.bytes += cell.len() + 1;
            self.cells.push(cell);
        }
        let cells = std::mem::take(&mut self.cells);
        self.out.extend(super::table_row(&cells));
    }
}

/// The paragraphs of `content.xml`, within `budget`: the reader stops
/// at the first paragraph or byte of text over it.
fn paragraphs_within(xml: &str, budget: &mut Budget) -> Result<Vec<Para>, SkipReason> {
    paragraphs(xml, budget).map_err(|e| match e {
        Stop::Xml(error) => damaged(Damage::BadXml {
            part: CONTENT,
            error,
        }),
        Stop::Budget(reason) => reason,
    })
}

/// Why reading `content.xml` stopped.
enum Stop {
    Xml(String),
    Budget(SkipReason),
}

impl From<String> for Stop {
    fn from(e: String) -> Self {
        Stop::Xml(e)
    }
}

/// The paragraphs of `content.xml`.
fn paragraphs(xml: &str, budget: &mut Budget) -> Result<Vec<Para>, Stop> {
    let mut reader = Reader::from_str(xml);
    let mut st = State::default();
    let mut in_body = false;
    loop {
        budget.tick().map_err(Stop::Budget)?;
        if st.out.len() > MAX_PARAGRAPHS || st.cells.len() > MAX_PARAGRAPHS {
            return Err(Stop::Budget(too_many_paragraphs()));
        }
        if st.bytes + st.line.len() + st.cell.len() > MAX_TEXT_BYTES {
            return Err(Stop::Budget(too_much_text()));
        }
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} (at byte {})", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                st.depth += 1;
                if e.name().as_ref() == "office:text" {
                    in_body = true;
                }
                if in_body {
                    st.start(&e);
                }
            }
            Event::End(e) => {
                st.depth = st.depth.saturating_sub(1);
                if e.name().as_ref() == "office:text" {
                    in_body = false;
                }
                if in_body {
                    st.end(e.name().as_ref());
                }
            }
            Event::Empty(e) if in_body => st.empty(&e),
            Event::Text(e) if in_body && st.paragraphs > 0 && st.skip == 0 => {
                // Outside `text:s`, XML white space in a paragraph is layout.
                let t = e.xml10_content();
                st.line.push_str(&t.replace(['\n', '\r'], ""));
            }
            Event::GeneralRef(e) if in_body && st.paragraphs > 0 && st.skip == 0 => {
                if let Ok(Some(c)) = e.resolve_char_ref() {
                    st.line.push(c);
                } else {
                    let name: &str = &e;
                    match quick_xml::escape::resolve_predefined_entity(name) {
                        Some(s) => st.line.push_str(s),
                        None => return Err(format!("unknown entity &{name};").into()),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if st.depth != 0 {
        return Err(Stop::Xml(
            "the XML ends before its last element is closed".into(),
        ));
    }
    Ok(st.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{inner}</office:text></office:body></office:document-content>"#
        )
    }

    #[test]
    fn headings_spaces_notes_and_tables() {
        let xml = body(
            r#"<text:h text:outline-level="2">（一）加强学习</text:h>
            <text:p>人大<text:span>代表</text:span><text:s text:c="2"/>履职<text:note><text:note-body><text:p>注释</text:p></text:note-body></text:note>。</text:p>
            <text:p/>
            <table:table><table:table-row><table:table-cell><text:p>甲</text:p></table:table-cell><table:table-cell><text:p>乙</text:p><text:p>丙</text:p></table:table-cell></table:table-row></table:table>
            <text:list><text:list-item><text:p>一项</text:p></text:list-item></text:list>"#,
        );
        let got = paragraphs_within(&xml, &mut Budget::new(".odt")).unwrap();
        let texts: Vec<(&str, ParaKind)> = got.iter().map(|p| (p.text.as_str(), p.kind)).collect();
        assert_eq!(
            texts,
            [
                ("（一）加强学习", ParaKind::Heading(2)),
                ("人大代表  履职。", ParaKind::Body),
                ("", ParaKind::Body),
                ("甲\t乙 丙", ParaKind::TableRow),
                ("一项", ParaKind::Body),
            ]
        );
    }

    #[test]
    fn broken_files() {
        assert_eq!(
            odt_paragraphs(b"not a zip").unwrap_err().kind(),
            "damaged file"
        );
        assert!(paragraphs_within(&body("<text:p>未闭合"), &mut Budget::new(".odt")).is_err());
    }
}
