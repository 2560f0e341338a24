#!/usr/bin/env bash
# `emend report` in a real browser. Builds three reports under
# target/browser/ — the seed (raw/) with a document holding `</script><b>`,
# the whole benchmark corpus (bench/corpus/*/*.raw.txt, one document per
# variant), and one document of over 20 000 characters — then opens them in
# headless Chromium (tests/browser/report.test.mjs). Leaves a screenshot in
# target/browser/report.png and the timings in target/browser/results.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund)
cargo build --release --quiet -p emend-cli
emend="$PWD/target/release/emend"

out=target/browser
rm -rf "$out"
mkdir -p "$out/corpus/raw" "$out/long/raw"

printf '标题</script><b>bold</b><!-- 注释\n\n正文 段落,含有"引号"。\n' > "$out/evil.txt"
"$emend" report xuhui-plenum-reactions "$out/evil.txt" -o "$out/seed.html"

for f in bench/corpus/*/*.raw.txt; do
  cp "$f" "$out/corpus/raw/$(basename "$(dirname "$f")")--$(basename "$f" .raw.txt).txt"
done
(cd "$out/corpus" && "$emend" report -o ../corpus.html)

long="$out/long/raw/long.txt"
for f in bench/corpus/*/ocr-1col.raw.txt; do
  cat "$f" >> "$long"
  printf '\n\n' >> "$long"
  if [ "$(wc -m < "$long")" -ge 20000 ]; then break; fi
done
(cd "$out/long" && "$emend" report -o ../long.html)

wc -c "$out"/*.html
node tests/browser/report.test.mjs "$out"
