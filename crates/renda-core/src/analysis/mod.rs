//! Chinese analysis for the index: word and character tokenisers.
//!
//! * [`BIGRAMS`] ([`BigramTokenizer`]): overlapping character bigrams of
//!   the text's word chars, which is what renda indexes: a string occurs in
//!   a text iff [`exact_phrase_query`] finds it, whatever jieba thinks its
//!   words are (a string with punctuation is checked against the stored
//!   text, so the field must be stored for those).
//! * [`WORDS`] ([`WordTokenizer`]) and [`words`]: jieba words with the 人大
//!   [`Dictionary`], to cut a query (or a paragraph, for `similar` and
//!   `kwic`) into words. Punctuation emits nothing and takes no position.
//!
//! tantivy does not persist tokenizers (tantivy#2078): call [`register`]
//! every time an index is created or opened, before indexing or searching.
//!
//! ```
//! use renda_core::analysis::{self, Dictionary};
//! use tantivy::schema::Schema;
//! use tantivy::{Index, doc};
//!
//! let mut schema = Schema::builder();
//! let words = schema.add_text_field("words", analysis::text_options(analysis::WORDS));
//! let bigrams = schema.add_text_field("bigrams", analysis::text_options(analysis::BIGRAMS));
//! let index = Index::create_in_ram(schema.build());
//! let dictionary = Dictionary::builtin();
//! analysis::register(&index, &dictionary);
//!
//! let text = "人民代表大会制度是我国的根本政治制度";
//! let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
//! writer.add_document(doc!(words => text, bigrams => text))?;
//! writer.commit()?;
//!
//! let searcher = index.reader()?.searcher();
//! let query = analysis::exact_phrase_query(bigrams, "代表大会制度")?;
//! assert_eq!(searcher.search(&query, &tantivy::collector::Count)?, 1);
//! let tokens = analysis::words("根本政治制度", &dictionary.jieba());
//! assert_eq!(tokens.len(), 1);
//! # Ok::<(), tantivy::TantivyError>(())
//! ```

pub mod bigrams;
pub mod dictionary;
pub mod lookup;
pub mod related;
pub mod words;

pub use bigrams::{
    BigramTokenStream, BigramTokenizer, END, PhraseMemo, SharedPhrase, Verified,
    exact_phrase_query, exact_phrase_query_in, is_word_char, phrase_bigrams, single_char_pattern,
};
pub use dictionary::{AnalysisError, DictFault, Dictionary, MAX_DICT_BYTES};
pub use related::Thesaurus;
pub use words::{WordTokenStream, WordTokenizer, words};

use tantivy::Index;
use tantivy::schema::{IndexRecordOption, TextFieldIndexing, TextOptions};

/// Name of the word tokenizer ([`WordTokenizer`]) in an index.
pub const WORDS: &str = "renda_words";
/// Name of the bigram tokenizer ([`BigramTokenizer`]) in an index.
pub const BIGRAMS: &str = "renda_bigrams";

/// Register [`WORDS`] and [`BIGRAMS`] in `index`'s tokenizer manager, the
/// word tokenizer segmenting with `dictionary`. Call it whenever an index is
/// created or opened: tantivy keeps only the tokenizer names in the schema.
pub fn register(index: &Index, dictionary: &Dictionary) {
    let tokenizers = index.tokenizers();
    tokenizers.register(WORDS, WordTokenizer::lazy(dictionary.clone()));
    tokenizers.register(BIGRAMS, BigramTokenizer::default());
}

/// Options of a text field analysed by `tokenizer` ([`WORDS`] or
/// [`BIGRAMS`]) with frequencies and positions (phrase queries need them);
/// not stored.
pub fn text_options(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

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
