//! The PDF reader, from the bytes of a file: checks of the raw file and of
//! the object graph, then `lopdf` and `pdf-extract` on a stack of known
//! size, then lines and paragraphs.
//!
//! The first byte chooses how the rest is read:
//! - 0: the rest is the whole file;
//! - 1: the rest is the drawing (content stream) of a one-page PDF whose
//!   resources hold a font and a form `/X1` that draws the same bytes (so
//!   `/X1 Do` in them recurses);
//! - 2: the rest is the `ToUnicode` CMap of the page's font;
//! - 3: the rest is spliced into the page's dictionary (page-tree and
//!   parent links, resources, nesting);
//! - others: as 0.
//!
//! Whatever the input, the reader returns: a panic, an abort (a stack
//! overflow) or a run over the time limit of the fuzzer is a failure.
//! What it returns is checked: the text is never blank and is normalised.

#![no_main]

use libfuzzer_sys::fuzz_target;
use renda_core::corpus::{Format, document_from_bytes, normalize};

fuzz_target!(|data: &[u8]| {
    // A failure that kills the process before libFuzzer can save the input
    // (a stack overflow past the guard page) leaves it here, when asked.
    if let Some(path) = std::env::var_os("RENDA_FUZZ_LAST_INPUT") {
        let _ = std::fs::write(path, data);
    }
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = match mode {
        1 => one_page(b"", rest, HELLO_CMAP),
        2 => one_page(b"", HELLO, rest),
        3 => one_page(rest, HELLO, HELLO_CMAP),
        _ => rest.to_vec(),
    };
    let Ok(doc) = document_from_bytes(Format::Pdf, &bytes) else {
        return;
    };
    assert!(!doc.text.trim().is_empty(), "a document is never blank");
    assert_eq!(normalize(&doc.text), doc.text, "the text is normalised");
});

const HELLO: &[u8] = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n";
const HELLO_CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfrange <20> <7E> <0020> endbfrange\nendcmap end end\n";

/// A one-page PDF: `page` spliced into the page's dictionary, `content`
/// drawn by the page and by its form `/X1`, `cmap` the font's `ToUnicode`.
fn one_page(page: &[u8], content: &[u8], cmap: &[u8]) -> Vec<u8> {
    let stream = |dict: &str, data: &[u8]| {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    };
    let mut page_dict = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 7 0 R >> >> /Contents 5 0 R ".to_vec();
    page_dict.extend_from_slice(page);
    page_dict.extend_from_slice(b" >>");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page_dict,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec(),
        stream("", content),
        stream("", cmap),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 7 0 R >> >>",
            content,
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
