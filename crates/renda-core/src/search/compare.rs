//! Compare: how speeches of each level, region, year or speech phrase a theme.
//!
//! The hits of the theme are grouped by the key asked for; within a group,
//! each hit's key sentence (the sentence that holds the theme) is folded into
//! phrasing families ([`near_duplicates`](super::near_duplicates)), and each
//! family is one phrasing: its best sentence, how many speeches use it, and
//! which.

use std::collections::{BTreeSet, HashMap};

use regex::Regex;
use serde::Serialize;

use super::near_duplicates::{families, key_sentence};
use super::query::glob_to_regex;
use super::{Duplicate, Hit};

/// What to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Level,
    Region,
    Year,
    Speech,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Level => "level",
            By::Region => "region",
            By::Year => "year",
            By::Speech => "speech",
        }
    }

    /// The group a hit belongs to (`None`: unknown).
    fn key(self, h: &Hit) -> Option<String> {
        match self {
            By::Level => h.labels.level.map(|l| l.as_str().to_string()),
            By::Region => h.labels.region.clone(),
            By::Year => h.labels.year.map(|y| y.to_string()),
            By::Speech => Some(h.file.clone()),
        }
    }
}

/// One way of putting the theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phrasing {
    /// The sentence, from the best-ranked paragraph that uses it.
    pub text: String,
    /// How many speeches use it.
    pub count: usize,
    /// Every paragraph that uses it.
    pub sources: Vec<Duplicate>,
}

/// The phrasings of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// city, county, …; the region; the year; the file. `null`: unknown.
    pub key: Option<String>,
    /// How many speeches of the group speak of the theme.
    pub speeches: usize,
    pub phrasings: Vec<Phrasing>,
    /// Phrasings of the group left out of `phrasings` by [`limit`].
    pub more: usize,
}

/// Keep the first `n` phrasings of each group (the most used), counting
/// the others in [`Group::more`].
pub fn limit(groups: &mut [Group], n: usize) {
    for g in groups {
        if g.phrasings.len() > n {
            g.more += g.phrasings.len() - n;
            g.phrasings.truncate(n);
        }
    }
}

/// Leave out one's own: hits whose region contains any of `regions`, or
/// whose file matches any of the globs in `files`.
pub fn exclude(hits: Vec<Hit>, regions: &[String], files: &[String]) -> Vec<Hit> {
    let globs: Vec<Regex> = files
        .iter()
        .filter_map(|g| Regex::new(&format!("^(?:{})$", glob_to_regex(g))).ok())
        .collect();
    hits.into_iter()
        .filter(|h| {
            let region_out = h.labels.region.as_deref().is_some_and(|r| {
                regions
                    .iter()
                    .any(|x| !x.is_empty() && r.contains(x.as_str()))
            });
            let file_out = globs.iter().any(|g| g.is_match(&h.file));
            !region_out && !file_out
        })
        .collect()
}

/// The sentence of `h` that carries its match (see [`compare`]).
fn theme_sentence(h: &Hit, themes: &[&str]) -> std::ops::Range<usize> {
    let quoted = super::snippet::find_all(&h.text, themes);
    if quoted.is_empty() {
        key_sentence(&h.text, &h.matches)
    } else {
        key_sentence(&h.text, &quoted)
    }
}

/// Group ranked hits (best first) by `by` and fold each group's sentences
/// into phrasings, most used first. A hit's sentence is the one that holds
/// most of its matches; when the paragraph quotes one of `themes` as typed,
/// the one that holds most of those.
pub fn compare(hits: &[Hit], by: By, themes: &[&str]) -> Vec<Group> {
    let mut order: Vec<Option<String>> = Vec::new();
    let mut members: HashMap<Option<String>, Vec<&Hit>> = HashMap::new();
    for h in hits {
        let key = by.key(h);
        if !members.contains_key(&key) {
            order.push(key.clone());
        }
        members.entry(key).or_default().push(h);
    }
    let mut groups: Vec<Group> = order
        .into_iter()
        .map(|key| {
            let hs = &members[&key];
            let sentences: Vec<&str> = hs
                .iter()
                .map(|h| h.text[theme_sentence(h, themes)].trim())
                .collect();
            let mut phrasings: Vec<(usize, Phrasing)> = families(&sentences)
                .into_iter()
                .map(|family| {
                    let files: BTreeSet<&str> =
                        family.iter().map(|&i| hs[i].file.as_str()).collect();
                    (
                        family[0],
                        Phrasing {
                            text: sentences[family[0]].to_string(),
                            count: files.len(),
                            sources: family.iter().map(|&i| hs[i].as_duplicate()).collect(),
                        },
                    )
                })
                .collect();
            // Most used first; then as ranked.
            phrasings.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
            let speeches: BTreeSet<&str> = hs.iter().map(|h| h.file.as_str()).collect();
            Group {
                key,
                speeches: speeches.len(),
                phrasings: phrasings.into_iter().map(|(_, p)| p).collect(),
                more: 0,
            }
        })
        .collect();
    groups.sort_by(|a, b| match by {
        By::Level => level_rank(&a.key).cmp(&level_rank(&b.key)),
        By::Year => b.key.cmp(&a.key),
        By::Region | By::Speech => b.speeches.cmp(&a.speeches).then(a.key.cmp(&b.key)),
    });
    groups
}

/// Levels from the top down, unknown last.
fn level_rank(key: &Option<String>) -> usize {
    use crate::speech::Level;
    key.as_deref()
        .and_then(|k| k.parse::<Level>().ok())
        .and_then(|l| Level::ALL.iter().position(|x| *x == l))
        .unwrap_or(Level::ALL.len())
}

/// The phrasings of `theme` in the index, grouped `by`: its best `depth`
/// matches that hold the whole theme (its words, the exact string, or two
/// of its related expressions), without the regions and files excluded
/// (see [`exclude`]).
#[allow(clippy::too_many_arguments)]
pub fn of_index(
    idx: &crate::index::RendaIndex,
    theme: &str,
    filters: &super::Filters,
    options: super::ThemeOptions,
    depth: usize,
    by: By,
    exclude_regions: &[String],
    exclude_files: &[String],
) -> Result<Vec<Group>, super::SearchError> {
    let found = super::find_with(idx, theme, filters, options, depth.max(1))?;
    // Headings and titles (paragraph 0) name a part of a speech: they are
    // not ways of saying the theme.
    let hits: Vec<Hit> = found
        .hits
        .iter()
        .filter(|h| h.paragraph > 0)
        .filter(|h| {
            super::rank::features(&h.text, &found.wanted, &[])
                .is_none_or(|f| f.coverage >= 1.0 || f.exact || f.related >= 2)
                || says_whole_theme(&h.text, &found.wanted)
        })
        .cloned()
        .collect();
    let hits = exclude(hits, exclude_regions, exclude_files);
    let themes: Vec<&str> = found
        .wanted
        .themes
        .iter()
        .map(|(t, _)| t.as_str())
        .collect();
    Ok(compare(&hits, by, &themes))
}

/// Whether one sentence of `text` says every concept of every theme of
/// `wanted` (see [`super::query::Concept::said_in`]): 代表建议办理 in
/// 承办单位办理代表建议、批评和意见, where the straddling 议办 is not.
fn says_whole_theme(text: &str, wanted: &super::query::Wanted) -> bool {
    let lower = crate::text::fold(text);
    !wanted.themes.is_empty()
        && super::rank::sentences(&lower).iter().any(|s| {
            wanted
                .themes
                .iter()
                .all(|(_, concepts)| concepts.iter().all(|c| c.said_in(s)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::Level;

    fn hit(file: &str, level: Option<Level>, text: &str, needle: &str) -> Hit {
        let mut h = Hit {
            matches: super::super::snippet::find_all(text, &[needle]),
            ..Hit::unlabelled(file.into(), 1, text.into(), 1.0)
        };
        h.labels.title = file.into();
        h.labels.level = level;
        h
    }

    #[test]
    fn groups_fold_phrasings_and_count_speeches() {
        let a = "开头。人大代表要密切联系群众，倾听群众呼声，反映群众意见。结尾。";
        let b = "另一段。人大代表要密切联系群众，认真倾听群众呼声，反映群众意见。";
        let c = "要把密切联系群众作为必须履行的义务，自觉融于人民群众之中。";
        let hits = vec![
            hit("a.txt", Some(Level::County), a, "密切联系群众"),
            hit("b.txt", Some(Level::County), b, "密切联系群众"),
            hit("c.txt", Some(Level::City), c, "密切联系群众"),
            hit("d.txt", None, c, "密切联系群众"),
        ];
        let groups = compare(&hits, By::Level, &[]);
        let keys: Vec<Option<&str>> = groups.iter().map(|g| g.key.as_deref()).collect();
        assert_eq!(keys, [Some("city"), Some("county"), None]);
        let county = &groups[1];
        assert_eq!(county.speeches, 2);
        assert_eq!(county.phrasings.len(), 1);
        assert_eq!(county.phrasings[0].count, 2);
        assert_eq!(
            county.phrasings[0].text,
            "人大代表要密切联系群众，倾听群众呼声，反映群众意见。"
        );
        let out = exclude(hits, &[], &["a.txt".into()]);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn a_theme_is_said_whole_in_one_sentence_without_its_straddling_part() {
        use super::super::query::{Concept, Wanted};
        let wanted = Wanted {
            themes: vec![(
                "代表建议办理".into(),
                vec![
                    Concept {
                        word: "代表".into(),
                        parts: vec![],
                    },
                    Concept {
                        word: "建议办理".into(),
                        parts: vec!["建议".into(), "议办".into(), "办理".into()],
                    },
                ],
            )],
            ..Wanted::default()
        };
        assert!(says_whole_theme(
            "承办单位在办理代表建议、批评和意见时，应当及时录入系统。",
            &wanted
        ));
        // Its words in two sentences, or one of them missing: not whole.
        assert!(!says_whole_theme(
            "代表提出建议。承办单位负责办理。",
            &wanted
        ));
        assert!(!says_whole_theme("代表提出建议和意见。", &wanted));
        assert!(!says_whole_theme("代表建议办理", &Wanted::default()));
    }

    #[test]
    fn the_phrasing_shown_is_the_sentence_that_quotes_the_theme() {
        let text = "要时刻把群众的安危和冷暖放在心上，倾听群众呼声，反映群众愿望，联系群众。\
                    要把密切联系群众作为必须履行的义务。";
        let mut h = hit("a.txt", Some(Level::County), text, "群众");
        // The first sentence holds more of the matches (群众 four times).
        let most = key_sentence(&h.text, &h.matches);
        assert!(!h.text[most].contains("密切联系群众"));
        h.matches
            .extend(super::super::snippet::find_all(text, &["联系"]));
        let groups = compare(&[h], By::Level, &["密切联系群众"]);
        assert_eq!(
            groups[0].phrasings[0].text,
            "要把密切联系群众作为必须履行的义务。"
        );
    }
}
