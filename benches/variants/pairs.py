"""Index-time pass: every pair of near-copy sentences (3-gram MinHash LSH, Jaccard >= 0.5, different files) that differs in one span gives a variant pair; frames whose slot takes more than 3 fillers (templates) are dropped."""
import time, collections, random, json, sys
import corpus, lsh, align
EDGE = set('的了和及与、或并对在将')
t0 = time.time()
s, sf, names = corpus.load()
pairs, ncand = lsh.near_pairs(s, sf, thr=0.5)
t2 = time.time()
recs = []
frame_fill = collections.defaultdict(set)
for a, b, j in pairs:
    A, B, regs = align.regions(s[a], s[b])
    regs = [r for r in regs if not align.trivial(A[r[0]:r[1]], B[r[2]:r[3]])]
    if len(regs) != 1: continue
    x, y = align.snap(A, B, regs[0])
    if x == y or not x or not y or len(x) > 12 or len(y) > 12: continue
    if align.bad_variant(x) or align.bad_variant(y): continue
    if x[0] in EDGE or y[0] in EDGE or x[-1] in EDGE or y[-1] in EDGE: continue
    # frame = 4 chars either side of x in A (equal in B by construction)
    ia = A.find(x); fr = (A[max(0, ia-4):ia], A[ia+len(x):ia+len(x)+4])
    frame_fill[fr].update((x, y))
    recs.append((x, y, a, b, j, fr))
# fan-out also counts fillers of the same frame anywhere in the corpus (cheap via string search)
import fanout
F = fanout.Fanout(s, sf)
table = collections.defaultdict(list)
for x, y, a, b, j, fr in recs:
    fan = max(len(frame_fill[fr]), len(F.fillers(fr[0], fr[1], 16)) if len(fr[0]) >= 2 and len(fr[1]) >= 2 else 0)
    table[tuple(sorted((x, y)))].append((a, b, round(j, 2), fan))
t3 = time.time()
keep = {k: v for k, v in table.items() if min(h[3] for h in v) <= 3}
print(f'total {t3-t0:.1f}s (lsh+diff+fanout)  variant pairs {len(table)}  after fanout<=3: {len(keep)}')
sup = collections.Counter({k: len(v) for k, v in keep.items()})
print(sup.most_common(40))
random.seed(11)
samp = []
for k in random.sample(sorted(keep), 30):
    a, b, j, fan = keep[k][0]
    samp.append(dict(x=k[0], y=k[1], n=len(keep[k]), j=j, fan=fan, A=s[a], B=s[b]))
json.dump(samp, open('pairs-sample.json', 'w'), ensure_ascii=False, indent=1)
json.dump(sorted(([k[0], k[1], len(v)] for k, v in keep.items()), key=lambda r: -r[2]), open('pairs.json', 'w'), ensure_ascii=False)
for i, r in enumerate(samp):
    print(i, '|', r['x'], '<->', r['y'], 'n=', r['n'], 'fan=', r['fan']); print('   A:', r['A'][:90]); print('   B:', r['B'][:90])
