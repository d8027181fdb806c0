"""Linking reports into cases, in batches.

Every report joins a case. Reports sharing a canonical email or phone (their HMAC keys) with an
open case join it, across salons; a report that bridges two cases merges them into the older one.
Reports arriving together are linked together: one read of the cases they touch, one write of
the reports, one of the cases, one of the audit log and one of the change log per batch, which is
what lets ingestion keep up with hundreds of reports a second.

Order of writes: a small "linking" record naming the batch's reports, the reports (so nothing
acknowledged is lost), the cases, then the linking record is deleted. A crash in between leaves
the linking record behind; `repair()` relinks its reports.
Each key belongs to one case through `case_keys` (the key is the unique `_id`). Another process
may give a key to another case at the same moment; the unique index makes one of them lose the
claim, and the loser merges the two cases (`_settle`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from blocklist.clock import Clock
from blocklist.models import Case, Report
from blocklist.services.accounts import new_id
from blocklist.services.audit import AuditLog
from blocklist.services.batching import Batcher
from blocklist.services.casefile import (
    add_history,
    add_report,
    merge_into,
    new_case,
    refresh,
)
from blocklist.services.changes import Changes
from blocklist.services.similar import SimilarCases
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.reports import ReportStore

log = logging.getLogger(__name__)

MAX_BATCH = 128
MAX_RETRIES = 8
# an unlinked report younger than this may be a batch still in flight in another process
STALE_UNLINKED = timedelta(seconds=60)


@dataclass(frozen=True)
class DuplicateOf:
    """The answer for a report of an incident the salon has reported already: the report that did."""

    report_id: str


class Unstorable(ValueError):
    """A report holding a value the database cannot store (validation should have refused it)."""

    def __init__(self) -> None:
        super().__init__("the report holds a value that cannot be stored")


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, node: Any) -> Any:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: Any, b: Any) -> None:
        self.parent[self.find(a)] = self.find(b)


class CaseLinker:
    """Queues submitted reports and links them into cases in batches."""

    def __init__(self, reports: ReportStore, cases: CaseStore, accounts: AccountStore, audit: AuditLog,
                 changes: Changes, similar: SimilarCases, clock: Clock,
                 incident_claim_lifetime: timedelta = timedelta(days=90)) -> None:
        self.reports = reports
        self.cases = cases
        self.accounts = accounts
        self.audit = audit
        self.changes = changes
        self.similar = similar
        self.clock = clock
        # how long a salon's report of an incident keeps it from reporting the same incident again (as
        # long as an unreviewed report lives: after that, a report of it is new)
        self.incident_claim_lifetime = incident_claim_lifetime
        self._batcher: Batcher[Report, str | DuplicateOf] = Batcher(self._link, max_batch=MAX_BATCH)
        # one batch at a time in this process; other processes are reconciled after each batch
        self._lock = asyncio.Lock()

    async def submit(self, report: Report) -> str | DuplicateOf:
        """Store the report and link it; returns its case id once both are durable — or, when the salon
        has reported this incident already, which report that was (and nothing is stored)."""
        return await self._batcher.submit(report)

    async def close(self) -> None:
        await self._batcher.close()

    async def _link(self, submitted: list[Report]) -> list[str | DuplicateOf | BaseException]:
        # a document MongoDB cannot take would fail the whole bulk write, and with it other salons'
        # reports: it fails its own request only, before anything of it is written
        reports = [report for report in submitted if self.reports.storable(report)]
        linked: dict[str, str] = {}
        async with self._lock:
            duplicate_of = await self._claim_incidents(reports)
            fresh = [report for i, report in enumerate(reports) if i not in duplicate_of]
            try:
                if fresh:
                    linked = await self._link_batch(fresh)
            except Exception:  # (cancelled at shutdown: the claims go stale instead)
                await self._release_unstored(fresh)
                raise
        answers: dict[str, str | DuplicateOf] = {report.id: DuplicateOf(duplicate_of[i]) if i in duplicate_of
                                                 else linked[report.id] for i, report in enumerate(reports)}
        return [answers.get(report.id, Unstorable()) for report in submitted]

    async def _claim_incidents(self, docs: list[Report]) -> dict[int, str]:
        """Claim every report's incidents; a report whose incident is held by another report (an earlier
        one, or one earlier in this batch) is a duplicate of it: {index in docs: that report's id}."""
        now = self.clock()

        def claim(doc: Report, key: str) -> dict[str, Any]:
            return {"_id": key, "report_id": doc.id, "salon_id": doc.salon_id, "at": now,
                    "expires_at": now + self.incident_claim_lifetime}

        claims = [claim(doc, key) for doc in docs for key in doc.incident_keys]
        taken = await self.reports.claim_incidents(claims)
        if not taken:
            return {}
        owners = await self.reports.incident_owners(sorted(taken))
        in_batch = {doc.id for doc in docs}
        stored = await self.reports.existing_ids(sorted({o["report_id"] for o in owners.values()} - in_batch))
        duplicate_of: dict[int, str] = {}
        position = {doc.id: i for i, doc in enumerate(docs)}
        for i, doc in enumerate(docs):
            for key in doc.incident_keys:
                owner = owners.get(key)
                if key not in taken or owner is None or owner["report_id"] == doc.id:
                    continue
                holder = owner["report_id"]
                if holder not in in_batch and holder not in stored and owner["at"] < now - STALE_UNLINKED:
                    # a claim whose report never got stored (a crash, an outage): this report takes it
                    if await self.reports.take_over_incident(claim(doc, key), holder):
                        continue
                # an earlier duplicate in this batch stands for the report it duplicates
                duplicate_of[i] = duplicate_of.get(position.get(holder, -1), holder)
                break
        for i, holder in duplicate_of.items():
            await self.reports.hand_over_incidents(list(docs[i].incident_keys), docs[i].id, holder)
        return duplicate_of

    async def _release_unstored(self, docs: list[Report]) -> None:
        """After a failed batch, free the incidents of reports that were not stored, so that a retry is
        not taken for a duplicate (best effort: an unreachable database leaves claims that go stale)."""
        try:
            stored = await self.reports.existing_ids([doc.id for doc in docs])
            for doc in docs:
                if doc.id not in stored:
                    await self.reports.release_incidents(doc.id)
        except Exception:  # noqa: BLE001 — the batch's own failure is what the callers hear
            log.warning("could not release the incident claims of a failed batch", exc_info=True)

    async def _link_batch(self, batch: list[Report]) -> dict[str, str]:
        """Store the reports and link them; returns each one's case id."""
        now = self.clock()
        docs = list(batch)  # each replaced by the report as stored (its case, whether it is only counted)
        keys = sorted({k for d in docs for k in d.keys})
        owners = await self.cases.owners(keys)
        owner_cases = await self.cases.get_many(sorted(set(owners.values()))) if owners else []
        existing = {c.id: c for c in owner_cases if c.status == "open"}
        groups = _group(docs, existing)
        trust = await self.accounts.trust_of({d.salon_id for d in docs} | {s for c in existing.values() for s in c.salon_ids})
        new_cases: list[Case] = []
        updated: list[tuple[Case, int]] = []  # as written, with the version each was read at
        merged: list[tuple[Case, int, str]] = []  # merged into another: as read, its version, and where to
        folded: list[str] = []  # reports of merged cases their new case only counts
        events: list[tuple[str, str, str, dict[str, Any]]] = []
        for case_ids, report_indices in groups:
            cases_in = sorted((existing[c] for c in case_ids), key=lambda c: (c.first_report_at, c.id))
            if cases_in:
                target = cases_in[0]
                for other in cases_in[1:]:
                    merged.append((other, other.version, target.id))
                    target, only_counted = merge_into(target, other)
                    folded.extend(only_counted)
                    target = add_history(target, now, "system", "case.merged", other_case_id=other.id)
                    events.append(("system", "case.merged", target.id, {"merged_case_id": other.id}))
            else:
                target = new_case(new_id("case"), now)
            for index in report_indices:
                doc = replace(docs[index], case_id=target.id)
                target, summarised = add_report(target, doc)
                if not summarised:
                    doc = replace(doc, folded=True)
                docs[index] = doc
                target = add_history(target, now, f"salon:{doc.salon_id}", "report.added", report_id=doc.id,
                                     category=doc.category)
                events.append((doc.submitted_by, "report.submitted", doc.id,
                               {"case_id": target.id, "category": doc.category}))
            target = refresh(target, trust, now)
            target = replace(target, similar=tuple(self.similar.find(target)))
            if cases_in:
                updated.append((replace(target, version=cases_in[0].version + 1), cases_in[0].version))
            else:
                new_cases.append(target)
        batch_id = new_id("lnk")
        await self.reports.begin_linking(batch_id, [d.id for d in docs], now)
        await self.reports.insert_many(docs)
        await self.cases.insert_many(new_cases)
        conflicts = await self.cases.replace_many_if_version(updated)
        gone: list[Case] = []
        for case, version, target_id in merged:
            retired = replace(case, status="merged", merged_into=target_id, version=version + 1, updated_at=now)
            gone.append(retired)
            if await self.cases.replace_if_version(retired, version):
                await self.reports.move_to_case([r.id for r in case.reports], target_id)
                await self.reports.move_folded(case.id, target_id)
        await self.reports.mark_folded(folded)
        batch_keys = set(keys)
        merged_keys = {k for c, _, _ in merged for k in c.keys}
        claims, moves = [], {}
        for case in new_cases + [c for c, _ in updated if c.id not in conflicts]:
            for key in case.keys:
                if key in batch_keys and key not in owners:
                    claims.append((key, case.id))
                elif (key in batch_keys and owners[key] != case.id) or key in merged_keys:
                    moves.setdefault(case.id, []).append(key)
        taken = await self.cases.claim_keys(claims)
        for case_id, moved in moves.items():
            await self.cases.move_keys(moved, case_id)
        if conflicts:
            # a moderator or another process changed one of these cases meanwhile: link those one by one
            for index, doc in enumerate(docs):
                if doc.case_id in conflicts:
                    docs[index] = replace(doc, case_id=await self.relink(doc))
        await self.audit.append_many(events)
        touched = {d.case_id for d in docs} | {c.id for c, _, _ in merged}
        await self.changes.record([("case", c) for c in sorted(touched)], now,
                                  published={"case": new_cases + [c for c, _ in updated] + gone})
        await self.reports.end_linking(batch_id)
        if taken:
            await self._settle(taken)
            for index, doc in enumerate(docs):  # the answer names the case the report ended up in
                current = await self.reports.get(doc.id)
                if current is not None:
                    docs[index] = replace(doc, case_id=current.case_id)
        return {doc.id: doc.case_id for doc in docs}  # type: ignore[misc]

    async def _settle(self, taken: list[tuple[str, str]]) -> None:
        """Keys another process gave to another case at the same moment: merge the two cases."""
        owners = await self.cases.owners([key for key, _ in taken])
        for key, ours in taken:
            theirs = owners.get(key)
            if theirs is None or theirs == ours:
                continue
            owner = await self.cases.get(theirs)
            if owner is not None and owner.status == "open":
                await self.merge([ours, theirs], actor="system")
            else:
                await self.cases.move_keys([key], ours)

    async def relink(self, doc: Report) -> str:
        """Link one stored report again (after a conflict or a crash); returns its case id."""
        for _ in range(MAX_RETRIES):
            now = self.clock()
            current = await self.reports.get(doc.id) or doc
            candidates = await self.cases.find_open_by_keys(list(current.keys))
            owning = [c for c in candidates if any(r.id == current.id for r in c.reports)]
            if not owning and current.case_id:
                assigned = await self.cases.get(current.case_id)
                if assigned is not None and any(r.id == current.id for r in assigned.reports):
                    owning = [assigned]
            if owning:
                return owning[0].id
            trust = await self.accounts.trust_of({current.salon_id} | {s for c in candidates for s in c.salon_ids})
            if candidates:
                found = min(candidates, key=lambda c: (c.first_report_at, c.id))
                # (a report counted-only is not found as a member above: after a crash between writing
                # the case and ending the batch, it is counted once more; summaries never double)
                target, summarised = add_report(found, current)
                target = add_history(target, now, f"salon:{current.salon_id}", "report.added", report_id=current.id,
                                     category=current.category)
                target = replace(refresh(target, trust, now), version=found.version + 1)
                if not await self.cases.replace_if_version(target, found.version):
                    continue
                if not summarised:
                    await self.reports.mark_folded([current.id])
            else:
                target, _ = add_report(new_case(new_id("case"), now), current)
                target = add_history(target, now, f"salon:{current.salon_id}", "report.added",
                                     report_id=current.id, category=current.category)
                target = refresh(target, trust, now)
                await self.cases.insert_many([target])
            taken = await self.cases.claim_keys([(k, target.id) for k in current.keys])
            await self.reports.move_to_case([current.id], target.id)
            await self.changes.record([("case", target.id)], now, published={"case": [target]})
            if taken:
                await self._settle(taken)
                settled = await self.reports.get(current.id)
                return settled.case_id if settled and settled.case_id else target.id
            return target.id
        raise RuntimeError(f"could not link report {doc.id} after {MAX_RETRIES} attempts")

    async def merge(self, case_ids: list[str], actor: str) -> Case:
        """Merge open cases into the oldest of them; every report is kept. Returns the merged case."""
        for _ in range(MAX_RETRIES):
            now = self.clock()
            cases = [c for c in await self.cases.get_many(case_ids) if c.status == "open"]
            if not cases:
                raise LookupError("none of these cases is open")
            cases.sort(key=lambda c: (c.first_report_at, c.id))
            found, others = cases[0], cases[1:]
            if not others:
                return found
            trust = await self.accounts.trust_of({s for c in cases for s in c.salon_ids})
            folded = []
            target = found
            for other in others:
                target, only_counted = merge_into(target, other)
                folded.extend(only_counted)
                target = add_history(target, now, actor, "case.merged", other_case_id=other.id)
            target = replace(refresh(target, trust, now), version=found.version + 1)
            if not await self.cases.replace_if_version(target, found.version):
                continue
            retired = []
            for other in others:
                gone = add_history(replace(other, status="merged", merged_into=target.id, version=other.version + 1,
                                           updated_at=now), now, actor, "case.merged_into", target_case_id=target.id)
                retired.append(gone)
                await self.cases.replace_if_version(gone, other.version)
                await self.cases.move_keys(list(other.keys), target.id)
                await self.reports.move_to_case([r.id for r in other.reports], target.id)
                await self.reports.move_folded(other.id, target.id)
            await self.reports.mark_folded(folded)
            await self.audit.append_many([(actor, "case.merged", target.id, {"merged_case_id": o.id})
                                          for o in others])
            await self.changes.record([("case", c.id) for c in cases], now, published={"case": [target] + retired})
            return target
        raise RuntimeError("the cases kept changing while merging; try again")

    async def repair(self) -> int:
        """Link the reports of batches a crash interrupted; returns how many reports were looked at."""
        repaired = 0
        for record in await self.reports.interrupted_linking(self.clock() - STALE_UNLINKED):
            for doc in await self.reports.get_many(record["report_ids"]):
                await self.relink(doc)
                repaired += 1
            await self.reports.end_linking(record["_id"])
        return repaired


def _group(docs: list[Report], existing: dict[str, Case]) -> list[tuple[list[str], list[int]]]:
    """Connected groups of (existing case ids, batch report indices) through shared keys."""
    union = _UnionFind()
    wanted = {k for d in docs for k in d.keys}
    for case_id, case in existing.items():
        union.find(("c", case_id))
        for key in case.keys:
            if key in wanted:
                union.union(("c", case_id), ("k", key))
    for index, doc in enumerate(docs):
        union.find(("r", index))
        for key in doc.keys:
            union.union(("r", index), ("k", key))
    groups: dict[Any, tuple[list[str], list[int]]] = {}
    for case_id in existing:
        groups.setdefault(union.find(("c", case_id)), ([], []))[0].append(case_id)
    for index in range(len(docs)):
        groups.setdefault(union.find(("r", index)), ([], []))[1].append(index)
    return [g for g in groups.values() if g[1]]
