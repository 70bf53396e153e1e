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

mod copies;
mod leftovers;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
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

use copies::*;
use leftovers::*;

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
    /// The draft (named) has no text to check.
    #[error("{0}: the draft has no text to check")]
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
            title: hit.labels.title.clone(),
            level: hit.labels.level,
            year: hit.labels.year,
            region: hit.labels.region.clone(),
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
        return Err(CheckError::Empty(draft.file.clone()));
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
                let Coverage {
                    covered,
                    runs,
                    longest,
                } = coverage(&mine, &other);
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
                    runs,
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
                    // Each run as the text holds it: a window across two
                    // runs side by side is in no text.
                    let runs = m
                        .runs
                        .iter()
                        .cloned()
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
                let mut common_here = vec![false; mine.len()];
                for (run, many) in runs {
                    let marks = if many {
                        vec![true; run.len()]
                    } else {
                        common_marks(&mine[run.clone()], &mut freq)?
                    };
                    for (i, m) in marks.into_iter().enumerate() {
                        common_here[run.start + i] |= m;
                    }
                }
                let own = m
                    .covered
                    .iter()
                    .zip(&common_here)
                    .filter(|(c, k)| **c && !**k)
                    .count();
                for (c, k) in common.iter_mut().zip(&common_here) {
                    *c |= *k;
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
            // Under a source, the longest run it shares.
            if let Some(longest) = report
                .sources
                .iter()
                .map(|s| &s.longest)
                .max_by_key(|l| l.chars().count())
            {
                report.longest = longest.clone();
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
    let mut own_texts: Vec<&str> = vec![draft.labels.title.as_str()];
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
        .or_else(|| draft.labels.region.clone())
        .or_else(|| own_place(&own_texts));
    let home = region.as_deref().map(|r| Home {
        codes: gazetteer().resolve(r),
    });
    let level = opts
        .level
        .or_else(|| own_level(&own_texts))
        .or(draft.labels.level);
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
        title: draft.labels.title.clone(),
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
        let c = coverage(&mine, &other);
        assert!(c.covered.iter().all(|c| *c), "{:?}", c.covered);
        assert_eq!(c.longest, (0, 10));
        // Two runs, side by side in the sentence, apart in the text.
        assert_eq!(c.runs, [0..10, 10..16]);
        let c = coverage(&cs("完全不同的一句话内容"), &other);
        assert!(c.covered.iter().all(|c| !*c) && c.runs.is_empty());
        // Runs shorter than MIN_RUN do not count.
        let c = coverage(&cs("加强代表甲乙丙丁戊己"), &other);
        assert!(c.covered.iter().all(|c| !*c));
        // Repetitive text stays cheap and correct.
        let long = vec!['哈'; 20_000];
        let c = coverage(&long, &long);
        assert!(c.covered.iter().all(|c| *c));
        assert_eq!(c.longest.1, 20_000);
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
        // Each place a leftover stands is marked, once.
        let twice = copied("安化县第十七届人大常委会要求，十七届人大代表全员参加。");
        let terms: Vec<Range<usize>> =
            leftovers_of(0, &twice, &source, Some(&home), None, 2026, Some("十八届"))
                .into_iter()
                .filter(|l| l.kind == Term)
                .map(|l| l.range)
                .collect();
        assert_eq!(terms.len(), 2, "{terms:?}");
        assert!(terms.iter().all(|r| &twice.text[r.clone()] == "十七届"));
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
