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

def mine(idx, T, kmin=4, kmax=8, xmin=2, xmax=None):
    S = idx.S
    xmax = xmax or max(12, len(T) + 6)
    hits = []  # (sid_a, sid_b, X, lctx, rctx)
    nsent = 0
    seen = set()
    for a, s in enumerate(idx.sents):
        if T not in s: continue
        nsent += 1
        ps = corpus.BOS + s + corpus.EOS
        p = ps.find(T)
        while p >= 0:
            q = p + len(T)
            if p >= kmin and len(ps) - q >= kmin:
                L = ps[p - kmin:p]; R = ps[q:q + kmin]
                o = S.find(L)
                while o >= 0:
                    xs = o + kmin
                    win = S[xs:xs + xmax + kmin]
                    r = win.find(R, xmin)
                    if r >= 0:
                        X = win[:r]
                        b = idx.sid(o)
                        if b != a and '\n' not in X and not (idx.sfiles[a] == idx.sfiles[b] and len(idx.sfiles[a]) == 1):
                            # extend contexts to measure match quality
                            bs = S[idx.starts[b]: idx.starts[b] + len(idx.sents[b]) + 2]
                            bo = xs - idx.starts[b]  # X start in bs
                            l = 0
                            while l < kmax and p - l - 1 >= 0 and bo - l - 1 >= 0 and ps[p - l - 1] == bs[bo - l - 1]: l += 1
                            re_ = 0; be = bo + len(X)
                            while re_ < kmax and q + re_ < len(ps) and be + re_ < len(bs) and ps[q + re_] == bs[be + re_]: re_ += 1
                            key = (a, b, X)
                            if key not in seen:
                                seen.add(key); hits.append((a, b, X, l, re_))
                    o = S.find(L, o + 1)
            p = ps.find(T, p + 1)
    return nsent, hits
