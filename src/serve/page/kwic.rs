//! 上下文: the KWIC form and, when asked, the lines aligned on the term,
//! with the words most often right before and after it.

use maud::{Markup, html};

use super::super::params;
use super::super::speech::id_of;
use super::{Asked, View, error_line, filter_controls, layout};
use crate::i18n::msg;
use renda_core::search::kwic::{Collocate, Concordance};

/// The orders the form offers, with their labels.
const SORTS: [(&str, &str); 3] = [
    ("none", "按出现顺序"),
    ("left", "按左侧的词"),
    ("right", "按右侧的词"),
];

/// The KWIC form and, when asked, the lines aligned on the term, with the
/// words most often right before and after it.
pub fn kwic_page(
    asked: &Asked,
    sort: &str,
    c: Option<&Concordance>,
    error: Option<&str>,
) -> String {
    let words = |list: &[Collocate]| {
        list.iter()
            .map(|w| format!("{}（{}）", w.text, w.count))
            .collect::<Vec<_>>()
            .join("、")
    };
    let body = html! {
        h1 { "上下文" }
        form class="search" method="get" action="/kwic" {
            input type="search" name="q" maxlength=(params::MAX_QUERY_CHARS) value=(asked.q)
                placeholder="一个词，如 联系群众";
            " "
            button { "查看" }
            fieldset {
                label {
                    "排列 "
                    select name="sort" {
                        @for (value, label) in SORTS {
                            option value=(value) selected[value == sort] { (label) }
                        }
                    }
                }
            }
            (filter_controls(asked))
        }
        @if let Some(e) = error { (error_line(e)) }
        @if let Some(c) = c {
            p class="count" { "共 " (c.total_lines) " 处，显示 " (c.listed) " 处" }
            @if !c.before.is_empty() {
                p class="count" { "前面常见：" (words(&c.before)) }
            }
            @if !c.after.is_empty() {
                p class="count" { "后面常见：" (words(&c.after)) }
            }
            table class="kwic" {
                @for l in &c.lines {
                    tr {
                        td class="left" { (l.left) }
                        td { mark { (l.matched) } }
                        td { (l.right) }
                        td class="source" { (kwic_source(&l.file, l.paragraph)) }
                    }
                }
            }
        }
    };
    layout("上下文", View::Kwic, body)
}

/// A concordance line's source as the terminal prints it: `file ¶n`
/// (`file 标题` for a heading), the file a link to the speech, `¶n` to the
/// paragraph.
fn kwic_source(file: &str, paragraph: usize) -> Markup {
    let id = id_of(file);
    html! {
        a href={ "/speech/" (id) } { (file) }
        " "
        @if paragraph == 0 {
            a href={ "/speech/" (id) } { (msg::heading_place()) }
        } @else {
            a href={ "/speech/" (id) "#p" (paragraph) } { "¶" (paragraph) }
        }
    }
}
