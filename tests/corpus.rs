//! Integration tests of `renda::corpus` decoding through its public API, on
//! fixtures built from the sample speeches in `corpus/` (and, when present,
//! the real texts in `../shared/corpus/real`). Walking is tested in
//! `corpus_walk.rs`.

mod common;

use std::fs;

use std::path::Path;

use common::{docx, gb18030, paragraphs, seeds, write, zip_of};
use renda::corpus::{
    Encoding, Format, LegacyFormat, SkipReason, decode_text, docx_text, normalize, read_document,
    walk,
};

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
    assert_eq!(
        read_document(&renamed_doc),
        Err(SkipReason::Legacy(LegacyFormat::Doc))
    );
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
