"""What one process holds while it serves: the database client, the services, background tasks."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import time
from datetime import timedelta
from typing import Any

from blocklist.clock import Clock
from blocklist.credentials import FieldCipher, Pseudonymiser
from blocklist.errors import DatabaseUnavailable, RateLimited, Unauthorized, Unavailable
from blocklist.metrics import Metrics
from blocklist.models import KeyKind, Principal, SalonPrincipal
from blocklist.services.accounts import AccountService
from blocklist.services.audit import AuditLog
from blocklist.services.cases import CaseService
from blocklist.services.console import ConsoleService
from blocklist.services.idempotency import Idempotency
from blocklist.services.index_snapshot import IndexSnapshots
from blocklist.services.linking import CaseLinker
from blocklist.services.lookup import LookupService, Policy
from blocklist.services.lookup_index import IndexBuilder, IndexParts, build_index
from blocklist.services.moderation import ModerationService
from blocklist.services.notices import NoticeService
from blocklist.services.ratelimit import Limit, RateLimiter
from blocklist.services.reports import ReportService
from blocklist.services.retention import Retention
from blocklist.services.rotation import PepperRotation
from blocklist.services.similar import SimilarCases
from blocklist.services.subjects import SubjectRequests
from blocklist.services.watchdog import Watchdog
from blocklist.settings import Settings
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.changes import ChangeLog
from blocklist.storage.console import LoginFailureStore, NoteStore, SessionStore, StatsStore
from blocklist.storage.audit import AuditStore
from blocklist.storage.database import Database, time_limit
from blocklist.storage.idempotency import IdempotencyStore
from blocklist.storage.lookups import AlertStore, LookupLogStore
from blocklist.storage.ratelimits import RateLimitStore
from blocklist.storage.rekeying import RekeyStore
from blocklist.storage.entries import AppealStore, EntryStore
from blocklist.storage.notices import NoticeStore
from blocklist.storage.reports import ReportStore
from blocklist.storage.snapshots import SnapshotStore
from blocklist.storage.subjects import SubjectStore

log = logging.getLogger(__name__)

INDEX_LOAD_TIMEOUT_SECONDS = 900
STARTUP_TIMEOUT_SECONDS = 300
CHANGE_BATCH = 500  # change-log records applied per sync
SNAPSHOT_CHECK_SECONDS = 3600


class Runtime:
    """Composition of client, storage and services for one process; started and closed by the app."""

    def __init__(self, settings: Settings, clock: Clock, metrics: Metrics) -> None:
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        if not settings.pepper or not settings.data_key:
            raise ValueError("settings.pepper and settings.data_key must be set (the CLI fills them)")
        self.database = Database(settings, FieldCipher(settings.data_key))
        self.collections = self.database.collections
        self.pseudonymiser = Pseudonymiser(settings.pepper, settings.pepper_previous)
        self.audit = AuditLog(AuditStore(self.collections), clock, settings.audit_anchor_dir)
        self.changes = ChangeLog(self.collections)
        account_store = self._account_store = AccountStore(self.collections)
        self.accounts = AccountService(account_store, self.audit, self.changes, clock, cache_seconds=60)
        self.rate_limiter = RateLimiter(RateLimitStore(self.collections), clock)
        self.similar = SimilarCases()
        case_store = CaseStore(self.collections)
        report_store = ReportStore(self.collections)
        self.cases = CaseService(case_store, account_store, self.changes, self.similar, clock)
        self.linker = CaseLinker(report_store, case_store, account_store, self.audit, self.changes, self.similar,
                                 clock, incident_claim_lifetime=timedelta(days=settings.pending_report_days))
        self.idempotency = Idempotency(IdempotencyStore(self.collections), self.pseudonymiser, clock,
                                       timedelta(hours=settings.idempotency_ttl_hours))
        self.reports = ReportService(report_store, self.linker, self.cases, self.idempotency, self.audit,
                                     self.changes, self.pseudonymiser, clock, settings.report_incident_max_age_days)
        self.notices = NoticeService(NoticeStore(self.collections), self.audit, settings, clock)
        self.moderation = ModerationService(case_store, report_store, EntryStore(self.collections),
                                            AppealStore(self.collections), account_store, self.linker, self.audit,
                                            self.changes, self.similar, self.pseudonymiser, clock,
                                            listing_default=timedelta(days=settings.entry_default_months * 365 // 12),
                                            listing_max=timedelta(days=settings.entry_max_months * 365 // 12),
                                            notices=self.notices)
        self._case_store = case_store
        self.snapshots = IndexSnapshots(SnapshotStore(self.collections), self.collections.cipher,
                                        self.pseudonymiser.version, clock)
        self.subjects = SubjectRequests(SubjectStore(self.collections), report_store, case_store, account_store,
                                        self.moderation, self.audit, self.changes, self.pseudonymiser, clock,
                                        self.snapshots)
        self.retention = Retention(report_store, case_store, account_store, self.audit, self.changes, clock,
                                   settings.pending_report_days, settings.closed_report_days)
        self._stats = StatsStore(self.collections)
        self._work_counted_at = -1e9  # monotonic time the waiting work was last counted for /metrics
        self.console = ConsoleService(
            self.accounts, account_store, SessionStore(self.collections), LoginFailureStore(self.collections),
            NoteStore(self.collections), self._stats, case_store, self.moderation, self.audit, clock,
            idle_minutes=settings.console_idle_minutes, absolute_hours=settings.console_absolute_hours,
            claim_minutes=settings.claim_timeout_minutes)
        self._entry_store = EntryStore(self.collections)
        self.lookup = LookupService(LookupLogStore(self.collections), AlertStore(self.collections), self.pseudonymiser, clock, metrics,
                                    Policy(multi_salon_threshold=settings.multi_salon_threshold,
                                           no_show_window_days=settings.no_show_window_days),
                                    {"secret": settings.lookup_distinct_per_hour_secret,
                                     "publishable": settings.lookup_distinct_per_hour_publishable,
                                     "address": settings.lookup_distinct_per_hour_address},
                                    help_base=settings.public_base + "/transparency?ref=")
        self.watchdog = Watchdog(AlertStore(self.collections), self.audit, self.lookup, clock, self.metrics)
        self.similar.listeners.append(self._case_changed)
        self.moderation.entry_listeners.append(self._entry_changed)
        self.index_state = "loading"
        self.index_load_seconds: float | None = None
        self.index_source: str | None = None  # where the index came from: "snapshot" or "database"
        self._first_load_claimed = False  # this process reads the database for the others (see _index_parts)
        # origins registered by any salon: a CORS preflight carries no key, so it is checked against all
        self.known_origins: frozenset[str] = frozenset()
        self.revision = 0
        self.last_sync = 0.0
        self.limits = {
            "reports": Limit("reports", settings.report_rate_per_minute, 60, shared=True),
            "lookup_secret": Limit("lookup_secret", settings.lookup_rate_per_minute_secret, 60, shared=False),
            "lookup_publishable": Limit("lookup_publishable", settings.lookup_rate_per_minute_publishable, 60,
                                        shared=False),
            # publishable keys are public: one address rotating many of them is still one caller
            "lookup_address": Limit("lookup_address", settings.lookup_rate_per_minute_address, 60, shared=True),
            "api": Limit("api", settings.api_rate_per_minute, 60, shared=False),
            "appeals": Limit("appeals", settings.appeal_rate_per_hour, 3600, shared=True),
            # CSP violation reports per client address (a page that keeps breaking sends one a load)
            "csp_reports": Limit("csp_reports", 60, 60, shared=False),
            # refused credentials per client address: someone trying keys, not a salon with a typo
            "auth_failures": Limit("auth_failures", settings.auth_failures_per_minute, 60, shared=True),
        }
        self.database_state = "starting"
        self._tasks: list[asyncio.Task] = []
        self._closing = False
        self.serving = True

    async def start(self, serving: bool = True) -> None:
        """Connect and prepare the database; if it is not there yet, keep trying in the background.

        `serving=False` (admin commands, scripts) skips what only a serving process needs: the
        lookup index, the change-log follower, the rate-limit flush and the lookup log writer.
        """
        self.serving = serving
        try:
            await self._initialise()
        except DatabaseUnavailable as exc:
            log.warning("database not reachable at start, retrying in the background: %s", type(exc).__name__)
            self.database_state = "unreachable"
            self._tasks.append(asyncio.create_task(self._retry_initialise()))

    async def _initialise(self) -> None:
        await self.database.ping()
        # what follows reads whole collections on some servers (a million cases scanned for the open
        # ones takes seconds on the embedded one): start-up work, not a request, with a limit of its own
        with time_limit(STARTUP_TIMEOUT_SECONDS):
            await self._prepare()
        self.database_state = "ok"
        if self.serving:  # started outside that limit: a task keeps the context (and deadline) it starts in
            self._tasks.append(asyncio.create_task(self._load_index()))
            self._tasks.append(asyncio.create_task(self.rate_limiter.run()))
            self._tasks.append(asyncio.create_task(self.lookup.run_log_writer()))
            self._tasks.append(asyncio.create_task(self.retention.run()))
            self._tasks.append(asyncio.create_task(self.watchdog.run()))
            self._tasks.append(asyncio.create_task(self.notices.run()))
            if self.notices.can_send:
                log.info("Art. 14 notices are sent through BLOCKLIST_SMTP_URL",
                         extra={"notice_from": self.settings.notice_from})
            else:
                log.warning("Art. 14 notices cannot be sent: BLOCKLIST_SMTP_URL is not set, so they wait in the "
                            "database (the admins' dashboard counts them)")
            if self.settings.audit_anchor_dir:
                log.info("publishing the audit chain's head hourly",
                         extra={"anchor_dir": str(self.settings.audit_anchor_dir)})
                self._tasks.append(asyncio.create_task(self.audit.run_anchoring()))

    async def _prepare(self) -> None:
        await self.database.prepare()
        self.revision = await self.changes.current()
        async for case in self._case_store.open_cases():
            self.similar.update(case)
        repaired = await self.linker.repair()
        finished = await self.moderation.finish_pending_decisions()
        if finished:
            log.warning("completed %d decisions a previous crash had interrupted", finished)
        if repaired:
            log.warning("linked %d reports a previous crash had left unlinked", repaired)
        await self._load_origins()
        self.last_sync = time.monotonic()

    def _case_changed(self, case: dict) -> None:
        if self.lookup.index is not None:
            since = (self.clock() - timedelta(days=self.settings.no_show_window_days)).timestamp()
            self.lookup.index.apply_case(case, since)

    def _entry_changed(self, entry: dict) -> None:
        if self.lookup.index is not None:
            if entry.get("status") == "erased":
                self.lookup.index.remove_entry(entry["_id"])
            else:
                self.lookup.index.apply_entry(entry)

    async def _load_origins(self) -> None:
        self.known_origins = await self._account_store.all_origins()

    async def _load_index(self) -> None:
        """Build the lookup index (readiness waits for it), then follow the change log.

        From the newest snapshot when there is one (seconds), otherwise from every entry in the
        database (then a snapshot is written for the next start); either way the change log is replayed
        from the revision the index reflects before the index answers anything."""
        started = time.monotonic()
        first_load: int | None = None  # the revision this process claimed (or waited on) a first load at
        while True:
            try:
                # loading takes longer than any request may, and the database may be busy serving the
                # other processes' loads: a time limit of its own
                with time_limit(INDEX_LOAD_TIMEOUT_SECONDS):
                    window_start = (self.clock() - timedelta(days=self.settings.no_show_window_days)).timestamp()
                    if first_load is None:
                        first_load = await self.changes.current()
                    parts, revision, source = await self._index_parts(first_load)
                    index = build_index(parts, window_start)
                    self.lookup.index, self.lookup.live = index, False
                    self.revision = min(self.revision, revision)
                    # catch up with what changed since the snapshot (or during the read) before answering
                    while await self.sync_once(include_own=True) >= CHANGE_BATCH:
                        pass
                break
            except DatabaseUnavailable as exc:
                log.warning("lookup index load failed (%s); retrying", type(exc).__name__)
                self.lookup.index = None
                await asyncio.sleep(1)
        self.lookup.live = True
        if source == "database":
            self._tasks.append(asyncio.create_task(self._save_snapshot(parts, revision, first_load)))
        del parts  # the index holds what it needs; the rest (hundreds of MB at a million) goes now
        gc.collect()
        _return_freed_memory()
        gc.freeze()  # the index lives as long as the process: keep the collector from walking it
        self.index_state = "ok"
        self.index_source = source
        self.index_load_seconds = time.monotonic() - started
        entries = index.entry_count
        self.metrics.index_identities.set(index.people_count)
        self.metrics.index_entries.set(entries)
        self.metrics.index_load_seconds.set(self.index_load_seconds)
        log.info("lookup index loaded", extra={"entries": entries, "identities": index.people_count,
                                                "seconds": round(self.index_load_seconds, 2), "source": source,
                                                "revision": revision})
        self._tasks.append(asyncio.create_task(self._refresh_snapshots()))
        await self._sync_loop()

    async def _index_parts(self, first_load: int) -> tuple[IndexParts, int, str]:
        """(parts, the revision they reflect, where they came from): the newest snapshot; with none, the
        database, read by one of the processes starting together while the others wait for its snapshot."""
        loaded = await self.snapshots.load()
        if loaded is None and not self._first_load_claimed:  # (a retry after a failed read reads again)
            self._first_load_claimed = await self.snapshots.claim_first_load(first_load)
            if not self._first_load_claimed:
                loaded = await self.snapshots.wait_for_one(first_load)
        if loaded is not None:
            return loaded[0], loaded[1], "snapshot"
        revision = await self.changes.current()  # read first: what the parts miss, the replay brings
        return await self._read_index_parts(), revision, "database"

    async def _read_index_parts(self) -> IndexParts:
        """Every active entry and every recently reported case, as index parts (callers set a time limit)."""
        builder = IndexBuilder()
        batch: list[dict] = []
        async for doc in self._entry_store.all_active():
            batch.append(doc)
            if len(batch) >= 5000:
                builder.add(batch)
                batch = []
        builder.add(batch)
        since = self.clock() - timedelta(days=self.settings.no_show_window_days)
        async for case in self._case_store.reported_since(since, ["status", "keys", "reports"]):
            builder.add_case(case)
        return await asyncio.to_thread(builder.parts)  # seconds of CPU at a million: lookups go on meanwhile

    async def _save_snapshot(self, parts: IndexParts, revision: int, first_load: int | None) -> None:
        try:
            started = time.monotonic()
            if await self.snapshots.save(parts, revision):
                log.info("index snapshot written", extra={"revision": revision,
                                                          "seconds": round(time.monotonic() - started, 2)})
        except DatabaseUnavailable as exc:
            log.warning("index snapshot not written: %s", type(exc).__name__)
        finally:
            if first_load is not None:  # (a written snapshot took the claim with it already)
                with contextlib.suppress(DatabaseUnavailable):
                    await self.snapshots.release_first_load(first_load)
        parts = None  # type: ignore[assignment]  # the last reference to what the database read gave
        _return_freed_memory()

    async def write_snapshot(self) -> dict[str, Any]:
        """Write a snapshot of the lookup index as the database has it now (what `blocklist admin
        write-snapshot` runs, e.g. before starting many processes at once)."""
        started = time.monotonic()
        with time_limit(INDEX_LOAD_TIMEOUT_SECONDS):
            revision = await self.changes.current()  # read first: what the parts miss, the replay brings
            parts = await self._read_index_parts()
            written = await self.snapshots.save(parts, revision)
        return {"revision": revision, "entries": len(parts.base), "identities": len(parts.case_ids),
                "written": written, "seconds": round(time.monotonic() - started, 1)}

    async def rotate_pepper(self) -> dict[str, int]:
        """Re-key everything stored under the previous pepper (`blocklist admin rotate-pepper`)."""
        return await PepperRotation(RekeyStore(self.collections), self.pseudonymiser, self.linker, self.audit,
                                    self.changes, self.clock).run()

    async def _refresh_snapshots(self) -> None:
        while not self._closing:
            await asyncio.sleep(SNAPSHOT_CHECK_SECONDS)
            try:
                await self.refresh_snapshot()
            except DatabaseUnavailable as exc:
                log.warning("index snapshot check failed: %s", type(exc).__name__)

    async def refresh_snapshot(self) -> bool:
        """Replace an old snapshot when one is due; one process does it (the first to claim the revision:
        every process reading the whole blocklist to write one snapshot was minutes of work each at a
        million identities, and memory they kept). True when this process wrote it."""
        revision = await self.changes.current()
        if not await self.snapshots.due(revision) or not await self.snapshots.claim_refresh(revision):
            return False
        log.info("index snapshot refreshed", extra=await self.write_snapshot())
        _return_freed_memory()
        return True

    async def _sync_loop(self) -> None:
        """Follow the change log so this process's caches see what other processes changed."""
        while not self._closing:
            await asyncio.sleep(self.settings.sync_interval_seconds)
            try:
                await self.sync_once()
                if self.database_state != "ok":
                    log.info("database reachable again")
                self.database_state = "ok"
            except DatabaseUnavailable as exc:
                if self.database_state == "ok":
                    log.warning("database unreachable: %s", type(exc).__name__)
                self.database_state = "unreachable"
            self.lookup.degraded = self.database_state != "ok"

    async def sync_once(self, include_own: bool = False) -> int:
        """Apply the changes recorded since the last sync, up to CHANGE_BATCH of them (idempotent: entities
        are re-read); returns how many there were. This process's own changes are skipped (the index and
        the credential cache took them in when they were made) unless `include_own`: while the index
        loads, nothing took them in. The origin list is rebuilt after any salon change, this process's
        own included: it is only ever rebuilt here."""
        changes = await self.changes.since(self.revision, CHANGE_BATCH)
        if changes:
            refs: dict[str, set[str]] = {}
            salons_changed = False
            for change in changes:
                own = change.get("origin") == self.changes.origin and not include_own
                salons_changed = salons_changed or "salon" in change["refs"]
                for kind, ids in change["refs"].items():
                    # (this process forgot what its own account changes touched when it made them)
                    if not own or kind not in ("case", "entry", "key", "salon", "moderator"):
                        refs.setdefault(kind, set()).update(ids)
            case_ids = sorted(refs.get("case", ()))
            self.accounts.forget(refs)  # only the principals those accounts touch
            if salons_changed:
                await self._load_origins()
            fields = sorted(set(SimilarCases.FIELDS) | {"keys", "reports"})
            found_cases = await self._case_store.get_many(case_ids, fields)
            for case in found_cases:
                self.similar.update(case)  # which also feeds the lookup index (see _case_changed)
            for gone in set(case_ids) - {case["_id"] for case in found_cases}:  # erased
                self.similar.update({"_id": gone, "status": "erased"})
            entry_ids = sorted(refs.get("entry", ()))
            found = await self._entry_store.get_many(entry_ids)
            for entry in found:
                self._entry_changed(entry)
            for gone in set(entry_ids) - {entry["_id"] for entry in found}:  # erased or expired
                self._entry_changed({"_id": gone, "status": "erased"})
            self.revision = changes[-1]["revision"]
        self.last_sync = time.monotonic()
        return len(changes)
    async def _retry_initialise(self) -> None:
        delay = 0.5
        while True:
            await asyncio.sleep(delay)
            try:
                await self._initialise()
                log.info("database reachable again")
                return
            except DatabaseUnavailable:
                delay = min(delay * 2, 10)

    async def close(self) -> None:
        self._closing = True
        await self.linker.close()
        await self.idempotency.close()
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # a driver call can swallow a cancellation; the loops also watch _closing, and we do not wait forever
            await asyncio.wait(self._tasks, timeout=5)
        await self.database.close()

    def readiness(self) -> dict[str, str]:
        return {"database": self.database_state, "lookup_index": self.index_state}

    async def refresh_gauges(self) -> None:
        """Update gauges that are read rather than counted (called when /metrics is scraped). The
        database counts are taken at most every 30 s, whoever scrapes how often."""
        self.metrics.index_revision.set(self.revision)
        if self.last_sync:
            self.metrics.index_stale_seconds.set(time.monotonic() - self.last_sync)
        index = self.lookup.index
        if index is not None:
            self.metrics.index_entries.set(index.entry_count)
            self.metrics.index_identities.set(index.people_count)
        if time.monotonic() - self._work_counted_at < 30:
            return
        try:
            with time_limit(1):
                work = await self._stats.waiting_work()
                notices = await self.notices.counts()
        except DatabaseUnavailable:
            return  # the database is away: the gauges keep their last values (readyz says why)
        self._work_counted_at = time.monotonic()
        self.metrics.queue_open_cases.set(work["open_cases"])
        self.metrics.appeals_waiting.set(work["appeals_waiting"])
        for state in ("waiting", "sent"):
            self.metrics.notices.labels(state).set(notices[state])

    async def authenticate(self, token: str, address: str = "") -> Principal:
        """The principal of a bearer credential. An address that keeps presenting credentials that do
        not exist gets 429 for the rest of the minute, before any database read (a known credential,
        already in the cache, still works from there)."""
        subject = "ip:" + address
        if address and not self.accounts.is_cached(token):
            self.rate_limiter.check(self.limits["auth_failures"], subject)
        try:
            return await self.accounts.authenticate(token)
        except DatabaseUnavailable:
            raise Unavailable("the credential store is not reachable; try again shortly") from None
        except Unauthorized:
            if address:
                self.rate_limiter.hit(self.limits["auth_failures"], subject)
            raise

    async def check_rate(self, name: str, subject: str, principal: Principal | None = None) -> None:
        if name == "lookup" and isinstance(principal, SalonPrincipal):
            name = "lookup_secret" if principal.key_kind is KeyKind.SECRET else "lookup_publishable"
        limit = self.limits[name]
        try:
            self.rate_limiter.hit(limit, subject)
        except RateLimited:
            self.metrics.rate_limited.labels(name).inc()
            raise


def _return_freed_memory() -> None:
    """Hand memory freed after a load back to the system (glibc keeps it otherwise; elsewhere a no-op)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
