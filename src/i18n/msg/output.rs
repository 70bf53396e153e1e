//! Output: filters, export headers, table columns.

use super::*;

// ---- Output: filters, export headers, table columns ----------------------

/// What a page's checkbox that keeps unknown values of `field` does.
pub fn serve_keeps_unknown(field: renda_core::search::Unknown) -> &'static str {
    match field {
        renda_core::search::Unknown::Year => crate::i18n::pick(
            "按年份筛选时，也列出没有写明年份的讲话（层级、地区照常筛选）",
            "when filtering on years, also the speeches whose year is unknown (levels and regions filter as usual)",
        ),
        renda_core::search::Unknown::Level => crate::i18n::pick(
            "按层级筛选时，也列出层级不明的讲话（年份、地区照常筛选）",
            "when filtering on levels, also the speeches whose level is unknown (years and regions filter as usual)",
        ),
        renda_core::search::Unknown::Region => crate::i18n::pick(
            "按地区筛选时，也列出地区不明的讲话（层级、年份照常筛选）",
            "when filtering on regions, also the speeches whose region is unknown (levels and years filter as usual)",
        ),
    }
}

/// No filter at all.
pub fn no_filters() -> &'static str {
    crate::i18n::pick("无", "none")
}

/// The title of an export: `检索：密切联系群众`.
pub fn export_title(query: &str) -> String {
    crate::i18n::pick(format!("检索：{query}"), format!("Search: {query}"))
}

/// The labels of an export's header.
pub fn export_query_label() -> &'static str {
    crate::i18n::pick("检索词", "Query")
}

pub fn export_filters_label() -> &'static str {
    crate::i18n::pick("筛选", "Filters")
}

pub fn export_time_label() -> &'static str {
    crate::i18n::pick("导出时间", "Exported")
}

/// `label：value` / `label: value`.
pub fn labelled(label: &str, value: &str) -> String {
    crate::i18n::pick(format!("{label}：{value}"), format!("{label}: {value}"))
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
    crate::i18n::pick(zh, en)
}

/// The heading of the `n`th column that continues a paragraph too long for
/// one spreadsheet cell.
pub fn text_continued(n: usize) -> String {
    match lang() {
        Lang::Zh => format!("原文（续{n}）"),
        Lang::En => format!("text (continued {n})"),
    }
}
