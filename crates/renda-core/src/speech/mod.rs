//! The `Speech` model and its parser.
//!
//! A transcript's decoded text goes through three steps:
//! [`clean`] drops what the source sites added (ads, watermarks, site chrome,
//! lines repeated across the corpus) and a speech's repeated copy of itself;
//! [`structure`] finds the title, the salutation, the section headings and the
//! paragraphs; [`metadata`] labels the speech with its level, year and region,
//! each with where the answer came from.
//!
//! Every non-empty line of the source ends up exactly once in the result:
//! as the title, a front-matter line, the salutation, a heading, a paragraph,
//! or in [`Speech::removed`] with the reason it was dropped.

pub mod clean;
pub mod date;
pub mod gazetteer;
pub mod labels;
pub mod level;
pub mod metadata;
pub mod metadata_csv;
pub mod structure;

use serde::Serialize;

pub use clean::{Boilerplate, RemovalReason, Removed};
pub use date::{Date, NotADate};
pub use labels::{Label, LabelName, Labels};
pub use level::UnknownLevel;
pub use metadata::{
    Decided, LabelUpdate, Level, MetadataError, MetadataRow, MetadataTable, MetadataWarning,
    Source, Sources, level_and_label,
};

/// The version of the rules by which a speech is cleaned, split and
/// labelled. Raised when they change, so that an index's next run reads
/// every file anew and its speeches take what the new rules read (see
/// [`crate::ingest::Corpus::metadata_fingerprint`]).
pub const READING_RULES: u32 = 2;

/// A line of the source that survived cleaning ([`clean`]), as
/// [`structure`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the decoded text.
    pub no: usize,
    /// The line, trimmed.
    pub text: String,
}

/// A parsed speech.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Speech {
    /// The file it was read from, relative to the corpus root, `/`-separated.
    pub file: String,
    /// Its title, level, year, date and region.
    #[serde(flatten)]
    pub labels: Labels,
    /// Where each of its labels came from.
    pub sources: Sources,
    /// The title as it stands in the text, when the text has one.
    pub title_line: Option<String>,
    /// The lines the title was joined from, when it was broken over two
    /// (政府工作报 / 告).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_lines: Vec<String>,
    /// Lines around the title that are not the speech: a page's lines above
    /// it (时间：…, 来源：…), a subtitle (——在…上的讲话), a date line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub front: Vec<String>,
    /// The opening address: 各位代表、同志们：
    pub salutation: Option<String>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    /// Lines that were dropped, each with its reason.
    pub removed: Vec<Removed>,
    /// What a saved web page said of itself (title, publication date,
    /// source), for a speech read from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<crate::corpus::PageMeta>,
}

/// A section heading (一、… / 第一、… / （一）… / ## …).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Section {
    pub heading: String,
    /// 1 for 一、/ 第一章, 2 for （一）/ 第一节, 3 for 1. / 1、
    pub depth: u8,
    /// Index of the enclosing section, for a sub-section.
    pub parent: Option<usize>,
}

/// A paragraph of the speech body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Paragraph {
    /// 1-based number of the paragraph within the speech.
    pub n: usize,
    /// Index into [`Speech::sections`] of the innermost section it stands in.
    #[serde(skip)]
    pub section_index: Option<usize>,
    /// The heading of that section.
    pub section: Option<String>,
    pub text: String,
    /// A table row (its cells joined by a tab), as the document's format
    /// said (`.docx`, `.doc`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub table: bool,
}

impl Speech {
    /// The heading of a paragraph's section, if any.
    pub fn section_of(&self, paragraph: &Paragraph) -> Option<&Section> {
        paragraph.section_index.and_then(|i| self.sections.get(i))
    }

    /// The title as text to search, when it is the speech's own (from its
    /// text or `metadata.csv`), not the file name standing in for one.
    pub fn searchable_title(&self) -> Option<&str> {
        match self.sources.title {
            Some(Source::Text | Source::Metadata) if !self.labels.title.trim().is_empty() => {
                Some(&self.labels.title)
            }
            _ => None,
        }
    }

    /// Every line the parser kept, in the order it was found: title, front
    /// matter, salutation, headings and paragraphs.
    pub fn kept_lines(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        if self.title_lines.is_empty() {
            out.extend(self.title_line.as_deref());
        } else {
            out.extend(self.title_lines.iter().map(String::as_str));
        }
        out.extend(self.front.iter().map(String::as_str));
        out.extend(self.salutation.as_deref());
        out.extend(self.sections.iter().map(|s| s.heading.as_str()));
        out.extend(self.paragraphs.iter().map(|p| p.text.as_str()));
        out
    }
}

/// What the parser may know about a file beyond its text.
#[derive(Debug, Default, Clone, Copy)]
pub struct ParseContext<'a> {
    /// The file's path relative to the corpus root, `/`-separated.
    pub rel: &'a str,
    /// Its row in the corpus's `metadata.csv`, if any.
    pub metadata: Option<&'a MetadataRow>,
    /// Lines that repeat across the corpus.
    pub boilerplate: Option<&'a Boilerplate>,
    /// For a web page, its publication date as the page gives it, raw
    /// (`发布时间：2022-03-08 10:00`): the speech's date when nothing else
    /// states one (source `page`).
    pub published: Option<&'a str>,
}

/// Parse a decoded, normalised text into a [`Speech`].
///
/// ```
/// use renda_core::speech::{parse, ParseContext, Level};
/// let text = "在全县人大工作会议上的讲话\n同志们：\n一、提高认识\n人大代表要密切联系群众。";
/// let speech = parse(text, &ParseContext { rel: "a.txt", ..Default::default() });
/// assert_eq!(speech.labels.title, "在全县人大工作会议上的讲话");
/// assert_eq!(speech.labels.level, Some(Level::County));
/// assert_eq!(speech.sections[0].heading, "一、提高认识");
/// assert_eq!(speech.paragraphs[0].section.as_deref(), Some("一、提高认识"));
/// ```
pub fn parse(text: &str, ctx: &ParseContext) -> Speech {
    parse_marked(text, &[], None, ctx)
}

/// Parse a decoded document: its text, with what its format said — the
/// lines its styles mark as headings or table rows, and a web page's
/// title.
pub fn parse_document(doc: &crate::corpus::Document, ctx: &ParseContext) -> Speech {
    parse_marked(&doc.text, &doc.marks, doc.page.as_ref(), ctx)
}

fn parse_marked(
    text: &str,
    marks: &[crate::corpus::LineMark],
    page: Option<&crate::corpus::PageMeta>,
    ctx: &ParseContext,
) -> Speech {
    let cleaned = clean::clean(text, ctx.boilerplate);
    let body = structure::structure_marked(&cleaned.lines, marks);
    let removed: Vec<&str> = cleaned.removed.iter().map(|r| r.text.as_str()).collect();
    let info = metadata::PageInfo {
        title: page.and_then(|p| p.title.as_deref()),
        published: ctx
            .published
            .or_else(|| page.and_then(|p| p.published.as_deref())),
        removed: &removed,
    };
    let decided = metadata::label(ctx.rel, ctx.metadata, &body, info);
    Speech {
        file: ctx.rel.to_string(),
        labels: decided.labels,
        sources: decided.sources,
        title_line: body.title_line,
        title_lines: body.title_lines,
        front: body.front,
        salutation: body.salutation,
        sections: body.sections,
        paragraphs: body.paragraphs,
        removed: cleaned.removed,
        page: page.cloned(),
    }
}
