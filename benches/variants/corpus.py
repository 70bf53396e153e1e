"""The corpus as distinct sentences (split on 。！？；and line ends, 12-200 characters)."""
import glob, os, re, collections

# The shared corpus: $RENDA_CORPUS, or ../shared/corpus beside the repository.
ROOT = os.environ.get('RENDA_CORPUS') or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'corpus')
SPLIT = re.compile(r'[。！？；!?;\n]')
BOS, EOS = '\x02', '\x03'
def load(minlen=12, maxlen=200):
    files = sorted(glob.glob(os.path.join(ROOT, 'real', '*.txt'))) + sorted(glob.glob(os.path.join(ROOT, 'seeds', '*')))
    files = [f for f in files if not f.endswith('MANIFEST.tsv') and not f.endswith('.md')]
    if not files:
        raise SystemExit(f'no texts in {ROOT}/real or {ROOT}/seeds: set RENDA_CORPUS to the shared corpus')
    text2files = collections.OrderedDict()
    for fi, f in enumerate(files):
        t = open(f, encoding='utf-8').read()
        for s in SPLIT.split(t):
            s = s.strip()
            if minlen <= len(s) <= maxlen:
                text2files.setdefault(s, set()).add(fi)
    sents = list(text2files.keys())
    sfiles = [text2files[s] for s in sents]
    names = [os.path.basename(f) for f in files]
    return sents, sfiles, names
