"""A clock tests can move, so time rules are tested without sleeping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


class FakeClock:
    """Starts at the real time (TTL indexes delete documents that look expired by the server's
    clock), then moves only when a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
