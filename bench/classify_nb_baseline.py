# Word-count multinomial naive Bayes on owner/name + description (+ README
# words with --readmes), 10-fold CV: the independent baseline of
# docs/classify.md. Pure Python, no third-party modules.
#
#   python3 bench/classify_nb_baseline.py [CSV] [--readmes JSONL]... [--readme-only] [--shuffles N]
#
# --readmes adds every word of each repo's README (the raw text, markup
# and all); --readme-only keeps the labelled repos that have one (as
# `classify --evaluate --readme-only`); --shuffles N repeats the 10-fold CV
# over N fold shuffles and prints each and the mean. Without options it
# prints the historical single-shuffle figure.
import argparse, collections, csv, json, math, random, re

ap = argparse.ArgumentParser()
ap.add_argument('csv', nargs='?', default='../shared/data/llama-police-2024-11-05.csv')
ap.add_argument('--readmes', action='append', default=[])
ap.add_argument('--readme-only', action='store_true')
ap.add_argument('--shuffles', type=int, default=1)
a = ap.parse_args()

rows = list(csv.DictReader(open(a.csv, encoding='utf-8-sig')))
readme = {}
for path in a.readmes:
    for line in open(path, encoding='utf-8'):
        if line.strip():
            j = json.loads(line)
            readme[j['repo'].lower()] = j.get('readme') or ''
if a.readme_only:
    rows = [r for r in rows if readme.get(r['repo'].lower())]


def toks(r):
    text = r['repo'].replace('/', ' ') + ' ' + r['description'] + ' ' + readme.get(r['repo'].lower(), '')
    return re.findall(r'[a-z0-9]+', text.lower())


T = [toks(r) for r in rows]
K = 10
res = []
for shuffle in range(a.shuffles):
    random.seed(1 + shuffle)
    idx = list(range(len(rows)))
    random.shuffle(idx)
    okl = okj = 0
    for f in range(K):
        test = set(idx[f::K])
        cnt = collections.defaultdict(collections.Counter)
        tot = collections.Counter()
        prior = collections.Counter()
        V = set()
        for i in range(len(rows)):
            if i in test:
                continue
            y = (rows[i]['category'], rows[i]['subcat'])
            prior[y] += 1
            for t in T[i]:
                cnt[y][t] += 1
                tot[y] += 1
                V.add(t)
        for i in test:
            r = rows[i]
            best = max(prior, key=lambda y: math.log(prior[y]) + sum(
                math.log((cnt[y][t] + 1) / (tot[y] + len(V))) for t in T[i] if t in V))
            okl += best[0] == r['category']
            okj += best == (r['category'], r['subcat'])
    res.append((okl / len(rows), okj / len(rows)))
    if a.shuffles > 1:
        print('shuffle %d: layer %.3f layer+subcat %.3f' % (shuffle + 1, res[-1][0], res[-1][1]))
what = 'name+description' + ('+README' if a.readmes else '')
print('NB baseline (%s, %d repos) layer %.3f layer+subcat %.3f' %
      (what, len(rows), sum(x[0] for x in res) / len(res), sum(x[1] for x in res) / len(res)))
