//! Words: the ranking layer, segmented by jieba.
//!
//! [`WordTokenizer`] cuts a text with jieba in precise mode with HMM
//! (`Jieba::cut(text, true)`), not search mode: search mode emits
//! overlapping words, which breaks phrase positions.
//!
//! Normalisation. Full-width ASCII (U+FF01..=U+FF5E, e.g. `ＡＢＣ`, `２０２３`,
//! `％`) is folded to half-width *before* cutting, so `２０２３年` is cut like
//! `2023年` (jieba would otherwise emit each full-width char alone), and ASCII
//! letters are lowercased in the token text. Offsets always point at the
//! original bytes: `&text[offset_from..offset_to]` is the word as written.
//!
//! Position policy. A word is kept iff it has at least one alphanumeric char
//! (Han characters, letters and digits of any script). Whitespace,
//! punctuation and symbol-only words (`，`, `“`, `、`, `——`, emoji) emit no
//! token and do *not* advance the position: kept words get positions
//! 0, 1, 2, … in order. A phrase query therefore matches across punctuation
//! (`联系群众，服务群众` has `群众` and `服务` adjacent), which is what users
//! expect of a ranking layer; exact matching is the job of the bigram layer
//! ([`super::bigrams`]). A word longer than tantivy's `MAX_TOKEN_LEN` bytes
//! (a huge run of ASCII letters) is dropped the same way.
//!
//! The query side segments with [`words`], which gives the same tokens.

use std::borrow::Cow;
use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{MAX_TOKEN_LEN, Token, TokenStream, Tokenizer};

use super::Dictionary;

/// Where a [`WordTokenizer`] gets its segmenter.
#[derive(Clone)]
enum Segmenter {
    Ready(Arc<Jieba>),
    /// Built from the dictionary on first use: an index opened only to run
    /// exact phrases never loads jieba.
    Lazy(Dictionary),
}

/// Tokenizer emitting jieba words (see the module docs).
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: Segmenter,
    token: Token,
    words: Vec<Word>,
}

/// A kept word: its byte range in the original text and in the
/// width-folded text jieba cut.
#[derive(Clone, Copy, Debug)]
struct Word {
    from: usize,
    to: usize,
    folded_from: usize,
    folded_to: usize,
}

/// Token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    folded: Cow<'a, str>,
    words: std::slice::Iter<'a, Word>,
    token: &'a mut Token,
}

impl WordTokenizer {
    /// A tokenizer cutting with `jieba`, typically
    /// [`Dictionary::jieba`](super::Dictionary::jieba).
    pub fn new(jieba: Arc<Jieba>) -> Self {
        WordTokenizer {
            jieba: Segmenter::Ready(jieba),
            token: Token::default(),
            words: Vec::new(),
        }
    }

    /// A tokenizer that loads `dictionary`'s segmenter only when it first
    /// has text to cut.
    pub fn lazy(dictionary: Dictionary) -> Self {
        WordTokenizer {
            jieba: Segmenter::Lazy(dictionary),
            token: Token::default(),
            words: Vec::new(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        let jieba = match &self.jieba {
            Segmenter::Ready(j) => j.clone(),
            Segmenter::Lazy(d) => d.jieba(),
        };
        let folded = segment(&jieba, text, &mut self.words);
        WordTokenStream {
            folded,
            words: self.words.iter(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(word) = self.words.next() else {
            return false;
        };
        fill(self.token, &self.folded, word);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Segment `text` as [`WordTokenizer`] does: the tokens of a query, to be
/// matched against a word field (e.g. as the terms of a `PhraseQuery`).
pub fn words(text: &str, jieba: &Jieba) -> Vec<Token> {
    let mut kept = Vec::new();
    let folded = segment(jieba, text, &mut kept);
    let mut token = Token::default();
    kept.iter()
        .map(|word| {
            fill(&mut token, &folded, word);
            token.clone()
        })
        .collect()
}

/// Make `token` the next word: the position after the previous one.
fn fill(token: &mut Token, folded: &str, word: &Word) {
    token.position = token.position.wrapping_add(1);
    token.offset_from = word.from;
    token.offset_to = word.to;
    token.text.clear();
    token
        .text
        .push_str(&folded[word.folded_from..word.folded_to]);
    token.text.make_ascii_lowercase();
}

/// Cut `text` into the kept words, left in `out`; returns the folded text
/// the words' `folded_*` ranges index into.
fn segment<'t>(jieba: &Jieba, text: &'t str, out: &mut Vec<Word>) -> Cow<'t, str> {
    out.clear();
    let (folded, shifts) = fold_width(text);
    // Each folded char shrank from 3 bytes to 1: move a folded offset back
    // past the folded chars before it.
    let original = |offset: usize| offset + 2 * shifts.partition_point(|&s| s < offset);
    for token in jieba.cut(&folded, true) {
        let keep =
            token.word.len() <= MAX_TOKEN_LEN && token.word.chars().any(char::is_alphanumeric);
        if keep {
            out.push(Word {
                from: original(token.byte_start),
                to: original(token.byte_end),
                folded_from: token.byte_start,
                folded_to: token.byte_end,
            });
        }
    }
    folded
}

/// `text` with full-width ASCII folded to half-width, and the offsets in the
/// folded text of the chars that were folded (ascending).
pub(crate) fn fold_width(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    let full_width = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c);
    if !text.chars().any(full_width) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut folded = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    for c in text.chars() {
        if full_width(c) {
            shifts.push(folded.len());
            // In range, so the result is printable ASCII.
            folded.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
        } else {
            folded.push(c);
        }
    }
    (Cow::Owned(folded), shifts)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use super::*;
    use crate::analysis::test_util::{assert_token, tokens};

    fn jieba() -> Arc<Jieba> {
        static JIEBA: OnceLock<Arc<Jieba>> = OnceLock::new();
        JIEBA.get_or_init(|| Arc::new(Jieba::new())).clone()
    }

    fn cut(text: &str) -> Vec<Token> {
        let tokens = tokens(WordTokenizer::new(jieba()), text);
        for (i, token) in tokens.iter().enumerate() {
            assert_eq!(token.position, i, "{token:?}");
            assert!(text.is_char_boundary(token.offset_from), "{token:?}");
            assert!(text.is_char_boundary(token.offset_to), "{token:?}");
        }
        assert_eq!(words(text, &jieba()), tokens, "query side differs");
        tokens
    }

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn a_sentence_from_the_seeds() {
        let text = "人民代表大会制度是我国的根本政治制度";
        let t = cut(text);
        assert_eq!(
            texts(&t),
            [
                "人民代表大会",
                "制度",
                "是",
                "我国",
                "的",
                "根本",
                "政治",
                "制度"
            ]
        );
        assert_token(&t[0], 0, "人民代表大会", 0, 18);
        assert_token(&t[1], 1, "制度", 18, 24);
        assert_token(&t[6], 6, "政治", 42, 48);
        assert_token(&t[7], 7, "制度", 48, 54);
        for token in &t {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
    }

    #[test]
    fn punctuation_emits_nothing_and_keeps_positions_consecutive() {
        let text = "“一府一委两院”，密切联系群众、服务群众。";
        let t = cut(text);
        assert!(t.iter().all(|t| t.text.chars().any(char::is_alphanumeric)));
        // The token after the closing quote and the comma follows directly.
        let last = t.len() - 1;
        assert_eq!(t[last].text, "群众");
        assert_eq!(t[last - 1].text, "服务");
        assert_eq!(t[last].position, t[last - 1].position + 1);
        assert_eq!(t[0].offset_from, "“".len());
    }

    #[test]
    fn latin_and_digits_keep_their_offsets() {
        let text = "得票率82.48%，2023年Ｑ1";
        let t = cut(text);
        assert_token(&t[1], 1, "82.48%", 9, 15);
        assert_token(&t[2], 2, "2023", 18, 22);
        assert_token(&t[3], 3, "年", 22, 25);
        assert_token(&t[4], 4, "q1", 25, 29);
    }

    #[test]
    fn full_width_ascii_is_folded_in_the_text_only() {
        let text = "ＡＢＣ和２０２３年";
        let t = cut(text);
        assert_token(&t[0], 0, "abc", 0, 9);
        assert_token(&t[1], 1, "和", 9, 12);
        assert_token(&t[2], 2, "2023", 12, 24);
        assert_token(&t[3], 3, "年", 24, 27);
        assert_eq!(&text[t[2].offset_from..t[2].offset_to], "２０２３");
        assert_eq!(texts(&cut("ABC和2023年")), texts(&t));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert!(cut("").is_empty());
        assert!(cut("，。、“”——……  \n\t").is_empty());
        assert!(cut("😀🎉").is_empty());
        let t = cut("e\u{301}代表\u{301}");
        assert!(!t.is_empty());
        let long = "代表".repeat(300_000);
        assert_eq!(cut(&long).len(), 300_000);
        // One run of ASCII letters too long to be a tantivy term.
        assert!(cut(&"a".repeat(MAX_TOKEN_LEN + 1)).is_empty());
    }

    #[test]
    fn random_mixed_text_keeps_char_boundaries_and_original_words() {
        let alphabet: Vec<char> =
            "人大代表联系群众，。“”、 \r\n\tAbz09.%-+#ＡＺｚ０９％（）\u{301}\u{3000}😀\u{E000}"
                .chars()
                .collect();
        let mut state = 0x2023_u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            // cut() checks positions and char boundaries.
            for token in cut(&text) {
                let (folded, _) = fold_width(&text[token.offset_from..token.offset_to]);
                assert_eq!(folded.to_ascii_lowercase(), token.text, "{text:?}");
            }
        }
    }
}
