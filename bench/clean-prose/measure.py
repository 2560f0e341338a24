#!/usr/bin/env python3
"""How much does emend change text that needs no change?

Usage: measure.py DIR [EMEND_BIN] [--show N] [--rule NAME] [--opt ARG]... [--jobs N]

Runs `EMEND_BIN clean -` on every DIR/*.txt (clean prose, from build.sh) and
counts what it changes: pages changed (output differs from input), changes
per rule and per 100 000 characters, the pages with the most changes, and
the pages emend rejects (non-zero exit, or no answer in 120 s).  The change
records, with their rule, come from `EMEND_BIN diff -` (`emend clean` has no
--json); a binary without `diff` is measured by a line diff of input and
output instead, every change then counted under the rule `?`.
--show N prints N example changes spread over the rules (or over one rule
with --rule), each with 15 characters of context either side.
"""

import argparse
import collections
import concurrent.futures as cf
import difflib
import os
import re
import subprocess
import sys

CONTEXT = 15
VISIBLE = {"␣": " ", "⏎": "\n", "␌": "\f", "⇥": "\t", "␍": "\r"}
HEAD = re.compile(r"^<stdin>:(\d+):(\d+) (\S+) (\S+)(: moved (\d+) characters.*)?$")


def run(cmd, text):
    try:
        r = subprocess.run(cmd, input=text.encode(), capture_output=True, timeout=120,
                           env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        return None, "", "timeout"
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def unvisible(s):
    return "".join(VISIBLE.get(c, c) for c in s)


def parse_diff(out, text):
    """Change records of `emend diff -`: (rule, offset, before, after)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines, changes, i = out.split("\n"), [], 0
    while i < len(lines):
        m = HEAD.match(lines[i])
        i += 1
        if not m:
            continue
        line, col, code, rule = int(m[1]), int(m[2]), m[3], m[4]
        at = starts[line - 1] + col - 1
        if m[5]:  # a move: a preview line follows
            changes.append((f"{code} {rule}", at, f"<moved {m[6]} characters>", ""))
            i += 1
            continue
        old, new = unvisible(lines[i][4:]), unvisible(lines[i + 1][4:])
        i += 2
        # Trim the shared context: what is left is the change itself.
        p = len(os.path.commonprefix([old, new]))
        s = len(os.path.commonprefix([old[p:][::-1], new[p:][::-1]]))
        left = min(8, at)  # emend shows 8 characters either side
        changes.append((f"{code} {rule}", at - left + p, old[p:len(old) - s], new[p:len(new) - s]))
    return changes


def line_diff(text, out):
    """Fallback without `emend diff`: one change per differing hunk of lines."""
    a, b = text.splitlines(True), out.splitlines(True)
    offs = [0]
    for l in a:
        offs.append(offs[-1] + len(l))
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
            p = len(os.path.commonprefix([old, new]))
            s = len(os.path.commonprefix([old[p:][::-1], new[p:][::-1]]))
            changes.append(("?", offs[i1] + p, old[p:len(old) - s], new[p:len(new) - s]))
    return changes


def measure(path, emend, has_diff, opts=()):
    text = open(path, encoding="utf-8").read()
    rc, out, err = run([emend, "clean", *opts, "-"], text)
    if rc != 0:
        return text, None, (err.strip().split("\n") or ["?"])[-1] or f"exit {rc}", []
    if not has_diff:
        return text, out != text, None, line_diff(text, out)
    drc, dout, derr = run([emend, "diff", *opts, "-"], text)
    if drc != 0:
        return text, out != text, f"diff failed: {derr.strip()[-200:]}", line_diff(text, out)
    return text, out != text, None, parse_diff(dout, text)


def show(text, at, before, after):
    """`…context[before → after]context…`; ␣ and ⏎ mark a changed space and newline."""
    vis = lambda s: s.replace("\n", "⏎")  # noqa: E731
    mark = lambda s: vis(s).replace(" ", "␣")  # noqa: E731
    end = at + len(before) if text[at:at + len(before)] == before else at
    return (f"…{vis(text[max(0, at - CONTEXT):at])}[{mark(before)} → {mark(after)}]"
            f"{vis(text[end:end + CONTEXT])}…")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("emend", nargs="?", default=os.path.join(repo, "target/release/emend"))
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N example changes")
    ap.add_argument("--rule", help="examples of this rule only (name or code)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--opt", action="append", default=[], metavar="ARG",
                    help="pass ARG to emend clean/diff (repeatable), e.g. --opt=--no-normalize=punct-width")
    a = ap.parse_args()

    has_diff = subprocess.run([a.emend, "diff", "--help"], capture_output=True).returncode == 0
    # `emend rules`: CODE name stage kind description -> "CODE name": kind
    r = subprocess.run([a.emend, "rules"], capture_output=True, text=True)
    kind = {" ".join(w[:2]): w[3] for w in map(str.split, r.stdout.splitlines()) if len(w) > 3}
    files = sorted(f for f in os.listdir(a.dir) if f.endswith(".txt"))
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(lambda f: measure(os.path.join(a.dir, f), a.emend, has_diff, a.opt),
                              files))

    total = sum(len(t) for t, *_ in results)
    per100k = lambda n: 1e5 * n / total if total else 0  # noqa: E731
    rejected = [(f, err) for f, (_, changed, err, _) in zip(files, results) if changed is None]
    warnings = [(f, err) for f, (_, changed, err, _) in zip(files, results) if changed is not None and err]
    changed = sum(1 for _, c, *_ in results if c)
    by_rule = collections.Counter(ch[0] for *_, chs in results for ch in chs)
    n = sum(by_rule.values())

    print(f"emend:          {' '.join([a.emend, 'clean', *a.opt, '-'])} "
          f"({'records from emend diff' if has_diff else 'line diff'})")
    print(f"pages:          {len(files)}")
    print(f"characters:     {total}")
    print(f"pages changed:  {changed} ({100 * changed / max(1, len(files)):.1f} %)")
    print(f"pages rejected: {len(rejected)}")
    print(f"changes:        {n} ({per100k(n):.1f} per 100 000 characters)")
    by_kind = collections.Counter()
    for rule, k in by_rule.items():
        by_kind[kind.get(rule, "?")] += k
    for k, m in by_kind.most_common():
        print(f"  {k + ':':<14}{m} ({per100k(m):.1f} per 100 000 characters)")
    print(f"\n{'changes':>8} {'/100k':>8} {'pages':>6}  rule")
    for rule, k in by_rule.most_common():
        pages = sum(1 for *_, chs in results if any(ch[0] == rule for ch in chs))
        print(f"{k:>8} {per100k(k):>8.2f} {pages:>6}  {rule} ({kind.get(rule, '?')})")
    print(f"\n20 pages with most changes:\n{'changes':>8} {'chars':>8}  page: rules")
    top = sorted(zip(files, results), key=lambda x: -len(x[1][3]))[:20]
    for f, (text, _, _, chs) in top:
        if chs:
            rules = collections.Counter(ch[0].split()[-1] for ch in chs).most_common(3)
            print(f"{len(chs):>8} {len(text):>8}  {f}: " + ", ".join(f"{r} {k}" for r, k in rules))
    for title, rows in [("rejected", rejected), ("diff failed", warnings)]:
        if rows:
            print(f"\n{title}:")
            for f, err in rows:
                print(f"  {f}: {err}")

    if a.show:
        want = a.rule
        pool = collections.defaultdict(list)
        for f, (text, _, _, chs) in zip(files, results):
            for ch in chs:
                if not want or want in ch[0].split():
                    pool[ch[0]].append((f, text, ch))
        # Share N among the rules (round-robin), evenly spaced within each rule.
        rules = sorted(pool, key=lambda r: -len(pool[r]))
        quota = dict.fromkeys(rules, 0)
        while sum(quota.values()) < min(a.show, sum(map(len, pool.values()))):
            for r in rules:
                if quota[r] < len(pool[r]) and sum(quota.values()) < a.show:
                    quota[r] += 1
        picks = [pool[r][i * len(pool[r]) // quota[r]] for r in rules for i in range(quota[r])]
        print(f"\n{len(picks)} example changes:")
        for f, text, (rule, at, before, after) in picks:
            print(f"  {rule:<24} {f}\n      {show(text, at, before, after)}")


if __name__ == "__main__":
    main()
