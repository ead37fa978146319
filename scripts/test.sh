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
# 5. runs every test, on every core. pytest's exit code 5 (no tests ran) fails.
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
.venv/bin/ruff check src tests tools benchmarks
.venv/bin/ruff format --check src tests tools benchmarks
.venv/bin/mypy src tests benchmarks tools

# Each service is started here and stopped on exit. Its state lives in a directory of this
# run's own ($SERVICES_HOME/run-PID), so two runs on one machine (two clones, or CI beside
# a developer's services) never share a server; only the installs are shared. To use
# services already running, set CKAN_STATE / OXIGRAPH_STATE to their state directories:
# they are used and left running. NERIMA_REQUIRE_SERVICES=1 makes the services tests fail,
# not skip.
run_home="${SERVICES_HOME:-/tmp/nerima-services}/run-$$"
export CKAN_STATE="${CKAN_STATE:-$run_home/ckan-state}"
export OXIGRAPH_STATE="${OXIGRAPH_STATE:-$run_home/oxigraph-state}"
started_here=()
stop_services() {
  local name
  for name in "${started_here[@]}"; do bash "scripts/services/$name.sh" stop || true; done
  rmdir "$run_home" 2>/dev/null || true
}
trap stop_services EXIT

# use_service NAME URL_VAR HEALTH_PATH VAR...: install NAME, start it unless it answers at
# $URL_VAR$HEALTH_PATH, then export the listed variables from its env file (never echoed).
use_service() {
  local name=$1 url_var=$2 health=$3 url key value
  shift 3
  bash "scripts/services/$name.sh" install
  url="$(bash "scripts/services/$name.sh" env 2>/dev/null | sed -n "s/^$url_var=//p" || true)"
  if [ -n "$url" ] && curl -fs -o /dev/null --max-time 5 "$url$health"; then
    echo "$name already running at $url: using it" >&2
  else
    started_here+=("$name")
    bash "scripts/services/$name.sh" start
  fi
  while IFS='=' read -r key value; do
    for wanted in "$@"; do
      if [ "$key" = "$wanted" ]; then export "$key=$value"; fi
    done
  done < <(bash "scripts/services/$name.sh" env)
}

step "services: a real CKAN 2.11 for tests/publish (scripts/services/ckan.sh)"
use_service ckan CKAN_URL /api/3/action/status_show CKAN_URL CKAN_API_KEY CKAN_ORG

step "services: a real Oxigraph SPARQL server for tests/test_triplestore.py"
use_service oxigraph SPARQL_ENDPOINT "/query?query=ASK%7B%7D" SPARQL_ENDPOINT
export NERIMA_REQUIRE_SERVICES=1

step "a real browser for the preview page test (scripts/services/browser.sh)"
bash scripts/services/browser.sh install

# Every core runs tests (pytest-xdist); a file's tests stay in one worker, and the files
# that use the shared services run in one worker, one at a time (tests/conftest.py).
# PYTEST_WORKERS=0 runs them all in this process.
step "pytest (${PYTEST_WORKERS:-auto} workers)"
set +e
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" --dist loadgroup --durations=15 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
