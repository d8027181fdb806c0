"""Fixtures: one real database server per test session, one fresh database per test."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import AsyncIterator, Iterator

import pytest
from pymongo import MongoClient

from blocklist.app import create_app
from blocklist.embedded import EmbeddedServer
from blocklist.keys import RUNTIME
from blocklist.runtime import Runtime
from blocklist.settings import Settings
from tests.clock import FakeClock

TEST_PEPPER = "test-pepper-0123456789abcdefghijklmnopqrstuvwxyz"
TEST_DATA_KEY = "1:" + "k" * 43  # 32 bytes in urlsafe base64


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """MONGODB_URI when set, otherwise the embedded server started once for the session."""
    if os.environ.get("MONGODB_URI"):
        yield os.environ["MONGODB_URI"]
        return
    server = EmbeddedServer(tmp_path_factory.mktemp("embedded"))
    uri = server.start()
    try:
        yield uri
    finally:
        server.stop()


@pytest.fixture
def db_name(mongo_uri: str) -> Iterator[str]:
    """A database of this test's own, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    yield name
    client: MongoClient = MongoClient(mongo_uri)
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(mongo_uri: str, db_name: str, tmp_path: Path) -> Settings:
    return Settings(mongodb_uri=mongo_uri, db_name=db_name, data_dir=tmp_path, pepper=TEST_PEPPER, data_key=TEST_DATA_KEY,
                    access_log=False, sync_interval_seconds=0.1)


@pytest.fixture
async def client(aiohttp_client, settings: Settings, clock: FakeClock):
    """A test client for the whole app on this test's database, once it is ready (index loaded)."""
    test_client = await aiohttp_client(create_app(settings, clock=clock))
    await wait_ready(test_client.app[RUNTIME])
    return test_client


async def wait_ready(runtime: Runtime, timeout: float = 20) -> None:
    import asyncio
    for _ in range(int(timeout / 0.02)):
        if all(state == "ok" for state in runtime.readiness().values()):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not ready: {runtime.readiness()}")


@pytest.fixture
def runtime(client) -> Runtime:
    return client.app[RUNTIME]


@pytest.fixture
async def standalone_runtime(settings: Settings, clock: FakeClock) -> AsyncIterator[Runtime]:
    """Services on this test's database without HTTP (for service-level tests)."""
    from blocklist.metrics import Metrics
    runtime = Runtime(settings, clock, Metrics())
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.close()
