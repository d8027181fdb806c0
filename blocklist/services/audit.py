"""The append-only audit log: each record carries the hash of the one before it."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from blocklist.clock import Clock, isoformat
from blocklist.storage.audit import AuditStore, SequenceTaken

GENESIS = "0" * 64
ANCHOR_FILE = "audit-anchors.jsonl"


def _truncate_ms(value: datetime) -> datetime:
    # BSON keeps milliseconds; hash exactly what is stored so verification can recompute it
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def record_hash(record: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of a record (without its hash) and the previous hash."""
    body = {k: v for k, v in record.items() if k not in {"_id", "hash"}}
    body["at"] = isoformat(body["at"])
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical + prev_hash.encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def audit_cursor(text: str) -> int | None:
    """The sequence number a page of the audit log continues below, or None for anything this service
    never issued ("²" is a digit to Python; 20 digits do not fit the database's 64-bit integers)."""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


class AuditLog:
    """Appends records (actor, action, target, details) to a hash chain and verifies it."""

    def __init__(self, store: AuditStore, clock: Clock, anchor_dir: Path | None = None) -> None:
        self.store = store
        self.clock = clock
        self.anchor_dir = anchor_dir
        self.anchor_failing_since: float | None = None  # monotonic time of the first failed publication
        self._lock = asyncio.Lock()
        self._head: tuple[int, str] | None = None

    async def _load_head(self, after: int = 0) -> tuple[int, str]:
        """The newest record's (seq, hash); `after` is a sequence number known to exist."""
        doc = await self.store.newest(after)
        return (doc["seq"], doc["hash"]) if doc else (0, GENESIS)

    async def append(self, actor: str, action: str, target: str, details: dict[str, Any] | None = None) -> int:
        """Add one record; returns its sequence number. Safe across processes (unique seq)."""
        return await self.append_many([(actor, action, target, details or {})])

    async def append_many(self, events: list[tuple[str, str, str, dict[str, Any]]]) -> int:
        """Add records in order, chained, in as few writes as possible; returns the last sequence number."""
        pending = list(events)
        async with self._lock:
            for _ in range(50):
                if not pending:
                    break
                if self._head is None:
                    self._head = await self._load_head()
                seq, prev_hash = self._head
                at = _truncate_ms(self.clock())
                records = []
                for actor, action, target, details in pending:
                    seq += 1
                    record = {"seq": seq, "at": at, "actor": actor, "action": action, "target": target,
                              "details": details, "prev_hash": prev_hash}
                    record["hash"] = prev_hash = record_hash(record, prev_hash)
                    records.append(record)
                try:
                    await self.store.append(records)
                except SequenceTaken as exc:
                    # another process appended first: keep what landed, chain the rest after the new head
                    inserted = exc.inserted
                    pending = pending[inserted:]
                    known = records[inserted - 1]["seq"] if inserted else seq - len(records)
                    self._head = await self._load_head(after=known)
                    continue
                self._head = (records[-1]["seq"], records[-1]["hash"])
                pending = []
            if pending:
                raise RuntimeError("audit log append kept colliding with other writers")
            return self._head[0] if self._head else 0

    async def list(self, limit: int, before_seq: int | None = None, actor: str | None = None,
                   target: str | None = None) -> list[dict[str, Any]]:
        """Records newest first, optionally before a sequence number, by actor or target."""
        return await self.store.page(limit, before_seq, actor, target)

    # ------------------------------------------------------------------ anchors outside the database

    async def anchor(self) -> dict[str, Any] | None:
        """Publish the chain's head (seq, hash) to the anchor directory: a rewrite of the whole chain in
        the database (every hash recomputed) no longer matches what was published. None: no directory,
        or an empty chain."""
        if self.anchor_dir is None:
            return None
        head = await self.store.newest()
        if head is None:
            return None
        line = {"seq": head["seq"], "hash": head["hash"], "at": isoformat(self.clock())}
        await asyncio.to_thread(_append_line, self.anchor_dir / ANCHOR_FILE, orjson.dumps(line) + b"\n")
        return line

    def anchors(self) -> list[dict[str, Any]]:
        """Every published head, oldest first (a torn last line from a crash is skipped)."""
        if self.anchor_dir is None or not (self.anchor_dir / ANCHOR_FILE).exists():
            return []
        found = []
        for raw in (self.anchor_dir / ANCHOR_FILE).read_bytes().splitlines():
            try:
                found.append(orjson.loads(raw))
            except orjson.JSONDecodeError:
                continue
        return found

    async def publish_anchor(self) -> None:
        """One hourly round of `anchor`, remembering since when publishing fails (the watchdog raises an
        alert if it goes on)."""
        try:
            await self.anchor()
        except Exception:
            if self.anchor_failing_since is None:
                self.anchor_failing_since = time.monotonic()
            raise
        self.anchor_failing_since = None

    async def verify(self) -> tuple[int, ChainBreak | None]:
        """Walk the chain from the start, and check it against the published anchors; (records
        checked, first break or None)."""
        checked, _, broken = await self._walk()
        return checked, broken or await self.verify_anchors()

    async def verify_anchors(self) -> ChainBreak | None:
        """The first published head the chain no longer has, if any."""
        anchors = await asyncio.to_thread(self.anchors)
        hashes: dict[int, str] = {}
        for start in range(0, len(anchors), 1000):
            hashes.update(await self.store.hashes(sorted({anchor["seq"] for anchor in anchors[start:start + 1000]})))
        for anchor in anchors:
            stored = hashes.get(anchor["seq"])
            if stored is None:
                return ChainBreak(anchor["seq"], f"record {anchor['seq']}, published at {anchor['at']}, is gone")
            if stored != anchor["hash"]:
                return ChainBreak(anchor["seq"], f"the chain was rewritten: record {anchor['seq']} does not have the "
                                                 f"hash published at {anchor['at']}")
        return None

    async def verify_after(self, seq: int, hash_: str) -> tuple[tuple[int, str], ChainBreak | None]:
        """Check only the records after a point already verified: (the new last good point, first break)."""
        _, good, broken = await self._walk(seq, hash_)
        return good, broken

    async def _walk(self, after_seq: int = 0, after_hash: str = GENESIS) -> tuple[int, tuple[int, str], ChainBreak | None]:
        """(records checked, the last good (seq, hash), the first break or None) after a point."""
        expected_seq, prev_hash, checked = after_seq + 1, after_hash, 0
        async for record in self.store.after(after_seq):
            problem = None
            if record["seq"] != expected_seq:
                problem = ChainBreak(expected_seq, f"record {expected_seq} is missing (next is {record['seq']})")
            elif record.get("prev_hash") != prev_hash:
                problem = ChainBreak(record["seq"], "prev_hash does not match the record before it")
            elif record_hash(record, prev_hash) != record.get("hash"):
                problem = ChainBreak(record["seq"], "record was altered: its hash does not match its content")
            if problem is not None:
                return checked, (expected_seq - 1, prev_hash), problem
            prev_hash = record["hash"]
            expected_seq += 1
            checked += 1
            if checked % 1000 == 0:
                await asyncio.sleep(0)  # a long walk leaves room for requests between batches
        return checked, (expected_seq - 1, prev_hash), None


def _append_line(path: Path, line: bytes) -> None:
    # O_APPEND: lines from several processes never interleave; fsync: a published head survives a crash
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
