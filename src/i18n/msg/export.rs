//! renda export, similar (for a draft too), and search's Markdown.

use super::*;

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
    crate::i18n::pick("标准输出", "standard output")
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

/// `-o` names one format and `--format` asks for another.
pub fn export_format_and_name(path: &str, format: &str) -> String {
    match lang() {
        Lang::Zh => format!(
            "{path}：文件名是另一种格式，却要写成 {format}，这样的文件打不开；请把文件名的扩展名改为 .{format}，或去掉 --format"
        ),
        Lang::En => format!(
            "{path}: the name is of another format than {format}, and such a file opens in nothing; name it .{format}, or leave out --format"
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

/// The line of a Markdown export that names the related expressions
/// searched besides the query's own words.
pub fn md_also_searched(words: &str) -> String {
    match lang() {
        Lang::Zh => format!("也检索了：{words}"),
        Lang::En => format!("Also searched: {words}"),
    }
}

pub fn md_total(total: usize) -> String {
    match lang() {
        Lang::Zh => format!("共 {total} 段"),
        Lang::En => en_count(total, "paragraph", "paragraphs"),
    }
}

/// An export's header: the theme searched in its own words only.
pub fn export_literal() -> &'static str {
    crate::i18n::pick(
        "检索方式：只检索查询本身的词（--literal）",
        "Searched: the query's own words only (--literal)",
    )
}

/// An export's header: only paragraphs that say the theme in other words.
pub fn export_other_words() -> &'static str {
    crate::i18n::pick(
        "检索方式：只列用别的话说的段落（--other-words）",
        "Searched: only paragraphs in other words (--other-words)",
    )
}

/// An export's header: the label of the related expressions searched too.
pub fn export_also_label() -> &'static str {
    crate::i18n::pick("也检索了", "Also searched")
}

/// An export's header: the label of the related expressions dropped.
pub fn export_without_label() -> &'static str {
    crate::i18n::pick("不检索", "Not searched")
}
