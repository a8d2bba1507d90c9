#!/usr/bin/env bash
# Interleaved A/B: the unchanged build (/tmp/log7-base) and this branch, one D1 run each, alternating.
set -u
for round in 1 2 3; do
  for which in before after; do
    if [ $which = before ]; then dir=/tmp/log7-base; else dir=/work/wt/log7; fi
    out=/tmp/log7-ab/$which-$round; rm -rf $out
    (cd $dir && RUNS=1 OUT=$out CHAT_PORT=14800 LIMIT_PORT=15800 bench/run-bench.sh D1 >/dev/null 2>&1)
    echo "round $round $which: $(grep -h 'round trips/s\|p99' $out/summary.md | tr '\n' ' ') load-during: $(grep -o 'load average.*' $out/summary.md)"
  done
done
