"""A path from the refusal (issue #20): a customer stopped at a salon's page follows the link in the
message to the transparency page, in her language, which says what happened, who runs the service
and how to reach them, and offers the appeal form with the booking's reference."""

from __future__ import annotations

import dataclasses

import pytest

from tests.helpers import bearer, new_salon
from tests.test_widget import MESSAGE, block_phone, book, browser, origin_of, report  # noqa: F401


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, controller="Blocklist Sp. z o.o., ul. Prosta 1, Warszawa",
                               contact="privacy@blocklist.example", public_url="")


async def test_every_challenge_and_block_carries_a_help_url_and_a_clean_answer_none(client, runtime):
    await block_phone(client, runtime, "+48601234567")
    salon = await new_salon(runtime, "Studio", "PL", [origin_of(client)])
    blocked = await (await client.post("/v1/lookup", json={"subject": {"phone": "601 234 567"}},
                                       headers=bearer(salon.secret_key))).json()
    assert blocked["verdict"] == "block"
    assert blocked["help_url"] == f"http://127.0.0.1:8080/transparency?ref={blocked['lookup_id']}"
    public = await (await client.post("/v1/lookup", json={"subject": {"phone": "601 234 567"}}, headers={
        **bearer(salon.publishable_key), "Origin": origin_of(client)})).json()
    assert public["help_url"].endswith(public["lookup_id"]) and public["reasons"] == []
    clean = await (await client.post("/v1/lookup", json={"subject": {"phone": "+48 512 000 111"}},
                                     headers=bearer(salon.secret_key))).json()
    assert clean["verdict"] == "allow" and "help_url" not in clean


@pytest.mark.parametrize("lang, link_words, heading", [("pl", "Dlaczego?", "Jak działa Blocklist"),
                                                       ("he", "למה?", "איך Blocklist עובד")])
async def test_a_stopped_customer_follows_the_link_to_a_page_that_says_what_happened(
        browser, client, runtime, settings, lang, link_words, heading):  # noqa: F811
    await block_phone(client, runtime, "+48601234567")
    salon = await new_salon(runtime, "Studio Róża", "PL", [origin_of(client)])
    # the service's public address is this test server's (BLOCKLIST_PUBLIC_URL in production)
    runtime.lookup.help_base = origin_of(client) + "/transparency?ref="
    page = await browser.new_page(viewport={"width": 390, "height": 780})
    await page.goto(f"{origin_of(client)}/demo/booking?key={salon.publishable_key}&lang={lang}")
    await book(page, "Anna Nowak", phone="601 234 567")
    await page.wait_for_selector(MESSAGE, timeout=5000)
    link = page.locator(".blocklist-help")
    assert link_words in await link.text_content()
    async with page.context.expect_page() as opened:
        await link.click()
    help_page = await opened.value
    await help_page.wait_for_load_state()
    assert heading in await help_page.text_content("h1")
    stopped = await help_page.text_content("#stopped")
    reference = help_page.url.split("ref=")[1].split("&")[0]
    assert reference.startswith("lkp_") and reference in stopped
    operator = await help_page.text_content("#operator")
    assert "Blocklist Sp. z o.o." in operator and "privacy@blocklist.example" in operator
    assert await help_page.get_attribute('input[name="reference"]', "value") == reference
    assert await help_page.evaluate("document.documentElement.dir") == ("rtl" if lang == "he" else "ltr")


async def test_a_reference_that_is_not_one_is_not_repeated(client):
    page = await (await client.get('/transparency?ref=lkp_<script>alert(1)</script>')).text()
    assert "<script>alert" not in page and 'id="stopped"' not in page
