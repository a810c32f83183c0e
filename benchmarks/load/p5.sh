#!/usr/bin/env bash
# P5 of issue 10: throughput of one endpoint with and without the starter, same fake vendor.
# wrk (Debian package `wrk`), 2 threads, 50 connections, 30 s per endpoint, after a 10 s warm-up of each.
# Usage (from the repository root, after `./mvnw -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/load/p5.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
PORT=${P5_PORT:-18080}
ROUNDS=${1:-1}
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.thirdparty.benchmarks.load.LoadApplication \
  --server.port="$PORT" > /tmp/p5-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "localhost:$PORT/without/1" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "localhost:$PORT/with/1" >/dev/null || { echo "the load application did not start: /tmp/p5-app.log" >&2; exit 1; }
for path in with without; do wrk -t2 -c50 -d10s "http://localhost:$PORT/$path/1" >/dev/null; done
echo "| round | endpoint | requests/s | p50 | p99 | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for path in without with; do
    out=$(wrk -t2 -c50 -d30s --latency "http://localhost:$PORT/$path/1")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print $0}' <<<"$out" | tr '\n' ' ')
    echo "| $round | /$path | $rps | $p50 | $p99 | ${errors:-0} |"
  done
done
