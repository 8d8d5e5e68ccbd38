#!/usr/bin/env bash
# The local end-to-end demo: builds everything, starts a moto server as the
# local AWS, creates the signing key in its Secrets Manager, starts Axon and
# Orbit on 127.0.0.1 with their keys from there, sends dispatches through
# Orbit, shows an unsigned, a tampered and a replayed request being rejected
# with the security event each one produced, rotates the key while
# dispatches run (zero failures), and stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

AXON_PORT=${AXON_PORT:-8081}
AXON_ADMIN_PORT=${AXON_ADMIN_PORT:-9081}
ORBIT_PORT=${ORBIT_PORT:-8080}
MOTO_PORT=${MOTO_PORT:-5055}
PROJECT_NAME=${PROJECT_NAME:-agentsec}
run_dir=.run/demo
bin=target/debug
secret_id=$PROJECT_NAME/sigv4/signing-key
keys="secretsmanager:$secret_id?poll=2s"

# Every AWS call of the demo goes to the moto server on loopback.
export AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_EC2_METADATA_DISABLED=true

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
    for name in traffic orbit axon moto; do
        if [[ -f $run_dir/$name.pid ]]; then
            kill -TERM "$(cat "$run_dir/$name.pid")" 2>/dev/null || true
        fi
    done
    for name in traffic orbit axon moto; do
        if [[ -f $run_dir/$name.pid ]]; then
            pid=$(cat "$run_dir/$name.pid")
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            rm -f "$run_dir/$name.pid"
        fi
    done
}
trap stop_services EXIT

step "Installing tools and building (a first build takes several minutes)"
scripts/dev/python-env.sh
scripts/dev/require-tools.sh
cargo build --workspace --bins
mkdir -p "$run_dir"

step "Starting moto (the local AWS) on 127.0.0.1:$MOTO_PORT and creating the signing key in Secrets Manager"
.venv/bin/python -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$run_dir/moto.log" 2>&1 &
echo $! >"$run_dir/moto.pid"
for _ in $(seq 1 100); do curl -fsS "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done
# provision-local creates the environment the Terraform modules describe,
# the signing secret among it, and refuses any endpoint but loopback.
"$bin/agentsec" provision-local --endpoint-url "$AWS_ENDPOINT_URL" --project-name "$PROJECT_NAME" >"$run_dir/provision.log"
grep -m1 "signing" "$run_dir/provision.log" || true

step "Starting Axon (127.0.0.1:$AXON_PORT, admin :$AXON_ADMIN_PORT) and Orbit (127.0.0.1:$ORBIT_PORT), keys from $secret_id"
"$bin/axon" --keys "$keys" --listen "127.0.0.1:$AXON_PORT" --admin-listen "127.0.0.1:$AXON_ADMIN_PORT" \
    >"$run_dir/axon.log" 2>&1 &
echo $! >"$run_dir/axon.pid"
"$bin/orbit" --keys "$keys" --listen "127.0.0.1:$ORBIT_PORT" --axon-url "http://127.0.0.1:$AXON_PORT" \
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
"$bin/agentsec" sign --keys "$keys" --url "$axon" --method POST \
    -H 'content-type: application/json' --data '{"task":"transfer 10"}' --tamper body || true
echo "security event: $(last_event)"

step "A signed request sent twice (the second is a replay)"
"$bin/agentsec" sign --keys "$keys" --url "$axon" --method POST \
    -H 'content-type: application/json' --data '{"task":"once"}' --repeat 2 || true
echo "security event: $(last_event)"

step "Rotating the signing key while dispatches run (10 per second)"
: >"$run_dir/traffic.log"
(
    # Bounded: at most 600 dispatches (60 seconds).
    for n in $(seq 1 600); do
        [[ -f $run_dir/traffic.stop ]] && break
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$ORBIT_PORT/dispatch" \
            -H 'content-type: application/json' -d "{\"n\":$n}")
        echo "$code" >>"$run_dir/traffic.log"
        sleep 0.1
    done
) &
echo $! >"$run_dir/traffic.pid"
rm -f "$run_dir/traffic.stop"
sleep 2
"$bin/agentsec" rotate-secrets --secret-id "$secret_id" --verify-url "http://127.0.0.1:$AXON_PORT/auth/check" \
    --test-timeout-seconds 30
sleep 5  # let Orbit's next key poll pick up the new AWSCURRENT
touch "$run_dir/traffic.stop"
wait "$(cat "$run_dir/traffic.pid")" 2>/dev/null || true
rm -f "$run_dir/traffic.pid"
sent=$(wc -l <"$run_dir/traffic.log")
failed=$(grep -vc '^200$' "$run_dir/traffic.log" || true)
echo "dispatches during the rotation: $sent sent, $failed failed"
echo "Orbit now signs with: $(curl -sS -X POST "http://127.0.0.1:$ORBIT_PORT/dispatch" -H 'content-type: application/json' \
    -d '{"task":"after rotation"}' | sed -e 's/.*"key_name":"\([^"]*\)".*/\1/')"

step "Axon's counters (admin listener)"
curl -sS "http://127.0.0.1:$AXON_ADMIN_PORT/metrics" | grep '^axon_sigv4_requests_total'

step "Stopping both services (SIGTERM)"
stop_services
grep -h '"message":"\(axon\|orbit\) stopped"' "$run_dir/axon.log" "$run_dir/orbit.log"
echo
echo "demo finished; logs are in $run_dir/"
if [[ $failed -ne 0 ]]; then
    echo "error: $failed dispatches failed during the rotation" >&2
    exit 1
fi
