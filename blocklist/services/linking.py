"""Linking reports into cases, in batches.

Every report joins a case. Reports sharing a canonical email or phone (their HMAC keys) with an
open case join it, across salons; a report that bridges two cases merges them into the older one.
Reports arriving together are linked together: one read of the cases they touch, one write of
the reports, one of the cases, one of the audit log and one of the change log per batch, which is
what lets ingestion keep up with hundreds of reports a second.

Order of writes: reports first (so nothing acknowledged is lost), then cases, then the reports'
`linked` flag. A crash in between leaves reports with `linked: false`; `repair()` relinks them.
Another process may link a report with the same key at the same moment; after every batch the
touched keys are checked again and any open cases sharing a key are merged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from blocklist.clock import Clock
from blocklist.services.accounts import new_id
from blocklist.services.audit import AuditLog
from blocklist.services.casefile import add_history, add_report, merge_into, new_case, refresh
from blocklist.services.similar import SimilarCases
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.changes import ChangeLog
from blocklist.storage.reports import ReportStore

log = logging.getLogger(__name__)

MAX_BATCH = 128
MAX_RETRIES = 8


@dataclass
class _Pending:
    report: dict[str, Any]
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


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
                 changes: ChangeLog, similar: SimilarCases, clock: Clock) -> None:
        self.reports = reports
        self.cases = cases
        self.accounts = accounts
        self.audit = audit
        self.changes = changes
        self.similar = similar
        self.clock = clock
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._worker: asyncio.Task | None = None
        # one batch at a time in this process; other processes are reconciled after each batch
        self._lock = asyncio.Lock()

    async def submit(self, report: dict[str, Any]) -> str:
        """Store the report and link it; returns its case id once both are durable."""
        pending = _Pending(report)
        self._queue.put_nowait(pending)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._run())
        return await pending.done

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        while not self._queue.empty():
            pending = self._queue.get_nowait()
            if not pending.done.done():
                pending.done.set_exception(RuntimeError("the service is shutting down"))

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                async with self._lock:
                    await self._link_batch([p.report for p in batch])
            except asyncio.CancelledError:
                for pending in batch:
                    if not pending.done.done():
                        pending.done.set_exception(RuntimeError("the service is shutting down"))
                raise
            except Exception as exc:
                for pending in batch:
                    if not pending.done.done():
                        pending.done.set_exception(exc)
                continue
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_result(pending.report["case_id"])

    async def _link_batch(self, docs: list[dict[str, Any]]) -> None:
        now = self.clock()
        keys = sorted({k for d in docs for k in d["keys"]})
        existing = {c["_id"]: c for c in await self.cases.find_open_by_keys(keys)}
        groups = _group(docs, existing)
        trust = await self._trust({d["salon_id"] for d in docs} | {s for c in existing.values() for s in c["salon_ids"]})
        new_cases: list[dict[str, Any]] = []
        updated: list[tuple[dict[str, Any], int]] = []
        merged: list[tuple[dict[str, Any], int, str]] = []
        events: list[tuple[str, str, str, dict[str, Any]]] = []
        for case_ids, report_indices in groups:
            cases_in = sorted((existing[c] for c in case_ids), key=lambda c: (c["first_report_at"], c["_id"]))
            if cases_in:
                target = cases_in[0]
                updated.append((target, target["version"]))
                for other in cases_in[1:]:
                    merged.append((other, other["version"], target["_id"]))
                    merge_into(target, other)
                    add_history(target, now, "system", "case.merged", other_case_id=other["_id"])
                    events.append(("system", "case.merged", target["_id"], {"merged_case_id": other["_id"]}))
            else:
                target = new_case(new_id("case"), now)
                new_cases.append(target)
            for index in report_indices:
                doc = docs[index]
                doc["case_id"] = target["_id"]
                add_report(target, doc)
                add_history(target, now, f"salon:{doc['salon_id']}", "report.added", report_id=doc["_id"],
                            category=doc["category"])
                events.append((f"salon:{doc['salon_id']}", "report.submitted", doc["_id"],
                               {"case_id": target["_id"], "category": doc["category"]}))
            refresh(target, trust, now)
            target["similar"] = self.similar.find(target)
        await self.reports.insert_many(docs)
        await self.cases.insert_many(new_cases)
        conflicts: list[str] = []
        for case, version in updated:
            case["version"] = version + 1
            if not await self.cases.replace_if_version(case, version):
                conflicts.append(case["_id"])
        for case, version, target_id in merged:
            case.update(status="merged", merged_into=target_id, version=version + 1, updated_at=now)
            if await self.cases.replace_if_version(case, version):
                await self.reports.reassign_cases([case["_id"]], target_id)
        report_ids = [d["_id"] for d in docs]
        if conflicts:
            # a moderator or another process changed one of these cases meanwhile: link those one by one
            for doc in docs:
                if doc["case_id"] in conflicts:
                    doc["case_id"] = await self.relink(doc)
        await self.reports.mark_linked(report_ids)
        await self.audit.append_many(events)
        touched = {d["case_id"] for d in docs} | {c["_id"] for c, _, _ in merged}
        await self.changes.record([("case", c) for c in sorted(touched)] + [("report", r) for r in report_ids], now)
        for case in new_cases + [c for c, _ in updated] + [c for c, _, _ in merged]:
            self.similar.update(case)
        await self.reconcile(keys)

    async def relink(self, doc: dict[str, Any]) -> str:
        """Link one stored report again (after a conflict or a crash); returns its case id."""
        for _ in range(MAX_RETRIES):
            now = self.clock()
            current = await self.reports.get(doc["_id"]) or doc
            candidates = await self.cases.find_open_by_keys(list(current["keys"]))
            owning = [c for c in candidates if any(r["id"] == current["_id"] for r in c["reports"])]
            if owning:
                return owning[0]["_id"]
            trust = await self._trust({current["salon_id"]} | {s for c in candidates for s in c["salon_ids"]})
            if candidates:
                target = min(candidates, key=lambda c: (c["first_report_at"], c["_id"]))
                version = target["version"]
                add_report(target, current)
                add_history(target, now, f"salon:{current['salon_id']}", "report.added", report_id=current["_id"],
                            category=current["category"])
                refresh(target, trust, now)
                target["version"] = version + 1
                if not await self.cases.replace_if_version(target, version):
                    continue
            else:
                existing = await self.cases.get(current["case_id"]) if current.get("case_id") else None
                if existing is not None and existing["status"] == "open":
                    target, version = existing, existing["version"]
                    add_report(target, current)
                    refresh(target, trust, now)
                    target["version"] = version + 1
                    if not await self.cases.replace_if_version(target, version):
                        continue
                else:
                    target = new_case(current.get("case_id") if existing is None and current.get("case_id")
                                      else new_id("case"), now)
                    add_report(target, current)
                    add_history(target, now, f"salon:{current['salon_id']}", "report.added",
                                report_id=current["_id"], category=current["category"])
                    refresh(target, trust, now)
                    await self.cases.insert_many([target])
            await self.reports.move_to_case([current["_id"]], target["_id"])
            await self.changes.record([("case", target["_id"]), ("report", current["_id"])], now)
            self.similar.update(target)
            return target["_id"]
        raise RuntimeError(f"could not link report {doc['_id']} after {MAX_RETRIES} attempts")

    async def reconcile(self, keys: list[str]) -> None:
        """Merge open cases that share a key (two processes linked the same person at once)."""
        if not keys:
            return
        cases = await self.cases.find_open_by_keys(keys)
        if len(cases) < 2:
            return
        union = _UnionFind()
        for case in cases:
            union.find(("c", case["_id"]))
            for key in case["keys"]:
                union.union(("c", case["_id"]), ("k", key))
        groups: dict[Any, list[dict[str, Any]]] = {}
        for case in cases:
            groups.setdefault(union.find(("c", case["_id"])), []).append(case)
        for group in groups.values():
            if len(group) > 1:
                await self.merge([c["_id"] for c in group], actor="system")

    async def merge(self, case_ids: list[str], actor: str) -> dict[str, Any]:
        """Merge open cases into the oldest of them; every report is kept. Returns the merged case."""
        for _ in range(MAX_RETRIES):
            now = self.clock()
            cases = [c for c in await self.cases.get_many(case_ids) if c["status"] == "open"]
            if not cases:
                raise LookupError("none of these cases is open")
            cases.sort(key=lambda c: (c["first_report_at"], c["_id"]))
            target, others = cases[0], cases[1:]
            if not others:
                return target
            version = target["version"]
            trust = await self._trust({s for c in cases for s in c["salon_ids"]})
            for other in others:
                merge_into(target, other)
                add_history(target, now, actor, "case.merged", other_case_id=other["_id"])
            refresh(target, trust, now)
            target["version"] = version + 1
            if not await self.cases.replace_if_version(target, version):
                continue
            for other in others:
                other_version = other["version"]
                other.update(status="merged", merged_into=target["_id"], version=other_version + 1, updated_at=now)
                add_history(other, now, actor, "case.merged_into", target_case_id=target["_id"])
                await self.cases.replace_if_version(other, other_version)
            await self.reports.reassign_cases([o["_id"] for o in others], target["_id"])
            await self.audit.append_many([(actor, "case.merged", target["_id"], {"merged_case_id": o["_id"]})
                                          for o in others])
            await self.changes.record([("case", c["_id"]) for c in cases], now)
            for case in cases:
                self.similar.update(case)
            return target
        raise RuntimeError("the cases kept changing while merging; try again")

    async def repair(self) -> int:
        """Link reports a crash left unlinked; returns how many."""
        repaired = 0
        while True:
            docs = await self.reports.unlinked(200)
            if not docs:
                return repaired
            for doc in docs:
                await self.relink(doc)
            await self.reports.mark_linked([d["_id"] for d in docs])
            repaired += len(docs)

    async def _trust(self, salon_ids: set[str]) -> dict[str, float]:
        salons = await self.accounts.get_salons(sorted(salon_ids))
        return {salon_id: salon.trust for salon_id, salon in salons.items()}


def _group(docs: list[dict[str, Any]], existing: dict[str, dict[str, Any]]) -> list[tuple[list[str], list[int]]]:
    """Connected groups of (existing case ids, batch report indices) through shared keys."""
    union = _UnionFind()
    wanted = {k for d in docs for k in d["keys"]}
    for case_id, case in existing.items():
        union.find(("c", case_id))
        for key in case["keys"]:
            if key in wanted:
                union.union(("c", case_id), ("k", key))
    for index, doc in enumerate(docs):
        union.find(("r", index))
        for key in doc["keys"]:
            union.union(("r", index), ("k", key))
    groups: dict[Any, tuple[list[str], list[int]]] = {}
    for case_id in existing:
        groups.setdefault(union.find(("c", case_id)), ([], []))[0].append(case_id)
    for index in range(len(docs)):
        groups.setdefault(union.find(("r", index)), ([], []))[1].append(index)
    return [g for g in groups.values() if g[1]]
