"""The listed person's first hour: stopped at a booking, they find the transparency page, contest the
listing with their phone typed the way their country types it, and see it lifted.

Walked in headless Chromium where a person uses a page, and through HTTP where a moderator does."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.helpers import bearer, new_moderator, new_salon
from tests.test_widget import browser, origin_of  # noqa: F401 (the Chromium fixture)

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, console_secure_cookies=False, console_require_mfa=False)


async def listed(client, runtime, salon_country: str, name: str, phone_as_typed: str, value: str) -> str:
    """A salon reports a customer with the phone typed its own way, and a moderator blocks it."""
    salon = await new_salon(runtime, "Salon", salon_country)
    created = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
        "category": "fake_booking", "subject": {"name": name, "phone": phone_as_typed}})
    assert created.status == 201, await created.text()
    mod = await new_moderator(runtime, f"mod{salon_country.lower()}")
    report = await (await client.get(f"/v1/mod/reports/{(await created.json())['id']}", headers=bearer(mod))).json()
    decided = await client.post(f"/v1/mod/cases/{report['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": value}], "note": "three fake bookings"})
    assert decided.status == 200, await decided.text()
    return mod


async def verdict(client, runtime, phone: str, country: str = "DE") -> dict:
    elsewhere = await new_salon(runtime, "Elsewhere", country)
    response = await client.post("/v1/lookup", headers=bearer(elsewhere.secret_key), json={"subject": {"phone": phone}})
    assert response.status == 200, await response.text()
    return await response.json()


@pytest.mark.parametrize("lang, salon_country, name, typed, value", [
    ("tr", "TR", "Ayşe Yılmaz", "0532 123 45 67", "+905321234567"),
    ("pl", "PL", "Małgorzata Wójcik", "601 234 567", "+48601234567"),
    ("he", "IL", "יוסי כהן", "052-345-6789", "+972523456789"),
])
async def test_a_person_contests_with_their_phone_typed_nationally_and_the_listing_is_restricted_then_lifted(
        browser, client, runtime, lang, salon_country, name, typed, value):  # noqa: F811
    mod = await listed(client, runtime, salon_country, name, typed, value)
    assert (await verdict(client, runtime, value))["verdict"] == "block"

    page = await browser.new_page()
    await page.goto(f"{origin_of(client)}/transparency?lang={lang}")
    # the country picker starts on the page language's country, so the number as they know it is enough
    assert await page.input_value("#a-country") == salon_country
    await page.fill("#a-name", name)
    await page.fill("#a-phone", typed)
    await page.fill("#a-message", "To nie ja — ten numer mam od lutego." if lang == "pl" else "Not me.")
    await page.click("button[type=submit]")
    await page.wait_for_selector("#sent")
    await page.close()

    answer = await verdict(client, runtime, value)
    assert answer["verdict"] == "challenge" and {"code": "listing_disputed", "match": "exact"} in answer["reasons"]
    appeals = await (await client.get("/v1/mod/appeals", headers=bearer(mod))).json()
    appeal = appeals["items"][0]
    assert len(appeal["entry_ids"]) == 1 and appeal["country"] == salon_country
    resolved = await client.post(f"/v1/mod/appeals/{appeal['id']}/resolve", headers=bearer(mod),
                                 json={"outcome": "lifted", "note": "the number changed hands"})
    assert resolved.status == 200, await resolved.text()
    assert (await verdict(client, runtime, value))["verdict"] == "allow"
    admin = await new_moderator(runtime, "root", "admin")
    export = await (await client.post("/v1/admin/subject-requests/export", headers=bearer(admin),
                                      json={"phone": value})).json()
    assert [a["status"] for a in export["appeals"]] == ["lifted"]  # the export finds the appeal by the phone


async def test_a_number_that_cannot_be_read_is_refused_in_the_persons_language_and_nothing_is_kept(
        browser, client, runtime):  # noqa: F811
    await listed(client, runtime, "PL", "Anna Nowak", "601 234 567", "+48601234567")
    page = await browser.new_page()
    await page.goto(f"{origin_of(client)}/transparency?lang=ru")  # Russian: no country to assume
    assert await page.input_value("#a-country") == ""
    await page.fill("#a-name", "Анна Новак")
    await page.fill("#a-phone", "601 234 567")
    await page.fill("#a-message", "Это не я.")
    await page.click("button[type=submit]")
    problem = await page.text_content(".problem")
    assert "Выберите страну" in problem  # choose the country, in Russian
    # what they typed is still there; they pick the country and send again
    assert await page.input_value("#a-phone") == "601 234 567"
    assert await page.input_value("#a-message") == "Это не я."
    assert await runtime.collections.appeals.count_documents({}) == 0
    await page.select_option("#a-country", "PL")
    await page.click("button[type=submit]")
    await page.wait_for_selector("#sent")
    assert (await verdict(client, runtime, "+48601234567"))["verdict"] == "challenge"


@pytest.mark.parametrize("body, field", [
    ({"phone": "601 234 567"}, "phone"), ({"phone": "12"}, "phone"), ({"phone": "601 234 567", "country": "XX"}, "country"),
    ({"email": "anna@@wp.pl"}, "email"), ({"phone": "601 234 567", "country": "P1"}, "country"),
])
async def test_the_api_refuses_an_identifier_it_cannot_read_and_says_which(client, runtime, body, field):
    response = await client.post("/v1/appeals", json={"name": "Anna", "message": "not me", **body})
    assert response.status == 400, await response.text()
    details = (await response.json())["error"]["details"]
    assert details[0]["field"] == field
    assert await runtime.collections.appeals.count_documents({}) == 0


async def test_an_older_appeal_that_matched_nothing_shows_its_candidates_and_a_moderator_links_one(client, runtime):
    await listed(client, runtime, "PL", "Anna Nowak", "601 234 567", "+48601234567")
    # as an older version stored it: the phone read without a country, so no entry linked
    from blocklist.services.accounts import new_id
    from blocklist.storage.sealing import APPEAL_FIELDS
    appeal_id = new_id("apl")
    await runtime.collections.appeals.insert_one(runtime.collections.sealed({
        "_id": appeal_id, "status": "received", "name": "Anna Nowak", "email": None, "phone": "601 234 567",
        "keys": [], "message": "To nie ja", "entry_ids": [], "received_at": runtime.clock(), "resolved_at": None,
        "resolved_by": None, "note": None}, APPEAL_FIELDS))
    await runtime.accounts.create_moderator("ada", "moderator", PASSWORD)
    login = await client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await login.text()).group(1)
    assert (await client.post("/console/login", allow_redirects=False, data={
        "username": "ada", "password": PASSWORD, "csrf_token": token, "next": "/console/"})).status == 303
    page = await (await client.get(f"/console/appeals/{appeal_id}")).text()
    assert "Candidates" in page and "phone read as +48601234567" in page
    entry_id = re.search(r'name="entry_id" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    linked = await client.post(f"/console/appeals/{appeal_id}/link", data={"csrf_token": csrf, "entry_id": entry_id})
    assert linked.status == 200 and "Linked" in await linked.text()
    assert (await verdict(client, runtime, "+48601234567"))["verdict"] == "challenge"
    page = await (await client.get(f"/console/appeals/{appeal_id}")).text()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    lifted = await client.post(f"/console/appeals/{appeal_id}/resolve", data={
        "csrf_token": csrf, "outcome": "lifted", "note": "number changed hands"})
    assert lifted.status == 200
    assert (await verdict(client, runtime, "+48601234567"))["verdict"] == "allow"
