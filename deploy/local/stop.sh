#!/usr/bin/env bash
# Stops a local stack started by deploy/local/run.sh (also one started with --detach): services first,
# then PostgreSQL and Kafka. Leaves no process behind.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${ESTIMATOR_HOME:-$ROOT/.local-stack}"

if [[ ! -f "$STATE/launcher.pid" ]]; then
  echo "No local stack is running (no $STATE/launcher.pid)."
  exit 0
fi
pid="$(cat "$STATE/launcher.pid")"
children="$(cat "$STATE/pids" 2>/dev/null || true)"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
fi
# The launcher stops its children in its shutdown hook; anything still alive (launcher killed with -9) goes now.
for p in $pid $children; do
  if kill -0 "$p" 2>/dev/null; then
    kill -KILL "$p" 2>/dev/null || true
  fi
done
# A broker left running by a killed launcher (it runs in its own session): stop it through its pid file.
if [[ -f "$STATE/kafka/broker.pid" ]]; then
  broker="$(head -n 1 "$STATE/kafka/broker.pid")"
  if kill -0 "$broker" 2>/dev/null; then
    kill -TERM "$broker" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$broker" 2>/dev/null || break
      sleep 1
    done
    kill -KILL "$broker" 2>/dev/null || true
  fi
  rm -f "$STATE/kafka/broker.pid"
fi
# Embedded PostgreSQL left running by a killed launcher: stop it through its own pid file.
if [[ -f "$STATE/pgdata/postmaster.pid" ]]; then
  pg="$(head -n 1 "$STATE/pgdata/postmaster.pid")"
  kill -0 "$pg" 2>/dev/null && kill -TERM "$pg" 2>/dev/null || true
fi
rm -f "$STATE/launcher.pid" "$STATE/pids" "$STATE/ready"
echo "Local stack stopped."
