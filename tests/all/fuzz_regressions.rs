//! Inputs found while fuzzing (`fuzz/`, see docs/en/building.md), kept as tests with
//! the answer now expected of them.

use crate::common;

use renda_core::analysis::Dictionary;
use renda_core::index::schema;
use renda_core::search::QueryError;
use renda_core::search::compile::QueryBuilder;

fn compile(query: &str) -> Result<(), QueryError> {
    let dictionary = Dictionary::builtin();
    let mut builder = QueryBuilder::new(schema::build().1, &dictionary);
    builder.compile(query).map(|_| ())
}

fn nested(prefix: &str, levels: usize) -> String {
    format!("{prefix}{}代表{}", "(".repeat(levels), ")".repeat(levels))
}

/// The nesting check took every `"` for the start or end of a phrase. A `"`
/// inside a single-quoted phrase (`'"'`), in the middle of a word (which
/// the lenient parser reads as text) or a `)` in a range bound (`[1 TO 2)]`,
/// text to the lenient parser) hid the parentheses that follow from it, and
/// tantivy's parser, which recurses once per `(`, overflowed the stack:
/// `'"' ((((…代表))))` with 10,000 levels aborted `renda search`.
#[test]
fn quotes_and_range_bounds_do_not_hide_nesting() {
    for prefix in ["'\"' ", "a\"b ", "title:'\"'  AND "] {
        assert_eq!(
            compile(&nested(prefix, 33)),
            Err(QueryError::TooDeep),
            "{prefix}"
        );
        assert_eq!(
            compile(&nested(prefix, 10_000)),
            Err(QueryError::TooDeep),
            "{prefix}"
        );
        assert_ne!(
            compile(&nested(prefix, 2)),
            Err(QueryError::TooDeep),
            "{prefix}"
        );
    }
    let ranges = "((((year:[1 TO 2))))] ".repeat(10);
    assert_eq!(compile(&ranges), Err(QueryError::TooDeep));
}

/// Phrases, globs and ranges next to parentheses are still fine.
#[test]
fn ordinary_queries_with_quotes_still_compile() {
    for query in [
        "\"人民代表大会\" (代表 OR 委员) -\"选举\"",
        "'\"' (代表)",
        "file:county/** AND (监督 OR \"执法检查\")",
        "year:[2020 TO 2023] (代表 OR (委员 AND 群众))",
        &nested("\"依法履职\" ", 32),
    ] {
        assert_eq!(compile(query), Ok(()), "{query}");
    }
}

// ------------------------------------------------------------ the PDF reader

const HELLO: &str = "BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n";

fn stream(dict: &str, data: &str) -> String {
    format!(
        "<< {dict} /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// A one-page PDF whose page has the font `/F1`, the drawings `xobjects`
/// (a resource dictionary's body) and the content `content`; `more` are
/// objects 6 and on.
fn one_page(xobjects: &str, content: &str, more: &[String]) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << {xobjects} >> >> /Contents 5 0 R >>"
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        stream("", content),
    ];
    objects.extend(more.iter().cloned());
    common::pdf_with(&objects, "")
}

/// `renda parse` of `bytes` as a PDF ends (no abort on a stack overflow)
/// with status 2, naming the file and a drawing that draws itself.
fn refused_as_drawing_itself(bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    common::write(tmp.path(), "x.pdf", bytes);
    let out = common::run_within(tmp.path(), &["parse", "x.pdf"], 60);
    let err = common::err_text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("x.pdf") && err.contains("a drawing (Form XObject) draws itself"),
        "{err}"
    );
}

/// The content parser reads `Do1` as the operator `Do` and the number 1;
/// the check before reading took `Do1` for one word, missed the drawing,
/// and a form drawing itself through `/X1 Do1` overflowed the stack
/// (libFuzzer's `pdf_reader`, a SIGSEGV with no input kept until the
/// target wrote each input out; 73 bytes).
#[test]
fn a_drawing_glued_to_a_number_is_seen_drawing_itself() {
    let drawing = format!("{HELLO}q 1 0 0 1 10 10 cm /X1 Do1 12 Tf 72 70 Q\n");
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>",
        &drawing,
    );
    refused_as_drawing_itself(&one_page("/X1 6 0 R", &drawing, &[form]));
    // Glued on the other side, and two names before one `Do`.
    for glued in ["/X1 1Do", "/X1 /X2 Do"] {
        let drawing = format!("{HELLO}q {glued} Q\n");
        let form = stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R /X2 6 0 R >> >>",
            &drawing,
        );
        refused_as_drawing_itself(&one_page("/X1 6 0 R /X2 6 0 R", &drawing, &[form]));
    }
}

/// The reader draws any stream a `Do` names, whatever its `/Subtype`; the
/// check followed only those that said `/Form`, so two drawings whose
/// `/Subtype` was damaged and that draw each other (the second through the
/// page's resources) overflowed the stack (914 bytes).
#[test]
fn drawings_that_do_not_say_they_are_forms_are_followed_too() {
    let a = stream(
        "/Type /XObject /Subtype /F\u{8e}\u{8d} /BBox [0 0 595 842] /Resouraes << /XObject << /B 7 0 R >> >>",
        "/B Do\n",
    );
    let b = stream(
        "/Type /XObject /Subtype /Form /BB0x [0 0 595 842]",
        "/A Do\n",
    );
    refused_as_drawing_itself(&one_page(
        "/A 6 0 R /B 7 0 R",
        &format!("{HELLO}/A Do\n"),
        &[a, b],
    ));
}
