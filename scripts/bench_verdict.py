#!/usr/bin/env python3
"""The lookup's pure decision (matching.verdict.assess) per subject, against an in-memory index of 10,000
listed people (20,000 entries), over bench_lookup's mix (30 % listed phones typed nationally, 20 % the
mailbox name at another provider, 50 % clean): no HTTP, no database, so a change to the rules is
measured to a tenth of a microsecond. Compare two trees back to back, best of 7 runs each:

    scripts/bench_verdict.py /path/to/base && scripts/bench_verdict.py .
"""
import random
import sys
import time

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else ".")
from datetime import datetime, timedelta, timezone  # noqa: E402 (after the tree is chosen)
from blocklist.credentials import Pseudonymiser
from blocklist.matching import canonical_email, canonical_phone, name_keys
from blocklist.matching.index import pack_name
from blocklist.matching.lookup_index import IndexBuilder, build_index
from blocklist.matching.subject import listing_match_keys, prepare_subject
from blocklist.matching.verdict import Policy, assess
from blocklist.models import IndexedEntry
P = Pseudonymiser("a-pepper-for-benchmarks-only-0123456789abcdef")
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
rng = random.Random(7)
FIRST = ["anna", "jan", "ola", "piotr", "kasia", "ayse", "mehmet", "femke", "daan", "olena", "yossi", "marta"]
LAST = ["nowak", "kowalski", "wojcik", "yilmaz", "kaya", "jansen", "visser", "shevchenko", "cohen", "zielinska"]
people = []
builder = IndexBuilder()
entries = []
for i in range(10000):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    email = f"{f}.{l}{i}@gmail.com"; phone = f"+4860{i:07d}"
    name = f"{f.title()} {l.title()}"
    people.append((name, email, phone))
    for kind, value in (("email", email), ("phone", phone)):
        canonical = canonical_email(value).canonical if kind == "email" else canonical_phone(value, None).e164
        entries.append(IndexedEntry(id=f"ent_{i}_{kind}", case_id=f"case_{i}", key=P.key(kind, canonical), action="block",
                                    status="active", name_packed=(pack_name(name_keys(name)),),
                                    match_keys=tuple(listing_match_keys(kind, canonical, P))))
builder.add(entries)
index = build_index(builder.parts(), (NOW - timedelta(days=180)).timestamp())
subjects = []
for n in range(4000):
    name, email, phone = rng.choice(people)
    r = rng.random()
    if r < 0.3:
        subjects.append((name, None, phone[3:]))
    elif r < 0.5:
        subjects.append((name, email.replace("gmail.com", "wp.pl"), None))
    else:
        subjects.append((f"{rng.choice(FIRST).title()} Clean{n}", f"clean{n}@example.org", f"+48 51{n:07d}"))
prepared = [(prepare_subject(a, b, c, "PL", P, for_lookup=True), a) for a, b, c in subjects]
policy = Policy()
now = NOW.timestamp()
best = 1e9
for _ in range(7):
    t = time.perf_counter()
    for subject, name in prepared:
        assess(index, subject, name, policy, now, "sal_x", P)
    best = min(best, (time.perf_counter() - t) / len(prepared))
print(f"{sys.argv[1] if len(sys.argv) > 1 else '.'}: {best * 1e6:.2f} µs per assess")
