"""Pepper rotation: re-key every stored keyed hash under the new pepper, while lookups keep working.

1. Set BLOCKLIST_PEPPER to the new pepper and BLOCKLIST_PEPPER_PREVIOUS to the old one, restart:
   lookups try both, new writes use the new one.
2. `blocklist admin rotate-pepper`: reports and entries are re-keyed from their (sealed) canonical
   identifiers; cases, case keys, appeals and the lookup log follow through the old→new map.
3. Remove BLOCKLIST_PEPPER_PREVIOUS and restart.
Safe to run again (documents already under the new pepper are skipped or mapped to themselves).
"""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.matching import canonical_email, canonical_phone
from blocklist.matching.index import identifier_keys
from blocklist.services.audit import AuditLog
from blocklist.services.linking import CaseLinker
from blocklist.storage.changes import ChangeLog
from blocklist.storage.database import Collections
from blocklist.storage.sealing import CASE_FIELDS, ENTRY_FIELDS, REPORT_FIELDS
from blocklist.storage.subjects import records_of, with_records


class PepperRotation:
    def __init__(self, collections: Collections, pseudonymiser: Pseudonymiser, linker: CaseLinker, audit: AuditLog,
                 changes: ChangeLog, clock: Clock) -> None:
        self.c = collections
        self.new = pseudonymiser
        self.old = pseudonymiser.previous
        self.linker = linker
        self.audit = audit
        self.changes = changes
        self.clock = clock
        self.renamed: dict[str, str] = {}  # old key → new key, exact and match keys alike

    def _keys_for(self, email: str | None, phone: str | None) -> tuple[list[str], list[str], list[str], list[str]]:
        """(new exact keys, new match keys, old exact keys, old match keys) of canonical identifiers."""
        plain = identifier_keys([canonical_email(email)] if email else [], [canonical_phone(phone, None)] if phone else [])
        new_exact = [self.new.key(kind, value) for kind, value in (("email", email), ("phone", phone)) if value]
        old_exact = [self.old.key(kind, value) for kind, value in (("email", email), ("phone", phone)) if value] \
            if self.old else []
        return new_exact, self.new.match_keys(plain), old_exact, self.old.match_keys(plain) if self.old else []

    def _remember(self, old: list[str], new: list[str]) -> None:
        self.renamed.update(zip(old, new))

    def _map(self, keys: list[str]) -> list[str]:
        return list(dict.fromkeys(self.renamed.get(k, k) for k in keys))

    async def run(self) -> dict[str, int]:
        if self.old is None:
            raise RuntimeError("set BLOCKLIST_PEPPER_PREVIOUS to the pepper being replaced first")
        counts = {"reports": 0, "entries": 0, "cases": 0, "appeals": 0, "lookups": 0, "merged": 0}
        version = self.new.version
        async for raw in self.c.reports.find({"pepper_version": {"$ne": version}}):
            doc = self.c.opened(raw, REPORT_FIELDS)
            canonical = doc.get("canonical", {})
            new_exact, new_match, old_exact, old_match = self._keys_for(canonical.get("email"), canonical.get("phone"))
            self._remember(old_exact + old_match, new_exact + new_match)
            if doc.get("personal_data_removed_at"):
                new_exact, new_match = [], []
            await self.c.reports.update_one({"_id": doc["_id"]}, {"$set": {
                "keys": new_exact, "match_keys": new_match, "pepper_version": version}})
            counts["reports"] += 1
        changed: list[tuple[str, str]] = []
        async for raw in self.c.entries.find({"pepper_version": {"$ne": version}}):
            doc = self.c.opened(raw, ENTRY_FIELDS)
            kind, value = doc["kind"], doc["value"]
            new_exact, new_match, old_exact, old_match = self._keys_for(
                value if kind == "email" else None, value if kind == "phone" else None)
            self._remember(old_exact + old_match, new_exact + new_match)
            await self.c.entries.update_one({"_id": doc["_id"]}, {"$set": {
                "key": new_exact[0], "match_keys": new_match, "pepper_version": version}})
            changed.append(("entry", doc["_id"]))
            counts["entries"] += 1
        async for raw in self.c.cases.find({"pepper_version": {"$ne": version}}, {"history": 0}):
            case = self.c.opened(raw, CASE_FIELDS)
            keys = self._map(case.get("keys", []))
            reports = [{**r, "keys": self._map(r["keys"])} if "keys" in r else r for r in case.get("reports", [])]
            await self.c.cases.update_one({"_id": case["_id"]}, {"$set": {
                "keys": keys, "match_keys": self._map(case.get("match_keys", [])), "reports": reports,
                "pepper_version": version}})
            changed.append(("case", case["_id"]))
            counts["cases"] += 1
        counts["merged"] = await self._rename_case_keys()
        async for doc in self.c.appeals.find({"pepper_version": {"$ne": version}}, {"keys": 1}):
            await self.c.appeals.update_one({"_id": doc["_id"]}, {"$set": {
                "keys": self._map(doc.get("keys", [])), "pepper_version": version}})
            counts["appeals"] += 1
        async for bucket in self.c.lookups.find({}):
            stored = records_of(bucket)
            records = [{**record, "keys": self._map(record["keys"])} for record in stored]
            if records != stored:
                # replaced whole: nested datetimes survive a replace on every server (see storage/database.py)
                await self.c.lookups.replace_one({"_id": bucket["_id"]}, with_records(bucket, records))
                counts["lookups"] += sum(record != old for record, old in zip(records, stored))
        await self.changes.record(changed, self.clock())
        await self.audit.append("admin:cli", "pepper.rotated", version, counts)
        return counts

    async def _rename_case_keys(self) -> int:
        """Point the new keys at the cases the old ones named; where a report made during the rotation
        already gave a new key to another case, the two cases are merged (they are one person)."""
        merged = 0
        async for doc in self.c.case_keys.find({"_id": {"$in": list(self.renamed)}}):
            new_key = self.renamed[doc["_id"]]
            try:
                await self.c.case_keys.insert_one({"_id": new_key, "case_id": doc["case_id"]})
            except DuplicateKeyError:
                other = await self.c.case_keys.find_one({"_id": new_key})
                if other and other["case_id"] != doc["case_id"]:
                    await self._merge(doc["case_id"], other["case_id"])
                    merged += 1
            await self.c.case_keys.delete_one({"_id": doc["_id"]})
        return merged

    async def _merge(self, a: str, b: str) -> Any:
        statuses = {c["_id"]: c["status"] for c in await self.c.cases.find({"_id": {"$in": [a, b]}},
                                                                          {"status": 1}).to_list()}
        if statuses.get(a) == "open" and statuses.get(b) == "open":
            return await self.linker.merge([a, b], actor="system")
        return None
