"""A salon without a developer, in Chromium: an admin invites the owner from the console; the owner sets a
password and a second factor, invites a staff member, reports customers by form (Polish and Turkish phones
typed the way each country types them), looks a customer up before a phone booking, records that the
challenged customer came, and sees one report "blocked until …" and another "dismissed — insufficient
evidence" after the moderators decide; another salon's user sees none of it; a form posted from another
site is refused. Every portal page is photographed on a desktop and a phone on the way.

`BLOCKLIST_SCREENSHOTS=docs/screenshots ./scripts/test tests/test_journey_salon.py` refreshes the pictures."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pyotp
import pytest
from aiohttp import web

from tests.helpers import bearer, case_of, new_moderator, new_salon
from tests.outside import inbox, messaging, sms_gateway, with_messaging  # noqa: F401 (fixtures)
from tests.test_console import PASSWORD, SCREENSHOTS_ENV
from tests.test_widget import browser, origin_of  # noqa: F401 (Chromium)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def settings(settings, messaging):  # noqa: F811
    # production's strictness (a second factor before anything), plain-HTTP cookies; mail goes to aiosmtpd
    return dataclasses.replace(with_messaging(settings, messaging), console_secure_cookies=False,
                               console_require_mfa=True)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def local(link: str, origin: str) -> str:
    """A link the service wrote for its public address, opened on the test server."""
    return origin + "/" + link.split("://", 1)[1].split("/", 1)[1]


async def two_step_setup(page, clock) -> pyotp.TOTP:
    """On /salon/mfa: switch two-step login on with a code, as a person reading the key into an app."""
    await page.click("text=Set up two-step login")
    secret = (await page.inner_text("#totp-secret")).replace(" ", "")
    totp = pyotp.TOTP(secret)
    await page.fill("#code", totp.at(clock()))
    await page.click("button:has-text('Switch on')")
    await page.wait_for_selector("text=your recovery codes")
    codes = await page.locator("code.secret").all_inner_texts()
    assert len(codes) == 10
    await page.click("text=Continue")
    return totp


async def take_invitation(page, link: str, origin: str, clock) -> pyotp.TOTP:
    await page.goto(local(link, origin))
    await page.fill("#password", PASSWORD)
    await page.fill("#password_again", PASSWORD)
    await page.click("text=Set my password")
    await page.wait_for_url("**/salon/mfa")
    return await two_step_setup(page, clock)


async def test_a_salon_owner_without_a_developer(browser, client, runtime, clock, inbox, shots,  # noqa: F811
                                                 aiohttp_server):
    origin = origin_of(client)
    salon = await new_salon(runtime, "Studio Róża", "PL", [])
    # ---- an admin (with a second factor of their own) invites the owner from the console
    admin, _ = await runtime.accounts.create_moderator("mila", "admin", PASSWORD)
    await runtime.accounts.begin_mfa(admin)
    secret = await runtime.accounts.pending_mfa_secret(admin)
    from blocklist.models import ModeratorPrincipal
    await runtime.accounts.confirm_mfa(ModeratorPrincipal(admin), pyotp.TOTP(secret).at(clock()))
    clock.advance(seconds=30)
    console = await browser.new_page(viewport=DESKTOP)
    await console.goto(origin + "/console/login")
    await console.fill("#username", "mila")
    await console.fill("#password", PASSWORD)
    await console.fill("#code", pyotp.TOTP(secret).at(clock()))
    await console.click("button[type=submit]")
    await console.goto(f"{origin}/console/admin/salons/{salon.salon.id}")
    await console.fill("#invite-email", "roza@studio-roza.pl")
    await console.click("text=Send invitation")
    await console.wait_for_selector("text=roza@studio-roza.pl is invited (owner)")
    shown = await console.inner_text("code.secret")
    mail = inbox.to("roza@studio-roza.pl")[-1]
    assert shown in mail.get_content() and "Studio Róża" in mail["Subject"]
    assert mail["Content-Language"] == "pl" and "Ustaw hasło" in mail.get_content()  # a Polish salon's language
    await console.close()

    # ---- the owner takes it up: a password, then the second factor before anything else
    owner = await browser.new_page(viewport=DESKTOP)
    await owner.goto(local(shown, origin))
    assert "Studio Róża" in await owner.inner_text("main")
    await owner.screenshot(path=str(shots / "portal-invite-desktop.png"))
    await owner.fill("#password", PASSWORD)
    await owner.fill("#password_again", PASSWORD + "x")
    await owner.click("text=Set my password")
    await owner.wait_for_selector("text=The two passwords are not the same.")
    await owner.fill("#password", PASSWORD)
    await owner.fill("#password_again", PASSWORD)
    await owner.click("text=Set my password")
    await owner.wait_for_url("**/salon/mfa")
    await owner.goto(origin + "/salon/reports")
    assert owner.url.endswith("/salon/mfa")  # nothing before the second factor
    await owner.screenshot(path=str(shots / "portal-mfa-desktop.png"))
    await two_step_setup(owner, clock)
    assert owner.url.rstrip("/").endswith("/salon")

    # ---- the owner invites a staff member
    await owner.click("nav >> text=People")
    await owner.fill("#invite-email", "kasia@studio-roza.pl")
    await owner.select_option("#role", "staff")
    await owner.click("button:has-text('Invite')")
    staff_link = await owner.inner_text("code.secret")
    assert "/salon/invite/" in staff_link and inbox.to("kasia@studio-roza.pl")

    # ---- reports by form: a Polish phone and a Turkish one, each typed the way its country types it
    await owner.click("nav >> text=Report a customer")
    assert await owner.input_value("#phone_country") == "PL"  # the salon's country by default
    await owner.check("input[name=category][value=fake_booking]")
    await owner.fill("#name", "Zofia Wójcik")
    await owner.fill("#phone", "601 234 567")
    await owner.fill("#starts_at", "2026-11-20T15:00")
    await owner.fill("#service", "koloryzacja")
    await owner.check("input[name=reached][value=no]")
    await owner.screenshot(path=str(shots / "portal-report-desktop.png"), full_page=True)
    await owner.click("text=Send the report")
    await owner.wait_for_selector("text=Report received")
    assert "+48601234567" in await owner.inner_text("main")
    first_report = owner.url.rsplit("/", 1)[1]
    await owner.click("nav >> text=Report a customer")
    await owner.check("input[name=category][value=no_show]")
    await owner.fill("#name", "Ayşe Yılmaz")
    await owner.fill("#phone", "0532 123 45 67")
    await owner.select_option("#phone_country", "TR")
    await owner.fill("#starts_at", "2026-11-21T11:30")
    await owner.click("text=Send the report")
    await owner.wait_for_selector("text=Report received")
    assert "+905321234567" in await owner.inner_text("main")
    second_report = owner.url.rsplit("/", 1)[1]

    # ---- looking a customer up before a phone booking: two other salons reported her
    for name, country in (("Salon Ola", "PL"), ("Kapsalon Noor", "NL")):
        other = await new_salon(runtime, name, country, [])
        response = await client.post("/v1/reports", headers=bearer(other.secret_key), json={
            "category": "fake_booking", "subject": {"name": "Маргарита Соколова", "email": "m.sokolova@mail.ru"}})
        assert response.status == 201
    await owner.click("nav >> text=Look up")
    await owner.fill("#name", "Margarita Sokolova")
    await owner.fill("#email", "M.Sokolova@mail.ru")
    await owner.click("button:has-text('Look up')")
    await owner.wait_for_selector("text=Confirm before you accept")
    assert "Several salons reported this customer recently" in await owner.inner_text("main")
    await owner.screenshot(path=str(shots / "portal-lookup-desktop.png"), full_page=True)
    # she came: the salon says so
    await owner.select_option("select[name=outcome]", "attended")
    await owner.click(".verdict button:has-text('Save')")
    await owner.wait_for_selector("text=Saved. Thank you")
    assert "Came" in await owner.inner_text("table")
    await owner.screenshot(path=str(shots / "portal-outcomes-desktop.png"), full_page=True)
    assert await runtime.collections.outcomes.count_documents({"outcome": "attended"}) == 1

    # ---- the moderators decide: one blocked for a year, the other dismissed
    moderator = await new_moderator(runtime, "ola")
    blocked = await client.post(f"/v1/mod/cases/{await case_of(client, first_report)}/decision",
                                headers=bearer(moderator), json={
                                    "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}],
                                    "expires_at": "2027-12-05T00:00:00Z", "note": "fake bookings"})
    assert blocked.status == 200, await blocked.text()
    dismissed = await client.post(f"/v1/mod/cases/{await case_of(client, second_report)}/decision",
                                  headers=bearer(moderator), json={"action": "dismiss",
                                                                   "reason": "insufficient_evidence",
                                                                   "note": "one late arrival"})
    assert dismissed.status == 200, await dismissed.text()
    await owner.click("nav >> text=Overview")
    overview = await owner.inner_text("main")
    assert "Blocked until 2027-12-05" in overview and "Dismissed — insufficient evidence" in overview
    await owner.screenshot(path=str(shots / "portal-home-desktop.png"), full_page=True)
    await owner.click("nav >> text=My reports")
    listing = await owner.inner_text("table")
    assert "Blocked until 2027-12-05" in listing and "phone" in listing
    assert "Dismissed — insufficient evidence" in listing
    assert await owner.locator("tr.new").count() == 2  # both changed since the last visit
    await owner.screenshot(path=str(shots / "portal-reports-desktop.png"), full_page=True)
    await owner.reload()
    assert await owner.locator("tr.new").count() == 0  # seen now
    await owner.click("text=Zofia Wójcik")
    await owner.screenshot(path=str(shots / "portal-report-view-desktop.png"), full_page=True)

    # ---- the booking page: a publishable key, its snippet, and "check my page"
    await owner.click("nav >> text=Booking page")
    await owner.select_option("#kind", "publishable")
    await owner.click("button:has-text('Create')")
    snippet = await owner.inner_text("pre code")
    assert 'data-key="bl_pk_' in snippet
    site_pages: dict[str, str] = {"/book": f"<html><form id=booking></form>{snippet}</html>"}

    async def salon_site(request: web.Request) -> web.Response:
        return web.Response(text=site_pages.get(request.path, "nothing"), content_type="text/html")
    site = web.Application()
    site.router.add_get("/{tail:.*}", salon_site)
    server = await aiohttp_server(site)
    site_origin = f"http://127.0.0.1:{server.port}"
    runtime.page_checker.allow_private = True  # the salon's site is on this machine in the test
    await owner.click("text=Continue")
    await owner.fill("#origins", site_origin)
    await owner.click("#origins ~ .actions button")
    await owner.wait_for_selector("text=Saved: your booking pages")
    await owner.fill("#url", site_origin + "/book")
    await owner.click("button:has-text('Check')")
    await owner.wait_for_selector(".findings")
    findings = await owner.locator(".findings li").all_inner_texts()
    assert findings and all(f.startswith("OK") for f in findings), findings
    await owner.screenshot(path=str(shots / "portal-integration-desktop.png"), full_page=True)

    # ---- the staff member joins in another browser, and sees the salon's reports (not its keys)
    staff_context = await browser.new_context(viewport=DESKTOP)
    staff = await staff_context.new_page()
    await take_invitation(staff, staff_link, origin, clock)
    await staff.click("nav >> text=My reports")
    assert "Zofia Wójcik" in await staff.inner_text("table")
    assert await staff.locator("nav >> text=Booking page").count() == 0
    await staff.goto(origin + "/salon/integration")
    assert "for your salon's owners" in await staff.inner_text("main")
    await staff_context.close()

    # ---- another salon's owner sees none of it
    ayse = await new_salon(runtime, "Kuaför Ayşe", "TR", [])
    invitation = await runtime.portal.invite("admin:cli", ayse.salon.id, "ayse@kuafor-ayse.com.tr", "owner")
    other_context = await browser.new_context(viewport=DESKTOP)
    stranger = await other_context.new_page()
    await take_invitation(stranger, invitation.link, origin, clock)
    await stranger.click("nav >> text=My reports")
    assert "No reports here." in await stranger.inner_text("main")
    response = await stranger.goto(f"{origin}/salon/reports/{first_report}")
    assert response.status == 404
    await stranger.goto(origin + "/salon/outcomes")
    assert "Margarita" not in await stranger.inner_text("main")

    # ---- a form posted from another site is refused, whoever is logged in
    token = await owner.get_attribute("input[name=csrf_token]", "value")
    evil = await other_context.new_page()
    await evil.goto(site_origin + "/evil")
    await evil.set_content(f"""<form method="post" action="{origin}/salon/report">
        <input name="csrf_token" value="{token}"><input name="category" value="abusive">
        <input name="name" value="Someone Else"><button id="go">go</button></form>""")
    await evil.click("#go")
    await evil.wait_for_load_state()
    assert "Forms sent from other sites are refused." in await evil.inner_text("body")
    assert await runtime.collections.reports.count_documents({"subject.name": {"$exists": True}}) >= 2
    assert not [r async for r in runtime.collections.reports.find({"category": "abusive"})]
    await other_context.close()

    # ---- every page on a phone
    await owner.set_viewport_size(PHONE)
    for name, path in (("home", "/salon/"), ("report", "/salon/report"), ("lookup", "/salon/lookup"),
                       ("reports", "/salon/reports"), ("report-view", f"/salon/reports/{first_report}"),
                       ("outcomes", "/salon/outcomes"), ("integration", "/salon/integration"),
                       ("people", "/salon/people"), ("mfa", "/salon/mfa")):
        await owner.goto(origin + path)
        overflow = await owner.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)  # nothing wider than the phone
        await owner.screenshot(path=str(shots / f"portal-{name}-phone.png"), full_page=True)
    await owner.set_viewport_size(DESKTOP)
    await owner.goto(origin + "/salon/people")
    await owner.screenshot(path=str(shots / "portal-people-desktop.png"), full_page=True)
    await owner.click("form[action='/salon/logout'] button")
    await owner.wait_for_url("**/salon/login")
    await owner.screenshot(path=str(shots / "portal-login-desktop.png"))
    await owner.set_viewport_size(PHONE)
    await owner.screenshot(path=str(shots / "portal-login-phone.png"))
