//! `space`: where the index's bytes go.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::Value as _;
use tantivy::{DocAddress, TantivyDocument};

use crate::util::*;

#[derive(Debug, Default, Serialize, Deserialize)]
struct FieldSpace {
    termdict: u64,
    postings: u64,
    positions: u64,
    fast_fields: u64,
    fieldnorms: u64,
    /// Estimated from a sample: the field's stored bytes before compression.
    stored_raw_estimate: u64,
}

impl FieldSpace {
    fn indexed(&self) -> u64 {
        self.termdict + self.postings + self.positions + self.fast_fields + self.fieldnorms
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SpaceResult {
    segments: usize,
    docs: u64,
    pub(crate) total: u64,
    /// By component (termdict, postings, positions, fast_fields,
    /// fieldnorms, store, deletes).
    components: BTreeMap<String, u64>,
    fields: BTreeMap<String, FieldSpace>,
    store_data: u64,
    store_offsets: u64,
    /// Bytes of the files in the folder.
    on_disk: u64,
}

fn dir_bytes(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

pub(crate) fn space(index: &Path, sample: usize) -> Result<SpaceResult> {
    let idx = renda_core::index::open(index)?;
    let searcher = idx.index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut components: BTreeMap<String, u64> = BTreeMap::new();
    let mut fields: BTreeMap<String, FieldSpace> = BTreeMap::new();
    let (mut store_data, mut store_offsets, mut docs) = (0, 0, 0u64);
    for seg in usage.segments() {
        docs += u64::from(seg.num_docs());
        let parts = [
            ("termdict", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fast_fields", seg.fast_fields()),
            ("fieldnorms", seg.fieldnorms()),
        ];
        for (name, per_field) in parts {
            *components.entry(name.into()).or_default() += per_field.total().get_bytes();
            for f in per_field.fields() {
                let e = fields.entry(f.field_name().to_string()).or_default();
                let b = f.total().get_bytes();
                match name {
                    "termdict" => e.termdict += b,
                    "postings" => e.postings += b,
                    "positions" => e.positions += b,
                    "fast_fields" => e.fast_fields += b,
                    _ => e.fieldnorms += b,
                }
            }
        }
        store_data += seg.store().data_usage().get_bytes();
        store_offsets += seg.store().offsets_usage().get_bytes();
        *components.entry("store".into()).or_default() += seg.store().total().get_bytes();
        *components.entry("deletes".into()).or_default() += seg.deletes().get_bytes();
    }
    // Stored bytes by field, before compression, from every k-th document.
    let stride = (docs as usize / sample.max(1)).max(1);
    let mut raw: BTreeMap<String, u64> = BTreeMap::new();
    let mut sampled = 0u64;
    let schema = idx.index.schema();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc in seg.doc_ids_alive().step_by(stride) {
            let d: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc))?;
            sampled += 1;
            for (field, value) in d.field_values() {
                let n = value.as_str().map_or(8, str::len) as u64;
                *raw.entry(schema.get_field_name(field).to_string())
                    .or_default() += n;
            }
        }
    }
    for (name, n) in raw {
        fields.entry(name).or_default().stored_raw_estimate =
            (n * docs).checked_div(sampled).unwrap_or(0);
    }
    let r = SpaceResult {
        segments: usage.segments().len(),
        docs,
        total: usage.total().get_bytes(),
        components,
        fields,
        store_data,
        store_offsets,
        on_disk: dir_bytes(index),
    };
    print!("{}", space_markdown(&r));
    Ok(r)
}

pub(crate) fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / MB)
}

pub(crate) fn space_markdown(r: &SpaceResult) -> String {
    let mut s = String::new();
    let pct = |b: u64| 100.0 * b as f64 / r.total.max(1) as f64;
    s += &format!(
        "Index: {} segments, {} documents, {} MB counted by tantivy, {} MB on disk.\n\n",
        r.segments,
        r.docs,
        mb(r.total),
        mb(r.on_disk)
    );
    s += "| component | MB | share |\n| --- | ---: | ---: |\n";
    let mut comps: Vec<_> = r.components.iter().collect();
    comps.sort_by_key(|(_, b)| std::cmp::Reverse(**b));
    for (name, b) in comps {
        s += &format!("| {name} | {} | {:.1}% |\n", mb(*b), pct(*b));
    }
    s += "\n| field | termdict | postings | positions | fast | norms | indexed total | stored raw (est.) |\n";
    s += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    let mut fields: Vec<_> = r.fields.iter().collect();
    fields.sort_by_key(|(_, f)| std::cmp::Reverse(f.indexed()));
    for (name, f) in fields {
        s += &format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |\n",
            mb(f.termdict),
            mb(f.postings),
            mb(f.positions),
            mb(f.fast_fields),
            mb(f.fieldnorms),
            mb(f.indexed()),
            mb(f.stored_raw_estimate)
        );
    }
    s += &format!(
        "\nStore: {} MB compressed data + {} MB offsets, for {} MB of stored values (estimate).\n",
        mb(r.store_data),
        mb(r.store_offsets),
        mb(r.fields.values().map(|f| f.stored_raw_estimate).sum())
    );
    s
}
