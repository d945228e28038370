#!/usr/bin/env bash
# Runs the store benchmarks with JMH. Builds the test classes with the JMH annotation processor (-Pbench), then
# starts org.openjdk.jmh.Main on the test class path; forks get the Chronicle Map JVM flags from pom.xml.
#   bench/run.sh                      every benchmark, with the GC profiler (what bench/RESULTS.md reports)
#   bench/run.sh ValueAtBench -f 1    any JMH arguments instead
# Data sets are built once under bench/target/data (10M points). BENCH_JVM_ARGS adds fork options, e.g.
#   BENCH_JVM_ARGS="-Dassay.bench.points=100000 -Dassay.bench.dir=/tmp/smoke" bench/run.sh -f 1 -wi 1 -i 1
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt >&2
FLAGS="$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)"
CP="target/bench/test-classes:target/bench/classes:$(cat target/bench/classpath.txt)"
mkdir -p bench/target
if [ "$#" -eq 0 ]; then
  set -- -prof gc -rf text -rff bench/target/jmh-result.txt 'io.assay.bench.store.*'
fi
# -Dout: QuestDB's log configuration (errors only; see bench/questdb-log.conf)
QLOG="-Dout=$PWD/bench/questdb-log.conf"
# shellcheck disable=SC2086 # FLAGS is a list of JVM options
exec "$JAVA_HOME/bin/java" $FLAGS -Xmx4g -cp "$CP" org.openjdk.jmh.Main \
  -jvmArgsAppend "$FLAGS -Xmx4g $QLOG ${BENCH_JVM_ARGS:-}" "$@"
