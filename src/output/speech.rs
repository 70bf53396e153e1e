//! Print a parsed speech: for people (`text`) or as one JSON object.

use std::io::{self, Write};

use crate::i18n::msg;
use renda_core::speech::{LabelName, Source, Speech};

/// Write the speech as one JSON object on one line.
pub fn write_json(w: &mut impl Write, speech: &Speech) -> io::Result<()> {
    write_json_with_copies(w, speech, &[])
}

/// [`write_json`], with the files that hold the same text (`"copies"`).
pub fn write_json_with_copies(
    w: &mut impl Write,
    speech: &Speech,
    copies: &[String],
) -> io::Result<()> {
    if copies.is_empty() {
        serde_json::to_writer(&mut *w, speech)?;
    } else {
        let mut value = serde_json::to_value(speech)?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("copies".into(), serde_json::to_value(copies)?);
        }
        serde_json::to_writer(&mut *w, &value)?;
    }
    writeln!(w)
}

fn source(s: Option<Source>) -> &'static str {
    s.map_or("", msg::source_of)
}

/// Write the speech for people: its labels, then its structure, paragraph
/// by paragraph, Chinese as Chinese.
pub fn write_text(w: &mut impl Write, speech: &Speech) -> io::Result<()> {
    write_text_with_copies(w, speech, &[])
}

/// [`write_text`], with the files that hold the same text: copies, indexed
/// once.
pub fn write_text_with_copies(
    w: &mut impl Write,
    speech: &Speech,
    copies: &[String],
) -> io::Result<()> {
    let s = &speech.sources;
    let unknown = msg::unknown().to_string();
    writeln!(
        w,
        "{}{}",
        msg::field("file"),
        renda_core::display::escaped(&speech.file)
    )?;
    let l = &speech.labels;
    for name in LabelName::ALL {
        let value = match name {
            LabelName::Title => renda_core::display::escaped(&l.title).into_owned(),
            LabelName::Level => l
                .level
                .map_or(unknown.clone(), |l| match crate::i18n::lang() {
                    crate::i18n::Lang::Zh => l.as_chinese().to_string(),
                    crate::i18n::Lang::En => format!("{l} ({})", l.as_chinese()),
                }),
            LabelName::Year => l.year.map_or(unknown.clone(), |y| y.to_string()),
            LabelName::Date => l.date.map_or(unknown.clone(), |d| d.to_string()),
            LabelName::Region => {
                renda_core::display::escaped(l.region.as_ref().unwrap_or(&unknown)).into_owned()
            }
        };
        writeln!(
            w,
            "{}{}{}",
            msg::field(name.as_str()),
            value,
            source(s.of(name))
        )?;
    }
    if let Some(page) = &speech.page {
        let mut parts = Vec::new();
        if let Some(t) = &page.title {
            parts.push(msg::page_part("title", t));
        }
        if let Some(d) = &page.published {
            parts.push(msg::page_part("published", &d.to_string()));
        }
        if let Some(s) = &page.source {
            parts.push(msg::page_part("source", s));
        }
        if !parts.is_empty() {
            writeln!(w, "{}{}", msg::field("page"), parts.join(" · "))?;
        }
    }
    if !copies.is_empty() {
        writeln!(
            w,
            "{}{}",
            msg::field("copies"),
            msg::copies_indexed_once(
                &copies
                    .iter()
                    .map(|c| renda_core::display::escaped(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        )?;
    }
    writeln!(
        w,
        "{}{}",
        msg::field("parts"),
        msg::speech_parts(
            speech.sections.len(),
            speech.paragraphs.len(),
            speech.removed.len()
        )
    )?;
    writeln!(w)?;
    if let Some(t) = &speech.title_line {
        writeln!(w, "# {t}")?;
    }
    for f in &speech.front {
        writeln!(w, "  {f}")?;
    }
    if let Some(sal) = &speech.salutation {
        writeln!(w, "{sal}")?;
    }
    let mut current = None;
    for p in &speech.paragraphs {
        if p.section_index != current {
            // Print every heading up to this paragraph's section, including
            // headings with no paragraph of their own.
            let from = current.map_or(0, |c| c + 1);
            if let Some(to) = p.section_index {
                for sec in speech.sections.iter().take(to + 1).skip(from) {
                    writeln!(
                        w,
                        "\n{} {}",
                        "#".repeat(usize::from(sec.depth) + 1),
                        sec.heading
                    )?;
                }
            }
            current = p.section_index;
        }
        if p.table {
            writeln!(w, "¶{} {} {}", p.n, msg::table_row(), p.text)?;
        } else {
            writeln!(w, "¶{} {}", p.n, p.text)?;
        }
    }
    let printed = current.map_or(0, |c| c + 1);
    for sec in speech.sections.iter().skip(printed) {
        writeln!(
            w,
            "\n{} {}",
            "#".repeat(usize::from(sec.depth) + 1),
            sec.heading
        )?;
    }
    if !speech.removed.is_empty() {
        writeln!(w, "\n{}", msg::field("removed").trim_end())?;
        for r in &speech.removed {
            writeln!(
                w,
                "  {}",
                msg::removed_line(r.line, r.reason.as_str(), &r.text)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use renda_core::speech::{ParseContext, parse};

    #[test]
    fn text_shows_labels_headings_and_paragraphs() {
        let sp = parse(
            "仅供学习 禁止外传\n\n在全县人大工作会议上的讲话\n同志们：\n一、提高认识\n要密切联系群众。\n二、狠抓落实\n",
            &ParseContext {
                rel: "a.txt",
                ..Default::default()
            },
        );
        let mut out = Vec::new();
        crate::i18n::with_lang(crate::i18n::Lang::En, || write_text(&mut out, &sp)).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("level:   county (县) (text)"), "{out}");
        assert!(
            out.contains("## 一、提高认识\n¶1 要密切联系群众。"),
            "{out}"
        );
        assert!(out.contains("## 二、狠抓落实"), "{out}");
        assert!(out.contains("line 1 [ad] 仅供学习 禁止外传"), "{out}");
    }

    #[test]
    fn json_has_the_documented_keys() {
        let sp = parse(
            "同志们：\n一、提高认识\n要密切联系群众。",
            &ParseContext {
                rel: "county/2021/a.txt",
                ..Default::default()
            },
        );
        let mut out = Vec::new();
        write_json(&mut out, &sp).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["level"], "county");
        assert_eq!(v["year"], 2021);
        assert_eq!(v["sources"]["level"], "path");
        assert_eq!(v["region"], serde_json::Value::Null);
        assert_eq!(v["sections"][0]["heading"], "一、提高认识");
        assert_eq!(v["paragraphs"][0]["n"], 1);
        assert_eq!(v["paragraphs"][0]["section"], "一、提高认识");
        assert_eq!(v["paragraphs"][0]["text"], "要密切联系群众。");
    }
}
