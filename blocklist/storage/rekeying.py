"""Pepper rotation's reads and writes: every document still keyed under an older pepper, opened for
re-keying, and its keyed hashes replaced (see services/rotation.py)."""

from __future__ import annotations

from typing import Any, AsyncIterator

from pymongo.errors import DuplicateKeyError

from blocklist.models import Entry, IndexedCase, Report, ReportSummary
from blocklist.storage.cases import INDEXED_FIELDS, every_case_in_pages, indexed_case_of, summary_document
from blocklist.storage.database import Collections, Store, insert_new, read_in_pages
from blocklist.storage.entries import KEYS_VERSION, appeal_key_fields, entry_of
from blocklist.storage.lookups import records_of, with_records
from blocklist.storage.reports import every_report_in_pages, postings, report_of
from blocklist.storage.sealing import CASE_FIELDS, ENTRY_FIELDS, REPORT_FIELDS


class RekeyStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def reports_not_under(self, version: str, page_size: int = 2000) -> AsyncIterator[Report]:
        """Reports keyed under another pepper. On the embedded server, which builds a whole answer before its first
        batch, every report a page at a time by case (and those without one after)."""
        docs = (every_report_in_pages(self.c, page_size) if self.c.whole_answers
                else self.c.reports.find({"pepper_version": {"$ne": version}}).batch_size(page_size))
        async for raw in docs:
            if raw.get("pepper_version") != version:
                yield report_of(self.c.opened(raw, REPORT_FIELDS))  # type: ignore[arg-type]

    async def rekey_report(self, report_id: str, keys: list[str], match_keys: list[str], version: str) -> None:
        # the new keys' postings before the keys (see storage/reports.py), the old ones after
        await insert_new(self.c.report_keys, postings(report_id, keys))
        await self.c.reports.update_one({"_id": report_id}, {"$set": {
            "keys": keys, "match_keys": match_keys, "pepper_version": version}})
        kept = sorted(doc["_id"] for doc in postings(report_id, keys))
        # (one command: the report's postings by their indexed `report`, but the new ones; no empty $nin)
        await self.c.report_keys.delete_many({"report": report_id, **({"_id": {"$nin": kept}} if kept else {})})

    async def entries_not_under(self, version: str) -> AsyncIterator[Entry]:
        """Entries keyed under another pepper, a page at a time (read_in_pages). An entry re-keyed meanwhile may
        come by again under its new key: it is then under `version`, and passed over."""
        async for raw in read_in_pages(self.c.entries, "key"):
            if raw.get("pepper_version") != version:
                yield entry_of(self.c.opened(raw, ENTRY_FIELDS))  # type: ignore[arg-type]

    async def rekey_entry(self, entry_id: str, key: str, match_keys: list[str], version: str) -> None:
        await self.c.entries.update_one({"_id": entry_id}, {"$set": {
            "key": key, "match_keys": match_keys, "pepper_version": version, "keys_version": KEYS_VERSION}})

    async def cases_not_under(self, version: str, page_size: int = 2000) -> AsyncIterator[IndexedCase]:
        """What re-keying needs of the cases keyed under another pepper (on the embedded server every case, a page
        at a time: see every_case_in_pages)."""
        docs = (every_case_in_pages(self.c, page_size) if self.c.whole_answers
                else self.c.cases.find({"pepper_version": {"$ne": version}}, INDEXED_FIELDS).batch_size(page_size))
        async for raw in docs:
            if raw.get("pepper_version") != version:
                yield indexed_case_of(self.c.opened(raw, CASE_FIELDS))  # type: ignore[arg-type]

    async def rekey_case(self, case_id: str, keys: list[str], match_keys: list[str], shared_keys: list[str],
                         reports: list[ReportSummary], version: str) -> None:
        sealed = self.c.sealed({"reports": [summary_document(r) for r in reports]}, CASE_FIELDS)["reports"]
        await self.c.cases.update_one({"_id": case_id}, {"$set": {
            "keys": keys, "match_keys": match_keys, "shared_keys": shared_keys, "reports": sealed,
            "pepper_version": version}})

    async def appeal_keys_not_under(self, version: str) -> AsyncIterator[tuple[str, list[str]]]:
        async for doc in self.c.appeals.find({"pepper_version": {"$ne": version}}, {"keys": 1}):
            yield doc["_id"], doc.get("keys", [])

    async def rekey_appeal(self, appeal_id: str, keys: list[str], version: str) -> None:
        await self.c.appeals.update_one({"_id": appeal_id}, {"$set": {"keys": keys, **appeal_key_fields(keys),
                                                                      "pepper_version": version}})

    async def rekey_lookups(self, rename: Any) -> int:
        """Give every lookup record the keys `rename(keys)` gives; returns how many records changed."""
        changed = 0
        async for bucket in self.c.lookups.find({}):
            stored = records_of(bucket)
            records = [{**record, "keys": rename(record["keys"])} for record in stored]
            if records != stored:
                # replaced whole: nested datetimes survive a replace on every server (see database.py)
                await self.c.lookups.replace_one({"_id": bucket["_id"]}, with_records(bucket, records))
                changed += sum(record != old for record, old in zip(records, stored))
        return changed

    async def case_keys(self, keys: list[str], chunk: int = 1000) -> AsyncIterator[tuple[str, str]]:
        """(key, case id) of the case keys among `keys` (millions at a million listings: asked a chunk at a time,
        as one command holds at most 16 MB)."""
        for start in range(0, len(keys), chunk):
            async for doc in self.c.case_keys.find({"_id": {"$in": keys[start:start + chunk]}}):
                yield doc["_id"], doc["case_id"]

    async def rename_case_key(self, old: str, new: str, case_id: str) -> str | None:
        """Move a case key to its new name; when the new name belongs to another case already, returns
        that case's id (and the old name goes anyway)."""
        other: str | None = None
        try:
            await self.c.case_keys.insert_one({"_id": new, "case_id": case_id})
        except DuplicateKeyError:
            owner = await self.c.case_keys.find_one({"_id": new})
            if owner and owner["case_id"] != case_id:
                other = owner["case_id"]
        await self.c.case_keys.delete_one({"_id": old})
        return other

    async def case_statuses(self, case_ids: list[str]) -> dict[str, str]:
        if not case_ids:
            return {}
        return {c["_id"]: c["status"]
                for c in await self.c.cases.find({"_id": {"$in": case_ids}}, {"status": 1}).to_list()}

