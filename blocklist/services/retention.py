"""Retention: personal data is kept only as long as it serves the purpose, then removed.

- A report nobody reviewed is deleted after `pending_days` (90); its case forgets it.
- A dismissed or withdrawn report loses its personal data after `closed_days` (30): what the
  salon typed, the canonical forms, notes and keys go; category and dates stay for statistics.
- A case that is no longer open and has no report with personal data left loses its own copies
  (identifiers, names, keys).
- Listings end at their `expires_at` (a TTL index deletes them; lookups check the time anyway);
  idempotency records go after 24 h and lookup logs after 30 days (TTL indexes).

`run_once` is idempotent and safe in several processes at once; every process runs it hourly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from blocklist.clock import Clock
from blocklist.models import Case
from blocklist.services.audit import AuditLog
from blocklist.services.casefile import ACTIVE_REPORT_STATUSES, add_history, refresh
from blocklist.services.changes import Changes
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.reports import ReportStore

log = logging.getLogger(__name__)

RUN_EVERY_SECONDS = 3600
# a background sweep, not a request: the request time limit does not fit it
ROUND_TIME_LIMIT_SECONDS = 600


@dataclass
class RetentionReport:
    pending_deleted: int = 0
    reports_cleared: int = 0
    cases_cleared: int = 0


class Retention:
    def __init__(self, reports: ReportStore, cases: CaseStore, accounts: AccountStore, audit: AuditLog,
                 changes: Changes, clock: Clock, pending_days: int, closed_days: int) -> None:
        self.reports = reports
        self.cases = cases
        self.accounts = accounts
        self.audit = audit
        self.changes = changes
        self.clock = clock
        self.pending_for = timedelta(days=pending_days)
        self.closed_for = timedelta(days=closed_days)

    async def run_once(self) -> RetentionReport:
        now = self.clock()
        done = RetentionReport()
        touched_cases: set[str] = set()
        written: dict[str, Case] = {}  # the cases as last written, for this process's subscribers
        expired: dict[str, list[str]] = {}  # by case: a case many salons reported is written once, not per report
        for report_id, case_id in await self.reports.pending_received_before(now - self.pending_for):
            if await self.reports.delete_if_status(report_id, "pending"):
                done.pending_deleted += 1
                if case_id:
                    expired.setdefault(case_id, []).append(report_id)
        for case_id, report_ids in expired.items():
            case = await self._forget_reports(case_id, report_ids)
            if case is not None:
                written[case.id] = case
            touched_cases.add(case_id)
        for report_id, case_id in await self.reports.closed_before(now - self.closed_for):
            if await self.reports.clear_personal_data(report_id, now):
                done.reports_cleared += 1
                if case_id:
                    touched_cases.add(case_id)
        for case_id in sorted(touched_cases):
            case = await self._clear_case_if_spent(case_id)
            if case is not None:
                done.cases_cleared += 1
                written[case_id] = case
        if done.pending_deleted or done.reports_cleared or done.cases_cleared:
            await self.audit.append("system", "retention.applied", "retention", {
                "pending_deleted": done.pending_deleted, "reports_cleared": done.reports_cleared,
                "cases_cleared": done.cases_cleared})
            # (this process's lookup index forgets the deleted reports' signals now, the others at their sync)
            await self.changes.record([("case", c) for c in sorted(touched_cases)], now,
                                      published={"case": list(written.values())})
        return done

    async def _forget_reports(self, case_id: str, report_ids: list[str]) -> Case | None:
        """The case without these reports (as written), or None."""
        gone = set(report_ids)
        for _ in range(5):
            case = await self.cases.get(case_id)
            if case is None:
                return None
            now = self.clock()
            changed = replace(case, reports=tuple(r for r in case.reports if r.id not in gone))
            changed = refresh(changed, await self.accounts.trust_of({r.salon_id for r in changed.reports}), now)
            for report_id in report_ids:
                changed = add_history(changed, now, "system", "report.expired_unreviewed", report_id=report_id)
            if changed.status == "open" and not any(r.status in ACTIVE_REPORT_STATUSES for r in changed.reports):
                changed = replace(changed, status="resolved", priority=0.0)  # nothing left to decide
            changed = replace(changed, version=case.version + 1)
            if await self.cases.replace_if_version(changed, case.version):
                return changed
        return None

    async def _clear_case_if_spent(self, case_id: str) -> Case | None:
        """The case without its personal data (as written), or None when it keeps it."""
        for _ in range(5):
            case = await self.cases.get(case_id)
            if case is None or not case.identifiers and not case.names:
                return None
            if case.status == "open" and any(r.status in ACTIVE_REPORT_STATUSES for r in case.reports):
                return None  # still to be decided
            remaining = await self.reports.get_many([r.id for r in case.reports])
            if any(r.personal_data_removed_at is None for r in remaining):
                return None
            cleared = case
            if case.status == "open":
                cleared = add_history(replace(case, status="resolved", priority=0.0), self.clock(), "system",
                                      "case.closed_by_retention")
            decision = cleared.decision
            if decision:
                decision = {**decision, "identifiers": [{"kind": i["kind"], "value": None}
                                                        for i in decision.get("identifiers", [])]}
            cleared = replace(
                cleared, identifiers=(), names=(), name_packed=(), typed_names=(), keys=(), match_keys=(), similar=(),
                shared_keys=(),
                version=case.version + 1, decision=decision,
                history=tuple({k: v for k, v in item.items() if k not in ("identifiers", "keys")}
                              for item in cleared.history),
                reports=tuple(replace(r, keys=None, name_packed=None) for r in cleared.reports))
            if await self.cases.replace_if_version(cleared, case.version):
                await self.cases.drop_keys(list(case.keys), case_id)
                return cleared
        return None

    async def run_round(self) -> None:
        """The hourly round (in the background; a failed one is logged and the next one retries)."""
        result = await self.run_once()
        if result.pending_deleted or result.reports_cleared or result.cases_cleared:
            log.info("retention applied", extra=vars(result))
