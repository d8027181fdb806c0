"""What keeps the console fast on a large database: the queue as one indexed key, claims without a scan, daily
counters behind the dashboard, open-case figures counted off the request path, and indexes the embedded server
can use. Each test shows what a moderator or an operator would see go wrong without it."""

from __future__ import annotations

import asyncio
import random
from datetime import datetime, timedelta, timezone

from blocklist.metrics import Metrics
from blocklist.models import ModeratorPrincipal
from blocklist.runtime import Runtime
from blocklist.storage.cases import QUEUE_FIELDS, QUEUE_MIGRATION, QUEUE_ROWS_MIGRATION, queue_key
from tests.helpers import bearer, new_salon, with_case

PASSWORD = "a-long-enough-password-1"


async def report(client, key, subject, category="no_show", **extra):
    response = await client.post("/v1/reports", json={"category": category, "subject": subject, **extra},
                                 headers=bearer(key))
    assert response.status == 201, await response.text()
    return await with_case(client, await response.json())


def test_the_queue_key_sorts_as_priority_then_age_then_id():
    rng = random.Random(5)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    cases = []
    for n in range(2000):
        priority = rng.choice([0.0, 1.0, 2.5, rng.random() * 100, 1e-9, 1e12])
        at = rng.choice([start + timedelta(microseconds=rng.choice([0, 1, rng.randrange(10**13)])),
                         datetime(1, 1, 1, tzinfo=timezone.utc), datetime(1969, 12, 31, 23, 59, tzinfo=timezone.utc),
                         datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)])  # what a cursor may say
        cases.append((priority, at, f"case_{rng.randrange(10**6):06d}_{n}"))
    wanted = sorted(cases, key=lambda c: (-c[0], c[1], c[2]))
    assert sorted(cases, key=lambda c: queue_key(*c)) == wanted
    # a time read back without its zone (as some drivers give it) is the same UTC time
    naive = start.replace(tzinfo=None)
    assert queue_key(3.0, naive, "case_x") == queue_key(3.0, start, "case_x")


async def test_cases_written_by_an_earlier_version_get_their_place_in_the_queue(client, runtime, clock):
    salon = await new_salon(runtime)
    made = []
    for n, (name, phone) in enumerate([("Zofia Wójcik", "+48601234567"), ("Ayşe Yılmaz", "+905321234567"),
                                       ("Маргарита Соколова", "+79161234567")]):
        clock.advance(minutes=1)
        made.append((await report(client, salon.secret_key, {"name": name, "phone": phone}))["case_id"])
    db = runtime.collections.db
    await db.cases.update_many({}, {"$unset": dict.fromkeys(QUEUE_FIELDS, "")})  # as an earlier version wrote them
    await db.case_queue.delete_many({})  # (which had no queue rows either)
    await db.counters.delete_many({"_id": {"$in": [QUEUE_MIGRATION, QUEUE_MIGRATION + ":open",
                                                   QUEUE_ROWS_MIGRATION]}})
    async def paged() -> list[str]:
        seen, cursor = [], None
        while True:
            page = await runtime.moderation.queue("open", 1, cursor)
            seen += [c.id for c in page.items]
            if not page.next_cursor:
                return seen
            cursor = page.next_cursor
    assert await paged() == []  # without rows, a moderator would see an empty queue
    assert await runtime.stores.cases.add_queue_keys(only_open=True) == 3  # at start
    assert await runtime.stores.cases.add_queue_rows() == 3
    assert await paged() == made  # equal priority: oldest first
    assert await runtime.stores.cases.add_queue_rows() == 0  # once
    assert [c.id for c in (await runtime.moderation.queue("open", 10, None, "no_show")).items] == made
    assert await runtime.stores.cases.add_queue_keys(only_open=True) == 0  # once
    assert await runtime.stores.cases.add_queue_keys() == 0  # the background pass: nothing else was missing
    assert await db.counters.find_one({"_id": QUEUE_MIGRATION})


async def test_the_queue_pages_follow_the_key_across_equal_priorities(client, runtime, clock):
    salon = await new_salon(runtime)
    made = []
    for n in range(7):
        clock.advance(seconds=1)
        made.append((await report(client, salon.secret_key, {"phone": f"+4860123450{n}"}))["case_id"])
    seen, cursor = [], None
    while True:
        page = await runtime.moderation.queue("open", 3, cursor)
        seen += [c.id for c in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == made


async def test_the_queue_by_category_and_by_claim_reads_only_those_cases(client, runtime, clock):
    salon = await new_salon(runtime)
    made = {}
    for n, category in enumerate(["no_show", "abusive", "no_show", "fake_booking", "abusive", "late_cancellation"]):
        clock.advance(minutes=1)
        made[(await report(client, salon.secret_key, {"phone": f"+4860123451{n}"}, category))["case_id"]] = category
    for category in ("no_show", "abusive", "fake_booking", "late_cancellation"):
        listed = [c.id for c in (await runtime.moderation.queue("open", 10, None, category)).items]
        assert listed == [case for case, said in made.items() if said == category], category
    # a later report of another kind puts the case in that queue too
    first = next(iter(made))
    await report(client, salon.secret_key, {"phone": "+48601234510"}, "abusive")  # the first person again
    assert first in [c.id for c in (await runtime.moderation.queue("open", 10, None, "abusive")).items]
    # a decided case leaves every category's queue
    mila = await runtime.accounts.create_moderator("mila", "moderator", PASSWORD)
    token = mila[1]
    file = await client.get(f"/v1/mod/cases/{first}", headers=bearer(token))
    decided = await client.post(f"/v1/mod/cases/{first}/decision", headers=bearer(token), json={
        "action": "dismiss", "reason": "insufficient_evidence", "note": "one salon's word",
        "version": (await file.json())["version"]})
    assert decided.status == 200, await decided.text()
    for category in ("no_show", "abusive"):
        assert first not in [c.id for c in (await runtime.moderation.queue("open", 10, None, category)).items]
    # cases from at least two salons
    other = await new_salon(runtime, "Kapsalon Bram", "NL")
    second = list(made)[1]
    await report(client, other.secret_key, {"phone": "+48601234511"}, "abusive")  # the second person, another salon
    assert [c.id for c in (await runtime.moderation.queue("open", 10, None, min_salons=2)).items] == [second]
    assert [c.id for c in (await runtime.moderation.queue("open", 10, None, "no_show", min_salons=2)).items] == []
    # a moderator's claims
    principal = ModeratorPrincipal(mila[0])
    taken = await runtime.console.take_next(principal)
    mine = await runtime.moderation.queue("open", 10, None, None, mila[0].id)
    assert [c.id for c in mine.items] == [taken]


async def test_a_process_stopped_between_a_case_and_its_queue_row_loses_no_case(client, runtime, clock):
    """Each case write marks the case's queue row, writes the case, then the row. What a process that stops in
    between leaves behind is repaired from the case once the write is a minute old."""
    salon = await new_salon(runtime)
    db = runtime.collections.db
    kept = (await report(client, salon.secret_key, {"name": "Zeynep Kaya", "phone": "+905321112233"}))["case_id"]
    clock.advance(minutes=1)
    new = (await report(client, salon.secret_key, {"name": "Ирина Волкова", "phone": "+79161112233"}))["case_id"]
    changed = (await report(client, salon.secret_key, {"name": "Noa Cohen", "phone": "+972523456789"}))["case_id"]
    await report(client, (await new_salon(runtime, "Kapsalon Sanne", "NL")).secret_key,
                 {"name": "Noa Cohen", "phone": "+972523456789"})  # a second salon: its priority rose
    at = clock().timestamp()
    # what a stop leaves: a new case without its row, and a changed case whose row still shows the older version
    await db.case_queue.replace_one({"_id": new}, {"version": -1, "writing": at})
    stale = await db.case_queue.find_one({"_id": changed})
    await db.case_queue.replace_one({"_id": changed}, {**stale, "version": stale["version"] - 1, "salon_count": 1,
                                                       "writing": at})
    await db.case_queue.insert_one({"_id": "case_never_written", "version": -1, "writing": at})

    def shown(page):
        return {c.id: c.salon_count for c in page.items}
    assert new not in shown(await runtime.moderation.queue("open", 10, None))
    assert await runtime.stores.cases.repair_queue_rows(clock().timestamp()) == 0  # (writes still in flight)
    clock.advance(minutes=2)
    assert await runtime.stores.cases.repair_queue_rows(clock().timestamp()) == 3
    assert shown(await runtime.moderation.queue("open", 10, None)) == {changed: 2, kept: 1, new: 1}
    assert await db.case_queue.find_one({"_id": "case_never_written"}) is None
    assert await db.case_queue.count_documents({"writing": {"$exists": True}}) == 0


async def test_a_late_write_of_an_older_version_never_brings_a_decided_case_back(client, runtime, clock):
    salon = await new_salon(runtime)
    case_id = (await report(client, salon.secret_key, {"name": "Łucja Wąs", "phone": "+48601112233"}))["case_id"]
    as_it_was = await runtime.stores.cases.get(case_id)
    _, token = await runtime.accounts.create_moderator("mila", "moderator", PASSWORD)
    version = (await (await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(token))).json())["version"]
    decided = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(token), json={
        "action": "dismiss", "reason": "insufficient_evidence", "note": "one salon's word", "version": version})
    assert decided.status == 200, await decided.text()
    await runtime.stores.cases.rebuild_queue_rows([case_id])  # a repair
    await runtime.stores.cases._write_rows([as_it_was])  # another process's write of the open case, arriving late
    listed = await client.get("/v1/mod/cases", headers=bearer(token))
    assert case_id not in [c["id"] for c in (await listed.json())["items"]]
    clock.advance(minutes=11)  # the decided case's marker is kept for a while, then goes
    await runtime.stores.cases.repair_queue_rows(clock().timestamp())
    assert await runtime.collections.db.case_queue.find_one({"_id": case_id}) is None


async def test_a_queue_row_stays_small_however_many_salons_report_the_person(client, runtime, clock):
    """A page of the open queue reads 50 rows: a case with every report's summary and its history in it would
    make the busiest cases (the first page) the dearest to list."""
    import bson
    case_id = None
    for n in range(12):
        salon = await new_salon(runtime, f"Salon {n}", ["PL", "TR", "NL", "IL"][n % 4])
        clock.advance(hours=1)
        case_id = (await report(client, salon.secret_key, {"name": "Anna Nowak", "phone": "+48 601 998 877"},
                                ["no_show", "late_cancellation", "fake_booking"][n % 3]))["case_id"]
    db = runtime.collections.db
    case, row = await db.cases.find_one({"_id": case_id}), await db.case_queue.find_one({"_id": case_id})
    assert case["salon_count"] == row["salon_count"] == 12
    assert len(bson.encode(row)) * 4 < len(bson.encode(case))
    listed = (await runtime.moderation.queue("open", 10, None, "fake_booking")).items
    assert [(c.id, c.report_count, c.typed_names) for c in listed] == [(case_id, 12, ("Anna Nowak",))]


async def test_two_moderators_taking_the_same_case_at_once_one_gets_it(client, runtime):
    salon = await new_salon(runtime)
    case_id = (await report(client, salon.secret_key, {"name": "Jan de Vries", "phone": "+31612345678"}))["case_id"]
    people = [ModeratorPrincipal((await runtime.accounts.create_moderator(name, "moderator", PASSWORD))[0])
              for name in ("mila", "olek", "sanne", "emre")]
    won = await asyncio.gather(*(runtime.console.claim(p, case_id) for p in people))
    assert sum(won) == 1
    winner = people[won.index(True)]
    stored = await runtime.collections.db.cases.find_one({"_id": case_id})
    assert stored["claimed_by"] == winner.moderator.id


async def test_the_dashboard_counts_reports_and_lookups_per_day_as_they_happen(client, runtime, clock):
    anna = await new_salon(runtime, "Studio Anna", "PL")
    bram = await new_salon(runtime, "Kapsalon Bram", "NL")
    await report(client, anna.secret_key, {"name": "Zofia Wójcik", "phone": "601 234 567"}, "no_show")
    await report(client, anna.secret_key, {"name": "Ayşe Yılmaz", "phone": "+90 532 123 45 67"}, "abusive")
    clock.advance(days=1)
    await report(client, bram.secret_key, {"name": "Daan de Jong", "phone": "06 12345678"}, "no_show")
    for body in ({"subject": {"phone": "+48 601 234 567"}}, {"subject": {"email": "nobody@example.com"}}):
        answer = await client.post("/v1/lookup", json=body, headers=bearer(anna.secret_key))
        assert answer.status == 200
    await runtime.lookup.flush_log()
    figures = await runtime.console.dashboard()
    assert figures["reports"]["no_show"][-2:] == [1, 1]
    assert figures["reports"]["abusive"][-2:] == [1, 0]
    assert sum(sum(v[-1:]) for v in figures["lookups"].values()) == 2
    assert {s["name"]: s["reports"] for s in figures["top_salons"]} == {"Studio Anna": 2, "Kapsalon Bram": 1}
    # the figures come from thirty small documents, not from the reports: deleting those changes nothing
    await runtime.collections.db.reports.delete_many({})
    assert (await runtime.console.dashboard())["reports"] == figures["reports"]


async def test_a_database_from_before_the_counters_is_counted_once(client, runtime, clock):
    anna = await new_salon(runtime, "Studio Anna", "PL")
    await report(client, anna.secret_key, {"name": "Tomasz Wiśniewski", "phone": "+48 512 000 111"}, "fake_booking")
    clock.advance(hours=2)
    await report(client, anna.secret_key, {"name": "Olena Shevchuk", "phone": "+380 67 123 4567"}, "no_show")
    answer = await client.post("/v1/lookup", json={"subject": {"email": "x@example.com"}},
                               headers=bearer(anna.secret_key))
    assert answer.status == 200
    await runtime.lookup.flush_log()
    counted = await runtime.console.dashboard()
    db = runtime.collections.db
    await db.daily_counts.delete_many({})  # as an earlier version left the database
    await db.counters.delete_one({"_id": "migration:daily_counts"})
    assert (await runtime.console.dashboard())["reports"]["no_show"][-1] == 0
    assert await runtime.stores.stats.count_before_the_counters(clock().date()) == 1  # one day had reports
    recounted = await runtime.console.dashboard()
    assert recounted["reports"] == counted["reports"] and recounted["lookups"] == counted["lookups"]
    assert recounted["top_salons"] == counted["top_salons"]
    assert await runtime.stores.stats.count_before_the_counters(clock().date()) is None  # once


async def test_a_lookup_log_write_retried_after_a_lost_answer_is_counted_once(runtime, clock):
    now = clock()
    records = [{"_id": f"lkp_test{n:012x}", "at": now, "salon_id": "sal_x", "key_kind": "secret",
                "verdict": "block", "risk": 95, "reasons": [], "keys": []} for n in range(3)]
    await runtime.stores.lookup_log.insert_records(records)
    await runtime.stores.lookup_log.insert_records(records)  # the same buckets again
    days = await runtime.stores.stats.daily_counts(now.date(), now.date())
    assert days[now.date()]["lookups"] == {"block": 3}


async def test_open_case_figures_are_counted_off_the_request_path(client, runtime, clock):
    salon = await new_salon(runtime)
    await report(client, salon.secret_key, {"name": "Anna Nowak", "phone": "+48601234567"})
    first = await runtime.console.case_figures(refresh=True)
    assert first["open_cases"] == 1 and dict(first["ages"])["< 1 day"] == 1
    clock.advance(days=2)
    await report(client, salon.secret_key, {"name": "Jan Kowalski", "phone": "+48512000111"})
    assert (await runtime.console.case_figures())["open_cases"] == 1  # within the half-minute: as counted
    refreshed = await runtime.console.case_figures(refresh=True)  # what the background job does
    assert refreshed["open_cases"] == 2
    assert dict(refreshed["ages"])["< 1 day"] == 1 and dict(refreshed["ages"])["1–3 days"] == 1
    page = await client.get("/metrics")
    assert "blocklist_queue_open_cases 2.0" in await page.text()
    # a decision closes one; another process (started now, reading the open cases at its start) agrees
    token = (await runtime.accounts.create_moderator("mila", "moderator", PASSWORD))[1]
    case_id = (await runtime.moderation.queue("open", 1, None)).items[0].id
    version = (await (await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(token))).json())["version"]
    decided = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(token), json={
        "action": "dismiss", "reason": "duplicate", "note": "seen before", "version": version})
    assert decided.status == 200, await decided.text()
    assert (await runtime.console.case_figures(refresh=True))["open_cases"] == 1
    other = Runtime(runtime.settings, clock, Metrics())
    await other.start(serving=False)
    try:
        assert (await other.console.case_figures())["open_cases"] == 1
    finally:
        await other.close()


async def test_on_the_embedded_server_the_queue_and_the_listings_are_read_through_indexes(runtime):
    """nx-27017 reads an equality on a field as "this value or an array holding it" (every document) unless an
    index is named after the field; the queue's first page took 40 ms at 11,000 cases instead of 13."""
    db = runtime.collections.db
    if runtime.database.server_expires:
        return  # a real MongoDB plans with its compound indexes
    for collection, query, sort in [("cases", {"status": "resolved"}, {"queue_key": 1}),
                                    ("case_queue", {"queue_key": {"$gt": ""}}, {"queue_key": 1}),
                                    ("case_queue", {"queue_no_show": {"$gt": ""}}, {"queue_no_show": 1}),
                                    ("case_queue", {"claimed_by": "mod_x", "queue_key": {"$gt": ""}},
                                     {"queue_key": 1}),
                                    ("reports", {"salon_id": "sal_x"}, {"received_at": -1}),
                                    ("appeals", {"status": "received"}, {"received_at": 1})]:
        plan = await db.command({"explain": {"find": collection, "filter": query, "sort": sort, "limit": 50}})
        details = " ".join(step.get("detail", "") for step in plan["queryPlanner"]["winningPlan"])
        assert "USING INDEX" in details and not details.startswith("SCAN"), (collection, details)
    # a case page asks which of its identifiers someone else used: the few misused listings, not a million
    plan = await db.command({"explain": {"find": "blocklist_entries",
                                         "filter": {"misused": True, "key": {"$in": ["k1", "k2", "k3"]}}}})
    details = " ".join(step.get("detail", "") for step in plan["queryPlanner"]["winningPlan"])
    assert "USING INDEX" in details and not details.startswith("SCAN"), details


async def test_a_phone_search_finds_near_numbers_among_every_listing_not_only_the_newest(client, runtime, monkeypatch,
                                                                                        clock):
    """The near matches ("another number ending the same") came from the newest 5,000 phone listings: at a million
    a moderator saw almost none. The lookup index knows every listed person by the last 8 digits."""
    from blocklist.services import moderation
    monkeypatch.setattr(moderation, "FUZZY_SEARCH_WINDOW", 2)  # as if thousands had been listed since
    salon = await new_salon(runtime, "Studio Anna", "PL")
    token = (await runtime.accounts.create_moderator("mila", "moderator", PASSWORD))[1]
    for name, phone in (("Jan Wiśniewski", "+48501234567"), ("Zofia Wójcik", "+48512000111"),
                        ("Ayşe Yılmaz", "+905321112233"), ("Anna Nowak", "+48601234567")):
        clock.advance(minutes=1)  # Jan, the near one, listed first
        created = await report(client, salon.secret_key, {"name": name, "phone": phone})
        decided = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(token), json={
            "action": "block", "identifiers": [{"kind": "phone", "value": phone}], "note": "fake bookings"})
        assert decided.status == 200, await decided.text()
    await runtime.sync_once(include_own=True)
    found = (await (await client.get("/v1/mod/blocklist", params={"q": "601 234 567"},
                                     headers=bearer(token))).json())["items"]
    assert [(e["value"], e["match"]) for e in found] == [("+48601234567", "exact"), ("+48501234567", "near")]


async def test_a_name_search_finds_every_listed_person_not_only_the_newest_listings(client, runtime, monkeypatch,
                                                                                   clock):
    """Names are sealed, so the search read the newest 5,000 listings and scored them: at a million a moderator
    found almost nobody by name, slowly. The lookup index indexes the listed people's names on the first name
    search (a step at a time between requests); from then on every one of them is found."""
    from blocklist.services import moderation
    monkeypatch.setattr(moderation, "FUZZY_SEARCH_WINDOW", 2)  # as if thousands had been listed since
    salon = await new_salon(runtime, "Studio Anna", "PL")
    token = (await runtime.accounts.create_moderator("mila", "moderator", PASSWORD))[1]
    listed = [("Маргарита Соколова", "+79161234567"), ("Ayşe Yılmaz", "+905321112233"),
              ("Zofia Wójcik", "+48512000111"), ("Jan de Vries", "+31612345678"), ("שרה כהן", "+972502345678")]
    for name, phone in listed:
        clock.advance(minutes=1)  # listed one after another: Margarita first, the oldest
        created = await report(client, salon.secret_key, {"name": name, "phone": phone})
        decided = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(token), json={
            "action": "block", "identifiers": [{"kind": "phone", "value": phone}], "note": "fake bookings"})
        assert decided.status == 200, await decided.text()
    await runtime.sync_once(include_own=True)

    async def search(q: str) -> list[str]:
        answer = await client.get("/v1/mod/blocklist", params={"q": q}, headers=bearer(token))
        assert answer.status == 200
        return [e["value"] for e in (await answer.json())["items"]]
    assert "+79161234567" not in await search("Margarita Sokolova")  # the first ask: the newest two only
    for _ in range(100):  # the names are indexed between requests
        if runtime.lookup.index.names is not None:
            break
        await asyncio.sleep(0.01)
    assert await search("Margarita Sokolova") == ["+79161234567"]  # Cyrillic, typed in Latin letters
    assert await search("Ayse Yilmaz") == ["+905321112233"]
    assert await search("sara cohen") == ["+972502345678"]  # Hebrew
    assert await search("Nowhere Person") == []
    # someone listed after the names were indexed is found too
    created = await report(client, salon.secret_key, {"name": "Olena Shevchuk", "phone": "+380671234567"})
    await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(token), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+380671234567"}], "note": "abusive"})
    await runtime.sync_once(include_own=True)
    assert await search("Olena Shevchuk") == ["+380671234567"]


async def test_pages_after_the_first_are_an_index_range_even_among_ties(client, runtime, clock):
    """A next page used an $or (after this time, or at it with a higher id): the embedded server reads every document
    for that, so page 2 of a million listings took as long as reading them all. Items written in the same instant
    (an import, a batch) are each seen once."""
    salon = await new_salon(runtime)
    made = set()
    for n in range(5):  # the clock stands still: five reports at the same instant
        created = await report(client, salon.secret_key, {"phone": f"+4860123460{n}"})
        made.add(created["id"])
    clock.advance(minutes=1)
    made.add((await report(client, salon.secret_key, {"phone": "+48601234610"}))["id"])
    seen, cursor = [], None
    while True:
        answer = await client.get("/v1/reports", params={"limit": 2, **({"cursor": cursor} if cursor else {})},
                                  headers=bearer(salon.secret_key))
        assert answer.status == 200, await answer.text()
        body = await answer.json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6 and set(seen) == made


async def test_asking_for_no_ids_asks_the_database_nothing(mongo_uri, db_name):
    """An empty $in on _id is a scan of the whole collection on the embedded server (a seed of 200,000 reports
    crawled at the end on `reports.find({"_id": {"$in": []}})`): every read and write by a list of ids skips it."""
    from pymongo import AsyncMongoClient, monitoring

    from blocklist.credentials import FieldCipher
    from blocklist.storage.database import Collections
    from blocklist.storage.stores import Stores
    from tests.conftest import TEST_DATA_KEY

    class Commands(monitoring.CommandListener):
        seen: list[str] = []

        def started(self, event):
            self.seen.append(event.command_name)

        def succeeded(self, event):
            pass

        def failed(self, event):
            pass

    listener = Commands()
    client = AsyncMongoClient(mongo_uri, event_listeners=[listener])
    try:
        stores = Stores.over(Collections(client[db_name], FieldCipher(TEST_DATA_KEY)))
        assert await stores.accounts.get_salons([]) == {}
        assert await stores.cases.get_many([]) == [] and await stores.cases.indexed([]) == []
        assert await stores.cases.owners([]) == {}
        assert await stores.reports.get_many([]) == [] and await stores.reports.existing_ids([]) == set()
        assert await stores.reports.incident_owners([]) == {}
        await stores.reports.move_to_case([], "case_x")
        assert await stores.entries.get_many([]) == []
        assert await stores.rate_limits.totals([]) == {}
        assert [pair async for pair in stores.rekeying.case_keys([])] == []
        assert await stores.rekeying.case_statuses([]) == {}
        assert listener.seen == []
    finally:
        await client.close()


async def test_dashboard_figures_are_served_from_memory_and_counted_again_in_the_background():
    """An admin opening the dashboard never waits for its counts after the first view, sees counts at most about
    30 s old while people keep looking, and fresh counts after nobody looked for 5 minutes."""
    from blocklist.services.background import KeptFresh
    now, counted = [0.0], []

    async def count():
        counted.append(now[0])
        if len(counted) == 3:
            raise RuntimeError("the database went away")
        return {"reports": len(counted)}
    figures = KeptFresh(count, seconds=30, stale_after=300, monotonic=lambda: now[0])
    assert await figures.get() == {"reports": 1}  # the first view counts
    now[0] = 29
    assert await figures.get() == {"reports": 1} and len(counted) == 1  # from memory
    now[0] = 31
    assert await figures.get() == {"reports": 1}  # not waited for: counted again behind the page
    await asyncio.sleep(0.01)
    assert await figures.get() == {"reports": 2} and len(counted) == 2
    now[0] = 62
    assert await figures.get() == {"reports": 2}
    await asyncio.sleep(0.01)  # that recount failed: the figures stay as they were, the next view tries again
    assert await figures.get() == {"reports": 2}
    await asyncio.sleep(0.01)
    now[0] = 1000  # nobody looked for a long while: counted before they are shown
    assert await figures.get() == {"reports": 5}


async def test_a_pepper_rotation_reads_every_report_and_case_whatever_the_page_size(client, runtime):
    """The embedded server builds a whole answer before its first batch (every case at once: gigabytes at a
    million), so re-keying reads reports by case and cases in queue order, a page at a time: none is missed at any
    page size, not a report that never got its case nor a case from before queue keys; what is under the new
    pepper already is passed over."""
    salons = [await new_salon(runtime, name, country) for name, country in
              [("Studio Anna", "PL"), ("Kuaför Elif", "TR"), ("Салон Ольга", "RU")]]
    people = [("Zofia Wójcik", "601 234 567"), ("Zofia Wojcik", "+48 601 234 567"), ("Ayşe Yılmaz", "0532 123 45 67"),
              ("Ольга Смирнова", "8 916 123-45-67"), ("Jan Kowalski", "512 000 111"), ("Elif Şahin", "0533 765 43 21")]
    for n, (name, phone) in enumerate(people):
        await report(client, salons[n % 3].secret_key, {"name": name, "phone": phone})
    db = runtime.collections.db
    some_report = await db.reports.find_one({})
    await db.reports.update_one({"_id": some_report["_id"]}, {"$unset": {"case_id": ""}})  # (a write cut short)
    some_case = await db.cases.find_one({})
    await db.cases.update_one({"_id": some_case["_id"]}, {"$unset": {"queue_key": ""}})  # (an older database)
    every_report = {doc["_id"] for doc in await db.reports.find({}, {"_id": 1}).to_list()}
    every_case = {doc["_id"] for doc in await db.cases.find({}, {"_id": 1}).to_list()}
    assert len(every_report) == 6 and 4 <= len(every_case) < 6
    store = runtime.stores.rekeying
    for page_size in (1, 2, 3, 2000):
        assert {r.id async for r in store.reports_not_under("another pepper", page_size)} == every_report
        assert {c.id async for c in store.cases_not_under("another pepper", page_size)} == every_case
    version = runtime.pseudonymiser.version
    await db.cases.update_one({"_id": some_case["_id"]}, {"$set": {"pepper_version": version}})
    assert [r async for r in store.reports_not_under(version, 2)] == []
    assert {c.id async for c in store.cases_not_under(version, 2)} == every_case - {some_case["_id"]}


async def test_records_kept_by_id_are_read_again_after_their_time_or_a_change():
    from blocklist.services.background import KeptById
    now, reads = [0.0], []
    names = {"sal_1": "Studio Anna", "sal_2": "Kuaför Elif"}

    async def read(ids: list[str]) -> dict[str, str]:
        reads.append(sorted(ids))
        return {record_id: names[record_id] for record_id in ids if record_id in names}
    kept = KeptById(read, seconds=30, monotonic=lambda: now[0])
    assert await kept.get_many(["sal_1", "sal_2", "sal_x"]) == names
    now[0] = 29
    names["sal_1"] = "Studio Anna Nowak"
    assert await kept.get_many(["sal_1", "sal_x"]) == {"sal_1": "Studio Anna"}  # kept (an unknown id is asked again)
    kept.forget(["sal_1"])  # it changed (here or in another process)
    assert await kept.get_many(["sal_1", "sal_2"]) == {"sal_1": "Studio Anna Nowak", "sal_2": "Kuaför Elif"}
    now[0] = 31
    names["sal_2"] = "Kuaför Elif Şahin"
    assert (await kept.get_many(["sal_2"]))["sal_2"] == "Kuaför Elif Şahin"  # read again after its 30 s
    assert reads == [["sal_1", "sal_2", "sal_x"], ["sal_x"], ["sal_1"], ["sal_2"]]

    # a change while a read is on its way: what that read brings is not kept
    async def slow_read(ids: list[str]) -> dict[str, str]:
        answer = {record_id: names[record_id] for record_id in ids}
        await asyncio.sleep(0.01)
        return answer
    racing = KeptById(slow_read, seconds=30, monotonic=lambda: now[0])
    reading = asyncio.create_task(racing.get_many(["sal_1"]))
    await asyncio.sleep(0)
    names["sal_1"] = "Studio Anna (Kraków)"
    racing.forget(["sal_1"])
    assert (await reading)["sal_1"] == "Studio Anna Nowak"
    assert (await racing.get_many(["sal_1"]))["sal_1"] == "Studio Anna (Kraków)"


async def test_a_subject_export_finds_every_report_through_postings_on_an_older_database_too(client, runtime, clock):
    """The reports naming a person are found through postings (one per key and report), an indexed equality; a
    database from before them is answered by a scan until its postings are written, and both answers agree.
    Retention takes a deleted report's postings with it."""
    salons = [await new_salon(runtime, name, country) for name, country in
              [("Studio Anna", "PL"), ("Kuaför Elif", "TR"), ("Kapsalon Bram", "NL")]]
    for salon, name, phone in [(salons[0], "Zofia Wójcik", "601 234 567"), (salons[1], "Zofia Wojcik", "+48601234567"),
                               (salons[2], "Wójcik Zofia", "0048 601 234 567")]:
        clock.advance(days=1)
        await report(client, salon.secret_key, {"name": name, "phone": phone, "email": "zofia.w@gmail.com"})
    await report(client, salons[0].secret_key, {"name": "Маргарита Соколова", "phone": "+79161234567"})
    _, admin = await runtime.accounts.create_moderator("ada", "admin", PASSWORD)

    async def exported(**who) -> list[str]:
        answer = await client.post("/v1/admin/subject-requests/export", headers=bearer(admin), json=who)
        assert answer.status == 200, await answer.text()
        return [r["as_typed"].get("name") for r in (await answer.json())["reports"]]
    assert await exported(phone="+48601234567") == ["Zofia Wójcik", "Zofia Wojcik", "Wójcik Zofia"]
    assert await exported(email="zofia.w@gmail.com") == ["Zofia Wójcik", "Zofia Wojcik", "Wójcik Zofia"]
    db = runtime.collections.db
    # an older database: no postings, no marker
    await db.report_keys.delete_many({})
    await db.counters.delete_many({"_id": "migration:report_keys"})
    assert await exported(phone="+48601234567") == ["Zofia Wójcik", "Zofia Wojcik", "Wójcik Zofia"]  # (a scan)
    assert await runtime.stores.reports.add_missing_postings(batch_size=1) == 4  # (a page a report: none missed)
    assert await runtime.stores.reports.add_missing_postings() == 0  # once
    assert await exported(phone="+48601234567") == ["Zofia Wójcik", "Zofia Wojcik", "Wójcik Zofia"]
    assert await exported(phone="+79161234567") == ["Маргарита Соколова"]
    if not runtime.database.server_expires:  # the embedded server reads postings through an index
        plan = await db.command({"explain": {"find": "report_keys", "filter": {"key": "k"}}})
        details = " ".join(step.get("detail", "") for step in plan["queryPlanner"]["winningPlan"])
        assert not details.startswith("SCAN"), details
    clock.advance(days=91)  # nobody reviewed them: retention deletes them, and their postings
    assert (await runtime.retention.run_once()).pending_deleted == 4
    assert await db.report_keys.count_documents({}) == 0
    assert await exported(phone="+48601234567") == []


async def test_a_subject_export_finds_every_appeal_through_its_key_fields_on_an_older_database_too(client, runtime):
    """An appeal's keys (its email's, its phone's) are each in a field of their own, which the embedded server can
    index (it cannot index the array of keys, and scanned every appeal); a database from before them is answered
    by that scan until a background pass writes the fields once, and both answers agree."""
    for fields in [{"name": "Zofia Wójcik", "email": "Zofia.Wojcik@gmail.com"},
                   {"name": "Зофия Вуйцик", "email": "zofiawojcik@googlemail.com", "phone": "+48 601 234 567"},
                   {"name": "Elif Şahin", "phone": "0532 123 45 67", "country": "TR"},
                   {"name": "נועה לוי", "email": "noa.levi@walla.co.il"}]:
        answer = await client.post("/v1/appeals", json={"message": "I never booked there", **fields})
        assert answer.status == 202, await answer.text()
    _, admin = await runtime.accounts.create_moderator("ada", "admin", PASSWORD)

    async def appeals_of(**who) -> int:
        answer = await client.post("/v1/admin/subject-requests/export", headers=bearer(admin), json=who)
        assert answer.status == 200, await answer.text()
        return len((await answer.json())["appeals"])

    async def every_answer() -> list[int]:
        return [await appeals_of(email="zofia.wojcik@gmail.com"), await appeals_of(phone="+48601234567"),
                await appeals_of(email="zofia.wojcik@gmail.com", phone="+48601234567"),
                await appeals_of(phone="+90 532 123 45 67"), await appeals_of(email="nobody@example.com")]
    assert await every_answer() == [2, 1, 2, 1, 0]
    db = runtime.collections.db
    if not runtime.database.server_expires:  # the embedded server reads them through an index
        plan = await db.command({"explain": {"find": "appeals", "filter": {"key_1": "k"}}})
        details = " ".join(step.get("detail", "") for step in plan["queryPlanner"]["winningPlan"])
        assert "USING INDEX" in details and not details.startswith("SCAN"), details
    # an older database: appeals without the fields, no marker
    await db.appeals.update_many({}, {"$unset": {"key_0": "", "key_1": ""}})
    await db.counters.delete_many({"_id": "migration:appeal_keys"})
    assert await every_answer() == [2, 1, 2, 1, 0]  # (a scan)
    assert await runtime.stores.appeals.add_missing_key_fields() == 4
    assert await runtime.stores.appeals.add_missing_key_fields() == 0  # once
    assert await every_answer() == [2, 1, 2, 1, 0]


async def test_every_listing_is_read_a_page_at_a_time_and_none_twice(runtime):
    """Reading every listing (an index built without a snapshot, a pepper rotation) goes a page at a time: the
    embedded server builds a whole answer before sending any of it (7 GB for 2,000,000 listings). Listings
    sharing a key (one for every salon, one for a salon) may fall on a page boundary."""
    from blocklist.storage.database import read_in_pages
    db = runtime.collections.db
    rng = random.Random(7)
    docs = [{"_id": f"ent_{n:04d}", "key": f"{rng.choice('0123456789abcdef')}{rng.randrange(6)}", "n": n}
            for n in range(200)]
    rng.shuffle(docs)
    await db.paging_probe.insert_many(docs)
    await db.paging_probe.create_index("key")
    for page_size in (1, 2, 3, 7, 50, 200, 500):
        read = [doc["_id"] async for doc in read_in_pages(db.paging_probe, "key", page_size)]
        assert sorted(read) == sorted(d["_id"] for d in docs) and len(read) == len(set(read)), page_size
        assert read == [d["_id"] for d in sorted(docs, key=lambda d: (d["key"], d["_id"]))]


async def test_recently_reported_cases_are_read_a_page_at_a_time_and_none_is_missed(client, runtime, clock):
    """The lookup index's signals come from the cases reported within the window; on the embedded server they are
    read a page of cases at a time (a date range there was read in Python and built whole), including cases an
    earlier version wrote without a queue key."""
    salon = await new_salon(runtime)
    old = (await report(client, salon.secret_key, {"name": "Jan de Vries", "phone": "+31612345678"}))["case_id"]
    clock.advance(days=400)
    recent = [(await report(client, salon.secret_key, {"name": name, "phone": phone}))["case_id"]
              for name, phone in [("Ayşe Yılmaz", "+905321234567"), ("Noa Cohen", "+972523456789"),
                                  ("Маргарита Соколова", "+79161234567")]]
    db = runtime.collections.db
    await db.cases.update_one({"_id": recent[1]}, {"$unset": {"queue_key": ""}})  # as an earlier version wrote it

    async def read(page_size: int) -> list[str]:
        runtime.collections.whole_answers = True  # (what the embedded server gets; MongoDB reads a date range)
        found = [c.id async for c in runtime.stores.cases.reported_since(clock() - timedelta(days=30), page_size)]
        return sorted(found)
    for page_size in (1, 2, 50):
        assert await read(page_size) == sorted(recent)
    assert old not in await read(2)


async def test_indexes_nothing_reads_any_more_are_dropped_at_start(runtime):
    """An earlier version indexed the open queue's category keys and claims on cases; the queue reads its rows now,
    and each index left would cost every case write."""
    from blocklist.storage.database import ensure_indexes
    db = runtime.collections.db
    await db.cases.create_index([("queue_no_show", 1)], sparse=True)
    await db.cases.create_index([("claimed_by", 1), ("queue_key", 1)], sparse=True)

    def keys(info) -> list[list[tuple[str, int]]]:
        return [[(field, int(direction)) for field, direction in index["key"]] for index in info.values()]
    assert [("queue_no_show", 1)] in keys(await db.cases.index_information())
    await ensure_indexes(db, runtime.database.server_expires)
    kept = keys(await db.cases.index_information())
    assert [("queue_no_show", 1)] not in kept and [("claimed_by", 1), ("queue_key", 1)] not in kept
    assert [("status", 1), ("queue_key", 1)] in kept  # (the list of decided cases still has its index)
    assert [("queue_no_show", 1)] in keys(await db.case_queue.index_information())  # the rows keep theirs


async def test_more_changes_than_one_document_holds_are_recorded_in_pieces_and_read_back_whole(runtime, clock):
    """A pepper rotation at a million changed 1.56 million listings and cases and recorded them in one change
    document (74 MB: refused, the largest a document may be is 16 MB), so no other process heard of them. 400,000
    changes are recorded in pieces, under consecutive revisions, and another process reads every one back."""
    log = runtime.changes.log
    before = await log.current()
    changed = ([("entry", f"ent_{n:032x}") for n in range(300_000)]
               + [("case", f"case_{n:032x}") for n in range(100_000)])
    last = await log.record(changed, clock())
    records = []
    while True:
        page = await log.since(records[-1]["revision"] if records else before, 500)
        if not page:
            break
        records += page
    assert [record["revision"] for record in records] == list(range(before + 1, last + 1)) and len(records) > 1
    assert sorted((kind, ref) for record in records for kind, refs in record["refs"].items() for ref in refs) \
        == sorted(changed)
