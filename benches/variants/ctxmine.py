"""The sentences that hold a frame: a theme's left and right context with a short span between (used by fanout.py)."""
import bisect, collections, re, time
import corpus
PUNCT = set('，。！？；：（）()【】《》,.:;!?\n' + corpus.BOS + corpus.EOS)

class CtxIndex:
    def __init__(self, sents, sfiles):
        self.sents, self.sfiles = sents, sfiles
        parts, starts, pos = [], [], 0
        for s in sents:
            p = corpus.BOS + s + corpus.EOS
            starts.append(pos); parts.append(p); pos += len(p) + 1
        self.S = '\n'.join(parts); self.starts = starts
    def sid(self, off):
        return bisect.bisect_right(self.starts, off) - 1
