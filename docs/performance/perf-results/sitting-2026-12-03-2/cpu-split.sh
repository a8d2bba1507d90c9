#!/usr/bin/env bash
# Run after the sitting, same machine.
# CPU seconds of the server and of the bench during one TD1 and one TC run over TLS and over
# plain TCP (default engine): who spends the cores. Usage: cpu-split.sh OUTFILE
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../../../.."  # the repository root, built
out="$1"; : >"$out"
d="$(mktemp -d)"; trap 'rm -rf "$d"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$d/key.pem" -out "$d/cert.pem" 2>/dev/null
bench=chat-bench/target/chat-bench/bin/chat-bench
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
for what in "TD1 tls" "TD1 tcp" "TC tls" "TC tcp"; do
  set -- $what
  chat-console/target/chat-server/bin/chat-server --port 24700 --flood-rate 0 --tls-port 24743 \
    --tls-cert "$d/cert.pem" --tls-key "$d/key.pem" >/dev/null 2>&1 &
  spid=$!
  for _ in $(seq 1 400); do (exec 3<>/dev/tcp/127.0.0.1/24743) 2>/dev/null && break; sleep 0.02; done
  port=24700; flags=()
  [ "$2" = tls ] && { port=24743; flags=(--tls --tls-trust "$d/cert.pem"); }
  if [ "$1" = TD1 ]; then args=(dm -p 50 -d 10s); else args=(conns -c 2000); fi
  "$bench" "${args[@]}" --port "$port" "${flags[@]}" --name-prefix w --json >/dev/null # warm-up
  before="$(cpu "$spid")"
  /usr/bin/time -f "%U %S" -o "$d/time" "$bench" "${args[@]}" --port "$port" "${flags[@]}" --name-prefix m --json >"$d/run.json"
  after="$(cpu "$spid")"
  echo "$1 $2 serverCpuSeconds=$(echo "$after - $before" | bc) benchCpuSeconds=$(awk '{print $1 + $2}' "$d/time") load=$(cut -d' ' -f1 /proc/loadavg) $(cat "$d/run.json")" >>"$out"
  kill "$spid"; wait "$spid" 2>/dev/null
done
