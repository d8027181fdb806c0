"""Pepper rotation: re-key every stored keyed hash under the new pepper, while lookups keep working.

1. Set BLOCKLIST_PEPPER to the new pepper and BLOCKLIST_PEPPER_PREVIOUS to the old one, restart:
   lookups try both, new writes use the new one.
2. `blocklist admin rotate-pepper`: reports and entries are re-keyed from their (sealed) canonical
   identifiers; cases, case keys, appeals and the lookup log follow through the old→new map.
3. Remove BLOCKLIST_PEPPER_PREVIOUS and restart.
Safe to run again (documents already under the new pepper are skipped or mapped to themselves).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.matching import canonical_email, canonical_phone
from blocklist.matching.index import identifier_keys
from blocklist.matching.subject import listing_match_keys
from blocklist.services.audit import AuditLog
from blocklist.services.changes import Changes
from blocklist.services.linking import CaseLinker
from blocklist.storage.rekeying import RekeyStore


class PepperRotation:
    def __init__(self, store: RekeyStore, pseudonymiser: Pseudonymiser, linker: CaseLinker, audit: AuditLog,
                 changes: Changes, clock: Clock) -> None:
        self.store = store
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
        async for report in self.store.reports_not_under(version):
            canonical = report.canonical
            new_exact, new_match, old_exact, old_match = self._keys_for(canonical.get("email"), canonical.get("phone"))
            self._remember(old_exact + old_match, new_exact + new_match)
            if report.personal_data_removed_at:
                new_exact, new_match = [], []
            await self.store.rekey_report(report.id, new_exact, new_match, version)
            counts["reports"] += 1
        changed: list[tuple[str, str]] = []
        async for entry in self.store.entries_not_under(version):
            kind, value = entry.kind, entry.value
            new_exact, new_match, old_exact, old_match = self._keys_for(
                value if kind == "email" else None, value if kind == "phone" else None)
            self._remember(old_exact + old_match, new_exact + new_match)
            # (an email's typo neighbourhood too: the lookup index finds mailboxes one typo away by it)
            await self.store.rekey_entry(entry.id, new_exact[0], listing_match_keys(kind, value, self.new), version)
            changed.append(("entry", entry.id))
            counts["entries"] += 1
        async for case in self.store.cases_not_under(version):
            reports = [replace(r, keys=tuple(self._map(list(r.keys)))) if r.keys is not None else r
                       for r in case.reports]
            await self.store.rekey_case(case.id, self._map(list(case.keys)), self._map(list(case.match_keys)),
                                        self._map(list(case.shared_keys)), reports, version)
            changed.append(("case", case.id))
            counts["cases"] += 1
        counts["merged"] = await self._rename_case_keys()
        async for appeal_id, keys in self.store.appeal_keys_not_under(version):
            await self.store.rekey_appeal(appeal_id, self._map(keys), version)
            counts["appeals"] += 1
        counts["lookups"] = await self.store.rekey_lookups(self._map)
        await self.changes.record(changed, self.clock())
        await self.audit.append("admin:cli", "pepper.rotated", version, counts)
        return counts

    async def _rename_case_keys(self) -> int:
        """Point the new keys at the cases the old ones named; where a report made during the rotation
        already gave a new key to another case, the two cases are merged (they are one person)."""
        merged = 0
        async for old, case_id in self.store.case_keys(list(self.renamed)):
            other = await self.store.rename_case_key(old, self.renamed[old], case_id)
            if other is not None:
                await self._merge(case_id, other)
                merged += 1
        return merged

    async def _merge(self, a: str, b: str) -> Any:
        statuses = await self.store.case_statuses([a, b])
        if statuses.get(a) == "open" and statuses.get(b) == "open":
            return await self.linker.merge([a, b], actor="system")
        return None
