//! The web pages, written by hand as HTML with every text escaped: they
//! work with JavaScript off (plain links and GET forms, so the URL holds a
//! search and its filters).

use std::fmt::Write as _;

use super::params::{self, filters_query};
use super::speech::{IndexedSpeech, id_of};
use crate::i18n::msg;
use crate::index::reader::Stats;
use crate::search::compare::{By, Group};
use crate::search::{Duplicate, Filters, Hit, SearchResult};
use crate::speech::Level;

/// The style sheet of every page, served as `/static/style.css`.
pub const STYLE: &str = r#"
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1d1d1f;background:#fafafa;line-height:1.7}
header{background:#8b1a1a;color:#fff;padding:.5em 1.5em}
header a{color:#fff;margin-right:1.2em;text-decoration:none}
header a.here{font-weight:bold;border-bottom:2px solid #fff}
main{max-width:60em;margin:0 auto;padding:1em 1.5em}
form.search input[type=search]{width:70%;font-size:1.1em;padding:.3em}
form.search button{font-size:1.1em;padding:.3em 1em}
fieldset{border:0;padding:.5em 0;margin:0}
fieldset label{margin-right:1em;white-space:nowrap}
input.year{width:4.5em}
.error{color:#a00;background:#fee;padding:.5em 1em;border-left:4px solid #a00}
.count{color:#555}
.chip{display:inline-block;margin:0 .2em .2em 0;padding:0 .3em;border:1px solid #ccc;border-radius:.8em;white-space:nowrap}
.chip a{margin-left:.25em;text-decoration:none;color:#8b1a1a}
.hit{background:#fff;border:1px solid #e5e5e5;border-radius:4px;padding:.6em 1em;margin:.8em 0}
.hit p{margin:.3em 0}
mark{background:#ffe066;padding:0 1px}
.source{color:#555;font-size:.9em}
main a{color:#8b1a1a}
details{font-size:.9em;color:#555}
.paging a{margin-right:1.5em}
.exports a{margin-right:1em}
.speech p{text-indent:2em;margin:.5em 0}
.speech p:target{background:#fff3b0;outline:2px solid #e0b000}
.speech .pn{color:#aaa;font-size:.8em;margin-right:.5em;text-indent:0}
.speech p.salutation{text-indent:0}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ddd;padding:.2em .8em;text-align:left}
th{white-space:nowrap;background:#f3f3f3}
td{background:#fff}
td.n{text-align:right}
dl.meta dt{float:left;clear:left;width:5em;color:#555}
dl.meta dd{margin-left:6em}
table.kwic td{border:0;padding:.1em .3em;white-space:nowrap}
table.kwic td.left{text-align:right}
textarea{width:100%;font-size:1em}
input.bad{border:2px solid #a00;background:#fee}
dl.settings dt{float:left;clear:left;width:6em;color:#555}
dl.settings dd{margin-left:7em}
ul.folders{list-style:none;padding-left:0;columns:2}
ul.folders a{text-decoration:none}
div.browser{border:1px solid #ddd;background:#fff;padding:.5em 1em}
form.choose{margin:.5em 0}
form.quit{margin-top:2em;color:#555}
form.choose button,form.folder button{font-size:1.05em;padding:.2em 1em}
span.bad{color:#a00;font-size:.9em;margin-left:.3em}
.report{background:#fff;border:1px solid #e5e5e5;border-radius:4px;padding:.5em 1.5em;margin:1em 0}
.report .settings,.report .note{color:#666;font-size:.9em}
.report .overall{font-weight:bold}
.report p.draft{text-indent:2em;margin:.8em 0 .2em}
.report mark.copied{background:#ffe066}
.report span.common{background:#e8e8e8}
.report mark.leftover{background:#ffe066;color:#c00000;font-weight:bold}
.report .leftovers li{margin:.3em 0}
.report .leftovers b{color:#c00000}
.report .note{margin:0 0 .2em 2em}
.report .legend span,.report .legend mark{margin-right:1em}
"#;

/// `text` escaped for HTML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` with the byte ranges `matches` in `<mark>`, escaped; a range
/// that is not on character boundaries is left unmarked.
pub fn highlighted(text: &str, matches: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for m in matches {
        if m.start < at || text.get(m.clone()).is_none() || text.get(at..m.start).is_none() {
            continue;
        }
        out.push_str(&esc(&text[at..m.start]));
        out.push_str("<mark>");
        out.push_str(&esc(&text[m.clone()]));
        out.push_str("</mark>");
        at = m.end;
    }
    out.push_str(&esc(&text[at..]));
    out
}

/// The views of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Search,
    Compare,
    Kwic,
    Similar,
    Check,
    Speech,
    Stats,
    Other,
}

/// A whole page around `body`.
pub fn layout(title: &str, view: View, body: &str) -> String {
    layout_with(title, view, "", body)
}

/// A whole page around `body`, with `head` added to its head.
pub fn layout_with(title: &str, view: View, head: &str, body: &str) -> String {
    let link = |href: &str, label: &str, v: View| {
        let class = if v == view { r#" class="here""# } else { "" };
        format!(r#"<a href="{href}"{class}>{label}</a>"#)
    };
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{} · renda</title><link rel="stylesheet" href="/static/style.css">{head}</head>
<body><header><nav>{}{}{}{}{}{}</nav></header><main>
{body}
</main></body></html>
"#,
        esc(title),
        link("/", "检索", View::Search),
        link("/compare", "对比说法", View::Compare),
        link("/kwic", "上下文", View::Kwic),
        link("/similar", "相似段落", View::Similar),
        link("/check", "查重", View::Check),
        link("/stats", "索引状态", View::Stats),
    )
}

/// A page that says only `message` (an error).
pub fn message_page(title: &str, message: &str) -> String {
    layout(
        title,
        View::Other,
        &format!(r#"<p class="error">{}</p>"#, esc(message)),
    )
}

/// The levels in the order the page offers them.
const LEVELS: [Level; 6] = [
    Level::City,
    Level::County,
    Level::District,
    Level::Province,
    Level::Township,
    Level::National,
];

/// What a form shows: what was asked, as typed.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub q: String,
    pub filters: Filters,
    pub literal: bool,
    /// Related expressions dropped (`without=`).
    pub without: Vec<String>,
    /// The year boxes (from, to) as typed, kept as they are when wrong.
    pub years: [String; 2],
    /// What is wrong with each year box, if anything.
    pub year_errors: [Option<String>; 2],
}

fn filter_controls(asked: &Asked) -> String {
    let f = &asked.filters;
    let mut s = String::from("<fieldset><legend>层级</legend>");
    for l in LEVELS {
        let checked = if f.levels.contains(&l) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<label><input type="checkbox" name="level" value="{}"{checked}>{}</label>"#,
            l.as_str(),
            l.as_chinese()
        );
    }
    // A year box shows what was typed, marked, with why it is wrong
    // beside it; else the year the filters hold.
    let year_box = |k: usize, name: &str, y: Option<u16>| {
        let typed = &asked.years[k];
        let value = if typed.is_empty() {
            y.map(|y| y.to_string()).unwrap_or_default()
        } else {
            typed.clone()
        };
        match &asked.year_errors[k] {
            Some(e) => format!(
                r#"<input class="year bad" name="{name}" inputmode="numeric" maxlength="{max}" value="{}" aria-invalid="true"><span class="bad">{}</span>"#,
                esc(&value),
                esc(e),
                max = params::MAX_QUERY_CHARS,
            ),
            None => format!(
                r#"<input class="year" name="{name}" inputmode="numeric" maxlength="5" value="{}">"#,
                esc(&value)
            ),
        }
    };
    let _ = write!(
        s,
        r#"<label title="{}"><input type="checkbox" name="include_unknown_level" value="1"{}>含层级未知</label>"#,
        esc(msg::serve_keeps_unknown(crate::search::Unknown::Level)),
        if f.include_unknown.level {
            " checked"
        } else {
            ""
        },
    );
    let text = |t: &Option<String>| esc(t.as_deref().unwrap_or(""));
    let _ = write!(
        s,
        r#"</fieldset><fieldset><label>年份 {} – {}</label><label title="{}"><input type="checkbox" name="include_unknown_year" value="1"{}>含年份未知</label><label>地区 <input name="region" maxlength="{max}" value="{}"></label><label>部分 <input name="section" maxlength="{max}" value="{}"></label></fieldset>"#,
        year_box(0, "since", f.since.or(f.year)),
        year_box(1, "until", f.until.or(f.year)),
        esc(msg::serve_keeps_unknown(crate::search::Unknown::Year)),
        if f.include_unknown.year {
            " checked"
        } else {
            ""
        },
        text(&f.region),
        text(&f.section),
        max = params::MAX_QUERY_CHARS,
    );
    s
}

/// The search form, filled in with what was asked.
pub fn search_form(asked: &Asked) -> String {
    format!(
        r#"<form class="search" method="get" action="/"><input type="search" name="q" maxlength="{}" value="{}" placeholder="主题，或用引号查短语：“密切联系群众”；可用 AND、OR、-" autofocus> <button>检索</button>{}{}</form>"#,
        params::MAX_QUERY_CHARS,
        esc(&asked.q),
        if asked.literal {
            r#"<input type="hidden" name="literal" value="1">"#
        } else {
            ""
        },
        filter_controls(asked),
    )
}

/// The source of a hit: title · level · year · region · section · ¶n,
/// the title a link to the speech at that paragraph.
fn source_line(file: &str, title: &str, level: Option<Level>, year: Option<u16>) -> Vec<String> {
    let mut parts = vec![format!(
        r#"<a href="/speech/{}">{}</a>"#,
        id_of(file),
        esc(if title.is_empty() { file } else { title })
    )];
    // Level and year in the order of [`crate::hit::labels`]; a hit adds
    // its region after them.
    parts.extend(
        crate::hit::labels(title, level, year, None)
            .into_iter()
            .map(|l| match l {
                crate::hit::Label::Level(l) => l.as_chinese().to_string(),
                crate::hit::Label::Year(y) => format!("{y}年"),
                crate::hit::Label::Region(r) => esc(r),
            }),
    );
    parts
}

fn paragraph_link(file: &str, paragraph: usize) -> String {
    if paragraph == 0 {
        format!(
            r#"<a href="/speech/{}">{}</a>"#,
            id_of(file),
            msg::heading_place()
        )
    } else {
        format!(
            r##"<a href="/speech/{}#p{paragraph}">¶{paragraph}</a>"##,
            id_of(file)
        )
    }
}

/// The strings a hit's matches cover, each once, at most [`MAX_MARKS`].
fn matched_strings(h: &Hit) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for m in &h.matches {
        if let Some(t) = h.text.get(m.clone())
            && !out.contains(&t)
            && out.len() < MAX_MARKS
            && t.chars().count() <= MAX_MARK_CHARS
        {
            out.push(t);
        }
    }
    out
}

/// Strings the speech reader marks, at most, and their length.
pub const MAX_MARKS: usize = 8;
pub const MAX_MARK_CHARS: usize = 50;

fn hit_html(h: &Hit) -> String {
    let mut parts = source_line(&h.file, &h.title, h.level, h.year);
    parts.extend(h.labels().into_iter().filter_map(|l| match l {
        crate::hit::Label::Region(r) => Some(esc(r)),
        _ => None,
    }));
    parts.extend(h.section.as_deref().filter(|_| h.paragraph > 0).map(esc));
    if h.paragraph == 0 {
        parts.push(paragraph_link(&h.file, 0));
    } else {
        let marks: String = matched_strings(h)
            .iter()
            .map(|t| format!("&amp;hl={}", params::encode(t)))
            .collect();
        let marks = marks.strip_prefix("&amp;").unwrap_or("");
        let query = if marks.is_empty() {
            String::new()
        } else {
            format!("?{marks}")
        };
        parts.push(format!(
            r##"<a href="/speech/{}{query}#p{n}">¶{n}</a>"##,
            id_of(&h.file),
            n = h.paragraph
        ));
    }
    if h.paragraph > 0 {
        parts.push(format!(
            r#"<a href="/similar?id={}&amp;paragraph={}">相似段落</a>"#,
            id_of(&h.file),
            h.paragraph
        ));
    }
    let mut s = format!(
        r#"<article class="hit"><p class="text">{}</p><p class="source">{}</p>"#,
        highlighted(&h.text, &h.matches),
        parts.join(" · ")
    );
    if !h.duplicates.is_empty() {
        s.push_str(&family_html(&h.duplicates));
    }
    s.push_str("</article>\n");
    s
}

/// `另有 N 篇讲话用过这句话`, opening to their sources.
fn family_html(dups: &[Duplicate]) -> String {
    let speeches: std::collections::BTreeSet<&str> = dups.iter().map(|d| d.file.as_str()).collect();
    let mut s = format!(
        "<details><summary>另有 {} 篇讲话用过这句话</summary><ul>",
        speeches.len()
    );
    for d in dups {
        let mut parts = source_line(&d.file, &d.title, d.level, d.year);
        parts.push(paragraph_link(&d.file, d.paragraph));
        let _ = write!(s, "<li>{}</li>", parts.join(" · "));
    }
    s.push_str("</ul></details>");
    s
}

/// The query string of a search, with `extra` (`offset=10`) appended.
pub fn search_query(asked: &Asked, extra: &str) -> String {
    let mut parts = vec![format!("q={}", params::encode(&asked.q))];
    let f = filters_query(&asked.filters);
    if !f.is_empty() {
        parts.push(f);
    }
    if asked.literal {
        parts.push("literal=1".into());
    }
    for w in &asked.without {
        parts.push(format!("without={}", params::encode(w)));
    }
    if !extra.is_empty() {
        parts.push(extra.to_string());
    }
    parts.join("&")
}

/// The results of a search: the count, what was left out, the related
/// words, the export links, the hits and the paging.
pub fn results(asked: &Asked, r: &SearchResult, offset: usize, limit: usize) -> String {
    use msg::Page;
    let mut s = String::new();
    let folded: usize = r.hits.iter().map(|h| h.duplicates.len()).sum();
    let n = r.hits.len();
    let page = Page::of(r.total, r.phrasings, n, folded, offset, false);
    let mut count = msg::matching(r.total, page);
    if r.unfolded > 0 {
        count.push_str(&msg::folded_only_first(crate::search::FOLD_ALL_MAX));
    }
    let _ = write!(s, r#"<p class="count">{}"#, esc(&count));
    let described = asked.filters.describe();
    if !described.is_empty() {
        let _ = write!(s, "（{}）", esc(&described));
    }
    s.push_str("</p>");
    let left_out: Vec<_> = r.left_out.iter().filter(|l| l.paragraphs > 0).collect();
    if !left_out.is_empty() {
        let with_unknown = Asked {
            filters: Filters {
                include_unknown: left_out
                    .iter()
                    .fold(asked.filters.include_unknown, |k, l| k.with(l.field)),
                ..asked.filters.clone()
            },
            ..asked.clone()
        };
        let lines: Vec<String> = left_out
            .iter()
            .map(|l| esc(&msg::serve_left_out(l.speeches, l.paragraphs, l.field)))
            .collect();
        let _ = write!(
            s,
            r#"<p class="count">{}。<a href="/?{}">一并检索未知的</a></p>"#,
            lines.join("；"),
            esc(&search_query(&with_unknown, ""))
        );
    }
    if !r.related.is_empty() {
        let plain = Asked {
            literal: true,
            ..asked.clone()
        };
        // Each word with where it comes from, and a × that searches again
        // without it.
        let chips: Vec<String> = r
            .related
            .iter()
            .map(|rel| {
                let dropped = Asked {
                    without: asked
                        .without
                        .iter()
                        .cloned()
                        .chain(std::iter::once(rel.word.clone()))
                        .collect(),
                    ..asked.clone()
                };
                format!(
                    r#"<span class="chip">{}<a href="/?{}" title="{}" aria-label="{}">×</a></span>"#,
                    esc(&msg::related_word(&rel.word, rel.source)),
                    esc(&search_query(&dropped, "")),
                    esc(&msg::serve_drop_word(&rel.word)),
                    esc(&msg::serve_drop_word(&rel.word)),
                )
            })
            .collect();
        let _ = write!(
            s,
            r#"<p class="count related">{}{} <a href="/?{}">只搜原词</a></p>"#,
            esc(&msg::serve_also_searched("")),
            chips.join(" "),
            esc(&search_query(&plain, ""))
        );
    }
    if !asked.without.is_empty() && !asked.literal {
        let restored = Asked {
            without: Vec::new(),
            ..asked.clone()
        };
        let _ = write!(
            s,
            r#"<p class="count">{} <a href="/?{}">{}</a></p>"#,
            esc(&msg::serve_dropped(&asked.without.join("、"))),
            esc(&search_query(&restored, "")),
            esc(&msg::serve_restore_words()),
        );
    }
    if r.related.is_empty() && asked.literal {
        let wide = Asked {
            literal: false,
            ..asked.clone()
        };
        let _ = write!(
            s,
            r#"<p class="count">只搜了原词。<a href="/?{}">加上相关说法</a></p>"#,
            esc(&search_query(&wide, ""))
        );
    }
    if r.total > 0 {
        s.push_str(r#"<p class="exports">导出全部匹配段落："#);
        for (fmt, label) in [
            ("docx", "Word (.docx)"),
            ("csv", "Excel (.csv)"),
            ("md", "Markdown (.md)"),
            ("jsonl", "JSON Lines (.jsonl)"),
        ] {
            let _ = write!(
                s,
                r#"<a href="/export/{fmt}?{}" download>{label}</a>"#,
                esc(&search_query(asked, ""))
            );
        }
        s.push_str("</p>");
    }
    for h in &r.hits {
        s.push_str(&hit_html(h));
    }
    let mut paging = Vec::new();
    if offset > 0 {
        let prev = offset.saturating_sub(limit);
        paging.push(format!(
            r#"<a href="/?{}">上一页</a>"#,
            esc(&search_query(asked, &format!("offset={prev}")))
        ));
    }
    let next = offset + n;
    if n > 0 && r.more_after(offset) && next <= params::MAX_OFFSET {
        paging.push(format!(
            r#"<a href="/?{}">下一页</a>"#,
            esc(&search_query(asked, &format!("offset={next}")))
        ));
    }
    if !paging.is_empty() {
        let _ = write!(s, r#"<p class="paging">{}</p>"#, paging.join(""));
    }
    s
}

/// The whole cleaned speech, its paragraphs anchored `#p12`.
/// The byte ranges of `text` where any of `terms` stands, sorted, not
/// overlapping (the earlier, then the longer, wins).
pub fn occurrences(text: &str, terms: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut all: Vec<std::ops::Range<usize>> = terms
        .iter()
        .filter(|t| !t.is_empty())
        .flat_map(|t| text.match_indices(t.as_str()).map(|(i, m)| i..i + m.len()))
        .collect();
    all.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for r in all {
        if out.last().is_none_or(|l| r.start >= l.end) {
            out.push(r);
        }
    }
    out
}

/// The whole cleaned speech, its paragraphs anchored `#p12`, with `marks`
/// (the strings a search matched) highlighted.
pub fn speech_page(sp: &IndexedSpeech, marks: &[String]) -> String {
    let mut s = format!(r#"<h1>{}</h1><dl class="meta">"#, esc(&sp.title));
    let mut row = |k: &str, v: String| {
        let _ = write!(s, "<dt>{k}</dt><dd>{v}</dd>");
    };
    if let Some(l) = sp.level {
        row("层级", l.as_chinese().into());
    }
    if let Some(d) = sp.date {
        row("日期", esc(&d.to_string()));
    } else if let Some(y) = sp.year {
        row("年份", format!("{y}年"));
    }
    if let Some(r) = &sp.region {
        row("地区", esc(r));
    }
    row("文件", esc(&sp.file));
    if let Some(p) = &sp.path {
        row("位置", esc(p));
    }
    s.push_str(r#"</dl><div class="speech">"#);
    for b in &sp.blocks {
        if b.heading && b.section.is_none() && b.text == sp.title {
            // The title, already the page's <h1>.
            continue;
        }
        if b.heading {
            let _ = write!(s, "<h2>{}</h2>", esc(&b.text));
        } else if b.paragraph == 0 {
            // The salutation: a line of the speech, not a numbered paragraph.
            let _ = write!(
                s,
                r#"<p class="salutation">{}</p>"#,
                highlighted(&b.text, &occurrences(&b.text, marks))
            );
        } else {
            let _ = write!(
                s,
                r##"<p id="p{n}"><a class="pn" href="#p{n}">¶{n}</a>{}</p>"##,
                highlighted(&b.text, &occurrences(&b.text, marks)),
                n = b.paragraph
            );
        }
    }
    s.push_str("</div>");
    layout(&sp.title, View::Speech, &s)
}

/// The settings the 索引状态 page shows.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where the index lives.
    pub index: String,
    /// The address the page listens on.
    pub address: String,
    /// Whether the page may change the index.
    pub allow_index: bool,
    /// Whether a run is under way.
    pub running: bool,
}

/// `text` for a URL's query.
pub fn url_encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// 索引状态: the settings, the folders (with buttons to add, remove and
/// rebuild where the page may), speeches, paragraphs by level and by
/// year.
pub fn stats_page(
    st: &Stats,
    folders: &[crate::index::reader::FolderCount],
    last_commit: Option<&str>,
    settings: &Settings,
) -> String {
    let mut s = format!(
        "<h1>索引状态</h1><p>共 {} 篇讲话，{} 段（另有 {} 个标题），占用 {:.1} MB。</p>",
        st.speeches,
        st.paragraphs,
        st.headings,
        st.size as f64 / 1e6
    );
    if let Some(t) = last_commit {
        let _ = write!(s, "<p>最后更新：{}</p>", esc(t));
    }
    let _ = write!(
        s,
        r#"<h2>设置</h2><dl class="settings"><dt>索引位置</dt><dd><code>{}</code></dd><dt>网页地址</dt><dd><code>{}</code>{}</dd><dt>界面语言</dt><dd>中文（命令行可用 --lang en 改为英文）</dd><dt>相关说法</dt><dd><a href="/related">本单位的相关说法</a></dd></dl>"#,
        esc(&settings.index),
        esc(&settings.address),
        if settings.allow_index {
            ""
        } else {
            "（局域网地址：不能从网页更改索引）"
        },
    );
    let change = settings.allow_index && !settings.running;
    s.push_str("<h2>文件夹</h2>");
    if !folders.is_empty() {
        s.push_str("<table><tr><th>文件夹</th><th>路径前缀</th><th>讲话</th>");
        if change {
            s.push_str("<th></th>");
        }
        s.push_str("</tr>");
        for f in folders {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td>"#,
                esc(&f.path),
                esc(&f.label),
                f.speeches
            );
            if change {
                let _ = write!(
                    s,
                    r#"<td><form method="post" action="/index"><input type="hidden" name="remove" value="{}"><button class="remove">移除</button></form></td>"#,
                    esc(&f.path)
                );
            }
            s.push_str("</tr>");
        }
        s.push_str("</table>");
    }
    if change {
        s.push_str(r#"<form method="post" action="/index" class="add"><label>添加文件夹 <input name="add" size="50" placeholder="讲话所在文件夹的路径"></label> <button>添加</button> <a href="/folders">浏览…</a></form>"#);
        s.push_str(r#"<form method="post" action="/index"><input type="hidden" name="rebuild" value="1"><button>重建索引</button> 清空后重新读取以上全部文件夹（与 renda index --rebuild 相同）</form>"#);
    } else if settings.running {
        s.push_str(r#"<p class="count">索引正在更新，<a href="/index">查看进度</a></p>"#);
    }
    let table = |s: &mut String, title: &str, rows: Vec<(String, &crate::index::reader::Count)>| {
        let _ = write!(
            s,
            "<h2>{title}</h2><table><tr><th></th><th>讲话</th><th>段落</th></tr>"
        );
        for (k, c) in rows {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                esc(&k),
                c.speeches,
                c.paragraphs
            );
        }
        s.push_str("</table>");
    };
    let unknown = |k: &str| {
        if k == crate::index::reader::UNKNOWN {
            "未知".to_string()
        } else {
            k.to_string()
        }
    };
    let levels = st
        .by_level
        .iter()
        .map(|(k, c)| {
            let name = k
                .parse::<Level>()
                .map_or_else(|_| unknown(k), |l| l.as_chinese().to_string());
            (name, c)
        })
        .collect();
    if change {
        s.push_str(r#"<form method="post" action="/index"><button>更新索引</button> 重新读取索引中各文件夹里新增和改动的文件（与 renda index 相同）</form>"#);
    }
    table(&mut s, "按层级", levels);
    let years = st.by_year.iter().map(|(k, c)| (unknown(k), c)).collect();
    table(&mut s, "按年份", years);
    if change {
        s.push_str(QUIT_BUTTON);
    }
    layout("索引状态", View::Stats, &s)
}

/// The compare form and, when asked, the phrasings as a table and an SVG
/// bar chart of how many speeches each group has.
pub fn compare_page(
    asked: &Asked,
    by: By,
    groups: Option<&[Group]>,
    error: Option<&str>,
) -> String {
    let mut s =
        String::from(r#"<h1>对比说法</h1><form class="search" method="get" action="/compare">"#);
    let _ = write!(
        s,
        r#"<input type="search" name="q" maxlength="{}" value="{}" placeholder="主题，如 密切联系群众"> <button>对比</button><fieldset><label>按 <select name="by">"#,
        params::MAX_QUERY_CHARS,
        esc(&asked.q)
    );
    for (b, label) in [
        (By::Level, "层级"),
        (By::Region, "地区"),
        (By::Year, "年份"),
        (By::Speech, "讲话"),
    ] {
        let sel = if b == by { " selected" } else { "" };
        let _ = write!(s, r#"<option value="{}"{sel}>{label}</option>"#, b.as_str());
    }
    s.push_str("</select></label></fieldset>");
    s.push_str(&filter_controls(asked));
    s.push_str("</form>");
    if let Some(e) = error {
        let _ = write!(s, r#"<p class="error">{}</p>"#, esc(e));
    }
    if let Some(groups) = groups {
        if groups.is_empty() {
            s.push_str(r#"<p class="count">没有找到完整包含这一主题的段落。</p>"#);
        } else {
            s.push_str(&bar_chart(by, groups));
            for g in groups {
                let _ = write!(
                    s,
                    "<h2>{}（{} 篇讲话）</h2><table><tr><th>说法</th><th>次数</th><th>出处</th></tr>",
                    esc(&group_name(by, g)),
                    g.speeches
                );
                for p in &g.phrasings {
                    let sources: Vec<String> = p
                        .sources
                        .iter()
                        .take(5)
                        .map(|d| {
                            format!(
                                r##"<a href="/speech/{}#p{}">{}</a>"##,
                                id_of(&d.file),
                                d.paragraph,
                                esc(&d.title)
                            )
                        })
                        .collect();
                    let more = p.sources.len().saturating_sub(5);
                    let _ = write!(
                        s,
                        r#"<tr><td>{}</td><td class="n">{}</td><td>{}{}</td></tr>"#,
                        esc(&p.text),
                        p.count,
                        sources.join("、"),
                        if more > 0 {
                            format!(" 等另 {more} 处")
                        } else {
                            String::new()
                        }
                    );
                }
                s.push_str("</table>");
            }
        }
    }
    layout("对比说法", View::Compare, &s)
}

fn group_name(by: By, g: &Group) -> String {
    match (&g.key, by) {
        (None, _) => "未知".into(),
        (Some(k), By::Level) => k
            .parse::<Level>()
            .map_or_else(|_| k.clone(), |l| l.as_chinese().to_string()),
        (Some(k), By::Year) => format!("{k}年"),
        (Some(k), _) => k.clone(),
    }
}

/// Horizontal bars, one per group, as long as its count of speeches.
fn bar_chart(by: By, groups: &[Group]) -> String {
    let shown = &groups[..groups.len().min(30)];
    let max = shown.iter().map(|g| g.speeches).max().unwrap_or(1).max(1);
    let row = 26;
    let height = shown.len() * row + 10;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="{height}" role="img" aria-label="各组讲话数" font-size="13" font-family="sans-serif">"#
    );
    for (i, g) in shown.iter().enumerate() {
        let y = i * row + 5;
        let w = (g.speeches as f64 / max as f64 * 420.0).round().max(1.0);
        let _ = write!(
            s,
            r##"<text x="0" y="{ty}">{}</text><rect x="150" y="{y}" width="{w}" height="18" fill="#8b1a1a"/><text x="{tx}" y="{ty}">{}</text>"##,
            esc(&group_name(by, g).chars().take(10).collect::<String>()),
            g.speeches,
            ty = y + 14,
            tx = 150.0 + w + 6.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// The KWIC form and, when asked, the lines aligned on the term, with the
/// words most often right before and after it.
pub fn kwic_page(
    asked: &Asked,
    sort: &str,
    c: Option<&crate::search::kwic::Concordance>,
    error: Option<&str>,
) -> String {
    let mut s = String::from(r#"<h1>上下文</h1><form class="search" method="get" action="/kwic">"#);
    let _ = write!(
        s,
        r#"<input type="search" name="q" maxlength="{}" value="{}" placeholder="一个词，如 联系群众"> <button>查看</button><fieldset><label>排列 <select name="sort">"#,
        params::MAX_QUERY_CHARS,
        esc(&asked.q)
    );
    for (value, label) in [
        ("none", "按出现顺序"),
        ("left", "按左侧的词"),
        ("right", "按右侧的词"),
    ] {
        let sel = if value == sort { " selected" } else { "" };
        let _ = write!(s, r#"<option value="{value}"{sel}>{label}</option>"#);
    }
    s.push_str("</select></label></fieldset>");
    s.push_str(&filter_controls(asked));
    s.push_str("</form>");
    if let Some(e) = error {
        let _ = write!(s, r#"<p class="error">{}</p>"#, esc(e));
    }
    if let Some(c) = c {
        let _ = write!(
            s,
            r#"<p class="count">共 {} 处，显示 {} 处</p>"#,
            c.total_lines, c.listed
        );
        let words = |list: &[crate::search::kwic::Collocate]| {
            list.iter()
                .map(|w| format!("{}（{}）", esc(&w.text), w.count))
                .collect::<Vec<_>>()
                .join("、")
        };
        if !c.before.is_empty() {
            let _ = write!(s, r#"<p class="count">前面常见：{}</p>"#, words(&c.before));
        }
        if !c.after.is_empty() {
            let _ = write!(s, r#"<p class="count">后面常见：{}</p>"#, words(&c.after));
        }
        s.push_str(r#"<table class="kwic">"#);
        for l in &c.lines {
            let _ = write!(
                s,
                r#"<tr><td class="left">{}</td><td><mark>{}</mark></td><td>{}</td><td class="source">{}</td></tr>"#,
                esc(&l.left),
                esc(&l.matched),
                esc(&l.right),
                kwic_source(&l.file, l.paragraph)
            );
        }
        s.push_str("</table>");
    }
    layout("上下文", View::Kwic, &s)
}

/// A concordance line's source as the terminal prints it: `file ¶n`
/// (`file 标题` for a heading), the file a link to the speech, `¶n` to the
/// paragraph.
fn kwic_source(file: &str, paragraph: usize) -> String {
    let id = id_of(file);
    let at = if paragraph == 0 {
        format!(r#"<a href="/speech/{id}">{}</a>"#, msg::heading_place())
    } else {
        format!(r##"<a href="/speech/{id}#p{paragraph}">¶{paragraph}</a>"##)
    };
    format!(r#"<a href="/speech/{id}">{}</a> {at}"#, esc(file))
}

/// The paragraph a similar search started from, when it is an indexed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarFrom {
    pub file: String,
    pub title: String,
    pub paragraph: usize,
}

/// The similar form (a paragraph's text, sent by POST, with the filters)
/// and, when asked, the paragraphs that say the same in other words.
/// `text` is the paragraph itself; `from`, the indexed paragraph it is.
pub fn similar_page(
    text: &str,
    from: Option<&SimilarFrom>,
    asked: &Asked,
    r: Option<&SearchResult>,
    error: Option<&str>,
) -> String {
    let mut s = format!(
        r#"<h1>相似段落</h1><form class="similar" method="post" action="/similar"><p><textarea name="text" rows="6" cols="80" maxlength="{}" placeholder="粘贴一段文字，找意思相近、说法不同的段落">{}</textarea></p>"#,
        params::MAX_TEXT_CHARS,
        esc(text)
    );
    if let Some(f) = from {
        let _ = write!(
            s,
            r#"<input type="hidden" name="id" value="{}"><input type="hidden" name="paragraph" value="{}">"#,
            id_of(&f.file),
            f.paragraph
        );
        let _ = write!(
            s,
            r##"<p class="source from">出自 <a href="/speech/{id}#p{n}">{}</a> · {}</p>"##,
            esc(if f.title.is_empty() {
                &f.file
            } else {
                &f.title
            }),
            paragraph_link(&f.file, f.paragraph),
            id = id_of(&f.file),
            n = f.paragraph,
        );
    }
    s.push_str(&filter_controls(asked));
    s.push_str("<p><button>查找</button></p></form>");
    if let Some(e) = error {
        let _ = write!(s, r#"<p class="error">{}</p>"#, esc(e));
    }
    if let Some(r) = r {
        let _ = write!(
            s,
            r#"<p class="count">{}</p>"#,
            esc(&msg::matching(r.total, msg::Page::All))
        );
        for h in &r.hits {
            s.push_str(&hit_html(h));
        }
    }
    layout("相似段落", View::Similar, &s)
}

/// The re-index page: where the run stands (refreshed each second while it
/// runs, with JavaScript off too), and the button.
pub fn index_page(st: &super::reindex::Status, allowed: bool, message: Option<&str>) -> String {
    let mut s = String::from("<h1>更新索引</h1>");
    if let Some(m) = message {
        let _ = write!(s, r#"<p class="error">{}</p>"#, esc(m));
    }
    if st.running {
        s.push_str(&progress_line(st, "正在更新", ""));
        s.push_str("<p>更新期间检索照常进行，使用上次提交的索引。</p>");
    } else {
        if let Some(r) = &st.result {
            let class = if st.failed { "error" } else { "count" };
            let _ = write!(s, r#"<p class="{class}">{}</p>"#, esc(r));
        }
        if st.skipped + st.warnings > 0 {
            let _ = write!(
                s,
                r#"<p class="count">{} 个文件未能读取，{} 条警告（详见命令行 renda index）</p>"#,
                st.skipped, st.warnings
            );
        }
        s.push_str(&skipped_list(st));
        if allowed {
            s.push_str(r#"<form method="post" action="/index"><button>更新索引</button></form>"#);
        }
    }
    let head = if st.running {
        r#"<meta http-equiv="refresh" content="1">"#
    } else {
        ""
    };
    layout_with("更新索引", View::Stats, head, &s)
}

/// What the 查重 form shows: the draft and its settings as given.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub text: String,
    pub region: String,
    pub year: String,
    /// The uploaded file's name, if the draft came as a file.
    pub file: Option<String>,
}

/// The 查重 form (a draft pasted or a .docx/.txt uploaded, sent by POST)
/// and, when checked, the report as the Word report shows it, with links
/// into the reader, and buttons to download it.
pub fn check_page(
    draft: &Draft,
    report: Option<&crate::search::check::Report>,
    error: Option<&str>,
) -> String {
    let mut s = format!(
        r#"<h1>查重</h1><form class="check" method="post" action="/check" enctype="multipart/form-data"><p><textarea name="text" rows="12" maxlength="{}" placeholder="粘贴稿件全文，或在下面选择稿件文件：逐句查出抄自档案中哪篇讲话、抄了多少，以及忘了改的地名、届次、年份和讲话人">{}</textarea></p><p><label>或上传稿件 <input type="file" name="file" accept=".docx,.doc,.wps,.txt,.md,.odt,.pdf,.htm,.html"></label>{}</p><fieldset><label>本稿地区 <input name="region" maxlength="50" value="{}"></label><label>本稿年份 <input class="year" name="year" inputmode="numeric" maxlength="5" value="{}"></label></fieldset><p><button name="format" value="html">检查</button> <button name="format" value="docx">检查并下载 Word 报告</button> <button name="format" value="md">下载 Markdown 报告</button></p></form>"#,
        super::MAX_DRAFT_CHARS,
        esc(&draft.text),
        draft
            .file
            .as_deref()
            .map(|f| format!(r#" <span class="count">上次上传：{}</span>"#, esc(f)))
            .unwrap_or_default(),
        esc(&draft.region),
        esc(&draft.year)
    );
    if let Some(e) = error {
        let _ = write!(s, r#"<p class="error">{}</p>"#, esc(e));
    }
    if let Some(r) = report {
        s.push_str(&check_report(r));
    }
    layout("查重", View::Check, &s)
}

/// Stands for a source in a message until it is put in as a link.
const SOURCE_SLOT: &str = "\u{e000}";

/// `message` (said with [`SOURCE_SLOT`] where the source goes) escaped,
/// the source put in as a link to its paragraph in the reader.
fn with_source(message: &str, s: &crate::search::check::SourceRef) -> String {
    let link = format!(
        r##"<a href="/speech/{}#p{}">{}</a>"##,
        id_of(&s.file),
        s.paragraph,
        esc(&crate::output::check::source_line(s))
    );
    esc(message).replace(SOURCE_SLOT, &link)
}

/// The report of a draft as the Word report lays it out: the overall
/// lines, the leftovers, the draft with copied runs highlighted (common
/// phrasing grey, leftovers red), a note under each paragraph naming the
/// sources, every source a link into the reader.
pub fn check_report(r: &crate::search::check::Report) -> String {
    use crate::output::check::{Mark, SentenceCounter, leftover_lines, overall, pieces};
    use crate::search::check::Status;
    let mut s = format!(
        r#"<section class="report"><h2>{}</h2><p class="settings">{}</p>"#,
        esc(&msg::check_title(&r.title)),
        esc(&msg::check_settings(
            r.region.as_deref(),
            r.level,
            r.year,
            r.term.as_deref()
        ))
    );
    for line in overall(r) {
        let _ = write!(s, r#"<p class="overall">{}</p>"#, esc(&line));
    }
    if !r.speeches.is_empty() {
        s.push_str(r#"<ul class="speeches">"#);
        for sp in &r.speeches {
            let _ = write!(
                s,
                r#"<li><a href="/speech/{}">{}</a> {}</li>"#,
                id_of(&sp.file),
                esc(if sp.title.is_empty() {
                    &sp.file
                } else {
                    &sp.title
                }),
                esc(&msg::check_speech_part("", sp.share))
            );
        }
        s.push_str("</ul>");
    }
    let _ = write!(s, "<h3>{}</h3>", esc(msg::check_heading_leftovers()));
    if r.leftovers.is_empty() {
        let _ = write!(s, "<p>{}</p>", esc(&msg::check_no_leftovers()));
    } else {
        s.push_str(r#"<ul class="leftovers">"#);
        let lines = leftover_lines(r);
        for (l, (_, sentence)) in r.leftovers.iter().zip(lines) {
            let line = msg::check_leftover(l.kind, &l.name, SOURCE_SLOT, l.possible);
            let _ = write!(
                s,
                "<li><b>{}</b>　{}</li>",
                with_source(&line, &l.source),
                esc(&sentence)
            );
        }
        s.push_str("</ul>");
    }
    let _ = write!(
        s,
        r#"<h3>{}</h3><p class="legend note"><mark class="copied">抄自档案</mark><span class="common">常见套话</span><mark class="leftover">遗留名称</mark></p>"#,
        esc(msg::check_heading_text())
    );
    let mut counter = SentenceCounter::default();
    for p in &r.paragraphs {
        s.push_str(r#"<p class="draft">"#);
        let mut notes: Vec<String> = Vec::new();
        for (k, sentence) in r.sentences.iter().enumerate() {
            if sentence.paragraph != p.n {
                continue;
            }
            let n = counter.next(sentence.paragraph);
            for (piece, m) in pieces(r, k) {
                let piece = esc(&piece);
                match m {
                    Mark::Plain => s.push_str(&piece),
                    Mark::Copied => {
                        let _ = write!(s, r#"<mark class="copied">{piece}</mark>"#);
                    }
                    Mark::Common => {
                        let _ = write!(s, r#"<span class="common">{piece}</span>"#);
                    }
                    Mark::Leftover => {
                        let _ = write!(s, r#"<mark class="leftover">{piece}</mark>"#);
                    }
                }
            }
            let at = esc(&msg::check_sentence_at(sentence.paragraph, n));
            match sentence.status {
                Status::Copied => {
                    for src in &sentence.sources {
                        let note =
                            msg::check_sentence_source(SOURCE_SLOT, src.share, src.similarity);
                        notes.push(format!("{at}：{}", with_source(&note, &src.source)));
                    }
                    if !sentence.longest.is_empty() {
                        notes.push(format!(
                            "{at}：{}",
                            esc(&msg::check_longest(&sentence.longest))
                        ));
                    }
                }
                Status::Common => {
                    notes.push(format!("{at}：{}", esc(msg::check_sentence_common())));
                }
                Status::Own | Status::Short => {}
            }
        }
        s.push_str("</p>");
        for note in notes {
            let _ = write!(s, r#"<p class="note">——{note}</p>"#);
        }
    }
    s.push_str("</section>");
    s
}

/// The folder browser: the places offered, the folder shown, its
/// sub-folders as links (`link(path)`), and a button that posts the folder
/// shown as `field` to `action`.
fn folder_browser(
    roots: &[std::path::PathBuf],
    listing: Option<&Result<crate::places::Listing, String>>,
    link: &dyn Fn(&str) -> String,
    action: &str,
    field: &str,
    choose: &str,
) -> String {
    let mut s = String::from(r#"<div class="browser"><p class="places">位置："#);
    for r in roots {
        let shown = r.to_string_lossy();
        let _ = write!(
            s,
            r#"<a href="{}">{}</a> "#,
            esc(&link(&shown)),
            esc(&shown)
        );
    }
    s.push_str("</p>");
    match listing {
        Some(Ok(l)) => {
            let _ = write!(
                s,
                r#"<form method="post" action="{action}" class="choose"><input type="hidden" name="{field}" value="{}"><code class="here">{}</code> <button id="choose">{choose}</button></form>"#,
                esc(&l.path),
                esc(&l.path)
            );
            s.push_str(r#"<ul class="folders">"#);
            if let Some(parent) = &l.parent {
                let _ = write!(
                    s,
                    r#"<li><a href="{}">↑ 上一级</a></li>"#,
                    esc(&link(parent))
                );
            }
            for name in &l.folders {
                let path = std::path::Path::new(&l.path).join(name);
                let _ = write!(
                    s,
                    r#"<li><a class="folder" href="{}">▸ {}</a></li>"#,
                    esc(&link(&path.to_string_lossy())),
                    esc(name)
                );
            }
            if l.folders.is_empty() {
                s.push_str(r#"<li class="count">（没有子文件夹）</li>"#);
            }
            s.push_str("</ul>");
            if l.truncated {
                let _ = write!(
                    s,
                    r#"<p class="count">只列出前 {} 个</p>"#,
                    crate::places::MAX_LISTED
                );
            }
        }
        Some(Err(e)) => {
            let _ = write!(s, r#"<p class="error">{}</p>"#, esc(e));
        }
        None => {}
    }
    s.push_str("</div>");
    s
}

/// What the first-start page shows.
pub struct FirstStartView<'a> {
    /// Where the index will be.
    pub index: &'a str,
    pub status: &'a super::reindex::Status,
    pub roots: &'a [std::path::PathBuf],
    /// The folder being browsed.
    pub browse: Option<&'a Result<crate::places::Listing, String>>,
    /// The path typed in the field.
    pub typed: &'a str,
    pub message: Option<&'a str>,
}

/// How a run stands: files read of all, the folder, the files not used
/// (each with why), and how the last run ended.
fn run_progress(st: &super::reindex::Status) -> String {
    let mut s = String::new();
    if st.running {
        s.push_str(&progress_line(st, "正在建立索引", r#" id="progress""#));
    } else if let Some(r) = &st.result {
        let class = if st.failed { "error" } else { "count" };
        let _ = write!(s, r#"<p class="{class}">{}</p>"#, esc(r));
        if !st.failed {
            let _ = write!(
                s,
                r#"<p class="count">共 {} 篇讲话，{} 段</p>"#,
                st.speeches, st.paragraphs
            );
        }
    }
    if st.skipped + st.warnings > 0 {
        let _ = write!(
            s,
            r#"<p class="count">{} 个文件未能读取，{} 条警告</p>"#,
            st.skipped, st.warnings
        );
    }
    s.push_str(&skipped_list(st));
    s
}

/// Where a running run stands, `doing` (正在更新, 正在建立索引): its pass,
/// files done of all, the folder, and a progress bar; `attrs` go on the
/// line's `<p>`.
fn progress_line(st: &super::reindex::Status, doing: &str, attrs: &str) -> String {
    let stage = if st.pass <= 1 {
        "查看文件"
    } else {
        "读取讲话、写入索引"
    };
    let mut s = format!(
        "<p{attrs}>{doing}（{stage}）：{} / {} 个文件{}</p>",
        st.done,
        st.total,
        st.folder
            .as_deref()
            .map(|f| format!("，文件夹 {}", esc(f)))
            .unwrap_or_default()
    );
    if st.total > 0 {
        let _ = write!(
            s,
            r#"<progress max="{}" value="{}"></progress>"#,
            st.total, st.done
        );
    }
    s
}

/// The files a run could not use, each with why, as listed so far.
fn skipped_list(st: &super::reindex::Status) -> String {
    let mut s = String::new();
    if st.skipped_files.is_empty() {
        return s;
    }
    s.push_str(r#"<ul class="skipped">"#);
    for f in &st.skipped_files {
        let _ = write!(s, "<li>{}：{}</li>", esc(&f.file), esc(&f.reason));
    }
    s.push_str("</ul>");
    if st.skipped > st.skipped_files.len() {
        let _ = write!(
            s,
            r#"<p class="count">只列出前 {} 个</p>"#,
            st.skipped_files.len()
        );
    }
    s
}

/// The first start: no index yet. While the index is built, how it goes
/// (refreshed each second); else the folder to build it from.
pub fn first_start(v: &FirstStartView) -> String {
    let mut s = String::from("<h1>欢迎使用 renda</h1>");
    if let Some(m) = v.message {
        let _ = write!(s, r#"<p class="error">{}</p>"#, esc(m));
    }
    if v.status.running {
        s.push_str(&run_progress(v.status));
        s.push_str(r#"<p>建好后本页会自动转到检索页。</p>"#);
        return layout_with(
            "正在建立索引",
            View::Other,
            r#"<meta http-equiv="refresh" content="1">"#,
            &s,
        );
    }
    s.push_str(&run_progress(v.status));
    let _ = write!(
        s,
        r#"<p>还没有索引。请选择讲话稿所在的文件夹（可含子文件夹；.txt、.docx、.doc、.wps、.pdf、网页等格式均可），renda 会读取其中全部讲话并建立索引，之后即可检索。只读取，不改动你的文件。</p>
<p class="count">索引将保存在 <code>{}</code></p>
<form method="post" action="/start" class="folder"><label>文件夹 <input id="folder" name="folder" size="60" value="{}" placeholder="例如 /home/我/讲话稿"></label> <button id="build">建立索引</button></form>
<h2>或在下面找到这个文件夹</h2>"#,
        esc(v.index),
        esc(v.typed)
    );
    s.push_str(&folder_browser(
        v.roots,
        v.browse,
        &|p| format!("/start?dir={}", url_encoded(p)),
        "/start",
        "folder",
        "用这个文件夹建立索引",
    ));
    s.push_str(QUIT_BUTTON);
    layout("开始使用", View::Other, &s)
}

/// The first start on an address other machines reach: no index, and why
/// the page does not build one.
pub fn first_start_off(message: &str) -> String {
    layout(
        "还没有索引",
        View::Other,
        &format!(
            r#"<h1>还没有索引</h1><p class="error">{}</p>"#,
            esc(message)
        ),
    )
}

/// The folder browser of the 索引状态 page: choose a folder to add.
pub fn add_folder_page(
    roots: &[std::path::PathBuf],
    listing: Option<&Result<crate::places::Listing, String>>,
) -> String {
    let mut s = String::from(
        r#"<h1>添加文件夹</h1><p>找到讲话所在的文件夹，点“添加这个文件夹”；已有的文件夹保持不变（与 renda index --add 相同）。<a href="/stats">返回索引状态</a></p>"#,
    );
    s.push_str(&folder_browser(
        roots,
        listing,
        &|p| format!("/folders?dir={}", url_encoded(p)),
        "/index",
        "add",
        "添加这个文件夹",
    ));
    layout("添加文件夹", View::Stats, &s)
}

/// Under the empty search form: how the last run from the page ended (its
/// speeches and paragraphs, the files not read, with a link to the list),
/// or nothing when none has.
pub fn last_run(st: &super::reindex::Status) -> String {
    let Some(result) = st.result.as_deref().filter(|_| !st.running) else {
        return String::new();
    };
    let class = if st.failed { "error" } else { "count" };
    let mut s = format!(r#"<p class="{class} last-run">{}"#, esc(result));
    if !st.failed && st.speeches > 0 {
        let _ = write!(s, "；共读取 {} 篇讲话，{} 段", st.speeches, st.paragraphs);
    }
    if st.skipped > 0 {
        let _ = write!(
            s,
            r#"；{} 个文件未能读取（<a href="/index">查看是哪些、为什么</a>）"#,
            st.skipped
        );
    }
    s.push_str("</p>");
    s
}

/// The button that stops renda.
pub const QUIT_BUTTON: &str = r#"<form method="post" action="/quit" class="quit"><button>关闭 renda</button> 停止本机的 renda（需要时再双击“启动 renda.sh”）</form>"#;

/// What the page says once renda is stopping.
/// The office's own groups of related expressions: what they are, the
/// text of `related.txt`, and a form to save it where the page may change
/// the index.
pub fn related_page(text: &str, groups: usize, allowed: bool, message: Option<&str>) -> String {
    let mut s = String::from(
        "<h1>本单位的相关说法</h1><p>每行一组意思相近的说法，用空格分开，如 <code>联系群众 倾听民意 接待选民</code>；\
         以 # 开头的行是说明。检索其中一个说法时，同组的其他说法也检索（结果上方“也检索了”标为〔本单位词表〕），\
         保存后下次检索起生效。文件保存在索引文件夹里的 <code>related.txt</code>。</p>",
    );
    if let Some(m) = message {
        let _ = write!(s, r#"<p class="notice">{}</p>"#, esc(m));
    }
    let _ = write!(s, "<p>现有 {groups} 组。</p>");
    if allowed {
        let _ = write!(
            s,
            r#"<form method="post" action="/related" class="related"><textarea name="text" rows="20" cols="80" lang="zh">{}</textarea><p><button type="submit">保存</button></p></form>"#,
            esc(text)
        );
    } else {
        let _ = write!(
            s,
            "<pre>{}</pre><p>这个地址上不能从网页修改（只有本机地址或加了 --allow-index 才可以）。</p>",
            esc(text)
        );
    }
    layout("本单位的相关说法", View::Stats, &s)
}

pub fn quit_page() -> String {
    layout(
        "renda 已关闭",
        View::Other,
        "<h1>renda 已关闭</h1><p>可以关掉这个标签页了。需要时再双击“启动 renda.sh”（或运行 renda serve --open）。</p>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_run_reads_the_same_on_the_first_start_and_on_the_update_page() {
        let st = super::super::reindex::Status {
            running: true,
            pass: 2,
            done: 3,
            total: 7,
            folder: Some("<讲话稿>".into()),
            ..Default::default()
        };
        let line = progress_line(&st, "正在更新", "");
        assert!(
            line.contains("正在更新（读取讲话、写入索引）：3 / 7 个文件，文件夹 &lt;讲话稿&gt;"),
            "{line}"
        );
        assert!(line.contains(r#"<progress max="7" value="3">"#), "{line}");
        assert!(index_page(&st, true, None).contains(&line));
        assert!(run_progress(&st).contains("正在建立索引（读取讲话、写入索引）：3 / 7 个文件"));
    }

    fn hit(file: &str, paragraph: usize) -> Hit {
        Hit {
            file: file.into(),
            title: format!("<{file}>"),
            level: Some(Level::County),
            year: Some(2023),
            date: None,
            region: Some("临洮县".into()),
            section: Some("一、总体要求".into()),
            paragraph,
            text: "要密切联系群众。".into(),
            score: 1.0,
            matches: std::iter::once(3..21).collect(),
            duplicates: Vec::new(),
        }
    }

    #[test]
    fn a_hit_shows_its_source_and_its_family() {
        let mut h = hit("a.txt", 3);
        h.duplicates = vec![
            hit("b.txt", 5).as_duplicate(),
            hit("b.txt", 9).as_duplicate(),
            hit("c.txt", 1).as_duplicate(),
        ];
        let html = hit_html(&h);
        assert!(html.contains("要<mark>密切联系群众</mark>。"), "{html}");
        assert!(
            html.contains("&lt;a.txt&gt;</a> · 县 · 2023年 · 临洮县 · 一、总体要求 · "),
            "{html}"
        );
        assert!(html.contains(&format!(
            r##"href="/speech/{}?hl=%E5%AF%86%E5%88%87%E8%81%94%E7%B3%BB%E7%BE%A4%E4%BC%97#p3""##,
            id_of("a.txt")
        )));
        // Two other speeches, three paragraphs.
        assert!(
            html.contains("<details><summary>另有 2 篇讲话用过这句话</summary>"),
            "{html}"
        );
        assert_eq!(html.matches("<li>").count(), 3);
        assert!(html.contains(&format!(r##"href="/speech/{}#p9""##, id_of("b.txt"))));
    }

    #[test]
    fn the_reader_marks_every_occurrence_once() {
        let terms = vec!["群众".to_string(), "联系群众".to_string(), String::new()];
        let text = "联系群众，为了群众";
        let r = occurrences(text, &terms);
        assert_eq!(
            highlighted(text, &r),
            "<mark>联系群众</mark>，为了<mark>群众</mark>"
        );
    }

    #[test]
    fn text_is_escaped_and_matches_marked_on_char_boundaries() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let text = "密切联系<群众>";
        let m = 6..12; // 联系
        assert_eq!(highlighted(text, &[m]), "密切<mark>联系</mark>&lt;群众&gt;");
        // Not on a character boundary: left unmarked, nothing lost.
        let inside = 1..4;
        assert_eq!(
            highlighted(text, std::slice::from_ref(&inside)),
            "密切联系&lt;群众&gt;"
        );
        assert_eq!(
            highlighted(text, &[0..3, 1..6]),
            "<mark>密</mark>切联系&lt;群众&gt;"
        );
    }
}
