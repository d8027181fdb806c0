"""Art. 14 notices (SECURITY P12): a listed email's owner is told, once, through the operator's SMTP
server — here a real SMTP server (aiosmtpd) on a local port."""

from __future__ import annotations

import dataclasses

import pytest

from tests.helpers import bearer
from tests.outside import inbox  # noqa: F401 (the mail server fixture)
from tests.test_privacy import listed_anna


@pytest.fixture
def settings(settings, inbox):
    return dataclasses.replace(settings, smtp_url=f"smtp+plain://127.0.0.1:{inbox.port}",
                               notice_from="privacy@blocklist.example", controller="Blocklist Sp. z o.o., Warsaw",
                               public_url="https://blocklist.example")


async def test_a_listed_email_is_told_once_with_everything_art_14_asks_for(client, runtime, inbox):
    world = await listed_anna(client, runtime)
    assert await runtime.collections.notices.count_documents({"status": "queued"}) == 1  # the email, not the phone
    assert await runtime.notices.send_due() == 1
    [(to, message)] = inbox.messages
    # to the listed (canonical) address: the same mailbox as the one the salons were given
    assert to == ["annanowak@gmail.com"] and message["From"] == "privacy@blocklist.example"
    text = " ".join(message.get_content().split())
    for required in ("Blocklist Sp. z o.o., Warsaw",  # the controller
                     "Art. 6(1)(f)",  # the purpose and its legal basis
                     "your email address, your phone number, the name given when booking",  # the categories of data
                     "salons at which bookings were made",  # the source
                     "deleted",  # how long
                     "erased", "restricted", "object", "supervisory authority",  # the rights
                     "https://blocklist.example/transparency"):  # how to contest
        assert required in text, required
    assert "601234567" not in text and "Studio Alfa" not in text  # nothing the person did not give, no salon
    assert await runtime.notices.send_due() == 0  # once
    assert await runtime.collections.notices.count_documents({"status": "sent"}) == 1
    audit = await (await client.get("/v1/mod/audit", headers=bearer(world["admin"]))).json()
    assert "notice.sent" in {item["action"] for item in audit["items"]}
    # no plaintext in the queue: the notice names the entry
    stored = repr(await runtime.collections.notices.find().to_list())
    assert "annanowak" not in stored and "anna.nowak" not in stored


async def test_two_processes_send_a_notice_once(client, runtime, standalone_runtime, inbox):
    import asyncio
    await listed_anna(client, runtime)
    sent = await asyncio.gather(runtime.notices.send_due(), standalone_runtime.notices.send_due())
    assert sorted(sent) == [0, 1] and len(inbox.messages) == 1


async def test_a_refused_notice_is_sent_later_and_erasure_takes_it_away(client, runtime, inbox, clock):
    world = await listed_anna(client, runtime)
    inbox.refuse = True
    assert await runtime.notices.send_due() == 0
    notice = await runtime.collections.notices.find_one({})
    assert notice["status"] == "queued" and notice["attempts"] == 1 and notice["last_error"]
    inbox.refuse = False
    assert await runtime.notices.send_due() == 0  # not before its next attempt
    clock.advance(minutes=6)
    assert await runtime.notices.send_due() == 1 and len(inbox.messages) == 1

    response = await client.post("/v1/admin/subject-requests/erase", headers=bearer(world["admin"]),
                                 json={"email": "anna.nowak@gmail.com", "note": "DSR-9: erasure"})
    assert response.status == 200
    assert await runtime.collections.notices.count_documents({}) == 0


async def test_without_an_smtp_server_notices_wait_and_admins_are_told(aiohttp_client, settings, clock):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    from tests.test_console import PASSWORD, csrf_of
    app = create_app(dataclasses.replace(settings, smtp_url="", console_require_mfa=False, console_secure_cookies=False),
                     clock=clock)
    client = await aiohttp_client(app)
    runtime = app[RUNTIME]
    await wait_ready(runtime)
    await listed_anna(client, runtime)
    assert await runtime.notices.send_due() == 0
    assert await runtime.collections.notices.count_documents({"status": "queued"}) == 1
    await runtime.accounts.create_moderator("nadia", "admin", PASSWORD)
    page = await client.get("/console/login")
    await client.post("/console/login", data={"username": "nadia", "password": PASSWORD, "next": "/console/",
                                              "csrf_token": csrf_of(await page.text())})
    dashboard = await (await client.get("/console/dashboard")).text()
    assert "1 Art. 14 notice is waiting" in dashboard and "BLOCKLIST_SMTP_URL" in dashboard


async def test_a_listing_lifted_before_its_notice_went_out_is_not_announced(client, runtime, inbox):
    world = await listed_anna(client, runtime)
    inbox.refuse = True  # the mail server is away when the listing is made
    assert await runtime.notices.send_due() == 0
    inbox.refuse = False
    mod = world["admin"]
    entries = await (await client.get("/v1/mod/blocklist", params={"q": "anna.nowak@gmail.com"},
                                      headers=bearer(mod))).json()
    [email_entry] = [e for e in entries["items"] if e["kind"] == "email"]
    lifted = await client.post(f"/v1/mod/blocklist/{email_entry['id']}/lift", headers=bearer(mod),
                               json={"note": "appeal: the address changed hands"})
    assert lifted.status == 200, await lifted.text()
    runtime.clock.advance(hours=1)
    assert await runtime.notices.send_due() == 0 and inbox.messages == []
    assert await runtime.collections.notices.count_documents({}) == 0
    audit = await (await client.get("/v1/mod/audit", headers=bearer(mod))).json()
    assert "notice.cancelled" in {item["action"] for item in audit["items"]}


async def test_the_notice_speaks_the_reporting_salons_language_with_english_below_and_whole_paragraphs(
        client, runtime, inbox):
    await listed_anna(client, runtime)  # Polish salons
    assert await runtime.notices.send_due() == 1
    [(_, message)] = inbox.messages
    assert message["Subject"].startswith("Twoje dane zostały wpisane")
    assert message["Content-Language"] == "pl, en"
    text = message.get_content()
    polish, english = text.split("----")
    assert "art. 14 RODO" in polish and "Article 14 of the GDPR" in english
    # a paragraph is one line (mail programs wrap it to the screen), never cut mid-sentence
    lines = [line for line in polish.splitlines() if line.strip()]
    assert any(line.startswith("Kim jesteśmy") and line.endswith("(art. 6 ust. 1 lit. f RODO).") for line in lines)
    assert "https://blocklist.example/transparency?lang=pl" in polish


@pytest.mark.parametrize("countries, subject_start", [
    (["NL", "BE"], "U staat vermeld"), (["TR"], "Salon rezervasyonları"), (["DE", "AT"], "Sie wurden"),
    (["IL"], "פרטיך"), (["RU", "BY"], "Ваши данные"), (["FR"], "You have been listed"), ([], "You have been listed"),
    (["PL", "DE", "DE"], "Sie wurden")])
def test_every_language_renders_a_whole_notice(runtime, countries, subject_start):
    from datetime import datetime, timezone

    from blocklist.models import Entry
    entry = Entry(id="ent_1", key="k", action="block", status="active", case_id="case_1", kind="email",
                  value="a@example.com", scope="global", created_at=datetime(2026, 6, 4, tzinfo=timezone.utc),
                  created_by="mod_1", names=("Anna",), expires_at=datetime(2027, 6, 4, tzinfo=timezone.utc))
    message = runtime.notices.render(entry, ["email", "phone"], ["no_show"], countries)
    assert message["Subject"].startswith(subject_start)
    assert "{" not in message.get_content() and "2027" in message.get_content()


async def test_a_warning_lists_nothing_tells_the_person_and_says_warned_to_the_salons_server(client, runtime, inbox):
    from tests.helpers import new_moderator, new_salon
    reporter, other = await new_salon(runtime, "Studio Alfa", "PL"), await new_salon(runtime, "Salon Beta", "PL",
                                                                                     ["https://beta.pl"])
    mod = await new_moderator(runtime)
    created = await (await client.post("/v1/reports", headers=bearer(reporter.secret_key), json={
        "category": "no_show", "subject": {"name": "Ola Kot", "email": "ola.kot@wp.pl", "phone": "601 234 567"}})).json()
    case_id = (await (await client.get(f"/v1/mod/reports/{created['id']}", headers=bearer(mod))).json())["case_id"]
    decided = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "warn", "identifiers": [{"kind": "email", "value": "ola.kot@wp.pl"},
                                          {"kind": "phone", "value": "+48601234567"}], "note": "first no-show"})
    assert decided.status == 200, await decided.text()
    assert await runtime.notices.send_due() == 1
    [(to, message)] = inbox.messages
    assert to == ["ola.kot@wp.pl"] and message["Subject"].startswith("Ostrzeżenie")
    text = message.get_content()
    assert "To jest ostrzeżenie, nie wpis na listę" in text and "This is a warning, not a listing" in text
    assert "listed the details" not in text and "decided to warn you rather than list the details" in text
    server = await (await client.post("/v1/lookup", headers=bearer(other.secret_key),
                                      json={"subject": {"phone": "+48 601 234 567"}})).json()
    assert server["verdict"] == "allow" and server["action"] == "none"
    assert {"code": "warned", "match": "exact"} in server["reasons"] and "help_url" not in server
    page = await (await client.post("/v1/lookup", headers={**bearer(other.publishable_key), "Origin": "https://beta.pl"},
                                    json={"subject": {"email": "Ola.Kot@wp.pl"}})).json()
    assert page["verdict"] == "allow" and page["reasons"] == []
    # a warning lists nothing: a similar mailbox is not "similar to a blocked one"
    similar = await (await client.post("/v1/lookup", headers=bearer(other.secret_key),
                                       json={"subject": {"email": "olakot@gmail.com", "name": "Ola Kot"}})).json()
    assert similar["verdict"] == "allow" and all(r["code"] != "email_similar_to_blocked" for r in similar["reasons"])
