"""Idempotency-Key (IETF httpapi draft): a retried request returns the first answer and creates nothing.

A key is claimed by inserting a record with a unique id (salon, key): two identical requests
racing cannot both win, whatever process they reach. The record holds a keyed fingerprint of the
request body (an unkeyed hash of a report gives its phone back to anyone who tries the candidates)
and, once done, the answer and the id of the report it created (erased with the person).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.errors import Conflict, IdempotencyKeyReused, InvalidRequest
from blocklist.services.batching import Batcher
from blocklist.storage.idempotency import IdempotencyStore

MAX_KEY_LENGTH = 200
# a claim older than this without an answer belongs to a request that died; a retry may take over
STALE_CLAIM = timedelta(seconds=60)


@dataclass(frozen=True)
class Replay:
    """The outcome of the first request with a key: whether it created something, and what it answered."""

    created: bool
    receipt: dict[str, Any]


class Idempotency:
    def __init__(self, store: IdempotencyStore, pseudonymiser: Pseudonymiser, clock: Clock,
                 ttl: timedelta) -> None:
        self.store = store
        self.pseudonymiser = pseudonymiser
        self.clock = clock
        self.ttl = ttl
        # claims and answers of concurrent requests are written together (one bulk write each)
        self._claims: Batcher[dict[str, Any], bool] = Batcher(store.insert_claims)
        self._answers: Batcher[tuple[str, bool, dict[str, Any]], None] = Batcher(self._write_answers)

    async def close(self) -> None:
        await self._claims.close()
        await self._answers.close()

    async def _write_answers(self, answers: list[tuple[str, bool, dict[str, Any]]]) -> list[None]:
        await self.store.write_answers(answers)
        return [None] * len(answers)

    @staticmethod
    def check_key(key: str) -> None:
        if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
            raise InvalidRequest(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
                                 [{"field": "Idempotency-Key", "problem": "invalid header value"}])

    @staticmethod
    def _record_id(scope: str, key: str) -> str:
        return f"{scope}:{hashlib.sha256(key.encode()).hexdigest()}"

    def _fingerprints(self, body: bytes) -> tuple[str, set[str]]:
        """The body's fingerprint under the pepper, and every fingerprint that counts as the same body
        (under the previous pepper too, while it is being rotated)."""
        current = self.pseudonymiser.key("idempotency", body.hex())
        previous = self.pseudonymiser.previous
        return current, {current} | ({previous.key("idempotency", body.hex())} if previous else set())

    async def claim(self, scope: str, key: str, body: bytes) -> Replay | None:
        """Claim `key` for a request with this (canonical) body; a Replay if it was answered before;
        raises 409/422 otherwise."""
        self.check_key(key)
        record_id = self._record_id(scope, key)
        now = self.clock()
        fingerprint, same_body = self._fingerprints(body)
        if await self._claims.submit({"_id": record_id, "fingerprint": fingerprint, "state": "processing",
                                      "created_at": now, "expires_at": now + self.ttl}):
            return None
        existing = await self.store.get(record_id)
        if existing is None:  # expired between the two calls: claim again
            return await self.claim(scope, key, body)
        if existing["fingerprint"] not in same_body:
            raise IdempotencyKeyReused("this Idempotency-Key was used with a different request body")
        if existing["state"] == "done":
            # (records written before `created` was stored hold the HTTP status instead; they live 24 hours)
            return Replay(existing.get("created", existing.get("status") == 201), existing["body"])
        # a claim this old belongs to a request whose process died: this retry takes it over
        if now - existing["created_at"] < STALE_CLAIM or not await self.store.take_over(existing, now, now + self.ttl):
            raise Conflict("a request with this Idempotency-Key is still being processed; retry shortly")
        return None

    async def complete(self, scope: str, key: str, created: bool, receipt: dict[str, Any]) -> None:
        """Remember the request's outcome for its retries."""
        await self._answers.submit((self._record_id(scope, key), created, receipt))

    async def release(self, scope: str, key: str) -> None:
        """Forget a claim whose request failed, so the client's retry can run."""
        await self.store.release(self._record_id(scope, key))
