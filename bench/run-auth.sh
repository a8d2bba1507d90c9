#!/usr/bin/env bash
# The accounts sitting: chat-bench auth against our server (accounts on, a fresh data directory,
# OWASP's Argon2id parameters), the same run twice. Needs the distributions built:
#   ./dev mvn -B -q package -DskipTests -pl chat-console,chat-bench -am
# Usage: [SERVER_OPTS="--hash-threads 1"] bench/run-auth.sh [RUNS] [chat-bench auth options...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"; shift || true
server=chat-console/target/chat-server/bin/chat-server
bench=chat-bench/target/chat-bench/bin/chat-bench
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# Throttling off (the probe sends wrong passwords on purpose), flood control off (the bystanders
# ping-pong as fast as they can), no HTTP port, an admin socket of its own.
CHAT_NO_HTTP=true "$server" --port "$port" --bind 127.0.0.1 --data-dir "$work/data" --auth-failures 1000000 \
  --flood-rate 0 --admin-socket "$work/admin.sock" --log-level warn ${SERVER_OPTS:-} </dev/null >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
for run in $(seq "$runs"); do
  "$bench" auth --port "$port" --json "$@"
done
