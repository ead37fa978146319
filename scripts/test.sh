#!/usr/bin/env bash
# Set up everything and run the whole test suite (the README's test command; CI runs it).
#
#   bash scripts/test.sh [PYTEST ARGS...]
#
# 1. installs and starts a real CKAN 2.11 and a real Oxigraph SPARQL server, and installs
#    a real browser (scripts/services/; the servers are stopped on exit), in the
#    background while steps 2-4 run;
# 2. creates .venv and installs the package from a wheel (not editable) with its test extras;
# 3. creates .venv-frictionless with only the upstream frictionless CLI, to validate the
#    built publication independently of our code;
# 4. runs ruff, mypy --strict;
# 5. waits for the services, then runs every test, on every core. pytest's exit code 5
#    (no tests ran) fails.
# Each step is told with the seconds since the start.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

step() { printf '\n==> [%d s] %s\n' "$SECONDS" "$*" >&2; }

# Each service is started here and stopped on exit. Its state lives in a directory of this
# run's own ($SERVICES_HOME/run-PID), so two runs on one machine (two clones, or CI beside
# a developer's services) never share a server; only the installs are shared. To use
# services already running, set CKAN_STATE / OXIGRAPH_STATE to their state directories:
# they are used and left running. NERIMA_REQUIRE_SERVICES=1 makes the services tests fail,
# not skip.
run_home="${SERVICES_HOME:-/tmp/nerima-services}/run-$$"
mkdir -p "$run_home"
export CKAN_STATE="${CKAN_STATE:-$run_home/ckan-state}"
export OXIGRAPH_STATE="${OXIGRAPH_STATE:-$run_home/oxigraph-state}"
services_log="$run_home/services.log"
started="$run_home/started"  # the services this run started, one name a line
services_pid=""
stop_services() {
  local status=$? name
  # a start still under way (after an early failure) is let finish, so that what it
  # started is known and stopped: up to a few minutes on a fresh machine
  if [ -n "$services_pid" ]; then
    wait "$services_pid" 2>/dev/null || true
    if [ "$status" -ne 0 ] && [ -f "$services_log" ]; then
      echo "the services' log, ending:" >&2
      tail -n 20 "$services_log" >&2
    fi
  fi
  if [ -f "$started" ]; then
    while read -r name; do
      bash "scripts/services/$name.sh" stop < /dev/null || true
    done < "$started"
  fi
  rm -f "$services_log" "$started"
  rmdir "$run_home" 2>/dev/null || true
}
trap stop_services EXIT

# start_service NAME URL_VAR HEALTH_PATH: install NAME, and start it unless it answers at
# $URL_VAR$HEALTH_PATH (then it is used and left running; asked three times, since the
# venvs install and the linters run meanwhile).
start_service() {
  local name=$1 url_var=$2 health=$3 url
  bash "scripts/services/$name.sh" install
  url="$(bash "scripts/services/$name.sh" env 2>/dev/null | sed -n "s/^$url_var=//p" || true)"
  if [ -n "$url" ] && curl -fs -o /dev/null --max-time 10 --retry 2 --retry-all-errors "$url$health"; then
    echo "$name already running at $url: using it"
  else
    echo "$name" >> "$started"
    bash "scripts/services/$name.sh" start
  fi
}

# export_service NAME VAR...: export the listed variables from NAME's env file (never
# echoed).
export_service() {
  local name=$1 key value
  shift
  while IFS='=' read -r key value; do
    for wanted in "$@"; do
      if [ "$key" = "$wanted" ]; then export "$key=$value"; fi
    done
  done < <(bash "scripts/services/$name.sh" env)
}

# The services install and start in the background (their own venvs and apt packages;
# nothing of .venv), while the project's venvs install and the linters run.
step "services, in the background: a real CKAN 2.11 for tests/publish, a real Oxigraph SPARQL server for tests/test_triplestore.py, a real browser for the preview page tests (scripts/services/; log: $services_log)"
(
  set -e
  start_service ckan CKAN_URL /api/3/action/status_show
  start_service oxigraph SPARQL_ENDPOINT "/query?query=ASK%7B%7D"
  bash scripts/services/browser.sh install
) > "$services_log" 2>&1 &
services_pid=$!

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

step "waiting for the services"
status=0
wait "$services_pid" || status=$?
services_pid=""
cat "$services_log" >&2
if [ "$status" -ne 0 ]; then
  echo "the services did not start (exit code $status): see above" >&2
  exit 1
fi
export_service ckan CKAN_URL CKAN_API_KEY CKAN_ORG
export_service oxigraph SPARQL_ENDPOINT
export NERIMA_REQUIRE_SERVICES=1

# Every core runs tests (pytest-xdist); a file's tests stay in one worker, and the files
# that use the shared services run in one worker, one at a time (tests/conftest.py).
# PYTEST_WORKERS=0 runs them all in this process.
step "pytest (${PYTEST_WORKERS:-auto} workers)"
set +e
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" --dist loadgroup --durations=15 "$@"
status=$?
set -e
step "pytest ended (exit code $status)"
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
