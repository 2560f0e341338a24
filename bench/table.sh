#!/usr/bin/env bash
# Prints the benchmark table (Markdown) for the given commands: one row per
# variant and view, the raw text's CER and each command's CER (%), with the
# relative change and the number of documents made worse.
#
# Usage: bench/table.sh [COMMAND...]
#   default commands: cat, the floor (bench/peers/floor.sh: python3 only, so
#   always there), the other peers when installed (bench/peers/install.sh),
#   and `target/release/emend clean -` when that binary exists.
#   Extra emend-score options can go in EMEND_SCORE_OPTS, e.g.
#   EMEND_SCORE_OPTS="--variant ocr-1col,ocr-2col" bench/table.sh cat
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --release --quiet -p emend-score
if [ $# -eq 0 ]; then
  set -- cat bench/peers/floor.sh
  if [ -x bench/peers/node_modules/.bin/autocorrect ]; then
    set -- "$@" bench/peers/autocorrect.sh bench/peers/zhlint.sh
  fi
  if python3 -c 'import pangu' 2>/dev/null; then
    set -- "$@" bench/peers/pangu.sh
  fi
  if [ -x target/release/emend ]; then
    set -- "$@" "target/release/emend clean -"
  fi
fi
# shellcheck disable=SC2086
exec target/release/emend-score --markdown ${EMEND_SCORE_OPTS:-} "$@"
