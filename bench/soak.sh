#!/usr/bin/env bash
# Soak test: starts a SocketChat server from this checkout, runs bench/soak/Soak.java against it
# (2,000 clients chatting at a steady rate, a quarter of them connecting and disconnecting at
# random), and prints messages sent vs received for the clients that stayed, latency percentiles,
# and the server's heap and open file descriptors at start and end. Not part of the unit suite.
#
#   bench/soak.sh                         10 minutes, 2,000 clients (500 of them churning)
#   bench/soak.sh --duration 120          shorter run; any Soak.java option passes through:
#                                         --clients N --churn N --interval MS --broadcast-percent P
#   SOAK_PORT=4600 SERVER_OPTS="--flood-rate 10" bench/soak.sh
#
# Exit code 0 only if every delivery among staying clients arrived and no client saw an error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${SOAK_PORT:-4600}"
out="$root/bench/soak/target"
mkdir -p "$out"

./dev mvn -B -q package -DskipTests
java_home=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
  if [ -x "$candidate/bin/jcmd" ] && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    java_home="$candidate"
    break
  fi
done
[ -n "$java_home" ] || { echo "soak: no JDK 21+ with jcmd found" >&2; exit 1; }
export JAVA_HOME="$java_home"

# The server runs under a small wrapper that records how it ended (a signal shows as 128+N).
# shellcheck disable=SC2086
( JAVA_OPTS="${JAVA_OPTS:-}" chat-console/target/chat-server/bin/chat-server --bind 127.0.0.1 --port "$port" \
    --log-level WARN ${SERVER_OPTS:-} >"$out/server.log" 2>&1
  echo "$(date -u +%H:%M:%S) server exited with status $?" >"$out/server-exit.txt" ) &
wrapper=$!
rm -f "$out/server-exit.txt"
pid=""
for _ in $(seq 1 100); do
  pid="$(pgrep -P "$wrapper" java || true)" # the launcher execs java: the wrapper's child is the JVM
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "soak: server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "soak: server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
  sleep 0.1
done

fds() { ls "/proc/$pid/fd" 2>/dev/null | wc -l; }
# Used heap summed over the generations (the serial collector prints one line per generation, G1 one in all).
heap() {
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null \
    | awk '/garbage-first heap/ {print; exit} /^ *(def new generation|DefNew|tenured generation|Tenured) +total/ {for (i = 1; i <= NF; i++) if ($i == "used") {sub(/K,?/, "", $(i+1)); used += $(i+1)}} END {if (used) print "used " used "K (young + old)"}' \
    | head -n 1 | sed 's/^ *//'
}
rss() { awk '/^VmRSS:/ {print $2 $3}' "/proc/$pid/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$pid/status"; }

"$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
start_fds="$(fds)"
echo "server pid $pid port $port"
echo "start: fds=$(fds) rss=$(rss) os-threads=$(threads) heap(after GC): $(heap)"

( while sleep 60; do
    echo "$(date -u +%H:%M:%S) fds=$(fds) rss=$(rss) os-threads=$(threads) heap: $(heap)"
  done ) >"$out/samples.log" 2>&1 &
sampler=$!

status=0
"$JAVA_HOME/bin/java" -Xss512k "$root/bench/soak/Soak.java" --port "$port" "$@" | tee "$out/soak.log" || status=$?
kill "$sampler" 2>/dev/null || true

# Let the server notice every close, then measure again like the start (after a GC).
for _ in $(seq 1 100); do [ "$(fds)" -le $((start_fds + 2)) ] && break; sleep 0.2; done
"$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
echo "samples during the run (every 60 s):"
sed 's/^/  /' "$out/samples.log"
echo "end:   fds=$(fds) rss=$(rss) os-threads=$(threads) heap(after GC): $(heap)"
if [ -s "$out/server-exit.txt" ]; then
  echo "soak: the server ended during the run: $(cat "$out/server-exit.txt")"
  status=1
else
  kill -TERM "$pid"
fi
wait "$wrapper" 2>/dev/null || true
trap - EXIT
echo "server log: $out/server.log ($(grep -c . "$out/server.log" || true) lines; [SLOW]=$(grep -c '\[SLOW\]' "$out/server.log" || true) [FLOOD]=$(grep -c '\[FLOOD\]' "$out/server.log" || true) [REJECT]=$(grep -c '\[REJECT\]' "$out/server.log" || true))"
exit "$status"
