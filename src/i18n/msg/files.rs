//! Reading files: why one was skipped, what is damaged inside it; metadata.csv, dictionaries and values typed by people.

use super::*;

// ---- Reading files: why a file was skipped -------------------------------

// ---- What is damaged inside a file (the detail of a damaged file) -------
//
// The libraries' own words (a zip or XML error) are English: the English
// message quotes them, the Chinese one says what they mean.

pub(super) fn pick_s(zh: bool, z: &str, e: &str) -> String {
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

pub fn depth_range() -> String {
    match lang() {
        Lang::Zh => "至少为 1 的段数".to_string(),
        Lang::En => "a number of paragraphs, at least 1".to_string(),
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
