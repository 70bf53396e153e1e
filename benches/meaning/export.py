# The vectors of a trained model as text: one word a line, then its numbers.
import sys
from gensim.models import Word2Vec
m = Word2Vec.load(sys.argv[1])
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    for w in m.wv.index_to_key:
        f.write(w + ' ' + ' '.join('%.4f' % x for x in m.wv[w]) + '\n')
print(len(m.wv))
