#!/usr/bin/env bash
# Start to listening of chat-server launchers: the wall clock from the launch until the port
# accepts a connection, RUNS times each (default 10), the launchers interleaved run by run so a
# busy moment of the machine hits them alike; prints every run and each launcher's median in ms.
#   RUNS=10 bench/startup.sh LAUNCHER...
# e.g. bench/startup.sh chat-dist/target/socketchat-0.1.0/bin/chat-server chat-console/target/chat-server/bin/chat-server
set -euo pipefail
runs="${RUNS:-10}" port="${PORT:-4790}"
[ $# -gt 0 ] || { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
declare -A times
for ((i = 1; i <= runs; i++)); do
  for launcher in "$@"; do
    start=$(date +%s%N)
    "$launcher" --bind 127.0.0.1 --port "$port" --no-admin-socket >/dev/null 2>&1 &
    pid=$!
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "startup: $launcher exited" >&2; exit 1; }
      sleep 0.005 # leave the cores to the JVM
    done
    end=$(date +%s%N)
    kill -TERM "$pid"
    wait "$pid" || true
    ms=$(((end - start) / 1000000))
    times[$launcher]="${times[$launcher]:-} $ms"
    echo "run $i $launcher: $ms ms"
  done
done
for launcher in "$@"; do
  # shellcheck disable=SC2086
  median=$(printf '%s\n' ${times[$launcher]} | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  echo "median of $runs, $launcher: $median ms (runs:${times[$launcher]})"
done
