//! 对比说法: the compare form and, when asked, the phrasings of each
//! group as a table and an SVG bar chart of how many speeches each group
//! has.

use maud::{Markup, html};

use super::super::params;
use super::super::speech::id_of;
use super::{Asked, View, error_line, filter_controls, layout};
use renda_core::search::compare::{By, Group};
use renda_core::speech::Level;

/// The groupings the form offers, with their labels.
const GROUPINGS: [(By, &str); 4] = [
    (By::Level, "层级"),
    (By::Region, "地区"),
    (By::Year, "年份"),
    (By::Speech, "讲话"),
];

/// The sources a phrasing lists, at most.
const SOURCES_SHOWN: usize = 5;

/// The compare form and, when asked, the phrasings as a table and an SVG
/// bar chart of how many speeches each group has.
pub fn compare_page(
    asked: &Asked,
    by: By,
    groups: Option<&[Group]>,
    error: Option<&str>,
) -> String {
    let body = html! {
        h1 { "对比说法" }
        form class="search" method="get" action="/compare" {
            input type="search" name="q" maxlength=(params::MAX_QUERY_CHARS) value=(asked.q)
                placeholder="主题，如 密切联系群众";
            " "
            button { "对比" }
            fieldset {
                label {
                    "按 "
                    select name="by" {
                        @for (b, label) in GROUPINGS {
                            option value=(b.as_str()) selected[b == by] { (label) }
                        }
                    }
                }
            }
            (filter_controls(asked))
        }
        @if let Some(e) = error { (error_line(e)) }
        @if let Some(groups) = groups {
            @if groups.is_empty() {
                p class="count" { "没有找到完整包含这一主题的段落。" }
            } @else {
                (bar_chart(by, groups))
                @for g in groups {
                    h2 { (group_name(by, g)) "（" (g.speeches) " 篇讲话）" }
                    table {
                        tr { th { "说法" } th { "次数" } th { "出处" } }
                        @for p in &g.phrasings {
                            @let more = p.sources.len().saturating_sub(SOURCES_SHOWN);
                            tr {
                                td { (p.text) }
                                td class="n" { (p.count) }
                                td {
                                    @for (i, d) in p.sources.iter().take(SOURCES_SHOWN).enumerate() {
                                        @if i > 0 { "、" }
                                        a href={ "/speech/" (id_of(&d.file)) "#p" (d.paragraph) } {
                                            (d.title)
                                        }
                                    }
                                    @if more > 0 { " 等另 " (more) " 处" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout("对比说法", View::Compare, body)
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
fn bar_chart(by: By, groups: &[Group]) -> Markup {
    let shown = &groups[..groups.len().min(30)];
    let max = shown.iter().map(|g| g.speeches).max().unwrap_or(1).max(1);
    let row = 26;
    let height = shown.len() * row + 10;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width="640" height=(height) role="img"
            aria-label="各组讲话数" font-size="13" font-family="sans-serif" {
            @for (i, g) in shown.iter().enumerate() {
                @let y = i * row + 5;
                @let w = (g.speeches as f64 / max as f64 * 420.0).round().max(1.0);
                text x="0" y=(y + 14) { (group_name(by, g).chars().take(10).collect::<String>()) }
                rect x="150" y=(y) width=(w) height="18" fill="#8b1a1a" {}
                text x=(150.0 + w + 6.0) y=(y + 14) { (g.speeches) }
            }
        }
    }
}
