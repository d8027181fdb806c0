"""The one channel that says "something changed".

A change is told at once to this process's subscribers of its kind (the lookup index, the similar-case
index, the credential cache) and written to the change log, which every other process follows (see
follower.py) and turns into the same calls. Kinds are the change log's own: `case`, `entry` and
`outcome` subscribers get the changed records (a record gone for good is a models.Erased); `salon`, `key` and
`moderator` subscribers get ids.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from blocklist.storage.changes import ChangeLog

Subscriber = Callable[[list[Any]], None]
# kinds whose changes this process's own subscribers heard when they were made (the follower skips them)
PUBLISHED_KINDS = frozenset({"case", "entry", "salon", "key", "moderator", "outcome"})


class Changes:
    def __init__(self, log: ChangeLog) -> None:
        self.log = log
        self._subscribers: dict[str, list[Subscriber]] = {}

    @property
    def origin(self) -> str:
        """Marks this process's records in the change log."""
        return self.log.origin

    def subscribe(self, kind: str, subscriber: Subscriber) -> None:
        if kind not in PUBLISHED_KINDS:
            raise ValueError(f"nothing publishes {kind!r} changes")
        self._subscribers.setdefault(kind, []).append(subscriber)

    def publish(self, kind: str, items: list[Any]) -> None:
        """Tell this process's subscribers of `kind` (no record in the change log)."""
        if items:
            for subscriber in self._subscribers.get(kind, ()):
                subscriber(items)

    async def record(self, refs: list[tuple[str, str]], at: datetime,
                     published: dict[str, list[Any]] | None = None) -> int:
        """Tell this process's subscribers what `published` holds (by kind), then record `refs` (kind, id)
        under one fresh revision for the other processes; returns the revision."""
        for kind, items in (published or {}).items():
            self.publish(kind, items)
        return await self.log.record(refs, at)

    async def ids_changed(self, kind: str, ids: list[str], at: datetime) -> int:
        """Record that these records of one kind changed, telling this process's subscribers their ids."""
        return await self.record([(kind, record_id) for record_id in ids], at, published={kind: ids})

    async def current(self) -> int:
        return await self.log.current()

    async def since(self, revision: int, limit: int) -> list[dict[str, Any]]:
        return await self.log.since(revision, limit)
