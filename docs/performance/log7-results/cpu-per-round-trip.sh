#!/usr/bin/env bash
# Server CPU time and write system calls per D1 round trip, unchanged build vs this branch,
# alternating (less sensitive to a busy shared machine than round trips/s alone), plus this
# branch at --log-level WARN ("off": no message lines). /tmp/log7-base holds the distribution
# and chat-bench built from the unchanged tree (commit 2c0b0cd), laid out like a worktree.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
port=14800
tck=$(getconf CLK_TCK)
for round in 1 2 3; do
  for which in before after off; do
    if [ $which = before ]; then dir=/tmp/log7-base; else dir=/work/wt/log7; fi; extra=""; [ $which = off ] && extra="--log-level WARN"
    "$dir/chat-console/target/chat-server/bin/chat-server" --port $port --bind 127.0.0.1 --flood-rate 0 $extra >/tmp/log7-cpu-$which.log 2>&1 &
    pid=$!
    for _ in $(seq 1 2000); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.005; done
    bench=$dir/chat-bench/target/chat-bench/bin/chat-bench
    $bench dm --port $port -p 50 -d 10s --name-prefix w --json >/dev/null
    sleep 1
    read -r u0 s0 < <(awk '{print $14, $15}' /proc/$pid/stat)
    w0=$(awk '/^syscw/{print $2}' /proc/$pid/io)
    l0=$(cut -d' ' -f1 /proc/loadavg)
    json=$($bench dm --port $port -p 50 -d 10s --name-prefix m --json); echo "$json" > /tmp/log7-cpu-$which-$round.json; cp /tmp/log7-cpu-$which.log /tmp/log7-cpu-$which-$round.log
    read -r u1 s1 < <(awk '{print $14, $15}' /proc/$pid/stat)
    w1=$(awk '/^syscw/{print $2}' /proc/$pid/io)
    l1=$(cut -d' ' -f1 /proc/loadavg)
    kill $pid; wait $pid
    rt=$(echo "$json" | grep -o '"roundTrips":[0-9]*' | cut -d: -f2)
    rps=$(echo "$json" | grep -o '"roundTripsPerSec":[0-9]*' | cut -d: -f2)
    p99=$(echo "$json" | grep -o '"rttP99Ms":[0-9.]*' | cut -d: -f2)
    awk -v r=$round -v w=$which -v rt=$rt -v rps=$rps -v p99=$p99 -v u=$((u1-u0)) -v s=$((s1-s0)) -v sc=$((w1-w0)) -v t=$tck -v l0=$l0 -v l1=$l1 \
      'BEGIN{printf "round %d %-6s rt/s=%d p99=%sms cpu(user+sys)=%.2fs (sys %.2fs) cpu-us/rt=%.1f write-syscalls/rt=%.2f load %s-%s\n", r, w, rps, p99, (u+s)/t, s/t, (u+s)/t*1e6/rt, sc/rt, l0, l1}'
  done
done
