#!/usr/bin/env bash
# pangu (PyPI pangu, pangu.py) in its default mode, stdin -> stdout.
exec python3 -m pangu -f -
