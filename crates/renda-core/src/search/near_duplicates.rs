//! Phrasing families: hits whose matched sentences are the same sentence
//! with small edits.
//!
//! Local speeches copy each other: a sentence travels from one county's
//! speech to the next with a few words added, changed or dropped, or with
//! different anonymisation marks. Each hit is reduced to its **key
//! sentence** — the sentence of the paragraph holding most of the matched
//! text — normalised (punctuation and white space dropped, ASCII lowercased,
//! runs of anonymisation marks X, *, 某, xxx made one mark), and cut into
//! character 3-grams. Two hits are in one family when the Jaccard similarity
//! of their 3-gram sets is at least [`THRESHOLD`].
//!
//! Candidate pairs come from MinHash signatures ([`HASHES`] hashes) banded
//! for locality-sensitive hashing ([`BANDS`] bands of [`ROWS`] rows: pairs at
//! 0.6 meet in some band with probability 0.99); every candidate is then
//! checked against the exact Jaccard similarity, so a family never rests on
//! an estimate. The cost stays near linear in the number of hits.

use std::collections::HashSet;
use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::text::{merge_ranges, sentences};

/// Jaccard similarity of 3-gram sets from which two sentences are one phrasing.
pub const THRESHOLD: f64 = 0.6;
/// Bands and rows of the MinHash signature.
pub const BANDS: usize = 21;
pub const ROWS: usize = 3;
/// Hashes in a signature.
pub const HASHES: usize = BANDS * ROWS;
const N: usize = 3;

/// The sentence of `text` (byte range) that holds most of the `matches`
/// (ties: the earliest); the first sentence when nothing matched.
pub fn key_sentence(text: &str, matches: &[Range<usize>]) -> Range<usize> {
    let bounds = sentences(text);
    // Sorted and joined, the matches that touch a sentence are found by
    // binary search: a long paragraph with many matches stays linear.
    let mut joined = matches.to_vec();
    merge_ranges(&mut joined);
    let covered = |s: &Range<usize>| -> usize {
        let first = joined.partition_point(|m| m.end <= s.start);
        joined[first..]
            .iter()
            .take_while(|m| m.start < s.end)
            .map(|m| m.end.min(s.end).saturating_sub(m.start.max(s.start)))
            .sum()
    };
    let mut best: Option<(usize, Range<usize>)> = None;
    for s in bounds {
        if text[s.clone()].trim().is_empty() {
            continue;
        }
        let c = covered(&s);
        if best.as_ref().is_none_or(|(b, _)| c > *b) {
            best = Some((c, s));
        }
    }
    best.map_or(0..text.len(), |(_, s)| s)
}

/// The sentence as compared: no punctuation or white space, ASCII
/// lowercased, anonymisation marks folded to one.
pub fn normalise(sentence: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(sentence.len() / 3);
    for c in sentence.chars() {
        // Most characters are common Chinese ones, letters: no table to look up.
        if ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '某' {
            out.push(c);
            continue;
        }
        let c = c.to_ascii_lowercase();
        let mark = matches!(c, 'x' | '*' | '＊' | 'ｘ' | '某' | '×');
        if mark {
            if out.last() != Some(&'※') {
                out.push('※');
            }
        } else if c.is_alphanumeric() {
            out.push(c);
        }
    }
    out
}

/// The 3-gram hashes of a normalised sentence (a shorter one counts whole).
fn shingles(chars: &[char]) -> HashSet<u64> {
    shingle_hashes(chars).collect()
}

/// The 3-gram hashes of a normalised sentence, sorted, without repeats.
fn sorted_shingles(chars: &[char]) -> Vec<u64> {
    let mut set: Vec<u64> = shingle_hashes(chars).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The hash of each 3-gram of a normalised sentence in turn (of the
/// whole, when it is shorter).
fn shingle_hashes(chars: &[char]) -> impl Iterator<Item = u64> + '_ {
    let whole = (chars.len() < N).then(|| {
        let s: String = chars.iter().collect();
        xxh3_64_with_seed(s.as_bytes(), 0)
    });
    let mut buf = [0u8; 4 * N];
    whole.into_iter().chain(chars.windows(N).map(move |w| {
        let mut len = 0;
        for c in w {
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        xxh3_64_with_seed(&buf[..len], 0)
    }))
}

/// The 3-gram set of a sentence as [`similarity`] compares it, to compare
/// one sentence with many others without cutting it again ([`jaccard`]).
pub fn shingle_set(sentence: &str) -> HashSet<u64> {
    shingles(&normalise(sentence))
}

/// The Jaccard similarity of two [`shingle_set`]s (1 for two empty sets).
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// The Jaccard similarity of two sorted sets without repeats.
fn jaccard_sorted(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// The constants of each slot's hash function, from SplitMix64's
/// sequence: a seed to xor and an odd multiplier, kept as two arrays so
/// that the slots of a signature are computed side by side in vector
/// registers.
const SLOT_KEYS: ([u64; HASHES], [u64; HASHES]) = {
    let mut seeds = [0u64; HASHES];
    let mut muls = [0u64; HASHES];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut i = 0;
    while i < HASHES {
        let mut next = [0u64; 2];
        let mut j = 0;
        while j < 2 {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            next[j] = z ^ (z >> 31);
            j += 1;
        }
        seeds[i] = next[0];
        muls[i] = next[1] | 1;
        i += 1;
    }
    (seeds, muls)
};
const SEEDS: [u64; HASHES] = SLOT_KEYS.0;
const MULS: [u64; HASHES] = SLOT_KEYS.1;

/// The MinHash signature of a 3-gram set: for each slot, the least
/// hash of its 3-grams (see [`signature_plain`]). With AVX-512 (its 64-bit multiply) or
/// AVX2 the slots are computed eight or four at a time; the values are
/// the same.
fn signature(set: &[u64]) -> [u64; HASHES] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the CPU has the features the function is built for.
            return unsafe { signature_avx512(set) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { signature_avx2(set) };
        }
    }
    signature_plain(set)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn signature_avx512(set: &[u64]) -> [u64; HASHES] {
    signature_plain(set)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn signature_avx2(set: &[u64]) -> [u64; HASHES] {
    signature_plain(set)
}

/// The signature as the scalar code computes it. One hash function per
/// slot: the shingle's hash (already
/// uniform, from xxh3) xored with the slot's seed and multiplied by its odd
/// multiplier. Both steps are one-to-one, so each slot orders the shingles
/// its own way, and the high bits that decide a minimum depend on every
/// bit of the shingle's hash.
#[inline(always)]
fn signature_plain(set: &[u64]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &h in set {
        for i in 0..HASHES {
            sig[i] = sig[i].min((h ^ SEEDS[i]).wrapping_mul(MULS[i]));
        }
    }
    sig
}

/// Hashes a pair of sentence numbers for the set of pairs already
/// compared: the numbers are the key, so one multiply-and-fold mixes them
/// (SipHash, the default, costs more than the comparison it saves).
#[derive(Default, Clone, Copy)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        let k = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = k ^ (k >> 29);
    }
}

type PairHash = std::hash::BuildHasherDefault<PairHasher>;

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// A sentence as [`families`] compares it: its 3-gram set and the MinHash
/// signature of that set, made once to group the sentence with others
/// more than once ([`families_of`]).
#[derive(Debug, Clone)]
pub struct Sketch {
    /// The 3-gram hashes, sorted, without repeats.
    set: Vec<u64>,
    sig: [u64; HASHES],
    /// One bit per 3-gram (its hash modulo the bits): two sentences hold
    /// no more 3-grams in common than their bits in common and the
    /// 3-grams that share a bit with another of their own, which bounds
    /// their similarity before the sets are compared ([`Bounds::allow`]).
    bits: [u64; BITS / 64],
    /// The 3-grams that share their bit with another of the set.
    spare: usize,
}

/// Bits of a [`Sketch`]'s summary of its 3-grams.
const BITS: usize = 512;

impl Sketch {
    pub fn new(sentence: &str) -> Self {
        let set = sorted_shingles(&normalise(sentence));
        let sig = signature(&set);
        let mut bits = [0u64; BITS / 64];
        for &h in &set {
            let bit = (h % BITS as u64) as usize;
            bits[bit / 64] |= 1 << (bit % 64);
        }
        let spare = set.len() - bits.iter().map(|x| x.count_ones() as usize).sum::<usize>();
        Sketch {
            set,
            sig,
            bits,
            spare,
        }
    }

    /// Whether two sentences are at least [`THRESHOLD`] alike: sets whose
    /// sizes, or whose bits in common, leave too few 3-grams in common
    /// never are, which is seen without comparing the sets.
    #[cfg(test)]
    fn alike(&self, other: &Sketch) -> bool {
        Bounds::of(&[self, other]).allow(0, 1) && jaccard_sorted(&self.set, &other.set) >= THRESHOLD
    }
}

/// What the quick check of two [`Sketch`]es reads of each, side by side
/// in memory: a big bucket checks every pair of its members, and reading
/// each sketch whole for it would be most of the time.
struct Bounds {
    sizes: Vec<usize>,
    spares: Vec<usize>,
    bits: Vec<[u64; BITS / 64]>,
}

impl Bounds {
    fn of(sketches: &[&Sketch]) -> Bounds {
        Bounds {
            sizes: sketches.iter().map(|s| s.set.len()).collect(),
            spares: sketches.iter().map(|s| s.spare).collect(),
            bits: sketches.iter().map(|s| s.bits).collect(),
        }
    }

    /// Whether the sizes and bits of sketches `i` and `j` leave them able
    /// to be alike: sets whose sizes, or whose bits in common, leave too
    /// few 3-grams in common never are.
    #[inline(always)]
    fn allow(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.sizes[i], self.sizes[j]);
        if (a.min(b) as f64) < THRESHOLD * a.max(b) as f64 {
            return false;
        }
        let most: usize = self.bits[i]
            .iter()
            .zip(&self.bits[j])
            .map(|(x, y)| (x & y).count_ones() as usize)
            .sum();
        // 3-grams of one sentence that share a bit count once in its
        // bits: each such one may be one more in common.
        let most = (most + self.spares[i].min(self.spares[j])).min(a).min(b);
        let union = (a + b - most).max(1);
        (most as f64) >= THRESHOLD * union as f64
    }
}

/// Group sentences into phrasing families. Returns, for each family in the
/// order of its first member, the indices of its members in order.
pub fn families<S: AsRef<str>>(sentences: &[S]) -> Vec<Vec<usize>> {
    let sketches: Vec<Sketch> = sentences.iter().map(|s| Sketch::new(s.as_ref())).collect();
    families_of(&sketches)
}

/// [`families`] of sentences already sketched.
///
/// Sentences with the same 3-gram set (a copy, or a copy with other
/// punctuation or marks) are one family whatever else they meet, so each
/// set is grouped once and its copies follow it: a phrase that opens
/// thousands of news items costs as much as one.
pub fn families_of<S: std::borrow::Borrow<Sketch>>(sketches: &[S]) -> Vec<Vec<usize>> {
    let sketches: Vec<&Sketch> = sketches.iter().map(|s| s.borrow()).collect();
    let each: Vec<usize> = (0..sketches.len()).collect();
    families_of_each(&sketches, &each)
}

/// [`families_of`] the sentences `which` (each an index into `sketches`):
/// sentences sketched once for many places, the families of the places.
pub fn families_of_each<S: std::borrow::Borrow<Sketch>>(
    sketches: &[S],
    which: &[usize],
) -> Vec<Vec<usize>> {
    let mut unique_of: foldhash::HashMap<&[u64], usize> =
        foldhash::HashMapExt::with_capacity(sketches.len());
    let mut unique: Vec<&Sketch> = Vec::new();
    // Each sketch's unique set, numbered in the order of the places'
    // first use of it (the families come out in the order of their first
    // place).
    let mut unique_at: Vec<Option<usize>> = vec![None; sketches.len()];
    let places: Vec<usize> = which
        .iter()
        .map(|&k| {
            *unique_at[k].get_or_insert_with(|| {
                let s: &Sketch = sketches[k].borrow();
                *unique_of.entry(s.set.as_slice()).or_insert_with(|| {
                    unique.push(s);
                    unique.len() - 1
                })
            })
        })
        .collect();
    let families = families_of_distinct(&unique);
    let mut family_of = vec![0usize; unique.len()];
    for (f, members) in families.iter().enumerate() {
        for &u in members {
            family_of[u] = f;
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); families.len()];
    for (i, &u) in places.iter().enumerate() {
        groups[family_of[u]].push(i);
    }
    groups
}

/// [`families_of`] sketches whose 3-gram sets all differ. A big bucket
/// of unlike sentences checks every pair's bits in common, so where the
/// CPU counts bits in one instruction (POPCNT, not in the x86-64 baseline)
/// the code is built for it; the families are the same.
fn families_of_distinct(sketches: &[&Sketch]) -> Vec<Vec<usize>> {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has the feature the function is built for.
            return unsafe { families_of_distinct_popcnt(sketches) };
        }
    }
    families_of_distinct_plain(sketches)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn families_of_distinct_popcnt(sketches: &[&Sketch]) -> Vec<Vec<usize>> {
    families_of_distinct_plain(sketches)
}

/// [`families_of_distinct`] as the code for any CPU computes it.
#[inline(always)]
fn families_of_distinct_plain(sketches: &[&Sketch]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..sketches.len()).collect();
    // Every sentence's key in every band, sorted: a run of equal keys is
    // a bucket (one sort rather than a hash map of vectors).
    let mut keyed: Vec<(usize, u64, usize)> = Vec::with_capacity(sketches.len() * BANDS);
    for (i, sketch) in sketches.iter().enumerate() {
        for band in 0..BANDS {
            let rows = &sketch.sig[band * ROWS..(band + 1) * ROWS];
            let mut key = 0u64;
            for r in rows {
                key = key.rotate_left(21) ^ r;
            }
            keyed.push((band, key, i));
        }
    }
    keyed.sort_unstable();
    let mut checked: HashSet<u64, PairHash> = HashSet::default();
    let bounds = Bounds::of(sketches);
    // A bucket's members taken so far, by family (its root when last
    // looked at). A new member is checked against the members of each
    // family it is not yet in, until one is like it: the families come
    // out as if every pair of the bucket were checked, at the cost of one
    // check per family rather than per member when most are alike.
    let mut taken: Vec<(usize, Vec<usize>)> = Vec::new();
    for run in keyed.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        if run.len() < 2 {
            continue;
        }
        taken.clear();
        for &(_, _, b) in run {
            for (root, members) in taken.iter_mut() {
                *root = find(&mut parent, *root);
                if *root == find(&mut parent, b) {
                    continue;
                }
                for &a in members.iter() {
                    // The quick check is cheaper than remembering the
                    // pair: only pairs it lets through are remembered,
                    // so that another band never compares their sets again.
                    if !bounds.allow(a, b) || !checked.insert(((a as u64) << 32) | b as u64) {
                        continue;
                    }
                    if jaccard_sorted(&sketches[a].set, &sketches[b].set) >= THRESHOLD {
                        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                        let (lo, hi) = (ra.min(rb), ra.max(rb));
                        parent[hi] = lo;
                        break;
                    }
                }
            }
            let rb = find(&mut parent, b);
            match taken
                .iter_mut()
                .find(|(root, _)| find(&mut parent, *root) == rb)
            {
                Some((_, members)) => members.push(b),
                None => taken.push((rb, vec![b])),
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index_of: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for i in 0..sketches.len() {
        let root = find(&mut parent, i);
        match index_of.get(&root) {
            Some(&g) => groups[g].push(i),
            None => {
                index_of.insert(root, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// The Jaccard similarity of two sentences as [`families`] measures it.
pub fn similarity(a: &str, b: &str) -> f64 {
    jaccard(&shingles(&normalise(a)), &shingles(&normalise(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_the_least_slot_hashes_whatever_the_cpu() {
        // Every slot by its definition, one 3-gram at a time.
        let reference = |set: &[u64]| -> Vec<u64> {
            (0..HASHES)
                .map(|i| {
                    let (seed, mul) = (SLOT_KEYS.0[i], SLOT_KEYS.1[i]);
                    set.iter()
                        .map(|&h| (h ^ seed).wrapping_mul(mul))
                        .min()
                        .unwrap_or(u64::MAX)
                })
                .collect()
        };
        let mut state = 0x1234_5678_9abc_def0u64;
        for len in [0usize, 1, 2, 3, 7, 40, 300] {
            let set: Vec<u64> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                })
                .collect();
            assert_eq!(signature(&set).to_vec(), reference(&set), "{len} 3-grams");
            assert_eq!(signature_plain(&set).to_vec(), reference(&set));
            // Each vector path this CPU can run.
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2.
                    assert_eq!(unsafe { signature_avx2(&set) }.to_vec(), reference(&set));
                }
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                {
                    // SAFETY: the CPU has AVX-512 F and DQ.
                    assert_eq!(unsafe { signature_avx512(&set) }.to_vec(), reference(&set));
                }
            }
        }
    }

    const A: &str = "熟练掌握法律法规、人大议事规则和工作程序是人大代表必备的基本功，也是履行好宪法和法律赋予各项职责的前提条件。";
    const B: &str = "人大代表是依法履职，熟练掌握法律法规、人民代表大会的议事规则和工作程序是人大代表必备的基本功，也是履行好宪法和法律赋予各项职责的前提条件。";
    const C: &str = "要系统学习人大工作制度、程序，准确把握人大工作特点、要求和规律，明晰法定权限、熟知法定程序、善用法定权力。";

    #[test]
    fn small_edits_fold_and_other_sentences_do_not() {
        assert!(similarity(A, B) >= THRESHOLD, "{}", similarity(A, B));
        assert!(similarity(A, C) < 0.2);
        assert_eq!(families(&[A, C, B, A]), vec![vec![0, 2, 3], vec![1]]);
    }

    #[test]
    fn copies_fold_with_their_family_in_order() {
        let a2 = "熟练掌握法律法规，人大议事规则和工作程序是人大代表必备的基本功也是履行好宪法和法律赋予各项职责的前提条件";
        assert_eq!(
            families(&[C, A, C, B, a2, A, "", C]),
            vec![vec![0, 2, 7], vec![1, 3, 4, 5], vec![6]]
        );
        // Many copies of one sentence are one family, in order.
        let many: Vec<&str> = (0..5000).map(|i| if i % 2 == 0 { A } else { C }).collect();
        let got = families(&many);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], (0..5000).step_by(2).collect::<Vec<_>>());
        assert_eq!(got[1], (1..5000).step_by(2).collect::<Vec<_>>());
    }

    #[test]
    fn anonymisation_marks_do_not_tell_sentences_apart() {
        let a = "在X县人大常委会的领导下，全县代表工作取得了新成效。";
        let b = "在**县人大常委会的领导下，全县代表工作取得了新成效。";
        assert_eq!(similarity(a, b), 1.0);
    }

    #[test]
    fn the_key_sentence_holds_the_match() {
        let text = "第一句话。熟练掌握法律法规是基本功。第三句。";
        let at = text.find("法律法规").unwrap();
        let matched = std::iter::once(at..at + "法律法规".len()).collect::<Vec<_>>();
        let r = key_sentence(text, &matched);
        assert_eq!(&text[r], "熟练掌握法律法规是基本功。");
        assert_eq!(&text[key_sentence(text, &[])], "第一句话。");
        let quoted = "他说：“要联系群众。”我们照办。";
        let at = quoted.find("联系").unwrap();
        let matched = std::iter::once(at..at + 6).collect::<Vec<_>>();
        assert_eq!(
            &quoted[key_sentence(quoted, &matched)],
            "他说：“要联系群众。”"
        );
        assert_eq!(key_sentence("", &[]), 0..0);
    }

    #[test]
    fn sketches_measure_what_jaccard_measures() {
        for (a, b) in [(A, B), (A, C), (B, C), (A, A), ("", "啊"), ("", "")] {
            let (sa, sb) = (Sketch::new(a), Sketch::new(b));
            assert_eq!(
                jaccard_sorted(&sa.set, &sb.set),
                similarity(a, b),
                "{a} {b}"
            );
        }
        // The slots' hash functions differ, and each orders shingles anew.
        let sig = Sketch::new(A).sig;
        let distinct: HashSet<u64> = sig.iter().copied().collect();
        assert!(distinct.len() > HASHES - 3, "{}", distinct.len());
    }

    #[test]
    fn the_quick_bound_never_rejects_a_pair_that_is_alike() {
        // Variants of a few sentences by small edits: pairs on both sides
        // of the threshold, long ones whose 3-grams share bits.
        let base: Vec<Vec<char>> = [A, B, C, &A.repeat(4), &C.repeat(3)]
            .iter()
            .map(|s| s.chars().collect())
            .collect();
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut sentences: Vec<String> = Vec::new();
        for b in &base {
            for edits in 0..12 {
                let mut v = b.clone();
                for _ in 0..edits * b.len() / 40 {
                    let at = next(v.len());
                    let c = base[next(base.len())][next(10)];
                    v[at] = c;
                }
                sentences.push(v.into_iter().collect());
            }
        }
        let sketches: Vec<Sketch> = sentences.iter().map(|s| Sketch::new(s)).collect();
        let (mut alike, mut pairs) = (0, 0);
        for a in &sketches {
            for b in &sketches {
                let exact = jaccard_sorted(&a.set, &b.set) >= THRESHOLD;
                assert_eq!(a.alike(b), exact);
                alike += usize::from(exact);
                pairs += 1;
            }
        }
        assert!(
            alike > sketches.len() && alike < pairs,
            "{alike} of {pairs}"
        );
        // The families are those of every pair compared, on any CPU.
        let refs: Vec<&Sketch> = sketches.iter().collect();
        let mut every: Vec<usize> = (0..refs.len()).collect();
        for i in 0..refs.len() {
            for j in 0..i {
                if jaccard_sorted(&refs[i].set, &refs[j].set) >= THRESHOLD {
                    let (ri, rj) = (find(&mut every, i), find(&mut every, j));
                    every[ri.max(rj)] = ri.min(rj);
                }
            }
        }
        let linked = |families: &[Vec<usize>], i: usize, j: usize| {
            families.iter().any(|f| f.contains(&i) && f.contains(&j))
        };
        let found = families_of_distinct(&refs);
        let plain = families_of_distinct_plain(&refs);
        assert_eq!(found, plain);
        assert!(found.len() > 1 && found.len() < refs.len(), "{found:?}");
        for i in 0..refs.len() {
            for j in 0..refs.len() {
                // Families rest on the banded pairs: every family is one
                // of the pairs' families, pairs at the threshold meet.
                if linked(&found, i, j) {
                    assert_eq!(find(&mut every, i), find(&mut every, j));
                }
            }
        }
    }

    #[test]
    fn empty_and_tiny_inputs() {
        assert!(families::<&str>(&[]).is_empty());
        assert_eq!(families(&["", "", "啊"]).len(), 2);
    }
}
