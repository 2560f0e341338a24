#!/usr/bin/env bash
# Throughput of `emend clean -` on a large input: the seed article repeated
# to SIZE_MB megabytes (default 50), timed over RUNS runs (default 3).
# A bench, not a test: run it by hand and compare the figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
size_mb="${SIZE_MB:-50}"
runs="${RUNS:-3}"
cargo build --release --quiet
input="$(mktemp)"
trap 'rm -f "$input"' EXIT
seed=raw/xuhui-plenum-reactions.txt
target=$((size_mb * 1024 * 1024))
while [ "$(stat -c %s "$input")" -lt "$target" ]; do
  cat "$seed" "$seed" "$seed" "$seed" "$seed" "$seed" "$seed" "$seed" >> "$input"
  printf '\n\n' >> "$input"
done
bytes=$(stat -c %s "$input")
echo "input: $bytes bytes"
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  target/release/emend clean - < "$input" > /dev/null
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" -v i="$i" \
    'BEGIN { t = e - s; printf "run %d: %.2f s, %.1f MB/s\n", i, t, b / t / 1048576 }'
done
