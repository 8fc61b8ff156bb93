#!/usr/bin/env bash
# Load test against a running local stack (start it with deploy/local/run.sh --detach first).
#   deploy/load/run.sh [gatewayUrl] [sweepSize] [latencySamples]
# Defaults: http://127.0.0.1:8080, a 10,000-scenario sweep, 200 single-scenario latency samples.
# Needs only a JDK. Results: see docs/benchmarks/gateway.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
exec java deploy/load/GatewayLoad.java "${1:-http://127.0.0.1:8080}" "${2:-10000}" "${3:-200}"
