#!/usr/bin/env bash
# Medians of this sitting from its raw results: bench/summarize.py over the five rounds.
# Run from the repository root:
#   docs/performance/perf-results/sitting-2026-12-03-3/medians.sh
set -eu
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
summarize="$dir/../../../../bench/summarize.py"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cat "$dir"/rooms-*.jsonl >"$tmp/rooms.jsonl"
python3 "$summarize" "$tmp/rooms.jsonl"
