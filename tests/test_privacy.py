"""Personal data at rest and in logs: a dump of the database and the logs hold no identifier in clear."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from bson import json_util

from tests.helpers import bearer, new_moderator, new_salon, with_case

PEOPLE = [
    {"name": "Юлия Ковальчук", "email": "Yulia.Kovalchuk+spa@googlemail.com", "phone": "+48 601 234 567"},
    {"name": "Şükrü Yıldız", "email": "sukru.yildiz@example.org", "phone": "0532 123 45 67"},
    {"name": "Femke de Boer", "email": "femke.deboer@ziggo.nl", "phone": "+31 6 12345678"},
]
# every form of them the service computes or keeps, raw and canonical
NEEDLES = ["Ковальчук", "Kovalchuk", "kovalchuk", "yulia.kovalchuk", "yuliakovalchuk", "601234567", "601 234 567",
           "Yıldız", "yildiz", "sukru.yildiz", "5321234567", "femke", "Femke", "deboer", "de Boer", "612345678",
           "the customer never came, third time", "I was never at that salon"]


async def scenario(client, runtime) -> None:
    anna, bella = await new_salon(runtime, "Studio Anna", "PL"), await new_salon(runtime, "Salon Bella", "TR")
    mod = await new_moderator(runtime)
    case_ids = []
    for person in PEOPLE:
        for salon in (anna, bella):
            response = await client.post("/v1/reports", headers={**bearer(salon.secret_key), "Idempotency-Key": f"k-{person['email']}"},
                                         json={"category": "no_show", "subject": person,
                                               "evidence": {"notes": "the customer never came, third time"}})
            assert response.status == 201, await response.text()
            case_ids.append((await with_case(client, await response.json()))["case_id"])
    case = (await (await client.get(f"/v1/mod/cases/{case_ids[0]}", headers=bearer(mod))).json())
    response = await client.post(f"/v1/mod/cases/{case_ids[0]}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": case["identifiers"], "note": "the customer never came, third time"})
    assert response.status == 200, await response.text()
    for person in PEOPLE:
        response = await client.post("/v1/lookup", headers=bearer(anna.secret_key), json={"subject": person})
        assert response.status == 200
    response = await client.post("/v1/appeals", json={"name": PEOPLE[0]["name"], "email": PEOPLE[0]["email"],
                                                      "message": "I was never at that salon"})
    assert response.status == 202
    await runtime.console.add_note((await runtime.accounts.authenticate(mod)), case_ids[2],
                                   "Femke de Boer called, says the booking was not hers")
    await runtime.lookup.flush_log()


async def dump(runtime) -> str:
    parts = []
    for name in await runtime.collections.db.list_collection_names():
        docs = await runtime.collections.db[name].find().to_list()
        parts.append(json_util.dumps(docs, ensure_ascii=False))
        # binary fields (index snapshots) as the bytes they hold, not as base64
        parts.extend(bytes(value).decode("utf-8", "replace") for doc in docs for value in doc.values()
                     if isinstance(value, bytes))
    return "\n".join(parts)


async def test_a_database_dump_holds_no_identifier_in_clear(client, runtime):
    await scenario(client, runtime)
    await runtime.write_snapshot()
    text = await dump(runtime)
    assert "enc:1:" in text  # the personal data is there, sealed
    found = [needle for needle in NEEDLES if needle in text]
    assert not found, f"in clear in the database: {found}"


async def test_moderators_still_read_everything_in_clear(client, runtime):
    await scenario(client, runtime)
    mod = await new_moderator(runtime, "olek")
    items = []
    for status in ("open", "resolved"):
        items += (await (await client.get(f"/v1/mod/cases?status={status}", headers=bearer(mod))).json())["items"]
    views = [await (await client.get(f"/v1/mod/cases/{c['id']}", headers=bearer(mod))).json() for c in items]
    text = json.dumps(views, ensure_ascii=False)
    assert "Юлия Ковальчук" in text and "femke.deboer@ziggo.nl" in text
    assert "the customer never came, third time" in text


async def test_logs_hold_no_identifier(client, runtime, caplog):
    caplog.set_level(logging.DEBUG)
    await scenario(client, runtime)
    text = "\n".join(record.getMessage() + " " + json.dumps(record.__dict__, default=str, ensure_ascii=False)
                     for record in caplog.records)
    found = [needle for needle in NEEDLES if needle in text]
    assert not found, f"in the logs: {found}"


def test_identifier_keys_are_hmac_sha256_of_the_pepper_for_peppers_of_every_length():
    # every key stored so far was made by the standard library's HMAC: a faster one must give the same
    # keys, or every listing would stop matching after an upgrade
    import hashlib
    import hmac

    from blocklist.credentials import Pseudonymiser
    for pepper in ["p", "a" * 63, "b" * 64, "c" * 65, "d" * 200, "pieprz-zażółć-gęślą-jaźń-ПЕРЕЦ-פלפל"]:
        keyer = Pseudonymiser(pepper)
        for kind, value in [("email", "anna.nowak@gmail.com"), ("phone", "+48601234567"), ("email", "")]:
            expected = hmac.new(pepper.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
            assert keyer.key(kind, value) == expected
        expected = "l" + hmac.new(pepper.encode(), b"match:lanna.nowak", hashlib.sha256).hexdigest()[:24]
        assert keyer.match_keys(["lanna.nowak"]) == [expected]


def test_sealed_values_open_with_every_listed_key_and_seal_with_the_first():
    from blocklist.credentials import FieldCipher
    old, new = FieldCipher.generate(1), FieldCipher.generate(2)
    sealed_old = FieldCipher(old).seal("Anna Nowak")
    rotated = FieldCipher(f"{new},{old}")
    assert rotated.open(sealed_old) == "Anna Nowak"
    assert rotated.seal("Anna Nowak").startswith("enc:2:")
    assert rotated.seal("Anna Nowak") != rotated.seal("Anna Nowak")  # a fresh nonce each time
    assert rotated.open("kept in clear") == "kept in clear"


# ---------------------------------------------------------------- retention

async def post_report(client, key, subject, category="no_show"):
    response = await client.post("/v1/reports", headers=bearer(key), json={"category": category, "subject": subject,
                                                                           "evidence": {"notes": "never came"}})
    assert response.status == 201, await response.text()
    return await with_case(client, await response.json())


async def test_a_listing_gets_the_default_period_and_never_more_than_the_maximum(client, runtime, clock):
    salon = await new_salon(runtime)
    mod = await new_moderator(runtime)
    created = await post_report(client, salon.secret_key, {"phone": "+48601234567"})
    too_long = (clock.now + timedelta(days=800)).isoformat()
    response = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "x",
        "expires_at": too_long})
    assert response.status == 400 and "at most" in (await response.json())["error"]["message"]
    response = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "x"})
    entry = (await response.json())["entries"][0]
    expires = datetime.fromisoformat(entry["expires_at"].replace("Z", "+00:00"))
    assert abs((expires - clock.now) - timedelta(days=365)) < timedelta(seconds=5)
    clock.advance(days=366)  # the listing is over: the lookup says so at once, whatever the TTL monitor does
    answer = await (await client.post("/v1/lookup", headers=bearer(salon.secret_key),
                                      json={"subject": {"phone": "601 234 567"}})).json()
    assert answer["verdict"] != "block"


async def test_unreviewed_reports_go_after_90_days_and_closed_ones_lose_personal_data_after_30(client, runtime, clock):
    salon = await new_salon(runtime)
    old = await post_report(client, salon.secret_key, {"name": "Stale Person", "phone": "+48601000001"})
    withdrawn = await post_report(client, salon.secret_key, {"name": "Came Late", "phone": "+48601000002"})
    response = await client.post(f"/v1/reports/{withdrawn['id']}/withdraw", headers=bearer(salon.secret_key))
    assert response.status == 200
    clock.advance(days=29)
    fresh = await post_report(client, salon.secret_key, {"name": "Recent Person", "phone": "+48601000003"})
    result = await runtime.retention.run_once()
    assert (result.pending_deleted, result.reports_cleared) == (0, 0)  # nothing is due yet
    clock.advance(days=2)  # the withdrawal is 31 days old
    result = await runtime.retention.run_once()
    assert result.reports_cleared == 1
    cleared = await runtime.linker.reports.get(withdrawn["id"])
    assert cleared.subject == {"name": None, "email": None, "phone": None} and cleared.keys == ()
    assert "notes" not in cleared.evidence and cleared.category == "no_show"  # statistics stay
    case = await runtime.stores.cases.get(withdrawn["case_id"])
    # its only report is spent, so is the case: its copies go, the names as the salon typed them too
    assert case.identifiers == () and case.names == () and case.typed_names == ()
    clock.advance(days=60)  # the first report is 91 days old and nobody looked at it
    result = await runtime.retention.run_once()
    assert result.pending_deleted == 1
    assert await runtime.linker.reports.get(old["id"]) is None
    assert (await runtime.stores.cases.get(old["case_id"])).status == "resolved"
    assert await runtime.linker.reports.get(fresh["id"]) is not None  # 62 days: still waiting for review
    assert await runtime.retention.run_once() == type(result)()  # nothing twice


async def test_reports_deleted_by_retention_stop_counting_in_the_process_that_deleted_them(client, runtime, clock):
    """Two salons' unreviewed reports of one phone challenge it; once retention deletes them (90 days, nobody
    looked), the lookups of the very process that ran retention allow it again, not only the other processes'."""
    salons = [await new_salon(runtime, f"Salon {i}") for i in range(3)]
    for salon in salons[:2]:
        await post_report(client, salon.secret_key, {"name": "Olga Petrova", "phone": "+48601000009"})

    async def verdict() -> str:
        answer = await (await client.post("/v1/lookup", headers=bearer(salons[2].secret_key),
                                          json={"subject": {"phone": "601 000 009"}})).json()
        return answer["verdict"]
    assert await verdict() == "challenge"
    [case_id] = [c["_id"] for c in await runtime.collections.db.cases.find({}, {"_id": 1}).to_list()]
    before = await runtime.stores.cases.get(case_id)
    clock.advance(days=91)
    assert (await runtime.retention.run_once()).pending_deleted == 2
    assert await verdict() == "allow"
    # the case forgot both in one write (a case hundreds of salons reported was rewritten once per report), then
    # lost its own copies of the personal data in another
    after = await runtime.stores.cases.get(case_id)
    assert after.version == before.version + 2 and after.reports == () and after.identifiers == ()
    assert [h["action"] for h in after.history][-2:] == ["report.expired_unreviewed"] * 2


async def test_retention_indexes_are_in_place(runtime):
    """Retention is enforced by the database: a TTL index on MongoDB; on the embedded server, whose TTL indexes
    slow every query (storage/database.py), an index on the same field and the minute's sweep
    (tests/test_embedded.py shows it deleting)."""
    from blocklist.storage.database import EXPIRING
    expected = {"entries": ("expires_at", 0), "lookups": ("at", 30 * 86400), "idempotency": ("expires_at", 0)}
    for name, (field, seconds) in expected.items():
        collection = getattr(runtime.collections, name)
        info = await collection.index_information()
        if runtime.database.server_expires:
            assert any(spec.get("expireAfterSeconds") == seconds and spec["key"] == [(field, 1)]
                       for spec in info.values()), name
        else:
            assert EXPIRING[collection.name] == (field, seconds), name
            assert any(spec["key"] == [(field, 1)] for spec in info.values()), name


# ---------------------------------------------------------------- the listed person's rights

async def listed_anna(client, runtime):
    """Anna reported by two salons, her phone and email blocked, and looked up by a third salon."""
    a, b, c = (await new_salon(runtime, "Studio Alfa", "PL"), await new_salon(runtime, "Salon Beta", "PL"),
               await new_salon(runtime, "Nails Gamma", "PL"))
    mod = await new_moderator(runtime)
    admin = await new_moderator(runtime, "boss", "admin")
    first = await post_report(client, a.secret_key, {"name": "Anna Nowak", "phone": "+48601234567",
                                                     "email": "anna.nowak@gmail.com"})
    await post_report(client, b.secret_key, {"name": "Anna Nowak", "phone": "601234567"})
    other = await post_report(client, b.secret_key, {"name": "Jan Kowalski", "phone": "+48512000111"})
    response = await client.post(f"/v1/mod/cases/{first['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "note": "fake bookings", "identifiers": [
            {"kind": "phone", "value": "+48601234567"}, {"kind": "email", "value": "anna.nowak@gmail.com"}]})
    assert response.status == 200
    answer = await (await client.post("/v1/lookup", headers=bearer(c.secret_key),
                                      json={"subject": {"phone": "0048 601 234 567"}})).json()
    assert answer["verdict"] == "block"
    await runtime.lookup.flush_log()
    return {"salons": (a, b, c), "admin": admin, "case_id": first["case_id"], "other": other}


async def test_export_holds_matched_lookups_and_no_salon_or_moderator_identity(client, runtime):
    world = await listed_anna(client, runtime)
    response = await client.post("/v1/admin/subject-requests/export", headers=bearer(world["admin"]),
                                 json={"phone": "+48 601 234 567"})
    assert response.status == 200, await response.text()
    export = await response.json()
    # only what the identifiers given lead to: the requester proved they hold this phone, not the email
    assert {listing["identifier"] for listing in export["listings"]} == {"phone: +48601234567"}
    assert len(export["reports"]) == 2 and {r["category"] for r in export["reports"]} == {"no_show"}
    assert [lookup["answer"] for lookup in export["lookups_that_matched"]] == ["block"]
    assert export["lookups_that_matched"][0]["purpose"]
    text = json.dumps(export)
    for salon in world["salons"]:
        assert salon.salon.id not in text and salon.salon.name not in text
    assert "mod_" not in text and "mila" not in text  # nor who decided
    response = await client.post("/v1/admin/subject-requests/export", headers=bearer(world["admin"]),
                                 json={"email": "nobody-valid"})
    assert response.status == 400
    mod = await new_moderator(runtime, "olek")
    assert (await client.post("/v1/admin/subject-requests/export", headers=bearer(mod),
                              json={"phone": "+48601234567"})).status == 403


async def test_restriction_makes_a_listing_challenge_at_most(client, runtime):
    world = await listed_anna(client, runtime)
    response = await client.post("/v1/admin/subject-requests/restrict", headers=bearer(world["admin"]),
                                 json={"phone": "+48601234567", "note": "DSR-12: the person contests"})
    assert (await response.json())["restricted"] == 1  # the phone listing
    answer = await (await client.post("/v1/lookup", headers=bearer(world["salons"][2].secret_key),
                                      json={"subject": {"phone": "601234567"}})).json()
    assert answer["verdict"] == "challenge"


async def test_erasure_removes_every_trace_and_the_tombstone_reapplies_after_a_restore(client, runtime):
    world = await listed_anna(client, runtime)
    # Anna's lookup and someone else's land in one lookup-log document: only hers may go
    salon_c = world["salons"][2].secret_key
    await client.post("/v1/lookup", headers=bearer(salon_c), json={"subject": {"phone": "+48601234567"}})
    await client.post("/v1/lookup", headers=bearer(salon_c), json={"subject": {"email": "jan@mailinator.com"}})
    assert await runtime.lookup.flush_log() == 2
    await runtime.write_snapshot()  # the lookup index's snapshot holds her keys and name too (sealed)
    assert await runtime.collections.snapshots.count_documents({"status": "complete"}) == 1
    before = {name: await runtime.collections.db[name].find().to_list()
              for name in await runtime.collections.db.list_collection_names()}
    keys = runtime.subjects.keys_of("anna.nowak@gmail.com", "+48601234567")
    response = await client.post("/v1/admin/subject-requests/erase", headers=bearer(world["admin"]),
                                 json={"email": "anna.nowak@gmail.com", "phone": "+48601234567",
                                       "note": "DSR-13: erasure after a successful contest"})
    assert response.status == 200, await response.text()
    erased = (await response.json())["erased"]
    assert erased["entries"] == 2 and erased["reports"] == 2 and erased["lookups"] == 2

    async def traces() -> list[str]:
        text = await dump(runtime)
        return [k for k in keys if k in text] + [n for n in ("Anna Nowak", "601234567") if n in text]

    assert await traces() == []
    assert await runtime.collections.snapshots.count_documents({}) == 0
    assert await runtime.collections.snapshot_chunks.count_documents({}) == 0
    answer = await (await client.post("/v1/lookup", headers=bearer(world["salons"][2].secret_key),
                                      json={"subject": {"phone": "601234567"}})).json()
    assert answer["verdict"] == "allow"  # gone from this process's index at once
    assert await runtime.linker.reports.get(world["other"]["id"]) is not None  # Jan is untouched
    jan = await runtime.subjects.export("admin:test", "jan@mailinator.com", None)
    assert [lookup["reasons"] for lookup in jan["lookups_that_matched"]] == [["disposable_email"]]

    # a backup from before the erasure is restored...
    for name, docs in before.items():
        if name == "tombstones":
            continue
        await runtime.collections.db[name].delete_many({})
        if docs:
            await runtime.collections.db[name].insert_many(docs)
    assert await traces() != []
    assert await runtime.subjects.apply_tombstones() > 0
    assert await traces() == []


# ---------------------------------------------------------------- the public page

async def test_the_transparency_page_states_criteria_retention_and_appeal_in_every_language(client):
    for lang, phrase in (("en", "A human moderator decides every block"), ("pl", "decyduje człowiek"),
                         ("nl", "Een mens"), ("tr", "bir insan"), ("ru", "решает человек"), ("he", "מחליט אדם")):
        response = await client.get(f"/transparency?lang={lang}")
        html = await response.text()
        assert response.status == 200 and phrase in html, lang
        assert "365" not in html and "12" in html and "90" in html and "30" in html, lang  # the configured periods
        assert 'name="message"' in html
    html = await (await client.get("/transparency?lang=he")).text()
    assert 'dir="rtl"' in html
    assert "Ваши права" in await (await client.get("/transparency", headers={"Accept-Language": "ru-RU,ru;q=0.9"})).text()


async def test_a_person_contests_through_the_public_form(client, runtime):
    world = await listed_anna(client, runtime)
    form = {"name": "Anna Nowak", "phone": "+48 601 234 567", "message": "I never booked there"}
    refused = await client.post("/transparency", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status == 403
    name_only = await client.post("/transparency", data={"name": "Anna Nowak", "message": "remove me"})
    assert name_only.status == 400 and "email or phone" in await name_only.text()
    no_message = await client.post("/transparency", data={"name": "Anna Nowak", "phone": "+48601234567"})
    assert no_message.status == 400 and "what happened" in await no_message.text()
    response = await client.post("/transparency?lang=pl", data=form, allow_redirects=False)
    assert response.status == 303
    # the browser keeps the appeal's status token: only for the appeal pages, never for scripts or other sites
    cookie = response.cookies["blocklist_appeal"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/transparency/appeals/"
    page = await client.get(response.headers["Location"], headers={"Cookie": f"blocklist_appeal={cookie.value}"})
    assert "Otrzymaliśmy Twoje zgłoszenie" in await page.text()
    stranger = await client.get(response.headers["Location"], headers={"Cookie": "blocklist_appeal="})
    assert stranger.status == 401 and "Otrzymaliśmy" not in await stranger.text()
    appeals = await (await client.get("/v1/mod/appeals", headers=bearer(world["admin"]))).json()
    assert len(appeals["items"]) == 1 and len(appeals["items"][0]["entry_ids"]) == 1
    answer = await (await client.post("/v1/lookup", headers=bearer(world["salons"][2].secret_key),
                                      json={"subject": {"phone": "601234567"}})).json()
    assert answer["verdict"] == "block"  # nothing is restricted until the person proves the phone is theirs


# ---------------------------------------------------------------- pepper rotation

async def test_pepper_rotation_rekeys_everything_while_lookups_keep_working(client, runtime, aiohttp_client, settings,
                                                                            clock):
    import dataclasses

    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    world = await listed_anna(client, runtime)
    third = world["salons"][2]
    new_pepper = "a-brand-new-pepper-0123456789abcdefghijklmnop"

    async def app_with(**changes):
        started = await aiohttp_client(create_app(dataclasses.replace(settings, **changes), clock=clock))
        await wait_ready(started.app[RUNTIME])
        return started

    async def verdict(app) -> str:
        answer = await (await app.post("/v1/lookup", headers=bearer(third.secret_key),
                                       json={"subject": {"phone": "601 234 567"}})).json()
        return answer["verdict"]

    appealed = await client.post("/v1/appeals", json={"name": "Anna Nowak", "phone": "+48 601 234 567",
                                                      "message": "I never booked there"})
    assert appealed.status == 202, await appealed.text()
    during = await app_with(pepper=new_pepper, pepper_previous=settings.pepper)
    assert await verdict(during) == "block"  # nothing re-keyed yet: found under the previous pepper
    # a report arriving mid-rotation is keyed with the new pepper
    late = await post_report(during, world["salons"][1].secret_key, {"phone": "+48601234567"}, "fake_booking")
    counts = await during.app[RUNTIME].rotate_pepper()
    assert counts["reports"] >= 3 and counts["entries"] == 2 and counts["lookups"] == 1 and counts["appeals"] == 1
    version = during.app[RUNTIME].pseudonymiser.version
    for name in ("reports", "blocklist_entries", "cases"):
        assert await runtime.collections.db[name].count_documents({"pepper_version": {"$ne": version}}) == 0, name
    after = await app_with(pepper=new_pepper)  # the old pepper is gone for good
    assert await verdict(after) == "block"
    export = await (await after.post("/v1/admin/subject-requests/export", headers=bearer(world["admin"]),
                                     json={"phone": "+48601234567"})).json()
    assert len(export["lookups_that_matched"]) == 1 and len(export["listings"]) == 1
    assert len(export["appeals"]) == 1  # through its key fields, rewritten with the new keys
    # her reports are found through their postings under the new keys; none is left under the old ones
    scanned = await after.app[RUNTIME].subjects.store._by_keys(
        "reports", "keys", after.app[RUNTIME].subjects.keys_of(None, "+48601234567"))
    assert len(export["reports"]) == len(scanned) >= 3
    for old_key in runtime.subjects.keys_of(None, "+48601234567"):
        assert await runtime.collections.db.report_keys.count_documents({"key": old_key}) == 0
    again = await post_report(after, world["salons"][0].secret_key, {"phone": "0048601234567"})
    assert again["case_id"] in {late["case_id"], world["case_id"]}
    assert await during.app[RUNTIME].rotate_pepper() == {"reports": 0, "entries": 0, "cases": 0, "appeals": 0,
                                                         "lookups": 0, "merged": 0}
