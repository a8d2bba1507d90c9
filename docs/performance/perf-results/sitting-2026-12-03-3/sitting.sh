#!/usr/bin/env bash
# How this sitting was run, from a copy of the built repository (so that builds elsewhere on
# the machine could not change the jars under it; the copy's AOT cache was rebuilt with
# chat-server --build-aot-cache). Five rounds, run as ROUNDS="1 2 3" and then ROUNDS="4 5"
# right after (the machine was so noisy that one run moved a median of 3); each round one
# measured run (after its warm-up, each on a fresh server) of F2 beside the limit server, R2
# beside F2, F2 and D1 with history on beside --no-history, and JOIN. medians.sh takes the
# medians of the rounds.
# --no-admin-socket: another server on the machine held the default admin socket.
set -u
export CHAT_PORT=26700 LIMIT_PORT=26800 RUNS=1 SERVER_OPTS="--flood-rate 0 --no-admin-socket"
mkdir -p results
for round in ${ROUNDS:-1 2 3 4 5}; do
  echo "=== round $round start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  OUT=results/rooms-$round bench/run-bench.sh F2 R2 HF2 HD1 JOIN > results/rooms-$round.txt 2>&1
  echo "=== round $round end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
done
