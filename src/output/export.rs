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

use std::io::{self, Seek, Write};
use std::ops::Range;

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
use serde::Serialize;

use super::hits::{escape_md, md_paragraph, pieces};
use crate::i18n::msg::{self, Column};
use crate::search::{Filters, Hit};
use crate::speech::{Date, Level};

/// What an export answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportHeader {
    pub query: String,
    /// The filters for people ([`Filters::describe`]); empty for none.
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
            filters: filters.describe(),
            date,
            created,
            total,
            exported,
        }
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
        vec![
            msg::labelled(msg::export_query_label(), &shown(&self.query)),
            msg::labelled(msg::export_filters_label(), &filters),
            msg::labelled(msg::export_time_label(), &self.date),
            msg::export_count(self.exported, self.total),
        ]
    }
}

fn shown(s: &str) -> String {
    crate::display::escaped(s).into_owned()
}

/// The source of a paragraph in one line: title · 县 · 2023年 · region ·
/// section › 第3段 · file.
pub fn source_line(h: &Hit) -> String {
    let mut parts: Vec<String> = vec![shown(&h.title)];
    parts.extend(h.level.map(|l| l.as_chinese().to_string()));
    parts.extend(h.year.map(|y| format!("{y}年")));
    parts.extend(h.region.as_deref().map(shown));
    let place = match (&h.section, h.paragraph) {
        (_, 0) => "标题".to_string(),
        (Some(s), n) => format!("{} › 第{n}段", shown(s)),
        (None, n) => format!("第{n}段"),
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
        writeln!(w)?;
        writeln!(w, "## {}. {}", i + 1, escape_md(&shown(&h.title)))?;
        writeln!(w)?;
        writeln!(w, "> {}", escape_md(&source_line(h)))?;
        writeln!(w)?;
        writeln!(w, "{}", md_paragraph(&h.text, &h.matches))?;
    }
    Ok(())
}

/// The columns of a CSV export, in order.
pub const CSV_COLUMNS: [Column; 11] = [
    Column::Text,
    Column::Title,
    Column::Level,
    Column::Year,
    Column::Date,
    Column::Region,
    Column::Section,
    Column::Paragraph,
    Column::File,
    Column::Query,
    Column::Filters,
];

/// CSV for Excel and WPS: UTF-8 with a byte-order mark (without it they
/// read the Chinese as GBK), CRLF line ends, the header row first (原文,
/// 标题, 层级, 年份, 日期, 地区, 部分, 段, 文件, 检索词, 筛选; English
/// under `--lang en`), then one row per paragraph. The query and the
/// filters fill the last two columns of every row: a first line of its own
/// would stand where Excel, WPS and csv readers look for the header, and in
/// every row they stay with the paragraph when rows are sorted, filtered or
/// pasted elsewhere.
pub fn write_csv(w: &mut impl Write, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    let mut out = super::cells::CsvOut::new(w)?;
    out.row(CSV_COLUMNS.map(msg::column))?;
    let query = shown(&head.query);
    for h in hits {
        out.row([
            h.text.as_str(),
            &shown(&h.title),
            h.level.map_or("", Level::as_chinese),
            &h.year.map_or(String::new(), |y| y.to_string()),
            &h.date.map_or(String::new(), |d| d.to_string()),
            &shown(h.region.as_deref().unwrap_or("")),
            &shown(h.section.as_deref().unwrap_or("")),
            &h.paragraph.to_string(),
            &shown(&h.file),
            &query,
            &head.filters,
        ])?;
    }
    out.flush()
}

#[derive(Serialize)]
struct JsonHit<'a> {
    file: &'a str,
    title: &'a str,
    #[serde(flatten, serialize_with = "crate::speech::level_and_label")]
    level: Option<Level>,
    year: Option<u16>,
    date: Option<Date>,
    region: Option<&'a str>,
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
        let rec = JsonHit {
            file: &h.file,
            title: &h.title,
            level: h.level,
            year: h.year,
            date: h.date,
            region: h.region.as_deref(),
            section: h.section.as_deref(),
            paragraph: h.paragraph,
            text: &h.text,
            matches: crate::search::snippet::normalize_ranges(&h.text, &h.matches)
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
            let run = Run::new().add_text(piece);
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
        quick_xml::escape::escape(title)
    );
    xml.replacen("</cp:coreProperties>", &title, 1).into_bytes()
}

/// Word: the title as a heading, the header lines in small grey type, then
/// each paragraph with its matches in bold on yellow and its source in a
/// smaller grey line under it. The file's properties carry the title and
/// the creation time; its XML follows the schema's element order.
pub fn write_docx<W: Write + Seek>(w: W, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
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
                .add_run(Run::new().add_text(&title)),
        );
    for line in head.lines() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(line).size(20).color("666666")),
        );
    }
    for h in hits {
        let mut p = Paragraph::new();
        for run in runs(&h.text, &h.matches) {
            p = p.add_run(run);
        }
        doc = doc.add_paragraph(p).add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("——{}", source_line(h)))
                    .size(18)
                    .color("808080"),
            ),
        );
    }
    let mut xml = doc.build();
    xml.document = super::ooxml::reorder(&xml.document)?;
    xml.styles = super::ooxml::reorder(&xml.styles)?;
    xml.doc_props.core = core_with_title(&xml.doc_props.core, &title);
    xml.pack(w).map_err(io::Error::other)
}
