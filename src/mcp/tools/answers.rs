//! Writing the tools' answers: passages cut to a budget, each with its
//! citation and the id of its speech.

use super::*;

/// `text`, cut to [`MAX_PASSAGE_CHARS`]; whether it was cut.
pub(super) fn passage(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (format!("{}…", &text[..at]), true),
        None => (text.to_string(), false),
    }
}

pub(super) fn level_code(level: Option<Level>) -> Value {
    level.map_or(Value::Null, |l| Value::String(l.as_str().into()))
}

/// A duplicate (or any source known by file and paragraph) as the
/// answers list it.
pub(super) fn source_of(d: &Duplicate) -> Value {
    json!({
        "id": id_of(&d.file),
        "citation": msg::mcp_citation(&d.title, d.level, d.year, None, None, Some(d.paragraph), &d.file),
        "file": d.file,
        "paragraph": d.paragraph,
    })
}

/// A hit as the answers list it; whether its text was cut.
pub(super) fn hit_value(h: &Hit) -> (Value, bool) {
    let (text, cut) = passage(&h.text, MAX_PASSAGE_CHARS);
    let mut v = json!({
        "id": id_of(&h.file),
        "citation": msg::mcp_citation(
            &h.labels.title,
            h.labels.level,
            h.labels.year,
            h.labels.region.as_deref(),
            h.section.as_deref(),
            Some(h.paragraph),
            &h.file,
        ),
        "title": h.labels.title,
        "level": level_code(h.labels.level),
        "year": h.labels.year,
        "region": h.labels.region,
        "section": h.section,
        "paragraph": h.paragraph,
        "file": h.file,
        "text": text,
    });
    if let Some(obj) = v.as_object_mut() {
        if cut {
            obj.insert("text_cut".into(), Value::Bool(true));
        }
        if !h.duplicates.is_empty() {
            let folded: Vec<Value> = h
                .duplicates
                .iter()
                .take(MAX_FOLDED)
                .map(source_of)
                .collect();
            obj.insert("folded".into(), Value::Array(folded));
            if h.duplicates.len() > MAX_FOLDED {
                obj.insert("folded_more".into(), json!(h.duplicates.len() - MAX_FOLDED));
            }
        }
    }
    (v, cut)
}

/// The first of `items` that fit in about `budget` characters (at least
/// one).
pub(super) fn within_budget(items: Vec<Value>, budget: usize) -> Vec<Value> {
    let mut used = 0;
    let mut kept = Vec::new();
    for item in items {
        let size = item.to_string().chars().count();
        if !kept.is_empty() && used + size > budget {
            break;
        }
        used += size;
        kept.push(item);
    }
    kept
}

/// A page of hits as the answers give it: the hits, what was searched,
/// the totals, the next page.
pub(super) fn hits_answer(r: &SearchResult, offset: usize) -> Value {
    let mut any_cut = false;
    let hits: Vec<Value> = r
        .hits
        .iter()
        .map(|h| {
            let (v, cut) = hit_value(h);
            any_cut |= cut;
            v
        })
        .collect();
    let asked = hits.len();
    let hits = within_budget(hits, MAX_ANSWER_CHARS);
    let all = r.phrasings.unwrap_or(r.total);
    let more = hits.len() < asked || r.more_after(offset);
    // No next page where this one moved nothing on (a limit of 0).
    let next = (more && !hits.is_empty()).then_some(offset + hits.len());
    let mut notes = Vec::new();
    if let Some(next) = next {
        notes.push(msg::mcp_cut(hits.len(), all, Some(next)));
    }
    if any_cut {
        notes.push(msg::mcp_text_cut(MAX_PASSAGE_CHARS));
    }
    notes.extend(crate::output::hits::left_out_lines(&r.left_out));
    json!({
        "query": r.query,
        "total": r.total,
        "phrasings": r.phrasings,
        "related": r.related,
        "left_out": r.left_out,
        "offset": offset,
        "returned": hits.len(),
        "next_offset": next,
        "hits": hits,
        "notes": notes,
    })
}
