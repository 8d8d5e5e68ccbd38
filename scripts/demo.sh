#!/usr/bin/env bash
# The local end-to-end demo: builds everything, creates a key, starts Axon
# and Orbit on 127.0.0.1, sends dispatches through Orbit, shows an
# unsigned, a tampered and a replayed request being rejected with the
# security event each one produced, and stops both services.
set -euo pipefail
cd "$(dirname "$0")/.."

AXON_PORT=${AXON_PORT:-8081}
AXON_ADMIN_PORT=${AXON_ADMIN_PORT:-9081}
ORBIT_PORT=${ORBIT_PORT:-8080}
run_dir=.run/demo
bin=target/debug

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

wait_for() {
    local url=$1
    for _ in $(seq 1 100); do
        curl -fsS "$url" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "error: $url did not answer; see $run_dir/*.log" >&2
    return 1
}

last_event() {
    sleep 0.2
    grep '"event":"sigv4_rejected"' "$run_dir/axon.log" | tail -n 1
}

stop_services() {
    for name in orbit axon; do
        if [[ -f $run_dir/$name.pid ]]; then
            kill -TERM "$(cat "$run_dir/$name.pid")" 2>/dev/null || true
        fi
    done
    for name in orbit axon; do
        if [[ -f $run_dir/$name.pid ]]; then
            pid=$(cat "$run_dir/$name.pid")
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            rm -f "$run_dir/$name.pid"
        fi
    done
}
trap stop_services EXIT

step "Installing tools and building (a first build takes several minutes)"
scripts/dev/require-tools.sh
cargo build --workspace --bins

step "Creating a signing key"
mkdir -p "$run_dir"
"$bin/agentsec" keys init --out "$run_dir/keys.json" --force

step "Starting Axon (127.0.0.1:$AXON_PORT, admin :$AXON_ADMIN_PORT) and Orbit (127.0.0.1:$ORBIT_PORT)"
"$bin/axon" --keys "$run_dir/keys.json" --listen "127.0.0.1:$AXON_PORT" --admin-listen "127.0.0.1:$AXON_ADMIN_PORT" \
    >"$run_dir/axon.log" 2>&1 &
echo $! >"$run_dir/axon.pid"
"$bin/orbit" --keys "$run_dir/keys.json" --listen "127.0.0.1:$ORBIT_PORT" --axon-url "http://127.0.0.1:$AXON_PORT" \
    >"$run_dir/orbit.log" 2>&1 &
echo $! >"$run_dir/orbit.pid"
wait_for "http://127.0.0.1:$AXON_ADMIN_PORT/healthz"
wait_for "http://127.0.0.1:$ORBIT_PORT/healthz"

step "Dispatching three tasks through Orbit (each call to Axon is signed)"
for task in plan summarize review; do
    curl -sS -X POST "http://127.0.0.1:$ORBIT_PORT/dispatch" -H 'content-type: application/json' \
        -d "{\"task\":\"$task\"}"
    echo
done

axon="http://127.0.0.1:$AXON_PORT/reason"

step "An unsigned request straight to Axon"
curl -sS -X POST "$axon" -H 'content-type: application/json' -d '{"task":"sneak"}'
echo
echo "security event: $(last_event)"

step "A signed request whose body was changed after signing"
"$bin/agentsec" sign --keys "$run_dir/keys.json" --url "$axon" --method POST \
    -H 'content-type: application/json' --data '{"task":"transfer 10"}' --tamper body || true
echo "security event: $(last_event)"

step "A signed request sent twice (the second is a replay)"
"$bin/agentsec" sign --keys "$run_dir/keys.json" --url "$axon" --method POST \
    -H 'content-type: application/json' --data '{"task":"once"}' --repeat 2 || true
echo "security event: $(last_event)"

step "Axon's counters (admin listener)"
curl -sS "http://127.0.0.1:$AXON_ADMIN_PORT/metrics" | grep '^axon_sigv4_requests_total'

step "Stopping both services (SIGTERM)"
stop_services
grep -h '"message":"\(axon\|orbit\) stopped"' "$run_dir/axon.log" "$run_dir/orbit.log"
echo
echo "demo finished; logs are in $run_dir/"
