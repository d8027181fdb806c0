#!/usr/bin/env python3
"""Report ingestion against a running server: reports/s and latency, case linking included.

Start the server first, e.g. `BLOCKLIST_ACCESS_LOG=false blocklist serve --workers 2`, then:
    scripts/bench_reports.py --url http://127.0.0.1:8080 --reports 20000 --concurrency 64
It prints the documents written per report and reports/s as a fraction of the database's raw bulk-insert rate
measured in the same run (`blocklist admin db-stats --raw-rate`). The script creates its own salons (through the
admin command line of the same data directory or MONGODB_URI), and posts realistic multilingual reports: some people are reported by several
salons, with their names, emails and phones typed differently, so cases join and merge; each has
a booking day, and a salon's second report of one customer's booking day is a duplicate (200).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Anna", "Agnieszka", "Paweł", "Emre", "Zeynep", "Özlem", "Bram", "Femke", "Дмитрий", "Екатерина",
         "Андрій", "Юлия", "שרה", "דוד", "Björn", "Eleni", "Mária", "Joanna", "Tomasz", "Şükrü", "Ilknur", "Jan"]
LAST = ["Nowak", "Kowalska", "Zieliński", "Şahin", "Aydın", "Kaya", "van Leeuwen", "de Boer", "Волков",
        "Соколова", "Шевченко", "Ковальчук", "גולדברג", "אברהם", "Schäfer", "Georgiou", "Horváthová", "Yıldız"]
PROVIDERS = ["gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "wp.pl", "onet.pl", "yandex.ru",
             "ya.ru", "ziggo.nl", "icloud.com"]
COUNTRIES = [("PL", "+48", "6{:08d}"), ("NL", "+31", "6{:08d}"), ("TR", "+90", "53{:08d}"), ("DE", "+49", "151{:08d}")]
CATEGORIES = ["fake_booking", "no_show", "no_show", "late_cancellation", "abusive"]


def admin(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "blocklist", "admin", *args], capture_output=True, text=True,
                          cwd=ROOT, env=os.environ.copy(), timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"admin {' '.join(args)} failed: {done.stderr}")
    return json.loads(done.stdout)


def person(rng: random.Random) -> dict:
    country, prefix, pattern = rng.choice(COUNTRIES)
    local = f"{rng.choice(['a', 'k', 'm', 'z'])}.{rng.randrange(10**7)}"
    return {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "email": f"{local}@{rng.choice(PROVIDERS)}",
            "phone": prefix + pattern.format(rng.randrange(10**8)), "country": country}


def as_typed(p: dict, rng: random.Random) -> dict:
    """The same person as another salon might type them."""
    local, domain = p["email"].split("@")
    email = rng.choice([p["email"], p["email"].upper(), f"{local}+booking@{domain}"])
    phone = rng.choice([p["phone"], p["phone"].replace("+", "00"), " ".join([p["phone"][:3], p["phone"][3:6], p["phone"][6:]])])
    subject = {"name": rng.choice([p["name"], p["name"].lower()])}
    if rng.random() < 0.8:
        subject["email"] = email
    if rng.random() < 0.8 or "email" not in subject:
        subject["phone"] = phone
    return subject


async def run(url: str, keys: list[str], total: int, concurrency: int, idempotency: bool,
              seed: int) -> tuple[int, float]:
    rng = random.Random(seed)
    people = [person(rng) for _ in range(max(1, total // 3))]
    latencies: list[float] = []
    errors: dict[int, int] = {}
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(total):
        day = date.today() - timedelta(days=rng.randrange(55))  # the booking: in the last 8 weeks
        body = {"category": rng.choice(CATEGORIES), "subject": as_typed(rng.choice(people), rng),
                "booking": {"starts_at": f"{day}T10:00:00+01:00"},
                "evidence": {"contacted": rng.random() < 0.5, "notes": "did not come, phone off"}}
        queue.put_nowait((rng.choice(keys), body))

    duplicates = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal duplicates
        while not queue.empty():
            key, body = queue.get_nowait()
            headers = {"Authorization": f"Bearer {key}"}
            if idempotency:
                headers["Idempotency-Key"] = str(uuid.uuid4())
            started = time.perf_counter()
            async with session.post(f"{url}/v1/reports", json=body, headers=headers) as response:
                await response.read()
                if response.status == 201:
                    latencies.append(time.perf_counter() - started)
                elif response.status == 200:  # the salon had reported that customer's booking that day already
                    duplicates += 1
                else:
                    errors[response.status] = errors.get(response.status, 0) + 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000  # noqa: E731
    print(f"reports: {len(latencies)} created in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} reports/s "
          f"(concurrency {concurrency}, Idempotency-Key {'on' if idempotency else 'off'})")
    print(f"latency: p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"duplicates of an earlier report (200, nothing stored): {duplicates}")
    if errors:
        print(f"errors: {errors}")
    return len(latencies), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--salons", type=int, default=20)
    parser.add_argument("--no-idempotency", action="store_true", help="send no Idempotency-Key")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    keys = [admin("create-salon", "--name", f"Bench salon {i}", "--country", COUNTRIES[i % len(COUNTRIES)][0])["secret_key"]
            for i in range(args.salons)]
    before = admin("db-stats", "--raw-rate")
    created, seconds = asyncio.run(run(args.url.rstrip("/"), keys, args.reports, args.concurrency,
                                       not args.no_idempotency, args.seed))
    time.sleep(3)  # the lookup log and other once-a-second writers settle
    after = admin("db-stats")
    written = after["documents"] - before["documents"]
    grown = {name: count - before["collections"].get(name, 0) for name, count in after["collections"].items()
             if count != before["collections"].get(name, 0)}
    raw = before["raw_bulk_inserts_per_second"]
    print(f"documents: {written:,} written for {created:,} reports = {written / max(created, 1):.2f} a report "
          f"({', '.join(f'{name} {count:+,}' for name, count in sorted(grown.items()))}); documents still there, "
          "so updates and deletions are not counted")
    print(f"database: raw bulk inserts {raw:,.0f} documents/s, measured just before; reports/s as a fraction of it: "
          f"{created / seconds / raw:.3f} (documents/s: {written / seconds:,.0f}, {written / seconds / raw:.2f} of it)")


if __name__ == "__main__":
    main()
