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
