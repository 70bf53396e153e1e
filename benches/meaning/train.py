# Skip-gram word vectors over the distinct lines of a folder of texts (see README.md).
import os, re, sys, glob, time, jieba
from gensim.models import Word2Vec
root = sys.argv[1]; out = sys.argv[2]
jieba.setLogLevel(60)
jieba.enable_parallel(2)
t = time.time()
files = [f for f in glob.glob(os.path.join(root, '**', '*'), recursive=True) if os.path.isfile(f)]
lines = []
for f in files:
    try:
        txt = open(f, encoding='utf-8').read()
    except Exception:
        continue
    lines += [l.strip() for l in txt.split('\n') if len(l.strip()) >= 8]
lines = list(dict.fromkeys(lines))
print('lines', len(lines), time.time() - t, flush=True)
cut = jieba.cut('\n'.join(lines), HMM=False)
sents, cur = [], []
keep = re.compile(r'^[\u4e00-\u9fff]{2,}$')
for w in cut:
    if w == '\n':
        if cur: sents.append(cur)
        cur = []
    elif keep.match(w):
        cur.append(w)
if cur: sents.append(cur)
print('sents', len(sents), sum(map(len, sents)), time.time() - t, flush=True)
m = Word2Vec(sents, vector_size=100, window=8, min_count=5, sg=1, negative=10, epochs=4, workers=2, sample=1e-4)
print('vocab', len(m.wv), time.time() - t, flush=True)
m.save(out)
