#!/usr/bin/env bash
# Render Debian's manpages-zh (every page under /usr/share/man/zh_CN, less the
# 36 pages of bench/corpus and the symlinks) to clean prose: one .txt a page,
# one paragraph a line, a blank line between paragraphs (see render.py).
#
# Usage: bench/clean-prose/build.sh [OUT_DIR]      (default /tmp/clean-prose)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-/tmp/clean-prose}"

# Ask dpkg, not the directory: other packages (man-db's own translations)
# create /usr/share/man/zh_CN with a few dozen pages of their own. And ask
# for "installed": `dpkg -s` also answers for a package removed with its
# configuration kept.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
if ! installed manpages-zh || ! command -v man >/dev/null || ! command -v groff >/dev/null \
   || ! command -v col >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"; }
  pkgs=(manpages-zh man-db groff-base bsdextrautils)   # bsdextrautils: col
  apt_install "${pkgs[@]}" || { apt-get -o DPkg::Lock::Timeout=900 update; apt_install "${pkgs[@]}"; }
fi
# Debian's default dpkg config (path-exclude /usr/share/man/*) may have kept
# the pages out even though the package is installed.
page="$(dpkg -L manpages-zh | grep -m1 '^/usr/share/man/zh_CN/man1/.' || true)"
if [ -z "$page" ] || [ ! -e "$page" ]; then
  echo "build.sh: manpages-zh's pages are missing from /usr/share/man/zh_CN after installing it" \
       "(check /etc/dpkg/dpkg.cfg.d/ for a path-exclude of /usr/share/man)" >&2
  exit 1
fi

rm -rf "$out"
python3 "$here/render.py" "$out"
