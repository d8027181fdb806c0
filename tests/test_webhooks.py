"""Webhooks against a real local HTTP receiver: a moderator's decision reaches the reporting salon's
server signed, with the outcome in `data`; failures are retried with the same event id; a process that
dies mid-delivery loses nothing; two processes never send the same attempt; an endpoint that keeps
failing is disabled with an alert; private addresses are refused outside development."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import pytest
from aiohttp import web

from blocklist.client import verify_signature
from tests.helpers import assert_error, bearer, new_moderator, new_salon, with_case


class Receiver:
    def __init__(self) -> None:
        self.got: list[tuple[dict, str, bytes]] = []  # (event, signature, raw body)
        self.answers: list[int] = []  # statuses to answer, in order (200 once they run out)
        self.hold: asyncio.Event | None = None

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.got.append((json.loads(body), request.headers.get("Blocklist-Signature", ""), body))
        if self.hold is not None:
            await self.hold.wait()
        return web.Response(status=self.answers.pop(0) if self.answers else 200)

    def events(self, kind: str = "report.updated") -> list[dict]:
        return [event for event, _, _ in self.got if event["type"] == kind]


@pytest.fixture
def settings(settings):
    # local receivers; the console test logs in over plain HTTP without a second factor
    return dataclasses.replace(settings, webhook_allow_private=True, webhook_retry_base_seconds=10,
                               console_secure_cookies=False, console_require_mfa=False)


@pytest.fixture
async def receiver(aiohttp_server):
    found = Receiver()
    app = web.Application()
    app.router.add_post("/hooks/blocklist", found.receive)
    server = await aiohttp_server(app)
    found.url = f"http://127.0.0.1:{server.port}/hooks/blocklist"
    return found


async def register(client, salon, url) -> dict:
    response = await client.post("/v1/webhooks", headers=bearer(salon.secret_key),
                                 json={"url": url, "events": ["report.updated"]})
    assert response.status == 201, await response.text()
    return await response.json()


async def reported_and_blocked(client, runtime, salon) -> dict:
    created = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
        "category": "fake_booking", "subject": {"name": "Ayşe Yılmaz", "phone": "0532 123 45 67"}})
    report = await with_case(client, await created.json())
    mod = await new_moderator(runtime)
    decided = await client.post(f"/v1/mod/cases/{report['case_id']}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+905321234567"}], "note": "fake bookings"})
    assert decided.status == 200, await decided.text()
    return report


async def test_a_decision_reaches_the_reporting_salon_signed_with_the_outcome_and_no_one_else(
        client, runtime, receiver, clock):
    salon, other = await new_salon(runtime, "Kuaför Elif", "TR"), await new_salon(runtime, "Studio", "PL")
    hook = await register(client, salon, receiver.url)
    assert hook["secret"].startswith("whsec_") and hook["events"] == ["report.updated"]
    listed = await (await client.get("/v1/webhooks", headers=bearer(salon.secret_key))).json()
    assert [w["id"] for w in listed["items"]] == [hook["id"]] and "secret" not in listed["items"][0]
    assert (await (await client.get("/v1/webhooks", headers=bearer(other.secret_key))).json())["items"] == []

    report = await reported_and_blocked(client, runtime, salon)
    assert await runtime.webhooks.deliver_due() == 1
    [(event, header, body)] = receiver.got
    assert verify_signature(hook["secret"], header, body, now=clock().timestamp())
    assert not verify_signature("whsec_another", header, body, now=clock().timestamp())
    assert not verify_signature(hook["secret"], header, body, now=clock().timestamp() + 600)  # a replay, later
    assert event["type"] == "report.updated" and event["id"].startswith("evt_")
    data = event["data"]
    assert data["id"] == report["id"] and data["salon_id"] == salon.salon.id and data["status"] == "confirmed"
    assert data["outcome"]["decision"] == "blocked" and data["outcome"]["listed"] == ["phone"]
    # the same change again (a decision finished twice after a crash) is one event
    await runtime.webhooks.reports_changed([report["id"]])
    assert await runtime.webhooks.deliver_due() == 0
    # another salon cannot see, test or delete it
    for method, path in (("POST", f"/v1/webhooks/{hook['id']}/test"), ("DELETE", f"/v1/webhooks/{hook['id']}"),
                         ("GET", f"/v1/webhooks/{hook['id']}/deliveries")):
        await assert_error(await client.request(method, path, headers=bearer(other.secret_key)), 404, "not_found")
    log = await (await client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=bearer(salon.secret_key))).json()
    assert [(d["status"], d["attempts"], d["last_status"]) for d in log["items"]] == [("delivered", 1, 200)]


async def test_a_receiver_that_fails_twice_gets_the_same_event_three_times(client, runtime, receiver, clock):
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    hook = await register(client, salon, receiver.url)
    receiver.answers = [500, 503]
    await reported_and_blocked(client, runtime, salon)
    assert await runtime.webhooks.deliver_due() == 0
    assert await runtime.webhooks.deliver_due() == 0  # not due yet: the next try is in about 10 s
    clock.advance(seconds=11)
    assert await runtime.webhooks.deliver_due() == 0
    log = await (await client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=bearer(salon.secret_key))).json()
    [pending] = log["items"]
    assert (pending["status"], pending["attempts"], pending["last_error"]) == ("pending", 2, "answered 503")
    clock.advance(seconds=61)
    assert await runtime.webhooks.deliver_due() == 1
    ids = [event["id"] for event, _, _ in receiver.got]
    assert len(ids) == 3 and len(set(ids)) == 1


async def test_a_process_killed_mid_delivery_loses_nothing_and_two_processes_never_send_one_attempt_twice(
        client, runtime, receiver, clock, aiohttp_client, settings):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    await register(client, salon, receiver.url)
    await reported_and_blocked(client, runtime, salon)
    other = (await aiohttp_client(create_app(settings, clock=clock))).app[RUNTIME]
    await wait_ready(other)
    # both processes reach for the same due delivery at once: one sends it
    receiver.hold = asyncio.Event()
    racing = asyncio.gather(runtime.webhooks.deliver_due(), other.webhooks.deliver_due())
    await asyncio.sleep(0.3)
    assert len(receiver.got) == 1
    # the sender "dies" holding its claim: the answer never comes back to it
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task() and "deliver_due" in repr(task.get_coro()):
            task.cancel()
    racing.cancel()
    receiver.hold = None
    clock.advance(seconds=30)
    assert await other.webhooks.deliver_due() == 0  # still claimed: nobody sends it twice at once
    clock.advance(seconds=61)
    assert await other.webhooks.deliver_due() == 1  # the claim lapsed: sent again, the same event
    ids = [event["id"] for event, _, _ in receiver.got]
    assert len(ids) == 2 and len(set(ids)) == 1


async def test_an_address_that_keeps_failing_is_disabled_with_an_alert(client, runtime, receiver, clock):
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    hook = await register(client, salon, receiver.url)
    receiver.answers = [500] * 100
    await reported_and_blocked(client, runtime, salon)
    for _ in range(40):
        await runtime.webhooks.deliver_due()
        clock.advance(hours=1)
    listed = (await (await client.get("/v1/webhooks", headers=bearer(salon.secret_key))).json())["items"]
    assert listed[0]["disabled"] and "24 hours" in listed[0]["disabled_reason"]
    attempts = len(receiver.got)
    assert 24 <= attempts <= 32  # 10 s, 1 min, 5 min, 30 min, then hourly for a day
    alert = await runtime.collections.alerts.find_one({"kind": "webhook_disabled"})
    assert alert and alert["salon_id"] == salon.salon.id
    await runtime.webhooks.send_test(await runtime.authenticate(salon.secret_key), hook["id"])
    await runtime.webhooks.deliver_due()
    assert len(receiver.got) == attempts  # nothing goes to a disabled address


async def test_a_test_event_and_a_withdrawal_are_delivered(client, runtime, receiver):
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    hook = await register(client, salon, receiver.url)
    sent = await client.post(f"/v1/webhooks/{hook['id']}/test", headers=bearer(salon.secret_key))
    assert sent.status == 202
    created = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
        "category": "no_show", "subject": {"name": "Ayşe Yılmaz", "phone": "0532 123 45 67"}})
    report_id = (await created.json())["id"]
    await client.post(f"/v1/reports/{report_id}/withdraw", headers=bearer(salon.secret_key))
    await runtime.webhooks.deliver_due()
    assert [e["data"]["webhook_id"] for e in receiver.events("webhook.test")] == [hook["id"]]
    assert [(e["data"]["id"], e["data"]["status"]) for e in receiver.events()] == [(report_id, "withdrawn")]
    assert (await client.delete(f"/v1/webhooks/{hook['id']}", headers=bearer(salon.secret_key))).status == 204
    assert (await (await client.get("/v1/webhooks", headers=bearer(salon.secret_key))).json())["items"] == []


@pytest.mark.parametrize("url", ["http://example.com/hook", "https://127.0.0.1/hook", "https://localhost/hook",
                                 "https://169.254.169.254/latest", "https://10.1.2.3/hook",
                                 "https://user:pw@example.com/hook", "ftp://example.com/"])
async def test_private_or_plain_addresses_are_refused_outside_development(client, runtime, url):
    runtime.webhooks.allow_private = False
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    response = await client.post("/v1/webhooks", headers=bearer(salon.secret_key),
                                 json={"url": url, "events": ["report.updated"]})
    error = await assert_error(response, 400, "invalid_request")
    assert error["error"]["details"][0]["field"] == "url"
    assert await runtime.collections.webhooks.count_documents({}) == 0


async def test_a_platforms_address_gets_the_events_of_all_its_salons_and_no_others(client, runtime, receiver,
                                                                                    aiohttp_server):
    versum = (await runtime.accounts.create_platform("Versum"))[1]
    booksy = (await runtime.accounts.create_platform("Booksy"))[1]

    async def platform_salon(key: str, name: str) -> str:
        created = await client.post("/v1/platform/salons", headers=bearer(key), json={"name": name, "country": "TR"})
        return (await created.json())["salon_id"]

    elif_, deniz = await platform_salon(versum, "Kuaför Elif"), await platform_salon(versum, "Salon Deniz")
    theirs = await platform_salon(booksy, "Güzellik")
    hook = await client.post("/v1/webhooks", headers=bearer(versum), json={"url": receiver.url,
                                                                           "events": ["report.updated"]})
    assert hook.status == 201 and (await hook.json())["salon_id"] is None  # for every salon of the platform
    hook_id = (await hook.json())["id"]
    # a salon's own address too, registered by the platform for that salon only
    own = await client.post("/v1/webhooks", headers={**bearer(versum), "Blocklist-Salon": deniz},
                            json={"url": receiver.url + "?salon=deniz", "events": ["report.updated"]})
    assert (await own.json())["salon_id"] == deniz
    mod = await new_moderator(runtime)
    for salon_id, key in ((elif_, versum), (deniz, versum), (theirs, booksy)):
        created = await client.post("/v1/reports", headers={**bearer(key), "Blocklist-Salon": salon_id}, json={
            "category": "fake_booking", "subject": {"name": f"Müşteri {salon_id[-4:]}", "phone": "0532 123 45 67"}})
        report = await with_case(client, await created.json())
        await client.post(f"/v1/mod/cases/{report['case_id']}/decision", headers=bearer(mod), json={
            "action": "dismiss", "reason": "insufficient_evidence", "note": "one booking"})
    await runtime.webhooks.deliver_due()
    salons = sorted(event["data"]["salon_id"] for event in receiver.events())
    # the platform's address: both of its salons (each report once, however cases joined); Deniz's own: Deniz
    assert theirs not in salons and salons.count(elif_) == 1 and salons.count(deniz) == 2
    # another platform cannot see it
    booksy_list = await (await client.get("/v1/webhooks", headers=bearer(booksy))).json()
    assert booksy_list["items"] == []
    await assert_error(await client.delete(f"/v1/webhooks/{hook_id}", headers=bearer(booksy)), 404, "not_found")
    await assert_error(await client.delete(f"/v1/webhooks/{hook_id}",
                                           headers={**bearer(versum), "Blocklist-Salon": elif_}), 404, "not_found")


async def test_admins_see_a_salons_webhooks_with_their_deliveries_and_create_platforms_in_the_console(
        client, runtime, receiver, clock):
    import re

    from tests.test_console import PASSWORD
    salon = await new_salon(runtime, "Kuaför Elif", "TR")
    await register(client, salon, receiver.url)
    receiver.answers = [500]
    await reported_and_blocked(client, runtime, salon)
    await runtime.webhooks.deliver_due()
    await runtime.accounts.create_moderator("ada", "admin", PASSWORD)
    login = await client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await login.text()).group(1)
    await client.post("/console/login", data={"username": "ada", "password": PASSWORD, "csrf_token": token,
                                               "next": "/console/admin"})
    page = await (await client.get(f"/console/admin/salons/{salon.salon.id}")).text()
    assert receiver.url in page and "report.updated" in page and "answered 500" in page
    admin = await (await client.get("/console/admin")).text()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', admin).group(1)
    created = await (await client.post("/console/admin/platforms", data={"csrf_token": csrf, "name": "Versum"})).text()
    key = re.search(r"bl_pf_[A-Za-z0-9_-]+", created).group(0)
    assert (await client.get("/v1/platform/salons", headers=bearer(key))).status == 200
