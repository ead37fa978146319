#!/usr/bin/env bash
# Start and stop a real CKAN 2.11 on 127.0.0.1 for tests and CI.
#
#   scripts/services/ckan.sh install   # apt packages + CKAN venv (idempotent)
#   scripts/services/ckan.sh start     # PostgreSQL, Redis, Solr stand-in, CKAN
#   scripts/services/ckan.sh env       # print CKAN_URL / CKAN_API_KEY ...
#   scripts/services/ckan.sh stop      # stop everything by PID, remove state
#
# CKAN, its PostgreSQL database, Redis and the action API are real.  Only the
# Solr search index is replaced by solr_standin.py, a test double (Solr is not
# available from any package registry here).  See README.md beside this file.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SERVICES_HOME="${SERVICES_HOME:-/tmp/nerima-services}"
CKAN_VERSION="${CKAN_VERSION:-2.11.6}"
CKAN_VENV="${CKAN_VENV:-$SERVICES_HOME/ckan-venv}"
CKAN_PYTHON="${CKAN_PYTHON:-python3}"   # interpreter the venv is made from
STATE="${CKAN_STATE:-$SERVICES_HOME/ckan-state}"
CKAN_ORG="${CKAN_ORG:-t131202}"
CKAN_ORG_TITLE="${CKAN_ORG_TITLE:-練馬区}"
CKAN_START_TIMEOUT="${CKAN_START_TIMEOUT:-120}"
CKAN_MAX_RESOURCE_SIZE_MB="${CKAN_MAX_RESOURCE_SIZE_MB:-100}"
ENV_FILE="$STATE/ckan.env"
INI="$STATE/ckan.ini"

# shellcheck source=_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

# ---------------------------------------------------------------- helpers

pg_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
    local d
    d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    command -v initdb >/dev/null && dirname "$(command -v initdb)" && return
    return 1
}

# initdb/pg_ctl refuse to run as root: run them as the `postgres` system user
# (created by Debian's postgresql package) when we are root.
PG_USER="${CKAN_PG_OS_USER:-postgres}"
as_pg() {
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$PG_USER" -- "$@")
    else (cd / && "$@"); fi
}

# wait_up DESCRIPTION TIMEOUT_S PID COMMAND...: poll COMMAND until it
# succeeds (status 0); status 1 as soon as PID has died; die on time-out.
wait_up() {
    local what="$1" timeout="$2" pid="$3"; shift 3
    local t0=$SECONDS next=5
    until "$@" >/dev/null 2>&1; do
        if [ -n "$pid" ] && ! alive "$pid"; then return 1; fi
        if (( SECONDS - t0 >= timeout )); then die "$what not ready after ${timeout}s"; fi
        if (( SECONDS - t0 >= next )); then
            log "  ... waiting for $what ($((SECONDS - t0))s)"; next=$((next + 5))
        fi
        sleep 0.5
    done
}

# wait_for DESCRIPTION TIMEOUT_S PID COMMAND...: wait_up, and die if PID died.
wait_for() {
    wait_up "$@" || die "$1 exited during start-up"
}

http_ok() { curl -fs -o /dev/null --max-time 5 "$1"; }

ckan_cli() { "$CKAN_VENV/bin/ckan" -c "$INI" "$@"; }

# stop_pid NAME PIDFILE MARKER: stop a process we started, checking that the
# PID still belongs to it (its command line contains MARKER).
stop_pid() {
    local name="$1" pidfile="$2" marker="$3" pid
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && alive "$pid" \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$marker"; then
        log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
        if alive "$pid"; then
            log "  $name did not stop, sending KILL"; kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- install

cmd_install() {
    local t0=$SECONDS missing=() pkg
    for pkg in postgresql redis-server libpq-dev curl python3-venv; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        mkdir -p "$SERVICES_HOME"
        local aptlog="$SERVICES_HOME/apt.log"
        # Try without `apt-get update` first; update only if that fails.
        log "apt-get install ${missing[*]} (log: $aptlog)"
        if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                "${missing[@]}" >"$aptlog" 2>&1; then
            log "apt-get update (package lists missing or stale)"
            as_root apt-get update -q >>"$aptlog" 2>&1 \
                || { tail -n 20 "$aptlog" >&2; die "apt-get update failed"; }
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                "${missing[@]}" >>"$aptlog" 2>&1 \
                || { tail -n 20 "$aptlog" >&2; die "apt-get install failed"; }
        fi
    else
        log "apt packages already installed"
    fi
    pg_bindir >/dev/null || die "PostgreSQL server binaries not found"

    if [ -x "$CKAN_VENV/bin/ckan" ] \
        && "$CKAN_VENV/bin/python" -c "import ckan,sys; sys.exit(ckan.__version__ != '$CKAN_VERSION')" 2>/dev/null; then
        log "CKAN $CKAN_VERSION already installed in $CKAN_VENV"
    else
        log "creating venv $CKAN_VENV and installing ckan[requirements]==$CKAN_VERSION (about 70 s)"
        mkdir -p "$SERVICES_HOME"
        "$CKAN_PYTHON" -m venv "$CKAN_VENV"
        "$CKAN_VENV/bin/pip" install -q "ckan[requirements]==$CKAN_VERSION" \
            > "$SERVICES_HOME/ckan-pip.log" 2>&1 \
            || { grep -v "is ignored: it is neither" "$SERVICES_HOME/ckan-pip.log" | tail -n 30 >&2
                 die "pip install ckan failed (log: $SERVICES_HOME/ckan-pip.log)"; }
        "$CKAN_VENV/bin/python" -c "import ckan; print('CKAN', ckan.__version__)" >&2
    fi
    log "install done in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- start

start_postgres() {
    local bindir="$1" pgdata="$STATE/pgdata" pgpass
    mkdir -p "$STATE/pg" "$pgdata"
    chmod 700 "$pgdata"
    pgpass="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    printf '%s\n' "$pgpass" >"$STATE/pg/superuser.pw"
    chmod 600 "$STATE/pg/superuser.pw"
    if [ "$(id -u)" = 0 ]; then
        id "$PG_USER" >/dev/null 2>&1 || die "system user $PG_USER missing (install postgresql)"
        chown -R "$PG_USER" "$STATE/pg" "$pgdata"
    fi
    log "initdb private PostgreSQL cluster ($pgdata)"
    as_pg "$bindir/initdb" -D "$pgdata" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
        --pwfile="$STATE/pg/superuser.pw" >"$STATE/pg/initdb.log" 2>&1 \
        || { tail -n 20 "$STATE/pg/initdb.log" >&2; die "initdb failed"; }
    # Test cluster: TCP on 127.0.0.1 only, socket in the state dir, no fsync.
    as_pg tee -a "$pgdata/postgresql.conf" >/dev/null <<EOF
# --- nerima-opendata test cluster (scripts/services/ckan.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$STATE/pg'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
EOF
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$bindir/pg_ctl" -D "$pgdata" -l "$STATE/pg/postgres.log" -w -t 60 start >/dev/null \
        || { tail -n 20 "$STATE/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
    head -n1 "$pgdata/postmaster.pid" >"$STATE/postgres.pid"

    DB_PASS="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    PGPASSWORD="$pgpass" "$bindir/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" \
        -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE ckan_default LOGIN PASSWORD '$DB_PASS';
CREATE DATABASE ckan_default OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;
EOF
}

start_redis() {
    mkdir -p "$STATE/redis"
    log "starting redis-server on 127.0.0.1:$REDIS_PORT (no persistence)"
    nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --save '' --appendonly no --dir "$STATE/redis" --daemonize no \
        --logfile "$STATE/redis/redis.log" </dev/null >/dev/null 2>&1 &
    echo $! >"$STATE/redis.pid"
    wait_for "redis" 30 "$!" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
}

start_solr_standin() {
    local schema
    schema="$("$CKAN_VENV/bin/python" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config", "solr", "schema.xml"))')"
    [ -f "$schema" ] || die "CKAN's Solr schema not found at $schema"
    log "starting Solr stand-in (test double of the search index) on 127.0.0.1:$SOLR_PORT"
    nohup python3 "$HERE/solr_standin.py" --host 127.0.0.1 --port "$SOLR_PORT" \
        --schema "$schema" --log "$STATE/solr-standin.log" \
        </dev/null >"$STATE/solr-standin.out" 2>&1 &
    echo $! >"$STATE/solr-standin.pid"
    wait_for "Solr stand-in" 30 "$!" http_ok "http://127.0.0.1:$SOLR_PORT/solr/ckan/admin/ping"
}

write_ckan_config() {
    log "generating CKAN config $INI"
    "$CKAN_VENV/bin/ckan" generate config "$INI" >/dev/null
    "$CKAN_VENV/bin/ckan" config-tool "$INI" \
        "sqlalchemy.url=postgresql://ckan_default:$DB_PASS@127.0.0.1:$PG_PORT/ckan_default" \
        "ckan.site_url=$CKAN_URL" \
        "ckan.site_id=default" \
        "solr_url=http://127.0.0.1:$SOLR_PORT/solr/ckan" \
        "ckan.redis.url=redis://127.0.0.1:$REDIS_PORT/0" \
        "ckan.storage_path=$STATE/storage" \
        "ckan.max_resource_size=$CKAN_MAX_RESOURCE_SIZE_MB" \
        "ckan.plugins=activity" \
        "ckan.devserver.host=127.0.0.1" \
        "ckan.devserver.port=$CKAN_PORT" \
        "ckan.devserver.threaded=true" \
        "ckan.site_title=nerima-opendata test CKAN" \
        >/dev/null
    mkdir -p "$STATE/storage"
}

# start_ckan_server: `ckan run` on $CKAN_PORT.  If another program binds that
# port between pick_port's check and CKAN's bind ("Address already in use"),
# and the port was not set by the caller, CKAN is moved to the next free port
# and started again, up to 3 times.
start_ckan_server() {
    local attempt pid
    for attempt in 1 2 3; do
        log "starting CKAN on $CKAN_URL"
        nohup "$CKAN_VENV/bin/ckan" -c "$INI" run --host 127.0.0.1 --port "$CKAN_PORT" \
            --disable-reloader --disable-debugger --threaded \
            </dev/null >"$STATE/ckan.log" 2>&1 &
        pid=$!
        echo "$pid" >"$STATE/ckan.pid"
        wait_up "CKAN" "$CKAN_START_TIMEOUT" "$pid" http_ok "$CKAN_URL/api/3/action/status_show" \
            && return 0
        if [ -n "$CKAN_PORT_GIVEN" ] || [ "$attempt" = 3 ] \
            || ! grep -q "Address already in use" "$STATE/ckan.log"; then
            die "CKAN exited during start-up"
        fi
        log "port $CKAN_PORT was taken before CKAN could bind it; moving to the next free port"
        # an unset NAME: the next free port from CKAN_PORT + 1, as for a default
        CKAN_PORT="$(pick_port _NEXT_CKAN_PORT $((CKAN_PORT + 1)))"
        CKAN_URL="http://127.0.0.1:$CKAN_PORT"
        "$CKAN_VENV/bin/ckan" config-tool "$INI" "ckan.site_url=$CKAN_URL" \
            "ckan.devserver.port=$CKAN_PORT" >/dev/null
    done
}

# api ACTION JSON: POST to the action API with the sysadmin token; prints the
# "result" on success, the error on failure (exit 1).
api() {
    curl -sS --max-time 30 -H "Authorization: $API_KEY" -H 'Content-Type: application/json' \
        --data-binary "$2" "$CKAN_URL/api/3/action/$1" \
    | "$CKAN_VENV/bin/python" -c '
import json, sys
r = json.load(sys.stdin)
if not r.get("success"):
    print(json.dumps(r.get("error"), ensure_ascii=False), file=sys.stderr); sys.exit(1)
print(json.dumps(r["result"], ensure_ascii=False))'
}

on_start_exit() {
    local f
    [ "$1" -ne 0 ] || return 0
    log "start failed; last lines of the logs:"
    for f in "$STATE/pg/postgres.log" "$STATE/redis/redis.log" \
             "$STATE/solr-standin.out" "$STATE/solr-standin.log" "$STATE/ckan.log"; do
        [ -s "$f" ] && { log "--- $f"; tail -n 15 "$f" >&2; }
    done
    log "cleaning up what was started"
    cmd_stop || true
}

cmd_start() {
    local t0=$SECONDS bindir admin_pw
    [ -x "$CKAN_VENV/bin/ckan" ] || die "CKAN venv missing: run '$0 install' first"
    command -v redis-server >/dev/null || die "redis-server missing: run '$0 install' first"
    bindir="$(pg_bindir)" || die "PostgreSQL missing: run '$0 install' first"

    if [ -f "$ENV_FILE" ]; then
        CKAN_URL="$(sed -n 's/^CKAN_URL=//p' "$ENV_FILE")"
        if http_ok "$CKAN_URL/api/3/action/status_show"; then
            log "CKAN already running at $CKAN_URL ($ENV_FILE)"; return 0
        fi
    fi
    if [ -e "$STATE" ]; then log "removing stale state"; cmd_stop; fi

    mkdir -p "$STATE"
    if [ "$(id -u)" = 0 ]; then   # the postgres user must reach $STATE/pg*
        chmod a+x "$(dirname "$STATE")"; chmod 755 "$STATE"
        case "$STATE" in   # a per-run state dir (scripts/test.sh) is one level deeper
            "$SERVICES_HOME"/*/*) chmod a+x "$SERVICES_HOME" ;;
        esac
    fi
    umask 077   # config, passwords and uploads: readable by their owner only
    trap 'on_start_exit $?' EXIT

    # Defaults below the kernel's ephemeral port range (see _lib.sh).
    PG_PORT="$(pick_port CKAN_PG_PORT 25432)"
    REDIS_PORT="$(pick_port CKAN_REDIS_PORT 25379)"
    SOLR_PORT="$(pick_port CKAN_SOLR_PORT 28983)"
    CKAN_PORT_GIVEN="${CKAN_PORT:-}"
    CKAN_PORT="$(pick_port CKAN_PORT 25000)"
    CKAN_URL="http://127.0.0.1:$CKAN_PORT"

    start_postgres "$bindir"
    start_redis
    start_solr_standin
    write_ckan_config

    log "ckan db init"
    ckan_cli db init >"$STATE/ckan-setup.log" 2>&1 \
        || { tail -n 30 "$STATE/ckan-setup.log" >&2; die "ckan db init failed"; }
    log "ckan db upgrade -p activity"
    ckan_cli db upgrade -p activity >>"$STATE/ckan-setup.log" 2>&1 \
        || { tail -n 30 "$STATE/ckan-setup.log" >&2; die "ckan db upgrade -p activity failed"; }

    log "creating sysadmin 'admin' and an API token"
    admin_pw="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
    ckan_cli user add admin email=admin@example.invalid password="$admin_pw" \
        fullname="Test sysadmin" >>"$STATE/ckan-setup.log" 2>&1 \
        || { tail -n 30 "$STATE/ckan-setup.log" >&2; die "ckan user add failed"; }
    ckan_cli sysadmin add admin >>"$STATE/ckan-setup.log" 2>&1 \
        || { tail -n 30 "$STATE/ckan-setup.log" >&2; die "ckan sysadmin add failed"; }
    API_KEY="$(ckan_cli user token add admin nerima-tests --quiet 2>>"$STATE/ckan-setup.log" | tail -n1)"
    [ -n "$API_KEY" ] || { tail -n 30 "$STATE/ckan-setup.log" >&2; die "could not create API token"; }

    start_ckan_server

    log "creating organization $CKAN_ORG ($CKAN_ORG_TITLE)"
    api organization_create "$("$CKAN_VENV/bin/python" -c '
import json, sys; print(json.dumps({"name": sys.argv[1], "title": sys.argv[2]}, ensure_ascii=False))' \
        "$CKAN_ORG" "$CKAN_ORG_TITLE")" >/dev/null

    cat >"$ENV_FILE" <<EOF
CKAN_URL=$CKAN_URL
CKAN_API_KEY=$API_KEY
CKAN_ADMIN_USER=admin
CKAN_ADMIN_PASSWORD=$admin_pw
CKAN_ORG=$CKAN_ORG
CKAN_INI=$INI
CKAN_SOLR_STANDIN_URL=http://127.0.0.1:$SOLR_PORT/solr/ckan
EOF
    trap - EXIT
    log "CKAN $CKAN_VERSION ready at $CKAN_URL in $((SECONDS - t0))s; env file: $ENV_FILE"
}

# ---------------------------------------------------------------- stop / env

cmd_stop() {
    local bindir pgdata="$STATE/pgdata" owner pid
    stop_pid "CKAN" "$STATE/ckan.pid" "ckan"
    stop_pid "Solr stand-in" "$STATE/solr-standin.pid" "solr_standin.py"
    stop_pid "redis" "$STATE/redis.pid" "redis-server"
    if [ -f "$pgdata/postmaster.pid" ]; then
        pid="$(head -n1 "$pgdata/postmaster.pid")"
        if alive "$pid"; then
            log "stopping PostgreSQL (pid $pid)"
            bindir="$(pg_bindir || true)"
            owner="$(stat -c %U "$pgdata")"
            if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
                (cd / && runuser -u "$owner" -- "$bindir/pg_ctl" -D "$pgdata" -m fast -w -t 30 stop) \
                    >/dev/null 2>&1 || log "  pg_ctl stop failed"
            else
                (cd / && "$bindir/pg_ctl" -D "$pgdata" -m fast -w -t 30 stop) \
                    >/dev/null 2>&1 || log "  pg_ctl stop failed"
            fi
            # the postmaster removes its pid file just before it exits
            for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
            if alive "$pid"; then
                log "  PostgreSQL still running, sending TERM then KILL to postmaster $pid"
                kill -TERM "$pid" 2>/dev/null || true; sleep 3
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    if [ -e "$STATE" ]; then
        rm -rf "$STATE"
        log "removed $STATE"
    else
        log "nothing to stop"
    fi
}

cmd_env() {
    [ -f "$ENV_FILE" ] || die "no env file ($ENV_FILE): is CKAN started?"
    cat "$ENV_FILE"
}

case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    env) cmd_env ;;
    *) echo "usage: $0 {install|start|stop|env}" >&2; exit 2 ;;
esac
