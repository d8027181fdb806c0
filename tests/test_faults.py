"""The service between a proxy and its database: outages, partitions and latency, injected."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from urllib.parse import urlsplit

import pytest

from tests.faults import FaultyProxy
from tests.helpers import assert_error, bearer, case_of, new_moderator, new_salon


@pytest.fixture
async def proxy(mongo_uri):
    address = urlsplit(mongo_uri)
    faulty = FaultyProxy(address.hostname, address.port)
    await faulty.start()
    yield faulty
    await faulty.close()


@pytest.fixture
def settings(settings, proxy):
    address = urlsplit(settings.mongodb_uri)
    through_proxy = address._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()
    # short driver limits, so an outage is noticed within a second or two
    return dataclasses.replace(settings, mongodb_uri=through_proxy, mongo_timeout_ms=1000,
                               mongo_server_selection_timeout_ms=1000)


async def until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def listed(client, runtime):
    salon = await new_salon(runtime)
    mod = await new_moderator(runtime)
    response = await client.post("/v1/reports", headers=bearer(salon.secret_key), json={
        "category": "fake_booking", "subject": {"name": "Anna Nowak", "phone": "+48601234567"}})
    case_id = await case_of(client, (await response.json())["id"])
    response = await client.post(f"/v1/mod/cases/{case_id}/decision", headers=bearer(mod), json={
        "action": "block", "identifiers": [{"kind": "phone", "value": "+48601234567"}], "note": "fake"})
    assert response.status == 200
    return salon


async def lookup(client, key, subject):
    response = await client.post("/v1/lookup", headers=bearer(key), json={"subject": subject})
    assert response.status == 200, await response.text()
    return await response.json()


async def test_an_outage_keeps_lookups_answering_refuses_reports_whole_and_heals_by_itself(client, runtime, proxy):
    salon = await listed(client, runtime)
    reports_before = await runtime.collections.reports.count_documents({})
    proxy.cut()
    await until(lambda: runtime.database_state == "unreachable")

    blocked = await lookup(client, salon.secret_key, {"phone": "601 234 567"})
    assert blocked["verdict"] == "block" and blocked["degraded"] is True  # from memory, and it says so
    clean = await lookup(client, salon.secret_key, {"phone": "+48 512 000 111"})
    assert clean["verdict"] == "allow" and clean["degraded"] is True
    readiness = await client.get("/readyz")
    assert readiness.status == 503 and (await readiness.json())["checks"]["database"] == "unreachable"

    started = time.monotonic()
    refused = await client.post("/v1/reports", headers={**bearer(salon.secret_key), "Idempotency-Key": "during"},
                                json={"category": "no_show", "subject": {"phone": "+48512000222"}})
    body = await assert_error(refused, 503, "unavailable")
    assert int(refused.headers["Retry-After"]) > 0 and "retry" in body["error"]["message"]
    assert time.monotonic() - started < 5  # bounded by the driver limits, not hanging

    proxy.heal()
    await until(lambda: runtime.database_state == "ok")
    assert "degraded" not in await lookup(client, salon.secret_key, {"phone": "601 234 567"})
    assert (await client.get("/readyz")).status == 200
    retried = await client.post("/v1/reports", headers={**bearer(salon.secret_key), "Idempotency-Key": "during"},
                                json={"category": "no_show", "subject": {"phone": "+48512000222"}})
    assert retried.status == 201, await retried.text()
    # the refused attempt left nothing behind: only the retry's report exists
    assert await runtime.collections.reports.count_documents({}) == reports_before + 1


async def test_a_partition_is_answered_within_the_time_limit(client, runtime, proxy):
    salon = await listed(client, runtime)
    proxy.hang()
    started = time.monotonic()
    response = await client.post("/v1/reports", headers=bearer(salon.secret_key),
                                 json={"category": "no_show", "subject": {"phone": "+48512000333"}})
    await assert_error(response, 503, "unavailable")
    assert time.monotonic() - started < 5
    started = time.monotonic()
    assert (await lookup(client, salon.secret_key, {"phone": "601234567"}))["verdict"] == "block"
    assert time.monotonic() - started < 0.5  # lookups never wait for the database
    proxy.heal()


async def test_database_latency_never_reaches_lookups(client, runtime, proxy):
    salon = await listed(client, runtime)
    proxy.latency = 0.3
    slowest = 0.0
    for _ in range(20):
        started = time.monotonic()
        assert (await lookup(client, salon.secret_key, {"phone": "601234567"}))["verdict"] == "block"
        slowest = max(slowest, time.monotonic() - started)
    assert slowest < 0.2


async def test_accounts_changed_elsewhere_do_not_turn_away_cached_salons_during_an_outage(client, runtime, proxy):
    salon = await listed(client, runtime)
    await runtime.sync_once()
    # another process registers a salon, gives it a key and changes its policy: nothing of the first salon
    runtime.changes.log.origin, own_origin = "another-process", runtime.changes.origin
    other = await new_salon(runtime, "Salon Öykü", "TR", ["https://oyku.com.tr"])
    await runtime.accounts.create_key(other.salon.id, "secret")
    await runtime.accounts.set_salon_policy(other.salon.id, True, None, None, actor="admin:cli")
    runtime.changes.log.origin = own_origin
    await runtime.sync_once()  # this process applies the other's changes
    proxy.cut()
    await until(lambda: runtime.database_state == "unreachable")
    assert (await lookup(client, salon.secret_key, {"phone": "601234567"}))["verdict"] == "block"
    proxy.heal()
    await until(lambda: runtime.database_state == "ok")


async def test_the_console_fails_closed_while_its_session_store_is_away(aiohttp_client, settings, clock, runtime,
                                                                        proxy):
    from blocklist.app import create_app
    from blocklist.keys import RUNTIME
    from tests.conftest import wait_ready
    from tests.test_console import PASSWORD, log_in
    console = await aiohttp_client(create_app(dataclasses.replace(settings, console_secure_cookies=False,
                                                                  console_require_mfa=False), clock=clock))
    await wait_ready(console.app[RUNTIME])
    await runtime.accounts.create_moderator("mila", "moderator", PASSWORD)
    assert (await log_in(console)).status == 303
    assert (await console.get("/console/queue", allow_redirects=False)).status == 200
    proxy.cut()
    response = await console.get("/console/queue", allow_redirects=False)
    assert response.status == 503 and "cannot check your session" in await response.text()
    proxy.heal()
    await until(lambda: console.app[RUNTIME].database_state == "ok")
    assert (await console.get("/console/queue", allow_redirects=False)).status == 200


async def test_driver_limits_are_explicit_and_writes_that_matter_are_durable(runtime, settings):
    options = runtime.database.client.options
    assert options.timeout == settings.mongo_timeout_ms / 1000  # no operation waits forever
    assert options.pool_options.wait_queue_timeout == settings.mongo_timeout_ms / 1000
    assert options.server_selection_timeout == settings.mongo_server_selection_timeout_ms / 1000
    assert options.pool_options.max_pool_size == settings.mongo_max_pool_size
    assert options.retry_writes
    for name in ("reports", "cases", "entries", "audit", "idempotency", "changes"):
        assert getattr(runtime.collections, name).write_concern.document == {"w": "majority", "j": True}, name
