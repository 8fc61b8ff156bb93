#!/usr/bin/env bash
# DEV ONLY: prints a bearer token the local stack's services accept (the gateway; catalog and cost on edits).
#   deploy/local/token.sh analyst|admin [subject] [ttl-seconds]
#   curl -H "Authorization: Bearer $(deploy/local/token.sh analyst)" ...
# Signs with deploy/local/dev-keys/dev-jwt-private.pem (a development key committed on purpose; never
# use it anywhere real: production sets JWT_PUBLIC_KEY_LOCATION/JWT_ISSUER to its identity provider).
# Signed by the local stack's DevTokens (SmallRye JWT), so deploy/local/run.sh (which builds it) must have run once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
role="${1:-}"
if [[ "$role" != "analyst" && "$role" != "admin" ]]; then
  echo "usage: $0 analyst|admin [subject] [ttl-seconds]" >&2
  exit 2
fi
stack="$here/../local-stack/target"
if [[ ! -f "$stack/local-stack.jar" ]]; then
  echo "$0: build the local stack first (deploy/local/run.sh, or ./mvnw -q install -pl deploy/local-stack -am -DskipTests)" >&2
  exit 1
fi
exec java -cp "$stack/local-stack.jar:$stack/lib/*" dev.estimator.stack.DevTokens "$role" "${2:-dev-$role}" "${3:-3600}" "$here/dev-keys/dev-jwt-private.pem" \
  "${JWT_ISSUER:-https://estimator.local/dev}"
