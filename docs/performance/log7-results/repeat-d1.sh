#!/usr/bin/env bash
# Repeats: fresh server (this branch), 3 s D1 warm-up, 5 s D1; reports rt/s; thread dump if a run is slow.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
D=/work/wt/log7; port=14802
for i in $(seq 1 10); do
  $D/chat-console/target/chat-server/bin/chat-server --port $port --bind 127.0.0.1 --flood-rate 0 >/tmp/log7-stall-$i.log 2>&1 &
  pid=$!
  for _ in $(seq 1 2000); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.005; done
  $D/chat-bench/target/chat-bench/bin/chat-bench dm --port $port -p 50 -d 3s --name-prefix w --json >/dev/null
  $D/chat-bench/target/chat-bench/bin/chat-bench dm --port $port -p 50 -d 5s --name-prefix m --json > /tmp/log7-stall-$i.json &
  b=$!
  sleep 4; $JAVA_HOME/bin/jcmd $pid Thread.print > /tmp/log7-stall-$i.threads 2>&1
  wait $b
  rps=$(grep -o '"roundTripsPerSec":[0-9]*' /tmp/log7-stall-$i.json | cut -d: -f2)
  kill $pid; wait $pid; rc=$?
  echo "run $i rt/s=$rps exit=$rc last=$(tail -1 /tmp/log7-stall-$i.log | cut -c1-80) load=$(cut -d' ' -f1 /proc/loadavg)"
done
