//! Structure: title, front matter, salutation, section headings, paragraphs.
//!
//! - **Title**: the first line, when it reads as one — `# …` in Markdown, a
//!   line such as 在…上的讲话 / …工作报告, or a short line with no sentence
//!   punctuation that the speech follows. Directly under it a subtitle
//!   (——在…上的讲话), a speaker line (张三同志, 市人大常委会主任 张三) and a
//!   date line ((2023年3月1日)) are front matter, and so are a page's lines
//!   above it (时间：…, 发布时间：…, 来源：…, a site's post stamp
//!   2022-04-17 17:34:07, a newspaper's page line 第02版:要闻, a photo
//!   caption wholly in brackets (会议现场), a slogan of parallel phrases
//!   不忘初心　牢记使命): these are never the title. A title broken over two
//!   lines (政府工作报 / 告) is one title, when the second is a short
//!   fragment that completes it.
//! - **Salutation**: a short line ending in a colon that addresses the
//!   audience (各位代表、同志们：).
//! - **Headings**: a short line (at most 60 characters, no full stop inside)
//!   that begins 一、 / 第一、 / 第一， / 第一章 / 第一部分 (depth 1),
//!   （一） / 第一节 (depth 2), 1. / 1、 (depth 3), or a Markdown `##` heading.
//!   A long line that begins 一要 / 二是 / 第一， is a paragraph.
//! - **Paragraphs**: every other line, numbered from 1, each knowing the
//!   innermost section it stands in.
//!
//! What a document's format says comes first ([`structure_marked`]): a line
//! its styles make a Heading 1–3 (or an outline level) is a heading of that
//! depth, whatever its words, unless it is the title or longer than a
//! title; a table row is a paragraph marked as one.

use std::sync::LazyLock;

use regex::Regex;

use super::{Line, Paragraph, Section};
use crate::corpus::{LineMark, ParaKind};

/// Headings are at most this many characters long.
const HEADING_MAX: usize = 60;
/// Titles are at most this many characters long.
const TITLE_MAX: usize = 80;

const NUM: &str = "[一二三四五六七八九十百零〇两]+";

static DEPTH1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{NUM}\s*[、．.]|第{NUM}\s*[、，,．.：:]|第{NUM}(?:章|编|部分))"
    ))
    .expect("depth-1 heading pattern")
});
static DEPTH2: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:[（(]{NUM}[）)]|第{NUM}节)")).expect("depth-2 heading pattern")
});
static DEPTH3: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,2}\s*[、．]|[0-9]{1,2}\.\s*[^0-9\s]|[（(][0-9]{1,2}[）)])")
        .expect("depth-3 heading pattern")
});
static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(\S.*)$").expect("markdown heading pattern"));
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:讲话|讲话稿|报告|发言|致辞|讲稿|演讲|党课|决议|决定|条例|办法|规定|规则|意见|通知|公告|",
        r"纪要|总结|要点|方案|细则)(?:[（(][^）)]*[）)])?$|^在.{2,60}上的"
    ))
    .expect("title pattern")
});
static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^。！？；]{0,40}(?:同志|代表|委员|朋友|来宾|女士|先生|大家|同学|老师)们?[：:]$")
        .expect("salutation pattern")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[（(]?\s*(?:[0-9]{4}|[一二三四五六七八九〇零○]{4})\s*年[^。！？；]{0,12}日?\s*[）)]?$",
    )
    .expect("date line pattern")
});

/// Whether a line is a page's note about the text rather than the text: a
/// date line, a publication line, 来源： / 作者： / 编辑： / 浏览次数.
fn is_page_line(line: &str) -> bool {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:来源|作者|编辑|责任编辑|浏览次数|点击数|阅读数|字号)\s*[：:]")
            .expect("page line pattern")
    });
    line.chars().count() <= TITLE_MAX
        && (PAGE.is_match(line)
            || super::date::date_line(line).is_some()
            || super::date::is_publication_line(line)
            || is_edition_line(line)
            || is_caption(line)
            || is_slogan(line))
}

/// A newspaper's page line: 第02版:要闻 PDF版, 第3版：综合新闻.
fn is_edition_line(line: &str) -> bool {
    static EDITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*第\s*[0-9０-９]{1,3}\s*版(?:\s|[：:]|$)").expect("edition pattern")
    });
    EDITION.is_match(line)
}

/// A short line wholly in brackets that is no heading: a photo's caption
/// ((会议现场), （图为会议现场）) or an editor's note.
fn is_caption(line: &str) -> bool {
    let t = line.trim();
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']));
    inner.is_some_and(|inner| {
        !inner.is_empty()
            && inner.chars().count() <= 30
            && !inner.contains(['（', '(', '）', ')'])
            && heading(t).is_none()
    })
}

/// A slogan: two or more parallel phrases of the same length, set apart by
/// spaces, with no punctuation (不忘初心　牢记使命).
fn is_slogan(line: &str) -> bool {
    let parts: Vec<&str> = line.split_whitespace().collect();
    let Some(first) = parts.first() else {
        return false;
    };
    let n = first.chars().count();
    parts.len() >= 2
        && (2..=12).contains(&n)
        && parts.iter().all(|p| {
            p.chars().count() == n && p.chars().all(|c| matches!(c, '\u{4e00}'..='\u{9fff}'))
        })
}

/// The longest fragment that may end a title broken over two lines.
const TITLE_TAIL_MAX: usize = 4;

/// Whether `next` is the end of a title broken after `first`: the two
/// read as a title together, `first` alone does not, and `next` is a
/// short fragment with no punctuation (政府工作报 / 告).
fn completes_title(first: &str, next: &str) -> bool {
    let n = next.chars().count();
    (1..=TITLE_TAIL_MAX).contains(&n)
        && next.chars().all(char::is_alphanumeric)
        && !is_title_pattern(first)
        && heading(first).is_none()
        && is_title_pattern(&format!("{first}{next}"))
}

static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[^，。！？；：:,;]{1,24}同志$|",
        r"^[^，。！？；：:,;]{0,30}(?:主任|副主任|书记|副书记|委员长|副委员长|主席|副主席|秘书长|",
        r"市长|县长|区长|镇长|乡长|党组书记)\s*[\p{Han}*＊X×某]{1,4}\s*(?:[（(][^）)]{4,16}[）)])?$"
    ))
    .expect("speaker line pattern")
});

/// Whether a line under a title names its speaker (张三同志, 市人大常委会主任
/// 张三).
pub fn is_speaker_line(line: &str) -> bool {
    line.chars().count() <= 40 && SPEAKER.is_match(line)
}

/// The depth of a heading line (1, 2 or 3), or `None` for any other line.
pub fn heading(line: &str) -> Option<u8> {
    if let Some(c) = MARKDOWN.captures(line) {
        return Some((c[1].len().saturating_sub(1)).clamp(1, 3) as u8);
    }
    if line.chars().count() > HEADING_MAX || has_inner_stop(line) {
        return None;
    }
    if DEPTH1.is_match(line) {
        Some(1)
    } else if DEPTH2.is_match(line) {
        Some(2)
    } else if DEPTH3.is_match(line) {
        Some(3)
    } else {
        None
    }
}

/// A full stop, question or exclamation mark anywhere but at the end.
fn has_inner_stop(line: &str) -> bool {
    let body = line.trim_end_matches(['。', '！', '？', '.', '!', '?']);
    body.contains(['。', '！', '？', '；'])
}

/// Whether a line is an opening address such as 各位代表、同志们：
pub fn is_salutation(line: &str) -> bool {
    SALUTATION.is_match(line)
}

/// Whether a line reads as the title of a speech or document
/// (在…上的讲话, …工作报告, …条例).
pub fn is_title_pattern(line: &str) -> bool {
    line.chars().count() <= TITLE_MAX && !has_inner_stop(line) && TITLE.is_match(line)
}

/// A line made only of a page's buttons and menu words (one at least).
static CHROME_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[\s|｜/·•>＞»\[\]【】]*(?:(?:注册|登录|登陆|退出|正文复制|复制|下载|收藏|分享|打印|关闭|",
        r"返回|首页|搜索|菜单|导航|上一页|下一页|顶|踩|举报|评论|点赞|全屏|字号|大|中|小)",
        r"[\s|｜/·•>＞»\[\]【】]*)+$"
    ))
    .expect("chrome words pattern")
});

/// A site's name standing alone (人民网, 中国人大网, 某某文库), or 目录.
static SITE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\p{Han}A-Za-z0-9]{1,10}(?:网|文库|在线|频道|论坛|网站|资讯)|目录|目 录)$")
        .expect("site name pattern")
});

/// Whether a line is only page chrome: buttons and menu words (注册 登录,
/// 正文复制) that no speech has as a line.
pub fn is_chrome_words(line: &str) -> bool {
    line.chars().count() <= 40
        && !(heading(line).is_some() || is_salutation(line))
        && CHROME_WORDS.is_match(line)
}

/// Whether a line is a site's name alone (人民网) or 目录: never a title.
pub fn is_site_name(line: &str) -> bool {
    SITE_NAME.is_match(line.trim())
}

/// Whether the first line of a text may be its title.
fn is_title(line: &str, next: Option<&str>) -> bool {
    if MARKDOWN.captures(line).is_some_and(|c| &c[1] == "#") {
        return true;
    }
    if heading(line).is_some()
        || is_salutation(line)
        || line.ends_with(['：', ':'])
        || is_site_name(line)
        || is_chrome_words(line)
    {
        return false;
    }
    if is_title_pattern(line) {
        return true;
    }
    // A short line with no sentence punctuation, followed by the speech.
    line.chars().count() <= TITLE_MAX
        && !line.contains(['，', '。', '！', '？', '；', ',', ';', '!', '?'])
        && next.is_some()
}

/// The text of a heading or title line without its Markdown marker.
fn strip_markdown(line: &str) -> &str {
    match MARKDOWN.captures(line) {
        Some(c) => c.get(2).map_or(line, |m| &line[m.start()..]),
        None => line,
    }
}

/// The structure found in a cleaned text.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub title_line: Option<String>,
    /// The lines the title was joined from, when it was broken over two.
    pub title_lines: Vec<String>,
    pub front: Vec<String>,
    pub salutation: Option<String>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
}

/// Find the structure of the cleaned lines of a speech.
pub fn structure(lines: &[Line]) -> Body {
    structure_marked(lines, &[])
}

/// Find the structure of the cleaned lines of a speech, with the marks of
/// its format (by 0-based line number of the decoded text).
pub fn structure_marked(lines: &[Line], marks: &[LineMark]) -> Body {
    let kind = |line: &Line| {
        let i = line.no.checked_sub(1)?;
        marks
            .binary_search_by_key(&i, |m| m.line)
            .ok()
            .map(|k| marks[k].kind)
    };
    let mut body = Body::default();
    let mut rest = lines.iter().map(|l| l.text.as_str()).peekable();
    // A page's lines above the title (时间：…, 发布时间：…, 来源：…) are front
    // matter, never the title.
    let mut skipped = 0;
    while let Some(&line) = rest.peek()
        && lines.len() > skipped + 1
        && is_page_line(line)
    {
        body.front.push(line.to_string());
        rest.next();
        skipped += 1;
    }

    let next = lines.get(skipped + 1).map(|l| l.text.as_str());
    if let Some(first) = rest.peek().copied()
        && let Some(tail) = next.filter(|n| completes_title(first, n))
    {
        body.title_line = Some(format!("{}{tail}", strip_markdown(first)));
        body.title_lines = vec![first.to_string(), tail.to_string()];
        rest.next();
        rest.next();
    } else if let Some(first) = rest.peek().copied()
        && is_title(first, next)
    {
        body.title_line = Some(strip_markdown(first).to_string());
        rest.next();
    }
    if let Some(title) = body.title_line.clone() {
        while let Some(&line) = rest.peek() {
            let subtitle = line.starts_with(['—', '－', '-']) && line.chars().count() <= TITLE_MAX;
            // A page that prints its title again below it (its heading,
            // then the article's): the same title, kept with the front.
            let repeated = strip_markdown(line) == title;
            if subtitle
                || repeated
                || DATE_LINE.is_match(line)
                || is_speaker_line(line)
                || super::date::is_publication_line(line)
            {
                body.front.push(line.to_string());
                rest.next();
            } else {
                break;
            }
        }
    }
    if let Some(&line) = rest.peek()
        && is_salutation(line)
    {
        body.salutation = Some(line.to_string());
        rest.next();
    }

    let marked: Vec<Option<ParaKind>> =
        lines[lines.len() - rest.len()..].iter().map(kind).collect();
    // Innermost open section at each depth.
    let mut open: [Option<usize>; 3] = [None; 3];
    for (line, mark) in rest.zip(marked) {
        let styled = match mark {
            Some(ParaKind::Heading(d)) if line.chars().count() <= TITLE_MAX => Some(d.clamp(1, 3)),
            _ => None,
        };
        if let Some(depth) = styled.or_else(|| {
            (mark != Some(ParaKind::TableRow))
                .then(|| heading(line))
                .flatten()
        }) {
            let d = usize::from(depth) - 1;
            let parent = open[..d].iter().rev().find_map(|s| *s);
            body.sections.push(Section {
                heading: strip_markdown(line).to_string(),
                depth,
                parent,
            });
            open[d] = Some(body.sections.len() - 1);
            for deeper in open.iter_mut().skip(d + 1) {
                *deeper = None;
            }
        } else {
            let section_index = open.iter().rev().find_map(|s| *s);
            body.paragraphs.push(Paragraph {
                n: body.paragraphs.len() + 1,
                section_index,
                section: section_index.map(|i| body.sections[i].heading.clone()),
                text: line.to_string(),
                table: mark == Some(ParaKind::TableRow),
            });
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn heading_markers() {
        assert_eq!(heading("一、切实提高政治站位"), Some(1));
        assert_eq!(
            heading("第二、主动适应工作需要，不断夯实依法履职基础"),
            Some(1)
        );
        assert_eq!(heading("第三，要紧紧围绕区委中心工作"), Some(1));
        assert_eq!(heading("第一章  总则"), Some(1));
        assert_eq!(heading("## 第一章  总则"), Some(1));
        assert_eq!(heading("（一）加强学习"), Some(2));
        assert_eq!(heading("1. 加强学习"), Some(3));
        assert_eq!(heading("1.5亿元用于民生"), None);
        assert_eq!(
            heading("一要深刻领悟坚持党的全面领导。理论是行动的先导。"),
            None
        );
        assert_eq!(
            heading("第一条 为了进一步加强和完善市人民代表大会专门委员会工作"),
            None
        );
        let long = format!(
            "第一，{}",
            "加强代表学习培训是坚持和完善人民代表大会制度的需要".repeat(3)
        );
        assert_eq!(heading(&long), None);
    }

    #[test]
    fn salutations() {
        assert!(is_salutation("各位代表、同志们："));
        assert!(is_salutation("同志们："));
        assert!(is_salutation("各位委员、同志们:"));
        assert!(!is_salutation("代表法规定："));
        assert!(!is_salutation("同志们，今天我们召开会议。"));
    }

    #[test]
    fn title_front_salutation_sections() {
        let b = structure(&lines(
            "坚定制度自信 推动人大工作高质量发展\n——在全县人大工作会议上的讲话\n（2023年3月1日）\n\
             同志们：\n开场。\n一、提高认识\n（一）学习\n段一。\n二、狠抓落实\n段二。",
        ));
        assert_eq!(
            b.title_line.as_deref(),
            Some("坚定制度自信 推动人大工作高质量发展")
        );
        assert_eq!(
            b.front,
            ["——在全县人大工作会议上的讲话", "（2023年3月1日）"]
        );
        assert_eq!(b.salutation.as_deref(), Some("同志们："));
        assert_eq!(b.sections.len(), 3);
        assert_eq!(b.sections[1].parent, Some(0));
        assert_eq!(b.sections[2].parent, None);
        let p: Vec<(usize, Option<&str>)> = b
            .paragraphs
            .iter()
            .map(|p| (p.n, p.section.as_deref()))
            .collect();
        assert_eq!(
            p,
            [
                (1, None),
                (2, Some("（一）学习")),
                (3, Some("二、狠抓落实"))
            ]
        );
    }

    #[test]
    fn page_lines_above_the_title_are_no_title() {
        let b = structure(&lines(
            "时间：2022年03月08日\n来源：县人大常委会办公室\n在全县人大工作会议上的讲话\n同志们：\n开场。",
        ));
        assert_eq!(b.title_line.as_deref(), Some("在全县人大工作会议上的讲话"));
        assert_eq!(
            b.front,
            ["时间：2022年03月08日", "来源：县人大常委会办公室"]
        );
        assert_eq!(b.salutation.as_deref(), Some("同志们："));
    }

    #[test]
    fn a_title_repeated_below_it_is_front_matter() {
        let b = structure(&lines(
            "# 在全市人大工作会议上的讲话\n在全市人大工作会议上的讲话\n同志们：\n要密切联系群众。",
        ));
        assert_eq!(b.title_line.as_deref(), Some("在全市人大工作会议上的讲话"));
        assert_eq!(b.front, ["在全市人大工作会议上的讲话"]);
        assert_eq!(b.salutation.as_deref(), Some("同志们："));
        assert_eq!(b.paragraphs.len(), 1);
        assert_eq!(b.paragraphs[0].text, "要密切联系群众。");
    }

    #[test]
    fn no_title_when_the_text_starts_with_its_salutation() {
        let b = structure(&lines(
            "各位代表、同志们：\n今年是我区九届人大任期的起始之年。",
        ));
        assert_eq!(b.title_line, None);
        assert_eq!(b.salutation.as_deref(), Some("各位代表、同志们："));
        assert_eq!(b.paragraphs.len(), 1);
    }

    #[test]
    fn markdown_title_and_headings() {
        let b = structure(&lines(
            "# 上海市某某条例\n## 第一章  总则\n第一条 为了……制定本条例。",
        ));
        assert_eq!(b.title_line.as_deref(), Some("上海市某某条例"));
        assert_eq!(b.sections[0].heading, "第一章  总则");
        assert_eq!(b.paragraphs[0].section.as_deref(), Some("第一章  总则"));
    }
}
