//! Text of `.pdf` files: the text layer, page by page, as paragraphs.
//!
//! The PDF is first checked by [`pdf_check`] (streams that inflate too far,
//! forms that draw themselves, loops and nesting in its structure, pages of
//! too many drawing operators), then parsed by `lopdf` and its pages' text
//! drawn through `pdf-extract` into a collector of positioned glyphs — on a
//! thread with a stack of known size, behind a guard (the library can panic
//! on a damaged file). The glyphs of each page become its lines as the page
//! ends; then:
//!
//! - **headers, footers and page numbers** go: a line at the top or the
//!   bottom of a page that, with its digits masked, stands at the top or the
//!   bottom of at least half the pages (and two at least), short (40
//!   characters at most) and no sentence — a running header, `第3页
//!   共8页`; and a line at the top or bottom that is only a
//!   page number (`3`, `- 3 -`, `— 3 —`, `第3页`, `3/8`, `Page 3`);
//! - **lines are rejoined into paragraphs** by the layout: a line that
//!   reaches the right edge of the text is continued by the next line (on
//!   the same page or the next) unless that line starts a paragraph — it is
//!   indented as a first line, in a text whose paragraphs are indented, or
//!   stands further down than the line pitch, in a text whose paragraphs
//!   are set apart by space — or begins as a heading or numbered item (一、,
//!   （一）, 1., 第一条, 一是). A wrapped line that ends a sentence (。) at
//!   the right edge goes on like any other. Only in a text whose
//!   paragraphs are marked neither way does a full line that ends a
//!   sentence (。！？；：…) end its paragraph: nothing is lost, and a merge
//!   of two paragraphs would be worse.
//!
//! Reading stops, and the file is skipped, after 60 seconds, 10 million
//! characters, past a limit of [`pdf_check`] or for a file over 512 MB.
//!
//! A PDF with no text at all (scanned pages) is [`SkipReason::NoTextLayer`];
//! an encrypted one that does not open with an empty password is
//! [`SkipReason::Encrypted`].

use std::collections::HashMap;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use regex::Regex;

use super::guard::guarded;
use super::pdf_check::{
    self, MAX_INFLATED_BYTES, MAX_PAGE_TOKENS, MAX_STREAM_BYTES, Refusal, on_big_stack,
};
use super::{Damage, Para, SkipReason, TooLarge, is_cjk};

/// Reading stops (and the file is skipped) after this long.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// …or after this many characters of text.
const CHAR_LIMIT: usize = 10_000_000;
/// PDFs larger than this are not read (the whole file is parsed in memory).
const SIZE_LIMIT: usize = 512 * 1024 * 1024;
/// Lines counted as a page's top or bottom.
const EDGE_LINES: usize = 2;

const WHAT: &str = ".pdf";

/// The paragraphs of a PDF's text layer.
pub fn pdf_paragraphs(bytes: &[u8]) -> Result<Vec<Para>, SkipReason> {
    if bytes.len() > SIZE_LIMIT {
        return Err(damaged(Damage::PdfTooLarge {
            mb: bytes.len() >> 20,
            limit_mb: SIZE_LIMIT >> 20,
        }));
    }
    // The libraries under the reader recurse: on a stack of a known size,
    // with every recursion bounded by `pdf_check` far below it.
    let pages = on_big_stack(|| guarded(WHAT, || page_lines(bytes)))
        .map_err(|e| SkipReason::unreadable(&e))??;
    if pages
        .iter()
        .all(|p| p.iter().all(|l| l.text.trim().is_empty()))
    {
        return Err(SkipReason::NoTextLayer);
    }
    Ok(paragraphs(strip_edges(pages)))
}

fn damaged(detail: Damage) -> SkipReason {
    SkipReason::Damaged {
        format: WHAT,
        detail,
    }
}

/// The reason for a file `pdf_check` refuses.
fn refused(r: Refusal) -> SkipReason {
    match r {
        Refusal::StreamBomb => SkipReason::TooLarge(TooLarge::PdfStream {
            mib: MAX_STREAM_BYTES >> 20,
        }),
        Refusal::InflatedTotal => SkipReason::TooLarge(TooLarge::PdfStreams {
            mib: MAX_INFLATED_BYTES >> 20,
        }),
        Refusal::PageTooBusy(page) => SkipReason::TooLarge(TooLarge::PdfPage {
            page,
            max: MAX_PAGE_TOKENS,
        }),
        Refusal::TooSlow => stopped(Over::Time),
        other => damaged(Damage::PdfRefused(other)),
    }
}

/// One glyph (or string of them) drawn on a page; its text is in the
/// page's text buffer.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x: f32,
    /// From the top of the page, downwards.
    y: f32,
    end: f32,
    size: f32,
    /// Its text: `text[at..at + len]` of the page.
    at: u32,
    len: u32,
}

/// One line of a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// The page it stands on (0-based).
    page: usize,
}

/// Collects the glyphs of each page, and turns them into lines when the
/// page ends (so a page's glyphs are never all kept at once).
struct Collector {
    pages: Vec<Vec<Line>>,
    /// The glyphs of the page being drawn, and their text.
    glyphs: Vec<Glyph>,
    text: String,
    /// Whether a page is being drawn.
    open: bool,
    /// The pages drawn to their end (or given up).
    ended: usize,
    height: f64,
    chars: usize,
    calls: usize,
    deadline: Instant,
    over: Option<Over>,
}

/// Why drawing the pages stopped early.
#[derive(Debug, Clone, Copy)]
enum Over {
    Text,
    Time,
}

/// The reason for a file whose drawing stopped early.
fn stopped(why: Over) -> SkipReason {
    match why {
        Over::Text => SkipReason::TooLarge(TooLarge::PdfText { limit: CHAR_LIMIT }),
        Over::Time => damaged(Damage::PdfTooSlow(TIME_LIMIT.as_secs())),
    }
}

impl Collector {
    /// Turn the glyphs of the page being drawn into its lines.
    fn close_page(&mut self) {
        if self.open {
            let glyphs = std::mem::take(&mut self.glyphs);
            let text = std::mem::take(&mut self.text);
            self.pages.push(lines_of(&glyphs, &text));
            self.open = false;
        }
    }

    fn stop(&mut self, why: Over) -> Result<(), OutputError> {
        self.over = Some(why);
        Err(OutputError::FormatError(std::fmt::Error))
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.close_page();
        if Instant::now() > self.deadline {
            return self.stop(Over::Time);
        }
        self.height = media_box.ury - media_box.lly;
        self.open = true;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.close_page();
        self.ended += 1;
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.chars += text.chars().count();
        self.calls += 1;
        if self.chars > CHAR_LIMIT {
            return self.stop(Over::Text);
        }
        if self.calls.is_multiple_of(1024) && Instant::now() > self.deadline {
            return self.stop(Over::Time);
        }
        if !self.open {
            return Ok(());
        }
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt().max(0.1);
        let (x, y) = (trm.m31, self.height - trm.m32);
        let end = x + width * size;
        let finite = |v: f64| v.is_finite() && (v as f32).is_finite();
        if !(finite(x) && finite(y) && finite(size) && finite(end)) {
            return Ok(());
        }
        let glyph = Glyph {
            x: x as f32,
            y: y as f32,
            end: end as f32,
            size: size as f32,
            at: self.text.len() as u32,
            len: text.len() as u32,
        };
        self.text.push_str(text);
        self.glyphs.push(glyph);
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The lines of each page.
fn page_lines(bytes: &[u8]) -> Result<Vec<Vec<Line>>, SkipReason> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err(damaged(Damage::NoPdfHeader));
    }
    pdf_check::check_streams(bytes).map_err(refused)?;
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| match e {
        lopdf_error if is_password_error(&lopdf_error.to_string()) => {
            SkipReason::Encrypted { format: WHAT }
        }
        e => damaged(Damage::NotReadablePdf(e.to_string())),
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(SkipReason::Encrypted { format: WHAT });
    }
    let deadline = Instant::now() + TIME_LIMIT;
    let pages = pdf_check::prepare(&mut doc, deadline).map_err(refused)?;
    let mut out = Collector {
        pages: Vec::new(),
        glyphs: Vec::new(),
        text: String::new(),
        open: false,
        ended: 0,
        height: 0.0,
        chars: 0,
        calls: 0,
        deadline,
        over: None,
    };
    // All pages in one pass; after a page that fails, the rest one by one.
    let mut failed = 0;
    let mut next = 0;
    let mut whole = true;
    while next < pages.len() {
        let ended = out.ended;
        let result = guarded(WHAT, || {
            let r = if whole {
                pdf_extract::output_doc(&doc, &mut out)
            } else {
                pdf_extract::output_doc_page(&doc, &mut out, pages[next].0)
            };
            r.map_err(|_| damaged(Damage::NoPageReadable))
        });
        out.close_page();
        if let Some(why) = out.over {
            return Err(stopped(why));
        }
        if result.is_ok() {
            if whole {
                break;
            }
            next += 1;
            continue;
        }
        failed += 1;
        // The page that failed counts as a page, with what it drew.
        let failed_page = if whole { out.ended } else { ended };
        if out.pages.len() <= failed_page {
            out.pages.push(Vec::new());
        }
        out.ended = failed_page + 1;
        next = failed_page + 1;
        whole = false;
        if Instant::now() > out.deadline {
            return Err(stopped(Over::Time));
        }
    }
    if failed > 0 && failed == pages.len() {
        return Err(damaged(Damage::NoPageReadable));
    }
    Ok(out.pages)
}

fn is_password_error(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("password") || m.contains("decrypt") || m.contains("encrypt")
}

/// Group a page's glyphs, in drawing order, into lines.
fn lines_of(glyphs: &[Glyph], text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for g in glyphs {
        let g_text = text
            .get(g.at as usize..(g.at + g.len) as usize)
            .unwrap_or_default();
        let (gx, gy, gend, gsize) = (
            f64::from(g.x),
            f64::from(g.y),
            f64::from(g.end),
            f64::from(g.size),
        );
        let same_line = lines.last().is_some_and(|l| {
            (gy - l.y).abs() <= 0.5 * gsize.max(l.size) && gx >= l.x0 - 0.5 * gsize
        });
        if !same_line {
            lines.push(Line {
                text: g_text.to_string(),
                x0: gx,
                x1: gend,
                y: gy,
                size: gsize,
                page: 0,
            });
            continue;
        }
        let Some(l) = lines.last_mut() else { continue };
        // A gap wide enough for a space where the PDF draws none.
        let gap = gx - l.x1;
        let prev = l.text.chars().next_back();
        let next = g_text.chars().next();
        if let (Some(p), Some(n)) = (prev, next)
            && !p.is_whitespace()
            && !n.is_whitespace()
        {
            let wide = if is_cjk(p) || is_cjk(n) { 0.8 } else { 0.2 };
            if gap > wide * gsize {
                l.text.push(' ');
            }
        }
        l.text.push_str(g_text);
        l.x1 = l.x1.max(gend);
        l.size = l.size.max(gsize);
    }
    for l in &mut lines {
        l.text = l.text.trim().to_string();
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[-－—–_·•\s]*[0-9]{1,4}[-－—–_·•\s]*|",
        r"第\s*[0-9一二三四五六七八九十百]+\s*页(?:\s*[,，/／]?\s*共\s*[0-9一二三四五六七八九十百]+\s*页)?|",
        r"共\s*[0-9]+\s*页\s*第\s*[0-9]+\s*页|",
        r"[0-9]{1,4}\s*[/／]\s*[0-9]{1,4}|",
        r"(?i:page)\s*[0-9]{1,4}(?:\s*(?i:of)\s*[0-9]{1,4})?|",
        r"[-－—–\s]*[ivxlcdm]{1,6}[-－—–\s]*)$"
    ))
    .expect("page number pattern")
});

/// Whether a line is only a page number.
fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line.trim())
}

/// A line with its digits masked, to match a running header or footer
/// whose page number changes.
fn masked(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Drop page headers, footers and page numbers.
fn strip_edges(pages: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    let n = pages.len();
    // How many pages have each masked line at their top or bottom.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in &pages {
        let mut seen = std::collections::HashSet::new();
        for (i, l) in page.iter().enumerate() {
            if (i < EDGE_LINES || i + EDGE_LINES >= page.len()) && seen.insert(masked(&l.text)) {
                *counts.entry(masked(&l.text)).or_default() += 1;
            }
        }
    }
    // A running header is short and no sentence.
    let running = |l: &Line| {
        n >= 2
            && l.text.chars().count() <= 40
            && !ends_sentence(&l.text)
            && counts
                .get(&masked(&l.text))
                .is_some_and(|&c| c >= 2 && c * 2 >= n)
    };
    pages
        .into_iter()
        .map(|page| {
            let len = page.len();
            // Peel from each end while the line is chrome.
            let mut top = 0;
            while top < len.min(EDGE_LINES)
                && (running(&page[top]) || is_page_number(&page[top].text))
            {
                top += 1;
            }
            let mut bottom = len;
            while bottom > top
                && len - bottom < EDGE_LINES
                && (running(&page[bottom - 1]) || is_page_number(&page[bottom - 1].text))
            {
                bottom -= 1;
            }
            page.into_iter().take(bottom).skip(top).collect()
        })
        .collect()
}

/// Whether a line ends a sentence (。！？；：…, also before a closing quote
/// or bracket): such a line may end its paragraph.
fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches(['”', '」', '』', '）', ')', '"', '’', '》']);
    t.ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':', '…'])
}

/// Whether a line is a heading or a numbered item, which stands alone.
fn stands_alone(line: &str) -> bool {
    crate::speech::structure::heading(line).is_some()
        || crate::speech::structure::is_salutation(line)
        || NUMBERED.is_match(line)
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百零〇0-9]+[条章节款]|[一二三四五六七八九十]+是|[①-⑳]|[0-9]{1,2}[、．.][^0-9])")
        .expect("numbered item pattern")
});

/// Join the lines of the pages into paragraphs.
fn paragraphs(pages: Vec<Vec<Line>>) -> Vec<Para> {
    let lines: Vec<Line> = pages
        .into_iter()
        .enumerate()
        .flat_map(|(n, page)| {
            page.into_iter().map(move |mut l| {
                l.page = n;
                l
            })
        })
        .collect();
    if lines.is_empty() {
        return Vec::new();
    }
    // The text's left and right edges: the most common start, and the
    // right end most lines reach (both rounded to a point).
    let mode = |values: &mut dyn Iterator<Item = f64>| -> f64 {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for v in values {
            *counts.entry(v.round() as i64).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(v, c)| (c, -v))
            .map_or(0.0, |(v, _)| v as f64)
    };
    let left = mode(&mut lines.iter().map(|l| l.x0));
    let mut ends: Vec<f64> = lines.iter().map(|l| l.x1).collect();
    ends.sort_by(f64::total_cmp);
    // The right edge: the 80th percentile of line ends (most wrapped lines
    // reach it; short last lines do not).
    let right = ends[(ends.len() * 4 / 5).min(ends.len() - 1)];
    let indented = |l: &Line| l.x0 > left + 0.8 * l.size;
    let full = |l: &Line| l.x1 >= right - 1.5 * l.size;
    // The distance from a line to the next on its page, and the usual
    // distance between the lines of one paragraph (from a full line to the
    // next).
    let pitch = |a: &Line, b: &Line| (a.page == b.page && b.y > a.y).then_some(b.y - a.y);
    let line_pitch = mode(
        &mut lines
            .windows(2)
            .filter(|w| full(&w[0]))
            .filter_map(|w| pitch(&w[0], &w[1])),
    );
    let spaced = |a: &Line, b: &Line| {
        line_pitch > 0.0 && pitch(a, b).is_some_and(|p| p > line_pitch + 0.3 * a.size.min(b.size))
    };
    // Does this text mark a paragraph's first line by an indent, or the
    // space between paragraphs by a wider gap? Then the lines that follow
    // a short line (the start of a paragraph) are mostly indented, or
    // mostly further down.
    let after_short: Vec<(&Line, &Line)> = lines
        .windows(2)
        .filter(|w| !full(&w[0]))
        .map(|w| (&w[0], &w[1]))
        .collect();
    let most = |n: usize, of: usize| of >= 2 && n * 2 > of;
    let indent_marks = most(
        after_short.iter().filter(|(_, b)| indented(b)).count(),
        after_short.len(),
    );
    let on_one_page: Vec<&(&Line, &Line)> = after_short
        .iter()
        .filter(|(a, b)| pitch(a, b).is_some())
        .collect();
    let space_marks = most(
        on_one_page.iter().filter(|(a, b)| spaced(a, b)).count(),
        on_one_page.len(),
    );

    let mut out: Vec<Para> = Vec::new();
    let mut open = false;
    let mut prev: Option<&Line> = None;
    for l in &lines {
        let join = open
            && prev.is_some_and(|p| {
                // A full line is no heading (headings end short), whatever
                // its first words: a paragraph that begins 一是 or 第一、
                // wraps like any other.
                let starts_paragraph =
                    (indent_marks && indented(l)) || (space_marks && spaced(p, l));
                full(p)
                    && !stands_alone(&l.text)
                    && !starts_paragraph
                    && (indent_marks || space_marks || !ends_sentence(&p.text))
            });
        if join && let Some(last) = out.last_mut() {
            let a = last.text.chars().next_back();
            let b = l.text.chars().next();
            if a.is_some_and(|c| c.is_ascii_alphanumeric())
                && b.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                last.text.push(' ');
            }
            last.text.push_str(&l.text);
        } else {
            out.push(Para::body(l.text.clone()));
        }
        open = true;
        prev = Some(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f64, x1: f64) -> Line {
        Line {
            text: text.into(),
            x0,
            x1,
            y: 0.0,
            size: 10.0,
            page: 0,
        }
    }

    #[test]
    fn page_numbers() {
        for s in [
            "3",
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 8 页",
            "3/8",
            "Page 3 of 8",
            "－ 4 －",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2023年", "一、总则", "3.5亿元"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn running_header_and_numbers_go() {
        let page = |i: usize| {
            vec![
                line("某市人大常委会文件", 100.0, 200.0),
                line(&format!("正文第{i}页的内容。"), 50.0, 300.0),
                line(&format!("- {i} -"), 150.0, 170.0),
            ]
        };
        let pages = strip_edges((1..=3).map(page).collect());
        for (i, p) in pages.iter().enumerate() {
            let texts: Vec<&str> = p.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(texts, [format!("正文第{}页的内容。", i + 1)]);
        }
    }

    #[test]
    fn wrapped_lines_join_and_headings_stay() {
        let pages = vec![
            vec![
                line("一、提高认识", 50.0, 120.0),
                line("人大代表要密切联系群众，倾听", 50.0, 300.0),
                line("群众呼声。", 50.0, 100.0),
                line("第二段从这里开始，写满了一整", 50.0, 300.0),
            ],
            vec![
                line("行之后在下一页接着写完。", 50.0, 180.0),
                line("1. 加强学习", 50.0, 120.0),
                line("一是认真执行代表职务，执行代表职务", 50.0, 300.0),
                line("是法定职责。", 50.0, 120.0),
            ],
        ];
        let got: Vec<String> = paragraphs(pages).into_iter().map(|p| p.text).collect();
        assert_eq!(
            got,
            [
                "一、提高认识",
                "人大代表要密切联系群众，倾听群众呼声。",
                "第二段从这里开始，写满了一整行之后在下一页接着写完。",
                "1. 加强学习",
                "一是认真执行代表职务，执行代表职务是法定职责。"
            ]
        );
    }

    #[test]
    fn not_a_pdf() {
        assert_eq!(pdf_paragraphs(b"hello").unwrap_err().kind(), "damaged file");
        let cut = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog";
        assert_eq!(pdf_paragraphs(cut).unwrap_err().kind(), "damaged file");
    }
}
