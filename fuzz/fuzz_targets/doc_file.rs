//! The Word 97–2003 reader from the bytes of a `WordDocument` stream and a
//! table stream, put in an OLE compound file.
//!
//! The input is split at the first `\n\x00TABLE\x00\n`: before it the
//! `WordDocument` stream, after it the `1Table` stream (without the
//! separator, the whole input is the `WordDocument` stream and the table
//! stream is empty). The seeds build both with a real File Information
//! Block and piece table, so the fuzzer starts inside the format: piece
//! tables that repeat their text, field marks, cells without rows.
//!
//! Whatever the bytes, the reader returns (no panic, no stack overflow,
//! within the file's budget): a document whose text is normalised and
//! never blank, or a reason.

#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use renda_core::corpus::{Format, MAX_TEXT_BYTES, document_from_bytes, normalize};

const SEPARATOR: &[u8] = b"\n\x00TABLE\x00\n";

fuzz_target!(|data: &[u8]| {
    let (word, table) = match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        Some(i) => (&data[..i], &data[i + SEPARATOR.len()..]),
        None => (data, &[][..]),
    };
    let Some(ole) = compound_file(word, table) else {
        return;
    };
    let Ok(doc) = document_from_bytes(Format::Doc, &ole) else {
        return;
    };
    assert!(!doc.text.trim().is_empty(), "a document is never blank");
    assert!(doc.text.len() <= MAX_TEXT_BYTES, "the text is bounded");
    assert_eq!(normalize(&doc.text), doc.text, "the text is normalised");
});

/// An OLE compound file holding the two streams.
fn compound_file(word: &[u8], table: &[u8]) -> Option<Vec<u8>> {
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).ok()?;
    ole.create_stream("WordDocument").ok()?.write_all(word).ok()?;
    ole.create_stream("1Table").ok()?.write_all(table).ok()?;
    ole.flush().ok()?;
    Some(ole.into_inner().into_inner())
}
