"""Data-subject requests (GDPR Arts. 15, 17, 18), handled by admins: export, erase, restrict.

A person is found by the keyed hashes of the email and phone they give (a name alone finds
nobody: too many people share one). Erasure deletes every document about them and leaves a
tombstone of document ids only, so an erasure can be applied again to a database restored from
a backup made before it (`blocklist admin apply-tombstones`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from blocklist.clock import Clock, isoformat
from blocklist.credentials import Pseudonymiser
from blocklist.errors import InvalidRequest
from blocklist.matching import canonical_email, canonical_phone
from blocklist.models import Erased
from blocklist.services.accounts import new_id
from blocklist.services.audit import AuditLog
from blocklist.services.casefile import add_report, refresh
from blocklist.services.changes import Changes
from blocklist.services.index_snapshot import IndexSnapshots
from blocklist.services.moderation import ModerationService
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.reports import ReportStore
from blocklist.storage.subjects import SubjectStore

LOOKUP_PURPOSE = "a salon checked a booking before confirming it"


class SubjectRequests:
    def __init__(self, store: SubjectStore, reports: ReportStore, cases: CaseStore, accounts: AccountStore,
                 moderation: ModerationService, audit: AuditLog, changes: Changes, pseudonymiser: Pseudonymiser,
                 clock: Clock, snapshots: IndexSnapshots) -> None:
        self.store = store
        self.reports = reports
        self.cases = cases
        self.accounts = accounts
        self.moderation = moderation
        self.audit = audit
        self.changes = changes
        self.pseudonymiser = pseudonymiser
        self.clock = clock
        self.snapshots = snapshots

    def keys_of(self, email: str | None, phone: str | None, region: str | None = None) -> list[str]:
        """The person's keyed hashes; a 400 unless at least one identifier is valid."""
        keys = []
        if email:
            canonical = canonical_email(email).canonical
            if canonical:
                keys.append(self.pseudonymiser.key("email", canonical))
        if phone:
            e164 = canonical_phone(phone, region).e164
            if e164:
                keys.append(self.pseudonymiser.key("phone", e164))
        if not keys:
            raise InvalidRequest("give the person's email or phone (in international form); a name alone "
                                 "cannot identify anyone safely",
                                 [{"field": "email" if email else "phone", "problem": "missing or not valid"}])
        return keys

    # ------------------------------------------------------------------ access

    async def export(self, actor: str, email: str | None, phone: str | None) -> dict[str, Any]:
        """Everything held about the person, without the reporting salons' or moderators' identities."""
        keys = self.keys_of(email, phone)
        entries = await self.store.entries(keys)
        reports = await self.store.reports(keys)
        lookups = await self.store.lookups(keys)
        appeals = await self.store.appeals(keys)
        outcomes = await self.store.outcomes(keys)
        await self.audit.append(actor, "subject.exported", "subject", {
            "entries": len(entries), "reports": len(reports), "lookups": len(lookups), "appeals": len(appeals)})
        return {
            "generated_at": isoformat(self.clock()),
            "controller_purpose": "preventing deliberate fake bookings and repeated no-shows at salons",
            "listings": [{
                "identifier": f"{e.kind}: {e.value}", "effect": e.action,
                "applies_to": "every salon" if e.scope == "global" else "one salon", "status": e.status,
                "listed_at": _iso(e.created_at), "ends_at": _iso(e.expires_at),
                "reason": e.note, "lifted_at": _iso(e.lifted_at),
            } for e in entries],
            "reports": [{
                "category": r.category, "received_at": _iso(r.received_at), "status": r.status,
                "as_typed": {k: v for k, v in r.subject.items() if v},
                "booking_starts_at": _iso((r.booking or {}).get("starts_at")),
                "source": "a salon using Blocklist",
            } for r in sorted(reports, key=lambda r: r.received_at)],
            "lookups_that_matched": [{
                "at": _iso(record["at"]), "purpose": LOOKUP_PURPOSE, "answer": record["verdict"],
                "reasons": record.get("reasons", []), "recipient": "a salon using Blocklist",
            } for record in lookups],
            "appeals": [{"received_at": _iso(a.received_at), "status": a.status,
                         "resolved_at": _iso(a.resolved_at)} for a in appeals],
            "booking_outcomes": [{"booked_at": _iso(o["booked_at"]), "outcome": o["outcome"],
                                  "source": "a salon using Blocklist"} for o in outcomes],
        }

    # ------------------------------------------------------------------ restriction

    async def restrict(self, actor: str, email: str | None, phone: str | None, note: str) -> dict[str, Any]:
        """While the person contests, their listings answer `challenge` at most."""
        _require_note(note)
        entries = await self.store.entries(self.keys_of(email, phone))
        changed = await self.moderation.set_disputed(actor, [e.id for e in entries], True, note)
        return {"restricted": len(changed)}

    # ------------------------------------------------------------------ erasure

    async def erase(self, actor: str, email: str | None, phone: str | None, note: str) -> dict[str, Any]:
        """Delete every document about the person; keep a tombstone of ids to re-apply after a restore."""
        _require_note(note)
        keys = self.keys_of(email, phone)
        entries = await self.store.entries(keys)
        reports = await self.store.reports(keys)
        cases = await self.store.cases(keys)
        lookups = await self.store.lookups(keys)
        appeals = await self.store.appeals(keys)
        outcomes = await self.store.outcomes(keys)
        tombstone = {
            "_id": new_id("tmb"), "at": self.clock(),
            "entries": [e.id for e in entries], "reports": [r.id for r in reports],
            "cases": sorted({c.id for c in cases} | {r.case_id for r in reports if r.case_id}),
            "lookups": [record["_id"] for record in lookups], "appeals": [a.id for a in appeals],
            "lookup_buckets": sorted({record["bucket"] for record in lookups}),
            "outcomes": [o["_id"] for o in outcomes],
        }
        # the tombstone first: if the erasure stops halfway, applying the tombstones finishes it
        await self.store.insert_tombstone(tombstone)
        counts = await self._apply(tombstone)
        await self.store.drop_case_keys(keys)
        await self.store.drop_report_postings(keys)
        await self.audit.append(actor, "subject.erased", tombstone["_id"], counts)
        return {"tombstone_id": tombstone["_id"], "erased": counts}

    async def apply_tombstones(self) -> int:
        """Re-apply every erasure (after restoring a backup); returns how many documents went again."""
        again = 0
        for tombstone in await self.store.tombstones():
            counts = await self._apply(tombstone)
            again += sum(counts.values())
        return again

    async def _apply(self, tombstone: dict[str, Any]) -> dict[str, int]:
        counts = {
            "entries": await self.store.delete("entries", tombstone["entries"]),
            "reports": await self.store.delete("reports", tombstone["reports"]),
            "lookups": await self.store.remove_lookups(tombstone.get("lookup_buckets", []), tombstone["lookups"]),
            # the salon portal keeps its lookups under the same ids, with the name as the salon typed it
            "portal_lookups": await self.store.delete("portal_lookups", tombstone["lookups"]),
            "appeals": await self.store.delete("appeals", tombstone["appeals"]),
            "incidents": await self.store.delete_incidents_of(tombstone["reports"]),
            "idempotency_keys": await self.store.delete_idempotency_of(tombstone["reports"]),
            "notices": await self.store.delete_notices_of(tombstone["entries"]),
            "booking_outcomes": await self.store.delete("outcomes", tombstone.get("outcomes", [])),
            "cases": 0,
        }
        await self.reports.drop_postings(tombstone["reports"])  # (after a restore, they came back with the reports)
        for case_id in tombstone["cases"]:
            counts["cases"] += await self._rebuild_case(case_id)
        # snapshots of the lookup index hold the person's keys and name too: they go (the next start writes one)
        await self.snapshots.forget_all()
        self.changes.publish("entry", [Erased(entry_id) for entry_id in tombstone["entries"]])
        self.changes.publish("outcome", [Erased(lookup_id) for lookup_id in tombstone.get("outcomes", [])])
        changed = ([("entry", e) for e in tombstone["entries"]] + [("case", c) for c in tombstone["cases"]]
                   + [("outcome", o) for o in tombstone.get("outcomes", [])])
        await self.changes.record(changed, self.clock())
        return counts

    async def _rebuild_case(self, case_id: str) -> int:
        """Rebuild a case from the reports it still has (1 when something about the person went)."""
        for _ in range(5):
            case = await self.cases.get(case_id)
            if case is None:
                return 0
            remaining = {r.id: r for r in await self.reports.get_many([s.id for s in case.reports])}
            if len(remaining) == len(case.reports) and remaining:
                return 0
            if not remaining:
                await self.cases.drop_keys(list(case.keys), case_id)
                await self.store.delete("cases", [case_id])
                self.changes.publish("case", [Erased(case_id)])
                return 1
            rebuilt = replace(case, reports=(), keys=(), match_keys=(), identifiers=(), names=(), name_packed=(),
                              typed_names=(), similar=(),
                              history=tuple({k: v for k, v in item.items() if k != "identifiers"}
                                            for item in case.history))
            for report in sorted(remaining.values(), key=lambda r: r.received_at):
                rebuilt, _ = add_report(rebuilt, report)
            now = self.clock()
            rebuilt = refresh(rebuilt, await self.accounts.trust_of({r.salon_id for r in rebuilt.reports}), now)
            rebuilt = replace(rebuilt, version=case.version + 1)
            if await self.cases.replace_if_version(rebuilt, case.version):
                await self.cases.drop_keys(sorted(set(case.keys) - set(rebuilt.keys)), case_id)
                self.changes.publish("case", [rebuilt])
                return 1
        return 0


def _require_note(note: str) -> None:
    if not note.strip():
        raise InvalidRequest("say why (the request's reference)", [{"field": "note", "problem": "empty"}])


def _iso(value: Any) -> Any:
    return isoformat(value) if isinstance(value, datetime) else value
