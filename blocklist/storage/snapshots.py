"""Lookup-index snapshots in MongoDB: a header document and its sealed chunks (see services/index_snapshot.py).

A header is inserted first with status "writing" (its id is the revision it reflects, so two processes
never write the same snapshot), then the chunks, then the header becomes "complete": a reader only ever
sees whole snapshots. Chunk ids are derived from the header, so every lookup is by `_id`. Chunks are
sealed here with the data key (AES-GCM, each bound to its snapshot, section and number: a chunk cannot
be swapped for another).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, AsyncIterator

from bson import Binary
from pymongo.errors import DuplicateKeyError

from blocklist.storage.database import Collections, Store


def chunk_id(snapshot_id: str, section: str, number: int) -> str:
    return f"{snapshot_id}:{section}:{number}"


class UnreadableChunk(Exception):
    """A chunk that does not open (another data key, or altered)."""


class SnapshotStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def claim(self, header: dict[str, Any]) -> bool:
        """Start writing a snapshot; False when another process already writes (or wrote) this one."""
        try:
            await self.c.snapshots.insert_one({**header, "status": "writing"})
        except DuplicateKeyError:
            return False
        return True

    async def put_chunk(self, snapshot_id: str, section: str, number: int, data: bytes, created_at: datetime) -> None:
        """Store one chunk of a section, sealed."""
        chunk = chunk_id(snapshot_id, section, number)
        key_version, sealed = self.c.cipher.seal_bytes(data, chunk.encode())
        await self.c.snapshot_chunks.insert_one({"_id": chunk, "key": key_version, "data": Binary(sealed),
                                                 "created_at": created_at})

    async def complete(self, snapshot_id: str, chunks: dict[str, int]) -> None:
        await self.c.snapshots.update_one({"_id": snapshot_id}, {"$set": {"status": "complete", "chunks": chunks}})

    async def latest(self, pepper_version: str, format_version: int) -> dict[str, Any] | None:
        """The newest complete snapshot made under this pepper and format."""
        found = await self.c.snapshots.find(
            {"status": "complete", "pepper_version": pepper_version, "format": format_version}).sort(
            [("revision", -1)]).limit(1).to_list()
        return found[0] if found else None

    async def newest_header(self) -> dict[str, Any] | None:
        found = await self.c.snapshots.find({}).sort([("revision", -1)]).limit(1).to_list()
        return found[0] if found else None

    async def chunks(self, snapshot_id: str, section: str, count: int) -> AsyncIterator[tuple[int, bytes]]:
        """(number, opened bytes) of a section's chunks, in any order, two at a time (one cursor: a lookup
        per chunk cost the embedded server half a second each); raises UnreadableChunk for one that does not
        open."""
        ids = [chunk_id(snapshot_id, section, number) for number in range(count)]
        async for chunk in self.c.snapshot_chunks.find({"_id": {"$in": ids}}).batch_size(2):
            try:
                data = self.c.cipher.open_bytes(chunk["key"], bytes(chunk["data"]), chunk["_id"].encode())
            except Exception as exc:  # wrong key, altered data, a chunk under another number: never trust it
                raise UnreadableChunk(chunk["_id"]) from exc
            yield int(chunk["_id"].rsplit(":", 1)[1]), data

    async def drop(self, headers: list[dict[str, Any]]) -> None:
        for header in headers:
            ids = [chunk_id(header["_id"], section, n) for section, count in (header.get("chunks") or {}).items()
                   for n in range(count)]
            if ids:
                await self.c.snapshot_chunks.delete_many({"_id": {"$in": ids}})
            await self.c.snapshots.delete_one({"_id": header["_id"]})

    async def exists(self, header_id: str) -> bool:
        return await self.c.snapshots.find_one({"_id": header_id}, {"_id": 1}) is not None

    async def older_than(self, revision: int) -> list[dict[str, Any]]:
        return await self.c.snapshots.find({"revision": {"$lt": revision}}).to_list()

    async def all_headers(self) -> list[dict[str, Any]]:
        return await self.c.snapshots.find({}).to_list()

    async def drop_everything(self) -> None:
        """Every snapshot and chunk (an erasure: no copy of the erased person may stay behind)."""
        await self.c.snapshot_chunks.delete_many({})
        await self.c.snapshots.delete_many({})
