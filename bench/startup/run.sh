#!/usr/bin/env bash
# Startup benchmark (issue 9): time to the first ready /q/health/ready on stores of 1M and 10M points.
#   bench/startup/run.sh                          # builds the stores once (bench/target/startup), 5 runs per size
#   bench/startup/run.sh -Druns=3 -Dsizes=1000000,10000000,30000000
set -euo pipefail
cd "$(dirname "$0")/../.."
for h in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  if [ -n "$h" ] && [ -x "$h/bin/java" ]; then export JAVA_HOME="$h"; break; fi
done
if [ "${SKIP_PACKAGE:-}" != "1" ]; then
  ./mvnw -q -B -DskipTests package
fi
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
flags=$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)
mkdir -p bench/results/raw
out="bench/results/raw/startup-$(date +%Y%m%d-%H%M%S).txt"
{ echo "# $(date -u) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"; } | tee "$out"
# the driver builds the stores (store API, needs the Chronicle flags) and starts the app as `java -jar` (no flags)
"$JAVA_HOME/bin/java" $flags -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Ddevnet.project-dir="$PWD" "$@" \
  -cp "target/classes:$(cat target/bench-cp.txt)" bench/startup/StartupBench.java 2>&1 | grep -v '^WARNING' | tee -a "$out"
