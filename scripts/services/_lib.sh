# Helpers shared by the service scripts (ckan.sh, oxigraph.sh, browser.sh); sourced.
# Messages are prefixed with the calling script's name.

log() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# as_root CMD...: run as root, through sudo when not root already
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) for: $*"; fi
}

# port_free PORT: nothing listens on 127.0.0.1:PORT
port_free() {
    python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
PY
}

# ephemeral_range: the kernel's range for the local ports of outgoing
# connections ("32768 60999" unless the machine says otherwise).  A server port
# inside it can be taken, between the check and the bind, by any client
# socket on the machine: the likely cause of one CI failure, where `ckan run`
# found its checked port in use ("Address already in use").
ephemeral_range() {
    cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo "32768 60999"
}

# pick_port NAME DEFAULT: an explicitly set port must be free; a default one
# moves up to the next free port.  Defaults lie below the ephemeral range; a
# port inside it is used, with a warning.
pick_port() {
    local name="$1" default="$2" p lo hi candidate
    if [ -n "${!name:-}" ]; then
        port_free "${!name}" || die "$name=${!name} is already in use on 127.0.0.1"
        p="${!name}"
    else
        p=""
        for candidate in $(seq "$default" $((default + 50))); do
            if port_free "$candidate"; then p="$candidate"; break; fi
        done
        [ -n "$p" ] || die "no free port near $default for $name"
    fi
    read -r lo hi <<<"$(ephemeral_range)"
    if [ "$p" -ge "$lo" ] && [ "$p" -le "$hi" ]; then
        log "warning: $name=$p lies in the ephemeral port range $lo-$hi; an outgoing connection may take it first"
    fi
    echo "$p"
}

# alive PID: the process exists and is not a zombie waiting to be reaped
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    [ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)" != Z ]
}
