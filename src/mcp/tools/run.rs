//! Each tool: its parameters read and checked, the library call, its
//! answer.

use super::*;

/// The search a `search` call's arguments ask for.
pub fn search_request(p: SearchParams) -> Result<search::SearchRequest, Failure> {
    let q = search::query::query_text(&query(&p.query)?, p.exact.unwrap_or(false));
    Ok(search::SearchRequest {
        query: q,
        offset: number("offset", p.offset, 0, MAX_OFFSET)?,
        filters: filters(&p.filters)?,
        limit: number("limit", p.limit, 10, MAX_LIMIT)?,
        collapse: true,
        literal: p.literal.unwrap_or(false),
        other_words: false,
        without: without(p.without.as_deref()),
    })
}

pub(super) fn run_search(idx: &RendaIndex, p: SearchParams) -> Answer {
    let request = search_request(p)?;
    let r = search::search(idx, &request)?;
    Ok(hits_answer(&r, request.offset))
}

/// The related words not to search: the first [`MAX_WITHOUT`], blank ones
/// ignored, as the page takes them.
pub(super) fn without(words: Option<&[String]>) -> Vec<String> {
    words
        .unwrap_or_default()
        .iter()
        .filter_map(|w| nonblank(Some(w)))
        .take(MAX_WITHOUT)
        .collect()
}

/// How many related words one call may drop.
pub(super) const MAX_WITHOUT: usize = 64;

pub(super) fn run_compare(idx: &RendaIndex, p: CompareParams) -> Answer {
    use search::compare::By;
    let theme = query(&p.theme)?;
    let by = match p.by.as_deref().map(str::trim) {
        None | Some("") | Some("level") => By::Level,
        Some("region") => By::Region,
        Some("year") => By::Year,
        Some("speech") => By::Speech,
        Some(other) => {
            return Err(msg::serve_bad_choice(
                "by",
                &args::short(other),
                i18n::pick("level、region、year、speech", "level, region, year, speech"),
            )
            .into());
        }
    };
    let per_group = number("limit", p.limit, 5, MAX_LIMIT)?;
    let options = search::ThemeOptions {
        literal: p.literal.unwrap_or(false),
        other_words: false,
        without: without(p.without.as_deref()),
    };
    let exclude: Vec<String> = p
        .exclude_region
        .iter()
        .flatten()
        .filter_map(|r| nonblank(Some(r)))
        .collect();
    let mut groups = search::compare::of_index(
        idx,
        &theme,
        &filters(&p.filters)?,
        options,
        COMPARE_DEPTH,
        by,
        &exclude,
        &[],
    )?;
    search::compare::limit(&mut groups, per_group);
    let total = groups.len();
    let values: Vec<Value> = groups
        .iter()
        .map(|g| {
            let label = match (by, g.key.as_deref()) {
                (_, None) => msg::unknown().to_string(),
                (By::Level, Some(k)) => k
                    .parse::<Level>()
                    .map(|l| i18n::pick(l.as_chinese(), l.as_str()).to_string())
                    .unwrap_or_else(|_| k.to_string()),
                (_, Some(k)) => k.to_string(),
            };
            let phrasings: Vec<Value> = g
                .phrasings
                .iter()
                .map(|ph| {
                    let (text, _) = passage(&ph.text, MAX_PASSAGE_CHARS);
                    json!({
                        "text": text,
                        "speeches": ph.count,
                        "sources": ph.sources.iter().take(MAX_FOLDED).map(source_of).collect::<Vec<_>>(),
                        "sources_more": ph.sources.len().saturating_sub(MAX_FOLDED),
                    })
                })
                .collect();
            json!({
                "key": g.key,
                "label": label,
                "speeches": g.speeches,
                "phrasings": phrasings,
                "more_phrasings": g.more,
            })
        })
        .collect();
    let values = within_budget(values, MAX_ANSWER_CHARS);
    let mut notes = Vec::new();
    if values.len() < total {
        notes.push(msg::mcp_cut(values.len(), total, None));
    }
    Ok(json!({
        "theme": theme,
        "by": by.as_str(),
        "groups": values,
        "notes": notes,
    }))
}

pub(super) fn run_kwic(idx: &RendaIndex, p: KwicParams) -> Answer {
    use search::kwic::{self, Sort};
    let term = query(&p.term)?;
    let sort = match p.sort.as_deref().map(str::trim) {
        None | Some("") | Some("none") => Sort::None,
        Some("left") => Sort::Left,
        Some("right") => Sort::Right,
        Some(other) => {
            return Err(msg::serve_bad_choice(
                "sort",
                &args::short(other),
                i18n::pick("none、left、right", "none, left, right"),
            )
            .into());
        }
    };
    let offset = number("offset", p.offset, 0, MAX_OFFSET)?;
    let limit = number("limit", p.limit, 50, MAX_KWIC_LIMIT)?;
    let options = kwic::Options {
        width: number("width", p.width, 20, kwic::MAX_WIDTH)?,
        sort,
        limit: Some(offset.saturating_add(limit)),
        top: kwic::TOP_COLLOCATES,
    };
    let (c, left_out) = kwic::of_index(idx, &term, &filters(&p.filters)?, &options)?;
    let lines: Vec<Value> = c
        .lines
        .iter()
        .skip(offset)
        .map(|l| {
            json!({
                "left": l.left,
                "match": l.matched,
                "right": l.right,
                "id": id_of(&l.file),
                "citation": msg::mcp_citation("", l.level, l.year, None, None, Some(l.paragraph), &l.file),
                "file": l.file,
                "paragraph": l.paragraph,
                "level": level_code(l.level),
                "year": l.year,
            })
        })
        .collect();
    let lines = within_budget(lines, MAX_ANSWER_CHARS);
    let next =
        (!lines.is_empty() && offset + lines.len() < c.total_lines).then_some(offset + lines.len());
    let mut notes = Vec::new();
    if let Some(next) = next {
        notes.push(msg::mcp_cut(lines.len(), c.total_lines, Some(next)));
    }
    notes.extend(crate::output::hits::left_out_lines(&left_out));
    Ok(json!({
        "term": c.term,
        "total_lines": c.total_lines,
        "offset": offset,
        "returned": lines.len(),
        "next_offset": next,
        "lines": lines,
        "before": c.before,
        "after": c.after,
        "notes": notes,
    }))
}

pub(super) fn run_similar(idx: &RendaIndex, p: SimilarParams) -> Answer {
    use search::similar::{self, Request, Source};
    let source = match (nonblank(p.id.as_ref()), nonblank(p.text.as_ref())) {
        (Some(id), _) => {
            let file = speeches::file_of(idx, &id)?
                .ok_or_else(|| Failure::Message(msg::serve_no_speech(&args::short(&id))))?;
            // Which paragraph of the speech is for the caller to say.
            let Some(n) = p.paragraph else {
                return Err(msg::mcp_similar_needs_paragraph().into());
            };
            let n = number("paragraph", Some(n), 1, MAX_OFFSET)?;
            similar::locate(idx, &file, n)?
        }
        (None, Some(text)) => Source::text(&text)?,
        (None, None) => return Err(msg::serve_similar_empty().into()),
    };
    let offset = number("offset", p.offset, 0, MAX_OFFSET)?;
    let req = Request {
        source,
        filters: filters(&p.filters)?,
        limit: number("limit", p.limit, 10, MAX_LIMIT)?,
        offset,
        include_copies: p.include_copies.unwrap_or(false),
    };
    let r = similar::similar(idx, &req)?;
    let mut answer = hits_answer(&r, offset);
    if let Some(obj) = answer.as_object_mut() {
        obj.insert("source".into(), Value::String(req.source.label.clone()));
    }
    Ok(answer)
}

pub(super) fn run_read_speech(idx: &RendaIndex, p: ReadSpeechParams) -> Answer {
    let id = p.id.trim();
    let sp = speeches::read(idx, id)?
        .ok_or_else(|| Failure::Message(msg::serve_no_speech(&args::short(id))))?;
    let last = sp.blocks.iter().map(|b| b.paragraph).max().unwrap_or(0);
    let around = number("around", p.around, 3, MAX_LIMIT)?;
    // The paragraphs asked for: around one, or on from one (from the
    // start, with the title and the salutation).
    let (lo, hi) = match (p.paragraph, p.start) {
        // A heading's hit (paragraph 0): the speech from its start, with
        // its headings.
        (Some(0), _) => (1, usize::MAX),
        (Some(n), _) => {
            let n = number("paragraph", Some(n), 1, MAX_OFFSET)?;
            if n == 0 || n > last {
                return Err(msg::mcp_no_paragraph(n, last).into());
            }
            (n.saturating_sub(around).max(1), n + around)
        }
        (None, Some(s)) => {
            let s = number("start", Some(s), 1, MAX_OFFSET)?;
            if s > last.max(1) {
                return Err(msg::mcp_no_paragraph(s, last).into());
            }
            (s, usize::MAX)
        }
        (None, None) => (1, usize::MAX),
    };
    let all = &sp.blocks;
    let first = if lo <= 1 {
        0
    } else {
        // With the headings right before the first paragraph.
        let mut i = all
            .iter()
            .position(|b| b.paragraph >= lo)
            .unwrap_or(all.len());
        while i > 0 && all[i - 1].paragraph == 0 && all[i - 1].section.is_some() {
            i -= 1;
        }
        i
    };
    let end = if hi == usize::MAX {
        all.len()
    } else {
        all.iter()
            .rposition(|b| b.paragraph > 0 && b.paragraph <= hi)
            .map_or(first, |i| i + 1)
    };
    let mut used = 0;
    let mut blocks = Vec::new();
    let mut next_start = None;
    for (i, b) in all.iter().enumerate().take(end).skip(first) {
        let (text, _) = passage(&b.text, MAX_ANSWER_CHARS / 2);
        let size = text.chars().count();
        if !blocks.is_empty() && used + size > MAX_ANSWER_CHARS {
            // Go on from the next paragraph, with its headings.
            next_start = all[i..].iter().map(|b| b.paragraph).find(|&n| n > 0);
            break;
        }
        used += size;
        blocks.push(json!({
            "paragraph": b.paragraph,
            "heading": b.heading,
            "section": b.section,
            "text": text,
        }));
    }
    let mut notes = Vec::new();
    if let Some(n) = next_start {
        notes.push(msg::mcp_speech_cut(n));
    }
    Ok(json!({
        "id": sp.id,
        "citation": msg::mcp_citation(&sp.labels.title, sp.labels.level, sp.labels.year, sp.labels.region.as_deref(), None, None, &sp.file),
        "title": sp.labels.title,
        "level": level_code(sp.labels.level),
        "year": sp.labels.year,
        "date": sp.labels.date,
        "region": sp.labels.region,
        "file": sp.file,
        "paragraphs": last,
        "blocks": blocks,
        "next_start": next_start,
        "notes": notes,
    }))
}

pub(super) fn run_check_draft(idx: &RendaIndex, p: CheckDraftParams) -> Answer {
    use search::check::{self, CheckError, CheckOptions, Status};
    let name = i18n::pick("稿件", "draft");
    if p.text.trim().is_empty() {
        return Err(crate::i18n::search::check_empty_draft(i18n::lang(), name).into());
    }
    let options = CheckOptions {
        region: nonblank(p.region.as_ref()),
        year: year(p.year)?,
        level: nonblank(p.level.as_ref())
            .as_deref()
            .map(level)
            .transpose()?,
        ..Default::default()
    };
    let ctx = renda_core::speech::ParseContext {
        rel: "",
        metadata: None,
        boilerplate: None,
        published: None,
    };
    let draft = renda_core::speech::parse(&p.text, &ctx);
    let report = check::check(idx, &draft, &options).map_err(|e| match e {
        CheckError::Empty(_) => {
            Failure::Message(crate::i18n::search::check_empty_draft(i18n::lang(), name))
        }
        CheckError::Search(s) => s.into(),
    })?;
    let cite = |s: &check::SourceRef| {
        msg::mcp_citation(
            &s.title,
            s.level,
            s.year,
            s.region.as_deref(),
            None,
            Some(s.paragraph),
            &s.file,
        )
    };
    let speeches: Vec<Value> = report
        .speeches
        .iter()
        .map(|s| {
            json!({
                "id": id_of(&s.file),
                "citation": msg::mcp_citation(&s.title, s.level, s.year, s.region.as_deref(), None, None, &s.file),
                "file": s.file,
                "chars": s.chars,
                "share": s.share,
                "sentences": s.sentences,
            })
        })
        .collect();
    let leftovers: Vec<Value> = report
        .leftovers
        .iter()
        .map(|l| {
            json!({
                "kind": l.kind,
                "name": l.name,
                "sentence": report.sentences.get(l.sentence).map(|s| passage(&s.text, MAX_PASSAGE_CHARS).0),
                "paragraph": report.sentences.get(l.sentence).map(|s| s.paragraph),
                "possible": l.possible,
                "source": cite(&l.source),
                "source_id": id_of(&l.source.file),
            })
        })
        .collect();
    let copied: Vec<Value> = report
        .sentences
        .iter()
        .filter(|s| s.status == Status::Copied)
        .map(|s| {
            json!({
                "paragraph": s.paragraph,
                "text": passage(&s.text, MAX_PASSAGE_CHARS).0,
                "chars": s.chars,
                "copied_chars": s.copied_chars,
                "longest": s.longest,
                "sources": s.sources.iter().take(3).map(|src| json!({
                    "id": id_of(&src.source.file),
                    "citation": cite(&src.source),
                    "share": src.share,
                    "text": passage(&src.text, MAX_PASSAGE_CHARS).0,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let budget = MAX_ANSWER_CHARS / 4;
    let mut notes = Vec::new();
    let mut bounded = |items: Vec<Value>| {
        let total = items.len();
        let kept = within_budget(items, budget);
        if kept.len() < total {
            notes.push(msg::mcp_cut(kept.len(), total, None));
        }
        kept
    };
    let (speeches, leftovers, copied) = (bounded(speeches), bounded(leftovers), bounded(copied));
    notes.extend(crate::i18n::search::considered_note(
        i18n::lang(),
        &report.considered,
    ));
    let count = |status| {
        report
            .sentences
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    Ok(json!({
        "title": report.title,
        "region": report.region,
        "level": level_code(report.level),
        "year": report.year,
        "term": report.term,
        "chars": report.chars,
        "copied_chars": report.copied_chars,
        "copied_share": report.copied_share,
        "common_chars": report.common_chars,
        "sentences": {
            "all": report.sentences.len(),
            "copied": count(Status::Copied),
            "common": count(Status::Common),
            "own": count(Status::Own),
            "short": count(Status::Short),
        },
        "speeches": speeches,
        "leftovers": leftovers,
        "copied_sentences": copied,
        "notes": notes,
    }))
}

pub(super) fn run_stats(idx: &RendaIndex) -> Answer {
    let st = reader::stats(idx).map_err(|e| {
        Failure::Message(msg::path_reason(
            &renda_core::display::path(&idx.path),
            &e.to_string(),
        ))
    })?;
    let folders = reader::folder_counts(idx)?;
    let copies = idx.meta.as_ref().map(|m| m.copies()).unwrap_or_default();
    let shown: Vec<Value> = copies
        .iter()
        .take(MAX_LIMIT)
        .map(|c| json!({"file": c.file, "of": c.of}))
        .collect();
    let mut notes = Vec::new();
    if copies.len() > shown.len() {
        notes.push(msg::mcp_cut(shown.len(), copies.len(), None));
    }
    let mut value = serde_json::to_value(&st).unwrap_or_else(|_| json!({}));
    if let Some(obj) = value.as_object_mut() {
        obj.insert("folders".into(), json!(folders));
        obj.insert("copies".into(), Value::Array(shown));
        obj.insert("copies_total".into(), json!(copies.len()));
        obj.insert("notes".into(), json!(notes));
    }
    Ok(value)
}
