#!/usr/bin/env bash
# A real headless browser for the page tests (tests/test_preview_browser.py).
#
#   scripts/services/browser.sh install   # apt: chromium + a Japanese font (idempotent)
#   scripts/services/browser.sh check     # print what is installed; exit 1 if incomplete
#
# Debian's Chromium is used, never a browser downloaded by a test tool (`playwright
# install` cannot download anything here). The tests drive /usr/bin/chromium with the
# Python playwright package through executable_path. Without a CJK font, Japanese is
# drawn as empty boxes, so a Japanese font is installed with it.
#
# Variables:
#   SERVICES_HOME    where the apt log goes (default /tmp/nerima-services)
#   BROWSER_PACKAGES the apt packages (default "chromium fonts-ipafont-gothic");
#                    add chromium-driver for selenium, or use fonts-noto-cjk instead
set -euo pipefail

SERVICES_HOME="${SERVICES_HOME:-/tmp/nerima-services}"
BROWSER_PACKAGES="${BROWSER_PACKAGES:-chromium fonts-ipafont-gothic}"
CHROMIUM="${NERIMA_CHROMIUM:-/usr/bin/chromium}"

# shellcheck source=_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/_lib.sh"

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

cmd_install() {
    local t0=$SECONDS missing=() pkg
    for pkg in $BROWSER_PACKAGES; do
        installed "$pkg" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "already installed: $BROWSER_PACKAGES"
    else
        mkdir -p "$SERVICES_HOME"
        local aptlog="$SERVICES_HOME/apt-browser.log"
        log "apt-get update && apt-get install ${missing[*]} (log: $aptlog; about 30 s)"
        as_root apt-get update -q >"$aptlog" 2>&1 \
            || { tail -n 20 "$aptlog" >&2; die "apt-get update failed"; }
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}" >>"$aptlog" 2>&1 \
            || { tail -n 20 "$aptlog" >&2; die "apt-get install ${missing[*]} failed"; }
        log "installed ${missing[*]} in $((SECONDS - t0)) s"
    fi
    cmd_check
}

cmd_check() {
    local ok=0 family
    if [ -x "$CHROMIUM" ]; then
        log "$("$CHROMIUM" --version 2>/dev/null | head -n 1) at $CHROMIUM"
    else
        log "no Chromium at $CHROMIUM"; ok=1
    fi
    family="$(fc-match -f '%{family}' ':lang=ja' 2>/dev/null || true)"
    case "$family" in
        *IPA* | *"Noto Sans CJK"* | *"Noto Serif CJK"* | *VL* | *Takao*)
            log "Japanese font: $family" ;;
        *) log "no Japanese font (fontconfig picks '${family:-nothing}' for :lang=ja)"; ok=1 ;;
    esac
    return "$ok"
}

case "${1:-}" in
    install) cmd_install ;;
    check) cmd_check ;;
    *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
