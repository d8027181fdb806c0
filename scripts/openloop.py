#!/usr/bin/env python3
"""An open-loop load generator: requests leave at a constant rate whatever the answers do, and each one's
latency is counted from the moment it was due, not from when a connection was free to send it. (A
closed-loop tool such as wrk waits for an answer before it sends the next request on a connection, so a
slow answer also delays the requests behind it and they are never counted as late: latency at
saturation is queueing, and latency below it is understated.)

    scripts/openloop.py --url http://127.0.0.1:8080 --bodies bodies.tsv --rate 5000 --duration 20

`bodies.tsv` has "<key>\\t<json body>" lines (bench_lookup.py writes them); each is sent as POST /v1/lookup
with the key as a bearer token, in turn. Keep-alive connections, one request in flight on each; with too
few connections for the rate, a due request waits for one and that wait is part of its latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

GRANULARITY = 0.001  # seconds between wake-ups at most rates (see run)


def requests_of(lines: list[str], host: str, path: str = "/v1/lookup") -> list[bytes]:
    out = []
    for line in lines:
        key, body = line.split("\t", 1)
        payload = body.encode()
        out.append((f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n").encode() + payload)
    return out


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: sends a request, reads an answer by its Content-Length."""

    def __init__(self, done) -> None:
        self.done = done  # done(connection, status)
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.due = 0.0

    def connection_made(self, transport) -> None:
        self.transport = transport

    def send(self, request: bytes, due: float) -> None:
        self.due = due
        self.transport.write(request)  # type: ignore[union-attr]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].decode("latin-1")
        length = 0
        for line in head.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if len(self.buffer) < end + 4 + length:
            return
        self.buffer = self.buffer[end + 4 + length:]
        self.done(self, int(head.split(" ", 2)[1]))

    def connection_lost(self, exc) -> None:
        self.transport = None


async def run(url: str, requests: list[bytes], rate: float, duration: float, connections: int = 64) -> dict:
    """Send `rate` requests a second for `duration` seconds; the latency percentiles of their answers (ms),
    counted from when each was due."""
    loop = asyncio.get_running_loop()
    parts = urlsplit(url)
    idle: deque[Connection] = deque()
    waiting: deque[tuple[bytes, float]] = deque()  # due requests that found no idle connection
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    def done(connection: Connection, status: int) -> None:
        latencies.append(time.perf_counter() - connection.due)
        statuses[status] = statuses.get(status, 0) + 1
        if waiting:
            request, due = waiting.popleft()
            connection.send(request, due)
        else:
            idle.append(connection)

    for _ in range(connections):
        _, protocol = await loop.create_connection(lambda: Connection(done), parts.hostname, parts.port)
        idle.append(protocol)
    total = int(rate * duration)
    start, cpu_start = time.perf_counter(), time.process_time()
    sent = 0
    while sent < total:
        now = time.perf_counter()
        due_count = min(total, int((now - start) * rate) + 1)
        while sent < due_count:  # everything due by now leaves now, each stamped with its own due time
            due = start + sent / rate
            request = requests[sent % len(requests)]
            if idle:
                idle.popleft().send(request, due)
            else:
                waiting.append((request, due))
            sent += 1
        # wake at most every millisecond and send what fell due meanwhile (each still timed from its own due
        # moment): waking for every request would cost the generator a core, taken from the server's two
        await asyncio.sleep(max(GRANULARITY, start + sent / rate - time.perf_counter()))
    deadline = time.perf_counter() + 10
    while len(latencies) < total and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000 if ordered else float("nan")
    return {"offered_per_second": rate, "sent": total, "answered": len(latencies), "seconds": elapsed,
            "statuses": statuses, "generator_cores": round(cpu / elapsed, 2), "p50": percentile(50), "p90": percentile(90), "p99": percentile(99),
            "max": ordered[-1] * 1000 if ordered else float("nan")}


def drive(url: str, lines: list[str], rate: float, duration: float, connections: int = 64) -> dict:
    host = urlsplit(url).netloc
    try:
        import uvloop
        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    return runner(run(url, requests_of(lines, host), rate, duration, connections))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--bodies", type=Path, required=True)
    parser.add_argument("--rate", type=float, required=True, help="requests per second")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    lines = [line for line in args.bodies.read_text().splitlines() if line]
    print(json.dumps(drive(args.url, lines, args.rate, args.duration, args.connections)))


if __name__ == "__main__":
    main()
