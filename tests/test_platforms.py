"""Booking platforms: one key for all their salons. A platform creates its salons by API and acts for
one of them on every salon endpoint with Blocklist-Salon; another platform's salon is a 404; every
action is attributed to the salon and audited with the platform named; limits apply per salon and per
platform; a revoked platform key stops at once."""

from __future__ import annotations

import dataclasses

from tests.helpers import assert_error, bearer, new_moderator, new_salon


def acting(key: str, salon_id: str) -> dict[str, str]:
    return {**bearer(key), "Blocklist-Salon": salon_id}


async def platform(runtime, name: str) -> str:
    _, key = await runtime.accounts.create_platform(name)
    return key


async def new_platform_salon(client, key: str, name: str, country: str) -> dict:
    response = await client.post("/v1/platform/salons", headers=bearer(key),
                                 json={"name": name, "country": country, "origins": ["https://book.example.com"]})
    assert response.status == 201, await response.text()
    return await response.json()


async def test_a_platform_provisions_its_salons_and_acts_for_each_of_them(client, runtime):
    versum = await platform(runtime, "Versum")
    warsaw = await new_platform_salon(client, versum, "Salon Róża", "PL")
    istanbul = await new_platform_salon(client, versum, "Kuaför Elif", "TR")
    assert warsaw["publishable_key"].startswith("bl_pk_")
    listed = await (await client.get("/v1/platform/salons?limit=1", headers=bearer(versum))).json()
    second = await (await client.get(f"/v1/platform/salons?cursor={listed['next_cursor']}",
                                     headers=bearer(versum))).json()
    pages = [s["salon_id"] for s in listed["items"] + second["items"]]
    assert len(pages) == 2 and set(pages) == {warsaw["salon_id"], istanbul["salon_id"]}  # one each, none twice
    me = await (await client.get("/v1/me", headers=bearer(versum))).json()
    assert me == {"kind": "platform_key", "platform_id": me["platform_id"], "platform_name": "Versum"}

    # a report for the Istanbul salon, the phone typed the Turkish way: read in the salon's country
    created = await client.post("/v1/reports", headers=acting(versum, istanbul["salon_id"]), json={
        "category": "fake_booking", "subject": {"name": "Ayşe Yılmaz", "phone": "0532 123 45 67"}})
    assert created.status == 201, await created.text()
    report = await created.json()
    seen = await (await client.get(f"/v1/reports/{report['id']}", headers=acting(versum, istanbul["salon_id"]))).json()
    assert seen["canonical"]["phone"] == "+905321234567"
    # the Warsaw salon (same platform) does not see Istanbul's report
    await assert_error(await client.get(f"/v1/reports/{report['id']}", headers=acting(versum, warsaw["salon_id"])),
                       404, "not_found")
    answer = await client.post("/v1/lookup", headers=acting(versum, warsaw["salon_id"]),
                               json={"subject": {"phone": "+90 532 123 45 67"}})
    assert answer.status == 200 and "reasons" in await answer.json()  # a secret key's answer

    # attributed to the salon, audited with the platform
    audit = await runtime.collections.audit.find_one({"action": "report.submitted", "target": report["id"]})
    assert audit is not None and audit["actor"] == f"salon:{istanbul['salon_id']} via platform:{me['platform_id']}"


async def test_a_platform_cannot_act_for_salons_that_are_not_its_own(client, runtime):
    versum, booksy = await platform(runtime, "Versum"), await platform(runtime, "Booksy")
    theirs = await new_platform_salon(client, booksy, "Studio Anna", "PL")
    independent = await new_salon(runtime, "Independent", "PL")
    for salon_id in (theirs["salon_id"], independent.salon.id, "sal_doesnotexist", "x" * 500):
        response = await client.post("/v1/reports", headers=acting(versum, salon_id), json={
            "category": "no_show", "subject": {"name": "Anna Nowak", "phone": "601 234 567"}})
        await assert_error(response, 404, "not_found")
    missing = await client.post("/v1/reports", headers=bearer(versum), json={
        "category": "no_show", "subject": {"name": "Anna Nowak", "phone": "601 234 567"}})
    error = await assert_error(missing, 400, "invalid_request")
    assert error["error"]["details"] == [{"field": "Blocklist-Salon", "problem": "missing"}]
    assert await runtime.collections.reports.count_documents({}) == 0
    # nor be a moderator, nor create salons with a salon's key
    await assert_error(await client.get("/v1/mod/cases", headers=bearer(versum)), 403, "forbidden")
    await assert_error(await client.get("/v1/platform/salons", headers=bearer(independent.secret_key)), 403,
                       "forbidden")
    admin = await new_moderator(runtime, "root", "admin")
    await assert_error(await client.get("/v1/platform/salons", headers=bearer(admin)), 403, "forbidden")


async def test_limits_count_per_salon_and_per_platform_and_a_revoked_key_stops(client, runtime):
    versum = await platform(runtime, "Versum")
    salons = [await new_platform_salon(client, versum, f"Salon {n}", "PL") for n in range(3)]
    runtime.limits["platform"] = dataclasses.replace(runtime.limits["platform"], requests=5)
    statuses = []
    for n in range(7):
        response = await client.post("/v1/lookup", headers=acting(versum, salons[n % 3]["salon_id"]),
                                     json={"subject": {"phone": f"+48 601 000 {n:03d}"}})
        statuses.append(response.status)
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]  # the platform's share, across its salons
    from blocklist.credentials import parse_token
    await runtime.accounts.revoke_platform_key(parse_token(versum).prefix)
    await assert_error(await client.get("/v1/platform/salons", headers=bearer(versum)), 401, "unauthorized")
