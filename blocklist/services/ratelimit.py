"""Rate limits in fixed windows: counted in this process, shared with the others through MongoDB.

A request never waits for the database: hits are counted locally and a background flush (every
quarter second) adds them to shared counters in MongoDB and reads back the totals of every
process. The decision uses the last known total plus this process's hits since; other processes'
hits are seen within one flush, so a burst can overshoot a limit by at most one flush interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from blocklist.clock import Clock
from blocklist.errors import DatabaseUnavailable, RateLimited
from blocklist.storage.ratelimits import RateLimitStore

FLUSH_SECONDS = 0.25


@dataclass(frozen=True)
class Limit:
    name: str
    requests: int
    window_seconds: int
    # shared: counted across every process through MongoDB; otherwise per process only
    shared: bool


class RateLimiter:
    """Counts requests per (limit, subject) in fixed windows; raises RateLimited over the limit."""

    def __init__(self, store: RateLimitStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        # (limit, subject, window) -> hits in this process not yet flushed / total known across processes
        self._pending: dict[tuple[str, str, int], int] = {}
        self._known: dict[tuple[str, str, int], int] = {}
        # hits being written by a flush: still counted until the totals that include them come back
        # (without this, every request during a slow flush was measured against too low a count)
        self._in_flight: dict[tuple[str, str, int], int] = {}
        self._local: dict[tuple[str, str, int], int] = {}
        self._expiry: dict[tuple[str, str, int], float] = {}

    def hit(self, limit: Limit, subject: str) -> None:
        now = self.clock().timestamp()
        window = int(now // limit.window_seconds)
        key = (limit.name, subject, window)
        self._expiry[key] = (window + 1) * limit.window_seconds
        if limit.shared:
            count = self._known.get(key, 0) + self._in_flight.get(key, 0) + self._pending.get(key, 0) + 1
            self._pending[key] = self._pending.get(key, 0) + 1
        else:
            count = self._local.get(key, 0) + 1
            self._local[key] = count
        if count > limit.requests:
            retry = math.ceil((window + 1) * limit.window_seconds - now)
            raise RateLimited(f"too many requests: at most {limit.requests} per {limit.window_seconds} s", retry)

    def check(self, limit: Limit, subject: str) -> None:
        """Raise RateLimited if `subject` has used up `limit` in this window, without counting a hit."""
        now = self.clock().timestamp()
        window = int(now // limit.window_seconds)
        key = (limit.name, subject, window)
        count = ((self._known.get(key, 0) + self._in_flight.get(key, 0) + self._pending.get(key, 0)) if limit.shared
                 else self._local.get(key, 0))
        if count >= limit.requests:
            retry = math.ceil((window + 1) * limit.window_seconds - now)
            raise RateLimited(f"too many requests: at most {limit.requests} per {limit.window_seconds} s", retry)

    async def flush(self) -> None:
        """Add pending hits to the shared counters and learn every process's totals."""
        now = self.clock()
        epoch = now.timestamp()
        for key in [k for k, end in self._expiry.items() if end < epoch]:
            # (hits of a window that is over limit nothing any more: not worth a write)
            for store in (self._known, self._local, self._expiry, self._pending):
                store.pop(key, None)
        pending, self._pending = self._pending, {}
        if not pending and not self._known:
            return
        for key, hits in pending.items():  # (two flushes may overlap: the process's loop and a shutdown)
            self._in_flight[key] = self._in_flight.get(key, 0) + hits
        try:
            if pending:
                try:
                    await self.store.add({
                        _doc_id(key): (hits, now + timedelta(seconds=self._window_end(key) - epoch + 60))
                        for key, hits in pending.items()})
                except DatabaseUnavailable:
                    for key, hits in pending.items():  # keep counting; try again at the next flush
                        self._pending[key] = self._pending.get(key, 0) + hits
                    raise
            keys = list(set(pending) | set(self._known))
            try:
                totals = await self.store.totals([_doc_id(k) for k in keys])
            except DatabaseUnavailable:
                for key, hits in pending.items():  # written, but the totals did not come back: count them here
                    self._known[key] = self._known.get(key, 0) + hits
                raise
        finally:
            for key, hits in pending.items():
                left = self._in_flight.get(key, 0) - hits
                if left > 0:
                    self._in_flight[key] = left
                else:
                    self._in_flight.pop(key, None)
        for key in keys:
            self._known[key] = totals.get(_doc_id(key), 0)

    def _window_end(self, key: tuple[str, str, int]) -> float:
        return self._expiry.get(key, float("inf"))


def _doc_id(key: tuple[str, str, int]) -> str:
    return f"{key[0]}:{key[1]}:{key[2]}"
