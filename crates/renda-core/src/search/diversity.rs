//! The order of a theme's folded hits for diversity: the first ones are
//! the most about the theme, and further down the list more and more say it
//! in different ways (maximal marginal relevance over the key sentences'
//! character 3-grams, with hits that hold the same theme as typed counted
//! as one wording, its penalty growing with the place).

use super::{Hit, near_duplicates};

/// How much a hit's score drops, at full weight, times its key sentence's
/// greatest likeness to an earlier hit's (their character 3-grams'
/// Jaccard similarity, up to the fold threshold), relative to the best
/// score (fitted with [`DIVERSITY_RAMP`] on the development half of the
/// relevance evaluation, see BENCHMARKS.md).
const DIVERSITY_PENALTY: f32 = 0.6;
/// The places over which the penalty grows from nothing to its full
/// weight: the first hits are the ones most about the theme, whatever
/// their wording; further down, other wordings come up.
const DIVERSITY_RAMP: f32 = 20.0;
/// The likeness of two hits that both hold a theme as typed.
const SAME_WORDING: f32 = 0.7;

/// The penalty for likeness at place `at` (0 for the first hit).
fn penalty_at(at: usize) -> f32 {
    DIVERSITY_PENALTY * (at as f32 / DIVERSITY_RAMP).min(1.0)
}

/// Order folded hits so that the first ones are the most about the theme
/// and further down other wordings come up: greedily take the hit whose
/// score, less the penalty of its place ([`DIVERSITY_PENALTY`], growing
/// over [`DIVERSITY_RAMP`] places) × its greatest likeness to a hit
/// already taken, is highest (maximal marginal relevance). Each hit's
/// score becomes that value (never above the score of the hit before it),
/// so scores still fall down the list.
pub fn diversify(hits: Vec<Hit>, typed: &[String]) -> Vec<Hit> {
    if hits.len() < 3 {
        return hits;
    }
    let best = hits
        .iter()
        .map(|h| h.score)
        .fold(0.0f32, f32::max)
        .max(f32::MIN_POSITIVE);
    diversify_after(&[], hits, typed, best)
}

/// [`diversify`] `hits` as they come after the hits `taken` (already
/// ordered): each hit's likeness starts at its greatest likeness to a hit
/// taken, scores are measured against `best` and stay at or below the last
/// taken hit's. With nothing taken and fewer than three hits, the hits are
/// returned as they are.
pub fn diversify_after(taken: &[Hit], hits: Vec<Hit>, typed: &[String], best: f32) -> Vec<Hit> {
    if hits.is_empty() || (taken.is_empty() && hits.len() < 3) {
        return hits;
    }
    let best = best.max(f32::MIN_POSITIVE);
    // Which of the themes as typed each hit holds: two hits holding the
    // same are one wording of the theme, however different their sentences.
    let wording_of =
        |h: &Hit| -> Vec<bool> { typed.iter().map(|t| h.text.contains(t.as_str())).collect() };
    let shingles_of = |h: &Hit| {
        near_duplicates::shingle_set(&h.text[near_duplicates::key_sentence(&h.text, &h.matches)])
    };
    let alike = |sa: &std::collections::HashSet<u64>,
                 wa: &[bool],
                 sb: &std::collections::HashSet<u64>,
                 wb: &[bool]| {
        let mut sim = near_duplicates::jaccard(sa, sb) as f32;
        if wa.iter().zip(wb).any(|(a, b)| *a && *b) {
            sim = sim.max(SAME_WORDING);
        }
        sim
    };
    let wording: Vec<Vec<bool>> = hits.iter().map(wording_of).collect();
    let shingles: Vec<_> = hits.iter().map(shingles_of).collect();
    let mut likeness = vec![0f32; hits.len()];
    for t in taken {
        let (st, wt) = (shingles_of(t), wording_of(t));
        for i in 0..hits.len() {
            likeness[i] = likeness[i].max(alike(&shingles[i], &wording[i], &st, &wt));
        }
    }
    let mut done = vec![false; hits.len()];
    let mut order = Vec::with_capacity(hits.len());
    for step in 0..hits.len() {
        let penalty = penalty_at(taken.len() + step);
        let next = (0..hits.len())
            .filter(|&i| !done[i])
            .max_by(|&a, &b| {
                let va = hits[a].score / best - penalty * likeness[a];
                let vb = hits[b].score / best - penalty * likeness[b];
                va.total_cmp(&vb).then_with(|| b.cmp(&a))
            })
            .expect("an untaken hit remains");
        done[next] = true;
        order.push((next, hits[next].score / best - penalty * likeness[next]));
        for i in 0..hits.len() {
            if !done[i] {
                let sim = alike(&shingles[i], &wording[i], &shingles[next], &wording[next]);
                likeness[i] = likeness[i].max(sim);
            }
        }
    }
    // Scores follow the new order: each is its value when taken, never
    // above the one before.
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    let mut ceiling = taken.last().map_or(f32::INFINITY, |h| h.score);
    order
        .into_iter()
        .filter_map(|(i, value)| {
            let mut h = slots[i].take()?;
            ceiling = ceiling.min(value.max(0.0) * best);
            h.score = ceiling;
            Some(h)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(file: &str, text: &str, score: f32) -> Hit {
        Hit {
            matches: super::super::snippet::find_all(text, &["联系群众"]),
            ..Hit::unlabelled(file.into(), 1, text.into(), score)
        }
    }

    #[test]
    fn the_penalty_grows_with_the_place_up_to_its_full_weight() {
        assert_eq!(penalty_at(0), 0.0);
        assert!(penalty_at(1) < penalty_at(10));
        assert_eq!(penalty_at(DIVERSITY_RAMP as usize), DIVERSITY_PENALTY);
        assert_eq!(penalty_at(1000), DIVERSITY_PENALTY);
    }

    #[test]
    fn first_places_keep_the_score_order_and_later_ones_give_way_to_other_wordings() {
        let same = "人大代表要密切联系群众，倾听群众呼声。";
        let other = "代表们走进选区接待选民，把民意带到会上。";
        // Near the top, a second copy of one wording keeps its place above
        // a different wording scored a little lower.
        let hits = vec![
            hit("a.txt", same, 1.0),
            hit("b.txt", same, 0.99),
            hit("c.txt", other, 0.95),
        ];
        let order: Vec<String> = diversify(hits, &["联系群众".into()])
            .into_iter()
            .map(|h| h.file)
            .collect();
        assert_eq!(order, ["a.txt", "b.txt", "c.txt"]);
        // Far down the list, the same two give way to the other wording.
        let taken: Vec<Hit> = (0..30)
            .map(|i| hit(&format!("t{i}.txt"), other, 2.0))
            .collect();
        let later = vec![
            hit("x.txt", other, 0.98),
            hit("y.txt", "要坚持走群众路线，了解社情民意。", 0.95),
        ];
        let order: Vec<String> = diversify_after(&taken, later, &[], 2.0)
            .into_iter()
            .map(|h| h.file)
            .collect();
        assert_eq!(order, ["y.txt", "x.txt"]);
    }
}
