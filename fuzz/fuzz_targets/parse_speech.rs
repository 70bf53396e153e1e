//! The speech parser from the bytes of a file: decoding (UTF-8, BOM,
//! UTF-16, GB18030, .docx) → normalising → `speech::parse`.
//!
//! The first byte chooses how the rest is read:
//! - bits 0–1: 0 and 3 a text file, 1 a `.docx` (the bytes are the zip),
//!   2 the bytes as `word/document.xml` inside a well-formed `.docx`;
//! - bit 2: the first line of the rest is the file's path (file names
//!   carry a level, year and region), else the path is `speech.txt`.

#![no_main]

mod common;

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use renda_core::corpus::{Encoding, Format, document_from_bytes, normalize};
use renda_core::speech::{self, ParseContext};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (rel, bytes) = if mode & 4 != 0 {
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (
                String::from_utf8_lossy(&rest[..i]).into_owned(),
                &rest[i + 1..],
            ),
            None => return,
        }
    } else {
        ("speech.txt".to_string(), rest)
    };
    let doc = match mode & 3 {
        1 => document_from_bytes(Format::Docx, bytes),
        2 => document_from_bytes(Format::Docx, &docx_around(bytes)),
        _ => document_from_bytes(Format::Text, bytes),
    };
    let Ok(doc) = doc else {
        return;
    };

    // What `document_from_bytes` promises about its text.
    assert!(!doc.text.trim().is_empty(), "a document is never blank");
    assert_eq!(normalize(&doc.text), doc.text, "the text is normalised");
    if doc.encoding == Some(Encoding::Utf8)
        && let Ok(utf8) = std::str::from_utf8(bytes)
    {
        assert_eq!(doc.text, normalize(utf8), "valid UTF-8 is kept as it is");
        assert_eq!(doc.replaced, 0);
    }

    let speech = speech::parse(
        &doc.text,
        &ParseContext {
            rel: &rel,
            ..Default::default()
        },
    );
    assert_eq!(speech.file, rel);
    common::check_speech(&doc.text, &speech);
});

/// A .docx whose `word/document.xml` is `xml`, stored uncompressed.
fn docx_around(xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", stored)
        .expect("start a zip entry");
    zip.write_all(xml).expect("write a zip entry");
    zip.finish().expect("finish a zip").into_inner()
}
