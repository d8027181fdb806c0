"""Blocklist entries (one identifier each, from a moderator's decision) and appeals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, AsyncIterator

from blocklist.models import Appeal, Entry, IndexedEntry
from blocklist.storage.database import Collections, Store, insert_new, keyset_page, read_in_pages
from blocklist.storage.sealing import APPEAL_FIELDS, ENTRY_FIELDS


def _indexed(doc: dict[str, Any]) -> IndexedEntry:
    return IndexedEntry(id=doc["_id"], key=doc["key"], action=doc["action"], status=doc["status"],
                        case_id=doc["case_id"], salon_id=doc.get("salon_id"), expires_at=doc.get("expires_at"),
                        name_packed=tuple(doc.get("name_packed") or ()), match_keys=tuple(doc.get("match_keys") or ()),
                        misused=bool(doc.get("misused")))


def entry_of(doc: dict[str, Any]) -> Entry:
    return Entry(
        id=doc["_id"], key=doc["key"], action=doc["action"], status=doc["status"], case_id=doc["case_id"],
        salon_id=doc.get("salon_id"), expires_at=doc.get("expires_at"), name_packed=tuple(doc.get("name_packed") or ()),
        match_keys=tuple(doc.get("match_keys") or ()), kind=doc["kind"], value=doc.get("value"),
        scope=doc.get("scope") or "global", created_at=doc["created_at"], created_by=doc.get("created_by") or "",
        note=doc.get("note"), names=tuple(doc.get("names") or ()), typed_names=tuple(doc.get("typed_names") or ()),
        lifted_at=doc.get("lifted_at"), lifted_by=doc.get("lifted_by"), lift_note=doc.get("lift_note"),
        appeal_upheld_at=doc.get("appeal_upheld_at"), pepper_version=doc.get("pepper_version"),
        keys_version=doc.get("keys_version", 1), unreadable_fields=tuple(doc.get("unreadable_fields") or ()),
        misused=bool(doc.get("misused")), misuse_note=doc.get("misuse_note"))


# entries whose match keys hold what this version's lookup index reads (2: an email's typo neighbourhood too)
KEYS_VERSION = 2


def _entry_document(entry: Entry) -> dict[str, Any]:
    doc = {"_id": entry.id, "kind": entry.kind, "value": entry.value, "key": entry.key, "action": entry.action,
           "scope": entry.scope, "salon_id": entry.salon_id, "case_id": entry.case_id, "names": list(entry.names),
           "name_packed": list(entry.name_packed), "typed_names": list(entry.typed_names), "status": entry.status,
           "created_at": entry.created_at, "created_by": entry.created_by, "expires_at": entry.expires_at,
           "note": entry.note, "lifted_at": entry.lifted_at, "lifted_by": entry.lifted_by, "lift_note": entry.lift_note,
           "match_keys": list(entry.match_keys), "pepper_version": entry.pepper_version,
           "keys_version": entry.keys_version}
    if entry.appeal_upheld_at is not None:
        doc["appeal_upheld_at"] = entry.appeal_upheld_at
    if entry.misused or entry.misuse_note:
        doc.update(misused=entry.misused, misuse_note=entry.misuse_note)
    return doc


def appeal_of(doc: dict[str, Any]) -> Appeal:
    return Appeal(
        id=doc["_id"], status=doc["status"], name=doc.get("name"), message=doc.get("message"),
        received_at=doc["received_at"], email=doc.get("email"), phone=doc.get("phone"), country=doc.get("country"),
        reference=doc.get("reference"), keys=tuple(doc.get("keys") or ()), entry_ids=tuple(doc.get("entry_ids") or ()),
        resolved_at=doc.get("resolved_at"), resolved_by=doc.get("resolved_by"), note=doc.get("note"),
        pepper_version=doc.get("pepper_version"), unreadable_fields=tuple(doc.get("unreadable_fields") or ()),
        # appeals from before verification existed were received at once
        **{name: doc[name] for name in _APPEAL_PROOF if name in doc})


# how the person proves the identifier is theirs (absent from older appeals: the dataclass defaults apply)
_APPEAL_PROOF = ("language", "never_booked", "verify_by", "verified_at", "phone_e164", "code_hash", "code_expires_at",
                 "code_sent_at", "codes_sent", "wrong_codes", "status_token_hash", "revision")


# an appeal's keys (its email's and its phone's: never more than two) also each in a field of its own: the embedded
# server cannot index an array, and a subject request scanned every appeal for a person's key (5 ms at 2,000)
APPEAL_KEY_FIELDS = ("key_0", "key_1")
APPEAL_KEYS_MIGRATION = "migration:appeal_keys"


def appeal_key_fields(keys: list[str] | tuple[str, ...]) -> dict[str, str]:
    if len(keys) > len(APPEAL_KEY_FIELDS):
        raise ValueError("an appeal names at most an email and a phone")
    return dict(zip(APPEAL_KEY_FIELDS, keys))


def _appeal_document(appeal: Appeal) -> dict[str, Any]:
    return {"_id": appeal.id, "status": appeal.status, "name": appeal.name, "email": appeal.email,
            "phone": appeal.phone, "keys": list(appeal.keys), **appeal_key_fields(appeal.keys),
            "pepper_version": appeal.pepper_version,
            "message": appeal.message, "entry_ids": list(appeal.entry_ids), "received_at": appeal.received_at,
            "country": appeal.country, "reference": appeal.reference, "resolved_at": appeal.resolved_at,
            "resolved_by": appeal.resolved_by, "note": appeal.note,
            **{name: getattr(appeal, name) for name in _APPEAL_PROOF}}


class EntryStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    def _opened(self, doc: dict[str, Any] | None) -> Entry | None:
        opened = self.c.opened(doc, ENTRY_FIELDS)
        return entry_of(opened) if opened is not None else None

    async def insert_many(self, entries: list[Entry]) -> None:
        """Insert entries; ids are decided beforehand, so a repeated insert after a crash is a no-op."""
        await insert_new(self.c.entries, [self.c.sealed(_entry_document(e), ENTRY_FIELDS) for e in entries])

    async def get(self, entry_id: str) -> Entry | None:
        return self._opened(await self.c.entries.find_one({"_id": entry_id}))

    async def get_many(self, entry_ids: list[str]) -> list[Entry]:
        if not entry_ids:
            return []
        docs = await self.c.entries.find({"_id": {"$in": entry_ids}}).batch_size(1000).to_list()
        return [entry_of(doc) for doc in self.c.opened_all(docs, ENTRY_FIELDS)]

    async def by_key(self, key: str) -> list[Entry]:
        return [entry_of(doc) for doc in self.c.opened_all(await self.c.entries.find({"key": key}).to_list(),
                                                         ENTRY_FIELDS)]

    async def listed_keys(self, keys: list[str]) -> set[tuple[str, str | None]]:
        """(key, salon id or None) of the listings in force among these identifier keys (one indexed read each:
        nx-27017 answers `$in` on a field other than _id with a whole-collection scan)."""
        found: set[tuple[str, str | None]] = set()
        for key in keys:
            # equality on the indexed key alone (with the status in the filter too, nx-27017 scanned everything)
            async for doc in self.c.entries.find({"key": key}, {"key": 1, "salon_id": 1, "status": 1}):
                if doc.get("status") in ("active", "disputed"):
                    found.add((doc["key"], doc.get("salon_id")))
        return found

    async def misused_keys(self, keys: list[str]) -> set[str]:
        """Which of these identifier keys a moderator marked as misused on any listing."""
        if not keys:
            return set()
        # one query: MongoDB walks the key index; the embedded server, which cannot use an index for an $in on a
        # field, reads the few misused listings by the index named after `misused` (NX_EQUALITY_FIELDS)
        found = await self.c.entries.find({"misused": True, "key": {"$in": sorted(set(keys))}}, {"key": 1}).to_list()
        return {doc["key"] for doc in found}

    async def by_case(self, case_id: str) -> list[Entry]:
        return [entry_of(doc) for doc in self.c.opened_all(await self.c.entries.find({"case_id": case_id}).to_list(),
                                                         ENTRY_FIELDS)]

    async def replace_if_status(self, entry: Entry, expected_status: str) -> bool:
        """Write the entry as it is now, if its stored status is still `expected_status`."""
        result = await self.c.entries.replace_one({"_id": entry.id, "status": expected_status},
                                                  self.c.sealed(_entry_document(entry), ENTRY_FIELDS))
        return result.matched_count == 1

    async def page(self, kind: str | None, scope: str | None, statuses: list[str] | None, key: str | None, limit: int,
                   before: tuple[datetime, str] | None) -> list[Entry]:
        """Entries newest first, after a (created_at, id) cursor, of a kind, scope, status and identifier key."""
        query: dict[str, Any] = {}
        if kind:
            query["kind"] = kind
        if scope:
            query["scope"] = scope
        if statuses is not None:
            query["status"] = {"$in": statuses}
        if key is not None:
            query["key"] = key
        docs = await keyset_page(self.c.entries, query, "created_at", True, before, limit)
        return [entry_of(doc) for doc in self.c.opened_all(docs, ENTRY_FIELDS)]

    async def with_old_keys(self, pepper_version: str, limit: int) -> list[Entry]:
        """Entries keyed under this pepper whose match keys an older version computed (see KEYS_VERSION)."""
        docs = await self.c.entries.find({"keys_version": {"$ne": KEYS_VERSION},
                                          "pepper_version": pepper_version}).limit(limit).to_list()
        return [entry_of(doc) for doc in self.c.opened_all(docs, ENTRY_FIELDS)]

    async def set_match_keys(self, entry_id: str, match_keys: list[str]) -> None:
        await self.c.entries.update_one({"_id": entry_id}, {"$set": {"match_keys": match_keys,
                                                                    "keys_version": KEYS_VERSION}})

    async def all_active(self, page_size: int = 2000) -> AsyncIterator[IndexedEntry]:
        """Every active or disputed entry, for the lookup index: a page of entries at a time, by key (see
        read_in_pages; lifted ones are read and passed over)."""
        async for doc in read_in_pages(self.c.entries, "key", page_size):
            if doc.get("status") in ("active", "disputed"):
                yield _indexed(self.c.opened(doc, ENTRY_FIELDS))  # type: ignore[arg-type]


class AppealStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def add_missing_key_fields(self, only_if_empty: bool = False) -> int:
        """The key fields of the appeals a database from before them holds, once (a marker says it is done);
        returns how many appeals were given them. Appeals written meanwhile have theirs already. `only_if_empty`:
        done at once when there are no appeals (a new database), otherwise left for the background."""
        if await self.c.counters.find_one({"_id": APPEAL_KEYS_MIGRATION}):
            return 0
        if only_if_empty and await self.c.appeals.find_one({}, {"_id": 1}):
            return 0
        written = 0
        # (appeals are few: thousands at a million listings)
        async for doc in self.c.appeals.find({}, {"keys": 1, APPEAL_KEY_FIELDS[0]: 1}):
            keys = doc.get("keys") or []
            if keys and APPEAL_KEY_FIELDS[0] not in doc:
                # (a pepper rotation meanwhile writes the fields, with the new keys, itself)
                await self.c.appeals.update_one({"_id": doc["_id"], APPEAL_KEY_FIELDS[0]: {"$exists": False}},
                                                {"$set": appeal_key_fields(keys)})
                written += 1
        await self.c.counters.update_one({"_id": APPEAL_KEYS_MIGRATION}, {"$set": {"appeals": written}}, upsert=True)
        return written

    async def insert(self, appeal: Appeal) -> None:
        await self.c.appeals.insert_one(self.c.sealed(_appeal_document(appeal), APPEAL_FIELDS))

    async def get(self, appeal_id: str) -> Appeal | None:
        doc = self.c.opened(await self.c.appeals.find_one({"_id": appeal_id}), APPEAL_FIELDS)
        return appeal_of(doc) if doc is not None else None

    async def replace_if(self, appeal: Appeal, seen: Appeal) -> bool:
        """Write the appeal as it is now, if nobody changed it since it was read as `seen` (every write
        counts its revision up: a wrong code counted by a concurrent request is never lost)."""
        document = self.c.sealed(_appeal_document(replace(appeal, revision=seen.revision + 1)), APPEAL_FIELDS)
        result = await self.c.appeals.replace_one({"_id": appeal.id, "revision": seen.revision}, document)
        if result.matched_count == 0 and seen.revision == 0:
            # an appeal stored before revisions were counted has none (no `$or`: see database.py)
            result = await self.c.appeals.replace_one({"_id": appeal.id, "revision": {"$exists": False}}, document)
        return result.matched_count == 1

    async def page(self, status: str | None, limit: int, after: tuple[datetime, str] | None) -> list[Appeal]:
        """Oldest first (a queue), after a (received_at, id) cursor."""
        query: dict[str, Any] = {}
        if status == "open":
            query["status"] = {"$in": ["awaiting_verification", "received"]}
        elif status:
            query["status"] = status
        docs = await keyset_page(self.c.appeals, query, "received_at", False, after, limit)
        return [appeal_of(doc) for doc in self.c.opened_all(docs, APPEAL_FIELDS)]
