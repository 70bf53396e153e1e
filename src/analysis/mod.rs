//! Chinese analysis for the index: word and character tokenisers.
//!
//! * [`WORDS`] ([`WordTokenizer`]): jieba words, for ranking. Punctuation
//!   emits nothing and takes no position.
//! * [`BIGRAMS`] ([`BigramTokenizer`]): overlapping character bigrams, for
//!   exact phrases: a string occurs in a text iff [`exact_phrase_query`]
//!   finds it.

pub mod bigrams;
pub mod words;

pub use bigrams::{
    BigramTokenStream, BigramTokenizer, END, exact_phrase_query, phrase_bigrams,
    single_char_pattern,
};
pub use words::{WordTokenStream, WordTokenizer, words};

/// Name of the word tokenizer ([`WordTokenizer`]) in an index.
pub const WORDS: &str = "renda_words";
/// Name of the bigram tokenizer ([`BigramTokenizer`]) in an index.
pub const BIGRAMS: &str = "renda_bigrams";

#[cfg(test)]
pub(crate) mod test_util {
    use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

    /// tantivy's own test helper, which it does not export.
    pub fn assert_token(token: &Token, position: usize, text: &str, from: usize, to: usize) {
        assert_eq!(
            token.position, position,
            "expected position {position} but {token:?}"
        );
        assert_eq!(token.text, text, "expected text {text} but {token:?}");
        assert_eq!(
            token.offset_from, from,
            "expected offset_from {from} but {token:?}"
        );
        assert_eq!(token.offset_to, to, "expected offset_to {to} but {token:?}");
    }

    /// All the tokens `tokenizer` makes of `text`.
    pub fn tokens<T: Tokenizer>(mut tokenizer: T, text: &str) -> Vec<Token> {
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        stream.process(&mut |token| tokens.push(token.clone()));
        tokens
    }
}
