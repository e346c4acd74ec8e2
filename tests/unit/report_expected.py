#!/usr/bin/env python3
"""Independent computation of the report's headline figures over the real
curated CSV (tests/unit/test_report_real.c hard-codes its output).

Run: python3 tests/unit/report_expected.py ../shared/data/llama-police-2024-11-05.csv
It reads the CSV with Python's csv module only: no stackwatch code."""
import csv, sys, collections

def han(s):
    return any(0x4E00 <= ord(c) <= 0x9FFF or 0x3400 <= ord(c) <= 0x4DBF or
               0xF900 <= ord(c) <= 0xFAFF or 0x20000 <= ord(c) <= 0x2FA1F for c in s)

rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
NON_SOFTWARE = {'Tutorials', 'Lists'}
sw = [r for r in rows if r['category'] not in NON_SOFTWARE]
print('repos', len(rows))
print('software_repos', len(sw))
for layer, n in sorted(collections.Counter(r['category'] for r in rows).items()):
    print('layer', repr(layer), n)
acc = collections.defaultdict(lambda: [0, 0])
for r in sw:
    a = acc[r['repo'].split('/')[0].lower()]
    a[0] += 1
    a[1] += int(r['stars'])
print('accounts', len(acc))
top = sorted(acc.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:20]
t_repos = sum(v[0] for _, v in top); t_stars = sum(v[1] for _, v in top)
all_stars = sum(int(r['stars']) for r in sw)
print('top20_repos', t_repos, 'top20_stars', t_stars, 'repo_share %.6f' % (t_repos / len(sw)),
      'star_share %.6f' % (t_stars / all_stars))
print('top1', top[0][0], top[0][1], 'top20', top[19][0], top[19][1])
k1 = [r for r in sw if r['star_1d'] != '']; k7 = [r for r in sw if r['star_7d'] != '']
n1 = sum(1 for r in k1 if int(r['star_1d']) <= 0); n7 = sum(1 for r in k7 if int(r['star_7d']) <= 0)
print('no_gain_1d', n1, len(k1), '%.6f' % (n1 / len(k1)))
print('no_gain_7d', n7, len(k7), '%.6f' % (n7 / len(k7)))
print('chinese_repos', sum(1 for r in rows if han(r['description'])))
devs = set()
for r in sw:
    for d in r['top_devs'].split(','):
        if d.strip():
            devs.add(d.strip().lower())
print('distinct_top_developers', len(devs))
csum = 0
for r in sw:
    c = r['contributors']
    if c:
        csum += int(c.rstrip('+'))
print('contributors_at_least', csum)
x = sorted(v[0] for v in acc.values()); n = len(x)
g = 2 * sum((i + 1) * v for i, v in enumerate(x)) / (n * sum(x)) - (n + 1) / n
print('gini %.6f' % g)

# Growth: software repos by creation month; the 3-month average of new repos
# per month over full months up to 2024-10 (the snapshot is 2024-11-05).
def month(d):
    return int(d[:4]) * 12 + int(d[5:7]) - 1
dated = [r for r in rows if r['created_at'] and not r['created_at'].startswith('1000')]
print('undated', len(rows) - len(dated))
last_full = 2024 * 12 + 10 - 1
def summary(sel):
    new = collections.Counter(month(r['created_at']) for r in sel)
    lo = min(month(r['created_at']) for r in dated)
    best = (-1, None)
    for m in range(lo + 2, last_full + 1):
        avg = (new[m] + new[m - 1] + new[m - 2]) / 3
        if avg > best[0]:
            best = (avg, m)
    recent = (new[last_full] + new[last_full - 1] + new[last_full - 2]) / 3
    last12 = sum(new[m] for m in range(last_full - 11, last_full + 1))
    return best, recent, last12
for name, sel in [('all layers', dated), ('Applications', [r for r in dated if r['category'] == 'Applications'])]:
    (peak, pm), recent, last12 = summary(sel)
    print('growth_summary', name, 'peak %d-%02d' % (pm // 12, pm % 12 + 1), '%.6f' % peak, 'recent %.6f' % recent,
          'new_12m', last12)
cum = sum(1 for r in dated if r['category'] not in NON_SOFTWARE and month(r['created_at']) <= 2023 * 12 + 8)
print('software repos created by 2023-09:', cum)
