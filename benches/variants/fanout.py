"""How many fillers the frame around a variant takes in the whole corpus (a template's slot takes many)."""
import re, functools
import ctxmine, align
class Fanout:
    def __init__(self, sents, sfiles):
        self.ci = ctxmine.CtxIndex(sents, sfiles)
        self.cache = {}
    def fillers(self, L, R, maxlen=24):
        key = (L, R)
        if key in self.cache: return self.cache[key]
        S = self.ci.S; out = set(); o = S.find(L)
        while o >= 0:
            xs = o + len(L); win = S[xs:xs + maxlen + len(R)]
            r = win.find(R)
            if r >= 0 and '\n' not in win[:r]: out.add(win[:r])
            o = S.find(L, o + 1)
        self.cache[key] = out
        return out
    def fan(self, a_sent, ia, T, k=4):
        P = align.BOS + a_sent + align.EOS; i = ia + 1; j = i + len(T)
        L = P[max(0, i-k):i]; R = P[j:j+k]
        return len(self.fillers(L, R, maxlen=max(24, 2*len(T)+4)))
