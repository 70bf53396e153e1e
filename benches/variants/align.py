"""Aligning two sentences: where the theme stands in the other one, the spans they differ in, and the filters of a variant."""
import difflib, re, functools
import jieba, jieba.posseg as pseg
jieba.setLogLevel(60)
PAD = 3
BOS, EOS = '\x02', '\x03'
def pad(s): return BOS * PAD + s + EOS * PAD

def blocks(a, b):
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sm.get_matching_blocks(), sm

NUMCH = set('0123456789０１２３４５６７８９一二三四五六七八九十百千万零〇两第条款项章节年月日号时分上下午晚早至、，。；：“”‘’（）()《》〔〕[] .-—%％' + BOS + EOS)
def trivial(x, y):
    return all(c in NUMCH for c in x + y)

@functools.lru_cache(maxsize=200000)
def bounds(s):
    b, p = {0}, 0
    for w in jieba.cut(s, HMM=False):
        p += len(w); b.add(p)
    return frozenset(b)

def regions(a, b, mergegap=1):
    """diff regions (a1,a2,b1,b2) of padded a/b, merging regions separated by <= mergegap equal chars."""
    A, B = pad(a), pad(b)
    _, sm = blocks(A, B)
    regs = []
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == 'equal': continue
        if regs and a1 - regs[-1][1] <= mergegap and b1 - regs[-1][3] <= mergegap and a1 - regs[-1][1] == b1 - regs[-1][3]:
            regs[-1] = (regs[-1][0], a2, regs[-1][2], b2)
        else:
            regs.append((a1, a2, b1, b2))
    return A, B, regs

def snap(A, B, r, maxext=4):
    """extend a diff region outward (through equal context) to jieba word boundaries on both sides."""
    a1, a2, b1, b2 = r
    ba, bb = bounds(A), bounds(B)
    e = 0
    while e < maxext and (a1 not in ba or b1 not in bb) and a1 > 0 and b1 > 0 and A[a1-1] == B[b1-1]:
        a1 -= 1; b1 -= 1; e += 1
    e = 0
    while e < maxext and (a2 not in ba or b2 not in bb) and a2 < len(A) and b2 < len(B) and A[a2] == B[b2]:
        a2 += 1; b2 += 1; e += 1
    # insertion/deletion: attach adjacent word so both sides are non-empty
    if a1 == a2 or b1 == b2:
        # prefer the following word
        nxt = min([p for p in ba if p > a2] + [len(A)])
        if nxt - a2 <= 4 and a2 < len(A) - PAD:
            d = nxt - a2; a2 += d; b2 += d
        else:
            prv = max([p for p in ba if p < a1] + [0])
            d = a1 - prv; a1 -= d; b1 -= d
    return A[a1:a2].strip(BOS+EOS), B[b1:b2].strip(BOS+EOS)

PUN = set('，。！？；：（）()【】《》,.:;!?' + BOS + EOS)
NAME_TAGS = {'nr', 'nrt', 'nrfg', 'ns', 'nt', 'm', 'x', 'mq', 't', 'q'}
@functools.lru_cache(maxsize=200000)
def bad_variant(x, T=''):
    xs = x.strip('、“”"‘’ ')
    if len(xs) <= 1: return 'short'
    if any(c in PUN for c in xs): return 'punct'
    if all(c in NUMCH for c in xs): return 'num'
    if T and T in xs: return 'containsT'
    tags = [f for w, f in pseg.lcut(xs)]
    if all(t in NAME_TAGS for t in tags): return 'name/num'
    return None

def map_theme(a, b, T, k=3):
    """Where T of sentence a stands in sentence b: each aligned span with its place in both and the lengths of the equal runs anchoring it (-1: a sentence boundary)."""
    A, B = pad(a), pad(b)
    bl, _ = blocks(A, B)
    out = []
    i = A.find(T)
    while i >= 0:
        j = i + len(T)
        lb = rb = None
        for ai, bi, n in bl:
            if ai <= i - k and i - 1 < ai + n:
                lb = bi + (i - ai); la = i - ai
            if ai <= j and j + k <= ai + n:
                rb = bi + (j - ai); ra = ai + n - j
        if lb is not None and rb is not None and lb <= rb:
            X = B[lb:rb]
            if X != T:
                # real-char anchor lengths
                lreal = sum(1 for c in A[i-la:i] if c not in (BOS, EOS))
                rreal = sum(1 for c in A[j:j+ra] if c not in (BOS, EOS))
                out.append((X, i - PAD, lb - PAD, lreal if lreal else -1, rreal if rreal else -1))
        i = A.find(T, i + 1)
    return out
