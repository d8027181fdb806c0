"""What one process holds while it serves: the database client, the services, background tasks."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.errors import RateLimited, Unavailable
from blocklist.metrics import Metrics
from blocklist.models import Principal, SalonPrincipal, KeyKind
from blocklist.services.accounts import AccountService
from blocklist.services.audit import AuditLog
from blocklist.services.ratelimit import Limit, RateLimiter
from blocklist.settings import Settings
from blocklist.storage.accounts import AccountStore
from blocklist.storage.database import Collections, create_client, ensure_indexes

log = logging.getLogger(__name__)


class Runtime:
    """Composition of client, storage and services for one process; started and closed by the app."""

    def __init__(self, settings: Settings, clock: Clock, metrics: Metrics) -> None:
        if not settings.mongodb_uri:
            raise ValueError("settings.mongodb_uri must be set (the CLI starts the embedded server first)")
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        self.client: AsyncMongoClient = create_client(settings, settings.mongodb_uri)
        self.collections = Collections(self.client[settings.db_name])
        self.pseudonymiser = Pseudonymiser(settings.pepper or "")
        self.audit = AuditLog(self.collections, clock)
        self.accounts = AccountService(AccountStore(self.collections), self.audit, clock,
                                       cache_seconds=settings.sync_interval_seconds)
        self.rate_limiter = RateLimiter(self.collections, clock)
        self.limits = {
            "reports": Limit("reports", settings.report_rate_per_minute, 60, shared=True),
            "lookup_secret": Limit("lookup_secret", settings.lookup_rate_per_minute_secret, 60, shared=False),
            "lookup_publishable": Limit("lookup_publishable", settings.lookup_rate_per_minute_publishable, 60,
                                        shared=False),
            "api": Limit("api", settings.api_rate_per_minute, 60, shared=False),
            "appeals": Limit("appeals", settings.appeal_rate_per_hour, 3600, shared=True),
        }
        self.database_state = "starting"
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        """Connect and prepare the database; if it is not there yet, keep trying in the background."""
        try:
            await self._initialise()
        except PyMongoError as exc:
            log.warning("database not reachable at start, retrying in the background: %s", type(exc).__name__)
            self.database_state = "unreachable"
            self._tasks.append(asyncio.create_task(self._retry_initialise()))

    async def _initialise(self) -> None:
        await self.client.admin.command("ping")
        await ensure_indexes(self.collections.db)
        self.database_state = "ok"

    async def _retry_initialise(self) -> None:
        delay = 0.5
        while True:
            await asyncio.sleep(delay)
            try:
                await self._initialise()
                log.info("database reachable again")
                return
            except PyMongoError:
                delay = min(delay * 2, 10)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.client.close()

    def readiness(self) -> dict[str, str]:
        return {"database": self.database_state}

    def refresh_gauges(self) -> None:
        """Update gauges that are read rather than counted (called when /metrics is scraped)."""

    async def authenticate(self, token: str) -> Principal:
        try:
            return await self.accounts.authenticate(token)
        except PyMongoError:
            raise Unavailable("the credential store is not reachable; try again shortly") from None

    async def check_rate(self, name: str, subject: str, principal: Principal | None = None) -> None:
        if name == "lookup" and isinstance(principal, SalonPrincipal):
            name = "lookup_secret" if principal.key_kind is KeyKind.SECRET else "lookup_publishable"
        limit = self.limits[name]
        try:
            await self.rate_limiter.hit(limit, subject)
        except PyMongoError:
            raise Unavailable("the rate-limit store is not reachable; try again shortly") from None
        except RateLimited:
            self.metrics.rate_limited.labels(name).inc()
            raise
