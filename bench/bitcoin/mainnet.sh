#!/usr/bin/env bash
# Mainnet-like Bitcoin backends benchmark (issue 20): ~1 MB regtest blocks built directly, then full scan vs filters
# vs Esplora history for 10 / 1,000 / 100,000 scripts. See bench/RESULTS.md "Bitcoin backends".
#   nice -n 15 bench/bitcoin/mainnet.sh -Dphase=build -Dblocks=2000 -Dwork=/work/bench-data/btc   # build (resumable)
#   /work/wt/cpu bench/bitcoin/mainnet.sh -Dphase=measure -Dwork=/work/bench-data/btc             # measure
#   bench/bitcoin/mainnet.sh -Dphase=sample -Dwork=/work/bench-data/btc    # parse sample for BlockParseBench (JMH)
set -euo pipefail
cd "$(dirname "$0")/../.."
for h in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  if [ -n "$h" ] && [ -x "$h/bin/java" ]; then export JAVA_HOME="$h"; break; fi
done
if [ ! -f target/bench-bitcoin.cp ] || [ -n "${REBUILD:-}" ]; then
  ./mvnw -q -B -o compile dependency:build-classpath -Dmdep.outputFile=target/bench-bitcoin.cp -Dmdep.includeScope=runtime
fi
flags=$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)
mkdir -p bench/results/raw
out="bench/results/raw/bitcoin-mainnet-like-$(date +%Y%m%d-%H%M%S).txt"
echo "# $(date -u) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg); $*" | tee "$out"
"$JAVA_HOME/bin/java" $flags -Xmx6g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Ddevnet.project-dir="$PWD" "$@" \
  -cp "target/classes:$(cat target/bench-bitcoin.cp)" bench/bitcoin/MainnetLikeBench.java 2>&1 \
  | grep --line-buffered -v "^WARNING" | tee -a "$out"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
