# shellcheck shell=bash
# Shared helpers for scripts/test, scripts/demo, scripts/pg-throwaway and .ci/run.
# Source it; don't execute it. Everything here is prefixed `sx_`.
#
# Environment understood here:
#   SANXIANG_SKIP_INSTALL=1   never call apt-get (report what is missing instead)

# Absolute path of scripts/ and of the repository root.
# shellcheck disable=SC2034 # SX_ROOT and SX_PG_URL are for the sourcing scripts
SX_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
SX_ROOT=$(cd "$SX_SCRIPTS/.." && pwd -P)

# Progress and diagnostics go to stderr so that stdout stays usable for
# values (pg-throwaway prints only the database URL on stdout).
sx_log() { printf '==> %s\n' "$*" >&2; }
sx_warn() { printf 'warning: %s\n' "$*" >&2; }
sx_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

sx_is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as root: directly when we are root, else through sudo.
sx_as_root() {
    if sx_is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        printf 'error: need root for: %s (not root and no sudo)\n' "$*" >&2
        return 1
    fi
}

# True when the Debian package is fully installed.
sx_pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q ' installed$'
}

# `apt-get update`, at most once per process tree (SX_APT_UPDATED is exported
# so that scripts started from this one don't update again). A failing update
# is only a warning: the lists already on the machine may well be enough.
SX_APT_UPDATED=${SX_APT_UPDATED:-0}
sx_apt_update_once() {
    [ "$SX_APT_UPDATED" = 1 ] && return 0
    sx_log "apt-get update"
    if ! sx_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -qq -o DPkg::Lock::Timeout=300 update >&2; then
        sx_warn "apt-get update failed; trying with the package lists already on this machine"
    fi
    SX_APT_UPDATED=1
    export SX_APT_UPDATED
}

# Install Debian packages non-interactively, without recommends. apt's output
# goes to a log file, shown only when the install fails.
sx_apt_install() {
    if [ "${SANXIANG_SKIP_INSTALL:-0}" = 1 ]; then
        sx_warn "SANXIANG_SKIP_INSTALL=1: not installing $*"
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        sx_warn "apt-get not found: install these yourself: $*"
        return 1
    fi
    sx_apt_update_once || return 1
    local log rc=0
    log=$(mktemp "${TMPDIR:-/tmp}/sanxiang-apt.XXXXXX.log") || return 1
    sx_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" \
        >"$log" 2>&1 </dev/null || rc=$?
    if [ "$rc" -ne 0 ]; then
        tail -n 40 "$log" >&2
        sx_warn "apt-get install $* failed (exit $rc); full log: $log"
        return "$rc"
    fi
    rm -f "$log"
}

# --- PostgreSQL -------------------------------------------------------------

# Print Debian's PostgreSQL server bin dir (the one holding initdb), the
# highest installed major version; fail when there is none.
sx_pg_bindir() {
    local d
    d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' \
        -printf '%h\n' 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] || return 1
    printf '%s\n' "$d"
}

# The server package to install: the highest postgresql-NN apt offers,
# else the `postgresql` metapackage. Needs apt lists (call after update).
sx_pg_server_package() {
    local p
    p=$(apt-cache search --names-only '^postgresql-[0-9]+$' 2>/dev/null |
        awk '{print $1}' | sort -V | tail -n 1)
    printf '%s\n' "${p:-postgresql}"
}

# Make sure initdb & co. are installed.
sx_ensure_postgres() {
    sx_pg_bindir >/dev/null && return 0
    local pkg
    if [ "${SANXIANG_SKIP_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
        sx_apt_update_once
    fi
    pkg=$(sx_pg_server_package)
    sx_log "installing $pkg (PostgreSQL server for the PostgreSQL test suite)"
    sx_apt_install "$pkg" || return 1
    sx_pg_bindir >/dev/null || {
        sx_warn "$pkg installed but no /usr/lib/postgresql/*/bin/initdb found"
        return 1
    }
}

# True when something listens on 127.0.0.1:$1.
sx_port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print a loopback port in 55000..55999 that nothing listens on.
sx_free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((55000 + RANDOM % 1000))
        if ! sx_port_busy "$p"; then
            printf '%s\n' "$p"
            return 0
        fi
    done
    return 1
}

# Start a throwaway PostgreSQL in a new temporary directory on a free port,
# retrying with another port when the start fails (say, the port was taken
# in between). Sets SX_PG_DIR (before starting, so that an EXIT trap can call
# sx_pg_throwaway_stop even when interrupted) and SX_PG_URL.
sx_pg_throwaway_start() {
    local try port url
    SX_PG_DIR=
    SX_PG_URL=
    sx_ensure_postgres || return 1
    for try in 1 2 3; do
        port=$(sx_free_port) || {
            sx_warn "no free loopback port in 55000-55999"
            return 1
        }
        SX_PG_DIR=$(mktemp -d /tmp/sanxiang-pg.XXXXXX) || return 1
        if url=$("$SX_SCRIPTS/pg-throwaway" start "$SX_PG_DIR" "$port"); then
            # shellcheck disable=SC2034 # read by the sourcing script
            SX_PG_URL=$url
            return 0
        fi
        sx_warn "throwaway PostgreSQL did not start on port $port (try $try of 3)"
        "$SX_SCRIPTS/pg-throwaway" stop "$SX_PG_DIR" || true
        SX_PG_DIR=
    done
    return 1
}

# Stop the server started by sx_pg_throwaway_start, if any. Safe to call twice.
sx_pg_throwaway_stop() {
    if [ -n "${SX_PG_DIR:-}" ]; then
        "$SX_SCRIPTS/pg-throwaway" stop "$SX_PG_DIR" || true
        SX_PG_DIR=
    fi
}
