//! Integration tests of `renda_core::corpus` decoding through its public API, on
//! fixtures built from the sample speeches in `corpus/` (and, when present,
//! the real texts in `../shared/corpus/real`). Walking is tested in
//! `corpus_walk.rs`.

use crate::common;

use std::fs;

use std::path::Path;

use common::{docx, escape, gb18030, paragraphs, seeds, write, zip_of};
use renda_core::corpus::{
    Document, Encoding, Format, SkipReason, decode_text, docx_text, normalize, pdf_paragraphs,
    read_document, walk,
};
use renda_core::ingest::{Observer, read_corpus};
use renda_core::speech::{ParseContext, Speech, parse_document};

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let bom: &[u8] = if big_endian { b"\xFE\xFF" } else { b"\xFF\xFE" };
    let units = text.encode_utf16().flat_map(|u| {
        if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        }
    });
    bom.iter().copied().chain(units).collect()
}

/// Pseudo-random bytes (a fixed linear congruential generator).
fn noise(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn seeds_decode_identically_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    for (name, seed) in seeds() {
        let expected = normalize(&seed);
        let variants: [(&str, Vec<u8>, Encoding); 5] = [
            ("utf8", seed.clone().into_bytes(), Encoding::Utf8),
            (
                "bom",
                [b"\xEF\xBB\xBF", seed.as_bytes()].concat(),
                Encoding::Utf8Bom,
            ),
            ("le", utf16(&seed, false), Encoding::Utf16Le),
            ("be", utf16(&seed, true), Encoding::Utf16Be),
            ("gb", gb18030(&seed), Encoding::Gb18030),
        ];
        for (tag, bytes, encoding) in variants {
            let path = write(dir.path(), &format!("{tag}-{name}"), &bytes);
            let doc = read_document(&path).unwrap();
            assert_eq!(doc.encoding, Some(encoding), "{tag}-{name}");
            assert_eq!(
                (doc.format, doc.replaced),
                (Format::Text, 0),
                "{tag}-{name}"
            );
            assert!(doc.text == expected, "{tag}-{name}: text differs");
            // decode_text itself gives back the seed unchanged (BOM removed).
            assert!(decode_text(&bytes).unwrap().0 == seed, "{tag}-{name}");
        }
    }
}

#[test]
fn line_ends_and_odd_spaces_are_normalised() {
    let dir = tempfile::tempdir().unwrap();
    for (name, seed) in seeds() {
        let lines: Vec<&str> = seed.lines().collect();
        let expected = normalize(&lines.join("\n"));
        for (tag, sep) in [("crlf", "\r\n"), ("cr", "\r")] {
            let path = write(dir.path(), &format!("{tag}-{name}"), lines.join(sep));
            assert_eq!(read_document(&path).unwrap().text, expected, "{tag}-{name}");
        }
        // Full-width indent, no-break spaces and a zero-width space per line.
        let spaced: Vec<String> = lines
            .iter()
            .map(|l| format!("\u{3000}\u{3000}{l}\u{00A0}\u{200B}"))
            .collect();
        let path = write(dir.path(), &format!("spaces-{name}"), spaced.join("\n"));
        let want: Vec<String> = lines.iter().map(|l| format!("  {l} ")).collect();
        assert_eq!(
            read_document(&path).unwrap().text,
            normalize(&want.join("\n"))
        );
    }
}

#[test]
fn docx_gives_back_the_seed_lines() {
    let dir = tempfile::tempdir().unwrap();
    for (name, seed) in seeds() {
        let mut lines: Vec<&str> = seed.lines().collect();
        lines.push("人大&政协 <联席会议> “A&B”");
        let path = write(
            dir.path(),
            &format!("{name}.docx"),
            docx(&paragraphs(&lines)),
        );
        let doc = read_document(&path).unwrap();
        assert_eq!(
            (doc.format, doc.encoding, doc.replaced),
            (Format::Docx, None, 0)
        );
        let got: Vec<&str> = doc.text.split('\n').collect();
        let want = normalize(&lines.join("\n"));
        assert_eq!(got, want.split('\n').collect::<Vec<_>>(), "{name}");
        assert_eq!(got.last(), Some(&"人大&政协 <联席会议> “A&B”"));
    }
}

#[test]
fn broken_docx_files_are_reported() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let (_, seed) = seeds().remove(0);
        let lines: Vec<&str> = seed.lines().collect();
        let good = docx(&paragraphs(&lines));
        assert!(docx_text(&good).is_ok());

        let truncated = docx_text(&good[..good.len() / 2]).unwrap_err();
        assert_eq!(truncated.kind(), "damaged docx", "{truncated}");

        let no_document = zip_of(&[("word/other.xml", "<x/>".to_string())]);
        let err = docx_text(&no_document).unwrap_err();
        assert_eq!(err.kind(), "damaged docx");
        assert!(err.to_string().contains("word/document.xml"), "{err}");

        let bad_xml = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>");
        assert_eq!(docx_text(&bad_xml).unwrap_err().kind(), "damaged docx");

        let empty = docx("<w:p/><w:p><w:r><w:t xml:space=\"preserve\">\u{3000} </w:t></w:r></w:p>");
        assert_eq!(docx_text(&empty), Err(SkipReason::Empty));

        let dir = tempfile::tempdir().unwrap();
        let renamed_doc = write(
            dir.path(),
            "old.docx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0",
        );
        // An OLE file named .docx is read as the Word 97 file it is: this one
        // is cut off.
        let err = read_document(&renamed_doc).unwrap_err();
        assert_eq!(err.kind(), "damaged file", "{err}");
        assert!(err.to_string().starts_with("damaged .docx: "), "{err}");
    })
}

#[test]
fn binary_empty_and_blank_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let png = [b"\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR".as_slice(), &noise(4096)].concat();
    for (name, bytes, reason) in [
        ("image.txt", png, SkipReason::Binary),
        ("noise.txt", noise(10_000), SkipReason::Binary),
        ("empty.txt", Vec::new(), SkipReason::Empty),
        (
            "blank.txt",
            " \r\n\t\u{3000}\n\u{FEFF}".as_bytes().to_vec(),
            SkipReason::Empty,
        ),
        ("blank16.txt", utf16("  \r\n  ", false), SkipReason::Empty),
    ] {
        let path = write(dir.path(), name, bytes);
        assert_eq!(read_document(&path), Err(reason.clone()), "{name}");
    }
}

#[test]
fn damaged_utf8_is_read_as_utf8_with_replacements() {
    let dir = tempfile::tempdir().unwrap();
    for (name, seed) in seeds() {
        // Insert three invalid bytes at character boundaries spread over the text.
        let cuts: Vec<usize> = [seed.len() / 4, seed.len() / 2, seed.len() * 3 / 4]
            .iter()
            .map(|&i| (i..).find(|&j| seed.is_char_boundary(j)).unwrap())
            .collect();
        let mut bytes = Vec::new();
        let mut from = 0;
        for (cut, junk) in cuts.iter().zip([0xFFu8, 0xC0, 0x80]) {
            bytes.extend_from_slice(&seed.as_bytes()[from..*cut]);
            bytes.push(junk);
            from = *cut;
        }
        bytes.extend_from_slice(&seed.as_bytes()[from..]);
        let path = write(dir.path(), &name, &bytes);
        let doc = read_document(&path).unwrap();
        assert_eq!(
            (doc.encoding, doc.replaced),
            (Some(Encoding::Utf8), 3),
            "{name}"
        );
        assert_eq!(doc.text.matches('\u{FFFD}').count(), 3);
        assert_eq!(doc.text.replace('\u{FFFD}', ""), normalize(&seed), "{name}");
    }
}

#[test]
fn real_corpus_decodes_cleanly_in_utf8_and_gb18030() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !real.is_dir() {
        println!("skipping: ../shared/corpus/real not present");
        return;
    }
    let found = walk(&real, &[]).unwrap();
    assert!(found.files.len() >= 500, "{}", found.files.len());
    for file in &found.files {
        let doc = read_document(&file.path).unwrap_or_else(|e| panic!("{}: {e}", file.rel));
        assert_eq!(
            (doc.encoding, doc.replaced),
            (Some(Encoding::Utf8), 0),
            "{}",
            file.rel
        );
    }
    let step = found.files.len() / 20;
    for file in found.files.iter().step_by(step).take(20) {
        let original = fs::read_to_string(&file.path).unwrap();
        let (text, encoding, replaced) = decode_text(&gb18030(&original)).unwrap();
        assert_eq!((encoding, replaced), (Encoding::Gb18030, 0), "{}", file.rel);
        assert!(text == original, "{}: GB18030 round trip differs", file.rel);
    }
}

// ------------------------------------------------ .doc, .wps, .pdf, web pages

/// A fixture made from a seed by `tests/fixtures/make.py` (see the README there).
fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// The seed the office fixtures were made from.
const FIXTURE_SEED: &str = "004_3c0adecc12a5c88a.txt";
/// What `make.py` adds after the seed: a Heading 2 line and a two-row table.
const APPENDIX: &str = "附件：培训日程安排";
const ROWS: [[&str; 3]; 2] = [
    ["日期", "内容", "地点"],
    ["3月1日", "专题辅导", "市人大常委会会议室"],
];

fn seed_lines(name: &str) -> Vec<String> {
    let seed = seeds().into_iter().find(|(n, _)| n == name).unwrap().1;
    normalize(&seed)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Every line the parser kept, and the lines it dropped.
fn kept_and_removed(doc: &Document, rel: &str) -> (Vec<String>, Vec<String>, Speech) {
    let speech = parse_document(
        doc,
        &ParseContext {
            rel,
            ..Default::default()
        },
    );
    let kept = speech.kept_lines().iter().map(|s| s.to_string()).collect();
    let removed = speech.removed.iter().map(|r| r.text.clone()).collect();
    (kept, removed, speech)
}

/// Each seed line comes out exactly once, byte for byte, and nothing else
/// but `extra`.
fn assert_seed_once(got: &[String], seed: &[String], extra: &[String], what: &str) {
    for line in seed {
        let n = got.iter().filter(|g| *g == line).count();
        assert_eq!(n, 1, "{what}: {n} times: {line}");
    }
    let others: Vec<&String> = got.iter().filter(|g| !seed.contains(g)).collect();
    let want: Vec<&String> = extra.iter().collect();
    assert_eq!(others, want, "{what}: lines that are not the seed's");
}

#[test]
fn doc_and_wps_give_back_the_seed_with_styles_and_table() {
    let seed = seed_lines(FIXTURE_SEED);
    let bytes = fixture("seed.doc");
    let dir = tempfile::tempdir().unwrap();
    let extra: Vec<String> = std::iter::once(APPENDIX.to_string())
        .chain(ROWS.iter().map(|r| r.join("\t")))
        .collect();
    // A WPS 2003+ .wps holds the same Word 97 stream as a .doc.
    for name in ["seed.doc", "seed.wps", "renamed.docx"] {
        let path = write(dir.path(), name, &bytes);
        let doc = read_document(&path).unwrap();
        assert_eq!((doc.encoding, doc.replaced), (None, 0), "{name}");
        let (kept, removed, speech) = kept_and_removed(&doc, name);
        assert!(removed.is_empty(), "{name}: {removed:?}");
        assert_seed_once(&kept, &seed, &extra, name);
        // Heading 2 by its style, though no 一、 marks it.
        let appendix = speech.sections.iter().find(|s| s.heading == APPENDIX);
        assert_eq!(appendix.map(|s| s.depth), Some(2), "{name}");
        let rows: Vec<(&str, bool)> = speech
            .paragraphs
            .iter()
            .rev()
            .take(2)
            .map(|p| (p.text.as_str(), p.table))
            .collect();
        assert_eq!(
            rows,
            [(extra[2].as_str(), true), (extra[1].as_str(), true)],
            "{name}"
        );
        assert!(speech.paragraphs.iter().filter(|p| p.table).count() == 2);
        assert_eq!(speech.sections.iter().filter(|s| s.depth == 1).count(), 4);
    }
}

#[test]
fn pdf_gives_back_the_seed_without_page_chrome() {
    let seed = seed_lines(FIXTURE_SEED);
    let bytes = fixture("seed.pdf");
    // Five pages, each with a running header and a `- N -` footer.
    let raw = String::from_utf8_lossy(&bytes);
    assert_eq!(raw.matches("/Type/Page/").count(), 5);
    let paras = pdf_paragraphs(&bytes).unwrap();
    let texts: Vec<String> = paras.iter().map(|p| p.text.clone()).collect();
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("某市人大常委会代表工作资料")),
        "running header kept"
    );
    assert!(
        !texts.iter().any(|t| t.starts_with("- ")),
        "page number kept"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "seed.pdf", &bytes);
    let doc = read_document(&path).unwrap();
    assert_eq!(doc.format, Format::Pdf);
    let (kept, removed, _) = kept_and_removed(&doc, "seed.pdf");
    assert!(removed.is_empty(), "{removed:?}");
    // PDF tables are lines of text: the cells come with spaces between.
    let extra: Vec<String> = std::iter::once(APPENDIX.to_string())
        .chain(ROWS.iter().map(|r| r.join(" ")))
        .collect();
    assert_seed_once(&kept, &seed, &extra, "seed.pdf");
    // Long paragraphs ran over several lines, some over a page break.
    let long = seed.iter().filter(|l| l.chars().count() > 200).count();
    assert!(long >= 5, "{long}");
}

/// A PDF made by hand: each object as given, with a correct xref table.
fn pdf_of(objects: &[&[u8]]) -> Vec<u8> {
    common::pdf_with(objects, "")
}

/// A one-page PDF whose page is only an image, as a scanner makes it.
fn scanned_pdf() -> Vec<u8> {
    let content = b"q 200 0 0 200 0 0 cm /Im0 Do Q";
    let stream = [
        format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
        content,
        b"\nendstream",
    ]
    .concat();
    let image = [
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n".as_slice(),
        &[0u8, 255, 255, 0],
        b"\nendstream",
    ]
    .concat();
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        &stream,
        &image,
    ])
}

/// The .doc fixture with the FIB's fEncrypted flag set, as Word writes a
/// password-protected file.
fn encrypted_doc() -> Vec<u8> {
    let mut ole = cfb::CompoundFile::open(std::io::Cursor::new(fixture("seed.doc"))).unwrap();
    let mut word = Vec::new();
    std::io::Read::read_to_end(&mut ole.open_stream("WordDocument").unwrap(), &mut word).unwrap();
    word[0x0B] |= 0x01;
    std::io::Write::write_all(&mut ole.create_stream("WordDocument").unwrap(), &word).unwrap();
    ole.flush().unwrap();
    ole.into_inner().into_inner()
}

#[test]
fn bad_office_files_are_named_with_their_reason_and_the_run_goes_on() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let doc = fixture("seed.doc");
        let pdf = fixture("seed.pdf");
        write(root, "good.doc", &doc);
        write(root, "good.pdf", &pdf);
        write(root, "scan.pdf", scanned_pdf());
        write(root, "locked.pdf", fixture("encrypted.pdf"));
        write(root, "locked.doc", encrypted_doc());
        write(root, "cut.doc", &doc[..doc.len() / 3]);
        write(root, "cut.pdf", &pdf[..600]);
        write(root, "old.wps", b"\x00\x01WPS2000 binary\x00\x00");
        let mut skipped: Vec<(String, String)> = Vec::new();
        struct Obs<'a>(&'a mut Vec<(String, String)>);
        impl Observer for Obs<'_> {
            fn skipped(&mut self, s: &renda_core::corpus::Skipped) {
                self.0.push((s.rel.clone(), s.reason.to_string()));
            }
            fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
        }
        let mut read = Vec::new();
        let summary = read_corpus(root, &[], &mut Obs(&mut skipped), |f, sp| {
            read.push((f.rel.clone(), sp.paragraphs.len()))
        })
        .unwrap();
        skipped.sort();
        let reasons: Vec<(&str, &str)> = skipped
            .iter()
            .map(|(f, r)| (f.as_str(), r.as_str()))
            .collect();
        assert_eq!(reasons.len(), 6, "{reasons:#?}");
        let reason = |f: &str| reasons.iter().find(|r| r.0 == f).map(|r| r.1).unwrap_or("");
        assert!(
            reason("cut.doc").starts_with("damaged .doc: "),
            "{reasons:?}"
        );
        assert!(
            reason("cut.pdf").starts_with("damaged .pdf: "),
            "{reasons:?}"
        );
        assert!(
            reason("locked.doc").starts_with("encrypted .doc"),
            "{reasons:?}"
        );
        assert!(
            reason("locked.pdf").starts_with("encrypted .pdf"),
            "{reasons:?}"
        );
        assert_eq!(
            reason("scan.pdf"),
            "no text layer (a scanned image: run OCR first)"
        );
        assert!(
            reason("old.wps").contains("WPS 2000 or older"),
            "{reasons:?}"
        );
        // The .doc and the .pdf of one speech are one speech: the .doc,
        // which keeps its headings, is read.
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(read[0].0, "good.doc");
        assert!(read[0].1 > 15, "{read:?}");
        let copies: Vec<(&str, &str)> = summary
            .copies
            .iter()
            .map(|c| (c.file.as_str(), c.of.as_str()))
            .collect();
        assert_eq!(copies, [("good.pdf", "good.doc")]);
        assert_eq!(summary.skipped_total(), 6);
    })
}

/// Quoted-printable, as a browser writes an .mhtml's page.
fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut col = 0;
    for &b in bytes {
        let piece = match b {
            b'\n' => {
                out.push_str("\r\n");
                col = 0;
                continue;
            }
            b'=' | 0x80..=0xFF | 0..=0x1F => format!("={b:02X}"),
            _ => (b as char).to_string(),
        };
        if col + piece.len() > 75 {
            out.push_str("=\r\n");
            col = 0;
        }
        col += piece.len();
        out.push_str(&piece);
    }
    out
}

/// A saved article page around the seed's lines: the first as the page's
/// heading, the rest as paragraphs, with a site's chrome all around.
fn article_page(lines: &[String], charset: &str) -> String {
    let (title, body) = lines.split_first().unwrap();
    let paras: String = body
        .iter()
        .map(|l| format!("<p>\u{3000}\u{3000}{}</p>\n", escape(l)))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某市人大网</title><style>.x {{ color: red }}</style>
<script>document.write("广告");</script></head>
<body><div class="top-nav"><a href="/">首页</a> | <a>人大要闻</a> | <a>代表工作</a></div>
<div class="location">您当前的位置：<a>首页</a> &gt; <a>代表工作</a> &gt; 正文</div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2023-02-01 10:30 &nbsp; 来源：某市人大常委会办公室</div>
<div class="bar">[收藏] [字号：<a>大</a> <a>中</a> <a>小</a>] [打印] [关闭]</div>
<div id="zoom" class="content">
{paras}</div>
<div class="prev">上一篇：<a>关于召开常委会第十次会议的通知</a></div>
<div class="next">下一篇：<a>某县人大常委会开展执法检查</a></div></div>
<div class="footer"><p>版权所有：某市人大常委会 &nbsp; 地址：某市某路1号</p><p>京ICP备12345678号</p></div>
</body></html>"#
    )
}

#[test]
fn web_pages_give_the_article_and_their_metadata() {
    let seed = seed_lines(FIXTURE_SEED);
    let dir = tempfile::tempdir().unwrap();
    let utf8 = article_page(&seed, "utf-8");
    let gbk = article_page(&seed, "gb2312");
    let mhtml = format!(
        "From: <Saved by Blink>\r\nSubject: {}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc\"\r\n\r\n------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: http://example.org/a.html\r\n\r\n{}\r\n------MultipartBoundary--abc\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--abc--\r\n",
        "=?utf-8?Q?page?=",
        quoted_printable(utf8.as_bytes())
    );
    for (name, bytes) in [
        ("page.html", gb18030(&gbk)),
        ("page.htm", utf8.clone().into_bytes()),
        ("page.mhtml", mhtml.into_bytes()),
        // Sites serve pages as .doc for Word to open.
        ("page.doc", gb18030(&gbk)),
    ] {
        let path = write(dir.path(), name, &bytes);
        let doc = read_document(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let page = doc.page.clone().unwrap();
        assert_eq!(page.title.as_deref(), Some(seed[0].as_str()), "{name}");
        assert_eq!(
            page.published.as_deref(),
            Some("2023-02-01 10:30"),
            "{name}"
        );
        assert_eq!(
            page.source.as_deref(),
            Some("某市人大常委会办公室"),
            "{name}"
        );
        let (kept, removed, speech) = kept_and_removed(&doc, name);
        assert_seed_once(&kept, &seed, &[], name);
        assert!(removed.is_empty(), "{name}: {removed:?}");
        assert_eq!(speech.labels.title, seed[0], "{name}");
        assert_eq!(speech.page, Some(page));
    }
    // A page with no title line of its own takes the <title>.
    let bare = "<html><head><meta charset=gbk><title>代表履职情况通报 | 某县人大</title></head>\
                <body><p>今年以来，全县各级人大代表积极履职，提出建议一百二十件，已全部办结。</p></body></html>";
    let path = write(dir.path(), "bare.html", gb18030(bare));
    let doc = read_document(&path).unwrap();
    let (kept, _, speech) = kept_and_removed(&doc, "bare.html");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(speech.labels.title, "代表履职情况通报");
    assert_eq!(speech.sources.title, Some(renda_core::speech::Source::Page));
}

#[test]
fn docx_heading_styles_tables_and_front_matter() {
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="x1"><w:name w:val="我的小标题"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="character" w:styleId="c1"><w:name w:val="heading 1 Char"/></w:style>
</w:styles>"#;
    let p = |style: Option<&str>, text: &str| {
        let ppr = style.map_or(String::new(), |s| {
            format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
        });
        format!("<w:p>{ppr}<w:r><w:t>{}</w:t></w:r></w:p>", escape(text))
    };
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let body = [
        p(None, "在全县人大代表座谈会上的讲话"),
        p(None, "县人大常委会主任 张某某"),
        p(None, "（2023年2月1日）"),
        p(None, "各位代表："),
        p(None, "今天召开座谈会，听取大家的意见建议。"),
        p(Some("1"), "提高政治站位"),
        p(None, "要坚持党的领导。"),
        p(Some("a3"), "加强学习培训"),
        "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>学习计划</w:t></w:r></w:p>"
            .to_string(),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("月份"),
            cell("内容"),
            cell("3月"),
            cell("代表法")
        ),
        p(Some("x1"), "狠抓工作落实"),
        p(None, "谢谢大家。"),
    ]
    .concat();
    let bytes = zip_of(&[
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
        ("word/styles.xml", styles.to_string()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.docx", &bytes);
    let doc = read_document(&path).unwrap();
    let (_, _, speech) = kept_and_removed(&doc, "a.docx");
    assert_eq!(speech.labels.title, "在全县人大代表座谈会上的讲话");
    assert_eq!(
        speech.front,
        ["县人大常委会主任 张某某", "（2023年2月1日）"]
    );
    assert_eq!(speech.salutation.as_deref(), Some("各位代表："));
    let sections: Vec<(&str, u8)> = speech
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.depth))
        .collect();
    // 我的小标题 inherits its base's outline level.
    assert_eq!(
        sections,
        [
            ("提高政治站位", 1),
            ("加强学习培训", 2),
            ("学习计划", 3),
            ("狠抓工作落实", 1)
        ]
    );
    let paras: Vec<(&str, Option<&str>, bool)> = speech
        .paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.section.as_deref(), p.table))
        .collect();
    assert_eq!(
        paras,
        [
            ("今天召开座谈会，听取大家的意见建议。", None, false),
            ("要坚持党的领导。", Some("提高政治站位"), false),
            ("月份\t内容", Some("学习计划"), true),
            ("3月\t代表法", Some("学习计划"), true),
            ("谢谢大家。", Some("狠抓工作落实"), false),
        ]
    );
}

#[test]
fn odt_gives_back_the_seed_lines_with_headings_and_a_table() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let seed = seed_lines(FIXTURE_SEED);
        let mut body = String::new();
        for (i, line) in seed.iter().enumerate() {
            let heading = line.starts_with("一、") || line.starts_with("二、");
            if i > 0 && heading {
                body.push_str(&format!(
                    "<text:h text:outline-level=\"1\">{}</text:h>",
                    escape(line)
                ));
            } else {
                body.push_str(&format!(
                    "<text:p text:style-name=\"P1\"><text:span>{}</text:span></text:p>\n",
                    escape(line)
                ));
            }
        }
        body.push_str(&format!(
            "<text:h text:outline-level=\"2\">{APPENDIX}</text:h><table:table>{}</table:table>",
            ROWS.iter()
                .map(|r| format!(
                    "<table:table-row>{}</table:table-row>",
                    r.iter()
                        .map(|c| format!(
                            "<table:table-cell><text:p>{c}</text:p></table:table-cell>"
                        ))
                        .collect::<String>()
                ))
                .collect::<String>()
        ));
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
    <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let odt = zip_of(&[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.text".to_string(),
            ),
            ("content.xml", content),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let doc = read_document(&write(dir.path(), "seed.odt", &odt)).unwrap();
        assert_eq!(doc.format, Format::Odt);
        let (kept, removed, speech) = kept_and_removed(&doc, "seed.odt");
        assert!(removed.is_empty(), "{removed:?}");
        let extra: Vec<String> = std::iter::once(APPENDIX.to_string())
            .chain(ROWS.iter().map(|r| r.join("\t")))
            .collect();
        assert_seed_once(&kept, &seed, &extra, "seed.odt");
        assert_eq!(
            speech
                .sections
                .iter()
                .find(|s| s.heading == APPENDIX)
                .map(|s| s.depth),
            Some(2)
        );
        assert_eq!(speech.paragraphs.iter().filter(|p| p.table).count(), 2);
        // An encrypted .odt says so.
        let locked = zip_of(&[
            ("content.xml", "\u{1}\u{2}garbage".to_string()),
            (
                "META-INF/manifest.xml",
                "<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>".to_string(),
            ),
        ]);
        let err = read_document(&write(dir.path(), "locked.odt", &locked)).unwrap_err();
        assert!(err.to_string().starts_with("encrypted .odt"), "{err}");
    })
}
