//! The reader: the whole cleaned speech, its paragraphs anchored `#p12`,
//! with the strings a search matched marked.

use maud::html;

use super::super::speech::IndexedSpeech;
use super::{View, highlighted, layout, occurrences};

/// Strings the speech reader marks, at most, and their length.
pub const MAX_MARKS: usize = 8;
pub const MAX_MARK_CHARS: usize = 50;

/// The whole cleaned speech, its paragraphs anchored `#p12`, with `marks`
/// (the strings a search matched) highlighted.
pub fn speech_page(sp: &IndexedSpeech, marks: &[String]) -> String {
    let body = html! {
        h1 { (sp.labels.title) }
        dl class="meta" {
            @if let Some(l) = sp.labels.level {
                dt { "层级" } dd { (l.as_chinese()) }
            }
            @if let Some(d) = sp.labels.date {
                dt { "日期" } dd { (d.to_string()) }
            } @else if let Some(y) = sp.labels.year {
                dt { "年份" } dd { (y) "年" }
            }
            @if let Some(r) = &sp.labels.region {
                dt { "地区" } dd { (r) }
            }
            dt { "文件" } dd { (sp.file) }
            @if let Some(p) = &sp.path {
                dt { "位置" } dd { (p) }
            }
        }
        div class="speech" {
            @for b in &sp.blocks {
                @if b.heading && b.section.is_none() && b.text == sp.labels.title {
                    // The title, already the page's <h1>.
                } @else if b.heading {
                    h2 { (b.text) }
                } @else if b.paragraph == 0 {
                    // The salutation: a line of the speech, not a numbered
                    // paragraph.
                    p class="salutation" { (highlighted(&b.text, &occurrences(&b.text, marks))) }
                } @else {
                    p id={ "p" (b.paragraph) } {
                        a class="pn" href={ "#p" (b.paragraph) } { "¶" (b.paragraph) }
                        (highlighted(&b.text, &occurrences(&b.text, marks)))
                    }
                }
            }
        }
    };
    layout(&sp.labels.title, View::Speech, body)
}
