"""Cases: the reports about one person, from every salon, with what moderators need to decide."""

from __future__ import annotations

import struct
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, AsyncIterator, Mapping

from pymongo import InsertOne, ReplaceOne, UpdateOne
from pymongo.errors import BulkWriteError

from blocklist.clock import as_utc
from blocklist.models import CATEGORY_NAMES, Case, Identifier, IndexedCase, QueuedCase, ReportSummary, listing_ends
from blocklist.storage.database import DUPLICATE_KEY, Collections, Store, read_in_pages
from blocklist.storage.sealing import CASE_FIELDS, CASE_QUEUE_FIELDS

# what the in-memory indexes read of a case (IndexedCase)
INDEXED_FIELDS = dict.fromkeys(["status", "keys", "match_keys", "name_packed", "reports", "shared_keys", "decision",
                                "first_report_at"], 1)

# a case's own place in the list of cases (the open queue reads rows: queue_row)
QUEUE_FIELDS = ("queue_key",)
QUEUE_MIGRATION = "migration:queue_fields"  # (queue_key alone was never released)
# what a queue page leaves out: a case reported by hundreds of salons carries hundreds of report summaries
QUEUE_OMITS = dict.fromkeys(["history", "reports", "keys", "match_keys", "shared_keys", "name_packed", "folded"], 0)
_YEAR_ONE = datetime(1, 1, 1, tzinfo=timezone.utc)
QUEUE_ROWS_MIGRATION = "migration:case_queue"
CASE_STATUSES = ("open", "resolved", "merged")
# a queue row marked as being written for this long is rebuilt from its case: the process stopped in between
UNFINISHED_AFTER_SECONDS = 60.0
# a decided case's row stays this long as a marker, so that a slower write of its open state cannot bring it back
CLOSED_ROWS_KEPT_SECONDS = 600.0


def queue_key(priority: float, first_report_at: datetime, case_id: str) -> str:
    """The queue's order (highest priority, then oldest, then id) as one string that sorts ascending. One indexed
    field keeps a page one index range on any server: the embedded one sorts three fields of mixed direction by
    reading every open case."""
    bits = struct.unpack(">Q", struct.pack(">d", max(0.0, float(priority))))[0]  # a non-negative double's bits
    # microseconds since year 1: never negative, 18 digits up to year 9999 (a cursor may carry any date)
    since_year_one = (as_utc(first_report_at) - _YEAR_ONE) // timedelta(microseconds=1)
    return f"{0xFFFFFFFFFFFFFFFF - bits:016x}{since_year_one:018d}{case_id}"


def queue_fields(status: str, priority: float, first_report_at: datetime, case_id: str,
                 categories: Mapping[str, Any], worst_category: str | None) -> dict[str, str]:
    """`queue_key`, and for an open case `queue_<category>` (the same key) for each category it was reported
    for: the queue filtered by category is then one index range too, not a read of every case."""
    key = queue_key(priority, first_report_at, case_id)
    fields = {"queue_key": key}
    if status == "open":
        named = {*(c for c, n in categories.items() if n), *([worst_category] if worst_category else [])}
        for category in {getattr(c, "value", c) for c in named}:
            if category in CATEGORY_NAMES:  # our own words only, never a stranger's text as a field name
                fields[f"queue_{category}"] = key
    return fields


def summary_of(doc: dict[str, Any]) -> ReportSummary:
    keys = doc.get("keys")
    return ReportSummary(id=doc["id"], salon_id=doc["salon_id"], category=doc["category"],
                         received_at=doc["received_at"], status=doc["status"], quarantined=bool(doc.get("quarantined")),
                         keys=tuple(keys) if keys is not None else None, name_packed=doc.get("name_packed"))


def summary_document(summary: ReportSummary) -> dict[str, Any]:
    doc = {"id": summary.id, "salon_id": summary.salon_id, "category": summary.category,
           "received_at": summary.received_at, "status": summary.status, "quarantined": summary.quarantined}
    if summary.keys is not None:
        doc["keys"] = list(summary.keys)
    if summary.name_packed is not None:
        doc["name_packed"] = summary.name_packed
    return doc


def indexed_case_of(doc: dict[str, Any]) -> IndexedCase:
    return IndexedCase(id=doc["_id"], status=doc.get("status", "open"), keys=tuple(doc.get("keys") or ()),
                       match_keys=tuple(doc.get("match_keys") or ()), name_packed=tuple(doc.get("name_packed") or ()),
                       reports=tuple(summary_of(r) for r in doc.get("reports") or ()),
                       shared_keys=tuple(doc.get("shared_keys") or ()), listing_ends=listing_ends(doc.get("decision")),
                       first_report_at=doc.get("first_report_at"))


def case_of(doc: dict[str, Any]) -> Case:
    return Case(
        id=doc["_id"], status=doc["status"], keys=tuple(doc.get("keys") or ()),
        match_keys=tuple(doc.get("match_keys") or ()), name_packed=tuple(doc.get("name_packed") or ()),
        reports=tuple(summary_of(r) for r in doc.get("reports") or ()), shared_keys=tuple(doc.get("shared_keys") or ()),
        version=doc["version"],
        created_at=doc["created_at"], updated_at=doc.get("updated_at") or doc["created_at"],
        first_report_at=doc["first_report_at"], last_report_at=doc["last_report_at"],
        report_count=doc.get("report_count", 0), salon_ids=tuple(doc.get("salon_ids") or ()),
        salon_count=doc.get("salon_count", 0),
        identifiers=tuple(Identifier(i["kind"], i.get("value")) for i in doc.get("identifiers") or ()),
        names=tuple(doc.get("names") or ()), typed_names=tuple(doc.get("typed_names") or ()),
        categories=dict(doc.get("categories") or {}), worst_category=doc.get("worst_category"),
        severity=doc.get("severity", 0), priority=doc.get("priority", 0.0), similar=tuple(doc.get("similar") or ()),
        history=tuple(doc.get("history") or ()), claimed_by=doc.get("claimed_by"), claimed_at=doc.get("claimed_at"),
        claimed_until=doc.get("claimed_until"), merged_into=doc.get("merged_into"), decision=doc.get("decision"),
        folded=dict(doc.get("folded") or {}), pepper_version=doc.get("pepper_version"),
        unreadable_fields=tuple(doc.get("unreadable_fields") or ()))


def case_document(case: Case) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": case.id, "status": case.status, "version": case.version, "created_at": case.created_at,
        "updated_at": case.updated_at, "reports": [summary_document(r) for r in case.reports],
        "report_count": case.report_count, "salon_ids": list(case.salon_ids), "salon_count": case.salon_count,
        "keys": list(case.keys), "match_keys": list(case.match_keys), "shared_keys": list(case.shared_keys),
        "identifiers": [{"kind": i.kind, "value": i.value} for i in case.identifiers], "names": list(case.names),
        "name_packed": list(case.name_packed), "typed_names": list(case.typed_names),
        "categories": dict(case.categories), "worst_category": case.worst_category, "severity": case.severity,
        "first_report_at": case.first_report_at, "last_report_at": case.last_report_at, "priority": case.priority,
        "similar": [dict(s) for s in case.similar], "history": [dict(h) for h in case.history],
        "claimed_by": case.claimed_by, "claimed_at": case.claimed_at, "merged_into": case.merged_into,
        "decision": _plain(case.decision), "folded": dict(case.folded),
        "queue_key": queue_key(case.priority, case.first_report_at, case.id)}
    if case.claimed_until is not None:
        doc["claimed_until"] = case.claimed_until
    if case.pepper_version is not None:
        doc["pepper_version"] = case.pepper_version
    return doc


def queue_row(case: Case) -> dict[str, Any]:
    """A case's document in the queue: what a row shows, under the same keys as the case's own queue fields.
    The open queue reads these (about 1 KB each) rather than cases (a case carries every report's summary and
    its whole history: a page of 50 busy cases is megabytes to parse). A case that is not open leaves a
    closed marker, with its version, for a while (see CLOSED_ROWS_KEPT_SECONDS)."""
    if case.status != "open":
        return {"_id": case.id, "version": case.version, "closed_at": as_utc(case.updated_at).timestamp()}
    return {**_shown(case), **queue_fields(case.status, case.priority, case.first_report_at, case.id,
                                           case.categories, case.worst_category)}


def _shown(case: Case) -> dict[str, Any]:
    """What the queue shows of a case, as a row holds it."""
    return {"_id": case.id, "version": case.version, "status": case.status, "priority": case.priority,
            "first_report_at": case.first_report_at, "last_report_at": case.last_report_at,
            "salon_count": case.salon_count, "report_count": case.report_count, "worst_category": case.worst_category,
            "categories": dict(case.categories),
            "identifiers": [{"kind": i.kind, "value": i.value} for i in case.identifiers],
            "names": list(case.names), "typed_names": list(case.typed_names), "similar_count": len(case.similar),
            "claimed_by": case.claimed_by, "claimed_until": case.claimed_until, "merged_into": case.merged_into}


def queued_of(doc: dict[str, Any]) -> QueuedCase:
    return QueuedCase(
        id=doc["_id"], status=doc["status"], version=doc["version"], priority=doc.get("priority", 0.0),
        first_report_at=doc["first_report_at"], last_report_at=doc["last_report_at"],
        salon_count=doc.get("salon_count", 0), report_count=doc.get("report_count", 0),
        worst_category=doc.get("worst_category"), categories=dict(doc.get("categories") or {}),
        identifiers=tuple(Identifier(i["kind"], i.get("value")) for i in doc.get("identifiers") or ()),
        names=tuple(doc.get("names") or ()), typed_names=tuple(doc.get("typed_names") or ()),
        similar_count=doc.get("similar_count", 0), claimed_by=doc.get("claimed_by"),
        claimed_until=doc.get("claimed_until"), merged_into=doc.get("merged_into"))


def queued_from(case: Case) -> QueuedCase:
    """A case of any status as the queue lists it."""
    return queued_of(_shown(case))


def _plain(value: Any) -> Any:
    """Mappings and sequences as the dicts and lists a document holds."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value




async def every_case_in_pages(c: Collections, batch_size: int,
                              unkeyed: dict[str, Any] | None = None) -> AsyncIterator[dict[str, Any]]:
    """Every case document, a page at a time in queue order for each status (the embedded server builds a whole
    answer before its first batch), then those written before queue keys (matching `unkeyed`, when given)."""
    for status in CASE_STATUSES:
        async for doc in read_in_pages(c.cases, "queue_key", batch_size, {"status": status}):
            yield doc
    async for doc in c.cases.find({"queue_key": {"$exists": False}, **(unkeyed or {})}):
        yield doc


class CaseStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def owners(self, keys: list[str]) -> dict[str, str]:
        """Which case each identifier key belongs to (keys nobody has yet are absent)."""
        if not keys:
            return {}
        docs = await self.c.case_keys.find({"_id": {"$in": keys}}).batch_size(1000).to_list()
        return {d["_id"]: d["case_id"] for d in docs}

    async def find_open_by_keys(self, keys: list[str]) -> list[Case]:
        """Open cases owning any of these keys."""
        owners = await self.owners(keys)
        if not owners:
            return []
        return [c for c in await self.get_many(sorted(set(owners.values()))) if c.status == "open"]

    async def claim_keys(self, claims: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Make cases the owners of keys nobody owns: (key, case id) pairs; returns the pairs another
        case won meanwhile (a unique `_id` decides, whatever process asks)."""
        if not claims:
            return []
        try:
            await self.c.case_keys.insert_many([{"_id": k, "case_id": c} for k, c in claims], ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != 11000 for e in errors):
                raise
            return [claims[e["index"]] for e in errors]
        return []

    async def move_keys(self, keys: list[str], case_id: str) -> None:
        """Point keys at another case (after a merge, or a new open case after a decision)."""
        if keys:
            await self.c.case_keys.update_many({"_id": {"$in": keys}}, {"$set": {"case_id": case_id}})

    async def drop_keys(self, keys: list[str], case_id: str) -> None:
        """Forget that keys belong to a case (its personal data is gone)."""
        if keys:
            await self.c.case_keys.delete_many({"_id": {"$in": keys}, "case_id": case_id})

    def _sealed(self, case: Case) -> dict[str, Any]:
        return self.c.sealed(case_document(case), CASE_FIELDS)

    def _opened(self, doc: dict[str, Any] | None) -> Case | None:
        opened = self.c.opened(doc, CASE_FIELDS)
        return case_of(opened) if opened is not None else None

    async def get(self, case_id: str) -> Case | None:
        return self._opened(await self.c.cases.find_one({"_id": case_id}))

    async def get_many(self, case_ids: list[str]) -> list[Case]:
        if not case_ids:
            return []  # (an empty $in reads every document on the embedded server)
        docs = await self.c.cases.find({"_id": {"$in": case_ids}}).batch_size(1000).to_list()
        return [case_of(doc) for doc in self.c.opened_all(docs, CASE_FIELDS)]

    async def indexed(self, case_ids: list[str]) -> list[IndexedCase]:
        """What the in-memory indexes need of these cases (the ones that exist)."""
        if not case_ids:
            return []
        docs = await self.c.cases.find({"_id": {"$in": case_ids}}, INDEXED_FIELDS).batch_size(1000).to_list()
        return [indexed_case_of(doc) for doc in self.c.opened_all(docs, CASE_FIELDS)]

    async def insert_many(self, cases: list[Case]) -> None:
        if cases:
            await self._mark_rows([(c.id, as_utc(c.updated_at).timestamp()) for c in cases])
            await self.c.cases.bulk_write([InsertOne(self._sealed(c)) for c in cases], ordered=False)
            await self._write_rows(cases)

    async def replace_if_version(self, case: Case, expected_version: int) -> bool:
        """Write the whole case if nobody changed it since `expected_version` (optimistic concurrency)."""
        await self._mark_rows([(case.id, as_utc(case.updated_at).timestamp())])
        result = await self.c.cases.replace_one({"_id": case.id, "version": expected_version}, self._sealed(case))
        if result.matched_count != 1:
            return False  # (the marker stays: the writer that won writes the row, or the repair does)
        await self._write_rows([case])
        return True

    async def replace_many_if_version(self, pairs: list[tuple[Case, int]]) -> set[str]:
        """`replace_if_version` for many cases in one bulk write; returns the ids not written because
        someone changed them first. Each document carries a fresh `write_id` that tells, when the
        totals do not add up, which of the writes landed."""
        if not pairs:
            return set()
        write_id = uuid.uuid4().hex
        await self._mark_rows([(case.id, as_utc(case.updated_at).timestamp()) for case, _ in pairs])
        result = await self.c.cases.bulk_write(
            [ReplaceOne({"_id": case.id, "version": version}, {**self._sealed(case), "write_id": write_id})
             for case, version in pairs], ordered=False)
        missed: set[str] = set()
        if result.matched_count != len(pairs):
            landed = await self.c.cases.find({"_id": {"$in": [case.id for case, _ in pairs]}},
                                             {"write_id": 1}).to_list()
            ours = {doc["_id"] for doc in landed if doc.get("write_id") == write_id}
            missed = {case.id for case, _ in pairs} - ours
        await self._write_rows([case for case, _ in pairs if case.id not in missed])
        return missed

    # ------------------------------------------------------------------ the queue's rows
    # Each case write marks the case's row first ("being written"), writes the case, then writes the row, which
    # clears the mark. A row only ever moves to a higher version of its case. A process that stops in between
    # leaves the mark, and repair_queue_rows rebuilds that row from the case: no open case is ever missing from
    # the queue for longer than a repair round.

    async def _mark_rows(self, marks: list[tuple[str, float]]) -> None:
        await self.c.case_queue.bulk_write(
            [UpdateOne({"_id": case_id}, {"$set": {"writing": at}, "$setOnInsert": {"version": -1}}, upsert=True)
             for case_id, at in marks], ordered=False)

    async def _write_rows(self, cases: list[Case]) -> None:
        if not cases:
            return
        try:
            await self.c.case_queue.bulk_write(
                [ReplaceOne({"_id": case.id, "version": {"$lte": case.version}},
                            self.c.sealed(queue_row(case), CASE_QUEUE_FIELDS), upsert=True) for case in cases],
                ordered=False)
        except BulkWriteError as exc:  # a row of a newer version is there already (its _id is taken): keep it
            if any(e.get("code") != DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
                raise

    async def queued(self, case_ids: list[str]) -> dict[str, QueuedCase]:
        """These cases as the queue lists them, by id: the open ones from their rows, any other from the case."""
        if not case_ids:
            return {}
        rows = await self.c.case_queue.find({"_id": {"$in": case_ids}}).to_list()
        found = {row["_id"]: queued_of(row) for row in self.c.opened_all(rows, CASE_QUEUE_FIELDS) if "status" in row}
        rest = [case_id for case_id in case_ids if case_id not in found]
        found.update((case.id, queued_from(case)) for case in await self.get_many(rest))
        return found

    async def rebuild_queue_rows(self, case_ids: list[str]) -> None:
        """Write these cases' rows from the cases as they are now (a row without a case goes)."""
        cases = await self.get_many(case_ids)
        await self._write_rows(cases)
        gone = sorted(set(case_ids) - {c.id for c in cases})
        if gone:  # (only a mark: a case that was never written)
            await self.c.case_queue.delete_many({"_id": {"$in": gone}, "status": {"$exists": False}})

    async def repair_queue_rows(self, now: float) -> int:
        """Rebuild the rows whose write did not finish, and forget decided cases' markers; returns how many rows
        were rebuilt. Safe in several processes at once."""
        unfinished = [doc["_id"] for doc in await self.c.case_queue.find(
            {"writing": {"$lt": now - UNFINISHED_AFTER_SECONDS}}, {"_id": 1}).limit(1000).to_list()]
        for start in range(0, len(unfinished), 100):
            await self.rebuild_queue_rows(unfinished[start:start + 100])
        await self.c.case_queue.delete_many({"closed_at": {"$lt": now - CLOSED_ROWS_KEPT_SECONDS}})
        return len(unfinished)

    async def add_queue_rows(self, batch_size: int = 500) -> int:
        """Give the open cases of a database written before the queue had rows their rows, once (a marker says
        it is done); returns how many were written."""
        if await self.c.counters.find_one({"_id": QUEUE_ROWS_MIGRATION}):
            return 0
        done, batch = 0, []
        # (open cases have their queue keys by now: runtime._prepare; whole cases, a page at a time: the embedded
        # server copies a document to project it, and builds a whole answer before its first batch)
        async for doc in read_in_pages(self.c.cases, "queue_key", batch_size, {"status": "open"}):
            batch.append(case_of(self.c.opened(doc, CASE_FIELDS)))  # type: ignore[arg-type]
            if len(batch) >= batch_size:
                await self._write_rows(batch)
                done, batch = done + len(batch), []
        await self._write_rows(batch)
        await self.c.counters.update_one({"_id": QUEUE_ROWS_MIGRATION}, {"$set": {"done": done + len(batch)}},
                                         upsert=True)
        return done + len(batch)

    async def mark_listing_lifted(self, case_id: str, at: datetime) -> None:
        """The last of the case's entries was lifted (see listing_ends)."""
        await self.c.cases.update_one({"_id": case_id}, {"$set": {"decision.lifted_at": at}})

    async def mark_decision_applied(self, case_id: str) -> None:
        await self.c.cases.update_one({"_id": case_id}, {"$set": {"decision.applied": True}})

    async def with_unapplied_decisions(self) -> list[Case]:
        docs = await self.c.cases.find({"decision.applied": False}).limit(1000).to_list()
        return [case_of(doc) for doc in self.c.opened_all(docs, CASE_FIELDS)]

    async def page(self, status: str, limit: int, after: tuple[float, Any, str] | None, category: str | None = None,
                   claimed_by: str | None = None, min_salons: int | None = None) -> list[QueuedCase]:
        """The queue: highest priority first, then oldest; `after` is (priority, first_report_at, id). Open cases
        come from their rows, and can be narrowed to one category, to one moderator's claims, or to cases from at
        least `min_salons` salons; other cases from the cases themselves."""
        start = {"$gt": queue_key(*after) if after is not None else ""}
        if status == "open":
            field = f"queue_{category}" if category in CATEGORY_NAMES else "queue_key"
            query: dict[str, Any] = {field: start}
            if claimed_by is not None:
                query["claimed_by"] = claimed_by
            if min_salons:
                query["salon_count"] = {"$gte": min_salons}
            rows = await self.c.case_queue.find(query).sort([(field, 1)]).limit(limit).to_list()
            return [queued_of(row) for row in self.c.opened_all(rows, CASE_QUEUE_FIELDS)]
        query = {"status": status, "queue_key": start}
        if min_salons:
            query["salon_count"] = {"$gte": min_salons}
        docs = await self.c.cases.find(query, QUEUE_OMITS).sort([("queue_key", 1)]).limit(limit).to_list()
        return [queued_from(case_of(doc)) for doc in self.c.opened_all(docs, CASE_FIELDS)]

    async def reported_since(self, since: datetime, batch_size: int = 2000) -> AsyncIterator[IndexedCase]:
        """Cases with a report after `since` (for lookup signals)."""
        if self.c.whole_answers:
            # a date range is read in Python there, and the answer built whole (1.7 GB for 500,000 cases): every
            # case instead, a page at a time
            at_or_after = as_utc(since)
            async for doc in every_case_in_pages(self.c, batch_size, {"last_report_at": {"$gte": since}}):
                last = doc.get("last_report_at")
                if last is not None and as_utc(last) >= at_or_after:
                    yield indexed_case_of(self.c.opened(doc, CASE_FIELDS))  # type: ignore[arg-type]
            return
        async for doc in self.c.cases.find({"last_report_at": {"$gte": since}}, INDEXED_FIELDS).batch_size(batch_size):
            yield indexed_case_of(self.c.opened(doc, CASE_FIELDS))  # type: ignore[arg-type]

    async def open_cases(self, batch_size: int = 2000) -> AsyncIterator[IndexedCase]:
        """Every open case (for the in-memory similarity index; every process at start)."""
        docs = (read_in_pages(self.c.cases, "queue_key", batch_size, {"status": "open"}) if self.c.whole_answers
                else self.c.cases.find({"status": "open"}, INDEXED_FIELDS).batch_size(batch_size))
        async for doc in docs:  # (open cases have their queue keys before this is read: runtime._prepare)
            yield indexed_case_of(self.c.opened(doc, CASE_FIELDS))  # type: ignore[arg-type]

    async def add_queue_keys(self, only_open: bool = False, batch_size: int = 1000) -> int:
        """Give the cases written before queue keys existed their keys, once (a marker says it is done); returns
        how many were given them. The open cases first (at start: the queue needs them), every case after (in
        the background: the decided ones only show in the list of decided cases)."""
        marker = QUEUE_MIGRATION + (":open" if only_open else "")
        if await self.c.counters.find_one({"_id": {"$in": [marker, QUEUE_MIGRATION]}}):
            return 0
        done, pending = 0, []
        # one pass (a query for the cases without a key would read every case on each round)
        projection = {"status": 1, "priority": 1, "first_report_at": 1, "queue_key": 1}
        async for doc in self.c.cases.find({"status": "open"} if only_open else {}, projection) \
                .batch_size(batch_size):
            wanted = queue_key(doc.get("priority") or 0.0, doc["first_report_at"], doc["_id"])
            if doc.get("queue_key") != wanted:
                pending.append(UpdateOne({"_id": doc["_id"]}, {"$set": {"queue_key": wanted}}))
            if len(pending) >= batch_size:
                await self.c.cases.bulk_write(pending, ordered=False)
                done, pending = done + len(pending), []
        if pending:
            await self.c.cases.bulk_write(pending, ordered=False)
            done += len(pending)
        await self.c.counters.update_one({"_id": marker}, {"$set": {"done": done}}, upsert=True)
        return done

    async def claim(self, case_id: str, moderator_id: str, now: float, until: float) -> bool:
        """Claim an open case for a moderator unless someone else holds a live claim (times are epoch
        seconds: they are written with $set)."""
        # compare and set on what was read: an $or in the filter is a scan of every case on the embedded server
        current = await self.c.cases.find_one({"_id": case_id}, {"claimed_by": 1, "claimed_until": 1, "status": 1})
        if current is None or current["status"] != "open":
            return False
        holder, held_until = current.get("claimed_by"), current.get("claimed_until")
        if holder not in (None, moderator_id) and (held_until or 0.0) >= now:
            return False
        await self.c.cases.update_one({"_id": case_id, "status": "open", "claimed_by": holder,
                                       "claimed_until": held_until},
                                      {"$set": {"claimed_by": moderator_id, "claimed_until": until}})
        # who holds it now is the answer (a lost race leaves the winner's name; nx-27017's matched counts lie)
        doc = await self.c.cases.find_one({"_id": case_id}, {"claimed_by": 1, "claimed_until": 1, "status": 1})
        if doc is None or doc["status"] != "open":
            return False
        await self._show_claim(case_id, doc.get("claimed_by"), doc.get("claimed_until"))
        return doc.get("claimed_by") == moderator_id

    async def release(self, case_id: str, moderator_id: str) -> None:
        await self.c.cases.update_one({"_id": case_id, "claimed_by": moderator_id},
                                      {"$set": {"claimed_by": None, "claimed_until": 0.0}})
        doc = await self.c.cases.find_one({"_id": case_id}, {"claimed_by": 1, "claimed_until": 1})
        if doc is not None:
            await self._show_claim(case_id, doc.get("claimed_by"), doc.get("claimed_until"))

    async def _show_claim(self, case_id: str, holder: str | None, until: float | None) -> None:
        """The row shows who holds the case. (Unmarked: a row that missed a claim only shows an assignee late;
        who may work a case is always the case's own claim.)"""
        await self.c.case_queue.update_one({"_id": case_id, "status": "open"},
                                           {"$set": {"claimed_by": holder, "claimed_until": until}})
