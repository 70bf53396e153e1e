//! The catalogue of the front ends: what the command line, the page and
//! the MCP server say to people, in Chinese and in English, as a function
//! of what it says, in the current language ([`super::lang`]; servers and
//! tests may set it per thread with [`super::with_lang`]). What the
//! library's errors and warnings say stands in the area files beside
//! this one ([`super::corpus`], [`super::index`], [`super::search`], …).
//!
//! English counts take their plural here ([`en_count`]); Chinese counts
//! take a measure word (`5 个文件`, `3 篇讲话`, `66 段`).

use super::ChineseName;
use super::{Lang, lang};
use renda_core::speech::LabelName;

/// Words of a list as one line: 甲、乙、丙; `甲, 乙, 丙` in English.
pub fn word_list(words: &[String]) -> String {
    match lang() {
        Lang::Zh => words.join("、"),
        Lang::En => words.join(", "),
    }
}

/// `1 file`, `2 files`.
pub fn en_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

mod check;
mod commands;
mod export;
mod files;
mod index;
mod mcp;
mod output;
mod search;
mod serve;

pub use check::*;
pub use commands::*;
pub use export::*;
pub use files::*;
pub use index::*;
pub use mcp::*;
pub use output::*;
pub use search::*;
pub use serve::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::with_lang;

    #[test]
    fn a_message_in_both_languages() {
        assert_eq!(
            with_lang(Lang::Zh, || files_read(5, 5, 66)),
            "已读取 5 个文件：5 篇讲话，66 段"
        );
        assert_eq!(
            with_lang(Lang::En, || files_read(1, 1, 2)),
            "1 file read: 1 speech, 2 paragraphs"
        );
    }
}
