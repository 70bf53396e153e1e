//! Files that fight the readers: web pages nested tens of thousands deep
//! or never closed, Word 97 files whose piece table repeats its text or
//! whose fields never end, text, `.docx` and `.odt` files of millions of
//! tiny paragraphs. Each is generated here, put beside a seed speech and
//! given to `renda index`: the run ends normally, the file is named with
//! its reason (or read within its bounds), the seed is indexed, and no run
//! takes more than the budget of 1 GiB.

use crate::common;

use common::{children_max_rss, run_within};

use std::io::{Cursor, Write};
use std::path::Path;
use std::time::Instant;

use common::{err_text, out_text, seeds, write};
use renda_core::corpus::MAX_PARAGRAPHS;

/// The peak memory budget of one `renda index` run.
const BUDGET: u64 = 1 << 30;

/// Index `speeches/` (the hostile files and the first seed) under `tmp`:
/// it ends with status 0, having read `read` files (the seed among them),
/// and names each other file with its reason; the reasons, sorted.
fn index_beside_a_seed(tmp: &Path, read: usize) -> Vec<String> {
    let start = Instant::now();
    let out = run_within(tmp, &["index", "speeches", "--index", "index"], 600);
    eprintln!("indexing took {:?}", start.elapsed());
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let summary = out_text(&out);
    let files = if read == 1 { "file" } else { "files" };
    let speeches = if read == 1 { "speech" } else { "speeches" };
    assert!(
        summary.starts_with(&format!("{read} {files} read: {read} {speeches}")),
        "{summary}\n{err}"
    );
    // The seed is in the index: words of its longest paragraph find it.
    let (_, text) = seeds().remove(0);
    let longest = text.lines().max_by_key(|l| l.len()).unwrap();
    let words: String = longest.chars().take(12).collect();
    let found = run_within(tmp, &["search", &words, "--index", "index"], 120);
    assert_eq!(found.status.code(), Some(0), "{}", err_text(&found));
    assert!(out_text(&found).contains(&words), "{words} not found");
    let mut reasons: Vec<String> = err.lines().map(str::to_string).collect();
    reasons.sort();
    reasons
}

/// A folder `speeches/` under a new temporary folder, with the first seed.
fn folder_with_a_seed() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let (name, text) = seeds().remove(0);
    write(&tmp.path().join("speeches"), &name, &text);
    tmp
}

#[cfg(unix)]
fn assert_within_budget() {
    let rss = children_max_rss();
    eprintln!("the most memory a renda run took: {} MiB", rss >> 20);
    assert!(rss < BUDGET, "{} MiB", rss >> 20);
}

// ------------------------------------------------------------ web pages

/// Pages nested 50,000 to 500,000 deep, closed or not, overflowed the
/// stack of the walk (killing `renda serve` during a re-index) and made
/// html5ever's work grow with the square of the depth. Each is skipped
/// with its depth, as soon as the parser gets there; a page nested just
/// under the limit is read.
#[test]
fn web_pages_nested_without_end_are_skipped_with_their_depth() {
    use renda_core::corpus::MAX_HTML_DEPTH;
    let tmp = folder_with_a_seed();
    let root = tmp.path().join("speeches");
    let speech = "人大代表要密切联系群众，倾听群众呼声，反映群众意愿，这是做好人大工作的根本。";
    let page = |open: &str, times: usize, close: &str| {
        format!(
            "<html><head><meta charset=\"utf-8\"></head><body>{}<p>{speech}</p>{}</body></html>",
            open.repeat(times),
            close.repeat(times)
        )
    };
    write(&root, "bold_italic.html", page("<b><i>", 50_000, ""));
    write(&root, "divs.html", page("<div>", 100_000, "</div>"));
    write(&root, "unclosed.html", page("<div><span>", 500_000, ""));
    // Formatting elements left open in closed paragraphs: html5ever opens
    // them again, all of them, before the next text.
    let reopened: String = (0..100_000)
        .map(|i| format!("<p><b class=c{i}>人</p>"))
        .collect();
    write(&root, "reopened.html", page(&reopened, 1, ""));
    // Just under the limit (html, body, and the paragraph's text inside).
    write(
        &root,
        "deep_enough.html",
        page("<div>", MAX_HTML_DEPTH - 4, "</div>"),
    );
    let reasons = index_beside_a_seed(tmp.path(), 2);
    let why = format!("damaged .html: elements nested more than {MAX_HTML_DEPTH} deep");
    assert_eq!(
        reasons,
        ["bold_italic", "divs", "reopened", "unclosed"]
            .map(|f| format!("speeches/{f}.html: {why}"))
    );
    // `renda parse` says the same, in Chinese by default, and ends normally.
    let out = common::output(
        common::renda_command(&root)
            .env("RENDA_LANG", "zh")
            .args(["parse", "divs.html"]),
    );
    assert_eq!(out.status.code(), Some(2), "{}", err_text(&out));
    assert!(
        err_text(&out).contains(&format!("元素嵌套超过 {MAX_HTML_DEPTH} 层")),
        "{}",
        err_text(&out)
    );
    let out = run_within(&root, &["parse", "deep_enough.html"], 60);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(out_text(&out).contains(speech), "{}", out_text(&out));
    #[cfg(unix)]
    assert_within_budget();
}

// ------------------------------------------------------------ .doc

/// A Word 97 file whose main text is `text` (stored once, as UTF-16LE),
/// read through `pieces`: each names `(first character, characters)` of
/// the stored text, so the same text may be read over and over.
fn word97(text: &str, pieces: &[(usize, usize)]) -> Vec<u8> {
    let data: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut word = vec![0u8; 1024];
    fn put16(w: &mut [u8], at: usize, v: u16) {
        w[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
    put16(&mut word, 0, 0xA5EC); // wIdent
    put16(&mut word, 2, 0x00C1); // nFib: Word 97
    put16(&mut word, 0x0A, 0x0200); // fWhichTblStm: 1Table
    put16(&mut word, 32, 14); // csw
    put16(&mut word, 62, 22); // cslw
    put16(&mut word, 152, 93); // cbRgFcLcb
    let total: usize = pieces.iter().map(|p| p.1).sum();
    word[76..80].copy_from_slice(&(total as u32).to_le_bytes()); // ccpText
    // The piece table: n + 1 character positions, n descriptors.
    let mut plc = Vec::new();
    let mut cp = 0u32;
    plc.extend(cp.to_le_bytes());
    for &(_, n) in pieces {
        cp += n as u32;
        plc.extend(cp.to_le_bytes());
    }
    for &(first, _) in pieces {
        plc.extend(0u16.to_le_bytes());
        plc.extend((1024 + 2 * first as u32).to_le_bytes());
        plc.extend(0u16.to_le_bytes());
    }
    let mut clx = vec![0x02];
    clx.extend((plc.len() as u32).to_le_bytes());
    clx.extend(plc);
    // fcClx, lcbClx: the 34th pair of the FIB.
    let at = 154 + 33 * 8;
    word[at + 4..at + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
    word.extend(data);
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    ole.create_stream("WordDocument")
        .unwrap()
        .write_all(&word)
        .unwrap();
    ole.create_stream("1Table")
        .unwrap()
        .write_all(&clx)
        .unwrap();
    ole.flush().unwrap();
    ole.into_inner().into_inner()
}

/// A piece table that reads the same 2 million characters 171 times
/// (342 million characters, 1 GB of text) is stopped at the text bound;
/// 300,000 fields opened and never closed, which made the reader look
/// through all open fields at every character, are read in one pass;
/// a million cell marks without a row end are stopped at the paragraph
/// bound.
#[test]
fn word97_files_that_repeat_nest_or_never_end_are_bounded() {
    use renda_core::corpus::MAX_TEXT_BYTES;
    let tmp = folder_with_a_seed();
    let root = tmp.path().join("speeches");
    // A paragraph mark every 100,000 characters: the text bound comes first.
    let unit = "人大代表依法履职，";
    let once: String = unit
        .repeat(2_000_000 / unit.chars().count())
        .chars()
        .enumerate()
        .map(|(i, c)| if i % 100_000 == 99_999 { '\r' } else { c })
        .collect();
    let n = once.chars().count();
    write(&root, "repeats.doc", word97(&once, &[(0, n); 171]));
    let fields = format!(
        "在全县人大工作会议上的讲话\r{}人大代表要密切联系群众，倾听群众呼声。\r",
        "\u{13}\u{14}".repeat(300_000)
    );
    write(
        &root,
        "fields.doc",
        word97(&fields, &[(0, fields.encode_utf16().count())]),
    );
    let cells = "甲\u{07}".repeat(1_000_000);
    write(&root, "cells.doc", word97(&cells, &[(0, 2_000_000)]));
    let reasons = index_beside_a_seed(tmp.path(), 2);
    let mib = MAX_TEXT_BYTES >> 20;
    assert_eq!(
        reasons,
        [
            format!(
                "speeches/cells.doc: too large: more than the {MAX_PARAGRAPHS} paragraphs renda takes from one file"
            ),
            format!(
                "speeches/repeats.doc: too large: more text than the {mib} MiB renda takes from one file"
            ),
        ]
    );
    // The fields' text is read.
    let out = run_within(&root, &["parse", "fields.doc"], 120);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(
        out_text(&out).contains("倾听群众呼声"),
        "{}",
        out_text(&out)
    );
    #[cfg(unix)]
    assert_within_budget();
}

// ------------------------------------------------------------ tiny paragraphs

/// A zip whose `entry` is `head`, `fill` `times` over, then `tail`,
/// deflated as it is written.
fn zip_of_repeats(entry: &str, head: &str, fill: &str, times: usize, tail: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file(entry, options).unwrap();
    zip.write_all(head.as_bytes()).unwrap();
    let chunk = fill.repeat(4096);
    for _ in 0..times / 4096 {
        zip.write_all(chunk.as_bytes()).unwrap();
    }
    zip.write_all(fill.repeat(times % 4096).as_bytes()).unwrap();
    zip.write_all(tail.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Millions of two-character paragraphs cost 1.3–1.5 KB each (a 9.8 MB
/// text file took 2.1 GB, a 377 KB .docx 5 GB): a file of more paragraphs
/// than renda takes is skipped as its reader counts them, in every format;
/// one of just fewer is indexed within the budget.
#[test]
fn files_of_millions_of_tiny_paragraphs_are_bounded() {
    let tmp = folder_with_a_seed();
    let root = tmp.path().join("speeches");
    write(&root, "lines.txt", "人大\n".repeat(1_400_000));
    write(&root, "big.txt", "人大\n".repeat(8_600_000));
    write(
        &root,
        "at_the_limit.txt",
        format!(
            "在全县人大工作会议上的讲话\n{}",
            "人大\n".repeat(MAX_PARAGRAPHS - 2)
        ),
    );
    let docx = zip_of_repeats(
        "word/document.xml",
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
        "<w:p><w:r><w:t>人大</w:t></w:r></w:p>",
        3_800_000,
        "</w:body></w:document>",
    );
    let odt = zip_of_repeats(
        "content.xml",
        "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>",
        "<text:p>人大</text:p>",
        3_800_000,
        "</office:text></office:body></office:document-content>",
    );
    assert!(docx.len() < 2 << 20 && odt.len() < 2 << 20);
    write(&root, "tiny.docx", &docx);
    write(&root, "tiny.odt", &odt);
    let reasons = index_beside_a_seed(tmp.path(), 2);
    let why =
        format!("too large: more than the {MAX_PARAGRAPHS} paragraphs renda takes from one file");
    assert_eq!(
        reasons,
        ["big.txt", "lines.txt", "tiny.docx", "tiny.odt"].map(|f| format!("speeches/{f}: {why}"))
    );
    #[cfg(unix)]
    assert_within_budget();
}
