#!/usr/bin/env python3
"""Fill a database with N blocklisted identities, through the storage layer, fast.

Each identity is a resolved case with a multilingual name, a valid mobile number of one of ten
countries and an email at a real-world provider, both blocked (global, no expiry). Canonical
forms are computed in parallel worker processes; documents are written in large batches.

    MONGODB_URI=... scripts/seed_synthetic.py --identities 1000000
    BLOCKLIST_DATA_DIR=./data scripts/seed_synthetic.py --identities 1000000   # the embedded database

It prints the salon key it created (for bench_lookup.py) and the identities it wrote to
`--sample` (a JSON file the lookup benchmark draws its hits and near misses from).
"""

from __future__ import annotations

import argparse
import asyncio
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--identities", type=int, default=1_000_000)
    parser.add_argument("--sample", type=Path, default=Path("seed-sample.json"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from blocklist.embedded import EmbeddedServer
    from blocklist.settings import Settings, with_local_secrets
    # bulk writes to the embedded server can take longer than a request is allowed to
    settings = dataclasses.replace(with_local_secrets(Settings.from_env()), mongo_timeout_ms=120_000)
    embedded = None
    if not settings.mongodb_uri:
        embedded = EmbeddedServer(settings.data_dir)
        uri = embedded.running_uri()
        if uri is None:
            uri = embedded.start()
        else:
            embedded = None
        settings = dataclasses.replace(settings, mongodb_uri=uri)
    step = 5000
    chunks = [(start, min(start + step, args.identities), settings.pepper) for start in range(0, args.identities, step)]
    started = time.perf_counter()
    try:
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            asyncio.run(write(settings, pool, chunks, args.identities, args.sample))
    finally:
        if embedded:
            embedded.stop()
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
