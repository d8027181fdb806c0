#!/usr/bin/env python3
"""How fast the console and the moderator API answer on a large database, beside a floor page.

Logs in as a moderator and as an admin (accounts it creates) and times every console page and
moderator API call, one request at a time: the queue with each filter, take next, the case with the
most reports, blocklist searches by email, phone and name, an entry, appeals, the audit log, the
dashboard, the admin pages and a subject export. The floor is a page measured in the same rounds:
one indexed query of 50 documents rendered through the same template machinery (Jinja2 with
autoescape, served by aiohttp from its own process). Targets are visited in turn, round after round,
so the machine's drift touches every one alike; each line says its p95 as a multiple of the floor's.

    BLOCKLIST_DATA_DIR=./bench .venv/bin/python scripts/bench_console.py --sample sample.json [--rounds 40]

It starts `blocklist serve` (one worker, two-step login not required) on the database the seed
filled, waits until the process is ready, and stops it at the end. Exits 1 when a page is over
`--limit` times the floor.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-console-password-4217"
FLOOR_TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><main>
<table>{% for d in rows %}<tr><td>{{ d._id }}</td><td>{{ d.kind }}</td><td>{{ d.action }}</td><td>{{ d.scope }}</td>
<td>{{ d.status }}</td><td>{{ d.created_at }}</td><td>{{ d.note }}</td></tr>{% endfor %}</table></main></body></html>"""


def floor_server(uri: str, port: int) -> None:
    """The floor page: 50 listings by an index, rendered by Jinja2 (autoescape), served by aiohttp."""
    import jinja2
    from aiohttp import web
    from pymongo import AsyncMongoClient
    template = jinja2.Environment(autoescape=True).from_string(FLOOR_TEMPLATE)

    async def start(app: web.Application) -> None:
        app["db"] = AsyncMongoClient(uri)["blocklist"]

    async def floor(request: web.Request) -> web.Response:
        rows = await request.app["db"].blocklist_entries.find({}, {"match_keys": 0}).sort("_id", -1) \
            .limit(50).to_list()
        return web.Response(text=template.render(rows=rows), content_type="text/html")

    app = web.Application()
    app.on_startup.append(start)
    app.router.add_get("/floor", floor)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


async def prepare(settings, drain_retention: bool = False) -> dict:
    """Accounts for the run and the ids the pages are asked about."""
    from blocklist.clock import utcnow
    from blocklist.metrics import Metrics
    from blocklist.runtime import Runtime
    from blocklist.storage.database import count, time_limit
    runtime = Runtime(settings, utcnow, Metrics())
    await runtime.start(serving=False)
    try:
        # what a serving process would do in the background after an upgrade, done before measuring
        with time_limit(3600):
            keyed = await runtime.stores.cases.add_queue_keys()
        if keyed:
            print(f"gave {keyed:,} cases their queue keys first (an older database)", flush=True)
        started = time.perf_counter()
        with time_limit(3600):
            posted = await runtime.stores.reports.add_missing_postings()
        if posted:
            print(f"wrote the postings of {posted:,} reports first (an older database) in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        with time_limit(600):
            appeals = await runtime.stores.appeals.add_missing_key_fields()
        if appeals:
            print(f"gave {appeals:,} appeals their key fields first (an older database)", flush=True)
        if drain_retention:  # (a seeded year holds months-old unreviewed reports a running service deleted long ago)
            started, deleted, cleared = time.perf_counter(), 0, 0
            with time_limit(6 * 3600):
                while True:
                    done = await runtime.retention.run_once()
                    deleted, cleared = deleted + done.pending_deleted, cleared + done.reports_cleared
                    if not done.pending_deleted and not done.reports_cleared:
                        break
                    print(f"  retention: {deleted:,} unreviewed reports deleted, {cleared:,} closed ones cleared in "
                          f"{time.perf_counter() - started:.0f} s", flush=True)
        stamp = int(time.time())
        moderator, token = await runtime.accounts.create_moderator(f"bench-mod-{stamp}", "moderator", PASSWORD)
        admin, admin_token = await runtime.accounts.create_moderator(f"bench-admin-{stamp}", "admin", PASSWORD)
        db = runtime.collections.db
        with time_limit(600):  # (finding the heaviest case reads every open case)
            heavy = await db.cases.find({"status": "open"}, {"_id": 1, "report_count": 1}) \
                .sort([("report_count", -1)]).limit(1).to_list()
            entry = await db.blocklist_entries.find({}, {"_id": 1}).sort("_id", 1).limit(1).to_list()
            appeal = await db.appeals.find({"status": "received"}, {"_id": 1}).limit(1).to_list()
            salon = await db.salons.find({}, {"_id": 1}).limit(1).to_list()
            counts = {name: await count(db[name], {})
                      for name in ("blocklist_entries", "reports", "cases", "appeals", "audit_log")}
            counts["open cases"] = await count(db.cases, {"status": "open"})
    finally:
        await runtime.close()
    return {"moderator": moderator.username, "admin": admin.username, "token": token, "admin_token": admin_token,
            "case": heavy[0]["_id"] if heavy else None, "case_reports": heavy[0].get("report_count") if heavy else 0,
            "entry": entry[0]["_id"] if entry else None, "appeal": appeal[0]["_id"] if appeal else None,
            "salon": salon[0]["_id"] if salon else None, "counts": counts}


async def login(session, base: str, username: str) -> str:
    """A console session; returns the CSRF token of the logged-in pages."""
    page = await session.get(f"{base}/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
    done = await session.post(f"{base}/console/login", data={"username": username, "password": PASSWORD,
                                                             "csrf_token": token, "next": "/console/queue"},
                              headers={"Origin": base})
    html = await done.text()
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if done.status != 200 or not found or "/console/logout" not in html:
        message = re.search(r'<p class="(?:error|flash)[^"]*"[^>]*>(.*?)</p>', html, re.S)
        raise SystemExit(f"could not log in as {username}: {done.status} {message.group(1) if message else html[:300]}")
    return found.group(1)


def targets(base: str, floor: str, ids: dict, sample: dict, csrf: dict) -> list[tuple[str, str, str, dict]]:
    """(label, who, method url, options) of every measured request."""
    person = sample["identities"][len(sample["identities"]) // 2] if sample.get("identities") else {}
    mod, adm = {"Authorization": f"Bearer {ids['token']}"}, {"Authorization": f"Bearer {ids['admin_token']}"}
    out = [("floor page (50 indexed documents, Jinja2)", "none", f"GET {floor}/floor", {})]
    console = [("queue", "/console/queue"), ("queue · resolved", "/console/queue?status=resolved"),
               *[(f"queue · {c}", f"/console/queue?category={c}")
                 for c in ("no_show", "late_cancellation", "fake_booking", "abusive")],
               ("queue · 3+ salons", "/console/queue?min_salons=3"), ("queue · mine", "/console/queue?mine=1"),
               (f"case with {ids['case_reports']} reports", f"/console/cases/{ids['case']}"),
               ("blocklist", "/console/blocklist"),
               ("blocklist search · email", f"/console/blocklist?q={person.get('email', 'a@b.c')}"),
               ("blocklist search · phone", f"/console/blocklist?q={person.get('phone', '+48601234567')}"),
               ("blocklist search · name", f"/console/blocklist?q={person.get('name', 'Anna Nowak')}"),
               ("entry", f"/console/blocklist/{ids['entry']}"), ("appeals", "/console/appeals"),
               ("appeal", f"/console/appeals/{ids['appeal']}"), ("audit", "/console/audit"),
               ("dashboard", "/console/dashboard")]
    out += [(label, "moderator", f"GET {base}{path}", {}) for label, path in console]
    out.append(("take next (POST)", "moderator", f"POST {base}/console/queue/take-next",
                {"data": {"csrf_token": csrf["moderator"]}, "headers": {"Origin": base}}))
    out += [("admin", "admin", f"GET {base}/console/admin", {}),
            ("admin · salon", "admin", f"GET {base}/console/admin/salons/{ids['salon']}", {}),
            ("admin · subject export (POST)", "admin", f"POST {base}/console/admin/subject-requests",
             {"data": {"csrf_token": csrf["admin"], "action": "export", "email": person.get("email", "")},
              "headers": {"Origin": base}})]
    api = [("API queue", "/v1/mod/cases"), ("API case", f"/v1/mod/cases/{ids['case']}"),
           ("API search · email", f"/v1/mod/blocklist?q={person.get('email', 'a@b.c')}"),
           ("API search · name", f"/v1/mod/blocklist?q={person.get('name', 'Anna Nowak')}"),
           ("API entry", f"/v1/mod/blocklist/{ids['entry']}"), ("API appeals", "/v1/mod/appeals"),
           ("API audit", "/v1/mod/audit")]
    out += [(label, "none", f"GET {base}{path}", {"headers": mod}) for label, path in api]
    out.append(("API subject export", "none", f"POST {base}/v1/admin/subject-requests/export",
                {"json": {"email": person.get("email", "")}, "headers": adm}))
    return out


async def measure(base: str, floor: str, ids: dict, sample: dict, rounds: int,
                  only: str | None = None) -> dict[str, list[float]]:
    import aiohttp
    sessions = {who: aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
                for who in ("none", "moderator", "admin")}
    try:
        csrf = {"moderator": await login(sessions["moderator"], base, ids["moderator"]),
                "admin": await login(sessions["admin"], base, ids["admin"])}
        plan = targets(base, floor, ids, sample, csrf)
        if only:
            plan = plan[:1] + [target for target in plan[1:] if re.search(only, target[0])]
        times: dict[str, list[float]] = {label: [] for label, *_ in plan}
        for round_ in range(rounds + 2):  # the first two rounds warm caches and are not counted
            for label, who, request, options in plan:
                method, url = request.split(" ", 1)
                started = time.perf_counter()
                async with sessions[who].request(method, url, allow_redirects=False, **options) as answer:
                    await answer.read()
                    elapsed = time.perf_counter() - started
                    if answer.status >= 400:
                        body = (await answer.text())[:300]
                        raise SystemExit(f"{label}: {method} {url} answered {answer.status}: {body}")
                if round_ >= 2:
                    times[label].append(elapsed * 1000)
        return times
    finally:
        for session in sessions.values():
            await session.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def wait_ready(url: str, seconds: float) -> None:
    import urllib.error
    import urllib.request
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} was not ready within {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, default=Path("seed-sample.json"), help="seed_synthetic.py's sample")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--limit", type=float, default=3.0, help="the most a page may take, in floors (p95)")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--drain-retention", action="store_true",
                        help="first delete what retention would have (a seed's backlog), and say how fast")
    parser.add_argument("--only", metavar="REGEX", help="measure only the pages whose label matches (the floor always)")
    parser.add_argument("--floor-server", nargs=2, metavar=("URI", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_server:
        floor_server(args.floor_server[0], int(args.floor_server[1]))
        return
    from blocklist.embedded import EmbeddedServer
    from blocklist.settings import Settings, with_local_secrets
    settings = with_local_secrets(Settings.from_env())
    embedded = None
    if not settings.mongodb_uri:
        embedded = EmbeddedServer(settings.data_dir)
        uri, started = embedded.attach_or_start()
        if not started:
            embedded = None  # a running `blocklist serve` owns it
        settings = dataclasses.replace(settings, mongodb_uri=uri)
    sample = json.loads(args.sample.read_text()) if args.sample.exists() else {}
    ids = asyncio.run(prepare(settings, args.drain_retention))
    print("database: " + ", ".join(f"{count:,} {name}" for name, count in ids["counts"].items()), flush=True)
    env = {**os.environ, "MONGODB_URI": settings.mongodb_uri, "BLOCKLIST_CONSOLE_REQUIRE_MFA": "false",
           "BLOCKLIST_CONSOLE_SECURE_COOKIES": "false",  # plain HTTP on 127.0.0.1, as scripts/run
           "BLOCKLIST_ACCESS_LOG": "false", "BLOCKLIST_LOG_LEVEL": "warning",
           # retention works through a seed's months-old backlog in the serving process while pages are measured
           # (a running service did that long ago); --drain-retention does it first instead
           **({} if args.drain_retention else {"BLOCKLIST_PENDING_REPORT_DAYS": "3650",
                                                "BLOCKLIST_CLOSED_REPORT_DAYS": "3650"})}
    base, floor = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
    service = subprocess.Popen([sys.executable, "-m", "blocklist", "serve", "--port", str(args.port),
                                "--workers", "1"], env=env, cwd=ROOT)
    floor_process = subprocess.Popen([sys.executable, __file__, "--floor-server", settings.mongodb_uri,
                                      str(args.port + 1)], env=env)
    try:
        started = time.perf_counter()
        wait_ready(f"{base}/readyz", 900)
        wait_ready(f"{floor}/floor", 60)
        print(f"service ready in {time.perf_counter() - started:.0f} s; {args.rounds} rounds", flush=True)
        times = asyncio.run(measure(base, floor, ids, sample, args.rounds, args.only))
    finally:
        for process in (service, floor_process):
            process.terminate()
            process.wait(30)
        if embedded:
            embedded.stop()
    floor_p95 = percentile(next(iter(times.values())), 0.95)
    print("\n| page or call | p50 ms | p95 ms | p95 ÷ floor |\n| --- | ---: | ---: | ---: |")
    over = []
    for label, values in times.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        ratio = p95 / floor_p95
        if ratio > args.limit:
            over.append(label)
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {ratio:.1f}{' **over**' if ratio > args.limit else ''} |")
    if over:
        print(f"\nover {args.limit:g}× the floor at p95: " + ", ".join(over))
        sys.exit(1)


if __name__ == "__main__":
    main()
