"""What one process holds while it serves: the database, the services (built by one small factory per
domain below), and the background work they declare."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from blocklist import views
from blocklist.clock import Clock
from blocklist.credentials import FieldCipher, Pseudonymiser
from blocklist.errors import DatabaseUnavailable, RateLimited, Unauthorized, Unavailable
from blocklist.matching.verdict import Policy
from blocklist.metrics import Metrics
from blocklist.models import KeyKind, Principal, SalonPrincipal
from blocklist.outbound import Messenger
from blocklist.services.accounts import AccountService
from blocklist.services.appeals import AppealService
from blocklist.services.audit import AuditLog
from blocklist.services.background import Background, KeptFresh
from blocklist.services.cases import CaseService
from blocklist.services.changes import Changes
from blocklist.services.console import CASE_FIGURES_SECONDS, ConsoleService
from blocklist.services.follower import ChangeFollower
from blocklist.services.idempotency import Idempotency
from blocklist.services.imports import ImportService
from blocklist.services.index_snapshot import IndexSnapshots
from blocklist.services.linking import CaseLinker
from blocklist.services.lookup import LookupService
from blocklist.services.moderation import ModerationService
from blocklist.services.notices import SEND_EVERY_SECONDS, NoticeService
from blocklist.services.outcomes import OutcomeService
from blocklist.services.pagecheck import PageChecker
from blocklist.services.portal import PortalService
from blocklist.services.ratelimit import FLUSH_SECONDS, Limit, RateLimiter
from blocklist.services.reports import ReportService
from blocklist.services.retention import (
    ROUND_TIME_LIMIT_SECONDS,
    RUN_EVERY_SECONDS,
    Retention,
)
from blocklist.services.rotation import PepperRotation
from blocklist.services.similar import SimilarCases
from blocklist.services.subjects import SubjectRequests
from blocklist.services.watchdog import CHECK_EVERY_SECONDS, Watchdog
from blocklist.services.webhooks import WebhookService
from blocklist.settings import Settings
from blocklist.storage.database import Database, time_limit
from blocklist.storage.stores import Stores

log = logging.getLogger(__name__)

STARTUP_TIMEOUT_SECONDS = 300
ANCHOR_EVERY_SECONDS = 3600
LOOKUP_LOG_EVERY_SECONDS = 1.0
WEBHOOK_EVERY_SECONDS = 1.0
QUEUE_REPAIR_SECONDS = 120  # (a row is rebuilt once its write is a minute old: storage/cases.py)


@dataclass(frozen=True)
class Common:
    """What every domain's services are built with."""

    settings: Settings
    stores: Stores
    clock: Clock
    metrics: Metrics
    pseudonymiser: Pseudonymiser
    audit: AuditLog
    changes: Changes


# every 10 minutes (MongoDB's TTL monitor: every minute): a range on a date reads ≈ 1 µs a document on the embedded
# server, a second for a million listings, and every read checks expiry itself anyway
EXPIRY_EVERY_SECONDS = 600


def months(count: int) -> timedelta:
    return timedelta(days=count * 365 // 12)


def build_accounts(common: Common) -> AccountService:
    return AccountService(common.stores.accounts, common.audit, common.changes, common.clock, cache_seconds=60,
                          platforms=common.stores.platforms)


def build_reporting(common: Common, similar: SimilarCases) -> tuple[CaseService, CaseLinker, ReportService]:
    """Reports, and the cases they are linked into."""
    stores, settings = common.stores, common.settings
    cases = CaseService(stores.cases, stores.accounts, common.changes, common.clock)
    linker = CaseLinker(stores.reports, stores.cases, stores.accounts, common.audit, common.changes, similar,
                        common.clock, incident_claim_lifetime=timedelta(days=settings.pending_report_days))
    idempotency = Idempotency(stores.idempotency, common.pseudonymiser, common.clock,
                              timedelta(hours=settings.idempotency_ttl_hours))
    reports = ReportService(stores.reports, linker, cases, idempotency, common.audit, common.changes,
                            common.pseudonymiser, common.clock, settings.report_incident_max_age_days)
    return cases, linker, reports


def build_moderation(common: Common, linker: CaseLinker, similar: SimilarCases,
                     limiter: RateLimiter) -> tuple[ModerationService, AppealService]:
    """Decisions, the blocklist, appeals, and the notices decisions and appeals send."""
    stores, settings = common.stores, common.settings
    messenger = Messenger(settings)
    notices = NoticeService(stores.notices, common.audit, messenger, settings, common.clock)
    moderation = ModerationService(stores.cases, stores.reports, stores.entries, stores.accounts, linker,
                                   common.audit, common.changes, similar, common.pseudonymiser, common.clock,
                                   listing_default=months(settings.entry_default_months),
                                   listing_max=months(settings.entry_max_months), notices=notices)
    appeals = AppealService(moderation, stores.appeals, stores.entries, common.audit, messenger, notices,
                            common.pseudonymiser, settings, common.clock, codes_limiter=limiter)
    return moderation, appeals


def build_lookup(common: Common) -> LookupService:
    settings = common.settings
    return LookupService(common.stores.lookup_log, common.stores.alerts, common.pseudonymiser, common.clock,
                         common.metrics,
                         Policy(multi_salon_threshold=settings.multi_salon_threshold,
                                no_show_window_days=settings.no_show_window_days),
                         {"secret": settings.lookup_distinct_per_hour_secret,
                          "publishable": settings.lookup_distinct_per_hour_publishable,
                          "address": settings.lookup_distinct_per_hour_address},
                         help_base=settings.public_base + "/transparency?ref=")


def build_console(common: Common, accounts: AccountService, moderation: ModerationService) -> ConsoleService:
    stores, settings = common.stores, common.settings
    return ConsoleService(accounts, stores.accounts, stores.sessions, stores.login_failures, stores.notes,
                          stores.stats, stores.cases, moderation, common.audit, common.changes, common.clock,
                          idle_minutes=settings.console_idle_minutes, absolute_hours=settings.console_absolute_hours,
                          claim_minutes=settings.claim_timeout_minutes)


def rate_limits(settings: Settings) -> dict[str, Limit]:
    return {
        "reports": Limit("reports", settings.report_rate_per_minute, 60, shared=True),
        "lookup_secret": Limit("lookup_secret", settings.lookup_rate_per_minute_secret, 60, shared=False),
        "lookup_publishable": Limit("lookup_publishable", settings.lookup_rate_per_minute_publishable, 60,
                                    shared=False),
        # publishable keys are public: one address rotating many of them is still one caller
        "lookup_address": Limit("lookup_address", settings.lookup_rate_per_minute_address, 60, shared=True),
        "api": Limit("api", settings.api_rate_per_minute, 60, shared=False),
        # a booking platform acting for its salons: each salon has its own limits, and the platform all of
        # them together
        "platform": Limit("platform", settings.platform_rate_per_minute, 60, shared=True),
        "appeals": Limit("appeals", settings.appeal_rate_per_hour, 3600, shared=True),
        # appeal codes typed and asked for per client address (each appeal also locks after five wrong ones)
        "appeal_codes": Limit("appeal_codes", 30, 3600, shared=True),
        "appeal_status": Limit("appeal_status", 300, 3600, shared=True),
        # each page check is a request the service sends: a handful an hour per key is plenty
        "page_checks": Limit("page_checks", 30, 3600, shared=True),
        # CSP violation reports per client address (a page that keeps breaking sends one a load)
        "csp_reports": Limit("csp_reports", 60, 60, shared=False),
        # refused credentials per client address: someone trying keys, not a salon with a typo
        "auth_failures": Limit("auth_failures", settings.auth_failures_per_minute, 60, shared=True),
    }


class Runtime:
    """The services of one process; started and closed by the app (or an admin command)."""

    def __init__(self, settings: Settings, clock: Clock, metrics: Metrics) -> None:
        if not settings.pepper or not settings.data_key:
            raise ValueError("settings.pepper and settings.data_key must be set (the CLI fills them)")
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        self.database = Database(settings, FieldCipher(settings.data_key))
        self.collections = self.database.collections  # for tests that look at what is stored
        stores = Stores.over(self.collections)
        self.pseudonymiser = Pseudonymiser(settings.pepper, settings.pepper_previous)
        self.audit = AuditLog(stores.audit, clock, settings.audit_anchor_dir)
        self.changes = Changes(stores.change_log)
        common = Common(settings, stores, clock, metrics, self.pseudonymiser, self.audit, self.changes)
        self.similar = SimilarCases(self.changes)
        self.accounts = build_accounts(common)
        self.cases, self.linker, self.reports = build_reporting(common, self.similar)
        self.idempotency = self.reports.idempotency
        self.rate_limiter = RateLimiter(stores.rate_limits, clock)
        self.moderation, self.appeals = build_moderation(common, self.linker, self.similar, self.rate_limiter)
        self.notices = self.moderation.notices
        self.lookup = build_lookup(common)
        self.moderation.cases_sharing = self.lookup.cases_sharing
        self.moderation.cases_named = self.lookup.cases_named
        self.snapshots = IndexSnapshots(stores.snapshots, self.pseudonymiser.version, clock)
        self.imports = ImportService(stores.entries, stores.imports, stores.accounts, self.notices, self.changes,
                                     self.audit, self.pseudonymiser, clock,
                                     listing_default=months(settings.entry_default_months),
                                     listing_max=months(settings.entry_max_months))
        self.subjects = SubjectRequests(stores.subjects, stores.reports, stores.cases, stores.accounts,
                                        self.moderation, self.audit, self.changes, self.pseudonymiser, clock,
                                        self.snapshots)
        self.retention = Retention(stores.reports, stores.cases, stores.accounts, self.audit, self.changes, clock,
                                   settings.pending_report_days, settings.closed_report_days)
        self.console = build_console(common, self.accounts, self.moderation)
        self.portal = PortalService(stores.salon_users, stores.portal_lookups, self.accounts, stores.accounts,
                                    stores.sessions, stores.login_failures, self.audit, self.appeals.messenger, clock,
                                    public_base=settings.public_base, idle_minutes=settings.console_idle_minutes,
                                    absolute_hours=settings.console_absolute_hours)
        self.watchdog = Watchdog(stores.alerts, self.audit, self.lookup, clock, metrics)
        self.follower = ChangeFollower(self.changes, stores.cases, stores.entries, self.snapshots, self.lookup,
                                       self.accounts, clock, metrics,
                                       no_show_window_days=settings.no_show_window_days, outcomes=stores.outcomes)
        self.page_checker = PageChecker(self.accounts, settings.public_base, settings.webhook_allow_private)
        self.webhooks = WebhookService(stores.webhooks, self.reports, stores.accounts, self.audit, stores.alerts, clock,
                                       lambda found: views.report_view(found),
                                       allow_private=settings.webhook_allow_private,
                                       retry_base_seconds=settings.webhook_retry_base_seconds)
        self.moderation.reports_changed = self.reports.reports_changed = self.webhooks.reports_changed
        self.outcomes = OutcomeService(stores.lookup_log, stores.outcomes, self.changes, self.audit, clock,
                                       unwritten=self.lookup.unwritten_record)
        self.limits = rate_limits(settings)
        self.stores = stores
        self._work_counted_at = -1e9  # monotonic time the waiting work was last counted for /metrics
        # the dashboard's counts, kept in memory: eight reads of counters (44 ms at a million listings)
        self.dashboard = KeptFresh(self._count_dashboard, seconds=CASE_FIGURES_SECONDS, stale_after=300)
        self.background = Background()
        self.serving = True

    # ------------------------------------------------------------------ start and stop

    async def start(self, serving: bool = True) -> None:
        """Connect and prepare the database; if it is not there yet, keep trying in the background.

        `serving=False` (admin commands, scripts) skips what only a serving process needs: the
        lookup index, the change-log follower, the rate-limit flush and the lookup log writer.
        """
        self.serving = serving
        try:
            await self._initialise()
        except DatabaseUnavailable as exc:
            log.warning("database not reachable at start, retrying in the background: %s", exc.cause)
            self.follower.database_state = "unreachable"
            self.background.once(self._retry_initialise)
        self.background.start()

    async def _initialise(self) -> None:
        await self.database.ping()  # within the request time limit: an absent database shows fast
        # what follows reads whole collections on some servers (a million cases scanned for the open
        # ones takes seconds on the embedded one): start-up work, not a request, with a limit of its own
        with time_limit(STARTUP_TIMEOUT_SECONDS):
            await self._prepare()
        self.follower.database_state = "ok"
        if self.serving:
            self._declare_background_work()

    async def _prepare(self) -> None:
        await self.database.prepare()
        keyed = await self.stores.cases.add_queue_keys(only_open=True)
        if keyed:
            log.warning("gave %d cases written by an earlier version their place in the queue", keyed)
        rows = await self.stores.cases.add_queue_rows()
        if rows:
            log.warning("wrote the queue's rows of %d open cases written by an earlier version", rows)
        await self.stores.reports.add_missing_postings(only_if_empty=True)  # (a new database: nothing to add)
        await self.stores.appeals.add_missing_key_fields(only_if_empty=True)
        rebuilt = await self.stores.cases.repair_queue_rows(self.clock().timestamp())
        if rebuilt:
            log.warning("rebuilt %d queue rows a previous crash had left half written", rebuilt)
        if await self.stores.stats.count_before_the_counters(self.clock().date()):  # days counted, if any
            log.warning("counted the last month's reports and lookups into the dashboard's daily counters")
        await self.follower.start_at_current_revision()
        await self.cases.publish_open_cases()
        repaired = await self.linker.repair()
        finished = await self.moderation.finish_pending_decisions()
        if finished:
            log.warning("completed %d decisions a previous crash had interrupted", finished)
        if repaired:
            log.warning("linked %d reports a previous crash had left unlinked", repaired)

    def _declare_background_work(self) -> None:
        every = self.background.every
        # the sync and the snapshot check begin once the index is loaded (ChangeFollower.load_index)
        self.background.once(lambda: self.follower.load_index(self.background, self.settings.sync_interval_seconds))
        every(FLUSH_SECONDS, self.rate_limiter.flush, name="rate-limit flush")
        every(LOOKUP_LOG_EVERY_SECONDS, self.lookup.write_log, name="lookup log")
        every(RUN_EVERY_SECONDS, self.retention.run_round, name="retention", first_after=0,
              limit=ROUND_TIME_LIMIT_SECONDS)
        every(CHECK_EVERY_SECONDS, self.watchdog.check_once, name="watchdog")
        # listings keyed by an older version get what this one's lookup index reads (once; then a no-op)
        every(RUN_EVERY_SECONDS, self.moderation.refresh_listing_keys, name="listing keys", first_after=60,
              limit=ROUND_TIME_LIMIT_SECONDS)
        every(SEND_EVERY_SECONDS, self.notices.send_due, name="notices")
        every(WEBHOOK_EVERY_SECONDS, self.webhooks.deliver_due, name="webhooks")
        # what TTL indexes delete on MongoDB, deleted here on the embedded server (storage/database.py)
        every(EXPIRY_EVERY_SECONDS, lambda: self.database.delete_expired(self.clock()), name="expiry",
              limit=ROUND_TIME_LIMIT_SECONDS)
        # decided cases written by an earlier version get their place in the list of decided cases (once)
        every(RUN_EVERY_SECONDS, self.stores.cases.add_queue_keys, name="queue keys", first_after=0,
              limit=ROUND_TIME_LIMIT_SECONDS)
        # postings of the reports a database from before them holds (once; then a no-op)
        every(RUN_EVERY_SECONDS, self.stores.reports.add_missing_postings, name="report postings", first_after=0,
              limit=ROUND_TIME_LIMIT_SECONDS * 6)
        # and each appeal's keys in fields of their own (once; then a no-op)
        every(RUN_EVERY_SECONDS, self.stores.appeals.add_missing_key_fields, name="appeal key fields", first_after=0,
              limit=ROUND_TIME_LIMIT_SECONDS)
        # queue rows whose write a stopped process left unfinished (and decided cases' markers)
        every(QUEUE_REPAIR_SECONDS, lambda: self.stores.cases.repair_queue_rows(self.clock().timestamp()),
              name="queue repair", limit=ROUND_TIME_LIMIT_SECONDS)
        # the open cases' count and ages, so that the dashboard and /metrics do not wait for them
        every(CASE_FIGURES_SECONDS * 2 / 3, lambda: self.console.case_figures(refresh=True), name="case figures",
              first_after=0, limit=ROUND_TIME_LIMIT_SECONDS)
        if self.notices.can_send:
            log.info("Art. 14 notices are sent through BLOCKLIST_SMTP_URL",
                     extra={"notice_from": self.settings.notice_from})
        else:
            log.warning("Art. 14 notices cannot be sent: BLOCKLIST_SMTP_URL is not set, so they wait in the "
                        "database (the admins' dashboard counts them)")
        if self.settings.audit_anchor_dir:
            log.info("publishing the audit chain's head hourly",
                     extra={"anchor_dir": str(self.settings.audit_anchor_dir)})
            every(ANCHOR_EVERY_SECONDS, self.audit.publish_anchor, name="audit anchor", first_after=0,
                  retry_after=60)

    async def _retry_initialise(self) -> None:
        delay = 0.5
        while not self.background.closing:
            await asyncio.sleep(delay)
            try:
                await self._initialise()
                log.info("database reachable again")
                return
            except DatabaseUnavailable:
                delay = min(delay * 2, 10)

    async def close(self) -> None:
        await self.background.close()
        await self.linker.close()
        await self.idempotency.close()
        await self.database.close()

    # ------------------------------------------------------------------ state

    @property
    def database_state(self) -> str:
        return self.follower.database_state

    @property
    def index_source(self) -> str | None:
        return self.follower.index_source

    @property
    def known_origins(self) -> frozenset[str]:
        return self.accounts.known_origins

    def readiness(self) -> dict[str, str]:
        return {"database": self.follower.database_state, "lookup_index": self.follower.index_state}

    async def sync_once(self, include_own: bool = False) -> int:
        return await self.follower.sync_once(include_own)

    async def write_snapshot(self) -> dict[str, Any]:
        """`blocklist admin write-snapshot`: see ChangeFollower.write_snapshot."""
        return await self.follower.write_snapshot()

    async def refresh_snapshot(self) -> bool:
        return await self.follower.refresh_snapshot()

    async def rotate_pepper(self) -> dict[str, int]:
        """Re-key everything stored under the previous pepper (`blocklist admin rotate-pepper`)."""
        return await PepperRotation(self.stores.rekeying, self.pseudonymiser, self.linker, self.audit,
                                    self.changes, self.clock).run()

    async def refresh_gauges(self) -> None:
        """Update gauges that are read rather than counted (called when /metrics is scraped). The
        database counts are taken at most every 30 s, whoever scrapes how often."""
        follower = self.follower
        self.metrics.database_up.set(1 if follower.database_state == "ok" else 0)
        self.metrics.index_revision.set(follower.revision)
        if follower.last_sync:
            self.metrics.index_stale_seconds.set(time.monotonic() - follower.last_sync)
        index = self.lookup.index
        if index is not None:
            self.metrics.index_entries.set(index.entry_count)
            self.metrics.index_identities.set(index.people_count)
        if time.monotonic() - self._work_counted_at < 30:
            return
        try:
            with time_limit(1):
                work = await self.console.waiting_work()
                notices = await self.notices.counts()
        except DatabaseUnavailable:
            return  # the database is away: the gauges keep their last values (readyz says why)
        self._work_counted_at = time.monotonic()
        self.metrics.queue_open_cases.set(work["open_cases"])
        self.metrics.appeals_waiting.set(work["appeals_waiting"])
        for state in ("waiting", "sent"):
            self.metrics.notices.labels(state).set(notices[state])

    async def _count_dashboard(self) -> dict[str, Any]:
        return {**await self.console.counted_figures(), "notices": await self.notices.counts(),
                "challenged": await self.outcomes.challenge_precision()}

    # ------------------------------------------------------------------ per request

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

    async def document_counts(self) -> dict[str, int]:
        return await self.stores.imports.document_counts()

    async def raw_bulk_rate(self) -> float:
        """The database's raw bulk-insert rate now (documents/s), for comparing an import's rate with."""
        return await self.stores.imports.raw_insert_rate()

    async def check_rate(self, name: str, subject: str, principal: Principal | None = None) -> None:
        if name == "lookup" and isinstance(principal, SalonPrincipal):
            name = "lookup_secret" if principal.key_kind is KeyKind.SECRET else "lookup_publishable"
        limit = self.limits[name]
        try:
            self.rate_limiter.hit(limit, subject)
        except RateLimited:
            self.metrics.rate_limited.labels(name).inc()
            raise
