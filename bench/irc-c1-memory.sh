#!/usr/bin/env bash
# Memory per idle IRC connection, measured the same way for every server:
#   bench/irc-c1-memory.sh <server-pid> <irc-port> [parallel]
# 19,000 registered IRC clients that join nothing (chat-bench conns --dialect irc-idle) in two
# bench processes (each under 20,000 open files); the server's VmRSS is read before the logins
# and 2 s after both processes are logged in. Prints one JSON line, then stops the clients.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pid=$1; port=$2; par=${3:-1000}; d=$(mktemp -d)
B="$root/chat-bench/target/chat-bench/bin/chat-bench"
before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); t0=$(date +%s%N)
(exec "$B" conns --dialect irc-idle --parallel "$par" --port "$port" -c 9500 --offset 0 --name-prefix c --source-addrs 127.0.0.2-5 \
  --receive-only --ready-file "$d/r1" --hold 600s --timeout 300s --json >"$d/a.json") & a=$!
(exec "$B" conns --dialect irc-idle --parallel "$par" --port "$port" -c 9500 --offset 9500 --name-prefix c --source-addrs 127.0.0.6-9 \
  --receive-only --ready-file "$d/r2" --hold 600s --timeout 300s --json >"$d/b.json") & b=$!
for _ in $(seq 1 3000); do
  [ -f "$d/r1" ] && [ -f "$d/r2" ] && break
  kill -0 "$a" 2>/dev/null || kill -0 "$b" 2>/dev/null || break
  sleep 0.1
done
ms=$(( ($(date +%s%N) - t0) / 1000000 )); sleep 2
after=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); fds=$(ls "/proc/$pid/fd" | wc -l)
ready=false; [ -f "$d/r1" ] && [ -f "$d/r2" ] && ready=true
echo "{\"clients\":19000,\"ready\":$ready,\"serverFds\":$fds,\"loginMs\":$ms,\"rssBeforeKib\":$before,\"rssAfterKib\":$after,\"rssPerConnBytes\":$(( (after - before) * 1024 / 19000 )),\"parallel\":$par}"
kill "$a" "$b" 2>/dev/null; wait "$a" "$b" 2>/dev/null; rm -rf "$d"
