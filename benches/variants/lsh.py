"""Near-copy sentence pairs: 3-gram MinHash LSH, Jaccard checked exactly."""
import numpy as np, collections, itertools, time, zlib
P = (1 << 61) - 1
def shingles(s, k=3):
    return {s[i:i+k] for i in range(max(1, len(s) - k + 1))}
def near_pairs(sents, sfiles, nperm=128, bands=32, thr=0.5, maxbucket=300, seed=1):
    rows = nperm // bands
    rng = np.random.default_rng(seed)
    A = rng.integers(1, 1 << 31, nperm, dtype=np.uint64); B = rng.integers(0, 1 << 31, nperm, dtype=np.uint64)
    sh = [shingles(s) for s in sents]
    lens = np.array([len(x) for x in sh]); offs = np.concatenate([[0], np.cumsum(lens)[:-1]])
    H = np.fromiter((zlib.crc32(g.encode()) for x in sh for g in x), dtype=np.uint64, count=int(lens.sum()))
    sig = np.empty((len(sents), nperm), dtype=np.uint64)
    for k in range(nperm):
        v = (A[k] * H + B[k]) & np.uint64((1 << 32) - 1)  # 32-bit universal-ish hash
        sig[:, k] = np.minimum.reduceat(v, offs)
    cand = set()
    for bnd in range(bands):
        buckets = collections.defaultdict(list)
        keys = sig[:, bnd*rows:(bnd+1)*rows]
        for i, key in enumerate(map(bytes, keys)):
            buckets[key].append(i)
        for lst in buckets.values():
            if 1 < len(lst) <= maxbucket:
                for a, b in itertools.combinations(lst, 2): cand.add((a, b))
    out = []
    for a, b in cand:
        if sfiles[a] == sfiles[b] and len(sfiles[a]) == 1: continue  # same single file
        ja = len(sh[a] & sh[b]) / len(sh[a] | sh[b])
        if ja >= thr: out.append((a, b, ja))
    return out, len(cand)
