"""Sentences near a theme's occurrences: a 3-gram inverted index over the window around it, aligned with difflib."""
import collections, difflib, re, time
import align
from align import pad, PAD, BOS, EOS

class GramIndex:
    def __init__(self, sents, sfiles):
        self.sents, self.sfiles = sents, sfiles
        inv = collections.defaultdict(list)
        for sid, s in enumerate(sents):
            P = pad(s)
            for g in {P[i:i+3] for i in range(len(P) - 2)}:
                inv[g].append(sid)
        self.inv = inv

def win_sim(aw, bs, t0, t1):
    """fraction of chars of aw outside [t0,t1) that are matched in alignment with bs"""
    sm = difflib.SequenceMatcher(None, aw, bs, autojunk=False)
    m = 0
    for ai, bi, n in sm.get_matching_blocks():
        for p in range(ai, ai + n):
            if p < t0 or p >= t1: m += 1
    return m / max(1, len(aw) - (t1 - t0))

def mine(idx, T, W=16, k=3, minsim=0.6, mingr=0.3, maxcand=400):
    hits = []; ns = 0; seen = set()
    for a, s in enumerate(idx.sents):
        if T not in s: continue
        ns += 1
        P = pad(s)
        i = P.find(T)
        while i >= 0:
            j = i + len(T)
            w0, w1 = max(0, i - W), min(len(P), j + W)
            aw = P[w0:w1]; t0, t1 = i - w0, j - w0
            grams = {aw[p:p+3] for p in range(len(aw) - 2) if p + 3 <= t0 or p >= t1}
            cnt = collections.Counter()
            for g in grams:
                lst = idx.inv.get(g, ())
                if len(lst) > 5000: continue  # stop-grams
                cnt.update(lst)
            need = max(3, mingr * len(grams))
            cands = [b for b, c in cnt.most_common(maxcand) if c >= need and b != a]
            for b in cands:
                if idx.sfiles[a] == idx.sfiles[b] and len(idx.sfiles[a]) == 1: continue
                bs = idx.sents[b]
                for X, ia, ib in align.map_theme(s, bs, T, k=k):
                    if ia + PAD != i: continue
                    key = (a, b, X)
                    if key in seen: continue
                    seen.add(key)
                    # local similarity on window
                    B = pad(bs)
                    bw = B[max(0, ib + PAD - W - 4): ib + PAD + len(X) + W + 4]
                    sim = win_sim(aw, bw, t0, t1)
                    if sim >= minsim:
                        hits.append((a, b, X, round(sim, 2)))
            i = P.find(T, i + 1)
    return ns, hits
