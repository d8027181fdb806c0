"""Cases as moderators work them: the queue, a case's full view, status changes of its reports."""

from __future__ import annotations

from dataclasses import replace

from blocklist.clock import Clock
from blocklist.models import Case, IndexedCase
from blocklist.services.casefile import ACTIVE_REPORT_STATUSES, add_history, refresh, with_report_status
from blocklist.services.changes import Changes
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore

MAX_RETRIES = 8


class CaseService:
    def __init__(self, cases: CaseStore, accounts: AccountStore, changes: Changes, clock: Clock) -> None:
        self.cases = cases
        self.accounts = accounts
        self.changes = changes
        self.clock = clock

    async def publish_open_cases(self) -> None:
        """Tell this process's subscribers every open case (at start: the similar-case index)."""
        batch: list[IndexedCase] = []
        async for case in self.cases.open_cases():
            batch.append(case)
            if len(batch) >= 1000:
                self.changes.publish("case", batch)
                batch = []
        self.changes.publish("case", batch)

    async def current(self, case_ids: list[str]) -> dict[str, Case]:
        """The cases these ids name now, by the id asked for (a merged case answers with the one it went into)."""
        found: dict[str, Case] = {}
        wanted = {case_id: case_id for case_id in set(case_ids)}
        for _ in range(3):  # merges chain rarely, and never in a loop
            cases = {c.id: c for c in await self.cases.get_many(sorted(set(wanted.values())))} if wanted else {}
            follow = {}
            for asked, at in wanted.items():
                case = cases.get(at)
                if case is not None and case.status == "merged" and case.merged_into:
                    follow[asked] = case.merged_into
                elif case is not None:
                    found[asked] = case
            wanted = follow
        return found

    async def sync_report_status(self, case_id: str, report_id: str, status: str, actor: str) -> None:
        """Reflect a report's new status in its case (distinct salons, worst category, priority)."""
        for _ in range(MAX_RETRIES):
            case = await self.cases.get(case_id)
            if case is None:
                return
            now = self.clock()
            changed = with_report_status(case, report_id, status)
            changed = refresh(changed, await self.accounts.trust_of({r.salon_id for r in changed.reports}), now)
            changed = add_history(changed, now, actor, f"report.{status}", report_id=report_id)
            if (changed.status == "open" and not changed.folded
                    and not any(r.status in ACTIVE_REPORT_STATUSES for r in changed.reports)):
                # every report was withdrawn: nothing is left to decide, so the case leaves the open queue
                changed = add_history(replace(changed, status="resolved", priority=0.0, claimed_by=None), now,
                                      "system", "case.closed", reason="every report was withdrawn")
            changed = replace(changed, version=case.version + 1)
            if await self.cases.replace_if_version(changed, case.version):
                await self.changes.record([("case", case_id)], now, published={"case": [changed]})
                return
        raise RuntimeError("the case kept changing; try again")
