#!/usr/bin/env bash
# Start and stop a real Oxigraph SPARQL server on 127.0.0.1 for tests and CI.
#
#   scripts/services/oxigraph.sh install   # pip install oxigraph into its own venv
#   scripts/services/oxigraph.sh start     # serve on 127.0.0.1:$OXIGRAPH_PORT
#   scripts/services/oxigraph.sh env       # print SPARQL_ENDPOINT=...
#   scripts/services/oxigraph.sh stop      # stop it by PID, remove state
#
# Endpoints: SPARQL Query $SPARQL_ENDPOINT/query, Update $SPARQL_ENDPOINT/update,
# Graph Store Protocol $SPARQL_ENDPOINT/store?graph=IRI (PUT replaces, POST adds).
set -euo pipefail

SERVICES_HOME="${SERVICES_HOME:-/tmp/nerima-services}"
OXIGRAPH_VENV="${OXIGRAPH_VENV:-$SERVICES_HOME/oxigraph-venv}"
OXIGRAPH_VERSION="${OXIGRAPH_VERSION:-}"          # empty: newest from PyPI
STATE="${OXIGRAPH_STATE:-$SERVICES_HOME/oxigraph-state}"
OXIGRAPH_PERSIST="${OXIGRAPH_PERSIST:-0}"          # 1: store under $STATE/data
OXIGRAPH_START_TIMEOUT="${OXIGRAPH_START_TIMEOUT:-30}"
ENV_FILE="$STATE/oxigraph.env"

# shellcheck source=_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

cmd_install() {
    local t0=$SECONDS spec="oxigraph${OXIGRAPH_VERSION:+==$OXIGRAPH_VERSION}"
    if [ -x "$OXIGRAPH_VENV/bin/oxigraph" ] && "$OXIGRAPH_VENV/bin/oxigraph" --version >/dev/null 2>&1 \
        && { [ -z "$OXIGRAPH_VERSION" ] \
             || "$OXIGRAPH_VENV/bin/oxigraph" --version | grep -qF " $OXIGRAPH_VERSION"; }; then
        log "$("$OXIGRAPH_VENV/bin/oxigraph" --version) already installed in $OXIGRAPH_VENV"
    else
        log "creating venv $OXIGRAPH_VENV and installing $spec"
        mkdir -p "$SERVICES_HOME"
        python3 -m venv "$OXIGRAPH_VENV"
        "$OXIGRAPH_VENV/bin/pip" install -q "$spec" >"$SERVICES_HOME/oxigraph-pip.log" 2>&1 \
            || { grep -v "is ignored: it is neither" "$SERVICES_HOME/oxigraph-pip.log" | tail -n 20 >&2
                 die "pip install $spec failed"; }
        log "installed $("$OXIGRAPH_VENV/bin/oxigraph" --version)"
    fi
    log "install done in $((SECONDS - t0))s"
}

cmd_start() {
    local t0=$SECONDS port url pid location_args=()
    [ -x "$OXIGRAPH_VENV/bin/oxigraph" ] || die "oxigraph missing: run '$0 install' first"

    if [ -f "$ENV_FILE" ]; then
        url="$(sed -n 's/^SPARQL_ENDPOINT=//p' "$ENV_FILE")"
        if curl -fs -o /dev/null --max-time 5 "$url/query?query=ASK%7B%7D"; then
            log "Oxigraph already running at $url"; return 0
        fi
    fi
    if [ -e "$STATE" ]; then log "removing stale state"; cmd_stop; fi
    mkdir -p "$STATE"

    port="$(pick_port OXIGRAPH_PORT 27878)"   # below the ephemeral range (_lib.sh)
    url="http://127.0.0.1:$port"

    if [ "$OXIGRAPH_PERSIST" = 1 ]; then
        mkdir -p "$STATE/data"; location_args=(--location "$STATE/data")
        log "starting Oxigraph on $url (store in $STATE/data)"
    else
        log "starting Oxigraph on $url (in-memory store)"
    fi
    nohup "$OXIGRAPH_VENV/bin/oxigraph" serve ${location_args[@]+"${location_args[@]}"} --bind "127.0.0.1:$port" \
        </dev/null >"$STATE/oxigraph.log" 2>&1 &
    pid=$!
    echo "$pid" >"$STATE/oxigraph.pid"

    until curl -fs -o /dev/null --max-time 5 "$url/query?query=ASK%7B%7D"; do
        if ! alive "$pid"; then
            tail -n 20 "$STATE/oxigraph.log" >&2; cmd_stop; die "Oxigraph exited during start-up"
        fi
        if (( SECONDS - t0 >= OXIGRAPH_START_TIMEOUT )); then
            tail -n 20 "$STATE/oxigraph.log" >&2; cmd_stop
            die "Oxigraph not ready after ${OXIGRAPH_START_TIMEOUT}s"
        fi
        sleep 0.2
    done
    printf 'SPARQL_ENDPOINT=%s\n' "$url" >"$ENV_FILE"
    log "Oxigraph ready at $url in $((SECONDS - t0))s; env file: $ENV_FILE"
}

cmd_stop() {
    local pid
    if [ -f "$STATE/oxigraph.pid" ]; then
        pid="$(cat "$STATE/oxigraph.pid")"
        if [ -n "$pid" ] && alive "$pid" \
            && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "oxigraph"; then
            log "stopping Oxigraph (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
            alive "$pid" && { log "  sending KILL"; kill -KILL "$pid" 2>/dev/null || true; }
        fi
    fi
    if [ -e "$STATE" ]; then
        rm -rf "$STATE"; log "removed $STATE"
    else
        log "nothing to stop"
    fi
}

cmd_env() {
    [ -f "$ENV_FILE" ] || die "no env file ($ENV_FILE): is Oxigraph started?"
    cat "$ENV_FILE"
}

case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    env) cmd_env ;;
    *) echo "usage: $0 {install|start|stop|env}" >&2; exit 2 ;;
esac
