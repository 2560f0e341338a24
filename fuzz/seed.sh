#!/usr/bin/env bash
# Builds the fuzz corpora from the repository's own texts (the corpora are
# generated, not committed: fuzz/corpus/ is in .gitignore).
#
#   fuzz/corpus/decode_clean/  a mode byte + a text: every crates/emend/tests/fixtures/**/*.txt,
#                              raw/*.txt and bench/corpus/*/*.raw.txt, once with
#                              mode `0` (default options) and once with `1` (every
#                              normalisation off); plus fuzz/seeds/decode_clean/*.in
#                              (hand-made, mode byte included: BOMs, UTF-16, GBK,
#                              CRLF, full-width forms, code lines).
#   fuzz/corpus/toml_loader/   a TOML, a NUL byte, a raw text: every raw/<doc>.toml
#                              with raw/<doc>.txt, and every
#                              fuzz/seeds/toml_loader/<name>.toml with <name>.txt
#                              beside it, or doc.txt when there is none.
#
# Run from anywhere; existing corpus files are kept (libFuzzer adds to them).
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
dc="$fuzz/corpus/decode_clean"
tl="$fuzz/corpus/toml_loader"
mkdir -p "$dc" "$tl"

# One seed per text and mode; the name says where it came from.
seed_text() { # seed_text FILE NAME
  printf '0' | cat - "$1" > "$dc/$2.0"
  printf '1' | cat - "$1" > "$dc/$2.1"
}

n=0
while IFS= read -r -d '' f; do
  rel="${f#"$root"/}"
  seed_text "$f" "${rel//\//_}"
  n=$((n + 1))
done < <(find "$root/crates/emend/tests/fixtures" "$root/raw" -name '*.txt' -print0 | sort -z)
if [ -d "$root/bench/corpus" ]; then
  while IFS= read -r -d '' f; do
    rel="${f#"$root"/}"
    seed_text "$f" "${rel//\//_}"
    n=$((n + 1))
  done < <(find "$root/bench/corpus" -name '*.raw.txt' -print0 | sort -z)
fi
for f in "$fuzz"/seeds/decode_clean/*.in; do
  cp "$f" "$dc/hand_$(basename "$f")"
  n=$((n + 1))
done
echo "decode_clean: $n texts → $(find "$dc" -type f | wc -l) files in $dc"

m=0
pair() { # pair TOML TEXT NAME
  { cat "$1"; printf '\0'; cat "$2"; } > "$tl/$3"
  m=$((m + 1))
}
for t in "$root"/raw/*.toml; do
  [ -e "$t" ] || continue
  pair "$t" "${t%.toml}.txt" "raw_$(basename "$t" .toml)"
done
for t in "$fuzz"/seeds/toml_loader/*.toml; do
  txt="${t%.toml}.txt"
  [ -e "$txt" ] || txt="$fuzz/seeds/toml_loader/doc.txt"
  pair "$t" "$txt" "hand_$(basename "$t" .toml)"
done
echo "toml_loader: $m seeds in $tl"
