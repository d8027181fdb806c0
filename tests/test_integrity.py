"""Attacks at the seams where one tenant's data meets another's, and a stranger's text meets the
machinery: each test does what an attacker did and checks that nobody else noticed."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import logging
from datetime import timedelta

import pytest
from pymongo import MongoClient

from tests.helpers import assert_error, bearer, new_moderator, new_salon


async def report(client, key, subject, category="fake_booking", **extra):
    response = await client.post("/v1/reports", json={"category": category, "subject": subject, **extra},
                                 headers=bearer(key))
    assert response.status in (200, 201), await response.text()
    return await response.json()


async def case_of(client, mod, report_id):
    """The case a report is in, as a moderator finds it (salons are not told)."""
    response = await client.get(f"/v1/mod/reports/{report_id}", headers=bearer(mod))
    assert response.status == 200, await response.text()
    return (await response.json())["case_id"]


PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def settings(settings):
    # plain HTTP in tests: console cookies without Secure, and a password alone logs in
    return dataclasses.replace(settings, console_secure_cookies=False, console_require_mfa=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


async def console_login(client, runtime, username="ada", role="admin"):
    await runtime.accounts.create_moderator(username, role, PASSWORD)
    page = await client.get("/console/login")
    response = await client.post("/console/login", allow_redirects=False, data={
        "username": username, "password": PASSWORD, "csrf_token": csrf_of(await page.text()), "next": "/console/"})
    assert response.status == 303, await response.text()


@pytest.fixture
def raw_db(settings):
    """The test's database as the driver sees it, sealed fields and all."""
    mongo = MongoClient(settings.mongodb_uri, tz_aware=True)
    try:
        yield mongo[settings.db_name]
    finally:
        mongo.close()


# ------------------------------------------------------------------ 1. sealing never depends on what was typed

async def test_an_appeal_named_like_a_sealed_value_is_sealed_and_the_appeal_list_keeps_working(client, runtime, raw_db):
    mod = await new_moderator(runtime)
    for name in ("enc:x", "enc:1:AAAA", "enc:1:" + "A" * 60):
        response = await client.post("/v1/appeals", json={"name": name, "email": "someone@example.com",
                                                          "message": "not me"})
        assert response.status == 202, await response.text()
    listed = await client.get("/v1/mod/appeals", headers=bearer(mod))
    assert listed.status == 200, await listed.text()
    names = sorted(item["name"] for item in (await listed.json())["items"])
    assert names == sorted(["enc:x", "enc:1:AAAA", "enc:1:" + "A" * 60])
    stored = [doc["name"] for doc in raw_db.appeals.find({})]
    assert not {"enc:x", "enc:1:AAAA"} & set(stored)  # sealed like any other text, never kept in clear
    assert all(value.startswith("enc:1:") and len(value) > 40 for value in stored)


async def test_a_report_named_like_a_sealed_value_does_not_break_its_case_decision_or_export(client, runtime):
    salon = await new_salon(runtime)
    mod = await new_moderator(runtime)
    admin = await new_moderator(runtime, "ada", "admin")
    created = await report(client, salon.secret_key, {"name": "enc:1:Zm9v", "phone": "601 234 567"})
    case_id = await case_of(client, mod, created["id"])
    case = await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(mod))
    assert case.status == 200, await case.text()
    assert (await case.json())["reports"][0]["subject"]["name"] == "enc:1:Zm9v"
    decided = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "fake"})
    assert decided.status == 200, await decided.text()
    export = await client.post("/v1/admin/subject-requests/export", headers=bearer(admin),
                               json={"phone": "+48601234567"})
    assert export.status == 200, await export.text()


async def test_a_record_that_does_not_open_is_named_by_id_and_the_rest_of_the_list_is_served(client, runtime, raw_db,
                                                                                            caplog):
    mod = await new_moderator(runtime)
    for name in ("Anna Nowak", "Yossi Cohen"):
        await client.post("/v1/appeals", json={"name": name, "email": "a@example.com", "message": "not me"})
    # what an older version stored when a stranger typed "enc:…": the prefix, and no ciphertext of ours
    bad = raw_db.appeals.find_one({})
    raw_db.appeals.update_one({"_id": bad["_id"]}, {"$set": {"name": "enc:x:secret-text"}})
    with caplog.at_level(logging.ERROR):
        listed = await client.get("/v1/mod/appeals", headers=bearer(mod))
        assert listed.status == 200, await listed.text()
        one = await client.get(f"/v1/mod/appeals/{bad['_id']}", headers=bearer(mod))
        assert one.status == 200, await one.text()
    items = (await listed.json())["items"]
    assert len(items) == 2
    unreadable = [item for item in items if item["id"] == bad["_id"]][0]
    assert unreadable["name"] is None and unreadable["unreadable_fields"] == ["name"]
    await console_login(client, runtime)
    for path in ("/console/appeals", f"/console/appeals/{bad['_id']}"):
        page = await client.get(path)
        assert page.status == 200, path
        assert "(unreadable)" in await page.text() and "secret-text" not in await page.text()
    logged = [r for r in caplog.records if r.getMessage() == "stored personal data does not open"]
    assert logged and logged[0].record_id == bad["_id"]
    assert "secret-text" not in caplog.text
