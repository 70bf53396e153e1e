//! Export matching paragraphs, each with its source, ready to paste into a
//! draft: Markdown, CSV (for Excel and WPS), JSON Lines and Word (.docx).
//!
//! Every export starts with what was asked: the query, the filters, the
//! date and the counts. Then one entry per paragraph, with its title, level,
//! year, region, section, paragraph number and file.

use std::io::{self, Seek, Write};

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};
use serde::Serialize;

use super::hits::escape_md;
use crate::search::Hit;
use crate::speech::{Date, Level};

/// What an export answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportHeader {
    pub query: String,
    /// The filters, as the user gave them (`level=county; since=2020`).
    pub filters: String,
    /// When, as `YYYY-MM-DD HH:MM UTC`.
    pub date: String,
    /// Paragraphs matching.
    pub total: usize,
    /// Paragraphs written.
    pub exported: usize,
}

impl ExportHeader {
    fn line(&self) -> String {
        let filters = if self.filters.is_empty() {
            "无".to_string()
        } else {
            self.filters.clone()
        };
        format!(
            "检索：{} · 筛选：{filters} · 导出时间：{} · 共 {} 段",
            self.query, self.date, self.exported
        )
    }
}

/// The source of a paragraph in one line: title · 县 · 2023 · region ·
/// section › ¶3 · file.
pub fn source_line(h: &Hit) -> String {
    let shown = |s: &str| crate::display::escaped(s).into_owned();
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

/// Markdown: the query as the title, the header, then a heading per source
/// with its paragraph.
pub fn write_md(w: &mut impl Write, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    writeln!(w, "# {}", escape_md(&head.query))?;
    writeln!(w)?;
    writeln!(w, "{}", escape_md(&head.line()))?;
    for (i, h) in hits.iter().enumerate() {
        writeln!(w)?;
        writeln!(
            w,
            "## {}. {}",
            i + 1,
            escape_md(&crate::display::escaped(&h.title))
        )?;
        writeln!(w)?;
        writeln!(w, "> {}", escape_md(&source_line(h)))?;
        writeln!(w)?;
        writeln!(w, "{}", escape_md(&h.text))?;
    }
    Ok(())
}

/// CSV for Excel and WPS: UTF-8 with a byte-order mark, CRLF line ends, a
/// first line `# 检索：… · 筛选：… · 导出时间：… · 共 N 段`, then a header row
/// and one row per paragraph.
pub fn write_csv(w: &mut impl Write, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    write!(w, "# {}\r\n", head.line().replace(['\r', '\n'], " "))?;
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    out.write_record([
        "title",
        "level",
        "year",
        "date",
        "region",
        "section",
        "paragraph",
        "file",
        "text",
    ])?;
    for h in hits {
        let shown = |s: &str| crate::display::escaped(s).into_owned();
        out.write_record([
            shown(&h.title).as_str(),
            h.level.map_or("", Level::as_str),
            &h.year.map_or(String::new(), |y| y.to_string()),
            &h.date.map_or(String::new(), |d| d.to_string()),
            &shown(h.region.as_deref().unwrap_or("")),
            &shown(h.section.as_deref().unwrap_or("")),
            &h.paragraph.to_string(),
            &shown(&h.file),
            h.text.as_str(),
        ])?;
    }
    out.flush()
}

#[derive(Serialize)]
struct JsonHit<'a> {
    file: &'a str,
    title: &'a str,
    level: Option<Level>,
    year: Option<u16>,
    date: Option<Date>,
    region: Option<&'a str>,
    section: Option<&'a str>,
    paragraph: usize,
    text: &'a str,
}

/// JSON Lines: a first line `{"export": {query, filters, date, total,
/// exported}}`, then one object per paragraph.
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
        };
        serde_json::to_writer(&mut *w, &rec)?;
        writeln!(w)?;
    }
    Ok(())
}

/// Word: the query as a heading, the header line, then each paragraph with
/// its source in a smaller grey line under it.
pub fn write_docx<W: Write + Seek>(w: W, head: &ExportHeader, hits: &[Hit]) -> io::Result<()> {
    let heading = Style::new("Heading1", StyleType::Paragraph)
        .name("Heading 1")
        .bold()
        .size(32);
    let mut doc = Docx::new()
        .add_style(heading)
        .add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(Run::new().add_text(&head.query)),
        )
        .add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(head.line()).size(20).color("666666")),
        );
    for h in hits {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&h.text)))
            .add_paragraph(
                Paragraph::new().add_run(
                    Run::new()
                        .add_text(format!("——{}", source_line(h)))
                        .size(18)
                        .color("808080"),
                ),
            );
    }
    doc.build().pack(w).map_err(io::Error::other)
}
