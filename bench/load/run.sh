#!/usr/bin/env bash
# API load benchmark (issue 6): wrk and an open-loop driver against the packaged jar on the devnet demo.
#   bench/load/run.sh                                  # 3 rounds of 15 s per endpoint (about 6 minutes)
#   bench/load/run.sh -Drounds=1 -Dduration=5 -DopenDuration=5     # a quick look
set -euo pipefail
cd "$(dirname "$0")/../.."
for h in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
  if [ -n "$h" ] && [ -x "$h/bin/java" ]; then export JAVA_HOME="$h"; break; fi
done
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
if [ "${SKIP_PACKAGE:-}" != "1" ]; then
  ./mvnw -q -B -DskipTests package
fi
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
[ -d chains/devnet/node_modules ] || (cd chains/devnet && npm ci --no-audit --no-fund --loglevel=error)
flags=$(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)
# the app's JVM options as the ./assay launcher gives them (override: -DlauncherJavaOpts=...)
appflags=$(sed -n 's:.*<app.jvm.flags>\(.*\)</app.jvm.flags>.*:\1:p' pom.xml)
mkdir -p bench/results/raw
out="bench/results/raw/load-$(date +%Y%m%d-%H%M%S).txt"
{ echo "# $(date -u) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg), $(wrk --version 2>&1 | head -1)"; } | tee "$out"
# the driver runs the devnet and the load; the app under test is a separate `java -jar` (flags from its manifest)
"$JAVA_HOME/bin/java" $flags -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Ddevnet.project-dir="$PWD" "-DlauncherJavaOpts=$appflags" "$@" \
  -cp "target/classes:$(cat target/bench-cp.txt)" bench/load/ApiLoadBench.java 2>&1 | grep -v '^WARNING' | tee -a "$out"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
