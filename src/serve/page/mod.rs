//! The web pages. They work with JavaScript off (plain links and GET
//! forms, so the URL holds a search and its filters).
//!
//! The HTML is written with [`maud`]'s `html!` templates rather than
//! `format!` strings: maud checks the markup when the crate compiles (an
//! unclosed element or a misspelt variable is a build error, not a broken
//! page), escapes every value spliced in unless it is wrapped in
//! [`PreEscaped`], and compiles the templates into the binary, so there are
//! no template files to ship or to find at run time. askama would do the
//! same checks but keeps each page in a separate template file in another
//! language; maud keeps the markup beside the Rust that fills it in.
//!
//! This module holds the layout and the parts several pages share; each
//! page (or group of pages) has its file: `search` (the form, the results,
//! a hit), `speech` (the reader), `compare`, `kwic`, `similar`, `check`,
//! `stats` (索引状态, the folders, the related expressions) and `runs` (an
//! index run: the first start, the update page, renda closing). The style
//! sheet is `style.css`.

mod check;
mod compare;
mod kwic;
mod runs;
mod search;
mod similar;
mod speech;
mod stats;

use maud::{Markup, PreEscaped, html};

use super::params;
use crate::i18n::msg;
use renda_core::search::Filters;
use renda_core::speech::Level;

pub use check::{Draft, check_page};
pub use compare::compare_page;
pub use kwic::kwic_page;
pub use runs::{
    FirstStartView, add_folder_page, first_start, first_start_off, index_page, last_run, quit_page,
};
pub use search::{Below, results, search_form, search_page};
pub use similar::{SimilarFrom, similar_page};
pub use speech::{MAX_MARK_CHARS, MAX_MARKS, speech_page};
pub use stats::{Settings, related_page, stats_page};

/// The style sheet of every page, served as `/static/style.css`.
pub const STYLE: &str = include_str!("style.css");

/// `text` with the byte ranges `matches` in `<mark>`, escaped; a range
/// that is not on character boundaries is left unmarked.
pub fn highlighted(text: &str, matches: &[std::ops::Range<usize>]) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for m in matches {
        if m.start < at || text.get(m.clone()).is_none() || text.get(at..m.start).is_none() {
            continue;
        }
        pieces.push((&text[at..m.start], false));
        pieces.push((&text[m.clone()], true));
        at = m.end;
    }
    pieces.push((&text[at..], false));
    html! {
        @for (piece, marked) in pieces {
            @if marked { mark { (piece) } } @else { (piece) }
        }
    }
}

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

/// `text` for a URL's query.
pub fn url_encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
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

/// The links of the header, each with the view it opens.
const NAV: [(&str, &str, View); 6] = [
    ("/", "检索", View::Search),
    ("/compare", "对比说法", View::Compare),
    ("/kwic", "上下文", View::Kwic),
    ("/similar", "相似段落", View::Similar),
    ("/check", "查重", View::Check),
    ("/stats", "索引状态", View::Stats),
];

/// A whole page around `body`.
fn layout(title: &str, view: View, body: Markup) -> String {
    layout_with(title, view, None, body)
}

/// A whole page around `body`, with `head` added to its head.
fn layout_with(title: &str, view: View, head: Option<Markup>, body: Markup) -> String {
    html! {
        (PreEscaped("<!doctype html>\n"))
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                "\n"
                title { (title) " · renda" }
                link rel="stylesheet" href="/static/style.css";
                @if let Some(head) = head { (head) }
            }
            "\n"
            body {
                header {
                    nav {
                        @for (href, label, v) in NAV {
                            @if v == view {
                                a href=(href) class="here" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                        }
                    }
                }
                main { "\n" (body) "\n" }
            }
        }
        "\n"
    }
    .into_string()
}

/// The head line that reloads a page each second (a run's progress, with
/// JavaScript off too).
fn refresh_each_second() -> Markup {
    html! { meta http-equiv="refresh" content="1"; }
}

/// An error, as a line of a page.
fn error_line(message: &str) -> Markup {
    html! { p class="error" { (message) } }
}

/// A page that says only `message` (an error).
pub fn message_page(title: &str, message: &str) -> String {
    layout(title, View::Other, error_line(message))
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

/// The filters of a form (levels, years, region, section), filled in with
/// what was asked.
fn filter_controls(asked: &Asked) -> Markup {
    let f = &asked.filters;
    // A year box shows what was typed, marked, with why it is wrong
    // beside it; else the year the filters hold.
    let year_box = |k: usize, name: &str, y: Option<u16>| {
        let typed = &asked.years[k];
        let value = if typed.is_empty() {
            y.map(|y| y.to_string()).unwrap_or_default()
        } else {
            typed.clone()
        };
        html! {
            @if let Some(e) = &asked.year_errors[k] {
                input class="year bad" name=(name) inputmode="numeric"
                    maxlength=(params::MAX_QUERY_CHARS) value=(value) aria-invalid="true";
                span class="bad" { (e) }
            } @else {
                input class="year" name=(name) inputmode="numeric" maxlength="5" value=(value);
            }
        }
    };
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    html! {
        fieldset {
            legend { "层级" }
            @for l in LEVELS {
                label {
                    input type="checkbox" name="level" value=(l.as_str())
                        checked[f.levels.contains(&l)];
                    (l.as_chinese())
                }
            }
            label title=(msg::serve_keeps_unknown(renda_core::search::Unknown::Level)) {
                input type="checkbox" name="include_unknown_level" value="1"
                    checked[f.include_unknown.level];
                "含层级未知"
            }
        }
        fieldset {
            label {
                "年份 " (year_box(0, "since", f.since.or(f.year)))
                " – " (year_box(1, "until", f.until.or(f.year)))
            }
            label title=(msg::serve_keeps_unknown(renda_core::search::Unknown::Year)) {
                input type="checkbox" name="include_unknown_year" value="1"
                    checked[f.include_unknown.year];
                "含年份未知"
            }
            label {
                "地区 "
                input name="region" maxlength=(params::MAX_QUERY_CHARS) value=(text(&f.region));
            }
            label {
                "部分 "
                input name="section" maxlength=(params::MAX_QUERY_CHARS) value=(text(&f.section));
            }
        }
    }
}

/// A link to a paragraph of a speech (`¶3`), or to the speech where the
/// place is its heading.
fn paragraph_link(file: &str, paragraph: usize) -> Markup {
    let id = super::speech::id_of(file);
    html! {
        @if paragraph == 0 {
            a href={ "/speech/" (id) } { (msg::heading_place()) }
        } @else {
            a href={ "/speech/" (id) "#p" (paragraph) } { "¶" (paragraph) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_marks_every_occurrence_once() {
        let terms = vec!["群众".to_string(), "联系群众".to_string(), String::new()];
        let text = "联系群众，为了群众";
        let r = occurrences(text, &terms);
        assert_eq!(
            highlighted(text, &r).into_string(),
            "<mark>联系群众</mark>，为了<mark>群众</mark>"
        );
    }

    #[test]
    fn text_is_escaped_and_matches_marked_on_char_boundaries() {
        let h = |text: &str, m: &[std::ops::Range<usize>]| highlighted(text, m).into_string();
        assert_eq!(
            h(r#"<a href="x">&'"#, &[]),
            "&lt;a href=&quot;x&quot;&gt;&amp;'"
        );
        let text = "密切联系<群众>";
        let m = 6..12; // 联系
        assert_eq!(h(text, &[m]), "密切<mark>联系</mark>&lt;群众&gt;");
        // Not on a character boundary: left unmarked, nothing lost.
        let inside = 1..4;
        assert_eq!(
            h(text, std::slice::from_ref(&inside)),
            "密切联系&lt;群众&gt;"
        );
        assert_eq!(h(text, &[0..3, 1..6]), "<mark>密</mark>切联系&lt;群众&gt;");
    }

    #[test]
    fn what_was_typed_is_escaped_in_every_box_of_the_form() {
        let typed = r#"<script>alert("x")</script>'"#;
        let asked = Asked {
            q: typed.into(),
            filters: Filters {
                region: Some(typed.into()),
                section: Some(typed.into()),
                ..Filters::default()
            },
            years: [typed.into(), String::new()],
            year_errors: [Some(typed.into()), None],
            ..Asked::default()
        };
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'";
        for page in [
            search_page(&asked, Below::LastRun(&Default::default())),
            compare_page(
                &asked,
                renda_core::search::compare::By::Level,
                None,
                Some(typed),
            ),
            kwic_page(&asked, "none", None, Some(typed)),
            similar_page(typed, None, &asked, None, Some(typed)),
        ] {
            assert!(!page.contains("<script>"), "{page}");
            // The query box, the region, the section, the year as typed
            // and why it is wrong.
            assert!(page.matches(escaped).count() >= 5, "{page}");
        }
        let title = search_page(&asked, Below::Error(typed));
        assert!(
            title.contains(&format!("<title>检索：{escaped} · renda</title>")),
            "{title}"
        );
        assert!(
            title.contains(&format!(r#"<p class="error">{escaped}</p>"#)),
            "{title}"
        );
    }
}
