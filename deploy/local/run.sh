#!/usr/bin/env bash
# Builds what is missing, starts Kafka (KRaft) and PostgreSQL (embedded by default), starts the four
# services as separate JVMs, waits until all are ready and prints the URLs. Everything listens on 127.0.0.1 only; the
# services run in the dev profile and trust the development key (deploy/local/dev-keys, tokens from token.sh).
#
#   deploy/local/run.sh [--demo] [--detach] [--rebuild] [--clean]
#
#   --demo     submit the GPT-3 175B example and print its estimate (expect ~3.64e3 PF-days)
#   --detach   return once everything is ready and leave it running; stop with deploy/local/stop.sh
#   --rebuild  rebuild the services even if they are already packaged
#   --clean    wipe the embedded database and the broker's data before starting
#
# Environment (all optional):
#   KAFKA_BOOTSTRAP_SERVERS  use this Kafka instead of starting one (default: a KRaft broker in its own JVM on
#                            ESTIMATOR_KAFKA_PORT=9092, data kept in $ESTIMATOR_HOME/kafka, JVM options ESTIMATOR_KAFKA_JAVA_OPTS)
#   ESTIMATOR_PG_ADMIN_URL   use this PostgreSQL (admin URL, e.g. postgresql://postgres:pw@127.0.0.1:5432/postgres);
#                            one database and login per service are created there (default: embedded on ESTIMATOR_PG_PORT=55432)
#   ESTIMATOR_HOME           state folder: logs, pids, embedded database, broker data (default: <checkout>/.local-stack)
#   ESTIMATOR_JAVA_OPTS      JVM options of each service (default: -Xmx384m -XX:+UseSerialGC)
#   ESTIMATOR_TOKEN          bearer token the demo sends (default: a dev analyst token from deploy/local/token.sh, if present)
# Needs only Java 17+. Ctrl-C stops everything it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${ESTIMATOR_HOME:-$ROOT/.local-stack}"
LOGS="$STATE/logs"
DEMO="" DETACH="" REBUILD="" CLEAN=""
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO="--demo" ;;
    --detach) DETACH=1 ;;
    --rebuild) REBUILD=1 ;;
    --clean) CLEAN="--clean" ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

command -v java >/dev/null || { echo "Java 17+ is required (java not found on PATH)" >&2; exit 1; }

if [[ -f "$STATE/launcher.pid" ]] && kill -0 "$(cat "$STATE/launcher.pid")" 2>/dev/null; then
  echo "A local stack is already running (pid $(cat "$STATE/launcher.pid")); stop it with deploy/local/stop.sh" >&2
  exit 1
fi

missing=""
for jar in catalog-service compute-service cost-service gateway; do
  [[ -f "$ROOT/$jar/target/quarkus-app/quarkus-run.jar" ]] || missing="$missing $jar"
done
[[ -f "$ROOT/deploy/local-stack/target/local-stack.jar" && -d "$ROOT/deploy/local-stack/target/lib" ]] || missing="$missing local-stack"
if [[ -n "$missing" || -n "$REBUILD" ]]; then
  echo "Building${missing:- everything} (./mvnw package -DskipTests)..."
  (cd "$ROOT" && MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}" ./mvnw -B -q package -DskipTests -pl deploy/local-stack,catalog-service,compute-service,cost-service,gateway)
fi

if [[ -z "${ESTIMATOR_TOKEN:-}" && -x "$ROOT/deploy/local/token.sh" ]]; then
  ESTIMATOR_TOKEN="$("$ROOT/deploy/local/token.sh" analyst 2>/dev/null || true)"
  export ESTIMATOR_TOKEN
fi

mkdir -p "$LOGS"
CP="$ROOT/deploy/local-stack/target/local-stack.jar:$ROOT/deploy/local-stack/target/lib/*"
LAUNCH=(java -Xmx768m -cp "$CP" dev.estimator.stack.LocalStackLauncher --root "$ROOT" --state-dir "$STATE" $DEMO $CLEAN)

if [[ -z "$DETACH" ]]; then
  echo "Logs: $LOGS (launcher output below; Ctrl-C stops everything)"
  exec "${LAUNCH[@]}"
fi

rm -f "$STATE/ready"
setsid nohup "${LAUNCH[@]}" >"$LOGS/launcher.log" 2>&1 </dev/null &
pid=$!
echo "Starting the local stack in the background (pid $pid); logs in $LOGS"
while [[ ! -f "$STATE/ready" ]]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "The local stack failed to start; see $LOGS/launcher.log:" >&2
    tail -n 40 "$LOGS/launcher.log" >&2
    exit 1
  fi
  sleep 1
done
cat "$LOGS/launcher.log"
echo "Stop it with: deploy/local/stop.sh"
