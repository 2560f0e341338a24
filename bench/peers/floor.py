#!/usr/bin/env python3
"""The floor: a two-regex baseline that any line-break repair must beat.

Joins a line break between two Chinese characters (or Chinese punctuation
that may sit there), and drops spaces between them.  Nothing else: no
decision from evidence, no paragraph detection, no punctuation width.
stdin -> stdout, UTF-8.  These five lines are the baseline verbatim; do not
"improve" them, or the column no longer measures the same floor.
"""
import re
import sys

t = sys.stdin.buffer.read().decode("utf-8")
H = r'\u3400-\u9fff\uf900-\ufaff'
t = re.sub(rf'(?<=[{H}，、；：（“‘《])[ \t]*\n(?=[ \t]*[{H}，、；：）”’》。])', '', t)
t = re.sub(rf'(?<=[{H}，。、；：！？）”》]) +(?=[{H}，。、；：！？（“《])', '', t)
sys.stdout.buffer.write(t.encode("utf-8"))
