#!/usr/bin/env python3
"""A mixed load for a long time: reports, lookups and moderators' decisions against a running server.

Start the server first, e.g.
    BLOCKLIST_DATA_DIR=./soak BLOCKLIST_ACCESS_LOG=false blocklist serve --workers 2 &
then
    BLOCKLIST_DATA_DIR=./soak scripts/soak.py --url http://127.0.0.1:8080 --minutes 10
Every interval it prints, for that interval: requests/s per kind, p99 latency, errors (any 5xx,
or an answer the kind should never get), the server's RSS per process and its open connections.
At the end: whether memory stayed flat (last third vs first third) and the error total. With
`--reports-per-second 0` nothing new is stored, so memory should stay flat: growth then is a leak.
Salons and a moderator are created through the admin command line of the same data directory
(or MONGODB_URI).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reports import admin, as_typed, person  # noqa: E402

# answers a well-behaved client can get besides success (a decided case, a claim race, a rate limit)
# (200 for a report: the salon had reported that customer's booking day already)
EXPECTED = {"report": {200, 201, 429}, "lookup": {200, 429}, "decision": {200, 404, 409, 429}}


def server_processes(port: int) -> list[int]:
    """The worker processes listening on the port (each has its own socket: reuse_port)."""
    listeners = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    return sorted({int(pid) for pid in re.findall(r"pid=(\d+)", listeners)})


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def open_connections(port: int) -> int:
    out = subprocess.run(["ss", "-Htn", "state", "established", f"sport = :{port}"], capture_output=True,
                         text=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {k: [] for k in EXPECTED}
        self.errors: dict[str, int] = {}
        self.total_errors = 0

    def record(self, kind: str, status: int, seconds: float) -> None:
        self.latencies[kind].append(seconds)
        if status not in EXPECTED[kind]:
            key = f"{kind}:{status}"
            self.errors[key] = self.errors.get(key, 0) + 1
            self.total_errors += 1

    def take(self) -> tuple[dict[str, list[float]], dict[str, int]]:
        latencies, errors = self.latencies, self.errors
        self.latencies, self.errors = {k: [] for k in EXPECTED}, {}
        return latencies, errors


async def timed(stats: Stats, kind: str, call) -> tuple[int, dict]:
    started = time.perf_counter()
    try:
        async with call() as response:
            body = await response.json(content_type=None) if response.content_length != 0 else {}
            status = response.status
    except (aiohttp.ClientError, asyncio.TimeoutError):
        status, body = 0, {}
    stats.record(kind, status, time.perf_counter() - started)
    return status, body


async def reporter(session, url, keys, people, rng, stats, rate, stop):
    while not stop.is_set():
        day = date.today() - timedelta(days=rng.randrange(55))  # the booking: in the last 8 weeks
        body = {"category": rng.choice(["fake_booking", "no_show", "late_cancellation"]),
                "subject": as_typed(rng.choice(people), rng),
                "booking": {"starts_at": f"{day}T10:00:00+01:00"}}
        headers = {"Authorization": f"Bearer {rng.choice(keys)}", "Idempotency-Key": str(uuid.uuid4())}
        await timed(stats, "report", lambda: session.post(f"{url}/v1/reports", json=body, headers=headers))
        await asyncio.sleep(rng.expovariate(rate))


async def looker(session, url, keys, people, rng, stats, rate, stop):
    while not stop.is_set():
        subject = as_typed(rng.choice(people), rng) if rng.random() < 0.5 else \
            {"name": "Clean Customer", "phone": f"+48512{rng.randrange(10**6):06d}"}
        headers = {"Authorization": f"Bearer {rng.choice(keys)}"}
        await timed(stats, "lookup", lambda: session.post(f"{url}/v1/lookup", json={"subject": subject},
                                                          headers=headers))
        await asyncio.sleep(rng.expovariate(rate))


async def moderator(session, url, token, rng, stats, every, stop):
    headers = {"Authorization": f"Bearer {token}"}
    while not stop.is_set():
        await asyncio.sleep(every)
        status, queue = await timed(stats, "decision", lambda: session.get(f"{url}/v1/mod/cases?limit=5",
                                                                           headers=headers))
        if status != 200 or not queue.get("items"):
            continue
        case = rng.choice(queue["items"])
        identifiers = case["identifiers"][:2]
        action = "block" if identifiers and rng.random() < 0.6 else "dismiss"
        body = {"action": action, "identifiers": identifiers if action == "block" else [], "note": "soak",
                "version": case["version"], **({"reason": "insufficient_evidence"} if action == "dismiss" else {})}
        await timed(stats, "decision", lambda: session.post(f"{url}/v1/mod/cases/{case['id']}/decision",
                                                            json=body, headers=headers))


async def run(args) -> int:
    port = int(args.url.rsplit(":", 1)[1].split("/")[0])
    salons = [admin("create-salon", "--name", f"Soak {i}", "--country", "PL") for i in range(args.salons)]
    keys = [s["secret_key"] for s in salons]
    token = admin("create-moderator", "--username", f"soak{uuid.uuid4().hex[:6]}", "--role", "moderator")["token"]
    rng = random.Random(args.seed)
    people = [person(rng) for _ in range(2000)]
    stats = Stats()
    stop = asyncio.Event()
    rss_history: list[float] = []
    connector = aiohttp.TCPConnector(limit=args.connections)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        # --reports-per-second 0: the data stays as it is, so memory should stay flat (a leak shows)
        tasks = [asyncio.create_task(reporter(session, args.url, keys, people, random.Random(rng.random()), stats,
                                              args.reports_per_second / 4, stop))
                 for _ in range(4 if args.reports_per_second > 0 else 0)]
        tasks += [asyncio.create_task(looker(session, args.url, keys, people, random.Random(rng.random()), stats,
                                             args.lookups_per_second / 8, stop)) for _ in range(8)]
        tasks.append(asyncio.create_task(moderator(session, args.url, token, rng, stats, 1.0, stop)))
        started = time.monotonic()
        print(f"{'time':>6} {'rep/s':>6} {'p99':>7} {'look/s':>7} {'p99':>7} {'dec':>4} {'errors':>6} "
              f"{'RSS MB per process':>20} {'conns':>5}", flush=True)
        while time.monotonic() - started < args.minutes * 60:
            await asyncio.sleep(args.interval)
            latencies, errors = stats.take()
            pids = server_processes(port)
            rss = [rss_mb(pid) for pid in pids]
            rss_history.append(sum(rss))

            def p99(values: list[float]) -> str:
                return f"{sorted(values)[int(0.99 * (len(values) - 1))] * 1000:.0f}ms" if values else "-"
            print(f"{time.monotonic() - started:6.0f} {len(latencies['report']) / args.interval:6.0f} "
                  f"{p99(latencies['report']):>7} {len(latencies['lookup']) / args.interval:7.0f} "
                  f"{p99(latencies['lookup']):>7} {len(latencies['decision']):4d} {sum(errors.values()):6d} "
                  f"{' '.join(f'{r:.0f}' for r in rss):>20} {open_connections(port):5d}"
                  + (f"  {errors}" if errors else ""), flush=True)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    third = max(1, len(rss_history) // 3)
    first, last = sum(rss_history[:third]) / third, sum(rss_history[-third:]) / third
    growth = (last - first) / first * 100 if first else 0.0
    print(f"memory: first third {first:.0f} MB, last third {last:.0f} MB ({growth:+.1f} %); "
          f"errors: {stats.total_errors}")
    failed = stats.total_errors > 0
    if args.max_growth is not None and growth > args.max_growth:
        print(f"FAIL: memory grew {growth:.1f} %, more than --max-growth {args.max_growth} %")
        failed = True
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--interval", type=float, default=30)
    parser.add_argument("--reports-per-second", type=float, default=40)
    parser.add_argument("--lookups-per-second", type=float, default=400)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--salons", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-growth", type=float, default=None, metavar="PERCENT",
                        help="exit 1 when memory grew more than this from the first third to the last (a nightly "
                             "job over fixed data: --reports-per-second 0 --max-growth 5); errors always exit 1")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
