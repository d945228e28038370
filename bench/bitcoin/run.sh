#!/usr/bin/env bash
# Bitcoin backfill benchmark (issue 5): builds a litecoind regtest chain (>= 10k blocks, >= 200k transactions),
# then measures the raw REST fetch-and-parse rate against Assay's backfill. See bench/RESULTS.md.
#   bench/bitcoin/run.sh                         # 10 rounds of 20,000 transactions, 5 runs
#   bench/bitcoin/run.sh -Druns=5 -Dparallelism=8
#   bench/bitcoin/run.sh -Dnode=http://user:pw@127.0.0.1:port/   # measure a chain this script built and kept
#   bench/bitcoin/run.sh -Dbackends=true -Drounds=3 -Druns=3 -Dsizes=10,1000,100000   # issue 20: full scan vs filters
set -euo pipefail
cd "$(dirname "$0")/../.."
for h in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  if [ -n "$h" ] && [ -x "$h/bin/java" ]; then export JAVA_HOME="$h"; break; fi
done
./mvnw -q -B compile dependency:build-classpath -Dmdep.outputFile=target/bench-bitcoin.cp -Dmdep.includeScope=runtime
# the JVM flags Chronicle Map needs (pom property chronicle.jvm.flags)
flags=$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)
mkdir -p bench/results/raw
out="bench/results/raw/bitcoin-$(date +%Y%m%d-%H%M%S).txt"
echo "# $(date -u) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out"
"$JAVA_HOME/bin/java" $flags -Xmx4g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Ddevnet.project-dir="$PWD" "$@" \
  -cp "target/classes:$(cat target/bench-bitcoin.cp)" bench/bitcoin/BitcoinBackfillBench.java 2>&1 \
  | grep --line-buffered -v "^WARNING" | tee -a "$out"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
