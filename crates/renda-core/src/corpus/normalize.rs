//! Normalisation of decoded text: line ends, odd spaces and invisible characters.
//!
//! Only layout characters are touched; every other character, including
//! U+FFFD from damaged bytes, is kept as it is.

/// Normalise decoded text.
///
/// - CRLF and lone CR become LF; vertical tab and form feed become LF;
/// - U+00A0 no-break space, U+3000 ideographic (full-width) space,
///   U+2000..=U+200A, U+202F and U+205F become an ASCII space;
/// - U+FEFF (byte-order mark / zero-width no-break space) and U+200B
///   zero-width space are removed wherever they are;
/// - other C0 control characters except tab and LF are removed.
///
/// Nothing else changes. Runs in linear time.
///
/// ```
/// use renda_core::corpus::normalize;
/// assert_eq!(normalize("\u{FEFF}各位代表：\r\n同志们\u{3000}好\r"), "各位代表：\n同志们 好\n");
/// assert_eq!(normalize("a\u{00A0}b\u{200B}c\x0Cd\x07"), "a bc\nd");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{0B}' | '\u{0C}' => out.push('\n'),
            '\u{00A0}' | '\u{3000}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
                out.push(' ')
            }
            '\u{FEFF}' | '\u{200B}' => {}
            c if c < '\u{20}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` would be empty or only whitespace after [`normalize`].
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c < '\u{20}' || c == '\u{FEFF}' || c == '\u{200B}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends() {
        assert_eq!(normalize("a\r\nb\rc\nd\r\n\r\ne\r"), "a\nb\nc\nd\n\ne\n");
        assert_eq!(normalize("\r\r\n"), "\n\n");
        assert_eq!(normalize("a\x0Bb\x0Cc"), "a\nb\nc");
    }

    #[test]
    fn spaces_become_ascii() {
        let odd = "\u{00A0}\u{3000}\u{2000}\u{2005}\u{200A}\u{202F}\u{205F}";
        assert_eq!(normalize(odd), " ".repeat(7));
        // Tabs stay; U+2028 and other non-listed spaces stay as they are.
        assert_eq!(normalize("a\tb\u{2028}c"), "a\tb\u{2028}c");
    }

    #[test]
    fn invisible_and_control_characters_go() {
        assert_eq!(normalize("\u{FEFF}a\u{FEFF}b\u{200B}c"), "abc");
        assert_eq!(normalize("a\x00b\x07c\x1Bd\x1Fe"), "abcde");
        // DEL and C1 controls are not C0: kept.
        assert_eq!(normalize("a\x7Fb\u{85}c"), "a\x7Fb\u{85}c");
    }

    #[test]
    fn everything_else_is_untouched() {
        let text = "各位代表、同志们：\n“一半线上、一半线下”——（摘要）①Ⅱ\u{FFFD}𠀀 é ＡＢ";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn blank_matches_normalize() {
        for s in ["", " ", "\u{3000}\u{FEFF}\r\n", "\u{200B}\x0C\t", "\x00"] {
            assert!(is_blank(s), "{s:?}");
            assert!(normalize(s).trim().is_empty());
        }
        for s in ["a", "\u{3000}中", "\u{FFFD}"] {
            assert!(!is_blank(s), "{s:?}");
        }
    }
}
