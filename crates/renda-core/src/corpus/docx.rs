//! Text of Word `.docx` files: the paragraphs of `word/document.xml`.
//!
//! A `.docx` is a zip archive; the body text lives in `word/document.xml` as
//! `w:p` paragraphs made of `w:r` runs holding `w:t` text. Each paragraph
//! (including those in text boxes, in document order) becomes one line; a
//! table row becomes one line, its cells joined by a tab (the paragraphs of
//! one cell by a space). Deleted text (`w:delText`), field codes and the
//! fallback copies of drawings (`mc:Fallback`) are left out.
//!
//! A paragraph is a heading when its style is Heading 1–3 — by the style's
//! name (`heading 1`, or 标题 1 as WPS names it) or id (`Heading1`), both
//! resolved through `word/styles.xml` — or when its outline level, its own
//! or its style's (inherited through `w:basedOn`), is 1–3.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::guard::{Budget, too_many_paragraphs};
use super::normalize::is_blank;
use super::{
    Damage, LegacyFormat, MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_PARAGRAPH_BYTES, MAX_PARAGRAPHS,
    Para, ParaKind, SkipReason, TooLarge, xml_attr as attr,
};

const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";

/// Extract the text of a `.docx` (the bytes of the zip), one line per Word
/// paragraph or table row: the lines of [`docx_paragraphs`] joined by `\n`.
///
/// Runs are joined without separator, `w:tab` gives a tab and `w:br` /
/// `w:cr` a line break. The text is not yet [normalised](super::normalize).
///
/// Errors: [`SkipReason::DamagedDocx`] for a broken zip, a missing
/// `word/document.xml` or malformed XML; [`SkipReason::Empty`] for a
/// document without text; [`SkipReason::Legacy`] for an old binary `.doc`
/// that was renamed `.docx`.
pub fn docx_text(bytes: &[u8]) -> Result<String, SkipReason> {
    let paras = docx_paragraphs(bytes)?;
    Ok(paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The paragraphs of a `.docx`, each marked as a heading, a table row or
/// body text. Errors as for [`docx_text`].
pub fn docx_paragraphs(bytes: &[u8]) -> Result<Vec<Para>, SkipReason> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(SkipReason::Legacy(LegacyFormat::Doc));
    }
    let damaged = SkipReason::DamagedDocx;
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(Damage::NotZip(e.to_string())))?;
    // Styles are optional: a file without them has no heading styles.
    let styles = match archive.by_name(STYLES) {
        Ok(file) => {
            heading_styles(BufReader::new(file.take(MAX_INFLATED_BYTES))).unwrap_or_default()
        }
        Err(_) => Styles::default(),
    };
    let xml = match archive.by_name(DOCUMENT) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Err(damaged(Damage::NoPart(DOCUMENT))),
        Err(e) => {
            return Err(damaged(Damage::PartUnreadable {
                part: DOCUMENT,
                opened: false,
                error: e.to_string(),
            }));
        }
    };
    // A zip bomb inflates without end: read a bounded part of it.
    let mut bounded = xml.take(MAX_INFLATED_BYTES + 1);
    let parsed = paragraphs_with(BufReader::new(&mut bounded), &styles);
    if bounded.limit() == 0 {
        return Err(SkipReason::TooLarge(TooLarge::Inflates {
            part: DOCUMENT,
            limit: MAX_INFLATED_BYTES,
        }));
    }
    let paras = parsed.map_err(|e| match e {
        Stop::Xml(error) => damaged(Damage::BadXml {
            part: DOCUMENT,
            error,
        }),
        Stop::TooLarge(detail) => SkipReason::TooLarge(detail),
        Stop::Budget(reason) => reason,
    })?;
    if paras.iter().all(|p| is_blank(&p.text)) {
        return Err(SkipReason::Empty);
    }
    Ok(paras)
}

/// The heading level (1–3) of each paragraph style that has one, by style id.
#[derive(Debug, Default)]
struct Styles {
    level: HashMap<String, u8>,
}

/// Read `word/styles.xml`: each paragraph style's name, id, outline level
/// and base, and from them which styles are headings.
fn heading_styles<R: BufRead>(input: R) -> Result<Styles, String> {
    #[derive(Default)]
    struct Style {
        id: String,
        name: Option<String>,
        outline: Option<u8>,
        based_on: Option<String>,
    }
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut all: HashMap<String, Style> = HashMap::new();
    let mut cur: Option<Style> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "w:style" => {
                        let paragraph = attr(e, "w:type").is_none_or(|t| t == "paragraph");
                        let style = Style {
                            id: attr(e, "w:styleId").unwrap_or_default(),
                            ..Default::default()
                        };
                        if paragraph && !empty {
                            cur = Some(style);
                        }
                    }
                    "w:name" => {
                        if let Some(s) = cur.as_mut() {
                            s.name = attr(e, "w:val");
                        }
                    }
                    "w:basedOn" => {
                        if let Some(s) = cur.as_mut() {
                            s.based_on = attr(e, "w:val");
                        }
                    }
                    "w:outlineLvl" => {
                        if let Some(s) = cur.as_mut() {
                            s.outline = attr(e, "w:val").and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.name().as_ref() == "w:style" => {
                if let Some(s) = cur.take() {
                    all.insert(s.id.clone(), s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let by_name = |s: &Style| {
        s.name
            .as_deref()
            .and_then(super::doc::heading_level_of_name)
            .or_else(|| super::doc::heading_level_of_name(&s.id))
    };
    let mut styles = Styles::default();
    for s in all.values() {
        // The outline level, the style's own or its base's.
        let mut outline = None;
        let mut at = Some(s);
        for _ in 0..10 {
            let Some(st) = at else { break };
            if let Some(o) = st.outline {
                outline = Some(o);
                break;
            }
            at = st.based_on.as_ref().and_then(|b| all.get(b));
        }
        let level = by_name(s).or(outline.filter(|&o| o < 9).map(|o| o + 1));
        if let Some(l) = level.filter(|l| (1..=3).contains(l)) {
            styles.level.insert(s.id.clone(), l);
        }
    }
    Ok(styles)
}

/// Why reading the XML stopped.
#[derive(Debug)]
enum Stop {
    Xml(String),
    TooLarge(TooLarge),
    /// The file's budget of time or paragraphs ran out.
    Budget(SkipReason),
}

impl From<String> for Stop {
    fn from(e: String) -> Self {
        Stop::Xml(e)
    }
}

/// Stream the XML and collect the paragraphs' text, one line each.
#[cfg(test)]
fn paragraphs<R: BufRead>(input: R) -> Result<String, Stop> {
    let paras = paragraphs_with(input, &Styles::default())?;
    Ok(paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Stream the XML and collect the paragraphs, marked, up to
/// [`MAX_PARAGRAPH_BYTES`] in a paragraph and [`MAX_FILE_BYTES`] in all.
fn paragraphs_with<R: BufRead>(input: R, styles: &Styles) -> Result<Vec<Para>, Stop> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut budget = Budget::new(".docx");
    let mut text = Text {
        styles,
        out: Vec::new(),
        line: String::new(),
        depth: 0,
        runs: 0,
        texts: 0,
        fallback: 0,
        ppr: 0,
        style: None,
        outline: None,
        tables: 0,
        cells: Vec::new(),
        cell: String::new(),
        bytes: 0,
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("{e} (at byte {})", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                text.depth += 1;
                text.start(&e);
            }
            Event::End(e) => {
                text.depth = text.depth.saturating_sub(1);
                text.end(e.name().as_ref());
            }
            Event::Empty(e) => text.empty(&e),
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
        budget.tick().map_err(Stop::Budget)?;
        if text.out.len() > MAX_PARAGRAPHS || text.cells.len() > MAX_PARAGRAPHS {
            return Err(Stop::Budget(too_many_paragraphs()));
        }
        if text.line.len() > MAX_PARAGRAPH_BYTES || text.cell.len() > MAX_PARAGRAPH_BYTES {
            return Err(Stop::TooLarge(TooLarge::Paragraph {
                n: text.out.len() + 1,
                limit: MAX_PARAGRAPH_BYTES as u64,
            }));
        }
        if text.bytes + text.line.len() + text.cell.len() > MAX_FILE_BYTES as usize {
            return Err(Stop::TooLarge(TooLarge::Text {
                limit: MAX_FILE_BYTES,
            }));
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
    text.end_row();
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

/// Where the reader is in the document, and the paragraphs collected so far.
struct Text<'s> {
    styles: &'s Styles,
    out: Vec<Para>,
    line: String,
    /// Open elements, to notice a document that stops short.
    depth: usize,
    /// Open `w:r` runs and `w:t` texts.
    runs: usize,
    texts: usize,
    /// Open `mc:Fallback` elements, whose content repeats the `mc:Choice`.
    fallback: usize,
    /// Open `w:pPr`, and the style and outline level it gave.
    ppr: usize,
    style: Option<String>,
    outline: Option<u8>,
    /// Open `w:tbl`; the cells of the current row and the current cell.
    tables: usize,
    cells: Vec<String>,
    cell: String,
    /// Bytes of text collected so far, cells of the current row included.
    bytes: usize,
}

impl Text<'_> {
    fn wanted(&self) -> bool {
        self.texts > 0 && self.fallback == 0
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.name();
        let name = name.as_ref();
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
            "w:pPr" => self.ppr += 1,
            "w:tbl" => self.tables += 1,
            "w:tr" if self.tables == 1 => self.end_row(),
            _ => self.property(e),
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
            "w:pPr" => self.ppr = self.ppr.saturating_sub(1),
            "w:tc" if self.tables == 1 => {
                let cell = std::mem::take(&mut self.cell);
                self.bytes += cell.len() + 1;
                self.cells.push(cell);
            }
            "w:tr" if self.tables == 1 => self.end_row(),
            "w:tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.end_row();
                }
            }
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        if self.fallback > 0 {
            return;
        }
        match e.name().as_ref() {
            "w:p" => self.flush(),
            // Tab stops in paragraph properties are also `w:tab`: only runs count.
            "w:tab" if self.runs > 0 => self.line.push('\t'),
            "w:br" | "w:cr" if self.runs > 0 => self.line.push('\n'),
            "w:noBreakHyphen" if self.runs > 0 => self.line.push('-'),
            "w:tc" if self.tables == 1 => self.cells.push(String::new()),
            _ => self.property(e),
        }
    }

    /// A paragraph property: its style or outline level.
    fn property(&mut self, e: &BytesStart<'_>) {
        if self.ppr == 0 || self.runs > 0 {
            return;
        }
        match e.name().as_ref() {
            "w:pStyle" => self.style = attr(e, "w:val"),
            "w:outlineLvl" => self.outline = attr(e, "w:val").and_then(|v| v.parse().ok()),
            _ => {}
        }
    }

    /// End the current paragraph.
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        let style = self.style.take();
        let outline = self.outline.take();
        if self.tables > 0 {
            // A paragraph of a table cell: part of the cell's text.
            super::push_cell_text(&mut self.cell, &line);
            return;
        }
        let level = match outline {
            Some(o) => (o < 9).then_some(o + 1),
            None => style.and_then(|s| self.styles.level.get(&s).copied()),
        };
        let kind = match level.filter(|l| (1..=3).contains(l)) {
            Some(l) if !line.trim().is_empty() => ParaKind::Heading(l),
            _ => ParaKind::Body,
        };
        self.bytes += line.len() + 1;
        self.out.push(Para { text: line, kind });
    }

    /// End the current table row, if any: its cells joined by a tab.
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
        assert_eq!(body(xml).unwrap(), "前\n甲\t乙\n框外\n框内\n");
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
            detail
                .to_string()
                .starts_with("paragraph 2 is more than the 16 MiB"),
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
