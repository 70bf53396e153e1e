//! A user dictionary (`renda index --dict FILE`) from its bytes: checked
//! against renda's limits, and when accepted, added to jieba, which then
//! cuts text without panicking and without losing or inventing a
//! character.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use libfuzzer_sys::fuzz_target;
use renda_core::analysis::dictionary::{Dictionary, MAX_DICT_BYTES, MAX_DICT_ENTRIES, MAX_WORD_CHARS};

/// jieba with the built-in 人大 dictionary, built once (0.3 s) and cloned.
static BASE: LazyLock<(Jieba, usize)> = LazyLock::new(|| {
    let builtin = Dictionary::builtin();
    let n = builtin.entries().count();
    ((*builtin.jieba()).clone(), n)
});

const TEXT: &str = "坚持全过程人民民主，支持和保证“一府一委两院”依法行使职权。人大代表要密切联系群众，Abc 2023年。";

fuzz_target!(|data: &[u8]| {
    if data.len() as u64 > MAX_DICT_BYTES {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(dictionary) = Dictionary::with_user_text(text, Path::new("fuzz.dict")) else {
        return;
    };
    let (base, builtin) = &*BASE;
    let user: Vec<_> = dictionary.entries().skip(*builtin).collect();
    assert!(user.len() <= MAX_DICT_ENTRIES);
    let mut jieba = base.clone();
    for (word, freq, tag) in &user {
        assert!(word.chars().count() <= MAX_WORD_CHARS, "{word}");
        assert!(!word.chars().any(char::is_control), "{word:?}");
        jieba.add_word(word, *freq, *tag);
    }
    // Cut a sentence, and the user's own words run together.
    let mut sample = String::from(TEXT);
    for (word, _, _) in user.iter().take(16) {
        sample.push_str(word);
    }
    for hmm in [false, true] {
        let cut: String = jieba.cut(&sample, hmm).iter().map(|t| t.word).collect();
        assert_eq!(cut, sample, "jieba keeps every character");
    }
    let _ = jieba.cut_for_search(&sample, true);
});
