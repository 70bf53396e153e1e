//! Properties every parsed speech has, shared by the parser targets.

use std::sync::LazyLock;

use regex::Regex;
use renda_core::speech::Speech;

/// A Markdown heading, as the parser reads one: its text is kept without
/// the `#` marker.
static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{1,6}\s+(\S.*)$").expect("markdown heading pattern"));

/// Check what `speech::parse` promises about the speech it made of `text`:
///
/// - every non-empty line of the text ends up exactly once in the result,
///   kept (as itself, trimmed, or a Markdown heading without its marker) or
///   removed (trimmed, with its line number);
/// - paragraphs are numbered 1, 2, 3… and name the section they stand in;
/// - a section's parent comes before it and is shallower;
/// - without a metadata row, the title line (if any) is the title.
pub fn check_speech(text: &str, speech: &Speech) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let non_empty = lines.iter().filter(|l| !l.is_empty()).count();
    let kept = speech.kept_lines();
    assert_eq!(
        kept.len() + speech.removed.len(),
        non_empty,
        "every non-empty line is kept or removed, once"
    );

    let mut last = 0;
    for r in &speech.removed {
        assert!(r.line > last, "removed lines in order, each once");
        last = r.line;
        assert_eq!(lines.get(r.line - 1).copied(), Some(r.text.as_str()));
    }
    for k in &kept {
        assert!(!k.is_empty(), "a kept line is not empty");
        let found = lines.iter().any(|l| {
            *l == *k
                || MARKDOWN
                    .captures(l)
                    .is_some_and(|c| c.get(1).map(|m| m.as_str()) == Some(*k))
        });
        assert!(found, "kept line {k:?} is a line of the text");
    }

    for (i, p) in speech.paragraphs.iter().enumerate() {
        assert_eq!(p.n, i + 1, "paragraphs are numbered from 1");
        match p.section_index {
            Some(s) => {
                let section = speech.section_of(p).expect("section index in range");
                assert_eq!(p.section.as_deref(), Some(section.heading.as_str()));
                assert!(s < speech.sections.len());
            }
            None => assert_eq!(p.section, None),
        }
    }
    for (i, s) in speech.sections.iter().enumerate() {
        assert!((1..=3).contains(&s.depth), "depth {}", s.depth);
        if let Some(parent) = s.parent {
            assert!(parent < i, "a parent comes first");
            assert!(
                speech.sections[parent].depth < s.depth,
                "a parent is shallower"
            );
        }
    }
    // With no metadata.csv row, a title line in the text is the title.
    if let Some(line) = &speech.title_line {
        assert_eq!(&speech.labels.title, line);
    }
    serde_json::to_string(speech).expect("a speech serialises");
}
