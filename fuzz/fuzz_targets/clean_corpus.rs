//! Cleaning across a corpus: the lines repeated across files
//! (`speech::Boilerplate`) and parsing each file with them.
//!
//! The input is UTF-8 text; NUL bytes separate the files of the corpus.
//! Boilerplate needs a line in at least 3 files, so the input is read as at
//! least 3 files, the last repeated as needed.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use renda_core::corpus::normalize;
use renda_core::speech::{self, Boilerplate, ParseContext, RemovalReason};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut files: Vec<String> = input.split('\0').map(normalize).collect();
    while files.len() < 3 {
        files.push(files.last().cloned().unwrap_or_default());
    }

    let mut boilerplate = Boilerplate::new();
    for text in &files {
        boilerplate.add_file(text);
    }
    boilerplate.finish();
    let lines = boilerplate.lines();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
    for line in &lines {
        assert!(boilerplate.contains(line));
        assert_eq!(line.trim(), *line, "boilerplate lines are trimmed");
        let in_files = files
            .iter()
            .filter(|t| t.lines().any(|l| l.trim() == *line))
            .count();
        assert!(in_files >= 3, "{line:?} stands in {in_files} files");
    }
    let fingerprint = boilerplate.fingerprint();
    assert_eq!(fingerprint.len(), 16);

    for (i, text) in files.iter().enumerate() {
        let rel = format!("{i}.txt");
        let speech = speech::parse(
            text,
            &ParseContext {
                rel: &rel,
                boilerplate: Some(&boilerplate),
                ..Default::default()
            },
        );
        common::check_speech(text, &speech);
        for r in &speech.removed {
            if r.reason == RemovalReason::Boilerplate {
                assert!(boilerplate.contains(&r.text), "{:?} is boilerplate", r.text);
            }
        }
    }
});
