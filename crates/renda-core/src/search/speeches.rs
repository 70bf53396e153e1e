//! Speeches by their id in the index: a hash of the file's key, so that a
//! request (of the page, of an assistant) names a speech the index holds
//! and never a path to open.

use serde::Serialize;
use tantivy::Term;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use crate::index::{RendaIndex, reader};
use crate::search::{Hit, SearchError};
use crate::speech::Labels;

/// The id of the speech whose file (key in the index) is `file`: 16 hex digits.
pub fn id_of(file: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(file.as_bytes()))
}

/// Whether `id` is shaped as [`id_of`] makes them.
pub fn is_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A speech as the index holds it: its headings and paragraphs in order.
#[derive(Debug, Clone, Serialize)]
pub struct IndexedSpeech {
    pub id: String,
    /// The file, as the index names it (relative to its folder's label).
    pub file: String,
    /// The file on this machine, when the index knows its folder.
    pub path: Option<String>,
    /// Its title, level, year, date and region.
    #[serde(flatten)]
    pub labels: Labels,
    pub blocks: Vec<Block>,
}

/// A block of a speech: its title or a heading (`paragraph` 0, `heading`),
/// its salutation (`paragraph` 0, not a heading, no section) or a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub paragraph: usize,
    pub heading: bool,
    pub section: Option<String>,
    pub text: String,
}

fn tantivy_error(idx: &RendaIndex) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    move |source| SearchError::Tantivy {
        path: idx.path.display().to_string(),
        source,
    }
}

/// The file key of the speech `id`, if the index holds one.
pub fn file_of(idx: &RendaIndex, id: &str) -> Result<Option<String>, SearchError> {
    if !is_id(id) {
        return Ok(None);
    }
    let files = crate::search::similar::indexed_files(idx).map_err(|e| match e {
        crate::search::similar::SimilarError::Search(s) => s,
        other => SearchError::Index(crate::index::IndexError::Damaged {
            path: idx.path.clone(),
            detail: crate::index::IndexDamage::Other(other.to_string()),
        }),
    })?;
    Ok(files.into_iter().find(|f| id_of(f) == id))
}

/// The speech `id`, read from the index; `None` when it holds none.
pub fn read(idx: &RendaIndex, id: &str) -> Result<Option<IndexedSpeech>, SearchError> {
    let Some(file) = file_of(idx, id)? else {
        return Ok(None);
    };
    let fail = tantivy_error(idx);
    let searcher = idx.searcher()?;
    let query = TermQuery::new(
        Term::from_field_text(idx.fields.file, &file),
        IndexRecordOption::Basic,
    );
    let mut docs: Vec<_> = searcher
        .search(&query, &DocSetCollector)
        .map_err(&fail)?
        .into_iter()
        .collect();
    // A speech's documents are added in order, together, in one segment.
    docs.sort();
    let mut hits_of = reader::HitReader::new(&searcher, idx);
    let hits: Vec<Hit> = docs
        .into_iter()
        .map(|addr| hits_of.hit(addr, 0.0))
        .collect::<Result<_, _>>()
        .map_err(&fail)?;
    let Some(first) = hits.first() else {
        return Ok(None);
    };
    let meta = idx.last_meta().ok().flatten().or_else(|| idx.meta.clone());
    let path = meta.as_ref().and_then(|m| {
        let folder = m.folder_of(&file)?;
        let rel = folder.rel(&file)?;
        Some(
            std::path::Path::new(&folder.path)
                .join(rel)
                .display()
                .to_string(),
        )
    });
    Ok(Some(IndexedSpeech {
        id: id.to_string(),
        file: file.clone(),
        path,
        labels: first.labels.clone(),
        blocks: reading_order(
            hits.into_iter()
                .map(|h| Block {
                    paragraph: h.paragraph,
                    // Numbered 0 with no section: the title, or else the
                    // salutation.
                    heading: h.paragraph == 0 && (h.section.is_some() || h.text == h.labels.title),
                    section: h.section,
                    text: h.text,
                })
                .collect(),
        ),
    }))
}

/// The blocks as the speech reads: the index holds a speech's headings
/// (in order) before its paragraphs (in order), and a paragraph names its
/// innermost section. Each heading goes before the first paragraph of its
/// section, with the headings before it that have not been placed yet;
/// headings of sections without paragraphs close the speech. The title
/// and the salutation (numbered 0, in no section) open it, in that order.
fn reading_order(blocks: Vec<Block>) -> Vec<Block> {
    let (headings, paragraphs): (Vec<Block>, Vec<Block>) =
        blocks.into_iter().partition(|b| b.paragraph == 0);
    let mut out = Vec::with_capacity(headings.len() + paragraphs.len());
    // The title and the salutation, which open no section, open the speech.
    let (title, headings): (Vec<Block>, Vec<Block>) =
        headings.into_iter().partition(|h| h.section.is_none());
    out.extend(title);
    let mut headings = headings.into_iter();
    for p in paragraphs {
        // Only headings not placed yet are left in `headings`.
        if let Some(sec) = p.section.as_deref()
            && headings.as_slice().iter().any(|h| h.text == sec)
        {
            for h in headings.by_ref() {
                let last = h.text == sec;
                out.push(h);
                if last {
                    break;
                }
            }
        }
        out.push(p);
    }
    out.extend(headings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(paragraph: usize, section: Option<&str>, text: &str) -> Block {
        Block {
            paragraph,
            heading: paragraph == 0,
            section: section.map(String::from),
            text: text.to_string(),
        }
    }

    #[test]
    fn headings_stand_before_the_paragraphs_of_their_section() {
        let blocks = vec![
            block(0, None, "题目"),
            block(0, Some("一、总体要求"), "一、总体要求"),
            block(0, Some("（一）指导思想"), "（一）指导思想"),
            block(0, Some("二、主要任务"), "二、主要任务"),
            block(0, Some("三、保障措施"), "三、保障措施"),
            Block {
                heading: false,
                ..block(0, None, "同志们：")
            },
            block(1, Some("（一）指导思想"), "甲"),
            block(2, Some("（一）指导思想"), "乙"),
            block(3, Some("二、主要任务"), "丙"),
        ];
        let order: Vec<String> = reading_order(blocks.clone())
            .into_iter()
            .map(|b| match b.text.as_str() {
                "一、总体要求" => "H1".into(),
                "（一）指导思想" => "H1.1".into(),
                "二、主要任务" => "H2".into(),
                "三、保障措施" => "H3".into(),
                _ => b.text,
            })
            .collect();
        assert_eq!(
            order,
            [
                "题目",
                "同志们：",
                "H1",
                "H1.1",
                "甲",
                "乙",
                "H2",
                "丙",
                "H3"
            ]
        );
        assert_eq!(reading_order(blocks).len(), 9, "nothing lost");
    }

    #[test]
    fn ids_are_hex_of_the_file() {
        let id = id_of("县级/2023/讲话.txt");
        assert!(is_id(&id));
        assert_ne!(id, id_of("县级/2023/讲话2.txt"));
        assert!(!is_id("../etc/passwd"));
        assert!(!is_id(&id.to_uppercase()));
        assert!(!is_id(""));
    }
}
