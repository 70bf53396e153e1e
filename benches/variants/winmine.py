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
