"""A process's periodic work, declared once: `every(seconds, job)` instead of a hand-written loop per job.

A round that fails does not end its job: a failure is logged when it starts (a database outage by its
cause, anything else with its traceback) and when it ends, not at every round of a job that runs four
times a second, and the next round comes as planned.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from blocklist.errors import DatabaseUnavailable
from blocklist.storage.database import time_limit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    seconds: float  # between rounds
    run: Callable[[], Awaitable[Any]]
    first_after: float  # before the first round
    retry_after: float  # after a failed round
    limit: float | None  # the database deadline of one round, when it is not the request limit


class Background:
    """Runs declared jobs until closed; jobs declared after `start` start at once."""

    def __init__(self) -> None:
        self._tasks: list[asyncio.Task] = []
        self._started = False
        self._pending: list[Callable[[], Awaitable[Any]]] = []
        self.closing = False

    def every(self, seconds: float, job: Callable[[], Awaitable[Any]], *, name: str, first_after: float | None = None,
              retry_after: float | None = None, limit: float | None = None) -> None:
        """Run `job()` every `seconds` (first after `first_after`, default `seconds`; after a failure, after
        `retry_after`), each round within `limit` seconds of database time when given."""
        declared = Job(name, seconds, job, seconds if first_after is None else first_after,
                       seconds if retry_after is None else retry_after, limit)
        self.once(lambda: self._repeat(declared))

    def once(self, work: Callable[[], Awaitable[Any]]) -> None:
        """Run `work()` once, in the background (it handles its own failures)."""
        if self._started:
            self._tasks.append(asyncio.create_task(work()))
        else:
            self._pending.append(work)

    def start(self) -> None:
        self._started = True
        pending, self._pending = self._pending, []
        for work in pending:
            self.once(work)

    async def close(self) -> None:
        self.closing = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # a driver call can swallow a cancellation; the loops also watch `closing`, and we do not wait forever
            await asyncio.wait(self._tasks, timeout=5)

    async def _repeat(self, job: Job) -> None:
        delay, failing = job.first_after, False
        while not self.closing:
            await asyncio.sleep(delay)
            try:
                with time_limit(job.limit) if job.limit else contextlib.nullcontext():
                    await job.run()
            except DatabaseUnavailable as exc:
                if not failing:
                    log.warning("%s: the database is unavailable (%s); retrying", job.name, exc.cause)
                failing, delay = True, job.retry_after
                continue
            except Exception:
                if not failing:
                    log.exception("%s failed; retrying", job.name)
                failing, delay = True, job.retry_after
                continue
            if failing:
                log.info("%s: running again", job.name)
            failing, delay = False, job.seconds


class KeptFresh:
    """Figures that are slow to count and change slowly (a dashboard's): counted on first use, then served from
    memory, and counted again in the background once older than `seconds`, so a page does not wait for them.
    Figures nobody asked for in `stale_after` seconds are counted again before they are shown."""

    def __init__(self, count: Callable[[], Awaitable[Any]], seconds: float, stale_after: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._count = count
        self._monotonic = monotonic
        self.seconds = seconds
        self.stale_after = stale_after
        self._value: Any = None
        self._counted = -math.inf  # monotonic
        self._recount: asyncio.Task | None = None

    async def get(self) -> Any:
        age = self._monotonic() - self._counted
        if age > self.stale_after:
            await self._count_now()
        elif age > self.seconds and self._recount is None:
            self._recount = asyncio.create_task(self._count_later())
        return self._value

    async def _count_now(self) -> None:
        counted_at = self._monotonic()
        self._value = await self._count()
        self._counted = counted_at

    async def _count_later(self) -> None:
        try:
            with time_limit(60):
                await self._count_now()
        except Exception:  # the figures stay as they were; the next view tries again
            log.warning("could not count the figures again", exc_info=True)
        finally:
            self._recount = None


class KeptById:
    """Records read by id that pages show and that change rarely (a console session's moderator, a report's
    salon): kept `seconds` after they were read. `forget` drops some at once (a change here or in another
    process, through the change log); a read that began before a forget is not kept."""

    LIMIT = 50_000  # records kept at most (the cache starts again past it)

    def __init__(self, read: Callable[[list[str]], Awaitable[dict[str, Any]]], seconds: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._read = read
        self._monotonic = monotonic
        self.seconds = seconds
        self._kept: dict[str, tuple[Any, float]] = {}  # id -> (record, monotonic time read)
        self._forgotten = 0

    async def get_many(self, ids: list[str]) -> dict[str, Any]:
        now = self._monotonic()
        found, missing = {}, []
        for record_id in dict.fromkeys(ids):
            kept = self._kept.get(record_id)
            if kept is not None and now - kept[1] < self.seconds:
                found[record_id] = kept[0]
            else:
                missing.append(record_id)
        if missing:
            forgotten = self._forgotten
            read = await self._read(missing)
            if forgotten == self._forgotten:
                if len(self._kept) + len(read) > self.LIMIT:
                    self._kept.clear()
                self._kept.update((record_id, (record, now)) for record_id, record in read.items())
            found.update(read)
        return found

    def forget(self, ids: list[str]) -> None:
        self._forgotten += 1
        for record_id in ids:
            self._kept.pop(record_id, None)
