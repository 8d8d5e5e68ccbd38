#!/usr/bin/env bash
# The service load benchmark: Axon with SigV4 verification against the same
# router without the layer (--insecure-no-verify), side by side in one run,
# on 127.0.0.1. Bounded: ROUNDS rounds of SECONDS seconds per variant.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
ROUNDS=${ROUNDS:-3}
CONCURRENCY=${CONCURRENCY:-16}
run_dir=.run/load
mkdir -p "$run_dir"

cargo build --release -p axon -p agentsec-loadgen
bin=target/release
"$bin/agentsec-loadgen" --init-keys --keys "$run_dir/keys.json" --url http://127.0.0.1:1/

"$bin/axon" --keys "$run_dir/keys.json" --listen 127.0.0.1:18181 --admin-listen 127.0.0.1:19181 \
    --replay-capacity 5000000 >"$run_dir/axon-verified.log" 2>&1 &
verified=$!
"$bin/axon" --keys "$run_dir/keys.json" --listen 127.0.0.1:18182 --admin-listen 127.0.0.1:19182 \
    --insecure-no-verify >"$run_dir/axon-baseline.log" 2>&1 &
baseline=$!
trap 'kill -TERM $verified $baseline 2>/dev/null || true' EXIT
sleep 1

for round in $(seq 1 "$ROUNDS"); do
    for variant in verified baseline; do
        port=18181; [[ $variant == baseline ]] && port=18182
        "$bin/agentsec-loadgen" --url "http://127.0.0.1:$port/reason" --keys "$run_dir/keys.json" \
            --concurrency "$CONCURRENCY" --seconds "$SECONDS_PER_RUN" --label "$variant-$round"
    done
done | tee "$run_dir/results.jsonl"

python3 - "$run_dir/results.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
def summary(kind):
    rows = [r for r in runs if r["label"].startswith(kind)]
    return {k: statistics.median(r[k] for r in rows) for k in ("requests_per_second", "p50_us", "p99_us")}, sum(r["errors"] for r in rows)
v, verrors = summary("verified")
b, berrors = summary("baseline")
print(f"median of {len(runs)//2} rounds each:")
print(f"  with verification:    {v['requests_per_second']:.0f} req/s, p50 {v['p50_us']:.0f} us, p99 {v['p99_us']:.0f} us, errors {verrors}")
print(f"  without verification: {b['requests_per_second']:.0f} req/s, p50 {b['p50_us']:.0f} us, p99 {b['p99_us']:.0f} us, errors {berrors}")
print(f"  throughput ratio: {v['requests_per_second'] / b['requests_per_second']:.3f}; p99 overhead: {v['p99_us'] - b['p99_us']:.0f} us")
PY
