#!/usr/bin/env python3
"""Medians and ratios from run-web-bench.sh's results.jsonl: ws/tcp, metrics on/off, memory per connection."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]


def values(bench, label, pick):
    out = []
    for row in rows:
        if row["bench"] == bench and row["server"] == label:
            try:
                out.append(pick(row["result"]))
            except (KeyError, TypeError, ValueError):
                pass
    return out


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def pair(bench, a, b, name, pick, fmt="{:,.0f}"):
    xa, xb = values(bench, a, pick), values(bench, b, pick)
    ma, mb = median(xa), median(xb)
    ratio = ma / mb if xa and xb and mb else float("nan")
    runs = lambda xs: " / ".join(fmt.format(v) for v in xs)
    loads = [row["load"] for row in rows if row["bench"] == bench]
    print(f"| {bench} {name} | {fmt.format(ma)} ({runs(xa)}) | {fmt.format(mb)} ({runs(xb)}) | {ratio:.2f} | "
          f"{min(loads, default=0):.1f}-{max(loads, default=0):.1f} |")


def clean(pick):
    def checked(result):
        if not result.get("clean"):
            raise ValueError("not clean")
        return pick(result)
    return checked


print("| figure | first | second | first / second | load |")
print("|---|---|---|---|---|")
pair("WF2", "ws", "tcp", "deliveries/s (ws, tcp)", clean(lambda r: r["deliveriesPerSec"]))
pair("WF2", "ws", "tcp", "p99 ms (ws, tcp)", clean(lambda r: r["latencyP99Ms"]), "{:,.1f}")
pair("WD1", "ws", "tcp", "round trips/s (ws, tcp)", clean(lambda r: r["roundTripsPerSec"]))
pair("WD1", "ws", "tcp", "RTT p99 ms (ws, tcp)", clean(lambda r: r["rttP99Ms"]), "{:,.2f}")
pair("MF2", "on", "off", "deliveries/s (metrics on, off)", clean(lambda r: r["deliveriesPerSec"]))
pair("MF2", "on", "off", "p99 ms (metrics on, off)", clean(lambda r: r["latencyP99Ms"]), "{:,.1f}")
pair("MD1", "on", "off", "round trips/s (metrics on, off)", clean(lambda r: r["roundTripsPerSec"]))
pair("MD1", "on", "off", "RTT p99 ms (metrics on, off)", clean(lambda r: r["rttP99Ms"]), "{:,.2f}")
per_conn_heap = lambda r: (r["liveHeapAfterKib"] - r["liveHeapBeforeKib"]) * 1024 / r["clients"]
pair("WC", "ws", "tcp", "RSS bytes per connection (ws, tcp)", clean(lambda r: r["rssPerConnBytes"]))
pair("WC", "ws", "tcp", "live heap bytes per connection (ws, tcp)", clean(per_conn_heap))
pair("WC", "ws", "tcp", "logins/s (ws, tcp)", clean(lambda r: r["loginsPerSec"]))
