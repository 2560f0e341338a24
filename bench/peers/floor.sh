#!/usr/bin/env bash
# The floor (bench/peers/floor.py): two regular expressions that join a line
# break and drop spaces between Chinese characters, stdin -> stdout.  Needs
# only python3, so bench/table.sh always includes it.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/floor.py"
