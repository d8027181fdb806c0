import asyncio
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from tests.helpers import assert_error, bearer, new_moderator, new_salon, with_case


async def report(client, key, subject, category="fake_booking"):
    response = await client.post("/v1/reports", json={"category": category, "subject": subject}, headers=bearer(key))
    assert response.status == 201, await response.text()
    return await with_case(client, await response.json())


async def two_salon_case(client, runtime):
    anna = await new_salon(runtime, "Studio Anna", "PL")
    femke = await new_salon(runtime, "Salon Femke", "NL")
    r1 = await report(client, anna.secret_key, {"name": "Anna Nowak", "phone": "601 234 567",
                                                "email": "anna.nowak@gmail.com"})
    r2 = await report(client, femke.secret_key, {"name": "Ania Nowak", "phone": "0048 601-234-567",
                                                 "email": "family.nowak@gmail.com"}, "no_show")
    assert r1["case_id"] == r2["case_id"]
    return anna, femke, r1["case_id"]


async def test_queue_and_case_view(client, runtime):
    anna, femke, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    queue = await (await client.get("/v1/mod/cases", headers=bearer(mod))).json()
    assert queue["items"][0]["id"] == case_id
    assert queue["items"][0]["salon_count"] == 2
    view = await (await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(mod))).json()
    assert len(view["reports"]) == 2
    assert {r["salon_name"] for r in view["reports"]} == {"Studio Anna", "Salon Femke"}
    assert view["reports"][0]["subject"]["phone"] in ("601 234 567", "0048 601-234-567")
    assert {s["name"] for s in view["salons"]} == {"Studio Anna", "Salon Femke"}
    assert all("trust" in s for s in view["salons"])
    assert view["history"]
    await assert_error(await client.get("/v1/mod/cases/case_missing", headers=bearer(mod)), 404, "not_found")


async def test_role_checks(client, runtime):
    salon = await new_salon(runtime)
    mod = await new_moderator(runtime, "mila", "moderator")
    admin = await new_moderator(runtime, "ada", "admin")
    for key in (salon.secret_key, salon.publishable_key):
        await assert_error(await client.get("/v1/mod/cases", headers=bearer(key)), 403, "forbidden")
    await assert_error(await client.get("/v1/mod/cases"), 401, "unauthorized")
    assert (await client.get("/v1/mod/cases", headers=bearer(admin))).status == 200
    body = {"name": "Salon X", "country": "TR", "origins": []}
    await assert_error(await client.post("/v1/admin/salons", json=body, headers=bearer(mod)), 403, "forbidden")
    await assert_error(await client.post("/v1/admin/salons", json=body, headers=bearer(salon.secret_key)),
                       403, "forbidden")
    created = await client.post("/v1/admin/salons", json=body, headers=bearer(admin))
    assert created.status == 201
    assert set(await created.json()) == {"salon_id", "secret_key", "publishable_key"}


async def test_block_decision_creates_entries_and_confirms_reports(client, runtime, clock):
    anna, femke, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    expires = (clock() + timedelta(days=30)).isoformat()
    response = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48 601 234 567"}], "scope": "global",
        "expires_at": expires, "note": "two salons, fake bookings"})
    assert response.status == 200, await response.text()
    view = await response.json()
    assert view["status"] == "resolved"
    assert [e["value"] for e in view["entries"]] == ["+48601234567"]  # the family email was not chosen
    assert view["entries"][0]["active"] and view["entries"][0]["scope"] == "global"
    assert {r["status"] for r in view["reports"]} == {"confirmed"}
    salons = {s["name"]: s for s in view["salons"]}
    assert salons["Studio Anna"]["confirmed_reports"] == 1
    own = await (await client.get("/v1/reports", headers=bearer(anna.secret_key))).json()
    assert own["items"][0]["status"] == "confirmed"


@pytest.mark.parametrize("body, field", [
    ({"action": "block", "identifiers": [], "note": "x"}, "identifiers"),
    ({"action": "block", "identifiers": [{"kind": "phone", "value": "+48 999 999 999"}], "note": "x"},
     "identifiers.0.value"),
    ({"action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "x",
      "scope": "salon:nope"}, "scope"),
    ({"action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "x",
      "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
    ({"action": "dismiss", "reason": "duplicate", "identifiers": [{"kind": "phone", "value": "+48601234567"}],
      "note": "x"}, "identifiers"),
    ({"action": "dismiss", "note": "x"}, "body"),
    ({"action": "dismiss", "reason": "the salon is annoying", "note": "x"}, "reason"),
    ({"action": "ban", "note": "x"}, "action"),
    ({"action": "dismiss", "note": ""}, "note"),
    ({"action": "dismiss", "note": "x", "status": "resolved"}, "status"),
])
async def test_invalid_decisions_change_nothing(client, runtime, body, field):
    _, _, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    error = await assert_error(await client.post(f"/v1/mod/cases/{case_id}/decision", json=body,
                                                 headers=bearer(mod)), 400, "invalid_request")
    assert any(d["field"].startswith(field) for d in error["error"]["details"]), error
    case = await runtime.stores.cases.get(case_id)
    assert case.status == "open"
    assert await runtime.collections.entries.count_documents({}) == 0


async def test_concurrent_decisions_one_wins_the_other_gets_409(client, runtime):
    _, _, case_id = await two_salon_case(client, runtime)
    mod1 = await new_moderator(runtime, "mila")
    mod2 = await new_moderator(runtime, "olek")
    version = (await (await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(mod1))).json())["version"]
    block = {"action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "fake",
             "version": version}
    dismiss = {"action": "dismiss", "reason": "insufficient_evidence", "note": "not convinced", "version": version}
    r1, r2 = await asyncio.gather(
        client.post(f"/v1/mod/cases/{case_id}/decision", json=block, headers=bearer(mod1)),
        client.post(f"/v1/mod/cases/{case_id}/decision", json=dismiss, headers=bearer(mod2)))
    assert sorted([r1.status, r2.status]) == [200, 409]
    loser = r1 if r1.status == 409 else r2
    await assert_error(loser, 409, "conflict")


async def test_a_stale_version_is_refused(client, runtime):
    anna, _, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    version = (await (await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(mod))).json())["version"]
    await report(client, anna.secret_key, {"phone": "+48601234567"}, "no_show")  # a new report arrives
    response = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod),
                                 json={"action": "dismiss", "reason": "insufficient_evidence", "note": "x", "version": version})
    await assert_error(response, 409, "conflict")


async def test_dismissed_fake_bookings_lower_the_salons_trust_and_queue_priority(client, runtime):
    salon = await new_salon(runtime, "Trigger Happy")
    mod = await new_moderator(runtime)
    for i in range(3):
        created = await report(client, salon.secret_key, {"phone": f"+4860100{i:04d}"})
        await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod),
                          json={"action": "dismiss", "reason": "insufficient_evidence", "note": "customer showed up"})
    fresh = await report(client, salon.secret_key, {"phone": "+48601009999"})
    careful = await new_salon(runtime, "Careful")
    other = await report(client, careful.secret_key, {"phone": "+48601008888"})
    cases = {c["_id"]: c for c in await runtime.collections.cases.find({"status": "open"}).to_list()}
    assert cases[other["case_id"]]["priority"] > cases[fresh["case_id"]]["priority"]
    stored = await runtime.accounts.store.get_salon(salon.salon.id)
    assert stored.dismissed_reports == 3 and stored.trust < 0.5


async def test_a_case_shows_each_salons_trust_as_it_stands_after_every_decision(client, runtime):
    """The salons a case shows are kept a short while (every case page asks for them); a decision that counts a
    salon's reports shows in its trust at once."""
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    mod = await new_moderator(runtime)
    waiting = await report(client, salon.secret_key, {"name": "Elif Şahin", "phone": "0532 123 45 67"})

    async def trust() -> float:
        view = await (await client.get(f"/v1/mod/cases/{waiting['case_id']}", headers=bearer(mod))).json()
        return view["salons"][0]["trust"]
    assert await trust() == 0.5
    for dismissed in (1, 2):
        created = await report(client, salon.secret_key,
                               {"name": "Ayşe Yılmaz", "phone": f"+90 532 000 00 0{dismissed}"})
        decided = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
            "action": "dismiss", "reason": "insufficient_evidence", "note": "customer showed up"})
        assert decided.status == 200, await decided.text()
        assert await trust() == round(1 / (dismissed + 2), 3)


async def test_merge_and_split_keep_every_report(client, runtime):
    salon = await new_salon(runtime)
    mod = await new_moderator(runtime)
    a = await report(client, salon.secret_key, {"name": "Jan Kowalski", "phone": "+48601000001"})
    b = await report(client, salon.secret_key, {"name": "Jan Kowalski", "email": "jan.k@wp.pl"})
    merged = await client.post(f"/v1/mod/cases/{a['case_id']}/merge", json={"other_case_id": b["case_id"]},
                               headers=bearer(mod))
    assert merged.status == 200, await merged.text()
    merged_view = await merged.json()
    assert {r["id"] for r in merged_view["reports"]} == {a["id"], b["id"]}
    # a new report with the email now joins the merged case
    c = await report(client, salon.secret_key, {"email": "jan.k@wp.pl"}, "no_show")
    assert c["case_id"] == merged_view["id"]
    split = await client.post(f"/v1/mod/cases/{merged_view['id']}/split", json={"report_ids": [b["id"], c["id"]]},
                              headers=bearer(mod))
    assert split.status == 200, await split.text()
    result = await split.json()
    assert {r["id"] for r in result["case"]["reports"]} == {a["id"]}
    assert {r["id"] for r in result["new_case"]["reports"]} == {b["id"], c["id"]}
    d = await report(client, salon.secret_key, {"email": "jan.k@wp.pl"}, "no_show")
    assert d["case_id"] == result["new_case"]["id"]  # the email moved with its reports
    remaining = result["case"]["id"]
    await assert_error(await client.post(f"/v1/mod/cases/{remaining}/split", json={"report_ids": [a["id"]]},
                                         headers=bearer(mod)), 400, "invalid_request")  # would empty the case
    await assert_error(await client.post(f"/v1/mod/cases/{remaining}/merge",
                                         json={"other_case_id": remaining}, headers=bearer(mod)),
                       400, "invalid_request")


async def test_lift_and_expiry_and_search(client, runtime, clock):
    _, _, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    view = await (await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"},
                                           {"kind": "email", "value": "anna.nowak@gmail.com"}],
        "expires_at": (clock() + timedelta(days=7)).isoformat(), "note": "fake"})).json()
    found = await (await client.get("/v1/mod/blocklist?q=0048601234567&active=true", headers=bearer(mod))).json()
    assert [e["value"] for e in found["items"]] == ["+48601234567"]
    by_name = await (await client.get("/v1/mod/blocklist?q=Anna%20Nowak", headers=bearer(mod))).json()
    assert len(by_name["items"]) == 2
    emails = await (await client.get("/v1/mod/blocklist?kind=email", headers=bearer(mod))).json()
    assert [e["kind"] for e in emails["items"]] == ["email"]
    entry_id = found["items"][0]["id"]
    lifted = await client.post(f"/v1/mod/blocklist/{entry_id}/lift", json={"note": "paid the deposit"},
                               headers=bearer(mod))
    assert (await lifted.json())["status"] == "lifted"
    active = await (await client.get("/v1/mod/blocklist?active=true", headers=bearer(mod))).json()
    assert [e["kind"] for e in active["items"]] == ["email"]
    clock.advance(days=7, seconds=1)
    active = await (await client.get("/v1/mod/blocklist?active=true", headers=bearer(mod))).json()
    assert active["items"] == []
    assert view["entries"]
    await assert_error(await client.post(f"/v1/mod/blocklist/{entry_id}/lift", json={"note": ""},
                                         headers=bearer(mod)), 400, "invalid_request")


async def test_appeals_link_entries_and_resolve(client, runtime):
    _, _, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "fake"})
    await assert_error(await client.post("/v1/appeals", json={"name": "Anna Nowak", "message": "not me"}),
                       400, "invalid_request")
    filed = await client.post("/v1/appeals", json={"name": "Anna Nowak", "phone": "+48 601-234-567",
                                                   "message": "I was in hospital that day"})
    assert filed.status == 202
    appeal_id = (await filed.json())["id"]
    appeals = await (await client.get("/v1/mod/appeals?status=open", headers=bearer(mod))).json()
    assert [(a["id"], a["verified"]) for a in appeals["items"]] == [(appeal_id, False)]
    detail = await (await client.get(f"/v1/mod/appeals/{appeal_id}", headers=bearer(mod))).json()
    assert [e["value"] for e in detail["entries"]] == ["+48601234567"]
    resolved = await (await client.post(f"/v1/mod/appeals/{appeal_id}/resolve", headers=bearer(mod),
                                        json={"outcome": "lifted", "note": "hospital letter checked"})).json()
    assert resolved["status"] == "lifted"
    assert [e["status"] for e in resolved["entries"]] == ["lifted"]
    again = await client.post(f"/v1/mod/appeals/{appeal_id}/resolve", headers=bearer(mod),
                              json={"outcome": "upheld", "note": "x"})
    await assert_error(again, 409, "conflict")


async def test_appeals_are_rate_limited_per_address(client, runtime):
    import dataclasses
    runtime.limits["appeals"] = dataclasses.replace(runtime.limits["appeals"], requests=2)
    body = {"name": "X", "email": "x@example.org", "message": "hi"}
    assert (await client.post("/v1/appeals", json=body)).status == 202
    assert (await client.post("/v1/appeals", json=body)).status == 202
    await assert_error(await client.post("/v1/appeals", json=body), 429, "rate_limited")


async def test_audit_chain_detects_tampering(client, runtime, settings):
    _, _, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)
    await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod),
                      json={"action": "dismiss", "reason": "insufficient_evidence", "note": "unclear"})
    records = await (await client.get("/v1/mod/audit?limit=100", headers=bearer(mod))).json()
    assert records["items"][0]["seq"] > records["items"][-1]["seq"]
    assert (await runtime.audit.verify())[1] is None
    env = {"MONGODB_URI": settings.mongodb_uri, "BLOCKLIST_DB": settings.db_name,
           "BLOCKLIST_PEPPER": settings.pepper, "BLOCKLIST_DATA_KEY": settings.data_key, "PATH": "/usr/bin:/bin"}
    verify = subprocess.run([sys.executable, "-m", "blocklist", "admin", "verify-audit"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0 and "intact" in verify.stdout
    target = records["items"][-2]["seq"]
    await runtime.collections.audit.update_one({"seq": target}, {"$set": {"action": "case.nothing"}})
    verify = subprocess.run([sys.executable, "-m", "blocklist", "admin", "verify-audit"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 1
    assert f"broken at record {target}" in verify.stdout
    await runtime.collections.audit.delete_one({"seq": target})
    checked, broken = await runtime.audit.verify()
    assert broken is not None and broken.seq == target


async def test_a_rewrite_of_the_whole_audit_chain_is_caught_by_its_published_heads(client, runtime, settings,
                                                                                  tmp_path):
    """Whoever can write the database can recompute every hash after an edit; the heads published
    outside it (BLOCKLIST_AUDIT_ANCHOR_DIR) still tell."""
    from blocklist.services.audit import GENESIS, AuditLog, record_hash
    from blocklist.storage.audit import AuditStore
    audit = AuditLog(AuditStore(runtime.collections), runtime.clock, tmp_path / "anchors")
    _, _, case_id = await two_salon_case(client, runtime)
    first = await audit.anchor()
    mod = await new_moderator(runtime)
    await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={"action": "dismiss", "reason": "insufficient_evidence", "note": "x"})
    second = await audit.anchor()
    assert second["seq"] > first["seq"] and len(audit.anchors()) == 2
    assert (await audit.verify())[1] is None

    # an insider edits an early record and re-chains everything after it: the chain itself verifies
    records = await runtime.collections.audit.find({}).sort([("seq", 1)]).to_list()
    prev = GENESIS
    for record in records:
        if record["seq"] == 2:
            record["action"] = "case.nothing"
        record["prev_hash"] = prev
        record["hash"] = prev = record_hash(record, prev)
        await runtime.collections.audit.replace_one({"_id": record["_id"]}, record)
    assert (await AuditLog(AuditStore(runtime.collections), runtime.clock).verify())[1] is None  # without anchors: unnoticed
    checked, broken = await audit.verify()
    assert broken is not None and broken.seq == first["seq"] and "rewritten" in broken.problem

    env = {"MONGODB_URI": settings.mongodb_uri, "BLOCKLIST_DB": settings.db_name, "BLOCKLIST_PEPPER": settings.pepper,
           "BLOCKLIST_DATA_KEY": settings.data_key, "PATH": "/usr/bin:/bin",
           "BLOCKLIST_AUDIT_ANCHOR_DIR": str(tmp_path / "anchors")}
    verify = subprocess.run([sys.executable, "-m", "blocklist", "admin", "verify-audit"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 1 and f"broken at record {first['seq']}" in verify.stdout


async def test_admins_are_alerted_when_the_audit_chain_breaks_or_the_lookup_log_stops(client, runtime):
    """SECURITY AU9: every process checks every few minutes; what it finds reaches the dashboard and the log."""
    import time as monotonic_time

    from blocklist.services import watchdog
    _, _, case_id = await two_salon_case(client, runtime)
    assert await runtime.watchdog.check_once() == []  # all well: nothing raised (the first check walks it all)
    record = await runtime.collections.audit.find_one({}, sort=[("seq", -1)])
    await runtime.collections.audit.update_one({"seq": record["seq"]}, {"$set": {"actor": "someone else"}})
    runtime.lookup.log_failing_since = monotonic_time.monotonic() - watchdog.STALLED_AFTER_SECONDS - 1
    assert {a["kind"] for a in await runtime.watchdog.check_once()} == {"lookup_log_stalled"}  # only new records
    runtime.watchdog.full_check_every = 0  # as if the hour were up: the whole chain again
    kinds = {alert["kind"] for alert in await runtime.watchdog.check_once()}
    assert kinds == {"audit_chain_broken", "lookup_log_stalled"}
    figures = await runtime.console.dashboard()
    shown = {alert["kind"]: alert["detail"] for alert in figures["alerts"]}
    assert f"breaks at record {record['seq']}" in shown["audit_chain_broken"]
    assert "not been written" in shown["lookup_log_stalled"]
    await runtime.watchdog.check_once()  # still broken: one alert of a kind an hour, not one a check
    assert await runtime.collections.alerts.count_documents({"kind": "audit_chain_broken"}) == 1


async def test_end_to_end_two_salons_block_appeal_lift(client, runtime, clock):
    """Two salons report the same person differently; a moderator blocks the phone for 30 days; the
    person appeals; the moderator lifts; the audit log tells the story in order."""
    admin = await new_moderator(runtime, "ada", "admin")
    salons = []
    for name, country in (("Studio Anna", "PL"), ("Salon Femke", "NL")):
        created = await client.post("/v1/admin/salons", json={"name": name, "country": country},
                                    headers=bearer(admin))
        salons.append(await created.json())
    moderator = await (await client.post("/v1/admin/moderators", json={"username": "mila"},
                                         headers=bearer(admin))).json()
    mod = moderator["token"]
    r1 = await report(client, salons[0]["secret_key"], {"name": "Anna Nowak", "phone": "601 234 567"})
    r2 = await report(client, salons[1]["secret_key"], {"name": "ANNA NOWAK", "phone": "+48 (601) 234-567"},
                      "no_show")
    assert r1["case_id"] == r2["case_id"]
    queue = await (await client.get("/v1/mod/cases", headers=bearer(mod))).json()
    case = queue["items"][0]
    assert case["id"] == r1["case_id"] and case["salon_count"] == 2
    expires = clock() + timedelta(days=30)
    decided = await client.post(f"/v1/mod/cases/{case['id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}],
        "scope": "global", "expires_at": expires.isoformat(), "note": "fake bookings at two salons",
        "version": case["version"]})
    assert decided.status == 200
    entries = await (await client.get("/v1/mod/blocklist?active=true", headers=bearer(mod))).json()
    assert len(entries["items"]) == 1
    entry = entries["items"][0]
    assert (entry["value"], entry["scope"], entry["active"]) == ("+48601234567", "global", True)
    assert datetime.fromisoformat(entry["expires_at"].replace("Z", "+00:00")) == expires.replace(
        microsecond=expires.microsecond // 1000 * 1000)
    appeal = await (await client.post("/v1/appeals", json={"name": "Anna Nowak", "phone": "+48 601 234 567",
                                                           "message": "It was not me"})).json()
    detail = await (await client.get(f"/v1/mod/appeals/{appeal['id']}", headers=bearer(mod))).json()
    assert [e["id"] for e in detail["entries"]] == [entry["id"]]
    await client.post(f"/v1/mod/appeals/{appeal['id']}/resolve", headers=bearer(mod),
                      json={"outcome": "lifted", "note": "her phone was stolen"})
    lifted = await (await client.get(f"/v1/mod/blocklist/{entry['id']}", headers=bearer(mod))).json()
    assert lifted["active"] is False and lifted["status"] == "lifted"
    log = await (await client.get("/v1/mod/audit?limit=200", headers=bearer(mod))).json()
    story = [r["action"] for r in reversed(log["items"]) if r["action"] not in ("case.viewed",)]
    expected = ["salon.created", "salon.created", "moderator.created", "report.submitted", "report.submitted",
                "case.block", "entry.created", "appeal.received", "entry.lifted", "appeal.lifted"]
    position = 0
    for action in expected:  # each step appears, in this order
        assert action in story[position:], (action, story)
        position = story.index(action, position) + 1


async def test_admin_revokes_a_moderator_token_and_it_is_refused_at_once(client, runtime):
    admin = await new_moderator(runtime, "ada", "admin")
    mod = await new_moderator(runtime, "mila")
    assert (await client.get("/v1/mod/cases", headers=bearer(mod))).status == 200
    prefix = mod.split("_")[2]
    await assert_error(await client.post(f"/v1/admin/moderator-tokens/{prefix}/revoke", headers=bearer(mod)),
                       403, "forbidden")
    done = await client.post(f"/v1/admin/moderator-tokens/{prefix}/revoke", headers=bearer(admin))
    assert done.status == 200
    await assert_error(await client.get("/v1/mod/cases", headers=bearer(mod)), 401, "unauthorized")
    stored = await runtime.collections.moderator_tokens.find().to_list()
    assert mod not in repr(stored)  # tokens are stored as hashes only


async def test_a_decision_cut_off_after_its_commit_is_finished_at_the_next_start(client, runtime, aiohttp_client,
                                                                                 settings, clock, monkeypatch):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready

    anna, _, case_id = await two_salon_case(client, runtime)
    mod = await new_moderator(runtime)

    async def crash(case):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(runtime.moderation, "_apply_decision", crash)
    response = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48 601 234 567"}], "note": "checked"})
    assert response.status == 500
    assert await runtime.collections.entries.count_documents({}) == 0  # committed, not yet applied
    restarted = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(restarted.app[RUNTIME])
    view = await (await restarted.get(f"/v1/mod/cases/{case_id}", headers=bearer(mod))).json()
    assert [e["value"] for e in view["entries"]] == ["+48601234567"]
    assert {r["status"] for r in view["reports"]} == {"confirmed"}
    answer = await (await restarted.post("/v1/lookup", headers=bearer(anna.secret_key),
                                         json={"subject": {"phone": "601234567"}})).json()
    assert answer["verdict"] == "block"


async def test_an_unexpected_failure_is_a_plain_500(client, runtime, monkeypatch):
    salon = await new_salon(runtime)

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals /srv/app.py line 12")

    monkeypatch.setattr(runtime.lookup, "lookup", explode)
    response = await client.post("/v1/lookup", headers=bearer(salon.secret_key), json={"subject": {"phone": "1"}})
    text = await response.text()
    assert response.status == 500 and "internals" not in text and "RuntimeError" not in text
    await assert_error(response, 500, "internal")


async def test_password_rules(runtime):
    from blocklist.errors import InvalidRequest, Unauthorized

    with pytest.raises(InvalidRequest):
        await runtime.accounts.create_moderator("short", "moderator", "elevenchars")  # 11 < 12
    with pytest.raises(InvalidRequest):
        await runtime.accounts.create_moderator("long", "moderator", "x" * 257)  # refused, never truncated
    with pytest.raises(InvalidRequest, match="most common"):
        await runtime.accounts.create_moderator("common", "moderator", "Qwerty123456")  # long, but everyone's
    long_password = "correct horse battery staple " * 4 + "!" * 8  # 128 characters, no composition rules
    await runtime.accounts.create_moderator("ola", "moderator", long_password)
    # (a console login: the only place a password is checked)
    assert (await runtime.console.login("ola", long_password, "203.0.113.7"))[1].principal.moderator.username == "ola"
    with pytest.raises(Unauthorized):
        await runtime.console.login("ola", long_password[:-1], "203.0.113.7")


async def test_a_phone_search_shows_exact_matches_first_and_marks_near_ones(client, runtime):
    pl, nl = await new_salon(runtime, "Studio Anna", "PL"), await new_salon(runtime, "Salon Femke", "NL")
    mod = await new_moderator(runtime)
    for salon, name, phone, value in ((pl, "Anna Nowak", "601 234 567", "+48601234567"),
                                      (pl, "Jan Wiśniewski", "501 234 567", "+48501234567"),  # same last 7 digits
                                      (nl, "Femke de Vries", "06-12345678", "+31612345678")):
        created = await report(client, salon.secret_key, {"name": name, "phone": phone})
        decided = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
            "action": "block", "identifiers": [{"kind": "phone", "value": value}], "note": "fake bookings"})
        assert decided.status == 200, await decided.text()
    for typed in ("601 234 567", "0048 601-234-567", "+48601234567"):  # as typed in Poland, or from abroad
        found = (await (await client.get("/v1/mod/blocklist", params={"q": typed}, headers=bearer(mod))).json())["items"]
        assert [(e["value"], e["match"]) for e in found] == [("+48601234567", "exact"), ("+48501234567", "near")], typed
    dutch = (await (await client.get("/v1/mod/blocklist", params={"q": "06 1234 5678"}, headers=bearer(mod))).json())
    assert [(e["value"], e["match"]) for e in dutch["items"]] == [("+31612345678", "exact")]
    by_name = (await (await client.get("/v1/mod/blocklist", params={"q": "Anna Nowak"}, headers=bearer(mod))).json())
    assert {e["match"] for e in by_name["items"]} == {"name"}
