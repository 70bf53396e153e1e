//! Print a concordance ([`Concordance`]): aligned lines for people, one
//! JSON object for programs.
//!
//! In the text output the term stands in one column: each left context is
//! padded on the left to the widest one, measured in terminal columns
//! (Chinese characters take two, [`unicode_width`]), and each right context
//! on the right, so that the sources line up at the end. Control characters
//! from the corpus print as spaces.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::i18n::msg;
use renda_core::search::kwic::{Collocate, Concordance, Line};

const BOLD_RED: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Write the concordance as one JSON object on one line: `{"term",
/// "total_lines", "lines": [{"left", "match", "right", "file", "level",
/// "level_label", "year", "paragraph"}], "before": [{"text", "count"}], "after": [...]}`.
pub fn write_json(w: &mut impl Write, c: &Concordance) -> io::Result<()> {
    serde_json::to_writer(&mut *w, c)?;
    writeln!(w)
}

/// Control characters (including ESC and line breaks) as spaces.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("{code}{s}{RESET}")
    } else {
        s.to_string()
    }
}

/// `file ¶n`, or `file 标题` for a heading, as a search hit's source says.
fn source(l: &Line) -> String {
    match l.paragraph {
        0 => format!(
            "{} {}",
            renda_core::display::escaped(&l.file),
            msg::heading_place()
        ),
        n => format!("{} ¶{n}", renda_core::display::escaped(&l.file)),
    }
}

/// `密切 5 · 政府 2`, or `—` when there are none.
fn counts(list: &[Collocate]) -> String {
    if list.is_empty() {
        return "—".to_string();
    }
    list.iter()
        .map(|c| format!("{} {}", printable(&c.text), c.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Write the concordance for people: one line per occurrence, `left  TERM
/// right  file ¶n`, the term in one column (in bold red when `color`);
/// then how many lines there are, and the words most often right before
/// and right after the term with their counts.
pub fn write_text(w: &mut impl Write, c: &Concordance, color: bool) -> io::Result<()> {
    let rows: Vec<(String, String, String)> = c
        .lines
        .iter()
        .map(|l| {
            (
                printable(&l.left),
                printable(&l.matched),
                printable(&l.right),
            )
        })
        .collect();
    let left_cols = rows.iter().map(|r| r.0.width()).max().unwrap_or(0);
    let right_cols = rows.iter().map(|r| r.2.width()).max().unwrap_or(0);
    for (l, (left, matched, right)) in c.lines.iter().zip(&rows) {
        let pad_left = " ".repeat(left_cols - left.width());
        let pad_right = " ".repeat(right_cols - right.width());
        writeln!(
            w,
            "{pad_left}{left}  {}  {right}{pad_right}  {}",
            paint(matched, BOLD_RED, color),
            paint(&source(l), DIM, color)
        )?;
    }
    if !c.lines.is_empty() {
        writeln!(w)?;
    }
    let summary = crate::i18n::msg::kwic_lines(
        c.total_lines,
        c.lines.len(),
        (c.listed < c.total_lines).then_some(renda_core::search::kwic::MAX_LINES_PER_PARAGRAPH),
    );
    writeln!(w, "{summary}")?;
    if c.total_lines > 0 {
        let term = printable(&c.term);
        writeln!(
            w,
            "{}",
            crate::i18n::msg::kwic_before(&term, &counts(&c.before))
        )?;
        writeln!(
            w,
            "{}",
            crate::i18n::msg::kwic_after(&term, &counts(&c.after))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(left: &str, right: &str, paragraph: usize) -> Line {
        Line {
            left: left.to_string(),
            matched: "联系群众".to_string(),
            right: right.to_string(),
            file: "a.txt".to_string(),
            level: None,
            year: None,
            paragraph,
            offset: 0,
        }
    }

    fn concordance() -> Concordance {
        Concordance {
            term: "联系群众".to_string(),
            total_lines: 3,
            listed: 3,
            lines: vec![line("要密切", "，服务群众", 2), line("a\x1b[31m", "的", 0)],
            before: vec![Collocate {
                text: "密切".to_string(),
                count: 2,
            }],
            after: Vec::new(),
        }
    }

    #[test]
    fn the_term_stands_in_one_column() {
        let mut out = Vec::new();
        write_text(&mut out, &concordance(), false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let column = |s: &str| s[..s.find("联系群众").unwrap()].width();
        assert_eq!(column(lines[0]), column(lines[1]));
        assert!(lines[0].ends_with("a.txt ¶2"), "{text}");
        assert!(lines[1].ends_with("a.txt heading"), "{text}");
        assert!(!text.contains('\x1b'), "{text}");
        assert!(text.contains("3 lines, showing 2"), "{text}");
        assert!(text.contains("before 联系群众: 密切 2"), "{text}");
        assert!(text.contains("after 联系群众: —"), "{text}");
    }

    #[test]
    fn colour_marks_the_term() {
        let mut out = Vec::new();
        write_text(&mut out, &concordance(), true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!("{BOLD_RED}联系群众{RESET}")));
    }

    #[test]
    fn json_has_exactly_the_keys() {
        let mut out = Vec::new();
        write_json(&mut out, &concordance()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 5);
        let line_keys: Vec<&str> = v["lines"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(line_keys.len(), 8);
        assert_eq!(v["lines"][0]["match"], "联系群众");
        assert!(line_keys.contains(&"level_label"));
        assert_eq!(v["before"][0]["count"], 2);
    }
}
