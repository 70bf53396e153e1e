//! Print a comparison of phrasings by group: for people, as Markdown or JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::hits::escape_md;
use renda_core::search::compare::{By, Group};
use renda_core::speech::Level;

#[derive(Serialize)]
struct Record<'a> {
    theme: &'a str,
    by: By,
    groups: Vec<GroupRecord<'a>>,
}

#[derive(Serialize)]
struct GroupRecord<'a> {
    #[serde(flatten)]
    group: &'a Group,
    /// By level: the Chinese name of the level the key codes (县).
    #[serde(skip_serializing_if = "Option::is_none")]
    key_label: Option<&'static str>,
}

/// `{"theme", "by", "groups": [{"key", "speeches", "phrasings": [{"text",
/// "count", "sources": [...]}], "more", "key_label"}]}` on one line
/// (`more`: the group's phrasings left out by `--limit`); `key_label`
/// (县) only by level, whose `key` is the code (`county`).
pub fn write_json(w: &mut impl Write, theme: &str, by: By, groups: &[Group]) -> io::Result<()> {
    let groups = groups
        .iter()
        .map(|group| GroupRecord {
            group,
            key_label: match by {
                By::Level => group
                    .key
                    .as_deref()
                    .and_then(|k| k.parse::<Level>().ok())
                    .map(Level::as_chinese),
                _ => None,
            },
        })
        .collect();
    serde_json::to_writer(&mut *w, &Record { theme, by, groups })?;
    writeln!(w)
}

/// The group's name for people: 县 county, the region, the year, the file.
fn name(by: By, key: &Option<String>) -> String {
    match (by, key) {
        (_, None) => crate::i18n::msg::unknown().to_string(),
        (By::Level, Some(k)) => match k.parse::<Level>() {
            Ok(l) => crate::i18n::msg::level_name(l).to_string(),
            Err(_) => renda_core::display::escaped(k).into_owned(),
        },
        (_, Some(k)) => renda_core::display::escaped(k).into_owned(),
    }
}

fn sources(p: &renda_core::search::compare::Phrasing) -> String {
    let mut files: Vec<String> = p
        .sources
        .iter()
        .map(|s| format!("{} ¶{}", renda_core::display::escaped(&s.file), s.paragraph))
        .collect();
    files.dedup();
    files.join("; ")
}

/// For people: per group its name and speech count, then each phrasing with
/// how many speeches use it and where.
pub fn write_text(w: &mut impl Write, theme: &str, by: By, groups: &[Group]) -> io::Result<()> {
    writeln!(w, "{}", crate::i18n::msg::compare_title(theme, by))?;
    for g in groups {
        writeln!(w)?;
        writeln!(
            w,
            "{}",
            crate::i18n::msg::compare_group(&name(by, &g.key), g.speeches)
        )?;
        for p in &g.phrasings {
            writeln!(w, "  [{}] {}", p.count, p.text)?;
            writeln!(w, "      {}", sources(p))?;
        }
        if g.more > 0 {
            writeln!(w, "  {}", crate::i18n::msg::compare_more(g.more))?;
        }
    }
    if groups.is_empty() {
        writeln!(w, "{}", crate::i18n::msg::compare_none())?;
    }
    Ok(())
}

/// Markdown: a heading per group, a list of phrasings.
pub fn write_md(w: &mut impl Write, theme: &str, by: By, groups: &[Group]) -> io::Result<()> {
    writeln!(
        w,
        "# {}",
        escape_md(&crate::i18n::msg::compare_title(theme, by))
    )?;
    for g in groups {
        writeln!(w)?;
        writeln!(
            w,
            "## {}",
            escape_md(&crate::i18n::msg::compare_group(
                &name(by, &g.key),
                g.speeches
            ))
        )?;
        writeln!(w)?;
        for p in &g.phrasings {
            writeln!(
                w,
                "- **{}** {}",
                crate::i18n::msg::compare_uses(p.count),
                escape_md(&p.text)
            )?;
            writeln!(w, "  <br>{}", escape_md(&sources(p)))?;
        }
        if g.more > 0 {
            writeln!(w)?;
            writeln!(w, "{}", escape_md(&crate::i18n::msg::compare_more(g.more)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};
    use renda_core::search::compare::Phrasing;

    #[test]
    fn markdown_says_its_counts_in_the_language_asked_for() {
        let groups = vec![Group {
            key: Some("county".into()),
            speeches: 3,
            phrasings: vec![Phrasing {
                text: "密切联系群众。".into(),
                count: 2,
                sources: Vec::new(),
            }],
            more: 0,
        }];
        let md = |lang| {
            with_lang(lang, || {
                let mut buf = Vec::new();
                write_md(&mut buf, "联系群众", By::Level, &groups).unwrap();
                String::from_utf8(buf).unwrap()
            })
        };
        let zh = md(Lang::Zh);
        assert!(zh.contains("\n## 县（3 篇讲话）\n"), "{zh}");
        assert!(zh.contains("\n- **2 篇** 密切联系群众。\n"), "{zh}");
        let en = md(Lang::En);
        assert!(en.contains("\n## county (3 speeches)\n"), "{en}");
        assert!(en.contains("\n- **2 speeches** 密切联系群众。\n"), "{en}");
        assert!(!en.contains('篇'), "{en}");
    }
}
