//! Text of Word `.docx` files: the paragraphs of `word/document.xml`.
//!
//! A `.docx` is a zip archive; the body text lives in `word/document.xml` as
//! `w:p` paragraphs made of `w:r` runs holding `w:t` text. Each paragraph
//! (including those in tables and text boxes, in document order) becomes one
//! line. Deleted text (`w:delText`), field codes and the fallback copies of
//! drawings (`mc:Fallback`) are left out.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::normalize::is_blank;
use super::{LegacyFormat, MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_PARAGRAPH_BYTES, SkipReason};
use crate::files::size_of;

const DOCUMENT: &str = "word/document.xml";

/// Extract the text of a `.docx` (the bytes of the zip), one line per Word
/// paragraph.
///
/// Runs are joined without separator, `w:tab` gives a tab and `w:br` /
/// `w:cr` a line break; paragraphs are joined by `\n`. The text is not yet
/// [normalised](super::normalize).
///
/// Errors: [`SkipReason::DamagedDocx`] for a broken zip, a missing
/// `word/document.xml` or malformed XML; [`SkipReason::Empty`] for a
/// document without text; [`SkipReason::Legacy`] for an old binary `.doc`
/// that was renamed `.docx`.
pub fn docx_text(bytes: &[u8]) -> Result<String, SkipReason> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(SkipReason::Legacy(LegacyFormat::Doc));
    }
    let damaged = |detail: String| SkipReason::DamagedDocx(detail);
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive ({e})")))?;
    let xml = match archive.by_name(DOCUMENT) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Err(damaged(format!("no {DOCUMENT} inside"))),
        Err(e) => return Err(damaged(format!("cannot open {DOCUMENT} ({e})"))),
    };
    // A zip bomb inflates without end: read a bounded part of it.
    let mut bounded = xml.take(MAX_INFLATED_BYTES + 1);
    let parsed = paragraphs(BufReader::new(&mut bounded));
    if bounded.limit() == 0 {
        return Err(SkipReason::TooLarge(format!(
            "{DOCUMENT} inflates to more than {}",
            size_of(MAX_INFLATED_BYTES)
        )));
    }
    let text = parsed.map_err(|e| match e {
        Stop::Xml(e) => damaged(format!("{DOCUMENT}: {e}")),
        Stop::TooLarge(detail) => SkipReason::TooLarge(detail),
    })?;
    if is_blank(&text) {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

/// Why reading the XML stopped.
#[derive(Debug)]
enum Stop {
    Xml(String),
    TooLarge(String),
}

impl From<String> for Stop {
    fn from(e: String) -> Self {
        Stop::Xml(e)
    }
}

/// Stream the XML and collect the paragraphs' text, up to
/// [`MAX_PARAGRAPH_BYTES`] in a paragraph and [`MAX_FILE_BYTES`] in all.
fn paragraphs<R: BufRead>(input: R) -> Result<String, Stop> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut text = Text::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("{e} (at byte {})", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                text.depth += 1;
                text.start(e.name().as_ref());
            }
            Event::End(e) => {
                text.depth = text.depth.saturating_sub(1);
                text.end(e.name().as_ref());
            }
            Event::Empty(e) => text.empty(e.name().as_ref()),
            Event::Text(e) if text.wanted() => text.line.push_str(&e.xml10_content()),
            Event::CData(e) if text.wanted() => text.line.push_str(&e.xml10_content()),
            Event::GeneralRef(e) if text.wanted() => {
                let resolved = resolve(&e)?;
                text.line.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if text.line.len() > MAX_PARAGRAPH_BYTES {
            return Err(Stop::TooLarge(format!(
                "paragraph {} is more than the {} renda takes in one paragraph",
                text.paragraphs + 1,
                size_of(MAX_PARAGRAPH_BYTES as u64)
            )));
        }
        if text.out.len() + text.line.len() > MAX_FILE_BYTES as usize {
            return Err(Stop::TooLarge(format!(
                "its text is more than the {} renda reads",
                size_of(MAX_FILE_BYTES)
            )));
        }
    }
    if text.depth != 0 {
        return Err(Stop::Xml(
            "the XML ends before its last element is closed".into(),
        ));
    }
    if !text.line.is_empty() {
        text.flush();
    }
    Ok(text.out)
}

/// The text of an entity or character reference such as `&amp;` or `&#x4E2D;`.
fn resolve(reference: &BytesRef<'_>) -> Result<String, String> {
    if let Some(c) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c.to_string());
    }
    let name: &str = reference;
    resolve_predefined_entity(name)
        .map(str::to_owned)
        .ok_or_else(|| format!("unknown entity &{name};"))
}

/// Where the reader is in the document, and the text collected so far.
#[derive(Default)]
struct Text {
    out: String,
    line: String,
    /// Whether `out` holds at least one paragraph (so the next needs a `\n`).
    started: bool,
    /// Paragraphs ended so far.
    paragraphs: usize,
    /// Open elements, to notice a document that stops short.
    depth: usize,
    /// Open `w:r` runs and `w:t` texts.
    runs: usize,
    texts: usize,
    /// Open `mc:Fallback` elements, whose content repeats the `mc:Choice`.
    fallback: usize,
}

impl Text {
    fn wanted(&self) -> bool {
        self.texts > 0 && self.fallback == 0
    }

    fn start(&mut self, name: &str) {
        if name == "mc:Fallback" {
            self.fallback += 1;
        }
        if self.fallback > 0 {
            return;
        }
        match name {
            // A paragraph inside a paragraph (a text box): end the outer line first.
            "w:p" if !self.line.is_empty() => self.flush(),
            "w:r" => self.runs += 1,
            "w:t" => self.texts += 1,
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if name == "mc:Fallback" {
            self.fallback = self.fallback.saturating_sub(1);
            return;
        }
        if self.fallback > 0 {
            return;
        }
        match name {
            "w:p" => self.flush(),
            "w:r" => self.runs = self.runs.saturating_sub(1),
            "w:t" => self.texts = self.texts.saturating_sub(1),
            _ => {}
        }
    }

    fn empty(&mut self, name: &str) {
        if self.fallback > 0 {
            return;
        }
        match name {
            "w:p" => self.flush(),
            // Tab stops in paragraph properties are also `w:tab`: only runs count.
            "w:tab" if self.runs > 0 => self.line.push('\t'),
            "w:br" | "w:cr" if self.runs > 0 => self.line.push('\n'),
            "w:noBreakHyphen" if self.runs > 0 => self.line.push('-'),
            _ => {}
        }
    }

    /// End the current paragraph.
    fn flush(&mut self) {
        if self.started {
            self.out.push('\n');
        }
        self.out.push_str(&self.line);
        self.line.clear();
        self.started = true;
        self.paragraphs += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> Result<String, Stop> {
        let doc = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{xml}</w:body></w:document>"#
        );
        paragraphs(doc.as_bytes())
    }

    #[test]
    fn runs_tabs_breaks_and_entities() {
        let xml = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
            <w:r><w:t>各位</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">代表 </w:t></w:r>
            <w:r><w:tab/><w:t>A&amp;B &lt;C&gt; &#x4E2D;&#22269;</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>
            <w:p/><w:p><w:r><w:delText>删掉的</w:delText><w:instrText> PAGE </w:instrText><w:t>二</w:t></w:r></w:p>"#;
        assert_eq!(body(xml).unwrap(), "各位代表 \tA&B <C> 中国\n下一行\n\n二");
    }

    #[test]
    fn tables_in_order_and_fallback_skipped() {
        let xml = r#"<w:p><w:r><w:t>前</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t>框外</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">
            <w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice>
            <mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback>
            </mc:AlternateContent></w:r></w:p>"#;
        assert_eq!(body(xml).unwrap(), "前\n甲\n乙\n框外\n框内\n");
    }

    #[test]
    fn bad_xml_is_an_error() {
        assert!(body("<w:p><w:r><w:t>x</w:r></w:p>").is_err());
        assert!(body("<w:p><w:r><w:t>&nosuch;</w:t></w:r></w:p>").is_err());
        assert!(paragraphs(b"<w:document><w:body><w:p>".as_slice()).is_err());
        let long = format!(
            "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
            "字".repeat(MAX_PARAGRAPH_BYTES / 3 + 1)
        );
        let Err(Stop::TooLarge(detail)) = body(&format!("<w:p/>{long}")) else {
            panic!("a paragraph too long");
        };
        assert!(
            detail.starts_with("paragraph 2 is more than the 16 MiB"),
            "{detail}"
        );
    }

    #[test]
    fn not_a_zip() {
        let err = docx_text(b"plain text, not a zip").unwrap_err();
        assert_eq!(err.kind(), "damaged docx");
        assert!(err.to_string().starts_with("damaged .docx: "), "{err}");
        assert_eq!(
            docx_text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Err(SkipReason::Legacy(LegacyFormat::Doc))
        );
    }
}
