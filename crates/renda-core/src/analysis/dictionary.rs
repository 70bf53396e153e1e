//! The 人大 user dictionary, on top of jieba's default one.
//!
//! `renda_dict.txt` (shipped in the binary) holds about two hundred terms of
//! people's-congress work and political language that jieba's default
//! dictionary splits into fragments (`一府/一委/两院`, `两个/确立`,
//! `代表/之/家`, `质询/案以`) or that users search as one unit
//! (`备案审查`, `闭会期间`, `全过程人民民主`). Each entry was checked against
//! the seeds and the real corpus: it must change jieba's segmentation, and the
//! segmentation of the whole corpus was diffed before and after to drop
//! entries that steal characters from their neighbours (`常委会会议` turned
//! `省/人大常委会/会议` into `省人大/常委会会议`). `联系群众` is raised so
//! that `密切联系群众` cuts as `密切/联系群众` rather than `密切联系/群众`.
//!
//! Frequencies. jieba picks the segmentation maximising the sum of
//! `ln(freq) - ln(total)` over its words (total ≈ 6·10⁷), so a word wins
//! over its parts when its frequency beats the product of theirs divided by
//! the total. The built-in entries use 1000, the frequency of a common
//! domain word (`人代会` has 286, `人大代表` 5284), which joins every term
//! without stealing from neighbours in the corpus; the exceptions are tuned
//! (`新发展理念` 2, low enough to leave `创新/发展/理念` alone).
//!
//! File format (jieba's): one `word [freq] [tag]` per line, blank lines
//! ignored. A missing frequency is jieba's `suggest_freq`, the least that
//! keeps the word whole; frequency 0 effectively removes a word.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;

use super::lookup;

/// The built-in 人大 dictionary.
const RENDA_DICT: &str = include_str!("renda_dict.txt");
/// What errors in the built-in dictionary name as its path.
const RENDA_DICT_PATH: &str = "crates/renda-core/src/analysis/renda_dict.txt";
/// Part of every fingerprint: bump when the tokenizers change their output.
const ANALYSIS_VERSION: &str = "renda-analysis 1; jieba-rs 0.11 default dict; hmm";

/// The largest user dictionary renda takes, in bytes (jieba's own
/// dictionary, 349 046 words, is 5 MB; the built-in 人大 one is 5 KB).
pub const MAX_DICT_BYTES: u64 = 8 * 1024 * 1024;
/// The most entries a user dictionary may hold.
pub const MAX_DICT_ENTRIES: usize = 200_000;
/// The longest line of a user dictionary, in bytes.
pub const MAX_DICT_LINE: usize = 256;
/// The longest word of a user dictionary, in characters (jieba's longest
/// is 16; a query's words are never longer than its dictionary's).
pub const MAX_WORD_CHARS: usize = 32;
/// The largest frequency a dictionary entry may give (jieba's largest
/// is 318 825, for 的).
pub const MAX_FREQ: usize = 100_000_000;

/// Errors of the analysis module.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// A dictionary file could not be read (or is no regular file, or
    /// is too large).
    #[error("cannot read dictionary {}: {source}", crate::display::path(path))]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: crate::files::ReadError,
    },
    /// A dictionary line is malformed.
    #[error("{}:{line}: {message}", crate::display::path(path))]
    Entry {
        /// The file.
        path: PathBuf,
        /// The line number, from 1.
        line: usize,
        /// What is wrong with it.
        message: DictFault,
    },
}

/// What is wrong with a line of a user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictFault {
    /// The file is not text.
    NotText(crate::corpus::SkipReason),
    /// More entries than a dictionary may hold.
    TooMany(usize),
    /// A line of `bytes`, longer than `max`.
    LongLine { bytes: usize, max: usize },
    /// A line of `found` fields, not `word [freq] [tag]`.
    Fields(usize),
    /// A frequency that is not a whole number.
    BadFreq { freq: String, word: String },
    /// A frequency above `max`.
    FreqTooHigh {
        freq: usize,
        word: String,
        max: usize,
    },
    /// A word of `chars` characters, longer than `max`.
    LongWord { chars: usize, max: usize },
    /// A word that holds a control character.
    Control(String),
}

impl std::fmt::Display for DictFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DictFault::NotText(reason) => write!(f, "{reason}"),
            DictFault::TooMany(max) => {
                write!(f, "more than {max} entries, the most a dictionary may hold")
            }
            DictFault::LongLine { bytes, max } => write!(
                f,
                "a line of {bytes} bytes; a dictionary line holds at most {max}"
            ),
            DictFault::Fields(found) => {
                write!(f, "expected `word [freq] [tag]`, found {found} fields")
            }
            DictFault::BadFreq { freq, word } => {
                write!(f, "frequency `{freq}` of `{word}` is not a whole number")
            }
            DictFault::FreqTooHigh { freq, word, max } => {
                write!(f, "frequency {freq} of `{word}` is more than {max}")
            }
            DictFault::LongWord { chars, max } => {
                write!(
                    f,
                    "a word of {chars} characters; a word holds at most {max}"
                )
            }
            DictFault::Control(word) => write!(
                f,
                "`{}` holds a control character",
                crate::display::escaped(word)
            ),
        }
    }
}

/// One dictionary line.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    word: String,
    freq: Option<usize>,
    tag: Option<String>,
}

/// jieba's default dictionary, the 人大 dictionary and optionally a user's
/// dictionary; builds the [`Jieba`] the tokenizers share, once.
#[derive(Clone, Debug)]
pub struct Dictionary {
    entries: Vec<Entry>,
    /// Built on first use and shared by clones.
    jieba: Arc<OnceLock<Arc<Jieba>>>,
    /// The entries as the segmenter holds them, for [`Dictionary::segmenter_for`].
    resolved: Arc<OnceLock<Resolved>>,
}

/// The 人大 and user entries as [`Dictionary::jieba`] holds them once each
/// was added in order: every word's frequency and tag, and jieba's total.
#[derive(Debug)]
struct Resolved {
    words: HashMap<String, (usize, String)>,
    total: usize,
}

/// Texts longer than this (in bytes, together) are cut with the whole
/// dictionary: building it once then costs less than looking up theirs.
const PARTIAL_MAX_BYTES: usize = 64 * 1024;

/// Up to this many 人大 and user entries, a partial segmenter looks for
/// each in the texts; beyond, it looks up the texts' substrings.
const FEW_ENTRIES: usize = 2048;

/// A word standing in for the rest of the dictionary in a partial
/// segmenter: its frequency makes the total jieba's. Two noncharacters,
/// which no text holds (one that does gets the whole dictionary).
const FILLER: &str = "\u{FFFF}\u{FFFE}";

/// A segmenter holding, of jieba's default dictionary overlaid with
/// `words`, exactly the words that stand in `texts`, and jieba's `total`:
/// on those texts it cuts and tags as the whole dictionary does, since
/// jieba only ever weighs words that are substrings of what it cuts.
fn partial(texts: &[&str], words: &HashMap<String, (usize, String)>, total: usize) -> Jieba {
    let mut chosen: HashMap<&str, (usize, &str)> = HashMap::new();
    for text in texts {
        lookup::words_in(text, |l| {
            chosen.entry(l.word).or_insert((l.freq, l.tag));
        });
    }
    if words.len() <= FEW_ENTRIES {
        for (w, (freq, tag)) in words {
            if texts.iter().any(|t| t.contains(w.as_str())) {
                chosen.insert(w, (*freq, tag));
            }
        }
    } else {
        // A large user dictionary: look up the texts' substrings instead,
        // up to the longest word an entry may have.
        for text in texts {
            for (start, _) in text.char_indices() {
                let rest = &text[start..];
                for (len, c) in rest.char_indices().take(MAX_WORD_CHARS) {
                    if let Some((w, (freq, tag))) = words.get_key_value(&rest[..len + c.len_utf8()])
                    {
                        chosen.insert(w, (*freq, tag));
                    }
                }
            }
        }
    }
    let mut jieba = Jieba::empty();
    let mut sum = 0;
    for (w, (freq, tag)) in chosen {
        jieba.add_word(w, Some(freq), Some(tag));
        sum += freq;
    }
    jieba.add_word(FILLER, Some(total.saturating_sub(sum)), Some("x"));
    jieba
}

impl Dictionary {
    /// jieba's default dictionary plus the built-in 人大 dictionary.
    pub fn builtin() -> Self {
        let entries = parse(RENDA_DICT, Path::new(RENDA_DICT_PATH))
            .expect("the built-in dictionary is well-formed (checked by a test)");
        Dictionary {
            entries,
            jieba: Arc::new(OnceLock::new()),
            resolved: Arc::new(OnceLock::new()),
        }
    }

    /// [`Dictionary::builtin`] plus the user dictionary at `path` (same
    /// format), whose entries come last and so override built-in ones.
    ///
    /// The file is read and checked now; errors name the file and line.
    pub fn with_user_file(path: impl AsRef<Path>) -> Result<Self, AnalysisError> {
        let path = path.as_ref();
        let bytes = crate::files::read_regular(path, MAX_DICT_BYTES).map_err(|source| {
            AnalysisError::Read {
                path: path.to_owned(),
                source,
            }
        })?;
        // Encoded as speech files and metadata.csv may be: UTF-8, UTF-16
        // with BOM, GBK.
        let text = match crate::corpus::decode_text(&bytes) {
            Ok((text, _, _)) => text,
            Err(reason) => {
                let valid = std::str::from_utf8(&bytes)
                    .map_or_else(|err| &bytes[..err.valid_up_to()], |_| &bytes[..]);
                return Err(AnalysisError::Entry {
                    path: path.to_owned(),
                    line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
                    message: DictFault::NotText(reason),
                });
            }
        };
        Self::with_user_text(&text, path)
    }

    /// [`Dictionary::builtin`] plus the entries of a user dictionary's
    /// `text` (checked against the limits; errors name `path` and the line).
    pub fn with_user_text(text: &str, path: &Path) -> Result<Self, AnalysisError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let entries = parse(text, path)?;
        if entries.len() > MAX_DICT_ENTRIES {
            return Err(AnalysisError::Entry {
                path: path.to_owned(),
                line: entries_end_line(text, MAX_DICT_ENTRIES + 1),
                message: DictFault::TooMany(MAX_DICT_ENTRIES),
            });
        }
        let mut dictionary = Dictionary::builtin();
        dictionary.entries.extend(entries);
        Ok(dictionary)
    }

    /// The entries on top of jieba's default dictionary, in order: the 人大
    /// ones, then the user's (word, frequency, tag).
    pub fn entries(&self) -> impl Iterator<Item = (&str, Option<usize>, Option<&str>)> {
        self.entries
            .iter()
            .map(|e| (e.word.as_str(), e.freq, e.tag.as_deref()))
    }

    /// The segmenter: jieba's default dictionary, then the 人大 entries, then
    /// the user's. Built on first use (0.2–0.3 s in a release build), then shared.
    pub fn jieba(&self) -> Arc<Jieba> {
        self.jieba
            .get_or_init(|| {
                let mut jieba = Jieba::new();
                for entry in &self.entries {
                    jieba.add_word(&entry.word, entry.freq, entry.tag.as_deref());
                }
                Arc::new(jieba)
            })
            .clone()
    }

    /// The words of `text` as `jieba`, one of this dictionary's segmenters
    /// ([`Dictionary::jieba`], [`Dictionary::segmenter_for`]), cuts it with
    /// its HMM, each with its tag in the dictionary, as `jieba.tag` gives
    /// it; `None` for a word the HMM found that the dictionary does not
    /// hold. jieba tags such a word with a part-of-speech model it builds
    /// on first use (some 40 ms, once per process); this never does.
    pub fn tagged<'t>(&self, jieba: &Jieba, text: &'t str) -> Vec<(&'t str, Option<&str>)> {
        jieba
            .cut(text, true)
            .into_iter()
            .map(|t| {
                let tag = jieba
                    .has_word(t.word)
                    .then(|| self.tag_of(t.word).unwrap_or(""));
                (t.word, tag)
            })
            .collect()
    }

    /// The tag of `word` in the dictionary: an entry's as it resolved
    /// ([`Dictionary::resolved`]), else jieba's default dictionary's.
    fn tag_of(&self, word: &str) -> Option<&str> {
        match self.resolved().words.get(word) {
            Some((_, tag)) => Some(tag.as_str()),
            None => lookup::get(word).map(|l| l.tag),
        }
    }

    /// A segmenter that cuts and tags `texts` exactly as [`Dictionary::jieba`]
    /// does, without building the whole dictionary (0.2–0.3 s): for short
    /// texts (a query, the paragraphs of a feedback round) it holds only the
    /// words that stand in them (about a millisecond). Once the whole
    /// segmenter is built, it is that one.
    pub fn segmenter_for(&self, texts: &[&str]) -> Arc<Jieba> {
        if let Some(full) = self.jieba.get() {
            return full.clone();
        }
        let len: usize = texts.iter().map(|t| t.len()).sum();
        if len > PARTIAL_MAX_BYTES || texts.iter().any(|t| t.contains(FILLER)) {
            return self.jieba();
        }
        // What the segmenter is handed: the texts as they are, width-folded
        // and lowercased (see `words`).
        let mut variants: Vec<String> = Vec::with_capacity(texts.len() * 2);
        for t in texts {
            let folded = super::words::fold_width(t).0;
            if folded.as_ref() != *t {
                variants.push(folded.to_string());
            }
            let lower = folded.to_ascii_lowercase();
            if lower != folded.as_ref() {
                variants.push(lower);
            }
        }
        let mut all: Vec<&str> = texts.to_vec();
        all.extend(variants.iter().map(String::as_str));
        let r = self.resolved();
        Arc::new(partial(&all, &r.words, r.total))
    }

    /// The entries added in order to jieba's default dictionary, as
    /// `Jieba::add_word` leaves them: a new word takes its tag, a known one
    /// keeps its own; a missing frequency is `suggest_freq` at that point.
    fn resolved(&self) -> &Resolved {
        self.resolved.get_or_init(|| {
            let mut words: HashMap<String, (usize, String)> = HashMap::new();
            let mut total = lookup::JIEBA_TOTAL;
            for e in &self.entries {
                let current = words
                    .get(&e.word)
                    .map(|(f, t)| (*f, t.clone()))
                    .or_else(|| lookup::get(&e.word).map(|l| (l.freq, l.tag.to_string())));
                let freq = e.freq.unwrap_or_else(|| {
                    partial(&[e.word.as_str()], &words, total).suggest_freq(&e.word)
                });
                let tag = match current {
                    Some((old, tag)) => {
                        total = total - old + freq;
                        tag
                    }
                    None => {
                        total += freq;
                        e.tag.clone().unwrap_or_default()
                    }
                };
                words.insert(e.word.clone(), (freq, tag));
            }
            Resolved { words, total }
        })
    }

    /// A stable hash (64-bit FNV-1a, hex) of the analysis version and of the
    /// 人大 and user entries, for an index to notice that it was built with
    /// another dictionary. Formatting of the files does not count, the
    /// entries and their order do.
    pub fn fingerprint(&self) -> String {
        let mut canonical = String::from(ANALYSIS_VERSION);
        for entry in &self.entries {
            let freq = entry.freq.map_or("-".to_owned(), |f| f.to_string());
            let tag = entry.tag.as_deref().unwrap_or("-");
            let _ = write!(canonical, "\n{} {freq} {tag}", entry.word);
        }
        format!("fnv1a64-{:016x}", fnv1a64(canonical.as_bytes()))
    }
}

/// Parse dictionary `text` read from `path` (named in errors).
fn parse(text: &str, path: &Path) -> Result<Vec<Entry>, AnalysisError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let error = |message: DictFault| AnalysisError::Entry {
            path: path.to_owned(),
            line: index + 1,
            message,
        };
        if line.len() > MAX_DICT_LINE {
            return Err(error(DictFault::LongLine {
                bytes: line.len(),
                max: MAX_DICT_LINE,
            }));
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (word, freq, tag) = match fields[..] {
            [] => continue,
            [word] => (word, None, None),
            [word, freq] => (word, Some(freq), None),
            [word, freq, tag] => (word, Some(freq), Some(tag)),
            _ => {
                return Err(error(DictFault::Fields(fields.len())));
            }
        };
        let freq = freq
            .map(|f| {
                f.parse::<usize>().map_err(|_| {
                    error(DictFault::BadFreq {
                        freq: f.to_owned(),
                        word: word.to_owned(),
                    })
                })
            })
            .transpose()?;
        if let Some(f) = freq.filter(|&f| f > MAX_FREQ) {
            return Err(error(DictFault::FreqTooHigh {
                freq: f,
                word: word.to_owned(),
                max: MAX_FREQ,
            }));
        }
        let chars = word.chars().count();
        if chars > MAX_WORD_CHARS {
            return Err(error(DictFault::LongWord {
                chars,
                max: MAX_WORD_CHARS,
            }));
        }
        if word.chars().any(char::is_control) {
            return Err(error(DictFault::Control(word.to_owned())));
        }
        entries.push(Entry {
            word: word.to_owned(),
            freq,
            tag: tag.map(str::to_owned),
        });
    }
    Ok(entries)
}

/// The line number of the `n`th entry of a dictionary (from 1): the line
/// that holds one entry too many.
fn entries_end_line(text: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .nth(n - 1)
        .map_or(0, |(i, _)| i + 1)
}

/// 64-bit FNV-1a: tiny and stable across Rust releases, unlike `DefaultHasher`.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(jieba: &Jieba, text: &str) -> Vec<String> {
        jieba
            .cut(text, true)
            .iter()
            .map(|t| t.word.to_owned())
            .collect()
    }

    /// Everything a search asks of a segmenter, on `text`.
    fn all_cuts(jieba: &Jieba, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        out.extend(jieba.cut(text, true).iter().map(|t| t.word.to_owned()));
        out.push("|".into());
        out.extend(jieba.cut(text, false).iter().map(|t| t.word.to_owned()));
        out.push("|".into());
        out.extend(
            jieba
                .cut_for_search(text, false)
                .iter()
                .map(|t| t.word.to_owned()),
        );
        out.push("|".into());
        out.extend(
            jieba
                .tag(text, true)
                .iter()
                .map(|t| format!("{}/{}", t.word, t.tag)),
        );
        out
    }

    /// The paragraphs of the seed speeches, and of `../shared/corpus/real`
    /// when it is there (every 7th file).
    fn sample_paragraphs() -> Vec<String> {
        let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files: Vec<PathBuf> = Vec::new();
        for (dir, step) in [
            (root.join("corpus"), 1),
            (root.join("../shared/corpus/real"), 7),
        ] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                eprintln!(
                    "note: {} is absent; its texts are not compared",
                    dir.display()
                );
                continue;
            };
            let mut these: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            these.sort();
            files.extend(these.into_iter().step_by(step));
        }
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .flat_map(|t| {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn the_partial_segmenter_cuts_and_tags_as_the_whole_dictionary() {
        // jieba-rs's own dictionary, as `Jieba::new()` loads it, plus the
        // 人大 entries: the vendored sorted copy must say the same.
        let dictionary = Dictionary::builtin();
        let full = dictionary.jieba();
        let mut own = Jieba::new();
        for (w, f, t) in dictionary.entries() {
            own.add_word(w, f, t);
        }
        let paragraphs = sample_paragraphs();
        // The seeds alone hold 99 non-blank lines.
        assert!(paragraphs.len() >= 99, "{} paragraphs", paragraphs.len());
        let fresh = Dictionary::builtin();
        let mut compared = 0;
        for p in &paragraphs {
            let partial = fresh.segmenter_for(&[p.as_str()]);
            assert!(fresh.jieba.get().is_none(), "the whole one is not built");
            let want = all_cuts(&own, p);
            assert_eq!(all_cuts(&full, p), want);
            assert_eq!(all_cuts(&partial, p), want, "{p}");
            compared += 1;
        }
        // Queries, typed in full width and capitals too.
        for q in [
            "密切联系群众",
            "ＡＢＣ人大代表",
            "GDP增长",
            "全过程人民民主",
            "“一府一委两院”",
        ] {
            let partial = fresh.segmenter_for(&[q]);
            let folded = crate::analysis::words::fold_width(q).0.to_ascii_lowercase();
            for text in [q, folded.as_str()] {
                assert_eq!(all_cuts(&partial, text), all_cuts(&own, text), "{text}");
            }
        }
        assert_eq!(compared, paragraphs.len());
    }

    #[test]
    fn tagged_words_carry_the_tags_jieba_gives_them() {
        // The seeds and the real texts, the whole and the partial
        // segmenters, and a user dictionary that re-tags a known word.
        let user = "人民 5 zz\n代表联络站\n基层立法联系点 9 nt\n";
        let texts = sample_paragraphs();
        let mut unknown = 0;
        for dictionary in [
            Dictionary::builtin(),
            Dictionary::with_user_text(user, Path::new("user.txt")).unwrap(),
        ] {
            let full = dictionary.jieba();
            for text in texts.iter().take(400) {
                let partial = dictionary.segmenter_for(&[text.as_str()]);
                let want = full.tag(text, true);
                for jieba in [&full, &partial] {
                    let got = dictionary.tagged(jieba, text);
                    assert_eq!(got.len(), want.len(), "{text}");
                    for ((word, tag), w) in got.iter().zip(&want) {
                        assert_eq!(*word, w.word, "{text}");
                        match tag {
                            Some(tag) => assert_eq!(*tag, w.tag, "{word} in {text}"),
                            None => {
                                assert!(!full.has_word(word), "{word}");
                                unknown += 1;
                            }
                        }
                    }
                }
            }
        }
        // The HMM does find words outside the dictionary in these texts.
        assert!(unknown > 0);
    }

    #[test]
    fn a_user_dictionary_resolves_as_jieba_adds_its_words() {
        // A new word without a frequency, a known word re-weighted with
        // another tag (jieba keeps the old tag), a word given twice.
        let user =
            "代表联络站\n人民 5 zz\n联系群众 3\n基层立法联系点 9 nt\n两个确立\n代表联络站 7\n";
        let dictionary = Dictionary::with_user_text(user, Path::new("user.txt")).unwrap();
        let mut own = Jieba::new();
        for (w, f, t) in dictionary.entries() {
            own.add_word(w, f, t);
        }
        let fresh = Dictionary::with_user_text(user, Path::new("user.txt")).unwrap();
        for text in [
            "依托代表联络站密切联系群众，人民选我当代表。",
            "基层立法联系点是全过程人民民主的生动实践。",
            "深刻领悟两个确立的决定性意义。",
        ] {
            let partial = fresh.segmenter_for(&[text]);
            assert_eq!(all_cuts(&partial, text), all_cuts(&own, text), "{text}");
        }
    }

    #[test]
    fn a_large_user_dictionary_resolves_as_jieba_adds_its_words() {
        // More entries than a partial segmenter looks for one by one: words
        // of three characters of the seeds, half without a frequency.
        let chars: Vec<char> = "人大代表常委会依法履职监督群众联系工作制度民主立法建议办理"
            .chars()
            .collect();
        let n = chars.len();
        let mut user = String::new();
        for i in 0..3 * FEW_ENTRIES {
            let w: String = [chars[i % n], chars[(i / n) % n], chars[(i / 7 + 3) % n]]
                .iter()
                .collect();
            if i % 2 == 0 {
                user.push_str(&format!("{w}\n"));
            } else {
                user.push_str(&format!("{w} {}\n", 1 + i % 500));
            }
        }
        let dictionary = Dictionary::with_user_text(&user, Path::new("user.txt")).unwrap();
        let mut own = Jieba::new();
        for (w, f, t) in dictionary.entries() {
            own.add_word(w, f, t);
        }
        let fresh = Dictionary::with_user_text(&user, Path::new("user.txt")).unwrap();
        assert!(fresh.resolved().words.len() > FEW_ENTRIES);
        for text in sample_paragraphs().iter().take(40) {
            let partial = fresh.segmenter_for(&[text.as_str()]);
            assert_eq!(all_cuts(&partial, text), all_cuts(&own, text), "{text}");
        }
    }

    fn user_file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn every_builtin_entry_is_one_token_and_new_to_jieba() {
        let default = Jieba::new();
        let dictionary = Dictionary::builtin();
        let jieba = dictionary.jieba();
        assert!(
            dictionary.entries.len() >= 150,
            "{}",
            dictionary.entries.len()
        );
        for entry in &dictionary.entries {
            assert_eq!(cut(&jieba, &entry.word), std::slice::from_ref(&entry.word));
            // Each entry changes the default segmentation (联系群众 only its
            // frequency, to win against 密切联系).
            assert!(
                !default.has_word(&entry.word) || entry.word == "联系群众",
                "{} is already in jieba's dictionary",
                entry.word
            );
        }
    }

    #[test]
    fn renda_terms_in_context() {
        let jieba = Dictionary::builtin().jieba();
        let words = cut(
            &jieba,
            "坚持全过程人民民主，支持和保证“一府一委两院”依法行使职权",
        );
        assert!(words.contains(&"全过程人民民主".to_owned()), "{words:?}");
        assert!(words.contains(&"一府一委两院".to_owned()), "{words:?}");
        assert_eq!(cut(&jieba, "密切联系群众"), ["密切", "联系群众"]);
        assert_eq!(
            cut(&jieba, "省人大常委会会议"),
            ["省", "人大常委会", "会议"]
        );
        assert_eq!(
            cut(&jieba, "贯彻创新发展理念"),
            ["贯彻", "创新", "发展", "理念"]
        );
    }

    #[test]
    fn a_user_file_adds_words() {
        let plain = Dictionary::builtin();
        assert_eq!(
            cut(&plain.jieba(), "代表议案督办单"),
            ["代表议案", "督办", "单"]
        );
        let file = user_file("\u{FEFF}督办单 500 n\n\n  议案督办\n");
        let dictionary = Dictionary::with_user_file(file.path()).unwrap();
        assert_eq!(
            cut(&dictionary.jieba(), "代表议案督办单"),
            ["代表议案", "督办单"]
        );
        assert!(dictionary.jieba().has_word("议案督办"));
    }

    #[test]
    fn malformed_user_files_name_file_and_line() {
        let file = user_file("督办单 500 n\n\n督办单 n 500\n");
        let err = Dictionary::with_user_file(file.path()).unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(err, AnalysisError::Entry { line: 3, .. }),
            "{message}"
        );
        assert!(
            message.contains(&file.path().display().to_string()),
            "{message}"
        );
        assert!(message.contains(":3:"), "{message}");

        let file = user_file("甲 1\n乙 1 n extra\n");
        let err = Dictionary::with_user_file(file.path()).unwrap_err();
        assert!(matches!(err, AnalysisError::Entry { line: 2, .. }), "{err}");

        let file = user_file("");
        std::fs::write(file.path(), b"\xe7\x94\xb2 1\n\xff\n").unwrap();
        let err = Dictionary::with_user_file(file.path()).unwrap_err();
        assert!(matches!(err, AnalysisError::Entry { line: 2, .. }), "{err}");

        let err = Dictionary::with_user_file("/nonexistent/renda.dict").unwrap_err();
        assert!(matches!(err, AnalysisError::Read { .. }), "{err}");
        assert!(err.to_string().contains("/nonexistent/renda.dict"), "{err}");
    }

    /// A dictionary saved in GBK is read as metadata.csv is.
    #[test]
    fn a_user_file_in_gbk_is_decoded() {
        let file = user_file("");
        let (gbk, _, _) = encoding_rs::GBK.encode("督办单 500 n\n代表议案 300\n");
        std::fs::write(file.path(), &gbk).unwrap();
        let dictionary = Dictionary::with_user_file(file.path()).unwrap();
        assert!(dictionary.jieba().has_word("督办单"));
        assert!(dictionary.jieba().has_word("代表议案"));
        let utf8 = user_file("督办单 500 n\n代表议案 300\n");
        assert_eq!(
            dictionary.fingerprint(),
            Dictionary::with_user_file(utf8.path())
                .unwrap()
                .fingerprint()
        );
    }

    #[test]
    fn fingerprint_follows_the_entries() {
        let builtin = Dictionary::builtin().fingerprint();
        assert_eq!(builtin, Dictionary::builtin().fingerprint());
        assert!(builtin.starts_with("fnv1a64-") && builtin.len() == 8 + 16);
        let a = user_file("督办单 500 n\n");
        let a_again = user_file("督办单   500  n\r\n\n");
        let b = user_file("督办单 501 n\n");
        let fa = Dictionary::with_user_file(a.path()).unwrap().fingerprint();
        let fa_again = Dictionary::with_user_file(a_again.path())
            .unwrap()
            .fingerprint();
        let fb = Dictionary::with_user_file(b.path()).unwrap().fingerprint();
        assert_eq!(fa, fa_again);
        assert_ne!(fa, builtin);
        assert_ne!(fa, fb);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
