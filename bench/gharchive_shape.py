#!/usr/bin/env python3
"""Helpers of bench/gharchive.sh.

  gharchive_shape.py compare SAMPLE FILE...
      the real sample's shape next to generated hours': events, bytes per
      event, gzip ratio (zlib level 6, as GH Archive files and the generator
      use), and per kind its share and mean line size.
  gharchive_shape.py tracked TRUTH.tsv SHARE OUT.csv
      a tracked set for `import` (a CSV with a repo column) holding about
      SHARE of the counted events of the generator's truth file: below 0.5 a
      random slice of repos (by a hash of the name: tracked repos are not the
      busiest ones), else the busiest repos until SHARE is reached. Prints
      the number of repos and the share they hold.
"""
import collections, gzip, hashlib, json, sys, zlib


def shape(paths):
    data = b"".join(gzip.open(p, "rb").read() if p.endswith(".gz") else open(p, "rb").read() for p in paths)
    lines = data.splitlines()
    kinds, size = collections.Counter(), collections.Counter()
    for line in lines:
        t = json.loads(line)["type"]
        kinds[t] += 1
        size[t] += len(line) + 1
    return len(lines), len(data), len(zlib.compress(data, 6)), kinds, size


def compare(sample, files):
    a, b = shape([sample]), shape(files)
    print(f"{'':31}{'real 2021 sample':>24}{'generated':>24}")
    print(f"{'events':31}{a[0]:>24,}{b[0]:>24,}")
    print(f"{'bytes per event':31}{a[1] / a[0]:>24.0f}{b[1] / b[0]:>24.0f}")
    print(f"{'gzip ratio (level 6)':31}{a[1] / a[2]:>24.2f}{b[1] / b[2]:>24.2f}")
    for t, n in a[3].most_common():
        m = b[3][t]
        print(f"{t:31}{100 * n / a[0]:>9.1f}% {a[4][t] / n:>9.0f} B"
              f"{100 * m / b[0]:>9.1f}% {b[4][t] / max(m, 1):>9.0f} B")


def tracked(truth, share, out):
    count = collections.Counter()
    with open(truth, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            count[line.split("\t")[2]] += 1
    total = sum(count.values())
    if share < 0.5:
        pick = [r for r in count if int(hashlib.sha1(r.encode()).hexdigest()[:8], 16) < share * 2**32]
    else:
        pick, held = [], 0
        for r, n in count.most_common():
            if held >= share * total:
                break
            pick.append(r)
            held += n
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("repo\n")
        for r in sorted(pick):
            fh.write(r + "\n")
    print(f"{len(pick)} repos holding {100 * sum(count[r] for r in pick) / total:.1f}% of the counted events")


if __name__ == "__main__":
    if sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3:])
    else:
        tracked(sys.argv[2], float(sys.argv[3]), sys.argv[4])
