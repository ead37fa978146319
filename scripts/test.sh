#!/usr/bin/env bash
# Set up everything and run the whole test suite (the README's test command; CI runs it).
#
#   bash scripts/test.sh [PYTEST ARGS...]
#
# 1. creates .venv and installs the package from a wheel (not editable) with its test extras;
# 2. creates .venv-frictionless with only the upstream frictionless CLI, to validate the
#    built publication independently of our code;
# 3. runs ruff, mypy --strict;
# 4. installs and starts a real CKAN 2.11 and a real Oxigraph SPARQL server
#    (scripts/services/; both stopped on exit);
# 5. runs every test. pytest's exit code 5 (no tests ran) fails.
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

step "services: a real CKAN 2.11 for tests/publish (scripts/services/ckan.sh)"
# Started here and stopped on exit; a CKAN that was already running is used and left
# running. NERIMA_REQUIRE_SERVICES=1 makes the services tests fail instead of skip.
ckan_started_here=""
oxigraph_started_here=""
stop_services() {
  if [ -n "$ckan_started_here" ]; then bash scripts/services/ckan.sh stop || true; fi
  if [ -n "$oxigraph_started_here" ]; then bash scripts/services/oxigraph.sh stop || true; fi
}
trap stop_services EXIT
bash scripts/services/ckan.sh install
ckan_url="$(bash scripts/services/ckan.sh env 2>/dev/null | sed -n 's/^CKAN_URL=//p' || true)"
if [ -n "$ckan_url" ] && curl -fs -o /dev/null --max-time 5 "$ckan_url/api/3/action/status_show"; then
  echo "CKAN already running at $ckan_url: using it" >&2
else
  ckan_started_here=1
  bash scripts/services/ckan.sh start
fi
while IFS='=' read -r name value; do   # only what the tests need; the key is not echoed
  case "$name" in CKAN_URL | CKAN_API_KEY | CKAN_ORG) export "$name=$value" ;; esac
done < <(bash scripts/services/ckan.sh env)

step "services: a real Oxigraph SPARQL server for tests/test_triplestore.py"
bash scripts/services/oxigraph.sh install
sparql="$(bash scripts/services/oxigraph.sh env 2>/dev/null | sed -n 's/^SPARQL_ENDPOINT=//p' || true)"
if [ -n "$sparql" ] && curl -fs -o /dev/null --max-time 5 "$sparql/query?query=ASK%7B%7D"; then
  echo "Oxigraph already running at $sparql: using it" >&2
else
  oxigraph_started_here=1
  bash scripts/services/oxigraph.sh start
  sparql="$(bash scripts/services/oxigraph.sh env | sed -n 's/^SPARQL_ENDPOINT=//p')"
fi
export SPARQL_ENDPOINT="$sparql"
export NERIMA_REQUIRE_SERVICES=1

step "a real browser for the preview page test (scripts/services/browser.sh)"
bash scripts/services/browser.sh install

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
