#!/usr/bin/env bash
# EVM backfill benchmark (issue 4): raw eth_getLogs vs Assay vs ponder on one local anvil chain.
#   bench/evm/run.sh                      # 1,000,000 events, 3 rounds, ponder
#   bench/evm/run.sh -Devents=200000 -Drounds=5 -DskipPonder=true
set -euo pipefail
cd "$(dirname "$0")/../.."
for h in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  if [ -n "$h" ] && [ -x "$h/bin/java" ]; then export JAVA_HOME="$h"; break; fi
done
./mvnw -q -B compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
[ -d chains/devnet/node_modules ] || (cd chains/devnet && npm ci --no-audit --no-fund --loglevel=error)
(cd bench/ponder && npm ci --no-audit --no-fund --loglevel=error)
flags=$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)
mkdir -p bench/results/raw
out="bench/results/raw/evm-$(date +%Y%m%d-%H%M%S).txt"
{ echo "# $(date -u) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"; } | tee "$out"
"$JAVA_HOME/bin/java" $flags -Xmx4g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Ddevnet.project-dir="$PWD" "$@" \
  -cp "target/classes:$(cat target/bench-cp.txt)" bench/evm/EvmBackfillBench.java 2>&1 | grep -v '^WARNING' | tee -a "$out"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
