#!/usr/bin/env bash
# How this sitting was run, from a copy of the built repository (so that builds elsewhere on
# the machine could not change the jars under it). Three rounds; each round: F1 F2 D1 C1 with
# --io loop, then with --io virtual (each interleaved run by run with the limit server by
# run-bench.sh), then TF2 TD1 TC (TLS beside plain TCP). One measured run after its warm-up
# per scenario, server and round; medians.sh takes the medians of the three rounds. (Round 1
# loop ran first on its own, rounds.log; the rest followed in one go, sitting.log.)
# The ports sit below the ephemeral range: a TLS port inside it was taken by a bench's
# outgoing connection once.
set -u
export CHAT_PORT=24700 TLS_PORT=24743 LIMIT_PORT=25700 RUNS=1
for round in 1 2 3; do
  for part in loop virtual tls; do
    echo "=== round $round $part start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$part" = tls ]; then
      OUT=results/tls-$round bench/run-bench.sh TF2 TD1 TC > results/tls-$round.txt 2>&1
    else
      OUT=results/std-$part-$round SERVER_OPTS="--flood-rate 0 --io $part" bench/run-bench.sh F1 F2 D1 C1 \
        > results/std-$part-$round.txt 2>&1
    fi
    echo "=== round $round $part end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
