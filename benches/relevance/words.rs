//! `words`: the related words a theme search suggests from feedback (see
//! `renda_core::search::expand`), per theme, against blind grades of each
//! (theme, word) pair in `word_judgments.tsv` (two judges reading
//! `WORDS.md`): how many are related (mean grade ≥ 1.5), loosely related,
//! unrelated or generic (mean below 0.5), per half of `themes.tsv` and on
//! the further themes of `word_themes.tsv`, which are held out as the
//! test half is. With `--unjudged FILE`, the pairs not graded yet are
//! written there, numbered, for judging.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use renda_core::search::expand::Source;
use renda_core::search::{SearchRequest, search};

use crate::data::{Result, read_tsv as rows};

/// (id, query, half) of each theme of the files.
fn themes(files: &[&Path]) -> Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for path in files {
        for row in rows(path)? {
            match row.as_slice() {
                [id, query, _, half, ..] => out.push((id.clone(), query.clone(), half.clone())),
                _ => {
                    return Err(format!(
                        "{}: a row needs id, query, gloss, half",
                        path.display()
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// The mean grade of each judged (theme, word).
fn judged(path: &Path) -> Result<HashMap<(String, String), f32>> {
    let mut out = HashMap::new();
    if !path.exists() {
        return Ok(out);
    }
    for row in rows(path)? {
        let [theme, word, grades, ..] = row.as_slice() else {
            return Err(format!(
                "{}: a row needs theme, word, grades",
                path.display()
            ));
        };
        let grades: Vec<f32> = grades
            .split(',')
            .filter_map(|g| crate::data::grade(g).map(f32::from))
            .collect();
        if !grades.is_empty() {
            let mean = grades.iter().sum::<f32>() / grades.len() as f32;
            out.insert((theme.clone(), word.clone()), mean);
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Tally {
    themes: usize,
    with_words: usize,
    words: usize,
    related: usize,
    loose: usize,
    junk: usize,
    unjudged: usize,
}

pub(crate) fn words(
    index: &Path,
    theme_files: &[&Path],
    judgments: &Path,
    unjudged_out: Option<&Path>,
) -> Result<()> {
    let idx = renda_core::index::open(index).map_err(|e| e.to_string())?;
    let grades = judged(judgments)?;
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unjudged: Vec<(String, String)> = Vec::new();
    for (id, query, half) in themes(theme_files)? {
        let req = SearchRequest {
            query: query.clone(),
            limit: 0,
            collapse: true,
            ..SearchRequest::default()
        };
        let result = search(&idx, &req).map_err(|e| format!("{query}: {e}"))?;
        let words: Vec<String> = result
            .related
            .iter()
            .filter(|r| r.source == Source::Feedback)
            .map(|r| r.word.clone())
            .collect();
        let tally = tallies.entry(half).or_default();
        tally.themes += 1;
        tally.with_words += usize::from(!words.is_empty());
        let mut line = format!("{id}  {query}:");
        for w in &words {
            tally.words += 1;
            match grades.get(&(query.clone(), w.clone())) {
                Some(&g) if g >= 1.5 => tally.related += 1,
                Some(&g) if g >= 0.5 => tally.loose += 1,
                Some(_) => tally.junk += 1,
                None => {
                    tally.unjudged += 1;
                    unjudged.push((query.clone(), w.clone()));
                }
            }
            let g = grades
                .get(&(query.clone(), w.clone()))
                .map_or("?".to_string(), |g| format!("{g:.1}"));
            let _ = write!(line, " {w}[{g}]");
        }
        println!("{line}");
    }
    println!();
    println!("half   themes  with words  words  related  loosely  unrelated  unjudged");
    for (half, t) in &tallies {
        let share = |n: usize| n as f32 / t.words.max(1) as f32;
        println!(
            "{half:<6} {:>6}  {:>10}  {:>5}  {:>7.2}  {:>7.2}  {:>9.2}  {:>8}",
            t.themes,
            t.with_words,
            t.words,
            share(t.related),
            share(t.loose),
            share(t.junk),
            t.unjudged
        );
    }
    if let Some(path) = unjudged_out {
        let text: String = unjudged
            .iter()
            .enumerate()
            .map(|(i, (t, w))| format!("{}\t{t}\t{w}\n", i + 1))
            .collect();
        fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "{} unjudged pairs written to {}",
            unjudged.len(),
            path.display()
        );
    }
    Ok(())
}
