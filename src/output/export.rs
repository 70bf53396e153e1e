//! Export matching paragraphs, each with its source, ready to paste into a
//! draft: Markdown, CSV (for Excel and WPS), JSON Lines and Word (.docx).
//!
//! Every export says what was asked: the query, the filters (for people,
//! in the current language: `层级：县、区；年份：2020 年起`), when it was
//! made (local time with its UTC offset) and the counts. Markdown and Word
//! put that in a header; CSV in the last two columns of every row, so that
//! the header row stays row 1; JSON Lines in a first line of its own. Then
//! one entry per paragraph, with its title, level, year, region, section,
//! paragraph number and file; Markdown and Word show the matches in bold.
//!
//! The writers stop with an error of kind `TimedOut` once the time limit
//! of the work is up ([`cancel`]).

use std::io::{self, BufWriter, Seek, Write};
use std::ops::Range;

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
use serde::Serialize;

use super::hits::{escape_md, md_paragraph, pieces};
use crate::i18n::msg::{self, Column};
use renda_core::search::cancel;
use renda_core::search::{Filters, Hit};
use renda_core::speech::Labels;

use super::cells::CsvColumns;

/// A format an export is written in: its name (`--format`, the page's
/// `/export/NAME`), its file extension and its media type are here only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Markdown, a heading per source.
    Md,
    /// CSV with a byte-order mark, for Excel and WPS.
    Csv,
    /// JSON Lines: a header line, then one paragraph per line.
    Jsonl,
    /// Word.
    Docx,
}

impl ExportFormat {
    /// Every format, in the order the page offers them (Word first).
    pub const ALL: [ExportFormat; 4] = [Self::Docx, Self::Csv, Self::Md, Self::Jsonl];

    /// The format as people know it, with its extension: the program that
    /// opens it, in both languages (`Word (.docx)`, `Excel (.csv)`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Md => "Markdown (.md)",
            Self::Csv => "Excel (.csv)",
            Self::Jsonl => "JSON Lines (.jsonl)",
            Self::Docx => "Word (.docx)",
        }
    }

    /// The format named `name` (`docx`, `csv`, `md`, `jsonl`).
    pub fn named(name: &str) -> Option<ExportFormat> {
        Self::ALL.into_iter().find(|f| f.extension() == name)
    }

    /// The format of a file by its extension (case-insensitive; also
    /// .markdown and .ndjson).
    pub fn of_path(path: &std::path::Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "markdown" => Some(Self::Md),
            "ndjson" => Some(Self::Jsonl),
            other => Self::named(other),
        }
    }

    /// The extension of its files, which is also its name.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Md => "md",
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Docx => "docx",
        }
    }

    /// Its media type, for a download.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Md => "text/markdown; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Jsonl => "application/x-ndjson",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// Write the export in `format` to `w` (a .docx is made in memory first:
/// a zip is written with seeks; see [`write_file`]).
pub fn write_to(
    w: impl Write,
    format: ExportFormat,
    head: &ExportHeader,
    hits: &[Hit],
) -> io::Result<()> {
    match format {
        ExportFormat::Docx => {
            let mut zip = io::Cursor::new(Vec::new());
            write_docx(&mut zip, head, hits)?;
            let mut w = w;
            w.write_all(zip.get_ref())?;
            w.flush()
        }
        other => {
            let mut w = BufWriter::new(w);
            match other {
                ExportFormat::Md => write_md(&mut w, head, hits)?,
                ExportFormat::Csv => write_csv(&mut w, head, hits)?,
                _ => write_jsonl(&mut w, head, hits)?,
            }
            w.flush()
        }
    }
}

/// Write the export in `format` into `file`: a .docx straight into it, as
/// it is made (not built in memory first).
pub fn write_file(
    file: std::fs::File,
    format: ExportFormat,
    head: &ExportHeader,
    hits: &[Hit],
) -> io::Result<()> {
    match format {
        ExportFormat::Docx => {
            let mut w = BufWriter::new(file);
            write_docx(&mut w, head, hits)?;
            w.flush()
        }
        other => write_to(file, other, head, hits),
    }
}

/// What an export answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportHeader {
    pub query: String,
    /// The filters for people (`i18n::search::describe`); empty for none.
    pub filters: String,
    /// When, in local time with its offset: `2026-12-01 18:20 +08:00`.
    pub date: String,
    /// When, in UTC, as W3CDTF: `2026-12-01T10:20:33Z` (the .docx
    /// creation time).
    pub created: String,
    /// Paragraphs matching.
    pub total: usize,
    /// Paragraphs written.
    pub exported: usize,
    /// How a theme was searched, for people: its own words only
    /// (`--literal`), only in other words (`--other-words`), the related
    /// expressions searched too and those dropped (`--without`); empty
    /// for a search as typed.
    pub how: Vec<String>,
}

/// `now` as an export says it: local time with its UTC offset
/// (`2026-12-01 18:20 +08:00`), and UTC as W3CDTF (`2026-12-01T10:20:33Z`).
pub fn export_times(now: &jiff::ZonedDateTime) -> (String, String) {
    (
        now.strftime("%Y-%m-%d %H:%M %:z").to_string(),
        now.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

impl ExportHeader {
    /// The header of an export made now, in the machine's time zone (`TZ`,
    /// else `/etc/localtime`; UTC when neither says).
    pub fn now(query: &str, filters: &Filters, total: usize, exported: usize) -> Self {
        let (date, created) = export_times(&jiff::ZonedDateTime::now());
        ExportHeader {
            query: query.to_string(),
            filters: crate::i18n::search::describe(crate::i18n::lang(), filters),
            date,
            created,
            total,
            exported,
            how: Vec::new(),
        }
    }

    /// The header, saying how a theme was searched (`options`) and what
    /// else it searched (`wanted`).
    pub fn searched(
        mut self,
        options: &renda_core::search::ThemeOptions,
        wanted: &renda_core::search::query::Wanted,
    ) -> Self {
        if wanted.themes.is_empty() {
            return self;
        }
        if options.literal {
            self.how.push(msg::export_literal().to_string());
        }
        if options.other_words {
            self.how.push(msg::export_other_words().to_string());
        }
        if !wanted.related.is_empty() {
            let words: Vec<String> = wanted
                .related
                .iter()
                .map(|r| msg::related_word(&shown(&r.word), r.source))
                .collect();
            self.how.push(msg::labelled(
                msg::export_also_label(),
                &msg::word_list(&words),
            ));
        }
        if !options.without.is_empty() {
            let words: Vec<String> = options.without.iter().map(|w| shown(w)).collect();
            self.how.push(msg::labelled(
                msg::export_without_label(),
                &msg::word_list(&words),
            ));
        }
        self
    }

    /// The title: `检索：密切联系群众`.
    pub fn title(&self) -> String {
        msg::export_title(&shown(&self.query))
    }

    /// The header's lines for people: query, filters, time, count.
    pub fn lines(&self) -> Vec<String> {
        let filters = if self.filters.is_empty() {
            msg::no_filters().to_string()
        } else {
            self.filters.clone()
        };
        let mut lines = vec![msg::labelled(
            msg::export_query_label(),
            &shown(&self.query),
        )];
        lines.extend(self.how.iter().cloned());
        lines.extend([
            msg::labelled(msg::export_filters_label(), &filters),
            msg::labelled(msg::export_time_label(), &self.date),
            msg::export_count(self.exported, self.total),
        ]);
        lines
    }
}

fn shown(s: &str) -> String {
    renda_core::display::escaped(s).into_owned()
}

/// The source of a paragraph in one line: title · 县 · 2023年 · region ·
/// section › 第3段 · file.
pub fn source_line(h: &Hit) -> String {
    let mut parts: Vec<String> = vec![shown(&h.labels.title)];
    parts.extend(h.labels.level.map(|l| msg::level_name(l).to_string()));
    parts.extend(h.labels.year.map(msg::year_label));
    parts.extend(h.labels.region.as_deref().map(shown));
    let place = match (&h.section, h.paragraph) {
        (_, 0) => msg::heading_place().to_string(),
        (Some(s), n) => format!("{} › {}", shown(s), msg::paragraph_label(n)),
        (None, n) => msg::paragraph_label(n),
    };
    parts.push(place);
    parts.push(shown(&h.file));
    parts.join(" · ")
}

/// Markdown: the title, the header as a list, then per paragraph a
/// numbered heading, its source as a quote and the paragraph with its
/// matches in **bold**.
pub fn write_md(w: &mut impl Write, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    writeln!(w, "# {}", escape_md(&head.title()))?;
    writeln!(w)?;
    for line in head.lines() {
        writeln!(w, "- {}", escape_md(&line))?;
    }
    for (i, h) in hits.iter().enumerate() {
        cancel::check()?;
        writeln!(w)?;
        writeln!(w, "## {}. {}", i + 1, escape_md(&shown(&h.labels.title)))?;
        writeln!(w)?;
        writeln!(w, "> {}", escape_md(&source_line(h)))?;
        writeln!(w)?;
        writeln!(w, "{}", md_paragraph(&h.text, &h.matches))?;
    }
    Ok(())
}

/// The columns of a CSV export, in order: the paragraph, its place
/// ([`super::cells::PLACE_COLUMNS`]), its file, and what was asked.
pub const CSV_COLUMNS: CsvColumns = CsvColumns {
    before: &[Column::Text],
    after: &[Column::File, Column::Query, Column::Filters],
};

/// CSV for Excel and WPS: UTF-8 with a byte-order mark (without it they
/// read the Chinese as GBK), CRLF line ends, the header row first (原文,
/// 标题, 层级, 年份, 日期, 地区, 部分, 段, 文件, 检索词, 筛选; English
/// under `--lang en`), then one row per paragraph. The query and the
/// filters fill the last two columns of every row: a first line of its own
/// would stand where Excel, WPS and csv readers look for the header, and in
/// every row they stay with the paragraph when rows are sorted, filtered or
/// pasted elsewhere. A paragraph longer than a cell holds goes on in
/// columns 原文（续1）, … at the end of its row
/// ([`super::cells::LongTexts`]).
pub fn write_csv(w: &mut impl Write, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    let mut out = super::cells::CsvOut::new(w)?;
    let texts = super::cells::LongTexts::new(hits.iter().map(|h| h.text.as_str()));
    out.row(texts.header(CSV_COLUMNS.header()))?;
    let query = shown(&head.query);
    for (i, h) in hits.iter().enumerate() {
        cancel::check()?;
        let row = CSV_COLUMNS.row(
            &[texts.first(i)],
            &h.labels,
            h.section.as_deref(),
            h.paragraph,
            &[&shown(&h.file), &query, &head.filters],
        );
        out.row(texts.row(i, row))?;
    }
    out.flush()
}

#[derive(Serialize)]
struct JsonHit<'a> {
    file: &'a str,
    #[serde(flatten)]
    labels: &'a Labels,
    section: Option<&'a str>,
    paragraph: usize,
    text: &'a str,
    /// Byte ranges of `text` that match.
    matches: Vec<[usize; 2]>,
}

/// JSON Lines: a first line `{"export": {query, filters, date, created,
/// total, exported}}`, then one object per paragraph (`level` as its code
/// and `level_label` in Chinese, `matches` as byte ranges of `text`).
pub fn write_jsonl(w: &mut impl Write, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &serde_json::json!({ "export": head }))?;
    writeln!(w)?;
    for h in hits {
        cancel::check()?;
        let rec = JsonHit {
            file: &h.file,
            labels: &h.labels,
            section: h.section.as_deref(),
            paragraph: h.paragraph,
            text: &h.text,
            matches: renda_core::search::snippet::normalize_ranges(&h.text, &h.matches)
                .into_iter()
                .map(|r| [r.start, r.end])
                .collect(),
        };
        serde_json::to_writer(&mut *w, &rec)?;
        writeln!(w)?;
    }
    Ok(())
}

/// The runs of a paragraph: the matches bold on yellow, the rest plain.
fn runs(text: &str, matches: &[Range<usize>]) -> Vec<Run> {
    pieces(text, matches)
        .into_iter()
        .map(|(piece, matched)| {
            let run = Run::new().add_text(super::ooxml::xml_chars(piece));
            if matched {
                run.bold().highlight("yellow")
            } else {
                run
            }
        })
        .collect()
}

/// `<dc:title>` put into docx-rs's core properties, which have no setter
/// for it (and `renda` as the author instead of `unknown`).
fn core_with_title(core: &[u8], title: &str) -> Vec<u8> {
    let xml = String::from_utf8_lossy(core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            "<dc:creator>renda</dc:creator>",
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            "<cp:lastModifiedBy>renda</cp:lastModifiedBy>",
        );
    let title = format!(
        "<dc:title>{}</dc:title></cp:coreProperties>",
        quick_xml::escape::escape(super::ooxml::xml_chars(title).as_ref())
    );
    xml.replacen("</cp:coreProperties>", &title, 1).into_bytes()
}

/// The text of the paragraph that marks, in the document docx-rs builds
/// for the header, where the paragraphs of the hits go.
const HITS_HERE: &str = "renda-export-paragraphs-here";

/// `document` cut around the paragraph holding [`HITS_HERE`]: what comes
/// before it and what comes after it.
fn around_marker(document: &[u8]) -> io::Result<(&[u8], &[u8])> {
    let missing = || io::Error::other("the .docx template has no place for the paragraphs");
    let at = memchr::memmem::find(document, HITS_HERE.as_bytes()).ok_or_else(missing)?;
    let start = [&b"<w:p>"[..], b"<w:p "]
        .iter()
        .filter_map(|open| memchr::memmem::rfind(&document[..at], open))
        .max()
        .ok_or_else(missing)?;
    let end = memchr::memmem::find(&document[at..], b"</w:p>").ok_or_else(missing)? + at + 6;
    Ok((&document[..start], &document[end..]))
}

/// One paragraph as WordprocessingML, its properties in schema order.
/// Whether `word/document.xml` may be 4 GiB or more: `around` bytes
/// around the hits, and each hit's text and source line with every byte
/// escaped six times over (`&quot;`), with room for its runs' markup.
fn may_pass_4_gib(around: usize, hits: &[Hit]) -> bool {
    const RUN_MARKUP: u64 = 512;
    let bound = hits.iter().fold(around as u64, |sum, h| {
        let text = (h.text.len() + h.file.len() + h.labels.title.len() + 512) as u64;
        let runs = 2 * h.matches.len() as u64 + 3;
        sum.saturating_add(6 * text + RUN_MARKUP * runs)
    });
    bound >= u64::from(u32::MAX)
}

fn paragraph_xml(p: &Paragraph) -> io::Result<Vec<u8>> {
    use docx_rs::BuildXML;
    super::ooxml::reorder(&p.build())
}

/// Word: the title as a heading, the header lines in small grey type, then
/// each paragraph with its matches in bold on yellow and its source in a
/// smaller grey line under it. The file's properties carry the title and
/// the creation time; its XML follows the schema's element order.
///
/// The document is written as it goes: docx-rs builds the parts around
/// the paragraphs (styles, properties, the header), and each paragraph is
/// built and written into the zip on its own, so memory does not grow
/// with the number of paragraphs.
pub fn write_docx<W: Write + Seek>(w: W, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let heading = Style::new("Heading1", StyleType::Paragraph)
        .name("heading 1")
        .bold()
        .size(32);
    let title = head.title();
    let mut doc = Docx::new()
        .created_at(&head.created)
        .updated_at(&head.created)
        .add_style(heading)
        .add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(Run::new().add_text(super::ooxml::xml_chars(&title))),
        );
    for line in head.lines() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(super::ooxml::xml_chars(&line))
                    .size(20)
                    .color("666666"),
            ),
        );
    }
    // The hits' paragraphs are numbered on from the header's, as docx-rs
    // numbers the paragraphs of one document (w14:paraId, 8 hex digits).
    let mut para_id = head.lines().len() + 1;
    let mut next_id = || {
        para_id += 1;
        format!("{para_id:08x}")
    };
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(HITS_HERE)));
    let xml = doc.build();
    let document = super::ooxml::reorder(&xml.document)?;
    let (before, after) = around_marker(&document)?;
    let styles = super::ooxml::reorder(&xml.styles)?;
    let core = core_with_title(&xml.doc_props.core, &title);

    // The parts as docx-rs packs them, document.xml compressed.
    let mut zip = zip::ZipWriter::new(w);
    let dirs = SimpleFileOptions::default();
    for dir in ["word/", "word/_rels", "_rels/", "docProps/"] {
        zip.add_directory(dir, dirs)?;
    }
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o755);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", &xml.content_type),
        ("_rels/.rels", &xml.rels),
        ("docProps/app.xml", &xml.doc_props.app),
        ("docProps/core.xml", &core),
        ("docProps/custom.xml", &xml.doc_props.custom),
        ("word/_rels/document.xml.rels", &xml.document_rels),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored)?;
        zip.write_all(bytes)?;
    }
    // Zip64 only for a part that may pass 4 GiB: LibreOffice (7.4) opens
    // no document whose parts carry Zip64 sizes.
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o755)
        .large_file(may_pass_4_gib(before.len() + after.len(), hits));
    zip.start_file("word/document.xml", deflated)?;
    zip.write_all(before)?;
    for h in hits {
        cancel::check()?;
        let mut p = Paragraph::new().id(next_id());
        for run in runs(&h.text, &h.matches) {
            p = p.add_run(run);
        }
        zip.write_all(&paragraph_xml(&p)?)?;
        let source = Paragraph::new().id(next_id()).add_run(
            Run::new()
                .add_text(super::ooxml::xml_chars(&format!("——{}", source_line(h))))
                .size(18)
                .color("808080"),
        );
        zip.write_all(&paragraph_xml(&source)?)?;
    }
    zip.write_all(after)?;
    let parts: [(&str, &[u8]); 7] = [
        ("word/styles.xml", &styles),
        ("word/settings.xml", &xml.settings),
        ("word/fontTable.xml", &xml.font_table),
        ("word/comments.xml", &xml.comments),
        ("word/numbering.xml", &xml.numberings),
        ("word/commentsExtended.xml", &xml.comments_extended),
        ("word/footnotes.xml", &xml.footnotes),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored)?;
        zip.write_all(bytes)?;
    }
    zip.finish()?.flush()
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    /// The page offers every format, each once, named and labelled by
    /// its extension.
    #[test]
    fn every_format_is_offered_once() {
        let all = ExportFormat::value_variants();
        assert_eq!(ExportFormat::ALL.len(), all.len());
        for f in all {
            assert_eq!(
                ExportFormat::ALL.iter().filter(|x| *x == f).count(),
                1,
                "{f:?}"
            );
            assert_eq!(ExportFormat::named(f.extension()), Some(*f));
            assert!(
                f.label().ends_with(&format!("(.{})", f.extension())),
                "{f:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn a_docx_written_as_it_goes_numbers_every_paragraph_once_and_keeps_each_hit_in_order() {
        let hits: Vec<Hit> = (0..2_000)
            .map(|i| {
                let mut h = Hit::unlabelled(
                    format!("f{i}.txt"),
                    i + 1,
                    format!("第{i}段：人大代表 <&> 密切联系群众"),
                    1.0,
                );
                let start = "第".len() + i.to_string().len() + "段：".len();
                let end = h.text.find(" <").unwrap();
                h.matches.push(start..end);
                h
            })
            .collect();
        let head = ExportHeader::now("人大代表", &Filters::default(), 2_000, 2_000);
        let mut buf = io::Cursor::new(Vec::new());
        write_docx(&mut buf, &head, &hits).unwrap();
        let mut zip = zip::ZipArchive::new(io::Cursor::new(buf.into_inner())).unwrap();
        let mut doc = String::new();
        io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc).unwrap();
        // Well-formed to its end.
        let mut reader = quick_xml::Reader::from_str(&doc);
        let mut depth = 0i64;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(_) => depth += 1,
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
        assert!(!doc.contains(HITS_HERE));
        // Title, four header lines, then two paragraphs per hit, numbered
        // 1, 2, 3… once each.
        let ids: Vec<u32> = doc
            .split("w14:paraId=\"")
            .skip(1)
            .map(|s| u32::from_str_radix(&s[..8], 16).unwrap())
            .collect();
        assert_eq!(ids, (1..=5 + 2 * 2_000).collect::<Vec<u32>>());
        let mut at = 0;
        for i in 0..2_000 {
            let text = format!("第{i}段：");
            let found = doc[at..].find(&text).unwrap_or_else(|| panic!("{text}"));
            at += found + text.len();
            assert!(doc[at..].starts_with("</w:t>"), "the match starts a run");
        }
        assert_eq!(doc.matches(">人大代表</w:t>").count(), 2_000);
        assert_eq!(
            doc.matches(" &lt;&amp;&gt; 密切联系群众</w:t>").count(),
            2_000
        );
        assert_eq!(doc.matches("<w:highlight w:val=\"yellow\"").count(), 2_000);
    }
}
