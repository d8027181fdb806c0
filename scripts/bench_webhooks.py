#!/usr/bin/env python3
"""Webhook deliveries per second to a local receiver, and what webhooks add to a moderator's decision.

    scripts/bench_webhooks.py --salons 50 --reports 2000

Runs in one process on the embedded database (or MONGODB_URI): `--salons` salons each register a webhook
to a local HTTP receiver (a plain aiohttp server that answers 200); each salon reports customers and
a moderator blocks each case. It measures, back to back in the same run:
- a decision's latency (p50/p95) with nobody listening and with every reporting salon listening
  (what queueing the events adds to the moderator's wait);
- deliveries/s: the queued events delivered by `deliver_due` rounds (signed, each a real HTTP POST),
  beside the receiver's own ceiling: plain POSTs of the same bodies to it from the same process.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blocklist.clock import utcnow  # noqa: E402
from blocklist.embedded import EmbeddedServer  # noqa: E402
from blocklist.metrics import Metrics  # noqa: E402
from blocklist.models import ModeratorPrincipal  # noqa: E402
from blocklist.runtime import Runtime  # noqa: E402
from blocklist.services.reports import NewReport  # noqa: E402
from blocklist.settings import Settings  # noqa: E402


async def receiver() -> tuple[web.AppRunner, str, list[int]]:
    got: list[int] = []

    async def receive(request: web.Request) -> web.Response:
        got.append(len(await request.read()))
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/hook", got


async def decide_all(runtime: Runtime, moderator: ModeratorPrincipal, salons: list, principals: dict,
                     per_salon: int, tag: str) -> list[float]:
    """Each salon reports `per_salon` customers; a moderator blocks every case. Returns decision times."""
    took = []
    for s, created in enumerate(salons):
        for n in range(per_salon):
            phone = f"+4860{s:03d}{n:04d}"
            submitted = await runtime.reports.submit(principals[id(created)], NewReport(
                category="fake_booking", name=f"Anna {tag}{s}x{n}", email=None, phone=phone, booking=None,
                evidence=None, canonical_body=b""), None)
            report = await runtime.reports.store.get(submitted.receipt["id"])
            started = time.perf_counter()
            await runtime.moderation.decide(moderator, report.case_id, "block",
                                            [{"kind": "phone", "value": phone}], "global", None, "bench", None)
            took.append(time.perf_counter() - started)
    return took


def quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    return (f"p50 {statistics.median(ordered) * 1000:.1f} ms, "
            f"p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:.1f} ms")


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedServer(Path(folder) / "db")
        uri = server.start()
        runner, url, got = await receiver()
        try:
            settings = Settings(mongodb_uri=uri, db_name="bench_webhooks", data_dir=Path(folder),
                                pepper="bench-pepper-0123456789abcdefghijklmnopqrstuvwxyz",
                                data_key="1:" + "k" * 43, access_log=False, webhook_allow_private=True)
            runtime = Runtime(settings, utcnow, Metrics())
            await runtime.start(serving=False)
            moderator_record, _ = await runtime.accounts.create_moderator("bench", "moderator", None)
            moderator = ModeratorPrincipal(moderator_record, via="api")
            per_salon = max(1, args.reports // args.salons // 2)
            quiet = [await runtime.accounts.create_salon(f"Quiet {i}", "PL", []) for i in range(args.salons)]
            loud = [await runtime.accounts.create_salon(f"Loud {i}", "PL", []) for i in range(args.salons)]
            principals = {id(c): await runtime.authenticate(c.secret_key) for c in quiet + loud}
            for created in loud:
                await runtime.webhooks.register(created.salon, url, ["report.updated"])
            without = await decide_all(runtime, moderator, quiet, principals, per_salon, "q")
            with_hooks = await decide_all(runtime, moderator, loud, principals, per_salon, "l")
            queued = await runtime.collections.deliveries.count_documents({"status": "pending"})
            started = time.perf_counter()
            delivered = 0
            while True:
                sent = await runtime.webhooks.deliver_due()
                delivered += sent
                if sent == 0 and not await runtime.collections.deliveries.count_documents({"status": "pending"}):
                    break
            seconds = time.perf_counter() - started
            body = b"{" + b'"x": "' + b"y" * 900 + b'"}'
            started = time.perf_counter()
            async with aiohttp.ClientSession() as session:
                for chunk in range(0, delivered, 50):
                    await asyncio.gather(*(session.post(url, data=body) for _ in range(min(50, delivered - chunk))))
            ceiling = delivered / (time.perf_counter() - started)
            print(f"decisions without webhooks: {len(without)}, {quantiles(without)}")
            print(f"decisions with the salon listening: {len(with_hooks)}, {quantiles(with_hooks)}")
            print(f"deliveries: {delivered} of {queued} queued in {seconds:.1f} s = {delivered / seconds:.0f}/s "
                  f"(signed, claimed, recorded); the receiver's ceiling from this process: {ceiling:.0f} POSTs/s "
                  f"-> {delivered / seconds / ceiling:.2f} of it")
            await runtime.close()
        finally:
            await runner.cleanup()
            server.stop()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--salons", type=int, default=20)
    parser.add_argument("--reports", type=int, default=400)
    sys.exit(asyncio.run(main(parser.parse_args())))
