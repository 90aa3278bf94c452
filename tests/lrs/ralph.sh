#!/usr/bin/env bash
# Start/stop a throwaway Ralph LRS (ralph-malph 5.1.0, filesystem backend) on
# 127.0.0.1 for Slate's xAPI integration tests. See tests/lrs/README.md.
#
#   tests/lrs/ralph.sh start PORT   # install if needed, start, wait, write pid file
#   tests/lrs/ralph.sh stop PORT    # stop the server started for PORT
#
# Environment:
#   RALPH_VENV     venv to use/create (default: <repo>/target/ralph-venv)
#   PYTHON         interpreter used to create the venv (default: python3)
#   RALPH_FS_APPEND=0  run stock Ralph: its fs backend then accepts only ONE
#                  write per data directory (see ralph_app.py). Default 1.
#   RALPH_START_TIMEOUT  seconds to wait for the server (default 60)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET_DIR="$ROOT/target"
VENV="${RALPH_VENV:-$TARGET_DIR/ralph-venv}"
PYTHON="${PYTHON:-python3}"
RALPH_SPEC='ralph-malph[lrs]==5.1.0'
# ralph-malph 5.1.0's `lrs` extra forgets `requests`, which ralph.api imports
# (ralph/api/auth/oidc.py); without it the app fails to import.
EXTRA_SPECS=(requests)
CONSTRAINTS="$HERE/constraints.txt"
USERNAME=slate
PASSWORD=slate-test-password
HOST=127.0.0.1

die() { echo "ralph.sh: $*" >&2; exit 1; }

usage() {
    echo "usage: $0 start PORT | stop PORT" >&2
    exit 2
}

check_port() {
    [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 65535 )) || die "bad port: $1"
}

ensure_venv() {
    local stamp="$VENV/.slate-ralph-stamp" want
    want="$RALPH_SPEC ${EXTRA_SPECS[*]} $(sha256sum "$CONSTRAINTS" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$VENV/bin/python" ]]; then
        return 0
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        echo "ralph.sh: creating venv $VENV" >&2
        "$PYTHON" -m venv "$VENV"
    fi
    echo "ralph.sh: installing $RALPH_SPEC into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input -c "$CONSTRAINTS" "$RALPH_SPEC" "${EXTRA_SPECS[@]}" >&2
    "$VENV/bin/python" -c 'import ralph, uvicorn, bcrypt, requests; assert ralph.__version__ == "5.1.0", ralph.__version__'
    printf '%s' "$want" > "$stamp"
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
port_busy() {
    "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

pid_alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

cmd_start() {
    local port="$1"
    local pidfile="$TARGET_DIR/ralph-$port.pid"
    local rundir="$TARGET_DIR/ralph-$port"
    local timeout="${RALPH_START_TIMEOUT:-60}"

    if [[ -f "$pidfile" ]]; then
        local old
        old="$(cat "$pidfile")"
        if pid_alive "$old"; then
            die "a server is already running for port $port (pid $old, $pidfile); run: $0 stop $port"
        fi
        rm -f "$pidfile"
    fi

    mkdir -p "$TARGET_DIR"
    ensure_venv

    if port_busy "$port"; then
        die "127.0.0.1:$port is already in use by another process"
    fi

    # Fresh data for every run.
    rm -rf "$rundir"
    mkdir -p "$rundir/data"

    # Basic-auth credentials file in Ralph's format (what `ralph auth -w`
    # writes): bcrypt hash, scopes, and the agent used as `authority`.
    "$VENV/bin/python" - "$rundir/auth.json" "$USERNAME" "$PASSWORD" <<'PY'
import json, sys, bcrypt
path, user, password = sys.argv[1:]
creds = [{
    "username": user,
    "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode("ascii"),
    "scopes": ["statements/write", "statements/read"],
    "agent": {"objectType": "Agent", "name": "Slate test client",
              "mbox": "mailto:slate-test@example.org"},
}]
with open(path, "w", encoding="utf-8") as f:
    json.dump(creds, f, indent=2)
PY

    # Start from a clean RALPH_* environment so a developer's settings cannot
    # leak in; cwd is the run dir so no stray .env file is read.
    local -a clean_env=()
    local v
    for v in $(compgen -e); do
        [[ "$v" == RALPH_* ]] && clean_env+=(-u "$v")
    done
    (
        cd "$rundir"
        exec env "${clean_env[@]}" \
            RALPH_FS_APPEND="${RALPH_FS_APPEND:-1}" \
            RALPH_APP_DIR="$rundir" \
            RALPH_AUTH_FILE="$rundir/auth.json" \
            RALPH_HISTORY_FILE="$rundir/history.json" \
            RALPH_RUNSERVER_BACKEND=fs \
            RALPH_RUNSERVER_AUTH_BACKENDS=basic \
            RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$rundir/data" \
            RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE=fs_lrs.jsonl \
            "$VENV/bin/python" -m uvicorn ralph_app:app \
                --app-dir "$HERE" --host "$HOST" --port "$port" \
                --workers 1 --log-level info
    ) </dev/null >"$rundir/server.log" 2>&1 &
    local pid=$!
    echo "$pid" > "$pidfile"

    # Wait until the heartbeat answers and the credentials are accepted.
    local deadline=$((SECONDS + timeout))
    until "$VENV/bin/python" - "$port" "$USERNAME" "$PASSWORD" <<'PY' 2>/dev/null
import base64, sys, urllib.request
port, user, password = sys.argv[1:]
base = f"http://127.0.0.1:{port}"
urllib.request.urlopen(base + "/__heartbeat__", timeout=2).read()
req = urllib.request.Request(base + "/whoami", headers={
    "Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()})
urllib.request.urlopen(req, timeout=2).read()
PY
    do
        if ! pid_alive "$pid"; then
            rm -f "$pidfile"
            tail -n 40 "$rundir/server.log" >&2 || true
            die "Ralph exited during startup (log: $rundir/server.log)"
        fi
        if (( SECONDS >= deadline )); then
            kill "$pid" 2>/dev/null || true
            rm -f "$pidfile"
            tail -n 40 "$rundir/server.log" >&2 || true
            die "Ralph did not answer on $HOST:$port within ${timeout}s"
        fi
        sleep 0.5
    done

    echo "Ralph LRS 5.1.0 (fs backend) running: pid $pid"
    echo "RALPH_PID=$pid"
    echo "RALPH_PIDFILE=$pidfile"
    echo "RALPH_URL=http://$HOST:$port/xAPI"
    echo "RALPH_STATEMENTS=http://$HOST:$port/xAPI/statements"
    echo "RALPH_USER=$USERNAME"
    echo "RALPH_PASSWORD=$PASSWORD"
    echo "RALPH_DATA=$rundir/data/fs_lrs.jsonl"
    echo "RALPH_LOG=$rundir/server.log"
}

cmd_stop() {
    local port="$1"
    local pidfile="$TARGET_DIR/ralph-$port.pid"
    if [[ ! -f "$pidfile" ]]; then
        echo "ralph.sh: no pid file $pidfile; nothing to stop" >&2
        return 0
    fi
    local pid
    pid="$(cat "$pidfile")"
    [[ "$pid" =~ ^[0-9]+$ ]] || { rm -f "$pidfile"; die "bad pid file $pidfile"; }
    if pid_alive "$pid"; then
        # Only signal the process if it is really our uvicorn for this port.
        if [[ -r "/proc/$pid/cmdline" ]] &&
            ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "ralph_app:app.*--port $port"; then
            rm -f "$pidfile"
            die "pid $pid is not the Ralph server for port $port; pid file removed, process left alone"
        fi
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do
            pid_alive "$pid" || break
            sleep 0.2
        done
        if pid_alive "$pid"; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "ralph.sh: stopped Ralph (pid $pid) on port $port" >&2
    else
        echo "ralph.sh: Ralph (pid $pid) was not running" >&2
    fi
    rm -f "$pidfile"
}

[[ $# -eq 2 ]] || usage
check_port "$2"
case "$1" in
    start) cmd_start "$2" ;;
    stop) cmd_stop "$2" ;;
    *) usage ;;
esac
