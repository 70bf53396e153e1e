//! What a draft's sentences share with the archive: the candidate
//! paragraphs of a sentence, the runs of word chars they share with it, and
//! which of those runs are the common phrasing of official speech.

use super::*;

/// The word chars of a text with their byte offsets, folded as the index
/// folds them ([`crate::text::fold_char`]: １９８７ is 1987, ＧＤＰ is gdp).
pub(super) fn word_chars(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| is_word_char(*c))
        .map(|(i, c)| (i, crate::text::fold_char(c)))
        .collect()
}

/// The sentences of a paragraph as byte ranges, long ones cut into pieces
/// of at most [`MAX_SENTENCE`] chars.
pub(super) fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
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
pub(super) fn chunks(text: &str) -> Vec<String> {
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

/// How a sentence's word chars are covered by a text's.
pub(super) struct Coverage {
    /// For each sentence position, whether it stands in a run of at
    /// least [`MIN_RUN`] chars shared with the text.
    pub(super) covered: Vec<bool>,
    /// The shared runs, each one stretch of the text (two runs side by
    /// side in the sentence may stand apart in the text).
    pub(super) runs: Vec<Range<usize>>,
    /// The longest run (start, length).
    pub(super) longest: (usize, usize),
}

/// How `mine` (a sentence's word chars) is covered by `other`'s.
pub(super) fn coverage(mine: &[char], other: &[char]) -> Coverage {
    let mut covered = vec![false; mine.len()];
    let mut runs = Vec::new();
    let mut longest = (0, 0);
    if mine.len() < MIN_RUN || other.len() < MIN_RUN {
        return Coverage {
            covered,
            runs,
            longest,
        };
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
            runs.push(i..i + best);
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
    Coverage {
        covered,
        runs,
        longest,
    }
}

/// The maximal runs of `true` in `covered`, as index ranges.
pub(super) fn runs_of(covered: &[bool]) -> Vec<Range<usize>> {
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
pub(super) fn byte_ranges(
    text: &str,
    chars: &[(usize, char)],
    runs: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in runs {
        if r.is_empty() {
            continue;
        }
        let start = chars[r.start].0;
        let last_at = chars[r.end - 1].0;
        // The text's own char there, as long as it is (a folded char may
        // be shorter: １ is 1).
        let end = last_at + text[last_at..].chars().next().map_or(0, char::len_utf8);
        match out.last_mut() {
            Some(prev) if prev.end >= start => prev.end = prev.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// The text of one run of word-char positions (`start`, `len`).
pub(super) fn run_text(
    text: &str,
    chars: &[(usize, char)],
    (start, len): (usize, usize),
) -> String {
    byte_ranges(text, chars, std::slice::from_ref(&(start..start + len)))
        .first()
        .map_or(String::new(), |r| text[r.clone()].to_string())
}

/// The shared runs of a candidate, each marked when many speeches hold it.
pub(super) type Runs = Vec<(Range<usize>, bool)>;

/// A candidate paragraph measured against a sentence.
pub(super) struct Measured {
    pub(super) hit: Hit,
    pub(super) covered: Vec<bool>,
    /// The shared runs (see [`Coverage::runs`]).
    pub(super) runs: Vec<Range<usize>>,
    pub(super) share: f64,
    pub(super) similarity: f64,
    pub(super) longest: (usize, usize),
    pub(super) closest: String,
    /// The candidate's word chars, as compared.
    pub(super) chars: String,
}

/// Runs' document frequencies, looked up once per check.
pub(super) struct Frequencies<'a> {
    pub(super) idx: &'a RendaIndex,
    pub(super) searcher: &'a Searcher,
    pub(super) known: HashMap<String, u64>,
}

impl Frequencies<'_> {
    pub(super) fn of(&mut self, run: &str) -> Result<u64, SearchError> {
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

pub(super) fn tantivy_error(idx: &RendaIndex, source: tantivy::TantivyError) -> SearchError {
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
pub(super) fn common_marks(
    run: &[char],
    freq: &mut Frequencies<'_>,
) -> Result<Vec<bool>, SearchError> {
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
pub(super) fn candidates(
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
