//! 相似段落: the similar form (a paragraph's text, sent by POST, with the
//! filters) and, when asked, the paragraphs that say the same in other
//! words.

use maud::html;

use super::super::params;
use super::super::speech::id_of;
use super::search::hit_html;
use super::{Asked, View, error_line, filter_controls, layout, paragraph_link};
use crate::i18n::msg;
use renda_core::search::SearchResult;

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
    let body = html! {
        h1 { "相似段落" }
        form class="similar" method="post" action="/similar" {
            p {
                textarea name="text" rows="6" cols="80" maxlength=(params::MAX_TEXT_CHARS)
                    placeholder="粘贴一段文字，找意思相近、说法不同的段落" { (text) }
            }
            @if let Some(f) = from {
                @let id = id_of(&f.file);
                input type="hidden" name="id" value=(id);
                input type="hidden" name="paragraph" value=(f.paragraph);
                p class="source from" {
                    "出自 "
                    a href={ "/speech/" (id) "#p" (f.paragraph) } {
                        (if f.title.is_empty() { &f.file } else { &f.title })
                    }
                    " · "
                    (paragraph_link(&f.file, f.paragraph))
                }
            }
            (filter_controls(asked))
            p { button { "查找" } }
        }
        @if let Some(e) = error { (error_line(e)) }
        @if let Some(r) = r {
            p class="count" { (msg::matching(r.total, msg::Page::All)) }
            @for h in &r.hits {
                (hit_html(h))
            }
        }
    };
    layout("相似段落", View::Similar, body)
}
