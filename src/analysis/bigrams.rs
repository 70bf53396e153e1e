//! Character bigrams: the exact-phrase layer.
//!
//! [`BigramTokenizer`] turns a text of chars `c0 … c(n-1)` into `n` tokens:
//! at position `i` the two chars `c(i) c(i+1)`, and at the last position
//! `c(n-1)` followed by the sentinel [`END`]. Every char counts: Han,
//! punctuation, digits, Latin letters and whitespace alike, and nothing is
//! normalised (no case folding, no width folding), so the layer answers
//! "does this exact string occur" and nothing looser. Offsets are the byte
//! range of the token's chars in the original text (for the sentinel token,
//! the last char alone).
//!
//! The positions make substring search exact:
//!
//! * a string `P` of two or more chars occurs in `T` iff the terms of
//!   [`phrase_bigrams`]`(P)` occur in `T` at consecutive positions, which a
//!   `PhraseQuery` (or a `TermQuery` for a single bigram) checks;
//! * a single char `c` occurs in `T` iff some term starting with `c` exists,
//!   since every char starts a token (the last one with the sentinel):
//!   [`single_char_pattern`] is the `RegexQuery` pattern for that.
//!
//! [`exact_phrase_query`] picks the right query for any phrase.

use std::str::CharIndices;

use tantivy::Term;
use tantivy::query::{EmptyQuery, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The sentinel that follows the last char of a text in its final bigram
/// (U+E000, the first private-use char, which real texts do not contain).
pub const END: char = '\u{E000}';

/// Tokenizer emitting overlapping character bigrams (see the module docs).
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    token: Token,
}

/// Token stream of [`BigramTokenizer`].
pub struct BigramTokenStream<'a> {
    chars: CharIndices<'a>,
    /// The char that starts the next token, if any.
    next: Option<(usize, char)>,
    token: &'a mut Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        self.token.reset();
        let mut chars = text.char_indices();
        let next = chars.next();
        BigramTokenStream {
            chars,
            next,
            token: &mut self.token,
        }
    }
}

impl TokenStream for BigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((from, first)) = self.next else {
            return false;
        };
        self.next = self.chars.next();
        let (second, to) = match self.next {
            Some((offset, c)) => (c, offset + c.len_utf8()),
            None => (END, from + first.len_utf8()),
        };
        let token = &mut *self.token;
        token.position = token.position.wrapping_add(1);
        token.offset_from = from;
        token.offset_to = to;
        token.text.clear();
        token.text.push(first);
        token.text.push(second);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The query-side terms of a phrase: its overlapping bigrams, without the
/// sentinel, to be matched at consecutive positions.
///
/// Empty for a phrase of fewer than two chars: use
/// [`single_char_pattern`] for a single char.
pub fn phrase_bigrams(phrase: &str) -> Vec<String> {
    let chars: Vec<char> = phrase.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// A `RegexQuery` pattern matching every bigram term that starts with `c`,
/// i.e. every occurrence of `c` (including the final `c` + [`END`]).
///
/// `c` is escaped, and the second char may be anything, newline included.
pub fn single_char_pattern(c: char) -> String {
    let mut buf = [0u8; 4];
    format!("{}(?s:.)", regex::escape(c.encode_utf8(&mut buf)))
}

/// The query finding the texts of a bigram `field` that contain `phrase`
/// exactly: a `PhraseQuery` over [`phrase_bigrams`] for three chars or more,
/// a `TermQuery` for two, a `RegexQuery` of [`single_char_pattern`] for one,
/// and an `EmptyQuery` (matching nothing) for the empty phrase.
pub fn exact_phrase_query(field: Field, phrase: &str) -> tantivy::Result<Box<dyn Query>> {
    let mut terms: Vec<Term> = phrase_bigrams(phrase)
        .iter()
        .map(|bigram| Term::from_field_text(field, bigram))
        .collect();
    Ok(match terms.len() {
        0 => match phrase.chars().next() {
            Some(c) => Box::new(RegexQuery::from_pattern(&single_char_pattern(c), field)?),
            None => Box::new(EmptyQuery),
        },
        1 => Box::new(TermQuery::new(
            terms.remove(0),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new(terms)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::{assert_token, tokens};

    fn bigrams(text: &str) -> Vec<Token> {
        tokens(BigramTokenizer::default(), text)
    }

    #[test]
    fn bigrams_of_a_sentence_with_punctuation() {
        let text = "“一府一委两院”";
        let t = bigrams(text);
        assert_eq!(t.len(), 8);
        assert_token(&t[0], 0, "“一", 0, 6);
        assert_token(&t[1], 1, "一府", 3, 9);
        assert_token(&t[6], 6, "院”", 18, 24);
        assert_token(&t[7], 7, "”\u{E000}", 21, 24);
    }

    #[test]
    fn latin_digits_and_whitespace_are_kept_exactly() {
        let text = "82.48% A\u{3000}ＡＢ";
        let t = bigrams(text);
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "82",
                "2.",
                ".4",
                "48",
                "8%",
                "% ",
                " A",
                "A\u{3000}",
                "\u{3000}Ａ",
                "ＡＢ",
                "Ｂ\u{E000}"
            ]
        );
        for (i, token) in t.iter().enumerate() {
            assert_eq!(token.position, i);
            let mut original = text[token.offset_from..token.offset_to].to_string();
            if i + 1 == t.len() {
                original.push(END);
            }
            assert_eq!(token.text, original);
        }
    }

    #[test]
    fn short_and_odd_inputs() {
        assert!(bigrams("").is_empty());
        let t = bigrams("人");
        assert_eq!(t.len(), 1);
        assert_token(&t[0], 0, "人\u{E000}", 0, 3);
        // A combining mark and an emoji are chars like any other.
        let t = bigrams("e\u{301}😀");
        assert_token(&t[0], 0, "e\u{301}", 0, 3);
        assert_token(&t[1], 1, "\u{301}😀", 1, 7);
        assert_token(&t[2], 2, "😀\u{E000}", 3, 7);
    }

    #[test]
    fn a_long_line_yields_one_token_per_char() {
        let text = "代表".repeat(200_000);
        let mut tokenizer = BigramTokenizer::default();
        let mut stream = tokenizer.token_stream(&text);
        let mut count = 0;
        while stream.advance() {
            count += 1;
        }
        assert_eq!(count, 400_000);
        assert_eq!(stream.token().text, "表\u{E000}");
    }

    #[test]
    fn phrase_bigrams_drop_the_sentinel() {
        assert_eq!(phrase_bigrams("表大会"), ["表大", "大会"]);
        assert_eq!(phrase_bigrams("民群"), ["民群"]);
        assert!(phrase_bigrams("民").is_empty());
        assert!(phrase_bigrams("").is_empty());
    }

    #[test]
    fn single_char_patterns_compile_for_every_ascii_char() {
        let mut builder = tantivy::schema::Schema::builder();
        let field = builder.add_text_field("f", tantivy::schema::TEXT);
        for c in (0u8..128).map(char::from).chain(['人', '，', END, '😀']) {
            let pattern = single_char_pattern(c);
            assert!(
                RegexQuery::from_pattern(&pattern, field).is_ok(),
                "{pattern:?} does not compile"
            );
            let re = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
            assert!(re.is_match(&format!("{c}\n")), "{pattern:?}");
            assert!(re.is_match(&format!("{c}{END}")), "{pattern:?}");
            assert!(!re.is_match(&c.to_string()), "{pattern:?}");
            assert!(!re.is_match(&format!("{c}ab")), "{pattern:?}");
        }
    }
}
