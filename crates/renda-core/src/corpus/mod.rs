//! Walk a folder of transcripts and decode each file into text.
//!
//! This is the first step of indexing: [`walk`] lists the files under a
//! corpus folder (and says why it passes over the ones it cannot use), and
//! [`read_document`] turns one file into clean Unicode text:
//!
//! - plain text (`.txt`, `.text`, `.md`, `.markdown`) in UTF-8 (with or
//!   without BOM), UTF-16 with BOM, or GB18030/GBK without BOM — what
//!   Chinese Windows tools save — see [`decode_text`];
//! - Word `.docx` (and macro-enabled `.docm`), one line per paragraph, with
//!   Heading 1–3 styles and outline levels marked as headings and table
//!   rows as rows — see [`docx_paragraphs`];
//! - Word 97–2003 `.doc` and WPS 2003+ `.wps` (OLE compound files) — see
//!   [`doc_paragraphs`];
//! - OpenDocument `.odt`, as `.docx` — see [`odt_paragraphs`];
//! - `.pdf`, its text layer page by page, with wrapped lines rejoined and
//!   page headers, footers and numbers dropped — see [`pdf_paragraphs`];
//! - saved web pages (`.html`, `.htm`, `.mhtml`, `.mht`), the article text
//!   only, with the page's title and publication line in [`PageMeta`] — see
//!   [`html_page`].
//!
//! Every reader gives the same thing: a list of [`Para`]s, each a line of
//! text that may be marked as a heading or a table row. Text is then passed
//! through [`normalize`] (line ends, odd spaces, invisible characters) and
//! nothing else: the wording is never changed.
//!
//! Nothing here panics on bad input (the PDF and OLE readers run behind a
//! guard that turns a panic of the library into a skip reason). A file that
//! cannot be used yields a [`SkipReason`] that tells the user what is wrong
//! and, where it can, what to do about it.

mod decode;
mod doc;
mod docx;
mod guard;
mod html;
mod normalize;
mod odt;
mod pdf;
pub mod pdf_check;
mod skip;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use decode::decode_text;
pub use doc::doc_paragraphs;
pub use docx::{docx_paragraphs, docx_text};
pub use html::{PageMeta, html_page, mhtml_page};
pub use normalize::normalize;
pub use odt::odt_paragraphs;
pub use pdf::pdf_paragraphs;
pub use skip::{Damage, LegacyFormat, OleKind, SkipReason, Skipped, TooLarge, WordFault};
pub use walk::{walk, walk_links};

/// Whether a character is Chinese (or other CJK) text or full-width punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// One paragraph as a reader found it: a line of text (it may hold line
/// breaks of its own) and what the format said it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    pub kind: ParaKind,
}

/// The value of attribute `name` of an XML element, unescaped.
pub(crate) fn xml_attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Add a paragraph of a table cell to the cell's text: its line breaks
/// become spaces, paragraphs are joined by a space.
pub(crate) fn push_cell_text(cell: &mut String, text: &str) {
    let text = text.replace('\n', " ");
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}

/// A table row as one paragraph, its cells joined by a tab; `None` for a
/// row of empty cells.
pub(crate) fn table_row(cells: &[String]) -> Option<Para> {
    cells.iter().any(|c| !c.trim().is_empty()).then(|| Para {
        text: cells.join("\t"),
        kind: ParaKind::TableRow,
    })
}

impl Para {
    /// A paragraph of body text.
    pub fn body(text: impl Into<String>) -> Self {
        Para {
            text: text.into(),
            kind: ParaKind::Body,
        }
    }
}

/// What a format says a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParaKind {
    /// Body text (or nothing known).
    Body,
    /// A heading of the given depth (1–3), from a Heading style or an
    /// outline level.
    Heading(u8),
    /// A table row, its cells joined by a tab.
    TableRow,
}

/// A line of a [`Document`]'s text that its format marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineMark {
    /// 0-based line number in [`Document::text`].
    pub line: usize,
    pub kind: ParaKind,
}

/// One file found under the corpus root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as on disk (the root joined with the relative path).
    pub path: PathBuf,
    /// The path relative to the root, `/`-separated, each name that is not
    /// UTF-8 read as GBK or escaped (see [`walk`]): the file's path in the
    /// index, and for display.
    pub rel: String,
    /// Size in bytes.
    pub size: u64,
    /// Last modification time, when the file system reports it.
    pub modified: Option<SystemTime>,
    /// The inode and the time of its last status change, where the file
    /// system has them (0 elsewhere): a content changed and its
    /// modification time set back (`touch -d`) still changes them.
    pub status: u64,
    /// How the file will be read, judged by its extension.
    pub format: Format,
}

/// What [`walk`] found under a corpus root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    /// Files to read, in walk order (sorted by name within each folder).
    pub files: Vec<SourceFile>,
    /// Files passed over, with the reason.
    pub skipped: Vec<Skipped>,
    /// Documentation and metadata files (`README.*`, `metadata.csv`), not reported.
    pub ignored: usize,
}

/// The character encoding a text file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (stripped).
    Utf8Bom,
    /// UTF-16 little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian, with a byte-order mark.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312), without a byte-order mark.
    Gb18030,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        })
    }
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (`.txt`, `.text`, `.md`, `.markdown`).
    Text,
    /// Word Open XML (`.docx`, `.docm`).
    Docx,
    /// Word 97–2003 binary (`.doc`, `.dot`).
    Doc,
    /// WPS Office (`.wps`, `.wpt`): WPS 2003+ files hold Word's binary format.
    Wps,
    /// `.pdf`.
    Pdf,
    /// A saved web page (`.html`, `.htm`, `.xhtml`, `.shtml`).
    Html,
    /// A web archive (`.mhtml`, `.mht`): MIME parts, the page among them.
    Mhtml,
    /// OpenDocument text (`.odt`, `.ott`).
    Odt,
}

impl Format {
    /// The usual extension, for messages: `.docx`, `.pdf`, …
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => ".txt",
            Format::Docx => ".docx",
            Format::Doc => ".doc",
            Format::Wps => ".wps",
            Format::Pdf => ".pdf",
            Format::Html => ".html",
            Format::Mhtml => ".mhtml",
            Format::Odt => ".odt",
        }
    }
}

impl Format {
    /// The format for a path, judged by its extension (case-insensitive), or
    /// why the file cannot be read.
    pub fn of_path(path: &Path) -> Result<Format, SkipReason> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" | "md" | "markdown" => Ok(Format::Text),
            "docx" | "docm" => Ok(Format::Docx),
            "doc" | "dot" => Ok(Format::Doc),
            "wps" | "wpt" => Ok(Format::Wps),
            "pdf" => Ok(Format::Pdf),
            "html" | "htm" | "xhtml" | "shtml" => Ok(Format::Html),
            "mhtml" | "mht" => Ok(Format::Mhtml),
            "rtf" => Err(SkipReason::Legacy(LegacyFormat::Rtf)),
            "odt" | "ott" => Ok(Format::Odt),
            _ => Err(SkipReason::Unsupported(ext)),
        }
    }
}

/// The text of one file, decoded and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The text, passed through [`normalize`]; never empty or only whitespace.
    pub text: String,
    /// The encoding of a text file; `None` for the other formats.
    pub encoding: Option<Encoding>,
    /// How the file was read.
    pub format: Format,
    /// How many invalid byte sequences were replaced by U+FFFD (0 normally).
    pub replaced: usize,
    /// The lines the format marked as headings or table rows, in order.
    pub marks: Vec<LineMark>,
    /// What a saved web page says of itself beside its article: its title,
    /// publication date and source.
    pub page: Option<PageMeta>,
}

/// Errors that stop a walk: the corpus root itself is unusable.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The root does not exist.
    #[error("corpus folder {} does not exist", crate::display::path(path))]
    NotFound {
        /// The root as given.
        path: PathBuf,
    },
    /// The root is a file, not a folder.
    #[error("{} is not a folder", crate::display::path(path))]
    NotADirectory {
        /// The root as given.
        path: PathBuf,
    },
    /// The root exists but cannot be read.
    #[error(
        "cannot read corpus folder {}: {}",
        crate::display::path(path),
        crate::files::IoReason::of(source)
    )]
    Unreadable {
        /// The root as given.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// The largest file renda reads, in bytes: a speech, a `.docx`, a
/// `metadata.csv`. (The longest speech of the real corpus is 60 KB.)
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The most bytes of XML a `.docx` may inflate to (a 500-page report holds
/// about 20 MB): a zip bomb stops there.
pub const MAX_INFLATED_BYTES: u64 = 128 * 1024 * 1024;

/// The longest paragraph renda takes, in bytes of UTF-8 text (about 5.6
/// million Chinese characters; a long paragraph of a real speech holds a
/// few thousand): a file with a longer one is skipped.
pub const MAX_PARAGRAPH_BYTES: usize = 16 * 1024 * 1024;

/// The most text renda takes from one file, in bytes of UTF-8 (a 500-page
/// report holds about 2 MB): a `.doc` whose piece table repeats its text,
/// or a `.docx` that inflates to more, is skipped when a reader gets there.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The most paragraphs (lines) renda takes from one file (a 500-page
/// report holds about 10,000): a file of more is skipped, and its reader
/// stops counting there.
pub const MAX_PARAGRAPHS: usize = 200_000;

/// The deepest nesting of elements renda reads in a web page (browsers
/// stop nesting at 512): a page nested deeper is skipped.
pub const MAX_HTML_DEPTH: usize = 512;

/// The most nodes (elements, texts, comments) renda reads in a web page (a
/// long article holds a few thousand): a page of more is skipped.
pub const MAX_HTML_NODES: usize = 500_000;

/// Read a file and turn it into normalised text.
///
/// The format is chosen by extension ([`Format::of_path`]): text files go
/// through [`decode_text`], `.docx` through [`docx_text`], and both through
/// [`normalize`]. Files whose content gives away a different format (an old
/// `.doc` renamed `.docx`, an RTF file named `.txt`) get the matching
/// conversion hint.
pub fn read_document(path: &Path) -> Result<Document, SkipReason> {
    // A pipe or a folder is that, whatever its name says.
    if let Some(what) = std::fs::metadata(path)
        .ok()
        .and_then(|m| crate::files::Special::of(m.file_type()))
    {
        return Err(SkipReason::NotAFile(what));
    }
    let format = Format::of_path(path)?;
    let bytes = read_bytes(path)?;
    document_from_bytes(format, &bytes)
}

/// The bytes of a regular file, taken whole: never part old and part new
/// when someone rewrites the file meanwhile.
///
/// The file's size and modification time must be the same before and
/// after the read, and the size must be what was read. A file modified in
/// the last few seconds (it may still be being written, and time stamps are
/// coarse) is read twice and both reads must agree. A file that changes
/// during three tries in a row is [`SkipReason::Changing`]; one that is gone
/// is [`SkipReason::Unreadable`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, SkipReason> {
    use std::time::{Duration, SystemTime};
    const RECENT: Duration = Duration::from_secs(3);
    let stat = |path: &Path| -> Result<(u64, Option<SystemTime>), SkipReason> {
        let meta = std::fs::metadata(path).map_err(|e| SkipReason::unreadable(&e))?;
        if let Some(what) = crate::files::Special::of(meta.file_type()) {
            return Err(SkipReason::NotAFile(what));
        }
        Ok((meta.len(), meta.modified().ok()))
    };
    let read =
        |path: &Path| crate::files::read_regular(path, MAX_FILE_BYTES).map_err(SkipReason::of_read);
    for attempt in 0..3 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(50 * attempt));
        }
        let before = stat(path)?;
        let bytes = read(path)?;
        let after = stat(path)?;
        if before != after || bytes.len() as u64 != after.0 {
            continue;
        }
        let recent = after.1.is_none_or(|t| {
            SystemTime::now()
                .duration_since(t)
                .map_or(true, |age| age < RECENT)
        });
        if !recent || (read(path)? == bytes && stat(path)? == after) {
            return Ok(bytes);
        }
    }
    Err(SkipReason::Changing)
}

/// Turn the bytes of a file of the given format into normalised text, as
/// [`read_document`] does after reading them.
///
/// The extension chooses the reader, but what the bytes are decides where
/// they differ: an OLE file named `.docx` or `.wps` is read as Word's binary
/// format, a zip named `.doc` or `.wps` as `.docx`, and a `.doc` that is
/// really a web page (as Word and many sites save them) as one; an RTF file
/// under any name gets the RTF advice.
pub fn document_from_bytes(format: Format, bytes: &[u8]) -> Result<Document, SkipReason> {
    if bytes.starts_with(b"{\\rtf") {
        return Err(SkipReason::Legacy(LegacyFormat::Rtf));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let read = match format {
        Format::Doc | Format::Wps | Format::Docx if doc::is_ole(bytes) => {
            let what = match format {
                Format::Wps => ".wps",
                Format::Docx => ".docx",
                _ => ".doc",
            };
            Read::paras(guard::guarded(what, || doc::doc_paragraphs(bytes, what))?)
        }
        Format::Doc | Format::Wps if is_zip => Read::paras(docx_paragraphs(bytes)?),
        Format::Doc | Format::Wps if html::looks_like_mime(bytes) => Read::page(mhtml_page(bytes)?),
        Format::Doc | Format::Wps if html::looks_like_html(bytes) => Read::page(html_page(bytes)?),
        Format::Doc => {
            return Err(SkipReason::Damaged {
                format: ".doc",
                detail: Damage::NotWordDocument,
            });
        }
        Format::Wps => return Err(SkipReason::Legacy(LegacyFormat::OldWps)),
        Format::Text => {
            let (text, encoding, replaced) = decode_text(bytes)?;
            Read {
                paras: vec![Para::body(text)],
                encoding: Some(encoding),
                replaced,
                page: None,
            }
        }
        Format::Docx => Read::paras(docx_paragraphs(bytes)?),
        Format::Pdf => Read::paras(pdf_paragraphs(bytes)?),
        Format::Html if html::looks_like_mime(bytes) => Read::page(mhtml_page(bytes)?),
        Format::Html => Read::page(html_page(bytes)?),
        Format::Mhtml if html::looks_like_mime(bytes) => Read::page(mhtml_page(bytes)?),
        Format::Mhtml => Read::page(html_page(bytes)?),
        Format::Odt => Read::paras(odt_paragraphs(bytes)?),
    };
    let (text, marks) = assemble(&read.paras);
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    // Every reader's text, a plain text file's above all, in one place.
    if text.len() > MAX_TEXT_BYTES {
        return Err(guard::too_much_text());
    }
    if memchr::memchr_iter(b'\n', text.as_bytes()).count() >= MAX_PARAGRAPHS {
        return Err(guard::too_many_paragraphs());
    }
    if let Some((n, line)) = text
        .split('\n')
        .enumerate()
        .find(|(_, l)| l.len() > MAX_PARAGRAPH_BYTES)
    {
        return Err(SkipReason::TooLarge(TooLarge::Line {
            n: n + 1,
            size: line.len() as u64,
            limit: MAX_PARAGRAPH_BYTES as u64,
        }));
    }
    Ok(Document {
        text,
        encoding: read.encoding,
        format,
        replaced: read.replaced,
        marks,
        page: read.page,
    })
}

/// What a reader gave.
struct Read {
    paras: Vec<Para>,
    encoding: Option<Encoding>,
    replaced: usize,
    page: Option<PageMeta>,
}

impl Read {
    fn paras(paras: Vec<Para>) -> Self {
        Read {
            paras,
            encoding: None,
            replaced: 0,
            page: None,
        }
    }

    fn page((paras, page): (Vec<Para>, PageMeta)) -> Self {
        Read {
            page: Some(page),
            ..Read::paras(paras)
        }
    }
}

/// Join the paragraphs into one normalised text, a line each, and note
/// the lines their format marked. (A paragraph's own line breaks make
/// more lines; its mark goes on the first.)
fn assemble(paras: &[Para]) -> (String, Vec<LineMark>) {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut line = 0;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            line += 1;
        }
        let norm = normalize(&p.text);
        if p.kind != ParaKind::Body {
            marks.push(LineMark { line, kind: p.kind });
        }
        line += norm.matches('\n').count();
        text.push_str(&norm);
    }
    (text, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension_is_case_insensitive() {
        assert_eq!(Format::of_path(Path::new("a/B.TXT")), Ok(Format::Text));
        assert_eq!(Format::of_path(Path::new("x.Markdown")), Ok(Format::Text));
        assert_eq!(Format::of_path(Path::new("x.DocX")), Ok(Format::Docx));
        assert_eq!(Format::of_path(Path::new("x.DOC")), Ok(Format::Doc));
        assert_eq!(Format::of_path(Path::new("x.wps")), Ok(Format::Wps));
        assert_eq!(Format::of_path(Path::new("x.Pdf")), Ok(Format::Pdf));
        assert_eq!(Format::of_path(Path::new("x.htm")), Ok(Format::Html));
        assert_eq!(Format::of_path(Path::new("x.MHT")), Ok(Format::Mhtml));
        assert_eq!(
            Format::of_path(Path::new("x.rtf")),
            Err(SkipReason::Legacy(LegacyFormat::Rtf))
        );
        assert_eq!(
            Format::of_path(Path::new("x.xlsx")),
            Err(SkipReason::Unsupported("xlsx".into()))
        );
        assert_eq!(
            Format::of_path(Path::new("Makefile")),
            Err(SkipReason::Unsupported(String::new()))
        );
    }

    #[test]
    fn reasons_read_well() {
        let doc = SkipReason::Legacy(LegacyFormat::Doc).to_string();
        assert!(doc.contains("save it as .docx in Word or WPS"), "{doc}");
        assert!(
            doc.contains("libreoffice --headless --convert-to docx"),
            "{doc}"
        );
        let pdf = SkipReason::Legacy(LegacyFormat::Pdf).to_string();
        assert!(pdf.contains("pdftotext"), "{pdf}");
        assert_eq!(
            SkipReason::Unsupported("xlsx".into()).to_string(),
            "unsupported file type .xlsx"
        );
        assert_eq!(SkipReason::Empty.to_string(), "empty file");
        assert_eq!(
            SkipReason::Legacy(LegacyFormat::Wps).kind(),
            "legacy format"
        );
        let skipped = Skipped {
            path: PathBuf::from("/c/a.bin"),
            rel: "a.bin".into(),
            reason: SkipReason::Binary,
        };
        assert_eq!(skipped.to_string(), "/c/a.bin: binary data, not text");
    }

    #[test]
    fn encodings_display() {
        assert_eq!(Encoding::Utf8Bom.to_string(), "UTF-8 (BOM)");
        assert_eq!(Encoding::Utf16Be.to_string(), "UTF-16BE");
        assert_eq!(Encoding::Gb18030.to_string(), "GB18030");
    }

    #[test]
    fn read_document_rejects_rtf_named_txt_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let rtf = dir.path().join("a.txt");
        std::fs::write(&rtf, b"{\\rtf1\\ansi hello}").unwrap();
        assert_eq!(
            read_document(&rtf),
            Err(SkipReason::Legacy(LegacyFormat::Rtf))
        );
        let missing = read_document(&dir.path().join("none.txt")).unwrap_err();
        assert_eq!(missing.kind(), "unreadable");
        assert_eq!(
            read_document(dir.path()).unwrap_err(),
            SkipReason::NotAFile(crate::files::Special::Folder)
        );
    }
}
