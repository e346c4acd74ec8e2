# Word-count multinomial naive Bayes on owner/name + description, 10-fold CV
# (independent baseline for docs/classify.md).
import csv, re, math, random, collections
rows = list(csv.DictReader(open((__import__('sys').argv[1] if len(__import__('sys').argv) > 1 else '../shared/data/llama-police-2024-11-05.csv'), encoding='utf-8-sig')))
def toks(r): return re.findall(r'[a-z0-9]+', (r['repo'].replace('/', ' ') + ' ' + r['description']).lower())
random.seed(1); idx = list(range(len(rows))); random.shuffle(idx)
K = 10; okl = okj = 0
for f in range(K):
    test = set(idx[f::K]); tr = [rows[i] for i in range(len(rows)) if i not in test]
    cnt = collections.defaultdict(collections.Counter); tot = collections.Counter(); prior = collections.Counter(); V = set()
    for r in tr:
        y = (r['category'], r['subcat']); prior[y] += 1
        for t in toks(r): cnt[y][t] += 1; tot[y] += 1; V.add(t)
    for i in test:
        r = rows[i]
        best = max(prior, key=lambda y: math.log(prior[y]) + sum(math.log((cnt[y][t] + 1) / (tot[y] + len(V))) for t in toks(r) if t in V))
        okl += best[0] == r['category']; okj += best == (r['category'], r['subcat'])
print('NB baseline layer %.3f layer+subcat %.3f' % (okl / len(rows), okj / len(rows)))
