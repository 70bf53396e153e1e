//! Names and cells made safe to show: a file name or a `metadata.csv` cell
//! may hold an escape sequence or a line break, which must neither drive
//! the user's terminal nor break a one-line `path: reason` report, a CSV
//! row or a Markdown heading.
//!
//! [`escaped`] writes every control character (C0, DEL, C1) and the
//! invisible characters that reorder or hide text (bidirectional
//! overrides and isolates, zero-width marks) as a visible escape: `\n`,
//! `\r`, `\t`, `\\u{1b}`. Everything else, Chinese above all, is kept as it
//! is. A backslash stays a backslash (Windows paths read as they are).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether `c` must not reach a terminal as it is.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space, joiners, LRM/RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{FEFF}')
}

/// `text` with control and invisible characters written as escapes.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as it is shown: lossy UTF-8 (`�` for bytes that are not), then
/// [`escaped`].
pub fn path(path: &Path) -> String {
    escaped(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_chinese_kept() {
        assert!(matches!(escaped("讲话 2023.txt"), Cow::Borrowed(_)));
        assert_eq!(
            escaped("a\u{1b}[31mb\nc\td\re"),
            "a\\u{1b}[31mb\\nc\\td\\re"
        );
        assert_eq!(escaped("\u{202E}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(escaped("\u{7f}\u{9b}"), "\\u{7f}\\u{9b}");
        assert_eq!(path(Path::new("县/讲\n话.txt")), "县/讲\\n话.txt");
    }
}
