"""Following the change log: this process's lookup index is loaded, kept in step with every other
process's changes, and snapshotted for the next start.

Loading: from the newest index snapshot when there is one (seconds), otherwise from every entry in
the database (then a snapshot is written for the next start; processes starting together do this
once, the others wait for that snapshot). Either way the change log is replayed from the revision
the index reflects before the index answers anything. Then, every sync interval, the records other
processes changed are read again and published to this process's subscribers (services/changes.py),
which is how the lookup index, the similar-case index and the credential cache hear of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import logging
import time
from datetime import timedelta
from typing import Any

from blocklist.clock import Clock
from blocklist.errors import DatabaseUnavailable
from blocklist.matching.lookup_index import IndexBuilder, IndexParts, build_index
from blocklist.metrics import Metrics
from blocklist.models import BookingOutcome, Entry, Erased, IndexedCase, IndexedEntry
from blocklist.services.accounts import AccountService
from blocklist.services.background import Background
from blocklist.services.changes import PUBLISHED_KINDS, Changes
from blocklist.services.index_snapshot import IndexSnapshots
from blocklist.services.lookup import LookupService
from blocklist.storage.cases import CaseStore
from blocklist.storage.database import time_limit
from blocklist.storage.entries import EntryStore
from blocklist.storage.outcomes import OutcomeStore

log = logging.getLogger(__name__)

INDEX_LOAD_TIMEOUT_SECONDS = 900
CHANGE_BATCH = 500  # change-log records applied per sync
SNAPSHOT_CHECK_SECONDS = 3600
ACCOUNT_KINDS = ("salon", "key", "moderator")


class ChangeFollower:
    """Owns this process's lookup index (loading, syncing, snapshots) and its view of the change log."""

    def __init__(self, changes: Changes, cases: CaseStore, entries: EntryStore, snapshots: IndexSnapshots,
                 lookup: LookupService, accounts: AccountService, clock: Clock, metrics: Metrics, *,
                 no_show_window_days: int, outcomes: OutcomeStore) -> None:
        self.changes = changes
        self.cases = cases
        self.entries = entries
        self.snapshots = snapshots
        self.lookup = lookup
        self.accounts = accounts
        self.clock = clock
        self.metrics = metrics
        self.window = timedelta(days=no_show_window_days)
        self.revision = 0
        self.last_sync = 0.0  # monotonic time of the last sync that reached the database
        self.database_state = "starting"
        self.index_state = "loading"
        self.index_load_seconds: float | None = None
        self.index_source: str | None = None  # where the index came from: "snapshot" or "database"
        self._first_load_claimed = False  # this process reads the database for the others (see _index_parts)
        changes.subscribe("case", self._cases_changed)
        changes.subscribe("entry", self._entries_changed)
        changes.subscribe("outcome", self._outcomes_changed)
        self.outcomes = outcomes

    async def start_at_current_revision(self) -> None:
        """Follow from the change log's current revision (what this process read at start is that new)."""
        self.revision = await self.changes.current()
        await self.accounts.reload_origins()
        self.last_sync = time.monotonic()

    # ------------------------------------------------------------------ this process's subscribers

    def _window_start(self) -> float:
        return (self.clock() - self.window).timestamp()

    def _cases_changed(self, cases: list[IndexedCase | Erased]) -> None:
        index = self.lookup.index
        if index is not None:
            since = self._window_start()
            for case in cases:
                index.apply_case(case, since)

    def _outcomes_changed(self, outcomes: list[BookingOutcome | Erased]) -> None:
        index = self.lookup.index
        if index is not None:
            for outcome in outcomes:
                if isinstance(outcome, Erased):
                    index.remove_outcome(outcome.id)
                else:
                    index.apply_outcome(outcome)

    def _entries_changed(self, entries: list[Entry | Erased]) -> None:
        index = self.lookup.index
        if index is not None:
            for entry in entries:
                if isinstance(entry, Erased):
                    index.remove_entry(entry.id)
                else:
                    index.apply_entry(entry)

    # ------------------------------------------------------------------ loading

    async def load_index(self, background: Background, sync_interval: float) -> None:
        """Build the lookup index (readiness waits for it), then follow the change log every
        `sync_interval` seconds and check daily whether a fresh snapshot is due."""
        started = time.monotonic()
        first_load: int | None = None  # the revision this process claimed (or waited on) a first load at
        while True:
            try:
                # loading takes longer than any request may, and the database may be busy serving the
                # other processes' loads: a time limit of its own
                with time_limit(INDEX_LOAD_TIMEOUT_SECONDS):
                    if first_load is None:
                        first_load = await self.changes.current()
                    parts, revision, source = await self._index_parts(first_load)
                    index = build_index(parts, self._window_start())
                    # bookings' outcomes are few (a salon's word about a challenged booking): read at every load
                    window_start = self.clock() - self.window
                    async for outcome in self.outcomes.since(window_start):
                        index.apply_outcome(outcome)
                    self.lookup.index, self.lookup.live = index, False
                    self.revision = min(self.revision, revision)
                    # catch up with what changed since the snapshot (or during the read) before answering
                    while await self.sync_once(include_own=True) >= CHANGE_BATCH:
                        pass
                break
            except DatabaseUnavailable as exc:
                log.warning("lookup index load failed (%s); retrying", exc.cause)
                self.lookup.index = None
                await asyncio.sleep(1)
        self.lookup.live = True
        if source == "database":
            background.once(functools.partial(self._save_snapshot, parts, revision, first_load))
        del parts  # the index holds what it needs; the rest (hundreds of MB at a million) goes now
        gc.collect()
        return_freed_memory()
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
        background.every(SNAPSHOT_CHECK_SECONDS, self.refresh_snapshot, name="index snapshot check")
        background.every(sync_interval, self.sync_round, name="change-log sync")

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
        batch: list[IndexedEntry] = []
        async for entry in self.entries.all_active():
            batch.append(entry)
            if len(batch) >= 5000:
                builder.add(batch)
                batch = []
        builder.add(batch)
        async for case in self.cases.reported_since(self.clock() - self.window):
            builder.add_case(case)
        return await asyncio.to_thread(builder.parts)  # seconds of CPU at a million: lookups go on meanwhile

    # ------------------------------------------------------------------ snapshots

    async def _save_snapshot(self, parts: IndexParts, revision: int, first_load: int | None) -> None:
        try:
            started = time.monotonic()
            if await self.snapshots.save(parts, revision):
                log.info("index snapshot written", extra={"revision": revision,
                                                          "seconds": round(time.monotonic() - started, 2)})
        except DatabaseUnavailable as exc:
            log.warning("index snapshot not written: %s", exc.cause)
        finally:
            if first_load is not None:  # (a written snapshot took the claim with it already)
                with contextlib.suppress(DatabaseUnavailable):
                    await self.snapshots.release_first_load(first_load)
        parts = None  # type: ignore[assignment]  # the last reference to what the database read gave
        return_freed_memory()

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

    async def refresh_snapshot(self) -> bool:
        """Replace an old snapshot when one is due; one process does it (the first to claim the revision:
        every process reading the whole blocklist to write one snapshot was minutes of work each at a
        million identities, and memory they kept). True when this process wrote it."""
        revision = await self.changes.current()
        if not await self.snapshots.due(revision) or not await self.snapshots.claim_refresh(revision):
            return False
        log.info("index snapshot refreshed", extra=await self.write_snapshot())
        return_freed_memory()
        return True

    # ------------------------------------------------------------------ following

    async def sync_round(self) -> None:
        """One sync, and whether the database answers (said once when it stops and once when it is back)."""
        try:
            await self.sync_once()
            if self.database_state != "ok":
                log.info("database reachable again")
            self.database_state = "ok"
        except DatabaseUnavailable as exc:
            if self.database_state == "ok":
                log.warning("database unreachable: %s", exc.cause)
            self.database_state = "unreachable"
        self.lookup.degraded = self.database_state != "ok"

    async def sync_once(self, include_own: bool = False) -> int:
        """Publish the changes recorded since the last sync, up to CHANGE_BATCH of them (idempotent: records
        are read again); returns how many there were. This process's own changes were published when they
        were made and are skipped, unless `include_own`: while the index loads, it heard none of them.
        The origin list is rebuilt after any salon change, this process's own included: only here."""
        changes = await self.changes.since(self.revision, CHANGE_BATCH)
        if changes:
            refs: dict[str, set[str]] = {}
            salons_changed = False
            for change in changes:
                own = change.get("origin") == self.changes.origin and not include_own
                salons_changed = salons_changed or "salon" in change["refs"]
                for kind, ids in change["refs"].items():
                    if not own or kind not in PUBLISHED_KINDS:
                        refs.setdefault(kind, set()).update(ids)
            for kind in ACCOUNT_KINDS:  # only the principals those accounts touch
                self.changes.publish(kind, sorted(refs.get(kind, ())))
            if salons_changed:
                await self.accounts.reload_origins()
            case_ids = sorted(refs.get("case", ()))
            found_cases = await self.cases.indexed(case_ids)
            self.changes.publish("case", found_cases + [Erased(gone) for gone in
                                                        sorted(set(case_ids) - {c.id for c in found_cases})])
            entry_ids = sorted(refs.get("entry", ()))
            found = await self.entries.get_many(entry_ids)
            # (an entry gone was erased, or deleted at the end of its period)
            self.changes.publish("entry", found + [Erased(gone) for gone in sorted(set(entry_ids) - {e.id for e in found})])
            outcome_ids = sorted(refs.get("outcome", ()))
            outcomes = await self.outcomes.get_many(outcome_ids)
            self.changes.publish("outcome", outcomes + [Erased(gone) for gone in
                                                        sorted(set(outcome_ids) - {o.lookup_id for o in outcomes})])
            self.revision = changes[-1]["revision"]
        self.last_sync = time.monotonic()
        return len(changes)


def return_freed_memory() -> None:
    """Hand memory freed after a load back to the system (glibc keeps it otherwise; elsewhere a no-op)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
