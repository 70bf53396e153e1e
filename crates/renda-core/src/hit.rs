//! One paragraph found by a search, as the index reader reads it and the
//! search library ranks, folds and prints it.
//!
//! Both [`crate::index`] (which reads hits) and [`crate::search`] (which
//! makes them) depend on this module; it depends on neither.

use std::ops::Range;

use serde::{Serialize, Serializer};

pub use crate::speech::labels::{Label, shown as labels};
use crate::speech::{Labels, Level};

/// One matching paragraph (or heading), with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The speech's file, relative to the corpus root.
    pub file: String,
    /// The speech's labels (title, level, year, date, region).
    #[serde(flatten)]
    pub labels: Labels,
    /// The heading of the section the paragraph stands in; for a heading
    /// hit, the heading itself.
    pub section: Option<String>,
    /// The paragraph's number in its speech (1-based); 0 for a heading.
    pub paragraph: usize,
    /// The whole paragraph.
    pub text: String,
    /// How well it matches; higher is better.
    pub score: f32,
    /// Byte ranges of `text` that match the query, sorted, not overlapping:
    /// UTF-8 byte offsets, always on character boundaries (`&text[r]` is
    /// the matched string). In JSON, `[[start, end], …]`.
    #[serde(serialize_with = "ranges_as_pairs")]
    pub matches: Vec<Range<usize>>,
    /// Other paragraphs that say the same sentence with small edits, folded
    /// into this one (see [`crate::search::near_duplicates`]).
    pub duplicates: Vec<Duplicate>,
}

/// How many of a hit's near-copies a person is shown by name (in the
/// terminal, a Markdown list or the web page); the others are counted. A
/// sentence of a news opening or a stock phrase stands in thousands of
/// speeches, and a list of them all says no more than their number.
/// JSON Lines lists every one.
pub const COPIES_LISTED: usize = 20;

/// A paragraph folded into a hit as a near-copy of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub file: String,
    pub title: String,
    #[serde(flatten, serialize_with = "crate::speech::level_and_label")]
    pub level: Option<Level>,
    pub year: Option<u16>,
    pub paragraph: usize,
}

impl Hit {
    /// A hit of `file`'s paragraph `paragraph` with no labels yet (its
    /// speech's, and the section), no matches and no near-copies.
    pub fn unlabelled(file: String, paragraph: usize, text: String, score: f32) -> Hit {
        Hit {
            file,
            labels: Labels::default(),
            section: None,
            paragraph,
            text,
            score,
            matches: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    /// Where this hit comes from, as a [`Duplicate`] of another.
    pub fn as_duplicate(&self) -> Duplicate {
        Duplicate {
            file: self.file.clone(),
            title: self.labels.title.clone(),
            level: self.labels.level,
            year: self.labels.year,
            paragraph: self.paragraph,
        }
    }
}

/// Serialise byte ranges as `[[start, end], …]`.
pub fn ranges_as_pairs<S: Serializer>(ranges: &[Range<usize>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ranges.iter().map(|r| [r.start, r.end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stand_in_one_order() {
        let l = labels(
            "临洮县人大常委会工作报告",
            Some(Level::County),
            Some(2023),
            Some("临洮县"),
        );
        assert_eq!(l, [Label::Level(Level::County), Label::Year(2023)]);
        let l = labels("工作报告", Some(Level::County), Some(2023), Some("临洮县"));
        assert_eq!(
            l,
            [
                Label::Level(Level::County),
                Label::Year(2023),
                Label::Region("临洮县")
            ]
        );
        assert_eq!(labels("t", None, None, Some(" ")), []);
    }

    #[test]
    fn matches_serialise_as_pairs_of_byte_offsets() {
        let text = "要密切联系群众";
        let at = text.find("联系").unwrap();
        let hit = Hit {
            file: "a.txt".into(),
            labels: Labels {
                title: "t".into(),
                ..Labels::default()
            },
            section: None,
            paragraph: 1,
            text: text.into(),
            score: 1.0,
            matches: std::iter::once(at..at + "联系".len()).collect(),
            duplicates: Vec::new(),
        };
        let v = serde_json::to_value(&hit).unwrap();
        assert_eq!(v["matches"], serde_json::json!([[9, 15]]));
    }
}
