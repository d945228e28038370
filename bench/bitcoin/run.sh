#!/usr/bin/env bash
# Bitcoin backfill benchmark (issue 5): builds a litecoind regtest chain (>= 10k blocks, >= 200k transactions),
# then measures the raw REST fetch-and-parse rate against Assay's backfill. See bench/RESULTS.md.
# Usage: bench/bitcoin/run.sh [-Drounds=10] [-DperRound=20000] [-Druns=3] [-Dparallelism=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -B compile dependency:build-classpath -Dmdep.outputFile=target/bench-bitcoin.cp -Dmdep.includeScope=runtime
# the JVM flags Chronicle Map needs (pom property chronicle.jvm.flags)
FLAGS=$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)
exec "$JAVA_HOME/bin/java" $FLAGS -Xmx4g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Ddevnet.project-dir="$PWD" "$@" \
  -cp "target/classes:$(cat target/bench-bitcoin.cp)" bench/bitcoin/BitcoinBackfillBench.java
