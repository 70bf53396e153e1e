//! The search page: the form, and under it the results (the count, what
//! was left out, the related words, the export links, the hits and the
//! paging), the last run's note, or an error.

use maud::{Markup, html};

use super::super::params::{self, filters_query};
use super::super::speech::id_of;
use super::{Asked, View, error_line, filter_controls, highlighted, layout, paragraph_link};
use crate::i18n::msg;
use crate::output::export::ExportFormat;
use renda_core::search::{Duplicate, Filters, Hit, SearchResult};
use renda_core::speech::Label;

/// What the search page shows under its form.
pub enum Below<'a> {
    /// No search asked, and how the last run from the page ended.
    LastRun(&'a super::super::reindex::Status),
    /// The results of a search ([`results`]).
    Results(Markup),
    /// Why the search could not be made.
    Error(&'a str),
}

/// The search page: the form filled in with what was asked, and `below`.
pub fn search_page(asked: &Asked, below: Below) -> String {
    let title = match below {
        Below::LastRun(_) => "检索".to_string(),
        Below::Results(_) | Below::Error(_) => format!("检索：{}", asked.q),
    };
    let body = html! {
        (search_form(asked))
        @match below {
            Below::LastRun(st) => { (super::last_run(st)) }
            Below::Results(r) => { (r) }
            Below::Error(e) => { (error_line(e)) }
        }
    };
    layout(&title, View::Search, body)
}

/// The search form, filled in with what was asked.
pub fn search_form(asked: &Asked) -> Markup {
    html! {
        form class="search" method="get" action="/" {
            input type="search" name="q" maxlength=(params::MAX_QUERY_CHARS) value=(asked.q)
                placeholder="主题，或用引号查短语：“密切联系群众”；可用 AND、OR、-" autofocus;
            " "
            button { "检索" }
            @if asked.literal {
                input type="hidden" name="literal" value="1";
            }
            (filter_controls(asked))
        }
    }
}

/// The source of a hit: title · level · year · region · section · ¶n,
/// the title a link to the speech at that paragraph.
/// `shown` are the labels after the title, in the order of
/// [`renda_core::speech::labels::shown`].
fn source_line(file: &str, title: &str, shown: Vec<Label<'_>>) -> Vec<Markup> {
    let mut parts = vec![html! {
        a href={ "/speech/" (id_of(file)) } { (if title.is_empty() { file } else { title }) }
    }];
    parts.extend(shown.into_iter().map(|l| match l {
        Label::Level(l) => html! { (l.as_chinese()) },
        Label::Year(y) => html! { (y) "年" },
        Label::Region(r) => html! { (r) },
    }));
    parts
}

/// `parts` with ` · ` between them.
fn dotted(parts: &[Markup]) -> Markup {
    html! {
        @for (i, part) in parts.iter().enumerate() {
            @if i > 0 { " · " }
            (part)
        }
    }
}

/// The strings a hit's matches cover, each once, at most
/// [`super::MAX_MARKS`].
fn matched_strings(h: &Hit) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for m in &h.matches {
        if let Some(t) = h.text.get(m.clone())
            && !out.contains(&t)
            && out.len() < super::MAX_MARKS
            && t.chars().count() <= super::MAX_MARK_CHARS
        {
            out.push(t);
        }
    }
    out
}

/// A hit: its text with the matches marked, its source, and the other
/// speeches that used the same sentence.
pub(super) fn hit_html(h: &Hit) -> Markup {
    let mut parts = source_line(&h.file, &h.labels.title, h.labels.shown());
    parts.extend(
        h.section
            .as_deref()
            .filter(|_| h.paragraph > 0)
            .map(|s| html! { (s) }),
    );
    let id = id_of(&h.file);
    if h.paragraph == 0 {
        parts.push(paragraph_link(&h.file, 0));
    } else {
        // The reader marks what the search matched.
        let marks: Vec<String> = matched_strings(h)
            .iter()
            .map(|t| format!("hl={}", params::encode(t)))
            .collect();
        let query = if marks.is_empty() {
            String::new()
        } else {
            format!("?{}", marks.join("&"))
        };
        let n = h.paragraph;
        parts.push(html! { a href={ "/speech/" (id) (query) "#p" (n) } { "¶" (n) } });
        parts.push(html! {
            a href={ "/similar?id=" (id) "&paragraph=" (n) } { "相似段落" }
        });
    }
    html! {
        article class="hit" {
            p class="text" { (highlighted(&h.text, &h.matches)) }
            p class="source" { (dotted(&parts)) }
            @if !h.duplicates.is_empty() {
                (family_html(&h.duplicates))
            }
        }
        "\n"
    }
}

/// `另有 N 篇讲话用过这句话`, opening to their sources.
fn family_html(dups: &[Duplicate]) -> Markup {
    let speeches: std::collections::BTreeSet<&str> = dups.iter().map(|d| d.file.as_str()).collect();
    html! {
        details {
            summary { "另有 " (speeches.len()) " 篇讲话用过这句话" }
            ul {
                @for d in dups.iter().take(renda_core::hit::COPIES_LISTED) {
                    li { (dotted(&duplicate_parts(d))) }
                }
            }
            @if dups.len() > renda_core::hit::COPIES_LISTED {
                p class="more" {
                    "另有 " (dups.len() - renda_core::hit::COPIES_LISTED) " 段未列出"
                }
            }
        }
    }
}

/// The source of a duplicate and a link to its paragraph.
fn duplicate_parts(d: &Duplicate) -> Vec<Markup> {
    let mut parts = source_line(
        &d.file,
        &d.title,
        renda_core::speech::labels::shown(&d.title, d.level, d.year, None),
    );
    parts.push(paragraph_link(&d.file, d.paragraph));
    parts
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
pub fn results(asked: &Asked, r: &SearchResult, offset: usize, limit: usize) -> Markup {
    use msg::Page;
    let folded: usize = r.hits.iter().map(|h| h.duplicates.len()).sum();
    let n = r.hits.len();
    let page = Page::of(r.total, r.phrasings, n, folded, offset, false);
    let mut count = msg::matching(r.total, page);
    if r.unfolded > 0 {
        count.push_str(&msg::folded_only_first(renda_core::search::FOLD_ALL_MAX));
    }
    let described = crate::i18n::search::describe(crate::i18n::lang(), &asked.filters);
    let search_link = |a: &Asked| format!("/?{}", search_query(a, ""));
    let left_out: Vec<_> = r.left_out.iter().filter(|l| l.paragraphs > 0).collect();
    let with_unknown = Asked {
        filters: Filters {
            include_unknown: left_out
                .iter()
                .fold(asked.filters.include_unknown, |k, l| k.with(l.field)),
            ..asked.filters.clone()
        },
        ..asked.clone()
    };
    let left_out_lines: Vec<String> = left_out
        .iter()
        .map(|l| msg::serve_left_out(l.speeches, l.paragraphs, l.field))
        .collect();
    // Each related word with where it comes from, and a × that searches
    // again without it.
    let dropped = |word: &str| Asked {
        without: asked
            .without
            .iter()
            .cloned()
            .chain(std::iter::once(word.to_string()))
            .collect(),
        ..asked.clone()
    };
    let with = |literal: bool| Asked {
        literal,
        ..asked.clone()
    };
    let restored = Asked {
        without: Vec::new(),
        ..asked.clone()
    };
    let mut paging = Vec::new();
    if offset > 0 {
        let prev = offset.saturating_sub(limit.max(1));
        paging.push((search_query(asked, &format!("offset={prev}")), "上一页"));
    }
    let next = offset + n;
    if n > 0 && r.more_after(offset) && next <= params::MAX_OFFSET {
        paging.push((search_query(asked, &format!("offset={next}")), "下一页"));
    }
    html! {
        p class="count" {
            (count)
            @if !described.is_empty() { "（" (described) "）" }
        }
        @if !left_out.is_empty() {
            p class="count" {
                (left_out_lines.join("；")) "。"
                a href=(search_link(&with_unknown)) { "一并检索未知的" }
            }
        }
        @if !r.related.is_empty() {
            p class="count related" {
                (msg::serve_also_searched(""))
                @for (i, rel) in r.related.iter().enumerate() {
                    @if i > 0 { " " }
                    span class="chip" {
                        (msg::related_word(&rel.word, rel.source))
                        a href=(search_link(&dropped(&rel.word)))
                            title=(msg::serve_drop_word(&rel.word))
                            aria-label=(msg::serve_drop_word(&rel.word)) { "×" }
                    }
                }
                " "
                a href=(search_link(&with(true))) { "只搜原词" }
            }
        }
        @if !asked.without.is_empty() && !asked.literal {
            p class="count" {
                (msg::serve_dropped(&asked.without.join("、")))
                " "
                a href=(search_link(&restored)) { (msg::serve_restore_words()) }
            }
        }
        @if r.related.is_empty() && asked.literal {
            p class="count" {
                "只搜了原词。"
                a href=(search_link(&with(false))) { "加上相关说法" }
            }
        }
        @if r.total > 0 {
            p class="exports" {
                "导出全部匹配段落："
                @for format in ExportFormat::ALL {
                    a href={ "/export/" (format.extension()) "?" (search_query(asked, "")) } download {
                        (format.label())
                    }
                }
            }
        }
        @for h in &r.hits {
            (hit_html(h))
        }
        @if !paging.is_empty() {
            p class="paging" {
                @for (query, label) in &paging {
                    a href={ "/?" (query) } { (label) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::speech::Level;

    fn hit(file: &str, paragraph: usize) -> Hit {
        Hit {
            file: file.into(),
            labels: renda_core::speech::Labels {
                title: format!("<{file}>"),
                level: Some(Level::County),
                year: Some(2023),
                date: None,
                region: Some("临洮县".into()),
            },
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
        let html = hit_html(&h).into_string();
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
    fn a_family_of_thousands_lists_some_and_counts_the_rest() {
        let mut h = hit("a.txt", 3);
        h.duplicates = (0..3000)
            .map(|i| hit(&format!("{}.txt", i / 3), 1 + i % 3).as_duplicate())
            .collect();
        let html = hit_html(&h).into_string();
        assert!(html.contains("<summary>另有 1000 篇讲话用过这句话</summary>"));
        let listed = renda_core::hit::COPIES_LISTED;
        assert_eq!(html.matches("<li>").count(), listed);
        assert!(
            html.contains(&format!("另有 {} 段未列出", 3000 - listed)),
            "{html}"
        );
    }
}
