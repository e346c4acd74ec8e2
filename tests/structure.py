#!/usr/bin/env python3
"""structure.py SUBSYSTEMS.TSV SOURCE_DIR: the library's structure rules,
checked on the compiled objects (nm) and the headers:

1. naming: a global symbol of subsystem S starts with sw_<p>_ (public,
   declared in include/stackwatch/S.h) or <p>_ (internal, declared in
   lib/S/S_int.h), p one of S's prefixes (lib/S/CMakeLists.txt); a public
   header declares only its own sw_<p>_ functions;
2. dependencies: S uses symbols of another subsystem only when S depends on
   it (directly or through its dependencies), so the core never reaches up;
3. no cycles: no two files of the library use each other's symbols, through
   any chain (a file-level cycle is one file split in two);
4. front ends: cli/*.c include only public headers and the CLI's own.

Prints every violation, one a line; exit 1 if any."""
import os
import re
import subprocess
import sys


def nm(obj, flag):
    out = subprocess.run(["nm", flag, obj], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if flag == "-u" and len(parts) == 2:
            syms.append(parts[1])
        elif flag != "-u" and len(parts) == 3 and parts[1] in "TDBRC" and not parts[2].startswith("__"):
            syms.append(parts[2])  # "__...": the compiler's own (sanitizer instrumentation)
    return syms


def declared(path):
    try:
        with open(path, encoding="utf-8") as f:
            return set(re.findall(r"\b([A-Za-z_]\w*)\b", f.read()))
    except FileNotFoundError:
        return set()


def header_functions(path):
    """Names of functions declared at column 0 of a header."""
    names = []
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        return names
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for m in re.finditer(r"^(?![#}\s])[A-Za-z_][\w\s\*]*?\b([A-Za-z_]\w*)\s*\(", text, re.M):
        if not m.group(0).startswith(("typedef", "struct", "enum")) or "(" in m.group(0):
            if not re.match(r"^(typedef|struct \w+ \{|enum \w+ \{)", m.group(0)):
                names.append(m.group(1))
    return names


def main():
    tsv, src = sys.argv[1], sys.argv[2]
    subs = {}
    for line in open(tsv, encoding="utf-8"):
        if not line.strip():
            continue
        name, prefixes, deps, objs = line.rstrip("\n").split("\t")
        subs[name] = {"prefixes": prefixes.split(), "deps": deps.split(),
                      "objs": [o for o in objs.split("|") if o]}
    bad = []
    owner = {}    # symbol -> (subsystem, file)
    uses = {}     # file -> undefined symbols
    for s, d in subs.items():
        for o in d["objs"]:
            f = os.path.basename(o)[:-2] if o.endswith(".o") else o
            rel = "lib/%s/%s" % (s, f) if not f.startswith("sw_embedded") else "(generated) " + f
            for sym in nm(o, "-g"):
                owner[sym] = (s, rel)
            uses[(s, rel)] = nm(o, "-u")

    # 1. naming
    for s, d in subs.items():
        pub = declared(os.path.join(src, "include/stackwatch/%s.h" % s))
        priv = declared(os.path.join(src, "lib/%s/%s_int.h" % (s, s)))
        for sym, (t, rel) in owner.items():
            if t != s:
                continue
            if sym.startswith("sw_"):
                if not any(sym.startswith("sw_%s_" % p) for p in d["prefixes"]):
                    bad.append("naming: %s: public %s lacks a prefix of %s (sw_%s_...)" % (rel, sym, s, "_|sw_".join(d["prefixes"])))
                elif sym not in pub:
                    bad.append("naming: %s: %s is public (sw_) but not declared in include/stackwatch/%s.h" % (rel, sym, s))
            else:
                if not any(sym.startswith("%s_" % p) for p in d["prefixes"]):
                    bad.append("naming: %s: internal %s lacks a prefix of %s (%s_...)" % (rel, sym, s, "_|".join(d["prefixes"])))
                elif sym not in priv:
                    bad.append("naming: %s: internal %s is not declared in lib/%s/%s_int.h" % (rel, sym, s, s))
        for fn in header_functions(os.path.join(src, "include/stackwatch/%s.h" % s)):
            if not any(fn.startswith("sw_%s_" % p) for p in d["prefixes"]):
                bad.append("naming: include/stackwatch/%s.h declares %s, not sw_<%s>_..." % (s, fn, "|".join(d["prefixes"])))

    # 2. dependencies (transitive closure of each subsystem's deps)
    def closure(s, seen=None):
        seen = seen if seen is not None else set()
        for t in subs[s]["deps"]:
            if t in subs and t not in seen:
                seen.add(t)
                closure(t, seen)
        return seen
    for (s, rel), und in uses.items():
        allowed = closure(s) | {s}
        for sym in und:
            if sym in owner and owner[sym][0] not in allowed:
                bad.append("dependency: %s uses %s of %s, which %s does not depend on" % (rel, sym, owner[sym][0], s))

    # 3. file-level cycles (Tarjan's strongly connected components)
    graph = {f: set() for f in uses}
    for f, und in uses.items():
        for sym in und:
            if sym in owner and owner[sym] != f:
                graph[f].add(owner[sym])
    index, low, stack, on, comps = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)
    for v in sorted(graph):
        if v not in index:
            strong(v)
    for comp in comps:
        names = sorted(rel for _, rel in comp)
        detail = []
        for a in comp:
            for b in comp:
                if a != b:
                    syms = sorted(x for x in uses[a] if owner.get(x) == b)
                    if syms:
                        detail.append("%s -> %s (%s)" % (a[1], b[1], ", ".join(syms[:3])))
        bad.append("cycle: %s: %s" % (" <-> ".join(names), "; ".join(detail)))

    # 4. front ends use public headers only
    cli = os.path.join(src, "cli")
    for f in sorted(os.listdir(cli)):
        if f.endswith((".c", ".h")):
            for inc in re.findall(r'#include "([^"]+)"', open(os.path.join(cli, f), encoding="utf-8").read()):
                if not (inc.startswith("stackwatch/") or "/" not in inc and os.path.exists(os.path.join(cli, inc))):
                    bad.append("front end: cli/%s includes %s (public headers only)" % (f, inc))

    for b in bad:
        print(b)
    n = sum(len(d["objs"]) for d in subs.values())
    print("structure: %d subsystems, %d objects, %d symbols: %s" % (len(subs), n, len(owner), "%d problem(s)" % len(bad) if bad else "ok"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
