#!/usr/bin/env bash
# Medians of this sitting from its raw results: bench/summarize.py over the three rounds of
# each part. Run from the repository root:
#   docs/performance/perf-results/sitting-2026-12-03-2/medians.sh
set -eu
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
summarize="$dir/../../../../bench/summarize.py"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for part in loop virtual; do
  cat "$dir"/std-$part-*.jsonl >"$tmp/$part.jsonl"
  echo "## --io $part, beside the limit server"; echo
  python3 "$summarize" "$tmp/$part.jsonl"; echo
done
cat "$dir"/tls-*.jsonl >"$tmp/tls.jsonl"
echo "## TLS beside plain TCP (plain TCP on --io loop, the default)"; echo
python3 "$summarize" "$tmp/tls.jsonl" | sed -n '/TLS scenario/,$p'
