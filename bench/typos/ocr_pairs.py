#!/usr/bin/env python3
"""Counts the OCR misreadings the typo generator draws from.

`emend-score typos` injects look-alike typos from this table, which it
builds itself rather than borrowing the detector's: every one-for-one
substitution of a Han character by another that tesseract made on the
training half of bench/corpus (bench/confusions/split.txt; ocr-1col and
ocr-2col against gt.txt), seen once or more. The detector's table
(crates/emend/data/ocr_confusions.tsv) keeps only the pairs seen twice;
the scoring half is never read here.

Writes bench/typos/ocr_pairs.tsv: `meant<TAB>misread<TAB>count`.

Usage: python3 bench/typos/ocr_pairs.py
"""
import importlib.util
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "count", os.path.join(os.path.dirname(HERE), "confusions", "count.py")
)
count = importlib.util.module_from_spec(spec)
spec.loader.exec_module(count)


def main():
    pairs = Counter((meant, misread) for misread, meant in count.training_substitutions())
    rows = sorted(((n, a, b) for (a, b), n in pairs.items()), key=lambda r: (-r[0], r[1], r[2]))
    out = os.path.join(HERE, "ocr_pairs.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Han characters tesseract (chi_sim) misread, counted by\n")
        f.write("# bench/typos/ocr_pairs.py on the training half of bench/corpus\n")
        f.write("# (bench/confusions/split.txt; ocr-1col and ocr-2col against gt.txt).\n")
        f.write("# Derived from GFDL-1.2+ text (Debian manpages-zh, see\n")
        f.write("# bench/corpus/LICENSE.md).\n")
        f.write("# meant\tmisread\tcount\n")
        for n, a, b in rows:
            f.write(f"{a}\t{b}\t{n}\n")
    print(f"{len(rows)} pairs, {sum(r[0] for r in rows)} substitutions -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
