#!/usr/bin/env python3
"""Fill a database with a year of a salon network's history.

1. Listed identities, through the storage layer, fast: each is a resolved case with a multilingual
   name, a valid mobile number of one of ten countries and an email at a real-world provider, both
   blocked (global, no expiry). Canonical forms are computed in parallel worker processes;
   documents are written in large batches.
2. With `--reports N`: salons in those ten countries, and N reports through the report service
   itself (so cases, incidents, audit and counters are what the service writes), dated over the last
   year: categories in realistic proportions, each person reported one to a dozen times under
   several spellings and phone formats, one person by hundreds of salons. `--open-cases` people stay
   open; `--decided` more are decided by a moderator (block or dismiss).
3. Appeals (some verified, so they wait for a moderator) and two weeks of lookups.

    BLOCKLIST_DATA_DIR=./data scripts/seed_synthetic.py --identities 1000000   # the embedded database
    MONGODB_URI=... scripts/seed_synthetic.py --identities 500000 --reports 200000 --open-cases 50000

It prints progress, the salon key it created (for bench_lookup.py) and the identities it wrote to
`--sample` (a JSON file the lookup benchmark draws its hits and near misses from).
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import dataclasses
import json
import multiprocessing
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = {
    "PL": ["Anna", "Agnieszka", "Katarzyna", "Małgorzata", "Paweł", "Piotr", "Tomasz", "Łukasz", "Zofia", "Jan"],
    "TR": ["Emre", "Zeynep", "Özlem", "Şükrü", "İlknur", "Mehmet", "Ayşe", "Fatma", "Can", "Elif"],
    "NL": ["Bram", "Femke", "Sanne", "Daan", "Lotte", "Jeroen", "Anouk", "Joris", "Eva", "Thijs"],
    "RU": ["Дмитрий", "Екатерина", "Юлия", "Сергей", "Анна", "Иван", "Ольга", "Алексей", "Мария", "Наталья"],
    "UA": ["Андрій", "Оксана", "Тарас", "Ірина", "Олександр", "Наталія", "Богдан", "Галина", "Юрій", "Олена"],
    "IL": ["שרה", "דוד", "יוסף", "רחל", "משה", "מרים", "אברהם", "נועה", "יצחק", "תמר"],
    "DE": ["Björn", "Jürgen", "Anja", "Katrin", "Lukas", "Sophie", "Matthias", "Julia", "Jonas", "Lena"],
    "GB": ["Oliver", "Amelia", "Harry", "Isla", "Jack", "Emily", "George", "Ava", "Charlie", "Grace"],
    "GR": ["Ελένη", "Γιώργος", "Μαρία", "Νίκος", "Κατερίνα", "Δημήτρης", "Σοφία", "Κώστας", "Άννα", "Γιάννης"],
    "CZ": ["Mária", "Jiří", "Tereza", "Petr", "Lucie", "Jan", "Eva", "Tomáš", "Kateřina", "Martin"],
}
LAST = {
    "PL": ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamiński", "Zielińska", "Szymański", "Woźniak", "Dąbrowski", "Kozłowska"],
    "TR": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan"],
    "NL": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "van Leeuwen"],
    "RU": ["Волков", "Соколова", "Смирнов", "Кузнецова", "Попов", "Васильева", "Петров", "Морозова", "Новиков", "Фёдорова"],
    "UA": ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Ковальчук", "Олійник", "Шевчук", "Поліщук", "Бойко"],
    "IL": ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם", "פרידמן", "גולדברג", "שפירא", "דהן"],
    "DE": ["Müller", "Schmidt", "Schäfer", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz"],
    "GB": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright"],
    "GR": ["Παπαδόπουλος", "Γεωργίου", "Νικολάου", "Παπαδοπούλου", "Οικονόμου", "Δημητρίου", "Ιωάννου", "Κωνσταντίνου", "Αθανασίου", "Βασιλείου"],
    "CZ": ["Novák", "Horváthová", "Svoboda", "Dvořák", "Černá", "Procházka", "Kučerová", "Veselý", "Horák", "Němcová"],
}
PROVIDERS = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "wp.pl", "onet.pl", "yandex.ru",
             "mail.ru", "ziggo.nl", "gmx.de", "web.de", "proton.me", "interia.pl", "seznam.cz"]
REGIONS = list(FIRST)
WRITERS = 4  # inserts in flight at once


def person(i: int, rng: random.Random) -> tuple[str, str, str, str]:
    """(name, email, phone in E.164, region) of synthetic person i: unique email and phone."""
    import phonenumbers
    region = REGIONS[i % len(REGIONS)]
    name = f"{rng.choice(FIRST[region])} {rng.choice(LAST[region])} {_suffix(i)}" if rng.random() < 0.5 else \
        f"{rng.choice(FIRST[region])} {rng.choice(LAST[region])}"
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    national = phonenumbers.national_significant_number(example)
    # unique numbers: the identity number in the last digits, the example's valid prefix before them
    digits = national[:-6] + f"{i % 10**6:06d}"
    prefix_shift = i // 10**6
    if prefix_shift:
        digits = national[:-7] + f"{prefix_shift % 10}{i % 10**6:06d}"
    phone = f"+{example.country_code}{digits}"
    email = f"{_suffix(i)}.{rng.randrange(10**6)}@{rng.choice(PROVIDERS)}"
    return name, email, phone, region


def _suffix(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        out = letters[i % 26] + out
        i //= 26
        if not i:
            return out


def prepare(args: tuple[int, int, str]) -> list[dict]:
    """Documents for identities [start, end): a resolved case and its two entries each."""
    start, end, pepper = args
    from blocklist.credentials import Pseudonymiser
    from blocklist.matching import canonical_email, canonical_phone, name_keys
    from blocklist.matching.index import pack_name
    from blocklist.matching.subject import listing_match_keys
    pseudonymiser = Pseudonymiser(pepper)
    rng = random.Random(start)
    now = datetime.now(timezone.utc)
    out = []
    for i in range(start, end):
        name, email, phone, region = person(i, rng)
        keys = name_keys(name)
        e, p = canonical_email(email), canonical_phone(phone, region)
        if not (e.canonical and p.e164):
            continue
        case_id = f"case_seed{i:026d}"
        # a blocklist built up over two years: most cases were reported long ago
        reported = now - timedelta(days=rng.uniform(0, 730))
        packed = pack_name(keys)
        entries = []
        for kind, value in (("email", e.canonical), ("phone", p.e164)):
            entries.append({
                "_id": f"ent_seed{kind[0]}{i:025d}", "kind": kind, "value": value,
                "key": pseudonymiser.key(kind, value), "action": "block", "scope": "global", "salon_id": None,
                "case_id": case_id, "names": [keys.latin], "name_packed": [packed], "status": "active",
                "created_at": reported, "created_by": "seed", "expires_at": None, "note": "synthetic",
                "lifted_at": None, "lifted_by": None, "lift_note": None,
                "match_keys": listing_match_keys(kind, value, pseudonymiser), "keys_version": 2,
            })
        out.append({"case": {"_id": case_id, "status": "resolved", "version": 1, "created_at": reported,
                             "updated_at": reported, "reports": [], "report_count": 0, "salon_ids": [], "salon_count": 0,
                             "keys": [x["key"] for x in entries], "match_keys": [], "identifiers":
                                 [{"kind": x["kind"], "value": x["value"]} for x in entries],
                             "names": [keys.latin], "name_packed": [packed], "categories": {},
                             "worst_category": None, "severity": 0, "first_report_at": reported, "last_report_at": reported,
                             "priority": 0.0, "similar": [], "history": [], "claimed_by": None, "claimed_at": None,
                             "merged_into": None, "decision": {"action": "block", "applied": True, "note": "synthetic"}},
                    "entries": entries, "sample": {"name": name, "email": email, "phone": phone, "region": region}})
    return out


async def write(settings, pool, chunks: list, total: int, sample_path: Path) -> None:
    """Write what the pool prepares, a wave of chunks at a time (memory stays bounded), with a few
    inserts in flight so that encoding here and inserting in the database overlap."""
    from blocklist.clock import utcnow
    from blocklist.metrics import Metrics
    from blocklist.runtime import Runtime
    from blocklist.storage.cases import case_of
    from blocklist.storage.entries import entry_of
    runtime = Runtime(settings, utcnow, Metrics())
    await runtime.start(serving=False)
    written = 0
    samples: list[dict] = []
    started = time.perf_counter()
    in_flight = asyncio.Semaphore(WRITERS)

    async def insert(part: list[dict]) -> None:
        async with in_flight:
            await runtime.stores.cases.insert_many([case_of(d["case"]) for d in part])  # sealed like any case
            await runtime.stores.entries.insert_many([entry_of(e) for d in part for e in d["entries"]])

    try:
        wave = 2 * pool._processes
        pending = pool.map_async(prepare, chunks[:wave])
        for first in range(0, len(chunks), wave):
            prepared = await asyncio.to_thread(pending.get)
            if first + wave < len(chunks):
                pending = pool.map_async(prepare, chunks[first + wave:first + 2 * wave])
            docs = [d for chunk in prepared for d in chunk]
            await asyncio.gather(*(insert(docs[i:i + 1000]) for i in range(0, len(docs), 1000)))
            if len(samples) < 20000:
                samples.extend(d["sample"] for chunk in prepared for d in chunk[:200])
            before, written = written, written + len(docs)
            if written // 100_000 > before // 100_000:
                print(f"  {written:,} identities written ({time.perf_counter() - started:.0f} s)", flush=True)
        await runtime.changes.record([("seed", str(total))], utcnow())
        created = await runtime.accounts.create_salon("Bench salon", "PL", ["http://127.0.0.1"])
    finally:
        await runtime.close()
    sample_path.write_text(json.dumps({"secret_key": created.secret_key, "publishable_key": created.publishable_key,
                                       "identities": samples}))
    print(f"wrote {written:,} identities in {time.perf_counter() - started:.0f} s; "
          f"salon key and a sample of identities in {sample_path}")



# ---------------------------------------------------------------- histories (through the services)

# how often salons report each kind of thing (no-shows dominate; abuse is rare)
CATEGORY_WEIGHTS = {"no_show": 0.55, "late_cancellation": 0.25, "fake_booking": 0.15, "abusive": 0.05}
HEAVY_REPORTS = 300  # one person reported by this many salons: the "case with many reports"
CONCURRENCY = 16
_now: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("seed_now", default=None)


def seed_clock() -> datetime:
    """The services' clock: the moment a seeded report was received, else now."""
    return _now.get() or datetime.now(timezone.utc)


def spelling(name: str, rng: random.Random) -> str:
    """Another way a salon's staff type the same name: as is, without diacritics, surname first,
    lower case, or with two letters swapped."""
    import unicodedata
    way = rng.random()
    if way < 0.4:
        return name
    if way < 0.6:
        return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if way < 0.75:
        return " ".join(reversed(name.split(" ", 1)))
    if way < 0.9:
        return name.lower()
    i = rng.randrange(1, max(2, len(name) - 2))
    return name[:i] + name[i + 1] + name[i] + name[i + 2:] if len(name) > 3 else name


def typed_phone(e164: str, region: str, rng: random.Random) -> str:
    """A phone number as the country's staff type it: nationally, internationally, or bare."""
    import phonenumbers
    number = phonenumbers.parse(e164)
    way = rng.random()
    if way < 0.4:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if way < 0.8:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return e164


def report_body(person: tuple[str, str, str, str], received: datetime, rng: random.Random) -> dict:
    """A salon's report of this person (name, email, phone, region): what happened and the booking."""
    name, email, phone, region = person
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    starts = received + timedelta(days=rng.uniform(0.5, 5)) if category == "fake_booking" else \
        received - timedelta(hours=rng.uniform(0.5, 48))
    subject: dict[str, str] = {"name": spelling(name, rng)}
    if rng.random() < 0.8:
        subject["phone"] = typed_phone(phone, region, rng)
    if rng.random() < 0.6 or "phone" not in subject:
        subject["email"] = email.upper() if rng.random() < 0.1 else email
    return {"category": category, "subject": subject,
            "booking": {"reference": f"B-{rng.randrange(10**6)}", "starts_at": starts.isoformat(),
                        "booked_at": (min(starts, received) - timedelta(days=rng.uniform(0.1, 14))).isoformat(),
                        "service": rng.choice(["haircut", "manicure", "colouring", "massage", "brows"]),
                        "channel": rng.choice(["online", "phone", "walk_in"])},
            "evidence": {"contacted": rng.random() < 0.7, "reachable": rng.random() < 0.3,
                         "first_visit": rng.random() < 0.6, "notes": "seeded"}}


def report_counts(people: int, reports: int, rng: random.Random) -> list[int]:
    """How many reports each person gets: most one or two, a few a dozen, one person HEAVY_REPORTS;
    the counts add up to `reports` (at least one each)."""
    heavy = min(HEAVY_REPORTS, max(1, reports - people + 1))
    counts = [heavy] + [1] * (people - 1)
    spare = reports - sum(counts)
    while spare > 0:  # the rest in handfuls to people at random: a few end up with a dozen
        add = min(spare, 1 + int(rng.expovariate(0.4)))
        counts[rng.randrange(1, people) if people > 1 else 0] += add
        spare -= add
    return counts


class CodeCatcher:
    """Stands in for the mailer during the seed: keeps the appeal codes a person would receive, so that
    some appeals can be verified and wait for a moderator, as real ones do."""

    can_mail, can_text = True, False

    def __init__(self) -> None:
        self.codes: list[str] = []

    def email(self, to: str, subject: str, body: str, language: str) -> str:
        return body

    async def send_email(self, message: str) -> None:
        import re
        found = re.search(r"\b(\d{6})\b", message)
        if found:
            self.codes.append(found.group(1))


async def histories(settings, args) -> None:
    """Salons, reports, decisions, appeals and lookups, through the services (see the module's help)."""
    from blocklist.metrics import Metrics
    from blocklist.models import KeyKind, ModeratorPrincipal, SalonPrincipal
    from blocklist.runtime import Runtime
    from blocklist.schemas import ReportIn
    from blocklist.views import new_report
    runtime = Runtime(settings, seed_clock, Metrics())
    await runtime.start(serving=False)
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    try:
        salons = []
        if args.resume_at == "decisions":  # the salons of the interrupted run (lookups are logged for them)
            salons = [SalonPrincipal(salon=salon, key_prefix="seed", key_kind=KeyKind.SECRET)
                      for salon in await runtime.console.salons(10_000) if salon.name != "Bench salon"]
        for i in range(args.salons if args.resume_at != "decisions" else 0):
            region = REGIONS[i % len(REGIONS)]
            created = await runtime.accounts.create_salon(f"{rng.choice(LAST[region])} Salon {i}", region,
                                                          [f"https://salon{i}.example"], actor="seed")
            salons.append(await runtime.accounts.authenticate(created.secret_key))
        by_region = {region: [s for s in salons if s.salon.country == region] for region in REGIONS}
        print(f"  {len(salons)} salons", flush=True)

        people = args.open_cases + args.decided
        first = args.identities + 1000  # after the listed identities: nobody reported is listed already
        counts = report_counts(people, args.reports, rng)
        plan = []  # (person index, received at) for every report, oldest first
        for n, count in enumerate(counts):
            first_seen = now - timedelta(days=rng.uniform(0, 365))
            for _ in range(count):
                plan.append((first + n, min(now - timedelta(minutes=1),
                                            first_seen + timedelta(days=rng.expovariate(1 / 20)))))
        plan.sort(key=lambda item: item[1])
        slots = asyncio.Semaphore(CONCURRENCY)
        done = 0

        async def submit(index: int, received: datetime) -> None:
            nonlocal done
            person_rng = random.Random(index)
            who = person(index, person_rng)
            reporter = rng.choice(by_region[who[3]] if rng.random() < 0.85 else salons)
            body = ReportIn.model_validate_json(json.dumps(report_body(who, received, random.Random(f"{index}{received}"))))
            async with slots:
                _now.set(received)
                await runtime.reports.submit(reporter, new_report(body), None)
            done += 1
            if done % 10_000 == 0:
                print(f"  {done:,} reports ({time.perf_counter() - started:.0f} s)", flush=True)

        for start in range(0, len(plan) if args.resume_at != "decisions" else 0, 2000):
            await asyncio.gather(*(submit(i, at) for i, at in plan[start:start + 2000]))
        print(f"  {done:,} reports in {time.perf_counter() - started:.0f} s", flush=True)

        moderator, _ = await runtime.accounts.create_moderator(f"seed-{int(time.time())}", "moderator", None,
                                                             actor="seed")
        acting = ModeratorPrincipal(moderator)
        decided = 0
        cursor = None
        candidates: list = []
        while len(candidates) < args.decided:  # the queue's cases, highest priority first
            page = await runtime.moderation.queue("open", 200, cursor)
            candidates.extend(c for c in page.items if c.report_count < HEAVY_REPORTS)
            cursor = page.next_cursor
            if not cursor:
                break
        for case in candidates[:args.decided]:
            _now.set(case.last_report_at + timedelta(days=rng.uniform(0.1, 3)))
            if rng.random() < 0.7:
                await runtime.moderation.decide(acting, case.id, "block", [{"kind": i.kind, "value": i.value}
                                                                          for i in case.identifiers], "global",
                                                _now.get() + timedelta(days=365), "seeded", None)
            else:
                await runtime.moderation.decide(acting, case.id, "dismiss", [], "global", None, "seeded", None,
                                                reason="insufficient_evidence")
            decided += 1
        _now.set(None)
        print(f"  {decided:,} cases decided ({time.perf_counter() - started:.0f} s)", flush=True)

        catcher = CodeCatcher()
        runtime.appeals.messenger = catcher
        verified = 0
        for n in range(args.appeals):
            name, email, _phone, region = person(n * 7 % max(1, args.identities), random.Random(n * 7))
            filed = await runtime.appeals.submit(name, email, None, "I never booked there; please look again.",
                                                 country=region)
            if catcher.codes and n % 2 == 0:
                await runtime.appeals.verify(filed.appeal.id, catcher.codes[-1])
                verified += 1
        print(f"  {args.appeals:,} appeals ({verified:,} verified)", flush=True)

        await seed_lookups(runtime, salons, args.lookup_minutes, rng, now)
        print(f"  two weeks of lookups ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        await runtime.close()


async def seed_lookups(runtime, salons: list, minutes_a_day: int, rng: random.Random, now: datetime) -> None:
    """Fourteen days of lookups: each salon asks in `minutes_a_day` minutes a day; one in twenty lookups
    matches something (kept one by one), the rest are counted."""
    store = runtime.stores.lookup_log
    counter = 0
    for day in range(14):
        records, clean = [], {}
        for principal in salons:
            for _ in range(minutes_a_day):
                minute = (now - timedelta(days=day, minutes=rng.randrange(1440))).replace(second=0, microsecond=0)
                if rng.random() < 0.05:
                    counter += 1
                    verdict = rng.choice(["challenge", "challenge", "block"])
                    records.append({"_id": f"lkp_seed{counter:012x}", "at": minute, "salon_id": principal.salon.id,
                                    "key_kind": "secret", "verdict": verdict, "risk": 60 if verdict == "challenge"
                                    else 95, "reasons": [], "keys": []})
                else:
                    clean[(principal.salon.id, minute)] = clean.get((principal.salon.id, minute), 0) + 1
        records.sort(key=lambda r: r["_id"])
        if records:
            await store.insert_records(records)
        await store.add_clean_counts(clean)


def write_import_file(path: Path, lines: int, first: int) -> None:
    """An existing blocklist as another tool would export it: CSV with email, phone, name and country, one
    identity a line (people `first` to `first + lines`, none of them seeded, so every line adds)."""
    import csv
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["email", "phone", "name", "country", "note"])
        for i in range(first, first + lines):
            name, email, phone, region = person(i, random.Random(i))
            writer.writerow([email, phone, name, region, "imported"])
    print(f"wrote {lines:,} lines to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--identities", type=int, default=1_000_000)
    parser.add_argument("--sample", type=Path, default=Path("seed-sample.json"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reports", type=int, default=0, help="reports through the report service (0: none)")
    parser.add_argument("--open-cases", type=int, default=50_000, help="people reported whose cases stay open")
    parser.add_argument("--decided", type=int, default=5_000, help="people reported whose cases are decided")
    parser.add_argument("--salons", type=int, default=200)
    parser.add_argument("--appeals", type=int, default=2_000)
    parser.add_argument("--lookup-minutes", type=int, default=40, help="minutes a day each salon looks up")
    parser.add_argument("--resume-at", choices=["decisions"], help="go on with an interrupted seed of the same "
                                                                      "arguments from its decisions")
    parser.add_argument("--import-file", type=Path, help="only write a CSV of --identities people to import "
                                                          "(blocklist admin import), and touch no database")
    args = parser.parse_args()
    if args.import_file:
        write_import_file(args.import_file, args.identities, first=3_000_000)
        return
    from blocklist.embedded import EmbeddedServer
    from blocklist.settings import Settings, with_local_secrets
    # bulk writes to the embedded server can take longer than a request is allowed to
    settings = dataclasses.replace(with_local_secrets(Settings.from_env()), mongo_timeout_ms=120_000)
    embedded = None
    if not settings.mongodb_uri:
        embedded = EmbeddedServer(settings.data_dir)
        uri, started = embedded.attach_or_start()
        if not started:
            embedded = None  # a running `blocklist serve` owns it
        settings = dataclasses.replace(settings, mongodb_uri=uri)
    step = 5000
    chunks = [(start, min(start + step, args.identities), settings.pepper) for start in range(0, args.identities, step)]
    started = time.perf_counter()
    try:
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            if not args.resume_at:
                asyncio.run(write(settings, pool, chunks, args.identities, args.sample))
        if args.reports:
            if args.reports < args.open_cases + args.decided:
                parser.error("--reports must be at least --open-cases + --decided (a report each)")
            asyncio.run(histories(settings, args))
    finally:
        if embedded:
            embedded.stop()
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
