#!/usr/bin/env bash
# Runs a devnet node and ties its life to the JVM that started it: the JVM holds this script's stdin
# open; when the JVM exits for any reason (even kill -9) the pipe closes and the node is stopped.
# On SIGTERM/SIGINT (the JVM stopping it on purpose) the node is stopped the same way.
"$@" </dev/null &
child=$!
stop() {
  kill -TERM "$child" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$child" 2>/dev/null
  wait "$child" 2>/dev/null
}
trap 'stop; exit 143' TERM INT
cat >/dev/null <&0 &
watcher=$!
wait -n "$child" "$watcher"
status=$?
if kill -0 "$child" 2>/dev/null; then
  stop
  exit 0
fi
kill "$watcher" 2>/dev/null
exit "$status"
