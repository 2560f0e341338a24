#!/usr/bin/env bash
# autocorrect (npm autocorrect-node) in its default fix mode, stdin -> stdout.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/node_modules/.bin/autocorrect" --stdin
