//! Searching in words: why a query or a search failed
//! ([`renda_core::search::QueryError`], [`renda_core::search::SearchError`]), the
//! filters for people, why paragraphs like a source could not be found,
//! what a check of a draft left out.

use super::ChineseName;
use super::{Lang, Say};

fn pick_s(zh: bool, z: &str, e: &str) -> String {
    if zh { z } else { e }.to_string()
}

fn pick<T>(lang: Lang, zh: T, en: T) -> T {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn query_empty(lang: Lang) -> String {
    pick_s(lang == Lang::Zh, "查询为空", "the query is empty")
}

/// A query that does not parse: what is wrong, where (the character it
/// was seen at, counted from 1; `None`: at the end), and how to write it.
pub fn query_syntax(lang: Lang, problem: renda_core::search::Syntax, at: Option<usize>) -> String {
    use renda_core::search::Syntax as S;
    let what = query_syntax_problem(lang, problem);
    // What the parser found wrong is at a character, or at the end; a
    // query with nothing to search or a lone operator is wrong as a whole.
    let whole = matches!(problem, S::LoneOperator | S::Nothing);
    let place = match (lang, at) {
        (Lang::Zh, Some(at)) => format!("（第 {at} 个字处）"),
        (Lang::Zh, None) if !whole => "（查询末尾）".to_string(),
        (Lang::En, Some(at)) => format!(" at character {at}"),
        (Lang::En, None) if !whole => " at the end of the query".to_string(),
        (_, None) => String::new(),
    };
    match lang {
        Lang::Zh => format!("看不懂这个查询{place}：{what}（短语请用“…”括起来，每个括号都要配对）"),
        Lang::En => format!(
            "cannot read the query: {what}{place} (quote a phrase with \"…\", close every parenthesis)"
        ),
    }
}

pub fn query_too_deep(lang: Lang, nesting: usize, operators: usize) -> String {
    match lang {
        Lang::Zh => format!("查询嵌套太深（括号最多 {nesting} 层，运算符最多 {operators} 个）"),
        Lang::En => format!(
            "the query nests too deeply (at most {nesting} levels of parentheses and {operators} operators)"
        ),
    }
}

pub fn query_unknown_field(lang: Lang, field: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("不认识的字段“{field}”（可用：title、section、region、level、year、file）")
        }
        Lang::En => {
            format!("unknown field '{field}' (fields: title, section, region, level, year, file)")
        }
    }
}

/// A query construct renda does not search: `IN [...]`, `field:*`, ….
pub fn query_unsupported(lang: Lang, what: renda_core::search::Unsupported) -> String {
    use renda_core::search::Unsupported as U;
    match (lang, what) {
        (Lang::Zh, U::Range) => {
            "查询中不支持 year:[A TO B] 以外的范围（< 和 > 在查询里表示范围；要查这些符号，请给整个词加引号）".into()
        }
        (Lang::Zh, U::Set) => "查询中不支持 IN [...]".into(),
        (Lang::Zh, U::Exists) => "查询中不支持 字段:*".into(),
        (Lang::Zh, U::Regex) => "查询中不支持正则表达式".into(),
        (Lang::En, U::Range) => {
            "a range other than year:[A TO B] is not supported in queries (< and > make a range; quote the words to search for them)".into()
        }
        (Lang::En, U::Set) => "IN [...] is not supported in queries".into(),
        (Lang::En, U::Exists) => "field:* is not supported in queries".into(),
        (Lang::En, U::Regex) => "a regular expression is not supported in queries".into(),
    }
}

/// `--since` after `--until`: no year is both.
pub fn since_after_until(lang: Lang, since: u16, until: u16) -> String {
    match lang {
        Lang::Zh => format!("--since {since} 晚于 --until {until}：没有讲话能同时满足"),
        Lang::En => format!("--since {since} is after --until {until}: nothing can match"),
    }
}

/// `--year` outside `--since`/`--until`.
pub fn year_outside_range(lang: Lang, year: u16) -> String {
    match lang {
        Lang::Zh => format!("--year {year} 不在 --since/--until 的范围内：没有讲话能同时满足"),
        Lang::En => format!("--year {year} is outside --since/--until: nothing can match"),
    }
}

pub fn glob_too_complex(lang: Lang, glob: &str) -> String {
    match lang {
        Lang::Zh => format!("文件通配符“{glob}”太复杂，无法匹配；请少用 * 和 ?，或写短一些"),
        Lang::En => format!(
            "the file glob '{glob}' is too complex to match; use fewer * and ?, or a shorter glob"
        ),
    }
}

pub fn glob_unusable(lang: Lang, glob: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("文件通配符“{glob}”无法使用：{reason}"),
        Lang::En => format!("the file glob '{glob}' cannot be used: {reason}"),
    }
}

/// `层级：县、区` / `level: county, district`; `levels` as the language
/// names them.
pub fn filter_levels(lang: Lang, levels: &[&str]) -> String {
    match lang {
        Lang::Zh => format!("层级：{}", levels.join("、")),
        Lang::En => format!("level: {}", levels.join(", ")),
    }
}

/// The years a filter keeps: one year, a range, from, up to.
pub fn filter_years(lang: Lang, since: Option<u16>, until: Option<u16>) -> Option<String> {
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
    Some(match lang {
        Lang::Zh => format!("年份：{zh}"),
        Lang::En => format!("years: {en}"),
    })
}

pub fn filter_region(lang: Lang, text: &str) -> String {
    pick(lang, format!("地区：{text}"), format!("region: {text}"))
}

pub fn filter_section(lang: Lang, text: &str) -> String {
    pick(lang, format!("部分：{text}"), format!("section: {text}"))
}

pub fn filter_file(lang: Lang, glob: &str) -> String {
    pick(lang, format!("文件：{glob}"), format!("file: {glob}"))
}

/// The unknown values kept (`fields`: year, level, region, in this order).
pub fn filter_include_unknown(lang: Lang, fields: &[renda_core::search::Unknown]) -> String {
    match lang {
        Lang::Zh => {
            let names: Vec<&str> = fields.iter().map(|f| f.chinese()).collect();
            format!("含{}未知的讲话", names.join("、"))
        }
        Lang::En => {
            let names: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
            let names = match names.as_slice() {
                [.., last] if names.len() > 1 => {
                    format!("{} or {last}", names[..names.len() - 1].join(", "))
                }
                _ => names.join(""),
            };
            format!("with speeches whose {names} is unknown")
        }
    }
}

/// Between the parts of a filter description: `；` or `; `.
pub fn filter_sep(lang: Lang) -> &'static str {
    pick(lang, "；", "; ")
}

/// What of a long draft was left out: only its first `checked` of
/// `total` paragraphs were compared with the archive.
pub fn draft_cut(
    lang: Lang,
    checked: usize,
    total: usize,
    cut: renda_core::search::similar::Cut,
) -> String {
    use renda_core::search::similar::{Cut, DRAFT_TIME, MAX_DRAFT_PARAGRAPHS};
    let secs = DRAFT_TIME.as_secs();
    match (lang, cut) {
        (Lang::Zh, Cut::Paragraphs) => format!(
            "稿件共 {total} 段，只检查了前 {checked} 段（每份稿件最多检查 {MAX_DRAFT_PARAGRAPHS} 段）"
        ),
        (Lang::Zh, Cut::Time) => {
            format!("稿件共 {total} 段，只检查了前 {checked} 段（每份稿件最多用时 {secs} 秒）")
        }
        (Lang::En, Cut::Paragraphs) => format!(
            "the draft has {total} paragraphs; only the first {checked} were checked (at most {MAX_DRAFT_PARAGRAPHS} per draft)"
        ),
        (Lang::En, Cut::Time) => format!(
            "the draft has {total} paragraphs; only the first {checked} were checked (at most {secs} s per draft)"
        ),
    }
}

pub fn similar_no_file(lang: Lang, given: &str, example: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "索引中没有讲话“{given}”（文件名按收录时的写法，相对于讲话稿文件夹，如“{example}”）"
        ),
        Lang::En => format!(
            "no speech '{given}' in the index (files are named as indexed, relative to the corpus folder, e.g. '{example}')"
        ),
    }
}

pub fn similar_ambiguous(lang: Lang, given: &str, candidates: &str) -> String {
    match lang {
        Lang::Zh => format!("“{given}”可能是其中任一个：{candidates}；请多写一些路径"),
        Lang::En => format!("'{given}' could be any of {candidates}: give more of the path"),
    }
}

pub fn similar_no_paragraph(lang: Lang, file: &str, paragraph: usize, last: usize) -> String {
    match lang {
        Lang::Zh => format!("{file} 没有第 {paragraph} 段：它的段落编号为 1 到 {last}"),
        Lang::En => {
            format!("{file} has no paragraph {paragraph}: its paragraphs are numbered 1 to {last}")
        }
    }
}

pub fn similar_empty_text(lang: Lang) -> String {
    pick_s(
        lang == Lang::Zh,
        "要比较的文字为空",
        "the text to compare is empty",
    )
}

pub fn similar_no_words(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("{what} 没有可比较的词：只有很短或很常见的词、数字、标点，或其他段落都没有的词")
        }
        Lang::En => format!(
            "{what} has no words to compare: only short or common words, numbers or punctuation, or words no other paragraph holds"
        ),
    }
}

pub fn searching_failed(lang: Lang, path: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("检索 {path} 时出错：{reason}"),
        Lang::En => format!("searching {path}: {reason}"),
    }
}

/// Work stopped at its time limit (a search or an export of the page).
pub fn work_over_time(lang: Lang) -> &'static str {
    pick(lang, "超过时限，已停止", "over its time limit; stopped")
}

/// What is wrong in a query that does not parse.
pub fn query_syntax_problem(lang: Lang, problem: renda_core::search::Syntax) -> String {
    use renda_core::search::Syntax as S;
    let zh = lang == Lang::Zh;
    match problem {
        S::UnclosedQuote('\'') => pick_s(
            zh,
            "单引号没有配对（缺少后一个 '）",
            "a single quote is not closed (a closing ' is missing)",
        ),
        S::UnclosedQuote(c) => match lang {
            Lang::Zh => "引号没有配对（缺少后一个引号）".to_string(),
            Lang::En => format!("a quote is not closed (a closing {c} is missing)"),
        },
        S::UnclosedParenthesis => pick_s(
            zh,
            "括号没有配对（缺少右括号“)”）",
            "a parenthesis is not closed (a ')' is missing)",
        ),
        S::UnclosedRange => pick_s(
            zh,
            "范围没有结束（缺少“]”）",
            "a range is not closed (a ']' is missing)",
        ),
        S::MissingTo => pick_s(
            zh,
            "范围缺少 TO（应写作 year:[2018 TO 2023]）",
            "a range lacks its TO (write year:[2018 TO 2023])",
        ),
        S::UnclosedSlash => pick_s(zh, "斜杠“/”没有配对", "a '/' is not closed"),
        S::MissingSpace => pick_s(zh, "这里应有空格", "a space is missing"),
        S::KeywordAsWord => pick_s(
            zh,
            "NOT 后面缺少要排除的词（要查 NOT 这个词本身，请加引号）",
            "NOT has no word after it (quote it to search for the word NOT)",
        ),
        S::FieldAsWord => pick_s(
            zh,
            "冒号前的文字不是字段名（要查含冒号的文字，请加引号）",
            "the text before a colon is not a field (quote text with a colon in it)",
        ),
        S::OperatorBeforeWord => pick_s(
            zh,
            "AND 或 OR 前面缺少词",
            "an AND or OR has no word before it",
        ),
        S::Unread => pick_s(
            zh,
            "后面的内容无法理解",
            "the rest of the query cannot be read",
        ),
        S::LoneOperator => pick_s(
            zh,
            "有孤立的运算符或不配对的引号",
            "a lone operator or an unbalanced quote",
        ),
        S::Nothing => pick_s(zh, "没有要检索的内容", "nothing to search for"),
        S::DistanceTooLarge => pick_s(
            zh,
            "“~”后的距离太大（应是不超过 4294967295 的字数）",
            "the distance after '~' is too large (at most 4294967295 characters)",
        ),
        S::Other => pick_s(zh, "有无法理解的写法", "something it does not understand"),
    }
}

impl Say for renda_core::search::QueryError {
    fn say(&self, lang: Lang) -> String {
        use renda_core::search::QueryError as Q;
        use renda_core::search::query::{MAX_NESTING, MAX_OPERATORS};
        match self {
            Q::Empty => query_empty(lang),
            Q::Syntax { problem, at } => query_syntax(lang, *problem, *at),
            Q::TooDeep => query_too_deep(lang, MAX_NESTING, MAX_OPERATORS),
            Q::UnknownField(field) => query_unknown_field(lang, field),
            Q::Value(text) => text.clone(),
            Q::NotAYear(value) => super::speech::not_a_year(lang, value),
            Q::Level(e) => e.say(lang),
            Q::GlobTooComplex(glob) => glob_too_complex(lang, glob),
            Q::GlobUnusable { glob, reason } => glob_unusable(lang, glob, reason),
            Q::Unsupported(what) => query_unsupported(lang, *what),
            Q::Years { since, until } => since_after_until(lang, *since, *until),
            Q::YearOutside { year } => year_outside_range(lang, *year),
        }
    }
}

impl Say for renda_core::search::cancel::Cancelled {
    fn say(&self, lang: Lang) -> String {
        work_over_time(lang).to_string()
    }
}

impl Say for renda_core::search::SearchError {
    fn say(&self, lang: Lang) -> String {
        use renda_core::search::SearchError as E;
        match self {
            E::Query(e) => e.say(lang),
            E::Index(e) => e.say(lang),
            E::Tantivy { path, source } => searching_failed(lang, path, &source.to_string()),
            E::Cancelled(c) => c.say(lang),
        }
    }
}

impl Say for renda_core::search::similar::SimilarError {
    fn say(&self, lang: Lang) -> String {
        use renda_core::search::similar::SimilarError as E;
        match self {
            E::NoFile { given, example } => similar_no_file(lang, given, example),
            E::Ambiguous { given, candidates } => {
                similar_ambiguous(lang, given, &candidates.join(", "))
            }
            E::NoParagraph {
                file,
                paragraph,
                last,
            } => similar_no_paragraph(lang, file, *paragraph, *last),
            E::EmptyText => similar_empty_text(lang),
            E::NoWords(what) => similar_no_words(lang, what),
            E::Search(e) => e.say(lang),
        }
    }
}

impl Say for renda_core::search::check::CheckError {
    fn say(&self, lang: Lang) -> String {
        use renda_core::search::check::CheckError as E;
        match self {
            E::Empty(file) => check_empty_draft(lang, file),
            E::Search(e) => e.say(lang),
        }
    }
}

/// The note saying what of a draft was left out, if anything was.
pub fn considered_note(lang: Lang, c: &renda_core::search::similar::Considered) -> Option<String> {
    c.cut.map(|cut| draft_cut(lang, c.checked, c.total, cut))
}

/// The filters for people, in `lang`: `层级：县、区；年份：2020 年起` or
/// `level: county, district; years: 2020 and later`; empty when there are
/// none.
pub fn describe(lang: Lang, filters: &renda_core::search::Filters) -> String {
    let f = filters;
    let shown = |s: &str| renda_core::display::escaped(s.trim()).into_owned();
    let mut parts: Vec<String> = Vec::new();
    if !f.levels.is_empty() {
        let names: Vec<&str> = f
            .levels
            .iter()
            .map(|l| pick(lang, l.as_chinese(), l.as_str()))
            .collect();
        parts.push(filter_levels(lang, &names));
    }
    if let Some(y) = f.year {
        parts.extend(filter_years(lang, Some(y), Some(y)));
    }
    if f.year.is_none() || f.since.is_some() || f.until.is_some() {
        parts.extend(filter_years(lang, f.since, f.until));
    }
    if let Some(r) = f.region.as_deref() {
        parts.push(filter_region(lang, &shown(r)));
    }
    if let Some(s) = f.section.as_deref() {
        parts.push(filter_section(lang, &shown(s)));
    }
    if let Some(g) = f.file.as_deref() {
        parts.push(filter_file(lang, &shown(g)));
    }
    let kept = f.include_unknown.fields();
    if !kept.is_empty() {
        parts.push(filter_include_unknown(lang, &kept));
    }
    parts.join(filter_sep(lang))
}

pub fn check_empty_draft(lang: Lang, file: &str) -> String {
    match lang {
        Lang::Zh => format!("{file}：稿件没有可检查的正文"),
        Lang::En => format!("{file}: the draft has no text to check"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::search::{Filters, KeepUnknown, QueryError};
    use renda_core::speech::Level;

    fn filters() -> Filters {
        Filters {
            levels: vec![Level::County, Level::District],
            since: Some(2020),
            ..Filters::default()
        }
    }

    #[test]
    fn described_in_chinese_and_english() {
        let f = filters();
        assert_eq!(describe(Lang::Zh, &f), "层级：县、区；年份：2020 年起");
        assert_eq!(
            describe(Lang::En, &f),
            "level: county, district; years: 2020 and later"
        );
        let g = Filters {
            since: Some(2018),
            until: Some(2020),
            region: Some("临洮".into()),
            section: Some("工作".into()),
            file: Some("*.docx".into()),
            include_unknown: KeepUnknown {
                year: true,
                ..Default::default()
            },
            ..Filters::default()
        };
        assert_eq!(
            describe(Lang::Zh, &g),
            "年份：2018–2020 年；地区：临洮；部分：工作；文件：*.docx；含年份未知的讲话"
        );
        let all = Filters {
            include_unknown: KeepUnknown::ALL,
            ..g.clone()
        };
        assert!(describe(Lang::Zh, &all).ends_with("；含年份、层级、地区未知的讲话"));
        assert!(
            describe(Lang::En, &all)
                .ends_with("with speeches whose year, level or region is unknown")
        );
        let h = Filters {
            year: Some(2020),
            ..Filters::default()
        };
        assert_eq!(describe(Lang::Zh, &h), "年份：2020 年");
        let u = Filters {
            until: Some(2020),
            ..Filters::default()
        };
        assert_eq!(describe(Lang::Zh, &u), "年份：2020 年止");
        assert_eq!(describe(Lang::En, &u), "years: up to 2020");
        assert_eq!(describe(Lang::En, &Filters::default()), "");
    }

    #[test]
    fn query_errors_in_both_languages() {
        let e = QueryError::Years {
            since: 2021,
            until: 2020,
        };
        assert!(e.say(Lang::Zh).contains("晚于"));
        assert!(e.say(Lang::En).contains("is after"));
        let e = QueryError::NotAYear("x".into());
        assert_eq!(e.say(Lang::Zh), "不是年份：“x”");
        assert_eq!(e.say(Lang::En), "not a year: 'x'");
    }
}
