//! The analysis layers in a real tantivy index: the bigram layer finds
//! exactly the paragraphs containing a phrase, the word layer follows its
//! position policy, and tokenizers registered on a reopened index work.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use renda_core::analysis::{self, Dictionary};
use tantivy::collector::DocSetCollector;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema};
use tantivy::{Index, IndexWriter, Searcher, TantivyDocument, Term};

/// A tiny deterministic PRNG (xorshift64).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Paragraphs indexed in RAM, one document each, with their number in `para`.
struct Fixture {
    paragraphs: Vec<String>,
    words: Field,
    bigrams: Field,
    searcher: Searcher,
}

impl Fixture {
    fn new(paragraphs: Vec<String>, dictionary: &Dictionary, with_words: bool) -> Fixture {
        let mut schema = Schema::builder();
        let words = schema.add_text_field("words", analysis::text_options(analysis::WORDS));
        let bigrams = schema.add_text_field(
            "bigrams",
            analysis::text_options(analysis::BIGRAMS).set_stored(),
        );
        let para = schema.add_u64_field("para", FAST);
        let index = Index::create_in_ram(schema.build());
        analysis::register(&index, dictionary);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
        for (i, text) in paragraphs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_text(bigrams, text);
            if with_words {
                doc.add_text(words, text);
            }
            doc.add_u64(para, i as u64);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        Fixture {
            paragraphs,
            words,
            bigrams,
            searcher,
        }
    }

    /// The paragraph numbers `query` finds.
    fn found(&self, query: &dyn Query) -> BTreeSet<u64> {
        let hits = self.searcher.search(query, &DocSetCollector).unwrap();
        hits.into_iter()
            .map(|address| {
                let column = self
                    .searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64("para");
                column.unwrap().first(address.doc_id).unwrap()
            })
            .collect()
    }

    /// The paragraph numbers whose text contains `phrase`, by scanning.
    /// The paragraphs holding `phrase`, width and case folded as a search
    /// folds them (`renda_core::text::fold`: ＧＤＰ is gdp).
    fn containing(&self, phrase: &str) -> BTreeSet<u64> {
        use renda_core::text::fold;
        let phrase = fold(phrase);
        (0..self.paragraphs.len() as u64)
            .filter(|&i| fold(&self.paragraphs[i as usize]).contains(phrase.as_ref()))
            .collect()
    }

    fn exact(&self, phrase: &str) -> BTreeSet<u64> {
        self.found(&*analysis::exact_phrase_query(self.bigrams, phrase).unwrap())
    }

    /// A phrase query of the words of `text` on the word field.
    fn by_words(&self, text: &str, dictionary: &Dictionary) -> BTreeSet<u64> {
        let terms: Vec<Term> = analysis::words(text, &dictionary.jieba())
            .iter()
            .map(|token| Term::from_field_text(self.words, &token.text))
            .collect();
        match terms.len() {
            0 => BTreeSet::new(),
            1 => self.found(&TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
            _ => self.found(&PhraseQuery::new(terms)),
        }
    }

    /// `count` random substrings of 1 to 8 chars of the paragraphs (of those
    /// `pick` accepts), at random char offsets.
    fn sample(
        &self,
        rng: &mut XorShift,
        count: usize,
        pick: impl Fn(usize) -> bool,
    ) -> Vec<String> {
        let candidates: Vec<usize> = (0..self.paragraphs.len()).filter(|&i| pick(i)).collect();
        (0..count)
            .map(|_| {
                let chars: Vec<char> = self.paragraphs[candidates[rng.below(candidates.len())]]
                    .chars()
                    .collect();
                let start = rng.below(chars.len());
                let len = 1 + rng.below(8);
                chars[start..(start + len).min(chars.len())]
                    .iter()
                    .collect()
            })
            .collect()
    }

    /// Check that the bigram layer finds exactly the paragraphs containing
    /// each phrase; returns how many phrases cross a jieba word boundary.
    fn check_exact(&self, phrases: &[String], dictionary: &Dictionary) -> usize {
        let jieba = dictionary.jieba();
        let mut crossing = 0;
        for phrase in phrases {
            let expected = self.containing(phrase);
            assert!(
                !expected.is_empty(),
                "{phrase:?} was sampled from the texts"
            );
            assert_eq!(self.exact(phrase), expected, "phrase {phrase:?}");
            let i = expected.first().map(|&i| i as usize).unwrap_or_default();
            let text = &self.paragraphs[i];
            let bounds: HashSet<usize> = jieba
                .cut(text, true)
                .iter()
                .flat_map(|t| [t.byte_start, t.byte_end])
                .collect();
            let at = text.find(phrase.as_str()).unwrap_or_default();
            if !bounds.contains(&at) || !bounds.contains(&(at + phrase.len())) {
                crossing += 1;
            }
        }
        crossing
    }
}

fn seed_paragraphs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    paragraphs(&files, usize::MAX)
}

/// The non-empty lines of `files`, at most `per_file` bytes of each file.
fn paragraphs(files: &[PathBuf], per_file: usize) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut taken = 0;
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            if taken >= per_file {
                break;
            }
            taken += line.len();
            paragraphs.push(line.to_owned());
        }
    }
    paragraphs
}

#[test]
fn seeds_bigram_layer_finds_exactly_the_paragraphs_containing_a_phrase() {
    let dictionary = Dictionary::builtin();
    let fixture = Fixture::new(seed_paragraphs(), &dictionary, true);
    // 100 non-empty lines, one of which is only a no-break space.
    assert_eq!(fixture.paragraphs.len(), 99);
    let mut rng = XorShift(0x5eed_2023);
    let mut phrases = fixture.sample(&mut rng, 400, |_| true);
    let chosen = [
        "民群",
        "表大会",
        "代表大会制度",
        "“一府一委两院”",
        "82.48%",
        "2023年",
        "，",
        "、",
        "（",
        ".",
        "%",
        "　",
        " ",
        "人",
        "大",
        "会。",
        "。",
        "：",
        "一、",
        "年",
    ];
    phrases.extend(
        chosen
            .iter()
            .filter(|p| !fixture.containing(p).is_empty())
            .map(|p| p.to_string()),
    );
    assert!(phrases.len() >= 410, "most chosen phrases are in the seeds");
    let crossing = fixture.check_exact(&phrases, &dictionary);
    let single = phrases.iter().filter(|p| p.chars().count() == 1).count();
    let non_han = phrases
        .iter()
        .filter(|p| p.chars().any(|c| !('\u{4E00}'..='\u{9FFF}').contains(&c)))
        .count();
    println!(
        "{} phrases: {crossing} cross word boundaries, {single} single chars, {non_han} not all Han",
        phrases.len()
    );
    assert!(crossing >= 100 && single >= 30 && non_han >= 50);
    // No false positives for strings that are not in the seeds.
    for absent in [
        "代表大会制度化",
        "人民代表大会制度是我国的根本政策",
        "常委会会\u{E000}",
        "𠀀",
    ] {
        assert!(fixture.exact(absent).is_empty(), "{absent}");
    }
}

#[test]
fn seeds_jieba_words_miss_what_the_bigrams_find() {
    let dictionary = Dictionary::builtin();
    let fixture = Fixture::new(seed_paragraphs(), &dictionary, true);
    let expected = fixture.containing("代表大会制度");
    assert_eq!(expected.len(), 16);
    assert_eq!(fixture.exact("代表大会制度"), expected);
    let by_words = fixture.by_words("代表大会制度", &dictionary);
    println!(
        "代表大会制度: {} paragraphs, the word layer finds {}",
        expected.len(),
        by_words.len()
    );
    assert_eq!(by_words.len(), 0);
}

#[test]
fn seeds_word_layer_phrases() {
    let dictionary = Dictionary::builtin();
    let fixture = Fixture::new(seed_paragraphs(), &dictionary, true);
    // 联系群众 stays one word inside 密切联系群众, so both are found whole.
    for phrase in [
        "联系群众",
        "密切联系群众",
        "全过程人民民主",
        "人大代表",
        "代表之家",
    ] {
        let expected = fixture.containing(phrase);
        assert!(!expected.is_empty(), "{phrase}");
        assert_eq!(fixture.by_words(phrase, &dictionary), expected, "{phrase}");
    }
    // Punctuation takes no position: the words on either side of a comma
    // are adjacent for a phrase query, and so is the query's own text.
    let jieba = dictionary.jieba();
    let mut checked = 0;
    for (i, text) in fixture.paragraphs.iter().enumerate() {
        let tokens = analysis::words(text, &jieba);
        for pair in tokens.windows(2) {
            let between = &text[pair[0].offset_to..pair[1].offset_from];
            if between != "，" {
                continue;
            }
            assert_eq!(pair[1].position, pair[0].position + 1);
            let terms = pair
                .iter()
                .map(|t| Term::from_field_text(fixture.words, &t.text))
                .collect();
            assert!(
                fixture
                    .found(&PhraseQuery::new(terms))
                    .contains(&(i as u64))
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
    // So a query with or without the comma finds the same paragraph by
    // words, while the bigram layer tells them apart.
    let expected = fixture.containing("端正态度，排除干扰");
    assert_eq!(expected.len(), 1);
    assert_eq!(
        fixture.by_words("端正态度，排除干扰", &dictionary),
        expected
    );
    assert_eq!(fixture.by_words("端正态度排除干扰", &dictionary), expected);
    assert_eq!(fixture.exact("端正态度，排除干扰"), expected);
    assert!(fixture.exact("端正态度排除干扰").is_empty());
}

#[test]
fn real_corpus_bigram_layer_is_exact() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !dir.is_dir() {
        println!("skipping: ../shared/corpus/real not present");
        return;
    }
    let start = Instant::now();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    // The start of every file, about 2 MB in all.
    let paragraphs = paragraphs(&files, 4_000);
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let dictionary = Dictionary::builtin();
    let fixture = Fixture::new(paragraphs, &dictionary, false);
    let indexed = start.elapsed();
    let mut rng = XorShift(0x1954_2025);
    let first_1954 = fixture
        .paragraphs
        .iter()
        .position(|p| p.starts_with("我們第一届全國人民代表大會"));
    let first_1954 = first_1954.expect("cpc__1954 is in the corpus");
    let mut phrases = fixture.sample(&mut rng, 260, |_| true);
    phrases.extend(fixture.sample(&mut rng, 40, |i| (first_1954..first_1954 + 20).contains(&i)));
    phrases.push("全國人民代表大會".to_owned());
    let crossing = fixture.check_exact(&phrases, &dictionary);
    println!(
        "{} files, {} paragraphs, {bytes} bytes indexed in {indexed:?}; {} phrases ({crossing} crossing words) checked in {:?}",
        files.len(),
        fixture.paragraphs.len(),
        phrases.len(),
        start.elapsed() - indexed
    );
    assert!(crossing >= 50);
}

#[test]
fn tokenizers_registered_on_a_reopened_index_work() {
    let dir = tempfile::tempdir().unwrap();
    let dictionary = Dictionary::builtin();
    let (words, bigrams) = {
        let mut schema = Schema::builder();
        let words = schema.add_text_field("words", analysis::text_options(analysis::WORDS));
        let bigrams = schema.add_text_field(
            "bigrams",
            analysis::text_options(analysis::BIGRAMS).set_stored(),
        );
        let index = Index::create_in_dir(dir.path(), schema.build()).unwrap();
        analysis::register(&index, &dictionary);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let text = "支持和保证“一府一委两院”依法行使职权";
        writer
            .add_document(tantivy::doc!(words => text, bigrams => text))
            .unwrap();
        writer.commit().unwrap();
        (words, bigrams)
    };
    let index = Index::open_in_dir(dir.path()).unwrap();
    assert!(
        index.tokenizers().get(analysis::WORDS).is_none(),
        "tantivy does not persist them"
    );
    analysis::register(&index, &dictionary);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let text = "推动全过程人民民主，密切联系群众\n第二段";
    writer
        .add_document(tantivy::doc!(words => text, bigrams => text))
        .unwrap();
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let count = |query: &dyn Query| searcher.search(query, &tantivy::collector::Count).unwrap();
    for phrase in ["府一委两", "”依", "民民主，密", "众\n第", "\n", "段"] {
        assert_eq!(
            count(&*analysis::exact_phrase_query(bigrams, phrase).unwrap()),
            1,
            "{phrase}"
        );
    }
    for word in ["一府一委两院", "全过程人民民主", "联系群众"] {
        let term = Term::from_field_text(words, word);
        assert_eq!(
            count(&TermQuery::new(term, IndexRecordOption::Basic)),
            1,
            "{word}"
        );
    }
}
