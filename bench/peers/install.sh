#!/usr/bin/env bash
# Installs the peer tools the benchmark scores, at pinned versions:
#   autocorrect-node 2.14.0 and zhlint 0.8.2 (npm, into bench/peers/node_modules)
#   pangu 6.1.0 (PyPI, into the current python3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ -f package-lock.json ]; then
  # npm 10+ refuses `ci` when the lock file lacks the optional per-platform
  # packages autocorrect-node lists; install the locked versions without
  # rewriting the lock file then.
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund --no-save
else
  npm install --no-audit --no-fund
fi
python3 -m pip install --quiet pangu==6.1.0
