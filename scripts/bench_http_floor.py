#!/usr/bin/env python3
"""What this machine allows a lookup: a bare aiohttp endpoint, with N µs of CPU added per request.

The lookup bars (≥ 10,000/s, p99 ≤ 5 ms, 2 workers, wrk on the same machine, 32 connections) are
set against a machine; this measures that machine. It serves POST /v1/lookup from two processes
exactly as `blocklist serve` does (uvloop, SO_REUSEPORT, the same GC settings), each parsing the
JSON body and answering a fixed lookup-shaped answer after spinning `N` µs of its own CPU time,
and drives it with wrk and bench_lookup's request mix, once per N:

    scripts/bench_http_floor.py                      # N = 0 20 40 80 120 160
    scripts/bench_http_floor.py --work 0 50 --duration 20

The largest N that still meets a bar is what everything the service does per lookup beyond
receiving, parsing and answering (authentication, rate limits, canonicalising, keying, the index,
the reasons, logging, metrics) may cost on this machine. Compare it with the service's own worker
CPU per lookup (bench_lookup.py prints it) measured back to back: this machine's speed drifts.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import random
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_lookup  # (the same request mix and wrk script)

ANSWER = b'{"verdict":"allow","risk":0,"action":"none","reasons":[],"lookup_id":"lkp_0123456789abcdef"}'


def serve(port: int, work_seconds: float) -> None:
    """One worker process: what `blocklist serve` sets up, around a handler that only spins."""
    import gc

    import orjson
    import uvloop
    from aiohttp import web

    gc.set_threshold(100_000, 50, 100)

    async def lookup(request: web.Request) -> web.Response:
        orjson.loads(await request.read())
        until = time.thread_time() + work_seconds
        while time.thread_time() < until:  # CPU time of this thread: a preempted spin still costs N µs
            pass
        return web.Response(body=ANSWER, content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/lookup", lookup)
    web.run_app(app, host="127.0.0.1", port=port, reuse_port=True, access_log=None, print=None,
                loop=uvloop.new_event_loop())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"the bare server did not start listening on {port}")


@contextlib.contextmanager
def floor_server(work_us: float) -> Iterator[str]:
    """The bare endpoint served by two worker processes while the block runs; yields its URL."""
    port = free_port()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=serve, args=(port, work_us / 1e6), daemon=True) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        wait_until_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(5)


def measure(work_us: float, script: Path, duration: int, connections: int) -> dict:
    with floor_server(work_us) as url:
        return bench_lookup.drive(script, url, duration, connections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=float, nargs="+", default=[0, 20, 40, 80, 120, 160],
                        help="µs of CPU to add per request, one run each")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    # bodies shaped like bench_lookup's (sizes and headers matter to the HTTP layer, the values do not)
    people = [{"name": f"Anna Nowak{n}", "email": f"anna.nowak{n}@gmail.com", "phone": f"+48 51234{n:04d}",
               "region": "PL"} for n in range(1000)]
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "bodies.jsonl"
        body_file.write_text("\n".join(bench_lookup.bodies(people, 20000, random.Random(7), "bl_sk_bench")) + "\n")
        script = Path(tmp) / "lookup.lua"
        script.write_text(bench_lookup.LUA % {"bodies": body_file})
        print(f"bare aiohttp, 2 workers, wrk 1 thread × {args.connections} connections, {args.duration} s a run")
        print(f"{'added CPU':>10} {'requests/s':>11} {'p50 ms':>7} {'p99 ms':>7}")
        for work in args.work:
            result = measure(work, script, args.duration, args.connections)
            rate = result["requests"] / result["seconds"]
            print(f"{work:>7.0f} µs {rate:>11,.0f} {result['p50']:>7.2f} {result['p99']:>7.2f}", flush=True)


if __name__ == "__main__":
    main()
