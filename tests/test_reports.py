import asyncio
import json
from datetime import date, timedelta

import pytest

from tests.helpers import assert_error, bearer, new_moderator, new_salon, with_case

# the booking in question, recent as reports must be (the test clock starts at the real time)
DAY = date.today() - timedelta(days=11)
REPORT = {
    "category": "fake_booking",
    "subject": {"name": "Anna Nowak", "email": "anna.nowak+x@gmail.com", "phone": "+48 601 234 567"},
    "booking": {"reference": "B-1042", "starts_at": f"{DAY}T10:00:00+01:00",
                "booked_at": f"{DAY - timedelta(days=2)}T21:13:00+01:00", "service": "manicure", "channel": "online"},
    "evidence": {"contacted": True, "reachable": False, "first_visit": True,
                 "notes": "number does not exist, email bounced"},
}


async def post_report(client, key, body=None, **headers):
    return await client.post("/v1/reports", json=body or REPORT, headers={**bearer(key), **headers})


async def filed(client, key, body=None, **headers):
    """A report accepted, with the case a moderator finds it in."""
    response = await post_report(client, key, body, **headers)
    assert response.status in (200, 201), await response.text()
    return await with_case(client, await response.json())


async def test_submit_report_stores_raw_and_canonical_forms(client, runtime):
    salon = await new_salon(runtime)
    response = await post_report(client, salon.secret_key)
    assert response.status == 201, await response.text()
    created = await response.json()
    assert set(created) == {"id", "status", "received_at"}  # the case is the moderators' business
    assert created["status"] == "pending"
    assert created["id"].startswith("rpt_")

    view = await (await client.get(f"/v1/reports/{created['id']}", headers=bearer(salon.secret_key))).json()
    assert view["subject"] == REPORT["subject"]  # kept exactly as typed
    assert view["canonical"]["email"] == "annanowak@gmail.com"
    assert view["canonical"]["phone"] == "+48601234567"
    assert view["canonical"]["name"] == "anna nowak"
    assert view["booking"]["starts_at"] == f"{DAY}T09:00:00.000Z"
    assert view["evidence"]["notes"] == "number does not exist, email bounced"


async def test_phone_is_read_with_the_reporting_salons_country(client, runtime):
    polish = await new_salon(runtime, "Studio Anna", "PL")
    dutch = await new_salon(runtime, "Salon Femke", "NL")
    body = {"category": "no_show", "subject": {"phone": "0612345678"}}
    r1 = await filed(client, dutch.secret_key, body)
    view = await (await client.get(f"/v1/reports/{r1['id']}", headers=bearer(dutch.secret_key))).json()
    assert view["canonical"]["phone"] == "+31612345678"
    body = {"category": "no_show", "subject": {"phone": "601 234 567"}}
    r2 = await filed(client, polish.secret_key, body)
    view = await (await client.get(f"/v1/reports/{r2['id']}", headers=bearer(polish.secret_key))).json()
    assert view["canonical"]["phone"] == "+48601234567"


@pytest.mark.parametrize("body, field", [
    ({"category": "fake_booking", "subject": {}}, "subject"),
    ({"category": "rude", "subject": {"name": "A"}}, "category"),
    ({"subject": {"name": "A"}}, "category"),
    ({"category": "no_show", "subject": {"name": "A" * 201}}, "subject.name"),
    ({"category": "no_show", "subject": {"email": "a" * 321}}, "subject.email"),
    ({"category": "no_show", "subject": {"phone": "1" * 41}}, "subject.phone"),
    ({"category": "no_show", "subject": {"name": "A"}, "evidence": {"notes": "x" * 4001}}, "evidence.notes"),
    ({"category": "no_show", "subject": {"name": "A"}, "booking": {"starts_at": "2026-11-20 10:00"}}, "booking.starts_at"),
    ({"category": "no_show", "subject": {"name": "A"}, "booking": {"starts_at": "2026-11-20T10:00:00"}}, "booking.starts_at"),
    ({"category": "no_show", "subject": {"name": "A"}, "status": "confirmed"}, "status"),
    ({"category": "no_show", "subject": {"name": "A", "salon_id": "x"}}, "subject.salon_id"),
    ({"category": "no_show", "subject": {"email": {"$ne": None}}}, "subject.email"),
    ({"category": "no_show", "subject": {"name": ["a"]}}, "subject.name"),
    ({"category": "no_show", "subject": {"name": "A"}, "$set": {"status": "confirmed"}}, "$set"),
    ({"category": "no_show", "subject": {"name": "Anna\nNowak"}}, "subject.name"),
    ({"category": "no_show", "subject": {"name": "   "}}, "subject.name"),
    ({"category": "no_show", "subject": {"name": "A"}, "evidence": {"contacted": "yes"}}, "evidence.contacted"),
])
async def test_invalid_reports_are_400_with_the_field_and_store_nothing(client, runtime, body, field):
    salon = await new_salon(runtime)
    response = await post_report(client, salon.secret_key, body)
    error = await assert_error(response, 400, "invalid_request")
    assert any(d["field"] == field or d["field"].startswith(field + ".") or field.startswith(d["field"])
               for d in error["error"]["details"]), error
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_every_problem_is_listed(client, runtime):
    salon = await new_salon(runtime)
    body = {"category": "x", "subject": {"email": 5, "phone": {"$gt": ""}}, "extra": 1}
    error = await assert_error(await post_report(client, salon.secret_key, body), 400, "invalid_request")
    fields = {d["field"] for d in error["error"]["details"]}
    assert {"category", "subject.email", "subject.phone", "extra"} <= fields


async def test_malformed_json_and_wrong_types_of_body(client, runtime):
    salon = await new_salon(runtime)
    for raw in [b"{not json", b"", b"[]", b"null", b"\xff\xfe", b'{"category": NaN}']:
        response = await client.post("/v1/reports", data=raw, headers=bearer(salon.secret_key))
        await assert_error(response, 400, "invalid_request")


async def test_oversized_body_is_413(client, runtime):
    salon = await new_salon(runtime)
    body = {"category": "no_show", "subject": {"name": "A"}, "evidence": {"notes": "x" * 70_000}}
    await assert_error(await post_report(client, salon.secret_key, body), 413, "payload_too_large")
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_only_secret_keys_may_report(client, runtime):
    salon = await new_salon(runtime)
    await assert_error(await post_report(client, salon.publishable_key), 403, "forbidden")
    moderator = await new_moderator(runtime)
    await assert_error(await post_report(client, moderator), 403, "forbidden")
    await assert_error(await client.post("/v1/reports", json=REPORT), 401, "unauthorized")
    await assert_error(await client.get("/v1/reports", headers=bearer(salon.publishable_key)), 403, "forbidden")


async def test_another_salons_report_is_404(client, runtime):
    anna = await new_salon(runtime, "Studio Anna")
    other = await new_salon(runtime, "Salon Other")
    created = await filed(client, anna.secret_key)
    await assert_error(await client.get(f"/v1/reports/{created['id']}", headers=bearer(other.secret_key)),
                       404, "not_found")
    await assert_error(await client.post(f"/v1/reports/{created['id']}/withdraw", headers=bearer(other.secret_key)),
                       404, "not_found")
    listed = await (await client.get("/v1/reports", headers=bearer(other.secret_key))).json()
    assert listed["items"] == []
    await assert_error(await client.get("/v1/reports/not-an-id", headers=bearer(anna.secret_key)), 404, "not_found")


async def test_idempotent_retry_returns_the_first_answer_and_creates_nothing(client, runtime):
    salon = await new_salon(runtime)
    first = await post_report(client, salon.secret_key, **{"Idempotency-Key": "k-1"})
    second = await post_report(client, salon.secret_key, **{"Idempotency-Key": "k-1"})
    assert first.status == second.status == 201
    assert await first.json() == await second.json()
    assert await runtime.collections.reports.count_documents({}) == 1


async def test_idempotency_key_with_another_body_is_422(client, runtime):
    salon = await new_salon(runtime)
    await post_report(client, salon.secret_key, **{"Idempotency-Key": "k-2"})
    changed = {**REPORT, "category": "no_show"}
    await assert_error(await post_report(client, salon.secret_key, changed, **{"Idempotency-Key": "k-2"}),
                       422, "idempotency_key_reused")
    assert await runtime.collections.reports.count_documents({}) == 1


async def test_idempotency_keys_are_per_salon(client, runtime):
    a = await new_salon(runtime, "A")
    b = await new_salon(runtime, "B")
    ra = await filed(client, a.secret_key, **{"Idempotency-Key": "same"})
    rb = await filed(client, b.secret_key, **{"Idempotency-Key": "same"})
    assert ra["id"] != rb["id"]


async def test_concurrent_identical_requests_create_one_report(client, runtime):
    salon = await new_salon(runtime)
    responses = await asyncio.gather(*[post_report(client, salon.secret_key, **{"Idempotency-Key": "race"})
                                       for _ in range(8)])
    statuses = sorted(r.status for r in responses)
    assert set(statuses) <= {201, 409}
    assert 201 in statuses
    ids = {(await r.json())["id"] for r in responses if r.status == 201}
    assert len(ids) == 1
    assert await runtime.collections.reports.count_documents({}) == 1
    for r in responses:
        if r.status == 409:
            await assert_error(r, 409, "conflict")


async def test_in_flight_retry_is_409(client, runtime):
    from blocklist.schemas import ReportIn
    from blocklist.services.reports import canonical_body
    salon = await new_salon(runtime)
    same_body = canonical_body(ReportIn.model_validate_json(json.dumps(REPORT)).model_dump(mode="json",
                                                                                         exclude_none=True))
    await runtime.idempotency.claim(salon.salon.id, "busy", same_body)  # the first request, still running
    await assert_error(await post_report(client, salon.secret_key, **{"Idempotency-Key": "busy"}), 409, "conflict")
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_a_retry_after_its_first_request_died_mid_way_creates_the_report_once(client, runtime, clock):
    """The process that claimed the key died before answering: after a minute the salon's retry takes the
    claim over (it used to get 409 for the key's whole day), and a further retry is answered from it."""
    from blocklist.schemas import ReportIn
    from blocklist.services.reports import canonical_body
    salon = await new_salon(runtime)
    same_body = canonical_body(ReportIn.model_validate_json(json.dumps(REPORT)).model_dump(mode="json",
                                                                                         exclude_none=True))
    await runtime.idempotency.claim(salon.salon.id, "died", same_body)  # claimed, then the process was killed
    await assert_error(await post_report(client, salon.secret_key, **{"Idempotency-Key": "died"}), 409, "conflict")
    clock.advance(seconds=61)
    retried = await post_report(client, salon.secret_key, **{"Idempotency-Key": "died"})
    assert retried.status == 201
    again = await post_report(client, salon.secret_key, **{"Idempotency-Key": "died"})
    assert again.status == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert (await again.json())["id"] == (await retried.json())["id"]
    assert await runtime.collections.reports.count_documents({}) == 1


async def test_listing_is_newest_first_and_stable_while_reports_arrive(client, runtime, clock):
    salon = await new_salon(runtime)
    ids = []
    for i in range(7):
        clock.advance(seconds=1)
        body = {"category": "no_show", "subject": {"name": f"Person {i}"}}
        ids.append((await filed(client, salon.secret_key, body))["id"])
    page1 = await (await client.get("/v1/reports?limit=3", headers=bearer(salon.secret_key))).json()
    assert [r["id"] for r in page1["items"]] == ids[::-1][:3]
    clock.advance(seconds=1)
    await post_report(client, salon.secret_key, {"category": "no_show", "subject": {"name": "Late arrival"}})
    seen = [r["id"] for r in page1["items"]]
    cursor = page1["next_cursor"]
    while cursor:
        page = await (await client.get(f"/v1/reports?limit=3&cursor={cursor}",
                                       headers=bearer(salon.secret_key))).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
    assert seen == ids[::-1]  # no duplicates, nothing skipped, the newcomer not mixed in


async def test_listing_rejects_bad_parameters(client, runtime):
    salon = await new_salon(runtime)
    for query in ["limit=0", "limit=1000", "limit=abc", "cursor=garbage!!", "cursor=eyJ4IjoxfQ", "unknown=1"]:
        await assert_error(await client.get(f"/v1/reports?{query}", headers=bearer(salon.secret_key)),
                           400, "invalid_request")


async def test_withdraw_moves_a_pending_report_and_is_idempotent(client, runtime):
    salon = await new_salon(runtime)
    created = await filed(client, salon.secret_key)
    url = f"/v1/reports/{created['id']}/withdraw"
    first = await client.post(url, headers=bearer(salon.secret_key))
    assert first.status == 200 and (await first.json())["status"] == "withdrawn"
    again = await client.post(url, headers=bearer(salon.secret_key))
    assert again.status == 200 and (await again.json())["status"] == "withdrawn"
    case = await runtime.stores.cases.get(created["case_id"])
    assert case.salon_count == 0
    assert case.reports[0].status == "withdrawn"


async def test_same_person_typed_differently_at_two_salons_joins_one_case(client, runtime):
    anna = await new_salon(runtime, "Studio Anna", "PL")
    femke = await new_salon(runtime, "Salon Femke", "NL")
    r1 = await filed(client, anna.secret_key, {
        "category": "fake_booking", "subject": {"name": "Anna Nowak", "phone": "601 234 567"}})
    r2 = await filed(client, femke.secret_key, {
        "category": "no_show", "subject": {"name": "Ania Nowak", "phone": "0048 601-234-567",
                                           "email": "A.Nowak+booking@googlemail.com"}})
    assert r1["case_id"] == r2["case_id"]
    case = await runtime.stores.cases.get(r1["case_id"])
    assert case.salon_count == 2
    assert case.worst_category == "fake_booking"
    assert {i.value for i in case.identifiers} == {"+48601234567", "anowak@gmail.com"}
    # a third report with only the email joins the same case
    r3 = await filed(client, anna.secret_key, {
        "category": "no_show", "subject": {"email": "anowak@gmail.com"}})
    assert r3["case_id"] == r1["case_id"]


async def test_a_report_bridging_two_cases_merges_them_keeping_every_report(client, runtime):
    a = await new_salon(runtime, "A")
    b = await new_salon(runtime, "B")
    by_phone = await filed(client, a.secret_key, {
        "category": "no_show", "subject": {"phone": "+48 601 234 567"}})
    by_email = await filed(client, b.secret_key, {
        "category": "no_show", "subject": {"email": "ola.kot@wp.pl"}})
    assert by_phone["case_id"] != by_email["case_id"]
    bridge = await filed(client, b.secret_key, {
        "category": "fake_booking", "subject": {"phone": "601234567", "email": "ola.kot@wp.pl"}})
    merged = await runtime.stores.cases.get(bridge["case_id"])
    assert merged.status == "open"
    assert {r.id for r in merged.reports} == {by_phone["id"], by_email["id"], bridge["id"]}
    other_id = ({by_phone["case_id"], by_email["case_id"]} - {bridge["case_id"]}).pop()
    other = await runtime.stores.cases.get(other_id)
    assert other.status == "merged" and other.merged_into == bridge["case_id"]
    for report_id in (by_phone["id"], by_email["id"]):
        report = await runtime.linker.reports.get(report_id)
        assert report.case_id == bridge["case_id"]


async def test_similar_names_are_recorded_as_similar_cases_not_merged(client, runtime):
    a = await new_salon(runtime, "A")
    b = await new_salon(runtime, "B")
    first = await filed(client, a.secret_key, {
        "category": "no_show", "subject": {"name": "Yulia Kovalchuk", "email": "yulia.kovalchuk@gmail.com"}})
    second = await filed(client, b.secret_key, {
        "category": "no_show", "subject": {"name": "Юлия Ковальчук", "email": "yulia.kovalchuk@outlook.com"}})
    assert first["case_id"] != second["case_id"]
    case = await runtime.stores.cases.get(second["case_id"])
    assert case.similar and case.similar[0]["case_id"] == first["case_id"]
    reasons = {(r["field"], r["how"]) for r in case.similar[0]["reasons"]}
    assert ("email", "same_local_part") in reasons


async def test_queue_priority_prefers_more_salons_then_fake_bookings(client, runtime):
    a, b = await new_salon(runtime, "A"), await new_salon(runtime, "B")
    lone_no_show = await filed(client, a.secret_key, {
        "category": "no_show", "subject": {"phone": "+48601000001"}})
    lone_fake = await filed(client, a.secret_key, {
        "category": "fake_booking", "subject": {"phone": "+48601000002"}})
    await post_report(client, a.secret_key, {"category": "no_show", "subject": {"phone": "+48601000003"}})
    two_salons = await filed(client, b.secret_key, {
        "category": "no_show", "subject": {"phone": "+48601000003"}})
    cases = {c["_id"]: c["priority"] for c in await runtime.collections.cases.find().to_list()}
    assert cases[two_salons["case_id"]] > cases[lone_fake["case_id"]] > cases[lone_no_show["case_id"]]


async def test_reports_are_audited(client, runtime):
    salon = await new_salon(runtime)
    created = await filed(client, salon.secret_key)
    await client.post(f"/v1/reports/{created['id']}/withdraw", headers=bearer(salon.secret_key))
    actions = [r["action"] for r in await runtime.audit.list(50)]
    assert "report.submitted" in actions and "report.withdrawn" in actions
    assert (await runtime.audit.verify())[1] is None


async def test_report_rate_limit_is_429_with_retry_after(client, runtime):
    import dataclasses
    runtime.limits["reports"] = dataclasses.replace(runtime.limits["reports"], requests=3)
    salon = await new_salon(runtime)
    body = {"category": "no_show", "subject": {"name": "Anna Nowak"}}
    for _ in range(3):
        assert (await post_report(client, salon.secret_key, body)).status == 201
    response = await post_report(client, salon.secret_key, body)
    await assert_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) >= 1


async def test_report_rate_limit_is_shared_between_processes(runtime, settings, clock):
    """Two processes (two runtimes) share one limit through MongoDB."""
    import dataclasses

    from blocklist.errors import RateLimited
    from blocklist.metrics import Metrics
    from blocklist.runtime import Runtime
    other = Runtime(settings, clock, Metrics())
    await other.start()
    try:
        limit = dataclasses.replace(runtime.limits["reports"], requests=4)
        for _ in range(3):
            runtime.rate_limiter.hit(limit, "key-x")
        await runtime.rate_limiter.flush()
        other.rate_limiter.hit(limit, "key-x")  # the 4th, counted in the other process
        await other.rate_limiter.flush()  # which learns the shared total: 4
        with pytest.raises(RateLimited):
            other.rate_limiter.hit(limit, "key-x")
        clock.advance(seconds=61)  # a new window
        other.rate_limiter.hit(limit, "key-x")
    finally:
        await other.close()


async def test_a_batch_does_not_overwrite_a_case_changed_meanwhile(client, runtime):
    from dataclasses import replace

    from blocklist.storage.cases import CaseStore
    salon = await new_salon(runtime)
    first = await filed(client, salon.secret_key, {**REPORT, "subject": {"phone": "+48601234567"}})
    second = await filed(client, salon.secret_key, {**REPORT, "subject": {"phone": "+48601000999"}})
    store = CaseStore(runtime.collections)
    a, b = await store.get(first["case_id"]), await store.get(second["case_id"])
    # someone else writes case b first (a moderator's decision, another process's batch)
    assert await store.replace_if_version(replace(b, version=b.version + 1, claimed_by="theirs"), b.version)
    conflicts = await store.replace_many_if_version([(replace(a, version=a.version + 1), a.version),
                                                     (replace(b, version=b.version + 1, claimed_by="ours"), b.version)])
    assert conflicts == {b.id}
    assert (await store.get(b.id)).claimed_by == "theirs"
    assert (await store.get(a.id)).version == a.version + 1


# ---------------------------------------------------------------- one incident, one report (SECURITY F4)

def same_incident(phone: str, starts_at: str = f"{DAY}T10:00:00+01:00", **booking) -> dict:
    return {"category": "no_show", "subject": {"name": "Anna Nowak", "phone": phone},
            "booking": {"starts_at": starts_at, **booking}}


async def test_a_salon_reporting_one_incident_twice_gets_the_first_report(client, runtime):
    salon = await new_salon(runtime, "Studio Anna", "PL")
    first = await post_report(client, salon.secret_key, same_incident("+48 601 234 567"))
    assert first.status == 201
    # the same customer and booking day, the number typed another way and a later hour
    again = await post_report(client, salon.secret_key, same_incident("601234567", f"{DAY}T18:30:00+01:00"))
    assert again.status == 200, await again.text()
    assert await again.json() == await first.json()
    assert await runtime.collections.reports.count_documents({}) == 1
    case = await runtime.collections.cases.find_one({})
    assert len(case["reports"]) == 1

    # another day, or another salon, is another incident
    other_day = await post_report(client, salon.secret_key, same_incident("601234567", f"{DAY + timedelta(days=1)}T10:00:00+01:00"))
    other_salon = await post_report(client, (await new_salon(runtime, "Salon Bella", "PL")).secret_key,
                                    same_incident("601234567"))
    assert other_day.status == 201 and other_salon.status == 201
    # without a booking time there is no telling incidents apart: both are kept
    body = {"category": "abusive", "subject": {"phone": "+48 601 234 567"}}
    assert [(await post_report(client, salon.secret_key, body)).status for _ in range(2)] == [201, 201]


async def test_concurrent_reports_of_one_incident_store_one(client, runtime):
    salon = await new_salon(runtime, "Studio Anna", "PL")
    bodies = [same_incident("+48 601 234 567"), same_incident("0048601234567"), same_incident("601-234-567")]
    responses = await asyncio.gather(*(post_report(client, salon.secret_key, body) for body in bodies))
    assert sorted(r.status for r in responses) == [200, 200, 201]
    assert len({(await r.json())["id"] for r in responses}) == 1
    assert await runtime.collections.reports.count_documents({}) == 1
    assert await runtime.collections.incidents.count_documents({}) == 1


async def test_an_incident_can_be_reported_again_once_withdrawn_or_erased(client, runtime):
    salon = await new_salon(runtime, "Studio Anna", "PL")
    first = await filed(client, salon.secret_key, same_incident("+48601234567"))
    withdrawn = await client.post(f"/v1/reports/{first['id']}/withdraw", headers=bearer(salon.secret_key))
    assert withdrawn.status == 200
    second = await post_report(client, salon.secret_key, same_incident("+48601234567"))
    assert second.status == 201 and (await second.json())["id"] != first["id"]
    assert await runtime.collections.incidents.count_documents({}) == 1

    admin = await new_moderator(runtime, role="admin")
    erased = await client.post("/v1/admin/subject-requests/erase", headers=bearer(admin),
                               json={"phone": "+48601234567", "note": "DSR-7: erasure"})
    assert erased.status == 200, await erased.text()
    assert await runtime.collections.incidents.count_documents({}) == 0  # its keyed hashes go too
    assert (await post_report(client, salon.secret_key, same_incident("+48601234567"))).status == 201


async def test_a_claim_left_by_a_report_never_stored_goes_stale(client, runtime, clock):
    salon = await new_salon(runtime, "Studio Anna", "PL")
    first = await filed(client, salon.secret_key, same_incident("+48601234567"))
    # as if the process had died between claiming the incident and storing its report
    await runtime.collections.reports.delete_one({"_id": first["id"]})
    in_flight = await post_report(client, salon.secret_key, same_incident("+48601234567"))
    await assert_error(in_flight, 409, "conflict")  # it may still be on its way in another process
    clock.advance(minutes=2)
    taken_over = await post_report(client, salon.secret_key, same_incident("+48601234567"))
    assert taken_over.status == 201
    assert await runtime.collections.reports.count_documents({}) == 1


async def test_a_duplicate_teaches_the_incident_its_other_identifiers(client, runtime):
    """Reported first by email, then by email and phone: the phone on that day is the same incident."""
    salon = await new_salon(runtime, "Studio Anna", "PL")
    by_email = {"category": "no_show", "subject": {"email": "anna.nowak@gmail.com"},
                "booking": {"starts_at": f"{DAY}T10:00:00+01:00"}}
    first = await filed(client, salon.secret_key, by_email)
    both = {**by_email, "subject": {"email": "Anna.Nowak@gmail.com", "phone": "+48 601 234 567"}}
    by_phone = {**by_email, "subject": {"phone": "601 234 567"}}
    # the two in one batch: the second's incident is claimed by the first, itself a duplicate
    linker = runtime.linker
    async with linker._lock:  # the batch worker waits here with a report of another incident
        filler = asyncio.ensure_future(post_report(client, salon.secret_key, same_incident("+48 500 100 200")))
        while linker._batcher._queue.qsize() or not linker._lock.locked():
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        pending = [asyncio.ensure_future(post_report(client, salon.secret_key, body)) for body in (both, by_phone)]
        for _ in range(500):
            if linker._batcher._queue.qsize() == 2:
                break
            await asyncio.sleep(0.01)
        assert linker._batcher._queue.qsize() == 2
    assert (await filler).status == 201
    responses = await asyncio.gather(*pending)
    assert [r.status for r in responses] == [200, 200]
    assert [(await r.json())["id"] for r in responses] == [first["id"]] * 2
    assert await runtime.collections.reports.count_documents({}) == 2  # hers and the filler
    filler_id = (await (await filler).json())["id"]
    claims = await runtime.collections.incidents.find({"report_id": {"$ne": filler_id}}).to_list()
    assert len(claims) == 2 and {c["report_id"] for c in claims} == {first["id"]}


async def test_a_report_of_an_old_incident_is_refused(client, runtime, clock):
    """SECURITY P4: reports are for recent incidents (60 days by default), by the booking's time."""
    salon = await new_salon(runtime)
    old = {"category": "no_show", "subject": {"phone": "+48601234567"},
           "booking": {"starts_at": (clock() - timedelta(days=61)).isoformat()}}
    response = await post_report(client, salon.secret_key, old)
    await assert_error(response, 400, "invalid_request")
    assert (await response.json())["error"]["details"] == [
        {"field": "booking.starts_at", "problem": "more than 60 days ago: reports are for recent incidents"}]
    assert await runtime.collections.reports.count_documents({}) == 0
    recent = {**old, "booking": {"starts_at": (clock() - timedelta(days=59)).isoformat()}}
    assert (await post_report(client, salon.secret_key, recent)).status == 201
    # a fake booking is often reported before its day; a no-show cannot be
    ahead = {**old, "category": "fake_booking", "booking": {"starts_at": (clock() + timedelta(days=5)).isoformat()}}
    assert (await post_report(client, salon.secret_key, ahead)).status == 201
    no_show_ahead = {**ahead, "category": "no_show"}
    await assert_error(await post_report(client, salon.secret_key, no_show_ahead), 400, "invalid_request")


# ------------------------------------------------------------------ what became of a report

async def test_a_salon_follows_its_reports_to_their_outcome_and_learns_nothing_of_other_salons(client, runtime, clock):
    studio, kuafor = await new_salon(runtime, "Studio Róża", "PL"), await new_salon(runtime, "Kuaför Elif", "TR")
    mod = await new_moderator(runtime)

    async def report(salon, subject, category="fake_booking") -> dict:
        response = await client.post("/v1/reports", headers=bearer(salon.secret_key),
                                     json={"category": category, "subject": subject})
        assert response.status == 201, await response.text()
        return await with_case(client, await response.json())

    async def seen_by(salon, report_id) -> dict:
        response = await client.get(f"/v1/reports/{report_id}", headers=bearer(salon.secret_key))
        assert response.status == 200, await response.text()
        return await response.json()

    ours = await report(studio, {"name": "Ayşe Yılmaz", "email": "ayse.yilmaz@gmail.com", "phone": "+90 532 123 45 67"})
    theirs = await report(kuafor, {"name": "Ayşe Yılmaz", "phone": "0532 123 45 67"})
    assert ours["case_id"] == theirs["case_id"]
    assert (await seen_by(studio, ours["id"]))["outcome"] is None  # nobody decided yet
    until = clock() + timedelta(days=90)
    # a dismissal needs its reason, and only a dismissal takes one
    await assert_error(await client.post(f"/v1/mod/cases/{ours['case_id']}/decision", headers=bearer(mod), json={
        "action": "dismiss", "note": "x"}), 400, "invalid_request")
    await assert_error(await client.post(f"/v1/mod/cases/{ours['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "reason": "duplicate", "note": "x", "identifiers": [
            {"kind": "phone", "value": "+905321234567"}]}), 400, "invalid_request")
    decided = await client.post(f"/v1/mod/cases/{ours['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "note": "fake bookings at two salons", "expires_at": until.isoformat(), "identifiers": [
            {"kind": "phone", "value": "+905321234567"}, {"kind": "email", "value": "ayseyilmaz@gmail.com"}]})
    assert decided.status == 200, await decided.text()

    outcome = (await seen_by(studio, ours["id"]))["outcome"]
    assert outcome["decision"] == "blocked" and outcome["listed"] == ["email", "phone"]
    assert outcome["scope"] == "global" and outcome["until"].startswith(until.date().isoformat())
    assert outcome["reason"] is None and "lifted_at" not in outcome
    # the other salon typed only the phone: it is not told that an email is listed too
    assert (await seen_by(kuafor, theirs["id"]))["outcome"]["listed"] == ["phone"]
    await assert_error(await client.get(f"/v1/reports/{ours['id']}", headers=bearer(kuafor.secret_key)), 404,
                       "not_found")

    other = await report(studio, {"name": "Jan Kowalski", "phone": "512 000 111"}, "no_show")
    dismissed = await client.post(f"/v1/mod/cases/{other['case_id']}/decision", headers=bearer(mod), json={
        "action": "dismiss", "reason": "insufficient_evidence", "note": "one late arrival"})
    assert dismissed.status == 200, await dismissed.text()
    outcome = (await seen_by(studio, other["id"]))["outcome"]
    assert (outcome["decision"], outcome["listed"], outcome["reason"]) == ("dismissed", [], "insufficient_evidence")

    confirmed = await (await client.get("/v1/reports?status=confirmed", headers=bearer(studio.secret_key))).json()
    assert [r["id"] for r in confirmed["items"]] == [ours["id"]]
    await assert_error(await client.get("/v1/reports?status=decided", headers=bearer(studio.secret_key)), 400,
                       "invalid_request")

    # the listing ends early: the outcome says when
    entries = (await (await client.get(f"/v1/mod/cases/{ours['case_id']}", headers=bearer(mod))).json())["entries"]
    for entry in entries:
        await client.post(f"/v1/mod/blocklist/{entry['id']}/lift", headers=bearer(mod), json={"note": "appeal"})
    assert "lifted_at" in (await seen_by(studio, ours["id"]))["outcome"]
