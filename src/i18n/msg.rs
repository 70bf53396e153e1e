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

// ---- renda check: a draft against the archive ----------------------------

/// A share as people read it: `62%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn check_empty_draft(file: &str) -> String {
    match lang() {
        Lang::Zh => format!("{file}：稿件没有可检查的正文"),
        Lang::En => format!("{file}: the draft has no text to check"),
    }
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

/// What the draft was checked as: its region, year and 届次.
pub fn check_settings(region: Option<&str>, year: u16, term: Option<&str>) -> String {
    match lang() {
        Lang::Zh => format!(
            "本地：{} · 年份：{year} · 届次：{}",
            region.unwrap_or("未指定（用 --region 指定）"),
            term.unwrap_or("稿件未写明")
        ),
        Lang::En => format!(
            "region: {} · year: {year} · term: {}",
            region.unwrap_or("not given (--region)"),
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

pub fn leftover_label(kind: crate::search::check::LeftoverKind) -> &'static str {
    use crate::search::check::LeftoverKind as K;
    match (lang(), kind) {
        (Lang::Zh, K::Place) => "遗留地名",
        (Lang::Zh, K::Term) => "遗留届次",
        (Lang::Zh, K::Year) => "遗留年份",
        (Lang::Zh, K::Speaker) => "遗留讲话人",
        (Lang::En, K::Place) => "leftover place",
        (Lang::En, K::Term) => "leftover term",
        (Lang::En, K::Year) => "leftover year",
        (Lang::En, K::Speaker) => "leftover speaker",
    }
}

/// `遗留地名：安化县（来自 …）`.
pub fn check_leftover(
    kind: crate::search::check::LeftoverKind,
    name: &str,
    source: &str,
) -> String {
    let label = leftover_label(kind);
    match lang() {
        Lang::Zh => format!("{label}：{name}（来自 {source}）"),
        Lang::En => format!("{label}: {name} (from {source})"),
    }
}

pub fn check_no_leftovers() -> String {
    match lang() {
        Lang::Zh => "未发现遗留的外地地名、届次、年份或讲话人".to_string(),
        Lang::En => "no leftover place, term, year or speaker found".to_string(),
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
