"""Reports as salons sent them, with canonical forms beside the raw values."""

from __future__ import annotations

from datetime import datetime
from typing import Any, AsyncIterator, Iterable

import bson
import bson.errors

from blocklist.models import Report
from blocklist.storage import daily
from blocklist.storage.database import Collections, Store, insert_new, keyset_page, read_in_pages
from blocklist.storage.sealing import REPORT_FIELDS


def report_of(doc: dict[str, Any]) -> Report:
    return Report(
        id=doc["_id"], salon_id=doc["salon_id"], category=doc["category"], status=doc["status"],
        received_at=doc["received_at"], updated_at=doc.get("updated_at") or doc["received_at"],
        subject=doc.get("subject") or {}, canonical=doc.get("canonical") or {}, case_id=doc.get("case_id"),
        keys=tuple(doc.get("keys") or ()), match_keys=tuple(doc.get("match_keys") or ()),
        incident_keys=tuple(doc.get("incident_keys") or ()), booking=doc.get("booking"), evidence=doc.get("evidence"),
        region=doc.get("region"), quarantined=bool(doc.get("quarantined")), folded=bool(doc.get("folded")),
        pepper_version=doc.get("pepper_version"), personal_data_removed_at=doc.get("personal_data_removed_at"),
        unreadable_fields=tuple(doc.get("unreadable_fields") or ()), via_platform=doc.get("via_platform"))


def report_document(report: Report) -> dict[str, Any]:
    doc = {"_id": report.id, "salon_id": report.salon_id, "category": report.category, "status": report.status,
           "case_id": report.case_id, "received_at": report.received_at, "updated_at": report.updated_at,
           "subject": dict(report.subject), "canonical": dict(report.canonical), "keys": list(report.keys),
           "match_keys": list(report.match_keys), "booking": dict(report.booking) if report.booking is not None else None,
           "evidence": dict(report.evidence) if report.evidence is not None else None, "region": report.region,
           "pepper_version": report.pepper_version, "quarantined": report.quarantined,
           "incident_keys": list(report.incident_keys)}
    if report.folded:
        doc["folded"] = True
    if report.personal_data_removed_at is not None:
        doc["personal_data_removed_at"] = report.personal_data_removed_at
    if report.via_platform is not None:
        doc["via_platform"] = report.via_platform
    return doc


REPORT_KEYS_MIGRATION = "migration:report_keys"


def postings(report_id: str, keys: Iterable[str]) -> list[dict[str, Any]]:
    """A report's postings: one small document per identifier key it names, so that "the reports naming this key"
    is one indexed equality on any server (the embedded one cannot index a report's `keys` array: it scanned
    160,000 reports, 0.6 s, for one subject request). The _id makes writing one twice write it once."""
    return [{"_id": f"{key}|{report_id}", "key": key, "report": report_id} for key in dict.fromkeys(keys)]


async def every_report_in_pages(c: Collections, page_size: int) -> AsyncIterator[dict[str, Any]]:
    """Every report document, a page at a time by case (the embedded server builds a whole answer before its first
    batch: 163,000 reports at a million listings), then those that never got their case."""
    async for doc in read_in_pages(c.reports, "case_id", page_size):
        yield doc
    async for doc in c.reports.find({"case_id": None}):
        yield doc


class ReportStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    def _opened(self, doc: dict[str, Any] | None) -> Report | None:
        opened = self.c.opened(doc, REPORT_FIELDS)
        return report_of(opened) if opened is not None else None

    def _opened_all(self, docs: list[dict[str, Any]]) -> list[Report]:
        return [report_of(doc) for doc in self.c.opened_all(docs, REPORT_FIELDS)]

    async def insert_many(self, reports: list[Report]) -> None:
        # the postings first: a report is never stored without them (a posting without its report is skipped)
        await insert_new(self.c.report_keys, [doc for r in reports for doc in postings(r.id, r.keys)])
        await self.c.reports.insert_many([self.c.sealed(report_document(r), REPORT_FIELDS) for r in reports],
                                         ordered=True)
        await daily.add(self.c, daily.report_counts([(r.received_at, r.category, r.salon_id) for r in reports]))

    @staticmethod
    def storable(report: Report) -> bool:
        """Whether MongoDB can take the report (encoded as the driver will: a value it cannot encode
        fails the whole bulk write, and with it every other report in the batch)."""
        try:
            bson.encode(report_document(report))
        except (bson.errors.BSONError, OverflowError, ValueError, TypeError):
            return False
        return True

    async def claim_incidents(self, claims: list[dict[str, Any]]) -> set[str]:
        """Store incident claims (`_id` the incident's key); returns the keys already claimed, by another
        report or by an earlier claim in the same list."""
        return {claims[position]["_id"] for position in await insert_new(self.c.incidents, claims)}

    async def incident_owners(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """The claims on these incidents, by key."""
        if not keys:
            return {}  # (an empty $in reads every document on the embedded server)
        docs = await self.c.incidents.find({"_id": {"$in": keys}}).to_list()
        return {doc["_id"]: doc for doc in docs}

    async def take_over_incident(self, claim: dict[str, Any], from_report_id: str) -> bool:
        """Give an incident to another report, if its claim still names `from_report_id`."""
        result = await self.c.incidents.replace_one({"_id": claim["_id"], "report_id": from_report_id}, claim)
        return result.matched_count == 1

    async def release_incidents(self, report_id: str) -> None:
        """Drop the report's claims on incidents (another report of them is welcome again)."""
        await self.c.incidents.delete_many({"report_id": report_id})

    async def hand_over_incidents(self, keys: list[str], from_report_id: str, to_report_id: str) -> None:
        """A duplicate's own claims go to the report it duplicates (its phone on that day is the same
        incident too)."""
        if keys:
            await self.c.incidents.update_many({"_id": {"$in": keys}, "report_id": from_report_id},
                                               {"$set": {"report_id": to_report_id}})

    async def existing_ids(self, report_ids: list[str]) -> set[str]:
        if not report_ids:
            return set()
        docs = await self.c.reports.find({"_id": {"$in": report_ids}}, {"_id": 1}).to_list()
        return {doc["_id"] for doc in docs}

    async def begin_linking(self, batch_id: str, report_ids: list[str], at: datetime) -> None:
        """Note that these reports are being linked (a small record; cheaper than flagging each report)."""
        await self.c.linking.insert_one({"_id": batch_id, "report_ids": report_ids, "at": at})

    async def end_linking(self, batch_id: str) -> None:
        await self.c.linking.delete_one({"_id": batch_id})

    async def interrupted_linking(self, started_before: datetime) -> list[dict[str, Any]]:
        """Linking records a crash left behind (older than any batch still in flight elsewhere)."""
        docs = await self.c.linking.find({}).limit(100).to_list()
        return [d for d in docs if d["at"] < started_before]

    async def get(self, report_id: str) -> Report | None:
        return self._opened(await self.c.reports.find_one({"_id": report_id}))

    async def get_for_salon(self, salon_id: str, report_id: str) -> Report | None:
        return self._opened(await self.c.reports.find_one({"_id": report_id, "salon_id": salon_id}))

    async def get_many(self, report_ids: list[str]) -> list[Report]:
        if not report_ids:
            return []
        return self._opened_all(await self.c.reports.find({"_id": {"$in": report_ids}}).batch_size(1000).to_list())

    async def page_for_salon(self, salon_id: str, limit: int, after: tuple[datetime, str] | None,
                             status: str | None = None) -> list[Report]:
        """Newest first; `after` is the (received_at, id) of the last item already seen."""
        query: dict[str, Any] = {"salon_id": salon_id}
        if status is not None:
            query["status"] = status
        return self._opened_all(await keyset_page(self.c.reports, query, "received_at", True, after, limit))

    async def set_status(self, report_id: str, salon_id: str | None, from_statuses: list[str], status: str,
                         at: datetime) -> Report | None:
        """Move a report between statuses; None if it is not (or no longer) in one of `from_statuses`.

        Read, then replace on the condition that the status is still the one read: atomic, and
        datetimes are written inside a whole document (see database.py).
        """
        query: dict[str, Any] = {"_id": report_id}
        if salon_id is not None:
            query["salon_id"] = salon_id
        for _ in range(5):
            doc = await self.c.reports.find_one(query)
            if doc is None or doc["status"] not in from_statuses:
                return None
            previous = doc["status"]
            doc.update(status=status, updated_at=at)
            result = await self.c.reports.replace_one({**query, "status": previous}, doc)
            if result.matched_count == 1:
                return self._opened(doc)
        return None

    async def pending_received_before(self, cutoff: datetime, limit: int = 5000) -> list[tuple[str, str | None]]:
        """(report id, case id) of unreviewed reports received before `cutoff`."""
        docs = await self.c.reports.find({"received_at": {"$lt": cutoff}, "status": "pending"},
                                         {"case_id": 1}).limit(limit).to_list()
        return [(doc["_id"], doc.get("case_id")) for doc in docs]

    async def closed_before(self, cutoff: datetime, limit: int = 5000) -> list[tuple[str, str | None]]:
        """(report id, case id) of dismissed or withdrawn reports closed before `cutoff` that still hold
        personal data."""
        found = []
        for status in ("dismissed", "withdrawn"):
            found += await self.c.reports.find(
                {"status": status, "updated_at": {"$lt": cutoff}, "personal_data_removed_at": None},
                {"case_id": 1}).limit(limit).to_list()
        return [(doc["_id"], doc.get("case_id")) for doc in found]

    async def delete_if_status(self, report_id: str, status: str) -> bool:
        result = await self.c.reports.delete_one({"_id": report_id, "status": status})
        if result.deleted_count != 1:
            return False
        await self.release_incidents(report_id)
        await self.drop_postings([report_id])
        return True

    async def drop_postings(self, report_ids: list[str]) -> None:
        """The reports' postings go with their keys (deleted, erased, or their personal data removed)."""
        for report_id in report_ids:  # (one indexed equality each: $in on a field but _id scans on nx-27017)
            await self.c.report_keys.delete_many({"report": report_id})

    async def add_missing_postings(self, batch_size: int = 1000, only_if_empty: bool = False) -> int:
        """Postings for the reports of a database from before them, once (a marker says it is done); returns how
        many reports were read. Reports written meanwhile have theirs already. `only_if_empty`: done at once when
        there are no reports (a new database), otherwise left for the background."""
        if await self.c.counters.find_one({"_id": REPORT_KEYS_MIGRATION}):
            return 0
        if only_if_empty and await self.c.reports.find_one({}, {"_id": 1}):
            return 0
        read, pending = 0, []
        # (whole documents: the embedded server copies a document to project it, dearer than sending it whole)
        docs = (every_report_in_pages(self.c, batch_size) if self.c.whole_answers
                else self.c.reports.find({}).batch_size(batch_size))
        async for doc in docs:
            read += 1
            pending += postings(doc["_id"], doc.get("keys") or ())
            if len(pending) >= batch_size:
                await insert_new(self.c.report_keys, pending)
                pending = []
        await insert_new(self.c.report_keys, pending)
        await self.c.counters.update_one({"_id": REPORT_KEYS_MIGRATION}, {"$set": {"reports": read}}, upsert=True)
        return read

    async def clear_personal_data(self, report_id: str, at: datetime) -> bool:
        """Keep what statistics need (category, dates, salon, status); drop the rest. Only for
        reports no longer in force (dismissed, withdrawn)."""
        doc = await self.c.reports.find_one({"_id": report_id})
        if doc is None or doc["status"] not in ("dismissed", "withdrawn") or doc.get("personal_data_removed_at"):
            return False
        canonical = doc.get("canonical", {})
        await self.release_incidents(report_id)
        doc.update(subject={"name": None, "email": None, "phone": None}, keys=[], match_keys=[], incident_keys=[],
                   canonical={k: canonical[k] for k in ("email_valid", "phone_valid", "phone_type") if k in canonical},
                   evidence={k: v for k, v in (doc.get("evidence") or {}).items() if k != "notes"},
                   booking={k: v for k, v in (doc.get("booking") or {}).items() if k != "reference"},
                   personal_data_removed_at=at)
        result = await self.c.reports.replace_one({"_id": report_id, "status": doc["status"]}, doc)
        if result.matched_count != 1:
            return False
        await self.drop_postings([report_id])
        return True

    async def move_to_case(self, report_ids: list[str], case_id: str) -> None:
        if report_ids:
            await self.c.reports.update_many({"_id": {"$in": report_ids}}, {"$set": {"case_id": case_id}})

    async def mark_folded(self, report_ids: list[str]) -> None:
        """Reports their case counts without a summary (see casefile.SUMMARIES_PER_SALON)."""
        if report_ids:
            await self.c.reports.update_many({"_id": {"$in": report_ids}}, {"$set": {"folded": True}})

    async def move_folded(self, from_case: str, to_case: str) -> None:
        """A merged case's counted-only reports follow it into the case it was merged into."""
        await self.c.reports.update_many({"case_id": from_case, "folded": True}, {"$set": {"case_id": to_case}})

    async def folded_ids(self, case_id: str, status: str) -> list[str]:
        """Ids of a case's counted-only reports in `status` (a decision settles them with the rest)."""
        cursor = self.c.reports.find({"case_id": case_id, "folded": True, "status": status}, {"_id": 1})
        return [doc["_id"] async for doc in cursor]


