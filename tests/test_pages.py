"""The front door: `/` says what the service is and where each person goes; `/docs/api` is the API
reference rendered from /openapi.json, readable without a script, on a phone too."""

from __future__ import annotations

import re

from tests.test_widget import browser, origin_of  # noqa: F401 (the Chromium fixture)


async def test_the_landing_page_leads_each_person_to_their_page(client):
    response = await client.get("/")
    assert response.status == 200 and response.content_type == "text/html"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = await response.text()
    for link in ('href="/transparency"', 'href="/docs/api"', 'href="/console/"', 'href="/openapi.json"'):
        assert link in page, link
    for path in re.findall(r'href="(/[^"#]*)"', page):
        assert (await client.get(path)).status == 200, path  # no link leads nowhere


async def test_the_api_reference_documents_every_operation_the_service_answers(client):
    document = await (await client.get("/openapi.json")).json()
    page = await (await client.get("/docs/api")).text()
    for path, methods in document["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in page, (method, path)
    # a body's fields with their types, and the error shape, are on the page
    assert "<code>outcome</code> (required): one of: attended, no_show, late_cancellation, cancelled_in_time" in page
    assert "&#34;error&#34;" in page or '"error"' in page


async def test_both_pages_fit_a_phone_without_a_script(browser, client):  # noqa: F811
    context = await browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 780})
    page = await context.new_page()
    for path in ("/", "/docs/api"):
        await page.goto(origin_of(client) + path)
        assert await page.evaluate("document.documentElement.scrollWidth") <= 391, path
    await page.goto(origin_of(client) + "/docs/api")
    assert await page.locator("article.operation").count() > 20
    await context.close()
