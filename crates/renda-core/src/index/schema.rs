//! The index schema: one document per paragraph or heading.
//!
//! | field | holds | how |
//! | --- | --- | --- |
//! | `text` | the paragraph | character bigrams with positions, stored |
//! | `title` | the speech's title | raw string |
//! | `section` | the section heading | raw string, fast |
//! | `region` | the speech's region | raw string, fast |
//! | `level` | city, county, … | raw string, fast |
//! | `year` | the speech's year | u64, indexed, fast |
//! | `date` | the speech's date (`2023-03-15`, `2023-03`, `2023`) | raw string |
//! | `file` | the file, relative to the corpus root | raw string |
//! | `paragraph` | the paragraph's number, 0 for a heading | u64, fast |
//! | `speech` | all of the above that is the speech's, and the hash of its file's bytes ([`SpeechKey`]) | raw string, fast, not searchable |
//!
//! Exact phrases and themes are both found through the bigrams: a theme's
//! words (cut from the query by jieba) are found as the strings they are,
//! wherever they stand in a paragraph and however the paragraph's own text
//! would have been cut into words, and the bigrams' positions tell how close
//! together they stand. Indexing needs no segmentation.
//!
//! Only the paragraph's text is in the document store (compressed with
//! zstd); everything else about a paragraph is read from the fast fields,
//! where a value shared by many paragraphs (a speech's labels, a section)
//! is kept once per segment. A hit reads three columns: `speech`, `section`
//! and `paragraph` (each column a search opens reads its index, and each
//! value it reads decompresses a block of its dictionary). `region`,
//! `level` and `year` are columns too, for the filters that find the
//! paragraphs where they are unknown. Title, section and region are matched
//! as substrings of the values in the term dictionary (see `search::query`),
//! so they cost one term per paragraph instead of one per character.
//!
//! `speech` is also how an incremental run knows which files are indexed,
//! and as what: it is committed together with the documents, so it can
//! never disagree with them.

use tantivy::IndexSettings;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};

use crate::analysis::{self, BIGRAMS};
use crate::speech::Labels;

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
    pub speech: Field,
    /// The hash of the text (xxh3): a paragraph's copies share it, so a
    /// search reads one copy's text for all of them. `None` in indexes
    /// written before it, which read every copy.
    pub copy: Option<Field>,
}

/// A label of a paragraph (title, section, region, level, date, file): one
/// raw term, searchable, with no length norms (nothing ranks by it).
fn label() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

/// The schema renda writes.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        text: b.add_text_field("text", analysis::text_options(BIGRAMS).set_stored()),
        title: b.add_text_field("title", label()),
        section: b.add_text_field("section", label().set_fast("raw")),
        region: b.add_text_field("region", label().set_fast("raw")),
        level: b.add_text_field("level", label().set_fast("raw")),
        year: b.add_u64_field("year", INDEXED | FAST),
        date: b.add_text_field("date", label()),
        file: b.add_text_field("file", label()),
        paragraph: b.add_u64_field("paragraph", FAST),
        // Read back from its column only, never searched.
        speech: b.add_text_field("speech", TextOptions::default().set_fast("raw")),
        copy: Some(b.add_u64_field("copy", FAST)),
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
            speech: f("speech")?,
            copy: f("copy"),
        })
    }
}

/// What the `speech` column holds for each paragraph of a speech: the
/// speech's labels and the hash of the bytes its file was read from, in
/// one value (one lookup for a hit instead of one per label).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeechKey {
    pub file: String,
    pub hash: u64,
    pub labels: Labels,
}

/// Between the parts of a [`SpeechKey`]'s value: no label holds it (text is
/// cleaned of C0 controls, and no path holds NUL), and it is taken out of
/// any that would.
const SEP: char = '\u{0}';

impl SpeechKey {
    /// The column value: file, hash, title, level, date, region, year.
    pub fn encode(&self) -> String {
        let clean = |s: &str| s.replace(SEP, "");
        let l = &self.labels;
        let mut out = String::with_capacity(self.file.len() + l.title.len() + 48);
        out.push_str(&clean(&self.file));
        out.push(SEP);
        out.push_str(&format!("{:016x}", self.hash));
        out.push(SEP);
        out.push_str(&clean(&l.title));
        out.push(SEP);
        out.push_str(l.level.map_or("", |l| l.as_str()));
        out.push(SEP);
        if let Some(d) = l.date {
            out.push_str(&d.to_string());
        }
        out.push(SEP);
        out.push_str(&clean(l.region.as_deref().unwrap_or("")));
        out.push(SEP);
        if let Some(y) = l.year {
            out.push_str(&y.to_string());
        }
        out
    }

    /// A column value read back; `None` when it is not one [`SpeechKey::encode`] wrote.
    pub fn decode(value: &str) -> Option<SpeechKey> {
        let mut parts = value.split(SEP);
        let mut next = || parts.next();
        let file = next()?.to_string();
        let hash = u64::from_str_radix(next()?, 16).ok()?;
        let title = next()?.to_string();
        let level = Some(next()?)
            .filter(|l| !l.is_empty())
            .map(str::parse)
            .transpose()
            .ok()?;
        let date = Some(next()?)
            .filter(|d| !d.is_empty())
            .map(str::parse)
            .transpose()
            .ok()?;
        let region = Some(next()?).filter(|r| !r.is_empty()).map(str::to_string);
        let year = Some(next()?)
            .filter(|y| !y.is_empty())
            .map(str::parse)
            .transpose()
            .ok()?;
        if next().is_some() {
            return None;
        }
        Some(SpeechKey {
            file,
            hash,
            labels: Labels {
                title,
                level,
                year,
                date,
                region,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::{Date, Level};

    #[test]
    fn speech_keys_round_trip() {
        let full = SpeechKey {
            file: "县级/2023/讲话.txt".into(),
            hash: 0xdead_beef,
            labels: Labels {
                title: "在县十八届人大常委会第一次会议上的讲话".into(),
                level: Some(Level::County),
                date: Some(Date::new(2023, Some(3), Some(15)).unwrap()),
                region: Some("X县".into()),
                year: Some(2023),
            },
        };
        assert_eq!(SpeechKey::decode(&full.encode()), Some(full.clone()));
        let bare = SpeechKey {
            file: "a.txt".into(),
            ..SpeechKey::default()
        };
        assert_eq!(SpeechKey::decode(&bare.encode()), Some(bare));
        // A separator inside a label is dropped, never shifts the parts.
        let mut odd = full.clone();
        odd.labels.title = "标\u{0}题".into();
        assert_eq!(
            SpeechKey::decode(&odd.encode()).unwrap().labels.title,
            "标题"
        );
        for bad in [
            "",
            "a.txt",
            "a.txt\u{0}zz\u{0}\u{0}\u{0}\u{0}\u{0}",
            &(full.encode() + "\u{0}"),
        ] {
            assert_eq!(SpeechKey::decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_schema_is_recognised() {
        let (schema, _) = build();
        assert!(Fields::of(&schema).is_some());
        assert!(Fields::of(&Schema::builder().build()).is_none());
    }
}
