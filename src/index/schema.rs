//! The index schema: one document per paragraph or heading.
//!
//! | field | holds | how |
//! | --- | --- | --- |
//! | `text` | the paragraph | character bigrams with positions, stored |
//! | `title` | the speech's title | raw string, fast |
//! | `section` | the section heading | raw string, fast |
//! | `region` | the speech's region | raw string, fast |
//! | `level` | city, county, … | raw string, fast |
//! | `year` | the speech's year | u64, indexed, fast |
//! | `date` | the speech's date (`2023-03-15`, `2023-03`, `2023`) | raw string, fast |
//! | `file` | the file, relative to the corpus root | raw string, fast |
//! | `paragraph` | the paragraph's number, 0 for a heading | u64, fast |
//! | `source` | the file and the hash of its bytes | raw string, fast, not searchable |
//!
//! Exact phrases and themes are both found through the bigrams: a theme's
//! words (cut from the query by jieba) are found as the strings they are,
//! wherever they stand in a paragraph and however the paragraph's own text
//! would have been cut into words, and the bigrams' positions tell how close
//! together they stand. Indexing needs no segmentation.
//!
//! Only the paragraph's text is in the document store (compressed with
//! zstd); everything else about a paragraph is read from the fast fields,
//! where a value shared by many paragraphs (a title, a section) is kept
//! once per segment. Title, section and region are matched as substrings of
//! the values in the term dictionary (see `search::query`), so they cost
//! one term per paragraph instead of one per character.
//!
//! `source` is how an incremental run knows which files are indexed, and as
//! what: it is committed together with the documents, so it can never
//! disagree with them.

use tantivy::IndexSettings;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};

use crate::analysis::{self, BIGRAMS};

/// The fields of a renda index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub text: Field,
    pub title: Field,
    pub section: Field,
    pub region: Field,
    pub level: Field,
    pub year: Field,
    pub date: Field,
    pub file: Field,
    pub paragraph: Field,
    pub source: Field,
}

/// A label of a paragraph (title, section, region, level, file): one raw
/// term, searchable and in a column, with no length norms (nothing ranks by
/// it).
fn label() -> TextOptions {
    TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
        .set_fast("raw")
}

/// The schema renda writes.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        text: b.add_text_field("text", analysis::text_options(BIGRAMS).set_stored()),
        title: b.add_text_field("title", label()),
        section: b.add_text_field("section", label()),
        region: b.add_text_field("region", label()),
        level: b.add_text_field("level", label()),
        year: b.add_u64_field("year", INDEXED | FAST),
        date: b.add_text_field("date", label()),
        file: b.add_text_field("file", label()),
        paragraph: b.add_u64_field("paragraph", FAST),
        // Read back from its column only, never searched.
        source: b.add_text_field("source", TextOptions::default().set_fast("raw")),
    };
    (b.build(), fields)
}

/// How renda's indexes are stored: the paragraph texts compressed with
/// zstd, which keeps Chinese text in about half the room lz4 takes, in
/// blocks of 8 KiB: reading a paragraph decompresses its block, and small
/// blocks keep that quick for the candidates a search reads (8 KiB blocks
/// take 8% less room than 4 KiB ones and read as fast; BENCHMARKS.md).
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 8192,
        ..IndexSettings::default()
    }
}

impl Fields {
    /// The fields of an index's schema, or `None` when it is not renda's.
    pub fn of(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            text: f("text")?,
            title: f("title")?,
            section: f("section")?,
            region: f("region")?,
            level: f("level")?,
            year: f("year")?,
            date: f("date")?,
            file: f("file")?,
            paragraph: f("paragraph")?,
            source: f("source")?,
        })
    }
}

/// The `source` value of a file: its path and the hash of its bytes.
pub fn source_key(file: &str, hash: u64) -> String {
    format!("{file}\u{0}{hash:016x}")
}

/// Split a `source` value back into the file and its hash.
pub fn parse_source_key(key: &str) -> Option<(&str, u64)> {
    let (file, hash) = key.rsplit_once('\u{0}')?;
    Some((file, u64::from_str_radix(hash, 16).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_keys_round_trip() {
        let key = source_key("县级/2023/讲话.txt", 0xdead_beef);
        assert_eq!(
            parse_source_key(&key),
            Some(("县级/2023/讲话.txt", 0xdead_beef))
        );
        assert_eq!(parse_source_key("no separator"), None);
    }

    #[test]
    fn the_schema_is_recognised() {
        let (schema, _) = build();
        assert!(Fields::of(&schema).is_some());
        assert!(Fields::of(&Schema::builder().build()).is_none());
    }
}
