"""Appeals with proof of ownership, through HTTP: nothing changes until the person types back the code
sent to the email (a real SMTP server) or by text message to the phone (a fake gateway speaking HTTP);
then only the listings of what they proved are restricted; they follow the appeal with a status token
and are told the outcome. And what an attacker tries: other people's appeals, guessing codes, many at
once, codes and tokens read from the database."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest

from tests.helpers import assert_error, bearer, new_moderator, new_salon
from tests.outside import inbox, messaging, sms_gateway, with_messaging  # noqa: F401 (fixtures)
from tests.test_privacy import listed_anna

EMAIL = "anna.nowak@gmail.com"
PHONE = "+48601234567"


@pytest.fixture
def settings(settings, messaging):  # noqa: F811
    return with_messaging(settings, messaging)


async def verdict(client, key, subject) -> dict:
    response = await client.post("/v1/lookup", headers=bearer(key), json={"subject": subject})
    assert response.status == 200, await response.text()
    return await response.json()


async def appeal(client, **fields) -> dict:
    response = await client.post("/v1/appeals", json={"name": "Anna Nowak", "message": "I never booked there",
                                                      **fields})
    assert response.status == 202, await response.text()
    return await response.json()


async def test_an_email_appeal_restricts_nothing_until_the_code_comes_back_then_the_person_follows_it_to_the_end(
        client, runtime, inbox):  # noqa: F811
    world = await listed_anna(client, runtime)
    third = world["salons"][2].secret_key
    filed = await appeal(client, email="Anna.Nowak+salon@googlemail.com", language="pl")
    assert filed["status"] == "awaiting_verification" and filed["verify_by"] == "email"
    # unproved: anyone could have typed Anna's address
    assert (await verdict(client, third, {"email": EMAIL}))["verdict"] == "block"

    [code_mail] = inbox.to("Anna.Nowak+salon@googlemail.com")
    assert code_mail["Subject"] == "Twój kod do potwierdzenia odwołania w Blocklist"  # in the page's language
    assert "https://blocklist.example/transparency/appeals/" + filed["id"] in code_mail.get_content()
    code = inbox.last_code("Anna.Nowak+salon@googlemail.com")
    wrong = "000000" if code != "000000" else "111111"
    refused = await assert_error(await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": wrong}),
                                 400, "invalid_request")
    assert refused["error"]["details"] == [{"field": "code", "problem": "wrong"}]
    verified = await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": code})
    assert verified.status == 200 and (await verified.json()) == {"status": "received"}
    # proved: the email's listing asks for a confirmation at most, the phone (not proved) still blocks
    answer = await verdict(client, third, {"email": EMAIL})
    assert answer["verdict"] == "challenge" and {"code": "listing_disputed", "match": "exact"} in answer["reasons"]
    assert (await verdict(client, third, {"phone": PHONE}))["verdict"] == "block"
    # a code works once
    await assert_error(await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": code}), 409, "conflict")

    status = await client.get(f"/v1/appeals/{filed['id']}", headers=bearer(filed["status_token"]))
    assert status.status == 200 and (await status.json())["status"] == "received"
    await assert_error(await client.get(f"/v1/appeals/{filed['id']}"), 401, "unauthorized")

    resolved = await client.post(f"/v1/mod/appeals/{filed['id']}/resolve", headers=bearer(world["admin"]),
                                 json={"outcome": "lifted", "note": "Ten adres przejęła inna osoba; zdjęliśmy wpis."})
    assert resolved.status == 200, await resolved.text()
    assert await runtime.notices.send_due() >= 1
    outcome = inbox.to("Anna.Nowak+salon@googlemail.com")[-1]
    assert outcome["Subject"] == "Twoje odwołanie w Blocklist: wpis został zdjęty"
    assert "Ten adres przejęła inna osoba; zdjęliśmy wpis." in outcome.get_content()
    followed = await (await client.get(f"/v1/appeals/{filed['id']}", headers=bearer(filed["status_token"]))).json()
    assert followed["status"] == "lifted" and followed["note"] == "Ten adres przejęła inna osoba; zdjęliśmy wpis."
    assert (await verdict(client, third, {"email": EMAIL}))["verdict"] == "allow"


@pytest.mark.parametrize("country, typed, e164, lang", [
    ("TR", "0532 123 45 67", "+905321234567", "tr"),
    ("NL", "06-12345678", "+31612345678", "nl"),
    ("IL", "052-345-6789", "+972523456789", "he"),
])
async def test_a_phone_typed_nationally_is_proved_by_text_message(client, runtime, sms_gateway, country, typed, e164,
                                                                  lang):  # noqa: F811
    salon = await new_salon(runtime, "Salon", country)
    created = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
        "category": "fake_booking", "subject": {"name": "Ayşe Yılmaz", "phone": typed}})
    mod = await new_moderator(runtime)
    report = await (await client.get(f"/v1/mod/reports/{(await created.json())['id']}", headers=bearer(mod))).json()
    decided = await client.post(f"/v1/mod/cases/{report['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": e164}], "note": "fake bookings"})
    assert decided.status == 200, await decided.text()
    other = await new_salon(runtime, "Elsewhere", "DE")

    filed = await appeal(client, phone=typed, country=country, language=lang)
    assert filed["verify_by"] == "phone"
    [text] = sms_gateway.to(e164)  # the number as read, in the international form a gateway dials
    assert (await verdict(client, other.secret_key, {"phone": e164}))["verdict"] == "block"
    verified = await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": sms_gateway.last_code(e164)})
    assert verified.status == 200, await verified.text()
    assert (await verdict(client, other.secret_key, {"phone": e164}))["verdict"] == "challenge"
    resolved = await client.post(f"/v1/mod/appeals/{filed['id']}/resolve", headers=bearer(mod),
                                 json={"outcome": "upheld", "note": "three salons"})
    assert resolved.status == 200
    await runtime.notices.send_due()
    assert len(sms_gateway.to(e164)) == 2  # the code, then the outcome
    assert (await verdict(client, other.secret_key, {"phone": e164}))["verdict"] == "block"


async def test_five_wrong_codes_lock_the_appeal_even_sent_all_at_once(client, runtime, inbox):  # noqa: F811
    world = await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL)
    code = inbox.last_code(EMAIL)
    guesses = [f"{n:06d}" for n in range(20) if f"{n:06d}" != code][:12]
    answers = await asyncio.gather(*(client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": guess})
                                     for guess in guesses))
    problems = [(await a.json())["error"]["details"][0]["problem"] for a in answers]
    assert all(a.status == 400 for a in answers)
    # twelve guesses raced each other, and exactly five were counted before the lock
    assert problems.count("wrong") == 4 and problems.count("locked") == 8, problems
    locked = await assert_error(await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": code}),
                                400, "invalid_request")
    assert locked["error"]["details"] == [{"field": "code", "problem": "locked"}]
    assert (await verdict(client, world["salons"][2].secret_key, {"email": EMAIL}))["verdict"] == "block"
    status = await (await client.get(f"/v1/appeals/{filed['id']}", headers=bearer(filed["status_token"]))).json()
    assert status["locked"] is True and status["status"] == "awaiting_verification"
    mod_view = await (await client.get(f"/v1/mod/appeals/{filed['id']}", headers=bearer(world["admin"]))).json()
    assert mod_view["verified"] is False and mod_view["locked"] is True


async def test_a_code_expires_and_a_new_one_takes_the_status_token_and_a_minute(client, runtime, inbox, clock):  # noqa: F811
    await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL)
    first = inbox.last_code(EMAIL)
    clock.advance(minutes=16)
    expired = await assert_error(await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": first}),
                                 400, "invalid_request")
    assert expired["error"]["details"] == [{"field": "code", "problem": "expired"}]
    await assert_error(await client.post(f"/v1/appeals/{filed['id']}/code"), 401, "unauthorized")
    again = await client.post(f"/v1/appeals/{filed['id']}/code", headers=bearer(filed["status_token"]))
    assert again.status == 200 and (await again.json()) == {"sent": True}
    too_soon = await client.post(f"/v1/appeals/{filed['id']}/code", headers=bearer(filed["status_token"]))
    assert (await assert_error(too_soon, 400, "invalid_request"))["error"]["details"][0]["problem"] == "too soon"
    second = inbox.last_code(EMAIL)
    if second != first:  # the old code died with the new one
        await assert_error(await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": first}), 400,
                           "invalid_request")
    assert (await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": second})).status == 200


async def test_an_unverified_appeal_reaches_moderators_marked_and_restricts_nothing(client, runtime, inbox):  # noqa: F811
    world = await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL, never_booked=True)
    listed = await (await client.get("/v1/mod/appeals?status=open", headers=bearer(world["admin"]))).json()
    [item] = listed["items"]
    assert item["id"] == filed["id"] and item["verified"] is False and item["never_booked"] is True
    assert (await verdict(client, world["salons"][2].secret_key, {"email": EMAIL}))["verdict"] == "block"
    # a moderator may still decide it: an upheld unverified appeal changes nothing either
    resolved = await client.post(f"/v1/mod/appeals/{filed['id']}/resolve", headers=bearer(world["admin"]),
                                 json={"outcome": "upheld", "note": "reports from three salons"})
    assert resolved.status == 200
    assert (await verdict(client, world["salons"][2].secret_key, {"email": EMAIL}))["verdict"] == "block"


async def test_without_a_way_to_send_a_code_the_appeal_says_so_and_restricts_nothing(aiohttp_client, settings,
                                                                                     clock):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    client = await aiohttp_client(create_app(dataclasses.replace(settings, smtp_url="", sms_url=""), clock=clock))
    runtime = client.app[RUNTIME]
    await wait_ready(runtime)
    world = await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL, phone=PHONE)
    assert filed["verify_by"] == "none"
    await assert_error(await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": "123456"}), 409,
                       "conflict")
    assert (await verdict(client, world["salons"][2].secret_key, {"phone": PHONE}))["verdict"] == "block"


async def test_codes_and_status_tokens_are_stored_only_as_keyed_hashes(client, runtime, inbox):  # noqa: F811
    await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL)
    code = inbox.last_code(EMAIL)
    stored = await runtime.collections.appeals.find_one({"_id": filed["id"]})
    text = repr(stored)
    assert code not in text and filed["status_token"] not in text
    assert EMAIL not in text  # and the address is sealed


async def test_one_persons_status_token_opens_no_other_appeal(client, runtime, inbox):  # noqa: F811
    await listed_anna(client, runtime)
    mine = await appeal(client, email=EMAIL)
    theirs = await appeal(client, email="someone.else@example.com", name="Someone Else")
    for path in (f"/v1/appeals/{theirs['id']}", "/v1/appeals/apl_doesnotexist", "/v1/appeals/x"):
        await assert_error(await client.get(path, headers=bearer(mine["status_token"])), 401, "unauthorized")
    await assert_error(await client.post(f"/v1/appeals/{theirs['id']}/code", headers=bearer(mine["status_token"])),
                       401, "unauthorized")


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}])
async def test_a_cross_site_page_cannot_type_codes_for_its_visitors(client, runtime, inbox, headers):  # noqa: F811
    world = await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL)
    response = await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": inbox.last_code(EMAIL)},
                                 headers=headers)
    await assert_error(response, 403, "forbidden")
    assert (await verdict(client, world["salons"][2].secret_key, {"email": EMAIL}))["verdict"] == "block"


async def test_a_gateway_that_fails_keeps_the_appeal_and_a_new_code_goes_once_it_is_back(client, runtime,
                                                                                          sms_gateway, clock):  # noqa: F811
    await listed_anna(client, runtime)
    sms_gateway.failing = True
    filed = await appeal(client, phone="601 234 567", country="PL")
    assert filed["verify_by"] == "phone" and sms_gateway.texts == []
    sms_gateway.failing = False
    clock.advance(minutes=2)
    again = await client.post(f"/v1/appeals/{filed['id']}/code", headers=bearer(filed["status_token"]))
    assert (await again.json()) == {"sent": True}
    assert (await client.post(f"/v1/appeals/{filed['id']}/verify",
                              json={"code": sms_gateway.last_code(PHONE)})).status == 200


async def test_a_listing_upheld_on_appeal_is_not_restricted_again_for_90_days(client, runtime, clock, inbox):  # noqa: F811
    world = await listed_anna(client, runtime)
    key, admin = world["salons"][2].secret_key, world["admin"]

    async def proved(message: str) -> dict:
        filed = await appeal(client, email=EMAIL, message=message)
        assert (await client.post(f"/v1/appeals/{filed['id']}/verify",
                                  json={"code": inbox.last_code(EMAIL)})).status == 200
        return filed

    first = await proved("I never booked there")
    assert (await verdict(client, key, {"email": EMAIL}))["verdict"] == "challenge"  # restricted while contested
    resolved = await client.post(f"/v1/mod/appeals/{first['id']}/resolve", headers=bearer(admin),
                                 json={"outcome": "upheld", "note": "three salons, same address"})
    assert resolved.status == 200, await resolved.text()
    assert (await verdict(client, key, {"email": EMAIL}))["verdict"] == "block"
    clock.advance(days=30)
    again = await proved("still not me")
    assert (await verdict(client, key, {"email": EMAIL}))["verdict"] == "block"  # read, but restricts nothing
    queue = (await (await client.get("/v1/mod/appeals?status=received", headers=bearer(admin))).json())["items"]
    assert [a["id"] for a in queue] == [again["id"]]
    clock.advance(days=61)
    await proved("months later")
    assert (await verdict(client, key, {"email": EMAIL}))["verdict"] == "challenge"


async def test_a_misused_identity_challenges_instead_of_blocking_everywhere_and_flags_new_reports(
        client, runtime, inbox, aiohttp_client, settings, clock):  # noqa: F811
    world = await listed_anna(client, runtime)
    admin, third = world["admin"], world["salons"][2].secret_key
    filed = await appeal(client, email=EMAIL, never_booked=True, message="Someone booked with my address.")
    assert (await client.post(f"/v1/appeals/{filed['id']}/verify", json={"code": inbox.last_code(EMAIL)})).status == 200
    detail = await (await client.get(f"/v1/mod/appeals/{filed['id']}", headers=bearer(admin))).json()
    assert detail["never_booked"] is True and detail["verified"] is True
    [email_entry] = [e for e in detail["entries"] if e["kind"] == "email"]
    await assert_error(await client.post(f"/v1/mod/blocklist/{email_entry['id']}/misuse", headers=bearer(admin),
                                         json={"note": ""}), 400, "invalid_request")
    marked = await client.post(f"/v1/mod/blocklist/{email_entry['id']}/misuse", headers=bearer(admin),
                               json={"note": "her mailbox was used by a former partner"})
    assert marked.status == 200 and (await marked.json())["misused"] is True
    # the appeal is upheld (the listing stays), yet the owner is asked to confirm, not turned away
    await client.post(f"/v1/mod/appeals/{filed['id']}/resolve", headers=bearer(admin),
                      json={"outcome": "upheld", "note": "kept, marked as misused"})
    answer = await verdict(client, third, {"email": EMAIL})
    assert (answer["verdict"], answer["action"]) == ("challenge", "require_confirmation")
    assert {"code": "identity_misuse_reported", "match": "exact"} in answer["reasons"]
    assert (await verdict(client, third, {"phone": PHONE}))["verdict"] == "block"  # the phone was not misused

    # a new report about the address is flagged on its case
    fourth = await new_salon(runtime, "Studio Delta", "PL")
    created = await client.post("/v1/reports", headers=bearer(fourth.secret_key), json={
        "category": "fake_booking", "subject": {"name": "Zofia Zielińska", "email": "annanowak@gmail.com"}})
    report = await (await client.get(f"/v1/mod/reports/{(await created.json())['id']}", headers=bearer(admin))).json()
    case = await (await client.get(f"/v1/mod/cases/{report['case_id']}", headers=bearer(admin))).json()
    assert {"kind": "email", "value": "annanowak@gmail.com", "misuse_reported": True} in case["identifiers"]

    # every process knows it, including one started from a snapshot
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    await runtime.write_snapshot()
    restarted = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(restarted.app[RUNTIME])
    assert restarted.app[RUNTIME].index_source == "snapshot"
    assert (await verdict(restarted, third, {"email": EMAIL}))["verdict"] == "challenge"

    cleared = await client.post(f"/v1/mod/blocklist/{email_entry['id']}/misuse", headers=bearer(admin),
                                json={"misused": False, "note": "the police report was withdrawn"})
    assert (await cleared.json())["misused"] is False
    assert (await verdict(client, third, {"email": EMAIL}))["verdict"] == "block"


async def test_a_no_show_history_stops_asking_for_a_deposit_once_its_listing_ends(client, runtime, clock,
                                                                                   aiohttp_client, settings):
    """Standing is earned back (the rule the transparency page states): the no-shows a listing was decided
    on count no more once it is lifted or over; no-shows reported after that count again."""
    salons = [await new_salon(runtime, f"Salon {n}", "PL") for n in range(4)]
    mod = await new_moderator(runtime)
    deposit = ("challenge", "require_deposit")

    async def no_show(salon, phone: str) -> dict:
        created = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
            "category": "no_show", "subject": {"name": "Zeynep Kaya", "phone": phone}})
        assert created.status == 201, await created.text()
        return await (await client.get(f"/v1/mod/reports/{(await created.json())['id']}", headers=bearer(mod))).json()

    async def answer(phone: str, client=client) -> tuple[str, str]:
        found = await verdict(client, salons[3].secret_key, {"phone": phone})
        return found["verdict"], found["action"]

    async def decided(report: dict, phone: str, **extra) -> dict:
        response = await client.post(f"/v1/mod/cases/{report['case_id']}/decision", headers=bearer(mod), json={
            "action": "challenge", "identifiers": [{"kind": "phone", "value": phone}], "note": "no-shows", **extra})
        assert response.status == 200, await response.text()
        return await response.json()

    # lifted: Zeynep's number
    await no_show(salons[0], "+905321234567")
    report = await no_show(salons[1], "+90 532 123 45 67")
    assert await answer("+905321234567") == deposit
    case = await decided(report, "+905321234567")
    assert await answer("+905321234567") == deposit  # in force: asks for a deposit
    [entry] = case["entries"]
    lifted = await client.post(f"/v1/mod/blocklist/{entry['id']}/lift", headers=bearer(mod),
                               json={"note": "she came to her last four appointments"})
    assert lifted.status == 200
    assert await answer("+905321234567") == ("allow", "none")

    # over: another number, listed for 30 days
    await no_show(salons[0], "+48601234567")
    report = await no_show(salons[1], "+48601234567")
    await decided(report, "+48601234567", expires_at=(clock() + timedelta(days=30)).isoformat())
    assert await answer("+48601234567") == deposit
    clock.advance(days=31)
    assert await answer("+48601234567") == ("allow", "none")
    # a process started afterwards (from a snapshot) knows it too
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    await runtime.write_snapshot()
    restarted = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(restarted.app[RUNTIME])
    assert await answer("+48601234567", restarted) == ("allow", "none")
    assert await answer("+905321234567", restarted) == ("allow", "none")

    # new no-shows after the listing ended count again
    await no_show(salons[1], "+48601234567")
    await no_show(salons[2], "+48 601 234 567")
    assert await answer("+48601234567") == deposit


async def test_appeals_from_many_addresses_cannot_flood_one_mailbox_with_codes(client, runtime, inbox,  # noqa: F811
                                                                               clock):
    await listed_anna(client, runtime)
    for n in range(5):
        response = await client.post("/v1/appeals", json={"name": "Anna Nowak", "email": EMAIL, "message": "x"},
                                     headers={"X-Forwarded-For": f"203.0.113.{n}"})
        assert response.status == 202, await response.text()
    sixth = await client.post("/v1/appeals", json={"name": "Anna Nowak", "email": EMAIL, "message": "x"})
    error = await assert_error(sixth, 429, "rate_limited")
    # the day's count ends at midnight UTC (a test run late in the evening waits less than an hour)
    midnight = (clock().timestamp() // 86400 + 1) * 86400
    assert "today" in error["error"]["message"]
    assert abs(int(sixth.headers["Retry-After"]) - (midnight - clock().timestamp())) <= 60
    assert len(inbox.to(EMAIL)) == 5 and await runtime.collections.appeals.count_documents({}) == 5
    # another person's mailbox is not affected
    assert (await client.post("/v1/appeals", json={"name": "Jan", "email": "jan.kowalski@wp.pl",
                                                   "message": "x"})).status == 202


async def test_the_appeal_page_refuses_cross_site_posts_and_browsers_without_its_token(client, runtime, inbox):  # noqa: F811
    world = await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL)
    page = f"/transparency/appeals/{filed['id']}"
    cookie = {"Cookie": f"blocklist_appeal={filed['id']}:{filed['status_token']}"}
    code = {"code": inbox.last_code(EMAIL)}
    assert (await client.post(page + "/verify", data=code, headers={**cookie, "Sec-Fetch-Site": "cross-site"})).status == 403
    assert (await client.post(page + "/verify", data=code, headers={"Cookie": "blocklist_appeal=x:y"})).status == 401
    assert (await client.post(page + "/code", headers={"Origin": "https://evil.example", **cookie})).status == 403
    assert (await verdict(client, world["salons"][2].secret_key, {"email": EMAIL}))["verdict"] == "block"
    done = await client.post(page + "/verify", data=code, headers=cookie, allow_redirects=False)
    assert done.status == 303  # the browser holding the token, from the service's own page
    assert (await verdict(client, world["salons"][2].secret_key, {"email": EMAIL}))["verdict"] == "challenge"


async def test_the_link_in_the_code_email_opens_the_appeal_on_another_device_and_leaves_the_address_bar(
        client, runtime, inbox):  # noqa: F811
    import re
    await listed_anna(client, runtime)
    filed = await appeal(client, email=EMAIL, language="nl")
    link = re.search(r"https://blocklist\.example(/transparency/appeals/\S+)", inbox.to(EMAIL)[-1].get_content()).group(1)
    assert f"token={filed['status_token']}" in link
    # another phone, no cookie: the link's token goes into a cookie for the appeal's pages, and out of the URL
    opened = await client.get(link, allow_redirects=False)
    assert opened.status == 303 and "token" not in opened.headers["Location"]
    cookie = opened.cookies["blocklist_appeal"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/transparency/appeals/"
    page = await client.get(opened.headers["Location"], headers={"Cookie": f"blocklist_appeal={cookie.value}"})
    assert page.status == 200 and "6 cijfers" in await page.text()  # the code form, in Dutch
    # a link with someone else's token (or none) opens nothing and sets nothing
    forged = await client.get(link.replace(filed["status_token"], "x" * 32), allow_redirects=False)
    assert forged.status == 401 and "blocklist_appeal" not in forged.cookies
