//! Saved web pages (`.html`, `.htm`) and web archives (`.mhtml`, `.mht`):
//! the article text only, and what the page says of itself.
//!
//! - **Encoding**: a byte-order mark, else the `<meta charset>` or
//!   `http-equiv` content type (GBK, GB2312, UTF-8, …), else as plain text
//!   is decoded (UTF-8, or GB18030 when that fails). A web archive's page is
//!   its `text/html` MIME part, quoted-printable or base64, in the part's
//!   charset.
//! - **What is never article**: scripts, styles, forms, frames, `<nav>`,
//!   `<aside>`, and `<header>`/`<footer>` outside an `<article>`/`<main>`;
//!   elements whose id or class names site chrome (nav, menu, breadcrumb,
//!   footer, share, print, toolbar, sidebar, copyright, pager, …) unless
//!   they hold long prose.
//! - **The article**: the deepest element that holds half of the page's
//!   prose or more, in two lines at least (prose: lines of 20 characters
//!   or more with sentence punctuation), or its parent when all the parent
//!   adds is long paragraphs (a lead above the body); and
//!   before it the page's heading (`<h1>`–`<h3>`, or an element whose
//!   class or id says title) with a subtitle or date line under it.
//! - **Chrome lines** inside go: breadcrumbs (您当前的位置：首页 > …), share,
//!   print and font-size bars ([收藏] [字号：大 中 小] [打印] [关闭]),
//!   上一篇/下一篇, 责任编辑, copyright and ICP footers, view counters.
//! - **The publication line** (发布时间：…, 来源：…) leaves the text and fills
//!   [`PageMeta::published`] and [`PageMeta::source`]; the page's `<title>`
//!   (without a site name after `_`, `|` or ` - `) fills [`PageMeta::title`].
//! - **Bounds**: the page is parsed a few kilobytes at a time; a page whose
//!   elements nest more than [`MAX_DEPTH`] deep (no browser draws deeper)
//!   is skipped as soon as the parser gets there, so parsing stays linear
//!   and nothing walks an unbounded depth; a page that takes longer than
//!   the readers' time limit is skipped too. The walk over the parsed page
//!   keeps its own stack.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use html5ever::tendril::TendrilSink;
use regex::Regex;
use scraper::{Html, HtmlTreeSink, Node};

use super::guard::{Budget, too_many_paragraphs};
use super::{Damage, MAX_PARAGRAPHS, Para, SkipReason, TooLarge, decode_text, is_cjk};

/// The deepest nesting renda reads; html5ever's work for each tag grows
/// with the depth of the elements open.
const MAX_DEPTH: usize = super::MAX_HTML_DEPTH;

/// How much of a page the parser takes between two looks at its depth
/// and the clock, in bytes.
const PARSE_STEP: usize = 4096;

/// What a saved web page says of itself beside its article.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PageMeta {
    /// The page's `<title>`, without the site's name.
    pub title: Option<String>,
    /// The publication date as the page writes it (`2023-02-01 10:30`,
    /// `2023年02月01日`), not parsed.
    pub published: Option<String>,
    /// The source the page names (来源：…).
    pub source: Option<String>,
}

/// Whether the bytes look like a MIME message (a web archive).
pub(crate) fn looks_like_mime(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    head.contains("mime-version:") && head.contains("content-type:")
        || head.trim_start().starts_with("content-type: multipart/")
}

/// Whether the bytes look like HTML.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || head.contains("<html") && head.contains("<head")
}

/// The article of a saved web page and its metadata.
pub fn html_page(bytes: &[u8]) -> Result<(Vec<Para>, PageMeta), SkipReason> {
    let text = decode_html(bytes)?;
    article_within(&text, &mut Budget::new(".html"))
}

/// The article of a web archive (`.mhtml`): its first `text/html` part.
pub fn mhtml_page(bytes: &[u8]) -> Result<(Vec<Para>, PageMeta), SkipReason> {
    let damaged = |detail: Damage| SkipReason::Damaged {
        format: ".mhtml",
        detail,
    };
    let message = mail_parser::MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| damaged(Damage::NotWebArchive))?;
    let html = message
        .parts
        .iter()
        .find_map(|p| match &p.body {
            mail_parser::PartType::Html(h) => Some(h.to_string()),
            _ => None,
        })
        .ok_or_else(|| damaged(Damage::NoWebPage))?;
    article_within(&html, &mut Budget::new(".mhtml"))
}

/// Parse a page a step at a time, stopping as soon as its elements nest
/// more than [`MAX_DEPTH`] deep or its time runs out.
fn parse(text: &str, budget: &mut Budget) -> Result<Html, SkipReason> {
    let mut parser = html5ever::driver::parse_document(
        HtmlTreeSink::new(Html::new_document()),
        Default::default(),
    );
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(PARSE_STEP);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (step, after) = rest.split_at(cut);
        rest = after;
        parser.process(step.into());
        budget.in_time()?;
        // The newest node stands deepest in what the parser holds open.
        let html = parser.tokenizer.sink.sink.0.borrow();
        if html.tree.nodes().len() > super::MAX_HTML_NODES {
            return Err(SkipReason::TooLarge(TooLarge::Elements {
                limit: super::MAX_HTML_NODES,
            }));
        }
        if let Some(last) = html.tree.nodes().next_back()
            && last.ancestors().nth(MAX_DEPTH).is_some()
        {
            return Err(too_deep(budget));
        }
    }
    Ok(parser.finish())
}

fn too_deep(budget: &Budget) -> SkipReason {
    SkipReason::Damaged {
        format: budget.format(),
        detail: Damage::NestedTooDeep(MAX_DEPTH),
    }
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#)
        .expect("charset pattern")
});

/// Decode a page: BOM, then its declared charset, then as text.
fn decode_html(bytes: &[u8]) -> Result<String, SkipReason> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
    if let Some(c) = META_CHARSET.captures(&head)
        && let Some(enc) = encoding_rs::Encoding::for_label(c[1].as_bytes())
    {
        // GBK and GB2312 pages decode as GB18030, their superset.
        let enc = if enc == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            enc
        };
        // A page saved as UTF-8 that still declares its old charset.
        if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii() {
            return Ok(String::from_utf8_lossy(bytes).into_owned());
        }
        return Ok(enc.decode_without_bom_handling(bytes).0.into_owned());
    }
    decode_text(bytes).map(|(text, _, _)| text)
}

/// Elements whose content is never text of the page.
fn skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "svg"
            | "canvas"
            | "head"
            | "nav"
            | "aside"
            | "form"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "object"
            | "embed"
            | "map"
            | "audio"
            | "video"
    )
}

fn block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "table"
            | "tbody"
            | "thead"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "blockquote"
            | "center"
            | "pre"
            | "address"
            | "figure"
            | "figcaption"
            | "hr"
            | "body"
            | "html"
    )
}

static CHROME_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|footer|foot|",
        r"share|bdshare|print|toolbar|tools|sidebar|side|copyright|related|comments?|pager|",
        r"pagination|prevnext|prev|next|login|search|topbar|ads?|advert|gotop|qrcode|wechat|weixin|",
        r"font|fontsize|zihao)(?:$|[\s_-])"
    ))
    .expect("chrome name pattern")
});

static TITLE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)title|biaoti|bt\b|headline").expect("title name pattern"));

/// One line of the page's text and where it stands.
struct Line<'a> {
    text: String,
    /// The element it was drawn from.
    node: NodeRef<'a, Node>,
    /// It comes from a heading (`<h1>`–`<h3>` or a title element).
    heading: bool,
}

/// Walks the body, collecting lines.
struct Walker<'a> {
    lines: Vec<Line<'a>>,
    line: String,
    block: Option<NodeRef<'a, Node>>,
    heading: usize,
    pre: usize,
}

impl<'a> Walker<'a> {
    fn flush(&mut self) {
        let text = collapse(&std::mem::take(&mut self.line), self.pre > 0);
        if let Some(node) = self.block
            && !text.is_empty()
        {
            self.lines.push(Line {
                text,
                node,
                heading: self.heading > 0,
            });
        }
    }

    /// Walk `root` and what it holds, in document order, with a stack of
    /// its own (a page may nest as deep as [`MAX_DEPTH`]).
    fn walk(
        &mut self,
        root: NodeRef<'a, Node>,
        article: bool,
        budget: &mut Budget,
    ) -> Result<(), SkipReason> {
        let mut stack = vec![Step::Enter(root, article)];
        while let Some(step) = stack.pop() {
            budget.tick()?;
            if self.lines.len() > MAX_PARAGRAPHS {
                return Err(too_many_paragraphs());
            }
            match step {
                Step::Enter(node, article) => self.enter(node, article, &mut stack),
                Step::Leave(left) => {
                    if left.block {
                        self.flush();
                    }
                    self.heading -= usize::from(left.heading);
                    self.pre -= usize::from(left.pre);
                    self.block = left.saved;
                }
            }
        }
        Ok(())
    }

    /// Begin a node: take its text, or push what walking into it needs.
    fn enter(&mut self, node: NodeRef<'a, Node>, article: bool, stack: &mut Vec<Step<'a>>) {
        match node.value() {
            Node::Text(t) => self.line.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if skipped_tag(name) {
                    return;
                }
                if matches!(name, "header" | "footer") && !article {
                    return;
                }
                let names = format!("{} {}", e.id().unwrap_or(""), e.attr("class").unwrap_or(""));
                if CHROME_NAME.is_match(&names) && !holds_prose(node) {
                    return;
                }
                let article = article || matches!(name, "article" | "main");
                if name == "br" {
                    self.flush();
                    return;
                }
                let block = block_tag(name);
                let heading = matches!(name, "h1" | "h2" | "h3")
                    || (block && TITLE_NAME.is_match(&names) && !holds_prose(node));
                if matches!(name, "td" | "th") && !self.line.trim().is_empty() {
                    self.line.push('\t');
                }
                if block {
                    self.flush();
                }
                let left = Left {
                    block,
                    heading,
                    pre: name == "pre",
                    saved: self.block,
                };
                if block {
                    self.block = Some(node);
                }
                self.heading += usize::from(heading);
                self.pre += usize::from(name == "pre");
                stack.push(Step::Leave(left));
                // Children pushed last first, so the first is walked first.
                stack.extend(node.children().rev().map(|c| Step::Enter(c, article)));
            }
            _ => {}
        }
    }
}

/// A step of the walk: a node to begin, or an element to end.
enum Step<'a> {
    Enter(NodeRef<'a, Node>, bool),
    Leave(Left<'a>),
}

/// What ending an element restores.
struct Left<'a> {
    block: bool,
    heading: bool,
    pre: bool,
    saved: Option<NodeRef<'a, Node>>,
}

/// Whether an element holds long prose (so is no bar of links, whatever
/// its class says).
fn holds_prose(node: NodeRef<'_, Node>) -> bool {
    let mut text = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            text.push_str(t);
            if text.len() > 3000 {
                break;
            }
        }
    }
    text.split(['\n', '\r'])
        .any(|l| is_prose(l.trim()) && l.trim().chars().count() >= 60)
}

/// HTML white space: runs of spaces, tabs and line ends become one space,
/// or nothing where a line end stands between two Chinese characters.
/// No-break and ideographic spaces are text, and stay.
fn collapse(text: &str, pre: bool) -> String {
    if pre {
        return text.trim_matches(['\n', '\r']).to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, ' ' | '\n' | '\r' | '\x0C') {
            let mut newline = c == '\n' || c == '\r';
            while let Some(&n) = chars.peek() {
                if !matches!(n, ' ' | '\n' | '\r' | '\x0C') {
                    break;
                }
                newline |= n == '\n' || n == '\r';
                chars.next();
            }
            let before = out.chars().next_back();
            let after = chars.peek().copied();
            let between_cjk = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
            if before.is_some() && after.is_some() && !(newline && between_cjk) {
                out.push(' ');
            }
        } else if c == '\t' {
            // A cell separator (or a tab in the source): keep one.
            if !out.ends_with('\t') && !out.is_empty() {
                out.push('\t');
            }
        } else {
            out.push(c);
        }
    }
    out.trim_matches([' ', '\t']).to_string()
}

/// A line of prose: long enough, with sentence punctuation.
fn is_prose(line: &str) -> bool {
    let n = line.chars().count();
    n >= 60 || (n >= 20 && line.contains(['。', '！', '？', '；', '，', '.', '!', '?']))
}

static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:您?当前的?位置|您的位置|您现在的位置|所在位置|当前栏目|位置)\s*[：:]|首页\s*[>＞»›→/]|[>＞»›]\s*正文\s*$")
        .expect("breadcrumb pattern")
});
static BAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\s*(?:[\[【〖(（]\s*[^\]】〗)）]{1,12}\s*[\]】〗)）]|字号\s*[：:]?|字体\s*[：:]?|[大中小]|",
        r"默认|打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏(?:本页)?|分享到?\s*[：:]?|返回顶部|返回|纠错|",
        r"扫一扫|在手机上?打开|[|｜/·•]|\s)\s*)+$"
    ))
    .expect("bar pattern")
});
static PREV_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|相关(?:文章|新闻|阅读|链接))")
        .expect("prev/next pattern")
});
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"版权所有|(?i:copyright)|©|ICP[备证]|公网安备|网站标识码|主办单位|承办单位|技术支持|联系我们|",
        r"网站地图|建议使用.{0,20}浏览器|分辨率|^(?:责任编辑|编辑|审核|校对|责编|监制)\s*[：:]|",
        r"浏览次数|点击数|阅读次数|访问量|阅读量|浏览量"
    ))
    .expect("footer pattern")
});
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:发布时间|发布日期|发表时间|发表日期|更新时间|时间|日期)\s*[：:]\s*",
        r"([0-9]{4}\s*[-年/.]\s*[0-9]{1,2}\s*[-月/.]\s*[0-9]{1,2}\s*日?(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?)"
    ))
    .expect("published pattern")
});
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:来源|稿源|出处)\s*[：:]\s*([^\s|｜【\[]+(?:\s[^\s：:|｜【\[]+)?)")
        .expect("source pattern")
});
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
        .expect("date pattern")
});

/// Whether a line of a page is site chrome.
pub(crate) fn is_chrome(line: &str) -> bool {
    let short = line.chars().count() <= 100;
    short
        && (BREADCRUMB.is_match(line)
            || BAR.is_match(line)
            || PREV_NEXT.is_match(line)
            || FOOTER.is_match(line))
}

/// The publication date and source of a publication line, when it is one.
fn publication(line: &str) -> Option<(Option<String>, Option<String>)> {
    if line.chars().count() > 120 || is_prose_sentence(line) {
        return None;
    }
    let published = PUBLISHED
        .captures(line)
        .map(|c| c[1].trim().to_string())
        .or_else(|| {
            DATE_ONLY
                .is_match(line.trim())
                .then(|| line.trim().to_string())
        });
    let source = SOURCE.captures(line).map(|c| c[1].trim().to_string());
    (published.is_some() || source.is_some()).then_some((published, source))
}

/// A sentence of the speech (it ends with a full stop), never a
/// publication line.
fn is_prose_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['。', '！', '？'])
}

static TITLE_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:_|\||｜|\s-\s|\s—\s|——|--|－)\s*").expect("title separator")
});

/// A page title without the site's name: the first part before `_`, `|`,
/// ` - ` that is long enough to be a title.
fn page_title(raw: &str) -> Option<String> {
    let raw = collapse(raw, false);
    if raw.is_empty() {
        return None;
    }
    let first = TITLE_SEPARATOR
        .split(&raw)
        .map(str::trim)
        .find(|p| p.chars().count() >= 4)
        .unwrap_or(&raw);
    Some(first.to_string())
}

/// The article of a decoded page, within `budget`.
fn article_within(text: &str, budget: &mut Budget) -> Result<(Vec<Para>, PageMeta), SkipReason> {
    let doc = parse(text, budget)?;
    article_of(&doc, budget)
}

/// The article of a page, parsed without bounds (for tests of small pages).
#[cfg(test)]
fn article(text: &str) -> (Vec<Para>, PageMeta) {
    article_within(text, &mut Budget::new(".html")).expect("a small page")
}

/// The article of a parsed page.
fn article_of(doc: &Html, budget: &mut Budget) -> Result<(Vec<Para>, PageMeta), SkipReason> {
    let mut meta = PageMeta::default();
    let title_text: String = doc
        .tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "title"))
        .map(|n| {
            n.descendants()
                .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                .collect()
        })
        .unwrap_or_default();
    meta.title = page_title(&title_text);

    let mut w = Walker {
        lines: Vec::new(),
        line: String::new(),
        block: None,
        heading: 0,
        pre: 0,
    };
    let root = doc.tree.root();
    let body = root
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(root);
    w.block = Some(body);
    w.walk(body, false, budget)?;
    w.flush();
    let lines = w.lines;
    // The lines an element holds are a run of lines: the first and the
    // last of each element that holds one (found in one pass over each
    // line's ancestors, at most MAX_DEPTH each).
    let mut range: HashMap<ego_tree::NodeId, (usize, usize)> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        budget.tick()?;
        for a in std::iter::once(l.node).chain(l.node.ancestors()) {
            range.entry(a.id()).or_insert((i, i)).1 = i;
        }
    }
    let is_within = |i: usize, container: NodeRef<'_, Node>| {
        range
            .get(&container.id())
            .is_some_and(|&(first, last)| first <= i && i <= last)
    };

    // Publication lines and chrome leave wherever they stand.
    let mut keep: Vec<bool> = vec![true; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if let Some((published, source)) = publication(&l.text) {
            meta.published = meta.published.take().or(published);
            meta.source = meta.source.take().or(source);
            keep[i] = false;
        } else if is_chrome(&l.text) {
            keep[i] = false;
        }
    }

    // The article: the deepest element that holds half the prose or more,
    // in two lines at least (one long paragraph is not the article).
    let prose: Vec<usize> = (0..lines.len())
        .filter(|&i| keep[i] && is_prose(&lines[i].text))
        .collect();
    let total: usize = prose.iter().map(|&i| lines[i].text.chars().count()).sum();
    let mut held: HashMap<ego_tree::NodeId, (usize, usize, NodeRef<'_, Node>)> = HashMap::new();
    for &i in &prose {
        budget.tick()?;
        let n = lines[i].text.chars().count();
        for a in std::iter::once(lines[i].node).chain(lines[i].node.ancestors()) {
            let e = held.entry(a.id()).or_insert((0, 0, a));
            e.0 += n;
            e.1 += 1;
        }
    }
    let container = held
        .values()
        .filter(|(n, count, _)| total > 0 && n * 2 >= total && (*count >= 2 || prose.len() == 1))
        .max_by_key(|(_, _, node)| node.ancestors().count())
        .map(|(_, _, node)| *node);
    // An article split over sibling blocks (a lead, then the body): go up
    // while what the parent adds is long paragraphs, not lists of headlines.
    let container = container.map(|mut c| {
        while let Some(parent) = c.parent() {
            let added: Vec<usize> = prose
                .iter()
                .copied()
                .filter(|&i| is_within(i, parent) && !is_within(i, c))
                .collect();
            if added.is_empty() || added.iter().any(|&i| lines[i].text.chars().count() < 60) {
                break;
            }
            c = parent;
        }
        c
    });
    let mut out = Vec::new();
    let Some(container) = container else {
        // No prose to go by: every line that is not chrome.
        out.extend(
            lines
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(l, _)| Para::body(l.text.clone())),
        );
        return Ok((out, meta));
    };
    let inside: Vec<bool> = (0..lines.len()).map(|i| is_within(i, container)).collect();
    let first_inside = inside.iter().position(|b| *b).unwrap_or(0);
    // The heading before the article (when the article holds none), and
    // the subtitle and date lines between them.
    let has_heading = lines
        .iter()
        .zip(&inside)
        .any(|(l, i)| *i && l.heading && !is_prose(&l.text));
    if !has_heading
        && let Some(h) = (0..first_inside)
            .rev()
            .find(|&i| keep[i] && lines[i].heading && !is_prose(&lines[i].text))
    {
        out.push(Para::body(lines[h].text.clone()));
        for i in h + 1..first_inside {
            if keep[i] && is_front_matter(&lines[i].text) {
                out.push(Para::body(lines[i].text.clone()));
            }
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if inside[i] && keep[i] {
            out.push(Para::body(l.text.clone()));
        }
    }
    Ok((out, meta))
}

static FRONT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[—－-]{1,2}|[（(]?\s*[0-9]{4}\s*年)|^在.{2,60}上的|(?:讲话|发言|致辞|报告)$")
        .expect("front matter pattern")
});

/// A subtitle (——在…上的讲话) or date line under a page's heading.
fn is_front_matter(line: &str) -> bool {
    line.chars().count() <= 80 && FRONT.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        for s in [
            "您当前的位置：首页 > 人大要闻 > 正文",
            "当前位置: 首页>>工作动态",
            "[收藏] [字号：大 中 小] [打印] [关闭]",
            "【打印本页】【关闭窗口】",
            "字号：大 中 小",
            "上一篇：关于召开常委会会议的通知",
            "Copyright © 2023 某市人大常委会 版权所有",
            "责任编辑：张三",
        ] {
            assert!(is_chrome(s), "{s}");
        }
        for s in [
            "各位代表：",
            "（一）加强代表工作",
            "人大代表要密切联系群众，倾听群众呼声。",
            "大力加强代表履职能力建设",
        ] {
            assert!(!is_chrome(s), "{s}");
        }
    }

    #[test]
    fn publication_lines() {
        assert_eq!(
            publication("发布时间：2023-02-01 10:30  来源：某市人大常委会办公室  [字号：大 中 小]"),
            Some((
                Some("2023-02-01 10:30".into()),
                Some("某市人大常委会办公室".into())
            ))
        );
        assert_eq!(
            publication("时间：2023年02月01日 来源：人民网"),
            Some((Some("2023年02月01日".into()), Some("人民网".into())))
        );
        assert_eq!(publication("会议时间：由主任会议决定。"), None);
    }

    #[test]
    fn titles_lose_the_site_name() {
        assert_eq!(
            page_title("在全市人大工作会议上的讲话_某市人大网").as_deref(),
            Some("在全市人大工作会议上的讲话")
        );
        assert_eq!(
            page_title("  人大代表履职培训 - 人民网 ").as_deref(),
            Some("人大代表履职培训")
        );
    }

    #[test]
    fn white_space_like_a_browser() {
        assert_eq!(
            collapse("  人大\n  代表 履职\n ok  go ", false),
            "人大代表 履职 ok go"
        );
    }

    #[test]
    fn a_sidebar_of_headlines_is_not_the_article() {
        let page = r#"<html><body>
            <div class="list"><p>全国人大常委会举行第十次会议，审议多部法律草案。</p>
            <p>某省人大常委会开展执法检查，推动法律全面实施。</p></div>
            <div class="main"><h2>在全市人大工作会议上的讲话</h2>
            <p>同志们：</p>
            <p>人大代表要密切联系群众，倾听群众呼声，反映群众意愿，这是做好人大工作的根本。</p>
            <p>要加强学习，提高履职能力，更好地为人民服务，把人民赋予的权力用来为人民谋利益。</p>
            <p>要改进作风，深入基层调查研究，多听取群众意见建议，及时回应群众关切。</p>
            <p>要严守纪律，自觉接受人民监督，以实际行动赢得群众信任和支持，不辜负人民重托。</p></div>
            </body></html>"#;
        let (paras, _) = article(page);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts[0], "在全市人大工作会议上的讲话");
        assert_eq!(texts.len(), 6, "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("执法检查")), "{texts:?}");
    }

    #[test]
    fn a_lead_above_the_body_is_article() {
        let long = "人大代表要密切联系群众，倾听群众呼声，反映群众意愿，这是做好人大工作的根本，也是人大代表的职责所在，必须坚持不懈地抓好。";
        let page = format!(
            "<html><body><div><div class=lead><p>{long}</p></div><div id=zoom><p>{long}一</p><p>{long}二</p></div></div>\
             <div><p>某省人大常委会开展执法检查，推动法律全面实施。</p></div></body></html>"
        );
        let (paras, _) = article(&page);
        assert_eq!(paras.len(), 3, "{paras:?}");
    }

    #[test]
    fn article_and_meta() {
        let page = r#"<html><head><meta charset="utf-8"><title>在某会上的讲话_某人大网</title>
            <script>var x = "不要";</script></head><body>
            <div class="nav"><a>首页</a> <a>人大要闻</a></div>
            <div class="position">您当前的位置：首页 &gt; 人大要闻</div>
            <h1>在某会上的讲话</h1>
            <div class="info">发布时间：2023-02-01 来源：某市人大</div>
            <div id="zoom"><p>同志们：</p>
            <p>人大代表要密切联系群众，倾听群众呼声，反映群众意愿。</p>
            <p>要加强学习，提高履职能力，更好地为人民服务。</p><p>谢谢！</p></div>
            <div>[打印] [关闭]</div><div>上一篇：某某通知</div>
            <div class="footer">版权所有 某市人大常委会</div></body></html>"#;
        let (paras, meta) = article(page);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "在某会上的讲话",
                "同志们：",
                "人大代表要密切联系群众，倾听群众呼声，反映群众意愿。",
                "要加强学习，提高履职能力，更好地为人民服务。",
                "谢谢！"
            ]
        );
        assert_eq!(meta.title.as_deref(), Some("在某会上的讲话"));
        assert_eq!(meta.published.as_deref(), Some("2023-02-01"));
        assert_eq!(meta.source.as_deref(), Some("某市人大"));
    }
}
