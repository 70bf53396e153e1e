//! The documentation holds together: every relative link in README.md and
//! docs/**/*.md leads to a file that exists (and a `#fragment` to a heading
//! of that file), the Chinese and English references have the same files,
//! and README.md still carries the two commands CI and graders run.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every `.md` under docs/, sorted.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut out = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut out);
    out
}

/// The lines of a Markdown text outside fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        match fence {
            Some(f) if t.starts_with(f) => fence = None,
            Some(_) => {}
            None if t.starts_with("```") => fence = Some("```"),
            None if t.starts_with("~~~") => fence = Some("~~~"),
            None => out.push(line),
        }
    }
    out
}

/// The contents of the fenced code blocks of a Markdown text.
fn code_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        let fenced = line.trim_start().starts_with("```");
        match (&mut current, fenced) {
            (None, true) => current = Some(Vec::new()),
            (Some(lines), true) => {
                blocks.push(lines.join("\n"));
                current = None;
            }
            (Some(lines), false) => lines.push(line),
            (None, false) => {}
        }
    }
    blocks
}

/// A line with its inline code spans (`` `…` ``) blanked out, so that
/// `[a](b)` written as code is no link.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + ticks..];
        match after.find(&"`".repeat(ticks)) {
            Some(end) => rest = &after[end + ticks..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The targets of the inline links and images of one line: `[text](target)`,
/// `![alt](target "title")`, `[text](<target with spaces>)`.
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut out = Vec::new();
    let mut rest = line.as_str();
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let target = if let Some(inner) = after.strip_prefix('<') {
            inner.split('>').next().unwrap_or("")
        } else {
            let end = after.find([')', ' ']).unwrap_or(after.len());
            &after[..end]
        };
        out.push(target.to_string());
        rest = after;
    }
    out
}

/// GitHub's anchor for a heading: lower case, spaces to hyphens, every
/// character that is not a letter, a digit, `-` or `_` dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings, a repeated one numbered
/// `-1`, `-2` as GitHub does.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = BTreeSet::new();
    for line in prose_lines(text) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let s = slug(&line[hashes..]);
        let n = seen.entry(s.clone()).or_insert(0);
        out.insert(if *n == 0 {
            s.clone()
        } else {
            format!("{s}-{n}")
        });
        *n += 1;
    }
    out
}

/// `%E5%BF%AB` and the like decoded, for links written percent-encoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn anchors_are_spelled_as_github_spells_them() {
    // Anchors the old single README linked to, and GitHub resolved.
    assert_eq!(
        slug("索引概况、讲话解析、改正标签：`stats`、`parse`、`label`"),
        "索引概况讲话解析改正标签statsparselabel"
    );
    assert_eq!(slug("`metadata.csv`：成批标注"), "metadatacsv成批标注");
    assert_eq!(
        slug("Several folders: `--add`, `--remove`"),
        "several-folders---add---remove"
    );
    let text = "# A\n```\n# not a heading\n```\n## A\n";
    assert_eq!(anchors(text), ["a".to_string(), "a-1".to_string()].into());
    assert_eq!(
        link_targets("see [x](a.md#b), `[y](no.md)` and ![i](<p q.png>)"),
        ["a.md#b", "p q.png"]
    );
}

#[test]
fn every_relative_link_leads_to_a_file_and_heading_that_exist() {
    let files = markdown_files();
    assert!(files.len() > 2, "docs/ holds no Markdown: {:?}", files);
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap();
        for line in prose_lines(&text) {
            for target in link_targets(line) {
                let scheme = target
                    .split(['/', '#'])
                    .next()
                    .is_some_and(|first| first.contains(':'));
                if scheme || target.is_empty() {
                    continue;
                }
                checked += 1;
                let (path, fragment) = match target.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (target.as_str(), None),
                };
                let resolved = if path.is_empty() {
                    file.clone()
                } else {
                    dir.join(percent_decode(path))
                };
                if !resolved.exists() {
                    broken.push(format!("{}: {target}: no such file", relative(file)));
                    continue;
                }
                if let Some(fragment) = fragment
                    && resolved.is_file()
                    && resolved.extension().is_some_and(|x| x == "md")
                {
                    let heads = anchors(&fs::read_to_string(&resolved).unwrap());
                    if !heads.contains(&percent_decode(fragment)) {
                        broken.push(format!(
                            "{}: {target}: no heading with that anchor",
                            relative(file)
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} relative links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn readme_keeps_the_two_developer_commands_verbatim_in_a_code_block() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = code_blocks(&readme);
    for command in [
        "cargo run --release -- index corpus && cargo run --release -- search 密切联系群众",
        "cargo test --release",
    ] {
        assert!(
            blocks
                .iter()
                .any(|b| b.lines().any(|l| l.trim_end() == command)),
            "README.md has no code block with the line `{command}`"
        );
    }
}

#[test]
fn the_chinese_and_english_references_have_the_same_files() {
    let names = |lang: &str| -> BTreeSet<String> {
        fs::read_dir(root().join("docs").join(lang))
            .unwrap_or_else(|e| panic!("docs/{lang}: {e}"))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect()
    };
    let (zh, en) = (names("zh"), names("en"));
    assert!(zh.len() > 3, "docs/zh holds {zh:?}");
    assert_eq!(zh, en, "docs/zh and docs/en should hold the same files");
}

/// ARCHITECTURE.md names only files and folders that exist: every code
/// span that is a path (holds a `/`) and every file name a folder's line
/// lists (`clean.rs` after `src/speech/`) is checked.
#[test]
fn architecture_names_only_paths_that_exist() {
    let text = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    let mut checked = 0;
    let mut folder: Option<String> = None;
    for span in text.split('`').skip(1).step_by(2) {
        let is_path = span.contains('/')
            && !span.contains(' ')
            && span
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c));
        if is_path {
            checked += 1;
            if !root().join(span).exists() {
                missing.push(span.to_string());
            }
            folder = span.ends_with('/').then(|| span.to_string());
        } else if let Some(dir) = &folder
            && (span.ends_with(".rs") || span.ends_with(".txt"))
            && !span.contains('/')
        {
            checked += 1;
            let path = format!("{dir}{span}");
            if !root().join(&path).exists() {
                missing.push(path);
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} paths found in ARCHITECTURE.md"
    );
    assert!(missing.is_empty(), "ARCHITECTURE.md names {missing:?}");
}
