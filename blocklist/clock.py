"""Time in one place, so tests can move it instead of sleeping."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; naive values (as some servers return them) are taken to be UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def isoformat(value: datetime) -> str:
    """RFC 3339 with a Z, to the millisecond, as every answer writes times."""
    return as_utc(value).isoformat(timespec="milliseconds").replace("+00:00", "Z")
