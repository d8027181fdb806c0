import asyncio
import dataclasses
import json
import time
from datetime import timedelta

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from blocklist.app import create_app
from blocklist.keys import RUNTIME
from blocklist.matching.verdict import Evidence, Policy, decide
from blocklist.storage.lookups import records_of
from tests.conftest import wait_ready
from tests.helpers import assert_error, bearer, new_moderator, new_salon, with_case

ORIGIN = "https://studio-anna.pl"


async def report(client, key, subject, category="fake_booking"):
    response = await client.post("/v1/reports", json={"category": category, "subject": subject}, headers=bearer(key))
    assert response.status == 201, await response.text()
    return await with_case(client, await response.json())


async def lookup(client, key, subject, origin=None):
    headers = bearer(key)
    if origin:
        headers["Origin"] = origin
    response = await client.post("/v1/lookup", json={"subject": subject}, headers=headers)
    assert response.status == 200, await response.text()
    return await response.json()


async def block(client, mod, case_id, identifiers, scope="global", action="block", expires_at=None):
    body = {"action": action, "identifiers": identifiers, "scope": scope, "note": "checked"}
    if expires_at:
        body["expires_at"] = expires_at
    response = await client.post(f"/v1/mod/cases/{case_id}/decision", json=body, headers=bearer(mod))
    assert response.status == 200, await response.text()
    return await response.json()


async def listed_person(client, runtime, **decision):
    """Anna Nowak reported by a salon; a moderator lists her phone and email."""
    reporter = await new_salon(runtime, "Reporter", "PL")
    created = await report(client, reporter.secret_key, {"name": "Anna Nowak", "phone": "601 234 567",
                                                         "email": "anna.nowak@gmail.com"})
    mod = await new_moderator(runtime)
    identifiers = decision.pop("identifiers", [{"kind": "phone", "value": "+48601234567"},
                                               {"kind": "email", "value": "anna.nowak@gmail.com"}])
    view = await block(client, mod, created["case_id"], identifiers, **decision)
    return reporter, mod, view


async def test_clean_customer_is_allowed(client, runtime):
    salon = await new_salon(runtime)
    answer = await lookup(client, salon.secret_key, {"name": "Jan Kowalski", "email": "jan@example.org",
                                                     "phone": "+48 512 000 111"})
    assert answer["verdict"] == "allow" and answer["action"] == "none" and answer["risk"] == 0
    assert answer["reasons"] == [] and answer["lookup_id"].startswith("lkp_")


async def test_exact_block_whatever_the_spelling(client, runtime):
    await listed_person(client, runtime)
    other = await new_salon(runtime, "Other", "PL")
    answer = await lookup(client, other.secret_key, {"phone": "0048 601-234-567"})
    assert answer["verdict"] == "block" and answer["action"] == "none" and answer["risk"] >= 90
    assert answer["reasons"] == [{"code": "phone_blocked", "match": "exact"}]
    answer = await lookup(client, other.secret_key, {"email": "Anna.Nowak+spa@googlemail.com"})
    assert {"code": "email_blocked", "match": "exact"} in answer["reasons"]


async def test_answer_leaks_nothing(client, runtime):
    reporter, _, view = await listed_person(client, runtime)
    other = await new_salon(runtime, "Other", "PL")
    response = await client.post("/v1/lookup", json={"subject": {"phone": "601234567", "name": "Anna Nowak"}},
                                 headers=bearer(other.secret_key))
    text = await response.text()
    body = json.loads(text)
    assert set(body) == {"verdict", "risk", "action", "reasons", "lookup_id", "help_url"}
    assert body["help_url"].endswith("/transparency?ref=" + body["lookup_id"])  # carries nothing else
    for secret in (reporter.salon.id, "Reporter", "+48601234567", "anna.nowak", view["id"], "fake"):
        assert secret not in text


async def test_scope_of_one_salon(client, runtime):
    reporter = await new_salon(runtime, "Reporter", "PL")
    created = await report(client, reporter.secret_key, {"phone": "+48601234567"})
    mod = await new_moderator(runtime)
    await block(client, mod, created["case_id"], [{"kind": "phone", "value": "+48601234567"}],
                scope=f"salon:{reporter.salon.id}")
    own = await lookup(client, reporter.secret_key, {"phone": "+48601234567"})
    assert own["verdict"] == "block"
    assert {"code": "blocked_by_this_salon", "match": "exact"} in own["reasons"]
    other = await new_salon(runtime, "Other", "PL")
    answer = await lookup(client, other.secret_key, {"phone": "+48601234567"})
    assert answer["verdict"] != "block"


async def test_expiry_is_honoured_to_the_second(client, runtime, clock):
    expires = clock() + timedelta(days=30)
    await listed_person(client, runtime, expires_at=expires.isoformat())
    salon = await new_salon(runtime, "Other", "PL")
    clock.now = expires - timedelta(seconds=1)
    assert (await lookup(client, salon.secret_key, {"phone": "+48601234567"}))["verdict"] == "block"
    clock.now = expires
    assert (await lookup(client, salon.secret_key, {"phone": "+48601234567"}))["verdict"] == "allow"


async def test_lift_allows_at_once(client, runtime):
    _, mod, view = await listed_person(client, runtime)
    salon = await new_salon(runtime, "Other", "PL")
    for entry in view["entries"]:
        await client.post(f"/v1/mod/blocklist/{entry['id']}/lift", json={"note": "appeal"}, headers=bearer(mod))
    answer = await lookup(client, salon.secret_key, {"phone": "+48601234567", "email": "anna.nowak@gmail.com"})
    assert answer["verdict"] == "allow"


async def test_challenge_entries_answer_challenge(client, runtime):
    await listed_person(client, runtime, action="challenge", identifiers=[{"kind": "phone", "value": "+48601234567"}])
    salon = await new_salon(runtime, "Other", "PL")
    answer = await lookup(client, salon.secret_key, {"phone": "+48601234567"})
    assert answer["verdict"] == "challenge" and answer["action"] == "require_confirmation"
    assert answer["reasons"] == [{"code": "phone_challenged", "match": "exact"}]


async def test_near_email_and_similar_name_with_partial_identifier_challenge(client, runtime):
    await listed_person(client, runtime)
    salon = await new_salon(runtime, "Other", "PL")
    answer = await lookup(client, salon.secret_key, {"email": "anna.nowak@onet.pl"})
    assert answer["verdict"] == "challenge"
    assert {"code": "email_similar_to_blocked", "match": "similar"} in answer["reasons"]
    answer = await lookup(client, salon.secret_key, {"name": "Nowak Anna", "email": "annanowak@wp.pl"})
    codes = {r["code"] for r in answer["reasons"]}
    assert answer["verdict"] == "challenge" and "name_similar_to_blocked" in codes
    # written another way (another script, a typo), the name is scored rather than compared token by token
    for name in ("Анна Новак", "Anna Nowack"):
        answer = await lookup(client, salon.secret_key, {"name": name, "email": "annanowak@wp.pl"})
        assert "name_similar_to_blocked" in {r["code"] for r in answer["reasons"]}, name
    answer = await lookup(client, salon.secret_key, {"name": "Zofia Wiśniewska", "email": "annanowak@wp.pl"})
    assert "name_similar_to_blocked" not in {r["code"] for r in answer["reasons"]}


async def test_a_name_alone_never_blocks(client, runtime):
    await listed_person(client, runtime)
    salon = await new_salon(runtime, "Other", "PL")
    strict = dataclasses.replace(salon.salon.policy, challenge_as_block=True)
    await runtime.accounts.store.update_salon(salon.salon.id, {"policy": dataclasses.asdict(strict)})
    runtime.accounts.forget_cached()
    answer = await lookup(client, salon.secret_key, {"name": "Anna Nowak"})
    assert answer["verdict"] == "allow"
    assert answer["reasons"] == []


async def test_pending_reports_from_two_salons_challenge(client, runtime):
    a, b = await new_salon(runtime, "A", "PL"), await new_salon(runtime, "B", "NL")
    await report(client, a.secret_key, {"phone": "+48601234567"})
    one = await lookup(client, a.secret_key, {"phone": "+48601234567"})
    assert one["verdict"] == "allow"  # one salon's unreviewed report does not touch anyone
    await report(client, b.secret_key, {"phone": "0048601234567"})
    c = await new_salon(runtime, "C", "TR")
    answer = await lookup(client, c.secret_key, {"phone": "+48 601 234 567"})
    assert answer["verdict"] == "challenge" and answer["action"] == "require_confirmation"
    assert {"code": "reported_by_multiple_salons", "match": "exact"} in answer["reasons"]


async def test_no_shows_at_two_salons_ask_for_a_deposit(client, runtime, clock):
    a, b = await new_salon(runtime, "A", "PL"), await new_salon(runtime, "B", "PL")
    await report(client, a.secret_key, {"email": "late@example.org"}, "no_show")
    await report(client, b.secret_key, {"email": "late@example.org"}, "late_cancellation")
    answer = await lookup(client, a.secret_key, {"email": "late@example.org"})
    assert answer["verdict"] == "challenge" and answer["action"] == "require_deposit"
    assert "repeated_no_shows" in {r["code"] for r in answer["reasons"]}


async def test_disposable_email_and_invalid_phone_challenge(client, runtime):
    salon = await new_salon(runtime)
    answer = await lookup(client, salon.secret_key, {"email": "x@mailinator.com"})
    assert answer["verdict"] == "challenge" and answer["reasons"] == [{"code": "disposable_email", "match": "exact"}]
    answer = await lookup(client, salon.secret_key, {"phone": "123"})
    assert answer["verdict"] == "challenge" and answer["reasons"] == [{"code": "invalid_phone", "match": "exact"}]


async def test_salon_policy_can_treat_challenge_as_block(client, runtime):
    salon = await new_salon(runtime)
    strict = dataclasses.replace(salon.salon.policy, challenge_as_block=True)
    await runtime.accounts.store.update_salon(salon.salon.id, {"policy": dataclasses.asdict(strict)})
    runtime.accounts.forget_cached()
    answer = await lookup(client, salon.secret_key, {"email": "x@mailinator.com"})
    assert answer["verdict"] == "block"


async def test_publishable_key_needs_a_registered_origin(client, runtime):
    salon = await new_salon(runtime, origins=[ORIGIN])
    answer = await client.post("/v1/lookup", json={"subject": {"name": "A"}},
                               headers={**bearer(salon.publishable_key), "Origin": ORIGIN})
    assert answer.status == 200
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN
    await assert_error(await client.post("/v1/lookup", json={"subject": {"name": "A"}},
                                         headers={**bearer(salon.publishable_key), "Origin": "https://evil.example"}),
                       403, "forbidden")
    await assert_error(await client.post("/v1/lookup", json={"subject": {"name": "A"}},
                                         headers=bearer(salon.publishable_key)), 403, "forbidden")
    await assert_error(await client.post("/v1/lookup", json={"subject": {"name": "A"}},
                                         headers={**bearer(salon.secret_key), "Origin": ORIGIN}), 403, "forbidden")
    for path in ("/v1/reports", "/v1/mod/cases"):
        await assert_error(await client.get(path, headers=bearer(salon.publishable_key)), 403, "forbidden")


async def test_cors_preflight_only_for_registered_origins(client, runtime):
    await new_salon(runtime, origins=[ORIGIN])
    await runtime.sync_once()
    await runtime.accounts.reload_origins()
    ok = await client.options("/v1/lookup", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert ok.status == 204
    assert ok.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Authorization" in ok.headers["Access-Control-Allow-Headers"]
    bad = await client.options("/v1/lookup", headers={"Origin": "https://evil.example",
                                                      "Access-Control-Request-Method": "POST"})
    assert bad.status == 403 and "Access-Control-Allow-Origin" not in bad.headers


async def test_invalid_lookups_are_400(client, runtime):
    salon = await new_salon(runtime)
    for body in ({"subject": {}}, {"subject": {"email": {"$ne": None}}}, {"subject": {"name": "A"}, "x": 1},
                 {"subject": {"phone": "1" * 41}}):
        await assert_error(await client.post("/v1/lookup", json=body, headers=bearer(salon.secret_key)),
                           400, "invalid_request")


async def test_lookups_are_logged_without_raw_identifiers(client, runtime):
    await listed_person(client, runtime)
    salon = await new_salon(runtime)
    await lookup(client, salon.secret_key, {"name": "Anna Nowak", "email": "anna@example.org", "phone": "+48601234567"})
    await lookup(client, salon.secret_key, {"name": "Jan Nowy", "email": "jan@example.org"})
    assert await runtime.lookup.flush_log() == 1  # the match, one by one
    bucket = await runtime.collections.lookups.find_one()
    dump = repr(bucket)
    assert "anna" not in dump.lower() and "601234567" not in dump
    [record] = records_of(bucket)
    assert record["verdict"] == "block" and len(record["keys"]) == 2 and bucket["verdicts"] == {"block": 1}
    assert set(bucket["keys"]) == set(record["keys"])  # what an export or an erasure finds the bucket by
    assert await runtime.lookup.flush_log() == 0 and await runtime.collections.lookups.count_documents({}) == 1
    stats = await runtime.collections.lookup_stats.find_one({"salon_id": salon.salon.id})
    assert stats["allow"] == 1  # the clean lookup, only counted


async def test_a_block_made_in_one_process_reaches_another_within_2_seconds(client, runtime, aiohttp_client,
                                                                           settings, clock):
    other_process = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(other_process.app[RUNTIME])
    salon = await new_salon(runtime, "Other", "PL")
    assert (await lookup(other_process, salon.secret_key, {"phone": "+48601234567"}))["verdict"] == "allow"
    _, mod, view = await listed_person(client, runtime)
    started = time.monotonic()
    while (await lookup(other_process, salon.secret_key, {"phone": "+48601234567"}))["verdict"] != "block":
        assert time.monotonic() - started < 2, "not propagated within 2 s"
        await asyncio.sleep(0.05)
    entry_id = view["entries"][0]["id"]
    await client.post(f"/v1/mod/blocklist/{entry_id}/lift", json={"note": "x"}, headers=bearer(mod))
    await client.post(f"/v1/mod/blocklist/{view['entries'][1]['id']}/lift", json={"note": "x"}, headers=bearer(mod))
    started = time.monotonic()
    while (await lookup(other_process, salon.secret_key, {"phone": "+48601234567"}))["verdict"] != "allow":
        assert time.monotonic() - started < 2, "lift not propagated within 2 s"
        await asyncio.sleep(0.05)


async def test_index_is_loaded_from_the_database_at_start(client, runtime, aiohttp_client, settings, clock):
    await listed_person(client, runtime)
    salon = await new_salon(runtime, "Other", "PL")
    restarted = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(restarted.app[RUNTIME])
    assert (await lookup(restarted, salon.secret_key, {"phone": "601234567"}))["verdict"] == "block"
    assert (await lookup(restarted, salon.secret_key, {"email": "anna.nowak@onet.pl"}))["verdict"] == "challenge"


async def test_end_to_end_report_block_lookup_appeal_lift(client, runtime):
    """Two salons report one person typed differently; a moderator blocks the phone globally; a third
    salon's lookup with the phone typed another way answers block; the person appeals; lifted → allow."""
    anna = await new_salon(runtime, "Studio Anna", "PL")
    femke = await new_salon(runtime, "Salon Femke", "NL")
    r1 = await report(client, anna.secret_key, {"name": "Anna Nowak", "phone": "601 234 567"})
    await report(client, femke.secret_key, {"name": "ANNA NOWAK", "phone": "+48 (601) 234-567"}, "no_show")
    mod = await new_moderator(runtime)
    await block(client, mod, r1["case_id"], [{"kind": "phone", "value": "+48601234567"}])
    third = await new_salon(runtime, "Kuaför Emre", "TR")
    answer = await lookup(client, third.secret_key, {"name": "Ania Nowak", "phone": "0048601234567"})
    assert answer["verdict"] == "block"
    appeal = await (await client.post("/v1/appeals", json={"name": "Anna Nowak", "phone": "+48601234567",
                                                           "message": "not me"})).json()
    await client.post(f"/v1/mod/appeals/{appeal['id']}/resolve", json={"outcome": "lifted", "note": "ok"},
                      headers=bearer(mod))
    answer = await lookup(client, third.secret_key, {"name": "Ania Nowak", "phone": "0048601234567"})
    assert answer["verdict"] == "allow"


evidence_strategy = st.builds(
    Evidence,
    blocked=st.lists(st.sampled_from(["email", "phone"]), unique=True),
    blocked_here=st.booleans(), challenged=st.lists(st.sampled_from(["email", "phone"]), unique=True),
    disputed=st.booleans(), email_similar=st.booleans(), name_similar_with_identifier=st.booleans(),
    name_only_similar=st.booleans(), reporting_salons=st.integers(0, 6), no_show_salons=st.integers(0, 6),
    disposable_email=st.booleans(), invalid_phone=st.booleans())


@given(evidence_strategy, st.booleans())
@hsettings(max_examples=300, deadline=None)
def test_decision_is_monotone_in_evidence(evidence, strict):
    policy = Policy(challenge_as_block=strict)
    before = decide(evidence, policy)
    more = dataclasses.replace(evidence, reporting_salons=evidence.reporting_salons + 1,
                               email_similar=True, disposable_email=True)
    after = decide(more, policy)
    rank = {"allow": 0, "challenge": 1, "block": 2}
    assert after.risk >= before.risk
    assert rank[after.verdict] >= rank[before.verdict]
    assert 0 <= before.risk <= 100


@given(st.booleans(), st.booleans())
def test_a_name_or_a_dispute_alone_never_blocks(strict, name_only):
    policy = Policy(challenge_as_block=strict)
    assert decide(Evidence(name_only_similar=name_only), policy).verdict == "allow"
    assert decide(Evidence(disputed=True, name_only_similar=name_only), policy).verdict == "challenge"


async def test_a_key_looking_up_too_many_customers_is_throttled_and_flagged(client, runtime):
    runtime.lookup.distinct_per_hour["publishable"] = 20
    salon = await new_salon(runtime, origins=[ORIGIN])
    for i in range(20):
        await lookup(client, salon.publishable_key, {"phone": f"+48512{i:06d}"}, origin=ORIGIN)
    await lookup(client, salon.publishable_key, {"phone": "+48512000003"}, origin=ORIGIN)  # seen before: fine
    response = await client.post("/v1/lookup", json={"subject": {"phone": "+48512999999"}},
                                 headers={**bearer(salon.publishable_key), "Origin": ORIGIN})
    await assert_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0
    await runtime.lookup.flush_log()
    alerts = await runtime.collections.alerts.find().to_list()
    assert len(alerts) == 1 and alerts[0]["kind"] == "lookup_scan" and alerts[0]["salon_id"] == salon.salon.id
    # the admins see it on the dashboard
    figures = await runtime.console.dashboard()
    assert figures["alerts"][0]["key_prefix"] == salon.publishable_key.split("_")[2]


async def test_reports_of_a_salon_whose_reports_keep_being_dismissed_count_only_once_confirmed(client, runtime):
    doubtful, honest, third = (await new_salon(runtime, "Doubtful", "PL"), await new_salon(runtime, "Honest", "PL"),
                               await new_salon(runtime, "Third", "PL"))
    mod = await new_moderator(runtime)
    for i in range(3):  # three fake-booking accusations that did not hold
        created = await report(client, doubtful.secret_key, {"phone": f"+48601000{i:03d}"})
        response = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod),
                                     json={"action": "dismiss", "reason": "insufficient_evidence", "note": "the customer had a booking confirmation"})
        assert response.status == 200
    runtime.accounts.forget_cached()
    quarantined = await report(client, doubtful.secret_key, {"phone": "+48601999888"})
    await report(client, honest.secret_key, {"phone": "+48601999888"})
    answer = await lookup(client, third.secret_key, {"phone": "+48601999888"})
    assert "reported_by_multiple_salons" not in {r["code"] for r in answer["reasons"]}
    view = await (await client.get(f"/v1/mod/cases/{quarantined['case_id']}", headers=bearer(mod))).json()
    assert [r["quarantined"] for r in view["reports"]].count(True) == 1


def test_the_loaded_index_finds_every_entry_of_a_key_and_nothing_for_others():
    from blocklist.matching.lookup_index import IndexBuilder, build_index
    from blocklist.models import IndexedEntry

    def entry(n: int, key: str, **extra) -> IndexedEntry:
        return IndexedEntry(**{"id": f"ent_{n}", "key": key, "action": "block", "status": "active",
                               "case_id": f"case_{n % 500}", "salon_id": None, "expires_at": None, **extra})

    entries = [entry(n, f"k{n}") for n in range(5000)]
    entries += [entry(5000, "k7", salon_id="sal_a", action="challenge"), entry(5001, "k7", status="disputed")]
    builder = IndexBuilder()
    builder.add(entries)
    index = build_index(builder.parts(), window_start=0)
    assert all(len(index.rows(f"k{n}")) == 1 for n in range(5000) if n != 7)
    assert sorted((row.action, row.salon, row.disputed) for row in index.rows("k7")) == [
        ("block", None, False), ("block", None, True), ("challenge", "sal_a", False)]
    assert not any(index.rows(f"unknown{n}") for n in range(20000))
    index.apply_entry(entry(1, "k1", status="lifted"))  # changes after the load win over the loaded rows
    assert index.rows("k1") == []


async def test_a_start_from_a_snapshot_replays_what_changed_since(client, runtime, aiohttp_client, settings, clock):
    _, mod, _ = await listed_person(client, runtime)
    salon = await new_salon(runtime, "Other", "PL")
    ola = await report(client, salon.secret_key, {"name": "Ola Lis", "phone": "+48 513 000 222"})
    ola_view = await block(client, mod, ola["case_id"], [{"kind": "phone", "value": "+48513000222"}])
    await runtime.write_snapshot()  # Anna and Ola listed
    await client.post(f"/v1/mod/blocklist/{ola_view['entries'][0]['id']}/lift", json={"note": "x"},
                      headers=bearer(mod))
    jan = await report(client, salon.secret_key, {"name": "Jan Nowy", "phone": "+48 512 000 111"})
    await block(client, mod, jan["case_id"], [{"kind": "phone", "value": "+48512000111"}])

    async def answers(process) -> list[str]:
        return [(await lookup(process, salon.secret_key, {"phone": phone}))["verdict"]
                for phone in ("601234567", "513 000 222", "512 000 111")]

    assert await answers(client) == ["block", "allow", "block"]
    restarted = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(restarted.app[RUNTIME])
    assert restarted.app[RUNTIME].index_source == "snapshot"
    assert await answers(restarted) == ["block", "allow", "block"]  # Ola's lift and Jan came from the replay

    # a snapshot that was altered is never trusted: the next start reads the database
    [header] = await runtime.collections.snapshots.find({"status": "complete"}).to_list()
    chunk = await runtime.collections.snapshot_chunks.find_one({"_id": f"{header['_id']}:base:0"})
    data = bytearray(chunk["data"])
    data[-1] ^= 1
    await runtime.collections.snapshot_chunks.update_one({"_id": chunk["_id"]}, {"$set": {"data": bytes(data)}})
    again = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(again.app[RUNTIME])
    assert again.app[RUNTIME].index_source == "database"
    assert await answers(again) == ["block", "allow", "block"]


async def test_a_lifted_identifier_is_allowed_though_its_person_is_still_listed_by_another(client, runtime):
    _, mod, view = await listed_person(client, runtime)
    other = await new_salon(runtime, "Other", "PL")
    email_entry = next(e for e in view["entries"] if e["kind"] == "email")
    await client.post(f"/v1/mod/blocklist/{email_entry['id']}/lift", json={"note": "her sister's address"},
                      headers=bearer(mod))
    assert (await lookup(client, other.secret_key, {"email": "anna.nowak@gmail.com"}))["verdict"] == "allow"
    assert (await lookup(client, other.secret_key, {"phone": "601234567"}))["verdict"] == "block"
    # another address with her mailbox name still resembles the listed person
    assert (await lookup(client, other.secret_key, {"email": "anna.nowak@onet.pl"}))["verdict"] == "challenge"


async def test_a_snapshot_is_replaced_daily_when_things_changed_or_after_many_changes(runtime, clock):
    await runtime.write_snapshot()
    revision = await runtime.changes.current()
    snapshots = runtime.snapshots
    assert not await snapshots.due(revision)  # fresh
    assert not await snapshots.due(revision + 19_999)
    assert await snapshots.due(revision + 20_000)  # a start would replay too much
    clock.advance(hours=25)
    assert not await snapshots.due(revision)  # a day old, but nothing changed
    assert await snapshots.due(revision + 1)


async def test_one_process_refreshes_a_due_snapshot(client, runtime, standalone_runtime, clock):
    """Every process checks hourly; only the first to claim the revision reads the blocklist and writes."""
    await listed_person(client, runtime)
    await runtime.write_snapshot()
    clock.advance(hours=25)
    await runtime.changes.record([("case", "case_x")], clock())  # a change since
    refreshed = await asyncio.gather(runtime.refresh_snapshot(), standalone_runtime.refresh_snapshot())
    assert sorted(refreshed) == [False, True]
    assert not await runtime.snapshots.due(await runtime.changes.current())
    assert (await runtime.snapshots.load()) is not None  # and it loads


async def test_processes_starting_together_read_the_database_once(client, runtime, aiohttp_client, settings, clock):
    await listed_person(client, runtime)
    salon = await new_salon(runtime, "Other", "PL")
    await runtime.snapshots.forget_all()  # a first start: no snapshot yet
    first, second = await asyncio.gather(aiohttp_client(create_app(settings, clock=clock)),
                                         aiohttp_client(create_app(settings, clock=clock)))
    await asyncio.gather(wait_ready(first.app[RUNTIME]), wait_ready(second.app[RUNTIME]))
    assert sorted([first.app[RUNTIME].index_source, second.app[RUNTIME].index_source]) == ["database", "snapshot"]
    for process in (first, second):
        assert (await lookup(process, salon.secret_key, {"phone": "601234567"}))["verdict"] == "block"


# ---------------------------------------------------------------- near identifiers (#24)

async def test_coming_back_with_one_letter_changed_or_a_number_typed_abroad_is_challenged(client, runtime):
    """The ways people who come back under a 'new' identity slip past an exact match: one letter changed in
    the mailbox name; a listed Dutch number typed the Dutch way at a Polish salon. Both challenge (never
    block on their own); the same number with the customer's country given is that number, blocked."""
    _, mod, _ = await listed_person(client, runtime)
    femke_salon = await new_salon(runtime, "Salon Femke", "NL")
    femke = await report(client, femke_salon.secret_key, {"name": "Femke de Boer", "phone": "06 12360913"})
    await block(client, mod, femke["case_id"], [{"kind": "phone", "value": "+31612360913"}])
    polish = await new_salon(runtime, "Studio Ola", "PL")
    answer = await lookup(client, polish.secret_key, {"name": "Anna Nowak", "email": "anna.nowsk@gmail.com"})
    assert answer["verdict"] == "challenge" and answer["action"] == "require_confirmation"
    assert {"code": "email_similar_to_blocked", "match": "typo"} in answer["reasons"]
    other_person = await lookup(client, polish.secret_key, {"name": "Zofia Wrona", "email": "anna.nowsk@gmail.com"})
    assert other_person["verdict"] == "allow"
    abroad = await lookup(client, polish.secret_key, {"phone": "06 12360913"})
    assert abroad["verdict"] == "challenge"
    assert {"code": "phone_similar_to_blocked", "match": "foreign_national"} in abroad["reasons"]
    told = await lookup(client, polish.secret_key, {"phone": "06 12360913", "phone_country": "NL"})
    assert told["verdict"] == "block"
    bad = await client.post("/v1/lookup", json={"subject": {"phone": "06 12360913", "phone_country": "XX"}},
                            headers=bearer(polish.secret_key))
    error = await bad.json()
    assert bad.status == 400 and error["error"]["details"][0]["field"] == "subject.phone_country"


async def test_a_report_read_in_the_customers_country_joins_the_listed_number(client, runtime):
    """A Polish salon reports a Dutch customer and says so: the number is read as Dutch."""
    salon = await new_salon(runtime, "Studio Ola", "PL")
    first = await report(client, salon.secret_key, {"name": "Femke de Boer", "phone": "+31 6 12360913"})
    second = await report(client, salon.secret_key, {"name": "Femke de Boer", "phone": "06 12360913",
                                                     "phone_country": "NL"})
    assert second["case_id"] == first["case_id"]


async def test_listings_keyed_before_typos_were_indexed_get_their_typo_keys(client, runtime, aiohttp_client,
                                                                           settings, clock):
    """Entries an older version listed carry no typo neighbourhood: a process starting on them misses the
    typo until the keys are recomputed in the background; then every process's lookup index learns them."""
    from tests.conftest import wait_ready
    await listed_person(client, runtime)
    await runtime.collections.entries.update_many({}, {"$unset": {"keys_version": ""}})
    for doc in await runtime.collections.entries.find({}).to_list():
        await runtime.collections.entries.update_one({"_id": doc["_id"]}, {"$set": {
            "match_keys": [key for key in doc["match_keys"] if not key.startswith("v")]}})
    started = await aiohttp_client(create_app(settings, clock=clock))  # a process of the older data
    await wait_ready(started.app[RUNTIME])
    polish = await new_salon(runtime, "Studio Ola", "PL")
    typo = {"name": "Anna Nowak", "email": "anna.nowsk@gmail.com"}
    assert (await lookup(started, polish.secret_key, typo))["verdict"] == "allow"
    assert await runtime.moderation.refresh_listing_keys() == 2
    assert await runtime.moderation.refresh_listing_keys() == 0  # done once
    await started.app[RUNTIME].sync_once()
    assert (await lookup(started, polish.secret_key, typo))["verdict"] == "challenge"
    assert await runtime.collections.entries.count_documents({"keys_version": 2}) == 2


async def test_a_number_reported_with_many_different_names_is_shared_weak_evidence(client, runtime):
    """A salon's reception number, typed by customers who booked through it: three salons report three
    clearly different people with it. Lookups with the number alone no longer challenge as 'reported by
    several salons' (they say it is shared), the moderator sees it marked shared, and the decision form
    leaves it unticked; a customer whose own email was reported by two salons is challenged as before."""
    salons = [await new_salon(runtime, f"Salon {i}", "PL") for i in range(4)]
    reception = "+48 22 123 45 67"
    people = [("Anna Nowak", "anna.nowak@wp.pl"), ("Mehmet Yılmaz", "mehmet.y@gmail.com"),
              ("Femke de Boer", "femke@ziggo.nl")]
    created = [await report(client, salon.secret_key, {"name": name, "email": email, "phone": reception},
                            category="no_show")
               for salon, (name, email) in zip(salons, people)]
    answer = await lookup(client, salons[3].secret_key, {"phone": "22 123 45 67"})
    codes = {r["code"] for r in answer["reasons"]}
    assert answer["verdict"] == "allow" and "shared_identifier" in codes
    assert "reported_by_multiple_salons" not in codes and "repeated_no_shows" not in codes
    mod = await new_moderator(runtime)
    view = await (await client.get(f"/v1/mod/cases/{created[0]['case_id']}", headers=bearer(mod))).json()
    phone = next(i for i in view["identifiers"] if i["kind"] == "phone")
    assert phone["shared_names"] == 3
    # the same reports' own emails are not shared: one salon more reports Anna by hers, and she is challenged
    await report(client, salons[3].secret_key, {"name": "Anna Nowak", "email": "anna.nowak@wp.pl"},
                 category="no_show")
    anna = await lookup(client, salons[3].secret_key, {"email": "anna.nowak@wp.pl"})
    assert anna["verdict"] == "challenge"


async def test_one_phone_behind_many_made_up_names_in_fake_bookings_still_challenges(client, runtime):
    """The other side of shared numbers: a fake-booking ring books with one phone and a new name each time.
    Fake-booking reports about a shared number keep their weight."""
    salons = [await new_salon(runtime, f"Salon {i}", "PL") for i in range(4)]
    for salon, name in zip(salons, ("Anna Nowak", "Mehmet Yılmaz", "Femke de Boer")):
        await report(client, salon.secret_key, {"name": name, "phone": "+48 512 000 111"})  # fake_booking
    answer = await lookup(client, salons[3].secret_key, {"phone": "512 000 111"})
    assert answer["verdict"] == "challenge"
    assert "reported_by_multiple_salons" in {r["code"] for r in answer["reasons"]}
