#!/usr/bin/env bash
# Liabilities benchmark (issue 22): read + build a Merkle-sum tree of N users x 3 assets, proof size, verification.
#   bench/liabilities/run.sh                    # 10,000,000 users (needs about 12 GB of heap; CSV ~0.6 GB in bench/target)
#   bench/liabilities/run.sh -Dusers=1000000    # any -D option of LiabilitiesBench
# BENCH_HEAP sets -Xmx (default 14g). The CSV is generated once per user count and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
for h in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  if [ -n "$h" ] && [ -x "$h/bin/java" ]; then export JAVA_HOME="$h"; break; fi
done
./mvnw -q -B compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
mkdir -p bench/results/raw
out="bench/results/raw/liabilities-$(date +%Y%m%d-%H%M%S).txt"
{ echo "# $(date -u) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"; } | tee "$out"
"$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xmx"${BENCH_HEAP:-14g}" "$@" \
  -cp "target/classes:$(cat target/bench-cp.txt)" bench/liabilities/LiabilitiesBench.java 2>&1 | grep -v '^WARNING' | tee -a "$out"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
