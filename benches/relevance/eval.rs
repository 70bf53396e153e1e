//! `eval`: nDCG@10 and paraphrase recall@20 of each system, per theme and half.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::data::*;
use crate::systems::*;

fn dcg(grades: &[u8]) -> f64 {
    grades
        .iter()
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(*g)) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

pub(crate) struct Scores {
    /// None when no judged paragraph of the theme is about it.
    ndcg10: Option<f64>,
    recall20: Option<f64>,
    unjudged10: usize,
}

pub(crate) fn score(
    ranking: &Ranking,
    judged: &HashMap<String, u8>,
    paraphrases: &HashSet<&str>,
) -> Scores {
    let top10: Vec<&(String, Vec<String>)> = ranking.iter().take(10).collect();
    let unjudged10 = top10
        .iter()
        .filter(|(k, _)| !judged.contains_key(k))
        .count();
    let grades: Vec<u8> = ranking
        .iter()
        .filter_map(|(k, _)| judged.get(k).copied())
        .take(10)
        .collect();
    let mut ideal: Vec<u8> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(10);
    let idcg = dcg(&ideal);
    let ndcg10 = (idcg > 0.0).then(|| dcg(&grades) / idcg);
    let found: HashSet<&str> = ranking
        .iter()
        .take(20)
        .flat_map(|(k, folded)| std::iter::once(k).chain(folded))
        .map(String::as_str)
        .filter(|k| paraphrases.contains(k))
        .collect();
    let recall20 = (!paraphrases.is_empty()).then(|| found.len() as f64 / paraphrases.len() as f64);
    Scores {
        ndcg10,
        recall20,
        unjudged10,
    }
}

/// One theme's scores, per system.
struct Row<'a> {
    pub(crate) theme: &'a Theme,
    twos: usize,
    paraphrases: usize,
    pub(crate) scores: Vec<Scores>,
}

pub(crate) fn eval(
    index: &Path,
    themes_path: &Path,
    judgments_path: &Path,
    systems: &str,
    half: Option<&str>,
    verbose: bool,
) -> Result<()> {
    let systems: Vec<&str> = systems.split(',').map(str::trim).collect();
    let halves: Vec<&str> = match half {
        None => HALVES.to_vec(),
        Some(h) if HALVES.contains(&h) => vec![h],
        Some(h) => return Err(format!("--half '{h}': dev or test")),
    };
    let themes: Vec<Theme> = themes(themes_path)?
        .into_iter()
        .filter(|t| halves.contains(&t.half.as_str()))
        .collect();
    let judgments = judgments(judgments_path)?;
    let sys = Systems::open(index, &systems)?;
    let paragraphs = &sys.paragraphs;
    let empty = HashMap::new();
    let mut rows = Vec::new();
    for theme in &themes {
        let judged = judgments.get(&theme.id).unwrap_or(&empty);
        let paraphrases: HashSet<&str> = judged
            .iter()
            .filter(|(k, g)| {
                **g == 2
                    && paragraphs
                        .by_key
                        .get(*k)
                        .is_some_and(|(_, _, text)| !text.contains(&theme.query))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        let mut scores = Vec::new();
        for s in &systems {
            let ranking = sys.rank(s, &theme.query, 20)?;
            scores.push(score(&ranking, judged, &paraphrases));
            if verbose {
                eprintln!("{} {} {s}", theme.id, theme.query);
                if let Some(terms) = sys.terms(s, &theme.query)? {
                    let shown: Vec<String> =
                        terms.iter().map(|(t, w)| format!("{t}^{w:.3}")).collect();
                    eprintln!("  {s}: terms {}", shown.join(" "));
                }
                let deep = sys.rank(s, &theme.query, 200)?;
                let mut at: Vec<String> = paraphrases
                    .iter()
                    .map(|p| {
                        deep.iter()
                            .position(|(k, f)| k == p || f.iter().any(|x| x == p))
                            .map_or("-".to_string(), |i| (i + 1).to_string())
                    })
                    .collect();
                at.sort_by_key(|a| a.parse::<usize>().unwrap_or(usize::MAX));
                eprintln!("  {s}: paraphrases at {}", at.join(" "));
                for (i, (k, folded)) in ranking.iter().take(10).enumerate() {
                    let (file, para, text) = &paragraphs.by_key[k];
                    let grade = judged.get(k).map_or("?".to_string(), |g| g.to_string());
                    let short: String = text.chars().take(60).collect();
                    eprintln!(
                        "  {s} {}: [{grade}] {file}#{para} (+{}) {short}",
                        i + 1,
                        folded.len()
                    );
                }
            }
        }
        rows.push(Row {
            theme,
            twos: judged.values().filter(|g| **g == 2).count(),
            paraphrases: paraphrases.len(),
            scores,
        });
    }
    let mut header = format!("{:<4} {:<12} {:>5} {:>5}", "id", "query", "2s", "para");
    for s in &systems {
        header.push_str(&format!(" | {s:>15} nDCG R@20 unj"));
    }
    for h in &halves {
        let in_half: Vec<&Row> = rows.iter().filter(|r| r.theme.half == *h).collect();
        println!("\n{h} half ({} themes)", in_half.len());
        println!("{header}");
        for r in &in_half {
            let mut line = format!(
                "{:<4} {:<12} {:>5} {:>5}",
                r.theme.id, r.theme.query, r.twos, r.paraphrases
            );
            for sc in &r.scores {
                line.push_str(&format!(
                    " | {:>15} {} {} {:>3}",
                    "",
                    sc.ndcg10.map_or("  -  ".to_string(), |n| format!("{n:.3}")),
                    sc.recall20
                        .map_or("  -  ".to_string(), |r| format!("{r:.3}")),
                    sc.unjudged10
                ));
            }
            println!("{line}");
        }
        println!("{}", mean_line(h, &in_half, systems.len()));
    }
    println!(
        "\nmeans ({} themes; on a mean line, 2s: the themes with a judged paragraph about \
         them, which nDCG@10 is over; para: the themes with paraphrases, which recall is over)",
        rows.len()
    );
    println!("{header}");
    for h in &halves {
        let in_half: Vec<&Row> = rows.iter().filter(|r| r.theme.half == *h).collect();
        println!("{}", mean_line(h, &in_half, systems.len()));
    }
    if halves.len() > 1 {
        let all: Vec<&Row> = rows.iter().collect();
        println!("{}", mean_line("all", &all, systems.len()));
    }
    Ok(())
}

/// The mean line of some themes: nDCG@10 over the themes with judged
/// paragraphs about them, paraphrase recall@20 over those with
/// paraphrases, unjudged in the first 10 summed; the number of themes
/// the nDCG@10 and the recall are over.
fn mean_line(label: &str, rows: &[&Row], systems: usize) -> String {
    let judged = rows
        .iter()
        .filter(|r| r.scores.first().is_some_and(|s| s.ndcg10.is_some()))
        .count();
    let with_para = rows
        .iter()
        .filter(|r| r.scores.first().is_some_and(|s| s.recall20.is_some()))
        .count();
    let mut line = format!(
        "{:<4} {:<12} {:>5} {:>5}",
        label, "(mean)", judged, with_para
    );
    for i in 0..systems {
        let ndcgs: Vec<f64> = rows.iter().filter_map(|r| r.scores[i].ndcg10).collect();
        let recalls: Vec<f64> = rows.iter().filter_map(|r| r.scores[i].recall20).collect();
        let unjudged: usize = rows.iter().map(|r| r.scores[i].unjudged10).sum();
        line.push_str(&format!(
            " | {:>15} {} {} {unjudged:>3}",
            "",
            mean(&ndcgs),
            mean(&recalls)
        ));
    }
    line
}

/// A mean to print: "  -  " when there is nothing to average.
pub(crate) fn mean(values: &[f64]) -> String {
    if values.is_empty() {
        return "  -  ".to_string();
    }
    format!("{:.3}", values.iter().sum::<f64>() / values.len() as f64)
}
