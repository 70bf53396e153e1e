//! Search results for people, and queries.

use super::*;

// ---- Search results for people --------------------------------------------

/// The count line of a page of hits: how many match, and what this page
/// shows of them.
/// Said after the count when the matches past the first `folded` were not
/// folded ([`renda_core::search::FOLD_ALL_MAX`]).
pub fn folded_only_first(folded: usize) -> String {
    match lang() {
        Lang::Zh => format!("（匹配太多：只合并了排在前 {folded} 段中的近似说法，其余逐段列出）"),
        Lang::En => format!(
            " (too many matches: near-copies are folded among the first {folded} only; the rest are listed one by one)"
        ),
    }
}

pub fn matching(total: usize, page: Page) -> String {
    match (lang(), page) {
        (Lang::Zh, Page::All) => format!("共 {total} 段匹配"),
        (
            Lang::Zh,
            Page::Folded {
                shown,
                phrasings,
                all: Some(all),
                first,
                next,
            },
        ) => {
            let last = first + phrasings.saturating_sub(1);
            let mut s = format!("共 {total} 段匹配，归为 {all} 种不同说法");
            if first > 1 || last < all {
                s.push_str(&format!("；本页显示第 {first}–{last} 种，含 {shown} 段"));
            }
            if let Some(next) = next {
                s.push_str(&format!("（下一页：--offset {next}）"));
            }
            s
        }
        (
            Lang::Zh,
            Page::Folded {
                shown,
                phrasings,
                all: None,
                next,
                ..
            },
        ) => {
            let mut s =
                format!("共 {total} 段匹配，其中 {shown} 段归为 {phrasings} 种不同说法显示");
            if let Some(next) = next {
                s.push_str(&format!("（下一页：--offset {next}）"));
            }
            s
        }
        (Lang::Zh, Page::Range { first, last, next }) => {
            let mut s = format!("共 {total} 段匹配，显示第 {first}–{last} 段");
            if let Some(next) = next {
                s.push_str(&format!("（下一页：--offset {next}）"));
            }
            s
        }
        (Lang::Zh, Page::Empty { phrasings: None }) => format!("共 {total} 段匹配，本页没有"),
        (
            Lang::Zh,
            Page::Empty {
                phrasings: Some(all),
            },
        ) => format!("共 {total} 段匹配，归为 {all} 种不同说法，本页没有"),
        (Lang::En, page) => {
            let mut s = format!(
                "{total} matching {}",
                if total == 1 {
                    "paragraph"
                } else {
                    "paragraphs"
                }
            );
            let kinds = |n: usize| if n == 1 { "phrasing" } else { "phrasings" };
            match page {
                Page::All => {}
                Page::Folded {
                    shown,
                    phrasings,
                    all: Some(all),
                    first,
                    next,
                } => {
                    let last = first + phrasings.saturating_sub(1);
                    s.push_str(&format!(" in {all} distinct {}", kinds(all)));
                    if first > 1 || last < all {
                        s.push_str(&format!(
                            "; showing {first}–{last}, holding {shown} {}",
                            if shown == 1 {
                                "paragraph"
                            } else {
                                "paragraphs"
                            }
                        ));
                    }
                    if let Some(next) = next {
                        s.push_str(&format!(" (next page: --offset {next})"));
                    }
                }
                Page::Folded {
                    shown,
                    phrasings,
                    all: None,
                    next,
                    ..
                } => {
                    s.push_str(&format!(
                        ", {shown} of them shown as {phrasings} distinct {}",
                        kinds(phrasings)
                    ));
                    if let Some(next) = next {
                        s.push_str(&format!(" (next page: --offset {next})"));
                    }
                }
                Page::Range { first, last, next } => {
                    s.push_str(&format!(", showing {first}–{last}"));
                    if let Some(next) = next {
                        s.push_str(&format!(" (next page: --offset {next})"));
                    }
                }
                Page::Empty { phrasings } => {
                    if let Some(all) = phrasings {
                        s.push_str(&format!(" in {all} distinct {}", kinds(all)));
                    }
                    s.push_str(", none on this page");
                }
            }
            s
        }
    }
}

/// What a page of search results shows of all the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// All of them.
    All,
    /// `shown` paragraphs folded into `phrasings` hits, the phrasings from
    /// `first` (from 1) of `all` in all when known; `next`: the offset of
    /// the next page, if any.
    Folded {
        shown: usize,
        phrasings: usize,
        all: Option<usize>,
        first: usize,
        next: Option<usize>,
    },
    /// Paragraphs `first` to `last` (from 1); `next` as for `Folded`.
    Range {
        first: usize,
        last: usize,
        next: Option<usize>,
    },
    /// None (the offset is past the end); how many phrasings there are in
    /// all, when folded.
    Empty { phrasings: Option<usize> },
}

impl Page {
    /// What a page of `hits` (holding `folded` near-copies besides them),
    /// from `offset`, shows of `total` matches, folded into `phrasings`
    /// when near-copies are folded (offsets then count phrasings); `hint`:
    /// whether to name the next page's `--offset` (a web page links to it
    /// instead).
    pub fn of(
        total: usize,
        phrasings: Option<usize>,
        hits: usize,
        folded: usize,
        offset: usize,
        hint: bool,
    ) -> Page {
        let next = offset + hits;
        let more = hint
            && match phrasings {
                Some(all) => next < all,
                None => offset + hits + folded < total,
            };
        let more = more.then_some(next);
        if hits == 0 && total > 0 {
            Page::Empty { phrasings }
        } else if hits > 0 && (folded > 0 || (phrasings.is_some() && (hits < total || offset > 0)))
        {
            Page::Folded {
                shown: hits + folded,
                phrasings: hits,
                all: phrasings,
                first: offset + 1,
                next: more,
            }
        } else if hits < total {
            Page::Range {
                first: offset + 1,
                last: offset + hits,
                next: more,
            }
        } else {
            Page::All
        }
    }
}

/// Where a heading hit (a title or a section's heading) stands, in place
/// of a paragraph number.
/// A level as the reader's language names it: 县, or county.
pub fn level_name(level: renda_core::speech::Level) -> &'static str {
    crate::i18n::pick(level.as_chinese(), level.as_str())
}

/// A paragraph's number in a source line: 第3段, or ¶3.
pub fn paragraph_label(paragraph: usize) -> String {
    match lang() {
        Lang::Zh => format!("第{paragraph}段"),
        Lang::En => format!("¶{paragraph}"),
    }
}

/// A year in a source line: 2023年, or 2023.
pub fn year_label(year: u16) -> String {
    match lang() {
        Lang::Zh => format!("{year}年"),
        Lang::En => year.to_string(),
    }
}

pub fn heading_place() -> &'static str {
    crate::i18n::pick("标题", "heading")
}

/// The related expressions searched besides the query's own words.
pub fn also_searched(words: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "也检索了：{words}（--without 词：不检索其中一个；--literal：只检索查询本身的词）"
        ),
        Lang::En => format!(
            "also searched: {words} (--without WORD: not that one; --literal: the query's own words only)"
        ),
    }
}

/// The title of the × that drops a related word on the page.
pub fn serve_drop_word(word: &str) -> String {
    match lang() {
        Lang::Zh => format!("不检索“{word}”"),
        Lang::En => format!("do not search “{word}”"),
    }
}

/// The related words a search from the page dropped.
pub fn serve_dropped(words: &str) -> String {
    match lang() {
        Lang::Zh => format!("已不检索：{words}"),
        Lang::En => format!("not searched: {words}"),
    }
}

/// The page may not change the office's related expressions here.
pub fn serve_related_off() -> String {
    match lang() {
        Lang::Zh => "这个地址上不能从网页修改本单位的相关说法（只有本机地址或加了 --allow-index 才可以）".into(),
        Lang::En => "the office's related expressions cannot be changed from the page on this address (only on a loopback address or with --allow-index)".into(),
    }
}

/// The office's related expressions were saved.
pub fn serve_related_saved(groups: usize) -> String {
    match lang() {
        Lang::Zh => format!("已保存：共 {groups} 组，下次检索起生效"),
        Lang::En => format!("saved: {groups} groups, used from the next search"),
    }
}

/// The office's related expressions could not be saved.
pub fn serve_related_unsaved(reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("没能保存本单位的相关说法：{reason}"),
        Lang::En => format!("could not save the office's related expressions: {reason}"),
    }
}

/// Words of `--without` that were not among the related words searched.
pub fn without_unused(words: &[&str]) -> String {
    match lang() {
        Lang::Zh => format!(
            "说明：--without 的{}不在这次也检索的词里，没有起作用",
            words
                .iter()
                .map(|w| format!("“{w}”"))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Lang::En => format!(
            "note: --without {}: not among the related words searched, so it changed nothing",
            words.join(", ")
        ),
    }
}

/// The link that brings the dropped words back.
pub fn serve_restore_words() -> String {
    match lang() {
        Lang::Zh => "恢复".to_string(),
        Lang::En => "search them again".to_string(),
    }
}

/// A related expression with where it comes from: `倾听民意〔词表〕`.
pub fn related_word(word: &str, source: renda_core::search::expand::Source) -> String {
    use renda_core::search::expand::Source;
    let from = match (lang(), source) {
        (Lang::Zh, Source::Curated) => "词表",
        (Lang::Zh, Source::Office) => "本单位词表",
        (Lang::Zh, Source::Feedback) => "反馈",
        (Lang::En, Source::Curated) => "list",
        (Lang::En, Source::Office) => "office list",
        (Lang::En, Source::Feedback) => "feedback",
    };
    match lang() {
        Lang::Zh => format!("{word}〔{from}〕"),
        Lang::En => format!("{word} ({from})"),
    }
}

/// The other speeches a folded phrasing stands in: `names` of some of its
/// paragraphs, and how many more there are (`unlisted`).
pub fn also_in(speeches: usize, names: &str, unlisted: usize) -> String {
    let mut line = match lang() {
        Lang::Zh => format!("另有 {speeches} 篇讲话用过这句话：{names}"),
        Lang::En => format!(
            "also in {}: {names}",
            en_count(speeches, "speech", "speeches")
        ),
    };
    if unlisted > 0 {
        line.push_str(&unlisted_copies(unlisted));
    }
    line
}

/// The end of a list of near-copies cut short: how many paragraphs it
/// leaves out and where they all are.
pub fn unlisted_copies(unlisted: usize) -> String {
    match lang() {
        Lang::Zh => format!("；另有 {unlisted} 段未列出（--format jsonl 列出全部）"),
        Lang::En => format!(
            "; {} not listed (--format jsonl lists them all)",
            en_count(unlisted, "more paragraph", "more paragraphs")
        ),
    }
}

/// Matches a filter left out because their value is unknown.
pub fn left_out(speeches: usize, paragraphs: usize, field: renda_core::search::Unknown) -> String {
    match lang() {
        Lang::Zh => format!(
            "另有 {speeches} 篇讲话（{paragraphs} 段）{}未知，未计入；加 --include-unknown-{field} 可一并检索",
            field.chinese()
        ),
        Lang::En => format!(
            "{} ({}) with unknown {field} left out; add --include-unknown-{field} to include them",
            en_count(speeches, "speech", "speeches"),
            en_count(paragraphs, "paragraph", "paragraphs")
        ),
    }
}

// ---- Queries ---------------------------------------------------------------

/// What a Markdown page of paragraphs like `label` is headed by (after
/// 检索：): 与label相似的段落, or similar: label.
pub fn similar_title(label: &str) -> String {
    match lang() {
        // A file's name stands apart from the Chinese around it.
        Lang::Zh if label.starts_with('“') => format!("与{label}相似的段落"),
        Lang::Zh => format!("与 {label} 相似的段落"),
        Lang::En => format!("similar: {label}"),
    }
}
