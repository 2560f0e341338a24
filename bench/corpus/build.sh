#!/usr/bin/env bash
# Rebuild the whole benchmark corpus (bench/corpus/<doc>/gt.txt and
# bench/corpus/<doc>/<variant>.raw.txt, MANIFEST.json) from Debian's
# manpages-zh.  Installs what it needs (Debian packages with apt, Python
# packages with pip), then runs make_corpus.py.  Deterministic: fixed seed,
# sorted inputs, pinned Python packages, single-threaded tesseract and
# xelatex runs.  Takes about 20 minutes on 2 cores (plus about 2 minutes to
# install TeX Live's XeTeX and Chinese packages the first time).
#
# Usage: bench/corpus/build.sh [--jobs N]       (default: 2 jobs)
#        SKIP_INSTALL=1 bench/corpus/build.sh    (tools already installed)
#        bench/corpus/build.sh --variants ocr-nospace,pdf-pages
#            (only these variants' raw files; the others stay as they are)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"; }
  if ! apt_install manpages-zh groff-base man-db tesseract-ocr tesseract-ocr-chi-sim \
       fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       texlive-xetex texlive-lang-chinese; then
    apt-get -o DPkg::Lock::Timeout=900 update
    apt_install manpages-zh groff-base man-db tesseract-ocr tesseract-ocr-chi-sim \
       fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       texlive-xetex texlive-lang-chinese
  fi
  python3 -m pip install --quiet weasyprint==70.0 pillow==13.0.0
fi

rm -rf "$here/.build"
python3 "$here/make_corpus.py" --out "$here" --work "$here/.build" "$@"
rm -rf "$here/.build"
