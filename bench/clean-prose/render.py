#!/usr/bin/env python3
"""Render every Simplified-Chinese man page to clean prose, one .txt a page.

Usage: render.py OUT_DIR   (called by build.sh)

Each page is set by `man -l` at a line width of 30 000 columns, with
hyphenation and justification off, so groff never wraps a paragraph: every
filled paragraph comes out as one line.  What groff does to the source's own
line breaks is undone exactly: before rendering, a marker (U+E000) is put at
the end of every text line of the roff source, so the output shows where a
source line ended.  A marker followed by one space between two CJK
characters becomes nothing (groff joined the lines with a space; Chinese
wants none), any other marker is dropped (the join keeps its one space), and
a marker followed by two or more spaces is a tagged paragraph's tag (`-a`)
with its body beside it, so the two become separate lines.  Spaces that the
translators typed inside a source line are kept as written.

The output has one paragraph per line and a blank line between paragraphs:
headings, option tags, synopsis and code lines are each a line of their own;
leading indentation and the page header and footer lines are removed.
Pages of the benchmark corpus (bench/corpus/<sec>-<page>) and symbolic
links (duplicates of other pages) are skipped.
"""

import concurrent.futures as cf
import gzip
import os
import re
import subprocess
import sys
import tempfile

MAN_ROOT = "/usr/share/man/zh_CN"
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
MARK = "\ue000"
ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", MANWIDTH="30000",
           MANROFFOPT="-rHY=0 -dAD=l", MAN_KEEP_FORMATTING="", GROFF_SGR="")


def is_cjk(c):
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F or 0x3000 <= o <= 0x303F
            or 0xFF01 <= o <= 0xFF0F or 0xFF1A <= o <= 0xFF20
            or 0xFF3B <= o <= 0xFF40 or 0xFF5B <= o <= 0xFF65 or c in "“”‘’…—·")


def mark_source(src):
    """Append MARK to every text line of the roff source and to the text of
    man's font macros (.B, .IR, ...); not to continued lines, tables or
    macro definitions."""
    out, skip_until = [], None
    for line in src.split("\n"):
        if skip_until:
            if line.startswith(skip_until):
                skip_until = None
        elif re.match(r"[.']\s*TS\b", line):
            skip_until = ".TE"
        elif re.match(r"[.']\s*(de|am|ig)\b", line):
            skip_until = ".."
        elif re.search(r"(?<!\\)(\\\\)*\\c?$", line):
            pass  # continued on the next line
        elif line and line[0] not in ".'":
            line = line.rstrip(" ") + MARK
        elif re.match(r"[.'](B|I|BR|BI|IB|IR|RB|RI|SM|SB)\s+\S", line):
            # font macros: the mark goes into the last argument
            line = line.rstrip(" ")
            line = line[:-1] + MARK + '"' if line.endswith('"') else line + MARK
        out.append(line)
    return "\n".join(out)


def unmark(line):
    """Undo groff's joins of source lines; split a tag from its body."""
    parts = re.split(MARK + r" {2,}", line)
    out = []
    for p in parts:
        p = re.sub(MARK + r" (?=(.))", lambda m: "" if m.start() > 0 and is_cjk(p[m.start() - 1])
                   and is_cjk(m.group(1)) else " ", p)
        out.append(p.replace(MARK, "").strip())
    return [p for p in out if p]


def render(path):
    src = gzip.open(path).read().decode("utf-8", "replace").replace("\r", "")
    with tempfile.NamedTemporaryFile("w", suffix="." + path.split(".")[-2], encoding="utf-8") as f:
        f.write(mark_source(src))
        f.flush()
        r = subprocess.run(["man", "-l", f.name], env=ENV, capture_output=True)
    text = subprocess.run(["col", "-bx"], input=r.stdout, capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")
    # Change bars at the right margin (Tcl pages: │ at column 30 000) go,
    # and so do horizontal rules drawn across the whole line.
    lines = []
    for l in text.split("\n"):
        body, _, last = l.rstrip().rpartition(" ")
        if len(last) <= 3 and len(body) - len(body.rstrip()) >= 99:
            l = body
        if l.strip() and not re.fullmatch(r"\s*[_─]{20,}\s*", l):
            lines.append(l)
    # man's header (LS(1)  用户命令  LS(1)) and footer (… 2022年9月  LS(1)),
    # spread over the 30 000 columns.
    for i in (0, -1):
        if lines and " " * 50 in lines[i]:
            del lines[i]
    # Runs of spaces that only the width made (boxed tables): two spaces.
    paras = [re.sub(" {50,}", "  ", p) for l in lines for p in unmark(l)]
    return r.returncode, b"ridiculous" in r.stderr, "\n\n".join(paras) + "\n"


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    corpus = {d for d in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, d))}
    jobs, skipped_corpus, skipped_links = [], 0, 0
    for sec in sorted(os.listdir(MAN_ROOT)):
        for f in sorted(os.listdir(os.path.join(MAN_ROOT, sec))):
            path = os.path.join(MAN_ROOT, sec, f)
            name = f"{sec}-{f.removesuffix('.gz')}"
            if os.path.islink(path):
                skipped_links += 1
            elif name in corpus:
                skipped_corpus += 1
            else:
                jobs.append((name, path))
    pages = chars = 0
    with cf.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for (name, _), (rc, lost, text) in zip(jobs, ex.map(lambda j: render(j[1]), jobs)):
            if rc != 0 or lost:
                print(f"warning: {name}: man exit {rc}" + (", characters lost" if lost else ""),
                      file=sys.stderr)
            if text.strip():
                with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8") as f:
                    f.write(text)
                pages += 1
                chars += len(text)
    print(f"{pages} pages, {chars} characters written to {out_dir} "
          f"(skipped {skipped_corpus} benchmark-corpus pages, {skipped_links} symlinks)")


if __name__ == "__main__":
    main()
