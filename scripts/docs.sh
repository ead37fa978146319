#!/usr/bin/env bash
# Regenerate every generated page of the documentation, then build the site.
#
#   bash scripts/docs.sh            # regenerate docs/{cli,data-dictionary,queries,vocabulary}.md,
#                                   # then mkdocs build --strict into site/
#   bash scripts/docs.sh serve      # the same, then preview on http://127.0.0.1:8000
#
# Uses .venv (created by scripts/test.sh, which installs the test extra with mkdocs);
# PYTHON=... picks another interpreter. Offline: nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export NO_MKDOCS_2_WARNING=1   # Material's end-of-life banner; not a build warning

step() { printf '\n==> %s\n' "$*" >&2; }

if ! "$PY" -c 'import mkdocs, material, mkdocstrings' 2>/dev/null; then
  echo "mkdocs is not installed for $PY: pip install 'mkdocs-material' 'mkdocstrings[python]'" >&2
  exit 2
fi

step "regenerate the generated pages"
PYTHONPATH=tools "$PY" -m docsgen.site .

step "mkdocs build --strict into site/"
started=$SECONDS
"$PY" -m mkdocs build --strict --clean
echo "site built in $((SECONDS - started)) s: site/index.html" >&2

if [ "${1:-}" = "serve" ]; then
  step "preview on http://127.0.0.1:8000 (Ctrl-C to stop)"
  exec "$PY" -m mkdocs serve --strict --dev-addr 127.0.0.1:8000
fi
