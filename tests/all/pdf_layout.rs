//! A speech laid out as a PDF reads back as the paragraphs of its text:
//! lines are rejoined by the page's layout (the right edge, the indent of
//! a paragraph's first line, the space between paragraphs), also where a
//! wrapped line ends a sentence at the right edge; and the PDF and the
//! text of one speech in one folder are one speech.

use crate::common;

use common::{err_text, out_text, run_renda, seeds, write};
use renda_core::corpus::pdf_paragraphs;

/// How a speech is laid out on A4 pages.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// Characters on a full line (every character is one em wide).
    per_line: usize,
    /// The first line of a paragraph starts this many characters in.
    indent: usize,
    /// Points between paragraphs, beyond the line pitch.
    spacing: f64,
}

const SIZE: f64 = 14.0;
const PITCH: f64 = 22.0;
const LEFT: f64 = 72.0;
const TOP: f64 = 72.0;
const HEIGHT: f64 = 842.0;

/// The lines of each paragraph, wrapped as `layout` wraps them.
fn wrap(paragraphs: &[&str], layout: Layout) -> Vec<Vec<(usize, String)>> {
    paragraphs
        .iter()
        .map(|p| {
            let chars: Vec<char> = p.chars().collect();
            let mut lines = Vec::new();
            let mut at = 0;
            let mut first = true;
            while at < chars.len() {
                let indent = if first { layout.indent } else { 0 };
                let n = (layout.per_line - indent).min(chars.len() - at);
                lines.push((indent, chars[at..at + n].iter().collect()));
                at += n;
                first = false;
            }
            lines
        })
        .collect()
}

/// Whether a line ends a sentence.
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['。', '！', '？', '；', '：'])
}

/// A PDF of `paragraphs` laid out by `layout`: a CID font whose codes are
/// the characters' code points (with a `ToUnicode` map), one text object
/// per line, a `- N -` footer on every page.
fn speech_pdf(paragraphs: &[&str], layout: Layout) -> Vec<u8> {
    let mut pages: Vec<String> = Vec::new();
    let mut content = String::new();
    let mut y = TOP;
    let mut used: std::collections::BTreeSet<char> = "- 0123456789".chars().collect();
    let show = |content: &mut String, x: f64, y: f64, text: &str| {
        let hex: String = text
            .chars()
            .map(|c| {
                assert!((c as u32) < 0x10000 && !(0xD800..0xE000).contains(&(c as u32)));
                format!("{:04X}", c as u32)
            })
            .collect();
        content.push_str(&format!(
            "BT /F1 {SIZE} Tf 1 0 0 1 {x:.2} {:.2} Tm <{hex}> Tj ET\n",
            HEIGHT - y
        ));
    };
    let finish_page = |content: &mut String, pages: &mut Vec<String>| {
        let n = format!("- {} -", pages.len() + 1);
        show(content, 280.0, HEIGHT - 40.0, &n);
        pages.push(std::mem::take(content));
    };
    for lines in wrap(paragraphs, layout) {
        for (i, (indent, text)) in lines.iter().enumerate() {
            if y > HEIGHT - TOP {
                finish_page(&mut content, &mut pages);
                y = TOP;
            }
            used.extend(text.chars());
            show(&mut content, LEFT + *indent as f64 * SIZE, y, text);
            y += PITCH;
            if i + 1 == lines.len() {
                y += layout.spacing;
            }
        }
    }
    finish_page(&mut content, &mut pages);

    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    let used: Vec<char> = used.into_iter().collect();
    for chunk in used.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for c in chunk {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", *c as u32, *c as u32));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap end end\n");

    let first_page = 7;
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>".to_vec(),
        stream(cmap.as_bytes()),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>".to_vec(),
    ];
    for (i, page) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 {HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                first_page + 2 * i + 1
            )
            .into_bytes(),
        );
        objects.push(stream(page.as_bytes()));
    }
    common::pdf_with(&objects, "")
}

fn stream(data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A seed speech's paragraphs, and a line width at which one of its
/// paragraphs wraps right after the end of a sentence (so that the line
/// that ends a sentence reaches the right edge, and the paragraph goes
/// on).
fn speech_and_width() -> (String, String, Vec<String>, usize) {
    let (name, text) = seeds().remove(4);
    let paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let per_line = (24..=40)
        .find(|&per_line| {
            let layout = Layout {
                per_line,
                indent: 2,
                spacing: 0.0,
            };
            wrap(&refs, layout).iter().any(|lines| {
                lines[..lines.len() - 1]
                    .iter()
                    .any(|(_, l)| ends_sentence(l))
            })
        })
        .expect("a width at which a wrapped line ends a sentence");
    (name, text, paragraphs, per_line)
}

#[test]
fn a_wrapped_line_that_ends_a_sentence_at_the_right_edge_goes_on() {
    let (_, _, paragraphs, per_line) = speech_and_width();
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    for layout in [
        // Paragraphs marked by a first-line indent.
        Layout {
            per_line,
            indent: 2,
            spacing: 0.0,
        },
        // Paragraphs marked by space between them, not indented.
        Layout {
            per_line,
            indent: 0,
            spacing: 10.0,
        },
        // Both.
        Layout {
            per_line,
            indent: 2,
            spacing: 8.0,
        },
    ] {
        let pdf = speech_pdf(&refs, layout);
        let got: Vec<String> = pdf_paragraphs(&pdf)
            .unwrap_or_else(|e| panic!("{layout:?}: {e}"))
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(got, paragraphs, "{layout:?}");
    }
}

#[test]
fn a_pdf_and_a_text_of_one_speech_are_one_speech() {
    let (name, text, paragraphs, per_line) = speech_and_width();
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let stem = name.trim_end_matches(".txt");
    let pdf = speech_pdf(
        &refs,
        Layout {
            per_line,
            indent: 0,
            spacing: 10.0,
        },
    );
    // The text with one line per paragraph, and the text as a PDF-to-text
    // tool gives it, broken at the end of each printed line.
    let wrapped: String = wrap(
        &refs,
        Layout {
            per_line,
            indent: 0,
            spacing: 0.0,
        },
    )
    .into_iter()
    .flatten()
    .map(|(_, l)| l + "\n")
    .collect();
    for (txt, what) in [(text.as_str(), "lines"), (wrapped.as_str(), "wrapped")] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("speeches");
        write(&root, &name, txt);
        write(&root, &format!("{stem}.pdf"), &pdf);
        let out = run_renda(tmp.path(), &["index", "speeches", "--index", "index"]);
        assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
        let summary = out_text(&out);
        assert!(
            summary.starts_with("1 file read: 1 speech"),
            "{what}: {summary}"
        );
        assert!(
            summary.contains(&format!("{stem}.pdf = {name}")),
            "{what}: {summary}"
        );
    }
}

/// A PDF in a standard Chinese font left unembedded (as STSong-Light is,
/// encoded `/UniGB-UCS2-H`, with no ToUnicode map): its codes are the
/// text's Unicode, and it reads as the same paragraphs as the one with
/// its font's map.
#[test]
fn a_pdf_in_a_chinese_font_left_unembedded_reads_as_its_text() {
    let (_, _, paragraphs, per_line) = speech_and_width();
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let layout = Layout {
        per_line,
        indent: 2,
        spacing: 0.0,
    };
    let mapped = speech_pdf(&refs, layout);
    // The font as such a PDF has it; padded with spaces, so that every
    // object stays where the cross-reference table says.
    let from: &[u8] = b"/Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R";
    let mut to = b"/Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R]".to_vec();
    to.resize(from.len(), b' ');
    let at = mapped
        .windows(from.len())
        .position(|w| w == from)
        .expect("the font's dictionary");
    let mut pdf = mapped.clone();
    pdf[at..at + from.len()].copy_from_slice(&to);
    let got: Vec<String> = pdf_paragraphs(&pdf)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|p| p.text)
        .collect();
    assert_eq!(got, paragraphs);
}
