#!/usr/bin/env python3
"""Independent reference for `stackwatch export series` (used by the
gharchive_*.sh tests and bench/gharchive.sh).

  gharchive_series.py json FILE...   series from hourly files, parsed with
                                     zlib + json.loads (the rules of
                                     docs/gharchive.md, written separately)
  gharchive_series.py truth TRUTH.tsv  series from the generator's truth file
  gharchive_series.py loop FILE...   the "straightforward Python" baseline:
                                     gzip + json.loads of every line
  gharchive_series.py names FILE...  repo_id,name: the newest name of every
                                     repo seen on any kind of event

A repo's name is the one seen at the latest created_at on any event kind
(ties: the larger name), not only on the counted kinds.

Prints the CSV of the export (header + rows sorted by repo, repo id, date)."""
import csv, datetime, gzip, json, sys, zlib
from collections import defaultdict

COLS = ["stars", "forks", "pushes", "commits", "prs_opened", "prs_merged",
        "issues_opened", "releases"]

def lines_of(path):
    data = open(path, "rb").read()
    truncated = False
    if path.endswith(".gz"):
        out = []
        while data:
            d = zlib.decompressobj(31)
            try:
                out.append(d.decompress(data))
            except zlib.error:
                truncated = True
                break
            if not d.eof:
                truncated = True
                break
            data = d.unused_data
        data = b"".join(out)
    parts = data.split(b"\n")
    last = parts.pop()
    if last and not truncated:
        parts.append(last)
    return parts

class Acc:
    def __init__(self):
        self.c = defaultdict(lambda: [0] * 8)
        self.contrib = defaultdict(set)
        self.stargazers = defaultdict(set)
        self.name = {}
        self.seen = set()

    def add(self, eid, rid, name, ts, typ, action, merged, actor, login, size, dsize):
        if eid in self.seen:
            return
        kind = None
        if typ == "WatchEvent" and action in ("started", None, ""):
            kind = 0
        elif typ == "ForkEvent":
            kind = 1
        elif typ == "PushEvent":
            kind = 2
        elif typ == "PullRequestEvent":
            kind = 4 if action == "opened" else 5 if action == "closed" and merged else -1
        elif typ == "IssuesEvent" and action == "opened":
            kind = 6
        elif typ == "ReleaseEvent" and action in ("published", None, ""):
            kind = 7
        if kind is None:
            return
        self.seen.add(eid)
        day = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")
        key = (rid, day)
        row = self.c[key]
        if kind >= 0:
            row[kind] += 1
        if kind == 2:
            row[3] += dsize if dsize is not None and dsize >= 0 else size if size is not None and size >= 0 else 0
        bot = login is not None and login.endswith("[bot]")
        if typ in ("PushEvent", "PullRequestEvent") and not bot:
            self.contrib[key].add(actor)
        if kind == 0 and not bot:
            self.stargazers[key].add(actor)
        self.see(rid, name, ts)

    def see(self, rid, name, ts):
        old = self.name.get(rid)
        if name is not None and (old is None or (ts, name) > old):
            self.name[rid] = (ts, name)

    def csv(self, out):
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["repo", "date"] + COLS + ["contributors", "new_stargazers"])
        rows = []
        for (rid, day), v in self.c.items():
            rows.append((self.name[rid][1], rid, day, v, len(self.contrib[(rid, day)]),
                         len(self.stargazers[(rid, day)])))
        rows.sort(key=lambda r: (r[0].encode(), r[1], r[2]))
        for name, rid, day, v, nc, ns in rows:
            w.writerow([name, day] + v + [nc, ns])

def ts_of(s):
    return int(datetime.datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")
               .replace(tzinfo=datetime.timezone.utc).timestamp())

def main():
    mode, files = sys.argv[1], sys.argv[2:]
    acc = Acc()
    if mode == "loop":
        n = 0
        for f in files:
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    ev = json.loads(line)
                    if ev.get("type") == "WatchEvent":
                        n += 1
        print(n)
        return
    if mode == "truth":
        with open(files[0], newline="") as fh:
            r = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(r)
            for (eid, rid, name, ts, typ, action, merged, actor, login, size, dsize) in r:
                acc.add(int(eid), int(rid), name, int(ts), typ, action, merged == "1", int(actor),
                        login, int(size), int(dsize))
    else:  # json, names
        for f in files:
            for line in lines_of(f):
                if not line.strip():
                    continue
                try:
                    ev = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(ev, dict):
                    continue
                repo = ev.get("repo") or {}
                actor = ev.get("actor") or {}
                p = ev.get("payload") or {}
                if not repo.get("id") or not ev.get("created_at"):
                    continue
                pr = p.get("pull_request") or {}
                acc.see(repo["id"], repo.get("name"), ts_of(ev["created_at"]))
                acc.add(int(ev["id"]), repo["id"], repo.get("name"), ts_of(ev["created_at"]),
                        ev.get("type"), p.get("action"), pr.get("merged") is True,
                        actor.get("id"), actor.get("login"), p.get("size"), p.get("distinct_size"))
    if mode == "names":
        for rid in sorted(acc.name):
            print(f"{rid},{acc.name[rid][1]}")
        return
    acc.csv(sys.stdout)

main()
