//! Speeches in words: values people type (a level, a year, a date) that
//! renda does not read, the warnings and errors of a corpus's
//! `metadata.csv` ([`renda_core::speech`]).

use super::{Lang, Say};

pub fn unknown_level(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "不认识的层级“{s}”（可用：市、县、区、省、乡镇、全国，或 city、county、district、province、township、national）"
        ),
        Lang::En => format!(
            "unknown level '{s}' (use city, county, district, province, township, national, or 市/县/区/省/乡镇/全国)"
        ),
    }
}

pub fn not_a_year(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!("不是年份：“{s}”"),
        Lang::En => format!("not a year: '{s}'"),
    }
}

pub fn not_a_date(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!("不是日期：“{s}”（请写作 YYYY-MM-DD、YYYY-MM 或 YYYY）"),
        Lang::En => format!("not a date: '{s}' (use YYYY-MM-DD, YYYY-MM or YYYY)"),
    }
}

impl Say for renda_core::speech::UnknownLevel {
    fn say(&self, lang: Lang) -> String {
        unknown_level(lang, &self.0)
    }
}

impl Say for renda_core::speech::NotADate {
    fn say(&self, lang: Lang) -> String {
        not_a_date(lang, &self.0)
    }
}

/// A metadata.csv that cannot be used: the speeches are read without it.
pub fn metadata_unused(lang: Lang, path: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：{reason}；讲话照常读取，不用它"),
        Lang::En => format!("{path}: {reason}; the speeches are read without it"),
    }
}

pub fn metadata_no_file_column(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("{path}：没有 file 列（列名：file,level,year,date,region,title）"),
        Lang::En => {
            format!("{path}: no 'file' column (columns: file,level,year,date,region,title)")
        }
    }
}

impl Say for renda_core::speech::MetadataWarning {
    fn say(&self, lang: Lang) -> String {
        use super::analysis::at_line;
        use renda_core::display;
        use renda_core::speech::MetadataWarning as W;
        match self {
            W::Unreadable { path, reason } => {
                metadata_unused(lang, &display::path(path), &reason.say(lang))
            }
            W::NotText { path, reason } => {
                metadata_unused(lang, &display::path(path), &reason.say(lang))
            }
            W::Level { path, line, error } => at_line(
                lang,
                &display::path(path),
                *line,
                &display::escaped(&error.say(lang)),
            ),
            W::Date { path, line, error } => {
                at_line(lang, &display::path(path), *line, &error.say(lang))
            }
            W::Year { path, line, value } => at_line(
                lang,
                &display::path(path),
                *line,
                &not_a_year(lang, &display::escaped(value)),
            ),
        }
    }
}

impl Say for renda_core::speech::MetadataError {
    fn say(&self, lang: Lang) -> String {
        use super::msg::path_reason_in;
        use renda_core::display;
        use renda_core::speech::MetadataError as E;
        match self {
            E::Csv { path, source } => {
                path_reason_in(lang, &display::path(path), &source.to_string())
            }
            E::NoFileColumn { path } => metadata_no_file_column(lang, &display::path(path)),
            E::Io { path, source } => path_reason_in(
                lang,
                &display::path(path),
                &super::files::io_error(lang, source),
            ),
        }
    }
}
