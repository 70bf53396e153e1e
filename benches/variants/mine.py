"""Variants of each development theme at search time: near-copies of the window around it, the span aligned with it, filtered and ranked (writes variants.json)."""
import collections, math, time, json, sys
import corpus, align, winmine
from align import pad, PAD
EDGE = set('的了和及与、或并对在将，')
GENERIC = set('工作建设管理情况的和及与等对于进行加强推进开展有关方面问题制度体系')
def content_chars(x): return {c for c in x if c not in GENERIC and c not in align.NUMCH}

FAN = None
import re
NAME_SUFFIX = re.compile(r'^(法|委员会|工作委员会|工作机构|工作部门|部门|条例|办法|规定|局|厅|司)')
def mine_theme(idx, T, W=16, k=3, minsim=0.6, mingr=0.3, maxcand=400):
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
                if len(lst) > 5000: continue
                cnt.update(lst)
            need = max(3, mingr * len(grams))
            for b, c in cnt.most_common(maxcand):
                if c < need: break
                if b == a or (idx.sfiles[a] == idx.sfiles[b] and len(idx.sfiles[a]) == 1): continue
                bs = idx.sents[b]
                for X, ia, ib, la, ra in align.map_theme(s, bs, T, k=k):
                    if ia + PAD != i or (a, b, X) in seen: continue
                    seen.add((a, b, X))
                    # anchors: both real >=3, or a sentence boundary on one side with >=5 real on the other and short X
                    if la == -1 or ra == -1:
                        other = ra if la == -1 else la
                        if other < 5 or len(X) > len(T) + 2: continue
                    B = pad(bs)
                    bw = B[max(0, ib + PAD - W - 4): ib + PAD + len(X) + W + 4]
                    sim = winmine.win_sim(aw, bw, t0, t1)
                    if sim < minsim: continue
                    lst_a = s[ia-1:ia] == '、' or s[ia+len(T):ia+len(T)+1] == '、'
                    lst_b = bs[ib-1:ib] == '、' or bs[ib+len(X):ib+len(X)+1] == '、'
                    after = s[ia+len(T):ia+len(T)+4]
                    if NAME_SUFFIX.match(after): continue            # T used inside a proper name (XX法, XX委员会): slot siblings
                    hits.append(dict(a=a, b=b, X=X, sim=round(sim, 2), la=la, ra=ra, listslot=lst_a or lst_b, fan=FAN.fan(s, ia, T) if FAN else 0))
            i = P.find(T, i + 1)
    return ns, hits

def score(idx, T, hits, maxlen=None):
    maxlen = maxlen or max(2 * len(T) + 2, 8)
    groups = collections.defaultdict(list)
    for h in hits:
        why = align.bad_variant(h['X'], T)
        X = h['X']
        if why or len(X) > maxlen: continue
        if X[0] in EDGE or X[-1] in EDGE: continue          # partial-word spans from char alignment
        if X in T and len(X) <= 2: continue                  # too-short truncations (检查, 环境)
        groups[h['X']].append(h)
    ct = content_chars(T)
    rows = []
    for X, hs in groups.items():
        pairs = {(min(h['a'], h['b']), max(h['a'], h['b'])) for h in hs}
        files = set().union(*(idx.sfiles[h['b']] for h in hs))
        cooc = 0 if (X in T or T in X) else sum(1 for s in idx.sents if T in s and X in s)
        ov = len(content_chars(X) & ct) / max(1, len(ct))
        listslot = sum(h['listslot'] for h in hs) / len(hs)
        msim = max(h['sim'] for h in hs)
        sc = math.log2(1 + len(pairs)) + 0.5 * math.log2(len(files) + 1) + msim + 1.5 * ov - 1.0 * (cooc > 0) - 1.5 * listslot - 0.5 * ('、' in X)
        spec = max(1.0 / max(1, h['fan'] - 1) for h in hs)   # frame specificity: 1 = only T and X fill the frame
        sc += 0.5 * spec
        best = max(hs, key=lambda h: (1.0 / max(1, h['fan'] - 1), h['sim']))
        rows.append(dict(X=X, gate=bool(ov > 0 or len(pairs) >= 3), pairs=len(pairs), files=len(files), msim=msim, ov=round(ov, 2), cooc=cooc, listslot=round(listslot, 2),
                         score=round(sc, 2), spec=round(spec, 2), fan=min(h['fan'] for h in hs), exA=idx.sents[best['a']], exB=idx.sents[best['b']]))
    rows.sort(key=lambda r: (-r['gate'], -r['score']))
    return rows

if __name__ == '__main__':
    import os
    tsv = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'relevance', 'themes.tsv')
    THEMES = [l.split('\t')[1] for l in open(tsv, encoding='utf-8')
              if not l.startswith('#') and l.rstrip('\n').split('\t')[-1] == 'dev']
    s, sf, names = corpus.load()
    t = time.time(); idx = winmine.GramIndex(s, sf); import fanout; FAN = fanout.Fanout(s, sf); tidx = time.time() - t
    out = {'index_build_s': round(tidx, 2), 'themes': {}}
    for T in THEMES:
        t = time.time(); ns, hits = mine_theme(idx, T); rows = score(idx, T, hits); dt = time.time() - t
        out['themes'][T] = dict(nsent=ns, nhits=len(hits), secs=round(dt, 3), rows=rows[:10], ncand=len(rows))
        print(T, ns, len(hits), len(rows), round(dt, 2), [(r['X'], r['pairs'], r['files'], r['fan'], r['score'], 'G' if r['gate'] else '-') for r in rows[:10]], flush=True)
    json.dump(out, open('variants.json', 'w'), ensure_ascii=False, indent=1)
