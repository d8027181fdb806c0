"""Snapshots of the lookup index, so a process starts in seconds rather than reading every entry.

Reading a million entries one document at a time is the slow part of a start (minutes on the
embedded server). A snapshot holds the index's parts (IndexParts: numpy columns and a JSON section),
sealed by the store with the data key, and tagged with the change-log revision it reflects. A starting
process loads the newest snapshot made under its pepper, then replays the change log from that
revision before it answers lookups; with none (or one it cannot open) it reads the database and
writes a snapshot for the next start.

A snapshot is a cache: erasure drops them all (no copy of an erased person stays behind), they
expire after a few days (storage/database.py), and a fresh one replaces the older ones.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any

import numpy as np
import orjson

from blocklist.clock import Clock
from blocklist.matching.lookup_index import ENTRY_DTYPE, IndexParts
from blocklist.storage.snapshots import SnapshotStore, UnreadableChunk

log = logging.getLogger(__name__)

FORMAT = 1  # bump when IndexParts or its encoding changes: older snapshots are then ignored
CHUNK_BYTES = 8 * 1024 * 1024
# a snapshot is replaced once a day when anything changed since, sooner after many changes (a start
# replays less). Not more often: writing one reads every entry, which keeps a small server busy for minutes.
REFRESH_AFTER = timedelta(hours=24)
REFRESH_AFTER_CHANGES = 20_000
# how long a starting process waits for the snapshot another one is writing before it reads the database itself
FIRST_LOAD_WAIT = timedelta(minutes=15)


class UnreadableSnapshot(Exception):
    """A snapshot that cannot be opened (another data key, altered, or a chunk missing)."""


def encode(parts: IndexParts) -> dict[str, bytes]:
    """The parts as named byte sections."""
    return {
        "base": parts.base.tobytes(),
        "keys_start": parts.keys_start.tobytes(),
        "keys_flat": parts.keys_flat.tobytes(),
        "doc": orjson.dumps({"salons": parts.salons, "case_ids": parts.case_ids, "names": parts.names,
                             "match_keys": parts.match_keys, "signals": parts.signals}),
    }


def decode(sections: dict[str, bytes]) -> IndexParts:
    doc = orjson.loads(sections["doc"])
    return IndexParts(
        base=np.frombuffer(sections["base"], dtype=ENTRY_DTYPE), salons=doc["salons"], case_ids=doc["case_ids"],
        names=doc["names"], match_keys=doc["match_keys"],
        keys_start=np.frombuffer(sections["keys_start"], dtype=np.int64),
        keys_flat=np.frombuffer(sections["keys_flat"], dtype=np.uint64), signals=doc["signals"])


class IndexSnapshots:
    def __init__(self, store: SnapshotStore, pepper_version: str, clock: Clock) -> None:
        self.store = store
        self.pepper_version = pepper_version
        self.clock = clock

    async def load(self) -> tuple[IndexParts, int] | None:
        """The newest usable snapshot's parts and revision; None when there is none."""
        header = await self.store.latest(self.pepper_version, FORMAT)
        if header is None:
            return None
        try:
            sections = {section: await self._read_section(header["_id"], section, count)
                        for section, count in header["chunks"].items()}
            return decode(sections), header["revision"]
        except (UnreadableSnapshot, KeyError, ValueError) as exc:
            log.warning("index snapshot %s is unreadable (%s); loading from the database", header["_id"], exc)
            return None

    async def _read_section(self, snapshot_id: str, section: str, count: int) -> bytes:
        pieces: list[bytes | None] = [None] * count
        try:
            async for number, data in self.store.chunks(snapshot_id, section, count):
                pieces[number] = data
        except UnreadableChunk as exc:
            raise UnreadableSnapshot(f"chunk {exc} does not open") from exc
        if any(piece is None for piece in pieces):
            raise UnreadableSnapshot(f"a chunk of {section} is missing")
        return b"".join(pieces)  # type: ignore[arg-type]

    async def save(self, parts: IndexParts, revision: int) -> bool:
        """Store a snapshot of these parts as of `revision` and drop older ones; False when another
        process is already writing this revision's snapshot."""
        now = self.clock()
        snapshot_id = f"ixs_{revision:012d}"
        header: dict[str, Any] = {"_id": snapshot_id, "revision": revision, "format": FORMAT,
                                  "pepper_version": self.pepper_version, "created_at": now,
                                  "entries": len(parts.base), "identities": len(parts.case_ids)}
        if not await self.store.claim(header):
            return False
        counts = {}
        # encoding a million identities is seconds of CPU: in a thread, so that lookups go on meanwhile
        for section, data in (await asyncio.to_thread(encode, parts)).items():
            view = memoryview(data)
            count = max(1, -(-len(data) // CHUNK_BYTES))
            for number in range(count):
                await self.store.put_chunk(snapshot_id, section, number,
                                           bytes(view[number * CHUNK_BYTES:(number + 1) * CHUNK_BYTES]), now)
            counts[section] = count
        await self.store.complete(snapshot_id, counts)
        await self.store.drop(await self.store.older_than(revision))
        return True

    async def due(self, revision: int) -> bool:
        """Whether a fresh snapshot should be written: none yet, many changes since the newest, or a day-old
        one with changes since."""
        header = await self.store.newest_header()
        if header is None:
            return True
        behind = revision - header["revision"]
        return behind >= REFRESH_AFTER_CHANGES or (behind > 0 and header["created_at"] < self.clock() - REFRESH_AFTER)

    async def claim_first_load(self, revision: int) -> bool:
        """With no snapshot, one of the processes starting together reads the database (and writes the
        snapshot the others then load): True for the one that does. The claim goes with the next
        snapshot written, or is released if writing fails; if its holder dies, the others stop
        waiting after FIRST_LOAD_WAIT."""
        return await self.store.claim({"_id": _first_load_id(revision), "revision": -1, "format": FORMAT,
                                       "pepper_version": self.pepper_version, "created_at": self.clock()})

    async def claim_refresh(self, revision: int) -> bool:
        """One process refreshes a due snapshot: True for the one that reads the database to write it
        (the claim, like the first load's, goes with the next snapshot written)."""
        return await self.store.claim({"_id": f"refresh_{revision:012d}", "revision": -1, "format": FORMAT,
                                       "pepper_version": self.pepper_version, "created_at": self.clock()})

    async def release_first_load(self, revision: int) -> None:
        await self.store.drop([{"_id": _first_load_id(revision)}])

    async def wait_for_one(self, revision: int) -> tuple[IndexParts, int] | None:
        """The snapshot another process is writing, once it is complete; None when that process gave up,
        or after FIRST_LOAD_WAIT."""
        deadline = time.monotonic() + FIRST_LOAD_WAIT.total_seconds()
        while time.monotonic() < deadline:
            await asyncio.sleep(1)
            loaded = await self.load()
            if loaded is not None:
                return loaded
            if not await self.store.exists(_first_load_id(revision)):
                return await self.load()  # written just now, or given up: then None, and we read ourselves
        log.warning("no index snapshot appeared in %s; reading the database", FIRST_LOAD_WAIT)
        return None

    async def forget_all(self) -> None:
        await self.store.drop_everything()


def _first_load_id(revision: int) -> str:
    return f"first_load_{revision:012d}"
