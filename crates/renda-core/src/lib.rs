//! renda's library: full-text search over archives of Chinese
//! people's-congress (人大) speeches, with no front end and no wording.
//!
//! The modules follow the data as it flows:
//! [`corpus`] walks a folder and decodes each file into text →
//! [`speech`] cleans that text and parses it into a [`speech::Speech`] →
//! [`ingest`] runs both over a whole folder →
//! [`analysis`] tokenises Chinese for the index →
//! [`index`] writes and reads the Tantivy index →
//! [`search`] parses a query, ranks, folds near-copies and builds the
//! reports (compare, check, similar, KWIC) →
//! [`hit`] is one result as every front end shows it.
//!
//! Errors and warnings carry data with an English `Display` for
//! developers; the front ends (the `renda` crate) word them for people.

pub mod analysis;
pub mod corpus;
pub mod display;
pub mod files;
pub mod hit;
pub mod index;
pub mod ingest;
pub mod places;
pub mod search;
pub mod speech;
pub mod text;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                rust_files(&entry.unwrap().path(), out);
            }
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path.to_path_buf());
        }
    }

    /// The code of a source file before its `#[cfg(test)] mod tests`
    /// (a test helper elsewhere in the file is read as code).
    fn code_of(path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => text[..at].to_string(),
            None => text,
        }
    }

    /// The lines that word something for a developer: `#[error(…)]`
    /// attributes and the bodies of `fn fmt` (Display), with their line
    /// numbers.
    fn wording_lines(code: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut attribute = false;
        let mut body: Option<usize> = None;
        for (n, line) in code.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let t = line.trim();
            if t.starts_with("#[error(") {
                attribute = !t.ends_with(")]");
                out.push((n + 1, line));
                continue;
            }
            if attribute {
                out.push((n + 1, line));
                attribute = !t.ends_with(")]");
                continue;
            }
            if t.starts_with("fn fmt(") {
                body = Some(indent);
                continue;
            }
            if let Some(at) = body {
                if t == "}" && indent == at {
                    body = None;
                } else {
                    out.push((n + 1, line));
                }
            }
        }
        out
    }

    /// The library speaks no language: no module of it reaches into a
    /// wording layer or sets the language of a thread, and what its errors
    /// and Display impls say is English for developers. The only Chinese
    /// there is the values a user types (the level names 市, 县 … that
    /// `UnknownLevel` lists). The front ends word everything for people.
    #[test]
    fn the_library_words_nothing() {
        const FORBIDDEN: &[&str] = &["i18n::", "msg::", "with_lang", "Lang::"];
        const VALUES: &[&str] = &["全国", "乡镇", "省", "市", "县", "区"];
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 40, "{files:?}");
        let mut found = Vec::new();
        let mut worded = 0;
        for file in &files {
            let code = code_of(file);
            for (n, line) in code.lines().enumerate() {
                for word in FORBIDDEN {
                    if line.contains(word) {
                        found.push(format!("{}:{}: {word}", file.display(), n + 1));
                    }
                }
            }
            for (n, line) in wording_lines(&code) {
                worded += 1;
                let mut rest = line.to_string();
                for value in VALUES {
                    rest = rest.replace(value, "");
                }
                if rest.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c)) {
                    found.push(format!("{}:{n}: {}", file.display(), line.trim()));
                }
            }
        }
        assert!(worded > 100, "only {worded} lines of errors and Display");
        assert!(
            found.is_empty(),
            "the library words things:\n{}",
            found.join("\n")
        );
    }
}
