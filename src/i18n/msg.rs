//! The catalogue: every message renda says to people, in Chinese and in
//! English, as a function of what it says. The current language is
//! [`super::lang`]; tests and servers may set it per thread with
//! [`super::with_lang`].
//!
//! English counts take their plural here ([`en_count`]); Chinese counts
//! take a measure word (`5 个文件`, `3 篇讲话`, `66 段`).

use super::{Lang, lang};

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

// ---- Output: filters, export headers, table columns ----------------------

/// `--since` after `--until`: no year is both.
pub fn since_after_until(since: u16, until: u16) -> String {
    match lang() {
        Lang::Zh => format!("--since {since} 晚于 --until {until}：没有讲话能同时满足"),
        Lang::En => format!("--since {since} is after --until {until}: nothing can match"),
    }
}

/// `--year` outside `--since`/`--until`.
pub fn year_outside_range(year: u16) -> String {
    match lang() {
        Lang::Zh => format!("--year {year} 不在 --since/--until 的范围内：没有讲话能同时满足"),
        Lang::En => format!("--year {year} is outside --since/--until: nothing can match"),
    }
}

/// `层级：县、区` / `level: county, district`; `levels` as the language
/// names them.
pub fn filter_levels(levels: &[&str]) -> String {
    match lang() {
        Lang::Zh => format!("层级：{}", levels.join("、")),
        Lang::En => format!("level: {}", levels.join(", ")),
    }
}

/// The years a filter keeps: one year, a range, from, up to.
pub fn filter_years(since: Option<u16>, until: Option<u16>) -> Option<String> {
    let zh = match (since, until) {
        (Some(a), Some(b)) if a == b => format!("{a} 年"),
        (Some(a), Some(b)) => format!("{a}–{b} 年"),
        (Some(a), None) => format!("{a} 年起"),
        (None, Some(b)) => format!("{b} 年止"),
        (None, None) => return None,
    };
    let en = match (since, until) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("{a} and later"),
        (None, Some(b)) => format!("up to {b}"),
        (None, None) => return None,
    };
    Some(match lang() {
        Lang::Zh => format!("年份：{zh}"),
        Lang::En => format!("years: {en}"),
    })
}

pub fn filter_region(text: &str) -> String {
    super::pick(format!("地区：{text}"), format!("region: {text}"))
}

pub fn filter_section(text: &str) -> String {
    super::pick(format!("部分：{text}"), format!("section: {text}"))
}

pub fn filter_file(glob: &str) -> String {
    super::pick(format!("文件：{glob}"), format!("file: {glob}"))
}

pub fn filter_include_unknown() -> &'static str {
    super::pick(
        "含年份等未知的讲话",
        "with speeches whose year, level or region is unknown",
    )
}

/// Between the parts of a filter description: `；` or `; `.
pub fn filter_sep() -> &'static str {
    super::pick("；", "; ")
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
    Title,
    Level,
    Year,
    Date,
    Region,
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
        Column::Title => ("标题", "title"),
        Column::Level => ("层级", "level"),
        Column::Year => ("年份", "year"),
        Column::Date => ("日期", "date"),
        Column::Region => ("地区", "region"),
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
