#!/usr/bin/env bash
# Load test against a running local stack (start it with deploy/local/run.sh --detach first).
#   deploy/load/run.sh [gatewayUrl] [sweepSize] [latencySamples]
# Defaults: http://127.0.0.1:8080, a 10,000-scenario sweep, 200 single-scenario latency samples.
# Needs only a JDK. Results: see docs/benchmarks/gateway.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# The tool shares the machine with the pipeline it measures, so it keeps its own CPU low: C1 only (it lives for
# seconds, and C2 compiling its HTTP client took ~3/4 of its CPU during a sweep) and the serial collector.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC deploy/load/GatewayLoad.java "${1:-http://127.0.0.1:8080}" "${2:-10000}" "${3:-200}"
