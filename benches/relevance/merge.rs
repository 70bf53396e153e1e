//! `merge`: judged pool files into `judgments.tsv`.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use crate::data::*;
use crate::pool::*;

/// A pooled paragraph: theme, key, where, start of text.
struct Pooled {
    pub(crate) theme: String,
    pub(crate) key: String,
    place: String,
    pub(crate) start: String,
}

fn pool_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("pool-") && n.ends_with(".jsonl"))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Appends the judges' grades to judgments.tsv. A judge's line is
/// `id<TAB>grade` (the pool's `id`, theme:key) or `key<TAB>grade` when the
/// key was pooled for one theme only. Nothing is written when a line names
/// a paragraph that was not pooled, grades one twice, grades one already
/// judged, or has a grade other than 0, 1, 2.
pub(crate) fn merge(pool: &[PathBuf], judged: &[PathBuf], judgments_path: &Path) -> Result<()> {
    let mut pooled: BTreeMap<(String, String), Pooled> = BTreeMap::new();
    for path in pool_files(pool)? {
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
            let field = |name: &str| {
                v.get(name)
                    .and_then(|x| x.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| format!("{}:{}: no '{name}'", path.display(), n + 1))
            };
            let (theme, key) = (field("theme")?, field("key")?);
            pooled.insert(
                (theme.clone(), key.clone()),
                Pooled {
                    theme,
                    key,
                    place: field("where")?,
                    start: start_of(&field("text")?),
                },
            );
        }
    }
    let mut themes_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (theme, key) in pooled.keys() {
        themes_of.entry(key).or_default().push(theme);
    }
    let existing = judgments(judgments_path)?;
    let mut errors = Vec::new();
    let mut graded: BTreeMap<(String, String), u8> = BTreeMap::new();
    let mut order = Vec::new();
    for path in judged {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = format!("{}:{}", path.display(), n + 1);
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [id, g] = fields.as_slice() else {
                errors.push(format!("{at}: a line is id or key, a tab, a grade"));
                continue;
            };
            let Some(g) = grade(g) else {
                errors.push(format!("{at}: grade '{g}' is not 0, 1 or 2"));
                continue;
            };
            let place = match id.split_once(':') {
                Some((theme, key)) => (theme.to_string(), key.to_string()),
                None => match themes_of.get(id).map(Vec::as_slice) {
                    Some([theme]) => (theme.to_string(), id.to_string()),
                    Some(many) => {
                        errors.push(format!(
                            "{at}: key {id} was pooled for {}: give the id (theme:key)",
                            many.join(", ")
                        ));
                        continue;
                    }
                    None => (String::new(), id.to_string()),
                },
            };
            if !pooled.contains_key(&place) {
                errors.push(format!("{at}: {id} is not in the pool"));
            } else if existing
                .get(&place.0)
                .is_some_and(|j| j.contains_key(&place.1))
            {
                errors.push(format!(
                    "{at}: {id} is already in {}",
                    judgments_path.display()
                ));
            } else if graded.contains_key(&place) {
                errors.push(format!("{at}: {id} is graded twice"));
            } else {
                graded.insert(place.clone(), g);
                order.push(place);
            }
        }
    }
    if !errors.is_empty() {
        return Err(format!(
            "nothing merged, {} problems:\n{}",
            errors.len(),
            errors.join("\n")
        ));
    }
    let mut text = fs::read_to_string(judgments_path)
        .map_err(|e| format!("{}: {e}", judgments_path.display()))?;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for place in &order {
        let p = &pooled[place];
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            p.theme, p.key, graded[place], p.place, p.start
        ));
    }
    fs::write(judgments_path, text).map_err(|e| format!("{}: {e}", judgments_path.display()))?;
    let left = pooled.len() - order.len();
    println!(
        "{} grades added to {}; {left} pooled paragraphs not graded in these files",
        order.len(),
        judgments_path.display()
    );
    Ok(())
}
