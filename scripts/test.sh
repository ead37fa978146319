#!/usr/bin/env bash
# Set up everything and run the whole test suite (the README's test command; CI runs it).
#
#   bash scripts/test.sh [PYTEST ARGS...]
#
# 1. creates .venv and installs the package from a wheel (not editable) with its test extras;
# 2. creates .venv-frictionless with only the upstream frictionless CLI, to validate the
#    built publication independently of our code;
# 3. runs ruff, mypy --strict and every test. pytest's exit code 5 (no tests ran) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

step() { printf '\n==> %s\n' "$*" >&2; }

step "virtual environment .venv"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q ".[test]"
.venv/bin/python -m pip install -q --force-reinstall --no-deps .

step "upstream frictionless CLI in its own venv (.venv-frictionless)"
[ -x .venv-frictionless/bin/python ] || "$PYTHON" -m venv .venv-frictionless
.venv-frictionless/bin/python -m pip install -q "frictionless>=5.18,<6"
export FRICTIONLESS_CLI="$PWD/.venv-frictionless/bin/frictionless"

step "ruff and mypy --strict"
.venv/bin/ruff check src tests
.venv/bin/ruff format --check src tests
.venv/bin/mypy src

step "pytest"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
