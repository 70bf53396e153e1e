//! renda mcp: the tools of an AI assistant.

use super::*;

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
    crate::i18n::pick(
        "参数应为一个 JSON 对象",
        "the arguments must be a JSON object",
    )
}

/// `read_speech` asked for a paragraph the speech does not have.
/// `similar` given a speech without the number of its paragraph.
pub fn mcp_similar_needs_paragraph() -> String {
    match lang() {
        Lang::Zh => "给出 id 时还要给出 paragraph（那篇讲话的段号）".to_string(),
        Lang::En => {
            "with an id, give its paragraph (the paragraph's number in that speech)".to_string()
        }
    }
}

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
    crate::i18n::pick(
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
