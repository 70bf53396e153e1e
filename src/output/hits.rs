//! Print search results: for people (`text`, `md`) and for programs
//! (`json`, `jsonl`, `csv`).
//!
//! Every printer writes one page of a [`SearchResult`] to any
//! [`std::io::Write`]. The machine formats share one record per hit
//! ([`HitRecord`]): its source, the whole paragraph and its best snippet.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use crate::i18n::msg::Column;
use renda_core::search::expand::Related;
use renda_core::search::snippet::{Snippet, normalize_ranges, snippet};
use renda_core::search::{Duplicate, Hit, LeftOut, SearchResult};
use renda_core::speech::Labels;

use super::cells::{CELL_MAX_UNITS, CsvColumns};

/// How long snippets are, in characters, unless told otherwise.
pub const DEFAULT_SNIPPET_CHARS: usize = 160;

/// Section headings longer than this are shortened in the text header.
const SECTION_CHARS: usize = 20;

const BOLD_RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// How [`write_text`] prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStyle {
    /// Colour the header and the matches with ANSI escapes.
    pub color: bool,
    /// About how many characters of each paragraph to show.
    pub snippet_chars: usize,
    /// How many hits come before this page (0 for the first page); only
    /// used to say which hits are shown.
    pub offset: usize,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            color: false,
            snippet_chars: DEFAULT_SNIPPET_CHARS,
            offset: 0,
        }
    }
}

/// One hit as the machine formats print it.
#[derive(Debug, Clone, Serialize)]
pub struct HitRecord<'a> {
    pub file: &'a str,
    /// Its speech's title, level, year, date and region.
    #[serde(flatten)]
    pub labels: &'a Labels,
    pub section: Option<&'a str>,
    pub paragraph: usize,
    pub text: &'a str,
    /// The best passage of `text`, without markup.
    pub snippet: String,
    pub score: f32,
    /// Where `text` matches the query: `[[start, end], …]`, UTF-8 byte
    /// offsets into `text`, sorted, not overlapping, on character
    /// boundaries (for highlighting).
    #[serde(serialize_with = "renda_core::hit::ranges_as_pairs")]
    pub matches: &'a [Range<usize>],
    /// Near-copies folded into this hit.
    pub duplicates: &'a [Duplicate],
}

impl<'a> HitRecord<'a> {
    /// The record of `hit`, with a snippet of about `snippet_chars`
    /// characters.
    pub fn new(hit: &'a Hit, snippet_chars: usize) -> Self {
        HitRecord {
            file: &hit.file,
            labels: &hit.labels,
            section: hit.section.as_deref(),
            paragraph: hit.paragraph,
            text: &hit.text,
            snippet: snippet(&hit.text, &hit.matches, snippet_chars).text,
            score: hit.score,
            matches: &hit.matches,
            duplicates: &hit.duplicates,
        }
    }
}

#[derive(Serialize)]
struct ResultRecord<'a> {
    query: &'a str,
    total: usize,
    /// How many phrasings the matches fold into (none when not folded).
    #[serde(skip_serializing_if = "Option::is_none")]
    phrasings: Option<usize>,
    /// Matches past those folded, each a phrasing of its own (none when
    /// every match is folded).
    #[serde(skip_serializing_if = "is_zero")]
    unfolded: usize,
    /// Related expressions searched besides the query's own words.
    related: &'a [Related],
    /// Related expressions left out by `--without` (none when nothing was
    /// dropped).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    dropped: &'a [String],
    hits: Vec<HitRecord<'a>>,
    left_out: &'a [LeftOut],
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn records(r: &SearchResult) -> Vec<HitRecord<'_>> {
    r.hits
        .iter()
        .map(|h| HitRecord::new(h, DEFAULT_SNIPPET_CHARS))
        .collect()
}

/// Write the result as one JSON object on one line:
/// `{"query", "total", "phrasings", "unfolded", "related", "dropped", "left_out", "hits": [{"file", "title",
/// "level", "year", "date", "region", "section", "paragraph", "text",
/// "snippet", "score", "matches", "duplicates"}]}`, where `related` lists
/// the expressions searched besides the query's own words, `dropped` (only
/// when there are any) those `--without` left out, and `matches`
/// the byte ranges of `text` that match (`[[start, end], …]`).
pub fn write_json(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &result_record(r))?;
    writeln!(w)
}

/// The result as [`write_json`] writes it, as a JSON value (to nest it in
/// another record).
pub fn json_value(r: &SearchResult) -> serde_json::Value {
    serde_json::to_value(result_record(r)).unwrap_or(serde_json::Value::Null)
}

fn result_record(r: &SearchResult) -> ResultRecord<'_> {
    ResultRecord {
        query: &r.query,
        total: r.total,
        phrasings: r.phrasings,
        unfolded: r.unfolded,
        related: &r.related,
        dropped: &r.dropped,
        hits: records(r),
        left_out: &r.left_out,
    }
}

/// Write the archive's paragraphs like each paragraph of a draft, for
/// people: first what of the draft was left out, if anything was; then per
/// draft paragraph a line `草稿第 3 段：…` with the start of its text, then
/// its results as [`write_text`] prints them.
pub fn write_draft_text(
    w: &mut impl Write,
    draft: &renda_core::search::similar::DraftResult,
    style: &TextStyle,
) -> io::Result<()> {
    if let Some(note) = crate::i18n::search::considered_note(crate::i18n::lang(), &draft.considered)
    {
        writeln!(w, "{}", paint(&note, BOLD, style.color))?;
        writeln!(w)?;
    }
    for (i, p) in draft.paragraphs.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let excerpt: String = p.text.chars().take(SECTION_CHARS * 2).collect();
        let more = p.text.chars().nth(SECTION_CHARS * 2).is_some();
        let head = crate::i18n::msg::draft_paragraph(p.paragraph, &printable(&excerpt), more);
        writeln!(w, "{}", paint(&head, BOLD, style.color))?;
        if p.no_words {
            writeln!(w, "{}", crate::i18n::msg::draft_no_words())?;
        } else {
            write_text(w, &p.result, style)?;
        }
    }
    Ok(())
}

/// Write the archive's paragraphs like each paragraph of a draft as one
/// JSON object on one line: `{"file", "title", "considered": {"checked",
/// "total", "cut"}, "paragraphs": [{"paragraph", "section", "text",
/// "no_words", "result"}]}`, each `result` as [`write_json`] writes a
/// result; `cut` is `"paragraphs"` or `"time"` when only the first
/// `checked` of the `total` paragraphs were compared, else `null`.
pub fn write_draft_json(
    w: &mut impl Write,
    file: &str,
    title: &str,
    draft: &renda_core::search::similar::DraftResult,
) -> io::Result<()> {
    let paragraphs: Vec<serde_json::Value> = draft
        .paragraphs
        .iter()
        .map(|p| {
            serde_json::json!({
                "paragraph": p.paragraph,
                "section": p.section,
                "text": p.text,
                "no_words": p.no_words,
                "result": json_value(&p.result),
            })
        })
        .collect();
    let record = serde_json::json!({
        "file": file,
        "title": title,
        "considered": draft.considered,
        "paragraphs": paragraphs,
    });
    serde_json::to_writer(&mut *w, &record)?;
    writeln!(w)
}

/// Write one JSON object per hit, one per line, and nothing else.
pub fn write_jsonl(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    for record in records(r) {
        serde_json::to_writer(&mut *w, &record)?;
        writeln!(w)?;
    }
    Ok(())
}

/// The columns of the search CSV, in order: the file, the paragraph's
/// place ([`super::cells::PLACE_COLUMNS`]), then what was found.
pub const CSV_COLUMNS: CsvColumns = CsvColumns {
    before: &[Column::File],
    after: &[Column::Score, Column::Snippet, Column::Text, Column::AlsoIn],
};

/// Where the near-copies of a hit stand: `file ¶n; file ¶n`, as many as a
/// spreadsheet cell holds ([`CELL_MAX_UNITS`]: a longer cell is cut),
/// then how many more.
fn also_in(d: &[Duplicate]) -> String {
    let units = |s: &str| s.encode_utf16().count();
    let mut cell = String::new();
    let mut chars = 0;
    // The longest the note can be: with the most paragraphs left out.
    let longest_note = units(&crate::i18n::msg::unlisted_copies(d.len()));
    for (i, dup) in d.iter().enumerate() {
        let item = format!("{} ¶{}", shown(&dup.file), dup.paragraph);
        let sep = if i == 0 { "" } else { "; " };
        let more = units(sep) + units(&item);
        // Room for this one, and for the note if others follow.
        let note = if i + 1 < d.len() { longest_note } else { 0 };
        if chars + more + note > CELL_MAX_UNITS {
            cell.push_str(&crate::i18n::msg::unlisted_copies(d.len() - i));
            return cell;
        }
        cell.push_str(sep);
        cell.push_str(&item);
        chars += more;
    }
    cell
}

/// `also in 2 speeches: title (县 2023), title (区)` for people.
fn also_in_speeches(d: &[Duplicate]) -> Option<String> {
    if d.is_empty() {
        return None;
    }
    let mut files: Vec<&str> = d.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let names: Vec<String> = d
        .iter()
        .take(renda_core::hit::COPIES_LISTED)
        .map(|d| {
            let mut tags: Vec<String> = d
                .level
                .map(|l| crate::i18n::msg::level_name(l).to_string())
                .into_iter()
                .collect();
            tags.extend(d.year.map(|y| y.to_string()));
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!(" ({})", tags.join(" "))
            };
            // A title taken from the file name says nothing the file does not.
            let stem = d.file.rsplit('/').next().unwrap_or(&d.file);
            if stem.starts_with(d.title.as_str()) {
                format!("{}{tags} ¶{}", shown(&d.file), d.paragraph)
            } else {
                format!(
                    "{}{tags} · {} ¶{}",
                    shown(&d.title),
                    shown(&d.file),
                    d.paragraph
                )
            }
        })
        .collect();
    let unlisted = d.len() - names.len();
    Some(crate::i18n::msg::also_in(
        files.len(),
        &names.join("; "),
        unlisted,
    ))
}

/// Write the hits as CSV that Excel and WPS open as it is: UTF-8 with a
/// byte-order mark (without it they read the Chinese as GBK), CRLF line
/// ends, the header row first (文件, 标题, 层级, 年份, 日期, 地区, 部分, 段,
/// 得分, 摘录, 原文, 也见于; English under `--lang en`), then one row per
/// hit. Levels are in Chinese (县); unknown values are empty. A cell that
/// begins like a formula gets a `'` in front ([`super::cells`]). A
/// paragraph longer than a cell holds goes on in columns 原文（续1）, … at
/// the end of its row ([`super::cells::LongTexts`]).
pub fn write_csv(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    let mut out = super::cells::CsvOut::new(w)?;
    let records = records(r);
    let texts = super::cells::LongTexts::new(records.iter().map(|h| h.text));
    out.row(texts.header(CSV_COLUMNS.header()))?;
    for (i, h) in records.iter().enumerate() {
        let row = CSV_COLUMNS.row(
            &[&shown(h.file)],
            h.labels,
            h.section,
            h.paragraph,
            &[
                &h.score.to_string(),
                &h.snippet,
                texts.first(i),
                &also_in(h.duplicates),
            ],
        );
        out.row(texts.row(i, row))?;
    }
    out.flush()
}

/// `text` cut into pieces that alternate between not matched and matched:
/// (piece, is it a match).
pub(crate) fn pieces<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<(&'t str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in normalize_ranges(text, ranges) {
        if at < r.start {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.start..r.end], true));
        at = r.end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

/// Control characters (including ESC) as spaces, so that text from the
/// corpus cannot drive the terminal and stays on its line.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `s` cut to `max` characters, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The hit's place: its speech's labels as shown (`Labels::shown`: level,
/// year, region), section (cut to `section_chars`) and paragraph, as shown after
/// the title. A heading hit (paragraph 0) says it is a heading.
fn place(h: &Hit, section_chars: usize) -> Vec<String> {
    let mut parts: Vec<String> = h
        .labels
        .shown()
        .into_iter()
        .map(|l| match l {
            renda_core::hit::Label::Level(l) => crate::i18n::msg::level_name(l).to_string(),
            renda_core::hit::Label::Year(y) => y.to_string(),
            renda_core::hit::Label::Region(r) => r.to_string(),
        })
        .collect();
    let section = h
        .section
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    parts.push(match (h.paragraph, section) {
        (0, _) => crate::i18n::msg::heading_place().to_string(),
        (n, Some(s)) => format!("{} › ¶{n}", shorten(s, section_chars)),
        (n, None) => format!("¶{n}"),
    });
    parts
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("{code}{s}{RESET}")
    } else {
        s.to_string()
    }
}

/// Write the result for people: per hit a header `title · 县 · 2023 ·
/// region · section › ¶3`, the file, and the snippet with its matches (in bold red
/// when `style.color`; plain text otherwise, with no markers added), a blank
/// line between hits; at the end how many paragraphs match.
pub fn write_text(w: &mut impl Write, r: &SearchResult, style: &TextStyle) -> io::Result<()> {
    for (i, h) in r.hits.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let mut header = paint(&shown(&h.labels.title), GREEN, style.color);
        for part in place(h, SECTION_CHARS) {
            header.push_str(" · ");
            header.push_str(&shown(&part));
        }
        writeln!(w, "{header}")?;
        writeln!(w, "{}", paint(&shown(&h.file), DIM, style.color))?;
        let Snippet {
            text,
            highlights,
            cut_start,
            cut_end,
            ..
        } = snippet(&h.text, &h.matches, style.snippet_chars);
        let mut line = String::new();
        if cut_start {
            line.push('…');
        }
        for (piece, matched) in pieces(&text, &highlights) {
            let piece = printable(piece);
            if matched && style.color {
                line.push_str(&paint(&piece, BOLD_RED, true));
            } else {
                line.push_str(&piece);
            }
        }
        if cut_end {
            line.push('…');
        }
        writeln!(w, "{line}")?;
        if let Some(also) = also_in_speeches(&h.duplicates) {
            writeln!(w, "{}", paint(&also, DIM, style.color))?;
        }
    }
    if !r.hits.is_empty() {
        writeln!(w)?;
    }
    if let Some(line) = also_searched(&r.related) {
        writeln!(w, "{}", paint(&line, DIM, style.color))?;
    }
    writeln!(w, "{}", summary(r, style.offset))?;
    for line in left_out_lines(&r.left_out) {
        writeln!(w, "{line}")?;
    }
    Ok(())
}

/// What the filters left out as unknown, one line per field:
/// `另有 57 篇讲话（212 段）年份未知，未计入；加 --include-unknown 可一并检索`.
pub fn left_out_lines(left_out: &[LeftOut]) -> Vec<String> {
    left_out
        .iter()
        .filter(|l| l.paragraphs > 0)
        .map(|l| crate::i18n::msg::left_out(l.speeches, l.paragraphs, l.field))
        .collect()
}

/// The related expressions, each with where it comes from, separated by
/// 、.
pub fn related_words(related: &[Related]) -> String {
    let words: Vec<String> = related
        .iter()
        .map(|r| crate::i18n::msg::related_word(&r.word, r.source))
        .collect();
    crate::i18n::msg::word_list(&words)
}

/// The line that names the related expressions searched besides the
/// query's own words, if any.
pub fn also_searched(related: &[Related]) -> Option<String> {
    (!related.is_empty()).then(|| {
        let words: Vec<String> = related
            .iter()
            .map(|r| crate::i18n::msg::related_word(&printable(&r.word), r.source))
            .collect();
        crate::i18n::msg::also_searched(&crate::i18n::msg::word_list(&words))
    })
}

/// `N matching paragraphs`, with `showing a–b` when this page holds only
/// some of them.
fn summary(r: &SearchResult, offset: usize) -> String {
    use crate::i18n::msg::Page;
    let folded: usize = r.hits.iter().map(|h| h.duplicates.len()).sum();
    let n = r.hits.len();
    let page = Page::of(r.total, r.phrasings, n, folded, offset, true);
    let mut line = crate::i18n::msg::matching(r.total, page);
    if r.unfolded > 0 {
        line.push_str(&crate::i18n::msg::folded_only_first(
            renda_core::search::FOLD_ALL_MAX,
        ));
    }
    line
}

/// `text` with the characters Markdown would read as markup escaped, so
/// that it renders as the same text. Leading spaces of lines are left off
/// (four of them would start a code block).
pub fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_md_into(&mut out, text, true);
    out
}

/// Escape `text` onto `out`; `line_start`: whether `text` begins a line.
fn escape_md_into(out: &mut String, text: &str, line_start: bool) {
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let at_start = n > 0 || line_start;
        let body = if at_start {
            line.trim_start_matches([' ', '\t'])
        } else {
            line
        };
        let mut chars = body.chars().peekable();
        // Markers that only count at the start of a line: headings, quotes,
        // lists, rules, setext underlines; and `1.` / `1)` lists.
        if at_start
            && chars
                .peek()
                .is_some_and(|c| matches!(c, '#' | '-' | '+' | '='))
        {
            out.push('\\');
        }
        let digits = if at_start {
            body.chars().take_while(char::is_ascii_digit).count()
        } else {
            0
        };
        for (i, c) in chars.enumerate() {
            let list_mark = digits > 0 && i == digits && matches!(c, '.' | ')');
            if list_mark
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
}

/// Write the result as Markdown: `# 检索：query`, `共 N 段`, then per hit a
/// `## title` heading, a `> 县 · 2023 · section › ¶3 · file` source line and
/// the whole paragraph with its matches in **bold**.
pub fn write_md(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        crate::i18n::msg::md_search_title(&escape_md(&one_line(&r.query)))
    )?;
    writeln!(w)?;
    writeln!(w, "{}", crate::i18n::msg::md_total(r.total))?;
    if !r.related.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "{}",
            crate::i18n::msg::md_also_searched(&escape_md(&one_line(&related_words(&r.related))))
        )?;
    }
    for h in &r.hits {
        writeln!(w)?;
        writeln!(w, "## {}", escape_md(&one_line(&h.labels.title)))?;
        writeln!(w)?;
        let mut source = place(h, usize::MAX);
        source.push(h.file.clone());
        let source: Vec<String> = source.iter().map(|s| escape_md(&one_line(s))).collect();
        writeln!(w, "> {}", source.join(" · "))?;
        writeln!(w)?;
        writeln!(w, "{}", md_paragraph(&h.text, &h.matches))?;
        if let Some(also) = also_in_speeches(&h.duplicates) {
            writeln!(w)?;
            writeln!(w, "> {}", escape_md(&also))?;
        }
    }
    Ok(())
}

/// `text` as one Markdown paragraph, escaped, with `matches` in bold.
pub(crate) fn md_paragraph(text: &str, matches: &[Range<usize>]) -> String {
    // Whether `text[at..]` begins a line, but for whitespace.
    let line_start = |at: usize| {
        text[..at]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .trim()
            .is_empty()
    };
    let mut body = String::new();
    let mut at = 0;
    // Whitespace and punctuation at a match's ends stay outside the stars:
    // CommonMark bolds neither `**` after a letter and before 《 nor `**`
    // after 》 and before a letter (根据**《宪法》**、 shows its stars).
    let edge = |c: char| !c.is_alphanumeric();
    for (piece, matched) in pieces(text, matches) {
        let core = piece.trim_matches(edge);
        if matched && !core.is_empty() && !core.contains('\n') {
            let lead = piece.len() - piece.trim_start_matches(edge).len();
            escape_md_into(&mut body, &piece[..lead], line_start(at));
            body.push_str("**");
            escape_md_into(&mut body, core, line_start(at + lead));
            body.push_str("**");
            let trail = at + lead + core.len();
            escape_md_into(&mut body, &text[trail..at + piece.len()], false);
        } else {
            escape_md_into(&mut body, piece, line_start(at));
        }
        at += piece.len();
    }
    // A blank line would end the paragraph; keep it one block.
    let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.join("\n")
}

/// `s` on one line: line breaks and other control characters as spaces.
fn one_line(s: &str) -> String {
    shown(s.trim())
}
/// A name or a metadata cell as shown: control characters escaped (see
/// [`renda_core::display::escaped`]).
fn shown(s: &str) -> String {
    renda_core::display::escaped(s).into_owned()
}
