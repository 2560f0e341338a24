#!/usr/bin/env bash
# zhlint (npm) in its default fix mode, stdin -> stdout.  The CLI only works
# on files given by a relative path, so the text goes through a temporary
# directory; zhlint's progress messages go to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/input.txt"
(cd "$tmp" && "$here/node_modules/.bin/zhlint" input.txt --output output.txt >&2)
cat "$tmp/output.txt"
