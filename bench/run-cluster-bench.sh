#!/usr/bin/env bash
# A two-node cluster (through a Redis of its own) beside a single node, and what that Redis
# carries by itself. See bench/README.md ("Cluster") and docs/performance/cluster.md.
#
#   bench/run-cluster-bench.sh [F2] [D1] [C1] [X1] [REDIS]      (default: all five)
#
#   F2     4 senders on node A, 1,000 receivers round-robin on A and B, 500 messages each;
#          beside the same F2 on a single node
#   D1     50 DM pairs, each with one end on A and the other on B; beside 50 pairs on one node
#   C1     C1_CLIENTS logins (two bench processes: the first half on A, the second on B), then one
#          broadcast from B to all; beside the same on one node
#   X1     1 sender on A, 1 receiver on B, 50,000 messages: every message crosses, and the rate
#          is the cluster's own (no fan-out); beside the same pair on one node
#   REDIS  Redis alone: chat-bench pubsub (one pipelined publisher, two subscribers, as a
#          two-node cluster's lobby has) and redis-benchmark PUBLISH, payload REDIS_SIZE bytes
#
# Every node runs --no-history (a cluster needs --store postgresql:// or --no-history; this
# measures the live path), --flood-rate 0, --no-http, --no-admin-socket, on 127.0.0.1. Each
# measured run gets fresh nodes (Redis emptied with FLUSHALL) and one unmeasured warm-up run.
# Rounds: RUNS times every scenario, cluster then single node, interleaved.
#
# Environment:
#   RUNS=3, OUT=bench-results/cluster, JAVA_HOME, SERVER_OPTS (more chat-server flags)
#   REDIS_PORT=16379, NODE_A_PORT=14801, NODE_B_PORT=14802, SINGLE_PORT=14800
#   D1_DURATION=5s, C1_CLIENTS=19000, REDIS_SIZE=128 (a 100-byte chat line in a node's envelope)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
out="${OUT:-$root/bench-results/cluster}"
redis_port="${REDIS_PORT:-16379}"
port_a="${NODE_A_PORT:-14801}"
port_b="${NODE_B_PORT:-14802}"
port_single="${SINGLE_PORT:-14800}"
d1_duration="${D1_DURATION:-5s}"
c1_clients="${C1_CLIENTS:-19000}"
redis_size="${REDIS_SIZE:-128}"
server_opts="${SERVER_OPTS-}"
bench="$root/chat-bench/target/chat-bench/bin/chat-bench"
server="$root/chat-console/target/chat-server/bin/chat-server"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(F2 D1 C1 X1 REDIS)
mkdir -p "$out"
results="$out/results.jsonl"

[ -x "$bench" ] && [ -x "$server" ] || { echo "build first: ./dev mvn -B -q package -DskipTests" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

for port in "$redis_port" "$port_a" "$port_b" "$port_single"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use: stop what listens there or set REDIS_PORT/NODE_A_PORT/NODE_B_PORT/SINGLE_PORT" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
redis_pid=""
node_pids=()
stop_nodes() {
  local p
  for p in "${node_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${node_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  node_pids=()
}
cleanup() {
  stop_nodes
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

wait_port() { # port
  for _ in $(seq 1 2000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.005
  done
  echo "nothing listens on $1" >&2; return 1
}

# Redis of our own: no persistence, its files in the temporary directory.
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no \
  --logfile "$work/redis.log" --daemonize no &
redis_pid=$!
wait_port "$redis_port"

node() { # name port [more flags]: starts a node, logging to $out/node-<name>.log
  local name="$1" port="$2"; shift 2
  # shellcheck disable=SC2086
  "$server" --bind 127.0.0.1 --port "$port" --no-history --no-http --no-admin-socket --flood-rate 0 \
    $server_opts "$@" >"$out/node-$name.log" 2>&1 &
  node_pids+=($!)
}
start() { # cluster|single
  redis-cli -p "$redis_port" FLUSHALL >/dev/null
  if [ "$1" = cluster ]; then
    node a "$port_a" --cluster "redis://127.0.0.1:$redis_port" --node-id a
    node b "$port_b" --cluster "redis://127.0.0.1:$redis_port" --node-id b
    wait_port "$port_a"; wait_port "$port_b"
  else
    node single "$port_single"
    wait_port "$port_single"
  fi
}
# What the nodes' links dropped (messages older than the lease, a full queue), from their
# [CLUSTER] event=left lines once stopped: a figure that belongs beside "lost".
dropped() {
  cat "$out/node-a.log" "$out/node-b.log" 2>/dev/null | sed -n 's/.*event=left node=\([^ ]*\) dropped=\([0-9]*\).*/"\1":\2/p' | paste -sd, -
}
load() { cut -d' ' -f1 /proc/loadavg; }
record() { # scenario server run json
  echo "{\"bench\":\"$1\",\"server\":\"$2\",\"run\":$3,\"load\":$(load),\"result\":$4}" >>"$results"
  echo "$1 $2 run $3 (load $(load)): $4"
}

# The fan-outs give up after 15 s without progress (a receiver's progress shows every 1,024
# messages, and on the far node those come slowly), the same for cluster and single node.
scenario() { # scenario cluster|single prefix
  local first="$port_single" far="$port_single" both="$port_single"
  if [ "$2" = cluster ]; then first="$port_a"; far="$port_b"; both="$port_a,$port_b"; fi
  case "$1" in
    F2) "$bench" fanout --port "$first" --receiver-ports "$both" -r 1000 -s 4 -m 500 --quiet 15s \
          --name-prefix "$3" --json ;;
    D1) "$bench" dm --port "$first" --pair-ports "$both" -p 50 -d "$d1_duration" --name-prefix "$3" --json ;;
    X1) "$bench" fanout --port "$first" --receiver-ports "$far" -r 1 -s 1 -m 50000 --quiet 15s \
          --name-prefix "$3" --json ;;
  esac
}

c1() { # cluster|single run
  local first="$port_single" second="$port_single" half=$((c1_clients / 2))
  if [ "$1" = cluster ]; then first="$port_a"; second="$port_b"; fi
  # Warm-up (unmeasured): three waves of 3,000 logins on each node that takes logins, so the
  # login path is compiled before the measured run; at most 3,000 are connected at once.
  for wave in 1 2 3; do
    "$bench" conns --port "$first" -c 3000 --name-prefix "w${wave}a" --source-addrs 127.0.0.10-11 --json >/dev/null || true
    [ "$first" = "$second" ] || "$bench" conns --port "$second" -c 3000 --name-prefix "w${wave}b" \
      --source-addrs 127.0.0.10-11 --json >/dev/null || true
  done
  sleep 2
  local ready="$out/c1-ready"; rm -f "$ready"
  "$bench" conns --port "$first" -c "$half" --offset 0 --name-prefix c --source-addrs 127.0.0.2-5 \
    --receive-only --ready-file "$ready" --hold 5s --timeout 120s --json >"$out/c1-a.json" &
  local held=$!
  for _ in $(seq 1 1200); do [ -f "$ready" ] && break; sleep 0.1; done
  "$bench" conns --port "$second" -c "$half" --offset "$half" --name-prefix c --source-addrs 127.0.0.6-9 \
    --timeout 120s --json >"$out/c1-b.json" || true
  wait "$held" || true
  record C1 "$1" "$2" "{\"first\":$(cat "$out/c1-a.json"),\"second\":$(cat "$out/c1-b.json")}"
}

redis_alone() { # run
  redis-cli -p "$redis_port" FLUSHALL >/dev/null
  "$bench" pubsub --port "$redis_port" -m 50000 --size "$redis_size" --json >/dev/null || true # warm-up
  local json
  json="$("$bench" pubsub --port "$redis_port" -m 200000 --size "$redis_size" -S 2 --json || true)"
  record REDIS pubsub "$1" "$json"
  local payload csv
  payload="$(head -c "$redis_size" /dev/zero | tr '\0' x)"
  # No subscriber: the cost of PUBLISH itself, pipelined 16 deep as redis-benchmark's own figure.
  csv="$(redis-benchmark -p "$redis_port" -n 200000 -P 16 --csv PUBLISH chat-bench:none "$payload" | tail -n 1)"
  record REDIS redis-benchmark "$1" "{\"publishesPerSec\":$(echo "$csv" | cut -d, -f2 | tr -d '"'),\"pipeline\":16,\"size\":$redis_size}"
}

for run in $(seq 1 "$runs"); do
  for s in "${scenarios[@]}"; do
    case "$s" in
      F2|D1|X1)
        for which in cluster single; do
          start "$which"
          scenario "$s" "$which" "w$s$run" >/dev/null || true # warm-up (JIT)
          sleep 1
          json="$(scenario "$s" "$which" "m$s$run" || true)"
          stop_nodes
          [ -n "$json" ] || json='{"clean":false,"firstFailure":"no report"}'
          [ "$which" = single ] || json="${json%\}},\"linkDropped\":{$(dropped)}}"
          record "$s" "$which" "$run" "$json"
        done
        ;;
      C1)
        for which in cluster single; do
          start "$which"
          c1 "$which" "$run"
          stop_nodes
        done
        ;;
      REDIS) redis_alone "$run" ;;
      *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
  done
done

python3 "$root/bench/summarize-cluster.py" "$results" | tee "$out/summary.md"
