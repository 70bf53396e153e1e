//! Inputs found while fuzzing (`fuzz/`, see the README), kept as tests with
//! the answer now expected of them.

use renda::analysis::Dictionary;
use renda::index::schema;
use renda::search::QueryError;
use renda::search::query::QueryBuilder;

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
