"""What a moderator tripped on in their first hour (issue #19), each walked through the console as
they use it: the queue, a case, a decision, the blocklist and the audit log."""

from __future__ import annotations

import re

import pytest

from tests.helpers import bearer, new_moderator, new_salon
from tests.test_console import PASSWORD, csrf_of, log_in, moderator, report
from tests.test_widget import browser  # noqa: F401 (the Chromium fixture)
from tests.test_console import settings  # noqa: F401 (plain-HTTP console cookies, no second factor)


async def signed_in(client, runtime, role="admin"):
    await moderator(runtime, "mila", role)
    assert (await log_in(client)).status == 303


@pytest.mark.parametrize("typed, matching_form", [("יוסי כהן", "yvsy"), ("Олена Шевченко", "olena"),
                                                  ("Łucja Wróblewska", "lucja")])
async def test_names_read_as_the_salon_typed_them_not_as_their_matching_form(client, runtime, typed, matching_form):
    salon = await new_salon(runtime, "Salon", "IL")
    created = await report(client, salon.secret_key, {"name": typed, "phone": "+972 52-345-6789"})
    await signed_in(client, runtime)
    queue = await (await client.get("/console/queue")).text()
    assert typed in queue and matching_form not in queue.lower()
    case = await (await client.get(f"/console/cases/{created['case_id']}")).text()
    assert f"<title>Case {typed}" in case and re.search(rf"<h1>{typed}", case)
    mod = await new_moderator(runtime, "ola")
    decided = await client.post(f"/v1/mod/cases/{created['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+972523456789"}], "note": "fake"})
    assert decided.status == 200
    listed = await (await client.get("/console/blocklist")).text()
    assert typed in listed and matching_form not in listed.lower()
    found = (await (await client.get("/v1/mod/blocklist", params={"q": typed}, headers=bearer(mod))).json())["items"]
    assert found and found[0]["display_names"] == [typed]  # and the spelling still finds it


async def test_a_report_card_flags_an_invalid_phone_and_shows_the_booking_in_its_own_zone(client, runtime, clock):
    salon = await new_salon(runtime, "Studio Anna", "PL")
    from datetime import timedelta, timezone
    warsaw = timezone(timedelta(hours=1))
    starts = (clock() - timedelta(days=2)).astimezone(warsaw).replace(hour=15, minute=0, second=0, microsecond=0)
    created = await report(client, salon.secret_key, {"name": "Anna Nowak", "email": "anna@wp.pl", "phone": "123"},
                           "no_show", booking={"starts_at": starts.isoformat(), "service": "manicure"})
    await signed_in(client, runtime)
    page = await (await client.get(f"/console/cases/{created['case_id']}")).text()
    assert "not a valid number" in page
    assert starts.strftime("%Y-%m-%dT15:00:00+01:00") in page  # as the salon wrote it, not 14:00 UTC
    mine = await (await client.get(f"/v1/reports/{created['id']}", headers=bearer(salon.secret_key))).json()
    # the salon API keeps its UTC form, and nothing internal
    assert mine["booking"]["starts_at"].endswith("14:00:00.000Z") and "starts_at_offset_minutes" not in mine["booking"]


async def test_a_case_whose_reports_were_all_withdrawn_leaves_the_open_queue(client, runtime):
    salon = await new_salon(runtime)
    created = await report(client, salon.secret_key, {"name": "Jan Kowalski", "phone": "+48 512 000 111"}, "no_show")
    withdrawn = await client.post(f"/v1/reports/{created['id']}/withdraw", headers=bearer(salon.secret_key))
    assert withdrawn.status == 200
    await signed_in(client, runtime)
    assert "Jan Kowalski" not in await (await client.get("/console/queue")).text()
    assert "Jan Kowalski" in await (await client.get("/console/queue?status=resolved")).text()


async def test_a_case_with_nothing_to_list_offers_only_dismissal(client, runtime):
    salon = await new_salon(runtime)
    created = await report(client, salon.secret_key, {"name": "Jan Kowalski", "phone": "123"}, "no_show")
    await signed_in(client, runtime)
    page = await (await client.get(f"/console/cases/{created['case_id']}")).text()
    assert re.search(r'id="decide-block"[^>]*disabled', page) and re.search(r'id="decide-challenge"[^>]*disabled', page)
    assert not re.search(r'value="dismiss"[^>]*disabled', page)


async def test_after_a_decision_the_next_case_is_offered_and_pages_name_people_not_ids(client, runtime):
    anna = await new_salon(runtime, "Studio Anna", "PL")
    first = await report(client, anna.secret_key, {"name": "Ola Kot", "phone": "+48 601 234 567"})
    second = await report(client, anna.secret_key, {"name": "Ewa Lis", "phone": "+48 602 345 678"})
    await signed_in(client, runtime)
    page = await (await client.get(f"/console/cases/{first['case_id']}")).text()
    decided = await client.post(f"/console/cases/{first['case_id']}/decision", data={
        "csrf_token": csrf_of(page), "action": "block", "identifier": "phone:+48601234567", "scope": "global",
        "duration": "30", "note": "fake bookings"})
    page = await decided.text()
    assert 'id="next-case"' in page
    taken = await client.post("/console/queue/take-next", data={"csrf_token": csrf_of(page)})
    assert second["case_id"] in str(taken.url)
    history = await (await client.get(f"/console/cases/{first['case_id']}")).text()
    assert "Studio Anna (salon)" in history and "mila (moderator)" in history
    audit = await (await client.get("/console/audit")).text()
    assert "mila (moderator)" in audit and "Studio Anna (salon)" in audit
    entry_id = re.search(r'href="/console/blocklist/(ent_[^"]+)"', history).group(1)
    entry = await (await client.get(f"/console/blocklist/{entry_id}")).text()
    assert "by <span" in entry and ">mila</span>" in entry


async def test_the_queue_fits_a_phone(browser, client, runtime):  # noqa: F811
    salon = await new_salon(runtime)
    for n, name in enumerate(("Ayşe Yılmaz", "יוסי כהן", "Олена Шевченко")):
        await report(client, salon.secret_key, {"name": name, "phone": f"+48 60{n} 234 567"}, "no_show")
    await moderator(runtime, "mila")
    page = await browser.new_page(viewport={"width": 375, "height": 740})
    base = str(client.make_url("/")).rstrip("/")
    await page.goto(base + "/console/login")
    await page.fill("#username", "mila")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.goto(base + "/console/queue")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert await page.locator("text=יוסי כהן").is_visible()


async def test_the_case_page_says_why_each_report_is_in_the_case_field_by_field(client, runtime):
    """Three salons report one person three ways; the moderator reads, for every field, what it matched:
    another spelling of the same mailbox, a mailbox one letter off, a Dutch number typed the Dutch way,
    and how alike the names are — in the API and on the page."""
    from tests.helpers import case_of
    salons = [await new_salon(runtime, name, country) for name, country in
              (("Studio Anna", "PL"), ("Salon Femke", "NL"), ("Kuaför Ayşe", "TR"))]
    bodies = [{"name": "Łukasz Wiśniewski", "email": "lukasz.wisniewski@gmail.com", "phone": "+31 6 12360913"},
              {"name": "Lukasz Wisniewski", "email": "Lukasz.Wisniewski+x@googlemail.com", "phone": "06 12360913"},
              {"name": "Лукаш Вишневски", "email": "lukasz.wisniewskx@gmail.com", "phone": "0031612360913"}]
    ids = []
    for salon, subject in zip(salons, bodies):
        answer = await client.post("/v1/reports", json={"category": "fake_booking", "subject": subject},
                                   headers=bearer(salon.secret_key))
        ids.append((await answer.json())["id"])
    case_id = await case_of(client, ids[0])
    mod = await new_moderator(runtime)
    view = await (await client.get(f"/v1/mod/cases/{case_id}", headers=bearer(mod))).json()
    why = {r["id"]: {w["field"]: w for w in r["why"]} for r in view["reports"]}
    assert why[ids[1]]["email"]["how"] == "canonical" and why[ids[1]]["phone"]["how"] == "canonical"
    assert why[ids[2]]["email"]["how"] == "typo"
    assert why[ids[2]]["name"]["how"] == "similar_name" and why[ids[2]]["name"]["score"] >= 0.85
    await runtime.accounts.create_moderator("ada", "moderator", PASSWORD)
    await log_in(client, "ada")
    page = await (await client.get(f"/console/cases/{case_id}")).text()
    assert "one letter from report 1&#39;s mailbox" in page or "one letter from report 1's mailbox" in page
    assert "written another way" in page
