//! `pool`: the unjudged paragraphs among each system's first results, in chunks
//! for judges.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::data::*;
use crate::systems::*;

/// The start of a paragraph's text as judgments.tsv shows it.
pub(crate) fn start_of(text: &str) -> String {
    text.chars().take(24).collect()
}

pub(crate) fn pool(
    index: &Path,
    themes_path: &Path,
    judgments_path: &Path,
    systems: &str,
    depth: usize,
    out: &Path,
    chunks: Option<(usize, usize)>,
) -> Result<()> {
    let systems: Vec<&str> = systems.split(',').map(str::trim).collect();
    let themes = themes(themes_path)?;
    let judgments = judgments(judgments_path)?;
    let sys = Systems::open(index, &systems)?;
    let paragraphs = &sys.paragraphs;
    let empty = HashMap::new();
    // Per theme, its lines to judge.
    let mut per_theme: Vec<(&Theme, Vec<String>)> = Vec::new();
    for theme in &themes {
        let judged = judgments.get(&theme.id).unwrap_or(&empty);
        let mut keys: Vec<String> = Vec::new();
        for s in &systems {
            for (k, _) in sys.rank(s, &theme.query, depth)? {
                if !judged.contains_key(&k) && !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        // An order that hides which system found what.
        keys.sort();
        let lines = keys
            .iter()
            .map(|k| {
                let (file, para, text) = &paragraphs.by_key[k];
                serde_json::json!({
                    "id": format!("{}:{k}", theme.id),
                    "theme": theme.id,
                    "query": theme.query,
                    "gloss": theme.gloss,
                    "key": k,
                    "where": format!("{file}#{para}"),
                    "text": text,
                })
                .to_string()
            })
            .collect();
        per_theme.push((theme, lines));
    }
    println!("unjudged in the first {depth} of {}:", systems.join(", "));
    for (theme, lines) in &per_theme {
        println!(
            "  {} {} ({}): {}",
            theme.id,
            theme.query,
            theme.half,
            lines.len()
        );
    }
    let total: usize = per_theme.iter().map(|(_, l)| l.len()).sum();
    let Some((n, size)) = chunks else {
        let lines: Vec<&String> = per_theme.iter().flat_map(|(_, l)| l).collect();
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
        println!("{total} paragraphs to judge in {}", out.display());
        return Ok(());
    };
    if n == 0 || size == 0 {
        return Err("--chunks and --chunk-size must be at least 1".into());
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let files = chunk(&per_theme, n, size);
    for (i, (ids, lines)) in files.iter().enumerate() {
        let path = out.join(format!("pool-{:02}.jsonl", i + 1));
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "{}: {} paragraphs ({})",
            path.display(),
            lines.len(),
            ids.join(" ")
        );
    }
    if files.iter().any(|(_, l)| l.len() > size) {
        println!("more than {size} paragraphs in a file: ask for more --chunks");
    }
    println!("{total} paragraphs to judge in {} files", files.len());
    Ok(())
}

/// Deals the themes' lines into `n` files: a theme of more than `size`
/// lines is cut into parts of at most `size`; then the parts, largest
/// first, each go whole to the file with the fewest lines so far. Files
/// keep the themes' order inside.
pub(crate) fn chunk<'a>(
    per_theme: &[(&'a Theme, Vec<String>)],
    n: usize,
    size: usize,
) -> Vec<(Vec<&'a str>, Vec<String>)> {
    let mut parts: Vec<(usize, &'a str, &[String])> = Vec::new();
    for (i, (theme, lines)) in per_theme.iter().enumerate() {
        for part in lines.chunks(size) {
            parts.push((i, theme.id.as_str(), part));
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|p| (std::cmp::Reverse(parts[*p].2.len()), *p));
    let mut files: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut sizes = vec![0usize; n];
    for p in order {
        let f = (0..n).min_by_key(|f| (sizes[*f], *f)).unwrap_or(0);
        sizes[f] += parts[p].2.len();
        files[f].push(p);
    }
    files
        .into_iter()
        .filter(|f| !f.is_empty())
        .map(|mut f| {
            f.sort_unstable();
            let mut ids: Vec<&str> = f.iter().map(|p| parts[*p].1).collect();
            ids.dedup();
            let lines = f.iter().flat_map(|p| parts[*p].2.iter().cloned()).collect();
            (ids, lines)
        })
        .collect()
}
