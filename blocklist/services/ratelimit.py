"""Rate limits: fixed windows, shared through MongoDB or kept in this process for hot paths."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import timedelta

from pymongo import ReturnDocument

from blocklist.clock import Clock
from blocklist.errors import RateLimited
from blocklist.storage.database import Collections


@dataclass(frozen=True)
class Limit:
    name: str
    requests: int
    window_seconds: int
    # shared: counted in MongoDB so every process sees the same count; otherwise per process
    shared: bool


class RateLimiter:
    """Counts requests per (limit, subject) in fixed windows; raises RateLimited over the limit."""

    def __init__(self, collections: Collections, clock: Clock) -> None:
        self.c = collections
        self.clock = clock
        self._local: dict[tuple[str, str], tuple[int, int]] = {}

    async def hit(self, limit: Limit, subject: str) -> None:
        if limit.shared:
            await self._hit_shared(limit, subject)
        else:
            self._hit_local(limit, subject)

    def _hit_local(self, limit: Limit, subject: str) -> None:
        now = time.monotonic()
        window = int(now // limit.window_seconds)
        key = (limit.name, subject)
        current_window, count = self._local.get(key, (window, 0))
        if current_window != window:
            count = 0
            if len(self._local) > 100_000:  # old windows of quiet subjects: forget them all
                self._local.clear()
        count += 1
        self._local[key] = (window, count)
        if count > limit.requests:
            retry = math.ceil((window + 1) * limit.window_seconds - now)
            raise RateLimited(f"too many requests: at most {limit.requests} per {limit.window_seconds} s", retry)

    async def _hit_shared(self, limit: Limit, subject: str) -> None:
        now = self.clock()
        epoch = now.timestamp()
        window = int(epoch // limit.window_seconds)
        window_end = (window + 1) * limit.window_seconds
        doc = await self.c.rate_limits.find_one_and_update(
            {"_id": f"{limit.name}:{subject}:{window}"},
            {"$inc": {"n": 1}, "$setOnInsert": {"expires_at": now + timedelta(seconds=window_end - epoch + 60)}},
            upsert=True, return_document=ReturnDocument.AFTER)
        if doc["n"] > limit.requests:
            raise RateLimited(f"too many requests: at most {limit.requests} per {limit.window_seconds} s",
                              math.ceil(window_end - epoch))
