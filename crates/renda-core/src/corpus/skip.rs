//! Why a file was not used, as data: [`SkipReason`] and the details it
//! carries ([`TooLarge`], [`Damage`]). `Display` is plain English for
//! developers; the wording layer (`i18n`) says them to people.

use std::fmt;
use std::path::PathBuf;

use super::pdf_check::{MAX_CMAP_CODES, MAX_FORM_DEPTH, MAX_NESTING, MAX_TREE_DEPTH, Refusal};
use crate::files::{IoReason, Special, size_of};

/// A format renda cannot read, with a known way to convert it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyFormat {
    /// Word 97–2003 `.doc` / `.dot` (an OLE compound file).
    Doc,
    /// WPS Office `.wps` / `.wpt`.
    Wps,
    /// Rich Text Format `.rtf`.
    Rtf,
    /// OpenDocument text `.odt` (no longer used: `.odt` files are read).
    Odt,
    /// `.pdf` (no longer used: PDFs are read).
    Pdf,
    /// A `.wps` of WPS 2000 or older (WPS's own format, before it wrote Word's).
    OldWps,
    /// A Word 6.0/95 `.doc`, older than Word 97's format.
    Word6,
}

impl fmt::Display for LegacyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIBREOFFICE: &str = "libreoffice --headless --convert-to docx";
        match self {
            LegacyFormat::Doc => write!(f, "legacy Word .doc: save it as .docx in Word or WPS or convert with `{LIBREOFFICE}`"),
            LegacyFormat::Wps => write!(f, "WPS .wps document: save it as .docx in WPS or convert with `{LIBREOFFICE}`"),
            LegacyFormat::Rtf => write!(f, "RTF document: save it as .docx in Word or WPS or convert with `{LIBREOFFICE}`"),
            LegacyFormat::Odt => write!(f, "OpenDocument .odt: save it as .docx or convert with `{LIBREOFFICE}`"),
            LegacyFormat::Pdf => f.write_str("PDF: extract its text with `pdftotext -enc UTF-8 FILE.pdf` and add the .txt instead"),
            LegacyFormat::OldWps => f.write_str("WPS 2000 or older .wps (no Word text inside): open it in WPS and save it as .docx"),
            LegacyFormat::Word6 => write!(f, "Word 6.0/95 .doc, older than Word 97: save it as .docx in Word or WPS or convert with `{LIBREOFFICE}`"),
        }
    }
}

/// Why a file was not used.
///
/// `Display` gives a short reason in English; the wording layer says it
/// to people; [`SkipReason::kind`] gives a stable category for summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The file is empty, or holds only whitespace.
    Empty,
    /// The bytes are not text (NUL bytes, control characters, an image...).
    Binary,
    /// A format that must be converted first.
    Legacy(LegacyFormat),
    /// A `.docx` that is not a readable Word document; the detail says why.
    DamagedDocx(Damage),
    /// An extension renda does not read (lower case, without the dot; empty when
    /// the file has no extension).
    Unsupported(String),
    /// The file or folder could not be read.
    Unreadable(IoReason),
    /// A symbolic link that points back to one of its own parent folders.
    SymlinkLoop,
    /// A symbolic link to a file or folder outside the folder being read.
    LinkOutside,
    /// A device, pipe, socket or folder rather than a regular file.
    NotAFile(Special),
    /// Larger than renda reads: the file, the text a `.docx` inflates
    /// to, or one paragraph; the detail says which and the limit.
    TooLarge(TooLarge),
    /// Text in none of the encodings renda reads; `guess` names the encoding
    /// the bytes most look like.
    Undecodable {
        /// The detector's best guess, e.g. `"Big5"` or `"Shift_JIS"`.
        guess: String,
    },
    /// The file kept changing while it was read (see [`super::read_bytes`]).
    Changing,
    /// A `.doc`, `.wps`, `.pdf` (or other) file that cannot be read; `format`
    /// names the format (`.doc`), `detail` says why.
    Damaged {
        format: &'static str,
        detail: Damage,
    },
    /// A password-protected (encrypted) file.
    Encrypted { format: &'static str },
    /// A PDF without a text layer: scanned pages.
    NoTextLayer,
}

impl SkipReason {
    /// A short, stable category for summaries, e.g. `"empty"` or `"legacy format"`.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::Legacy(_) => "legacy format",
            SkipReason::DamagedDocx(_) => "damaged docx",
            SkipReason::Unsupported(_) => "unsupported type",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::SymlinkLoop => "symlink loop",
            SkipReason::LinkOutside => "link outside",
            SkipReason::NotAFile(_) => "special file",
            SkipReason::TooLarge(_) => "too large",
            SkipReason::Undecodable { .. } => "unknown encoding",
            SkipReason::Changing => "changing",
            SkipReason::Damaged { .. } => "damaged file",
            SkipReason::Encrypted { .. } => "encrypted",
            SkipReason::NoTextLayer => "no text layer",
        }
    }

    pub(crate) fn unreadable(err: &std::io::Error) -> Self {
        SkipReason::Unreadable(IoReason::of(err))
    }

    /// Why a file could not be read by [`crate::files::read_regular`].
    pub(crate) fn of_read(err: crate::files::ReadError) -> Self {
        use crate::files::ReadError;
        match err {
            ReadError::NotRegular(what) => SkipReason::NotAFile(what),
            ReadError::TooLarge { size, limit } => {
                SkipReason::TooLarge(TooLarge::File { size, limit })
            }
            ReadError::Io(e) => SkipReason::unreadable(&e),
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Empty => f.write_str("empty file"),
            SkipReason::Binary => f.write_str("binary data, not text"),
            SkipReason::Legacy(format) => write!(f, "{format}"),
            SkipReason::DamagedDocx(detail) => write!(f, "damaged .docx: {detail}"),
            SkipReason::Unsupported(ext) if ext.is_empty() => {
                f.write_str("unsupported file type (no extension)")
            }
            SkipReason::Unsupported(ext) => write!(f, "unsupported file type .{ext}"),
            SkipReason::Unreadable(detail) => write!(f, "cannot read: {detail}"),
            SkipReason::SymlinkLoop => f.write_str("symlink loop"),
            SkipReason::LinkOutside => {
                f.write_str("symbolic link to outside the folder indexed, not followed (add --follow-links to follow it)")
            }
            SkipReason::NotAFile(what) => write!(f, "not a regular file ({what})"),
            SkipReason::TooLarge(detail) => write!(f, "too large: {detail}"),
            SkipReason::Undecodable { guess } => {
                write!(f, "not valid UTF-8, UTF-16 or GB18030 text (looks like {guess}): save it as UTF-8")
            }
            SkipReason::Changing => f.write_str("changed while being read; index again once it is saved"),
            SkipReason::Damaged { format, detail } => write!(f, "damaged {format}: {detail}"),
            SkipReason::Encrypted { format } => write!(f, "encrypted {format} (password-protected): open it with its password and save a copy without one"),
            SkipReason::NoTextLayer => f.write_str("no text layer (a scanned image: run OCR first)"),
        }
    }
}

/// What of a file is larger than renda reads, and the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// The file itself (bytes).
    File { size: u64, limit: u64 },
    /// Standard input, more than `mib` MiB.
    Input { mib: u64 },
    /// A part of a package (`word/document.xml`) inflates beyond `limit` bytes.
    Inflates { part: &'static str, limit: u64 },
    /// Paragraph `n` (counted from 1) is longer than `limit` bytes.
    Paragraph { n: usize, limit: u64 },
    /// A paragraph of `size` bytes is longer than `limit`.
    AParagraph { size: u64, limit: u64 },
    /// Line `n` of a text is one paragraph of `size` bytes, more than `limit`.
    Line { n: usize, size: u64, limit: u64 },
    /// More text than `limit` bytes in one file.
    Text { limit: u64 },
    /// More than `limit` paragraphs in one file.
    Paragraphs { limit: usize },
    /// More than `limit` elements in one web page.
    Elements { limit: usize },
    /// A PDF stream that inflates to more than `mib` MiB.
    PdfStream { mib: usize },
    /// A PDF whose streams together inflate to more than `mib` MiB.
    PdfStreams { mib: usize },
    /// A PDF page that runs more than `max` drawing operations.
    PdfPage { page: u32, max: u64 },
    /// A PDF that holds more than `limit` characters.
    PdfText { limit: usize },
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLarge::File { size, limit } => write!(
                f,
                "the file is {}, more than the {} renda reads",
                size_of(*size),
                size_of(*limit)
            ),
            TooLarge::Input { mib } => write!(f, "more than {mib} MiB"),
            TooLarge::Inflates { part, limit } => {
                write!(f, "{part} inflates to more than {}", size_of(*limit))
            }
            TooLarge::Paragraph { n, limit } => write!(
                f,
                "paragraph {n} is more than the {} renda takes in one paragraph",
                size_of(*limit)
            ),
            TooLarge::AParagraph { size, limit } => write!(
                f,
                "a paragraph of {} is more than the {} renda takes in one paragraph",
                size_of(*size),
                size_of(*limit)
            ),
            TooLarge::Line { n, size, limit } => write!(
                f,
                "line {n} is a paragraph of {}, more than the {} renda takes in one paragraph",
                size_of(*size),
                size_of(*limit)
            ),
            TooLarge::Text { limit } => write!(
                f,
                "more text than the {} renda takes from one file",
                size_of(*limit)
            ),
            TooLarge::Paragraphs { limit } => {
                write!(
                    f,
                    "more than the {limit} paragraphs renda takes from one file"
                )
            }
            TooLarge::Elements { limit } => {
                write!(
                    f,
                    "more than the {limit} elements renda takes from one page"
                )
            }
            TooLarge::PdfStream { mib } => {
                write!(f, "a stream of the PDF inflates to more than {mib} MiB")
            }
            TooLarge::PdfStreams { mib } => {
                write!(
                    f,
                    "the streams of the PDF inflate to more than {mib} MiB in all"
                )
            }
            TooLarge::PdfPage { page, max } => write!(
                f,
                "page {page} of the PDF runs more than {max} drawing operations"
            ),
            TooLarge::PdfText { limit } => write!(f, "the PDF holds more than {limit} characters"),
        }
    }
}

/// What else an OLE file named `.doc` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OleKind {
    Excel,
    PowerPoint,
}

/// What is wrong with a Word 97 file's header or piece table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordFault {
    /// The WordDocument stream ends inside its header.
    HeaderShort,
    /// The WordDocument stream starts with another mark.
    NotWordHeader(u16),
    /// The piece table lies outside its stream.
    PiecesOutside,
    /// The piece table is cut off.
    PiecesCut,
    /// There is no piece table.
    NoPieces,
    /// The piece table's size fits no number of pieces.
    PiecesSize,
    /// A piece ends before it starts.
    PiecesOrder,
}

impl fmt::Display for WordFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordFault::HeaderShort => {
                f.write_str("the WordDocument stream is too short for its header")
            }
            WordFault::NotWordHeader(ident) => write!(
                f,
                "the WordDocument stream does not start with a Word header ({ident:#06x})"
            ),
            WordFault::PiecesOutside => {
                f.write_str("the piece table lies outside the table stream")
            }
            WordFault::PiecesCut => f.write_str("a cut-off piece table"),
            WordFault::NoPieces => f.write_str("no piece table in the CLX"),
            WordFault::PiecesSize => f.write_str("a piece table of the wrong size"),
            WordFault::PiecesOrder => f.write_str("a piece table out of order"),
        }
    }
}

/// What is damaged inside a file. The libraries' own words (a zip or XML
/// error) are kept as they are, in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// A `.docx` or `.odt` that is no zip archive.
    NotZip(String),
    /// A package without the part that holds its text.
    NoPart(&'static str),
    /// A package whose text part cannot be opened (`opened` false) or read.
    PartUnreadable {
        part: &'static str,
        opened: bool,
        error: String,
    },
    /// A package part that is not well-formed XML.
    BadXml { part: &'static str, error: String },
    /// A `.doc` that is no OLE compound file.
    NotOle(String),
    /// A `.doc` with no OLE compound file at all (nor zip, web page).
    NotWordDocument,
    /// An OLE file of another program, named as a Word file.
    OleNotWord(OleKind),
    /// An OLE file without the stream named.
    NoStream(&'static str),
    /// An OLE stream that cannot be opened (`opened` false) or read.
    StreamUnreadable {
        name: &'static str,
        opened: bool,
        error: String,
    },
    /// A Word 97 fault, in the stream `table` (none: the header).
    Word {
        table: Option<&'static str>,
        fault: WordFault,
    },
    /// A web archive (`.mhtml`) that cannot be read as one.
    NotWebArchive,
    /// A web archive without a page in it.
    NoWebPage,
    /// Elements nested more than `limit` deep.
    NestedTooDeep(usize),
    /// A reader that did not finish within `seconds`.
    TooSlow(u64),
    /// A reader that stopped on a broken structure (a panic caught in it).
    StructureBroken(String),
    /// A PDF larger than renda reads (in MB).
    PdfTooLarge { mb: usize, limit_mb: usize },
    /// A file named `.pdf` without a PDF header.
    NoPdfHeader,
    /// A PDF the PDF library cannot load.
    NotReadablePdf(String),
    /// A PDF none of whose pages could be read.
    NoPageReadable,
    /// A PDF refused before it is read.
    PdfRefused(Refusal),
    /// A PDF whose pages take longer than `seconds` to read.
    PdfTooSlow(u64),
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::NotZip(err) => write!(f, "not a readable zip archive ({err})"),
            Damage::NoPart(part) => write!(f, "no {part} inside"),
            Damage::PartUnreadable {
                part,
                opened: true,
                error,
            } => write!(f, "cannot read {part} ({error})"),
            Damage::PartUnreadable { part, error, .. } => write!(f, "cannot open {part} ({error})"),
            Damage::BadXml { part, error } => write!(f, "{part}: {error}"),
            Damage::NotOle(err) => write!(f, "not a readable OLE compound file ({err})"),
            Damage::NotWordDocument => {
                f.write_str("not a Word document (no OLE compound file inside)")
            }
            Damage::OleNotWord(OleKind::Excel) => {
                f.write_str("an Excel workbook, not a Word document")
            }
            Damage::OleNotWord(OleKind::PowerPoint) => {
                f.write_str("a PowerPoint presentation, not a Word document")
            }
            Damage::NoStream(name) => write!(f, "no {name} stream inside"),
            Damage::StreamUnreadable {
                name,
                opened: true,
                error,
            } => write!(f, "cannot read the {name} stream ({error})"),
            Damage::StreamUnreadable { name, error, .. } => {
                write!(f, "cannot open the {name} stream ({error})")
            }
            Damage::Word { table: None, fault } => write!(f, "{fault}"),
            Damage::Word {
                table: Some(table),
                fault,
            } => write!(f, "{table}: {fault}"),
            Damage::NotWebArchive => f.write_str("not a readable web archive (MIME)"),
            Damage::NoWebPage => f.write_str("no web page (text/html part) inside"),
            Damage::NestedTooDeep(limit) => write!(f, "elements nested more than {limit} deep"),
            Damage::TooSlow(seconds) => write!(f, "not read within {seconds} s"),
            Damage::StructureBroken(what) => write!(f, "the file's structure is broken ({what})"),
            Damage::PdfTooLarge { mb, limit_mb } => write!(
                f,
                "too large to read ({mb} MB; renda reads PDFs up to {limit_mb} MB)"
            ),
            Damage::NoPdfHeader => f.write_str("no PDF header"),
            Damage::NotReadablePdf(err) => write!(f, "not a readable PDF ({err})"),
            Damage::NoPageReadable => f.write_str("no page could be read"),
            Damage::PdfRefused(r) => match r {
                Refusal::PageTreeLoop => f.write_str("its page tree loops"),
                Refusal::PageTreeDepth => {
                    write!(f, "its page tree is nested more than {MAX_TREE_DEPTH} deep")
                }
                Refusal::ParentLoop => f.write_str("a page's chain of parents loops"),
                Refusal::NoPages => f.write_str("no page can be found"),
                Refusal::FormLoop => f.write_str("a drawing (Form XObject) draws itself"),
                Refusal::FormDepth => write!(
                    f,
                    "drawings (Form XObjects) are nested more than {MAX_FORM_DEPTH} deep"
                ),
                Refusal::Nesting => {
                    write!(
                        f,
                        "brackets or strings are nested more than {MAX_NESTING} deep"
                    )
                }
                Refusal::CmapTooLarge => write!(
                    f,
                    "a font's character map (ToUnicode) maps more than {MAX_CMAP_CODES} codes"
                ),
                Refusal::StreamBomb
                | Refusal::InflatedTotal
                | Refusal::PageTooBusy(_)
                | Refusal::TooSlow => f.write_str("its structure is broken"),
            },
            Damage::PdfTooSlow(secs) => write!(f, "too slow to read (more than {secs} s)"),
        }
    }
}

/// A file that was found but not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path as on disk.
    pub path: PathBuf,
    /// The path relative to the root, `/`-separated, lossy UTF-8.
    pub rel: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The reason may quote the file (a damaged .docx's XML): one line.
        write!(
            f,
            "{}: {}",
            crate::display::path(&self.path),
            crate::display::escaped(&self.reason.to_string())
        )
    }
}
