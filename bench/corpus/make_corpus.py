#!/usr/bin/env python3
"""Build the emend benchmark corpus from Debian's manpages-zh.

Steps (all deterministic: sorted inputs, fixed seed, single-threaded tools):

1. Render every Simplified-Chinese man page (/usr/share/man/zh_CN) to plain
   text with man/groff at an effectively infinite line length, so that every
   paragraph is one line, and keep the descriptive paragraphs that are mostly
   Chinese.  Pages with enough such text become documents; ``gt.txt`` is the
   ground truth (one paragraph a line, paragraphs separated by a blank line).
2. Typeset each document as printed pages (Pillow, Noto Serif CJK SC, 300 dpi,
   justified paragraphs with a two-character first-line indent, a page number
   at the foot) in one and in two columns, and OCR them with
   ``tesseract -l chi_sim``  ->  ocr-1col, ocr-2col; the one-column pages
   once more with ``-c preserve_interword_spaces=0`` (chi_sim's traineddata
   sets it to 1; at 0 tesseract puts a space between every two Han
   characters)  ->  ocr-nospace; the two-column pages once more with
   ``--psm 6`` (one uniform block of text: tesseract reads each row across
   both columns, left line, gap, right line)  ->  ocr-2col-psm6.
3. Typeset each document as a PDF with real text (WeasyPrint, CSS columns) in
   one and in two columns and extract it with ``pdftotext`` (and
   ``pdftotext -layout`` for the two-column one)
   ->  pdf-1col, pdf-2col, pdf-2col-layout.
4. Typeset each document with XeLaTeX and ctex in two narrow justified
   columns (about 20 Chinese characters a line) and extract it with
   ``pdftotext -raw``  ->  pdf-2col-raw, and with ``pdftotext`` without
   options  ->  pdf-2col-tex.
5. Typeset each document (WeasyPrint) on A5 pages with a running header (the
   man page's NAME line) and a page number in the footer (``3``, ``- 3 -`` or
   ``第 3 页``, chosen per document from a hash of its name), so that headers
   and footers fall inside paragraphs (orphans and widows 1, so a page
   breaks a paragraph wherever it is full); ``pdftotext`` (form feeds between
   pages)  ->  pdf-pages.

Outputs: bench/corpus/<doc>/gt.txt and bench/corpus/<doc>/<variant>.raw.txt,
plus bench/corpus/MANIFEST.json.  Intermediate images and PDFs go to a build
directory that is not committed.  ``--variants a,b`` rebuilds only those
variants' raw files (gt.txt is rewritten, byte-identical; the other raw files
are left alone) and merges their entries into the existing MANIFEST.json.
"""

import argparse
import concurrent.futures as cf
import hashlib
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata

SEED = 5
N_DOCS = 36
MIN_CJK = 800      # CJK characters a document needs
MAX_CJK = 2400     # stop adding paragraphs past this many CJK characters
MIN_PARA_CJK = 20  # a kept paragraph has at least this many CJK characters
MIN_CJK_RATIO = 0.6

MAN_ROOT = "/usr/share/man/zh_CN"
# Pages under other licences than the package's GFDL-1.2+ (see LICENSE.md).
EXCLUDE = {"kill.1", "intro.6", "epoll.7"}

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
FONT_INDEX = 2  # Noto Serif CJK SC
FONT_FAMILY = "Noto Serif CJK SC"

VARIANTS = ["ocr-1col", "ocr-2col", "pdf-1col", "pdf-2col", "pdf-2col-layout",
            "ocr-nospace", "pdf-2col-raw", "pdf-pages", "pdf-2col-tex", "ocr-2col-psm6"]

# --------------------------------------------------------------------------
# character classes


def is_han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


def is_wide_punct(c):
    o = ord(c)
    return (0x3000 <= o <= 0x303F          # CJK symbols and punctuation
            or 0xFF01 <= o <= 0xFF0F or 0xFF1A <= o <= 0xFF20
            or 0xFF3B <= o <= 0xFF40 or 0xFF5B <= o <= 0xFF65
            or c in "“”‘’…—·")


def is_cjk(c):
    return is_han(c) or is_wide_punct(c)


# Punctuation that must not start a line, and that must not end one.
NO_LINE_START = set("，。、；：？！）」』》〉】〕”’…—%,.;:?!)]}")
NO_LINE_END = set("（「『《〈【〔“‘([{")

# --------------------------------------------------------------------------
# 1. ground truth


def render_man(path):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", MANWIDTH="100000",
               MAN_KEEP_FORMATTING="", MANROFFSEQ="")
    out = subprocess.run(["man", "-l", path], env=env, capture_output=True, check=True).stdout
    out = subprocess.run(["col", "-bx"], input=out, env=env, capture_output=True, check=True).stdout
    return out.decode("utf-8", "replace")


def normalise_para(s):
    """Undo what groff's filling does to Chinese text, nothing else.

    groff joins source lines with a space and puts two spaces after a
    sentence end; in Chinese those spaces are artefacts of the roff source's
    line breaks, not part of the text.  So: collapse runs of spaces, drop a
    space that touches full-width punctuation or that sits between two Han
    characters.  Characters themselves are never changed.
    """
    s = re.sub(r"\s+", " ", s.strip())
    out = []
    for i, c in enumerate(s):
        if c == " " and 0 < i < len(s) - 1:
            a, b = s[i - 1], s[i + 1]
            if is_wide_punct(a) or is_wide_punct(b) or (is_han(a) and is_han(b)):
                continue
        out.append(c)
    return "".join(out)


def keep_para(s):
    chars = [c for c in s if not c.isspace()]
    if not chars:
        return False
    n_cjk = sum(1 for c in chars if is_cjk(c))
    if sum(1 for c in chars if is_han(c)) < MIN_PARA_CJK:
        return False
    if n_cjk / len(chars) < MIN_CJK_RATIO:
        return False
    # Characters the page font lacks, control characters and private use.
    for c in s:
        cat = unicodedata.category(c)
        if cat in ("Cc", "Co", "Cs", "Cn"):
            return False
    if is_mojibake(s):
        return False
    return True


def gb2312_level1(c):
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def is_mojibake(s):
    """A few source pages (iptables.8) have paragraphs decoded with the
    wrong charset: '?' between Han characters, U+FFFD, and many rare
    characters.  Real prose here has under 3% Han outside GB2312 level 1."""
    if "\ufffd" in s or re.search(r"[\u4e00-\u9fff]\?[\u4e00-\u9fff]", s):
        return True
    han = [c for c in s if is_han(c)]
    return sum(1 for c in han if not gb2312_level1(c)) > 0.08 * len(han)


def cjk_count(s):
    return sum(1 for c in s if is_cjk(c))


def page_title(text, name):
    """The running header of pdf-pages: the man page's NAME line (the first
    indented line, ``apropos - 搜索手册页名称和描述``); when that is longer
    than 30 characters, its part before `` - `` (``bash``)."""
    for line in text.split("\n"):
        if line.startswith(" ") and line.strip():
            t = re.sub(r"\s+", " ", line.strip())
            if len(t) > 30:
                t = t.split(" - ")[0][:30]
            return t
    return name


def page_paragraphs(text):
    paras = []
    for line in text.split("\n"):
        if not line.startswith(" "):  # headings and the header/footer lines
            continue
        p = normalise_para(line)
        if keep_para(p):
            paras.append(p)
    return paras


def select_documents(n_docs=N_DOCS):
    pages = []
    for sec in sorted(os.listdir(MAN_ROOT)):
        d = os.path.join(MAN_ROOT, sec)
        for f in sorted(os.listdir(d)):
            if not f.endswith(".gz"):
                continue
            name = f[:-3]
            if name in EXCLUDE:
                continue
            pages.append((sec, name, os.path.join(d, f)))
    seen = set()
    candidates = []
    for sec, name, path in pages:
        if os.path.islink(path):
            continue
        text = render_man(path)
        paras = page_paragraphs(text)
        total = sum(cjk_count(p) for p in paras)
        if total < MIN_CJK:
            continue
        key = hashlib.sha256("\n".join(paras).encode()).hexdigest()
        if key in seen:  # the same page under several names (gzip/zcat, vim/vi)
            continue
        seen.add(key)
        kept, n = [], 0
        for p in paras:
            if n >= MAX_CJK:
                break
            kept.append(p)
            n += cjk_count(p)
        doc = re.sub(r"[^A-Za-z0-9_.+-]", "_", f"{sec}-{name}")
        candidates.append({"doc": doc, "source": path, "paragraphs": kept,
                           "title": page_title(text, name)})
    rng = random.Random(SEED)
    chosen = rng.sample(candidates, min(n_docs, len(candidates)))
    chosen.sort(key=lambda d: d["doc"])
    return chosen, len(candidates)


# --------------------------------------------------------------------------
# 2. printed pages -> OCR

DPI = 300
PAGE_W, PAGE_H = 2480, 3508          # A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 295, 295, 330
FONT_PX = 44                         # 10.5 pt at 300 dpi
LINE_H = 72                          # about 1.6 line spacing
COL_GAP = 94                         # 8 mm
FOLIO_PX = 36


def atoms_of(text):
    """Split a paragraph into unbreakable atoms and breakable spaces."""
    atoms = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == " ":
            atoms.append(" ")
            i += 1
        elif is_cjk(c):
            atoms.append(c)
            i += 1
        else:
            j = i
            while j < len(text) and text[j] != " " and not is_cjk(text[j]):
                j += 1
            atoms.append(text[i:j])
            i = j
    # glue: no closing punctuation at a line start, no opening one at an end
    glued = []
    for a in atoms:
        if glued and a != " " and glued[-1] != " " and (
                a[0] in NO_LINE_START or glued[-1][-1] in NO_LINE_END):
            glued[-1] += a
        else:
            glued.append(a)
    return glued


def layout_paragraph(text, font, width, indent):
    """Greedy line filling.  Returns lines as lists of (atom, width) and a
    flag telling whether the line is the paragraph's last."""
    atoms = atoms_of(text)
    space_w = font.getlength(" ")
    lines, cur, cur_w = [], [], indent
    for a in atoms:
        if a == " ":
            if cur:
                cur.append((" ", space_w))
                cur_w += space_w
            continue
        w = font.getlength(a)
        if cur_w + w > width and cur:
            while cur and cur[-1][0] == " ":
                cur_w -= cur.pop()[1]
            lines.append(cur)
            cur, cur_w = [], 0
        if w > width:  # a Latin run longer than a line: cut it
            piece = ""
            for ch in a:
                if font.getlength(piece + ch) > width - cur_w and piece:
                    cur.append((piece, font.getlength(piece)))
                    lines.append(cur)
                    cur, cur_w, piece = [], 0, ""
                piece += ch
            a, w = piece, font.getlength(piece)
        cur.append((a, w))
        cur_w += w
    while cur and cur[-1][0] == " ":
        cur.pop()
    if cur:
        lines.append(cur)
    return [(ln, i == len(lines) - 1) for i, ln in enumerate(lines)]


def render_pages(paragraphs, columns, out_prefix):
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(FONT_PATH, FONT_PX, index=FONT_INDEX,
                              layout_engine=ImageFont.Layout.BASIC)
    folio_font = ImageFont.truetype(FONT_PATH, FOLIO_PX, index=FONT_INDEX,
                                    layout_engine=ImageFont.Layout.BASIC)
    text_w = PAGE_W - 2 * MARGIN_X
    col_w = (text_w - COL_GAP * (columns - 1)) // columns
    lines_per_col = (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) // LINE_H
    indent = 2 * FONT_PX

    all_lines = []
    for p in paragraphs:
        for i, (ln, last) in enumerate(layout_paragraph(p, font, col_w, indent)):
            all_lines.append((ln, i == 0, last))

    per_page = lines_per_col * columns
    pages = [all_lines[i:i + per_page] for i in range(0, len(all_lines), per_page)]
    files = []
    for pno, page_lines in enumerate(pages, 1):
        img = Image.new("L", (PAGE_W, PAGE_H), 255)
        draw = ImageDraw.Draw(img)
        for k, (ln, first, last) in enumerate(page_lines):
            col, row = divmod(k, lines_per_col)
            x0 = MARGIN_X + col * (col_w + COL_GAP) + (indent if first else 0)
            avail = col_w - (indent if first else 0)
            used = sum(w for _, w in ln)
            gaps = len(ln) - 1
            extra = (avail - used) / gaps if (gaps > 0 and not last) else 0.0
            x = float(x0)
            y = MARGIN_TOP + row * LINE_H
            for a, w in ln:
                draw.text((round(x), y), a, font=font, fill=0)
                x += w + extra
        folio = str(pno)
        fw = folio_font.getlength(folio)
        draw.text(((PAGE_W - fw) / 2, PAGE_H - MARGIN_BOTTOM + 120), folio,
                  font=folio_font, fill=0)
        path = f"{out_prefix}-p{pno:02d}.png"
        img.save(path, dpi=(DPI, DPI))
        files.append(path)
    return files


# Tesseract's extra arguments by OCR mode.
OCR_MODES = {
    "default": [],
    "nospace": ["-c", "preserve_interword_spaces=0"],
    # One uniform block: no column segmentation, each row read across.
    "psm6": ["--psm", "6"],
}


def ocr_page(job):
    png, mode = job
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    extra = OCR_MODES[mode]
    out = subprocess.run(["tesseract", png, "stdout", "-l", "chi_sim"] + extra, env=env,
                         capture_output=True, check=True).stdout
    return out.decode("utf-8")


# --------------------------------------------------------------------------
# 3. PDF with real text -> pdftotext

CSS = """
@page { size: A4; margin: 25mm 25mm 28mm 25mm;
        @bottom-center { content: counter(page); font-size: 9pt; } }
html { font-family: "%s"; font-size: 10.5pt; line-height: 1.5; }
body { margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.cols { column-count: 2; column-gap: 8mm; }
""" % FONT_FAMILY


def make_pdf(paragraphs, columns, path):
    import weasyprint
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    cls = "cols" if columns == 2 else "one"
    doc = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
           f"<style>{CSS}</style></head><body><div class=\"{cls}\">{body}</div>"
           f"</body></html>")
    weasyprint.HTML(string=doc).write_pdf(path)


def pdftotext(pdf, mode=None):
    """mode: None (default reading order), "layout" or "raw"."""
    args = ["pdftotext", "-enc", "UTF-8"] + ([f"-{mode}"] if mode else []) + [pdf, "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


# --------------------------------------------------------------------------
# 4. XeLaTeX + ctex, two narrow columns -> pdftotext -raw

# A4, 25 mm margins, 8 mm column gap: columns of 76 mm, about 20 characters
# of 10.5 pt (zihao=5).  Chinese in Noto Serif CJK SC, Latin in TeX's own
# Latin Modern Roman (proportional; Noto CJK's hyphen glyph would come back
# from pdftotext as U+2011).  TeX's ligature mapping (-- -> en dash, `` ->
# quote) is off so that the text is set as written; Latin words may be
# hyphenated at line ends, as TeX does.
TEX_PREAMBLE = r"""\documentclass[UTF8,zihao=5,a4paper,twocolumn,fontset=none]{ctexart}
\usepackage[a4paper,margin=25mm,bottom=28mm,columnsep=8mm]{geometry}
\setCJKmainfont{%s}
\setmainfont{Latin Modern Roman}[Ligatures=TeXOff]
\setlength{\emergencystretch}{2em}
\pagestyle{plain}
\begin{document}
""" % FONT_FAMILY

TEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$",
               "&": r"\&", "#": r"\#", "^": r"\textasciicircum{}", "_": r"\_",
               "%": r"\%", "~": r"\textasciitilde{}"}


def tex_escape(s):
    return "".join(TEX_ESCAPES.get(c, c) for c in s)


def make_tex_pdf(paragraphs, path):
    d, base = os.path.split(path)
    stem = base[:-4]
    tex = TEX_PREAMBLE + "\n\n".join(tex_escape(p) for p in paragraphs) + "\n\\end{document}\n"
    with open(os.path.join(d, stem + ".tex"), "w", encoding="utf-8") as f:
        f.write(tex)
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    r = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error",
                        "-no-shell-escape", stem + ".tex"], cwd=d, env=env,
                       capture_output=True)
    if r.returncode != 0 or not os.path.exists(path):
        raise RuntimeError(f"xelatex failed on {path}:\n"
                           + r.stdout.decode("utf-8", "replace")[-2000:])


# --------------------------------------------------------------------------
# 5. pages with a running header and page numbers -> pdftotext

FOLIO_STYLES = {
    "plain": "counter(page)",                      # 3
    "dashes": '"- " counter(page) " -"',           # - 3 -
    "chinese": '"第 " counter(page) " 页"',         # 第 3 页
}


def folio_style(doc):
    names = sorted(FOLIO_STYLES)
    return names[int(hashlib.sha256(doc.encode()).hexdigest(), 16) % len(names)]


PAGES_CSS = """
@page { size: A5; margin: 20mm 18mm 22mm 18mm;
        @top-center { content: "%%s"; font-size: 9pt; }
        @bottom-center { content: %%s; font-size: 9pt; } }
html { font-family: "%s"; font-size: 10.5pt; line-height: 1.5; }
body { margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; orphans: 1; widows: 1; }
""" % FONT_FAMILY


def css_string(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def make_pages_pdf(paragraphs, title, style, path):
    import weasyprint
    css = PAGES_CSS % (css_string(title), FOLIO_STYLES[style])
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    doc = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
           f"<style>{css}</style></head><body>{body}</body></html>")
    weasyprint.HTML(string=doc).write_pdf(path)


# --------------------------------------------------------------------------


def tool_versions():
    def first_line(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True)
            return (r.stdout or r.stderr).decode("utf-8", "replace").strip().split("\n")[0]
        except OSError:
            return None

    def dpkg(pkg):
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True)
        return r.stdout.decode() or None

    def tex_file_version(name):
        # The date and version a LaTeX2e or expl3 class/package file declares.
        try:
            r = subprocess.run(["kpsewhich", name], capture_output=True)
            path = r.stdout.decode().strip()
            with open(path, encoding="utf-8", errors="replace") as f:
                head = f.read(20000)
        except (OSError, ValueError):
            return None
        m = re.search(r"\\ProvidesExpl(?:Class|Package)\s*\{[^}]*\}\s*\{([^}]*)\}\s*\{([^}]*)\}",
                      head)
        if m:
            date, version = m.group(1), m.group(2)
            if date.startswith("\\"):  # \ExplFileDate, defined earlier in the file
                d = re.search(r"\\def\\ExplFileDate\s*\{([^}]*)\}", head)
                date = d.group(1) if d else None
            return f"{date} v{version}" if date else f"v{version}"
        m = re.search(r"\[(\d{4}/\d\d/\d\d) (v[^ \]]+)", head)
        return f"{m.group(1)} {m.group(2)}" if m else None

    import PIL
    import weasyprint
    return {
        "python": sys.version.split()[0],
        "pillow": PIL.__version__,
        "weasyprint": weasyprint.__version__,
        "tesseract": first_line(["tesseract", "--version"]),
        "pdftotext": first_line(["pdftotext", "-v"]),
        "groff": first_line(["groff", "--version"]),
        "xelatex": first_line(["xelatex", "--version"]),
        "ctex": tex_file_version("ctexart.cls"),
        "xeCJK": tex_file_version("xeCJK.sty"),
        "debian": {p: dpkg(p) for p in ["manpages-zh", "tesseract-ocr", "tesseract-ocr-chi-sim",
                                        "fonts-noto-cjk", "poppler-utils", "groff-base",
                                        "man-db", "libpango-1.0-0", "texlive-xetex",
                                        "texlive-lang-chinese"]},
    }


def build_doc_inputs(args):
    """Typesets one document for the variants wanted: page images (OCR
    variants) and PDFs.  Returns (doc, pages1, pages2)."""
    doc, paragraphs, title, variants, work = args
    d = os.path.join(work, doc)
    os.makedirs(d, exist_ok=True)
    pages1 = pages2 = []
    if {"ocr-1col", "ocr-nospace"} & variants:
        pages1 = render_pages(paragraphs, 1, os.path.join(d, "ocr-1col"))
    if {"ocr-2col", "ocr-2col-psm6"} & variants:
        pages2 = render_pages(paragraphs, 2, os.path.join(d, "ocr-2col"))
    if "pdf-1col" in variants:
        make_pdf(paragraphs, 1, os.path.join(d, "pdf-1col.pdf"))
    if {"pdf-2col", "pdf-2col-layout"} & variants:
        make_pdf(paragraphs, 2, os.path.join(d, "pdf-2col.pdf"))
    if {"pdf-2col-raw", "pdf-2col-tex"} & variants:
        make_tex_pdf(paragraphs, os.path.join(d, "pdf-2col-raw.pdf"))
    if "pdf-pages" in variants:
        make_pages_pdf(paragraphs, title, folio_style(doc), os.path.join(d, "pdf-pages.pdf"))
    return doc, pages1, pages2


def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


VARIANT_LAYOUTS = {
    "ocr-1col": "Pillow pages, one column; tesseract -l chi_sim (traineddata defaults)",
    "ocr-2col": "Pillow pages, two columns (8 mm gap); tesseract -l chi_sim",
    "ocr-nospace": "the ocr-1col pages; tesseract -l chi_sim -c preserve_interword_spaces=0",
    "ocr-2col-psm6": "the ocr-2col pages; tesseract -l chi_sim --psm 6 (one block: rows read across)",
    "pdf-1col": "WeasyPrint A4, one column, 1.5 line spacing; pdftotext",
    "pdf-2col": "WeasyPrint A4, CSS column-count 2 (8 mm gap); pdftotext",
    "pdf-2col-layout": "the pdf-2col PDF; pdftotext -layout",
    "pdf-2col-raw": ("XeLaTeX ctexart A4, zihao=5 (10.5 pt), twocolumn, 25 mm margins, "
                     "8 mm column gap (76 mm columns, about 20 characters a line), "
                     "justified, ctex's default punctuation (quanjiao), TeX ligatures off, "
                     "page number at the foot; pdftotext -raw"),
    "pdf-pages": ("WeasyPrint A5, one column, 10.5 pt, 1.5 line spacing, running header "
                  "(the man page's NAME line) at the top of every page, page number at "
                  "the foot in a per-document style (plain '3', dashes '- 3 -', "
                  "chinese '第 3 页'); pdftotext (form feed after each page)"),
    "pdf-2col-tex": "the pdf-2col-raw PDF; pdftotext (no options: default reading order)",
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=here)
    ap.add_argument("--work", default=os.path.join(here, ".build"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--docs", type=int, default=N_DOCS)
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="comma-separated variants to (re)build (default: all); "
                         "other variants' raw files are left as they are")
    a = ap.parse_args()
    wanted = [v for v in a.variants.split(",") if v]
    for v in wanted:
        if v not in VARIANTS:
            ap.error(f"unknown variant {v!r} (known: {', '.join(VARIANTS)})")
    wanted_set = set(wanted)
    full = wanted_set == set(VARIANTS)

    manifest_path = os.path.join(a.out, "MANIFEST.json")
    old = {}
    if not full:
        with open(manifest_path, encoding="utf-8") as f:
            old = json.load(f)

    print("selecting documents ...", file=sys.stderr)
    docs, n_candidates = select_documents(a.docs)
    if full:
        # Remove earlier outputs so a rebuild never leaves stale documents.
        for e in sorted(os.listdir(a.out)):
            p = os.path.join(a.out, e)
            if os.path.isdir(p) and os.path.exists(os.path.join(p, "gt.txt")):
                shutil.rmtree(p)
    for d in docs:
        os.makedirs(os.path.join(a.out, d["doc"]), exist_ok=True)
        with open(os.path.join(a.out, d["doc"], "gt.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(d["paragraphs"]) + "\n")

    print(f"typesetting {len(docs)} documents for {', '.join(wanted)} ...", file=sys.stderr)
    os.makedirs(a.work, exist_ok=True)
    with cf.ProcessPoolExecutor(a.jobs) as ex:
        rendered = list(ex.map(build_doc_inputs,
                               [(d["doc"], d["paragraphs"], d["title"], wanted_set, a.work)
                                for d in docs]))

    ocr_jobs = []
    for _, p1, p2 in rendered:
        if "ocr-1col" in wanted_set:
            ocr_jobs += [(p, "default") for p in p1]
        if "ocr-nospace" in wanted_set:
            ocr_jobs += [(p, "nospace") for p in p1]
        if "ocr-2col" in wanted_set:
            ocr_jobs += [(p, "default") for p in p2]
        if "ocr-2col-psm6" in wanted_set:
            ocr_jobs += [(p, "psm6") for p in p2]
    ocr_jobs.sort()
    print(f"OCR of {len(ocr_jobs)} pages with {a.jobs} jobs ...", file=sys.stderr)
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        ocr = dict(zip(ocr_jobs, ex.map(ocr_page, ocr_jobs)))

    old_docs = {m["doc"]: m for m in old.get("documents", [])}
    meta_docs = []
    for (doc, p1, p2), d in zip(rendered, docs):
        pdf = lambda name: os.path.join(a.work, doc, name)  # noqa: E731
        makers = {
            "ocr-1col": lambda: "".join(ocr[(p, "default")] for p in p1),
            "ocr-2col": lambda: "".join(ocr[(p, "default")] for p in p2),
            "ocr-nospace": lambda: "".join(ocr[(p, "nospace")] for p in p1),
            "ocr-2col-psm6": lambda: "".join(ocr[(p, "psm6")] for p in p2),
            "pdf-1col": lambda: pdftotext(pdf("pdf-1col.pdf")),
            "pdf-2col": lambda: pdftotext(pdf("pdf-2col.pdf")),
            "pdf-2col-layout": lambda: pdftotext(pdf("pdf-2col.pdf"), "layout"),
            "pdf-2col-raw": lambda: pdftotext(pdf("pdf-2col-raw.pdf"), "raw"),
            "pdf-2col-tex": lambda: pdftotext(pdf("pdf-2col-raw.pdf")),
            "pdf-pages": lambda: pdftotext(pdf("pdf-pages.pdf")),
        }
        for v in wanted:
            with open(os.path.join(a.out, doc, f"{v}.raw.txt"), "w", encoding="utf-8") as f:
                f.write(makers[v]())
        gt = "\n\n".join(d["paragraphs"]) + "\n"
        m = old_docs.get(doc, {})
        pages = dict(m.get("pages", m.get("ocr_pages", {})))
        if "ocr-1col" in wanted_set:
            pages["ocr-1col"] = len(p1)
        if "ocr-2col" in wanted_set:
            pages["ocr-2col"] = len(p2)
        if "ocr-nospace" in wanted_set:
            pages["ocr-nospace"] = len(p1)
        if "ocr-2col-psm6" in wanted_set:
            pages["ocr-2col-psm6"] = len(p2)
        for v, f in [("pdf-1col", "pdf-1col.pdf"), ("pdf-2col", "pdf-2col.pdf"),
                     ("pdf-2col-raw", "pdf-2col-raw.pdf"), ("pdf-pages", "pdf-pages.pdf"),
                     ("pdf-2col-tex", "pdf-2col-raw.pdf")]:
            if v in wanted_set:
                pages[v] = pdf_pages(pdf(f))
        entry = {
            "doc": doc,
            "source": d["source"],
            "paragraphs": len(d["paragraphs"]),
            "chars": len(gt),
            "cjk_chars": cjk_count(gt),
            "pages": {v: pages[v] for v in VARIANTS if v in pages},
            "title": d["title"],
            "folio_style": folio_style(doc),
        }
        meta_docs.append(entry)

    manifest = {
        "generator": "bench/corpus/make_corpus.py",
        "seed": SEED,
        "selection": {"candidates": n_candidates, "documents": len(docs),
                      "min_cjk": MIN_CJK, "max_cjk": MAX_CJK,
                      "min_paragraph_han": MIN_PARA_CJK, "min_cjk_ratio": MIN_CJK_RATIO},
        "variants": VARIANTS,
        "layout": {"page": "A4", "dpi": DPI, "font": f"{FONT_FAMILY} ({FONT_PATH})",
                   "font_px": FONT_PX, "line_px": LINE_H,
                   "paragraphs": "justified, 2em first-line indent, no space between",
                   "folio": "page number centred at the foot",
                   "variants": VARIANT_LAYOUTS},
        "tools": tool_versions(),
        "documents": meta_docs,
    }
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main()
