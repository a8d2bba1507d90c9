#!/usr/bin/env python3
"""Medians per scenario and server from run-bench.sh's results.jsonl, with ratios to the limit server."""
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
            except (KeyError, TypeError):
                pass
    return out


def loads(bench):
    return [row["load"] for row in rows if row["bench"] == bench]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def line(name, bench, pick, fmt="{:,.0f}", higher_is_better=True):
    ours, limit = values(bench, "chat", pick), values(bench, "limit", pick)
    m_ours, m_limit = median(ours), median(limit)
    ratio = (m_ours / m_limit) if (ours and limit and m_limit) else float("nan")
    runs = " / ".join(fmt.format(v) for v in ours)
    shown_ratio = "-" if ratio != ratio else f"{ratio:.2f}"  # NaN: no limit figure, or it is 0
    shown_limit = "-" if m_limit != m_limit else fmt.format(m_limit)
    print(f"| {bench} {name} | {fmt.format(m_ours)} ({runs}) | {shown_limit} | {shown_ratio} |")


def c1(pick_both):
    def pick(result):
        return pick_both(result["first"], result["second"])
    return pick


print("| scenario, figure | ours: median (runs) | limit server: median | ratio ours/limit |")
print("|---|---|---|---|")
benches = {row["bench"] for row in rows}
if "F1" in benches:
    line("deliveries/s", "F1", lambda r: r["deliveriesPerSec"])
    line("lost", "F1", lambda r: r["lost"])
    line("order violations", "F1", lambda r: r["orderViolations"])
    line("latency p99 ms", "F1", lambda r: r["latencyP99Ms"], "{:.1f}")
if "F2" in benches:
    line("deliveries/s", "F2", lambda r: r["deliveriesPerSec"])
    line("lost", "F2", lambda r: r["lost"])
    line("order violations", "F2", lambda r: r["orderViolations"])
    line("latency p99 ms", "F2", lambda r: r["latencyP99Ms"], "{:.1f}")
if "D1" in benches:
    line("round trips/s", "D1", lambda r: r["roundTripsPerSec"])
    line("RTT p50 ms", "D1", lambda r: r["rttP50Ms"], "{:.2f}")
    line("RTT p99 ms", "D1", lambda r: r["rttP99Ms"], "{:.2f}")
    line("lost", "D1", lambda r: r["lost"])
if "C1" in benches:
    line("logged in", "C1", c1(lambda a, b: a["clients"] + b["clients"] - a.get("loginFailures", 0) - b.get("loginFailures", 0)))
    line("RSS bytes/conn", "C1", c1(lambda a, b: (b["rssAfterKib"] - a["rssBeforeKib"]) * 1024 / (a["clients"] + b["clients"])))
    line("live heap bytes/conn (full GC before and after)", "C1",
         lambda r: (r["liveHeapAfterKib"] - r["liveHeapBeforeKib"]) * 1024 / (r["first"]["clients"] + r["second"]["clients"]))
    line("logins/s", "C1", c1(lambda a, b: (a["clients"] + b["clients"]) / (a["loginSeconds"] + b["loginSeconds"])))
    line("broadcast reach ms", "C1", c1(lambda a, b: max(a["broadcastReachMs"], b["broadcastReachMs"])), "{:.1f}")
    line("broadcast reached", "C1", c1(lambda a, b: a["broadcastReached"] + b["broadcastReached"] + 1))
if "START" in benches:
    line("start to listening ms", "START", lambda r: r["startMs"])
if "PIN" in benches:
    line("pinned virtual threads (JFR events)", "PIN", lambda r: r["pinnedEvents"])
tls_benches = [b for b in ("TF2", "TD1", "TC") if b in benches]
if tls_benches:
    print()
    print("| TLS scenario, figure | over TLS: median (runs) | plain TCP: median (runs) | ratio TLS/TCP |")
    print("|---|---|---|---|")


def tls_line(name, bench, pick, fmt="{:,.0f}"):
    tls, tcp = values(bench, "tls", pick), values(bench, "tcp", pick)
    m_tls, m_tcp = median(tls), median(tcp)
    ratio = f"{m_tls / m_tcp:.2f}" if (tls and tcp and m_tcp) else "-"
    print(f"| {bench} {name} | {fmt.format(m_tls)} ({' / '.join(fmt.format(v) for v in tls)}) "
          f"| {fmt.format(m_tcp)} ({' / '.join(fmt.format(v) for v in tcp)}) | {ratio} |")


if "TF2" in benches:
    tls_line("deliveries/s", "TF2", lambda r: r["deliveriesPerSec"])
    tls_line("lost", "TF2", lambda r: r["lost"])
    tls_line("latency p99 ms", "TF2", lambda r: r["latencyP99Ms"], "{:.1f}")
if "TD1" in benches:
    tls_line("round trips/s", "TD1", lambda r: r["roundTripsPerSec"])
    tls_line("RTT p99 ms", "TD1", lambda r: r["rttP99Ms"], "{:.2f}")
    tls_line("lost", "TD1", lambda r: r["lost"])
if "TC" in benches:
    tls_line("connections+logins/s (5,000; over TLS each a full handshake)", "TC", lambda r: r["loginsPerSec"])
    tls_line("RSS bytes/conn", "TC", lambda r: r["rssPerConnBytes"])
    tls_line("live heap bytes/conn (full GC before and while held)", "TC",
             lambda r: (r["liveHeapAfterKib"] - r["liveHeapBeforeKib"]) * 1024 / r["clients"])
    tls_line("broadcast reached", "TC", lambda r: r["broadcastReached"] + 1)


def pair_line(name, bench, a, b, pick, fmt="{:,.0f}"):
    xs, ys = values(bench, a, pick), values(bench, b, pick)
    m_x, m_y = median(xs), median(ys)
    ratio = f"{m_x / m_y:.2f}" if (xs and ys and m_y) else "-"
    print(f"| {bench} {name} | {fmt.format(m_x)} ({' / '.join(fmt.format(v) for v in xs)}) "
          f"| {fmt.format(m_y)} ({' / '.join(fmt.format(v) for v in ys)}) | {ratio} |")


if "R2" in benches:
    print()
    print("| room scenario, figure | R2 in a room: median (runs) | F2 in the lobby: median (runs) | ratio R2/F2 |")
    print("|---|---|---|---|")
    pair_line("deliveries/s", "R2", "room", "lobby", lambda r: r["deliveriesPerSec"])
    pair_line("lost", "R2", "room", "lobby", lambda r: r["lost"])
    pair_line("order violations", "R2", "room", "lobby", lambda r: r["orderViolations"])
    pair_line("latency p99 ms", "R2", "room", "lobby", lambda r: r["latencyP99Ms"], "{:.1f}")
history_benches = [b for b in ("HF2", "HD1") if b in benches]
if history_benches:
    print()
    print("| history scenario, figure | history on: median (runs) | --no-history: median (runs) | ratio on/off |")
    print("|---|---|---|---|")
if "HF2" in benches:
    pair_line("deliveries/s", "HF2", "on", "off", lambda r: r["deliveriesPerSec"])
    pair_line("lost", "HF2", "on", "off", lambda r: r["lost"])
    pair_line("latency p99 ms", "HF2", "on", "off", lambda r: r["latencyP99Ms"], "{:.1f}")
if "HD1" in benches:
    pair_line("round trips/s", "HD1", "on", "off", lambda r: r["roundTripsPerSec"])
    pair_line("RTT p99 ms", "HD1", "on", "off", lambda r: r["rttP99Ms"], "{:.2f}")
    pair_line("lost", "HD1", "on", "off", lambda r: r["lost"])
if "JOIN" in benches:
    print()
    print("| JOIN of a room with 20 messages, figure | median (runs) |")
    print("|---|---|")
    for name, key, fmt in (("joins", "joins", "{:,.0f}"), ("HIST lines per join, fewest", "histLinesMin", "{:,.0f}"),
                           ("to END HISTORY p50 ms", "joinToEndHistoryP50Ms", "{:.2f}"),
                           ("to END HISTORY p99 ms", "joinToEndHistoryP99Ms", "{:.2f}"),
                           ("to END HISTORY max ms", "joinToEndHistoryMaxMs", "{:.2f}")):
        vs = values("JOIN", "chat", lambda r, k=key: r[k])
        print(f"| JOIN {name} | {fmt.format(median(vs))} ({' / '.join(fmt.format(v) for v in vs)}) |")
print()
for bench in sorted(benches):
    ls = loads(bench)
    print(f"load average during {bench}: {min(ls):.2f} to {max(ls):.2f}")
