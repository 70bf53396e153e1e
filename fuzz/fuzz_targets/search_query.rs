//! The query parser and the search behind it: a user's query string →
//! `QueryBuilder` → Tantivy query → ranked, highlighted, folded hits, over a
//! small index in memory built once from the sample speeches.
//!
//! The same string is also looked up verbatim as an exact phrase
//! (`search::containing`), whose answer is checked against a plain
//! substring search of every indexed paragraph.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use renda_core::analysis::{Dictionary, bigrams::END};
use renda_core::index::{self, Meta, RendaIndex, writer::Writer};
use renda_core::search::{self, Filters, SearchError, SearchRequest};
use renda_core::speech::{self, ParseContext};

/// Speeches of the index: the five samples of `corpus/`, and two short
/// ones whose paths give a level, a year and a region.
const SPEECHES: &[(&str, &str)] = &[
    (
        "000.txt",
        include_str!("../../corpus/000_9a31da938358b013.txt"),
    ),
    (
        "001.txt",
        include_str!("../../corpus/001_1cc18847f2feb9e3.txt"),
    ),
    (
        "002.txt",
        include_str!("../../corpus/002_ccda69277f4e37f3.txt"),
    ),
    (
        "003.txt",
        include_str!("../../corpus/003_856e7c9bd6a7060d.txt"),
    ),
    (
        "004.txt",
        include_str!("../../corpus/004_3c0adecc12a5c88a.txt"),
    ),
    (
        "county/2021/临洮县人大常委会工作报告.txt",
        "临洮县人大常委会工作报告\n各位代表：\n一、依法履职\n\
         常委会坚持全过程人民民主，密切联系群众，依法履行监督职责。\n\
         （一）加强监督\n听取和审议专项工作报告8个，开展执法检查3次。\n\
         二、代表工作\n代表 OR 委员 AND \"选举\"：人大代表是人民代表大会的组成人员。",
    ),
    (
        "city/2023/市人大代表培训班讲话.txt",
        "在全市人大代表培训班上的讲话\n（2023年5月8日）\n同志们：\n\
         人大代表要密切联系群众，认真履行代表职责。人大代表要依法履职、为民代言。\n\
         1. 加强学习\nAbc abc ABC 2023年 x^2 [2020 TO 2023] title:监督 file:*.txt\n谢谢！",
    ),
];

struct Fixture {
    idx: RendaIndex,
    /// The text of every document in the index (headings and paragraphs).
    texts: Vec<String>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let idx = index::in_ram(Dictionary::builtin());
    let meta = Meta {
        renda_index: index::FORMAT,
        dictionary: idx.dictionary.fingerprint(),
        ..Meta::default()
    };
    let mut texts = Vec::new();
    let mut writer = Writer::new(&idx, meta).expect("an index writer");
    for (i, (rel, text)) in SPEECHES.iter().enumerate() {
        let speech = speech::parse(
            text,
            &ParseContext {
                rel,
                ..Default::default()
            },
        );
        texts.extend(speech.sections.iter().map(|s| s.heading.clone()));
        texts.extend(speech.paragraphs.iter().map(|p| p.text.clone()));
        writer
            .add_speech(&speech, i as u64)
            .expect("index a speech");
    }
    writer.finish().expect("commit the index");
    Fixture { idx, texts }
});

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let fx = &*FIXTURE;

    let request = SearchRequest {
        query: query.to_string(),
        filters: Filters::default(),
        limit: 10,
        offset: 0,
        collapse: true,
        literal: false,
        other_words: false,
        without: Vec::new(),
    };
    match search::search(&fx.idx, &request) {
        Ok(result) => {
            assert!(result.hits.len() <= 10);
            assert!(result.total >= result.hits.len());
            for hit in &result.hits {
                assert!(hit.score.is_finite(), "score {}", hit.score);
                check_matches(&hit.text, &hit.matches);
            }
        }
        // A query that cannot be read is refused with a message.
        Err(SearchError::Query(e)) => assert!(!e.to_string().is_empty()),
        // A query that was read must run (and no time limit is set).
        Err(e @ (SearchError::Tantivy { .. } | SearchError::Index(_) | SearchError::Cancelled(_))) => {
            panic!("{query:?}: {e}")
        }
    }

    // The string as an exact phrase finds exactly the paragraphs that
    // contain it (texts never hold the bigram layer's sentinel).
    if query.contains(END) {
        return;
    }
    let found = search::containing(&fx.idx, query, &Filters::default())
        .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    let expected = if query.is_empty() {
        0
    } else {
        fx.texts.iter().filter(|t| t.contains(query)).count()
    };
    assert_eq!(found.total, expected, "paragraphs containing {query:?}");
    assert_eq!(found.hits.len(), found.total);
    for hit in &found.hits {
        assert!(hit.text.contains(query));
        check_matches(&hit.text, &hit.matches);
        assert!(!hit.matches.is_empty());
    }
});

/// Matches are sorted, do not overlap, and fall on char boundaries of the text.
fn check_matches(text: &str, matches: &[std::ops::Range<usize>]) {
    let mut end = 0;
    for m in matches {
        assert!(
            m.start >= end && m.start < m.end && m.end <= text.len(),
            "{m:?}"
        );
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        end = m.end;
    }
}
