//! renda parse, stats, kwic, compare and label.

use super::*;

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
    crate::i18n::pick("未知", "unknown")
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
    crate::i18n::pick("[表格行]", "[table row]")
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

/// How many speeches use a phrasing: `3 篇`, `3 speeches`.
pub fn compare_uses(speeches: usize) -> String {
    match lang() {
        Lang::Zh => format!("{speeches} 篇"),
        Lang::En => en_count(speeches, "speech", "speeches"),
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
    crate::i18n::pick("个文件", "files")
}

/// The one-line prefix of an error or a warning on stderr.
pub fn error_line(message: &str) -> String {
    match lang() {
        Lang::Zh => format!("renda：{message}"),
        Lang::En => format!("renda: {message}"),
    }
}
