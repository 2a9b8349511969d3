#!/usr/bin/env bash
# Create .venv (if needed) and install the pinned requirements into it.
#   scripts/venv.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
REQ=${1:-requirements.txt}
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info[:2] >= (3, 11)' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating virtual environment in .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum "$REQ" requirements.txt | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "==> installing $REQ (first run takes a minute)"
  .venv/bin/pip install --disable-pip-version-check -q --upgrade pip >/dev/null
  .venv/bin/pip install --disable-pip-version-check -q -r "$REQ"
  touch "$stamp"
fi
