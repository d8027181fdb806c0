"""Cases as moderators work them: the queue, a case's full view, status changes of its reports."""

from __future__ import annotations

from typing import Any

from blocklist.clock import Clock
from blocklist.services.casefile import ACTIVE_REPORT_STATUSES, add_history, refresh
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
        batch: list[dict[str, Any]] = []
        async for case in self.cases.open_cases():
            batch.append(case)
            if len(batch) >= 1000:
                self.changes.publish("case", batch)
                batch = []
        self.changes.publish("case", batch)

    async def sync_report_status(self, case_id: str, report_id: str, status: str, actor: str) -> None:
        """Reflect a report's new status in its case (distinct salons, worst category, priority)."""
        for _ in range(MAX_RETRIES):
            case = await self.cases.get(case_id)
            if case is None:
                return
            version = case["version"]
            for summary in case["reports"]:
                if summary["id"] == report_id:
                    summary["status"] = status
            now = self.clock()
            refresh(case, await self.accounts.trust_of({r["salon_id"] for r in case["reports"]}), now)
            add_history(case, now, actor, f"report.{status}", report_id=report_id)
            if (case["status"] == "open" and not case.get("folded")
                    and not any(r["status"] in ACTIVE_REPORT_STATUSES for r in case["reports"])):
                # every report was withdrawn: nothing is left to decide, so the case leaves the open queue
                case.update(status="resolved", priority=0.0, claimed_by=None)
                add_history(case, now, "system", "case.closed", reason="every report was withdrawn")
            case["version"] = version + 1
            if await self.cases.replace_if_version(case, version):
                await self.changes.record([("case", case_id)], now, published={"case": [case]})
                return
        raise RuntimeError("the case kept changing; try again")
