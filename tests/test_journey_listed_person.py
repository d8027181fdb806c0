"""The listed person's first hour: stopped at a booking, they find the transparency page, contest the
listing with their phone typed the way their country types it, prove it is theirs with the code sent to
them (by email to a real SMTP server, or by text message to a fake gateway), follow the appeal, and see
it lifted and book.

Walked in headless Chromium where a person uses a page, and through HTTP where a moderator does."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.helpers import bearer, new_moderator, new_salon
from tests.outside import inbox, messaging, sms_gateway, with_messaging  # noqa: F401 (fixtures)
from tests.test_widget import CONFIRMED, MESSAGE, book, browser, origin_of, report  # noqa: F401 (Chromium)

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def settings(settings, messaging):  # noqa: F811
    return dataclasses.replace(with_messaging(settings, messaging), console_secure_cookies=False,
                               console_require_mfa=False)


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


async def test_a_blocked_customer_follows_the_link_proves_her_email_and_books_once_it_is_lifted(
        browser, client, runtime, inbox):  # noqa: F811
    reporter = await new_salon(runtime, "Reporter", "PL")
    created = await report(client, reporter.secret_key, {"name": "Małgorzata Wójcik",
                                                         "email": "gosia.wojcik@gmail.com"})
    mod = await new_moderator(runtime)
    decided = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "email", "value": "gosia.wojcik@gmail.com"}],
        "note": "two fake bookings"})
    assert decided.status == 200, await decided.text()
    salon = await new_salon(runtime, "Studio Róża", "PL", [origin_of(client)])
    runtime.lookup.help_base = origin_of(client) + "/transparency?ref="  # BLOCKLIST_PUBLIC_URL in production
    booking_page = f"{origin_of(client)}/demo/booking?key={salon.publishable_key}&lang=pl"

    page = await browser.new_page(viewport={"width": 390, "height": 800})
    await page.goto(booking_page)
    await book(page, "Małgorzata Wójcik", "Gosia.Wojcik@gmail.com", "601 234 567")
    await page.wait_for_selector(MESSAGE, timeout=5000)
    assert await page.get_attribute(".blocklist-message", "data-verdict") == "block"
    async with page.context.expect_page() as opened:
        await page.locator(".blocklist-help").click()
    help_page = await opened.value
    await help_page.wait_for_load_state()
    reference = await help_page.get_attribute('input[name="reference"]', "value")
    assert reference and reference.startswith("lkp_")
    await help_page.fill("#a-name", "Małgorzata Wójcik")
    await help_page.fill("#a-email", "Gosia.Wojcik@gmail.com")
    await help_page.fill("#a-phone", "601 234 567")  # typed the Polish way: the page's country is Poland
    await help_page.fill("#a-message", "Nigdy nie rezerwowałam w tym salonie.")
    await help_page.check("#a-never-booked")
    await help_page.click("#appeal button[type=submit]")
    await help_page.wait_for_selector("#verify")
    assert "Otrzymaliśmy" in await help_page.text_content("#sent")
    # nothing changed yet: the code is the proof
    assert (await lookup(client, salon, {"email": "gosia.wojcik@gmail.com"}))["verdict"] == "block"
    [code_mail] = inbox.to("Gosia.Wojcik@gmail.com")
    assert code_mail["Content-Language"] == "pl"
    await help_page.fill("#code", "000000" if inbox.last_code("Gosia.Wojcik@gmail.com") != "000000" else "111111")
    await help_page.click("#verify button[type=submit]")
    assert "nieprawidłowy" in await help_page.text_content("#problem")
    await help_page.fill("#code", inbox.last_code("Gosia.Wojcik@gmail.com"))
    await help_page.click("#verify button[type=submit]")
    await help_page.wait_for_selector("#verified")
    assert await help_page.get_attribute("#status", "data-status") == "received"

    # restricted: the salon's page now asks for a confirmation instead of refusing
    await page.goto(booking_page)
    await book(page, "Małgorzata Wójcik", "Gosia.Wojcik@gmail.com", "601 234 567")
    await page.wait_for_selector(MESSAGE, timeout=5000)
    assert await page.get_attribute(".blocklist-message", "data-verdict") == "challenge"

    appeals = (await (await client.get("/v1/mod/appeals?status=open", headers=bearer(mod))).json())["items"]
    assert [(a["verified"], a["never_booked"], a["reference"]) for a in appeals] == [(True, True, reference)]
    resolved = await client.post(f"/v1/mod/appeals/{appeals[0]['id']}/resolve", headers=bearer(mod), json={
        "outcome": "lifted", "note": "Salon potwierdził, że rezerwacji dokonała inna osoba."})
    assert resolved.status == 200, await resolved.text()
    assert await runtime.notices.send_due() >= 1
    outcome = inbox.to("Gosia.Wojcik@gmail.com")[-1]
    assert outcome["Subject"] == "Twoje odwołanie w Blocklist: wpis został zdjęty"
    assert "inna osoba" in outcome.get_content()
    await help_page.reload()
    assert await help_page.get_attribute("#status", "data-status") == "lifted"
    assert "inna osoba" in await help_page.text_content("#note")

    await page.goto(booking_page)
    await book(page, "Małgorzata Wójcik", "Gosia.Wojcik@gmail.com", "601 234 567")
    await page.wait_for_selector(CONFIRMED, timeout=5000)


async def lookup(client, salon, subject) -> dict:
    response = await client.post("/v1/lookup", headers=bearer(salon.secret_key), json={"subject": subject})
    assert response.status == 200, await response.text()
    return await response.json()


@pytest.mark.parametrize("lang, salon_country, name, typed, value", [
    ("tr", "TR", "Ayşe Yılmaz", "0532 123 45 67", "+905321234567"),
    ("pl", "PL", "Małgorzata Wójcik", "601 234 567", "+48601234567"),
    ("he", "IL", "יוסי כהן", "052-345-6789", "+972523456789"),
])
async def test_a_person_proves_a_phone_typed_nationally_by_text_message_and_follows_the_appeal(
        browser, client, runtime, sms_gateway, lang, salon_country, name, typed, value):  # noqa: F811
    mod = await listed(client, runtime, salon_country, name, typed, value)
    assert (await verdict(client, runtime, value))["verdict"] == "block"

    page = await browser.new_page()
    await page.goto(f"{origin_of(client)}/transparency?lang={lang}")
    # the country picker starts on the page language's country, so the number as they know it is enough
    assert await page.input_value("#a-country") == salon_country
    await page.fill("#a-name", name)
    await page.fill("#a-phone", typed)
    await page.fill("#a-message", "To nie ja — ten numer mam od lutego." if lang == "pl" else "Not me.")
    await page.click("#appeal button[type=submit]")
    await page.wait_for_selector("#sent")
    assert await page.evaluate("document.documentElement.dir") == ("rtl" if lang == "he" else "ltr")
    assert (await verdict(client, runtime, value))["verdict"] == "block"
    await page.fill("#code", sms_gateway.last_code(value))
    await page.click("#verify button[type=submit]")
    await page.wait_for_selector("#verified")

    answer = await verdict(client, runtime, value)
    assert answer["verdict"] == "challenge" and {"code": "listing_disputed", "match": "exact"} in answer["reasons"]
    appeals = await (await client.get("/v1/mod/appeals", headers=bearer(mod))).json()
    appeal = appeals["items"][0]
    assert len(appeal["entry_ids"]) == 1 and appeal["country"] == salon_country and appeal["verify_by"] == "phone"
    resolved = await client.post(f"/v1/mod/appeals/{appeal['id']}/resolve", headers=bearer(mod),
                                 json={"outcome": "lifted", "note": "the number changed hands"})
    assert resolved.status == 200, await resolved.text()
    assert (await verdict(client, runtime, value))["verdict"] == "allow"
    await runtime.notices.send_due()
    assert len(sms_gateway.to(value)) == 2  # the code, then the outcome
    await page.reload()
    assert await page.get_attribute("#status", "data-status") == "lifted"
    admin = await new_moderator(runtime, "root", "admin")
    export = await (await client.post("/v1/admin/subject-requests/export", headers=bearer(admin),
                                      json={"phone": value})).json()
    assert [a["status"] for a in export["appeals"]] == ["lifted"]  # the export finds the appeal by the phone
    await page.close()


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
    assert "SMS" in await page.text_content("#code-sent")  # the code went to +48 601 234 567


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
    # an appeal nobody proved restricts nothing, even linked: the moderator decides it
    assert (await verdict(client, runtime, "+48601234567"))["verdict"] == "block"
    page = await (await client.get(f"/console/appeals/{appeal_id}")).text()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    lifted = await client.post(f"/console/appeals/{appeal_id}/resolve", data={
        "csrf_token": csrf, "outcome": "lifted", "note": "number changed hands"})
    assert lifted.status == 200
    assert (await verdict(client, runtime, "+48601234567"))["verdict"] == "allow"
