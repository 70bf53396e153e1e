//! What a draft takes from the archive, and the names it forgot to change.
//!
//! [`check`] reads a draft sentence by sentence:
//!
//! - **Candidates.** Each sentence's word chars (letters and digits, as
//!   the bigram index sees them) are cut into chunks of [`CHUNK`] chars;
//!   each chunk is an exact-phrase query on the bigrams, and the union of
//!   them (a paragraph must hold `clamp(ceil(n / 4), 1, 3)` of the `n`
//!   chunks) ranks paragraphs by BM25. The [`CANDIDATES`] best are read.
//!   No paragraph is read that the index did not name: the cost grows with
//!   the draft, not with the archive.
//! - **Common runs.** A candidate's text is compared with the sentence
//!   char by char: the runs of at least [`MIN_RUN`] word chars the two
//!   share, wherever they stand in the candidate (clauses may be
//!   reordered). The sentence's **share** is the part of its word chars in
//!   such runs; the **similarity** is the near-copy similarity of
//!   [`near_duplicates`](super::near_duplicates) (Jaccard over character
//!   3-grams) with the candidate's closest sentence.
//! - **Sources.** A candidate is a source when the share is at least
//!   [`MIN_SHARE`] or the similarity at least the near-copy
//!   [`THRESHOLD`]. But the stock phrases of official speech
//!   (坚持以习近平新时代中国特色社会主义思想为指导) are in every speech:
//!   each run is looked up in the index as exact phrases, window by window
//!   ([`WINDOW`] chars every [`WINDOW_STEP`]), and the chars of a window
//!   that [`COMMON_PARAGRAPHS`] paragraphs or more hold are **common**, as
//!   is a run that [`COMMON_SPEECHES`] of the candidate speeches hold. A
//!   candidate that covers less than [`MIN_OWN_SHARE`] of the sentence
//!   outside its common phrasing (or fewer than [`MIN_RUN`] chars) is no
//!   source: the sentence is marked as made of common phrasing, with no
//!   speech named.
//! - **Shares.** The sources of a sentence are taken best first; each is
//!   credited with the chars it covers that no better source covered. A
//!   source after the first is kept when its share is within
//!   [`SOURCE_SLACK`] of the best's (the same sentence in another speech)
//!   or when it gives a run no better source gave. The
//!   draft's copied share is the part of all its word chars so credited.
//! - **Leftovers.** In the copied runs of a sentence with a source: place
//!   names of the gazetteer that are not the draft's region, its parents or
//!   places within it. The draft's region is `--region`, else the one its
//!   labels give (its title, the body it speaks for), else the one place
//!   its own sentences name beside a self-reference of that place's level
//!   (临洮县 … 我县). When none is known, the places that belong to the
//!   source (its region or a place within it, 山东省 in a 山东省 regulation's
//!   《山东省地方立法条例》) are reported as *possible* leftovers. Then a
//!   self-reference of another level than the draft's (全区人民, 我区, 本省,
//!   按照区委的部署 in a county's draft): the draft's level is `--level`,
//!   else the one its own sentences' self-references name, else its
//!   label's; a county-level city's 全市 and an autonomous region's 全区 are
//!   their own. 人大 bodies of another 届次 than the one the draft's
//!   own sentences name; years before the draft's year (`--year`, else
//!   this year) in a sentence that speaks of the present (今年, 当前,
//!   目前, …) or that states what a year is (2009年，是我区…关键一年); the
//!   source speaker's name (from a title such as 张三同志在……上的讲话) and a
//!   title quoted after 我 (我作为县人大常委会主任).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Query};
use tantivy::{DocAddress, Searcher};

use super::near_duplicates::{THRESHOLD, jaccard, shingle_set};
use super::rank::sentences;
use super::similar::{Considered, DraftBounds};
use super::{Hit, SearchError};
use crate::analysis::{self, is_word_char};
use crate::index::{RendaIndex, reader};
use crate::speech::gazetteer::gazetteer;
use crate::speech::{Level, Speech};

/// Chars per chunk of a sentence's query.
pub const CHUNK: usize = 6;
/// Chunks of one sentence's query, at most (spread over a long sentence).
pub const MAX_CHUNKS: usize = 24;
/// Candidate paragraphs read per sentence.
pub const CANDIDATES: usize = 8;
/// The shortest shared run that counts, in word chars.
pub const MIN_RUN: usize = 6;
/// Sentences with fewer word chars are too short to tell a copy from a
/// coincidence; they count as the draft's own.
pub const MIN_SENTENCE: usize = 8;
/// Longest piece of a sentence compared at once, in chars: a draft of one
/// long line without stops is cut into pieces of this length.
pub const MAX_SENTENCE: usize = 300;
/// Share of a sentence in common runs from which a paragraph is a source.
pub const MIN_SHARE: f64 = 0.5;
/// Share of the sentence outside common phrasing that a source must cover.
pub const MIN_OWN_SHARE: f64 = 0.5;
/// Paragraphs holding a run from which it is common phrasing.
pub const COMMON_PARAGRAPHS: u64 = 5;
/// Speeches among a sentence's candidates holding a run from which it is
/// common phrasing (for an archive too small for [`COMMON_PARAGRAPHS`]).
pub const COMMON_SPEECHES: usize = 3;
/// Chars of the windows a run is looked up by, and their step.
pub const WINDOW: usize = 8;
pub const WINDOW_STEP: usize = 2;
/// How much less of a sentence another source may share than the best.
pub const SOURCE_SLACK: f64 = 0.1;
/// Sources kept per sentence.
pub const MAX_SOURCES: usize = 5;

/// What the draft is checked as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// The draft's own region (安化县, 临洮); else the one its title names.
    pub region: Option<String>,
    /// The draft's year; else this year.
    pub year: Option<u16>,
    /// The draft's level; else the one its own self-references name.
    pub level: Option<Level>,
    /// How much of the draft is checked.
    pub bounds: DraftBounds,
}

/// Why a draft could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Empty(String),
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Where a source paragraph comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SourceRef {
    pub file: String,
    pub title: String,
    pub level: Option<Level>,
    pub year: Option<u16>,
    pub region: Option<String>,
    pub paragraph: usize,
}

impl SourceRef {
    fn of(hit: &Hit) -> Self {
        SourceRef {
            file: hit.file.clone(),
            title: hit.title.clone(),
            level: hit.level,
            year: hit.year,
            region: hit.region.clone(),
            paragraph: hit.paragraph,
        }
    }
}

/// One source of a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceSource {
    pub source: SourceRef,
    /// Share of the sentence's word chars in runs shared with the source.
    pub share: f64,
    /// Near-copy similarity with the source's closest sentence.
    pub similarity: f64,
    /// The longest run shared with the source.
    pub longest: String,
    /// The source's closest sentence.
    pub text: String,
    /// Word chars credited to this source (see the module docs).
    pub credited: usize,
}

/// What a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Taken from one or more sources.
    Copied,
    /// Shares only common phrasing with the archive.
    Common,
    /// The draft's own.
    Own,
    /// Too short to tell.
    Short,
}

/// One sentence of the draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceReport {
    /// The draft's paragraph it stands in (1-based).
    pub paragraph: usize,
    /// Its byte range in that paragraph.
    pub range: Range<usize>,
    pub text: String,
    /// Its word chars.
    pub chars: usize,
    pub status: Status,
    /// Byte ranges of `text` copied from its sources, sorted and apart.
    pub copied: Vec<Range<usize>>,
    /// Byte ranges of `text` in common phrasing (for a common sentence).
    pub common: Vec<Range<usize>>,
    /// Its word chars in `copied`.
    pub copied_chars: usize,
    /// Its word chars in `common`.
    pub common_chars: usize,
    /// The longest run shared with the archive.
    pub longest: String,
    pub sources: Vec<SentenceSource>,
}

/// A name of the source left in the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftoverKind {
    /// A place other than the draft's.
    Place,
    /// A 人大 body of another 届次.
    Term,
    /// A year before the draft's, in a sentence about the present.
    Year,
    /// The source speaker's name, or a title quoted after 我.
    Speaker,
    /// A self-reference of another level than the draft's (我区, 全区人民,
    /// 按照区委的部署 in a county's draft).
    Level,
}

/// One leftover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leftover {
    pub kind: LeftoverKind,
    /// The name as it stands in the draft.
    pub name: String,
    /// The sentence (index into [`Report::sentences`]).
    pub sentence: usize,
    /// Its byte range in the sentence's text.
    pub range: Range<usize>,
    /// The source it came from.
    pub source: SourceRef,
    /// A place of the source's, reported when the draft's own region is
    /// not known: it may be the draft's own too.
    pub possible: bool,
}

/// The share of the draft one speech gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeechShare {
    pub file: String,
    pub title: String,
    pub level: Option<Level>,
    pub year: Option<u16>,
    pub region: Option<String>,
    /// Word chars of the draft credited to it.
    pub chars: usize,
    pub share: f64,
    /// Sentences it is a source of.
    pub sentences: usize,
}

/// A paragraph of the draft, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftParagraph {
    pub n: usize,
    pub text: String,
}

/// The report on a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The draft's file (`-` for standard input).
    pub draft: String,
    pub title: String,
    /// The region the draft was checked as, if known.
    pub region: Option<String>,
    /// The level the draft was checked as, if known.
    pub level: Option<Level>,
    pub year: u16,
    /// The 届次 the draft's own sentences name (十七届).
    pub term: Option<String>,
    /// Word chars of the draft.
    pub chars: usize,
    /// Word chars copied from sources.
    pub copied_chars: usize,
    pub copied_share: f64,
    /// Word chars in the common phrasing of sentences with no source.
    pub common_chars: usize,
    /// By speech, the most first.
    pub speeches: Vec<SpeechShare>,
    pub leftovers: Vec<Leftover>,
    pub sentences: Vec<SentenceReport>,
    /// The paragraphs checked.
    pub paragraphs: Vec<DraftParagraph>,
    /// How many of the draft's paragraphs were checked, of how many.
    pub considered: Considered,
}

impl Report {
    /// The sentences of one draft paragraph.
    pub fn sentences_of(&self, paragraph: usize) -> impl Iterator<Item = &SentenceReport> {
        self.sentences
            .iter()
            .filter(move |s| s.paragraph == paragraph)
    }
}

/// The word chars of a text with their byte offsets, ASCII lowercased.
fn word_chars(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| is_word_char(*c))
        .map(|(i, c)| (i, c.to_ascii_lowercase()))
        .collect()
}

/// The sentences of a paragraph as byte ranges, long ones cut into pieces
/// of at most [`MAX_SENTENCE`] chars.
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let base = text.as_ptr() as usize;
    let mut out = Vec::new();
    for s in sentences(text) {
        let start = s.as_ptr() as usize - base;
        let mut from = start;
        let mut count = 0;
        for (i, _) in s.char_indices() {
            if count == MAX_SENTENCE {
                out.push(from..start + i);
                from = start + i;
                count = 0;
            }
            count += 1;
        }
        out.push(from..start + s.len());
    }
    out
}

/// The chunk phrases of a sentence's word chars: each run of word chars
/// cut into pieces of [`CHUNK`] chars (a last piece shorter than half a
/// chunk joins the one before), at most [`MAX_CHUNKS`], spread evenly.
fn chunks(text: &str) -> Vec<String> {
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut cur = Vec::new();
    for c in text.chars() {
        if is_word_char(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    let mut out: Vec<String> = Vec::new();
    for run in runs {
        if run.len() < 3 {
            continue;
        }
        let mut at = 0;
        while at < run.len() {
            let mut end = (at + CHUNK).min(run.len());
            if run.len() - end < CHUNK / 2 {
                end = run.len();
            }
            if end - at >= 3 {
                out.push(run[at..end].iter().collect());
            }
            at = end;
        }
    }
    if out.len() > MAX_CHUNKS {
        let n = out.len();
        out = (0..MAX_CHUNKS)
            .map(|k| out[k * n / MAX_CHUNKS].clone())
            .collect();
    }
    out.sort();
    out.dedup();
    out
}

/// How a sentence's word chars are covered by a text's: for each sentence
/// position, whether it stands in a run of at least [`MIN_RUN`] chars
/// shared with `other`; and the longest such run (start, length).
fn coverage(mine: &[char], other: &[char]) -> (Vec<bool>, (usize, usize)) {
    let mut covered = vec![false; mine.len()];
    let mut longest = (0, 0);
    if mine.len() < MIN_RUN || other.len() < MIN_RUN {
        return (covered, longest);
    }
    let mut at: HashMap<&[char], Vec<usize>> = HashMap::new();
    for (p, w) in other.windows(MIN_RUN).enumerate() {
        let list = at.entry(w).or_default();
        // A text that repeats itself (哈哈哈…) is looked at in part.
        if list.len() < 32 {
            list.push(p);
        }
    }
    let mut i = 0;
    while i + MIN_RUN <= mine.len() {
        let mut best = 0;
        if let Some(list) = at.get(&mine[i..i + MIN_RUN]) {
            for &p in list {
                let mut len = MIN_RUN;
                while i + len < mine.len()
                    && p + len < other.len()
                    && mine[i + len] == other[p + len]
                {
                    len += 1;
                }
                best = best.max(len);
            }
        }
        if best >= MIN_RUN {
            covered[i..i + best].iter_mut().for_each(|c| *c = true);
            if best > longest.1 {
                longest = (i, best);
            }
            // A run starting before i + best − MIN_RUN + 1 that goes further
            // has a suffix starting there: nothing is missed.
            i += best - MIN_RUN + 1;
        } else {
            i += 1;
        }
    }
    (covered, longest)
}

/// The maximal runs of `true` in `covered`, as index ranges.
fn runs_of(covered: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in covered.iter().enumerate() {
        match (c, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..covered.len());
    }
    out
}

/// Byte ranges of `text` for runs of word-char positions (`chars[i].0`
/// is the byte offset of position i), joined over the gaps between them
/// when the positions are consecutive.
fn byte_ranges(text: &str, chars: &[(usize, char)], runs: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in runs {
        if r.is_empty() {
            continue;
        }
        let start = chars[r.start].0;
        let (last_at, last) = chars[r.end - 1];
        let end = last_at + last.len_utf8();
        // The original char's length (lowercasing keeps ASCII lengths).
        let end = end.min(text.len());
        match out.last_mut() {
            Some(prev) if prev.end >= start => prev.end = prev.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// The text of one run of word-char positions (`start`, `len`).
fn run_text(text: &str, chars: &[(usize, char)], (start, len): (usize, usize)) -> String {
    byte_ranges(text, chars, std::slice::from_ref(&(start..start + len)))
        .first()
        .map_or(String::new(), |r| text[r.clone()].to_string())
}

/// The shared runs of a candidate, each marked when many speeches hold it.
type Runs = Vec<(Range<usize>, bool)>;

/// A candidate paragraph measured against a sentence.
struct Measured {
    hit: Hit,
    covered: Vec<bool>,
    share: f64,
    similarity: f64,
    longest: (usize, usize),
    closest: String,
    /// The candidate's word chars, as compared.
    chars: String,
}

/// Runs' document frequencies, looked up once per check.
struct Frequencies<'a> {
    idx: &'a RendaIndex,
    searcher: &'a Searcher,
    known: HashMap<String, u64>,
}

impl Frequencies<'_> {
    fn of(&mut self, run: &str) -> Result<u64, SearchError> {
        if let Some(&n) = self.known.get(run) {
            return Ok(n);
        }
        let query = analysis::exact_phrase_query(self.idx.fields.text, run)
            .map_err(|e| tantivy_error(self.idx, e))?;
        let n = self
            .searcher
            .search(&query, &Count)
            .map_err(|e| tantivy_error(self.idx, e))? as u64;
        self.known.insert(run.to_string(), n);
        Ok(n)
    }
}

fn tantivy_error(idx: &RendaIndex, source: tantivy::TantivyError) -> SearchError {
    SearchError::Tantivy {
        path: idx.path.display().to_string(),
        source,
    }
}

/// Which chars of a shared run stand in common phrasing: those of a
/// window of [`WINDOW`] chars (taken every [`WINDOW_STEP`]; the whole run
/// when shorter) that [`COMMON_PARAGRAPHS`] paragraphs or more hold. A
/// long run made of a stock phrase and a few words around it is common
/// where the phrase is, and only there.
fn common_marks(run: &[char], freq: &mut Frequencies<'_>) -> Result<Vec<bool>, SearchError> {
    let mut marks = vec![false; run.len()];
    if run.len() <= WINDOW {
        let phrase: String = run.iter().collect();
        if freq.of(&phrase)? >= COMMON_PARAGRAPHS {
            marks.iter_mut().for_each(|m| *m = true);
        }
        return Ok(marks);
    }
    let mut at = 0;
    loop {
        let end = at + WINDOW;
        let phrase: String = run[at..end].iter().collect();
        if freq.of(&phrase)? >= COMMON_PARAGRAPHS {
            marks[at..end].iter_mut().for_each(|m| *m = true);
        }
        if end == run.len() {
            break;
        }
        at = (at + WINDOW_STEP).min(run.len() - WINDOW);
    }
    Ok(marks)
}

/// The candidate paragraphs of a sentence (see the module docs).
fn candidates(
    idx: &RendaIndex,
    searcher: &Searcher,
    text: &str,
) -> Result<Vec<DocAddress>, SearchError> {
    let chunks = chunks(text);
    if chunks.is_empty() {
        return Ok(Vec::new());
    }
    let clauses: Vec<Box<dyn Query>> = chunks
        .iter()
        .map(|c| analysis::exact_phrase_query(idx.fields.text, c))
        .collect::<Result<_, _>>()
        .map_err(|e| tantivy_error(idx, e))?;
    let required = clauses.len().div_ceil(4).clamp(1, 3);
    let query = BooleanQuery::union_with_minimum_required_clauses(clauses, required);
    let top = searcher
        .search(&query, &TopDocs::with_limit(CANDIDATES).order_by_score())
        .map_err(|e| tantivy_error(idx, e))?;
    Ok(top.into_iter().map(|(_, addr)| addr).collect())
}

/// The draft's own 届次: the one its title and its own sentences name most.
fn draft_term(texts: &[&str]) -> Option<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for t in texts {
        for (_, term) in terms(t) {
            *count.entry(term).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(t, _)| t)
}

/// The 届次 of 人大 bodies a text names (`十七届` in 县第十七届人大常委会),
/// with their byte ranges (the numeral and 届).
fn terms(text: &str) -> Vec<(Range<usize>, String)> {
    const DIGITS: &str = "一二三四五六七八九十";
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        if !DIGITS.contains(chars[k].1) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && DIGITS.contains(chars[k].1) {
            k += 1;
        }
        if k < chars.len() && chars[k].1 == '届' {
            let end = chars[k].0 + '届'.len_utf8();
            let after = &text[end..];
            let body = ["人大", "人民代表大会", "常委会", "人民代表"]
                .iter()
                .any(|b| after.starts_with(b));
            if body {
                let numeral: String = chars[start..k].iter().map(|(_, c)| *c).collect();
                out.push((chars[start].0..end, format!("{numeral}届")));
            }
        }
        k += 1;
    }
    out
}

/// Words that tell a sentence speaks of the present.
const PRESENT: &[&str] = &[
    "今年",
    "当前",
    "目前",
    "现在",
    "本年度",
    "今天",
    "当下",
    "眼下",
    "近期",
    "如今",
];

/// Offices a speaker may quote after 我.
const OFFICES: &[&str] = &[
    "常委会主任",
    "副主任",
    "主任",
    "书记",
    "县长",
    "市长",
    "区长",
    "省长",
    "主席",
    "秘书长",
];

/// The speaker a source's title names (张三 in 张三同志在……上的讲话).
fn speaker_of(title: &str) -> Option<String> {
    let (before, _) = title.split_once('在')?;
    let name = before.trim().trim_end_matches("同志").trim();
    let n = name.chars().count();
    let han = name.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    (han && (2..=4).contains(&n) && gazetteer().places(name).is_empty()).then(|| name.to_string())
}

/// Whether what follows a year says what that year is, as a speech says of
/// its own: `，是我区经济社会发展的关键一年`, `是全面贯彻…的开局之年`.
fn states_its_year(after: &str) -> bool {
    let rest = after.trim_start_matches(['，', ',', ' ', '　']);
    let Some(rest) = rest.strip_prefix('是') else {
        return false;
    };
    let clause = rest
        .split(['。', '；', '！', '？', '，'])
        .next()
        .unwrap_or(rest);
    clause.ends_with("之年") || clause.ends_with("一年")
}

/// Whether byte range `r` of a sentence lies in its copied ranges.
fn in_copied(copied: &[Range<usize>], r: &Range<usize>) -> bool {
    copied.iter().any(|c| c.start <= r.start && r.end <= c.end)
}

/// The draft's region as divisions, with what counts as its own: itself,
/// its parents and the places within it.
struct Home {
    codes: Vec<u32>,
}

impl Home {
    fn owns(&self, place_codes: &[u32]) -> bool {
        let g = gazetteer();
        place_codes.iter().any(|&p| {
            self.codes
                .iter()
                .any(|&h| g.is_within(p, h) || g.is_within(h, p))
        })
    }
}

/// Check a parsed draft against the index.
pub fn check(idx: &RendaIndex, draft: &Speech, opts: &CheckOptions) -> Result<Report, CheckError> {
    let paragraphs: Vec<DraftParagraph> = draft
        .paragraphs
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .map(|p| DraftParagraph {
            n: p.n,
            text: p.text.clone(),
        })
        .collect();
    if paragraphs.is_empty() {
        return Err(CheckError::Empty(crate::i18n::msg::check_empty_draft(
            &draft.file,
        )));
    }
    let searcher = idx.searcher().map_err(SearchError::from)?;
    let mut hits_of = reader::HitReader::new(&searcher, idx);
    let mut freq = Frequencies {
        idx,
        searcher: &searcher,
        known: HashMap::new(),
    };
    let mut read: HashMap<DocAddress, Hit> = HashMap::new();
    let mut sentences_out: Vec<SentenceReport> = Vec::new();
    let start = std::time::Instant::now();
    let mut considered = Considered {
        checked: 0,
        total: paragraphs.len(),
        cut: None,
    };
    for p in &paragraphs {
        considered.cut = opts.bounds.stop(considered.checked, start);
        if considered.cut.is_some() {
            break;
        }
        considered.checked += 1;
        for range in sentence_ranges(&p.text) {
            let text = &p.text[range.clone()];
            let chars = word_chars(text);
            let mine: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
            let mut report = SentenceReport {
                paragraph: p.n,
                range: range.clone(),
                text: text.to_string(),
                chars: mine.len(),
                status: Status::Own,
                copied: Vec::new(),
                common: Vec::new(),
                copied_chars: 0,
                common_chars: 0,
                longest: String::new(),
                sources: Vec::new(),
            };
            if mine.len() < MIN_SENTENCE {
                report.status = Status::Short;
                sentences_out.push(report);
                continue;
            }
            super::cancel::check().map_err(SearchError::from)?;
            let mine_set = shingle_set(text);
            let mut measured: Vec<Measured> = Vec::new();
            for addr in candidates(idx, &searcher, text)? {
                let hit = match read.get(&addr) {
                    Some(h) => h.clone(),
                    None => {
                        let h = hits_of.hit(addr, 0.0).map_err(|e| tantivy_error(idx, e))?;
                        read.insert(addr, h.clone());
                        h
                    }
                };
                let other: Vec<char> = word_chars(&hit.text).into_iter().map(|(_, c)| c).collect();
                let (covered, longest) = coverage(&mine, &other);
                let n = covered.iter().filter(|c| **c).count();
                let (similarity, closest) = sentences(&hit.text)
                    .into_iter()
                    .map(|s| (jaccard(&mine_set, &shingle_set(s)), s))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or((0.0, String::new()), |(j, s)| (j, s.trim().to_string()));
                measured.push(Measured {
                    hit,
                    share: n as f64 / mine.len() as f64,
                    covered,
                    similarity,
                    longest,
                    closest,
                    chars: other.iter().collect(),
                });
            }
            // The longest run shared with any candidate.
            if let Some(m) = measured.iter().max_by_key(|m| m.longest.1)
                && m.longest.1 > 0
            {
                report.longest = run_text(text, &chars, m.longest);
            }
            // Every candidate speech's text, to tell the runs many hold.
            let mut texts_by_file: HashMap<&str, Vec<&str>> = HashMap::new();
            for m in &measured {
                texts_by_file
                    .entry(m.hit.file.as_str())
                    .or_default()
                    .push(m.chars.as_str());
            }
            let held_by = |phrase: &str| {
                texts_by_file
                    .values()
                    .filter(|texts| texts.iter().any(|t| t.contains(phrase)))
                    .count()
            };
            let spread: Vec<(usize, Runs)> = measured
                .iter()
                .enumerate()
                .filter(|(_, m)| m.share >= MIN_SHARE || m.similarity >= THRESHOLD)
                .map(|(i, m)| {
                    let runs = runs_of(&m.covered)
                        .into_iter()
                        .map(|run| {
                            let phrase: String = mine[run.clone()].iter().collect();
                            let many = held_by(&phrase) >= COMMON_SPEECHES;
                            (run, many)
                        })
                        .collect();
                    (i, runs)
                })
                .collect();
            let mut runs_by_candidate: HashMap<usize, Runs> = spread.into_iter().collect();
            let mut measured: Vec<(Measured, Runs)> = measured
                .into_iter()
                .enumerate()
                .filter_map(|(i, m)| runs_by_candidate.remove(&i).map(|r| (m, r)))
                .collect();
            measured.sort_by(|(a, _), (b, _)| {
                b.share
                    .total_cmp(&a.share)
                    .then(b.similarity.total_cmp(&a.similarity))
                    .then_with(|| a.hit.file.cmp(&b.hit.file))
                    .then(a.hit.paragraph.cmp(&b.hit.paragraph))
            });
            let mut union = vec![false; mine.len()];
            let mut common = vec![false; mine.len()];
            let mut files: HashSet<String> = HashSet::new();
            for (m, runs) in measured {
                if report.sources.len() >= MAX_SOURCES || files.contains(&m.hit.file) {
                    continue;
                }
                let mut own = 0;
                for (run, many) in runs {
                    let marks = if many {
                        vec![true; run.len()]
                    } else {
                        common_marks(&mine[run.clone()], &mut freq)?
                    };
                    for (i, m) in marks.into_iter().enumerate() {
                        if m {
                            common[run.start + i] = true;
                        } else {
                            own += 1;
                        }
                    }
                }
                // What the source shares outside common phrasing must be
                // a part of the sentence outside it.
                let rest = own + m.covered.iter().filter(|c| !**c).count();
                if own < MIN_RUN || (own as f64) < MIN_OWN_SHARE * rest as f64 {
                    continue;
                }
                let fresh = m
                    .covered
                    .iter()
                    .zip(&union)
                    .filter(|(c, u)| **c && !**u)
                    .count();
                // Another source is one as good as the best, or one that
                // gave part of the sentence the others did not.
                if let Some(best) = report.sources.first()
                    && fresh < MIN_RUN
                    && m.share < best.share - SOURCE_SLACK
                {
                    continue;
                }
                let credited = m
                    .covered
                    .iter()
                    .zip(union.iter_mut())
                    .filter(|(c, u)| **c && !**u)
                    .map(|(_, u)| *u = true)
                    .count();
                let longest = run_text(text, &chars, m.longest);
                files.insert(m.hit.file.clone());
                report.sources.push(SentenceSource {
                    source: SourceRef::of(&m.hit),
                    share: m.share,
                    similarity: m.similarity,
                    longest,
                    text: m.closest,
                    credited,
                });
            }
            if report.sources.is_empty() {
                if common.iter().any(|c| *c) {
                    report.status = Status::Common;
                    report.common_chars = common.iter().filter(|c| **c).count();
                    report.common = byte_ranges(text, &chars, &runs_of(&common));
                }
            } else {
                report.status = Status::Copied;
                report.copied_chars = union.iter().filter(|c| **c).count();
                report.copied = byte_ranges(text, &chars, &runs_of(&union));
            }
            sentences_out.push(report);
        }
    }
    let mut paragraphs = paragraphs;
    paragraphs.truncate(considered.checked);
    Ok(finish(draft, opts, paragraphs, considered, sentences_out))
}

/// The overall shares and the leftovers of the sentences checked.
fn finish(
    draft: &Speech,
    opts: &CheckOptions,
    paragraphs: Vec<DraftParagraph>,
    considered: Considered,
    sentences: Vec<SentenceReport>,
) -> Report {
    let chars: usize = sentences.iter().map(|s| s.chars).sum();
    let copied_chars: usize = sentences.iter().map(|s| s.copied_chars).sum();
    let common_chars: usize = sentences.iter().map(|s| s.common_chars).sum();
    let mut by_file: HashMap<String, SpeechShare> = HashMap::new();
    for s in &sentences {
        for src in &s.sources {
            let e = by_file
                .entry(src.source.file.clone())
                .or_insert_with(|| SpeechShare {
                    file: src.source.file.clone(),
                    title: src.source.title.clone(),
                    level: src.source.level,
                    year: src.source.year,
                    region: src.source.region.clone(),
                    chars: 0,
                    share: 0.0,
                    sentences: 0,
                });
            e.chars += src.credited;
            e.sentences += 1;
        }
    }
    let mut speeches: Vec<SpeechShare> = by_file
        .into_values()
        .filter(|s| s.chars > 0)
        .map(|mut s| {
            s.share = s.chars as f64 / chars.max(1) as f64;
            s
        })
        .collect();
    speeches.sort_by(|a, b| b.chars.cmp(&a.chars).then_with(|| a.file.cmp(&b.file)));

    let year = opts.year.unwrap_or_else(this_year);
    let mut own_texts: Vec<&str> = vec![draft.title.as_str()];
    own_texts.extend(
        sentences
            .iter()
            .filter(|s| s.status != Status::Copied)
            .map(|s| s.text.as_str()),
    );
    let term = draft_term(&own_texts);
    let region = opts
        .region
        .clone()
        .filter(|r| !r.trim().is_empty())
        .or_else(|| draft.region.clone())
        .or_else(|| own_place(&own_texts));
    let home = region.as_deref().map(|r| Home {
        codes: gazetteer().resolve(r),
    });
    let level = opts.level.or_else(|| own_level(&own_texts)).or(draft.level);
    let own = OwnLevel::new(level, region.as_deref());

    let mut leftovers = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        let Some(first) = s.sources.first() else {
            continue;
        };
        leftovers.extend(leftovers_of(
            k,
            s,
            &first.source,
            home.as_ref(),
            own.as_ref(),
            year,
            term.as_deref(),
        ));
    }
    Report {
        draft: draft.file.clone(),
        title: draft.title.clone(),
        region,
        level,
        year,
        term,
        chars,
        copied_chars,
        copied_share: copied_chars as f64 / chars.max(1) as f64,
        common_chars,
        speeches,
        leftovers,
        sentences,
        paragraphs,
        considered,
    }
}

/// This year, by the system clock.
fn this_year() -> u16 {
    let t = tantivy::time::OffsetDateTime::now_utc();
    u16::try_from(t.year()).unwrap_or(2026)
}

/// A self-reference: 我县, 本市, 全区 (not 全区域, 全市场, nor a list such as
/// 全省市县), or a body named by its level alone after a verb (按照区委,
/// 根据县人大常委会); with its level character's byte range, and whether
/// it is 我X / 本X (the speaker's own, whatever the level) rather than 全X
/// or a body (which may name a higher level's: 全省第一, 按照市委部署).
fn self_references(text: &str) -> Vec<(Range<usize>, char, bool)> {
    static OWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"[我本全](?P<own>[省市县区乡镇旗])",
            r"|(?:按照|根据|在|经|由|向|落实|贯彻)(?P<body>[省市县区乡镇旗])",
            r"(?:委|人大常委会|人大|人民政府|政府)"
        ))
        .expect("self-reference pattern")
    });
    const LEVEL_CHARS: &str = "国省市县区乡镇旗州";
    OWN.captures_iter(text)
        .filter_map(|c| {
            let m = c.name("own").or_else(|| c.name("body"))?;
            let ch = m.as_str().chars().next()?;
            let next = text[m.end()..].chars().next();
            // 全区域, 本市场, 全县域, 本乡本土 … and lists (全省市县).
            let word = next.is_some_and(|n| {
                LEVEL_CHARS.contains(n)
                    || "域场值".contains(n)
                    || ch == '乡' && "本土亲情愁音村".contains(n)
            });
            let mine = c.name("own").is_some() && text[..m.start()].ends_with(['我', '本']);
            (!word).then(|| (m.range(), ch, mine))
        })
        .collect()
}

/// The level a level character names, as a self-reference.
fn level_of_char(c: char) -> Option<Level> {
    Some(match c {
        '省' => Level::Province,
        '市' => Level::City,
        '县' | '旗' => Level::County,
        '区' => Level::District,
        '乡' | '镇' => Level::Township,
        _ => return None,
    })
}

/// The level the draft's own sentences speak as: the level of their
/// self-references, when one has at least twice the count of any other.
fn own_level(texts: &[&str]) -> Option<Level> {
    let mut count: HashMap<Level, usize> = HashMap::new();
    for t in texts {
        for (_, c, _) in self_references(t) {
            if let Some(l) = level_of_char(c) {
                *count.entry(l).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(Level, usize)> = count.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match ranked.as_slice() {
        [(l, _)] => Some(*l),
        [(l, n), (_, m), ..] if *n >= 2 * m => Some(*l),
        _ => None,
    }
}

/// The one place the draft's own sentences name beside a self-reference
/// of its level, as the body speaking or the sentence's subject
/// (临洮县人大常委会召开会议，我县代表踊跃发言), when there is one; a place
/// named in passing (我县代表赴昆山市学习) is another's.
fn own_place(texts: &[&str]) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for t in texts {
        let levels: Vec<Level> = self_references(t)
            .into_iter()
            .filter_map(|(_, c, _)| level_of_char(c))
            .collect();
        let masked = crate::speech::date::mask_quoted(t);
        for p in gazetteer().places(&masked) {
            let before = masked[..p.range.start].trim_start_matches(['#', ' ', '　']);
            let stands = crate::speech::gazetteer::names_organ(&masked[p.range.end..])
                || before.is_empty()
                || before.ends_with(['，', '。', '；', '：']);
            if stands
                && p.level().is_some_and(|l| levels.contains(&l))
                && !found.contains(&p.region())
            {
                found.push(p.region());
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The level characters a draft uses for itself: its level's (县 and 旗
/// for a county, 乡 and 镇 for a township) and the last of its region's
/// name (昆山市, a county-level city, says 全市; an autonomous region 全区).
struct OwnLevel {
    chars: Vec<char>,
    rank: u8,
}

/// How local a level is: a county and a district are of one rank.
fn rank(level: Level) -> u8 {
    match level {
        Level::National => 0,
        Level::Province => 1,
        Level::City => 2,
        Level::County | Level::District => 3,
        Level::Township => 4,
    }
}

impl OwnLevel {
    fn new(level: Option<Level>, region: Option<&str>) -> Option<Self> {
        let level = level?;
        let mut chars: Vec<char> = match level {
            Level::National => return None,
            Level::Province => vec!['省'],
            Level::City => vec!['市', '州', '盟'],
            Level::County => vec!['县', '旗'],
            Level::District => vec!['区'],
            Level::Township => vec!['乡', '镇'],
        };
        chars.extend(region.and_then(|r| r.chars().next_back()));
        Some(OwnLevel {
            chars,
            rank: rank(level),
        })
    }

    /// Whether a self-reference by level character `c` is another level's:
    /// 我区 / 本区 in a county's draft, or 全区 / 区委 — a higher level's
    /// (全省, 按照市委部署) may stand in any draft.
    fn foreign(&self, c: char, mine: bool) -> bool {
        !self.chars.contains(&c) && (mine || level_of_char(c).is_some_and(|l| rank(l) >= self.rank))
    }
}

/// The leftovers of one copied sentence (see the module docs).
fn leftovers_of(
    k: usize,
    s: &SentenceReport,
    source: &SourceRef,
    home: Option<&Home>,
    own_level: Option<&OwnLevel>,
    year: u16,
    term: Option<&str>,
) -> Vec<Leftover> {
    let g = gazetteer();
    let text = s.text.as_str();
    let mut out = Vec::new();
    let possible = home.is_none_or(|h| h.codes.is_empty());
    let mut push = |kind, range: Range<usize>| {
        let name = &text[range.clone()];
        // Once per name in a sentence (the first place it stands).
        if in_copied(&s.copied, &range)
            && !out
                .iter()
                .any(|l: &Leftover| l.range == range || (l.kind == kind && l.name == name))
        {
            out.push(Leftover {
                kind,
                name: text[range.clone()].to_string(),
                sentence: k,
                range,
                source: source.clone(),
                possible: possible && kind == LeftoverKind::Place,
            });
        }
    };
    // Places.
    let source_codes: Vec<u32> = source
        .region
        .as_deref()
        .map(|r| g.resolve(r))
        .unwrap_or_default();
    let source_home = Home {
        codes: source_codes,
    };
    for place in g.places(text) {
        let codes = place.codes();
        let foreign = match home {
            Some(h) if !h.codes.is_empty() => !h.owns(&codes),
            // The draft's region unknown: the places that belong to the
            // source, its region or within it (not the province a county
            // lies in, which may be the draft's too).
            _ => codes
                .iter()
                .any(|&p| source_home.codes.iter().any(|&h| g.is_within(p, h))),
        };
        if foreign {
            push(LeftoverKind::Place, place.range.clone());
        }
    }
    // The source's region without its level character (安化 for 安化县).
    if let Some(r) = &source.region
        && r.chars().count() >= 3
        && r.ends_with(['县', '市', '区', '旗'])
    {
        let short = &r[..r.len() - 3];
        let codes = g.resolve(r);
        let foreign = home.is_none_or(|h| h.codes.is_empty() || !h.owns(&codes));
        if foreign {
            for (at, _) in text.match_indices(short) {
                let after = &text[at + short.len()..];
                // Not the start of the full name, found above.
                if !after.starts_with(['县', '市', '区', '旗']) {
                    push(LeftoverKind::Place, at..at + short.len());
                }
            }
        }
    }
    // Self-references of another level.
    if let Some(own) = own_level {
        for (range, c, mine) in self_references(text) {
            if own.foreign(c, mine) {
                // 我区, 全区, or the body with its level (区委).
                let start = text[..range.start]
                    .char_indices()
                    .next_back()
                    .filter(|(_, p)| "我本全".contains(*p))
                    .map_or(range.start, |(i, _)| i);
                let end = if start == range.start {
                    let rest = &text[range.end..];
                    range.end
                        + ["人大常委会", "人民政府", "人大", "政府", "委"]
                            .iter()
                            .find(|b| rest.starts_with(**b))
                            .map_or(0, |b| b.len())
                } else {
                    range.end
                };
                push(LeftoverKind::Level, start..end);
            }
        }
    }
    // 届次.
    if let Some(own) = term {
        for (range, t) in terms(text) {
            if t != own {
                push(LeftoverKind::Term, range);
            }
        }
    }
    // Years, in a sentence about the present, or stated as the present
    // (2009年，是我区…关键一年).
    let about_present = PRESENT.iter().any(|w| text.contains(w));
    for (date, range) in crate::speech::date::find_dates(text) {
        if date.year < year && (about_present || states_its_year(&text[range.end..])) {
            push(LeftoverKind::Year, range);
        }
    }
    // The source's speaker.
    if let Some(name) = speaker_of(&source.title) {
        for (at, _) in text.match_indices(name.as_str()) {
            push(LeftoverKind::Speaker, at..at + name.len());
        }
    }
    for (at, _) in text.match_indices('我') {
        let after = &text[at..];
        let window: String = after.chars().take(16).collect();
        for office in OFFICES {
            if let Some(o) = window.find(office) {
                // The 我 sentence and the office, up to it.
                let end = at + o + office.len();
                if window[..o].contains("作为") || window[..o].contains('是') {
                    push(LeftoverKind::Speaker, at..end);
                }
                break;
            }
        }
    }
    out.sort_by_key(|l| l.range.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cs(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn runs_are_found_wherever_they_stand() {
        let mine = cs("加强代表履职能力建设提高审议质量");
        let other = cs("提高审议质量是关键要加强代表履职能力建设");
        let (covered, longest) = coverage(&mine, &other);
        assert!(covered.iter().all(|c| *c), "{covered:?}");
        assert_eq!(longest, (0, 10));
        let (covered, _) = coverage(&cs("完全不同的一句话内容"), &other);
        assert!(covered.iter().all(|c| !*c));
        // Runs shorter than MIN_RUN do not count.
        let (covered, _) = coverage(&cs("加强代表甲乙丙丁戊己"), &other);
        assert!(covered.iter().all(|c| !*c));
        // Repetitive text stays cheap and correct.
        let long = vec!['哈'; 20_000];
        let (covered, longest) = coverage(&long, &long);
        assert!(covered.iter().all(|c| *c));
        assert_eq!(longest.1, 20_000);
    }

    #[test]
    fn chunks_cover_the_word_chars() {
        let c = chunks("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。");
        assert!(
            c.iter()
                .all(|c| (3..=CHUNK + 2).contains(&c.chars().count())),
            "{c:?}"
        );
        let joined: usize = c.iter().map(|c| c.chars().count()).sum();
        assert_eq!(
            joined,
            "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻党的二十大精神"
                .chars()
                .count()
        );
        assert!(chunks("好。").is_empty());
        assert!(chunks(&"字".repeat(1000)).len() <= MAX_CHUNKS);
    }

    #[test]
    fn sentences_are_cut_and_long_ones_in_pieces() {
        let t = "第一句。第二句！";
        let r = sentence_ranges(t);
        assert_eq!(
            r.iter().map(|r| &t[r.clone()]).collect::<Vec<_>>(),
            ["第一句。", "第二句！"]
        );
        let long = "字".repeat(MAX_SENTENCE * 2 + 5);
        let r = sentence_ranges(&long);
        assert_eq!(r.len(), 3);
        assert_eq!(r.last().unwrap().end, long.len());
    }

    #[test]
    fn terms_and_speakers() {
        let t = terms("县第十七届人大常委会第五次会议，十八届人民代表大会");
        let names: Vec<&str> = t.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["十七届", "十八届"]);
        assert!(terms("第十七届全运会").is_empty());
        assert_eq!(
            speaker_of("张三同志在全县人大工作会议上的讲话").as_deref(),
            Some("张三")
        );
        assert_eq!(speaker_of("在全县人大工作会议上的讲话"), None);
        assert_eq!(speaker_of("安化县在会议上"), None);
    }

    #[test]
    fn byte_ranges_join_over_gaps() {
        let text = "代表，履职。";
        let chars = word_chars(text);
        let r = byte_ranges(text, &chars, std::slice::from_ref(&(0..4)));
        assert_eq!(r, vec![0.."代表，履职".len()]);
        let r = byte_ranges(text, &chars, &[0..1, 3..4]);
        assert_eq!(r, vec![0.."代".len(), "代表，履".len().."代表，履职".len()]);
    }

    #[test]
    fn leftovers_of_a_copied_sentence() {
        let text = "今年，安化县第十七届人大常委会在2023年的基础上，张三同志说我作为县人大常委会主任要带头，安化人大要走在前列。";
        let s = copied(text);
        let source = SourceRef {
            file: "a.txt".into(),
            title: "张三同志在安化县人大工作会议上的讲话".into(),
            level: Some(crate::speech::Level::County),
            year: Some(2023),
            region: Some("安化县".into()),
            paragraph: 3,
        };
        let home = Home {
            codes: gazetteer().resolve("临洮"),
        };
        assert!(!home.codes.is_empty());
        let found: Vec<(LeftoverKind, String)> =
            leftovers_of(0, &s, &source, Some(&home), None, 2026, Some("十八届"))
                .into_iter()
                .map(|l| (l.kind, l.name))
                .collect();
        use LeftoverKind::*;
        for want in [
            (Place, "安化县"),
            (Place, "安化"),
            (Term, "十七届"),
            (Year, "2023年"),
            (Speaker, "张三"),
            (Speaker, "我作为县人大常委会主任"),
        ] {
            assert!(
                found.iter().any(|(k, n)| *k == want.0 && n == want.1),
                "{want:?} not in {found:?}"
            );
        }
        // The draft's own place, term and year are no leftovers; nor is
        // anything outside the copied runs.
        let mine = Home {
            codes: gazetteer().resolve("安化县"),
        };
        let found = leftovers_of(0, &s, &source, Some(&mine), None, 2023, Some("十七届"));
        assert!(found.iter().all(|l| l.kind == Speaker), "{found:?}");
        let outside = SentenceReport {
            copied: Vec::new(),
            ..s
        };
        assert!(leftovers_of(0, &outside, &source, Some(&home), None, 2026, None).is_empty());
    }

    /// A sentence copied whole.
    fn copied(text: &str) -> SentenceReport {
        SentenceReport {
            paragraph: 1,
            range: 0..text.len(),
            text: text.to_string(),
            chars: word_chars(text).len(),
            status: Status::Copied,
            copied: std::iter::once(0..text.len()).collect(),
            common: Vec::new(),
            copied_chars: word_chars(text).len(),
            common_chars: 0,
            longest: String::new(),
            sources: Vec::new(),
        }
    }

    fn source(region: &str, level: Level) -> SourceRef {
        SourceRef {
            file: "a.txt".into(),
            title: "关于加强地方立法工作的决定".into(),
            level: Some(level),
            year: Some(2009),
            region: Some(region.into()),
            paragraph: 3,
        }
    }

    fn found(l: Vec<Leftover>) -> Vec<(LeftoverKind, String, bool)> {
        l.into_iter()
            .map(|l| (l.kind, l.name, l.possible))
            .collect()
    }

    #[test]
    fn a_source_s_own_place_is_a_possible_leftover_when_the_draft_names_none() {
        use LeftoverKind::Place;
        let s = copied(
            "根据《山东省地方立法条例》的规定，结合本省实际，制定地方性法规应当广泛听取各方面意见。",
        );
        let province = source("山东省", Level::Province);
        // The draft's region unknown: the source's own province is reported,
        // as possible.
        let got = found(leftovers_of(0, &s, &province, None, None, 2026, None));
        assert!(got.contains(&(Place, "山东省".into(), true)), "{got:?}");
        // The draft's region known and the same: nothing.
        let home = Home {
            codes: gazetteer().resolve("山东省"),
        };
        let got = found(leftovers_of(
            0,
            &s,
            &province,
            Some(&home),
            None,
            2026,
            None,
        ));
        assert!(got.is_empty(), "{got:?}");
        // Known and another: a leftover for sure.
        let home = Home {
            codes: gazetteer().resolve("浙江省"),
        };
        let got = found(leftovers_of(
            0,
            &s,
            &province,
            Some(&home),
            None,
            2026,
            None,
        ));
        assert!(got.contains(&(Place, "山东省".into(), false)), "{got:?}");
        // A county source's province is the county's parent, no place of
        // the source's own: not reported when the draft's region is unknown.
        let s = copied("安化县认真贯彻湖南省人大常委会的部署，扎实推进代表工作。");
        let county = source("安化县", Level::County);
        let got = found(leftovers_of(0, &s, &county, None, None, 2026, None));
        assert!(got.contains(&(Place, "安化县".into(), true)), "{got:?}");
        assert!(!got.iter().any(|l| l.1 == "湖南省"), "{got:?}");
    }

    #[test]
    fn a_self_reference_of_another_level_is_a_leftover() {
        let district = source("秀英区", Level::District);
        let county = OwnLevel::new(Some(Level::County), Some("临洮县"));
        let cases = [
            (
                "按照区委的部署，全区人民团结一心，推动我区经济社会高质量发展。",
                vec!["区委", "全区", "我区"],
            ),
            (
                "本区各级人大代表要密切联系群众，主动接受监督。",
                vec!["本区"],
            ),
            // A higher level's may stand in a county's draft.
            ("按照市委的部署，我县在全省率先完成了换届选举工作。", vec![]),
            // Words with a level character are no self-reference.
            (
                "全区域推进社区治理，本市场主体活力增强，本乡本土的人才留得住。",
                vec![],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<String> = leftovers_of(
                0,
                &copied(text),
                &district,
                None,
                county.as_ref(),
                2026,
                None,
            )
            .into_iter()
            .filter(|l| l.kind == LeftoverKind::Level)
            .map(|l| l.name)
            .collect();
            assert_eq!(got, want, "{text}");
        }
        // A county-level city says 全市 of itself; a district says 我区.
        let city_county = OwnLevel::new(Some(Level::County), Some("昆山市"));
        let s = copied("全市人民要团结一心，推动我区经济社会高质量发展。");
        let got: Vec<String> =
            leftovers_of(0, &s, &district, None, city_county.as_ref(), 2026, None)
                .into_iter()
                .filter(|l| l.kind == LeftoverKind::Level)
                .map(|l| l.name)
                .collect();
        assert_eq!(got, ["我区"]);
        let own = OwnLevel::new(Some(Level::District), Some("秀英区"));
        assert!(
            leftovers_of(0, &s, &district, None, own.as_ref(), 2026, None)
                .iter()
                .all(|l| l.kind != LeftoverKind::Level)
        );
        // The draft's own level, from its own sentences.
        assert_eq!(
            own_level(&[
                "我县今年修好了三座桥。",
                "全县上下要齐心协力，在全省争先。",
                "本县代表积极履职。"
            ]),
            Some(Level::County)
        );
        assert_eq!(own_level(&["今年修好了三座桥。"]), None);
        assert_eq!(
            own_place(&[
                "临洮县人大常委会召开会议，我县代表踊跃发言。",
                "全县上下齐心协力。"
            ])
            .as_deref(),
            Some("临洮县")
        );
        assert_eq!(own_place(&["我县代表赴昆山市学习。"]), None);
    }

    #[test]
    fn a_year_stated_as_the_present_is_a_leftover() {
        let s = copied(
            "2009年，是我区经济社会发展进程中极为关键的一年，也是实施“十一五”规划的攻坚之年。",
        );
        let district = source("秀英区", Level::District);
        let years = |year| -> Vec<String> {
            leftovers_of(0, &s, &district, None, None, year, None)
                .into_iter()
                .filter(|l| l.kind == LeftoverKind::Year)
                .map(|l| l.name)
                .collect()
        };
        assert_eq!(years(2026), ["2009年"]);
        assert!(years(2009).is_empty());
        // A year in a sentence of the past is no leftover.
        let past = copied("2009年，我区完成了地区生产总值一百亿元，比上年增长百分之十。");
        assert!(
            leftovers_of(0, &past, &district, None, None, 2026, None)
                .iter()
                .all(|l| l.kind != LeftoverKind::Year)
        );
    }
}
