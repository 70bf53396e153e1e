//! The web-page reader from the bytes of a file: decoding (BOM, declared
//! charset, UTF-8, GB18030) → html5ever, parsed a step at a time under the
//! depth bound → the article and its metadata.
//!
//! The first byte chooses how the rest is read: bit 0 set, as a web
//! archive (`.mhtml`); else as a saved page (`.html`).
//!
//! Whatever the bytes, the reader returns (no panic, no stack overflow):
//! a document whose text is normalised and never blank, or a reason.

#![no_main]

use libfuzzer_sys::fuzz_target;
use renda_core::corpus::{Format, document_from_bytes, normalize};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let format = if mode & 1 != 0 {
        Format::Mhtml
    } else {
        Format::Html
    };
    let Ok(doc) = document_from_bytes(format, rest) else {
        return;
    };
    assert!(!doc.text.trim().is_empty(), "a document is never blank");
    assert_eq!(normalize(&doc.text), doc.text, "the text is normalised");
    assert!(doc.page.is_some(), "a page says what it says of itself");
});
