//! The catalogue of the front ends: what the command line, the page and
//! the MCP server say to people, in Chinese and in English, as a function
//! of what it says, in the current language ([`super::lang`]; servers and
//! tests may set it per thread with [`super::with_lang`]). What the
//! library's errors and warnings say stands in the area files beside
//! this one ([`super::corpus`], [`super::index`], [`super::search`], …).
//!
//! English counts take their plural here ([`en_count`]); Chinese counts
//! take a measure word (`5 个文件`, `3 篇讲话`, `66 段`).

use super::ChineseName;
use super::{Lang, lang};
use renda_core::speech::LabelName;

/// `1 file`, `2 files`.
pub fn en_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---- Indexing: the summary that ends a run -------------------------------

/// The index already held every file as it is.
pub fn up_to_date(unchanged: usize) -> String {
    match lang() {
        Lang::Zh => format!("索引已是最新：{unchanged} 个文件自上次以来未变"),
        Lang::En => format!(
            "the index is up to date: {} unchanged since the last run",
            en_count(unchanged, "file", "files")
        ),
    }
}

/// What a run read.
pub fn files_read(files: usize, speeches: usize, paragraphs: usize) -> String {
    match lang() {
        Lang::Zh => format!("已读取 {files} 个文件：{speeches} 篇讲话，{paragraphs} 段"),
        Lang::En => format!(
            "{} read: {}, {}",
            en_count(files, "file", "files"),
            en_count(speeches, "speech", "speeches"),
            en_count(paragraphs, "paragraph", "paragraphs")
        ),
    }
}

/// A run that read no speech at all: the folders may be the wrong ones.
pub fn no_speech_read(folders: &str) -> String {
    match (lang(), folders.is_empty()) {
        (Lang::Zh, false) => format!(
            "提示：没有读到任何讲话，文件夹 {folders} 是不是选错了？renda 读取其中（含子文件夹）的 .txt、.md、.docx、.doc、.wps、.pdf 和网页等讲话稿"
        ),
        (Lang::Zh, true) => "提示：没有读到任何讲话，文件夹是不是选错了？renda 读取其中（含子文件夹）的 .txt、.md、.docx、.doc、.wps、.pdf 和网页等讲话稿".to_string(),
        (Lang::En, false) => format!(
            "hint: no speech was read; is {folders} the right folder? renda reads the .txt, .md, .docx, .doc, .wps, .pdf and web pages in it and its subfolders"
        ),
        (Lang::En, true) => "hint: no speech was read; is it the right folder? renda reads the .txt, .md, .docx, .doc, .wps, .pdf and web pages in it and its subfolders".to_string(),
    }
}

pub fn unchanged(files: usize) -> String {
    match lang() {
        Lang::Zh => format!("{files} 个文件自上次以来未变"),
        Lang::En => format!(
            "{} unchanged since the last run",
            en_count(files, "file", "files")
        ),
    }
}

pub fn removed_gone(files: usize) -> String {
    match lang() {
        Lang::Zh => format!("{files} 个文件已不在文件夹中，已从索引删除"),
        Lang::En => format!(
            "{} gone from the folder, removed from the index",
            en_count(files, "file", "files")
        ),
    }
}

pub fn copies_kept_once(copies: usize) -> String {
    match lang() {
        Lang::Zh => format!("{copies} 个文件与其他文件内容相同，只收录一次"),
        Lang::En => format!(
            "{} of other files kept once",
            en_count(copies, "copy", "copies")
        ),
    }
}

pub fn and_more_copies(more: usize) -> String {
    match lang() {
        Lang::Zh => format!("……另有 {more} 个（renda stats 列出全部）"),
        Lang::En => format!("… and {more} more (renda stats lists them all)"),
    }
}

/// `parts`: `3 无法识别的文件格式`, joined by the caller.
pub fn skipped_files(files: usize, parts: &str) -> String {
    match lang() {
        Lang::Zh => format!("跳过 {files} 个文件：{parts}"),
        Lang::En => format!("{} skipped: {parts}", en_count(files, "file", "files")),
    }
}

pub fn lines_removed(parts: &str) -> String {
    match lang() {
        Lang::Zh => format!("清理时删除的行：{parts}"),
        Lang::En => format!("lines removed while cleaning: {parts}"),
    }
}

pub fn documentation_passed_over(files: usize) -> String {
    match lang() {
        Lang::Zh => format!("{files} 个说明文件未收录（README、metadata.csv）"),
        Lang::En => format!(
            "{} passed over (README, metadata.csv)",
            en_count(files, "documentation file", "documentation files")
        ),
    }
}

/// The list separator: `、` or `, `.
pub fn list_sep() -> &'static str {
    super::pick("、", ", ")
}

// ---- Reading files: why a file was skipped -------------------------------

// ---- What is damaged inside a file (the detail of a damaged file) -------
//
// The libraries' own words (a zip or XML error) are English: the English
// message quotes them, the Chinese one says what they mean.

fn pick_s(zh: bool, z: &str, e: &str) -> String {
    if zh { z } else { e }.to_string()
}

/// A reason a line was removed while cleaning ([`renda_core::speech::RemovalReason::as_str`]).
pub fn removal_kind(kind: &str) -> String {
    if lang() == Lang::En {
        return kind.to_string();
    }
    match kind {
        "ad" => "网站广告",
        "boilerplate" => "各文件重复的套话",
        "repeat" => "文件内重复的段",
        other => other,
    }
    .to_string()
}

// ---- metadata.csv, dictionaries, values typed by people ------------------

/// `a/metadata.csv:3: ……`.
pub fn at_line(path: &str, line: usize, what: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path} 第 {line} 行：{what}"),
        Lang::En => format!("{path}:{line}: {what}"),
    }
}

pub fn not_a_year_between(s: &str) -> String {
    match lang() {
        Lang::Zh => format!("不是 1900 到 2100 之间的年份：“{s}”"),
        Lang::En => format!("not a year between 1900 and 2100: '{s}'"),
    }
}

pub fn not_a_size(s: &str) -> String {
    match lang() {
        Lang::Zh => format!("不是 64M、500K 这样的大小：“{s}”"),
        Lang::En => format!("not a size such as 64M or 500K: '{s}'"),
    }
}

pub fn width_range(max: usize) -> String {
    match lang() {
        Lang::Zh => format!("0 到 {max} 之间的字数"),
        Lang::En => format!("a number of characters from 0 to {max}"),
    }
}

pub fn not_a_language(s: &str) -> String {
    match lang() {
        Lang::Zh => format!("不是界面语言：“{s}”（可用 zh、en）"),
        Lang::En => format!("not a language: '{s}' (zh, en)"),
    }
}

/// `path: reason`, in either language.
pub fn path_reason(path: &str, reason: &str) -> String {
    path_reason_in(lang(), path, reason)
}

/// `path: reason`, in `lang`.
pub fn path_reason_in(lang: Lang, path: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：{reason}"),
        Lang::En => format!("{path}: {reason}"),
    }
}

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
pub fn heading_place() -> &'static str {
    super::pick("标题", "heading")
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

/// The other speeches a folded phrasing stands in.
pub fn also_in(speeches: usize, names: &str) -> String {
    match lang() {
        Lang::Zh => format!("另有 {speeches} 篇讲话用过这句话：{names}"),
        Lang::En => format!(
            "also in {}: {names}",
            en_count(speeches, "speech", "speeches")
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

// ---- renda parse and renda stats: a speech and an index for people --------

/// The label of a line of `renda parse`'s or `renda stats`' text output,
/// padded so that the values line up.
pub fn field(name: &str) -> String {
    field_padded(name, 9)
}

/// [`field`], padded to `width` columns (`renda stats` lines up wider).
pub fn field_padded(name: &str, width: usize) -> String {
    let zh = match LabelName::ALL.into_iter().find(|l| l.as_str() == name) {
        Some(label) => label.chinese(),
        None => match name {
            "file" => "文件",
            "page" => "网页",
            "copies" => "副本",
            "parts" => "结构",
            "removed" => "清理掉的行",
            "index" => "索引",
            "speeches" => "讲话",
            "paragraphs" => "段落",
            "size" => "大小",
            "dictionary" => "词典",
            "folders" => "文件夹",
            other => other,
        },
    };
    match lang() {
        // A Chinese label is two columns wide per character.
        Lang::Zh => {
            let used = zh.chars().count() * 2 + 2;
            format!("{zh}：{}", " ".repeat((width + 1).saturating_sub(used)))
        }
        Lang::En => format!("{:<width$}", format!("{name}:")),
    }
}

/// Where a label of a speech came from.
pub fn source_of(source: renda_core::speech::Source) -> &'static str {
    use renda_core::speech::Source;
    match (lang(), source) {
        (Lang::Zh, Source::Metadata) => "（metadata.csv）",
        (Lang::Zh, Source::Path) => "（据路径）",
        (Lang::Zh, Source::Text) => "（据正文）",
        (Lang::Zh, Source::Page) => "（据网页）",
        (Lang::En, Source::Metadata) => " (metadata.csv)",
        (Lang::En, Source::Path) => " (path)",
        (Lang::En, Source::Text) => " (text)",
        (Lang::En, Source::Page) => " (web page)",
    }
}

pub fn unknown() -> &'static str {
    super::pick("未知", "unknown")
}

/// A web page's own title, date and source, as `renda parse` shows them.
pub fn page_part(what: &str, value: &str) -> String {
    let zh = match what {
        "title" => "标题",
        "published" => "发布",
        "source" => "来源",
        other => other,
    };
    match lang() {
        Lang::Zh => format!("{zh} {value}"),
        Lang::En => format!("{what} {value}"),
    }
}

pub fn copies_indexed_once(files: &str) -> String {
    match lang() {
        Lang::Zh => format!("{files}（文字相同；只收录一次）"),
        Lang::En => format!("{files} (the same text; indexed once)"),
    }
}

pub fn speech_parts(sections: usize, paragraphs: usize, removed: usize) -> String {
    match lang() {
        Lang::Zh => format!("{sections} 个部分，{paragraphs} 段，清理掉 {removed} 行"),
        Lang::En => {
            format!("{sections} sections, {paragraphs} paragraphs, {removed} lines removed")
        }
    }
}

pub fn table_row() -> &'static str {
    super::pick("[表格行]", "[table row]")
}

/// A removed line of `renda parse`: `第 1 行 [网站广告] ……`.
pub fn removed_line(line: usize, reason: &str, text: &str) -> String {
    match lang() {
        Lang::Zh => format!("第 {line} 行 [{}] {text}", removal_kind(reason)),
        Lang::En => format!("line {line} [{reason}] {text}"),
    }
}

// ---- renda kwic, compare, label, parse --------------------------------------

pub fn kwic_term_empty() -> String {
    pick_s(
        lang() == Lang::Zh,
        "检索词为空：请给出要找的文字",
        "the term is empty: give the text to look for",
    )
}

/// `12 lines, showing 10 (a paragraph lists at most 50 of its occurrences)`.
pub fn kwic_lines(total: usize, shown: usize, per_paragraph: Option<usize>) -> String {
    match lang() {
        Lang::Zh => {
            let mut s = format!("共 {total} 处");
            if shown < total {
                s.push_str(&format!("，显示 {shown} 处"));
            }
            if let Some(max) = per_paragraph {
                s.push_str(&format!("（每段最多列出 {max} 处）"));
            }
            s
        }
        Lang::En => {
            let mut s = en_count(total, "line", "lines");
            if shown < total {
                s.push_str(&format!(", showing {shown}"));
            }
            if let Some(max) = per_paragraph {
                s.push_str(&format!(
                    " (a paragraph lists at most {max} of its occurrences)"
                ));
            }
            s
        }
    }
}

pub fn kwic_before(term: &str, counts: &str) -> String {
    match lang() {
        Lang::Zh => format!("“{term}”之前：{counts}"),
        Lang::En => format!("before {term}: {counts}"),
    }
}

pub fn kwic_after(term: &str, counts: &str) -> String {
    match lang() {
        Lang::Zh => format!("“{term}”之后：{counts}"),
        Lang::En => format!("after {term}: {counts}"),
    }
}

/// How phrasings are grouped, for people.
pub fn compare_by(by: renda_core::search::compare::By) -> &'static str {
    use renda_core::search::compare::By;
    match (lang(), by) {
        (Lang::Zh, By::Level) => "层级",
        (Lang::Zh, By::Region) => "地区",
        (Lang::Zh, By::Year) => "年份",
        (Lang::Zh, By::Speech) => "讲话",
        (Lang::En, by) => by.as_str(),
    }
}

pub fn compare_title(theme: &str, by: renda_core::search::compare::By) -> String {
    match lang() {
        Lang::Zh => format!("{theme}——按{}比较", compare_by(by)),
        Lang::En => format!("{theme} — by {}", by.as_str()),
    }
}

pub fn compare_group(name: &str, speeches: usize) -> String {
    match lang() {
        Lang::Zh => format!("{name}（{speeches} 篇讲话）"),
        Lang::En => format!("{name} ({})", en_count(speeches, "speech", "speeches")),
    }
}

/// The phrasings of a group that `--limit` left out.
pub fn compare_more(more: usize) -> String {
    match lang() {
        Lang::Zh => format!("……另有 {more} 种说法未列出（--limit 可多列）"),
        Lang::En => format!(
            "… {more} more {} (--limit shows more)",
            if more == 1 { "phrasing" } else { "phrasings" }
        ),
    }
}

pub fn compare_none() -> String {
    pick_s(
        lang() == Lang::Zh,
        "没有讲话谈到它",
        "no speech speaks of it",
    )
}

pub fn no_such_file(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：没有这个文件"),
        Lang::En => format!("{path}: no such file"),
    }
}

pub fn label_nothing() -> String {
    pick_s(
        lang() == Lang::Zh,
        "没有要设定的：请给出 --level、--year、--date、--region 或 --title",
        "nothing to set: give --level, --year, --date, --region or --title",
    )
}

pub fn label_date_not_in_year(date: &str, year: u16) -> String {
    match lang() {
        Lang::Zh => format!("--date {date} 不在 --year {year} 这一年"),
        Lang::En => format!("--date {date} is not in --year {year}"),
    }
}

/// What `renda label` wrote: `metadata.csv：a.txt：层级=县；……`.
pub fn label_set(path: &str, rel: &str, set: &str, root: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：{rel}：{set}；运行 `renda index {root}` 后生效"),
        Lang::En => format!("{path}: {rel}: {set}; run `renda index {root}` to use it"),
    }
}

/// One value `renda label` set: `层级=县`.
pub fn label_value(field: &str, value: &str) -> String {
    let zh = match field {
        "level" => "层级",
        "date" => "日期",
        "year" => "年份",
        "region" => "地区",
        "title" => "标题",
        other => other,
    };
    match lang() {
        Lang::Zh => format!("{zh}={value}"),
        Lang::En => format!("{field}={value}"),
    }
}

pub fn label_not_inside(file: &str, root: &str) -> String {
    match lang() {
        Lang::Zh => format!("{file}：不在语料文件夹 {root} 中"),
        Lang::En => format!("{file}: not inside the corpus folder {root}"),
    }
}

pub fn label_cannot(file: &str) -> String {
    match lang() {
        Lang::Zh => format!("{file}：无法标注"),
        Lang::En => format!("{file}: cannot be labelled"),
    }
}

pub fn label_which_corpus(file: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "{file}：属于哪个语料？它上方没有 metadata.csv，也不在已索引的文件夹中；请用 --corpus DIR 指明"
        ),
        Lang::En => format!(
            "{file}: which corpus? no metadata.csv above it and not in the indexed folder; give --corpus DIR"
        ),
    }
}

/// A progress bar's label: `扫描`, `索引`.
pub fn progress_files() -> &'static str {
    super::pick("个文件", "files")
}

/// The one-line prefix of an error or a warning on stderr.
pub fn error_line(message: &str) -> String {
    match lang() {
        Lang::Zh => format!("renda：{message}"),
        Lang::En => format!("renda: {message}"),
    }
}

// ---- Output: filters, export headers, table columns ----------------------

/// What a page's checkbox that keeps unknown values of `field` does.
pub fn serve_keeps_unknown(field: renda_core::search::Unknown) -> &'static str {
    match field {
        renda_core::search::Unknown::Year => super::pick(
            "按年份筛选时，也列出没有写明年份的讲话（层级、地区照常筛选）",
            "when filtering on years, also the speeches whose year is unknown (levels and regions filter as usual)",
        ),
        renda_core::search::Unknown::Level => super::pick(
            "按层级筛选时，也列出层级不明的讲话（年份、地区照常筛选）",
            "when filtering on levels, also the speeches whose level is unknown (years and regions filter as usual)",
        ),
        renda_core::search::Unknown::Region => super::pick(
            "按地区筛选时，也列出地区不明的讲话（层级、年份照常筛选）",
            "when filtering on regions, also the speeches whose region is unknown (levels and years filter as usual)",
        ),
    }
}

/// No filter at all.
pub fn no_filters() -> &'static str {
    super::pick("无", "none")
}

/// The title of an export: `检索：密切联系群众`.
pub fn export_title(query: &str) -> String {
    super::pick(format!("检索：{query}"), format!("Search: {query}"))
}

/// The labels of an export's header.
pub fn export_query_label() -> &'static str {
    super::pick("检索词", "Query")
}

pub fn export_filters_label() -> &'static str {
    super::pick("筛选", "Filters")
}

pub fn export_time_label() -> &'static str {
    super::pick("导出时间", "Exported")
}

/// `label：value` / `label: value`.
pub fn labelled(label: &str, value: &str) -> String {
    super::pick(format!("{label}：{value}"), format!("{label}: {value}"))
}

/// How many paragraphs an export holds, of how many matching.
pub fn export_count(exported: usize, total: usize) -> String {
    match lang() {
        Lang::Zh if exported == total => format!("共 {total} 段"),
        Lang::Zh => format!("共 {total} 段，导出 {exported} 段"),
        Lang::En if exported == total => en_count(total, "paragraph", "paragraphs"),
        Lang::En => format!("{exported} of {total} paragraphs"),
    }
}

/// A column of the tables renda writes (CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Text,
    /// One of a speech's labels, headed by its name.
    Label(LabelName),
    Section,
    Paragraph,
    File,
    AlsoIn,
    Score,
    Snippet,
    Query,
    Filters,
}

/// The heading of a column, for people.
pub fn column(c: Column) -> &'static str {
    let (zh, en) = match c {
        Column::Text => ("原文", "text"),
        Column::Label(l) => (l.chinese(), l.as_str()),
        Column::Section => ("部分", "section"),
        Column::Paragraph => ("段", "paragraph"),
        Column::File => ("文件", "file"),
        Column::AlsoIn => ("也见于", "also in"),
        Column::Score => ("得分", "score"),
        Column::Snippet => ("摘录", "snippet"),
        Column::Query => ("检索词", "query"),
        Column::Filters => ("筛选", "filters"),
    };
    super::pick(zh, en)
}

// ---- renda check: a draft against the archive ----------------------------

/// A share as people read it: `62%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn check_unreadable(file: &str, reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("{file}：无法读取稿件：{reason}"),
        Lang::En => format!("{file}: cannot read the draft: {reason}"),
    }
}

pub fn check_title(title: &str) -> String {
    match lang() {
        Lang::Zh => format!("查重报告：{title}"),
        Lang::En => format!("Check report: {title}"),
    }
}

/// What the draft was checked as: its region, level, year and 届次.
pub fn check_settings(
    region: Option<&str>,
    level: Option<renda_core::speech::Level>,
    year: u16,
    term: Option<&str>,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "本地：{} · 层级：{} · 年份：{year} · 届次：{}",
            region.unwrap_or("未指定（用 --region 指定）"),
            level.map_or("未知（用 --level 指定）", |l| l.as_chinese()),
            term.unwrap_or("稿件未写明")
        ),
        Lang::En => format!(
            "region: {} · level: {} · year: {year} · term: {}",
            region.unwrap_or("not given (--region)"),
            level.map_or("unknown (--level)", |l| l.as_str()),
            term.unwrap_or("not named in the draft")
        ),
    }
}

/// `62% 来自 3 篇讲话：…`; `list` names them.
pub fn check_overall(share: f64, speeches: usize, list: &str) -> String {
    let p = percent(share);
    match lang() {
        Lang::Zh => format!("{p} 来自 {speeches} 篇讲话：{list}"),
        Lang::En => format!(
            "{p} from {}: {list}",
            en_count(speeches, "speech", "speeches")
        ),
    }
}

pub fn check_all_own() -> String {
    match lang() {
        Lang::Zh => "未发现抄自档案的文字：全文均为自拟".to_string(),
        Lang::En => "nothing is taken from the archive: the whole draft is its own".to_string(),
    }
}

pub fn check_common_share(share: f64) -> String {
    let p = percent(share);
    match lang() {
        Lang::Zh => format!("另有 {p} 为常见公文套话（见于多篇讲话，不计为抄自某篇）"),
        Lang::En => format!(
            "another {p} is common official phrasing (in many speeches, not counted as taken from one)"
        ),
    }
}

/// One speech's part: `《title》（县 · 2023 · 安化县）18%`.
pub fn check_speech_part(source: &str, share: f64) -> String {
    format!("{source} {}", percent(share))
}

pub fn leftover_label(kind: renda_core::search::check::LeftoverKind) -> &'static str {
    use renda_core::search::check::LeftoverKind as K;
    match (lang(), kind) {
        (Lang::Zh, K::Place) => "遗留地名",
        (Lang::Zh, K::Term) => "遗留届次",
        (Lang::Zh, K::Year) => "遗留年份",
        (Lang::Zh, K::Speaker) => "遗留讲话人",
        (Lang::Zh, K::Level) => "遗留层级称谓",
        (Lang::En, K::Place) => "leftover place",
        (Lang::En, K::Term) => "leftover term",
        (Lang::En, K::Year) => "leftover year",
        (Lang::En, K::Speaker) => "leftover speaker",
        (Lang::En, K::Level) => "leftover self-reference of another level",
    }
}

/// `遗留地名：安化县（来自 …）`; a place of the source's when the draft's
/// own region is not known: `可能遗留地名：山东省（来自 …）`.
pub fn check_leftover(
    kind: renda_core::search::check::LeftoverKind,
    name: &str,
    source: &str,
    possible: bool,
) -> String {
    let label = leftover_label(kind);
    match (lang(), possible) {
        (Lang::Zh, false) => format!("{label}：{name}（来自 {source}）"),
        (Lang::Zh, true) => {
            format!("可能{label}：{name}（来自 {source}；稿件未写明本地，可用 --region 指定）")
        }
        (Lang::En, false) => format!("{label}: {name} (from {source})"),
        (Lang::En, true) => format!(
            "possible {label}: {name} (from {source}; the draft names no region of its own, give it with --region)"
        ),
    }
}

pub fn check_no_leftovers() -> String {
    match lang() {
        Lang::Zh => "未发现遗留的外地地名、层级称谓、届次、年份或讲话人".to_string(),
        Lang::En => "no leftover place, self-reference, term, year or speaker found".to_string(),
    }
}

pub fn check_heading_leftovers() -> &'static str {
    super::pick("遗留名称", "Leftovers")
}

pub fn check_heading_sentences() -> &'static str {
    super::pick("逐句对照", "Sentence by sentence")
}

pub fn check_heading_text() -> &'static str {
    super::pick(
        "稿件正文（标出抄自档案的文字）",
        "The draft (text taken from the archive marked)",
    )
}

/// A sentence's source: `抄自 …：重合 80%，相似度 0.72`.
pub fn check_sentence_source(source: &str, share: f64, similarity: f64) -> String {
    let p = percent(share);
    match lang() {
        Lang::Zh => format!("抄自 {source}：重合 {p}，相似度 {similarity:.2}"),
        Lang::En => format!("from {source}: {p} shared, similarity {similarity:.2}"),
    }
}

pub fn check_longest(run: &str) -> String {
    match lang() {
        Lang::Zh => format!("最长重合：“{run}”"),
        Lang::En => format!("longest shared run: “{run}”"),
    }
}

pub fn check_sentence_common() -> &'static str {
    super::pick(
        "常见套话：见于多篇讲话，不计为抄自某篇",
        "common phrasing: in many speeches, not taken from one",
    )
}

pub fn check_sentence_own() -> &'static str {
    super::pick("自拟", "own text")
}

pub fn check_sentence_short() -> &'static str {
    super::pick("过短，未比对", "too short to tell")
}

/// `第 3 段第 2 句`.
pub fn check_sentence_at(paragraph: usize, sentence: usize) -> String {
    match lang() {
        Lang::Zh => format!("第 {paragraph} 段第 {sentence} 句"),
        Lang::En => format!("¶{paragraph} sentence {sentence}"),
    }
}

pub fn check_paragraph_label(paragraph: usize) -> String {
    match lang() {
        Lang::Zh => format!("第{paragraph}段"),
        Lang::En => format!("¶{paragraph}"),
    }
}

pub fn check_wrote(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("查重报告已写入 {path}"),
        Lang::En => format!("wrote the check report to {path}"),
    }
}

pub fn check_docx_needs_file() -> String {
    match lang() {
        Lang::Zh => "--format docx 需要用 -o 指定输出文件（如 -o 查重.docx）".to_string(),
        Lang::En => "--format docx needs an output file: -o FILE.docx".to_string(),
    }
}

pub fn check_exists(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：文件已存在；加 --force 覆盖"),
        Lang::En => format!("{path}: already exists; add --force to overwrite it"),
    }
}

// ---- Indexing: the folders of an index ------------------------------------

fn shown(path: &std::path::Path) -> String {
    renda_core::display::path(path)
}

/// Speeches taken out with the folders `--remove` named.
pub fn dropped_with_folders(speeches: usize) -> String {
    match lang() {
        Lang::Zh => format!("已从索引删除移除的文件夹中的 {speeches} 篇讲话"),
        Lang::En => format!(
            "{} of the folders removed taken out of the index",
            en_count(speeches, "speech", "speeches")
        ),
    }
}

/// The label of the progress bar of a pass over the files.
pub fn pass_label(pass: u8) -> &'static str {
    match (pass, lang()) {
        (1, Lang::Zh) => "扫描",
        (1, Lang::En) => "scanning",
        (_, Lang::Zh) => "索引",
        (_, Lang::En) => "indexing",
    }
}

/// The heading of the folders in `renda stats`.
pub fn stats_folders() -> &'static str {
    super::pick("文件夹", "folders")
}

/// One folder in `renda stats`: its speeches, and its label in paths.
pub fn stats_folder(path: &std::path::Path, label: &str, speeches: usize) -> String {
    match (lang(), label.is_empty()) {
        (Lang::Zh, true) => format!("{}：{speeches} 篇讲话", shown(path)),
        (Lang::Zh, false) => format!("{}：{speeches} 篇讲话（路径以 {label}/ 开头）", shown(path)),
        (Lang::En, true) => format!(
            "{}: {}",
            shown(path),
            en_count(speeches, "speech", "speeches")
        ),
        (Lang::En, false) => format!(
            "{}: {} (paths begin {label}/)",
            shown(path),
            en_count(speeches, "speech", "speeches")
        ),
    }
}

// ---- The index: opening, writing, its errors ------------------------------

pub fn interrupted_again() -> String {
    pick_s(
        lang() == Lang::Zh,
        "\nrenda：再次中断；立即停止；索引保持上次提交时的内容",
        "\nrenda: interrupted again; stopping now; the index holds its last commit",
    )
}

pub fn interrupted(held: usize, again: &str) -> String {
    match lang() {
        Lang::Zh => {
            format!("renda：已中断；索引保持上次提交时的 {held} 个文件；再运行 `{again}` 即可完成")
        }
        Lang::En => format!(
            "renda: interrupted; the index holds {} as of its last commit; run `{again}` again to finish",
            en_count(held, "file", "files")
        ),
    }
}

// ---- renda export ----------------------------------------------------------

pub fn export_wrote(paragraphs: usize, to: &str) -> String {
    match lang() {
        Lang::Zh => format!("已把 {paragraphs} 段写入 {to}"),
        Lang::En => format!(
            "wrote {} to {to}",
            en_count(paragraphs, "paragraph", "paragraphs")
        ),
    }
}

pub fn standard_output() -> &'static str {
    super::pick("标准输出", "standard output")
}

pub fn export_symlink() -> String {
    pick_s(
        lang() == Lang::Zh,
        "是符号链接；renda 只把导出写成独立的文件，从不经链接写入（请直接给出文件名）",
        "a symbolic link; renda writes an export only as a file of its own, never through a link (name the file itself)",
    )
}

pub fn export_folder() -> String {
    pick_s(
        lang() == Lang::Zh,
        "是文件夹；请给出要在其中写入的文件名",
        "a folder; name the file to write in it",
    )
}

pub fn export_special() -> String {
    pick_s(
        lang() == Lang::Zh,
        "不是普通文件（设备、管道或套接字）；renda 不会覆盖它（写到标准输出请用 -o -）",
        "not a regular file (a device, pipe or socket); renda will not write over it (use -o - for standard output)",
    )
}

pub fn export_exists() -> String {
    pick_s(
        lang() == Lang::Zh,
        "已存在；要覆盖请加 --force",
        "already exists; add --force to overwrite it",
    )
}

pub fn export_no_longer_file() -> String {
    pick_s(
        lang() == Lang::Zh,
        "已不再是普通文件；renda 不会替换它",
        "no longer a regular file; renda will not replace it",
    )
}

pub fn export_stdout_format() -> String {
    pick_s(
        lang() == Lang::Zh,
        "-o -：写到标准输出时请用 --format 指明格式：md、csv、jsonl 或 docx",
        "-o -: give the format of standard output with --format md, csv, jsonl or docx",
    )
}

pub fn export_unknown_format(path: &str) -> String {
    match lang() {
        Lang::Zh => {
            format!("{path}：从文件名看不出格式；请用 --format 指明：md、csv、jsonl 或 docx")
        }
        Lang::En => format!(
            "{path}: cannot tell the format from the name; give --format md, csv, jsonl or docx"
        ),
    }
}

// ---- similar for a draft ----

/// The line over one draft paragraph's results.
pub fn draft_paragraph(n: usize, excerpt: &str, more: bool) -> String {
    let dots = if more { "…" } else { "" };
    match lang() {
        Lang::Zh => format!("== 草稿第 {n} 段：{excerpt}{dots}"),
        Lang::En => format!("== draft paragraph {n}: {excerpt}{dots}"),
    }
}

pub fn draft_no_words() -> String {
    match lang() {
        Lang::Zh => "（此段没有可比较的词：只有短词、常用词、数字或标点，或档案中没有的词）"
            .to_string(),
        Lang::En => "(no words to compare: only short or common words, numbers or punctuation, or words no archive paragraph holds)".to_string(),
    }
}

/// A draft that could not be read: the file and why.
pub fn draft_unreadable(file: &str, reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("无法读取草稿 {file}：{reason}"),
        Lang::En => format!("cannot read the draft {file}: {reason}"),
    }
}

/// A draft that is not on disk but names an indexed speech.
pub fn draft_is_indexed(file: &str, indexed: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "磁盘上没有草稿 {file}；索引中的讲话 {indexed} 须加 --paragraph 段号，比较其中一段"
        ),
        Lang::En => format!(
            "no draft {file} on disk; to compare a paragraph of the indexed speech {indexed}, add --paragraph N"
        ),
    }
}

pub fn draft_no_paragraphs(file: &str) -> String {
    match lang() {
        Lang::Zh => format!("草稿 {file} 中没有正文段落"),
        Lang::En => format!("the draft {file} has no paragraphs"),
    }
}

pub fn draft_format(format: &str) -> String {
    match lang() {
        Lang::Zh => format!("草稿的结果只能以 text 或 json 格式输出（不支持 --format {format}）"),
        Lang::En => {
            format!("a draft's results are printed as text or json (not --format {format})")
        }
    }
}

pub fn similar_what() -> String {
    match lang() {
        Lang::Zh => "请指明比较对象：--file 文件 --paragraph 段号，--file 草稿（不加 --paragraph），或 --text 文字".to_string(),
        Lang::En => "say what to match: --file FILE --paragraph N, --file DRAFT (without --paragraph), or --text TEXT".to_string(),
    }
}

// ---- renda similar, stats, search's Markdown --------------------------------

pub fn similar_paragraph_needs_file() -> String {
    pick_s(
        lang() == Lang::Zh,
        "--paragraph 需要 --file 文件，即该段所在的讲话",
        "--paragraph needs --file FILE, the speech it is in",
    )
}

pub fn similar_not_both() -> String {
    pick_s(
        lang() == Lang::Zh,
        "请只给 --file（和 --paragraph）或 --text 其中一种，不要同时给",
        "give either --file and --paragraph, or --text, not both",
    )
}

/// A line of `renda stats`: `段落：465 445（另有 9 个标题）`.
pub fn stats_paragraphs(paragraphs: u64, headings: u64) -> String {
    match lang() {
        Lang::Zh => format!("{paragraphs}（另有 {headings} 个标题）"),
        Lang::En => format!("{paragraphs} (and {headings} headings)"),
    }
}

pub fn stats_dictionary(user: Option<&str>, fingerprint: &str) -> String {
    match (lang(), user) {
        (Lang::Zh, Some(f)) => format!("renda 自带的人大词典 + {f}（{fingerprint}）"),
        (Lang::Zh, None) => format!("renda 自带的人大词典（{fingerprint}）"),
        (Lang::En, Some(f)) => format!("renda's 人大 dictionary + {f} ({fingerprint})"),
        (Lang::En, None) => format!("renda's 人大 dictionary ({fingerprint})"),
    }
}

pub fn stats_copies(n: usize) -> String {
    match lang() {
        Lang::Zh => format!("{n} 个文件是其他文件的副本，只收录一次"),
        Lang::En => format!(
            "{} of other files, kept once",
            if n == 1 {
                "1 file is a copy".to_string()
            } else {
                format!("{n} files are copies")
            }
        ),
    }
}

/// The heading of a table of `renda stats`: by level or by year.
pub fn stats_table(by_year: bool) -> String {
    match (lang(), by_year) {
        (Lang::Zh, false) => "按层级                讲话        段落".to_string(),
        (Lang::Zh, true) => "按年份                讲话        段落".to_string(),
        (Lang::En, false) => "by level          speeches  paragraphs".to_string(),
        (Lang::En, true) => "by year           speeches  paragraphs".to_string(),
    }
}

/// The head of `search --format md`: `# 检索：…`, then `共 N 段`.
pub fn md_search_title(query: &str) -> String {
    match lang() {
        Lang::Zh => format!("# 检索：{query}"),
        Lang::En => format!("# Search: {query}"),
    }
}

pub fn md_total(total: usize) -> String {
    match lang() {
        Lang::Zh => format!("共 {total} 段"),
        Lang::En => en_count(total, "paragraph", "paragraphs"),
    }
}

// ---- renda serve ----------------------------------------------------------

/// `renda serve` found no index and offers to build one on the page.
pub fn serve_first_start(index: &str) -> String {
    match lang() {
        Lang::Zh => {
            format!("{index} 还没有索引：请在网页上选择讲话所在的文件夹，建好索引后即可检索")
        }
        Lang::En => format!(
            "{index} holds no index yet: choose the folder of speeches on the page to build one"
        ),
    }
}

/// `renda serve` found no index on an address other machines reach.
pub fn serve_first_start_off(index: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "{index} 还没有索引；网页绑定在局域网地址上，不能从网页建立索引：请在本机运行 renda index 文件夹 --index {index}，或用 renda serve --allow-index 启动"
        ),
        Lang::En => format!(
            "{index} holds no index, and the page cannot build one on a network address: run renda index FOLDER --index {index} on this machine, or start with renda serve --allow-index"
        ),
    }
}

/// Stopping the server from a page open to the network.
pub fn serve_quit_off() -> &'static str {
    super::pick(
        "网页绑定在局域网地址上，不能从网页关闭 renda；请在运行它的电脑上按 Ctrl-C",
        "renda cannot be stopped from a page on a network address; press Ctrl-C where it runs",
    )
}

/// No folder was given to index.
pub fn serve_no_folder() -> &'static str {
    super::pick(
        "请填写或选择讲话所在的文件夹",
        "type or choose the folder of speeches",
    )
}

/// A folder given to index does not exist.
pub fn serve_folder_missing(path: &str) -> String {
    match lang() {
        Lang::Zh => format!("{path}：找不到这个文件夹"),
        Lang::En => format!("{path}: no such folder"),
    }
}

/// The page built the index but could not open it.
pub fn serve_index_unopened(reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("索引已建立，但无法打开：{reason}"),
        Lang::En => format!("the index was built but cannot be opened: {reason}"),
    }
}

/// The line `renda serve` starts with.
pub fn serve_open(url: &str) -> String {
    match lang() {
        Lang::Zh => format!("在浏览器中打开 {url}"),
        Lang::En => format!("Open {url} in a browser"),
    }
}

/// How to stop the server.
pub fn serve_stop() -> &'static str {
    super::pick("按 Ctrl-C 停止", "Press Ctrl-C to stop")
}

/// The port asked for is another program's; the page opens on `instead`.
pub fn serve_port_taken(port: u16, instead: u16) -> String {
    match lang() {
        Lang::Zh => format!("端口 {port} 已被其他程序占用，改用端口 {instead}"),
        Lang::En => format!("port {port} is taken by another program; using port {instead}"),
    }
}

/// The server could not listen on `addr` (`--bind`, `--port`).
pub fn serve_bind_failed(addr: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match lang() {
        Lang::Zh => {
            let reason = match e.kind() {
                K::AddrNotAvailable => "本机没有这个地址（--bind 只能用本机网卡的地址，默认 127.0.0.1）".to_string(),
                K::AddrInUse => "这个端口已被其他程序占用，请用 --port 换一个端口（0 表示任选空闲端口）".to_string(),
                K::PermissionDenied => "没有权限使用这个端口（1024 以下的端口通常需要管理员权限），请用 --port 换一个端口".to_string(),
                _ => format!("系统拒绝（{}）", super::files::io_error(Lang::Zh, e)),
            };
            format!("无法在 {addr} 上启动网页：{reason}")
        }
        Lang::En => format!("cannot serve the page on {addr}: {e}"),
    }
}

/// A `--allow-host` that names no host.
pub fn serve_bad_allow_host(given: &str) -> String {
    let given = renda_core::display::escaped(given);
    match lang() {
        Lang::Zh => format!(
            "--allow-host “{given}”不是主机名或地址：请写成 renda.office、192.168.1.5 这样（不带 http://）"
        ),
        Lang::En => format!(
            "--allow-host \"{given}\" is not a host name or address: write it like renda.office or 192.168.1.5 (no http://)"
        ),
    }
}

/// A request naming a host this server is not (`Host`): what a page of
/// another site does after re-pointing its name at this machine.
pub fn serve_foreign_host(host: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "拒绝：本网页只接受用本机地址打开，而请求的主机名是“{host}”；要用别的名字或地址打开，请在启动时加 --allow-host 名字"
        ),
        Lang::En => format!(
            "refused: this page answers only to its own addresses, not to \"{host}\"; to open it under another name, start it with --allow-host NAME"
        ),
    }
}

/// A request body that did not arrive within its time.
pub fn serve_body_timeout(seconds: u64) -> String {
    match lang() {
        Lang::Zh => format!("提交的内容在 {seconds} 秒内没有传完，已放弃"),
        Lang::En => format!("the request body did not arrive within {seconds} s and was given up"),
    }
}

/// A request whose body could not be read.
pub fn serve_body_unreadable() -> &'static str {
    super::pick(
        "提交的内容无法读取（连接中断或格式不对）",
        "the request body could not be read (the connection broke or it is malformed)",
    )
}

/// A URL whose path cannot be read (not UTF-8 once decoded).
pub fn serve_bad_path() -> &'static str {
    super::pick(
        "网址无效：其中有无法识别的字符",
        "invalid address: it holds characters that cannot be read",
    )
}

/// The warning of a server bound to an address other machines reach.
pub fn serve_network_warning(addr: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "注意：网页绑定在 {addr}，局域网内的其他电脑也能打开它、检索并阅读本索引中的全部讲话；只在本机使用请去掉 --bind（默认 127.0.0.1）"
        ),
        Lang::En => format!(
            "warning: the page is bound to {addr}: other machines on the network can open it and read every speech in this index; leave out --bind (127.0.0.1 by default) to keep it to this machine"
        ),
    }
}

/// The host names a server on a network address answers to.
pub fn serve_hosts(names: &[String]) -> String {
    match lang() {
        Lang::Zh => format!(
            "网页只接受这些主机名：{}；其他电脑用别的名字或地址打开时，请用 --allow-host 加上",
            names.join("、")
        ),
        Lang::En => format!(
            "the page answers only to these host names: {}; add the names or addresses other machines use with --allow-host",
            names.join(", ")
        ),
    }
}

/// `--open` could not start a browser.
pub fn serve_open_failed(reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("无法打开浏览器（{reason}），请手动打开上面的地址"),
        Lang::En => format!("could not open a browser ({reason}); open the address above by hand"),
    }
}

/// The server stopped.
pub fn serve_stopped() -> &'static str {
    super::pick("已停止", "stopped")
}

/// A request parameter longer than allowed.
pub fn serve_too_long(name: &str, max: usize) -> String {
    match lang() {
        Lang::Zh => format!("{name} 太长：最多 {max} 个字"),
        Lang::En => format!("{name} is too long: at most {max} characters"),
    }
}

/// A request parameter that is not a number in range.
pub fn serve_bad_number(name: &str, value: &str, max: usize) -> String {
    match lang() {
        Lang::Zh => format!("{name} 应为 0 到 {max} 之间的整数，而不是“{value}”"),
        Lang::En => format!("{name} must be a whole number from 0 to {max}, not \"{value}\""),
    }
}

/// A search without a query.
pub fn serve_empty_query() -> &'static str {
    super::pick("请输入要检索的内容", "type what to search for")
}

/// A speech id the index does not hold.
pub fn serve_no_speech(id: &str) -> String {
    match lang() {
        Lang::Zh => format!("索引中没有这篇讲话（编号 {id}）；索引更新后编号可能已变，请重新检索"),
        Lang::En => {
            format!("the index holds no speech {id}; after an update ids may change, search again")
        }
    }
}

/// A page that does not exist.
pub fn serve_not_found() -> &'static str {
    super::pick("没有这个网页", "no such page")
}

/// A query that took too long.
pub fn serve_timeout(seconds: u64) -> String {
    match lang() {
        Lang::Zh => {
            format!("检索超过 {seconds} 秒仍未完成，已放弃；请把检索词写得更具体些，或加上筛选条件")
        }
        Lang::En => format!(
            "the search took longer than {seconds} s and was given up; make it more specific or add filters"
        ),
    }
}

/// A state-changing request from another site.
pub fn serve_cross_origin() -> &'static str {
    super::pick(
        "拒绝：请求来自其他网站（只接受本页面发出的操作）",
        "refused: the request comes from another site (only this page may make it)",
    )
}

/// A request body over the limit of `max` bytes (`64 KB`, `1 MB`).
pub fn serve_body_too_large(max: usize) -> String {
    let (n, unit) = if max >= 1 << 20 && max.is_multiple_of(1 << 20) {
        (max >> 20, "MB")
    } else {
        (max.div_ceil(1024), "KB")
    };
    match lang() {
        Lang::Zh => format!("提交的内容太大：最多 {n} {unit}"),
        Lang::En => format!("the request is too large: at most {n} {unit}"),
    }
}

/// An upload (a multipart form) that cannot be read.
pub fn serve_bad_upload() -> String {
    pick_s(
        lang() == Lang::Zh,
        "上传的表单无法读取，请重新选择文件再提交",
        "the uploaded form cannot be read; choose the file again and send it",
    )
}

/// An error of the server itself.
pub fn serve_internal(detail: &str) -> String {
    match lang() {
        Lang::Zh => format!("服务器出错：{detail}"),
        Lang::En => format!("server error: {detail}"),
    }
}

/// An export format not known.
pub fn serve_bad_format(given: &str) -> String {
    match lang() {
        Lang::Zh => format!("不支持的导出格式“{given}”：可选 docx、csv、md、jsonl"),
        Lang::En => format!("unknown export format \"{given}\": docx, csv, md or jsonl"),
    }
}

/// A request parameter whose value is not one of the choices.
pub fn serve_bad_choice(name: &str, value: &str, choices: &str) -> String {
    match lang() {
        Lang::Zh => format!("{name} 只能是 {choices} 之一，而不是“{value}”"),
        Lang::En => format!("{name} must be one of {choices}, not \"{value}\""),
    }
}

/// The related words a search from the page also searched.
pub fn serve_also_searched(words: &str) -> String {
    match lang() {
        Lang::Zh => format!("也检索了：{words}"),
        Lang::En => format!("also searched: {words}"),
    }
}

/// What the filters of a search from the page left out as unknown.
pub fn serve_left_out(
    speeches: usize,
    paragraphs: usize,
    field: renda_core::search::Unknown,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "另有 {speeches} 篇讲话（{paragraphs} 段）{}未知，未计入",
            field.chinese()
        ),
        Lang::En => format!(
            "{} ({}) with unknown {field} left out",
            en_count(speeches, "speech", "speeches"),
            en_count(paragraphs, "paragraph", "paragraphs")
        ),
    }
}

/// `similar` from the page without a text or a paragraph.
pub fn serve_similar_empty() -> &'static str {
    super::pick(
        "请粘贴一段文字（text），或给出讲话编号和段落编号（id、paragraph）",
        "paste a text (text), or give a speech id and paragraph number (id, paragraph)",
    )
}

/// A re-index from the page is done.
pub fn serve_index_done(
    files: usize,
    paragraphs: usize,
    unchanged: usize,
    deleted: usize,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "索引已更新：读取 {files} 个新增或改动的文件（{paragraphs} 段），{unchanged} 个文件未变，移除 {deleted} 篇讲话（文件已删除或文件夹已移除）"
        ),
        Lang::En => format!(
            "index updated: {files} new or changed files read ({paragraphs} paragraphs), {unchanged} unchanged, {deleted} speeches taken out (files deleted or folders removed)"
        ),
    }
}

/// A re-index from the page stopped before the end.
pub fn serve_index_interrupted(held: usize) -> String {
    match lang() {
        Lang::Zh => format!("索引更新中断：已提交的 {held} 个文件保留，下次更新会接着做"),
        Lang::En => format!(
            "the update stopped: the {held} files committed are kept; the next update goes on"
        ),
    }
}

/// The index is being written by another run.
pub fn serve_index_busy(pid: Option<u32>) -> String {
    let pid = pid.map(|p| format!("（进程 {p}）")).unwrap_or_default();
    match lang() {
        Lang::Zh => format!("另一个 renda index 正在写入这个索引{pid}，请等它完成后再更新"),
        Lang::En => {
            format!("another renda index is writing this index{pid}; wait for it to finish")
        }
    }
}

/// A re-index asked while one runs.
pub fn serve_index_running() -> &'static str {
    super::pick(
        "索引正在更新，请等这次完成",
        "the index is being updated; wait for this run to finish",
    )
}

/// Re-indexing asked of a server open to the network.
pub fn serve_index_off() -> &'static str {
    super::pick(
        "网页绑定在局域网地址上，已关闭从网页更新索引；需要时用 renda serve --allow-index 启动，或在本机运行 renda index",
        "updating the index from the page is off on a network address; start with renda serve --allow-index, or run renda index on this machine",
    )
}

/// The page's year range is empty: from after to.
pub fn serve_years(since: u16, until: u16) -> String {
    match lang() {
        Lang::Zh => format!("起始年份 {since} 晚于截止年份 {until}：没有讲话能同时满足"),
        Lang::En => {
            format!("the first year {since} is after the last year {until}: no speech can match")
        }
    }
}

/// The page's year lies outside its range.
pub fn serve_year_outside(year: u16) -> String {
    match lang() {
        Lang::Zh => format!("年份 {year} 不在所选的起止年份之内"),
        Lang::En => format!("the year {year} is outside the years chosen"),
    }
}

// ---- renda mcp: the tools of an AI assistant -------------------------------

/// A tool the server does not have.
pub fn mcp_unknown_tool(name: &str, tools: &str) -> String {
    match lang() {
        Lang::Zh => format!("没有名为“{name}”的工具；可用的工具：{tools}"),
        Lang::En => format!("there is no tool \"{name}\"; the tools are {tools}"),
    }
}

/// An argument the tool does not take.
pub fn mcp_unknown_arg(name: &str, known: &str) -> String {
    match lang() {
        Lang::Zh => format!("不认识的参数“{name}”；这个工具的参数：{known}"),
        Lang::En => format!("unknown argument \"{name}\"; this tool takes {known}"),
    }
}

/// A required argument not given.
pub fn mcp_missing_arg(name: &str) -> String {
    match lang() {
        Lang::Zh => format!("缺少参数 {name}"),
        Lang::En => format!("the argument {name} is missing"),
    }
}

/// The kinds of value an argument may be, for [`mcp_bad_type`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    Text,
    Number,
    Flag,
    TextList,
}

/// An argument of the wrong type.
pub fn mcp_bad_type(name: &str, kind: ArgKind) -> String {
    match lang() {
        Lang::Zh => {
            let k = match kind {
                ArgKind::Text => "字符串",
                ArgKind::Number => "非负整数",
                ArgKind::Flag => "true 或 false",
                ArgKind::TextList => "字符串列表",
            };
            format!("参数 {name} 应为{k}")
        }
        Lang::En => {
            let k = match kind {
                ArgKind::Text => "a string",
                ArgKind::Number => "a whole number, 0 or more",
                ArgKind::Flag => "true or false",
                ArgKind::TextList => "a list of strings",
            };
            format!("the argument {name} must be {k}")
        }
    }
}

/// Arguments that are not a JSON object.
pub fn mcp_not_object() -> &'static str {
    super::pick(
        "参数应为一个 JSON 对象",
        "the arguments must be a JSON object",
    )
}

/// `read_speech` asked for a paragraph the speech does not have.
pub fn mcp_no_paragraph(paragraph: usize, last: usize) -> String {
    match lang() {
        Lang::Zh => format!("这篇讲话没有第 {paragraph} 段：共 {last} 段"),
        Lang::En => format!("the speech has no paragraph {paragraph}: it has {last}"),
    }
}

/// Where a passage comes from, in one line to quote: title · level ·
/// year · region · section › paragraph · file (without a title or a
/// paragraph when there is none).
pub fn mcp_citation(
    title: &str,
    level: Option<renda_core::speech::Level>,
    year: Option<u16>,
    region: Option<&str>,
    section: Option<&str>,
    paragraph: Option<usize>,
    file: &str,
) -> String {
    let zh = lang() == Lang::Zh;
    let mut parts: Vec<String> = Vec::new();
    if !title.is_empty() {
        parts.push(if zh {
            format!("《{title}》")
        } else {
            format!("“{title}”")
        });
    }
    parts.extend(level.map(|l| {
        if zh {
            l.as_chinese().to_string()
        } else {
            l.as_str().to_string()
        }
    }));
    parts.extend(year.map(|y| if zh { format!("{y}年") } else { y.to_string() }));
    parts.extend(
        region
            .map(str::trim)
            .filter(|r| !r.is_empty() && !title.contains(r))
            .map(str::to_string),
    );
    let place = match paragraph {
        None => None,
        Some(0) if zh => Some("标题".to_string()),
        Some(0) => Some("heading".to_string()),
        Some(n) => Some(check_paragraph_label(n)),
    };
    parts.extend(match (section, paragraph) {
        (Some(s), Some(n)) if n > 0 => place.map(|p| format!("{s} › {p}")),
        _ => place,
    });
    parts.push(file.to_string());
    parts.join(" · ")
}

/// A list cut to its first `shown` items of `total`; `next` is the offset
/// of the next page, when paging goes on.
pub fn mcp_cut(shown: usize, total: usize, next: Option<usize>) -> String {
    match (lang(), next) {
        (Lang::Zh, Some(next)) => {
            format!("只列出 {shown} 条，共 {total} 条；用 offset={next} 取下一页")
        }
        (Lang::Zh, None) => format!("只列出 {shown} 条，共 {total} 条"),
        (Lang::En, Some(next)) => {
            format!("{shown} of {total} listed; offset={next} gets the next page")
        }
        (Lang::En, None) => format!("{shown} of {total} listed"),
    }
}

/// A passage cut to `max` characters.
pub fn mcp_text_cut(max: usize) -> String {
    match lang() {
        Lang::Zh => format!("原文较长，只给出前 {max} 个字；全文用 read_speech 读取"),
        Lang::En => {
            format!("the passage is cut to its first {max} characters; read_speech reads it whole")
        }
    }
}

/// A speech read in part; `next` is the paragraph to go on from.
pub fn mcp_speech_cut(next: usize) -> String {
    match lang() {
        Lang::Zh => format!("讲话较长，只给出一部分；用 start={next} 接着读"),
        Lang::En => format!("the speech is long and was given in part; start={next} reads on"),
    }
}

/// The server's instructions to the assistant.
pub fn mcp_instructions() -> &'static str {
    super::pick(
        "renda：本机人大讲话稿档案的只读检索。先用 search 找段落，每段都带出处（标题、层级、年份、地区、段号、文件），引用时请照录出处；用 read_speech 按编号读全文或某段前后；compare 看各层级、地区、年份怎么说同一主题；kwic 看一个词的上下文；similar 找意思相近的段落；check_draft 检查稿件抄了哪些讲话、有没有忘改的地名届次；stats 看档案里有什么。结果过长会被截断，并说明怎样取下一页。",
        "renda: read-only search of this machine's archive of people's-congress speeches. search finds paragraphs, each with its source (title, level, year, region, paragraph number, file): quote the source with the passage; read_speech reads a speech by its id, whole or around a paragraph; compare shows how levels, regions or years phrase a theme; kwic shows a term in context; similar finds paragraphs that say the same; check_draft reports what a draft copies and the names it forgot to change; stats says what the archive holds. Long results are cut, with how to get the next page.",
    )
}

/// Why the server stopped.
pub fn mcp_failed(reason: &str) -> String {
    match lang() {
        Lang::Zh => format!("MCP 服务出错：{reason}"),
        Lang::En => format!("the MCP server failed: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::with_lang;

    #[test]
    fn a_message_in_both_languages() {
        assert_eq!(
            with_lang(Lang::Zh, || files_read(5, 5, 66)),
            "已读取 5 个文件：5 篇讲话，66 段"
        );
        assert_eq!(
            with_lang(Lang::En, || files_read(1, 1, 2)),
            "1 file read: 1 speech, 2 paragraphs"
        );
    }
}
