#!/usr/bin/env bash
# JMH benchmark of compute-service's estimate package (one thread). Usage: compute-service/benchmark/run-jmh.sh [jmh args]
set -euo pipefail
cd "$(dirname "$0")/../.."
MAVEN_OPTS=${MAVEN_OPTS:--Xmx1g} ./mvnw -B -q -o -pl compute-service test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cd compute-service
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  'dev.estimator.compute.benchmark.EstimateBenchmark' "$@"
