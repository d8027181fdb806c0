"""Requests to addresses users type (a booking page to check, a webhook) go only to the public internet:
https, no loopback, private, link-local or reserved targets (judged after resolving, the connection
pinned to what was judged), no redirects followed, bounded in size and time. Tried against a real local
HTTP server that must never hear from the refused ones."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web

from blocklist.outbound import Refused, fetch_public, vetted_addresses


@pytest.fixture
async def local(aiohttp_server):
    heard: list[str] = []

    async def page(request: web.Request) -> web.Response:
        heard.append(request.path)
        if request.path == "/moved":
            return web.Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        if request.path == "/big":
            return web.Response(body=b"x" * (2 * 1024 * 1024), content_type="text/html")
        if request.path == "/slow":
            await asyncio.sleep(3)
        return web.Response(text="<html><script src='/static/blocklist.js'></script></html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/{tail:.*}", page)
    server = await aiohttp_server(app)
    server.heard = heard
    return server


@pytest.mark.parametrize("url", [
    "http://example.com/", "ftp://example.com/", "https://user:secret@example.com/", "https://127.0.0.1:{port}/",
    "https://localhost:{port}/", "https://[::1]:{port}/", "https://10.0.0.1/", "https://192.168.1.10/",
    "https://169.254.169.254/latest/meta-data/", "https://0.0.0.0:{port}/", "https://[::ffff:127.0.0.1]:{port}/",
    "https://100.64.0.1/", "https://[fe80::1]/", "https://224.0.0.1/", "https://no-such-host.invalid/",
    "https://127.1:{port}/", "https://2130706433:{port}/",
])
async def test_addresses_off_the_public_internet_are_refused_before_any_request(local, url):
    with pytest.raises(Refused) as refused:
        await fetch_public(url.format(port=local.port), timeout=2)
    assert str(refused.value)
    assert local.heard == []


def test_an_address_is_judged_by_every_address_its_name_resolves_to():
    public = (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))
    private = (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 443))
    assert vetted_addresses("example.com", [public]) == ["93.184.215.14"]
    with pytest.raises(Refused):
        vetted_addresses("example.com", [public, private])  # one private answer is enough to refuse


async def test_in_development_a_local_page_is_read_without_following_redirects_and_within_limits(local):
    base = f"http://127.0.0.1:{local.port}"
    page = await fetch_public(base + "/booking", allow_private=True)
    assert page.status == 200 and b"blocklist.js" in page.body and not page.truncated
    moved = await fetch_public(base + "/moved", allow_private=True)
    assert moved.status == 302 and moved.location.startswith("http://169.254.169.254")
    assert local.heard == ["/booking", "/moved"]  # the redirect was not followed
    big = await fetch_public(base + "/big", allow_private=True, max_bytes=100_000)
    assert big.truncated and len(big.body) == 100_000
    with pytest.raises(Refused, match="did not answer within 1 seconds"):
        await fetch_public(base + "/slow", allow_private=True, timeout=1)


# ---------------------------------------------------------------- "check my page"

@pytest.fixture
def settings(settings):
    # the salon's page is served by a local test server: development's setting lets the check reach it
    import dataclasses
    return dataclasses.replace(settings, webhook_allow_private=True, public_url="https://blocklist.example")


async def test_check_my_page_says_in_plain_words_what_is_missing(client, runtime, aiohttp_server):
    from tests.helpers import bearer, new_salon
    pages: dict[str, str] = {}

    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=pages[request.path], content_type="text/html")

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    site = await aiohttp_server(app)
    origin = f"http://127.0.0.1:{site.port}"
    salon = await new_salon(runtime, "Studio Róża", "PL", [origin])
    other = await new_salon(runtime, "Elsewhere", "PL")
    script = '<script src="https://blocklist.example/static/blocklist.js" data-key="{key}" defer></script>'
    pages["/good"] = f"<html><form id=booking></form>{script.format(key=salon.publishable_key)}</html>"
    pages["/bare"] = "<html><form id=booking></form></html>"
    pages["/leaky"] = f"<html>{script.format(key=salon.secret_key)}</html>"
    pages["/borrowed"] = f"<html>{script.format(key=other.publishable_key)}</html>"

    async def checked(path: str) -> dict:
        response = await client.post("/v1/me/page-check", headers=bearer(salon.secret_key), json={"url": origin + path})
        assert response.status == 200, await response.text()
        answer = await response.json()
        return {f["check"]: f for f in answer["findings"]} | {"ok": answer["ok"]}

    good = await checked("/good")
    assert good["ok"] and all(good[c]["ok"] for c in ("reachable", "origin", "script", "key", "no_secret_key"))
    bare = await checked("/bare")
    assert not bare["ok"] and not bare["script"]["ok"] and "blocklist.example/static/blocklist.js" in bare["script"]["text"]
    leaky = await checked("/leaky")
    assert not leaky["no_secret_key"]["ok"] and "revoke it now" in leaky["no_secret_key"]["text"]
    assert not (await checked("/borrowed"))["key"]["ok"]
    unregistered = await client.post("/v1/me/page-check", headers=bearer(other.secret_key), json={"url": origin + "/good"})
    findings = {f["check"]: f for f in (await unregistered.json())["findings"]}
    assert not findings["origin"]["ok"] and not findings["key"]["ok"]  # another salon's page, another salon's key
    publishable = await client.post("/v1/me/page-check", headers=bearer(salon.publishable_key), json={"url": origin})
    assert publishable.status == 403  # a browser's key cannot make the service fetch things
    # as in production: the same request to a local address is refused, and the page is never read
    runtime.page_checker.allow_private = False
    pages.clear()  # (a request reaching the server would now fail loudly)
    for url in (origin + "/good", f"https://127.0.0.1:{site.port}/good", "https://169.254.169.254/latest/"):
        refused = await client.post("/v1/me/page-check", headers=bearer(salon.secret_key), json={"url": url})
        reachable = {f["check"]: f for f in (await refused.json())["findings"]}["reachable"]
        assert not reachable["ok"] and "could not be read" in reachable["text"]
