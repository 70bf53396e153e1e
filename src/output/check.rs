//! The report of `renda check`: text for the terminal (copied runs in
//! colour), JSON for tools, Markdown and Word (.docx) to send to a
//! colleague: the draft's own text with what it takes from the archive
//! marked, a source note per sentence, the leftovers.

use std::io::{self, Seek, Write};
use std::ops::Range;

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};

use super::hits::escape_md;
use crate::i18n::msg;
use renda_core::search::check::{Report, SentenceReport, SourceRef, SpeechShare, Status};

/// A format a check report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Md,
    Docx,
}

impl CheckFormat {
    /// The format of a report file by its extension (case-insensitive).
    pub fn of_path(path: &std::path::Path) -> Option<CheckFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => Self::Json,
            "md" | "markdown" => Self::Md,
            "docx" => Self::Docx,
            "txt" => Self::Text,
            _ => return None,
        })
    }
}

/// The report in `format`, as bytes (text coloured when `color`).
pub fn render(report: &Report, format: CheckFormat, color: bool) -> io::Result<Vec<u8>> {
    let mut buf = io::Cursor::new(Vec::new());
    match format {
        CheckFormat::Text => write_text(&mut buf, report, color)?,
        CheckFormat::Json => write_json(&mut buf, report)?,
        CheckFormat::Md => write_md(&mut buf, report)?,
        CheckFormat::Docx => write_docx(&mut buf, report)?,
    }
    Ok(buf.into_inner())
}

const RESET: &str = "\x1b[0m";
const COPIED: &str = "\x1b[1;31m";
const COMMON: &str = "\x1b[33m";
const LEFTOVER: &str = "\x1b[1;41;97m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";

fn shown(s: &str) -> String {
    renda_core::display::escaped(s).into_owned()
}

/// A speech's title as a name: 《title》, or “title” in English.
fn quoted_title(title: &str) -> String {
    match crate::i18n::lang() {
        crate::i18n::Lang::Zh => format!("《{}》", shown(title)),
        crate::i18n::Lang::En => format!("“{}”", shown(title)),
    }
}

/// A source in one line: `《title》 县 · 2023 · 安化县 · 第3段 · file`.
pub fn source_line(s: &SourceRef) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(s.level.map(|l| msg::level_name(l).to_string()));
    parts.extend(s.year.map(|y| y.to_string()));
    parts.extend(s.region.as_deref().map(shown));
    parts.push(msg::check_paragraph_label(s.paragraph));
    parts.push(shown(&s.file));
    format!("{} {}", quoted_title(&s.title), parts.join(" · "))
}

fn speech_line(s: &SpeechShare) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(s.level.map(|l| msg::level_name(l).to_string()));
    parts.extend(s.year.map(|y| y.to_string()));
    parts.extend(s.region.as_deref().map(shown));
    let place = if parts.is_empty() {
        String::new()
    } else {
        crate::i18n::pick(
            format!("（{}）", parts.join(" · ")),
            format!(" ({})", parts.join(" · ")),
        )
    };
    msg::check_speech_part(&format!("{}{place}", quoted_title(&s.title)), s.share)
}

/// The overall lines: the copied share by speech, the common share.
pub fn overall(r: &Report) -> Vec<String> {
    let mut out: Vec<String> =
        crate::i18n::search::considered_note(crate::i18n::lang(), &r.considered)
            .into_iter()
            .collect();
    if r.speeches.is_empty() {
        out.push(msg::check_all_own(r.considered.cut.is_some()));
    } else {
        let list: Vec<String> = r.speeches.iter().map(speech_line).collect();
        out.push(msg::check_overall(
            r.copied_share,
            r.speeches.len(),
            &list.join(msg::list_sep()),
        ));
    }
    if r.common_chars > 0 {
        out.push(msg::check_common_share(
            r.common_chars as f64 / r.chars.max(1) as f64,
        ));
    }
    out
}

/// The leftover lines, `遗留地名：安化县（来自 …）`, with their sentence.
pub fn leftover_lines(r: &Report) -> Vec<(String, String)> {
    r.leftovers
        .iter()
        .map(|l| {
            let s = &r.sentences[l.sentence];
            (
                msg::check_leftover(l.kind, &shown(&l.name), &source_line(&l.source), l.possible),
                shown(s.text.trim()),
            )
        })
        .collect()
}

/// What a sentence is, in one note.
fn notes(s: &SentenceReport) -> Vec<String> {
    match s.status {
        Status::Copied => {
            let mut out: Vec<String> = s
                .sources
                .iter()
                .map(|src| {
                    msg::check_sentence_source(&source_line(&src.source), src.share, src.similarity)
                })
                .collect();
            if !s.longest.is_empty() {
                out.push(msg::check_longest(&shown(&s.longest)));
            }
            out
        }
        Status::Common => vec![msg::check_sentence_common().to_string()],
        Status::Own => vec![msg::check_sentence_own().to_string()],
        Status::Short => vec![msg::check_sentence_short().to_string()],
    }
}

/// The pieces of a sentence: (text, how it is marked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Copied,
    Common,
    Leftover,
}

/// The pieces of sentence `k` of `r`, each with how it is marked.
pub fn pieces(r: &Report, k: usize) -> Vec<(String, Mark)> {
    let s = &r.sentences[k];
    let text = s.text.as_str();
    let mut marks = vec![Mark::Plain; text.len()];
    let mut set = |ranges: &[Range<usize>], m: Mark| {
        for range in ranges {
            for x in &mut marks[range.clone()] {
                *x = m;
            }
        }
    };
    set(&s.common, Mark::Common);
    set(&s.copied, Mark::Copied);
    let left: Vec<Range<usize>> = r
        .leftovers
        .iter()
        .filter(|l| l.sentence == k)
        .map(|l| l.range.clone())
        .collect();
    set(&left, Mark::Leftover);
    let mut out: Vec<(String, Mark)> = Vec::new();
    for (i, c) in text.char_indices() {
        let m = marks[i];
        let c = if c.is_control() { ' ' } else { c };
        match out.last_mut() {
            Some((t, last)) if *last == m => t.push(c),
            _ => out.push((c.to_string(), m)),
        }
    }
    out
}

/// Text for people: the overall lines, the leftovers, then each sentence
/// with a source or of common phrasing, its runs marked (in colour when
/// `color`), and its sources.
pub fn write_text(w: &mut impl Write, r: &Report, color: bool) -> io::Result<()> {
    let paint = |s: &str, code: &str| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    writeln!(w, "{}", paint(&msg::check_title(&shown(&r.title)), GREEN))?;
    writeln!(
        w,
        "{}",
        paint(
            &msg::check_settings(r.region.as_deref(), r.level, r.year, r.term.as_deref()),
            DIM
        )
    )?;
    for line in overall(r) {
        writeln!(w, "{line}")?;
    }
    writeln!(w)?;
    let left = leftover_lines(r);
    if left.is_empty() {
        writeln!(w, "{}", msg::check_no_leftovers())?;
    } else {
        for (line, sentence) in left {
            writeln!(w, "{}", paint(&line, COPIED))?;
            writeln!(w, "  {sentence}")?;
        }
    }
    let mut counter = SentenceCounter::default();
    for (k, s) in r.sentences.iter().enumerate() {
        let n = counter.next(s.paragraph);
        if !matches!(s.status, Status::Copied | Status::Common) {
            continue;
        }
        writeln!(w)?;
        writeln!(w, "{}", paint(&msg::check_sentence_at(s.paragraph, n), DIM))?;
        let mut line = String::new();
        for (piece, m) in pieces(r, k) {
            match (m, color) {
                (Mark::Copied, true) => line.push_str(&paint(&piece, COPIED)),
                (Mark::Common, true) => line.push_str(&paint(&piece, COMMON)),
                (Mark::Leftover, true) => line.push_str(&paint(&piece, LEFTOVER)),
                _ => line.push_str(&piece),
            }
        }
        writeln!(w, "{}", line.trim())?;
        for note in notes(s) {
            writeln!(w, "  {}", paint(&note, DIM))?;
        }
    }
    Ok(())
}

/// Numbers the sentences of each paragraph from 1.
#[derive(Default)]
pub struct SentenceCounter {
    paragraph: usize,
    n: usize,
}

impl SentenceCounter {
    pub fn next(&mut self, paragraph: usize) -> usize {
        if paragraph != self.paragraph {
            self.paragraph = paragraph;
            self.n = 0;
        }
        self.n += 1;
        self.n
    }
}

/// JSON: the whole [`Report`].
pub fn write_json(w: &mut impl Write, r: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r)?;
    writeln!(w)
}

/// A sentence in Markdown: copied runs in bold, the leftovers in them
/// struck through, common phrasing in italics.
fn md_sentence(pieces: &[(String, Mark)]) -> String {
    let mut out = String::new();
    let mut bold = false;
    for (piece, m) in pieces {
        let piece = escape_md(piece);
        let strong = matches!(m, Mark::Copied | Mark::Leftover);
        if strong != bold {
            out.push_str("**");
            bold = strong;
        }
        match m {
            Mark::Leftover => out.push_str(&format!("~~{piece}~~")),
            Mark::Common => out.push_str(&format!("*{piece}*")),
            _ => out.push_str(&piece),
        }
    }
    if bold {
        out.push_str("**");
    }
    out
}

/// Markdown: the overall lines, the leftovers, the draft with copied runs
/// in bold (common phrasing in italics, leftovers struck through in bold),
/// a source note under each paragraph.
pub fn write_md(w: &mut impl Write, r: &Report) -> io::Result<()> {
    writeln!(w, "# {}", escape_md(&msg::check_title(&shown(&r.title))))?;
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        escape_md(&msg::check_settings(
            r.region.as_deref(),
            r.level,
            r.year,
            r.term.as_deref()
        ))
    )?;
    writeln!(w)?;
    for line in overall(r) {
        writeln!(w, "- {}", escape_md(&line))?;
    }
    writeln!(w)?;
    writeln!(w, "## {}", msg::check_heading_leftovers())?;
    writeln!(w)?;
    let left = leftover_lines(r);
    if left.is_empty() {
        writeln!(w, "{}", escape_md(&msg::check_no_leftovers()))?;
    }
    for (line, sentence) in left {
        writeln!(
            w,
            "- {}",
            msg::labelled(&format!("**{}**", escape_md(&line)), &escape_md(&sentence))
        )?;
    }
    writeln!(w)?;
    writeln!(w, "## {}", msg::check_heading_text())?;
    let mut counter = SentenceCounter::default();
    for p in &r.paragraphs {
        writeln!(w)?;
        let mut text = String::new();
        let mut notes_of: Vec<String> = Vec::new();
        for (k, s) in r.sentences.iter().enumerate() {
            if s.paragraph != p.n {
                continue;
            }
            let n = counter.next(s.paragraph);
            text.push_str(&md_sentence(&pieces(r, k)));
            if s.status == Status::Copied || s.status == Status::Common {
                for note in notes(s) {
                    notes_of.push(format!(
                        "{}{}{note}",
                        msg::check_sentence_at(s.paragraph, n),
                        crate::i18n::pick("：", ": ")
                    ));
                }
            }
        }
        writeln!(w, "{}", text.trim())?;
        if !notes_of.is_empty() {
            writeln!(w)?;
            for note in notes_of {
                writeln!(w, "> {}  ", escape_md(&note))?;
            }
        }
    }
    Ok(())
}

/// Word: the same as the Markdown, copied runs highlighted in yellow,
/// common phrasing in grey, leftovers in red; source notes in small grey
/// lines under each paragraph.
pub fn write_docx<W: Write + Seek>(w: W, r: &Report) -> io::Result<()> {
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .bold()
            .size(size)
    };
    let title = Paragraph::new()
        .style("Heading1")
        .add_run(Run::new().add_text(super::ooxml::xml_chars(&msg::check_title(&r.title))));
    let small = |t: String| {
        Paragraph::new().add_run(
            Run::new()
                .add_text(super::ooxml::xml_chars(&t))
                .size(18)
                .color("666666"),
        )
    };
    let mut doc = Docx::new()
        .add_style(heading("Heading1", "Heading 1", 32))
        .add_style(heading("Heading2", "Heading 2", 28))
        .add_paragraph(title)
        .add_paragraph(small(msg::check_settings(
            r.region.as_deref(),
            r.level,
            r.year,
            r.term.as_deref(),
        )));
    for line in overall(r) {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(super::ooxml::xml_chars(&line)).bold()),
        );
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .style("Heading2")
            .add_run(Run::new().add_text(super::ooxml::xml_chars(msg::check_heading_leftovers()))),
    );
    let left = leftover_lines(r);
    if left.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(super::ooxml::xml_chars(&msg::check_no_leftovers()))),
        );
    }
    for (line, sentence) in left {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(super::ooxml::xml_chars(&line))
                        .bold()
                        .color("C00000"),
                )
                .add_run(Run::new().add_text(super::ooxml::xml_chars(&format!("　{sentence}")))),
        );
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .style("Heading2")
            .add_run(Run::new().add_text(super::ooxml::xml_chars(msg::check_heading_text()))),
    );
    let mut counter = SentenceCounter::default();
    for p in &r.paragraphs {
        let mut para = Paragraph::new();
        let mut notes_of: Vec<String> = Vec::new();
        for (k, s) in r.sentences.iter().enumerate() {
            if s.paragraph != p.n {
                continue;
            }
            let n = counter.next(s.paragraph);
            for (piece, m) in pieces(r, k) {
                let run = Run::new().add_text(super::ooxml::xml_chars(&piece));
                para = para.add_run(match m {
                    Mark::Plain => run,
                    Mark::Copied => run.highlight("yellow"),
                    Mark::Common => run.highlight("lightGray"),
                    Mark::Leftover => run.highlight("yellow").bold().color("C00000"),
                });
            }
            if s.status == Status::Copied || s.status == Status::Common {
                for note in notes(s) {
                    notes_of.push(format!(
                        "{}{}{note}",
                        msg::check_sentence_at(s.paragraph, n),
                        crate::i18n::pick("：", ": ")
                    ));
                }
            }
        }
        doc = doc.add_paragraph(para);
        for note in notes_of {
            doc = doc.add_paragraph(small(format!("——{note}")));
        }
    }
    doc.build().pack(w).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_sentence_keeps_one_bold_span_over_its_leftovers() {
        let p = |t: &str, m| (t.to_string(), m);
        let md = md_sentence(&[
            p("按照", Mark::Copied),
            p("九届", Mark::Leftover),
            p("人大代表", Mark::Copied),
            p("，我们", Mark::Plain),
            p("坚持", Mark::Common),
        ]);
        assert_eq!(md, "**按照~~九届~~人大代表**，我们*坚持*");
        assert_eq!(md_sentence(&[p("九届", Mark::Leftover)]), "**~~九届~~**");
    }
}
