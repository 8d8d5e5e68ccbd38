#!/usr/bin/env bash
# The service load benchmark: Axon with SigV4 verification against the same
# router without the layer (--insecure-no-verify), side by side in one run,
# on 127.0.0.1. Each round measures both variants twice:
#   - throughput: CONCURRENCY workers sending as fast as Axon responds;
#   - latency: one worker, one request at a time, so that the percentiles
#     show the time spent per request rather than time spent queued behind
#     other requests (on 2 cores, queueing dominates the tail at saturation).
# Bounded: ROUNDS rounds of SECONDS_PER_RUN seconds per variant and phase.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${SECONDS_PER_RUN:-6}
ROUNDS=${ROUNDS:-5}
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

# Prints the CPU time (user + system, in clock ticks) a process has used.
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}
ticks_per_second=$(getconf CLK_TCK)

for round in $(seq 1 "$ROUNDS"); do
    for phase in throughput latency; do
        workers=$CONCURRENCY; [[ $phase == latency ]] && workers=1
        # Alternate which variant goes first, so that neither always runs
        # on a machine warmed up (or slowed down) by the other.
        order="verified baseline"; (( round % 2 == 0 )) && order="baseline verified"
        for variant in $order; do
            port=18181 pid=$verified
            [[ $variant == baseline ]] && port=18182 pid=$baseline
            before=$(cpu_ticks "$pid")
            report=$("$bin/agentsec-loadgen" --url "http://127.0.0.1:$port/reason" --keys "$run_dir/keys.json" \
                --concurrency "$workers" --seconds "$SECONDS_PER_RUN" --label "$phase-$variant-$round")
            after=$(cpu_ticks "$pid")
            # Axon's own CPU time for the run, next to the load generator's
            # report.
            echo "${report%\}},\"server_cpu_seconds\":$(awk -v t=$((after - before)) -v hz="$ticks_per_second" 'BEGIN {print t / hz}')}"
        done
    done
done | tee "$run_dir/results.jsonl"

python3 - "$run_dir/results.jsonl" "$CONCURRENCY" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
concurrency = sys.argv[2]

def median(phase, variant, key):
    return statistics.median(r[key] for r in runs if r["label"].startswith(f"{phase}-{variant}-"))

def errors(variant):
    return sum(r["errors"] for r in runs if f"-{variant}-" in r["label"])

rounds = len(runs) // 4
print(f"median of {rounds} rounds each")
print(f"throughput ({concurrency} workers):")
for variant, name in (("verified", "with verification"), ("baseline", "without verification")):
    print(f"  {name:22} {median('throughput', variant, 'requests_per_second'):8.0f} req/s, "
          f"p99 {median('throughput', variant, 'p99_us'):.0f} us")
print("latency (1 worker, one request at a time):")
for variant, name in (("verified", "with verification"), ("baseline", "without verification")):
    print(f"  {name:22} p50 {median('latency', variant, 'p50_us'):.0f} us, p99 {median('latency', variant, 'p99_us'):.0f} us")
def cpu_per_request(phase, variant):
    return statistics.median(r["server_cpu_seconds"] / r["requests"] * 1e6 for r in runs
                             if r["label"].startswith(f"{phase}-{variant}-") and r["requests"])

print("Axon CPU time per request:")
for phase in ("throughput", "latency"):
    verified, baseline = cpu_per_request(phase, "verified"), cpu_per_request(phase, "baseline")
    print(f"  {phase:10} phase: {verified:.1f} us with verification, {baseline:.1f} us without "
          f"(difference {verified - baseline:+.1f} us)")
ratio = median("throughput", "verified", "requests_per_second") / median("throughput", "baseline", "requests_per_second")
overhead = median("latency", "verified", "p99_us") - median("latency", "baseline", "p99_us")
print(f"throughput ratio {ratio:.3f} (goal >= 0.95); p99 overhead at 1 worker {overhead:.0f} us (goal < 50); "
      f"errors {errors('verified')} verified, {errors('baseline')} baseline")
PY
