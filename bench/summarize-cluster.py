#!/usr/bin/env python3
"""Medians from run-cluster-bench.sh's results.jsonl: the cluster beside a single node, and Redis alone."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]


def values(bench, server, pick):
    out = []
    for row in rows:
        if row["bench"] == bench and row["server"] == server:
            try:
                out.append(pick(row["result"]))
            except (KeyError, TypeError, ZeroDivisionError):
                pass
    return out


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def shown(xs, fmt):
    return f"{fmt.format(median(xs))} ({' / '.join(fmt.format(v) for v in xs)})" if xs else "-"


def pair(name, bench, pick, fmt="{:,.0f}"):
    xs, ys = values(bench, "cluster", pick), values(bench, "single", pick)
    ratio = f"{median(xs) / median(ys):.2f}" if xs and ys and median(ys) else "-"
    print(f"| {bench} {name} | {shown(xs, fmt)} | {shown(ys, fmt)} | {ratio} |")


def crossing(r):
    """Lobby messages that crossed from node A to node B per second of the run (each crosses once)."""
    return r["senders"] * r["messagesPerSender"] / r["seconds"]


def c1(pick_both):
    return lambda r: pick_both(r["first"], r["second"])


benches = {row["bench"] for row in rows}
print("| scenario, figure | two-node cluster: median (runs) | single node: median (runs) | ratio cluster/single |")
print("|---|---|---|---|")
if "F2" in benches:
    pair("deliveries/s", "F2", lambda r: r["deliveriesPerSec"])
    pair("received of 2,006,000", "F2", lambda r: r["received"])
    pair("lost", "F2", lambda r: r["lost"])
    pair("order violations", "F2", lambda r: r["orderViolations"])
    pair("latency p50 ms", "F2", lambda r: r["latencyP50Ms"], "{:.1f}")
    pair("latency p99 ms", "F2", lambda r: r["latencyP99Ms"], "{:.1f}")
    pair("messages sent/s (cluster: each crossed A to B once)", "F2", crossing)
    pair("dropped by the nodes' links (warm-up included)", "F2",
         lambda r: sum(r["linkDropped"].values()) if "linkDropped" in r else 0)
if "D1" in benches:
    pair("round trips/s", "D1", lambda r: r["roundTripsPerSec"])
    pair("RTT p50 ms", "D1", lambda r: r["rttP50Ms"], "{:.2f}")
    pair("RTT p99 ms", "D1", lambda r: r["rttP99Ms"], "{:.2f}")
    pair("lost", "D1", lambda r: r["lost"])
    pair("errors", "D1", lambda r: r["errors"])
if "C1" in benches:
    pair("logged in", "C1", c1(lambda a, b: a["clients"] + b["clients"] - a.get("loginFailures", 0) - b.get("loginFailures", 0)))
    pair("logins/s", "C1", c1(lambda a, b: (a["clients"] + b["clients"]) / (a["loginSeconds"] + b["loginSeconds"])))
    pair("broadcast reach ms", "C1", c1(lambda a, b: max(a["broadcastReachMs"], b["broadcastReachMs"])), "{:.1f}")
    pair("broadcast reached", "C1", c1(lambda a, b: a["broadcastReached"] + b["broadcastReached"] + 1))
if "X1" in benches:
    pair("messages/s (cluster: all crossed A to B)", "X1", lambda r: r["received"] / r["seconds"])
    pair("lost", "X1", lambda r: r["lost"])
    pair("latency p99 ms", "X1", lambda r: r["latencyP99Ms"], "{:.1f}")
if "REDIS" in benches:
    pubsub = values("REDIS", "pubsub", lambda r: r["messagesPerSec"])
    publish = values("REDIS", "redis-benchmark", lambda r: r["publishesPerSec"])
    print()
    print("| Redis alone | median (runs) |")
    print("|---|---|")
    print(f"| pub/sub ceiling: messages/s, each to 2 subscribers (chat-bench pubsub) | {shown(pubsub, '{:,.0f}')} |")
    print(f"| deliveries/s to subscribers | {shown(values('REDIS', 'pubsub', lambda r: r['deliveriesPerSec']), '{:,.0f}')} |")
    print(f"| lost | {shown(values('REDIS', 'pubsub', lambda r: r['lost']), '{:,.0f}')} |")
    print(f"| redis-benchmark PUBLISH, no subscriber, -P 16: publishes/s | {shown(publish, '{:,.0f}')} |")
    x1 = values("X1", "cluster", lambda r: r["received"] / r["seconds"])
    f2 = values("F2", "cluster", crossing)
    print()
    for name, xs in (("X1", x1), ("F2", f2)):
        if xs and pubsub:
            ratio = median(xs) / median(pubsub)
            verdict = "met" if ratio >= 0.5 else "missed"
            print(f"{name} crossing rate / pub/sub ceiling: {median(xs):,.0f} / {median(pubsub):,.0f} = "
                  f"{ratio:.2f} (target 0.5: {verdict})")
print()
for bench in sorted(benches):
    ls = [row["load"] for row in rows if row["bench"] == bench]
    print(f"load average during {bench}: {min(ls):.2f} to {max(ls):.2f}")
