"""The moderation console: sessions, CSRF, headers and roles over HTTP; the whole working day in Chromium."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from yarl import URL

from tests.helpers import bearer, new_salon, with_case
from tests.test_widget import browser, chromium_path  # noqa: F401  (the browser fixture)

PASSWORD = "correct horse battery staple"
# BLOCKLIST_SCREENSHOTS=docs/screenshots ./scripts/test  refreshes the README's pictures
SCREENSHOTS_ENV = "BLOCKLIST_SCREENSHOTS"


@pytest.fixture
def settings(settings):
    # the test server speaks plain HTTP: cookies without Secure (production keeps the default: on)
    # (and no second factor: test_two_step_login covers the production default)
    return dataclasses.replace(settings, console_secure_cookies=False, console_require_mfa=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


async def log_in(client, username="mila", password=PASSWORD):
    page = await client.get("/console/login")
    return await client.post("/console/login", allow_redirects=False, data={
        "username": username, "password": password, "csrf_token": csrf_of(await page.text()), "next": "/console/"})


async def moderator(runtime, username="mila", role="admin"):
    created, _ = await runtime.accounts.create_moderator(username, role, PASSWORD)
    return created


async def report(client, key, subject, category="fake_booking", **extra):
    response = await client.post("/v1/reports", json={"category": category, "subject": subject, **extra},
                                 headers=bearer(key))
    assert response.status == 201, await response.text()
    return await with_case(client, await response.json())


# ---------------------------------------------------------------- over HTTP

async def test_pages_need_a_login_and_a_session_ends_at_logout(client, runtime):
    await moderator(runtime)
    response = await client.get("/console/queue", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith("/console/login")
    response = await log_in(client)
    assert response.status == 303
    cookie = response.cookies["blocklist_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    queue = await client.get("/console/queue")
    assert queue.status == 200 and "Open cases" in await queue.text()
    logout = await client.post("/console/logout", data={"csrf_token": csrf_of(await queue.text())},
                               allow_redirects=False)
    assert logout.status == 303
    client.session.cookie_jar.update_cookies({"blocklist_session": cookie.value}, URL(str(client.make_url("/"))))
    again = await client.get("/console/queue", allow_redirects=False)
    assert again.status == 303  # the old cookie is dead on the server


async def test_wrong_password_and_unknown_user_look_the_same_and_back_off(client, runtime):
    await moderator(runtime)
    unknown = await log_in(client, "nobody", PASSWORD)
    wrong = await log_in(client, "mila", "wrong password!!")
    assert unknown.status == wrong.status == 401
    assert "Wrong username, password or code." in await unknown.text()
    assert "Wrong username, password or code." in await wrong.text()
    for _ in range(9):
        await log_in(client, "mila", "wrong password!!")
    throttled = await log_in(client, "mila", PASSWORD)  # even the right password waits now
    assert throttled.status == 429 and int(throttled.headers["Retry-After"]) > 0


async def test_idle_and_absolute_timeouts(client, runtime, clock):
    await moderator(runtime)
    await log_in(client)
    clock.advance(minutes=14)
    assert (await client.get("/console/queue", allow_redirects=False)).status == 200
    clock.advance(minutes=16)  # idle for longer than 15 minutes
    assert (await client.get("/console/queue", allow_redirects=False)).status == 303
    await log_in(client)
    for _ in range(8 * 6):  # active every 10 minutes, but 8 hours is the end in any case
        clock.advance(minutes=10)
        response = await client.get("/console/queue", allow_redirects=False)
    assert response.status == 303


async def test_disabling_a_moderator_ends_their_session(client, runtime):
    admin = await moderator(runtime, "boss", "admin")
    mila = await moderator(runtime, "mila", "moderator")
    await log_in(client, "mila")
    assert (await client.get("/console/queue", allow_redirects=False)).status == 200
    from blocklist.models import ModeratorPrincipal
    await runtime.console.set_moderator_disabled(ModeratorPrincipal(admin), mila.id, True)
    assert (await client.get("/console/queue", allow_redirects=False)).status == 303


async def test_forms_without_the_token_or_from_another_site_are_refused(client, runtime):
    await moderator(runtime)
    salon = await new_salon(runtime)
    created = await report(client, salon.secret_key, {"name": "Anna Nowak", "phone": "+48601234567"})
    await log_in(client)
    page = await client.get(f"/console/cases/{created['case_id']}")
    token = csrf_of(await page.text())
    form = {"action": "dismiss", "note": "forged", "scope": "global"}
    no_token = await client.post(f"/console/cases/{created['case_id']}/decision", data=form)
    assert no_token.status == 403
    cross_site = await client.post(f"/console/cases/{created['case_id']}/decision", data={**form, "csrf_token": token},
                                   headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status == 403
    other_origin = await client.post(f"/console/cases/{created['case_id']}/decision",
                                     data={**form, "csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert other_origin.status == 403
    assert (await client.get(f"/console/cases/{created['case_id']}/decision")).status == 405
    found = await runtime.moderation.case(created["case_id"])
    assert found.case.status == "open"  # none of them changed anything


async def test_every_console_page_sends_the_security_headers(client, runtime):
    await moderator(runtime)
    await log_in(client)
    for path in ["/console/login", "/console/queue", "/console/dashboard", "/console/blocklist", "/console/appeals",
                 "/console/audit", "/console/admin", "/console/cases/case_missing"]:
        response = await client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Type"].startswith("text/html; charset=utf-8")
        assert "<script>" not in await response.text()  # no inline script anywhere


async def test_secure_cookies_and_hsts_in_production_mode(aiohttp_client, settings, clock, runtime):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    secure = await aiohttp_client(create_app(dataclasses.replace(settings, console_secure_cookies=True), clock=clock))
    await wait_ready(secure.app[RUNTIME])
    await moderator(runtime)
    page = await secure.get("/console/login")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    response = await secure.post("/console/login", allow_redirects=False, data={
        "username": "mila", "password": PASSWORD, "csrf_token": csrf_of(await page.text()), "next": "/console/"},
        cookies={"blocklist_login_csrf": page.cookies["blocklist_login_csrf"].value})
    assert response.status == 303, await response.text()
    cookie = response.cookies["__Host-blocklist_session"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"


async def test_two_step_login(aiohttp_client, settings, clock, runtime):
    """With the production default, a password alone opens nothing but the second factor's setup; once
    set up, a login needs the current code, and each code works once."""
    import pyotp

    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    console = await aiohttp_client(create_app(dataclasses.replace(settings, console_require_mfa=True), clock=clock))
    await wait_ready(console.app[RUNTIME])
    await moderator(runtime, "mila", "admin")

    assert (await log_in(console)).status == 303
    queue = await console.get("/console/queue", allow_redirects=False)
    assert queue.status == 303 and queue.headers["Location"] == "/console/mfa"  # nothing else before it is set up
    page = await console.get("/console/mfa")
    await console.post("/console/mfa/setup", data={"csrf_token": csrf_of(await page.text())})
    page = await console.get("/console/mfa")
    html = await page.text()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert f"secret={secret}" in html  # the otpauth:// link for apps that take one
    wrong = await console.post("/console/mfa/confirm", data={"csrf_token": csrf_of(html), "code": "000000"},
                               allow_redirects=False)
    assert wrong.headers["Location"] == "/console/mfa"
    assert (await console.get("/console/queue", allow_redirects=False)).status == 303  # still not on
    totp = pyotp.TOTP(secret)
    confirmed = await console.post("/console/mfa/confirm", data={"csrf_token": csrf_of(html), "code": totp.at(clock())})
    recovery_codes = re.findall(r'<code class="secret">([0-9a-f]{6}-[0-9a-f]{6})</code>', await confirmed.text())
    assert len(recovery_codes) == 10  # shown once, with the confirmation
    assert (await console.get("/console/queue")).status == 200
    stored = await runtime.collections.moderators.find_one({"username": "mila"})
    assert secret not in repr(stored)  # sealed at rest, like personal data

    async def fresh_login(code: str | None):
        console.session.cookie_jar.clear()
        form_page = await console.get("/console/login")
        data = {"username": "mila", "password": PASSWORD, "csrf_token": csrf_of(await form_page.text()),
                "next": "/console/"}
        if code is not None:
            data["code"] = code
        return await console.post("/console/login", allow_redirects=False, data=data)

    clock.advance(seconds=60)  # past the code used to switch it on
    refused = await fresh_login(None)
    assert refused.status == 401 and "blocklist_session" not in refused.cookies  # the password alone: no session
    assert "Wrong username, password or code." in await refused.text()
    assert (await fresh_login("123456" if totp.at(clock()) != "123456" else "654321")).status == 401
    code = totp.at(clock())
    accepted = await fresh_login(code)
    assert accepted.status == 303 and "blocklist_session" in accepted.cookies
    assert (await console.get("/console/queue")).status == 200
    assert (await fresh_login(code)).status == 401  # the same code a second time
    earlier = totp.at(clock() - timedelta(seconds=30))  # still inside the window for clock drift, but older
    assert earlier == code or (await fresh_login(earlier)).status == 401
    clock.advance(seconds=30)
    assert (await fresh_login(totp.at(clock()))).status == 303

    # the phone is not at hand: a recovery code logs in once
    assert recovery_codes[0] not in repr(await runtime.collections.moderators.find_one({"username": "mila"}))
    assert (await fresh_login(recovery_codes[0].upper())).status == 303
    assert (await fresh_login(recovery_codes[0])).status == 401  # spent
    assert (await fresh_login(recovery_codes[1])).status == 303
    assert "8 left" in await (await console.get("/console/mfa")).text()
    page = await console.get("/console/mfa")
    renewed = await console.post("/console/mfa/recovery-codes", data={"csrf_token": csrf_of(await page.text())})
    fresh_codes = re.findall(r'<code class="secret">([0-9a-f]{6}-[0-9a-f]{6})</code>', await renewed.text())
    assert len(fresh_codes) == 10 and not set(fresh_codes) & set(recovery_codes)
    assert (await fresh_login(recovery_codes[2])).status == 401  # the earlier ones no longer work
    assert (await fresh_login(fresh_codes[0])).status == 303

    # a lost phone: another admin removes the second factor, and the next login sets up a new one
    await moderator(runtime, "ola", "admin")
    admin_id = (await runtime.collections.moderators.find_one({"username": "mila"}))["_id"]
    assert (await console.get("/console/queue", allow_redirects=False)).status == 200
    await runtime.accounts.reset_mfa("admin:cli", admin_id)  # (in another process)
    await console.app[RUNTIME].sync_once()  # this one learns of it (every half second)
    # the session she is in asks for a new factor before anything else
    assert (await console.get("/console/queue", allow_redirects=False)).headers["Location"] == "/console/mfa"
    assert (await fresh_login(None)).status == 303
    assert (await console.get("/console/queue", allow_redirects=False)).headers["Location"] == "/console/mfa"
    actions = [record["action"] for record in await runtime.collections.audit.find({"target": admin_id}).to_list()]
    assert {"moderator.mfa_enabled", "moderator.mfa_reset", "moderator.recovery_codes_issued",
            "moderator.recovery_code_used"} <= set(actions)


async def test_a_moderator_cannot_open_admin_pages(client, runtime):
    await moderator(runtime, "mila", "moderator")
    await log_in(client)
    response = await client.get("/console/admin")
    assert response.status == 403
    queue = await client.get("/console/queue")
    forged = await client.post("/console/admin/salons", data={"name": "X", "country": "PL",
                                                              "csrf_token": csrf_of(await queue.text())})
    assert forged.status == 403


async def test_an_admin_issues_a_key_with_some_scopes(client, runtime):
    await moderator(runtime)
    salon = await new_salon(runtime)
    await log_in(client)
    page = await client.get(f"/console/admin/salons/{salon.salon.id}")
    form = [("csrf_token", csrf_of(await page.text())), ("kind", "secret"), ("scopes", "lookup")]
    created = await client.post(f"/console/admin/salons/{salon.salon.id}/keys", data=form)
    assert created.status == 200
    key = re.search(r"bl_sk_[A-Za-z0-9_-]+", await created.text()).group(0)
    assert (await (await client.get("/v1/me", headers=bearer(key))).json())["scopes"] == ["lookup"]
    listing = await (await client.get(f"/console/admin/salons/{salon.salon.id}")).text()
    assert "<td>lookup</td>" in listing and "lookup, report:read, report:write" in listing  # the new key, the first


async def test_names_are_escaped_everywhere(client, runtime):
    await moderator(runtime)
    salon = await new_salon(runtime)
    hostile = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'
    created = await report(client, salon.secret_key, {"name": hostile, "email": "x@example.org"},
                           evidence={"notes": hostile})
    await log_in(client)
    for path in [f"/console/cases/{created['case_id']}", "/console/queue"]:
        html = await (await client.get(path)).text()
        assert "<img src=x" not in html and "<script>alert" not in html, path


def test_every_console_route_declares_its_access():
    from moderation_ui import create_console
    console = create_console()
    routes = [route for route in console.router.routes() if route.method != "HEAD"]
    assert len(routes) > 20
    for route in routes:
        assert getattr(route.handler, "page_access", None) in {"public", "setup", "moderator", "admin"}, route


# ---------------------------------------------------------------- in Chromium

async def test_a_moderators_day_in_the_browser(browser, client, runtime, clock, tmp_path):  # noqa: F811
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    await moderator(runtime, "mila", "admin")
    a, b = await new_salon(runtime, "Studio Anna", "PL"), await new_salon(runtime, "Salon Bella", "PL")
    await report(client, a.secret_key, {"name": "Anna Nowak", "phone": "+48 601 234 567",
                                        "email": "anna.nowak@gmail.com"},
                 evidence={"notes": "third fake booking this month", "contacted": True, "reachable": False})
    clock.advance(hours=2)
    await report(client, b.secret_key, {"name": "Ania Nowakowa", "phone": "601234567"}, "no_show")
    base = str(client.make_url("/")).rstrip("/")
    page = await browser.new_page(viewport={"width": 1280, "height": 800})

    await page.goto(base + "/console/queue")
    assert "/console/login" in page.url
    await page.fill("#username", "mila")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=Open cases")
    shots.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(shots / "queue.png"), full_page=True)

    await page.click("#take-next")  # claims the highest-priority case for me
    await page.wait_for_selector("text=You are working on this case.")
    assert await page.locator("mark").count() > 0  # the other spelling is highlighted
    await page.check('input[name="duration"][value="90"]')
    await page.fill("#note", "two salons, fake bookings and a no-show; number unreachable")
    await page.screenshot(path=str(shots / "case.png"), full_page=True)
    await page.click("#decide-block")
    await page.wait_for_selector("text=Blocked: the decision is recorded in the audit log.")

    await page.goto(base + "/console/blocklist?q=0048601234567")  # the number written another way
    await page.click("text=phone: +48601234567")
    await page.fill("#lift-note", "the customer paid the salons back")
    await page.click("#lift")
    await page.wait_for_selector("text=Lifted: lookups no longer match this entry.")

    # an appeal about the email, which is still listed
    response = await client.post("/v1/appeals", json={"name": "Anna Nowak", "email": "anna.nowak@gmail.com",
                                                      "message": "I never booked at these salons."})
    assert response.status == 202
    await page.goto(base + "/console/appeals")
    await page.click("tbody tr:has-text('Anna Nowak') a")
    await page.check('input[name="outcome"][value="lifted"]')
    await page.fill("#resolve-note", "a stolen identity, confirmed by phone")
    await page.click("#resolve")
    await page.wait_for_selector("text=Appeal resolved: the entries are lifted.")

    await page.goto(base + "/console/audit")
    for action in ("case.block", "entry.lifted", "appeal.lifted"):
        assert await page.locator(f"td:text-is('{action}')").count() >= 1, action

    await page.goto(base + "/console/dashboard")
    assert await page.locator("figure.chart svg rect").count() > 0
    assert (shots / "queue.png").stat().st_size > 10_000
    await page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

    # a form whose token was removed is refused and changes nothing
    await page.goto(base + "/console/admin")
    await page.fill("#salon-name", "Forged Salon")
    await page.fill("#salon-country", "PL")
    await page.evaluate("document.querySelector('form[action=\"/console/admin/salons\"] [name=csrf_token]').remove()")
    await page.click("text=Create salon and keys")
    await page.wait_for_selector("text=missing its security token")
    assert all(s.name != "Forged Salon" for s in await runtime.console.account_store.list_salons(100))

    # readable on a phone
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(base + "/console/queue")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390 + 1


async def test_working_on_a_case_keeps_it_mine_and_leaving_it_lets_it_go(client, runtime, clock):
    """A moderator who keeps a case's page busy keeps the claim (renewed once less than half of the hour is left,
    not written at every view); one who walks away loses it when the hour is up, and the queue shows who holds
    what."""
    anna = await new_salon(runtime, "Studio Anna", "PL")
    case_id = (await report(client, anna.secret_key, {"name": "Маргарита Соколова", "phone": "8 (916) 123-45-67"},
                            "no_show"))["case_id"]
    await moderator(runtime, "mila", "moderator")
    assert (await log_in(client)).status == 303
    queue = await client.get("/console/queue")
    taken = await client.post("/console/queue/take-next", data={"csrf_token": csrf_of(await queue.text())},
                              allow_redirects=False)
    assert taken.status == 303 and taken.headers["Location"] == f"/console/cases/{case_id}"

    async def held_until() -> float:
        return (await runtime.collections.db.cases.find_one({"_id": case_id}))["claimed_until"]
    claimed = await held_until()
    assert "mila" in await (await client.get("/console/queue")).text()  # the assignee column
    for _ in range(3):  # (a view every ten minutes keeps the console session too)
        clock.advance(minutes=10)
        assert (await client.get(f"/console/cases/{case_id}", allow_redirects=False)).status == 200
        assert await held_until() == claimed  # 30 minutes or more left: no write
    clock.advance(minutes=10)
    assert (await client.get(f"/console/cases/{case_id}", allow_redirects=False)).status == 200
    assert await held_until() == clock().timestamp() + 3600  # 20 left: renewed for an hour from now
    clock.advance(minutes=61)  # mila walked away
    olek, _ = await runtime.accounts.create_moderator("olek", "moderator", PASSWORD)
    from blocklist.models import ModeratorPrincipal
    assert await runtime.console.take_next(ModeratorPrincipal(olek)) == case_id
    assert (await log_in(client)).status == 303  # (mila's session ended too)
    page = await (await client.get("/console/queue")).text()
    assert "olek" in page and "mila" not in page.split("<tbody>")[1]


async def test_a_moderator_narrows_the_queue_in_the_console_and_hostile_cursors_break_nothing(client, runtime, clock):
    """Over HTTP, as a moderator does: the queue by category, by number of salons and "mine" (each an index range
    now), and cursors someone crafted (dates at the ends of what can be stored, priorities out of range, ids shaped
    like operators) answer 200 or 400, never 500, and the queue still works after."""
    import base64
    import json
    anna, bram = await new_salon(runtime, "Studio Anna", "PL"), await new_salon(runtime, "Kapsalon Bram", "NL")
    no_show = (await report(client, anna.secret_key, {"name": "Zofia Wójcik", "phone": "601 234 567"},
                            "no_show"))["case_id"]
    clock.advance(minutes=1)
    abusive = (await report(client, anna.secret_key, {"name": "Ayşe Yılmaz", "phone": "+90 532 123 45 67"},
                            "abusive"))["case_id"]
    await report(client, bram.secret_key, {"name": "Ayse Yilmaz", "phone": "+905321234567"}, "no_show")
    await moderator(runtime, "mila", "moderator")
    assert (await log_in(client)).status == 303

    async def listed(query: str) -> set[str]:
        page = await client.get("/console/queue" + query)
        assert page.status == 200, query
        return set(re.findall(r"/console/cases/(case_[0-9a-f]+)", await page.text())) & {no_show, abusive}
    assert await listed("") == {no_show, abusive}
    assert await listed("?category=abusive") == {abusive}
    assert await listed("?category=no_show") == {no_show, abusive}  # Ayşe was reported for a no-show too
    assert await listed("?min_salons=2") == {abusive}
    assert await listed("?mine=1") == set()
    queue = await client.get("/console/queue")
    taken = await client.post("/console/queue/take-next", data={"csrf_token": csrf_of(await queue.text())},
                              allow_redirects=False)
    assert taken.status == 303
    assert await listed("?mine=1") == {abusive}  # the highest priority: two salons

    def cursor(*parts) -> str:
        return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")
    for crafted in [cursor(1e308, "0001-01-01T00:00:00Z", "case_"), cursor(-5, "9999-12-31T23:59:59.999999Z", "$gt"),
                    cursor(0, "1969-12-31T23:59:59Z", {"$ne": None}), cursor("x", "y", "z"), "not-a-cursor",
                    cursor(3, "9999-12-31T23:59:59-14:00", "case_x")]:
        for query in ("?cursor=", "?category=abusive&cursor=", "?mine=1&cursor=", "?min_salons=2&cursor="):
            answer = await client.get("/console/queue" + query + crafted)
            assert answer.status in (200, 400), (query, crafted, answer.status)
        api = await client.get("/console/blocklist?cursor=" + crafted)
        assert api.status in (200, 400), crafted
    assert await listed("?category=abusive") == {abusive}


async def test_take_next_skips_claimed_cases_until_the_claim_lapses(client, runtime, clock):
    from blocklist.models import ModeratorPrincipal
    salon = await new_salon(runtime)
    first = await report(client, salon.secret_key, {"name": "Anna Nowak", "phone": "+48601234567"})
    clock.advance(minutes=1)
    second = await report(client, salon.secret_key, {"name": "Jan Kowalski", "phone": "+48512000111"})
    mila = ModeratorPrincipal(await moderator(runtime, "mila", "moderator"))
    olek = ModeratorPrincipal(await moderator(runtime, "olek", "moderator"))
    taken_by_mila = await runtime.console.take_next(mila)
    taken_by_olek = await runtime.console.take_next(olek)
    assert {taken_by_mila, taken_by_olek} == {first["case_id"], second["case_id"]}
    assert await runtime.console.take_next(olek) == taken_by_olek  # my own claim, not somebody else's
    assert not await runtime.console.claim(olek, taken_by_mila)
    clock.advance(minutes=61)  # mila went home
    assert await runtime.console.claim(olek, taken_by_mila)
    records = await runtime.audit.list(50, actor=olek.actor)
    assert "case.claimed" in {r["action"] for r in records}


async def test_an_admin_handles_a_subject_request_in_the_console(client, runtime):
    await moderator(runtime)
    salon = await new_salon(runtime)
    await report(client, salon.secret_key, {"name": "Anna Nowak", "phone": "+48601234567"})
    await log_in(client)
    token = csrf_of(await (await client.get("/console/admin")).text())
    export = await client.post("/console/admin/subject-requests", data={
        "csrf_token": token, "phone": "+48 601 234 567", "action": "export"})
    text = await export.text()
    assert export.status == 200 and "no_show" not in text and "fake_booking" in text and "Studio Anna" not in text
    refused = await client.post("/console/admin/subject-requests", data={
        "csrf_token": token, "phone": "+48601234567", "action": "erase", "note": "DSR-1"})
    assert "tick the box" in await refused.text()
    erased = await client.post("/console/admin/subject-requests", data={
        "csrf_token": token, "phone": "+48601234567", "action": "erase", "note": "DSR-1", "confirm": "on"})
    assert "Erased (" in await erased.text()
    assert await runtime.collections.reports.count_documents({}) == 0


async def test_injected_script_is_refused_and_reported_to_admins(browser, client, runtime):  # noqa: F811
    """SECURITY A18: markup injected into a console page cannot run script, and the browser's report of
    the refusal reaches the admins' dashboard."""
    import asyncio
    await moderator(runtime)
    base = str(client.make_url("/")).rstrip("/")
    page = await browser.new_page()
    await page.goto(base + "/console/login")
    await page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.body.appendChild(s);
    }""")
    assert await page.evaluate("window.injected === undefined")
    for _ in range(100):  # the report is sent in the background
        alert = await runtime.collections.alerts.find_one({"kind": "csp_violation"})
        if alert:
            break
        await asyncio.sleep(0.05)
    assert alert and "script-src" in alert["detail"] and "/console/login" in alert["detail"], alert
    metrics = await (await client.get("/metrics")).text()
    assert 'blocklist_csp_violations_total{directive="script-src-elem"} 1.0' in metrics

    await log_in(client)
    assert "A browser refused content on one of our pages" in await (await client.get("/console/dashboard")).text()


async def test_csp_reports_are_checked_and_bounded(client, runtime):
    ok = {"csp-report": {"document-uri": "https://x/console/queue?q=secret", "effective-directive": "made-up; x",
                         "blocked-uri": "inline", "original-policy": "default-src 'none'", "new-field": 1}}
    response = await client.post("/csp-reports", json=ok, headers={"Content-Type": "application/csp-report"})
    assert response.status == 204
    metrics = await (await client.get("/metrics")).text()
    assert 'blocklist_csp_violations_total{directive="other"} 1.0' in metrics  # labels only from known names
    alert = await runtime.collections.alerts.find_one({"kind": "csp_violation"})
    assert "secret" not in alert["detail"]  # a reported URL's query is not kept
    for bad in ({}, {"csp-report": "x"}, {"csp-report": {"blocked-uri": "x" * 3000}}, [1]):
        response = await client.post("/csp-reports", json=bad)
        assert response.status == 400, bad
        assert (await response.json())["error"]["code"] == "invalid_request"
    assert await runtime.collections.alerts.count_documents({"kind": "csp_violation"}) == 1


def test_pages_read_records_as_dicts_exactly_as_jinja_would():
    """records_read_as_dicts reads `record.field` as a key first: the same page, faster. A record whose keys a
    stranger chose ("items", "get", "__class__") must not turn the template's method calls into their values."""
    import jinja2

    from blocklist.pagekit import records_read_as_dicts
    source = ("{{ r.name }}|{% for k, v in r.items() %}{{ k }}={{ v }};{% endfor %}|{{ r.get('x') }}|"
              "{{ r.missing.deeper }}|{{ r.nested.city }}|{{ r.__class__ }}|{{ r.keys()|list|length }}")
    record = {"name": "Ayşe Yılmaz <b>", "items": "shadow", "get": "shadow", "x": 1, "nested": {"city": "Łódź"},
              "__class__": "shadow"}
    plain = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
    fast = records_read_as_dicts(jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined))
    rendered = fast.from_string(source).render(r=record)
    assert rendered == plain.from_string(source).render(r=record)
    assert rendered.startswith("Ayşe Yılmaz &lt;b&gt;|name=") and "|1||Łódź|" in rendered
